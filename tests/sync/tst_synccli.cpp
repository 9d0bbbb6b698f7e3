// lounge-terminal enroll / sync --once / status against a real central on 127.0.0.1 (in-process, real HTTP).
#include "SyncHarness.h"
#include "cli/Cli.h"

#include <QJsonDocument>
#include <QtTest>

using namespace lounge;
using namespace lounge::sync::test;

namespace {

struct CliRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

CliRun cli(const QStringList& args)
{
    CliRun r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.exitCode = app::runCli(QStringList {QStringLiteral("lounge-terminal")} + args, out, err);
    out.flush();
    err.flush();
    return r;
}

} // namespace

class TestSyncCli : public QObject
{
    Q_OBJECT
private slots:
    void enrollSyncRedeemStatus();
    void syncOnceAgainstNoCentralExitsUnavailable();
};

void TestSyncCli::enrollSyncRedeemStatus()
{
    CentralFixture c;
    QVERIFY(c.start());
    QTemporaryDir data;
    const QString dir = data.path();
    auto code = c.service->createEnrollmentCode(QStringLiteral("HKG-T1-LOUNGE"));
    QVERIFY(code);

    const CliRun notYet = cli({QStringLiteral("sync"), QStringLiteral("--once"), QStringLiteral("--data-dir"), dir});
    QCOMPARE(notYet.exitCode, int(app::kExitData));

    const CliRun enrolled
        = cli({QStringLiteral("enroll"), c.url().toString(), *code, QStringLiteral("--data-dir"), dir});
    QVERIFY2(enrolled.exitCode == 0, qPrintable(enrolled.err));
    QVERIFY(enrolled.out.contains(QLatin1String("HKG-T1-LOUNGE")));
    const CliRun reused = cli({QStringLiteral("enroll"), c.url().toString(), *code, QStringLiteral("--data-dir"), dir});
    QCOMPARE(reused.exitCode, int(app::kExitData));

    const CliRun synced = cli({QStringLiteral("sync"), QStringLiteral("--once"), QStringLiteral("--data-dir"), dir});
    QVERIFY2(synced.exitCode == 0, qPrintable(synced.err));
    QVERIFY(synced.err.contains(QLatin1String("download:"))); // progress for the initial download

    const CliRun redeemed = cli({QStringLiteral("redeem"), c.sampleCode(QStringLiteral("Gold member, active")),
                                 QStringLiteral("--data-dir"), dir});
    QVERIFY2(redeemed.exitCode == 0, qPrintable(redeemed.out + redeemed.err));
    const CliRun pending = cli({QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--data-dir"), dir});
    QCOMPARE(pending.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(pending.out.toUtf8()).object().value("pendingUploads").toInt(), 1);

    QVERIFY(cli({QStringLiteral("sync"), QStringLiteral("--once"), QStringLiteral("--data-dir"), dir}).exitCode == 0);
    QCOMPARE(c.redemptionCount(QStringLiteral("M:M-1001")), 1);
    const CliRun status = cli({QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--data-dir"), dir});
    const QJsonObject o = QJsonDocument::fromJson(status.out.toUtf8()).object();
    QCOMPARE(o.value("enrolled").toBool(), true);
    QCOMPARE(o.value("pendingUploads").toInt(), 0);
    QCOMPARE(o.value("resource").toString(), QStringLiteral("HKG-T1-LOUNGE"));
    QVERIFY(o.value("cursor").toDouble() > 0);
}

void TestSyncCli::syncOnceAgainstNoCentralExitsUnavailable()
{
    CentralFixture c;
    QVERIFY(c.start());
    QTemporaryDir data;
    auto code = c.service->createEnrollmentCode(QStringLiteral("HKG-T1-LOUNGE"));
    QVERIFY(code);
    QCOMPARE(
        cli({QStringLiteral("enroll"), c.url().toString(), *code, QStringLiteral("--data-dir"), data.path()}).exitCode,
        0);
    c.server.reset(); // central goes away
    const CliRun r = cli({QStringLiteral("sync"), QStringLiteral("--once"), QStringLiteral("--data-dir"), data.path()});
    QCOMPARE(r.exitCode, int(app::kExitUnavailable));
    QVERIFY(r.err.contains(QLatin1String("sync failed")));
}

QTEST_GUILESS_MAIN(TestSyncCli)
#include "tst_synccli.moc"
