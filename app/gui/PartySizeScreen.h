#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace lounge::app {
class KioskController;
}

namespace lounge::gui {

/// +/- guest picker before the visit is recorded, bounded by the allowance and the visits left.
class PartySizeScreen : public QWidget
{
    Q_OBJECT
public:
    explicit PartySizeScreen(app::KioskController* controller, QWidget* parent = nullptr);
    void refresh();

protected:
    void changeEvent(QEvent* event) override;

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
};

} // namespace lounge::gui
