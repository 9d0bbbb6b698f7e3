#include "WorstCase.h"

#include "../common/BenchRecords.h"

#include "CentralClient.h"
#include "CentralService.h"
#include "DemoData.h"
#include "SecurityStore.h"
#include "SqliteCentralStore.h"
#include "Store.h"
#include "TerminalSettings.h"
#include "controller/CheckReader.h"
#include "controller/KioskController.h"
#include "controller/StoreWorker.h"
#include "crypto/PinHash.h"
#include "gui/KioskRuntime.h"
#include "gui/LiveView.h"
#include "gui/MainWindow.h"
#include "gui/VerdictScreen.h"
#include "scanner/Frame.h"
#include "scanner/Scanner.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QVideoFrame>
#include <QVideoFrameFormat>

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <vector>

namespace lounge::bench {

namespace {

using scanner::steadyNowNs;

QByteArray loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed() : QByteArray("?");
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty()) {
        return 0;
    }
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p / 100.0 * double(v.size() - 1) + 0.5));
    return v[i];
}

void printStat(const char* what, const std::vector<double>& v)
{
    std::printf("  %-44s n=%-4zu p50=%7.1f ms p95=%7.1f ms max=%7.1f ms\n", what, v.size(), percentile(v, 50),
                percentile(v, 95), v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()));
}

/// How late a 5 ms timer on one thread fires: the stretches that thread could not serve an event (lives and ticks on
/// the thread it measures; start() and the destructor run there).
class Heartbeat : public QObject
{
public:
    static constexpr qint64 kIntervalNs = 5'000'000;
    void start()
    {
        m_timer = new QTimer(this);
        m_timer->setTimerType(Qt::PreciseTimer);
        m_last = steadyNowNs();
        connect(m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = steadyNowNs();
            std::lock_guard lock(m_mutex);
            m_late.push_back({now, now - m_last - kIntervalNs});
            m_last = now;
        });
        m_timer->start(int(kIntervalNs / 1'000'000));
    }
    /// Lateness (ms) of the ticks in [from, to).
    std::vector<double> lateness(qint64 from, qint64 to) const
    {
        std::lock_guard lock(m_mutex);
        std::vector<double> out;
        for (const auto& [at, late] : m_late) {
            if (at >= from && at < to) {
                out.push_back(double(std::max<qint64>(0, late)) / 1e6);
            }
        }
        return out;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<std::pair<qint64, qint64>> m_late;
    QTimer* m_timer = nullptr;
    qint64 m_last = 0;
};

/// A thread's scheduler statistics (/proc/self/task/TID/schedstat): time on a CPU and time runnable but waiting for
/// one, ns since the thread started.
struct SchedStat
{
    qint64 cpuNs = 0;
    qint64 waitNs = 0;
};

SchedStat readSchedStat(int tid)
{
    SchedStat s;
    char path[64];
    std::snprintf(path, sizeof path, "/proc/self/task/%d/schedstat", tid);
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return s;
    }
    char buf[128] = {};
    const ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    long long cpu = 0;
    long long wait = 0;
    if (n > 0 && std::sscanf(buf, "%lld %lld", &cpu, &wait) == 2) {
        s.cpuNs = cpu;
        s.waitNs = wait;
    }
    return s;
}

/// Every event one thread delivered (TimedApplication::notify), outermost only: when, to what, and the thread's
/// SchedStat at its start.
struct ThreadEvent
{
    qint64 start = 0;
    qint64 end = 0;
    SchedStat sched;
    const char* receiver = ""; ///< the receiver's class
    int type = 0; ///< QEvent::Type
};

class EventTimeline
{
public:
    std::atomic<QThread*> thread {nullptr};
    std::atomic<int> tid {0};
    int depth = 0; // the watched thread only
    std::mutex mutex;
    std::vector<ThreadEvent> events;
};

EventTimeline& timeline()
{
    static EventTimeline t;
    return t;
}

/// Times every queued call the GUI thread makes on the store worker (on the worker's thread), and marks the ones that
/// answered a scan (a decision, a recorded visit or a failed record).
class WorkerTasks : public QObject
{
public:
    struct Task
    {
        qint64 start = 0;
        qint64 end = 0;
        bool scanAnswer = false;
        qint64 answerNs = 0; ///< when the answer's signal was emitted (the last one inside the task)
    };
    bool eventFilter(QObject* watched, QEvent* e) override
    {
        if (e->type() != QEvent::MetaCall) {
            return false;
        }
        m_current = Task {steadyNowNs(), 0, false};
        watched->event(e);
        m_current.end = steadyNowNs();
        std::lock_guard lock(m_mutex);
        m_tasks.push_back(m_current);
        return true;
    }
    void markScanAnswer() // worker thread, inside a task
    {
        m_current.scanAnswer = true;
        m_current.answerNs = steadyNowNs();
    }
    std::vector<Task> tasks() const
    {
        std::lock_guard lock(m_mutex);
        return m_tasks;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<Task> m_tasks;
    Task m_current; // worker thread only
};

/// Every commit of the store worker's connection (core::Store::setCommitObserver), recorded on the worker thread.
class CommitLog
{
public:
    void add(const core::Store::CommitInfo& c)
    {
        std::lock_guard lock(m_mutex);
        m_commits.push_back(c);
    }
    std::vector<core::Store::CommitInfo> commits() const
    {
        std::lock_guard lock(m_mutex);
        return m_commits;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<core::Store::CommitInfo> m_commits;
};

struct Central
{
    QProcess process;
    quint16 port = 0;

    bool start(const QString& db)
    {
        process.setProgram(qEnvironmentVariable("LOUNGE_CENTRAL_EXE", QStringLiteral(LOUNGE_CENTRAL_EXE)));
        process.setArguments({QStringLiteral("serve"), QStringLiteral("--db"), db, QStringLiteral("--port"),
                              QStringLiteral("0"), QStringLiteral("--issuer-key"), QStringLiteral("bench")});
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start();
        QByteArray text;
        while (process.waitForReadyRead(60000)) { // a harness: blocking waits are fine here
            text += process.readAll();
            const auto m = QRegularExpression(QStringLiteral(":(\\d+)\\s*$"), QRegularExpression::MultilineOption)
                               .match(QString::fromUtf8(text));
            if (text.contains("listening") && m.hasMatch()) {
                port = quint16(m.captured(1).toUInt());
                QObject::connect(&process, &QProcess::readyRead, &process, [this] { process.readAll(); });
                return true;
            }
        }
        std::fprintf(stderr, "lounge-central did not start: %s\n", text.constData());
        return false;
    }
    ~Central()
    {
        if (process.state() != QProcess::NotRunning) {
            process.terminate();
            process.waitForFinished(10000);
        }
    }
};

QString eventName(const ThreadEvent& e)
{
    QString type;
    switch (e.type) {
    case QEvent::MetaCall:
        type = QStringLiteral("MetaCall");
        break;
    case QEvent::Timer:
        type = QStringLiteral("Timer");
        break;
    case QEvent::SockAct:
        type = QStringLiteral("SockAct");
        break;
    case QEvent::DeferredDelete:
        type = QStringLiteral("DeferredDelete");
        break;
    default:
        type = QString::number(e.type);
    }
    QString cls = QString::fromLatin1(e.receiver);
    cls = cls.mid(cls.lastIndexOf(QLatin1Char(':')) + 1);
    return cls + QLatin1Char('/') + type;
}

/// What the store worker's thread did between a redeem being queued and the redeem starting.
struct QueueTimeline
{
    double windowMs = 0; ///< queued -> the redeem's event starts
    bool haveSched = false;
    double cpuMs = 0; ///< the thread on a CPU in the window
    double runnableMs = 0; ///< runnable, waiting for a CPU
    double blockedMs = 0; ///< the rest: blocked (I/O: a sync, a page read) or idle
    QString runningAtQueue; ///< the event running when the redeem was queued (empty: none)
    double runningTotalMs = 0; ///< its whole duration
    double runningLeftMs = 0; ///< how much of it was still to run
    int runningCommits = 0; ///< commits of the writer inside it (feed, FULL)
    double runningCommitMs = 0; ///< their write time
    double runningCheckpointMs = 0; ///< the checkpoints in them
    double otherEventsMs = 0; ///< events after that one, before the redeem's
    QStringList otherEvents;
    double gapsMs = 0; ///< between events (the event loop, waking up)
};

QueueTimeline queueTimeline(const std::vector<ThreadEvent>& events, const std::vector<core::Store::CommitInfo>& commits,
                            qint64 posted, const SchedStat* postedSched, qint64 redeemStart)
{
    QueueTimeline q;
    const ThreadEvent* redeemEvent = nullptr;
    for (const auto& e : events) {
        if (e.start <= redeemStart && e.end >= redeemStart) {
            redeemEvent = &e;
        }
    }
    const qint64 until = redeemEvent ? redeemEvent->start : redeemStart;
    q.windowMs = double(std::max<qint64>(0, until - posted)) / 1e6;
    if (redeemEvent && postedSched && postedSched->cpuNs > 0) {
        q.haveSched = true;
        q.cpuMs = double(redeemEvent->sched.cpuNs - postedSched->cpuNs) / 1e6;
        q.runnableMs = double(redeemEvent->sched.waitNs - postedSched->waitNs) / 1e6;
        q.blockedMs = std::max(0.0, q.windowMs - q.cpuMs - q.runnableMs);
    }
    double covered = 0;
    for (const auto& e : events) {
        if (&e == redeemEvent || e.end <= posted || e.start >= until) {
            continue;
        }
        const double overlap = double(std::min(e.end, until) - std::max(e.start, posted)) / 1e6;
        covered += overlap;
        if (e.start <= posted) {
            q.runningAtQueue = eventName(e);
            q.runningTotalMs = double(e.end - e.start) / 1e6;
            q.runningLeftMs = overlap;
            for (const auto& c : commits) {
                if (c.beginNs >= e.start && c.endNs <= e.end) {
                    ++q.runningCommits;
                    q.runningCommitMs += double(c.endNs - c.beginNs) / 1e6;
                    q.runningCheckpointMs += double(c.checkpointNs) / 1e6;
                }
            }
        } else {
            q.otherEventsMs += overlap;
            if (overlap >= 0.5) {
                q.otherEvents << QStringLiteral("%1 %2").arg(eventName(e)).arg(overlap, 0, 'f', 1);
            }
        }
    }
    q.gapsMs = std::max(0.0, q.windowMs - covered);
    return q;
}

void printQueueTimelines(const std::vector<QueueTimeline>& timelines, const std::vector<ThreadEvent>& events,
                         qint64 from, qint64 to)
{
    std::printf("ACCEPT during the download, the store worker's thread from \"redeem queued\" to \"redeem starts\" "
                "(every event of that thread; ms): window = on a CPU + runnable waiting for one + blocked/idle; the "
                "event running when queued (its whole length, what was left, its commits: n, write, checkpoint); "
                "events after it; between events\n");
    std::vector<double> window, cpu, runnable, blocked, left, other, gaps;
    std::map<QString, std::pair<int, double>> atQueue; // event kind -> (ACCEPTs, time left)
    for (const auto& q : timelines) {
        std::printf("  %6.1f = cpu %5.1f + runnable %5.1f + blocked %5.1f | %-26s %6.1f left %6.1f (%d: %5.1f, %5.1f) "
                    "| after %5.1f [%s] | gaps %4.1f\n",
                    q.windowMs, q.cpuMs, q.runnableMs, q.blockedMs,
                    q.runningAtQueue.isEmpty() ? "(idle)" : qPrintable(q.runningAtQueue), q.runningTotalMs,
                    q.runningLeftMs, q.runningCommits, q.runningCommitMs, q.runningCheckpointMs, q.otherEventsMs,
                    qPrintable(q.otherEvents.join(QStringLiteral(", "))), q.gapsMs);
        window.push_back(q.windowMs);
        if (q.haveSched) {
            cpu.push_back(q.cpuMs);
            runnable.push_back(q.runnableMs);
            blocked.push_back(q.blockedMs);
        }
        left.push_back(q.runningLeftMs);
        other.push_back(q.otherEventsMs);
        gaps.push_back(q.gapsMs);
        auto& k = atQueue[q.runningAtQueue.isEmpty() ? QStringLiteral("(idle)") : q.runningAtQueue];
        ++k.first;
        k.second += q.runningLeftMs;
    }
    printStat("redeem queued -> its event starts", window);
    printStat("  the worker on a CPU", cpu);
    printStat("  runnable, waiting for a CPU (schedstat)", runnable);
    printStat("  blocked (I/O) or idle", blocked);
    printStat("  the event running when queued: left", left);
    printStat("  events after it", other);
    printStat("  between events", gaps);
    std::printf("  running when the redeem was queued:");
    for (const auto& [kind, v] : atQueue) {
        std::printf(" %s %d (left %.0f ms in all);", qPrintable(kind), v.first, v.second);
    }
    std::printf("\n");
    // The thread's events during the whole download, by kind: what a queued request can land behind.
    std::map<QString, std::vector<double>> byKind;
    for (const auto& e : events) {
        if (e.start >= from && e.start < to) {
            byKind[eventName(e)].push_back(double(e.end - e.start) / 1e6);
        }
    }
    std::vector<std::pair<double, QString>> order;
    for (const auto& [kind, v] : byKind) {
        order.push_back({std::accumulate(v.begin(), v.end(), 0.0), kind});
    }
    std::sort(order.rbegin(), order.rend());
    std::printf("the store worker's thread during the download, events by kind (longest total first):\n");
    for (size_t i = 0; i < order.size() && i < 10; ++i) {
        const auto& v = byKind[order[i].second];
        std::printf("  %-34s n=%-6zu total %8.1f ms p50 %6.2f p95 %7.2f max %7.1f ms\n", qPrintable(order[i].second),
                    v.size(), order[i].first, percentile(v, 50), percentile(v, 95),
                    *std::max_element(v.begin(), v.end()));
    }
}

constexpr auto kStaffId = "9001";
constexpr auto kStaffPin = "24680";

} // namespace

bool TimedApplication::notify(QObject* receiver, QEvent* event)
{
    EventTimeline& t = timeline();
    if (QThread::currentThread() != t.thread.load(std::memory_order_relaxed) || t.depth > 0) {
        return QApplication::notify(receiver, event);
    }
    if (!t.tid.load(std::memory_order_relaxed)) {
        t.tid.store(int(::syscall(SYS_gettid)), std::memory_order_relaxed);
    }
    ThreadEvent e;
    e.receiver = receiver->metaObject()->className();
    e.type = int(event->type());
    e.start = steadyNowNs();
    e.sched = readSchedStat(t.tid.load(std::memory_order_relaxed));
    ++t.depth;
    const bool done = QApplication::notify(receiver, event);
    --t.depth;
    e.end = steadyNowNs();
    std::lock_guard lock(t.mutex);
    t.events.push_back(e);
    return done;
}

int runWorstCase(const WorstCaseOptions& o, qint64 processStartNs)
{
    std::printf("gui-bench --worst-case: load average at start: %s\n", loadAverage().constData());
    QTemporaryDir dir;
    QElapsedTimer t;

    // 1. The video: the demo codes at 30 fps, 1080p, H.264 (scaled from the demo video, nearest neighbour).
    QString video = o.video;
    if (video.isEmpty()) {
        const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
        if (ffmpeg.isEmpty() || !QFileInfo::exists(o.demoVideo)) {
            std::fprintf(stderr, "need ffmpeg and the demo video (%s)\n", qPrintable(o.demoVideo));
            return 66;
        }
        video = dir.filePath(QStringLiteral("worst-case.mp4"));
        t.start();
        const int rc
            = QProcess::execute(ffmpeg,
                                {QStringLiteral("-loglevel"), QStringLiteral("error"), QStringLiteral("-y"),
                                 QStringLiteral("-i"), o.demoVideo, QStringLiteral("-vf"),
                                 QStringLiteral("fps=30,scale=%1:%2:flags=neighbor,format=yuv420p")
                                     .arg(o.videoSize.width())
                                     .arg(o.videoSize.height()),
                                 QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-preset"),
                                 QStringLiteral("veryfast"), QStringLiteral("-crf"), QStringLiteral("20"), video});
        if (rc != 0) {
            std::fprintf(stderr, "ffmpeg failed (%d)\n", rc);
            return 1;
        }
        std::printf("video: %dx%d @30 fps H.264 made in %.1f s (not part of the figures)\n", o.videoSize.width(),
                    o.videoSize.height(), double(t.elapsed()) / 1000.0);
    }

    // 2. Central: the demo set + the bench records, an enrollment code for the demo lounge.
    core::SystemClock clock;
    const QDate today = clock.now().date();
    const QString centralDb = o.centralDb.isEmpty() ? dir.filePath(QStringLiteral("central.sqlite")) : o.centralDb;
    const bool seeded = !o.centralDb.isEmpty() && QFileInfo::exists(o.centralDb);
    QString enrollCode;
    t.start();
    if (seeded) {
        auto store = central::SqliteCentralStore::open(centralDb);
        if (!store) {
            std::fprintf(stderr, "%s\n", qPrintable(store.error().toString()));
            return 1;
        }
        central::CentralService service(**store, clock, central::CentralService::Options {});
        auto code = service.createEnrollmentCode(QStringLiteral("HKG-T1-LOUNGE"));
        if (!code) {
            return 1;
        }
        enrollCode = *code;
        std::printf("central: %s seeded by an earlier run (its --members/--epasses apply)\n", qPrintable(centralDb));
    } else {
        auto store = central::SqliteCentralStore::open(centralDb);
        if (!store) {
            std::fprintf(stderr, "%s\n", qPrintable(store.error().toString()));
            return 1;
        }
        central::CentralService service(**store, clock, central::CentralService::Options {});
        if (!service.seedDemo(core::DemoData::build(today))) {
            return 1;
        }
        const int chunk = 50000;
        for (int base = 0; base < std::max(o.members, o.epasses); base += chunk) {
            auto r = (*store)->transaction([&]() -> core::Result<void> {
                for (int i = base; i < base + chunk; ++i) {
                    if (i < o.members) {
                        if (auto x = service.writeMembership(benchMembership(i, today)); !x) {
                            return x.error();
                        }
                    }
                    if (i < o.epasses) {
                        if (auto x = service.writeEPass(benchEPass(i, today)); !x) {
                            return x.error();
                        }
                    }
                }
                return {};
            });
            if (!r) {
                std::fprintf(stderr, "%s\n", qPrintable(r.error().toString()));
                return 1;
            }
        }
        auto code = service.createEnrollmentCode(QStringLiteral("HKG-T1-LOUNGE"));
        if (!code) {
            return 1;
        }
        enrollCode = *code;
    }
    if (!seeded) {
        std::printf("central: demo set + %d memberships + %d E-passes generated in %.1f s (not part of the figures)\n",
                    o.members, o.epasses, double(t.elapsed()) / 1000.0);
    }
    Central central;
    if (!central.start(centralDb)) {
        return 1;
    }

    // 3. The desk's cache: enrolled (as `lounge-terminal enroll` leaves it) with one staff account, nothing else: the
    //    kiosk's own sync downloads everything once it starts.
    const QString dataDir = dir.filePath(QStringLiteral("desk"));
    QDir().mkpath(dataDir);
    {
        auto store = core::Store::open(QDir(dataDir).filePath(QStringLiteral("cache.sqlite")));
        if (!store) {
            std::fprintf(stderr, "%s\n", qPrintable(store.error().toString()));
            return 1;
        }
        sync::CentralClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(central.port)));
        QEventLoop loop;
        bool ok = false;
        client.enroll(enrollCode, [&](core::Result<sync::EnrollReply> r) {
            if (r) {
                core::TerminalSettings s;
                s.terminalId = r->terminalId;
                s.resourceId = r->resourceId;
                s.centralUrl = client.baseUrl().toString();
                if (o.recentlyUsedSeconds >= 0) {
                    s.recentlyUsedSeconds = o.recentlyUsedSeconds;
                }
                if (o.staleAfterSeconds >= 0) {
                    s.staleAfterSeconds = o.staleAfterSeconds;
                }
                ok = s.save(**store) && (*store)->setSetting(QStringLiteral("terminal_secret"), r->secret);
            }
            loop.quit();
        });
        loop.exec();
        core::StaffAccount a;
        a.id = QLatin1String(kStaffId);
        a.role = core::StaffRole::Agent;
        auto h = core::PinHash::hash(QLatin1String(kStaffPin), core::PinHash::Cost::Minimal);
        if (!ok || !h) {
            std::fprintf(stderr, "enrolling the desk failed\n");
            return 1;
        }
        a.pinHash = *h;
        if (!core::SecurityStore(**store).upsertStaff(a)) {
            return 1;
        }
    }

    // 4. Background load: spinning processes at normal priority.
    std::vector<std::unique_ptr<QProcess>> spinners;
    for (int i = 0; i < o.busy; ++i) {
        auto p = std::make_unique<QProcess>();
        p->start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("while :; do :; done")});
        spinners.push_back(std::move(p));
    }

    // 5. The kiosk. State its signal handlers write is declared first: it outlives the runtime.
    bool staffIdSent = false;
    bool pinSent = false;
    qint64 readyNs = 0;
    qint64 downloadStartNs = 0; // the initial download, as the desk's sync status shows it
    qint64 downloadEndNs = 0;
    int downloadTotal = 0;
    struct Scan // per scan: decoded, on the GUI thread, verdict painted
    {
        qint64 decoded = 0;
        qint64 gui = 0;
        qint64 painted = 0;
        bool picker = false;
        app::VerdictTone tone = app::VerdictTone::Reject;
    };
    std::map<qint64, Scan> scans; // by frame arrival
    bool viaPicker = false;
    int verdicts = 0;
    int framesArrived = 0;
    std::vector<double> loads;
    Heartbeat guiBusy; // GUI thread
    gui::KioskRuntime::Options ro;
    ro.dataDir = dataDir;
    ro.source = video;
    ro.keyboardWedge = false;
    const qint64 kioskStartNs = steadyNowNs();
    gui::KioskRuntime rt(std::move(ro));
    timeline().thread.store(rt.worker()->thread()); // every event of the store worker's thread from here on
    auto* c = rt.controller();
    c->setVerdictTimeoutOverrideMs(400);
    if (o.noYield) {
        rt.worker()->urgentTaken(); // the count never exceeds 0 with one request waiting: the sync never steps aside
    }
    rt.window()->resize(o.windowSize);
    rt.window()->show();

    auto commitLog = std::make_shared<CommitLog>();
    QMetaObject::invokeMethod(rt.worker(), [w = rt.worker(), commitLog] {
        w->setCommitObserver([commitLog](const core::Store::CommitInfo& c) { commitLog->add(c); });
    });
    WorkerTasks* tasks = new WorkerTasks; // deleted with the worker thread's objects below
    tasks->moveToThread(rt.worker()->thread());
    QMetaObject::invokeMethod(rt.worker(), [w = rt.worker(), tasks] { w->installEventFilter(tasks); });
    QObject::connect(
        rt.worker(), &app::StoreWorker::decisionReady, rt.worker(), [tasks] { tasks->markScanAnswer(); },
        Qt::DirectConnection);
    QObject::connect(
        rt.worker(), &app::StoreWorker::redemptionRecorded, rt.worker(), [tasks] { tasks->markScanAnswer(); },
        Qt::DirectConnection);
    QObject::connect(
        rt.worker(), &app::StoreWorker::recordFailed, rt.worker(), [tasks] { tasks->markScanAnswer(); },
        Qt::DirectConnection);
    // The scan's read-only check runs on the reader's thread (app::CheckReader): time its tasks the same way.
    auto* readerTasks = new WorkerTasks; // deleted on the reader's thread below
    app::CheckReader* reader = rt.worker()->reader();
    readerTasks->moveToThread(reader->thread());
    QMetaObject::invokeMethod(reader, [reader, readerTasks] { reader->installEventFilter(readerTasks); });
    QObject::connect(
        reader, &app::CheckReader::decisionReady, reader, [readerTasks] { readerTasks->markScanAnswer(); },
        Qt::DirectConnection);
    // When a check's answer reached the GUI thread: connected after the desk's own connection, so this runs just after
    // the admission flow handled the decision (for an ACCEPT: just after it queued the redeem on the writer).
    std::vector<qint64> decisionsOnGui;
    std::vector<SchedStat> workerSchedOnGui; // the store worker's SchedStat at each of decisionsOnGui
    auto workerSched = [] {
        const int tid = timeline().tid.load(std::memory_order_relaxed);
        return tid ? readSchedStat(tid) : SchedStat {};
    };
    QObject::connect(reader, &app::CheckReader::decisionReady, &rt, [&decisionsOnGui, &workerSchedOnGui, workerSched] {
        decisionsOnGui.push_back(steadyNowNs());
        workerSchedOnGui.push_back(workerSched());
    });
    auto* workerBusy = new Heartbeat; // deleted on the worker thread below
    workerBusy->moveToThread(rt.worker()->thread());
    QMetaObject::invokeMethod(workerBusy, [workerBusy] { workerBusy->start(); });
    guiBusy.start();

    // Sign in with the staff account (staff number, then PIN), as soon as the store is open.
    auto signIn = [&] {
        if (!c->isStoreOpen() || pinSent) {
            return;
        }
        if (c->signInStep() == app::SignInStep::StaffNumber && !staffIdSent) {
            staffIdSent = true;
            c->submitStaffId(QLatin1String(kStaffId));
        } else if (c->signInStep() == app::SignInStep::StaffPin && staffIdSent) {
            pinSent = true;
            c->submitPin(QLatin1String(kStaffPin));
        }
    };
    QObject::connect(c, &app::KioskController::statusChanged, &rt, signIn);
    QObject::connect(c, &app::KioskController::signInStepChanged, &rt, signIn);
    QObject::connect(&rt, &gui::KioskRuntime::readyShown, &rt, [&] { readyNs = steadyNowNs(); });

    QObject::connect(rt.worker(), &app::StoreWorker::syncStatusChanged, &rt, [&](const app::SyncView& v) {
        if (v.downloadTotal > 0 && !downloadStartNs) {
            downloadStartNs = steadyNowNs();
            downloadTotal = v.downloadTotal;
        }
        if (downloadStartNs && !downloadEndNs && v.downloadTotal == 0) {
            downloadEndNs = steadyNowNs();
        }
    });

    rt.start();
    if (!rt.scanner()) {
        std::fprintf(stderr, "no scanner\n");
        return 1;
    }
    QObject::connect(rt.scanner()->source(), &scanner::FrameSource::frameArrived, &rt,
                     [&](const scanner::Frame&) { ++framesArrived; });
    QObject::connect(rt.scanner(), &scanner::Scanner::frameDecoded, &rt, [&](const scanner::DecodedFrame& f) {
        if (!f.detections.isEmpty()) {
            scans[f.arrivalNs] = Scan {f.decodedNs, steadyNowNs(), 0, false};
        }
    });
    QObject::connect(c, &app::KioskController::screenChanged, &rt, [&](app::Screen s) {
        if (s == app::Screen::PartySize) {
            viaPicker = true;
            QTimer::singleShot(0, c, [c, &decisionsOnGui, &workerSchedOnGui, workerSched] {
                c->confirmParty(); // queues the redeem
                decisionsOnGui.push_back(steadyNowNs());
                workerSchedOnGui.push_back(workerSched());
            });
        }
    });
    QObject::connect(rt.window()->verdictScreen(), &gui::VerdictScreen::verdictPainted, &rt, [&](qint64 arrivalNs) {
        ++verdicts;
        if (arrivalNs > 0) {
            if (auto it = scans.find(arrivalNs); it != scans.end() && !it->second.painted) {
                it->second.painted = steadyNowNs();
                it->second.picker = viaPicker;
                it->second.tone = c->verdict().tone;
            }
        }
        viaPicker = false;
        if (c->verdict().tone == app::VerdictTone::Attention) {
            QTimer::singleShot(0, c, [c] { c->returnToReady(); });
        }
    });
    QTimer loadTimer;
    QObject::connect(&loadTimer, &QTimer::timeout, &rt,
                     [&] { loads.push_back(loadAverage().split(' ').value(0).toDouble()); });
    loadTimer.start(5000);
    const qint64 runStartNs = steadyNowNs();
    QTimer::singleShot(o.seconds * 1000, qApp, &QCoreApplication::quit);
    qApp->exec();
    const qint64 runEndNs = steadyNowNs();
    const qint64 dlEnd = downloadEndNs ? downloadEndNs : runEndNs;
    timeline().thread.store(nullptr);
    std::vector<ThreadEvent> workerEvents; // in order: one thread's outermost events never overlap
    {
        std::lock_guard lock(timeline().mutex);
        workerEvents = timeline().events;
    }
    const scanner::DecoderStats stats = rt.scanner()->decoder().stats();
    std::vector<WorkerTasks::Task> workerTasks = tasks->tasks();
    const std::vector<WorkerTasks::Task> writerTasks = workerTasks; // the store worker's alone
    const std::vector<WorkerTasks::Task> checkTasks = readerTasks->tasks();
    const int checksOnReader = int(
        std::count_if(checkTasks.begin(), checkTasks.end(), [](const WorkerTasks::Task& t) { return t.scanAnswer; }));
    workerTasks.insert(workerTasks.end(), checkTasks.begin(), checkTasks.end());
    std::sort(workerTasks.begin(), workerTasks.end(),
              [](const WorkerTasks::Task& a, const WorkerTasks::Task& b) { return a.start < b.start; });
    const std::vector<double> workerLateDuring = workerBusy->lateness(downloadStartNs, dlEnd);
    const std::vector<double> guiLateDuring = guiBusy.lateness(downloadStartNs, dlEnd);
    const std::vector<double> guiLateAfter = guiBusy.lateness(dlEnd, runEndNs);
    // These calls are meta-call events to the very objects the filters watch, so each runs inside its filter's
    // eventFilter(): the filter is removed and deleted later (after that eventFilter() has returned), never deleted
    // from inside itself (it was, and a run aborted at exit with a double free).
    QMetaObject::invokeMethod(
        rt.worker(),
        [w = rt.worker(), tasks, workerBusy] {
            w->removeEventFilter(tasks);
            tasks->deleteLater();
            delete workerBusy;
        },
        Qt::BlockingQueuedConnection);
    QMetaObject::invokeMethod(
        reader,
        [reader, readerTasks] {
            reader->removeEventFilter(readerTasks);
            readerTasks->deleteLater();
        },
        Qt::BlockingQueuedConnection);
    for (auto& p : spinners) {
        p->kill();
        p->waitForFinished(5000);
    }

    // Report.
    std::printf("window %dx%d, platform %s, video %s, %d busy processes, sync steps aside for scans: %s\n",
                o.windowSize.width(), o.windowSize.height(), qPrintable(QGuiApplication::platformName()),
                qPrintable(QFileInfo(video).fileName()), o.busy, o.noYield ? "NO (--no-yield anchor)" : "yes");
    std::printf("kiosk start -> ready (signed in): %.0f ms (process start -> ready: %.0f ms, incl. the set-up above)\n",
                readyNs ? double(readyNs - kioskStartNs) / 1e6 : -1.0,
                readyNs ? double(readyNs - processStartNs) / 1e6 : -1.0);
    std::printf("initial sync download: %d records, %s in %.1f s of the %d s run\n", downloadTotal,
                downloadEndNs ? "finished" : "NOT finished",
                downloadStartNs ? double(dlEnd - downloadStartNs) / 1e9 : 0.0, o.seconds);
    const double runSeconds = double(runEndNs - runStartNs) / 1e9;
    std::printf("frames: %d arrived (%.1f fps over the run), %d decoded, %d replaced in the mailbox (not decoded: "
                "%.1f %%)\n",
                framesArrived, framesArrived / runSeconds, stats.decoded, stats.dropped,
                stats.submitted ? 100.0 * stats.dropped / stats.submitted : 0.0);
    std::printf("load average sampled every 5 s during the run: min %.2f mean %.2f max %.2f; at the end: %s\n",
                loads.empty() ? 0.0 : *std::min_element(loads.begin(), loads.end()),
                loads.empty() ? 0.0 : std::accumulate(loads.begin(), loads.end(), 0.0) / double(loads.size()),
                loads.empty() ? 0.0 : *std::max_element(loads.begin(), loads.end()), loadAverage().constData());

    struct Stages
    {
        std::vector<double> total, decode, toGui, queue, work, between, lastTask, paint;
    };
    Stages during;
    Stages after;
    Stages all;
    int unmatched = 0;
    // By verdict, the party-size picker's scans included (the bench confirms the picker at once): an ACCEPT's verdict
    // waits for its redeem on the writer, an ATTENTION's or a REJECT's only for the check.
    const char* const toneNames[] = {"ACCEPT (recorded)", "ATTENTION", "REJECT or not recorded"};
    Stages byTone[3][2]; // [tone][0 = during the download, 1 = after it]
    for (const auto& [arrival, s] : scans) {
        if (!s.painted) {
            continue;
        }
        const bool inDownload = downloadStartNs && arrival >= downloadStartNs && arrival < dlEnd;
        const int tone = s.tone == app::VerdictTone::Accept ? 0 : s.tone == app::VerdictTone::Attention ? 1 : 2;
        Stages& t = byTone[tone][inDownload ? 0 : 1];
        qint64 first = 0;
        qint64 last = 0;
        qint64 lastStart = 0;
        qint64 inside = 0;
        for (const auto& task : workerTasks) {
            if (task.scanAnswer && task.end > s.gui && task.end <= s.painted) {
                first = first ? first : task.start;
                lastStart = task.start;
                last = task.end;
                inside += task.end - task.start;
            }
        }
        t.total.push_back(double(s.painted - arrival) / 1e6);
        t.decode.push_back(double(s.decoded - arrival) / 1e6);
        if (first) {
            t.queue.push_back(double(std::max<qint64>(0, first - s.gui)) / 1e6);
            t.between.push_back(double(last - first - inside) / 1e6);
            t.lastTask.push_back(double(last - lastStart) / 1e6);
            t.paint.push_back(double(s.painted - last) / 1e6);
        }
    }
    for (const auto& [arrival, s] : scans) {
        if (!s.painted || s.picker) {
            continue;
        }
        // The worker calls that answered this scan: those that ended between it reaching the GUI and its paint.
        qint64 firstStart = 0;
        qint64 lastEnd = 0;
        qint64 busy = 0; // time inside the answering tasks (check, redeem)
        for (const auto& task : workerTasks) {
            if (task.scanAnswer && task.end > s.gui && task.end <= s.painted) {
                if (!firstStart) {
                    firstStart = task.start;
                }
                lastEnd = task.end;
                busy += task.end - task.start;
            }
        }
        const bool inDownload = downloadStartNs && arrival >= downloadStartNs && arrival < dlEnd;
        for (Stages* st : {&all, inDownload ? &during : &after}) {
            st->total.push_back(double(s.painted - arrival) / 1e6);
            st->decode.push_back(double(s.decoded - arrival) / 1e6);
            st->toGui.push_back(double(s.gui - s.decoded) / 1e6);
            if (firstStart) {
                st->queue.push_back(double(std::max<qint64>(0, firstStart - s.gui)) / 1e6);
                st->work.push_back(double(lastEnd - firstStart) / 1e6);
                st->between.push_back(double(lastEnd - firstStart - busy) / 1e6);
                st->paint.push_back(double(s.painted - lastEnd) / 1e6);
            }
        }
        if (!firstStart) {
            ++unmatched;
        }
    }
    auto printStages = [&](const char* title, const Stages& st) {
        std::printf("%s\n", title);
        printStat("scan -> verdict painted (one-scan)", st.total);
        printStat("  frame arrival -> decoded (decoder thread)", st.decode);
        printStat("  decoded -> on the GUI thread", st.toGui);
        printStat("  GUI -> store worker starts the check", st.queue);
        printStat("  store worker: check / redeem", st.work);
        printStat("    between check and redeem (hop + queue)", st.between);
        printStat("  answer -> verdict painted (GUI thread)", st.paint);
    };
    printStages("all scans:", all);
    printStages("during the initial download:", during);
    printStages("after it:", after);
    std::printf("by verdict (one-scan and via the party-size picker, confirmed at once):\n");
    for (int tone = 0; tone < 3; ++tone) {
        for (int phase = 0; phase < 2; ++phase) {
            const Stages& t = byTone[tone][phase];
            std::printf("%s, %s:\n", toneNames[tone], phase == 0 ? "during the download" : "after it");
            printStat("scan -> verdict painted", t.total);
            printStat("  frame arrival -> decoded", t.decode);
            printStat("  GUI -> the check starts", t.queue);
            printStat("  check answered -> redeem starts", t.between);
            printStat("  last answer's task (the redeem for ACCEPT)", t.lastTask);
            printStat("  answer -> verdict painted", t.paint);
        }
    }
    std::printf("verdicts painted: %d (scans not matched to a worker answer: %d); checks answered by the read-only "
                "connection: %d\n",
                verdicts, unmatched, checksOnReader);
    std::printf("how late a 5 ms timer fires (how long the thread could not serve a request):\n");
    printStat("store worker (not urgent), during the download", workerLateDuring);
    printStat("GUI thread, during the download", guiLateDuring);
    printStat("GUI thread, after it", guiLateAfter);

    // An ACCEPT's time, stage by stage (one-scan, and via the party-size picker, which the bench confirms at once):
    // the writer's tasks and commits around its redeem.
    const std::vector<core::Store::CommitInfo> commits = commitLog->commits();
    struct AcceptStages
    {
        std::vector<double> total, decode, toGui, checkQueue, check, hop, queue, feedBefore, checkpointBefore, validate,
            commit, flushed, checkpoint, afterCommit, paint;
    };
    AcceptStages acc[2];
    std::vector<QueueTimeline> timelines; // ACCEPTs during the download
    auto ms = [](qint64 ns) { return double(ns) / 1e6; };
    std::printf("ACCEPT during the download (one-scan and via the picker, confirmed at once), each (ms): "
                "arrival->decoded, decoded->GUI, GUI->check starts, check, check answered->GUI queues the redeem "
                "(picker: confirmed), queued->redeem starts [running before it: feed "
                "commits / checkpoints], redeem: validate, commit (WAL frames it synced), checkpoint, after the "
                "commit (witness, signals), answer->painted = total\n");
    for (const auto& [arrival, s] : scans) {
        if (!s.painted || s.tone != app::VerdictTone::Accept) {
            continue;
        }
        const bool inDownload = downloadStartNs && arrival >= downloadStartNs && arrival < dlEnd;
        const WorkerTasks::Task* check = nullptr;
        for (const auto& t : checkTasks) {
            if (t.scanAnswer && t.end > s.gui && t.end <= s.painted) {
                check = &t;
                break;
            }
        }
        const WorkerTasks::Task* redeem = nullptr;
        for (const auto& t : writerTasks) {
            if (t.scanAnswer && t.end > s.gui && t.end <= s.painted) {
                redeem = &t;
            }
        }
        if (!check || !redeem) {
            continue;
        }
        qint64 posted = check->end; // the redeem was queued: the check's answer handled (one-scan) or the picker
                                    // confirmed, whichever came last before the redeem started
        const SchedStat* postedSched = nullptr;
        for (size_t i = 0; i < decisionsOnGui.size(); ++i) {
            if (decisionsOnGui[i] >= check->end && decisionsOnGui[i] <= redeem->start) {
                posted = decisionsOnGui[i];
                postedSched = i < workerSchedOnGui.size() ? &workerSchedOnGui[i] : nullptr;
            }
        }
        qint64 feedBefore = 0;
        qint64 checkpointBefore = 0;
        const core::Store::CommitInfo* visit = nullptr;
        for (const auto& c : commits) {
            if (c.endNs > posted && c.beginNs < redeem->start) {
                feedBefore += c.feed ? c.endNs - std::max(c.beginNs, posted) : 0;
            }
            // The part of its checkpoint (it runs after the commit) that the redeem waited for.
            const qint64 ckptEnd = std::min(c.endNs + c.checkpointNs, redeem->start);
            checkpointBefore += std::max<qint64>(0, ckptEnd - std::max(c.endNs, posted));
            if (!visit && !c.feed && c.beginNs >= redeem->start && c.endNs <= redeem->end) {
                visit = &c;
            }
        }
        if (inDownload) {
            timelines.push_back(queueTimeline(workerEvents, commits, posted, postedSched, redeem->start));
        }
        AcceptStages& a = acc[inDownload ? 0 : 1];
        const double total = ms(s.painted - arrival);
        a.total.push_back(total);
        a.decode.push_back(ms(s.decoded - arrival));
        a.toGui.push_back(ms(s.gui - s.decoded));
        a.checkQueue.push_back(ms(std::max<qint64>(0, check->start - s.gui)));
        a.check.push_back(ms(check->end - check->start));
        a.hop.push_back(ms(posted - check->end));
        a.queue.push_back(ms(std::max<qint64>(0, redeem->start - posted)));
        a.feedBefore.push_back(ms(feedBefore));
        a.checkpointBefore.push_back(ms(checkpointBefore));
        const qint64 answer = redeem->answerNs ? redeem->answerNs : redeem->end;
        if (visit) {
            a.validate.push_back(ms(visit->beginNs - redeem->start));
            a.commit.push_back(ms(visit->endNs - visit->beginNs));
            a.flushed.push_back(double(visit->unsyncedFrames));
            a.checkpoint.push_back(ms(visit->checkpointNs));
            a.afterCommit.push_back(ms(answer - visit->endNs - visit->checkpointNs));
        }
        a.paint.push_back(ms(s.painted - answer));
        if (inDownload) {
            std::printf("  %6.1f %6.1f %5.1f %5.1f %6.1f %6.1f [%5.1f / %5.1f] %5.1f %6.1f (%4d frames) %5.1f %5.1f "
                        "%6.1f = %6.1f\n",
                        a.decode.back(), a.toGui.back(), a.checkQueue.back(), a.check.back(), a.hop.back(),
                        a.queue.back(), a.feedBefore.back(), a.checkpointBefore.back(),
                        visit ? a.validate.back() : -1.0, visit ? a.commit.back() : -1.0,
                        visit ? visit->unsyncedFrames : -1, visit ? a.checkpoint.back() : -1.0,
                        visit ? a.afterCommit.back() : -1.0, a.paint.back(), total);
        }
    }
    for (int phase = 0; phase < 2; ++phase) {
        const AcceptStages& a = acc[phase];
        std::printf("ACCEPT (one-scan and via the picker) %s, stages:\n",
                    phase == 0 ? "during the download" : "after it");
        printStat("scan -> verdict painted", a.total);
        printStat("  frame arrival -> decoded", a.decode);
        printStat("  decoded -> on the GUI thread", a.toGui);
        printStat("  GUI -> the check starts (reader)", a.checkQueue);
        printStat("  the check (reader)", a.check);
        printStat("  check answered -> redeem queued (GUI, picker)", a.hop);
        printStat("  redeem queued -> starts on the writer", a.queue);
        printStat("    of it feed commits running", a.feedBefore);
        printStat("    of it checkpoints running", a.checkpointBefore);
        printStat("  redeem: validate before the commit", a.validate);
        printStat("  redeem: the visit's commit (write + sync)", a.commit);
        printStat("  redeem: checkpoint in the visit's commit", a.checkpoint);
        printStat("  redeem: after the commit (witness, signals)", a.afterCommit);
        printStat("  answer -> verdict painted", a.paint);
        std::printf("  WAL frames the visit's sync flushed: p50 %.0f p95 %.0f max %.0f\n", percentile(a.flushed, 50),
                    percentile(a.flushed, 95),
                    a.flushed.empty() ? 0.0 : *std::max_element(a.flushed.begin(), a.flushed.end()));
    }
    printQueueTimelines(timelines, workerEvents, downloadStartNs, dlEnd);
    {
        std::vector<double> feedCommit, feedFrames, fullCommit, fullFlushed, checkpoints;
        int feedCount = 0;
        int owed = 0; // page-end checkpoints put off or interrupted for a waiting request
        for (const auto& c : commits) {
            if (c.endNs < downloadStartNs || c.beginNs > dlEnd) {
                continue;
            }
            if (c.feed) {
                ++feedCount;
                feedCommit.push_back(ms(c.endNs - c.beginNs));
            } else {
                fullCommit.push_back(ms(c.endNs - c.beginNs));
                fullFlushed.push_back(double(c.unsyncedFrames));
            }
            if (c.checkpointNs) {
                checkpoints.push_back(ms(c.checkpointNs));
            }
            owed += c.checkpointOwed ? 1 : 0;
        }
        std::printf("the writer's commits during the download: %d feed (NORMAL), %zu FULL, %zu checkpoints\n",
                    feedCount, fullCommit.size(), checkpoints.size());
        printStat("feed commit (NORMAL: write, no sync)", feedCommit);
        printStat("FULL commit (write + sync)", fullCommit);
        printStat("checkpoint (PASSIVE, in a commit)", checkpoints);
        std::printf("  checkpoints put off or interrupted for a waiting request: %d\n", owed);
        std::printf("  WAL frames a FULL commit's sync flushed: p50 %.0f p95 %.0f max %.0f\n",
                    percentile(fullFlushed, 50), percentile(fullFlushed, 95),
                    fullFlushed.empty() ? 0.0 : *std::max_element(fullFlushed.begin(), fullFlushed.end()));
    }
    return all.total.empty() ? 1 : 0;
}

int runPreviewCost(QSize videoSize, QSize target, int rounds)
{
    const QByteArray loadBefore = loadAverage();
    QImage picture(target, QImage::Format_RGB32);
    std::vector<double> paint; // before: LiveView painted the whole frame on the GUI thread
    std::vector<double> convert; // now: LiveView::previewImage on the source thread (NV12 sampled at widget size)
    std::vector<double> toImage; // the alternative: QVideoFrame::toImage() + scaled(FastTransformation)
    std::vector<double> blit; // now: what the GUI thread does per frame
    std::vector<double> anchor;
    for (int i = 0; i < rounds; ++i) {
        // A fresh frame each time: a frame caches its converted image, a camera's frames never repeat.
        auto freshFrame = [&] {
            QVideoFrame frame(QVideoFrameFormat(videoSize, QVideoFrameFormat::Format_NV12));
            if (frame.map(QVideoFrame::WriteOnly)) {
                std::fill_n(frame.bits(0), frame.mappedBytes(0), uchar(16 + i % 200));
                std::fill_n(frame.bits(1), frame.mappedBytes(1), uchar(128));
                frame.unmap();
            }
            return frame;
        };
        QElapsedTimer t;
        {
            QVideoFrame frame = freshFrame();
            t.start();
            QPainter p(&picture);
            QVideoFrame::PaintOptions options;
            frame.paint(&p, QRectF(QPointF(0, 0), QSizeF(target)), options);
            paint.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        QImage preview;
        {
            scanner::Frame f;
            f.video = freshFrame();
            t.start();
            preview = gui::LiveView::previewImage(f, target);
            convert.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        {
            QVideoFrame frame = freshFrame();
            t.start();
            const QImage img = frame.toImage().scaled(videoSize.scaled(target, Qt::KeepAspectRatio),
                                                      Qt::IgnoreAspectRatio, Qt::FastTransformation);
            toImage.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        t.start();
        {
            QPainter p(&picture);
            p.drawImage(QPoint(0, 0), preview);
        }
        blit.push_back(double(t.nsecsElapsed()) / 1e6);
        t.start();
        {
            QPainter p(&picture);
            p.fillRect(picture.rect(), QColor(i % 255, 0, 0));
        }
        anchor.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::printf("preview cost, %dx%d NV12 frame -> %dx%d, interleaved per round:\n", videoSize.width(),
                videoSize.height(), target.width(), target.height());
    printStat("before, GUI thread: QVideoFrame::paint", paint);
    printStat("now, source thread: LiveView::previewImage", convert);
    printStat("alternative: toImage + scaled(Fast)", toImage);
    printStat("now, GUI thread: drawImage of the preview", blit);
    printStat("anchor: fillRect of the same picture", anchor);
    std::printf("  load average before: %s, after: %s\n", loadBefore.constData(), loadAverage().constData());
    return 0;
}

} // namespace lounge::bench
