#pragma once

#include "Result.h"

#include <QByteArray>
#include <QString>

#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>

struct sqlite3;
struct sqlite3_stmt;

namespace lounge::core::sqlite {

/// Maps an SQLite primary/extended result code to our ErrorCode.
ErrorCode mapSqliteError(int rc);

class Database;

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
    Statement& bind(int index, std::nullopt_t);
    Statement& bindNullable(int index, const std::optional<std::int64_t>& value);

    /// true = a row is ready, false = done. Errors (constraint, full disk, ...) come back as Error.
    Result<bool> step();
    /// Runs to completion, ignoring rows.
    Result<void> exec();
    void reset();

    std::int64_t int64(int col) const;
    int integer(int col) const { return static_cast<int>(int64(col)); }
    QString text(int col) const;
    QByteArray blob(int col) const;
    bool isNull(int col) const;

private:
    friend class Database;
    Statement& bindInt64(int index, std::int64_t value);
    Statement(Database* db, sqlite3_stmt* stmt)
        : m_db(db)
        , m_stmt(stmt)
    { }
    Database* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    bool m_bindFailed = false;
};

/// RAII owner of one sqlite3 connection. Not thread-safe: one owner thread per connection (STYLE: SQLite has
/// one owner per connection). Statements are cached by SQL text so hot paths prepare once.
class Database
{
public:
    enum class Mode
    {
        ReadWrite,
        ReadOnly
    };

    static Result<std::unique_ptr<Database>> open(const QString& path, Mode mode = Mode::ReadWrite);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Executes one or more statements with no parameters (DDL, pragmas).
    Result<void> execScript(const QString& sql);
    /// Returns a cached, reset prepared statement; valid until the next prepare() of the same SQL.
    Result<Statement*> prepare(const QString& sql);
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
