#include "crypto/SignedTokenVerifier.h"

#include "CredentialCode.h"
#include "crypto/DynamicToken.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSecurity, "lounge.security")

namespace lounge::core {

SignedTokenVerifier::SignedTokenVerifier(const TokenTrust& trust)
    : SignedTokenVerifier(trust, Options {})
{ }

SignedTokenVerifier::SignedTokenVerifier(const TokenTrust& trust, Options options)
    : m_trust(trust)
    , m_options(options)
{ }

std::variant<TokenVerifier::Verified, Reason> SignedTokenVerifier::verify(const QByteArray& token,
                                                                          const QDateTime& now) const
{
    // Only a short tag of the token is ever logged: the token itself admits someone for its lifetime.
    const QString tag = CredentialCode::logTag(token);
    auto refuse = [&](Reason reason, const char* why) {
        qCInfo(lcSecurity) << "token" << tag << "refused:" << toString(reason) << why;
        return reason;
    };

    auto parsed = DynamicToken::parse(token);
    if (!parsed) {
        return refuse(Reason::MalformedCode, "structure");
    }
    const DynamicToken& t = parsed->token;

    auto key = m_trust.tokenKey(t.keyId);
    if (!key) {
        qCWarning(lcSecurity) << "token key lookup failed:" << key.error().toString();
        return Reason::StoreUnavailable;
    }
    if (!key->has_value()) {
        return refuse(Reason::UnknownKey, "no such key id");
    }
    if (!DynamicToken::signatureValid(parsed->signedPart, parsed->signature, key->value().publicKey)) {
        return refuse(Reason::BadSignature, "signature");
    }

    auto clock = m_trust.clockTrust();
    if (!clock) {
        qCWarning(lcSecurity) << "clock trust lookup failed:" << clock.error().toString();
        return Reason::StoreUnavailable;
    }
    if (!clock->known || !clock->measuredAt.isValid() || !now.isValid()) {
        return refuse(Reason::ClockUnknown, "never synced");
    }
    const qint64 age = clock->measuredAt.secsTo(now);
    if (age > m_options.maxClockAgeSeconds || age < -m_options.skewSeconds) {
        return refuse(Reason::ClockUnknown, "offset too old (or the clock went back)");
    }
    const QDateTime centralNow = now.addMSecs(clock->offsetMs);

    const TokenKey& k = key->value();
    if (k.validUntil.isValid() && centralNow > k.validUntil) {
        return refuse(Reason::UnknownKey, "key retired");
    }
    if (k.validFrom.isValid() && t.issuedAtUtc() < k.validFrom.addSecs(-m_options.skewSeconds)) {
        return refuse(Reason::UnknownKey, "token predates its key");
    }

    if (centralNow < t.issuedAtUtc().addSecs(-m_options.skewSeconds)) {
        return refuse(Reason::TokenNotYetValid, "issued in the future");
    }
    const QDateTime lastValid = t.expiresAtUtc().addSecs(m_options.skewSeconds);
    if (centralNow > lastValid) {
        return refuse(Reason::TokenExpired, "expired");
    }

    const QByteArray id = DynamicToken::tokenId(parsed->signedPart);
    auto seen = m_trust.tokenSeen(id);
    if (!seen) {
        qCWarning(lcSecurity) << "replay guard lookup failed:" << seen.error().toString();
        return Reason::StoreUnavailable;
    }
    if (*seen) {
        return refuse(Reason::Replayed, "already used");
    }
    // expiresAt in terminal-clock terms, so the replay guard can prune on the terminal's own clock.
    return Verified {t.credential, id, lastValid.addMSecs(-clock->offsetMs)};
}

} // namespace lounge::core
