#pragma once

#include "CentralClient.h"
#include "Clock.h"
#include "Store.h"
#include "SyncStatus.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <deque>
#include <functional>
#include <optional>
#include <utility>

namespace lounge::sync {

/// Offline-first synchronisation of one terminal: push the journal's outbox (in order, in batches), then pull
/// central's changes page by page (each page and its cursor in one transaction), measuring the clock offset
/// at every cycle. Failures retry with exponential backoff and jitter; a permanent per-item rejection is kept
/// in the journal as `rejected` and reported, never dropped.
/// Thread affinity: the Store's owner thread (the app runs store + sync on one worker; the CLI on its main
/// thread). Nothing blocks: every step is an async HTTP call.
class SyncEngine : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int pageSize = 2000;
        int batchSize = 200;
        int intervalMs = 60 * 1000; ///< between successful cycles while started
        int uploadSoonMs = 2000; ///< after a local redemption (offline-first: decide locally, upload soon)
        int backoffBaseMs = 1000;
        int backoffMaxMs = 5 * 60 * 1000;
        qint64 clockWarnMs = 60 * 1000;
        /// Records per slice of a page apply: between slices the yield check (setYieldCheck) is asked.
        int applySliceRecords = 100;
        /// Feed pages fetched and decoded ahead of the apply (CentralClient::feed): at most this many decoded pages
        /// wait or are being applied, and one more is being fetched. Bounds the download's memory (about 10 MB per
        /// page of 5,000 + 5,000 records).
        int pagesAhead = 3;
        /// A yield that finds at least this many slices written and not committed drops them (a rollback: they are
        /// only in the connection's page cache) instead of committing them, once per page; they are applied again
        /// after the waiting request. 0: always commit.
        int dropSlicesAtYield = 3;
        /// A download of at least this many records (the first page's count) is large: it runs with
        /// downloadCheckpointFrames and ends with a TRUNCATE checkpoint (a smaller one with a PASSIVE one).
        qint64 largeDownloadRecords = 50000;
        /// A large download (largeDownloadRecords) runs
        /// with the store's WAL checkpoint bound raised to this many frames (core::Store::setCheckpointFrames; the
        /// mid-page bound by as much): fewer, larger checkpoints, each writing an index page back once for several
        /// pages. It bounds the WAL during the download at about this many frames plus one page's (4 KiB each). The
        /// store's own bounds are back once the download ends, fails or stops. 0: the store's bounds throughout.
        int downloadCheckpointFrames = 8000;
    };

    SyncEngine(core::Store& store, CentralClient& client, const core::Clock& clock, Options options,
               QObject* parent = nullptr);

    SyncStatus status() const { return m_status; }
    CentralClient& client() { return m_client; }
    bool isRunning() const { return m_running; }
    /// Milliseconds until the next scheduled attempt (-1 = none); exposed for tests of the backoff.
    int nextAttemptInMs() const { return m_timer.isActive() ? m_timer.remainingTime() : -1; }
    /// Asked (on this thread) between slices of a feed page apply: when it returns true, the apply commits the
    /// records it has written so far (without the page's cursor, which still commits with the page's last slice) and
    /// goes on only after the events already queued on this thread, so a scan waiting on the store's thread is
    /// answered within one slice instead of after the whole page. A page stops at most once per request; without a
    /// check (or while it returns false) a page is one transaction, as before. The first yield of a page that finds
    /// several slices uncommitted (Options::dropSlicesAtYield) rolls them back instead: the waiting request (a
    /// visit) then neither waits for their WAL frames to be written nor, in its own FULL commit, for them to be
    /// synced; they are written again after it. It is also asked once at each page's start, before the first slice
    /// (right after the page before it committed, in the same event): a request waiting then runs first.
    void setYieldCheck(std::function<bool()> check) { m_yieldCheck = std::move(check); }
    /// How often a page apply stepped aside for a waiting request (tests, diagnostics).
    int applyYields() const { return m_applyYields; }
    /// The most decoded feed pages this engine held at once (being applied + waiting), since it was made (tests,
    /// diagnostics): at most Options::pagesAhead.
    int mostPagesHeld() const { return m_mostPagesHeld; }
    /// Nanoseconds the checkpoint at the end of the last download took (the TRUNCATE after a large one, else the
    /// PASSIVE one; -1: none yet): benches, diagnostics.
    qint64 lastDownloadCheckpointNs() const { return m_lastDownloadCheckpointNs; }

public slots:
    /// Periodic mode: a cycle now, then every intervalMs (or after backoff).
    void start();
    void stop();
    /// One cycle now (or right after the running one).
    void syncNow();
    /// A visit was recorded locally: upload it soon.
    void uploadSoon();
    void setMode(core::TerminalSettings::Mode mode);

signals:
    void statusChanged(const lounge::sync::SyncStatus& status);
    void syncSucceeded();
    void syncFailed(const QString& detail);
    void downloadProgressed(const lounge::sync::DownloadProgress& progress);
    void clockOffsetMeasured(qint64 offsetMs, bool exceedsLimit);
    void uploadRejected(const QUuid& id, const QString& reason);
    void overdrawFlagged(const QUuid& id);

private:
    void beginCycle();
    void measureClock();
    void pushNext();
    void pullNext();
    /// A feed page of the download, in order: applied now, or after the ones before it.
    void onPage(FeedReply reply, bool first);
    void startPage(FeedReply reply, bool first);
    /// Applies the page being applied from where it stands; at its start, steps aside first for a waiting request.
    void applySlices(quint64 generation);
    void applyPage(quint64 generation);
    void pageApplied();
    /// Drops the download: the page being applied, the ones waiting and those still being fetched.
    void abandonPages();
    /// Downloads of Options::downloadCheckpointFrames: raises the store's checkpoint bounds for a large download,
    /// and sets the store's own ones back (every end of a download: finished, failed, stopped).
    void raiseCheckpointBounds();
    void restoreCheckpointBounds();
    void finishCycle(const core::Result<void>& outcome);
    void refreshCounts();
    void schedule(int ms);
    void publish();
    core::Result<void> applyUploadResults(const QList<core::Redemption>& batch, const QList<UploadItemResult>& results,
                                          int* resolved);

    core::Store& m_store;
    CentralClient& m_client;
    const core::Clock& m_clock;
    Options m_options;
    SyncStatus m_status;
    QTimer m_timer;
    bool m_running = false; ///< periodic mode
    bool m_inCycle = false;
    bool m_again = false;
    quint64 m_generation = 0; ///< stop() invalidates callbacks of an abandoned cycle
    QElapsedTimer m_pullTimer;
    std::function<bool()> m_yieldCheck;
    std::optional<FeedReply> m_applying; ///< the page being applied (in slices)
    bool m_applyingFirst = false;
    qsizetype m_applied = 0; ///< records of m_applying already written
    qsizetype m_committed = 0; ///< of them, committed by a yield (the rest is in the open transaction)
    bool m_droppedInPage = false; ///< a yield of this page dropped its uncommitted slices (once per page)
    qint64 m_cursorBefore = 0; ///< the cursor m_applying starts from (stored until its last slice commits)
    std::deque<FeedReply> m_waiting; ///< decoded pages that arrived while m_applying was still being applied
    bool m_nextIsFirst = false; ///< the download's next page is its first
    int m_applyYields = 0;
    int m_mostPagesHeld = 0;
    qint64 m_lastDownloadCheckpointNs = -1;
    /// The store's checkpoint bounds before a large download raised them (frames, mid-page); empty: not raised.
    std::optional<std::pair<int, int>> m_storeCheckpointBounds;
};

} // namespace lounge::sync
