#include "Store.h"

#include "IsoDate.h"
#include "Json.h"
#include "Ledger.h"
#include "SecurityStore.h"
#include "StoredJson.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QVarLengthArray>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <limits>
#include <mutex>
#include <utility>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace lounge::core {

using sqlite::Statement;
using sqlite::Transaction;

namespace {

qint64 steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// The read-write connection's page cache (PRAGMA cache_size=-kStoreCacheKib): keeps the random-key code indexes hot
// during a bulk download.
constexpr int kStoreCacheKib = 65536;
// A live reader's page cache (the desk's CheckReader; SQLite's default is 2,000 KiB): holds the upper levels of the
// code indexes and tables and the small tables a validation reads besides (journal_cred, usage, resources), so that a
// validation met first reads from the file little more than the code's own index leaf and row (issue 16, seventh
// round).
constexpr int kReaderCacheKib = 8192;
// SQLite's page-cache memory, faulted in at the process's first open (sqlite::Database::reservePageCache): the
// store's cache, a live reader's and a few pages for the checkpoint connection. A page past it comes from the heap, as
// every page did before.
constexpr int kReservedCachePages = (kStoreCacheKib + kReaderCacheKib) / 4 + 64;

// Forward-only migrations; index i brings the schema from version i to i+1. Never edit a shipped entry.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE resources (id TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE programs (id TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE memberships (
    id TEXT PRIMARY KEY,
    number TEXT,
    code_hash BLOB,
    holder TEXT NOT NULL,
    status TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT NOT NULL,
    tiers TEXT NOT NULL,
    overrides TEXT NOT NULL
);
CREATE UNIQUE INDEX memberships_code ON memberships(code_hash) WHERE code_hash IS NOT NULL;
CREATE INDEX memberships_number ON memberships(number) WHERE number IS NOT NULL;
CREATE TABLE epasses (
    id TEXT PRIMARY KEY,
    code_hash BLOB,
    body TEXT NOT NULL,
    status TEXT NOT NULL
);
CREATE UNIQUE INDEX epasses_code ON epasses(code_hash) WHERE code_hash IS NOT NULL;
CREATE TABLE usage (
    cred TEXT NOT NULL, module TEXT NOT NULL, pool TEXT NOT NULL, period TEXT NOT NULL, used INTEGER NOT NULL,
    PRIMARY KEY (cred, module, pool, period)
) WITHOUT ROWID;
CREATE TABLE journal (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    voids TEXT,
    voided_by TEXT,
    cred TEXT NOT NULL,
    resource TEXT NOT NULL,
    terminal TEXT NOT NULL,
    staff TEXT NOT NULL,
    party INTEGER NOT NULL,
    uses TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    clock_source TEXT NOT NULL,
    verdict TEXT NOT NULL,
    reason TEXT NOT NULL,
    state TEXT NOT NULL,
    server_seq INTEGER,
    remark TEXT NOT NULL DEFAULT '',
    holder TEXT NOT NULL DEFAULT '',
    prev_hash BLOB,
    hash BLOB NOT NULL
);
CREATE INDEX journal_cred ON journal(cred, resource);
CREATE INDEX journal_at ON journal(at_ms);
CREATE INDEX journal_state ON journal(state) WHERE state IN ('pending', 'uploaded');
CREATE TABLE journal_uses (
    journal_seq INTEGER NOT NULL REFERENCES journal(seq),
    cred TEXT NOT NULL, module TEXT NOT NULL, pool TEXT NOT NULL, period TEXT NOT NULL, count INTEGER NOT NULL
);
CREATE INDEX journal_uses_key ON journal_uses(cred, module, pool, period);
-- The journal is append-only: a void is a compensating record, never a delete.
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
)sql",
    // 2: dynamic-token keys and replay guard, staff accounts and sign-in lock-out; central's rejection reason
    // gets its own column because `remark` is covered by the journal hash chain.
    R"sql(
CREATE TABLE token_keys (
    id INTEGER PRIMARY KEY,
    public_key BLOB NOT NULL,
    valid_from_ms INTEGER,
    valid_until_ms INTEGER
);
CREATE TABLE seen_tokens (token_id BLOB PRIMARY KEY, expires_at_ms INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX seen_tokens_expiry ON seen_tokens(expires_at_ms);
CREATE TABLE staff (id TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE staff_lockout (
    staff_id TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    locked_until_ms INTEGER NOT NULL
) WITHOUT ROWID;
ALTER TABLE journal ADD COLUMN central_remark TEXT NOT NULL DEFAULT '';
)sql",
    // 3: staff session log (sign-in, lock, unlock, a supervisor signing another staff member out). Append-only
    // like the journal: it is what a supervisor reads to see who was at the desk.
    R"sql(
CREATE TABLE staff_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms INTEGER NOT NULL,
    kind TEXT NOT NULL,
    staff TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT ''
);
CREATE INDEX staff_events_at ON staff_events(at_ms);
CREATE TRIGGER staff_events_no_delete BEFORE DELETE ON staff_events
BEGIN SELECT RAISE(ABORT, 'staff_events is append-only'); END;
CREATE TRIGGER staff_events_no_update BEFORE UPDATE ON staff_events
BEGIN SELECT RAISE(ABORT, 'staff_events is append-only'); END;
-- The dynamic token a visit was admitted with (hashed into the chain, uploaded): central spots cross-terminal reuse.
ALTER TABLE journal ADD COLUMN token_id BLOB;
)sql",
    // 4: every edit shows (issue 11). Decisions read only chained data or state the ledger chains: pool uses come from
    // the journal's hashed `uses` (journal_uses goes), a void from the void record (not the mutable voided_by), the
    // replay guard also from the journal's hashed token ids; central's counters and answers and the settings that
    // steer validation are appended to the hash-chained ledger in the transaction that changes them.
    R"sql(
CREATE TABLE ledger (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    prev_hash BLOB NOT NULL,
    hash BLOB NOT NULL
);
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
CREATE TRIGGER journal_chained_immutable BEFORE UPDATE OF id, kind, voids, cred, resource, terminal, staff, party, uses,
    at_ms, clock_source, verdict, reason, remark, holder, prev_hash, hash, token_id ON journal
BEGIN SELECT RAISE(ABORT, 'journal records are immutable'); END;
CREATE INDEX journal_voids ON journal(voids) WHERE voids IS NOT NULL;
CREATE INDEX journal_token ON journal(token_id) WHERE token_id IS NOT NULL;
DROP INDEX journal_uses_key;
DROP TABLE journal_uses;
)sql",
    // 5: what the desk needs to decide and correct (issue 10 §4). The programme of each visit (shift statistics by
    // programme; informational, outside the hash chain); paid entries' amount and a guest-count change's link to
    // the visit it replaces (both hashed and uploaded); refused scans, a local desk log (not uploaded).
    R"sql(
ALTER TABLE journal ADD COLUMN program TEXT NOT NULL DEFAULT '';
ALTER TABLE journal ADD COLUMN replaces TEXT;
ALTER TABLE journal ADD COLUMN amount_minor INTEGER;
CREATE TABLE refusals (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms INTEGER NOT NULL,
    cred TEXT NOT NULL DEFAULT '',
    holder TEXT NOT NULL DEFAULT '',
    program TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,
    staff TEXT NOT NULL DEFAULT '',
    terminal TEXT NOT NULL DEFAULT ''
);
CREATE INDEX refusals_at ON refusals(at_ms);
CREATE TRIGGER journal_chained_immutable_5 BEFORE UPDATE OF replaces, amount_minor ON journal
BEGIN SELECT RAISE(ABORT, 'journal records are immutable'); END;
)sql",
    // 6: a cheap store open (issue 16). Each ledger entry carries the digest of the whole chained state after it
    // (hashed into its link), and ledger_state holds that state materialised, so an open compares one digest of the
    // live tables instead of replaying the ledger (docs/security.md). The state is filled from the entries here; the
    // first open seals its digest (Ledger.h).
    R"sql(
ALTER TABLE ledger ADD COLUMN digest BLOB;
CREATE TABLE ledger_state (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
)sql",
    // 7: Fast Track pre-bookings (issue 14 §4). The bookings at this terminal's resource as central last sent them,
    // and the booking a visit consumed (hashed and uploaded, immutable like the other chained columns).
    R"sql(
CREATE TABLE bookings (
    id TEXT PRIMARY KEY,
    cred TEXT NOT NULL,
    resource TEXT NOT NULL,
    date TEXT NOT NULL,
    body TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX bookings_cred ON bookings(cred, resource, date);
ALTER TABLE journal ADD COLUMN booking TEXT;
CREATE INDEX journal_booking ON journal(booking) WHERE booking IS NOT NULL;
CREATE TRIGGER journal_chained_immutable_7 BEFORE UPDATE OF booking ON journal
BEGIN SELECT RAISE(ABORT, 'journal records are immutable'); END;
)sql",
    // 8: boarding passes (issue 14 §3). The flights a visit recorded (a JSON array of FlightRecord, NULL when none)
    // and a supervisor's override of BOARDING_PASS_REQUIRED: hashed, uploaded, immutable like the other chained
    // columns. journal_legs indexes the legs' keys so "this boarding pass was already used here today" is one indexed
    // lookup; it is written with the record, append-only, and verify-journal checks it against the chained column.
    R"sql(
ALTER TABLE journal ADD COLUMN flights TEXT;
ALTER TABLE journal ADD COLUMN bp_override_by TEXT;
ALTER TABLE journal ADD COLUMN bp_override_reason TEXT;
CREATE TRIGGER journal_chained_immutable_8 BEFORE UPDATE OF flights, bp_override_by, bp_override_reason ON journal
BEGIN SELECT RAISE(ABORT, 'journal records are immutable'); END;
CREATE TABLE journal_legs (
    leg_key BLOB NOT NULL,
    resource TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    journal_seq INTEGER NOT NULL REFERENCES journal(seq)
);
CREATE INDEX journal_legs_key ON journal_legs(leg_key, resource, at_ms);
CREATE TRIGGER journal_legs_no_delete BEFORE DELETE ON journal_legs
BEGIN SELECT RAISE(ABORT, 'journal_legs is append-only'); END;
CREATE TRIGGER journal_legs_no_update BEFORE UPDATE ON journal_legs
BEGIN SELECT RAISE(ABORT, 'journal_legs is append-only'); END;
)sql",
    // 9: a one-time re-download of the whole cache. Schema-8 terminals applied large feed pages in slices that stored
    // the first records' E-pass bodies and membership tiers/overrides on the page's last records (fixed in the
    // sliced apply, SyncEngine::applySlices). "refetch" = 0 makes the next sync fetch every record from the start and
    // overwrite each row (Store::feedPosition); the cursor itself stays, so the usage counts stay right meanwhile
    // (applyChangePage), and the cache keeps answering from what it holds. A cache never synced has nothing to redo.
    R"sql(
INSERT INTO meta(key, value) SELECT 'refetch', '0' WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'cursor');
)sql",
};
constexpr int kMigrationCount = int(sizeof(kMigrations) / sizeof(kMigrations[0]));
static_assert(kMigrationCount == Store::kSchemaVersion);

QString compact(const QJsonValue& v)
{
    return QString::fromUtf8(v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                         : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
}

QJsonValue parseJson(const QByteArray& utf8)
{
    const QJsonDocument doc = QJsonDocument::fromJson(utf8);
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

QJsonValue parseJson(const QString& text)
{
    return parseJson(text.toUtf8());
}

/// `parse` of a stored JSON text, reused from `cache` while the text is byte-for-byte the one parsed before.
template<typename Key, typename T, typename Parse>
Result<T> cachedParse(QHash<Key, std::pair<QByteArray, T>>& cache, const Key& key, QByteArrayView text, Parse parse)
{
    const auto it = cache.constFind(key);
    if (it != cache.cend() && it->first == text) {
        return it->second;
    }
    const QByteArray utf8 = text.toByteArray();
    auto value = parse(parseJson(utf8));
    if (!value) {
        return value.error();
    }
    if (cache.size() >= 256) {
        cache.clear(); // a handful of resources and programmes in practice; never grow without bound
    }
    cache.insert(key, {utf8, *value});
    return value;
}

/// Same for values whose text is its own key (a membership's tiers and overrides repeat across members).
template<typename T, typename Parse>
Result<T> cachedParse(QHash<QByteArray, T>& cache, QByteArrayView text, Parse parse)
{
    // Looked up through a view of the column's bytes (no copy: a membership row's tiers and overrides are found here
    // almost always); copied only to be parsed and kept.
    const auto it = cache.constFind(QByteArray::fromRawData(text.data(), text.size()));
    if (it != cache.cend()) {
        return *it;
    }
    const QByteArray utf8 = text.toByteArray();
    auto value = parse(parseJson(utf8));
    if (!value) {
        return value.error();
    }
    if (cache.size() >= 256) {
        cache.clear();
    }
    cache.insert(utf8, *value);
    return value;
}

Error corruptRow(const char* table, const Error& e)
{
    return makeError(ErrorCode::Corrupt, QLatin1String(table) + QLatin1String(" row: ") + e.detail);
}

/// Reads column 0 as a JSON body with `parse`; a body that does not parse is a Corrupt row of `table`.
template<typename Parse> auto bodyReader(Parse parse, const char* table)
{
    return [parse, table](const Statement& s) -> decltype(parse(QJsonValue())) {
        auto value = parse(parseJson(s.text(0)));
        if (!value) {
            return corruptRow(table, value.error());
        }
        return value;
    };
}

std::optional<QString> uuidOrNull(const QUuid& id)
{
    return id.isNull() ? std::nullopt : std::optional<QString>(id.toString(QUuid::WithoutBraces));
}

std::optional<QString> textOrNull(const QString& s)
{
    return s.isEmpty() ? std::nullopt : std::optional<QString>(s);
}

/// The journal's `flights` column: NULL when the visit recorded none (every record from before schema 8).
std::optional<QString> flightsText(const QList<FlightRecord>& flights)
{
    if (flights.isEmpty()) {
        return std::nullopt;
    }
    QJsonArray a;
    for (const auto& f : flights) {
        a.append(json::toJson(f));
    }
    return compact(a);
}

Result<QList<FlightRecord>> listOfFlights(const QString& text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    if (!doc.isArray()) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("flights: expected an array"));
    }
    QList<FlightRecord> out;
    for (const auto& v : doc.array()) {
        auto f = json::flightRecordFromJson(v);
        if (!f) {
            return f.error();
        }
        out.append(*f);
    }
    return out;
}

std::optional<QDateTime> utcFromMs(const std::optional<qint64>& ms)
{
    return ms ? std::optional<QDateTime>(QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC)) : std::nullopt;
}

} // namespace

QByteArray journalHash(const QByteArray& prevHash, const Redemption& r)
{
    QJsonObject o = json::toJson(r);
    o.remove(QStringLiteral("prevHash"));
    o.remove(QStringLiteral("hash"));
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(prevHash);
    h.addData(QJsonDocument(o).toJson(QJsonDocument::Compact));
    return h.result();
}

Store::Store(std::unique_ptr<sqlite::Database> db)
    : m_db(std::move(db))
{ }

Store::~Store()
{
    sqlite3_finalize(m_clearInterrupt); // before the connection closes
}

bool Store::interruptCheckpoint()
{
    std::lock_guard lock(m_checkpointMutex);
    if (!m_inCheckpoint || m_checkpointInterrupted) {
        return false;
    }
    m_checkpointInterrupted = true;
    sqlite3_interrupt(m_db->handle());
    return true;
}

Result<void> Store::checkpointPassive()
{
    auto r = m_db->execScript(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"));
    if (r) {
        m_checkpointDeferredAt = 0; // whatever a page end put off is checkpointed now
    }
    return r;
}

void Store::setCheckpointFrames(int frames, int midPage)
{
    m_checkpointFrames = std::max(1, frames);
    m_checkpointFramesMidPage = std::max(m_checkpointFrames, midPage);
}

Result<std::unique_ptr<Store>> Store::open(const QString& path, Options options)
{
    const QFileInfo file(path);
    const bool existed = file.exists();
    auto witness = readWitness(witnessPath(path));
    if (!witness) {
        return witness.error();
    }
    if (*witness && (!existed || file.size() == 0)) {
        // The bug this prevents: an emptied cache silently became a fresh one, and the enrollment and the visits not
        // yet uploaded vanished without a word.
        return makeError(ErrorCode::Corrupt,
                         QStringLiteral("%1 is %2 but held %3: refusing to start on an empty cache. Restore the file "
                                        "(or call support); do not delete %4 to get past this.")
                             .arg(path, existed ? QStringLiteral("empty") : QStringLiteral("missing"),
                                  describeWitness(**witness), witnessPath(path)));
    }
    std::unique_ptr<QTemporaryDir> copy;
    QString openPath = path;
    sqlite::Database::Mode mode
        = options.readOnly ? sqlite::Database::Mode::ReadOnly : sqlite::Database::Mode::ReadWrite;
    if (options.readOnly && existed && !options.liveReader) {
        // verify-journal and status must work on read-only media (a 0444 file, a read-only directory or mount) and
        // never write beside the evidence. Without a WAL the file is read immutable (no locks, no -shm). A WAL with
        // its -shm belongs to a running kiosk: share it as before. A WAL without -shm (a copied or crashed terminal)
        // would need a new -shm: read a private copy of both instead.
        const QFileInfo wal(path + QStringLiteral("-wal"));
        const bool walContent = wal.exists() && wal.size() > 0;
        if (!walContent) {
            mode = sqlite::Database::Mode::Immutable;
        } else if (!QFile::exists(path + QStringLiteral("-shm"))) {
            copy = std::make_unique<QTemporaryDir>();
            openPath = copy->filePath(file.fileName());
            if (!copy->isValid() || !QFile::copy(path, openPath)
                || !QFile::copy(wal.filePath(), openPath + QStringLiteral("-wal"))) {
                return makeError(ErrorCode::CantOpen, QStringLiteral("cannot read a copy of %1").arg(path));
            }
            QFile::setPermissions(openPath, QFile::ReadOwner | QFile::WriteOwner);
            QFile::setPermissions(openPath + QStringLiteral("-wal"), QFile::ReadOwner | QFile::WriteOwner);
        }
    }
    if (options.reservePageCache) {
        // Before the process's first connection (it must precede SQLite's initialization): a cache page taken later
        // is then memory faulted in already, not a fresh heap page that faults in the validation that first needs it
        // (issue 16: a fifth to two fifths of the slowest 1 % of validations). Costs its size in resident memory at
        // once (docs/performance.md, "Seventh round").
        sqlite::Database::reservePageCache(kReservedCachePages);
    }
    auto db = sqlite::Database::open(openPath, mode);
    if (!db) {
        return db.error();
    }
    if (!existed && !options.readOnly) {
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner); // 0600: holds the journal
    }
    std::unique_ptr<Store> store(new Store(std::move(db).value()));
    store->m_path = path;
    store->m_copy = std::move(copy);
    // Reading the schema version touches page 1: a file that is not a database fails here, clearly.
    QString pragmas = QStringLiteral("PRAGMA foreign_keys=ON;");
    if (!options.readOnly) {
        pragmas = QStringLiteral("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                                 "PRAGMA cache_size=-%1;")
                      .arg(kStoreCacheKib);
    } else if (options.liveReader) {
        pragmas += QStringLiteral("PRAGMA cache_size=-%1;").arg(kReaderCacheKib);
    }
    auto pragmasSet = store->m_db->execScript(pragmas);
    if (!options.readOnly) {
        // Nothing commits at NORMAL outside a feed write, even if FULL could not be set again after one.
        sqlite3_commit_hook(store->m_db->handle(), &Store::commitHook, store.get());
        // Replaces SQLite's auto-checkpoint (the same PASSIVE checkpoint), placed by walHook.
        store->setCheckpointFrames(options.checkpointFrames, options.checkpointFramesMidPage);
        sqlite3_wal_hook(store->m_db->handle(), &Store::walHook, store.get());
        // Prepared now, while no interrupt can be pending (interruptCheckpoint).
        if (sqlite3_prepare_v2(store->m_db->handle(), "SELECT 1", -1, &store->m_clearInterrupt, nullptr) != SQLITE_OK) {
            store->m_clearInterrupt = nullptr;
        }
    }
    if (!pragmasSet) {
        return *witness
            ? makeError(pragmasSet.error().code,
                        pragmasSet.error().detail + QStringLiteral("; the cache held ") + describeWitness(**witness))
            : pragmasSet.error();
    }
    auto before = store->m_db->schemaVersion();
    if (!before) {
        return before.error();
    }
    if (auto r = store->migrate(options.readOnly); !r) {
        return r.error();
    }
    if (!options.readOnly) {
        if (auto r = store->sealAfterUpgrade(*before); !r) {
            return r.error();
        }
        if (auto r = store->checkLedgerAtOpen(); !r) {
            return r.error();
        }
    }
    if (*witness) {
        auto problem = store->checkWitness(**witness);
        if (!problem) {
            return problem.error();
        }
        if (!problem->isEmpty()) {
            if (!options.readOnly) {
                return makeError(ErrorCode::Corrupt,
                                 QStringLiteral("%1: %2. Refusing to start; restore the file (or call support).")
                                     .arg(path, *problem));
            }
            store->m_witnessProblem = *problem; // verify-journal reports it
        }
    } else if (!options.readOnly) {
        if (auto w = store->updateWitness(); !w) {
            qCWarning(lcStore) << "cannot write the cache witness:" << w.error().toString();
        }
    }
    return store;
}

Result<void> Store::migrate(bool readOnly)
{
    auto version = m_db->schemaVersion();
    if (!version) {
        return version.error();
    }
    if (*version > kSchemaVersion) {
        return makeError(ErrorCode::SchemaTooNew,
                         QStringLiteral("database schema %1, this program knows %2").arg(*version).arg(kSchemaVersion));
    }
    if (readOnly) {
        // Never write through a read-only open, not even a migration: a file from before an upgrade is read as it
        // is (verify-journal after a package upgrade, before the kiosk first opened it). Newer tables are absent.
        m_schemaVersion = *version;
        return {};
    }
    if (auto r = m_db->migrate(kMigrations, *version); !r) {
        return r;
    }
    m_schemaVersion = kSchemaVersion;
    return {};
}

template<typename F> Result<void> Store::inTransaction(F&& body)
{
    if (!sqlite3_get_autocommit(m_db->handle())) {
        return body(); // the caller's transaction
    }
    if (auto r = ensureFullSync(); !r) {
        return r;
    }
    auto tx = Transaction::begin(*m_db);
    if (!tx) {
        return tx.error();
    }
    if (auto r = body(); !r) {
        return r;
    }
    return tx->commit();
}

Result<sqlite::Transaction> Store::beginWrite()
{
    if (auto r = ensureFullSync(); !r) {
        return r.error();
    }
    return Transaction::begin(*m_db, Transaction::Kind::Immediate);
}

// ------------------------------------------------------------------------------------------------ feed writes

Result<Store::FeedWrite> Store::beginFeedWrite()
{
    if (m_inFeedWrite) {
        return makeError(ErrorCode::Internal, QStringLiteral("a feed write is already open"));
    }
    if (!sqlite3_get_autocommit(m_db->handle())) {
        return makeError(ErrorCode::Internal, QStringLiteral("a feed write must begin outside a transaction"));
    }
    if (auto r = m_db->execScript(QStringLiteral("PRAGMA synchronous=NORMAL")); !r) {
        return r.error();
    }
    m_inFeedWrite = true;
    m_feedWriteEndsPage = false;
    m_feedPageOpen = true;
    return FeedWrite(this);
}

Store::FeedWrite::~FeedWrite()
{
    if (m_store) {
        m_store->endFeedWrite();
    }
}

void Store::FeedWrite::endsPage()
{
    if (m_store) {
        m_store->m_feedWriteEndsPage = true;
    }
}

void Store::endFeedWrite()
{
    m_inFeedWrite = false;
    // A page's end closes it; a yield commit (or a page that failed) leaves it open until a page's end.
    m_feedPageOpen = !m_feedWriteEndsPage;
    m_feedWriteEndsPage = false;
    if (auto r = m_db->execScript(QStringLiteral("PRAGMA synchronous=FULL")); !r) {
        // Still NORMAL: the next write transaction tries again and is refused if it cannot (ensureFullSync), and the
        // commit hook turns any other commit into a rollback until then.
        m_syncNotRestored = true;
        qCWarning(lcStore) << "cannot set synchronous=FULL again after a feed page:" << r.error().toString();
        return;
    }
    m_syncNotRestored = false;
}

Result<void> Store::ensureFullSync()
{
    if (!m_syncNotRestored || m_inFeedWrite) {
        return {};
    }
    if (auto r = m_db->execScript(QStringLiteral("PRAGMA synchronous=FULL")); !r) {
        return makeError(ErrorCode::Internal,
                         QStringLiteral("the store stayed at synchronous=NORMAL after a feed page and cannot be set "
                                        "back to FULL, so nothing is written: %1")
                             .arg(r.error().toString()));
    }
    m_syncNotRestored = false;
    return {};
}

int Store::walHook(void* store, sqlite3* db, const char* name, int frames)
{
    // Runs after every commit with the WAL's frame count. Where the checkpoint (its writes and, with NORMAL feed pages,
    // the fsyncs) lands: a feed page's last commit, or any commit outside a page; mid-page (a yield commit a scan waits
    // for, a visit recorded between two slices) only past the higher bound (docs/performance.md, "Fourth round").
    auto* self = static_cast<Store*>(store);
    CommitInfo info;
    if (self->m_commitObserver) {
        info.endNs = steadyNs();
        info.beginNs = self->m_commitBeginNs;
        info.walFrames = frames;
        info.feed = self->m_inFeedWrite;
        if (frames < self->m_walFramesLast) {
            self->m_walFramesSynced = 0; // the WAL restarted after a checkpoint: all its frames are this commit's
        }
        info.unsyncedFrames = frames - self->m_walFramesSynced;
        if (!self->m_inFeedWrite) {
            self->m_walFramesSynced = frames; // FULL: the commit synced the WAL
        }
        self->m_walFramesLast = frames;
    }
    const bool pageEnd = self->m_inFeedWrite && self->m_feedWriteEndsPage;
    if (self->m_checkpointDeferredAt > 0 && frames < self->m_checkpointDeferredAt) {
        self->m_checkpointDeferredAt = 0; // the WAL restarted (a checkpoint outside this hook): nothing pending
    }
    // A page end's checkpoint put off for a waiting request goes to the next page end, never to the commits between
    // (the visit that request records): those checkpoint only past the mid-page bound, as mid-page.
    const bool midPage
        = self->m_inFeedWrite ? !self->m_feedWriteEndsPage : self->m_feedPageOpen || self->m_checkpointDeferredAt > 0;
    if (frames >= (midPage ? self->m_checkpointFramesMidPage : self->m_checkpointFrames)) {
        if (pageEnd && frames < self->m_checkpointFramesMidPage && self->m_checkpointDeferral
            && self->m_checkpointDeferral()) {
            self->m_checkpointDeferredAt = frames;
            ++self->m_checkpointsDeferred;
            if (self->m_commitObserver) {
                info.checkpointOwed = true;
                self->m_commitObserver(info);
            }
            return SQLITE_OK;
        }
        self->m_checkpointDeferredAt = 0;
        {
            std::lock_guard lock(self->m_checkpointMutex);
            self->m_inCheckpoint = true;
            self->m_checkpointInterrupted = false;
        }
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        bool interrupted = false;
        {
            std::lock_guard lock(self->m_checkpointMutex);
            self->m_inCheckpoint = false;
            interrupted = std::exchange(self->m_checkpointInterrupted, false);
        }
        if (interrupted) {
            // Stopped for a waiting request: owed to the next page end. SQLite clears the interrupt flag as the
            // checkpoint ends when no statement is active, but an interrupt sent just after that would stay set and
            // fail the next sqlite3_prepare: a statement started now (none active) clears it for certain.
            self->m_checkpointDeferredAt = frames;
            ++self->m_checkpointsDeferred;
            info.checkpointOwed = true;
            if (self->m_clearInterrupt) {
                const int rc = sqlite3_step(self->m_clearInterrupt);
                sqlite3_reset(self->m_clearInterrupt);
                if (rc != SQLITE_ROW) {
                    qCWarning(lcStore) << "after an interrupted checkpoint:" << sqlite3_errstr(rc);
                }
            }
        }
        if (self->m_commitObserver) {
            info.checkpointNs = steadyNs() - info.endNs;
            self->m_walFramesSynced = frames; // a checkpoint syncs the WAL before copying it back
        }
    }
    if (self->m_commitObserver) {
        self->m_commitObserver(info);
    }
    return SQLITE_OK;
}

int Store::commitHook(void* store)
{
    auto* self = static_cast<Store*>(store);
    if (self->m_commitObserver) {
        self->m_commitBeginNs = steadyNs();
    }
    return self->m_syncNotRestored && !self->m_inFeedWrite ? 1 : 0; // non-zero: the commit becomes a rollback
}

Result<int> Store::synchronousLevel() const
{
    return m_db->queryValue<int>(QStringLiteral("PRAGMA synchronous"));
}

// ------------------------------------------------------------------------------------------------ reads

Result<Store::ChangeStamp> Store::changeStamp() const
{
    sqlite3* db = m_db->handle();
    if (sqlite3_txn_state(db, "main") == SQLITE_TXN_NONE) {
        // No snapshot yet (autocommit, or a BEGIN that has read nothing): this read takes one, and taking one is when
        // SQLite notices another connection's commit, so the version below covers every commit before this call.
        auto version = m_db->queryValue<qint64>(QStringLiteral("PRAGMA data_version"));
        if (!version) {
            return version.error();
        }
    }
    ChangeStamp stamp;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_DATA_VERSION, &stamp.dataVersion) != SQLITE_OK) {
        stamp.ownChanges = -1; // never equal to a kept row's stamp (those are >= 0): read again
        return stamp;
    }
    stamp.ownChanges = sqlite3_total_changes64(db);
    return stamp;
}

bool Store::mayKeepRows() const
{
    return sqlite3_txn_state(m_db->handle(), "main") != SQLITE_TXN_WRITE;
}

/// `read()` unless `rows` holds `key` read under `stamp`; keeps what it read when `keep`.
template<typename T, typename Read>
Result<std::optional<T>> Store::keptOrRead(QHash<QString, KeptRow<T>>& rows, const QString& key,
                                           const ChangeStamp& stamp, bool keep, Read read)
{
    if (const auto kept = rows.constFind(key); kept != rows.cend() && kept->stamp == stamp) {
        return kept->value;
    }
    auto value = read();
    if (value && keep && stamp.ownChanges >= 0) {
        if (rows.size() >= 64) {
            rows.clear(); // a handful of resources and programmes in practice; never grow without bound
        }
        rows.insert(key, {stamp, *value});
    }
    return value;
}

Result<std::optional<Resource>> Store::resource(const QString& id) const
{
    auto stamp = changeStamp();
    if (!stamp) {
        return stamp.error();
    }
    return keptOrRead<Resource>(m_resourceRows, id, *stamp, mayKeepRows(), [&] {
        return m_db->queryOne(
            QStringLiteral("SELECT body FROM resources WHERE id=?1"),
            [&](const Statement& s) -> Result<Resource> {
                auto r = cachedParse(m_resourceBodies, id, s.bytes(0), json::resourceFromJson);
                return r ? r : corruptRow("resources", r.error());
            },
            id);
    });
}

Result<QList<Resource>> Store::resources() const
{
    return m_db->queryAll(QStringLiteral("SELECT body FROM resources ORDER BY id"),
                          bodyReader(json::resourceFromJson, "resources"));
}

Result<std::optional<Program>> Store::program(const QString& id) const
{
    auto stamp = changeStamp();
    if (!stamp) {
        return stamp.error();
    }
    return keptOrRead<Program>(m_programRows, id, *stamp, mayKeepRows(), [&] {
        return m_db->queryOne(
            QStringLiteral("SELECT body FROM programs WHERE id=?1"),
            [&](const Statement& s) -> Result<Program> {
                auto r = cachedParse(m_programBodies, id, s.bytes(0), json::programFromJson);
                return r ? r : corruptRow("programs", r.error());
            },
            id);
    });
}

// Whole literals (not a shared prefix + a suffix): the statement cache finds a literal by its address.
#define LOUNGE_MEMBERSHIP_COLUMNS                                                                                      \
    "SELECT id, number, code_hash, holder, status, valid_from, valid_to, tiers, overrides FROM memberships WHERE "
#define LOUNGE_EPASS_COLUMNS "SELECT body, code_hash FROM epasses WHERE "

namespace {
/// An E-pass body through the JSON document and ePassFromJson.
Result<EPass> readEPassJson(const Statement& s)
{
    // An ASCII body is its own UTF-8: parse its bytes without the round trip through QString; anything else goes the
    // old way (text(0) replaces invalid UTF-8 before the JSON parser sees it).
    const QByteArrayView body = s.bytes(0);
    const bool ascii = std::all_of(body.begin(), body.end(), [](char c) { return (c & 0x80) == 0; });
    return json::ePassFromJson(ascii ? parseJson(body.toByteArray()) : parseJson(s.text(0)));
}
} // namespace

Result<EPass> Store::readEPass(const Statement& s, const QByteArray* codeHash) const
{
    const QByteArrayView body = s.bytes(0);
    const QByteArrayView hash = codeHash ? QByteArrayView(*codeHash) : s.bytes(1);
    for (const ParsedEPass& parsed : m_ePassBodies) {
        if (!parsed.body.isEmpty() && parsed.body == body && parsed.codeHash == hash) {
            return parsed.value;
        }
    }
    // The text this store writes is read without a JSON document (a third of an E-pass validation's instructions
    // went to QJsonDocument and the field reader); any other text goes through them as before.
    std::optional<EPass> stored = json::readStoredEPassBody(body);
    Result<EPass> e = stored ? Result<EPass>(std::move(*stored)) : readEPassJson(s);
    if (!e) {
        return corruptRow("epasses", e.error());
    }
    e->codeHash = codeHash ? *codeHash : s.blob(1);
    m_ePassBodies[m_nextEPassSlot++ % m_ePassBodies.size()] = ParsedEPass {e->codeHash, body.toByteArray(), *e};
    return e;
}

namespace {
/// `read` of a short text column as a QString without allocating one when its bytes are ASCII (statuses, ISO dates):
/// the characters widened on the stack and viewed in place (QString::fromRawData), the same characters that
/// Statement::text() would have decoded. Anything else goes through text().
template<typename Read> auto withShortText(const Statement& s, int col, Read read)
{
    const QByteArrayView bytes = s.bytes(col);
    char16_t wide[32];
    if (bytes.size() <= qsizetype(std::size(wide)) && !bytes.isNull()) {
        qsizetype i = 0;
        for (; i < bytes.size() && (bytes[i] & 0x80) == 0; ++i) {
            wide[i] = char16_t(bytes[i]);
        }
        if (i == bytes.size()) {
            return read(QString::fromRawData(reinterpret_cast<const QChar*>(wide), bytes.size()));
        }
    }
    return read(s.text(col));
}
} // namespace

Result<Membership> Store::readMembership(const Statement& s, const QByteArray* codeHash) const
{
    Membership m;
    m.id = s.text(0);
    m.number = s.text(1);
    m.codeHash = codeHash ? *codeHash : s.blob(2);
    m.holderName = s.text(3);
    const auto status = withShortText(s, 4, [](const QString& t) { return membershipStatusFromString(t); });
    m.validFrom = withShortText(s, 5, [](const QString& t) { return json::dateFromString(t); });
    m.validTo = withShortText(s, 6, [](const QString& t) { return json::dateFromString(t); });
    auto tiers = cachedParse(m_tierBodies, s.bytes(7), json::tiersFromJson);
    auto overrides = cachedParse(m_overrideBodies, s.bytes(8), json::overridesFromJson);
    if (!status || !tiers || !overrides) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("memberships row ") + m.id);
    }
    m.status = *status;
    m.tiers = *tiers;
    m.overrides = *overrides;
    return m;
}

Result<std::optional<Membership>> Store::membershipByCodeHash(const QByteArray& hash) const
{
    // code_hash is the key it is found by (a BLOB equal byte for byte: values of another type never compare equal
    // to a BLOB), so the row's copy of it is not read back.
    return m_db->queryOne(
        QStringLiteral("SELECT id, number, NULL, holder, status, valid_from, valid_to, tiers, overrides FROM "
                       "memberships WHERE code_hash=?1"),
        [this, &hash](const Statement& s) { return readMembership(s, &hash); }, hash);
}

Result<std::optional<Membership>> Store::membershipByNumber(const QString& number) const
{
    return m_db->queryOne(
        QStringLiteral(LOUNGE_MEMBERSHIP_COLUMNS "number=?1"), [this](const Statement& s) { return readMembership(s); },
        number);
}

Result<std::optional<Membership>> Store::membershipById(const QString& id) const
{
    return m_db->queryOne(
        QStringLiteral(LOUNGE_MEMBERSHIP_COLUMNS "id=?1"), [this](const Statement& s) { return readMembership(s); },
        id);
}

Result<std::optional<EPass>> Store::ePassByCodeHash(const QByteArray& hash) const
{
    // As membershipByCodeHash: the key it is found by is not read back.
    return m_db->queryOne(
        QStringLiteral("SELECT body, NULL FROM epasses WHERE code_hash=?1"),
        [this, &hash](const Statement& s) { return readEPass(s, &hash); }, hash);
}

Result<std::optional<EPass>> Store::ePassById(const QString& id) const
{
    return m_db->queryOne(
        QStringLiteral(LOUNGE_EPASS_COLUMNS "id=?1"), [this](const Statement& s) { return readEPass(s); }, id);
}

Result<qint64> Store::cursor() const
{
    auto s = setting(QStringLiteral("cursor"));
    if (!s) {
        return s.error();
    }
    return s->has_value() ? s->value().toLongLong() : qint64(0);
}

// The cursor inside the statements below: central's counters are pulled up to it (Store::cursor(), which reads the
// same setting; a missing one is 0).
#define LOUNGE_CURSOR "COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key='cursor'), 0)"

const char* const Store::kUsedAndLastUseBefore
    = "SELECT 0, pool, used FROM usage WHERE cred=?1 AND module=?2 AND period=?3 "
      "UNION ALL "
      "SELECT 0, json_extract(u.value, '$.pool'), json_extract(u.value, '$.count') "
      "FROM journal j, json_each(j.uses) u "
      "WHERE j.cred=?1 AND json_extract(u.value, '$.module')=?2 "
      "AND json_extract(u.value, '$.period')=?3 AND j.state != 'rejected' "
      "AND (j.server_seq IS NULL OR j.server_seq > " LOUNGE_CURSOR ") "
      "UNION ALL "
      "SELECT 1, NULL, MAX(at_ms) FROM journal j WHERE cred=?1 AND resource=?4 AND kind='redeem' "
      "AND state != 'rejected' AND NOT EXISTS (SELECT 1 FROM journal v WHERE v.voids = j.id "
      "AND v.kind = 'void')";

Result<int> Store::used(const CredentialRef& credential, const Module& module, Pool pool, const QString& period) const
{
    // Central's acknowledged count + local records until central's counters (pulled up to our cursor) include them,
    // in one statement (it was three: counter, cursor, journal). The pool uses are read from the journal's own hashed
    // `uses` column: nothing outside the hash chain feeds the count.
    return m_db->queryValue<int>(
        QStringLiteral(
            "SELECT COALESCE((SELECT used FROM usage WHERE cred=?1 AND module=?2 AND pool=?3 AND period=?4), 0) + "
            "(SELECT COALESCE(SUM(json_extract(u.value, '$.count')), 0) FROM journal j, json_each(j.uses) u "
            "WHERE j.cred=?1 AND json_extract(u.value, '$.module')=?2 AND json_extract(u.value, '$.pool')=?3 "
            "AND json_extract(u.value, '$.period')=?4 AND j.state != 'rejected' "
            "AND (j.server_seq IS NULL OR j.server_seq > " LOUNGE_CURSOR "))"),
        credential.key(), module, toString(pool), period);
}

Result<QList<int>> Store::usedInPools(const CredentialRef& credential, const Module& module, const QList<Pool>& pools,
                                      const QString& period) const
{
    // The counts of usedAndLastUse()'s one statement; with no resource its last-use part matches nothing.
    auto use = usedAndLastUse(credential, module, pools, period, QString());
    if (!use) {
        return use.error();
    }
    return use->used;
}

namespace {

/// Adds `count` to every one of `pools` named `pool` (a counts row of usedAndLastUse / usedAndLastUseBefore).
void addToPools(CacheView::Use& use, const QList<Pool>& pools, QByteArrayView pool, int count)
{
    static const std::array<QByteArray, 4> poolNames
        = {toString(Pool::Cardholder).toLatin1(), toString(Pool::Guest).toLatin1(), toString(Pool::Shared).toLatin1(),
           toString(Pool::Usages).toLatin1()};
    for (qsizetype i = 0; i < pools.size(); ++i) {
        if (pool == poolNames[int(pools.at(i))]) {
            use.used[i] += count;
        }
    }
}

} // namespace

Result<CacheView::Use> Store::usedAndLastUse(const CredentialRef& credential, const Module& module,
                                             const QList<Pool>& pools, const QString& period,
                                             const QString& resourceId) const
{
    // usedInPools() and lastUse() in one statement (a validation read them with two), and the journal's rows of this
    // credential found with one index probe for both (it took one each: a third of the statement's instructions for
    // a credential with no visits). Rows: the counted usage rows (tag 0), then per journal row of the credential
    // (tag 1) its matching uses, or one row without when none matches, each carrying the row's time when it counts
    // as a use here. A row that does not count contributes '[]' (its `uses` is not parsed, as before). Same result
    // as kUsedAndLastUseBefore (tst_store usedAndLastUseAsTheStatementBefore).
    auto rows = m_db->query(
        QStringLiteral(
            "SELECT 0, pool, used, NULL FROM usage WHERE cred=?1 AND module=?2 AND period=?3 "
            "UNION ALL "
            "SELECT 1, json_extract(u.value, '$.pool'), json_extract(u.value, '$.count'), "
            "CASE WHEN j.resource=?4 AND j.kind='redeem' AND j.state != 'rejected' AND NOT EXISTS (SELECT 1 FROM "
            "journal v WHERE v.voids = j.id AND v.kind = 'void') THEN j.at_ms END "
            "FROM journal j LEFT JOIN json_each(CASE WHEN j.state != 'rejected' AND (j.server_seq IS NULL OR "
            "j.server_seq > " LOUNGE_CURSOR ") THEN j.uses ELSE '[]' END) u "
            "ON json_extract(u.value, '$.module')=?2 AND json_extract(u.value, '$.period')=?3 "
            "WHERE j.cred=?1"),
        credential.key(), module, period, resourceId);
    if (!rows) {
        return rows.error();
    }
    Use use;
    use.used.fill(0, pools.size());
    std::optional<qint64> last;
    for (;;) {
        auto row = (*rows)->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        Statement& s = **rows;
        if (!s.isNull(3)) {
            if (!s.isInteger(3)) {
                // MAX() of a time that is not an integer compares by SQL's rules, not as a number here: asked the
                // old way (a row the store did not write; the journal's chain check reports it).
                return usedAndLastUseBefore(credential, module, pools, period, resourceId);
            }
            last = std::max<qint64>(last.value_or(std::numeric_limits<qint64>::min()), s.int64(3));
        }
        addToPools(use, pools, s.bytes(1), s.integer(2));
    }
    if (last) {
        use.lastUse = QDateTime::fromMSecsSinceEpoch(*last, Qt::UTC);
    }
    return use;
}

Result<CacheView::Use> Store::usedAndLastUseBefore(const CredentialRef& credential, const Module& module,
                                                   const QList<Pool>& pools, const QString& period,
                                                   const QString& resourceId) const
{
    // The statement usedAndLastUse() ran until issue 16's fourth round: the counted rows as they are (tag 0, summed
    // here: no GROUP BY, so no sorter), then the last use (tag 1, always one row). Kept for the rows that one cannot
    // answer as this did, and as the reference its test compares with.
    auto rows = m_db->query(QString::fromLatin1(kUsedAndLastUseBefore), credential.key(), module, period, resourceId);
    if (!rows) {
        return rows.error();
    }
    Use use;
    use.used.fill(0, pools.size());
    for (;;) {
        auto row = (*rows)->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        Statement& s = **rows;
        if (s.integer(0) == 1) {
            if (!s.isNull(2)) {
                use.lastUse = QDateTime::fromMSecsSinceEpoch(s.column<qint64>(2), Qt::UTC);
            }
            continue;
        }
        addToPools(use, pools, s.bytes(1), s.integer(2));
    }
    return use;
}

Result<std::optional<QDateTime>> Store::lastUse(const CredentialRef& credential, const QString& resourceId) const
{
    auto at = m_db->queryValue<std::optional<qint64>>(
        QStringLiteral("SELECT MAX(at_ms) FROM journal j WHERE cred=?1 AND resource=?2 AND kind='redeem' "
                       "AND state != 'rejected' AND NOT EXISTS (SELECT 1 FROM journal v WHERE v.voids = j.id "
                       "AND v.kind = 'void')"),
        credential.key(), resourceId);
    if (!at) {
        return at.error();
    }
    return utcFromMs(*at);
}

Result<QList<Booking>> Store::bookings(const CredentialRef& credential, const QString& resourceId, const QDate& from,
                                       const QDate& to) const
{
    if (m_schemaVersion < 7) {
        return QList<Booking>();
    }
    auto list = m_db->queryAll(QStringLiteral("SELECT body FROM bookings WHERE cred=?1 AND resource=?2 AND date "
                                              "BETWEEN ?3 AND ?4 ORDER BY date, id"),
                               bodyReader(json::bookingFromJson, "bookings"), credential.key(), resourceId,
                               json::dateToString(from), json::dateToString(to));
    if (!list) {
        return list.error();
    }
    for (Booking& b : *list) {
        if (auto x = withLocalUse(b); !x) {
            return x.error();
        }
    }
    return list;
}

Result<std::optional<QDateTime>> Store::boardingPassUsedAt(const QByteArray& legKey, const QString& resourceId,
                                                           const QDateTime& fromUtc, const QDateTime& toUtc) const
{
    if (m_schemaVersion < 8 || legKey.isEmpty()) {
        return std::optional<QDateTime>();
    }
    auto at = m_db->queryValue<std::optional<qint64>>(
        QStringLiteral("SELECT MAX(l.at_ms) FROM journal_legs l JOIN journal j ON j.seq = l.journal_seq "
                       "WHERE l.leg_key=?1 AND l.resource=?2 AND l.at_ms >= ?3 AND l.at_ms < ?4 "
                       "AND j.kind='redeem' AND j.state != 'rejected' "
                       "AND NOT EXISTS (SELECT 1 FROM journal v WHERE v.voids = j.id AND v.kind = 'void')"),
        legKey, resourceId, fromUtc.toMSecsSinceEpoch(), toUtc.toMSecsSinceEpoch());
    if (!at) {
        return at.error();
    }
    return utcFromMs(*at);
}

Result<std::optional<Booking>> Store::booking(const QString& id) const
{
    auto b = m_db->queryOne(QStringLiteral("SELECT body FROM bookings WHERE id=?1"),
                            bodyReader(json::bookingFromJson, "bookings"), id);
    if (!b || !b->has_value()) {
        return b;
    }
    if (auto x = withLocalUse(**b); !x) {
        return x.error();
    }
    return b;
}

Result<void> Store::withLocalUse(Booking& b) const
{
    if (b.status == BookingStatus::Used && !b.usedBy.isNull()) {
        // Central's copy says used by a visit this desk has voided since (a guest-count change, a mistake): free
        // again here until central's next page says so too.
        auto voided = m_db->queryValue<bool>(
            QStringLiteral("SELECT EXISTS (SELECT 1 FROM journal WHERE voids=?1 AND kind='void')"),
            b.usedBy.toString(QUuid::WithoutBraces));
        if (!voided) {
            return voided.error();
        }
        if (*voided) {
            b.status = BookingStatus::Open;
            b.usedBy = QUuid();
            b.usedAt = QDateTime();
        }
    }
    if (b.status != BookingStatus::Open) {
        return {};
    }
    // A standing visit of this desk consumed it: used, even before central has heard of the visit.
    auto use = m_db->queryOne(
        QStringLiteral("SELECT id, at_ms FROM journal j WHERE booking=?1 AND kind='redeem' AND state != 'rejected' "
                       "AND NOT EXISTS (SELECT 1 FROM journal v WHERE v.voids = j.id AND v.kind = 'void') "
                       "ORDER BY seq LIMIT 1"),
        [](const Statement& s) -> Result<std::pair<QUuid, qint64>> {
            return std::pair<QUuid, qint64> {QUuid::fromString(s.text(0)), s.int64(1)};
        },
        b.id);
    if (!use) {
        return use.error();
    }
    if (use->has_value()) {
        b.status = BookingStatus::Used;
        b.usedBy = (*use)->first;
        b.usedAt = QDateTime::fromMSecsSinceEpoch((*use)->second, Qt::UTC);
    }
    return {};
}

Result<QDateTime> Store::lastSync() const
{
    auto s = setting(QStringLiteral("last_sync"));
    if (!s) {
        return s.error();
    }
    if (!s->has_value()) {
        return QDateTime();
    }
    return QDateTime::fromString(s->value(), Qt::ISODateWithMs).toUTC();
}

Result<int> Store::count(const QString& table) const
{
    static const QStringList allowed {QStringLiteral("memberships"), QStringLiteral("epasses"),
                                      QStringLiteral("programs"),    QStringLiteral("resources"),
                                      QStringLiteral("journal"),     QStringLiteral("usage")};
    if (!allowed.contains(table)) {
        return makeError(ErrorCode::InvalidArgument, table);
    }
    return m_db->queryValue<int>(QStringLiteral("SELECT COUNT(*) FROM ") + table);
}

Result<std::optional<QString>> Store::setting(const QString& key) const
{
    return m_db->queryOne(
        QStringLiteral("SELECT value FROM meta WHERE key=?1"), [](const Statement& s) { return s.text(0); }, key);
}

Result<void> Store::setSetting(const QString& key, const QString& value)
{
    return inTransaction([&]() -> Result<void> {
        if (auto r = m_db->exec(QStringLiteral("INSERT INTO meta(key, value) VALUES(?1, ?2) "
                                               "ON CONFLICT(key) DO UPDATE SET value=excluded.value"),
                                key, value);
            !r) {
            return r;
        }
        if (!ledger::isTrackedSetting(key) || m_schemaVersion < 4) {
            return {};
        }
        return ledger::append(*m_db, ledger::kSettings, QJsonObject {{key, value}});
    });
}

Result<void> Store::removeSetting(const QString& key)
{
    return inTransaction([&]() -> Result<void> {
        if (auto r = m_db->exec(QStringLiteral("DELETE FROM meta WHERE key=?1"), key); !r) {
            return r;
        }
        if (!ledger::isTrackedSetting(key) || m_db->changes() == 0) {
            return {};
        }
        return ledger::append(*m_db, ledger::kSettings, QJsonObject {{key, QJsonValue::Null}});
    });
}

Result<void> Store::clearCache()
{
    return inTransaction([&]() -> Result<void> {
        auto usage = ledger::liveState(*m_db, ledger::kUsage);
        if (!usage) {
            return usage.error();
        }
        QJsonObject removed;
        for (auto it = usage->cbegin(); it != usage->cend(); ++it) {
            removed.insert(it.key(), QJsonValue::Null);
        }
        if (auto r = m_db->execScript(QStringLiteral("DELETE FROM memberships; DELETE FROM epasses; "
                                                     "DELETE FROM programs; DELETE FROM resources; DELETE FROM usage; "
                                                     "DELETE FROM bookings;"));
            !r) {
            return r;
        }
        if (auto r = ledger::append(*m_db, ledger::kUsage, removed); !r) {
            return r;
        }
        if (auto r = removeSetting(QStringLiteral("refetch")); !r) {
            return r;
        }
        return removeSetting(QStringLiteral("cursor"));
    });
}

Result<void> Store::setLastSync(const QDateTime& at)
{
    return setSetting(QStringLiteral("last_sync"), json::dateTimeToString(at));
}

// ------------------------------------------------------------------------------------------------ writes

Result<void> Store::upsertResource(const Resource& r)
{
    return m_db->exec(QStringLiteral("INSERT INTO resources(id, body) VALUES(?1, ?2) "
                                     "ON CONFLICT(id) DO UPDATE SET body=excluded.body"),
                      r.id, compact(json::toJson(r)));
}

Result<void> Store::upsertProgram(const Program& p)
{
    return m_db->exec(QStringLiteral("INSERT INTO programs(id, body) VALUES(?1, ?2) "
                                     "ON CONFLICT(id) DO UPDATE SET body=excluded.body"),
                      p.id, compact(json::toJson(p)));
}

Result<void> Store::upsertMembershipRow(const Membership& m, const QByteArray& tiers, const QByteArray& overrides)
{
    // The feed reader hands over the JSON columns already encoded, off this thread (ChangePage): same function, same
    // statement, same stored text either way.
    const auto column = [](const QByteArray& given, const auto& value) {
        return given.isNull() ? json::storedJson(json::toJson(value)) : given;
    };
    const QByteArray tiersText = column(tiers, m.tiers);
    const QByteArray overridesText = column(overrides, m.overrides);
    // The dates as dateToString writes them, bound as UTF-8 without a QString each (json::isoDateUtf8).
    char fromText[10];
    char toText[10];
    QByteArray fromSpill;
    QByteArray toSpill;
    const QByteArrayView validFrom = json::isoDateUtf8(m.validFrom, fromText, fromSpill);
    const QByteArrayView validTo = json::isoDateUtf8(m.validTo, toText, toSpill);
    return m_db->exec(
        QStringLiteral(
            "INSERT INTO memberships(id, number, code_hash, holder, status, valid_from, valid_to, tiers, overrides) "
            "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(id) DO UPDATE SET number=excluded.number, "
            "code_hash=excluded.code_hash, holder=excluded.holder, status=excluded.status, "
            "valid_from=excluded.valid_from, valid_to=excluded.valid_to, tiers=excluded.tiers, "
            "overrides=excluded.overrides"),
        m.id, sqlite::nullIfEmpty(m.number), sqlite::nullIfEmpty(m.codeHash), m.holderName, toString(m.status),
        sqlite::Utf8 {validFrom}, sqlite::Utf8 {validTo}, sqlite::Utf8 {tiersText}, sqlite::Utf8 {overridesText});
}

Result<void> Store::upsertMembership(const Membership& m)
{
    return inTransaction([&] { return upsertMembershipRow(m); });
}

Result<void> Store::upsertEPassRow(const EPass& e, bool fromCentral, const QByteArray& encodedBody)
{
    if (!fromCentral) {
        auto existing = ePassById(e.id);
        if (!existing) {
            return existing.error();
        }
        if (existing->has_value()) {
            EPass changed = e;
            changed.status = existing->value().status;
            if (!(changed == existing->value())) {
                return makeError(ErrorCode::Conflict, QStringLiteral("E-pass %1 is immutable").arg(e.id));
            }
        }
    }
    const QString sql = QStringLiteral("INSERT INTO epasses(id, code_hash, body, status) VALUES(?1, ?2, ?3, ?4) "
                                       "ON CONFLICT(id) DO UPDATE SET code_hash=excluded.code_hash, "
                                       "body=excluded.body, status=excluded.status");
    // Encoded by the feed reader off this thread (ChangePage), or here: json::storedEPassBody either way.
    const QByteArray body = encodedBody.isNull() ? json::storedEPassBody(e) : encodedBody;
    return m_db->exec(sql, e.id, sqlite::nullIfEmpty(e.codeHash), sqlite::Utf8 {body}, toString(e.status));
}

Result<void> Store::upsertEPass(const EPass& e)
{
    return inTransaction([&] { return upsertEPassRow(e, false); });
}

Result<void> Store::setUsageRow(const UsageCounter& u)
{
    return m_db->exec(QStringLiteral("INSERT INTO usage(cred, module, pool, period, used) "
                                     "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(cred, module, pool, period) "
                                     "DO UPDATE SET used=excluded.used"),
                      u.credential.key(), u.module, toString(u.pool), u.period, u.used);
}

namespace {
QJsonObject usageEntries(const QList<UsageCounter>& counters)
{
    QJsonObject o;
    for (const auto& u : counters) {
        o.insert(ledger::usageKey(u.credential.key(), u.module, toString(u.pool), u.period), QString::number(u.used));
    }
    return o;
}
} // namespace

Result<void> Store::setUsage(const UsageCounter& u)
{
    return inTransaction([&]() -> Result<void> {
        if (auto r = setUsageRow(u); !r) {
            return r;
        }
        return ledger::append(*m_db, ledger::kUsage, usageEntries({u}));
    });
}

Result<void> Store::applyChangePage(const ChangePage& page)
{
    return inTransaction([&]() -> Result<void> {
        for (const auto& r : page.resources) {
            if (auto x = upsertResource(r); !x) {
                return x;
            }
        }
        for (const auto& p : page.programs) {
            if (auto x = upsertProgram(p); !x) {
                return x;
            }
        }
        // The pre-encoded columns are parallel to their records or absent: a list of another length means the page
        // was cut apart without them (the sliced apply once bound the first records' bodies to the last slice), so
        // the page is refused rather than a record stored with another one's body.
        const auto parallel
            = [](const QList<QByteArray>& list, qsizetype records) { return list.isEmpty() || list.size() == records; };
        if (!parallel(page.membershipTiers, page.memberships.size())
            || !parallel(page.membershipOverrides, page.memberships.size())
            || !parallel(page.ePassBodies, page.ePasses.size())) {
            return makeError(ErrorCode::Internal,
                             QStringLiteral("change page: pre-encoded columns not parallel to their records"));
        }
        const auto encoded
            = [](const QList<QByteArray>& list, qsizetype i) { return i < list.size() ? list[i] : QByteArray(); };
        for (qsizetype i = 0; i < page.memberships.size(); ++i) {
            if (auto x = upsertMembershipRow(page.memberships[i], encoded(page.membershipTiers, i),
                                             encoded(page.membershipOverrides, i));
                !x) {
                return x;
            }
        }
        for (qsizetype i = 0; i < page.ePasses.size(); ++i) {
            // Central is the authority; it enforces E-pass immutability (409) on its side.
            if (auto x = upsertEPassRow(page.ePasses[i], true, encoded(page.ePassBodies, i)); !x) {
                return x;
            }
        }
        for (const auto& u : page.usage) {
            if (auto x = setUsageRow(u); !x) {
                return x;
            }
        }
        for (const auto& b : page.bookings) {
            if (auto x = m_db->exec(QStringLiteral("INSERT INTO bookings(id, cred, resource, date, body) "
                                                   "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(id) DO UPDATE SET "
                                                   "cred=excluded.cred, resource=excluded.resource, "
                                                   "date=excluded.date, body=excluded.body"),
                                    b.id, b.credential.key(), b.resourceId, json::dateToString(b.date),
                                    compact(json::toJson(b)));
                !x) {
                return x;
            }
        }
        if (auto x = ledger::append(*m_db, ledger::kUsage, usageEntries(page.usage)); !x) {
            return x;
        }
        SecurityStore security(*m_db);
        for (const auto& a : page.staff) {
            if (auto x = security.upsertStaff(a); !x) {
                return x;
            }
        }
        for (const auto& id : page.deletedStaff) {
            if (auto x = security.deleteStaff(id); !x) {
                return x;
            }
        }
        for (const auto& k : page.tokenKeys) {
            if (auto x = security.upsertTokenKey(k); !x) {
                return x;
            }
        }
        const std::pair<const QStringList*, QString> deletions[] = {
            {&page.deletedResources, QStringLiteral("DELETE FROM resources WHERE id=?1")},
            {&page.deletedPrograms, QStringLiteral("DELETE FROM programs WHERE id=?1")},
            {&page.deletedMemberships, QStringLiteral("DELETE FROM memberships WHERE id=?1")},
            {&page.deletedEPasses, QStringLiteral("DELETE FROM epasses WHERE id=?1")},
        };
        for (const auto& [ids, sql] : deletions) {
            for (const auto& id : *ids) {
                if (auto x = m_db->exec(sql, id); !x) {
                    return x;
                }
            }
        }
        // During a re-download of the whole cache (schema step 9; "refetch" holds how far it has come) the cursor
        // never moves back: the usage counts add the local visits central has not counted up to the cursor, so a
        // lower cursor would count visits twice. Central sends its counters in sequence order, so a counter newer
        // than the old cursor arrives in a page whose cursor is past it too. The re-download ends with the first page
        // that reaches the old cursor.
        auto refetch = setting(QStringLiteral("refetch"));
        if (!refetch) {
            return refetch.error();
        }
        auto stored = setting(QStringLiteral("cursor"));
        if (!stored) {
            return stored.error();
        }
        const QString cursorText = QString::number(page.cursor);
        if (refetch->has_value()) {
            const qint64 current = stored->has_value() ? stored->value().toLongLong() : 0;
            if (page.cursor < current) {
                return setSetting(QStringLiteral("refetch"), QString::number(page.cursor));
            }
            if (auto x = removeSetting(QStringLiteral("refetch")); !x) {
                return x;
            }
        }
        if (!refetch->has_value() && stored->has_value() && stored->value() == cursorText) {
            // The cursor stays (a slice before a page's last carries the cursor the page starts from): no write, and
            // no ledger entry for a value that did not change (a hashed entry per slice was ~5 % of a download's
            // store-thread instructions).
            return {};
        }
        return setSetting(QStringLiteral("cursor"), cursorText);
    });
}

Result<qint64> Store::feedPosition() const
{
    auto refetch = setting(QStringLiteral("refetch"));
    if (!refetch) {
        return refetch.error();
    }
    return refetch->has_value() ? refetch->value().toLongLong() : cursor();
}

// ------------------------------------------------------------------------------------------------ journal

Result<Redemption> Store::appendJournal(Redemption r)
{
    Q_ASSERT(!sqlite3_get_autocommit(m_db->handle()));
    auto last = m_db->queryValue<QByteArray>(QStringLiteral("SELECT hash FROM journal ORDER BY seq DESC LIMIT 1"));
    if (!last) {
        return last.error();
    }
    r.prevHash = *last;
    r.hash = journalHash(r.prevHash, r);

    const QString id = r.id.toString(QUuid::WithoutBraces);
    if (auto x = m_db->exec(
            QStringLiteral("INSERT INTO journal(id, kind, voids, cred, resource, terminal, staff, party, uses, at_ms, "
                           "clock_source, "
                           "verdict, reason, state, remark, holder, prev_hash, hash, token_id, program, replaces, "
                           "amount_minor, booking, flights, bp_override_by, bp_override_reason) "
                           "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
                           "?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)"),
            id, toString(r.kind), uuidOrNull(r.voids), r.credential.key(), r.resourceId, r.terminalId, r.staffId,
            r.partySize, compact(json::toJson(r.uses)), r.at.toMSecsSinceEpoch(), r.clockSource, toString(r.verdict),
            toString(r.reason), toString(r.state), r.remark, r.holderName,
            r.prevHash.isEmpty() ? QByteArray("") : r.prevHash, r.hash, sqlite::nullIfEmpty(r.tokenId), r.programName,
            uuidOrNull(r.replaces), r.amountMinor,
            r.bookingId.isEmpty() ? std::nullopt : std::optional<QString>(r.bookingId), flightsText(r.flights),
            textOrNull(r.boardingPassOverrideBy), textOrNull(r.boardingPassOverrideReason));
        !x) {
        return x.error();
    }
    r.seq = m_db->lastInsertRowId();
    for (const FlightRecord& f : r.flights) {
        if (f.legKey.isEmpty() || r.kind != JournalKind::Redeem) {
            continue;
        }
        if (auto x = m_db->exec(QStringLiteral("INSERT INTO journal_legs(leg_key, resource, at_ms, journal_seq) "
                                               "VALUES(?1, ?2, ?3, ?4)"),
                                f.legKey, r.resourceId, r.at.toMSecsSinceEpoch(), r.seq);
            !x) {
            return x.error();
        }
    }

    if (r.kind == JournalKind::Void) {
        // Exactly one void per redemption, judged from the chained records (voided_by is only a convenience copy).
        const QString target = r.voids.toString(QUuid::WithoutBraces);
        auto voidable = m_db->queryValue<bool>(
            QStringLiteral(
                "SELECT 1 FROM journal o WHERE o.id=?1 AND o.kind='redeem' AND (SELECT COUNT(*) FROM journal "
                "v WHERE v.voids=o.id AND v.kind='void') = 1"),
            target);
        if (!voidable) {
            return voidable.error();
        }
        if (!*voidable) {
            return makeError(ErrorCode::Conflict, QStringLiteral("nothing to void"));
        }
        if (auto x = m_db->exec(QStringLiteral("UPDATE journal SET voided_by=?1 WHERE id=?2"), id, target); !x) {
            return x.error();
        }
    }
    return r;
}

QString Store::journalColumns() const
{
    // voided_by is derived from the (hashed) void record, not read from the mutable column. A read-only open of an
    // older file reads the columns it does not have yet as NULL.
    static const QString current = QStringLiteral(
        "SELECT seq, id, kind, voids, (SELECT v.id FROM journal v WHERE v.voids = j.id AND v.kind = 'void' "
        "ORDER BY v.seq LIMIT 1) AS voided_by, cred, resource, terminal, staff, party, uses, at_ms, "
        "clock_source, verdict, reason, state, server_seq, remark, holder, prev_hash, hash, central_remark, token_id, "
        "program, replaces, amount_minor, booking, flights, bp_override_by, bp_override_reason "
        "FROM journal j ");
    static const QString beforeSchema8
        = QString(current).replace(QStringLiteral("booking, flights, bp_override_by, bp_override_reason "),
                                   QStringLiteral("booking, NULL, NULL, NULL "));
    static const QString beforeSchema7
        = QString(beforeSchema8)
              .replace(QStringLiteral("amount_minor, booking, "), QStringLiteral("amount_minor, NULL, "));
    static const QString beforeSchema5 = QString(beforeSchema7)
                                             .replace(QStringLiteral("program, replaces, amount_minor, NULL, "),
                                                      QStringLiteral("'', NULL, NULL, NULL, "));
    static const QString beforeTokenIds
        = QString(beforeSchema5).replace(QStringLiteral(", token_id,"), QStringLiteral(", NULL AS token_id,"));
    return m_schemaVersion >= 8 ? current
        : m_schemaVersion >= 7  ? beforeSchema8
        : m_schemaVersion >= 5  ? beforeSchema7
        : m_schemaVersion >= 3  ? beforeSchema5
                                : beforeTokenIds;
}

Result<Redemption> Store::readRedemption(Statement& s) const
{
    Redemption r;
    r.seq = s.int64(0);
    r.id = QUuid::fromString(s.text(1));
    const QString kind = s.text(2);
    r.kind = kind == QLatin1String("void") ? JournalKind::Void
        : kind == QLatin1String("paid")    ? JournalKind::Paid
                                           : JournalKind::Redeem;
    r.voids = QUuid::fromString(s.text(3));
    r.voidedBy = QUuid::fromString(s.text(4));
    auto cred = CredentialRef::fromKey(s.text(5));
    r.resourceId = s.text(6);
    r.terminalId = s.text(7);
    r.staffId = s.text(8);
    r.partySize = s.integer(9);
    auto uses = json::poolUsesFromJson(parseJson(s.text(10)));
    r.at = QDateTime::fromMSecsSinceEpoch(s.int64(11), Qt::UTC);
    r.clockSource = s.text(12);
    auto verdict = verdictFromString(s.text(13));
    auto reason = reasonFromString(s.text(14));
    auto state = redemptionStateFromString(s.text(15));
    if (!s.isNull(16)) {
        r.serverSeq = s.int64(16);
    }
    r.remark = s.text(17);
    if (r.remark.isEmpty()) {
        r.remark = s.text(21); // central's rejection reason, kept outside the hashed fields
    }
    r.holderName = s.text(18);
    r.prevHash = s.blob(19);
    r.hash = s.blob(20);
    r.tokenId = s.blob(22);
    r.programName = s.text(23);
    r.replaces = QUuid::fromString(s.text(24));
    if (!s.isNull(25)) {
        r.amountMinor = s.int64(25);
    }
    r.bookingId = s.text(26);
    bool flightsOk = true;
    if (!s.isNull(27)) {
        auto flights = listOfFlights(s.text(27));
        flightsOk = bool(flights);
        if (flights) {
            r.flights = *flights;
        }
    }
    r.boardingPassOverrideBy = s.text(28);
    r.boardingPassOverrideReason = s.text(29);
    if (!cred || !uses || !verdict || !reason || !state || r.id.isNull() || !flightsOk) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("journal row %1").arg(r.seq));
    }
    r.credential = *cred;
    r.uses = *uses;
    r.verdict = *verdict;
    r.reason = *reason;
    r.state = *state;
    return r;
}

Result<std::optional<Redemption>> Store::redemption(const QUuid& id) const
{
    return m_db->queryOne(
        journalColumns() + QStringLiteral("WHERE id=?1"), [this](Statement& s) { return readRedemption(s); },
        id.toString(QUuid::WithoutBraces));
}

Result<QList<Redemption>> Store::outbox(int limit) const
{
    return m_db->queryAll(
        journalColumns() + QStringLiteral("WHERE state IN ('pending', 'uploaded') ORDER BY seq LIMIT ?1"),
        [this](Statement& s) { return readRedemption(s); }, limit);
}

Result<int> Store::pendingUploads() const
{
    return m_db->queryValue<int>(QStringLiteral("SELECT COUNT(*) FROM journal WHERE state IN ('pending', 'uploaded')"));
}

Result<void> Store::markUploaded(const QList<QUuid>& ids)
{
    return inTransaction([&]() -> Result<void> {
        for (const auto& id : ids) {
            if (auto x
                = m_db->exec(QStringLiteral("UPDATE journal SET state='uploaded' WHERE id=?1 AND state='pending'"),
                             id.toString(QUuid::WithoutBraces));
                !x) {
                return x;
            }
        }
        return {};
    });
}

Result<void> Store::markAcknowledged(const QUuid& id, qint64 serverSeq, bool conflict)
{
    const QString state = conflict ? QStringLiteral("conflict") : QStringLiteral("acknowledged");
    const QString key = id.toString(QUuid::WithoutBraces);
    return inTransaction([&]() -> Result<void> {
        if (auto r = m_db->exec(QStringLiteral("UPDATE journal SET state=?1, server_seq=?2 WHERE id=?3"), state,
                                serverSeq, key);
            !r) {
            return r;
        }
        if (m_db->changes() == 0) {
            return {};
        }
        return ledger::append(*m_db, ledger::kAck,
                              QJsonObject {{key, state + QLatin1Char(':') + QString::number(serverSeq)}});
    });
}

Result<void> Store::markRejected(const QUuid& id, const QString& reason)
{
    const QString key = id.toString(QUuid::WithoutBraces);
    return inTransaction([&]() -> Result<void> {
        // Not `remark`: that is covered by the hash chain and must stay as recorded.
        if (auto r = m_db->exec(QStringLiteral("UPDATE journal SET state='rejected', central_remark=?1 WHERE id=?2"),
                                reason, key);
            !r) {
            return r;
        }
        if (m_db->changes() == 0) {
            return {};
        }
        return ledger::append(*m_db, ledger::kAck, QJsonObject {{key, QStringLiteral("rejected")}});
    });
}

Result<QList<Redemption>> Store::journal(const QDateTime& fromUtc, const QDateTime& toUtc, int limit) const
{
    return m_db->queryAll(
        journalColumns() + QStringLiteral("WHERE at_ms >= ?1 AND at_ms < ?2 ORDER BY at_ms DESC, seq DESC LIMIT ?3"),
        [this](Statement& s) { return readRedemption(s); }, fromUtc.toMSecsSinceEpoch(), toUtc.toMSecsSinceEpoch(),
        limit);
}

Result<QList<Redemption>> Store::fullJournal() const
{
    return m_db->queryAll(journalColumns() + QStringLiteral("ORDER BY seq"),
                          [this](Statement& s) { return readRedemption(s); });
}

Result<JournalCheck> Store::verifyJournal() const
{
    auto st = m_db->query(journalColumns() + QStringLiteral("ORDER BY seq"));
    if (!st) {
        return st.error();
    }
    JournalCheck check;
    QByteArray previous;
    qint64 lastSeq = 0;
    qint64 legKeys = 0;
    auto broken = [&](qint64 seq, QString problem) {
        check.ok = false;
        check.firstBrokenSeq = seq;
        check.problem = std::move(problem);
        return check;
    };
    for (;;) {
        auto row = (*st)->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        const qint64 seq = (*st)->int64(0);
        auto r = readRedemption(**st);
        if (!r) {
            return broken(seq, QStringLiteral("unreadable record"));
        }
        r->remark = (*st)->text(17); // the hashed remark, not central's rejection reason
        if (r->prevHash != previous) {
            return broken(seq, QStringLiteral("chain link does not match the previous record"));
        }
        if (journalHash(r->prevHash, *r) != r->hash) {
            return broken(seq, QStringLiteral("record content does not match its hash"));
        }
        if (m_schemaVersion >= 8) {
            // journal_legs is the index of the chained `flights` column the "used today" check reads: it must
            // say exactly what the records say.
            QList<QByteArray> expected;
            for (const auto& f : r->flights) {
                if (!f.legKey.isEmpty() && r->kind == JournalKind::Redeem) {
                    expected.append(f.legKey);
                }
            }
            legKeys += expected.size();
            if (!expected.isEmpty()) {
                auto indexed = m_db->queryAll(
                    QStringLiteral("SELECT leg_key FROM journal_legs WHERE journal_seq=?1 AND resource=?2 AND "
                                   "at_ms=?3"),
                    [](const Statement& s) -> Result<QByteArray> { return s.blob(0); }, seq, r->resourceId,
                    r->at.toMSecsSinceEpoch());
                if (!indexed) {
                    return indexed.error();
                }
                std::sort(expected.begin(), expected.end());
                std::sort(indexed->begin(), indexed->end());
                if (*indexed != expected) {
                    return broken(seq, QStringLiteral("boarding-pass index (journal_legs) does not match the record"));
                }
            }
        }
        previous = r->hash;
        lastSeq = seq;
        ++check.records;
    }
    auto highest = m_db->queryValue<qint64>(QStringLiteral("SELECT seq FROM sqlite_sequence WHERE name='journal'"));
    if (!highest) {
        return highest.error();
    }
    if (*highest > lastSeq) {
        check.ok = false;
        check.firstBrokenSeq = lastSeq + 1;
        check.problem = QStringLiteral("records %1 to %2 are missing").arg(lastSeq + 1).arg(*highest);
        return check;
    }
    if (m_schemaVersion >= 8) {
        auto indexed = m_db->queryValue<qint64>(QStringLiteral("SELECT COUNT(*) FROM journal_legs"));
        if (!indexed) {
            return indexed.error();
        }
        if (*indexed != legKeys) {
            check.ok = false;
            check.firstBrokenSeq = lastSeq;
            check.problem = QStringLiteral("boarding-pass index (journal_legs) holds %1 legs, the records %2")
                                .arg(*indexed)
                                .arg(legKeys);
        }
    }
    return check;
}

Result<DayStats> Store::stats(const QDateTime& fromUtc, const QDateTime& toUtc) const
{
    // One aggregate over the at_ms index instead of loading the day's records. A redemption counts until a void
    // compensates it (also one central rejected: the people were let in); voids count only as states.
    auto row = m_db->queryOne(
        QStringLiteral(
            "SELECT COALESCE(SUM(state IN ('pending', 'uploaded')), 0), COALESCE(SUM(state = 'rejected'), 0), "
            "COALESCE(SUM(state = 'conflict'), 0), "
            "COALESCE(SUM(kind = 'redeem' AND voided), 0), "
            "COALESCE(SUM(kind = 'redeem' AND NOT voided), 0), "
            "COALESCE(SUM(CASE WHEN kind = 'redeem' AND NOT voided THEN party ELSE 0 END), 0) "
            "FROM (SELECT kind, state, party, EXISTS (SELECT 1 FROM journal v WHERE v.voids = j.id AND v.kind = "
            "'void') "
            "AS voided FROM journal j WHERE at_ms >= ?1 AND at_ms < ?2)"),
        [](const Statement& s) {
            DayStats d;
            d.pendingUpload = s.integer(0);
            d.rejected = s.integer(1);
            d.conflicts = s.integer(2);
            d.voided = s.integer(3);
            d.redemptions = s.integer(4);
            d.admitted = s.integer(5);
            d.guests = d.admitted - d.redemptions;
            return d;
        },
        fromUtc.toMSecsSinceEpoch(), toUtc.toMSecsSinceEpoch());
    if (!row) {
        return row.error();
    }
    return row->value_or(DayStats {});
}

Result<DayStats> Store::shiftStats(const QDateTime& fromUtc, const QDateTime& toUtc, const QTimeZone& zone) const
{
    auto base = stats(fromUtc, toUtc);
    if (!base) {
        return base.error();
    }
    DayStats d = *base;
    const qint64 from = fromUtc.toMSecsSinceEpoch();
    const qint64 to = toUtc.toMSecsSinceEpoch();
    // Standing visits that let people in: redemptions (with the ATTENTION ones staff admitted anyway) and paid entries.
    auto rows = m_db->queryAll(
        QStringLiteral("SELECT at_ms, party, program, kind, verdict FROM journal "
                       "WHERE at_ms >= ?1 AND at_ms < ?2 AND kind IN ('redeem', 'paid') AND voided_by IS NULL"),
        [](const Statement& s) {
            return std::tuple {s.int64(0), s.integer(1), s.text(2), s.text(3), s.text(4)};
        },
        from, to);
    if (!rows) {
        return rows.error();
    }
    for (const auto& [atMs, party, program, kind, verdict] : *rows) {
        const int hour = QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC).toTimeZone(zone).time().hour();
        d.peopleByHour[hour] += party;
        if (kind == QLatin1String("paid")) {
            ++d.paidEntries;
            d.paidPeople += party;
            d.admitted += party;
            d.peopleByProgram[program] += party;
            continue;
        }
        d.peopleByProgram[program] += party;
        if (verdict == toString(Verdict::Attention)) {
            ++d.overrides;
        }
    }
    auto refused = m_db->queryValue<int>(
        QStringLiteral("SELECT COUNT(*) FROM refusals WHERE at_ms >= ?1 AND at_ms < ?2"), from, to);
    if (!refused) {
        return refused.error();
    }
    d.refused = *refused;
    return d;
}

Result<std::optional<Redemption>> Store::lastVisit(const CredentialRef& credential, const QString& resourceId) const
{
    return m_db->queryOne(
        journalColumns()
            + QStringLiteral("WHERE cred=?1 AND resource=?2 AND kind='redeem' AND voided_by IS NULL "
                             "AND state != 'rejected' ORDER BY at_ms DESC, seq DESC LIMIT 1"),
        [this](Statement& s) { return readRedemption(s); }, credential.key(), resourceId);
}

Result<Refusal> Store::recordRefusal(Refusal f)
{
    if (auto x
        = m_db->exec(QStringLiteral("INSERT INTO refusals(at_ms, cred, holder, program, reason, staff, terminal) "
                                    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
                     f.at.toMSecsSinceEpoch(), f.credential ? f.credential->key() : QString(), f.holderName,
                     f.programName, toString(f.reason), f.staffId, f.terminalId);
        !x) {
        return x.error();
    }
    f.seq = m_db->lastInsertRowId();
    return f;
}

Result<QList<Refusal>> Store::refusals(const QDateTime& fromUtc, const QDateTime& toUtc, int limit) const
{
    return m_db->queryAll(
        QStringLiteral("SELECT seq, at_ms, cred, holder, program, reason, staff, terminal FROM refusals "
                       "WHERE at_ms >= ?1 AND at_ms < ?2 ORDER BY at_ms DESC, seq DESC LIMIT ?3"),
        [](const Statement& s) {
            Refusal f;
            f.seq = s.int64(0);
            f.at = QDateTime::fromMSecsSinceEpoch(s.int64(1), Qt::UTC);
            if (auto c = CredentialRef::fromKey(s.text(2))) {
                f.credential = *c;
            }
            f.holderName = s.text(3);
            f.programName = s.text(4);
            f.reason = reasonFromString(s.text(5)).value_or(Reason::UnknownCode);
            f.staffId = s.text(6);
            f.terminalId = s.text(7);
            return f;
        },
        fromUtc.toMSecsSinceEpoch(), toUtc.toMSecsSinceEpoch(), limit);
}

Result<QString> Store::integrityCheck() const
{
    auto lines = m_db->queryAll(QStringLiteral("PRAGMA integrity_check"), [](const Statement& s) { return s.text(0); });
    if (!lines) {
        return lines.error();
    }
    return lines->join(QLatin1Char('\n'));
}

// ------------------------------------------------------------------------------------------------ journal head,
// witness

Result<JournalHead> Store::journalHead() const
{
    auto head = m_db->queryOne(QStringLiteral("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1"),
                               [](const Statement& s) {
                                   return JournalHead {s.int64(0), s.blob(1)};
                               });
    if (!head) {
        return head.error();
    }
    return head->value_or(JournalHead {});
}

QString Store::witnessPath(const QString& storePath)
{
    return storePath + QStringLiteral(".witness");
}

Result<std::optional<StoreWitness>> Store::readWitness(const QString& path)
{
    QFile f(path);
    if (!f.exists()) {
        return std::optional<StoreWitness>();
    }
    if (!f.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::CantOpen, QStringLiteral("cannot read %1").arg(path));
    }
    const QJsonObject o = QJsonDocument::fromJson(f.read(64 * 1024)).object();
    StoreWitness w;
    w.storeId = o.value("storeId").toString();
    w.head.seq = qint64(o.value("journalSeq").toDouble());
    w.head.hash = QByteArray::fromHex(o.value("journalHash").toString().toLatin1());
    w.terminalId = o.value("terminalId").toString();
    w.centralUrl = o.value("central").toString();
    if (w.storeId.isEmpty()) {
        // A witness we cannot read is itself a sign of tampering: never treat it as absent.
        return makeError(ErrorCode::Corrupt,
                         QStringLiteral("%1 is unreadable; the cache it guards may have been "
                                        "replaced")
                             .arg(path));
    }
    return std::optional<StoreWitness>(w);
}

QString Store::describeWitness(const StoreWitness& w)
{
    QStringList parts;
    if (!w.centralUrl.isEmpty()) {
        parts << QStringLiteral("the enrollment as terminal %1 at %2").arg(w.terminalId, w.centralUrl);
    }
    if (w.head.seq > 0) {
        parts << QStringLiteral("%1 journal record(s) (visits, voids; those not uploaded yet exist nowhere else)")
                     .arg(w.head.seq);
    }
    return parts.isEmpty() ? QStringLiteral("data") : parts.join(QStringLiteral(" and "));
}

Result<QString> Store::checkWitness(const StoreWitness& w) const
{
    auto id = setting(QStringLiteral("store_id"));
    if (!id) {
        return id.error();
    }
    if (id->value_or(QString()) != w.storeId) {
        return QStringLiteral("this is not the cache that held %1 (the file was replaced)").arg(describeWitness(w));
    }
    auto head = journalHead();
    if (!head) {
        return head.error();
    }
    if (head->seq < w.head.seq) {
        return QStringLiteral("journal records %1 to %2 are missing (the file was truncated, rolled back to an older "
                              "copy, or records were deleted)")
            .arg(head->seq + 1)
            .arg(w.head.seq);
    }
    if (w.head.seq > 0) {
        auto hash = m_db->queryValue<QByteArray>(QStringLiteral("SELECT hash FROM journal WHERE seq=?1"), w.head.seq);
        if (!hash) {
            return hash.error();
        }
        if (*hash != w.head.hash) {
            return QStringLiteral("journal record %1 is not the one this terminal wrote (rewritten)").arg(w.head.seq);
        }
    }
    if (!w.centralUrl.isEmpty()) {
        auto central = setting(QStringLiteral("central_url"));
        if (!central) {
            return central.error();
        }
        if (central->value_or(QString()).isEmpty()) {
            return QStringLiteral("the enrollment as terminal %1 at %2 is missing").arg(w.terminalId, w.centralUrl);
        }
    }
    return QString();
}

Result<void> Store::updateWitness()
{
    auto head = journalHead();
    auto id = setting(QStringLiteral("store_id"));
    auto central = setting(QStringLiteral("central_url"));
    auto terminal = setting(QStringLiteral("terminal_id"));
    if (!head || !id || !central || !terminal) {
        return !head ? head.error() : !id ? id.error() : !central ? central.error() : terminal.error();
    }
    const QString path = witnessPath(m_path);
    if (head->seq == 0 && central->value_or(QString()).isEmpty() && !QFile::exists(path)) {
        return {}; // nothing yet that could be lost
    }
    if (!id->has_value()) {
        return makeError(ErrorCode::Internal, QStringLiteral("store has no id"));
    }
    const QJsonObject o {{"storeId", **id},
                         {"journalSeq", double(head->seq)},
                         {"journalHash", QString::fromLatin1(head->hash.toHex())},
                         {"terminalId", terminal->value_or(QString())},
                         {"central", central->value_or(QString())}};
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        return makeError(ErrorCode::IoError, QStringLiteral("cannot write %1").arg(path));
    }
    f.write(QJsonDocument(o).toJson(QJsonDocument::Compact));
    if (!f.commit()) {
        return makeError(ErrorCode::IoError, QStringLiteral("cannot write %1").arg(path));
    }
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    return {};
}

// ------------------------------------------------------------------------------------------------ ledger

Result<void> Store::sealAfterUpgrade(int versionBefore)
{
    return inTransaction([&]() -> Result<void> {
        auto id = setting(QStringLiteral("store_id"));
        if (!id) {
            return id.error();
        }
        if (!id->has_value()) {
            // Not a tracked setting: the witness outside the file checks it.
            if (auto r = m_db->exec(QStringLiteral("INSERT INTO meta(key, value) VALUES('store_id', ?1)"),
                                    QUuid::createUuid().toString(QUuid::WithoutBraces));
                !r) {
                return r;
            }
        }
        if (versionBefore == 0 || versionBefore >= kSchemaVersion) {
            return {};
        }
        if (versionBefore >= 4) {
            return ledger::resealFromEntries(*m_db); // schema 6: the state digest starts from the entries
        }
        // A file from before the ledger: what it holds now becomes the ledger's starting point.
        for (const QString& kind : {ledger::kSettings, ledger::kUsage, ledger::kAck}) {
            auto live = ledger::liveState(*m_db, kind);
            if (!live) {
                return live.error();
            }
            QJsonObject body;
            for (auto it = live->cbegin(); it != live->cend(); ++it) {
                body.insert(it.key(), it.value());
            }
            if (auto r = ledger::append(*m_db, kind, body); !r) {
                return r;
            }
        }
        return ledger::resealFromEntries(*m_db);
    });
}

Result<void> Store::checkLedgerAtOpen()
{
    return inTransaction([&]() -> Result<void> {
        auto live = ledger::liveDigest(*m_db);
        if (!live) {
            return live.error();
        }
        auto chained = ledger::chainedDigest(*m_db);
        if (!chained) {
            return chained.error();
        }
        if (*live == *chained) {
            m_openCheck = OpenCheck::DigestMatched; // the live state is the chained state: nothing to compare
            return {};
        }
        m_openCheck = OpenCheck::FullComparison;
        return restoreFromLedger();
    });
}

namespace {

/// Keys whose live value differs from the chained one (missing on either side included).
QStringList differingKeys(const QMap<QString, QString>& live, const QMap<QString, QString>& chained)
{
    QStringList out;
    for (auto it = chained.cbegin(); it != chained.cend(); ++it) {
        if (live.value(it.key(), QString()) != it.value() || !live.contains(it.key())) {
            out << it.key();
        }
    }
    for (auto it = live.cbegin(); it != live.cend(); ++it) {
        if (!chained.contains(it.key())) {
            out << it.key();
        }
    }
    return out;
}

QString kindLabel(const QString& kind)
{
    if (kind == ledger::kUsage) {
        return QStringLiteral("usage counters");
    }
    if (kind == ledger::kAck) {
        return QStringLiteral("central's answers to uploads (journal state, server sequence)");
    }
    return QStringLiteral("settings");
}

QString shortKey(const QString& key)
{
    QString k = key;
    return k.replace(QChar(0x1f), QLatin1Char('/'));
}

} // namespace

Result<QStringList> Store::ledgerDifferences(const QString& kind, QStringList* keys) const
{
    auto live = ledger::liveState(*m_db, kind);
    if (!live) {
        return live.error();
    }
    auto chained = ledger::chainedState(*m_db, kind);
    if (!chained) {
        return chained.error();
    }
    QStringList differing = differingKeys(*live, *chained);
    if (kind == ledger::kAck) {
        // An answer for a record that is no longer in the journal: the journal's own chain check reports that.
        QStringList kept;
        for (const QString& id : differing) {
            if (live->contains(id)) {
                kept << id;
                continue;
            }
            auto state = m_db->queryValue<QString>(QStringLiteral("SELECT state FROM journal WHERE id=?1"), id);
            if (!state) {
                return state.error();
            }
            if (!state->isEmpty()) {
                kept << id;
            }
        }
        differing = kept;
    }
    if (keys) {
        *keys = differing;
    }
    QStringList shown;
    for (const QString& k : differing.mid(0, 5)) {
        shown << shortKey(k);
    }
    if (differing.isEmpty()) {
        return QStringList();
    }
    return QStringList {QStringLiteral("%1: %2 value(s) differ from the chained ledger (%3%4)")
                            .arg(kindLabel(kind))
                            .arg(differing.size())
                            .arg(shown.join(QStringLiteral(", ")))
                            .arg(differing.size() > 5 ? QStringLiteral(", ...") : QString())};
}

Result<void> Store::restoreFromLedger()
{
    return inTransaction([&]() -> Result<void> {
        QJsonObject repaired;
        for (const QString& kind : {ledger::kSettings, ledger::kUsage, ledger::kAck}) {
            QStringList keys;
            auto problem = ledgerDifferences(kind, &keys);
            if (!problem) {
                return problem.error();
            }
            if (keys.isEmpty()) {
                continue;
            }
            auto chained = ledger::chainedState(*m_db, kind);
            if (!chained) {
                return chained.error();
            }
            for (const QString& key : keys) {
                const bool known = chained->contains(key);
                const QString value = chained->value(key);
                Result<void> r;
                if (kind == ledger::kSettings) {
                    r = known
                        ? m_db->exec(QStringLiteral("INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) "
                                                    "DO UPDATE SET value=excluded.value"),
                                     key, value)
                        : m_db->exec(QStringLiteral("DELETE FROM meta WHERE key=?1"), key);
                } else if (kind == ledger::kUsage) {
                    const QStringList p = key.split(QChar(0x1f));
                    if (p.size() != 4) {
                        continue;
                    }
                    r = known ? m_db->exec(QStringLiteral("INSERT INTO usage(cred, module, pool, period, used) "
                                                          "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(cred, module, pool, "
                                                          "period) DO UPDATE SET used=excluded.used"),
                                           p[0], p[1], p[2], p[3], value.toLongLong())
                              : m_db->exec(QStringLiteral("DELETE FROM usage WHERE cred=?1 AND module=?2 AND pool=?3 "
                                                          "AND period=?4"),
                                           p[0], p[1], p[2], p[3]);
                } else if (known) {
                    const QString state = value.section(QLatin1Char(':'), 0, 0);
                    const QString seq = value.section(QLatin1Char(':'), 1);
                    r = m_db->exec(QStringLiteral("UPDATE journal SET state=?1, server_seq=?2 WHERE id=?3"), state,
                                   seq.isEmpty() ? std::optional<qint64>() : std::optional<qint64>(seq.toLongLong()),
                                   key);
                } else {
                    // Marked as answered by central, but central's answer is not in the chain: upload it again
                    // (uploads are idempotent by id), and count it locally meanwhile.
                    r = m_db->exec(QStringLiteral("UPDATE journal SET state='pending', server_seq=NULL WHERE id=?1"),
                                   key);
                }
                if (!r) {
                    return r;
                }
            }
            qCWarning(lcStore) << "the cache was edited outside the terminal:" << problem->join(QLatin1Char(' '))
                               << "- restored from the chained ledger";
            repaired.insert(kind, problem->join(QLatin1Char(' ')));
        }
        if (!repaired.isEmpty()) {
            repaired.insert(QStringLiteral("at"), json::dateTimeToString(QDateTime::currentDateTimeUtc()));
            if (auto r = ledger::append(*m_db, ledger::kRepair, repaired); !r) {
                return r;
            }
        }
        // The digest did not match: re-derive the materialised state and its digest from the entries themselves (an
        // edit of ledger_state or of a digest is not trusted either), so the next open is cheap again.
        return ledger::resealFromEntries(*m_db);
    });
}

Result<LedgerCheck> Store::verifyLedger() const
{
    LedgerCheck check;
    if (!m_witnessProblem.isEmpty()) {
        check.ok = false;
        check.problems << m_witnessProblem;
    }
    auto present = ledger::present(*m_db);
    if (!present) {
        return present.error();
    }
    if (!*present) {
        return check; // a file from before schema 4, read as it is
    }
    auto rows = m_db->queryAll(
        m_schemaVersion >= 6
            ? QStringLiteral("SELECT seq, kind, body, prev_hash, hash, digest FROM ledger ORDER BY seq")
            : QStringLiteral("SELECT seq, kind, body, prev_hash, hash, NULL FROM ledger ORDER BY seq"),
        [](const Statement& s) {
            return std::tuple(s.int64(0), s.text(1), s.text(2), s.blob(3), s.blob(4), s.blob(5));
        });
    if (!rows) {
        return rows.error();
    }
    QByteArray previous;
    qint64 lastSeq = 0;
    bool chainOk = true;
    QByteArray lastDigest;
    qint64 lastDigestSeq = 0;
    for (const auto& [seq, kind, body, prev, hash, digest] : *rows) {
        if (!digest.isNull()) {
            lastDigest = digest;
            lastDigestSeq = seq;
        }
        if (chainOk && (prev != previous || ledger::entryHash(prev, kind, body, digest) != hash)) {
            check.problems << QStringLiteral("ledger entry %1 does not check out (%2)")
                                  .arg(seq)
                                  .arg(prev != previous ? QStringLiteral("chain link") : QStringLiteral("content"));
            chainOk = false;
        }
        if (kind == ledger::kRepair) {
            check.repairs << QStringLiteral("ledger entry %1: %2").arg(seq).arg(body);
        }
        previous = hash;
        lastSeq = seq;
        ++check.entries;
    }
    auto highest = m_db->queryValue<qint64>(QStringLiteral("SELECT seq FROM sqlite_sequence WHERE name='ledger'"));
    if (!highest) {
        return highest.error();
    }
    if (*highest > lastSeq) {
        check.problems << QStringLiteral("ledger entries %1 to %2 are missing").arg(lastSeq + 1).arg(*highest);
    }
    for (const QString& kind : {ledger::kSettings, ledger::kUsage, ledger::kAck}) {
        auto problem = ledgerDifferences(kind, nullptr);
        if (!problem) {
            return problem.error();
        }
        check.problems += *problem;
    }
    if (lastDigestSeq > 0) {
        // The digest a store open trusts must be the one of the state the entries record.
        auto fromEntries = ledger::digestOfChainedState(*m_db);
        if (!fromEntries) {
            return fromEntries.error();
        }
        if (*fromEntries != lastDigest) {
            check.problems << QStringLiteral("ledger entry %1 carries a state digest that is not the chained state's")
                                  .arg(lastDigestSeq);
        }
    }
    check.ok = check.problems.isEmpty();
    return check;
}

} // namespace lounge::core

namespace lounge::core::json {

QByteArray storedEPassBody(const EPass& e)
{
    QJsonObject body = toJson(e);
    body.remove(QStringLiteral("codeHash"));
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

namespace {

/// A cursor over the exact text QJsonDocument::Compact writes for an E-pass body; every method refuses (false,
/// nullopt) what it does not expect, and the caller then gives up on the whole text.
class StoredTextReader
{
public:
    explicit StoredTextReader(QByteArrayView text)
        : m_at(text.data())
        , m_end(text.data() + text.size())
    { }
    bool atEnd() const { return m_at == m_end; }
    bool eat(char c)
    {
        if (m_at != m_end && *m_at == c) {
            ++m_at;
            return true;
        }
        return false;
    }
    /// A string of printable ASCII without escapes (a JSON parser reads the same characters).
    std::optional<QByteArrayView> string()
    {
        if (!eat('"')) {
            return std::nullopt;
        }
        const char* from = m_at;
        for (; m_at != m_end && *m_at != '"'; ++m_at) {
            const auto c = static_cast<unsigned char>(*m_at);
            if (c < 0x20 || c >= 0x7f || c == '\\') {
                return std::nullopt;
            }
        }
        if (m_at == m_end) {
            return std::nullopt;
        }
        return QByteArrayView(from, m_at++ - from);
    }
    std::optional<QString> text()
    {
        const auto s = string();
        return s ? std::optional<QString>(QString::fromLatin1(*s)) : std::nullopt;
    }
    /// 0 or a positive integer of at most 9 digits (JSON allows no leading zero; always within int).
    std::optional<int> count()
    {
        const char* from = m_at;
        int n = 0;
        while (m_at != m_end && *m_at >= '0' && *m_at <= '9' && m_at - from < 9) {
            n = n * 10 + (*m_at++ - '0');
        }
        const qsizetype digits = m_at - from;
        if (digits == 0 || (digits > 1 && *from == '0') || (m_at != m_end && *m_at >= '0' && *m_at <= '9')) {
            return std::nullopt;
        }
        return n;
    }
    /// YYYY-MM-DD of a valid date (what json::dateFromString reads without falling back to QDate::fromString).
    std::optional<QDate> date()
    {
        const auto s = string();
        if (!s || s->size() != 10 || s->at(4) != '-' || s->at(7) != '-') {
            return std::nullopt;
        }
        int v[8];
        int k = 0;
        for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
            if (s->at(i) < '0' || s->at(i) > '9') {
                return std::nullopt;
            }
            v[k++] = s->at(i) - '0';
        }
        const QDate d(v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3], v[4] * 10 + v[5], v[6] * 10 + v[7]);
        return d.isValid() ? std::optional<QDate>(d) : std::nullopt;
    }
    /// An array of strings, each accepted by `valid` (raw bytes).
    template<typename Valid> std::optional<QStringList> strings(Valid valid)
    {
        if (!eat('[')) {
            return std::nullopt;
        }
        QStringList out;
        if (eat(']')) {
            return out;
        }
        do {
            const auto s = string();
            if (!s || !valid(*s)) {
                return std::nullopt;
            }
            out.append(QString::fromLatin1(*s));
        } while (eat(','));
        return eat(']') ? std::optional<QStringList>(std::move(out)) : std::nullopt;
    }
    /// An object whose keys are among `keys` (each at most once): `value(index of the key)` reads each value.
    template<size_t N, typename Value> bool object(const std::array<QByteArrayView, N>& keys, Value value)
    {
        if (!eat('{')) {
            return false;
        }
        if (eat('}')) {
            return true;
        }
        unsigned seen = 0;
        const int count = int(keys.size());
        int next = 0; // the store writes the keys in `keys`' order: the one after the last is tried first
        do {
            const auto key = string();
            if (!key || !eat(':')) {
                return false;
            }
            int index = count;
            for (int tried = 0; tried < count; ++tried) {
                const int k = (next + tried) % count;
                if (sameBytes(keys[size_t(k)], *key)) {
                    index = k;
                    break;
                }
            }
            if (index == count || (seen & (1u << index)) || !value(index)) {
                return false;
            }
            seen |= 1u << index;
            next = index + 1;
        } while (eat(','));
        return eat('}');
    }

private:
    /// A key's few bytes compared inline (a memcmp call per candidate key was a seventh of an E-pass body's read).
    static bool sameBytes(QByteArrayView a, QByteArrayView b)
    {
        if (a.size() != b.size()) {
            return false;
        }
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }
    const char* m_at;
    const char* m_end;
};

bool anyString(QByteArrayView)
{
    return true;
}

/// `text` is `bytes` read as Latin-1 (the reader's strings are printable ASCII).
bool sameLatin1(const QString& text, QByteArrayView bytes)
{
    if (text.size() != bytes.size()) {
        return false;
    }
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (text.at(i).unicode() != static_cast<unsigned char>(bytes[i])) {
            return false;
        }
    }
    return true;
}

} // namespace

std::optional<EPass> readStoredEPassBody(QByteArrayView body)
{
    // The same rules as ePassFromJson, for the one shape the store writes. Travel codes as json's isCompartment (one
    // upper-case letter) and isCarrier (2-3 upper-case letters or digits).
    const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    const auto compartment = [&](QByteArrayView s) { return s.size() == 1 && upper(s.at(0)); };
    const auto carrier = [&](QByteArrayView s) {
        return s.size() >= 2 && s.size() <= 3
            && std::all_of(s.begin(), s.end(), [&](char c) { return upper(c) || (c >= '0' && c <= '9'); });
    };
    static const std::array<QByteArray, 2> ePassStatusNames
        = {toString(EPassStatus::Active).toLatin1(), toString(EPassStatus::Revoked).toLatin1()};
    // Most passes name the same module: its QString is shared from the last one read instead of a new one each time.
    thread_local QString lastModule;
    StoredTextReader r(body);
    EPass e;
    unsigned required = 0;
    // Keys as constants (a list built at each call measured their lengths every time).
    static constexpr std::array<QByteArrayView, 10> kKeys
        = {"activation", "expiration", "firstName", "id", "lastName", "module", "scope", "status", "travel", "usages"};
    static constexpr std::array<QByteArrayView, 2> kScopeKeys = {"airports", "resources"};
    static constexpr std::array<QByteArrayView, 2> kTravelKeys = {"carriers", "compartments"};
    const bool read = r.object(kKeys, [&](int key) {
        std::optional<QString> text;
        std::optional<QDate> date;
        switch (key) {
        case 0:
        case 1:
            date = r.date();
            (key == 0 ? e.activation : e.expiration) = date.value_or(QDate());
            required |= date ? 1u << key : 0;
            return date.has_value();
        case 5: {
            const auto bytes = r.string();
            if (bytes && !sameLatin1(lastModule, *bytes)) {
                lastModule = QString::fromLatin1(*bytes);
            }
            e.module = bytes ? lastModule : QString();
            required |= bytes ? 1u << key : 0;
            return bytes.has_value();
        }
        case 2:
        case 3:
        case 4:
            text = r.text();
            (key == 2 ? e.firstName : key == 3 ? e.id : e.lastName) = text.value_or(QString());
            required |= text ? 1u << key : 0;
            return text.has_value();
        case 6:
            return r.object(kScopeKeys, [&](int list) {
                auto values = r.strings(anyString);
                (list == 0 ? e.scope.airports : e.scope.resourceIds) = values.value_or(QStringList());
                return values.has_value();
            });
        case 7: {
            // ePassStatusFromString of the text (an exact match of a status name), without the QString.
            const auto bytes = r.string();
            if (!bytes || bytes->isEmpty()) {
                return false; // an empty status reads as Active: left to the JSON reader
            }
            for (const EPassStatus status : {EPassStatus::Active, EPassStatus::Revoked}) {
                if (*bytes == QByteArrayView(ePassStatusNames[int(status)])) {
                    e.status = status;
                    return true;
                }
            }
            return false;
        }
        case 8:
            return r.object(kTravelKeys, [&](int list) {
                auto values = list == 0 ? r.strings(carrier) : r.strings(compartment);
                (list == 0 ? e.travel.carriers : e.travel.compartments) = values.value_or(QStringList());
                return values.has_value();
            });
        default: {
            const auto usages = r.count();
            e.usages = usages.value_or(0);
            required |= usages ? 1u << key : 0;
            return usages.has_value();
        }
        }
    });
    constexpr unsigned kRequired = (1u << 0) | (1u << 1) | (1u << 2) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 9);
    if (!read || !r.atEnd() || required != kRequired) {
        return std::nullopt;
    }
    return e;
}

QByteArray storedJson(const QJsonArray& a)
{
    return QJsonDocument(a).toJson(QJsonDocument::Compact);
}

} // namespace lounge::core::json
