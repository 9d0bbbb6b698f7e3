#pragma once

#include "StaffEventLog.h"
#include "controller/KioskTypes.h"

#include <QObject>
#include <QUuid>

namespace lounge::app {

class StoreWorker;

/// What the kiosk's controllers ask of the store, and the answers they get back. Lives on the GUI thread; every
/// request returns at once and is answered later by exactly one signal (replies carry the caller's request id).
/// WorkerBackend forwards to the StoreWorker on its own thread (SQLite, Argon2id, sync); tests give the controllers
/// a fake that answers from a script, with no thread and no SQLite. Errors come back as core::Error values.
class StoreBackend : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~StoreBackend() override = default;

    virtual void open() = 0;
    /// Who it is (demo PIN/badge, or staff number + PIN through the staff directory); the controller decides what
    /// the sign-in does.
    virtual void signIn(quint64 request, const QString& staffId, const QString& secret) = 0;
    /// The staff id every redemption from now on carries (empty: nobody signed in).
    virtual void setStaff(const QString& staffId) = 0;
    virtual void recordStaffEvent(core::StaffEventKind kind, const QString& staffId, const QString& subjectId) = 0;
    /// Read-only decision (nothing recorded): answered by decisionReady. `boardingPasses`: the boarding passes
    /// scanned with the pass and a supervisor's override (core::ScanInput's boarding-pass fields).
    virtual void check(quint64 request, const QByteArray& raw, int partySize,
                       const lounge::app::BoardingPassInput& boardingPasses = {})
        = 0;
    /// Records the visit: answered by redemptionRecorded or recordFailed.
    virtual void redeem(quint64 request, const QByteArray& raw, int partySize, bool confirmAttention,
                        const lounge::app::BoardingPassInput& boardingPasses = {})
        = 0;
    virtual void voidRedemption(const QUuid& id, const QString& staffId, const QString& remark) = 0;
    virtual void loadToday() = 0;
    /// Logs a refusal shown to staff (the today list and the shift statistics count it). No answer.
    virtual void recordRefusal(const lounge::core::Decision& refused) = 0;
    /// Which pass is this code (today screen search by scan)? Records nothing: answered by codeLookedUp.
    virtual void lookupCode(quint64 request, const QByteArray& raw) = 0;
    /// Another guest count for a visit (one void + one linked visit): answered by partyChanged / partyChangeFailed.
    virtual void changePartySize(const QUuid& id, int partySize, const QString& staffId, const QString& remark) = 0;
    /// A walk-in / paid entry after `refused`: answered by paidEntryRecorded / paidEntryFailed.
    virtual void recordPaidEntry(const lounge::core::Decision& refused, int partySize,
                                 std::optional<qint64> amountMinor)
        = 0;
    virtual void refreshStatus() = 0;
    virtual void saveSettings(const lounge::app::KioskSettings& settings) = 0;
    virtual void syncNow() = 0;

signals:
    void opened(const lounge::app::KioskSettings& settings, const QList<lounge::core::Resource>& resources);
    void openFailed(const lounge::core::Error& error);
    void signedIn(quint64 request, const lounge::app::StaffMember& staff);
    void signInFailed(quint64 request, const lounge::app::SignInFailure& failure);
    void staffSourceChanged(lounge::app::StaffSource source);
    void decisionReady(quint64 request, const lounge::core::Decision& decision);
    void redemptionRecorded(quint64 request, const lounge::core::Decision& decision, bool decidedOffline);
    void recordFailed(quint64 request, const lounge::core::Error& error);
    void voidRecorded(const lounge::core::Redemption& voidRecord);
    void voidFailed(const lounge::core::Error& error);
    void todayLoaded(const lounge::app::TodayData& today);
    void codeLookedUp(quint64 request, const std::optional<lounge::core::CredentialRef>& credential);
    void partyChanged(const lounge::core::Decision& decision);
    void partyChangeFailed(const lounge::core::Error& error);
    void paidEntryRecorded(const lounge::core::Redemption& record);
    void paidEntryFailed(const lounge::core::Error& error);
    void statusLoaded(int pendingUploads, const QDateTime& lastSync);
    void settingsSaved(const lounge::app::KioskSettings& settings);
    void settingsFailed(const lounge::core::Error& error);
    void storeTroubled(const lounge::core::Error& error);
    void syncStatusChanged(const lounge::app::SyncView& status);
};

/// The production backend: each request becomes a queued call on the StoreWorker's thread, each of the worker's
/// signals is re-emitted here (queued back to the GUI thread). `worker` is not owned and must outlive this.
class WorkerBackend final : public StoreBackend
{
    Q_OBJECT
public:
    explicit WorkerBackend(StoreWorker* worker, QObject* parent = nullptr);

    void open() override;
    void signIn(quint64 request, const QString& staffId, const QString& secret) override;
    void setStaff(const QString& staffId) override;
    void recordStaffEvent(core::StaffEventKind kind, const QString& staffId, const QString& subjectId) override;
    void check(quint64 request, const QByteArray& raw, int partySize,
               const lounge::app::BoardingPassInput& boardingPasses = {}) override;
    void redeem(quint64 request, const QByteArray& raw, int partySize, bool confirmAttention,
                const lounge::app::BoardingPassInput& boardingPasses = {}) override;
    void voidRedemption(const QUuid& id, const QString& staffId, const QString& remark) override;
    void loadToday() override;
    void recordRefusal(const lounge::core::Decision& refused) override;
    void lookupCode(quint64 request, const QByteArray& raw) override;
    void changePartySize(const QUuid& id, int partySize, const QString& staffId, const QString& remark) override;
    void recordPaidEntry(const lounge::core::Decision& refused, int partySize,
                         std::optional<qint64> amountMinor) override;
    void refreshStatus() override;
    void saveSettings(const lounge::app::KioskSettings& settings) override;
    void syncNow() override;

private:
    template<typename F> void post(F&& f);
    /// A request someone at the desk waits for: the worker's sync steps aside for it (StoreWorker::urgentQueued).
    template<typename F> void postUrgent(F&& f);
    StoreWorker* m_worker;
};

} // namespace lounge::app
