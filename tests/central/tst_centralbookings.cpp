// Fast Track pre-bookings at central over real HTTP on 127.0.0.1 (issue 14 §4, docs/api.md "Bookings"): create /
// read / cancel / list with keyset pages; the feed sends a booking only to the terminals of its resource; an upload
// consumes it, a second standing use (two offline lanes) is a BOOKING_REUSED conflict; a void gives it back; the
// booking report counts them. Runs on SQLite and (tst_centralbookings_pg) PostgreSQL.
#include "CentralServer.h"
#include "CentralService.h"
#include "CentralUnderTest.h"
#include "DemoData.h"
#include "Json.h"
#include "TestCentralDb.h"
#include "Validator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <QtTest>

using namespace lounge;

namespace {

using Http = test::HttpReply;
using Terminal = test::EnrolledTerminal;

class CentralUnderTest : public test::CentralUnderTest
{
public:
    /// Every booking record the terminal's feed sends, from the start.
    QJsonArray fedBookings(const Terminal& t)
    {
        const Http page = call("GET", QStringLiteral("/v1/terminal/changes?cursor=0&limit=50000"), {}, t.token);
        return page.json.value("bookings").toArray();
    }
    QString todayAtLane() const
    {
        return core::Validator::localDate(QDateTime::currentDateTimeUtc(), QStringLiteral("Asia/Hong_Kong"))
            .toString(Qt::ISODate);
    }
};

QJsonObject bookingBody(const QString& id, const QString& credential, const QString& date)
{
    return {{"id", id},
            {"credential", credential},
            {"resource", "HKG-T1-FT"},
            {"date", date},
            {"from", "12:00"},
            {"to", "12:30"},
            {"flight", QJsonObject {{"carrier", "CX"}, {"number", "251"}}},
            {"partySize", 2}};
}

/// A Fast Track visit as a lane uploads it: one cardholder use of PLATINUM's unlimited Fast Track (validity period).
QJsonObject visit(const Terminal& t, const QString& booking, const QString& credential = QStringLiteral("M:M-1002"))
{
    core::Redemption r;
    r.id = QUuid::createUuid();
    r.credential = *core::CredentialRef::fromKey(credential);
    r.resourceId = QStringLiteral("HKG-T1-FT");
    r.terminalId = t.id;
    r.staffId = QStringLiteral("s1");
    r.uses = {core::PoolUse {QStringLiteral("FAST_TRACK"), core::Pool::Cardholder, QStringLiteral("V"), 1}};
    r.at = QDateTime::currentDateTimeUtc();
    r.bookingId = booking;
    return core::json::toJson(r);
}

QJsonObject upload(CentralUnderTest& c, const Terminal& t, const QJsonObject& item)
{
    const Http h = c.call("POST", "/v1/terminal/redemptions",
                          QJsonDocument(QJsonObject {{"redemptions", QJsonArray {item}}}).toJson(), t.token);
    return h.json.value("results").toArray().at(0).toObject();
}

} // namespace

class TestCentralBookings : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup() { m_c.reset(); }
    void createReadCancel();
    void refusedRequests_data();
    void refusedRequests();
    void listPagesAreKeysetAndFiltered();
    void feedGoesOnlyToTheLane();
    void uploadConsumesOnceAndFlagsReuse();

private:
    std::unique_ptr<CentralUnderTest> m_c;
};

void TestCentralBookings::init()
{
    m_c = std::make_unique<CentralUnderTest>();
    QVERIFY(m_c->start());
    // The demo Fast Track lane requires bookings, with the widest grace so "now" is inside any window today.
    const Http lane = m_c->issuer("PUT", "/v1/issuer/resources/HKG-T1-FT",
                                  {{"module", "FAST_TRACK"},
                                   {"name", "Fast Track Lane A"},
                                   {"airport", "HKG"},
                                   {"terminal", "T1"},
                                   {"timeZone", "Asia/Hong_Kong"},
                                   {"booking", QJsonObject {{"required", true}, {"graceMinutes", 720}}}});
    QCOMPARE(lane.status, 200);
    QCOMPARE(lane.json.value("resource").toObject().value("booking").toObject().value("required").toBool(), true);
}

void TestCentralBookings::createReadCancel()
{
    const QString today = m_c->todayAtLane();
    const Http created = m_c->issuer("POST", "/v1/issuer/bookings", bookingBody("B-1", "M:M-1002", today));
    QCOMPARE(created.status, 201);
    const QJsonObject b = created.json.value("booking").toObject();
    QCOMPARE(b.value("status").toString(), QStringLiteral("OPEN"));
    QCOMPARE(b.value("from").toString(), QStringLiteral("12:00"));
    QCOMPARE(b.value("flight").toObject().value("carrier").toString(), QStringLiteral("CX"));
    QCOMPARE(b.value("partySize").toInt(), 2);
    QVERIFY(b.value("createdAt").toString().endsWith(QLatin1Char('Z')));

    const Http read = m_c->issuer("GET", "/v1/issuer/bookings/B-1");
    QCOMPARE(read.status, 200);
    QCOMPARE(read.json.value("booking").toObject(), b);

    // Without an id, central names it.
    QJsonObject anonymous = bookingBody("x", "E:E-2004", today);
    anonymous.remove("id");
    anonymous.remove("flight");
    anonymous.insert("partySize", 1);
    const Http named = m_c->issuer("POST", "/v1/issuer/bookings", anonymous);
    QCOMPARE(named.status, 201);
    QVERIFY(named.json.value("booking").toObject().value("id").toString().startsWith(QLatin1String("B-")));

    const Http cancelled = m_c->issuer("POST", "/v1/issuer/bookings/B-1/cancel");
    QCOMPARE(cancelled.status, 200);
    QCOMPARE(cancelled.json.value("booking").toObject().value("status").toString(), QStringLiteral("CANCELLED"));
    QCOMPARE(m_c->issuer("POST", "/v1/issuer/bookings/B-1/cancel").status, 409); // already cancelled
    QCOMPARE(m_c->issuer("POST", "/v1/issuer/bookings/B-1").status, 405);
    QCOMPARE(m_c->issuer("GET", "/v1/issuer/bookings/B-404").status, 404);
    QCOMPARE(m_c->issuer("POST", "/v1/issuer/bookings", bookingBody("B-1", "M:M-1002", today)).status, 409);
    QCOMPARE(m_c->call("GET", "/v1/issuer/bookings/B-1", {}, {}).status, 401);
}

void TestCentralBookings::refusedRequests_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value"); // undefined = remove the field
    QTest::addColumn<int>("status");
    QTest::newRow("unknown credential") << "credential" << QJsonValue("M:M-GHOST") << 404;
    QTest::newRow("bad credential") << "credential" << QJsonValue("X-1") << 400;
    QTest::newRow("unknown resource") << "resource" << QJsonValue("NOWHERE") << 404;
    QTest::newRow("no date") << "date" << QJsonValue(QJsonValue::Undefined) << 400;
    QTest::newRow("bad date") << "date" << QJsonValue("27/11/2026") << 400;
    QTest::newRow("bad time") << "from" << QJsonValue("25:00") << 400;
    QTest::newRow("empty window") << "to" << QJsonValue("12:00") << 400;
    QTest::newRow("party 0") << "partySize" << QJsonValue(0) << 400;
    QTest::newRow("party 101") << "partySize" << QJsonValue(101) << 400;
    QTest::newRow("flight without number") << "flight" << QJsonValue(QJsonObject {{"carrier", "CX"}}) << 400;
    QTest::newRow("flight lower case") << "flight" << QJsonValue(QJsonObject {{"carrier", "cx"}, {"number", "1"}})
                                       << 400;
    QTest::newRow("flight extra key") << "flight"
                                      << QJsonValue(QJsonObject {{"carrier", "CX"}, {"number", "1"}, {"seat", "1A"}})
                                      << 400;
    QTest::newRow("unknown field") << "status" << QJsonValue("USED") << 400;
    QTest::newRow("bad id") << "id" << QJsonValue("../etc") << 400;
}

void TestCentralBookings::refusedRequests()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(int, status);
    QJsonObject body = bookingBody("B-9", "M:M-1002", m_c->todayAtLane());
    if (value.isUndefined()) {
        body.remove(field);
    } else {
        body.insert(field, value);
    }
    const qint64 head = *m_c->store->headSeq();
    const Http h = m_c->issuer("POST", "/v1/issuer/bookings", body);
    QCOMPARE(h.status, status);
    QVERIFY(!h.json.value("error").toString().isEmpty());
    QCOMPARE(*m_c->store->headSeq(), head); // nothing written
}

void TestCentralBookings::listPagesAreKeysetAndFiltered()
{
    const QString today = m_c->todayAtLane();
    for (const char* id : {"B-10", "B-20", "B-30", "B-40", "B-50"}) {
        QCOMPARE(m_c->issuer("POST", "/v1/issuer/bookings", bookingBody(id, "M:M-1002", today)).status, 201);
    }
    QCOMPARE(m_c->issuer("POST", "/v1/issuer/bookings", bookingBody("B-60", "M:M-1001", today)).status, 201);
    QCOMPARE(m_c->issuer("POST", "/v1/issuer/bookings/B-30/cancel").status, 200);

    const Http first = m_c->issuer("GET", "/v1/issuer/bookings?credential=M:M-1002&limit=2");
    QCOMPARE(first.status, 200);
    QJsonArray items = first.json.value("items").toArray();
    QCOMPARE(items.size(), 2);
    QCOMPARE(items[0].toObject().value("id").toString(), QStringLiteral("B-10"));
    QCOMPARE(items[1].toObject().value("id").toString(), QStringLiteral("B-20"));
    const QString cursor = first.json.value("next_cursor").toString();
    QVERIFY(!cursor.isEmpty());
    // A booking inserted before the cursor meanwhile neither shifts nor repeats the next page (keyset, not OFFSET).
    QCOMPARE(m_c->issuer("POST", "/v1/issuer/bookings", bookingBody("B-15", "M:M-1002", today)).status, 201);
    const Http second = m_c->issuer("GET", "/v1/issuer/bookings?credential=M:M-1002&limit=2&cursor=" + cursor);
    QCOMPARE(second.status, 200);
    items = second.json.value("items").toArray();
    QCOMPARE(items.size(), 2);
    QCOMPARE(items[0].toObject().value("id").toString(), QStringLiteral("B-30"));
    QCOMPARE(items[1].toObject().value("id").toString(), QStringLiteral("B-40"));
    const Http last = m_c->issuer(
        "GET", "/v1/issuer/bookings?credential=M:M-1002&limit=2&cursor=" + second.json.value("next_cursor").toString());
    QCOMPARE(last.json.value("items").toArray().size(), 1);
    QVERIFY(last.json.value("next_cursor").isNull());

    // Filters: status, resource + date; every booking without a filter (default limit).
    const Http cancelled = m_c->issuer("GET", "/v1/issuer/bookings?status=CANCELLED");
    QCOMPARE(cancelled.json.value("items").toArray().size(), 1);
    QCOMPARE(cancelled.json.value("items").toArray()[0].toObject().value("id").toString(), QStringLiteral("B-30"));
    QCOMPARE(
        m_c->issuer("GET", "/v1/issuer/bookings?resource=HKG-T1-FT&date=" + today).json.value("items").toArray().size(),
        7);
    QCOMPARE(m_c->issuer("GET", "/v1/issuer/bookings?date=2000-01-01").json.value("items").toArray().size(), 0);
    QCOMPARE(m_c->issuer("GET", "/v1/issuer/bookings").json.value("items").toArray().size(), 7);

    // Bad filters, limits and cursors are 400.
    for (const char* bad : {"limit=0", "limit=1001", "limit=x", "cursor=!!", "cursor=", "status=GONE", "date=today",
                            "credential=M1002", "colour=red", "limit=1&limit=2"}) {
        QCOMPARE(m_c->issuer("GET", QStringLiteral("/v1/issuer/bookings?") + QLatin1String(bad)).status, 400);
    }
}

void TestCentralBookings::feedGoesOnlyToTheLane()
{
    const Terminal lane = m_c->enroll(QStringLiteral("HKG-T1-FT"));
    const Terminal lounge = m_c->enroll(QStringLiteral("HKG-T1-LOUNGE"));
    QVERIFY(!lane.id.isEmpty() && !lounge.id.isEmpty());
    QCOMPARE(m_c->issuer("POST", "/v1/issuer/bookings", bookingBody("B-1", "M:M-1002", m_c->todayAtLane())).status,
             201);
    QJsonArray fed = m_c->fedBookings(lane);
    QCOMPARE(fed.size(), 1);
    QCOMPARE(fed[0].toObject().value("id").toString(), QStringLiteral("B-1"));
    QCOMPARE(fed[0].toObject().value("status").toString(), QStringLiteral("OPEN"));
    QCOMPARE(m_c->fedBookings(lounge).size(), 0); // another resource's terminal never receives it
    // The lane's resource record carries its booking settings.
    const Http page = m_c->call("GET", QStringLiteral("/v1/terminal/changes?cursor=0&limit=50000"), {}, lane.token);
    bool found = false;
    for (const auto& r : page.json.value("resources").toArray()) {
        if (r.toObject().value("id") == QLatin1String("HKG-T1-FT")) {
            found = r.toObject().value("booking").toObject().value("graceMinutes").toInt() == 720;
        }
    }
    QVERIFY(found);
    // A cancellation reaches the lane too.
    QCOMPARE(m_c->issuer("POST", "/v1/issuer/bookings/B-1/cancel").status, 200);
    fed = m_c->fedBookings(lane);
    QCOMPARE(fed.size(), 1);
    QCOMPARE(fed[0].toObject().value("status").toString(), QStringLiteral("CANCELLED"));
}

void TestCentralBookings::uploadConsumesOnceAndFlagsReuse()
{
    const Terminal laneA = m_c->enroll(QStringLiteral("HKG-T1-FT"));
    const Terminal laneB = m_c->enroll(QStringLiteral("HKG-T1-FT"));
    QCOMPARE(m_c->issuer("POST", "/v1/issuer/bookings", bookingBody("B-1", "M:M-1002", m_c->todayAtLane())).status,
             201);

    const QJsonObject first = visit(laneA, QStringLiteral("B-1"));
    const QJsonObject r1 = upload(*m_c, laneA, first);
    QCOMPARE(r1.value("status").toString(), QStringLiteral("accepted"));
    QJsonObject b = m_c->issuer("GET", "/v1/issuer/bookings/B-1").json.value("booking").toObject();
    QCOMPARE(b.value("status").toString(), QStringLiteral("USED"));
    QCOMPARE(b.value("usedBy").toString(), first.value("id").toString());
    // The used booking is in both lanes' feeds.
    QCOMPARE(m_c->fedBookings(laneB)[0].toObject().value("status").toString(), QStringLiteral("USED"));

    // Lane B was offline and admitted the same booking: kept (the people went through), flagged.
    const QJsonObject second = visit(laneB, QStringLiteral("B-1"));
    const QJsonObject r2 = upload(*m_c, laneB, second);
    QCOMPARE(r2.value("status").toString(), QStringLiteral("conflict"));
    QCOMPARE(r2.value("reason").toString(), QStringLiteral("BOOKING_REUSED"));
    bool listed = false;
    for (const auto& o : m_c->issuer("GET", "/v1/issuer/overdraws").json.value("overdraws").toArray()) {
        listed |= o.toObject().value("statusReason") == QLatin1String("BOOKING_REUSED")
            && o.toObject().value("booking") == QLatin1String("B-1");
    }
    QVERIFY(listed);
    // A visit naming a booking of another pass is flagged too: central's recheck finds no booking of its own.
    const QJsonObject r3 = upload(*m_c, laneA, visit(laneA, QStringLiteral("B-1"), QStringLiteral("M:M-1001")));
    QCOMPARE(r3.value("status").toString(), QStringLiteral("conflict"));
    QCOMPARE(r3.value("reason").toString(), QStringLiteral("RULE_NO_BOOKING"));

    // Reports count bookings: one booked, used (party 2), one reuse.
    const Http report = m_c->issuer("GET", "/v1/issuer/reports/bookings?resource=HKG-T1-FT");
    QCOMPARE(report.status, 200);
    const QJsonArray rows = report.json.value("bookings").toArray();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows[0].toObject().value("booked").toInt(), 1);
    QCOMPARE(rows[0].toObject().value("used").toInt(), 1);
    QCOMPARE(rows[0].toObject().value("people").toInt(), 2);
    QCOMPARE(rows[0].toObject().value("reused").toInt(), 1);
    QCOMPARE(rows[0].toObject().value("date").toString(), m_c->todayAtLane());

    // A void of the visit that used it gives the booking back.
    core::Redemption v;
    v.id = QUuid::createUuid();
    v.kind = core::JournalKind::Void;
    v.voids = QUuid::fromString(first.value("id").toString());
    v.credential = *core::CredentialRef::fromKey(QStringLiteral("M:M-1002"));
    v.resourceId = QStringLiteral("HKG-T1-FT");
    v.terminalId = laneA.id;
    v.uses = {core::PoolUse {QStringLiteral("FAST_TRACK"), core::Pool::Cardholder, QStringLiteral("V"), -1}};
    v.at = QDateTime::currentDateTimeUtc();
    QCOMPARE(upload(*m_c, laneA, core::json::toJson(v)).value("status").toString(), QStringLiteral("accepted"));
    b = m_c->issuer("GET", "/v1/issuer/bookings/B-1").json.value("booking").toObject();
    QCOMPARE(b.value("status").toString(), QStringLiteral("OPEN"));
    QVERIFY(!b.contains("usedBy"));
}

QTEST_MAIN(TestCentralBookings)
#include "tst_centralbookings.moc"
