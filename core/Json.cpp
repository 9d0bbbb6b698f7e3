#include "Json.h"

#include "SecurityJson.h"
#include "Store.h"

#include <QJsonDocument>

#include <algorithm>
#include <cmath>
#include <optional>
#include <type_traits>
#include <utility>

namespace lounge::core::json {
namespace {

Error fieldError(const QString& field, const char* what)
{
    return makeError(ErrorCode::InvalidArgument, field + QLatin1String(": ") + QLatin1String(what));
}

template<typename T, typename F> Result<QList<T>> listFromJson(const QJsonValue& v, F&& parseOne)
{
    QList<T> out;
    if (v.isUndefined() || v.isNull()) {
        return out;
    }
    if (!v.isArray()) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("expected an array"));
    }
    const QJsonArray array = v.toArray();
    int i = 0;
    for (const auto& item : array) {
        auto r = parseOne(item);
        if (!r) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("[%1].").arg(i) + r.error().detail);
        }
        out.append(std::move(r).value());
        ++i;
    }
    return out;
}

class Reader
{
public:
    explicit Reader(const QJsonValue& v, QString context)
        : m_obj(v.toObject())
        , m_ok(v.isObject())
        , m_context(std::move(context))
    {
        if (!m_ok) {
            m_error = fieldError(m_context, "expected an object");
        }
    }

    bool ok() const { return m_ok; }
    const Error& error() const { return m_error; }
    const QJsonObject& object() const { return m_obj; }

    QString string(const char* key, bool required = true)
    {
        const QJsonValue v = m_obj.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            if (required) {
                fail(key, "missing");
            }
            return {};
        }
        if (!v.isString()) {
            fail(key, "expected a string");
            return {};
        }
        return v.toString();
    }
    int integer(const char* key, bool required = true, int fallback = 0)
    {
        const QJsonValue v = m_obj.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            if (required) {
                fail(key, "missing");
            }
            return fallback;
        }
        const double d = v.toDouble(-1.5);
        // Range first: converting a double outside qint64 to an integer is undefined (found by fuzz_central_request).
        if (!v.isDouble() || !(d >= -2147483648.0 && d <= 2147483647.0) || d != std::trunc(d)) {
            fail(key, "expected an integer");
            return fallback;
        }
        return int(d);
    }
    std::optional<qint64> int64(const char* key)
    {
        const QJsonValue v = m_obj.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            return std::nullopt;
        }
        const double d = v.toDouble();
        if (!v.isDouble() || !(d >= -9007199254740992.0 && d <= 9007199254740992.0) || d != std::trunc(d)) {
            fail(key, "expected an integer");
            return std::nullopt;
        }
        return qint64(d);
    }
    bool boolean(const char* key, bool fallback = false)
    {
        const QJsonValue v = m_obj.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            return fallback;
        }
        if (!v.isBool()) {
            fail(key, "expected true or false");
            return fallback;
        }
        return v.toBool();
    }
    QDate date(const char* key, bool required = true)
    {
        const QString s = string(key, required);
        if (s.isEmpty()) {
            return {};
        }
        const QDate d = dateFromString(s);
        if (!d.isValid()) {
            fail(key, "expected a date YYYY-MM-DD");
        }
        return d;
    }
    QDateTime dateTime(const char* key, bool required = true)
    {
        const QString s = string(key, required);
        if (s.isEmpty()) {
            return {};
        }
        QDateTime dt = QDateTime::fromString(s, Qt::ISODateWithMs);
        if (!dt.isValid()) {
            fail(key, "expected an ISO 8601 time");
        }
        return dt.toUTC();
    }
    QStringList strings(const char* key)
    {
        const QJsonValue v = m_obj.value(QLatin1String(key));
        QStringList out;
        if (v.isUndefined() || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            fail(key, "expected an array of strings");
            return out;
        }
        for (const auto& item : v.toArray()) {
            if (!item.isString()) {
                fail(key, "expected an array of strings");
                return {};
            }
            out << item.toString();
        }
        return out;
    }
    /// A string field converted by `parse` (QString → std::optional<T>). A value `parse` refuses fails with `what`,
    /// as does a missing required field; an absent or empty optional field gives `fallback`.
    template<typename Parse, typename T = std::remove_cvref_t<decltype(*std::declval<Parse&>()(QString()))>>
    T parsed(const char* key, Parse&& parse, const char* what, bool required = true, T fallback = T())
    {
        const QString s = string(key, required);
        if (!required && s.isEmpty()) {
            return fallback;
        }
        if (auto v = parse(s)) {
            return *v;
        }
        fail(key, what);
        return fallback;
    }
    /// An optional hex string field as bytes (code hashes, journal hashes).
    QByteArray hex(const char* key) { return QByteArray::fromHex(string(key, false).toLatin1()); }
    QJsonValue value(const char* key) const { return m_obj.value(QLatin1String(key)); }
    /// A nested value parsed with `parse`; its refusal is reported as "key.<detail>".
    template<typename Parse> auto nested(const char* key, Parse&& parse) { return take(key, parse(value(key))); }
    /// An optional array field, each element parsed with `parse`.
    template<typename T> QList<T> list(const char* key, Result<T> (*parse)(const QJsonValue&))
    {
        return take(key, listFromJson<T>(value(key), parse));
    }
    template<typename T> T take(const char* key, Result<T> r)
    {
        if (!r) {
            if (m_ok) {
                m_ok = false;
                m_error
                    = makeError(ErrorCode::InvalidArgument, QLatin1String(key) + QLatin1String(".") + r.error().detail);
            }
            return T {};
        }
        return std::move(r).value();
    }
    void fail(const char* key, const char* what)
    {
        if (m_ok) {
            m_ok = false;
            m_error = fieldError(QLatin1String(key), what);
        }
    }
    /// Strict mode for requests: every key must be known.
    void rejectUnknown(std::initializer_list<const char*> known)
    {
        for (auto it = m_obj.begin(); it != m_obj.end(); ++it) {
            bool found = false;
            for (const char* k : known) {
                found |= it.key() == QLatin1String(k);
            }
            if (!found && m_ok) {
                m_ok = false;
                m_error = makeError(ErrorCode::InvalidArgument, it.key() + QLatin1String(": unknown field"));
            }
        }
    }

private:
    QJsonObject m_obj;
    bool m_ok;
    Error m_error;
    QString m_context;
};

/// Parses one JSON object into a T: `fill(reader, out)` reads the fields; the first refusal is the result.
template<typename T, typename Fill> Result<T> parseObject(const QJsonValue& v, const char* context, Fill&& fill)
{
    Reader r(v, QString::fromLatin1(context));
    if (!r.ok()) {
        return r.error();
    }
    T out;
    fill(r, out);
    if (!r.ok()) {
        return r.error();
    }
    return out;
}

template<typename List> QJsonArray arrayOf(const List& list)
{
    QJsonArray a;
    for (const auto& item : list) {
        a.append(toJson(item));
    }
    return a;
}

QJsonValue optionalDate(const std::optional<QDate>& d)
{
    return d ? QJsonValue(dateToString(*d)) : QJsonValue();
}

bool isUpperAlnum(QChar c)
{
    return (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
}

/// `min`–`max` characters, each an upper-case letter (or, with `digits`, a digit too).
bool isCode(const QString& s, int min, int max, bool digits)
{
    if (s.size() < min || s.size() > max) {
        return false;
    }
    return std::all_of(s.cbegin(), s.cend(), [&](QChar c) {
        return digits ? isUpperAlnum(c) : (c >= QLatin1Char('A') && c <= QLatin1Char('Z'));
    });
}

bool isCompartment(const QString& s)
{
    return isCode(s, 1, 1, false);
}

bool isCarrier(const QString& s)
{
    return isCode(s, 2, 3, true);
}

bool isAirport(const QString& s)
{
    return isCode(s, 3, 3, false);
}

QString base64Url(const QByteArray& bytes)
{
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QJsonObject travelToJson(const TravelRestrictions& t)
{
    QJsonObject o;
    if (!t.compartments.isEmpty()) {
        o.insert("compartments", QJsonArray::fromStringList(t.compartments));
    }
    if (!t.carriers.isEmpty()) {
        o.insert("carriers", QJsonArray::fromStringList(t.carriers));
    }
    return o;
}

/// Program and E-pass "travel": absent or null = any; each list optional; upper-case codes only.
TravelRestrictions travelFromJson(Reader& r)
{
    TravelRestrictions t;
    const QJsonValue travel = r.value("travel");
    if (travel.isUndefined() || travel.isNull()) {
        return t;
    }
    Reader tr(travel, QStringLiteral("travel"));
    if (tr.ok()) {
        t.compartments = tr.strings("compartments");
        t.carriers = tr.strings("carriers");
    }
    if (tr.ok() && !std::all_of(t.compartments.cbegin(), t.compartments.cend(), isCompartment)) {
        tr.fail("compartments", "expected one upper-case letter each");
    }
    if (tr.ok() && !std::all_of(t.carriers.cbegin(), t.carriers.cend(), isCarrier)) {
        tr.fail("carriers", "expected 2-3 upper-case letters or digits each");
    }
    if (!tr.ok()) {
        r.fail("travel", tr.error().detail.toUtf8().constData());
        return {};
    }
    return t;
}

} // namespace

QJsonObject toJson(const FlightRecord& f)
{
    QJsonObject o {
        {"carrier", f.carrier}, {"flight", f.flightNumber},    {"date", dateToString(f.date)}, {"from", f.from},
        {"to", f.to},           {"compartment", f.compartment}};
    if (!f.pnr.isEmpty()) {
        o.insert("pnr", f.pnr);
    }
    if (!f.seat.isEmpty()) {
        o.insert("seat", f.seat);
    }
    if (!f.legKey.isEmpty()) {
        o.insert("legKey", base64Url(f.legKey));
    }
    return o;
}

Result<FlightRecord> flightRecordFromJson(const QJsonValue& v)
{
    return parseObject<FlightRecord>(v, "flight", [](Reader& r, FlightRecord& f) {
        f.carrier = r.string("carrier");
        f.flightNumber = r.string("flight");
        f.date = r.date("date");
        f.from = r.string("from");
        f.to = r.string("to");
        f.compartment = r.string("compartment");
        f.pnr = r.string("pnr", false);
        f.seat = r.string("seat", false);
        const QString key = r.string("legKey", false);
        if (!r.ok()) {
            return;
        }
        if (!isCarrier(f.carrier)) {
            r.fail("carrier", "expected 2-3 upper-case letters or digits");
        } else if (!isCode(f.flightNumber, 1, 5, true)) {
            r.fail("flight", "expected 1-5 upper-case letters or digits");
        } else if (!isAirport(f.from)) {
            r.fail("from", "expected a 3-letter upper-case airport code");
        } else if (!isAirport(f.to)) {
            r.fail("to", "expected a 3-letter upper-case airport code");
        } else if (!isCompartment(f.compartment)) {
            r.fail("compartment", "expected one upper-case letter");
        } else if (f.pnr.size() > 7 || !std::all_of(f.pnr.cbegin(), f.pnr.cend(), isUpperAlnum)) {
            r.fail("pnr", "expected at most 7 upper-case letters or digits");
        } else if (f.seat.size() > 5 || !std::all_of(f.seat.cbegin(), f.seat.cend(), isUpperAlnum)) {
            r.fail("seat", "expected at most 5 upper-case letters or digits");
        } else if (!key.isEmpty()) {
            auto decoded
                = QByteArray::fromBase64Encoding(key.toLatin1(),
                                                 QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors
                                                     | QByteArray::OmitTrailingEquals);
            if (!decoded || decoded.decoded.size() != 32 || base64Url(decoded.decoded) != key) {
                r.fail("legKey", "expected 32 bytes in unpadded base64url");
            } else {
                f.legKey = decoded.decoded;
            }
        }
    });
}

QDate dateFromString(QStringView s)
{
    auto digit = [&](int i) { return s[i].unicode() >= u'0' && s[i].unicode() <= u'9' ? s[i].unicode() - u'0' : -1; };
    if (s.size() == 10 && s[4] == QLatin1Char('-') && s[7] == QLatin1Char('-')) {
        const int d[8] = {digit(0), digit(1), digit(2), digit(3), digit(5), digit(6), digit(8), digit(9)};
        if (std::all_of(std::begin(d), std::end(d), [](int v) { return v >= 0; })) {
            return QDate(d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3], d[4] * 10 + d[5], d[6] * 10 + d[7]);
        }
    }
    return QDate::fromString(s.toString(), Qt::ISODate);
}

QString dateToString(const QDate& d)
{
    if (!d.isValid()) {
        return {};
    }
    int y = 0;
    int m = 0;
    int day = 0;
    d.getDate(&y, &m, &day);
    if (y < 0 || y > 9999) {
        return d.toString(Qt::ISODate);
    }
    // QDate::toString costs ~5k instructions (locale-free but generic); every synced record has two dates.
    const char16_t text[10] = {char16_t(u'0' + y / 1000),
                               char16_t(u'0' + y / 100 % 10),
                               char16_t(u'0' + y / 10 % 10),
                               char16_t(u'0' + y % 10),
                               u'-',
                               char16_t(u'0' + m / 10),
                               char16_t(u'0' + m % 10),
                               u'-',
                               char16_t(u'0' + day / 10),
                               char16_t(u'0' + day % 10)};
    return QString(reinterpret_cast<const QChar*>(text), 10);
}

QString dateTimeToString(const QDateTime& dt)
{
    return dt.isValid() ? dt.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QJsonObject toJson(const Allowance& a)
{
    return a.unlimited ? QJsonObject {{"unlimited", true}} : QJsonObject {{"count", a.count}};
}

QJsonObject toJson(const Scope& s)
{
    return {{"resources", QJsonArray::fromStringList(s.resourceIds)},
            {"airports", QJsonArray::fromStringList(s.airports)}};
}

QJsonObject toJson(const Entitlement& e)
{
    QJsonObject o {{"module", e.module},         {"cardholder", toJson(e.cardholder)}, {"guest", toJson(e.guest)},
                   {"shared", toJson(e.shared)}, {"guestsPerVisit", e.guestsPerVisit}, {"period", toString(e.period)},
                   {"scope", toJson(e.scope)}};
    if (e.validFrom) {
        o.insert("validFrom", optionalDate(e.validFrom));
    }
    if (e.validTo) {
        o.insert("validTo", optionalDate(e.validTo));
    }
    return o;
}

QJsonArray toJson(const QList<Entitlement>& list)
{
    return arrayOf(list);
}

QJsonObject toJson(const Program& p)
{
    QJsonObject o {{"id", p.id},
                   {"name", p.name},
                   {"defaultValidityDays", p.defaultValidityDays},
                   {"entitlements", toJson(p.entitlements)},
                   {"requireDynamic", p.requireDynamic}};
    if (!p.travel.isAny()) {
        o.insert("travel", travelToJson(p.travel)); // only when set: existing bodies stay byte-for-byte the same
    }
    return o;
}

QJsonObject toJson(const EntitlementOverride& o)
{
    QJsonObject j {{"op", o.op == EntitlementOverride::Op::Set ? "SET" : "REMOVE"}, {"module", o.module}};
    if (o.op == EntitlementOverride::Op::Set) {
        j.insert("entitlement", toJson(o.entitlement));
    }
    return j;
}

QJsonArray toJson(const QList<EntitlementOverride>& list)
{
    return arrayOf(list);
}

QJsonArray toJson(const QList<TierAssignment>& list)
{
    QJsonArray a;
    for (const auto& t : list) {
        QJsonObject o {{"program", t.programId}};
        if (t.effectiveFrom.isValid()) {
            o.insert("effectiveFrom", dateTimeToString(t.effectiveFrom));
        }
        a.append(o);
    }
    return a;
}

QJsonObject toJson(const Membership& m)
{
    return {{"id", m.id},
            {"number", m.number},
            {"holderName", m.holderName},
            {"tiers", toJson(m.tiers)},
            {"status", toString(m.status)},
            {"validFrom", dateToString(m.validFrom)},
            {"validTo", dateToString(m.validTo)},
            {"overrides", toJson(m.overrides)},
            {"codeHash", QString::fromLatin1(m.codeHash.toHex())}};
}

QJsonObject toJson(const EPass& e)
{
    QJsonObject o {{"id", e.id},
                   {"module", e.module},
                   {"firstName", e.firstName},
                   {"lastName", e.lastName},
                   {"usages", e.usages},
                   {"activation", dateToString(e.activation)},
                   {"expiration", dateToString(e.expiration)},
                   {"scope", toJson(e.scope)},
                   {"status", toString(e.status)},
                   {"codeHash", QString::fromLatin1(e.codeHash.toHex())}};
    if (!e.travel.isAny()) {
        o.insert("travel", travelToJson(e.travel));
    }
    return o;
}

QJsonObject toJson(const Resource& r)
{
    QJsonObject o {{"id", r.id},
                   {"module", r.module},
                   {"name", r.name},
                   {"airport", r.airport},
                   {"terminal", r.terminal},
                   {"timeZone", r.timeZone},
                   {"requireDynamic", r.requireDynamic}};
    if (r.bookingRequired || r.walkUpsAllowed || r.bookingGraceMinutes != 0) {
        // Written only when set: a resource without bookings keeps the JSON it always had.
        o.insert("booking",
                 QJsonObject {{"required", r.bookingRequired},
                              {"walkUps", r.walkUpsAllowed},
                              {"graceMinutes", r.bookingGraceMinutes}});
    }
    if (r.boardingPass.policy != BoardingPassPolicy::NotUsed) {
        const BoardingPassRules& b = r.boardingPass;
        o.insert("boardingPass",
                 QJsonObject {{"policy", b.policy == BoardingPassPolicy::Required ? "required" : "optional"},
                              {"direction", b.direction == LoungeDirection::Arrival ? "arrival" : "departure"},
                              {"withinHours", b.withinHours},
                              {"uploadPnrAndSeat", b.uploadPnrAndSeat}});
    }
    return o;
}

QString timeToString(const QTime& t)
{
    return t.toString(QStringLiteral("HH:mm"));
}

QJsonObject toJson(const Booking& b)
{
    QJsonObject o {{"id", b.id},
                   {"credential", b.credential.key()},
                   {"resource", b.resourceId},
                   {"date", dateToString(b.date)},
                   {"from", timeToString(b.from)},
                   {"to", timeToString(b.to)},
                   {"partySize", b.partySize},
                   {"status", toString(b.status)}};
    if (!b.flightCarrier.isEmpty()) {
        o.insert("flight", QJsonObject {{"carrier", b.flightCarrier}, {"number", b.flightNumber}});
    }
    if (!b.usedBy.isNull()) {
        o.insert("usedBy", b.usedBy.toString(QUuid::WithoutBraces));
    }
    if (b.usedAt.isValid()) {
        o.insert("usedAt", dateTimeToString(b.usedAt));
    }
    if (b.createdAt.isValid()) {
        o.insert("createdAt", dateTimeToString(b.createdAt));
    }
    return o;
}

QJsonObject toJson(const PoolUse& u)
{
    return {{"module", u.module}, {"pool", toString(u.pool)}, {"period", u.period}, {"count", u.count}};
}

QJsonArray toJson(const QList<PoolUse>& list)
{
    return arrayOf(list);
}

QJsonObject toJson(const UsageCounter& u)
{
    return {{"credential", u.credential.key()},
            {"module", u.module},
            {"pool", toString(u.pool)},
            {"period", u.period},
            {"used", u.used}};
}

QJsonObject toJson(const Redemption& r)
{
    QJsonObject o {{"id", r.id.toString(QUuid::WithoutBraces)},
                   {"kind", toString(r.kind)},
                   {"credential", r.credential.key()},
                   {"resource", r.resourceId},
                   {"terminal", r.terminalId},
                   {"staff", r.staffId},
                   {"partySize", r.partySize},
                   {"uses", toJson(r.uses)},
                   {"at", dateTimeToString(r.at)},
                   {"clockSource", r.clockSource},
                   {"verdict", toString(r.verdict)},
                   {"reason", toString(r.reason)},
                   {"prevHash", QString::fromLatin1(r.prevHash.toHex())},
                   {"hash", QString::fromLatin1(r.hash.toHex())}};
    if (!r.voids.isNull()) {
        o.insert("voids", r.voids.toString(QUuid::WithoutBraces));
    }
    if (!r.remark.isEmpty()) {
        o.insert("remark", r.remark);
    }
    if (!r.tokenId.isEmpty()) {
        o.insert("tokenId", QString::fromLatin1(r.tokenId.toHex()));
    }
    // Written only when set, so the hash of every record from before these fields stays what it was.
    if (!r.replaces.isNull()) {
        o.insert("replaces", r.replaces.toString(QUuid::WithoutBraces));
    }
    if (r.amountMinor) {
        o.insert("amountMinor", *r.amountMinor);
    }
    if (!r.bookingId.isEmpty()) {
        o.insert("booking", r.bookingId);
    }
    if (!r.flights.isEmpty()) {
        // The PNR and seat are local fields like holderName (the journal keeps them in its own column): outside the
        // hashed body, so an upload without them (the default, privacy) still re-hashes at central.
        QJsonArray flights;
        for (const FlightRecord& f : r.flights) {
            QJsonObject fo = toJson(f);
            fo.remove(QStringLiteral("pnr"));
            fo.remove(QStringLiteral("seat"));
            flights.append(fo);
        }
        o.insert("flights", flights);
    }
    if (!r.boardingPassOverrideBy.isEmpty() || !r.boardingPassOverrideReason.isEmpty()) {
        o.insert("boardingPassOverride",
                 QJsonObject {{"by", r.boardingPassOverrideBy}, {"reason", r.boardingPassOverrideReason}});
    }
    return o;
}

QJsonObject toJson(const PoolBalance& b)
{
    QJsonObject o {{"pool", toString(b.pool)}, {"unlimited", b.unlimited}, {"thisVisit", b.thisVisit}};
    if (!b.unlimited) {
        o.insert("remaining", b.remaining);
        o.insert("allowance", b.allowance);
    }
    return o;
}

QJsonObject toJson(const Decision& d)
{
    QJsonObject o {{"verdict", toString(d.verdict)},
                   {"reason", toString(d.reason)},
                   {"holder", d.holderName},
                   {"program", d.programName},
                   {"module", d.module},
                   {"resource", d.resourceId},
                   {"party", d.partySize},
                   {"guestsAllowed", d.guestsAllowed},
                   {"balances", arrayOf(d.balances)},
                   {"at", dateTimeToString(d.at)},
                   {"recorded", d.recorded}};
    if (!d.detail.isEmpty()) {
        o.insert("detail", d.detail);
    }
    if (d.credential) {
        o.insert("credential", d.credential->key());
    }
    if (d.recorded) {
        o.insert("redemptionId", d.redemptionId.toString(QUuid::WithoutBraces));
    }
    if (d.lastUsedAt) {
        o.insert("lastUsedAt", dateTimeToString(*d.lastUsedAt));
    }
    if (d.booking) {
        o.insert("booking", toJson(*d.booking));
    }
    return o;
}

Result<Allowance> allowanceFromJson(const QJsonValue& v)
{
    if (v.isUndefined() || v.isNull()) {
        return Allowance::none();
    }
    return parseObject<Allowance>(v, "allowance", [](Reader& r, Allowance& a) {
        if (r.boolean("unlimited")) {
            a = Allowance::infinite();
            return;
        }
        a = Allowance::of(r.integer("count"));
        if (a.count < 0) {
            r.fail("count", "must not be negative");
        }
    });
}

Result<Scope> scopeFromJson(const QJsonValue& v)
{
    if (v.isUndefined() || v.isNull()) {
        return Scope {};
    }
    return parseObject<Scope>(v, "scope", [](Reader& r, Scope& s) {
        s.resourceIds = r.strings("resources");
        s.airports = r.strings("airports");
    });
}

Result<Entitlement> entitlementFromJson(const QJsonValue& v)
{
    return parseObject<Entitlement>(v, "entitlement", [](Reader& r, Entitlement& e) {
        e.module = r.string("module");
        e.cardholder = r.nested("cardholder", allowanceFromJson);
        e.guest = r.nested("guest", allowanceFromJson);
        e.shared = r.nested("shared", allowanceFromJson);
        e.guestsPerVisit = r.integer("guestsPerVisit", false, 0);
        e.period = r.parsed("period", quotaPeriodFromString, "expected VALIDITY, YEAR, MONTH or DAY", false, e.period);
        e.scope = r.nested("scope", scopeFromJson);
        if (!r.value("validFrom").isUndefined()) {
            e.validFrom = r.date("validFrom", false);
        }
        if (!r.value("validTo").isUndefined()) {
            e.validTo = r.date("validTo", false);
        }
        if (e.module.isEmpty() || e.guestsPerVisit < 0) {
            r.fail("module", "module must be set and guestsPerVisit not negative");
        }
    });
}

Result<QList<Entitlement>> entitlementsFromJson(const QJsonValue& v)
{
    return listFromJson<Entitlement>(v, entitlementFromJson);
}

Result<Program> programFromJson(const QJsonValue& v)
{
    return parseObject<Program>(v, "program", [](Reader& r, Program& p) {
        p.id = r.string("id");
        p.name = r.string("name");
        p.defaultValidityDays = r.integer("defaultValidityDays", false, 365);
        p.entitlements = r.nested("entitlements", entitlementsFromJson);
        p.requireDynamic = r.boolean("requireDynamic");
        p.travel = travelFromJson(r);
    });
}

Result<EntitlementOverride> overrideFromJson(const QJsonValue& v)
{
    return parseObject<EntitlementOverride>(v, "override", [](Reader& r, EntitlementOverride& o) {
        const QString op = r.string("op");
        o.module = r.string("module");
        if (op == QLatin1String("SET")) {
            o.op = EntitlementOverride::Op::Set;
            o.entitlement = r.nested("entitlement", entitlementFromJson);
        } else if (op == QLatin1String("REMOVE")) {
            o.op = EntitlementOverride::Op::Remove;
        } else {
            r.fail("op", "expected SET or REMOVE");
        }
    });
}

Result<QList<EntitlementOverride>> overridesFromJson(const QJsonValue& v)
{
    return listFromJson<EntitlementOverride>(v, overrideFromJson);
}

Result<QList<TierAssignment>> tiersFromJson(const QJsonValue& v)
{
    return listFromJson<TierAssignment>(v, [](const QJsonValue& item) {
        return parseObject<TierAssignment>(item, "tier", [](Reader& r, TierAssignment& t) {
            t.programId = r.string("program");
            t.effectiveFrom = r.dateTime("effectiveFrom", false);
        });
    });
}

Result<Membership> membershipFromJson(const QJsonValue& v)
{
    return parseObject<Membership>(v, "membership", [](Reader& r, Membership& m) {
        m.id = r.string("id");
        m.number = r.string("number", false);
        m.holderName = r.string("holderName");
        m.tiers = r.nested("tiers", tiersFromJson);
        m.status = r.parsed("status", membershipStatusFromString, "unknown membership status", true, m.status);
        m.validFrom = r.date("validFrom");
        m.validTo = r.date("validTo");
        m.overrides = r.nested("overrides", overridesFromJson);
        m.codeHash = r.hex("codeHash");
    });
}

Result<EPass> ePassFromJson(const QJsonValue& v)
{
    return parseObject<EPass>(v, "epass", [](Reader& r, EPass& e) {
        e.id = r.string("id");
        e.module = r.string("module");
        e.firstName = r.string("firstName");
        e.lastName = r.string("lastName");
        e.usages = r.integer("usages");
        e.activation = r.date("activation");
        e.expiration = r.date("expiration");
        e.scope = r.nested("scope", scopeFromJson);
        e.status = r.parsed("status", ePassStatusFromString, "unknown E-pass status", false, EPassStatus::Active);
        e.codeHash = r.hex("codeHash");
        e.travel = travelFromJson(r);
    });
}

Result<Resource> resourceFromJson(const QJsonValue& v)
{
    return parseObject<Resource>(v, "resource", [](Reader& r, Resource& res) {
        res.id = r.string("id");
        res.module = r.string("module");
        res.name = r.string("name");
        res.airport = r.string("airport");
        res.terminal = r.string("terminal", false);
        res.timeZone = r.string("timeZone");
        res.requireDynamic = r.boolean("requireDynamic");
        const QJsonValue booking = r.value("booking");
        if (!booking.isUndefined() && !booking.isNull()) {
            Reader b(booking, QStringLiteral("booking"));
            res.bookingRequired = b.boolean("required");
            res.walkUpsAllowed = b.boolean("walkUps");
            res.bookingGraceMinutes = b.integer("graceMinutes", false, 0);
            if (b.ok() && (res.bookingGraceMinutes < 0 || res.bookingGraceMinutes > 720)) {
                b.fail("graceMinutes", "out of range (0-720)");
            }
            if (!b.ok()) {
                r.fail("booking", b.error().detail.toUtf8().constData());
            }
        }
        const QJsonValue boardingPass = r.value("boardingPass");
        if (!boardingPass.isUndefined() && !boardingPass.isNull()) {
            Reader b(boardingPass, QStringLiteral("boardingPass"));
            BoardingPassRules& rules = res.boardingPass;
            const auto policy = [](const QString& s) -> std::optional<BoardingPassPolicy> {
                if (s == QLatin1String("optional")) {
                    return BoardingPassPolicy::Optional;
                }
                if (s == QLatin1String("required")) {
                    return BoardingPassPolicy::Required;
                }
                return std::nullopt;
            };
            const auto direction = [](const QString& s) -> std::optional<LoungeDirection> {
                if (s == QLatin1String("departure")) {
                    return LoungeDirection::Departure;
                }
                if (s == QLatin1String("arrival")) {
                    return LoungeDirection::Arrival;
                }
                return std::nullopt;
            };
            if (b.ok()) {
                rules.policy = b.parsed("policy", policy, "expected optional or required", true, rules.policy);
                rules.direction = b.parsed("direction", direction, "expected departure or arrival", false,
                                           LoungeDirection::Departure);
                rules.withinHours = b.integer("withinHours", false, 0);
                rules.uploadPnrAndSeat = b.boolean("uploadPnrAndSeat");
            }
            if (b.ok() && (rules.withinHours < 0 || rules.withinHours > 72)) {
                b.fail("withinHours", "out of range (0-72)");
            }
            if (!b.ok()) {
                r.fail("boardingPass", b.error().detail.toUtf8().constData());
            }
        }
    });
}

Result<Booking> bookingFromJson(const QJsonValue& v)
{
    const auto time = [](const QString& s) -> std::optional<QTime> {
        const QTime t = QTime::fromString(s, QStringLiteral("HH:mm"));
        return t.isValid() ? std::optional<QTime>(t) : std::nullopt;
    };
    return parseObject<Booking>(v, "booking", [&](Reader& r, Booking& b) {
        b.id = r.string("id");
        b.credential = r.parsed("credential", CredentialRef::fromKey, "expected M:<id> or E:<id>", true, b.credential);
        b.resourceId = r.string("resource");
        b.date = r.date("date");
        b.from = r.parsed("from", time, "expected HH:MM", true, QTime());
        b.to = r.parsed("to", time, "expected HH:MM", true, QTime());
        b.partySize = r.integer("partySize", false, 1);
        b.status = r.parsed("status", bookingStatusFromString, "expected OPEN, CANCELLED or USED", false,
                            BookingStatus::Open);
        const QJsonValue flight = r.value("flight");
        if (!flight.isUndefined() && !flight.isNull()) {
            Reader f(flight, QStringLiteral("flight"));
            b.flightCarrier = f.string("carrier");
            b.flightNumber = f.string("number");
            if (!f.ok()) {
                r.fail("flight", f.error().detail.toUtf8().constData());
            }
        }
        b.usedBy = QUuid::fromString(r.string("usedBy", false));
        b.usedAt = r.dateTime("usedAt", false);
        b.createdAt = r.dateTime("createdAt", false);
        if (b.partySize < 1 || b.partySize > 100) {
            r.fail("partySize", "out of range");
        }
    });
}

Result<PoolUse> poolUseFromJson(const QJsonValue& v)
{
    return parseObject<PoolUse>(v, "use", [](Reader& r, PoolUse& u) {
        u.module = r.string("module");
        u.pool = r.parsed("pool", poolFromString, "unknown pool", true, u.pool);
        u.period = r.string("period");
        u.count = r.integer("count");
    });
}

Result<QList<PoolUse>> poolUsesFromJson(const QJsonValue& v)
{
    return listFromJson<PoolUse>(v, poolUseFromJson);
}

Result<UsageCounter> usageCounterFromJson(const QJsonValue& v)
{
    return parseObject<UsageCounter>(v, "usage", [](Reader& r, UsageCounter& u) {
        u.credential = r.parsed("credential", CredentialRef::fromKey, "expected M:<id> or E:<id>", true, u.credential);
        u.module = r.string("module");
        u.pool = r.parsed("pool", poolFromString, "unknown pool", true, u.pool);
        u.period = r.string("period");
        u.used = r.integer("used");
    });
}

Result<Redemption> redemptionFromJson(const QJsonValue& v)
{
    const auto uuid = [](const QString& s) {
        const QUuid id = QUuid::fromString(s);
        return id.isNull() ? std::nullopt : std::optional<QUuid>(id);
    };
    const auto kind = [](const QString& s) -> std::optional<JournalKind> {
        if (s == QLatin1String("void")) {
            return JournalKind::Void;
        }
        if (s == QLatin1String("redeem")) {
            return JournalKind::Redeem;
        }
        if (s == QLatin1String("paid")) {
            return JournalKind::Paid;
        }
        return std::nullopt;
    };
    return parseObject<Redemption>(v, "redemption", [&](Reader& r, Redemption& red) {
        red.id = r.parsed("id", uuid, "expected a UUID");
        red.kind = r.parsed("kind", kind, "expected redeem, void or paid", false, JournalKind::Redeem);
        red.voids = QUuid::fromString(r.string("voids", false));
        red.credential
            = r.parsed("credential", CredentialRef::fromKey, "expected M:<id> or E:<id>", true, red.credential);
        red.resourceId = r.string("resource");
        red.terminalId = r.string("terminal", false);
        red.staffId = r.string("staff", false);
        red.partySize = r.integer("partySize", false, 1);
        red.uses = r.nested("uses", poolUsesFromJson);
        red.at = r.dateTime("at");
        red.clockSource = r.string("clockSource", false);
        red.verdict = verdictFromString(r.string("verdict", false)).value_or(red.verdict); // lenient: informational
        red.reason = reasonFromString(r.string("reason", false)).value_or(red.reason);
        red.remark = r.string("remark", false);
        red.prevHash = r.hex("prevHash");
        red.hash = r.hex("hash");
        red.tokenId = r.hex("tokenId");
        red.replaces = QUuid::fromString(r.string("replaces", false));
        red.amountMinor = r.int64("amountMinor");
        red.bookingId = r.string("booking", false);
        if (red.bookingId.size() > 64) {
            r.fail("booking", "too long");
        }
        red.flights = r.list("flights", flightRecordFromJson);
        if (red.flights.size() > 101) {
            r.fail("flights", "more than one per person in the party");
        }
        const QJsonValue override = r.value("boardingPassOverride");
        if (!override.isUndefined() && !override.isNull()) {
            Reader o(override, QStringLiteral("boardingPassOverride"));
            red.boardingPassOverrideBy = o.string("by");
            red.boardingPassOverrideReason = o.string("reason");
            if (o.ok()
                && (red.boardingPassOverrideBy.trimmed().isEmpty()
                    || red.boardingPassOverrideReason.trimmed().isEmpty())) {
                o.fail("by", "who overrode and why must both be set");
            } else if (o.ok()
                       && (red.boardingPassOverrideBy.size() > 64 || red.boardingPassOverrideReason.size() > 500)) {
                o.fail("reason", "too long");
            }
            if (!o.ok()) {
                r.fail("boardingPassOverride", o.error().detail.toUtf8().constData());
            }
        }
        if (red.amountMinor && *red.amountMinor < 0) {
            r.fail("amountMinor", "negative");
        }
        if (red.kind == JournalKind::Paid && !red.uses.isEmpty()) {
            r.fail("uses", "a paid entry takes no visit from a pass");
        }
        if (red.partySize < 1 || red.partySize > 100) {
            r.fail("partySize", "out of range");
        }
        if (red.tokenId.size() > 64 || (red.tokenId.isEmpty() && !r.string("tokenId", false).isEmpty())) {
            r.fail("tokenId", "expected a short hex string");
        }
    });
}

QJsonObject toJson(const ChangePage& page)
{
    QJsonObject o {{"cursor", double(page.cursor)}};
    const std::pair<const char*, QJsonArray> lists[] = {
        {"resources", arrayOf(page.resources)},
        {"programs", arrayOf(page.programs)},
        {"memberships", arrayOf(page.memberships)},
        {"ePasses", arrayOf(page.ePasses)},
        {"usage", arrayOf(page.usage)},
        {"staff", arrayOf(page.staff)},
        {"tokenKeys", arrayOf(page.tokenKeys)},
        {"bookings", arrayOf(page.bookings)},
    };
    for (const auto& [key, a] : lists) {
        if (!a.isEmpty()) {
            o.insert(QLatin1String(key), a);
        }
    }
    QJsonObject deleted;
    const std::pair<const char*, const QStringList*> deletions[] = {
        {"resources", &page.deletedResources},
        {"programs", &page.deletedPrograms},
        {"memberships", &page.deletedMemberships},
        {"ePasses", &page.deletedEPasses},
        {"staff", &page.deletedStaff},
    };
    for (const auto& [key, ids] : deletions) {
        if (!ids->isEmpty()) {
            deleted.insert(QLatin1String(key), QJsonArray::fromStringList(*ids));
        }
    }
    if (!deleted.isEmpty()) {
        o.insert("deleted", deleted);
    }
    return o;
}

Result<ChangePage> changePageFromJson(const QJsonValue& v)
{
    Reader r(v, QStringLiteral("page"));
    if (!r.ok()) {
        return r.error();
    }
    ChangePage page;
    const auto cursor = r.int64("cursor");
    if (!cursor && r.ok()) {
        r.fail("cursor", "missing");
    }
    page.cursor = cursor.value_or(0);
    page.resources = r.list("resources", resourceFromJson);
    page.programs = r.list("programs", programFromJson);
    page.memberships = r.list("memberships", membershipFromJson);
    page.ePasses = r.list("ePasses", ePassFromJson);
    page.usage = r.list("usage", usageCounterFromJson);
    page.staff = r.list("staff", staffAccountFromJson);
    page.tokenKeys = r.list("tokenKeys", tokenKeyFromJson);
    page.bookings = r.list("bookings", bookingFromJson);
    const QJsonValue deleted = r.value("deleted");
    if (!deleted.isUndefined() && !deleted.isNull()) {
        Reader d(deleted, QStringLiteral("deleted"));
        page.deletedResources = d.strings("resources");
        page.deletedPrograms = d.strings("programs");
        page.deletedMemberships = d.strings("memberships");
        page.deletedEPasses = d.strings("ePasses");
        page.deletedStaff = d.strings("staff");
        if (!d.ok()) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("deleted.") + d.error().detail);
        }
    }
    if (r.ok() && page.cursor < 0) {
        r.fail("cursor", "must not be negative");
    }
    if (!r.ok()) {
        return r.error();
    }
    return page;
}

} // namespace lounge::core::json
