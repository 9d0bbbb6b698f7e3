#include "FeedPageReader.h"

#include "Json.h"
#include "JsonBytes.h"
#include "StrictJson.h"

#include <QByteArrayView>
#include <QtEndian>

#include <bit>
#include <cstring>
#include <limits>

namespace lounge::protocol {

namespace {

constexpr qint64 kMaxExact = 9007199254740992LL; // 2^53: what a JSON number holds exactly (parseStrict's limit)
constexpr int kMaxDepth = 32; // parseStrict's default, which FeedReply::decode uses

/// A cursor over the page's bytes that reads only the plain forms (see FeedPageReader.h); every reader returns false
/// on anything else, and the caller declines or hands the record to the general path.
class Bytes
{
public:
    Bytes(const char* begin, const char* end)
        : m_p(reinterpret_cast<const unsigned char*>(begin))
        , m_end(reinterpret_cast<const unsigned char*>(end))
    { }

    const char* position() const { return reinterpret_cast<const char*>(m_p); }
    void seek(const char* p) { m_p = reinterpret_cast<const unsigned char*>(p); }
    bool atEnd()
    {
        whitespace();
        return m_p == m_end;
    }

    void whitespace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t')) {
            ++m_p;
        }
    }
    bool eat(char c)
    {
        whitespace();
        if (m_p < m_end && *m_p == static_cast<unsigned char>(c)) {
            ++m_p;
            return true;
        }
        return false;
    }

    /// A string without escapes or control characters, valid UTF-8 without noncharacters: its bytes, unquoted.
    bool string(QByteArrayView& out)
    {
        if (!eat('"')) {
            return false;
        }
        const unsigned char* start = m_p;
        while (true) {
            if (m_end - m_p >= 8) {
                quint64 w;
                std::memcpy(&w, m_p, 8);
                w = qFromLittleEndian(w);
                // '"', '\\', >= 0x80, and control characters (< 0x20): the lowest flagged byte is exact.
                const quint64 m = bytes::lookMask(w) | ((w - bytes::kOnes * 0x20) & ~w & bytes::kHigh);
                if (m == 0) {
                    m_p += 8;
                    continue;
                }
                m_p += std::countr_zero(m) >> 3;
            } else {
                while (m_p < m_end && *m_p >= 0x20 && *m_p < 0x80 && *m_p != '"' && *m_p != '\\') {
                    ++m_p;
                }
                if (m_p == m_end) {
                    return false;
                }
            }
            const unsigned char c = *m_p;
            if (c == '"') {
                out = QByteArrayView(start, m_p - start);
                ++m_p;
                return true;
            }
            if (c < 0x80) {
                return false; // an escape or a control character: the general path's
            }
            const int n = bytes::utf8Sequence(m_p, m_end);
            if (n == 0 || nonCharacter(m_p, n)) {
                return false;
            }
            m_p += n;
        }
    }
    bool string(QString& out)
    {
        QByteArrayView v;
        if (!string(v)) {
            return false;
        }
        out = QString::fromUtf8(v);
        return true;
    }
    /// An object key and its colon.
    bool key(QByteArrayView& out) { return string(out) && eat(':'); }

    /// 0 or [1-9][0-9]*, at most `max` (no sign, fraction or exponent: those are the general path's).
    bool integer(qint64 max, qint64& out)
    {
        whitespace();
        const unsigned char* start = m_p;
        qint64 v = 0;
        while (m_p < m_end && *m_p >= '0' && *m_p <= '9' && m_p - start < 17) {
            v = v * 10 + (*m_p - '0');
            ++m_p;
        }
        const qsizetype n = m_p - start;
        if (n == 0 || n > 16 || (n > 1 && *start == '0') || v > max) {
            return false;
        }
        out = v;
        return true;
    }
    /// The same, at most INT_MAX.
    bool integer(int& out)
    {
        qint64 v = 0;
        if (!integer(std::numeric_limits<int>::max(), v)) {
            return false;
        }
        out = int(v);
        return true;
    }
    bool boolean(bool& out)
    {
        whitespace();
        if (m_end - m_p >= 4 && std::memcmp(m_p, "true", 4) == 0) {
            m_p += 4;
            out = true;
            return true;
        }
        if (m_end - m_p >= 5 && std::memcmp(m_p, "false", 5) == 0) {
            m_p += 5;
            out = false;
            return true;
        }
        return false;
    }
    /// "YYYY-MM-DD": the quick path of core::json::dateFromString, which builds the same QDate.
    bool date(QDate& out)
    {
        QByteArrayView v;
        if (!string(v) || v.size() != 10 || v[4] != '-' || v[7] != '-') {
            return false;
        }
        int d[8];
        const int at[8] = {0, 1, 2, 3, 5, 6, 8, 9};
        for (int i = 0; i < 8; ++i) {
            const char c = v[at[i]];
            if (c < '0' || c > '9') {
                return false;
            }
            d[i] = c - '0';
        }
        out = QDate(d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3], d[4] * 10 + d[5], d[6] * 10 + d[7]);
        return out.isValid();
    }
    /// Non-empty lower- or upper-case hex of even length, as bytes (what QByteArray::fromHex makes of it).
    bool hex(QByteArray& out)
    {
        QByteArrayView v;
        if (!string(v) || v.isEmpty() || v.size() % 2 != 0) {
            return false;
        }
        const auto nibble = [](char c) {
            return c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'f'  ? c - 'a' + 10
                : c >= 'A' && c <= 'F'  ? c - 'A' + 10
                                        : -1;
        };
        out.resize(v.size() / 2);
        for (qsizetype i = 0; i < out.size(); ++i) {
            const int hi = nibble(v[2 * i]);
            const int lo = nibble(v[2 * i + 1]);
            if (hi < 0 || lo < 0) {
                return false;
            }
            out[i] = char(hi << 4 | lo);
        }
        return true;
    }
    /// ["a","b",...] of plain strings.
    bool strings(QStringList& out)
    {
        if (!eat('[')) {
            return false;
        }
        if (eat(']')) {
            return true;
        }
        do {
            QString s;
            if (!string(s)) {
                return false;
            }
            out.append(std::move(s));
        } while (eat(','));
        return eat(']');
    }

    /// Past the value that starts here, whatever it holds (strings with escapes included); false when the text ends
    /// first. Only finds the extent: the general path checks the value itself.
    bool skipValue()
    {
        whitespace();
        int depth = 0;
        while (m_p < m_end) {
            const unsigned char c = *m_p++;
            if (c == '"') {
                while (m_p < m_end && *m_p != '"') {
                    m_p += *m_p == '\\' ? 2 : 1;
                }
                if (m_p >= m_end) {
                    return false;
                }
                ++m_p;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                --depth;
            }
            if (depth <= 0) {
                return depth == 0;
            }
        }
        return false;
    }

private:
    /// U+FDD0..U+FDEF and U+xFFFE / U+xFFFF: the fast path leaves them to the general path (Qt's parser).
    static bool nonCharacter(const unsigned char* p, int n)
    {
        if (n == 3) {
            const unsigned cp = (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
            return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
        }
        if (n == 4) {
            const unsigned cp = (p[0] & 0x07u) << 18 | (p[1] & 0x3Fu) << 12 | (p[2] & 0x3Fu) << 6 | (p[3] & 0x3Fu);
            return (cp & 0xFFFE) == 0xFFFE;
        }
        return false;
    }

    const unsigned char* m_p;
    const unsigned char* m_end;
};

/// The index of `key` in `names`, -1 when it is none of them.
template<size_t N> int keyIndex(QByteArrayView key, const char* const (&names)[N])
{
    for (size_t i = 0; i < N; ++i) {
        if (key == QByteArrayView(names[i])) {
            return int(i);
        }
    }
    return -1;
}

/// Reads one object's members with `field(index, bytes)`: every key must be one of `names`, at most once, and every
/// `required` bit must be seen.
template<size_t N, typename Field>
bool readObject(Bytes& b, const char* const (&names)[N], unsigned required, Field&& field)
{
    if (!b.eat('{')) {
        return false;
    }
    unsigned seen = 0;
    if (!b.eat('}')) {
        do {
            QByteArrayView key;
            if (!b.key(key)) {
                return false;
            }
            const int i = keyIndex(key, names);
            if (i < 0 || (seen & (1u << i)) != 0 || !field(i, b)) {
                return false;
            }
            seen |= 1u << i;
        } while (b.eat(','));
        if (!b.eat('}')) {
            return false;
        }
    }
    return (seen & required) == required;
}

bool readTiers(Bytes& b, QList<core::TierAssignment>& out)
{
    static constexpr const char* kNames[] = {"program", "effectiveFrom"};
    if (!b.eat('[')) {
        return false;
    }
    if (b.eat(']')) {
        return true;
    }
    do {
        core::TierAssignment t;
        const bool ok = readObject(b, kNames, 0b01, [&](int i, Bytes& in) {
            if (i == 0) {
                return in.string(t.programId);
            }
            QString s;
            if (!in.string(s) || s.isEmpty()) {
                return false;
            }
            const QDateTime at = QDateTime::fromString(s, Qt::ISODateWithMs);
            t.effectiveFrom = at.toUTC();
            return at.isValid();
        });
        if (!ok) {
            return false;
        }
        out.append(std::move(t));
    } while (b.eat(','));
    return b.eat(']');
}

bool emptyArray(Bytes& b)
{
    return b.eat('[') && b.eat(']');
}

bool readMembership(Bytes& b, core::Membership& m)
{
    static constexpr const char* kNames[]
        = {"id", "number", "holderName", "tiers", "status", "validFrom", "validTo", "overrides", "codeHash"};
    // Required here: all but number and tiers (codeHash too: its absence is left to the general path).
    constexpr unsigned kRequired = 0b101110101;
    return readObject(b, kNames, kRequired, [&](int i, Bytes& in) {
        switch (i) {
        case 0:
            return in.string(m.id);
        case 1:
            return in.string(m.number);
        case 2:
            return in.string(m.holderName);
        case 3:
            return readTiers(in, m.tiers);
        case 4: {
            QString s;
            if (!in.string(s)) {
                return false;
            }
            const auto status = core::membershipStatusFromString(s);
            m.status = status.value_or(m.status);
            return status.has_value();
        }
        case 5:
            return in.date(m.validFrom);
        case 6:
            return in.date(m.validTo);
        case 7:
            return emptyArray(in);
        default:
            return in.hex(m.codeHash);
        }
    });
}

bool readScope(Bytes& b, core::Scope& s)
{
    static constexpr const char* kNames[] = {"resources", "airports"};
    return readObject(b, kNames, 0, [&](int i, Bytes& in) { return in.strings(i == 0 ? s.resourceIds : s.airports); });
}

bool readEPass(Bytes& b, core::EPass& e)
{
    static constexpr const char* kNames[] = {"id",         "module",     "firstName", "lastName", "usages",
                                             "activation", "expiration", "scope",     "status",   "codeHash"};
    // Required here: all but scope and status (travel is the general path's).
    constexpr unsigned kRequired = 0b1001111111;
    return readObject(b, kNames, kRequired, [&](int i, Bytes& in) {
        switch (i) {
        case 0:
            return in.string(e.id);
        case 1:
            return in.string(e.module);
        case 2:
            return in.string(e.firstName);
        case 3:
            return in.string(e.lastName);
        case 4:
            return in.integer(e.usages);
        case 5:
            return in.date(e.activation);
        case 6:
            return in.date(e.expiration);
        case 7:
            return readScope(in, e.scope);
        case 8: {
            QString s;
            if (!in.string(s) || s.isEmpty()) {
                return false;
            }
            const auto status = core::ePassStatusFromString(s);
            e.status = status.value_or(e.status);
            return status.has_value();
        }
        default:
            return in.hex(e.codeHash);
        }
    });
}

/// One record of a list at depth 3 (page → list → record): read by hand, or by the general path on its own text.
template<typename T>
bool readRecord(Bytes& b, bool (*fast)(Bytes&, T&), core::Result<T> (*general)(const QJsonValue&), QList<T>& out)
{
    b.whitespace();
    const char* start = b.position();
    T record;
    if (fast(b, record)) {
        out.append(std::move(record));
        return true;
    }
    b.seek(start);
    if (!b.skipValue()) {
        return false;
    }
    const QByteArray text = QByteArray::fromRawData(start, b.position() - start);
    const auto value = parseStrict(text, kMaxDepth - 2); // two levels above it: the page and the list
    if (!value) {
        return false;
    }
    auto parsed = general(*value);
    if (!parsed) {
        return false;
    }
    out.append(std::move(parsed).value());
    return true;
}

template<typename T>
bool readList(Bytes& b, bool (*fast)(Bytes&, T&), core::Result<T> (*general)(const QJsonValue&), QList<T>& out)
{
    if (!b.eat('[')) {
        return false;
    }
    if (b.eat(']')) {
        return true;
    }
    do {
        if (!readRecord(b, fast, general, out)) {
            return false;
        }
    } while (b.eat(','));
    return b.eat(']');
}

} // namespace

std::optional<FeedReply> readFeedPageFast(const QByteArray& body)
{
    static constexpr const char* kNames[]
        = {"cursor", "memberships", "ePasses", "more", "scanned", "remaining", "serverTime"};
    Bytes b(body.constData(), body.constData() + body.size());
    FeedReply r;
    r.bytes = body.size();
    const bool ok = readObject(b, kNames, 0b1, [&](int i, Bytes& in) {
        switch (i) {
        case 0:
            return in.integer(kMaxExact, r.page.cursor);
        case 1:
            return readList(in, readMembership, core::json::membershipFromJson, r.page.memberships);
        case 2:
            return readList(in, readEPass, core::json::ePassFromJson, r.page.ePasses);
        case 3:
            return in.boolean(r.more);
        case 4:
            return in.integer(r.scanned);
        case 5:
            return in.integer(kMaxExact, r.remaining);
        default: {
            QString s;
            if (!in.string(s) || s.isEmpty()) {
                return false;
            }
            const QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
            r.serverTime = t.toUTC();
            return t.isValid();
        }
        }
    });
    if (!ok || !b.atEnd()) {
        return std::nullopt;
    }
    return r;
}

} // namespace lounge::protocol
