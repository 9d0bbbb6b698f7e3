#pragma once

#include "CacheView.h"
#include "CentralStore.h"
#include "Clock.h"

namespace lounge::central {

/// core::CacheView over central's own store, so central judges an online redemption with the very rules the
/// kiosk uses (core::Validator). Central is the authority: its cache is never stale.
class CentralCacheView final : public core::CacheView
{
public:
    CentralCacheView(const CentralStore& store, const core::Clock& clock)
        : m_store(store)
        , m_clock(clock)
    { }

    core::Result<std::optional<core::Resource>> resource(const QString& id) const override;
    core::Result<std::optional<core::Program>> program(const QString& id) const override;
    core::Result<std::optional<core::Membership>> membershipByCodeHash(const QByteArray& hash) const override;
    core::Result<std::optional<core::Membership>> membershipByNumber(const QString& number) const override;
    core::Result<std::optional<core::Membership>> membershipById(const QString& id) const override;
    core::Result<std::optional<core::EPass>> ePassByCodeHash(const QByteArray& hash) const override;
    core::Result<std::optional<core::EPass>> ePassById(const QString& id) const override;
    core::Result<int> used(const core::CredentialRef& credential, const core::Module& module, core::Pool pool,
                           const QString& period) const override;
    core::Result<std::optional<QDateTime>> lastUse(const core::CredentialRef& credential,
                                                   const QString& resourceId) const override;
    core::Result<QList<core::Booking>> bookings(const core::CredentialRef& credential, const QString& resourceId,
                                                const QDate& from, const QDate& to) const override;
    core::Result<QDateTime> lastSync() const override { return m_clock.now(); }

    /// The usage record id of one counter.
    static QString usageId(const QString& credentialKey, const core::Module& module, core::Pool pool,
                           const QString& period);

private:
    const CentralStore& m_store;
    const core::Clock& m_clock;
};

} // namespace lounge::central
