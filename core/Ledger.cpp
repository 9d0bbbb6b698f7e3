#include "Ledger.h"

#include "crypto/Sodium.h"

#include <QCryptographicHash>
#include <QJsonDocument>

#include <sodium.h>

#include <array>
#include <charconv>
#include <cstring>
#include <initializer_list>

namespace lounge::core::ledger {

using sqlite::Statement;

const QStringList& trackedSettings()
{
    static const QStringList keys {
        QStringLiteral("terminal_id"),
        QStringLiteral("resource_id"),
        QStringLiteral("recently_used_seconds"),
        QStringLiteral("stale_after_seconds"),
        QStringLiteral("void_window_seconds"),
        QStringLiteral("mode"),
        QStringLiteral("central_url"),
        QStringLiteral("cursor"),
        QStringLiteral("last_sync"),
        QStringLiteral("demo_data"),
        QStringLiteral("clock_offset_ms"),
        QStringLiteral("clock_offset_measured_at"),
    };
    return keys;
}

bool isTrackedSetting(const QString& key)
{
    return trackedSettings().contains(key);
}

QString usageKey(const QString& credential, const QString& module, const QString& pool, const QString& period)
{
    return QStringList {credential, module, pool, period}.join(QChar(0x1f));
}

QByteArray entryHash(const QByteArray& prevHash, const QString& kind, const QString& body)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(prevHash);
    h.addData(kind.toUtf8());
    h.addData(QByteArrayView("\n", 1));
    h.addData(body.toUtf8());
    return h.result();
}

QByteArray entryHash(const QByteArray& prevHash, const QString& kind, const QString& body, const QByteArray& digest)
{
    if (digest.isNull()) {
        return entryHash(prevHash, kind, body); // an entry from before schema 6
    }
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(prevHash);
    h.addData(kind.toUtf8());
    h.addData(QByteArrayView("\n", 1));
    h.addData(body.toUtf8());
    h.addData(QByteArrayView("\n", 1));
    h.addData(digest);
    return h.result();
}

namespace {

constexpr int kDigestBytes = 32;

/// A 256-bit number, little-endian words; the digest is a sum of row hashes modulo 2^256.
struct Digest
{
    std::array<quint64, 4> w {};

    static Digest fromBytes(QByteArrayView b)
    {
        Digest d;
        if (b.size() == kDigestBytes) {
            std::memcpy(d.w.data(), b.data(), kDigestBytes);
        }
        return d;
    }
    QByteArray bytes() const { return QByteArray(reinterpret_cast<const char*>(w.data()), kDigestBytes); }
    void add(const Digest& o)
    {
        quint64 carry = 0;
        for (int i = 0; i < 4; ++i) {
            const quint64 a = w[i] + o.w[i];
            const quint64 c1 = a < w[i] ? 1 : 0;
            w[i] = a + carry;
            carry = c1 + (w[i] < a ? 1 : 0);
        }
    }
    void subtract(const Digest& o)
    {
        Digest negated; // two's complement: ~o + 1
        for (int i = 0; i < 4; ++i) {
            negated.w[i] = ~o.w[i];
        }
        add(negated);
        add(Digest {{1, 0, 0, 0}});
    }
};

void putField(crypto_generichash_state* st, QByteArrayView field)
{
    const quint32 n = quint32(field.size());
    unsigned char len[4] = {uchar(n), uchar(n >> 8), uchar(n >> 16), uchar(n >> 24)};
    crypto_generichash_update(st, len, sizeof len);
    crypto_generichash_update(st, reinterpret_cast<const unsigned char*>(field.data()), field.size());
}

/// BLAKE2b-256 of one (kind, key, value), each length-prefixed. A usage key is its parts joined by 0x1f; they are
/// fed in parts so that the open's scan need not build the joined string.
Digest rowDigest(QByteArrayView kind, std::initializer_list<QByteArrayView> keyParts, QByteArrayView value)
{
    ensureSodium();
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, kDigestBytes);
    putField(&st, kind);
    qsizetype keyLength = qsizetype(keyParts.size()) - 1;
    for (QByteArrayView part : keyParts) {
        keyLength += part.size();
    }
    const quint32 n = quint32(keyLength);
    unsigned char len[4] = {uchar(n), uchar(n >> 8), uchar(n >> 16), uchar(n >> 24)};
    crypto_generichash_update(&st, len, sizeof len);
    bool first = true;
    for (QByteArrayView part : keyParts) {
        if (!first) {
            crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>("\x1f"), 1);
        }
        first = false;
        crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(part.data()), part.size());
    }
    putField(&st, value);
    Digest d;
    crypto_generichash_final(&st, reinterpret_cast<unsigned char*>(d.w.data()), kDigestBytes);
    return d;
}

Digest rowDigest(QByteArrayView kind, QByteArrayView key, QByteArrayView value)
{
    return rowDigest(kind, {key}, value);
}

/// Steps `sql` to the end, calling `row(statement)` for each row.
template<typename Row> Result<void> eachRow(sqlite::Database& db, const QString& sql, Row&& row)
{
    auto q = db.query(sql);
    if (!q) {
        return q.error();
    }
    for (;;) {
        auto more = (*q)->step();
        if (!more) {
            return more.error();
        }
        if (!*more) {
            return {};
        }
        row(**q);
    }
}

/// The state a JSON body value records ("" for a removal, which has no row).
std::optional<QString> stateValue(const QJsonValue& v)
{
    if (v.isNull() || v.isUndefined()) {
        return std::nullopt;
    }
    if (v.isString()) {
        return v.toString();
    }
    return v.toVariant().toString();
}

bool isStateKind(const QString& kind)
{
    return kind == kUsage || kind == kAck || kind == kSettings;
}

Result<bool> hasDigests(sqlite::Database& db)
{
    return db.queryValue<bool>(
        QStringLiteral("SELECT 1 FROM sqlite_master WHERE type='table' AND name='ledger_state'"));
}

Result<Digest> stateDigest(sqlite::Database& db)
{
    Digest sum;
    auto rows = eachRow(db, QStringLiteral("SELECT kind, key, value FROM ledger_state"),
                        [&](const sqlite::Statement& s) { sum.add(rowDigest(s.bytes(0), s.bytes(1), s.bytes(2))); });
    if (!rows) {
        return rows.error();
    }
    return sum;
}

Result<void> insertEntry(sqlite::Database& db, const QString& kind, const QString& text, const QByteArray& digest)
{
    auto last = db.queryValue<QByteArray>(QStringLiteral("SELECT hash FROM ledger ORDER BY seq DESC LIMIT 1"));
    if (!last) {
        return last.error();
    }
    const QByteArray prev = last->isEmpty() ? QByteArray("") : *last;
    if (digest.isNull()) {
        return db.exec(QStringLiteral("INSERT INTO ledger(kind, body, prev_hash, hash) VALUES(?1, ?2, ?3, ?4)"), kind,
                       text, prev, entryHash(*last, kind, text));
    }
    return db.exec(QStringLiteral("INSERT INTO ledger(kind, body, prev_hash, hash, digest) VALUES(?1, ?2, ?3, ?4, ?5)"),
                   kind, text, prev, entryHash(*last, kind, text, digest), digest);
}

} // namespace

Result<void> append(sqlite::Database& db, const QString& kind, const QJsonObject& body)
{
    if (body.isEmpty()) {
        return {};
    }
    const QString text = QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact));
    auto digests = hasDigests(db);
    if (!digests) {
        return digests.error();
    }
    if (!*digests) {
        return insertEntry(db, kind, text, QByteArray()); // a file being brought up to schema 6
    }
    auto before = chainedDigest(db);
    if (!before) {
        return before.error();
    }
    Digest digest = Digest::fromBytes(*before);
    if (isStateKind(kind)) {
        const QByteArray kindUtf8 = kind.toUtf8();
        for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
            const QString& key = it.key();
            const QByteArray keyUtf8 = key.toUtf8();
            auto old = db.queryOne(
                QStringLiteral("SELECT value FROM ledger_state WHERE kind=?1 AND key=?2"),
                [](const sqlite::Statement& s) { return s.bytes(0).toByteArray(); }, kind, key);
            if (!old) {
                return old.error();
            }
            if (*old) {
                digest.subtract(rowDigest(kindUtf8, keyUtf8, **old));
            }
            const std::optional<QString> value = stateValue(it.value());
            Result<void> r;
            if (value) {
                digest.add(rowDigest(kindUtf8, keyUtf8, value->toUtf8()));
                r = db.exec(QStringLiteral("INSERT INTO ledger_state(kind, key, value) VALUES(?1, ?2, ?3) "
                                           "ON CONFLICT(kind, key) DO UPDATE SET value=excluded.value"),
                            kind, key, *value);
            } else {
                r = db.exec(QStringLiteral("DELETE FROM ledger_state WHERE kind=?1 AND key=?2"), kind, key);
            }
            if (!r) {
                return r;
            }
        }
    }
    return insertEntry(db, kind, text, digest.bytes());
}

Result<QByteArray> chainedDigest(sqlite::Database& db)
{
    auto latest
        = db.queryOne(QStringLiteral("SELECT digest FROM ledger WHERE digest IS NOT NULL ORDER BY seq DESC LIMIT 1"),
                      [](const sqlite::Statement& s) { return s.blob(0); });
    if (!latest) {
        return latest.error();
    }
    if (!*latest) {
        // No entry carries one yet: only a file that has just been brought to schema 6 (its state is re-derived and
        // sealed by the same open) or an empty ledger.
        auto d = stateDigest(db);
        if (!d) {
            return d.error();
        }
        return d->bytes();
    }
    return **latest;
}

Result<QByteArray> liveDigest(sqlite::Database& db)
{
    // The same projections as liveState, read column by column straight from SQLite's buffers (a store open runs this
    // over every usage counter and answered visit: no string building in SQL, no maps).
    QStringList quoted;
    for (const auto& k : trackedSettings()) {
        quoted << QLatin1Char('\'') + k + QLatin1Char('\'');
    }
    Digest sum;
    auto settings = eachRow(
        db, QStringLiteral("SELECT key, value FROM meta WHERE key IN (%1)").arg(quoted.join(QLatin1Char(','))),
        [&](const sqlite::Statement& s) { sum.add(rowDigest("settings", s.bytes(0), s.bytes(1))); });
    if (!settings) {
        return settings.error();
    }
    auto usage = eachRow(db, QStringLiteral("SELECT cred, module, pool, period, used FROM usage"),
                         [&](const sqlite::Statement& s) {
                             char used[24];
                             const auto end = std::to_chars(used, used + sizeof used, s.int64(4)).ptr;
                             sum.add(rowDigest("usage", {s.bytes(0), s.bytes(1), s.bytes(2), s.bytes(3)},
                                               QByteArrayView(used, end - used)));
                         });
    if (!usage) {
        return usage.error();
    }
    auto acks = eachRow(
        db,
        QStringLiteral(
            "SELECT id, state, server_seq FROM journal WHERE state IN ('acknowledged', 'conflict', 'rejected')"),
        [&](const sqlite::Statement& s) {
            const QByteArrayView state = s.bytes(1);
            if (state == "rejected") {
                sum.add(rowDigest("ack", s.bytes(0), state));
                return;
            }
            char value[64];
            qsizetype n = std::min<qsizetype>(state.size(), 32);
            std::memcpy(value, state.data(), size_t(n));
            value[n++] = ':';
            if (!s.isNull(2)) {
                n = std::to_chars(value + n, value + sizeof value, s.int64(2)).ptr - value;
            }
            sum.add(rowDigest("ack", s.bytes(0), QByteArrayView(value, n)));
        });
    if (!acks) {
        return acks.error();
    }
    return sum.bytes();
}

Result<QByteArray> digestOfChainedState(sqlite::Database& db)
{
    Digest sum;
    for (const QString& kind : {kSettings, kUsage, kAck}) {
        auto state = chainedState(db, kind);
        if (!state) {
            return state.error();
        }
        const QByteArray kindUtf8 = kind.toUtf8();
        for (auto it = state->cbegin(); it != state->cend(); ++it) {
            sum.add(rowDigest(kindUtf8, it.key().toUtf8(), it.value().toUtf8()));
        }
    }
    return sum.bytes();
}

Result<void> resealFromEntries(sqlite::Database& db)
{
    if (auto r = db.exec(QStringLiteral("DELETE FROM ledger_state")); !r) {
        return r;
    }
    if (auto r = db.exec(QStringLiteral(
            "INSERT INTO ledger_state(kind, key, value) SELECT kind, k, v FROM (SELECT l.kind AS kind, e.key AS k, "
            "e.value AS v, e.type AS t, ROW_NUMBER() OVER (PARTITION BY l.kind, e.key ORDER BY l.seq DESC) AS rn "
            "FROM ledger l, json_each(l.body) e WHERE l.kind IN ('settings', 'usage', 'ack')) "
            "WHERE rn = 1 AND t != 'null'"));
        !r) {
        return r;
    }
    auto digest = stateDigest(db);
    if (!digest) {
        return digest.error();
    }
    auto rows = db.queryValue<qint64>(QStringLiteral("SELECT COUNT(*) FROM ledger_state"));
    if (!rows) {
        return rows.error();
    }
    const QJsonObject body {{QStringLiteral("stateEntries"), QString::number(*rows)}};
    return insertEntry(db, kSeal, QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact)),
                       digest->bytes());
}

Result<bool> present(sqlite::Database& db)
{
    return db.queryValue<bool>(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type='table' AND name='ledger'"));
}

namespace {

QString settingsProjection()
{
    QStringList quoted;
    for (const auto& k : trackedSettings()) {
        quoted << QLatin1Char('\'') + k + QLatin1Char('\'');
    }
    return QStringLiteral("SELECT key, value FROM meta WHERE key IN (%1)").arg(quoted.join(QLatin1Char(',')));
}

} // namespace

Result<QMap<QString, QString>> liveState(sqlite::Database& db, const QString& kind)
{
    QString sql;
    if (kind == kUsage) {
        sql = QStringLiteral("SELECT cred || char(31) || module || char(31) || pool || char(31) || period, "
                             "CAST(used AS TEXT) FROM usage");
    } else if (kind == kAck) {
        sql = QStringLiteral("SELECT id, CASE state WHEN 'rejected' THEN 'rejected' "
                             "ELSE state || ':' || COALESCE(server_seq, '') END FROM journal "
                             "WHERE state IN ('acknowledged', 'conflict', 'rejected')");
    } else if (kind == kSettings) {
        sql = settingsProjection();
    } else {
        return makeError(ErrorCode::InvalidArgument, kind);
    }
    auto rows = db.queryAll(sql, [](const Statement& s) { return std::pair(s.text(0), s.text(1)); });
    if (!rows) {
        return rows.error();
    }
    QMap<QString, QString> out;
    for (const auto& [k, v] : *rows) {
        out.insert(k, v);
    }
    return out;
}

Result<QMap<QString, QString>> chainedState(sqlite::Database& db, const QString& kind)
{
    // Latest entry per key; json_each walks each body's keys. A JSON null records a removal.
    auto rows = db.queryAll(
        QStringLiteral("SELECT k, v, t FROM (SELECT e.key AS k, e.value AS v, e.type AS t, "
                       "ROW_NUMBER() OVER (PARTITION BY e.key ORDER BY l.seq DESC) AS rn "
                       "FROM ledger l, json_each(l.body) e WHERE l.kind = ?1) WHERE rn = 1"),
        [](const Statement& s) { return std::tuple(s.text(0), s.text(1), s.text(2)); }, kind);
    if (!rows) {
        return rows.error();
    }
    QMap<QString, QString> out;
    for (const auto& [k, v, type] : *rows) {
        if (type != QLatin1String("null")) {
            out.insert(k, v);
        }
    }
    return out;
}

} // namespace lounge::core::ledger
