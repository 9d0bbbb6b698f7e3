// Issue 11 §4/§5, the terminal side: every edit of the store file shows. The attacks are real: the sqlite3 shell edits
// the file while the terminal is down, the file is emptied, truncated, replaced or copied to read-only media.
#include "AccessService.h"
#include "DemoData.h"
#include "Ledger.h"
#include "SecurityStore.h"
#include "SecurityTestData.h"
#include "TerminalSettings.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTest>

using namespace lounge::core;
using namespace lounge::core::test;

namespace {
const QString kResource = QStringLiteral("HKG-T1-LOUNGE");
const QString kCentral = QStringLiteral("https://central.example:8443");
} // namespace

class TestStoreTamper : public QObject
{
    Q_OBJECT

private:
    TempStore m_db;
    FixedClock m_clock {centralNow()};
    QString m_code; ///< a membership with 2 visits a year
    QList<QUuid> m_visits;

    TerminalContext context() const
    {
        return TerminalContext {QStringLiteral("T-1"), kResource, QStringLiteral("A-1"), 300, 0};
    }

    /// An enrolled terminal with central's counter for M-1 at 1 (of 2) and one visit of its own, not uploaded yet.
    void fill()
    {
        Store& store = *m_db.store;
        TerminalSettings settings;
        settings.terminalId = QStringLiteral("T-1");
        settings.resourceId = kResource;
        settings.centralUrl = kCentral;
        settings.staleAfterSeconds = 0;
        QVERIFY(settings.save(store));
        ChangePage page;
        page.cursor = 10;
        page.resources = {resource(kResource)};
        page.programs = {program(QStringLiteral("GOLD"), {entitlement(Allowance::of(3))})};
        page.memberships = {membership(QStringLiteral("M-1"), QStringLiteral("GOLD"), &m_code)};
        page.usage = {UsageCounter {{CredentialKind::Membership, QStringLiteral("M-1")},
                                    QStringLiteral("LOUNGE"),
                                    Pool::Cardholder,
                                    QStringLiteral("V"),
                                    1}};
        QVERIFY(store.applyChangePage(page));
        AccessService service(store, m_clock, context());
        auto d = service.redeem(ScanInput {m_code.toUtf8(), 1});
        QVERIFY(d && d->recorded);
        m_visits = {d->redemptionId};
    }

    /// The sqlite3 shell on the closed file, as someone with the disk in hand would use it.
    void shell(const QString& sql)
    {
        m_db.store.reset();
        QProcess p;
        p.start(QStringLiteral("sqlite3"), {m_db.path(), sql});
        QVERIFY2(p.waitForFinished(20000), "sqlite3 did not finish");
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    }

    Decision check()
    {
        AccessService service(*m_db.store, m_clock, context());
        return service.check(ScanInput {m_code.toUtf8(), 1});
    }

    int remaining(const Decision& d)
    {
        for (const auto& b : d.balances) {
            if (b.pool == Pool::Cardholder) {
                return b.remaining;
            }
        }
        return -100;
    }

    QStringList ledgerProblems()
    {
        auto check = m_db.store->verifyLedger();
        return check ? check->problems : QStringList {check.error().toString()};
    }

private slots:
    void init()
    {
        m_clock.set(centralNow());
        m_db.removeFiles();
        QVERIFY(m_db.open());
        fill();
    }

    void intactStoreVerifies()
    {
        auto check = m_db.store->verifyLedger();
        QVERIFY(check);
        QVERIFY2(check->ok, qPrintable(check->problems.join('\n')));
        QVERIFY(check->entries > 0);
        QVERIFY(check->repairs.isEmpty());
        QVERIFY(m_db.open()); // a clean reopen restores nothing
        QVERIFY(m_db.store->verifyLedger()->repairs.isEmpty());
    }

    // Central's counter lowered with the shell: a member would get visits back. Restored when the store opens, and the
    // restore itself stays on record.
    void loweredUsageCounterIsRestored()
    {
        const int before = remaining(check()); // after this visit: 3 - 1 central - 1 local - 1 = 0
        QCOMPARE(before, 0);
        shell(QStringLiteral("UPDATE usage SET used=0;"));
        QVERIFY(m_db.open());
        QCOMPARE(remaining(check()), before);
        auto ledger = m_db.store->verifyLedger();
        QVERIFY(ledger && ledger->ok);
        QCOMPARE(ledger->repairs.size(), 1);
        QVERIFY2(ledger->repairs.first().contains(QStringLiteral("usage")), qPrintable(ledger->repairs.first()));
    }

    // Read-only, before any restore: verify-journal names the edit.
    void editsAreReportedReadOnly_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("named");
        QTest::newRow("usage counter lowered") << QStringLiteral("UPDATE usage SET used=0;") << QStringLiteral("usage");
        QTest::newRow("usage counter deleted") << QStringLiteral("DELETE FROM usage;") << QStringLiteral("usage");
        QTest::newRow("visit marked acknowledged")
            << QStringLiteral("UPDATE journal SET state='acknowledged', server_seq=1;") << QStringLiteral("answers");
        QTest::newRow("visit marked rejected")
            << QStringLiteral("UPDATE journal SET state='rejected';") << QStringLiteral("answers");
        QTest::newRow("recently-used window switched off")
            << QStringLiteral("UPDATE meta SET value='0' WHERE key='recently_used_seconds';")
            << QStringLiteral("recently_used_seconds");
        QTest::newRow("cursor moved") << QStringLiteral("UPDATE meta SET value='999' WHERE key='cursor';")
                                      << QStringLiteral("cursor");
        QTest::newRow("resource changed")
            << QStringLiteral("UPDATE meta SET value='LHR' WHERE key='resource_id';") << QStringLiteral("resource_id");
        QTest::newRow("ledger entry rewritten")
            << QStringLiteral("DROP TRIGGER ledger_no_update; UPDATE ledger SET body='{}' WHERE seq=2;")
            << QStringLiteral("ledger entry 2");
        QTest::newRow("ledger tail cut") << QStringLiteral(
            "DROP TRIGGER ledger_no_delete; DELETE FROM ledger WHERE seq=(SELECT MAX(seq) FROM ledger);")
                                         << QStringLiteral("missing");
    }

    void editsAreReportedReadOnly()
    {
        QFETCH(QString, sql);
        QFETCH(QString, named);
        shell(sql);
        QVERIFY(m_db.open(Store::Options {true}));
        const QStringList problems = ledgerProblems();
        QVERIFY2(!problems.isEmpty(), qPrintable(sql));
        QVERIFY2(problems.join('\n').contains(named), qPrintable(problems.join('\n')));
    }

    // A visit marked as acknowledged by hand stops counting locally and is never uploaded: it must come back.
    void forgedAcknowledgementIsUndone()
    {
        QCOMPARE(remaining(check()), 0);
        shell(QStringLiteral("UPDATE journal SET state='acknowledged', server_seq=1;"));
        QVERIFY(m_db.open());
        QCOMPARE(remaining(check()), 0);
        auto outbox = m_db.store->outbox(10);
        QVERIFY(outbox);
        QCOMPARE(outbox->size(), 1); // back in the outbox: central will hear of it
        QCOMPARE(outbox->first().id, m_visits.first());
    }

    // Real acknowledgements are chained and survive a reopen untouched.
    void realAcknowledgementsStay()
    {
        QVERIFY(m_db.store->markUploaded(m_visits));
        QVERIFY(m_db.store->markAcknowledged(m_visits.first(), 11, false));
        QVERIFY(m_db.open());
        QCOMPARE(int((*m_db.store->redemption(m_visits.first()))->state), int(RedemptionState::Acknowledged));
        QVERIFY2(ledgerProblems().isEmpty(), qPrintable(ledgerProblems().join('\n')));
        QVERIFY(m_db.store->verifyLedger()->repairs.isEmpty());
    }

    void settingsEditIsRestored()
    {
        shell(QStringLiteral("UPDATE meta SET value='0' WHERE key='recently_used_seconds';"));
        QVERIFY(m_db.open());
        auto settings = TerminalSettings::load(*m_db.store);
        QVERIFY(settings);
        QCOMPARE(settings->recentlyUsedSeconds, 300);
    }

    // Issue 16: a clean open does not replay the ledger; it compares one digest of the live state with the chained one.
    void cleanOpenMatchesTheChainedDigest()
    {
        QVERIFY(m_db.open());
        QCOMPARE(int(m_db.store->openCheck()), int(Store::OpenCheck::DigestMatched));
        QVERIFY(m_db.store->markUploaded(m_visits)); // more chained changes after the last open
        QVERIFY(m_db.store->markAcknowledged(m_visits.first(), 11, false));
        QVERIFY(m_db.store->setSetting(QStringLiteral("recently_used_seconds"), QStringLiteral("600")));
        QVERIFY(m_db.open());
        QCOMPARE(int(m_db.store->openCheck()), int(Store::OpenCheck::DigestMatched));
        QVERIFY2(ledgerProblems().isEmpty(), qPrintable(ledgerProblems().join('\n')));
        QVERIFY(m_db.store->verifyLedger()->repairs.isEmpty());
    }

    // Issue 16: the cheap open must not weaken detection. State that was chained before the latest entries (and before
    // a seal), edited with the shell afterwards, is still found and restored at the next open; so is an edit that
    // also rewrites the materialised ledger_state to match, and an edit after a restore has re-sealed the digest.
    void tamperAfterCheckpointIsCaught_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("kind");
        QTest::newRow("usage counter lowered") << QStringLiteral("UPDATE usage SET used=0;") << QStringLiteral("usage");
        QTest::newRow("usage counter and ledger_state lowered together")
            << QStringLiteral("UPDATE usage SET used=0; UPDATE ledger_state SET value='0' WHERE kind='usage';")
            << QStringLiteral("usage");
        QTest::newRow("usage counter deleted, ledger_state too")
            << QStringLiteral("DELETE FROM usage; DELETE FROM ledger_state WHERE kind='usage';")
            << QStringLiteral("usage");
        QTest::newRow("visit marked acknowledged")
            << QStringLiteral("UPDATE journal SET state='acknowledged', server_seq=1;") << QStringLiteral("ack");
        QTest::newRow("recently-used window switched off, ledger_state too")
            << QStringLiteral("UPDATE meta SET value='0' WHERE key='recently_used_seconds'; UPDATE ledger_state SET "
                              "value='0' WHERE key='recently_used_seconds';")
            << QStringLiteral("settings");
    }

    void tamperAfterCheckpointIsCaught()
    {
        QFETCH(QString, sql);
        QFETCH(QString, kind);
        // Chained changes after the state being attacked, then a clean open (the checkpoint it is compared against).
        QVERIFY(m_db.store->setSetting(QStringLiteral("clock_offset_ms"), QStringLiteral("12")));
        QVERIFY(m_db.open());
        QCOMPARE(int(m_db.store->openCheck()), int(Store::OpenCheck::DigestMatched));
        QCOMPARE(remaining(check()), 0);
        for (int round = 1; round <= 2; ++round) { // the second round attacks the state re-sealed by the first restore
            shell(sql);
            QVERIFY(m_db.open());
            QCOMPARE(int(m_db.store->openCheck()), int(Store::OpenCheck::FullComparison));
            QCOMPARE(remaining(check()), 0);
            auto outbox = m_db.store->outbox(10);
            QVERIFY(outbox);
            QCOMPARE(outbox->size(), 1); // the visit still goes to central
            auto settings = TerminalSettings::load(*m_db.store);
            QVERIFY(settings);
            QCOMPARE(settings->recentlyUsedSeconds, 300);
            auto ledger = m_db.store->verifyLedger();
            QVERIFY(ledger);
            QVERIFY2(ledger->ok, qPrintable(ledger->problems.join('\n')));
            QCOMPARE(ledger->repairs.size(), round);
            QVERIFY2(ledger->repairs.last().contains(kind), qPrintable(ledger->repairs.last()));
            QVERIFY(m_db.open()); // restored and re-sealed: the next open is cheap again
            QCOMPARE(int(m_db.store->openCheck()), int(Store::OpenCheck::DigestMatched));
        }
    }

    // A rewritten state digest is named by verify-journal, like any other edit of a ledger entry.
    void forgedDigestIsReported()
    {
        shell(QStringLiteral("DROP TRIGGER ledger_no_update; UPDATE ledger SET digest=zeroblob(32) "
                             "WHERE seq=(SELECT MAX(seq) FROM ledger);"));
        QVERIFY(m_db.open(Store::Options {true}));
        const QStringList problems = ledgerProblems();
        QVERIFY2(problems.join('\n').contains(QStringLiteral("does not check out")), qPrintable(problems.join('\n')));
        QVERIFY2(problems.join('\n').contains(QStringLiteral("state digest")), qPrintable(problems.join('\n')));
    }

    // The mutable voided_by column no longer decides anything: a fake void does not skip the recently-used guard nor
    // refund the visit.
    void fakeVoidChangesNothing()
    {
        QCOMPARE(toString(check().reason), toString(Reason::RecentlyUsed));
        shell(QStringLiteral("UPDATE journal SET voided_by='00000000-0000-0000-0000-000000000001';"));
        QVERIFY(m_db.open());
        const Decision d = check();
        QCOMPARE(toString(d.reason), toString(Reason::RecentlyUsed));
        QCOMPARE(remaining(d), 0);
    }

    // Pool uses are read from the chained journal: there is no side table to edit any more.
    void usesComeFromTheChainedRecord()
    {
        auto tables = m_db.store->database().queryValue<int>(
            QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name='journal_uses'"));
        QVERIFY(tables);
        QCOMPARE(*tables, 0);
        QCOMPARE(remaining(check()), 0);
    }

    // Emptied, truncated, replaced, rolled back: the terminal refuses to start and says what is lost.
    void damagedFileRefusesToOpen_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("named");
        QTest::newRow("emptied") << QStringLiteral("empty") << QStringLiteral("enrollment as terminal T-1");
        QTest::newRow("deleted") << QStringLiteral("delete") << QStringLiteral("missing");
        QTest::newRow("truncated") << QStringLiteral("truncate") << QStringLiteral("journal record");
        QTest::newRow("replaced by a fresh cache") << QStringLiteral("replace") << QStringLiteral("replaced");
        QTest::newRow("tail cut, sqlite_sequence lowered") << QStringLiteral("cut") << QStringLiteral("missing");
    }

    void damagedFileRefusesToOpen()
    {
        QFETCH(QString, damage);
        QFETCH(QString, named);
        // A second visit so that a cut tail leaves something behind.
        {
            m_clock.advance(3600);
            AccessService service(*m_db.store, m_clock, context());
            auto d = service.redeem(ScanInput {m_code.toUtf8(), 1});
            QVERIFY(d && d->recorded);
        }
        QVERIFY(QFile::exists(Store::witnessPath(m_db.path())));
        if (damage == QLatin1String("cut")) {
            shell(QStringLiteral("DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE seq=2; "
                                 "UPDATE sqlite_sequence SET seq=1 WHERE name='journal';"));
        } else {
            m_db.store.reset();
            QFile::remove(m_db.path() + QStringLiteral("-wal"));
            QFile::remove(m_db.path() + QStringLiteral("-shm"));
            if (damage == QLatin1String("empty")) {
                QVERIFY(QFile::resize(m_db.path(), 0));
            } else if (damage == QLatin1String("delete")) {
                QVERIFY(QFile::remove(m_db.path()));
            } else if (damage == QLatin1String("truncate")) {
                QVERIFY(QFile::resize(m_db.path(), QFileInfo(m_db.path()).size() / 2));
            } else {
                QVERIFY(QFile::remove(m_db.path()));
                auto fresh = Store::open(m_db.path()); // refused: the witness is still there
                QVERIFY(!fresh);
                // Another terminal's cache copied over it.
                QTemporaryDir other;
                const QString otherPath = other.filePath(QStringLiteral("cache.sqlite"));
                QVERIFY(Store::open(otherPath));
                QVERIFY(QFile::copy(otherPath, m_db.path()));
            }
        }
        auto reopened = Store::open(m_db.path());
        QVERIFY2(!reopened, "a damaged cache must not open as if nothing happened");
        QCOMPARE(toString(reopened.error().code), toString(ErrorCode::Corrupt));
        QVERIFY2(reopened.error().detail.contains(named), qPrintable(reopened.error().detail));
        // Nothing was silently rebuilt: the witness still names what the file held.
        QVERIFY(QFile::exists(Store::witnessPath(m_db.path())));
    }

    // verify-journal's read-only open works on read-only media: a 0444 copy in a 0555 directory, with or without the
    // WAL of a terminal that was not shut down cleanly. Nothing may appear beside the evidence (not even as root, who
    // could write there anyway: SQLite must not try).
    void readOnlyMediaVerify_data()
    {
        QTest::addColumn<bool>("withWal");
        QTest::newRow("checkpointed copy") << false;
        QTest::newRow("copy with the WAL of a crashed terminal") << true;
    }

    void readOnlyMediaVerify()
    {
        QFETCH(bool, withWal);
        if (!withWal) {
            m_db.store.reset(); // a clean shutdown checkpoints and removes the WAL
        }
        QCOMPARE(QFile::exists(m_db.path() + QStringLiteral("-wal")), withWal);
        QTemporaryDir media;
        const QString copy = media.filePath(QStringLiteral("cache.sqlite"));
        for (const char* suffix : {"", "-wal", ".witness"}) {
            if (QFile::exists(m_db.path() + QLatin1String(suffix))) {
                QVERIFY(QFile::copy(m_db.path() + QLatin1String(suffix), copy + QLatin1String(suffix)));
                QVERIFY(QFile::setPermissions(copy + QLatin1String(suffix),
                                              QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
            }
        }
        m_db.store.reset();
        QVERIFY(QFile::setPermissions(media.path(),
                                      QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup
                                          | QFile::ReadOther | QFile::ExeOther));
        const QStringList before = QDir(media.path()).entryList(QDir::Files | QDir::Hidden);
        {
            auto store = Store::open(copy, Store::Options {true});
            QVERIFY2(store, store ? "" : qPrintable(store.error().toString()));
            auto journal = (*store)->verifyJournal();
            QVERIFY(journal && journal->ok);
            QCOMPARE(journal->records, 1); // the visit is read, also when it is only in the WAL
            auto ledger = (*store)->verifyLedger();
            QVERIFY2(ledger && ledger->ok, ledger ? qPrintable(ledger->problems.join('\n')) : "");
        }
        QCOMPARE(QDir(media.path()).entryList(QDir::Files | QDir::Hidden), before); // nothing written there
        QFile::setPermissions(media.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }

    // A dynamic token's use is in the chained journal: deleting the replay guard's rows does not make it new again.
    void replayGuardIsInTheChain()
    {
        QVERIFY(SecurityStore(*m_db.store).recordTokenUse(QByteArray(16, 'x'), m_clock.now(), m_clock.now()));
        // A token recorded with a visit stays seen via the journal.
        auto tx = m_db.store->beginWrite();
        QVERIFY(tx);
        Redemption r;
        r.id = QUuid::createUuid();
        r.credential = {CredentialKind::Membership, QStringLiteral("M-1")};
        r.resourceId = kResource;
        r.terminalId = QStringLiteral("T-1");
        r.partySize = 1;
        r.at = m_clock.now();
        r.clockSource = QStringLiteral("test");
        r.tokenId = QByteArray(16, 'y');
        QVERIFY(m_db.store->appendJournal(r));
        QVERIFY(SecurityStore(*m_db.store).recordTokenUse(r.tokenId, m_clock.now(), m_clock.now()));
        QVERIFY(tx->commit());
        shell(QStringLiteral("DELETE FROM seen_tokens;"));
        QVERIFY(m_db.open());
        auto seen = SecurityStore(*m_db.store).tokenSeen(QByteArray(16, 'y'));
        QVERIFY(seen);
        QVERIFY2(*seen, "a token used for a recorded visit must stay used after seen_tokens is emptied");
    }

    // §5: demo data never reaches a real desk.
    void demoNeverOnAnEnrolledTerminal()
    {
        TempStore demo;
        QVERIFY(demo.open());
        const DemoData data = DemoData::build(m_clock.now().date());
        QVERIFY(DemoData::seed(*demo.store, data, m_clock.now()));
        QVERIFY(*DemoData::isDemoCache(*demo.store));
        QVERIFY(!*DemoData::isDemoCache(*m_db.store)); // central's data
        // Seeding an enrolled cache is refused.
        auto refused = DemoData::seed(*m_db.store, data, m_clock.now());
        QVERIFY(!refused);
        QCOMPARE(toString(refused.error().code), toString(ErrorCode::Conflict));
        // Demo data already there when the terminal is enrolled anyway (edited in): the codes are refused.
        TerminalSettings settings = *TerminalSettings::load(*demo.store);
        settings.centralUrl = kCentral;
        QVERIFY(settings.save(*demo.store));
        settings = *TerminalSettings::load(*demo.store);
        AccessService service(*demo.store, m_clock, settings.context(QStringLiteral("A-1")));
        const Decision d = service.check(ScanInput {data.samples.first().code.toUtf8(), 1});
        QCOMPARE(toString(d.reason), toString(Reason::UnknownCode));
        QCOMPARE(toString(d.verdict), toString(Verdict::Reject));
        // The same code on the unenrolled demo cache is admitted (the demo works).
        settings.centralUrl.clear();
        AccessService demoService(*demo.store, m_clock, settings.context(QStringLiteral("A-1")));
        QCOMPARE(toString(demoService.check(ScanInput {data.samples.first().code.toUtf8(), 1}).reason),
                 toString(Reason::Ok));
    }

    void wipeDemo()
    {
        TempStore demo;
        QVERIFY(demo.open());
        QVERIFY(DemoData::seed(*demo.store, DemoData::build(m_clock.now().date()), m_clock.now()));
        QVERIFY(DemoData::wipe(*demo.store));
        QVERIFY(!*DemoData::isDemoCache(*demo.store));
        QCOMPARE(*demo.store->count(QStringLiteral("memberships")), 0);
        QVERIFY(demo.store->verifyLedger()->ok);
        // A cache with visits is never wiped.
        QVERIFY(!DemoData::wipe(*m_db.store));
    }
};

QTEST_GUILESS_MAIN(TestStoreTamper)
#include "tst_storetamper.moc"
