// The live camera preview (issue 16, "the GUI thread is never starved"): frames offered from the source's thread are
// converted there, already at the widget's size, and the GUI thread only blits them; while a preview waits to be
// painted further frames are dropped, never queued or converted. Real widget offscreen, real NV12 video frames.

#include "gui/LiveView.h"

#include <QTest>

#include <thread>

using namespace lounge;
using lounge::gui::LiveView;

namespace {

constexpr QSize kFull(1920, 1080);
// A white square on black, in frame pixels.
const QRect kSquare(1200, 300, 300, 300);

scanner::Frame nv12Frame(int background = 16)
{
    QVideoFrame video(QVideoFrameFormat(kFull, QVideoFrameFormat::Format_NV12));
    if (!video.map(QVideoFrame::WriteOnly)) {
        return {};
    }
    uchar* y = video.bits(0);
    const int stride = video.bytesPerLine(0);
    for (int row = 0; row < kFull.height(); ++row) {
        uchar* line = y + qsizetype(row) * stride;
        std::fill_n(line, kFull.width(), uchar(background));
        if (row >= kSquare.top() && row <= kSquare.bottom()) {
            std::fill_n(line + kSquare.left(), kSquare.width(), uchar(235));
        }
    }
    std::fill_n(video.bits(1), video.mappedBytes(1), uchar(128));
    video.unmap();
    scanner::Frame f;
    f.video = video;
    return f;
}

void offerFromAnotherThread(LiveView& view, const QList<scanner::Frame>& frames)
{
    std::thread source([&] {
        for (const auto& f : frames) {
            view.offerFrame(f);
        }
    });
    source.join(); // the GUI thread is busy meanwhile: it processes no events until all were offered
}

} // namespace

class TestLiveView : public QObject
{
    Q_OBJECT

private slots:
    void paintsAtTheWidgetSizeAndMarksLandOnTheCode();
    void busyGuiThreadPaintsABoundedNumberAndNeverQueues();
    void thirtyFpsCameraIsPreviewedAtFifteen();
};

void TestLiveView::paintsAtTheWidgetSizeAndMarksLandOnTheCode()
{
    LiveView view;
    view.resize(480, 360);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    offerFromAnotherThread(view, {nv12Frame()});
    QTRY_COMPARE(view.paintedFrames(), 1);
    // Converted at the widget's size (16:9 fitted into 480x360), not at 1920x1080.
    QCOMPARE(view.lastPreviewSize(), QSize(480, 270));

    scanner::DecodedFrame decoded;
    decoded.size = kFull;
    scanner::Detection d;
    d.corners = {QPointF(kSquare.left(), kSquare.top()), QPointF(kSquare.right() + 1, kSquare.top()),
                 QPointF(kSquare.right() + 1, kSquare.bottom() + 1), QPointF(kSquare.left(), kSquare.bottom() + 1)};
    decoded.detections.append(d);
    view.showDetections(decoded);
    const QImage shot = view.grab().toImage();
    QCOMPARE(shot.size(), QSize(480, 360));

    // Frame -> widget: scale 0.25, letterbox 45 px at the top.
    auto at = [&](QPointF framePt) {
        return QColor(shot.pixel(QPoint(int(framePt.x() * 0.25), int(45 + framePt.y() * 0.25))));
    };
    const QColor inside = at(kSquare.center());
    QVERIFY2(inside.red() > 150 && inside.green() > 150, qPrintable(inside.name())); // the white code
    const QColor outside = at(QPointF(600, 450));
    QVERIFY2(outside.red() < 40 && outside.green() < 40 && outside.blue() < 40, qPrintable(outside.name()));
    QCOMPARE(QColor(shot.pixel(10, 10)), QColor(Qt::black)); // letterbox
    // The mark's green outline lies on the code's left and right edges.
    for (qreal x : {qreal(kSquare.left()), qreal(kSquare.right() + 1)}) {
        const QColor edge = at(QPointF(x, kSquare.center().y()));
        QVERIFY2(edge.green() > 150 && edge.red() < 120 && edge.blue() < 160, qPrintable(edge.name()));
    }

    // After a resize the next frame is converted at the new size.
    view.resize(800, 600);
    QTRY_COMPARE(view.width(), 800);
    offerFromAnotherThread(view, {nv12Frame()});
    QTRY_COMPARE(view.paintedFrames(), 2);
    QCOMPARE(view.lastPreviewSize(), QSize(800, 450));
}

void TestLiveView::busyGuiThreadPaintsABoundedNumberAndNeverQueues()
{
    LiveView view;
    view.resize(640, 480);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    QList<scanner::Frame> frames;
    for (int i = 0; i < 100; ++i) {
        frames.append(nv12Frame(16 + i));
    }
    offerFromAnotherThread(view, frames);
    // One preview was made; the other 99 were dropped without conversion while it waited for the GUI thread.
    QCOMPARE(view.convertedFrames(), 1);
    QCOMPARE(view.droppedFrames(), 99);
    QCOMPARE(view.paintedFrames(), 0);

    QTRY_COMPARE(view.paintedFrames(), 1);
    // Nothing else was queued: serving the GUI thread's events again paints nothing more.
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    QCOMPARE(view.paintedFrames(), 1);
    QCOMPARE(view.lastPreviewSize(), QSize(640, 360));

    // Once painted, the next frame is taken again.
    offerFromAnotherThread(view, {nv12Frame()});
    QCOMPARE(view.convertedFrames(), 2);
    QTRY_COMPARE(view.paintedFrames(), 2);
}

void TestLiveView::thirtyFpsCameraIsPreviewedAtFifteen()
{
    // Issue 16: every converted preview costs the source's thread CPU the GUI thread and the decoder need. A 30 fps
    // camera (frames 33.3 ms apart by their arrival times), each frame painted before the next arrives: every
    // second one is converted.
    LiveView view;
    view.resize(640, 480);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const qint64 start = 1'000'000'000;
    for (int i = 0; i < 30; ++i) {
        scanner::Frame f = nv12Frame(16 + i);
        f.arrivalNs = start + qint64(i) * 1'000'000'000 / 30;
        offerFromAnotherThread(view, {f});
        // The preview is painted before the next frame: the GUI thread is never the reason to drop here.
        QTRY_COMPARE(view.paintedFrames(), view.convertedFrames());
    }
    QCOMPARE(view.convertedFrames(), 15);
    QCOMPARE(view.droppedFrames(), 15);
    QTRY_COMPARE(view.paintedFrames(), 15);
}

QTEST_MAIN(TestLiveView)
#include "tst_liveview.moc"
