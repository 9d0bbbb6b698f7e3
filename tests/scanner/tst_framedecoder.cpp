// A burst of frames faster than the decoder: memory stays bounded (one in flight, one waiting) and the newest wins.
#include "scanner/FrameDecoder.h"
#include "scanner/SyntheticCodes.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace lounge::scanner;

namespace {
Frame frameWith(const QString& text, int seq)
{
    QImage img(1280, 720, QImage::Format_Grayscale8);
    img.fill(200);
    if (!text.isEmpty()) {
        const QImage code = renderCode(CodeFormat::QrCode, text, 6);
        for (int y = 0; y < code.height(); ++y)
            std::copy_n(code.constScanLine(y), code.width(), img.scanLine(200 + y) + 400);
    }
    Frame f;
    f.image = img;
    f.arrivalNs = steadyNowNs();
    f.kind = SourceKind::Camera;
    f.source = QStringLiteral("burst-%1").arg(seq);
    return f;
}
} // namespace

class TestFrameDecoder : public QObject
{
    Q_OBJECT
private slots:
    void burstKeepsMemoryBoundedAndNewestWins();
    void decodesOffTheCallingThread();
    void decodingThreadYieldsToTheGuiThread();
    void streamHeavierPassesRunOnTheirOwnLowerPriorityThread();
};

void TestFrameDecoder::burstKeepsMemoryBoundedAndNewestWins()
{
    // Exhaustive effort on code-less frames makes each decode slow, so the burst certainly outruns the worker.
    FrameDecoder decoder(ReaderOptions {.effort = Effort::Exhaustive});
    QSignalSpy decoded(&decoder, &FrameDecoder::frameDecoded);
    QSignalSpy idle(&decoder, &FrameDecoder::idle);
    const int burst = 200;
    const Frame empty = frameWith({}, 0);
    for (int i = 0; i < burst - 1; ++i) {
        Frame f = empty;
        f.source = QStringLiteral("burst-%1").arg(i);
        decoder.submit(f);
    }
    decoder.submit(frameWith(QStringLiteral("NEWEST-FRAME"), burst - 1));
    const DecoderStats during = decoder.stats();
    QCOMPARE(during.submitted, burst);
    QVERIFY(during.maxPending <= 2); // never more than one in flight + one waiting
    QVERIFY(during.dropped >= burst - 3); // everything between the first and the newest was dropped
    QTRY_VERIFY_WITH_TIMEOUT(idle.count() > 0, 30000);
    QVERIFY(decoder.isIdle());
    const DecoderStats after = decoder.stats();
    QCOMPARE(after.decoded + after.dropped, burst);
    QVERIFY(after.decoded <= 3);
    // The newest frame was decoded, and last.
    QTRY_COMPARE(decoded.count(), after.decoded);
    const auto last = decoded.last().at(0).value<DecodedFrame>();
    QCOMPARE(last.source, QStringLiteral("burst-%1").arg(burst - 1));
    QCOMPARE(last.detections.size(), 1);
    QCOMPARE(last.detections.front().text, QStringLiteral("NEWEST-FRAME"));
}

void TestFrameDecoder::decodesOffTheCallingThread()
{
    FrameDecoder decoder;
    QSignalSpy decoded(&decoder, &FrameDecoder::frameDecoded);
    Qt::HANDLE receivedOn = nullptr;
    connect(&decoder, &FrameDecoder::frameDecoded, this, [&] { receivedOn = QThread::currentThreadId(); });
    decoder.submit(frameWith(QStringLiteral("THREAD-CHECK"), 1));
    QTRY_COMPARE(decoded.count(), 1);
    const auto result = decoded.first().at(0).value<DecodedFrame>();
    QCOMPARE(result.detections.size(), 1);
    QVERIFY(result.decodedOnThread != nullptr);
    QVERIFY(result.decodedOnThread != QThread::currentThreadId()); // decoded on the worker...
    QCOMPARE(receivedOn, QThread::currentThreadId()); // ...delivered on ours
}

namespace {
/// Nice value of every thread of this process (Linux: /proc/self/task/TID/stat, field 19), by thread id.
QMap<QString, int> threadNiceValues()
{
    QMap<QString, int> out;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString& tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat(tasks.filePath(tid + QStringLiteral("/stat")));
        if (!stat.open(QIODevice::ReadOnly)) {
            continue;
        }
        const QByteArray line = stat.readAll();
        // Fields after the command name (which is in parentheses and may hold spaces): state is field 3, nice 19.
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 16) {
            out.insert(tid, fields.at(16).toInt());
        }
    }
    return out;
}
} // namespace

// Issue 16: outside Stream mode (still images) the one decoding thread runs at a lower priority than the rest of the
// process.
void TestFrameDecoder::decodingThreadYieldsToTheGuiThread()
{
    const int processNice = threadNiceValues().value(QString::number(QCoreApplication::applicationPid()));
    FrameDecoder decoder(ReaderOptions {.effort = Effort::Exhaustive});
    QSignalSpy decoded(&decoder, &FrameDecoder::frameDecoded);
    decoder.submit(frameWith(QStringLiteral("PRIORITY-CHECK"), 1));
    QTRY_COMPARE(decoded.count(), 1);
    const QMap<QString, int> nice = threadNiceValues();
    QCOMPARE(nice.value(QString::number(QCoreApplication::applicationPid())), processNice); // this (GUI) thread
    QCOMPARE(std::count(nice.cbegin(), nice.cend(), processNice + FrameDecoder::kDecoderNiceIncrement), 1);
}

// Issue 16: a camera's frames. The plain pass (where a presented code is read) runs at the process's priority and
// never waits behind an empty frame's heavier passes: those run on a second thread, niced by kHeavierNiceIncrement,
// and report that frame themselves.
void TestFrameDecoder::streamHeavierPassesRunOnTheirOwnLowerPriorityThread()
{
    const int processNice = threadNiceValues().value(QString::number(QCoreApplication::applicationPid()));
    FrameDecoder decoder(ReaderOptions {.effort = Effort::Stream});
    QSignalSpy decoded(&decoder, &FrameDecoder::frameDecoded);
    decoder.submit(frameWith({}, 1)); // nothing to read: plain pass, then the heavier passes
    QTRY_COMPARE(decoded.count(), 1);
    decoder.submit(frameWith(QStringLiteral("STREAM-PLAIN"), 2)); // read by the plain pass
    QTRY_COMPARE(decoded.count(), 2);
    QTRY_VERIFY(decoder.isIdle());
    const auto empty = decoded.at(0).at(0).value<DecodedFrame>();
    const auto code = decoded.at(1).at(0).value<DecodedFrame>();
    QCOMPARE(empty.source, QStringLiteral("burst-1"));
    QVERIFY(empty.detections.isEmpty());
    QCOMPARE(code.detections.size(), 1);
    QCOMPARE(code.detections.front().text, QStringLiteral("STREAM-PLAIN"));
    QCOMPARE(code.detections.front().pass, 0); // the plain pass
    QVERIFY(code.decodedOnThread != QThread::currentThreadId());
    QVERIFY(empty.decodedOnThread != QThread::currentThreadId());
    QVERIFY(code.decodedOnThread != empty.decodedOnThread); // the heavier passes ran elsewhere
    const QMap<QString, int> nice = threadNiceValues();
    QCOMPARE(std::count(nice.cbegin(), nice.cend(), processNice + FrameDecoder::kHeavierNiceIncrement), 1);
    QCOMPARE(std::count(nice.cbegin(), nice.cend(), processNice + FrameDecoder::kDecoderNiceIncrement), 0);
    QCOMPARE(decoder.stats().decoded, 2);
}

QTEST_GUILESS_MAIN(TestFrameDecoder)
#include "tst_framedecoder.moc"
