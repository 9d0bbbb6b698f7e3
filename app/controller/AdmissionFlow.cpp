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

QString flightOf(const bcbp::BoardingPass& bp)
{
    if (bp.legs.isEmpty()) {
        return {};
    }
    return bp.legs.first().carrier + QLatin1Char(' ') + bp.legs.first().flightNumber;
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
    m_promptTimer.setSingleShot(true);
    connect(&m_promptTimer, &QTimer::timeout, this, [this] {
        if (m_phase == Phase::BoardingPass && m_pending == Pending::None) {
            qCInfo(lcAdmission) << "boarding pass not scanned in time: back to ready, nothing recorded";
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
    if (phase != Phase::BoardingPass) {
        m_promptTimer.stop();
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

BoardingPassInput AdmissionFlow::boardingPasses() const
{
    BoardingPassInput in;
    in.holder = m_holderBp;
    in.guests = m_guestBps;
    in.overrideBy = m_overrideBy;
    in.overrideReason = m_overrideReason;
    return in;
}

bool AdmissionFlow::scan(const QByteArray& raw, qint64 arrivalNs)
{
    if (raw.isEmpty() || raw == m_raw || (m_next && m_next->raw == raw) || m_bpRaws.contains(raw)) {
        return true; // the same pass again (still in view, or scanned twice): it is already being handled
    }
    const bool idle = m_pending == Pending::None && !m_holding;
    if (idle && m_phase == Phase::BoardingPass) {
        secondScan(raw, arrivalNs);
        return true;
    }
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
    if (classifyCode(raw) == CodeKind::BoardingPass) {
        // Not a lounge pass: no check to make; the chip shows the name printed on it.
        const auto parsed = bcbp::parse(raw);
        if (const auto* bp = std::get_if<bcbp::BoardingPass>(&parsed)) {
            m_next->name = bp->passengerName;
        }
        m_next->named = true;
        m_peekRequest = 0;
    } else {
        m_backend->check(m_peekRequest, raw, 1);
    }
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
    resetBoardingPasses();
    if (classifyCode(raw) == CodeKind::BoardingPass) {
        boardingPassFirst(raw, arrivalNs);
        return;
    }
    startCheck(raw, arrivalNs);
}

void AdmissionFlow::startCheck(const QByteArray& raw, qint64 arrivalNs)
{
    m_raw = raw;
    m_arrivalNs = arrivalNs;
    m_current = Decision {};
    m_confirmAttention = false;
    qCDebug(lcAdmission) << "scan" << shortHash(raw) << (m_holderBp ? "with boarding pass" : "");
    setPending(Pending::Check);
    m_backend->check(++m_request, raw, 1, boardingPasses());
}

void AdmissionFlow::resetBoardingPasses()
{
    m_holderBp.reset();
    m_guestBps.clear();
    m_bpRaws.clear();
    m_overrideBy.clear();
    m_overrideReason.clear();
    m_prompt = BoardingPassPrompt {};
}

void AdmissionFlow::boardingPassFirst(const QByteArray& raw, qint64 arrivalNs)
{
    if (m_policy == BoardingPassPolicy::NotUsed) {
        qCInfo(lcAdmission) << "boarding pass scanned at a lounge that does not use them: ignored";
        emit scanNoticed(ScanNotice::BoardingPassNotUsed);
        return;
    }
    const auto parsed = bcbp::parse(raw);
    if (const auto* e = std::get_if<bcbp::ParseError>(&parsed)) {
        qCInfo(lcAdmission) << "boarding pass first, not read:" << e->detail;
        emit scanNoticed(e->failure == bcbp::ParseFailure::Damaged ? ScanNotice::DamagedBoardingPass
                                                                   : ScanNotice::NotABoardingPass);
        return;
    }
    m_holderBp = std::get<bcbp::BoardingPass>(parsed);
    m_bpRaws.append(raw);
    m_arrivalNs = arrivalNs;
    BoardingPassPrompt p;
    p.need = BoardingPassPrompt::Need::LoungePass;
    p.printedName = m_holderBp->passengerName;
    p.flight = flightOf(*m_holderBp);
    showPrompt(p);
}

void AdmissionFlow::showPrompt(BoardingPassPrompt prompt)
{
    m_prompt = std::move(prompt);
    setPhase(Phase::BoardingPass);
    emit boardingPassPromptChanged();
    m_promptTimer.start(m_partyMs);
}

void AdmissionFlow::holdPrompt(bool hold)
{
    if (m_phase != Phase::BoardingPass) {
        return;
    }
    if (hold) {
        m_promptTimer.stop();
    } else {
        m_promptTimer.start(m_partyMs);
    }
}

void AdmissionFlow::promptProblem(BoardingPassPrompt::Problem problem)
{
    m_prompt.problem = problem;
    ++m_prompt.problems;
    emit boardingPassPromptChanged();
    m_promptTimer.start(m_partyMs); // someone is at the desk
}

void AdmissionFlow::secondScan(const QByteArray& raw, qint64 arrivalNs)
{
    using Need = BoardingPassPrompt::Need;
    using Problem = BoardingPassPrompt::Problem;
    // The desk's classifier (core::classifyCode) tells the kinds apart by content: a boarding pass never reaches
    // the code validator as "not a lounge pass".
    const CodeKind kind = classifyCode(raw);
    if (m_prompt.need == Need::LoungePass) {
        if (kind == CodeKind::LoungePass) {
            startCheck(raw, arrivalNs); // the boarding pass in hand goes with it
            return;
        }
        if (kind != CodeKind::BoardingPass) {
            promptProblem(Problem::NotALoungePass);
            return;
        }
        // Another boarding pass: the guest showed the wrong one first, or a companion's. The newest one counts.
        const auto parsed = bcbp::parse(raw);
        if (const auto* e = std::get_if<bcbp::ParseError>(&parsed)) {
            promptProblem(e->failure == bcbp::ParseFailure::Damaged ? Problem::Damaged : Problem::NotALoungePass);
            return;
        }
        m_holderBp = std::get<bcbp::BoardingPass>(parsed);
        m_bpRaws = {raw};
        BoardingPassPrompt p = m_prompt;
        p.problem = Problem::None;
        p.printedName = m_holderBp->passengerName;
        p.flight = flightOf(*m_holderBp);
        showPrompt(p);
        return;
    }
    // The holder's or a guest's boarding pass is asked for.
    if (kind != CodeKind::BoardingPass) {
        promptProblem(Problem::NotABoardingPass);
        return;
    }
    const auto parsed = bcbp::parse(raw);
    if (const auto* e = std::get_if<bcbp::ParseError>(&parsed)) {
        qCInfo(lcAdmission) << "boarding pass not read:" << e->detail;
        promptProblem(e->failure == bcbp::ParseFailure::Damaged ? Problem::Damaged : Problem::NotABoardingPass);
        return;
    }
    m_bpRaws.append(raw);
    if (m_prompt.need == Need::BoardingPass) {
        m_holderBp = std::get<bcbp::BoardingPass>(parsed);
        startCheck(m_raw, arrivalNs); // the pass in hand, judged again with its boarding pass
        return;
    }
    m_guestBps.append(std::get<bcbp::BoardingPass>(parsed));
    continueParty();
}

bool AdmissionFlow::overrideBoardingPass(const QString& supervisorId, const QString& reason)
{
    using Need = BoardingPassPrompt::Need;
    // The holder's boarding pass (the pass is judged again without it), or the guests' still missing (the party is
    // admitted with the boarding passes scanned so far): core records who overrode and why on the visit.
    if (m_phase != Phase::BoardingPass || m_pending != Pending::None
        || (m_prompt.need != Need::BoardingPass && m_prompt.need != Need::GuestBoardingPass)
        || supervisorId.trimmed().isEmpty() || reason.trimmed().isEmpty()) {
        return false;
    }
    m_overrideBy = supervisorId.trimmed();
    m_overrideReason = reason.trimmed();
    if (m_prompt.need == Need::GuestBoardingPass) {
        qCInfo(lcAdmission) << "guests' boarding passes overridden by a supervisor";
        continueParty(); // no longer asks: the override covers the guests still without one
        return true;
    }
    qCInfo(lcAdmission) << "boarding pass overridden by a supervisor";
    startCheck(m_raw, m_arrivalNs);
    return true;
}

void AdmissionFlow::continueParty()
{
    const bool asksGuests = m_partyDecision.boardingPassPolicy == BoardingPassPolicy::Required && m_overrideBy.isEmpty()
        && m_partySize > 1;
    if (asksGuests && m_guestBps.size() < m_partySize - 1) {
        BoardingPassPrompt p;
        p.need = BoardingPassPrompt::Need::GuestBoardingPass;
        p.holderName = m_partyDecision.holderName;
        p.guest = int(m_guestBps.size()) + 1;
        p.guests = m_partySize - 1;
        showPrompt(p);
        return;
    }
    redeemCurrent(m_partySize, m_confirmAttention);
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
    if (d.verdict == Verdict::Reject && d.reason == Reason::BoardingPassRequired && !m_holderBp
        && m_overrideBy.isEmpty()) {
        // The pass is in hand; the lounge needs its boarding pass next.
        BoardingPassPrompt p;
        p.need = BoardingPassPrompt::Need::BoardingPass;
        p.holderName = d.holderName;
        showPrompt(p);
        return;
    }
    if (m_holderBp && d.boardingPassPolicy == BoardingPassPolicy::NotUsed) {
        // Scanned with the pass at a lounge that does not use them: the check ignored it; so does the visit.
        emit scanNoticed(ScanNotice::BoardingPassNotUsed);
        m_holderBp.reset();
        m_bpRaws.clear();
    }
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
    continueParty();
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
    m_backend->redeem(++m_request, m_raw, partySize, confirmAttention, boardingPasses());
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
    resetBoardingPasses();
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
