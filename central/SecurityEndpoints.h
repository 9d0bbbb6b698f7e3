#pragma once

#include "CentralSecurity.h"
#include "CentralServer.h"

namespace lounge::central {

/// The issuer endpoints of the security layer (docs/api.md, "Security"), routes behind the issuer key:
/// GET {memberships|epasses}/{id}/token[.png] (a fresh dynamic token for the member app),
/// PUT/DELETE staff/{id}, GET staff, GET keys, POST keys/rotate, GET journal-breaks.
class SecurityEndpoints
{
public:
    /// Adds the routes to CentralServer's table; `security` must outlive it.
    static void addRoutes(CentralServer::Routes& routes, CentralSecurity& security);
};

} // namespace lounge::central
