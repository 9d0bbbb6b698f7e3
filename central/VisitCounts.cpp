#include "VisitCounts.h"

#include "Json.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>
#include <QUrlQuery>

#include <array>

namespace lounge::central {

using core::ErrorCode;
using core::makeError;

namespace {

using Reply = CentralServer::Reply;
using Call = CentralServer::Call;

Reply invalid(const QString& reason)
{
    return Reply::fromError(makeError(ErrorCode::InvalidArgument, reason));
}

struct Day
{
    qint64 visits = 0;
    qint64 people = 0;
    qint64 paidEntries = 0;
};

} // namespace

void VisitCounts::addRoutes(CentralServer::Routes& routes, CentralService& service)
{
    routes.add(QHttpServerRequest::Method::Get, QStringLiteral("/v1/issuer/resources/{id}/visit-counts"),
               RouteAuth::Issuer, [&service](const Call& c) -> Reply {
                   const QUrlQuery query(c.request.url());
                   for (const auto& [key, value] : query.queryItems()) {
                       if (key != QLatin1String("month") || query.allQueryItemValues(key).size() > 1) {
                           return invalid(key + QStringLiteral(": unknown or repeated query key"));
                       }
                   }
                   static const QRegularExpression monthPattern(QStringLiteral("^(2[0-9]{3})-(0[1-9]|1[0-2])$"));
                   const auto m = monthPattern.match(query.queryItemValue(QStringLiteral("month")));
                   if (!m.hasMatch()) {
                       return invalid(QStringLiteral("month: expected YYYY-MM"));
                   }
                   auto resource = service.queries().resource(c.arg(0));
                   if (!resource) {
                       return Reply::fromError(resource.error());
                   }
                   const QTimeZone zone(resource->timeZone.toUtf8());
                   if (!zone.isValid()) {
                       return Reply::fromError(makeError(
                           ErrorCode::Internal, QStringLiteral("resource time zone %1").arg(resource->timeZone)));
                   }
                   const QDate first(m.captured(1).toInt(), m.captured(2).toInt(), 1);
                   const QDateTime from = first.startOfDay(zone);
                   const QDateTime to = first.addMonths(1).startOfDay(zone);
                   auto visits = service.store().billingVisits(resource->id, from.toMSecsSinceEpoch(),
                                                               to.toMSecsSinceEpoch(), false);
                   if (!visits) {
                       return Reply::fromError(visits.error());
                   }
                   QList<Day> days(first.daysInMonth());
                   std::array<qint64, 24> hours {};
                   for (const BillingVisit& v : *visits) {
                       if (v.voided) {
                           continue;
                       }
                       const QDateTime local = QDateTime::fromMSecsSinceEpoch(v.atMs, zone);
                       const int day = local.date().day() - 1;
                       if (local.date().month() != first.month() || day < 0 || day >= days.size()) {
                           continue; // outside the month's local bounds (cannot happen with the store's range)
                       }
                       if (v.paid) {
                           ++days[day].paidEntries;
                           continue;
                       }
                       ++days[day].visits;
                       days[day].people += v.partySize;
                       ++hours[size_t(local.time().hour())];
                   }
                   QJsonArray dayList;
                   for (int i = 0; i < days.size(); ++i) {
                       dayList.append(QJsonObject {{"date", core::json::dateToString(first.addDays(i))},
                                                   {"visits", double(days[i].visits)},
                                                   {"people", double(days[i].people)},
                                                   {"paidEntries", double(days[i].paidEntries)}});
                   }
                   QJsonArray hourList;
                   for (size_t h = 0; h < hours.size(); ++h) {
                       hourList.append(double(hours[h]));
                   }
                   const QJsonObject out {{"resource", resource->id},
                                          {"month", m.captured(0)},
                                          {"timeZone", resource->timeZone},
                                          {"from", core::json::dateTimeToString(from.toUTC())},
                                          {"to", core::json::dateTimeToString(to.toUTC())},
                                          {"days", dayList},
                                          {"hours", hourList}};
                   return {200, QJsonDocument(out).toJson(QJsonDocument::Compact)};
               });
}

} // namespace lounge::central
