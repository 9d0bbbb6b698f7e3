#pragma once

#include "scanner/FrameSource.h"

#include <QUrl>

class QMediaPlayer;
class QVideoSink;

namespace lounge::scanner {

/// A video file played through QMediaPlayer into a QVideoSink (no window needed; works offscreen).
/// For demos, kiosks without a camera, and pipeline tests. Frames arrive on the sink's thread. GUI thread object.
class VideoFileSource : public FrameSource
{
    Q_OBJECT
public:
    explicit VideoFileSource(const QString& path, QObject* parent = nullptr);
    ~VideoFileSource() override;

    void start() override;
    void stop() override;
    SourceKind kind() const override { return SourceKind::VideoFile; }
    QString name() const override { return m_path; }

    /// Restart at the end instead of becoming Exhausted (kiosk demo loop).
    void setLooping(bool looping) { m_looping = looping; }

private:
    QString m_path;
    QMediaPlayer* m_player = nullptr;
    QVideoSink* m_sink = nullptr;
    bool m_looping = false;
};

} // namespace lounge::scanner
