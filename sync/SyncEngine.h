#pragma once

#include "CentralClient.h"
#include "Clock.h"
#include "Store.h"
#include "SyncStatus.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

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
    };

    SyncEngine(core::Store& store, CentralClient& client, const core::Clock& clock, Options options,
               QObject* parent = nullptr);

    SyncStatus status() const { return m_status; }
    CentralClient& client() { return m_client; }
    bool isRunning() const { return m_running; }
    /// Milliseconds until the next scheduled attempt (-1 = none); exposed for tests of the backoff.
    int nextAttemptInMs() const { return m_timer.isActive() ? m_timer.remainingTime() : -1; }

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
    void pullNext(bool first);
    void requestPage(qint64 cursor, bool first);
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
};

} // namespace lounge::sync
