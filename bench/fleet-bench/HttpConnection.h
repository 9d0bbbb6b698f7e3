#pragma once

// One keep-alive HTTP/1.1 connection of one simulated terminal: one request at a time, event-driven (no threads, no
// blocking waits), so thousands of them run in one thread. QNetworkAccessManager is not used: one manager caps a
// host at 6 connections (thousands of terminals would queue behind 6 sockets and the queueing would be measured as
// server latency), and one manager per terminal costs a thread each.

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QSslCertificate>
#include <QTimer>

#include <functional>
#include <memory>

class QTcpSocket;

namespace fleet {

struct HttpReply
{
    int status = 0; ///< 0: no response (connection failed, closed, or timed out)
    QByteArray body;
    QByteArray error; ///< why status is 0
    qint64 micros = 0; ///< from writing the request to the last byte of the response
    bool retried = false; ///< sent again once on a fresh connection (a keep-alive connection closed under it)
};

class HttpConnection : public QObject
{
    Q_OBJECT
public:
    struct Target
    {
        QHostAddress host = QHostAddress::LocalHost;
        quint16 port = 0;
        bool tls = false;
        QSslCertificate ca; ///< the only CA trusted with tls
    };
    /// `local`: the source address (one per terminal, like a real fleet; nginx limits connections per address).
    HttpConnection(Target target, QHostAddress local, QObject* parent = nullptr);
    ~HttpConnection() override;

    using Done = std::function<void(const HttpReply&)>;
    /// One request; `done` is called exactly once. Only one request may be in flight.
    void request(const QByteArray& method, const QByteArray& path, const QByteArray& headers, const QByteArray& body,
                 Done done);
    bool busy() const { return bool(m_done); }
    int connects() const { return m_connects; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

private:
    void connectSocket();
    void send();
    void onReadyRead();
    void onClosed(const QByteArray& why);
    void finish(HttpReply reply);
    bool parse(); ///< true once a whole response is in m_in

    Target m_target;
    QHostAddress m_local;
    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_request;
    QByteArray m_in;
    Done m_done;
    QElapsedTimer m_clock;
    QTimer m_timer;
    int m_timeoutMs = 30000;
    int m_connects = 0;
    bool m_reused = false; ///< this request went out on a connection that had served one before
    bool m_retried = false;
    bool m_closeAfter = false;
    // parse state
    int m_status = 0;
    qsizetype m_headerEnd = -1;
    qint64 m_length = -1;
    bool m_chunked = false;
    QByteArray m_body;
};

} // namespace fleet
