#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpServer>

#include <memory>
#include <vector>

class QTcpSocket;

namespace lounge::sync::test {

/// A TCP proxy in front of central that misbehaves on demand, one request at a time: refuses connections,
/// answers 500, holds a response past the client's timeout, truncates or garbles it, drops it after central
/// committed, or delivers the request twice. Real sockets on 127.0.0.1; no HTTP library in between.
class FaultProxy : public QObject
{
    Q_OBJECT
public:
    enum class Fault
    {
        None,
        Http500, ///< central never sees the request
        Slow, ///< response held `slowMs` (central committed)
        Truncated, ///< half the body, then close (central committed)
        InvalidJson, ///< a 200 with a broken body (central committed)
        DropResponse, ///< connection closed instead of the response (central committed)
        Duplicate, ///< the request reaches central twice; the client sees the first answer
    };

    explicit FaultProxy(quint16 upstreamPort, QObject* parent = nullptr);
    ~FaultProxy() override;
    quint16 port() const { return m_server.serverPort(); }
    /// After `after` more matching requests pass, the next `times` whose request line contains `pathPart` get
    /// `fault`.
    void failNext(Fault fault, const QByteArray& pathPart, int times = 1, int after = 0);
    void clearFaults() { failNext(Fault::None, {}, 0); }
    /// Central down: every connection is refused (closed at once).
    void setDown(bool down) { m_down = down; }
    int slowMs = 1500;
    int faultsInjected() const { return m_injected; }
    /// Every byte the clients sent through the proxy (the real requests: line, headers, bodies), in arrival order.
    const QByteArray& received() const { return m_received; }

private:
    struct Conn;
    void accept();
    void fromClient(Conn* c);
    void fromUpstream(Conn* c);
    void close(Conn* c);

    std::vector<std::unique_ptr<Conn>> m_conns; ///< bookkeeping lives as long as the proxy
    QTcpServer m_server;
    quint16 m_upstreamPort;
    bool m_down = false;
    Fault m_fault = Fault::None;
    QByteArray m_pathPart;
    int m_times = 0;
    int m_after = 0;
    int m_injected = 0;
    QByteArray m_received;
};

} // namespace lounge::sync::test
