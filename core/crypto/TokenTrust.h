#pragma once

#include "Result.h"
#include "crypto/TokenKey.h"

#include <QByteArray>

#include <optional>

namespace lounge::core {

/// What the dynamic-token verifier consults: central's public keys, the clock correction and the replay guard.
/// SecurityStore implements it over the terminal's SQLite file; KeyRing in memory (central, tests, fuzzing).
/// Same thread affinity as the implementation (SecurityStore: the store's owner thread).
class TokenTrust
{
public:
    virtual ~TokenTrust() = default;
    virtual Result<std::optional<TokenKey>> tokenKey(quint16 id) const = 0;
    virtual Result<ClockTrust> clockTrust() const = 0;
    /// true when a redemption already consumed this token (see DynamicToken::tokenId).
    virtual Result<bool> tokenSeen(const QByteArray& tokenId) const = 0;
};

} // namespace lounge::core
