#pragma once

#include "CentralCacheView.h"
#include "CentralStore.h"
#include "Clock.h"
#include "Pagination.h"

#include <optional>

namespace lounge::central {

/// One page of a list: the items and the cursor of the next page (nullopt on the last).
template<typename T> struct Page
{
    QList<T> items;
    std::optional<QString> nextCursor;
};

struct MembershipFilter
{
    QString number; ///< exact
    QString namePrefix; ///< holder name starts with (ASCII letters in any case)
    std::optional<core::MembershipStatus> status;
    QString program; ///< the program in force now (central's clock)
};

struct EPassFilter
{
    QString namePrefix; ///< last name starts with (ASCII letters in any case)
    std::optional<core::EPassStatus> status;
    QString module;
};

struct ResourceFilter
{
    QString module;
    QString airport;
};

/// A membership's allowance in one pool for the period that contains `EffectiveEntitlements::date`.
struct PoolBalance
{
    core::Pool pool = core::Pool::Cardholder;
    QString period; ///< quota period key ("V", "Y2026", "M2026-11", "D2026-11-27")
    bool unlimited = false;
    int allowance = 0;
    int used = 0;
};

struct EffectiveEntitlement
{
    core::Entitlement entitlement;
    bool overridden = false; ///< the membership's own entitlement replaces the program's (or adds one)
    bool inForce = true; ///< its own validFrom/validTo (if any) contains the date
    QList<PoolBalance> balances;
};

/// Program defaults merged with the membership's overrides, with what is left today.
struct EffectiveEntitlements
{
    QString membershipId;
    QString programId; ///< in force now
    QDateTime now; ///< central's clock (UTC)
    QString timeZone; ///< the resource's when one was named, else "UTC"
    QDate date; ///< today in timeZone: the date whose quota periods are shown
    QList<EffectiveEntitlement> entitlements;
    QStringList removed; ///< modules of the program that the membership's overrides remove
};

/// The issuer's read side (issue 15 §1): keyset-paginated lists with filters, a resource by id, a membership's
/// effective entitlements, its correction audit, and a credential's visits. Reads only; no writer lock.
/// Thread affinity: the store's owner thread. Errors: NotFound (unknown id), InvalidArgument (bad cursor for the
/// list); storage errors pass through.
class IssuerQueries
{
public:
    IssuerQueries(const CentralStore& store, const core::Clock& clock);

    core::Result<Page<core::Membership>> memberships(const MembershipFilter& filter,
                                                     const pagination::PageRequest& page) const;
    core::Result<Page<core::EPass>> ePasses(const EPassFilter& filter, const pagination::PageRequest& page) const;
    core::Result<Page<core::Program>> programs(const pagination::PageRequest& page) const;
    core::Result<Page<core::Resource>> resources(const ResourceFilter& filter,
                                                 const pagination::PageRequest& page) const;
    core::Result<core::Resource> resource(const QString& id) const;
    /// `resourceId` empty: today in UTC.
    core::Result<EffectiveEntitlements> entitlements(const QString& membershipId, const QString& resourceId) const;
    /// Oldest first; cursor key (at, id).
    core::Result<Page<MembershipCorrection>> corrections(const QString& membershipId,
                                                         const pagination::PageRequest& page) const;
    /// Newest first; cursor key (at, id).
    core::Result<Page<StoredRedemption>> visits(const core::CredentialRef& credential,
                                                const pagination::PageRequest& page) const;

private:
    template<typename T, typename Parse, typename Keep>
    core::Result<Page<T>> recordList(RecordQuery query, const pagination::PageRequest& page, Parse parse,
                                     Keep keep) const;

    const CentralStore& m_store;
    const core::Clock& m_clock;
    CentralCacheView m_view;
};

} // namespace lounge::central
