#include "gui/SignInScreen.h"

#include "controller/KioskController.h"
#include "gui/Keypad.h"
#include "gui/ReasonText.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
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
    m_title->setProperty("role", QStringLiteral("title"));
    m_title->setWordWrap(true);
    m_hint = new QLabel(this);
    m_hint->setProperty("role", QStringLiteral("hint"));
    m_hint->setWordWrap(true);
    m_dots = new QLabel(this);
    m_dots->setObjectName(QStringLiteral("signInPinDisplay"));
    m_dots->setStyleSheet(QStringLiteral("font-size: 48px; letter-spacing: 12px; min-height: 64px;"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("signInError"));
    m_error->setProperty("role", QStringLiteral("error"));
    m_error->setWordWrap(true);
    left->addStretch(1);
    left->addWidget(m_title);
    left->addWidget(m_hint);
    left->addSpacing(16);
    left->addWidget(m_dots);
    left->addWidget(m_error);
    left->addStretch(2);
    outer->addLayout(left, 1);

    m_keypad = new Keypad(Keypad::Layout::Digits, QStringLiteral("signIn"), this);
    m_keypad->setMaximumWidth(460);
    outer->addWidget(m_keypad, 1);

    connect(m_keypad, &Keypad::keyPressed, this, [this](const QString& k) {
        if (m_pin.size() < kMaxPin) {
            m_pin += k;
        }
        m_error->clear();
        updateDots();
    });
    connect(m_keypad, &Keypad::backspacePressed, this, [this] {
        m_pin.chop(1);
        updateDots();
    });
    connect(m_keypad, &Keypad::okPressed, this, [this] {
        m_controller->submitPin(m_pin);
        m_pin.clear();
        updateDots();
    });
    connect(controller, &app::KioskController::signInFailed, this, &SignInScreen::showError);
    connect(controller, &app::KioskController::screenChanged, this, [this] {
        m_pin.clear();
        m_error->clear();
        updateDots();
    });
    retranslate();
    updateDots();
}

void SignInScreen::retranslate()
{
    m_title->setText(tr("Staff sign-in"));
    m_hint->setText(tr("Enter your PIN, or scan your staff badge."));
    m_keypad->setOkText(tr("Sign in"));
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
        m_controller->submitPin(m_pin);
        m_pin.clear();
    } else if (event->key() == Qt::Key_Backspace) {
        m_pin.chop(1);
    } else if (t.size() == 1 && t[0].isDigit() && m_pin.size() < kMaxPin) {
        m_pin += t;
    } else {
        QWidget::keyPressEvent(event);
        return;
    }
    updateDots();
}

void SignInScreen::updateDots()
{
    m_dots->setText(m_pin.isEmpty() ? QStringLiteral("–") : QString(m_pin.size(), QChar(0x25CF)));
}

void SignInScreen::showError(const core::Error& error)
{
    m_error->setText(ReasonText::storeError(error));
}

} // namespace lounge::gui
