#pragma once

#include "TerminalSettings.h"
#include "controller/KioskTypes.h"
#include "controller/StaffAuthenticator.h"
#include "gui/ShiftReportDocument.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <memory>

namespace lounge::scanner {
class FrameSource;
class KeyboardWedge;
class Scanner;
} // namespace lounge::scanner

namespace lounge::core {
class Clock;
}

namespace lounge::app {
class KioskController;
class SetupController;
class StoreWorker;
class SystemdNotifier;
class WorkerBackend;
} // namespace lounge::app

namespace lounge::gui {

class LanguageManager;
class MainWindow;
class SetupScreen;
class SoundPlayer;

/// The kiosk composed: store worker thread, controller, window, scanner pipeline, sounds, language. The only place
/// that knows all the parts; main(), the GUI tests and the benchmark build the same object.
class KioskRuntime : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString dataDir;
        /// Video file, image file or folder; empty = the camera from settings; "none" = no frame source.
        QString source;
        bool loopVideo = true;
        bool seedDemo = false; ///< tests and benchmarks: fill an empty cache with the demo data set (no ribbon)
        /// Explicit demo mode (`--demo`, or "Try the demo" on the set-up screen): the demo data set in a cache that
        /// is not enrolled (the caller refuses demo mode on an enrolled one: refuseDemoOnEnrolledCache) and the
        /// DEMO ribbon on every screen. Setting the desk up later moves such a cache aside (SetupController).
        bool demoMode = false;
        /// A cache that is not enrolled starts on the "Set up this desk" screen (the installed kiosk).
        bool setupWhenUnenrolled = false;
        QString defaultCentralUrl; ///< terminal.conf central_url: pre-fills the set-up screen
        core::TerminalSettings::Mode deskMode = core::TerminalSettings::Mode::OfflineFirst; ///< for set-up
        QString cameraId; ///< terminal.conf camera: overrides the stored camera when set
        bool keyboardWedge = true;
        bool scansEnabled = true; ///< false: frames are shown but decoded codes are not acted on
        QString language; ///< overrides the stored setting when set
        /// terminal.conf export_dir: where a supervisor's shift-report exports go; empty = <dataDir>/reports.
        QString exportDir;
        std::shared_ptr<const core::Clock> clock; ///< null = system clock
        std::unique_ptr<app::StaffAuthenticator> authenticator; ///< null = demo staff
    };

    explicit KioskRuntime(Options options, QObject* parent = nullptr);
    ~KioskRuntime() override;

    /// Opens the store (on the worker) and starts the frame source.
    void start();

    app::KioskController* controller() const { return m_controller.get(); }
    app::StoreWorker* worker() const { return m_worker; }
    MainWindow* window() const { return m_window.get(); }
    scanner::Scanner* scanner() const { return m_scanner; }
    LanguageManager* languages() const { return m_languages; }
    SoundPlayer* sounds() const { return m_sounds; }
    /// While the set-up screen shows (null otherwise).
    app::SetupController* setup() const { return m_setup; }
    SetupScreen* setupScreen() const { return m_setupScreen; }
    bool isDemo() const { return m_demo; }
    app::SystemdNotifier* systemd() const { return m_systemd; }
    /// The desk's cache file.
    QString cachePath() const;
    /// Demo mode must never put demo data into an enrolled desk's cache: the reason to refuse, empty when fine.
    static QString demoRefusal(const QString& cachePath);

    /// Restarts the frame source from the current settings' camera (after a settings change).
    void restartSource();

signals:
    /// The first time the ready screen is up with the store open (cold start measurement).
    void readyShown();
    /// The set-up screen is done: the desk starts (enrolled, or in demo mode).
    void setupFinished(bool demo);

private:
    void startDesk();
    /// Logs "kiosk ready: WHAT" and tells systemd READY=1 (once).
    void markReady(const QString& what);
    void beginSetup();
    void endSetup(bool demo);
    /// A decoded code to the set-up screen while it shows, else to the desk; false when the screen did not act on it.
    bool routeScan(const QByteArray& raw, qint64 arrivalNs);
    void createSource();
    void applySettings();

    Options m_options;
    std::shared_ptr<const core::Clock> m_clock;
    QThread m_workerThread;
    app::StoreWorker* m_worker = nullptr; // lives on m_workerThread, deleted there
    std::unique_ptr<app::WorkerBackend> m_backend; // GUI thread: forwards to m_worker
    ShiftReportDocument m_reportWriter; // declared before the controller that points at it
    std::unique_ptr<app::KioskController> m_controller;
    std::unique_ptr<MainWindow> m_window;
    LanguageManager* m_languages = nullptr;
    SoundPlayer* m_sounds = nullptr;
    scanner::FrameSource* m_source = nullptr;
    scanner::Scanner* m_scanner = nullptr;
    scanner::KeyboardWedge* m_wedge = nullptr;
    QString m_sourceCameraId;
    QList<QByteArray> m_unacted; ///< identities of camera codes the current screen did not act on
    bool m_readyEmitted = false;
    bool m_settingsSeen = false;
    bool m_demo = false;
    bool m_readyNotified = false;
    app::SetupController* m_setup = nullptr;
    SetupScreen* m_setupScreen = nullptr;
    app::SystemdNotifier* m_systemd = nullptr;
};

/// Maps the scanner's source state to the kiosk's camera health.
app::CameraHealth cameraHealthFor(int sourceState, bool isFile);

} // namespace lounge::gui
