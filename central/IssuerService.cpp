#include "IssuerService.h"

#include "CounterAudience.h"
#include "CredentialCode.h"
#include "InputRules.h"
#include "Json.h"
#include "ServiceSupport.h"
#include "Validator.h"

#include <QHash>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUuid>

namespace lounge::central {

using core::Error;
using core::ErrorCode;
using core::makeError;
using core::Result;
using namespace detail;

IssuerService::IssuerService(CentralStore& store, const core::Clock& clock, CodeVault& codes)
    : m_store(store)
    , m_clock(clock)
    , m_codes(codes)
    , m_view(store, clock)
{ }

Result<qint64> IssuerService::writeMembership(const core::Membership& m)
{
    ChangeRecord rec;
    rec.kind = kind::kMembership;
    rec.id = m.id;
    rec.body = compact(core::json::toJson(m));
    rec.codeHash = m.codeHash;
    rec.number = m.number;
    auto seq = m_store.putRecord(rec);
    if (!seq) {
        return seq;
    }
    // Counters the change makes readable at more desks go out again, and the membership after them (CounterAudience.h).
    auto again = counters::reemitForMembership(m_store, m_view, m);
    if (!again) {
        return again.error();
    }
    return *again > 0 ? m_store.putRecord(rec) : seq;
}

Result<qint64> IssuerService::writeEPass(const core::EPass& e)
{
    ChangeRecord rec;
    rec.kind = kind::kEPass;
    rec.id = e.id;
    rec.body = compact(core::json::toJson(e));
    rec.codeHash = e.codeHash;
    rec.audienceModule = e.module;
    if (!e.scope.isAny()) {
        rec.audienceScope = compact(core::json::toJson(e.scope));
    }
    return m_store.putRecord(rec);
}

Result<core::Resource> IssuerService::putResource(const core::Resource& r)
{
    if (auto x = rules::checkResource(r); !x) {
        return x.error();
    }
    Result<void> done = m_store.transaction([&]() -> Result<void> {
        auto before = m_view.resource(r.id);
        if (!before) {
            return before.error();
        }
        ChangeRecord rec {kind::kResource, r.id, 0, false, compact(core::json::toJson(r)), {}, {}, {}, {}};
        if (auto seq = m_store.putRecord(rec); !seq) {
            return seq.error();
        }
        if (!before->has_value()
            || ((*before)->module == r.module && (*before)->airport.compare(r.airport, Qt::CaseInsensitive) == 0)) {
            return {};
        }
        // A lounge that changed module or airport: its terminals now read counters they were never sent.
        auto again = counters::reemitForResource(m_store, *before, r);
        if (!again) {
            return again.error();
        }
        if (*again > 0) {
            if (auto seq = m_store.putRecord(rec); !seq) {
                return seq.error();
            }
        }
        return {};
    });
    if (!done) {
        return done.error();
    }
    return r;
}

Result<core::Program> IssuerService::putProgram(const core::Program& p, bool mustBeNew)
{
    if (auto x = rules::checkProgram(p); !x) {
        return x.error();
    }
    Result<void> r = m_store.transaction([&]() -> Result<void> {
        auto existing = m_view.program(p.id);
        if (!existing) {
            return existing.error();
        }
        if (mustBeNew && existing->has_value()) {
            return makeError(ErrorCode::Conflict, QStringLiteral("program %1 exists").arg(p.id));
        }
        ChangeRecord rec {kind::kProgram, p.id, 0, false, compact(core::json::toJson(p)), {}, {}, {}, {}};
        auto seq = m_store.putRecord(rec);
        if (!seq) {
            return seq.error();
        }
        if (existing->has_value() && (*existing)->entitlements == p.entitlements) {
            return {};
        }
        // Counters the new entitlements make readable at more desks go out again, the program after them.
        auto again = counters::reemitForProgram(m_store, m_view, p.id);
        if (!again) {
            return again.error();
        }
        if (*again > 0) {
            if (auto s = m_store.putRecord(rec); !s) {
                return s.error();
            }
        }
        return {};
    });
    if (!r) {
        return r.error();
    }
    return p;
}

Result<void> IssuerService::deleteResource(const QString& id)
{
    return m_store.transaction([&]() -> Result<void> {
        auto existing = m_view.resource(id);
        if (!existing) {
            return existing.error();
        }
        if (!existing->has_value()) {
            return notFound(QStringLiteral("resource"), id);
        }
        ChangeRecord tombstone {kind::kResource, id, 0, true, "{}", {}, {}, {}, {}};
        if (auto seq = m_store.putRecord(tombstone); !seq) {
            return seq.error();
        }
        return {};
    });
}

Result<void> IssuerService::deleteProgram(const QString& id)
{
    return m_store.transaction([&]() -> Result<void> {
        auto existing = m_view.program(id);
        if (!existing) {
            return existing.error();
        }
        if (!existing->has_value()) {
            return notFound(QStringLiteral("program"), id);
        }
        ChangeRecord tombstone {kind::kProgram, id, 0, true, "{}", {}, {}, {}, {}};
        if (auto seq = m_store.putRecord(tombstone); !seq) {
            return seq.error();
        }
        return {};
    });
}

Result<Issued<core::Membership>> IssuerService::registerMembership(const NewMembership& spec)
{
    if (auto x = rules::checkName(QStringLiteral("holderName"), spec.holderName); !x) {
        return x.error();
    }
    if (!spec.id.isEmpty()) {
        if (auto x = rules::checkId(QStringLiteral("id"), spec.id); !x) {
            return x.error();
        }
    }
    for (const auto& x : {rules::checkDate(QStringLiteral("validFrom"), spec.validFrom, false),
                          rules::checkDate(QStringLiteral("validTo"), spec.validTo, false)}) {
        if (!x) {
            return x.error();
        }
    }
    if (!spec.number.isEmpty() && !core::CredentialCode::looksLikeMembershipNumber(spec.number)) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("number must be 8 to 19 digits"));
    }
    Issued<core::Membership> out;
    Result<void> r = m_store.transaction([&]() -> Result<void> {
        auto program = m_view.program(spec.programId);
        if (!program) {
            return program.error();
        }
        if (!program->has_value()) {
            return notFound(QStringLiteral("program"), spec.programId);
        }
        core::Membership m;
        m.id = spec.id.isEmpty() ? randomId("M-") : spec.id;
        auto existing = m_store.record(kind::kMembership, m.id);
        if (!existing) {
            return existing.error();
        }
        if (existing->has_value()) {
            return makeError(ErrorCode::Conflict, QStringLiteral("membership %1 exists").arg(m.id));
        }
        if (!spec.number.isEmpty()) {
            auto byNumber = m_store.recordByNumber(spec.number);
            if (!byNumber) {
                return byNumber.error();
            }
            if (byNumber->has_value()) {
                return makeError(ErrorCode::Conflict, QStringLiteral("membership number in use"));
            }
        }
        m.number = spec.number;
        m.holderName = spec.holderName.trimmed();
        m.tiers = {core::TierAssignment {spec.programId, QDateTime()}};
        m.status = spec.status;
        // Registered now = usable now at every lounge: the earliest local date anywhere, not the UTC date (core rule).
        m.validFrom = spec.validFrom.isValid() ? spec.validFrom : core::Validator::earliestLocalDate(m_clock.now());
        m.validTo
            = spec.validTo.isValid() ? spec.validTo : m_clock.now().date().addDays((*program)->defaultValidityDays);
        if (auto x = rules::checkDate(QStringLiteral("validTo"), m.validTo); !x) {
            return x; // e.g. a program's validity that runs past the year 2999: refused, never an empty validTo
        }
        if (m.validTo < m.validFrom) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("validTo before validFrom"));
        }
        out.code = core::CredentialCode::generate(core::CredentialKind::Membership);
        m.codeHash = core::CredentialCode::hashOf(out.code);
        if (auto seq = writeMembership(m); !seq) {
            return seq.error();
        }
        if (auto s = m_codes.seal({core::CredentialKind::Membership, m.id}, out.code); !s) {
            return s;
        }
        out.value = m;
        return {};
    });
    if (!r) {
        return r.error();
    }
    return out;
}

Result<core::Membership> IssuerService::membership(const QString& id) const
{
    auto m = m_view.membershipById(id);
    if (!m) {
        return m.error();
    }
    if (!m->has_value()) {
        return notFound(QStringLiteral("membership"), id);
    }
    return **m;
}

Result<core::Membership> IssuerService::mutateMembership(const QString& id,
                                                         const std::function<Result<void>(core::Membership&)>& f)
{
    core::Membership result;
    Result<void> r = m_store.transaction([&]() -> Result<void> {
        auto m = membership(id);
        if (!m) {
            return m.error();
        }
        if (auto x = f(*m); !x) {
            return x;
        }
        if (auto seq = writeMembership(*m); !seq) {
            return seq.error();
        }
        result = *m;
        return {};
    });
    if (!r) {
        return r.error();
    }
    return result;
}

Result<core::Membership> IssuerService::setValidity(const QString& id, std::optional<QDate> from, QDate to)
{
    return mutateMembership(id, [&](core::Membership& m) -> Result<void> {
        if (m.status == core::MembershipStatus::Cancelled) {
            return makeError(ErrorCode::Conflict, QStringLiteral("membership is cancelled"));
        }
        const QDate newFrom = from.value_or(m.validFrom);
        for (const auto& x : {rules::checkDate(QStringLiteral("validFrom"), newFrom),
                              rules::checkDate(QStringLiteral("validTo"), to)}) {
            if (!x) {
                return x;
            }
        }
        if (!to.isValid() || to < newFrom) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("validTo must not be before validFrom"));
        }
        m.validFrom = newFrom;
        m.validTo = to;
        return {};
    });
}

Result<core::Membership> IssuerService::suspend(const QString& id)
{
    return mutateMembership(id, [&](core::Membership& m) -> Result<void> {
        if (m.status != core::MembershipStatus::Active) {
            return makeError(
                ErrorCode::Conflict,
                QStringLiteral("only an active membership can be suspended (is %1)").arg(toString(m.status)));
        }
        m.status = core::MembershipStatus::Suspended;
        return {};
    });
}

Result<core::Membership> IssuerService::reactivate(const QString& id, std::optional<QDate> newValidTo)
{
    const QDate today = m_clock.now().date();
    return mutateMembership(id, [&](core::Membership& m) -> Result<void> {
        switch (m.status) {
        case core::MembershipStatus::Cancelled:
            return makeError(ErrorCode::Conflict, QStringLiteral("a cancelled membership is final"));
        case core::MembershipStatus::Active:
            return makeError(ErrorCode::Conflict, QStringLiteral("membership is already active"));
        case core::MembershipStatus::Expired:
            if (!newValidTo || *newValidTo < today) {
                return makeError(ErrorCode::Conflict,
                                 QStringLiteral("reactivating an expired membership needs a new expiry (validTo)"));
            }
            break;
        case core::MembershipStatus::Pending:
        case core::MembershipStatus::Suspended:
            break;
        }
        if (newValidTo) {
            if (auto x = rules::checkDate(QStringLiteral("validTo"), *newValidTo); !x) {
                return x;
            }
            if (*newValidTo < m.validFrom) {
                return makeError(ErrorCode::InvalidArgument, QStringLiteral("validTo before validFrom"));
            }
            m.validTo = *newValidTo;
        }
        m.status = core::MembershipStatus::Active;
        return {};
    });
}

Result<core::Membership> IssuerService::cancel(const QString& id)
{
    return mutateMembership(id, [&](core::Membership& m) -> Result<void> {
        if (m.status == core::MembershipStatus::Cancelled) {
            return makeError(ErrorCode::Conflict, QStringLiteral("already cancelled"));
        }
        m.status = core::MembershipStatus::Cancelled;
        return {};
    });
}

Result<core::Membership> IssuerService::correctMembership(const QString& id, const std::optional<QString>& holderName,
                                                          const std::optional<QString>& number, const QString& actor)
{
    if (!holderName && !number) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("nothing to correct: give holderName or number"));
    }
    if (holderName) {
        if (auto x = rules::checkName(QStringLiteral("holderName"), *holderName); !x) {
            return x.error();
        }
    }
    if (number && !core::CredentialCode::looksLikeMembershipNumber(*number)) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("number must be 8 to 19 digits"));
    }
    const QDateTime now = m_clock.now();
    return mutateMembership(id, [&](core::Membership& m) -> Result<void> {
        if (m.status == core::MembershipStatus::Cancelled) {
            return makeError(ErrorCode::Conflict, QStringLiteral("membership is cancelled"));
        }
        QList<MembershipCorrection> changes;
        if (holderName && holderName->trimmed() != m.holderName) {
            changes.append({QUuid::createUuid().toString(QUuid::WithoutBraces), m.id, now, actor,
                            QStringLiteral("holderName"), m.holderName, holderName->trimmed()});
            m.holderName = holderName->trimmed();
        }
        if (number && *number != m.number) {
            // Checked inside the writer's transaction: two corrections to one number cannot both pass.
            auto holder = m_store.recordByNumber(*number);
            if (!holder) {
                return holder.error();
            }
            if (holder->has_value() && (*holder)->id != m.id) {
                return makeError(ErrorCode::Conflict, QStringLiteral("membership number in use"));
            }
            changes.append({QUuid::createUuid().toString(QUuid::WithoutBraces), m.id, now, actor,
                            QStringLiteral("number"), m.number, *number});
            m.number = *number;
        }
        if (changes.isEmpty()) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("nothing to correct: the values are current"));
        }
        for (const auto& c : changes) {
            if (auto x = m_store.putCorrection(c); !x) {
                return x;
            }
        }
        return {};
    });
}

Result<core::Membership> IssuerService::setEntitlement(const QString& id, const core::Entitlement& e)
{
    if (auto x = rules::checkEntitlement({}, e); !x) {
        return x.error();
    }
    return mutateMembership(id, [&](core::Membership& m) -> Result<void> {
        if (m.status == core::MembershipStatus::Cancelled) {
            return makeError(ErrorCode::Conflict, QStringLiteral("membership is cancelled"));
        }
        m.overrides.removeIf([&](const core::EntitlementOverride& o) { return o.module == e.module; });
        m.overrides.append({core::EntitlementOverride::Op::Set, e.module, e});
        return {};
    });
}

Result<core::Membership> IssuerService::removeEntitlement(const QString& id, const core::Module& module)
{
    return mutateMembership(id, [&](core::Membership& m) -> Result<void> {
        if (m.status == core::MembershipStatus::Cancelled) {
            return makeError(ErrorCode::Conflict, QStringLiteral("membership is cancelled"));
        }
        m.overrides.removeIf([&](const core::EntitlementOverride& o) { return o.module == module; });
        m.overrides.append({core::EntitlementOverride::Op::Remove, module, {}});
        return {};
    });
}

Result<core::Membership> IssuerService::changeTier(const QString& id, const QString& programId, QDateTime effectiveFrom)
{
    if (!effectiveFrom.isValid()) {
        effectiveFrom = m_clock.now();
    }
    return mutateMembership(id, [&](core::Membership& m) -> Result<void> {
        if (m.status == core::MembershipStatus::Cancelled) {
            return makeError(ErrorCode::Conflict, QStringLiteral("membership is cancelled"));
        }
        auto program = m_view.program(programId);
        if (!program) {
            return program.error();
        }
        if (!program->has_value()) {
            return notFound(QStringLiteral("program"), programId);
        }
        // A later assignment supersedes the ones at or after its start.
        m.tiers.removeIf([&](const core::TierAssignment& t) {
            return t.effectiveFrom.isValid() && t.effectiveFrom >= effectiveFrom;
        });
        m.tiers.append({programId, effectiveFrom.toUTC()});
        return {};
    });
}

Result<Issued<core::EPass>> IssuerService::issueEPass(const core::EPass& spec)
{
    if (auto x = rules::checkEPass(spec); !x) {
        return x.error();
    }
    if (!spec.activation.isValid() || !spec.expiration.isValid() || spec.expiration < spec.activation) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("expiration must not be before activation"));
    }
    Issued<core::EPass> out;
    Result<void> r = m_store.transaction([&]() -> Result<void> {
        core::EPass e = spec;
        e.id = spec.id.isEmpty() ? randomId("E-") : spec.id;
        auto existing = m_store.record(kind::kEPass, e.id);
        if (!existing) {
            return existing.error();
        }
        if (existing->has_value()) {
            return makeError(ErrorCode::Conflict, QStringLiteral("E-pass %1 exists and is immutable").arg(e.id));
        }
        e.status = core::EPassStatus::Active;
        out.code = core::CredentialCode::generate(core::CredentialKind::EPass);
        e.codeHash = core::CredentialCode::hashOf(out.code);
        if (auto seq = writeEPass(e); !seq) {
            return seq.error();
        }
        if (auto s = m_codes.seal({core::CredentialKind::EPass, e.id}, out.code); !s) {
            return s;
        }
        out.value = e;
        return {};
    });
    if (!r) {
        return r.error();
    }
    return out;
}

Result<core::EPass> IssuerService::ePass(const QString& id) const
{
    auto e = m_view.ePassById(id);
    if (!e) {
        return e.error();
    }
    if (!e->has_value()) {
        return notFound(QStringLiteral("E-pass"), id);
    }
    return **e;
}

Result<core::EPass> IssuerService::revokeEPass(const QString& id)
{
    core::EPass result;
    Result<void> r = m_store.transaction([&]() -> Result<void> {
        auto e = ePass(id);
        if (!e) {
            return e.error();
        }
        if (e->status == core::EPassStatus::Revoked) {
            return makeError(ErrorCode::Conflict, QStringLiteral("already revoked"));
        }
        e->status = core::EPassStatus::Revoked;
        if (auto seq = writeEPass(*e); !seq) {
            return seq.error();
        }
        result = *e;
        return {};
    });
    if (!r) {
        return r.error();
    }
    return result;
}

Result<qint64> IssuerService::writeBooking(CentralStore& store, const core::Booking& b, const core::Resource& at)
{
    ChangeRecord rec;
    rec.kind = kind::kBooking;
    rec.id = b.id;
    rec.body = compact(core::json::toJson(b));
    rec.codeHash = b.credential.key().toUtf8(); // lookup key: the credential's bookings
    // Only the terminals of this resource receive it (module + a scope naming the resource).
    rec.audienceModule = at.module;
    rec.audienceScope = compact(core::json::toJson(core::Scope {{at.id}, {}}));
    return store.putRecord(rec);
}

Result<core::Booking> IssuerService::createBooking(core::Booking spec)
{
    static const QRegularExpression carrier(QStringLiteral("^[A-Z0-9]{2}[A-Z]?$"));
    static const QRegularExpression flightNumber(QStringLiteral("^[0-9]{1,4}[A-Z]?$"));
    if (!spec.id.isEmpty()) {
        if (auto x = rules::checkId(QStringLiteral("id"), spec.id); !x) {
            return x.error();
        }
    }
    if (auto x = rules::checkDate(QStringLiteral("date"), spec.date); !x) {
        return x.error();
    }
    if (!spec.from.isValid() || !spec.to.isValid() || spec.from == spec.to) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("from/to: expected a window HH:MM-HH:MM"));
    }
    if (spec.partySize < 1 || spec.partySize > 100) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("partySize: out of range (1-100)"));
    }
    if (spec.flightCarrier.isEmpty() != spec.flightNumber.isEmpty()
        || (!spec.flightCarrier.isEmpty()
            && (!carrier.match(spec.flightCarrier).hasMatch() || !flightNumber.match(spec.flightNumber).hasMatch()))) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("flight: expected {\"carrier\":\"CX\",\"number\":\"251\"}"));
    }
    core::Booking result;
    Result<void> r = m_store.transaction([&]() -> Result<void> {
        core::Booking b = spec;
        b.status = core::BookingStatus::Open;
        b.usedBy = QUuid();
        b.usedAt = QDateTime();
        b.createdAt = m_clock.now();
        if (b.id.isEmpty()) {
            b.id = randomId("B-");
        }
        auto existing = m_store.record(kind::kBooking, b.id);
        if (!existing) {
            return existing.error();
        }
        if (existing->has_value()) {
            return makeError(ErrorCode::Conflict, QStringLiteral("booking %1 exists").arg(b.id));
        }
        auto resource = m_view.resource(b.resourceId);
        if (!resource) {
            return resource.error();
        }
        if (!resource->has_value()) {
            return makeError(ErrorCode::NotFound, QStringLiteral("resource ") + b.resourceId);
        }
        const bool isEPass = b.credential.kind == core::CredentialKind::EPass;
        auto holder = m_store.record(isEPass ? kind::kEPass : kind::kMembership, b.credential.id);
        if (!holder) {
            return holder.error();
        }
        if (!holder->has_value() || (*holder)->deleted) {
            return makeError(ErrorCode::NotFound, QStringLiteral("credential ") + b.credential.key());
        }
        if (auto seq = writeBooking(m_store, b, **resource); !seq) {
            return seq.error();
        }
        result = b;
        return {};
    });
    if (!r) {
        return r.error();
    }
    return result;
}

Result<core::Booking> IssuerService::booking(const QString& id) const
{
    auto rec = m_store.record(kind::kBooking, id);
    if (!rec) {
        return rec.error();
    }
    if (!rec->has_value() || (*rec)->deleted) {
        return makeError(ErrorCode::NotFound, QStringLiteral("booking ") + id);
    }
    auto b = core::json::bookingFromJson(QJsonDocument::fromJson((*rec)->body).object());
    if (!b) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("booking %1: %2").arg(id, b.error().detail));
    }
    return b;
}

Result<core::Booking> IssuerService::cancelBooking(const QString& id)
{
    core::Booking result;
    Result<void> r = m_store.transaction([&]() -> Result<void> {
        auto b = booking(id);
        if (!b) {
            return b.error();
        }
        if (b->status != core::BookingStatus::Open) {
            return makeError(ErrorCode::Conflict,
                             QStringLiteral("booking is %1").arg(core::toString(b->status).toLower()));
        }
        auto resource = m_view.resource(b->resourceId);
        if (!resource) {
            return resource.error();
        }
        if (!resource->has_value()) {
            return makeError(ErrorCode::NotFound, QStringLiteral("resource ") + b->resourceId);
        }
        b->status = core::BookingStatus::Cancelled;
        if (auto seq = writeBooking(m_store, *b, **resource); !seq) {
            return seq.error();
        }
        result = *b;
        return {};
    });
    if (!r) {
        return r.error();
    }
    return result;
}

Result<ListPage<core::Booking>> IssuerService::bookings(const BookingFilter& filter, const QString& afterId,
                                                        int limit) const
{
    // Keyset by id: the credential filter uses the lookup index; the others are checked row by row, reading on until
    // the page is full (limit + 1 to know whether another page follows).
    ListPage<core::Booking> out;
    QString after = afterId;
    const QByteArray key = filter.credentialKey.toUtf8();
    const int batch = std::max(limit + 1, 200);
    for (;;) {
        auto rows = m_store.recordsAfter(kind::kBooking, after, key, batch);
        if (!rows) {
            return rows.error();
        }
        for (const ChangeRecord& rec : *rows) {
            auto b = core::json::bookingFromJson(QJsonDocument::fromJson(rec.body).object());
            if (!b) {
                return makeError(ErrorCode::Corrupt, QStringLiteral("booking %1: %2").arg(rec.id, b.error().detail));
            }
            if ((!filter.resourceId.isEmpty() && b->resourceId != filter.resourceId)
                || (filter.date.isValid() && b->date != filter.date)
                || (filter.status && b->status != *filter.status)) {
                continue;
            }
            if (out.items.size() == limit) {
                out.lastId = out.items.last().id;
                return out;
            }
            out.items.append(*b);
        }
        if (rows->size() < batch) {
            return out;
        }
        after = rows->last().id;
    }
}

Result<void> IssuerService::seedDemo(const core::DemoData& data)
{
    return m_store.transaction([&]() -> Result<void> {
        auto head = m_store.record(kind::kResource, data.defaultResource);
        if (!head) {
            return head.error();
        }
        if (head->has_value()) {
            return {}; // already seeded
        }
        for (const auto& r : data.resources) {
            if (auto x = putResource(r); !x) {
                return x.error();
            }
        }
        for (const auto& p : data.programs) {
            if (auto x = putProgram(p, false); !x) {
                return x.error();
            }
        }
        // DemoData::samples lists the codes in the order memberships, then E-passes were built.
        QHash<QByteArray, QString> codeByHash;
        for (const auto& s : data.samples) {
            codeByHash.insert(core::CredentialCode::hashOf(s.code), s.code);
        }
        for (const auto& m : data.memberships) {
            if (auto x = writeMembership(m); !x) {
                return x.error();
            }
            if (codeByHash.contains(m.codeHash)) {
                if (auto x = m_codes.seal({core::CredentialKind::Membership, m.id}, codeByHash.value(m.codeHash)); !x) {
                    return x;
                }
            }
        }
        for (const auto& e : data.ePasses) {
            if (auto x = writeEPass(e); !x) {
                return x.error();
            }
            if (codeByHash.contains(e.codeHash)) {
                if (auto x = m_codes.seal({core::CredentialKind::EPass, e.id}, codeByHash.value(e.codeHash)); !x) {
                    return x;
                }
            }
        }
        return {};
    });
}
} // namespace lounge::central
