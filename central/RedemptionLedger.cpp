#include "RedemptionLedger.h"

#include "CounterAudience.h"
#include "IssuerService.h"

#include "CredentialCode.h"
#include "InputRules.h"
#include "Json.h"
#include "ServiceSupport.h"

#include <QHash>
#include <QJsonDocument>
#include <QMap>
#include <QSet>

#include <limits>
#include <tuple>

namespace lounge::central {

using core::Error;
using core::ErrorCode;
using core::makeError;
using core::Result;
using namespace detail;

RedemptionLedger::RedemptionLedger(CentralStore& store, const core::Clock& clock, int maxClockSkewSeconds)
    : m_store(store)
    , m_clock(clock)
    , m_maxClockSkewSeconds(maxClockSkewSeconds)
    , m_view(store, clock)
{ }

Result<core::Membership> RedemptionLedger::membership(const QString& id) const
{
    return found(m_view.membershipById(id), QStringLiteral("membership"), id);
}

Result<core::EPass> RedemptionLedger::ePass(const QString& id) const
{
    return found(m_view.ePassById(id), QStringLiteral("E-pass"), id);
}

QString toString(UploadResult::Status s)
{
    switch (s) {
    case UploadResult::Status::Accepted:
        return QStringLiteral("accepted");
    case UploadResult::Status::Duplicate:
        return QStringLiteral("duplicate");
    case UploadResult::Status::Conflict:
        return QStringLiteral("conflict");
    case UploadResult::Status::Rejected:
        return QStringLiteral("rejected");
    }
    return {};
}

Result<CredentialReport> RedemptionLedger::report(const core::CredentialRef& credential) const
{
    CredentialReport rep;
    rep.credential = credential;
    const QDate today = m_clock.now().date(); // UTC date: a report, not a door decision
    auto addBalance = [&](const core::Module& module, core::Pool pool, const QString& period,
                          const core::Allowance& a) -> Result<void> {
        auto used = m_view.used(credential, module, pool, period);
        if (!used) {
            return used.error();
        }
        rep.balances.append({module, pool, period, a.unlimited, a.count, *used});
        return {};
    };
    if (credential.kind == core::CredentialKind::EPass) {
        auto e = ePass(credential.id);
        if (!e) {
            return e.error();
        }
        if (auto x = addBalance(e->module, core::Pool::Usages, QStringLiteral("V"), core::Allowance::of(e->usages));
            !x) {
            return x.error();
        }
    } else {
        auto m = membership(credential.id);
        if (!m) {
            return m.error();
        }
        auto program = m_view.program(m->programAt(m_clock.now()));
        if (!program) {
            return program.error();
        }
        if (program->has_value()) {
            for (const auto& ent : core::effectiveEntitlements(**program, m->overrides)) {
                const QString period = core::Validator::periodKey(ent.period, today);
                const std::pair<core::Pool, core::Allowance> pools[] = {{core::Pool::Cardholder, ent.cardholder},
                                                                        {core::Pool::Guest, ent.guest},
                                                                        {core::Pool::Shared, ent.shared}};
                for (const auto& [pool, allowance] : pools) {
                    if (allowance.unlimited || allowance.count > 0) {
                        if (auto x = addBalance(ent.module, pool, period, allowance); !x) {
                            return x.error();
                        }
                    }
                }
            }
        }
    }
    auto list = m_store.redemptionsOf(credential.key(), 1000);
    if (!list) {
        return list.error();
    }
    rep.redemptions = *list;
    return rep;
}

Result<QList<StoredRedemption>> RedemptionLedger::overdraws() const
{
    return m_store.conflicts();
}

Result<std::optional<core::Allowance>> RedemptionLedger::allowanceFor(const core::CredentialRef& credential,
                                                                      const core::PoolUse& use,
                                                                      const QDateTime& at) const
{
    if (credential.kind == core::CredentialKind::EPass) {
        auto e = ePass(credential.id);
        if (!e) {
            return e.error();
        }
        return std::optional<core::Allowance>(core::Allowance::of(e->usages));
    }
    auto m = membership(credential.id);
    if (!m) {
        return m.error();
    }
    auto program = m_view.program(m->programAt(at));
    if (!program) {
        return program.error();
    }
    if (!program->has_value()) {
        return std::optional<core::Allowance>(core::Allowance::none());
    }
    for (const auto& e : core::effectiveEntitlements(**program, m->overrides)) {
        if (e.module == use.module) {
            switch (use.pool) {
            case core::Pool::Cardholder:
                return std::optional<core::Allowance>(e.cardholder);
            case core::Pool::Guest:
                return std::optional<core::Allowance>(e.guest);
            case core::Pool::Shared:
                return std::optional<core::Allowance>(e.shared);
            case core::Pool::Usages:
                return std::optional<core::Allowance>(core::Allowance::none());
            }
        }
    }
    return std::optional<core::Allowance>(core::Allowance::none());
}

namespace {

/// What core::Validator reads when central re-judges an uploaded visit: central's own records, the uploaded
/// credential for whatever code is presented, and no counters (quota is checked when the counters are applied, so a
/// visit that merely overdrew is OVERDRAWN, not a rule break).
class RecheckView final : public core::CacheView
{
public:
    RecheckView(const core::CacheView& base, core::CredentialRef credential, QString bookingId)
        : m_base(base)
        , m_credential(std::move(credential))
        , m_bookingId(std::move(bookingId))
    { }
    /// The booking the visit names is judged as it was when the lane used it (open): a second use of it, or a use
    /// after the issuer cancelled it, is flagged by accept() (BOOKING_REUSED, BOOKING_CANCELLED), with its counts
    /// charged like any visit (the people went through).
    Result<QList<core::Booking>> bookings(const core::CredentialRef& c, const QString& resourceId, const QDate& from,
                                          const QDate& to) const override
    {
        auto list = m_base.bookings(c, resourceId, from, to);
        if (!list) {
            return list;
        }
        for (core::Booking& b : *list) {
            if (b.id == m_bookingId) {
                b.status = core::BookingStatus::Open; // used since, or cancelled since: accept() names it
            }
        }
        return list;
    }
    /// The boarding pass was judged at the desk (central never sees it, only what the visit recorded of it:
    /// recheckBoardingPasses), so the validator is not asked for one here.
    Result<std::optional<core::Resource>> resource(const QString& id) const override
    {
        auto r = m_base.resource(id);
        if (r && r->has_value()) {
            (*r)->boardingPass.policy = core::BoardingPassPolicy::NotUsed;
        }
        return r;
    }
    Result<std::optional<core::Program>> program(const QString& id) const override { return m_base.program(id); }
    Result<std::optional<core::Membership>> membershipByCodeHash(const QByteArray&) const override
    {
        if (m_credential.kind != core::CredentialKind::Membership) {
            return std::optional<core::Membership>();
        }
        return m_base.membershipById(m_credential.id);
    }
    Result<std::optional<core::Membership>> membershipByNumber(const QString&) const override
    {
        return membershipByCodeHash({});
    }
    Result<std::optional<core::Membership>> membershipById(const QString& id) const override
    {
        return m_base.membershipById(id);
    }
    Result<std::optional<core::EPass>> ePassByCodeHash(const QByteArray&) const override
    {
        if (m_credential.kind != core::CredentialKind::EPass) {
            return std::optional<core::EPass>();
        }
        return m_base.ePassById(m_credential.id);
    }
    Result<std::optional<core::EPass>> ePassById(const QString& id) const override { return m_base.ePassById(id); }
    Result<int> used(const core::CredentialRef&, const core::Module&, core::Pool, const QString&) const override
    {
        return 0;
    }
    Result<std::optional<QDateTime>> lastUse(const core::CredentialRef&, const QString&) const override
    {
        return std::optional<QDateTime>();
    }
    Result<QDateTime> lastSync() const override { return m_base.lastSync(); }

private:
    const core::CacheView& m_base;
    core::CredentialRef m_credential;
    QString m_bookingId;
};

/// The token a terminal verified offline cannot be verified again (central sees only its id): the recheck takes it as
/// the uploaded credential's, so the rules after the signature (dynamic-only, module, scope, party) are judged.
class UploadedToken final : public core::TokenVerifier
{
public:
    UploadedToken(core::CredentialRef credential, QByteArray tokenId)
        : m_credential(std::move(credential))
        , m_tokenId(std::move(tokenId))
    { }
    std::variant<Verified, core::Reason> verify(const QByteArray&, const QDateTime& now) const override
    {
        return Verified {m_credential, m_tokenId, now.addSecs(60)};
    }

private:
    core::CredentialRef m_credential;
    QByteArray m_tokenId;
};

using UseKey = std::tuple<QString, int, QString>; // module, pool, period

} // namespace

Result<QString> RedemptionLedger::recheck(const core::Redemption& r) const
{
    const RecheckView view(m_view, r.credential, r.bookingId);
    const core::FixedClock at(r.at);
    const UploadedToken token(r.credential, r.tokenId);
    const bool dynamic = !r.tokenId.isEmpty();
    const QByteArray raw = dynamic ? (QStringLiteral("L1T") + core::CredentialCode::base32Encode(r.tokenId)).toUtf8()
                                   : core::CredentialCode::generate(r.credential.kind).toUtf8();
    core::TerminalContext context {r.terminalId, r.resourceId, r.staffId, 0, 0};
    const core::Decision d
        = core::Validator::validate(core::ScanInput {raw, r.partySize}, view, context, at, dynamic ? &token : nullptr);
    if (d.reason == core::Reason::StoreUnavailable) {
        return d.storeError.value_or(makeError(ErrorCode::Internal, d.detail));
    }
    if (d.verdict == core::Verdict::Reject) {
        return QStringLiteral("RULE_") + core::toString(d.reason);
    }
    // The uses: the pools this credential has for this module, the period of the visit's local date, one person per
    // count, the whole party and nobody twice.
    QHash<int, bool> poolExists;
    for (const auto& b : d.balances) {
        poolExists.insert(int(b.pool), b.unlimited || b.allowance > 0);
    }
    const QString period = d.uses.isEmpty() ? QString() : d.uses.first().period;
    QSet<int> seen;
    qint64 persons = 0;
    for (const auto& u : r.uses) {
        if (u.module != d.module || u.period != period || !poolExists.value(int(u.pool)) || u.count < 1
            || u.count > r.partySize || seen.contains(int(u.pool))) {
            return QStringLiteral("USES_MISMATCH");
        }
        seen.insert(int(u.pool));
        persons += u.count;
    }
    if (persons != r.partySize) {
        return QStringLiteral("USES_MISMATCH");
    }
    return QString();
}

Result<QString> RedemptionLedger::checkTime(const TerminalRecord& terminal, const core::Redemption& r)
{
    const qint64 skew = m_maxClockSkewSeconds;
    auto previous = m_store.record(kind::kTerminalClock, terminal.id);
    if (!previous) {
        return previous.error();
    }
    QString flag;
    if (r.at > m_clock.now().addSecs(skew)) {
        flag = QStringLiteral("TIME_IN_FUTURE");
    } else if (previous->has_value()) {
        const QDateTime last = QDateTime::fromString(
            QJsonDocument::fromJson((*previous)->body).object().value("at").toString(), Qt::ISODateWithMs);
        if (last.isValid() && r.at < last.addSecs(-skew)) {
            flag = QStringLiteral("TIME_BACKWARDS");
        }
    }
    ChangeRecord rec;
    rec.kind = kind::kTerminalClock;
    rec.id = terminal.id;
    rec.audienceModule = counters::kCentralOnly;
    rec.body = compact({{"at", core::json::dateTimeToString(r.at)}});
    if (auto p = m_store.putRecord(rec); !p) {
        return p.error();
    }
    return flag;
}

Result<QString> RedemptionLedger::screenBoardingPasses(core::Redemption& r, const QString& wireProblem) const
{
    QString problem = wireProblem;
    if (r.flights.size() > rules::kMaxFlightsPerVisit) {
        problem = QStringLiteral("flights: at most %1").arg(rules::kMaxFlightsPerVisit);
        r.flights.clear();
    }
    for (int i = 0; i < r.flights.size(); ++i) {
        if (auto x = rules::checkFlightRecord(QStringLiteral("flights[%1]").arg(i), r.flights[i]); !x) {
            problem = x.error().detail;
            r.flights.clear();
        }
    }
    if (auto x = rules::checkBoardingPassOverride(r.boardingPassOverrideBy, r.boardingPassOverrideReason); !x) {
        problem = x.error().detail;
        r.boardingPassOverrideBy.clear();
        r.boardingPassOverrideReason.clear();
    }
    auto resource = m_view.resource(r.resourceId);
    if (!resource) {
        return resource.error();
    }
    // Privacy (issue 14 §3): the terminal leaves them out unless the lounge uploads them; central keeps none it should
    // not have even from a terminal that sent them anyway.
    if (!resource->has_value() || !(*resource)->boardingPass.uploadPnrAndSeat) {
        bool dropped = false;
        for (auto& f : r.flights) {
            dropped |= !f.pnr.isEmpty() || !f.seat.isEmpty();
            f.pnr.clear();
            f.seat.clear();
        }
        if (dropped) {
            qCWarning(lcCentral) << "visit" << r.id.toString(QUuid::WithoutBraces)
                                 << "uploaded a PNR or seat its lounge does not upload; not kept";
        }
    }
    if (problem.isEmpty()) {
        return QString();
    }
    qCWarning(lcCentral) << "visit" << r.id.toString(QUuid::WithoutBraces) << "bad boarding-pass record:" << problem;
    return QStringLiteral("BAD_FLIGHT_RECORD");
}

Result<QString> RedemptionLedger::recheckBoardingPasses(const core::Redemption& r) const
{
    auto resource = m_view.resource(r.resourceId);
    if (!resource) {
        return resource.error();
    }
    if (!resource->has_value()) {
        return QString();
    }
    const core::Resource& at = **resource;
    const auto rule = [](core::Reason reason) { return QStringLiteral("RULE_") + core::toString(reason); };
    if (at.boardingPass.policy == core::BoardingPassPolicy::NotUsed) {
        return QString();
    }
    if (r.flights.isEmpty()) {
        const bool overridden = !r.boardingPassOverrideBy.isEmpty();
        return at.boardingPass.policy == core::BoardingPassPolicy::Required && !overridden
            ? rule(core::Reason::BoardingPassRequired)
            : QString();
    }
    core::TravelRestrictions travel;
    if (r.credential.kind == core::CredentialKind::EPass) {
        auto e = m_view.ePassById(r.credential.id);
        if (!e) {
            return e.error();
        }
        if (e->has_value()) {
            travel = (*e)->travel;
        }
    } else {
        auto m = m_view.membershipById(r.credential.id);
        if (!m) {
            return m.error();
        }
        if (m->has_value()) {
            auto p = m_view.program((*m)->programAt(r.at));
            if (!p) {
                return p.error();
            }
            if (p->has_value()) {
                travel = (*p)->travel;
            }
        }
    }
    for (const auto& f : r.flights) {
        const QString& airport = at.boardingPass.direction == core::LoungeDirection::Departure ? f.from : f.to;
        if (airport.compare(at.airport, Qt::CaseInsensitive) != 0) {
            return rule(core::Reason::WrongAirport);
        }
        if (!travel.compartments.isEmpty() && !travel.compartments.contains(f.compartment)) {
            return rule(core::Reason::CompartmentNotAllowed);
        }
        if (!travel.carriers.isEmpty() && !travel.carriers.contains(f.carrier)) {
            return rule(core::Reason::CarrierNotAllowed);
        }
    }
    return QString();
}

Result<UploadResult> RedemptionLedger::accept(const TerminalRecord& terminal, const core::Redemption& r, bool online,
                                              const QString& boardingPassProblem)
{
    UploadResult res;
    res.id = r.id;
    auto existing = m_store.redemption(r.id);
    if (!existing) {
        return existing.error();
    }
    if (existing->has_value()) {
        const StoredRedemption& s = **existing;
        if (s.record.terminalId != terminal.id) {
            // Visit ids are scoped to the terminal that recorded them: another terminal's id is refused, never taken
            // as a retry (its visit would be lost) nor answered with the other terminal's result.
            res.status = UploadResult::Status::Rejected;
            res.reason = QStringLiteral("ID_IN_USE");
            qCWarning(lcCentral) << "terminal" << terminal.id << "presented a visit id recorded by another terminal";
            return res;
        }
        res.status = UploadResult::Status::Duplicate;
        res.serverSeq = s.serverSeq;
        res.conflict = s.status == StoredRedemption::Status::Conflict;
        res.rejected = s.status == StoredRedemption::Status::Rejected;
        res.reason = s.reason;
        return res;
    }
    StoredRedemption stored;
    stored.record = r;
    stored.receivedAt = m_clock.now();
    stored.online = online;
    auto flightFlag = screenBoardingPasses(stored.record, boardingPassProblem);
    if (!flightFlag) {
        return flightFlag.error();
    }
    auto reject = [&](const QString& reason) -> Result<UploadResult> {
        stored.status = StoredRedemption::Status::Rejected;
        stored.reason = reason;
        auto head = m_store.headSeq();
        if (!head) {
            return head.error();
        }
        stored.serverSeq = *head;
        if (auto x = m_store.putRedemption(stored); !x) {
            return x.error();
        }
        res.status = UploadResult::Status::Rejected;
        res.reason = reason;
        qCInfo(lcCentral) << "rejected" << r.id.toString(QUuid::WithoutBraces) << reason;
        return res;
    };

    // Same rules as the kiosk where they apply to a visit that already happened.
    if (r.resourceId != terminal.resourceId) {
        return reject(QStringLiteral("RESOURCE_MISMATCH"));
    }
    const bool isEPass = r.credential.kind == core::CredentialKind::EPass;
    auto credentialRecord = m_store.record(isEPass ? kind::kEPass : kind::kMembership, r.credential.id);
    if (!credentialRecord) {
        return credentialRecord.error();
    }
    if (!credentialRecord->has_value() || (*credentialRecord)->deleted) {
        return reject(QStringLiteral("UNKNOWN_CREDENTIAL"));
    }
    // A flagged visit whose counts central does not trust is kept without charging its counters (see recheck).
    bool applyUses = true;
    QString ruleFlag;
    if (r.kind == core::JournalKind::Void) {
        auto original = m_store.redemption(r.voids);
        if (!original) {
            return original.error();
        }
        if (!original->has_value() || (*original)->record.kind != core::JournalKind::Redeem
            || (*original)->record.credential != r.credential) {
            return reject(QStringLiteral("UNKNOWN_ORIGINAL"));
        }
        const StoredRedemption& o = **original;
        // A terminal voids only what its own lounge recorded (this desk or another desk of the same resource).
        if (o.record.terminalId != terminal.id && o.record.resourceId != terminal.resourceId) {
            return reject(QStringLiteral("NOT_YOUR_VISIT"));
        }
        if (!o.record.voidedBy.isNull()) {
            return reject(QStringLiteral("ALREADY_VOIDED"));
        }
        if (o.status == StoredRedemption::Status::Rejected) {
            return reject(QStringLiteral("ORIGINAL_REJECTED"));
        }
        // It refunds exactly what the visit used: the same pools and periods, the negated counts.
        QMap<UseKey, qint64> balance;
        for (const auto& u : o.record.uses) {
            balance[UseKey {u.module, int(u.pool), u.period}] += u.count;
        }
        for (const auto& u : r.uses) {
            balance[UseKey {u.module, int(u.pool), u.period}] += u.count;
        }
        for (auto it = balance.cbegin(); it != balance.cend(); ++it) {
            if (it.value() != 0) {
                return reject(QStringLiteral("VOID_MISMATCH"));
            }
        }
        if (r.uses.size() != o.record.uses.size()) {
            return reject(QStringLiteral("VOID_MISMATCH"));
        }
        applyUses = !o.reason.startsWith(QLatin1String("RULE_")) && o.reason != QLatin1String("USES_MISMATCH");
    } else {
        for (const auto& u : r.uses) {
            if (u.count < 0) {
                return reject(QStringLiteral("NEGATIVE_USE"));
            }
        }
        if (isEPass) {
            auto e = core::json::ePassFromJson(QJsonDocument::fromJson((*credentialRecord)->body).object());
            for (const auto& u : r.uses) {
                if (!e || u.module != e->module || u.pool != core::Pool::Usages) {
                    return reject(QStringLiteral("WRONG_MODULE"));
                }
            }
        }
        // A paid entry takes nothing from any pool (the strict reader refuses one with uses, and bounds its party to
        // 1..100): it exists because the pass was refused, so the pass's own rules are not asked again.
        if (!online && r.kind != core::JournalKind::Paid) {
            // The same rules as online (core::Validator): a visit that breaks them is kept, flagged, and its counts
            // are not charged (people may be inside; the issuer follows up).
            auto broken = recheck(r);
            if (!broken) {
                return broken.error();
            }
            ruleFlag = *broken;
            // A record dropped as bad (BAD_FLIGHT_RECORD) is not judged again as a missing boarding pass.
            if (ruleFlag.isEmpty() && r.kind == core::JournalKind::Redeem && flightFlag->isEmpty()) {
                auto travel = recheckBoardingPasses(stored.record);
                if (!travel) {
                    return travel.error();
                }
                ruleFlag = *travel;
            }
            applyUses = ruleFlag.isEmpty();
        }
    }
    QString timeFlag;
    if (!online) {
        auto t = checkTime(terminal, r);
        if (!t) {
            return t.error();
        }
        timeFlag = *t;
    }

    // One dynamic token admits once. Two terminals that were both offline (or a replay central's online guard did not
    // see) can each admit it; the people are inside, so the later visit stands as a conflict for the issuer to follow
    // up, like an overdraw.
    bool replayed = false;
    if (r.kind == core::JournalKind::Redeem && !r.tokenId.isEmpty()) {
        auto first = m_store.redemptionWithToken(r.tokenId);
        if (!first) {
            return first.error();
        }
        replayed = first->has_value() && **first != r.id;
    }

    // A pre-booking admits once (issue 14 §4). Two lanes that were both offline can each use it: the later visit stands
    // as a conflict, like a replayed token.
    QString bookingFlag;
    std::optional<core::Booking> consumed;
    if (r.kind == core::JournalKind::Redeem && !r.bookingId.isEmpty()) {
        auto b = bookingOf(r.bookingId);
        if (!b) {
            return b.error();
        }
        if (!b->has_value() || (*b)->credential != r.credential || (*b)->resourceId != r.resourceId) {
            bookingFlag = QStringLiteral("BOOKING_MISMATCH");
        } else if ((*b)->status == core::BookingStatus::Cancelled) {
            bookingFlag = QStringLiteral("BOOKING_CANCELLED");
        } else if ((*b)->status == core::BookingStatus::Used && (*b)->usedBy != r.id) {
            auto other = m_store.redemption((*b)->usedBy);
            if (!other) {
                return other.error();
            }
            const bool standing = other->has_value() && (*other)->record.voidedBy.isNull()
                && (*other)->status != StoredRedemption::Status::Rejected;
            if (standing) {
                bookingFlag = QStringLiteral("BOOKING_REUSED");
            } else {
                consumed = **b;
            }
        } else {
            consumed = **b;
        }
    }

    qint64 seq = 0;
    bool overdrawn = false;
    std::optional<core::Membership> member; // parsed once, for the counters' audience
    for (const auto& u : applyUses ? r.uses : QList<core::PoolUse>()) {
        auto used = m_view.used(r.credential, u.module, u.pool, u.period);
        if (!used) {
            return used.error();
        }
        const qint64 total = qint64(*used) + u.count;
        if (total > std::numeric_limits<int>::max() || total < std::numeric_limits<int>::min()) {
            return reject(QStringLiteral("COUNTER_OVERFLOW")); // unreachable with checked counts; never wrap
        }
        const core::UsageCounter counter {r.credential, u.module, u.pool, u.period, int(total)};
        if (r.kind == core::JournalKind::Redeem && u.count > 0) {
            auto allowance = allowanceFor(r.credential, u, r.at);
            if (!allowance) {
                return allowance.error();
            }
            if (allowance->has_value() && !(*allowance)->unlimited && counter.used > (*allowance)->count) {
                overdrawn = true;
            }
        }
        ChangeRecord rec;
        rec.kind = kind::kUsage;
        rec.id = CentralCacheView::usageId(r.credential.key(), u.module, u.pool, u.period);
        rec.body = compact(core::json::toJson(counter));
        if (isEPass) {
            // A counter goes where its E-pass goes.
            rec.audienceModule = (*credentialRecord)->audienceModule;
            rec.audienceScope = (*credentialRecord)->audienceScope;
        } else {
            // Only to the terminals whose desk can read it (counters::setMembershipAudience).
            if (!member) {
                auto m = core::json::membershipFromJson(QJsonDocument::fromJson((*credentialRecord)->body).object());
                if (!m) {
                    return m.error();
                }
                member = *m;
            }
            if (auto a = counters::setMembershipAudience(m_view, *member, u.module, u.pool, rec); !a) {
                return a.error();
            }
        }
        auto s = m_store.putRecord(rec);
        if (!s) {
            return s.error();
        }
        seq = *s;
    }
    if (seq == 0) {
        auto head = m_store.headSeq();
        if (!head) {
            return head.error();
        }
        seq = *head;
    }
    stored.serverSeq = seq;
    // The first reason that applies names the conflict: a broken rule, then replay, time, overdraw.
    const QString reason = !ruleFlag.isEmpty() ? ruleFlag
        : replayed                             ? QStringLiteral("REPLAYED")
        : !bookingFlag.isEmpty()               ? bookingFlag
        : !timeFlag.isEmpty()                  ? timeFlag
        : overdrawn                            ? QStringLiteral("OVERDRAWN")
                                               : *flightFlag;
    const bool conflict = !reason.isEmpty();
    stored.status = conflict ? StoredRedemption::Status::Conflict : StoredRedemption::Status::Accepted;
    stored.reason = reason;
    if (auto x = m_store.putRedemption(stored); !x) {
        return x.error();
    }
    if (r.kind == core::JournalKind::Void) {
        if (auto x = m_store.markVoided(r.voids, r.id); !x) {
            return x.error();
        }
        if (auto x = releaseBooking(r.voids); !x) {
            return x.error();
        }
    }
    if (consumed) {
        consumed->status = core::BookingStatus::Used;
        consumed->usedBy = r.id;
        consumed->usedAt = r.at;
        if (auto x = writeBooking(*consumed); !x) {
            return x.error();
        }
    }
    res.status = conflict ? UploadResult::Status::Conflict : UploadResult::Status::Accepted;
    res.serverSeq = seq;
    res.conflict = conflict;
    res.reason = stored.reason;
    if (conflict) {
        qCWarning(lcCentral) << "visit flagged" << reason << r.credential.key() << "by terminal" << terminal.id;
    }
    return res;
}

Result<std::optional<core::Booking>> RedemptionLedger::bookingOf(const QString& id) const
{
    auto rec = m_store.record(kind::kBooking, id);
    if (!rec) {
        return rec.error();
    }
    if (!rec->has_value() || (*rec)->deleted) {
        return std::optional<core::Booking>();
    }
    auto b = core::json::bookingFromJson(QJsonDocument::fromJson((*rec)->body).object());
    if (!b) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("booking %1: %2").arg(id, b.error().detail));
    }
    return std::optional<core::Booking>(*b);
}

Result<void> RedemptionLedger::writeBooking(const core::Booking& b)
{
    auto resource = m_view.resource(b.resourceId);
    if (!resource) {
        return resource.error();
    }
    if (!resource->has_value()) {
        return {}; // the resource was retired: no terminal receives the booking any more
    }
    if (auto seq = IssuerService::writeBooking(m_store, b, **resource); !seq) {
        return seq.error();
    }
    return {};
}

Result<void> RedemptionLedger::releaseBooking(const QUuid& voidedVisit)
{
    // A voided visit gives back the booking it consumed (a wrong lane, a guest-count change records it again).
    auto original = m_store.redemption(voidedVisit);
    if (!original) {
        return original.error();
    }
    if (!original->has_value() || (*original)->record.bookingId.isEmpty()) {
        return {};
    }
    auto b = bookingOf((*original)->record.bookingId);
    if (!b) {
        return b.error();
    }
    if (!b->has_value() || (*b)->status != core::BookingStatus::Used || (*b)->usedBy != voidedVisit) {
        return {};
    }
    core::Booking open = **b;
    open.status = core::BookingStatus::Open;
    open.usedBy = QUuid();
    open.usedAt = QDateTime();
    return writeBooking(open);
}

Result<QList<BookingCounts>> RedemptionLedger::bookingCounts(const QString& resourceId) const
{
    QMap<std::pair<QString, QDate>, BookingCounts> counts;
    QHash<QString, std::pair<QString, QDate>> keyOf; // booking id → (resource, date)
    QString after;
    for (;;) {
        auto rows = m_store.recordsAfter(kind::kBooking, after, {}, 1000);
        if (!rows) {
            return rows.error();
        }
        for (const ChangeRecord& rec : *rows) {
            auto b = core::json::bookingFromJson(QJsonDocument::fromJson(rec.body).object());
            if (!b) {
                return makeError(ErrorCode::Corrupt, QStringLiteral("booking %1: %2").arg(rec.id, b.error().detail));
            }
            if (!resourceId.isEmpty() && b->resourceId != resourceId) {
                continue;
            }
            const std::pair key {b->resourceId, b->date};
            keyOf.insert(b->id, key);
            BookingCounts& c = counts[key];
            c.resourceId = b->resourceId;
            c.date = b->date;
            ++c.booked;
            switch (b->status) {
            case core::BookingStatus::Open:
                ++c.open;
                break;
            case core::BookingStatus::Cancelled:
                ++c.cancelled;
                break;
            case core::BookingStatus::Used:
                ++c.used;
                c.people += b->partySize;
                break;
            }
        }
        if (rows->size() < 1000) {
            break;
        }
        after = rows->last().id;
    }
    auto flagged = m_store.conflicts();
    if (!flagged) {
        return flagged.error();
    }
    for (const StoredRedemption& s : *flagged) {
        if (s.reason == QLatin1String("BOOKING_REUSED") && s.record.voidedBy.isNull()
            && keyOf.contains(s.record.bookingId)) {
            ++counts[keyOf.value(s.record.bookingId)].reused;
        }
    }
    return counts.values();
}

Result<QList<UploadResult>> RedemptionLedger::upload(const TerminalRecord& terminal,
                                                     const QList<core::Redemption>& batch,
                                                     const QStringList& boardingPassProblems)
{
    QList<UploadResult> out;
    Result<void> r = m_store.transaction([&]() -> Result<void> {
        out.clear(); // a retried transaction runs this again (CentralStore::transaction)
        for (qsizetype i = 0; i < batch.size(); ++i) {
            auto one = accept(terminal, batch[i], false, boardingPassProblems.value(i));
            if (!one) {
                return one.error();
            }
            out.append(*one);
        }
        return {};
    });
    if (!r) {
        return r.error();
    }
    return out;
}

Result<OnlineRedeem> RedemptionLedger::redeemOnline(const TerminalRecord& terminal, const QUuid& id,
                                                    const QByteArray& code, int partySize, const QString& staffId,
                                                    bool confirmAttention)
{
    OnlineRedeem out;
    Result<void> r = m_store.transaction([&]() -> Result<void> {
        auto existing = m_store.redemption(id);
        if (!existing) {
            return existing.error();
        }
        core::TerminalContext context {terminal.id, terminal.resourceId, staffId, 300, 0};
        if (existing->has_value() && (*existing)->record.terminalId != terminal.id) {
            // Visit ids are scoped to the terminal: another terminal's id is neither retried nor reported.
            return makeError(ErrorCode::Conflict, QStringLiteral("ID_IN_USE: visit id recorded by another terminal"));
        }
        if (existing->has_value()) {
            // A retried call: report what was recorded the first time, judge nothing again.
            const StoredRedemption& s = **existing;
            out.duplicate = true;
            out.serverSeq = s.serverSeq;
            out.conflict = s.status == StoredRedemption::Status::Conflict;
            out.decision.verdict = s.record.verdict;
            out.decision.reason = s.record.reason;
            out.decision.credential = s.record.credential;
            out.decision.holderName = s.record.holderName;
            out.decision.partySize = s.record.partySize;
            out.decision.uses = s.record.uses;
            out.decision.at = s.record.at;
            out.decision.resourceId = s.record.resourceId;
            out.decision.redemptionId = id;
            out.decision.recorded = s.status != StoredRedemption::Status::Rejected;
            return {};
        }
        core::Decision d
            = core::Validator::validate(core::ScanInput {code, partySize}, m_view, context, m_clock, m_verifier);
        const bool record
            = d.verdict == core::Verdict::Accept || (d.verdict == core::Verdict::Attention && confirmAttention);
        if (record) {
            core::Redemption red;
            red.id = id;
            red.kind = core::JournalKind::Redeem;
            red.credential = *d.credential;
            red.resourceId = terminal.resourceId;
            red.terminalId = terminal.id;
            red.staffId = staffId;
            red.partySize = d.partySize;
            red.uses = d.uses;
            red.at = d.at;
            red.clockSource = QStringLiteral("central");
            red.verdict = d.verdict;
            red.reason = d.reason;
            red.holderName = d.holderName;
            if (d.dynamicCode) {
                red.tokenId = d.tokenId; // central's replay guard is this record: it survives restarts
            }
            if (d.booking && d.booking->status == core::BookingStatus::Open) {
                red.bookingId = d.booking->id; // consumed by this visit
            }
            auto accepted = accept(terminal, red, true);
            if (!accepted) {
                return accepted.error();
            }
            out.serverSeq = accepted->serverSeq;
            out.conflict = accepted->conflict;
            d.redemptionId = id;
            d.recorded = accepted->status != UploadResult::Status::Rejected;
        }
        out.decision = d;
        return {};
    });
    if (!r) {
        return r.error();
    }
    return out;
}
} // namespace lounge::central
