#include "controller/StaffAuthenticator.h"

namespace lounge::app {

core::Result<StaffMember> DemoStaffAuthenticator::authenticate(const QString& pinOrBadge)
{
    QString secret = pinOrBadge.trimmed();
    if (secret.startsWith(QLatin1String("STAFF:"))) {
        secret = secret.mid(6);
    }
    if (secret == QLatin1String(kAgentPin)) {
        return StaffMember {QStringLiteral("demo-agent"), QStringLiteral("Demo Agent"), StaffRole::Agent};
    }
    if (secret == QLatin1String(kSupervisorPin)) {
        return StaffMember {QStringLiteral("demo-supervisor"), QStringLiteral("Demo Supervisor"),
                            StaffRole::Supervisor};
    }
    return core::makeError(core::ErrorCode::Unauthorized, QStringLiteral("wrong PIN"));
}

} // namespace lounge::app
