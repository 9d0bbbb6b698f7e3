// The lounge-central executable: enroll-code, report overdraws, qr (payload + PNG) on a database prepared
// through the service (same key file the executable uses); on SQLite and (tst_centralcli_pg) PostgreSQL; and the
// CLI writing beside a live server on the same database.
#include "CentralProcess.h"
#include "CentralService.h"
#include "DemoData.h"
#include "TestCentralDb.h"

#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace lounge;

class TestCentralCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void enrollCodePrintsAOneTimeCode();
    void reportOverdrawsListsFlaggedVisits();
    void qrPrintsPayloadAndWritesPng();
    void usageErrors_data();
    void usageErrors();
    void staffTakesANameAndKeepsIt();
    void cliWritesBesideALiveServer();
    void migrateReportsAndRefusesNewer();
    void anotherKeyFileIsRefused();
    void centralConfNamesTheDatabaseAndKey();
    void correctMemberIsAuditedAsCli();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
    };
    Run run(QStringList args)
    {
        if (args.contains(QStringLiteral("--db")) && args.first() != QLatin1String("migrate")) {
            args << QStringLiteral("--key-file") << m_key;
        }
        QProcess p;
        p.start(QStringLiteral(LOUNGE_CENTRAL_EXE), args);
        p.waitForFinished(60000);
        return {p.exitCode(), p.readAllStandardOutput() + p.readAllStandardError()};
    }
    QTemporaryDir m_dir;
    test::TestCentralDb m_central;
    QString m_db; ///< what --db takes: the SQLite file or the PostgreSQL URL
    QString m_key; ///< --key-file
    core::DemoData m_demo = core::DemoData::build(QDate::currentDate());
};

void TestCentralCli::initTestCase()
{
    QString why;
    QVERIFY2(m_central.create(m_dir, QStringLiteral("central.sqlite"), &why), qPrintable(why));
    m_db = m_central.url;
    m_key = m_dir.filePath(QStringLiteral("central.sqlite.key")); // SQLite's default place
    const QByteArray key(32, '\x42');
    QFile keyFile(m_key);
    QVERIFY(keyFile.open(QIODevice::WriteOnly));
    keyFile.write(key.toHex() + '\n');
    keyFile.close();

    auto store = m_central.open();
    QVERIFY(store);
    core::SystemClock clock;
    central::CentralService service(**store, clock, central::CentralService::Options {key});
    QVERIFY(service.seedDemo(m_demo));
    // Two offline visits on a one-visit E-pass from one terminal: the second is an overdraw.
    auto code = service.createEnrollmentCode(QStringLiteral("HKG-T1-LOUNGE"));
    QVERIFY(code);
    auto terminal = service.enroll(*code);
    QVERIFY(terminal);
    const central::TerminalRecord t {terminal->terminalId, terminal->resourceId, {}, {}};
    QList<core::Redemption> batch;
    for (int i = 0; i < 2; ++i) {
        core::Redemption r;
        r.id = QUuid::createUuid();
        r.credential = {core::CredentialKind::EPass, QStringLiteral("E-2002")};
        r.resourceId = QStringLiteral("HKG-T1-LOUNGE");
        r.terminalId = t.id;
        r.uses = {core::PoolUse {QStringLiteral("LOUNGE"), core::Pool::Usages, QStringLiteral("V"), 1}};
        r.at = clock.now();
        batch << r;
    }
    auto results = service.upload(t, batch);
    QVERIFY(results);
    QCOMPARE(central::toString(results->at(1).status), QStringLiteral("conflict"));
    // Two visits admitted with the same dynamic token (two offline terminals): the second is a replay conflict.
    QList<core::Redemption> replayed;
    for (int i = 0; i < 2; ++i) {
        core::Redemption r;
        r.id = QUuid::createUuid();
        r.credential = {core::CredentialKind::Membership, QStringLiteral("M-1002")};
        r.resourceId = QStringLiteral("HKG-T1-LOUNGE");
        r.terminalId = t.id;
        // PLATINUM counts lounge visits per validity period ("V"); central re-checks the uses against the rules.
        r.uses = {core::PoolUse {QStringLiteral("LOUNGE"), core::Pool::Cardholder, QStringLiteral("V"), 1}};
        r.at = clock.now();
        r.tokenId = QByteArray(16, '\x5a');
        replayed << r;
    }
    auto second = service.upload(t, replayed);
    QVERIFY(second);
    QCOMPARE(central::toString(second->at(0).status), QStringLiteral("accepted"));
    QCOMPARE(central::toString(second->at(1).status), QStringLiteral("conflict"));
    QCOMPARE(second->at(1).reason, QStringLiteral("REPLAYED"));
}

void TestCentralCli::enrollCodePrintsAOneTimeCode()
{
    const Run r = run({QStringLiteral("enroll-code"), QStringLiteral("--resource"), QStringLiteral("LHR-T5-LOUNGE"),
                       QStringLiteral("--db"), m_db});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(QRegularExpression(QStringLiteral("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\\s*$"))
                 .match(QString::fromUtf8(r.out))
                 .hasMatch(),
             r.out.constData());
    QCOMPARE(run({QStringLiteral("enroll-code"), QStringLiteral("--resource"), QStringLiteral("NOWHERE"),
                  QStringLiteral("--db"), m_db})
                 .exitCode,
             65);
}

void TestCentralCli::reportOverdrawsListsFlaggedVisits()
{
    const Run r = run({QStringLiteral("report"), QStringLiteral("overdraws"), QStringLiteral("--json"),
                       QStringLiteral("--db"), m_db});
    QCOMPARE(r.exitCode, 0);
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 1);
    const QJsonObject o = QJsonDocument::fromJson(lines.first()).object();
    QCOMPARE(o.value("credential").toString(), QStringLiteral("E:E-2002"));
    QCOMPARE(o.value("resource").toString(), QStringLiteral("HKG-T1-LOUNGE"));
    QCOMPARE(o.value("reason").toString(), QStringLiteral("OVERDRAWN"));
    const Run human = run({QStringLiteral("report"), QStringLiteral("overdraws"), QStringLiteral("--db"), m_db});
    QVERIFY(human.out.contains("1 overdraw(s)"));
    const Run replays = run(
        {QStringLiteral("report"), QStringLiteral("replays"), QStringLiteral("--json"), QStringLiteral("--db"), m_db});
    QCOMPARE(replays.exitCode, 0);
    const QList<QByteArray> replayLines = replays.out.trimmed().split('\n');
    QCOMPARE(replayLines.size(), 1);
    const QJsonObject replay = QJsonDocument::fromJson(replayLines.first()).object();
    QCOMPARE(replay.value("credential").toString(), QStringLiteral("M:M-1002"));
    QCOMPARE(replay.value("reason").toString(), QStringLiteral("REPLAYED"));
    const Run all = run({QStringLiteral("report"), QStringLiteral("conflicts"), QStringLiteral("--db"), m_db});
    QVERIFY2(all.out.contains("2 conflict(s)"), all.out.constData());
    QCOMPARE(run({QStringLiteral("report"), QStringLiteral("everything"), QStringLiteral("--db"), m_db}).exitCode, 64);
}

void TestCentralCli::qrPrintsPayloadAndWritesPng()
{
    const QString png = m_dir.filePath(QStringLiteral("m.png"));
    const Run r = run({QStringLiteral("qr"), QStringLiteral("--membership"), QStringLiteral("M-1001"),
                       QStringLiteral("--png"), png, QStringLiteral("--db"), m_db});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QString::fromUtf8(r.out.trimmed()), m_demo.samples.first().code);
    QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.width(), image.height());
}

void TestCentralCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("unknown command") << QStringList {QStringLiteral("frobnicate")} << 64;
    QTest::newRow("enroll-code without resource") << QStringList {QStringLiteral("enroll-code")} << 64;
    QTest::newRow("qr with both kinds") << QStringList {
        QStringLiteral("qr"), QStringLiteral("--membership"), QStringLiteral("M-1"), QStringLiteral("--epass"),
        QStringLiteral("E-1")} << 64;
    QTest::newRow("report what") << QStringList {QStringLiteral("report"), QStringLiteral("everything")} << 64;
}

void TestCentralCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QCOMPARE(run(args << QStringLiteral("--db") << m_db).exitCode, exitCode);
}

void TestCentralCli::staffTakesANameAndKeepsIt()
{
    auto made = run({QStringLiteral("staff"), QStringLiteral("--db"), m_db, QStringLiteral("--id"),
                     QStringLiteral("4701"), QStringLiteral("--name"), QStringLiteral("Amira Haddad"),
                     QStringLiteral("--pin"), QStringLiteral("4701")});
    QCOMPARE(made.exitCode, 0);
    QVERIFY2(made.out.contains("staff 4701 \"Amira Haddad\""), made.out.constData());
    // A later change (role) without --name keeps the display name.
    auto promoted = run({QStringLiteral("staff"), QStringLiteral("--db"), m_db, QStringLiteral("--id"),
                         QStringLiteral("4701"), QStringLiteral("--role"), QStringLiteral("supervisor")});
    QCOMPARE(promoted.exitCode, 0);
    QVERIFY2(promoted.out.contains("staff 4701 \"Amira Haddad\" (SUPERVISOR)"), promoted.out.constData());
    // The usage names the option.
    QVERIFY(run({QStringLiteral("--help")}).out.contains("--name TEXT"));
}

/// Issue 12: `lounge-central staff` beside a live server on the same database collided (`UNIQUE constraint failed:
/// records.seq`: the server numbered its next change from a head it had cached). Now each write takes the next
/// sequence inside the write lock; both the CLI and the server's HTTP writes succeed, interleaved, and every change
/// has its own sequence.
void TestCentralCli::cliWritesBesideALiveServer()
{
    const QString issuerKeyFile = m_dir.filePath(QStringLiteral("issuer.key"));
    {
        QFile f(issuerKeyFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("issuer-key-for-the-cli-test\n");
        f.close();
        QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
    }
    test::CentralProcess server;
    QVERIFY(server.start(QStringLiteral(LOUNGE_CENTRAL_EXE),
                         {QStringLiteral("--db"), m_db, QStringLiteral("--key-file"), m_key,
                          QStringLiteral("--issuer-key-file"), issuerKeyFile}));
    QNetworkAccessManager nam;
    auto putResource = [&](const QString& id) {
        QNetworkRequest request(server.url(QStringLiteral("/v1/issuer/resources/") + id));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader("Authorization", "Bearer issuer-key-for-the-cli-test");
        const QJsonObject body {
            {"module", "LOUNGE"}, {"name", id}, {"airport", "HKG"}, {"terminal", "T1"}, {"timeZone", "Asia/Hong_Kong"}};
        return nam.put(request, QJsonDocument(body).toJson());
    };
    constexpr int kRounds = 6;
    for (int i = 0; i < kRounds; ++i) {
        // The CLI and an HTTP write at the same time, then an HTTP write after the CLI's (the one that collided).
        QProcess cli;
        cli.setProcessChannelMode(QProcess::MergedChannels);
        cli.start(QStringLiteral(LOUNGE_CENTRAL_EXE),
                  {QStringLiteral("staff"), QStringLiteral("--db"), m_db, QStringLiteral("--key-file"), m_key,
                   QStringLiteral("--id"), QStringLiteral("CLI-%1").arg(i), QStringLiteral("--pin"),
                   QStringLiteral("48%1%1").arg(i)});
        QNetworkReply* during = putResource(QStringLiteral("CLI-RES-A%1").arg(i));
        QTRY_VERIFY_WITH_TIMEOUT(during->isFinished() && cli.state() == QProcess::NotRunning, 60000);
        const QByteArray cliOut = cli.readAll();
        QVERIFY2(cli.exitCode() == 0, cliOut.constData());
        QCOMPARE(during->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QNetworkReply* after = putResource(QStringLiteral("CLI-RES-B%1").arg(i));
        QTRY_VERIFY_WITH_TIMEOUT(after->isFinished(), 30000);
        QVERIFY2(after->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200,
                 after->readAll().constData());
        during->deleteLater();
        after->deleteLater();
    }
    // Every change landed once, each at its own sequence (the feed's order), the highest being the head.
    auto store = m_central.open();
    QVERIFY(store);
    auto all = (*store)->changesSince(0, 100000);
    QVERIFY(all);
    QSet<qint64> seqs;
    int staff = 0;
    int resources = 0;
    for (const auto& r : *all) {
        seqs.insert(r.seq);
        staff += r.kind == QLatin1String("staff") && r.id.startsWith(QLatin1String("CLI-"));
        resources += r.kind == QLatin1String("resource") && r.id.startsWith(QLatin1String("CLI-RES-"));
    }
    QCOMPARE(seqs.size(), all->size());
    QCOMPARE(staff, kRounds);
    QCOMPARE(resources, 2 * kRounds);
    QCOMPARE(*(*store)->headSeq(), all->last().seq);
    QVERIFY2(!server.output.contains("UNIQUE"), server.output.constData());
}

/// `lounge-central migrate` says what it did; a database from a newer lounge-central is refused by every command.
void TestCentralCli::migrateReportsAndRefusesNewer()
{
    const Run current = run({QStringLiteral("migrate"), QStringLiteral("--db"), m_db});
    QVERIFY2(current.exitCode == 0, current.out.constData());
    QVERIFY2(current.out.contains("up to date"), current.out.constData());

    // A fresh database: migrated from 0.
    QTemporaryDir dir;
    test::TestCentralDb fresh;
    QString why;
    QVERIFY2(fresh.create(dir, QStringLiteral("fresh.sqlite"), &why), qPrintable(why));
    const Run created = run({QStringLiteral("migrate"), QStringLiteral("--db"), fresh.url});
    QVERIFY2(created.exitCode == 0, created.out.constData());
    QVERIFY2(created.out.contains("migrated from schema 0 to"), created.out.constData());

    // Pretend a newer version wrote it.
    if (fresh.isPostgres()) {
        central::pg::Connection db(fresh.url);
        QVERIFY(db.execScript(QStringLiteral("INSERT INTO schema_version(version) VALUES (999)")));
    } else {
        QProcess sqlite;
        sqlite.start(QStringLiteral("sqlite3"), {fresh.url, QStringLiteral("PRAGMA user_version=999")});
        QVERIFY(sqlite.waitForFinished(30000));
        QCOMPARE(sqlite.exitCode(), 0);
    }
    const Run newer = run({QStringLiteral("migrate"), QStringLiteral("--db"), fresh.url});
    QCOMPARE(newer.exitCode, 65);
    QVERIFY2(newer.out.contains("SCHEMA_TOO_NEW"), newer.out.constData());
    const Run other = run({QStringLiteral("enroll-code"), QStringLiteral("--resource"), QStringLiteral("HKG-T1-LOUNGE"),
                           QStringLiteral("--db"), fresh.url});
    QVERIFY(other.exitCode != 0);
    QVERIFY2(other.out.contains("newer lounge-central"), other.out.constData());
}

/// Every process must seal with the same key: one given another key file is refused, and says so.
void TestCentralCli::anotherKeyFileIsRefused()
{
    const QString other = m_dir.filePath(QStringLiteral("other.key"));
    QFile f(other);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(32, '\x17').toHex() + '\n');
    f.close();
    QVERIFY(run({QStringLiteral("rotate-key"), QStringLiteral("--db"), m_db}).exitCode == 0); // records the right one
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(LOUNGE_CENTRAL_EXE),
            {QStringLiteral("enroll-code"), QStringLiteral("--resource"), QStringLiteral("HKG-T1-LOUNGE"),
             QStringLiteral("--db"), m_db, QStringLiteral("--key-file"), other});
    QVERIFY(p.waitForFinished(60000));
    const QByteArray out = p.readAll();
    QVERIFY(p.exitCode() != 0);
    QVERIFY2(out.contains("is not the key this database's codes are sealed with"), out.constData());
    QCOMPARE(run({QStringLiteral("enroll-code"), QStringLiteral("--resource"), QStringLiteral("HKG-T1-LOUNGE"),
                  QStringLiteral("--db"), m_db})
                 .exitCode,
             0);
}

/// central.conf's `database` (an SQLite path or a postgresql:// URL) and `key_file`, as packaged (docs/deployment.md).
void TestCentralCli::centralConfNamesTheDatabaseAndKey()
{
    const QString issuerKeyFile = m_dir.filePath(QStringLiteral("conf-issuer.key"));
    QFile ik(issuerKeyFile);
    QVERIFY(ik.open(QIODevice::WriteOnly));
    ik.write("issuer-key-from-central-conf\n");
    ik.close();
    QVERIFY(ik.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
    const QString conf = m_dir.filePath(QStringLiteral("central.conf"));
    QFile f(conf);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("listen = 127.0.0.1:0\ndatabase = " + m_db.toUtf8() + "\nkey_file = " + m_key.toUtf8()
            + "\nissuer_key_file = " + issuerKeyFile.toUtf8() + "\n");
    f.close();
    test::CentralProcess server;
    QVERIFY(server.start(QStringLiteral(LOUNGE_CENTRAL_EXE), {QStringLiteral("--config"), conf}));
    QNetworkAccessManager nam;
    QNetworkRequest request(server.url(QStringLiteral("/v1/issuer/memberships/M-1001")));
    request.setRawHeader("Authorization", "Bearer issuer-key-from-central-conf");
    QNetworkReply* reply = nam.get(request);
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 30000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    reply->deleteLater();
    const Run migrated = run({QStringLiteral("migrate"), QStringLiteral("--config"), conf});
    QVERIFY2(migrated.exitCode == 0 && migrated.out.contains("up to date"), migrated.out.constData());
}

void TestCentralCli::correctMemberIsAuditedAsCli()
{
    Run r = run({QStringLiteral("correct-member"), QStringLiteral("--db"), m_db, QStringLiteral("--membership"),
                 QStringLiteral("M-1007"), QStringLiteral("--name"), QStringLiteral("Aiko Tanaka-Smith"),
                 QStringLiteral("--number"), QStringLiteral("6001234500008888")});
    QVERIFY2(r.exitCode == 0, r.out.constData());
    QVERIFY2(r.out.contains("cli  holderName: Aiko Tanaka -> Aiko Tanaka-Smith"), r.out.constData());
    QVERIFY2(r.out.contains("cli  number: 6001234500001007 -> 6001234500008888"), r.out.constData());
    auto store = m_central.open();
    QVERIFY(store);
    auto byNumber = (*store)->recordByNumber(QStringLiteral("6001234500008888"));
    QVERIFY(byNumber && byNumber->has_value());
    QCOMPARE((*byNumber)->id, QStringLiteral("M-1007"));
    auto audit = (*store)->corrections(QStringLiteral("M-1007"), std::nullopt, 10);
    QVERIFY(audit);
    QCOMPARE(audit->size(), 2);
    QCOMPARE(audit->first().actor, QStringLiteral("cli"));
    // Another member's number: refused, nothing changed; no value to correct: a usage error.
    r = run({QStringLiteral("correct-member"), QStringLiteral("--db"), m_db, QStringLiteral("--membership"),
             QStringLiteral("M-1002"), QStringLiteral("--number"), QStringLiteral("6001234500008888")});
    QCOMPARE(r.exitCode, 65);
    QCOMPARE((*store)->corrections(QStringLiteral("M-1002"), std::nullopt, 10)->size(), 0);
    r = run({QStringLiteral("correct-member"), QStringLiteral("--db"), m_db, QStringLiteral("--membership"),
             QStringLiteral("M-1002")});
    QCOMPARE(r.exitCode, 64);
}

QTEST_GUILESS_MAIN(TestCentralCli)
#include "tst_centralcli.moc"
