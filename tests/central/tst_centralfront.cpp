// Issue 11 §2: central under hostile traffic, with real processes on loopback. A real lounge-central process, alone
// and behind a real nginx started with packaging/nginx/lounge-central.conf (TLS with a certificate made here):
// a huge unauthenticated body is refused before central reads it (its RSS does not grow), and 1000 half-open
// connections do not stop a legitimate request. Latencies are printed for docs/security.md, never asserted.
#include "TestCentralDb.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <memory>
#include <vector>

namespace {

const QByteArray kIssuerKey = "front-test-issuer-key";

qint64 rssKiB(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
    }
    return -1;
}

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

struct RawReply
{
    int status = 0;
    QByteArray body;
    qint64 ms = 0;
};

/// One request on a fresh connection (blocking; the servers are other processes).
RawReply request(quint16 port, const QByteArray& raw, const QSslCertificate* ca = nullptr)
{
    QElapsedTimer t;
    t.start();
    std::unique_ptr<QTcpSocket> socket;
    if (ca) {
        auto ssl = std::make_unique<QSslSocket>();
        QSslConfiguration c = QSslConfiguration::defaultConfiguration();
        c.setCaCertificates({*ca});
        ssl->setSslConfiguration(c);
        ssl->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
        if (!ssl->waitForEncrypted(10000)) {
            qWarning() << "TLS failed:" << ssl->errorString();
            return {};
        }
        socket = std::move(ssl);
    } else {
        socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, port);
        if (!socket->waitForConnected(10000)) {
            return {};
        }
    }
    socket->write(raw);
    QByteArray in;
    auto complete = [&] {
        const qsizetype end = in.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        const QRegularExpression length(QStringLiteral("(?i)\r\ncontent-length:\\s*(\\d+)"));
        const auto m = length.match(QString::fromLatin1(in.left(end)));
        return m.hasMatch() && in.size() >= end + 4 + m.captured(1).toLongLong();
    };
    while (!complete() && socket->state() == QAbstractSocket::ConnectedState && socket->waitForReadyRead(15000)) {
        in += socket->readAll();
    }
    in += socket->readAll();
    RawReply r;
    r.status = in.startsWith("HTTP/1.") ? in.mid(9, 3).toInt() : 0;
    r.body = in.mid(in.indexOf("\r\n\r\n") + 4);
    r.ms = t.elapsed();
    return r;
}

QByteArray legitimate()
{
    return "GET /v1/issuer/programs/GOLD HTTP/1.1\r\nHost: central\r\nAuthorization: Bearer " + kIssuerKey
        + "\r\nConnection: close\r\n\r\n";
}

/// Sends headers announcing `length` bytes, then as much of the body as the server takes (at most `length`). Returns
/// the status the server answered with (0 = none) and how many body bytes went out before it stopped reading.
std::pair<int, qint64> hugeUpload(quint16 port, const QByteArray& path, qint64 length, const QSslCertificate* ca)
{
    std::unique_ptr<QTcpSocket> socket;
    if (ca) {
        auto ssl = std::make_unique<QSslSocket>();
        QSslConfiguration c = QSslConfiguration::defaultConfiguration();
        c.setCaCertificates({*ca});
        ssl->setSslConfiguration(c);
        ssl->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
        if (!ssl->waitForEncrypted(10000)) {
            return {0, 0};
        }
        socket = std::move(ssl);
    } else {
        socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, port);
        if (!socket->waitForConnected(10000)) {
            return {0, 0};
        }
    }
    socket->write("POST " + path + " HTTP/1.1\r\nHost: central\r\nContent-Type: application/json\r\nContent-Length: "
                  + QByteArray::number(length) + "\r\n\r\n");
    const QByteArray chunk(1024 * 1024, 'x');
    qint64 sent = 0;
    QByteArray answer;
    QElapsedTimer t;
    t.start();
    while (sent < length && socket->state() == QAbstractSocket::ConnectedState && t.elapsed() < 60000) {
        socket->write(chunk.left(int(std::min<qint64>(chunk.size(), length - sent))));
        if (!socket->waitForBytesWritten(3000)) {
            break; // the server stopped reading
        }
        sent += std::min<qint64>(chunk.size(), length - sent);
        answer += socket->readAll();
        if (answer.startsWith("HTTP/1.") && answer.contains("\r\n\r\n")) {
            break;
        }
    }
    while (!answer.contains("\r\n\r\n") && socket->state() == QAbstractSocket::ConnectedState
           && socket->waitForReadyRead(5000)) {
        answer += socket->readAll();
    }
    answer += socket->readAll();
    return {answer.startsWith("HTTP/1.") ? answer.mid(9, 3).toInt() : 0, sent};
}

/// `count` connections from 127.0.0.2 that send half a request (or, to a TLS port, not even a handshake) and then
/// nothing.
std::vector<std::unique_ptr<QTcpSocket>> halfOpen(quint16 port, int count, bool tls)
{
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < count; ++i) {
        auto s = std::make_unique<QTcpSocket>();
        s->bind(QHostAddress(QStringLiteral("127.0.0.2")), 0);
        s->connectToHost(QHostAddress::LocalHost, port);
        sockets.push_back(std::move(s));
    }
    for (auto& s : sockets) {
        if (s->waitForConnected(5000) && !tls) {
            s->write("POST /v1/terminal/redemptions HTTP/1.1\r\nHost: central\r\nContent-Le");
            s->flush();
        }
    }
    return sockets;
}

} // namespace

class TestCentralFront : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void hugeUnauthenticatedBodyNeverReachesMemory_data();
    void hugeUnauthenticatedBodyNeverReachesMemory();
    void halfOpenConnectionsDoNotStopLegitimateRequests_data();
    void halfOpenConnectionsDoNotStopLegitimateRequests();
    void nginxServesOnlyTheApiOverTls();
    void slowHeadersAreCutOff();
    void proxyConnectionsAreNotCappedPerAddress();

private:
    /// `--db` and `--key-file` for one central: an SQLite file in m_dir, or a PostgreSQL database (the _pg variant).
    QStringList database(lounge::test::TestCentralDb& db, const QString& file)
    {
        QString why;
        if (!db.create(m_dir, file, &why)) {
            qWarning() << why;
            return {};
        }
        return {QStringLiteral("--db"), db.url, QStringLiteral("--key-file"),
                m_dir.filePath(file + QStringLiteral(".key"))};
    }
    QTemporaryDir m_dir;
    lounge::test::TestCentralDb m_db;
    lounge::test::TestCentralDb m_tlsDb;
    QProcess m_central;
    QProcess m_nginx;
    QProcess m_tlsCentral;
    quint16 m_centralPort = 0;
    quint16 m_tlsCentralPort = 0;
    quint16 m_nginxPort = 0;
    QSslCertificate m_cert;
    bool m_haveNginx = false;
};

void TestCentralFront::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Central on loopback, as packaged behind nginx.
    m_centralPort = freePort();
    m_central.setProcessChannelMode(QProcess::MergedChannels);
    const QStringList db = database(m_db, QStringLiteral("central.sqlite"));
    QVERIFY(!db.isEmpty());
    m_central.start(QStringLiteral(LOUNGE_CENTRAL_EXE),
                    QStringList {QStringLiteral("serve")} + db
                        + QStringList {QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                                       QString::number(m_centralPort), QStringLiteral("--demo"),
                                       QStringLiteral("--issuer-key"), QString::fromLatin1(kIssuerKey),
                                       QStringLiteral("--header-timeout"), QStringLiteral("2")});

    QVERIFY(m_central.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(m_central.readAllStandardOutput().contains("listening on")
                                 || request(m_centralPort, legitimate()).status == 200,
                             30000);

    const QString nginx = QStandardPaths::findExecutable(QStringLiteral("nginx"), {"/usr/sbin", "/usr/bin"});
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (nginx.isEmpty() || openssl.isEmpty()) {
        qWarning("nginx or openssl missing (scripts/deps.sh installs them): the nginx rows are skipped");
        return;
    }
    // A self-signed certificate for 127.0.0.1.
    const QString crt = m_dir.filePath(QStringLiteral("central.crt"));
    const QString key = m_dir.filePath(QStringLiteral("central.key"));
    QProcess req;
    req.setStandardOutputFile(QProcess::nullDevice());
    req.setStandardErrorFile(QProcess::nullDevice());
    req.start(openssl,
              {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
               QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), crt,
               QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
               QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1")});
    QVERIFY(req.waitForFinished(60000));
    QCOMPARE(req.exitCode(), 0);
    QFile crtFile(crt);
    QVERIFY(crtFile.open(QIODevice::ReadOnly));
    m_cert = QSslCertificate(&crtFile, QSsl::Pem);
    QVERIFY(!m_cert.isNull());

    // A second central serving TLS itself (no nginx): its TLS handshakes are the listener's pending connections.
    m_tlsCentralPort = freePort();
    m_tlsCentral.setProcessChannelMode(QProcess::MergedChannels);
    const QStringList tlsDb = database(m_tlsDb, QStringLiteral("tls.sqlite"));
    QVERIFY(!tlsDb.isEmpty());
    m_tlsCentral.start(QStringLiteral(LOUNGE_CENTRAL_EXE),
                       QStringList {QStringLiteral("serve")} + tlsDb
                           + QStringList {QStringLiteral("--port"), QString::number(m_tlsCentralPort),
                                          QStringLiteral("--demo"), QStringLiteral("--issuer-key"),
                                          QString::fromLatin1(kIssuerKey), QStringLiteral("--tls-cert"), crt,
                                          QStringLiteral("--tls-key"), key});
    QVERIFY(m_tlsCentral.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(request(m_tlsCentralPort, legitimate(), &m_cert).status == 200, 30000);

    // The packaged site file, with this run's ports and paths.
    QFile siteFile(QStringLiteral(LOUNGE_SOURCE_DIR "/packaging/nginx/lounge-central.conf"));
    QVERIFY(siteFile.open(QIODevice::ReadOnly));
    QString site = QString::fromUtf8(siteFile.readAll());
    m_nginxPort = freePort();
    const std::pair<const char*, QString> substitutions[] = {
        {"LOUNGE_CENTRAL_UPSTREAM", QStringLiteral("server 127.0.0.1:%1;").arg(m_centralPort)},
        {"LOUNGE_CENTRAL_LISTEN", QStringLiteral("listen 127.0.0.1:%1 ssl;").arg(m_nginxPort)},
        {"LOUNGE_CENTRAL_CERT", QStringLiteral("ssl_certificate %1;").arg(crt)},
        {"LOUNGE_CENTRAL_KEY", QStringLiteral("ssl_certificate_key %1;").arg(key)},
    };
    for (const auto& [marker, line] : substitutions) {
        const QRegularExpression re(QStringLiteral("^\\s*[^\\n#]*#\\s*%1\\s*$").arg(QLatin1String(marker)),
                                    QRegularExpression::MultilineOption);
        QVERIFY2(re.match(site).hasMatch(), marker);
        site.replace(re, QStringLiteral("    ") + line);
    }
    const QString prefix = m_dir.filePath(QStringLiteral("nginx"));
    QVERIFY(QDir().mkpath(prefix + QStringLiteral("/logs")));
    QFile siteOut(prefix + QStringLiteral("/site.conf"));
    QVERIFY(siteOut.open(QIODevice::WriteOnly));
    siteOut.write(site.toUtf8());
    siteOut.close();
    QFile conf(prefix + QStringLiteral("/nginx.conf"));
    QVERIFY(conf.open(QIODevice::WriteOnly));
    conf.write(QStringLiteral("worker_processes 1;\nmaster_process off;\ndaemon off;\npid %1/nginx.pid;\n"
                              "error_log %1/logs/error.log warn;\nworker_rlimit_nofile 8192;\n"
                              "events { worker_connections 4096; }\n"
                              "http {\n  access_log off;\n  client_body_temp_path %1/body;\n"
                              "  proxy_temp_path %1/proxy;\n  fastcgi_temp_path %1/fastcgi;\n"
                              "  uwsgi_temp_path %1/uwsgi;\n  scgi_temp_path %1/scgi;\n  include %1/site.conf;\n}\n")
                   .arg(prefix)
                   .toUtf8());
    conf.close();
    m_nginx.setProcessChannelMode(QProcess::MergedChannels);
    m_nginx.start(nginx,
                  {QStringLiteral("-e"), prefix + QStringLiteral("/logs/error.log"), QStringLiteral("-p"), prefix,
                   QStringLiteral("-c"), prefix + QStringLiteral("/nginx.conf")});
    QVERIFY(m_nginx.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(
        request(m_nginxPort, legitimate(), &m_cert).status == 200 || m_nginx.state() == QProcess::NotRunning, 20000);
    QVERIFY2(m_nginx.state() == QProcess::Running, m_nginx.readAll().constData());
    m_haveNginx = true;
}

void TestCentralFront::cleanupTestCase()
{
    for (QProcess* p : {&m_nginx, &m_tlsCentral, &m_central}) {
        if (p->state() != QProcess::NotRunning) {
            p->terminate();
            if (!p->waitForFinished(5000)) {
                p->kill();
                p->waitForFinished(5000);
            }
        }
    }
}

void TestCentralFront::hugeUnauthenticatedBodyNeverReachesMemory_data()
{
    QTest::addColumn<bool>("viaNginx");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<qint64>("length");
    QTest::addColumn<int>("status");
    QTest::newRow("central: 256 MiB, no credentials")
        << false << QByteArray("/v1/issuer/memberships") << qint64(256) * 1024 * 1024 << 413;
    QTest::newRow("central: 1 MiB (under the cap), no credentials")
        << false << QByteArray("/v1/terminal/redemptions") << qint64(1024) * 1024 << 401;
    QTest::newRow("central: 64 KiB to enrollment")
        << false << QByteArray("/v1/terminal/enroll") << qint64(65536) << 413;
    QTest::newRow("nginx: 256 MiB, no credentials")
        << true << QByteArray("/v1/issuer/memberships") << qint64(256) * 1024 * 1024 << 413;
}

void TestCentralFront::hugeUnauthenticatedBodyNeverReachesMemory()
{
    QFETCH(bool, viaNginx);
    QFETCH(QByteArray, path);
    QFETCH(qint64, length);
    QFETCH(int, status);
    if (viaNginx && !m_haveNginx) {
        QSKIP("nginx not installed");
    }
    const qint64 before = rssKiB(m_central.processId());
    QVERIFY(before > 0);
    const auto [answered, sent]
        = hugeUpload(viaNginx ? m_nginxPort : m_centralPort, path, length, viaNginx ? &m_cert : nullptr);
    const qint64 after = rssKiB(m_central.processId());
    qInfo("%s: answered %d after %lld body bytes; central RSS %lld -> %lld KiB", QTest::currentDataTag(), answered,
          sent, before, after);
    QCOMPARE(answered, status);
    QVERIFY2(after - before < 32 * 1024, "central's memory grew with the refused body");
    QCOMPARE(request(m_centralPort, legitimate()).status, 200); // and it still serves
}

void TestCentralFront::halfOpenConnectionsDoNotStopLegitimateRequests_data()
{
    QTest::addColumn<bool>("viaNginx");
    QTest::addColumn<bool>("tls");
    QTest::newRow("central") << false << false;
    QTest::newRow("central serving TLS itself") << false << true;
    QTest::newRow("nginx") << true << true;
}

void TestCentralFront::halfOpenConnectionsDoNotStopLegitimateRequests()
{
    QFETCH(bool, viaNginx);
    QFETCH(bool, tls);
    if (tls && !m_haveNginx) {
        QSKIP("nginx or openssl not installed");
    }
    const quint16 port = viaNginx ? m_nginxPort : tls ? m_tlsCentralPort : m_centralPort;
    const QSslCertificate* ca = tls ? &m_cert : nullptr;
    auto attackers = halfOpen(port, 1000, tls);
    QList<qint64> ms;
    for (int i = 0; i < 50; ++i) {
        const RawReply r = request(port, legitimate(), ca);
        QVERIFY2(r.status == 200, qPrintable(QStringLiteral("request %1 answered %2").arg(i).arg(r.status)));
        ms << r.ms;
    }
    if (!viaNginx && !tls) {
        // Central's own cap: 256 connections per client address; the other 744 are answered 503 and closed.
        auto refused = [&] {
            int n = 0;
            for (auto& a : attackers) {
                n += a->bytesAvailable() > 0 && a->peek(12) == "HTTP/1.1 503";
            }
            return n;
        };
        QTRY_VERIFY_WITH_TIMEOUT(refused() >= 1000 - 256, 10000);
    }
    std::sort(ms.begin(), ms.end());
    qInfo("%s with 1000 half-open connections from 127.0.0.2: legitimate p50 %lld ms, p99 %lld ms (50 requests)",
          QTest::currentDataTag(), ms.at(ms.size() / 2), ms.at(ms.size() * 99 / 100));
    attackers.clear();
}

void TestCentralFront::nginxServesOnlyTheApiOverTls()
{
    if (!m_haveNginx) {
        QSKIP("nginx not installed");
    }
    QCOMPARE(request(m_nginxPort, legitimate(), &m_cert).status, 200);
    QCOMPARE(request(m_nginxPort, "GET /admin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", &m_cert).status, 404);
    // Plain HTTP on the TLS port is refused by nginx (400), never proxied.
    QCOMPARE(request(m_nginxPort, legitimate()).status, 400);
}

void TestCentralFront::slowHeadersAreCutOff()
{
    // This central runs with --header-timeout 2: a client that never finishes its headers, or says nothing, is
    // disconnected (slowloris), and a keep-alive connection left idle too.
    QTcpSocket slow;
    slow.connectToHost(QHostAddress::LocalHost, m_centralPort);
    QVERIFY(slow.waitForConnected(5000));
    slow.write("GET /v1/issuer/programs/GOLD HTTP/1.1\r\nHost: central\r\nX-Slow: ");
    QTcpSocket silent;
    silent.connectToHost(QHostAddress::LocalHost, m_centralPort);
    QVERIFY(silent.waitForConnected(5000));
    QElapsedTimer t;
    t.start();
    QTRY_VERIFY_WITH_TIMEOUT(slow.state() == QAbstractSocket::UnconnectedState, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(silent.state() == QAbstractSocket::UnconnectedState, 15000);
    qInfo("slow and silent connections closed after %lld ms (header timeout 2 s)", t.elapsed());
}

void TestCentralFront::proxyConnectionsAreNotCappedPerAddress()
{
    // The packaged pair agrees: nginx connects to central from proxy_bind's address, central.conf names it.
    auto packaged = [](const char* file, const char* pattern) {
        QFile f(QLatin1String(LOUNGE_SOURCE_DIR "/packaging/") + QLatin1String(file));
        return f.open(QIODevice::ReadOnly)
            ? QRegularExpression(QLatin1String(pattern), QRegularExpression::MultilineOption)
                  .match(QString::fromUtf8(f.readAll()))
                  .captured(1)
            : QString();
    };
    const QString bind = packaged("nginx/lounge-central.conf", "^\\s*proxy_bind\\s+([^;\\s]+)\\s*;");
    const QString proxy = packaged("central/central.conf", "^\\s*proxy_address\\s*=\\s*(\\S+)\\s*$");
    QVERIFY(!bind.isEmpty());
    QCOMPARE(proxy, bind);

    // A central with a per-address cap of 3 that knows the proxy's address, as the packaged service runs.
    lounge::test::TestCentralDb db;
    const QStringList dbArgs = database(db, QStringLiteral("capped.sqlite"));
    QVERIFY(!dbArgs.isEmpty());
    const quint16 port = freePort();
    QProcess central;
    central.setProcessChannelMode(QProcess::MergedChannels);
    central.start(QStringLiteral(LOUNGE_CENTRAL_EXE),
                  QStringList {QStringLiteral("serve")} + dbArgs
                      + QStringList {QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                                     QString::number(port), QStringLiteral("--issuer-key"),
                                     QString::fromLatin1(kIssuerKey), QStringLiteral("--max-connections-per-client"),
                                     QStringLiteral("3"), QStringLiteral("--proxy-address"), proxy});
    QVERIFY(central.waitForStarted());
    const QByteArray health = "GET /v1/health HTTP/1.1\r\nHost: central\r\nConnection: close\r\n\r\n";
    QTRY_VERIFY_WITH_TIMEOUT(request(port, health).status == 200 || central.state() != QProcess::Running, 30000);
    QVERIFY2(central.state() == QProcess::Running, central.readAll().constData());

    // Keep-alive connections that each completed a request and stay open, from one source address.
    auto connections = [&](const QString& from, int n) {
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        for (int i = 0; i < n; ++i) {
            auto s = std::make_unique<QTcpSocket>();
            s->bind(QHostAddress(from), 0);
            s->connectToHost(QHostAddress::LocalHost, port);
            if (s->waitForConnected(5000)) {
                s->write("GET /v1/health HTTP/1.1\r\nHost: central\r\n\r\n");
                s->flush();
            }
            sockets.push_back(std::move(s));
        }
        return sockets;
    };
    auto status = [](QTcpSocket& s) {
        while (!s.peek(4096).contains("\r\n\r\n") && s.state() == QAbstractSocket::ConnectedState
               && s.waitForReadyRead(10000)) { }
        const QByteArray head = s.peek(12);
        return head.startsWith("HTTP/1.") ? head.mid(9, 3).toInt() : 0;
    };
    // The proxy: ten connections at once (a fleet's requests in flight), none refused.
    auto viaProxy = connections(proxy, 10);
    for (auto& s : viaProxy) {
        QCOMPARE(status(*s), 200);
    }
    // A client connecting directly (another address) still gets three, and the fourth is refused.
    auto direct = connections(QStringLiteral("127.0.0.3"), 4);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(status(*direct[size_t(i)]), 200);
    }
    QCOMPARE(status(*direct[3]), 503);
    QVERIFY(direct[3]->peek(4096).contains("BUSY"));

    central.terminate();
    if (!central.waitForFinished(10000)) {
        central.kill();
        central.waitForFinished(5000);
    }
}

QTEST_GUILESS_MAIN(TestCentralFront)
#include "tst_centralfront.moc"
