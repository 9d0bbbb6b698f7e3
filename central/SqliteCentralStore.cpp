#include "SqliteCentralStore.h"

#include "Json.h"
#include "Wire.h"

#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <sqlite3.h>

#include <algorithm>

Q_LOGGING_CATEGORY(lcCentralStore, "lounge.central.store")

namespace lounge::central {

using core::ErrorCode;
using core::makeError;
using core::Result;
using core::sqlite::nullIfEmpty;
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
    // 2: the dynamic token a visit was admitted with, so reuse across terminals (and central's own restarts) shows.
    R"sql(
ALTER TABLE redemptions ADD COLUMN token_id BLOB;
CREATE INDEX redemptions_token ON redemptions(token_id) WHERE token_id IS NOT NULL;
)sql",
    // 3 (issue 15): fleet status (what each terminal last said about itself, and when central last heard from it),
    // flagged visits per terminal, keyset pages of a credential's visits, and the audit of membership corrections.
    R"sql(
ALTER TABLE terminals ADD COLUMN last_contact_ms INTEGER;
ALTER TABLE terminals ADD COLUMN version TEXT;
ALTER TABLE terminals ADD COLUMN pending_uploads INTEGER;
ALTER TABLE terminals ADD COLUMN clock_offset_ms INTEGER;
ALTER TABLE terminals ADD COLUMN reported_ms INTEGER;
CREATE INDEX redemptions_terminal ON redemptions(terminal, status);
CREATE INDEX redemptions_cred_page ON redemptions(cred, at_ms, id);
CREATE TABLE membership_corrections (
    id TEXT PRIMARY KEY,
    membership TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    actor TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL
);
CREATE INDEX membership_corrections_page ON membership_corrections(membership, at_ms, id);
)sql",
    // 4 (h/billing's 3, renumbered when h/issuer's merged first): partner billing
    // (BillingService): rates, closed months with the statements they stored, and on each visit whether a
    // closed statement billed it (so a later void or a late upload becomes an adjustment, never a rewrite).
    R"sql(
CREATE TABLE billing_rates (
    program TEXT NOT NULL, resource TEXT NOT NULL, from_month TEXT NOT NULL, visit_minor INTEGER NOT NULL,
    guest_minor INTEGER NOT NULL, currency TEXT NOT NULL, updated_ms INTEGER NOT NULL,
    PRIMARY KEY (program, resource, from_month)
) WITHOUT ROWID;
CREATE TABLE billing_months (resource TEXT NOT NULL, month TEXT NOT NULL, closed_ms INTEGER NOT NULL,
                             PRIMARY KEY (resource, month)) WITHOUT ROWID;
CREATE TABLE billing_statements (resource TEXT NOT NULL, month TEXT NOT NULL, program TEXT NOT NULL,
                                 body TEXT NOT NULL, PRIMARY KEY (resource, month, program)) WITHOUT ROWID;
ALTER TABLE redemptions ADD COLUMN billed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX redemptions_resource_at ON redemptions(resource, at_ms);
)sql",
    // 5 (issue 14 §3): what a visit records of its boarding passes, one row per pass (the holder's first, then each
    // guest's), for partner billing by operating carrier and compartment; and the supervisor who admitted without the
    // boarding pass the lounge requires, with the reason. The whole record (PNR and seat only when the lounge enables
    // their upload) stays in `body`, as every field does.
    R"sql(
CREATE TABLE redemption_flights (
    redemption TEXT NOT NULL, idx INTEGER NOT NULL, carrier TEXT NOT NULL, flight_number TEXT NOT NULL,
    flight_date TEXT NOT NULL, from_airport TEXT NOT NULL, to_airport TEXT NOT NULL, compartment TEXT NOT NULL,
    PRIMARY KEY (redemption, idx)
) WITHOUT ROWID;
CREATE INDEX redemption_flights_carrier ON redemption_flights(carrier, compartment);
ALTER TABLE redemptions ADD COLUMN bp_override_by TEXT;
ALTER TABLE redemptions ADD COLUMN bp_override_reason TEXT;
)sql",
    // 6 (PostgreSQL's 6; issue 12 §3): the feed's scan walks only records a terminal may receive (feedScan), not the
    // central-only ones (terminal clocks, journal heads, counters no desk reads: most rows written per visit).
    R"sql(
CREATE INDEX records_feed ON records(seq) WHERE audience_module IS NOT 'ǎntral-only';
)sql",
    // 7 (PostgreSQL's 7; issue 16): the feed index also holds what the feed's audience test reads (kind,
    // audience_module), so counting a download's records (its first page's `remaining`) reads the index alone instead
    // of looking every record up by its key (2 M lookups, seconds in which the terminal waits for its first page).
    R"sql(
DROP INDEX records_feed;
CREATE INDEX records_feed ON records(seq, kind, audience_module) WHERE audience_module IS NOT 'ǎntral-only';
)sql",
};
constexpr int kMigrationCount = int(sizeof(kMigrations) / sizeof(kMigrations[0]));
static_assert(kMigrationCount == SqliteCentralStore::kSchemaVersion);

const QString kRecordColumns = QStringLiteral(
    "SELECT kind, id, seq, deleted, body, audience_module, audience_scope, code_hash, number FROM records ");

ChangeRecord readRecord(const Statement& s)
{
    ChangeRecord r;
    r.kind = s.text(0);
    r.id = s.text(1);
    r.seq = s.int64(2);
    r.deleted = s.integer(3) != 0;
    // The body's UTF-8 bytes as stored (the file is UTF-8: SQLite's default, never changed), without the UTF-16 round
    // trip of text().toUtf8(), which gave the same bytes for the valid UTF-8 central writes (the feed sends every
    // body, so this was a tenth of a page's serving).
    r.body = s.blob(4);
    r.audienceModule = s.text(5);
    r.audienceScope = s.text(6).toUtf8();
    r.codeHash = s.blob(7);
    r.number = s.text(8);
    return r;
}

Result<StoredRedemption> readRedemption(const Statement& s)
{
    auto record = protocol::redemptionFromJson(QJsonDocument::fromJson(s.text(0).toUtf8()).object());
    if (!record) {
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
    return r;
}

const QString kRedemptionColumns
    = QStringLiteral("SELECT body, status, reason, server_seq, received_ms, online, voided_by FROM redemptions ");

} // namespace

SqliteCentralStore::SqliteCentralStore(std::unique_ptr<core::sqlite::Database> db)
    : m_db(std::move(db))
{ }

SqliteCentralStore::~SqliteCentralStore() = default;

Result<std::unique_ptr<SqliteCentralStore>> SqliteCentralStore::open(const QString& path, int* versionBefore)
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
    auto before = store->migrate();
    if (!before) {
        return before.error();
    }
    if (versionBefore) {
        *versionBefore = *before;
    }
    return store;
}

Result<int> SqliteCentralStore::migrate()
{
    // Each step under BEGIN IMMEDIATE, re-reading the version inside it: two processes opening a new file at once
    // apply every step once.
    int found = -1;
    for (;;) {
        auto tx = Transaction::begin(*m_db);
        if (!tx) {
            return tx.error();
        }
        auto version = m_db->schemaVersion();
        if (!version) {
            return version.error();
        }
        if (found < 0) {
            found = *version;
        }
        if (*version > kSchemaVersion) {
            return makeError(ErrorCode::SchemaTooNew,
                             QStringLiteral("central schema %1; this lounge-central knows up to %2")
                                 .arg(*version)
                                 .arg(kSchemaVersion));
        }
        if (*version == kSchemaVersion) {
            tx->rollback();
            return found;
        }
        if (auto r = m_db->execScript(QString::fromUtf8(kMigrations[*version])); !r) {
            return r.error();
        }
        if (auto r = m_db->execScript(QStringLiteral("PRAGMA user_version=%1").arg(*version + 1)); !r) {
            return r.error();
        }
        if (auto r = tx->commit(); !r) {
            return r.error();
        }
    }
}

Result<void> SqliteCentralStore::transaction(const std::function<Result<void>()>& body)
{
    if (!sqlite3_get_autocommit(m_db->handle())) {
        return body();
    }
    // BEGIN IMMEDIATE: the write lock from the first statement, so what the body reads is still true when it writes,
    // even with another process on the same file (it waits up to the busy timeout, then Locked → HTTP 503).
    auto tx = Transaction::begin(*m_db);
    if (!tx) {
        return tx.error();
    }
    if (auto r = body(); !r) {
        return r;
    }
    return tx->commit();
}

Result<std::optional<ChangeRecord>> SqliteCentralStore::record(const QString& kind, const QString& id) const
{
    return m_db->queryOne(kRecordColumns + QStringLiteral("WHERE kind=?1 AND id=?2"), readRecord, kind, id);
}

Result<std::optional<ChangeRecord>> SqliteCentralStore::recordByCodeHash(const QString& kind,
                                                                         const QByteArray& hash) const
{
    return m_db->queryOne(kRecordColumns + QStringLiteral("WHERE kind=?1 AND code_hash=?2 AND deleted=0"), readRecord,
                          kind, hash);
}

Result<std::optional<ChangeRecord>> SqliteCentralStore::recordByNumber(const QString& number) const
{
    return m_db->queryOne(kRecordColumns + QStringLiteral("WHERE number=?1 AND deleted=0"), readRecord, number);
}

Result<QList<ChangeRecord>> SqliteCentralStore::records(const QString& kind, int limit) const
{
    return m_db->queryAll(kRecordColumns + QStringLiteral("WHERE kind=?1 AND deleted=0 ORDER BY id LIMIT ?2"),
                          readRecord, kind, limit);
}

Result<QList<ChangeRecord>> SqliteCentralStore::recordsAfter(const QString& kind, const QString& afterId,
                                                             const QByteArray& lookupKey, int limit) const
{
    if (lookupKey.isEmpty()) {
        return m_db->queryAll(kRecordColumns
                                  + QStringLiteral("WHERE kind=?1 AND deleted=0 AND id > ?2 ORDER BY id LIMIT ?3"),
                              readRecord, kind, afterId, limit);
    }
    return m_db->queryAll(
        kRecordColumns
            + QStringLiteral("WHERE kind=?1 AND code_hash=?2 AND deleted=0 AND id > ?3 ORDER BY id LIMIT ?4"),
        readRecord, kind, lookupKey, afterId, limit);
}

Result<QList<ChangeRecord>> SqliteCentralStore::recordPage(const RecordQuery& q) const
{
    // One statement for every combination of filters: an absent filter binds NULL and drops out. SQLite's LIKE folds
    // ASCII letters only, as the PostgreSQL store's lower(... COLLATE "C").
    const auto field = [&](int i) { return q.fieldEquals.size() > i ? std::optional(q.fieldEquals[i]) : std::nullopt; };
    const auto nameOf = [](const auto& f) { return f ? std::optional(QStringLiteral("$.") + f->first) : std::nullopt; };
    const auto valueOf = [](const auto& f) { return f ? std::optional(f->second) : std::nullopt; };
    return m_db->queryAll(
        kRecordColumns
            + QStringLiteral(
                "WHERE kind=?1 AND deleted=0 AND id > ?2 AND (?3 IS NULL OR number=?3) "
                "AND (?4 IS NULL OR json_extract(body, ?4) = ?5) AND (?6 IS NULL OR json_extract(body, ?6) = ?7) "
                "AND (?8 IS NULL OR json_extract(body, ?8) LIKE ?9 ESCAPE '\\') "
                "AND (?10 IS NULL OR EXISTS (SELECT 1 FROM json_each(body, '$.tiers') t "
                "WHERE json_extract(t.value, '$.program') = ?10)) ORDER BY id LIMIT ?11"),
        readRecord, q.kind, q.afterId, nullIfEmpty(q.number), nameOf(field(0)), valueOf(field(0)), nameOf(field(1)),
        valueOf(field(1)), q.prefixField.isEmpty() ? std::nullopt : std::optional(QStringLiteral("$.") + q.prefixField),
        likePrefix(q.prefix), nullIfEmpty(q.tierProgram), q.limit);
}

Result<qint64> SqliteCentralStore::headSeq() const
{
    return m_db->queryValue<qint64>(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM records"));
}

Result<qint64> SqliteCentralStore::putRecord(const ChangeRecord& r)
{
    // The next seq is computed by the statement that takes it, inside the write lock, never from a cached head:
    // another process may have written since (the UNIQUE(seq) collision of `lounge-central staff` beside a server).
    return m_db->queryValue<qint64>(
        QStringLiteral(
            "INSERT INTO records(kind, id, seq, deleted, body, audience_module, audience_scope, code_hash, number) "
            "VALUES(?1, ?2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM records), ?3, ?4, ?5, ?6, ?7, ?8) "
            "ON CONFLICT(kind, id) DO UPDATE SET seq=excluded.seq, "
            "deleted=excluded.deleted, body=excluded.body, audience_module=excluded.audience_module, "
            "audience_scope=excluded.audience_scope, code_hash=excluded.code_hash, number=excluded.number "
            "RETURNING seq"),
        r.kind, r.id, r.deleted ? 1 : 0, QString::fromUtf8(r.body), nullIfEmpty(r.audienceModule),
        nullIfEmpty(QString::fromUtf8(r.audienceScope)), nullIfEmpty(r.codeHash), nullIfEmpty(r.number));
}

Result<QList<ChangeRecord>> SqliteCentralStore::changesSince(qint64 cursor, int limit) const
{
    return m_db->queryAll(kRecordColumns + QStringLiteral("WHERE seq > ?1 ORDER BY seq LIMIT ?2"), readRecord, cursor,
                          limit);
}

Result<FeedScan> SqliteCentralStore::feedScan(const QString& resourceId, qint64 cursor, int limit, bool count) const
{
    // One statement, so one snapshot (a read transaction of its own): the head is that of the rows it read. The
    // central-only test is written exactly as the records_feed index's predicate, so the scan uses that index;
    // 'ǎntral-only' is kCentralOnlyAudience as stored (CentralStore.h says why it reads so).
    static const QString kCandidate = QStringLiteral(
        "audience_module IS NOT 'ǎntral-only' AND (audience_module IS NULL OR audience_module = '' OR kind = 'epass' "
        "OR audience_module = (SELECT json_extract(body, '$.module') FROM res WHERE deleted = 0))");
    // Without the count (every page but a download's first) the page is read once, as a co-routine; with it, the page
    // is also counted and its last seq read, which makes SQLite materialize it (a copy of every row into a temporary
    // b-tree, a tenth of a page's serving), so the count's parts are only in the statement that needs them.
    static const QString kPageSql
        = QStringLiteral("WITH res AS (") + kRecordColumns
        + QStringLiteral("WHERE kind = 'resource' AND id = ?1), page AS (") + kRecordColumns
        + QStringLiteral("WHERE seq > ?2 AND ") + kCandidate
        + QStringLiteral(
              " ORDER BY seq LIMIT ?3) "
              "SELECT *, 0 FROM res "
              "UNION ALL SELECT '', '', COALESCE(MAX(seq), 0), 0, '', NULL, NULL, NULL, NULL, 1 FROM records "
              "UNION ALL SELECT *, 2 FROM page");
    static const QString kCountedSql = kPageSql
        + QStringLiteral(" UNION ALL SELECT '', '', COUNT(*), 0, '', NULL, NULL, NULL, NULL, 3 FROM records WHERE ?4 "
                         "AND (SELECT COUNT(*) FROM page) = ?3 AND seq > (SELECT MAX(seq) FROM page) AND ")
        + kCandidate;
    const auto read = [](const Statement& s) { return std::make_pair(s.integer(9), readRecord(s)); };
    auto rows = count ? m_db->queryAll(kCountedSql, read, resourceId, cursor, qint64(limit), 1)
                      : m_db->queryAll(kPageSql, read, resourceId, cursor, qint64(limit));
    if (!rows) {
        return rows.error();
    }
    FeedScan out;
    for (auto& [part, rec] : *rows) {
        switch (part) {
        case 0:
            out.resource = std::move(rec);
            break;
        case 1:
            out.head = rec.seq;
            break;
        case 2:
            out.rows.append(std::move(rec));
            break;
        default:
            out.remaining = count ? rec.seq : -1;
            break;
        }
    }
    // The page comes in seq order (ORDER BY inside the page); sorting a sorted list still moved every record.
    const auto bySeq = [](const ChangeRecord& a, const ChangeRecord& b) { return a.seq < b.seq; };
    if (!std::is_sorted(out.rows.begin(), out.rows.end(), bySeq)) {
        std::stable_sort(out.rows.begin(), out.rows.end(), bySeq);
    }
    return out;
}

Result<qint64> SqliteCentralStore::countSince(qint64 cursor) const
{
    return m_db->queryValue<qint64>(QStringLiteral("SELECT COUNT(*) FROM records WHERE seq > ?1"), cursor);
}

Result<void> SqliteCentralStore::putSealedCode(const QString& credentialKey, const QByteArray& sealed)
{
    return m_db->exec(QStringLiteral("INSERT INTO sealed_codes(cred, sealed) VALUES(?1, ?2) "
                                     "ON CONFLICT(cred) DO UPDATE SET sealed=excluded.sealed"),
                      credentialKey, sealed);
}

Result<std::optional<QByteArray>> SqliteCentralStore::sealedCode(const QString& credentialKey) const
{
    return m_db->queryOne(
        QStringLiteral("SELECT sealed FROM sealed_codes WHERE cred=?1"), [](const Statement& s) { return s.blob(0); },
        credentialKey);
}

Result<void> SqliteCentralStore::putEnrollmentCode(const QByteArray& codeHash, const QString& resourceId,
                                                   const QDateTime& expiresAt)
{
    return m_db->exec(
        QStringLiteral("INSERT INTO enrollment_codes(code_hash, resource, expires_ms) VALUES(?1, ?2, ?3)"), codeHash,
        resourceId, expiresAt.toMSecsSinceEpoch());
}

Result<QString> SqliteCentralStore::consumeEnrollmentCode(const QByteArray& codeHash, const QString& terminalId,
                                                          const QDateTime& now)
{
    struct Code
    {
        QString resource;
        qint64 expires;
        bool used;
    };
    auto code = m_db->queryOne(
        QStringLiteral("SELECT resource, expires_ms, used_by IS NOT NULL FROM enrollment_codes WHERE code_hash=?1"),
        [](const Statement& s) {
            return Code {s.text(0), s.int64(1), s.integer(2) != 0};
        },
        codeHash);
    if (!code) {
        return code.error();
    }
    if (!code->has_value()) {
        return makeError(ErrorCode::NotFound, QStringLiteral("unknown enrollment code"));
    }
    if ((*code)->used) {
        return makeError(ErrorCode::Conflict, QStringLiteral("enrollment code already used"));
    }
    if ((*code)->expires < now.toMSecsSinceEpoch()) {
        return makeError(ErrorCode::NotFound, QStringLiteral("enrollment code expired"));
    }
    if (auto x = m_db->exec(QStringLiteral("UPDATE enrollment_codes SET used_by=?1, used_ms=?2 WHERE code_hash=?3"),
                            terminalId, now.toMSecsSinceEpoch(), codeHash);
        !x) {
        return x.error();
    }
    return (*code)->resource;
}

Result<void> SqliteCentralStore::putTerminal(const TerminalRecord& t)
{
    return m_db->exec(
        QStringLiteral("INSERT INTO terminals(id, resource, secret_hash, enrolled_ms) VALUES(?1, ?2, ?3, ?4)"), t.id,
        t.resourceId, t.secretHash, t.enrolledAt.toMSecsSinceEpoch());
}

Result<std::optional<TerminalRecord>> SqliteCentralStore::terminal(const QString& id) const
{
    return m_db->queryOne(
        QStringLiteral("SELECT resource, secret_hash, enrolled_ms FROM terminals WHERE id=?1"),
        [&id](const Statement& s) {
            return TerminalRecord {id, s.text(0), s.blob(1), QDateTime::fromMSecsSinceEpoch(s.int64(2), Qt::UTC)};
        },
        id);
}

Result<std::optional<TerminalWithRecord>> SqliteCentralStore::terminalWithRecord(const QString& id,
                                                                                 const QString& recordKind) const
{
    return m_db->queryOne(
        QStringLiteral("SELECT r.kind, r.id, r.seq, r.deleted, r.body, r.audience_module, r.audience_scope, "
                       "r.code_hash, r.number, t.resource, t.secret_hash, t.enrolled_ms FROM terminals t "
                       "LEFT JOIN records r ON r.kind = ?2 AND r.id = t.id WHERE t.id = ?1"),
        [&id](const Statement& s) {
            TerminalWithRecord out;
            out.terminal
                = TerminalRecord {id, s.text(9), s.blob(10), QDateTime::fromMSecsSinceEpoch(s.int64(11), Qt::UTC)};
            if (!s.isNull(0)) {
                out.record = readRecord(s);
            }
            return out;
        },
        id, recordKind);
}

Result<std::optional<StoredRedemption>> SqliteCentralStore::redemption(const QUuid& id) const
{
    return m_db->queryOne(kRedemptionColumns + QStringLiteral("WHERE id=?1"), readRedemption,
                          id.toString(QUuid::WithoutBraces));
}

Result<void> SqliteCentralStore::putRedemption(const StoredRedemption& r)
{
    // Callers write inside transaction(); the visit and its boarding passes land together.
    const QString id = r.record.id.toString(QUuid::WithoutBraces);
    if (auto x = m_db->exec(
            QStringLiteral("INSERT INTO redemptions(id, cred, resource, terminal, kind, at_ms, status, reason, "
                           "server_seq, received_ms, online, body, token_id, bp_override_by, bp_override_reason) "
                           "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"),
            id, r.record.credential.key(), r.record.resourceId, r.record.terminalId, core::toString(r.record.kind),
            r.record.at.toMSecsSinceEpoch(), toString(r.status), r.reason, r.serverSeq,
            r.receivedAt.toMSecsSinceEpoch(), r.online ? 1 : 0,
            QString::fromUtf8(protocol::encode(protocol::redemptionToJson(r.record, true))),
            core::sqlite::nullIfEmpty(r.record.tokenId), nullIfEmpty(r.record.boardingPassOverrideBy),
            nullIfEmpty(r.record.boardingPassOverrideReason));
        !x) {
        return x;
    }
    for (int i = 0; i < r.record.flights.size(); ++i) {
        const core::FlightRecord& f = r.record.flights[i];
        if (auto x
            = m_db->exec(QStringLiteral("INSERT INTO redemption_flights(redemption, idx, carrier, flight_number, "
                                        "flight_date, from_airport, to_airport, compartment) "
                                        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
                         id, i, f.carrier, f.flightNumber, f.date.toString(Qt::ISODate), f.from, f.to, f.compartment);
            !x) {
            return x;
        }
    }
    return {};
}

Result<std::optional<QUuid>> SqliteCentralStore::redemptionWithToken(const QByteArray& tokenId) const
{
    return m_db->queryOne(
        QStringLiteral("SELECT id FROM redemptions WHERE token_id=?1 AND status != 'rejected' "
                       "ORDER BY received_ms, rowid LIMIT 1"),
        [](core::sqlite::Statement& s) { return QUuid::fromString(s.text(0)); }, tokenId);
}

Result<void> SqliteCentralStore::markVoided(const QUuid& original, const QUuid& voidId)
{
    return m_db->exec(QStringLiteral("UPDATE redemptions SET voided_by=?1 WHERE id=?2"),
                      voidId.toString(QUuid::WithoutBraces), original.toString(QUuid::WithoutBraces));
}

Result<QList<StoredRedemption>> SqliteCentralStore::redemptionsOf(const QString& credentialKey, int limit) const
{
    return m_db->queryAll(kRedemptionColumns + QStringLiteral("WHERE cred=?1 ORDER BY at_ms DESC LIMIT ?2"),
                          readRedemption, credentialKey, limit);
}

Result<QList<StoredRedemption>> SqliteCentralStore::conflicts() const
{
    return m_db->queryAll(kRedemptionColumns + QStringLiteral("WHERE status='conflict' ORDER BY cred, at_ms"),
                          readRedemption);
}

Result<std::optional<QDateTime>> SqliteCentralStore::lastUse(const QString& credentialKey,
                                                             const QString& resourceId) const
{
    auto at = m_db->queryValue<std::optional<qint64>>(
        QStringLiteral("SELECT MAX(at_ms) FROM redemptions WHERE cred=?1 AND resource=?2 AND "
                       "kind='redeem' AND status != 'rejected' AND voided_by IS NULL"),
        credentialKey, resourceId);
    if (!at) {
        return at.error();
    }
    return *at ? std::optional<QDateTime>(QDateTime::fromMSecsSinceEpoch(**at, Qt::UTC)) : std::nullopt;
}

// ---- partner billing

Result<void> SqliteCentralStore::putBillingRate(const BillingRate& r)
{
    return m_db->exec(
        QStringLiteral("INSERT INTO billing_rates(program, resource, from_month, visit_minor, guest_minor, currency, "
                       "updated_ms) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(program, resource, from_month) DO "
                       "UPDATE SET visit_minor=excluded.visit_minor, guest_minor=excluded.guest_minor, "
                       "currency=excluded.currency, updated_ms=excluded.updated_ms"),
        r.program, r.resource, r.fromMonth, r.perVisitMinor, r.perGuestMinor, r.currency,
        r.updatedAt.toMSecsSinceEpoch());
}

Result<QList<BillingRate>> SqliteCentralStore::billingRates(const QString& program, const QString& resource,
                                                            const QStringList& after, int limit) const
{
    // Keyset order (program, resource, from_month): stable under concurrent inserts.
    return m_db->queryAll(
        QStringLiteral("SELECT program, resource, from_month, visit_minor, guest_minor, currency, updated_ms "
                       "FROM billing_rates WHERE (?1 = '' OR program = ?1) AND (?2 = '' OR resource = ?2) "
                       "AND (?3 = 0 OR (program, resource, from_month) > (?4, ?5, ?6)) "
                       "ORDER BY program, resource, from_month LIMIT ?7"),
        [](const Statement& s) {
            return BillingRate {s.text(0),
                                s.text(1),
                                s.text(2),
                                s.int64(3),
                                s.int64(4),
                                s.text(5),
                                QDateTime::fromMSecsSinceEpoch(s.int64(6), Qt::UTC)};
        },
        program, resource, after.size() == 3 ? 1 : 0, after.value(0), after.value(1), after.value(2), limit);
}

Result<QList<BillingVisit>> SqliteCentralStore::billingVisits(const QString& resource, qint64 fromMs, qint64 toMs,
                                                              bool unsettledOnly) const
{
    return m_db->queryAll(
        QStringLiteral("SELECT id, cred, kind, at_ms, status, reason, voided_by IS NOT NULL, "
                       "COALESCE(json_extract(body, '$.partySize'), 1), "
                       "COALESCE(json_extract(body, '$.amountMinor'), 0), billed, bp_override_by IS NOT NULL, "
                       "(SELECT group_concat(carrier || '/' || compartment, ' ') FROM (SELECT carrier, compartment "
                       "FROM redemption_flights f WHERE f.redemption = redemptions.id ORDER BY idx)) FROM redemptions "
                       "WHERE resource=?1 AND at_ms >= ?2 AND at_ms < ?3 AND kind IN ('redeem', 'paid') "
                       "AND status != 'rejected' AND (?4 = 0 OR billed != (voided_by IS NULL)) ORDER BY at_ms, id"),
        [](const Statement& s) {
            BillingVisit v;
            v.id = s.text(0);
            v.credential = s.text(1);
            v.paid = s.text(2) == QLatin1String("paid");
            v.atMs = s.int64(3);
            v.status = s.text(4);
            v.reason = s.text(5);
            v.voided = s.integer(6) != 0;
            v.partySize = s.integer(7);
            v.amountMinor = s.int64(8);
            v.billed = s.integer(9);
            v.boardingPassOverride = s.integer(10) != 0;
            v.flights = billingFlights(s.text(11));
            return v;
        },
        resource, fromMs, toMs, unsettledOnly ? 1 : 0);
}

Result<QMap<QString, qint64>> SqliteCentralStore::closedBillingMonths(const QString& resource) const
{
    auto rows = m_db->queryAll(
        QStringLiteral("SELECT month, closed_ms FROM billing_months WHERE resource=?1"),
        [](const Statement& s) { return std::pair<QString, qint64>(s.text(0), s.int64(1)); }, resource);
    if (!rows) {
        return rows.error();
    }
    QMap<QString, qint64> out;
    for (const auto& [month, ms] : *rows) {
        out.insert(month, ms);
    }
    return out;
}

Result<QMap<QString, QByteArray>> SqliteCentralStore::closedStatements(const QString& resource,
                                                                       const QString& month) const
{
    auto rows = m_db->queryAll(
        QStringLiteral("SELECT program, body FROM billing_statements WHERE resource=?1 AND month=?2"),
        [](const Statement& s) { return std::pair<QString, QByteArray>(s.text(0), s.text(1).toUtf8()); }, resource,
        month);
    if (!rows) {
        return rows.error();
    }
    QMap<QString, QByteArray> out;
    for (const auto& [program, body] : *rows) {
        out.insert(program, body);
    }
    return out;
}

Result<void> SqliteCentralStore::closeBillingMonth(const QString& resource, const QString& month, qint64 closedAtMs,
                                                   const QMap<QString, QByteArray>& statements, qint64 settleFromMs,
                                                   qint64 settleToMs)
{
    auto closed = m_db->queryValue<qint64>(
        QStringLiteral("SELECT COUNT(*) FROM billing_months WHERE resource=?1 AND month=?2"), resource, month);
    if (!closed) {
        return closed.error();
    }
    if (*closed > 0) {
        return makeError(ErrorCode::Conflict, QStringLiteral("ALREADY_CLOSED: %1 %2").arg(resource, month));
    }
    if (auto r = m_db->exec(QStringLiteral("INSERT INTO billing_months(resource, month, closed_ms) VALUES(?1, ?2, ?3)"),
                            resource, month, closedAtMs);
        !r) {
        return r;
    }
    for (auto it = statements.cbegin(); it != statements.cend(); ++it) {
        if (auto r = m_db->exec(QStringLiteral("INSERT INTO billing_statements(resource, month, program, body) "
                                               "VALUES(?1, ?2, ?3, ?4)"),
                                resource, month, it.key(), QString::fromUtf8(it.value()));
            !r) {
            return r;
        }
    }
    return m_db->exec(QStringLiteral("UPDATE redemptions SET billed = (voided_by IS NULL) WHERE resource=?1 AND "
                                     "at_ms >= ?2 AND at_ms < ?3 AND kind IN ('redeem', 'paid') AND "
                                     "status != 'rejected' AND billed != (voided_by IS NULL)"),
                      resource, settleFromMs, settleToMs);
}

} // namespace lounge::central

namespace lounge::central {

namespace {

std::optional<QDateTime> msToTime(const Statement& s, int col)
{
    return s.isNull(col) ? std::nullopt : std::optional(QDateTime::fromMSecsSinceEpoch(s.int64(col), Qt::UTC));
}

std::optional<qint64> optionalInt(const Statement& s, int col)
{
    return s.isNull(col) ? std::nullopt : std::optional(qint64(s.int64(col)));
}

} // namespace

Result<void> SqliteCentralStore::noteTerminalContact(const QString& terminalId, const TerminalContact& c)
{
    // Written only when the stored contact is older than the interval or a reported value changed: a busy fleet
    // polls often, and each write takes the database's write lock.
    return m_db->exec(
        QStringLiteral("UPDATE terminals SET last_contact_ms=?2, version=COALESCE(?3, version), "
                       "pending_uploads=COALESCE(?4, pending_uploads), clock_offset_ms=COALESCE(?5, clock_offset_ms), "
                       "reported_ms=CASE WHEN ?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL THEN reported_ms ELSE ?2 END "
                       "WHERE id=?1 AND (last_contact_ms IS NULL OR last_contact_ms <= ?2 - ?6 "
                       "OR (?3 IS NOT NULL AND version IS NOT ?3) OR (?4 IS NOT NULL AND pending_uploads IS NOT ?4) "
                       "OR (?5 IS NOT NULL AND clock_offset_ms IS NULL))"),
        terminalId, c.at.toMSecsSinceEpoch(), c.version, c.pendingUploads, c.clockOffsetMs, kContactWriteIntervalMs);
}

Result<QList<TerminalStatus>> SqliteCentralStore::terminalPage(const TerminalQuery& q) const
{
    return m_db->queryAll(
        QStringLiteral("SELECT t.id, t.resource, t.enrolled_ms, t.last_contact_ms, t.version, t.pending_uploads, "
                       "t.clock_offset_ms, t.reported_ms, "
                       "(SELECT COUNT(*) FROM redemptions r WHERE r.terminal=t.id AND r.status='conflict') "
                       "FROM terminals t WHERE t.id > ?1 AND (?2 IS NULL OR t.resource=?2) "
                       "AND (?3 IS NULL OR (?3=1 AND COALESCE(t.last_contact_ms, t.enrolled_ms) < ?4) "
                       "OR (?3=0 AND COALESCE(t.last_contact_ms, t.enrolled_ms) >= ?4)) ORDER BY t.id LIMIT ?5"),
        [](const Statement& s) {
            TerminalStatus t;
            t.terminal = TerminalRecord {s.text(0), s.text(1), {}, QDateTime::fromMSecsSinceEpoch(s.int64(2), Qt::UTC)};
            t.lastContact = msToTime(s, 3);
            t.version = s.isNull(4) ? std::nullopt : std::optional(s.text(4));
            t.pendingUploads = optionalInt(s, 5);
            t.clockOffsetMs = optionalInt(s, 6);
            t.reportedAt = msToTime(s, 7);
            t.flaggedVisits = s.int64(8);
            return t;
        },
        q.afterId, nullIfEmpty(q.resourceId), q.stale ? std::optional<int>(*q.stale ? 1 : 0) : std::nullopt,
        q.silentSince.toMSecsSinceEpoch(), q.limit);
}

Result<void> SqliteCentralStore::putCorrection(const MembershipCorrection& c)
{
    return m_db->exec(QStringLiteral("INSERT INTO membership_corrections(id, membership, at_ms, actor, field, "
                                     "old_value, new_value) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
                      c.id, c.membershipId, c.at.toMSecsSinceEpoch(), c.actor, c.field, c.oldValue, c.newValue);
}

Result<QList<MembershipCorrection>> SqliteCentralStore::corrections(const QString& membershipId,
                                                                    std::optional<std::pair<QDateTime, QString>> after,
                                                                    int limit) const
{
    return m_db->queryAll(
        QStringLiteral("SELECT id, membership, at_ms, actor, field, old_value, new_value FROM membership_corrections "
                       "WHERE membership=?1 AND (?2 IS NULL OR at_ms > ?2 OR (at_ms = ?2 AND id > ?3)) "
                       "ORDER BY at_ms, id LIMIT ?4"),
        [](const Statement& s) {
            return MembershipCorrection {s.text(0), s.text(1), QDateTime::fromMSecsSinceEpoch(s.int64(2), Qt::UTC),
                                         s.text(3), s.text(4), s.text(5),
                                         s.text(6)};
        },
        membershipId, after ? std::optional(after->first.toMSecsSinceEpoch()) : std::nullopt,
        after ? after->second : QString(), limit);
}

Result<QList<StoredRedemption>> SqliteCentralStore::redemptionPage(const QString& credentialKey,
                                                                   std::optional<std::pair<QDateTime, QString>> before,
                                                                   int limit) const
{
    return m_db->queryAll(
        kRedemptionColumns
            + QStringLiteral("WHERE cred=?1 AND (?2 IS NULL OR at_ms < ?2 OR (at_ms = ?2 AND id < ?3)) "
                             "ORDER BY at_ms DESC, id DESC LIMIT ?4"),
        readRedemption, credentialKey, before ? std::optional(before->first.toMSecsSinceEpoch()) : std::nullopt,
        before ? before->second : QString(), limit);
}

} // namespace lounge::central
