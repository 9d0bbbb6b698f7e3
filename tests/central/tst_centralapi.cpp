// lounge-central over real HTTP on 127.0.0.1: auth on every endpoint, hostile and oversize bodies change
// nothing, status transitions as in the real service, E-pass immutability, enrollment, QR payload and PNG.
#include "CentralServer.h"
#include "CentralService.h"
#include "CentralUnderTest.h"
#include "CredentialCode.h"
#include "DemoData.h"
#include "Json.h"
#include "PgConnection.h"
#include "TestCentralDb.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace lounge;

namespace {

using Http = test::HttpReply;

class CentralUnderTest : public test::CentralUnderTest
{
public:
    QByteArray terminalToken; ///< "id:secret" of an enrolled terminal at HKG-T1-LOUNGE
    QString terminalId;

    bool start()
    {
        Setup setup;
        setup.server.maxBodyBytes = 256 * 1024;
        if (!test::CentralUnderTest::start(setup)) {
            return false;
        }
        const test::EnrolledTerminal t = enroll(QStringLiteral("HKG-T1-LOUNGE"));
        terminalId = t.id;
        terminalToken = t.token;
        return !terminalId.isEmpty();
    }

    /// A cheap fingerprint of everything central holds.
    QString fingerprint()
    {
        QString f = QString::number(*store->headSeq());
        for (const QString& key : {QStringLiteral("M:M-1001"), QStringLiteral("E:E-2001")}) {
            f += QLatin1Char('/') + QString::number(store->redemptionsOf(key, 1000)->size());
        }
        return f;
    }
};

QJsonObject redemptionJson(const QString& terminal, const QString& credential = QStringLiteral("M:M-1001"))
{
    core::Redemption r;
    r.id = QUuid::createUuid();
    r.credential = *core::CredentialRef::fromKey(credential);
    r.resourceId = QStringLiteral("HKG-T1-LOUNGE");
    r.terminalId = terminal;
    r.staffId = QStringLiteral("s1");
    r.uses = {core::PoolUse {QStringLiteral("LOUNGE"), core::Pool::Cardholder, QStringLiteral("Y2026"), 1}};
    r.at = QDateTime::currentDateTimeUtc();
    return core::json::toJson(r);
}

} // namespace

class TestCentralApi : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup() { m_c.reset(); }
    void refusedRequestsChangeNothing_data();
    void refusedRequestsChangeNothing();
    void routesAnswer404And405WithAllow_data();
    void routesAnswer404And405WithAllow();
    void enrollmentCodeIsOneTime();
    void uploadIsIdempotentWithAResultPerItem();
    void paidEntryUploadsAndCountsNothing();
    void membershipStatusTransitions_data();
    void membershipStatusTransitions();
    void ePassIsImmutableOnlyRevocable();
    void issuerEndToEndOverHttp();
    void qrPayloadAndPng();
    void servesTls();
    void feedPageIsTheStoredBodiesByteForByte();
    void feedCountReadsTheFeedIndexAlone();

private:
    std::unique_ptr<CentralUnderTest> m_c;
};

void TestCentralApi::init()
{
    m_c = std::make_unique<CentralUnderTest>();
    QVERIFY(m_c->start());
}

void TestCentralApi::refusedRequestsChangeNothing_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("auth"); // none | issuer | wrong-issuer | terminal | wrong-terminal
    QTest::addColumn<int>("status");

    const QByteArray member = R"({"program":"GOLD","holderName":"A B"})";
    QTest::newRow("issuer: no key") << QByteArray("POST") << "/v1/issuer/memberships" << member << "none" << 401;
    QTest::newRow("issuer: wrong key") << QByteArray("POST") << "/v1/issuer/memberships" << member << "wrong-issuer"
                                       << 401;
    QTest::newRow("issuer: terminal credentials")
        << QByteArray("POST") << "/v1/issuer/memberships" << member << "terminal" << 401;
    QTest::newRow("issuer: oversize body")
        << QByteArray("POST") << "/v1/issuer/memberships"
        << (R"({"program":"GOLD","holderName":")" + QByteArray(300 * 1024, 'x') + R"("})") << "issuer" << 413;
    QTest::newRow("issuer: malformed JSON")
        << QByteArray("POST") << "/v1/issuer/memberships" << QByteArray(R"({"program":"GOLD",)") << "issuer" << 400;
    QTest::newRow("issuer: not an object")
        << QByteArray("POST") << "/v1/issuer/memberships" << QByteArray(R"(["GOLD"])") << "issuer" << 400;
    QTest::newRow("issuer: unknown field")
        << QByteArray("POST") << "/v1/issuer/memberships"
        << QByteArray(R"({"program":"GOLD","holderName":"A B","vip":true})") << "issuer" << 400;
    QTest::newRow("issuer: wrong type") << QByteArray("POST") << "/v1/issuer/memberships"
                                        << QByteArray(R"({"program":"GOLD","holderName":42})") << "issuer" << 400;
    QTest::newRow("issuer: bad date") << QByteArray("POST") << "/v1/issuer/memberships"
                                      << QByteArray(R"({"program":"GOLD","holderName":"A B","validTo":"soon"})")
                                      << "issuer" << 400;
    QTest::newRow("issuer: unknown program")
        << QByteArray("POST") << "/v1/issuer/memberships" << QByteArray(R"({"program":"NOPE","holderName":"A B"})")
        << "issuer" << 404;
    QTest::newRow("issuer: deeply nested") << QByteArray("POST") << "/v1/issuer/memberships"
                                           << (QByteArray(100000, '[') + QByteArray(100000, ']')) << "issuer" << 400;
    QTest::newRow("issuer: binary garbage")
        << QByteArray("POST") << "/v1/issuer/programs" << QByteArray("\x00\xff\xfe{\x01", 5) << "issuer" << 400;
    QTest::newRow("issuer: entitlement unknown nested field")
        << QByteArray("PUT") << "/v1/issuer/memberships/M-1001/entitlements/LOUNGE"
        << QByteArray(R"({"cardholder":{"count":2,"bonus":1}})") << "issuer" << 400;
    QTest::newRow("issuer: negative allowance")
        << QByteArray("PUT") << "/v1/issuer/memberships/M-1001/entitlements/LOUNGE"
        << QByteArray(R"({"cardholder":{"count":-2}})") << "issuer" << 400;
    QTest::newRow("issuer: E-pass change")
        << QByteArray("PUT") << "/v1/issuer/epasses/E-2001" << QByteArray(R"({"usages":99})") << "issuer" << 409;
    QTest::newRow("issuer: E-pass patch")
        << QByteArray("PATCH") << "/v1/issuer/epasses/E-2001" << QByteArray(R"({"lastName":"X"})") << "issuer" << 409;
    QTest::newRow("issuer: cancelled is final")
        << QByteArray("POST") << "/v1/issuer/memberships/M-1005/reactivate" << QByteArray() << "issuer" << 409;
    QTest::newRow("unknown endpoint") << QByteArray("GET") << "/v1/issuer/nothing" << QByteArray() << "issuer" << 404;
    QTest::newRow("terminal: no credentials")
        << QByteArray("GET") << "/v1/terminal/changes" << QByteArray() << "none" << 401;
    QTest::newRow("terminal: wrong secret")
        << QByteArray("GET") << "/v1/terminal/changes" << QByteArray() << "wrong-terminal" << 401;
    QTest::newRow("terminal: issuer key")
        << QByteArray("GET") << "/v1/terminal/changes" << QByteArray() << "issuer" << 401;
    QTest::newRow("terminal: bad cursor")
        << QByteArray("GET") << "/v1/terminal/changes?cursor=abc" << QByteArray() << "terminal" << 400;
    QTest::newRow("upload: for another terminal")
        << QByteArray("POST") << "/v1/terminal/redemptions"
        << QJsonDocument(QJsonObject {{"redemptions", QJsonArray {redemptionJson(QStringLiteral("T-OTHER"))}}}).toJson()
        << "terminal" << 403;
    QTest::newRow("upload: no credentials")
        << QByteArray("POST") << "/v1/terminal/redemptions"
        << QJsonDocument(QJsonObject {{"redemptions", QJsonArray {redemptionJson(QStringLiteral("T-OTHER"))}}}).toJson()
        << "none" << 401;
    QTest::newRow("upload: not an array")
        << QByteArray("POST") << "/v1/terminal/redemptions" << QByteArray(R"({"redemptions":{}})") << "terminal" << 400;
    QTest::newRow("upload: unknown top-level field")
        << QByteArray("POST") << "/v1/terminal/redemptions" << QByteArray(R"({"redemptions":[],"force":true})")
        << "terminal" << 400;
    QTest::newRow("redeem: wrong types") << QByteArray("POST") << "/v1/terminal/redeem"
                                         << QByteArray(R"({"id":"x","code":5})") << "terminal" << 400;
    QTest::newRow("redeem: party out of range")
        << QByteArray("POST") << "/v1/terminal/redeem"
        << QByteArray(R"({"id":"6f1c1d7e-3e5b-4f2a-9b1a-2c3d4e5f6a7b","code":"x","partySize":1000})") << "terminal"
        << 400;
    QTest::newRow("enroll: unknown code")
        << QByteArray("POST") << "/v1/terminal/enroll" << QByteArray(R"({"code":"AAAA-BBBB-CC"})") << "none" << 403;
    QTest::newRow("enroll: wrong type") << QByteArray("POST") << "/v1/terminal/enroll" << QByteArray(R"({"code":7})")
                                        << "none" << 400;
}

void TestCentralApi::refusedRequestsChangeNothing()
{
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QString, auth);
    QFETCH(int, status);

    QByteArray token;
    if (auth == QLatin1String("issuer")) {
        token = "issuer-key";
    } else if (auth == QLatin1String("wrong-issuer")) {
        token = "issuer-kez";
    } else if (auth == QLatin1String("terminal")) {
        token = m_c->terminalToken;
    } else if (auth == QLatin1String("wrong-terminal")) {
        token = m_c->terminalId.toUtf8() + ":guess";
    }
    // The upload rows name "this" terminal where they should: rebuild them with the real id.
    if (path.endsWith(QLatin1String("/redemptions")) && body.contains("T-OTHER") && auth != QLatin1String("terminal")) {
        body.replace("T-OTHER", m_c->terminalId.toUtf8());
    }
    const QString before = m_c->fingerprint();
    const Http reply = m_c->call(verb, path, body, token);
    QCOMPARE(reply.status, status);
    QVERIFY2(!reply.json.value("reason").toString().isEmpty(), reply.body.constData()); // a reason, always
    QCOMPARE(m_c->fingerprint(), before);
}

void TestCentralApi::routesAnswer404And405WithAllow_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("auth");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("allow");
    // A path no route knows: 404, after the credentials its prefix needs (a caller without them learns nothing).
    QTest::newRow("unknown issuer path") << QByteArray("GET") << "/v1/issuer/nothing"
                                         << "issuer" << 404 << QByteArray();
    QTest::newRow("unknown issuer path, no key") << QByteArray("GET") << "/v1/issuer/nothing"
                                                 << "none" << 401 << QByteArray();
    QTest::newRow("one segment too many") << QByteArray("POST") << "/v1/issuer/memberships/M-1001/suspend/now"
                                          << "issuer" << 404 << QByteArray();
    QTest::newRow("unknown terminal path") << QByteArray("GET") << "/v1/terminal/nothing"
                                           << "terminal" << 404 << QByteArray();
    QTest::newRow("unknown terminal path, no credentials") << QByteArray("GET") << "/v1/terminal/nothing"
                                                           << "none" << 401 << QByteArray();
    QTest::newRow("outside /v1") << QByteArray("GET") << "/admin"
                                 << "none" << 404 << QByteArray();
    // A known path with another method: 405 and the methods it takes.
    QTest::newRow("delete a membership") << QByteArray("DELETE") << "/v1/issuer/memberships/M-1001"
                                         << "issuer" << 405 << QByteArray("GET, PATCH");
    QTest::newRow("delete a membership, no key") << QByteArray("DELETE") << "/v1/issuer/memberships/M-1001"
                                                 << "none" << 401 << QByteArray();
    QTest::newRow("put the membership list") << QByteArray("PUT") << "/v1/issuer/memberships"
                                             << "issuer" << 405 << QByteArray("GET, POST");
    QTest::newRow("post to a program") << QByteArray("POST") << "/v1/issuer/programs/GOLD"
                                       << "issuer" << 405 << QByteArray("GET, PUT, DELETE");
    QTest::newRow("post to a resource") << QByteArray("POST") << "/v1/issuer/resources/HKG-T1-LOUNGE"
                                        << "issuer" << 405 << QByteArray("GET, PUT, DELETE");
    QTest::newRow("post validity") << QByteArray("POST") << "/v1/issuer/memberships/M-1001/validity"
                                   << "issuer" << 405 << QByteArray("PUT, PATCH");
    QTest::newRow("get suspend") << QByteArray("GET") << "/v1/issuer/memberships/M-1001/suspend"
                                 << "issuer" << 405 << QByteArray("POST");
    QTest::newRow("post qr") << QByteArray("POST") << "/v1/issuer/epasses/E-2001/qr"
                             << "issuer" << 405
                             << QByteArray("GET, PUT, PATCH, DELETE"); // PUT/PATCH/DELETE: 409, the pass is immutable
    QTest::newRow("post health") << QByteArray("POST") << "/v1/health"
                                 << "none" << 405 << QByteArray("GET, HEAD");
    QTest::newRow("get enroll") << QByteArray("GET") << "/v1/terminal/enroll"
                                << "none" << 405 << QByteArray("POST");
    QTest::newRow("get redeem") << QByteArray("GET") << "/v1/terminal/redeem"
                                << "terminal" << 405 << QByteArray("POST");
    QTest::newRow("post changes") << QByteArray("POST") << "/v1/terminal/changes"
                                  << "terminal" << 405 << QByteArray("GET");
    QTest::newRow("get redeem, no credentials") << QByteArray("GET") << "/v1/terminal/redeem"
                                                << "none" << 401 << QByteArray();
}

void TestCentralApi::routesAnswer404And405WithAllow()
{
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    QFETCH(QString, auth);
    QFETCH(int, status);
    QFETCH(QByteArray, allow);
    const QString before = m_c->fingerprint();
    const QByteArray token = auth == QLatin1String("issuer") ? QByteArray("issuer-key")
        : auth == QLatin1String("terminal")                  ? m_c->terminalToken
                                                             : QByteArray();
    const Http r = m_c->call(verb, path, {}, token);
    QCOMPARE(r.status, status);
    QCOMPARE(r.allow, allow);
    const QString error = status == 405 ? QStringLiteral("METHOD_NOT_ALLOWED")
        : status == 404                 ? QStringLiteral("NOT_FOUND")
                                        : QStringLiteral("UNAUTHORIZED");
    QCOMPARE(r.json.value("error").toString(), error);
    QCOMPARE(m_c->fingerprint(), before);
}

void TestCentralApi::enrollmentCodeIsOneTime()
{
    auto code = m_c->service->createEnrollmentCode(QStringLiteral("LHR-T5-LOUNGE"));
    QVERIFY(code);
    const QByteArray body = QJsonDocument(QJsonObject {{"code", code->toLower()}}).toJson();
    const Http first = m_c->call("POST", "/v1/terminal/enroll", body, {});
    QCOMPARE(first.status, 200);
    QCOMPARE(first.json.value("resource").toString(), QStringLiteral("LHR-T5-LOUNGE"));
    const Http again = m_c->call("POST", "/v1/terminal/enroll", body, {});
    QCOMPARE(again.status, 403);
    // The credentials work, and only for this terminal.
    const QByteArray token
        = (first.json.value("terminalId").toString() + QLatin1Char(':') + first.json.value("secret").toString())
              .toUtf8();
    QCOMPARE(m_c->call("GET", "/v1/terminal/time", {}, token).status, 200);
    QVERIFY(!m_c->service->createEnrollmentCode(QStringLiteral("NO-SUCH-RESOURCE")));
}

void TestCentralApi::uploadIsIdempotentWithAResultPerItem()
{
    const QJsonObject ok = redemptionJson(m_c->terminalId);
    const QJsonObject ghost = redemptionJson(m_c->terminalId, QStringLiteral("M:M-GHOST"));
    QJsonObject elsewhere = redemptionJson(m_c->terminalId);
    elsewhere.insert("resource", QStringLiteral("LHR-T5-LOUNGE"));
    const QByteArray batch = QJsonDocument(QJsonObject {{"redemptions", QJsonArray {ok, ghost, elsewhere}}})
                                 .toJson(QJsonDocument::Compact);
    const Http first = m_c->call("POST", "/v1/terminal/redemptions", batch, m_c->terminalToken);
    QCOMPARE(first.status, 200);
    const QJsonArray results = first.json.value("results").toArray();
    QCOMPARE(results.size(), 3);
    QCOMPARE(results[0].toObject().value("status").toString(), QStringLiteral("accepted"));
    QVERIFY(results[0].toObject().value("serverSeq").toDouble() > 0);
    QCOMPARE(results[1].toObject().value("status").toString(), QStringLiteral("rejected"));
    QCOMPARE(results[1].toObject().value("reason").toString(), QStringLiteral("UNKNOWN_CREDENTIAL"));
    QCOMPARE(results[2].toObject().value("reason").toString(), QStringLiteral("RESOURCE_MISMATCH"));

    const QString afterFirst = m_c->fingerprint();
    const Http second = m_c->call("POST", "/v1/terminal/redemptions", batch, m_c->terminalToken);
    QCOMPARE(second.status, 200);
    const QJsonArray again = second.json.value("results").toArray();
    QCOMPARE(again[0].toObject().value("status").toString(), QStringLiteral("duplicate"));
    QCOMPARE(again[0].toObject().value("original").toString(), QStringLiteral("accepted"));
    QCOMPARE(again[0].toObject().value("serverSeq"), results[0].toObject().value("serverSeq"));
    QCOMPARE(again[1].toObject().value("original").toString(), QStringLiteral("rejected"));
    QCOMPARE(m_c->fingerprint(), afterFirst);
    QCOMPARE(m_c->store->redemptionsOf(QStringLiteral("M:M-1001"), 10)->size(), 2); // the accepted + mismatch
}

void TestCentralApi::paidEntryUploadsAndCountsNothing()
{
    // A walk-in / paid entry (kind "paid", amount optional): accepted, stored with its kind and amount, and it takes
    // no visit from the pass. One that claims pool uses is refused by the strict reader.
    QJsonObject paid = redemptionJson(m_c->terminalId, QStringLiteral("M:M-1003"));
    paid.insert("kind", QStringLiteral("paid"));
    paid.insert("uses", QJsonArray {});
    paid.insert("partySize", 2);
    paid.insert("amountMinor", 4550);
    QJsonObject greedy = redemptionJson(m_c->terminalId, QStringLiteral("M:M-1003"));
    greedy.insert("kind", QStringLiteral("paid"));
    const auto before = m_c->fingerprint();
    const Http bad
        = m_c->call("POST", "/v1/terminal/redemptions",
                    QJsonDocument(QJsonObject {{"redemptions", QJsonArray {greedy}}}).toJson(), m_c->terminalToken);
    QCOMPARE(bad.status, 400);
    QCOMPARE(m_c->fingerprint(), before);
    const Http ok
        = m_c->call("POST", "/v1/terminal/redemptions",
                    QJsonDocument(QJsonObject {{"redemptions", QJsonArray {paid}}}).toJson(), m_c->terminalToken);
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.json.value("results").toArray().at(0).toObject().value("status").toString(),
             QStringLiteral("accepted"));
    auto stored = m_c->store->redemptionsOf(QStringLiteral("M:M-1003"), 10);
    QVERIFY(stored);
    QCOMPARE(stored->size(), 1);
    QCOMPARE(toString(stored->at(0).record.kind), toString(core::JournalKind::Paid));
    QCOMPARE(stored->at(0).record.amountMinor, std::optional<qint64>(4550));
    QCOMPARE(stored->at(0).record.partySize, 2);
    QVERIFY(stored->at(0).record.uses.isEmpty());
}

void TestCentralApi::membershipStatusTransitions_data()
{
    QTest::addColumn<QString>("member");
    QTest::addColumn<QStringList>("steps"); // op[:validTo offset days]=expected (ok | conflict)
    QTest::addColumn<QString>("finalStatus");
    QTest::newRow("active → suspended → active") << "M-1001" << QStringList {"suspend=ok", "reactivate=ok"} << "ACTIVE";
    QTest::newRow("suspend twice") << "M-1001" << QStringList {"suspend=ok", "suspend=conflict"} << "SUSPENDED";
    QTest::newRow("reactivate active") << "M-1001" << QStringList {"reactivate=conflict"} << "ACTIVE";
    QTest::newRow("pending → active") << "M-1004" << QStringList {"reactivate=ok"} << "ACTIVE";
    QTest::newRow("cancelled is final") << "M-1005"
                                        << QStringList {"reactivate=conflict", "suspend=conflict", "cancel=conflict",
                                                        "validity:30=conflict"}
                                        << "CANCELLED";
    QTest::newRow("expired needs a new expiry")
        << "M-1006" << QStringList {"reactivate=conflict", "reactivate:-1=conflict", "reactivate:30=ok"} << "ACTIVE";
    QTest::newRow("suspended can be cancelled")
        << "M-1003" << QStringList {"cancel=ok", "reactivate=conflict"} << "CANCELLED";
}

void TestCentralApi::membershipStatusTransitions()
{
    QFETCH(QString, member);
    QFETCH(QStringList, steps);
    QFETCH(QString, finalStatus);
    for (const QString& step : steps) {
        const QString op = step.section(QLatin1Char('='), 0, 0).section(QLatin1Char(':'), 0, 0);
        const QString days = step.section(QLatin1Char('='), 0, 0).section(QLatin1Char(':'), 1, 1);
        const bool expectOk = step.section(QLatin1Char('='), 1) == QLatin1String("ok");
        QJsonObject body;
        if (!days.isEmpty()) {
            body.insert("validTo", QDate::currentDate().addDays(days.toInt()).toString(Qt::ISODate));
        }
        const QString path = op == QLatin1String("validity")
            ? QStringLiteral("/v1/issuer/memberships/%1/validity").arg(member)
            : QStringLiteral("/v1/issuer/memberships/%1/%2").arg(member, op);
        const Http r = m_c->issuer(op == QLatin1String("validity") ? "PUT" : "POST", path, body);
        QVERIFY2((r.status == 200) == expectOk, qPrintable(step + QLatin1String(" → ") + QString::fromUtf8(r.body)));
        if (!expectOk) {
            QCOMPARE(r.status, 409);
        }
    }
    const Http m = m_c->issuer("GET", QStringLiteral("/v1/issuer/memberships/%1").arg(member));
    QCOMPARE(m.json.value("membership").toObject().value("status").toString(), finalStatus);
}

void TestCentralApi::ePassIsImmutableOnlyRevocable()
{
    const QDate today = QDate::currentDate();
    const QJsonObject spec {{"module", "LOUNGE"},
                            {"firstName", "Ana"},
                            {"lastName", "Lima"},
                            {"usages", 2},
                            {"activation", today.toString(Qt::ISODate)},
                            {"expiration", today.addDays(5).toString(Qt::ISODate)},
                            {"scope", QJsonObject {{"airports", QJsonArray {"HKG"}}}}};
    const Http issued = m_c->issuer("POST", QStringLiteral("/v1/issuer/epasses"), spec);
    QCOMPARE(issued.status, 201);
    const QString id = issued.json.value("epass").toObject().value("id").toString();
    QVERIFY(core::CredentialCode::parse(issued.json.value("code").toString().toUtf8()));
    QVERIFY(!issued.json.value("epass").toObject().contains("codeHash"));
    const QString before = m_c->fingerprint();
    for (const char* verb : {"PUT", "PATCH", "DELETE"}) {
        QCOMPARE(m_c->issuer(verb, QStringLiteral("/v1/issuer/epasses/") + id, QJsonObject {{"usages", 9}}).status,
                 409);
    }
    QCOMPARE(m_c->fingerprint(), before);
    const Http revoked = m_c->issuer("POST", QStringLiteral("/v1/issuer/epasses/%1/revoke").arg(id));
    QCOMPARE(revoked.status, 200);
    QCOMPARE(revoked.json.value("epass").toObject().value("status").toString(), QStringLiteral("REVOKED"));
    QCOMPARE(m_c->issuer("POST", QStringLiteral("/v1/issuer/epasses/%1/revoke").arg(id)).status, 409);
    // Issue with an inverted window is refused.
    QJsonObject inverted = spec;
    inverted.insert("expiration", today.addDays(-1).toString(Qt::ISODate));
    QCOMPARE(m_c->issuer("POST", QStringLiteral("/v1/issuer/epasses"), inverted).status, 400);
}

void TestCentralApi::issuerEndToEndOverHttp()
{
    QJsonObject program {{"id", "SILVER"},
                         {"name", "Silver"},
                         {"defaultValidityDays", 90},
                         {"entitlements",
                          QJsonArray {QJsonObject {
                              {"module", "LOUNGE"}, {"cardholder", QJsonObject {{"count", 3}}}, {"period", "YEAR"}}}}};
    QCOMPARE(m_c->issuer("POST", QStringLiteral("/v1/issuer/programs"), program).status, 201);
    QCOMPARE(m_c->issuer("POST", QStringLiteral("/v1/issuer/programs"), program).status, 409);
    const Http m = m_c->issuer("POST", QStringLiteral("/v1/issuer/memberships"),
                               {{"program", "SILVER"}, {"holderName", "Kim Lee"}, {"number", "6001234599990001"}});
    QCOMPARE(m.status, 201);
    const QString id = m.json.value("membership").toObject().value("id").toString();
    QCOMPARE(m.json.value("membership").toObject().value("validTo").toString(),
             m_c->clock.now().date().addDays(90).toString(Qt::ISODate));
    QCOMPARE(m_c->issuer("POST", QStringLiteral("/v1/issuer/memberships"),
                         {{"program", "SILVER"}, {"holderName", "Dup"}, {"number", "6001234599990001"}})
                 .status,
             409);
    const Http ent = m_c->issuer("PUT", QStringLiteral("/v1/issuer/memberships/%1/entitlements/DINING").arg(id),
                                 {{"cardholder", QJsonObject {{"count", 1}}}, {"period", "MONTH"}});
    QCOMPARE(ent.status, 200);
    QCOMPARE(ent.json.value("membership").toObject().value("overrides").toArray().size(), 1);
    QCOMPARE(m_c->issuer("DELETE", QStringLiteral("/v1/issuer/memberships/%1/entitlements/LOUNGE").arg(id)).status,
             200);
    QCOMPARE(m_c->issuer("PUT", QStringLiteral("/v1/issuer/memberships/%1/tier").arg(id), {{"program", "GOLD"}}).status,
             200);
    QCOMPARE(m_c->issuer("PUT", QStringLiteral("/v1/issuer/memberships/%1/tier").arg(id), {{"program", "NOPE"}}).status,
             404);

    // Redeem online at the terminal endpoint, then read the credential's redemptions and remaining visits.
    const QString code = m.json.value("code").toString();
    const QJsonObject redeem {{"id", QUuid::createUuid().toString(QUuid::WithoutBraces)}, {"code", code}};
    const Http r = m_c->call("POST", "/v1/terminal/redeem", QJsonDocument(redeem).toJson(), m_c->terminalToken);
    QCOMPARE(r.status, 200);
    // GOLD applies from now, its LOUNGE entitlement is the program's; the override removed LOUNGE though.
    QCOMPARE(r.json.value("decision").toObject().value("reason").toString(), QStringLiteral("WRONG_MODULE"));
    QVERIFY(m_c->issuer("PUT", QStringLiteral("/v1/issuer/memberships/%1/entitlements/LOUNGE").arg(id),
                        {{"cardholder", QJsonObject {{"count", 1}}}, {"period", "YEAR"}})
                .status
            == 200);
    const Http r2 = m_c->call("POST", "/v1/terminal/redeem", QJsonDocument(redeem).toJson(), m_c->terminalToken);
    QCOMPARE(r2.json.value("decision").toObject().value("verdict").toString(), QStringLiteral("ACCEPT"));
    QVERIFY(r2.json.value("serverSeq").toDouble() > 0);
    const Http r3 = m_c->call("POST", "/v1/terminal/redeem", QJsonDocument(redeem).toJson(), m_c->terminalToken);
    QVERIFY(r3.json.value("duplicate").toBool()); // same id: judged once

    const Http rep = m_c->issuer("GET", QStringLiteral("/v1/issuer/memberships/%1/redemptions").arg(id));
    QCOMPARE(rep.status, 200);
    QCOMPARE(rep.json.value("redemptions").toArray().size(), 1);
    bool found = false;
    for (const auto& b : rep.json.value("balances").toArray()) {
        const QJsonObject o = b.toObject();
        if (o.value("module").toString() == QLatin1String("LOUNGE")
            && o.value("pool").toString() == QLatin1String("CARDHOLDER")) {
            QCOMPARE(o.value("remaining").toInt(), 0);
            found = true;
        }
    }
    QVERIFY(found);
}

void TestCentralApi::qrPayloadAndPng()
{
    const QString expected = m_c->demo.samples.first().code; // M-1001's code
    const Http qr = m_c->issuer("GET", QStringLiteral("/v1/issuer/memberships/M-1001/qr"));
    QCOMPARE(qr.status, 200);
    QCOMPARE(qr.json.value("payload").toString(), expected);
    const Http png = m_c->issuer("GET", QStringLiteral("/v1/issuer/epasses/E-2001/qr.png"));
    QCOMPARE(png.status, 200);
    QVERIFY(png.body.startsWith("\x89PNG"));
    QImage image;
    QVERIFY(image.loadFromData(png.body, "PNG"));
    QCOMPARE(image.width(), image.height());
    QCOMPARE(m_c->issuer("GET", QStringLiteral("/v1/issuer/memberships/M-NONE/qr")).status, 404);
}

void TestCentralApi::servesTls()
{
    // A self-signed certificate for 127.0.0.1, made at test time.
    const QString cert = m_c->dir.filePath(QStringLiteral("cert.pem"));
    const QString key = m_c->dir.filePath(QStringLiteral("key.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"),
                   QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-keyout"), key,
                   QStringLiteral("-out"), cert});
    if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0) {
        QSKIP("openssl is not available to make a test certificate");
    }
    QFile certFile(cert);
    QFile keyFile(key);
    QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
    const QSslCertificate certificate(&certFile, QSsl::Pem);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(certificate);
    tls.setPrivateKey(QSslKey(&keyFile, QSsl::Rsa, QSsl::Pem));
    central::CentralServer::Options options;
    options.issuerKey = "issuer-key";
    central::CentralServer server(*m_c->service, options);
    server.useTls(tls);
    auto port = server.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port);

    QNetworkRequest request(QUrl(QStringLiteral("https://127.0.0.1:%1/v1/terminal/time").arg(*port)));
    QSslConfiguration client = QSslConfiguration::defaultConfiguration();
    client.setCaCertificates({certificate}); // trust exactly this certificate: verification stays on
    request.setSslConfiguration(client);
    request.setRawHeader("Authorization", "Bearer " + m_c->terminalToken);
    QNetworkReply* reply = m_c->nam.get(request);
    QSignalSpy done(reply, &QNetworkReply::finished);
    QVERIFY(done.wait(30000));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(QJsonDocument::fromJson(reply->readAll()).object().contains("serverTime"));
    reply->deleteLater();
}

void TestCentralApi::feedPageIsTheStoredBodiesByteForByte()
{
    // The feed splices the bodies central stored into the page. Central reads them as the stored bytes (no UTF-16
    // round trip) and reads a page without the count in another statement than with it (issue 16): the answer must
    // still be exactly the stored bytes — non-ASCII, emoji, escapes — in seq order, the same with and without count.
    const QStringList names {QStringLiteral("Zoë Ünal-Æsir"), QStringLiteral("中文 名字"),
                             QStringLiteral("emoji \U0001F600 pass"), QStringLiteral("quote \" and \\ backslash"),
                             QStringLiteral("tab\tand\nnewline \u00a0\u2028")};
    const qint64 cursor = *m_c->store->headSeq();
    for (int i = 0; i < names.size(); ++i) {
        core::Membership m;
        m.id = QStringLiteral("UTF-%1").arg(i);
        m.holderName = names[i];
        m.tiers = {core::TierAssignment {QStringLiteral("GOLD"), {}}};
        m.status = core::MembershipStatus::Active;
        m.validFrom = QDate(2026, 1, 1);
        m.validTo = QDate(2027, 12, 31);
        m.codeHash = QCryptographicHash::hash("utf" + QByteArray::number(i), QCryptographicHash::Sha256);
        QVERIFY(m_c->service->writeMembership(m));
    }
    // The stored bytes, read past central's code: the SQLite file directly; PostgreSQL's store is read as before.
    QList<QByteArray> stored;
    if (m_c->db.isPostgres()) {
        auto rows = m_c->store->changesSince(cursor, 1000);
        QVERIFY(rows);
        for (const auto& r : *rows) {
            if (r.kind == central::kind::kMembership) {
                stored << r.body;
            }
        }
    } else {
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open_v2(m_c->db.url.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        QCOMPARE(sqlite3_prepare_v2(db,
                                    "SELECT CAST(body AS BLOB) FROM records WHERE seq > ?1 AND kind = 'membership' "
                                    "ORDER BY seq",
                                    -1, &st, nullptr),
                 SQLITE_OK);
        sqlite3_bind_int64(st, 1, cursor);
        while (sqlite3_step(st) == SQLITE_ROW) {
            stored << QByteArray(static_cast<const char*>(sqlite3_column_blob(st, 0)), sqlite3_column_bytes(st, 0));
        }
        sqlite3_finalize(st);
        sqlite3_close(db);
    }
    QCOMPARE(stored.size(), names.size());
    QVERIFY(stored[2].contains(QStringLiteral("\U0001F600").toUtf8())); // stored as UTF-8, not escaped
    const QByteArray expected = "\"memberships\":[" + stored.join(',') + ']';
    const QString path = QStringLiteral("/v1/terminal/changes?cursor=%1&limit=%2").arg(cursor).arg(names.size());
    const Http plain = m_c->call("GET", path, {}, m_c->terminalToken);
    const Http counted = m_c->call("GET", path + QStringLiteral("&count=1"), {}, m_c->terminalToken);
    QCOMPARE(plain.status, 200);
    QCOMPARE(counted.status, 200);
    QVERIFY2(plain.body.contains(expected), plain.body.constData());
    QVERIFY2(counted.body.contains(expected), counted.body.constData());
    QCOMPARE(counted.json.value(QStringLiteral("remaining")).toInt(-1), 0);
    QVERIFY(!plain.json.contains(QStringLiteral("remaining")));
}

void TestCentralApi::feedCountReadsTheFeedIndexAlone()
{
    // A download's first page counts the records it will receive (`remaining`). The feed index holds the columns the
    // audience test reads (kind, audience_module), so the count is read from the index alone, not by looking every
    // record up by its key (issue 16: at 2 M records the terminal waited seconds for its first page). SQLite: the
    // count's plan; PostgreSQL: the index's columns (its planner picks by table size and statistics).
    if (m_c->db.isPostgres()) {
        central::pg::Connection pg(m_c->db.url);
        auto rows = pg.exec(QStringLiteral("SELECT indexdef FROM pg_indexes WHERE indexname = 'records_feed'"));
        QVERIFY2(rows, rows ? "" : qPrintable(rows.error().toString()));
        QCOMPARE(rows->size(), 1);
        const QString def = rows->text(0, 0);
        QVERIFY2(def.contains(QLatin1String("(seq, kind, audience_module)")), qPrintable(def));
        return;
    }
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open_v2(m_c->db.url.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    // The count's condition as SqliteCentralStore::feedScan writes it (audience test of the records_feed index).
    QCOMPARE(sqlite3_prepare_v2(db,
                                "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM records WHERE seq > 1 AND audience_module IS "
                                "NOT 'ǎntral-only' AND (audience_module IS NULL OR audience_module = '' OR kind "
                                "= 'epass' OR audience_module = 'LOUNGE')",
                                -1, &st, nullptr),
             SQLITE_OK);
    QString plan;
    while (sqlite3_step(st) == SQLITE_ROW) {
        plan += QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 3))) + QLatin1Char('\n');
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    QVERIFY2(plan.contains(QLatin1String("COVERING INDEX records_feed")), qPrintable(plan));
}

QTEST_GUILESS_MAIN(TestCentralApi)
#include "tst_centralapi.moc"
