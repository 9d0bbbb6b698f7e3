// End to end, both ends real: issue → sync → validate → redeem → upload → central's count; every issuer
// operation visible after one sync; two terminals overdrawing offline; online-first; resumable download; clock.
#include "FaultProxy.h"
#include "Json.h"
#include "RedeemRouter.h"
#include "SyncCountingVfs.h"
#include "SyncHarness.h"
#include "Validator.h"

#include <QtTest>

#include <sqlite3.h>

#include <thread>

using namespace lounge;
using namespace lounge::sync;
using namespace lounge::sync::test;

namespace {

QString yearPeriodAtHkg()
{
    return core::Validator::periodKey(
        core::QuotaPeriod::Year,
        core::Validator::localDate(QDateTime::currentDateTimeUtc(), QStringLiteral("Asia/Hong_Kong")));
}

/// `n` more memberships at central, after the demo set (so one feed page holds them all behind the demo's).
void addMemberships(CentralFixture& c, int n)
{
    auto r = c.store->transaction([&]() -> core::Result<void> {
        for (int i = 0; i < n; ++i) {
            core::Membership m;
            m.id = QStringLiteral("BULK-%1").arg(i);
            m.number = QStringLiteral("71%1").arg(i, 8, 10, QLatin1Char('0'));
            m.holderName = QStringLiteral("Member %1").arg(i);
            m.tiers = {core::TierAssignment {QStringLiteral("GOLD"), {}}};
            m.validFrom = QDate::currentDate().addDays(-10);
            m.validTo = QDate::currentDate().addDays(300);
            m.codeHash = QCryptographicHash::hash("bulk" + QByteArray::number(i), QCryptographicHash::Sha256);
            if (auto x = c.service->writeMembership(m); !x) {
                return x.error();
            }
        }
        return {};
    });
    QVERIFY2(r, r ? "" : qPrintable(r.error().toString()));
}

int localUsed(TerminalFixture& t, const QString& key, const QString& module, core::Pool pool, const QString& period)
{
    auto n = t.store->used(*core::CredentialRef::fromKey(key), module, pool, period);
    return n ? *n : -1;
}

/// The files of a terminal's store as SQLite names them (the counting VFS counts by these).
QByteArray dbFile(TerminalFixture& t)
{
    return QByteArray(sqlite3_db_filename(t.store->database().handle(), "main"));
}
QByteArray walFile(TerminalFixture& t)
{
    return dbFile(t) + "-wal";
}
constexpr int kSynchronousFull = 2;

} // namespace

class TestSyncEndToEnd : public QObject
{
    Q_OBJECT
private slots:
    void issueSyncRedeemUpload();
    void issuerOperationVisibleAfterOneSync_data();
    void issuerOperationVisibleAfterOneSync();
    void newCredentialsArriveAndOutOfScopePassesDoNot();
    void twoTerminalsOverdrawOfflineAndLearnTheTruth();
    void onlineFirstAsksCentralAndFallsBackUnderTheSameId();
    void interruptedInitialDownloadResumes();
    void clockOffsetMeasuredAtEverySync_data();
    void clockOffsetMeasuredAtEverySync();
    void scanAnsweredWhileALargePageApplies();
    void pageStoppedBetweenSlicesIsAppliedWholeNextTime();
    void everyRecordOfASlicedPageStoredAsSent();
    void redownloadAfterUpgradeRewritesWrongRows();
    void feedPagesCommitAtNormalVisitsAtFull();
    void failedPageLeavesTheStoreAtFull();
    void visitDuringAYieldCommitsAtFull();
    void checkpointAtPageEndNotInAYieldOrAVisit();
    void pagesFetchedAheadWhileOneApplies();
    void slicedPageLedgersItsCursorOnce();
    void yieldDropsSeveralUncommittedSlicesOncePerPage();
    void requestAtAPageStartRunsBeforeItsFirstSlice();
    void checkpointInterruptedForAQueuedRequest();
    void largeDownloadCheckpointsAtItsOwnBound();
};

void TestSyncEndToEnd::issueSyncRedeemUpload()
{
    CentralFixture c;
    QVERIFY(c.start());
    TerminalFixture t;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE")));
    QVERIFY(t.sync());
    QCOMPARE(*t.store->count(QStringLiteral("memberships")), c.demo.memberships.size());
    // The E-passes this lounge can use, and a thin record (no holder name) of the Fast Track one, valid at every
    // airport, so a desk answers WRONG_MODULE for it (issue 11 §6); not the London-only one.
    QCOMPARE(*t.store->count(QStringLiteral("epasses")), c.demo.ePasses.size() - 1);
    QCOMPARE_ENUM(t.engine->status().state, SyncState::Online);

    const QString code = c.sampleCode(QStringLiteral("Gold member, active"));
    const core::Decision d = t.redeem(code);
    QCOMPARE_ENUM(d.verdict, core::Verdict::Accept);
    QVERIFY(d.recorded);
    QCOMPARE(*t.store->pendingUploads(), 1);
    const QString period = yearPeriodAtHkg();
    QCOMPARE(localUsed(t, QStringLiteral("M:M-1001"), QStringLiteral("LOUNGE"), core::Pool::Cardholder, period), 1);

    QVERIFY(t.sync());
    QCOMPARE(*t.store->pendingUploads(), 0);
    QCOMPARE(c.redemptionCount(QStringLiteral("M:M-1001")), 1);
    QCOMPARE(c.used(QStringLiteral("M:M-1001"), QStringLiteral("LOUNGE"), core::Pool::Cardholder, period), 1);
    // Central's counter now includes the visit and our local record stopped counting: 1, not 2.
    QCOMPARE(localUsed(t, QStringLiteral("M:M-1001"), QStringLiteral("LOUNGE"), core::Pool::Cardholder, period), 1);
    auto stored = t.store->redemption(d.redemptionId);
    QVERIFY(stored && stored->has_value());
    QCOMPARE_ENUM((*stored)->state, core::RedemptionState::Acknowledged);
    QVERIFY((*stored)->serverSeq.has_value());

    // A second sync changes nothing (idempotent, nothing pending).
    QVERIFY(t.sync());
    QCOMPARE(c.redemptionCount(QStringLiteral("M:M-1001")), 1);
    QCOMPARE(localUsed(t, QStringLiteral("M:M-1001"), QStringLiteral("LOUNGE"), core::Pool::Cardholder, period), 1);
}

void TestSyncEndToEnd::issuerOperationVisibleAfterOneSync_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QString>("sample"); // DemoData sample label (or "new" for a credential made in the test)
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");

    QTest::newRow("suspend") << "suspend"
                             << "Gold member, active"
                             << "OK"
                             << "SUSPENDED";
    QTest::newRow("cancel") << "cancel"
                            << "Platinum member, active"
                            << "OK"
                            << "CANCELLED";
    QTest::newRow("reactivate suspended") << "reactivate"
                                          << "Classic member, suspended"
                                          << "SUSPENDED"
                                          << "OK";
    QTest::newRow("reactivate expired with new expiry") << "reactivate-expired"
                                                        << "Gold member, expired"
                                                        << "EXPIRED"
                                                        << "OK";
    QTest::newRow("remove entitlement") << "remove-lounge"
                                        << "Gold member, active"
                                        << "OK"
                                        << "WRONG_MODULE";
    QTest::newRow("add entitlement") << "add-lounge"
                                     << "lounge entitlement was removed"
                                     << "WRONG_MODULE"
                                     << "OK";
    QTest::newRow("change entitlement to zero") << "zero-lounge"
                                                << "Gold member, active"
                                                << "OK"
                                                << "NO_VISITS_LEFT";
    QTest::newRow("extend validity backwards") << "validity-from-today"
                                               << "starts in 10 days"
                                               << "NOT_YET_VALID"
                                               << "OK";
    QTest::newRow("shorten validity") << "validity-ended"
                                      << "Gold member, active"
                                      << "OK"
                                      << "EXPIRED";
    QTest::newRow("new tier's entitlements apply") << "tier-to-gold"
                                                   << "new"
                                                   << "WRONG_MODULE"
                                                   << "OK";
    QTest::newRow("revoke E-pass") << "revoke"
                                   << "E-pass, any lounge, 3 visits"
                                   << "OK"
                                   << "REVOKED";
}

void TestSyncEndToEnd::issuerOperationVisibleAfterOneSync()
{
    QFETCH(QString, operation);
    QFETCH(QString, sample);
    QFETCH(QString, before);
    QFETCH(QString, after);

    CentralFixture c;
    QVERIFY(c.start());
    QString code;
    QString id;
    if (sample == QLatin1String("new")) {
        core::Program dining {QStringLiteral("DINE"), QStringLiteral("Dining only"), 365, {}, false};
        dining.entitlements = {core::Entitlement {QStringLiteral("DINING"),
                                                  core::Allowance::of(5),
                                                  {},
                                                  {},
                                                  0,
                                                  core::QuotaPeriod::Year,
                                                  {},
                                                  std::nullopt,
                                                  std::nullopt}};
        QVERIFY(c.service->putProgram(dining, true));
        auto m = c.service->registerMembership({{}, QStringLiteral("DINE"), QStringLiteral("Test Person"), {}, {}, {}});
        QVERIFY(m);
        code = m->code;
        id = m->value.id;
    } else {
        code = c.sampleCode(sample);
        QVERIFY(!code.isEmpty());
        auto parsed = core::CredentialCode::parse(code.toUtf8());
        QVERIFY(parsed);
        central::CentralCacheView view(*c.store, c.clock);
        if (auto m = view.membershipByCodeHash(parsed->hash); m && m->has_value()) {
            id = (*m)->id;
        } else if (auto e = view.ePassByCodeHash(parsed->hash); e && e->has_value()) {
            id = (*e)->id;
        }
        QVERIFY(!id.isEmpty());
    }

    TerminalFixture t;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE")));
    QVERIFY(t.sync());
    QCOMPARE(core::toString(t.check(code).reason), before);

    const QDate today = QDate::currentDate();
    bool applied = false;
    if (operation == QLatin1String("suspend")) {
        applied = bool(c.service->suspend(id));
    } else if (operation == QLatin1String("cancel")) {
        applied = bool(c.service->cancel(id));
    } else if (operation == QLatin1String("reactivate")) {
        applied = bool(c.service->reactivate(id, std::nullopt));
    } else if (operation == QLatin1String("reactivate-expired")) {
        QVERIFY(!c.service->reactivate(id, std::nullopt)); // needs a new expiry
        applied = bool(c.service->reactivate(id, today.addDays(30)));
    } else if (operation == QLatin1String("remove-lounge")) {
        applied = bool(c.service->removeEntitlement(id, QStringLiteral("LOUNGE")));
    } else if (operation == QLatin1String("add-lounge") || operation == QLatin1String("zero-lounge")) {
        const int visits = operation == QLatin1String("add-lounge") ? 2 : 0;
        applied = bool(c.service->setEntitlement(id,
                                                 core::Entitlement {QStringLiteral("LOUNGE"),
                                                                    core::Allowance::of(visits),
                                                                    {},
                                                                    {},
                                                                    0,
                                                                    core::QuotaPeriod::Year,
                                                                    {},
                                                                    std::nullopt,
                                                                    std::nullopt}));
    } else if (operation == QLatin1String("validity-from-today")) {
        applied = bool(c.service->setValidity(id, today.addDays(-1), today.addDays(300)));
    } else if (operation == QLatin1String("validity-ended")) {
        applied = bool(c.service->setValidity(id, today.addDays(-300), today.addDays(-2)));
    } else if (operation == QLatin1String("tier-to-gold")) {
        applied = bool(c.service->changeTier(id, QStringLiteral("GOLD"), QDateTime::currentDateTimeUtc().addSecs(-60)));
    } else if (operation == QLatin1String("revoke")) {
        applied = bool(c.service->revokeEPass(id));
    }
    QVERIFY(applied);

    QVERIFY(t.sync());
    QCOMPARE(core::toString(t.check(code).reason), after);
}

void TestSyncEndToEnd::newCredentialsArriveAndOutOfScopePassesDoNot()
{
    CentralFixture c;
    QVERIFY(c.start());
    TerminalFixture t;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE")));
    QVERIFY(t.sync());

    auto member
        = c.service->registerMembership({{}, QStringLiteral("CLASSIC"), QStringLiteral("New Member"), {}, {}, {}});
    QVERIFY(member);
    const QDate today = QDate::currentDate();
    core::EPass here {{},
                      QStringLiteral("LOUNGE"),
                      QStringLiteral("A"),
                      QStringLiteral("B"),
                      2,
                      today,
                      today.addDays(3),
                      core::Scope {{}, {QStringLiteral("HKG")}},
                      core::EPassStatus::Active,
                      {}};
    core::EPass elsewhere = here;
    elsewhere.scope = core::Scope {{QStringLiteral("LHR-T5-LOUNGE")}, {}};
    auto herePass = c.service->issueEPass(here);
    auto elsewherePass = c.service->issueEPass(elsewhere);
    QVERIFY(herePass && elsewherePass);
    QCOMPARE(core::toString(t.check(member->code).reason), QStringLiteral("UNKNOWN_CODE"));

    QVERIFY(t.sync());
    QCOMPARE(core::toString(t.check(member->code).reason), QStringLiteral("OK"));
    QCOMPARE(core::toString(t.check(herePass->code).reason), QStringLiteral("OK"));
    // Not sent to this lounge at all: the cache holds only what this resource can use.
    QCOMPARE(core::toString(t.check(elsewherePass->code).reason), QStringLiteral("UNKNOWN_CODE"));

    // Deletions propagate: a retired resource and program leave the cache.
    QVERIFY(t.store->resource(QStringLiteral("JFK-T4-LOUNGE"))->has_value());
    QVERIFY(c.service->deleteResource(QStringLiteral("JFK-T4-LOUNGE")));
    QVERIFY(c.service->deleteProgram(QStringLiteral("ASIA")));
    QVERIFY(t.sync());
    QVERIFY(!t.store->resource(QStringLiteral("JFK-T4-LOUNGE"))->has_value());
    QVERIFY(!t.store->program(QStringLiteral("ASIA"))->has_value());
    QCOMPARE(*t.store->count(QStringLiteral("resources")), c.demo.resources.size() - 1);
}

void TestSyncEndToEnd::twoTerminalsOverdrawOfflineAndLearnTheTruth()
{
    CentralFixture c;
    QVERIFY(c.start());
    TerminalFixture a;
    TerminalFixture b;
    QVERIFY(a.enroll(c, QStringLiteral("HKG-T1-LOUNGE")));
    QVERIFY(b.enroll(c, QStringLiteral("HKG-T1-LOUNGE")));
    QVERIFY(a.sync());
    QVERIFY(b.sync());

    // One visit left; both kiosks are offline and each admits the holder.
    const QString code = c.sampleCode(QStringLiteral("this lounge only, 1 visit"));
    QCOMPARE_ENUM(a.redeem(code).verdict, core::Verdict::Accept);
    QCOMPARE_ENUM(b.redeem(code).verdict, core::Verdict::Accept);

    QSignalSpy flagged(b.engine.get(), &SyncEngine::overdrawFlagged);
    QVERIFY(a.sync());
    QVERIFY(b.sync());
    QVERIFY(a.sync());
    QCOMPARE(flagged.count(), 1);

    // Both visits stand; central flagged the second and lists it.
    QCOMPARE(c.redemptionCount(QStringLiteral("E:E-2002")), 2);
    QCOMPARE(c.used(QStringLiteral("E:E-2002"), QStringLiteral("LOUNGE"), core::Pool::Usages, QStringLiteral("V")), 2);
    auto overdraws = c.service->overdraws();
    QVERIFY(overdraws);
    QCOMPARE(overdraws->size(), 1);
    QCOMPARE(overdraws->first().record.credential.key(), QStringLiteral("E:E-2002"));
    QCOMPARE(overdraws->first().record.terminalId, b.settings.terminalId);

    // Both kiosks know the true count now.
    for (TerminalFixture* t : {&a, &b}) {
        QCOMPARE(localUsed(*t, QStringLiteral("E:E-2002"), QStringLiteral("LOUNGE"), core::Pool::Usages,
                           QStringLiteral("V")),
                 2);
        QCOMPARE(core::toString(t->check(code).reason), QStringLiteral("NO_VISITS_LEFT"));
    }
    QCOMPARE(b.engine->status().conflicts, 1);
    QCOMPARE(a.engine->status().conflicts, 0);
}

void TestSyncEndToEnd::onlineFirstAsksCentralAndFallsBackUnderTheSameId()
{
    CentralFixture c;
    QVERIFY(c.start());
    FaultProxy proxy(c.port);
    TerminalFixture t;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE"), proxy.port()));
    QVERIFY(t.sync());
    t.engine->setMode(core::TerminalSettings::Mode::OnlineFirst);
    RedeemRouter router(*t.store, *t.access, *t.engine);

    auto route = [&](const QString& code) {
        std::optional<core::Result<RoutedDecision>> out;
        router.redeem(core::ScanInput {code.toUtf8(), 1}, false, [&](core::Result<RoutedDecision> r) { out = r; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 20000); }();
        return out.value_or(core::Result<RoutedDecision>(core::makeError(core::ErrorCode::Timeout)));
    };

    // Central answers: its verdict is recorded at central and kept locally as acknowledged.
    auto online = route(c.sampleCode(QStringLiteral("Platinum member, active")));
    QVERIFY(online);
    QCOMPARE_ENUM(online->source, RoutedDecision::Source::Central);
    QCOMPARE_ENUM(online->decision.verdict, core::Verdict::Accept);
    QVERIFY(online->decision.recorded);
    QCOMPARE(c.redemptionCount(QStringLiteral("M:M-1002")), 1);
    QCOMPARE(*t.store->pendingUploads(), 0);

    // Central down: the kiosk decides locally and says so.
    proxy.setDown(true);
    auto fallback = route(c.sampleCode(QStringLiteral("Gold member, active")));
    QVERIFY(fallback);
    QCOMPARE_ENUM(fallback->source, RoutedDecision::Source::LocalFallback);
    QVERIFY(!fallback->note.isEmpty());
    QCOMPARE_ENUM(fallback->decision.verdict, core::Verdict::Accept);
    QCOMPARE(*t.store->pendingUploads(), 1);
    proxy.setDown(false);

    // The response is lost after central recorded the visit: the local fallback reuses the UUID.
    // (three times: QNetworkAccessManager may resend once on a fresh connection by itself)
    proxy.failNext(FaultProxy::Fault::DropResponse, "/v1/terminal/redeem", 3);
    auto lost = route(c.sampleCode(QStringLiteral("Family member")));
    proxy.clearFaults();
    QVERIFY(lost);
    QCOMPARE_ENUM(lost->source, RoutedDecision::Source::LocalFallback);
    QCOMPARE(c.redemptionCount(QStringLiteral("M:M-1007")), 1); // central has it already

    QVERIFY(t.sync());
    QCOMPARE(*t.store->pendingUploads(), 0);
    QCOMPARE(c.redemptionCount(QStringLiteral("M:M-1001")), 1);
    QCOMPARE(c.redemptionCount(QStringLiteral("M:M-1007")), 1); // exactly once
    QCOMPARE(c.redemptionCount(QStringLiteral("M:M-1002")), 1);
}

void TestSyncEndToEnd::interruptedInitialDownloadResumes()
{
    CentralFixture c;
    QVERIFY(c.start());
    FaultProxy proxy(c.port);
    TerminalFixture t;
    SyncEngine::Options small;
    small.pageSize = 4;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE"), proxy.port(), small));
    QSignalSpy progress(t.engine.get(), &SyncEngine::downloadProgressed);

    proxy.failNext(FaultProxy::Fault::DropResponse, "/v1/terminal/changes", 3, 3);
    QVERIFY(!t.sync());
    proxy.clearFaults();
    const qint64 partial = *t.store->cursor();
    const qint64 head = *c.store->headSeq();
    QVERIFY2(partial > 0 && partial < head, qPrintable(QStringLiteral("%1 of %2").arg(partial).arg(head)));
    QVERIFY(progress.count() >= 3);
    const auto first = progress.first().first().value<DownloadProgress>();
    // The total counts the records that can concern this desk (issue 12 §3: central-only records stay in the
    // database and are neither scanned nor counted), all of them up to the head.
    auto concerning = c.store->feedScan(QStringLiteral("HKG-T1-LOUNGE"), 0, 1000000, false);
    QVERIFY(concerning);
    QVERIFY(concerning->rows.size() < head); // central's own records (e.g. the terminal's journal head) are not sent
    QCOMPARE(first.total, qint64(concerning->rows.size()));
    QVERIFY(first.bytes > 0);

    QVERIFY(t.sync());
    QCOMPARE(*t.store->cursor(), head);
    QCOMPARE(*t.store->count(QStringLiteral("memberships")), c.demo.memberships.size());
    const auto last = progress.last().first().value<DownloadProgress>();
    QCOMPARE(last.records, last.total); // the resumed pull counted from where it resumed
    QCOMPARE_ENUM(t.engine->status().state, SyncState::Online);
}

void TestSyncEndToEnd::clockOffsetMeasuredAtEverySync_data()
{
    QTest::addColumn<qint64>("centralAheadMs");
    QTest::addColumn<bool>("warning");
    QTest::newRow("in step") << qint64(0) << false;
    QTest::newRow("central 10 min ahead") << qint64(600000) << true;
    QTest::newRow("central 10 min behind") << qint64(-600000) << true;
}

void TestSyncEndToEnd::clockOffsetMeasuredAtEverySync()
{
    QFETCH(qint64, centralAheadMs);
    QFETCH(bool, warning);
    CentralFixture c;
    QVERIFY(c.start());
    c.clock.offsetMs = centralAheadMs;
    TerminalFixture t;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE")));
    QSignalSpy measured(t.engine.get(), &SyncEngine::clockOffsetMeasured);
    QVERIFY(t.sync());
    QCOMPARE(measured.count(), 1);
    const SyncStatus s = t.engine->status();
    QVERIFY(s.clockMeasured);
    QCOMPARE(s.clockWarning, warning);
    // The measurement is within the round trip of the true offset (generous bound for a loaded CI machine).
    QVERIFY2(std::abs(s.clockOffsetMs - centralAheadMs) < 30000, qPrintable(QString::number(s.clockOffsetMs)));
}

void TestSyncEndToEnd::scanAnsweredWhileALargePageApplies()
{
    // The desk's store worker runs the sync. A scan queued on that thread while a large feed page applies is answered
    // between two slices of the page (SyncEngine::setYieldCheck, as StoreWorker sets it), not after the whole page;
    // the page's cursor still commits only with its last slice.
    CentralFixture c;
    QVERIFY(c.start());
    constexpr int kBulk = 3000;
    addMemberships(c, kBulk);
    TerminalFixture t;
    SyncEngine::Options options;
    options.pageSize = 20000; // the whole download is one page
    options.applySliceRecords = 100;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE"), 0, options));
    const qint64 total = c.demo.memberships.size() + kBulk;
    const QString code = c.sampleCode(QStringLiteral("Gold member, active"));
    QSignalSpy progress(t.engine.get(), &SyncEngine::downloadProgressed);
    QSignalSpy succeeded(t.engine.get(), &SyncEngine::syncSucceeded);

    bool queued = false;
    bool waiting = false;
    struct Seen
    {
        qint64 memberships = -1;
        qint64 cursor = -1;
        int pagesDone = -1;
        bool synced = true;
        core::Decision decision;
    } seen;
    int checks = 0;
    t.engine->setYieldCheck([&] {
        if (++checks > 1 && !queued) { // the first check is the page's start, before any slice
            // Another thread (the GUI) queues a scan on the store's thread while the page is being written.
            queued = true;
            waiting = true;
            std::thread gui([&] {
                QMetaObject::invokeMethod(
                    t.engine.get(),
                    [&] {
                        waiting = false;
                        seen.memberships = t.store->count(QStringLiteral("memberships")).valueOr(-1);
                        seen.cursor = t.store->cursor().valueOr(-1);
                        seen.pagesDone = int(progress.count());
                        seen.synced = succeeded.count() > 0;
                        seen.decision = t.check(code);
                    },
                    Qt::QueuedConnection);
            });
            gui.join();
        }
        return waiting;
    });
    QVERIFY(t.sync());
    QVERIFY(queued);
    QCOMPARE(progress.count(), 1); // one page
    // The scan ran inside that page's apply: part of the page was written, its cursor not yet, the sync not done.
    QVERIFY2(seen.memberships > 0 && seen.memberships < total,
             qPrintable(QStringLiteral("%1 of %2").arg(seen.memberships).arg(total)));
    QCOMPARE(seen.cursor, 0);
    QCOMPARE(seen.pagesDone, 0);
    QVERIFY(!seen.synced);
    // ...and got a real decision: the pass was found (the demo lounge, its programmes and the first memberships come
    // with the page's first slice); before the desk's first complete sync its cache counts as stale.
    QVERIFY(seen.decision.credential.has_value());
    QCOMPARE_ENUM(seen.decision.reason, core::Reason::CacheStale);
    QCOMPARE(t.engine->applyYields(), 1);
    QCOMPARE(*t.store->count(QStringLiteral("memberships")), total);
    QCOMPARE(*t.store->cursor(), *c.store->headSeq());
}

void TestSyncEndToEnd::pageStoppedBetweenSlicesIsAppliedWholeNextTime()
{
    // A page that stepped aside for a scan and was then abandoned (the desk stopped syncing) keeps the cursor from
    // before it: the next sync downloads and applies the page again, and nothing is lost or doubled.
    CentralFixture c;
    QVERIFY(c.start());
    constexpr int kBulk = 1000;
    addMemberships(c, kBulk);
    TerminalFixture t;
    SyncEngine::Options options;
    options.pageSize = 20000;
    options.applySliceRecords = 100;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE"), 0, options));
    bool stopQueued = false;
    int checks = 0;
    t.engine->setYieldCheck([&] {
        if (++checks == 1) {
            return false; // the page's start, before any slice: stepping aside there is another test's
        }
        if (!stopQueued) {
            stopQueued = true;
            QMetaObject::invokeMethod(t.engine.get(), &SyncEngine::stop, Qt::QueuedConnection);
        }
        return true;
    });
    QSignalSpy progress(t.engine.get(), &SyncEngine::downloadProgressed);
    t.engine->syncNow();
    QTRY_VERIFY(stopQueued);
    QTRY_VERIFY(t.engine->status().state != SyncState::Syncing);
    QCOMPARE(t.engine->applyYields(), 1);
    QCOMPARE(progress.count(), 0);
    QCOMPARE(*t.store->cursor(), 0);
    QCOMPARE(*t.store->count(QStringLiteral("memberships")), 100); // the first slice stays: harmless, re-applied below

    t.engine->setYieldCheck({});
    QVERIFY(t.sync());
    QCOMPARE(t.engine->applyYields(), 1); // no check: one transaction
    QCOMPARE(*t.store->cursor(), *c.store->headSeq());
    QCOMPARE(*t.store->count(QStringLiteral("memberships")), c.demo.memberships.size() + kBulk);
    const QString code = c.sampleCode(QStringLiteral("Gold member, active"));
    QCOMPARE_ENUM(t.check(code).verdict, core::Verdict::Accept);
    const auto ledger = t.store->verifyLedger();
    QVERIFY(ledger);
    QVERIFY2(ledger->ok, qPrintable(ledger->problems.join(QStringLiteral("; "))));
}

void TestSyncEndToEnd::everyRecordOfASlicedPageStoredAsSent()
{
    // A page applies in slices of 100 records, and the feed reader hands over each record's stored JSON columns
    // already encoded (ChangePage::ePassBodies / membershipTiers): every slice must bind its own records' columns.
    // (Before the fix the slices but the last re-encoded on the store's thread, and the last slice bound the columns
    // of the page's first records: E-pass BE-250 stored the body of BE-0, a membership the tiers of another.)
    CentralFixture c;
    QVERIFY(c.start());
    constexpr int kBulk = 260;
    QList<core::Membership> members;
    QList<core::EPass> passes;
    auto r = c.store->transaction([&]() -> core::Result<void> {
        for (int i = 0; i < kBulk; ++i) {
            core::Membership m;
            m.id = QStringLiteral("SLICE-M-%1").arg(i);
            m.holderName = QStringLiteral("Member %1").arg(i);
            m.tiers = {core::TierAssignment {i % 2 ? QStringLiteral("GOLD") : QStringLiteral("CLASSIC"), {}}};
            m.validFrom = QDate::currentDate().addDays(-10);
            m.validTo = QDate::currentDate().addDays(300 + i);
            m.codeHash = QCryptographicHash::hash("slice-m" + QByteArray::number(i), QCryptographicHash::Sha256);
            core::EPass e {QStringLiteral("SLICE-E-%1").arg(i),
                           QStringLiteral("LOUNGE"),
                           QStringLiteral("First"),
                           QStringLiteral("Last %1").arg(i),
                           1 + i % 5,
                           QDate::currentDate().addDays(-1),
                           QDate::currentDate().addDays(30),
                           {},
                           core::EPassStatus::Active,
                           QCryptographicHash::hash("slice-e" + QByteArray::number(i), QCryptographicHash::Sha256)};
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
    QVERIFY2(r, r ? "" : qPrintable(r.error().toString()));
    TerminalFixture t;
    SyncEngine::Options options;
    options.pageSize = 20000; // one page, applied in slices of 100
    options.applySliceRecords = 100;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE"), 0, options));
    QVERIFY(t.sync());
    for (const core::Membership& m : members) {
        const auto stored = t.store->membershipById(m.id);
        QVERIFY(stored && stored->has_value());
        QVERIFY2((*stored)->tiers == m.tiers, qPrintable(m.id));
        QCOMPARE((*stored)->validTo, m.validTo);
    }
    for (const core::EPass& e : passes) {
        const auto stored = t.store->ePassById(e.id);
        QVERIFY(stored && stored->has_value());
        QCOMPARE((*stored)->id, e.id);
        QCOMPARE((*stored)->lastName, e.lastName);
        QCOMPARE((*stored)->usages, e.usages);
    }
}

void TestSyncEndToEnd::redownloadAfterUpgradeRewritesWrongRows()
{
    // A schema-8 cache may hold an E-pass row with another E-pass's body (the sliced apply's bug). Schema step 9 sets
    // "refetch" to 0 (Store::feedPosition): the next sync downloads everything again and rewrites the row, and the
    // cursor the usage counts rely on never goes back meanwhile.
    CentralFixture c;
    QVERIFY(c.start());
    QList<core::EPass> passes;
    for (int i = 0; i < 2; ++i) {
        core::EPass e {QStringLiteral("REFETCH-E-%1").arg(i),
                       QStringLiteral("LOUNGE"),
                       QStringLiteral("First"),
                       QStringLiteral("Last %1").arg(i),
                       1 + i,
                       QDate::currentDate().addDays(-1),
                       QDate::currentDate().addDays(30),
                       {},
                       core::EPassStatus::Active,
                       QCryptographicHash::hash("refetch-e" + QByteArray::number(i), QCryptographicHash::Sha256)};
        QVERIFY(c.service->writeEPass(e));
        passes << e;
    }
    TerminalFixture t;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE")));
    QVERIFY(t.sync());
    const qint64 cursor = *t.store->cursor();
    QVERIFY(cursor > 0);

    // What a schema-8 terminal may hold: E-pass 1's row with E-pass 0's body.
    {
        sqlite3* raw = nullptr;
        QCOMPARE(sqlite3_open(qPrintable(t.dir.filePath(QStringLiteral("cache.sqlite"))), &raw), SQLITE_OK);
        const QByteArray sql = "UPDATE epasses SET body = (SELECT body FROM epasses WHERE id = 'REFETCH-E-0') "
                               "WHERE id = 'REFETCH-E-1'";
        const int rc = sqlite3_exec(raw, sql.constData(), nullptr, nullptr, nullptr);
        sqlite3_close(raw);
        QCOMPARE(rc, SQLITE_OK);
    }
    QCOMPARE((*t.store->ePassById(QStringLiteral("REFETCH-E-1")))->lastName, QStringLiteral("Last 0"));
    QVERIFY(t.store->setSetting(QStringLiteral("refetch"), QStringLiteral("0"))); // what schema step 9 does

    QVERIFY(t.sync());
    const auto repaired = t.store->ePassById(QStringLiteral("REFETCH-E-1"));
    QVERIFY(repaired && repaired->has_value());
    QCOMPARE((*repaired)->lastName, QStringLiteral("Last 1"));
    QCOMPARE((*repaired)->usages, passes[1].usages);
    QCOMPARE(*t.store->setting(QStringLiteral("refetch")), std::nullopt);
    QVERIFY(*t.store->cursor() >= cursor);
}

void TestSyncEndToEnd::feedPagesCommitAtNormalVisitsAtFull()
{
    // Feed pages commit at synchronous=NORMAL, everything else at FULL; observed through the fsyncs of the terminal's
    // files (SyncCountingVfs), not just the PRAGMA: in WAL mode a FULL commit syncs the -wal file, a NORMAL one does
    // not, and a checkpoint syncs the -wal and the database file once each.
    auto& vfs = SyncCountingVfs::install();
    CentralFixture c;
    QVERIFY(c.start());
    addMemberships(c, 600);
    TerminalFixture t;
    SyncEngine::Options options;
    options.pageSize = 100;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE"), 0, options));
    const QByteArray wal = walFile(t);
    const QByteArray db = dbFile(t);
    struct Seen
    {
        int walSyncs;
        int dbSyncs;
        int level;
    };
    QList<Seen> pages; // after each page's commit
    connect(t.engine.get(), &SyncEngine::downloadProgressed, this, [&] {
        pages << Seen {vfs.syncs(wal), vfs.syncs(db), t.store->synchronousLevel().valueOr(-1)};
    });
    QVERIFY(t.sync());
    QVERIFY2(pages.size() >= 7, qPrintable(QString::number(pages.size())));
    for (qsizetype i = 1; i < pages.size(); ++i) {
        // Page i's commit did not sync the WAL (other than for a checkpoint, which syncs the database file too).
        const int walSyncs = pages[i].walSyncs - pages[i - 1].walSyncs;
        const int dbSyncs = pages[i].dbSyncs - pages[i - 1].dbSyncs;
        QVERIFY2(
            walSyncs == dbSyncs,
            qPrintable(QStringLiteral("page %1: %2 WAL syncs, %3 database syncs").arg(i).arg(walSyncs).arg(dbSyncs)));
    }
    for (const Seen& page : pages) {
        QCOMPARE(page.level, kSynchronousFull); // FULL again as soon as the page committed
    }
    // A visit right after the download commits at FULL: its commit syncs the WAL.
    const int before = vfs.syncs(wal);
    const core::Decision visit = t.redeem(c.sampleCode(QStringLiteral("Gold member, active")));
    QCOMPARE_ENUM(visit.verdict, core::Verdict::Accept);
    QVERIFY(visit.recorded);
    QVERIFY2(vfs.syncs(wal) > before, "the visit's commit did not sync the WAL");
    QCOMPARE(*t.store->synchronousLevel(), kSynchronousFull);
}

void TestSyncEndToEnd::failedPageLeavesTheStoreAtFull()
{
    // A page refused half-way (a record the store cannot take: its code belongs to another membership here) rolls
    // back, and the connection is at FULL again: the next visit's commit syncs the WAL.
    auto& vfs = SyncCountingVfs::install();
    CentralFixture c;
    QVERIFY(c.start());
    TerminalFixture t;
    SyncEngine::Options options;
    options.pageSize = 100;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE"), 0, options));
    QVERIFY(t.sync());
    addMemberships(c, 300);
    core::Membership clash;
    clash.id = QStringLiteral("LOCAL-CLASH");
    clash.holderName = QStringLiteral("Clash");
    clash.validFrom = QDate::currentDate().addDays(-1);
    clash.validTo = QDate::currentDate().addDays(10);
    clash.codeHash = QCryptographicHash::hash("bulk150", QCryptographicHash::Sha256); // BULK-150's code
    QVERIFY(t.store->upsertMembership(clash));
    const qint64 cursorBefore = *t.store->cursor();
    QSignalSpy failed(t.engine.get(), &SyncEngine::syncFailed);
    QVERIFY(!t.sync());
    QVERIFY2(failed.count() == 1 && failed.first().first().toString().contains(QLatin1String("UNIQUE")),
             qPrintable(failed.count() ? failed.first().first().toString() : QString()));
    const qint64 cursorAfter = *t.store->cursor();
    QVERIFY2(cursorAfter > cursorBefore && cursorAfter < *c.store->headSeq(), "the download stopped mid-way");
    QVERIFY(!t.store->membershipById(QStringLiteral("BULK-150"))->has_value());
    QCOMPARE(*t.store->synchronousLevel(), kSynchronousFull);
    const QByteArray wal = walFile(t);
    const int before = vfs.syncs(wal);
    const core::Decision visit = t.redeem(c.sampleCode(QStringLiteral("Gold member, active")));
    QVERIFY(visit.recorded);
    QVERIFY2(vfs.syncs(wal) > before, "the visit's commit did not sync the WAL");
}

void TestSyncEndToEnd::visitDuringAYieldCommitsAtFull()
{
    // A scan queued while a page applies runs after the page's yield commit (a feed write, NORMAL): the visit it
    // records commits at FULL, and the rest of the page goes on at NORMAL afterwards.
    auto& vfs = SyncCountingVfs::install();
    CentralFixture c;
    QVERIFY(c.start());
    TerminalFixture t;
    SyncEngine::Options options;
    options.pageSize = 20000; // the delta below is one page, applied in slices of 100
    options.applySliceRecords = 100;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE"), 0, options));
    QVERIFY(t.sync()); // the first complete sync: visits are recorded from now on
    addMemberships(c, 1000);
    const QByteArray wal = walFile(t);
    const QString code = c.sampleCode(QStringLiteral("Gold member, active"));
    bool queued = false;
    bool waiting = false;
    struct Seen
    {
        int level = -1;
        int walSyncsOfTheVisit = -1;
        bool recorded = false;
        qint64 memberships = -1;
    } seen;
    int checks = 0;
    t.engine->setYieldCheck([&] {
        if (++checks > 1 && !queued) { // the first check is the page's start, before any slice
            queued = true;
            waiting = true;
            QMetaObject::invokeMethod(
                t.engine.get(),
                [&] {
                    waiting = false;
                    seen.level = t.store->synchronousLevel().valueOr(-1);
                    seen.memberships = t.store->count(QStringLiteral("memberships")).valueOr(-1);
                    const int before = vfs.syncs(wal);
                    seen.recorded = t.redeem(code).recorded;
                    seen.walSyncsOfTheVisit = vfs.syncs(wal) - before;
                },
                Qt::QueuedConnection);
        }
        return waiting;
    });
    QVERIFY(t.sync());
    QCOMPARE(t.engine->applyYields(), 1);
    const qint64 total = c.demo.memberships.size() + 1000;
    QVERIFY2(seen.memberships > c.demo.memberships.size() && seen.memberships < total,
             qPrintable(QString::number(seen.memberships))); // the visit ran inside the page
    QCOMPARE(seen.level, kSynchronousFull);
    QVERIFY(seen.recorded);
    QVERIFY2(seen.walSyncsOfTheVisit > 0, "the visit's commit did not sync the WAL");
    QCOMPARE(*t.store->count(QStringLiteral("memberships")), total);
    QCOMPARE(*t.store->synchronousLevel(), kSynchronousFull);
}

void TestSyncEndToEnd::checkpointAtPageEndNotInAYieldOrAVisit()
{
    // The WAL checkpoint (it syncs the database file; nothing else does) runs in a feed page's last commit, not in a
    // yield commit a scan waits for nor in a visit recorded between two slices. Tiny bounds keep the test small.
    auto& vfs = SyncCountingVfs::install();
    CentralFixture c;
    QVERIFY(c.start());
    TerminalFixture t;
    t.storeOptions.checkpointFrames = 20;
    t.storeOptions.checkpointFramesMidPage = 100000;
    SyncEngine::Options options;
    options.pageSize = 20000; // the delta below is one page, applied in slices of 100
    options.applySliceRecords = 100;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE"), 0, options));
    QVERIFY(t.sync());
    addMemberships(c, 600);
    const QByteArray db = dbFile(t);
    const QString code = c.sampleCode(QStringLiteral("Gold member, active"));
    int yields = 0;
    int visits = 0;
    int syncsAtYield = -1;
    QStringList midPage; // checkpoints seen where there must be none
    bool waiting = false;
    t.engine->setYieldCheck([&] {
        if (!waiting) {
            waiting = true;
            syncsAtYield = vfs.syncs(db); // the yield commit comes next
            QMetaObject::invokeMethod(
                t.engine.get(),
                [&] {
                    waiting = false;
                    ++yields;
                    if (vfs.syncs(db) != syncsAtYield) {
                        midPage << QStringLiteral("yield commit %1").arg(yields);
                    }
                    const int before = vfs.syncs(db);
                    // The first a visit; the same code again would be refused as just used, so then another
                    // write of the desk, committed at FULL like a visit.
                    if (yields == 1
                            ? t.redeem(code).recorded
                            : bool(t.store->setSetting(QStringLiteral("desk-write"), QString::number(yields)))) {
                        ++visits;
                    }
                    if (vfs.syncs(db) != before) {
                        midPage << QStringLiteral("visit %1").arg(visits);
                    }
                },
                Qt::QueuedConnection);
        }
        return waiting;
    });
    int syncsBeforePageEnd = -1;
    int syncsAtPageEnd = -1;
    connect(t.engine.get(), &SyncEngine::downloadProgressed, this, [&] { syncsAtPageEnd = vfs.syncs(db); });
    syncsBeforePageEnd = vfs.syncs(db);
    QVERIFY(t.sync());
    QVERIFY2(yields >= 5, qPrintable(QString::number(yields)));
    QCOMPARE(visits, yields);
    QVERIFY2(midPage.isEmpty(), qPrintable(midPage.join(QStringLiteral(", "))));
    QVERIFY2(syncsAtPageEnd > syncsBeforePageEnd, "the page's commit did not checkpoint");
}

void TestSyncEndToEnd::yieldDropsSeveralUncommittedSlicesOncePerPage()
{
    // A request queued while a page has several slices written but not committed (SyncEngine::Options::
    // dropSlicesAtYield) finds them rolled back: its own commit (a visit's, at FULL) neither waits for their frames to
    // be written nor syncs them. Once per page: the next request in the same page gets a commit of what was written,
    // so the page always finishes; it is applied whole, its cursor with its last slice.
    CentralFixture c;
    QVERIFY(c.start());
    constexpr int kBulk = 3000;
    addMemberships(c, kBulk);
    TerminalFixture t;
    SyncEngine::Options options;
    options.pageSize = 20000; // the whole download is one page
    options.applySliceRecords = 100;
    options.dropSlicesAtYield = 3;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE"), 0, options));
    const qint64 total = c.demo.memberships.size() + kBulk;
    int slices = 0;
    bool waiting = false;
    QList<qint64> seen; // memberships committed, as each queued request found them
    QList<bool> written; // each request's own write (at FULL) committed
    t.engine->setYieldCheck([&] {
        ++slices;
        if (!waiting && (slices == 5 || slices == 10)) {
            waiting = true;
            QMetaObject::invokeMethod(
                t.engine.get(),
                [&] {
                    waiting = false;
                    seen << t.store->count(QStringLiteral("memberships")).valueOr(-1);
                    written << bool(t.store->setSetting(QStringLiteral("desk-write"), QString::number(seen.size())));
                },
                Qt::QueuedConnection);
        }
        return waiting;
    });
    QVERIFY(t.sync());
    QCOMPARE(seen.size(), 2);
    QCOMPARE(written, (QList<bool> {true, true}));
    QCOMPARE(seen.at(0), 0); // 5 slices written, none committed: dropped
    // The page went on from its start; at the second request (5 more slices) they are committed: once per page.
    QVERIFY2(seen.at(1) >= 400 && seen.at(1) < total, qPrintable(QString::number(seen.at(1))));
    QCOMPARE(t.engine->applyYields(), 2);
    QCOMPARE(*t.store->count(QStringLiteral("memberships")), total);
    QCOMPARE(*t.store->cursor(), *c.store->headSeq());
    QCOMPARE(t.store->setting(QStringLiteral("desk-write"))->value_or(QString()), QStringLiteral("2"));
}

void TestSyncEndToEnd::requestAtAPageStartRunsBeforeItsFirstSlice()
{
    // A request queued while a page ends (its last slice, its commit, its checkpoint) runs before the next page's
    // first slice, not after it: the yield check is asked at a page's start too. The request finds exactly what the
    // pages before committed, none of the next page.
    CentralFixture c;
    QVERIFY(c.start());
    addMemberships(c, 300);
    TerminalFixture t;
    SyncEngine::Options options;
    options.pageSize = 50;
    options.applySliceRecords = 10;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE"), 0, options));
    qint64 atPageEnd = -1; // memberships committed when a page ended
    bool pageEnded = false;
    bool waiting = false;
    QList<qint64> seen; // memberships committed, as each request found them
    QList<qint64> expected;
    connect(t.engine.get(), &SyncEngine::downloadProgressed, t.engine.get(), [&] {
        if (seen.size() < 3 && !waiting) {
            pageEnded = true; // the next yield check is the next page's first
            atPageEnd = t.store->count(QStringLiteral("memberships")).valueOr(-1);
        }
    });
    t.engine->setYieldCheck([&] {
        if (pageEnded && !waiting) {
            pageEnded = false;
            waiting = true;
            expected << atPageEnd;
            QMetaObject::invokeMethod(
                t.engine.get(),
                [&] {
                    waiting = false;
                    seen << t.store->count(QStringLiteral("memberships")).valueOr(-1);
                },
                Qt::QueuedConnection);
        }
        return waiting;
    });
    QVERIFY(t.sync());
    QVERIFY2(seen.size() >= 2, qPrintable(QString::number(seen.size())));
    QCOMPARE(seen, expected);
    QCOMPARE(*t.store->count(QStringLiteral("memberships")), c.demo.memberships.size() + 300);
    QCOMPARE(*t.store->cursor(), *c.store->headSeq());
}

void TestSyncEndToEnd::checkpointInterruptedForAQueuedRequest()
{
    // A page-end checkpoint that is running when a request someone waits for is queued stops
    // (Store::interruptCheckpoint, called by the desk's worker as it queues the request): SQLite stops copying the
    // WAL back, so the database file is not synced; nothing is lost, the next statement runs normally (a visit is
    // recorded), the checkpoint is owed to the next page end, and the download completes intact.
    auto& vfs = SyncCountingVfs::install();
    CentralFixture c;
    QVERIFY(c.start());
    TerminalFixture t;
    t.storeOptions.checkpointFrames = 20;
    t.storeOptions.checkpointFramesMidPage = 100000;
    SyncEngine::Options options;
    options.pageSize = 100;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE"), 0, options));
    QVERIFY(t.sync());
    addMemberships(c, 400);
    const QByteArray db = dbFile(t);
    const QByteArray wal = walFile(t);
    bool armed = true;
    int dbSyncsAtInterrupt = -1;
    vfs.setOnSync([&](const QByteArray& path) {
        // The checkpoint syncs the WAL before it copies frames back: the request is queued just then.
        if (armed && path == wal && QThread::currentThread() == t.engine->thread()) {
            const int dbSyncs = vfs.syncs(db);
            if (t.store->interruptCheckpoint()) { // only inside a checkpoint (a FULL commit's sync is not one)
                armed = false;
                dbSyncsAtInterrupt = dbSyncs;
            }
        }
    });
    int owedAt = -1; // db file syncs when the interrupted checkpoint's commit finished
    t.store->setCommitObserver([&](const core::Store::CommitInfo& info) {
        if (info.checkpointOwed && owedAt < 0) {
            owedAt = vfs.syncs(db);
        }
    });
    const int dbSyncsBefore = vfs.syncs(db);
    QVERIFY(t.sync());
    vfs.setOnSync({});
    QVERIFY(!armed);
    QCOMPARE(t.store->checkpointsDeferred(), 1);
    QCOMPARE(owedAt, dbSyncsAtInterrupt); // it stopped before syncing the database file
    QVERIFY(vfs.syncs(db) > dbSyncsBefore); // a later page end (or the end of the download) checkpointed
    const core::Decision d = t.redeem(c.sampleCode(QStringLiteral("Gold member, active")));
    QVERIFY(d.recorded);
    QCOMPARE(*t.store->count(QStringLiteral("memberships")), c.demo.memberships.size() + 400);
    QCOMPARE(*t.store->cursor(), *c.store->headSeq());
    QCOMPARE(*t.store->integrityCheck(), QStringLiteral("ok"));
}

void TestSyncEndToEnd::largeDownloadCheckpointsAtItsOwnBound()
{
    // A large download (SyncEngine::Options::largeDownloadRecords, from the first page's count) checkpoints the WAL
    // at downloadCheckpointFrames, not at the store's bound after every page: fewer, larger checkpoints, the WAL still
    // bounded. A small download keeps the store's bound, and the store's bounds are back after either. Tiny bounds
    // and pages keep the test small.
    CentralFixture c;
    QVERIFY(c.start());
    TerminalFixture t;
    t.storeOptions.checkpointFrames = 20;
    t.storeOptions.checkpointFramesMidPage = 500;
    SyncEngine::Options options;
    options.pageSize = 50;
    options.largeDownloadRecords = 600;
    options.downloadCheckpointFrames = 400;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE"), 0, options));
    addMemberships(c, 1000);
    struct Log
    {
        int checkpoints = 0;
        int pageEnds = 0;
        int maxFrames = 0;
        int maxPageFrames = 0; ///< the most frames one commit added to the WAL
        int framesBefore = 0;
    } log;
    t.store->setCommitObserver([&](const core::Store::CommitInfo& info) {
        log.maxFrames = std::max(log.maxFrames, info.walFrames);
        log.maxPageFrames = std::max(log.maxPageFrames, info.walFrames - log.framesBefore);
        log.framesBefore = info.checkpointNs > 0 ? 0 : info.walFrames;
        log.checkpoints += info.checkpointNs > 0 ? 1 : 0;
    });
    connect(t.engine.get(), &SyncEngine::downloadProgressed, this, [&] { ++log.pageEnds; });
    QVERIFY(t.sync()); // the initial download: the demo set + 1,000 records, a large one
    QCOMPARE(*t.store->count(QStringLiteral("memberships")), c.demo.memberships.size() + 1000);
    QVERIFY2(log.pageEnds >= 20, qPrintable(QString::number(log.pageEnds)));
    // At the store's bound of 20 frames nearly every page's commit checkpoints (as in the small download below).
    QVERIFY2(log.checkpoints * 4 < log.pageEnds,
             qPrintable(QStringLiteral("%1 checkpoints in %2 pages").arg(log.checkpoints).arg(log.pageEnds)));
    QVERIFY2(log.maxFrames < 400 + log.maxPageFrames,
             qPrintable(QStringLiteral("WAL %1 frames, a commit %2").arg(log.maxFrames).arg(log.maxPageFrames)));
    QCOMPARE(t.store->checkpointFrames(), 20);
    QCOMPARE(t.store->checkpointFramesMidPage(), 500);

    // A small download (300 changed records, fewer than 600): the store's bound of 20 frames, so checkpoints every
    // page or two (none at 400 frames: the whole download writes fewer).
    addMemberships(c, 300);
    log = {};
    QVERIFY(t.sync());
    QVERIFY2(log.pageEnds >= 6 && log.checkpoints * 3 >= log.pageEnds,
             qPrintable(QStringLiteral("%1 checkpoints in %2 pages").arg(log.checkpoints).arg(log.pageEnds)));
    QCOMPARE(t.store->checkpointFrames(), 20);
    QCOMPARE(t.store->checkpointFramesMidPage(), 500);
}

QTEST_GUILESS_MAIN(TestSyncEndToEnd)
void TestSyncEndToEnd::pagesFetchedAheadWhileOneApplies()
{
    // While the store's thread applies a page, the feed thread goes on asking central for the next pages, up to
    // pagesAhead decoded pages held by the engine (before: only the page after the one being applied). Seen at
    // central's door (the requests through the proxy) while the first page is held between two of its slices, not yet
    // committed; the download then completes with every record and every cursor in order.
    CentralFixture c;
    QVERIFY(c.start());
    addMemberships(c, 600);
    FaultProxy proxy(c.port);
    TerminalFixture t;
    SyncEngine::Options options;
    options.pageSize = 50;
    options.applySliceRecords = 10;
    options.pagesAhead = 3;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE"), proxy.port(), options));
    const auto feedRequests = [&] { return int(proxy.received().count("GET /v1/terminal/changes")); };
    int askedDuringFirstPage = -1;
    t.engine->setYieldCheck([&] {
        if (askedDuringFirstPage < 0) {
            // Central and the proxy run on this thread: let them answer while the first page waits for its next slice.
            (void)QTest::qWaitFor([&] { return feedRequests() >= options.pagesAhead; }, 5000);
            askedDuringFirstPage = feedRequests();
        }
        return false;
    });
    QList<qint64> cursors;
    connect(t.engine.get(), &SyncEngine::downloadProgressed, this, [&] { cursors << t.store->cursor().valueOr(-1); });
    QVERIFY(t.sync());
    QVERIFY2(askedDuringFirstPage == options.pagesAhead,
             qPrintable(QStringLiteral("%1 feed requests while the first page was applied").arg(askedDuringFirstPage)));
    QVERIFY2(t.engine->mostPagesHeld() >= 2 && t.engine->mostPagesHeld() <= options.pagesAhead,
             qPrintable(QString::number(t.engine->mostPagesHeld())));
    QCOMPARE(*t.store->cursor(), *c.store->headSeq());
    QCOMPARE(*t.store->count(QStringLiteral("memberships")), c.demo.memberships.size() + 600);
    QVERIFY(t.store->membershipById(QStringLiteral("BULK-599"))->has_value());
    QVERIFY(cursors.size() >= 12);
    for (qsizetype i = 1; i < cursors.size(); ++i) {
        QVERIFY2(cursors[i] > cursors[i - 1], qPrintable(QStringLiteral("page %1").arg(i)));
    }
}

void TestSyncEndToEnd::slicedPageLedgersItsCursorOnce()
{
    // A page applied in slices of 10 records: every slice before the last carries the cursor the page starts from,
    // which is already stored. It is not written again, so the ledger gets one cursor entry per page (plus the first
    // "0"), not one per slice; the cursor itself still moves only with each page's last slice.
    CentralFixture c;
    QVERIFY(c.start());
    addMemberships(c, 300);
    TerminalFixture t;
    SyncEngine::Options options;
    options.pageSize = 100;
    options.applySliceRecords = 10;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE"), 0, options));
    QList<qint64> cursors;
    connect(t.engine.get(), &SyncEngine::downloadProgressed, this, [&] { cursors << t.store->cursor().valueOr(-1); });
    QVERIFY(t.sync());
    QCOMPARE(*t.store->cursor(), *c.store->headSeq());
    QCOMPARE(*t.store->count(QStringLiteral("memberships")), c.demo.memberships.size() + 300);
    const qint64 entries
        = *t.store->database().queryValue<qint64>(QStringLiteral("SELECT COUNT(*) FROM ledger WHERE kind='settings' "
                                                                 "AND body LIKE '%\"cursor\"%'"));
    const qint64 pages = cursors.size();
    QVERIFY(pages >= 3);
    QVERIFY2(entries <= pages + 1,
             qPrintable(QStringLiteral("%1 cursor entries for %2 pages").arg(entries).arg(pages)));
    QVERIFY2(entries >= pages, qPrintable(QStringLiteral("%1 cursor entries for %2 pages").arg(entries).arg(pages)));
}

#include "tst_syncendtoend.moc"
