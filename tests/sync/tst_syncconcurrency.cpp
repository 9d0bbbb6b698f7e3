// Issue 12 §2: three real `lounge-central serve` processes over one database (SQLite file; PostgreSQL in the _pg
// variant) take issuer changes and terminal uploads as fast as the test can send them, while real terminals (Store +
// SyncEngine) pull the feed from them. Afterwards every terminal's cache equals a full download of central's state,
// every uploaded visit is stored exactly once, and central's counter equals the sum of the visits it charged.
#include "CentralCacheView.h"
#include "CentralProcess.h"
#include "Json.h"
#include "SyncHarness.h"
#include "TestCentralDb.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QtTest>

#include <functional>

using namespace lounge;
using lounge::sync::CentralClient;
using lounge::sync::EnrollReply;
using lounge::sync::SyncEngine;

namespace {

constexpr int kCentrals = 3;
constexpr int kTerminals = 3;
constexpr int kIssuerOps = 100; ///< per central process
constexpr int kBatches = 40; ///< upload batches per central process
constexpr int kBatchSize = 4;
const QByteArray kIssuerKey = "concurrency-test-issuer-key";

struct Reply
{
    int status = 0;
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

/// One HTTP call; `done` runs when it finishes (status 0 = no HTTP answer).
void send(QNetworkAccessManager& nam, const QUrl& url, const QByteArray& verb, const QByteArray& body,
          const QByteArray& token, std::function<void(Reply)> done)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Authorization", "Bearer " + token);
    request.setTransferTimeout(60000);
    QNetworkReply* reply = nam.sendCustomRequest(request, verb, body);
    QObject::connect(reply, &QNetworkReply::finished, reply, [reply, done = std::move(done)] {
        Reply r {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
        reply->deleteLater();
        done(r);
    });
}

Reply call(QNetworkAccessManager& nam, const QUrl& url, const QByteArray& verb, const QByteArray& body,
           const QByteArray& token)
{
    Reply out;
    bool finished = false;
    send(nam, url, verb, body, token, [&](Reply r) {
        out = r;
        finished = true;
    });
    (void)QTest::qWaitFor([&] { return finished; }, 60000);
    return out;
}

struct Terminal
{
    QTemporaryDir dir;
    std::unique_ptr<core::Store> store;
    std::unique_ptr<CentralClient> client;
    std::unique_ptr<SyncEngine> engine;
    int syncs = 0;
    int failures = 0;
};

const core::SystemClock& systemClock()
{
    static const core::SystemClock clock;
    return clock;
}

} // namespace

class TestSyncConcurrency : public QObject
{
    Q_OBJECT
private slots:
    void manyCentralsManyTerminals();

private:
    bool enroll(Terminal& t, const QUrl& central);
    bool syncOnce(Terminal& t);
    QNetworkAccessManager m_nam;
};

bool TestSyncConcurrency::enroll(Terminal& t, const QUrl& central)
{
    const Reply code = call(m_nam, central.resolved(QUrl(QStringLiteral("/v1/issuer/enrollment-codes"))), "POST",
                            R"({"resource":"HKG-T1-LOUNGE"})", kIssuerKey);
    if (code.status != 201) {
        qWarning() << "enrollment code" << code.status << code.body;
        return false;
    }
    auto s = core::Store::open(t.dir.filePath(QStringLiteral("cache.sqlite")));
    if (!s) {
        return false;
    }
    t.store = std::move(s).value();
    t.client = std::make_unique<CentralClient>(central);
    bool done = false;
    bool ok = false;
    core::TerminalSettings settings;
    t.client->enroll(code.json().value("code").toString(), [&](core::Result<EnrollReply> r) {
        done = true;
        if (r) {
            ok = true;
            settings.terminalId = r->terminalId;
            settings.resourceId = r->resourceId;
            settings.centralUrl = central.toString();
            t.client->setCredentials(r->terminalId, r->secret);
        }
    });
    if (!QTest::qWaitFor([&] { return done; }, 30000) || !ok || !settings.save(*t.store)) {
        return false;
    }
    t.engine = std::make_unique<SyncEngine>(*t.store, *t.client, systemClock(), SyncEngine::Options {});
    connect(t.engine.get(), &SyncEngine::syncSucceeded, this, [&t] { ++t.syncs; });
    connect(t.engine.get(), &SyncEngine::syncFailed, this, [&t] { ++t.failures; });
    return true;
}

bool TestSyncConcurrency::syncOnce(Terminal& t)
{
    const int before = t.syncs + t.failures;
    const int succeeded = t.syncs;
    t.engine->syncNow();
    (void)QTest::qWaitFor([&] { return t.syncs + t.failures > before; }, 60000);
    return t.syncs > succeeded;
}

void TestSyncConcurrency::manyCentralsManyTerminals()
{
    QTemporaryDir dir;
    lounge::test::TestCentralDb db;
    QString why;
    QVERIFY2(db.create(dir, QStringLiteral("central.sqlite"), &why), qPrintable(why));
    const QString keyFile = dir.filePath(QStringLiteral("central.key"));
    const QString issuerKeyFile = dir.filePath(QStringLiteral("issuer.key"));
    {
        QFile f(issuerKeyFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kIssuerKey + '\n');
        f.close();
        QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
    }
    const QStringList common {
        QStringLiteral("--db"), db.url, QStringLiteral("--key-file"), keyFile, QStringLiteral("--issuer-key-file"),
        issuerKeyFile};
    std::vector<std::unique_ptr<lounge::test::CentralProcess>> centrals;
    for (int i = 0; i < kCentrals; ++i) {
        centrals.push_back(std::make_unique<lounge::test::CentralProcess>());
        // The first one seeds the demo data set; the others find it.
        QVERIFY(centrals.back()->start(QStringLiteral(LOUNGE_CENTRAL_EXE),
                                       i == 0 ? common + QStringList {QStringLiteral("--demo")} : common));
    }
    std::vector<std::unique_ptr<Terminal>> terminals;
    for (int i = 0; i < kTerminals; ++i) {
        terminals.push_back(std::make_unique<Terminal>());
        QVERIFY(enroll(*terminals.back(), centrals[size_t(i % kCentrals)]->url()));
        QVERIFY(syncOnce(*terminals.back()));
    }

    // ---- the storm
    const QString period = QStringLiteral("Y%1").arg(QDate::currentDate().year());
    QSet<QString> uploaded; // visit ids
    QStringList unexpected; // replies that are neither success, a refused transition, nor 503 (busy: retried)
    int chainsRunning = 0;
    int retried503 = 0;
    bool stormOver = false;
    std::vector<std::unique_ptr<std::function<void(int)>>> issuerSteps;
    std::vector<std::unique_ptr<std::function<void(int, QByteArray)>>> uploadSteps;
    for (int p = 0; p < kCentrals; ++p) {
        const QUrl base = centrals[size_t(p)]->url();
        // Issuer changes on this process: validity, new memberships, resources, status flips.
        // The chains live in this function (steps.back()); the lambdas hold plain pointers (no ownership cycle).
        auto* issuerStep = issuerSteps.emplace_back(std::make_unique<std::function<void(int)>>()).get();
        *issuerStep = [&, base, p, issuerStep](int k) {
            if (k == kIssuerOps) {
                --chainsRunning;
                return;
            }
            QByteArray verb = "PUT";
            QString path;
            QJsonObject body;
            switch (k % 4) {
            case 0:
                path = QStringLiteral("/v1/issuer/memberships/M-1002/validity");
                body = {{"validTo", QDate::currentDate().addDays(400 + 10 * k + p).toString(Qt::ISODate)}};
                break;
            case 1:
                verb = "POST";
                path = QStringLiteral("/v1/issuer/memberships");
                body = {{"program", "GOLD"}, {"holderName", QStringLiteral("Storm %1-%2").arg(p).arg(k)}};
                break;
            case 2:
                path = QStringLiteral("/v1/issuer/resources/STORM-%1-%2").arg(p).arg(k);
                body = {{"module", "LOUNGE"},
                        {"name", path},
                        {"airport", "HKG"},
                        {"terminal", "T1"},
                        {"timeZone", "Asia/Hong_Kong"}};
                break;
            default:
                verb = "POST";
                path = QStringLiteral("/v1/issuer/memberships/M-1009/") + (k % 8 == 3 ? "suspend" : "reactivate");
                break;
            }
            send(m_nam, base.resolved(QUrl(path)), verb, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(),
                 kIssuerKey, [&, k, path, issuerStep](Reply r) {
                     if (r.status == 503) {
                         ++retried503;
                         (*issuerStep)(k); // busy: the same change again
                         return;
                     }
                     const bool transition = path.contains(QLatin1String("M-1009")) && r.status == 409;
                     if (r.status != 200 && r.status != 201 && !transition) {
                         unexpected
                             << QStringLiteral("%1 %2: %3").arg(path).arg(r.status).arg(QString::fromUtf8(r.body));
                     }
                     (*issuerStep)(k + 1);
                 });
        };
        ++chainsRunning;
        (*issuerStep)(0);

        // Uploads by a terminal enrolled at this process: batches of new visits, each batch re-sent on 503.
        const Reply code = call(m_nam, base.resolved(QUrl(QStringLiteral("/v1/issuer/enrollment-codes"))), "POST",
                                R"({"resource":"HKG-T1-LOUNGE"})", kIssuerKey);
        QCOMPARE(code.status, 201);
        const Reply enrolled = call(m_nam, base.resolved(QUrl(QStringLiteral("/v1/terminal/enroll"))), "POST",
                                    QJsonDocument(QJsonObject {{"code", code.json().value("code")}}).toJson(), {});
        QCOMPARE(enrolled.status, 200);
        const QString uploaderId = enrolled.json().value("terminalId").toString();
        const QByteArray token = (uploaderId + QLatin1Char(':') + enrolled.json().value("secret").toString()).toUtf8();
        auto* uploadStep = uploadSteps.emplace_back(std::make_unique<std::function<void(int, QByteArray)>>()).get();
        *uploadStep = [&, base, token, uploaderId, uploadStep](int b, QByteArray batch) {
            if (b == kBatches) {
                --chainsRunning;
                return;
            }
            if (batch.isEmpty()) {
                QJsonArray visits;
                for (int i = 0; i < kBatchSize; ++i) {
                    core::Redemption r;
                    r.id = QUuid::createUuid();
                    r.credential = {core::CredentialKind::Membership, QStringLiteral("M-1001")};
                    r.resourceId = QStringLiteral("HKG-T1-LOUNGE");
                    r.terminalId = uploaderId;
                    r.staffId = QStringLiteral("s1");
                    r.uses = {core::PoolUse {QStringLiteral("LOUNGE"), core::Pool::Cardholder, period, 1}};
                    r.at = QDateTime::currentDateTimeUtc();
                    uploaded.insert(r.id.toString(QUuid::WithoutBraces));
                    visits.append(core::json::toJson(r));
                }
                batch = QJsonDocument(QJsonObject {{"redemptions", visits}}).toJson(QJsonDocument::Compact);
            }
            send(m_nam, base.resolved(QUrl(QStringLiteral("/v1/terminal/redemptions"))), "POST", batch, token,
                 [&, b, batch, uploadStep](Reply r) {
                     if (r.status == 503 || r.status == 0) {
                         ++retried503;
                         (*uploadStep)(b, batch); // the same visits again: idempotent by id
                         return;
                     }
                     if (r.status != 200) {
                         unexpected << QStringLiteral("upload %1: %2").arg(r.status).arg(QString::fromUtf8(r.body));
                     }
                     (*uploadStep)(b + 1, {});
                 });
        };
        ++chainsRunning;
        (*uploadStep)(0, {});
    }
    // The terminals pull continuously while the storm lasts.
    for (auto& t : terminals) {
        Terminal* raw = t.get();
        auto again = [raw, &stormOver] {
            if (!stormOver) {
                QTimer::singleShot(0, raw->engine.get(), [raw] { raw->engine->syncNow(); });
            }
        };
        connect(raw->engine.get(), &SyncEngine::syncSucceeded, this, again);
        connect(raw->engine.get(), &SyncEngine::syncFailed, this, again);
        raw->engine->syncNow();
    }
    QTRY_VERIFY_WITH_TIMEOUT(chainsRunning == 0, 600000);
    stormOver = true;
    QVERIFY2(unexpected.isEmpty(), qPrintable(unexpected.join(QLatin1Char('\n'))));
    for (auto& t : terminals) {
        QTRY_VERIFY_WITH_TIMEOUT(!t->engine->isRunning(), 60000);
        QVERIFY2(t->syncs > 1, "each terminal pulled during the storm");
        QVERIFY(syncOnce(*t)); // the last changes
    }
    qInfo() << "storm:" << uploaded.size() << "visits," << kCentrals * kIssuerOps << "issuer changes," << retried503
            << "answers 503 retried; syncs per terminal:" << terminals[0]->syncs << terminals[1]->syncs
            << terminals[2]->syncs;

    // ---- every visit stored exactly once, and charged once
    auto store = db.open();
    QVERIFY(store);
    auto held = (*store)->redemptionsOf(QStringLiteral("M:M-1001"), 1000000);
    QVERIFY(held);
    QSet<QString> heldIds;
    int charged = 0;
    for (const auto& s : *held) {
        heldIds.insert(s.record.id.toString(QUuid::WithoutBraces));
        if (s.status != central::StoredRedemption::Status::Rejected && !s.reason.startsWith(QLatin1String("RULE_"))
            && s.reason != QLatin1String("USES_MISMATCH")) {
            for (const auto& u : s.record.uses) {
                charged += u.period == period && u.pool == core::Pool::Cardholder ? u.count : 0;
            }
        }
    }
    QCOMPARE(held->size(), uploaded.size());
    QCOMPARE(heldIds, uploaded);
    central::CentralCacheView centralView(**store, systemClock());
    const core::CredentialRef m1001 {core::CredentialKind::Membership, QStringLiteral("M-1001")};
    const int counter = *centralView.used(m1001, QStringLiteral("LOUNGE"), core::Pool::Cardholder, period);
    QVERIFY(counter > 0);
    QCOMPARE(counter, charged); // no lost update between processes

    // ---- every terminal's cache equals a full download of central's state
    Terminal fresh;
    QVERIFY(enroll(fresh, centrals[0]->url()));
    QVERIFY(syncOnce(fresh));
    auto memberships = (*store)->records(QStringLiteral("membership"), 1000000);
    auto resources = (*store)->records(QStringLiteral("resource"), 1000000);
    QVERIFY(memberships && resources);
    QVERIFY(memberships->size() >= 10 + kCentrals * kIssuerOps / 4);
    auto m1002 = centralView.membershipById(QStringLiteral("M-1002"));
    QVERIFY(m1002 && m1002->has_value());
    QCOMPARE((*fresh.store->membershipById(QStringLiteral("M-1002")))->validTo, (**m1002).validTo);
    for (auto& t : terminals) {
        QCOMPARE(*t->store->used(m1001, QStringLiteral("LOUNGE"), core::Pool::Cardholder, period), counter);
        for (const auto& m : *memberships) {
            auto mine = t->store->membershipById(m.id);
            auto truth = fresh.store->membershipById(m.id);
            QVERIFY(mine && truth);
            QVERIFY2(mine->has_value() == truth->has_value(), qPrintable(m.id));
            if (truth->has_value()) {
                QCOMPARE(core::json::toJson(**mine), core::json::toJson(**truth));
            }
        }
        for (const auto& r : *resources) {
            auto mine = t->store->resource(r.id);
            auto truth = fresh.store->resource(r.id);
            QVERIFY(mine && truth);
            QVERIFY2(mine->has_value() == truth->has_value(), qPrintable(r.id));
        }
    }
}

QTEST_GUILESS_MAIN(TestSyncConcurrency)
#include "tst_syncconcurrency.moc"
