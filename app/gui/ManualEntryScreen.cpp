#include "gui/ManualEntryScreen.h"

#include "controller/KioskController.h"
#include "gui/Keypad.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace lounge::gui {

ManualEntryScreen::ManualEntryScreen(app::KioskController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("manualEntryScreen"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(24, 16, 24, 16);
    outer->setSpacing(12);
    auto* top = new QHBoxLayout;
    m_title = new QLabel(this);
    m_title->setProperty("role", QStringLiteral("title"));
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(QStringLiteral("manualCancelButton"));
    top->addWidget(m_title, 1);
    top->addWidget(m_cancel);
    outer->addLayout(top);
    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("manualCodeEdit"));
    m_edit->setLayoutDirection(Qt::LeftToRight); // codes read left to right in every language
    m_edit->setStyleSheet(QStringLiteral("font-size: 32px; font-family: monospace; min-height: 64px;"));
    outer->addWidget(m_edit);
    m_keypad = new Keypad(Keypad::Layout::Alphanumeric, QStringLiteral("manual"), this);
    m_keypad->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    outer->addWidget(m_keypad, 1);

    connect(m_keypad, &Keypad::keyPressed, this, [this](const QString& k) { m_edit->insert(k); });
    connect(m_keypad, &Keypad::backspacePressed, m_edit, &QLineEdit::backspace);
    connect(m_keypad, &Keypad::clearPressed, m_edit, &QLineEdit::clear);
    auto submit = [this] {
        const QString text = m_edit->text();
        m_edit->clear();
        m_controller->submitManual(text);
    };
    connect(m_keypad, &Keypad::okPressed, this, submit);
    connect(m_edit, &QLineEdit::returnPressed, this, submit);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_edit->clear();
        m_controller->returnToReady();
    });
    connect(controller, &app::KioskController::screenChanged, this, [this](app::Screen s) {
        if (s == app::Screen::ManualEntry) {
            m_edit->setFocus();
        }
    });
    retranslate();
}

void ManualEntryScreen::retranslate()
{
    m_title->setText(tr("Type the code or membership number"));
    m_edit->setPlaceholderText(tr("e.g. 6001234500001001"));
    m_keypad->setOkText(tr("Check"));
    m_cancel->setText(tr("Cancel"));
}

void ManualEntryScreen::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

} // namespace lounge::gui
