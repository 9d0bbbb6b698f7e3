// Boarding passes end to end (issue 14 §2–§3): the issuer makes a lounge require boarding passes, the terminal pulls
// the rules into its cache, the desk records a visit with the holder's boarding pass, the upload carries the flight
// (never the PNR or seat unless the lounge uploads them: read off the real HTTP request through a proxy), and central's
// visits and billing statement show the flight. Real central over HTTP on loopback, real terminal stores; SQLite and
// (tst_syncboardingpass_pg) PostgreSQL.
#include "BcbpGenerator.h"
#include "BoardingPass.h"
#include "FaultProxy.h"
#include "IssuerService.h"
#include "RedeemRouter.h"
#include "SyncHarness.h"
#include "Validator.h"

#include <QJsonArray>
#include <QTest>

using namespace lounge;
using namespace lounge::sync;
using namespace lounge::sync::test;

namespace {

const QString kLounge = QStringLiteral("HKG-T1-LOUNGE");
const QString kZone = QStringLiteral("Asia/Hong_Kong");

bool setRules(CentralFixture& c, core::BoardingPassPolicy policy, bool uploadPnrAndSeat)
{
    core::Resource lounge = c.demo.resources[0];
    if (lounge.id != kLounge) {
        return false;
    }
    lounge.boardingPass.policy = policy;
    lounge.boardingPass.uploadPnrAndSeat = uploadPnrAndSeat;
    return bool(c.service->issuer().putResource(lounge));
}

/// A boarding pass for today at the lounge (Julian day in its time zone) from HKG, as a paper pass carries it.
core::bcbp::BoardingPass boardingPass(const QByteArray& name, const QByteArray& pnr, const QByteArray& seat)
{
    testing::bcbp::PassFields f = testing::bcbp::samplePass(1);
    f.name = name;
    testing::bcbp::LegFields& leg = f.legs[0];
    leg.pnr = pnr;
    leg.from = "HKG";
    leg.to = "LHR";
    leg.carrier = "CX";
    leg.flight = "0251";
    leg.julianDay = core::Validator::localDate(QDateTime::currentDateTimeUtc(), kZone).dayOfYear();
    leg.compartment = "J";
    leg.seat = seat;
    const auto parsed = core::bcbp::parse(testing::bcbp::passString(f));
    const auto* pass = std::get_if<core::bcbp::BoardingPass>(&parsed);
    return pass ? *pass : core::bcbp::BoardingPass {};
}

core::Decision redeemWith(TerminalFixture& t, const QString& code, const core::bcbp::BoardingPass& pass)
{
    core::ScanInput input {code.toUtf8(), 1};
    input.boardingPass = pass;
    auto d = t.access->redeem(input);
    return d ? *d : core::Decision {};
}

/// The bodies of the upload requests the proxy saw (each request's Content-Length bytes after its headers).
QByteArrayList uploadBodies(const QByteArray& traffic)
{
    QByteArrayList out;
    qsizetype at = 0;
    while ((at = traffic.indexOf("POST /v1/terminal/redemptions", at)) >= 0) {
        const qsizetype end = traffic.indexOf("\r\n\r\n", at);
        const QByteArray headers = traffic.mid(at, end - at).toLower();
        const qsizetype length = headers.indexOf("content-length:");
        const qsizetype eol = headers.indexOf("\r\n", length);
        const int size = headers.mid(length + 15, eol < 0 ? -1 : eol - length - 15).trimmed().toInt();
        out << traffic.mid(end + 4, size);
        at = end + 4 + size;
    }
    return out;
}

} // namespace

class TestSyncBoardingPass : public QObject
{
    Q_OBJECT
private slots:
    void requiredAtCentralRecordedAtTheDeskReportedAtCentral();
    void onlineFirstDeskJudgesBoardingPassesItself();
};

void TestSyncBoardingPass::requiredAtCentralRecordedAtTheDeskReportedAtCentral()
{
    CentralFixture c;
    QVERIFY(c.start());
    QVERIFY(setRules(c, core::BoardingPassPolicy::Required, false));
    FaultProxy proxy(c.port);
    TerminalFixture desk;
    QVERIFY(desk.enroll(c, kLounge, proxy.port()));
    QVERIFY(desk.sync());
    auto cached = desk.store->resource(kLounge);
    QVERIFY(cached && cached->has_value());
    QVERIFY((*cached)->boardingPass.policy == core::BoardingPassPolicy::Required);
    QCOMPARE((*cached)->boardingPass.uploadPnrAndSeat, false);

    // The platinum member (James Okafor) with his boarding pass.
    const QString platinum = c.sampleCode(QStringLiteral("Platinum member, active"));
    const core::bcbp::BoardingPass pass = boardingPass("OKAFOR/JAMES MR", "PNRAAA", "011A");
    QCOMPARE(pass.legs.size(), 1);
    const core::Decision d = redeemWith(desk, platinum, pass);
    QVERIFY2(d.recorded, qPrintable(core::toString(d.reason) + QLatin1Char(' ') + d.detail));
    auto local = desk.store->redemption(d.redemptionId);
    QVERIFY(local && local->has_value());
    QCOMPARE((*local)->flights.size(), 1);
    QCOMPARE((*local)->flights[0].pnr, QStringLiteral("PNRAAA")); // kept at the desk

    QVERIFY(desk.sync());
    QByteArrayList bodies = uploadBodies(proxy.received());
    QCOMPARE(bodies.size(), 1);
    QVERIFY2(bodies[0].contains("\"flights\":[{") && bodies[0].contains("\"carrier\":\"CX\""), bodies[0].constData());
    QVERIFY2(!bodies[0].contains("PNRAAA") && !bodies[0].contains("\"pnr\"") && !bodies[0].contains("\"seat\""),
             bodies[0].constData());

    auto stored = c.store->redemption(d.redemptionId);
    QVERIFY(stored && stored->has_value());
    QCOMPARE_ENUM((*stored)->status, central::StoredRedemption::Status::Accepted);
    QCOMPARE((*stored)->record.flights.size(), 1);
    const core::FlightRecord& f = (*stored)->record.flights[0];
    QCOMPARE(f.carrier, QStringLiteral("CX"));
    QCOMPARE(f.flightNumber.toInt(), 251);
    QCOMPARE(f.from, QStringLiteral("HKG"));
    QCOMPARE(f.to, QStringLiteral("LHR"));
    QCOMPARE(f.compartment, QStringLiteral("J"));
    QCOMPARE(f.date, core::Validator::localDate(QDateTime::currentDateTimeUtc(), kZone));
    QVERIFY(f.pnr.isEmpty() && f.seat.isEmpty());

    const QString month = core::Validator::localDate(QDateTime::currentDateTimeUtc(), kZone).toString("yyyy-MM");
    auto statements = c.service->billing().statements(month, QStringLiteral("PLATINUM"), kLounge);
    QVERIFY(statements && statements->size() == 1);
    QCOMPARE(statements->first().value("boardingPasses").toInt(), 1);
    QCOMPARE(statements->first().value("byCarrier").toObject().value("CX").toObject().value("passes").toInt(), 1);
    QCOMPARE(statements->first().value("byCompartment").toObject().value("J").toObject().value("visits").toInt(), 1);

    // The issuer enables the PNR and seat upload: the next visit's request carries them, and central keeps them.
    QVERIFY(setRules(c, core::BoardingPassPolicy::Required, true));
    QVERIFY(desk.sync());
    const QString gold = c.sampleCode(QStringLiteral("Gold member, active"));
    const core::Decision second = redeemWith(desk, gold, boardingPass("CHAN/MEI LING MS", "PNRBBB", "002C"));
    QVERIFY2(second.recorded, qPrintable(core::toString(second.reason) + QLatin1Char(' ') + second.detail));
    QVERIFY(desk.sync());
    bodies = uploadBodies(proxy.received());
    QCOMPARE(bodies.size(), 2);
    QVERIFY2(bodies[1].contains("\"pnr\":\"PNRBBB\""), bodies[1].constData());
    auto kept = c.store->redemption(second.redemptionId);
    QVERIFY(kept && kept->has_value());
    QCOMPARE((*kept)->record.flights.value(0).pnr, QStringLiteral("PNRBBB"));
}

void TestSyncBoardingPass::onlineFirstDeskJudgesBoardingPassesItself()
{
    // Central's online redeem never sees a boarding pass (its PNR stays at the desk): at a lounge that uses them an
    // online-first desk decides locally, records the flight, and uploads it. Asking central would refuse the visit
    // (BOARDING_PASS_REQUIRED).
    CentralFixture c;
    QVERIFY(c.start());
    QVERIFY(setRules(c, core::BoardingPassPolicy::Required, false));
    TerminalFixture desk;
    QVERIFY(desk.enroll(c, kLounge));
    QVERIFY(desk.sync());
    desk.engine->setMode(core::TerminalSettings::Mode::OnlineFirst);
    RedeemRouter router(*desk.store, *desk.access, *desk.engine);
    core::ScanInput input {c.sampleCode(QStringLiteral("Platinum member, active")).toUtf8(), 1};
    input.boardingPass = boardingPass("OKAFOR/JAMES MR", "PNRAAA", "011A");
    std::optional<core::Result<RoutedDecision>> out;
    router.redeem(input, false, [&](core::Result<RoutedDecision> r) { out = r; });
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 20000);
    QVERIFY(*out);
    QCOMPARE_ENUM((*out)->source, RoutedDecision::Source::Local);
    QCOMPARE_ENUM((*out)->decision.verdict, core::Verdict::Accept);
    QVERIFY((*out)->decision.recorded);
    QVERIFY(desk.sync());
    auto stored = c.store->redemption((*out)->decision.redemptionId);
    QVERIFY(stored && stored->has_value());
    QCOMPARE_ENUM((*stored)->status, central::StoredRedemption::Status::Accepted);
    QCOMPARE((*stored)->record.flights.value(0).carrier, QStringLiteral("CX"));
}

QTEST_GUILESS_MAIN(TestSyncBoardingPass)
#include "tst_syncboardingpass.moc"
