#pragma once

#include "scanner/ScanEvent.h"

#include <QDateTime>
#include <QImage>
#include <QMetaType>
#include <QVideoFrame>

namespace lounge::scanner {

/// One frame handed from a source to the decoder. Implicitly shared payload (QVideoFrame/QImage): cheap to copy,
/// safe to pass across threads. Exactly one of `video` and `image` is set.
struct Frame
{
    QVideoFrame video;
    QImage image;
    qint64 arrivalNs = 0; ///< monotonic (steadyNowNs()) when the source received it
    QDateTime arrivalTime;
    SourceKind kind = SourceKind::Camera;
    QString source;

    bool isNull() const { return !video.isValid() && image.isNull(); }
    QSize size() const { return video.isValid() ? video.size() : image.size(); }
};

/// Monotonic nanoseconds shared by sources, decoder and benchmark.
qint64 steadyNowNs();

} // namespace lounge::scanner

Q_DECLARE_METATYPE(lounge::scanner::Frame)
