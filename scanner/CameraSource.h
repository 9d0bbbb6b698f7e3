#pragma once

#include "scanner/CameraBackend.h"
#include "scanner/CameraDevices.h"
#include "scanner/FrameSource.h"

#include <QTimer>

namespace lounge::scanner {

/// A live camera, chosen by id (empty = the system default). Reports NoCamera, CameraUnplugged, CameraBusy and
/// PermissionDenied as states, and recovers by itself: on every change of the device list, and by a slow retry
/// for busy/failed cameras. GUI thread; frames come from the backend's thread.
class CameraSource : public FrameSource
{
    Q_OBJECT
public:
    /// Null `devices`/`backend` mean the real QMediaDevices / QCamera.
    explicit CameraSource(QByteArray cameraId = {}, std::unique_ptr<CameraDevices> devices = nullptr,
                          std::unique_ptr<CameraBackend> backend = nullptr, QObject* parent = nullptr);
    ~CameraSource() override;

    void start() override;
    void stop() override;
    SourceKind kind() const override { return SourceKind::Camera; }
    QString name() const override;

    /// The id of the camera in use (empty when none).
    QByteArray activeCameraId() const { return m_activeId; }
    void setRetryInterval(int ms) { m_retry.setInterval(ms); }

private:
    void tryOpen();
    void onDevicesChanged();
    void onFailed(ScannerError error, const QString& detail);

    QByteArray m_wantedId;
    QByteArray m_activeId;
    std::unique_ptr<CameraDevices> m_devices;
    std::unique_ptr<CameraBackend> m_backend;
    QTimer m_retry;
    bool m_running = false;
};

} // namespace lounge::scanner
