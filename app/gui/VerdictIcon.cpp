#include "gui/VerdictIcon.h"

#include "gui/Theme.h"

#include <QPainter>
#include <QPainterPath>

namespace lounge::gui {

VerdictIcon::VerdictIcon(QWidget* parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void VerdictIcon::setTone(app::VerdictTone tone)
{
    m_tone = tone;
    update();
}

void VerdictIcon::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal side = qMin(width(), height());
    const QRectF r((width() - side) / 2, (height() - side) / 2, side, side);
    p.setPen(Qt::NoPen);
    p.setBrush(Qt::white);
    p.drawEllipse(r.adjusted(2, 2, -2, -2));
    QColor ink = Theme::kAccept;
    switch (m_tone) {
    case app::VerdictTone::Accept:
        ink = Theme::kAccept;
        break;
    case app::VerdictTone::Attention:
        ink = QColor(0x92, 0x40, 0x0e);
        break;
    case app::VerdictTone::Reject:
    case app::VerdictTone::NotRecorded:
        ink = Theme::kReject;
        break;
    }
    QPen pen(ink, side * 0.12, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    const auto at = [&](qreal x, qreal y) { return QPointF(r.left() + x * side, r.top() + y * side); };
    switch (m_tone) {
    case app::VerdictTone::Accept: {
        QPainterPath tick;
        tick.moveTo(at(0.27, 0.52));
        tick.lineTo(at(0.44, 0.69));
        tick.lineTo(at(0.74, 0.34));
        p.drawPath(tick);
        break;
    }
    case app::VerdictTone::Attention:
        p.drawLine(at(0.5, 0.24), at(0.5, 0.58));
        p.drawPoint(at(0.5, 0.76));
        break;
    case app::VerdictTone::Reject:
    case app::VerdictTone::NotRecorded:
        p.drawLine(at(0.32, 0.32), at(0.68, 0.68));
        p.drawLine(at(0.68, 0.32), at(0.32, 0.68));
        break;
    }
}

} // namespace lounge::gui
