// Faults between kiosk and central: after the fault clears, central holds every redemption exactly once.
#include "FaultProxy.h"
#include "SyncHarness.h"
#include "Validator.h"

#include <QtTest>

using namespace lounge;
using namespace lounge::sync;
using namespace lounge::sync::test;

Q_DECLARE_METATYPE(lounge::sync::test::FaultProxy::Fault)

class TestSyncFaults : public QObject
{
    Q_OBJECT
private slots:
    void exactlyOnceAfterFault_data();
    void exactlyOnceAfterFault();
    void permanentRejectionIsKeptAndReported();
    void backoffGrowsWithJitterWhileCentralIsDown();
    void wrongCredentialsStopSyncWithAnError();
};

void TestSyncFaults::exactlyOnceAfterFault_data()
{
    QTest::addColumn<FaultProxy::Fault>("fault");
    QTest::addColumn<QByteArray>("path"); // empty = central down
    QTest::addColumn<bool>("cycleFails");

    using F = FaultProxy::Fault;
    const QByteArray upload = "/v1/terminal/redemptions";
    const QByteArray feed = "/v1/terminal/changes";
    QTest::newRow("central down") << F::None << QByteArray() << true;
    QTest::newRow("upload: 500") << F::Http500 << upload << true;
    QTest::newRow("upload: slow server, timeout after commit") << F::Slow << upload << true;
    QTest::newRow("upload: truncated response after commit") << F::Truncated << upload << true;
    QTest::newRow("upload: invalid JSON after commit") << F::InvalidJson << upload << true;
    QTest::newRow("upload: response lost after commit") << F::DropResponse << upload << true;
    QTest::newRow("upload: duplicate delivery") << F::Duplicate << upload << false;
    QTest::newRow("feed: 500") << F::Http500 << feed << true;
    QTest::newRow("feed: truncated") << F::Truncated << feed << true;
    QTest::newRow("feed: invalid JSON") << F::InvalidJson << feed << true;
    QTest::newRow("feed: slow") << F::Slow << feed << true;
    QTest::newRow("time: 500") << F::Http500 << QByteArray("/v1/terminal/time") << true;
}

void TestSyncFaults::exactlyOnceAfterFault()
{
    QFETCH(FaultProxy::Fault, fault);
    QFETCH(QByteArray, path);
    QFETCH(bool, cycleFails);

    CentralFixture c;
    QVERIFY(c.start());
    FaultProxy proxy(c.port);
    proxy.slowMs = 2500;
    TerminalFixture t;
    CentralClient::Options fast;
    fast.timeoutMs = 1000; // the slow server answers after the client gave up
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE"), proxy.port(), {}, fast));
    QVERIFY(t.sync());

    // Offline-first: four visits and one void recorded locally.
    const QStringList labels {QStringLiteral("Gold member, active"), QStringLiteral("Platinum member, active"),
                              QStringLiteral("Family member"), QStringLiteral("E-pass, any lounge, 3 visits")};
    QList<QUuid> ids;
    for (const auto& label : labels) {
        const core::Decision d = t.redeem(c.sampleCode(label));
        QVERIFY2(d.recorded, qPrintable(label + QLatin1String(": ") + core::toString(d.reason)));
        ids << d.redemptionId;
    }
    QVERIFY(t.access->voidRedemption(ids[1], QStringLiteral("sup-1"), QStringLiteral("wrong guest")));
    QCOMPARE(*t.store->pendingUploads(), 5);

    if (path.isEmpty()) {
        proxy.setDown(true);
    } else {
        proxy.failNext(fault, path, 3); // 3: QNetworkAccessManager may resend once by itself
    }
    QCOMPARE(t.sync(), !cycleFails);
    if (cycleFails) {
        QCOMPARE_ENUM(t.engine->status().state, SyncState::Offline);
        QVERIFY(!t.engine->status().lastError.isEmpty());
    }
    QVERIFY(path.isEmpty() || proxy.faultsInjected() > 0);
    proxy.setDown(false);
    proxy.clearFaults();

    QVERIFY(t.sync());
    QCOMPARE(*t.store->pendingUploads(), 0);
    QCOMPARE_ENUM(t.engine->status().state, SyncState::Online);
    const QString period = core::Validator::periodKey(
        core::QuotaPeriod::Year,
        core::Validator::localDate(QDateTime::currentDateTimeUtc(), QStringLiteral("Asia/Hong_Kong")));
    // Exactly once at central: one record per visit (plus the void), counters match.
    QCOMPARE(c.redemptionCount(QStringLiteral("M:M-1001")), 1);
    QCOMPARE(c.redemptionCount(QStringLiteral("M:M-1002")), 2); // visit + its void
    QCOMPARE(c.redemptionCount(QStringLiteral("M:M-1007")), 1);
    QCOMPARE(c.redemptionCount(QStringLiteral("E:E-2001")), 1);
    QCOMPARE(c.used(QStringLiteral("M:M-1001"), QStringLiteral("LOUNGE"), core::Pool::Cardholder, period), 1);
    QCOMPARE(c.used(QStringLiteral("E:E-2001"), QStringLiteral("LOUNGE"), core::Pool::Usages, QStringLiteral("V")), 1);
    // And the kiosk agrees with central (no double counting of its own, now acknowledged, records).
    auto local = t.store->used(core::CredentialRef {core::CredentialKind::EPass, QStringLiteral("E-2001")},
                               QStringLiteral("LOUNGE"), core::Pool::Usages, QStringLiteral("V"));
    QCOMPARE(*local, 1);
    for (const auto& id : ids) {
        auto r = t.store->redemption(id);
        QVERIFY(r && r->has_value());
        QCOMPARE_ENUM((*r)->state, core::RedemptionState::Acknowledged);
    }
}

void TestSyncFaults::permanentRejectionIsKeptAndReported()
{
    CentralFixture c;
    QVERIFY(c.start());
    TerminalFixture t;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE")));
    QVERIFY(t.sync());

    // A visit for a credential central does not know (e.g. a cache entry central since dropped).
    core::Redemption ghost;
    ghost.id = QUuid::createUuid();
    ghost.credential = {core::CredentialKind::Membership, QStringLiteral("M-GHOST")};
    ghost.resourceId = t.settings.resourceId;
    ghost.terminalId = t.settings.terminalId;
    ghost.staffId = QStringLiteral("staff-1");
    ghost.uses = {core::PoolUse {QStringLiteral("LOUNGE"), core::Pool::Cardholder, QStringLiteral("V"), 1}};
    ghost.at = QDateTime::currentDateTimeUtc();
    ghost.clockSource = QStringLiteral("system");
    {
        auto tx = t.store->beginWrite();
        QVERIFY(tx);
        QVERIFY(t.store->appendJournal(ghost));
        QVERIFY(tx->commit());
    }
    const core::Decision good = t.redeem(c.sampleCode(QStringLiteral("Gold member, active")));
    QVERIFY(good.recorded);

    QSignalSpy rejected(t.engine.get(), &SyncEngine::uploadRejected);
    QVERIFY(t.sync()); // the cycle succeeds; the rejection is per item
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(rejected.first().at(0).value<QUuid>(), ghost.id);
    QCOMPARE(rejected.first().at(1).toString(), QStringLiteral("UNKNOWN_CREDENTIAL"));
    auto kept = t.store->redemption(ghost.id);
    QVERIFY(kept && kept->has_value());
    QCOMPARE_ENUM((*kept)->state, core::RedemptionState::Rejected);
    QCOMPARE((*kept)->remark, QStringLiteral("UNKNOWN_CREDENTIAL"));
    QCOMPARE(t.engine->status().rejectedUploads, 1);
    QCOMPARE(t.engine->status().pendingUploads, 0);
    QCOMPARE(c.redemptionCount(QStringLiteral("M:M-1001")), 1);

    // Not retried, not dropped: the next sync leaves it as it is.
    QVERIFY(t.sync());
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(t.engine->status().rejectedUploads, 1);
}

void TestSyncFaults::backoffGrowsWithJitterWhileCentralIsDown()
{
    CentralFixture c;
    QVERIFY(c.start());
    FaultProxy proxy(c.port);
    TerminalFixture t;
    SyncEngine::Options options;
    options.backoffBaseMs = 200;
    options.backoffMaxMs = 1600;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE"), proxy.port(), options));
    proxy.setDown(true);
    QSignalSpy failed(t.engine.get(), &SyncEngine::syncFailed);
    t.engine->start();
    for (int attempt = 1; attempt <= 5; ++attempt) {
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), attempt, 20000);
        const qint64 ceiling = std::min<qint64>(options.backoffMaxMs, qint64(options.backoffBaseMs) << (attempt - 1));
        const int next = t.engine->nextAttemptInMs();
        QVERIFY2(next >= 0 && next <= ceiling,
                 qPrintable(QStringLiteral("attempt %1: %2 > %3").arg(attempt).arg(next).arg(ceiling)));
        QCOMPARE(t.engine->status().consecutiveFailures, attempt);
        QCOMPARE_ENUM(t.engine->status().state, SyncState::Offline);
    }
    proxy.setDown(false);
    QSignalSpy ok(t.engine.get(), &SyncEngine::syncSucceeded);
    QTRY_VERIFY_WITH_TIMEOUT(ok.count() > 0, 20000);
    QCOMPARE(t.engine->status().consecutiveFailures, 0);
    QCOMPARE_ENUM(t.engine->status().state, SyncState::Online);
    t.engine->stop();
}

void TestSyncFaults::wrongCredentialsStopSyncWithAnError()
{
    CentralFixture c;
    QVERIFY(c.start());
    TerminalFixture t;
    QVERIFY(t.enroll(c, QStringLiteral("HKG-T1-LOUNGE")));
    t.client->setCredentials(t.settings.terminalId, QStringLiteral("not-the-secret"));
    QVERIFY(!t.sync());
    QCOMPARE_ENUM(t.engine->status().state, SyncState::Error);
    QVERIFY(t.engine->status().lastError.contains(QLatin1String("UNAUTHORIZED")));
    QCOMPARE(*t.store->cursor(), 0);
}

QTEST_GUILESS_MAIN(TestSyncFaults)
#include "tst_syncfaults.moc"
