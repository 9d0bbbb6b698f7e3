// Codes generated with ZXing's writer, distorted the way cameras and phones distort them, must be read.
#include "scanner/CodeReader.h"
#include "scanner/Frame.h"
#include "scanner/LumaExtractor.h"
#include "scanner/SyntheticCodes.h"

#include <QPainter>
#include <QRadialGradient>
#include <QRandomGenerator>
#include <QTest>
#include <QTransform>

using namespace lounge::scanner;

namespace {
enum class Distortion
{
    None,
    Rotation,
    Perspective,
    Blur,
    Noise,
    LowContrast,
    Glare,
    Inversion,
    Mirroring,
};

const char* name(Distortion d)
{
    static const char* names[]
        = {"none", "rotation", "perspective", "blur", "noise", "lowcontrast", "glare", "inversion", "mirroring"};
    return names[int(d)];
}

// Places the code on a grey 800x600 "scene", then applies the distortion to the whole frame.
QImage scene(const QImage& code, Distortion d)
{
    QImage out(800, 600, QImage::Format_Grayscale8);
    out.fill(170);
    {
        QPainter p(&out);
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        p.translate(400, 300);
        if (d == Distortion::Rotation)
            p.rotate(33);
        if (d == Distortion::Perspective) {
            QTransform t;
            const double w = code.width() / 2.0, h = code.height() / 2.0;
            QPolygonF from({QPointF(-w, -h), QPointF(w, -h), QPointF(w, h), QPointF(-w, h)});
            QPolygonF to({QPointF(-w * 0.9, -h), QPointF(w * 0.9, -h * 0.75), QPointF(w * 0.95, h * 0.8),
                          QPointF(-w * 0.85, h)});
            QTransform::quadToQuad(from, to, t);
            p.setTransform(t, true);
        }
        p.drawImage(QPointF(-code.width() / 2.0, -code.height() / 2.0), code);
    }
    QRandomGenerator rng(42);
    switch (d) {
    case Distortion::Blur: {
        const GrayImage g = lumaOf(out).boxBlurred(1).boxBlurred(1);
        for (int y = 0; y < out.height(); ++y)
            std::copy_n(g.row(y), g.width(), out.scanLine(y));
        break;
    }
    case Distortion::Noise:
        for (int y = 0; y < out.height(); ++y)
            for (int x = 0; x < out.width(); ++x)
                out.scanLine(y)[x] = uchar(std::clamp(int(out.scanLine(y)[x]) + int(rng.bounded(81)) - 40, 0, 255));
        break;
    case Distortion::LowContrast:
        for (int y = 0; y < out.height(); ++y)
            for (int x = 0; x < out.width(); ++x)
                out.scanLine(y)[x] = uchar(110 + out.scanLine(y)[x] * 40 / 255);
        break;
    case Distortion::Glare: {
        QPainter p(&out);
        QRadialGradient g(QPointF(330, 250), 220);
        g.setColorAt(0, QColor(255, 255, 255, 200));
        g.setColorAt(1, QColor(255, 255, 255, 0));
        p.fillRect(out.rect(), g);
        break;
    }
    case Distortion::Inversion:
        out.invertPixels();
        break;
    case Distortion::Mirroring:
        out = out.mirrored(true, false);
        break;
    default:
        break;
    }
    return out;
}
} // namespace

class TestSynthetic : public QObject
{
    Q_OBJECT
private slots:
    void readsDistortedCodes_data();
    void readsDistortedCodes();
    void readsSeveralCodesInOneFrame();
    void cameraFrameWithAnEasyCodeCostsOnePlainPass();
    void budgetLeavesOutTheHeavierPasses();
    void streamGivesPassesThatNeverFitTheirTurn();
};

void TestSynthetic::readsDistortedCodes_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("module");
    QTest::addColumn<int>("distortion");
    const CodeFormat formats[] = {CodeFormat::QrCode, CodeFormat::Aztec, CodeFormat::Pdf417, CodeFormat::DataMatrix};
    const std::vector<int> pdfModules = {2, 3, 4}; // PDF417 is wide: its module is the narrow bar
    const std::vector<int> modules = {3, 5, 8};
    for (CodeFormat f : formats)
        for (int module : f == CodeFormat::Pdf417 ? pdfModules : modules)
            for (int d = int(Distortion::None); d <= int(Distortion::Mirroring); ++d)
                QTest::addRow("%s-m%d-%s", qPrintable(formatName(f)), module, name(Distortion(d)))
                    << int(f) << module << d;
}

void TestSynthetic::readsDistortedCodes()
{
    QFETCH(int, format);
    QFETCH(int, module);
    QFETCH(int, distortion);
    const QString text = QStringLiteral("M1DOE/JANE EABC123 LHRJFKBA 0117 123Y012A0001 100");
    const QImage code = renderCode(CodeFormat(format), text, module);
    QVERIFY(!code.isNull());
    if (code.width() > 700 || code.height() > 500)
        QSKIP("symbol larger than the scene at this module size");
    // Known limits of ZXing 1.4 that the pipeline does not (yet) overcome: 3-pixel Aztec modules turned by 33 degrees
    // (the bullseye straightening resamples twice) and PDF417 turned by 33 degrees. XPASS here means: remove the mark.
    const bool small = module <= 3;
    const auto d = Distortion(distortion);
    if (small && CodeFormat(format) == CodeFormat::Aztec && d == Distortion::Rotation)
        QEXPECT_FAIL("", "3-px Aztec modules rotated 33 degrees: beyond ZXing 1.4 + straightening", Abort);
    if (CodeFormat(format) == CodeFormat::Pdf417 && d == Distortion::Rotation)
        QEXPECT_FAIL("", "PDF417 rotated 33 degrees: beyond ZXing 1.4's PDF417 detector", Abort);
    const QImage frame = scene(code, Distortion(distortion));
    const GrayImage luma = lumaOf(frame);
    const auto found = CodeReader().read(luma.view());
    QCOMPARE(found.size(), std::size_t(1));
    QCOMPARE(found.front().text, text);
    QCOMPARE(int(found.front().format), format);
    // The marker corners must land on the code, not somewhere else in the frame.
    for (const QPointF& c : found.front().corners)
        QVERIFY2(QRectF(0, 0, frame.width(), frame.height()).contains(c),
                 qPrintable(QStringLiteral("%1,%2").arg(c.x()).arg(c.y())));
}

void TestSynthetic::readsSeveralCodesInOneFrame()
{
    QImage frame(1280, 720, QImage::Format_Grayscale8);
    frame.fill(200);
    const QStringList texts = {"FIRST-CODE-0001", "SECOND-CODE-0002", "THIRD-CODE-0003"};
    {
        QPainter p(&frame);
        p.drawImage(60, 200, renderCode(CodeFormat::QrCode, texts[0], 5));
        p.drawImage(480, 200, renderCode(CodeFormat::Aztec, texts[1], 5));
        p.drawImage(900, 200, renderCode(CodeFormat::QrCode, texts[2], 5));
    }
    const GrayImage luma = lumaOf(frame);
    QStringList read;
    for (const Detection& d : CodeReader().read(luma.view()))
        read << d.text;
    read.sort();
    QCOMPARE(read, texts);
}

void TestSynthetic::cameraFrameWithAnEasyCodeCostsOnePlainPass()
{
    // A live source's frame with a readable code: one ReadBarcode-equivalent pass and nothing else (no bullseye
    // search, no heavier pass), so its cost is that of the plain library call.
    const SyntheticFrame frame = makeSyntheticFrame(QSize(1920, 1080), 7);
    const CodeReader camera(ReaderOptions {.effort = Effort::Stream});
    ReadStats stats;
    const auto found = camera.read(frame.luma.view(), 0, nullptr, 0, &stats);
    QCOMPARE(found.size(), std::size_t(1));
    QCOMPARE(found.front().text, frame.text);
    QCOMPARE(found.front().pass, 0);
    QCOMPARE(stats.passesRun, 1);
    QVERIFY(!stats.aztecSearch);
    QCOMPARE(stats.passesSkipped, 0);
    // A still image keeps looking for every code: the bullseye search still runs there.
    ReadStats still;
    QCOMPARE(CodeReader().read(frame.luma.view(), 0, nullptr, 0, &still).size(), std::size_t(1));
    QVERIFY(still.aztecSearch);
}

void TestSynthetic::budgetLeavesOutTheHeavierPasses()
{
    const SyntheticFrame empty = makeSyntheticFrame(QSize(1280, 720), 3, false);
    // No budget: every heavier pass runs on a frame without a code.
    ReadStats unlimited;
    QVERIFY(CodeReader().read(empty.luma.view(), 0, nullptr, 0, &unlimited).empty());
    QCOMPARE(unlimited.passesRun, CodeReader::passCount());
    QCOMPARE(unlimited.passesSkipped, 0);
    // A 1 ms budget is over before the plain pass on 1280x720 ends: everything heavier is left out.
    ReadStats budgeted;
    QVERIFY(CodeReader(ReaderOptions {.budgetMs = 1}).read(empty.luma.view(), 0, nullptr, 0, &budgeted).empty());
    QCOMPARE(budgeted.passesRun, 1);
    QCOMPARE(budgeted.passesSkipped, CodeReader::passCount()); // the bullseye search + every heavier pass
    // A live frame whose deadline has passed (the next frame is due) gets the plain pass only.
    ReadStats late;
    const CodeReader camera(ReaderOptions {.effort = Effort::Stream});
    QVERIFY(camera.read(empty.luma.view(), 0, nullptr, steadyNowNs(), &late).empty());
    QCOMPARE(late.passesRun, 1);
    QVERIFY(late.passesSkipped > 0);
}

void TestSynthetic::streamGivesPassesThatNeverFitTheirTurn()
{
    // Every frame is already late (its deadline has passed when it is read), as on a slow machine at 1080p: the
    // heavier passes still get turns from the overrun credit, on a few frames and not on every one.
    const SyntheticFrame empty = makeSyntheticFrame(QSize(1280, 720), 5, false);
    const CodeReader camera(ReaderOptions {.effort = Effort::Stream});
    int framesWithHeavyPass = 0;
    int framesWithBullseyeSearch = 0;
    const int frames = 60;
    for (int i = 0; i < frames; ++i) {
        ReadStats st;
        QVERIFY(camera.read(empty.luma.view(), unsigned(i), nullptr, steadyNowNs(), &st).empty());
        QVERIFY(st.passesRun <= 2); // one overrun per frame at most
        framesWithHeavyPass += st.passesRun > 1 ? 1 : 0;
        framesWithBullseyeSearch += st.aztecSearch ? 1 : 0;
    }
    QVERIFY2(framesWithHeavyPass >= 1, "no heavier pass ever ran");
    // The credit (1.5 ms a frame) is less than any overrun here (the plain pass on 1280x720 alone takes longer), so
    // not every frame can overrun.
    QVERIFY2(framesWithHeavyPass + framesWithBullseyeSearch < frames,
             qPrintable(QStringLiteral("%1 + %2 of %3 frames overran")
                            .arg(framesWithHeavyPass)
                            .arg(framesWithBullseyeSearch)
                            .arg(frames)));
}

QTEST_GUILESS_MAIN(TestSynthetic)
#include "tst_synthetic.moc"
