#include "gui/BoardingPassScreen.h"

#include "controller/KioskController.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace lounge::gui {

using app::BoardingPassPrompt;

BoardingPassScreen::BoardingPassScreen(app::KioskController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("boardingPassScreen"));
    setFocusPolicy(Qt::StrongFocus);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(32, 16, 32, 16);
    outer->setSpacing(8);
    auto label = [&](const char* name, const char* style) {
        auto* l = new QLabel(this);
        l->setObjectName(QLatin1String(name));
        l->setAlignment(Qt::AlignCenter);
        l->setWordWrap(true);
        l->setStyleSheet(QLatin1String(style));
        outer->addWidget(l);
        return l;
    };
    outer->addStretch(1);
    m_title = label("boardingPassTitle", "font-size: 40px; font-weight: 700; color: #93c5fd;");
    m_detail = label("boardingPassDetail", "font-size: 28px;");
    m_problem = label("boardingPassProblem",
                      "font-size: 26px; font-weight: 700; color: #111827; background: #fbbf24; padding: 8px;"
                      " border-radius: 8px;");

    // The supervisor override, in place of the scan prompt's buttons while it is open.
    m_overridePanel = new QWidget(this);
    m_overridePanel->setObjectName(QStringLiteral("boardingPassOverridePanel"));
    auto* grid = new QGridLayout(m_overridePanel);
    grid->setContentsMargins(0, 0, 0, 0);
    m_overrideTitle = new QLabel(m_overridePanel);
    m_overrideTitle->setObjectName(QStringLiteral("overrideTitle"));
    m_overrideTitle->setWordWrap(true);
    m_overrideTitle->setStyleSheet(QStringLiteral("font-size: 24px; font-weight: 700;"));
    m_reason = new QComboBox(m_overridePanel);
    m_reason->setObjectName(QStringLiteral("overrideReasonCombo"));
    m_reason->setEditable(true); // pick a reason or type one
    m_reason->setInsertPolicy(QComboBox::NoInsert);
    m_staffId = new QLineEdit(m_overridePanel);
    m_staffId->setObjectName(QStringLiteral("overrideStaffIdEdit"));
    m_pin = new QLineEdit(m_overridePanel);
    m_pin->setObjectName(QStringLiteral("overridePinEdit"));
    m_pin->setEchoMode(QLineEdit::Password);
    m_overrideError = new QLabel(m_overridePanel);
    m_overrideError->setObjectName(QStringLiteral("overrideError"));
    m_overrideError->setWordWrap(true);
    m_overrideError->setStyleSheet(QStringLiteral("color: #fca5a5; font-weight: 700;"));
    m_overrideBack = new QPushButton(m_overridePanel);
    m_overrideBack->setObjectName(QStringLiteral("overrideBackButton"));
    m_overrideConfirm = new QPushButton(m_overridePanel);
    m_overrideConfirm->setObjectName(QStringLiteral("overrideConfirmButton"));
    m_overrideConfirm->setStyleSheet(QStringLiteral("background: #b45309; border-color: #fde68a;"));
    for (auto* w : std::initializer_list<QWidget*> {m_reason, m_staffId, m_pin, m_overrideBack, m_overrideConfirm}) {
        w->setMinimumHeight(56);
    }
    grid->addWidget(m_overrideTitle, 0, 0, 1, 2);
    grid->addWidget(m_reason, 1, 0, 1, 2);
    grid->addWidget(m_staffId, 2, 0);
    grid->addWidget(m_pin, 2, 1);
    grid->addWidget(m_overrideError, 3, 0, 1, 2);
    grid->addWidget(m_overrideBack, 4, 0);
    grid->addWidget(m_overrideConfirm, 4, 1);
    outer->addWidget(m_overridePanel);
    outer->addStretch(1);

    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(16);
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(QStringLiteral("boardingPassCancelButton"));
    m_noBoardingPass = new QPushButton(this);
    m_noBoardingPass->setObjectName(QStringLiteral("noBoardingPassButton"));
    m_cancel->setMinimumHeight(64);
    m_noBoardingPass->setMinimumHeight(64);
    buttons->addWidget(m_cancel, 1);
    buttons->addWidget(m_noBoardingPass, 1);
    outer->addLayout(buttons);

    connect(m_cancel, &QPushButton::clicked, controller, &app::KioskController::returnToReady);
    connect(m_noBoardingPass, &QPushButton::clicked, this, [this] { showOverride(true); });
    connect(m_overrideBack, &QPushButton::clicked, this, [this] { showOverride(false); });
    connect(m_overrideConfirm, &QPushButton::clicked, this, &BoardingPassScreen::submitOverride);
    connect(m_pin, &QLineEdit::returnPressed, this, &BoardingPassScreen::submitOverride);
    connect(controller, &app::KioskController::boardingPassPromptChanged, this, &BoardingPassScreen::refresh);
    connect(controller, &app::KioskController::busyChanged, this, &BoardingPassScreen::refresh);
    connect(controller, &app::KioskController::screenChanged, this, [this](app::Screen s) {
        if (s != app::Screen::BoardingPass) {
            showOverride(false); // a new guest starts without the last one's override half filled in
        }
    });
    connect(controller, &app::KioskController::boardingPassOverrideRefused, this, [this](const app::SignInFailure& f) {
        m_pin->clear();
        switch (f.kind) {
        case app::SignInFailure::Kind::SupervisorNeeded:
            m_overrideError->setText(tr("Only a supervisor can admit without a boarding pass."));
            break;
        case app::SignInFailure::Kind::LockedOut:
            m_overrideError->setText(
                tr("Too many wrong PINs. Try again at %1.")
                    .arg(QLocale().toString(f.retryAfter.toLocalTime().time(), QStringLiteral("HH:mm"))));
            break;
        case app::SignInFailure::Kind::Unavailable:
            m_overrideError->setText(tr("The override could not be checked. Try again."));
            break;
        default:
            m_overrideError->setText(tr("Wrong staff number or PIN."));
            break;
        }
        m_overrideError->show();
    });
    showOverride(false);
    retranslate();
}

void BoardingPassScreen::retranslate()
{
    const QString typed = m_reason->currentText();
    m_reason->clear();
    m_reason->addItems({tr("Boarding pass on a phone that does not scan"),
                        tr("Connecting flight: boarding pass not issued yet"), tr("Airline check-in system down"),
                        tr("Crew or airline staff")});
    m_reason->setCurrentIndex(-1);
    m_reason->setEditText(typed);
    m_reason->lineEdit()->setPlaceholderText(tr("Reason (pick or type)"));
    m_staffId->setPlaceholderText(tr("Supervisor staff number"));
    m_pin->setPlaceholderText(tr("Supervisor PIN"));
    m_overrideBack->setText(tr("Back"));
    m_overrideConfirm->setText(tr("Admit without boarding pass"));
    m_cancel->setText(tr("Cancel"));
    m_noBoardingPass->setText(tr("No boarding pass"));
    refresh();
}

void BoardingPassScreen::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void BoardingPassScreen::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Escape && !m_controller->isBusy()) {
        if (m_overridePanel->isVisible()) {
            showOverride(false);
        } else {
            m_controller->returnToReady();
        }
        return;
    }
    QWidget::keyPressEvent(event);
}

void BoardingPassScreen::showOverride(bool show)
{
    if (show && !m_controller->canOverrideBoardingPass()) {
        return;
    }
    if (show != m_overridePanel->isVisibleTo(this)) {
        m_controller->setBoardingPassOverrideOpen(show); // the prompt waits while the panel is open
    }
    m_overridePanel->setVisible(show);
    m_detail->setVisible(!show); // room for the override on a small screen
    m_overrideError->clear();
    m_overrideError->hide();
    m_pin->clear();
    if (!show) {
        m_reason->setCurrentIndex(-1);
        m_reason->setEditText({});
        m_staffId->clear();
    }
    const bool needsPin = m_controller->overrideNeedsSupervisorPin();
    m_staffId->setVisible(show && needsPin);
    m_pin->setVisible(show && needsPin);
    m_overrideTitle->setText(needsPin ? tr("Admit without a boarding pass: a supervisor authorises, with a reason.")
                                      : tr("Admit without a boarding pass: give the reason."));
    refresh();
    if (show) {
        m_reason->setFocus();
    }
}

void BoardingPassScreen::submitOverride()
{
    const QString reason = m_reason->currentText().trimmed();
    if (reason.isEmpty()) {
        m_overrideError->setText(tr("Give a reason."));
        m_overrideError->show();
        return;
    }
    const bool needsPin = m_controller->overrideNeedsSupervisorPin();
    if (needsPin && m_pin->text().isEmpty()) {
        m_overrideError->setText(tr("A supervisor enters their staff number and PIN."));
        m_overrideError->show();
        return;
    }
    m_overrideError->hide();
    m_controller->overrideBoardingPass(needsPin ? m_staffId->text() : QString(), needsPin ? m_pin->text() : QString(),
                                       reason);
    m_pin->clear();
}

void BoardingPassScreen::refresh()
{
    const BoardingPassPrompt& p = m_controller->boardingPassPrompt();
    switch (p.need) {
    case BoardingPassPrompt::Need::BoardingPass:
        m_title->setText(tr("Scan boarding pass"));
        m_detail->setText(p.holderName.isEmpty()
                              ? tr("This lounge needs today's boarding pass.")
                              : tr("%1: this lounge needs today's boarding pass.").arg(p.holderName));
        break;
    case BoardingPassPrompt::Need::LoungePass:
        m_title->setText(tr("Now scan the lounge pass"));
        m_detail->setText(p.flight.isEmpty() ? tr("Boarding pass for %1").arg(p.printedName)
                                             : tr("Boarding pass for %1, %2").arg(p.printedName, p.flight));
        break;
    case BoardingPassPrompt::Need::GuestBoardingPass:
        m_title->setText(
            tr("Guest %1 of %2: scan boarding pass").arg(QLocale().toString(p.guest), QLocale().toString(p.guests)));
        m_detail->setText(tr("Guests of %1").arg(p.holderName));
        break;
    }
    QString problem;
    switch (p.problem) {
    case BoardingPassPrompt::Problem::None:
        break;
    case BoardingPassPrompt::Problem::NotABoardingPass:
        problem = tr("This is not a boarding pass. Scan the boarding pass.");
        break;
    case BoardingPassPrompt::Problem::Damaged:
        problem = tr("This boarding pass is damaged — scan it again.");
        break;
    case BoardingPassPrompt::Problem::NotALoungePass:
        problem = tr("This is not a lounge pass. Scan the lounge pass.");
        break;
    }
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty() && !m_overridePanel->isVisible());
    const bool busy = m_controller->isBusy();
    const bool overriding = m_overridePanel->isVisible();
    m_noBoardingPass->setVisible(
        (p.need == BoardingPassPrompt::Need::BoardingPass || p.need == BoardingPassPrompt::Need::GuestBoardingPass)
        && !overriding);
    m_noBoardingPass->setEnabled(!busy);
    m_cancel->setEnabled(!busy);
    m_overrideConfirm->setEnabled(!busy);
}

} // namespace lounge::gui
