#pragma once

#include "Clock.h"
#include "StaffEventLog.h"
#include "StaffPolicy.h"
#include "controller/KioskTypes.h"
#include "controller/TodayController.h"

#include <QObject>
#include <QTimer>
#include <QUuid>

#include <memory>
#include <optional>

namespace lounge::app {

class StoreWorker;

/// The kiosk's screen state machine, GUI-free so tests drive it without a screen:
/// SignedOut → Ready → (check) → PartySize → (redeem) → Verdict → Ready, plus ManualEntry, Today, Sync, Settings.
/// Locked: the session stays open but the desk is locked (by staff, or after KioskSettings::lockMinutes without a
/// touch, key or scan). Its holder's PIN resumes it; a supervisor's PIN signs the holder out and takes the desk
/// (StaffAction::SignOutOthers); an agent's is refused. Every session change goes to core::StaffEventLog.
/// Lives on the GUI thread and never blocks: every Store call is a queued request to the StoreWorker (on its own
/// thread) and the reply comes back as a signal. Replies to superseded requests are ignored by request id.
class KioskController : public QObject
{
    Q_OBJECT
public:
    /// `worker` must already live on its own thread (or, in tests, may share this one); not owned.
    KioskController(StoreWorker* worker, std::shared_ptr<const core::Clock> clock, QObject* parent = nullptr);
    ~KioskController() override;

    Screen screen() const { return m_screen; }
    const VerdictView& verdict() const { return m_verdict; }
    /// Who holds the session, also while the desk is locked.
    const std::optional<StaffMember>& staff() const { return m_staff; }
    /// Someone is signed in and the desk is not locked.
    bool isSessionOpen() const { return m_staff && m_screen != Screen::Locked; }
    /// What the signed-in staff member may do (core::StaffPolicy on their role); false when signed out or locked.
    bool allows(core::StaffAction action) const;
    /// Accounts once the cache holds staff accounts synced from central; Demo until then.
    StaffSource staffSource() const { return m_staffSource; }
    SignInStep signInStep() const { return m_signInStep; }
    /// Accounts sign-in: the staff number entered (or badge scanned) in the first step.
    QString signInStaffId() const { return m_signInStaffId; }
    const KioskSettings& settings() const { return m_settings; }
    const QList<core::Resource>& resources() const { return m_resources; }
    std::optional<core::Resource> currentResource() const;
    const SyncView& sync() const { return m_sync; }
    CameraHealth camera() const { return m_camera; }
    bool isBusy() const { return m_pending != Pending::None; }
    bool isStoreOpen() const { return m_storeOpen; }

    // party size picker
    int partySize() const { return m_partySize; }
    int maxPartySize() const { return m_maxParty; }
    const core::Decision& partyDecision() const { return m_partyDecision; }

    // status bar
    int pendingUploads() const { return m_pendingUploads; }
    QDateTime lastSync() const { return m_lastSync; }
    QDateTime now() const { return m_clock->now(); }
    /// Faults shown as banners (they clear by themselves when the condition goes away).
    bool isOffline() const;
    bool isCacheStale() const;
    const std::optional<core::Error>& storeFault() const { return m_storeFault; }

    // today (TodayController: the today screen's chapter)
    TodayController* todayController() const { return m_todayCtl; }
    const TodayData& today() const { return m_todayCtl->today(); }
    QString todaySearch() const { return m_todayCtl->search(); }
    /// Records matching the search (holder name, membership/E-pass id, staff id, redemption id prefix).
    QList<core::Redemption> filteredToday() const;
    /// Supervisor, a redemption that stands, within the void window.
    bool canVoid(const core::Redemption& record) const;
    std::optional<core::Redemption> voidCandidate() const { return m_todayCtl->voidCandidate(); }

    /// Tests and the benchmark use short verdict times; 0 = from settings.
    void setVerdictTimeoutOverrideMs(int ms) { m_verdictOverrideMs = ms; }
    /// Tests use a short idle time; 0 = KioskSettings::lockMinutes.
    void setIdleLockOverrideMs(int ms) { m_idleOverrideMs = ms; }
    int verdictTimeoutMs() const;

public:
    // ---- intents (GUI thread)
    void start();
    /// Accounts sign-in, first step: the staff number typed or read from a staff badge.
    void submitStaffId(const QString& staffId);
    /// Demo: the PIN (or demo badge). Accounts: the PIN for the staff number given in the first step.
    void submitPin(const QString& pin);
    /// Accounts sign-in: back to the staff number step (wrong number typed; on a locked desk: someone else).
    void restartSignIn();
    /// Locked desk: back to asking the PIN of the staff member whose session it is.
    void cancelTakeover();
    /// Ends the session. Ignored while locked: then only the holder's PIN or a supervisor ends it.
    void signOut();
    /// Locks the desk; the session stays open (staff step away, or the idle time ran out).
    void lock();
    /// A touch, key press or scan: restarts the idle time before the desk locks.
    void noteActivity();
    /// A decoded code (camera, video, image, keyboard wedge). `arrivalNs`: steady clock at frame arrival.
    void handleScan(const QByteArray& raw, qint64 arrivalNs = 0);
    void openManualEntry();
    void submitManual(const QString& text);
    void changeGuests(int delta);
    void confirmParty();
    void admitAnyway();
    /// REJECT that offers paid entry (app::offersPaidEntry, a known pass): record a walk-in / paid entry for
    /// `partySize` people; `amountMinor` in minor units, optional. The verdict stays; paidEntryRecorded follows.
    bool canRecordPaidEntry() const;
    void recordPaidEntry(int partySize, std::optional<qint64> amountMinor);
    void returnToReady();
    void openToday();
    void setTodaySearch(const QString& text);
    void refreshToday();
    void requestVoid(const QUuid& redemptionId);
    void confirmVoid(const QString& remark);
    void cancelVoid();
    void openSync();
    void syncNow();
    void openSettings();
    void applySettings(const lounge::app::KioskSettings& settings);
    // ---- inputs from other layers
    void setSyncStatus(const lounge::app::SyncView& status);
    void setCameraHealth(lounge::app::CameraHealth health);

signals:
    void screenChanged(lounge::app::Screen screen);
    void verdictChanged();
    void partySizeChanged(int partySize);
    void staffChanged();
    /// A supervisor signed `previous` out of the locked desk and now holds the session.
    void sessionTakenOver(const lounge::app::StaffMember& previous, const lounge::app::StaffMember& supervisor);
    /// Wrong staff number or PIN, locked out (with when to retry), account disabled/not here, or store trouble.
    void signInFailed(const lounge::app::SignInFailure& failure);
    /// The sign-in screen asks something else now (staff number ↔ PIN), or the staff source changed.
    void signInStepChanged();
    void busyChanged(bool busy);
    void todayChanged();
    void paidEntryRecorded(const lounge::core::Redemption& record);
    void paidEntryFailed(const lounge::core::Error& error);
    void voidConfirmationRequested(const lounge::core::Redemption& record);
    void voidRecorded(const lounge::core::Redemption& voidRecord);
    void voidFailed(const lounge::core::Error& error);
    void settingsChanged();
    void settingsRefused(); ///< a non-supervisor asked for settings
    void statusChanged(); ///< pending uploads, last sync, sync view, camera, faults
    /// A verdict was decided for a scan (the screen paints it next); arrivalNs for latency measurement.
    void verdictPresented(lounge::app::VerdictTone tone, qint64 arrivalNs);

private:
    enum class Pending
    {
        None,
        SignIn,
        Check,
        Redeem,
    };
    void setScreen(Screen screen);
    void setPending(Pending pending);
    void beginCheck(const QByteArray& raw, qint64 arrivalNs);
    void redeemCurrent(int partySize, bool confirmAttention);
    void showVerdict(VerdictView view);
    void clearStoreFault();

    void onOpened(const KioskSettings& settings, const QList<core::Resource>& resources);
    void onDecision(quint64 request, const core::Decision& decision);
    void onRedeemed(quint64 request, const core::Decision& decision, bool decidedOffline);
    void setSignInStep(SignInStep step);
    bool acceptsSignIn() const;
    void onSignedIn(quint64 request, const StaffMember& staff);
    void openSession();
    void endSession();
    void askLockedSessionPin();
    void armIdleTimer();
    void lockAfterIdle();
    void recordEvent(core::StaffEventKind kind, const QString& staffId, const QString& subjectId = {});
    void onRecordFailed(quint64 request, const core::Error& error);

    StoreWorker* m_worker;
    std::shared_ptr<const core::Clock> m_clock;
    Screen m_screen = Screen::SignedOut;
    Pending m_pending = Pending::None;
    quint64 m_request = 0;
    std::optional<StaffMember> m_staff;
    StaffSource m_staffSource = StaffSource::Demo;
    SignInStep m_signInStep = SignInStep::Pin;
    QString m_signInStaffId;
    KioskSettings m_settings;
    QList<core::Resource> m_resources;
    bool m_storeOpen = false;
    std::optional<core::Error> m_storeFault;
    SyncView m_sync;
    CameraHealth m_camera = CameraHealth::Off;
    int m_pendingUploads = 0;
    QDateTime m_lastSync;

    QByteArray m_raw; // the code being handled; dropped when the verdict is dismissed
    qint64 m_arrivalNs = 0;
    core::Decision m_partyDecision;
    int m_partySize = 1;
    int m_maxParty = 1;
    VerdictView m_verdict;
    bool m_paidEntryPending = false;
    bool m_paidEntryDone = false; ///< one paid entry per refusal shown

    TodayController* m_todayCtl; ///< owned (QObject child)

    QTimer m_verdictTimer;
    QTimer m_idleTimer;
    int m_idleOverrideMs = 0;
    QTimer m_statusTimer;
    int m_verdictOverrideMs = 0;
};

} // namespace lounge::app
