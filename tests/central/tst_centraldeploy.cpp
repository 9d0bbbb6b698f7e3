// lounge-central as the packaged service runs it (docs/deployment.md): central.conf, the issuer key from a 0600 file
// or a systemd credential and never printed, GET /v1/health, one structured log line per request, and the
// enrollment QR that the kiosk's setup screen scans. Real processes, real HTTP on 127.0.0.1.
#include "EnrollmentLink.h"

#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <ZXing/ReadBarcode.h>

#include <memory>

using namespace lounge;

namespace {

struct Http
{
    int status = 0;
    QByteArray body;
};

Http call(const QByteArray& verb, const QUrl& url, const QByteArray& bearer = {}, const QByteArray& body = {})
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    if (!bearer.isEmpty()) {
        request.setRawHeader("Authorization", "Bearer " + bearer);
    }
    if (!body.isEmpty()) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    }
    QNetworkReply* reply = nam.sendCustomRequest(request, verb, body);
    if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 30000)) {
        return {};
    }
    Http h {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
    reply->deleteLater();
    return h;
}

/// A running `lounge-central serve`, stopped by the destructor.
struct Server
{
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    quint16 port = 0;
    QByteArray output; ///< stdout + stderr so far

    bool start(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
    {
        process->setProcessChannelMode(QProcess::MergedChannels);
        process->setProcessEnvironment(env);
        process->start(QStringLiteral(LOUNGE_CENTRAL_EXE), QStringList {QStringLiteral("serve")} + args);
        static const QRegularExpression listening(QStringLiteral("listening on https?://[^:]+:(\\d+)"));
        const bool up = QTest::qWaitFor(
            [&] {
                output += process->readAll();
                const auto m = listening.match(QString::fromUtf8(output));
                if (m.hasMatch()) {
                    port = quint16(m.captured(1).toUInt());
                }
                return port != 0 || process->state() == QProcess::NotRunning;
            },
            30000);
        return up && port != 0;
    }
    QByteArray drain()
    {
        process->waitForReadyRead(100);
        output += process->readAll();
        return output;
    }
    QUrl url(const QString& path) const { return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)); }
    ~Server()
    {
        if (process->state() != QProcess::NotRunning) {
            process->terminate();
            if (!process->waitForFinished(10000)) {
                process->kill();
                process->waitForFinished();
            }
        }
    }
};

int runExe(const QStringList& args, QByteArray* out)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(LOUNGE_CENTRAL_EXE), args);
    p.waitForFinished(60000);
    *out = p.readAll();
    return p.exitCode();
}

void writeFile(const QString& path, const QByteArray& content, QFile::Permissions perms)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QVERIFY(f.write(content) == content.size());
    f.close();
    QVERIFY(f.setPermissions(perms));
}

constexpr auto kOwnerOnly = QFile::ReadOwner | QFile::WriteOwner;

} // namespace

class TestCentralDeploy : public QObject
{
    Q_OBJECT
private slots:
    void generatedIssuerKeyIsStoredOwnerOnlyAndNeverPrinted();
    void configFileAndCredentialDirectory();
    void keyFileReadableByOthersIsRefused();
    void badConfigIsRefusedWithTheLine();
    void healthAndOneLogLinePerRequest();
    void enrollCodeQrCarriesUrlAndCode();
    void enrollmentLinkParsing_data();
    void enrollmentLinkParsing();
};

void TestCentralDeploy::generatedIssuerKeyIsStoredOwnerOnlyAndNeverPrinted()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("central.sqlite"));
    Server s;
    QVERIFY2(s.start({QStringLiteral("--db"), db, QStringLiteral("--port"), QStringLiteral("0")}), s.output);
    const QString keyPath = db + QStringLiteral(".issuer-key");
    QFile keyFile(keyPath);
    QVERIFY(keyFile.exists());
    QCOMPARE(keyFile.permissions() & ~(QFile::ReadUser | QFile::WriteUser), kOwnerOnly);
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QByteArray key = keyFile.readAll().trimmed();
    QVERIFY(key.size() >= 16);
    // The key works for the issuer API, and neither start-up nor a request printed it.
    QCOMPARE(call("GET", s.url(QStringLiteral("/v1/issuer/overdraws")), key).status, 200);
    QCOMPARE(call("GET", s.url(QStringLiteral("/v1/issuer/overdraws")), "wrong-key-wrong-key").status, 401);
    const QByteArray log = s.drain();
    QVERIFY2(!log.contains(key), log);
    QVERIFY2(log.contains("issuer key from new file " + keyPath.toUtf8()), log);

    // A restart reuses the same key (issuer scripts keep working) and still does not print it.
    Server again;
    s.process->terminate();
    s.process->waitForFinished();
    QVERIFY(again.start({QStringLiteral("--db"), db, QStringLiteral("--port"), QStringLiteral("0")}));
    QCOMPARE(call("GET", again.url(QStringLiteral("/v1/issuer/overdraws")), key).status, 200);
    QVERIFY(!again.drain().contains(key));
}

void TestCentralDeploy::configFileAndCredentialDirectory()
{
    QTemporaryDir dir;
    const QByteArray key = "credential-issuer-key-0123456789";
    QDir().mkpath(dir.filePath(QStringLiteral("creds")));
    writeFile(dir.filePath(QStringLiteral("creds/issuer.key")), key + '\n', QFile::ReadOwner);
    writeFile(dir.filePath(QStringLiteral("central.conf")),
              "# central.conf\nlisten = 127.0.0.1:0\ndatabase = sqlite://"
                  + dir.filePath(QStringLiteral("c.sqlite")).toUtf8() + "\npage_size = 500\n",
              kOwnerOnly);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("LOUNGE_ISSUER_KEY"));
    env.insert(QStringLiteral("CREDENTIALS_DIRECTORY"), dir.filePath(QStringLiteral("creds")));
    Server s;
    QVERIFY2(s.start({QStringLiteral("--config"), dir.filePath(QStringLiteral("central.conf"))}, env), s.output);
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("c.sqlite"))));
    QCOMPARE(call("GET", s.url(QStringLiteral("/v1/issuer/overdraws")), key).status, 200);
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("c.sqlite.issuer-key"))));
    QVERIFY(!s.drain().contains(key));
}

void TestCentralDeploy::keyFileReadableByOthersIsRefused()
{
    QTemporaryDir dir;
    const QString keyPath = dir.filePath(QStringLiteral("issuer.key"));
    writeFile(keyPath, "world-readable-issuer-key-012345\n", kOwnerOnly | QFile::ReadGroup | QFile::ReadOther);
    QByteArray out;
    const int rc = runExe({QStringLiteral("serve"), QStringLiteral("--db"), dir.filePath(QStringLiteral("c.sqlite")),
                           QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--issuer-key-file"), keyPath},
                          &out);
    QCOMPARE(rc, 78);
    QVERIFY2(out.contains("readable by others: chmod 600"), out);
    QVERIFY(!out.contains("world-readable-issuer-key"));
}

void TestCentralDeploy::badConfigIsRefusedWithTheLine()
{
    QTemporaryDir dir;
    const QString conf = dir.filePath(QStringLiteral("central.conf"));
    for (const QByteArray& bad :
         {QByteArray("listen = 127.0.0.1\n"), QByteArray("\nlisten_addr = 1.2.3.4:80\n"),
          QByteArray("database = mysql://db/central\n"), QByteArray("stale_after_seconds = soon\n"),
          QByteArray("stale_after_seconds = 0\n")}) {
        writeFile(conf, bad, kOwnerOnly);
        QByteArray out;
        QCOMPARE(runExe({QStringLiteral("serve"), QStringLiteral("--config"), conf}, &out), 78);
        QVERIFY2(out.contains(conf.toUtf8() + ":"), out);
    }
}

void TestCentralDeploy::healthAndOneLogLinePerRequest()
{
    QTemporaryDir dir;
    Server s;
    QVERIFY(s.start({QStringLiteral("--db"), dir.filePath(QStringLiteral("c.sqlite")), QStringLiteral("--port"),
                     QStringLiteral("0"), QStringLiteral("--demo")}));
    const Http health = call("GET", s.url(QStringLiteral("/v1/health")));
    QCOMPARE(health.status, 200);
    const QJsonObject o = QJsonDocument::fromJson(health.body).object();
    QCOMPARE(o.value("status").toString(), QStringLiteral("ok"));
    QCOMPARE(o.value("database").toString(), QStringLiteral("ok"));
    QCOMPARE(call("POST", s.url(QStringLiteral("/v1/health")), {}, "{}").status, 405);

    QByteArray key;
    QFile keyFile(dir.filePath(QStringLiteral("c.sqlite.issuer-key")));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    key = keyFile.readAll().trimmed();
    QCOMPARE(call("GET", s.url(QStringLiteral("/v1/issuer/memberships/M-1001")), key).status, 200);
    QCOMPARE(call("GET", s.url(QStringLiteral("/v1/terminal/time"))).status, 401);
    // A terminal: its id is on its lines.
    const Http enroll = call("POST", s.url(QStringLiteral("/v1/terminal/enroll")), {}, "{\"code\":\"nope\"}");
    QVERIFY(enroll.status >= 400);

    QByteArray log;
    QVERIFY(QTest::qWaitFor(
        [&] {
            log = s.drain();
            return log.contains("/v1/terminal/enroll");
        },
        10000));
    static const QRegularExpression line(
        QStringLiteral("^lounge\\.central\\.request: (GET|POST) (\\S+) (\\d{3}) (\\d+)ms terminal=(\\S+)$"),
        QRegularExpression::MultilineOption);
    QStringList seen;
    for (auto it = line.globalMatch(QString::fromUtf8(log)); it.hasNext();) {
        const auto m = it.next();
        seen << m.captured(1) + QLatin1Char(' ') + m.captured(2) + QLatin1Char(' ') + m.captured(3);
    }
    QCOMPARE(seen,
             (QStringList {QStringLiteral("GET /v1/health 200"), QStringLiteral("POST /v1/health 405"),
                           QStringLiteral("GET /v1/issuer/memberships/{id} 200"),
                           QStringLiteral("GET /v1/terminal/time 401"),
                           QStringLiteral("POST /v1/terminal/enroll ") + QString::number(enroll.status)}));
    QVERIFY(!log.contains(key));
    QVERIFY2(!log.contains("M-1001"), log); // ids stay out of the request log
}

void TestCentralDeploy::enrollCodeQrCarriesUrlAndCode()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("c.sqlite"));
    {
        Server s; // creates the database with the demo resources
        QVERIFY(s.start(
            {QStringLiteral("--db"), db, QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--demo")}));
    }
    QByteArray out;
    QCOMPARE(runExe({QStringLiteral("enroll-code"), QStringLiteral("--db"), db, QStringLiteral("--resource"),
                     QStringLiteral("HKG-T1-LOUNGE"), QStringLiteral("--qr")},
                    &out),
             64); // no URL: the kiosk could not use the QR
    QVERIFY2(out.contains("--url"), out);

    const QString png = dir.filePath(QStringLiteral("enroll.png"));
    QCOMPARE(runExe({QStringLiteral("enroll-code"), QStringLiteral("--db"), db, QStringLiteral("--resource"),
                     QStringLiteral("HKG-T1-LOUNGE"), QStringLiteral("--qr"), QStringLiteral("--url"),
                     QStringLiteral("https://central.example:8443"), QStringLiteral("--png"), png},
                    &out),
             0);
    const QList<QByteArray> lines = out.split('\n');
    const QByteArray code = lines.value(0).trimmed();
    QVERIFY(!code.isEmpty());
    QVERIFY2(out.contains("\xe2\x96\x88"), out); // the terminal rendering (half blocks)
    const auto link = core::EnrollmentLink::parse(lines.value(lines.size() - 2));
    QVERIFY2(link, out);
    QCOMPARE(link->central, QUrl(QStringLiteral("https://central.example:8443")));
    QCOMPARE(link->code, QString::fromUtf8(code));

    // The PNG scans back to the same link.
    QImage image(png);
    QVERIFY(!image.isNull());
    image = image.convertToFormat(QImage::Format_Grayscale8);
    const ZXing::ImageView view(image.constBits(), image.width(), image.height(), ZXing::ImageFormat::Lum,
                                int(image.bytesPerLine()));
    const auto result = ZXing::ReadBarcode(view, ZXing::DecodeHints().setFormats(ZXing::BarcodeFormat::QRCode));
    QVERIFY(result.isValid());
    const auto scanned = core::EnrollmentLink::parse(QByteArray::fromStdString(result.text()));
    QVERIFY(scanned);
    QCOMPARE(scanned->code, link->code);
    QCOMPARE(scanned->central, link->central);
}

void TestCentralDeploy::enrollmentLinkParsing_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("valid");
    const core::EnrollmentLink good {QUrl(QStringLiteral("http://10.0.0.5:8080")), QStringLiteral("abc-123")};
    QTest::newRow("round trip") << good.toPayload().toUtf8() << true;
    QTest::newRow("ftp url") << QByteArray("lounge-enroll:?v=1&central=ftp%3A%2F%2Fx&code=a") << false;
    QTest::newRow("no code") << QByteArray("lounge-enroll:?v=1&central=http%3A%2F%2Fx") << false;
    QTest::newRow("version 2") << QByteArray("lounge-enroll:?v=2&central=http%3A%2F%2Fx&code=a") << false;
    QTest::newRow("a membership code") << QByteArray("L1M.M-1001.abcdef") << false;
    QTest::newRow("url with query") << QByteArray("lounge-enroll:?v=1&central=http%3A%2F%2Fx%3Fa%3Db&code=a") << false;
    QTest::newRow("huge") << QByteArray("lounge-enroll:?v=1&code=") + QByteArray(5000, 'a') << false;
}

void TestCentralDeploy::enrollmentLinkParsing()
{
    QFETCH(QByteArray, payload);
    QFETCH(bool, valid);
    QCOMPARE(core::EnrollmentLink::parse(payload).has_value(), valid);
}

QTEST_GUILESS_MAIN(TestCentralDeploy)
#include "tst_centraldeploy.moc"
