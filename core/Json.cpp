#include "Json.h"

#include "SecurityJson.h"
#include "Store.h"

namespace lounge::core::json {
namespace {

Error fieldError(const QString& field, const char* what)
{
    return makeError(ErrorCode::InvalidArgument, field + QLatin1String(": ") + QLatin1String(what));
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
        if (!v.isDouble() || d != double(qint64(d)) || d < -2147483648.0 || d > 2147483647.0) {
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
        if (!v.isDouble() || d != double(qint64(d))) {
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
        const QDate d = QDate::fromString(s, Qt::ISODate);
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
    QJsonValue value(const char* key) const { return m_obj.value(QLatin1String(key)); }
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

QJsonValue optionalDate(const std::optional<QDate>& d)
{
    return d ? QJsonValue(dateToString(*d)) : QJsonValue();
}

} // namespace

QString dateToString(const QDate& d)
{
    return d.isValid() ? d.toString(Qt::ISODate) : QString();
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
    QJsonArray a;
    for (const auto& e : list) {
        a.append(toJson(e));
    }
    return a;
}

QJsonObject toJson(const Program& p)
{
    return {{"id", p.id},
            {"name", p.name},
            {"defaultValidityDays", p.defaultValidityDays},
            {"entitlements", toJson(p.entitlements)},
            {"requireDynamic", p.requireDynamic}};
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
    QJsonArray a;
    for (const auto& o : list) {
        a.append(toJson(o));
    }
    return a;
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
    return {{"id", e.id},
            {"module", e.module},
            {"firstName", e.firstName},
            {"lastName", e.lastName},
            {"usages", e.usages},
            {"activation", dateToString(e.activation)},
            {"expiration", dateToString(e.expiration)},
            {"scope", toJson(e.scope)},
            {"status", toString(e.status)},
            {"codeHash", QString::fromLatin1(e.codeHash.toHex())}};
}

QJsonObject toJson(const Resource& r)
{
    return {{"id", r.id},
            {"module", r.module},
            {"name", r.name},
            {"airport", r.airport},
            {"terminal", r.terminal},
            {"timeZone", r.timeZone},
            {"requireDynamic", r.requireDynamic}};
}

QJsonObject toJson(const PoolUse& u)
{
    return {{"module", u.module}, {"pool", toString(u.pool)}, {"period", u.period}, {"count", u.count}};
}

QJsonArray toJson(const QList<PoolUse>& list)
{
    QJsonArray a;
    for (const auto& u : list) {
        a.append(toJson(u));
    }
    return a;
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
    QJsonArray balances;
    for (const auto& b : d.balances) {
        balances.append(toJson(b));
    }
    QJsonObject o {{"verdict", toString(d.verdict)},
                   {"reason", toString(d.reason)},
                   {"holder", d.holderName},
                   {"program", d.programName},
                   {"module", d.module},
                   {"resource", d.resourceId},
                   {"party", d.partySize},
                   {"guestsAllowed", d.guestsAllowed},
                   {"balances", balances},
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
    return o;
}

Result<Allowance> allowanceFromJson(const QJsonValue& v)
{
    if (v.isUndefined() || v.isNull()) {
        return Allowance::none();
    }
    Reader r(v, QStringLiteral("allowance"));
    if (!r.ok()) {
        return r.error();
    }
    if (r.boolean("unlimited")) {
        return Allowance::infinite();
    }
    const int n = r.integer("count");
    if (r.ok() && n < 0) {
        r.fail("count", "must not be negative");
    }
    if (!r.ok()) {
        return r.error();
    }
    return Allowance::of(n);
}

Result<Scope> scopeFromJson(const QJsonValue& v)
{
    if (v.isUndefined() || v.isNull()) {
        return Scope {};
    }
    Reader r(v, QStringLiteral("scope"));
    Scope s;
    s.resourceIds = r.strings("resources");
    s.airports = r.strings("airports");
    if (!r.ok()) {
        return r.error();
    }
    return s;
}

Result<Entitlement> entitlementFromJson(const QJsonValue& v)
{
    Reader r(v, QStringLiteral("entitlement"));
    if (!r.ok()) {
        return r.error();
    }
    Entitlement e;
    e.module = r.string("module");
    e.cardholder = r.take("cardholder", allowanceFromJson(r.value("cardholder")));
    e.guest = r.take("guest", allowanceFromJson(r.value("guest")));
    e.shared = r.take("shared", allowanceFromJson(r.value("shared")));
    e.guestsPerVisit = r.integer("guestsPerVisit", false, 0);
    const QString period = r.string("period", false);
    if (!period.isEmpty()) {
        if (auto p = quotaPeriodFromString(period)) {
            e.period = *p;
        } else {
            r.fail("period", "expected VALIDITY, YEAR, MONTH or DAY");
        }
    }
    e.scope = r.take("scope", scopeFromJson(r.value("scope")));
    if (!r.value("validFrom").isUndefined()) {
        e.validFrom = r.date("validFrom", false);
    }
    if (!r.value("validTo").isUndefined()) {
        e.validTo = r.date("validTo", false);
    }
    if (r.ok() && (e.module.isEmpty() || e.guestsPerVisit < 0)) {
        r.fail("module", "module must be set and guestsPerVisit not negative");
    }
    if (!r.ok()) {
        return r.error();
    }
    return e;
}

Result<QList<Entitlement>> entitlementsFromJson(const QJsonValue& v)
{
    return listFromJson<Entitlement>(v, entitlementFromJson);
}

Result<Program> programFromJson(const QJsonValue& v)
{
    Reader r(v, QStringLiteral("program"));
    if (!r.ok()) {
        return r.error();
    }
    Program p;
    p.id = r.string("id");
    p.name = r.string("name");
    p.defaultValidityDays = r.integer("defaultValidityDays", false, 365);
    p.entitlements = r.take("entitlements", entitlementsFromJson(r.value("entitlements")));
    p.requireDynamic = r.boolean("requireDynamic");
    if (!r.ok()) {
        return r.error();
    }
    return p;
}

Result<EntitlementOverride> overrideFromJson(const QJsonValue& v)
{
    Reader r(v, QStringLiteral("override"));
    if (!r.ok()) {
        return r.error();
    }
    EntitlementOverride o;
    const QString op = r.string("op");
    o.module = r.string("module");
    if (op == QLatin1String("SET")) {
        o.op = EntitlementOverride::Op::Set;
        o.entitlement = r.take("entitlement", entitlementFromJson(r.value("entitlement")));
    } else if (op == QLatin1String("REMOVE")) {
        o.op = EntitlementOverride::Op::Remove;
    } else if (r.ok()) {
        r.fail("op", "expected SET or REMOVE");
    }
    if (!r.ok()) {
        return r.error();
    }
    return o;
}

Result<QList<EntitlementOverride>> overridesFromJson(const QJsonValue& v)
{
    return listFromJson<EntitlementOverride>(v, overrideFromJson);
}

Result<QList<TierAssignment>> tiersFromJson(const QJsonValue& v)
{
    return listFromJson<TierAssignment>(v, [](const QJsonValue& item) -> Result<TierAssignment> {
        Reader r(item, QStringLiteral("tier"));
        TierAssignment t;
        t.programId = r.string("program");
        t.effectiveFrom = r.dateTime("effectiveFrom", false);
        if (!r.ok()) {
            return r.error();
        }
        return t;
    });
}

Result<Membership> membershipFromJson(const QJsonValue& v)
{
    Reader r(v, QStringLiteral("membership"));
    if (!r.ok()) {
        return r.error();
    }
    Membership m;
    m.id = r.string("id");
    m.number = r.string("number", false);
    m.holderName = r.string("holderName");
    m.tiers = r.take("tiers", tiersFromJson(r.value("tiers")));
    const QString status = r.string("status");
    if (auto s = membershipStatusFromString(status)) {
        m.status = *s;
    } else if (r.ok()) {
        r.fail("status", "unknown membership status");
    }
    m.validFrom = r.date("validFrom");
    m.validTo = r.date("validTo");
    m.overrides = r.take("overrides", overridesFromJson(r.value("overrides")));
    m.codeHash = QByteArray::fromHex(r.string("codeHash", false).toLatin1());
    if (!r.ok()) {
        return r.error();
    }
    return m;
}

Result<EPass> ePassFromJson(const QJsonValue& v)
{
    Reader r(v, QStringLiteral("epass"));
    if (!r.ok()) {
        return r.error();
    }
    EPass e;
    e.id = r.string("id");
    e.module = r.string("module");
    e.firstName = r.string("firstName");
    e.lastName = r.string("lastName");
    e.usages = r.integer("usages");
    e.activation = r.date("activation");
    e.expiration = r.date("expiration");
    e.scope = r.take("scope", scopeFromJson(r.value("scope")));
    const QString status = r.string("status", false);
    if (status.isEmpty()) {
        e.status = EPassStatus::Active;
    } else if (auto s = ePassStatusFromString(status)) {
        e.status = *s;
    } else {
        r.fail("status", "unknown E-pass status");
    }
    e.codeHash = QByteArray::fromHex(r.string("codeHash", false).toLatin1());
    if (!r.ok()) {
        return r.error();
    }
    return e;
}

Result<Resource> resourceFromJson(const QJsonValue& v)
{
    Reader r(v, QStringLiteral("resource"));
    if (!r.ok()) {
        return r.error();
    }
    Resource res;
    res.id = r.string("id");
    res.module = r.string("module");
    res.name = r.string("name");
    res.airport = r.string("airport");
    res.terminal = r.string("terminal", false);
    res.timeZone = r.string("timeZone");
    res.requireDynamic = r.boolean("requireDynamic");
    if (!r.ok()) {
        return r.error();
    }
    return res;
}

Result<PoolUse> poolUseFromJson(const QJsonValue& v)
{
    Reader r(v, QStringLiteral("use"));
    if (!r.ok()) {
        return r.error();
    }
    PoolUse u;
    u.module = r.string("module");
    if (auto p = poolFromString(r.string("pool"))) {
        u.pool = *p;
    } else if (r.ok()) {
        r.fail("pool", "unknown pool");
    }
    u.period = r.string("period");
    u.count = r.integer("count");
    if (!r.ok()) {
        return r.error();
    }
    return u;
}

Result<QList<PoolUse>> poolUsesFromJson(const QJsonValue& v)
{
    return listFromJson<PoolUse>(v, poolUseFromJson);
}

Result<UsageCounter> usageCounterFromJson(const QJsonValue& v)
{
    Reader r(v, QStringLiteral("usage"));
    if (!r.ok()) {
        return r.error();
    }
    UsageCounter u;
    if (auto c = CredentialRef::fromKey(r.string("credential"))) {
        u.credential = *c;
    } else if (r.ok()) {
        r.fail("credential", "expected M:<id> or E:<id>");
    }
    u.module = r.string("module");
    if (auto p = poolFromString(r.string("pool"))) {
        u.pool = *p;
    } else if (r.ok()) {
        r.fail("pool", "unknown pool");
    }
    u.period = r.string("period");
    u.used = r.integer("used");
    if (!r.ok()) {
        return r.error();
    }
    return u;
}

Result<Redemption> redemptionFromJson(const QJsonValue& v)
{
    Reader r(v, QStringLiteral("redemption"));
    if (!r.ok()) {
        return r.error();
    }
    Redemption red;
    red.id = QUuid::fromString(r.string("id"));
    if (red.id.isNull() && r.ok()) {
        r.fail("id", "expected a UUID");
    }
    const QString kind = r.string("kind", false);
    red.kind = kind == QLatin1String("void") ? JournalKind::Void : JournalKind::Redeem;
    if (!kind.isEmpty() && kind != QLatin1String("void") && kind != QLatin1String("redeem")) {
        r.fail("kind", "expected redeem or void");
    }
    red.voids = QUuid::fromString(r.string("voids", false));
    if (auto c = CredentialRef::fromKey(r.string("credential"))) {
        red.credential = *c;
    } else if (r.ok()) {
        r.fail("credential", "expected M:<id> or E:<id>");
    }
    red.resourceId = r.string("resource");
    red.terminalId = r.string("terminal", false);
    red.staffId = r.string("staff", false);
    red.partySize = r.integer("partySize", false, 1);
    red.uses = r.take("uses", poolUsesFromJson(r.value("uses")));
    red.at = r.dateTime("at");
    red.clockSource = r.string("clockSource", false);
    if (auto verdict = verdictFromString(r.string("verdict", false))) {
        red.verdict = *verdict;
    }
    if (auto reason = reasonFromString(r.string("reason", false))) {
        red.reason = *reason;
    }
    red.remark = r.string("remark", false);
    red.prevHash = QByteArray::fromHex(r.string("prevHash", false).toLatin1());
    red.hash = QByteArray::fromHex(r.string("hash", false).toLatin1());
    if (r.ok() && (red.partySize < 1 || red.partySize > 100)) {
        r.fail("partySize", "out of range");
    }
    if (!r.ok()) {
        return r.error();
    }
    return red;
}

QJsonObject toJson(const ChangePage& page)
{
    auto array = [](const auto& list) {
        QJsonArray a;
        for (const auto& item : list) {
            a.append(toJson(item));
        }
        return a;
    };
    QJsonObject o {{"cursor", double(page.cursor)}};
    const std::pair<const char*, QJsonArray> lists[] = {
        {"resources", array(page.resources)},
        {"programs", array(page.programs)},
        {"memberships", array(page.memberships)},
        {"ePasses", array(page.ePasses)},
        {"usage", array(page.usage)},
        {"staff", array(page.staff)},
        {"tokenKeys", array(page.tokenKeys)},
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
    page.resources = r.take("resources", listFromJson<Resource>(r.value("resources"), resourceFromJson));
    page.programs = r.take("programs", listFromJson<Program>(r.value("programs"), programFromJson));
    page.memberships = r.take("memberships", listFromJson<Membership>(r.value("memberships"), membershipFromJson));
    page.ePasses = r.take("ePasses", listFromJson<EPass>(r.value("ePasses"), ePassFromJson));
    page.usage = r.take("usage", listFromJson<UsageCounter>(r.value("usage"), usageCounterFromJson));
    page.staff = r.take("staff", listFromJson<StaffAccount>(r.value("staff"), staffAccountFromJson));
    page.tokenKeys = r.take("tokenKeys", listFromJson<TokenKey>(r.value("tokenKeys"), tokenKeyFromJson));
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
