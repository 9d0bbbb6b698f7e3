#pragma once

#include "controller/KioskTypes.h"

#include <QObject>
#include <QTimer>

#include <optional>

namespace lounge::app {

class StoreBackend;

/// One guest at a time through the desk: scan → check → (party size) → redeem → verdict → ready, and the next guest
/// who scanned meanwhile. Knows nothing about sign-in or the other screens: the KioskController routes scans to it,
/// shows the screen its phase names, and holds the next guest while staff are on another screen.
/// Rules a busy desk needs: a scan while a verdict or the picker waits for staff becomes the next guest (never
/// dropped, never wiping an ATTENTION staff have not acted on); an ACCEPT stays up its full time before the next guest
/// replaces it; a REJECT gives way at once; the picker times out back to ready recording nothing.
/// GUI thread; never blocks: every store call goes through the StoreBackend and replies to superseded requests are
/// ignored by request id.
class AdmissionFlow : public QObject
{
    Q_OBJECT
public:
    /// What the desk shows for the flow.
    enum class Phase
    {
        Ready,
        PartySize,
        BoardingPass, ///< one of two scans in hand: waiting for the boarding pass, the lounge pass or a guest's
        Verdict,
    };

    explicit AdmissionFlow(StoreBackend* backend, QObject* parent = nullptr);

    Phase phase() const { return m_phase; }
    bool isBusy() const { return m_pending != Pending::None; }
    bool isRecording() const { return m_pending == Pending::Redeem; }
    const VerdictView& verdict() const { return m_verdict; }
    int partySize() const { return m_partySize; }
    int maxPartySize() const { return m_maxParty; }
    const core::Decision& partyDecision() const { return m_partyDecision; }
    /// The picker was opened by "Admit anyway" on an ATTENTION: the visit is recorded as confirmed.
    bool partyConfirmsAttention() const { return m_confirmAttention; }
    const std::optional<NextGuest>& nextGuest() const { return m_next; }
    /// With Phase::BoardingPass: what the desk asks for.
    const BoardingPassPrompt& boardingPassPrompt() const { return m_prompt; }
    /// The boarding passes (and override) that go with the guest in hand.
    BoardingPassInput boardingPasses() const;
    /// The lounge's boarding-pass policy as the terminal's resource says (nullopt: not known yet). A boarding pass
    /// scanned first is ignored at NotUsed; otherwise it is kept and the lounge pass asked for.
    void setBoardingPassPolicy(std::optional<core::BoardingPassPolicy> policy) { m_policy = policy; }

    /// How long an ACCEPT or REJECT stays up (ATTENTION and NOT RECORDED stay three times as long).
    void setVerdictTimeoutMs(int ms) { m_verdictMs = ms; }
    int verdictTimeoutMs() const { return m_verdictMs; }
    /// How long the party-size picker waits for staff before going back to ready (recording nothing).
    void setPartyTimeoutMs(int ms) { m_partyMs = ms; }
    int partyTimeoutMs() const { return m_partyMs; }
    /// Staff are on another screen (manual entry, today, sync, settings): the next guest waits. Releasing the hold
    /// starts the next guest's check if the flow is on ready.
    void setHolding(bool holding);
    /// Staff act on the verdict on screen (a paid entry after a REJECT): it stays until they dismiss it.
    void keepVerdict() { m_verdictTimer.stop(); }
    /// Staff are filling in the boarding-pass override (a supervisor may have to walk over): the prompt waits while
    /// `hold`, and gets its full time again when the panel closes without an override.
    void holdPrompt(bool hold);

    // ---- intents
    /// A code scanned while the flow has the screen (Ready, PartySize or Verdict). False: not acted on ("finish
    /// this guest first"), so the scanner may offer it again later.
    bool scan(const QByteArray& raw, qint64 arrivalNs);
    /// A code scanned while staff are on another screen: becomes the next guest (or "finish this guest first",
    /// false).
    bool queue(const QByteArray& raw, qint64 arrivalNs);
    /// A code typed on the manual entry screen (the router shows Ready first).
    void begin(const QByteArray& raw, qint64 arrivalNs);
    void changeGuests(int delta);
    void confirmParty();
    void admitAnyway();
    /// On the "Scan boarding pass" state for the holder: a supervisor (`supervisorId`, already authorised by the
    /// caller) admits without the boarding pass, for `reason`. The pass is judged again with the override, which the
    /// visit records.
    bool overrideBoardingPass(const QString& supervisorId, const QString& reason);
    /// Back to ready: leaves the verdict or the party-size picker; a reply still in flight is ignored. The next
    /// guest, if any, is checked at once (unless holding).
    void dismiss();
    /// The desk locks or the session ends: drop the guest in hand and the next one (they scan again).
    void abandon();

signals:
    void phaseChanged(lounge::app::AdmissionFlow::Phase phase);
    void busyChanged(bool busy);
    void partySizeChanged(int partySize);
    void verdictChanged();
    void verdictPresented(lounge::app::VerdictTone tone, qint64 arrivalNs);
    void nextGuestChanged();
    void boardingPassPromptChanged();
    void scanNoticed(lounge::app::ScanNotice notice);
    /// The store committed a visit (a write succeeded) / could not commit one.
    void writeSucceeded();
    void writeFailed(const lounge::core::Error& error);

private:
    enum class Pending
    {
        None,
        Check,
        Redeem,
    };
    void setPhase(Phase phase);
    void setPending(Pending pending);
    void redeemCurrent(int partySize, bool confirmAttention);
    void showVerdict(VerdictView view);
    void showPicker(const core::Decision& decision, bool confirmAttention);
    void startCheck(const QByteArray& raw, qint64 arrivalNs);
    void boardingPassFirst(const QByteArray& raw, qint64 arrivalNs);
    /// A scan while the BoardingPass phase waits for one.
    void secondScan(const QByteArray& raw, qint64 arrivalNs);
    void showPrompt(BoardingPassPrompt prompt);
    void promptProblem(BoardingPassPrompt::Problem problem);
    /// After the party size: asks the next guest's boarding pass, or records the visit.
    void continueParty();
    void resetBoardingPasses();
    void onVerdictTimeout();
    void promoteNext();
    void onDecision(quint64 request, const core::Decision& decision);
    void onRedeemed(quint64 request, const core::Decision& decision, bool decidedOffline);
    void onRecordFailed(quint64 request, const core::Error& error);

    StoreBackend* m_backend;
    Phase m_phase = Phase::Ready;
    Pending m_pending = Pending::None;
    quint64 m_request = 0;
    QByteArray m_raw; // the code being handled; dropped when the verdict is dismissed
    qint64 m_arrivalNs = 0;
    core::Decision m_current; // the guest in hand, from their check: what NOT RECORDED names
    core::Decision m_partyDecision;
    int m_partySize = 1;
    int m_maxParty = 1;
    bool m_confirmAttention = false;
    VerdictView m_verdict;
    QTimer m_verdictTimer;
    int m_verdictMs = 4000;
    QTimer m_partyTimer;
    int m_partyMs = 30000;
    std::optional<NextGuest> m_next;
    quint64 m_peekRequest = 0; // the next guest's read-only check (ids apart from m_request's)
    quint64 m_peekCounter = 0;
    bool m_holding = false;
    // issue 14 §3: the boarding passes in hand for this guest
    std::optional<core::BoardingPassPolicy> m_policy;
    std::optional<core::bcbp::BoardingPass> m_holderBp;
    QList<core::bcbp::BoardingPass> m_guestBps;
    QList<QByteArray> m_bpRaws; // their texts: the same boarding pass still in view is not counted twice
    QString m_overrideBy;
    QString m_overrideReason;
    BoardingPassPrompt m_prompt;
    QTimer m_promptTimer;
};

} // namespace lounge::app

Q_DECLARE_METATYPE(lounge::app::AdmissionFlow::Phase)
