#include "SecurityStore.h"

#include "Json.h"
#include "SecurityJson.h"
#include "Store.h"

#include <QJsonDocument>

namespace lounge::core {

using sqlite::Statement;

namespace {

const QString kClockOffsetKey = QStringLiteral("clock_offset_ms");
const QString kClockMeasuredKey = QStringLiteral("clock_offset_measured_at");

QDateTime fromMs(const Statement& s, int col)
{
    return s.isNull(col) ? QDateTime() : QDateTime::fromMSecsSinceEpoch(s.int64(col), Qt::UTC);
}

void bindTime(Statement& s, int index, const QDateTime& t)
{
    if (t.isValid()) {
        s.bind(index, t.toMSecsSinceEpoch());
    } else {
        s.bind(index, std::nullopt);
    }
}

} // namespace

SecurityStore::SecurityStore(Store& store)
    : m_db(store.database())
{ }

SecurityStore::SecurityStore(sqlite::Database& db)
    : m_db(db)
{ }

Result<std::optional<TokenKey>> SecurityStore::tokenKey(quint16 id) const
{
    auto st = m_db.prepare(
        QStringLiteral("SELECT id, public_key, valid_from_ms, valid_until_ms FROM token_keys WHERE id=?1"));
    if (!st) {
        return st.error();
    }
    (*st)->bind(1, id);
    auto row = (*st)->step();
    if (!row) {
        return row.error();
    }
    std::optional<TokenKey> out;
    if (*row) {
        const Statement& s = **st;
        out = TokenKey {quint16(s.int64(0)), s.blob(1), fromMs(s, 2), fromMs(s, 3)};
    }
    (*st)->reset();
    return out;
}

Result<QList<TokenKey>> SecurityStore::tokenKeys() const
{
    auto st = m_db.prepare(
        QStringLiteral("SELECT id, public_key, valid_from_ms, valid_until_ms FROM token_keys ORDER BY id"));
    if (!st) {
        return st.error();
    }
    QList<TokenKey> out;
    for (;;) {
        auto row = (*st)->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        const Statement& s = **st;
        out.append(TokenKey {quint16(s.int64(0)), s.blob(1), fromMs(s, 2), fromMs(s, 3)});
    }
    return out;
}

Result<void> SecurityStore::upsertTokenKey(const TokenKey& key)
{
    if (key.publicKey.size() != 32) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("token key %1: not an Ed25519 key").arg(key.id));
    }
    auto st = m_db.prepare(QStringLiteral(
        "INSERT INTO token_keys(id, public_key, valid_from_ms, valid_until_ms) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(id) DO UPDATE SET public_key=excluded.public_key, valid_from_ms=excluded.valid_from_ms, "
        "valid_until_ms=excluded.valid_until_ms"));
    if (!st) {
        return st.error();
    }
    Statement& s = **st;
    s.bind(1, key.id).bind(2, key.publicKey);
    bindTime(s, 3, key.validFrom);
    bindTime(s, 4, key.validUntil);
    return s.exec();
}

Result<void> SecurityStore::deleteTokenKey(quint16 id)
{
    auto st = m_db.prepare(QStringLiteral("DELETE FROM token_keys WHERE id=?1"));
    if (!st) {
        return st.error();
    }
    return (*st)->bind(1, id).exec();
}

Result<ClockTrust> SecurityStore::clockTrust() const
{
    auto st = m_db.prepare(QStringLiteral("SELECT key, value FROM meta WHERE key IN (?1, ?2)"));
    if (!st) {
        return st.error();
    }
    (*st)->bind(1, kClockOffsetKey).bind(2, kClockMeasuredKey);
    QString offset;
    QString measured;
    for (;;) {
        auto row = (*st)->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        ((*st)->text(0) == kClockOffsetKey ? offset : measured) = (*st)->text(1);
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
    auto st = m_db.prepare(QStringLiteral("INSERT INTO meta(key, value) VALUES(?1, ?2) "
                                          "ON CONFLICT(key) DO UPDATE SET value=excluded.value"));
    if (!st) {
        return st.error();
    }
    if (auto r = (*st)->bind(1, kClockOffsetKey).bind(2, QString::number(offsetMs)).exec(); !r) {
        return r;
    }
    (*st)->reset();
    return (*st)->bind(1, kClockMeasuredKey).bind(2, json::dateTimeToString(measuredAt)).exec();
}

Result<bool> SecurityStore::tokenSeen(const QByteArray& tokenId) const
{
    auto st = m_db.prepare(QStringLiteral("SELECT 1 FROM seen_tokens WHERE token_id=?1"));
    if (!st) {
        return st.error();
    }
    auto row = (*st)->bind(1, tokenId).step();
    if (!row) {
        return row.error();
    }
    const bool seen = *row;
    (*st)->reset();
    return seen;
}

Result<void> SecurityStore::recordTokenUse(const QByteArray& tokenId, const QDateTime& expiresAt, const QDateTime& now)
{
    auto prune = m_db.prepare(QStringLiteral("DELETE FROM seen_tokens WHERE expires_at_ms < ?1"));
    if (!prune) {
        return prune.error();
    }
    if (auto r = (*prune)->bind(1, now.addSecs(-kReplayPruneMarginSeconds).toMSecsSinceEpoch()).exec(); !r) {
        return r;
    }
    auto st = m_db.prepare(QStringLiteral("INSERT INTO seen_tokens(token_id, expires_at_ms) VALUES(?1, ?2)"));
    if (!st) {
        return st.error();
    }
    // Keep an entry at least until the margin passes even if the expiry looks odd.
    const QDateTime keepUntil = expiresAt.isValid() ? expiresAt : now;
    return (*st)->bind(1, tokenId).bind(2, keepUntil.toMSecsSinceEpoch()).exec(); // UNIQUE → Conflict
}

Result<int> SecurityStore::countRows(const QString& sql) const
{
    auto st = m_db.prepare(sql);
    if (!st) {
        return st.error();
    }
    auto row = (*st)->step();
    if (!row) {
        return row.error();
    }
    const int n = (*st)->integer(0);
    (*st)->reset();
    return n;
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
    auto st = m_db.prepare(QStringLiteral("SELECT body FROM staff WHERE id=?1"));
    if (!st) {
        return st.error();
    }
    auto row = (*st)->bind(1, id).step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<StaffAccount>();
    }
    auto account = json::staffAccountFromJson(QJsonDocument::fromJson((*st)->text(0).toUtf8()).object());
    (*st)->reset();
    if (!account) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("staff row: ") + account.error().detail);
    }
    return std::optional<StaffAccount>(*account);
}

Result<QList<StaffAccount>> SecurityStore::staffAccounts() const
{
    auto st = m_db.prepare(QStringLiteral("SELECT body FROM staff ORDER BY id"));
    if (!st) {
        return st.error();
    }
    QList<StaffAccount> out;
    for (;;) {
        auto row = (*st)->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        auto account = json::staffAccountFromJson(QJsonDocument::fromJson((*st)->text(0).toUtf8()).object());
        if (!account) {
            (*st)->reset();
            return makeError(ErrorCode::Corrupt, QStringLiteral("staff row: ") + account.error().detail);
        }
        out.append(*account);
    }
    return out;
}

Result<void> SecurityStore::upsertStaff(const StaffAccount& account)
{
    auto st = m_db.prepare(
        QStringLiteral("INSERT INTO staff(id, body) VALUES(?1, ?2) ON CONFLICT(id) DO UPDATE SET body=excluded.body"));
    if (!st) {
        return st.error();
    }
    const QString body = QString::fromUtf8(QJsonDocument(json::toJson(account)).toJson(QJsonDocument::Compact));
    return (*st)->bind(1, account.id).bind(2, body).exec();
}

Result<void> SecurityStore::deleteStaff(const QString& id)
{
    auto st = m_db.prepare(QStringLiteral("DELETE FROM staff WHERE id=?1"));
    if (!st) {
        return st.error();
    }
    return (*st)->bind(1, id).exec();
}

Result<StaffLockout> SecurityStore::lockout(const QString& staffId) const
{
    auto st = m_db.prepare(QStringLiteral("SELECT failures, locked_until_ms FROM staff_lockout WHERE staff_id=?1"));
    if (!st) {
        return st.error();
    }
    auto row = (*st)->bind(1, staffId).step();
    if (!row) {
        return row.error();
    }
    StaffLockout out;
    if (*row) {
        out.failures = (*st)->integer(0);
        const qint64 until = (*st)->int64(1);
        if (until > 0) {
            out.lockedUntil = QDateTime::fromMSecsSinceEpoch(until, Qt::UTC);
        }
    }
    (*st)->reset();
    return out;
}

Result<void> SecurityStore::setLockout(const QString& staffId, const StaffLockout& lockout)
{
    auto st = m_db.prepare(QStringLiteral(
        "INSERT INTO staff_lockout(staff_id, failures, locked_until_ms) VALUES(?1, ?2, ?3) "
        "ON CONFLICT(staff_id) DO UPDATE SET failures=excluded.failures, locked_until_ms=excluded.locked_until_ms"));
    if (!st) {
        return st.error();
    }
    return (*st)
        ->bind(1, staffId)
        .bind(2, lockout.failures)
        .bind(3, lockout.lockedUntil.isValid() ? lockout.lockedUntil.toMSecsSinceEpoch() : qint64(0))
        .exec();
}

} // namespace lounge::core
