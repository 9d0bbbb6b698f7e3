#include "FaultProxy.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace lounge::sync::test {

struct FaultProxy::Conn
{
    QPointer<QTcpSocket> client;
    QPointer<QTcpSocket> upstream;
    QPointer<QTcpSocket> duplicate;
    bool pending = false; ///< a request was forwarded, its response has not started
    Fault fault = Fault::None;
};

FaultProxy::FaultProxy(quint16 upstreamPort, QObject* parent)
    : QObject(parent)
    , m_upstreamPort(upstreamPort)
{
    m_server.listen(QHostAddress::LocalHost, 0);
    connect(&m_server, &QTcpServer::newConnection, this, &FaultProxy::accept);
}

FaultProxy::~FaultProxy()
{
    // The sockets outlive m_conns (they die with m_server or their parent socket, after this body): cut their
    // signals to us first, or a socket's own destructor (disconnectFromHost) calls back into freed bookkeeping.
    for (const auto& c : m_conns) {
        for (QTcpSocket* s : {c->client.data(), c->upstream.data(), c->duplicate.data()}) {
            if (s) {
                s->disconnect(this);
                s->abort();
            }
        }
    }
    m_server.close();
}

void FaultProxy::failNext(Fault fault, const QByteArray& pathPart, int times, int after)
{
    m_after = after;
    m_fault = fault;
    m_pathPart = pathPart;
    m_times = times;
}

void FaultProxy::accept()
{
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        if (m_down) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        m_conns.push_back(std::make_unique<Conn>());
        Conn* c = m_conns.back().get();
        c->client = socket;
        c->upstream = new QTcpSocket(socket);
        c->upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
        connect(socket, &QTcpSocket::readyRead, this, [this, c] { fromClient(c); });
        connect(c->upstream, &QTcpSocket::readyRead, this, [this, c] { fromUpstream(c); });
        connect(socket, &QTcpSocket::disconnected, this, [this, c] { close(c); });
        connect(c->upstream, &QTcpSocket::disconnected, this, [c] {
            if (c->client) {
                c->client->disconnectFromHost();
            }
        });
    }
}

void FaultProxy::fromClient(Conn* c)
{
    if (!c->client) {
        return;
    }
    const QByteArray data = c->client->readAll();
    m_received += data;
    if (m_down) {
        c->client->abort();
        return;
    }
    if (!c->pending) {
        // The start of a request: decide its fate from the request line.
        c->pending = true;
        c->fault = Fault::None;
        const QByteArray line = data.left(data.indexOf("\r\n"));
        if (m_times > 0 && line.contains(m_pathPart) && m_after-- <= 0) {
            --m_times;
            ++m_injected;
            c->fault = m_fault;
        }
        if (c->fault == Fault::Http500) {
            const QByteArray body = R"({"error":"INTERNAL","reason":"injected"})";
            c->client->write("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nConnection: "
                             "close\r\nContent-Length: "
                             + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            c->client->disconnectFromHost();
            return;
        }
        if (c->fault == Fault::Duplicate) {
            c->duplicate = new QTcpSocket(c->client);
            c->duplicate->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
        }
    }
    if (c->fault == Fault::Http500) {
        return;
    }
    if (c->duplicate) {
        c->duplicate->write(data);
    }
    if (c->upstream) {
        c->upstream->write(data);
    }
}

void FaultProxy::fromUpstream(Conn* c)
{
    if (!c->upstream || !c->client) {
        return;
    }
    const QByteArray data = c->upstream->readAll();
    const Fault fault = c->pending ? c->fault : Fault::None;
    c->pending = false;
    c->fault = Fault::None;
    switch (fault) {
    case Fault::None:
    case Fault::Duplicate:
    case Fault::Http500:
        c->client->write(data);
        return;
    case Fault::DropResponse:
        c->client->abort();
        return;
    case Fault::Truncated: {
        const int headerEnd = data.indexOf("\r\n\r\n");
        const int bodyStart = headerEnd < 0 ? 0 : headerEnd + 4;
        c->client->write(data.left(bodyStart + (data.size() - bodyStart) / 2));
        c->client->disconnectFromHost();
        return;
    }
    case Fault::InvalidJson: {
        const QByteArray body = R"({"results":[{"id":)";
        c->client->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                         + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        c->client->disconnectFromHost();
        return;
    }
    case Fault::Slow: {
        QPointer<QTcpSocket> client = c->client;
        QTimer::singleShot(slowMs, this, [client, data] {
            if (client && client->state() == QAbstractSocket::ConnectedState) {
                client->write(data);
            }
        });
        return;
    }
    }
}

void FaultProxy::close(Conn* c)
{
    if (c->upstream) {
        c->upstream->abort();
    }
    if (c->client) {
        c->client->deleteLater(); // takes its child sockets along
    }
}

} // namespace lounge::sync::test
