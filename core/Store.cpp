#include "Store.h"

#include "Json.h"
#include "SecurityStore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTimeZone>

#include <sqlite3.h>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace lounge::core {

using sqlite::Statement;
using sqlite::Transaction;

namespace {

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
)sql",
};
constexpr int kMigrationCount = int(sizeof(kMigrations) / sizeof(kMigrations[0]));
static_assert(kMigrationCount == Store::kSchemaVersion);

QString compact(const QJsonValue& v)
{
    return QString::fromUtf8(v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                         : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
}

QJsonValue parseJson(const QString& text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

Error corruptRow(const char* table, const Error& e)
{
    return makeError(ErrorCode::Corrupt, QLatin1String(table) + QLatin1String(" row: ") + e.detail);
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

Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const QString& path, Options options)
{
    const bool existed = QFile::exists(path);
    auto db = sqlite::Database::open(
        path, options.readOnly ? sqlite::Database::Mode::ReadOnly : sqlite::Database::Mode::ReadWrite);
    if (!db) {
        return db.error();
    }
    if (!existed && !options.readOnly) {
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner); // 0600: holds the journal
    }
    std::unique_ptr<Store> store(new Store(std::move(db).value()));
    // Reading the schema version touches page 1: a file that is not a database fails here, clearly.
    auto pragmas = store->m_db->execScript(options.readOnly ? QStringLiteral("PRAGMA foreign_keys=ON;")
                                                            : QStringLiteral("PRAGMA journal_mode=WAL;"
                                                                             "PRAGMA synchronous=FULL;"
                                                                             "PRAGMA foreign_keys=ON;"
                                                                             // 64 MiB page cache: keeps the
                                                                             // random-key code indexes hot
                                                                             // during a bulk download
                                                                             "PRAGMA cache_size=-65536;"));
    if (!pragmas) {
        return pragmas.error();
    }
    if (auto r = store->migrate(); !r) {
        return r.error();
    }
    return store;
}

Result<void> Store::migrate()
{
    auto st = m_db->prepare(QStringLiteral("PRAGMA user_version"));
    if (!st) {
        return st.error();
    }
    auto row = (*st)->step();
    if (!row) {
        return row.error();
    }
    const int version = (*st)->integer(0);
    (*st)->reset();
    if (version > kSchemaVersion) {
        return makeError(ErrorCode::SchemaTooNew,
                         QStringLiteral("database schema %1, this program knows %2").arg(version).arg(kSchemaVersion));
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

template<typename F> Result<void> Store::inTransaction(F&& body)
{
    if (!sqlite3_get_autocommit(m_db->handle())) {
        return body(); // the caller's transaction
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
    return Transaction::begin(*m_db, Transaction::Kind::Immediate);
}

// ------------------------------------------------------------------------------------------------ reads

Result<std::optional<Resource>> Store::resource(const QString& id) const
{
    auto st = m_db->prepare(QStringLiteral("SELECT body FROM resources WHERE id=?1"));
    if (!st) {
        return st.error();
    }
    (*st)->bind(1, id);
    auto row = (*st)->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<Resource>();
    }
    auto r = json::resourceFromJson(parseJson((*st)->text(0)));
    (*st)->reset();
    if (!r) {
        return corruptRow("resources", r.error());
    }
    return std::optional<Resource>(*r);
}

Result<QList<Resource>> Store::resources() const
{
    auto st = m_db->prepare(QStringLiteral("SELECT body FROM resources ORDER BY id"));
    if (!st) {
        return st.error();
    }
    QList<Resource> out;
    for (;;) {
        auto row = (*st)->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        auto r = json::resourceFromJson(parseJson((*st)->text(0)));
        if (!r) {
            return corruptRow("resources", r.error());
        }
        out.append(*r);
    }
    return out;
}

Result<std::optional<Program>> Store::program(const QString& id) const
{
    auto st = m_db->prepare(QStringLiteral("SELECT body FROM programs WHERE id=?1"));
    if (!st) {
        return st.error();
    }
    (*st)->bind(1, id);
    auto row = (*st)->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<Program>();
    }
    auto p = json::programFromJson(parseJson((*st)->text(0)));
    (*st)->reset();
    if (!p) {
        return corruptRow("programs", p.error());
    }
    return std::optional<Program>(*p);
}

namespace {
const QString kMembershipColumns
    = QStringLiteral("SELECT id, number, code_hash, holder, status, valid_from, valid_to, tiers, overrides "
                     "FROM memberships WHERE ");

Result<std::optional<Membership>> readMembership(sqlite::Database& db, const QString& where,
                                                 const std::function<void(Statement&)>& bind)
{
    auto st = db.prepare(kMembershipColumns + where);
    if (!st) {
        return st.error();
    }
    bind(**st);
    auto row = (*st)->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<Membership>();
    }
    Statement& s = **st;
    Membership m;
    m.id = s.text(0);
    m.number = s.text(1);
    m.codeHash = s.blob(2);
    m.holderName = s.text(3);
    const auto status = membershipStatusFromString(s.text(4));
    m.validFrom = QDate::fromString(s.text(5), Qt::ISODate);
    m.validTo = QDate::fromString(s.text(6), Qt::ISODate);
    auto tiers = json::tiersFromJson(parseJson(s.text(7)));
    auto overrides = json::overridesFromJson(parseJson(s.text(8)));
    s.reset();
    if (!status || !tiers || !overrides) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("memberships row ") + m.id);
    }
    m.status = *status;
    m.tiers = *tiers;
    m.overrides = *overrides;
    return std::optional<Membership>(std::move(m));
}

Result<std::optional<EPass>> readEPass(sqlite::Database& db, const QString& where, const QVariant& key)
{
    auto st = db.prepare(QStringLiteral("SELECT body, code_hash FROM epasses WHERE ") + where);
    if (!st) {
        return st.error();
    }
    if (key.typeId() == QMetaType::QByteArray) {
        (*st)->bind(1, key.toByteArray());
    } else {
        (*st)->bind(1, key.toString());
    }
    auto row = (*st)->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<EPass>();
    }
    auto e = json::ePassFromJson(parseJson((*st)->text(0)));
    const QByteArray hash = (*st)->blob(1);
    (*st)->reset();
    if (!e) {
        return corruptRow("epasses", e.error());
    }
    e->codeHash = hash;
    return std::optional<EPass>(*e);
}
} // namespace

Result<std::optional<Membership>> Store::membershipByCodeHash(const QByteArray& hash) const
{
    return readMembership(*m_db, QStringLiteral("code_hash=?1"), [&](Statement& s) { s.bind(1, hash); });
}

Result<std::optional<Membership>> Store::membershipByNumber(const QString& number) const
{
    return readMembership(*m_db, QStringLiteral("number=?1"), [&](Statement& s) { s.bind(1, number); });
}

Result<std::optional<Membership>> Store::membershipById(const QString& id) const
{
    return readMembership(*m_db, QStringLiteral("id=?1"), [&](Statement& s) { s.bind(1, id); });
}

Result<std::optional<EPass>> Store::ePassByCodeHash(const QByteArray& hash) const
{
    return readEPass(*m_db, QStringLiteral("code_hash=?1"), QVariant(hash));
}

Result<std::optional<EPass>> Store::ePassById(const QString& id) const
{
    return readEPass(*m_db, QStringLiteral("id=?1"), QVariant(id));
}

Result<qint64> Store::cursor() const
{
    auto s = setting(QStringLiteral("cursor"));
    if (!s) {
        return s.error();
    }
    return s->has_value() ? s->value().toLongLong() : qint64(0);
}

Result<int> Store::used(const CredentialRef& credential, const Module& module, Pool pool, const QString& period) const
{
    const QString cred = credential.key();
    const QString poolName = toString(pool);
    auto central
        = m_db->prepare(QStringLiteral("SELECT used FROM usage WHERE cred=?1 AND module=?2 AND pool=?3 AND period=?4"));
    if (!central) {
        return central.error();
    }
    (*central)->bind(1, cred).bind(2, module).bind(3, poolName).bind(4, period);
    auto row = (*central)->step();
    if (!row) {
        return row.error();
    }
    const int centralUsed = *row ? (*central)->integer(0) : 0;
    (*central)->reset();

    auto cursorValue = cursor();
    if (!cursorValue) {
        return cursorValue.error();
    }
    // Local records count until central's counters (pulled up to our cursor) include them.
    auto local = m_db->prepare(
        QStringLiteral("SELECT COALESCE(SUM(u.count), 0) FROM journal_uses u JOIN journal j ON j.seq = u.journal_seq "
                       "WHERE u.cred=?1 AND u.module=?2 AND u.pool=?3 AND u.period=?4 AND j.state != 'rejected' "
                       "AND (j.server_seq IS NULL OR j.server_seq > ?5)"));
    if (!local) {
        return local.error();
    }
    (*local)->bind(1, cred).bind(2, module).bind(3, poolName).bind(4, period).bind(5, *cursorValue);
    row = (*local)->step();
    if (!row) {
        return row.error();
    }
    const int localUsed = (*local)->integer(0);
    (*local)->reset();
    return centralUsed + localUsed;
}

Result<std::optional<QDateTime>> Store::lastUse(const CredentialRef& credential, const QString& resourceId) const
{
    auto st
        = m_db->prepare(QStringLiteral("SELECT MAX(at_ms) FROM journal WHERE cred=?1 AND resource=?2 AND kind='redeem' "
                                       "AND voided_by IS NULL AND state != 'rejected'"));
    if (!st) {
        return st.error();
    }
    (*st)->bind(1, credential.key()).bind(2, resourceId);
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
    auto st = m_db->prepare(QStringLiteral("SELECT COUNT(*) FROM ") + table);
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

Result<std::optional<QString>> Store::setting(const QString& key) const
{
    auto st = m_db->prepare(QStringLiteral("SELECT value FROM meta WHERE key=?1"));
    if (!st) {
        return st.error();
    }
    (*st)->bind(1, key);
    auto row = (*st)->step();
    if (!row) {
        return row.error();
    }
    std::optional<QString> out;
    if (*row) {
        out = (*st)->text(0);
    }
    (*st)->reset();
    return out;
}

Result<void> Store::setSetting(const QString& key, const QString& value)
{
    auto st = m_db->prepare(QStringLiteral("INSERT INTO meta(key, value) VALUES(?1, ?2) "
                                           "ON CONFLICT(key) DO UPDATE SET value=excluded.value"));
    if (!st) {
        return st.error();
    }
    return (*st)->bind(1, key).bind(2, value).exec();
}

Result<void> Store::setLastSync(const QDateTime& at)
{
    return setSetting(QStringLiteral("last_sync"), json::dateTimeToString(at));
}

// ------------------------------------------------------------------------------------------------ writes

Result<void> Store::upsertResource(const Resource& r)
{
    auto st = m_db->prepare(QStringLiteral("INSERT INTO resources(id, body) VALUES(?1, ?2) "
                                           "ON CONFLICT(id) DO UPDATE SET body=excluded.body"));
    if (!st) {
        return st.error();
    }
    return (*st)->bind(1, r.id).bind(2, compact(json::toJson(r))).exec();
}

Result<void> Store::upsertProgram(const Program& p)
{
    auto st = m_db->prepare(QStringLiteral("INSERT INTO programs(id, body) VALUES(?1, ?2) "
                                           "ON CONFLICT(id) DO UPDATE SET body=excluded.body"));
    if (!st) {
        return st.error();
    }
    return (*st)->bind(1, p.id).bind(2, compact(json::toJson(p))).exec();
}

Result<void> Store::upsertMembershipRow(const Membership& m)
{
    auto st = m_db->prepare(QStringLiteral(
        "INSERT INTO memberships(id, number, code_hash, holder, status, valid_from, valid_to, tiers, overrides) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(id) DO UPDATE SET number=excluded.number, "
        "code_hash=excluded.code_hash, holder=excluded.holder, status=excluded.status, "
        "valid_from=excluded.valid_from, valid_to=excluded.valid_to, tiers=excluded.tiers, "
        "overrides=excluded.overrides"));
    if (!st) {
        return st.error();
    }
    Statement& s = **st;
    s.bind(1, m.id);
    if (m.number.isEmpty()) {
        s.bind(2, std::nullopt);
    } else {
        s.bind(2, m.number);
    }
    s.bind(3, m.codeHash.isEmpty() ? QByteArray() : m.codeHash);
    s.bind(4, m.holderName).bind(5, toString(m.status));
    s.bind(6, json::dateToString(m.validFrom)).bind(7, json::dateToString(m.validTo));
    s.bind(8, compact(json::toJson(m.tiers))).bind(9, compact(json::toJson(m.overrides)));
    return s.exec();
}

Result<void> Store::upsertMembership(const Membership& m)
{
    return inTransaction([&] { return upsertMembershipRow(m); });
}

Result<void> Store::upsertEPassRow(const EPass& e, bool fromCentral)
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
    QJsonObject body = json::toJson(e);
    body.remove(QStringLiteral("codeHash"));
    auto st = m_db->prepare(QStringLiteral("INSERT INTO epasses(id, code_hash, body, status) VALUES(?1, ?2, ?3, ?4) "
                                           "ON CONFLICT(id) DO UPDATE SET code_hash=excluded.code_hash, "
                                           "body=excluded.body, status=excluded.status"));
    if (!st) {
        return st.error();
    }
    return (*st)
        ->bind(1, e.id)
        .bind(2, e.codeHash.isEmpty() ? QByteArray() : e.codeHash)
        .bind(3, compact(body))
        .bind(4, toString(e.status))
        .exec();
}

Result<void> Store::upsertEPass(const EPass& e)
{
    return inTransaction([&] { return upsertEPassRow(e, false); });
}

Result<void> Store::setUsage(const UsageCounter& u)
{
    auto st = m_db->prepare(QStringLiteral("INSERT INTO usage(cred, module, pool, period, used) "
                                           "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(cred, module, pool, period) "
                                           "DO UPDATE SET used=excluded.used"));
    if (!st) {
        return st.error();
    }
    return (*st)
        ->bind(1, u.credential.key())
        .bind(2, u.module)
        .bind(3, toString(u.pool))
        .bind(4, u.period)
        .bind(5, u.used)
        .exec();
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
        for (const auto& m : page.memberships) {
            if (auto x = upsertMembershipRow(m); !x) {
                return x;
            }
        }
        for (const auto& e : page.ePasses) {
            // Central is the authority; it enforces E-pass immutability (409) on its side.
            if (auto x = upsertEPassRow(e, true); !x) {
                return x;
            }
        }
        for (const auto& u : page.usage) {
            if (auto x = setUsage(u); !x) {
                return x;
            }
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
                auto st = m_db->prepare(sql);
                if (!st) {
                    return st.error();
                }
                if (auto x = (*st)->bind(1, id).exec(); !x) {
                    return x;
                }
            }
        }
        return setSetting(QStringLiteral("cursor"), QString::number(page.cursor));
    });
}

// ------------------------------------------------------------------------------------------------ journal

Result<Redemption> Store::appendJournal(Redemption r)
{
    Q_ASSERT(!sqlite3_get_autocommit(m_db->handle()));
    auto last = m_db->prepare(QStringLiteral("SELECT hash FROM journal ORDER BY seq DESC LIMIT 1"));
    if (!last) {
        return last.error();
    }
    auto row = (*last)->step();
    if (!row) {
        return row.error();
    }
    r.prevHash = *row ? (*last)->blob(0) : QByteArray();
    (*last)->reset();
    r.hash = journalHash(r.prevHash, r);

    auto st = m_db->prepare(QStringLiteral(
        "INSERT INTO journal(id, kind, voids, cred, resource, terminal, staff, party, uses, at_ms, clock_source, "
        "verdict, reason, state, remark, holder, prev_hash, hash) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"));
    if (!st) {
        return st.error();
    }
    Statement& s = **st;
    s.bind(1, r.id.toString(QUuid::WithoutBraces)).bind(2, toString(r.kind));
    if (r.voids.isNull()) {
        s.bind(3, std::nullopt);
    } else {
        s.bind(3, r.voids.toString(QUuid::WithoutBraces));
    }
    s.bind(4, r.credential.key()).bind(5, r.resourceId).bind(6, r.terminalId).bind(7, r.staffId);
    s.bind(8, r.partySize).bind(9, compact(json::toJson(r.uses))).bind(10, r.at.toMSecsSinceEpoch());
    s.bind(11, r.clockSource).bind(12, toString(r.verdict)).bind(13, toString(r.reason));
    s.bind(14, toString(r.state)).bind(15, r.remark).bind(16, r.holderName);
    s.bind(17, r.prevHash.isEmpty() ? QByteArray("") : r.prevHash).bind(18, r.hash);
    if (auto x = s.exec(); !x) {
        return x.error();
    }
    r.seq = m_db->lastInsertRowId();

    auto useSt = m_db->prepare(QStringLiteral("INSERT INTO journal_uses(journal_seq, cred, module, pool, period, "
                                              "count) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"));
    if (!useSt) {
        return useSt.error();
    }
    for (const auto& u : r.uses) {
        (*useSt)->reset();
        (*useSt)->bind(1, r.seq).bind(2, r.credential.key()).bind(3, u.module).bind(4, toString(u.pool));
        (*useSt)->bind(5, u.period).bind(6, u.count);
        if (auto x = (*useSt)->exec(); !x) {
            return x.error();
        }
    }
    if (r.kind == JournalKind::Void) {
        auto mark = m_db->prepare(QStringLiteral("UPDATE journal SET voided_by=?1 WHERE id=?2 AND kind='redeem' "
                                                 "AND voided_by IS NULL"));
        if (!mark) {
            return mark.error();
        }
        if (auto x = (*mark)
                         ->bind(1, r.id.toString(QUuid::WithoutBraces))
                         .bind(2, r.voids.toString(QUuid::WithoutBraces))
                         .exec();
            !x) {
            return x.error();
        }
        if (m_db->changes() != 1) {
            return makeError(ErrorCode::Conflict, QStringLiteral("nothing to void"));
        }
    }
    return r;
}

namespace {
const QString kJournalColumns = QStringLiteral(
    "SELECT seq, id, kind, voids, voided_by, cred, resource, terminal, staff, party, uses, at_ms, "
    "clock_source, verdict, reason, state, server_seq, remark, holder, prev_hash, hash, central_remark "
    "FROM journal ");
}

Result<Redemption> Store::readRedemption(Statement& s) const
{
    Redemption r;
    r.seq = s.int64(0);
    r.id = QUuid::fromString(s.text(1));
    r.kind = s.text(2) == QLatin1String("void") ? JournalKind::Void : JournalKind::Redeem;
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
    if (!cred || !uses || !verdict || !reason || !state || r.id.isNull()) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("journal row %1").arg(r.seq));
    }
    r.credential = *cred;
    r.uses = *uses;
    r.verdict = *verdict;
    r.reason = *reason;
    r.state = *state;
    return r;
}

template<typename Bind>
static Result<QList<Redemption>> collect(sqlite::Database& db, const QString& sql, Bind&& bind,
                                         const std::function<Result<Redemption>(Statement&)>& read)
{
    auto st = db.prepare(sql);
    if (!st) {
        return st.error();
    }
    bind(**st);
    QList<Redemption> out;
    for (;;) {
        auto row = (*st)->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        auto r = read(**st);
        if (!r) {
            (*st)->reset();
            return r.error();
        }
        out.append(*r);
    }
    return out;
}

Result<std::optional<Redemption>> Store::redemption(const QUuid& id) const
{
    auto list = collect(
        *m_db, kJournalColumns + QStringLiteral("WHERE id=?1"),
        [&](Statement& s) { s.bind(1, id.toString(QUuid::WithoutBraces)); },
        [this](Statement& s) { return readRedemption(s); });
    if (!list) {
        return list.error();
    }
    return list->isEmpty() ? std::optional<Redemption>() : std::optional<Redemption>(list->first());
}

Result<QList<Redemption>> Store::outbox(int limit) const
{
    return collect(
        *m_db, kJournalColumns + QStringLiteral("WHERE state IN ('pending', 'uploaded') ORDER BY seq LIMIT ?1"),
        [&](Statement& s) { s.bind(1, limit); }, [this](Statement& s) { return readRedemption(s); });
}

Result<int> Store::pendingUploads() const
{
    auto st = m_db->prepare(QStringLiteral("SELECT COUNT(*) FROM journal WHERE state IN ('pending', 'uploaded')"));
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

Result<void> Store::markUploaded(const QList<QUuid>& ids)
{
    return inTransaction([&]() -> Result<void> {
        for (const auto& id : ids) {
            auto st
                = m_db->prepare(QStringLiteral("UPDATE journal SET state='uploaded' WHERE id=?1 AND state='pending'"));
            if (!st) {
                return st.error();
            }
            if (auto x = (*st)->bind(1, id.toString(QUuid::WithoutBraces)).exec(); !x) {
                return x;
            }
        }
        return {};
    });
}

Result<void> Store::markAcknowledged(const QUuid& id, qint64 serverSeq, bool conflict)
{
    auto st = m_db->prepare(QStringLiteral("UPDATE journal SET state=?1, server_seq=?2 WHERE id=?3"));
    if (!st) {
        return st.error();
    }
    return (*st)
        ->bind(1, conflict ? QStringLiteral("conflict") : QStringLiteral("acknowledged"))
        .bind(2, serverSeq)
        .bind(3, id.toString(QUuid::WithoutBraces))
        .exec();
}

Result<void> Store::markRejected(const QUuid& id, const QString& reason)
{
    // Not `remark`: that is covered by the hash chain and must stay as recorded.
    auto st = m_db->prepare(QStringLiteral("UPDATE journal SET state='rejected', central_remark=?1 WHERE id=?2"));
    if (!st) {
        return st.error();
    }
    return (*st)->bind(1, reason).bind(2, id.toString(QUuid::WithoutBraces)).exec();
}

Result<QList<Redemption>> Store::journal(const QDateTime& fromUtc, const QDateTime& toUtc, int limit) const
{
    return collect(
        *m_db,
        kJournalColumns + QStringLiteral("WHERE at_ms >= ?1 AND at_ms < ?2 ORDER BY at_ms DESC, seq DESC LIMIT ?3"),
        [&](Statement& s) { s.bind(1, fromUtc.toMSecsSinceEpoch()).bind(2, toUtc.toMSecsSinceEpoch()).bind(3, limit); },
        [this](Statement& s) { return readRedemption(s); });
}

Result<QList<Redemption>> Store::fullJournal() const
{
    return collect(
        *m_db, kJournalColumns + QStringLiteral("ORDER BY seq"), [](Statement&) {},
        [this](Statement& s) { return readRedemption(s); });
}

Result<JournalCheck> Store::verifyJournal() const
{
    auto st = m_db->prepare(kJournalColumns + QStringLiteral("ORDER BY seq"));
    if (!st) {
        return st.error();
    }
    JournalCheck check;
    QByteArray previous;
    qint64 lastSeq = 0;
    auto broken = [&](qint64 seq, QString problem) {
        (*st)->reset();
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
        previous = r->hash;
        lastSeq = seq;
        ++check.records;
    }
    auto seqSt = m_db->prepare(QStringLiteral("SELECT seq FROM sqlite_sequence WHERE name='journal'"));
    if (!seqSt) {
        return seqSt.error();
    }
    auto row = (*seqSt)->step();
    if (!row) {
        return row.error();
    }
    const qint64 highest = *row ? (*seqSt)->int64(0) : 0;
    (*seqSt)->reset();
    if (highest > lastSeq) {
        check.ok = false;
        check.firstBrokenSeq = lastSeq + 1;
        check.problem = QStringLiteral("records %1 to %2 are missing").arg(lastSeq + 1).arg(highest);
    }
    return check;
}

Result<DayStats> Store::stats(const QDateTime& fromUtc, const QDateTime& toUtc) const
{
    auto list = journal(fromUtc, toUtc, 1000000);
    if (!list) {
        return list.error();
    }
    DayStats d;
    for (const auto& r : *list) {
        if (r.state == RedemptionState::Pending || r.state == RedemptionState::Uploaded) {
            ++d.pendingUpload;
        }
        d.rejected += r.state == RedemptionState::Rejected;
        d.conflicts += r.state == RedemptionState::Conflict;
        if (r.kind != JournalKind::Redeem) {
            continue;
        }
        if (!r.voidedBy.isNull()) {
            ++d.voided;
            continue;
        }
        ++d.redemptions;
        d.admitted += r.partySize;
        d.guests += r.partySize - 1;
    }
    return d;
}

Result<QString> Store::integrityCheck() const
{
    auto st = m_db->prepare(QStringLiteral("PRAGMA integrity_check"));
    if (!st) {
        return st.error();
    }
    QStringList lines;
    for (;;) {
        auto row = (*st)->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        lines << (*st)->text(0);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace lounge::core
