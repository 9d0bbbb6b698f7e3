// Issue 15 §3, fleet status end to end: real terminals (Store + SyncEngine + CentralClient over HTTP) report their
// version, pending uploads and clock to a real central, which shows them with last contact, staleness, journal state
// and flagged visits in GET /v1/issuer/terminals and `lounge-central report terminals`. Malformed reports are
// refused and never stored; a terminal that reports nothing (an older build) still works and shows as unknown.
#include "SyncHarness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>

using namespace lounge;
using namespace lounge::sync::test;

namespace {

struct Http
{
    int status = 0;
    QJsonObject json;
};

Http send(QNetworkAccessManager& nam, const QUrl& url, const QByteArray& verb, const QByteArray& token,
          const QList<std::pair<QByteArray, QByteArray>>& headers = {}, const QByteArray& body = {})
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Authorization", "Bearer " + token);
    for (const auto& [name, value] : headers) {
        request.setRawHeader(name, value);
    }
    request.setTransferTimeout(20000);
    QNetworkReply* reply = nam.sendCustomRequest(request, verb, body);
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(30000);
    Http out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.json = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return out;
}

} // namespace

class TestFleetStatus : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void terminalsReportAndCentralShowsTheFleet();
    void malformedReportsAreRefusedAndNeverStored_data();
    void malformedReportsAreRefusedAndNeverStored();
    void correctedNumberReachesTheDesk();

private:
    Http issuer(const QString& pathAndQuery)
    {
        return send(m_nam, m_central->url().resolved(QUrl(pathAndQuery)), "GET", "issuer-test-key");
    }
    QHash<QString, QJsonObject> terminals(const QString& query = {})
    {
        QHash<QString, QJsonObject> out;
        const Http h = issuer(QStringLiteral("/v1/issuer/terminals?limit=1000") + query);
        for (const auto& item : h.json.value("items").toArray()) {
            out.insert(item.toObject().value("id").toString(), item.toObject());
        }
        return out;
    }
    /// A terminal as an older build: enrolled over raw HTTP, sends no report headers.
    QByteArray enrollBare(QString* id)
    {
        auto code = m_central->service->createEnrollmentCode(QStringLiteral("HKG-T1-LOUNGE"));
        if (!code) {
            return {};
        }
        QNetworkRequest request(m_central->url().resolved(QUrl(QStringLiteral("/v1/terminal/enroll"))));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply* reply
            = m_nam.post(request, QJsonDocument(QJsonObject {{"code", *code}}).toJson(QJsonDocument::Compact));
        QSignalSpy done(reply, &QNetworkReply::finished);
        done.wait(30000);
        const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        *id = o.value("terminalId").toString();
        return (*id + QLatin1Char(':') + o.value("secret").toString()).toUtf8();
    }

    std::unique_ptr<CentralFixture> m_central;
    QNetworkAccessManager m_nam;
};

void TestFleetStatus::init()
{
    m_central = std::make_unique<CentralFixture>();
    QVERIFY(m_central->start());
}

void TestFleetStatus::cleanup()
{
    m_central.reset();
}

void TestFleetStatus::terminalsReportAndCentralShowsTheFleet()
{
    // Central's clock runs 90 s behind the terminals' (system) clock.
    m_central->clock.offsetMs = -90'000;
    TerminalFixture a;
    TerminalFixture b;
    QVERIFY(a.enroll(*m_central, QStringLiteral("HKG-T1-LOUNGE")));
    QVERIFY(b.enroll(*m_central, QStringLiteral("HKG-T1-LOUNGE")));
    QVERIFY(a.sync());
    QVERIFY(b.sync());
    // Both admit the one-use E-pass offline: the second upload overdraws it and central flags b's visit.
    const QString pass = m_central->sampleCode(QStringLiteral("this lounge only, 1 visit"));
    QVERIFY(!pass.isEmpty());
    QCOMPARE_ENUM(a.redeem(pass).verdict, core::Verdict::Accept);
    QCOMPARE_ENUM(b.redeem(pass).verdict, core::Verdict::Accept);
    QVERIFY(a.sync()); // reports 1 pending upload as the cycle starts, then uploads it
    QVERIFY(b.sync());

    QHash<QString, QJsonObject> fleet = terminals();
    QJsonObject ta = fleet.value(a.settings.terminalId);
    QJsonObject tb = fleet.value(b.settings.terminalId);
    QCOMPARE(ta.value("version").toString(), sync::CentralClient::kSoftwareVersion);
    QCOMPARE(ta.value("pendingUploads").toInt(-1), 1);
    QVERIFY2(qAbs(ta.value("clockOffsetMs").toDouble() - 90'000) < 10'000,
             qPrintable(QString::number(ta.value("clockOffsetMs").toDouble())));
    QVERIFY(ta.value("lastContact").toString().endsWith(u'Z'));
    QCOMPARE(ta.value("stale").toBool(), false);
    QCOMPARE(ta.value("journal").toObject().value("state").toString(), QStringLiteral("ok"));
    QVERIFY(ta.value("journal").toObject().value("headSeq").toDouble() >= 1);
    QCOMPARE(ta.value("flaggedVisits").toInt(), 0);
    QCOMPARE(tb.value("flaggedVisits").toInt(), 1);
    QCOMPARE(tb.value("resource").toString(), QStringLiteral("HKG-T1-LOUNGE"));

    // The next cycle reports the outbox empty (a changed value is written at once, not after the interval).
    QVERIFY(a.sync());
    QCOMPARE(terminals().value(a.settings.terminalId).value("pendingUploads").toInt(-1), 0);

    // An older terminal: no report headers at all. It is served; what it never said stays unknown.
    QString bareId;
    const QByteArray bare = enrollBare(&bareId);
    QVERIFY(!bareId.isEmpty());
    QCOMPARE(send(m_nam, m_central->url().resolved(QUrl("/v1/terminal/time")), "GET", bare).status, 200);
    QCOMPARE(send(m_nam, m_central->url().resolved(QUrl("/v1/terminal/changes?cursor=0&limit=10")), "GET", bare).status,
             200);
    const QJsonObject old = terminals().value(bareId);
    QVERIFY(old.value("lastContact").isString());
    QVERIFY(old.value("version").isNull());
    QVERIFY(old.value("pendingUploads").isNull());
    QVERIFY(old.value("clockOffsetMs").isNull());
    QCOMPARE(old.value("journal").toObject().value("state").toString(), QStringLiteral("unknown"));

    // 20 minutes later only `a` has synced again: b and the old terminal are stale (threshold 15 min).
    m_central->clock.offsetMs += 20 * 60 * 1000;
    QVERIFY(a.sync());
    fleet = terminals();
    QCOMPARE(fleet.size(), 3);
    QCOMPARE(fleet.value(a.settings.terminalId).value("stale").toBool(), false);
    QCOMPARE(fleet.value(b.settings.terminalId).value("stale").toBool(), true);
    QVERIFY(fleet.value(b.settings.terminalId).value("silentSeconds").toDouble() >= 20 * 60);
    QCOMPARE(fleet.value(bareId).value("stale").toBool(), true);
    QVERIFY(qAbs(fleet.value(a.settings.terminalId).value("clockOffsetMs").toDouble() + 1'110'000) < 10'000);
    QCOMPARE(terminals(QStringLiteral("&stale=true")).keys().size(), 2);
    QVERIFY(!terminals(QStringLiteral("&stale=true")).contains(a.settings.terminalId));
    QCOMPARE(terminals(QStringLiteral("&stale=false")).keys(), QStringList {a.settings.terminalId});
    // Pages: one terminal a page, every one once.
    QStringList walked;
    QString cursor;
    do {
        const Http h = issuer(QStringLiteral("/v1/issuer/terminals?limit=1")
                              + (cursor.isEmpty() ? QString() : QStringLiteral("&cursor=") + cursor));
        QCOMPARE(h.status, 200);
        QCOMPARE(h.json.value("items").toArray().size(), 1);
        walked << h.json.value("items").toArray().first().toObject().value("id").toString();
        cursor = h.json.value("next_cursor").toString();
    } while (!cursor.isEmpty());
    QStringList all = fleet.keys();
    all.sort();
    QCOMPARE(walked, all);

    // The operator's CLI over the same database shows the same (a real lounge-central process).
    const QString keyFile = m_central->dir.filePath(QStringLiteral("cli.key"));
    QFile key(keyFile);
    QVERIFY(key.open(QIODevice::WriteOnly));
    key.write(QByteArray(32, '\x42').toHex() + '\n');
    key.close();
    const auto cli = [&](const QStringList& extra) {
        QProcess p;
        p.start(QStringLiteral(LOUNGE_CENTRAL_EXE),
                QStringList {QStringLiteral("report"), QStringLiteral("terminals"), QStringLiteral("--db"),
                             m_central->db.url, QStringLiteral("--key-file"), keyFile}
                    + extra);
        p.waitForFinished(60000);
        return std::pair {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput())};
    };
    const auto [rc, table] = cli({});
    QCOMPARE(rc, 0);
    QVERIFY2(table.contains(a.settings.terminalId) && table.contains(b.settings.terminalId) && table.contains(bareId),
             qPrintable(table));
    QVERIFY2(table.contains(QStringLiteral("3 terminal(s)")), qPrintable(table));
    QVERIFY2(table.contains(QStringLiteral("broken")) || table.contains(QStringLiteral("ok")), qPrintable(table));
    const auto [rcJson, lines] = cli({QStringLiteral("--json")});
    QCOMPARE(rcJson, 0);
    QHash<QString, QJsonObject> byId;
    for (const QString& line : lines.split(u'\n', Qt::SkipEmptyParts)) {
        const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
        byId.insert(o.value("id").toString(), o);
    }
    QCOMPARE(byId.size(), 3);
    QCOMPARE(byId.value(a.settings.terminalId).value("version").toString(), sync::CentralClient::kSoftwareVersion);
    QCOMPARE(byId.value(b.settings.terminalId).value("flaggedVisits").toInt(), 1);
    QVERIFY(byId.value(bareId).value("version").isNull());
    for (const QString& id : byId.keys()) { // the API's item shape
        QCOMPARE(byId.value(id).value("journal"), fleet.value(id).value("journal"));
        QCOMPARE(byId.value(id).value("clockOffsetMs"), fleet.value(id).value("clockOffsetMs"));
        QCOMPARE(byId.value(id).value("lastContact"), fleet.value(id).value("lastContact"));
    }
    QCOMPARE(cli({QStringLiteral("--stale-after"), QStringLiteral("0")}).first, 64);
}

void TestFleetStatus::malformedReportsAreRefusedAndNeverStored_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("version with a space") << QByteArray("Lounge-Terminal-Version") << QByteArray("1.0 beta");
    QTest::newRow("version too long") << QByteArray("Lounge-Terminal-Version") << QByteArray(33, '1');
    QTest::newRow("version with a quote") << QByteArray("Lounge-Terminal-Version") << QByteArray("1\"<b>");
    QTest::newRow("pending negative") << QByteArray("Lounge-Pending-Uploads") << QByteArray("-1");
    QTest::newRow("pending text") << QByteArray("Lounge-Pending-Uploads") << QByteArray("12a");
    QTest::newRow("pending huge") << QByteArray("Lounge-Pending-Uploads") << QByteArray("999999999999");
    QTest::newRow("pending signed") << QByteArray("Lounge-Pending-Uploads") << QByteArray("+3");
    QTest::newRow("time without zone") << QByteArray("Lounge-Terminal-Time") << QByteArray("2026-11-27T10:00:00");
    QTest::newRow("time with offset") << QByteArray("Lounge-Terminal-Time") << QByteArray("2026-11-27T10:00:00+02:00");
    QTest::newRow("time not a date") << QByteArray("Lounge-Terminal-Time") << QByteArray("2026-13-45T10:00:00Z");
    QTest::newRow("time far future") << QByteArray("Lounge-Terminal-Time") << QByteArray("3026-11-27T10:00:00Z");
    QTest::newRow("time as epoch") << QByteArray("Lounge-Terminal-Time") << QByteArray("1795000000");
}

void TestFleetStatus::malformedReportsAreRefusedAndNeverStored()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);
    QString id;
    const QByteArray token = enrollBare(&id);
    QVERIFY(!id.isEmpty());
    const Http refused
        = send(m_nam, m_central->url().resolved(QUrl("/v1/terminal/time")), "GET", token, {{header, value}});
    QCOMPARE(refused.status, 400);
    QVERIFY2(refused.json.value("reason").toString().contains(QString::fromLatin1(header)),
             qPrintable(refused.json.value("reason").toString()));
    const QJsonObject t = terminals().value(id);
    QVERIFY(t.value("lastContact").isNull()); // the refused request did not count as a contact either
    QVERIFY(t.value("version").isNull());
    QVERIFY(t.value("pendingUploads").isNull());
    QVERIFY(t.value("clockOffsetMs").isNull());
    // The same request well-formed is taken.
    const QByteArray good = header == "Lounge-Terminal-Version" ? QByteArray("2.0.1-rc1")
        : header == "Lounge-Pending-Uploads"                    ? QByteArray("7")
                                                                : QByteArray("2026-11-27T10:00:00.250Z");
    QCOMPARE(send(m_nam, m_central->url().resolved(QUrl("/v1/terminal/time")), "GET", token, {{header, good}}).status,
             200);
    const QJsonObject after = terminals().value(id);
    QVERIFY(after.value("lastContact").isString());
    QVERIFY(!after.value("version").isNull() || !after.value("pendingUploads").isNull()
            || !after.value("clockOffsetMs").isNull());
}

void TestFleetStatus::correctedNumberReachesTheDesk()
{
    TerminalFixture desk;
    QVERIFY(desk.enroll(*m_central, QStringLiteral("HKG-T1-LOUNGE")));
    QVERIFY(desk.sync());
    QCOMPARE_ENUM(desk.check(QStringLiteral("6001234500001001")).verdict, core::Verdict::Accept);
    const Http h = send(m_nam, m_central->url().resolved(QUrl("/v1/issuer/memberships/M-1001")), "PATCH",
                        "issuer-test-key", {}, R"({"number":"6001234500007777","holderName":"Mei-Ling Chan"})");
    QCOMPARE(h.status, 200);
    QVERIFY(desk.sync());
    const core::Decision byNew = desk.check(QStringLiteral("6001234500007777"));
    QCOMPARE_ENUM(byNew.verdict, core::Verdict::Accept);
    QCOMPARE(byNew.holderName, QStringLiteral("Mei-Ling Chan"));
    QVERIFY(desk.check(QStringLiteral("6001234500001001")).verdict != core::Verdict::Accept);
}

QTEST_GUILESS_MAIN(TestFleetStatus)
#include "tst_fleetstatus.moc"
