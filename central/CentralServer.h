#pragma once

#include "CentralService.h"
#include "HttpGuard.h"
#include "RouteTable.h"

#include <QHostAddress>
#include <QObject>

#include <QSslConfiguration>

#include <memory>
#include <optional>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace lounge::central {

class CentralSecurity;
class OperatorAuth;

/// The HTTP face of CentralService (docs/api.md). Every endpoint is authenticated: the issuer key for
/// /v1/issuer/*, terminal credentials for /v1/terminal/* (except enroll, which takes a one-time code).
/// Requests are judged strictly: oversize bodies (413), malformed JSON, wrong types and unknown fields (400)
/// change nothing. Requests are routed by one table (method + path pattern + auth + handler): a path no route knows
/// is 404, a known path with another method 405 with Allow; under /v1/issuer and /v1/terminal both come after the
/// credentials are checked. Thread affinity: the thread that owns the service and its store.
class CentralServer : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QByteArray issuerKey;
        qint64 maxBodyBytes = 2 * 1024 * 1024;
        /// Connection caps and timeouts enforced before QHttpServer reads a request (maxBodyBytes is copied in).
        HttpLimits http;
        int defaultPageSize = 2000;
        int maxUploadBatch = 1000;
    };
    CentralServer(CentralService& service, Options options, QObject* parent = nullptr);
    ~CentralServer() override;

    /// Adds the security layer's endpoints and the journal-chain check on upload (optional; not owned; once, before
    /// listen()).
    void setSecurity(CentralSecurity* security);
    /// Adds the operator console (assets, login; the issuer API then also takes a console session cookie, with a CSRF
    /// header on writes). Not owned; once, before listen().
    void setConsole(OperatorAuth* auth);
    /// Serves TLS from now on (call before listen()).
    void useTls(const QSslConfiguration& configuration);
    /// Returns the bound port (port 0 = any free port).
    core::Result<quint16> listen(const QHostAddress& address, quint16 port);

    struct Reply
    {
        Reply(int status = 200, QByteArray body = {}, QByteArray contentType = "application/json")
            : status(status)
            , body(std::move(body))
            , contentType(std::move(contentType))
        { }
        int status;
        QByteArray body;
        QByteArray contentType;
        QByteArray allow; ///< the Allow header of a 405
        QList<std::pair<QByteArray, QByteArray>> headers; ///< more headers (Set-Cookie, Retry-After)

        /// The one error mapping of every endpoint: 400/401/403/404/409 for refusals, 503 for a busy or full
        /// database (worth retrying), 500 otherwise; body {"error": CODE, "reason": detail}.
        static Reply fromError(const core::Error& error);
    };

    /// One routed request: the request, the values of the route's `{name}` segments, and (for RouteAuth::Terminal)
    /// the terminal it authenticated as.
    struct Call
    {
        const QHttpServerRequest& request;
        QStringList args;
        TerminalRecord terminal;
        /// Who an issuer request acts for, for audits: "operator:<name>" through the console, empty for the issuer key
        /// (the handler names the key then).
        QString actor;
        QString arg(int i) const { return args.value(i); }
    };
    using Handler = std::function<Reply(const Call&)>;
    using Routes = RouteTable<Handler>;

    /// The route of a request path for logs and metrics: ids replaced by {id} (e.g. /v1/issuer/memberships/{id}).
    static QString pathPattern(const QString& path);

signals:
    void requestHandled(const QString& method, const QString& path, int status);

private:
    void handle(const QHttpServerRequest& request, QHttpServerResponder& responder);
    Reply dispatch(const QHttpServerRequest& request);
    /// Whether the issuer key in an Authorization header is right (constant time).
    bool issuerKeyMatches(const QByteArray& token) const;
    /// The credentials a route (or, for an unknown path, its prefix) requires; a reply when they are missing.
    std::optional<Reply> authorize(RouteAuth auth, Call& call);
    void addIssuerRoutes();
    void addTerminalRoutes();
    Reply health();
    Reply changes(const Call& call);
    Reply upload(const Call& call);
    Reply redeem(const Call& call);

    CentralService& m_service;
    CentralSecurity* m_security = nullptr;
    OperatorAuth* m_console = nullptr;
    Options m_options;
    std::optional<QSslConfiguration> m_tls;
    std::unique_ptr<HttpGuard> m_guard; ///< outlives the server and its sockets (declared first)
    std::unique_ptr<QHttpServer> m_http;
    Routes m_routes;
    QString m_requestTerminal; ///< the terminal the current request authenticated as (for the request log)

public:
    /// The guard in front of QHttpServer (after listen()); for tests and the request log.
    const HttpGuard* guard() const { return m_guard.get(); }
};

} // namespace lounge::central
