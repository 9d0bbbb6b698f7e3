#include "controller/AdmissionFlow.h"

#include "controller/StoreBackend.h"

#include <QCryptographicHash>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcAdmission, "lounge.app.admission")

namespace lounge::app {

using namespace lounge::core;

AdmissionFlow::AdmissionFlow(StoreBackend* backend, QObject* parent)
    : QObject(parent)
    , m_backend(backend)
{
    qRegisterMetaType<Phase>();
    qRegisterMetaType<VerdictTone>();
    m_verdictTimer.setSingleShot(true);
    connect(&m_verdictTimer, &QTimer::timeout, this, &AdmissionFlow::dismiss);
    connect(backend, &StoreBackend::decisionReady, this, &AdmissionFlow::onDecision);
    connect(backend, &StoreBackend::redemptionRecorded, this, &AdmissionFlow::onRedeemed);
    connect(backend, &StoreBackend::recordFailed, this, &AdmissionFlow::onRecordFailed);
}

void AdmissionFlow::setPhase(Phase phase)
{
    if (phase != Phase::Verdict) {
        m_verdictTimer.stop();
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

void AdmissionFlow::scan(const QByteArray& raw, qint64 arrivalNs)
{
    if (raw.isEmpty()) {
        return;
    }
    switch (m_phase) {
    case Phase::Verdict:
        if (m_verdict.tone == VerdictTone::Attention && m_pending != Pending::None) {
            return; // an "admit anyway" is being recorded
        }
        dismiss();
        break;
    case Phase::Ready:
        break;
    case Phase::PartySize:
        return;
    }
    if (m_pending != Pending::None) {
        return;
    }
    begin(raw, arrivalNs);
}

void AdmissionFlow::begin(const QByteArray& raw, qint64 arrivalNs)
{
    if (m_pending != Pending::None || m_phase != Phase::Ready) {
        return;
    }
    m_raw = raw;
    m_arrivalNs = arrivalNs;
    qCDebug(lcAdmission) << "scan" << QCryptographicHash::hash(raw, QCryptographicHash::Sha256).toHex().left(8);
    setPending(Pending::Check);
    m_backend->check(++m_request, raw, 1);
}

void AdmissionFlow::onDecision(quint64 request, const Decision& d)
{
    if (request != m_request || m_pending != Pending::Check) {
        return;
    }
    setPending(Pending::None);
    if (d.verdict == Verdict::Accept) {
        if (d.guestsAllowed > 0) {
            m_partyDecision = d;
            m_partySize = 1;
            m_maxParty = 1 + d.guestsAllowed;
            emit partySizeChanged(m_partySize);
            setPhase(Phase::PartySize);
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

void AdmissionFlow::changeGuests(int delta)
{
    if (m_phase != Phase::PartySize) {
        return;
    }
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
    redeemCurrent(m_partySize, false);
}

void AdmissionFlow::admitAnyway()
{
    if (m_phase != Phase::Verdict || !m_verdict.canAdmitAnyway || m_pending != Pending::None) {
        return;
    }
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
    emit writeSucceeded();
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
    v.decision = m_phase == Phase::PartySize ? m_partyDecision : m_verdict.decision;
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

void AdmissionFlow::dismiss()
{
    if (m_pending == Pending::Check || m_pending == Pending::Redeem) {
        // Leaving mid-request: the reply will be ignored. A redeem still commits if it reaches the store; that is
        // the same as staff walking away after the verdict, and it shows in the today list.
        ++m_request;
        setPending(Pending::None);
    }
    m_raw.clear();
    setPhase(Phase::Ready);
}

void AdmissionFlow::abandon()
{
    dismiss();
}

} // namespace lounge::app
