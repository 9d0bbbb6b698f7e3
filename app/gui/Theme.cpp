#include "gui/Theme.h"

#include <QEvent>
#include <QLabel>
#include <QPushButton>
#include <QtGlobal>

namespace lounge::gui::Theme {

double scaleFor(int height)
{
    return qBound(1.0, height / 600.0, 1.8);
}

int px(double base, double scale)
{
    return qRound(base * scale);
}

namespace {

class TextWidthKeeper : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        switch (event->type()) {
        case QEvent::Polish:
        case QEvent::StyleChange:
        case QEvent::FontChange:
        case QEvent::LanguageChange:
        case QEvent::Show:
            // After the style sheet has set its minimum (polish runs before these reach the button).
            if (auto* b = qobject_cast<QPushButton*>(watched)) {
                b->setMinimumWidth(b->sizeHint().width());
            }
            break;
        default:
            break;
        }
        return false;
    }
};

class WrappedHeightKeeper : public QObject
{
public:
    using QObject::QObject;

    static void fit(QLabel* label)
    {
        const int needed
            = label->isVisible() && label->width() > 0 ? qMax(0, label->heightForWidth(label->width())) : 0;
        if (label->minimumHeight() != needed) {
            label->setMinimumHeight(needed);
        }
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        const auto type = event->type();
        if (auto* label = qobject_cast<QLabel*>(watched); label && (type == QEvent::Resize || type == QEvent::Show)) {
            fit(label);
        } else if (type == QEvent::LayoutRequest) {
            // Before the parent lays out: a changed text measured at the width the label has now.
            for (QObject* child : watched->children()) {
                if (auto* l = qobject_cast<QLabel*>(child); l && l->property("keepsWrappedTextWhole").toBool()) {
                    fit(l);
                }
            }
        }
        return false;
    }
};

} // namespace

void keepWrappedTextWhole(QLabel* label)
{
    static auto* keeper = new WrappedHeightKeeper;
    if (!label->property("keepsWrappedTextWhole").toBool()) {
        label->setProperty("keepsWrappedTextWhole", true);
        label->installEventFilter(keeper);
        if (QWidget* parent = label->parentWidget()) {
            parent->installEventFilter(keeper); // installing twice keeps one filter
        }
    }
    WrappedHeightKeeper::fit(label);
}

void keepTextWhole(QPushButton* button)
{
    static auto* keeper = new TextWidthKeeper;
    if (!button->property("keepsTextWhole").toBool()) {
        button->setProperty("keepsTextWhole", true);
        button->installEventFilter(keeper);
    }
    button->setMinimumWidth(button->sizeHint().width());
}

QString styleSheet(double s)
{
    // Touch targets stay >= 48 px at every scale; type is large and high-contrast.
    return QStringLiteral(R"(
QWidget { background: #0f172a; color: #f8fafc; font-size: %1px; }
QLabel { background: transparent; }
QLabel[role="title"] { font-size: %2px; font-weight: 700; }
QLabel[role="hint"] { color: #cbd5e1; font-size: %3px; }
QLabel[role="error"] { color: #fecaca; font-size: %3px; font-weight: 600; }
QPushButton { background: #334155; color: #f8fafc; border: 2px solid #64748b; border-radius: 10px;
              min-height: %4px; min-width: %4px; padding: 4px 16px; font-size: %1px; font-weight: 600; }
QPushButton:pressed { background: #475569; }
QPushButton:disabled { color: #64748b; border-color: #334155; }
QPushButton[role="primary"] { background: #2563eb; border-color: #93c5fd; }
QPushButton[role="danger"] { background: #b91c1c; border-color: #fecaca; }
QPushButton[role="key"] { font-size: %2px; min-height: %5px; }
QLineEdit, QComboBox, QSpinBox { background: #1e293b; color: #f8fafc; border: 2px solid #64748b; border-radius: 8px;
              min-height: %4px; padding: 2px 10px; font-size: %1px; }
QCheckBox { min-height: %4px; }
QCheckBox::indicator { width: %6px; height: %6px; }
QSpinBox::up-button, QSpinBox::down-button { width: %6px; }
QTableView { background: #1e293b; alternate-background-color: #243247; gridline-color: #334155;
             selection-background-color: #2563eb; font-size: %3px; }
QHeaderView::section { background: #334155; color: #f8fafc; padding: 6px; border: none; font-size: %3px; }
QProgressBar { border: 2px solid #64748b; border-radius: 8px; text-align: center; min-height: %6px; }
QProgressBar::chunk { background: #2563eb; }
#statusBar { background: #020617; }
#statusBar QLabel { font-size: %3px; }
)")
        .arg(px(22, s))
        .arg(px(32, s))
        .arg(px(18, s))
        .arg(qMax(48, px(56, s)))
        .arg(qMax(48, px(64, s)))
        .arg(qMax(32, px(32, s)));
}

} // namespace lounge::gui::Theme
