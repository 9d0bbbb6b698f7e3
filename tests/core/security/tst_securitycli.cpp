// `lounge-terminal verify-journal`, run in process: exit 0 on an intact chain, 65 and the record number on a
// tampered one, without writing to the evidence.
#include "AccessService.h"
#include "SecurityTestData.h"
#include "cli/Cli.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace lounge::core;
using namespace lounge::core::test;

class TestSecurityCli : public QObject
{
    Q_OBJECT

private:
    TempStore m_db;

    int run(const QStringList& args, QString* output)
    {
        QString out;
        QString err;
        QTextStream outStream(&out);
        QTextStream errStream(&err);
        const int rc
            = lounge::app::runCli(QStringList {QStringLiteral("lounge-terminal")} + args, outStream, errStream);
        *output = out + err;
        return rc;
    }

private slots:
    void init()
    {
        m_db.removeFiles();
        QVERIFY(m_db.open());
        Store& store = *m_db.store;
        QVERIFY(store.upsertResource(resource(QStringLiteral("R"))));
        QVERIFY(store.upsertProgram(program(QStringLiteral("GOLD"), {entitlement(Allowance::infinite())})));
        QString code;
        QVERIFY(store.upsertMembership(membership(QStringLiteral("M-1"), QStringLiteral("GOLD"), &code)));
        FixedClock clock(centralNow());
        AccessService service(store, clock, TerminalContext {QStringLiteral("T"), QStringLiteral("R"), {}, 0, 0});
        for (int i = 0; i < 3; ++i) {
            QVERIFY(service.redeem(ScanInput {code.toUtf8(), 1})->recorded);
        }
    }

    void intactJournal()
    {
        m_db.store.reset();
        QString output;
        QCOMPARE(run({QStringLiteral("verify-journal"), QStringLiteral("--data-dir"), m_db.dir.path()}, &output), 0);
        QVERIFY2(output.contains(QLatin1String("intact: 3 records")), qPrintable(output));
    }

    void tamperedRowIsNamed()
    {
        QVERIFY(m_db.store->database().execScript(
            QStringLiteral("DROP TRIGGER journal_chained_immutable; UPDATE journal SET party=9 WHERE seq=2")));
        m_db.store.reset();
        const QByteArray before = [&] {
            QFile f(m_db.path());
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        QString output;
        QCOMPARE(run({QStringLiteral("verify-journal"), QStringLiteral("--json"), QStringLiteral("--data-dir"),
                      m_db.dir.path()},
                     &output),
                 int(lounge::app::kExitData));
        const QJsonObject o = QJsonDocument::fromJson(output.section(QLatin1Char('\n'), 0, 0).toUtf8()).object();
        QCOMPARE(o.value("ok").toBool(true), false);
        QCOMPARE(o.value("firstBrokenSeq").toInt(), 2);
        QCOMPARE(o.value("records").toInt(), 1);
        QFile f(m_db.path());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);
    }

    void listedInHelp()
    {
        QString output;
        QCOMPARE(run({QStringLiteral("--help")}, &output), 0);
        QVERIFY(output.contains(QLatin1String("verify-journal")));
    }
};

QTEST_GUILESS_MAIN(TestSecurityCli)
#include "tst_securitycli.moc"
