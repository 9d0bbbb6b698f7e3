#pragma once

#include "Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace lounge::core::sqlite {

/// Maps an SQLite primary/extended result code to our ErrorCode.
ErrorCode mapSqliteError(int rc);

class Database;

/// UTF-8 text to bind as TEXT without a QString round trip (a QByteArray binds as a BLOB). A null view binds NULL.
struct Utf8
{
    QByteArrayView bytes;
};

/// A prepared statement. Owned by one thread (the Database's owner). Movable, not copyable.
/// Columns are read after step() returned a row; bind indexes are 1-based as in SQLite.
class Statement
{
public:
    Statement() = default;
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    template<std::integral I> Statement& bind(int index, I value)
    {
        return bindInt64(index, static_cast<std::int64_t>(value));
    }
    Statement& bind(int index, const QString& value);
    Statement& bind(int index, const QByteArray& blob);
    Statement& bind(int index, Utf8 text);
    Statement& bind(int index, std::nullopt_t);
    Statement& bindNullable(int index, const std::optional<std::int64_t>& value);
    /// NULL for nullopt, the value otherwise.
    template<typename T> Statement& bind(int index, const std::optional<T>& value)
    {
        return value ? bind(index, *value) : bind(index, std::nullopt);
    }
    /// Binds the arguments to ?1, ?2, ... in order.
    template<typename... Args> Statement& bindAll(const Args&... args)
    {
        int index = 0;
        (bind(++index, args), ...);
        return *this;
    }

    /// true = a row is ready, false = done. Errors (constraint, full disk, ...) come back as Error.
    Result<bool> step();
    /// Runs to completion, ignoring rows.
    Result<void> exec();
    void reset();

    std::int64_t int64(int col) const;
    int integer(int col) const { return static_cast<int>(int64(col)); }
    QString text(int col) const;
    QByteArray blob(int col) const;
    /// The column's bytes without a copy (text as UTF-8); valid until the next step() or reset().
    QByteArrayView bytes(int col) const;
    bool isNull(int col) const;
    /// The column holds an INTEGER (not a REAL, TEXT, BLOB or NULL).
    bool isInteger(int col) const;
    /// Column `col` as T: an integer type, QString, QByteArray, or a std::optional of one (NULL → nullopt).
    template<typename T> T column(int col) const
    {
        if constexpr (std::is_integral_v<T>) {
            return static_cast<T>(int64(col));
        } else if constexpr (std::is_same_v<T, QString>) {
            return text(col);
        } else if constexpr (std::is_same_v<T, QByteArray>) {
            return blob(col);
        } else {
            return isNull(col) ? T() : T(column<typename T::value_type>(col));
        }
    }

private:
    friend class Database;
    Statement& bindInt64(int index, std::int64_t value);
    /// Binds `n` bytes as TEXT or BLOB from this statement's own buffer for `index` (see m_bound).
    Statement& bindBytes(int index, const char* data, qsizetype n, bool text);
    /// The buffer for parameter `index`, or nullptr when there is none (the bind then copies, and SQLite reports a
    /// bad index as it did).
    std::string* boundBuffer(int index);
    Statement(Database* db, sqlite3_stmt* stmt);
    Database* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    bool m_bindFailed = false;
    // One buffer per parameter, sized at prepare and never resized after (a buffer's address must not move while
    // SQLite points at it). Text and blobs are bound from here without SQLite copying them (SQLITE_STATIC): each
    // copy was a malloc + free inside SQLite per bind (this build of SQLite has no lookaside allocator), and a buffer
    // keeps its capacity from one use to the next. A buffer is only rewritten by the next bind of its index, and
    // reset() clears the bindings, so SQLite never reads a buffer after it changed.
    std::vector<std::string> m_bound;
};

/// One use of a cached statement: reset (dropping its bindings and any read snapshot a pending row holds) when
/// it goes out of scope, so no code path can leave a half-read statement behind. Movable, not copyable.
class ScopedStatement
{
public:
    explicit ScopedStatement(Statement* statement)
        : m_statement(statement)
    { }
    ScopedStatement(ScopedStatement&& other) noexcept
        : m_statement(std::exchange(other.m_statement, nullptr))
    { }
    ScopedStatement& operator=(ScopedStatement&&) = delete;
    ScopedStatement(const ScopedStatement&) = delete;
    ScopedStatement& operator=(const ScopedStatement&) = delete;
    ~ScopedStatement()
    {
        if (m_statement) {
            m_statement->reset();
        }
    }
    Statement& operator*() const { return *m_statement; }
    Statement* operator->() const { return m_statement; }

private:
    Statement* m_statement;
};

/// NULL for an empty string or blob (optional columns), the value otherwise.
template<typename T> std::optional<T> nullIfEmpty(const T& value)
{
    return value.isEmpty() ? std::nullopt : std::optional<T>(value);
}

namespace detail {
template<typename T> struct RowValue
{
    using Type = T;
    static Result<T> wrap(T&& value) { return Result<T>(std::move(value)); }
};
template<typename T> struct RowValue<Result<T>>
{
    using Type = T;
    static Result<T> wrap(Result<T>&& value) { return std::move(value); }
};
/// What a row reader returns: T or Result<T> (a reader that can refuse a corrupt row).
template<typename Read> using RowReader = RowValue<std::invoke_result_t<Read&, Statement&>>;
template<typename Read> using RowType = typename RowReader<Read>::Type;
} // namespace detail

/// RAII owner of one sqlite3 connection. Not thread-safe: one owner thread per connection (STYLE: SQLite has
/// one owner per connection). Statements are cached by SQL text so hot paths prepare once.
class Database
{
public:
    enum class Mode
    {
        ReadWrite,
        ReadOnly,
        Immutable ///< read-only and never locks nor creates anything beside the file (read-only media, evidence)
    };

    static Result<std::unique_ptr<Database>> open(const QString& path, Mode mode = Mode::ReadWrite);

    /// What reservePageCache() set up for this process (zeros when it did not).
    struct PageCacheReserve
    {
        int slotBytes = 0; ///< a page of up to 4 KiB with SQLite's header for it
        int slotCount = 0;
        std::int64_t bytes = 0;
    };
    /// Gives SQLite's page caches (every connection of the process) room for `pages` pages of 4 KiB (with SQLite's
    /// header for each, and its 10 slots of reserve), memory faulted in at once
    /// (SQLITE_CONFIG_PAGECACHE): a connection whose cache grows takes a page from it instead of a fresh heap page,
    /// which faults on first touch (issue 16: those faults made a quarter to a half of the slowest validations). Only
    /// the first call does anything, and only before SQLite is initialized (the process's first open); a page that
    /// does not fit or finds no free slot comes from the heap as before. Thread-safe.
    static PageCacheReserve reservePageCache(int pages);
    static PageCacheReserve pageCacheReserve();

    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Executes one or more statements with no parameters (DDL, pragmas).
    Result<void> execScript(const QString& sql);
    /// Returns a cached, reset prepared statement; valid until the next prepare() of the same SQL. A literal
    /// (QStringLiteral) is found by its address, without hashing its text; text without its own storage
    /// (QString::fromRawData) must therefore outlive this Database.
    Result<Statement*> prepare(const QString& sql);

    // Prepared-statement shorthands. Arguments bind to ?1, ?2, ... in order; the statement comes from the cache
    // and is reset on every exit path. Errors keep their mapped codes (DiskFull, Locked, Corrupt, ...).

    /// Prepares (cached) and binds; the statement is reset when the returned handle goes away.
    template<typename... Args> Result<ScopedStatement> query(const QString& sql, const Args&... args)
    {
        auto statement = prepare(sql);
        if (!statement) {
            return statement.error();
        }
        (*statement)->bindAll(args...);
        return ScopedStatement(*statement);
    }
    /// Runs a statement to completion, ignoring rows (INSERT, UPDATE, DELETE).
    template<typename... Args> Result<void> exec(const QString& sql, const Args&... args)
    {
        auto statement = query(sql, args...);
        if (!statement) {
            return statement.error();
        }
        return (*statement)->exec();
    }
    /// Column 0 of the first row as T (see Statement::column), T() when there is no row: counts, aggregates, pragmas,
    /// single-value lookups with a natural default.
    template<typename T, typename... Args> Result<T> queryValue(const QString& sql, const Args&... args)
    {
        auto value = queryOne(
            sql, [](const Statement& s) { return s.column<T>(0); }, args...);
        if (!value) {
            return value.error();
        }
        return std::move(*value).value_or(T());
    }
    /// The first row through `read` (Statement& → T or Result<T>), or nullopt when there is none.
    template<typename Read, typename... Args>
    Result<std::optional<detail::RowType<Read>>> queryOne(const QString& sql, Read&& read, const Args&... args)
    {
        using T = detail::RowType<Read>;
        auto statement = query(sql, args...);
        if (!statement) {
            return statement.error();
        }
        auto row = (*statement)->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            return std::optional<T>();
        }
        auto value = detail::RowReader<Read>::wrap(read(**statement));
        if (!value) {
            return value.error();
        }
        return std::optional<T>(std::move(value).value());
    }
    /// Every row through `read`, in order; the first refused row (read returned an Error) ends it with that error.
    template<typename Read, typename... Args>
    Result<QList<detail::RowType<Read>>> queryAll(const QString& sql, Read&& read, const Args&... args)
    {
        auto statement = query(sql, args...);
        if (!statement) {
            return statement.error();
        }
        QList<detail::RowType<Read>> out;
        for (;;) {
            auto row = (*statement)->step();
            if (!row) {
                return row.error();
            }
            if (!*row) {
                return out;
            }
            auto value = detail::RowReader<Read>::wrap(read(**statement));
            if (!value) {
                return value.error();
            }
            out.append(std::move(value).value());
        }
    }
    /// PRAGMA user_version: the schema version the file was migrated to.
    Result<int> schemaVersion();
    /// Brings the schema from `fromVersion` to migrations.size(): entry i goes from version i to i+1, each step in
    /// its own transaction together with its user_version bump.
    Result<void> migrate(std::span<const char* const> migrations, int fromVersion);
    std::int64_t lastInsertRowId() const;
    int changes() const;
    Error lastError(int rc, const QString& context = {}) const;
    sqlite3* handle() const { return m_db; }
    const QString& path() const { return m_path; }

private:
    explicit Database(sqlite3* db, QString path);
    sqlite3* m_db = nullptr;
    QString m_path;
    struct Cache;
    std::unique_ptr<Cache> m_cache;
};

/// RAII transaction: rolls back unless commit() succeeded. BEGIN IMMEDIATE takes the write lock up front so a
/// read-validate-write sequence cannot be raced by another writer.
class Transaction
{
public:
    enum class Kind
    {
        Deferred,
        Immediate
    };
    static Result<Transaction> begin(Database& db, Kind kind = Kind::Immediate);
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    ~Transaction();
    Result<void> commit();
    void rollback();

private:
    explicit Transaction(Database* db)
        : m_db(db)
    { }
    Database* m_db = nullptr;
};

} // namespace lounge::core::sqlite
