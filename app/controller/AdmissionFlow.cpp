#include "controller/AdmissionFlow.h"

#include "controller/StoreBackend.h"

#include <QCryptographicHash>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcAdmission, "lounge.app.admission")

namespace lounge::app {

using namespace lounge::core;

namespace {
/// Read-only checks for the next guest's name carry ids from their own range, so they never supersede (or get
/// mistaken for) the check of the guest in hand.
constexpr quint64 kPeekBase = quint64(1) << 62;

QByteArray shortHash(const QByteArray& raw)
{
    return QCryptographicHash::hash(raw, QCryptographicHash::Sha256).toHex().left(8);
}
} // namespace

AdmissionFlow::AdmissionFlow(StoreBackend* backend, QObject* parent)
    : QObject(parent)
    , m_backend(backend)
{
    qRegisterMetaType<Phase>();
    qRegisterMetaType<VerdictTone>();
    qRegisterMetaType<ScanNotice>();
    m_verdictTimer.setSingleShot(true);
    connect(&m_verdictTimer, &QTimer::timeout, this, &AdmissionFlow::onVerdictTimeout);
    m_partyTimer.setSingleShot(true);
    connect(&m_partyTimer, &QTimer::timeout, this, [this] {
        if (m_phase == Phase::PartySize && m_pending == Pending::None) {
            qCInfo(lcAdmission) << "party size not confirmed in time: back to ready, nothing recorded";
            dismiss();
        }
    });
    connect(backend, &StoreBackend::decisionReady, this, &AdmissionFlow::onDecision);
    connect(backend, &StoreBackend::redemptionRecorded, this, &AdmissionFlow::onRedeemed);
    connect(backend, &StoreBackend::recordFailed, this, &AdmissionFlow::onRecordFailed);
}

void AdmissionFlow::setPhase(Phase phase)
{
    if (phase != Phase::Verdict) {
        m_verdictTimer.stop();
    }
    if (phase != Phase::PartySize) {
        m_partyTimer.stop();
    }
    if (m_phase != phase) {
        m_phase = phase;
        emit phaseChanged(phase);
    }
}

void AdmissionFlow::setPending(Pending pending)
{
    const bool was = isBusy();
    m_pending = pending;
    if (was != isBusy()) {
        emit busyChanged(isBusy());
    }
}

void AdmissionFlow::setHolding(bool holding)
{
    m_holding = holding;
    if (!holding) {
        promoteNext();
    }
}

bool AdmissionFlow::scan(const QByteArray& raw, qint64 arrivalNs)
{
    if (raw.isEmpty() || raw == m_raw || (m_next && m_next->raw == raw)) {
        return true; // the same pass again (still in view, or scanned twice): it is already being handled
    }
    const bool idle = m_pending == Pending::None && !m_holding;
    if (idle && m_phase == Phase::Ready) {
        begin(raw, arrivalNs);
        return true;
    }
    if (idle && !m_next && m_phase == Phase::Verdict && m_verdict.tone == VerdictTone::Reject) {
        // Nothing for staff to decide on a refusal: the next guest replaces it at once.
        dismiss();
        begin(raw, arrivalNs);
        return true;
    }
    return queue(raw, arrivalNs);
}

bool AdmissionFlow::queue(const QByteArray& raw, qint64 arrivalNs)
{
    if (raw.isEmpty() || raw == m_raw || (m_next && m_next->raw == raw)) {
        return true;
    }
    if (m_next) {
        // One guest waits; a third must not push them out, and must not be met with silence either. Not acted
        // on: a camera re-reads it (if still in view) once the screen changes.
        emit scanNoticed(ScanNotice::FinishThisGuestFirst);
        return false;
    }
    NextGuest next;
    next.raw = raw;
    next.arrivalNs = arrivalNs;
    m_next = next;
    m_peekRequest = kPeekBase + ++m_peekCounter;
    qCDebug(lcAdmission) << "next guest" << shortHash(raw);
    m_backend->check(m_peekRequest, raw, 1);
    emit nextGuestChanged();
    return true;
}

void AdmissionFlow::promoteNext()
{
    if (!m_next || m_holding || m_phase != Phase::Ready || m_pending != Pending::None) {
        return;
    }
    const NextGuest next = *m_next;
    m_next.reset();
    m_peekRequest = 0;
    emit nextGuestChanged();
    // The verdict's arrival time is the scan's only when nothing stood in between: a guest who waited has no
    // scan-to-verdict latency to measure (gui-bench counts only arrivalNs > 0).
    begin(next.raw, 0);
}

void AdmissionFlow::begin(const QByteArray& raw, qint64 arrivalNs)
{
    if (m_pending != Pending::None || m_phase != Phase::Ready) {
        return;
    }
    m_raw = raw;
    m_arrivalNs = arrivalNs;
    m_current = Decision {};
    m_confirmAttention = false;
    qCDebug(lcAdmission) << "scan" << shortHash(raw);
    setPending(Pending::Check);
    m_backend->check(++m_request, raw, 1);
}

void AdmissionFlow::onDecision(quint64 request, const Decision& d)
{
    if (m_next && request == m_peekRequest) {
        m_next->name = d.holderName;
        m_next->named = true;
        emit nextGuestChanged();
        return;
    }
    if (request != m_request || m_pending != Pending::Check) {
        return;
    }
    setPending(Pending::None);
    m_current = d;
    if (d.verdict == Verdict::Accept) {
        if (d.guestsAllowed > 0) {
            showPicker(d, false);
            return;
        }
        redeemCurrent(1, false); // one-scan flow: nobody to ask about
        return;
    }
    VerdictView v;
    v.decision = d;
    v.arrivalNs = m_arrivalNs;
    if (d.verdict == Verdict::Attention) {
        v.tone = VerdictTone::Attention;
        v.canAdmitAnyway = true;
    } else {
        v.tone = VerdictTone::Reject;
    }
    showVerdict(v);
}

void AdmissionFlow::showPicker(const Decision& d, bool confirmAttention)
{
    m_partyDecision = d;
    m_partySize = 1;
    m_maxParty = 1 + d.guestsAllowed;
    m_confirmAttention = confirmAttention;
    emit partySizeChanged(m_partySize);
    setPhase(Phase::PartySize);
    m_partyTimer.start(m_partyMs);
}

void AdmissionFlow::changeGuests(int delta)
{
    if (m_phase != Phase::PartySize || m_pending != Pending::None) {
        return;
    }
    m_partyTimer.start(m_partyMs); // staff are at it
    const int n = qBound(1, m_partySize + delta, m_maxParty);
    if (n != m_partySize) {
        m_partySize = n;
        emit partySizeChanged(n);
    }
}

void AdmissionFlow::confirmParty()
{
    if (m_phase != Phase::PartySize || m_pending != Pending::None) {
        return;
    }
    m_partyTimer.stop();
    redeemCurrent(m_partySize, m_confirmAttention);
}

void AdmissionFlow::admitAnyway()
{
    if (m_phase != Phase::Verdict || !m_verdict.canAdmitAnyway || m_pending != Pending::None) {
        return;
    }
    if (m_verdict.decision.guestsAllowed > 0) {
        // Guests could come in with the holder: ask how many, as on a green check, then record as confirmed.
        showPicker(m_verdict.decision, true);
        return;
    }
    m_verdictTimer.stop(); // staff acted: the verdict waits for the record
    redeemCurrent(m_verdict.decision.partySize, true);
}

void AdmissionFlow::redeemCurrent(int partySize, bool confirmAttention)
{
    setPending(Pending::Redeem);
    m_backend->redeem(++m_request, m_raw, partySize, confirmAttention);
}

void AdmissionFlow::onRedeemed(quint64 request, const Decision& d, bool decidedOffline)
{
    if (request != m_request || m_pending != Pending::Redeem) {
        return;
    }
    setPending(Pending::None);
    if (d.recorded) {
        emit writeSucceeded();
    }
    VerdictView v;
    v.decision = d;
    v.arrivalNs = m_arrivalNs;
    v.decidedOffline = decidedOffline;
    if (d.recorded) {
        v.tone = VerdictTone::Accept;
    } else if (d.verdict == Verdict::Attention) {
        v.tone = VerdictTone::Attention; // something changed between check and redeem
        v.canAdmitAnyway = true;
    } else {
        v.tone = VerdictTone::Reject;
    }
    showVerdict(v);
}

void AdmissionFlow::onRecordFailed(quint64 request, const Error& error)
{
    if (request != m_request || m_pending != Pending::Redeem) {
        return;
    }
    setPending(Pending::None);
    emit writeFailed(error);
    VerdictView v;
    v.tone = VerdictTone::NotRecorded;
    v.error = error;
    v.decision = m_current; // the guest whose visit failed, whichever screen the redeem started from
    v.decision.recorded = false;
    v.arrivalNs = m_arrivalNs;
    showVerdict(v);
}

void AdmissionFlow::showVerdict(VerdictView view)
{
    m_verdict = std::move(view);
    setPhase(Phase::Verdict);
    emit verdictChanged();
    emit verdictPresented(m_verdict.tone, m_verdict.arrivalNs);
    // Decisions staff must take (admit anyway?) or must not miss (not recorded) stay up longer.
    const bool lingers = m_verdict.tone == VerdictTone::Attention || m_verdict.tone == VerdictTone::NotRecorded;
    m_verdictTimer.start(m_verdictMs * (lingers ? 3 : 1));
}

void AdmissionFlow::onVerdictTimeout()
{
    const bool staffMustAct = m_verdict.tone == VerdictTone::Attention || m_verdict.tone == VerdictTone::NotRecorded;
    if (staffMustAct && m_next) {
        // A guest is waiting, but the one on screen needs a decision: they do not replace it by waiting it out.
        return;
    }
    if (m_pending == Pending::Redeem) {
        return; // "admit anyway" is being recorded: its verdict comes next
    }
    dismiss();
}

void AdmissionFlow::dismiss()
{
    if (m_pending == Pending::Check || m_pending == Pending::Redeem) {
        // Leaving mid-request: the reply will be ignored. A redeem still commits if it reaches the store; that is
        // the same as staff walking away after the verdict, and it shows in the today list.
        ++m_request;
        setPending(Pending::None);
    }
    m_raw.clear();
    m_confirmAttention = false;
    setPhase(Phase::Ready);
    promoteNext();
}

void AdmissionFlow::abandon()
{
    const bool hadNext = m_next.has_value();
    m_next.reset();
    m_peekRequest = 0;
    if (hadNext) {
        emit nextGuestChanged();
    }
    dismiss();
}

} // namespace lounge::app
