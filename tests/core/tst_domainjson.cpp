// JSON of the boarding-pass domain fields (issue 14 §2/§3): resource rules, programme and E-pass travel
// restrictions, the flights and the supervisor override a visit records. Round trips, strict refusals, and records
// without these fields keep the exact JSON (and so the journal hash) they always had.

#include "IsoDate.h"
#include "Json.h"
#include "TestData.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace lounge::core;
using namespace lounge::core::test;

namespace {

QJsonObject parse(const char* text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text));
    Q_ASSERT(doc.isObject());
    return doc.object();
}

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

FlightRecord flight()
{
    FlightRecord f;
    f.carrier = QStringLiteral("CX");
    f.flightNumber = QStringLiteral("251A");
    f.date = QDate(2026, 12, 31);
    f.from = QStringLiteral("HKG");
    f.to = QStringLiteral("LHR");
    f.compartment = QStringLiteral("J");
    f.pnr = QStringLiteral("ABC123");
    f.seat = QStringLiteral("11A");
    f.legKey = QByteArray(32, '\xfb'); // '+' and '/' in plain base64: shows the url alphabet is used
    return f;
}

Redemption visit()
{
    Redemption r;
    r.id = QUuid::fromString(QStringLiteral("6c9b1b5e-3f8e-4a59-9d3e-0d6c2f0c0a11"));
    r.credential = CredentialRef {CredentialKind::Membership, QStringLiteral("m1")};
    r.resourceId = QStringLiteral("HKG-L1");
    r.terminalId = QStringLiteral("t1");
    r.staffId = QStringLiteral("s1");
    r.at = QDateTime(QDate(2026, 12, 31), QTime(9, 30), Qt::UTC);
    return r;
}

} // namespace

class TestDomainJson : public QObject
{
    Q_OBJECT
private slots:
    void resourceRulesRoundTrip_data();
    void resourceRulesRoundTrip();
    void resourceWithoutRulesUnchanged();
    void resourceRulesRefusals_data();
    void resourceRulesRefusals();
    void travelRoundTrip();
    void travelRefusals_data();
    void travelRefusals();
    void redemptionFlightsRoundTrip();
    void redemptionWithoutFlightsUnchanged();
    void flightRefusals_data();
    void flightRefusals();
    void overrideRefusals_data();
    void overrideRefusals();
    void isoDateUtf8AsDateToString();
};

void TestDomainJson::resourceRulesRoundTrip_data()
{
    QTest::addColumn<int>("policy");
    QTest::addColumn<int>("direction");
    QTest::addColumn<int>("withinHours");
    QTest::addColumn<bool>("upload");
    QTest::newRow("optional departure") << int(BoardingPassPolicy::Optional) << int(LoungeDirection::Departure) << 0
                                        << false;
    QTest::newRow("required arrival 72h upload")
        << int(BoardingPassPolicy::Required) << int(LoungeDirection::Arrival) << 72 << true;
}

void TestDomainJson::resourceRulesRoundTrip()
{
    QFETCH(int, policy);
    QFETCH(int, direction);
    QFETCH(int, withinHours);
    QFETCH(bool, upload);
    Resource r = resource(QStringLiteral("HKG-L1"));
    r.boardingPass = {BoardingPassPolicy(policy), LoungeDirection(direction), withinHours, upload};
    const QJsonObject o = json::toJson(r);
    const QJsonObject b = o.value("boardingPass").toObject();
    QCOMPARE(b.value("policy").toString(),
             policy == int(BoardingPassPolicy::Required) ? QStringLiteral("required") : QStringLiteral("optional"));
    QCOMPARE(b.value("direction").toString(),
             direction == int(LoungeDirection::Arrival) ? QStringLiteral("arrival") : QStringLiteral("departure"));
    QCOMPARE(b.value("withinHours").toInt(), withinHours);
    QCOMPARE(b.value("uploadPnrAndSeat").toBool(), upload);
    const auto back = json::resourceFromJson(o);
    QVERIFY2(back, qPrintable(back ? QString() : back.error().detail));
    QCOMPARE(*back, r);
    // Only "policy" is required inside the object.
    const auto minimal = json::resourceFromJson(
        parse(R"({"id":"a","module":"LOUNGE","name":"A","airport":"HKG","timeZone":"Asia/Hong_Kong",
                  "boardingPass":{"policy":"required"}})"));
    QVERIFY(minimal);
    QCOMPARE(minimal->boardingPass,
             (BoardingPassRules {BoardingPassPolicy::Required, LoungeDirection::Departure, 0, false}));
}

void TestDomainJson::resourceWithoutRulesUnchanged()
{
    const Resource r = resource(QStringLiteral("HKG-L1"));
    const QJsonObject o = json::toJson(r);
    QVERIFY(!o.contains("boardingPass"));
    QCOMPARE(compact(o),
             QByteArray(R"({"airport":"HKG","id":"HKG-L1","module":"LOUNGE","name":"HKG-L1 name",)"
                        R"("requireDynamic":false,"terminal":"T1","timeZone":"Asia/Hong_Kong"})"));
    const auto back = json::resourceFromJson(o);
    QVERIFY(back);
    QCOMPARE(back->boardingPass.policy, BoardingPassPolicy::NotUsed);
}

void TestDomainJson::resourceRulesRefusals_data()
{
    QTest::addColumn<QString>("rules");
    QTest::addColumn<QString>("error");
    QTest::newRow("not an object") << R"("required")"
                                   << "boardingPass: expected an object";
    QTest::newRow("no policy") << R"({"direction":"arrival"})"
                               << "boardingPass: policy: missing";
    QTest::newRow("notUsed is written as no object") << R"({"policy":"notUsed"})"
                                                     << "expected optional or required";
    QTest::newRow("policy upper case") << R"({"policy":"REQUIRED"})"
                                       << "expected optional or required";
    QTest::newRow("direction") << R"({"policy":"optional","direction":"transit"})"
                               << "expected departure or arrival";
    QTest::newRow("hours 73") << R"({"policy":"optional","withinHours":73})"
                              << "withinHours: out of range (0-72)";
    QTest::newRow("hours negative") << R"({"policy":"optional","withinHours":-1})"
                                    << "withinHours: out of range";
    QTest::newRow("hours fraction") << R"({"policy":"optional","withinHours":1.5})"
                                    << "withinHours: expected an integer";
    QTest::newRow("upload string") << R"({"policy":"optional","uploadPnrAndSeat":"yes"})"
                                   << "uploadPnrAndSeat: expected true or false";
}

void TestDomainJson::resourceRulesRefusals()
{
    QFETCH(QString, rules);
    QFETCH(QString, error);
    const QString text = QStringLiteral(R"({"id":"a","module":"LOUNGE","name":"A","airport":"HKG",)"
                                        R"("timeZone":"Asia/Hong_Kong","boardingPass":%1})")
                             .arg(rules);
    const auto r = json::resourceFromJson(parse(text.toUtf8().constData()));
    QVERIFY(!r);
    QVERIFY2(r.error().detail.contains(error), qPrintable(r.error().detail));
}

void TestDomainJson::travelRoundTrip()
{
    Program p = program(QStringLiteral("GOLD"), {entitlement(Allowance::infinite())});
    const QByteArray before = compact(json::toJson(p));
    QVERIFY(!before.contains("travel")); // unset: the body is what it always was
    p.travel.compartments = {QStringLiteral("F"), QStringLiteral("J")};
    p.travel.carriers = {QStringLiteral("CX"), QStringLiteral("KA"), QStringLiteral("3K")};
    QJsonObject o = json::toJson(p);
    QCOMPARE(compact(o.value("travel").toObject()),
             QByteArray(R"({"carriers":["CX","KA","3K"],"compartments":["F","J"]})"));
    auto back = json::programFromJson(o);
    QVERIFY2(back, qPrintable(back ? QString() : back.error().detail));
    QCOMPARE(*back, p);

    // Only one list set: only that list is written.
    p.travel.carriers.clear();
    o = json::toJson(p);
    QCOMPARE(compact(o.value("travel").toObject()), QByteArray(R"({"compartments":["F","J"]})"));
    back = json::programFromJson(o);
    QVERIFY(back);
    QCOMPARE(*back, p);

    QString code;
    EPass e = ePass(QStringLiteral("e1"), &code);
    QVERIFY(!json::toJson(e).contains("travel"));
    e.travel.carriers = {QStringLiteral("CX")};
    const auto eBack = json::ePassFromJson(json::toJson(e));
    QVERIFY2(eBack, qPrintable(eBack ? QString() : eBack.error().detail));
    QCOMPARE(eBack->travel, e.travel);
    QCOMPARE(*eBack, e);
}

void TestDomainJson::travelRefusals_data()
{
    QTest::addColumn<QString>("travel");
    QTest::addColumn<QString>("error");
    QTest::newRow("not an object") << R"(["F"])"
                                   << "travel: expected an object";
    QTest::newRow("lower-case compartment") << R"({"compartments":["f"]})"
                                            << "compartments: expected one upper-case";
    QTest::newRow("two-letter compartment") << R"({"compartments":["FJ"]})"
                                            << "compartments: expected one upper-case";
    QTest::newRow("empty compartment") << R"({"compartments":[""]})"
                                       << "compartments: expected one upper-case";
    QTest::newRow("number compartment") << R"({"compartments":[1]})"
                                        << "compartments: expected an array of strings";
    QTest::newRow("lower-case carrier") << R"({"carriers":["cx"]})"
                                        << "carriers: expected 2-3 upper-case";
    QTest::newRow("one-letter carrier") << R"({"carriers":["C"]})"
                                        << "carriers: expected 2-3 upper-case";
    QTest::newRow("four-letter carrier") << R"({"carriers":["CXAB"]})"
                                         << "carriers: expected 2-3 upper-case";
    QTest::newRow("carrier with space") << R"({"carriers":["C "]})"
                                        << "carriers: expected 2-3 upper-case";
}

void TestDomainJson::travelRefusals()
{
    QFETCH(QString, travel);
    QFETCH(QString, error);
    const QString programText
        = QStringLiteral(R"({"id":"GOLD","name":"Gold","entitlements":[],"travel":%1})").arg(travel);
    const auto p = json::programFromJson(parse(programText.toUtf8().constData()));
    QVERIFY(!p);
    QVERIFY2(p.error().detail.contains(error), qPrintable(p.error().detail));
    const QString ePassText = QStringLiteral(R"({"id":"e1","module":"LOUNGE","firstName":"A","lastName":"B",)"
                                             R"("usages":1,"activation":"2026-01-01","expiration":"2026-12-31",)"
                                             R"("travel":%1})")
                                  .arg(travel);
    const auto e = json::ePassFromJson(parse(ePassText.toUtf8().constData()));
    QVERIFY(!e);
    QVERIFY2(e.error().detail.contains(error), qPrintable(e.error().detail));
}

void TestDomainJson::redemptionFlightsRoundTrip()
{
    Redemption r = visit();
    FlightRecord guest = flight();
    guest.legKey.clear();
    guest.flightNumber = QStringLiteral("7");
    r.flights = {flight(), guest};
    r.boardingPassOverrideBy = QStringLiteral("sup1");
    r.boardingPassOverrideReason = QStringLiteral("Phone battery empty; airline confirmed by phone");
    // The flight alone (the journal's local column, an upload where the lounge enables PNR and seat): everything.
    QCOMPARE(compact(json::toJson(flight())),
             QByteArray(R"({"carrier":"CX","compartment":"J","date":"2026-12-31","flight":"251A","from":"HKG",)"
                        R"("legKey":"-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_s","pnr":"ABC123","seat":"11A",)"
                        R"("to":"LHR"})"));
    const auto single = json::flightRecordFromJson(json::toJson(flight()));
    QVERIFY(single);
    QCOMPARE(*single, flight());
    // The visit's hashed body: no PNR, no seat (lead's decision 23:06: central re-hashes what it receives).
    const QJsonObject o = json::toJson(r);
    const QJsonArray flights = o.value("flights").toArray();
    QCOMPARE(flights.size(), 2);
    QCOMPARE(compact(flights.at(0).toObject()),
             QByteArray(R"({"carrier":"CX","compartment":"J","date":"2026-12-31","flight":"251A","from":"HKG",)"
                        R"("legKey":"-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_s","to":"LHR"})"));
    // An absent key is not written at all.
    QCOMPARE(compact(flights.at(1).toObject()),
             QByteArray(R"({"carrier":"CX","compartment":"J","date":"2026-12-31","flight":"7","from":"HKG",)"
                        R"("to":"LHR"})"));
    QCOMPARE(compact(o.value("boardingPassOverride").toObject()),
             QByteArray(R"({"by":"sup1","reason":"Phone battery empty; airline confirmed by phone"})"));
    const auto back = json::redemptionFromJson(o);
    QVERIFY2(back, qPrintable(back ? QString() : back.error().detail));
    QList<FlightRecord> hashed = r.flights;
    for (auto& f : hashed) {
        f.pnr.clear();
        f.seat.clear();
    }
    QCOMPARE(back->flights, hashed);
    QCOMPARE(back->boardingPassOverrideBy, r.boardingPassOverrideBy);
    QCOMPARE(back->boardingPassOverrideReason, r.boardingPassOverrideReason);
    QCOMPARE(json::toJson(*back), o);
    // A body that carries them (an upload from a lounge that enables it) is read with them, and its hashed form is
    // the same as without them.
    QJsonObject withPnr = o;
    QJsonArray full {json::toJson(r.flights.at(0)), json::toJson(r.flights.at(1))};
    withPnr.insert("flights", full);
    const auto received = json::redemptionFromJson(withPnr);
    QVERIFY(received);
    QCOMPARE(received->flights, r.flights);
    QCOMPARE(json::toJson(*received), o);
}

void TestDomainJson::redemptionWithoutFlightsUnchanged()
{
    const Redemption r = visit();
    const QJsonObject o = json::toJson(r);
    QVERIFY(!o.contains("flights"));
    QVERIFY(!o.contains("boardingPassOverride"));
    // The exact body (and so the journal hash of every record written before issue 14) is unchanged.
    QCOMPARE(compact(o),
             QByteArray(R"({"at":"2026-12-31T09:30:00.000Z","clockSource":"","credential":"M:m1",)"
                        R"("hash":"","id":"6c9b1b5e-3f8e-4a59-9d3e-0d6c2f0c0a11","kind":"redeem",)"
                        R"("partySize":1,"prevHash":"","reason":"OK","resource":"HKG-L1","staff":"s1",)"
                        R"("terminal":"t1","uses":[],"verdict":"ACCEPT"})"));
    const auto back = json::redemptionFromJson(o);
    QVERIFY(back);
    QVERIFY(back->flights.isEmpty());
    QVERIFY(back->boardingPassOverrideBy.isEmpty());
}

void TestDomainJson::flightRefusals_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value"); // JSON, or empty to remove the field
    QTest::addColumn<QString>("error");
    QTest::newRow("no carrier") << "carrier"
                                << ""
                                << "carrier: missing";
    QTest::newRow("lower-case carrier") << "carrier"
                                        << R"("cx")"
                                        << "carrier: expected 2-3";
    QTest::newRow("no flight") << "flight"
                               << ""
                               << "flight: missing";
    QTest::newRow("long flight") << "flight"
                                 << R"("12345A")"
                                 << "flight: expected 1-5";
    QTest::newRow("empty flight") << "flight"
                                  << R"("")"
                                  << "flight: expected 1-5";
    QTest::newRow("no date") << "date"
                             << ""
                             << "date: missing";
    QTest::newRow("bad date") << "date"
                              << R"("2026-13-01")"
                              << "date: expected a date";
    QTest::newRow("from lower case") << "from"
                                     << R"("hkg")"
                                     << "from: expected a 3-letter";
    QTest::newRow("to too long") << "to"
                                 << R"("LHRX")"
                                 << "to: expected a 3-letter";
    QTest::newRow("compartment two letters") << "compartment"
                                             << R"("JC")"
                                             << "compartment: expected one";
    QTest::newRow("no compartment") << "compartment"
                                    << ""
                                    << "compartment: missing";
    QTest::newRow("pnr too long") << "pnr"
                                  << R"("ABCDEFGH")"
                                  << "pnr: expected at most 7";
    QTest::newRow("seat with space") << "seat"
                                     << R"("1 A")"
                                     << "seat: expected at most 5";
    QTest::newRow("legKey short") << "legKey"
                                  << R"("AAAA")"
                                  << "legKey: expected 32 bytes";
    QTest::newRow("legKey plain base64") << "legKey"
                                         << R"("+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/s")"
                                         << "legKey: expected 32 bytes";
    QTest::newRow("legKey padded") << "legKey"
                                   << R"("-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_s=")"
                                   << "legKey: expected 32 bytes";
    QTest::newRow("flights not an array") << ""
                                          << R"({})"
                                          << "flights.expected an array";
}

void TestDomainJson::flightRefusals()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, error);
    Redemption r = visit();
    r.flights = {flight()};
    QJsonObject o = json::toJson(r);
    if (field.isEmpty()) {
        o.insert("flights", QJsonDocument::fromJson(value.toUtf8()).object());
    } else {
        QJsonObject f = o.value("flights").toArray().at(0).toObject();
        if (value.isEmpty()) {
            f.remove(field);
        } else {
            f.insert(field, QJsonDocument::fromJson("[" + value.toUtf8() + "]").array().at(0));
        }
        o.insert("flights", QJsonArray {f});
    }
    const auto back = json::redemptionFromJson(o);
    QVERIFY(!back);
    QVERIFY2(back.error().detail.contains(error), qPrintable(back.error().detail));
    if (!field.isEmpty()) {
        QVERIFY2(back.error().detail.startsWith(QLatin1String("flights.[0].")), qPrintable(back.error().detail));
    }
}

void TestDomainJson::overrideRefusals_data()
{
    QTest::addColumn<QString>("override");
    QTest::addColumn<QString>("error");
    QTest::newRow("not an object") << R"("sup1")"
                                   << "boardingPassOverride: expected an object";
    QTest::newRow("no reason") << R"({"by":"sup1"})"
                               << "boardingPassOverride: reason: missing";
    QTest::newRow("no by") << R"({"reason":"x"})"
                           << "boardingPassOverride: by: missing";
    QTest::newRow("blank reason") << R"({"by":"sup1","reason":"  "})"
                                  << "must both be set";
    QTest::newRow("empty by") << R"({"by":"","reason":"x"})"
                              << "must both be set";
    QTest::newRow("reason not a string") << R"({"by":"sup1","reason":5})"
                                         << "reason: expected a string";
}

void TestDomainJson::overrideRefusals()
{
    QFETCH(QString, override);
    QFETCH(QString, error);
    QJsonObject o = json::toJson(visit());
    o.insert("boardingPassOverride", QJsonDocument::fromJson("[" + override.toUtf8() + "]").array().at(0));
    const auto back = json::redemptionFromJson(o);
    QVERIFY(!back);
    QVERIFY2(back.error().detail.contains(error), qPrintable(back.error().detail));
}

void TestDomainJson::isoDateUtf8AsDateToString()
{
    // The store binds a synced membership's dates through isoDateUtf8 (the feed's insert path) where it bound
    // dateToString's QString: the same bytes, and empty (never null) text for an invalid date, for any date.
    QRandomGenerator rng(20261128);
    QList<QDate> dates {QDate(),           QDate(0, 1, 1),      QDate(-1, 12, 31),  QDate(1, 1, 1),
                        QDate(999, 9, 9),  QDate(9999, 12, 31), QDate(10000, 1, 1), QDate(2026, 2, 28),
                        QDate(-4713, 1, 2)};
    for (int i = 0; i < 20000; ++i) {
        // Years -20000..20000 (negative and five-digit ones take dateToString's other path), and mostly 1900..2100.
        const qint64 jd = i % 2 ? rng.bounded(2415021, 2488070) : qint64(rng.bounded(0, 16'000'000)) - 5'600'000;
        dates << QDate::fromJulianDay(jd);
    }
    for (const QDate& d : dates) {
        char out[10];
        QByteArray spill;
        const QByteArrayView got = json::isoDateUtf8(d, out, spill);
        const QByteArray want = json::dateToString(d).toUtf8();
        QVERIFY2(got == QByteArrayView(want), qPrintable(d.toString(Qt::ISODate) + " -> " + got.toByteArray()));
        QVERIFY(!got.isNull()); // bound as text, as the QString was (an empty QString bound as '', not NULL)
    }
}

QTEST_GUILESS_MAIN(TestDomainJson)
#include "tst_domainjson.moc"
