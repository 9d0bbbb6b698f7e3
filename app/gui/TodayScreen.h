#pragma once

#include "Domain.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace lounge::app {
class KioskController;
}

namespace lounge::gui {

/// The day's redemptions with search; a supervisor voids one within the window after an inline confirmation.
/// "Staff sessions" switches the table to the day's staff session log (sign-ins, locks, takeovers).
class TodayScreen : public QWidget
{
    Q_OBJECT
public:
    explicit TodayScreen(app::KioskController* controller, QWidget* parent = nullptr);
    QTableWidget* table() const { return m_table; }
    QTableWidget* sessionsTable() const { return m_sessions; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void reload();
    void reloadSessions();
    void showSessions(bool sessions);
    void updateButtons();
    void showConfirm(const core::Redemption& record);
    std::optional<core::Redemption> selected() const;

    app::KioskController* m_controller;
    QLabel* m_title;
    QLineEdit* m_search;
    QLabel* m_stats;
    QTableWidget* m_table;
    QTableWidget* m_sessions;
    QPushButton* m_sessionsToggle;
    QLabel* m_message;
    QPushButton* m_void;
    QPushButton* m_back;
    QWidget* m_confirm;
    QLabel* m_confirmText;
    QLineEdit* m_remark;
    QPushButton* m_confirmVoid;
    QPushButton* m_cancelVoid;
    QList<core::Redemption> m_rows;
};

} // namespace lounge::gui
