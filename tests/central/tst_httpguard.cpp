// HttpGuard's header deadline (central/HttpGuard.h, HttpLimits::headerTimeoutMs) against the real CentralServer in
// this process: it is for connections that are slow to send their headers or idle between requests, never for a
// request central is still answering. A handler that takes longer than the header timeout (the issuer's program read
// made slow in the store, as a COUNT over 2 M rows or a billing statement is) still delivers its whole reply; once
// the reply is written the idle keep-alive connection is closed after the header timeout, and a client that sends
// half its headers is still cut off. Before the fix the guard restarted the header deadline at the end of the
// request and aborted the connection while the handler was working: the client saw "connection closed".
#include "CentralUnderTest.h"
#include "RecordingCentralStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QtTest>

using namespace lounge;

namespace {

constexpr int kHeaderTimeoutMs = 300;
constexpr int kSlowHandlerMs = 3 * kHeaderTimeoutMs;

/// A raw keep-alive connection whose received bytes and disconnection are collected by the event loop (the server
/// runs in this thread: never block on the socket).
class RawConnection
{
public:
    explicit RawConnection(quint16 port)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, [this] {
            if (reading) {
                received += socket.readAll();
            }
        });
        QObject::connect(&socket, &QTcpSocket::disconnected, [this] { closed = true; });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }
    bool connected() { return socket.state() == QAbstractSocket::ConnectedState; }

    /// The complete replies received so far (status line, headers and Content-Length bytes of body each).
    QList<QByteArray> replies() const
    {
        QList<QByteArray> out;
        qsizetype at = 0;
        const QRegularExpression length(QStringLiteral("(?i)\r\ncontent-length:\\s*(\\d+)"));
        while (true) {
            const qsizetype end = received.indexOf("\r\n\r\n", at);
            if (end < 0) {
                break;
            }
            const auto m = length.match(QString::fromLatin1(received.mid(at, end - at)));
            const qsizetype total = end + 4 - at + (m.hasMatch() ? m.captured(1).toLongLong() : 0);
            if (received.size() - at < total) {
                break;
            }
            out << received.mid(at, total);
            at += total;
        }
        return out;
    }

    QTcpSocket socket;
    QByteArray received;
    bool closed = false;
    bool reading = true; ///< false: a client that stops reading its answer
};

QByteArray programRequest(const QByteArray& key)
{
    return "GET /v1/issuer/programs/GOLD HTTP/1.1\r\nHost: central\r\nAuthorization: Bearer " + key + "\r\n\r\n";
}

} // namespace

class TestHttpGuard : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void slowAnswerArrivesWhole();
    void slowBigAnswerArrivesWhole();
    void slowAnswerLeavesTheConnectionUsable();
    void slowAnswerToABodyArrivesWhole();
    void pipelinedSlowAnswersArriveWhole();
    void idleKeepAliveIsClosedAfterTheAnswer();
    void halfHeadersAreStillCutOff();
    void unreadAnswerIsClosedByTheAnswerBound();

private:
    /// Program GOLD's stored name made 16 MiB long: its GET answer is far bigger than the socket buffers.
    void makeGoldBig();

    std::unique_ptr<test::CentralUnderTest> m_central;
    test::RecordingCentralStore* m_store = nullptr;
};

void TestHttpGuard::init()
{
    m_central = std::make_unique<test::CentralUnderTest>();
    test::CentralSetup setup;
    setup.server.http.headerTimeoutMs = kHeaderTimeoutMs;
    if (QTest::currentTestFunction() == QByteArrayLiteral("unreadAnswerIsClosedByTheAnswerBound")) {
        setup.server.http.answerTimeoutMs = 3 * kHeaderTimeoutMs;
    }
    setup.wrapStore = [this](std::unique_ptr<central::CentralStore> inner) {
        auto wrapped = std::make_unique<test::RecordingCentralStore>(std::move(inner));
        m_store = wrapped.get();
        return wrapped;
    };
    QVERIFY(m_central->start(setup));
}

void TestHttpGuard::cleanup()
{
    m_central.reset();
    m_store = nullptr;
}

void TestHttpGuard::slowAnswerArrivesWhole()
{
    m_store->slowRecordMs = kSlowHandlerMs;
    RawConnection c(m_central->port);
    QTRY_VERIFY_WITH_TIMEOUT(c.connected(), 5000);
    c.socket.write(programRequest(m_central->issuerKey));
    QTRY_VERIFY_WITH_TIMEOUT(c.closed || !c.replies().isEmpty(), 15000);
    QVERIFY2(!c.replies().isEmpty(), "the connection was closed while central was still answering");
    const QByteArray reply = c.replies().constFirst();
    QVERIFY2(reply.startsWith("HTTP/1.1 200"), reply.constData());
    QVERIFY(reply.contains("GOLD"));
}

void TestHttpGuard::makeGoldBig()
{
    auto gold = m_store->record(QStringLiteral("program"), QStringLiteral("GOLD"));
    QVERIFY(gold && gold->has_value());
    central::ChangeRecord big = **gold;
    QJsonObject body = QJsonDocument::fromJson(big.body).object();
    body[QStringLiteral("name")] = QString(16 * 1024 * 1024, QLatin1Char('n'));
    big.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    QVERIFY(m_store->putRecord(big));
}

void TestHttpGuard::slowBigAnswerArrivesWhole()
{
    // An answer far bigger than the loopback socket buffers (a feed page on a kiosk's link): it is still being written
    // when the handler returns, so a deadline that ran during the handler aborts the socket and loses it.
    makeGoldBig();
    QVERIFY(!QTest::currentTestFailed());

    m_store->slowRecordMs = kSlowHandlerMs;
    RawConnection c(m_central->port);
    QTRY_VERIFY_WITH_TIMEOUT(c.connected(), 5000);
    c.socket.write(programRequest(m_central->issuerKey));
    QTRY_VERIFY_WITH_TIMEOUT(c.closed || !c.replies().isEmpty(), 30000);
    QVERIFY2(
        !c.replies().isEmpty(),
        qPrintable(QStringLiteral("the connection was closed after %1 of the answer's bytes").arg(c.received.size())));
    const QByteArray reply = c.replies().constFirst();
    QVERIFY2(reply.startsWith("HTTP/1.1 200"), reply.left(200).constData());
    QVERIFY(reply.size() > 16 * 1024 * 1024);
}

void TestHttpGuard::slowAnswerLeavesTheConnectionUsable()
{
    // The kiosk's client reuses its keep-alive connection at once for the next request: it is answered.
    m_store->slowRecordMs = kSlowHandlerMs;
    RawConnection c(m_central->port);
    QTRY_VERIFY_WITH_TIMEOUT(c.connected(), 5000);
    QObject::connect(&c.socket, &QTcpSocket::readyRead, [&c, key = m_central->issuerKey, sent = false]() mutable {
        if (!sent && c.replies().size() == 1) {
            sent = true;
            c.socket.write(programRequest(key));
        }
    });
    c.socket.write(programRequest(m_central->issuerKey));
    QTRY_VERIFY_WITH_TIMEOUT(c.closed || c.replies().size() == 2, 15000);
    QCOMPARE(c.replies().size(), 2);
}

void TestHttpGuard::slowAnswerToABodyArrivesWhole()
{
    // A request with a body (the deadline was restarted at the body's end): the issuer's PUT of a program, which reads
    // the stored program first; the client reuses the connection for its next request as soon as the answer is in.
    auto gold = m_store->record(QStringLiteral("program"), QStringLiteral("GOLD"));
    QVERIFY(gold && gold->has_value());
    const QByteArray body = (*gold)->body; // the program as the issuer sent it (core/Json.h)

    m_store->slowRecordMs = kSlowHandlerMs;
    RawConnection c(m_central->port);
    QTRY_VERIFY_WITH_TIMEOUT(c.connected(), 5000);
    QObject::connect(&c.socket, &QTcpSocket::readyRead, [&c, key = m_central->issuerKey, sent = false]() mutable {
        if (!sent && c.replies().size() == 1) {
            sent = true;
            c.socket.write(programRequest(key));
        }
    });
    c.socket.write("PUT /v1/issuer/programs/GOLD HTTP/1.1\r\nHost: central\r\nAuthorization: Bearer "
                   + m_central->issuerKey + "\r\nContent-Type: application/json\r\nContent-Length: "
                   + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QTRY_VERIFY_WITH_TIMEOUT(c.closed || c.replies().size() == 2, 15000);
    QCOMPARE(c.replies().size(), 2);
    QVERIFY2(c.replies().constFirst().startsWith("HTTP/1.1 200"), c.replies().constFirst().right(300).constData());
    QVERIFY2(c.replies().constLast().startsWith("HTTP/1.1 200"), c.replies().constLast().left(300).constData());
    // Both answers out, the connection idle: closed by the header deadline.
    QTRY_VERIFY_WITH_TIMEOUT(c.closed, 10 * kHeaderTimeoutMs);
}

void TestHttpGuard::pipelinedSlowAnswersArriveWhole()
{
    m_store->slowRecordMs = kSlowHandlerMs;
    RawConnection c(m_central->port);
    QTRY_VERIFY_WITH_TIMEOUT(c.connected(), 5000);
    c.socket.write(programRequest(m_central->issuerKey) + programRequest(m_central->issuerKey));
    QTRY_VERIFY_WITH_TIMEOUT(c.closed || c.replies().size() == 2, 15000);
    QCOMPARE(c.replies().size(), 2);
    for (const QByteArray& reply : c.replies()) {
        QVERIFY2(reply.startsWith("HTTP/1.1 200"), reply.constData());
    }
    // Both answers out: the connection is idle, and the header deadline (not the long answer bound) closes it.
    QTRY_VERIFY_WITH_TIMEOUT(c.closed, 10 * kHeaderTimeoutMs);
}

void TestHttpGuard::idleKeepAliveIsClosedAfterTheAnswer()
{
    // A slow answer first: the idle deadline runs from the end of the answer, and it still runs.
    m_store->slowRecordMs = kSlowHandlerMs;
    RawConnection c(m_central->port);
    QTRY_VERIFY_WITH_TIMEOUT(c.connected(), 5000);
    c.socket.write(programRequest(m_central->issuerKey));
    QTRY_VERIFY_WITH_TIMEOUT(c.closed || !c.replies().isEmpty(), 15000);
    QCOMPARE(c.replies().size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(c.closed, 10 * kHeaderTimeoutMs);
    QCOMPARE(c.replies().size(), 1);

    // A fast answer, then silence: closed as well.
    m_store->slowRecordMs = 0;
    RawConnection fast(m_central->port);
    QTRY_VERIFY_WITH_TIMEOUT(fast.connected(), 5000);
    fast.socket.write(programRequest(m_central->issuerKey));
    QTRY_VERIFY_WITH_TIMEOUT(fast.closed || !fast.replies().isEmpty(), 15000);
    QCOMPARE(fast.replies().size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(fast.closed, 10 * kHeaderTimeoutMs);
}

void TestHttpGuard::halfHeadersAreStillCutOff()
{
    RawConnection slow(m_central->port);
    QTRY_VERIFY_WITH_TIMEOUT(slow.connected(), 5000);
    slow.socket.write("GET /v1/issuer/programs/GOLD HTTP/1.1\r\nHost: central\r\nX-Slow: ");
    QTRY_VERIFY_WITH_TIMEOUT(slow.closed, 10 * kHeaderTimeoutMs);
    QVERIFY(slow.replies().isEmpty());

    // After a complete answer, half of the next request's headers: cut off too.
    RawConnection after(m_central->port);
    QTRY_VERIFY_WITH_TIMEOUT(after.connected(), 5000);
    after.socket.write(programRequest(m_central->issuerKey));
    QTRY_VERIFY_WITH_TIMEOUT(after.closed || !after.replies().isEmpty(), 15000);
    QCOMPARE(after.replies().size(), 1);
    after.socket.write("GET /v1/issuer/programs/GOLD HTTP/1.1\r\nHost: central\r\nX-Slow: ");
    QTRY_VERIFY_WITH_TIMEOUT(after.closed, 10 * kHeaderTimeoutMs);
    QCOMPARE(after.replies().size(), 1);
}

void TestHttpGuard::unreadAnswerIsClosedByTheAnswerBound()
{
    // The header deadline no longer covers an answer being written; a client that stops reading a big answer is still
    // not kept for ever: the answer bound (HttpLimits::answerTimeoutMs, here 900 ms) closes it.
    makeGoldBig();
    QVERIFY(!QTest::currentTestFailed());
    RawConnection c(m_central->port);
    c.reading = false;
    c.socket.setReadBufferSize(64 * 1024);
    QTRY_VERIFY_WITH_TIMEOUT(c.connected(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_central->server->guard()->openConnections(), 1, 5000);
    c.socket.write(programRequest(m_central->issuerKey));
    QTRY_COMPARE_WITH_TIMEOUT(m_central->server->guard()->openConnections(), 0, 15000);
}

QTEST_MAIN(TestHttpGuard)
#include "tst_httpguard.moc"
