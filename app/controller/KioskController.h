#pragma once

#include "Clock.h"
#include "controller/KioskTypes.h"

#include <QObject>
#include <QTimer>
#include <QUuid>

#include <memory>
#include <optional>

namespace lounge::app {

class StoreWorker;

/// The kiosk's screen state machine, GUI-free so tests drive it without a screen:
/// SignedOut → Ready → (check) → PartySize → (redeem) → Verdict → Ready, plus ManualEntry, Today, Sync, Settings.
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
    const std::optional<StaffMember>& staff() const { return m_staff; }
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

    // today
    const TodayData& today() const { return m_today; }
    QString todaySearch() const { return m_todaySearch; }
    /// Records matching the search (holder name, membership/E-pass id, staff id, redemption id prefix).
    QList<core::Redemption> filteredToday() const;
    /// Supervisor, a redemption that stands, within the void window.
    bool canVoid(const core::Redemption& record) const;
    std::optional<core::Redemption> voidCandidate() const { return m_voidCandidate; }

    /// Tests and the benchmark use short verdict times; 0 = from settings.
    void setVerdictTimeoutOverrideMs(int ms) { m_verdictOverrideMs = ms; }
    int verdictTimeoutMs() const;

public:
    // ---- intents (GUI thread)
    void start();
    void submitPin(const QString& pin);
    void signOut();
    /// A decoded code (camera, video, image, keyboard wedge). `arrivalNs`: steady clock at frame arrival.
    void handleScan(const QByteArray& raw, qint64 arrivalNs = 0);
    void openManualEntry();
    void submitManual(const QString& text);
    void changeGuests(int delta);
    void confirmParty();
    void admitAnyway();
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
    /// Wrong PIN (Unauthorized), locked out (Forbidden), or anything else (directory unavailable).
    void signInFailed(const lounge::core::Error& error);
    void busyChanged(bool busy);
    void todayChanged();
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
    void onRedeemed(quint64 request, const core::Decision& decision);
    void onRecordFailed(quint64 request, const core::Error& error);

    StoreWorker* m_worker;
    std::shared_ptr<const core::Clock> m_clock;
    Screen m_screen = Screen::SignedOut;
    Pending m_pending = Pending::None;
    quint64 m_request = 0;
    std::optional<StaffMember> m_staff;
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

    TodayData m_today;
    QString m_todaySearch;
    std::optional<core::Redemption> m_voidCandidate;

    QTimer m_verdictTimer;
    QTimer m_statusTimer;
    int m_verdictOverrideMs = 0;
};

} // namespace lounge::app
