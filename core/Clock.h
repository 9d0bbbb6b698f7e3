#pragma once

#include <QDateTime>
#include <QString>

namespace lounge::core {

/// Source of "now". Injected everywhere a rule depends on time so tests can pin it.
/// Implementations must be safe to call from any thread.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0; ///< UTC
    /// Where the time comes from, recorded with each redemption ("system", "system+offset", "fixed").
    virtual QString source() const = 0;
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
    QString source() const override { return QStringLiteral("system"); }
};

/// A clock that stands still until told otherwise (tests, `--at`).
class FixedClock final : public Clock
{
public:
    explicit FixedClock(QDateTime at)
        : m_at(at.toUTC())
    { }
    QDateTime now() const override { return m_at; }
    QString source() const override { return QStringLiteral("fixed"); }
    void set(const QDateTime& at) { m_at = at.toUTC(); }
    void advance(qint64 seconds) { m_at = m_at.addSecs(seconds); }

private:
    QDateTime m_at;
};

} // namespace lounge::core
