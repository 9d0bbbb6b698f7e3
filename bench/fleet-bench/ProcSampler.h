#pragma once

// CPU time and memory of the processes under test, read from /proc (what pidstat reads): utime+stime of each
// process of a group (a PostgreSQL postmaster and its backends, nginx and its workers, each central process), the
// machine's busy share from /proc/stat, and /proc/loadavg.

#include <QHash>
#include <QList>
#include <QString>

#include <functional>

namespace fleet {

/// utime+stime of one process in clock ticks (-1 when it is gone).
qint64 cpuTicks(qint64 pid);
/// Nanoseconds runnable but not running (second field of /proc/PID/schedstat); -1 when gone.
qint64 runQueueNs(qint64 pid);
/// A field of /proc/PID/status in kB (VmRSS, VmHWM); -1 when unreadable.
qint64 statusKb(qint64 pid, const char* field);
/// `pid` and every process whose parent is `pid` (one level: backends, workers).
QList<qint64> withChildren(qint64 pid);
QString loadAverage();

struct MachineTimes
{
    qint64 busy = 0;
    qint64 total = 0;
};
MachineTimes machineTimes();

/// CPU used by a set of processes between start() and stop(), as a share of one core (100 % = one core busy).
class CpuMeter
{
public:
    explicit CpuMeter(std::function<QList<qint64>()> pids);
    void start();
    /// Percent of one core since start(); processes that appeared since count from zero.
    double percent() const;
    /// Time the processes spent runnable but waiting for a CPU (/proc/PID/schedstat), percent of wall time summed
    /// over them: high when the machine, not the process, is the limit.
    double runQueuePercent() const;

private:
    std::function<QList<qint64>()> m_pids;
    QHash<qint64, qint64> m_startTicks;
    QHash<qint64, qint64> m_startWaitNs;
    qint64 m_startMs = 0;
};

/// Busy share of the whole machine (all cores, 100 % = every core busy) since start().
class MachineMeter
{
public:
    void start();
    double percent() const;

private:
    MachineTimes m_start;
};

} // namespace fleet
