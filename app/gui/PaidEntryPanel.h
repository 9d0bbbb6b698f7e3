#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace lounge::app {
class KioskController;
}

namespace lounge::gui {

/// On a REJECT that offers paid entry: "Paid entry" opens a small form (how many people, amount optional) and
/// records a walk-in / paid entry (its own visit kind; counted in the shift statistics and uploaded). Hidden on every
/// other verdict, and once the entry is recorded it says so instead.
class PaidEntryPanel : public QWidget
{
    Q_OBJECT
public:
    explicit PaidEntryPanel(app::KioskController* controller, QWidget* parent = nullptr);
    /// Follows the verdict on screen (VerdictScreen::refresh).
    void refresh();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void setCount(int count);

    app::KioskController* m_controller;
    QPushButton* m_open;
    QWidget* m_form;
    QPushButton* m_minus;
    QLabel* m_count;
    QPushButton* m_plus;
    QLineEdit* m_amount;
    QPushButton* m_confirm;
    QLabel* m_message;
    int m_party = 1;
};

} // namespace lounge::gui
