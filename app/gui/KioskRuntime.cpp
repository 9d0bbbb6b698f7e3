#include "gui/KioskRuntime.h"

#include "controller/KioskController.h"
#include "controller/SetupController.h"
#include "controller/StaffAuthenticator.h"
#include "controller/StoreBackend.h"
#include "controller/StoreWorker.h"
#include "controller/SystemdNotifier.h"
#include "controller/TodayController.h"
#include "gui/LanguageManager.h"
#include "gui/LiveView.h"
#include "gui/MainWindow.h"
#include "gui/ReadyScreen.h"
#include "gui/SetupScreen.h"
#include "gui/SoundPlayer.h"
#include "scanner/CameraSource.h"
#include "scanner/ImageSource.h"
#include "scanner/KeyboardWedge.h"
#include "scanner/Scanner.h"
#include "scanner/VideoFileSource.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcGui, "lounge.app.gui")

namespace lounge::gui {

using scanner::SourceState;

app::CameraHealth cameraHealthFor(int state, bool isFile)
{
    switch (SourceState(state)) {
    case SourceState::Stopped:
        return app::CameraHealth::Off;
    case SourceState::Starting:
        return app::CameraHealth::Starting;
    case SourceState::Active:
    case SourceState::Exhausted:
        return isFile ? app::CameraHealth::DemoVideo : app::CameraHealth::Active;
    case SourceState::NoCamera:
        return app::CameraHealth::NoCamera;
    case SourceState::CameraUnplugged:
        return app::CameraHealth::Unplugged;
    case SourceState::CameraBusy:
        return app::CameraHealth::Busy;
    case SourceState::PermissionDenied:
        return app::CameraHealth::Denied;
    case SourceState::Failed:
        return app::CameraHealth::Failed;
    }
    return app::CameraHealth::Failed;
}

KioskRuntime::KioskRuntime(Options options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_clock = m_options.clock ? m_options.clock : std::make_shared<core::SystemClock>();
    auto auth = m_options.authenticator ? std::move(m_options.authenticator)
                                        : std::make_unique<app::DemoStaffAuthenticator>();
    m_demo = m_options.demoMode;
    m_worker = new app::StoreWorker(app::StoreWorker::Options {cachePath(), m_options.seedDemo || m_demo}, m_clock,
                                    std::move(auth));
    m_workerThread.setObjectName(QStringLiteral("store-worker"));
    m_worker->moveToThread(&m_workerThread);
    connect(&m_workerThread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_workerThread.start();

    m_backend = std::make_unique<app::WorkerBackend>(m_worker);
    m_controller = std::make_unique<app::KioskController>(m_backend.get(), m_clock);
    m_controller->todayController()->setReportExport(&m_reportWriter,
                                                     m_options.exportDir.isEmpty()
                                                         ? QDir(m_options.dataDir).filePath(QStringLiteral("reports"))
                                                         : m_options.exportDir);
    m_languages = new LanguageManager(this);
    m_sounds = new SoundPlayer(this);
    m_window = std::make_unique<MainWindow>(m_controller.get());
    m_window->setDemoRibbonVisible(m_demo);
    m_systemd = new app::SystemdNotifier(this);

    connect(m_controller.get(), &app::KioskController::verdictPresented, m_sounds,
            [this](app::VerdictTone tone) { m_sounds->play(tone); });
    connect(m_controller.get(), &app::KioskController::settingsChanged, this, &KioskRuntime::applySettings);
    connect(m_controller.get(), &app::KioskController::screenChanged, this, [this](app::Screen s) {
        // Re-arm the codes the last screen could not act on (a pass shown to the locked desk): one still held in
        // view gets its verdict now. Codes that were acted on stay debounced, so a pass held still gives one visit.
        if (m_scanner && !m_unacted.isEmpty()) {
            m_scanner->rearm(m_unacted);
        }
        m_unacted.clear();
        if (!m_readyEmitted && s == app::Screen::Ready && m_controller->isStoreOpen()) {
            m_readyEmitted = true;
            emit readyShown();
        }
    });
    if (!m_options.language.isEmpty()) {
        m_languages->setLanguage(m_options.language);
    } else {
        m_languages->setLanguage(QStringLiteral("en"));
    }
}

KioskRuntime::~KioskRuntime()
{
    m_systemd->notifyStopping();
    if (m_scanner) {
        m_scanner->stop();
    }
    if (m_wedge) {
        qApp->removeEventFilter(m_wedge);
    }
    delete m_scanner;
    m_scanner = nullptr;
    delete m_source;
    m_source = nullptr;
    m_window.reset();
    m_workerThread.quit();
    m_workerThread.wait(); // shutdown only: the worker finishes its current statement
    m_controller.reset();
    m_backend.reset();
}

QString KioskRuntime::cachePath() const
{
    return QDir(m_options.dataDir).filePath(QStringLiteral("cache.sqlite"));
}

QString KioskRuntime::demoRefusal(const QString& cachePath)
{
    auto needs = app::SetupController::needsSetup(cachePath);
    if (!needs) {
        return needs.error().toString();
    }
    return *needs ? QString()
                  : QStringLiteral("%1 belongs to an enrolled desk: demo mode would mix demo codes into it (use "
                                   "another --data-dir for the demo)")
                        .arg(cachePath);
}

void KioskRuntime::start()
{
    bool setup = false;
    if (!m_demo && m_options.setupWhenUnenrolled) {
        auto needs = app::SetupController::needsSetup(cachePath());
        if (!needs) {
            // The desk starts and shows the store fault banner with what to do; set-up cannot help here.
            qCWarning(lcGui) << "cannot read the cache to decide on set-up:" << needs.error().toString();
        }
        setup = needs && *needs;
    }
    if (setup) {
        beginSetup();
    } else {
        startDesk();
    }
    if (m_options.keyboardWedge && !m_wedge) {
        m_wedge = new scanner::KeyboardWedge({}, {}, this);
        qApp->installEventFilter(m_wedge);
        connect(m_wedge, &scanner::KeyboardWedge::codeScanned, this, [this](const scanner::ScanEvent& e) {
            routeScan(e.bytes.isEmpty() ? e.text.toUtf8() : e.bytes, e.frameArrivalNs);
        });
    }
    createSource();
    if (setup) {
        // Once the event loop runs, the set-up screen is up: tell systemd (READY=1, watchdog pings from this thread).
        QTimer::singleShot(0, this, [this] { markReady(QStringLiteral("set-up screen")); });
    }
}

void KioskRuntime::markReady(const QString& what)
{
    if (m_readyNotified) {
        return;
    }
    m_readyNotified = true;
    qCInfo(lcGui).noquote() << "kiosk ready:" << what;
    m_systemd->notifyReady(what);
}

void KioskRuntime::startDesk()
{
    // The desk is ready for systemd once its cache is open (or its fault banner says why it is not): a kiosk that
    // can never open its store still runs and shows that, rather than being restarted in a loop.
    auto deskReady = [this] {
        if (m_controller->isStoreOpen() || m_controller->storeFault()) {
            markReady(m_demo ? QStringLiteral("demo desk") : QStringLiteral("desk"));
        }
    };
    connect(m_controller.get(), &app::KioskController::settingsChanged, this, deskReady);
    connect(m_controller.get(), &app::KioskController::statusChanged, this, deskReady);
    m_controller->start();
}

void KioskRuntime::beginSetup()
{
    app::SetupController::Options o;
    o.cachePath = cachePath();
    o.defaultCentralUrl = m_options.defaultCentralUrl;
    o.mode = m_options.deskMode;
    m_setup = new app::SetupController(std::move(o), m_clock, this);
    m_setupScreen = new SetupScreen(m_setup);
    connect(m_setup, &app::SetupController::finished, this, [this] { endSetup(false); });
    connect(m_setupScreen, &SetupScreen::demoRequested, this, [this] { endSetup(true); });
    m_window->showOverlayScreen(m_setupScreen);
    m_systemd->notifyStatus(QStringLiteral("waiting for set-up"));
}

void KioskRuntime::endSetup(bool demo)
{
    m_window->clearOverlayScreen();
    m_setupScreen->deleteLater();
    m_setupScreen = nullptr;
    m_setup->deleteLater();
    m_setup = nullptr;
    if (demo) {
        // The cache is not enrolled (that is why set-up showed): the demo data set goes into it, and setting the
        // desk up later moves it aside before enrolling.
        m_demo = true;
        QMetaObject::invokeMethod(m_worker, [w = m_worker, path = cachePath()] { w->useCache(path, true); });
        m_window->setDemoRibbonVisible(true);
    }
    qCInfo(lcGui) << (demo ? "set-up screen: demo mode chosen" : "set-up finished: starting the desk");
    startDesk();
    m_systemd->notifyStatus(demo ? QStringLiteral("demo desk") : QStringLiteral("desk"));
    emit setupFinished(demo);
}

bool KioskRuntime::routeScan(const QByteArray& raw, qint64 arrivalNs)
{
    if (m_setup) {
        return m_setup->handleScan(raw); // the set-up screen reads only enrollment QR codes
    }
    return m_controller->handleScan(raw, arrivalNs);
}

void KioskRuntime::applySettings()
{
    const auto& s = m_controller->settings();
    m_sounds->setEnabled(s.sound);
    if (m_options.language.isEmpty()) {
        m_languages->setLanguage(s.language);
    } else if (m_settingsSeen) {
        // --lang holds until a supervisor saves the settings; from then on the stored choice wins.
        m_options.language.clear();
        m_languages->setLanguage(s.language);
    }
    m_settingsSeen = true;
    if (m_options.source.isEmpty() && m_options.cameraId.isEmpty() && m_scanner && s.cameraId != m_sourceCameraId) {
        restartSource();
    }
}

void KioskRuntime::restartSource()
{
    if (m_scanner) {
        m_scanner->stop();
        m_scanner->deleteLater();
        m_scanner = nullptr;
    }
    if (m_source) {
        m_source->deleteLater();
        m_source = nullptr;
    }
    createSource();
}

void KioskRuntime::createSource()
{
    const QString& src = m_options.source;
    if (src == QLatin1String("none")) {
        m_controller->setCameraHealth(app::CameraHealth::Off);
        return;
    }
    bool isFile = false;
    if (src.isEmpty()) {
        m_sourceCameraId = m_options.cameraId.isEmpty() ? m_controller->settings().cameraId : m_options.cameraId;
        m_source = new scanner::CameraSource(m_sourceCameraId.toUtf8());
    } else {
        const QFileInfo info(src);
        isFile = true;
        const QString suffix = info.suffix().toLower();
        const bool image = info.isDir() || QStringList {"png", "jpg", "jpeg", "bmp", "webp"}.contains(suffix);
        if (image) {
            auto images = scanner::ImageSource::create({src});
            if (!images) {
                qCWarning(lcGui) << "cannot read images from" << src;
                m_controller->setCameraHealth(app::CameraHealth::Failed);
                return;
            }
            m_source = *images;
        } else {
            auto* video = new scanner::VideoFileSource(src);
            video->setLooping(m_options.loopVideo);
            m_source = video;
        }
    }
    m_scanner = new scanner::Scanner(m_source, scanner::Scanner::defaultReaderOptions(*m_source));
    LiveView* live = m_window->readyScreen()->liveView();
    connect(
        m_source, &scanner::FrameSource::frameArrived, live, [live](const scanner::Frame& f) { live->offerFrame(f); },
        Qt::DirectConnection);
    connect(m_scanner, &scanner::Scanner::frameDecoded, live, &LiveView::showDetections);
    connect(m_scanner, &scanner::Scanner::scanned, this, [this](const scanner::ScanEvent& e) {
        if (!m_options.scansEnabled) {
            return;
        }
        if (!routeScan(e.bytes.isEmpty() ? e.text.toUtf8() : e.bytes, e.frameArrivalNs)) {
            m_unacted.append(e.identity()); // read again once the screen changes, if still in view
        }
    });
    connect(m_scanner, &scanner::Scanner::sourceStateChanged, m_controller.get(),
            [this, isFile](SourceState s) { m_controller->setCameraHealth(cameraHealthFor(int(s), isFile)); });
    m_controller->setCameraHealth(app::CameraHealth::Starting);
    m_scanner->start();
}

} // namespace lounge::gui
