// The terminal reads every reply of central with the one strict reader and the protocol's envelopes: a reply that is
// malformed, ambiguous (a repeated key), of the wrong type, incomplete or out of range is a Protocol error, never a
// silently defaulted value. Central here is a canned HTTP responder on 127.0.0.1 (real sockets, real HTTP).
#include "CentralClient.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

using namespace lounge;

namespace {

/// Answers every request with `status` and `body`, then closes the connection.
class CannedCentral : public QObject
{
public:
    CannedCentral()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = m_server.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [this, s] {
                    m_request += s->readAll();
                    const qsizetype end = m_request.indexOf("\r\n\r\n");
                    if (end < 0) {
                        return;
                    }
                    // The request's body (if any) is not needed: answer once the headers are in.
                    s->write("HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: application/json\r\n"
                             + "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n"
                             + body);
                    s->disconnectFromHost();
                    m_request.clear();
                });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }

    int status = 200;
    QByteArray body;

private:
    QTcpServer m_server;
    QByteArray m_request;
};

/// Runs one CentralClient call to completion and returns its result.
template<typename T, typename Call> core::Result<T> await(Call&& call)
{
    std::optional<core::Result<T>> out;
    call([&](core::Result<T> r) { out = std::move(r); });
    if (!QTest::qWaitFor([&] { return out.has_value(); }, 10000)) {
        return core::makeError(core::ErrorCode::Timeout, QStringLiteral("no callback"));
    }
    return *out;
}

} // namespace

class TestClientReplies : public QObject
{
    Q_OBJECT
private slots:
    void feedPage_data();
    void feedPage();
    void uploadReply_data();
    void uploadReply();
    void redeemReply_data();
    void redeemReply();
    void enrollReply_data();
    void enrollReply();
    void errorReplyKeepsItsStatus();
    void feedPagesOnTheFeedThread();
};

void TestClientReplies::feedPage_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("usable");
    QTest::newRow("a page") << QByteArray(R"({"cursor":12,"more":false,"scanned":0})") << true;
    // Before the strict reader: the last "cursor" won (118 < 120: a terminal would skip back, or skip ahead).
    QTest::newRow("repeated cursor") << QByteArray(R"({"cursor":120,"more":false,"cursor":118})") << false;
    QTest::newRow("cursor beyond 2^53") << QByteArray(R"({"cursor":9007199254740993})") << false;
    QTest::newRow("more as a string") << QByteArray(R"({"cursor":12,"more":"false"})") << false;
    QTest::newRow("invalid UTF-8 in a record")
        << QByteArray("{\"cursor\":12,\"deleted\":{\"ePasses\":[\"E-\xff\"]}}") << false;
    QTest::newRow("trailing garbage") << QByteArray(R"({"cursor":12} {"cursor":13})") << false;
}

void TestClientReplies::feedPage()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, usable);
    CannedCentral central;
    central.body = body;
    sync::CentralClient client(central.url());
    auto r = await<sync::FeedReply>([&](auto done) { client.changes(0, 100, false, done); });
    QCOMPARE(bool(r), usable);
    if (!usable) {
        QVERIFY2(r.error().code == core::ErrorCode::Protocol, qPrintable(r.error().toString()));
    }
}

void TestClientReplies::uploadReply_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("usable");
    const QByteArray id = "\"6f1c1f7e-8a43-4c49-9d8e-3f7b1b6e2a10\"";
    QTest::newRow("a result") << QByteArray(R"({"results":[{"id":)" + id + R"(,"status":"accepted","serverSeq":7}]})")
                              << true;
    // Before: a missing list was an empty one (the batch stayed pending with no reason given).
    QTest::newRow("results missing") << QByteArray(R"({})") << false;
    // Before: "7" read as 0 (acknowledged at sequence 0).
    QTest::newRow("serverSeq as a string")
        << QByteArray(R"({"results":[{"id":)" + id + R"(,"status":"accepted","serverSeq":"7"}]})") << false;
    QTest::newRow("serverSeq missing") << QByteArray(R"({"results":[{"id":)" + id + R"(,"status":"accepted"}]})")
                                       << false;
    QTest::newRow("repeated status") << QByteArray(R"({"results":[{"id":)" + id
                                                   + R"(,"status":"rejected","serverSeq":7,"status":"accepted"}]})")
                                     << false;
}

void TestClientReplies::uploadReply()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, usable);
    CannedCentral central;
    central.body = body;
    sync::CentralClient client(central.url());
    auto r = await<QList<sync::UploadItemResult>>([&](auto done) { client.upload({}, {}, done); });
    QCOMPARE(bool(r), usable);
    if (!usable) {
        QVERIFY2(r.error().code == core::ErrorCode::Protocol, qPrintable(r.error().toString()));
    }
}

void TestClientReplies::redeemReply_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("usable");
    const QByteArray decision = R"("verdict":"ACCEPT","reason":"OK","party":1,"at":"2026-11-27T06:00:00.000Z")";
    QTest::newRow("a decision") << QByteArray(R"({"decision":{)" + decision + R"(},"uses":[],"conflict":false})")
                                << true;
    // Before: an unknown verdict was read as REJECT (the desk refused a guest central may have admitted).
    QTest::newRow("unknown verdict") << QByteArray(R"({"decision":{"verdict":"MAYBE","reason":"OK","party":1,)"
                                                   R"("at":"2026-11-27T06:00:00Z"},"uses":[]})")
                                     << false;
    // Before: the last "recorded" won.
    QTest::newRow("repeated recorded") << QByteArray(R"({"decision":{)" + decision
                                                     + R"(,"recorded":false,"recorded":true},"uses":[]})")
                                       << false;
    QTest::newRow("party as a string") << QByteArray(
        R"({"decision":{"verdict":"ACCEPT","reason":"OK","party":"1","at":"2026-11-27T06:00:00Z"},)"
        R"("uses":[]})") << false;
}

void TestClientReplies::redeemReply()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, usable);
    CannedCentral central;
    central.body = body;
    sync::CentralClient client(central.url());
    auto r = await<sync::RedeemReply>(
        [&](auto done) { client.redeem(QUuid::createUuid(), "L1M1", 1, QStringLiteral("s1"), false, done); });
    QCOMPARE(bool(r), usable);
    if (!usable) {
        QVERIFY2(r.error().code == core::ErrorCode::Protocol, qPrintable(r.error().toString()));
    }
}

void TestClientReplies::enrollReply_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("usable");
    QTest::newRow("a reply") << QByteArray(R"({"terminalId":"T-1","secret":"s","resource":"R"})") << true;
    // Before: the terminal kept the last "secret" (central may have hashed the first).
    QTest::newRow("repeated secret") << QByteArray(R"({"terminalId":"T-1","secret":"a","resource":"R","secret":"b"})")
                                     << false;
    QTest::newRow("invalid UTF-8 in the id") << QByteArray("{\"terminalId\":\"T-\xc0\xaf\",\"secret\":\"s\","
                                                           "\"resource\":\"R\"}")
                                             << false;
    QTest::newRow("terminal id a number") << QByteArray(R"({"terminalId":1,"secret":"s","resource":"R"})") << false;
}

void TestClientReplies::enrollReply()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, usable);
    CannedCentral central;
    central.body = body;
    sync::CentralClient client(central.url());
    auto r = await<sync::EnrollReply>([&](auto done) { client.enroll(QStringLiteral("ABCD"), done); });
    QCOMPARE(bool(r), usable);
    if (!usable) {
        QVERIFY2(r.error().code == core::ErrorCode::Protocol, qPrintable(r.error().toString()));
    }
}

void TestClientReplies::errorReplyKeepsItsStatus()
{
    CannedCentral central;
    central.status = 409;
    central.body = R"({"error":"CONFLICT","reason":"ID_IN_USE: visit id recorded by another terminal"})";
    sync::CentralClient client(central.url());
    auto r = await<sync::RedeemReply>(
        [&](auto done) { client.redeem(QUuid::createUuid(), "L1M1", 1, QStringLiteral("s1"), false, done); });
    QVERIFY(!r);
    QVERIFY(r.error().code == core::ErrorCode::Conflict);
    QVERIFY2(r.error().detail.contains(QStringLiteral("ID_IN_USE")), qPrintable(r.error().detail));
    central.body = "<html>bad gateway</html>";
    central.status = 502;
    auto proxy = await<sync::RedeemReply>(
        [&](auto done) { client.redeem(QUuid::createUuid(), "L1M1", 1, QStringLiteral("s1"), false, done); });
    QVERIFY(!proxy);
    QVERIFY(proxy.error().code == core::ErrorCode::Network);
}

void TestClientReplies::feedPagesOnTheFeedThread()
{
    // Feed pages are received and decoded on the client's feed thread; the callback still runs on the client's
    // thread, pages in request order, and an HTTP error still maps to its code.
    CannedCentral central;
    central.body = R"({"cursor":12,"more":false,"scanned":0})";
    auto client = std::make_unique<sync::CentralClient>(central.url());
    QList<qint64> cursors;
    QList<QThread*> threads;
    for (int i = 0; i < 3; ++i) {
        auto r = await<sync::FeedReply>([&](auto done) {
            client->changes(0, 100, false, [&, done](core::Result<sync::FeedReply> page) {
                threads << QThread::currentThread();
                done(std::move(page));
            });
        });
        QVERIFY2(r, r ? "" : qPrintable(r.error().toString()));
        cursors << r->page.cursor;
    }
    QCOMPARE(cursors, (QList<qint64> {12, 12, 12}));
    QCOMPARE(threads, (QList<QThread*> {QThread::currentThread(), QThread::currentThread(), QThread::currentThread()}));
    central.status = 401;
    central.body = R"({"error":"UNAUTHORIZED"})";
    auto denied = await<sync::FeedReply>([&](auto done) { client->changes(0, 100, false, done); });
    QVERIFY(!denied);
    QVERIFY(denied.error().code == core::ErrorCode::Unauthorized);

    // A page still in flight when the client goes: no callback, ever (central here accepts and never answers).
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    client
        = std::make_unique<sync::CentralClient>(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort())));
    bool called = false;
    client->changes(0, 100, false, [&](core::Result<sync::FeedReply>) { called = true; });
    QTRY_VERIFY(silent.hasPendingConnections());
    client.reset();
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents();
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(TestClientReplies)
#include "tst_clientreplies.moc"
