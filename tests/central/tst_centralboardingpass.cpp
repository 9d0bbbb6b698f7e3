// Boarding passes at central over real HTTP on 127.0.0.1 (issue 14 §2–§3, docs/api.md "Boarding passes"): the
// issuer sets a lounge's boarding-pass rules and a programme's or E-pass's travel restrictions (strict, 400 with a
// reason, nothing written); the feed carries them; an upload's flights and supervisor override are validated (a bad
// record flags the visit, never loses it or the batch), kept without PNR and seat unless the lounge uploads them, and
// shown by the visits lists and the partner billing statements (JSON and CSV). Runs on SQLite and
// (tst_centralboardingpass_pg) PostgreSQL.
#include "CentralServer.h"
#include "CentralService.h"
#include "CentralUnderTest.h"
#include "DemoData.h"
#include "Json.h"
#include "TestCentralDb.h"
#include "Validator.h"
#include "Wire.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace lounge;

namespace {

using Http = test::HttpReply;
using Terminal = test::EnrolledTerminal;

const QString kLounge = QStringLiteral("HKG-T1-LOUNGE");

class CentralUnderTest : public test::CentralUnderTest
{
public:
    Http putLounge(const QJsonValue& boardingPass)
    {
        QJsonObject body {{"module", "LOUNGE"},
                          {"name", "Plaza Premium Lounge (East)"},
                          {"airport", "HKG"},
                          {"terminal", "T1"},
                          {"timeZone", "Asia/Hong_Kong"}};
        if (!boardingPass.isUndefined()) {
            body.insert("boardingPass", boardingPass);
        }
        return issuer("PUT", QStringLiteral("/v1/issuer/resources/") + kLounge, body);
    }
    /// Uploads items as they are (JSON), one batch; the whole reply.
    Http upload(const Terminal& t, const QJsonArray& items)
    {
        return call("POST", "/v1/terminal/redemptions",
                    QJsonDocument(QJsonObject {{"redemptions", items}}).toJson(QJsonDocument::Compact), t.token);
    }
    QString month() const
    {
        return core::Validator::localDate(QDateTime::currentDateTimeUtc(), QStringLiteral("Asia/Hong_Kong"))
            .toString(QStringLiteral("yyyy-MM"));
    }
};

core::FlightRecord flight(const QString& carrier, const QString& number, const QString& compartment,
                          const QString& from = QStringLiteral("HKG"))
{
    core::FlightRecord f;
    f.carrier = carrier;
    f.flightNumber = number;
    f.date = QDate::currentDate();
    f.from = from;
    f.to = QStringLiteral("LHR");
    f.compartment = compartment;
    f.pnr = QStringLiteral("ABC123");
    f.seat = QStringLiteral("11A");
    return f;
}

/// A lounge visit of Platinum member M-1002 (unlimited cardholder visits, guests from a pool of 10, validity period).
core::Redemption visit(const Terminal& t, int party, const QList<core::FlightRecord>& flights)
{
    core::Redemption r;
    r.id = QUuid::createUuid();
    r.credential = *core::CredentialRef::fromKey(QStringLiteral("M:M-1002"));
    r.resourceId = kLounge;
    r.terminalId = t.id;
    r.staffId = QStringLiteral("s1");
    r.partySize = party;
    r.uses = {core::PoolUse {QStringLiteral("LOUNGE"), core::Pool::Cardholder, QStringLiteral("V"), 1}};
    if (party > 1) {
        r.uses << core::PoolUse {QStringLiteral("LOUNGE"), core::Pool::Guest, QStringLiteral("V"), party - 1};
    }
    r.at = QDateTime::currentDateTimeUtc();
    r.flights = flights;
    return r;
}

QJsonObject resultOf(const Http& h, int i = 0)
{
    return h.json.value("results").toArray().at(i).toObject();
}

} // namespace

class TestCentralBoardingPass : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup() { m_c.reset(); }
    void rulesRoundTripAndReachTheFeed();
    void refusedRules_data();
    void refusedRules();
    void uploadKeepsFlightsWithoutPnrAndShowsThemInReports();
    void pnrAndSeatKeptWhenTheLoungeUploadsThem();
    void badFlightRecordFlagsTheVisitNotTheBatch();
    void centralJudgesTheRecordedBoardingPasses();

private:
    std::unique_ptr<CentralUnderTest> m_c;
};

void TestCentralBoardingPass::init()
{
    m_c = std::make_unique<CentralUnderTest>();
    QVERIFY(m_c->start());
}

void TestCentralBoardingPass::rulesRoundTripAndReachTheFeed()
{
    const QJsonObject rules {
        {"policy", "required"}, {"direction", "departure"}, {"withinHours", 6}, {"uploadPnrAndSeat", false}};
    const Http put = m_c->putLounge(rules);
    QCOMPARE(put.status, 200);
    QCOMPARE(put.json.value("resource").toObject().value("boardingPass").toObject(), rules);
    const Http read = m_c->issuer("GET", QStringLiteral("/v1/issuer/resources/") + kLounge);
    QCOMPARE(read.status, 200);
    QCOMPARE(read.json.value("resource").toObject().value("boardingPass").toObject(), rules);

    // A programme's travel restrictions (PUT keeps the rest of the programme as sent).
    const QJsonObject travel {{"compartments", QJsonArray {"F", "J"}}, {"carriers", QJsonArray {"CX", "KA"}}};
    QJsonObject platinum = core::json::toJson(m_c->demo.programs[2]);
    QCOMPARE(platinum.value("id").toString(), QStringLiteral("PLATINUM"));
    platinum.remove("id");
    platinum.insert("travel", travel);
    const Http program = m_c->issuer("PUT", "/v1/issuer/programs/PLATINUM", platinum);
    QCOMPARE(program.status, 200);
    QCOMPARE(program.json.value("program").toObject().value("travel").toObject(), travel);
    QCOMPARE(m_c->issuer("GET", "/v1/issuer/programs/PLATINUM").json.value("program").toObject().value("travel"),
             QJsonValue(travel));

    // An E-pass takes its restrictions at issue and keeps them (immutable).
    const QString today = QDate::currentDate().toString(Qt::ISODate);
    const Http issued = m_c->issuer("POST", "/v1/issuer/epasses",
                                    {{"id", "E-BP1"},
                                     {"module", "LOUNGE"},
                                     {"firstName", "Mei"},
                                     {"lastName", "Chan"},
                                     {"usages", 2},
                                     {"activation", today},
                                     {"expiration", today},
                                     {"travel", QJsonObject {{"compartments", QJsonArray {"J"}}}}});
    QCOMPARE(issued.status, 201);
    QCOMPARE(issued.json.value("epass").toObject().value("travel").toObject().value("compartments").toArray(),
             QJsonArray {"J"});
    QCOMPARE(m_c->issuer("GET", "/v1/issuer/epasses/E-BP1").json.value("epass").toObject().value("travel"),
             QJsonValue(QJsonObject {{"compartments", QJsonArray {"J"}}}));
    QCOMPARE(m_c->issuer("PUT", "/v1/issuer/epasses/E-BP1", {{"travel", QJsonObject {}}}).status, 409);

    // The feed carries all three to the lounge's terminal.
    const Terminal t = m_c->enroll(kLounge);
    const Http page = m_c->call("GET", QStringLiteral("/v1/terminal/changes?cursor=0&limit=50000"), {}, t.token);
    QCOMPARE(page.status, 200);
    auto fed = [&](const char* list, const QString& id) {
        for (const auto& r : page.json.value(QLatin1String(list)).toArray()) {
            if (r.toObject().value("id").toString() == id) {
                return r.toObject();
            }
        }
        return QJsonObject();
    };
    QCOMPARE(fed("resources", kLounge).value("boardingPass").toObject(), rules);
    QCOMPARE(fed("programs", QStringLiteral("PLATINUM")).value("travel").toObject(), travel);
    QCOMPARE(fed("ePasses", QStringLiteral("E-BP1")).value("travel").toObject().value("compartments").toArray(),
             QJsonArray {"J"});

    // Back to "not used": the object goes away again.
    const Http off = m_c->putLounge(QJsonValue::Undefined);
    QCOMPARE(off.status, 200);
    QVERIFY(!off.json.value("resource").toObject().contains("boardingPass"));
}

void TestCentralBoardingPass::refusedRules_data()
{
    QTest::addColumn<QString>("target"); // resource / program / epass
    QTest::addColumn<QJsonValue>("value"); // boardingPass or travel
    QTest::addColumn<QString>("mentions"); // part of the reason
    const QJsonObject ok {{"policy", "required"}};
    auto with = [&](const char* key, const QJsonValue& v) {
        QJsonObject o = ok;
        o.insert(QLatin1String(key), v);
        return QJsonValue(o);
    };
    QTest::newRow("policy unknown") << "resource" << with("policy", "sometimes") << "policy";
    QTest::newRow("policy missing") << "resource" << QJsonValue(QJsonObject {{"withinHours", 2}}) << "policy";
    QTest::newRow("direction unknown") << "resource" << with("direction", "transit") << "direction";
    QTest::newRow("withinHours negative") << "resource" << with("withinHours", -1) << "withinHours";
    QTest::newRow("withinHours 73") << "resource" << with("withinHours", 73) << "withinHours";
    QTest::newRow("withinHours fraction") << "resource" << with("withinHours", 1.5) << "withinHours";
    QTest::newRow("upload not bool") << "resource" << with("uploadPnrAndSeat", "yes") << "uploadPnrAndSeat";
    QTest::newRow("unknown key") << "resource" << with("pnr", true) << "boardingPass.pnr";
    QTest::newRow("not an object") << "resource" << QJsonValue("required") << "boardingPass";
    QTest::newRow("compartment word") << "program"
                                      << QJsonValue(QJsonObject {{"compartments", QJsonArray {"business"}}})
                                      << "compartments";
    QTest::newRow("compartment lower") << "program" << QJsonValue(QJsonObject {{"compartments", QJsonArray {"j"}}})
                                       << "compartments";
    QTest::newRow("compartment twice") << "program" << QJsonValue(QJsonObject {{"compartments", QJsonArray {"J", "J"}}})
                                       << "twice";
    QTest::newRow("carrier lower") << "program" << QJsonValue(QJsonObject {{"carriers", QJsonArray {"cx"}}})
                                   << "carriers";
    QTest::newRow("carrier long") << "epass" << QJsonValue(QJsonObject {{"carriers", QJsonArray {"CATHAY"}}})
                                  << "carriers";
    QTest::newRow("travel unknown key") << "epass" << QJsonValue(QJsonObject {{"cabins", QJsonArray {"J"}}})
                                        << "travel.cabins";
    QTest::newRow("travel not object") << "epass" << QJsonValue(QJsonArray {"J"}) << "travel";
}

void TestCentralBoardingPass::refusedRules()
{
    QFETCH(QString, target);
    QFETCH(QJsonValue, value);
    QFETCH(QString, mentions);
    const qint64 head = *m_c->store->headSeq();
    Http h;
    if (target == QLatin1String("resource")) {
        h = m_c->putLounge(value);
    } else if (target == QLatin1String("program")) {
        QJsonObject p = core::json::toJson(m_c->demo.programs[2]);
        p.remove("id");
        p.insert("travel", value);
        h = m_c->issuer("PUT", "/v1/issuer/programs/PLATINUM", p);
    } else {
        const QString today = QDate::currentDate().toString(Qt::ISODate);
        h = m_c->issuer("POST", "/v1/issuer/epasses",
                        {{"module", "LOUNGE"},
                         {"firstName", "Mei"},
                         {"lastName", "Chan"},
                         {"usages", 2},
                         {"activation", today},
                         {"expiration", today},
                         {"travel", value}});
    }
    QCOMPARE(h.status, 400);
    QVERIFY2(h.json.value("reason").toString().contains(mentions), h.body.constData());
    QCOMPARE(*m_c->store->headSeq(), head); // nothing written
}

void TestCentralBoardingPass::uploadKeepsFlightsWithoutPnrAndShowsThemInReports()
{
    QCOMPARE(m_c->putLounge(QJsonObject {{"policy", "required"}}).status, 200);
    const Terminal t = m_c->enroll(kLounge);
    // Two people, two boarding passes; a terminal that (wrongly) sends the PNR and seat of a lounge that does not
    // upload them: central keeps neither.
    const core::Redemption both = visit(t, 2, {flight("CX", "251", "J"), flight("KA", "5", "Y")});
    core::Redemption overridden = visit(t, 1, {});
    overridden.boardingPassOverrideBy = QStringLiteral("SUP-7");
    overridden.boardingPassOverrideReason = QStringLiteral("boarding pass on a dead phone; airline desk confirmed");
    const Http up = m_c->upload(
        t, QJsonArray {protocol::redemptionToJson(both, true), protocol::redemptionToJson(overridden, true)});
    QCOMPARE(up.status, 200);
    QCOMPARE(resultOf(up, 0).value("status").toString(), QStringLiteral("accepted"));
    QCOMPARE(resultOf(up, 1).value("status").toString(), QStringLiteral("accepted"));

    // The visits list: flights (no PNR, no seat) and the override.
    const Http visits = m_c->issuer("GET", "/v1/issuer/memberships/M-1002/visits");
    QCOMPARE(visits.status, 200);
    QVERIFY2(!visits.body.contains("ABC123") && !visits.body.contains("11A"), visits.body.constData());
    QJsonObject withFlights;
    QJsonObject withOverride;
    for (const auto& v : visits.json.value("items").toArray()) {
        const QJsonObject o = v.toObject();
        if (o.value("id").toString() == both.id.toString(QUuid::WithoutBraces)) {
            withFlights = o;
        } else if (o.value("id").toString() == overridden.id.toString(QUuid::WithoutBraces)) {
            withOverride = o;
        }
    }
    const QJsonArray flights = withFlights.value("flights").toArray();
    QCOMPARE(flights.size(), 2);
    QCOMPARE(flights[0].toObject().value("carrier").toString(), QStringLiteral("CX"));
    QCOMPARE(flights[0].toObject().value("flight").toString(), QStringLiteral("251"));
    QCOMPARE(flights[0].toObject().value("from").toString(), QStringLiteral("HKG"));
    QCOMPARE(flights[0].toObject().value("to").toString(), QStringLiteral("LHR"));
    QCOMPARE(flights[0].toObject().value("compartment").toString(), QStringLiteral("J"));
    QCOMPARE(flights[0].toObject().value("date").toString(), QDate::currentDate().toString(Qt::ISODate));
    QCOMPARE(flights[1].toObject().value("carrier").toString(), QStringLiteral("KA"));
    QCOMPARE(withOverride.value("boardingPassOverride").toObject().value("by").toString(), QStringLiteral("SUP-7"));

    // The statement: passes per carrier and compartment, overrides counted; the old fields as before.
    const Http st = m_c->issuer(
        "GET",
        QStringLiteral("/v1/issuer/statements?month=%1&program=PLATINUM&resource=%2").arg(m_c->month(), kLounge));
    QCOMPARE(st.status, 200);
    const QJsonObject s = st.json.value("items").toArray().at(0).toObject();
    QCOMPARE(s.value("visits").toInt(), 2);
    QCOMPARE(s.value("guests").toInt(), 1);
    QCOMPARE(s.value("boardingPasses").toInt(), 2);
    QCOMPARE(s.value("boardingPassOverrides").toInt(), 1);
    QCOMPARE(s.value("byCarrier").toObject(),
             (QJsonObject {{"CX", QJsonObject {{"visits", 1}, {"passes", 1}}},
                           {"KA", QJsonObject {{"visits", 1}, {"passes", 1}}}}));
    QCOMPARE(s.value("byCompartment").toObject(),
             (QJsonObject {{"J", QJsonObject {{"visits", 1}, {"passes", 1}}},
                           {"Y", QJsonObject {{"visits", 1}, {"passes", 1}}}}));
    const Http csv
        = m_c->issuer("GET", QStringLiteral("/v1/issuer/statements.csv?month=%1&program=PLATINUM").arg(m_c->month()));
    QCOMPARE(csv.status, 200);
    QVERIFY2(csv.body.startsWith("line,month,program,resource,status,currency,per_visit_minor,per_guest_minor,visits,"),
             csv.body.constData());
    QVERIFY2(csv.body.contains(",total_minor,boarding_passes,boarding_pass_overrides,by_carrier,by_compartment\r\n"),
             csv.body.constData());
    QVERIFY2(csv.body.contains(",2,1,CX 1/1; KA 1/1,J 1/1; Y 1/1\r\n"), csv.body.constData());
}

void TestCentralBoardingPass::pnrAndSeatKeptWhenTheLoungeUploadsThem()
{
    QCOMPARE(m_c->putLounge(QJsonObject {{"policy", "optional"}, {"uploadPnrAndSeat", true}}).status, 200);
    const Terminal t = m_c->enroll(kLounge);
    const core::Redemption r = visit(t, 1, {flight("CX", "251", "F")});
    QCOMPARE(resultOf(m_c->upload(t, QJsonArray {protocol::redemptionToJson(r, true)})).value("status").toString(),
             QStringLiteral("accepted"));
    const Http visits = m_c->issuer("GET", "/v1/issuer/memberships/M-1002/visits");
    const QJsonObject f
        = visits.json.value("items").toArray().at(0).toObject().value("flights").toArray().at(0).toObject();
    QCOMPARE(f.value("pnr").toString(), QStringLiteral("ABC123"));
    QCOMPARE(f.value("seat").toString(), QStringLiteral("11A"));
    // Stored as such: the record read back carries them.
    auto stored = m_c->store->redemption(r.id);
    QVERIFY(stored && stored->has_value());
    QCOMPARE((*stored)->record.flights.value(0).pnr, QStringLiteral("ABC123"));
}

void TestCentralBoardingPass::badFlightRecordFlagsTheVisitNotTheBatch()
{
    QCOMPARE(m_c->putLounge(QJsonObject {{"policy", "optional"}}).status, 200);
    const Terminal t = m_c->enroll(kLounge);
    // 1: a flight the strict reader refuses (lower-case carrier); 2: the wrong type altogether; 3: a flight the reader
    // takes but central's rules do not (a flight "number" of letters); 4: a good one in the same batch.
    QJsonObject lower = protocol::redemptionToJson(visit(t, 1, {flight("CX", "251", "J")}), false);
    QJsonArray flights = lower.value("flights").toArray();
    QJsonObject f0 = flights[0].toObject();
    f0.insert("carrier", "cx");
    flights[0] = f0;
    lower.insert("flights", flights);
    QJsonObject wrongType = protocol::redemptionToJson(visit(t, 1, {}), false);
    wrongType.insert("flights", "CX251");
    const QJsonObject letters = protocol::redemptionToJson(visit(t, 1, {flight("CX", "ABCDE", "J")}), false);
    const core::Redemption good = visit(t, 1, {flight("CX", "251", "J")});
    const Http up = m_c->upload(t, QJsonArray {lower, wrongType, letters, protocol::redemptionToJson(good, false)});
    QCOMPARE(up.status, 200);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(resultOf(up, i).value("status").toString(), QStringLiteral("conflict"));
        QCOMPARE(resultOf(up, i).value("reason").toString(), QStringLiteral("BAD_FLIGHT_RECORD"));
    }
    QCOMPARE(resultOf(up, 3).value("status").toString(), QStringLiteral("accepted"));
    // Kept (and counted: the people are inside), without the bad record.
    const Http visits = m_c->issuer("GET", "/v1/issuer/memberships/M-1002/visits");
    QCOMPARE(visits.json.value("items").toArray().size(), 4);
    int withFlights = 0;
    for (const auto& v : visits.json.value("items").toArray()) {
        withFlights += v.toObject().contains("flights") ? 1 : 0;
    }
    QCOMPARE(withFlights, 1);
    // Anything else wrong with an item still refuses the batch, as before.
    QJsonObject broken = protocol::redemptionToJson(good, false);
    broken.insert("partySize", "two");
    QCOMPARE(m_c->upload(t, QJsonArray {broken}).status, 400);
}

void TestCentralBoardingPass::centralJudgesTheRecordedBoardingPasses()
{
    QCOMPARE(m_c->putLounge(QJsonObject {{"policy", "required"}}).status, 200);
    QJsonObject platinum = core::json::toJson(m_c->demo.programs[2]);
    platinum.remove("id");
    platinum.insert("travel", QJsonObject {{"compartments", QJsonArray {"F", "J"}}, {"carriers", QJsonArray {"CX"}}});
    QCOMPARE(m_c->issuer("PUT", "/v1/issuer/programs/PLATINUM", platinum).status, 200);
    const Terminal t = m_c->enroll(kLounge);
    core::Redemption overridden = visit(t, 1, {});
    overridden.boardingPassOverrideBy = QStringLiteral("SUP-7");
    overridden.boardingPassOverrideReason = QStringLiteral("pass left at check-in");
    const QJsonArray items {
        protocol::redemptionToJson(visit(t, 1, {flight("CX", "251", "J")}), false), // fine
        protocol::redemptionToJson(visit(t, 1, {}), false), // none, no override
        protocol::redemptionToJson(overridden, false), // none, overridden: fine
        protocol::redemptionToJson(visit(t, 1, {flight("CX", "251", "Y")}), false),
        protocol::redemptionToJson(visit(t, 1, {flight("BA", "32", "J")}), false),
        protocol::redemptionToJson(visit(t, 1, {flight("CX", "251", "J", QStringLiteral("SIN"))}), false),
    };
    const Http up = m_c->upload(t, items);
    QCOMPARE(up.status, 200);
    const QStringList expected {"",
                                "RULE_BOARDING_PASS_REQUIRED",
                                "",
                                "RULE_COMPARTMENT_NOT_ALLOWED",
                                "RULE_CARRIER_NOT_ALLOWED",
                                "RULE_WRONG_AIRPORT"};
    for (int i = 0; i < expected.size(); ++i) {
        const QJsonObject r = resultOf(up, i);
        QCOMPARE(r.value("status").toString(),
                 expected[i].isEmpty() ? QStringLiteral("accepted") : QStringLiteral("conflict"));
        QCOMPARE(r.value("reason").toString(), expected[i]);
    }
}

QTEST_GUILESS_MAIN(TestCentralBoardingPass)
#include "tst_centralboardingpass.moc"
