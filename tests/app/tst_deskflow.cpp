// The kiosk's controllers (router, session, admission flow) over a scripted FakeBackend: no thread, no SQLite. Each
// test holds the store's replies back or gives them in the order a busy desk sees them.

#include "FakeBackend.h"
#include "KioskFixture.h"
#include "controller/AdmissionFlow.h"
#include "controller/KioskController.h"
#include "controller/SessionController.h"

#include <QSignalSpy>
#include <QTest>

using namespace lounge;
using namespace lounge::app;
using namespace lounge::test;
using core::Verdict;

namespace {
const StaffMember kAgent {QStringLiteral("A-1"), QStringLiteral("Ann Agent"), StaffRole::Agent};
const StaffMember kSupervisor {QStringLiteral("S-1"), QStringLiteral("Sam Supervisor"), StaffRole::Supervisor};
} // namespace

class TestDeskFlow : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    // the split itself: the router shows what each chapter says
    void sessionOpensAndLocks();
    void oneScanAcceptRecordsOnce();
    void partyPickerThenRedeem();

private:
    void signIn(const StaffMember& who = kAgent);

    std::unique_ptr<FakeBackend> m_backend;
    std::unique_ptr<KioskController> m_c;
};

void TestDeskFlow::init()
{
    m_backend = std::make_unique<FakeBackend>();
    m_c = std::make_unique<KioskController>(m_backend.get(), makeClock());
    m_c->setVerdictTimeoutOverrideMs(60'000);
    m_c->start();
    m_backend->openWith(KioskSettings {});
    QVERIFY(m_c->isStoreOpen());
}

void TestDeskFlow::cleanup()
{
    m_c.reset();
    m_backend.reset();
}

void TestDeskFlow::signIn(const StaffMember& who)
{
    m_c->submitPin(QStringLiteral("1234"));
    QCOMPARE(m_backend->count("signIn"), 1);
    m_backend->signInAs(who);
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::Ready));
}

void TestDeskFlow::sessionOpensAndLocks()
{
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::SignedOut));
    signIn();
    QCOMPARE(m_c->staff()->id, kAgent.id);
    QCOMPARE(m_backend->last("setStaff").staffId, kAgent.id);
    QVERIFY(m_c->session()->state() == SessionController::State::Open);
    m_c->lock();
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::Locked));
    QVERIFY(!m_c->allows(core::StaffAction::Void));
    // the holder's PIN resumes
    m_c->submitPin(QStringLiteral("1234"));
    m_backend->signInAs(kAgent);
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::Ready));
}

void TestDeskFlow::oneScanAcceptRecordsOnce()
{
    signIn();
    QSignalSpy presented(m_c.get(), &KioskController::verdictPresented);
    m_c->handleScan("L1M-GOLD");
    QVERIFY(m_c->isBusy());
    QCOMPARE(m_backend->last("check").raw, QByteArray("L1M-GOLD"));
    m_backend->answerCheck(FakeBackend::decision(Verdict::Accept, QStringLiteral("Jane Gold")));
    QCOMPARE(m_backend->count("redeem"), 1);
    QCOMPARE(app::toString(m_c->screen()),
             app::toString(Screen::Ready)); // still the ready screen while the visit is written
    auto recorded = FakeBackend::decision(Verdict::Accept, QStringLiteral("Jane Gold"));
    recorded.recorded = true;
    m_backend->answerRedeem(recorded);
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::Verdict));
    QCOMPARE(m_c->verdict().tone, VerdictTone::Accept);
    QCOMPARE(presented.count(), 1);
    QVERIFY(!m_c->isBusy());
}

void TestDeskFlow::partyPickerThenRedeem()
{
    signIn();
    m_c->handleScan("L1M-PLAT");
    m_backend->answerCheck(FakeBackend::decision(Verdict::Accept, QStringLiteral("Pat Platinum"), 2));
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::PartySize));
    QCOMPARE(m_c->maxPartySize(), 3);
    m_c->changeGuests(+5);
    QCOMPARE(m_c->partySize(), 3);
    m_c->confirmParty();
    QCOMPARE(m_backend->last("redeem").partySize, 3);
    auto recorded = FakeBackend::decision(Verdict::Accept, QStringLiteral("Pat Platinum"));
    recorded.recorded = true;
    m_backend->answerRedeem(recorded);
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::Verdict));
    m_c->returnToReady();
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::Ready));
}

QTEST_GUILESS_MAIN(TestDeskFlow)
#include "tst_deskflow.moc"
