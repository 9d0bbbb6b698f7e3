#pragma once

#include <QDebug>
#include <QString>

#include <utility>
#include <variant>

namespace lounge::core {

/// Expected failures, as values. Raw SQLite/HTTP/decoder text only ever lives in Error::detail (for logs);
/// the screen maps ErrorCode to translated staff-facing text.
enum class ErrorCode
{
    InvalidArgument, ///< caller passed something malformed
    NotFound,
    Conflict, ///< state forbids the operation (e.g. voiding twice)
    DiskFull,
    ReadOnly,
    Locked, ///< another process holds the database
    Corrupt,
    IoError,
    CantOpen,
    SchemaTooNew, ///< database written by a newer version of this program
    Network,
    Timeout,
    Protocol, ///< peer answered something we cannot use
    Unauthorized,
    Forbidden,
    Internal,
};

QString toString(ErrorCode code);

struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString detail;

    QString toString() const { return lounge::core::toString(code) + (detail.isEmpty() ? QString() : ": " + detail); }
};

inline Error makeError(ErrorCode code, QString detail = {})
{
    return Error {code, std::move(detail)};
}

/// A small subset of C++23 std::expected (GCC 12 only ships <expected> under C++23).
template<typename T> class [[nodiscard]] Result
{
public:
    Result(const T& value)
        : m_data(value)
    { }
    Result(T&& value)
        : m_data(std::move(value))
    { }
    Result(Error error)
        : m_data(std::move(error))
    { }

    bool hasValue() const { return m_data.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    T& value() &
    {
        Q_ASSERT(hasValue());
        return std::get<0>(m_data);
    }
    const T& value() const&
    {
        Q_ASSERT(hasValue());
        return std::get<0>(m_data);
    }
    T&& value() &&
    {
        Q_ASSERT(hasValue());
        return std::get<0>(std::move(m_data));
    }
    T valueOr(T fallback) const { return hasValue() ? std::get<0>(m_data) : std::move(fallback); }
    const Error& error() const
    {
        Q_ASSERT(!hasValue());
        return std::get<1>(m_data);
    }

    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

private:
    std::variant<T, Error> m_data;
};

template<> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_failed(true)
    { }

    bool hasValue() const { return !m_failed; }
    explicit operator bool() const { return hasValue(); }
    const Error& error() const
    {
        Q_ASSERT(m_failed);
        return m_error;
    }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace lounge::core
