#pragma once

#include "CentralServer.h"

namespace lounge::central {

/// The issuer's read side and membership corrections over HTTP (docs/api.md, "Lists", "Corrections", "Effective
/// entitlements", "Fleet status"), routes behind the issuer key:
/// GET memberships | epasses | programs | resources | terminals (keyset pages, `pagination`), GET resources/{id},
/// PATCH memberships/{id} (holder name / number, audited), GET memberships/{id}/corrections,
/// GET memberships/{id}/entitlements, GET {memberships|epasses}/{id}/visits.
class IssuerQueryEndpoints
{
public:
    /// Adds the routes; `service` must outlive the table. `issuerActor` names the issuer key in the audit
    /// ("issuer-key:<fingerprint>").
    static void addRoutes(CentralServer::Routes& routes, CentralService& service, const QString& issuerActor);
    /// "issuer-key:" + the first 8 hex digits of SHA-256(key): names the key in audits without revealing it.
    static QString issuerActor(const QByteArray& issuerKey);
    /// One terminal of GET /v1/issuer/terminals (also `lounge-central report terminals --json`); `now`: central's
    /// clock.
    static QJsonObject terminalJson(const FleetEntry& entry, const QDateTime& now);
};

} // namespace lounge::central
