#include "CounterAudience.h"

#include "Json.h"
#include "ServiceSupport.h"

#include <QJsonDocument>

namespace lounge::central::counters {

using core::Result;
using detail::compact;

const QString kCentralOnly = QStringLiteral("\x01central-only");

namespace {

constexpr int kPage = 256;

std::optional<core::Scope> parseScope(const QByteArray& json)
{
    auto s = core::json::scopeFromJson(QJsonDocument::fromJson(json).object());
    return s ? std::optional<core::Scope>(*s) : std::nullopt;
}

bool containsAll(const QStringList& outer, const QStringList& inner, Qt::CaseSensitivity cs)
{
    for (const QString& x : inner) {
        if (!outer.contains(x, cs)) {
            return false;
        }
    }
    return true;
}

/// Whether every terminal that audience `b` reaches is reached by audience `a` (false when unsure).
bool includes(const ChangeRecord& a, const ChangeRecord& b)
{
    if (b.audienceModule == kCentralOnly) {
        return true;
    }
    if (a.audienceModule.isEmpty() && a.audienceScope.isEmpty()) {
        return true; // every terminal
    }
    if (a.audienceModule == kCentralOnly || a.audienceModule.isEmpty() || a.audienceModule != b.audienceModule) {
        return false;
    }
    if (a.audienceScope.isEmpty()) {
        return true;
    }
    if (b.audienceScope.isEmpty()) {
        return false;
    }
    const auto sa = parseScope(a.audienceScope);
    const auto sb = parseScope(b.audienceScope);
    return sa && sb && !sb->isAny() && containsAll(sa->resourceIds, sb->resourceIds, Qt::CaseSensitive)
        && containsAll(sa->airports, sb->airports, Qt::CaseInsensitive);
}

/// Re-writes `rec` (a membership counter) if `m`'s state widens its audience. Returns 1 if re-written.
Result<int> reemitOne(CentralStore& store, const CentralCacheView& view, const core::Membership& m,
                      const ChangeRecord& rec)
{
    auto counter = core::json::usageCounterFromJson(QJsonDocument::fromJson(rec.body).object());
    if (!counter) {
        return core::makeError(core::ErrorCode::Corrupt,
                               QStringLiteral("usage record %1: %2").arg(rec.id, counter.error().detail));
    }
    ChangeRecord next = rec;
    if (auto a = setMembershipAudience(view, m, counter->module, counter->pool, next); !a) {
        return a.error();
    }
    if (includes(rec, next)) {
        return 0;
    }
    next.seq = 0;
    if (auto s = store.putRecord(next); !s) {
        return s.error();
    }
    return 1;
}

} // namespace

Result<void> setMembershipAudience(const CentralCacheView& view, const core::Membership& m, const core::Module& module,
                                   core::Pool pool, ChangeRecord& rec)
{
    bool relevant = false;
    bool anywhere = false;
    core::Scope where;
    QStringList seen;
    for (const auto& tier : m.tiers) {
        if (seen.contains(tier.programId)) {
            continue;
        }
        seen << tier.programId;
        auto program = view.program(tier.programId);
        if (!program) {
            return program.error();
        }
        if (!program->has_value()) {
            continue;
        }
        for (const auto& e : core::effectiveEntitlements(**program, m.overrides)) {
            if (e.module != module) {
                continue;
            }
            const core::Allowance a = pool == core::Pool::Cardholder ? e.cardholder
                : pool == core::Pool::Guest                          ? e.guest
                : pool == core::Pool::Shared                         ? e.shared
                                                                     : core::Allowance::infinite();
            if (a.unlimited) {
                continue; // the desk never reads an unlimited pool's counter
            }
            relevant = true;
            anywhere = anywhere || e.scope.isAny();
            for (const QString& id : e.scope.resourceIds) {
                if (!where.resourceIds.contains(id)) {
                    where.resourceIds << id;
                }
            }
            for (const QString& airport : e.scope.airports) {
                if (!where.airports.contains(airport, Qt::CaseInsensitive)) {
                    where.airports << airport;
                }
            }
        }
    }
    if (!relevant) {
        rec.audienceModule = kCentralOnly;
        rec.audienceScope.clear();
        return {};
    }
    rec.audienceModule = module;
    rec.audienceScope = anywhere ? QByteArray() : compact(core::json::toJson(where));
    return {};
}

bool audienceCovers(const ChangeRecord& rec, const core::Resource& resource)
{
    if (rec.audienceModule.isEmpty() && rec.audienceScope.isEmpty()) {
        return true;
    }
    // A module restricts; a scope alone (staff accounts by site) restricts without one.
    if (!rec.audienceModule.isEmpty() && rec.audienceModule != resource.module) {
        return false;
    }
    if (rec.audienceScope.isEmpty()) {
        return true;
    }
    const auto scope = parseScope(rec.audienceScope);
    return scope && scope->covers(resource);
}

Result<int> reemitForMembership(CentralStore& store, const CentralCacheView& view, const core::Membership& m)
{
    const QString prefix = core::CredentialRef {core::CredentialKind::Membership, m.id}.key() + QLatin1Char('|');
    int rewritten = 0;
    QString after = prefix;
    for (;;) {
        auto page = store.recordsAfter(kind::kUsage, after, {}, kPage);
        if (!page) {
            return page.error();
        }
        for (const ChangeRecord& rec : *page) {
            if (!rec.id.startsWith(prefix)) {
                return rewritten;
            }
            auto n = reemitOne(store, view, m, rec);
            if (!n) {
                return n.error();
            }
            rewritten += *n;
        }
        if (page->size() < kPage) {
            return rewritten;
        }
        after = page->last().id;
    }
}

Result<int> reemitForProgram(CentralStore& store, const CentralCacheView& view, const QString& programId)
{
    const QString prefix = QStringLiteral("M:");
    int rewritten = 0;
    QString after = prefix;
    QString lastCredential;
    std::optional<core::Membership> member; // of lastCredential, when it has programId in a tier
    for (;;) {
        auto page = store.recordsAfter(kind::kUsage, after, {}, kPage);
        if (!page) {
            return page.error();
        }
        for (const ChangeRecord& rec : *page) {
            if (!rec.id.startsWith(prefix)) {
                return rewritten;
            }
            const QString credential = rec.id.section(QLatin1Char('|'), 0, 0);
            if (credential != lastCredential) {
                lastCredential = credential;
                member.reset();
                auto m = view.membershipById(credential.mid(prefix.size()));
                if (!m) {
                    return m.error();
                }
                if (m->has_value()) {
                    for (const auto& tier : (*m)->tiers) {
                        if (tier.programId == programId) {
                            member = **m;
                            break;
                        }
                    }
                }
            }
            if (!member) {
                continue;
            }
            auto n = reemitOne(store, view, *member, rec);
            if (!n) {
                return n.error();
            }
            rewritten += *n;
        }
        if (page->size() < kPage) {
            return rewritten;
        }
        after = page->last().id;
    }
}

Result<int> reemitForResource(CentralStore& store, const std::optional<core::Resource>& before,
                              const core::Resource& after)
{
    int rewritten = 0;
    QString last;
    for (;;) {
        auto page = store.recordsAfter(kind::kUsage, last, {}, kPage);
        if (!page) {
            return page.error();
        }
        for (const ChangeRecord& rec : *page) {
            if (!audienceCovers(rec, after) || (before && audienceCovers(rec, *before))) {
                continue;
            }
            ChangeRecord again = rec;
            again.seq = 0;
            if (auto s = store.putRecord(again); !s) {
                return s.error();
            }
            ++rewritten;
        }
        if (page->size() < kPage) {
            return rewritten;
        }
        last = page->last().id;
    }
}

} // namespace lounge::central::counters
