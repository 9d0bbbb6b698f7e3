#pragma once

#include "CentralCacheView.h"
#include "CentralStore.h"
#include "Clock.h"
#include "CodeVault.h"
#include "DemoData.h"

#include <functional>
#include <optional>

namespace lounge::central {

/// A newly issued credential and its code. The code is returned once to the issuer and kept only sealed.
template<typename T> struct Issued
{
    T value;
    QString code;
};

struct NewMembership
{
    QString id; ///< optional: the issuer's own reference; generated when empty
    QString programId;
    QString holderName;
    QString number;
    QDate validFrom; ///< default today
    QDate validTo; ///< default validFrom + program.defaultValidityDays
    core::MembershipStatus status = core::MembershipStatus::Active;
};

/// Filters of the issuer's booking list (all optional).
struct BookingFilter
{
    QString credentialKey; ///< "M:<id>" / "E:<id>"
    QString resourceId;
    QDate date;
    std::optional<core::BookingStatus> status;
};

/// One page of a keyset list: the items and, when more follow, the id of the last one.
template<typename T> struct ListPage
{
    QList<T> items;
    std::optional<QString> lastId; ///< set when there is a next page
};

/// The issuer's catalogue: resources, programs, memberships and E-passes, each change written as one change record
/// (what the feed sends to terminals). Codes of new credentials are generated here and sealed in the CodeVault.
/// Thread affinity: the store's owner thread. Errors: NotFound (404), Conflict (409: forbidden status change,
/// immutable E-pass, id in use), InvalidArgument (400); storage errors pass through.
class IssuerService
{
public:
    IssuerService(CentralStore& store, const core::Clock& clock, CodeVault& codes);

    core::Result<core::Resource> putResource(const core::Resource& r);
    core::Result<core::Program> putProgram(const core::Program& p, bool mustBeNew);
    /// Retires a resource or a program: terminals receive it as deleted. (Memberships and E-passes are never
    /// deleted: they are cancelled or revoked, which terminals receive as status changes.)
    core::Result<void> deleteResource(const QString& id);
    core::Result<void> deleteProgram(const QString& id);
    core::Result<Issued<core::Membership>> registerMembership(const NewMembership& m);
    core::Result<core::Membership> membership(const QString& id) const;
    core::Result<core::Membership> setValidity(const QString& id, std::optional<QDate> from, QDate to);
    core::Result<core::Membership> suspend(const QString& id);
    core::Result<core::Membership> reactivate(const QString& id, std::optional<QDate> newValidTo);
    core::Result<core::Membership> cancel(const QString& id);
    /// Corrects the holder name and/or the number (nullopt = unchanged), each change audited (who, when, old → new;
    /// corrections()). The number stays unique; terminals receive the corrected membership through the feed, so the
    /// old number no longer finds it. Conflict: number in use, cancelled membership; InvalidArgument: bad value or
    /// nothing to change.
    core::Result<core::Membership> correctMembership(const QString& id, const std::optional<QString>& holderName,
                                                     const std::optional<QString>& number, const QString& actor);
    core::Result<core::Membership> setEntitlement(const QString& id, const core::Entitlement& e);
    core::Result<core::Membership> removeEntitlement(const QString& id, const core::Module& module);
    core::Result<core::Membership> changeTier(const QString& id, const QString& programId, QDateTime effectiveFrom);
    core::Result<Issued<core::EPass>> issueEPass(const core::EPass& spec);
    core::Result<core::EPass> ePass(const QString& id) const;
    core::Result<core::EPass> revokeEPass(const QString& id);
    /// Fast Track pre-bookings (issue 14 §4). A booking goes to the terminals of its resource only (feed audience:
    /// that resource); a cancellation too. NotFound: unknown credential, resource or booking; InvalidArgument: bad
    /// date/window/party/flight; Conflict: cancelling a used or cancelled booking, an id in use.
    core::Result<core::Booking> createBooking(core::Booking spec);
    core::Result<core::Booking> booking(const QString& id) const;
    core::Result<core::Booking> cancelBooking(const QString& id);
    /// Bookings in id order after `afterId`, at most `limit`, matching `filter`.
    core::Result<ListPage<core::Booking>> bookings(const BookingFilter& filter, const QString& afterId,
                                                   int limit) const;
    /// Writes a booking's new state as its change record (also used by the ledger when a visit consumes it).
    static core::Result<qint64> writeBooking(CentralStore& store, const core::Booking& b, const core::Resource& at);

    /// Loads the demo data set (same codes as `lounge-terminal seed-demo`). Idempotent.
    core::Result<void> seedDemo(const core::DemoData& data);

    /// Bulk helpers (demo, benchmark): write one value as a change record.
    core::Result<qint64> writeMembership(const core::Membership& m);
    core::Result<qint64> writeEPass(const core::EPass& e);

private:
    core::Result<core::Membership> mutateMembership(const QString& id,
                                                    const std::function<core::Result<void>(core::Membership&)>& f);

    CentralStore& m_store;
    const core::Clock& m_clock;
    CodeVault& m_codes;
    CentralCacheView m_view;
};

} // namespace lounge::central
