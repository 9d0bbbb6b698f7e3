// Staff accounts: Argon2id PIN hashes, sign-in with persisted lock-out and exponential back-off, role policy,
// supervisor-only void, accounts arriving through the changes feed, and the append-only staff session log.
#include "AccessService.h"
#include "Json.h"
#include "SecurityJson.h"
#include "SecurityTestData.h"
#include "StaffDirectory.h"
#include "StaffEventLog.h"
#include "StaffPolicy.h"

#include <QJsonDocument>
#include <QTest>

using namespace lounge::core;
using namespace lounge::core::test;

namespace {
const QString kResource = QStringLiteral("HKG-T1-LOUNGE");
const QString kTerminal = QStringLiteral("T-1");
using Status = SignInOutcome::Status;
} // namespace

class TestStaff : public QObject
{
    Q_OBJECT

private:
    TempStore m_db;
    FixedClock m_clock {centralNow()};

    StaffDirectory directory()
    {
        return StaffDirectory(*m_db.store, m_clock,
                              StaffDirectory::Options {kTerminal, kResource, QStringLiteral("HKG"), 5, 30, 3600});
    }

    Status signIn(const QString& id, const QString& pin)
    {
        auto outcome = directory().signIn(id, pin);
        if (!outcome) {
            qWarning() << outcome.error().toString();
            return Status::WrongCredentials;
        }
        return outcome->status;
    }

private slots:
    void init()
    {
        m_clock.set(centralNow());
        m_db.removeFiles();
        QVERIFY(m_db.open());
        SecurityStore security(*m_db.store);
        QVERIFY(security.upsertStaff(staffAccount(QStringLiteral("A-1"), StaffRole::Agent, QStringLiteral("1234"))));
        QVERIFY(security.upsertStaff(
            staffAccount(QStringLiteral("S-1"), StaffRole::Supervisor, QStringLiteral("987654"), {kResource})));
        QVERIFY(security.upsertStaff(
            staffAccount(QStringLiteral("X-1"), StaffRole::Agent, QStringLiteral("1111"), {}, false)));
        QVERIFY(security.upsertStaff(
            staffAccount(QStringLiteral("P-1"), StaffRole::Agent, QStringLiteral("2222"), {QStringLiteral("PVG")})));
    }

    void pinHashing_data()
    {
        QTest::addColumn<QString>("pin");
        QTest::addColumn<bool>("acceptable");
        QTest::newRow("4 digits") << QStringLiteral("0000") << true;
        QTest::newRow("12 digits") << QStringLiteral("123456789012") << true;
        QTest::newRow("3 digits") << QStringLiteral("123") << false;
        QTest::newRow("13 digits") << QStringLiteral("1234567890123") << false;
        QTest::newRow("letters") << QStringLiteral("12a4") << false;
        QTest::newRow("Arabic-Indic digits") << QStringLiteral("\u0661\u0662\u0663\u0664") << false;
        QTest::newRow("empty") << QString() << false;
    }

    void pinHashing()
    {
        QFETCH(QString, pin);
        QFETCH(bool, acceptable);
        auto h = PinHash::hash(pin, PinHash::Cost::Minimal);
        QCOMPARE(bool(h), acceptable);
        if (!acceptable) {
            return;
        }
        QVERIFY(h->startsWith(QLatin1String("$argon2id$")));
        QVERIFY(!h->contains(pin));
        QVERIFY(PinHash::verify(*h, pin));
        QString wrong = pin;
        wrong[0] = wrong[0] == QLatin1Char('9') ? QLatin1Char('0') : QChar(wrong[0].unicode() + 1);
        QVERIFY(!PinHash::verify(*h, wrong));
        QVERIFY(*PinHash::hash(pin, PinHash::Cost::Minimal) != *h); // salted
    }

    void interactiveCostIsWhatCentralUses()
    {
        auto h = PinHash::hash(QStringLiteral("4321"));
        QVERIFY(h);
        QVERIFY2(h->contains(QLatin1String("m=65536,t=2")), qPrintable(*h)); // 64 MiB, 2 passes
        QVERIFY(PinHash::verify(*h, QStringLiteral("4321")));
    }

    void malformedHashNeverVerifies_data()
    {
        QTest::addColumn<QString>("hash");
        QTest::newRow("empty") << QString();
        QTest::newRow("argon2i") << QStringLiteral("$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA");
        QTest::newRow("truncated") << QStringLiteral("$argon2id$v=19$m=8,t=1");
        QTest::newRow("plain PIN") << QStringLiteral("1234");
    }

    void malformedHashNeverVerifies()
    {
        QFETCH(QString, hash);
        QVERIFY(!PinHash::verify(hash, QStringLiteral("1234")));
    }

    void signIn_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("pin");
        QTest::addColumn<Status>("expected");
        QTest::newRow("agent") << QStringLiteral("A-1") << QStringLiteral("1234") << Status::SignedIn;
        QTest::newRow("supervisor at its site")
            << QStringLiteral("S-1") << QStringLiteral("987654") << Status::SignedIn;
        QTest::newRow("wrong PIN") << QStringLiteral("A-1") << QStringLiteral("1235") << Status::WrongCredentials;
        QTest::newRow("unknown id") << QStringLiteral("Z-9") << QStringLiteral("1234") << Status::WrongCredentials;
        QTest::newRow("inactive, right PIN") << QStringLiteral("X-1") << QStringLiteral("1111") << Status::Inactive;
        QTest::newRow("inactive, wrong PIN")
            << QStringLiteral("X-1") << QStringLiteral("1112") << Status::WrongCredentials;
        QTest::newRow("other airport") << QStringLiteral("P-1") << QStringLiteral("2222") << Status::NotAllowedHere;
        QTest::newRow("id too long") << QString(65, QLatin1Char('A')) << QStringLiteral("1234")
                                     << Status::WrongCredentials;
    }

    void signIn()
    {
        QFETCH(QString, id);
        QFETCH(QString, pin);
        QFETCH(Status, expected);
        auto outcome = directory().signIn(id, pin);
        QVERIFY(outcome);
        QCOMPARE(int(outcome->status), int(expected));
        QCOMPARE(outcome->session.has_value(), expected == Status::SignedIn);
        if (outcome->session) {
            QCOMPARE(outcome->session->staffId, id);
            QCOMPARE(outcome->session->signedInAt, centralNow());
        }
    }

    void lockOutAndExponentialBackOff()
    {
        const QString id = QStringLiteral("A-1");
        for (int i = 1; i <= 4; ++i) {
            auto o = directory().signIn(id, QStringLiteral("0000"));
            QCOMPARE(o->failures, i);
            QVERIFY(!o->retryAfter.isValid());
        }
        auto fifth = directory().signIn(id, QStringLiteral("0000"));
        QCOMPARE(fifth->retryAfter, centralNow().addSecs(30));
        // Locked: even the right PIN is refused, and the refusal costs nothing.
        QCOMPARE(signIn(id, QStringLiteral("1234")), Status::LockedOut);
        m_clock.advance(30);
        auto sixth = directory().signIn(id, QStringLiteral("0000"));
        QCOMPARE(sixth->retryAfter, m_clock.now().addSecs(60));
        m_clock.advance(60);
        auto seventh = directory().signIn(id, QStringLiteral("0000"));
        QCOMPARE(seventh->retryAfter, m_clock.now().addSecs(120));
        m_clock.advance(120);
        QCOMPARE(signIn(id, QStringLiteral("1234")), Status::SignedIn);
        // Success resets the count.
        QCOMPARE(directory().signIn(id, QStringLiteral("0000"))->failures, 1);
    }

    void backOffIsCapped()
    {
        SecurityStore security(*m_db.store);
        QVERIFY(security.setLockout(QStringLiteral("A-1"), StaffLockout {40, {}}));
        auto o = directory().signIn(QStringLiteral("A-1"), QStringLiteral("0000"));
        QCOMPARE(o->retryAfter, centralNow().addSecs(3600));
    }

    void staffEventLogRoundTrip()
    {
        StaffEventLog log(*m_db.store);
        const QDateTime t0 = m_clock.now();
        const StaffEvent events[] = {
            {0, t0, StaffEventKind::SignedIn, QStringLiteral("A-1"), {}},
            {0, t0.addSecs(60), StaffEventKind::Locked, QStringLiteral("A-1"), {}},
            {0, t0.addSecs(90), StaffEventKind::SignOutRefused, QStringLiteral("A-2"), QStringLiteral("A-1")},
            {0, t0.addSecs(120), StaffEventKind::SignedOut, QStringLiteral("A-1"), {}},
            {0, t0.addSecs(120), StaffEventKind::SignedOutOther, QStringLiteral("S-1"), QStringLiteral("A-1")},
            {0, t0.addSecs(120), StaffEventKind::SignedIn, QStringLiteral("S-1"), {}},
            {0, t0.addSecs(600), StaffEventKind::Unlocked, QStringLiteral("S-1"), {}},
        };
        qint64 lastSeq = 0;
        for (const auto& e : events) {
            auto stored = log.record(e);
            QVERIFY2(stored, stored ? "" : qPrintable(stored.error().toString()));
            QVERIFY(stored->seq > lastSeq);
            lastSeq = stored->seq;
        }
        QVERIFY(m_db.open()); // survives a restart
        StaffEventLog reopened(*m_db.store);
        auto all = reopened.between(t0, t0.addDays(1));
        QVERIFY(all);
        QCOMPARE(all->size(), 7);
        for (int i = 0; i < all->size(); ++i) {
            StaffEvent expected = events[i];
            expected.seq = all->at(i).seq;
            QCOMPARE(all->at(i), expected);
            QCOMPARE(staffEventKindFromString(toString(expected.kind)), std::optional(expected.kind));
        }
        // [from, to): the first minute holds only the sign-in; the end bound is exclusive.
        auto firstMinute = reopened.between(t0, t0.addSecs(60));
        QVERIFY(firstMinute);
        QCOMPARE(firstMinute->size(), 1);
        QCOMPARE(toString(firstMinute->first().kind), toString(StaffEventKind::SignedIn));
        QCOMPARE(staffEventKindFromString(QStringLiteral("deleted")), std::nullopt);
    }

    void staffEventLogIsAppendOnly()
    {
        StaffEventLog log(*m_db.store);
        QVERIFY(log.record({0, m_clock.now(), StaffEventKind::SignedIn, QStringLiteral("A-1"), {}}));
        auto& db = m_db.store->database();
        auto del = db.execScript(QStringLiteral("DELETE FROM staff_events"));
        QVERIFY(!del);
        auto upd = db.execScript(QStringLiteral("UPDATE staff_events SET staff = 'S-1'"));
        QVERIFY(!upd);
        auto all = log.between(m_clock.now().addDays(-1), m_clock.now().addDays(1));
        QVERIFY(all);
        QCOMPARE(all->size(), 1);
        QCOMPARE(all->first().staffId, QStringLiteral("A-1"));
        // Refused before SQLite: an event must say who and when.
        auto noStaff = log.record({0, m_clock.now(), StaffEventKind::Locked, {}, {}});
        QVERIFY(!noStaff);
        QCOMPARE(toString(noStaff.error().code), toString(ErrorCode::InvalidArgument));
        auto noTime = log.record({0, QDateTime(), StaffEventKind::Locked, QStringLiteral("A-1"), {}});
        QVERIFY(!noTime);
    }

    void lockOutSurvivesRestart()
    {
        for (int i = 0; i < 5; ++i) {
            QVERIFY(directory().signIn(QStringLiteral("A-1"), QStringLiteral("9999")));
        }
        QVERIFY(m_db.open()); // restart the kiosk
        QCOMPARE(signIn(QStringLiteral("A-1"), QStringLiteral("1234")), Status::LockedOut);
    }

    void unknownIdsLockOutToo()
    {
        for (int i = 0; i < 5; ++i) {
            QVERIFY(directory().signIn(QStringLiteral("NOBODY"), QStringLiteral("9999")));
        }
        QCOMPARE(signIn(QStringLiteral("NOBODY"), QStringLiteral("9999")), Status::LockedOut);
    }

    void policy_data()
    {
        QTest::addColumn<StaffRole>("role");
        QTest::addColumn<StaffAction>("action");
        QTest::addColumn<bool>("allowed");
        const std::pair<StaffAction, bool> agent[] = {
            {StaffAction::Admit, true},           {StaffAction::ViewHistory, true}, {StaffAction::Void, false},
            {StaffAction::ChangeSettings, false}, {StaffAction::ForceSync, false},  {StaffAction::SignOutOthers, false},
            {StaffAction::ExportReport, false},
        };
        for (const auto& [action, ok] : agent) {
            QTest::addRow("agent %s", qPrintable(toString(action))) << StaffRole::Agent << action << ok;
            QTest::addRow("supervisor %s", qPrintable(toString(action))) << StaffRole::Supervisor << action << true;
        }
    }

    void policy()
    {
        QFETCH(StaffRole, role);
        QFETCH(StaffAction, action);
        QFETCH(bool, allowed);
        QCOMPARE(StaffPolicy::allows(role, action), allowed);
        const auto checked = StaffPolicy::check(StaffSession {QStringLiteral("X"), role, centralNow()}, action);
        QCOMPARE(bool(checked), allowed);
        if (!allowed) {
            QCOMPARE(toString(checked.error().code), toString(ErrorCode::Forbidden));
        }
        QCOMPARE(toString(StaffPolicy::check(StaffSession {}, action).error().code), toString(ErrorCode::Unauthorized));
    }

    void voidNeedsASupervisor_data()
    {
        QTest::addColumn<QString>("staffId");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("agent") << QStringLiteral("A-1") << false;
        QTest::newRow("supervisor") << QStringLiteral("S-1") << true;
        QTest::newRow("inactive account") << QStringLiteral("X-1") << false;
        QTest::newRow("account of another airport") << QStringLiteral("P-1") << false;
        QTest::newRow("unknown id") << QStringLiteral("cli") << false;
    }

    void voidNeedsASupervisor()
    {
        QFETCH(QString, staffId);
        QFETCH(bool, allowed);
        Store& store = *m_db.store;
        QVERIFY(store.upsertResource(resource(kResource)));
        QVERIFY(store.upsertProgram(program(QStringLiteral("GOLD"), {entitlement(Allowance::of(5))})));
        QString code;
        QVERIFY(store.upsertMembership(membership(QStringLiteral("M-1"), QStringLiteral("GOLD"), &code)));
        TerminalContext context {kTerminal, kResource, QStringLiteral("A-1"), 0, 0};
        AccessService service(store, m_clock, context);
        auto visit = service.redeem(ScanInput {code.toUtf8(), 1});
        QVERIFY(visit && visit->recorded);

        StaffDirectory staff = directory();
        service.setStaffDirectory(&staff);
        auto voided = service.voidRedemption(visit->redemptionId, staffId, QStringLiteral("wrong lounge"));
        QCOMPARE(bool(voided), allowed);
        if (!allowed) {
            QCOMPARE(toString(voided.error().code), toString(ErrorCode::Forbidden));
            QCOMPARE(*store.count(QStringLiteral("journal")), 1);
        }
    }

    void accountsArriveThroughTheChangesFeed()
    {
        ChangePage page;
        page.cursor = 10;
        page.staff = {staffAccount(QStringLiteral("N-1"), StaffRole::Supervisor, QStringLiteral("5555"))};
        page.deletedStaff = {QStringLiteral("A-1")};
        // Through the wire format, as the sync client receives it.
        const QByteArray wire = QJsonDocument(json::toJson(page)).toJson(QJsonDocument::Compact);
        auto parsed = json::changePageFromJson(QJsonDocument::fromJson(wire).object());
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().toString()));
        QCOMPARE(parsed->staff, page.staff);
        QCOMPARE(parsed->deletedStaff, page.deletedStaff);
        QVERIFY(m_db.store->applyChangePage(*parsed));
        QCOMPARE(signIn(QStringLiteral("N-1"), QStringLiteral("5555")), Status::SignedIn);
        QCOMPARE(signIn(QStringLiteral("A-1"), QStringLiteral("1234")), Status::WrongCredentials);
    }

    void staffJsonIsStrict_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("no role") << QByteArray(R"({"id":"A","pinHash":"$argon2id$x"})");
        QTest::newRow("unknown role") << QByteArray(R"({"id":"A","role":"ROOT","pinHash":"$argon2id$x"})");
        QTest::newRow("plain PIN instead of hash") << QByteArray(R"({"id":"A","role":"AGENT","pinHash":"1234"})");
        QTest::newRow("empty id") << QByteArray(R"({"id":"","role":"AGENT","pinHash":"$argon2id$x"})");
        QTest::newRow("sites not strings") << QByteArray(R"({"id":"A","role":"AGENT","pinHash":"$argon2id$x",)"
                                                         R"("sites":[1]})");
        QTest::newRow("active not bool") << QByteArray(R"({"id":"A","role":"AGENT","pinHash":"$argon2id$x",)"
                                                       R"("active":"yes"})");
    }

    void staffJsonIsStrict()
    {
        QFETCH(QByteArray, json);
        QVERIFY(!json::staffAccountFromJson(QJsonDocument::fromJson(json).object()));
    }
};

QTEST_GUILESS_MAIN(TestStaff)
#include "tst_staff.moc"
