#include "SqliteCentralStore.h"

#include "Json.h"

#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcCentralStore, "lounge.central.store")

namespace lounge::central {

using core::ErrorCode;
using core::makeError;
using core::Result;
using core::sqlite::Statement;
using core::sqlite::Transaction;

QString toString(StoredRedemption::Status s)
{
    switch (s) {
    case StoredRedemption::Status::Accepted:
        return QStringLiteral("accepted");
    case StoredRedemption::Status::Conflict:
        return QStringLiteral("conflict");
    case StoredRedemption::Status::Rejected:
        return QStringLiteral("rejected");
    }
    return {};
}

namespace {

// Forward-only migrations; index i brings the schema from version i to i+1. Never edit a shipped entry.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
-- The change log: the latest state of every record, keyed by (kind, id), ordered by a monotonically increasing seq.
CREATE TABLE records (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL UNIQUE,
    deleted INTEGER NOT NULL DEFAULT 0,
    body TEXT NOT NULL,
    audience_module TEXT,
    audience_scope TEXT,
    code_hash BLOB,
    number TEXT,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE INDEX records_code ON records(kind, code_hash) WHERE code_hash IS NOT NULL;
CREATE INDEX records_number ON records(number) WHERE number IS NOT NULL;
CREATE TABLE sealed_codes (cred TEXT PRIMARY KEY, sealed BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE enrollment_codes (
    code_hash BLOB PRIMARY KEY, resource TEXT NOT NULL, expires_ms INTEGER NOT NULL, used_by TEXT, used_ms INTEGER
);
CREATE TABLE terminals (id TEXT PRIMARY KEY, resource TEXT NOT NULL, secret_hash BLOB NOT NULL,
                        enrolled_ms INTEGER NOT NULL);
CREATE TABLE redemptions (
    id TEXT PRIMARY KEY,
    cred TEXT NOT NULL,
    resource TEXT NOT NULL,
    terminal TEXT NOT NULL,
    kind TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    server_seq INTEGER NOT NULL,
    received_ms INTEGER NOT NULL,
    online INTEGER NOT NULL DEFAULT 0,
    voided_by TEXT,
    body TEXT NOT NULL
);
CREATE INDEX redemptions_cred ON redemptions(cred, at_ms);
CREATE INDEX redemptions_status ON redemptions(status) WHERE status != 'accepted';
)sql",
};
constexpr int kMigrationCount = int(sizeof(kMigrations) / sizeof(kMigrations[0]));
static_assert(kMigrationCount == SqliteCentralStore::kSchemaVersion);

const QString kRecordColumns = QStringLiteral(
    "SELECT kind, id, seq, deleted, body, audience_module, audience_scope, code_hash, number FROM records ");

ChangeRecord readRecord(Statement& s)
{
    ChangeRecord r;
    r.kind = s.text(0);
    r.id = s.text(1);
    r.seq = s.int64(2);
    r.deleted = s.integer(3) != 0;
    r.body = s.text(4).toUtf8();
    r.audienceModule = s.text(5);
    r.audienceScope = s.text(6).toUtf8();
    r.codeHash = s.blob(7);
    r.number = s.text(8);
    return r;
}

} // namespace

SqliteCentralStore::SqliteCentralStore(std::unique_ptr<core::sqlite::Database> db)
    : m_db(std::move(db))
{ }

SqliteCentralStore::~SqliteCentralStore() = default;

Result<std::unique_ptr<SqliteCentralStore>> SqliteCentralStore::open(const QString& path)
{
    const bool existed = path == QLatin1String(":memory:") || QFile::exists(path);
    auto db = core::sqlite::Database::open(path);
    if (!db) {
        return db.error();
    }
    if (!existed) {
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    }
    std::unique_ptr<SqliteCentralStore> store(new SqliteCentralStore(std::move(db).value()));
    if (auto r = store->m_db->execScript(
            QStringLiteral("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"));
        !r) {
        return r.error();
    }
    if (auto r = store->migrate(); !r) {
        return r.error();
    }
    return store;
}

Result<void> SqliteCentralStore::migrate()
{
    auto st = m_db->prepare(QStringLiteral("PRAGMA user_version"));
    if (!st) {
        return st.error();
    }
    if (auto row = (*st)->step(); !row) {
        return row.error();
    }
    const int version = (*st)->integer(0);
    (*st)->reset();
    if (version > kSchemaVersion) {
        return makeError(ErrorCode::SchemaTooNew, QStringLiteral("central schema %1").arg(version));
    }
    for (int v = version; v < kSchemaVersion; ++v) {
        auto tx = Transaction::begin(*m_db);
        if (!tx) {
            return tx.error();
        }
        if (auto r = m_db->execScript(QString::fromUtf8(kMigrations[v])); !r) {
            return r;
        }
        if (auto r = m_db->execScript(QStringLiteral("PRAGMA user_version=%1").arg(v + 1)); !r) {
            return r;
        }
        if (auto r = tx->commit(); !r) {
            return r;
        }
    }
    return {};
}

Result<void> SqliteCentralStore::transaction(const std::function<Result<void>()>& body)
{
    if (!sqlite3_get_autocommit(m_db->handle())) {
        return body();
    }
    auto tx = Transaction::begin(*m_db);
    if (!tx) {
        return tx.error();
    }
    const qint64 head = m_head;
    if (auto r = body(); !r) {
        m_head = head; // rolled back
        return r;
    }
    if (auto r = tx->commit(); !r) {
        m_head = -1;
        return r;
    }
    return {};
}

Result<std::optional<ChangeRecord>> SqliteCentralStore::oneRecord(const QString& where,
                                                                  const std::function<void(Statement&)>& bind) const
{
    auto st = m_db->prepare(kRecordColumns + where);
    if (!st) {
        return st.error();
    }
    bind(**st);
    auto row = (*st)->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<ChangeRecord>();
    }
    ChangeRecord r = readRecord(**st);
    (*st)->reset();
    return std::optional<ChangeRecord>(std::move(r));
}

Result<std::optional<ChangeRecord>> SqliteCentralStore::record(const QString& kind, const QString& id) const
{
    return oneRecord(QStringLiteral("WHERE kind=?1 AND id=?2"), [&](Statement& s) { s.bind(1, kind).bind(2, id); });
}

Result<std::optional<ChangeRecord>> SqliteCentralStore::recordByCodeHash(const QString& kind,
                                                                         const QByteArray& hash) const
{
    return oneRecord(QStringLiteral("WHERE kind=?1 AND code_hash=?2 AND deleted=0"),
                     [&](Statement& s) { s.bind(1, kind).bind(2, hash); });
}

Result<std::optional<ChangeRecord>> SqliteCentralStore::recordByNumber(const QString& number) const
{
    return oneRecord(QStringLiteral("WHERE number=?1 AND deleted=0"), [&](Statement& s) { s.bind(1, number); });
}

Result<QList<ChangeRecord>> SqliteCentralStore::records(const QString& kind, int limit) const
{
    auto st = m_db->prepare(kRecordColumns + QStringLiteral("WHERE kind=?1 AND deleted=0 ORDER BY id LIMIT ?2"));
    if (!st) {
        return st.error();
    }
    (*st)->bind(1, kind).bind(2, limit);
    QList<ChangeRecord> out;
    for (;;) {
        auto row = (*st)->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        out.append(readRecord(**st));
    }
    return out;
}

Result<qint64> SqliteCentralStore::headSeq() const
{
    if (m_head >= 0) {
        return m_head;
    }
    auto st = m_db->prepare(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM records"));
    if (!st) {
        return st.error();
    }
    if (auto row = (*st)->step(); !row) {
        return row.error();
    }
    const qint64 head = (*st)->int64(0);
    (*st)->reset();
    const_cast<SqliteCentralStore*>(this)->m_head = head;
    return head;
}

Result<qint64> SqliteCentralStore::putRecord(const ChangeRecord& r)
{
    auto head = headSeq();
    if (!head) {
        return head.error();
    }
    const qint64 seq = *head + 1;
    auto st = m_db->prepare(QStringLiteral(
        "INSERT INTO records(kind, id, seq, deleted, body, audience_module, audience_scope, code_hash, number) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(kind, id) DO UPDATE SET seq=excluded.seq, "
        "deleted=excluded.deleted, body=excluded.body, audience_module=excluded.audience_module, "
        "audience_scope=excluded.audience_scope, code_hash=excluded.code_hash, number=excluded.number"));
    if (!st) {
        return st.error();
    }
    Statement& s = **st;
    s.bind(1, r.kind).bind(2, r.id).bind(3, seq).bind(4, r.deleted ? 1 : 0).bind(5, QString::fromUtf8(r.body));
    if (r.audienceModule.isEmpty()) {
        s.bind(6, std::nullopt);
    } else {
        s.bind(6, r.audienceModule);
    }
    if (r.audienceScope.isEmpty()) {
        s.bind(7, std::nullopt);
    } else {
        s.bind(7, QString::fromUtf8(r.audienceScope));
    }
    if (r.codeHash.isEmpty()) {
        s.bind(8, std::nullopt);
    } else {
        s.bind(8, r.codeHash);
    }
    if (r.number.isEmpty()) {
        s.bind(9, std::nullopt);
    } else {
        s.bind(9, r.number);
    }
    if (auto x = s.exec(); !x) {
        return x.error();
    }
    m_head = seq;
    return seq;
}

Result<QList<ChangeRecord>> SqliteCentralStore::changesSince(qint64 cursor, int limit) const
{
    auto st = m_db->prepare(kRecordColumns + QStringLiteral("WHERE seq > ?1 ORDER BY seq LIMIT ?2"));
    if (!st) {
        return st.error();
    }
    (*st)->bind(1, cursor).bind(2, limit);
    QList<ChangeRecord> out;
    out.reserve(limit);
    for (;;) {
        auto row = (*st)->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        out.append(readRecord(**st));
    }
    return out;
}

Result<qint64> SqliteCentralStore::countSince(qint64 cursor) const
{
    auto st = m_db->prepare(QStringLiteral("SELECT COUNT(*) FROM records WHERE seq > ?1"));
    if (!st) {
        return st.error();
    }
    (*st)->bind(1, cursor);
    if (auto row = (*st)->step(); !row) {
        return row.error();
    }
    const qint64 n = (*st)->int64(0);
    (*st)->reset();
    return n;
}

Result<void> SqliteCentralStore::putSealedCode(const QString& credentialKey, const QByteArray& sealed)
{
    auto st = m_db->prepare(QStringLiteral("INSERT INTO sealed_codes(cred, sealed) VALUES(?1, ?2) "
                                           "ON CONFLICT(cred) DO UPDATE SET sealed=excluded.sealed"));
    if (!st) {
        return st.error();
    }
    return (*st)->bind(1, credentialKey).bind(2, sealed).exec();
}

Result<std::optional<QByteArray>> SqliteCentralStore::sealedCode(const QString& credentialKey) const
{
    auto st = m_db->prepare(QStringLiteral("SELECT sealed FROM sealed_codes WHERE cred=?1"));
    if (!st) {
        return st.error();
    }
    (*st)->bind(1, credentialKey);
    auto row = (*st)->step();
    if (!row) {
        return row.error();
    }
    std::optional<QByteArray> out;
    if (*row) {
        out = (*st)->blob(0);
    }
    (*st)->reset();
    return out;
}

Result<void> SqliteCentralStore::putEnrollmentCode(const QByteArray& codeHash, const QString& resourceId,
                                                   const QDateTime& expiresAt)
{
    auto st = m_db->prepare(
        QStringLiteral("INSERT INTO enrollment_codes(code_hash, resource, expires_ms) VALUES(?1, ?2, ?3)"));
    if (!st) {
        return st.error();
    }
    return (*st)->bind(1, codeHash).bind(2, resourceId).bind(3, expiresAt.toMSecsSinceEpoch()).exec();
}

Result<QString> SqliteCentralStore::consumeEnrollmentCode(const QByteArray& codeHash, const QString& terminalId,
                                                          const QDateTime& now)
{
    auto st = m_db->prepare(
        QStringLiteral("SELECT resource, expires_ms, used_by IS NOT NULL FROM enrollment_codes WHERE code_hash=?1"));
    if (!st) {
        return st.error();
    }
    (*st)->bind(1, codeHash);
    auto row = (*st)->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return makeError(ErrorCode::NotFound, QStringLiteral("unknown enrollment code"));
    }
    const QString resource = (*st)->text(0);
    const qint64 expires = (*st)->int64(1);
    const bool used = (*st)->integer(2) != 0;
    (*st)->reset();
    if (used) {
        return makeError(ErrorCode::Conflict, QStringLiteral("enrollment code already used"));
    }
    if (expires < now.toMSecsSinceEpoch()) {
        return makeError(ErrorCode::NotFound, QStringLiteral("enrollment code expired"));
    }
    auto mark = m_db->prepare(QStringLiteral("UPDATE enrollment_codes SET used_by=?1, used_ms=?2 WHERE code_hash=?3"));
    if (!mark) {
        return mark.error();
    }
    if (auto x = (*mark)->bind(1, terminalId).bind(2, now.toMSecsSinceEpoch()).bind(3, codeHash).exec(); !x) {
        return x.error();
    }
    return resource;
}

Result<void> SqliteCentralStore::putTerminal(const TerminalRecord& t)
{
    auto st = m_db->prepare(
        QStringLiteral("INSERT INTO terminals(id, resource, secret_hash, enrolled_ms) VALUES(?1, ?2, ?3, ?4)"));
    if (!st) {
        return st.error();
    }
    return (*st)
        ->bind(1, t.id)
        .bind(2, t.resourceId)
        .bind(3, t.secretHash)
        .bind(4, t.enrolledAt.toMSecsSinceEpoch())
        .exec();
}

Result<std::optional<TerminalRecord>> SqliteCentralStore::terminal(const QString& id) const
{
    auto st = m_db->prepare(QStringLiteral("SELECT resource, secret_hash, enrolled_ms FROM terminals WHERE id=?1"));
    if (!st) {
        return st.error();
    }
    (*st)->bind(1, id);
    auto row = (*st)->step();
    if (!row) {
        return row.error();
    }
    std::optional<TerminalRecord> out;
    if (*row) {
        out = TerminalRecord {id, (*st)->text(0), (*st)->blob(1),
                              QDateTime::fromMSecsSinceEpoch((*st)->int64(2), Qt::UTC)};
    }
    (*st)->reset();
    return out;
}

namespace {
const QString kRedemptionColumns
    = QStringLiteral("SELECT body, status, reason, server_seq, received_ms, online, voided_by FROM redemptions ");
}

Result<QList<StoredRedemption>> SqliteCentralStore::redemptions(const QString& where,
                                                                const std::function<void(Statement&)>& bind) const
{
    auto st = m_db->prepare(kRedemptionColumns + where);
    if (!st) {
        return st.error();
    }
    bind(**st);
    QList<StoredRedemption> out;
    for (;;) {
        auto row = (*st)->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        Statement& s = **st;
        auto record = core::json::redemptionFromJson(QJsonDocument::fromJson(s.text(0).toUtf8()).object());
        if (!record) {
            s.reset();
            return makeError(ErrorCode::Corrupt, QStringLiteral("redemptions row: ") + record.error().detail);
        }
        StoredRedemption r;
        r.record = *record;
        const QString status = s.text(1);
        r.status = status == QLatin1String("conflict") ? StoredRedemption::Status::Conflict
            : status == QLatin1String("rejected")      ? StoredRedemption::Status::Rejected
                                                       : StoredRedemption::Status::Accepted;
        r.reason = s.text(2);
        r.serverSeq = s.int64(3);
        r.receivedAt = QDateTime::fromMSecsSinceEpoch(s.int64(4), Qt::UTC);
        r.online = s.integer(5) != 0;
        r.record.voidedBy = QUuid::fromString(s.text(6));
        out.append(r);
    }
    return out;
}

Result<std::optional<StoredRedemption>> SqliteCentralStore::redemption(const QUuid& id) const
{
    auto list = redemptions(QStringLiteral("WHERE id=?1"),
                            [&](Statement& s) { s.bind(1, id.toString(QUuid::WithoutBraces)); });
    if (!list) {
        return list.error();
    }
    return list->isEmpty() ? std::optional<StoredRedemption>() : std::optional<StoredRedemption>(list->first());
}

Result<void> SqliteCentralStore::putRedemption(const StoredRedemption& r)
{
    auto st = m_db->prepare(QStringLiteral(
        "INSERT INTO redemptions(id, cred, resource, terminal, kind, at_ms, status, reason, server_seq, received_ms, "
        "online, body) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"));
    if (!st) {
        return st.error();
    }
    Statement& s = **st;
    s.bind(1, r.record.id.toString(QUuid::WithoutBraces)).bind(2, r.record.credential.key());
    s.bind(3, r.record.resourceId).bind(4, r.record.terminalId).bind(5, core::toString(r.record.kind));
    s.bind(6, r.record.at.toMSecsSinceEpoch()).bind(7, toString(r.status)).bind(8, r.reason);
    s.bind(9, r.serverSeq).bind(10, r.receivedAt.toMSecsSinceEpoch()).bind(11, r.online ? 1 : 0);
    s.bind(12, QString::fromUtf8(QJsonDocument(core::json::toJson(r.record)).toJson(QJsonDocument::Compact)));
    return s.exec();
}

Result<void> SqliteCentralStore::markVoided(const QUuid& original, const QUuid& voidId)
{
    auto st = m_db->prepare(QStringLiteral("UPDATE redemptions SET voided_by=?1 WHERE id=?2"));
    if (!st) {
        return st.error();
    }
    return (*st)
        ->bind(1, voidId.toString(QUuid::WithoutBraces))
        .bind(2, original.toString(QUuid::WithoutBraces))
        .exec();
}

Result<QList<StoredRedemption>> SqliteCentralStore::redemptionsOf(const QString& credentialKey, int limit) const
{
    return redemptions(QStringLiteral("WHERE cred=?1 ORDER BY at_ms DESC LIMIT ?2"),
                       [&](Statement& s) { s.bind(1, credentialKey).bind(2, limit); });
}

Result<QList<StoredRedemption>> SqliteCentralStore::conflicts() const
{
    return redemptions(QStringLiteral("WHERE status='conflict' ORDER BY cred, at_ms"), [](Statement&) {});
}

Result<std::optional<QDateTime>> SqliteCentralStore::lastUse(const QString& credentialKey,
                                                             const QString& resourceId) const
{
    auto st = m_db->prepare(QStringLiteral("SELECT MAX(at_ms) FROM redemptions WHERE cred=?1 AND resource=?2 AND "
                                           "kind='redeem' AND status != 'rejected' AND voided_by IS NULL"));
    if (!st) {
        return st.error();
    }
    (*st)->bind(1, credentialKey).bind(2, resourceId);
    auto row = (*st)->step();
    if (!row) {
        return row.error();
    }
    std::optional<QDateTime> out;
    if (*row && !(*st)->isNull(0)) {
        out = QDateTime::fromMSecsSinceEpoch((*st)->int64(0), Qt::UTC);
    }
    (*st)->reset();
    return out;
}

} // namespace lounge::central
