// The end-of-shift report against a real store: a generated day at one desk (visits with guests, confirmed
// ATTENTIONs, refusals, voids, guest-count changes, paid entries, before and after the day), every figure recounted
// here from what the test itself did.

#include "AccessService.h"
#include "ShiftReport.h"
#include "TerminalSettings.h"
#include "TestData.h"

#include <QMap>
#include <QRandomGenerator>
#include <QTest>

using namespace lounge::core;
using namespace lounge::core::test;

namespace {

const QTimeZone kHongKong("Asia/Hong_Kong");
const QDate kDay(2026, 11, 27);

struct Visit
{
    QUuid id;
    bool paid = false;
    QString program;
    QDateTime at;
    int party = 1;
    bool attention = false;
    Reason reason = Reason::Ok;
    QString staff;
    bool voided = false;
};

struct VoidDone
{
    QDateTime at;
    QUuid voids;
    QString staff;
    QString remark;
};

struct RefusalDone
{
    QDateTime at;
    Reason reason;
};

} // namespace

class TestShiftReport : public QObject
{
    Q_OBJECT

private slots:
    void generatedDayRecounted();
    void emptyDayAndDaylightSaving();
    void boardingPassOverridesAndNameMismatches();
};

void TestShiftReport::generatedDayRecounted()
{
    TempStore ts;
    QVERIFY(ts.open());
    ChangePage page;
    page.cursor = 1;
    page.resources = {resource(QStringLiteral("R-HKG"))};
    const auto unlimited = entitlement(Allowance::infinite(), Allowance::infinite(), Allowance::none(), 3);
    page.programs = {program(QStringLiteral("GOLD"), {unlimited}), program(QStringLiteral("SILVER"), {unlimited})};
    QList<QByteArray> codes;
    QStringList programOf;
    for (int i = 0; i < 24; ++i) {
        QString code;
        const QString p = i % 3 == 0 ? QStringLiteral("SILVER") : QStringLiteral("GOLD");
        page.memberships << membership(QStringLiteral("M%1").arg(i), p, &code);
        codes << code.toUtf8();
        programOf << p + QStringLiteral(" tier");
    }
    QVERIFY(ts.store->applyChangePage(page));
    TerminalSettings settings;
    settings.terminalId = QStringLiteral("T-HKG-07");
    settings.resourceId = QStringLiteral("R-HKG");
    settings.staleAfterSeconds = 0;
    QVERIFY(settings.save(*ts.store));

    // From 23:10 the evening before to 00:40 the morning after, local time.
    FixedClock clock(QDateTime(kDay.addDays(-1), QTime(23, 10), kHongKong));
    TerminalContext ctx {settings.terminalId, settings.resourceId, QStringLiteral("S1"), 300, 0};
    AccessService service(*ts.store, clock, ctx);
    QRandomGenerator rng(20261127);
    QList<Visit> visits;
    QList<VoidDone> voids;
    QList<RefusalDone> refusals;
    const QList<Reason> refusalReasons {Reason::Expired, Reason::Suspended, Reason::UnknownCode, Reason::WrongModule};
    auto refuse = [&](Reason reason) {
        Refusal f;
        f.at = clock.now();
        f.reason = reason;
        f.staffId = ctx.staffId;
        f.terminalId = ctx.terminalId;
        QVERIFY(ts.store->recordRefusal(f));
        refusals << RefusalDone {f.at, reason};
    };
    auto standing = [&]() -> Visit* {
        QList<int> candidates;
        for (int i = 0; i < visits.size(); ++i) {
            if (!visits[i].voided && !visits[i].paid && visits[i].at.secsTo(clock.now()) < 24 * 3600) {
                candidates << i;
            }
        }
        return candidates.isEmpty() ? nullptr : &visits[candidates[int(rng.bounded(int(candidates.size())))]];
    };
    int lastMember = 0;
    const QDateTime end(kDay.addDays(1), QTime(0, 40), kHongKong);
    while (clock.now() < end) {
        clock.advance(60 + rng.bounded(9 * 60));
        ctx.staffId = rng.bounded(2) ? QStringLiteral("S1") : QStringLiteral("S2");
        service.setContext(ctx);
        const int roll = int(rng.bounded(100));
        if (roll < 65) {
            // Often the same pass again within five minutes: an ATTENTION the staff admit anyway or refuse.
            const int m = roll < 15 ? lastMember : int(rng.bounded(int(codes.size())));
            lastMember = m;
            const int party = 1 + int(rng.bounded(4));
            const Decision check = service.check(ScanInput {codes[m], party});
            const bool confirm = check.verdict == Verdict::Attention && rng.bounded(2) == 0;
            auto d = service.redeem(ScanInput {codes[m], party}, confirm);
            QVERIFY(d);
            if (d->recorded) {
                visits << Visit {d->redemptionId, false,      programOf[m],
                                 clock.now(),     party,      d->verdict == Verdict::Attention,
                                 d->reason,       ctx.staffId};
                QCOMPARE(d->programName, programOf[m]);
            } else {
                QCOMPARE(toString(d->verdict), toString(Verdict::Attention));
                refuse(d->reason);
            }
        } else if (roll < 77) {
            refuse(refusalReasons[int(rng.bounded(int(refusalReasons.size())))]);
        } else if (roll < 85) {
            const int party = 1 + int(rng.bounded(3));
            auto p = service.recordPaidEntry(CredentialRef {CredentialKind::Membership, QStringLiteral("M1")},
                                             QStringLiteral("Walk-in"), party, 5000 * party);
            QVERIFY(p);
            visits << Visit {p->id,      true,       QStringLiteral("Paid entry"), clock.now(), party, false,
                             Reason::Ok, ctx.staffId};
        } else if (roll < 94) {
            if (Visit* v = standing()) {
                const QString remark = QStringLiteral("wrong pass %1").arg(voids.size());
                auto r = service.voidRedemption(v->id, ctx.staffId, remark);
                QVERIFY(r);
                v->voided = true;
                voids << VoidDone {clock.now(), v->id, ctx.staffId, remark};
            }
        } else if (Visit* v = standing()) {
            const int party = v->party == 4 ? 2 : v->party + 1;
            const QUuid old = v->id;
            const Visit copy = *v;
            auto d = service.changePartySize(old, party, ctx.staffId, QStringLiteral("Guest count changed"));
            QVERIFY(d && d->recorded);
            for (auto& x : visits) {
                if (x.id == old) {
                    x.voided = true;
                }
            }
            voids << VoidDone {clock.now(), old, ctx.staffId, QStringLiteral("Guest count changed")};
            visits << Visit {d->redemptionId, false, copy.program, clock.now(), party, false, Reason::Ok, ctx.staffId};
        }
    }

    // The recount, from what was done above.
    const QDateTime from(kDay, QTime(0, 0), kHongKong);
    const QDateTime to(kDay.addDays(1), QTime(0, 0), kHongKong);
    auto inDay = [&](const QDateTime& at) { return at >= from && at < to; };
    ShiftReport::Counts total;
    QMap<QString, ShiftReport::Counts> byProgram;
    QMap<int, ShiftReport::Counts> byHour;
    QMap<QString, int> byReason;
    qint64 amount = 0;
    int paidEntries = 0;
    int overrides = 0;
    int outside = 0;
    for (const Visit& v : visits) {
        if (!inDay(v.at)) {
            ++outside;
            continue;
        }
        overrides += v.attention ? 1 : 0;
        if (v.voided) {
            continue;
        }
        for (ShiftReport::Counts* c :
             {&total, &byProgram[v.program], &byHour[v.at.toTimeZone(kHongKong).time().hour()]}) {
            ++c->visits;
            if (v.paid) {
                c->paid += v.party;
            } else {
                ++c->cardholders;
                c->guests += v.party - 1;
            }
        }
        amount += v.paid ? 5000 * v.party : 0;
        paidEntries += v.paid ? 1 : 0;
    }
    for (const RefusalDone& f : refusals) {
        if (inDay(f.at)) {
            ++total.refused;
            ++byHour[f.at.toTimeZone(kHongKong).time().hour()].refused;
            ++byReason[toString(f.reason)];
        }
    }
    QVERIFY2(outside > 0 && overrides > 3 && total.refused > 10 && total.guests > 20 && total.paid > 5,
             "the generated day covers every kind of record");

    // Read back after a restart, read-only (as `lounge-terminal report shift` opens it).
    QVERIFY(ts.open(Store::Options {true}));
    auto rep = ShiftReport::forDay(*ts.store, kDay, kHongKong);
    QVERIFY(rep);
    QCOMPARE(rep->terminalId, QStringLiteral("T-HKG-07"));
    QCOMPARE(rep->day, kDay);
    QCOMPARE(rep->fromUtc, from.toUTC());
    QCOMPARE(rep->toUtc, to.toUTC());
    QCOMPARE(rep->total.visits, total.visits);
    QCOMPARE(rep->total.cardholders, total.cardholders);
    QCOMPARE(rep->total.guests, total.guests);
    QCOMPARE(rep->total.paid, total.paid);
    QCOMPARE(rep->total.refused, total.refused);
    QCOMPARE(rep->paidAmountMinor, amount);
    QCOMPARE(rep->paidEntries, paidEntries);
    QCOMPARE(rep->byProgram.size(), byProgram.size());
    for (const auto& row : rep->byProgram) {
        QVERIFY2(row.counts == byProgram.value(row.program), qPrintable(row.program));
    }
    QCOMPARE(rep->byHour.size(), byHour.size());
    for (const auto& row : rep->byHour) {
        QVERIFY2(row.counts == byHour.value(row.hour), qPrintable(QString::number(row.hour)));
    }
    QCOMPARE(rep->refusedByReason.size(), byReason.size());
    for (int i = 0; i < rep->refusedByReason.size(); ++i) {
        const auto& r = rep->refusedByReason[i];
        QCOMPARE(r.count, byReason.value(toString(r.reason)));
        if (i > 0) {
            QVERIFY(rep->refusedByReason[i - 1].count >= r.count); // most frequent first
        }
    }
    // Overrides: who, when, why, in order; voided ones listed and marked.
    QList<Visit> expectedOverrides;
    for (const Visit& v : visits) {
        if (inDay(v.at) && v.attention) {
            expectedOverrides << v;
        }
    }
    QCOMPARE(rep->overrides.size(), expectedOverrides.size());
    for (int i = 0; i < expectedOverrides.size(); ++i) {
        const auto& got = rep->overrides[i];
        const Visit& want = expectedOverrides[i];
        QCOMPARE(got.visitId, want.id);
        QCOMPARE(got.at, want.at.toUTC());
        QCOMPARE(got.staffId, want.staff);
        QCOMPARE(toString(got.reason), toString(Reason::RecentlyUsed));
        QCOMPARE(got.voided, want.voided);
        QCOMPARE(got.program, want.program);
    }
    QList<VoidDone> expectedVoids;
    for (const VoidDone& v : voids) {
        if (inDay(v.at)) {
            expectedVoids << v;
        }
    }
    QVERIFY(expectedVoids.size() > 3);
    QCOMPARE(rep->voids.size(), expectedVoids.size());
    for (int i = 0; i < expectedVoids.size(); ++i) {
        QCOMPARE(rep->voids[i].voids, expectedVoids[i].voids);
        QCOMPARE(rep->voids[i].staffId, expectedVoids[i].staff);
        QCOMPARE(rep->voids[i].remark, expectedVoids[i].remark);
        QCOMPARE(rep->voids[i].at, expectedVoids[i].at.toUTC());
    }
}

void TestShiftReport::emptyDayAndDaylightSaving()
{
    TempStore ts;
    QVERIFY(ts.open());
    auto rep = ShiftReport::forDay(*ts.store, kDay, kHongKong);
    QVERIFY(rep);
    QCOMPARE(rep->total, ShiftReport::Counts {});
    QVERIFY(rep->byHour.isEmpty() && rep->byProgram.isEmpty() && rep->overrides.isEmpty());
    // The lounge's calendar day, not 24 hours: London's autumn change is a 25-hour day.
    const auto [from, to] = ShiftReport::dayRange(QDate(2026, 10, 25), QTimeZone("Europe/London"));
    QCOMPARE(from.secsTo(to), qint64(25 * 3600));
    QCOMPARE(from, QDateTime(QDate(2026, 10, 24), QTime(23, 0), Qt::UTC));
}

void TestShiftReport::boardingPassOverridesAndNameMismatches()
{
    // Issue 14: the shift report counts the visits a supervisor admitted without the required boarding pass and those
    // confirmed although the boarding pass named someone else; a voided one is listed (marked), not counted.
    TempStore ts;
    QVERIFY(ts.open());
    const QDateTime noon(kDay, QTime(12, 0), kHongKong);
    auto visit = [&](int minutes, Verdict verdict, Reason reason, const QString& overrideBy) {
        Redemption r;
        r.id = QUuid::createUuid();
        r.credential = CredentialRef {CredentialKind::Membership, QStringLiteral("M-1")};
        r.resourceId = QStringLiteral("HKG-T1-LOUNGE");
        r.terminalId = QStringLiteral("T-1");
        r.staffId = QStringLiteral("S1");
        r.at = noon.addSecs(minutes * 60).toUTC();
        r.verdict = verdict;
        r.reason = reason;
        r.holderName = QStringLiteral("Mei Ling Chan");
        r.programName = QStringLiteral("Gold");
        r.boardingPassOverrideBy = overrideBy;
        r.boardingPassOverrideReason = overrideBy.isEmpty() ? QString() : QStringLiteral("phone battery dead");
        return r;
    };
    const Redemption overridden = visit(0, Verdict::Accept, Reason::Ok, QStringLiteral("SUP-7"));
    const Redemption mismatch = visit(5, Verdict::Attention, Reason::NameMismatch, {});
    const Redemption plain = visit(10, Verdict::Accept, Reason::Ok, {});
    const Redemption voided = visit(15, Verdict::Accept, Reason::Ok, QStringLiteral("SUP-8"));
    Redemption undo = visit(20, Verdict::Accept, Reason::Ok, {});
    undo.kind = JournalKind::Void;
    undo.voids = voided.id;
    undo.remark = QStringLiteral("wrong guest");
    {
        auto tx = ts.store->beginWrite();
        QVERIFY(tx);
        for (const Redemption& r : {overridden, mismatch, plain, voided, undo}) {
            auto x = ts.store->appendJournal(r);
            QVERIFY2(x, qPrintable(x ? QString() : x.error().toString()));
        }
        QVERIFY(tx->commit());
    }
    auto rep = ShiftReport::forDay(*ts.store, kDay, kHongKong);
    QVERIFY(rep);
    QCOMPARE(rep->total.visits, 3);
    QCOMPARE(rep->boardingPassOverrides, 1);
    QCOMPARE(rep->nameMismatches, 1);
    QCOMPARE(rep->boardingPassOverrideList.size(), 2);
    QCOMPARE(rep->boardingPassOverrideList[0].visitId, overridden.id);
    QCOMPARE(rep->boardingPassOverrideList[0].supervisor, QStringLiteral("SUP-7"));
    QCOMPARE(rep->boardingPassOverrideList[0].reason, QStringLiteral("phone battery dead"));
    QCOMPARE(rep->boardingPassOverrideList[0].staffId, QStringLiteral("S1"));
    QVERIFY(!rep->boardingPassOverrideList[0].voided);
    QCOMPARE(rep->boardingPassOverrideList[1].visitId, voided.id);
    QVERIFY(rep->boardingPassOverrideList[1].voided);
}

QTEST_GUILESS_MAIN(TestShiftReport)
#include "tst_shiftreport.moc"
