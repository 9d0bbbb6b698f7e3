#pragma once

// Central inside the test's own process, as the HTTP tests of central/ use it: a new database on the test's backend
// (TestCentralDb: a SQLite file, or a PostgreSQL database in the _pg variants), the service seeded with the demo set,
// and the real CentralServer listening on 127.0.0.1 on a free port; plus a client that waits for each reply.
//
// A test that needs more (a store wrapped for fault injection, the security layer, a clock of its own) says so in
// Setup; helpers that only one suite uses stay in that suite, in a class derived from this one.

#include "CentralServer.h"
#include "CentralService.h"
#include "DemoData.h"
#include "TestCentralDb.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <functional>
#include <memory>
#include <utility>

namespace lounge::test {

/// One HTTP exchange: the status (0 when no reply came), the body, the body as a JSON object (empty when it is not
/// one) and the Allow header (for 405 answers).
struct HttpReply
{
    int status = 0;
    QJsonObject json;
    QByteArray body;
    QByteArray allow;
};

/// A terminal enrolled with a one-time code; token = "id:secret", the bearer credential it sends.
struct EnrolledTerminal
{
    QString id;
    QByteArray token;
};

/// What a test changes in CentralUnderTest::start.
struct CentralSetup
{
    /// The server's options; an empty issuerKey becomes "issuer-key".
    central::CentralServer::Options server;
    /// The service's clock (not owned); the system clock when null.
    const core::Clock* clock = nullptr;
    /// Wraps the opened store (e.g. to inject faults); the wrapper is what the service uses.
    std::function<std::unique_ptr<central::CentralStore>(std::unique_ptr<central::CentralStore>)> wrapStore;
    /// Called after the server is made and before it listens (e.g. setSecurity, setConsole).
    std::function<void(central::CentralServer&)> beforeListen;
};

class CentralUnderTest
{
public:
    using Setup = CentralSetup;

    QTemporaryDir dir;
    core::SystemClock clock;
    TestCentralDb db;
    std::unique_ptr<central::CentralStore> store;
    std::unique_ptr<central::CentralService> service;
    std::unique_ptr<central::CentralServer> server;
    QNetworkAccessManager nam;
    quint16 port = 0;
    QByteArray issuerKey;
    core::DemoData demo = core::DemoData::build(QDate::currentDate());

    CentralUnderTest() = default;
    CentralUnderTest(const CentralUnderTest&) = delete;
    CentralUnderTest& operator=(const CentralUnderTest&) = delete;
    virtual ~CentralUnderTest() = default;

    /// Creates the database, seeds the demo set and listens. False (with a warning saying why) when any step fails.
    bool start(Setup setup = {})
    {
        QString why;
        if (!db.create(dir, QStringLiteral("central.sqlite"), &why)) {
            qWarning() << why;
            return false;
        }
        auto opened = db.open();
        if (!opened) {
            qWarning() << opened.error().toString();
            return false;
        }
        store = std::move(opened).value();
        if (setup.wrapStore) {
            store = setup.wrapStore(std::move(store));
        }
        const core::Clock& serviceClock = setup.clock ? *setup.clock : static_cast<const core::Clock&>(clock);
        service = std::make_unique<central::CentralService>(*store, serviceClock, central::CentralService::Options {});
        if (auto seeded = service->seedDemo(demo); !seeded) {
            qWarning() << seeded.error().toString();
            return false;
        }
        if (setup.server.issuerKey.isEmpty()) {
            setup.server.issuerKey = QByteArrayLiteral("issuer-key");
        }
        issuerKey = setup.server.issuerKey;
        server = std::make_unique<central::CentralServer>(*service, setup.server);
        if (setup.beforeListen) {
            setup.beforeListen(*server);
        }
        auto listening = server->listen(QHostAddress::LocalHost, 0);
        if (!listening) {
            qWarning() << listening.error().toString();
            return false;
        }
        port = *listening;
        return true;
    }

    /// Enrolls a terminal at `resource` over HTTP with a fresh one-time code; an empty id when that fails.
    EnrolledTerminal enroll(const QString& resource)
    {
        auto code = service->createEnrollmentCode(resource);
        if (!code) {
            return {};
        }
        const HttpReply e = call("POST", QStringLiteral("/v1/terminal/enroll"),
                                 QJsonDocument(QJsonObject {{"code", *code}}).toJson());
        const QString id = e.json.value("terminalId").toString();
        if (e.status != 200 || id.isEmpty()) {
            return {};
        }
        return {id, (id + QLatin1Char(':') + e.json.value("secret").toString()).toUtf8()};
    }

    /// One request to http://127.0.0.1:port/path (a JSON content type; a bearer token when one is given; extra
    /// headers as given), waiting up to 30 s for the reply.
    HttpReply call(const QByteArray& verb, const QString& path, const QByteArray& body = {},
                   const QByteArray& token = {}, const QList<std::pair<QByteArray, QByteArray>>& headers = {})
    {
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (!token.isEmpty()) {
            request.setRawHeader("Authorization", "Bearer " + token);
        }
        for (const auto& [name, value] : headers) {
            request.setRawHeader(name, value);
        }
        request.setTransferTimeout(20000);
        QNetworkReply* reply = nam.sendCustomRequest(request, verb, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished()) {
            done.wait(30000);
        }
        HttpReply out;
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = reply->readAll();
        out.json = QJsonDocument::fromJson(out.body).object();
        out.allow = reply->rawHeader("Allow");
        reply->deleteLater();
        return out;
    }

    /// A request with the issuer's key; the body (when not empty) as JSON.
    HttpReply issuer(const QByteArray& verb, const QString& path, const QJsonObject& body = {})
    {
        return call(verb, path, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(), issuerKey);
    }
};

} // namespace lounge::test
