#include "IssuerQueryEndpoints.h"

#include "CredentialCode.h"
#include "InputRules.h"
#include "IssuerJson.h"
#include "Json.h"
#include "StrictJson.h"

#include <QCryptographicHash>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

namespace lounge::central {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

using Reply = CentralServer::Reply;
using Call = CentralServer::Call;
using Method = QHttpServerRequest::Method;

QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Reply error(const core::Error& e)
{
    return Reply::fromError(e);
}

Reply invalid(const QString& reason)
{
    return error(makeError(ErrorCode::InvalidArgument, reason));
}

QJsonValue timeOrNull(const std::optional<QDateTime>& t)
{
    return t ? QJsonValue(core::json::dateTimeToString(*t)) : QJsonValue();
}

template<typename T> QJsonValue numberOrNull(const std::optional<T>& n)
{
    return n ? QJsonValue(double(*n)) : QJsonValue();
}

/// A list request: its filters (each at most once, none unknown) and its page.
struct ListRequest
{
    QUrlQuery query;
    pagination::PageRequest page;
    QString value(const char* key) const { return query.queryItemValue(QLatin1String(key), QUrl::FullyDecoded); }
    bool has(const char* key) const { return query.hasQueryItem(QLatin1String(key)); }
};

Result<ListRequest> listRequest(const Call& c, const QStringList& filters, int keyParts = 1)
{
    ListRequest r;
    r.query = QUrlQuery(c.request.url());
    auto page = pagination::parse(r.query, filters, keyParts);
    if (!page) {
        return page.error();
    }
    r.page = *page;
    return r;
}

/// An id-like filter value (program, module, airport, resource): what rules::checkId accepts.
Result<QString> idFilter(const ListRequest& r, const char* key)
{
    if (!r.has(key)) {
        return QString();
    }
    const QString v = r.value(key);
    if (auto x = rules::checkId(QLatin1String(key), v); !x) {
        return x.error();
    }
    return v;
}

Result<QString> namePrefixFilter(const ListRequest& r)
{
    if (!r.has("name")) {
        return QString();
    }
    const QString v = r.value("name");
    if (auto x = rules::checkName(QStringLiteral("name"), v, 100); !x) {
        return x.error();
    }
    return v;
}

template<typename T, typename ToJson> Reply pageReply(const Result<Page<T>>& page, ToJson&& toJson)
{
    if (!page) {
        return error(page.error());
    }
    QJsonArray items;
    for (const T& item : page->items) {
        items.append(toJson(item));
    }
    return {200, json(pagination::page(items, page->nextCursor))};
}

QJsonObject correctionJson(const MembershipCorrection& c)
{
    return {{"id", c.id},
            {"membership", c.membershipId},
            {"at", core::json::dateTimeToString(c.at)},
            {"actor", c.actor},
            {"field", c.field},
            {"old", c.oldValue},
            {"new", c.newValue}};
}

QJsonObject visitJson(const StoredRedemption& s)
{
    QJsonObject o = issuerjson::stored(s);
    o.insert("voided", !s.record.voidedBy.isNull());
    o.insert("flagged", s.status == StoredRedemption::Status::Conflict);
    return o;
}

QJsonObject entitlementsJson(const EffectiveEntitlements& e)
{
    QJsonArray list;
    for (const auto& ent : e.entitlements) {
        QJsonObject o = core::json::toJson(ent.entitlement);
        o.insert("source", ent.overridden ? QStringLiteral("override") : QStringLiteral("program"));
        o.insert("inForce", ent.inForce);
        QJsonArray balances;
        for (const auto& b : ent.balances) {
            QJsonObject x {
                {"pool", core::toString(b.pool)}, {"period", b.period}, {"unlimited", b.unlimited}, {"used", b.used}};
            if (b.unlimited) {
                x.insert("allowance", QJsonValue());
                x.insert("remaining", QJsonValue());
            } else {
                x.insert("allowance", b.allowance);
                x.insert("remaining", std::max(0, b.allowance - b.used));
            }
            balances.append(x);
        }
        o.insert("balances", balances);
        list.append(o);
    }
    return {{"membership", e.membershipId},
            {"program", e.programId},
            {"clock", QStringLiteral("central")},
            {"now", core::json::dateTimeToString(e.now)},
            {"timeZone", e.timeZone},
            {"date", core::json::dateToString(e.date)},
            {"entitlements", list},
            {"removed", QJsonArray::fromStringList(e.removed)}};
}

} // namespace

QJsonObject IssuerQueryEndpoints::terminalJson(const FleetEntry& e, const QDateTime& now)
{
    const TerminalStatus& t = e.status;
    const QDateTime lastHeard = t.lastContact.value_or(t.terminal.enrolledAt);
    const QString chain = e.journalBreaks > 0 ? QStringLiteral("broken")
        : e.chainChecked                      ? QStringLiteral("ok")
                                              : QStringLiteral("unknown");
    return {{"id", t.terminal.id},
            {"resource", t.terminal.resourceId},
            {"enrolledAt", core::json::dateTimeToString(t.terminal.enrolledAt)},
            {"lastContact", timeOrNull(t.lastContact)},
            {"silentSeconds", double(std::max<qint64>(0, lastHeard.secsTo(now)))},
            {"stale", e.stale},
            {"version", t.version ? QJsonValue(*t.version) : QJsonValue()},
            {"pendingUploads", numberOrNull(t.pendingUploads)},
            {"clockOffsetMs", numberOrNull(t.clockOffsetMs)},
            {"reportedAt", timeOrNull(t.reportedAt)},
            {"journal",
             QJsonObject {{"state", chain}, {"headSeq", numberOrNull(e.journalHeadSeq)}, {"breaks", e.journalBreaks}}},
            {"flaggedVisits", double(t.flaggedVisits)}};
}

QString IssuerQueryEndpoints::issuerActor(const QByteArray& issuerKey)
{
    return QStringLiteral("issuer-key:")
        + QString::fromLatin1(QCryptographicHash::hash(issuerKey, QCryptographicHash::Sha256).toHex().left(8));
}

void IssuerQueryEndpoints::addRoutes(CentralServer::Routes& routes, CentralService& service, const QString& issuerActor)
{
    const auto add = [&routes](const QString& pattern, CentralServer::Handler handler, Method method = Method::Get) {
        routes.add(method, QStringLiteral("/v1/issuer/") + pattern, RouteAuth::Issuer, std::move(handler));
    };
    CentralService* s = &service;

    add(QStringLiteral("memberships"), [s](const Call& c) -> Reply {
        auto r = listRequest(
            c, {QStringLiteral("number"), QStringLiteral("name"), QStringLiteral("status"), QStringLiteral("program")});
        if (!r) {
            return error(r.error());
        }
        MembershipFilter f;
        if (r->has("number")) {
            f.number = r->value("number");
            if (!core::CredentialCode::looksLikeMembershipNumber(f.number)) {
                return invalid(QStringLiteral("number: expected 8 to 19 digits"));
            }
        }
        if (r->has("status")) {
            f.status = core::membershipStatusFromString(r->value("status"));
            if (!f.status) {
                return invalid(QStringLiteral("status: expected PENDING, ACTIVE, SUSPENDED, EXPIRED or CANCELLED"));
            }
        }
        auto name = namePrefixFilter(*r);
        auto program = idFilter(*r, "program");
        for (const auto* x : {&name, &program}) {
            if (!*x) {
                return error(x->error());
            }
        }
        f.namePrefix = *name;
        f.program = *program;
        return pageReply(s->queries().memberships(f, r->page), issuerjson::membership);
    });
    add(QStringLiteral("epasses"), [s](const Call& c) -> Reply {
        auto r = listRequest(c, {QStringLiteral("name"), QStringLiteral("status"), QStringLiteral("module")});
        if (!r) {
            return error(r.error());
        }
        EPassFilter f;
        if (r->has("status")) {
            f.status = core::ePassStatusFromString(r->value("status"));
            if (!f.status) {
                return invalid(QStringLiteral("status: expected ACTIVE or REVOKED"));
            }
        }
        auto name = namePrefixFilter(*r);
        auto module = idFilter(*r, "module");
        for (const auto* x : {&name, &module}) {
            if (!*x) {
                return error(x->error());
            }
        }
        f.namePrefix = *name;
        f.module = *module;
        return pageReply(s->queries().ePasses(f, r->page), issuerjson::ePass);
    });
    add(QStringLiteral("programs"), [s](const Call& c) -> Reply {
        auto r = listRequest(c, {});
        if (!r) {
            return error(r.error());
        }
        return pageReply(s->queries().programs(r->page), [](const core::Program& p) { return core::json::toJson(p); });
    });
    add(QStringLiteral("resources"), [s](const Call& c) -> Reply {
        auto r = listRequest(c, {QStringLiteral("module"), QStringLiteral("airport")});
        if (!r) {
            return error(r.error());
        }
        auto module = idFilter(*r, "module");
        auto airport = idFilter(*r, "airport");
        for (const auto* x : {&module, &airport}) {
            if (!*x) {
                return error(x->error());
            }
        }
        return pageReply(s->queries().resources({*module, *airport}, r->page),
                         [](const core::Resource& x) { return core::json::toJson(x); });
    });
    add(QStringLiteral("resources/{id}"), [s](const Call& c) -> Reply {
        auto r = s->queries().resource(c.arg(0));
        if (!r) {
            return error(r.error());
        }
        return {200, json({{"resource", core::json::toJson(*r)}})};
    });

    // ---- fleet status
    add(QStringLiteral("terminals"), [s](const Call& c) -> Reply {
        auto r = listRequest(c, {QStringLiteral("stale"), QStringLiteral("resource")});
        if (!r) {
            return error(r.error());
        }
        FleetFilter f;
        if (r->has("stale")) {
            const QString v = r->value("stale");
            if (v != QLatin1String("true") && v != QLatin1String("false")) {
                return invalid(QStringLiteral("stale: expected true or false"));
            }
            f.stale = v == QLatin1String("true");
        }
        auto resource = idFilter(*r, "resource");
        if (!resource) {
            return error(resource.error());
        }
        f.resourceId = *resource;
        const QDateTime now = s->clock().now();
        return pageReply(s->fleet().terminals(f, r->page),
                         [&now](const FleetEntry& e) { return IssuerQueryEndpoints::terminalJson(e, now); });
    });

    // ---- memberships: corrections (audited), their audit, effective entitlements
    add(
        QStringLiteral("memberships/{id}"),
        [s, issuerActor](const Call& c) -> Reply {
            auto o = protocol::parseStrictObject(c.request.body());
            if (!o) {
                return error(o.error());
            }
            std::optional<QString> holderName;
            std::optional<QString> number;
            for (auto it = o->begin(); it != o->end(); ++it) {
                if (it.key() != QLatin1String("holderName") && it.key() != QLatin1String("number")) {
                    return invalid(it.key()
                                   + QStringLiteral(": unknown field (holderName and number can be "
                                                    "corrected here)"));
                }
                if (!it.value().isString()) {
                    return invalid(it.key() + QStringLiteral(": expected a string"));
                }
                (it.key() == QLatin1String("number") ? number : holderName) = it.value().toString();
            }
            // The audit names the person: the console's operator, else the issuer key (its fingerprint).
            auto m = s->issuer().correctMembership(c.arg(0), holderName, number,
                                                   c.actor.isEmpty() ? issuerActor : c.actor);
            if (!m) {
                return error(m.error());
            }
            return {200, json({{"membership", issuerjson::membership(*m)}})};
        },
        Method::Patch);
    add(QStringLiteral("memberships/{id}/corrections"), [s](const Call& c) -> Reply {
        auto r = listRequest(c, {}, 2);
        if (!r) {
            return error(r.error());
        }
        return pageReply(s->queries().corrections(c.arg(0), r->page), correctionJson);
    });
    add(QStringLiteral("memberships/{id}/entitlements"), [s](const Call& c) -> Reply {
        const QUrlQuery query(c.request.url());
        if (auto k = pagination::checkQueryKeys(query, {QStringLiteral("resource")}); !k) {
            return error(k.error());
        }
        if (query.hasQueryItem(QStringLiteral("limit")) || query.hasQueryItem(QStringLiteral("cursor"))) {
            return invalid(QStringLiteral("entitlements are one object, not a list: no limit or cursor"));
        }
        const QString resource = query.queryItemValue(QStringLiteral("resource"), QUrl::FullyDecoded);
        if (query.hasQueryItem(QStringLiteral("resource"))) {
            if (auto x = rules::checkId(QStringLiteral("resource"), resource); !x) {
                return error(x.error());
            }
        }
        auto e = s->queries().entitlements(c.arg(0), resource);
        if (!e) {
            return error(e.error());
        }
        return {200, json(entitlementsJson(*e))};
    });

    // ---- usage records of either kind of credential, newest first
    for (const auto& [collection, kind] : {std::pair {"memberships", core::CredentialKind::Membership},
                                           std::pair {"epasses", core::CredentialKind::EPass}}) {
        add(QLatin1String(collection) + QLatin1String("/{id}/visits"), [s, kind = kind](const Call& c) -> Reply {
            auto r = listRequest(c, {}, 2);
            if (!r) {
                return error(r.error());
            }
            return pageReply(s->queries().visits(core::CredentialRef {kind, c.arg(0)}, r->page), visitJson);
        });
    }
}

} // namespace lounge::central
