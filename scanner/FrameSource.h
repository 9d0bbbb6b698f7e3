#pragma once

#include "scanner/Frame.h"
#include "scanner/ScannerResult.h"

#include <QObject>

namespace lounge::scanner {

/// What a source is doing. The camera faults are distinct states so the kiosk can tell staff what is wrong.
enum class SourceState
{
    Stopped,
    Starting,
    Active,
    Exhausted, ///< a file or folder source delivered its last frame
    NoCamera, ///< no video input present, or not the chosen one
    CameraUnplugged, ///< the active camera went away; recovers when it is back
    CameraBusy, ///< held by another process; retried
    PermissionDenied, ///< the OS refused access; retried when devices change
    Failed, ///< unreadable file, unknown camera error
};

QString sourceStateName(SourceState state);

/// Something that produces frames: camera, video file, images. Lives on the GUI thread.
/// frameArrived may be emitted from a multimedia thread: connect with Qt::DirectConnection and do not block.
class FrameSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual void start() = 0;
    virtual void stop() = 0;
    virtual SourceKind kind() const = 0;
    virtual QString name() const = 0;
    /// Paced sources (still images) wait for requestFrame() after each frame, so none is dropped;
    /// live sources (camera, video) run at their own rate and the decoder drops what it cannot keep up with.
    virtual bool isPaced() const { return false; }
    virtual void requestFrame() { }

    SourceState state() const { return m_state; }

signals:
    void frameArrived(const lounge::scanner::Frame& frame);
    void stateChanged(lounge::scanner::SourceState state);

protected:
    void setState(SourceState state);
    Frame makeFrame() const;

private:
    SourceState m_state = SourceState::Stopped;
};

} // namespace lounge::scanner
