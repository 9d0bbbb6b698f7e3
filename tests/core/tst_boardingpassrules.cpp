// The validator's boarding-pass step (issue 14 §2, docs/domain.md "Boarding passes"): one table of rules against a
// real Store with real BCBP strings (tests/common/BcbpGenerator.h, parsed by bcbp::parse), then what a visit records
// (flights, override), "already used here today" (and a voided visit not counting), bookings that name a flight.

#include "../common/BcbpGenerator.h"
#include "AccessService.h"
#include "BoardingPass.h"
#include "Store.h"
#include "TestData.h"
#include "Validator.h"

#include <QTest>

using namespace lounge::core;
using namespace lounge::core::test;
namespace gen = lounge::testing::bcbp;

Q_DECLARE_METATYPE(lounge::core::Verdict)
Q_DECLARE_METATYPE(lounge::core::Reason)

namespace {

struct LegSpec
{
    const char* from;
    const char* to;
    const char* carrier;
    const char* flight; ///< as printed, e.g. "0251"
    int day; ///< Julian day of the flight
    const char* compartment = "J";
};

/// A BCBP string for `name` with these legs.
QByteArray bp(const QList<LegSpec>& legs, const QByteArray& name = "MUSTERMANN/ERIKA MS")
{
    gen::PassFields f = gen::samplePass(legs.size());
    f.name = name;
    for (int i = 0; i < legs.size(); ++i) {
        gen::LegFields& l = f.legs[i];
        l.from = legs[i].from;
        l.to = legs[i].to;
        l.carrier = legs[i].carrier;
        l.flight = legs[i].flight;
        l.julianDay = legs[i].day;
        l.compartment = legs[i].compartment;
    }
    return gen::passString(f);
}

bcbp::BoardingPass parsed(const QByteArray& text)
{
    auto p = bcbp::parse(text);
    if (const auto* e = std::get_if<bcbp::ParseError>(&p)) {
        qFatal("test pass does not parse: %s (%s)", qPrintable(e->detail), text.constData());
    }
    return std::get<bcbp::BoardingPass>(p);
}

QDateTime utc(const char* iso)
{
    QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    Q_ASSERT(t.isValid());
    return t.toUTC();
}

int day(int y, int m, int d)
{
    return QDate(y, m, d).dayOfYear();
}

/// 2026-11-27 10:00 in Hong Kong (UTC+8): day 331.
const QDateTime kNow = utc("2026-11-27T02:00:00Z");
const int kToday = day(2026, 11, 27);

/// A desk at a lounge with the given boarding-pass rules, and four credentials: "member" (a programme without travel
/// restrictions, 3 guests per visit), "biz" (a programme admitting only F/J on CX/LH), "suspended", and "epass"
/// (its own restriction: F only). All named Erika Mustermann except where a row says otherwise.
struct Desk
{
    TempStore ts;
    QHash<QString, QByteArray> codes;
    TerminalContext context {QStringLiteral("T1"), QStringLiteral("L"), QStringLiteral("S1"), 0, 0};

    bool open(const Resource& lounge, const QString& holderName = QStringLiteral("Erika Mustermann"),
              const QList<Booking>& bookings = {})
    {
        if (!ts.open()) {
            return false;
        }
        ChangePage page;
        page.cursor = 1;
        page.resources = {lounge};
        Program open = program(QStringLiteral("OPEN"),
                               {entitlement(Allowance::infinite(), Allowance::infinite(), Allowance::none(), 3)});
        Program biz = program(QStringLiteral("BIZ"),
                              {entitlement(Allowance::infinite(), Allowance::infinite(), Allowance::none(), 3)});
        biz.travel = TravelRestrictions {{QStringLiteral("F"), QStringLiteral("J")},
                                         {QStringLiteral("CX"), QStringLiteral("LH")}};
        page.programs = {open, biz};
        QString code;
        Membership m = membership(QStringLiteral("m1"), QStringLiteral("OPEN"), &code);
        m.holderName = holderName;
        codes.insert(QStringLiteral("member"), code.toUtf8());
        Membership b = membership(QStringLiteral("b1"), QStringLiteral("BIZ"), &code);
        b.holderName = holderName;
        codes.insert(QStringLiteral("biz"), code.toUtf8());
        Membership s = membership(QStringLiteral("s1"), QStringLiteral("OPEN"), &code, MembershipStatus::Suspended);
        s.holderName = holderName;
        codes.insert(QStringLiteral("suspended"), code.toUtf8());
        page.memberships = {m, b, s};
        EPass e = ePass(QStringLiteral("e1"), &code, 5);
        const qsizetype space = holderName.lastIndexOf(QLatin1Char(' '));
        e.firstName = holderName.left(space);
        e.lastName = holderName.mid(space + 1);
        e.travel.compartments = {QStringLiteral("F")};
        codes.insert(QStringLiteral("epass"), code.toUtf8());
        page.ePasses = {e};
        page.bookings = bookings;
        return bool(ts.store->applyChangePage(page));
    }
};

Resource bpLounge(BoardingPassPolicy policy, LoungeDirection direction = LoungeDirection::Departure,
                  int withinHours = 0, const QString& airport = QStringLiteral("HKG"),
                  const QString& tz = QStringLiteral("Asia/Hong_Kong"))
{
    Resource r = resource(QStringLiteral("L"), QStringLiteral("LOUNGE"), airport, tz);
    r.boardingPass = BoardingPassRules {policy, direction, withinHours, false};
    return r;
}

} // namespace

class TestBoardingPassRules : public QObject
{
    Q_OBJECT
private slots:
    void rules_data();
    void rules();
    void visitRecordsFlightsAndOverride();
    void usedTodayAndVoid();
    void bookingNamesTheFlight();
    void withinHoursOfTheBookedFlight_data();
    void withinHoursOfTheBookedFlight();
    void correctionDoesNotAskAgain();
    void recordedVisitIsJudgedAgain();
};

void TestBoardingPassRules::rules_data()
{
    QTest::addColumn<Resource>("resource");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<QString>("credential");
    QTest::addColumn<QString>("holderName");
    QTest::addColumn<int>("party");
    QTest::addColumn<QByteArray>("holderPass"); // empty: none scanned
    QTest::addColumn<QList<QByteArray>>("guestPasses");
    QTest::addColumn<QStringList>("override"); // by, reason
    QTest::addColumn<Verdict>("verdict");
    QTest::addColumn<Reason>("reason");
    QTest::addColumn<int>("legIndex"); // of the holder's check; -2 = no check in the decision
    QTest::addColumn<QString>("detail"); // a part of the decision's detail

    const auto optional = bpLounge(BoardingPassPolicy::Optional);
    const auto required = bpLounge(BoardingPassPolicy::Required);
    const auto arrival = bpLounge(BoardingPassPolicy::Required, LoungeDirection::Arrival);
    const QString erika = QStringLiteral("Erika Mustermann");
    const QByteArray good = bp({{"HKG", "LHR", "CX", "0251", kToday}});
    const QList<QByteArray> none;
    const QStringList noOverride;
    const QString member = QStringLiteral("member");

    // Policy.
    QTest::newRow("not used: a bad boarding pass is ignored")
        << bpLounge(BoardingPassPolicy::NotUsed) << kNow << member << erika << 1
        << bp({{"FRA", "JFK", "LH", "0400", kToday + 5}}, "SOMEONE/ELSE") << none << noOverride << Verdict::Accept
        << Reason::Ok << -2 << QString();
    QTest::newRow("optional, none shown") << optional << kNow << member << erika << 1 << QByteArray() << none
                                          << noOverride << Verdict::Accept << Reason::Ok << -2 << QString();
    QTest::newRow("optional, today from here") << optional << kNow << member << erika << 1 << good << none << noOverride
                                               << Verdict::Accept << Reason::Ok << 0 << QString();
    QTest::newRow("required, today from here") << required << kNow << member << erika << 1 << good << none << noOverride
                                               << Verdict::Accept << Reason::Ok << 0 << QString();
    QTest::newRow("required, none shown")
        << required << kNow << member << erika << 1 << QByteArray() << none << noOverride << Verdict::Reject
        << Reason::BoardingPassRequired << -2 << QString();
    QTest::newRow("required, supervisor override")
        << required << kNow << member << erika << 1 << QByteArray() << none
        << QStringList {QStringLiteral("SUP1"), QStringLiteral("phone battery empty")} << Verdict::Accept << Reason::Ok
        << -2 << QString();
    QTest::newRow("required, override without a reason")
        << required << kNow << member << erika << 1 << QByteArray() << none
        << QStringList {QStringLiteral("SUP1"), QStringLiteral("  ")} << Verdict::Reject << Reason::BoardingPassRequired
        << -2 << QString();
    QTest::newRow("required, override without who")
        << required << kNow << member << erika << 1 << QByteArray() << none
        << QStringList {QString(), QStringLiteral("phone battery empty")} << Verdict::Reject
        << Reason::BoardingPassRequired << -2 << QString();
    // A bad pass is rejected without asking for a boarding pass; other rejections come first.
    QTest::newRow("required, suspended pass: suspended first")
        << required << kNow << QStringLiteral("suspended") << erika << 1 << QByteArray() << none << noOverride
        << Verdict::Reject << Reason::Suspended << -2 << QString();
    QTest::newRow("too many guests before the boarding pass")
        << required << kNow << member << erika << 5 << bp({{"FRA", "JFK", "LH", "0400", kToday}}) << none << noOverride
        << Verdict::Reject << Reason::TooManyGuests << -2 << QString();

    // Airport and direction, multi-leg.
    QTest::newRow("wrong airport") << optional << kNow << member << erika << 1
                                   << bp({{"FRA", "JFK", "LH", "0400", kToday}}) << none << noOverride
                                   << Verdict::Reject << Reason::WrongAirport << -1 << QStringLiteral("not from HKG");
    QTest::newRow("arriving here at a departure lounge")
        << required << kNow << member << erika << 1 << bp({{"LHR", "HKG", "CX", "0250", kToday}}) << none << noOverride
        << Verdict::Reject << Reason::WrongAirport << -1 << QStringLiteral("LHR-HKG");
    QTest::newRow("second leg departs here")
        << required << kNow << member << erika << 1
        << bp({{"FRA", "HKG", "LH", "0796", kToday - 1}, {"HKG", "SYD", "CX", "0101", kToday}}) << none << noOverride
        << Verdict::Accept << Reason::Ok << 1 << QString();
    QTest::newRow("two legs from here: today's one counts")
        << required << kNow << member << erika << 1
        << bp({{"HKG", "TPE", "CX", "0400", kToday - 3},
               {"TPE", "HKG", "CX", "0401", kToday - 2},
               {"HKG", "SIN", "CX", "0715", kToday}})
        << none << noOverride << Verdict::Accept << Reason::Ok << 2 << QString();
    QTest::newRow("arrival lounge: arrives here")
        << arrival << kNow << member << erika << 1 << bp({{"LHR", "HKG", "CX", "0250", kToday}}) << none << noOverride
        << Verdict::Accept << Reason::Ok << 0 << QString();
    QTest::newRow("arrival lounge: departs here")
        << arrival << kNow << member << erika << 1 << good << none << noOverride << Verdict::Reject
        << Reason::WrongAirport << -1 << QStringLiteral("not to HKG");
    QTest::newRow("arrival lounge: first leg arrives here")
        << arrival << kNow << member << erika << 1
        << bp({{"LHR", "HKG", "CX", "0250", kToday}, {"HKG", "MNL", "CX", "0907", kToday}}) << none << noOverride
        << Verdict::Accept << Reason::Ok << 0 << QString();

    // The flight date, judged in the lounge's time zone.
    QTest::newRow("tomorrow") << optional << kNow << member << erika << 1
                              << bp({{"HKG", "LHR", "CX", "0251", kToday + 1}}) << none << noOverride << Verdict::Reject
                              << Reason::NotFlyingToday << 0 << QStringLiteral("2026-11-28");
    QTest::newRow("yesterday") << optional << kNow << member << erika << 1
                               << bp({{"HKG", "LHR", "CX", "0251", kToday - 1}}) << none << noOverride
                               << Verdict::Reject << Reason::NotFlyingToday << 0 << QStringLiteral("2026-11-26");
    // 31 Dec 10:00 in Hong Kong: day 001 is tomorrow (next year), day 365 is today.
    const QDateTime dec31 = utc("2026-12-31T02:00:00Z");
    QTest::newRow("31 Dec, day 001 is tomorrow")
        << optional << dec31 << member << erika << 1 << bp({{"HKG", "LHR", "CX", "0251", 1}}) << none << noOverride
        << Verdict::Reject << Reason::NotFlyingToday << 0 << QStringLiteral("2027-01-01");
    QTest::newRow("31 Dec, day 365 is today")
        << optional << dec31 << member << erika << 1 << bp({{"HKG", "LHR", "CX", "0251", 365}}) << none << noOverride
        << Verdict::Accept << Reason::Ok << 0 << QString();
    // 31 Dec 20:00 UTC is already 1 Jan 04:00 in Hong Kong: the local date decides.
    const QDateTime newYearHkg = utc("2026-12-31T20:00:00Z");
    QTest::newRow("1 Jan local, 31 Dec UTC: day 001 is today")
        << optional << newYearHkg << member << erika << 1 << bp({{"HKG", "LHR", "CX", "0251", 1}}) << none << noOverride
        << Verdict::Accept << Reason::Ok << 0 << QString();
    QTest::newRow("1 Jan local, 31 Dec UTC: day 365 was yesterday")
        << optional << newYearHkg << member << erika << 1 << bp({{"HKG", "LHR", "CX", "0251", 365}}) << none
        << noOverride << Verdict::Reject << Reason::NotFlyingToday << 0 << QStringLiteral("2026-12-31");
    // 1 Jan 05:00 UTC is still 31 Dec 21:00 in Los Angeles.
    const auto lax = bpLounge(BoardingPassPolicy::Optional, LoungeDirection::Departure, 0, QStringLiteral("LAX"),
                              QStringLiteral("America/Los_Angeles"));
    const QDateTime newYearUtc = utc("2027-01-01T05:00:00Z");
    QTest::newRow("31 Dec local, 1 Jan UTC: day 365 is today")
        << lax << newYearUtc << member << erika << 1 << bp({{"LAX", "HKG", "CX", "0883", 365}}) << none << noOverride
        << Verdict::Accept << Reason::Ok << 0 << QString();
    QTest::newRow("31 Dec local, 1 Jan UTC: day 001 is tomorrow")
        << lax << newYearUtc << member << erika << 1 << bp({{"LAX", "HKG", "CX", "0883", 1}}) << none << noOverride
        << Verdict::Reject << Reason::NotFlyingToday << 0 << QStringLiteral("2027-01-01");
    // Leap year: day 366 is 31 Dec 2028.
    QTest::newRow("leap year day 366") << optional << utc("2028-12-31T02:00:00Z") << member << erika << 1
                                       << bp({{"HKG", "LHR", "CX", "0251", 366}}) << none << noOverride
                                       << Verdict::Accept << Reason::Ok << 0 << QString();

    // Travel class and carrier: the programme's, or the E-pass's own.
    const QString biz = QStringLiteral("biz");
    QTest::newRow("programme: business admitted") << required << kNow << biz << erika << 1 << good << none << noOverride
                                                  << Verdict::Accept << Reason::Ok << 0 << QString();
    QTest::newRow("programme: economy not admitted")
        << required << kNow << biz << erika << 1 << bp({{"HKG", "LHR", "CX", "0251", kToday, "Y"}}) << none
        << noOverride << Verdict::Reject << Reason::CompartmentNotAllowed << 0 << QStringLiteral("class Y");
    QTest::newRow("programme: carrier not admitted")
        << required << kNow << biz << erika << 1 << bp({{"HKG", "SIN", "SQ", "0861", kToday, "F"}}) << none
        << noOverride << Verdict::Reject << Reason::CarrierNotAllowed << 0 << QStringLiteral("SQ");
    QTest::newRow("no restrictions: economy on any carrier")
        << required << kNow << member << erika << 1 << bp({{"HKG", "SIN", "SQ", "0861", kToday, "Y"}}) << none
        << noOverride << Verdict::Accept << Reason::Ok << 0 << QString();
    QTest::newRow("E-pass: its own restriction (F only)")
        << required << kNow << QStringLiteral("epass") << erika << 1 << good << none << noOverride << Verdict::Reject
        << Reason::CompartmentNotAllowed << 0 << QStringLiteral("class J");
    QTest::newRow("E-pass: first class") << required << kNow << QStringLiteral("epass") << erika << 1
                                         << bp({{"HKG", "LHR", "CX", "0251", kToday, "F"}}) << none << noOverride
                                         << Verdict::Accept << Reason::Ok << 0 << QString();
    QTest::newRow("the leg that is today decides the class")
        << required << kNow << biz << erika << 1
        << bp({{"HKG", "BKK", "CX", "0700", kToday - 1, "Y"}, {"HKG", "BKK", "CX", "0701", kToday, "J"}}) << none
        << noOverride << Verdict::Accept << Reason::Ok << 1 << QString();

    // Names.
    QTest::newRow("another name: attention with both names")
        << required << kNow << member << erika << 1 << bp({{"HKG", "LHR", "CX", "0251", kToday}}, "MUELLER/HANS MR")
        << none << noOverride << Verdict::Attention << Reason::NameMismatch << 0
        << QStringLiteral("MUELLER/HANS MR; pass: Erika Mustermann");
    QTest::newRow("E-pass: another name")
        << required << kNow << QStringLiteral("epass") << erika << 1
        << bp({{"HKG", "LHR", "CX", "0251", kToday, "F"}}, "MUSTERMANN/MAX MR") << none << noOverride
        << Verdict::Attention << Reason::NameMismatch << 0 << QStringLiteral("MUSTERMANN/MAX MR");
    QTest::newRow("lower case, title, diacritics, hyphen")
        << required << kNow << member << QStringLiteral("Zoë Müller-Lüdenscheid") << 1
        << bp({{"HKG", "LHR", "CX", "0251", kToday}}, "muller ludenscheid/zoe mrs") << none << noOverride
        << Verdict::Accept << Reason::Ok << 0 << QString();
    QTest::newRow("several given names, split at the last space")
        << required << kNow << member << QStringLiteral("Anna Maria Schmidt") << 1
        << bp({{"HKG", "LHR", "CX", "0251", kToday}}, "SCHMIDT/ANNA MARIA") << none << noOverride << Verdict::Accept
        << Reason::Ok << 0 << QString();
    QTest::newRow("truncated at 20 characters")
        << required << kNow << member << QStringLiteral("Maximiliane Mustermann") << 1
        << bp({{"HKG", "LHR", "CX", "0251", kToday}}, "MUSTERMANN/MAXIMILIA") << none << noOverride << Verdict::Accept
        << Reason::Ok << 0 << QString();

    // Guests' boarding passes: the same rules, no name check; rejections before the holder's attention.
    QTest::newRow("guest flying today from here, another name")
        << required << kNow << member << erika << 2 << good
        << QList<QByteArray> {bp({{"HKG", "LHR", "CX", "0251", kToday}}, "DOE/JOHN MR")} << noOverride
        << Verdict::Accept << Reason::Ok << 0 << QString();
    QTest::newRow("guest from elsewhere")
        << required << kNow << member << erika << 3 << good
        << QList<QByteArray> {good, bp({{"FRA", "JFK", "LH", "0400", kToday}})} << noOverride << Verdict::Reject
        << Reason::WrongAirport << 0 << QStringLiteral("guest 2: LH400 FRA-JFK");
    QTest::newRow("guest economy on a business-only programme")
        << required << kNow << biz << erika << 2 << good
        << QList<QByteArray> {bp({{"HKG", "LHR", "CX", "0251", kToday, "Y"}}, "DOE/JOHN MR")} << noOverride
        << Verdict::Reject << Reason::CompartmentNotAllowed << 0 << QStringLiteral("guest 1: class Y");
    QTest::newRow("guest rejection before the holder's name attention")
        << required << kNow << member << erika << 2 << bp({{"HKG", "LHR", "CX", "0251", kToday}}, "OTHER/NAME")
        << QList<QByteArray> {bp({{"HKG", "LHR", "CX", "0251", kToday + 1}})} << noOverride << Verdict::Reject
        << Reason::NotFlyingToday << 0 << QStringLiteral("guest 1:");
    QTest::newRow("guests only, holder's missing: still required")
        << required << kNow << member << erika << 2 << QByteArray() << QList<QByteArray> {good} << noOverride
        << Verdict::Reject << Reason::BoardingPassRequired << -2 << QString();
}

void TestBoardingPassRules::rules()
{
    QFETCH(Resource, resource);
    QFETCH(QDateTime, now);
    QFETCH(QString, credential);
    QFETCH(QString, holderName);
    QFETCH(int, party);
    QFETCH(QByteArray, holderPass);
    QFETCH(QList<QByteArray>, guestPasses);
    QFETCH(QStringList, override);
    QFETCH(Verdict, verdict);
    QFETCH(Reason, reason);
    QFETCH(int, legIndex);
    QFETCH(QString, detail);

    Desk desk;
    QVERIFY(desk.open(resource, holderName));
    ScanInput input {desk.codes.value(credential), party};
    if (!holderPass.isEmpty()) {
        input.boardingPass = parsed(holderPass);
    }
    for (const auto& g : guestPasses) {
        input.guestBoardingPasses.append(parsed(g));
    }
    if (!override.isEmpty()) {
        input.boardingPassOverrideBy = override.at(0);
        input.boardingPassOverrideReason = override.at(1);
    }
    FixedClock clock(now);
    const Decision d = Validator::validate(input, *desk.ts.store, desk.context, clock);
    QVERIFY2(d.reason == reason && d.verdict == verdict,
             qPrintable(toString(d.verdict) + QLatin1Char(' ') + toString(d.reason) + QStringLiteral(": ") + d.detail));
    QVERIFY2(d.detail.contains(detail), qPrintable(d.detail));
    QCOMPARE(d.boardingPassPolicy, resource.boardingPass.policy);
    if (legIndex == -2) {
        QVERIFY(!d.boardingPass);
        return;
    }
    QVERIFY(d.boardingPass);
    QCOMPARE(d.boardingPass->legIndex, legIndex);
    const bcbp::BoardingPass pass = *input.boardingPass;
    QCOMPARE(d.boardingPass->printedName, pass.passengerName);
    QCOMPARE(d.boardingPass->expectedName, holderName);
    if (reason == Reason::NameMismatch) {
        QVERIFY(!d.boardingPass->nameMatches);
    } else if (verdict != Verdict::Reject) {
        QVERIFY(d.boardingPass->nameMatches);
    }
    if (legIndex >= 0) {
        const bcbp::Leg& leg = pass.legs.at(legIndex);
        QCOMPARE(d.boardingPass->flight.carrier, leg.carrier);
        QCOMPARE(d.boardingPass->flight.flightNumber, leg.flightNumber);
        QCOMPARE(d.boardingPass->flight.from, leg.from);
        QCOMPARE(d.boardingPass->flight.to, leg.to);
        QCOMPARE(d.boardingPass->flight.compartment, leg.compartment);
        QCOMPARE(d.boardingPass->flight.date.dayOfYear(), leg.julianDay);
        QCOMPARE(d.boardingPass->flight.legKey, bcbp::legKey(pass, legIndex));
    }
    QCOMPARE(d.guestBoardingPasses.size(), d.reason == Reason::TooManyGuests ? 0 : guestPasses.size());
    for (const auto& g : d.guestBoardingPasses) {
        QVERIFY(g.expectedName.isEmpty());
        QVERIFY(g.nameMatches);
    }
}

void TestBoardingPassRules::visitRecordsFlightsAndOverride()
{
    Desk desk;
    QVERIFY(desk.open(bpLounge(BoardingPassPolicy::Required)));
    FixedClock clock(kNow);
    AccessService service(*desk.ts.store, clock, desk.context);
    ScanInput input {desk.codes.value(QStringLiteral("member")), 2};
    input.boardingPass = parsed(bp({{"FRA", "HKG", "LH", "0796", kToday - 1}, {"HKG", "LHR", "CX", "0251", kToday}}));
    input.guestBoardingPasses = {parsed(bp({{"HKG", "LHR", "CX", "0251", kToday, "F"}}, "DOE/JOHN MR"))};
    // An override given while a boarding pass is shown is not what let the visit in: not recorded.
    input.boardingPassOverrideBy = QStringLiteral("SUP1");
    input.boardingPassOverrideReason = QStringLiteral("not needed");
    auto d = service.redeem(input);
    QVERIFY(d && d->recorded);
    auto visit = desk.ts.store->redemption(d->redemptionId);
    QVERIFY(visit && visit->has_value());
    const Redemption& r = **visit;
    QCOMPARE(r.flights.size(), 2);
    QCOMPARE(r.flights.at(0), d->boardingPass->flight);
    QCOMPARE(r.flights.at(0).carrier, QStringLiteral("CX"));
    QCOMPARE(r.flights.at(0).flightNumber, QStringLiteral("251"));
    QCOMPARE(r.flights.at(0).date, QDate(2026, 11, 27));
    QCOMPARE(r.flights.at(0).from, QStringLiteral("HKG"));
    QCOMPARE(r.flights.at(0).pnr, QStringLiteral("ABC123")); // kept locally
    QCOMPARE(r.flights.at(1).compartment, QStringLiteral("F"));
    QVERIFY(r.boardingPassOverrideBy.isEmpty());
    QVERIFY(r.boardingPassOverrideReason.isEmpty());

    // No boarding pass, a supervisor's override: who and why are on the visit, no flights.
    ScanInput overridden {desk.codes.value(QStringLiteral("biz")), 1};
    overridden.boardingPassOverrideBy = QStringLiteral(" SUP1 ");
    overridden.boardingPassOverrideReason = QStringLiteral("airline system down");
    auto o = service.redeem(overridden);
    QVERIFY(o && o->recorded);
    auto oVisit = desk.ts.store->redemption(o->redemptionId);
    QVERIFY(oVisit && oVisit->has_value());
    QVERIFY((*oVisit)->flights.isEmpty());
    QCOMPARE((*oVisit)->boardingPassOverrideBy, QStringLiteral("SUP1"));
    QCOMPARE((*oVisit)->boardingPassOverrideReason, QStringLiteral("airline system down"));
    auto check = desk.ts.store->verifyJournal();
    QVERIFY(check && check->ok);

    // The holder's boarding pass shown, a guest's missing, a supervisor's override: recorded (it let the guest in).
    Desk guestDesk;
    QVERIFY(guestDesk.open(bpLounge(BoardingPassPolicy::Required)));
    AccessService guestService(*guestDesk.ts.store, clock, guestDesk.context);
    ScanInput guestMissing {guestDesk.codes.value(QStringLiteral("member")), 2};
    guestMissing.boardingPass = parsed(bp({{"HKG", "LHR", "CX", "0251", kToday}}));
    guestMissing.boardingPassOverrideBy = QStringLiteral("SUP1");
    guestMissing.boardingPassOverrideReason = QStringLiteral("child's boarding pass on the parent's phone");
    auto g = guestService.redeem(guestMissing);
    QVERIFY(g && g->recorded);
    auto gVisit = guestDesk.ts.store->redemption(g->redemptionId);
    QVERIFY(gVisit && gVisit->has_value());
    QCOMPARE((*gVisit)->partySize, 2);
    QCOMPARE((*gVisit)->flights.size(), 1);
    QCOMPARE((*gVisit)->boardingPassOverrideBy, QStringLiteral("SUP1"));
    QCOMPARE((*gVisit)->boardingPassOverrideReason, QStringLiteral("child's boarding pass on the parent's phone"));
}

void TestBoardingPassRules::usedTodayAndVoid()
{
    Desk desk;
    QVERIFY(desk.open(bpLounge(BoardingPassPolicy::Optional)));
    FixedClock clock(kNow);
    AccessService service(*desk.ts.store, clock, desk.context);
    const QByteArray pass = bp({{"HKG", "LHR", "CX", "0251", kToday}});
    const QByteArray guestPass = bp({{"HKG", "LHR", "CX", "0251", kToday}}, "DOE/JOHN MR");
    ScanInput input {desk.codes.value(QStringLiteral("member")), 1};
    input.boardingPass = parsed(pass);
    auto first = service.redeem(input);
    QVERIFY(first && first->recorded && first->verdict == Verdict::Accept);
    QVERIFY(!first->boardingPass->usedToday);

    // The same boarding pass again, later the same day, with another pass: ATTENTION.
    clock.advance(3 * 3600);
    ScanInput again {desk.codes.value(QStringLiteral("biz")), 1};
    again.boardingPass = parsed(pass);
    auto second = service.redeem(again);
    QVERIFY(second && !second->recorded);
    QCOMPARE(toString(second->verdict), toString(Verdict::Attention));
    QCOMPARE(toString(second->reason), toString(Reason::BoardingPassUsed));
    QVERIFY(second->boardingPass->usedToday);
    // Another boarding pass (another passenger on the same flight) is fine, and a guest's leg is remembered too.
    ScanInput withGuest {desk.codes.value(QStringLiteral("biz")), 2};
    withGuest.boardingPass = parsed(bp({{"HKG", "LHR", "CX", "0251", kToday}}, "MUSTERMANN/ERIKA"));
    withGuest.boardingPass->legs[0].checkInSequence = QStringLiteral("77"); // another check-in: another pass
    withGuest.guestBoardingPasses = {parsed(guestPass)};
    auto third = service.redeem(withGuest);
    QVERIFY(third && third->recorded);
    QCOMPARE(toString(third->reason), toString(Reason::Ok));
    ScanInput guestAgain {desk.codes.value(QStringLiteral("member")), 2};
    guestAgain.guestBoardingPasses = {parsed(guestPass)};
    auto fourth = service.redeem(guestAgain);
    QVERIFY(fourth);
    QCOMPARE(toString(fourth->reason), toString(Reason::BoardingPassUsed));
    QVERIFY2(fourth->detail.contains(QLatin1String("guest 1")), qPrintable(fourth->detail));
    QVERIFY(fourth->guestBoardingPasses.at(0).usedToday);

    // A voided visit does not count.
    QVERIFY(service.voidRedemption(first->redemptionId, QStringLiteral("S1"), QStringLiteral("wrong pass"), 0));
    auto afterVoid = service.redeem(again);
    QVERIFY(afterVoid && afterVoid->recorded);
    QCOMPARE(toString(afterVoid->reason), toString(Reason::Ok));

    // Tomorrow at the lounge (local midnight, 16:00 UTC) the day is new: that pass is for yesterday anyway, and a
    // leg used yesterday is not "used today".
    clock.set(utc("2026-11-27T16:00:00Z"));
    ScanInput nextDay {desk.codes.value(QStringLiteral("member")), 1};
    nextDay.boardingPass = parsed(bp({{"HKG", "LHR", "CX", "0251", kToday}}));
    auto late = Validator::validate(nextDay, *desk.ts.store, desk.context, clock);
    QCOMPARE(toString(late.reason), toString(Reason::NotFlyingToday));
    clock.set(utc("2026-11-27T15:59:59Z"));
    auto stillToday = Validator::validate(nextDay, *desk.ts.store, desk.context, clock);
    QCOMPARE(toString(stillToday.reason), toString(Reason::BoardingPassUsed));
}

void TestBoardingPassRules::bookingNamesTheFlight()
{
    // A Fast Track lane that requires a booking and a boarding pass; the booking names CX 251.
    Resource lane = bpLounge(BoardingPassPolicy::Required);
    lane.bookingRequired = true;
    Booking b;
    b.id = QStringLiteral("BK1");
    b.credential = CredentialRef {CredentialKind::Membership, QStringLiteral("m1")};
    b.resourceId = QStringLiteral("L");
    b.date = QDate(2026, 11, 27);
    b.from = QTime(9, 30);
    b.to = QTime(10, 30);
    b.partySize = 2;
    b.flightCarrier = QStringLiteral("CX");
    b.flightNumber = QStringLiteral("251");
    Desk desk;
    QVERIFY(desk.open(lane, QStringLiteral("Erika Mustermann"), {b}));
    FixedClock clock(kNow);
    ScanInput input {desk.codes.value(QStringLiteral("member")), 1};
    input.boardingPass = parsed(bp({{"HKG", "LHR", "CX", "0251", kToday}}));
    Decision d = Validator::validate(input, *desk.ts.store, desk.context, clock);
    QCOMPARE(toString(d.reason), toString(Reason::Ok));
    QCOMPARE(d.booking->id, QStringLiteral("BK1"));
    input.boardingPass = parsed(bp({{"HKG", "LHR", "CX", "0253", kToday}}));
    d = Validator::validate(input, *desk.ts.store, desk.context, clock);
    QCOMPARE(toString(d.reason), toString(Reason::FlightNotBooked));
    QVERIFY2(d.detail.contains(QLatin1String("CX253")) && d.detail.contains(QLatin1String("CX251")),
             qPrintable(d.detail));
    // A guest on another flight than the booked one: also refused (the booking is for the party on that flight).
    input.boardingPass = parsed(bp({{"HKG", "LHR", "CX", "0251", kToday}}));
    input.partySize = 2;
    input.guestBoardingPasses = {parsed(bp({{"HKG", "LHR", "KA", "0251", kToday}}, "DOE/JOHN"))};
    d = Validator::validate(input, *desk.ts.store, desk.context, clock);
    QCOMPARE(toString(d.reason), toString(Reason::FlightNotBooked));
    QVERIFY2(d.detail.startsWith(QLatin1String("guest 1:")), qPrintable(d.detail));
    // No booking at all comes first: NO_BOOKING, not a boarding-pass reason.
    ScanInput other {desk.codes.value(QStringLiteral("biz")), 1};
    other.boardingPass = parsed(bp({{"HKG", "LHR", "CX", "0253", kToday}}));
    d = Validator::validate(other, *desk.ts.store, desk.context, clock);
    QCOMPARE(toString(d.reason), toString(Reason::NoBooking));
    // Outside the booked window is an ATTENTION, but a bad boarding pass is rejected first.
    clock.set(utc("2026-11-27T06:00:00Z")); // 14:00 local, booked 09:30-10:30
    input.guestBoardingPasses.clear();
    input.partySize = 1;
    d = Validator::validate(input, *desk.ts.store, desk.context, clock);
    QCOMPARE(toString(d.reason), toString(Reason::OutsideBookingWindow));
    input.boardingPass = parsed(bp({{"HKG", "LHR", "CX", "0251", kToday + 1}}));
    d = Validator::validate(input, *desk.ts.store, desk.context, clock);
    QCOMPARE(toString(d.reason), toString(Reason::NotFlyingToday));
}

void TestBoardingPassRules::withinHoursOfTheBookedFlight_data()
{
    QTest::addColumn<int>("withinHours");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<int>("flightDay");
    QTest::addColumn<QString>("flight");
    QTest::addColumn<Reason>("reason");
    // Booked: CX 251 on 28 Nov, 01:00-02:00 Hong Kong time.
    const int tomorrow = kToday + 1;
    QTest::newRow("same-day rule: tomorrow's flight")
        << 0 << utc("2026-11-27T15:00:00Z") << tomorrow << "0251" << Reason::NotFlyingToday;
    QTest::newRow("3 h rule: 2 h before the booked flight")
        << 3 << utc("2026-11-27T15:00:00Z") << tomorrow << "0251" << Reason::Ok;
    QTest::newRow("3 h rule: 4 h before")
        << 3 << utc("2026-11-27T13:00:00Z") << tomorrow << "0251" << Reason::NotFlyingToday;
    QTest::newRow("3 h rule: exactly 3 h before")
        << 3 << utc("2026-11-27T14:00:00Z") << tomorrow << "0251" << Reason::Ok;
    QTest::newRow("3 h rule: 3 h after the window")
        << 3 << utc("2026-11-27T21:00:00Z") << tomorrow << "0251" << Reason::Ok;
    QTest::newRow("3 h rule: 4 h after the window")
        << 3 << utc("2026-11-27T22:00:00Z") << tomorrow << "0251" << Reason::NotFlyingToday;
    QTest::newRow("3 h rule, another flight: same-day rule")
        << 3 << utc("2026-11-27T15:00:00Z") << tomorrow << "0253" << Reason::NotFlyingToday;
    QTest::newRow("3 h rule, today's flight far from the booked time of the same flight on another day")
        << 3 << utc("2026-11-27T02:00:00Z") << kToday << "0251" << Reason::Ok;
}

void TestBoardingPassRules::withinHoursOfTheBookedFlight()
{
    QFETCH(int, withinHours);
    QFETCH(QDateTime, now);
    QFETCH(int, flightDay);
    QFETCH(QString, flight);
    QFETCH(Reason, reason);
    // A lounge that does not require bookings, but holds the member's booking naming the flight and its time.
    Booking b;
    b.id = QStringLiteral("BK2");
    b.credential = CredentialRef {CredentialKind::Membership, QStringLiteral("m1")};
    b.resourceId = QStringLiteral("L");
    b.date = QDate(2026, 11, 28);
    b.from = QTime(1, 0);
    b.to = QTime(2, 0);
    b.flightCarrier = QStringLiteral("CX");
    b.flightNumber = QStringLiteral("251");
    Desk desk;
    QVERIFY(desk.open(bpLounge(BoardingPassPolicy::Required, LoungeDirection::Departure, withinHours),
                      QStringLiteral("Erika Mustermann"), {b}));
    FixedClock clock(now);
    ScanInput input {desk.codes.value(QStringLiteral("member")), 1};
    input.boardingPass = parsed(bp({{"HKG", "LHR", "CX", flight.toLatin1().constData(), flightDay}}));
    const Decision d = Validator::validate(input, *desk.ts.store, desk.context, clock);
    QVERIFY2(d.reason == reason, qPrintable(toString(d.reason) + QStringLiteral(": ") + d.detail));
}

void TestBoardingPassRules::correctionDoesNotAskAgain()
{
    // A guest-count change at a lounge that requires a boarding pass: not asked again, and the new visit keeps the
    // flights of the one it replaces.
    Desk desk;
    QVERIFY(desk.open(bpLounge(BoardingPassPolicy::Required)));
    FixedClock clock(kNow);
    AccessService service(*desk.ts.store, clock, desk.context);
    ScanInput input {desk.codes.value(QStringLiteral("member")), 2};
    input.boardingPass = parsed(bp({{"HKG", "LHR", "CX", "0251", kToday}}));
    auto d = service.redeem(input);
    QVERIFY(d && d->recorded);
    auto changed = service.changePartySize(d->redemptionId, 1, QStringLiteral("S1"), QStringLiteral("one left"), 0);
    QVERIFY2(changed, qPrintable(changed ? QString() : changed.error().toString()));
    QCOMPARE(toString(changed->verdict), toString(Verdict::Accept));
    auto visit = desk.ts.store->redemption(changed->redemptionId);
    QVERIFY(visit && visit->has_value());
    QCOMPARE((*visit)->flights.size(), 1);
    QCOMPARE((*visit)->flights.at(0).legKey, d->boardingPass->flight.legKey);
}

void TestBoardingPassRules::recordedVisitIsJudgedAgain()
{
    // What central does with an uploaded visit: the same rules from what the visit recorded, no boarding pass scanned.
    Desk desk;
    QVERIFY(desk.open(bpLounge(BoardingPassPolicy::Required)));
    FixedClock clock(kNow);
    AccessService service(*desk.ts.store, clock, desk.context);
    ScanInput input {desk.codes.value(QStringLiteral("biz")), 2};
    input.boardingPass = parsed(bp({{"FRA", "HKG", "LH", "0796", kToday - 1}, {"HKG", "LHR", "CX", "0251", kToday}}));
    input.guestBoardingPasses = {parsed(bp({{"HKG", "LHR", "CX", "0251", kToday}}, "DOE/JOHN"))};
    auto d = service.redeem(input);
    QVERIFY(d && d->recorded);
    const Redemption visit = **desk.ts.store->redemption(d->redemptionId);
    const auto recheck = [&](const Redemption& v) {
        ScanInput again {desk.codes.value(QStringLiteral("biz")), v.partySize};
        Validator::addRecordedBoardingPasses(again, v);
        return Validator::validate(again, *desk.ts.store, desk.context, clock);
    };
    // Without them a required lounge asks for a boarding pass; with them the visit passes again (the missing name
    // is only an attention, the earlier visit itself is not "used today": the rebuilt leg has another key).
    ScanInput bare {desk.codes.value(QStringLiteral("biz")), 2};
    QCOMPARE(toString(Validator::validate(bare, *desk.ts.store, desk.context, clock).reason),
             toString(Reason::BoardingPassRequired));
    Decision again = recheck(visit);
    QVERIFY2(again.verdict != Verdict::Reject, qPrintable(toString(again.reason) + QLatin1Char(' ') + again.detail));
    QCOMPARE(again.guestBoardingPasses.size(), 1);
    // An uploaded visit whose recorded flight breaks a rule is refused again.
    Redemption economy = visit;
    economy.flights[1].compartment = QStringLiteral("Y");
    QCOMPARE(toString(recheck(economy).reason), toString(Reason::CompartmentNotAllowed));
    Redemption elsewhere = visit;
    elsewhere.flights[0].from = QStringLiteral("FRA");
    QCOMPARE(toString(recheck(elsewhere).reason), toString(Reason::WrongAirport));
    Redemption yesterday = visit;
    yesterday.flights[0].date = QDate(2026, 11, 26);
    QCOMPARE(toString(recheck(yesterday).reason), toString(Reason::NotFlyingToday));
    // An overridden visit carries its override.
    Redemption overridden = visit;
    overridden.flights.clear();
    overridden.partySize = 1;
    overridden.boardingPassOverrideBy = QStringLiteral("SUP1");
    overridden.boardingPassOverrideReason = QStringLiteral("printer down");
    QCOMPARE(toString(recheck(overridden).reason), toString(Reason::Ok));
    overridden.boardingPassOverrideReason.clear();
    QCOMPARE(toString(recheck(overridden).reason), toString(Reason::BoardingPassRequired));
}

QTEST_GUILESS_MAIN(TestBoardingPassRules)
#include "tst_boardingpassrules.moc"
