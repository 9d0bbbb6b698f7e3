#pragma once

// JSON forms of the domain values: the store's JSON columns and the central wire format share them, so the
// kiosk and the reference central service can never disagree on a field name.

#include "Domain.h"
#include "Result.h"
#include "Validator.h"

#include <QJsonArray>
#include <QJsonObject>

namespace lounge::core {
struct ChangePage;
}

namespace lounge::core::json {

QJsonObject toJson(const Allowance& a);
QJsonObject toJson(const Scope& s);
QJsonObject toJson(const Entitlement& e);
QJsonObject toJson(const Program& p);
QJsonObject toJson(const EntitlementOverride& o);
QJsonObject toJson(const Membership& m);
QJsonObject toJson(const EPass& e);
QJsonObject toJson(const Resource& r);
QJsonObject toJson(const Booking& b);
QJsonObject toJson(const PoolUse& u);
QJsonObject toJson(const UsageCounter& u);
QJsonObject toJson(const FlightRecord& f); ///< a visit's boarding-pass leg (issue 14 §3)
/// The journal body the hash chain covers: a visit's flights without their PNR and seat (local fields, uploaded only
/// where the lounge enables it, as extra unhashed "pnr"/"seat" in each flight object, which redemptionFromJson reads).
QJsonObject toJson(const Redemption& r);
QJsonObject toJson(const Decision& d); ///< for CLI --json and the central online-redeem reply
QJsonObject toJson(const PoolBalance& b);
QJsonArray toJson(const QList<Entitlement>& list);
QJsonArray toJson(const QList<EntitlementOverride>& list);
QJsonArray toJson(const QList<TierAssignment>& list);
QJsonArray toJson(const QList<PoolUse>& list);
/// The changes-feed page (central's wire format). New record kinds are added here and in changePageFromJson.
QJsonObject toJson(const ChangePage& page);

/// Parsers are strict: a wrong type or a missing required field is an InvalidArgument error naming the field.
Result<Allowance> allowanceFromJson(const QJsonValue& v);
Result<Scope> scopeFromJson(const QJsonValue& v);
Result<Entitlement> entitlementFromJson(const QJsonValue& v);
Result<QList<Entitlement>> entitlementsFromJson(const QJsonValue& v);
Result<Program> programFromJson(const QJsonValue& v);
Result<EntitlementOverride> overrideFromJson(const QJsonValue& v);
Result<QList<EntitlementOverride>> overridesFromJson(const QJsonValue& v);
Result<QList<TierAssignment>> tiersFromJson(const QJsonValue& v);
Result<Membership> membershipFromJson(const QJsonValue& v);
Result<EPass> ePassFromJson(const QJsonValue& v);
Result<Resource> resourceFromJson(const QJsonValue& v);
Result<Booking> bookingFromJson(const QJsonValue& v);
/// "HH:MM" (local time of a booking window)
QString timeToString(const QTime& t);
Result<PoolUse> poolUseFromJson(const QJsonValue& v);
Result<QList<PoolUse>> poolUsesFromJson(const QJsonValue& v);
Result<UsageCounter> usageCounterFromJson(const QJsonValue& v);
/// Strict: codes upper case (carrier 2-3 letters/digits, airports 3 letters, compartment 1 letter), legKey 32 bytes
/// in unpadded base64url.
Result<FlightRecord> flightRecordFromJson(const QJsonValue& v);
Result<Redemption> redemptionFromJson(const QJsonValue& v);
/// Lenient about unknown top-level keys (a newer central may send more), strict about the known ones.
Result<ChangePage> changePageFromJson(const QJsonValue& v);

QString dateToString(const QDate& d);
/// QDate::fromString(s, Qt::ISODate), with a quick path for the plain "YYYY-MM-DD" every stored date is.
QDate dateFromString(QStringView s);
QString dateTimeToString(const QDateTime& dt); ///< ISO 8601 UTC with milliseconds, "Z"

} // namespace lounge::core::json
