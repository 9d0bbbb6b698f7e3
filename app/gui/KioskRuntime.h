#pragma once

#include "controller/KioskTypes.h"
#include "controller/StaffAuthenticator.h"

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
class StoreWorker;
class WorkerBackend;
} // namespace lounge::app

namespace lounge::gui {

class LanguageManager;
class MainWindow;
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
        bool seedDemo = false;
        bool keyboardWedge = true;
        bool scansEnabled = true; ///< false: frames are shown but decoded codes are not acted on
        QString language; ///< overrides the stored setting when set
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

    /// Restarts the frame source from the current settings' camera (after a settings change).
    void restartSource();

signals:
    /// The first time the ready screen is up with the store open (cold start measurement).
    void readyShown();

private:
    void createSource();
    void applySettings();

    Options m_options;
    std::shared_ptr<const core::Clock> m_clock;
    QThread m_workerThread;
    app::StoreWorker* m_worker = nullptr; // lives on m_workerThread, deleted there
    std::unique_ptr<app::WorkerBackend> m_backend; // GUI thread: forwards to m_worker
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
};

/// Maps the scanner's source state to the kiosk's camera health.
app::CameraHealth cameraHealthFor(int sourceState, bool isFile);

} // namespace lounge::gui
