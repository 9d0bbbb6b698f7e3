#pragma once

#include <QWidget>

class QLabel;

namespace lounge::app {
class KioskController;
}

namespace lounge::gui {

/// Bottom line of every screen: resource, online/offline/syncing, last sync age, pending uploads, camera, clock.
class StatusBar : public QWidget
{
    Q_OBJECT
public:
    explicit StatusBar(app::KioskController* controller, QWidget* parent = nullptr);
    void refresh();

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    app::KioskController* m_controller;
    /// Shows m_resourceName elided with "…" to the width the states leave; the full name is its tooltip.
    void elideResource();

    QString m_resourceName;
    QLabel* m_resource;
    QLabel* m_sync;
    QLabel* m_lastSync;
    QLabel* m_pending;
    QLabel* m_camera;
    QLabel* m_staff;
    QLabel* m_clock;
};

} // namespace lounge::gui
