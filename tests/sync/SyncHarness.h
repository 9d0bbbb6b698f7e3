#pragma once

// Both ends in one test process: a real lounge-central (SQLite file, HTTP on 127.0.0.1, port 0) and real
// terminals (Store file, SyncEngine over QNetworkAccessManager), optionally through a FaultProxy.

#include "AccessService.h"
#include "CentralServer.h"
#include "CentralService.h"
#include "CredentialCode.h"
#include "DemoData.h"
#include "Store.h"
#include "SyncEngine.h"
#include "TerminalSettings.h"
#include "TestCentralDb.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

/// QCOMPARE for our enums: compares (and prints) their stable string forms; found by ADL in their namespace.
#define QCOMPARE_ENUM(actual, expected) QCOMPARE(toString(actual), toString(expected))

namespace lounge::sync::test {

/// A clock that follows the system clock shifted by a settable offset (central's clock in clock tests).
class OffsetClock final : public core::Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc().addMSecs(offsetMs); }
    QString source() const override { return QStringLiteral("test-offset"); }
    qint64 offsetMs = 0;
};

struct CentralFixture
{
    QTemporaryDir dir;
    OffsetClock clock;
    lounge::test::TestCentralDb db; ///< SQLite file, or a PostgreSQL database (the _pg variants)
    std::unique_ptr<central::CentralStore> store;
    std::unique_ptr<central::CentralService> service;
    std::unique_ptr<central::CentralServer> server;
    quint16 port = 0;
    core::DemoData demo = core::DemoData::build(QDate::currentDate());

    bool start()
    {
        QString why;
        if (!db.create(dir, QStringLiteral("central.sqlite"), &why)) {
            qWarning() << why;
            return false;
        }
        auto s = db.open();
        if (!s) {
            qWarning() << s.error().toString();
            return false;
        }
        store = std::move(s).value();
        service = std::make_unique<central::CentralService>(*store, clock, central::CentralService::Options {});
        if (auto r = service->seedDemo(demo); !r) {
            qWarning() << r.error().toString();
            return false;
        }
        central::CentralServer::Options options;
        options.issuerKey = "issuer-test-key";
        server = std::make_unique<central::CentralServer>(*service, options);
        auto p = server->listen(QHostAddress::LocalHost, 0);
        if (!p) {
            return false;
        }
        port = *p;
        return true;
    }
    QUrl url(quint16 viaPort = 0) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(viaPort ? viaPort : port));
    }
    QString sampleCode(const QString& labelPart) const
    {
        for (const auto& s : demo.samples) {
            if (s.label.contains(labelPart)) {
                return s.code;
            }
        }
        return {};
    }
    /// Central's used count in one pool, as the feed would send it.
    int used(const QString& credentialKey, const QString& module, core::Pool pool, const QString& period)
    {
        central::CentralCacheView view(*store, clock);
        auto ref = core::CredentialRef::fromKey(credentialKey);
        auto n = view.used(*ref, module, pool, period);
        return n ? *n : -1;
    }
    int redemptionCount(const QString& credentialKey)
    {
        auto list = store->redemptionsOf(credentialKey, 100000);
        return list ? int(list->size()) : -1;
    }
};

struct TerminalFixture
{
    QTemporaryDir dir;
    core::SystemClock clock;
    std::unique_ptr<core::Store> store;
    std::unique_ptr<CentralClient> client;
    std::unique_ptr<SyncEngine> engine;
    std::unique_ptr<core::AccessService> access;
    core::TerminalSettings settings;
    core::Store::Options storeOptions; ///< for the store enroll() opens

    /// Opens the store and enrolls at central with a fresh code for `resource`.
    bool enroll(CentralFixture& central, const QString& resource, quint16 viaPort = 0, SyncEngine::Options options = {},
                CentralClient::Options clientOptions = {})
    {
        auto s = core::Store::open(dir.filePath(QStringLiteral("cache.sqlite")), storeOptions);
        if (!s) {
            return false;
        }
        store = std::move(s).value();
        auto code = central.service->createEnrollmentCode(resource);
        if (!code) {
            return false;
        }
        client = std::make_unique<CentralClient>(central.url(viaPort), clientOptions);
        bool done = false;
        bool ok = false;
        client->enroll(*code, [&](core::Result<EnrollReply> r) {
            done = true;
            if (r) {
                ok = true;
                settings.terminalId = r->terminalId;
                settings.resourceId = r->resourceId;
                settings.centralUrl = central.url(viaPort).toString();
                client->setCredentials(r->terminalId, r->secret);
            }
        });
        if (!QTest::qWaitFor([&] { return done; }, 20000) || !ok) {
            return false;
        }
        if (!settings.save(*store)) {
            return false;
        }
        engine = std::make_unique<SyncEngine>(*store, *client, clock, options);
        access = std::make_unique<core::AccessService>(*store, clock, settings.context(QStringLiteral("staff-1")));
        return true;
    }

    /// One sync cycle; true when it succeeded.
    bool sync()
    {
        QSignalSpy ok(engine.get(), &SyncEngine::syncSucceeded);
        QSignalSpy failed(engine.get(), &SyncEngine::syncFailed);
        engine->syncNow();
        if (!QTest::qWaitFor([&] { return ok.count() + failed.count() > 0; }, 60000)) {
            return false;
        }
        return ok.count() > 0;
    }

    core::Decision redeem(const QString& code, int party = 1)
    {
        auto d = access->redeem(core::ScanInput {code.toUtf8(), party});
        return d ? *d : core::Decision {};
    }
    core::Decision check(const QString& code, int party = 1)
    {
        return access->check(core::ScanInput {code.toUtf8(), party});
    }
};

} // namespace lounge::sync::test
