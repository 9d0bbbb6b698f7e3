// Boarding passes through the real scanner (issue 14 §1, "Done when"): every pass the generator writes, rendered
// as PDF417 on a paper stub and as Aztec and QR on a phone screen, read by CodeReader as a still image and as a
// desk-camera frame, comes back as exactly the text that was encoded and parses to the same BoardingPass.

#include "../common/BcbpGenerator.h"
#include "BoardingPass.h"
#include "scanner/CodeReader.h"
#include "scanner/FrameDecoder.h"
#include "scanner/LumaExtractor.h"

#include <QTest>

using namespace lounge;
using namespace lounge::scanner;
namespace gen = lounge::testing::bcbp;

namespace {

QList<std::pair<QByteArray, QByteArray>> passes()
{
    QList<std::pair<QByteArray, QByteArray>> out;
    auto mandatory = gen::samplePass(1, false, false);
    mandatory.legs[0].airlinePrivate.clear();
    out.append({"1 leg, mandatory items only", gen::passString(mandatory)});
    out.append({"1 leg, conditional", gen::passString(gen::samplePass(1, true, false))});
    out.append({"2 legs, conditional, security", gen::passString(gen::samplePass(2, true, true))});
    out.append({"4 legs, conditional, security", gen::passString(gen::samplePass(4, true, true))});
    out.append({"2 legs, lower case", gen::passString(gen::samplePass(2, true, false)).toLower()});
    auto blanks = gen::samplePass(1, true, false);
    blanks.legs[0].fastTrack = "";
    blanks.legs[0].airlinePrivate.clear();
    out.append({"1 leg, trailing blanks", gen::passString(blanks)});
    Q_ASSERT(out.back().second.endsWith(' '));
    return out;
}

core::bcbp::BoardingPass parsed(const QByteArray& text)
{
    auto r = core::bcbp::parse(text);
    return std::holds_alternative<core::bcbp::BoardingPass>(r) ? std::get<core::bcbp::BoardingPass>(r)
                                                               : core::bcbp::BoardingPass {};
}

} // namespace

class TestBoardingPassScan : public QObject
{
    Q_OBJECT

private slots:
    void renderings_data();
    void stillImage_data() { renderings_data(); }
    void stillImage();
    void cameraFrames_data() { renderings_data(); }
    void cameraFrames();
    void renderedSizes();
};

void TestBoardingPassScan::renderings_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("rendering");
    for (const auto& [name, text] : passes()) {
        QVERIFY2(std::holds_alternative<core::bcbp::BoardingPass>(core::bcbp::parse(text)), name.constData());
        for (int r = 0; r < 3; ++r) {
            static const char* kNames[] = {"paper PDF417", "phone Aztec", "phone QR"};
            QTest::addRow("%s, %s", name.constData(), kNames[r]) << text << r;
        }
    }
}

void TestBoardingPassScan::stillImage()
{
    QFETCH(QByteArray, text);
    QFETCH(int, rendering);
    const gen::Rendering r = gen::renderings(text).at(rendering);
    const auto found = CodeReader().read(lumaOf(r.image).view());
    QCOMPARE(found.size(), std::size_t(1));
    QCOMPARE(found.front().format, r.format);
    QCOMPARE(found.front().bytes, text);
    QCOMPARE(found.front().text.toLatin1(), text);
    const core::bcbp::BoardingPass expected = parsed(text);
    QVERIFY(!expected.legs.isEmpty());
    QCOMPARE(parsed(found.front().bytes), expected);
}

void TestBoardingPassScan::cameraFrames()
{
    // The desk camera: the pass held in front of it, a little tilted, under uneven light with sensor noise. The camera
    // reader (Stream effort) gets successive frames (each with its own placement and noise, and the reader's heavier
    // passes rotating from frame to frame) and must read the pass within six of them (0.2 s at 30 frames/s); every
    // read must be exact. How many of the six it reads is printed (a 4-leg pass with security data on paper, at
    // 2 pixels per module, is the hardest: about 2 of 6).
    QFETCH(QByteArray, text);
    QFETCH(int, rendering);
    const gen::Rendering r = gen::renderings(text).at(rendering);
    const CodeReader camera(ReaderOptions {.effort = Effort::Stream});
    int framesRead = 0;
    constexpr int kFrames = 6;
    for (int seed = 0; seed < kFrames; ++seed) {
        const GrayImage frame = gen::inCameraFrame(r, seed);
        // A deadline far away: which heavier pass runs must not depend on how busy this machine is.
        const auto found = camera.read(frame.view(), unsigned(seed), nullptr, steadyNowNs() + 60'000'000'000LL);
        if (found.empty()) {
            continue;
        }
        ++framesRead;
        QCOMPARE(found.size(), std::size_t(1));
        QCOMPARE(found.front().bytes, text);
        QCOMPARE(parsed(found.front().bytes), parsed(text));
    }
    qInfo("%d of %d frames read", framesRead, kFrames);
    QVERIFY2(framesRead >= 1, "not read within six frames");
}

void TestBoardingPassScan::renderedSizes()
{
    // Paper at 300 dpi: 0.25 mm modules, a stub of 8 x 3.5 inches; a phone screen of 1080 x 2340.
    const QByteArray text = gen::passString(gen::samplePass(2, true, true));
    const auto all = gen::renderings(text);
    QCOMPARE(all.size(), 3);
    QCOMPARE(all.at(0).image.size(), QSize(2400, 1050));
    QCOMPARE(all.at(1).image.size(), QSize(1080, 2340));
    QCOMPARE(all.at(2).image.size(), QSize(1080, 2340));
}

QTEST_GUILESS_MAIN(TestBoardingPassScan)
#include "tst_boardingpassscan.moc"
