// The real pipeline: an H.264 video made at test time (ZXing writer -> PNG frames -> ffmpeg) played by QMediaPlayer
// into QVideoSink, decoded off the GUI thread, debounced. Every code is reported exactly once, in order.
#include "scanner/Scanner.h"
#include "scanner/SyntheticCodes.h"
#include "scanner/VideoFileSource.h"

#include <QPainter>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace lounge::scanner;

class TestVideoPipeline : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void everyCodeOnceInOrder();

private:
    QTemporaryDir m_dir;
    QString m_video;
    QStringList m_expected;
};

void TestVideoPipeline::initTestCase()
{
    const QString ffmpeg = QStandardPaths::findExecutable("ffmpeg");
    if (ffmpeg.isEmpty())
        QSKIP("ffmpeg not installed (see README install command)");
    QVERIFY(m_dir.isValid());
    // Timeline at 10 fps: A held 0.8 s, gap 0.6 s, B 0.8 s, C 0.8 s (no gap: codes change in view), gap 0.6 s,
    // A again 0.8 s (left the view long enough: a new presentation).
    const QStringList codes = {"LOUNGE-A-0001", "", "LOUNGE-B-0002", "LOUNGE-C-0003", "", "LOUNGE-A-0001"};
    const QList<int> frames = {8, 6, 8, 8, 6, 8};
    int n = 0;
    for (int seg = 0; seg < codes.size(); ++seg) {
        for (int i = 0; i < frames[seg]; ++i) {
            QImage img(640, 480, QImage::Format_RGB32);
            img.fill(QColor(150, 160, 150));
            if (!codes[seg].isEmpty()) {
                QPainter p(&img);
                const QImage code = renderCode(CodeFormat::QrCode, codes[seg], 6);
                p.drawImage(QPointF(320 - code.width() / 2.0 + i * 3, 240 - code.height() / 2.0), code);
            }
            QVERIFY(img.save(m_dir.filePath(QStringLiteral("f%1.png").arg(n++, 4, 10, QLatin1Char('0')))));
        }
        if (!codes[seg].isEmpty())
            m_expected << codes[seg];
    }
    m_video = m_dir.filePath("codes.mp4");
    QProcess ff;
    ff.start(ffmpeg,
             {"-loglevel", "error", "-y", "-framerate", "10", "-i", m_dir.filePath("f%04d.png"), "-c:v", "libx264",
              "-pix_fmt", "yuv420p", "-g", "10", m_video});
    QVERIFY(ff.waitForFinished(60000));
    QVERIFY2(ff.exitCode() == 0, ff.readAllStandardError().constData());
}

void TestVideoPipeline::everyCodeOnceInOrder()
{
    auto* source = new VideoFileSource(m_video);
    Scanner scanner(source, Scanner::defaultReaderOptions(*source), DebounceOptions {.absenceMs = 400, .repeatMs = 0});
    source->setParent(&scanner);
    QSignalSpy scans(&scanner, &Scanner::scanned);
    QSignalSpy finished(&scanner, &Scanner::finished);
    QSignalSpy decodedFrames(&scanner, &Scanner::frameDecoded);
    scanner.start();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
    QCOMPARE(source->state(), SourceState::Exhausted);
    QVERIFY(decodedFrames.count() > 0);
    QStringList got;
    for (const auto& args : scans) {
        const auto e = args.at(0).value<ScanEvent>();
        got << e.text;
        QCOMPARE(e.sourceKind, SourceKind::VideoFile);
        QCOMPARE(e.format, CodeFormat::QrCode);
        QVERIFY(e.frameSize.width() == 640);
        QVERIFY(QRectF(0, 0, 640, 480).contains(e.corners[0]));
    }
    QCOMPARE(got, m_expected);
}

QTEST_MAIN(TestVideoPipeline)
#include "tst_videopipeline.moc"
