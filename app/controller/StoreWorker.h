#pragma once

#include "AccessService.h"
#include "Clock.h"
#include "SecurityStore.h"
#include "StaffDirectory.h"
#include "StaffEventLog.h"
#include "Store.h"
#include "controller/KioskTypes.h"
#include "controller/StaffAuthenticator.h"
#include "crypto/SignedTokenVerifier.h"

#include <QObject>
#include <QThread>
#include <QUuid>

#include <atomic>
#include <memory>
#include <mutex>

namespace lounge::sync {
class CentralClient;
class RedeemRouter;
class SyncEngine;
struct SyncStatus;
} // namespace lounge::sync

namespace lounge::app {

class CheckReader;

/// Owns the Store and the AccessService on a worker thread, so the GUI thread never waits on SQLite (or on
/// Argon2id). Construct it, moveToThread(), then call its methods only through queued invocations (the
/// controller does). Every request is answered by exactly one signal; replies carry the caller's request id.
/// Errors come back as core::Error values; nothing throws.
class StoreWorker : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString cachePath;
        bool seedDemoIfEmpty = false; ///< fill an empty cache with core::DemoData (demo and screenshots)
    };

    StoreWorker(Options options, std::shared_ptr<const core::Clock> clock,
                std::unique_ptr<StaffAuthenticator> authenticator, QObject* parent = nullptr);
    ~StoreWorker() override;

    // ---- requests (worker thread)
    void open();
    /// Before open(): use another cache file (or seed the demo data set: "Try the demo").
    void useCache(const QString& cachePath, bool seedDemoIfEmpty);
    /// Accounts: `staffId` + `secret` (the PIN) through core::StaffDirectory with its lock-out. Demo (no accounts in
    /// the cache): `secret` is the demo PIN or badge and `staffId` is ignored.
    /// Only checks who it is: the controller decides what the sign-in does (a new session, resuming a locked one,
    /// or a supervisor taking the desk over) and then calls setStaff.
    void signIn(quint64 request, const QString& staffId, const QString& secret);
    /// The staff id every redemption from now on carries (empty: nobody signed in).
    void setStaff(const QString& staffId);
    /// Appends to the staff session log (core::StaffEventLog); a failure shows as store trouble, never blocks.
    void recordStaffEvent(lounge::core::StaffEventKind kind, const QString& staffId, const QString& subjectId);
    /// `boardingPasses`: the boarding passes scanned with the pass and a supervisor's override (issue 14 §3).
    void check(quint64 request, const QByteArray& raw, int partySize,
               const lounge::app::BoardingPassInput& boardingPasses = {});
    void redeem(quint64 request, const QByteArray& raw, int partySize, bool confirmAttention,
                const lounge::app::BoardingPassInput& boardingPasses = {});
    void voidRedemption(const QUuid& id, const QString& staffId, const QString& remark);
    /// Another guest count for a recorded visit (core::AccessService::changePartySize): one void + one linked visit.
    void changePartySize(const QUuid& id, int partySize, const QString& staffId, const QString& remark);
    /// A walk-in / paid entry after `refused` (its pass and holder), for `partySize` people.
    void recordPaidEntry(const lounge::core::Decision& refused, int partySize, std::optional<qint64> amountMinor);
    void loadToday();
    /// Logs a refusal staff were shown (core::Store::recordRefusal; best effort, a failure is only logged).
    void recordRefusal(const lounge::core::Decision& refused);
    /// Which pass is this code (today screen search by scan)? Validates nothing and records nothing.
    void lookupCode(quint64 request, const QByteArray& raw);
    void refreshStatus();
    void saveSettings(const lounge::app::KioskSettings& settings);
    /// Supervisor's "sync now" (no-op when not enrolled).
    void syncNow();

    /// For tests that simulate a broken disk: closes the store so every request fails until open() again.
    void closeStore();

    /// Any thread, just before queueing a request someone at the desk waits for (a scan's check or redeem, a
    /// sign-in); the queued call runs urgentTaken() first. While one waits, the sync's page apply steps aside between
    /// slices (SyncEngine::setYieldCheck), so the scan is answered within one slice instead of after a whole page.
    /// It also stops a page-end WAL checkpoint running on the worker right now (core::Store::interruptCheckpoint).
    void urgentQueued();
    void urgentTaken() { m_urgent.fetch_sub(1, std::memory_order_relaxed); }
    bool hasUrgentRequest() const { return m_urgent.load(std::memory_order_relaxed) > 0; }

    /// The read-only check connection on its own thread (owned; alive as long as this worker). Any thread may queue
    /// a check on it (WorkerBackend does); it answers on its own decisionReady, or hands the check back to this
    /// worker while the cache is not open for it. Scans thus never wait for the sync's writes on this thread.
    CheckReader* reader() const { return m_reader; }

    /// Benches and diagnostics (worker thread, before open()): every commit of the writer's connection
    /// (core::Store::setCommitObserver), kept across reopens.
    void setCommitObserver(std::function<void(const core::Store::CommitInfo&)> observer)
    {
        m_commitObserver = std::move(observer);
        if (m_store) {
            m_store->setCommitObserver(m_commitObserver);
        }
    }

signals:
    void opened(const lounge::app::KioskSettings& settings, const QList<lounge::core::Resource>& resources);
    void openFailed(const lounge::core::Error& error);
    void signedIn(quint64 request, const lounge::app::StaffMember& staff);
    void signInFailed(quint64 request, const lounge::app::SignInFailure& failure);
    /// After open and after every successful sync: whether the cache holds staff accounts.
    void staffSourceChanged(lounge::app::StaffSource source);
    void decisionReady(quint64 request, const lounge::core::Decision& decision);
    /// The redeem transaction finished: decision.recorded says whether a visit was committed. decidedOffline:
    /// online-first, but central did not answer in time, so the kiosk decided from its cache.
    void redemptionRecorded(quint64 request, const lounge::core::Decision& decision, bool decidedOffline);
    /// The store could not commit: nothing was recorded, do not admit.
    void recordFailed(quint64 request, const lounge::core::Error& error);
    void voidRecorded(const lounge::core::Redemption& voidRecord);
    void voidFailed(const lounge::core::Error& error);
    /// decision.recorded: the new count stands (the old visit is voided); otherwise refused, nothing changed.
    void partyChanged(const lounge::core::Decision& decision);
    void partyChangeFailed(const lounge::core::Error& error);
    void paidEntryRecorded(const lounge::core::Redemption& record);
    void paidEntryFailed(const lounge::core::Error& error);
    void codeLookedUp(quint64 request, const std::optional<lounge::core::CredentialRef>& credential);
    void todayLoaded(const lounge::app::TodayData& today);
    void statusLoaded(int pendingUploads, const QDateTime& lastSync);
    void settingsSaved(const lounge::app::KioskSettings& settings);
    void settingsFailed(const lounge::core::Error& error);
    /// Any store call failed (the controller shows a banner until the next success).
    void storeTroubled(const lounge::core::Error& error);
    /// The sync engine's state (only when the terminal is enrolled with a central).
    void syncStatusChanged(const lounge::app::SyncView& status);

private:
    core::Result<KioskSettings> loadSettings() const;
    bool ensureOpen();
    core::Error notOpen() const;
    void startSync();
    void publishSync(const sync::SyncStatus& status);
    /// (Re)builds the staff directory for the current settings and tells the controller which sign-in to use.
    void refreshStaff();
    void finishRedeem(quint64 request, const QByteArray& raw, int partySize,
                      const core::Result<core::Decision>& decision, bool decidedOffline);

    Options m_options;
    std::shared_ptr<const core::Clock> m_clock;
    std::unique_ptr<StaffAuthenticator> m_authenticator;
    std::unique_ptr<core::Store> m_store;
    std::unique_ptr<core::SecurityStore> m_security; ///< keys, clock offset, replay guard (over m_store)
    std::unique_ptr<core::SignedTokenVerifier> m_verifier; ///< dynamic codes
    std::unique_ptr<core::AccessService> m_service;
    std::unique_ptr<sync::CentralClient> m_client;
    std::unique_ptr<sync::SyncEngine> m_sync;
    std::unique_ptr<sync::RedeemRouter> m_router; ///< online-first redeems (only when enrolled)
    std::unique_ptr<core::StaffDirectory> m_directory; ///< staff accounts synced from central
    StaffSource m_staffSource = StaffSource::Demo;
    int m_syncFailures = 0;
    QDateTime m_lastFailure;
    std::optional<core::ErrorCode> m_lastFailureCode;
    KioskSettings m_settings;
    QString m_staffId;
    std::atomic<int> m_urgent {0}; ///< urgent requests queued and not started yet
    std::mutex m_interruptMutex; ///< urgentQueued() (any thread) against the store being closed (worker thread)
    core::Store* m_interruptible = nullptr; ///< m_store while it is open
    void setInterruptible(core::Store* store);
    std::function<void(const core::Store::CommitInfo&)> m_commitObserver;
    QThread m_readerThread;
    CheckReader* m_reader = nullptr; ///< lives on m_readerThread; deleted by ~StoreWorker after that thread ended
    /// The reader's terminal context follows the worker's (open, settings).
    void updateReaderContext();
};

} // namespace lounge::app
