#pragma once

#include "CentralCacheView.h"
#include "CentralStore.h"

#include <optional>

namespace lounge::central::counters {

/// Audience module of records no terminal receives (central's own bookkeeping: terminal clocks, counters no desk
/// reads). The feed sends a record only to terminals whose resource's module equals a non-empty audience module.
extern const QString kCentralOnly;

/// Which terminals receive a usage counter (issue 12, docs/api.md "Which usage counters a terminal receives").
///
/// A desk reads a membership's counter (module M, pool P) only for a membership whose effective entitlement for M
/// (the tier's program with the membership's overrides, core::Validator step 6) counts P (not unlimited) and whose
/// scope covers the desk's resource (step 7). So the counter goes to the terminals of module M inside the union of
/// those entitlements' scopes, over every tier of the membership (a tier change may take effect later without a
/// write); with no such entitlement it goes to no terminal (kCentralOnly). Status and validity windows are not
/// looked at: they never make a counter relevant that the rule above leaves out. An E-pass's counter goes where its
/// E-pass goes (its usages are always counted).
///
/// Sets `rec.audienceModule`/`rec.audienceScope` of membership `m`'s counter (module, pool). Missing programs are
/// skipped (their desks answer UNKNOWN_CODE); storage errors pass through.
core::Result<void> setMembershipAudience(const CentralCacheView& view, const core::Membership& m,
                                         const core::Module& module, core::Pool pool, ChangeRecord& rec);

/// Whether a terminal at `resource` receives the full record `rec` (the feed's audience rule).
bool audienceCovers(const ChangeRecord& rec, const core::Resource& resource);

// Keeping the rule true when something changes. A change can only widen a counter's audience through the
// membership, a program or a resource; each re-emit below re-writes (new seq, current value, new audience) every
// counter whose audience the change widens, in the caller's transaction. The caller then writes the changed
// record again, so in the feed the counters come before the change that makes them readable: a terminal that
// applied the change has applied them too (docs/api.md). A narrowed audience is left as it is (more terminals get
// the counter's next change than need it, never fewer). Each returns how many counters it re-wrote.

/// After membership `m` (as now stored) changed: its counters (prefix scan of its ids).
core::Result<int> reemitForMembership(CentralStore& store, const CentralCacheView& view, const core::Membership& m);
/// After program `programId` changed: the counters of every membership with that program in a tier (scans the
/// membership counters; issuer changes to programs are rare).
core::Result<int> reemitForProgram(CentralStore& store, const CentralCacheView& view, const QString& programId);
/// After resource `after` changed module or airport: every counter a terminal there receives now and did not
/// before (scans all counters).
core::Result<int> reemitForResource(CentralStore& store, const std::optional<core::Resource>& before,
                                    const core::Resource& after);

} // namespace lounge::central::counters
