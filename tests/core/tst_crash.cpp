// Crash test: a child process redeeming in a loop is killed with SIGKILL at random moments, 200 times. After each
// kill every redemption the child reported as recorded is present exactly once and the file passes integrity_check.

#include "Store.h"
#include "TestData.h"

#include <QElapsedTimer>
#include <QHash>
#include <QProcess>
#include <QTest>

using namespace lounge::core;
using namespace lounge::core::test;

class TestCrash : public QObject
{
    Q_OBJECT

private slots:
    void killedAtRandomMomentsLosesNothingReported();
};

void TestCrash::killedAtRandomMomentsLosesNothingReported()
{
    bool ok = false;
    quint32 seed = qEnvironmentVariable("LOUNGE_TEST_SEED").toUInt(&ok);
    if (!ok) {
        seed = QRandomGenerator::global()->generate();
    }
    qInfo("seed %u (rerun with LOUNGE_TEST_SEED=%u)", seed, seed);
    QRandomGenerator rng(seed);

    TempStore ts;
    QVERIFY(ts.open());
    ChangePage page;
    page.resources = {resource(QStringLiteral("R-HKG"))};
    page.programs = {program(QStringLiteral("P"), {entitlement(Allowance::infinite())})};
    QString code;
    page.memberships = {membership(QStringLiteral("M1"), QStringLiteral("P"), &code)};
    QVERIFY(ts.store->applyChangePage(page));
    ts.store.reset(); // the child is the only writer while it runs

    QSet<QString> reported;
    int killedWhileRedeeming = 0;
    const int rounds = 200;
    for (int round = 0; round < rounds; ++round) {
        QProcess child;
        child.setProgram(QStringLiteral(LOUNGE_CRASH_CHILD));
        child.setArguments({ts.path(), code});
        child.setProcessChannelMode(QProcess::SeparateChannels);
        child.start();
        QVERIFY2(child.waitForStarted(5000), qPrintable(child.errorString()));
        // Even rounds count from exec (kills land in start-up, open and WAL recovery); odd rounds from the first
        // reported redemption, so half the kills land in the redeem loop however slow the machine (ASan, load).
        QByteArray out;
        if (round % 2) {
            while (out.count('\n') < 2) { // "ready" + one id
                QVERIFY2(child.waitForReadyRead(10000),
                         qPrintable(QString::fromLocal8Bit(child.readAllStandardError())));
                out += child.readAllStandardOutput();
            }
        }
        const int delayMs = int(rng.bounded(5, 41));
        QVERIFY2(!child.waitForFinished(delayMs),
                 qPrintable(QStringLiteral("child exited by itself: %1")
                                .arg(QString::fromLocal8Bit(child.readAllStandardError()))));
        child.kill(); // SIGKILL
        QVERIFY(child.waitForFinished(5000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        out += child.readAllStandardOutput();
        const QList<QByteArray> lines = out.split('\n');
        int fromThisRound = 0;
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) { // the last piece is an unterminated line (or empty)
            if (lines[i] != "ready") {
                reported.insert(QString::fromLatin1(lines[i]));
                ++fromThisRound;
            }
        }
        killedWhileRedeeming += fromThisRound > 0;

        // Restart: open as the kiosk would (WAL recovery), then check.
        QVERIFY(ts.open());
        auto integrity = ts.store->integrityCheck();
        QVERIFY(integrity);
        QCOMPARE(*integrity, QStringLiteral("ok"));
        auto st = ts.store->database().prepare(QStringLiteral("SELECT id FROM journal"));
        QVERIFY(st);
        QHash<QString, int> present;
        for (;;) {
            auto row = (*st)->step();
            QVERIFY(row);
            if (!*row) {
                break;
            }
            present[(*st)->text(0)] += 1;
        }
        for (const QString& id : std::as_const(reported)) {
            QVERIFY2(present.value(id) == 1,
                     qPrintable(QStringLiteral("seed %1 round %2: reported %3 present %4 times")
                                    .arg(seed)
                                    .arg(round)
                                    .arg(id)
                                    .arg(present.value(id))));
        }
        ts.store.reset();
    }

    // The journal's hash chain survived every crash too.
    QVERIFY(ts.open());
    auto all = ts.store->fullJournal();
    QVERIFY(all);
    QByteArray prev;
    for (const auto& r : *all) {
        QCOMPARE(r.prevHash.isEmpty() ? QByteArray() : r.prevHash, prev);
        QCOMPARE(journalHash(r.prevHash, r), r.hash);
        prev = r.hash;
    }
    QVERIFY2(killedWhileRedeeming >= rounds / 2, "too few kills landed while redeeming: the test is not exercising it");
    qInfo("%d rounds, %d reported redemptions, %d in the journal, %d rounds killed mid-loop", rounds,
          int(reported.size()), int(all->size()), killedWhileRedeeming);
}

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
