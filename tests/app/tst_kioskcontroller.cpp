// The kiosk's screen state machine over a real SQLite store on its worker thread, without any widget.

#include "KioskFixture.h"
#include "Store.h"
#include "controller/KioskController.h"
#include "controller/StoreWorker.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace lounge;
using namespace lounge::app;
using namespace lounge::test;

Q_DECLARE_METATYPE(lounge::core::Reason)

class TestKioskController : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void signInWithPin_data();
    void signInWithPin();
    void staffBadgeSignsIn();
    void scanShowsVerdict_data();
    void scanShowsVerdict();
    void guestsPickerBoundedAndRecorded();
    void attentionAdmitAnywayRecords();
    void verdictReturnsToReadyByItself();
    void nextScanReplacesVerdict();
    void manualEntryUsesSameFlow();
    void storeFailureIsNeverGreen();
    void supervisorVoidsWithinWindow();
    void agentCannotVoidOrOpenSettings();
    void offlineAndStaleFaults();
    void scansIgnoredOnOtherScreens();

private:
    void signIn(const QString& pin);
    /// Scans and waits until the verdict for this scan is presented (not a leftover one).
    void scanToVerdict(const QByteArray& code);
    int journalCount();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<core::FixedClock> m_clock;
    std::unique_ptr<QThread> m_thread;
    StoreWorker* m_worker = nullptr;
    std::unique_ptr<KioskController> m_c;
};

void TestKioskController::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = makeClock();
    m_worker = new StoreWorker(StoreWorker::Options {m_dir->filePath(QStringLiteral("cache.sqlite")), true}, m_clock,
                               std::make_unique<DemoStaffAuthenticator>());
    m_thread = std::make_unique<QThread>();
    m_worker->moveToThread(m_thread.get());
    connect(m_thread.get(), &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
    m_c = std::make_unique<KioskController>(m_worker, m_clock);
    m_c->setVerdictTimeoutOverrideMs(60'000); // tests that need auto-return set it short themselves
    m_c->start();
    QTRY_VERIFY(m_c->isStoreOpen());
    QCOMPARE(m_c->settings().terminal.resourceId, QStringLiteral("HKG-T1-LOUNGE"));
}

void TestKioskController::cleanup()
{
    m_c.reset();
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
    m_dir.reset();
}

void TestKioskController::signIn(const QString& pin)
{
    m_c->submitPin(pin);
    QTRY_COMPARE(app::toString(m_c->screen()), app::toString(Screen::Ready));
}

void TestKioskController::scanToVerdict(const QByteArray& code)
{
    QSignalSpy presented(m_c.get(), &KioskController::verdictPresented);
    m_c->handleScan(code);
    QTRY_COMPARE(presented.count(), 1);
}

int TestKioskController::journalCount()
{
    // A second connection on the test thread: reads only, WAL lets it see committed records.
    auto store = core::Store::open(m_dir->filePath(QStringLiteral("cache.sqlite")));
    return store ? (*store)->count(QStringLiteral("journal")).valueOr(-1) : -1;
}

void TestKioskController::signInWithPin_data()
{
    QTest::addColumn<QString>("pin");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<bool>("supervisor");
    QTest::newRow("agent") << QStringLiteral("1234") << true << false;
    QTest::newRow("supervisor") << QStringLiteral("2468") << true << true;
    QTest::newRow("wrong") << QStringLiteral("0000") << false << false;
    QTest::newRow("prefix of a pin") << QStringLiteral("123") << false << false;
}

void TestKioskController::signInWithPin()
{
    QFETCH(QString, pin);
    QFETCH(bool, accepted);
    QFETCH(bool, supervisor);
    QSignalSpy failed(m_c.get(), &KioskController::signInFailed);
    m_c->submitPin(pin);
    if (accepted) {
        QTRY_COMPARE(app::toString(m_c->screen()), app::toString(Screen::Ready));
        QVERIFY(m_c->staff());
        QCOMPARE(m_c->staff()->isSupervisor(), supervisor);
        QCOMPARE(failed.count(), 0);
    } else {
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(core::toString(failed.first().first().value<core::Error>().code),
                 core::toString(core::ErrorCode::Unauthorized));
        QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::SignedOut));
        QVERIFY(!m_c->staff());
    }
}

void TestKioskController::staffBadgeSignsIn()
{
    m_c->handleScan("STAFF:1234");
    QTRY_COMPARE(app::toString(m_c->screen()), app::toString(Screen::Ready));
    QCOMPARE(m_c->staff()->id, QStringLiteral("demo-agent"));
    // A pass scanned while signed out is not a badge and admits nobody.
    m_c->signOut();
    QSignalSpy failed(m_c.get(), &KioskController::signInFailed);
    m_c->handleScan(demoCode(kEPass));
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::SignedOut));
    QCOMPARE(journalCount(), 0);
}

void TestKioskController::scanShowsVerdict_data()
{
    QTest::addColumn<QString>("label");
    QTest::addColumn<Screen>("screen");
    QTest::addColumn<VerdictTone>("tone");
    QTest::addColumn<core::Reason>("reason");
    QTest::addColumn<int>("recorded");
    QTest::newRow("E-pass: one-scan accept")
        << kEPass << Screen::Verdict << VerdictTone::Accept << core::Reason::Ok << 1;
    QTest::newRow("gold: guests allowed → picker")
        << kGold << Screen::PartySize << VerdictTone::Accept << core::Reason::Ok << 0;
    QTest::newRow("suspended") << kSuspended << Screen::Verdict << VerdictTone::Reject << core::Reason::Suspended << 0;
    QTest::newRow("out of scope") << kLondonOnly << Screen::Verdict << VerdictTone::Reject << core::Reason::OutOfScope
                                  << 0;
    QTest::newRow("expired") << QStringLiteral("E-pass, expired yesterday") << Screen::Verdict << VerdictTone::Reject
                             << core::Reason::Expired << 0;
    QTest::newRow("no visits left") << QStringLiteral("E-pass with no visits left") << Screen::Verdict
                                    << VerdictTone::Reject << core::Reason::NoVisitsLeft << 0;
}

void TestKioskController::scanShowsVerdict()
{
    QFETCH(QString, label);
    QFETCH(Screen, screen);
    QFETCH(VerdictTone, tone);
    QFETCH(core::Reason, reason);
    QFETCH(int, recorded);
    signIn(QStringLiteral("1234"));
    QSignalSpy presented(m_c.get(), &KioskController::verdictPresented);
    m_c->handleScan(demoCode(label), 42);
    QTRY_COMPARE(app::toString(m_c->screen()), app::toString(screen));
    QVERIFY(!m_c->isBusy());
    if (screen == Screen::Verdict) {
        QCOMPARE(m_c->verdict().tone, tone);
        QCOMPARE(core::toString(m_c->verdict().decision.reason), core::toString(reason));
        QCOMPARE(m_c->verdict().decision.recorded, recorded == 1);
        QCOMPARE(m_c->verdict().arrivalNs, 42);
        QCOMPARE(presented.count(), 1);
    } else {
        QCOMPARE(presented.count(), 0);
    }
    QCOMPARE(journalCount(), recorded);
}

void TestKioskController::guestsPickerBoundedAndRecorded()
{
    signIn(QStringLiteral("1234"));
    m_c->handleScan(demoCode(kPlatinum));
    QTRY_COMPARE(app::toString(m_c->screen()), app::toString(Screen::PartySize));
    QCOMPARE(m_c->partySize(), 1);
    QCOMPARE(m_c->maxPartySize(), 3); // Platinum: two guests per visit
    m_c->changeGuests(-1);
    QCOMPARE(m_c->partySize(), 1);
    for (int i = 0; i < 5; ++i) {
        m_c->changeGuests(+1);
    }
    QCOMPARE(m_c->partySize(), 3);
    m_c->changeGuests(-1);
    QCOMPARE(m_c->partySize(), 2);
    QCOMPARE(journalCount(), 0); // nothing recorded before staff confirm the party
    m_c->confirmParty();
    QTRY_COMPARE(app::toString(m_c->screen()), app::toString(Screen::Verdict));
    QCOMPARE(m_c->verdict().tone, VerdictTone::Accept);
    QVERIFY(m_c->verdict().decision.recorded);
    QCOMPARE(m_c->verdict().decision.partySize, 2);
    QCOMPARE(journalCount(), 1);
}

void TestKioskController::attentionAdmitAnywayRecords()
{
    signIn(QStringLiteral("1234"));
    const QByteArray code = demoCode(kEPass);
    scanToVerdict(code);
    QCOMPARE(m_c->verdict().tone, VerdictTone::Accept);
    m_c->returnToReady();
    m_clock->advance(60); // back a minute later: RECENTLY_USED
    m_c->handleScan(code);
    QTRY_COMPARE(m_c->verdict().tone, VerdictTone::Attention);
    QCOMPARE(core::toString(m_c->verdict().decision.reason), core::toString(core::Reason::RecentlyUsed));
    QVERIFY(m_c->verdict().canAdmitAnyway);
    QCOMPARE(journalCount(), 1);
    m_c->admitAnyway();
    QTRY_COMPARE(m_c->verdict().tone, VerdictTone::Accept);
    QVERIFY(m_c->verdict().decision.recorded);
    QCOMPARE(journalCount(), 2);
    // Cancel on an attention records nothing.
    m_c->returnToReady();
    m_c->handleScan(code);
    QTRY_COMPARE(m_c->verdict().tone, VerdictTone::Attention);
    m_c->returnToReady();
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::Ready));
    QCOMPARE(journalCount(), 2);
}

void TestKioskController::verdictReturnsToReadyByItself()
{
    signIn(QStringLiteral("1234"));
    m_c->setVerdictTimeoutOverrideMs(150);
    QSignalSpy screens(m_c.get(), &KioskController::screenChanged);
    m_c->handleScan(demoCode(kSuspended));
    QTRY_COMPARE(app::toString(m_c->screen()), app::toString(Screen::Verdict));
    QTRY_COMPARE(app::toString(m_c->screen()), app::toString(Screen::Ready));
    QCOMPARE(screens.count(), 2);
    QCOMPARE(app::toString(screens.at(0).first().value<Screen>()), app::toString(Screen::Verdict));
    QCOMPARE(app::toString(screens.at(1).first().value<Screen>()), app::toString(Screen::Ready));
}

void TestKioskController::nextScanReplacesVerdict()
{
    signIn(QStringLiteral("1234"));
    scanToVerdict(demoCode(kSuspended));
    QCOMPARE(m_c->verdict().tone, VerdictTone::Reject);
    scanToVerdict(demoCode(kEPass)); // while the red verdict is still up
    QCOMPARE(m_c->verdict().tone, VerdictTone::Accept);
    QCOMPARE(m_c->verdict().decision.holderName, QStringLiteral("Olivia Brown"));
}

void TestKioskController::manualEntryUsesSameFlow()
{
    signIn(QStringLiteral("1234"));
    m_c->openManualEntry();
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::ManualEntry));
    m_c->submitManual(QStringLiteral("  6001234500001001 ")); // Mei Ling Chan's membership number, typed
    QTRY_COMPARE(app::toString(m_c->screen()), app::toString(Screen::PartySize));
    QCOMPARE(m_c->partyDecision().holderName, QStringLiteral("Mei Ling Chan"));
    m_c->confirmParty();
    QTRY_COMPARE(m_c->verdict().tone, VerdictTone::Accept);
    QCOMPARE(journalCount(), 1);
}

void TestKioskController::storeFailureIsNeverGreen()
{
    signIn(QStringLiteral("1234"));
    m_c->handleScan(demoCode(kGold));
    QTRY_COMPARE(app::toString(m_c->screen()), app::toString(Screen::PartySize));
    // Another process holds the write lock: the redeem cannot commit (busy timeout, then LOCKED).
    auto other = core::Store::open(m_dir->filePath(QStringLiteral("cache.sqlite")));
    QVERIFY(other);
    auto tx = (*other)->beginWrite();
    QVERIFY(tx);
    m_c->confirmParty();
    QTRY_COMPARE_WITH_TIMEOUT(app::toString(m_c->screen()), app::toString(Screen::Verdict), 10000);
    QCOMPARE(m_c->verdict().tone, VerdictTone::NotRecorded);
    QVERIFY(m_c->verdict().error);
    QVERIFY(!m_c->verdict().decision.recorded);
    QVERIFY(m_c->storeFault());
    tx->rollback();
    // The next successful store call clears the fault by itself.
    m_c->returnToReady();
    m_c->handleScan(demoCode(kEPass));
    QTRY_COMPARE(m_c->verdict().tone, VerdictTone::Accept);
    QTRY_VERIFY(!m_c->storeFault());
}

void TestKioskController::supervisorVoidsWithinWindow()
{
    signIn(QStringLiteral("2468"));
    scanToVerdict(demoCode(kEPass));
    QCOMPARE(m_c->verdict().tone, VerdictTone::Accept);
    const QUuid id = m_c->verdict().decision.redemptionId;
    m_c->returnToReady();
    m_c->openToday();
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::Today));
    QTRY_COMPARE(m_c->today().records.size(), 1);
    QCOMPARE(m_c->today().records.first().id, id);
    QVERIFY(m_c->canVoid(m_c->today().records.first()));
    m_c->setTodaySearch(QStringLiteral("olivia"));
    QCOMPARE(m_c->filteredToday().size(), 1);
    m_c->setTodaySearch(QStringLiteral("nobody"));
    QCOMPARE(m_c->filteredToday().size(), 0);
    m_c->setTodaySearch({});

    QSignalSpy confirm(m_c.get(), &KioskController::voidConfirmationRequested);
    QSignalSpy voided(m_c.get(), &KioskController::voidRecorded);
    m_c->requestVoid(id);
    QCOMPARE(confirm.count(), 1);
    QCOMPARE(voided.count(), 0); // nothing happens before confirmation
    m_c->confirmVoid(QStringLiteral("wrong guest"));
    QTRY_COMPARE(voided.count(), 1);
    QTRY_COMPARE(m_c->today().records.size(), 2); // the redemption and its compensating void
    QCOMPARE(m_c->today().stats.voided, 1);
    for (const auto& r : m_c->today().records) {
        QVERIFY(!m_c->canVoid(r)); // a voided visit and a void cannot be voided again
    }

    // Outside the window (24 h by default) a visit cannot be voided from the kiosk.
    m_c->returnToReady();
    scanToVerdict(demoCode(kEPassOneVisit));
    QCOMPARE(m_c->verdict().tone, VerdictTone::Accept);
    m_clock->advance(25 * 3600);
    m_c->returnToReady();
    m_c->openToday();
    QTRY_VERIFY(!m_c->today().records.isEmpty());
    for (const auto& r : m_c->today().records) {
        QVERIFY(!m_c->canVoid(r));
    }
}

void TestKioskController::agentCannotVoidOrOpenSettings()
{
    signIn(QStringLiteral("1234"));
    scanToVerdict(demoCode(kEPass));
    QCOMPARE(m_c->verdict().tone, VerdictTone::Accept);
    m_c->returnToReady();
    QSignalSpy refused(m_c.get(), &KioskController::settingsRefused);
    m_c->openSettings();
    QCOMPARE(refused.count(), 1);
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::Ready));
    m_c->openToday();
    QTRY_COMPARE(m_c->today().records.size(), 1);
    QVERIFY(!m_c->canVoid(m_c->today().records.first()));
    QSignalSpy confirm(m_c.get(), &KioskController::voidConfirmationRequested);
    m_c->requestVoid(m_c->today().records.first().id);
    QCOMPARE(confirm.count(), 0);
}

void TestKioskController::offlineAndStaleFaults()
{
    signIn(QStringLiteral("1234"));
    QVERIFY(!m_c->isOffline());
    QVERIFY(!m_c->isCacheStale());
    SyncView s;
    s.state = SyncView::State::Offline;
    m_c->setSyncStatus(s);
    QVERIFY(m_c->isOffline());
    s.state = SyncView::State::Online;
    s.lastSuccess = m_clock->now();
    m_c->setSyncStatus(s);
    QVERIFY(!m_c->isOffline());
    m_clock->advance(25 * 3600); // beyond staleAfterSeconds (24 h)
    QVERIFY(m_c->isCacheStale());
}

void TestKioskController::scansIgnoredOnOtherScreens()
{
    signIn(QStringLiteral("2468"));
    m_c->openToday();
    m_c->handleScan(demoCode(kEPass));
    QVERIFY(!m_c->isBusy()); // ignored at once: no check was started
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::Today));
    m_c->returnToReady();
    m_c->openSettings();
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::Settings));
    m_c->handleScan(demoCode(kEPass));
    QVERIFY(!m_c->isBusy());
    m_c->returnToReady();
    m_c->openManualEntry();
    m_c->handleScan(demoCode(kEPass));
    QVERIFY(!m_c->isBusy());
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::ManualEntry));
    QCOMPARE(journalCount(), 0);
}

QTEST_GUILESS_MAIN(TestKioskController)
#include "tst_kioskcontroller.moc"
