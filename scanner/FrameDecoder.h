#pragma once

#include "scanner/CodeReader.h"
#include "scanner/Frame.h"
#include "scanner/GrayImage.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <optional>

namespace lounge::scanner {

/// What the decoder found in one frame (possibly nothing). Plain value.
struct DecodedFrame
{
    QList<Detection> detections;
    qint64 arrivalNs = 0;
    qint64 decodedNs = 0;
    QDateTime arrivalTime;
    QSize size;
    SourceKind kind = SourceKind::Camera;
    QString source;
    Qt::HANDLE decodedOnThread = nullptr; ///< the worker's thread id (diagnostics; proves the GUI thread was spared)
};

/// Counters for tests and the benchmark.
struct DecoderStats
{
    int submitted = 0;
    int decoded = 0;
    int dropped = 0; ///< replaced in the mailbox before the worker took them
    int maxPending = 0; ///< most frames ever held (in flight + waiting); bounded by 2 by design
    int heavyPassesSkipped = 0; ///< heavier passes left out to meet frame deadlines (Stream) or the image budget
};

/// Decodes frames on worker threads, never on the caller's. submit() is thread-safe and never blocks: the worker
/// holds one frame in flight and a one-slot mailbox; a newer frame replaces the waiting one, so the newest frame
/// always wins and nothing queues up. Results come back as frameDecoded on the decoder's thread (queued), one per
/// decoded frame.
/// Stream mode (camera, video) splits the work over two threads (issue 16): the plain pass (one ReadBarcode-equivalent
/// call, where a presented code is found) runs on the frame thread at the process's priority, so a scan's frame never
/// waits behind an empty frame's heavier passes; those run on a second thread at a lower priority
/// (kHeavierNiceIncrement), on a copy of the luma plane (the video buffer is released at once), with a one-slot
/// mailbox of their own: a newer empty frame replaces the waiting one and cuts the running one short at its next pass.
/// Their deadline is still the frame's arrival plus 70 % of the measured frame interval. A frame's heavier passes may
/// report after a newer frame's plain pass. Other modes (still images) decode on the one frame thread, niced by
/// kDecoderNiceIncrement.
class FrameDecoder : public QObject
{
    Q_OBJECT
public:
    /// Nice increment (Linux: per thread) of the one decoding thread outside Stream mode (still images: no GUI waits).
    static constexpr int kDecoderNiceIncrement = 4;
    /// Stream mode: nice increment of the heavier-pass thread. Its work is optional (codes the plain call could not
    /// read) and bounded by frame deadlines, so it takes what the GUI, the frame thread and the store worker leave.
    static constexpr int kHeavierNiceIncrement = 10;
    explicit FrameDecoder(ReaderOptions options = {}, QObject* parent = nullptr);
    ~FrameDecoder() override; ///< waits for the frame in flight (bounded by one decode)

    void submit(const Frame& frame);
    bool isIdle() const;
    DecoderStats stats() const;
    const CodeReader& reader() const { return m_reader; }

signals:
    void frameDecoded(const lounge::scanner::DecodedFrame& result);
    /// The worker finished and the mailbox is empty.
    void idle();

private:
    /// An empty Stream frame waiting for (or in) its heavier passes.
    struct HeavierJob
    {
        DecodedFrame result; ///< the frame's details, no detections yet
        GrayImage luma; ///< a copy: the video buffer went back to the source after the plain pass
        unsigned round = 0;
        qint64 deadlineNs = 0;
        qint64 plainNs = 1;
    };

    void work(Frame frame);
    DecodedFrame decode(const Frame& frame, unsigned round, qint64 deadlineNs, std::optional<HeavierJob>* heavier);
    void handOver(HeavierJob job); // frame thread
    void heavierWork(HeavierJob job); // heavier-pass thread
    void deliver(DecodedFrame result); // any worker thread
    void checkIdle(); // m_mutex not held
    qint64 deadlineFor(const Frame& frame) const; // m_mutex held
    bool split() const { return m_reader.options().effort == Effort::Stream; }

    CodeReader m_reader;
    QThreadPool m_pool;
    QThreadPool m_heavierPool; // Stream mode only
    std::optional<HeavierJob> m_heavierWaiting; // guarded by m_mutex
    bool m_heavierBusy = false; // guarded by m_mutex
    std::atomic<bool> m_newerHeavier {false}; // set with m_heavierWaiting: cuts the running heavier passes short
    mutable QMutex m_mutex;
    std::optional<Frame> m_waiting; // guarded by m_mutex
    bool m_busy = false; // guarded by m_mutex
    DecoderStats m_stats; // guarded by m_mutex
    unsigned m_round = 0; // worker thread only
    qint64 m_lastArrivalNs = 0; // guarded by m_mutex
    qint64 m_intervalNs = 0; // moving average of frame intervals; guarded by m_mutex
    std::atomic<bool> m_newerWaiting {false}; // set with m_waiting: lets the worker cut a stale frame short
};

} // namespace lounge::scanner

Q_DECLARE_METATYPE(lounge::scanner::DecodedFrame)
