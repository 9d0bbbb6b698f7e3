#include "gui/VerdictScreen.h"

#include "controller/KioskController.h"
#include "gui/PaidEntryPanel.h"
#include "gui/ReasonText.h"
#include "gui/Theme.h"
#include "gui/VerdictIcon.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace lounge::gui {

using app::VerdictTone;

namespace {

/// QWidget::setStyleSheet re-polishes the widget and all its children even when the sheet is the same, and each
/// verdict set ten of them (issue 16: a fifth of the GUI thread's work between a verdict's answer and its paint).
/// A verdict's sheets only change with its tone or the screen's scale.
void setStyleSheetIfChanged(QWidget* w, const QString& sheet)
{
    if (w->styleSheet() != sheet) {
        w->setStyleSheet(sheet);
    }
}

/// The screen's one style sheet, the same for every tone: a tone change (ACCEPT green after an ATTENTION amber) used
/// to set a new sheet on the screen, which re-polished it and all its children (issue 16: ~5 M instructions between
/// the answer and the green paint). Now the background is painted from m_bg and the labels' dark text (ATTENTION's)
/// is one property of the screen, so a tone change re-polishes nothing, or only the labels when their colour changes.
const QString& verdictScreenSheet()
{
    static const QString sheet = QStringLiteral("#verdictScreen QLabel { color: #ffffff; } "
                                                "#verdictScreen[darkText=\"true\"] QLabel { color: #111827; }");
    return sheet;
}

} // namespace

VerdictScreen::VerdictScreen(app::KioskController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("verdictScreen"));
    setProperty("darkText", false);
    setStyleSheet(verdictScreenSheet()); // paintEvent() paints the tone's background
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(32, 20, 32, 20);
    outer->setSpacing(8);

    auto* head = new QHBoxLayout;
    head->setSpacing(24);
    m_icon = new VerdictIcon(this);
    m_icon->setObjectName(QStringLiteral("verdictIcon"));
    m_word = new QLabel(this);
    m_word->setObjectName(QStringLiteral("verdictWord"));
    head->addStretch(1);
    head->addWidget(m_icon);
    head->addWidget(m_word);
    head->addStretch(1);
    outer->addLayout(head);

    auto label = [&](const char* name) {
        auto* l = new QLabel(this);
        l->setObjectName(QLatin1String(name));
        l->setAlignment(Qt::AlignCenter);
        l->setWordWrap(true);
        outer->addWidget(l);
        return l;
    };
    m_holder = label("verdictHolder");
    m_program = label("verdictProgram");
    m_flight = label("verdictFlight");
    m_balances = label("verdictBalances");
    m_reason = label("verdictReason");
    m_next = label("verdictNextStep");
    m_offline = label("verdictOffline");
    m_paidEntry = new PaidEntryPanel(controller, this);
    outer->addWidget(m_paidEntry);
    outer->addStretch(1);

    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(16);
    m_admitAnyway = new QPushButton(this);
    m_admitAnyway->setObjectName(QStringLiteral("admitAnywayButton"));
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(QStringLiteral("cancelVerdictButton"));
    m_done = new QPushButton(this);
    m_done->setObjectName(QStringLiteral("verdictDoneButton"));
    for (auto* b : {m_admitAnyway, m_cancel, m_done}) {
        b->setMinimumHeight(72);
        b->setStyleSheet(QStringLiteral("background: rgba(0,0,0,0.35); border: 3px solid white; color: white;"));
        buttons->addWidget(b, 1);
    }
    outer->addLayout(buttons);

    connect(m_admitAnyway, &QPushButton::clicked, controller, &app::KioskController::admitAnyway);
    connect(m_cancel, &QPushButton::clicked, controller, &app::KioskController::returnToReady);
    connect(m_done, &QPushButton::clicked, controller, &app::KioskController::returnToReady);
    connect(controller, &app::KioskController::verdictChanged, this, &VerdictScreen::refresh);
    m_spin = new QTimer(this);
    m_spin->setInterval(120);
    connect(m_spin, &QTimer::timeout, this, [this] {
        ++m_spinFrame;
        updateBusy();
    });
    connect(controller, &app::KioskController::busyChanged, this, &VerdictScreen::updateBusy);
}

void VerdictScreen::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        refresh();
    }
    QWidget::changeEvent(event);
}

void VerdictScreen::paintEvent(QPaintEvent* event)
{
    if (m_background.isValid()) {
        QPainter(this).fillRect(rect(), m_background);
    }
    QWidget::paintEvent(event);
    if (m_paints++ == 0) {
        emit verdictPainted(m_controller->verdict().arrivalNs);
    }
}

void VerdictScreen::refresh()
{
    const auto& v = m_controller->verdict();
    const auto& d = v.decision;
    switch (v.tone) {
    case VerdictTone::Accept:
        m_background = Theme::kAccept;
        break;
    case VerdictTone::Attention:
        m_background = Theme::kAttention;
        break;
    case VerdictTone::Reject:
        m_background = Theme::kReject;
        break;
    case VerdictTone::NotRecorded:
        m_background = QColor(0x7f, 0x1d, 0x1d);
        break;
    }
    setDarkText(v.tone == VerdictTone::Attention);
    m_icon->setTone(v.tone);
    m_word->setText(ReasonText::verdictWord(v.tone));

    m_holder->setText(d.holderName);
    m_holder->setVisible(!d.holderName.isEmpty());
    QStringList program;
    if (!d.programName.isEmpty()) {
        program << d.programName;
    }
    if (!d.module.isEmpty()) {
        program << ReasonText::module(d.module);
    }
    if (v.tone == VerdictTone::Accept && d.recorded) {
        program << tr("Party of %Ln", nullptr, d.partySize);
    }
    if (d.booking) {
        program << ReasonText::booking(*d.booking); // the flight waits for the boarding-pass check (issue 14 §1-3)
    }
    m_program->setText(program.join(QStringLiteral("  ·  ")));
    m_program->setVisible(!program.isEmpty());

    // The boarding pass (issue 14 §3): its flight when a leg matched this lounge, and both names when they differ.
    QStringList flight;
    if (d.boardingPass) {
        const auto& bp = *d.boardingPass;
        if (!bp.flight.carrier.isEmpty()) {
            flight << ReasonText::flight(bp.flight);
        }
        if (!bp.nameMatches || d.reason == core::Reason::NameMismatch) {
            flight << tr("Boarding pass: %1 — pass: %2").arg(bp.printedName, bp.expectedName);
        }
    }
    for (int i = 0; i < d.guestBoardingPasses.size(); ++i) {
        const auto& g = d.guestBoardingPasses.at(i);
        const QString what = g.reason == core::Reason::Ok || g.flight.carrier.isEmpty()
            ? (g.flight.carrier.isEmpty() ? ReasonText::reason(g.reason) : ReasonText::flight(g.flight))
            : ReasonText::flight(g.flight) + QStringLiteral(" — ") + ReasonText::reason(g.reason);
        flight << tr("Guest %1: %2").arg(QLocale().toString(i + 1), what);
    }
    m_flight->setText(flight.join(QLatin1Char('\n')));
    m_flight->setVisible(!flight.isEmpty());

    QStringList balances;
    for (const auto& b : d.balances) {
        if (!b.unlimited && b.allowance == 0 && b.thisVisit == 0) {
            continue; // a pool this pass does not have
        }
        balances << (b.unlimited ? tr("%1: unlimited").arg(ReasonText::pool(b.pool))
                                 : tr("%1: %2 of %3 left")
                                       .arg(ReasonText::pool(b.pool), QLocale().toString(b.remaining),
                                            QLocale().toString(b.allowance)));
    }
    if (d.guestsAllowed > 0 && v.tone != VerdictTone::Accept) {
        balances << tr("Guests allowed: %1").arg(QLocale().toString(d.guestsAllowed));
    }
    m_balances->setText(balances.join(QStringLiteral("   ")));
    m_balances->setVisible(!balances.isEmpty());

    QString reason;
    QString next;
    switch (v.tone) {
    case VerdictTone::Accept:
        reason = d.reason == core::Reason::Ok ? QString() : ReasonText::reason(d.reason);
        break;
    case VerdictTone::Attention:
    case VerdictTone::Reject:
        reason = ReasonText::reason(d.reason);
        if (d.reason == core::Reason::RecentlyUsed && d.lastVisit) {
            const auto& me = m_controller->staff(); // the desk's own staff by name
            reason = ReasonText::recentUse(*d.lastVisit, d.at,
                                           me && me->id == d.lastVisit->staffId ? me->name : QString());
        }
        next = ReasonText::nextStep(d.reason);
        break;
    case VerdictTone::NotRecorded:
        reason = v.error ? ReasonText::storeError(*v.error) : ReasonText::reason(core::Reason::StoreUnavailable);
        next = tr("The visit was not recorded. Do not admit. Call a supervisor.");
        break;
    }
    m_reason->setText(reason);
    m_reason->setVisible(!reason.isEmpty());
    m_next->setText(next);
    m_next->setVisible(!next.isEmpty());
    m_offline->setText(tr("Decided offline: central did not answer in time. The visit uploads later."));
    m_offline->setVisible(v.decidedOffline && v.tone != VerdictTone::NotRecorded);

    m_admitAnyway->setText(tr("Admit anyway"));
    m_cancel->setText(tr("Cancel"));
    m_done->setText(v.tone == VerdictTone::Accept ? tr("Next guest") : tr("OK"));
    m_admitAnyway->setVisible(v.canAdmitAnyway);
    m_cancel->setVisible(v.canAdmitAnyway);
    m_done->setVisible(!v.canAdmitAnyway);
    updateBusy();
    m_paidEntry->refresh();
    fitLayout(); // the lines' sizes for this verdict's texts, once they and the paid-entry panel are known
    m_paints = 0;
    update();
}

void VerdictScreen::setDarkText(bool dark)
{
    if (property("darkText").toBool() == dark) {
        return;
    }
    setProperty("darkText", dark);
    // A property selector is matched when a widget is polished: re-polish the labels (the only widgets the rule
    // colours), not the whole screen as setStyleSheet() would.
    for (auto* label : findChildren<QLabel*>()) {
        label->style()->unpolish(label);
        label->style()->polish(label);
    }
}

void VerdictScreen::updateBusy()
{
    // "Admit anyway" is being recorded (online-first: central may take seconds): show it, and take no second tap.
    const bool busy = m_controller->isBusy();
    if (busy && m_controller->verdict().canAdmitAnyway) {
        static const QString kFrames[]
            = {QStringLiteral("◐"), QStringLiteral("◓"), QStringLiteral("◑"), QStringLiteral("◒")};
        m_admitAnyway->setText(kFrames[m_spinFrame % 4] + QLatin1Char(' ') + tr("Checking…"));
        if (!m_spin->isActive()) {
            m_spin->start();
        }
    } else {
        m_spin->stop();
        m_admitAnyway->setText(tr("Admit anyway"));
    }
    m_admitAnyway->setEnabled(!busy);
    m_cancel->setEnabled(!busy);
    m_done->setEnabled(!busy);
}

void VerdictScreen::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    fitLayout();
}

void VerdictScreen::fitLayout()
{
    const double s = Theme::scaleFor(window() ? window()->height() : 600);
    auto* outer = static_cast<QBoxLayout*>(layout());
    // The box the verdict is laid out in: the screen's own, or while it is hidden (a verdict is refreshed before
    // its screen is shown) the room the window's screen stack will give it, not a hidden screen's stale size.
    const QSize box = isVisible() || !parentWidget() ? size() : parentWidget()->contentsRect().size();
    // A verdict with a boarding pass has more lines: on a small screen the spacing gives way first.
    const int spacing = box.height() < 560 ? 2 : 8;
    if (outer->spacing() != spacing) {
        outer->setSpacing(spacing); // invalidates the layout even when unchanged
    }
    const QMargins margins = outer->contentsMargins();
    const int textWidth = box.width() - margins.left() - margins.right();

    // Each line at a size, in the order in which they yield room (the counts line first, the reason line last).
    struct Line
    {
        QLabel* label;
        int design;
        int floor;
        QFont::Weight weight;
        bool italic;
        int size = 0;
        int height = 0;
    };
    Line lines[] = {
        {m_balances, Theme::px(24, s), Theme::px(16, s), QFont::Normal, false},
        {m_flight, Theme::px(20, s), Theme::px(16, s), QFont::Normal, false},
        {m_program, Theme::px(24, s), Theme::px(18, s), QFont::Normal, false},
        {m_offline, Theme::px(22, s), Theme::px(16, s), QFont::Normal, true},
        {m_next, Theme::px(24, s), Theme::px(18, s), QFont::Normal, false},
        {m_holder, Theme::px(40, s), Theme::px(26, s), QFont::Bold, false},
        {m_reason, Theme::px(32, s), Theme::px(22, s), QFont::Bold, false},
    };
    constexpr int kHolder = 5;
    constexpr int kReason = 6;
    // The height of a line's whole text, word-wrapped at the screen's width (as QLabel measures it; the fallback
    // fonts of Arabic and Chinese included, as the shaping picks them).
    auto measure = [&](Line& line) {
        line.height = 0;
        if (line.label->isHidden() || line.label->text().isEmpty() || textWidth <= 0) {
            return;
        }
        QFont f = font();
        f.setPixelSize(line.size);
        f.setWeight(line.weight);
        f.setItalic(line.italic);
        const QRect box = QFontMetrics(f).boundingRect(QRect(0, 0, textWidth, 100000),
                                                       Qt::AlignCenter | Qt::TextWordWrap, line.label->text());
        line.height = box.height();
    };
    const int paid = m_paidEntry->isHidden() ? 0 : m_paidEntry->sizeHint().height();
    // The same texts in the same box were fitted last time (a verdict is refreshed more than once, and resized when
    // its screen is shown): everything below is already set.
    QStringList key {QString::number(box.width()),
                     QString::number(box.height()),
                     QString::number(s),
                     QString::number(paid),
                     font().key(),
                     m_word->text()};
    for (const auto& line : lines) {
        key << (line.label->isHidden() ? QString() : line.label->text());
    }
    if (key == m_laidOut) {
        return;
    }
    m_laidOut = key;
    int items = 2; // the headline and the buttons
    for (auto& line : lines) {
        line.size = line.design;
        measure(line);
        items += line.height > 0 ? 1 : 0;
    }
    items += paid > 0 ? 1 : 0;
    const int designIcon = Theme::px(120, s);
    const int floorIcon = Theme::px(56, s);
    int icon = designIcon;
    const int designMargin = 20;
    int margin = designMargin;
    const int designButtons = 72;
    const int floorButtons = qMax(48, Theme::px(56, s)); // touch targets stay >= 48 px
    int buttons = qMax(designButtons, m_done->minimumSizeHint().height());
    auto needed = [&] {
        int sum = icon + paid + buttons + spacing * (items - 1) + 2 * margin;
        for (const auto& line : lines) {
            sum += line.height;
        }
        return sum;
    };
    auto shrink = [&](Line& line) {
        if (line.height == 0 || line.size <= line.floor) {
            return false;
        }
        line.size = qMax(line.floor, line.size - 2);
        measure(line);
        return true;
    };
    // Yield one step at a time, the lowest priority first, until the verdict fits the screen's height.
    while (needed() > box.height()) {
        bool yielded = false;
        for (int i = 0; i < kHolder && !yielded; ++i) {
            yielded = shrink(lines[i]);
        }
        if (!yielded && icon > floorIcon) {
            icon = qMax(floorIcon, icon - 8);
            yielded = true;
        }
        if (!yielded) {
            yielded = shrink(lines[kHolder]);
        }
        if (!yielded && margin > 6) {
            margin = qMax(6, margin - 4);
            yielded = true;
        }
        if (!yielded) {
            yielded = shrink(lines[kReason]);
        }
        if (!yielded && buttons > floorButtons) {
            buttons = qMax(floorButtons, buttons - 4);
            yielded = true;
        }
        if (!yielded) {
            break; // every line at its floor: the layout squeezes what is left
        }
    }

    // Apply: a sheet is set only when its size changed (an unchanged verdict size re-polishes nothing).
    auto sheet = [](const Line& line) {
        QString css = QStringLiteral("font-size: %1px;").arg(line.size);
        if (line.weight == QFont::Bold) {
            css += QStringLiteral(" font-weight: 700;");
        }
        if (line.italic) {
            css += QStringLiteral(" font-style: italic;");
        }
        return css;
    };
    for (const auto& line : lines) {
        setStyleSheetIfChanged(line.label, sheet(line));
    }
    if (margins.top() != margin) {
        outer->setContentsMargins(margins.left(), margin, margins.right(), margin);
    }
    for (auto* b : {m_admitAnyway, m_cancel, m_done}) {
        if (b->minimumHeight() != buttons) {
            b->setMinimumHeight(buttons);
        }
    }
    if (m_icon->width() != icon || m_icon->height() != icon) {
        m_icon->setFixedSize(icon, icon);
    }
    // The word's room: beside the icon, as tall as the icon (a fifth of the screen at most).
    fitWord(box.width(), icon, Theme::px(88, s) * icon / designIcon, qMin(icon, qMax(24, box.height() / 5)));
}

void VerdictScreen::fitWord(int boxWidth, int iconSide, int designSize, int roomHeight)
{
    const QString text = m_word->text();
    // Room beside the icon: the screen's width less its margins, the icon and the spacing.
    const QMargins m = layout()->contentsMargins();
    const int availableWidth = boxWidth - m.left() - m.right() - iconSide - 24 - 8;
    const int availableHeight = roomHeight;
    const FitKey key {text, availableWidth, availableHeight, designSize, font()};
    if (key == m_fitted) {
        return; // same word in the same room: the sizes below are already set
    }
    m_fitted = key;
    // A word that comes back (ACCEPT after ATTENTION) takes the sizes it was fitted to: measuring it at each size
    // from the design size down shaped it up to a dozen times (issue 16: ~6 M instructions per tone change).
    const auto cached = std::find_if(m_fits.cbegin(), m_fits.cend(), [&](const Fit& fit) { return fit.key == key; });
    if (cached != m_fits.cend()) {
        setStyleSheetIfChanged(m_word, QStringLiteral("font-size: %1px; font-weight: 900;").arg(cached->size));
        m_word->setMinimumWidth(cached->minimumWidth);
        m_word->setMinimumHeight(cached->minimumHeight);
        return;
    }
    ++m_wordsFitted;
    QFont f = font();
    f.setWeight(QFont::Black);
    int size = designSize;
    for (; size > 12; size -= 2) {
        f.setPixelSize(size);
        const QFontMetrics fm(f);
        if (fm.horizontalAdvance(text) <= availableWidth && fm.height() <= availableHeight) {
            break;
        }
    }
    setStyleSheetIfChanged(m_word, QStringLiteral("font-size: %1px; font-weight: 900;").arg(size));
    f.setPixelSize(size);
    // The layout must not squeeze the word below what it needs (or it clips instead of shrinking).
    m_word->setMinimumWidth(QFontMetrics(f).horizontalAdvance(text) + 4);
    // Nor below its height (long verdicts on 800×480), measured as it is shaped: the fallback font's lines count
    // (CJK, Arabic). Not the label's own hint: that may still be the previous word's font until it is re-polished.
    const int shaped = QFontMetrics(f).boundingRect(QRect(0, 0, 100000, 100000), Qt::AlignCenter, text).height();
    m_word->setMinimumHeight(qMax(QFontMetrics(f).height(), shaped));
    if (m_fits.size() >= 16) {
        m_fits.clear(); // a few words per language and screen size; a resize or a language change starts over
    }
    m_fits.push_back({key, size, m_word->minimumWidth(), m_word->minimumHeight()});
}

} // namespace lounge::gui
