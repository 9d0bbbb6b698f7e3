#include "Wire.h"

#include "FeedPageReader.h"
#include "Json.h"
#include "StoredColumns.h"
#include "StrictJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>
#include <initializer_list>
#include <limits>
#include <optional>

namespace lounge::protocol {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

/// Reads an envelope's fields; the first refusal sticks ("field: problem", with the envelope's prefix).
class Fields
{
public:
    explicit Fields(const QJsonObject& o, QString prefix = {})
        : m_o(o)
        , m_prefix(std::move(prefix))
    { }

    bool ok() const { return !m_error; }
    core::Error error() const { return *m_error; }

    /// Request envelopes: a field this version does not know is refused, never ignored.
    Fields& known(std::initializer_list<const char*> keys)
    {
        for (auto it = m_o.begin(); it != m_o.end() && ok(); ++it) {
            bool found = false;
            for (const char* k : keys) {
                found |= it.key() == QLatin1String(k);
            }
            if (!found) {
                fail(it.key(), "unknown field");
            }
        }
        return *this;
    }
    QJsonValue value(const char* key) const { return m_o.value(QLatin1String(key)); }
    bool has(const char* key) const
    {
        const QJsonValue v = value(key);
        return !v.isUndefined() && !v.isNull();
    }
    QString string(const char* key, bool required)
    {
        const QJsonValue v = value(key);
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
    /// A whole number in [min, max] (a double outside the range is refused before any conversion).
    qint64 integer(const char* key, bool required, qint64 min, qint64 max, qint64 fallback = 0)
    {
        const QJsonValue v = value(key);
        if (v.isUndefined() || v.isNull()) {
            if (required) {
                fail(key, "missing");
            }
            return fallback;
        }
        if (!v.isDouble()) {
            fail(key, "expected an integer");
            return fallback;
        }
        const double d = v.toDouble();
        if (d != std::trunc(d)) {
            fail(key, "expected an integer");
            return fallback;
        }
        if (!(d >= double(min) && d <= double(max))) {
            fail(key, "out of range");
            return fallback;
        }
        return qint64(d);
    }
    bool boolean(const char* key, bool required = false)
    {
        const QJsonValue v = value(key);
        if (v.isUndefined() || v.isNull()) {
            if (required) {
                fail(key, "missing");
            }
            return false;
        }
        if (!v.isBool()) {
            fail(key, "expected true or false");
            return false;
        }
        return v.toBool();
    }
    QDateTime dateTime(const char* key, bool required)
    {
        const QString s = string(key, required);
        if (s.isEmpty()) {
            if (required && ok()) {
                fail(key, "missing");
            }
            return {};
        }
        const QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
        if (!t.isValid()) {
            fail(key, "expected an ISO 8601 time");
        }
        return t.toUTC();
    }
    QUuid uuid(const char* key, bool required)
    {
        const QString s = string(key, required);
        if (s.isEmpty()) {
            if (required && ok()) {
                fail(key, "missing");
            }
            return {};
        }
        const QUuid id = QUuid::fromString(s);
        if (id.isNull()) {
            fail(key, "expected a UUID");
        }
        return id;
    }
    /// A value parsed elsewhere (core::json); its refusal is reported under this key.
    template<typename T> T take(const char* key, Result<T> r)
    {
        if (!r) {
            if (ok()) {
                m_error = makeError(ErrorCode::InvalidArgument,
                                    m_prefix + QLatin1String(key) + QLatin1Char('.') + r.error().detail);
            }
            return T {};
        }
        return std::move(r).value();
    }
    void fail(const QString& key, const char* what)
    {
        if (ok()) {
            m_error = makeError(ErrorCode::InvalidArgument, m_prefix + key + QLatin1String(": ") + QLatin1String(what));
        }
    }
    void fail(const char* key, const char* what) { fail(QString::fromLatin1(key), what); }

private:
    const QJsonObject& m_o;
    QString m_prefix;
    std::optional<core::Error> m_error;
};

template<typename T> Result<T> finish(const Fields& f, T value)
{
    if (!f.ok()) {
        return f.error();
    }
    return value;
}

constexpr qint64 kMaxSeq = 9007199254740992LL; // 2^53: what a JSON number holds exactly

// An upload item's boarding-pass fields (issue 14 §3; core::json's names).
constexpr char kFlightsField[] = "flights";
constexpr char kOverrideField[] = "boardingPassOverride";
constexpr char kPnrField[] = "pnr"; ///< inside a flight object, only from a lounge that uploads them
constexpr char kSeatField[] = "seat";

} // namespace

QByteArray encode(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// ------------------------------------------------------------------------------------------------ enroll, time

QJsonObject EnrollRequest::toJson() const
{
    return {{"code", code}};
}

Result<EnrollRequest> EnrollRequest::fromJson(const QJsonObject& o)
{
    Fields f(o);
    f.known({"code"});
    EnrollRequest r;
    r.code = f.string("code", true);
    return finish(f, r);
}

QJsonObject EnrollReply::toJson() const
{
    return {{"terminalId", terminalId},
            {"secret", secret},
            {"resource", resourceId},
            {"serverTime", core::json::dateTimeToString(serverTime)}};
}

Result<EnrollReply> EnrollReply::fromJson(const QJsonObject& o)
{
    Fields f(o);
    EnrollReply r;
    r.terminalId = f.string("terminalId", true);
    r.secret = f.string("secret", true);
    r.resourceId = f.string("resource", true);
    r.serverTime = f.dateTime("serverTime", false);
    if (f.ok() && (r.terminalId.isEmpty() || r.secret.isEmpty() || r.resourceId.isEmpty())) {
        f.fail("terminalId", "enrollment reply incomplete");
    }
    return finish(f, r);
}

// ------------------------------------------------------------------------------------------------ terminal report

QList<std::pair<QByteArray, QByteArray>> TerminalReport::headers() const
{
    QList<std::pair<QByteArray, QByteArray>> out;
    if (version) {
        out.append({kTerminalVersionHeader, version->toLatin1()});
    }
    if (pendingUploads) {
        out.append({kPendingUploadsHeader, QByteArray::number(*pendingUploads)});
    }
    if (terminalTime) {
        out.append({kTerminalTimeHeader, terminalTime->toUTC().toString(Qt::ISODateWithMs).toLatin1()});
    }
    return out;
}

Result<TerminalReport> TerminalReport::fromHeaders(const QByteArray& version, const QByteArray& pendingUploads,
                                                   const QByteArray& terminalTime)
{
    const auto bad = [](const char* header, const char* expected) {
        return core::makeError(core::ErrorCode::InvalidArgument,
                               QStringLiteral("%1: expected %2").arg(QLatin1String(header), QLatin1String(expected)));
    };
    TerminalReport r;
    if (!version.isEmpty()) {
        static const QRegularExpression re(QStringLiteral("^[0-9A-Za-z.+~_-]{1,32}$"));
        if (!re.match(QString::fromLatin1(version)).hasMatch()) {
            return bad(kTerminalVersionHeader, "1 to 32 of 0-9 A-Z a-z . + ~ _ -");
        }
        r.version = QString::fromLatin1(version);
    }
    if (!pendingUploads.isEmpty()) {
        static const QRegularExpression re(QStringLiteral("^[0-9]{1,9}$"));
        const qint64 n = pendingUploads.toLongLong();
        if (!re.match(QString::fromLatin1(pendingUploads)).hasMatch() || n > kMaxPendingUploads) {
            return bad(kPendingUploadsHeader, "an integer from 0 to 100000000");
        }
        r.pendingUploads = n;
    }
    if (!terminalTime.isEmpty()) {
        static const QRegularExpression re(
            QStringLiteral("^(2[0-9]{3})-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,3})?Z$"));
        const QString text = QString::fromLatin1(terminalTime);
        const QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!re.match(text).hasMatch() || !at.isValid()) {
            return bad(kTerminalTimeHeader, "an ISO 8601 UTC time such as 2026-11-27T18:05:00.123Z");
        }
        r.terminalTime = at.toUTC();
    }
    return r;
}

QJsonObject TimeReply::toJson() const
{
    return {{"serverTime", core::json::dateTimeToString(serverTime)}};
}

Result<TimeReply> TimeReply::fromJson(const QJsonObject& o)
{
    Fields f(o);
    TimeReply r;
    r.serverTime = f.dateTime("serverTime", true);
    return finish(f, r);
}

// ------------------------------------------------------------------------------------------------ feed

QByteArray FeedReply::encode() const
{
    QJsonObject envelope = core::json::toJson(page);
    envelope.insert("more", more);
    envelope.insert("scanned", scanned);
    if (remaining >= 0) {
        envelope.insert("remaining", double(remaining));
    }
    envelope.insert("serverTime", core::json::dateTimeToString(serverTime));
    QByteArray body = protocol::encode(envelope);
    if (!encodedRecords.isEmpty()) {
        body.chop(1); // the closing brace: splice the records in
        body += ',' + encodedRecords + '}';
    }
    return body;
}

Result<FeedReply> FeedReply::decode(const QByteArray& body)
{
    // The plain page of the initial sync in one pass (FeedPageReader.h); anything else takes the general path below,
    // which makes every refusal.
    if (auto fast = readFeedPageFast(body)) {
        encodeStoredColumns(fast->page);
        return std::move(*fast);
    }
    return decodeGeneral(body);
}

Result<FeedReply> FeedReply::decodeGeneral(const QByteArray& body)
{
    auto o = parseStrictObject(body);
    if (!o) {
        return o.error();
    }
    FeedReply r;
    r.bytes = body.size();
    auto page = core::json::changePageFromJson(*o);
    if (!page) {
        return page.error();
    }
    r.page = std::move(page).value();
    encodeStoredColumns(r.page);
    Fields f(*o);
    r.more = f.boolean("more");
    r.scanned = int(f.integer("scanned", false, 0, std::numeric_limits<int>::max()));
    r.remaining = f.integer("remaining", false, 0, kMaxSeq, -1);
    r.serverTime = f.dateTime("serverTime", false);
    return finish(f, std::move(r));
}

// ------------------------------------------------------------------------------------------------ upload

QJsonObject redemptionToJson(const core::Redemption& r, bool withPnrAndSeat)
{
    QJsonObject o = core::json::toJson(r);
    const QJsonValue flights = o.value(QLatin1String(kFlightsField));
    if (!withPnrAndSeat || !flights.isArray()) {
        return o;
    }
    QJsonArray list = flights.toArray();
    for (qsizetype i = 0; i < list.size() && i < r.flights.size(); ++i) {
        QJsonObject f = list.at(i).toObject();
        if (!r.flights[i].pnr.isEmpty()) {
            f.insert(QLatin1String(kPnrField), r.flights[i].pnr);
        }
        if (!r.flights[i].seat.isEmpty()) {
            f.insert(QLatin1String(kSeatField), r.flights[i].seat);
        }
        list[i] = f;
    }
    o.insert(QLatin1String(kFlightsField), list);
    return o;
}

Result<core::Redemption> redemptionFromJson(const QJsonObject& o)
{
    // "pnr" and "seat" are the wire's, outside core::json's record (and its hash): taken out before it reads.
    QJsonObject record = o;
    QList<std::pair<QString, QString>> extra;
    const QJsonValue flights = o.value(QLatin1String(kFlightsField));
    if (flights.isArray()) {
        QJsonArray list = flights.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (!list.at(i).isObject()) {
                extra.append(std::pair<QString, QString>());
                continue;
            }
            QJsonObject f = list.at(i).toObject();
            const QJsonValue pnr = f.take(QLatin1String(kPnrField));
            const QJsonValue seat = f.take(QLatin1String(kSeatField));
            for (const auto& [name, v] : {std::pair {kPnrField, pnr}, std::pair {kSeatField, seat}}) {
                if (!v.isUndefined() && !v.isNull() && !v.isString()) {
                    return makeError(ErrorCode::InvalidArgument,
                                     QStringLiteral("flights[%1].%2: expected a string").arg(i).arg(name));
                }
            }
            extra.append({pnr.toString(), seat.toString()});
            list[i] = f;
        }
        record.insert(QLatin1String(kFlightsField), list);
    }
    auto r = core::json::redemptionFromJson(record);
    if (!r) {
        return r.error();
    }
    for (qsizetype i = 0; i < extra.size() && i < r->flights.size(); ++i) {
        r->flights[i].pnr = extra[i].first;
        r->flights[i].seat = extra[i].second;
    }
    return r;
}

QJsonObject UploadRequest::toJson() const
{
    QJsonArray items;
    for (const auto& r : redemptions) {
        items.append(redemptionToJson(r, pnrAndSeatResources.contains(r.resourceId)));
    }
    return {{"redemptions", items}};
}

qsizetype UploadRequest::itemCount(const QJsonObject& o)
{
    const QJsonValue list = o.value(QLatin1String("redemptions"));
    return list.isArray() ? list.toArray().size() : 0;
}

Result<UploadRequest> UploadRequest::fromJson(const QJsonObject& o)
{
    Fields f(o);
    f.known({"redemptions"});
    UploadRequest out;
    const QJsonValue list = f.value("redemptions");
    if (f.ok() && !list.isArray()) {
        f.fail("redemptions", "expected an array");
    }
    if (!f.ok()) {
        return f.error();
    }
    int i = 0;
    for (const auto& item : list.toArray()) {
        const QString where = QStringLiteral("redemptions[%1].").arg(i++);
        if (!item.isObject()) {
            return makeError(ErrorCode::InvalidArgument, where.chopped(1) + QLatin1String(": expected an object"));
        }
        const QJsonObject itemObject = item.toObject();
        Fields itemFields(itemObject, where);
        itemFields.known({"id",          "kind",      "voids",       "credential",  "resource",    "terminal",
                          "staff",       "partySize", "uses",        "at",          "clockSource", "verdict",
                          "reason",      "remark",    "prevHash",    "hash",        "tokenId",     "replaces",
                          "amountMinor", "booking",   kFlightsField, kOverrideField});
        if (!itemFields.ok()) {
            return itemFields.error();
        }
        auto r = protocol::redemptionFromJson(itemObject);
        QString problem;
        if (!r) {
            // A bad boarding-pass record must not lose the visit (nor hold up the batch): decode it without them.
            QJsonObject without = itemObject;
            without.remove(QLatin1String(kFlightsField));
            without.remove(QLatin1String(kOverrideField));
            if (without.size() != itemObject.size()) {
                auto bare = core::json::redemptionFromJson(without);
                if (bare) {
                    problem = r.error().detail;
                    r = std::move(bare);
                }
            }
        }
        if (!r) {
            return makeError(ErrorCode::InvalidArgument, where + r.error().detail);
        }
        out.redemptions.append(std::move(r).value());
        out.boardingPassProblems.append(problem);
    }
    return out;
}

QString toString(UploadResult::Status s)
{
    switch (s) {
    case UploadResult::Status::Accepted:
        return QStringLiteral("accepted");
    case UploadResult::Status::Conflict:
        return QStringLiteral("conflict");
    case UploadResult::Status::Duplicate:
        return QStringLiteral("duplicate");
    case UploadResult::Status::Rejected:
        return QStringLiteral("rejected");
    }
    return {};
}

QJsonObject UploadResult::toJson() const
{
    QJsonObject o {{"id", id.toString(QUuid::WithoutBraces)}, {"status", protocol::toString(status)}};
    if (status != Status::Rejected) {
        o.insert("serverSeq", double(serverSeq));
    }
    if (status == Status::Duplicate) {
        o.insert("original", original);
    }
    if (!reason.isEmpty()) {
        o.insert("reason", reason);
    }
    return o;
}

Result<UploadResult> UploadResult::fromJson(const QJsonValue& v)
{
    if (!v.isObject()) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("expected an object"));
    }
    const QJsonObject o = v.toObject();
    Fields f(o);
    UploadResult r;
    r.id = f.uuid("id", true);
    const QString status = f.string("status", true);
    bool known = false;
    for (const Status s : {Status::Accepted, Status::Conflict, Status::Duplicate, Status::Rejected}) {
        if (status == protocol::toString(s)) {
            r.status = s;
            known = true;
        }
    }
    if (f.ok() && !known) {
        f.fail("status", "unknown upload status");
    }
    r.serverSeq = f.integer("serverSeq", r.status != Status::Rejected, 0, kMaxSeq);
    r.original = f.string("original", r.status == Status::Duplicate);
    r.reason = f.string("reason", false);
    return finish(f, r);
}

QJsonObject UploadReply::toJson() const
{
    QJsonArray a;
    for (const auto& r : results) {
        a.append(r.toJson());
    }
    return {{"results", a}};
}

Result<UploadReply> UploadReply::fromJson(const QJsonObject& o)
{
    Fields f(o);
    const QJsonValue list = f.value("results");
    if (!list.isArray()) {
        f.fail("results", list.isUndefined() ? "missing" : "expected an array");
        return f.error();
    }
    UploadReply out;
    int i = 0;
    for (const auto& item : list.toArray()) {
        auto r = UploadResult::fromJson(item);
        if (!r) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("results[%1].").arg(i) + r.error().detail);
        }
        out.results.append(*r);
        ++i;
    }
    return out;
}

// ------------------------------------------------------------------------------------------------ online redeem

QJsonObject RedeemRequest::toJson() const
{
    return {{"id", id.toString(QUuid::WithoutBraces)},
            {"code", QString::fromUtf8(code)},
            {"partySize", partySize},
            {"staff", staffId},
            {"confirmAttention", confirmAttention}};
}

Result<RedeemRequest> RedeemRequest::fromJson(const QJsonObject& o)
{
    Fields f(o);
    f.known({"id", "code", "partySize", "staff", "confirmAttention"});
    RedeemRequest r;
    r.id = f.uuid("id", true);
    r.code = f.string("code", true).toUtf8();
    r.partySize = int(f.integer("partySize", false, 1, 100, 1));
    r.staffId = f.string("staff", false);
    r.confirmAttention = f.boolean("confirmAttention");
    return finish(f, r);
}

QJsonObject RedeemReply::toJson() const
{
    QJsonObject o {{"decision", core::json::toJson(decision)},
                   {"uses", core::json::toJson(decision.uses)},
                   {"duplicate", duplicate},
                   {"conflict", conflict}};
    if (decision.recorded) {
        o.insert("serverSeq", double(serverSeq));
    }
    return o;
}

Result<RedeemReply> RedeemReply::fromJson(const QJsonObject& o)
{
    Fields f(o);
    RedeemReply r;
    if (!f.has("decision")) {
        f.fail("decision", "missing");
        return f.error();
    }
    r.decision = f.take("decision", decisionFromJson(f.value("decision")));
    if (!f.has("uses") && f.ok()) {
        f.fail("uses", "missing");
    }
    r.decision.uses = f.take("uses", core::json::poolUsesFromJson(f.value("uses")));
    r.duplicate = f.boolean("duplicate");
    r.conflict = f.boolean("conflict");
    r.serverSeq = f.integer("serverSeq", r.decision.recorded, 0, kMaxSeq);
    return finish(f, r);
}

Result<core::Decision> decisionFromJson(const QJsonValue& v)
{
    if (!v.isObject()) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("expected an object"));
    }
    const QJsonObject o = v.toObject();
    Fields f(o);
    core::Decision d;
    const QString verdict = f.string("verdict", true);
    const QString reason = f.string("reason", true);
    if (f.ok()) {
        if (auto x = core::verdictFromString(verdict)) {
            d.verdict = *x;
        } else {
            f.fail("verdict", "unknown verdict");
        }
        if (auto x = core::reasonFromString(reason)) {
            d.reason = *x;
        } else {
            f.fail("reason", "unknown reason");
        }
    }
    d.detail = f.string("detail", false);
    if (const QString key = f.string("credential", false); !key.isEmpty()) {
        d.credential = core::CredentialRef::fromKey(key);
        if (!d.credential) {
            f.fail("credential", "expected a credential key");
        }
    }
    d.holderName = f.string("holder", false);
    d.programName = f.string("program", false);
    d.module = f.string("module", false);
    d.resourceId = f.string("resource", false);
    d.partySize = int(f.integer("party", true, 0, 100));
    d.guestsAllowed = int(f.integer("guestsAllowed", false, 0, std::numeric_limits<int>::max()));
    const QJsonValue balances = f.value("balances");
    if (!balances.isUndefined() && !balances.isNull() && !balances.isArray()) {
        f.fail("balances", "expected an array");
    }
    int i = 0;
    for (const auto& item : balances.toArray()) {
        const QJsonObject b = item.toObject();
        Fields bf(b, QStringLiteral("balances[%1].").arg(i++));
        if (!item.isObject()) {
            bf.fail("", "expected an object");
        }
        core::PoolBalance pb;
        const QString pool = bf.string("pool", true);
        if (auto p = core::poolFromString(pool)) {
            pb.pool = *p;
        } else if (bf.ok()) {
            bf.fail("pool", "unknown pool");
        }
        pb.unlimited = bf.boolean("unlimited");
        constexpr qint64 kInt = std::numeric_limits<int>::max();
        pb.allowance = int(bf.integer("allowance", false, 0, kInt));
        pb.remaining = int(bf.integer("remaining", false, -kInt, kInt));
        pb.thisVisit = int(bf.integer("thisVisit", false, 0, kInt));
        if (!bf.ok()) {
            return bf.error();
        }
        d.balances.append(pb);
    }
    if (const QJsonValue booking = f.value("booking"); !booking.isUndefined() && !booking.isNull()) {
        // The Fast Track booking central judged the visit against (and, when recorded, consumed).
        auto b = core::json::bookingFromJson(booking);
        if (!b) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("booking.") + b.error().detail);
        }
        d.booking = *b;
    }
    d.at = f.dateTime("at", true);
    d.recorded = f.boolean("recorded");
    d.redemptionId = f.uuid("redemptionId", d.recorded);
    if (f.has("lastUsedAt")) {
        d.lastUsedAt = f.dateTime("lastUsedAt", true);
    }
    return finish(f, d);
}

// ------------------------------------------------------------------------------------------------ errors

QJsonObject ErrorReply::toJson() const
{
    return {{"error", error}, {"reason", reason}};
}

ErrorReply ErrorReply::fromBody(const QByteArray& body)
{
    auto o = parseStrictObject(body);
    if (!o) {
        return {};
    }
    return {o->value(QLatin1String("error")).toString(), o->value(QLatin1String("reason")).toString()};
}

} // namespace lounge::protocol
