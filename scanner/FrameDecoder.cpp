#include "scanner/FrameDecoder.h"

#include "scanner/LumaExtractor.h"
#include "scanner/ScannerLog.h"

#include <QMetaObject>
#include <QThread>

#include <cerrno>
#include <sys/resource.h>
#include <unistd.h>

namespace lounge::scanner {

namespace {
/// Raises the calling thread's nice value (Linux: per thread) by `increment` over the process's. Raising needs no
/// privilege; it is never lowered again.
void niceThisThread(int increment)
{
    errno = 0;
    const int current = ::getpriority(PRIO_PROCESS, 0);
    if (errno == 0) {
        (void)::setpriority(PRIO_PROCESS, ::gettid(), current + increment);
    }
}
} // namespace

FrameDecoder::FrameDecoder(ReaderOptions options, QObject* parent)
    : QObject(parent)
    , m_reader(options)
{
    qRegisterMetaType<lounge::scanner::DecodedFrame>();
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1); // keep the worker thread: no thread start per frame
    m_pool.setObjectName(QStringLiteral("scanner-decoder"));
    // Issue 16: decoding must never starve the GUI thread, which paints the verdict. Linux ignores QThread priorities
    // for normal (SCHED_OTHER) threads, but nice values are per thread there: each pool's one thread (it never
    // expires) raises its own once, before the first frame. In Stream mode the frame thread stays at the process's
    // priority: it runs one plain pass per frame (where a presented code is read), and at a lower priority a busy
    // machine delayed every scan by tens of ms (docs/performance.md); the optional heavier passes, most of the
    // decoding CPU on empty frames, run on their own thread at +kHeavierNiceIncrement.
    if (split()) {
        m_heavierPool.setMaxThreadCount(1);
        m_heavierPool.setExpiryTimeout(-1);
        m_heavierPool.setObjectName(QStringLiteral("scanner-heavier"));
        m_heavierPool.start([] { niceThisThread(kHeavierNiceIncrement); });
    } else {
        m_pool.start([] { niceThisThread(kDecoderNiceIncrement); });
    }
}

FrameDecoder::~FrameDecoder()
{
    {
        QMutexLocker lock(&m_mutex);
        m_waiting.reset();
        m_heavierWaiting.reset();
        m_newerWaiting.store(true);
        m_newerHeavier.store(true);
    }
    m_pool.waitForDone();
    m_heavierPool.waitForDone();
}

void FrameDecoder::submit(const Frame& frame)
{
    QMutexLocker lock(&m_mutex);
    ++m_stats.submitted;
    if (m_lastArrivalNs > 0 && frame.arrivalNs > m_lastArrivalNs) {
        const qint64 interval = frame.arrivalNs - m_lastArrivalNs;
        m_intervalNs = m_intervalNs == 0 ? interval : (m_intervalNs * 7 + interval) / 8;
    }
    m_lastArrivalNs = frame.arrivalNs;
    if (m_busy) {
        if (m_waiting)
            ++m_stats.dropped;
        m_waiting = frame;
        m_newerWaiting.store(true, std::memory_order_relaxed);
        m_stats.maxPending = std::max(m_stats.maxPending, 2);
        return;
    }
    m_busy = true;
    m_stats.maxPending = std::max(m_stats.maxPending, 1);
    lock.unlock();
    m_pool.start([this, frame] { work(frame); });
}

qint64 FrameDecoder::deadlineFor(const Frame& frame) const
{
    if (m_reader.options().effort != Effort::Stream)
        return 0; // still images: the reader's own per-image budget
    // Until two frames have arrived, assume 30 fps.
    constexpr qint64 kDefaultBudgetNs = 23'000'000;
    const qint64 budget
        = m_intervalNs > 0 ? std::clamp<qint64>(m_intervalNs * 7 / 10, 10'000'000, 200'000'000) : kDefaultBudgetNs;
    return (frame.arrivalNs > 0 ? frame.arrivalNs : steadyNowNs()) + budget;
}

bool FrameDecoder::isIdle() const
{
    QMutexLocker lock(&m_mutex);
    return !m_busy && !m_heavierBusy;
}

DecoderStats FrameDecoder::stats() const
{
    QMutexLocker lock(&m_mutex);
    return m_stats;
}

void FrameDecoder::work(Frame frame)
{
    qint64 deadlineNs = 0;
    {
        QMutexLocker lock(&m_mutex);
        deadlineNs = deadlineFor(frame);
    }
    for (;;) {
        std::optional<HeavierJob> heavier;
        DecodedFrame result = decode(frame, m_round++, deadlineNs, split() ? &heavier : nullptr);
        frame = Frame(); // release the video buffer before waiting for the next one
        if (heavier) {
            handOver(std::move(*heavier)); // reported by the heavier-pass thread
        } else {
            deliver(std::move(result));
        }
        QMutexLocker lock(&m_mutex);
        if (!m_waiting) {
            m_busy = false;
            lock.unlock();
            checkIdle();
            return;
        }
        frame = std::move(*m_waiting);
        m_waiting.reset();
        m_newerWaiting.store(false, std::memory_order_relaxed);
        deadlineNs = deadlineFor(frame);
    }
}

void FrameDecoder::deliver(DecodedFrame result)
{
    // Queued to the decoder's own thread: receivers never run on a worker.
    QMetaObject::invokeMethod(
        this, [this, result = std::move(result)] { emit frameDecoded(result); }, Qt::QueuedConnection);
    QMutexLocker lock(&m_mutex);
    ++m_stats.decoded;
}

void FrameDecoder::checkIdle()
{
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (isIdle())
                emit idle();
        },
        Qt::QueuedConnection);
}

void FrameDecoder::handOver(HeavierJob job)
{
    QMutexLocker lock(&m_mutex);
    if (m_heavierBusy) {
        if (m_heavierWaiting) {
            // Never started: reported with what its plain pass found (nothing).
            DecodedFrame stale = std::move(m_heavierWaiting->result);
            ++m_stats.heavyPassesSkipped;
            lock.unlock();
            deliver(std::move(stale));
            lock.relock();
        }
        m_heavierWaiting = std::move(job);
        m_newerHeavier.store(true, std::memory_order_relaxed);
        return;
    }
    m_heavierBusy = true;
    lock.unlock();
    m_heavierPool.start([this, job = std::move(job)]() mutable { heavierWork(std::move(job)); });
}

void FrameDecoder::heavierWork(HeavierJob job)
{
    for (;;) {
        ReadStats st;
        for (Detection& d :
             m_reader.readHeavier(job.luma.view(), job.plainNs, job.round, &m_newerHeavier, job.deadlineNs, &st))
            job.result.detections.append(std::move(d));
        job.result.decodedNs = steadyNowNs();
        job.result.decodedOnThread = QThread::currentThreadId();
        if (st.passesSkipped > 0) {
            QMutexLocker lock(&m_mutex);
            m_stats.heavyPassesSkipped += st.passesSkipped;
        }
        deliver(std::move(job.result));
        QMutexLocker lock(&m_mutex);
        if (!m_heavierWaiting) {
            m_heavierBusy = false;
            lock.unlock();
            checkIdle();
            return;
        }
        job = std::move(*m_heavierWaiting);
        m_heavierWaiting.reset();
        m_newerHeavier.store(false, std::memory_order_relaxed);
    }
}

DecodedFrame FrameDecoder::decode(const Frame& frame, unsigned round, qint64 deadlineNs,
                                  std::optional<HeavierJob>* heavier)
{
    DecodedFrame out;
    out.arrivalNs = frame.arrivalNs;
    out.arrivalTime = frame.arrivalTime;
    out.kind = frame.kind;
    out.source = frame.source;
    out.size = frame.size();
    auto luma = frame.video.isValid() ? LumaFrame::fromVideoFrame(frame.video) : LumaFrame::fromImage(frame.image);
    if (!luma) {
        qCWarning(lcScanner) << "frame skipped:" << luma.error().detail;
    } else if (heavier) {
        // Stream: the plain pass here; if it finds nothing, the heavier passes on the other thread.
        qint64 plainNs = 1;
        for (Detection& d : m_reader.readPlain(luma->view(), &plainNs))
            out.detections.append(std::move(d));
        if (out.detections.isEmpty()) {
            out.decodedOnThread = QThread::currentThreadId();
            *heavier = HeavierJob {out, GrayImage::fromView(luma->view()), round, deadlineNs, plainNs};
            return out;
        }
    } else {
        ReadStats st;
        for (Detection& d : m_reader.read(luma->view(), round, &m_newerWaiting, deadlineNs, &st))
            out.detections.append(std::move(d));
        if (st.passesSkipped > 0) {
            QMutexLocker lock(&m_mutex);
            m_stats.heavyPassesSkipped += st.passesSkipped;
        }
    }
    out.decodedNs = steadyNowNs();
    out.decodedOnThread = QThread::currentThreadId();
    return out;
}

} // namespace lounge::scanner
