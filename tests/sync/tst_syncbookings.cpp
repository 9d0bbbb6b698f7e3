// Fast Track pre-bookings end to end (issue 14 §4): a booking made at central reaches the lane's terminal through the
// feed, the desk admits it once and refuses a second use, the upload marks it used at central; two lanes offline
// using one booking are both kept and the later one is flagged BOOKING_REUSED. Real central over HTTP on loopback,
// real terminal stores; SQLite and (tst_syncbookings_pg) PostgreSQL.
#include "IssuerService.h"
#include "SyncHarness.h"
#include "Validator.h"

#include <QTest>

using namespace lounge;
using namespace lounge::sync;
using namespace lounge::sync::test;

namespace {

const QString kLane = QStringLiteral("HKG-T1-FT");

/// The demo Fast Track lane, now requiring bookings; the widest grace puts "now" inside any window booked for today.
bool requireBookings(CentralFixture& c)
{
    core::Resource lane = c.demo.resources[1];
    if (lane.id != kLane) {
        return false;
    }
    lane.bookingRequired = true;
    lane.bookingGraceMinutes = 720;
    return bool(c.service->issuer().putResource(lane));
}

core::Booking bookFor(CentralFixture& c, const QString& id, const QString& credential)
{
    core::Booking b;
    b.id = id;
    b.credential = *core::CredentialRef::fromKey(credential);
    b.resourceId = kLane;
    b.date = core::Validator::localDate(QDateTime::currentDateTimeUtc(), QStringLiteral("Asia/Hong_Kong"));
    b.from = QTime(12, 0);
    b.to = QTime(12, 30);
    b.flightCarrier = QStringLiteral("CX");
    b.flightNumber = QStringLiteral("251");
    auto made = c.service->issuer().createBooking(b);
    return made ? *made : core::Booking {};
}

} // namespace

class TestSyncBookings : public QObject
{
    Q_OBJECT
private slots:
    void bookedAtCentralAdmittedOnceAtTheLane();
    void twoOfflineLanesUseOneBooking();
};

void TestSyncBookings::bookedAtCentralAdmittedOnceAtTheLane()
{
    CentralFixture c;
    QVERIFY(c.start());
    QVERIFY(requireBookings(c));
    TerminalFixture lane;
    QVERIFY(lane.enroll(c, kLane));
    const QString platinum = c.sampleCode(QStringLiteral("Platinum member, active"));
    const QString gold = c.sampleCode(QStringLiteral("Gold member, active"));
    QVERIFY(!platinum.isEmpty() && !gold.isEmpty());

    QCOMPARE(bookFor(c, QStringLiteral("B-1"), QStringLiteral("M:M-1002")).id, QStringLiteral("B-1"));
    QVERIFY(lane.sync());
    auto cached = lane.store->booking(QStringLiteral("B-1"));
    QVERIFY(cached && cached->has_value());
    QCOMPARE((*cached)->flight(), QStringLiteral("CX251"));

    // No booking: refused.
    const core::Decision none = lane.redeem(gold);
    QCOMPARE_ENUM(none.reason, core::Reason::NoBooking);
    QVERIFY(!none.recorded);

    // The booked member goes through once, consuming the booking.
    const core::Decision first = lane.redeem(platinum);
    QCOMPARE_ENUM(first.reason, core::Reason::Ok);
    QVERIFY(first.recorded);
    QVERIFY(first.booking);
    QCOMPARE(first.booking->id, QStringLiteral("B-1"));
    const core::Decision second = lane.redeem(platinum);
    QCOMPARE_ENUM(second.reason, core::Reason::BookingUsed);
    QVERIFY(!second.recorded);

    // Uploaded: central holds the visit with its booking and marks the booking used by it.
    QVERIFY(lane.sync());
    auto stored = c.store->redemption(first.redemptionId);
    QVERIFY(stored && stored->has_value());
    QCOMPARE((*stored)->record.bookingId, QStringLiteral("B-1"));
    QCOMPARE(toString((*stored)->status), toString(central::StoredRedemption::Status::Accepted));
    auto atCentral = c.service->issuer().booking(QStringLiteral("B-1"));
    QVERIFY(atCentral);
    QCOMPARE_ENUM(atCentral->status, core::BookingStatus::Used);
    QCOMPARE(atCentral->usedBy, first.redemptionId);
    // The terminal's copy says so too (from central's page), and still refuses.
    QVERIFY(lane.sync());
    cached = lane.store->booking(QStringLiteral("B-1"));
    QCOMPARE_ENUM((*cached)->status, core::BookingStatus::Used);
    QCOMPARE_ENUM(lane.check(platinum).reason, core::Reason::BookingUsed);

    // A cancellation reaches the lane.
    QCOMPARE(bookFor(c, QStringLiteral("B-2"), QStringLiteral("M:M-1001")).id, QStringLiteral("B-2"));
    QVERIFY(c.service->issuer().cancelBooking(QStringLiteral("B-2")));
    QVERIFY(lane.sync());
    QCOMPARE_ENUM(lane.check(gold).reason, core::Reason::BookingCancelled);
}

void TestSyncBookings::twoOfflineLanesUseOneBooking()
{
    CentralFixture c;
    QVERIFY(c.start());
    QVERIFY(requireBookings(c));
    TerminalFixture a;
    TerminalFixture b;
    QVERIFY(a.enroll(c, kLane));
    QVERIFY(b.enroll(c, kLane));
    QCOMPARE(bookFor(c, QStringLiteral("B-7"), QStringLiteral("E:E-2004")).id, QStringLiteral("B-7"));
    QVERIFY(a.sync());
    QVERIFY(b.sync());

    // Both lanes are offline; the same E-pass and booking go through at each.
    const QString pass = c.sampleCode(QStringLiteral("Fast Track E-pass"));
    const core::Decision atA = a.redeem(pass);
    const core::Decision atB = b.redeem(pass);
    QCOMPARE_ENUM(atA.reason, core::Reason::Ok);
    QCOMPARE_ENUM(atB.reason, core::Reason::Ok);
    QVERIFY(atA.recorded && atB.recorded);

    QVERIFY(a.sync());
    QVERIFY(b.sync());
    // Both visits stand; the later upload is flagged, for the issuer to follow up like an overdraw.
    auto first = c.store->redemption(atA.redemptionId);
    auto later = c.store->redemption(atB.redemptionId);
    QVERIFY(first && first->has_value() && later && later->has_value());
    QCOMPARE(toString((*first)->status), toString(central::StoredRedemption::Status::Accepted));
    QCOMPARE(toString((*later)->status), toString(central::StoredRedemption::Status::Conflict));
    QCOMPARE((*later)->reason, QStringLiteral("BOOKING_REUSED"));
    auto flagged = c.service->overdraws();
    QVERIFY(flagged);
    QCOMPARE(flagged->size(), 1);
    QCOMPARE(flagged->first().record.terminalId, b.settings.terminalId);
    // The lane that uploaded second learns its visit was flagged; the report counts the reuse.
    auto visit = b.store->redemption(atB.redemptionId);
    QVERIFY(visit && visit->has_value());
    QCOMPARE_ENUM((*visit)->state, core::RedemptionState::Conflict);
    auto counts = c.service->ledger().bookingCounts(kLane);
    QVERIFY(counts);
    QCOMPARE(counts->size(), 1);
    QCOMPARE(counts->first().used, 1);
    QCOMPARE(counts->first().reused, 1);
    // Lane A uploaded first: its booking use is the one central keeps.
    auto booking = c.service->issuer().booking(QStringLiteral("B-7"));
    QVERIFY(booking);
    QCOMPARE(booking->usedBy, atA.redemptionId);
}

QTEST_GUILESS_MAIN(TestSyncBookings)
#include "tst_syncbookings.moc"
