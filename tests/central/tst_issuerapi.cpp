// Issue 15 §1 over real HTTP on 127.0.0.1 (SQLite, and PostgreSQL in the _pg variant): keyset-paginated lists with
// filters, a resource by id, audited membership corrections, effective entitlements and paged visits.
#include "CentralServer.h"
#include "CentralService.h"
#include "CentralUnderTest.h"
#include "DemoData.h"
#include "IssuerQueryEndpoints.h"
#include "Json.h"
#include "TestCentralDb.h"
#include "Validator.h"

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

/// Every request here is the issuer's.
class Central : public test::CentralUnderTest
{
public:
    bool start()
    {
        Setup setup;
        setup.server.issuerKey = QByteArrayLiteral("issuer-key-for-tests");
        return test::CentralUnderTest::start(setup);
    }
    Http call(const QByteArray& verb, const QString& pathAndQuery, const QByteArray& body = {})
    {
        return test::CentralUnderTest::call(verb, pathAndQuery, body, issuerKey);
    }
    Http get(const QString& pathAndQuery) { return call("GET", pathAndQuery); }

    /// Every page of a list, following next_cursor; the ids in order. Fails the test on a non-200 page.
    QStringList walk(const QString& path, int limit, int* pages = nullptr, const QString& key = QStringLiteral("id"))
    {
        QStringList ids;
        QString cursor;
        int n = 0;
        for (;;) {
            QString url = path + (path.contains(u'?') ? u'&' : u'?') + QStringLiteral("limit=%1").arg(limit);
            if (!cursor.isEmpty()) {
                url += QStringLiteral("&cursor=") + cursor;
            }
            const Http h = get(url);
            if (h.status != 200) {
                qWarning() << url << h.status << h.json;
                return {QStringLiteral("<error>")};
            }
            ++n;
            const QJsonArray items = h.json.value("items").toArray();
            if (items.size() > limit) {
                return {QStringLiteral("<page too long>")};
            }
            for (const auto& item : items) {
                ids << item.toObject().value(key).toString();
            }
            if (h.json.value("next_cursor").isNull()) {
                break;
            }
            cursor = h.json.value("next_cursor").toString();
            if (n > 1000) {
                return {QStringLiteral("<endless>")};
            }
        }
        if (pages) {
            *pages = n;
        }
        return ids;
    }
    QString registerMember(const QString& id, const QString& name, const QString& program = QStringLiteral("GOLD"),
                           const QString& number = {})
    {
        QJsonObject body {{"id", id}, {"program", program}, {"holderName", name}};
        if (!number.isEmpty()) {
            body.insert("number", number);
        }
        const Http h = call("POST", QStringLiteral("/v1/issuer/memberships"), QJsonDocument(body).toJson());
        return h.status == 201 ? h.json.value("code").toString() : QString();
    }
};

QStringList sorted(QStringList l)
{
    l.sort(); // QString's operator< is UTF-16 order: byte order for these ASCII ids
    return l;
}

} // namespace

class TestIssuerApi : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup() { m_c.reset(); }
    void listsWalkEveryRecordOnceInIdOrder_data();
    void listsWalkEveryRecordOnceInIdOrder();
    void pagesStayStableUnderConcurrentInserts();
    void membershipFilters_data();
    void membershipFilters();
    void programFilterIsTheProgramInForceNow();
    void ePassAndResourceFilters();
    void badListRequestsAre400_data();
    void badListRequestsAre400();
    void resourceAndProgramById();
    void correctionIsAuditedAndKeepsNumbersUnique();
    void ePassStaysImmutable();
    void effectiveEntitlementsMergeOverridesWithRemaining();
    void visitsArePagedNewestFirst();

private:
    std::unique_ptr<Central> m_c;
};

void TestIssuerApi::init()
{
    m_c = std::make_unique<Central>();
    QVERIFY(m_c->start());
}

void TestIssuerApi::listsWalkEveryRecordOnceInIdOrder_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("limit");
    QTest::newRow("memberships by 3") << "/v1/issuer/memberships"
                                      << "membership" << 3;
    QTest::newRow("memberships by 1") << "/v1/issuer/memberships"
                                      << "membership" << 1;
    QTest::newRow("memberships in one page") << "/v1/issuer/memberships"
                                             << "membership" << 1000;
    QTest::newRow("epasses by 2") << "/v1/issuer/epasses"
                                  << "epass" << 2;
    QTest::newRow("programs by 2") << "/v1/issuer/programs"
                                   << "program" << 2;
    QTest::newRow("resources by 2") << "/v1/issuer/resources"
                                    << "resource" << 2;
}

void TestIssuerApi::listsWalkEveryRecordOnceInIdOrder()
{
    QFETCH(QString, path);
    QFETCH(QString, kind);
    QFETCH(int, limit);
    const auto records = m_c->store->records(kind, 100000);
    QVERIFY(records);
    QStringList expected;
    for (const central::ChangeRecord& rec : records.value()) {
        expected << rec.id;
    }
    QVERIFY(expected.size() >= 2);
    int pages = 0;
    const QStringList ids = m_c->walk(path, limit, &pages);
    QCOMPARE(ids, sorted(expected));
    QCOMPARE(pages, qMax(1, int((expected.size() + limit - 1) / limit)));
}

void TestIssuerApi::pagesStayStableUnderConcurrentInserts()
{
    const Http first = m_c->get(QStringLiteral("/v1/issuer/memberships?limit=4"));
    QCOMPARE(first.status, 200);
    const QString cursor = first.json.value("next_cursor").toString();
    QVERIFY(!cursor.isEmpty());
    QCOMPARE(first.json.value("items").toArray().last().toObject().value("id").toString(), QStringLiteral("M-1004"));
    // Inserted while the client pages: one before the cursor (never seen on later pages, nothing shifts), one after.
    QVERIFY(!m_c->registerMember(QStringLiteral("M-0999"), QStringLiteral("Early Bird")).isEmpty());
    QVERIFY(!m_c->registerMember(QStringLiteral("M-1004A"), QStringLiteral("Late Comer")).isEmpty());
    const Http second = m_c->get(QStringLiteral("/v1/issuer/memberships?limit=4&cursor=") + cursor);
    QCOMPARE(second.status, 200);
    QStringList ids;
    for (const auto& item : second.json.value("items").toArray()) {
        ids << item.toObject().value("id").toString();
    }
    QCOMPARE(ids, (QStringList {"M-1004A", "M-1005", "M-1006", "M-1007"}));
}

void TestIssuerApi::membershipFilters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("ids");
    QTest::newRow("number") << "number=6001234500001002" << QStringList {"M-1002"};
    QTest::newRow("unknown number") << "number=6001234599999999" << QStringList {};
    QTest::newRow("name prefix") << "name=Mei" << QStringList {"M-1001"};
    QTest::newRow("name prefix, other case") << "name=mEI%20LING" << QStringList {"M-1001"};
    QTest::newRow("name prefix is a prefix") << "name=Ling" << QStringList {};
    QTest::newRow("name with LIKE wildcards is literal") << "name=%25" << QStringList {};
    QTest::newRow("name with underscore is literal") << "name=M_i" << QStringList {};
    QTest::newRow("status") << "status=SUSPENDED" << QStringList {"M-1003"};
    QTest::newRow("status and program") << "status=ACTIVE&program=GOLD" << QStringList {"M-1001", "M-1009"};
    QTest::newRow("program") << "program=CLASSIC" << QStringList {"M-1003", "M-1005", "M-1010"};
    QTest::newRow("all four") << "status=ACTIVE&program=GOLD&name=f&number=6001234500001009" << QStringList {"M-1009"};
}

void TestIssuerApi::membershipFilters()
{
    QFETCH(QString, query);
    QFETCH(QStringList, ids);
    // limit=1 walks the filtered list page by page: a filter must hold on every page.
    QCOMPARE(m_c->walk(QStringLiteral("/v1/issuer/memberships?") + query, 1), ids);
    QCOMPARE(m_c->walk(QStringLiteral("/v1/issuer/memberships?") + query, 100), ids);
}

void TestIssuerApi::programFilterIsTheProgramInForceNow()
{
    // M-1001 moves from GOLD to PLATINUM now; M-1009 is scheduled to move next month (still GOLD today).
    QCOMPARE(m_c->call("PUT", "/v1/issuer/memberships/M-1001/tier", R"({"program":"PLATINUM"})").status, 200);
    const QString later = core::json::dateTimeToString(QDateTime::currentDateTimeUtc().addDays(30));
    QCOMPARE(m_c->call("PUT", "/v1/issuer/memberships/M-1009/tier",
                       QStringLiteral(R"({"program":"PLATINUM","effectiveFrom":"%1"})").arg(later).toUtf8())
                 .status,
             200);
    QCOMPARE(m_c->walk("/v1/issuer/memberships?program=GOLD", 1), (QStringList {"M-1004", "M-1006", "M-1009"}));
    QCOMPARE(m_c->walk("/v1/issuer/memberships?program=PLATINUM", 1), (QStringList {"M-1001", "M-1002"}));
}

void TestIssuerApi::ePassAndResourceFilters()
{
    QCOMPARE(m_c->walk("/v1/issuer/epasses?status=REVOKED", 1), (QStringList {"E-2005"}));
    QCOMPARE(m_c->walk("/v1/issuer/epasses?module=FAST_TRACK", 1), (QStringList {"E-2004"}));
    QCOMPARE(m_c->walk("/v1/issuer/epasses?name=zh", 1), (QStringList {"E-2002"}));
    QStringList fastTrack;
    for (const auto& r : m_c->demo.resources) {
        if (r.module == QLatin1String("FAST_TRACK")) {
            fastTrack << r.id;
        }
    }
    QVERIFY(!fastTrack.isEmpty());
    QCOMPARE(m_c->walk("/v1/issuer/resources?module=FAST_TRACK", 1), sorted(fastTrack));
    // Items have the single GET's shape.
    const Http list = m_c->get("/v1/issuer/epasses?limit=1");
    const Http one = m_c->get("/v1/issuer/epasses/E-2001");
    QCOMPARE(list.json.value("items").toArray().first().toObject(), one.json.value("epass").toObject());
    QVERIFY(!one.json.value("epass").toObject().contains("codeHash"));
}

void TestIssuerApi::badListRequestsAre400_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("limit 0") << "/v1/issuer/memberships?limit=0";
    QTest::newRow("limit 1001") << "/v1/issuer/memberships?limit=1001";
    QTest::newRow("limit text") << "/v1/issuer/memberships?limit=ten";
    QTest::newRow("limit signed") << "/v1/issuer/memberships?limit=%2B5";
    QTest::newRow("limit twice") << "/v1/issuer/memberships?limit=5&limit=6";
    QTest::newRow("cursor not base64") << "/v1/issuer/memberships?cursor=***";
    QTest::newRow("cursor empty") << "/v1/issuer/memberships?cursor=";
    QTest::newRow("cursor of another list") << "/v1/issuer/memberships/M-1001/visits?cursor=TS0xMDAx";
    QTest::newRow("unknown filter") << "/v1/issuer/memberships?colour=blue";
    QTest::newRow("bad status") << "/v1/issuer/memberships?status=happy";
    QTest::newRow("bad number") << "/v1/issuer/memberships?number=12ab";
    QTest::newRow("empty name") << "/v1/issuer/memberships?name=";
    QTest::newRow("control char in name") << "/v1/issuer/memberships?name=a%01";
    QTest::newRow("bad program") << "/v1/issuer/memberships?program=a%20b";
    QTest::newRow("epass bad status") << "/v1/issuer/epasses?status=ACTIVEX";
    QTest::newRow("programs take no filter") << "/v1/issuer/programs?name=x";
    QTest::newRow("terminals bad stale") << "/v1/issuer/terminals?stale=yes";
    QTest::newRow("entitlements take no cursor") << "/v1/issuer/memberships/M-1001/entitlements?limit=1";
}

void TestIssuerApi::badListRequestsAre400()
{
    QFETCH(QString, url);
    const Http h = m_c->get(url);
    QCOMPARE(h.status, 400);
    QCOMPARE(h.json.value("error").toString(), QStringLiteral("INVALID_ARGUMENT"));
    QVERIFY(!h.json.value("reason").toString().isEmpty());
}

void TestIssuerApi::resourceAndProgramById()
{
    const core::Resource& r = m_c->demo.resources.first();
    const Http h = m_c->get(QStringLiteral("/v1/issuer/resources/") + r.id);
    QCOMPARE(h.status, 200);
    QCOMPARE(h.json.value("resource").toObject(), core::json::toJson(r));
    QCOMPARE(m_c->get("/v1/issuer/resources/NOPE").status, 404);
    QCOMPARE(m_c->call("DELETE", QStringLiteral("/v1/issuer/resources/") + r.id).status, 200);
    QCOMPARE(m_c->get(QStringLiteral("/v1/issuer/resources/") + r.id).status, 404); // retired
    QVERIFY(!m_c->walk("/v1/issuer/resources", 100).contains(r.id));
    QCOMPARE(m_c->get("/v1/issuer/programs/GOLD").status, 200);
}

void TestIssuerApi::correctionIsAuditedAndKeepsNumbersUnique()
{
    const Http h = m_c->call("PATCH", "/v1/issuer/memberships/M-1001",
                             R"({"holderName":"Mei-Ling Chan","number":"6001234500009999"})");
    QCOMPARE(h.status, 200);
    QCOMPARE(h.json.value("membership").toObject().value("holderName").toString(), QStringLiteral("Mei-Ling Chan"));
    QCOMPARE(m_c->walk("/v1/issuer/memberships?number=6001234500009999", 10), (QStringList {"M-1001"}));
    QCOMPARE(m_c->walk("/v1/issuer/memberships?number=6001234500001001", 10), QStringList {});

    // Unique: another member's number is refused and changes nothing (not even the name given with it).
    const Http taken
        = m_c->call("PATCH", "/v1/issuer/memberships/M-1002", R"({"holderName":"X Y","number":"6001234500009999"})");
    QCOMPARE(taken.status, 409);
    QCOMPARE(m_c->get("/v1/issuer/memberships/M-1002").json.value("membership").toObject().value("holderName"),
             QJsonValue("James Okafor"));
    // Bad input: unknown field, wrong type, bad number, nothing to change, unknown membership, cancelled one.
    QCOMPARE(m_c->call("PATCH", "/v1/issuer/memberships/M-1002", R"({"status":"ACTIVE"})").status, 400);
    QCOMPARE(m_c->call("PATCH", "/v1/issuer/memberships/M-1002", R"({"number":6001234500001111})").status, 400);
    QCOMPARE(m_c->call("PATCH", "/v1/issuer/memberships/M-1002", R"({"number":"12"})").status, 400);
    QCOMPARE(m_c->call("PATCH", "/v1/issuer/memberships/M-1002", R"({})").status, 400);
    QCOMPARE(m_c->call("PATCH", "/v1/issuer/memberships/M-1002", R"({"holderName":"James Okafor"})").status, 400);
    QCOMPARE(m_c->call("PATCH", "/v1/issuer/memberships/NOPE", R"({"holderName":"A B"})").status, 404);
    QCOMPARE(m_c->call("PATCH", "/v1/issuer/memberships/M-1005", R"({"holderName":"A B"})").status, 409);

    // The audit: who (the issuer key's fingerprint), when, old → new, oldest first, paged.
    const QString actor = central::IssuerQueryEndpoints::issuerActor("issuer-key-for-tests");
    QVERIFY(actor.startsWith(QLatin1String("issuer-key:")));
    QCOMPARE(m_c->call("PATCH", "/v1/issuer/memberships/M-1001", R"({"holderName":"Mei Ling Chan"})").status, 200);
    const QStringList fields = m_c->walk("/v1/issuer/memberships/M-1001/corrections", 1, nullptr, "field");
    QCOMPARE(fields.size(), 3);
    QCOMPARE(sorted(fields.mid(0, 2)), (QStringList {"holderName", "number"}));
    QCOMPARE(fields.last(), QStringLiteral("holderName"));
    const Http audit = m_c->get("/v1/issuer/memberships/M-1001/corrections?limit=1000");
    QCOMPARE(audit.status, 200);
    for (const auto& item : audit.json.value("items").toArray()) {
        const QJsonObject c = item.toObject();
        QCOMPARE(c.value("actor").toString(), actor);
        QCOMPARE(c.value("membership").toString(), QStringLiteral("M-1001"));
        QVERIFY(QDateTime::fromString(c.value("at").toString(), Qt::ISODateWithMs).isValid());
        QVERIFY(c.value("at").toString().endsWith(u'Z'));
        if (c.value("field") == QJsonValue("number")) {
            QCOMPARE(c.value("old").toString(), QStringLiteral("6001234500001001"));
            QCOMPARE(c.value("new").toString(), QStringLiteral("6001234500009999"));
        }
    }
    QCOMPARE(m_c->get("/v1/issuer/memberships/M-1002/corrections").json.value("items").toArray().size(), 0);
    QCOMPARE(m_c->get("/v1/issuer/memberships/NOPE/corrections").status, 404);
}

void TestIssuerApi::ePassStaysImmutable()
{
    QCOMPARE(m_c->call("PATCH", "/v1/issuer/epasses/E-2001", R"({"lastName":"Smith"})").status, 409);
    QCOMPARE(m_c->get("/v1/issuer/epasses/E-2001").json.value("epass").toObject().value("lastName"),
             QJsonValue("Brown"));
}

void TestIssuerApi::effectiveEntitlementsMergeOverridesWithRemaining()
{
    // GOLD: LOUNGE 6 cardholder + 4 guests a year, FAST_TRACK 2 a year. The member's own DINING entitlement is added,
    // FAST_TRACK removed.
    QCOMPARE(m_c->call("PUT", "/v1/issuer/memberships/M-1001/entitlements/DINING",
                       R"({"cardholder":{"count":3},"period":"MONTH"})")
                 .status,
             200);
    QCOMPARE(m_c->call("DELETE", "/v1/issuer/memberships/M-1001/entitlements/FAST_TRACK").status, 200);
    // One visit with a guest, recorded through the ledger as a terminal upload would.
    const QString hkg = QStringLiteral("HKG-T1-LOUNGE");
    const core::Resource resource = *m_c->service->queries().resource(hkg);
    const QDate localToday = core::Validator::localDate(QDateTime::currentDateTimeUtc(), resource.timeZone);
    const QString year = core::Validator::periodKey(core::QuotaPeriod::Year, localToday);
    central::TerminalRecord terminal {QStringLiteral("T-test"), hkg, {}, QDateTime::currentDateTimeUtc()};
    core::Redemption r;
    r.id = QUuid::createUuid();
    r.credential = {core::CredentialKind::Membership, QStringLiteral("M-1001")};
    r.resourceId = hkg;
    r.terminalId = terminal.id;
    r.partySize = 2;
    r.uses = {core::PoolUse {QStringLiteral("LOUNGE"), core::Pool::Cardholder, year, 1},
              core::PoolUse {QStringLiteral("LOUNGE"), core::Pool::Guest, year, 1}};
    r.at = QDateTime::currentDateTimeUtc();
    QVERIFY(m_c->service->ledger().upload(terminal, {r}));

    const Http h = m_c->get(QStringLiteral("/v1/issuer/memberships/M-1001/entitlements?resource=") + hkg);
    QCOMPARE(h.status, 200);
    QCOMPARE(h.json.value("program").toString(), QStringLiteral("GOLD"));
    QCOMPARE(h.json.value("clock").toString(), QStringLiteral("central"));
    QCOMPARE(h.json.value("timeZone").toString(), resource.timeZone);
    QCOMPARE(h.json.value("date").toString(), localToday.toString(Qt::ISODate));
    QCOMPARE(h.json.value("removed").toArray(), QJsonArray {"FAST_TRACK"});
    QHash<QString, QJsonObject> byModule;
    for (const auto& e : h.json.value("entitlements").toArray()) {
        byModule.insert(e.toObject().value("module").toString(), e.toObject());
    }
    QCOMPARE(byModule.keys().size(), 2);
    QCOMPARE(byModule.value("LOUNGE").value("source").toString(), QStringLiteral("program"));
    QCOMPARE(byModule.value("DINING").value("source").toString(), QStringLiteral("override"));
    const QJsonArray lounge = byModule.value("LOUNGE").value("balances").toArray();
    QCOMPARE(lounge.size(), 2);
    for (const auto& b : lounge) {
        const QJsonObject o = b.toObject();
        QCOMPARE(o.value("period").toString(), year);
        QCOMPARE(o.value("used").toInt(), 1);
        QCOMPARE(o.value("remaining").toInt(), o.value("pool") == QJsonValue("CARDHOLDER") ? 5 : 3);
    }
    const QJsonObject dining = byModule.value("DINING").value("balances").toArray().first().toObject();
    QCOMPARE(dining.value("period").toString(), core::Validator::periodKey(core::QuotaPeriod::Month, localToday));
    QCOMPARE(dining.value("remaining").toInt(), 3);

    QCOMPARE(m_c->get("/v1/issuer/memberships/M-1001/entitlements").json.value("timeZone").toString(),
             QStringLiteral("UTC"));
    QCOMPARE(m_c->get("/v1/issuer/memberships/M-1001/entitlements?resource=NOPE").status, 404);
    QCOMPARE(m_c->get("/v1/issuer/memberships/NOPE/entitlements").status, 404);
}

void TestIssuerApi::visitsArePagedNewestFirst()
{
    central::TerminalRecord terminal {
        QStringLiteral("T-test"), QStringLiteral("HKG-T1-LOUNGE"), {}, QDateTime::currentDateTimeUtc()};
    QList<core::Redemption> batch;
    QStringList newestFirst;
    const QDateTime base = QDateTime::currentDateTimeUtc().addSecs(-3600);
    for (int i = 0; i < 5; ++i) {
        core::Redemption r;
        r.id = QUuid::createUuid();
        r.credential = {core::CredentialKind::EPass, QStringLiteral("E-2001")};
        r.resourceId = terminal.resourceId;
        r.terminalId = terminal.id;
        r.uses = {core::PoolUse {QStringLiteral("LOUNGE"), core::Pool::Usages, QStringLiteral("V"), 1}};
        r.at = base.addSecs(i * 60);
        batch.append(r);
        newestFirst.prepend(r.id.toString(QUuid::WithoutBraces));
    }
    QVERIFY(m_c->service->ledger().upload(terminal, batch));
    QCOMPARE(m_c->walk("/v1/issuer/epasses/E-2001/visits", 2), newestFirst);
    const QJsonObject v
        = m_c->get("/v1/issuer/epasses/E-2001/visits?limit=1").json.value("items").toArray().first().toObject();
    for (const char* key : {"at", "resource", "terminal", "partySize", "voided", "flagged", "status"}) {
        QVERIFY2(v.contains(QLatin1String(key)), key);
    }
    QCOMPARE(v.value("voided").toBool(), false);
    // E-2001 has 3 usages: the fourth and fifth visits overdrew it and are flagged.
    int flagged = 0;
    for (const auto& item : m_c->get("/v1/issuer/epasses/E-2001/visits").json.value("items").toArray()) {
        flagged += item.toObject().value("flagged").toBool() ? 1 : 0;
    }
    QCOMPARE(flagged, 2);
    QCOMPARE(m_c->walk("/v1/issuer/memberships/M-1002/visits", 2), QStringList {});
    QCOMPARE(m_c->get("/v1/issuer/epasses/NOPE/visits").status, 404);
}

QTEST_GUILESS_MAIN(TestIssuerApi)
#include "tst_issuerapi.moc"
