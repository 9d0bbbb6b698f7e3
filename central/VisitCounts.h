#pragma once

#include "CentralServer.h"
#include "CentralService.h"

namespace lounge::central {

/// Visits per day and per hour of one lounge in one month, in the lounge's own time (docs/api.md, "Operator
/// console"): what the console's chart draws. GET /v1/issuer/resources/{id}/visit-counts?month=YYYY-MM, behind the
/// issuer key or a console session. Counts standing visits (accepted or flagged, not voided) and, apart, walk-in /
/// paid entries; reads the same rows as the billing statement (CentralStore::billingVisits), so the month's total
/// equals the statement's visits.
class VisitCounts
{
public:
    static void addRoutes(CentralServer::Routes& routes, CentralService& service);
};

} // namespace lounge::central
