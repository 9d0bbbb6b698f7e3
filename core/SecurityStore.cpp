#include "SecurityStore.h"

#include "Json.h"
#include "Ledger.h"
#include "SecurityJson.h"
#include "Store.h"

#include <QJsonDocument>

#include <sqlite3.h>

namespace lounge::core {

using sqlite::Statement;

namespace {

const QString kClockOffsetKey = QStringLiteral("clock_offset_ms");
const QString kClockMeasuredKey = QStringLiteral("clock_offset_measured_at");

QDateTime fromMs(const Statement& s, int col)
{
    return s.isNull(col) ? QDateTime() : QDateTime::fromMSecsSinceEpoch(s.int64(col), Qt::UTC);
}

std::optional<qint64> msOrNull(const QDateTime& t)
{
    return t.isValid() ? std::optional<qint64>(t.toMSecsSinceEpoch()) : std::nullopt;
}

TokenKey readTokenKey(const Statement& s)
{
    return TokenKey {quint16(s.int64(0)), s.blob(1), fromMs(s, 2), fromMs(s, 3)};
}

Result<StaffAccount> readStaffAccount(const Statement& s)
{
    auto account = json::staffAccountFromJson(QJsonDocument::fromJson(s.text(0).toUtf8()).object());
    if (!account) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("staff row: ") + account.error().detail);
    }
    return account;
}

const QString kSetMeta = QStringLiteral("INSERT INTO meta(key, value) VALUES(?1, ?2) "
                                        "ON CONFLICT(key) DO UPDATE SET value=excluded.value");

} // namespace

SecurityStore::SecurityStore(Store& store)
    : m_db(store.database())
{ }

SecurityStore::SecurityStore(sqlite::Database& db)
    : m_db(db)
{ }

Result<std::optional<TokenKey>> SecurityStore::tokenKey(quint16 id) const
{
    return m_db.queryOne(
        QStringLiteral("SELECT id, public_key, valid_from_ms, valid_until_ms FROM token_keys WHERE id=?1"),
        readTokenKey, id);
}

Result<QList<TokenKey>> SecurityStore::tokenKeys() const
{
    return m_db.queryAll(
        QStringLiteral("SELECT id, public_key, valid_from_ms, valid_until_ms FROM token_keys ORDER BY id"),
        readTokenKey);
}

Result<void> SecurityStore::upsertTokenKey(const TokenKey& key)
{
    if (key.publicKey.size() != 32) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("token key %1: not an Ed25519 key").arg(key.id));
    }
    return m_db.exec(
        QStringLiteral(
            "INSERT INTO token_keys(id, public_key, valid_from_ms, valid_until_ms) VALUES(?1, ?2, ?3, ?4) "
            "ON CONFLICT(id) DO UPDATE SET public_key=excluded.public_key, valid_from_ms=excluded.valid_from_ms, "
            "valid_until_ms=excluded.valid_until_ms"),
        key.id, key.publicKey, msOrNull(key.validFrom), msOrNull(key.validUntil));
}

Result<void> SecurityStore::deleteTokenKey(quint16 id)
{
    return m_db.exec(QStringLiteral("DELETE FROM token_keys WHERE id=?1"), id);
}

Result<ClockTrust> SecurityStore::clockTrust() const
{
    auto rows = m_db.queryAll(
        QStringLiteral("SELECT key, value FROM meta WHERE key IN (?1, ?2)"),
        [](const Statement& s) { return std::pair(s.text(0), s.text(1)); }, kClockOffsetKey, kClockMeasuredKey);
    if (!rows) {
        return rows.error();
    }
    QString offset;
    QString measured;
    for (const auto& [key, value] : *rows) {
        (key == kClockOffsetKey ? offset : measured) = value;
    }
    ClockTrust trust;
    bool ok = false;
    trust.offsetMs = offset.toLongLong(&ok);
    trust.measuredAt = QDateTime::fromString(measured, Qt::ISODateWithMs).toUTC();
    trust.known = ok && trust.measuredAt.isValid();
    return trust;
}

Result<void> SecurityStore::setClockOffset(qint64 offsetMs, const QDateTime& measuredAt)
{
    // The offset moves the token clock, so it is chained in the ledger with the change (one transaction).
    std::optional<sqlite::Transaction> tx;
    if (sqlite3_get_autocommit(m_db.handle())) {
        auto begun = sqlite::Transaction::begin(m_db);
        if (!begun) {
            return begun.error();
        }
        tx.emplace(std::move(begun).value());
    }
    const QString offset = QString::number(offsetMs);
    const QString measured = json::dateTimeToString(measuredAt);
    if (auto r = m_db.exec(kSetMeta, kClockOffsetKey, offset); !r) {
        return r;
    }
    if (auto r = m_db.exec(kSetMeta, kClockMeasuredKey, measured); !r) {
        return r;
    }
    if (auto r = ledger::append(m_db, ledger::kSettings,
                                QJsonObject {{kClockOffsetKey, offset}, {kClockMeasuredKey, measured}});
        !r) {
        return r;
    }
    return tx ? tx->commit() : Result<void> {};
}

Result<bool> SecurityStore::tokenSeen(const QByteArray& tokenId) const
{
    // The journal's token ids are hashed into its chain: deleting rows of seen_tokens does not make a token new again.
    auto seen = m_db.queryValue<bool>(QStringLiteral("SELECT 1 FROM seen_tokens WHERE token_id=?1 UNION ALL "
                                                     "SELECT 1 FROM journal WHERE token_id=?1 LIMIT 1"),
                                      tokenId);
    if (!seen) {
        return seen.error();
    }
    return *seen;
}

Result<void> SecurityStore::recordTokenUse(const QByteArray& tokenId, const QDateTime& expiresAt, const QDateTime& now)
{
    if (auto r = m_db.exec(QStringLiteral("DELETE FROM seen_tokens WHERE expires_at_ms < ?1"),
                           now.addSecs(-kReplayPruneMarginSeconds).toMSecsSinceEpoch());
        !r) {
        return r;
    }
    // Keep an entry at least until the margin passes even if the expiry looks odd.
    const QDateTime keepUntil = expiresAt.isValid() ? expiresAt : now;
    return m_db.exec(QStringLiteral("INSERT INTO seen_tokens(token_id, expires_at_ms) VALUES(?1, ?2)"), tokenId,
                     keepUntil.toMSecsSinceEpoch()); // UNIQUE → Conflict
}

Result<int> SecurityStore::countRows(const QString& sql) const
{
    return m_db.queryValue<int>(sql);
}

Result<int> SecurityStore::seenTokenCount() const
{
    return countRows(QStringLiteral("SELECT COUNT(*) FROM seen_tokens"));
}

Result<int> SecurityStore::staffCount() const
{
    return countRows(QStringLiteral("SELECT COUNT(*) FROM staff"));
}

Result<std::optional<StaffAccount>> SecurityStore::staffAccount(const QString& id) const
{
    return m_db.queryOne(QStringLiteral("SELECT body FROM staff WHERE id=?1"), readStaffAccount, id);
}

Result<QList<StaffAccount>> SecurityStore::staffAccounts() const
{
    return m_db.queryAll(QStringLiteral("SELECT body FROM staff ORDER BY id"), readStaffAccount);
}

Result<void> SecurityStore::upsertStaff(const StaffAccount& account)
{
    const QString body = QString::fromUtf8(QJsonDocument(json::toJson(account)).toJson(QJsonDocument::Compact));
    return m_db.exec(
        QStringLiteral("INSERT INTO staff(id, body) VALUES(?1, ?2) ON CONFLICT(id) DO UPDATE SET body=excluded.body"),
        account.id, body);
}

Result<void> SecurityStore::deleteStaff(const QString& id)
{
    return m_db.exec(QStringLiteral("DELETE FROM staff WHERE id=?1"), id);
}

Result<StaffLockout> SecurityStore::lockout(const QString& staffId) const
{
    auto found = m_db.queryOne(
        QStringLiteral("SELECT failures, locked_until_ms FROM staff_lockout WHERE staff_id=?1"),
        [](const Statement& s) {
            StaffLockout out;
            out.failures = s.integer(0);
            const qint64 until = s.int64(1);
            if (until > 0) {
                out.lockedUntil = QDateTime::fromMSecsSinceEpoch(until, Qt::UTC);
            }
            return out;
        },
        staffId);
    if (!found) {
        return found.error();
    }
    return found->value_or(StaffLockout {});
}

Result<void> SecurityStore::setLockout(const QString& staffId, const StaffLockout& lockout)
{
    return m_db.exec(
        QStringLiteral(
            "INSERT INTO staff_lockout(staff_id, failures, locked_until_ms) VALUES(?1, ?2, ?3) "
            "ON CONFLICT(staff_id) DO UPDATE SET failures=excluded.failures, locked_until_ms=excluded.locked_until_ms"),
        staffId, lockout.failures, lockout.lockedUntil.isValid() ? lockout.lockedUntil.toMSecsSinceEpoch() : qint64(0));
}

} // namespace lounge::core
