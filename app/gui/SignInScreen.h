#pragma once

#include "Result.h"

#include <QWidget>

class QLabel;

namespace lounge::app {
class KioskController;
}

namespace lounge::gui {

class Keypad;

/// Staff PIN on an on-screen keypad; a scanned staff badge signs in too (the controller routes scans here).
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
    void updateDots();
    void showError(const core::Error& error);

    app::KioskController* m_controller;
    QString m_pin;
    QLabel* m_title;
    QLabel* m_hint;
    QLabel* m_dots;
    QLabel* m_error;
    Keypad* m_keypad;
};

} // namespace lounge::gui
