// A burst of frames faster than the decoder: memory stays bounded (one in flight, one waiting) and the newest wins.
#include "scanner/FrameDecoder.h"
#include "scanner/SyntheticCodes.h"

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

QTEST_GUILESS_MAIN(TestFrameDecoder)
#include "tst_framedecoder.moc"
