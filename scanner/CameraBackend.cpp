#include "scanner/CameraBackend.h"

#include <QCamera>
#include <QMediaCaptureSession>
#include <QMediaDevices>
#include <QVideoSink>

namespace lounge::scanner {

ScannerError CameraBackend::classify(const QString& message)
{
    const QString m = message.toLower();
    if (m.contains(u"busy") || m.contains(u"in use") || m.contains(u"ebusy"))
        return ScannerError::CameraBusy;
    if (m.contains(u"permission") || m.contains(u"denied") || m.contains(u"not authorized") || m.contains(u"eacces"))
        return ScannerError::PermissionDenied;
    if (m.contains(u"no such device") || m.contains(u"not found") || m.contains(u"disconnected"))
        return ScannerError::CameraUnplugged;
    return ScannerError::CameraFailed;
}

namespace {
class QtCameraBackend : public CameraBackend
{
public:
    QtCameraBackend()
    {
        m_session.setVideoSink(&m_sink);
        connect(&m_sink, &QVideoSink::videoFrameChanged, this, &CameraBackend::frameArrived, Qt::DirectConnection);
    }

    void open(const QByteArray& id) override
    {
        close();
        QCameraDevice device;
        for (const QCameraDevice& d : QMediaDevices::videoInputs())
            if (d.id() == id)
                device = d;
        if (device.isNull()) {
            emit failed(ScannerError::NoCamera, QStringLiteral("no camera %1").arg(QString::fromUtf8(id)));
            return;
        }
        m_camera = std::make_unique<QCamera>(device);
        connect(m_camera.get(), &QCamera::errorOccurred, this,
                [this](QCamera::Error, const QString& message) { emit failed(classify(message), message); });
        connect(m_camera.get(), &QCamera::activeChanged, this, [this](bool active) {
            if (active)
                emit activated();
        });
        m_session.setCamera(m_camera.get());
        m_camera->start();
    }

    void close() override
    {
        m_session.setCamera(nullptr);
        m_camera.reset();
    }

private:
    QMediaCaptureSession m_session;
    QVideoSink m_sink;
    std::unique_ptr<QCamera> m_camera;
};
} // namespace

std::unique_ptr<CameraBackend> CameraBackend::qt()
{
    return std::make_unique<QtCameraBackend>();
}

} // namespace lounge::scanner
