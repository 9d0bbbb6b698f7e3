#pragma once

#include "Validator.h"
#include "crypto/TokenTrust.h"

namespace lounge::core {

/// core::TokenVerifier for DynamicToken: Ed25519 signature with a key ring (several keys valid at once for
/// rotation), the time window on the terminal clock corrected by the sync-measured offset, and the replay
/// guard. Checks, in order: structure (MALFORMED_CODE) → key id (UNKNOWN_KEY) → signature (BAD_SIGNATURE) →
/// clock trust (CLOCK_UNKNOWN) → key retirement (UNKNOWN_KEY) → not yet valid / expired → seen (REPLAYED).
/// Consuming a token is AccessService::redeem's job (same transaction as the visit); verify() only reads.
/// Thread affinity: that of the TokenTrust it reads.
class SignedTokenVerifier final : public TokenVerifier
{
public:
    struct Options
    {
        int skewSeconds = 30; ///< tolerated difference between central's and the corrected terminal clock
        int maxClockAgeSeconds = 7 * 24 * 3600; ///< an offset measured longer ago is not trusted
    };

    explicit SignedTokenVerifier(const TokenTrust& trust);
    SignedTokenVerifier(const TokenTrust& trust, Options options);

    std::variant<Verified, Reason> verify(const QByteArray& token, const QDateTime& now) const override;
    const Options& options() const { return m_options; }

private:
    const TokenTrust& m_trust;
    Options m_options;
};

} // namespace lounge::core
