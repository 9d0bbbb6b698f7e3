#pragma once

#include "controller/KioskTypes.h"

#include <QWidget>

#include <optional>

class QLabel;
class QTimer;

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
    /// How long the "signed out by a supervisor" notice stays.
    static constexpr int kNoticeMs = 15000;
    /// How long a scan notice ("finish this guest first", "sign in first") stays.
    static constexpr int kScanNoticeMs = 4000;

protected:
    void changeEvent(QEvent* event) override;

private:
    app::KioskController* m_controller;
    QLabel* m_store;
    QLabel* m_camera;
    QLabel* m_offline;
    QLabel* m_stale;
    QLabel* m_notice; ///< informational, hides itself after kNoticeMs
    QString m_noticePrevious; ///< whose session a supervisor ended (for retranslation)
    QString m_noticeSupervisor;
    QTimer* m_noticeTimer;
    QLabel* m_nextGuest; ///< the "next guest" chip: someone scanned while the desk was busy
    QLabel* m_scanNotice; ///< why a scan did not go straight to a check
    std::optional<app::ScanNotice> m_lastScanNotice;
    QTimer* m_scanNoticeTimer;
};

} // namespace lounge::gui
