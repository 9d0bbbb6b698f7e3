#pragma once

#include "Result.h"
#include "controller/KioskTypes.h"

#include <QWidget>

#include <optional>

class QLabel;
class QStackedWidget;
class QPushButton;
class QTimer;

namespace lounge::app {
class KioskController;
}

namespace lounge::gui {

class Keypad;

/// Staff sign-in on an on-screen keypad. With staff accounts: staff number (or a scanned badge), then PIN. With the
/// demo cache: the demo PIN alone, and the screen says which PINs those are. Scans reach it through the controller.
class SignInScreen : public QWidget
{
    Q_OBJECT
public:
    explicit SignInScreen(app::KioskController* controller, QWidget* parent = nullptr);
    QString enteredPin() const { return m_pin; }

protected:
    void changeEvent(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    void retranslate();
    void retranslateLocked(app::SignInStep step);
    void updateDots();
    void showError(const app::SignInFailure& failure);
    /// A lock-out message counts down while it is shown and says when the wait is over.
    void refreshLockOut();
    void clearError();
    void submit();

    app::KioskController* m_controller;
    QString m_pin;
    QLabel* m_title;
    QLabel* m_hint;
    QLabel* m_dots;
    QLabel* m_demo;
    QPushButton* m_back;
    QLabel* m_error;
    Keypad* m_keypad;
    Keypad* m_letters; ///< staff numbers with letters (A-1, S-1): a keyboard page on the staff number step
    QPushButton* m_lettersToggle;
    QStackedWidget* m_keypads;
    void updateKeypads();
    std::optional<app::SignInFailure> m_lockOut; ///< the lock-out being shown, if any
    QTimer* m_lockOutTimer;
};

} // namespace lounge::gui
