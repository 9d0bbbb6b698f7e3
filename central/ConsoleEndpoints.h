#pragma once

#include "CentralServer.h"
#include "OperatorAuth.h"

#include <functional>

class QHttpServerRequest;

namespace lounge::central {

/// The operator console (docs/api.md, "Operator console"): its static assets under /console/ (compiled in as Qt
/// resources, no third-party host) and its session endpoints POST /console/api/login, POST /console/api/logout,
/// GET /console/api/session. The pages themselves call the issuer API with the session cookie (CentralServer checks
/// it, and the CSRF header on writes, where it would check the issuer key).
class ConsoleEndpoints
{
public:
    static constexpr const char* kCookieName = "lounge_console";
    static constexpr const char* kCsrfHeader = "X-CSRF-Token";

    /// Adds the routes; `auth` must outlive the table. `secure(request)`: whether the cookie gets the Secure flag
    /// (central serves TLS, or the front says X-Forwarded-Proto: https).
    static void addRoutes(CentralServer::Routes& routes, OperatorAuth& auth,
                          std::function<bool(const QHttpServerRequest&)> secure);

    /// The session token of the request's cookie (empty when none).
    static QByteArray sessionToken(const QHttpServerRequest& request);
    static QByteArray sessionToken(const QByteArray& cookieHeader);
    /// A request whose Origin (when sent) is not this server's own: refused before any state changes.
    static bool crossOrigin(const QHttpServerRequest& request);
    /// The live session of a cookie-authenticated write: the CSRF header must match the session's token.
    static bool csrfMatches(const QHttpServerRequest& request, const OperatorSession& session);
};

} // namespace lounge::central
