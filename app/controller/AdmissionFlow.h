#pragma once

#include "controller/KioskTypes.h"

#include <QObject>
#include <QTimer>

namespace lounge::app {

class StoreBackend;

/// One guest at a time through the desk: scan → check → (party size) → redeem → verdict → ready.
/// Knows nothing about sign-in or the other screens: the KioskController starts it, routes scans to it while the
/// desk shows Ready, PartySize or Verdict, and shows the screen its phase names. GUI thread; never blocks: every
/// store call goes through the StoreBackend and replies to superseded requests are ignored by request id.
class AdmissionFlow : public QObject
{
    Q_OBJECT
public:
    /// What the desk shows for the flow.
    enum class Phase
    {
        Ready,
        PartySize,
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

    /// How long an ACCEPT or REJECT stays up (ATTENTION and NOT RECORDED stay three times as long).
    void setVerdictTimeoutMs(int ms) { m_verdictMs = ms; }
    int verdictTimeoutMs() const { return m_verdictMs; }

    // ---- intents
    /// A code scanned while the flow has the screen (Ready, PartySize or Verdict).
    void scan(const QByteArray& raw, qint64 arrivalNs);
    /// A code typed on the manual entry screen (the router shows Ready first).
    void begin(const QByteArray& raw, qint64 arrivalNs);
    void changeGuests(int delta);
    void confirmParty();
    void admitAnyway();
    /// Back to ready: leaves the verdict or the party-size picker; a reply still in flight is ignored.
    void dismiss();
    /// The desk locks or the session ends: drop the guest in hand.
    void abandon();

signals:
    void phaseChanged(lounge::app::AdmissionFlow::Phase phase);
    void busyChanged(bool busy);
    void partySizeChanged(int partySize);
    void verdictChanged();
    void verdictPresented(lounge::app::VerdictTone tone, qint64 arrivalNs);
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
    void onDecision(quint64 request, const core::Decision& decision);
    void onRedeemed(quint64 request, const core::Decision& decision, bool decidedOffline);
    void onRecordFailed(quint64 request, const core::Error& error);

    StoreBackend* m_backend;
    Phase m_phase = Phase::Ready;
    Pending m_pending = Pending::None;
    quint64 m_request = 0;
    QByteArray m_raw; // the code being handled; dropped when the verdict is dismissed
    qint64 m_arrivalNs = 0;
    core::Decision m_partyDecision;
    int m_partySize = 1;
    int m_maxParty = 1;
    VerdictView m_verdict;
    QTimer m_verdictTimer;
    int m_verdictMs = 4000;
};

} // namespace lounge::app

Q_DECLARE_METATYPE(lounge::app::AdmissionFlow::Phase)
