#include "gui/ReadyScreen.h"

#include "controller/KioskController.h"
#include "gui/LiveView.h"
#include "gui/ReasonText.h"
#include "gui/Theme.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace lounge::gui {

ReadyScreen::ReadyScreen(app::KioskController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("readyScreen"));
    auto* outer = new QHBoxLayout(this);
    outer->setContentsMargins(16, 16, 16, 16);
    outer->setSpacing(16);

    auto* left = new QVBoxLayout;
    m_prompt = new QLabel(this);
    m_prompt->setObjectName(QStringLiteral("readyPrompt"));
    m_prompt->setProperty("role", QStringLiteral("title"));
    m_prompt->setWordWrap(true);
    m_live = new LiveView(this);
    m_live->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_busy = new QLabel(this);
    m_busy->setObjectName(QStringLiteral("readyBusy"));
    m_busy->setProperty("role", QStringLiteral("hint"));
    left->addWidget(m_prompt);
    left->addWidget(m_live, 1);
    left->addWidget(m_busy);
    outer->addLayout(left, 3);

    auto* right = new QVBoxLayout;
    right->setSpacing(12);
    auto button = [&](const char* name, auto slot) {
        auto* b = new QPushButton(this);
        b->setObjectName(QLatin1String(name));
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
        b->setMinimumHeight(64);
        connect(b, &QPushButton::clicked, controller, slot);
        right->addWidget(b);
        return b;
    };
    m_manual = button("manualEntryButton", &app::KioskController::openManualEntry);
    m_manual->setProperty("role", QStringLiteral("primary"));
    m_today = button("todayButton", &app::KioskController::openToday);
    m_sync = button("syncButton", &app::KioskController::openSync);
    m_settings = button("settingsButton", &app::KioskController::openSettings);
    m_lock = button("lockButton", &app::KioskController::lock);
    m_signOut = button("signOutButton", &app::KioskController::signOut);
    // Lock and sign out share a row: the column keeps its touch-sized buttons at 1024×600 with banners showing.
    auto* leave = new QHBoxLayout;
    leave->setSpacing(12);
    right->removeWidget(m_lock);
    right->removeWidget(m_signOut);
    leave->addWidget(m_lock);
    leave->addWidget(m_signOut);
    right->addLayout(leave);
    outer->addLayout(right, 1);

    connect(controller, &app::KioskController::busyChanged, this, &ReadyScreen::refresh);
    connect(controller, &app::KioskController::statusChanged, this, &ReadyScreen::refresh);
    connect(controller, &app::KioskController::staffChanged, this, &ReadyScreen::refresh);
    retranslate();
}

void ReadyScreen::retranslate()
{
    m_manual->setText(tr("Type a code"));
    m_today->setText(tr("Today"));
    m_sync->setText(tr("Sync"));
    m_settings->setText(tr("Settings"));
    m_lock->setText(tr("Lock"));
    m_signOut->setText(tr("Sign out"));
    // The two share a row: each keeps its whole word (the column widens for them at 800×480 and in Arabic).
    Theme::keepTextWhole(m_lock);
    Theme::keepTextWhole(m_signOut);
    refresh();
}

void ReadyScreen::refresh()
{
    m_prompt->setText(tr("Ready: hold the pass code up to the camera"));
    const bool busy = m_controller->isBusy();
    m_busy->setText(busy ? tr("Checking…") : QString());
    // While a guest is checked or recorded (an online-first wait can take seconds) staff screens cannot open.
    for (QPushButton* b : {m_manual, m_today, m_sync, m_settings}) {
        b->setEnabled(!busy);
    }
    const auto cam = m_controller->camera();
    m_live->setPlaceholder(ReasonText::camera(cam));
    m_settings->setVisible(m_controller->allows(core::StaffAction::ChangeSettings));
}

void ReadyScreen::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

} // namespace lounge::gui
