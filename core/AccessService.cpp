#include "AccessService.h"

#include "SecurityStore.h"
#include "StaffPolicy.h"

#include <QLoggingCategory>

#include <utility>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace lounge::core {

AccessService::AccessService(Store& store, const Clock& clock, TerminalContext context, const TokenVerifier* verifier)
    : m_store(store)
    , m_clock(clock)
    , m_context(std::move(context))
    , m_verifier(verifier)
{ }

AccessService::~AccessService()
{
    writePendingWitness();
}

void AccessService::writePendingWitness()
{
    if (!std::exchange(m_witnessPending, false)) {
        return;
    }
    // The record is committed; the witness beside the file now vouches for it (an emptied or truncated file is
    // recognised at the next start). Failing to write it never un-records anything.
    if (auto w = m_store.updateWitness(); !w) {
        qCWarning(lcStore) << "cannot update the cache witness:" << w.error().toString();
    }
}

Result<void> AccessService::commitRecorded(sqlite::Transaction& tx)
{
    writePendingWitness(); // the record before this one's: never left behind two records
    if (auto c = tx.commit(); !c) {
        return c.error();
    }
    m_witnessPending = true;
    if (!m_witnessAfterAnswer) {
        writePendingWitness();
    }
    return {};
}

Decision AccessService::check(const ScanInput& input) const
{
    // One read transaction around the ~10 lookups: one consistent snapshot, and one round of file locking instead
    // of one per statement (that locking was most of the validation time, see docs/performance.md). Nothing is
    // written, so the rollback at scope exit is free. If it cannot begin (already inside one), validate anyway.
    auto snapshot = sqlite::Transaction::begin(m_store.database(), sqlite::Transaction::Kind::Deferred);
    return Validator::validate(input, m_store, m_context, m_clock, m_verifier);
}

Result<Decision> AccessService::redeem(const ScanInput& input, bool confirmAttention, const QUuid& id)
{
    // BEGIN IMMEDIATE: nobody can record between our read of the counters and our write.
    auto tx = m_store.beginWrite();
    if (!tx) {
        return tx.error();
    }
    Decision d = Validator::validate(input, m_store, m_context, m_clock, m_verifier);
    if (d.reason == Reason::StoreUnavailable) {
        // The precise code (DiskFull, Locked, Corrupt...) reaches the kiosk and the CLI's exit message.
        return d.storeError.value_or(makeError(ErrorCode::IoError, d.detail));
    }
    const bool record = d.verdict == Verdict::Accept || (d.verdict == Verdict::Attention && confirmAttention);
    if (!record) {
        return d;
    }
    const Redemption r = visitFrom(d, id, input);
    auto appended = m_store.appendJournal(r);
    if (!appended) {
        return appended.error();
    }
    if (d.dynamicCode) {
        // Same transaction as the visit: a crash leaves both or neither.
        if (auto used = SecurityStore(m_store).recordTokenUse(d.tokenId, d.tokenExpiresAt, d.at); !used) {
            return used.error();
        }
    }
    if (auto c = commitRecorded(*tx); !c) {
        return c.error();
    }
    d.redemptionId = r.id;
    d.recorded = true;
    return d;
}

Redemption AccessService::visitFrom(const Decision& d, const QUuid& id, const ScanInput& input) const
{
    Redemption r;
    r.id = id.isNull() ? QUuid::createUuid() : id;
    r.kind = JournalKind::Redeem;
    r.credential = *d.credential;
    r.resourceId = m_context.resourceId;
    r.terminalId = m_context.terminalId;
    r.staffId = m_context.staffId;
    r.partySize = d.partySize;
    r.uses = d.uses;
    r.at = d.at;
    r.clockSource = d.clockSource;
    r.verdict = d.verdict;
    r.reason = d.reason;
    r.holderName = d.holderName;
    r.programName = d.programName;
    if (d.dynamicCode) {
        r.tokenId = d.tokenId;
    }
    if (d.booking && d.booking->status == BookingStatus::Open && d.verdict != Verdict::Reject) {
        r.bookingId = d.booking->id; // consumed by this visit (a void gives it back)
    }
    if (d.boardingPass && d.boardingPass->legIndex >= 0) {
        r.flights.append(d.boardingPass->flight);
    }
    for (const BoardingPassCheck& c : d.guestBoardingPasses) {
        if (c.legIndex >= 0) {
            r.flights.append(c.flight);
        }
    }
    const bool overridden
        = !input.boardingPassOverrideBy.trimmed().isEmpty() && !input.boardingPassOverrideReason.trimmed().isEmpty();
    const bool guestWithout = input.guestBoardingPasses.size() < qMax(0, input.partySize - 1);
    if (d.boardingPassPolicy == BoardingPassPolicy::Required && (!d.boardingPass || guestWithout) && overridden) {
        // Recorded only where it let someone in: a required boarding pass (the holder's or a guest's) was not shown.
        r.boardingPassOverrideBy = input.boardingPassOverrideBy.trimmed();
        r.boardingPassOverrideReason = input.boardingPassOverrideReason.trimmed();
    }
    return r;
}

Result<void> AccessService::requireSupervisor(const QString& staffId) const
{
    if (m_staff) {
        auto role = m_staff->currentRole(staffId);
        if (!role) {
            return role.error();
        }
        if (!StaffPolicy::allows(*role, StaffAction::Void)) {
            return makeError(ErrorCode::Forbidden, QStringLiteral("voiding needs a supervisor"));
        }
    }
    return {};
}

Result<Redemption> AccessService::voidRedemption(const QUuid& id, const QString& staffId, const QString& remark,
                                                 int windowSeconds)
{
    if (auto allowed = requireSupervisor(staffId); !allowed) {
        return allowed.error();
    }
    auto tx = m_store.beginWrite();
    if (!tx) {
        return tx.error();
    }
    auto appended = appendVoid(id, staffId, remark, windowSeconds);
    if (!appended) {
        return appended.error();
    }
    if (auto c = commitRecorded(*tx); !c) {
        return c.error();
    }
    return *appended;
}

Result<Redemption> AccessService::appendVoid(const QUuid& id, const QString& staffId, const QString& remark,
                                             int windowSeconds)
{
    auto original = m_store.redemption(id);
    if (!original) {
        return original.error();
    }
    if (!original->has_value()) {
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("no redemption %1").arg(id.toString(QUuid::WithoutBraces)));
    }
    const Redemption& o = **original;
    if (o.kind != JournalKind::Redeem) {
        return makeError(ErrorCode::Conflict, QStringLiteral("a void cannot be voided"));
    }
    if (!o.voidedBy.isNull()) {
        return makeError(ErrorCode::Conflict, QStringLiteral("already voided"));
    }
    if (o.state == RedemptionState::Rejected) {
        return makeError(ErrorCode::Conflict, QStringLiteral("central rejected this redemption; nothing to refund"));
    }
    const QDateTime now = m_clock.now();
    if (windowSeconds > 0 && o.at.secsTo(now) > windowSeconds) {
        return makeError(ErrorCode::Conflict, QStringLiteral("older than the void window"));
    }
    Redemption v;
    v.id = QUuid::createUuid();
    v.kind = JournalKind::Void;
    v.voids = o.id;
    v.credential = o.credential;
    v.resourceId = o.resourceId;
    v.terminalId = m_context.terminalId.isEmpty() ? o.terminalId : m_context.terminalId;
    v.staffId = staffId;
    v.partySize = o.partySize;
    for (PoolUse u : o.uses) {
        u.count = -u.count;
        v.uses.append(u);
    }
    v.at = now;
    v.clockSource = m_clock.source();
    v.verdict = o.verdict;
    v.reason = o.reason;
    v.remark = remark;
    v.holderName = o.holderName;
    v.programName = o.programName;
    return m_store.appendJournal(v);
}

Result<Decision> AccessService::changePartySize(const QUuid& id, int partySize, const QString& staffId,
                                                const QString& remark, int windowSeconds)
{
    if (auto allowed = requireSupervisor(staffId); !allowed) {
        return allowed.error();
    }
    auto tx = m_store.beginWrite();
    if (!tx) {
        return tx.error();
    }
    auto voided = appendVoid(id, staffId, remark, windowSeconds);
    if (!voided) {
        return voided.error();
    }
    if (voided->partySize == partySize) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("the visit already has %1 people").arg(partySize));
    }
    // Validated with the original visit refunded (the void above is in this transaction), so the new count may use
    // what the old one took. A recent use is this very visit's party: staff confirm by asking for the change.
    ScanInput input;
    input.partySize = partySize;
    input.recorded = voided->credential;
    TerminalContext context = m_context;
    context.staffId = staffId;
    Decision d = Validator::validate(input, m_store, context, m_clock, m_verifier);
    if (d.reason == Reason::StoreUnavailable) {
        return d.storeError.value_or(makeError(ErrorCode::IoError, d.detail));
    }
    if (d.verdict == Verdict::Reject) {
        return d; // rolled back: the visit stands as it was
    }
    Redemption r = visitFrom(d, {}, input);
    // The boarding passes and the override the replaced visit was admitted with stay with the visit.
    auto original = m_store.redemption(id);
    if (!original) {
        return original.error();
    }
    if (original->has_value()) {
        r.flights = (*original)->flights;
        r.boardingPassOverrideBy = (*original)->boardingPassOverrideBy;
        r.boardingPassOverrideReason = (*original)->boardingPassOverrideReason;
    }
    r.staffId = staffId;
    r.replaces = id;
    r.remark = remark;
    auto appended = m_store.appendJournal(r);
    if (!appended) {
        return appended.error();
    }
    if (auto c = commitRecorded(*tx); !c) {
        return c.error();
    }
    d.redemptionId = r.id;
    d.recorded = true;
    return d;
}

Result<Redemption> AccessService::recordPaidEntry(const std::optional<CredentialRef>& credential,
                                                  const QString& holderName, int partySize,
                                                  std::optional<qint64> amountMinor)
{
    if (partySize < 1 || partySize > 100) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("party size %1 out of range").arg(partySize));
    }
    if (amountMinor && *amountMinor < 0) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("negative amount"));
    }
    if (!credential) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a paid entry names the refused pass"));
    }
    auto tx = m_store.beginWrite();
    if (!tx) {
        return tx.error();
    }
    Redemption r;
    r.id = QUuid::createUuid();
    r.kind = JournalKind::Paid;
    r.credential = *credential;
    r.resourceId = m_context.resourceId;
    r.terminalId = m_context.terminalId;
    r.staffId = m_context.staffId;
    r.partySize = partySize;
    r.at = m_clock.now();
    r.clockSource = m_clock.source();
    r.verdict = Verdict::Accept;
    r.reason = Reason::Ok;
    r.holderName = holderName;
    r.programName = QStringLiteral("Paid entry");
    r.amountMinor = amountMinor;
    auto appended = m_store.appendJournal(r);
    if (!appended) {
        return appended.error();
    }
    if (auto c = commitRecorded(*tx); !c) {
        return c.error();
    }
    return *appended;
}

} // namespace lounge::core
