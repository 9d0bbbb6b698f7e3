#include "IssuerQueries.h"

#include "Json.h"
#include "ServiceSupport.h"
#include "Validator.h"

#include <QJsonDocument>
#include <QTimeZone>

namespace lounge::central {

using core::ErrorCode;
using core::makeError;
using core::Result;
using namespace detail;

namespace {

QString msKey(const QDateTime& at)
{
    return QString::number(at.toMSecsSinceEpoch());
}

/// The (time, id) sort key of a cursor made by msKey + id.
Result<std::optional<std::pair<QDateTime, QString>>> timeKey(const QStringList& after)
{
    if (after.isEmpty()) {
        return std::optional<std::pair<QDateTime, QString>>();
    }
    bool ok = false;
    const qint64 ms = after.value(0).toLongLong(&ok);
    if (!ok || after.size() != 2) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("cursor: not a cursor of this list"));
    }
    return std::optional(std::pair {QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC), after.value(1)});
}

/// Trims a fetched limit+1 list to a page.
template<typename T, typename Key> Page<T> toPage(QList<T> items, int limit, Key key)
{
    Page<T> out;
    if (items.size() > limit) {
        items.resize(limit);
        out.nextCursor = pagination::encodeCursor(key(items.last()));
    }
    out.items = std::move(items);
    return out;
}

} // namespace

IssuerQueries::IssuerQueries(const CentralStore& store, const core::Clock& clock)
    : m_store(store)
    , m_clock(clock)
    , m_view(store, clock)
{ }

template<typename T, typename Parse, typename Keep>
Result<Page<T>> IssuerQueries::recordList(RecordQuery query, const pagination::PageRequest& page, Parse parse,
                                          Keep keep) const
{
    // Keyset over ids: limit + 1 items tell whether there is a next page. A filter the store cannot judge (`keep`)
    // drops rows after the fetch, so fetch again from the last id seen until the page is full or the rows end.
    query.afterId = page.after.value(0);
    QList<T> items;
    for (;;) {
        query.limit = int(page.limit + 1 - items.size());
        auto rows = m_store.recordPage(query);
        if (!rows) {
            return rows.error();
        }
        for (const ChangeRecord& rec : *rows) {
            auto value = parse(QJsonDocument::fromJson(rec.body).object());
            if (!value) {
                return makeError(ErrorCode::Corrupt, rec.kind + QLatin1Char(' ') + rec.id);
            }
            if (keep(*value)) {
                items.append(std::move(value).value());
            }
        }
        if (rows->size() < query.limit || items.size() > page.limit) {
            break;
        }
        query.afterId = rows->last().id;
    }
    return toPage(std::move(items), page.limit, [](const T& x) { return QStringList {x.id}; });
}

Result<Page<core::Membership>> IssuerQueries::memberships(const MembershipFilter& f,
                                                          const pagination::PageRequest& page) const
{
    RecordQuery q;
    q.kind = kind::kMembership;
    q.number = f.number;
    if (f.status) {
        q.fieldEquals.append({QStringLiteral("status"), core::toString(*f.status)});
    }
    q.prefixField = f.namePrefix.isEmpty() ? QString() : QStringLiteral("holderName");
    q.prefix = f.namePrefix;
    q.tierProgram = f.program; // any assignment names it; the one in force now is checked below
    const QDateTime now = m_clock.now();
    return recordList<core::Membership>(q, page, core::json::membershipFromJson, [&](const core::Membership& m) {
        return f.program.isEmpty() || m.programAt(now) == f.program;
    });
}

Result<Page<core::EPass>> IssuerQueries::ePasses(const EPassFilter& f, const pagination::PageRequest& page) const
{
    RecordQuery q;
    q.kind = kind::kEPass;
    if (f.status) {
        q.fieldEquals.append({QStringLiteral("status"), core::toString(*f.status)});
    }
    if (!f.module.isEmpty()) {
        q.fieldEquals.append({QStringLiteral("module"), f.module});
    }
    q.prefixField = f.namePrefix.isEmpty() ? QString() : QStringLiteral("lastName");
    q.prefix = f.namePrefix;
    return recordList<core::EPass>(q, page, core::json::ePassFromJson, [](const core::EPass&) { return true; });
}

Result<Page<core::Program>> IssuerQueries::programs(const pagination::PageRequest& page) const
{
    RecordQuery q;
    q.kind = kind::kProgram;
    return recordList<core::Program>(q, page, core::json::programFromJson, [](const core::Program&) { return true; });
}

Result<Page<core::Resource>> IssuerQueries::resources(const ResourceFilter& f,
                                                      const pagination::PageRequest& page) const
{
    RecordQuery q;
    q.kind = kind::kResource;
    if (!f.module.isEmpty()) {
        q.fieldEquals.append({QStringLiteral("module"), f.module});
    }
    if (!f.airport.isEmpty()) {
        q.fieldEquals.append({QStringLiteral("airport"), f.airport});
    }
    return recordList<core::Resource>(q, page, core::json::resourceFromJson,
                                      [](const core::Resource&) { return true; });
}

Result<core::Resource> IssuerQueries::resource(const QString& id) const
{
    return found(m_view.resource(id), QStringLiteral("resource"), id);
}

Result<EffectiveEntitlements> IssuerQueries::entitlements(const QString& membershipId, const QString& resourceId) const
{
    auto m = found(m_view.membershipById(membershipId), QStringLiteral("membership"), membershipId);
    if (!m) {
        return m.error();
    }
    EffectiveEntitlements out;
    out.membershipId = m->id;
    out.now = m_clock.now();
    out.timeZone = QStringLiteral("UTC");
    if (!resourceId.isEmpty()) {
        auto r = resource(resourceId);
        if (!r) {
            return r.error();
        }
        out.timeZone = r->timeZone;
    }
    // The door's own rule for "today" at that lounge (core::Validator), on central's clock.
    out.date = core::Validator::localDate(out.now, out.timeZone);
    out.programId = m->programAt(out.now);
    auto program = found(m_view.program(out.programId), QStringLiteral("program"), out.programId);
    if (!program) {
        return program.error();
    }
    for (const auto& o : m->overrides) {
        if (o.op == core::EntitlementOverride::Op::Remove) {
            const bool inProgram = std::any_of(program->entitlements.begin(), program->entitlements.end(),
                                               [&](const core::Entitlement& e) { return e.module == o.module; });
            if (inProgram && !out.removed.contains(o.module)) {
                out.removed.append(o.module);
            }
        }
    }
    const core::CredentialRef ref {core::CredentialKind::Membership, m->id};
    for (const auto& ent : core::effectiveEntitlements(*program, m->overrides)) {
        EffectiveEntitlement e;
        e.entitlement = ent;
        e.overridden = std::any_of(m->overrides.begin(), m->overrides.end(), [&](const core::EntitlementOverride& o) {
            return o.op == core::EntitlementOverride::Op::Set && o.module == ent.module;
        });
        e.inForce = (!ent.validFrom || *ent.validFrom <= out.date) && (!ent.validTo || out.date <= *ent.validTo);
        const QString period = core::Validator::periodKey(ent.period, out.date);
        const std::pair<core::Pool, core::Allowance> pools[] = {
            {core::Pool::Cardholder, ent.cardholder}, {core::Pool::Guest, ent.guest}, {core::Pool::Shared, ent.shared}};
        for (const auto& [pool, allowance] : pools) {
            if (!allowance.unlimited && allowance.count <= 0) {
                continue;
            }
            auto used = m_view.used(ref, ent.module, pool, period);
            if (!used) {
                return used.error();
            }
            e.balances.append({pool, period, allowance.unlimited, allowance.count, *used});
        }
        out.entitlements.append(e);
    }
    return out;
}

Result<Page<MembershipCorrection>> IssuerQueries::corrections(const QString& membershipId,
                                                              const pagination::PageRequest& page) const
{
    if (auto m = found(m_view.membershipById(membershipId), QStringLiteral("membership"), membershipId); !m) {
        return m.error();
    }
    auto after = timeKey(page.after);
    if (!after) {
        return after.error();
    }
    auto rows = m_store.corrections(membershipId, *after, page.limit + 1);
    if (!rows) {
        return rows.error();
    }
    return toPage(std::move(rows).value(), page.limit, [](const MembershipCorrection& c) {
        return QStringList {msKey(c.at), c.id};
    });
}

Result<Page<StoredRedemption>> IssuerQueries::visits(const core::CredentialRef& credential,
                                                     const pagination::PageRequest& page) const
{
    if (credential.kind == core::CredentialKind::Membership) {
        if (auto m = found(m_view.membershipById(credential.id), QStringLiteral("membership"), credential.id); !m) {
            return m.error();
        }
    } else if (auto e = found(m_view.ePassById(credential.id), QStringLiteral("E-pass"), credential.id); !e) {
        return e.error();
    }
    auto before = timeKey(page.after);
    if (!before) {
        return before.error();
    }
    auto rows = m_store.redemptionPage(credential.key(), *before, page.limit + 1);
    if (!rows) {
        return rows.error();
    }
    return toPage(std::move(rows).value(), page.limit, [](const StoredRedemption& s) {
        return QStringList {msKey(s.record.at), s.record.id.toString(QUuid::WithoutBraces)};
    });
}

} // namespace lounge::central
