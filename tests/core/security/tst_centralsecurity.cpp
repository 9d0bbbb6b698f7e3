// Issue 5 across both ends, over real HTTP on 127.0.0.1: central signs dynamic codes and publishes its keys and
// staff accounts through the changes feed; a real terminal syncs, verifies offline, refuses replays, signs staff
// in; central checks the journal hash chain on upload and flags a break; the security endpoints refuse
// unauthenticated, malformed and injection-shaped requests.
#include "CentralSecurity.h"
#include "RedeemRouter.h"
#include "SecurityStore.h"
#include "StaffDirectory.h"
#include "SyncHarness.h"
#include "crypto/SignedTokenVerifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <sqlite3.h>

using namespace lounge;
using namespace lounge::sync::test;

namespace {
const QByteArray kIssuerKey = "issuer-test-key"; // SyncHarness's
const QString kLounge = QStringLiteral("HKG-T1-LOUNGE");

struct Http
{
    int status = 0;
    QJsonObject body;
    QByteArray raw;
};
} // namespace

class TestCentralSecurity : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<CentralFixture> m_central;
    std::unique_ptr<central::CentralSecurity> m_security;
    QNetworkAccessManager m_net;

    void startCentral(int overlapSeconds = 3600)
    {
        m_central = std::make_unique<CentralFixture>();
        QVERIFY(m_central->start());
        central::CentralSecurity::Options options;
        options.keyOverlapSeconds = overlapSeconds;
        options.pinCost = core::PinHash::Cost::Minimal; // tests only
        m_security = std::make_unique<central::CentralSecurity>(*m_central->service, QByteArray(32, 'k'), options);
        m_central->server->setSecurity(m_security.get());
        m_central->service->setTokenVerifier(&m_security->verifier());
    }

    Http call(const QByteArray& verb, const QString& path, const QByteArray& body = {},
              const QByteArray& key = kIssuerKey)
    {
        QNetworkRequest request(m_central->url().resolved(QUrl(path)));
        if (!key.isEmpty()) {
            request.setRawHeader("Authorization", "Bearer " + key);
        }
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply* reply = m_net.sendCustomRequest(request, verb, body);
        Http out;
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 20000)) {
            return out;
        }
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.raw = reply->readAll();
        out.body = QJsonDocument::fromJson(out.raw).object();
        reply->deleteLater();
        return out;
    }

    QString token(const QString& membership)
    {
        const Http r = call("GET", QStringLiteral("/v1/issuer/memberships/%1/token").arg(membership));
        return r.status == 200 ? r.body.value("payload").toString() : QString();
    }

private slots:
    void init() { startCentral(); }

    void cleanup()
    {
        m_security.reset();
        m_central.reset();
    }

    void dynamicCodeEndToEnd()
    {
        TerminalFixture t;
        QVERIFY(t.enroll(*m_central, kLounge));
        QVERIFY(m_security->ensureSigningKey());
        QVERIFY(t.sync());
        core::SecurityStore security(*t.store);
        QCOMPARE(security.tokenKeys()->size(), 1);
        QVERIFY(security.clockTrust()->known); // sync measured and stored the offset
        core::SignedTokenVerifier verifier(security);
        t.access->setVerifier(&verifier);

        const QString code = token(QStringLiteral("M-1001"));
        QVERIFY(code.startsWith(QLatin1String("L1T")));
        QVERIFY(code.size() <= core::DynamicToken::kMaxTextLength);
        const core::Decision first = t.redeem(code);
        QCOMPARE_ENUM(first.reason, core::Reason::Ok);
        QVERIFY(first.recorded && first.dynamicCode);
        QCOMPARE_ENUM(t.redeem(code).reason, core::Reason::Replayed);
        // The visit uploads and its chain checks out at central.
        QVERIFY(t.sync());
        QCOMPARE(m_security->journalBreaks()->size(), 0);
        QCOMPARE(m_central->redemptionCount(QStringLiteral("M:M-1001")), 1);
    }

    void onlineRedeemVerifiesTokens()
    {
        TerminalFixture t;
        QVERIFY(t.enroll(*m_central, kLounge));
        auto terminal = m_central->store->terminal(t.settings.terminalId);
        QVERIFY(terminal && terminal->has_value());
        const QByteArray code = token(QStringLiteral("M-1001")).toLatin1();
        auto first
            = m_central->service->redeemOnline(**terminal, QUuid::createUuid(), code, 1, QStringLiteral("S"), false);
        QVERIFY(first);
        QCOMPARE_ENUM(first->decision.reason, core::Reason::Ok);
        QVERIFY(first->decision.recorded);
        auto again
            = m_central->service->redeemOnline(**terminal, QUuid::createUuid(), code, 1, QStringLiteral("S"), false);
        QVERIFY(again);
        QCOMPARE_ENUM(again->decision.reason, core::Reason::Replayed);
        QByteArray forged = code;
        forged[20] = forged[20] == 'A' ? 'B' : 'A';
        auto bad
            = m_central->service->redeemOnline(**terminal, QUuid::createUuid(), forged, 1, QStringLiteral("S"), false);
        QVERIFY(bad);
        QVERIFY(bad->decision.verdict == core::Verdict::Reject);
    }

    void onlineFirstConsumesTheTokenLocallyToo()
    {
        TerminalFixture t;
        QVERIFY(t.enroll(*m_central, kLounge));
        QVERIFY(m_security->ensureSigningKey());
        QVERIFY(t.sync());
        core::SecurityStore security(*t.store);
        core::SignedTokenVerifier verifier(security);
        t.access->setVerifier(&verifier);
        t.engine->setMode(core::TerminalSettings::Mode::OnlineFirst);
        sync::RedeemRouter router(*t.store, *t.access, *t.engine);
        const QString code = token(QStringLiteral("M-1001"));
        std::optional<core::Result<sync::RoutedDecision>> routed;
        router.redeem(core::ScanInput {code.toUtf8(), 1}, false,
                      [&](core::Result<sync::RoutedDecision> r) { routed = r; });
        QTRY_VERIFY_WITH_TIMEOUT(routed.has_value(), 20000);
        QVERIFY(*routed);
        QCOMPARE(int((*routed)->source), int(sync::RoutedDecision::Source::Central));
        QVERIFY((*routed)->decision.recorded);
        // Were central unreachable now, the kiosk's own guard refuses the token it already saw accepted.
        QCOMPARE_ENUM(t.check(code).reason, core::Reason::Replayed);
    }

    void tokenUsedAtTwoOfflineTerminalsIsFlagged()
    {
        // Two kiosks at the lounge, both offline: each admits the same screenshot of a dynamic code once (neither
        // can know of the other). When they upload, central keeps both visits (the people are inside) and flags
        // the later one as a replay conflict for the issuer to follow up.
        QVERIFY(m_security->ensureSigningKey());
        TerminalFixture a;
        TerminalFixture b;
        QVERIFY(a.enroll(*m_central, kLounge));
        QVERIFY(b.enroll(*m_central, kLounge));
        QVERIFY(a.sync());
        QVERIFY(b.sync());
        core::SecurityStore securityA(*a.store);
        core::SecurityStore securityB(*b.store);
        core::SignedTokenVerifier verifierA(securityA);
        core::SignedTokenVerifier verifierB(securityB);
        a.access->setVerifier(&verifierA);
        b.access->setVerifier(&verifierB);
        const QString code = token(QStringLiteral("M-1002"));
        const core::Decision atA = a.redeem(code);
        const core::Decision atB = b.redeem(code);
        QVERIFY(atA.recorded && atB.recorded);
        // The journal carries the token id, inside the hash chain.
        auto recordA = a.store->redemption(atA.redemptionId);
        QVERIFY(recordA && recordA->has_value());
        QCOMPARE((*recordA)->tokenId.size(), core::DynamicToken::kTokenIdBytes);
        QVERIFY(a.store->verifyJournal()->ok);

        QVERIFY(a.sync());
        QVERIFY(b.sync());
        auto conflicts = m_central->store->conflicts();
        QVERIFY(conflicts);
        QCOMPARE(conflicts->size(), 1);
        QCOMPARE(conflicts->first().record.id, atB.redemptionId);
        QCOMPARE(conflicts->first().reason, QStringLiteral("REPLAYED"));
        QCOMPARE(m_security->journalBreaks()->size(), 0);
        auto atBLocally = b.store->redemption(atB.redemptionId);
        QVERIFY(atBLocally && atBLocally->has_value());
        QCOMPARE_ENUM((*atBLocally)->state, core::RedemptionState::Conflict);
        // The first terminal's visit stands as accepted; uploading it again is a duplicate, not a replay.
        auto atAAtCentral = m_central->store->redemption(atA.redemptionId);
        QVERIFY(atAAtCentral && atAAtCentral->has_value());
        QCOMPARE(int((*atAAtCentral)->status), int(central::StoredRedemption::Status::Accepted));
    }

    void onlineReplayGuardSurvivesCentralRestart()
    {
        TerminalFixture t;
        QVERIFY(t.enroll(*m_central, kLounge));
        const QString terminalId = t.settings.terminalId;
        const QByteArray code = token(QStringLiteral("M-1001")).toLatin1();
        {
            auto terminal = m_central->store->terminal(terminalId);
            QVERIFY(terminal && terminal->has_value());
            auto first = m_central->service->redeemOnline(**terminal, QUuid::createUuid(), code, 1, QStringLiteral("S"),
                                                          false);
            QVERIFY(first && first->decision.recorded);
        }
        // Central restarts (same database) within the token's lifetime: the token stays used up.
        m_security.reset();
        m_central->server.reset();
        m_central->service.reset();
        m_central->store.reset();
        QVERIFY(m_central->start());
        central::CentralSecurity::Options options;
        options.pinCost = core::PinHash::Cost::Minimal;
        m_security = std::make_unique<central::CentralSecurity>(*m_central->service, QByteArray(32, 'k'), options);
        m_central->server->setSecurity(m_security.get());
        m_central->service->setTokenVerifier(&m_security->verifier());
        auto terminal = m_central->store->terminal(terminalId);
        QVERIFY(terminal && terminal->has_value());
        auto again
            = m_central->service->redeemOnline(**terminal, QUuid::createUuid(), code, 1, QStringLiteral("S"), false);
        QVERIFY(again);
        QCOMPARE_ENUM(again->decision.reason, core::Reason::Replayed);
        QVERIFY(!again->decision.recorded);
    }

    void busyDatabaseIs503Everywhere()
    {
        // Another process holds central's database: every endpoint, the security ones included, says 503
        // (retry later), never 500.
        sqlite3* other = nullptr;
        std::unique_ptr<central::pg::Connection> otherPg;
        if (m_central->db.isPostgres()) {
            // PostgreSQL: another process's transaction holds the writer lock longer than lock_timeout.
            otherPg = std::make_unique<central::pg::Connection>(m_central->db.url);
            QVERIFY(otherPg->execScript(QStringLiteral("BEGIN; SELECT seq FROM feed_head FOR UPDATE")));
        } else {
            QCOMPARE(
                sqlite3_open(m_central->dir.filePath(QStringLiteral("central.sqlite")).toUtf8().constData(), &other),
                SQLITE_OK);
            QCOMPARE(sqlite3_exec(other, "BEGIN EXCLUSIVE; INSERT INTO meta(key, value) VALUES('lock', 'x');", nullptr,
                                  nullptr, nullptr),
                     SQLITE_OK);
        }
        const Http staff = call("PUT", QStringLiteral("/v1/issuer/staff/S-5"), R"({"role":"AGENT","pin":"1357"})");
        const Http rotate = call("POST", QStringLiteral("/v1/issuer/keys/rotate"));
        const Http enroll
            = call("POST", QStringLiteral("/v1/issuer/enrollment-codes"), R"({"resource":"HKG-T1-LOUNGE"})");
        if (otherPg) {
            otherPg.reset(); // disconnecting ends its transaction
        } else {
            sqlite3_exec(other, "ROLLBACK;", nullptr, nullptr, nullptr);
            sqlite3_close(other);
        }
        QCOMPARE(staff.status, 503);
        QCOMPARE(staff.body.value("error").toString(), QStringLiteral("LOCKED"));
        QCOMPARE(rotate.status, 503);
        QCOMPARE(enroll.status, 503);
        QCOMPARE(call("PUT", QStringLiteral("/v1/issuer/staff/S-5"), R"({"role":"AGENT","pin":"1357"})").status, 200);
    }

    void terminalWithoutKeysRefuses()
    {
        TerminalFixture t;
        QVERIFY(t.enroll(*m_central, kLounge));
        QVERIFY(t.sync()); // before central had any signing key
        core::SecurityStore security(*t.store);
        core::SignedTokenVerifier verifier(security);
        t.access->setVerifier(&verifier);
        QCOMPARE_ENUM(t.check(token(QStringLiteral("M-1001"))).reason, core::Reason::UnknownKey);
    }

    void keyRotation_data()
    {
        QTest::addColumn<int>("overlap");
        QTest::addColumn<core::Reason>("oldKeyAfterRotation");
        QTest::newRow("inside the overlap") << 3600 << core::Reason::Ok;
        QTest::newRow("no overlap: retired at once") << 0 << core::Reason::UnknownKey;
    }

    void keyRotation()
    {
        QFETCH(int, overlap);
        QFETCH(core::Reason, oldKeyAfterRotation);
        cleanup();
        startCentral(overlap);
        TerminalFixture t;
        QVERIFY(t.enroll(*m_central, kLounge));
        const QString before = token(QStringLiteral("M-1001"));
        const Http rotated = call("POST", QStringLiteral("/v1/issuer/keys/rotate"));
        QCOMPARE(rotated.status, 201);
        QCOMPARE(rotated.body.value("key").toObject().value("id").toInt(), 2);
        const QString after = token(QStringLiteral("M-1002"));
        QVERIFY(t.sync());
        core::SecurityStore security(*t.store);
        QCOMPARE(security.tokenKeys()->size(), 2);
        core::SignedTokenVerifier verifier(security);
        t.access->setVerifier(&verifier);
        QTRY_VERIFY(QDateTime::currentDateTimeUtc() > (*security.tokenKey(1))->validUntil || overlap > 0);
        QCOMPARE_ENUM(t.check(before).reason, oldKeyAfterRotation);
        QCOMPARE_ENUM(t.check(after).reason, core::Reason::Ok);
    }

    void staffReachOnlyTheirSites()
    {
        QCOMPARE(call("PUT", QStringLiteral("/v1/issuer/staff/S-9"),
                      R"({"name":"Night supervisor","role":"SUPERVISOR","pin":"8642","sites":["HKG"]})")
                     .status,
                 200);
        QCOMPARE(call("PUT", QStringLiteral("/v1/issuer/staff/P-9"), R"({"role":"AGENT","pin":"1357","sites":["PVG"]})")
                     .status,
                 200);
        const Http list = call("GET", QStringLiteral("/v1/issuer/staff"));
        QCOMPARE(list.status, 200);
        QVERIFY(!list.raw.contains("argon2")); // the issuer never reads hashes back
        TerminalFixture t;
        QVERIFY(t.enroll(*m_central, kLounge));
        QVERIFY(t.sync());
        core::SecurityStore security(*t.store);
        QCOMPARE(*security.staffCount(), 1); // the PVG agent's hash never reaches an HKG kiosk
        core::SystemClock clock;
        core::StaffDirectory staff(*t.store, clock, {t.settings.terminalId, kLounge, QStringLiteral("HKG")});
        auto in = staff.signIn(QStringLiteral("S-9"), QStringLiteral("8642"));
        QVERIFY(in);
        QCOMPARE(int(in->status), int(core::SignInOutcome::Status::SignedIn));
        QCOMPARE_ENUM(in->session->role, core::StaffRole::Supervisor);
        // Central removes the account: the next sync removes it at the kiosk.
        QCOMPARE(call("DELETE", QStringLiteral("/v1/issuer/staff/S-9")).status, 200);
        QVERIFY(t.sync());
        QCOMPARE(int(staff.signIn(QStringLiteral("S-9"), QStringLiteral("8642"))->status),
                 int(core::SignInOutcome::Status::WrongCredentials));
    }

    void tamperedJournalIsFlaggedOnUpload()
    {
        TerminalFixture t;
        QVERIFY(t.enroll(*m_central, kLounge));
        QVERIFY(t.sync());
        QCOMPARE_ENUM(t.redeem(QStringLiteral("6001234500001001")).reason, core::Reason::Ok);
        QVERIFY(t.sync());
        QCOMPARE(m_security->journalBreaks()->size(), 0);
        const core::Decision second = t.redeem(QStringLiteral("6001234500001002"));
        QVERIFY(second.recorded);
        // Someone edits the pending record before it leaves the kiosk.
        QVERIFY(t.store->database().execScript(QStringLiteral(
            "DROP TRIGGER journal_chained_immutable; UPDATE journal SET party=1, staff='nobody' WHERE seq=2")));
        QVERIFY(t.sync());
        auto breaks = m_security->journalBreaks();
        QVERIFY(breaks);
        QCOMPARE(breaks->size(), 1);
        QCOMPARE(breaks->first().redemptionId, second.redemptionId);
        QCOMPARE(breaks->first().terminalId, t.settings.terminalId);
        const Http listed = call("GET", QStringLiteral("/v1/issuer/journal-breaks"));
        QCOMPARE(listed.body.value("journalBreaks").toArray().size(), 1);
    }

    void endpointsRefuse_data()
    {
        QTest::addColumn<QByteArray>("verb");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<int>("status");
        const QString tokenPath = QStringLiteral("/v1/issuer/memberships/M-1001/token");
        QTest::newRow("token without key") << QByteArray("GET") << tokenPath << QByteArray() << QByteArray() << 401;
        QTest::newRow("token with a wrong key")
            << QByteArray("GET") << tokenPath << QByteArray() << QByteArray("x") << 401;
        QTest::newRow("token PNG without key")
            << QByteArray("GET") << tokenPath + QStringLiteral(".png") << QByteArray() << QByteArray() << 401;
        QTest::newRow("rotate without key")
            << QByteArray("POST") << QStringLiteral("/v1/issuer/keys/rotate") << QByteArray() << QByteArray() << 401;
        QTest::newRow("staff without key") << QByteArray("PUT") << QStringLiteral("/v1/issuer/staff/X")
                                           << QByteArray(R"({"role":"AGENT","pin":"1234"})") << QByteArray() << 401;
        QTest::newRow("a terminal's secret is not an issuer key")
            << QByteArray("GET") << tokenPath << QByteArray() << QByteArray("T-1:secret") << 401;
        QTest::newRow("token for an unknown member")
            << QByteArray("GET") << QStringLiteral("/v1/issuer/memberships/M-404/token") << QByteArray() << kIssuerKey
            << 404;
        QTest::newRow("token by POST") << QByteArray("POST") << tokenPath << QByteArray() << kIssuerKey << 405;
        QTest::newRow("staff: a ready-made hash is refused")
            << QByteArray("PUT") << QStringLiteral("/v1/issuer/staff/X")
            << QByteArray(R"({"role":"AGENT","pinHash":"$argon2id$v=19$m=8,t=1,p=1$AAAA$AAAA"})") << kIssuerKey << 400;
        QTest::newRow("staff: PIN with letters") << QByteArray("PUT") << QStringLiteral("/v1/issuer/staff/X")
                                                 << QByteArray(R"({"role":"AGENT","pin":"12ab"})") << kIssuerKey << 400;
        QTest::newRow("staff: PIN as a number") << QByteArray("PUT") << QStringLiteral("/v1/issuer/staff/X")
                                                << QByteArray(R"({"role":"AGENT","pin":1234})") << kIssuerKey << 400;
        QTest::newRow("staff: new account without PIN") << QByteArray("PUT") << QStringLiteral("/v1/issuer/staff/X")
                                                        << QByteArray(R"({"role":"AGENT"})") << kIssuerKey << 400;
        QTest::newRow("staff: unknown role") << QByteArray("PUT") << QStringLiteral("/v1/issuer/staff/X")
                                             << QByteArray(R"({"role":"ROOT","pin":"1234"})") << kIssuerKey << 400;
        QTest::newRow("staff: not JSON") << QByteArray("PUT") << QStringLiteral("/v1/issuer/staff/X")
                                         << QByteArray("role=AGENT") << kIssuerKey << 400;
        QTest::newRow("staff: id too long")
            << QByteArray("PUT") << QStringLiteral("/v1/issuer/staff/") + QString(65, 'x')
            << QByteArray(R"({"role":"AGENT","pin":"1234"})") << kIssuerKey << 400;
        QTest::newRow("staff: oversize body")
            << QByteArray("PUT") << QStringLiteral("/v1/issuer/staff/X")
            << QByteArray(R"({"role":"AGENT","pin":"1234","name":")") + QByteArray(3 * 1024 * 1024, 'a') + "\"}"
            << kIssuerKey << 413;
        QTest::newRow("delete unknown staff")
            << QByteArray("DELETE") << QStringLiteral("/v1/issuer/staff/nobody") << QByteArray() << kIssuerKey << 404;
    }

    void endpointsRefuse()
    {
        QFETCH(QByteArray, verb);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, key);
        QFETCH(int, status);
        QCOMPARE(call(verb, path, body, key).status, status);
        QCOMPARE(m_security->staff()->size(), 0); // nothing was written
    }

    void injectionShapedIdsAreJustIds()
    {
        const QString id = QStringLiteral("x'); DROP TABLE records;--");
        const Http put
            = call("PUT", QStringLiteral("/v1/issuer/staff/") + QString::fromLatin1(QUrl::toPercentEncoding(id)),
                   R"({"role":"AGENT","pin":"1234","name":"<script>alert(1)</script>"})");
        QCOMPARE(put.status, 200);
        auto list = m_security->staff();
        QVERIFY(list);
        QCOMPARE(list->size(), 1);
        QCOMPARE(list->first().id, id);
        QCOMPARE(token(QStringLiteral("M-1001")).left(3), QStringLiteral("L1T")); // the store still works
    }
};

QTEST_GUILESS_MAIN(TestCentralSecurity)
#include "tst_centralsecurity.moc"
