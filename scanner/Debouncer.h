#pragma once

#include "scanner/ScanEvent.h"

#include <QHash>
#include <QList>

namespace lounge::scanner {

struct DebounceOptions
{
    /// A code must be out of view this long before it counts again. Covers frames where a held code is not read
    /// (motion blur, a hand passing), so keep it above a few frame times.
    int absenceMs = 1000;
    /// If > 0, a code held in view continuously is reported again after this interval.
    int repeatMs = 0;
};

/// One code held in view gives one event. Pure logic with the time passed in (testable, deterministic).
/// Not thread-safe; owned by Scanner on the GUI thread.
class Debouncer
{
public:
    explicit Debouncer(DebounceOptions options = {});

    /// Feed what one frame showed (empty when nothing was read) at monotonic time `nowMs`;
    /// returns the codes that deserve an event now.
    QList<ScanEvent> accept(const QList<ScanEvent>& seen, qint64 nowMs);
    void reset();
    /// Forgets these codes: if they are still in view, the next frame reports them again (the kiosk re-arms the
    /// codes it could not act on, e.g. a pass shown to a locked desk, once its screen changes).
    void forget(const QList<QByteArray>& identities);
    const DebounceOptions& options() const { return m_options; }

private:
    struct Track
    {
        qint64 lastSeenMs = 0;
        qint64 lastReportedMs = 0;
    };
    DebounceOptions m_options;
    QHash<QByteArray, Track> m_tracks;
};

} // namespace lounge::scanner
