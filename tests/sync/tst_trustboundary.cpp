// Issue 11, terminal side across both ends (real central over HTTP on loopback, real terminal store files):
// central flags a journal whose tail was cut on the terminal (journal head reported with every sync), and a member
// registered in the evening in New York is usable at JFK right away.
#include "CentralSecurity.h"
#include "JournalHeadCheck.h"
#include "PgConnection.h"
#include "SyncHarness.h"
#include "Validator.h"
#include "sqlite/Database.h"

#include <QProcess>
#include <QTimeZone>
#include <QtTest>

using namespace lounge;
using namespace lounge::sync;
using namespace lounge::sync::test;

class TestTrustBoundary : public QObject
{
    Q_OBJECT
private slots:
    void journalHeadRule_data();
    void journalHeadRule();
    void headerParsing();
    void cutJournalTailIsFlaggedAtNextSync();
    void unchangedHeadNeverWaitsForTheWriterLock();
    void registeredInTheEveningUsableAtJfkNow();
};

void TestTrustBoundary::journalHeadRule_data()
{
    QTest::addColumn<qint64>("highestSeq");
    QTest::addColumn<QByteArray>("highestHash");
    QTest::addColumn<qint64>("reportedSeq");
    QTest::addColumn<QByteArray>("reportedHash");
    QTest::addColumn<bool>("flagged");
    const QByteArray a(32, 'a');
    const QByteArray b(32, 'b');
    QTest::newRow("first report") << qint64(0) << QByteArray() << qint64(5) << a << false;
    QTest::newRow("same head again") << qint64(5) << a << qint64(5) << a << false;
    QTest::newRow("extended") << qint64(5) << a << qint64(9) << b << false;
    QTest::newRow("tail cut") << qint64(9) << b << qint64(5) << a << true;
    QTest::newRow("emptied journal") << qint64(9) << b << qint64(0) << QByteArray() << true;
    QTest::newRow("same seq, other record") << qint64(5) << a << qint64(5) << b << true;
}

void TestTrustBoundary::journalHeadRule()
{
    QFETCH(qint64, highestSeq);
    QFETCH(QByteArray, highestHash);
    QFETCH(qint64, reportedSeq);
    QFETCH(QByteArray, reportedHash);
    QFETCH(bool, flagged);
    const QString problem
        = central::journalHeadProblem(core::JournalHead {highestSeq, highestHash}, {reportedSeq, reportedHash});
    QCOMPARE(!problem.isEmpty(), flagged);
}

void TestTrustBoundary::headerParsing()
{
    const QByteArray hash(32, '\x5a');
    const auto ok = central::parseJournalHead(central::formatJournalHead({42, hash}));
    QVERIFY(ok);
    QCOMPARE(ok->seq, 42);
    QCOMPARE(ok->hash, hash);
    QVERIFY(central::parseJournalHead("0:"));
    for (const QByteArray& bad :
         {QByteArray("42"), QByteArray("-1:00"), QByteArray("x:00"), QByteArray("3:zz"),
          QByteArray("3:") + QByteArray(64, 'g'), QByteArray("0:") + QByteArray(64, 'a'), QByteArray("5:abcd")}) {
        QVERIFY2(!central::parseJournalHead(bad), bad.constData());
    }
}

void TestTrustBoundary::cutJournalTailIsFlaggedAtNextSync()
{
    CentralFixture c;
    QVERIFY(c.start());
    central::CentralSecurity security(*c.service, QByteArray(32, 'k'), central::CentralSecurity::Options {});
    auto t = std::make_unique<TerminalFixture>();
    QVERIFY(t->enroll(c, QStringLiteral("HKG-T1-LOUNGE")));
    QVERIFY(t->sync());
    for (const char* label : {"Gold member, active", "Platinum member, active", "E-pass, any lounge"}) {
        const core::Decision d = t->redeem(c.sampleCode(QLatin1String(label)));
        QVERIFY2(d.recorded, label);
    }
    QVERIFY(t->sync()); // uploads the three visits; the head (record 3) is reported with the next cycle
    QVERIFY(t->sync());
    QCOMPARE(security.journalBreaks()->size(), 0);

    // The terminal is shut down; someone with the disk deletes the last visit, lowers sqlite_sequence and removes the
    // witness file beside the cache (so that the terminal itself starts again).
    const QString path = t->dir.filePath(QStringLiteral("cache.sqlite"));
    t->engine.reset();
    t->access.reset();
    t->store.reset();
    QProcess shell;
    shell.start(QStringLiteral("sqlite3"),
                {path,
                 QStringLiteral("DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE seq=3; "
                                "UPDATE sqlite_sequence SET seq=2 WHERE name='journal';")});
    QVERIFY(shell.waitForFinished(20000));
    QCOMPARE(shell.exitCode(), 0);
    QVERIFY(QFile::remove(core::Store::witnessPath(path)));
    auto reopened = core::Store::open(path);
    QVERIFY2(reopened, reopened ? "" : qPrintable(reopened.error().toString()));
    t->store = std::move(reopened).value();
    auto local = t->store->verifyJournal();
    QVERIFY(local && local->ok); // locally the cut no longer shows: only central can tell
    t->engine = std::make_unique<SyncEngine>(*t->store, *t->client, t->clock, SyncEngine::Options {});
    QVERIFY(t->sync()); // the visits are never refused: the flag is for an investigation
    auto breaks = security.journalBreaks();
    QVERIFY(breaks);
    QCOMPARE(breaks->size(), 1);
    QCOMPARE(breaks->first().terminalId, t->settings.terminalId);
    QVERIFY2(breaks->first().problem.contains(QStringLiteral("went back from record 3 to 2")),
             qPrintable(breaks->first().problem));
}

/// Issue 12 (fleet-bench): every terminal request carries its journal head; judging it used to open a write
/// transaction, so every poll of the fleet queued for the writer lock that orders the feed. A head that has not moved
/// is now judged by reads alone: while another process holds the writer lock, a terminal that has nothing to upload
/// still syncs. (Before: SQLite "database is locked" / PostgreSQL lock timeout → 503, the sync failed.)
void TestTrustBoundary::unchangedHeadNeverWaitsForTheWriterLock()
{
    CentralFixture c;
    QVERIFY(c.start());
    central::CentralSecurity security(*c.service, QByteArray(32, 'k'), central::CentralSecurity::Options {});
    TerminalFixture t;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE")));
    QVERIFY(t.sync());
    QVERIFY(t.redeem(c.sampleCode(QStringLiteral("Gold member, active"))).recorded);
    QVERIFY(t.sync()); // uploads the visit
    QVERIFY(t.sync()); // reports the new head: central raises it (a write)

    // Another process takes the writer lock and keeps it.
    std::unique_ptr<core::sqlite::Database> sqliteWriter;
    std::unique_ptr<central::pg::Connection> pgWriter;
    if (c.db.isPostgres()) {
        pgWriter = std::make_unique<central::pg::Connection>(c.db.url);
        auto held = pgWriter->execScript(QStringLiteral("BEGIN; SELECT seq FROM feed_head WHERE id = 1 FOR UPDATE"));
        QVERIFY2(held, held ? "" : qPrintable(held.error().toString()));
    } else {
        auto opened = core::sqlite::Database::open(c.db.url);
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().toString()));
        sqliteWriter = std::move(opened).value();
        auto held = sqliteWriter->execScript(QStringLiteral("BEGIN IMMEDIATE"));
        QVERIFY2(held, held ? "" : qPrintable(held.error().toString()));
    }
    QVERIFY(t.sync()); // nothing to upload, the head unchanged: reads only
    QVERIFY(t.sync());

    // A visit made meanwhile moves the head: that needs the lock, and gets it once the other writer is done.
    QVERIFY(t.redeem(c.sampleCode(QStringLiteral("Platinum member, active"))).recorded);
    if (pgWriter) {
        QVERIFY(pgWriter->execScript(QStringLiteral("ROLLBACK")));
    } else {
        QVERIFY(sqliteWriter->execScript(QStringLiteral("ROLLBACK")));
    }
    QVERIFY(t.sync());
    QVERIFY(t.sync());
    QCOMPARE(*t.store->pendingUploads(), 0); // both visits reached central
    QCOMPARE(security.journalBreaks()->size(), 0);
}

void TestTrustBoundary::registeredInTheEveningUsableAtJfkNow()
{
    CentralFixture c;
    // Central's clock at 21:00 in New York (02:00 UTC the next day): the UTC date is already tomorrow.
    const QTimeZone newYork("America/New_York");
    // Today in New York, not on this machine: at 00:00–05:00 UTC the machine's date is already New York's tomorrow,
    // which would put central more than a day ahead of the terminal (CACHE_STALE instead of the rule under test).
    const QDateTime evening(QDateTime::currentDateTimeUtc().toTimeZone(newYork).date(), QTime(21, 0), newYork);
    c.clock.offsetMs = QDateTime::currentDateTimeUtc().msecsTo(evening);
    QVERIFY(c.start());
    QVERIFY(c.clock.now().date() > c.clock.now().toTimeZone(newYork).date());
    central::NewMembership spec;
    spec.programId = QStringLiteral("GOLD");
    spec.holderName = QStringLiteral("Evening Registrant");
    auto issued = c.service->registerMembership(spec); // no validFrom: registered "now"
    QVERIFY2(issued, issued ? "" : qPrintable(issued.error().toString()));
    TerminalFixture t;
    QVERIFY(t.enroll(c, QStringLiteral("JFK-T4-LOUNGE")));
    QVERIFY(t.sync());
    core::FixedClock at(c.clock.now());
    core::AccessService access(*t.store, at, t.settings.context(QStringLiteral("staff-1")));
    const core::Decision d = access.check(core::ScanInput {issued->code.toUtf8(), 1});
    QCOMPARE_ENUM(d.reason, core::Reason::Ok);
}

QTEST_GUILESS_MAIN(TestTrustBoundary)
#include "tst_trustboundary.moc"
