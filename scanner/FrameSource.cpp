#include "scanner/FrameSource.h"

#include "scanner/ScannerLog.h"

#include <chrono>

namespace lounge::scanner {

qint64 steadyNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

QString sourceStateName(SourceState state)
{
    switch (state) {
    case SourceState::Stopped:
        return QStringLiteral("stopped");
    case SourceState::Starting:
        return QStringLiteral("starting");
    case SourceState::Active:
        return QStringLiteral("active");
    case SourceState::Exhausted:
        return QStringLiteral("exhausted");
    case SourceState::NoCamera:
        return QStringLiteral("no-camera");
    case SourceState::CameraUnplugged:
        return QStringLiteral("camera-unplugged");
    case SourceState::CameraBusy:
        return QStringLiteral("camera-busy");
    case SourceState::PermissionDenied:
        return QStringLiteral("permission-denied");
    case SourceState::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

void FrameSource::setState(SourceState state)
{
    if (state == m_state)
        return;
    m_state = state;
    qCInfo(lcScanner) << name() << "state" << sourceStateName(state);
    emit stateChanged(state);
}

Frame FrameSource::makeFrame() const
{
    Frame f;
    f.arrivalNs = steadyNowNs();
    f.arrivalTime = QDateTime::currentDateTimeUtc();
    f.kind = kind();
    f.source = name();
    return f;
}

} // namespace lounge::scanner
