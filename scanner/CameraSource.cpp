#include "scanner/CameraSource.h"

#include "scanner/ScannerLog.h"

namespace lounge::scanner {

CameraSource::CameraSource(QByteArray cameraId, std::unique_ptr<CameraDevices> devices,
                           std::unique_ptr<CameraBackend> backend, QObject* parent)
    : FrameSource(parent)
    , m_wantedId(std::move(cameraId))
    , m_devices(devices ? std::move(devices) : CameraDevices::system())
    , m_backend(backend ? std::move(backend) : CameraBackend::qt())
{
    m_retry.setInterval(2000);
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &CameraSource::tryOpen);
    connect(m_devices.get(), &CameraDevices::videoInputsChanged, this, &CameraSource::onDevicesChanged);
    connect(m_backend.get(), &CameraBackend::activated, this, [this] {
        if (m_running)
            setState(SourceState::Active);
    });
    connect(m_backend.get(), &CameraBackend::failed, this, &CameraSource::onFailed);
    connect(
        m_backend.get(), &CameraBackend::frameArrived, this,
        [this](const QVideoFrame& vf) {
            if (!vf.isValid())
                return;
            Frame f = makeFrame();
            f.video = vf;
            emit frameArrived(f);
        },
        Qt::DirectConnection);
}

CameraSource::~CameraSource()
{
    m_backend->close();
}

QString CameraSource::name() const
{
    return QStringLiteral("camera:") + QString::fromUtf8(m_activeId.isEmpty() ? m_wantedId : m_activeId);
}

void CameraSource::start()
{
    m_running = true;
    tryOpen();
}

void CameraSource::stop()
{
    m_running = false;
    m_retry.stop();
    m_backend->close();
    m_activeId.clear();
    setState(SourceState::Stopped);
}

void CameraSource::tryOpen()
{
    if (!m_running)
        return;
    const QList<CameraInfo> inputs = m_devices->videoInputs();
    QByteArray id;
    for (const CameraInfo& c : inputs) {
        if (m_wantedId.isEmpty() ? (c.isDefault || id.isEmpty()) : c.id == m_wantedId)
            id = c.id;
    }
    if (id.isEmpty()) {
        m_backend->close();
        m_activeId.clear();
        // Keep "unplugged" (more telling for staff) until a device list change brings the camera back.
        if (state() != SourceState::CameraUnplugged)
            setState(SourceState::NoCamera);
        return;
    }
    m_activeId = id;
    setState(SourceState::Starting);
    m_backend->open(id);
}

void CameraSource::onDevicesChanged()
{
    if (!m_running)
        return;
    const QList<CameraInfo> inputs = m_devices->videoInputs();
    const bool activeStillThere
        = std::any_of(inputs.begin(), inputs.end(), [this](const CameraInfo& c) { return c.id == m_activeId; });
    if (!m_activeId.isEmpty() && !activeStillThere) {
        m_backend->close();
        m_activeId.clear();
        setState(SourceState::CameraUnplugged);
    }
    if (state() != SourceState::Active && state() != SourceState::Starting)
        tryOpen();
}

void CameraSource::onFailed(ScannerError error, const QString& detail)
{
    if (!m_running)
        return;
    qCWarning(lcScanner) << "camera" << m_activeId << "failed:" << detail;
    m_backend->close();
    switch (error) {
    case ScannerError::NoCamera:
        m_activeId.clear();
        setState(SourceState::NoCamera);
        return; // wait for videoInputsChanged
    case ScannerError::CameraUnplugged:
        m_activeId.clear();
        setState(SourceState::CameraUnplugged);
        return;
    case ScannerError::CameraBusy:
        setState(SourceState::CameraBusy);
        break;
    case ScannerError::PermissionDenied:
        setState(SourceState::PermissionDenied);
        break;
    default:
        setState(SourceState::Failed);
        break;
    }
    m_retry.start(); // busy and failed cameras often come back without a device list change
}

} // namespace lounge::scanner
