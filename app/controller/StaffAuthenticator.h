#pragma once

#include "Result.h"
#include "controller/KioskTypes.h"

namespace lounge::app {

/// Checks a staff PIN or a scanned staff badge code. Runs on the store worker thread (a real implementation
/// hashes with Argon2id, which takes a noticeable time). Errors: Unauthorized (wrong secret), Forbidden (locked
/// out), anything else = the staff directory is unavailable.
class StaffAuthenticator
{
public:
    virtual ~StaffAuthenticator() = default;
    virtual core::Result<StaffMember> authenticate(const QString& pinOrBadge) = 0;
};

/// Until staff accounts are provisioned: two demo accounts, PIN 1234 (agent) and 2468 (supervisor), also
/// accepted as badge codes "STAFF:1234" / "STAFF:2468". Only used when the cache holds no staff accounts.
class DemoStaffAuthenticator final : public StaffAuthenticator
{
public:
    static constexpr auto kAgentPin = "1234";
    static constexpr auto kSupervisorPin = "2468";
    core::Result<StaffMember> authenticate(const QString& pinOrBadge) override;
};

} // namespace lounge::app
