#pragma once

#include "Result.h"
#include "Staff.h"
#include "crypto/TokenTrust.h"
#include "sqlite/Database.h"

#include <QList>

namespace lounge::core {

class Store;

/// Sign-in failures of one staff id, persisted so a restart does not reset the back-off.
struct StaffLockout
{
    int failures = 0; ///< consecutive failures since the last success
    QDateTime lockedUntil; ///< terminal clock (UTC); invalid = not locked
    bool operator==(const StaffLockout&) const = default;
};

/// The security tables of the terminal's store file: token public keys, the replay guard, the clock offset,
/// staff accounts and sign-in lock-outs. A thin view over the Store's connection: same owner thread, and a
/// call joins the caller's open transaction (AccessService::redeem records a token use in the visit's).
class SecurityStore final : public TokenTrust
{
public:
    explicit SecurityStore(Store& store);
    explicit SecurityStore(sqlite::Database& db);

    /// Forgotten seen tokens must be unusable anyway: they are kept this long past their last valid instant.
    static constexpr int kReplayPruneMarginSeconds = 600;

    // ---- TokenTrust
    Result<std::optional<TokenKey>> tokenKey(quint16 id) const override;
    Result<ClockTrust> clockTrust() const override;
    Result<bool> tokenSeen(const QByteArray& tokenId) const override;

    Result<QList<TokenKey>> tokenKeys() const;
    Result<void> upsertTokenKey(const TokenKey& key);
    Result<void> deleteTokenKey(quint16 id);
    /// Stores central time - terminal clock as measured by sync at `measuredAt` (terminal clock).
    Result<void> setClockOffset(qint64 offsetMs, const QDateTime& measuredAt);
    /// Consumes a token; prunes entries whose expiry lies more than kReplayPruneMarginSeconds before `now`.
    /// Conflict when the token was already consumed.
    Result<void> recordTokenUse(const QByteArray& tokenId, const QDateTime& expiresAt, const QDateTime& now);
    Result<int> seenTokenCount() const;

    Result<std::optional<StaffAccount>> staffAccount(const QString& id) const;
    Result<QList<StaffAccount>> staffAccounts() const;
    Result<int> staffCount() const;
    Result<void> upsertStaff(const StaffAccount& account);
    Result<void> deleteStaff(const QString& id);
    Result<StaffLockout> lockout(const QString& staffId) const;
    Result<void> setLockout(const QString& staffId, const StaffLockout& lockout);

private:
    Result<int> countRows(const QString& sql) const;
    sqlite::Database& m_db;
};

} // namespace lounge::core
