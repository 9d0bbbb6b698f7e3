#pragma once

#include "scanner/ScannerResult.h"

#include <QObject>
#include <QVideoFrame>

#include <memory>

namespace lounge::scanner {

/// Opens one camera by id and delivers its frames: the seam between CameraSource and QCamera. GUI thread object;
/// frameArrived may come from a multimedia thread (connect directly, do not block).
class CameraBackend : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual void open(const QByteArray& id) = 0;
    virtual void close() = 0;

    /// QCamera + QMediaCaptureSession -> QVideoSink.
    static std::unique_ptr<CameraBackend> qt();

    /// Classifies a camera error message (Qt 6.4 reports only QCamera::CameraError plus text).
    static ScannerError classify(const QString& message);

signals:
    void activated();
    void failed(lounge::scanner::ScannerError error, const QString& detail);
    void frameArrived(const QVideoFrame& frame);
};

} // namespace lounge::scanner
