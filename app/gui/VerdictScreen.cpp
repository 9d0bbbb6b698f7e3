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
    const double s = Theme::scaleFor(window() ? window()->height() : 600);
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
    const int iconSide = Theme::px(120, s);
    m_icon->setFixedSize(iconSide, iconSide);
    m_icon->setTone(v.tone);
    m_word->setText(ReasonText::verdictWord(v.tone));
    fitWord();
    setStyleSheetIfChanged(m_holder, QStringLiteral("font-size: %1px; font-weight: 700;").arg(Theme::px(40, s)));
    const QString detailStyle = QStringLiteral("font-size: %1px;").arg(Theme::px(24, s));
    setStyleSheetIfChanged(m_program, detailStyle);
    setStyleSheetIfChanged(m_flight, QStringLiteral("font-size: %1px;").arg(Theme::px(20, s)));
    // A verdict with a boarding pass has more lines: on a small screen the spacing gives way first.
    const int spacing = height() < 560 ? 2 : 8;
    if (layout()->spacing() != spacing) {
        layout()->setSpacing(spacing); // invalidates the layout even when unchanged
    }
    setStyleSheetIfChanged(m_balances, detailStyle);
    setStyleSheetIfChanged(m_reason, QStringLiteral("font-size: %1px; font-weight: 700;").arg(Theme::px(32, s)));
    setStyleSheetIfChanged(m_next, detailStyle);
    setStyleSheetIfChanged(m_offline, QStringLiteral("font-size: %1px; font-style: italic;").arg(Theme::px(22, s)));

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
    fitWord();
}

void VerdictScreen::fitWord()
{
    const double s = Theme::scaleFor(window() ? window()->height() : 600);
    const QString text = m_word->text();
    // Room beside the icon: the screen's width less its margins, the icon and the spacing; a fifth of the height.
    const QMargins m = layout()->contentsMargins();
    const int availableWidth = width() - m.left() - m.right() - m_icon->width() - 24 - 8;
    const int availableHeight = qMax(24, height() / 5);
    const FitKey key {text, availableWidth, availableHeight, Theme::px(88, s), font()};
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
    int size = Theme::px(88, s);
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
    // Nor below its height (long verdicts on 800×480); the label's own hint counts the fallback font (CJK, Arabic).
    m_word->ensurePolished();
    m_word->setMinimumHeight(qMax(QFontMetrics(f).height(), m_word->sizeHint().height()));
    if (m_fits.size() >= 16) {
        m_fits.clear(); // a few words per language and screen size; a resize or a language change starts over
    }
    m_fits.push_back({key, size, m_word->minimumWidth(), m_word->minimumHeight()});
}

} // namespace lounge::gui
