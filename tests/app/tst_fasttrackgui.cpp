// A whole journey at a Fast Track lane that requires bookings (issue 14 §4), with real widgets offscreen: a booked
// member goes through once (the booking and its flight on the verdict screen), the second use is refused, a member
// booked for tonight needs staff, an E-pass without a booking is refused.
#include "DemoData.h"
#include "KioskFixture.h"
#include "Store.h"
#include "controller/KioskController.h"
#include "gui/KioskRuntime.h"
#include "gui/MainWindow.h"

#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

using namespace lounge;
using namespace lounge::test;

class TestFastTrackGui : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void bookedOnceNotTwice();

private:
    template<typename T = QWidget> T* find(const QString& name) const { return m_rt->window()->findChild<T*>(name); }
    void click(const QString& name)
    {
        auto* b = find<QPushButton>(name);
        QVERIFY2(b && b->isVisible() && b->isEnabled(), qPrintable(name));
        QTest::mouseClick(b, Qt::LeftButton);
    }
    QString text(const QString& label) const { return find<QLabel>(label)->text(); }
    QString currentScreen() const { return m_rt->window()->currentScreenWidget()->objectName(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<core::FixedClock> m_clock;
    std::unique_ptr<gui::KioskRuntime> m_rt;
    app::KioskController* m_c = nullptr;
};

void TestFastTrackGui::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    // 12:10 in Hong Kong.
    m_clock = std::make_shared<core::FixedClock>(QDateTime(QDate(2026, 11, 27), QTime(4, 10), QTimeZone::utc()));
    {
        // The demo cache, this desk at the Fast Track lane, the lane requiring bookings, two bookings for today.
        auto store = core::Store::open(m_dir->filePath(QStringLiteral("cache.sqlite")));
        QVERIFY(store);
        QVERIFY((*store)->setSetting(QStringLiteral("resource_id"), QStringLiteral("HKG-T1-FT")));
        QVERIFY((*store)->setSetting(QStringLiteral("terminal_id"), QStringLiteral("DEMO-FT-1")));
        const core::DemoData demo = core::DemoData::build(QDate(2026, 11, 27));
        QVERIFY(core::DemoData::seed(**store, demo, m_clock->now()));
        core::ChangePage page;
        page.cursor = 0;
        core::Resource lane = demo.resources[1];
        QCOMPARE(lane.id, QStringLiteral("HKG-T1-FT"));
        lane.bookingRequired = true;
        lane.bookingGraceMinutes = 10;
        page.resources = {lane};
        core::Booking now;
        now.id = QStringLiteral("B-1");
        now.credential = {core::CredentialKind::Membership, QStringLiteral("M-1002")};
        now.resourceId = lane.id;
        now.date = QDate(2026, 11, 27);
        now.from = QTime(12, 0);
        now.to = QTime(12, 30);
        now.flightCarrier = QStringLiteral("CX");
        now.flightNumber = QStringLiteral("251");
        now.partySize = 2;
        core::Booking tonight = now;
        tonight.id = QStringLiteral("B-2");
        tonight.credential = {core::CredentialKind::Membership, QStringLiteral("M-1001")};
        tonight.from = QTime(19, 0);
        tonight.to = QTime(19, 30);
        tonight.flightCarrier.clear();
        tonight.flightNumber.clear();
        tonight.partySize = 1;
        page.bookings = {now, tonight};
        QVERIFY((*store)->applyChangePage(page));
    }
    gui::KioskRuntime::Options o;
    o.dataDir = m_dir->path();
    o.source = QStringLiteral("none");
    o.seedDemo = true; // the demo staff; the cache is not empty, so it is not seeded again
    o.clock = m_clock;
    m_rt = std::make_unique<gui::KioskRuntime>(std::move(o));
    m_c = m_rt->controller();
    m_c->setVerdictTimeoutOverrideMs(60'000);
    m_rt->window()->resize(1024, 600);
    m_rt->window()->show();
    m_rt->start();
    QTRY_VERIFY(m_c->isStoreOpen());
    for (const QChar ch : QStringLiteral("1234")) {
        click(QStringLiteral("signInKey") + ch);
    }
    click(QStringLiteral("signInKeyOk"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
}

void TestFastTrackGui::cleanup()
{
    m_rt.reset();
    m_dir.reset();
}

void TestFastTrackGui::bookedOnceNotTwice()
{
    // The platinum member may bring a guest: the party picker comes first; the booking is for two.
    const QByteArray platinum = demoCode(kPlatinum);
    m_c->handleScan(platinum);
    QTRY_COMPARE(currentScreen(), QStringLiteral("partySizeScreen"));
    click(QStringLiteral("guestsPlusButton"));
    click(QStringLiteral("admitPartyButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    QCOMPARE(text(QStringLiteral("verdictHolder")), QStringLiteral("James Okafor"));
    QVERIFY(text(QStringLiteral("verdictProgram")).contains(QStringLiteral("Party of 2")));
    QVERIFY2(text(QStringLiteral("verdictProgram")).contains(QStringLiteral("Booked 12:00–12:30, flight CX251")),
             qPrintable(text(QStringLiteral("verdictProgram"))));
    click(QStringLiteral("verdictDoneButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));

    // The same booking again: refused, and staff are told where to send the guest.
    m_c->handleScan(platinum);
    QTRY_VERIFY(currentScreen() == QLatin1String("verdictScreen")
                || currentScreen() == QLatin1String("partySizeScreen"));
    if (currentScreen() == QLatin1String("partySizeScreen")) {
        click(QStringLiteral("admitPartyButton"));
    }
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("REJECT"));
    QCOMPARE(text(QStringLiteral("verdictReason")), QStringLiteral("This booking was already used."));
    QCOMPARE(text(QStringLiteral("verdictNextStep")), QStringLiteral("Direct the guest to the standard lane."));
    QVERIFY(!find(QStringLiteral("admitAnywayButton"))->isVisible());
    click(QStringLiteral("verdictDoneButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));

    // Booked for tonight: ATTENTION with the booked time; staff may admit anyway, which uses the booking.
    m_c->handleScan(demoCode(kGold));
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ATTENTION"));
    QCOMPARE(text(QStringLiteral("verdictReason")), QStringLiteral("This pass is booked for another time."));
    QVERIFY2(text(QStringLiteral("verdictProgram")).contains(QStringLiteral("Booked 19:00–19:30")),
             qPrintable(text(QStringLiteral("verdictProgram"))));
    click(QStringLiteral("admitAnywayButton"));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    click(QStringLiteral("verdictDoneButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
    m_c->handleScan(demoCode(kGold));
    QTRY_COMPARE(text(QStringLiteral("verdictReason")), QStringLiteral("This booking was already used."));
    click(QStringLiteral("verdictDoneButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));

    // A Fast Track E-pass without a booking.
    m_c->handleScan(demoCode(QStringLiteral("Fast Track E-pass at a lounge")));
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("REJECT"));
    QCOMPARE(text(QStringLiteral("verdictReason")),
             QStringLiteral("This lane needs a booking. This pass has no booking for now."));
}

QTEST_MAIN(TestFastTrackGui)
#include "tst_fasttrackgui.moc"
