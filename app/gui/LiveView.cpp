#include "gui/LiveView.h"

#include "gui/Theme.h"

#include <QPainter>
#include <QPainterPath>
#include <QVideoFrame>

#include <vector>

namespace lounge::gui {

namespace {
constexpr int kMarkVisibleMs = 600;
}

LiveView::LiveView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("liveView"));
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(200, 150);
    m_boxWidth = width();
    m_boxHeight = height();
}

namespace {

inline uchar clampByte(int v)
{
    return uchar(v < 0 ? 0 : (v > 255 ? 255 : v));
}

// BT.601 limited range, integer arithmetic (what a camera's NV12 carries).
inline QRgb yuvToRgb(int y, int u, int v)
{
    const int c = 298 * (y - 16) + 128;
    const int d = u - 128;
    const int e = v - 128;
    return qRgb(clampByte((c + 409 * e) >> 8), clampByte((c - 100 * d - 208 * e) >> 8), clampByte((c + 516 * d) >> 8));
}

// Nearest-neighbour sampling of a planar/semi-planar 4:2:0 frame straight into an RGB32 picture of `out` size:
// only the output's pixels are converted (a 1080p frame previewed at 640x360 converts 1/9 of its pixels).
QImage sampleYuv420(const QVideoFrame& mapped, QVideoFrameFormat::PixelFormat format, const QSize& out)
{
    const int w = mapped.width();
    const int h = mapped.height();
    QImage img(out, QImage::Format_RGB32);
    if (img.isNull()) {
        return {};
    }
    const uchar* yPlane = mapped.bits(0);
    const int yStride = mapped.bytesPerLine(0);
    const bool semiPlanar = format == QVideoFrameFormat::Format_NV12 || format == QVideoFrameFormat::Format_NV21;
    const uchar* uPlane = nullptr;
    const uchar* vPlane = nullptr;
    int cStride = 0;
    if (semiPlanar) {
        const uchar* uv = mapped.bits(1);
        uPlane = format == QVideoFrameFormat::Format_NV12 ? uv : uv + 1;
        vPlane = format == QVideoFrameFormat::Format_NV12 ? uv + 1 : uv;
        cStride = mapped.bytesPerLine(1);
    } else {
        const bool yv12 = format == QVideoFrameFormat::Format_YV12;
        uPlane = mapped.bits(yv12 ? 2 : 1);
        vPlane = mapped.bits(yv12 ? 1 : 2);
        cStride = mapped.bytesPerLine(1);
    }
    std::vector<int> xs(size_t(out.width()));
    std::vector<int> cxs(size_t(out.width()));
    for (int x = 0; x < out.width(); ++x) {
        xs[size_t(x)] = int(qint64(x) * w / out.width());
        cxs[size_t(x)] = semiPlanar ? (xs[size_t(x)] / 2) * 2 : xs[size_t(x)] / 2;
    }
    for (int y = 0; y < out.height(); ++y) {
        const int sy = int(qint64(y) * h / out.height());
        const uchar* yRow = yPlane + qsizetype(sy) * yStride;
        const uchar* uRow = uPlane + qsizetype(sy / 2) * cStride;
        const uchar* vRow = vPlane + qsizetype(sy / 2) * cStride;
        auto* dst = reinterpret_cast<QRgb*>(img.scanLine(y));
        const int* xi = xs.data();
        const int* ci = cxs.data();
        for (int x = 0; x < out.width(); ++x) {
            dst[x] = yuvToRgb(yRow[xi[x]], uRow[ci[x]], vRow[ci[x]]);
        }
    }
    return img;
}

} // namespace

QImage LiveView::previewImage(const scanner::Frame& frame, const QSize& box)
{
    const QSize full = frame.size();
    if (full.isEmpty() || box.isEmpty()) {
        return {};
    }
    const QSize out = full.scaled(box, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
    if (!frame.video.isValid()) {
        return frame.image.scaled(out, Qt::IgnoreAspectRatio, Qt::FastTransformation)
            .convertToFormat(QImage::Format_RGB32);
    }
    const auto format = frame.video.pixelFormat();
    const bool yuv420 = format == QVideoFrameFormat::Format_NV12 || format == QVideoFrameFormat::Format_NV21
        || format == QVideoFrameFormat::Format_YUV420P || format == QVideoFrameFormat::Format_YV12;
    if (yuv420) {
        QVideoFrame mapped = frame.video; // shared payload; mapping a copy leaves the decoder's handle alone
        if (mapped.map(QVideoFrame::ReadOnly)) {
            QImage img = sampleYuv420(mapped, format, out);
            mapped.unmap();
            return img;
        }
    }
    return frame.video.toImage().scaled(out, Qt::IgnoreAspectRatio, Qt::FastTransformation);
}

void LiveView::offerFrame(const scanner::Frame& frame)
{
    if (m_pending.load()) {
        ++m_dropped; // the GUI thread has not painted the last preview yet: never queue, never convert
        return;
    }
    // At most kMaxPreviewFps by the source's arrival times (issue 16): every conversion runs on the source's thread
    // at normal priority, competing with the GUI thread, the decoder's plain pass and the store worker for the CPU;
    // a 30 fps camera's preview at 15 fps halves that and still looks live for aiming.
    const qint64 last = m_lastConvertedArrivalNs.load();
    if (frame.arrivalNs > 0 && last > 0 && frame.arrivalNs > last && frame.arrivalNs - last < kMinPreviewIntervalNs) {
        ++m_dropped;
        return;
    }
    QImage preview = previewImage(frame, QSize(m_boxWidth.load(), m_boxHeight.load()));
    if (preview.isNull()) {
        return;
    }
    ++m_converted;
    m_lastConvertedArrivalNs = frame.arrivalNs;
    {
        QMutexLocker lock(&m_mutex);
        m_preview = std::move(preview);
        m_previewSource = frame.size();
    }
    if (!m_pending.exchange(true)) {
        QMetaObject::invokeMethod(this, qOverload<>(&QWidget::update), Qt::QueuedConnection);
    }
}

QSize LiveView::lastPreviewSize() const
{
    QMutexLocker lock(&m_mutex);
    return m_preview.size();
}

void LiveView::resizeEvent(QResizeEvent* event)
{
    m_boxWidth = width();
    m_boxHeight = height();
    QWidget::resizeEvent(event);
}

void LiveView::showDetections(const scanner::DecodedFrame& decoded)
{
    if (decoded.detections.isEmpty()) {
        return;
    }
    m_marks.clear();
    for (const auto& d : decoded.detections) {
        m_marks.append(d.corners);
    }
    m_markFrameSize = decoded.size;
    m_markAge.start();
    update();
    QMetaObject::invokeMethod(this, qOverload<>(&QWidget::update), Qt::QueuedConnection);
}

void LiveView::setPlaceholder(const QString& text)
{
    m_placeholder = text;
    update();
}

QRectF LiveView::targetRect(const QSize& frameSize) const
{
    if (frameSize.isEmpty()) {
        return rect();
    }
    QSizeF s = frameSize;
    s.scale(size(), Qt::KeepAspectRatio);
    return QRectF(QPointF((width() - s.width()) / 2, (height() - s.height()) / 2), s);
}

void LiveView::paintEvent(QPaintEvent*)
{
    QImage preview;
    QSize source;
    bool fresh = false;
    {
        QMutexLocker lock(&m_mutex);
        preview = m_preview;
        source = m_previewSource;
        fresh = m_pending.exchange(false);
    }
    QPainter p(this);
    p.fillRect(rect(), Qt::black);
    p.setRenderHint(QPainter::Antialiasing);
    if (!preview.isNull()) {
        // Made at this widget's size on the source thread: a plain blit. After a resize, until the next frame, the
        // old preview is stretched once per paint (small, and only until a frame arrives).
        if (source.scaled(size(), Qt::KeepAspectRatio) == preview.size()) {
            p.drawImage(QPoint((width() - preview.width()) / 2, (height() - preview.height()) / 2), preview);
        } else {
            p.drawImage(targetRect(source), preview);
        }
        if (fresh) {
            ++m_painted;
        }
    } else if (!m_placeholder.isEmpty()) {
        p.setPen(Theme::kMuted);
        QFont f = font();
        f.setPixelSize(qMax(18, height() / 18));
        p.setFont(f);
        p.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
    }

    // Aiming guide: four corner brackets around the centre square.
    const qreal side = qMin(width(), height()) * 0.62;
    const QRectF guide((width() - side) / 2, (height() - side) / 2, side, side);
    const qreal arm = side * 0.18;
    p.setPen(QPen(QColor(255, 255, 255, 220), qMax(4.0, side / 70), Qt::SolidLine, Qt::RoundCap));
    const QPointF c[4] = {guide.topLeft(), guide.topRight(), guide.bottomRight(), guide.bottomLeft()};
    const QPointF dx(arm, 0), dy(0, arm);
    p.drawPolyline(QList<QPointF> {c[0] + dy, c[0], c[0] + dx});
    p.drawPolyline(QList<QPointF> {c[1] - dx, c[1], c[1] + dy});
    p.drawPolyline(QList<QPointF> {c[2] - dy, c[2], c[2] - dx});
    p.drawPolyline(QList<QPointF> {c[3] + dx, c[3], c[3] - dy});

    // Marker on the detected code, mapped from frame pixels to the painted picture.
    if (!m_marks.isEmpty() && m_markAge.isValid() && m_markAge.elapsed() < kMarkVisibleMs
        && !m_markFrameSize.isEmpty()) {
        const QRectF t = targetRect(m_markFrameSize);
        const qreal sx = t.width() / m_markFrameSize.width();
        const qreal sy = t.height() / m_markFrameSize.height();
        p.setPen(QPen(QColor(0x22, 0xc5, 0x5e), 6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(QColor(0x22, 0xc5, 0x5e, 60));
        for (const auto& q : m_marks) {
            QPolygonF poly;
            for (const auto& pt : q) {
                poly << QPointF(t.left() + pt.x() * sx, t.top() + pt.y() * sy);
            }
            p.drawPolygon(poly);
        }
    }
}

} // namespace lounge::gui
