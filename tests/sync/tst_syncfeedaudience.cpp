// Issue 12 (fleet fan-out): the feed sends a usage counter only to the terminals whose desk can read it, and a change
// that makes a counter readable at a desk delivers its current value with the change. Both ends real (central over
// HTTP, terminals with their own store and SyncEngine); feed rows counted on central's own feed.
#include "Json.h"
#include "SyncHarness.h"
#include "Validator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace lounge;
using namespace lounge::sync;
using namespace lounge::sync::test;

namespace {

const QString kUnlimited = QStringLiteral("UNLIMITED");
const QString kLimited = QStringLiteral("LIMITED2");

core::Entitlement loungeEntitlement(core::Allowance cardholder, core::Scope scope = {})
{
    return core::Entitlement {QStringLiteral("LOUNGE"),
                              cardholder,
                              core::Allowance::none(),
                              core::Allowance::none(),
                              0,
                              core::QuotaPeriod::Validity,
                              std::move(scope),
                              std::nullopt,
                              std::nullopt};
}

/// A desk that admits the same member again without asking (the duplicate guard would hold repeat visits).
void noDuplicateGuard(TerminalFixture& t)
{
    t.settings.recentlyUsedSeconds = 0;
    t.access = std::make_unique<core::AccessService>(*t.store, t.clock, t.settings.context(QStringLiteral("staff-1")));
}

int localUsed(TerminalFixture& t, const QString& key)
{
    auto n = t.store->used(*core::CredentialRef::fromKey(key), QStringLiteral("LOUNGE"), core::Pool::Cardholder,
                           QStringLiteral("V"));
    return n ? *n : -1;
}

/// The usage rows central's feed holds for terminal `t` after `cursor` (every page), by credential key.
QStringList usageRows(CentralFixture& c, TerminalFixture& t, qint64 cursor)
{
    auto terminal = c.store->terminal(t.settings.terminalId);
    if (!terminal || !terminal->has_value()) {
        return {QStringLiteral("no terminal")};
    }
    QStringList out;
    for (bool more = true; more;) {
        auto page = c.service->changes(**terminal, cursor, 1000, false);
        if (!page) {
            return {page.error().toString()};
        }
        const QJsonObject o = QJsonDocument::fromJson("{" + page->records + "}").object();
        for (const auto& u : o.value(QStringLiteral("usage")).toArray()) {
            out << u.toObject().value(QStringLiteral("credential")).toString();
        }
        more = page->more;
        cursor = page->page.cursor;
    }
    return out;
}

struct Fleet
{
    CentralFixture c;
    TerminalFixture hkg; ///< HKG-T1-LOUNGE: where the visits happen
    TerminalFixture lhr; ///< LHR-T5-LOUNGE: another lounge of the same module
    TerminalFixture fastTrack; ///< HKG-T1-FT: another module
    QString unlimitedCode;
    QString unlimitedId;

    bool start()
    {
        if (!c.start()) {
            return false;
        }
        if (!c.service->putProgram(
                {kUnlimited, QStringLiteral("Unlimited"), 365, {loungeEntitlement(core::Allowance::infinite())}, false},
                true)
            || !c.service->putProgram(
                {kLimited, QStringLiteral("Two visits"), 365, {loungeEntitlement(core::Allowance::of(2))}, false},
                true)) {
            return false;
        }
        auto m = c.service->registerMembership({{}, kUnlimited, QStringLiteral("Una Limited"), {}, {}, {}});
        if (!m) {
            return false;
        }
        unlimitedCode = m->code;
        unlimitedId = m->value.id;
        for (auto [t, resource] : {std::pair {&hkg, "HKG-T1-LOUNGE"}, std::pair {&lhr, "LHR-T5-LOUNGE"},
                                   std::pair {&fastTrack, "HKG-T1-FT"}}) {
            if (!t->enroll(c, QString::fromLatin1(resource)) || !t->sync()) {
                return false;
            }
            noDuplicateGuard(*t);
        }
        return true;
    }
    /// `n` visits of `code` at the HKG desk, uploaded.
    bool visitsAtHkg(const QString& code, int n)
    {
        for (int i = 0; i < n; ++i) {
            if (hkg.redeem(code).verdict != core::Verdict::Accept) {
                return false;
            }
        }
        return hkg.sync() && *hkg.store->pendingUploads() == 0;
    }
};

} // namespace

class TestSyncFeedAudience : public QObject
{
    Q_OBJECT
private slots:
    void limitedCounterReachesTheOtherDeskWhichRefusesAtQuota();
    void unlimitedPoolCountersAreNotSent();
    void counterBecomingReadableArrivesWithTheChange_data();
    void counterBecomingReadableArrivesWithTheChange();
    void outOfScopeTerminalsGetNoCounters();
    void centralOnlyAndOtherModulesRowsAreNeverRead();
};

void TestSyncFeedAudience::limitedCounterReachesTheOtherDeskWhichRefusesAtQuota()
{
    Fleet f;
    QVERIFY(f.start());
    auto m = f.c.service->registerMembership({{}, kLimited, QStringLiteral("Two Visits"), {}, {}, {}});
    QVERIFY(m);
    const QString key = QStringLiteral("M:") + m->value.id;
    QVERIFY(f.lhr.sync());
    QVERIFY(f.hkg.sync());
    const qint64 lhrCursor = *f.lhr.store->cursor();
    QVERIFY(f.visitsAtHkg(m->code, 2));

    QCOMPARE(usageRows(f.c, f.lhr, lhrCursor), QStringList {key});
    QVERIFY(f.lhr.sync());
    QCOMPARE(localUsed(f.lhr, key), 2);
    QCOMPARE(core::toString(f.lhr.check(m->code).reason), QStringLiteral("NO_VISITS_LEFT"));
}

void TestSyncFeedAudience::unlimitedPoolCountersAreNotSent()
{
    Fleet f;
    QVERIFY(f.start());
    // Three members with unlimited lounge visits and one with two visits, all visiting HKG.
    QStringList unlimitedCodes {f.unlimitedCode};
    for (int i = 0; i < 2; ++i) {
        auto m = f.c.service->registerMembership({{}, kUnlimited, QStringLiteral("Una %1").arg(i), {}, {}, {}});
        QVERIFY(m);
        unlimitedCodes << m->code;
    }
    auto limited = f.c.service->registerMembership({{}, kLimited, QStringLiteral("Two Visits"), {}, {}, {}});
    QVERIFY(limited);
    QVERIFY(f.lhr.sync());
    QVERIFY(f.hkg.sync());
    const qint64 lhrCursor = *f.lhr.store->cursor();
    const qint64 hkgCursor = *f.hkg.store->cursor();
    for (const QString& code : unlimitedCodes) {
        QVERIFY(f.visitsAtHkg(code, 2));
    }
    QVERIFY(f.visitsAtHkg(limited->code, 1));

    // Central counted every visit; the feed carries only the limited member's counter (before: all four).
    QCOMPARE(f.c.used(QStringLiteral("M:") + f.unlimitedId, QStringLiteral("LOUNGE"), core::Pool::Cardholder,
                      QStringLiteral("V")),
             2);
    const QStringList onlyLimited {QStringLiteral("M:") + limited->value.id};
    QCOMPARE(usageRows(f.c, f.lhr, lhrCursor), onlyLimited);
    QCOMPARE(usageRows(f.c, f.hkg, hkgCursor), onlyLimited);
    QCOMPARE(usageRows(f.c, f.lhr, 0).size(), 1); // from the start, too (a new terminal's download)
}

void TestSyncFeedAudience::counterBecomingReadableArrivesWithTheChange_data()
{
    QTest::addColumn<QString>("change");
    QTest::newRow("program becomes limited") << QStringLiteral("program");
    QTest::newRow("membership override") << QStringLiteral("override");
    QTest::newRow("tier change") << QStringLiteral("tier");
}

void TestSyncFeedAudience::counterBecomingReadableArrivesWithTheChange()
{
    QFETCH(QString, change);
    Fleet f;
    QVERIFY(f.start());
    const QString key = QStringLiteral("M:") + f.unlimitedId;
    QVERIFY(f.visitsAtHkg(f.unlimitedCode, 2));
    QVERIFY(f.lhr.sync());
    QCOMPARE(localUsed(f.lhr, key), 0); // not sent: no desk reads it while the pool is unlimited
    QCOMPARE(core::toString(f.lhr.check(f.unlimitedCode).reason), QStringLiteral("OK"));
    const qint64 lhrCursor = *f.lhr.store->cursor();
    const qint64 ftCursor = *f.fastTrack.store->cursor();

    if (change == QLatin1String("program")) {
        QVERIFY(f.c.service->putProgram(
            {kUnlimited, QStringLiteral("Unlimited no more"), 365, {loungeEntitlement(core::Allowance::of(2))}, false},
            false));
    } else if (change == QLatin1String("override")) {
        QVERIFY(f.c.service->setEntitlement(f.unlimitedId, loungeEntitlement(core::Allowance::of(2))));
    } else {
        QVERIFY(f.c.service->changeTier(f.unlimitedId, kLimited, QDateTime::currentDateTimeUtc().addSecs(-60)));
    }

    // The current counter travels with the change, before it in the feed: any page that holds the change holds it.
    QCOMPARE(usageRows(f.c, f.lhr, lhrCursor), QStringList {key});
    QCOMPARE(usageRows(f.c, f.fastTrack, ftCursor), QStringList {}); // another module's desks never read it
    auto counter = f.c.store->record(
        QStringLiteral("usage"),
        central::CentralCacheView::usageId(key, QStringLiteral("LOUNGE"), core::Pool::Cardholder, QStringLiteral("V")));
    auto credential = f.c.store->record(change == QLatin1String("program") ? QStringLiteral("program")
                                                                           : QStringLiteral("membership"),
                                        change == QLatin1String("program") ? kUnlimited : f.unlimitedId);
    QVERIFY(counter && counter->has_value() && credential && credential->has_value());
    QVERIFY2((*counter)->seq < (*credential)->seq, "the counter must come before the change that makes it readable");

    QVERIFY(f.lhr.sync());
    QCOMPARE(localUsed(f.lhr, key), 2);
    QCOMPARE(core::toString(f.lhr.check(f.unlimitedCode).reason), QStringLiteral("NO_VISITS_LEFT"));
    // Unchanged entitlements send nothing again.
    const qint64 after = *f.lhr.store->cursor();
    QVERIFY(f.c.service->putProgram(
        {kLimited, QStringLiteral("Two visits, renamed"), 365, {loungeEntitlement(core::Allowance::of(2))}, false},
        false));
    QCOMPARE(usageRows(f.c, f.lhr, after), QStringList {});
}

void TestSyncFeedAudience::outOfScopeTerminalsGetNoCounters()
{
    Fleet f;
    QVERIFY(f.start());
    // Asia Explorer: four lounge visits a year at HKG and SIN only.
    const QString asia = f.c.sampleCode(QStringLiteral("Asia Explorer"));
    TerminalFixture hkg2; // a second desk of the same lounge
    QVERIFY(hkg2.enroll(f.c, QStringLiteral("HKG-T1-LOUNGE")));
    QVERIFY(hkg2.sync());
    const qint64 lhrCursor = *f.lhr.store->cursor();
    const qint64 ftCursor = *f.fastTrack.store->cursor();
    const qint64 hkg2Cursor = *hkg2.store->cursor();
    QVERIFY(f.visitsAtHkg(asia, 1));

    QCOMPARE(usageRows(f.c, hkg2, hkg2Cursor), QStringList {QStringLiteral("M:M-1008")});
    QCOMPARE(usageRows(f.c, f.lhr, lhrCursor), QStringList {});
    QCOMPARE(usageRows(f.c, f.fastTrack, ftCursor), QStringList {});

    // The London lounge moves into the scope (its airport becomes SIN): its desk, already past the counter's row,
    // now reads the counter and gets it again with the move.
    QVERIFY(f.lhr.sync());
    QVERIFY(f.fastTrack.sync());
    const qint64 lhrSynced = *f.lhr.store->cursor();
    const qint64 ftSynced = *f.fastTrack.store->cursor();
    core::Resource moved = **f.lhr.store->resource(QStringLiteral("LHR-T5-LOUNGE"));
    moved.airport = QStringLiteral("SIN");
    QVERIFY(f.c.service->putResource(moved));
    QCOMPARE(usageRows(f.c, f.lhr, lhrSynced), QStringList {QStringLiteral("M:M-1008")});
    QCOMPARE(usageRows(f.c, f.fastTrack, ftSynced), QStringList {});
    QVERIFY(f.lhr.sync());
    const QString year = core::Validator::periodKey(
        core::QuotaPeriod::Year,
        core::Validator::localDate(QDateTime::currentDateTimeUtc(), QStringLiteral("Asia/Hong_Kong")));
    auto n = f.lhr.store->used(*core::CredentialRef::fromKey(QStringLiteral("M:M-1008")), QStringLiteral("LOUNGE"),
                               core::Pool::Cardholder, year);
    QVERIFY(n);
    QCOMPARE(*n, 1);
}

// Issue 12 §3 (fleet load): what no desk receives is left out by the database, not read and dropped by central. A
// visit writes a counter no desk reads (unlimited pool), the desk's clock and its journal head, all central-only, and
// a limited counter for the lounge module only: a terminal of another module, or a poll after only central-only
// changes, scans nothing, and its cursor moves to the head so the next poll starts there.
void TestSyncFeedAudience::centralOnlyAndOtherModulesRowsAreNeverRead()
{
    Fleet f;
    QVERIFY(f.start());
    auto limited = f.c.service->registerMembership({{}, kLimited, QStringLiteral("Two Visits"), {}, {}, {}});
    QVERIFY(limited);
    QVERIFY(f.lhr.sync());
    QVERIFY(f.fastTrack.sync());
    const qint64 lhrCursor = *f.lhr.store->cursor();
    const qint64 ftCursor = *f.fastTrack.store->cursor();
    QVERIFY(f.visitsAtHkg(f.unlimitedCode, 2));
    auto head = f.c.store->headSeq();
    QVERIFY(head);
    QVERIFY(*head > lhrCursor + 2); // the visits wrote central-only records

    auto lhr = f.c.store->terminal(f.lhr.settings.terminalId);
    QVERIFY(lhr && lhr->has_value());
    auto page = f.c.service->changes(**lhr, lhrCursor, 1000, true);
    QVERIFY2(page, page ? "" : qPrintable(page.error().toString()));
    QCOMPARE(page->scanned, 0); // before: every central-only row after the cursor
    QCOMPARE(page->recordCount, 0);
    QCOMPARE(page->page.cursor, *head);
    QVERIFY(!page->more);
    QCOMPARE(page->remaining, qint64(0));
    auto again = f.c.service->changes(**lhr, page->page.cursor, 1000, true); // an empty poll
    QVERIFY(again);
    QCOMPARE(again->scanned, 0);
    QCOMPARE(again->page.cursor, *head);

    // The limited member's counter concerns the lounge module only: the Fast Track desk does not even scan it.
    QVERIFY(f.visitsAtHkg(limited->code, 1));
    auto ft = f.c.store->terminal(f.fastTrack.settings.terminalId);
    QVERIFY(ft && ft->has_value());
    auto ftPage = f.c.service->changes(**ft, ftCursor, 1000, true);
    QVERIFY(ftPage);
    QCOMPARE(ftPage->scanned, 0);
    QCOMPARE(ftPage->page.cursor, *f.c.store->headSeq());
    auto lhrPage = f.c.service->changes(**lhr, page->page.cursor, 1000, true);
    QVERIFY(lhrPage);
    QCOMPARE(lhrPage->scanned, 1); // the limited counter, and nothing else of the visit
    QCOMPARE(lhrPage->recordCount, 1);

    // A page that fills up ends at its last row and counts what is left, the same rows either way.
    auto first = f.c.service->changes(**lhr, 0, 1, true);
    QVERIFY(first);
    QVERIFY(first->more);
    QCOMPARE(first->scanned, 1);
    auto all = f.c.service->changes(**lhr, 0, 100000, false);
    QVERIFY(all);
    QCOMPARE(first->remaining, qint64(all->scanned - 1));

    // And the terminals, synced through HTTP, hold what central holds for them.
    QVERIFY(f.lhr.sync());
    QVERIFY(f.fastTrack.sync());
    QCOMPARE(*f.lhr.store->cursor(), *f.c.store->headSeq());
    QCOMPARE(*f.fastTrack.store->cursor(), *f.c.store->headSeq());
    QCOMPARE(localUsed(f.lhr, QStringLiteral("M:") + limited->value.id), 1);
}

QTEST_GUILESS_MAIN(TestSyncFeedAudience)
#include "tst_syncfeedaudience.moc"
