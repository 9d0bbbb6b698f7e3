#pragma once

#include <QWidget>

class QLabel;

namespace lounge::app {
class KioskController;
}

namespace lounge::gui {

/// Runtime faults as banners above every screen, never as modal boxes: database trouble, camera trouble,
/// central unreachable, out-of-date cache. Each clears itself when the controller reports the condition gone.
class BannerBar : public QWidget
{
    Q_OBJECT
public:
    explicit BannerBar(app::KioskController* controller, QWidget* parent = nullptr);
    void refresh();

protected:
    void changeEvent(QEvent* event) override;

private:
    app::KioskController* m_controller;
    QLabel* m_store;
    QLabel* m_camera;
    QLabel* m_offline;
    QLabel* m_stale;
};

} // namespace lounge::gui
