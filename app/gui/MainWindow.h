#pragma once

#include "controller/KioskTypes.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QStackedWidget;

namespace lounge::app {
class KioskController;
}

namespace lounge::gui {

class BannerBar;
class BoardingPassScreen;
class ManualEntryScreen;
class PartySizeScreen;
class ReadyScreen;
class SettingsScreen;
class SignInScreen;
class StatusBar;
class SyncScreen;
class TodayScreen;
class VerdictScreen;

/// The kiosk window: fault banners on top, the current screen, the status bar at the bottom. Renders the
/// controller's state and forwards intents; holds no business rules.
class MainWindow : public QWidget
{
    Q_OBJECT
public:
    explicit MainWindow(app::KioskController* controller, QWidget* parent = nullptr);

    ReadyScreen* readyScreen() const { return m_ready; }
    VerdictScreen* verdictScreen() const { return m_verdict; }
    QWidget* screenWidget(app::Screen screen) const { return m_screens.value(screen); }
    QWidget* currentScreenWidget() const;

    /// A screen outside the controller's state machine (the set-up screen before the desk starts): shown until
    /// clearOverlayScreen(); the controller's screen changes meanwhile are remembered, not shown.
    void showOverlayScreen(QWidget* screen);
    void clearOverlayScreen();
    /// The permanent DEMO ribbon above every screen (explicit demo mode only).
    void setDemoRibbonVisible(bool visible);

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void showScreen(app::Screen screen);

    app::KioskController* m_controller;
    QLabel* m_demoRibbon;
    QWidget* m_overlay = nullptr;
    BannerBar* m_banners;
    QStackedWidget* m_stack;
    StatusBar* m_status;
    SignInScreen* m_signIn;
    ReadyScreen* m_ready;
    PartySizeScreen* m_party;
    BoardingPassScreen* m_boardingPass;
    VerdictScreen* m_verdict;
    ManualEntryScreen* m_manual;
    TodayScreen* m_today;
    SyncScreen* m_sync;
    SettingsScreen* m_settings;
    QHash<app::Screen, QWidget*> m_screens;
    double m_scale = 0;
};

} // namespace lounge::gui
