#include "SecurityJson.h"

#include "Json.h"

#include <QJsonArray>

namespace lounge::core::json {
namespace {

Error bad(const char* field, const char* what)
{
    return makeError(ErrorCode::InvalidArgument, QLatin1String(field) + QLatin1String(": ") + QLatin1String(what));
}

std::optional<QStringList> stringList(const QJsonValue& v)
{
    QStringList out;
    if (v.isUndefined() || v.isNull()) {
        return out;
    }
    if (!v.isArray()) {
        return std::nullopt;
    }
    for (const auto& item : v.toArray()) {
        if (!item.isString()) {
            return std::nullopt;
        }
        out << item.toString();
    }
    return out;
}

std::optional<QDateTime> optionalTime(const QJsonValue& v)
{
    if (v.isUndefined() || v.isNull()) {
        return QDateTime();
    }
    const QDateTime dt = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    if (!v.isString() || !dt.isValid()) {
        return std::nullopt;
    }
    return dt.toUTC();
}

} // namespace

QJsonObject toJson(const StaffAccount& s)
{
    return {{"id", s.id},
            {"name", s.name},
            {"role", toString(s.role)},
            {"sites", QJsonArray::fromStringList(s.sites)},
            {"terminals", QJsonArray::fromStringList(s.terminals)},
            {"pinHash", s.pinHash},
            {"active", s.active}};
}

Result<StaffAccount> staffAccountFromJson(const QJsonValue& v)
{
    if (!v.isObject()) {
        return bad("staff", "expected an object");
    }
    const QJsonObject o = v.toObject();
    StaffAccount s;
    s.id = o.value("id").toString();
    if (s.id.isEmpty() || s.id.size() > 64) {
        return bad("id", "expected a string of 1 to 64 characters");
    }
    s.name = o.value("name").toString();
    const auto role = staffRoleFromString(o.value("role").toString());
    if (!role) {
        return bad("role", "expected AGENT or SUPERVISOR");
    }
    s.role = *role;
    const auto sites = stringList(o.value("sites"));
    const auto terminals = stringList(o.value("terminals"));
    if (!sites || !terminals) {
        return bad(!sites ? "sites" : "terminals", "expected an array of strings");
    }
    s.sites = *sites;
    s.terminals = *terminals;
    s.pinHash = o.value("pinHash").toString();
    if (!s.pinHash.startsWith(QLatin1String("$argon2id$")) || s.pinHash.size() > 127) {
        return bad("pinHash", "expected an Argon2id hash string");
    }
    const QJsonValue active = o.value("active");
    if (!active.isUndefined() && !active.isBool()) {
        return bad("active", "expected true or false");
    }
    s.active = active.toBool(true);
    return s;
}

QJsonObject toJson(const TokenKey& k)
{
    QJsonObject o {{"id", int(k.id)}, {"publicKey", QString::fromLatin1(k.publicKey.toBase64())}};
    if (k.validFrom.isValid()) {
        o.insert("validFrom", dateTimeToString(k.validFrom));
    }
    if (k.validUntil.isValid()) {
        o.insert("validUntil", dateTimeToString(k.validUntil));
    }
    return o;
}

Result<TokenKey> tokenKeyFromJson(const QJsonValue& v)
{
    if (!v.isObject()) {
        return bad("tokenKey", "expected an object");
    }
    const QJsonObject o = v.toObject();
    const double id = o.value("id").toDouble(-1);
    if (!o.value("id").isDouble() || id != double(int(id)) || id < 0 || id > 65535) {
        return bad("id", "expected an integer 0 to 65535");
    }
    TokenKey k;
    k.id = quint16(id);
    auto decoded = QByteArray::fromBase64Encoding(o.value("publicKey").toString().toLatin1(),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != 32) {
        return bad("publicKey", "expected 32 bytes of base64");
    }
    k.publicKey = decoded.decoded;
    const auto from = optionalTime(o.value("validFrom"));
    const auto until = optionalTime(o.value("validUntil"));
    if (!from || !until) {
        return bad(!from ? "validFrom" : "validUntil", "expected an ISO 8601 time");
    }
    k.validFrom = *from;
    k.validUntil = *until;
    return k;
}

} // namespace lounge::core::json
