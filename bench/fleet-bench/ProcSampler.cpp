#include "ProcSampler.h"

#include <QDateTime>
#include <QDir>
#include <QFile>

#include <unistd.h>

namespace fleet {

namespace {

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Fields of /proc/PID/stat after the command name (which may hold spaces): [0] = state, [1] = ppid, …
QList<QByteArray> statFields(qint64 pid)
{
    const QByteArray stat = readFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0) {
        return {};
    }
    return stat.mid(close + 2).split(' ');
}

} // namespace

qint64 cpuTicks(qint64 pid)
{
    const auto f = statFields(pid);
    // utime and stime are fields 14 and 15 of stat, i.e. [11] and [12] after the name
    return f.size() > 12 ? f[11].toLongLong() + f[12].toLongLong() : -1;
}

qint64 runQueueNs(qint64 pid)
{
    const QList<QByteArray> f = readFile(QStringLiteral("/proc/%1/schedstat").arg(pid)).trimmed().split(' ');
    return f.size() >= 2 ? f[1].toLongLong() : -1;
}

qint64 statusKb(qint64 pid, const char* field)
{
    const QByteArray status = readFile(QStringLiteral("/proc/%1/status").arg(pid));
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray& line : status.split('\n')) {
        if (line.startsWith(key)) {
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong();
        }
    }
    return -1;
}

QList<qint64> withChildren(qint64 pid)
{
    QList<qint64> out {pid};
    const QByteArray children
        = readFile(QStringLiteral("/proc/%1/task/%1/children").arg(pid)); // one level, all threads' children
    for (const QByteArray& c : children.split(' ')) {
        if (!c.trimmed().isEmpty()) {
            out.append(c.trimmed().toLongLong());
        }
    }
    if (children.isEmpty()) { // kernels without CONFIG_PROC_CHILDREN: scan /proc
        const auto entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
        for (const QString& e : entries) {
            bool ok = false;
            const qint64 other = e.toLongLong(&ok);
            if (ok && other != pid && statFields(other).value(1).toLongLong() == pid) {
                out.append(other);
            }
        }
    }
    return out;
}

QString loadAverage()
{
    return QString::fromLatin1(readFile(QStringLiteral("/proc/loadavg")).split(' ').mid(0, 3).join(' '));
}

MachineTimes machineTimes()
{
    const QByteArray stat = readFile(QStringLiteral("/proc/stat"));
    const QList<QByteArray> f
        = stat.left(stat.indexOf('\n')).simplified().split(' '); // cpu user nice system idle iowait …
    MachineTimes t;
    for (int i = 1; i < f.size() && i <= 8; ++i) {
        const qint64 v = f[i].toLongLong();
        t.total += v;
        if (i != 4 && i != 5) { // idle, iowait
            t.busy += v;
        }
    }
    return t;
}

CpuMeter::CpuMeter(std::function<QList<qint64>()> pids)
    : m_pids(std::move(pids))
{ }

void CpuMeter::start()
{
    m_startTicks.clear();
    m_startWaitNs.clear();
    for (qint64 pid : m_pids()) {
        m_startTicks.insert(pid, cpuTicks(pid));
        m_startWaitNs.insert(pid, runQueueNs(pid));
    }
    m_startMs = QDateTime::currentMSecsSinceEpoch();
}

double CpuMeter::percent() const
{
    qint64 ticks = 0;
    for (qint64 pid : m_pids()) {
        const qint64 now = cpuTicks(pid);
        if (now >= 0) {
            ticks += now - std::max<qint64>(0, m_startTicks.value(pid, 0));
        }
    }
    const double seconds = (QDateTime::currentMSecsSinceEpoch() - m_startMs) / 1000.0;
    return seconds > 0 ? 100.0 * double(ticks) / double(sysconf(_SC_CLK_TCK)) / seconds : 0;
}

double CpuMeter::runQueuePercent() const
{
    qint64 ns = 0;
    for (qint64 pid : m_pids()) {
        const qint64 now = runQueueNs(pid);
        if (now >= 0) {
            ns += now - std::max<qint64>(0, m_startWaitNs.value(pid, 0));
        }
    }
    const double seconds = (QDateTime::currentMSecsSinceEpoch() - m_startMs) / 1000.0;
    return seconds > 0 ? 100.0 * double(ns) / 1e9 / seconds : 0;
}

void MachineMeter::start()
{
    m_start = machineTimes();
}

double MachineMeter::percent() const
{
    const MachineTimes now = machineTimes();
    const qint64 total = now.total - m_start.total;
    return total > 0 ? 100.0 * double(now.busy - m_start.busy) / double(total) : 0;
}

} // namespace fleet
