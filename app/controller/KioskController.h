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

class AdmissionFlow;
class SessionController;
class StoreBackend;

/// The kiosk's screen router and the facade the GUI uses, GUI-free so tests drive it without a screen.
/// Two chapters live in their own classes: SessionController (sign-in, lock, takeover, idle) and AdmissionFlow
/// (scan → check → party size → redeem → verdict). This class owns the current Screen, routes scans and intents to
/// whichever chapter owns the screen, and keeps the sync and settings screens. The today screen's chapter is
/// TodayController (the day's visits and refusals, search, void, guest-count change).
/// SignedOut → Ready → (check) → PartySize → (redeem) → Verdict → Ready, plus ManualEntry, Today, Sync, Settings;
/// Locked: the session stays open but the desk is locked.
/// Lives on the GUI thread and never blocks: every store call goes through the StoreBackend (in the app, a
/// WorkerBackend over the StoreWorker thread) and the reply comes back as a signal.
class KioskController : public QObject
{
    Q_OBJECT
public:
    /// `backend` is not owned and must outlive the controller.
    KioskController(StoreBackend* backend, std::shared_ptr<const core::Clock> clock, QObject* parent = nullptr);
    ~KioskController() override;

    SessionController* session() const { return m_session; }
    AdmissionFlow* admission() const { return m_admission; }

    Screen screen() const { return m_screen; }
    const VerdictView& verdict() const;
    /// Who holds the session, also while the desk is locked.
    const std::optional<StaffMember>& staff() const;
    /// Someone is signed in and the desk is not locked.
    bool isSessionOpen() const;
    /// What the signed-in staff member may do (core::StaffPolicy on their role); false when signed out or locked.
    bool allows(core::StaffAction action) const;
    /// Accounts once the cache holds staff accounts synced from central; Demo until then.
    StaffSource staffSource() const;
    SignInStep signInStep() const;
    /// Accounts sign-in: the staff number entered (or badge scanned) in the first step.
    QString signInStaffId() const;
    const KioskSettings& settings() const { return m_settings; }
    const QList<core::Resource>& resources() const { return m_resources; }
    std::optional<core::Resource> currentResource() const;
    const SyncView& sync() const { return m_sync; }
    CameraHealth camera() const { return m_camera; }
    bool isBusy() const;
    bool isStoreOpen() const { return m_storeOpen; }

    // party size picker
    int partySize() const;
    /// A guest who scanned while the desk was busy; checked when the desk is back on ready.
    const std::optional<NextGuest>& nextGuest() const;
    int maxPartySize() const;
    const core::Decision& partyDecision() const;

    // "Scan boarding pass" (issue 14 §3)
    const BoardingPassPrompt& boardingPassPrompt() const;
    /// The desk waits for the holder's boarding pass: "No boarding pass" may be overridden (not a guest's: core
    /// records an override only for a visit without the holder's boarding pass).
    bool canOverrideBoardingPass() const;
    /// The signed-in staff member may authorise the override alone (a supervisor); otherwise a supervisor's staff
    /// number and PIN are asked.
    bool overrideNeedsSupervisorPin() const;

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
    void setVerdictTimeoutOverrideMs(int ms);
    /// Tests use a short idle time; 0 = KioskSettings::lockMinutes.
    void setIdleLockOverrideMs(int ms);
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
    /// Returns false when the code was not acted on (signed out or locked and not a staff badge, or "finish this
    /// guest first"): the scanner re-arms such a code on the next screen change, so a pass still held in view is
    /// read again once the desk can take it.
    bool handleScan(const QByteArray& raw, qint64 arrivalNs = 0);
    void openManualEntry();
    void submitManual(const QString& text);
    void changeGuests(int delta);
    void confirmParty();
    void admitAnyway();
    /// "No boarding pass": a supervisor authorises, with a reason. A signed-in supervisor authorises alone (empty
    /// `staffId` and `pin`); anyone else needs a supervisor's staff number and PIN, checked like a sign-in (with its
    /// lock-out) without changing who holds the session. Answered by boardingPassOverrideRefused on failure; on
    /// success the pass is judged again with the override, which the visit records.
    void overrideBoardingPass(const QString& staffId, const QString& pin, const QString& reason);
    /// The override panel opened (the prompt waits for the supervisor) or closed (the prompt's time starts again).
    void setBoardingPassOverrideOpen(bool open);
    /// REJECT that offers paid entry (app::offersPaidEntry, a known pass): record a walk-in / paid entry for
    /// `partySize` people; `amountMinor` in minor units, optional. The verdict stays; paidEntryRecorded follows.
    bool canRecordPaidEntry() const;
    /// Staff opened the paid-entry form on such a refusal: it stays until they record the entry or dismiss it
    /// (the verdict time no longer runs), so the form never vanishes while they type.
    void openPaidEntry();
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
    /// A scan that did not go straight to a check, and why (shown as a short notice).
    void scanNoticed(lounge::app::ScanNotice notice);
    void nextGuestChanged();
    void boardingPassPromptChanged();
    /// The override was not authorised: wrong staff number/PIN, locked out, or not a supervisor (SupervisorNeeded).
    void boardingPassOverrideRefused(const lounge::app::SignInFailure& failure);

private:
    void setScreen(Screen screen);
    /// Manual entry, today, sync, settings: screens staff open from ready or a verdict.
    void showStaffScreen(Screen screen);
    enum class FaultCleared
    {
        ByRead,
        ByWrite,
    };
    /// A fault from a failed write (a visit not recorded) clears only by a successful write.
    void clearStoreFault(FaultCleared how);
    void updateBusy();
    void applyTimes();
    void onOpened(const KioskSettings& settings, const QList<core::Resource>& resources);
    void onSessionState();
    void onAdmissionPhase();
    void lockAfterIdle();

    StoreBackend* m_backend;
    std::shared_ptr<const core::Clock> m_clock;
    SessionController* m_session;
    AdmissionFlow* m_admission;
    Screen m_screen = Screen::SignedOut;
    bool m_busy = false;
    KioskSettings m_settings;
    QList<core::Resource> m_resources;
    bool m_storeOpen = false;
    std::optional<core::Error> m_storeFault;
    bool m_writeFault = false;
    SyncView m_sync;
    CameraHealth m_camera = CameraHealth::Off;
    int m_pendingUploads = 0;
    QDateTime m_lastSync;

    TodayController* m_todayCtl; ///< owned (QObject child)
    bool m_paidEntryPending = false;
    bool m_paidEntryDone = false; ///< one paid entry per refusal shown
    quint64 m_overrideRequest = 0; ///< the supervisor PIN check in flight (0: none)
    quint64 m_overrideCounter = 0;
    QString m_overrideReason;

    QTimer m_statusTimer;
    int m_idleOverrideMs = 0;
    int m_verdictOverrideMs = 0;
};

} // namespace lounge::app
