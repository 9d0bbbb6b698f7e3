#include "scanner/VideoFileSource.h"

#include "scanner/ScannerLog.h"

#include <QFileInfo>
#include <QMediaPlayer>
#include <QVideoSink>

namespace lounge::scanner {

VideoFileSource::VideoFileSource(const QString& path, QObject* parent)
    : FrameSource(parent)
    , m_path(path)
    , m_player(new QMediaPlayer(this))
    , m_sink(new QVideoSink(this))
{
    m_player->setVideoSink(m_sink);
    // Direct: the frame goes to the decoder's mailbox from whatever thread the sink uses; nothing waits.
    connect(
        m_sink, &QVideoSink::videoFrameChanged, this,
        [this](const QVideoFrame& vf) {
            if (!vf.isValid())
                return;
            Frame f = makeFrame();
            f.video = vf;
            emit frameArrived(f);
        },
        Qt::DirectConnection);
    connect(m_player, &QMediaPlayer::mediaStatusChanged, this, [this](QMediaPlayer::MediaStatus status) {
        if (status == QMediaPlayer::EndOfMedia && state() == SourceState::Active) {
            if (m_looping) {
                m_player->setPosition(0);
                m_player->play();
            } else {
                setState(SourceState::Exhausted);
            }
        } else if (status == QMediaPlayer::InvalidMedia) {
            qCWarning(lcScanner) << "cannot play" << m_path;
            setState(SourceState::Failed);
        }
    });
    connect(m_player, &QMediaPlayer::errorOccurred, this, [this](QMediaPlayer::Error, const QString& message) {
        qCWarning(lcScanner) << "video error" << m_path << message;
        setState(SourceState::Failed);
    });
}

VideoFileSource::~VideoFileSource()
{
    m_player->stop();
}

void VideoFileSource::start()
{
    if (!QFileInfo::exists(m_path)) {
        qCWarning(lcScanner) << "no such video" << m_path;
        setState(SourceState::Failed);
        return;
    }
    setState(SourceState::Active);
    m_player->setSource(QUrl::fromLocalFile(QFileInfo(m_path).absoluteFilePath()));
    m_player->play();
}

void VideoFileSource::stop()
{
    m_player->stop();
    setState(SourceState::Stopped);
}

} // namespace lounge::scanner
