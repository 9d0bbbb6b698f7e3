#include "scanner/ImageSource.h"

#include "scanner/ScannerLog.h"

#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QTimer>

namespace lounge::scanner {

Result<ImageSource*> ImageSource::create(const QStringList& paths, QObject* parent)
{
    QStringList files;
    for (const QString& p : paths) {
        const QFileInfo fi(p);
        if (fi.isDir()) {
            const auto entries
                = QDir(p).entryInfoList({"*.png", "*.jpg", "*.jpeg", "*.bmp", "*.webp"}, QDir::Files, QDir::Name);
            for (const QFileInfo& e : entries)
                files << e.filePath();
        } else if (fi.isFile()) {
            files << fi.filePath();
        } else {
            return ScannerFailure {ScannerError::SourceUnreadable, QStringLiteral("not found: %1").arg(p)};
        }
    }
    if (files.isEmpty())
        return ScannerFailure {ScannerError::SourceUnreadable, QStringLiteral("no images in %1").arg(paths.join(", "))};
    return new ImageSource(std::move(files), parent);
}

ImageSource::ImageSource(QStringList files, QObject* parent)
    : FrameSource(parent)
    , m_files(std::move(files))
{ }

QString ImageSource::name() const
{
    return m_current.isEmpty() ? QStringLiteral("images") : m_current;
}

void ImageSource::start()
{
    m_next = 0;
    setState(SourceState::Active);
    // Deliver from the event loop, never from inside start(): callers connect after constructing.
    QTimer::singleShot(0, this, &ImageSource::emitNext);
}

void ImageSource::stop()
{
    m_next = int(m_files.size());
    setState(SourceState::Stopped);
}

void ImageSource::requestFrame()
{
    if (state() == SourceState::Active)
        QTimer::singleShot(0, this, &ImageSource::emitNext);
}

void ImageSource::emitNext()
{
    while (state() == SourceState::Active && m_next < m_files.size()) {
        m_current = m_files.at(m_next++);
        QImageReader reader(m_current);
        reader.setAutoTransform(true);
        QImage image = reader.read();
        if (image.isNull()) {
            qCWarning(lcScanner) << "skipping unreadable image" << m_current << reader.errorString();
            continue;
        }
        Frame f = makeFrame();
        f.image = std::move(image);
        emit frameArrived(f);
        return;
    }
    if (state() == SourceState::Active)
        setState(SourceState::Exhausted);
}

} // namespace lounge::scanner
