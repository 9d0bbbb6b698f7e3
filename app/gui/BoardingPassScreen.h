#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace lounge::app {
class KioskController;
}

namespace lounge::gui {

/// "Scan boarding pass" (issue 14 §3): one of two scans is in hand and the desk asks for the other one — the holder's
/// boarding pass (with their name), the lounge pass after a boarding pass ("Boarding pass for SMITH/JOHN MR, CX 123 —
/// now scan the lounge pass"), or each guest's boarding pass ("Guest 1 of 2"). A scan that cannot be used says why
/// and keeps what is in hand. Cancel goes back to ready, recording nothing. "No boarding pass" opens the supervisor
/// override: a reason (picked or typed) and, unless a supervisor is signed in, a supervisor's staff number and PIN.
class BoardingPassScreen : public QWidget
{
    Q_OBJECT
public:
    explicit BoardingPassScreen(app::KioskController* controller, QWidget* parent = nullptr);
    void refresh();

protected:
    void changeEvent(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    void retranslate();
    void showOverride(bool show);
    void submitOverride();

    app::KioskController* m_controller;
    QLabel* m_title;
    QLabel* m_detail;
    QLabel* m_problem;
    QWidget* m_overridePanel;
    QLabel* m_overrideTitle;
    QComboBox* m_reason;
    QLineEdit* m_staffId;
    QLineEdit* m_pin;
    QLabel* m_overrideError;
    QPushButton* m_overrideConfirm;
    QPushButton* m_overrideBack;
    QPushButton* m_cancel;
    QPushButton* m_noBoardingPass;
};

} // namespace lounge::gui
