#include "sqlite/Database.h"

#include <QFileInfo>
#include <QHash>

#include <QLoggingCategory>
#include <QUrl>
#include <algorithm>
#include <mutex>
#include <unordered_map>

#include <sys/mman.h>

#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcStore, "lounge.store")

namespace lounge::core::sqlite {

ErrorCode mapSqliteError(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_FULL:
        return ErrorCode::DiskFull;
    case SQLITE_READONLY:
        return ErrorCode::ReadOnly;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ErrorCode::Locked;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return ErrorCode::Corrupt;
    case SQLITE_IOERR:
        return ErrorCode::IoError;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return ErrorCode::CantOpen;
    case SQLITE_CONSTRAINT:
        return ErrorCode::Conflict;
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
        return ErrorCode::Internal;
    default:
        return ErrorCode::Internal;
    }
}

// ---------------------------------------------------------------- Statement

Statement::Statement(Statement&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_stmt(std::exchange(other.m_stmt, nullptr))
    , m_bindFailed(other.m_bindFailed)
    , m_bound(std::move(other.m_bound))
{ }

Statement& Statement::operator=(Statement&& other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_db = std::exchange(other.m_db, nullptr);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_bindFailed = other.m_bindFailed;
        m_bound = std::move(other.m_bound);
    }
    return *this;
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement& Statement::bindInt64(int index, std::int64_t value)
{
    m_bindFailed |= sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK;
    return *this;
}

Statement::Statement(Database* db, sqlite3_stmt* stmt)
    : m_db(db)
    , m_stmt(stmt)
    , m_bound(size_t(std::max(0, sqlite3_bind_parameter_count(stmt))))
{ }

std::string* Statement::boundBuffer(int index)
{
    return index >= 1 && size_t(index) <= m_bound.size() ? &m_bound[size_t(index) - 1] : nullptr;
}

Statement& Statement::bindBytes(int index, const char* data, qsizetype n, bool text)
{
    std::string* buffer = boundBuffer(index);
    if (!buffer) {
        m_bindFailed |= (text ? sqlite3_bind_text(m_stmt, index, data, int(n), SQLITE_TRANSIENT)
                              : sqlite3_bind_blob(m_stmt, index, data, int(n), SQLITE_TRANSIENT))
            != SQLITE_OK;
        return *this;
    }
    buffer->assign(data, size_t(n));
    m_bindFailed |= (text ? sqlite3_bind_text(m_stmt, index, buffer->data(), int(n), SQLITE_STATIC)
                          : sqlite3_bind_blob(m_stmt, index, buffer->data(), int(n), SQLITE_STATIC))
        != SQLITE_OK;
    return *this;
}

Statement& Statement::bind(int index, const QString& value)
{
    // Almost every bound text (ids, keys, periods) is ASCII: narrowed straight into the parameter's buffer instead of
    // through a UTF-8 QByteArray per bind (a validation binds a dozen).
    std::string* buffer = boundBuffer(index);
    const qsizetype n = value.size();
    if (buffer) {
        // Narrowed without a branch per character (the OR of all of them says whether every one was ASCII): a synced
        // record binds half a dozen texts on the store's thread.
        const char16_t* u = reinterpret_cast<const char16_t*>(value.constData());
        buffer->resize(size_t(n));
        char* out = buffer->data();
        char16_t seen = 0;
        for (qsizetype i = 0; i < n; ++i) {
            seen |= u[i];
            out[i] = char(u[i]);
        }
        if (seen < 0x80) {
            m_bindFailed |= sqlite3_bind_text(m_stmt, index, out, int(n), SQLITE_STATIC) != SQLITE_OK;
            return *this;
        }
    }
    const QByteArray utf8 = value.toUtf8();
    return bindBytes(index, utf8.constData(), utf8.size(), true);
}

Statement& Statement::bind(int index, Utf8 text)
{
    if (text.bytes.isNull()) {
        return bind(index, std::nullopt);
    }
    return bindBytes(index, text.bytes.data(), text.bytes.size(), true);
}

Statement& Statement::bind(int index, const QByteArray& blob)
{
    if (blob.isNull()) {
        return bind(index, std::nullopt);
    }
    return bindBytes(index, blob.constData(), blob.size(), false);
}

QByteArrayView Statement::bytes(int col) const
{
    const auto* data = static_cast<const char*>(sqlite3_column_blob(m_stmt, col));
    return QByteArrayView(data, sqlite3_column_bytes(m_stmt, col));
}

Statement& Statement::bind(int index, std::nullopt_t)
{
    m_bindFailed |= sqlite3_bind_null(m_stmt, index) != SQLITE_OK;
    return *this;
}

Statement& Statement::bindNullable(int index, const std::optional<std::int64_t>& value)
{
    return value ? bindInt64(index, *value) : bind(index, std::nullopt);
}

Result<bool> Statement::step()
{
    if (m_bindFailed) {
        m_bindFailed = false;
        return makeError(ErrorCode::Internal, QStringLiteral("bind failed"));
    }
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    Error error = m_db->lastError(rc, QString::fromUtf8(sqlite3_sql(m_stmt)).left(60));
    sqlite3_reset(m_stmt);
    return error;
}

Result<void> Statement::exec()
{
    for (;;) {
        auto r = step();
        if (!r) {
            return r.error();
        }
        if (!*r) {
            return {};
        }
    }
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_bindFailed = false;
}

std::int64_t Statement::int64(int col) const
{
    return sqlite3_column_int64(m_stmt, col);
}

QString Statement::text(int col) const
{
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
    return data ? QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, col)) : QString();
}

QByteArray Statement::blob(int col) const
{
    const void* data = sqlite3_column_blob(m_stmt, col);
    return data ? QByteArray(static_cast<const char*>(data), sqlite3_column_bytes(m_stmt, col)) : QByteArray();
}

bool Statement::isNull(int col) const
{
    return sqlite3_column_type(m_stmt, col) == SQLITE_NULL;
}

bool Statement::isInteger(int col) const
{
    return sqlite3_column_type(m_stmt, col) == SQLITE_INTEGER;
}

// ---------------------------------------------------------------- Database

struct Database::Cache
{
    // unique_ptr: handed-out Statement* stay valid when the map grows.
    std::unordered_map<QString, std::unique_ptr<Statement>> statements;
    // The same statements by the address of a literal's text (QStringLiteral: static, immortal, never moves), so a hot
    // path finds its statement without hashing its whole SQL text (that hash was ~5 % of a validation).
    std::unordered_map<const QChar*, std::pair<qsizetype, Statement*>> byLiteral;
};

Database::Database(sqlite3* db, QString path)
    : m_db(db)
    , m_path(std::move(path))
    , m_cache(std::make_unique<Cache>())
{ }

namespace {

std::mutex g_pageCacheMutex;
bool g_pageCacheTried = false;
Database::PageCacheReserve g_pageCache;

} // namespace

Database::PageCacheReserve Database::reservePageCache(int pages)
{
    std::lock_guard lock(g_pageCacheMutex);
    if (g_pageCacheTried) {
        return g_pageCache;
    }
    g_pageCacheTried = true;
    [pages] {
        // A slot holds a page of the store's size (4 KiB, SQLite's default) and SQLite's header for it.
        int header = 0;
        if (sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &header) != SQLITE_OK) {
            qCInfo(lcStore) << "page cache reserve: SQLite is already initialized; pages come from the heap";
            return;
        }
        const int slotBytes = (4096 + header + 7) & ~7;
        // pcache1 keeps 10 slots free (past 90 slots): below that, every cache recycles its own pages instead of
        // growing.
        const int slotCount = pages + 10;
        if (pages <= 0) {
            return;
        }
        const std::size_t size = std::size_t(slotCount) * std::size_t(slotBytes);
        // MAP_POPULATE: every page of it is faulted in here, once, not by the validation that first uses it. Never
        // unmapped: SQLite keeps using it until the process ends.
        void* memory = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (memory == MAP_FAILED) {
            qCWarning(lcStore) << "page cache reserve: cannot map" << size << "bytes; pages come from the heap";
            return;
        }
        if (sqlite3_config(SQLITE_CONFIG_PAGECACHE, memory, slotBytes, slotCount) != SQLITE_OK) {
            munmap(memory, size);
            qCInfo(lcStore) << "page cache reserve: SQLite is already initialized; pages come from the heap";
            return;
        }
        g_pageCache = {slotBytes, slotCount, std::int64_t(size)};
    }();
    return g_pageCache;
}

Database::PageCacheReserve Database::pageCacheReserve()
{
    std::lock_guard lock(g_pageCacheMutex);
    return g_pageCache;
}

Database::~Database()
{
    m_cache.reset(); // finalize statements before closing
    sqlite3_close(m_db);
}

Result<std::unique_ptr<Database>> Database::open(const QString& path, Mode mode)
{
    sqlite3* handle = nullptr;
    const int flags = (mode == Mode::ReadWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY)
        | SQLITE_OPEN_NOMUTEX | (mode == Mode::Immutable ? SQLITE_OPEN_URI : 0);
    // immutable=1: SQLite takes no locks and creates no -shm/-journal beside the file.
    const QByteArray name = mode == Mode::Immutable
        ? QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()).toEncoded() + "?immutable=1"
        : path.toUtf8();
    const int rc = sqlite3_open_v2(name.constData(), &handle, flags, nullptr);
    if (rc != SQLITE_OK) {
        const QString msg = handle ? QString::fromUtf8(sqlite3_errmsg(handle)) : QStringLiteral("out of memory");
        sqlite3_close(handle);
        return makeError(mapSqliteError(rc), msg);
    }
    sqlite3_extended_result_codes(handle, 1);
    sqlite3_busy_timeout(handle, 2000);
    return std::unique_ptr<Database>(new Database(handle, path));
}

Error Database::lastError(int rc, const QString& context) const
{
    QString msg = QString::fromUtf8(sqlite3_errmsg(m_db));
    if (!context.isEmpty()) {
        msg += QStringLiteral(" [") + context + QLatin1Char(']');
    }
    qCWarning(lcStore) << "sqlite error" << rc << msg;
    return makeError(mapSqliteError(rc), msg);
}

Result<void> Database::execScript(const QString& sql)
{
    char* errmsg = nullptr;
    const int rc = sqlite3_exec(m_db, sql.toUtf8().constData(), nullptr, nullptr, &errmsg);
    if (rc != SQLITE_OK) {
        const QString msg = errmsg ? QString::fromUtf8(errmsg) : QString();
        sqlite3_free(errmsg);
        qCWarning(lcStore) << "sqlite exec error" << rc << msg;
        return makeError(mapSqliteError(rc), msg);
    }
    return {};
}

Result<Statement*> Database::prepare(const QString& sql)
{
    // A literal's data has no header to count references in (d == nullptr): its address names its text for good.
    const bool literal = !sql.data_ptr().isMutable() && !sql.isNull();
    if (literal) {
        const auto hit = m_cache->byLiteral.find(sql.constData());
        if (hit != m_cache->byLiteral.end() && hit->second.first == sql.size()) {
            hit->second.second->reset();
            return hit->second.second;
        }
    }
    auto it = m_cache->statements.find(sql);
    if (it != m_cache->statements.end()) {
        it->second->reset();
        if (literal) {
            m_cache->byLiteral[sql.constData()] = {sql.size(), it->second.get()};
        }
        return it->second.get();
    }
    sqlite3_stmt* stmt = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    const int rc
        = sqlite3_prepare_v3(m_db, utf8.constData(), int(utf8.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        return lastError(rc, sql.left(60));
    }
    auto inserted = m_cache->statements.emplace(sql, std::unique_ptr<Statement>(new Statement(this, stmt)));
    if (literal) {
        m_cache->byLiteral[sql.constData()] = {sql.size(), inserted.first->second.get()};
    }
    return inserted.first->second.get();
}

Result<int> Database::schemaVersion()
{
    return queryValue<int>(QStringLiteral("PRAGMA user_version"));
}

Result<void> Database::migrate(std::span<const char* const> migrations, int fromVersion)
{
    for (int v = fromVersion; v < int(migrations.size()); ++v) {
        auto tx = Transaction::begin(*this);
        if (!tx) {
            return tx.error();
        }
        if (auto r = execScript(QString::fromUtf8(migrations[v])); !r) {
            return r;
        }
        if (auto r = execScript(QStringLiteral("PRAGMA user_version=%1").arg(v + 1)); !r) {
            return r;
        }
        if (auto r = tx->commit(); !r) {
            return r;
        }
    }
    return {};
}

std::int64_t Database::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

// ---------------------------------------------------------------- Transaction

Result<Transaction> Transaction::begin(Database& db, Kind kind)
{
    // Cached prepared statements: sqlite3_exec would parse the text on every transaction (a validation opens one).
    auto r = db.exec(kind == Kind::Immediate ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN"));
    if (!r) {
        return r.error();
    }
    return Transaction(&db);
}

Transaction::Transaction(Transaction&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
{ }

Transaction::~Transaction()
{
    rollback();
}

Result<void> Transaction::commit()
{
    if (!m_db) {
        return makeError(ErrorCode::Internal, QStringLiteral("transaction already finished"));
    }
    auto r = m_db->exec(QStringLiteral("COMMIT"));
    if (!r) {
        rollback(); // a failed COMMIT (disk full, I/O) leaves the transaction open
        return r;
    }
    m_db = nullptr;
    return {};
}

void Transaction::rollback()
{
    if (m_db) {
        if (!sqlite3_get_autocommit(m_db->handle())) {
            (void)m_db->exec(QStringLiteral("ROLLBACK")); // nothing more to do if even this fails
        }
        m_db = nullptr;
    }
}

} // namespace lounge::core::sqlite
