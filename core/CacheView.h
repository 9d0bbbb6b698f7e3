#pragma once

#include "Domain.h"
#include "Result.h"

#include <optional>

namespace lounge::core {

/// What the validator may read. Store implements it over SQLite; every call is a point lookup by index.
class CacheView
{
public:
    virtual ~CacheView() = default;
    virtual Result<std::optional<Resource>> resource(const QString& id) const = 0;
    virtual Result<std::optional<Program>> program(const QString& id) const = 0;
    virtual Result<std::optional<Membership>> membershipByCodeHash(const QByteArray& hash) const = 0;
    virtual Result<std::optional<Membership>> membershipByNumber(const QString& number) const = 0;
    virtual Result<std::optional<Membership>> membershipById(const QString& id) const = 0;
    virtual Result<std::optional<EPass>> ePassByCodeHash(const QByteArray& hash) const = 0;
    virtual Result<std::optional<EPass>> ePassById(const QString& id) const = 0;
    /// Used visits in one pool and period: central's acknowledged count + this terminal's records central has
    /// not reflected yet (voids count negative).
    virtual Result<int> used(const CredentialRef& credential, const Module& module, Pool pool,
                             const QString& period) const = 0;
    /// used() of several pools of one credential, module and period, in the order asked (a membership's validation
    /// reads its three pools at once: one round of lookups instead of three).
    virtual Result<QList<int>> usedInPools(const CredentialRef& credential, const Module& module,
                                           const QList<Pool>& pools, const QString& period) const
    {
        QList<int> out;
        for (Pool pool : pools) {
            auto n = used(credential, module, pool, period);
            if (!n) {
                return n.error();
            }
            out.append(*n);
        }
        return out;
    }
    /// Latest non-voided redemption of this credential at this resource.
    virtual Result<std::optional<QDateTime>> lastUse(const CredentialRef& credential,
                                                     const QString& resourceId) const = 0;
    /// What a validation reads of one credential's use: usedInPools() (none asked: an empty list) and lastUse() at
    /// this resource, read together (the store answers both with one statement instead of two).
    struct Use
    {
        QList<int> used; ///< parallel to the pools asked
        std::optional<QDateTime> lastUse;
    };
    virtual Result<Use> usedAndLastUse(const CredentialRef& credential, const Module& module, const QList<Pool>& pools,
                                       const QString& period, const QString& resourceId) const
    {
        auto used = pools.isEmpty() ? Result<QList<int>>(QList<int>()) : usedInPools(credential, module, pools, period);
        if (!used) {
            return used.error();
        }
        auto last = lastUse(credential, resourceId);
        if (!last) {
            return last.error();
        }
        return Use {*used, *last};
    }
    /// Bookings of this credential at this resource whose local date lies in [from, to] (Fast Track pre-bookings).
    /// A booking a standing visit already consumed is Used, whether central said so yet or only this terminal's
    /// journal knows. The default (a cache that holds no bookings) has none.
    virtual Result<QList<Booking>> bookings(const CredentialRef& credential, const QString& resourceId,
                                            const QDate& from, const QDate& to) const
    {
        Q_UNUSED(credential);
        Q_UNUSED(resourceId);
        Q_UNUSED(from);
        Q_UNUSED(to);
        return QList<Booking>();
    }
    /// The latest standing visit (not voided, not rejected by central) at this resource in [fromUtc, toUtc) that
    /// recorded this boarding-pass leg (FlightRecord::legKey, the holder's or a guest's): "this boarding pass was
    /// already used here today". One indexed lookup. The default (a cache without a journal) has none.
    virtual Result<std::optional<QDateTime>> boardingPassUsedAt(const QByteArray& legKey, const QString& resourceId,
                                                                const QDateTime& fromUtc, const QDateTime& toUtc) const
    {
        Q_UNUSED(legKey);
        Q_UNUSED(resourceId);
        Q_UNUSED(fromUtc);
        Q_UNUSED(toUtc);
        return std::optional<QDateTime>();
    }
    /// Last time the cache was successfully brought up to date with central (invalid = never).
    virtual Result<QDateTime> lastSync() const = 0;
};

} // namespace lounge::core
