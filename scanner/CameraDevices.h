#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>

namespace lounge::scanner {

struct CameraInfo
{
    QByteArray id;
    QString description;
    bool isDefault = false;
};

/// The list of video inputs and its changes: the seam between CameraSource and QMediaDevices, so tests can plug
/// and unplug cameras. GUI thread.
class CameraDevices : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual QList<CameraInfo> videoInputs() const = 0;

    /// QMediaDevices::videoInputs() and videoInputsChanged.
    static std::unique_ptr<CameraDevices> system();

signals:
    void videoInputsChanged();
};

} // namespace lounge::scanner
