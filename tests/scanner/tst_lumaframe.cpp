// The decoder reads the luma plane of YUV frames in place (no RGB conversion) and gets the same pixels from RGB.
#include "scanner/CodeReader.h"
#include "scanner/LumaExtractor.h"
#include "scanner/SyntheticCodes.h"

#include <QTest>
#include <QVideoFrame>
#include <QVideoFrameFormat>

using namespace lounge::scanner;

class TestLumaFrame : public QObject
{
    Q_OBJECT
private slots:
    void readsFrameFormats_data();
    void readsFrameFormats();
};

void TestLumaFrame::readsFrameFormats_data()
{
    QTest::addColumn<int>("pixelFormat");
    QTest::addColumn<bool>("zeroCopy");
    QTest::newRow("NV12") << int(QVideoFrameFormat::Format_NV12) << true;
    QTest::newRow("YUV420P") << int(QVideoFrameFormat::Format_YUV420P) << true;
    QTest::newRow("YUYV") << int(QVideoFrameFormat::Format_YUYV) << true;
    QTest::newRow("UYVY") << int(QVideoFrameFormat::Format_UYVY) << true;
    QTest::newRow("BGRA8888") << int(QVideoFrameFormat::Format_BGRA8888) << false;
    QTest::newRow("XRGB8888") << int(QVideoFrameFormat::Format_XRGB8888) << false;
}

void TestLumaFrame::readsFrameFormats()
{
    QFETCH(int, pixelFormat);
    QFETCH(bool, zeroCopy);
    const QString text = QStringLiteral("LUMA-PLANE-TEST-42");
    const QImage code = renderCode(CodeFormat::QrCode, text, 6).convertToFormat(QImage::Format_Grayscale8);
    const int w = code.width() & ~1;
    const int h = code.height() & ~1;
    const auto fmt = QVideoFrameFormat::PixelFormat(pixelFormat);
    QVideoFrame frame(QVideoFrameFormat(QSize(w, h), fmt));
    QVERIFY(frame.map(QVideoFrame::WriteOnly));
    // Write the grey code as Y (and neutral chroma), or as grey RGB.
    for (int y = 0; y < h; ++y) {
        const uchar* src = code.constScanLine(y);
        uchar* p0 = frame.bits(0) + y * frame.bytesPerLine(0);
        for (int x = 0; x < w; ++x) {
            switch (fmt) {
            case QVideoFrameFormat::Format_NV12:
            case QVideoFrameFormat::Format_YUV420P:
                p0[x] = src[x];
                break;
            case QVideoFrameFormat::Format_YUYV:
                p0[2 * x] = src[x], p0[2 * x + 1] = 128;
                break;
            case QVideoFrameFormat::Format_UYVY:
                p0[2 * x] = 128, p0[2 * x + 1] = src[x];
                break;
            default:
                p0[4 * x] = p0[4 * x + 1] = p0[4 * x + 2] = src[x], p0[4 * x + 3] = 255;
                break;
            }
        }
    }
    for (int plane = 1; plane < frame.planeCount(); ++plane)
        std::fill_n(frame.bits(plane), frame.mappedBytes(plane), uchar(128));
    frame.unmap();

    auto luma = LumaFrame::fromVideoFrame(frame);
    QVERIFY(luma.has_value());
    QCOMPARE(luma->isZeroCopy(), zeroCopy);
    QCOMPARE(luma->width(), w);
    QCOMPARE(luma->height(), h);
    QCOMPARE(*luma->view().data(w / 2, h / 2), code.constScanLine(h / 2)[w / 2]);
    const auto found = CodeReader().read(luma->view());
    QCOMPARE(found.size(), std::size_t(1));
    QCOMPARE(found.front().text, text);
}

QTEST_GUILESS_MAIN(TestLumaFrame)
#include "tst_lumaframe.moc"
