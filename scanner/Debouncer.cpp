#include "scanner/Debouncer.h"

namespace lounge::scanner {

Debouncer::Debouncer(DebounceOptions options)
    : m_options(options)
{ }

void Debouncer::reset()
{
    m_tracks.clear();
}

void Debouncer::forget(const QList<QByteArray>& identities)
{
    for (const QByteArray& key : identities) {
        m_tracks.remove(key);
    }
}

QList<ScanEvent> Debouncer::accept(const QList<ScanEvent>& seen, qint64 nowMs)
{
    QList<ScanEvent> out;
    for (const ScanEvent& e : seen) {
        const QByteArray key = e.identity();
        auto it = m_tracks.find(key);
        if (it == m_tracks.end() || nowMs - it->lastSeenMs > m_options.absenceMs) {
            m_tracks.insert(key, {nowMs, nowMs});
            out.append(e);
            continue;
        }
        it->lastSeenMs = nowMs;
        if (m_options.repeatMs > 0 && nowMs - it->lastReportedMs >= m_options.repeatMs) {
            it->lastReportedMs = nowMs;
            out.append(e);
        }
    }
    // Forget codes long gone so the table stays small on a kiosk that runs for months.
    for (auto it = m_tracks.begin(); it != m_tracks.end();) {
        if (nowMs - it->lastSeenMs > m_options.absenceMs)
            it = m_tracks.erase(it);
        else
            ++it;
    }
    return out;
}

} // namespace lounge::scanner
