#include "gui/PartySizeScreen.h"

#include "controller/AdmissionFlow.h"
#include "controller/KioskController.h"
#include "gui/ReasonText.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace lounge::gui {

PartySizeScreen::PartySizeScreen(app::KioskController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("partySizeScreen"));
    setFocusPolicy(Qt::StrongFocus);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(32, 24, 32, 24);
    outer->setSpacing(12);
    auto label = [&](const char* name, const char* style) {
        auto* l = new QLabel(this);
        l->setObjectName(QLatin1String(name));
        l->setAlignment(Qt::AlignCenter);
        l->setWordWrap(true);
        l->setStyleSheet(QLatin1String(style));
        outer->addWidget(l);
        return l;
    };
    m_holder = label("partyHolder", "font-size: 40px; font-weight: 700; color: #86efac;");
    m_program = label("partyProgram", "font-size: 24px; color: #cbd5e1;");
    outer->addStretch(1);
    m_question = label("partyQuestion", "font-size: 30px;");

    auto* row = new QHBoxLayout;
    row->setSpacing(32);
    m_minus = new QPushButton(QStringLiteral("−"), this);
    m_minus->setObjectName(QStringLiteral("guestsMinusButton"));
    m_plus = new QPushButton(QStringLiteral("+"), this);
    m_plus->setObjectName(QStringLiteral("guestsPlusButton"));
    for (auto* b : {m_minus, m_plus}) {
        b->setFixedSize(120, 120);
        b->setStyleSheet(QStringLiteral("font-size: 64px; font-weight: 900; border-radius: 60px;"));
    }
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("partyCount"));
    m_count->setAlignment(Qt::AlignCenter);
    m_count->setMinimumWidth(160);
    m_count->setStyleSheet(QStringLiteral("font-size: 96px; font-weight: 900;"));
    row->addStretch(1);
    row->addWidget(m_minus);
    row->addWidget(m_count);
    row->addWidget(m_plus);
    row->addStretch(1);
    outer->addLayout(row);
    m_limit = label("partyLimit", "font-size: 22px; color: #cbd5e1;");
    outer->addStretch(1);

    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(16);
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(QStringLiteral("partyCancelButton"));
    m_admit = new QPushButton(this);
    m_admit->setObjectName(QStringLiteral("admitPartyButton"));
    m_admit->setStyleSheet(QStringLiteral("background: #15803d; border-color: #bbf7d0; font-size: 30px;"));
    m_cancel->setMinimumHeight(80);
    m_admit->setMinimumHeight(80);
    buttons->addWidget(m_cancel, 1);
    buttons->addWidget(m_admit, 2);
    outer->addLayout(buttons);

    connect(m_minus, &QPushButton::clicked, controller, [controller] { controller->changeGuests(-1); });
    connect(m_plus, &QPushButton::clicked, controller, [controller] { controller->changeGuests(+1); });
    connect(m_admit, &QPushButton::clicked, controller, &app::KioskController::confirmParty);
    connect(m_cancel, &QPushButton::clicked, controller, &app::KioskController::returnToReady);
    connect(controller, &app::KioskController::partySizeChanged, this, &PartySizeScreen::refresh);
    connect(controller, &app::KioskController::busyChanged, this, &PartySizeScreen::refresh);
    m_spin = new QTimer(this);
    m_spin->setInterval(120);
    connect(m_spin, &QTimer::timeout, this, [this] {
        ++m_spinFrame;
        refresh();
    });
    refresh();
}

void PartySizeScreen::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        refresh();
    }
    QWidget::changeEvent(event);
}

void PartySizeScreen::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: // + without Shift on most keyboards
        m_controller->changeGuests(+1);
        return;
    case Qt::Key_Minus:
        m_controller->changeGuests(-1);
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        m_controller->confirmParty();
        return;
    case Qt::Key_Escape:
        if (!m_controller->isBusy()) {
            m_controller->returnToReady();
        }
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}

void PartySizeScreen::refresh()
{
    const auto& d = m_controller->partyDecision();
    const int n = m_controller->partySize();
    const int max = m_controller->maxPartySize();
    m_holder->setText(d.holderName);
    QStringList program;
    if (!d.programName.isEmpty()) {
        program << d.programName;
    }
    if (!d.module.isEmpty()) {
        program << ReasonText::module(d.module);
    }
    m_program->setText(program.join(QStringLiteral("  ·  ")));
    m_question->setText(m_controller->admission()->partyConfirmsAttention()
                            ? tr("Admit anyway: how many people are entering, including the member?")
                            : tr("How many people are entering, including the member?"));
    m_count->setText(QString::number(n));
    m_limit->setText(tr("Up to %n guest(s) with this pass right now.", nullptr, max - 1));
    const bool busy = m_controller->isBusy();
    m_minus->setEnabled(n > 1 && !busy);
    m_plus->setEnabled(n < max && !busy);
    if (busy) {
        static const QString kFrames[]
            = {QStringLiteral("◐"), QStringLiteral("◓"), QStringLiteral("◑"), QStringLiteral("◒")};
        m_admit->setText(kFrames[m_spinFrame % 4] + QLatin1Char(' ') + tr("Checking…"));
        if (!m_spin->isActive()) {
            m_spin->start();
        }
    } else {
        m_spin->stop();
        m_admit->setText(tr("Admit %n", nullptr, n));
    }
    m_admit->setEnabled(!busy);
    m_cancel->setEnabled(!busy);
    m_cancel->setText(tr("Cancel"));
}

} // namespace lounge::gui
