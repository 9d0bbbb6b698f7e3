#include "ChangeFeed.h"

#include "CentralSecurity.h"
#include "Json.h"
#include "ServiceSupport.h"

#include <QHash>
#include <QJsonDocument>

#include <algorithm>

namespace lounge::central {

using core::Result;
using namespace detail;

ChangeFeed::ChangeFeed(const CentralStore& store, const core::Clock& clock, int maxPageSize)
    : m_store(store)
    , m_maxPageSize(maxPageSize)
    , m_view(store, clock)
{ }

Result<FeedPage> ChangeFeed::changes(const TerminalRecord& terminal, qint64 cursor, int limit, bool count) const
{
    limit = std::clamp(limit, 1, m_maxPageSize);
    auto resource = m_view.resource(terminal.resourceId);
    if (!resource) {
        return resource.error();
    }
    auto rows = m_store.changesSince(cursor, limit);
    if (!rows) {
        return rows.error();
    }
    FeedPage out;
    out.page.cursor = rows->isEmpty() ? cursor : rows->last().seq;
    out.more = rows->size() == limit;
    out.scanned = int(rows->size());
    QHash<QByteArray, bool> scopeCovers; // few distinct scopes: parse each once
    QHash<QByteArray, bool> scopeAtAirport;
    QHash<QString, QString> airportOf; // resource id → airport
    // An E-pass this terminal cannot accept (another module, or a scope without this resource) but that is valid at
    // this terminal's airport goes to it as a thin record (no holder name): the desk then answers WRONG_MODULE or
    // OUT_OF_SCOPE with where the pass is valid, also offline, instead of UNKNOWN_CODE.
    auto validHere = [&](const ChangeRecord& rec) {
        if (rec.kind != kind::kEPass || !resource->has_value()) {
            return false;
        }
        if (rec.audienceScope.isEmpty()) {
            return true; // valid at every airport
        }
        auto it = scopeAtAirport.constFind(rec.audienceScope);
        if (it == scopeAtAirport.constEnd()) {
            auto scope = core::json::scopeFromJson(QJsonDocument::fromJson(rec.audienceScope).object());
            bool here = scope && scope->airports.contains((*resource)->airport);
            for (const QString& id : scope ? scope->resourceIds : QStringList()) {
                if (!airportOf.contains(id)) {
                    auto other = m_view.resource(id);
                    airportOf.insert(id, other && other->has_value() ? (*other)->airport : QString());
                }
                here = here || airportOf.value(id) == (*resource)->airport;
            }
            it = scopeAtAirport.insert(rec.audienceScope, here);
        }
        return *it;
    };
    auto thinEPass = [](const QByteArray& body) {
        QJsonObject o = QJsonDocument::fromJson(body).object();
        o.insert(QStringLiteral("firstName"), QString());
        o.insert(QStringLiteral("lastName"), QString());
        return compact(o);
    };
    auto visible = [&](const ChangeRecord& rec) {
        if (rec.audienceModule.isEmpty() && rec.audienceScope.isEmpty()) {
            return true;
        }
        // A module restricts; a scope alone (staff accounts by site) restricts without one.
        if (!resource->has_value() || (!rec.audienceModule.isEmpty() && rec.audienceModule != (*resource)->module)) {
            return false;
        }
        if (rec.audienceScope.isEmpty()) {
            return true;
        }
        auto it = scopeCovers.constFind(rec.audienceScope);
        if (it == scopeCovers.constEnd()) {
            auto scope = core::json::scopeFromJson(QJsonDocument::fromJson(rec.audienceScope).object());
            it = scopeCovers.insert(rec.audienceScope, scope && scope->covers(**resource));
        }
        return *it;
    };
    // Wire keys of core::json::toJson(ChangePage), in the order it writes them.
    static const std::pair<QString, QByteArray> kKeys[] = {
        {kind::kResource, "resources"}, {kind::kProgram, "programs"}, {kind::kMembership, "memberships"},
        {kind::kEPass, "ePasses"},      {kind::kUsage, "usage"},      {kind::kStaff, "staff"},
        {kind::kTokenKey, "tokenKeys"}, {kind::kBooking, "bookings"},
    };
    QList<QByteArray> lists[std::size(kKeys)];
    for (const ChangeRecord& rec : *rows) {
        if (!visible(rec)) {
            if (validHere(rec)) {
                if (rec.deleted) {
                    out.page.deletedEPasses << rec.id;
                } else {
                    lists[3].append(thinEPass(rec.body)); // kKeys[3]: ePasses
                    ++out.recordCount;
                }
            }
            continue;
        }
        if (rec.deleted) {
            if (rec.kind == kind::kResource) {
                out.page.deletedResources << rec.id;
            } else if (rec.kind == kind::kProgram) {
                out.page.deletedPrograms << rec.id;
            } else if (rec.kind == kind::kMembership) {
                out.page.deletedMemberships << rec.id;
            } else if (rec.kind == kind::kEPass) {
                out.page.deletedEPasses << rec.id;
            } else if (rec.kind == kind::kStaff) {
                out.page.deletedStaff << rec.id;
            }
            continue;
        }
        for (size_t k = 0; k < std::size(kKeys); ++k) {
            if (rec.kind == kKeys[k].first) {
                lists[k].append(rec.body);
                ++out.recordCount;
                break;
            }
        }
        // Other kinds belong to layers this feed does not serve yet; the cursor still moves past them.
    }
    for (size_t k = 0; k < std::size(kKeys); ++k) {
        if (lists[k].isEmpty()) {
            continue;
        }
        if (!out.records.isEmpty()) {
            out.records += ',';
        }
        out.records += '"' + kKeys[k].second + "\":[" + lists[k].join(',') + ']';
    }
    if (count) {
        auto n = m_store.countSince(out.page.cursor);
        if (!n) {
            return n.error();
        }
        out.remaining = *n;
    }
    return out;
}
} // namespace lounge::central
