#include "gui/LiveView.h"

#include "gui/Theme.h"

#include <QPainter>
#include <QPainterPath>
#include <QVideoFrame>

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
}

void LiveView::offerFrame(const scanner::Frame& frame)
{
    {
        QMutexLocker lock(&m_mutex);
        m_latest = frame;
    }
    if (!m_updateQueued.exchange(true)) {
        QMetaObject::invokeMethod(this, qOverload<>(&QWidget::update), Qt::QueuedConnection);
    }
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
    m_updateQueued = false;
    scanner::Frame frame;
    {
        QMutexLocker lock(&m_mutex);
        frame = m_latest;
    }
    QPainter p(this);
    p.fillRect(rect(), Qt::black);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF target = targetRect(frame.size());
    if (frame.video.isValid()) {
        QVideoFrame::PaintOptions options;
        frame.video.paint(&p, target, options);
        ++m_painted;
    } else if (!frame.image.isNull()) {
        p.drawImage(target, frame.image);
        ++m_painted;
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
