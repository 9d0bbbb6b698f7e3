// Property test: random sequences of redeem / void / sync-acknowledge never overdraw a pool and always agree with a
// straightforward recount of the journal, while a simulated central acknowledges records and sends counters.

#include "AccessService.h"
#include "Store.h"
#include "TestData.h"

#include <QMap>
#include <QTest>

using namespace lounge::core;
using namespace lounge::core::test;

namespace {

using Key = QString; ///< "cred|pool|period"

Key keyOf(const CredentialRef& c, Pool pool, const QString& period)
{
    return c.key() + QLatin1Char('|') + toString(pool) + QLatin1Char('|') + period;
}

struct ModelRecord
{
    QUuid id;
    CredentialRef credential;
    QList<PoolUse> uses;
    bool isVoid = false;
    bool voided = false;
    bool acknowledged = false;
};

/// Central, reduced to what the terminal sees of it: counters of acknowledged records and a sequence.
struct Central
{
    QMap<Key, int> counters;
    qint64 seq = 0;
    qint64 sentCursor = 0; ///< what the terminal has been sent so far
};

} // namespace

class TestJournalProperty : public QObject
{
    Q_OBJECT

private slots:
    void randomSequences_data();
    void randomSequences();
};

void TestJournalProperty::randomSequences_data()
{
    QTest::addColumn<quint32>("seed");
    bool ok = false;
    const quint32 fixed = qEnvironmentVariable("LOUNGE_TEST_SEED").toUInt(&ok);
    if (ok) {
        QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(fixed))) << fixed;
        return;
    }
    for (int i = 0; i < 10; ++i) {
        const quint32 s = QRandomGenerator::global()->generate();
        QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(s))) << s;
    }
}

void TestJournalProperty::randomSequences()
{
    QFETCH(quint32, seed);
    // On failure QTest prints the row name, which is the seed; rerun with LOUNGE_TEST_SEED=<seed>.
    QRandomGenerator rng(seed);

    // A random entitlement shape: small pools so they run out, sometimes unlimited, sometimes shared only.
    auto allowance = [&]() {
        const int r = int(rng.bounded(10));
        return r == 0 ? Allowance::infinite() : r < 3 ? Allowance::none() : Allowance::of(int(rng.bounded(1, 6)));
    };
    const QuotaPeriod periods[] = {QuotaPeriod::Validity, QuotaPeriod::Year, QuotaPeriod::Month, QuotaPeriod::Day};
    const Entitlement ent
        = entitlement(allowance(), allowance(), allowance(), int(rng.bounded(4)), periods[rng.bounded(4)]);
    const int usages = int(rng.bounded(6));

    TempStore ts;
    QVERIFY(ts.open());
    Store& store = *ts.store;
    ChangePage page;
    page.resources = {resource(QStringLiteral("R-HKG"))};
    page.programs = {program(QStringLiteral("P"), {ent})};
    QString mcode;
    QString ecode;
    page.memberships = {membership(QStringLiteral("M1"), QStringLiteral("P"), &mcode)};
    page.ePasses = {ePass(QStringLiteral("E1"), &ecode, usages)};
    QVERIFY(store.applyChangePage(page));
    const CredentialRef m1 {CredentialKind::Membership, QStringLiteral("M1")};
    const CredentialRef e1 {CredentialKind::EPass, QStringLiteral("E1")};

    FixedClock clock(QDateTime(QDate(2026, 12, 30), QTime(10, 0), Qt::UTC));
    AccessService service(store, clock, {QStringLiteral("T1"), QStringLiteral("R-HKG"), QStringLiteral("S"), 0, 0});
    QList<ModelRecord> journal;
    Central central;
    QSet<Key> keys;

    auto recount = [&](const Key& key) {
        int n = 0;
        for (const auto& r : journal) {
            for (const auto& u : r.uses) {
                if (keyOf(r.credential, u.pool, u.period) == key) {
                    n += u.count;
                }
            }
        }
        return n;
    };
    const Pool pools[] = {Pool::Cardholder, Pool::Guest, Pool::Shared};
    const Allowance allowances[] = {ent.cardholder, ent.guest, ent.shared};

    // The rule, written out plainly: holder from cardholder then shared; each guest from guest then shared.
    auto expectedReason = [&](bool isEPass, int party, const QString& period) -> Reason {
        if (isEPass) {
            if (party > 1) {
                return Reason::TooManyGuests;
            }
            return usages - recount(keyOf(e1, Pool::Usages, QStringLiteral("V"))) > 0 ? Reason::Ok
                                                                                      : Reason::NoVisitsLeft;
        }
        int left[3];
        for (int i = 0; i < 3; ++i) {
            left[i] = allowances[i].unlimited ? 1 << 20 : allowances[i].count - recount(keyOf(m1, pools[i], period));
        }
        const int guests = party - 1;
        if (guests > ent.guestsPerVisit) {
            return Reason::TooManyGuests;
        }
        if (left[0] > 0) {
            --left[0];
        } else if (left[2] > 0) {
            --left[2];
        } else {
            return Reason::NoVisitsLeft;
        }
        for (int g = 0; g < guests; ++g) {
            if (left[1] > 0) {
                --left[1];
            } else if (left[2] > 0) {
                --left[2];
            } else {
                return Reason::NoVisitsLeft;
            }
        }
        return Reason::Ok;
    };

    auto checkInvariants = [&](int step) -> bool {
        for (const Key& key : std::as_const(keys)) {
            const QStringList parts = key.split(QLatin1Char('|'));
            const CredentialRef cred = *CredentialRef::fromKey(parts[0]);
            const Pool pool = *poolFromString(parts[1]);
            const Module module = QStringLiteral("LOUNGE");
            auto used = store.used(cred, module, pool, parts[2]);
            if (!used) {
                qWarning("seed %u step %d: used() failed: %s", seed, step, qPrintable(used.error().toString()));
                return false;
            }
            const int expected = recount(key);
            if (*used != expected) {
                qWarning("seed %u step %d: %s used %d, recount %d", seed, step, qPrintable(key), *used, expected);
                return false;
            }
            const Allowance a = pool == Pool::Usages ? Allowance::of(usages)
                                                     : allowances[pool == Pool::Cardholder  ? 0
                                                                      : pool == Pool::Guest ? 1
                                                                                            : 2];
            if (!a.unlimited && (expected > a.count || expected < 0)) {
                qWarning("seed %u step %d: %s overdrawn: %d of %d", seed, step, qPrintable(key), expected, a.count);
                return false;
            }
        }
        return true;
    };

    auto sendPage = [&]() -> bool {
        ChangePage p;
        p.cursor = central.seq;
        for (auto it = central.counters.cbegin(); it != central.counters.cend(); ++it) {
            const QStringList parts = it.key().split(QLatin1Char('|'));
            p.usage << UsageCounter {*CredentialRef::fromKey(parts[0]), QStringLiteral("LOUNGE"),
                                     *poolFromString(parts[1]), parts[2], it.value()};
        }
        central.sentCursor = central.seq;
        return bool(store.applyChangePage(p));
    };

    int accepted = 0;
    int voids = 0;
    int acks = 0;
    const int steps = 250;
    for (int step = 0; step < steps; ++step) {
        const int op = int(rng.bounded(100));
        if (op < 55) { // redeem
            const bool isEPass = rng.bounded(4) == 0;
            const int party = isEPass ? (rng.bounded(5) == 0 ? 2 : 1) : 1 + int(rng.bounded(ent.guestsPerVisit + 2));
            const QString period
                = Validator::periodKey(ent.period, Validator::localDate(clock.now(), QStringLiteral("Asia/Hong_Kong")));
            const Reason expected = expectedReason(isEPass, party, period);
            auto r = service.redeem(ScanInput {(isEPass ? ecode : mcode).toUtf8(), party});
            QVERIFY2(r, qPrintable(QStringLiteral("seed %1: %2").arg(seed).arg(r ? QString() : r.error().toString())));
            QVERIFY2(r->reason == expected,
                     qPrintable(QStringLiteral("seed %1 step %2: %3 party %4 got %5, rule says %6")
                                    .arg(seed)
                                    .arg(step)
                                    .arg(isEPass ? "E-pass" : "membership")
                                    .arg(party)
                                    .arg(toString(r->reason), toString(expected))));
            for (const auto& b : r->balances) {
                QVERIFY2(b.unlimited || b.remaining >= 0 || !r->recorded, qPrintable(QString::number(seed)));
            }
            if (r->recorded) {
                ++accepted;
                journal << ModelRecord {r->redemptionId, *r->credential, r->uses, false, false, false};
                for (const auto& u : r->uses) {
                    keys.insert(keyOf(*r->credential, u.pool, u.period));
                }
            }
            clock.advance(rng.bounded(6 * 3600));
        } else if (op < 70) { // void a random standing redemption
            QList<int> candidates;
            for (int i = 0; i < journal.size(); ++i) {
                if (!journal[i].isVoid && !journal[i].voided) {
                    candidates << i;
                }
            }
            if (candidates.isEmpty()) {
                continue;
            }
            ModelRecord& o = journal[candidates[int(rng.bounded(int(candidates.size())))]];
            auto v = service.voidRedemption(o.id, QStringLiteral("SUP"), QStringLiteral("property"), 0);
            QVERIFY2(v, qPrintable(QStringLiteral("seed %1: %2").arg(seed).arg(v ? QString() : v.error().toString())));
            o.voided = true;
            ++voids;
            journal << ModelRecord {v->id, v->credential, v->uses, true, false, false};
        } else if (op < 90) { // central acknowledges part of the outbox, maybe sends a page
            auto outbox = store.outbox(int(rng.bounded(1, 6)));
            QVERIFY(outbox);
            QList<QUuid> ids;
            for (const auto& r : *outbox) {
                ids << r.id;
            }
            QVERIFY(store.markUploaded(ids));
            for (const auto& r : *outbox) {
                for (const auto& u : r.uses) {
                    central.counters[keyOf(r.credential, u.pool, u.period)] += u.count;
                }
                ++central.seq;
                QVERIFY(store.markAcknowledged(r.id, central.seq, false));
                ++acks;
                for (auto& m : journal) {
                    if (m.id == r.id) {
                        m.acknowledged = true;
                    }
                }
            }
            if (rng.bounded(10) < 7) {
                QVERIFY(sendPage());
            }
        } else { // a page arrives later (cursor catch-up), possibly with nothing new
            QVERIFY(sendPage());
        }
        QVERIFY(checkInvariants(step));
    }
    // The day's totals (one SQL aggregate) agree with counting the records one by one.
    const auto checkTotals = [&store] {
        auto all = store.fullJournal();
        QVERIFY(all);
        DayStats expected;
        for (const auto& r : *all) {
            expected.pendingUpload += r.state == RedemptionState::Pending || r.state == RedemptionState::Uploaded;
            expected.rejected += r.state == RedemptionState::Rejected;
            expected.conflicts += r.state == RedemptionState::Conflict;
            if (r.kind == JournalKind::Redeem) {
                const bool voided = !r.voidedBy.isNull();
                expected.voided += voided;
                expected.redemptions += !voided;
                expected.admitted += voided ? 0 : r.partySize;
                expected.guests += voided ? 0 : r.partySize - 1;
            }
        }
        auto totals = store.stats(QDateTime::fromMSecsSinceEpoch(0, Qt::UTC),
                                  QDateTime(QDate(2100, 1, 1), QTime(0, 0), Qt::UTC));
        QVERIFY(totals);
        QCOMPARE(totals->redemptions, expected.redemptions);
        QCOMPARE(totals->admitted, expected.admitted);
        QCOMPARE(totals->guests, expected.guests);
        QCOMPARE(totals->voided, expected.voided);
        QCOMPARE(totals->pendingUpload, expected.pendingUpload);
        QCOMPARE(totals->rejected, expected.rejected);
        QCOMPARE(totals->conflicts, expected.conflicts);
    };
    checkTotals(); // with records still waiting to upload
    // Drain: everything acknowledged and reflected; local counts go to zero, central's counters carry it all.
    for (;;) {
        auto outbox = store.outbox(100);
        QVERIFY(outbox);
        if (outbox->isEmpty()) {
            break;
        }
        for (const auto& r : *outbox) {
            for (const auto& u : r.uses) {
                central.counters[keyOf(r.credential, u.pool, u.period)] += u.count;
            }
            ++central.seq;
            QVERIFY(store.markAcknowledged(r.id, central.seq, false));
        }
    }
    QVERIFY(sendPage());
    QVERIFY(checkInvariants(steps));
    for (auto it = central.counters.cbegin(); it != central.counters.cend(); ++it) {
        QCOMPARE(it.value(), recount(it.key()));
    }
    QCOMPARE(*store.count(QStringLiteral("journal")), int(journal.size()));
    QCOMPARE(*store.integrityCheck(), QStringLiteral("ok"));
    checkTotals();

    qInfo("seed %u: %d accepted, %d voids, %d acknowledgements, %d pool keys", seed, accepted, voids, acks,
          int(keys.size()));
}

QTEST_GUILESS_MAIN(TestJournalProperty)
#include "tst_journalproperty.moc"
