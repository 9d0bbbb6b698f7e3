#include "PgConnection.h"

#include <QLoggingCategory>
#include <QUrl>

#include <libpq-fe.h>

#include <vector>

Q_LOGGING_CATEGORY(lcPg, "lounge.central.pg")

namespace lounge::central::pg {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

ErrorCode codeFor(const QByteArray& state)
{
    if (state.startsWith("08") || state == "57P01" || state == "57P02" || state == "57P03") {
        return ErrorCode::Network; // connection exception, server shutting down or starting
    }
    if (state == "40001" || state == "40P01" || state == "55P03") {
        return ErrorCode::Locked; // serialization failure, deadlock, lock not available: worth retrying
    }
    if (state.startsWith("23")) {
        return ErrorCode::Conflict; // integrity constraint (as SQLITE_CONSTRAINT)
    }
    if (state == "53100") {
        return ErrorCode::DiskFull;
    }
    if (state == "25006") {
        return ErrorCode::ReadOnly;
    }
    if (state == "57014") {
        return ErrorCode::Timeout;
    }
    return ErrorCode::Internal;
}

QByteArray decodeBytea(const char* text, int length)
{
    if (length >= 2 && text[0] == '\\' && text[1] == 'x') {
        return QByteArray::fromHex(QByteArray::fromRawData(text + 2, length - 2));
    }
    return QByteArray(text, length); // bytea_output=escape is never set by us
}

} // namespace

Rows::Rows(pg_result* result)
    : m_result(result)
{ }

Rows::Rows(Rows&& other) noexcept
    : m_result(std::exchange(other.m_result, nullptr))
{ }

Rows& Rows::operator=(Rows&& other) noexcept
{
    if (this != &other) {
        PQclear(m_result);
        m_result = std::exchange(other.m_result, nullptr);
    }
    return *this;
}

Rows::~Rows()
{
    PQclear(m_result);
}

int Rows::size() const
{
    return m_result ? PQntuples(m_result) : 0;
}

bool Rows::isNull(int row, int column) const
{
    return PQgetisnull(m_result, row, column) != 0;
}

QString Rows::text(int row, int column) const
{
    return QString::fromUtf8(PQgetvalue(m_result, row, column), PQgetlength(m_result, row, column));
}

qint64 Rows::int64(int row, int column) const
{
    return QByteArray::fromRawData(PQgetvalue(m_result, row, column), PQgetlength(m_result, row, column)).toLongLong();
}

bool Rows::boolean(int row, int column) const
{
    return PQgetvalue(m_result, row, column)[0] == 't';
}

QByteArray Rows::bytes(int row, int column) const
{
    if (isNull(row, column)) {
        return {};
    }
    return decodeBytea(PQgetvalue(m_result, row, column), PQgetlength(m_result, row, column));
}

Connection::Connection(QString url)
    : m_url(std::move(url))
{ }

Connection::~Connection()
{
    if (m_conn) {
        PQfinish(m_conn);
    }
}

bool Connection::isConnected() const
{
    return m_conn && PQstatus(m_conn) == CONNECTION_OK;
}

bool Connection::transactionFailed() const
{
    return m_conn && PQtransactionStatus(m_conn) == PQTRANS_INERROR;
}

QString Connection::describe() const
{
    const QUrl url(m_url);
    return QStringLiteral("%1:%2%3").arg(url.host(), QString::number(url.port(5432)), url.path());
}

Result<void> Connection::ensureConnected()
{
    if (isConnected()) {
        return {};
    }
    if (m_conn) {
        qCWarning(lcPg) << "reconnecting to" << describe();
        PQfinish(m_conn);
        m_conn = nullptr;
    }
    m_prepared.clear();
    // Defaults first: the URL's own parameters (expand_dbname) override them. lock_timeout: a writer that waits
    // longer than this for the writer lock gets 55P03 → Locked → HTTP 503, like SQLite's busy timeout (never an
    // endless queue behind a stuck transaction).
    const QByteArray url = m_url.toUtf8();
    const char* keys[] = {"connect_timeout", "application_name", "options", "dbname", nullptr};
    const char* values[] = {"5", "lounge-central", "-c lock_timeout=5s", url.constData(), nullptr};
    m_conn = PQconnectdbParams(keys, values, 1);
    if (PQstatus(m_conn) != CONNECTION_OK) {
        const QString why = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
        PQfinish(m_conn);
        m_conn = nullptr;
        m_lastSqlState = "08001";
        return makeError(ErrorCode::Network, QStringLiteral("database %1 unreachable: %2").arg(describe(), why));
    }
    // Replies are parsed as text; pin the formats we read regardless of the server's defaults.
    if (auto r = execScript(QStringLiteral("SET bytea_output = 'hex'; SET client_encoding = 'UTF8'; "
                                           "SET TIME ZONE 'UTC'"));
        !r) {
        return r;
    }
    return {};
}

core::Error Connection::failure(pg_result* result, const QString& sql)
{
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    QString message = QString::fromUtf8(result ? PQresultErrorMessage(result) : PQerrorMessage(m_conn)).trimmed();
    if (message.isEmpty()) {
        message = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
    }
    if (PQstatus(m_conn) != CONNECTION_OK) {
        m_lastSqlState = "08006"; // connection failure: the next call reconnects
    } else {
        m_lastSqlState = state ? QByteArray(state) : QByteArray("XX000");
    }
    PQclear(result);
    const ErrorCode code = codeFor(m_lastSqlState);
    if (code == ErrorCode::Network) {
        message = QStringLiteral("database connection lost: ") + message;
    }
    qCDebug(lcPg) << "statement failed" << m_lastSqlState << message << sql.left(80);
    return makeError(code, QStringLiteral("%1 [%2]").arg(message, QString::fromLatin1(m_lastSqlState)));
}

Result<Rows> Connection::exec(const QString& sql, std::initializer_list<Param> params)
{
    if (auto c = ensureConnected(); !c) {
        return c.error();
    }
    auto it = m_prepared.constFind(sql);
    QByteArray name;
    if (it == m_prepared.constEnd()) {
        name = "s" + QByteArray::number(m_prepared.size() + 1);
        pg_result* prepared
            = PQprepare(m_conn, name.constData(), sql.toUtf8().constData(), int(params.size()), nullptr);
        if (PQresultStatus(prepared) != PGRES_COMMAND_OK) {
            return failure(prepared, sql);
        }
        PQclear(prepared);
        m_prepared.insert(sql, name);
    } else {
        name = *it;
    }
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
    for (const Param& p : params) {
        values.push_back(p.null ? nullptr : p.value.constData());
        lengths.push_back(int(p.value.size()));
        formats.push_back(p.binary ? 1 : 0);
    }
    pg_result* result = PQexecPrepared(m_conn, name.constData(), int(params.size()), values.data(), lengths.data(),
                                       formats.data(), 0);
    const auto status = PQresultStatus(result);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        return failure(result, sql);
    }
    return Rows(result);
}

Result<void> Connection::execScript(const QString& sql)
{
    if (!m_conn) {
        if (auto c = ensureConnected(); !c) {
            return c;
        }
    }
    pg_result* result = PQexec(m_conn, sql.toUtf8().constData());
    const auto status = PQresultStatus(result);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        return failure(result, sql);
    }
    PQclear(result);
    return {};
}

} // namespace lounge::central::pg
