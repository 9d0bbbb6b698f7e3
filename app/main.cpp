#include "cli/Cli.h"
#include "gui/KioskRuntime.h"
#include "gui/MainWindow.h"
#include "gui/ScreenshotTour.h"

#include <QApplication>
#include <QCameraDevice>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
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
    QApplication app(argc, argv);
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
                                  QStringLiteral("Play the built-in demo video of codes (the cache is seeded with the "
                                                 "demo data set when empty)."));
    const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("Language: en, zh_CN, ar."),
                                  QStringLiteral("code"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QStringLiteral("Window size WIDTHxHEIGHT (default: full "
                                                 "screen)."),
                                  QStringLiteral("WxH"));
    QCommandLineOption tour(QStringLiteral("screenshot-tour"),
                            QStringLiteral("Walk every screen, save PNGs into DIR, and quit."), QStringLiteral("dir"));
    tour.setFlags(QCommandLineOption::HiddenFromHelp);
    p.addOptions({dataDir, source, demo, lang, size, tour});
    p.process(app);

    lounge::gui::KioskRuntime::Options options;
    options.dataDir
        = p.isSet(dataDir) ? p.value(dataDir) : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    options.seedDemo = true; // only ever fills an empty cache; an enrolled terminal's cache is never empty
    options.language = p.value(lang);
    if (p.isSet(source)) {
        options.source = p.value(source);
    } else if (p.isSet(demo) || p.isSet(tour) || QMediaDevices::videoInputs().isEmpty()) {
        // No camera on this machine (or asked for the demo): play the demo video if we have one.
        options.source = findDemoVideo();
        if (options.source.isEmpty()) {
            options.source = p.isSet(demo) || p.isSet(tour) ? QStringLiteral("none") : QString();
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
    } else if (p.isSet(tour)) {
        // Xvfb has no window manager: cover the screen by geometry.
        window->setGeometry(app.primaryScreen()->geometry());
        window->show();
    } else {
        window->showFullScreen();
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

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication::setApplicationName(QStringLiteral("lounge-terminal"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LOUNGE_VERSION));
    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (lounge::app::isCliCommand(first) || first == QLatin1String("help")) {
        QTextStream out(stdout);
        QTextStream err(stderr);
        QCoreApplication app(argc, argv);
        return lounge::app::runCli(app.arguments(), out, err);
    }
    return runGui(argc, argv);
}
