// A terminal killed mid-download (a real child process, SIGKILL, while feed pages commit at synchronous=NORMAL)
// resumes where its last committed page left off and ends with every record stored exactly as central sent it.
#include "SyncHarness.h"

#include <QProcess>
#include <QtTest>

using namespace lounge;
using namespace lounge::sync;
using namespace lounge::sync::test;

class TestSyncCrash : public QObject
{
    Q_OBJECT
private slots:
    void killedMidDownloadResumesAndStoresEverythingAsSent();
};

void TestSyncCrash::killedMidDownloadResumesAndStoresEverythingAsSent()
{
    CentralFixture c;
    QVERIFY(c.start());
    constexpr int kBulk = 2500; // memberships and as many E-passes: 10 pages of 500 behind the demo set
    QList<core::Membership> members;
    QList<core::EPass> passes;
    auto written = c.store->transaction([&]() -> core::Result<void> {
        for (int i = 0; i < kBulk; ++i) {
            core::Membership m;
            m.id = QStringLiteral("CRASH-M-%1").arg(i);
            m.number = QStringLiteral("72%1").arg(i, 8, 10, QLatin1Char('0'));
            m.holderName = QStringLiteral("Member %1").arg(i);
            m.tiers = {core::TierAssignment {i % 2 ? QStringLiteral("GOLD") : QStringLiteral("CLASSIC"), {}}};
            m.status = core::MembershipStatus::Active;
            m.validFrom = QDate::currentDate().addDays(-10 - i % 7);
            m.validTo = QDate::currentDate().addDays(300 + i);
            m.codeHash = QCryptographicHash::hash("crash-m" + QByteArray::number(i), QCryptographicHash::Sha256);
            core::EPass e {QStringLiteral("CRASH-E-%1").arg(i),
                           QStringLiteral("LOUNGE"),
                           QStringLiteral("First %1").arg(i),
                           QStringLiteral("Last %1").arg(i),
                           1 + i % 5,
                           QDate::currentDate().addDays(-1),
                           QDate::currentDate().addDays(30 + i % 11),
                           {},
                           core::EPassStatus::Active,
                           QCryptographicHash::hash("crash-e" + QByteArray::number(i), QCryptographicHash::Sha256)};
            if (auto x = c.service->writeMembership(m); !x) {
                return x.error();
            }
            if (auto x = c.service->writeEPass(e); !x) {
                return x.error();
            }
            members << m;
            passes << e;
        }
        return {};
    });
    QVERIFY2(written, written ? "" : qPrintable(written.error().toString()));

    // Enrol the terminal here, then leave its store to the child.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    QString terminalId;
    QString secret;
    {
        auto store = core::Store::open(path);
        QVERIFY(store);
        auto code = c.service->createEnrollmentCode(QStringLiteral("HKG-T1-LOUNGE"));
        QVERIFY(code);
        CentralClient client(c.url());
        bool done = false;
        core::TerminalSettings settings;
        client.enroll(*code, [&](core::Result<EnrollReply> r) {
            done = true;
            if (r) {
                terminalId = r->terminalId;
                secret = r->secret;
                settings.terminalId = r->terminalId;
                settings.resourceId = r->resourceId;
                settings.centralUrl = c.url().toString();
            }
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
        QVERIFY(!terminalId.isEmpty());
        QVERIFY(settings.save(**store));
    }
    const qint64 head = *c.store->headSeq(); // after the enrolment, which central records too
    const auto startChild = [&](QProcess& child, int stallAt) {
        child.setProgram(QStringLiteral(LOUNGE_SYNC_CRASH_CHILD));
        QStringList args {path, c.url().toString(), terminalId, secret, QStringLiteral("500")};
        if (stallAt > 0) {
            args << QString::number(stallAt);
        }
        child.setArguments(args);
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start();
    };

    // Killed: inside the first page of the run (its transaction open, 200 of its records written), inside the second,
    // and right after a page's commit (wherever the next page's request or apply is when SIGKILL lands).
    struct Kill
    {
        int stallAtSlice; ///< yield checks: five per page of 500 (its start, then after each slice of 100 but the last)
        const char* killOn;
    };
    qint64 lastCursor = 0;
    for (const Kill kill : {Kill {2, "mid-page"}, Kill {7, "mid-page"}, Kill {0, "page "}}) {
        QProcess child;
        QByteArray out;
        connect(&child, &QProcess::readyReadStandardOutput, this, [&] {
            out += child.readAllStandardOutput();
            if (out.contains(kill.killOn) && child.state() == QProcess::Running) {
                child.kill(); // SIGKILL
            }
        });
        startChild(child, kill.stallAtSlice);
        QVERIFY(child.waitForStarted());
        // central answers from this process's event loop
        QTRY_VERIFY_WITH_TIMEOUT(child.state() == QProcess::NotRunning, 120000);
        QVERIFY2(!out.contains("done"), "the download ended before the kill: make it longer");
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        // The store opens (its witness and ledger check out), its cursor only moved forward, to a page's end.
        auto store = core::Store::open(path);
        QVERIFY2(store, store ? "" : qPrintable(store.error().toString()));
        QCOMPARE(*(*store)->integrityCheck(), QStringLiteral("ok"));
        const qint64 cursor = *(*store)->cursor();
        QVERIFY2(cursor >= lastCursor && cursor < head,
                 qPrintable(QStringLiteral("cursor %1 after %2, head %3").arg(cursor).arg(lastCursor).arg(head)));
        QCOMPARE(*(*store)->synchronousLevel(), 2); // a fresh connection is FULL
        lastCursor = cursor;
    }
    QVERIFY(lastCursor > 0);

    QProcess child;
    QByteArray out;
    connect(&child, &QProcess::readyReadStandardOutput, this, [&] { out += child.readAllStandardOutput(); });
    startChild(child, 0);
    QVERIFY(child.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(child.state() == QProcess::NotRunning, 120000);
    QCOMPARE(child.exitStatus(), QProcess::NormalExit);
    QCOMPARE(child.exitCode(), 0);
    QVERIFY(out.contains("done"));

    auto store = core::Store::open(path);
    QVERIFY(store);
    core::Store& s = **store;
    QCOMPARE(*s.cursor(), *c.store->headSeq()); // (the sync itself reports to central, which records it)
    // The same rows as a terminal of the same lounge that downloaded without interruption...
    TerminalFixture reference;
    QVERIFY(reference.enroll(c, QStringLiteral("HKG-T1-LOUNGE")));
    QVERIFY(reference.sync());
    for (const QString& table : {QStringLiteral("memberships"), QStringLiteral("epasses"), QStringLiteral("resources"),
                                 QStringLiteral("programs")}) {
        QCOMPARE(*s.count(table), *reference.store->count(table));
    }
    QVERIFY(*s.count(QStringLiteral("memberships")) > kBulk);
    // ...and every record as central sent it.
    for (const core::Membership& m : members) {
        const auto stored = s.membershipById(m.id);
        QVERIFY(stored && stored->has_value());
        QVERIFY2(**stored == m, qPrintable(m.id));
    }
    for (const core::EPass& e : passes) {
        const auto stored = s.ePassById(e.id);
        QVERIFY(stored && stored->has_value());
        QVERIFY2(**stored == e, qPrintable(e.id));
    }
    QCOMPARE(*s.integrityCheck(), QStringLiteral("ok"));
    const auto ledger = s.verifyLedger();
    QVERIFY(ledger);
    QVERIFY2(ledger->ok, qPrintable(ledger->problems.join(QStringLiteral("; "))));
}

QTEST_GUILESS_MAIN(TestSyncCrash)
#include "tst_synccrash.moc"
