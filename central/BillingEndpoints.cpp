#include "BillingEndpoints.h"

#include "BillingReport.h"
#include "StrictJson.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUrlQuery>

namespace lounge::central {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

using Reply = CentralServer::Reply;
using Call = CentralServer::Call;
using Method = QHttpServerRequest::Method;

constexpr int kDefaultLimit = 100;
constexpr int kMaxLimit = 1000;

QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Reply invalid(const QString& reason)
{
    return Reply::fromError(makeError(ErrorCode::InvalidArgument, reason));
}

/// The list convention: filters, limit (default 100, max 1000) and an opaque cursor (base64url of the last item's
/// sort key as a JSON array of strings). Unknown parameters are refused like unknown JSON fields.
struct ListQuery
{
    QMap<QString, QString> filters;
    int limit = kDefaultLimit;
    QStringList after; ///< the sort key of the last item already seen; empty = from the start

    static Result<ListQuery> parse(const QHttpServerRequest& request, const QStringList& filterNames, int keySize,
                                   bool paged = true)
    {
        ListQuery q;
        const QUrlQuery query(request.url());
        QSet<QString> seen;
        for (const auto& [key, value] : query.queryItems(QUrl::FullyDecoded)) {
            if (seen.contains(key)) {
                return makeError(ErrorCode::InvalidArgument, key + QStringLiteral(": given twice"));
            }
            seen.insert(key);
            if (filterNames.contains(key)) {
                q.filters.insert(key, value);
            } else if (paged && key == QLatin1String("limit")) {
                bool ok = false;
                q.limit = value.toInt(&ok);
                if (!ok || q.limit < 1 || q.limit > kMaxLimit) {
                    return makeError(ErrorCode::InvalidArgument, QStringLiteral("limit: 1 to %1").arg(kMaxLimit));
                }
            } else if (paged && key == QLatin1String("cursor")) {
                const QByteArray raw = QByteArray::fromBase64(
                    value.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
                const QJsonArray a = QJsonDocument::fromJson(raw).array();
                for (const auto& v : a) {
                    q.after << v.toString();
                }
                if (a.size() != keySize || q.after.size() != keySize || !a.first().isString()) {
                    return makeError(ErrorCode::InvalidArgument, QStringLiteral("cursor: not one this list gave"));
                }
            } else {
                return makeError(ErrorCode::InvalidArgument, key + QStringLiteral(": unknown parameter"));
            }
        }
        return q;
    }
    QString filter(const char* name) const { return filters.value(QLatin1String(name)); }
};

QJsonValue cursorOf(const QStringList& key)
{
    return QString::fromLatin1(QJsonDocument(QJsonArray::fromStringList(key))
                                   .toJson(QJsonDocument::Compact)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Reply putRate(BillingService& billing, const Call& c)
{
    auto body = protocol::parseStrictObject(c.request.body());
    if (!body) {
        return invalid(body.error().detail);
    }
    for (auto it = body->begin(); it != body->end(); ++it) {
        if (it.key() != QLatin1String("perVisitMinor") && it.key() != QLatin1String("perGuestMinor")
            && it.key() != QLatin1String("currency")) {
            return invalid(it.key() + QStringLiteral(": unknown field"));
        }
    }
    BillingRate rate;
    rate.program = c.arg(0);
    rate.resource = c.arg(1);
    rate.fromMonth = c.arg(2);
    for (const char* key : {"perVisitMinor", "perGuestMinor"}) {
        const QJsonValue v = body->value(QLatin1String(key));
        // Money is integer minor units on the wire, never a fraction.
        if (!v.isDouble() || v.toDouble() != double(qint64(v.toDouble()))) {
            return invalid(QLatin1String(key) + QStringLiteral(": expected an integer (minor units)"));
        }
    }
    if (!body->value("currency").isString()) {
        return invalid(QStringLiteral("currency: expected an ISO 4217 code"));
    }
    rate.perVisitMinor = qint64(body->value("perVisitMinor").toDouble());
    rate.perGuestMinor = qint64(body->value("perGuestMinor").toDouble());
    rate.currency = body->value("currency").toString();
    auto stored = billing.setRate(rate);
    if (!stored) {
        return Reply::fromError(stored.error());
    }
    return {200, json({{"rate", BillingService::toJson(*stored)}})};
}

Reply listRates(BillingService& billing, const Call& c)
{
    auto q = ListQuery::parse(c.request, {QStringLiteral("program"), QStringLiteral("resource")}, 3);
    if (!q) {
        return Reply::fromError(q.error());
    }
    auto list = billing.rates(q->filter("program"), q->filter("resource"), q->after, q->limit + 1);
    if (!list) {
        return Reply::fromError(list.error());
    }
    QJsonArray items;
    for (int i = 0; i < list->size() && i < q->limit; ++i) {
        items << BillingService::toJson(list->at(i));
    }
    QJsonValue next = QJsonValue::Null;
    if (list->size() > q->limit) {
        const BillingRate& last = list->at(q->limit - 1);
        next = cursorOf({last.program, last.resource, last.fromMonth});
    }
    return {200, json({{"items", items}, {"next_cursor", next}})};
}

Result<QList<QJsonObject>> statementsFor(BillingService& billing, const ListQuery& q)
{
    const QString month = q.filter("month");
    if (month.isEmpty()) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("month: required (YYYY-MM)"));
    }
    return billing.statements(month, q.filter("program"), q.filter("resource"));
}

const QStringList kStatementFilters {QStringLiteral("month"), QStringLiteral("program"), QStringLiteral("resource")};

Reply listStatements(BillingService& billing, const Call& c)
{
    auto q = ListQuery::parse(c.request, kStatementFilters, 2);
    if (!q) {
        return Reply::fromError(q.error());
    }
    auto list = statementsFor(billing, *q);
    if (!list) {
        return Reply::fromError(list.error());
    }
    // (program, resource) order; keyset: the first item after the cursor's key.
    QJsonArray items;
    QJsonValue next = QJsonValue::Null;
    for (const auto& s : *list) {
        const QStringList key {s.value("program").toString(), s.value("resource").toString()};
        if (!q->after.isEmpty() && !(key > q->after)) {
            continue;
        }
        if (items.size() == q->limit) {
            const QJsonObject last = items.last().toObject();
            next = cursorOf({last.value("program").toString(), last.value("resource").toString()});
            break;
        }
        items << s;
    }
    return {200, json({{"items", items}, {"next_cursor", next}})};
}

Reply statementsCsv(BillingService& billing, const Call& c)
{
    auto q = ListQuery::parse(c.request, kStatementFilters, 2, false);
    if (!q) {
        return Reply::fromError(q.error());
    }
    auto list = statementsFor(billing, *q);
    if (!list) {
        return Reply::fromError(list.error());
    }
    return {200, BillingReport::csv(*list), "text/csv; charset=utf-8"};
}

Reply closeMonth(BillingService& billing, const Call& c)
{
    auto body = protocol::parseStrictObject(c.request.body());
    if (!body) {
        return invalid(body.error().detail);
    }
    for (auto it = body->begin(); it != body->end(); ++it) {
        if (it.key() != QLatin1String("month") && it.key() != QLatin1String("resource")) {
            return invalid(it.key() + QStringLiteral(": unknown field"));
        }
    }
    if (!body->value("month").isString()
        || (body->contains(QLatin1String("resource")) && !body->value("resource").isString())) {
        return invalid(QStringLiteral("month (YYYY-MM) required; resource optional, a string"));
    }
    const QString month = body->value("month").toString();
    auto closed = billing.close(month, body->value("resource").toString());
    if (!closed) {
        return Reply::fromError(closed.error());
    }
    QJsonArray list;
    for (const auto& x : *closed) {
        list << QJsonObject {{"resource", x.resource}, {"alreadyClosed", x.alreadyClosed}};
    }
    return {200, json({{"month", month}, {"closed", list}})};
}

} // namespace

void BillingEndpoints::addRoutes(CentralServer::Routes& routes, BillingService& billing)
{
    const auto add = [&routes](QHttpServerRequest::Methods methods, const char* pattern, CentralServer::Handler h) {
        routes.add(methods, QStringLiteral("/v1/issuer/") + QLatin1String(pattern), RouteAuth::Issuer, std::move(h));
    };
    BillingService* b = &billing;
    add(Method::Put, "rates/{program}/{resource}/{month}", [b](const Call& c) { return putRate(*b, c); });
    add(Method::Get, "rates/{program}/{resource}/{month}", [b](const Call& c) -> Reply {
        auto r = b->rate(c.arg(0), c.arg(1), c.arg(2));
        if (!r) {
            return Reply::fromError(r.error());
        }
        return {200, json({{"rate", BillingService::toJson(*r)}})};
    });
    add(Method::Get, "rates", [b](const Call& c) { return listRates(*b, c); });
    add(Method::Get, "statements", [b](const Call& c) { return listStatements(*b, c); });
    add(Method::Get, "statements.csv", [b](const Call& c) { return statementsCsv(*b, c); });
    add(Method::Post, "statements/close", [b](const Call& c) { return closeMonth(*b, c); });
}

} // namespace lounge::central
