// The journal's hash chain: Store::verifyJournal finds the first tampered, removed or re-linked record, and the
// store file is private to its owner.
#include "AccessService.h"
#include "SecurityTestData.h"

#include <QFileInfo>
#include <QTest>

using namespace lounge::core;
using namespace lounge::core::test;

namespace {
const QString kResource = QStringLiteral("HKG-T1-LOUNGE");
}

class TestJournalIntegrity : public QObject
{
    Q_OBJECT

private:
    TempStore m_db;
    FixedClock m_clock {centralNow()};
    QList<QUuid> m_visits;

    /// Four records: three visits and a void of the second.
    void fill()
    {
        Store& store = *m_db.store;
        QVERIFY(store.upsertResource(resource(kResource)));
        QVERIFY(store.upsertProgram(program(QStringLiteral("GOLD"), {entitlement(Allowance::of(10))})));
        QString code;
        QVERIFY(store.upsertMembership(membership(QStringLiteral("M-1"), QStringLiteral("GOLD"), &code)));
        AccessService service(store, m_clock,
                              TerminalContext {QStringLiteral("T-1"), kResource, QStringLiteral("A-1"), 0, 0});
        m_visits.clear();
        for (int i = 0; i < 3; ++i) {
            auto d = service.redeem(ScanInput {code.toUtf8(), 1});
            QVERIFY(d && d->recorded);
            m_visits << d->redemptionId;
            m_clock.advance(60);
        }
        QVERIFY(service.voidRedemption(m_visits[1], QStringLiteral("S-1"), QStringLiteral("double scan")));
    }

    void exec(const QString& sql) { QVERIFY2(m_db.store->database().execScript(sql), qPrintable(sql)); }

private slots:
    void init()
    {
        m_clock.set(centralNow());
        m_db.removeFiles();
        QVERIFY(m_db.open());
        fill();
    }

    void intactJournalVerifies()
    {
        auto check = m_db.store->verifyJournal();
        QVERIFY(check);
        QVERIFY2(check->ok, qPrintable(check->problem));
        QCOMPARE(check->records, 4);
        QCOMPARE(check->firstBrokenSeq, 0);
    }

    void emptyJournalVerifies()
    {
        m_db.removeFiles();
        QVERIFY(m_db.open());
        auto check = m_db.store->verifyJournal();
        QVERIFY(check && check->ok);
        QCOMPARE(check->records, 0);
    }

    // Sync bookkeeping changes mutable columns only: the chain must still verify.
    void syncStateChangesKeepTheChain()
    {
        Store& store = *m_db.store;
        QVERIFY(store.markUploaded({m_visits[0], m_visits[2]}));
        QVERIFY(store.markAcknowledged(m_visits[0], 41, false));
        QVERIFY(store.markAcknowledged(m_visits[2], 42, true));
        QVERIFY(store.markRejected(m_visits[1], QStringLiteral("membership cancelled centrally")));
        auto check = store.verifyJournal();
        QVERIFY(check);
        QVERIFY2(check->ok, qPrintable(check->problem));
        // The rejection reason is still readable.
        QCOMPARE((*store.redemption(m_visits[1]))->remark, QStringLiteral("membership cancelled centrally"));
    }

    void tampering_data()
    {
        // Every statement first drops the guard triggers, as an attacker with the sqlite3 shell would.
        QTest::addColumn<QString>("sql");
        QTest::addColumn<qint64>("firstBroken");
        QTest::newRow("party size raised") << QStringLiteral("UPDATE journal SET party=4 WHERE seq=2") << qint64(2);
        QTest::newRow("time moved") << QStringLiteral("UPDATE journal SET at_ms=at_ms-86400000 WHERE seq=3")
                                    << qint64(3);
        QTest::newRow("uses rewritten") << QStringLiteral("UPDATE journal SET uses='[]' WHERE seq=1") << qint64(1);
        QTest::newRow("staff changed") << QStringLiteral("UPDATE journal SET staff='S-9' WHERE seq=4") << qint64(4);
        QTest::newRow("credential swapped")
            << QStringLiteral("UPDATE journal SET cred='M:M-2' WHERE seq=1") << qint64(1);
        QTest::newRow("void remark edited") << QStringLiteral("UPDATE journal SET remark='' WHERE seq=4") << qint64(4);
        QTest::newRow("void turned into a visit")
            << QStringLiteral("UPDATE journal SET kind='redeem' WHERE seq=4") << qint64(4);
        // Re-hashing the edited row itself does not help: the next record's link breaks.
        QTest::newRow("row rewritten with a fresh hash")
            << QStringLiteral("UPDATE journal SET party=4, hash=randomblob(32) WHERE seq=2") << qint64(2);
        QTest::newRow("middle record deleted")
            << QStringLiteral("DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE seq=2") << qint64(3);
        QTest::newRow("last record deleted")
            << QStringLiteral("DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE seq=4") << qint64(4);
        QTest::newRow("links cut") << QStringLiteral("UPDATE journal SET prev_hash=x'' WHERE seq=3") << qint64(3);
        QTest::newRow("unreadable verdict")
            << QStringLiteral("UPDATE journal SET verdict='MAYBE' WHERE seq=2") << qint64(2);
    }

    void tampering()
    {
        QFETCH(QString, sql);
        QFETCH(qint64, firstBroken);
        exec(QStringLiteral("DROP TRIGGER journal_chained_immutable; ") + sql);
        auto check = m_db.store->verifyJournal();
        QVERIFY(check);
        QVERIFY(!check->ok);
        QCOMPARE(check->firstBrokenSeq, firstBroken);
        QVERIFY(!check->problem.isEmpty());
    }

    void storeFilesArePrivate()
    {
        // Written through WAL: the database and its -wal file are the owner's alone.
        for (const QString& path : {m_db.path(), m_db.path() + QStringLiteral("-wal")}) {
            if (!QFile::exists(path)) {
                continue;
            }
            const auto mode = QFileInfo(path).permissions()
                & (QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther
                   | QFile::ExeOther);
            QVERIFY2(mode == 0, qPrintable(path));
        }
        QVERIFY(QFileInfo(m_db.path()).permissions().testFlag(QFile::ReadOwner));
        QVERIFY(QFile::exists(m_db.path() + QStringLiteral("-wal")));
    }
};

QTEST_GUILESS_MAIN(TestJournalIntegrity)
#include "tst_journalintegrity.moc"
