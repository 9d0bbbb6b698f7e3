#pragma once

#include "scanner/CodeReader.h"
#include "scanner/Frame.h"

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

/// Decodes frames on one worker thread, never on the caller's. submit() is thread-safe and never blocks: the worker
/// holds one frame in flight and a one-slot mailbox; a newer frame replaces the waiting one, so the newest frame
/// always wins and nothing queues up. Results come back as frameDecoded on the decoder's thread (queued).
/// In Stream mode each frame's heavier passes must end before the next frame is due: the deadline is the frame's
/// arrival plus 70 % of the measured frame interval, so the worker is idle when the next frame arrives and its plain
/// pass starts at once (latency) and nothing is dropped.
class FrameDecoder : public QObject
{
    Q_OBJECT
public:
    /// Nice increment of the decoding thread relative to the process (Linux: per thread), so the GUI thread wins.
    static constexpr int kDecoderNiceIncrement = 4;
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
    void work(Frame frame);
    DecodedFrame decode(const Frame& frame, unsigned round, qint64 deadlineNs);
    qint64 deadlineFor(const Frame& frame) const; // m_mutex held

    CodeReader m_reader;
    QThreadPool m_pool;
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
