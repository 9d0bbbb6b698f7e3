#include "PgCentralStore.h"

#include "Json.h"
#include "Wire.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QThread>

#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcCentralStore)

namespace lounge::central {

using core::ErrorCode;
using core::makeError;
using core::Result;
using pg::Param;
using pg::Rows;

namespace {

/// Any fixed number: the advisory lock that serialises migrations between processes starting together.
constexpr qint64 kMigrationLock = 0x4c6f756e6765; // "Lounge"

// Forward-only migrations; index i brings the schema from version i to i+1. Never edit a shipped entry.
// The same tables as SqliteCentralStore's schema 2, plus `feed_head` (the change-sequence counter row every
// writing transaction locks first) and `redemptions.arrival` (insertion order, SQLite's rowid).
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE feed_head (id smallint PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL);
INSERT INTO feed_head VALUES (1, 0);
CREATE TABLE records (
    kind text NOT NULL,
    id text NOT NULL,
    seq bigint NOT NULL UNIQUE,
    deleted boolean NOT NULL DEFAULT false,
    body text NOT NULL,
    audience_module text,
    audience_scope text,
    code_hash bytea,
    number text,
    PRIMARY KEY (kind, id)
);
CREATE INDEX records_code ON records(kind, code_hash) WHERE code_hash IS NOT NULL;
CREATE INDEX records_number ON records(number) WHERE number IS NOT NULL;
CREATE TABLE sealed_codes (cred text PRIMARY KEY, sealed bytea NOT NULL);
CREATE TABLE enrollment_codes (
    code_hash bytea PRIMARY KEY, resource text NOT NULL, expires_ms bigint NOT NULL, used_by text, used_ms bigint
);
CREATE TABLE terminals (id text PRIMARY KEY, resource text NOT NULL, secret_hash bytea NOT NULL,
                        enrolled_ms bigint NOT NULL);
CREATE TABLE redemptions (
    id text PRIMARY KEY,
    cred text NOT NULL,
    resource text NOT NULL,
    terminal text NOT NULL,
    kind text NOT NULL,
    at_ms bigint NOT NULL,
    status text NOT NULL,
    reason text NOT NULL DEFAULT '',
    server_seq bigint NOT NULL,
    received_ms bigint NOT NULL,
    online boolean NOT NULL DEFAULT false,
    voided_by text,
    body text NOT NULL,
    token_id bytea,
    arrival bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX redemptions_cred ON redemptions(cred, at_ms);
CREATE INDEX redemptions_status ON redemptions(status) WHERE status != 'accepted';
CREATE INDEX redemptions_token ON redemptions(token_id) WHERE token_id IS NOT NULL;
)sql",
    // 2: records of one kind in byte order of id (recordsAfter, records: `id COLLATE "C"`), as SQLite's BINARY
    // primary key gives: the counters under one membership's prefix without a scan, whatever the database's locale.
    R"sql(
CREATE INDEX records_kind_id_c ON records (kind, id COLLATE "C");
)sql",
    // 3 (issue 15; SQLite's 3): fleet status, flagged visits per terminal, keyset pages of a credential's visits,
    // and the audit of membership corrections.
    R"sql(
ALTER TABLE terminals ADD COLUMN last_contact_ms bigint;
ALTER TABLE terminals ADD COLUMN version text;
ALTER TABLE terminals ADD COLUMN pending_uploads bigint;
ALTER TABLE terminals ADD COLUMN clock_offset_ms bigint;
ALTER TABLE terminals ADD COLUMN reported_ms bigint;
CREATE INDEX redemptions_terminal ON redemptions(terminal, status);
CREATE INDEX redemptions_cred_page ON redemptions(cred, at_ms, id COLLATE "C");
CREATE TABLE membership_corrections (
    id text PRIMARY KEY,
    membership text NOT NULL,
    at_ms bigint NOT NULL,
    actor text NOT NULL,
    field text NOT NULL,
    old_value text NOT NULL,
    new_value text NOT NULL
);
CREATE INDEX membership_corrections_page ON membership_corrections(membership, at_ms, id COLLATE "C");
)sql",
    // 4 (SQLite's 4): partner billing
    // (BillingService): rates, closed months with the statements they stored, and on each visit whether a
    // closed statement billed it (so a later void or a late upload becomes an adjustment, never a rewrite).
    R"sql(
CREATE TABLE billing_rates (
    program text COLLATE "C" NOT NULL, resource text COLLATE "C" NOT NULL, from_month text COLLATE "C" NOT NULL,
    visit_minor bigint NOT NULL, guest_minor bigint NOT NULL, currency text NOT NULL, updated_ms bigint NOT NULL,
    PRIMARY KEY (program, resource, from_month)
);
CREATE TABLE billing_months (resource text NOT NULL, month text NOT NULL, closed_ms bigint NOT NULL,
                             PRIMARY KEY (resource, month));
CREATE TABLE billing_statements (resource text NOT NULL, month text NOT NULL, program text NOT NULL,
                                 body text NOT NULL, PRIMARY KEY (resource, month, program));
ALTER TABLE redemptions ADD COLUMN billed integer NOT NULL DEFAULT 0;
CREATE INDEX redemptions_resource_at ON redemptions(resource, at_ms);
)sql",
    // 5 (issue 14 §3; SQLite's 5): the boarding passes a visit records, one row per pass, for billing by operating
    // carrier and compartment; the supervisor override of a missing boarding pass.
    R"sql(
CREATE TABLE redemption_flights (
    redemption text NOT NULL, idx integer NOT NULL, carrier text NOT NULL, flight_number text NOT NULL,
    flight_date text NOT NULL, from_airport text NOT NULL, to_airport text NOT NULL, compartment text NOT NULL,
    PRIMARY KEY (redemption, idx)
);
CREATE INDEX redemption_flights_carrier ON redemption_flights(carrier, compartment);
ALTER TABLE redemptions ADD COLUMN bp_override_by text;
ALTER TABLE redemptions ADD COLUMN bp_override_reason text;
)sql",
    // 6 (SQLite's 6; issue 12 §3): the feed's scan walks only records a terminal may receive (feedScan), not the
    // central-only ones (terminal clocks, journal heads, counters no desk reads: most rows written per visit).
    R"sql(
CREATE INDEX records_feed ON records(seq) WHERE audience_module IS DISTINCT FROM 'ǎntral-only';
)sql",
    // 7 (SQLite's 7; issue 16): the feed index also holds what the feed's audience test reads, so the first page's
    // count can be an index-only scan.
    R"sql(
DROP INDEX records_feed;
CREATE INDEX records_feed ON records(seq, kind, audience_module) WHERE audience_module IS DISTINCT FROM 'ǎntral-only';
)sql",
};
constexpr int kMigrationCount = int(sizeof(kMigrations) / sizeof(kMigrations[0]));
static_assert(kMigrationCount == PgCentralStore::kSchemaVersion);

// Text order is byte order (COLLATE "C"), as SQLite's BINARY, whatever the database's locale.
const QString kRecordColumns = QStringLiteral(
    "SELECT kind, id, seq, deleted, body, audience_module, audience_scope, code_hash, number FROM records ");

ChangeRecord readRecord(const Rows& s, int row)
{
    ChangeRecord r;
    r.kind = s.text(row, 0);
    r.id = s.text(row, 1);
    r.seq = s.int64(row, 2);
    r.deleted = s.boolean(row, 3);
    r.body = s.text(row, 4).toUtf8();
    r.audienceModule = s.text(row, 5);
    r.audienceScope = s.text(row, 6).toUtf8();
    r.codeHash = s.bytes(row, 7);
    r.number = s.text(row, 8);
    return r;
}

const QString kRedemptionColumns
    = QStringLiteral("SELECT body, status, reason, server_seq, received_ms, online, voided_by FROM redemptions ");

Result<StoredRedemption> readRedemption(const Rows& s, int row)
{
    auto record = protocol::redemptionFromJson(QJsonDocument::fromJson(s.text(row, 0).toUtf8()).object());
    if (!record) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("redemptions row: ") + record.error().detail);
    }
    StoredRedemption r;
    r.record = *record;
    const QString status = s.text(row, 1);
    r.status = status == QLatin1String("conflict") ? StoredRedemption::Status::Conflict
        : status == QLatin1String("rejected")      ? StoredRedemption::Status::Rejected
                                                   : StoredRedemption::Status::Accepted;
    r.reason = s.text(row, 2);
    r.serverSeq = s.int64(row, 3);
    r.receivedAt = QDateTime::fromMSecsSinceEpoch(s.int64(row, 4), Qt::UTC);
    r.online = s.boolean(row, 5);
    r.record.voidedBy = QUuid::fromString(s.text(row, 6));
    return r;
}

Result<std::optional<ChangeRecord>> oneRecord(Result<Rows> rows)
{
    if (!rows) {
        return rows.error();
    }
    if (rows->size() == 0) {
        return std::optional<ChangeRecord>();
    }
    return std::optional<ChangeRecord>(readRecord(*rows, 0));
}

Result<QList<ChangeRecord>> allRecords(Result<Rows> rows)
{
    if (!rows) {
        return rows.error();
    }
    QList<ChangeRecord> out;
    out.reserve(rows->size());
    for (int i = 0; i < rows->size(); ++i) {
        out.append(readRecord(*rows, i));
    }
    return out;
}

Result<QList<StoredRedemption>> allRedemptions(Result<Rows> rows)
{
    if (!rows) {
        return rows.error();
    }
    QList<StoredRedemption> out;
    for (int i = 0; i < rows->size(); ++i) {
        auto r = readRedemption(*rows, i);
        if (!r) {
            return r.error();
        }
        out.append(*r);
    }
    return out;
}

QString uuidText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

bool retryable(const QByteArray& sqlState)
{
    return sqlState == "40001" || sqlState == "40P01";
}

} // namespace

PgCentralStore::PgCentralStore(std::unique_ptr<pg::Connection> db)
    : m_db(std::move(db))
{ }

PgCentralStore::~PgCentralStore() = default;

Result<std::unique_ptr<PgCentralStore>> PgCentralStore::open(const QString& url, int* versionBefore)
{
    auto db = std::make_unique<pg::Connection>(url);
    if (auto c = db->ensureConnected(); !c) {
        return c.error();
    }
    std::unique_ptr<PgCentralStore> store(new PgCentralStore(std::move(db)));
    auto before = store->migrate();
    if (!before) {
        return before.error();
    }
    if (versionBefore) {
        *versionBefore = *before;
    }
    return store;
}

Result<int> PgCentralStore::migrate()
{
    // One transaction for every step (PostgreSQL's DDL is transactional): a failed step leaves the old schema.
    if (auto r = m_db->execScript(QStringLiteral("BEGIN")); !r) {
        return r.error();
    }
    auto fail = [this](core::Error e) -> Result<int> {
        (void)m_db->execScript(QStringLiteral("ROLLBACK"));
        return e;
    };
    if (auto r = m_db->exec(QStringLiteral("SELECT pg_advisory_xact_lock($1)"), {Param(kMigrationLock)}); !r) {
        return fail(r.error());
    }
    if (auto r
        = m_db->execScript(QStringLiteral("SET LOCAL client_min_messages = warning; "
                                          "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, "
                                          "applied_at timestamptz NOT NULL DEFAULT now())"));
        !r) {
        return fail(r.error());
    }
    auto version = m_db->exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
    if (!version) {
        return fail(version.error());
    }
    const int found = int(version->int64(0, 0));
    if (found > kSchemaVersion) {
        return fail(makeError(ErrorCode::SchemaTooNew,
                              QStringLiteral("central schema %1 in %2; this lounge-central knows up to %3")
                                  .arg(found)
                                  .arg(m_db->describe())
                                  .arg(kSchemaVersion)));
    }
    for (int v = found; v < kSchemaVersion; ++v) {
        if (auto r = m_db->execScript(QString::fromUtf8(kMigrations[v])); !r) {
            return fail(r.error());
        }
        if (auto r = m_db->exec(QStringLiteral("INSERT INTO schema_version(version) VALUES($1)"), {Param(v + 1)}); !r) {
            return fail(r.error());
        }
        qCDebug(lcCentralStore) << "migrated" << m_db->describe() << "to schema" << v + 1;
    }
    if (auto r = m_db->execScript(QStringLiteral("COMMIT")); !r) {
        return r.error();
    }
    return found;
}

Result<Rows> PgCentralStore::exec(const QString& sql, std::initializer_list<Param> params) const
{
    return m_db->exec(sql, params);
}

Result<void> PgCentralStore::transaction(const std::function<Result<void>()>& body)
{
    if (m_depth > 0) {
        return body();
    }
    for (int attempt = 1;; ++attempt) {
        if (auto c = m_db->ensureConnected(); !c) {
            return c;
        }
        m_db->clearSqlState();
        Result<void> r = m_db->execScript(QStringLiteral("BEGIN"));
        if (r) {
            // The writer lock: one writing transaction at a time across every process (docs/api.md).
            auto head = exec(QStringLiteral("SELECT seq FROM feed_head WHERE id = 1 FOR UPDATE"));
            r = head ? Result<void>() : Result<void>(head.error());
        }
        if (r) {
            ++m_depth;
            r = body();
            --m_depth;
        }
        if (r && m_db->transactionFailed()) {
            // A statement failed and the body went on: COMMIT would silently roll back. Never report that as done.
            r = makeError(ErrorCode::Internal, QStringLiteral("a statement of the transaction failed"));
        }
        if (r) {
            r = m_db->execScript(QStringLiteral("COMMIT"));
            if (r) {
                return r;
            }
        }
        const QByteArray state = m_db->lastSqlState();
        if (m_db->isConnected()) {
            (void)m_db->execScript(QStringLiteral("ROLLBACK"));
        }
        if (!retryable(state) || attempt >= kMaxAttempts) {
            return r;
        }
        ++m_retries;
        qCInfo(lcCentralStore) << "transaction retried after" << state << "attempt" << attempt;
        QThread::msleep(QRandomGenerator::global()->bounded(1, 10 * attempt + 1)); // de-synchronise the retries
    }
}

Result<std::optional<ChangeRecord>> PgCentralStore::record(const QString& kind, const QString& id) const
{
    return oneRecord(exec(kRecordColumns + QStringLiteral("WHERE kind=$1 AND id=$2"), {kind, id}));
}

Result<std::optional<ChangeRecord>> PgCentralStore::recordByCodeHash(const QString& kind, const QByteArray& hash) const
{
    return oneRecord(exec(kRecordColumns + QStringLiteral("WHERE kind=$1 AND code_hash=$2 AND NOT deleted LIMIT 1"),
                          {kind, Param::bytes(hash)}));
}

Result<std::optional<ChangeRecord>> PgCentralStore::recordByNumber(const QString& number) const
{
    return oneRecord(exec(kRecordColumns + QStringLiteral("WHERE number=$1 AND NOT deleted LIMIT 1"), {number}));
}

Result<QList<ChangeRecord>> PgCentralStore::records(const QString& kind, int limit) const
{
    return allRecords(
        exec(kRecordColumns + QStringLiteral("WHERE kind=$1 AND NOT deleted ORDER BY id COLLATE \"C\" LIMIT $2"),
             {kind, limit}));
}

Result<QList<ChangeRecord>> PgCentralStore::recordsAfter(const QString& kind, const QString& afterId,
                                                         const QByteArray& lookupKey, int limit) const
{
    if (lookupKey.isEmpty()) {
        return allRecords(exec(kRecordColumns
                                   + QStringLiteral("WHERE kind=$1 AND NOT deleted AND id COLLATE \"C\" > $2 "
                                                    "ORDER BY id COLLATE \"C\" LIMIT $3"),
                               {kind, afterId, limit}));
    }
    return allRecords(exec(kRecordColumns
                               + QStringLiteral("WHERE kind=$1 AND code_hash=$2 AND NOT deleted AND id COLLATE \"C\" "
                                                "> $3 ORDER BY id COLLATE \"C\" LIMIT $4"),
                           {kind, Param::bytes(lookupKey), afterId, limit}));
}

Result<QList<ChangeRecord>> PgCentralStore::recordPage(const RecordQuery& q) const
{
    // One statement for every combination of filters: an absent filter binds NULL and drops out. lower() and LIKE
    // under COLLATE "C" fold and compare ASCII only, as SQLite's LIKE.
    const auto field
        = [&](int i) { return q.fieldEquals.size() > i ? q.fieldEquals[i] : std::pair<QString, QString>(); };
    const auto f0 = field(0);
    const auto f1 = field(1);
    return allRecords(exec(
        kRecordColumns
            + QStringLiteral(
                "WHERE kind=$1 AND NOT deleted AND id COLLATE \"C\" > $2 AND ($3::text IS NULL OR number=$3) "
                "AND ($4::text IS NULL OR (body::jsonb->>$4::text) = $5) "
                "AND ($6::text IS NULL OR (body::jsonb->>$6::text) = $7) "
                "AND ($8::text IS NULL OR lower((body::jsonb->>$8::text) COLLATE \"C\") LIKE $9 ESCAPE '\\') "
                "AND ($10::text IS NULL OR (body::jsonb->'tiers') @> jsonb_build_array(jsonb_build_object('program', "
                "$10::text))) ORDER BY id COLLATE \"C\" LIMIT $11"),
        {q.kind, q.afterId, Param::textOrNull(q.number), Param::textOrNull(f0.first), Param::textOrNull(f0.second),
         Param::textOrNull(f1.first), Param::textOrNull(f1.second), Param::textOrNull(q.prefixField),
         Param::textOrNull(likePrefix(q.prefix).value_or(QString())), Param::textOrNull(q.tierProgram), q.limit}));
}

Result<qint64> PgCentralStore::headSeq() const
{
    auto rows = exec(QStringLiteral("SELECT seq FROM feed_head WHERE id = 1"));
    if (!rows) {
        return rows.error();
    }
    return rows->int64(0, 0);
}

Result<qint64> PgCentralStore::putRecord(const ChangeRecord& r)
{
    qint64 seq = 0;
    auto done = write([&]() -> Result<void> {
        // The row is already locked by this transaction (transaction()): the sequence is taken in commit order.
        auto next = exec(QStringLiteral("UPDATE feed_head SET seq = seq + 1 WHERE id = 1 RETURNING seq"));
        if (!next) {
            return next.error();
        }
        seq = next->int64(0, 0);
        auto x = exec(
            QStringLiteral(
                "INSERT INTO records(kind, id, seq, deleted, body, audience_module, audience_scope, code_hash, number) "
                "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (kind, id) DO UPDATE SET seq=excluded.seq, "
                "deleted=excluded.deleted, body=excluded.body, audience_module=excluded.audience_module, "
                "audience_scope=excluded.audience_scope, code_hash=excluded.code_hash, number=excluded.number"),
            {r.kind, r.id, seq, r.deleted, QString::fromUtf8(r.body), Param::textOrNull(r.audienceModule),
             Param::textOrNull(QString::fromUtf8(r.audienceScope)), Param::bytesOrNull(r.codeHash),
             Param::textOrNull(r.number)});
        return x ? Result<void>() : Result<void>(x.error());
    });
    if (!done) {
        return done.error();
    }
    return seq;
}

Result<QList<ChangeRecord>> PgCentralStore::changesSince(qint64 cursor, int limit) const
{
    return allRecords(exec(kRecordColumns + QStringLiteral("WHERE seq > $1 ORDER BY seq LIMIT $2"), {cursor, limit}));
}

Result<FeedScan> PgCentralStore::feedScan(const QString& resourceId, qint64 cursor, int limit, bool count) const
{
    // One statement, so one snapshot: the head it reports is the head of the rows it read (writers take seqs under
    // the feed_head lock and publish the head and their records in one commit), and nothing waits for a writer.
    // The central-only test is written exactly as the records_feed index's predicate, so the scan uses that index;
    // 'ǎntral-only' is kCentralOnlyAudience as stored (CentralStore.h says why it reads so).
    static const QString kCandidate = QStringLiteral(
        "audience_module IS DISTINCT FROM 'ǎntral-only' AND (audience_module IS NULL OR audience_module = '' "
        "OR kind = 'epass' OR audience_module = (SELECT body::jsonb ->> 'module' FROM res WHERE NOT deleted))");
    static const QString kSql = QStringLiteral("WITH res AS (") + kRecordColumns
        + QStringLiteral("WHERE kind = 'resource' AND id = $1), page AS (") + kRecordColumns
        + QStringLiteral("WHERE seq > $2 AND ") + kCandidate
        + QStringLiteral(" ORDER BY seq LIMIT $3) "
                         "SELECT *, 0 FROM res "
                         "UNION ALL SELECT ''::text, ''::text, seq, false, ''::text, NULL::text, NULL::text, "
                         "NULL::bytea, NULL::text, 1 FROM feed_head WHERE id = 1 "
                         "UNION ALL SELECT *, 2 FROM page "
                         "UNION ALL SELECT ''::text, ''::text, COUNT(*), false, ''::text, NULL::text, NULL::text, "
                         "NULL::bytea, NULL::text, 3 FROM records WHERE $4::boolean "
                         "AND (SELECT COUNT(*) FROM page) = $3::bigint AND seq > (SELECT max(seq) FROM page) AND ")
        + kCandidate;
    auto rows = exec(kSql, {resourceId, cursor, qint64(limit), count});
    if (!rows) {
        return rows.error();
    }
    FeedScan out;
    for (int i = 0; i < rows->size(); ++i) {
        switch (rows->int64(i, 9)) {
        case 0:
            out.resource = readRecord(*rows, i);
            break;
        case 1:
            out.head = rows->int64(i, 2);
            break;
        case 2:
            out.rows.append(readRecord(*rows, i));
            break;
        default:
            out.remaining = count ? rows->int64(i, 2) : -1;
            break;
        }
    }
    // UNION ALL keeps each branch's order in practice; the page's order is the contract, so make it certain.
    std::stable_sort(out.rows.begin(), out.rows.end(),
                     [](const ChangeRecord& a, const ChangeRecord& b) { return a.seq < b.seq; });
    return out;
}

Result<qint64> PgCentralStore::countSince(qint64 cursor) const
{
    auto rows = exec(QStringLiteral("SELECT COUNT(*) FROM records WHERE seq > $1"), {cursor});
    if (!rows) {
        return rows.error();
    }
    return rows->int64(0, 0);
}

Result<void> PgCentralStore::putSealedCode(const QString& credentialKey, const QByteArray& sealed)
{
    return write([&]() -> Result<void> {
        auto x = exec(QStringLiteral("INSERT INTO sealed_codes(cred, sealed) VALUES($1, $2) "
                                     "ON CONFLICT (cred) DO UPDATE SET sealed=excluded.sealed"),
                      {credentialKey, Param::bytes(sealed)});
        return x ? Result<void>() : Result<void>(x.error());
    });
}

Result<std::optional<QByteArray>> PgCentralStore::sealedCode(const QString& credentialKey) const
{
    auto rows = exec(QStringLiteral("SELECT sealed FROM sealed_codes WHERE cred=$1"), {credentialKey});
    if (!rows) {
        return rows.error();
    }
    if (rows->size() == 0) {
        return std::optional<QByteArray>();
    }
    return std::optional<QByteArray>(rows->bytes(0, 0));
}

Result<void> PgCentralStore::putEnrollmentCode(const QByteArray& codeHash, const QString& resourceId,
                                               const QDateTime& expiresAt)
{
    return write([&]() -> Result<void> {
        auto x
            = exec(QStringLiteral("INSERT INTO enrollment_codes(code_hash, resource, expires_ms) VALUES($1, $2, $3)"),
                   {Param::bytes(codeHash), resourceId, expiresAt.toMSecsSinceEpoch()});
        return x ? Result<void>() : Result<void>(x.error());
    });
}

Result<QString> PgCentralStore::consumeEnrollmentCode(const QByteArray& codeHash, const QString& terminalId,
                                                      const QDateTime& now)
{
    QString resource;
    auto r = write([&]() -> Result<void> {
        // FOR UPDATE: two processes enrolling with one code at once see it used by the first.
        auto code = exec(QStringLiteral("SELECT resource, expires_ms, used_by IS NOT NULL FROM enrollment_codes "
                                        "WHERE code_hash=$1 FOR UPDATE"),
                         {Param::bytes(codeHash)});
        if (!code) {
            return code.error();
        }
        if (code->size() == 0) {
            return makeError(ErrorCode::NotFound, QStringLiteral("unknown enrollment code"));
        }
        if (code->boolean(0, 2)) {
            return makeError(ErrorCode::Conflict, QStringLiteral("enrollment code already used"));
        }
        if (code->int64(0, 1) < now.toMSecsSinceEpoch()) {
            return makeError(ErrorCode::NotFound, QStringLiteral("enrollment code expired"));
        }
        resource = code->text(0, 0);
        auto x = exec(QStringLiteral("UPDATE enrollment_codes SET used_by=$1, used_ms=$2 WHERE code_hash=$3"),
                      {terminalId, now.toMSecsSinceEpoch(), Param::bytes(codeHash)});
        return x ? Result<void>() : Result<void>(x.error());
    });
    if (!r) {
        return r.error();
    }
    return resource;
}

Result<void> PgCentralStore::putTerminal(const TerminalRecord& t)
{
    return write([&]() -> Result<void> {
        auto x = exec(
            QStringLiteral("INSERT INTO terminals(id, resource, secret_hash, enrolled_ms) VALUES($1, $2, $3, $4)"),
            {t.id, t.resourceId, Param::bytes(t.secretHash), t.enrolledAt.toMSecsSinceEpoch()});
        return x ? Result<void>() : Result<void>(x.error());
    });
}

Result<std::optional<TerminalRecord>> PgCentralStore::terminal(const QString& id) const
{
    auto rows = exec(QStringLiteral("SELECT resource, secret_hash, enrolled_ms FROM terminals WHERE id=$1"), {id});
    if (!rows) {
        return rows.error();
    }
    if (rows->size() == 0) {
        return std::optional<TerminalRecord>();
    }
    return std::optional<TerminalRecord>(TerminalRecord {id, rows->text(0, 0), rows->bytes(0, 1),
                                                         QDateTime::fromMSecsSinceEpoch(rows->int64(0, 2), Qt::UTC)});
}

Result<std::optional<TerminalWithRecord>> PgCentralStore::terminalWithRecord(const QString& id,
                                                                             const QString& recordKind) const
{
    auto rows
        = exec(QStringLiteral("SELECT r.kind, r.id, r.seq, r.deleted, r.body, r.audience_module, r.audience_scope, "
                              "r.code_hash, r.number, t.resource, t.secret_hash, t.enrolled_ms FROM terminals t "
                              "LEFT JOIN records r ON r.kind = $2 AND r.id = t.id WHERE t.id = $1"),
               {id, recordKind});
    if (!rows) {
        return rows.error();
    }
    if (rows->size() == 0) {
        return std::optional<TerminalWithRecord>();
    }
    TerminalWithRecord out;
    out.terminal = TerminalRecord {id, rows->text(0, 9), rows->bytes(0, 10),
                                   QDateTime::fromMSecsSinceEpoch(rows->int64(0, 11), Qt::UTC)};
    if (!rows->isNull(0, 0)) {
        out.record = readRecord(*rows, 0);
    }
    return std::optional<TerminalWithRecord>(std::move(out));
}

Result<std::optional<StoredRedemption>> PgCentralStore::redemption(const QUuid& id) const
{
    auto list = allRedemptions(exec(kRedemptionColumns + QStringLiteral("WHERE id=$1"), {uuidText(id)}));
    if (!list) {
        return list.error();
    }
    return list->isEmpty() ? std::optional<StoredRedemption>() : std::optional<StoredRedemption>(list->first());
}

Result<void> PgCentralStore::putRedemption(const StoredRedemption& r)
{
    return write([&]() -> Result<void> {
        auto x = exec(
            QStringLiteral("INSERT INTO redemptions(id, cred, resource, terminal, kind, at_ms, status, reason, "
                           "server_seq, received_ms, online, body, token_id, bp_override_by, bp_override_reason) "
                           "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"),
            {uuidText(r.record.id), r.record.credential.key(), r.record.resourceId, r.record.terminalId,
             core::toString(r.record.kind), r.record.at.toMSecsSinceEpoch(), toString(r.status), r.reason, r.serverSeq,
             r.receivedAt.toMSecsSinceEpoch(), r.online,
             QString::fromUtf8(protocol::encode(protocol::redemptionToJson(r.record, true))),
             Param::bytesOrNull(r.record.tokenId), Param::textOrNull(r.record.boardingPassOverrideBy),
             Param::textOrNull(r.record.boardingPassOverrideReason)});
        if (!x) {
            return x.error();
        }
        for (int i = 0; i < r.record.flights.size(); ++i) {
            const core::FlightRecord& f = r.record.flights[i];
            auto y = exec(QStringLiteral("INSERT INTO redemption_flights(redemption, idx, carrier, flight_number, "
                                         "flight_date, from_airport, to_airport, compartment) "
                                         "VALUES($1, $2, $3, $4, $5, $6, $7, $8)"),
                          {uuidText(r.record.id), i, f.carrier, f.flightNumber, f.date.toString(Qt::ISODate), f.from,
                           f.to, f.compartment});
            if (!y) {
                return y.error();
            }
        }
        return {};
    });
}

Result<std::optional<QUuid>> PgCentralStore::redemptionWithToken(const QByteArray& tokenId) const
{
    auto rows = exec(QStringLiteral("SELECT id FROM redemptions WHERE token_id=$1 AND status != 'rejected' "
                                    "ORDER BY received_ms, arrival LIMIT 1"),
                     {Param::bytes(tokenId)});
    if (!rows) {
        return rows.error();
    }
    if (rows->size() == 0) {
        return std::optional<QUuid>();
    }
    return std::optional<QUuid>(QUuid::fromString(rows->text(0, 0)));
}

Result<void> PgCentralStore::markVoided(const QUuid& original, const QUuid& voidId)
{
    return write([&]() -> Result<void> {
        auto x = exec(QStringLiteral("UPDATE redemptions SET voided_by=$1 WHERE id=$2"),
                      {uuidText(voidId), uuidText(original)});
        return x ? Result<void>() : Result<void>(x.error());
    });
}

Result<QList<StoredRedemption>> PgCentralStore::redemptionsOf(const QString& credentialKey, int limit) const
{
    return allRedemptions(exec(kRedemptionColumns + QStringLiteral("WHERE cred=$1 ORDER BY at_ms DESC LIMIT $2"),
                               {credentialKey, limit}));
}

Result<QList<StoredRedemption>> PgCentralStore::conflicts() const
{
    return allRedemptions(exec(
        kRedemptionColumns + QStringLiteral("WHERE status='conflict' ORDER BY cred COLLATE \"C\", at_ms, arrival")));
}

Result<std::optional<QDateTime>> PgCentralStore::lastUse(const QString& credentialKey, const QString& resourceId) const
{
    auto rows = exec(QStringLiteral("SELECT MAX(at_ms) FROM redemptions WHERE cred=$1 AND resource=$2 AND "
                                    "kind='redeem' AND status != 'rejected' AND voided_by IS NULL"),
                     {credentialKey, resourceId});
    if (!rows) {
        return rows.error();
    }
    if (rows->isNull(0, 0)) {
        return std::optional<QDateTime>();
    }
    return std::optional<QDateTime>(QDateTime::fromMSecsSinceEpoch(rows->int64(0, 0), Qt::UTC));
}

// ---- partner billing

Result<void> PgCentralStore::putBillingRate(const BillingRate& r)
{
    return write([&]() -> Result<void> {
        auto x = exec(
            QStringLiteral("INSERT INTO billing_rates(program, resource, from_month, visit_minor, guest_minor, "
                           "currency, updated_ms) VALUES($1, $2, $3, $4, $5, $6, $7) "
                           "ON CONFLICT(program, resource, from_month) DO UPDATE SET visit_minor=excluded.visit_minor, "
                           "guest_minor=excluded.guest_minor, currency=excluded.currency, "
                           "updated_ms=excluded.updated_ms"),
            {r.program, r.resource, r.fromMonth, r.perVisitMinor, r.perGuestMinor, r.currency,
             r.updatedAt.toMSecsSinceEpoch()});
        return x ? Result<void>() : Result<void>(x.error());
    });
}

Result<QList<BillingRate>> PgCentralStore::billingRates(const QString& program, const QString& resource,
                                                        const QStringList& after, int limit) const
{
    // Keyset order (program, resource, from_month), byte order as SQLite: stable under concurrent inserts.
    auto rows
        = exec(QStringLiteral("SELECT program, resource, from_month, visit_minor, guest_minor, currency, "
                              "updated_ms FROM billing_rates WHERE ($1 = '' OR program = $1) AND "
                              "($2 = '' OR resource = $2) AND ($3 = 0 OR (program, resource, from_month) > "
                              "($4, $5, $6)) ORDER BY program, resource, from_month LIMIT $7"),
               {program, resource, after.size() == 3 ? 1 : 0, after.value(0), after.value(1), after.value(2), limit});
    if (!rows) {
        return rows.error();
    }
    QList<BillingRate> out;
    for (int i = 0; i < rows->size(); ++i) {
        out.append(BillingRate {rows->text(i, 0), rows->text(i, 1), rows->text(i, 2), rows->int64(i, 3),
                                rows->int64(i, 4), rows->text(i, 5),
                                QDateTime::fromMSecsSinceEpoch(rows->int64(i, 6), Qt::UTC)});
    }
    return out;
}

Result<QList<BillingVisit>> PgCentralStore::billingVisits(const QString& resource, qint64 fromMs, qint64 toMs,
                                                          bool unsettledOnly) const
{
    auto rows = exec(QStringLiteral("SELECT id, cred, kind, at_ms, status, reason, voided_by IS NOT NULL, "
                                    "COALESCE((body::json->>'partySize')::int, 1), "
                                    "COALESCE((body::json->>'amountMinor')::bigint, 0), billed, "
                                    "bp_override_by IS NOT NULL, (SELECT string_agg(carrier || '/' || compartment, "
                                    "' ' ORDER BY idx) FROM redemption_flights f WHERE f.redemption = redemptions.id) "
                                    "FROM redemptions "
                                    "WHERE resource=$1 AND at_ms >= $2 AND at_ms < $3 AND kind IN ('redeem', 'paid') "
                                    "AND status != 'rejected' AND ($4 = 0 OR billed != (voided_by IS NULL)::int) "
                                    "ORDER BY at_ms, id COLLATE \"C\""),
                     {resource, fromMs, toMs, unsettledOnly ? 1 : 0});
    if (!rows) {
        return rows.error();
    }
    QList<BillingVisit> out;
    out.reserve(rows->size());
    for (int i = 0; i < rows->size(); ++i) {
        BillingVisit v;
        v.id = rows->text(i, 0);
        v.credential = rows->text(i, 1);
        v.paid = rows->text(i, 2) == QLatin1String("paid");
        v.atMs = rows->int64(i, 3);
        v.status = rows->text(i, 4);
        v.reason = rows->text(i, 5);
        v.voided = rows->boolean(i, 6);
        v.partySize = int(rows->int64(i, 7));
        v.amountMinor = rows->int64(i, 8);
        v.billed = int(rows->int64(i, 9));
        v.boardingPassOverride = rows->boolean(i, 10);
        v.flights = billingFlights(rows->text(i, 11));
        out.append(v);
    }
    return out;
}

Result<QMap<QString, qint64>> PgCentralStore::closedBillingMonths(const QString& resource) const
{
    auto rows = exec(QStringLiteral("SELECT month, closed_ms FROM billing_months WHERE resource=$1"), {resource});
    if (!rows) {
        return rows.error();
    }
    QMap<QString, qint64> out;
    for (int i = 0; i < rows->size(); ++i) {
        out.insert(rows->text(i, 0), rows->int64(i, 1));
    }
    return out;
}

Result<QMap<QString, QByteArray>> PgCentralStore::closedStatements(const QString& resource, const QString& month) const
{
    auto rows = exec(QStringLiteral("SELECT program, body FROM billing_statements WHERE resource=$1 AND month=$2"),
                     {resource, month});
    if (!rows) {
        return rows.error();
    }
    QMap<QString, QByteArray> out;
    for (int i = 0; i < rows->size(); ++i) {
        out.insert(rows->text(i, 0), rows->text(i, 1).toUtf8());
    }
    return out;
}

Result<void> PgCentralStore::closeBillingMonth(const QString& resource, const QString& month, qint64 closedAtMs,
                                               const QMap<QString, QByteArray>& statements, qint64 settleFromMs,
                                               qint64 settleToMs)
{
    return write([&]() -> Result<void> {
        auto closed
            = exec(QStringLiteral("SELECT 1 FROM billing_months WHERE resource=$1 AND month=$2"), {resource, month});
        if (!closed) {
            return closed.error();
        }
        if (closed->size() > 0) {
            return makeError(ErrorCode::Conflict, QStringLiteral("ALREADY_CLOSED: %1 %2").arg(resource, month));
        }
        if (auto r = exec(QStringLiteral("INSERT INTO billing_months(resource, month, closed_ms) VALUES($1, $2, $3)"),
                          {resource, month, closedAtMs});
            !r) {
            return r.error();
        }
        for (auto it = statements.cbegin(); it != statements.cend(); ++it) {
            if (auto r = exec(QStringLiteral("INSERT INTO billing_statements(resource, month, program, body) "
                                             "VALUES($1, $2, $3, $4)"),
                              {resource, month, it.key(), QString::fromUtf8(it.value())});
                !r) {
                return r.error();
            }
        }
        auto r = exec(QStringLiteral("UPDATE redemptions SET billed = (voided_by IS NULL)::int WHERE resource=$1 AND "
                                     "at_ms >= $2 AND at_ms < $3 AND kind IN ('redeem', 'paid') AND "
                                     "status != 'rejected' AND billed != (voided_by IS NULL)::int"),
                      {resource, settleFromMs, settleToMs});
        return r ? Result<void>() : Result<void>(r.error());
    });
}

} // namespace lounge::central

namespace lounge::central {

namespace {

std::optional<QDateTime> msToTime(const Rows& s, int row, int col)
{
    return s.isNull(row, col) ? std::nullopt
                              : std::optional(QDateTime::fromMSecsSinceEpoch(s.int64(row, col), Qt::UTC));
}

std::optional<qint64> optionalInt(const Rows& s, int row, int col)
{
    return s.isNull(row, col) ? std::nullopt : std::optional(qint64(s.int64(row, col)));
}

Param optionalParam(const std::optional<qint64>& v)
{
    return v ? Param(*v) : Param(std::nullopt);
}

Param optionalParam(const std::optional<QString>& v)
{
    return v ? Param(*v) : Param(std::nullopt);
}

} // namespace

Result<void> PgCentralStore::noteTerminalContact(const QString& terminalId, const TerminalContact& c)
{
    // Autocommit, never under the feed_head writer lock: a contact changes no feed record. Written only when the
    // stored contact is older than the interval or a reported value changed (a busy fleet polls often).
    auto x = exec(
        QStringLiteral(
            "UPDATE terminals SET last_contact_ms=$2, version=COALESCE($3::text, version), "
            "pending_uploads=COALESCE($4::bigint, pending_uploads), "
            "clock_offset_ms=COALESCE($5::bigint, clock_offset_ms), "
            "reported_ms=CASE WHEN $3::text IS NULL AND $4::bigint IS NULL AND $5::bigint IS NULL THEN reported_ms "
            "ELSE $2 END "
            "WHERE id=$1 AND (last_contact_ms IS NULL OR last_contact_ms <= $2 - $6::bigint "
            "OR ($3::text IS NOT NULL AND version IS DISTINCT FROM $3::text) "
            "OR ($4::bigint IS NOT NULL AND pending_uploads IS DISTINCT FROM $4::bigint) "
            "OR ($5::bigint IS NOT NULL AND clock_offset_ms IS NULL))"),
        {terminalId, c.at.toMSecsSinceEpoch(), optionalParam(c.version), optionalParam(c.pendingUploads),
         optionalParam(c.clockOffsetMs), kContactWriteIntervalMs});
    return x ? Result<void>() : Result<void>(x.error());
}

Result<QList<TerminalStatus>> PgCentralStore::terminalPage(const TerminalQuery& q) const
{
    auto rows = exec(
        QStringLiteral("SELECT t.id, t.resource, t.enrolled_ms, t.last_contact_ms, t.version, t.pending_uploads, "
                       "t.clock_offset_ms, t.reported_ms, "
                       "(SELECT COUNT(*) FROM redemptions r WHERE r.terminal=t.id AND r.status='conflict') "
                       "FROM terminals t WHERE t.id COLLATE \"C\" > $1 AND ($2::text IS NULL OR t.resource=$2) "
                       "AND ($3::boolean IS NULL OR ($3 AND COALESCE(t.last_contact_ms, t.enrolled_ms) < $4::bigint) "
                       "OR (NOT $3 AND COALESCE(t.last_contact_ms, t.enrolled_ms) >= $4::bigint)) "
                       "ORDER BY t.id COLLATE \"C\" LIMIT $5"),
        {q.afterId, Param::textOrNull(q.resourceId), q.stale ? Param(*q.stale) : Param(std::nullopt),
         q.silentSince.toMSecsSinceEpoch(), q.limit});
    if (!rows) {
        return rows.error();
    }
    QList<TerminalStatus> out;
    for (int i = 0; i < rows->size(); ++i) {
        TerminalStatus t;
        t.terminal = TerminalRecord {
            rows->text(i, 0), rows->text(i, 1), {}, QDateTime::fromMSecsSinceEpoch(rows->int64(i, 2), Qt::UTC)};
        t.lastContact = msToTime(*rows, i, 3);
        t.version = rows->isNull(i, 4) ? std::nullopt : std::optional(rows->text(i, 4));
        t.pendingUploads = optionalInt(*rows, i, 5);
        t.clockOffsetMs = optionalInt(*rows, i, 6);
        t.reportedAt = msToTime(*rows, i, 7);
        t.flaggedVisits = rows->int64(i, 8);
        out.append(t);
    }
    return out;
}

Result<void> PgCentralStore::putCorrection(const MembershipCorrection& c)
{
    return write([&]() -> Result<void> {
        auto x = exec(QStringLiteral("INSERT INTO membership_corrections(id, membership, at_ms, actor, field, "
                                     "old_value, new_value) VALUES($1, $2, $3, $4, $5, $6, $7)"),
                      {c.id, c.membershipId, c.at.toMSecsSinceEpoch(), c.actor, c.field, c.oldValue, c.newValue});
        return x ? Result<void>() : Result<void>(x.error());
    });
}

Result<QList<MembershipCorrection>> PgCentralStore::corrections(const QString& membershipId,
                                                                std::optional<std::pair<QDateTime, QString>> after,
                                                                int limit) const
{
    auto rows = exec(
        QStringLiteral("SELECT id, membership, at_ms, actor, field, old_value, new_value FROM membership_corrections "
                       "WHERE membership=$1 AND ($2::bigint IS NULL OR at_ms > $2::bigint "
                       "OR (at_ms = $2::bigint AND id COLLATE \"C\" > $3)) ORDER BY at_ms, id COLLATE \"C\" LIMIT $4"),
        {membershipId, after ? Param(after->first.toMSecsSinceEpoch()) : Param(std::nullopt),
         after ? after->second : QString(), limit});
    if (!rows) {
        return rows.error();
    }
    QList<MembershipCorrection> out;
    for (int i = 0; i < rows->size(); ++i) {
        out.append(MembershipCorrection {rows->text(i, 0), rows->text(i, 1),
                                         QDateTime::fromMSecsSinceEpoch(rows->int64(i, 2), Qt::UTC), rows->text(i, 3),
                                         rows->text(i, 4), rows->text(i, 5), rows->text(i, 6)});
    }
    return out;
}

Result<QList<StoredRedemption>> PgCentralStore::redemptionPage(const QString& credentialKey,
                                                               std::optional<std::pair<QDateTime, QString>> before,
                                                               int limit) const
{
    return allRedemptions(exec(kRedemptionColumns
                                   + QStringLiteral("WHERE cred=$1 AND ($2::bigint IS NULL OR at_ms < $2::bigint "
                                                    "OR (at_ms = $2::bigint AND id COLLATE \"C\" < $3)) "
                                                    "ORDER BY at_ms DESC, id COLLATE \"C\" DESC LIMIT $4"),
                               {credentialKey, before ? Param(before->first.toMSecsSinceEpoch()) : Param(std::nullopt),
                                before ? before->second : QString(), limit}));
}

} // namespace lounge::central
