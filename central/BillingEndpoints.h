#pragma once

#include "BillingService.h"
#include "CentralServer.h"

namespace lounge::central {

/// The issuer endpoints of partner billing (docs/api.md, "Partner billing"), behind the issuer key:
/// PUT/GET rates/{program}/{resource}/{fromMonth}, GET rates (paginated), GET statements (paginated),
/// GET statements.csv, POST statements/close.
class BillingEndpoints
{
public:
    /// Adds the routes to CentralServer's table; `billing` must outlive it.
    static void addRoutes(CentralServer::Routes& routes, BillingService& billing);
};

} // namespace lounge::central
