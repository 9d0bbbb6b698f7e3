#pragma once

#include "CentralStore.h"
#include "Clock.h"
#include "Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace lounge::central {

/// Central-only record kinds of the operator console (never in a feed: ChangeFeed serves a fixed list of kinds).
namespace kind {
inline const QString kOperator = QStringLiteral("operator");
inline const QString kOperatorSession = QStringLiteral("operatorsession");
inline const QString kLoginThrottle = QStringLiteral("loginthrottle");
} // namespace kind

/// A signed-in operator's session as the console's cookie names it.
struct OperatorSession
{
    QString operatorName;
    QByteArray token; ///< the cookie's value; only its SHA-256 is stored (empty when read back from a cookie)
    QByteArray csrfToken; ///< sent back by the console in X-CSRF-Token with every state-changing request
    QDateTime createdAt;
    QDateTime expiresAt;
};

/// Operator accounts and console sessions (docs/security.md, "Operator console"). Passwords are Argon2id hash strings
/// (libsodium crypto_pwhash_str); a session is a 256-bit random token whose SHA-256 is the record id, so a copy of the
/// database holds no usable session. Everything lives in the store, so any central process behind the same database
/// accepts a session another one issued, and a logout or an operator's removal ends it everywhere. Failed logins are
/// throttled per operator name (known or not): 5 free failures, then a lock-out of 30 s doubling per failure up to
/// 15 min, also across processes. Thread affinity: the store's thread. Hashing costs ~0.1-0.5 s of CPU and 64 MiB
/// per login (interactive cost) on that thread.
class OperatorAuth
{
public:
    static constexpr int kMinPasswordLength = 10;
    static constexpr int kMaxPasswordLength = 1024;
    static constexpr int kFreeFailures = 5;
    static constexpr qint64 kFirstLockSeconds = 30;
    static constexpr qint64 kMaxLockSeconds = 15 * 60;
    static constexpr qint64 kSessionSeconds = 8 * 3600;

    enum class Cost
    {
        Interactive, ///< crypto_pwhash_*_INTERACTIVE: real accounts
        Minimal, ///< the library minimum: unit tests only
    };

    OperatorAuth(CentralStore& store, const core::Clock& clock, Cost cost = Cost::Interactive);

    /// Creates the operator or sets a new password (and ends the operator's sessions). Names are ids
    /// ([A-Za-z0-9._-], 1-64); passwords 10-1024 characters.
    core::Result<void> addOperator(const QString& name, const QString& password);
    /// Removes the operator and ends every session of theirs. NotFound when there is none.
    core::Result<void> removeOperator(const QString& name);
    core::Result<QStringList> operators() const;

    struct Login
    {
        enum class Outcome
        {
            SignedIn,
            Refused, ///< wrong name or password (which one is not said)
            Throttled, ///< too many failures for this name: retryAfterSeconds
        };
        Outcome outcome = Outcome::Refused;
        OperatorSession session; ///< when SignedIn
        qint64 retryAfterSeconds = 0;
    };
    /// Checks the password (a storage failure is an error; a refusal is an outcome).
    core::Result<Login> login(const QString& name, const QString& password);
    /// The live session a cookie token names: Unauthorized when unknown, ended or expired.
    core::Result<OperatorSession> session(const QByteArray& token) const;
    /// Ends the session (idempotent).
    core::Result<void> logout(const QByteArray& token);

private:
    core::Result<void> endSessionsOf(const QString& name, bool all);

    CentralStore& m_store;
    const core::Clock& m_clock;
    Cost m_cost;
};

} // namespace lounge::central
