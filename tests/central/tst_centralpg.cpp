// PostgreSQL-only behaviour of central's store (issue 12 §1), against the throw-away test cluster: a lost database
// connection answers 503 and changes nothing, the next request reconnects; a deadlock is retried; two processes
// starting on a new database migrate it once.
#include "CentralServer.h"
#include "CentralService.h"
#include "DemoData.h"
#include "PgCentralStore.h"
#include "TestCentralDb.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace lounge;

namespace {

struct Http
{
    int status = 0;
    QJsonObject json;
};

Http call(QNetworkAccessManager& nam, quint16 port, const QByteArray& verb, const QString& path,
          const QJsonObject& body = {})
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Authorization", "Bearer issuer-key");
    QNetworkReply* reply
        = nam.sendCustomRequest(request, verb, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson());
    QSignalSpy done(reply, &QNetworkReply::finished);
    (void)done.wait(30000);
    Http out {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
              QJsonDocument::fromJson(reply->readAll()).object()};
    reply->deleteLater();
    return out;
}

/// The URL without the tests' short lock_timeout (PgTestDatabase adds one).
QString withoutOptions(const QString& url)
{
    return url.left(url.indexOf(QLatin1Char('?')));
}

} // namespace

class TestCentralPg : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void lostConnectionIs503AndTheNextRequestReconnects();
    void deadlockIsRetried();
    void concurrentFirstOpensMigrateOnce();

private:
    QTemporaryDir m_dir;
};

void TestCentralPg::initTestCase()
{
    if (!test::usePostgres()) {
        QSKIP("PostgreSQL only: run as tst_centralpg_pg (LOUNGE_TEST_DB=postgresql)");
    }
}

void TestCentralPg::lostConnectionIs503AndTheNextRequestReconnects()
{
    test::TestCentralDb db;
    QString why;
    QVERIFY2(db.create(m_dir, {}, &why), qPrintable(why));
    auto store = db.open();
    QVERIFY(store);
    core::SystemClock clock;
    central::CentralService service(**store, clock, central::CentralService::Options {});
    QVERIFY(service.seedDemo(core::DemoData::build(QDate::currentDate())));
    central::CentralServer::Options options;
    options.issuerKey = "issuer-key";
    central::CentralServer server(service, options);
    auto port = server.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port);
    QNetworkAccessManager nam;
    const QString path = QStringLiteral("/v1/issuer/memberships/M-1001");
    const Http before = call(nam, *port, "GET", path);
    QCOMPARE(before.status, 200);
    const QString validTo = before.json.value("membership").toObject().value("validTo").toString();

    // The server side ends central's session (a failover, a restart, a network cut look the same to libpq).
    auto killed = db.pg()->admin().exec(QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                                       "WHERE datname = $1 AND pid <> pg_backend_pid()"),
                                        {withoutOptions(db.url).section(QLatin1Char('/'), -1)});
    QVERIFY(killed);
    QVERIFY(killed->int64(0, 0) >= 1);

    const QString later = QDate::currentDate().addYears(3).toString(Qt::ISODate);
    const Http lost = call(nam, *port, "PUT", path + QStringLiteral("/validity"), {{"validTo", later}});
    QCOMPARE(lost.status, 503);
    QCOMPARE(lost.json.value("error").toString(), QStringLiteral("NETWORK"));

    // The next request reconnects; the refused change was not half-written.
    const Http after = call(nam, *port, "GET", path);
    QCOMPARE(after.status, 200);
    QCOMPARE(after.json.value("membership").toObject().value("validTo").toString(), validTo);
    QCOMPARE(call(nam, *port, "GET", QStringLiteral("/v1/health")).status, 200);
    const Http retried = call(nam, *port, "PUT", path + QStringLiteral("/validity"), {{"validTo", later}});
    QCOMPARE(retried.status, 200);
    QCOMPARE(retried.json.value("membership").toObject().value("validTo").toString(), later);
}

/// A real deadlock (SQLSTATE 40P01): another session holds a record's row and then asks for the writer lock that
/// central's transaction holds while it waits for that row. PostgreSQL aborts central's transaction (the other
/// session waits longer before it checks for deadlocks); the store runs it again and it commits, once.
void TestCentralPg::deadlockIsRetried()
{
    test::TestCentralDb db;
    QString why;
    QVERIFY2(db.create(m_dir, {}, &why), qPrintable(why));
    const QString url = withoutOptions(db.url); // default lock_timeout (5 s) > deadlock_timeout (1 s)
    auto store = central::PgCentralStore::open(url);
    QVERIFY(store);
    central::ChangeRecord r;
    r.kind = QStringLiteral("resource");
    r.id = QStringLiteral("R-1");
    r.body = R"({"v":1})";
    QVERIFY((*store)->putRecord(r));

    std::atomic<int> step {0}; // 1: other holds the row; 2: other is done
    std::atomic<bool> otherOk {true};
    std::thread other([&] {
        central::pg::Connection c(url);
        auto ok = [&](core::Result<void> x) {
            otherOk = otherOk && bool(x);
            return bool(x);
        };
        if (!ok(c.execScript(QStringLiteral("SET deadlock_timeout = '30s'; SET lock_timeout = 0; BEGIN; UPDATE "
                                            "records SET body = body WHERE kind = 'resource' AND id = 'R-1'")))) {
            step = 2;
            return;
        }
        step = 1;
        // Wait until central's transaction waits for the row (it holds the writer lock by then).
        for (int i = 0; i < 3000; ++i) {
            // This database only: other tests share the cluster.
            auto waiting = c.exec(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                                 "current_database() AND wait_event_type = 'Lock'"));
            if (waiting && waiting->int64(0, 0) > 0) {
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        // Closes the cycle; central's backend finds the deadlock first and is aborted; then this gets the lock.
        ok(c.execScript(QStringLiteral("SELECT seq FROM feed_head WHERE id = 1 FOR UPDATE")));
        ok(c.execScript(QStringLiteral("ROLLBACK")));
        step = 2;
    });
    while (step == 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    r.body = R"({"v":2})";
    int runs = 0;
    const auto written = (*store)->transaction([&]() -> core::Result<void> {
        ++runs;
        auto seq = (*store)->putRecord(r);
        return seq ? core::Result<void>() : core::Result<void>(seq.error());
    });
    other.join();
    QVERIFY(otherOk);
    QVERIFY2(written, written ? "" : qPrintable(written.error().toString()));
    QCOMPARE((*store)->retries(), 1);
    QCOMPARE(runs, 2);
    auto held = (*store)->record(QStringLiteral("resource"), QStringLiteral("R-1"));
    QVERIFY(held && held->has_value());
    QCOMPARE((*held)->body, QByteArray(R"({"v":2})"));
    QCOMPARE(*(*store)->headSeq(), 2); // one change for the first write, one for the retried one: no gap, no double
}

void TestCentralPg::concurrentFirstOpensMigrateOnce()
{
    test::TestCentralDb db;
    QString why;
    QVERIFY2(db.create(m_dir, {}, &why), qPrintable(why));
    std::atomic<int> failures {0};
    std::vector<std::thread> openers;
    for (int i = 0; i < 4; ++i) {
        openers.emplace_back([&] {
            if (!central::PgCentralStore::open(db.url)) {
                ++failures;
            }
        });
    }
    for (auto& t : openers) {
        t.join();
    }
    QCOMPARE(failures.load(), 0);
    auto versions = db.pg()->admin().exec(QStringLiteral("SELECT 1")); // the admin connection still works
    QVERIFY(versions);
    central::pg::Connection c(db.url);
    auto rows = c.exec(QStringLiteral("SELECT count(*), max(version) FROM schema_version"));
    QVERIFY(rows);
    QCOMPARE(rows->int64(0, 0), qint64(central::PgCentralStore::kSchemaVersion));
    QCOMPARE(rows->int64(0, 1), qint64(central::PgCentralStore::kSchemaVersion));
}

QTEST_GUILESS_MAIN(TestCentralPg)
#include "tst_centralpg.moc"
