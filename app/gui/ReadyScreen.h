#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace lounge::app {
class KioskController;
}

namespace lounge::gui {

class LiveView;

/// Waiting for a code: the live camera view with its aiming guide, and the staff actions.
class ReadyScreen : public QWidget
{
    Q_OBJECT
public:
    explicit ReadyScreen(app::KioskController* controller, QWidget* parent = nullptr);
    LiveView* liveView() const { return m_live; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void refresh();

    app::KioskController* m_controller;
    LiveView* m_live;
    QLabel* m_prompt;
    QLabel* m_busy;
    QPushButton* m_manual;
    QPushButton* m_today;
    QPushButton* m_sync;
    QPushButton* m_settings;
    QPushButton* m_lock;
    QPushButton* m_signOut;
};

} // namespace lounge::gui
