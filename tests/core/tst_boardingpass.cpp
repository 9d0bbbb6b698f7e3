// bcbp::parse and its helpers (issue 14 §1, docs/domain.md "Boarding passes (BCBP)"): real-shaped passes, every
// tolerated variation, every mandatory item damaged in turn, the year boundary, name variants and the leg key.

#include "../common/BcbpGenerator.h"
#include "BoardingPass.h"
#include "CredentialCode.h"

#include <QTest>

using namespace lounge::core;
using namespace lounge::core::bcbp;
namespace gen = lounge::testing::bcbp;

Q_DECLARE_METATYPE(lounge::core::bcbp::BoardingPass)

namespace {

// Written out by hand from the field table (not by the generator): one leg, conditional blocks, airline data.
constexpr char kHandMade[] = "M1MUSTERMANN/ERIKA MS EABC123 FRAJFKLH 0400 100J002A0042 154>6181WW6099BLH "
                             "02201234560012A22012345678900 LH LH 992000000000001  2PCN*30600000K09";
constexpr char kHandMadeMandatoryOnly[] = "M1MUSTERMANN/ERIKA MS EABC123 FRAJFKLH 0400 100J002A0042 100";

BoardingPass parsed(const QByteArray& text)
{
    auto r = parse(text);
    if (auto* e = std::get_if<ParseError>(&r)) {
        qWarning("parse failed: %s", qPrintable(e->detail));
        return {};
    }
    return std::get<BoardingPass>(r);
}

ParseError failure(const QByteArray& text)
{
    auto r = parse(text);
    if (auto* e = std::get_if<ParseError>(&r)) {
        return *e;
    }
    return ParseError {ParseFailure::NotABoardingPass, QStringLiteral("<parsed>")};
}

bool isParsed(const QByteArray& text)
{
    return std::holds_alternative<BoardingPass>(parse(text));
}

BoardingPass withoutRaw(BoardingPass p)
{
    p.raw.clear();
    return p;
}

Leg expectedLeg1()
{
    Leg l;
    l.pnr = QStringLiteral("ABC123");
    l.from = QStringLiteral("FRA");
    l.to = QStringLiteral("JFK");
    l.carrier = QStringLiteral("LH");
    l.flightNumber = QStringLiteral("400");
    l.julianDay = 100;
    l.compartment = QStringLiteral("J");
    l.seat = QStringLiteral("2A");
    l.checkInSequence = QStringLiteral("0042");
    l.passengerStatus = QStringLiteral("1");
    l.airlineNumericCode = QStringLiteral("220");
    l.documentSerialNumber = QStringLiteral("1234567890");
    l.selecteeIndicator = QStringLiteral("0");
    l.marketingCarrier = QStringLiteral("LH");
    l.frequentFlyerAirline = QStringLiteral("LH");
    l.frequentFlyerNumber = QStringLiteral("992000000000001");
    l.freeBaggageAllowance = QStringLiteral("2PC");
    l.fastTrack = QStringLiteral("N");
    l.airlinePrivate = "*30600000K09";
    return l;
}

BoardingPass expectedSample(int legs, bool conditional, bool security)
{
    BoardingPass p;
    p.passengerName = QStringLiteral("MUSTERMANN/ERIKA MS");
    p.electronicTicket = QStringLiteral("E");
    static const char* kAirports[] = {"FRA", "JFK", "ORD", "DEN", "LAX"};
    for (int i = 0; i < legs; ++i) {
        Leg l = expectedLeg1();
        l.from = QLatin1StringView(kAirports[i]);
        l.to = QLatin1StringView(kAirports[i + 1]);
        l.carrier = i == 0 ? QStringLiteral("LH") : QStringLiteral("UA");
        l.flightNumber = QString::number(400 + 17 * i);
        l.julianDay = 100 + i;
        l.seat = QStringLiteral("%1A").arg(2 + i);
        l.checkInSequence = QString::number(42 + i).rightJustified(4, u'0');
        l.airlinePrivate = i == 0 ? QByteArray("*30600000K09") : QByteArray();
        if (!conditional) {
            Leg m;
            m.pnr = l.pnr;
            m.from = l.from;
            m.to = l.to;
            m.carrier = l.carrier;
            m.flightNumber = l.flightNumber;
            m.julianDay = l.julianDay;
            m.compartment = l.compartment;
            m.seat = l.seat;
            m.checkInSequence = l.checkInSequence;
            m.passengerStatus = l.passengerStatus;
            m.airlinePrivate = l.airlinePrivate;
            l = m;
        }
        p.legs.append(l);
    }
    if (conditional) {
        p.version = 6;
        p.passengerDescription = QStringLiteral("1");
        p.sourceOfCheckIn = QStringLiteral("W");
        p.sourceOfIssuance = QStringLiteral("W");
        p.dateOfIssue = QStringLiteral("6099");
        p.documentType = QStringLiteral("B");
        p.issuerDesignator = QStringLiteral("LH");
        p.baggageTags = {QStringLiteral("0220123456001")};
    }
    if (security) {
        const auto f = gen::samplePass(1, true, true);
        p.securityType = QStringLiteral("1");
        p.securityData = f.securityData;
    }
    return p;
}

/// Replaces `width` characters at `offset`.
QByteArray patched(QByteArray text, qsizetype offset, const QByteArray& with)
{
    return text.replace(offset, with.size(), with);
}

} // namespace

class TestBoardingPass : public QObject
{
    Q_OBJECT

private slots:
    void handMadePassParses();
    void generatorWritesTheFieldTable();
    void validPasses_data();
    void validPasses();
    void damagedPasses_data();
    void damagedPasses();
    void notBoardingPasses_data();
    void notBoardingPasses();
    void everyTruncationIsAnErrorNotACrash();
    void flightDate_data();
    void flightDate();
    void nameParts();
    void normalizedName_data();
    void normalizedName();
    void nameMatches_data();
    void nameMatches();
    void legKeyIsStableAndDistinct();
};

void TestBoardingPass::handMadePassParses()
{
    BoardingPass expected = expectedSample(1, true, false);
    QCOMPARE(withoutRaw(parsed(kHandMade)), expected);
    QCOMPARE(parsed(kHandMade).raw, QByteArray(kHandMade));

    BoardingPass mandatory = expectedSample(1, false, false);
    mandatory.legs[0].airlinePrivate.clear();
    QCOMPARE(withoutRaw(parsed(kHandMadeMandatoryOnly)), mandatory);
    QCOMPARE(parsed(kHandMade).surname(), QStringLiteral("MUSTERMANN"));
    QCOMPARE(parsed(kHandMade).givenNames(), QStringLiteral("ERIKA"));
}

void TestBoardingPass::generatorWritesTheFieldTable()
{
    QCOMPARE(gen::passString(gen::samplePass(1, true, false)), QByteArray(kHandMade));
    auto f = gen::samplePass(1, false, false);
    f.legs[0].airlinePrivate.clear();
    QCOMPARE(gen::passString(f), QByteArray(kHandMadeMandatoryOnly));
}

void TestBoardingPass::validPasses_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<BoardingPass>("expected");

    for (int legs = 1; legs <= 4; ++legs) {
        for (bool conditional : {true, false}) {
            for (bool security : {false, true}) {
                const QByteArray text = gen::passString(gen::samplePass(legs, conditional, security));
                const BoardingPass expected = expectedSample(legs, conditional, security);
                const QByteArray name = QStringLiteral("%1 leg(s), %2 conditional, %3 security")
                                            .arg(legs)
                                            .arg(conditional ? "with" : "no")
                                            .arg(security ? "with" : "no")
                                            .toLatin1();
                QTest::newRow(name) << text << expected;
                // Airline and security data are kept as printed (the security data is base64: case matters).
                BoardingPass lower = expected;
                for (Leg& l : lower.legs) {
                    l.airlinePrivate = l.airlinePrivate.toLower();
                }
                lower.securityData = lower.securityData.toLower();
                QTest::newRow(name + " lower case") << text.toLower() << lower;
                QTest::newRow(name + " trailing spaces") << text + "   " << expected;
                QTest::newRow(name + " trailing newline") << text + "\n" << expected;
                QTest::newRow(name + " trailing CR LF") << text + "\r\n" << expected;
            }
        }
    }

    // A conditional block whose trailing blanks a scanner dropped: the last leg's repeated block ends in blanks.
    {
        auto f = gen::samplePass(2, true, false);
        f.legs[1].freeBaggageAllowance = "";
        f.legs[1].fastTrack = "";
        const QByteArray full = gen::passString(f);
        QVERIFY(full.endsWith("    "));
        BoardingPass expected = expectedSample(2, true, false);
        expected.legs[1].freeBaggageAllowance.clear();
        expected.legs[1].fastTrack.clear();
        QTest::newRow("short conditional block, blanks dropped") << full.trimmed() << expected;
        QTest::newRow("short conditional block, blanks dropped, newline") << full.trimmed() + "\n" << expected;
    }
    // The unique block stops after the issuer (version 2 passes); a shorter repeated block (up to the FF number).
    {
        auto f = gen::samplePass(1, true, false);
        f.version = '2';
        f.uniqueSize = 11;
        f.legs[0].repeatedSize = 37;
        BoardingPass expected = expectedSample(1, true, false);
        expected.version = 2;
        expected.baggageTags.clear();
        expected.legs[0].freeBaggageAllowance.clear();
        expected.legs[0].fastTrack.clear();
        QTest::newRow("short unique and repeated blocks") << gen::passString(f) << expected;
    }
    // Every unique item, three baggage tags; a size that ends inside an item keeps the part it holds.
    {
        auto f = gen::samplePass(1, true, false);
        f.uniqueSize = 50;
        f.firstNonConsecutiveTag = "0220123456010";
        f.secondNonConsecutiveTag = "0220123456020";
        BoardingPass expected = expectedSample(1, true, false);
        expected.baggageTags << QStringLiteral("0220123456010") << QStringLiteral("0220123456020");
        QTest::newRow("all three baggage tags") << gen::passString(f) << expected;
    }
    // Seats and flight numbers as carriers print them; a three-letter (ICAO) carrier, no e-ticket, infant.
    {
        auto f = gen::samplePass(1, false, false);
        f.legs[0].airlinePrivate.clear();
        f.legs[0].seat = "INF";
        f.legs[0].flight = "0012B";
        f.legs[0].carrier = "DLH";
        f.legs[0].julianDay = 366;
        f.electronicTicket = " ";
        f.name = "O'NEIL-SMITH/ANNE MRS";
        BoardingPass expected = expectedSample(1, false, false);
        expected.legs[0].airlinePrivate.clear();
        expected.legs[0].seat.clear();
        expected.legs[0].flightNumber = QStringLiteral("12B");
        expected.legs[0].carrier = QStringLiteral("DLH");
        expected.legs[0].julianDay = 366;
        expected.electronicTicket.clear();
        expected.passengerName = QStringLiteral("O'NEIL-SMITH/ANNE MR"); // cut at 20 characters
        QTest::newRow("infant seat, suffix, ICAO carrier, day 366, cut name") << gen::passString(f) << expected;
        f.legs[0].seat = "    ";
        f.legs[0].checkInSequence = "";
        expected.legs[0].checkInSequence.clear();
        QTest::newRow("blank seat and sequence") << gen::passString(f) << expected;
        f.legs[0].seat = "GATE";
        expected.legs[0].seat = QStringLiteral("GATE");
        QTest::newRow("seat GATE") << gen::passString(f) << expected;
    }
    // Airline data without a conditional block; version 8 leg blocks longer than the items this parser knows.
    {
        auto f = gen::samplePass(2, false, false);
        f.legs[1].airlinePrivate = "XYZ";
        BoardingPass expected = expectedSample(2, false, false);
        expected.legs[1].airlinePrivate = "XYZ";
        QTest::newRow("airline data only, both legs") << gen::passString(f) << expected;
    }
}

void TestBoardingPass::validPasses()
{
    QFETCH(QByteArray, text);
    QFETCH(BoardingPass, expected);
    auto r = parse(text);
    if (auto* e = std::get_if<ParseError>(&r)) {
        QFAIL(qPrintable(QStringLiteral("%1: %2").arg(int(e->failure)).arg(e->detail)));
    }
    const BoardingPass& bp = std::get<BoardingPass>(r);
    QCOMPARE(bp.raw, text);
    QCOMPARE(bp.passengerName, expected.passengerName);
    QCOMPARE(bp.legs.size(), expected.legs.size());
    for (qsizetype i = 0; i < bp.legs.size(); ++i) {
        QCOMPARE(bp.legs.at(i), expected.legs.at(i));
    }
    QCOMPARE(withoutRaw(bp), expected);
    QVERIFY(looksLikeBoardingPass(text));
}

void TestBoardingPass::damagedPasses_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("item"); // what the detail names

    const QByteArray two = gen::passString(gen::samplePass(2, true, true));
    QVERIFY(isParsed(two));
    const int leg2 = 60 + two.mid(58, 2).toInt(nullptr, 16);
    struct Field
    {
        int item;
        int offset; // within the leg's mandatory items
        QByteArray bad;
        const char* what;
    };
    const QList<Field> fields = {
        {7, 0, "AB#", "PNR with a symbol"},
        {26, 7, "F1A", "from airport with a digit"},
        {26, 7, "FR ", "from airport with a blank"},
        {38, 10, "J?K", "to airport with a symbol"},
        {42, 13, " LH", "carrier not left-aligned"},
        {43, 16, "04X0", "flight number with a letter"},
        {43, 16, "  40", "flight number blank-padded"},
        {43, 20, "1", "flight suffix a digit"},
        {46, 21, "1A0", "date with a letter"},
        {46, 21, "000", "day 000"},
        {46, 21, "367", "day 367"},
        {71, 24, "1", "compartment a digit"},
        {104, 25, "12#A", "seat with a symbol"},
        {107, 29, "00A2", "sequence with a letter"},
        {113, 34, " ", "status blank"},
        {6, 35, "G0", "variable size not hex"},
    };
    for (const Field& f : fields) {
        for (int leg : {1, 2}) {
            const int base = leg == 1 ? 23 : leg2;
            QTest::newRow(qPrintable(QStringLiteral("leg %1: %2").arg(leg).arg(QLatin1StringView(f.what))))
                << patched(two, base + f.offset, f.bad) << QStringLiteral("item %1 ").arg(f.item);
        }
    }
    QTest::newRow("leg 1 variable size too large") << patched(two, 58, "FF") << QStringLiteral("leg 2");
    const QByteArray noSecurity = gen::passString(gen::samplePass(2, true, false));
    QVERIFY(noSecurity.size() < 60 + 0xff);
    QTest::newRow("leg 1 variable size beyond the text") << patched(noSecurity, 58, "FF") << QStringLiteral("item 6 ");
    QTest::newRow("leg 2 variable size disagrees")
        << patched(two, 58, QByteArray::number(two.mid(58, 2).toInt(nullptr, 16) - 1, 16).toUpper())
        << QStringLiteral("leg 2");
    QTest::newRow("version not a digit") << patched(two, 61, "X") << QStringLiteral("item 9 ");
    QTest::newRow("unique size not hex") << patched(two, 62, "1Z") << QStringLiteral("item 10 ");
    QTest::newRow("unique size beyond the leg") << patched(two, 62, "7F") << QStringLiteral("item 10 ");
    QTest::newRow("date of issue with a letter") << patched(two, 67, "6A") << QStringLiteral("item 22 ");
    QTest::newRow("repeated size not hex") << patched(two, 88, "Q2") << QStringLiteral("item 17 ");
    QTest::newRow("repeated size beyond the leg") << patched(two, 88, "7F") << QStringLiteral("item 17 ");
    QTest::newRow("airline numeric code with a letter") << patched(two, 90, "2A") << QStringLiteral("item 142 ");
    QTest::newRow("leg 2 repeated size beyond the leg") << patched(two, leg2 + 37, "7F") << QStringLiteral("item 17 ");
    const qsizetype caret = two.indexOf('^');
    QTest::newRow("security length not hex") << patched(two, caret + 2, "ZZ") << QStringLiteral("item 29 ");
    QTest::newRow("security data shorter than its length") << two.left(two.size() - 3) << QStringLiteral("item 30 ");
    QTest::newRow("security block cut") << two.left(caret + 2) << QStringLiteral("item 25 ");
    QTest::newRow("data after the last leg") << two.left(caret) + "XYZ" << QStringLiteral("after the last leg");
    QTest::newRow("data after the security block") << two + "X" << QStringLiteral("after the last leg");
    QTest::newRow("second leg missing") << two.left(leg2) << QStringLiteral("leg 2");
    QTest::newRow("second leg cut") << two.left(leg2 + 20) << QStringLiteral("leg 2");
    QTest::newRow("only the unique items") << two.left(23) << QStringLiteral("leg 1");
    const QByteArray one = gen::passString(gen::samplePass(1, false, false));
    QTest::newRow("mandatory items cut before the size") << one.left(59) << QStringLiteral("leg 1");
    QTest::newRow("leg count says 3 of 2") << patched(two, 1, "3") << QStringLiteral("leg 3");
}

void TestBoardingPass::damagedPasses()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, item);
    const ParseError e = failure(text);
    QCOMPARE(e.failure, ParseFailure::Damaged);
    QVERIFY2(e.detail.contains(item), qPrintable(e.detail));
    QVERIFY2(!e.detail.contains(QLatin1StringView("ABC123")), "the detail never carries the PNR");
    QVERIFY2(!e.detail.contains(QLatin1StringView("MUSTERMANN")), "the detail never carries the name");
}

void TestBoardingPass::notBoardingPasses_data()
{
    QTest::addColumn<QByteArray>("text");
    const QByteArray pass = gen::passString(gen::samplePass(1, true, false));
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("M") << QByteArray("M");
    QTest::newRow("M1") << QByteArray("M1");
    QTest::newRow("text") << QByteArray("Hello, lounge");
    QTest::newRow("url") << QByteArray("https://example.com/boarding?pnr=ABC123");
    QTest::newRow("membership code") << CredentialCode::generate(CredentialKind::Membership).toUtf8();
    QTest::newRow("E-pass code") << CredentialCode::generate(CredentialKind::EPass).toUtf8();
    QTest::newRow("staff badge") << QByteArray("STAFF:17");
    QTest::newRow("leg count 0") << patched(pass, 1, "0");
    QTest::newRow("leg count 5") << patched(pass, 1, "5");
    QTest::newRow("format code S") << patched(pass, 0, "S");
    QTest::newRow("short M1 text") << QByteArray("M1 the menu");
    QTest::newRow("M1 name with digits") << patched(pass, 2, "MUSTER1");
    QTest::newRow("M1 name starts blank") << patched(pass, 2, " ");
    QTest::newRow("e-ticket indicator X") << patched(pass, 22, "X");
    QTest::newRow("M2 sentence") << QByteArray("M2 is the motorway to the airport, take exit 5");
    QTest::newRow("utf-8 name") << patched(pass, 2, QStringLiteral("MÜ").toUtf8());
}

void TestBoardingPass::notBoardingPasses()
{
    QFETCH(QByteArray, text);
    const ParseError e = failure(text);
    QCOMPARE(e.failure, ParseFailure::NotABoardingPass);
    QVERIFY(!e.detail.isEmpty());
}

void TestBoardingPass::everyTruncationIsAnErrorNotACrash()
{
    // Every prefix of a full pass (a wedge or a copy that lost the end) is refused: not a boarding pass before the
    // name is complete, damaged after. Parsed only where the cut leaves every size item and takes nothing but the
    // last leg's conditional items (read as the blanks a scanner drops), or where exactly the security block is gone.
    const QByteArray full = gen::passString(gen::samplePass(3, true, true));
    const BoardingPass whole = parsed(full);
    const int leg2 = 60 + full.mid(58, 2).toInt(nullptr, 16);
    const int leg3 = leg2 + 37 + full.mid(leg2 + 35, 2).toInt(nullptr, 16);
    const int firstTolerated = leg3 + 37 + 2; // the last leg's repeated size item is still there
    const int caret = int(full.indexOf('^'));
    for (int n = 0; n < full.size(); ++n) {
        auto r = parse(full.left(n));
        const bool tolerated = n >= firstTolerated && n <= caret;
        if (tolerated) {
            QVERIFY2(std::holds_alternative<BoardingPass>(r), qPrintable(QString::number(n)));
            const BoardingPass& bp = std::get<BoardingPass>(r);
            QCOMPARE(bp.legs.size(), 3);
            QCOMPARE(bp.legs.at(0), whole.legs.at(0));
            QCOMPARE(bp.legs.at(1), whole.legs.at(1));
            QCOMPARE(bp.legs.at(2).pnr, whole.legs.at(2).pnr);
            QCOMPARE(bp.legs.at(2).flightNumber, whole.legs.at(2).flightNumber);
            QCOMPARE(bp.securityData, QByteArray());
            continue;
        }
        QVERIFY2(std::holds_alternative<ParseError>(r), qPrintable(QString::number(n)));
        QCOMPARE(std::get<ParseError>(r).failure, n >= 23 ? ParseFailure::Damaged : ParseFailure::NotABoardingPass);
    }
}

void TestBoardingPass::flightDate_data()
{
    QTest::addColumn<QDate>("today");
    QTest::addColumn<int>("julianDay");
    QTest::addColumn<QDate>("expected");
    QTest::newRow("same day") << QDate(2026, 4, 10) << 100 << QDate(2026, 4, 10);
    QTest::newRow("tomorrow") << QDate(2026, 4, 10) << 101 << QDate(2026, 4, 11);
    QTest::newRow("yesterday") << QDate(2026, 4, 10) << 99 << QDate(2026, 4, 9);
    QTest::newRow("day 001 on 31 Dec is tomorrow") << QDate(2026, 12, 31) << 1 << QDate(2027, 1, 1);
    QTest::newRow("day 365 on 1 Jan is yesterday") << QDate(2027, 1, 1) << 365 << QDate(2026, 12, 31);
    QTest::newRow("day 365 on 31 Dec") << QDate(2026, 12, 31) << 365 << QDate(2026, 12, 31);
    QTest::newRow("day 366 on 31 Dec of a leap year") << QDate(2028, 12, 31) << 366 << QDate(2028, 12, 31);
    QTest::newRow("day 366 on 1 Jan after a leap year") << QDate(2029, 1, 1) << 366 << QDate(2028, 12, 31);
    QTest::newRow("day 366 on 31 Dec before a leap year") << QDate(2027, 12, 31) << 366 << QDate(2028, 12, 31);
    QTest::newRow("day 366 in mid 2025: the leap year before") << QDate(2025, 6, 1) << 366 << QDate(2024, 12, 31);
    QTest::newRow("day 366 in mid 2027: the leap year after") << QDate(2027, 6, 1) << 366 << QDate(2028, 12, 31);
    QTest::newRow("day 366 with no leap year within a year") << QDate(2026, 6, 1) << 366 << QDate();
    QTest::newRow("day 060 in a leap year is 29 Feb") << QDate(2028, 2, 28) << 60 << QDate(2028, 2, 29);
    QTest::newRow("day 060 in a common year is 1 Mar") << QDate(2026, 3, 1) << 60 << QDate(2026, 3, 1);
    QTest::newRow("day 001 on 1 Jan") << QDate(2027, 1, 1) << 1 << QDate(2027, 1, 1);
    QTest::newRow("day 002 on 31 Dec") << QDate(2026, 12, 31) << 2 << QDate(2027, 1, 2);
    QTest::newRow("day 364 on 2 Jan") << QDate(2027, 1, 2) << 364 << QDate(2026, 12, 30);
    QTest::newRow("day 0") << QDate(2026, 4, 10) << 0 << QDate();
    QTest::newRow("day 367") << QDate(2026, 4, 10) << 367 << QDate();
    QTest::newRow("invalid today") << QDate() << 100 << QDate();
}

void TestBoardingPass::flightDate()
{
    QFETCH(QDate, today);
    QFETCH(int, julianDay);
    QFETCH(QDate, expected);
    QCOMPARE(bcbp::flightDate(julianDay, today), expected);
}

void TestBoardingPass::nameParts()
{
    BoardingPass p;
    p.passengerName = QStringLiteral("SMITH/JOHN MR");
    QCOMPARE(p.surname(), QStringLiteral("SMITH"));
    QCOMPARE(p.givenNames(), QStringLiteral("JOHN"));
    p.passengerName = QStringLiteral("VAN DER BERG/ANNA MARIA MISS");
    QCOMPARE(p.surname(), QStringLiteral("VAN DER BERG"));
    QCOMPARE(p.givenNames(), QStringLiteral("ANNA MARIA"));
    p.passengerName = QStringLiteral("MADONNA");
    QCOMPARE(p.surname(), QStringLiteral("MADONNA"));
    QCOMPARE(p.givenNames(), QString());
    p.passengerName = QStringLiteral("SMITH/MR");
    QCOMPARE(p.givenNames(), QString());
}

void TestBoardingPass::normalizedName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::newRow("upper case") << QStringLiteral("Erika") << QStringLiteral("ERIKA");
    QTest::newRow("title at the end") << QStringLiteral("John Mr") << QStringLiteral("JOHN");
    for (const char* t : {"MR", "MRS", "MS", "MSTR", "MISS", "DR", "PROF", "REV", "SIR", "MX", "CHD", "INF"}) {
        QTest::newRow(t) << QStringLiteral("ANNA %1").arg(QLatin1StringView(t)) << QStringLiteral("ANNA");
    }
    QTest::newRow("two titles") << QStringLiteral("ANNA PROF DR") << QStringLiteral("ANNA");
    QTest::newRow("title only is kept") << QStringLiteral("MR") << QStringLiteral("MR");
    QTest::newRow("title inside is kept") << QStringLiteral("MR BEAN") << QStringLiteral("MR BEAN");
    QTest::newRow("hyphen") << QStringLiteral("Smith-Jones") << QStringLiteral("SMITH JONES");
    QTest::newRow("apostrophe and dot") << QStringLiteral("O'Brien  St. John") << QStringLiteral("O BRIEN ST JOHN");
    QTest::newRow("runs of spaces") << QStringLiteral("  anna   maria ") << QStringLiteral("ANNA MARIA");
    QTest::newRow("acute") << QStringLiteral("Élodie Gaëlle") << QStringLiteral("ELODIE GAELLE");
    QTest::newRow("umlaut") << QStringLiteral("Müller") << QStringLiteral("MULLER");
    QTest::newRow("cedilla, caron") << QStringLiteral("François Dvořák") << QStringLiteral("FRANCOIS DVORAK");
    QTest::newRow("ring, tilde") << QStringLiteral("Ångström Peña") << QStringLiteral("ANGSTROM PENA");
    QTest::newRow("sharp s") << QStringLiteral("Weiß") << QStringLiteral("WEISS");
    QTest::newRow("ae") << QStringLiteral("Ærø") << QStringLiteral("AERO");
    QTest::newRow("o slash") << QStringLiteral("Søren Ødegård") << QStringLiteral("SOREN ODEGARD");
    QTest::newRow("oe") << QStringLiteral("Œuvre") << QStringLiteral("OEUVRE");
    QTest::newRow("l stroke") << QStringLiteral("Łukasz Wałęsa") << QStringLiteral("LUKASZ WALESA");
    QTest::newRow("d stroke") << QStringLiteral("Đorđe") << QStringLiteral("DORDE");
    QTest::newRow("thorn") << QStringLiteral("Þórunn") << QStringLiteral("THORUNN");
    QTest::newRow("eth") << QStringLiteral("Guðrún") << QStringLiteral("GUDRUN");
    QTest::newRow("dotless i, s cedilla") << QStringLiteral("Işıl Şahin") << QStringLiteral("ISIL SAHIN");
    QTest::newRow("empty") << QString() << QString();
}

void TestBoardingPass::normalizedName()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);
    QCOMPARE(bcbp::normalizedName(name), expected);
}

void TestBoardingPass::nameMatches_data()
{
    QTest::addColumn<QString>("printed"); // the 20-column BCBP name field
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("last");
    QTest::addColumn<bool>("matches");
    QTest::newRow("same") << "SMITH/JOHN"
                          << "John"
                          << "Smith" << true;
    QTest::newRow("title") << "SMITH/JOHN MR"
                           << "John"
                           << "Smith" << true;
    QTest::newRow("title glued") << "SMITH/JOHNMR"
                                 << "John"
                                 << "Smith" << true;
    QTest::newRow("lower case") << "smith/john mr"
                                << "JOHN"
                                << "SMITH" << true;
    QTest::newRow("hyphen vs space") << "SMITH JONES/ANNA MS"
                                     << "Anna"
                                     << "Smith-Jones" << true;
    QTest::newRow("hyphen vs nothing") << "SMITHJONES/ANNA MS"
                                       << "Anna"
                                       << "Smith-Jones" << true;
    QTest::newRow("apostrophe dropped") << "OBRIEN/SEAN MR"
                                        << "Seán"
                                        << "O'Brien" << true;
    QTest::newRow("double given name hyphen") << "MARTIN/JEANLUC MR"
                                              << "Jean-Luc"
                                              << "Martin" << true;
    QTest::newRow("diacritics") << "MULLER/JURGEN MR"
                                << "Jürgen"
                                << "Müller" << true;
    QTest::newRow("diacritics transliterated") << "GROSS/SOREN MR"
                                               << "Søren"
                                               << "Groß" << true;
    QTest::newRow("initial") << "SMITH/J MR"
                             << "John Paul"
                             << "Smith" << true;
    QTest::newRow("initials") << "SMITH/J P MR"
                              << "John Paul"
                              << "Smith" << true;
    QTest::newRow("wrong initial") << "SMITH/K MR"
                                   << "John"
                                   << "Smith" << false;
    QTest::newRow("middle name on the pass only") << "SMITH/JOHN PAUL"
                                                  << "John"
                                                  << "Smith" << true;
    QTest::newRow("middle name on the E-pass only") << "SMITH/JOHN"
                                                    << "John Paul"
                                                    << "Smith" << true;
    QTest::newRow("other second name") << "SMITH/ANNA MARIA"
                                       << "Anna Lena"
                                       << "Smith" << false;
    QTest::newRow("truncated given") << "WOLFESCHLEGEL/HUBERT"
                                     << "Hubertus"
                                     << "Wolfeschlegel" << true;
    QTest::newRow("truncated given, wrong start") << "WOLFESCHLEGEL/HUBERX"
                                                  << "Hubertus"
                                                  << "Wolfeschlegel" << false;
    QTest::newRow("not truncated, prefix only") << "SMITH/HUB"
                                                << "Hubertus"
                                                << "Smith" << false;
    QTest::newRow("truncated surname") << "VANDENBERGHE-OUDENAA"
                                       << "Pieter"
                                       << "Vandenberghe-Oudenaarde" << true;
    QTest::newRow("truncated after the slash") << "VANDENBERGHEOUDENAA/"
                                               << "Pieter"
                                               << "Vandenbergheoudenaa" << true;
    QTest::newRow("other surname") << "SMYTH/JOHN MR"
                                   << "John"
                                   << "Smith" << false;
    QTest::newRow("other given") << "SMITH/JANE MRS"
                                 << "John"
                                 << "Smith" << false;
    QTest::newRow("swapped") << "JOHN/SMITH MR"
                             << "John"
                             << "Smith" << false;
    QTest::newRow("surname only, equal") << "MADONNA"
                                         << ""
                                         << "Madonna" << true;
    QTest::newRow("empty E-pass name") << "SMITH/JOHN"
                                       << ""
                                       << "" << false;
    QTest::newRow("title only printed, no given") << "SMITH/MR"
                                                  << "John"
                                                  << "Smith" << false;
}

void TestBoardingPass::nameMatches()
{
    QFETCH(QString, printed);
    QFETCH(QString, first);
    QFETCH(QString, last);
    QFETCH(bool, matches);
    QVERIFY(printed.size() <= 20);
    auto f = gen::samplePass(1, false, false);
    f.name = printed.toLatin1();
    const BoardingPass p = parsed(gen::passString(f));
    QCOMPARE(p.passengerName, printed.toUpper().trimmed());
    QCOMPARE(bcbp::nameMatches(p, first, last), matches);
}

void TestBoardingPass::legKeyIsStableAndDistinct()
{
    const auto f = gen::samplePass(4, true, true);
    const BoardingPass p = parsed(gen::passString(f));
    QCOMPARE(p.legs.size(), 4);
    QSet<QByteArray> keys;
    for (int i = 0; i < 4; ++i) {
        const QByteArray k = legKey(p, i);
        QCOMPARE(k.size(), 32);
        QCOMPARE(k, legKey(p, i));
        keys.insert(k);
    }
    QCOMPARE(keys.size(), 4);

    // The same pass scanned again in another shape (lower case, no security block, a title) has the same key.
    auto g = f;
    g.securityType.clear();
    const BoardingPass lower = parsed(gen::passString(g).toLower());
    QCOMPARE(legKey(lower, 0), legKey(p, 0));
    auto titled = f;
    titled.name = "MUSTERMANN/ERIKA";
    QCOMPARE(legKey(parsed(gen::passString(titled)), 0), legKey(p, 0));

    // Each identifying field changes it.
    const QByteArray base = legKey(p, 0);
    auto changed = [&](auto mutate) {
        auto h = f;
        mutate(h);
        return legKey(parsed(gen::passString(h)), 0);
    };
    QVERIFY(changed([](gen::PassFields& h) { h.legs[0].carrier = "UA"; }) != base);
    QVERIFY(changed([](gen::PassFields& h) { h.legs[0].flight = "0401"; }) != base);
    QVERIFY(changed([](gen::PassFields& h) { h.legs[0].julianDay = 101; }) != base);
    QVERIFY(changed([](gen::PassFields& h) { h.legs[0].from = "MUC"; }) != base);
    QVERIFY(changed([](gen::PassFields& h) { h.legs[0].checkInSequence = "0043"; }) != base);
    QVERIFY(changed([](gen::PassFields& h) { h.legs[0].pnr = "ABC124"; }) != base);
    QVERIFY(changed([](gen::PassFields& h) { h.name = "MUSTERMANN/ERIK MR"; }) != base);
    // Fields are separated unambiguously: moving a character across the surname/given boundary changes the key.
    QVERIFY(changed([](gen::PassFields& h) { h.name = "MUSTERMANNE/RIKA MS"; }) != base);
    // Not part of the identity: seat, compartment, conditional data.
    QCOMPARE(changed([](gen::PassFields& h) { h.legs[0].seat = "003C"; }), base);
    QCOMPARE(changed([](gen::PassFields& h) { h.conditional = false; }), base);
}

QTEST_GUILESS_MAIN(TestBoardingPass)
#include "tst_boardingpass.moc"
