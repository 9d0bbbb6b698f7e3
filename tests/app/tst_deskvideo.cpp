// The kiosk watching a real video (H.264 made at test time with ffmpeg from ZXing-rendered codes, played by
// QMediaPlayer, decoded off-thread, debounced) like a camera at a queue: a pass already in view while the desk is
// signed out gets its verdict once staff sign in; a pass held still for 30 s gives exactly one visit; two passes
// back to back give two. Offscreen, real SQLite store, real-time playback (about 40 s).

#include "KioskFixture.h"
#include "Store.h"
#include "controller/KioskController.h"
#include "gui/KioskRuntime.h"
#include "gui/MainWindow.h"
#include "scanner/Scanner.h"
#include "scanner/SyntheticCodes.h"

#include <QPainter>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace lounge;
using namespace lounge::app;
using namespace lounge::test;

class TestDeskVideo : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void passHeldStillThenTwoBackToBack();

private:
    QTemporaryDir m_dir;
    QString m_video;
};

void TestDeskVideo::initTestCase()
{
    const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
    if (ffmpeg.isEmpty()) {
        QSKIP("ffmpeg not installed (scripts/deps.sh)");
    }
    QVERIFY(m_dir.isValid());
    // 4 fps: Olivia's pass held still 30 s, then Liam's 3 s and Mei's 3 s back to back (no gap), then 2 s of nothing.
    struct Segment
    {
        QByteArray code;
        int seconds;
    };
    const QList<Segment> timeline {{demoCode(kEPass), 30},
                                   {demoCode(QStringLiteral("Asia Explorer member (HKG/SIN only)")), 3},
                                   {demoCode(kEPassOneVisit), 3},
                                   {{}, 2}};
    constexpr int kFps = 4;
    int n = 0;
    for (const Segment& seg : timeline) {
        QImage img(640, 480, QImage::Format_RGB32);
        img.fill(QColor(150, 160, 150));
        if (!seg.code.isEmpty()) {
            QPainter p(&img);
            const QImage code = scanner::renderCode(scanner::CodeFormat::QrCode, QString::fromUtf8(seg.code), 6);
            p.drawImage(QPointF(320 - code.width() / 2.0, 240 - code.height() / 2.0), code);
        }
        for (int i = 0; i < seg.seconds * kFps; ++i) {
            QVERIFY(img.save(m_dir.filePath(QStringLiteral("f%1.png").arg(n++, 4, 10, QLatin1Char('0')))));
        }
    }
    m_video = m_dir.filePath(QStringLiteral("queue.mp4"));
    QProcess ff;
    ff.start(ffmpeg,
             {"-loglevel", "error", "-y", "-framerate", QString::number(kFps), "-i",
              m_dir.filePath(QStringLiteral("f%04d.png")), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "8",
              m_video});
    QVERIFY(ff.waitForFinished(120000));
    QVERIFY2(ff.exitCode() == 0, ff.readAllStandardError().constData());
}

void TestDeskVideo::passHeldStillThenTwoBackToBack()
{
    QTemporaryDir data;
    auto clock = makeClock();
    gui::KioskRuntime::Options o;
    o.dataDir = data.path();
    o.source = m_video;
    o.loopVideo = false;
    o.seedDemo = true;
    o.keyboardWedge = false;
    o.clock = clock;
    gui::KioskRuntime rt(std::move(o));
    KioskController* c = rt.controller();
    c->setVerdictTimeoutOverrideMs(1000); // the ACCEPT goes back to ready many times while the pass is still held
    QSignalSpy presented(c, &KioskController::verdictPresented);
    QSignalSpy noticed(c, &KioskController::scanNoticed);
    rt.window()->resize(1024, 600);
    rt.window()->show();
    rt.start();
    QVERIFY(rt.scanner());
    QSignalSpy finished(rt.scanner(), &scanner::Scanner::finished);
    QTRY_VERIFY(c->isStoreOpen());
    // Signed out: Olivia's pass is in view, is not a staff badge, and is not typed anywhere.
    QTRY_VERIFY_WITH_TIMEOUT(noticed.count() >= 1, 15000);
    QCOMPARE(presented.count(), 0);
    c->submitPin(QStringLiteral("1234"));
    // The desk becomes ready with the pass still in view: it gets its verdict (the debouncer was re-armed).
    QTRY_COMPARE_WITH_TIMEOUT(presented.count(), 1, 10000);
    QCOMPARE(c->verdict().decision.holderName, QStringLiteral("Olivia Brown"));
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(app::toString(c->screen()), app::toString(Screen::Ready), 10000);
    for (const auto& args : presented) {
        QCOMPARE(args.at(0).value<VerdictTone>(), VerdictTone::Accept);
    }
    // One visit for the pass held 30 s, one each for the two back to back: read back from the store.
    auto store = core::Store::open(data.filePath(QStringLiteral("cache.sqlite")));
    QVERIFY(store);
    QCOMPARE((*store)->count(QStringLiteral("journal")).valueOr(-1), 3);
    QCOMPARE(presented.count(), 3);
}

QTEST_MAIN(TestDeskVideo)
#include "tst_deskvideo.moc"
