#include "StrictJson.h"

#include "JsonBytes.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtEndian>

#include <array>
#include <bit>
#include <cstring>
#include <memory>
#include <vector>

namespace lounge::protocol {

using bytes::lookMask;
using bytes::utf8Sequence;
using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

core::Error refuse(const QString& why)
{
    return makeError(ErrorCode::InvalidArgument, why);
}

/// A cheap key hash (length, first and last 8 bytes): equal hashes are compared in full, so it only has to be fast
/// and spread the keys of one object. `limit`: the end of readable memory (whole-word loads, no byte loop).
quint64 keyHash(const char* p, qsizetype n, const char* limit)
{
    quint64 head = 0;
    quint64 tail = 0;
    if (limit - p >= 8) {
        std::memcpy(&head, p, 8);
        if (n < 8) {
            head &= (quint64(1) << (8 * n)) - 1;
        }
    } else {
        for (qsizetype i = 0; i < qMin<qsizetype>(n, 8); ++i) {
            head |= quint64(static_cast<unsigned char>(p[i])) << (8 * i);
        }
    }
    if (n > 8) {
        std::memcpy(&tail, p + n - 8, 8);
    }
    return (head * 0x9E3779B97F4A7C15ull) ^ (tail + quint64(n)) * 0xC2B2AE3D27D4EB4Full;
}

/// A key as written (quotes included); escaped keys are compared by their decoded text.
struct Key
{
    quint64 hash; ///< of the decoded text
    const char* raw;
    qsizetype size;
    bool escaped;
};

QString decodeKey(const Key& k)
{
    if (!k.escaped) {
        return QString::fromUtf8(k.raw + 1, k.size - 2);
    }
    // "\u0061" and "a" are the same key: decode escapes with the same parser that builds the value.
    return QJsonDocument::fromJson("[" + QByteArray(k.raw, k.size) + "]").array().at(0).toString();
}

bool sameKey(const Key& a, const Key& b)
{
    if (a.hash != b.hash) {
        return false;
    }
    if (!a.escaped && !b.escaped) {
        return a.size == b.size && std::memcmp(a.raw, b.raw, size_t(a.size)) == 0;
    }
    return decodeKey(a) == decodeKey(b);
}

struct Frame
{
    bool object = false;
    bool expectKey = false;
    size_t firstKey = 0; ///< index of this object's first key in the key stack
    /// Objects with many keys (hostile bodies) look keys up by hash instead of comparing each with all before it.
    std::unique_ptr<QMultiHash<quint64, size_t>> index;
};

constexpr size_t kLinearKeys = 24;

/// Bytes a string scan passes over: everything but the closing quote, a backslash and the lead of a multi-byte
/// UTF-8 sequence.
constexpr auto kPlain = [] {
    std::array<bool, 256> t {};
    for (int c = 0; c < 0x80; ++c) {
        t[size_t(c)] = c != '"' && c != '\\';
    }
    return t;
}();

/// The checks QJsonDocument does not make, in one pass over text it has already accepted.
Result<void> scan(const QByteArray& text, int maxDepth)
{
    std::vector<Frame> frames;
    std::vector<Key> keys;
    frames.reserve(size_t(qMin(maxDepth, 64)));
    keys.reserve(64);
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* const end = p + text.size();
    while (p < end) {
        const unsigned char c = *p;
        if (c == '"') {
            const unsigned char* start = p++;
            bool escaped = false;
            while (true) {
                // Most of a body is plain ASCII inside strings: eight bytes at a time until something to look at.
                if (end - p >= 8) {
                    quint64 w;
                    std::memcpy(&w, p, 8);
                    w = qFromLittleEndian(w); // the first byte lowest, whatever the machine
                    const quint64 m = lookMask(w);
                    if (m == 0) {
                        p += 8;
                        continue;
                    }
                    p += std::countr_zero(m) >> 3;
                } else {
                    while (p < end && kPlain[*p]) {
                        ++p;
                    }
                }
                if (p >= end || *p == '"') {
                    break;
                }
                if (*p == '\\') {
                    escaped = true;
                    p += 2;
                } else {
                    const int n = utf8Sequence(p, end);
                    if (n == 0) {
                        return refuse(QStringLiteral("malformed JSON: not valid UTF-8"));
                    }
                    p += n;
                }
            }
            p = p < end ? p + 1 : end; // the closing quote (text QJsonDocument refused may lack it)
            if (!frames.empty() && frames.back().object && frames.back().expectKey) {
                Frame& f = frames.back();
                f.expectKey = false;
                const auto* raw = reinterpret_cast<const char*>(start);
                Key key {0, raw, qsizetype(p - start), escaped};
                if (escaped) {
                    const QByteArray decoded = decodeKey(key).toUtf8();
                    key.hash = keyHash(decoded.constData(), decoded.size(), decoded.constData() + decoded.size());
                } else {
                    key.hash = keyHash(raw + 1, key.size - 2, reinterpret_cast<const char*>(end));
                }
                const size_t count = keys.size() - f.firstKey;
                if (f.index) {
                    for (auto it = f.index->constFind(key.hash); it != f.index->cend() && it.key() == key.hash; ++it) {
                        if (sameKey(keys[*it], key)) {
                            return refuse(decodeKey(key) + QLatin1String(": repeated key"));
                        }
                    }
                } else {
                    for (size_t i = f.firstKey; i < keys.size(); ++i) {
                        if (sameKey(keys[i], key)) {
                            return refuse(decodeKey(key) + QLatin1String(": repeated key"));
                        }
                    }
                    if (count + 1 > kLinearKeys) {
                        f.index = std::make_unique<QMultiHash<quint64, size_t>>();
                        for (size_t i = f.firstKey; i < keys.size(); ++i) {
                            f.index->insert(keys[i].hash, i);
                        }
                    }
                }
                if (f.index) {
                    f.index->insert(key.hash, keys.size());
                }
                keys.push_back(key);
            }
        } else if (c == '{' || c == '[') {
            if (frames.size() >= size_t(maxDepth)) {
                return refuse(QStringLiteral("malformed JSON: nested deeper than %1 levels").arg(maxDepth));
            }
            frames.push_back(Frame {c == '{', c == '{', keys.size(), nullptr});
            ++p;
        } else if (c == '}' || c == ']') {
            if (!frames.empty()) {
                keys.resize(frames.back().firstKey);
                frames.pop_back();
            }
            ++p;
        } else if (c == ',') {
            if (!frames.empty() && frames.back().object) {
                frames.back().expectKey = true;
            }
            ++p;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            // A number: QJsonDocument has checked its syntax (but for "1.") and that it fits a double.
            const unsigned char* start = p;
            if (*p == '-') {
                ++p;
            }
            const unsigned char* digits = p;
            while (p < end && *p >= '0' && *p <= '9') {
                ++p;
            }
            const qsizetype intDigits = p - digits;
            bool integral = true;
            if (p < end && *p == '.') {
                integral = false;
                ++p;
                if (p == end || *p < '0' || *p > '9') {
                    return refuse(QStringLiteral("malformed JSON: a digit must follow the decimal point"));
                }
            }
            while (p < end && ((*p >= '0' && *p <= '9') || *p == 'e' || *p == 'E' || *p == '+' || *p == '-')) {
                integral = integral && *p >= '0' && *p <= '9';
                ++p;
            }
            // Beyond ±2^53 a double no longer holds every integer: 9007199254740993 would read as ...992.
            if (integral && intDigits >= 16) {
                bool over = intDigits > 16;
                if (!over) {
                    over = std::memcmp(digits, "9007199254740992", 16) > 0;
                }
                if (over) {
                    return refuse(QStringLiteral("%1: number out of range (integers up to ±2^53)")
                                      .arg(QString::fromLatin1(reinterpret_cast<const char*>(start), p - start)));
                }
            }
        } else {
            ++p;
        }
    }
    return {};
}

} // namespace

Result<QJsonValue> parseStrict(const QByteArray& text, int maxDepth)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError) {
        // Qt reads invalid UTF-8 in a string as U+FFFD; say which problem it is when that is the cause.
        if (auto s = scan(text, maxDepth); !s) {
            return s.error();
        }
        return refuse(QStringLiteral("malformed JSON: %1 at byte %2").arg(error.errorString()).arg(error.offset));
    }
    if (auto s = scan(text, maxDepth); !s) {
        return s.error();
    }
    if (doc.isObject()) {
        return QJsonValue(doc.object());
    }
    if (doc.isArray()) {
        return QJsonValue(doc.array());
    }
    return refuse(QStringLiteral("malformed JSON: expected an object or an array"));
}

Result<QJsonObject> parseStrictObject(const QByteArray& text, int maxDepth)
{
    auto v = parseStrict(text, maxDepth);
    if (!v) {
        return v.error();
    }
    if (!v->isObject()) {
        return refuse(QStringLiteral("expected a JSON object"));
    }
    return v->toObject();
}

} // namespace lounge::protocol
