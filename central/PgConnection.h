#pragma once

#include "Result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <initializer_list>
#include <optional>

struct pg_conn;
struct pg_result;

namespace lounge::central::pg {

/// One statement parameter: text (sent as text) or bytes (sent binary, for bytea); absent = SQL NULL.
struct Param
{
    Param(const QString& s)
        : value(s.toUtf8())
    { }
    Param(const char* s)
        : value(s)
    { }
    Param(qint64 n)
        : value(QByteArray::number(n))
    { }
    Param(int n)
        : value(QByteArray::number(n))
    { }
    Param(bool b)
        : value(b ? "true" : "false")
    { }
    Param(std::nullopt_t)
        : null(true)
    { }
    static Param bytes(const QByteArray& b)
    {
        Param p(std::nullopt);
        p.null = false;
        p.binary = true;
        p.value = b;
        return p;
    }
    /// NULL when empty (optional columns, as the SQLite store's nullIfEmpty).
    static Param textOrNull(const QString& s) { return s.isEmpty() ? Param(std::nullopt) : Param(s); }
    static Param bytesOrNull(const QByteArray& b) { return b.isEmpty() ? Param(std::nullopt) : bytes(b); }

    QByteArray value;
    bool null = false;
    bool binary = false;
};

/// The rows of one result, text format (bytea decoded by bytes()).
class Rows
{
public:
    Rows() = default;
    explicit Rows(pg_result* result);
    Rows(Rows&& other) noexcept;
    Rows& operator=(Rows&& other) noexcept;
    Rows(const Rows&) = delete;
    Rows& operator=(const Rows&) = delete;
    ~Rows();

    int size() const;
    bool isNull(int row, int column) const;
    QString text(int row, int column) const;
    qint64 int64(int row, int column) const;
    bool boolean(int row, int column) const;
    QByteArray bytes(int row, int column) const;

private:
    pg_result* m_result = nullptr;
};

/// A libpq connection with a cache of prepared statements. Thread affinity: one owner thread.
/// Errors: a lost or refused connection is ErrorCode::Network (HTTP 503; the next call reconnects); SQLSTATE classes
/// map to the codes the SQLite store uses (23 → Conflict, 40001/40P01/55P03 → Locked, 53100 → DiskFull, 25006 →
/// ReadOnly). `lastSqlState()` keeps the SQLSTATE of the last failed statement, so a transaction can be retried.
class Connection
{
public:
    explicit Connection(QString url);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Connects when there is no healthy connection (drops the prepared statements of a lost one).
    core::Result<void> ensureConnected();
    bool isConnected() const;
    /// Runs one statement (prepared once per connection and cached by its text).
    core::Result<Rows> exec(const QString& sql, std::initializer_list<Param> params = {});
    /// Runs a script (several statements, no parameters), e.g. a migration step or BEGIN/COMMIT.
    core::Result<void> execScript(const QString& sql);
    QByteArray lastSqlState() const { return m_lastSqlState; }
    void clearSqlState() { m_lastSqlState.clear(); }
    /// Inside a transaction that a failed statement aborted (its COMMIT would silently roll back).
    bool transactionFailed() const;
    /// "host:port/dbname" for logs, never the password.
    QString describe() const;

private:
    core::Error failure(pg_result* result, const QString& sql);

    QString m_url;
    pg_conn* m_conn = nullptr;
    QHash<QString, QByteArray> m_prepared; ///< SQL text → statement name
    QByteArray m_lastSqlState;
};

} // namespace lounge::central::pg
