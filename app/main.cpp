#include "AccessService.h"
#include "TerminalSettings.h"
#include "cli/Cli.h"
#include "cli/ReportCommand.h"
#include "cli/ScanCommand.h"
#include "controller/TerminalConfig.h"
#include "gui/KioskRuntime.h"
#include "gui/MainWindow.h"
#include "gui/ScreenshotTour.h"
#include "scanner/ScanEvent.h"

#include <QApplication>
#include <QCameraDevice>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMediaDevices>
#include <QScreen>
#include <QStandardPaths>
#include <QTextStream>

#include <cstdio>

namespace {

/// The demo video rendered at build time: next to the executable in the build tree, in share/ when installed.
QString findDemoVideo()
{
    const QString dir = QCoreApplication::applicationDirPath();
    for (const QString& candidate :
         {dir + QStringLiteral("/demo/demo.mp4"), dir + QStringLiteral("/../share/lounge-terminal/demo.mp4")}) {
        if (QFileInfo::exists(candidate)) {
            return QFileInfo(candidate).canonicalFilePath();
        }
    }
    return {};
}

int runGui(int argc, char* argv[])
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Airport lounge access terminal. Without a command it starts the kiosk; `lounge-terminal help` lists the "
        "command-line functions."));
    p.addHelpOption();
    p.addVersionOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Directory of the local cache."),
                                     QStringLiteral("dir"));
    const QCommandLineOption source(QStringLiteral("source"),
                                    QStringLiteral("Read codes from a video file, an image or a folder of images "
                                                   "instead of the camera ('none' = keyboard scanner only)."),
                                    QStringLiteral("path"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Demo mode: the demo data set in a cache that is not enrolled, a "
                                                 "DEMO ribbon on every screen, and the built-in demo video of codes "
                                                 "when there is no camera."));
    const QCommandLineOption config(QStringLiteral("config"),
                                    QStringLiteral("Settings file (/etc/lounge-terminal/terminal.conf: data_dir, "
                                                   "camera, central_url, language, desk_mode)."),
                                    QStringLiteral("file"));
    const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("Language: en, zh_CN, ar."),
                                  QStringLiteral("code"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QStringLiteral("Window size WIDTHxHEIGHT (default: full "
                                                 "screen)."),
                                  QStringLiteral("WxH"));
    QCommandLineOption tour(QStringLiteral("screenshot-tour"),
                            QStringLiteral("Walk every screen, save PNGs into DIR, and quit."), QStringLiteral("dir"));
    tour.setFlags(QCommandLineOption::HiddenFromHelp);
    p.addOptions({dataDir, source, demo, config, lang, size, tour});
    // Parsed before QApplication exists (which needs a display): an unknown option is a usage error (64, as the
    // README lists), not an abort without a display nor QCommandLineParser::process()'s exit 1.
    QStringList arguments;
    for (int i = 0; i < argc; ++i) {
        arguments << QString::fromLocal8Bit(argv[i]);
    }
    if (!p.parse(arguments) || !p.positionalArguments().isEmpty()) {
        QTextStream err(stderr);
        err << "lounge-terminal: "
            << (p.errorText().isEmpty()
                    ? QStringLiteral("unexpected argument '%1'").arg(p.positionalArguments().value(0))
                    : p.errorText())
            << " (try lounge-terminal --help)\n";
        return lounge::app::kExitUsage;
    }
    if (p.isSet(QStringLiteral("help"))) {
        p.showHelp(lounge::app::kExitOk);
    }
    if (p.isSet(QStringLiteral("version"))) {
        p.showVersion();
    }
    QApplication app(argc, argv);

    lounge::app::TerminalConfig conf;
    if (p.isSet(config)) {
        auto loaded = lounge::app::TerminalConfig::load(p.value(config));
        if (!loaded) {
            QTextStream(stderr) << "lounge-terminal: " << loaded.error().detail << Qt::endl;
            return lounge::app::kExitConfig; // EX_CONFIG: systemd's journal shows the line; the unit gives up after a
                                             // few restarts
        }
        conf = *loaded;
    }
    lounge::gui::KioskRuntime::Options options;
    options.dataDir = p.isSet(dataDir) ? p.value(dataDir)
        : !conf.dataDir.isEmpty()      ? conf.dataDir
                                       : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    // Demo data only ever in explicit demo mode; a kiosk that is not enrolled starts on "Set up this desk".
    const bool demoMode = p.isSet(demo) || p.isSet(tour);
    if (demoMode) {
        const QString refusal
            = lounge::gui::KioskRuntime::demoRefusal(QDir(options.dataDir).filePath(QStringLiteral("cache.sqlite")));
        if (!refusal.isEmpty()) {
            QTextStream(stderr) << "lounge-terminal: " << refusal << Qt::endl;
            return lounge::app::kExitData; // refused operation (README exit codes)
        }
    }
    options.demoMode = demoMode;
    options.setupWhenUnenrolled = !demoMode;
    options.defaultCentralUrl = conf.centralUrl;
    options.exportDir = conf.exportDir;
    options.deskMode = conf.deskMode;
    options.language = p.isSet(lang) ? p.value(lang) : conf.language;
    if (conf.camera == QLatin1String("none")) {
        options.source = QStringLiteral("none");
    } else {
        options.cameraId = conf.camera;
    }
    if (p.isSet(source)) {
        options.source = p.value(source);
    } else if (demoMode && QMediaDevices::videoInputs().isEmpty()) {
        // Demo without a camera: play the demo video of the demo codes if we have one. Never on a real desk.
        options.source = findDemoVideo();
        if (options.source.isEmpty()) {
            options.source = QStringLiteral("none");
        }
    } else if (p.isSet(tour)) {
        options.source = findDemoVideo();
        if (options.source.isEmpty()) {
            options.source = QStringLiteral("none");
        }
    }
    if (p.isSet(tour)) {
        options.keyboardWedge = false;
        options.scansEnabled = false; // the tour presents its own codes; the video only paints the live view
    }
    lounge::gui::KioskRuntime runtime(std::move(options));
    auto* window = runtime.window();
    const QStringList wh = p.value(size).split(QLatin1Char('x'));
    if (wh.size() == 2 && wh[0].toInt() > 0 && wh[1].toInt() > 0) {
        window->resize(wh[0].toInt(), wh[1].toInt());
        window->show();
    } else {
        // Cover the screen by geometry as well as by state: without a window manager (a kiosk X session, Xvfb) the
        // full-screen state is only a hint nobody acts on, and the window stayed at its size hint (853×533).
        window->setGeometry(app.primaryScreen()->geometry());
        if (p.isSet(tour)) {
            window->show();
        } else {
            window->showFullScreen();
        }
    }
    runtime.start();
    std::unique_ptr<lounge::gui::ScreenshotTour> screenshotTour;
    if (p.isSet(tour)) {
        screenshotTour = std::make_unique<lounge::gui::ScreenshotTour>(&runtime, p.value(tour));
        QObject::connect(screenshotTour.get(), &lounge::gui::ScreenshotTour::finished, &app,
                         [](int failures) { QCoreApplication::exit(failures == 0 ? 0 : 1); });
        screenshotTour->start();
    }
    return app.exec();
}

/// `lounge-terminal scan ...`: the scanner pipeline on a camera, video or images, printing each scan event with the
/// verdict of the local cache (if one exists at --data-dir / the default location). Needs a QGuiApplication
/// (QVideoSink); without a display it runs offscreen.
int runScan(int argc, char* argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QGuiApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList args = app.arguments().mid(1); // args[0] = "scan"
    QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--data-dir") && i + 1 < args.size()) {
            dataDir = args[i + 1];
            args.remove(i, 2);
            break;
        }
        if (args[i].startsWith(QLatin1String("--data-dir="))) {
            dataDir = args[i].mid(11);
            args.remove(i);
            break;
        }
    }
    // The verdict comes from the local cache when there is one; the scan itself never needs it.
    std::unique_ptr<lounge::core::Store> store;
    std::unique_ptr<lounge::core::AccessService> service;
    lounge::core::SystemClock clock;
    const QString cache = QDir(dataDir).filePath(QStringLiteral("cache.sqlite"));
    if (QFileInfo::exists(cache)) {
        if (auto opened = lounge::core::Store::open(cache); opened) {
            store = std::move(opened).value();
            if (auto settings = lounge::core::TerminalSettings::load(*store); settings) {
                service = std::make_unique<lounge::core::AccessService>(*store, clock,
                                                                        settings->context(QStringLiteral("scan")));
            }
        }
    }
    lounge::app::ScanVerdict verdict;
    if (service) {
        verdict = [&service](const lounge::scanner::ScanEvent& event) {
            const auto d = service->check(
                lounge::core::ScanInput {event.bytes.isEmpty() ? event.text.toUtf8() : event.bytes, 1});
            QString text = lounge::core::toString(d.verdict) + QLatin1Char(' ') + lounge::core::toString(d.reason);
            if (!d.holderName.isEmpty()) {
                text += QStringLiteral(" (%1)").arg(d.holderName);
            }
            return text;
        };
    }
    return lounge::app::runScanCommand(args, out, err, verdict);
}

/// `lounge-terminal report shift ...`: needs a QGuiApplication for the PDF (fonts); without a display, offscreen.
int runReport(int argc, char* argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QGuiApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    return lounge::app::runReportCommand(app.arguments().mid(1), out, err);
}

QList<lounge::app::CliCommand> guiCommandEntries()
{
    // Listed in --help; main() runs them itself because they need a QGuiApplication.
    return {{QStringLiteral("scan"), QStringLiteral("Print each code read from --source camera|video|image|folder"),
             [](lounge::app::CliContext&, const QStringList&) { return 0; }},
            {QStringLiteral("report"),
             QStringLiteral("End-of-shift report of a local day: report shift [--date D] [--csv F] [--pdf F]"),
             [](lounge::app::CliContext&, const QStringList&) { return 0; }}};
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication::setApplicationName(QStringLiteral("lounge-terminal"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LOUNGE_VERSION));
    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    const bool help
        = first == QLatin1String("help") || first == QLatin1String("--help") || first == QLatin1String("-h");
    if (lounge::app::isCliCommand(first) || help || first == QLatin1String("--version")) {
        QTextStream out(stdout);
        QTextStream err(stderr);
        QCoreApplication app(argc, argv);
        return lounge::app::runCli(app.arguments(), out, err, guiCommandEntries());
    }
    if (first == QLatin1String("scan")) {
        return runScan(argc, argv);
    }
    if (first == QLatin1String("report")) {
        return runReport(argc, argv);
    }
    if (!first.isEmpty() && !first.startsWith(QLatin1Char('-'))) {
        // A misspelt command ("redem") must not start the kiosk: usage and 64, without touching a display.
        QTextStream out(stdout);
        QTextStream err(stderr);
        QCoreApplication app(argc, argv);
        return lounge::app::runCli(app.arguments(), out, err, guiCommandEntries());
    }
    return runGui(argc, argv);
}
