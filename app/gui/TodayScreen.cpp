#include "gui/TodayScreen.h"

#include "controller/KioskController.h"
#include "gui/ReasonText.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lounge::gui {

using core::JournalKind;
using core::Redemption;

TodayScreen::TodayScreen(app::KioskController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("todayScreen"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(16, 12, 16, 12);
    outer->setSpacing(8);
    auto* top = new QHBoxLayout;
    m_title = new QLabel(this);
    m_title->setProperty("role", QStringLiteral("title"));
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("todaySearchEdit"));
    m_search->setClearButtonEnabled(true);
    m_back = new QPushButton(this);
    m_back->setObjectName(QStringLiteral("todayBackButton"));
    m_sessionsToggle = new QPushButton(this);
    m_sessionsToggle->setObjectName(QStringLiteral("todaySessionsButton"));
    m_sessionsToggle->setCheckable(true);
    top->addWidget(m_title);
    top->addWidget(m_search, 1);
    top->addWidget(m_sessionsToggle);
    top->addWidget(m_back);
    outer->addLayout(top);
    m_stats = new QLabel(this);
    m_stats->setObjectName(QStringLiteral("todayStats"));
    m_stats->setProperty("role", QStringLiteral("hint"));
    outer->addWidget(m_stats);

    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("todayTable"));
    m_table->setColumnCount(6);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(52); // touch-sized rows
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    outer->addWidget(m_table, 1);

    m_sessions = new QTableWidget(this);
    m_sessions->setObjectName(QStringLiteral("todaySessionsTable"));
    m_sessions->setColumnCount(3);
    m_sessions->setSelectionMode(QAbstractItemView::NoSelection);
    m_sessions->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_sessions->setAlternatingRowColors(true);
    m_sessions->verticalHeader()->hide();
    m_sessions->verticalHeader()->setDefaultSectionSize(52);
    m_sessions->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_sessions->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_sessions->hide();
    outer->addWidget(m_sessions, 1);

    m_confirm = new QWidget(this);
    m_confirm->setObjectName(QStringLiteral("voidConfirmPanel"));
    m_confirm->setAttribute(Qt::WA_StyledBackground);
    m_confirm->setStyleSheet(QStringLiteral("#voidConfirmPanel { background: #7f1d1d; border-radius: 10px; }"));
    auto* cl = new QHBoxLayout(m_confirm);
    m_confirmText = new QLabel(m_confirm);
    m_confirmText->setObjectName(QStringLiteral("voidConfirmText"));
    m_confirmText->setWordWrap(true);
    m_remark = new QLineEdit(m_confirm);
    m_remark->setObjectName(QStringLiteral("voidRemarkEdit"));
    m_confirmVoid = new QPushButton(m_confirm);
    m_confirmVoid->setObjectName(QStringLiteral("confirmVoidButton"));
    m_confirmVoid->setProperty("role", QStringLiteral("danger"));
    m_cancelVoid = new QPushButton(m_confirm);
    m_cancelVoid->setObjectName(QStringLiteral("cancelVoidButton"));
    cl->addWidget(m_confirmText, 2);
    cl->addWidget(m_remark, 1);
    cl->addWidget(m_confirmVoid);
    cl->addWidget(m_cancelVoid);
    m_confirm->hide();
    outer->addWidget(m_confirm);

    auto* bottom = new QHBoxLayout;
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("todayMessage"));
    m_message->setProperty("role", QStringLiteral("hint"));
    m_message->setWordWrap(true);
    m_void = new QPushButton(this);
    m_void->setObjectName(QStringLiteral("voidButton"));
    m_void->setProperty("role", QStringLiteral("danger"));
    bottom->addWidget(m_message, 1);
    bottom->addWidget(m_void);
    outer->addLayout(bottom);

    connect(m_back, &QPushButton::clicked, controller, &app::KioskController::returnToReady);
    connect(m_search, &QLineEdit::textChanged, controller, &app::KioskController::setTodaySearch);
    connect(controller, &app::KioskController::todayChanged, this, &TodayScreen::reload);
    connect(m_sessionsToggle, &QPushButton::toggled, this, &TodayScreen::showSessions);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &TodayScreen::updateButtons);
    connect(m_void, &QPushButton::clicked, this, [this] {
        if (auto r = selected()) {
            m_controller->requestVoid(r->id);
        }
    });
    connect(controller, &app::KioskController::voidConfirmationRequested, this, &TodayScreen::showConfirm);
    connect(m_confirmVoid, &QPushButton::clicked, this, [this] {
        m_confirm->hide();
        m_controller->confirmVoid(m_remark->text());
    });
    connect(m_cancelVoid, &QPushButton::clicked, this, [this] {
        m_confirm->hide();
        m_controller->cancelVoid();
    });
    // After a void (or a failed one) nothing stays selected: the rows move (the void is listed on top), and a
    // selection by row would point at somebody else. A second void takes a new selection and a new confirmation.
    connect(controller, &app::KioskController::voidRecorded, this, [this] {
        m_table->clearSelection();
        m_message->setText(tr("Visit voided. The visit has been refunded to the pass."));
        updateButtons();
    });
    connect(controller, &app::KioskController::voidFailed, this, [this](const core::Error& e) {
        m_table->clearSelection();
        m_message->setText(ReasonText::storeError(e));
        updateButtons();
    });
    connect(controller, &app::KioskController::screenChanged, this, [this](app::Screen s) {
        if (s == app::Screen::Today) {
            m_search->clear();
            m_message->clear();
            m_confirm->hide();
            m_sessionsToggle->setChecked(false);
        }
    });
    retranslate();
}

void TodayScreen::retranslate()
{
    m_title->setText(tr("Today"));
    m_search->setPlaceholderText(tr("Search name or number"));
    m_back->setText(tr("Back"));
    m_void->setText(tr("Void visit"));
    m_confirmVoid->setText(tr("Yes, void"));
    m_cancelVoid->setText(tr("Keep"));
    m_remark->setPlaceholderText(tr("Reason (optional)"));
    m_table->setHorizontalHeaderLabels({tr("Time"), tr("Name"), tr("Pass"), tr("People"), tr("Status"), tr("Staff")});
    m_sessionsToggle->setText(tr("Staff sessions"));
    m_sessions->setHorizontalHeaderLabels({tr("Time"), tr("Staff"), tr("What happened")});
    reload();
}

void TodayScreen::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void TodayScreen::reload()
{
    const auto& s = m_controller->today().stats;
    m_stats->setText(tr("Admitted %1 people in %2 visits (%3 guests), %4 voided, %5 waiting to upload")
                         .arg(s.admitted)
                         .arg(s.redemptions)
                         .arg(s.guests)
                         .arg(s.voided)
                         .arg(s.pendingUpload));
    // Keep the selection on the same visit (by id), never on the same row number: rows move when the list reloads.
    const auto before = selected();
    m_table->clearSelection();
    m_rows = m_controller->filteredToday();
    m_table->setRowCount(int(m_rows.size()));
    for (int i = 0; i < m_rows.size(); ++i) {
        const Redemption& r = m_rows[i];
        const bool isVoid = r.kind == JournalKind::Void;
        QString state = isVoid ? tr("Void") : ReasonText::redemptionState(r.state);
        if (!isVoid && !r.voidedBy.isNull()) {
            state = tr("Voided");
        }
        const QString cells[] = {
            QLocale().toString(r.at.toLocalTime().time(), QStringLiteral("HH:mm")),
            r.holderName,
            r.credential.id,
            isVoid ? QStringLiteral("−") : QString::number(r.partySize),
            state,
            r.staffId,
        };
        for (int c = 0; c < 6; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (isVoid || !r.voidedBy.isNull()) {
                item->setForeground(QColor(0x94, 0xa3, 0xb8));
            }
            m_table->setItem(i, c, item);
        }
    }
    if (before) {
        for (int i = 0; i < m_rows.size(); ++i) {
            if (m_rows[i].id == before->id) {
                m_table->selectRow(i);
                break;
            }
        }
    }
    updateButtons();
    reloadSessions();
}

void TodayScreen::reloadSessions()
{
    const auto& events = m_controller->today().staffEvents;
    m_sessions->setRowCount(int(events.size()));
    for (int i = 0; i < events.size(); ++i) {
        const core::StaffEvent& e = events[i];
        const QString cells[] = {
            QLocale().toString(e.at.toLocalTime().time(), QStringLiteral("HH:mm:ss")),
            e.staffId,
            ReasonText::staffEvent(e),
        };
        for (int c = 0; c < 3; ++c) {
            m_sessions->setItem(i, c, new QTableWidgetItem(cells[c]));
        }
    }
}

void TodayScreen::showSessions(bool sessions)
{
    m_table->setVisible(!sessions);
    m_search->setVisible(!sessions); // the search looks through visits
    m_sessions->setVisible(sessions);
    if (sessions) {
        m_confirm->hide();
        m_controller->cancelVoid();
    }
    updateButtons();
}

std::optional<Redemption> TodayScreen::selected() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty() || rows.first().row() >= m_rows.size()) {
        return std::nullopt;
    }
    return m_rows[rows.first().row()];
}

void TodayScreen::updateButtons()
{
    const auto r = selected();
    const bool supervisor = m_controller->allows(core::StaffAction::Void);
    m_void->setVisible(supervisor && !m_sessionsToggle->isChecked());
    m_void->setEnabled(r && m_controller->canVoid(*r));
    if (!supervisor && m_message->text().isEmpty()) {
        m_message->setText(tr("A supervisor can void a visit made by mistake."));
    }
}

void TodayScreen::showConfirm(const Redemption& r)
{
    m_confirmText->setText(
        tr("Void the visit of %1 (%n person(s)) at %2? The visit is refunded to the pass.", nullptr, r.partySize)
            .arg(r.holderName, QLocale().toString(r.at.toLocalTime().time(), QStringLiteral("HH:mm"))));
    m_remark->clear();
    m_confirm->show();
}

} // namespace lounge::gui
