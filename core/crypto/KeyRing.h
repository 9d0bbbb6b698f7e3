#pragma once

#include "crypto/TokenTrust.h"

#include <QHash>
#include <QList>
#include <QSet>

namespace lounge::core {

/// In-memory TokenTrust: a set of public keys, a clock correction and a seen-set. Used by central (which is
/// its own clock), by tests and by the fuzz targets. Not thread-safe; one owner.
class KeyRing final : public TokenTrust
{
public:
    void add(const TokenKey& key) { m_keys.insert(key.id, key); }
    void remove(quint16 id) { m_keys.remove(id); }
    QList<TokenKey> keys() const { return m_keys.values(); }
    void setClockTrust(const ClockTrust& trust) { m_clock = trust; }
    /// The clock is central's own: offset 0, always fresh (pass the current time).
    void trustLocalClock(const QDateTime& now) { m_clock = ClockTrust {true, 0, now}; }
    void markSeen(const QByteArray& tokenId) { m_seen.insert(tokenId); }

    Result<std::optional<TokenKey>> tokenKey(quint16 id) const override
    {
        const auto it = m_keys.constFind(id);
        return it == m_keys.constEnd() ? std::optional<TokenKey>() : std::optional<TokenKey>(*it);
    }
    Result<ClockTrust> clockTrust() const override { return m_clock; }
    Result<bool> tokenSeen(const QByteArray& tokenId) const override { return m_seen.contains(tokenId); }

private:
    QHash<quint16, TokenKey> m_keys;
    ClockTrust m_clock;
    QSet<QByteArray> m_seen;
};

} // namespace lounge::core
