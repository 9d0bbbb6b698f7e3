#pragma once

#include "scanner/Frame.h"
#include "scanner/FrameDecoder.h"

#include <QElapsedTimer>
#include <QImage>
#include <QMutex>
#include <QWidget>

#include <atomic>

namespace lounge::gui {

/// The camera picture with an aiming guide and a marker on the last detected code. offerFrame() is thread-safe and
/// runs on the source's thread: it converts the frame once, already scaled to the widget's current size, and hands
/// the GUI thread only that small picture, so the GUI thread's cost per frame is one blit. While a converted picture
/// waits to be painted, further frames are dropped (never queued, never converted), and at most kMaxPreviewFps frames
/// a second are converted. The GUI thread never decodes or converts frames.
class LiveView : public QWidget
{
    Q_OBJECT
public:
    explicit LiveView(QWidget* parent = nullptr);

    /// The preview's rate cap: frames that arrived sooner than this after the last converted one are dropped unseen.
    static constexpr int kMaxPreviewFps = 15;
    static constexpr qint64 kMinPreviewIntervalNs = 1'000'000'000 / kMaxPreviewFps * 9 / 10; // camera jitter

    /// Any thread (the source's): converts and scales the frame unless a preview is still waiting to be painted.
    void offerFrame(const scanner::Frame& frame);
    /// GUI thread: outline the codes of a decoded frame for a moment.
    void showDetections(const scanner::DecodedFrame& decoded);
    /// Text shown when there is no picture (camera fault, no source).
    void setPlaceholder(const QString& text);
    int paintedFrames() const { return m_painted; }
    /// Frames converted into a preview / dropped because a preview was still pending (any thread).
    int convertedFrames() const { return m_converted.load(); }
    int droppedFrames() const { return m_dropped.load(); }
    /// Size of the last preview picture handed to the GUI thread (GUI thread).
    QSize lastPreviewSize() const;

    /// The preview of `frame` fitted (aspect kept) into `box`: NV12/NV21/I420/YV12 are sampled nearest-neighbour
    /// straight from the mapped planes at the reduced size (no full-size RGB conversion); other formats fall back to
    /// QVideoFrame::toImage() + a fast scale. Any thread; a null image when the frame cannot be read.
    static QImage previewImage(const scanner::Frame& frame, const QSize& box);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    QRectF targetRect(const QSize& frameSize) const;

    mutable QMutex m_mutex;
    QImage m_preview; // guarded by m_mutex: the newest converted picture
    QSize m_previewSource; // guarded by m_mutex: the frame size it was made from (for the marks' mapping)
    std::atomic_bool m_pending {false};
    std::atomic_int m_boxWidth {0};
    std::atomic_int m_boxHeight {0};
    std::atomic_int m_converted {0};
    std::atomic_int m_dropped {0};
    std::atomic<qint64> m_lastConvertedArrivalNs {0};
    QList<std::array<QPointF, 4>> m_marks;
    QSize m_markFrameSize;
    QElapsedTimer m_markAge;
    QString m_placeholder;
    int m_painted = 0;
};

} // namespace lounge::gui
