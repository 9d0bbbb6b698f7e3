#pragma once

#include "CentralSecurity.h"
#include "CentralServer.h"

#include <optional>

class QHttpServerRequest;

namespace lounge::central {

/// The issuer endpoints of the security layer (docs/api.md, "Security"), behind the issuer key CentralServer
/// already checked: GET {memberships|epasses}/{id}/token[.png] (a fresh dynamic token for the member app),
/// PUT/DELETE staff/{id}, GET staff, GET keys, POST keys/rotate, GET journal-breaks.
/// nullopt = not a security endpoint (CentralServer goes on with its own routes).
class SecurityEndpoints
{
public:
    static std::optional<CentralServer::Reply> issuer(CentralSecurity& security, const QHttpServerRequest& request,
                                                      const QStringList& path);
};

} // namespace lounge::central
