// Fast Track pre-bookings (issue 14 §4, docs/domain.md "Pre-bookings"): the booking step of the validator, one
// table, against a real Store; and a booking consumed once through AccessService.

#include "AccessService.h"
#include "Json.h"
#include "Store.h"
#include "TestData.h"
#include "Validator.h"

#include <QTest>

using namespace lounge::core;
using namespace lounge::core::test;

Q_DECLARE_METATYPE(lounge::core::Verdict)
Q_DECLARE_METATYPE(lounge::core::Reason)

namespace {

const QDate kDay(2026, 11, 27);

QDateTime utc(const char* iso)
{
    QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    Q_ASSERT(t.isValid());
    return t.toUTC();
}

/// A Fast Track lane that requires bookings, a member with a Fast Track entitlement (3 guests per visit) and an
/// E-pass for Fast Track, in a fresh store.
struct Lane
{
    TempStore ts;
    QString memberCode;
    QString ePassCode;

    bool open(const QString& timeZone, int grace, bool walkUps, const QList<Booking>& bookings)
    {
        if (!ts.open()) {
            return false;
        }
        ChangePage page;
        Resource ft = resource(QStringLiteral("R-FT"), QStringLiteral("FAST_TRACK"), QStringLiteral("HKG"), timeZone);
        ft.bookingRequired = true;
        ft.walkUpsAllowed = walkUps;
        ft.bookingGraceMinutes = grace;
        page.resources = {ft, resource(QStringLiteral("R-FT2"), QStringLiteral("FAST_TRACK"))};
        page.programs = {program(QStringLiteral("GOLD"),
                                 {entitlement(Allowance::infinite(), Allowance::infinite(), {}, 3, QuotaPeriod::Year,
                                              QStringLiteral("FAST_TRACK"))})};
        page.memberships = {membership(QStringLiteral("M1"), QStringLiteral("GOLD"), &memberCode)};
        page.ePasses = {ePass(QStringLiteral("E1"), &ePassCode, 5, QDate(2020, 1, 1), QDate(2035, 12, 31),
                              QStringLiteral("FAST_TRACK"))};
        page.bookings = bookings;
        page.cursor = 1;
        return ts.store->applyChangePage(page) && ts.store->setLastSync(utc("2026-11-27T00:00:00Z"));
    }
};

Booking booking(const QString& credentialKey, QDate date, const char* from, const char* to, int party = 1,
                BookingStatus status = BookingStatus::Open, const QString& resourceId = QStringLiteral("R-FT"))
{
    Booking b;
    b.id = QStringLiteral("B-1");
    b.credential = *CredentialRef::fromKey(credentialKey);
    b.resourceId = resourceId;
    b.date = date;
    b.from = QTime::fromString(QLatin1String(from), QStringLiteral("HH:mm"));
    b.to = QTime::fromString(QLatin1String(to), QStringLiteral("HH:mm"));
    b.partySize = party;
    b.status = status;
    b.flightCarrier = QStringLiteral("CX");
    b.flightNumber = QStringLiteral("251");
    return b;
}

} // namespace

class TestBookings : public QObject
{
    Q_OBJECT

private slots:
    void rules_data();
    void rules();
    void consumedOnceAndVoidGivesItBack();
    void confirmedAttentionConsumesIt();
    void centralSaysUsed();
};

void TestBookings::rules_data()
{
    QTest::addColumn<QString>("timeZone");
    QTest::addColumn<int>("grace");
    QTest::addColumn<bool>("walkUps");
    QTest::addColumn<QList<Booking>>("bookings");
    QTest::addColumn<bool>("ePass"); // scan the E-pass instead of the membership
    QTest::addColumn<int>("party");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<Verdict>("verdict");
    QTest::addColumn<Reason>("reason");
    QTest::addColumn<bool>("consumes"); // the decision names an open booking: the one this visit uses (if admitted)

    const QString hk = QStringLiteral("Asia/Hong_Kong"); // UTC+8: 12:00 local = 04:00Z
    const QString ny = QStringLiteral("America/New_York"); // UTC-5 in November
    const QString m = QStringLiteral("M:M1");
    const QString e = QStringLiteral("E:E1");
    const auto one = [](Booking b) { return QList<Booking> {b}; };
    const auto A = Verdict::Accept;
    const auto T = Verdict::Attention;
    const auto R = Verdict::Reject;

    // Windows and grace.
    QTest::newRow("inside window") << hk << 0 << false << one(booking(m, kDay, "12:00", "13:00")) << false << 1
                                   << utc("2026-11-27T04:30:00Z") << A << Reason::Ok << true;
    QTest::newRow("window start") << hk << 0 << false << one(booking(m, kDay, "12:00", "13:00")) << false << 1
                                  << utc("2026-11-27T04:00:00Z") << A << Reason::Ok << true;
    QTest::newRow("window end") << hk << 0 << false << one(booking(m, kDay, "12:00", "13:00")) << false << 1
                                << utc("2026-11-27T05:00:00Z") << A << Reason::Ok << true;
    QTest::newRow("1 min early, no grace") << hk << 0 << false << one(booking(m, kDay, "12:00", "13:00")) << false << 1
                                           << utc("2026-11-27T03:59:00Z") << T << Reason::OutsideBookingWindow << true;
    QTest::newRow("10 min early, grace 15") << hk << 15 << false << one(booking(m, kDay, "12:00", "13:00")) << false
                                            << 1 << utc("2026-11-27T03:50:00Z") << A << Reason::Ok << true;
    QTest::newRow("20 min early, grace 15")
        << hk << 15 << false << one(booking(m, kDay, "12:00", "13:00")) << false << 1 << utc("2026-11-27T03:40:00Z")
        << T << Reason::OutsideBookingWindow << true;
    QTest::newRow("15 min late, grace 15") << hk << 15 << false << one(booking(m, kDay, "12:00", "13:00")) << false << 1
                                           << utc("2026-11-27T05:15:00Z") << A << Reason::Ok << true;
    QTest::newRow("16 min late, grace 15") << hk << 15 << false << one(booking(m, kDay, "12:00", "13:00")) << false << 1
                                           << utc("2026-11-27T05:16:00Z") << T << Reason::OutsideBookingWindow << true;
    QTest::newRow("booked this evening") << hk << 30 << false << one(booking(m, kDay, "19:00", "20:00")) << false << 1
                                         << utc("2026-11-27T01:00:00Z") << T << Reason::OutsideBookingWindow << true;
    // Dates: another day's booking is no booking for now.
    QTest::newRow("booked tomorrow") << hk << 0 << false << one(booking(m, kDay.addDays(1), "12:00", "13:00")) << false
                                     << 1 << utc("2026-11-27T04:30:00Z") << R << Reason::NoBooking << false;
    QTest::newRow("booked yesterday") << hk << 0 << false << one(booking(m, kDay.addDays(-1), "12:00", "13:00"))
                                      << false << 1 << utc("2026-11-27T04:30:00Z") << R << Reason::NoBooking << false;
    QTest::newRow("other lane's booking")
        << hk << 0 << false << one(booking(m, kDay, "12:00", "13:00", 1, BookingStatus::Open, QStringLiteral("R-FT2")))
        << false << 1 << utc("2026-11-27T04:30:00Z") << R << Reason::NoBooking << false;
    // Time zones: the window is local time at the lane.
    QTest::newRow("New York 07:30 local") << ny << 0 << false << one(booking(m, kDay, "07:00", "08:00")) << false << 1
                                          << utc("2026-11-27T12:30:00Z") << A << Reason::Ok << true;
    QTest::newRow("New York: 07:30 UTC is 02:30 local")
        << ny << 0 << false << one(booking(m, kDay, "07:00", "08:00")) << false << 1 << utc("2026-11-27T07:30:00Z") << T
        << Reason::OutsideBookingWindow << true;
    QTest::newRow("window across midnight, after it")
        << ny << 0 << false << one(booking(m, kDay, "23:30", "00:30")) << false << 1 << utc("2026-11-28T05:15:00Z") << A
        << Reason::Ok << true;
    QTest::newRow("Hong Kong date, not UTC date") // 2026-11-27T17:00Z is 01:00 on the 28th in Hong Kong
        << hk << 0 << false << one(booking(m, kDay.addDays(1), "00:30", "01:30")) << false << 1
        << utc("2026-11-27T17:00:00Z") << A << Reason::Ok << true;
    // Used, cancelled, none.
    QTest::newRow("no booking") << hk << 0 << false << QList<Booking>() << false << 1 << utc("2026-11-27T04:30:00Z")
                                << R << Reason::NoBooking << false;
    QTest::newRow("used") << hk << 0 << false << one(booking(m, kDay, "12:00", "13:00", 1, BookingStatus::Used))
                          << false << 1 << utc("2026-11-27T04:30:00Z") << R << Reason::BookingUsed << false;
    QTest::newRow("cancelled") << hk << 0 << false
                               << one(booking(m, kDay, "12:00", "13:00", 1, BookingStatus::Cancelled)) << false << 1
                               << utc("2026-11-27T04:30:00Z") << R << Reason::BookingCancelled << false;
    // Walk-ups: a pass without a usable booking is admitted by the usual rules; a booking for now is still used.
    QTest::newRow("walk-up, no booking") << hk << 0 << true << QList<Booking>() << false << 1
                                         << utc("2026-11-27T04:30:00Z") << A << Reason::Ok << false;
    QTest::newRow("walk-up, cancelled booking")
        << hk << 0 << true << one(booking(m, kDay, "12:00", "13:00", 1, BookingStatus::Cancelled)) << false << 1
        << utc("2026-11-27T04:30:00Z") << A << Reason::Ok << false;
    QTest::newRow("walk-up, booked later: kept") << hk << 0 << true << one(booking(m, kDay, "19:00", "20:00")) << false
                                                 << 1 << utc("2026-11-27T04:30:00Z") << A << Reason::Ok << false;
    QTest::newRow("walk-up of 2, booked later for 1")
        << hk << 0 << true << one(booking(m, kDay, "19:00", "20:00")) << false << 2 << utc("2026-11-27T04:30:00Z") << A
        << Reason::Ok << false;
    QTest::newRow("walk-ups allowed, booking now: used")
        << hk << 0 << true << one(booking(m, kDay, "12:00", "13:00")) << false << 1 << utc("2026-11-27T04:30:00Z") << A
        << Reason::Ok << true;
    // Party size: the booking's party bounds the people at the lane.
    QTest::newRow("party as booked") << hk << 0 << false << one(booking(m, kDay, "12:00", "13:00", 3)) << false << 3
                                     << utc("2026-11-27T04:30:00Z") << A << Reason::Ok << true;
    QTest::newRow("party over booking") << hk << 0 << false << one(booking(m, kDay, "12:00", "13:00", 2)) << false << 3
                                        << utc("2026-11-27T04:30:00Z") << R << Reason::TooManyGuests << true;
    QTest::newRow("party over booking, outside window")
        << hk << 0 << false << one(booking(m, kDay, "19:00", "20:00", 1)) << false << 2 << utc("2026-11-27T04:30:00Z")
        << R << Reason::TooManyGuests << true;
    // E-passes book too.
    QTest::newRow("E-pass booked") << hk << 0 << false << one(booking(e, kDay, "12:00", "13:00")) << true << 1
                                   << utc("2026-11-27T04:30:00Z") << A << Reason::Ok << true;
    QTest::newRow("E-pass, member's booking") << hk << 0 << false << one(booking(m, kDay, "12:00", "13:00")) << true
                                              << 1 << utc("2026-11-27T04:30:00Z") << R << Reason::NoBooking << false;
    // Several bookings today: the one for now wins over a used one.
    {
        Booking used = booking(m, kDay, "08:00", "09:00", 1, BookingStatus::Used);
        used.id = QStringLiteral("B-0");
        QTest::newRow("used this morning, booked again now")
            << hk << 0 << false << QList<Booking> {used, booking(m, kDay, "12:00", "13:00")} << false << 1
            << utc("2026-11-27T04:30:00Z") << A << Reason::Ok << true;
    }
}

void TestBookings::rules()
{
    QFETCH(QString, timeZone);
    QFETCH(int, grace);
    QFETCH(bool, walkUps);
    QFETCH(QList<Booking>, bookings);
    QFETCH(bool, ePass);
    QFETCH(int, party);
    QFETCH(QDateTime, now);
    QFETCH(Verdict, verdict);
    QFETCH(Reason, reason);
    QFETCH(bool, consumes);

    Lane lane;
    QVERIFY(lane.open(timeZone, grace, walkUps, bookings));
    const FixedClock clock(now);
    const TerminalContext terminal {QStringLiteral("T1"), QStringLiteral("R-FT"), QStringLiteral("S"), 300, 0};
    const QByteArray code = (ePass ? lane.ePassCode : lane.memberCode).toUtf8();
    const Decision d = Validator::validate(ScanInput {code, party}, *lane.ts.store, terminal, clock);
    QCOMPARE(toString(d.reason), toString(reason));
    QCOMPARE(toString(d.verdict), toString(verdict));
    const bool names = d.booking && d.booking->status == BookingStatus::Open;
    QCOMPARE(names, consumes);
    if (verdict == Verdict::Reject) {
        QVERIFY(d.uses.isEmpty());
    }
    if (reason == Reason::OutsideBookingWindow) {
        QVERIFY2(d.detail.contains(json::timeToString(d.booking->from)), qPrintable(d.detail)); // the booked time
        QVERIFY2(d.detail.contains(QStringLiteral("CX251")), qPrintable(d.detail));
    }
}

void TestBookings::consumedOnceAndVoidGivesItBack()
{
    Lane lane;
    QVERIFY(lane.open(QStringLiteral("Asia/Hong_Kong"), 0, false,
                      {booking(QStringLiteral("M:M1"), kDay, "12:00", "13:00", 2)}));
    FixedClock clock(utc("2026-11-27T04:10:00Z"));
    AccessService service(*lane.ts.store, clock,
                          {QStringLiteral("T1"), QStringLiteral("R-FT"), QStringLiteral("S"), 0, 0});
    auto first = service.redeem(ScanInput {lane.memberCode.toUtf8(), 2});
    QVERIFY(first);
    QCOMPARE(toString(first->reason), toString(Reason::Ok));
    QVERIFY(first->recorded);
    auto visit = lane.ts.store->redemption(first->redemptionId);
    QVERIFY(visit && visit->has_value());
    QCOMPARE((*visit)->bookingId, QStringLiteral("B-1"));
    auto stored = lane.ts.store->booking(QStringLiteral("B-1"));
    QVERIFY(stored && stored->has_value());
    QCOMPARE(toString((*stored)->status), toString(BookingStatus::Used));
    QCOMPARE((*stored)->usedBy, first->redemptionId);

    clock.advance(120);
    auto second = service.redeem(ScanInput {lane.memberCode.toUtf8(), 1});
    QVERIFY(second);
    QCOMPARE(toString(second->reason), toString(Reason::BookingUsed));
    QVERIFY(!second->recorded);

    // The journal chain covers the booking: the record's hash changes with it.
    Redemption tampered = **visit;
    tampered.bookingId = QStringLiteral("B-2");
    QVERIFY(journalHash(tampered.prevHash, tampered) != (*visit)->hash);
    QCOMPARE(journalHash((*visit)->prevHash, **visit), (*visit)->hash);

    // A void gives the booking back.
    QVERIFY(service.voidRedemption(first->redemptionId, QStringLiteral("SUP"), QStringLiteral("wrong lane")));
    auto again = service.redeem(ScanInput {lane.memberCode.toUtf8(), 1});
    QVERIFY(again);
    QCOMPARE(toString(again->reason), toString(Reason::Ok));
    QVERIFY(again->recorded);
}

void TestBookings::confirmedAttentionConsumesIt()
{
    Lane lane;
    QVERIFY(lane.open(QStringLiteral("Asia/Hong_Kong"), 10, false,
                      {booking(QStringLiteral("M:M1"), kDay, "12:00", "13:00")}));
    FixedClock clock(utc("2026-11-27T06:00:00Z")); // 14:00 local, an hour late
    AccessService service(*lane.ts.store, clock,
                          {QStringLiteral("T1"), QStringLiteral("R-FT"), QStringLiteral("S"), 0, 0});
    auto asked = service.redeem(ScanInput {lane.memberCode.toUtf8(), 1});
    QVERIFY(asked);
    QCOMPARE(toString(asked->reason), toString(Reason::OutsideBookingWindow));
    QVERIFY(!asked->recorded);
    auto confirmed = service.redeem(ScanInput {lane.memberCode.toUtf8(), 1}, true);
    QVERIFY(confirmed && confirmed->recorded);
    auto visit = lane.ts.store->redemption(confirmed->redemptionId);
    QVERIFY(visit && visit->has_value());
    QCOMPARE((*visit)->bookingId, QStringLiteral("B-1"));
    auto again = service.redeem(ScanInput {lane.memberCode.toUtf8(), 1});
    QVERIFY(again);
    QCOMPARE(toString(again->reason), toString(Reason::BookingUsed));
}

void TestBookings::centralSaysUsed()
{
    // Central's page marks the booking used by a visit of another lane: refused here although this desk never saw it.
    Lane lane;
    Booking b = booking(QStringLiteral("M:M1"), kDay, "12:00", "13:00");
    QVERIFY(lane.open(QStringLiteral("Asia/Hong_Kong"), 0, false, {b}));
    const FixedClock clock(utc("2026-11-27T04:30:00Z"));
    const TerminalContext terminal {QStringLiteral("T1"), QStringLiteral("R-FT"), QStringLiteral("S"), 300, 0};
    QCOMPARE(
        toString(Validator::validate(ScanInput {lane.memberCode.toUtf8(), 1}, *lane.ts.store, terminal, clock).reason),
        toString(Reason::Ok));
    b.status = BookingStatus::Used;
    b.usedBy = QUuid::createUuid();
    b.usedAt = utc("2026-11-27T04:20:00Z");
    ChangePage page;
    page.cursor = 2;
    page.bookings = {b};
    QVERIFY(lane.ts.store->applyChangePage(page));
    const Decision d = Validator::validate(ScanInput {lane.memberCode.toUtf8(), 1}, *lane.ts.store, terminal, clock);
    QCOMPARE(toString(d.reason), toString(Reason::BookingUsed));
    QVERIFY(d.booking);
    QCOMPARE(d.booking->usedBy, b.usedBy);
}

QTEST_GUILESS_MAIN(TestBookings)
#include "tst_bookings.moc"
