#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace lounge::app {
class KioskController;
}

namespace lounge::gui {

class Keypad;

/// A code or a membership number typed on the on-screen keyboard; then the same flow as a scan.
class ManualEntryScreen : public QWidget
{
    Q_OBJECT
public:
    explicit ManualEntryScreen(app::KioskController* controller, QWidget* parent = nullptr);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    app::KioskController* m_controller;
    QLabel* m_title;
    QLineEdit* m_edit;
    Keypad* m_keypad;
    QPushButton* m_cancel;
};

} // namespace lounge::gui
