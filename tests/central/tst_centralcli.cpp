// The lounge-central executable: enroll-code, report overdraws, qr (payload + PNG) on a database prepared
// through the service (same key file the executable uses).
#include "CentralService.h"
#include "DemoData.h"
#include "SqliteCentralStore.h"

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

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
    };
    Run run(const QStringList& args)
    {
        QProcess p;
        p.start(QStringLiteral(LOUNGE_CENTRAL_EXE), args);
        p.waitForFinished(60000);
        return {p.exitCode(), p.readAllStandardOutput() + p.readAllStandardError()};
    }
    QTemporaryDir m_dir;
    QString m_db;
    core::DemoData m_demo = core::DemoData::build(QDate::currentDate());
};

void TestCentralCli::initTestCase()
{
    m_db = m_dir.filePath(QStringLiteral("central.sqlite"));
    const QByteArray key(32, '\x42');
    QFile keyFile(m_db + QStringLiteral(".key"));
    QVERIFY(keyFile.open(QIODevice::WriteOnly));
    keyFile.write(key.toHex() + '\n');
    keyFile.close();

    auto store = central::SqliteCentralStore::open(m_db);
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

QTEST_GUILESS_MAIN(TestCentralCli)
#include "tst_centralcli.moc"
