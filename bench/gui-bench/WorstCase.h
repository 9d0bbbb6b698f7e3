#pragma once

#include <QApplication>
#include <QSize>
#include <QString>

namespace lounge::bench {

/// `gui-bench --worst-case`: the desk's worst case (issue 16). The real kiosk window plays a 30 fps 1080p H.264 video
/// of the demo codes (made here from the demo video with ffmpeg) through QMediaPlayer, while a real
/// `lounge-central serve` (started here, seeded with `members` memberships + `epasses` E-passes + the demo set) serves
/// the desk's initial sync download and the desk itself commits the visits it admits. Optional `busy` spinning
/// processes at normal priority add background CPU load. Prints scan → verdict painted p50/p95/max (all, during the
/// download, after it), where the time went per scan (decode, hand-off to the GUI thread, queue to the store worker,
/// the worker's work, paint), the longest stretches the worker and GUI threads were busy, frames not decoded, and
/// /proc/loadavg before, during and after.
struct WorstCaseOptions
{
    QString demoVideo; ///< the build's demo video (scaled to `videoSize` at 30 fps)
    QString video; ///< an existing video to play instead of making one
    int seconds = 60;
    QSize windowSize {1280, 800};
    QSize videoSize {1920, 1080};
    int members = 200000;
    int epasses = 0;
    int busy = 0; ///< background spinning processes (nice 0)
    /// A central database seeded by an earlier run (kept there): not seeded again, only a new enrollment code.
    QString centralDb;
    /// The anchor: the sync does not step aside for scans (the store worker's urgent-request count is offset by
    /// one, so a single waiting scan never reads as waiting), i.e. the desk as before SyncEngine::setYieldCheck.
    bool noYield = false;
    /// The desk's RecentlyUsed window (terminal setting `recently_used_seconds`); < 0: the product's default (300 s).
    /// 0 turns the ATTENTION for a code seen a moment ago off, so the looping demo video's members are ACCEPTed (and
    /// recorded) every time they come round: the accept path (check, then the redeem on the writer) during the
    /// download and after it.
    int recentlyUsedSeconds = -1;
    /// The desk's CACHE_STALE window (terminal setting `stale_after_seconds`); < 0: the product's default. During the
    /// *initial* download the cache has never synced, so every pass is an ATTENTION (cache stale) and nothing is
    /// ACCEPTed; 0 (never stale) makes the download stand for a big re-sync of a desk that was in service, where
    /// passes are ACCEPTed and recorded while it runs.
    int staleAfterSeconds = -1;
};

int runWorstCase(const WorstCaseOptions& options, qint64 processStartNs);

/// The application gui-bench runs. `--worst-case` has it time every event the store worker's thread delivers, whatever
/// its receiver (the worker's requests, the sync engine's pages and slices, the client's replies, timers), with the
/// thread's scheduler statistics at each event's start (/proc/self/task/TID/schedstat: time on a CPU, time runnable
/// but waiting for one): the timeline around each ACCEPT's redeem. Other threads' events pass untimed.
class TimedApplication : public QApplication
{
public:
    TimedApplication(int& argc, char** argv)
        : QApplication(argc, argv)
    { }
    bool notify(QObject* receiver, QEvent* event) override;
};

/// `gui-bench --preview-cost`: what the live view's paint costs the GUI thread per camera frame: `QVideoFrame::paint`
/// of a fresh NV12 frame of `videoSize` into a `target`-sized picture (as `LiveView::paintEvent` does), interleaved
/// with an anchor (filling the same picture), p50/p95 of each, and /proc/loadavg.
int runPreviewCost(QSize videoSize, QSize target, int rounds);

} // namespace lounge::bench
