#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>

class QTcpServer;
class QTcpSocket;
class QSslConfiguration;

namespace lounge::central {

/// What central checks itself before Qt's HTTP server reads a request (QHttpServer 6.4 buffers a whole body before
/// any handler runs and has no connection limits). The guard sits between the listening socket and QHttpServer: it
/// hands QHttpServer only connections within the caps, and on every readyRead it sees the bytes first (its slot is
/// connected before QHttpServer's), so a request whose headers announce too big a body, a chunked body, or no valid
/// credentials is answered (413/411/401) and its body discarded as it arrives — never buffered. Requests that do
/// not complete their headers in time, and idle keep-alive connections, are closed; a request central is still
/// answering is not (its header deadline starts again once the answer has been written out). The production front
/// (nginx, packaging/nginx/lounge-central.conf) adds TLS and the same limits per client address in front of it.
struct HttpLimits
{
    qint64 maxBodyBytes = 2 * 1024 * 1024;
    qint64 maxUnauthenticatedBodyBytes = 4 * 1024; ///< enrollment and console login (no credentials yet)
    int maxHeaderBytes = 16 * 1024;
    /// From accept, or from the end of the last answer (all its bytes written), to the end of the next request's
    /// headers: a client slow to send headers, or a keep-alive connection left idle. It does not run while central is
    /// answering (a handler can take seconds: a feed page's COUNT over 2 M rows, a billing statement).
    int headerTimeoutMs = 10000;
    int bodyTimeoutMs = 30000; ///< from the end of the headers to the end of the body
    /// From the end of a request to the end of its answer written out: only a safety bound (a connection that is never
    /// answered, or a client that stops reading its answer, is not kept for ever). Generous: the slowest handlers take
    /// seconds, and a kiosk on a slow link reads a 2 MiB feed page in tens of seconds.
    int answerTimeoutMs = 120000;
    int maxConnections = 1024;
    int maxConnectionsPerClient = 256;
    /// The reverse proxy's own source addresses (`--proxy-address`; packaged: nginx's `proxy_bind`). Connections from
    /// them count towards maxConnections only: behind a proxy every kiosk's request arrives from the proxy, and the
    /// proxy caps each real client itself (nginx `limit_conn`). Every other address keeps its per-client cap.
    QList<QHostAddress> proxyAddresses;
};

class HttpGuard : public QObject
{
    Q_OBJECT
public:
    /// `authorized(path, authorizationHeader, cookieHeader)`: whether the credentials may send a body to `path`
    /// (checked before the body is read). /v1/terminal/enroll and /console/api/login need none.
    using Authorizer
        = std::function<bool(const QByteArray& path, const QByteArray& authorization, const QByteArray& cookie)>;
    HttpGuard(HttpLimits limits, Authorizer authorized, QObject* parent = nullptr);
    ~HttpGuard() override;

    /// A listening server (plain or TLS) whose connections pass through this guard.
    QTcpServer* createServer(const QSslConfiguration* tls, QObject* parent);

    int openConnections() const { return m_total; }
    qint64 refusedConnections() const { return m_refusedConnections; }
    const HttpLimits& limits() const { return m_limits; }

    /// Called by the server: whether to hand `socket` to QHttpServer (false: it has been answered 503 and closed).
    bool admit(QTcpSocket* socket);

private:
    friend class ConnectionGuard;
    void released(const QString& client);

    HttpLimits m_limits;
    Authorizer m_authorized;
    QHash<QString, int> m_perClient;
    int m_total = 0;
    qint64 m_refusedConnections = 0;
};

} // namespace lounge::central
