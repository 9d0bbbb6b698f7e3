#include "scanner/FrameDecoder.h"

#include "scanner/LumaExtractor.h"
#include "scanner/ScannerLog.h"

#include <QMetaObject>
#include <QThread>

#include <cerrno>
#include <sys/resource.h>
#include <unistd.h>

namespace lounge::scanner {

FrameDecoder::FrameDecoder(ReaderOptions options, QObject* parent)
    : QObject(parent)
    , m_reader(options)
{
    qRegisterMetaType<lounge::scanner::DecodedFrame>();
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1); // keep the worker thread: no thread start per frame
    m_pool.setObjectName(QStringLiteral("scanner-decoder"));
    // Issue 16: decoding must never starve the GUI thread, which paints the verdict. Linux ignores QThread priorities
    // for normal (SCHED_OTHER) threads, but nice values are per thread there: the pool's one thread (it never
    // expires) raises its own by kDecoderNiceIncrement once, before the first frame. It still gets ~40 % of a core
    // against a nice-0 thread that wants one, so a busy machine slows decoding, never the screen.
    m_pool.start([] {
        errno = 0;
        const int current = ::getpriority(PRIO_PROCESS, 0);
        if (errno == 0) {
            (void)::setpriority(PRIO_PROCESS, ::gettid(), current + kDecoderNiceIncrement);
        }
    });
}

FrameDecoder::~FrameDecoder()
{
    {
        QMutexLocker lock(&m_mutex);
        m_waiting.reset();
    }
    m_pool.waitForDone();
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
    return !m_busy;
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
        DecodedFrame result = decode(frame, m_round++, deadlineNs);
        frame = Frame(); // release the video buffer before waiting for the next one
        // Queued to the decoder's own thread: receivers never run on the worker.
        QMetaObject::invokeMethod(
            this, [this, result = std::move(result)] { emit frameDecoded(result); }, Qt::QueuedConnection);
        QMutexLocker lock(&m_mutex);
        ++m_stats.decoded;
        if (!m_waiting) {
            m_busy = false;
            lock.unlock();
            QMetaObject::invokeMethod(
                this,
                [this] {
                    if (isIdle())
                        emit idle();
                },
                Qt::QueuedConnection);
            return;
        }
        frame = std::move(*m_waiting);
        m_waiting.reset();
        m_newerWaiting.store(false, std::memory_order_relaxed);
        deadlineNs = deadlineFor(frame);
    }
}

DecodedFrame FrameDecoder::decode(const Frame& frame, unsigned round, qint64 deadlineNs)
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
