#pragma once

#include "Clock.h"
#include "Result.h"
#include "SecurityStore.h"
#include "Staff.h"

namespace lounge::core {

class Store;

/// What a sign-in attempt came to. Store failures are Result errors; refusals are values.
struct SignInOutcome
{
    enum class Status
    {
        SignedIn,
        WrongCredentials, ///< unknown id or wrong PIN (deliberately not told apart)
        LockedOut, ///< too many failures: wait until retryAfter
        Inactive, ///< right PIN, account disabled by central
        NotAllowedHere, ///< right PIN, account not valid at this site/terminal
    };
    Status status = Status::WrongCredentials;
    std::optional<StaffSession> session; ///< set when SignedIn
    QDateTime retryAfter; ///< set when LockedOut (also after the failure that triggered it)
    int failures = 0; ///< consecutive failures so far for this id
};

/// Staff sign-in against the accounts central synced, with lock-out and exponential back-off: after
/// maxFailures consecutive failures an id is locked for baseLockSeconds, doubling with every further failure up
/// to maxLockSeconds. Failures persist in the store, so a restart does not reset them.
/// Runs on the store's owner thread; Argon2id verification takes ~0.1-0.5 s (never call it on the GUI thread).
class StaffDirectory
{
public:
    struct Options
    {
        QString terminalId;
        QString resourceId;
        QString airport;
        int maxFailures = 5;
        int baseLockSeconds = 30;
        int maxLockSeconds = 3600;
    };

    StaffDirectory(Store& store, const Clock& clock, Options options);

    Result<SignInOutcome> signIn(const QString& staffId, const QString& pin);
    /// The account behind an id (nullopt when unknown).
    Result<std::optional<StaffAccount>> account(const QString& staffId) const;
    /// Current role of an id that is active and allowed here; Forbidden otherwise. AccessService uses it to
    /// re-check a session's rights at the moment of the action (central may have demoted or disabled it).
    Result<StaffRole> currentRole(const QString& staffId) const;
    const Options& options() const { return m_options; }

private:
    Result<SignInOutcome> fail(const QString& staffId, StaffLockout lockout, const QDateTime& now);

    SecurityStore m_security;
    const Clock& m_clock;
    Options m_options;
};

} // namespace lounge::core
