#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace lounge::app {
class KioskController;
}

namespace lounge::gui {

/// Sync state, last success/failure, pending uploads, clock offset, initial-download progress.
class SyncScreen : public QWidget
{
    Q_OBJECT
public:
    explicit SyncScreen(app::KioskController* controller, QWidget* parent = nullptr);
    void refresh();

protected:
    void changeEvent(QEvent* event) override;

private:
    app::KioskController* m_controller;
    QLabel* m_title;
    QLabel* m_state;
    QLabel* m_details;
    QProgressBar* m_progress;
    QPushButton* m_back;
    QPushButton* m_syncNow;
};

} // namespace lounge::gui
