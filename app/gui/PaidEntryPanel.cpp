#include "gui/PaidEntryPanel.h"

#include "controller/KioskController.h"
#include "gui/ReasonText.h"
#include "gui/Theme.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace lounge::gui {

PaidEntryPanel::PaidEntryPanel(app::KioskController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("paidEntryPanel"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_open = new QPushButton(this);
    m_open->setObjectName(QStringLiteral("paidEntryButton"));
    m_open->setMinimumHeight(56);
    outer->addWidget(m_open, 0, Qt::AlignCenter);
    m_form = new QWidget(this);
    m_form->setObjectName(QStringLiteral("paidEntryForm"));
    auto* row = new QHBoxLayout(m_form);
    m_minus = new QPushButton(QStringLiteral("−"), m_form);
    m_minus->setObjectName(QStringLiteral("paidEntryMinusButton"));
    m_count = new QLabel(m_form);
    m_count->setObjectName(QStringLiteral("paidEntryCount"));
    m_count->setAlignment(Qt::AlignCenter);
    m_count->setMinimumWidth(48);
    m_plus = new QPushButton(QStringLiteral("+"), m_form);
    m_plus->setObjectName(QStringLiteral("paidEntryPlusButton"));
    m_amount = new QLineEdit(m_form);
    m_amount->setObjectName(QStringLiteral("paidEntryAmountEdit"));
    m_amount->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,6}([.,]\\d{0,2})?")), m_amount));
    m_amount->setLayoutDirection(Qt::LeftToRight);
    m_confirm = new QPushButton(m_form);
    m_confirm->setObjectName(QStringLiteral("paidEntryConfirmButton"));
    for (QWidget* w : {static_cast<QWidget*>(m_minus), static_cast<QWidget*>(m_count), static_cast<QWidget*>(m_plus),
                       static_cast<QWidget*>(m_amount), static_cast<QWidget*>(m_confirm)}) {
        w->setMinimumHeight(56);
        row->addWidget(w);
    }
    outer->addWidget(m_form);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("paidEntryMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    outer->addWidget(m_message);

    connect(m_open, &QPushButton::clicked, this, [this] {
        m_controller->openPaidEntry(); // the refusal stays while staff fill the form
        setCount(1);
        m_amount->clear();
        m_open->hide();
        m_form->show();
    });
    connect(m_minus, &QPushButton::clicked, this, [this] { setCount(m_party - 1); });
    connect(m_plus, &QPushButton::clicked, this, [this] { setCount(m_party + 1); });
    connect(m_confirm, &QPushButton::clicked, this, [this] {
        std::optional<qint64> amount;
        const QString text = m_amount->text().trimmed().replace(QLatin1Char(','), QLatin1Char('.'));
        if (!text.isEmpty()) {
            amount = qRound64(text.toDouble() * 100.0);
        }
        m_confirm->setEnabled(false);
        m_controller->recordPaidEntry(m_party, amount);
    });
    connect(controller, &app::KioskController::paidEntryRecorded, this, [this](const core::Redemption& r) {
        m_form->hide();
        m_open->hide();
        m_message->setText(tr("Paid entry recorded for %Ln person(s). Admit them.", nullptr, r.partySize));
        m_message->show();
    });
    connect(controller, &app::KioskController::paidEntryFailed, this, [this](const core::Error& e) {
        m_confirm->setEnabled(true);
        m_message->setText(tr("Paid entry not recorded: %1").arg(ReasonText::storeError(e)));
        m_message->show();
    });
    retranslate();
    refresh();
}

void PaidEntryPanel::retranslate()
{
    m_open->setText(tr("Paid entry"));
    m_amount->setPlaceholderText(tr("Amount (optional)"));
    m_confirm->setText(tr("Record paid entry"));
    Theme::keepTextWhole(m_confirm); // the amount field gives way first
}

void PaidEntryPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void PaidEntryPanel::setCount(int count)
{
    m_party = qBound(1, count, 20);
    m_count->setText(QLocale().toString(m_party));
    m_minus->setEnabled(m_party > 1);
    m_plus->setEnabled(m_party < 20);
}

void PaidEntryPanel::refresh()
{
    // A new verdict: offer it again only where a refusal allows it.
    const bool offer = m_controller->canRecordPaidEntry();
    setVisible(offer);
    m_open->setVisible(offer);
    m_form->hide();
    m_message->clear();
    m_message->hide();
    m_confirm->setEnabled(true);
}

} // namespace lounge::gui
