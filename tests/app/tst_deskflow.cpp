// The kiosk's controllers (router, session, admission flow) over a scripted FakeBackend: no thread, no SQLite. Each
// test holds the store's replies back or gives them in the order a busy desk sees them.

#include "../common/BcbpGenerator.h"
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

    // §2 the camera at a queue
    void scanDuringAttentionWaitsAsNextGuest();
    void acceptStaysItsFullTimeBeforeNextGuest();
    void rejectGivesWayAtOnce();
    void scanOnPickerWaitsAndThirdIsTold();
    void pickerTimesOutRecordingNothing();
    void scansOnStaffScreensWaitAsNextGuest();
    void refusalLoggedOncePerVerdictShown();
    void scanOnTodaySearchesThePass();
    void passOnLockedDeskIsNeverTyped();
    // §3 screens that never point at the wrong person
    void notRecordedNamesTheGuestWhoFailed();
    void redStateStaysUntilAWriteSucceeds();
    void admitAnywayOffersGuestPicker();
    // issue 14 §3: boarding passes at the desk (two scans, either order)
    void passThenBoardingPass();
    void boardingPassThenPass();
    void unusableScansKeepThePendingPass();
    void guestsBoardingPassesOneByOne();
    void supervisorOverridesMissingBoardingPass();
    void supervisorOverridesGuestsMissingBoardingPass();
    void agentNeedsSupervisorPinForOverride();
    void cancelAndTimeoutRecordNothing();
    void boardingPassIgnoredWhereNotUsed();
    void boardingPassNeverReachesSignIn();

private:
    void signIn(const StaffMember& who = kAgent);
    /// Scans `raw` and answers its check with an ACCEPT that the redeem records (one-scan flow, no guests).
    void admit(const QByteArray& raw, const QString& name);
    static core::Decision recorded(const QString& name)
    {
        auto d = FakeBackend::decision(Verdict::Accept, name);
        d.recorded = true;
        return d;
    }

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

void TestDeskFlow::admit(const QByteArray& raw, const QString& name)
{
    m_c->handleScan(raw);
    m_backend->answerCheckOf(raw, FakeBackend::decision(Verdict::Accept, name));
    m_backend->answerRedeem(recorded(name));
    QCOMPARE(m_c->verdict().tone, VerdictTone::Accept);
    QCOMPARE(m_c->verdict().decision.holderName, name);
}

void TestDeskFlow::scanDuringAttentionWaitsAsNextGuest()
{
    signIn();
    m_c->setVerdictTimeoutOverrideMs(30); // ATTENTION lingers 3 × 30 ms
    m_c->handleScan("PASS-ANN");
    m_backend->answerCheckOf("PASS-ANN", FakeBackend::decision(Verdict::Attention, QStringLiteral("Ann")));
    QCOMPARE(m_c->verdict().tone, VerdictTone::Attention);
    QSignalSpy next(m_c.get(), &KioskController::nextGuestChanged);
    m_c->handleScan("PASS-BOB");
    // Bob waits, visibly: a read-only check gives the chip his name; Ann's ATTENTION stays.
    QVERIFY(m_c->nextGuest());
    QCOMPARE(m_c->nextGuest()->raw, QByteArray("PASS-BOB"));
    QCOMPARE(m_backend->checksOf("PASS-BOB"), 1);
    m_backend->answerCheckOf("PASS-BOB", FakeBackend::decision(Verdict::Accept, QStringLiteral("Bob")));
    QCOMPARE(m_c->nextGuest()->name, QStringLiteral("Bob"));
    QVERIFY(next.count() >= 2);
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::Verdict));
    QCOMPARE(m_c->verdict().decision.holderName, QStringLiteral("Ann"));
    // Bob answering his own peek did not touch Ann's screen, and waiting out the timer does not wipe it either.
    QTest::qWait(200);
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::Verdict));
    QCOMPARE(m_c->verdict().decision.holderName, QStringLiteral("Ann"));
    QCOMPARE(m_backend->count("redeem"), 0);
    // Staff act on Ann (cancel): Bob is checked at once.
    m_c->returnToReady();
    QVERIFY(!m_c->nextGuest());
    QCOMPARE(m_backend->checksOf("PASS-BOB"), 2);
    QVERIFY(m_c->isBusy());
    m_backend->answerCheckOf("PASS-BOB", FakeBackend::decision(Verdict::Accept, QStringLiteral("Bob")));
    m_backend->answerRedeem(recorded(QStringLiteral("Bob")));
    QCOMPARE(m_c->verdict().decision.holderName, QStringLiteral("Bob"));
}

void TestDeskFlow::acceptStaysItsFullTimeBeforeNextGuest()
{
    signIn();
    m_c->setVerdictTimeoutOverrideMs(150);
    admit("PASS-ANN", QStringLiteral("Ann"));
    QSignalSpy presented(m_c.get(), &KioskController::verdictPresented);
    m_c->handleScan("PASS-BOB");
    QCOMPARE(m_backend->checksOf("PASS-BOB"), 1); // only the chip's read-only check
    QCOMPARE(m_c->verdict().decision.holderName, QStringLiteral("Ann"));
    QVERIFY(m_c->nextGuest());
    // When Ann's time is up, Bob's own check starts by itself.
    QTRY_COMPARE(m_backend->checksOf("PASS-BOB"), 2);
    QCOMPARE(presented.count(), 0);
    QVERIFY(!m_c->nextGuest());
    m_backend->answerCheckOf("PASS-BOB", FakeBackend::decision(Verdict::Accept, QStringLiteral("Bob")));
    m_backend->answerRedeem(recorded(QStringLiteral("Bob")));
    QCOMPARE(presented.count(), 1);
    QCOMPARE(m_c->verdict().decision.holderName, QStringLiteral("Bob"));
    // The same pass again while its verdict is up is not a second guest.
    m_c->handleScan("PASS-BOB");
    QVERIFY(!m_c->nextGuest());
    QCOMPARE(m_backend->checksOf("PASS-BOB"), 2);
}

void TestDeskFlow::rejectGivesWayAtOnce()
{
    signIn();
    m_c->handleScan("PASS-OLD");
    m_backend->answerCheckOf("PASS-OLD", FakeBackend::decision(Verdict::Reject, QStringLiteral("Old")));
    QCOMPARE(m_c->verdict().tone, VerdictTone::Reject);
    m_c->handleScan("PASS-BOB");
    QVERIFY(!m_c->nextGuest());
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::Ready));
    QVERIFY(m_c->isBusy());
}

void TestDeskFlow::scanOnPickerWaitsAndThirdIsTold()
{
    signIn();
    m_c->handleScan("PASS-PAT");
    m_backend->answerCheckOf("PASS-PAT", FakeBackend::decision(Verdict::Accept, QStringLiteral("Pat"), 2));
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::PartySize));
    QSignalSpy noticed(m_c.get(), &KioskController::scanNoticed);
    m_c->handleScan("PASS-BOB");
    QVERIFY(m_c->nextGuest());
    QCOMPARE(noticed.count(), 0);
    QVERIFY(!m_c->handleScan("PASS-CAT")); // not acted on: a camera offers it again after the next screen change
    QCOMPARE(noticed.count(), 1);
    QCOMPARE(int(noticed.first().first().value<ScanNotice>()), int(ScanNotice::FinishThisGuestFirst));
    QCOMPARE(m_c->nextGuest()->raw, QByteArray("PASS-BOB")); // Bob keeps his place
    QCOMPARE(m_backend->checksOf("PASS-CAT"), 0);
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::PartySize));
    QCOMPARE(m_c->partyDecision().holderName, QStringLiteral("Pat"));
}

void TestDeskFlow::pickerTimesOutRecordingNothing()
{
    signIn();
    m_c->admission()->setPartyTimeoutMs(50);
    m_c->handleScan("PASS-PAT");
    m_backend->answerCheckOf("PASS-PAT", FakeBackend::decision(Verdict::Accept, QStringLiteral("Pat"), 2));
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::PartySize));
    QTRY_COMPARE(app::toString(m_c->screen()), app::toString(Screen::Ready));
    QCOMPARE(m_backend->count("redeem"), 0);
}

void TestDeskFlow::scansOnStaffScreensWaitAsNextGuest()
{
    signIn(kSupervisor);
    for (const Screen screen : {Screen::Today, Screen::Settings, Screen::ManualEntry, Screen::Sync}) {
        if (screen == Screen::Today) {
            m_c->openToday();
        } else if (screen == Screen::Settings) {
            m_c->openSettings();
        } else if (screen == Screen::ManualEntry) {
            m_c->openManualEntry();
        } else {
            m_c->openSync();
        }
        QCOMPARE(app::toString(m_c->screen()), app::toString(screen));
        const QByteArray code = "PASS-" + app::toString(screen).toUtf8();
        QVERIFY(m_c->handleScan(code));
        QCOMPARE(app::toString(m_c->screen()), app::toString(screen)); // no visit behind staff's back
        QVERIFY(!m_c->isBusy());
        QVERIFY(m_c->nextGuest());
        QSignalSpy noticed(m_c.get(), &KioskController::scanNoticed);
        m_c->handleScan("PASS-SECOND");
        QCOMPARE(noticed.count(), 1); // "finish this guest first", never silence
        m_c->returnToReady();
        QCOMPARE(m_backend->checksOf(code), 2); // the chip's check, then the guest's own
        m_backend->answerCheckOf(code, FakeBackend::decision(Verdict::Reject, QStringLiteral("Guest")));
        QCOMPARE(m_c->verdict().tone, VerdictTone::Reject);
        m_c->returnToReady();
    }
}

void TestDeskFlow::refusalLoggedOncePerVerdictShown()
{
    signIn(kSupervisor);
    m_c->openToday();
    m_c->handleScan("PASS-R"); // waits as the next guest: the chip's read-only check is not a refusal
    m_backend->answerCheckOf("PASS-R", FakeBackend::decision(Verdict::Reject, QStringLiteral("Guest")));
    QCOMPARE(m_backend->count("refusal"), 0);
    m_c->returnToReady();
    m_backend->answerCheckOf("PASS-R", FakeBackend::decision(Verdict::Reject, QStringLiteral("Guest")));
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::Verdict));
    QCOMPARE(m_backend->count("refusal"), 1); // shown to staff: logged once
    m_c->returnToReady();
    m_c->handleScan("PASS-OK");
    m_backend->answerCheckOf("PASS-OK", FakeBackend::decision(Verdict::Accept, QStringLiteral("Pat")));
    QCOMPARE(m_backend->count("refusal"), 1); // an ACCEPT is not
}

void TestDeskFlow::scanOnTodaySearchesThePass()
{
    signIn(kSupervisor);
    m_c->openToday();
    m_c->handleScan("PASS-T");
    QCOMPARE(m_backend->count("lookup"), 1); // the today list looks the pass up (records nothing) ...
    QVERIFY(m_c->nextGuest()); // ... and the guest still waits for the desk
    m_c->returnToReady();
    m_c->handleScan("PASS-U");
    QCOMPARE(m_backend->count("lookup"), 1); // on ready a scan is a guest, not a search
}

void TestDeskFlow::passOnLockedDeskIsNeverTyped()
{
    signIn();
    m_c->lock();
    QSignalSpy noticed(m_c.get(), &KioskController::scanNoticed);
    QVERIFY(!m_c->handleScan("L1MGOLD0042"));
    QCOMPARE(noticed.count(), 1);
    QCOMPARE(m_backend->count("signIn"), 1); // only the first sign-in: the pass was not tried as a PIN
    QVERIFY(!m_c->nextGuest());
    QVERIFY(m_c->handleScan("STAFF:S-1")); // a badge with letters is a badge
}

void TestDeskFlow::notRecordedNamesTheGuestWhoFailed()
{
    signIn();
    admit("PASS-ANN", QStringLiteral("Ann"));
    m_c->returnToReady();
    m_c->handleScan("PASS-BOB");
    m_backend->answerCheckOf("PASS-BOB", FakeBackend::decision(Verdict::Accept, QStringLiteral("Bob")));
    m_backend->failRedeem(core::makeError(core::ErrorCode::DiskFull, QStringLiteral("disk full")));
    QCOMPARE(m_c->verdict().tone, VerdictTone::NotRecorded);
    QCOMPARE(m_c->verdict().decision.holderName, QStringLiteral("Bob")); // not Ann, whose verdict came before
    QVERIFY(!m_c->verdict().decision.recorded);
}

void TestDeskFlow::redStateStaysUntilAWriteSucceeds()
{
    signIn();
    m_c->handleScan("PASS-BOB");
    m_backend->answerCheckOf("PASS-BOB", FakeBackend::decision(Verdict::Accept, QStringLiteral("Bob")));
    m_backend->failRedeem(core::makeError(core::ErrorCode::DiskFull, QStringLiteral("disk full")));
    QVERIFY(m_c->storeFault());
    emit m_backend->statusLoaded(0, QDateTime()); // reads still work on a full disk
    QVERIFY(m_c->storeFault());
    m_backend->openWith(KioskSettings {});
    QVERIFY(m_c->storeFault());
    m_c->returnToReady();
    admit("PASS-ANN", QStringLiteral("Ann"));
    QVERIFY(!m_c->storeFault());
}

void TestDeskFlow::admitAnywayOffersGuestPicker()
{
    signIn();
    m_c->handleScan("PASS-PAT");
    m_backend->answerCheckOf("PASS-PAT", FakeBackend::decision(Verdict::Attention, QStringLiteral("Pat"), 2));
    QVERIFY(m_c->verdict().canAdmitAnyway);
    m_c->admitAnyway();
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::PartySize));
    QCOMPARE(m_c->maxPartySize(), 3);
    QCOMPARE(m_c->partyDecision().holderName, QStringLiteral("Pat"));
    m_c->changeGuests(+1);
    m_c->confirmParty();
    QCOMPARE(m_backend->last("redeem").partySize, 2);
    QVERIFY(m_backend->last("redeem").confirmAttention);
    // Without guests allowed, "admit anyway" records the holder alone at once.
    m_backend->answerRedeem(recorded(QStringLiteral("Pat")));
    m_c->returnToReady();
    m_c->handleScan("PASS-SOLO");
    m_backend->answerCheckOf("PASS-SOLO", FakeBackend::decision(Verdict::Attention, QStringLiteral("Solo")));
    m_c->admitAnyway();
    QCOMPARE(m_backend->last("redeem").raw, QByteArray("PASS-SOLO"));
    QVERIFY(m_backend->last("redeem").confirmAttention);
}

namespace {
namespace gen = lounge::testing::bcbp;

/// A boarding pass for `name` on LH 400 (FRA → JFK), as a scanner reads it.
QByteArray boardingPass(const QByteArray& name, const QByteArray& pnr = "ABC123")
{
    gen::PassFields f = gen::samplePass();
    f.name = name;
    f.legs[0].pnr = pnr;
    return gen::passString(f);
}

core::Decision needsBoardingPass(const QString& name, int guestsAllowed = 0)
{
    auto d = FakeBackend::decision(Verdict::Reject, name, guestsAllowed);
    d.reason = core::Reason::BoardingPassRequired;
    d.boardingPassPolicy = core::BoardingPassPolicy::Required;
    return d;
}

core::Decision acceptAtRequired(const QString& name, int guestsAllowed = 0)
{
    auto d = FakeBackend::decision(Verdict::Accept, name, guestsAllowed);
    d.boardingPassPolicy = core::BoardingPassPolicy::Required;
    return d;
}
} // namespace

void TestDeskFlow::passThenBoardingPass()
{
    signIn();
    m_c->handleScan("L1M-SMITH");
    QVERIFY(!m_backend->last("check").boardingPasses.holder);
    m_backend->answerCheck(needsBoardingPass(QStringLiteral("John Smith")));
    // The pass is kept; the desk asks for the boarding pass with the holder's name (no refusal is logged).
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::BoardingPass));
    QVERIFY(m_c->boardingPassPrompt().need == BoardingPassPrompt::Need::BoardingPass);
    QCOMPARE(m_c->boardingPassPrompt().holderName, QStringLiteral("John Smith"));
    QCOMPARE(m_backend->count("refusal"), 0);
    QCOMPARE(m_backend->count("redeem"), 0);

    m_c->handleScan(boardingPass("SMITH/JOHN MR"));
    // The same pass is judged again, now with its boarding pass; nothing about the boarding pass went to the
    // validator as a code of its own.
    QCOMPARE(m_backend->count("check"), 2);
    QCOMPARE(m_backend->last("check").raw, QByteArray("L1M-SMITH"));
    QVERIFY(m_backend->last("check").boardingPasses.holder);
    QCOMPARE(m_backend->last("check").boardingPasses.holder->passengerName, QStringLiteral("SMITH/JOHN MR"));
    QCOMPARE(m_backend->last("check").boardingPasses.holder->legs.first().carrier, QStringLiteral("LH"));
    m_backend->answerCheck(acceptAtRequired(QStringLiteral("John Smith")));
    QCOMPARE(m_backend->count("redeem"), 1);
    QCOMPARE(m_backend->last("redeem").raw, QByteArray("L1M-SMITH"));
    QVERIFY(m_backend->last("redeem").boardingPasses.holder);
    m_backend->answerRedeem(recorded(QStringLiteral("John Smith")));
    QCOMPARE(m_c->verdict().tone, VerdictTone::Accept);
    // The next guest starts clean: no boarding pass carried over.
    m_c->returnToReady();
    m_c->handleScan("L1M-NEXT");
    QVERIFY(m_backend->last("check").boardingPasses.isEmpty());
}

void TestDeskFlow::boardingPassThenPass()
{
    signIn();
    m_c->handleScan(boardingPass("SMITH/JOHN MR"));
    QCOMPARE(m_backend->count("check"), 0); // a boarding pass is not a lounge pass: nothing to validate yet
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::BoardingPass));
    QVERIFY(m_c->boardingPassPrompt().need == BoardingPassPrompt::Need::LoungePass);
    QCOMPARE(m_c->boardingPassPrompt().printedName, QStringLiteral("SMITH/JOHN MR"));
    QCOMPARE(m_c->boardingPassPrompt().flight, QStringLiteral("LH 400"));
    QVERIFY(!m_c->canOverrideBoardingPass()); // nothing to override: the lounge pass is what is missing
    // The same boarding pass still in view is not read again as something new.
    m_c->handleScan(boardingPass("SMITH/JOHN MR"));
    QCOMPARE(m_backend->count("check"), 0);
    m_c->handleScan("L1M-SMITH");
    QCOMPARE(m_backend->count("check"), 1);
    QVERIFY(m_backend->last("check").boardingPasses.holder);
    QCOMPARE(m_backend->last("check").boardingPasses.holder->passengerName, QStringLiteral("SMITH/JOHN MR"));
    auto mismatch = FakeBackend::decision(Verdict::Attention, QStringLiteral("Jane Doe"));
    mismatch.reason = core::Reason::NameMismatch;
    mismatch.boardingPassPolicy = core::BoardingPassPolicy::Required;
    m_backend->answerCheck(mismatch);
    QCOMPARE(m_c->verdict().tone, VerdictTone::Attention);
    m_c->admitAnyway();
    QVERIFY(m_backend->last("redeem").confirmAttention);
    QVERIFY(m_backend->last("redeem").boardingPasses.holder); // the visit records the flight shown
}

void TestDeskFlow::unusableScansKeepThePendingPass()
{
    signIn();
    m_c->handleScan("L1M-SMITH");
    m_backend->answerCheck(needsBoardingPass(QStringLiteral("John Smith")));
    const QByteArray damaged = boardingPass("SMITH/JOHN MR").left(40);
    QVERIFY(std::holds_alternative<core::bcbp::ParseError>(core::bcbp::parse(damaged)));
    m_c->handleScan(damaged);
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::BoardingPass));
    QVERIFY(m_c->boardingPassPrompt().problem == BoardingPassPrompt::Problem::Damaged);
    QCOMPARE(m_backend->count("check"), 1);
    m_c->handleScan("L1M-OTHER"); // another lounge pass where the boarding pass belongs
    QVERIFY(m_c->boardingPassPrompt().problem == BoardingPassPrompt::Problem::NotABoardingPass);
    QCOMPARE(m_backend->count("check"), 1);
    QCOMPARE(m_c->boardingPassPrompt().holderName, QStringLiteral("John Smith")); // still John's pass in hand
    m_c->handleScan(boardingPass("SMITH/JOHN MR"));
    QCOMPARE(m_backend->count("check"), 2);
    QCOMPARE(m_backend->last("check").raw, QByteArray("L1M-SMITH"));

    // On ready, a damaged boarding pass first is told, not validated as a code.
    m_c->returnToReady();
    QSignalSpy notices(m_c.get(), &KioskController::scanNoticed);
    m_c->handleScan(damaged);
    QCOMPARE(notices.count(), 1);
    QVERIFY(notices.first().first().value<ScanNotice>() == ScanNotice::DamagedBoardingPass);
    QCOMPARE(m_backend->count("check"), 2);
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::Ready));
}

void TestDeskFlow::guestsBoardingPassesOneByOne()
{
    signIn();
    m_c->handleScan(boardingPass("PLATINUM/PAT"));
    m_c->handleScan("L1M-PLAT");
    m_backend->answerCheck(acceptAtRequired(QStringLiteral("Pat Platinum"), 2));
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::PartySize));
    m_c->changeGuests(+2);
    m_c->confirmParty();
    QCOMPARE(m_backend->count("redeem"), 0);
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::BoardingPass));
    QVERIFY(m_c->boardingPassPrompt().need == BoardingPassPrompt::Need::GuestBoardingPass);
    QCOMPARE(m_c->boardingPassPrompt().guest, 1);
    QCOMPARE(m_c->boardingPassPrompt().guests, 2);
    m_c->handleScan(boardingPass("PLATINUM/PAT")); // the holder's again: still in view, not a guest's
    QCOMPARE(m_c->boardingPassPrompt().guest, 1);
    m_c->handleScan(boardingPass("GUEST/ONE", "GST001"));
    QCOMPARE(m_c->boardingPassPrompt().guest, 2);
    m_c->handleScan(boardingPass("GUEST/ONE", "GST001")); // the same guest's twice
    QCOMPARE(m_c->boardingPassPrompt().guest, 2);
    QCOMPARE(m_backend->count("redeem"), 0);
    m_c->handleScan(boardingPass("GUEST/TWO", "GST002"));
    QCOMPARE(m_backend->count("redeem"), 1);
    const auto redeem = m_backend->last("redeem");
    QCOMPARE(redeem.partySize, 3);
    QVERIFY(redeem.boardingPasses.holder);
    QCOMPARE(redeem.boardingPasses.guests.size(), 2);
    QCOMPARE(redeem.boardingPasses.guests.at(0).passengerName, QStringLiteral("GUEST/ONE"));
    QCOMPARE(redeem.boardingPasses.guests.at(1).passengerName, QStringLiteral("GUEST/TWO"));

    // At a lounge where boarding passes are optional, guests are not asked for theirs.
    m_backend->answerRedeem(recorded(QStringLiteral("Pat Platinum")));
    m_c->returnToReady();
    m_c->handleScan("L1M-OPT");
    auto optional = FakeBackend::decision(Verdict::Accept, QStringLiteral("Olive Optional"), 2);
    optional.boardingPassPolicy = core::BoardingPassPolicy::Optional;
    m_backend->answerCheck(optional);
    m_c->changeGuests(+2);
    m_c->confirmParty();
    QCOMPARE(m_backend->count("redeem"), 2);
    QCOMPARE(m_backend->last("redeem").partySize, 3);
}

void TestDeskFlow::supervisorOverridesGuestsMissingBoardingPass()
{
    signIn(kSupervisor);
    m_c->handleScan(boardingPass("PLATINUM/PAT"));
    m_c->handleScan("L1M-PLAT");
    m_backend->answerCheck(acceptAtRequired(QStringLiteral("Pat Platinum"), 2));
    m_c->changeGuests(+2);
    m_c->confirmParty();
    m_c->handleScan(boardingPass("GUEST/ONE", "GST001"));
    QVERIFY(m_c->boardingPassPrompt().need == BoardingPassPrompt::Need::GuestBoardingPass);
    QCOMPARE(m_c->boardingPassPrompt().guest, 2);
    // The second guest has no boarding pass: the supervisor overrides, with a reason.
    QVERIFY(m_c->canOverrideBoardingPass());
    m_c->overrideBoardingPass({}, {}, QStringLiteral("   ")); // a reason is required
    QCOMPARE(m_backend->count("redeem"), 0);
    m_c->overrideBoardingPass({}, {}, QStringLiteral("Connecting flight: boarding pass not issued yet"));
    QCOMPARE(m_backend->count("redeem"), 1);
    const auto redeem = m_backend->last("redeem");
    QCOMPARE(redeem.partySize, 3); // the whole party, not a smaller one
    QVERIFY(redeem.boardingPasses.holder);
    QCOMPARE(redeem.boardingPasses.guests.size(), 1);
    QCOMPARE(redeem.boardingPasses.overrideBy, kSupervisor.id);
    QCOMPARE(redeem.boardingPasses.overrideReason, QStringLiteral("Connecting flight: boarding pass not issued yet"));
}

void TestDeskFlow::supervisorOverridesMissingBoardingPass()
{
    signIn(kSupervisor);
    m_c->handleScan("L1M-SMITH");
    m_backend->answerCheck(needsBoardingPass(QStringLiteral("John Smith")));
    QVERIFY(m_c->canOverrideBoardingPass());
    QVERIFY(!m_c->overrideNeedsSupervisorPin());
    m_c->overrideBoardingPass({}, {}, QStringLiteral("   ")); // a reason is required
    QCOMPARE(m_backend->count("check"), 1);
    m_c->overrideBoardingPass({}, {}, QStringLiteral("Airline check-in system down"));
    QCOMPARE(m_backend->count("signIn"), 1); // a supervisor at the desk authorises alone
    QCOMPARE(m_backend->count("check"), 2);
    const auto check = m_backend->last("check");
    QVERIFY(!check.boardingPasses.holder);
    QCOMPARE(check.boardingPasses.overrideBy, kSupervisor.id);
    QCOMPARE(check.boardingPasses.overrideReason, QStringLiteral("Airline check-in system down"));
    m_backend->answerCheck(acceptAtRequired(QStringLiteral("John Smith")));
    QCOMPARE(m_backend->last("redeem").boardingPasses.overrideBy, kSupervisor.id);
    QCOMPARE(m_backend->last("redeem").boardingPasses.overrideReason, QStringLiteral("Airline check-in system down"));
}

void TestDeskFlow::agentNeedsSupervisorPinForOverride()
{
    signIn(kAgent);
    m_c->handleScan("L1M-SMITH");
    m_backend->answerCheck(needsBoardingPass(QStringLiteral("John Smith")));
    QVERIFY(m_c->overrideNeedsSupervisorPin());
    QSignalSpy refused(m_c.get(), &KioskController::boardingPassOverrideRefused);
    // A colleague's PIN (an agent) is refused; the session stays the agent's.
    m_c->overrideBoardingPass(QStringLiteral("A-2"), QStringLiteral("2222"), QStringLiteral("Phone does not scan"));
    QCOMPARE(m_backend->count("signIn"), 2);
    emit m_backend->signedIn(m_backend->last("signIn").id,
                             StaffMember {QStringLiteral("A-2"), QStringLiteral("Al"), StaffRole::Agent});
    QCOMPARE(refused.count(), 1);
    QVERIFY(refused.first().first().value<SignInFailure>().kind == SignInFailure::Kind::SupervisorNeeded);
    QCOMPARE(m_backend->count("check"), 1);
    // A wrong PIN is refused too.
    m_c->overrideBoardingPass(QStringLiteral("S-1"), QStringLiteral("9999"), QStringLiteral("Phone does not scan"));
    emit m_backend->signInFailed(m_backend->last("signIn").id, SignInFailure {});
    QCOMPARE(refused.count(), 2);
    QCOMPARE(m_backend->count("check"), 1);
    // The supervisor's PIN authorises; the visit carries the supervisor's id, the session stays the agent's.
    m_c->overrideBoardingPass(QStringLiteral("S-1"), QStringLiteral("4321"), QStringLiteral("Phone does not scan"));
    QCOMPARE(m_backend->last("signIn").staffId, QStringLiteral("S-1"));
    emit m_backend->signedIn(m_backend->last("signIn").id, kSupervisor);
    QCOMPARE(m_c->staff()->id, kAgent.id);
    QCOMPARE(m_backend->count("check"), 2);
    QCOMPARE(m_backend->last("check").boardingPasses.overrideBy, kSupervisor.id);
    QCOMPARE(m_backend->last("check").boardingPasses.overrideReason, QStringLiteral("Phone does not scan"));
}

void TestDeskFlow::cancelAndTimeoutRecordNothing()
{
    signIn();
    m_c->handleScan("L1M-SMITH");
    m_backend->answerCheck(needsBoardingPass(QStringLiteral("John Smith")));
    m_c->returnToReady(); // Cancel
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::Ready));
    m_c->handleScan(boardingPass("SMITH/JOHN MR")); // a boarding pass after cancel starts a new two-scan visit
    QVERIFY(m_c->boardingPassPrompt().need == BoardingPassPrompt::Need::LoungePass);
    m_c->returnToReady();
    // Timeout: like the party-size picker's.
    m_c->admission()->setPartyTimeoutMs(20);
    m_c->handleScan("L1M-SMITH");
    m_backend->answerCheck(needsBoardingPass(QStringLiteral("John Smith")));
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::BoardingPass));
    QTRY_COMPARE(app::toString(m_c->screen()), app::toString(Screen::Ready));
    QCOMPARE(m_backend->count("redeem"), 0);
    QCOMPARE(m_backend->count("refusal"), 0);
}

void TestDeskFlow::boardingPassIgnoredWhereNotUsed()
{
    KioskSettings settings;
    settings.terminal.resourceId = QStringLiteral("LOUNGE-1");
    core::Resource lounge;
    lounge.id = settings.terminal.resourceId;
    emit m_backend->opened(settings, {lounge}); // boarding passes: NotUsed (the default)
    signIn();
    QSignalSpy notices(m_c.get(), &KioskController::scanNoticed);
    m_c->handleScan(boardingPass("SMITH/JOHN MR"));
    QCOMPARE(notices.count(), 1);
    QVERIFY(notices.first().first().value<ScanNotice>() == ScanNotice::BoardingPassNotUsed);
    QCOMPARE(app::toString(m_c->screen()), app::toString(Screen::Ready));
    QCOMPARE(m_backend->count("check"), 0);
}

void TestDeskFlow::boardingPassNeverReachesSignIn()
{
    QSignalSpy notices(m_c.get(), &KioskController::scanNoticed);
    QVERIFY(!m_c->handleScan(boardingPass("SMITH/JOHN MR")));
    QCOMPARE(m_backend->count("signIn"), 0);
    QCOMPARE(notices.count(), 1);
    QVERIFY(notices.first().first().value<ScanNotice>() == ScanNotice::SignInFirst);
}

QTEST_GUILESS_MAIN(TestDeskFlow)
#include "tst_deskflow.moc"
