#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTimer;

namespace lounge::app {
class KioskController;
}

namespace lounge::gui {

/// +/- guest picker before the visit is recorded, bounded by the allowance and the visits left. Keys: + / − (also
/// = and the keypad's), Return or Enter admits, Escape cancels. While the visit is being recorded (an online-first
/// wait can take seconds) every button is disabled and the admit button spins "Checking…".
class PartySizeScreen : public QWidget
{
    Q_OBJECT
public:
    explicit PartySizeScreen(app::KioskController* controller, QWidget* parent = nullptr);
    void refresh();

protected:
    void changeEvent(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    app::KioskController* m_controller;
    QLabel* m_holder;
    QLabel* m_program;
    QLabel* m_question;
    QLabel* m_count;
    QLabel* m_limit;
    QPushButton* m_minus;
    QPushButton* m_plus;
    QPushButton* m_admit;
    QPushButton* m_cancel;
    QTimer* m_spin;
    int m_spinFrame = 0;
};

} // namespace lounge::gui
