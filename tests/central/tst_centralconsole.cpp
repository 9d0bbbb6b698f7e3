// The operator console's sign-in over real HTTP on loopback (issue 15 §4): operator accounts, sessions held in the
// database (two servers over one database stand for two central processes), the hardened cookie, CSRF on writes,
// the login throttle, expiry, logout, security headers, the assets, the enrollment QR.
#include "CentralServer.h"
#include "CentralService.h"
#include "ConsoleEndpoints.h"
#include "DemoData.h"
#include "EnrollmentLink.h"
#include "OperatorAuth.h"
#include "TestCentralDb.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace lounge;

namespace {

const QString kPassword = QStringLiteral("correct horse battery");

struct Http
{
    int status = 0;
    QJsonObject json;
    QByteArray body;
    QNetworkReply* raw = nullptr;
    QHash<QByteArray, QByteArray> headers;
};

/// One central process: its own store connection, services and server over the shared database.
struct Process
{
    std::unique_ptr<central::CentralStore> store;
    std::unique_ptr<central::CentralService> service;
    std::unique_ptr<central::OperatorAuth> operators;
    std::unique_ptr<central::CentralServer> server;
    quint16 port = 0;
};

class ConsoleUnderTest
{
public:
    QTemporaryDir dir;
    core::FixedClock clock {QDateTime::currentDateTimeUtc()};
    test::TestCentralDb db;
    Process a;
    Process b;
    QNetworkAccessManager nam;

    bool start()
    {
        QString why;
        if (!db.create(dir, QStringLiteral("central.sqlite"), &why)) {
            qWarning() << why;
            return false;
        }
        for (Process* p : {&a, &b}) {
            auto s = db.open();
            if (!s) {
                qWarning() << s.error().toString();
                return false;
            }
            p->store = std::move(s).value();
            p->service
                = std::make_unique<central::CentralService>(*p->store, clock, central::CentralService::Options {});
            p->operators
                = std::make_unique<central::OperatorAuth>(*p->store, clock, central::OperatorAuth::Cost::Minimal);
            central::CentralServer::Options options;
            options.issuerKey = "issuer-key";
            p->server = std::make_unique<central::CentralServer>(*p->service, options);
            p->server->setConsole(p->operators.get());
            auto port = p->server->listen(QHostAddress::LocalHost, 0);
            if (!port) {
                return false;
            }
            p->port = *port;
        }
        return a.service->seedDemo(core::DemoData::build(QDate::currentDate())).hasValue()
            && a.operators->addOperator(QStringLiteral("alice"), kPassword).hasValue();
    }

    Http call(const Process& p, const QByteArray& verb, const QString& path, const QByteArray& body = {},
              const QList<std::pair<QByteArray, QByteArray>>& headers = {})
    {
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(p.port).arg(path)));
        // The test sends and reads cookies itself.
        request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
        request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
        if (!body.isEmpty()) {
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        }
        for (const auto& [k, v] : headers) {
            request.setRawHeader(k, v);
        }
        request.setTransferTimeout(20000);
        QNetworkReply* reply = nam.sendCustomRequest(request, verb, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        done.wait(30000);
        Http out;
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = reply->readAll();
        out.json = QJsonDocument::fromJson(out.body).object();
        for (const auto& [k, v] : reply->rawHeaderPairs()) {
            out.headers.insert(k.toLower(), v);
        }
        reply->deleteLater();
        return out;
    }

    Http login(const Process& p, const QString& name, const QString& password,
               const QList<std::pair<QByteArray, QByteArray>>& headers = {})
    {
        return call(p, "POST", QStringLiteral("/console/api/login"),
                    QJsonDocument(QJsonObject {{"name", name}, {"password", password}}).toJson(), headers);
    }

    static QByteArray cookieOf(const Http& login) { return login.headers.value("set-cookie").split(';').value(0); }

    QString status(const QString& member)
    {
        return a.service->issuer().membership(member)->status == core::MembershipStatus::Active
            ? QStringLiteral("ACTIVE")
            : QStringLiteral("not active");
    }
};

} // namespace

class TestCentralConsole : public QObject
{
    Q_OBJECT

private slots:
    void loginSetsAHardenedCookie()
    {
        ConsoleUnderTest t;
        QVERIFY(t.start());
        const Http ok = t.login(t.a, QStringLiteral("alice"), kPassword);
        QCOMPARE(ok.status, 200);
        const QByteArray cookie = ok.headers.value("set-cookie");
        QVERIFY2(cookie.startsWith("lounge_console="), cookie);
        QVERIFY(cookie.contains("; HttpOnly"));
        QVERIFY(cookie.contains("; SameSite=Strict"));
        QVERIFY(cookie.contains("; Path=/"));
        QVERIFY(!cookie.contains("Secure")); // plain HTTP on loopback
        QCOMPARE(ok.json.value("operator").toString(), QStringLiteral("alice"));
        QVERIFY(ok.json.value("csrfToken").toString().size() >= 40);
        // The token is not what the database holds (only its SHA-256 is the record id).
        const QByteArray token = ConsoleUnderTest::cookieOf(ok).mid(int(qstrlen("lounge_console=")));
        QVERIFY(!t.a.store->record(central::kind::kOperatorSession, QString::fromLatin1(token))->has_value());
        // Behind a TLS front (nginx sets X-Forwarded-Proto) the cookie is Secure.
        const Http tls = t.login(t.a, QStringLiteral("alice"), kPassword, {{"X-Forwarded-Proto", "https"}});
        QVERIFY2(tls.headers.value("set-cookie").contains("; Secure"), tls.headers.value("set-cookie"));
    }

    void sessionReadsAndWritesNeedItsCsrfToken()
    {
        ConsoleUnderTest t;
        QVERIFY(t.start());
        const Http ok = t.login(t.a, QStringLiteral("alice"), kPassword);
        const QByteArray cookie = ConsoleUnderTest::cookieOf(ok);
        const QByteArray csrf = ok.json.value("csrfToken").toString().toLatin1();
        const QString member = QStringLiteral("/v1/issuer/memberships/M-1001");

        QCOMPARE(t.call(t.a, "GET", member).status, 401);
        QCOMPARE(t.call(t.a, "GET", member, {}, {{"Cookie", "lounge_console=forged"}}).status, 401);
        const Http read = t.call(t.a, "GET", member, {}, {{"Cookie", cookie}});
        QCOMPARE(read.status, 200);
        QCOMPARE(read.json.value("membership").toObject().value("holderName").toString(),
                 QStringLiteral("Mei Ling Chan"));

        // A write without the CSRF header, with a wrong one, or from another origin changes nothing.
        const QList<QList<std::pair<QByteArray, QByteArray>>> refused = {
            {{"Cookie", cookie}},
            {{"Cookie", cookie}, {"X-CSRF-Token", csrf.left(csrf.size() - 1) + "x"}},
            {{"Cookie", cookie}, {"X-CSRF-Token", csrf}, {"Origin", "http://evil.example"}},
        };
        for (const auto& headers : refused) {
            const Http r = t.call(t.a, "POST", member + QStringLiteral("/suspend"), "{}", headers);
            QCOMPARE(r.status, 403);
            QCOMPARE(t.status(QStringLiteral("M-1001")), QStringLiteral("ACTIVE"));
        }
        const Http done = t.call(t.a, "POST", member + QStringLiteral("/suspend"), "{}",
                                 {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
        QCOMPARE(done.status, 200);
        QCOMPARE(t.status(QStringLiteral("M-1001")), QStringLiteral("not active"));
        // The issuer key still works as before, without any of this.
        QCOMPARE(t.call(t.a, "GET", member, {}, {{"Authorization", "Bearer issuer-key"}}).status, 200);
    }

    void correctionsNameTheOperatorInTheAudit()
    {
        ConsoleUnderTest t;
        QVERIFY(t.start());
        const Http ok = t.login(t.a, QStringLiteral("alice"), kPassword);
        const QList<std::pair<QByteArray, QByteArray>> session {
            {"Cookie", ConsoleUnderTest::cookieOf(ok)},
            {"X-CSRF-Token", ok.json.value("csrfToken").toString().toLatin1()}};
        const QString member = QStringLiteral("/v1/issuer/memberships/M-1001");
        QCOMPARE(t.call(t.a, "PATCH", member, R"({"holderName":"Mei-Ling Chan"})", session).status, 200);
        QCOMPARE(
            t.call(t.a, "PATCH", member, R"({"holderName":"Mei Ling Chan"})", {{"Authorization", "Bearer issuer-key"}})
                .status,
            200);
        const Http audit = t.call(t.a, "GET", member + QStringLiteral("/corrections"), {}, session);
        QCOMPARE(audit.status, 200);
        // Both corrections may carry the same instant (the test's clock stands still): find each by what it set.
        QMap<QString, QString> actorBySetValue;
        for (const auto& item : audit.json.value("items").toArray()) {
            actorBySetValue.insert(item.toObject().value("new").toString(), item.toObject().value("actor").toString());
        }
        QCOMPARE(actorBySetValue.size(), 2);
        QCOMPARE(actorBySetValue.value(QStringLiteral("Mei-Ling Chan")), QStringLiteral("operator:alice"));
        QVERIFY2(actorBySetValue.value(QStringLiteral("Mei Ling Chan")).startsWith(QLatin1String("issuer-key:")),
                 qPrintable(actorBySetValue.value(QStringLiteral("Mei Ling Chan"))));
    }

    void sessionsLiveInTheDatabase()
    {
        ConsoleUnderTest t;
        QVERIFY(t.start());
        const Http ok = t.login(t.a, QStringLiteral("alice"), kPassword);
        const QByteArray cookie = ConsoleUnderTest::cookieOf(ok);
        const QByteArray csrf = ok.json.value("csrfToken").toString().toLatin1();
        // Issued by process A, accepted by process B.
        const Http session = t.call(t.b, "GET", QStringLiteral("/console/api/session"), {}, {{"Cookie", cookie}});
        QCOMPARE(session.status, 200);
        QCOMPARE(session.json.value("operator").toString(), QStringLiteral("alice"));
        // Logout at B ends it at A.
        const Http out = t.call(t.b, "POST", QStringLiteral("/console/api/logout"), "{}",
                                {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
        QCOMPARE(out.status, 200);
        QVERIFY(out.headers.value("set-cookie").contains("Max-Age=0"));
        QCOMPARE(t.call(t.a, "GET", QStringLiteral("/v1/issuer/overdraws"), {}, {{"Cookie", cookie}}).status, 401);
    }

    void sessionsExpireAndEndWithTheAccount()
    {
        ConsoleUnderTest t;
        QVERIFY(t.start());
        QByteArray cookie = ConsoleUnderTest::cookieOf(t.login(t.a, QStringLiteral("alice"), kPassword));
        const QString path = QStringLiteral("/v1/issuer/overdraws");
        t.clock.advance(central::OperatorAuth::kSessionSeconds - 1);
        QCOMPARE(t.call(t.a, "GET", path, {}, {{"Cookie", cookie}}).status, 200);
        t.clock.advance(2);
        QCOMPARE(t.call(t.a, "GET", path, {}, {{"Cookie", cookie}}).status, 401);

        cookie = ConsoleUnderTest::cookieOf(t.login(t.a, QStringLiteral("alice"), kPassword));
        QVERIFY(t.b.operators->addOperator(QStringLiteral("alice"), QStringLiteral("a new password 2")));
        QCOMPARE(t.call(t.a, "GET", path, {}, {{"Cookie", cookie}}).status, 401);
        QCOMPARE(t.login(t.a, QStringLiteral("alice"), kPassword).status, 401);

        cookie = ConsoleUnderTest::cookieOf(t.login(t.a, QStringLiteral("alice"), QStringLiteral("a new password 2")));
        QCOMPARE(t.call(t.a, "GET", path, {}, {{"Cookie", cookie}}).status, 200);
        QVERIFY(t.b.operators->removeOperator(QStringLiteral("alice")));
        QCOMPARE(t.call(t.a, "GET", path, {}, {{"Cookie", cookie}}).status, 401);
        QVERIFY(t.b.operators->removeOperator(QStringLiteral("alice")).error().code == core::ErrorCode::NotFound);
    }

    void failedLoginsAreThrottledPerName()
    {
        ConsoleUnderTest t;
        QVERIFY(t.start());
        for (int i = 0; i < central::OperatorAuth::kFreeFailures; ++i) {
            QCOMPARE(t.login(i % 2 ? t.a : t.b, QStringLiteral("alice"), QStringLiteral("wrong password")).status, 401);
        }
        // Locked now, across both processes, even for the right password.
        const Http locked = t.login(t.a, QStringLiteral("alice"), kPassword);
        QCOMPARE(locked.status, 429);
        QCOMPARE(locked.headers.value("retry-after"), QByteArray::number(central::OperatorAuth::kFirstLockSeconds));
        QCOMPARE(t.login(t.b, QStringLiteral("alice"), kPassword).status, 429);
        // Unknown names are throttled the same way (no enumeration by lock-out).
        for (int i = 0; i < central::OperatorAuth::kFreeFailures; ++i) {
            QCOMPARE(t.login(t.a, QStringLiteral("mallory"), QStringLiteral("any password")).status, 401);
        }
        QCOMPARE(t.login(t.a, QStringLiteral("mallory"), QStringLiteral("any password")).status, 429);
        t.clock.advance(central::OperatorAuth::kFirstLockSeconds + 1);
        QCOMPARE(t.login(t.a, QStringLiteral("alice"), kPassword).status, 200);
        // A success clears the count: one more failure is not locked.
        QCOMPARE(t.login(t.a, QStringLiteral("alice"), QStringLiteral("wrong password")).status, 401);
        QCOMPARE(t.login(t.a, QStringLiteral("alice"), kPassword).status, 200);
    }

    void loginRefusesCrossSiteAndMalformedRequests()
    {
        ConsoleUnderTest t;
        QVERIFY(t.start());
        QCOMPARE(t.login(t.a, QStringLiteral("alice"), kPassword, {{"Origin", "http://evil.example"}}).status, 403);
        const QString url = QStringLiteral("/console/api/login");
        // A cross-site HTML form can only send form encodings.
        QCOMPARE(
            t.call(t.a, "POST", url, "name=alice&password=x", {{"Content-Type", "application/x-www-form-urlencoded"}})
                .status,
            403);
        QCOMPARE(t.call(t.a, "POST", url, "{\"name\":\"alice\",\"password\":\"x\",\"admin\":true}").status, 400);
        QCOMPARE(t.call(t.a, "POST", url, "{\"name\":\"alice\",\"password\":7}").status, 400);
        QCOMPARE(t.call(t.a, "GET", QStringLiteral("/console/api/session")).status, 401);
    }

    void consoleAssetsAndSecurityHeaders()
    {
        ConsoleUnderTest t;
        QVERIFY(t.start());
        const Http index = t.call(t.a, "GET", QStringLiteral("/console/"));
        QCOMPARE(index.status, 200);
        QVERIFY(index.headers.value("content-type").startsWith("text/html"));
        QVERIFY(index.body.contains("<script src=\"/console/console.js\""));
        QVERIFY(!index.body.contains("<script>")); // no inline script: the CSP forbids it
        for (const Http& r : {index, t.call(t.a, "GET", QStringLiteral("/v1/health"))}) {
            const QByteArray csp = r.headers.value("content-security-policy");
            QVERIFY2(csp.startsWith("default-src 'self'"), csp);
            QVERIFY(csp.contains("frame-ancestors 'none'"));
            QVERIFY(!csp.contains("unsafe-inline"));
            QCOMPARE(r.headers.value("x-content-type-options"), QByteArray("nosniff"));
            QCOMPARE(r.headers.value("cache-control"), QByteArray("no-store"));
        }
        const Http js = t.call(t.a, "GET", QStringLiteral("/console/console.js"));
        QCOMPARE(js.status, 200);
        QVERIFY(js.headers.value("content-type").startsWith("text/javascript"));
        QVERIFY(!js.body.contains("innerHTML")); // every server value is inserted as text
        QCOMPARE(t.call(t.a, "GET", QStringLiteral("/console/nothing.js")).status, 404);
        // The request log names the console's routes, never a file name or anything typed.
        QCOMPARE(central::CentralServer::pathPattern(QStringLiteral("/console/api/login")),
                 QStringLiteral("/console/api/login"));
        QCOMPARE(central::CentralServer::pathPattern(QStringLiteral("/console/console.js")),
                 QStringLiteral("/console/{file}"));
        QCOMPARE(central::CentralServer::pathPattern(QStringLiteral("/console/api/alice-secret")),
                 QStringLiteral("/console/{file}"));
        QCOMPARE(t.call(t.a, "GET", QStringLiteral("/console/..%2F..%2Fetc%2Fpasswd")).status, 404);
    }

    void enrollmentCodeWithItsQr()
    {
        ConsoleUnderTest t;
        QVERIFY(t.start());
        const Http login = t.login(t.a, QStringLiteral("alice"), kPassword);
        const QList<std::pair<QByteArray, QByteArray>> auth
            = {{"Cookie", ConsoleUnderTest::cookieOf(login)},
               {"X-CSRF-Token", login.json["csrfToken"].toString().toLatin1()}};
        const Http r = t.call(t.a, "POST", QStringLiteral("/v1/issuer/enrollment-codes"),
                              "{\"resource\":\"HKG-T1-LOUNGE\",\"centralUrl\":\"https://central.example:8443\"}", auth);
        QCOMPARE(r.status, 201);
        const auto link = core::EnrollmentLink::parse(r.json.value("enrollmentUri").toString().toUtf8());
        QVERIFY(link);
        QCOMPARE(link->code, r.json.value("code").toString());
        QCOMPARE(link->central, QUrl(QStringLiteral("https://central.example:8443")));
        const QImage png = QImage::fromData(QByteArray::fromBase64(r.json.value("qrPng").toString().toLatin1()), "PNG");
        QVERIFY(!png.isNull());
        const QByteArray hostile = "{\"resource\":\"HKG-T1-LOUNGE\",\"centralUrl\":\"javascript:alert(1)\"}";
        QCOMPARE(t.call(t.a, "POST", QStringLiteral("/v1/issuer/enrollment-codes"), hostile, auth).status, 400);
        // Without centralUrl the reply is as before: the code alone.
        const Http plain = t.call(t.a, "POST", QStringLiteral("/v1/issuer/enrollment-codes"),
                                  "{\"resource\":\"HKG-T1-LOUNGE\"}", auth);
        QCOMPARE(plain.status, 201);
        QCOMPARE(plain.json.keys(), QStringList {QStringLiteral("code")});
    }

    void visitCountsAreInTheLoungesOwnTime()
    {
        ConsoleUnderTest t;
        QVERIFY(t.start());
        // HKG is UTC+8: 2026-11-30 17:30 UTC is 01:30 on December 1st there; 2026-10-31 16:10 UTC is 00:10 on
        // November 1st.
        const auto put = [&](const char* utc, core::JournalKind kind, int party, bool voided) {
            central::StoredRedemption s;
            s.record.id = QUuid::createUuid();
            s.record.kind = kind;
            s.record.credential = core::CredentialRef {core::CredentialKind::Membership, QStringLiteral("M-1001")};
            s.record.resourceId = QStringLiteral("HKG-T1-LOUNGE");
            s.record.terminalId = QStringLiteral("T-1");
            s.record.partySize = party;
            s.record.at = QDateTime::fromString(QLatin1String(utc), Qt::ISODate);
            s.receivedAt = s.record.at;
            auto stored = t.a.store->putRedemption(s);
            return stored && voided ? t.a.store->markVoided(s.record.id, QUuid::createUuid()) : stored;
        };
        QVERIFY(put("2026-10-31T16:10:00Z", core::JournalKind::Redeem, 2, false)); // Nov 1st, 00h
        QVERIFY(put("2026-11-15T02:00:00Z", core::JournalKind::Redeem, 1, false)); // Nov 15th, 10h
        QVERIFY(put("2026-11-15T02:30:00Z", core::JournalKind::Redeem, 3, false)); // Nov 15th, 10h
        QVERIFY(put("2026-11-15T03:00:00Z", core::JournalKind::Redeem, 1, true)); // voided: not counted
        QVERIFY(put("2026-11-15T04:00:00Z", core::JournalKind::Paid, 2, false)); // a walk-in, apart
        QVERIFY(put("2026-11-30T17:30:00Z", core::JournalKind::Redeem, 1, false)); // December 1st there
        const Http login = t.login(t.a, QStringLiteral("alice"), kPassword);
        const QList<std::pair<QByteArray, QByteArray>> cookie = {{"Cookie", ConsoleUnderTest::cookieOf(login)}};
        const Http r = t.call(
            t.a, "GET", QStringLiteral("/v1/issuer/resources/HKG-T1-LOUNGE/visit-counts?month=2026-11"), {}, cookie);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value("timeZone").toString(), QStringLiteral("Asia/Hong_Kong"));
        QCOMPARE(r.json.value("from").toString(), QStringLiteral("2026-10-31T16:00:00.000Z"));
        QCOMPARE(r.json.value("to").toString(), QStringLiteral("2026-11-30T16:00:00.000Z"));
        const QJsonArray days = r.json.value("days").toArray();
        QCOMPARE(days.size(), 30);
        QCOMPARE(days[0].toObject().value("date").toString(), QStringLiteral("2026-11-01"));
        QCOMPARE(days[0].toObject().value("visits").toInt(), 1);
        QCOMPARE(days[0].toObject().value("people").toInt(), 2);
        QCOMPARE(days[14].toObject().value("visits").toInt(), 2);
        QCOMPARE(days[14].toObject().value("people").toInt(), 4);
        QCOMPARE(days[14].toObject().value("paidEntries").toInt(), 1);
        int total = 0;
        for (const auto& d : days) {
            total += d.toObject().value("visits").toInt();
        }
        QCOMPARE(total, 3);
        const QJsonArray hours = r.json.value("hours").toArray();
        QCOMPARE(hours.size(), 24);
        QCOMPARE(hours[0].toInt(), 1);
        QCOMPARE(hours[10].toInt(), 2);
        // December gets the visit of December 1st, local time.
        const Http december = t.call(
            t.a, "GET", QStringLiteral("/v1/issuer/resources/HKG-T1-LOUNGE/visit-counts?month=2026-12"), {}, cookie);
        QCOMPARE(december.json.value("days").toArray()[0].toObject().value("visits").toInt(), 1);
        for (const char* bad :
             {"?month=2026-13", "?month=2026-1", "", "?month=2026-11&x=1", "?month=2026-11&month=2026-12"}) {
            QCOMPARE(t.call(t.a, "GET",
                            QStringLiteral("/v1/issuer/resources/HKG-T1-LOUNGE/visit-counts") + QLatin1String(bad), {},
                            cookie)
                         .status,
                     400);
        }
        QCOMPARE(t.call(t.a, "GET", QStringLiteral("/v1/issuer/resources/NOPE/visit-counts?month=2026-11"), {}, cookie)
                     .status,
                 404);
        QCOMPARE(
            t.call(t.a, "GET", QStringLiteral("/v1/issuer/resources/HKG-T1-LOUNGE/visit-counts?month=2026-11")).status,
            401);
    }

    void operatorNamesAndPasswordsAreChecked()
    {
        ConsoleUnderTest t;
        QVERIFY(t.start());
        QVERIFY(t.a.operators->addOperator(QStringLiteral("bob"), QStringLiteral("short")).error().code
                == core::ErrorCode::InvalidArgument);
        QVERIFY(t.a.operators->addOperator(QStringLiteral("<b>"), kPassword).error().code
                == core::ErrorCode::InvalidArgument);
        QVERIFY(t.a.operators->addOperator(QStringLiteral("bob"), kPassword));
        QCOMPARE(*t.b.operators->operators(), (QStringList {QStringLiteral("alice"), QStringLiteral("bob")}));
        // Operators, sessions and throttles never reach a terminal's feed.
        QVERIFY(t.login(t.a, QStringLiteral("bob"), kPassword).status == 200);
        const auto page = t.a.service->feed().changes({QStringLiteral("T-1"), QStringLiteral("HKG-T1-LOUNGE"), {}, {}},
                                                      0, 100000, false);
        QVERIFY(page);
        QVERIFY(!page->records.contains("alice"));
        QVERIFY(!page->records.contains("passwordHash"));
    }
};

QTEST_GUILESS_MAIN(TestCentralConsole)
#include "tst_centralconsole.moc"
