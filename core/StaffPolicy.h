#pragma once

#include "Result.h"
#include "Staff.h"

namespace lounge::core {

/// Things a signed-in staff member may ask the kiosk to do.
enum class StaffAction
{
    Admit, ///< validate and record visits
    ViewHistory,
    Void, ///< refund a recorded visit
    ChangeSettings,
    ForceSync,
    SignOutOthers,
    ExportReport, ///< write the end-of-shift report to a file (CSV/PDF)
};

QString toString(StaffAction action);

/// Role-based permissions, GUI-free: the kiosk asks before showing or running an action, and core re-checks
/// where it matters (AccessService::voidRedemption). Reentrant.
class StaffPolicy
{
public:
    static bool allows(StaffRole role, StaffAction action);
    /// Forbidden (with the action in the detail) when the session's role may not do it.
    static Result<void> check(const StaffSession& session, StaffAction action);
};

} // namespace lounge::core
