#include "Ledger.h"

#include <QCryptographicHash>
#include <QJsonDocument>

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

Result<void> append(sqlite::Database& db, const QString& kind, const QJsonObject& body)
{
    if (body.isEmpty()) {
        return {};
    }
    auto last = db.queryValue<QByteArray>(QStringLiteral("SELECT hash FROM ledger ORDER BY seq DESC LIMIT 1"));
    if (!last) {
        return last.error();
    }
    const QString text = QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact));
    return db.exec(QStringLiteral("INSERT INTO ledger(kind, body, prev_hash, hash) VALUES(?1, ?2, ?3, ?4)"), kind, text,
                   last->isEmpty() ? QByteArray("") : *last, entryHash(*last, kind, text));
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
