#include "HttpGuard.h"

#include <algorithm>

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPointer>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

Q_LOGGING_CATEGORY(lcHttpGuard, "lounge.central.guard")

namespace lounge::central {

namespace {

QByteArray rawReply(int status, const char* text, const QString& error, const QString& reason)
{
    const QByteArray body
        = QJsonDocument(QJsonObject {{"error", error}, {"reason", reason}}).toJson(QJsonDocument::Compact);
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + text
        + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

/// A listening socket whose accepted connections go through HttpGuard::admit before QHttpServer sees them.
template<typename Base> class GuardedServer final : public Base
{
public:
    GuardedServer(HttpGuard& guard, QObject* parent)
        : Base(parent)
        , m_guard(guard)
    { }
    QTcpSocket* nextPendingConnection() override
    {
        while (QTcpSocket* socket = Base::nextPendingConnection()) {
            if (m_guard.admit(socket)) {
                return socket;
            }
        }
        return nullptr;
    }

private:
    HttpGuard& m_guard;
};

} // namespace

/// Per-connection state: the byte stream is followed request by request (headers, then Content-Length bytes).
class ConnectionGuard : public QObject
{
public:
    ConnectionGuard(HttpGuard& guard, QTcpSocket* socket, QString client)
        : QObject(socket)
        , m_guard(guard)
        , m_socket(socket)
        , m_client(std::move(client))
    {
        m_deadline.setSingleShot(true);
        connect(&m_deadline, &QTimer::timeout, this, [this] {
            qCInfo(lcHttpGuard) << "closing a connection from" << m_client
                                << (m_inBody               ? "that did not finish its body"
                                        : m_unanswered > 0 ? "whose answer was not written out in time"
                                                           : "idle or slow to send headers");
            release();
            m_socket->abort();
        });
        m_deadline.start(m_guard.m_limits.headerTimeoutMs);
        // Connected before QHttpServer connects its own slot: runs first on every readyRead.
        connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::inspect);
        connect(socket, &QTcpSocket::bytesWritten, this, &ConnectionGuard::written);
        if (auto* tls = qobject_cast<QSslSocket*>(socket)) {
            // TLS: bytesWritten reports plain bytes encrypted; the answer is out when the encrypted bytes are.
            connect(tls, &QSslSocket::encryptedBytesWritten, this, &ConnectionGuard::written);
        }
        connect(socket, &QTcpSocket::disconnected, this, &ConnectionGuard::release);
    }
    ~ConnectionGuard() override { release(); }

private:
    void release()
    {
        if (m_counted) {
            m_counted = false;
            m_guard.released(m_client);
        }
    }

    void refuse(int status, const char* text, const QString& error, const QString& reason)
    {
        qCInfo(lcHttpGuard) << "refused before reading the body:" << status << reason << "from" << m_client;
        m_refused = true;
        m_socket->skip(m_socket->bytesAvailable()); // QHttpServer's slot, next in line, finds nothing to parse
        m_socket->write(rawReply(status, text, error, reason));
        // Half-close once the answer is out, and keep discarding what still arrives: closing with unread data would
        // reset the connection and the client could lose the answer. A client that keeps sending is cut off.
        auto shutDownWrite = [socket = QPointer<QTcpSocket>(m_socket)] {
            if (socket && socket->bytesToWrite() == 0 && socket->socketDescriptor() >= 0) {
                ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
            }
        };
        connect(m_socket, &QTcpSocket::bytesWritten, this, shutDownWrite);
        m_socket->flush();
        shutDownWrite();
        m_deadline.start(5000);
    }

    void inspect()
    {
        if (m_refused) {
            m_socket->skip(m_socket->bytesAvailable());
            return;
        }
        const HttpLimits& limits = m_guard.m_limits;
        const qint64 available = m_socket->bytesAvailable();
        qint64 offset = 0;
        while (offset < available) {
            if (m_remaining > 0) {
                const qint64 take = std::min(m_remaining, available - offset);
                m_remaining -= take;
                offset += take;
                if (m_remaining == 0) {
                    m_inBody = false;
                    requestComplete();
                }
                continue;
            }
            // Headers: look at most maxHeaderBytes ahead, never at the body.
            const qint64 want = std::min<qint64>(available, offset + limits.maxHeaderBytes + 4 - m_head.size());
            const QByteArray chunk = m_socket->peek(want).mid(offset);
            const qsizetype before = m_head.size();
            m_head += chunk;
            const qsizetype end = m_head.indexOf("\r\n\r\n");
            if (end < 0) {
                if (m_head.size() > limits.maxHeaderBytes) {
                    return refuse(431, "Request Header Fields Too Large", QStringLiteral("HEADERS_TOO_LARGE"),
                                  QStringLiteral("headers over %1 bytes").arg(limits.maxHeaderBytes));
                }
                offset += chunk.size();
                continue;
            }
            offset += end + 4 - before;
            const QByteArray head = m_head.left(end);
            m_head.clear();
            if (!judge(head)) {
                return;
            }
        }
    }

    /// One request's headers: false when it was refused.
    bool judge(const QByteArray& head)
    {
        const HttpLimits& limits = m_guard.m_limits;
        const QList<QByteArray> lines = head.split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        const QByteArray target = requestLine.value(1);
        const QByteArray path = target.left(target.indexOf('?') < 0 ? target.size() : target.indexOf('?'));
        qint64 length = 0;
        bool chunked = false;
        bool badLength = false;
        int lengthHeaders = 0;
        QByteArray authorization;
        QByteArray cookie;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length") {
                bool ok = false;
                length = value.toLongLong(&ok);
                badLength |= !ok || length < 0;
                ++lengthHeaders;
            } else if (name == "transfer-encoding") {
                chunked = true;
            } else if (name == "authorization") {
                authorization = value;
            } else if (name == "cookie") {
                cookie = value;
            }
        }
        if (chunked) {
            refuse(411, "Length Required", QStringLiteral("LENGTH_REQUIRED"),
                   QStringLiteral("send the body with Content-Length"));
            return false;
        }
        if (badLength || lengthHeaders > 1) {
            refuse(400, "Bad Request", QStringLiteral("INVALID_ARGUMENT"), QStringLiteral("bad Content-Length"));
            return false;
        }
        // Routes that take no credentials: enrollment (its one-time code is in the body), the console's login (name and
        // password in the body) and the load balancer's health check (any body it is sent is refused by the route, 405,
        // after at most the small unauthenticated limit).
        const bool open = path == "/v1/terminal/enroll" || path == "/v1/health" || path == "/console/api/login";
        const qint64 limit = open ? limits.maxUnauthenticatedBodyBytes : limits.maxBodyBytes;
        if (length > limit) {
            refuse(413, "Payload Too Large", QStringLiteral("PAYLOAD_TOO_LARGE"),
                   QStringLiteral("body over %1 bytes").arg(limit));
            return false;
        }
        if (length > 0 && !open && !m_guard.m_authorized(path, authorization, cookie)) {
            refuse(401, "Unauthorized", QStringLiteral("UNAUTHORIZED"),
                   QStringLiteral("credentials required before a body is accepted"));
            return false;
        }
        m_remaining = length;
        m_inBody = length > 0;
        if (m_inBody) {
            m_deadline.start(limits.bodyTimeoutMs);
        } else {
            requestComplete();
        }
        return true;
    }

    /// A request's headers (and body) are all in: it is central's to answer. The header deadline does not run while
    /// it is answered (a slow handler must not lose its answer); only the answer's safety bound does.
    void requestComplete()
    {
        ++m_unanswered;
        m_deadline.start(m_guard.m_limits.answerTimeoutMs);
    }

    /// Bytes of an answer went out. Once everything written is out, the answers are delivered and the connection is
    /// idle (or sending its next request): the header deadline runs again from here. Central answers in its handler,
    /// which QHttpServer calls right after inspect() for every request it has read; requests a client pipelined that
    /// QHttpServer has not read yet are still in the socket (bytesAvailable), so only one answer counts as delivered
    /// then, and the rest when their own bytes are out. (Two answers flushed at once leave the count high: such a
    /// connection is closed by the answer bound instead of the header deadline — late, never early.)
    void written()
    {
        const auto* tls = qobject_cast<const QSslSocket*>(m_socket);
        if (m_refused || m_unanswered == 0 || m_socket->bytesToWrite() > 0
            || (tls && tls->encryptedBytesToWrite() > 0)) {
            return; // refuse() has its own deadline; nothing owed; an answer still being written
        }
        m_unanswered = m_socket->bytesAvailable() > 0 ? m_unanswered - 1 : 0;
        if (m_unanswered == 0 && !m_inBody) {
            m_deadline.start(m_guard.m_limits.headerTimeoutMs);
        }
    }

    HttpGuard& m_guard;
    QTcpSocket* m_socket;
    QString m_client;
    QTimer m_deadline;
    QByteArray m_head;
    qint64 m_remaining = 0;
    int m_unanswered = 0; ///< requests complete (headers, and body if any) whose answer is not yet written out
    bool m_inBody = false;
    bool m_refused = false;
    bool m_counted = true;
};

HttpGuard::HttpGuard(HttpLimits limits, Authorizer authorized, QObject* parent)
    : QObject(parent)
    , m_limits(limits)
    , m_authorized(std::move(authorized))
{ }

HttpGuard::~HttpGuard() = default;

QTcpServer* HttpGuard::createServer(const QSslConfiguration* tls, QObject* parent)
{
    QTcpServer* server = nullptr;
    if (tls) {
        auto* ssl = new GuardedServer<QSslServer>(*this, parent);
        ssl->setSslConfiguration(*tls);
        ssl->setHandshakeTimeout(m_limits.headerTimeoutMs);
        server = ssl;
    } else {
        server = new GuardedServer<QTcpServer>(*this, parent);
    }
    server->setMaxPendingConnections(m_limits.maxConnections);
    return server;
}

bool HttpGuard::admit(QTcpSocket* socket)
{
    const QHostAddress peer = socket->peerAddress();
    const QString client = peer.toString();
    const bool proxy
        = std::any_of(m_limits.proxyAddresses.cbegin(), m_limits.proxyAddresses.cend(),
                      [&](const QHostAddress& a) { return a.isEqual(peer, QHostAddress::TolerantConversion); });
    int& mine = m_perClient[client];
    if (m_total >= m_limits.maxConnections || (!proxy && mine >= m_limits.maxConnectionsPerClient)) {
        ++m_refusedConnections;
        if (m_refusedConnections == 1 || m_refusedConnections % 1000 == 0) {
            qCWarning(lcHttpGuard) << "connection limit reached (" << m_total << "open," << mine << "from" << client
                                   << "): refusing new connections," << m_refusedConnections << "so far";
        }
        if (mine == 0) {
            m_perClient.remove(client);
        }
        socket->write(
            rawReply(503, "Service Unavailable", QStringLiteral("BUSY"), QStringLiteral("too many connections")));
        socket->disconnectFromHost();
        QTimer::singleShot(2000, socket, [socket] { socket->abort(); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        return false;
    }
    ++mine;
    ++m_total;
    new ConnectionGuard(*this, socket, client);
    return true;
}

void HttpGuard::released(const QString& client)
{
    --m_total;
    auto it = m_perClient.find(client);
    if (it != m_perClient.end() && --it.value() <= 0) {
        m_perClient.erase(it);
    }
}

} // namespace lounge::central
