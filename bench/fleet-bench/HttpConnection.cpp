#include "HttpConnection.h"

#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>

namespace fleet {

namespace {

qsizetype headerValueStart(const QByteArray& headers, const QByteArray& lowerName)
{
    // headers are lower-cased by the caller; names start a line
    const qsizetype at = headers.indexOf("\r\n" + lowerName + ':');
    return at < 0 ? -1 : at + 3 + lowerName.size();
}

QByteArray headerValue(const QByteArray& lowerHeaders, const QByteArray& lowerName)
{
    const qsizetype start = headerValueStart(lowerHeaders, lowerName);
    if (start < 0) {
        return {};
    }
    const qsizetype end = lowerHeaders.indexOf("\r\n", start);
    return lowerHeaders.mid(start, end < 0 ? -1 : end - start).trimmed();
}

} // namespace

HttpConnection::HttpConnection(Target target, QHostAddress local, QObject* parent)
    : QObject(parent)
    , m_target(std::move(target))
    , m_local(std::move(local))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] { onClosed("timeout"); });
}

HttpConnection::~HttpConnection()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void HttpConnection::request(const QByteArray& method, const QByteArray& path, const QByteArray& headers,
                             const QByteArray& body, Done done)
{
    Q_ASSERT(!m_done);
    m_done = std::move(done);
    m_request = method + ' ' + path + " HTTP/1.1\r\nHost: central\r\n" + headers;
    if (!body.isEmpty() || method == "POST" || method == "PUT") {
        m_request += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    }
    m_request += "\r\n" + body;
    m_retried = false;
    m_clock.start();
    m_timer.start(m_timeoutMs);
    send();
}

void HttpConnection::connectSocket()
{
    ++m_connects;
    if (m_target.tls) {
        auto ssl = std::make_unique<QSslSocket>();
        QSslConfiguration c = QSslConfiguration::defaultConfiguration();
        c.setCaCertificates({m_target.ca});
        c.setPeerVerifyMode(QSslSocket::VerifyPeer);
        ssl->setSslConfiguration(c);
        m_socket = std::move(ssl);
    } else {
        m_socket = std::make_unique<QTcpSocket>();
    }
    QTcpSocket* s = m_socket.get();
    if (!m_local.isNull()) {
        s->bind(m_local, 0);
    }
    connect(s, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(s, &QTcpSocket::disconnected, this, [this, s] {
        if (m_socket.get() == s) {
            onClosed("closed by server");
        }
    });
    connect(s, &QTcpSocket::errorOccurred, this, [this, s](QAbstractSocket::SocketError e) {
        if (m_socket.get() == s && e != QAbstractSocket::RemoteHostClosedError) {
            onClosed("socket error: " + s->errorString().toUtf8());
        }
    });
    if (auto* ssl = qobject_cast<QSslSocket*>(s)) {
        connect(ssl, &QSslSocket::sslErrors, this, [this, s](const QList<QSslError>& errors) {
            if (m_socket.get() == s) {
                onClosed("TLS: " + (errors.isEmpty() ? QByteArray() : errors.first().errorString().toUtf8()));
            }
        });
        ssl->connectToHostEncrypted(m_target.host.toString(), m_target.port);
    } else {
        s->connectToHost(m_target.host, m_target.port);
    }
}

void HttpConnection::send()
{
    m_reused = m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
    if (!m_reused) {
        if (m_socket) {
            m_socket->disconnect(this);
            m_socket.release()->deleteLater();
        }
        connectSocket();
    }
    m_in.clear();
    m_status = 0;
    m_headerEnd = -1;
    m_length = -1;
    m_chunked = false;
    m_closeAfter = false;
    m_body.clear();
    m_socket->write(m_request); // buffered until connected (and, with TLS, encrypted)
}

void HttpConnection::onReadyRead()
{
    m_in += m_socket->readAll();
    if (m_done && parse()) {
        HttpReply r;
        r.status = m_status;
        r.body = std::move(m_body);
        r.micros = m_clock.nsecsElapsed() / 1000;
        r.retried = m_retried;
        if (m_closeAfter) {
            m_socket->disconnect(this);
            m_socket->close();
            m_socket.release()->deleteLater();
        }
        finish(std::move(r));
    }
}

void HttpConnection::onClosed(const QByteArray& why)
{
    if (!m_done) {
        if (m_socket) { // an idle keep-alive connection the server closed: open a new one with the next request
            m_socket->disconnect(this);
            m_socket.release()->deleteLater();
        }
        return;
    }
    if (why != "timeout" && m_reused && !m_retried && m_in.isEmpty()) {
        // The server closed an idle keep-alive connection just as this request went out: send it once more on a new
        // connection (what every HTTP client does; counted as a retry).
        m_retried = true;
        if (m_socket) {
            m_socket->disconnect(this);
            m_socket.release()->deleteLater();
        }
        send();
        return;
    }
    HttpReply r;
    r.error = why;
    r.micros = m_clock.nsecsElapsed() / 1000;
    r.retried = m_retried;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket.release()->deleteLater();
    }
    finish(std::move(r));
}

void HttpConnection::finish(HttpReply reply)
{
    m_timer.stop();
    Done done = std::move(m_done);
    m_done = nullptr;
    done(reply);
}

bool HttpConnection::parse()
{
    if (m_headerEnd < 0) {
        m_headerEnd = m_in.indexOf("\r\n\r\n");
        if (m_headerEnd < 0) {
            return false;
        }
        const QByteArray head = m_in.left(m_headerEnd + 2).toLower();
        m_status = head.startsWith("http/1.") ? head.mid(9, 3).toInt() : 0;
        const QByteArray length = headerValue(head, "content-length");
        m_length = length.isEmpty() ? -1 : length.toLongLong();
        m_chunked = headerValue(head, "transfer-encoding").contains("chunked");
        m_closeAfter = headerValue(head, "connection") == "close" || head.startsWith("http/1.0");
        if (m_status == 204 || m_status == 304) {
            m_length = 0;
        }
    }
    const qsizetype bodyStart = m_headerEnd + 4;
    if (m_chunked) {
        qsizetype at = bodyStart;
        QByteArray body;
        for (;;) {
            const qsizetype eol = m_in.indexOf("\r\n", at);
            if (eol < 0) {
                return false;
            }
            bool ok = false;
            const qint64 size = m_in.mid(at, eol - at).split(';').value(0).trimmed().toLongLong(&ok, 16);
            if (!ok) {
                m_status = 0;
                return true;
            }
            if (size == 0) {
                if (m_in.indexOf("\r\n\r\n", eol) < 0 && m_in.size() < eol + 4) {
                    return false;
                }
                m_body = body;
                return true;
            }
            if (m_in.size() < eol + 2 + size + 2) {
                return false;
            }
            body += m_in.mid(eol + 2, size);
            at = eol + 2 + size + 2;
        }
    }
    if (m_length < 0) {
        m_closeAfter = true; // body until close: not what central or nginx send; treat what came as the body
        m_body = m_in.mid(bodyStart);
        return m_socket->state() != QAbstractSocket::ConnectedState;
    }
    if (m_in.size() < bodyStart + m_length) {
        return false;
    }
    m_body = m_in.mid(bodyStart, m_length);
    return true;
}

} // namespace fleet
