#include "gui/TodayScreen.h"

#include "controller/KioskController.h"
#include "controller/TodayController.h"
#include "gui/Keypad.h"
#include "gui/ReasonText.h"
#include "gui/ShiftReportModel.h"
#include "gui/Theme.h"
#include "gui/TodayModel.h"

#include <QDir>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace lounge::gui {

using core::Redemption;

TodayScreen::TodayScreen(app::KioskController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_today(controller->todayController())
{
    setObjectName(QStringLiteral("todayScreen"));
    m_model = new TodayModel(m_today, this);
    m_filter = new TodayFilter(m_today, m_model, this);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(16, 12, 16, 12);
    outer->setSpacing(8);
    auto* top = new QHBoxLayout;
    m_title = new QLabel(this);
    m_title->setProperty("role", QStringLiteral("title"));
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("todaySearchEdit"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);
    m_keyboardToggle = new QPushButton(this);
    m_keyboardToggle->setObjectName(QStringLiteral("todayKeyboardButton"));
    m_keyboardToggle->setCheckable(true);
    m_keyboardToggle->setFocusPolicy(Qt::NoFocus);
    m_back = new QPushButton(this);
    m_back->setObjectName(QStringLiteral("todayBackButton"));
    m_sessionsToggle = new QPushButton(this);
    m_sessionsToggle->setObjectName(QStringLiteral("todaySessionsButton"));
    m_sessionsToggle->setCheckable(true);
    m_reportToggle = new QPushButton(this);
    m_reportToggle->setObjectName(QStringLiteral("todayReportButton"));
    m_reportToggle->setCheckable(true);
    // The toggles sit beside the title, or on a row of their own in a narrow (portrait) window (resizeEvent).
    m_toggleBar = new QWidget(this);
    m_toggles = new QGridLayout(m_toggleBar);
    m_toggles->setContentsMargins(0, 0, 0, 0);
    m_toggles->addWidget(m_keyboardToggle, 0, 0);
    m_toggles->addWidget(m_sessionsToggle, 0, 1);
    m_toggles->addWidget(m_reportToggle, 0, 2);
    top->addWidget(m_title);
    top->addWidget(m_search, 1);
    top->addWidget(m_toggleBar);
    top->addWidget(m_back);
    outer->addLayout(top);
    m_top = top;
    m_outer = outer;
    m_stats = new QLabel(this);
    m_stats->setObjectName(QStringLiteral("todayStats"));
    m_stats->setProperty("role", QStringLiteral("hint"));
    m_stats->setWordWrap(true);
    outer->addWidget(m_stats);
    m_breakdown = new QLabel(this);
    m_breakdown->setObjectName(QStringLiteral("todayBreakdown"));
    m_breakdown->setProperty("role", QStringLiteral("hint"));
    m_breakdown->setWordWrap(true);
    outer->addWidget(m_breakdown);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("todayTable"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(52); // touch-sized rows
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(TodayModel::Status, QHeaderView::Stretch);
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

    m_reportModel = new ShiftReportModel(this);
    m_reportView = new QTreeView(this);
    m_reportView->setObjectName(QStringLiteral("todayReportView"));
    m_reportView->setModel(m_reportModel);
    m_reportView->setSelectionMode(QAbstractItemView::NoSelection);
    m_reportView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_reportView->setAlternatingRowColors(true);
    m_reportView->setUniformRowHeights(true);
    m_reportView->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_reportView->header()->setStretchLastSection(false);
    m_reportView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_reportView->header()->setSectionResizeMode(ShiftReportModel::Item, QHeaderView::Stretch);
    // The theme styles table views only; the report's tree gets the same dark rows (light text on light
    // alternate rows was unreadable) and a tighter header so the item column keeps room in portrait.
    m_reportView->setStyleSheet(QStringLiteral("QTreeView { background: #1e293b; alternate-background-color: #243247; }"
                                               "QTreeView::item { min-height: 36px; }"
                                               "QHeaderView::section { padding: 4px 3px; }"));
    m_reportView->hide();
    connect(m_reportModel, &QAbstractItemModel::modelReset, m_reportView, &QTreeView::expandAll);
    m_reportView->viewport()->installEventFilter(this);
    outer->addWidget(m_reportView, 1);

    m_confirm = new QWidget(this);
    m_confirm->setObjectName(QStringLiteral("voidConfirmPanel"));
    m_confirm->setAttribute(Qt::WA_StyledBackground);
    m_confirm->setStyleSheet(QStringLiteral("#voidConfirmPanel { background: #7f1d1d; border-radius: 10px; }"));
    auto* cl = new QHBoxLayout(m_confirm);
    m_confirmText = new QLabel(m_confirm);
    m_confirmText->setObjectName(QStringLiteral("voidConfirmText"));
    m_confirmText->setWordWrap(true);
    m_confirmText->installEventFilter(this);
    m_remark = new QLineEdit(m_confirm);
    m_remark->setObjectName(QStringLiteral("voidRemarkEdit"));
    m_remark->installEventFilter(this);
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
    m_confirm->installEventFilter(this);
    outer->addWidget(m_confirm);

    // Another guest count: pick the new number, then one confirmation voids the visit and records the new one.
    m_party = new QWidget(this);
    m_party->setObjectName(QStringLiteral("partyChangePanel"));
    m_party->setAttribute(Qt::WA_StyledBackground);
    m_party->setStyleSheet(QStringLiteral("#partyChangePanel { background: #1e3a8a; border-radius: 10px; }"));
    auto* pl = new QHBoxLayout(m_party);
    m_partyText = new QLabel(m_party);
    m_partyText->setObjectName(QStringLiteral("partyChangeText"));
    m_partyText->setWordWrap(true);
    m_partyText->installEventFilter(this);
    m_partyMinus = new QPushButton(QStringLiteral("−"), m_party);
    m_partyMinus->setObjectName(QStringLiteral("partyChangeMinusButton"));
    m_partyCount = new QLabel(m_party);
    m_partyCount->setObjectName(QStringLiteral("partyChangeCount"));
    m_partyCount->setAlignment(Qt::AlignCenter);
    m_partyCount->setMinimumWidth(48);
    m_partyPlus = new QPushButton(QStringLiteral("+"), m_party);
    m_partyPlus->setObjectName(QStringLiteral("partyChangePlusButton"));
    m_partyConfirm = new QPushButton(m_party);
    m_partyConfirm->setObjectName(QStringLiteral("partyChangeConfirmButton"));
    m_partyConfirm->setProperty("role", QStringLiteral("primary"));
    m_partyCancel = new QPushButton(m_party);
    m_partyCancel->setObjectName(QStringLiteral("partyChangeCancelButton"));
    pl->addWidget(m_partyText, 2);
    pl->addWidget(m_partyMinus);
    pl->addWidget(m_partyCount);
    pl->addWidget(m_partyPlus);
    pl->addWidget(m_partyConfirm);
    pl->addWidget(m_partyCancel);
    m_party->hide();
    m_party->installEventFilter(this);
    outer->addWidget(m_party);

    m_keyboard = new Keypad(Keypad::Layout::Text, QStringLiteral("today"), this);
    m_keyboard->setObjectName(QStringLiteral("todayKeyboard"));
    m_keyboard->setMinimumHeight(240);
    m_keyboard->hide();
    outer->addWidget(m_keyboard);
    m_keyboardTarget = m_search;

    auto* bottom = new QHBoxLayout;
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("todayMessage"));
    m_message->setProperty("role", QStringLiteral("hint"));
    m_message->setWordWrap(true);
    m_changeParty = new QPushButton(this);
    m_changeParty->setObjectName(QStringLiteral("changeGuestsButton"));
    m_void = new QPushButton(this);
    m_void->setObjectName(QStringLiteral("voidButton"));
    m_void->setProperty("role", QStringLiteral("danger"));
    m_exportCsv = new QPushButton(this);
    m_exportCsv->setObjectName(QStringLiteral("exportReportCsvButton"));
    m_exportPdf = new QPushButton(this);
    m_exportPdf->setObjectName(QStringLiteral("exportReportPdfButton"));
    m_exportCsv->hide();
    m_exportPdf->hide();
    bottom->addWidget(m_message, 1);
    bottom->addWidget(m_exportCsv);
    bottom->addWidget(m_exportPdf);
    bottom->addWidget(m_changeParty);
    bottom->addWidget(m_void);
    outer->addLayout(bottom);

    connect(m_back, &QPushButton::clicked, controller, &app::KioskController::returnToReady);
    connect(m_search, &QLineEdit::textChanged, m_today, &app::TodayController::setSearch);
    connect(m_today, &app::TodayController::searchChanged, this, [this](const QString& text) {
        if (m_search->text() != text) {
            m_search->setText(text); // a scanned pass fills the search
        }
        updateButtons();
    });
    connect(m_today, &app::TodayController::codeNotFound, this,
            [this] { m_message->setText(tr("This code is not a pass this terminal knows.")); });
    connect(m_today, &app::TodayController::todayChanged, this, &TodayScreen::reload);
    // The sessions and the report replace the visits; at most one of them shows.
    connect(m_sessionsToggle, &QPushButton::toggled, this, [this](bool on) {
        if (on) {
            m_reportToggle->setChecked(false);
        }
        showPanel();
    });
    connect(m_reportToggle, &QPushButton::toggled, this, [this](bool on) {
        if (on) {
            m_sessionsToggle->setChecked(false);
            m_message->clear();
        }
        showPanel();
    });
    connect(m_exportCsv, &QPushButton::clicked, this, [this] { m_today->exportReport(app::ReportFormat::Csv); });
    connect(m_exportPdf, &QPushButton::clicked, this, [this] { m_today->exportReport(app::ReportFormat::Pdf); });
    connect(m_today, &app::TodayController::reportExported, this, [this](const QString& path) {
        m_message->setText(tr("Shift report saved: %1").arg(QDir::toNativeSeparators(path)));
    });
    connect(m_today, &app::TodayController::reportExportFailed, this, [this](const core::Error& e) {
        if (e.code == core::ErrorCode::Forbidden) {
            m_message->setText(tr("Only a supervisor can export the shift report. Ask a supervisor to sign in."));
        } else if (e.code == core::ErrorCode::NotFound) {
            m_message->setText(tr("No export folder is set up for this desk. Ask lounge IT (export_dir)."));
        } else {
            m_message->setText(tr("The shift report could not be saved (%1). Check the USB stick or the export "
                                  "folder and try again.")
                                   .arg(ReasonText::storeError(e)));
        }
    });
    connect(m_keyboardToggle, &QPushButton::toggled, m_keyboard, &QWidget::setVisible);
    connect(m_keyboard, &Keypad::keyPressed, this, [this](const QString& text) { m_keyboardTarget->insert(text); });
    connect(m_keyboard, &Keypad::backspacePressed, this, [this] { m_keyboardTarget->backspace(); });
    connect(m_keyboard, &Keypad::clearPressed, this, [this] { m_keyboardTarget->clear(); });
    connect(m_keyboard, &Keypad::okPressed, this, [this] { m_keyboardToggle->setChecked(false); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TodayScreen::updateButtons);
    connect(m_void, &QPushButton::clicked, this, [this] {
        if (auto r = selected()) {
            m_party->hide();
            m_today->requestVoid(r->id);
        }
    });
    connect(m_today, &app::TodayController::voidConfirmationRequested, this, &TodayScreen::showConfirm);
    connect(m_confirmVoid, &QPushButton::clicked, this, [this] {
        m_confirm->hide();
        m_keyboardTarget = m_search;
        m_today->confirmVoid(m_remark->text());
    });
    connect(m_cancelVoid, &QPushButton::clicked, this, [this] {
        m_confirm->hide();
        m_keyboardTarget = m_search;
        m_today->cancelVoid();
    });
    connect(m_changeParty, &QPushButton::clicked, this, &TodayScreen::showPartyChange);
    connect(m_partyMinus, &QPushButton::clicked, this, [this] { setPartyCount(m_newPartySize - 1); });
    connect(m_partyPlus, &QPushButton::clicked, this, [this] { setPartyCount(m_newPartySize + 1); });
    connect(m_partyCancel, &QPushButton::clicked, this, [this] {
        m_party->hide();
        m_partyCandidate.reset();
    });
    connect(m_partyConfirm, &QPushButton::clicked, this, [this] {
        if (m_partyCandidate) {
            m_party->hide();
            m_message->setText(tr("Changing the guest count…"));
            m_today->changePartySize(m_partyCandidate->id, m_newPartySize, tr("Guest count changed"));
            m_partyCandidate.reset();
        }
    });
    connect(m_today, &app::TodayController::partySizeChanged, this, [this](const core::Decision& d) {
        m_table->clearSelection();
        m_message->setText(
            d.recorded ? tr("Guest count changed: %Ln people now. The old visit is voided.", nullptr, d.partySize)
                       : tr("Guest count not changed: %1").arg(ReasonText::reason(d.reason)));
    });
    connect(m_today, &app::TodayController::partySizeChangeFailed, this,
            [this](const core::Error& e) { m_message->setText(ReasonText::storeError(e)); });
    // After a void (or a failed one) nothing stays selected: the rows move (the void is listed on top), and a
    // selection by row would point at somebody else. A second void takes a new selection and a new confirmation.
    connect(m_today, &app::TodayController::voidRecorded, this, [this] {
        m_table->clearSelection();
        m_message->setText(tr("Visit voided. The visit has been refunded to the pass."));
        updateButtons();
    });
    connect(m_today, &app::TodayController::voidFailed, this, [this](const core::Error& e) {
        m_table->clearSelection();
        m_message->setText(ReasonText::storeError(e));
        updateButtons();
    });
    // A reload keeps the selection on the same visit (by id), never on the same row number.
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        const auto r = selected();
        m_keepSelection = r ? r->id : QUuid();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (!m_keepSelection.isNull()) {
            for (int row = 0; row < m_filter->rowCount(); ++row) {
                if (m_filter->index(row, 0).data(TodayModel::IdRole).toUuid() == m_keepSelection) {
                    selectRow(row); // not m_table->selectRow: it selects nothing in Arabic (right-to-left)
                    break;
                }
            }
        }
        m_keepSelection = QUuid();
        updateButtons();
    });
    connect(controller, &app::KioskController::screenChanged, this, [this](app::Screen s) {
        if (s == app::Screen::Today) {
            m_search->clear();
            m_message->clear();
            m_confirm->hide();
            m_party->hide();
            m_partyCandidate.reset();
            m_keyboardTarget = m_search;
            m_sessionsToggle->setChecked(false);
            m_reportToggle->setChecked(false);
            m_keyboardToggle->setChecked(false);
        }
    });
    retranslate();
}

void TodayScreen::retranslate()
{
    m_title->setText(tr("Today"));
    m_search->setPlaceholderText(tr("Search name, number or pass, or scan the pass"));
    m_back->setText(tr("Back"));
    m_void->setText(tr("Void visit"));
    m_changeParty->setText(tr("Change guests"));
    m_confirmVoid->setText(tr("Yes, void"));
    m_cancelVoid->setText(tr("Keep"));
    m_remark->setPlaceholderText(tr("Reason (optional)"));
    m_partyConfirm->setText(tr("Change"));
    m_partyCancel->setText(tr("Keep"));
    m_keyboardToggle->setText(tr("Keyboard"));
    m_sessionsToggle->setText(tr("Staff sessions"));
    m_reportToggle->setText(tr("Shift report"));
    m_exportCsv->setText(tr("Export CSV"));
    m_exportPdf->setText(tr("Export PDF"));
    for (QPushButton* b : {m_back, m_void, m_changeParty, m_confirmVoid, m_cancelVoid, m_partyConfirm, m_partyCancel,
                           m_keyboardToggle, m_sessionsToggle, m_reportToggle, m_exportCsv, m_exportPdf}) {
        Theme::keepTextWhole(b);
    }
    arrangeToggles();
    m_reportModel->retranslate();
    m_sessions->setHorizontalHeaderLabels({tr("Time"), tr("Staff"), tr("What happened")});
    m_model->retranslate();
    reloadStats();
    reloadSessions();
}

void TodayScreen::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    arrangeToggles();
    updateCompact();
}

bool TodayScreen::isCompact() const
{
    return height() < kCompactHeight;
}

bool TodayScreen::correcting() const
{
    return !m_confirm->isHidden() || !m_party->isHidden();
}

void TodayScreen::updateCompact()
{
    // In a short window (800×480) the list, a confirmation and the rows above it do not all fit: the breakdown by
    // hour and programme gives way (the shift report has it), and while a void or guest-count change is being
    // confirmed so do the statistics and the Void / Change guests buttons (the panel has its own), and the list
    // scrolls to the visit being corrected.
    const bool compact = isCompact();
    const bool correcting = this->correcting();
    m_breakdown->setVisible(!m_breakdown->text().isEmpty() && !m_reportToggle->isChecked() && !compact);
    m_stats->setVisible(!(compact && correcting));
    updateButtons();
    if (correcting) {
        QTimer::singleShot(0, this, [this] {
            const auto rows = m_table->selectionModel()->selectedRows();
            if (!rows.isEmpty()) {
                m_table->scrollTo(rows.first());
            }
        });
    }
}

void TodayScreen::arrangeToggles()
{
    // One row when title, a usable search field, the three toggles and Back fit side by side at their texts'
    // widths; otherwise (800×480, a portrait window, longer languages) the toggles get a row of their own, or two
    // (two per row) when even the three alone do not fit.
    const QMargins margins = m_outer->contentsMargins();
    const int spacing = qMax(0, m_top->spacing());
    const int gap = qMax(0, m_toggles->horizontalSpacing());
    int toggles = 2 * gap;
    for (QPushButton* b : {m_keyboardToggle, m_sessionsToggle, m_reportToggle}) {
        toggles += b->sizeHint().width();
    }
    const int room = width() - margins.left() - margins.right();
    const int search = qMax(m_search->minimumSizeHint().width(), m_search->fontMetrics().averageCharWidth() * 12);
    const int oneRow = m_title->sizeHint().width() + search + toggles + m_back->sizeHint().width() + 3 * spacing;
    const int layout = room >= oneRow ? 0 : room >= toggles ? 1 : 2; // beside the title, one row, two rows
    if (layout == m_toggleLayout) {
        return;
    }
    m_toggleLayout = layout;
    const bool inTop = m_top->indexOf(m_toggleBar) >= 0;
    if (layout == 0 && !inTop) {
        m_outer->removeWidget(m_toggleBar);
        m_top->insertWidget(2, m_toggleBar);
    } else if (layout != 0 && inTop) {
        m_top->removeWidget(m_toggleBar);
        m_outer->insertWidget(1, m_toggleBar);
    }
    for (QWidget* w : {static_cast<QWidget*>(m_keyboardToggle), static_cast<QWidget*>(m_sessionsToggle),
                       static_cast<QWidget*>(m_reportToggle)}) {
        m_toggles->removeWidget(w);
    }
    m_toggles->addWidget(m_keyboardToggle, 0, 0);
    m_toggles->addWidget(m_sessionsToggle, 0, 1);
    if (layout == 2) {
        m_toggles->addWidget(m_reportToggle, 1, 0, 1, 2); // two per row: long labels keep their width
    } else {
        m_toggles->addWidget(m_reportToggle, 0, 2);
    }
}

void TodayScreen::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

bool TodayScreen::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_reportView->viewport() && event->type() == QEvent::Resize) {
        fitReportColumns();
    }
    if ((watched == m_confirm || watched == m_party)
        && (event->type() == QEvent::ShowToParent || event->type() == QEvent::HideToParent)) {
        updateCompact();
    }
    if ((watched == m_confirmText || watched == m_partyText)
        && (event->type() == QEvent::Resize || event->type() == QEvent::Show)) {
        fitWrapped(static_cast<QLabel*>(watched));
    }
    if (event->type() == QEvent::FocusIn) {
        // The on-screen keyboard types where staff last touched: the search or the void reason.
        if (watched == m_search || watched == m_remark) {
            m_keyboardTarget = static_cast<QLineEdit*>(watched);
        }
    }
    return QWidget::eventFilter(watched, event);
}

void TodayScreen::fitWrapped(QLabel* label)
{
    // The screen stack answers no height-for-width (docs/gui.md, threads), so a wrapped label in a row would keep
    // the height its size hint guessed and lose its last lines in a narrow window.
    // A hidden label's width is not the one it will get: measure once it is laid out (Show, Resize).
    label->setMinimumHeight(label->isVisible() ? label->heightForWidth(label->width()) : 0);
}

void TodayScreen::fitReportColumns()
{
    // The item column stretches, but never below what a line of the report needs to be read (a portrait window):
    // then it keeps that width and the view scrolls sideways to the numbers.
    QHeaderView* header = m_reportView->header();
    int numbers = 0;
    for (int c = ShiftReportModel::Visits; c < ShiftReportModel::ColumnCount; ++c) {
        numbers += header->sectionSize(c);
    }
    const int minimum = header->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 16;
    if (m_reportView->viewport()->width() - numbers >= minimum) {
        header->setSectionResizeMode(ShiftReportModel::Item, QHeaderView::Stretch);
    } else {
        header->setSectionResizeMode(ShiftReportModel::Item, QHeaderView::Interactive);
        header->resizeSection(ShiftReportModel::Item, minimum);
    }
}

void TodayScreen::reload()
{
    m_reportModel->setReport(m_today->today().report);
    reloadStats();
    updateButtons();
    reloadSessions();
}

void TodayScreen::reloadStats()
{
    const auto& s = m_today->today().stats;
    const QLocale loc;
    m_stats->setText(tr("Admitted %1 in %2 (%3) · %4 admitted anyway · %5 paid entries · %6 refused · %7 voided")
                         .arg(tr("%Ln person(s)", nullptr, s.admitted), tr("%Ln visit(s)", nullptr, s.redemptions),
                              tr("%Ln guest(s)", nullptr, s.guests), loc.toString(s.overrides),
                              loc.toString(s.paidEntries), loc.toString(s.refused), loc.toString(s.voided)));
    QStringList hours;
    for (auto it = s.peopleByHour.cbegin(); it != s.peopleByHour.cend(); ++it) {
        hours << tr("%1h: %2").arg(loc.toString(QTime(it.key(), 0), QStringLiteral("HH")), loc.toString(it.value()));
    }
    QStringList programs;
    for (auto it = s.peopleByProgram.cbegin(); it != s.peopleByProgram.cend(); ++it) {
        const QString name = it.key() == QLatin1String("Paid entry") ? tr("Paid entry")
            : it.key().isEmpty()                                     ? tr("Other")
                                                                     : it.key();
        programs << QStringLiteral("%1: %2").arg(name, loc.toString(it.value()));
    }
    m_breakdown->setText(hours.isEmpty()
                             ? QString()
                             : tr("By hour: %1").arg(hours.join(QStringLiteral("  "))) + QStringLiteral("\n")
                                 + tr("By programme: %1").arg(programs.join(QStringLiteral("  "))));
    updateCompact();
}

void TodayScreen::reloadSessions()
{
    const auto& events = m_today->today().staffEvents;
    m_sessions->setRowCount(int(events.size()));
    for (int i = 0; i < events.size(); ++i) {
        const core::StaffEvent& e = events[i];
        const QString cells[] = {
            ReasonText::clockSeconds(e.at),
            e.staffId,
            ReasonText::staffEvent(e),
        };
        for (int c = 0; c < 3; ++c) {
            m_sessions->setItem(i, c, new QTableWidgetItem(cells[c]));
        }
    }
}

void TodayScreen::showPanel()
{
    const bool sessions = m_sessionsToggle->isChecked();
    const bool report = m_reportToggle->isChecked();
    m_table->setVisible(!sessions && !report);
    m_search->setVisible(!sessions && !report); // the search looks through visits
    m_sessions->setVisible(sessions);
    m_reportView->setVisible(report);
    updateCompact(); // the breakdown: the report has it in full
    m_exportCsv->setVisible(report);
    m_exportPdf->setVisible(report);
    if (sessions || report) {
        m_confirm->hide();
        m_party->hide();
        m_today->cancelVoid();
    }
    updateButtons();
}

void TodayScreen::selectRow(int row)
{
    if (row < 0 || row >= m_filter->rowCount()) {
        return;
    }
    m_table->selectionModel()->setCurrentIndex(m_filter->index(row, 0),
                                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

std::optional<Redemption> TodayScreen::selected() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        return std::nullopt;
    }
    const QModelIndex source = m_filter->mapToSource(rows.first());
    if (!source.isValid() || source.row() >= m_model->rowCount()) {
        return std::nullopt;
    }
    return m_model->row(source.row()).visit; // a refusal is not a visit: nothing to void
}

void TodayScreen::updateButtons()
{
    const auto r = selected();
    const bool supervisor = m_controller->allows(core::StaffAction::Void);
    const bool visits = !m_sessionsToggle->isChecked() && !m_reportToggle->isChecked();
    // A short window with a confirmation open: its own buttons stand in for these (updateCompact).
    const bool roomy = !isCompact() || !correcting();
    m_void->setVisible(supervisor && visits && roomy);
    m_changeParty->setVisible(supervisor && visits && roomy);
    m_void->setEnabled(r && m_today->canVoid(*r));
    m_changeParty->setEnabled(r && m_today->canChangePartySize(*r));
    if (!supervisor && visits && m_message->text().isEmpty()) {
        m_message->setText(tr("A supervisor can void a visit or change its guest count."));
    }
}

void TodayScreen::showConfirm(const Redemption& r)
{
    m_confirmText->setText(
        tr("Void the visit of %1 (%Ln person(s)) at %2? The visit is refunded to the pass.", nullptr, r.partySize)
            .arg(r.holderName, ReasonText::clock(r.at)));
    fitWrapped(m_confirmText);
    m_remark->clear();
    m_confirm->show();
}

void TodayScreen::showPartyChange()
{
    const auto r = selected();
    if (!r || !m_today->canChangePartySize(*r)) {
        return;
    }
    m_confirm->hide();
    m_today->cancelVoid();
    m_partyCandidate = r;
    setPartyCount(r->partySize);
    m_party->show();
}

void TodayScreen::setPartyCount(int count)
{
    if (!m_partyCandidate) {
        return;
    }
    m_newPartySize = qBound(1, count, 20);
    m_partyCount->setText(QLocale().toString(m_newPartySize));
    m_partyText->setText(
        tr("%1 came in as %Ln person(s) at %2. How many people are there?", nullptr, m_partyCandidate->partySize)
            .arg(m_partyCandidate->holderName, ReasonText::clock(m_partyCandidate->at)));
    fitWrapped(m_partyText);
    m_partyMinus->setEnabled(m_newPartySize > 1);
    m_partyPlus->setEnabled(m_newPartySize < 20);
    m_partyConfirm->setEnabled(m_newPartySize != m_partyCandidate->partySize);
}

} // namespace lounge::gui
