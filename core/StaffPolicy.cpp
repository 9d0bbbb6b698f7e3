#include "StaffPolicy.h"

namespace lounge::core {

QString toString(StaffRole role)
{
    return role == StaffRole::Supervisor ? QStringLiteral("SUPERVISOR") : QStringLiteral("AGENT");
}

std::optional<StaffRole> staffRoleFromString(const QString& s)
{
    if (s == QLatin1String("AGENT")) {
        return StaffRole::Agent;
    }
    if (s == QLatin1String("SUPERVISOR")) {
        return StaffRole::Supervisor;
    }
    return std::nullopt;
}

QString toString(StaffAction action)
{
    switch (action) {
    case StaffAction::Admit:
        return QStringLiteral("ADMIT");
    case StaffAction::ViewHistory:
        return QStringLiteral("VIEW_HISTORY");
    case StaffAction::Void:
        return QStringLiteral("VOID");
    case StaffAction::ChangeSettings:
        return QStringLiteral("CHANGE_SETTINGS");
    case StaffAction::ForceSync:
        return QStringLiteral("FORCE_SYNC");
    case StaffAction::SignOutOthers:
        return QStringLiteral("SIGN_OUT_OTHERS");
    case StaffAction::ExportReport:
        return QStringLiteral("EXPORT_REPORT");
    }
    return QStringLiteral("UNKNOWN");
}

bool StaffPolicy::allows(StaffRole role, StaffAction action)
{
    switch (action) {
    case StaffAction::Admit:
    case StaffAction::ViewHistory:
        return true;
    case StaffAction::Void:
    case StaffAction::ChangeSettings:
    case StaffAction::ForceSync:
    case StaffAction::SignOutOthers:
    case StaffAction::ExportReport:
        return role == StaffRole::Supervisor;
    }
    return false; // an action added later is denied until someone decides otherwise
}

Result<void> StaffPolicy::check(const StaffSession& session, StaffAction action)
{
    if (session.staffId.isEmpty()) {
        return makeError(ErrorCode::Unauthorized, QStringLiteral("nobody is signed in"));
    }
    if (!allows(session.role, action)) {
        return makeError(ErrorCode::Forbidden, QStringLiteral("%1 needs a supervisor").arg(toString(action)));
    }
    return {};
}

} // namespace lounge::core
