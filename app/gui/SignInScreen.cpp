#include "gui/SignInScreen.h"

#include "controller/KioskController.h"
#include "gui/Keypad.h"
#include "gui/ReasonText.h"
#include "gui/Theme.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace lounge::gui {

namespace {
constexpr int kMaxPin = 12;
}

SignInScreen::SignInScreen(app::KioskController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("signInScreen"));
    setFocusPolicy(Qt::StrongFocus);
    auto* outer = new QHBoxLayout(this);
    outer->setContentsMargins(32, 24, 32, 24);
    outer->setSpacing(32);

    auto* left = new QVBoxLayout;
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("signInTitle"));
    m_title->setProperty("role", QStringLiteral("title"));
    m_title->setWordWrap(true);
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("signInHint"));
    m_hint->setProperty("role", QStringLiteral("hint"));
    m_hint->setWordWrap(true);
    m_dots = new QLabel(this);
    m_dots->setObjectName(QStringLiteral("signInPinDisplay"));
    m_dots->setStyleSheet(QStringLiteral("font-size: 48px; letter-spacing: 12px; min-height: 64px;"));
    m_demo = new QLabel(this);
    m_demo->setObjectName(QStringLiteral("signInDemoHint"));
    m_demo->setProperty("role", QStringLiteral("hint"));
    m_demo->setWordWrap(true);
    m_back = new QPushButton(this);
    m_back->setObjectName(QStringLiteral("signInBackButton"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("signInError"));
    m_error->setProperty("role", QStringLiteral("error"));
    m_error->setWordWrap(true);
    // A narrow column (800×480, Arabic): the wrapped texts get the height their lines need.
    for (QLabel* l : {m_title, m_hint, m_demo, m_error}) {
        Theme::keepWrappedTextWhole(l);
    }
    left->addStretch(1);
    left->addWidget(m_title);
    left->addWidget(m_hint);
    left->addSpacing(16);
    left->addWidget(m_dots);
    left->addWidget(m_back, 0, Qt::AlignLeading);
    left->addWidget(m_error);
    left->addWidget(m_demo);
    left->addStretch(2);
    outer->addLayout(left, 1);

    auto* right = new QVBoxLayout;
    m_keypads = new QStackedWidget(this);
    m_keypad = new Keypad(Keypad::Layout::Digits, QStringLiteral("signIn"), m_keypads);
    m_letters = new Keypad(Keypad::Layout::Alphanumeric, QStringLiteral("signInAlpha"), m_keypads);
    m_keypads->addWidget(m_keypad);
    m_keypads->addWidget(m_letters);
    m_keypads->setMaximumWidth(560);
    m_lettersToggle = new QPushButton(this);
    m_lettersToggle->setObjectName(QStringLiteral("signInLettersButton"));
    m_lettersToggle->setCheckable(true);
    m_lettersToggle->setFocusPolicy(Qt::NoFocus);
    right->addWidget(m_keypads, 1);
    right->addWidget(m_lettersToggle);
    outer->addLayout(right, 1);
    connect(m_lettersToggle, &QPushButton::toggled, this, &SignInScreen::updateKeypads);

    m_lockOutTimer = new QTimer(this);
    m_lockOutTimer->setInterval(1000);
    connect(m_lockOutTimer, &QTimer::timeout, this, &SignInScreen::refreshLockOut);

    for (Keypad* pad : {m_keypad, m_letters}) {
        connect(pad, &Keypad::keyPressed, this, [this](const QString& k) {
            if (m_pin.size() < kMaxPin) {
                m_pin += k;
            }
            clearError();
            updateDots();
        });
        connect(pad, &Keypad::backspacePressed, this, [this] {
            m_pin.chop(1);
            updateDots();
        });
        connect(pad, &Keypad::clearPressed, this, [this] {
            m_pin.clear();
            updateDots();
        });
        connect(pad, &Keypad::okPressed, this, &SignInScreen::submit);
    }
    connect(m_back, &QPushButton::clicked, this, [this] {
        // On a locked desk: from the holder's PIN to someone else's number, from anywhere else back to the holder.
        const auto& holder = m_controller->staff();
        const bool atHolderPin = m_controller->signInStep() == app::SignInStep::StaffPin && holder
            && m_controller->signInStaffId() == holder->id;
        if (m_controller->screen() == app::Screen::Locked && !atHolderPin) {
            m_controller->cancelTakeover();
        } else {
            m_controller->restartSignIn();
        }
    });
    connect(controller, &app::KioskController::signInFailed, this, &SignInScreen::showError);
    connect(controller, &app::KioskController::signInStepChanged, this, [this] {
        m_pin.clear();
        retranslate();
        updateDots();
    });
    connect(controller, &app::KioskController::screenChanged, this, [this] {
        m_pin.clear();
        clearError();
        retranslate();
        updateDots();
    });
    retranslate();
    updateDots();
}

void SignInScreen::updateKeypads()
{
    // Letters only where they can occur: staff numbers. PINs are digits.
    const bool numberStep = m_controller->signInStep() == app::SignInStep::StaffNumber;
    m_lettersToggle->setVisible(numberStep);
    if (!numberStep && m_lettersToggle->isChecked()) {
        m_lettersToggle->setChecked(false); // re-enters here
        return;
    }
    m_lettersToggle->setText(m_lettersToggle->isChecked() ? tr("123 Digits") : tr("ABC Letters"));
    m_keypads->setCurrentWidget(numberStep && m_lettersToggle->isChecked() ? m_letters : m_keypad);
    // A stack is as wide as its widest page: the hidden letter page (ten keys a row) took the digits' screen 560 px
    // at 800×480 and left the texts beside it a 150 px column. Only the page shown claims its width.
    for (Keypad* pad : {m_keypad, m_letters}) {
        const bool shown = m_keypads->currentWidget() == pad;
        pad->setSizePolicy(shown ? QSizePolicy::Preferred : QSizePolicy::Ignored,
                           shown ? QSizePolicy::Preferred : QSizePolicy::Ignored);
    }
}

void SignInScreen::submit()
{
    if (m_controller->signInStep() == app::SignInStep::StaffNumber) {
        m_controller->submitStaffId(m_pin);
    } else {
        m_controller->submitPin(m_pin);
    }
    m_pin.clear();
    updateDots();
}

void SignInScreen::retranslate()
{
    const auto step = m_controller->signInStep();
    const bool locked = m_controller->screen() == app::Screen::Locked && m_controller->staff().has_value();
    m_demo->setText(tr("Demo: PIN 1234 agent, 2468 supervisor"));
    m_demo->setVisible(m_controller->staffSource() == app::StaffSource::Demo);
    if (locked) {
        retranslateLocked(step);
        return;
    }
    m_title->setText(tr("Staff sign-in"));
    switch (step) {
    case app::SignInStep::Pin:
        m_hint->setText(tr("Enter your PIN, or scan your staff badge."));
        break;
    case app::SignInStep::StaffNumber:
        m_hint->setText(tr("Enter your staff number, or scan your staff badge."));
        break;
    case app::SignInStep::StaffPin:
        m_hint->setText(tr("Staff number %1: enter your PIN.").arg(m_controller->signInStaffId()));
        break;
    }
    m_keypad->setOkText(step == app::SignInStep::StaffNumber ? tr("Next") : tr("Sign in"));
    m_letters->setOkText(tr("Next"));
    updateKeypads();
    m_back->setText(tr("Other staff number"));
    m_back->setVisible(step == app::SignInStep::StaffPin);
}

void SignInScreen::retranslateLocked(app::SignInStep step)
{
    const app::StaffMember& holder = *m_controller->staff();
    m_title->setText(tr("Desk locked: %1 is signed in").arg(ReasonText::staffName(holder)));
    const bool holderPin = step == app::SignInStep::StaffPin && m_controller->signInStaffId() == holder.id;
    switch (step) {
    case app::SignInStep::Pin:
        m_hint->setText(
            tr("%1: enter your PIN to continue. A supervisor's PIN signs %1 out.").arg(ReasonText::staffName(holder)));
        break;
    case app::SignInStep::StaffNumber:
        m_hint->setText(tr("Supervisor: enter your staff number, or scan your badge, to sign %1 out and take over.")
                            .arg(ReasonText::staffName(holder)));
        break;
    case app::SignInStep::StaffPin:
        m_hint->setText(holderPin ? tr("%1: enter your PIN to continue.").arg(ReasonText::staffName(holder))
                                  : tr("Staff number %1: enter your PIN to sign %2 out and take over.")
                                        .arg(m_controller->signInStaffId(), ReasonText::staffName(holder)));
        break;
    }
    m_keypad->setOkText(step == app::SignInStep::StaffNumber ? tr("Next") : tr("Unlock"));
    m_letters->setOkText(tr("Next"));
    updateKeypads();
    // From the holder's PIN: someone else (a supervisor). From anyone else's: back to the holder.
    m_back->setText(holderPin ? tr("Someone else") : tr("Back to %1").arg(ReasonText::staffName(holder)));
    m_back->setVisible(step != app::SignInStep::Pin);
}

void SignInScreen::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void SignInScreen::keyPressEvent(QKeyEvent* event)
{
    // A hardware keyboard works as well as the keypad.
    const QString t = event->text();
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        submit();
        return;
    } else if (event->key() == Qt::Key_Backspace) {
        m_pin.chop(1);
    } else if (t.size() == 1 && t[0].isDigit() && m_pin.size() < kMaxPin) {
        m_pin += t;
    } else if (t.size() == 1 && (t[0].isLetter() || t[0] == QLatin1Char('-'))
               && m_controller->signInStep() == app::SignInStep::StaffNumber && m_pin.size() < kMaxPin) {
        m_pin += t.toUpper(); // staff numbers with letters; PINs stay digits
    } else {
        QWidget::keyPressEvent(event);
        return;
    }
    updateDots();
}

void SignInScreen::updateDots()
{
    // The staff number is not secret: staff see what they typed. PINs show as dots.
    const bool plain = m_controller->signInStep() == app::SignInStep::StaffNumber;
    m_dots->setText(m_pin.isEmpty() ? QStringLiteral("–") : plain ? m_pin : QString(m_pin.size(), QChar(0x25CF)));
}

void SignInScreen::showError(const app::SignInFailure& failure)
{
    m_error->setText(ReasonText::signInFailure(failure, m_controller->now()));
    if (failure.kind == app::SignInFailure::Kind::LockedOut && failure.retryAfter.isValid()) {
        m_lockOut = failure;
        m_lockOutTimer->start();
    } else {
        m_lockOut.reset();
        m_lockOutTimer->stop();
    }
}

void SignInScreen::clearError()
{
    m_error->clear();
    m_lockOut.reset();
    m_lockOutTimer->stop();
}

void SignInScreen::refreshLockOut()
{
    if (!m_lockOut) {
        m_lockOutTimer->stop();
        return;
    }
    if (m_controller->now() >= m_lockOut->retryAfter) {
        m_lockOutTimer->stop();
        m_lockOut.reset();
        m_error->setText(tr("You can try again now."));
        return;
    }
    m_error->setText(ReasonText::signInFailure(*m_lockOut, m_controller->now()));
}

} // namespace lounge::gui
