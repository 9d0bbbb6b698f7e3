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
    // One read of one snapshot (issue 12 §3): the terminal's resource, the page of records that can concern it and
    // the head. Central-only records and other modules' records stay in the database.
    auto scan = m_store.feedScan(terminal.resourceId, cursor, limit, count);
    if (!scan) {
        return scan.error();
    }
    Result<std::optional<core::Resource>> resource = std::optional<core::Resource>();
    if (scan->resource && !scan->resource->deleted) {
        auto parsed = core::json::resourceFromJson(QJsonDocument::fromJson(scan->resource->body).object());
        if (!parsed) {
            return core::makeError(core::ErrorCode::Corrupt, QStringLiteral("resource ") + terminal.resourceId);
        }
        resource = std::optional<core::Resource>(std::move(parsed).value());
    }
    const QList<ChangeRecord>* rows = &scan->rows;
    FeedPage out;
    out.more = rows->size() == limit;
    // A full page ends at its last record; otherwise the scan covered everything up to the snapshot's head (what it
    // left out can never concern this terminal), so the cursor moves there and the next empty poll finds nothing.
    out.page.cursor = out.more ? rows->last().seq : std::max(cursor, scan->head);
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
        out.remaining = std::max<qint64>(0, scan->remaining);
    }
    return out;
}
} // namespace lounge::central
