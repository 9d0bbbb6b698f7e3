#pragma once

#include "Domain.h"

#include <QUuid>
#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QGridLayout;
class QHBoxLayout;
class QTableWidget;
class QTreeView;
class QVBoxLayout;

namespace lounge::app {
class KioskController;
class TodayController;
} // namespace lounge::app

namespace lounge::gui {

class Keypad;
class ShiftReportModel;
class TodayFilter;
class TodayModel;

/// The day at this desk (TodayModel behind a TodayFilter): visits, refused scans and "admitted anyway" marked, the
/// shift statistics, search by name / number / pass id or by scanning the pass, and for a supervisor: void a visit
/// or change its guest count (one action: a void plus a new linked visit), each after an inline confirmation.
/// An on-screen keyboard types into the search or the reason. "Staff sessions" shows the day's session log; "Shift
/// report" the end-of-shift report (ShiftReportModel) with CSV/PDF export for a supervisor.
class TodayScreen : public QWidget
{
    Q_OBJECT
public:
    explicit TodayScreen(app::KioskController* controller, QWidget* parent = nullptr);
    QTableView* table() const { return m_table; }
    QTableWidget* sessionsTable() const { return m_sessions; }
    TodayModel* model() const { return m_model; }
    QTreeView* reportView() const { return m_reportView; }
    /// Selects the whole row `row` of the (filtered) table, as a tap on it does, in either layout direction.
    /// Not QTableView::selectRow: in a right-to-left view Qt 6.4 takes the row's first cell from the header at
    /// x = the viewport's width, one pixel past the view's left edge, gets no column and selects nothing.
    void selectRow(int row);

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void retranslate();
    void reload();
    void reloadStats();
    void reloadSessions();
    /// Which of the three panels shows: the visits (default), the staff sessions or the shift report.
    void showPanel();
    void fitReportColumns();
    /// The toggles beside the title when the whole top row fits at its texts' widths, else on rows of their own.
    void arrangeToggles();
    /// Shorter than this (800×480 with the ribbon and status bar) the screen saves rows: see updateCompact.
    static constexpr int kCompactHeight = 500;
    bool isCompact() const;
    /// A void or a guest-count change is waiting for its confirmation (its panel is open).
    bool correcting() const;
    void updateCompact();
    /// A wrapped label in a row (the confirmation texts) gets the height its text needs at its width.
    static void fitWrapped(QLabel* label);
    void updateButtons();
    void showConfirm(const core::Redemption& record);
    void showPartyChange();
    void setPartyCount(int count);
    std::optional<core::Redemption> selected() const;

    app::KioskController* m_controller;
    app::TodayController* m_today;
    TodayModel* m_model;
    TodayFilter* m_filter;
    QLabel* m_title;
    QLineEdit* m_search;
    QLabel* m_stats;
    QLabel* m_breakdown;
    QTableView* m_table;
    QTableWidget* m_sessions;
    QPushButton* m_sessionsToggle;
    QPushButton* m_reportToggle;
    QWidget* m_toggleBar;
    QGridLayout* m_toggles;
    QHBoxLayout* m_top;
    QVBoxLayout* m_outer;
    ShiftReportModel* m_reportModel;
    QTreeView* m_reportView;
    QPushButton* m_exportCsv;
    QPushButton* m_exportPdf;
    QPushButton* m_keyboardToggle;
    Keypad* m_keyboard;
    QLineEdit* m_keyboardTarget = nullptr;
    QLabel* m_message;
    QPushButton* m_void;
    QPushButton* m_changeParty;
    QPushButton* m_back;
    QWidget* m_confirm;
    QLabel* m_confirmText;
    QLineEdit* m_remark;
    QPushButton* m_confirmVoid;
    QPushButton* m_cancelVoid;
    QWidget* m_party;
    QLabel* m_partyText;
    QPushButton* m_partyMinus;
    QLabel* m_partyCount;
    QPushButton* m_partyPlus;
    QPushButton* m_partyConfirm;
    QPushButton* m_partyCancel;
    int m_newPartySize = 1;
    std::optional<core::Redemption> m_partyCandidate;
    QUuid m_keepSelection; ///< the visit selected across a reload
    int m_toggleLayout = 0; ///< arrangeToggles: 0 beside the title, 1 a row of their own, 2 two rows
};

} // namespace lounge::gui
