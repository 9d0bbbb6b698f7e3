// Partner billing (issue 15 §2) on SQLite and (tst_centralbilling_pg) PostgreSQL:
// - a generated month of 100 000 visits (10 000 on PostgreSQL) across three lounges in three time zones, every
//   statement checked against a record-by-record recount done here from the raw records; then months closed,
//   visits voided and uploaded late, and the adjustments of the next open statements recounted the same way;
// - the issuer endpoints over real HTTP against a real `lounge-central serve` process;
// - `lounge-central report billing` (CSV, JSON, PDF read back with pdftotext, --close) as a real process.
#include "BillingService.h"
#include "CentralProcess.h"
#include "CentralService.h"
#include "Json.h"
#include "Store.h"
#include "TestCentralDb.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

using namespace lounge;

namespace {

struct Lounge
{
    const char* id;
    const char* timeZone;
};
// Hong Kong (+8, no DST), Los Angeles (-7/-8, DST ends 1 Nov 2026), London (DST ends 25 Oct 2026).
const Lounge kLounges[] = {{"HKG-L", "Asia/Hong_Kong"}, {"LAX-L", "America/Los_Angeles"}, {"LHR-L", "Europe/London"}};

/// One generated record as the test itself knows it (never read back from central for the recount).
struct Raw
{
    QUuid id;
    QString credential; ///< "M:…" / "E:…"
    QString resource;
    bool paid = false;
    qint64 atMs = 0;
    QString status = QStringLiteral("accepted");
    QString reason;
    int party = 1;
    qint64 amount = 0;
    bool voided = false;
};

struct Rate
{
    QString fromMonth;
    qint64 visit = 0;
    qint64 guest = 0;
};

/// The test's own model: members' tier history, rates, the records, and what each closed month billed.
struct Model
{
    QHash<QString, QList<std::pair<qint64, QString>>> tiers; // member id → (from ms, program), ordered
    QMap<std::pair<QString, QString>, QList<Rate>> rates; // (program, resource) → by fromMonth
    QList<Raw> records;
    QSet<std::pair<QString, QString>> closed; // (resource, month)
    QSet<QUuid> billed; // standing when its month (or the statement it was adjusted in) closed

    QString zoneOf(const QString& resource) const
    {
        for (const auto& l : kLounges) {
            if (resource == QLatin1String(l.id)) {
                return QString::fromLatin1(l.timeZone);
            }
        }
        return QStringLiteral("UTC");
    }
    /// The record's month, judged the plain way: its instant shown in the lounge's zone.
    QString localMonth(const Raw& r) const
    {
        static const QHash<QString, QTimeZone> zones = [] {
            QHash<QString, QTimeZone> z;
            for (const auto& l : kLounges) {
                z.insert(QString::fromLatin1(l.id), QTimeZone(l.timeZone));
            }
            return z;
        }();
        return QDateTime::fromMSecsSinceEpoch(r.atMs, zones.value(r.resource)).toString(QStringLiteral("yyyy-MM"));
    }
    QString programOf(const Raw& r) const
    {
        if (r.credential.startsWith(QLatin1String("E:"))) {
            return QStringLiteral("EPASS");
        }
        QString p;
        for (const auto& [from, program] : tiers.value(r.credential.mid(2))) {
            if (from <= r.atMs) {
                p = program;
            }
        }
        return p;
    }
    const Rate* rateAt(const QString& program, const QString& resource, const QString& month) const
    {
        const Rate* found = nullptr;
        const auto it = rates.find({program, resource});
        if (it != rates.end()) {
            for (const auto& r : it.value()) {
                if (r.fromMonth <= month) {
                    found = &r;
                }
            }
        }
        return found;
    }
    bool standing(const Raw& r) const { return r.status != QLatin1String("rejected") && !r.voided; }
};

struct Expected
{
    qint64 visits = 0, cardholders = 0, guests = 0, paidEntries = 0, paidPersons = 0, paidTaken = 0, voids = 0,
           flagged = 0, visitsAmount = 0, guestsAmount = 0, adjustmentsAmount = 0;
    QMap<QString, int> adjustments; // visit id → delta
};

QString prevMonth(const QString& month)
{
    return QDate::fromString(month + QStringLiteral("-01"), QStringLiteral("yyyy-MM-dd"))
        .addMonths(-1)
        .toString(QStringLiteral("yyyy-MM"));
}

/// The recount: every statement of `month` from the raw records, independently of BillingService.
QMap<std::pair<QString, QString>, Expected> recount(const Model& m, const QString& month)
{
    QMap<std::pair<QString, QString>, Expected> out;
    for (const Raw& r : m.records) {
        if (r.status == QLatin1String("rejected")) {
            continue;
        }
        const QString local = m.localMonth(r);
        const QString program = m.programOf(r);
        if (local == month) {
            Expected& e = out[{program, r.resource}];
            if (r.paid) {
                e.paidEntries += 1;
                e.paidPersons += r.party;
                e.paidTaken += r.amount;
            } else if (r.voided) {
                e.voids += 1;
            } else {
                e.visits += 1;
                e.cardholders += 1;
                e.guests += r.party - 1;
                e.flagged += r.status == QLatin1String("conflict") ? 1 : 0;
            }
            continue;
        }
        // An adjustment here: the record's month is closed and every month from it up to this one is closed.
        if (local >= month) {
            continue;
        }
        bool chain = true;
        for (QString c = prevMonth(month); c >= local; c = prevMonth(c)) {
            chain = chain && m.closed.contains({r.resource, c});
        }
        const int delta = (m.standing(r) ? 1 : 0) - (m.billed.contains(r.id) ? 1 : 0);
        if (!chain || delta == 0) {
            continue;
        }
        Expected& e = out[{program, r.resource}];
        e.adjustments.insert(r.id.toString(QUuid::WithoutBraces), delta);
        if (!r.paid) {
            if (const Rate* rate = m.rateAt(program, r.resource, local)) {
                e.adjustmentsAmount += delta * (rate->visit + (r.party - 1) * rate->guest);
            }
        }
    }
    for (auto it = m.rates.cbegin(); it != m.rates.cend(); ++it) {
        if (m.rateAt(it.key().first, it.key().second, month)) {
            out[it.key()]; // a rate in force: a statement even when quiet
        }
    }
    for (auto it = out.begin(); it != out.end(); ++it) {
        if (const Rate* rate = m.rateAt(it.key().first, it.key().second, month)) {
            it->visitsAmount = it->visits * rate->visit;
            it->guestsAmount = it->guests * rate->guest;
        }
    }
    return out;
}

qint64 num(const QJsonObject& o, const char* key)
{
    return qint64(o.value(QLatin1String(key)).toDouble());
}

/// Compares central's statements of `month` with the recount; empty on success, else what differs.
QString reconcile(const Model& m, const QString& month, const QList<QJsonObject>& statements)
{
    const auto expected = recount(m, month);
    QStringList problems;
    QSet<std::pair<QString, QString>> seen;
    for (const QJsonObject& s : statements) {
        const std::pair<QString, QString> key {s.value("program").toString(), s.value("resource").toString()};
        seen.insert(key);
        if (!expected.contains(key)) {
            problems << QStringLiteral("unexpected statement %1/%2").arg(key.first, key.second);
            continue;
        }
        const Expected& e = expected[key];
        const qint64 total = e.visitsAmount + e.guestsAmount + e.adjustmentsAmount;
        const std::pair<const char*, qint64> fields[] = {
            {"visits", e.visits},
            {"cardholders", e.cardholders},
            {"guests", e.guests},
            {"paidEntries", e.paidEntries},
            {"paidPersons", e.paidPersons},
            {"paidTakenMinor", e.paidTaken},
            {"voids", e.voids},
            {"flagged", e.flagged},
            {"visitsAmountMinor", e.visitsAmount},
            {"guestsAmountMinor", e.guestsAmount},
            {"adjustmentsMinor", e.adjustmentsAmount},
            {"totalMinor", total},
        };
        for (const auto& [field, want] : fields) {
            if (num(s, field) != want) {
                problems << QStringLiteral("%1/%2 %3: central %4, recount %5")
                                .arg(key.first, key.second, QLatin1String(field))
                                .arg(num(s, field))
                                .arg(want);
            }
        }
        QMap<QString, int> adjustments;
        qint64 adjustmentSum = 0;
        for (const auto& a : s.value("adjustments").toArray()) {
            const QJsonObject o = a.toObject();
            adjustments.insert(o.value("visit").toString(), int(num(o, "visits") + num(o, "paidEntries")));
            adjustmentSum += num(o, "amountMinor");
        }
        if (adjustments != e.adjustments) {
            problems << QStringLiteral("%1/%2 adjustment lines: central %3, recount %4")
                            .arg(key.first, key.second)
                            .arg(adjustments.size())
                            .arg(e.adjustments.size());
        }
        if (adjustmentSum != num(s, "adjustmentsMinor")) {
            problems << QStringLiteral("%1/%2 adjustment lines do not add up").arg(key.first, key.second);
        }
    }
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        if (!seen.contains(it.key())) {
            problems << QStringLiteral("missing statement %1/%2").arg(it.key().first, it.key().second);
        }
    }
    return problems.mid(0, 10).join(QLatin1Char('\n'));
}

central::StoredRedemption stored(const Raw& r)
{
    central::StoredRedemption s;
    s.record.id = r.id;
    s.record.kind = r.paid ? core::JournalKind::Paid : core::JournalKind::Redeem;
    s.record.credential = *core::CredentialRef::fromKey(r.credential);
    s.record.resourceId = r.resource;
    s.record.terminalId = QStringLiteral("T-") + r.resource;
    s.record.partySize = r.party;
    s.record.at = QDateTime::fromMSecsSinceEpoch(r.atMs, Qt::UTC);
    if (r.paid) {
        s.record.amountMinor = r.amount;
    } else {
        s.record.uses = {core::PoolUse {QStringLiteral("LOUNGE"), core::Pool::Cardholder, QStringLiteral("V"), 1}};
    }
    s.status = r.status == QLatin1String("conflict") ? central::StoredRedemption::Status::Conflict
        : r.status == QLatin1String("rejected")      ? central::StoredRedemption::Status::Rejected
                                                     : central::StoredRedemption::Status::Accepted;
    s.reason = r.reason;
    s.receivedAt = s.record.at.addSecs(60);
    return s;
}

/// Voids `r` as an upload does: a Void record and the original marked.
core::Result<void> voidIn(central::CentralStore& store, Raw& r)
{
    central::StoredRedemption v = stored(r);
    v.record.id = QUuid::createUuid();
    v.record.kind = core::JournalKind::Void;
    v.record.voids = r.id;
    v.record.uses.clear();
    v.record.amountMinor.reset();
    v.status = central::StoredRedemption::Status::Accepted;
    v.reason.clear();
    if (auto x = store.putRedemption(v); !x) {
        return x;
    }
    r.voided = true;
    return store.markVoided(r.id, v.record.id);
}

template<typename T> bool refusedAs(const core::Result<T>& r, core::ErrorCode code)
{
    return !r && r.error().code == code;
}

} // namespace

class TestCentralBilling : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void reconcilesAGeneratedMonthWithARecount();
    void issuerApiOverHttp();
    void cliWritesCsvJsonPdfAndCloses();

private:
    /// Catalogue: three lounges, GOLD and SILVER programmes, `members` members (every tenth moves programme on
    /// 15 Oct 2026), `passes` E-passes, and rates (GOLD changes price from November; SILVER has none at LAX-L).
    void seedCatalogue(central::CentralService& service, Model& model, int members, int passes);
    void setRate(central::CentralService& service, Model& model, const QString& program, const QString& resource,
                 const Rate& rate);
    Raw randomRecord(QRandomGenerator& rng, const Model& model, qint64 fromMs, qint64 toMs, int members, int passes);

    QTemporaryDir m_dir;
    QByteArray m_codeKey = QByteArray(32, '\x42');
    QString m_keyFile;
};

void TestCentralBilling::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_keyFile = m_dir.filePath(QStringLiteral("central.key"));
    QFile f(m_keyFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(m_codeKey.toHex() + '\n');
}

void TestCentralBilling::setRate(central::CentralService& service, Model& model, const QString& program,
                                 const QString& resource, const Rate& rate)
{
    auto r = service.billing().setRate(
        central::BillingRate {program, resource, rate.fromMonth, rate.visit, rate.guest, QStringLiteral("EUR"), {}});
    QVERIFY2(r, r ? "" : qPrintable(r.error().toString()));
    model.rates[{program, resource}].append(rate);
}

void TestCentralBilling::seedCatalogue(central::CentralService& service, Model& model, int members, int passes)
{
    for (const auto& l : kLounges) {
        QVERIFY(service.putResource(core::Resource {
            QString::fromLatin1(l.id), QStringLiteral("LOUNGE"), QStringLiteral("Lounge ") + QLatin1String(l.id),
            QStringLiteral("XXX"), QStringLiteral("T1"), QString::fromLatin1(l.timeZone), false}));
    }
    for (const char* p : {"GOLD", "SILVER"}) {
        core::Program program;
        program.id = QLatin1String(p);
        program.name = QLatin1String(p);
        auto put = service.putProgram(program, true);
        QVERIFY2(put, put ? "" : qPrintable(put.error().toString()));
    }
    const qint64 switchAt = QDateTime(QDate(2026, 10, 15), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    auto done = service.store().transaction([&]() -> core::Result<void> {
        for (int i = 0; i < members; ++i) {
            core::Membership m;
            m.id = QStringLiteral("M-%1").arg(i);
            m.number = QStringLiteral("60000000%1").arg(i, 8, 10, QLatin1Char('0'));
            m.holderName = QStringLiteral("Member %1").arg(i);
            m.status = core::MembershipStatus::Active;
            m.validFrom = QDate(2026, 1, 1);
            m.validTo = QDate(2027, 12, 31);
            const QString first = i % 2 ? QStringLiteral("SILVER") : QStringLiteral("GOLD");
            const QString second = i % 2 ? QStringLiteral("GOLD") : QStringLiteral("SILVER");
            m.tiers = {core::TierAssignment {first, {}}};
            model.tiers[m.id] = {{std::numeric_limits<qint64>::min(), first}};
            if (i % 10 == 0) {
                m.tiers << core::TierAssignment {second, QDateTime::fromMSecsSinceEpoch(switchAt, Qt::UTC)};
                model.tiers[m.id].append({switchAt, second});
            }
            if (auto w = service.writeMembership(m); !w) {
                return w.error();
            }
        }
        for (int i = 0; i < passes; ++i) {
            core::EPass e;
            e.id = QStringLiteral("E-%1").arg(i);
            e.module = QStringLiteral("LOUNGE");
            e.firstName = QStringLiteral("Pass");
            e.lastName = QString::number(i);
            e.usages = 100;
            e.activation = QDate(2026, 1, 1);
            e.expiration = QDate(2027, 12, 31);
            if (auto w = service.writeEPass(e); !w) {
                return w.error();
            }
        }
        return {};
    });
    QVERIFY2(done, done ? "" : qPrintable(done.error().toString()));
    for (const auto& l : kLounges) {
        const QString id = QString::fromLatin1(l.id);
        setRate(service, model, QStringLiteral("GOLD"), id, {QStringLiteral("2026-01"), 2500, 1500});
        setRate(service, model, QStringLiteral("GOLD"), id, {QStringLiteral("2026-11"), 2700, 1600});
        if (id != QLatin1String("LAX-L")) {
            setRate(service, model, QStringLiteral("SILVER"), id, {QStringLiteral("2026-01"), 1800, 1200});
        }
    }
    setRate(service, model, QStringLiteral("EPASS"), QStringLiteral("HKG-L"), {QStringLiteral("2026-06"), 3000, 0});
}

Raw TestCentralBilling::randomRecord(QRandomGenerator& rng, const Model&, qint64 fromMs, qint64 toMs, int members,
                                     int passes)
{
    Raw r;
    r.id = QUuid::createUuid();
    r.resource = QString::fromLatin1(kLounges[rng.bounded(3)].id);
    r.atMs = fromMs + qint64(rng.bounded(double(toMs - fromMs)));
    const int kind = rng.bounded(100);
    if (kind < 10) {
        r.credential = QStringLiteral("E:E-%1").arg(rng.bounded(passes));
    } else {
        r.credential = QStringLiteral("M:M-%1").arg(rng.bounded(members));
        r.party = 1 + (rng.bounded(10) < 6 ? 0 : rng.bounded(4));
    }
    if (kind >= 10 && kind < 13) {
        r.paid = true;
        r.party = 1 + rng.bounded(3);
        r.amount = 5000 * r.party;
    } else {
        const int s = rng.bounded(100);
        if (s < 2) {
            r.status = QStringLiteral("conflict");
            r.reason = s == 0 ? QStringLiteral("OVERDRAWN") : QStringLiteral("REPLAYED");
        } else if (s < 3) {
            r.status = QStringLiteral("rejected");
            r.reason = QStringLiteral("UNKNOWN_CREDENTIAL");
        }
    }
    return r;
}

/// Issue 15 §2, "totals reconcile with the raw records": statements of September to December 2026 over a generated
/// month, before and after closing, with voids and late uploads after the close.
void TestCentralBilling::reconcilesAGeneratedMonthWithARecount()
{
    test::TestCentralDb db;
    QString why;
    QVERIFY2(db.create(m_dir, QStringLiteral("reconcile.sqlite"), &why), qPrintable(why));
    auto store = db.open();
    QVERIFY2(store, store ? "" : qPrintable(store.error().toString()));
    core::FixedClock clock(QDateTime(QDate(2026, 11, 15), QTime(12, 0), Qt::UTC));
    central::CentralService service(**store, clock, central::CentralService::Options {m_codeKey});
#if defined(__SANITIZE_ADDRESS__)
    const int visits = 20000; // the ASan+UBSan run checks memory, not scale (100 000 take minutes there)
#else
    const int visits = db.isPostgres() ? 10000 : 100000;
#endif
    const int members = 5000;
    const int passes = 300;
    Model model;
    seedCatalogue(service, model, members, passes);
    QRandomGenerator rng(20261130);
    // October and a day and a half either side (UTC): every lounge's month edges are crossed, in both directions.
    const qint64 from = QDateTime(QDate(2026, 9, 29), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 to = QDateTime(QDate(2026, 11, 2), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
    model.records.reserve(visits + 1000);
    for (int i = 0; i < visits; ++i) {
        model.records << randomRecord(rng, model, from, to, members, passes);
    }
    // Edge cases placed by hand: one millisecond either side of local midnight, 1 Oct and 1 Nov, at each lounge.
    for (const auto& l : kLounges) {
        for (const QDate& d : {QDate(2026, 10, 1), QDate(2026, 11, 1)}) {
            const qint64 midnight = QDateTime(d, QTime(0, 0), QTimeZone(l.timeZone)).toMSecsSinceEpoch();
            for (qint64 at : {midnight - 1, midnight}) {
                Raw r = randomRecord(rng, model, from, to, members, passes);
                r.resource = QString::fromLatin1(l.id);
                r.atMs = at;
                r.status = QStringLiteral("accepted");
                r.paid = false;
                r.credential = QStringLiteral("M:M-2");
                r.party = 3;
                model.records << r;
            }
        }
    }
    auto written = service.store().transaction([&]() -> core::Result<void> {
        for (Raw& r : model.records) {
            if (auto x = service.store().putRedemption(stored(r)); !x) {
                return x;
            }
        }
        // 4 % of the standing visits voided.
        for (int i = 0; i < model.records.size(); i += 25) {
            Raw& r = model.records[i];
            if (!r.paid && r.status != QLatin1String("rejected")) {
                if (auto x = voidIn(service.store(), r); !x) {
                    return x;
                }
            }
        }
        return {};
    });
    QVERIFY2(written, written ? "" : qPrintable(written.error().toString()));

    const QStringList months {QStringLiteral("2026-09"), QStringLiteral("2026-10"), QStringLiteral("2026-11")};
    qint64 counted = 0;
    for (const QString& month : months) {
        auto s = service.billing().statements(month, {}, {});
        QVERIFY2(s, s ? "" : qPrintable(s.error().toString()));
        const QString problems = reconcile(model, month, *s);
        QVERIFY2(problems.isEmpty(), qPrintable(month + QLatin1Char('\n') + problems));
        for (const auto& st : *s) {
            counted += num(st, "visits") + num(st, "voids") + num(st, "paidEntries");
        }
    }
    // Every non-rejected record in exactly one month: none lost at an edge, none counted twice.
    qint64 standingOrVoided = 0;
    for (const Raw& r : model.records) {
        standingOrVoided += r.status != QLatin1String("rejected") ? 1 : 0;
    }
    QCOMPARE(counted, standingOrVoided);
    // A filter is a subset of the whole.
    auto gold
        = service.billing().statements(QStringLiteral("2026-10"), QStringLiteral("GOLD"), QStringLiteral("HKG-L"));
    QVERIFY(gold);
    QCOMPARE(gold->size(), 1);

    // Close September and October everywhere (November 15th: both over in every zone); November is not over.
    QVERIFY(refusedAs(service.billing().close(QStringLiteral("2026-11"), {}), core::ErrorCode::Conflict));
    QVERIFY(service.billing().close(QStringLiteral("2026-09"), {}));
    QVERIFY(service.billing().close(QStringLiteral("2026-10"), {}));
    QVERIFY(refusedAs(service.billing().close(QStringLiteral("2026-10"), QStringLiteral("HKG-L")),
                      core::ErrorCode::Conflict));
    for (const Raw& r : model.records) {
        const QString month = model.localMonth(r);
        if (model.standing(r) && (month == QLatin1String("2026-09") || month == QLatin1String("2026-10"))) {
            model.billed.insert(r.id);
        }
    }
    for (const auto& l : kLounges) {
        model.closed.insert({QString::fromLatin1(l.id), QStringLiteral("2026-09")});
        model.closed.insert({QString::fromLatin1(l.id), QStringLiteral("2026-10")});
    }
    auto closedOctober = service.billing().statements(QStringLiteral("2026-10"), {}, {});
    QVERIFY(closedOctober);
    QVERIFY(reconcile(model, QStringLiteral("2026-10"), *closedOctober).isEmpty());
    for (const auto& s : *closedOctober) {
        QCOMPARE(s.value("status").toString(), QStringLiteral("closed"));
    }

    // After the close: voids of billed October and September visits, late uploads into both (one of them voided too),
    // and new November visits. A rate change for a closed month is refused.
    QVERIFY(refusedAs(service.billing().setRate({QStringLiteral("GOLD"),
                                                 QStringLiteral("HKG-L"),
                                                 QStringLiteral("2026-10"),
                                                 1,
                                                 1,
                                                 QStringLiteral("EUR"),
                                                 {}}),
                      core::ErrorCode::Conflict));
    const qint64 novFrom = QDateTime(QDate(2026, 11, 2), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 novTo = QDateTime(QDate(2026, 11, 28), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    auto changed = service.store().transaction([&]() -> core::Result<void> {
        int voided = 0;
        for (int i = 7; i < model.records.size() && voided < 300; i += 97) {
            Raw& r = model.records[i];
            if (!r.paid && model.standing(r) && model.localMonth(r) <= QLatin1String("2026-10")) {
                if (auto x = voidIn(service.store(), r); !x) {
                    return x;
                }
                ++voided;
            }
        }
        const qint64 lateFrom = QDateTime(QDate(2026, 9, 25), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        const qint64 lateTo = QDateTime(QDate(2026, 10, 31), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        for (int i = 0; i < 200; ++i) {
            Raw r = randomRecord(rng, model, lateFrom, lateTo, members, passes);
            if (auto x = service.store().putRedemption(stored(r)); !x) {
                return x;
            }
            model.records << r;
            if (i % 40 == 0 && !r.paid && model.standing(r)) {
                if (auto x = voidIn(service.store(), model.records.last()); !x) {
                    return x;
                }
            }
        }
        for (int i = 0; i < 500; ++i) {
            Raw r = randomRecord(rng, model, novFrom, novTo, members, passes);
            if (auto x = service.store().putRedemption(stored(r)); !x) {
                return x;
            }
            model.records << r;
        }
        return {};
    });
    QVERIFY2(changed, changed ? "" : qPrintable(changed.error().toString()));

    // October as closed: the same statements, word for word.
    auto octoberLater = service.billing().statements(QStringLiteral("2026-10"), {}, {});
    QVERIFY(octoberLater);
    QCOMPARE(*octoberLater, *closedOctober);
    // November: its own visits at November's rates, and the adjustments priced at the rates of their months.
    auto november = service.billing().statements(QStringLiteral("2026-11"), {}, {});
    QVERIFY(november);
    QString problems = reconcile(model, QStringLiteral("2026-11"), *november);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    int lines = 0;
    for (const auto& s : *november) {
        lines += s.value("adjustments").toArray().size();
    }
    QVERIFY2(lines > 100, qPrintable(QString::number(lines))); // voids and late uploads of both closed months

    // Close November (December 5th); December gets nothing of those again, but a void now of an October visit lands
    // there (October and November closed).
    clock.set(QDateTime(QDate(2026, 12, 5), QTime(0, 0), Qt::UTC));
    QVERIFY(service.billing().close(QStringLiteral("2026-11"), {}));
    for (const Raw& r : model.records) {
        if (model.localMonth(r) <= QLatin1String("2026-11")) {
            if (model.standing(r)) {
                model.billed.insert(r.id);
            } else {
                model.billed.remove(r.id);
            }
        }
    }
    for (const auto& l : kLounges) {
        model.closed.insert({QString::fromLatin1(l.id), QStringLiteral("2026-11")});
    }
    auto closedNovember = service.billing().statements(QStringLiteral("2026-11"), {}, {});
    QVERIFY(closedNovember);
    auto quietDecember = service.billing().statements(QStringLiteral("2026-12"), {}, {});
    QVERIFY(quietDecember);
    QVERIFY(reconcile(model, QStringLiteral("2026-12"), *quietDecember).isEmpty());
    for (const auto& s : *quietDecember) {
        QCOMPARE(s.value("adjustments").toArray().size(), 0);
    }
    qsizetype target = -1;
    for (qsizetype i = 0; i < model.records.size() && target < 0; ++i) {
        const Raw& r = model.records[i];
        if (!r.paid && model.standing(r) && r.party > 1 && model.localMonth(r) == QLatin1String("2026-10")
            && model.programOf(r) == QLatin1String("GOLD")) {
            target = i;
        }
    }
    QVERIFY(target >= 0);
    QVERIFY(service.store().transaction([&] { return voidIn(service.store(), model.records[target]); }));
    auto december = service.billing().statements(QStringLiteral("2026-12"), {}, {});
    QVERIFY(december);
    problems = reconcile(model, QStringLiteral("2026-12"), *december);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    const Raw& t = model.records[target];
    bool found = false;
    for (const auto& s : *december) {
        for (const auto& a : s.value("adjustments").toArray()) {
            const QJsonObject o = a.toObject();
            if (o.value("visit").toString() == t.id.toString(QUuid::WithoutBraces)) {
                found = true;
                QCOMPARE(o.value("reason").toString(), QStringLiteral("VOIDED_AFTER_CLOSE"));
                QCOMPARE(o.value("month").toString(), QStringLiteral("2026-10"));
                // October's GOLD rate (2500 + 1500 a guest), not December's.
                QCOMPARE(num(o, "amountMinor"), -(2500 + 1500 * qint64(t.party - 1)));
            }
        }
    }
    QVERIFY(found);
    auto novemberLater = service.billing().statements(QStringLiteral("2026-11"), {}, {});
    QVERIFY(novemberLater);
    QCOMPARE(*novemberLater, *closedNovember);
}

namespace {

struct Http
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

} // namespace

/// The issuer endpoints over real HTTP to a real `lounge-central serve` (docs/api.md, "Partner billing").
void TestCentralBilling::issuerApiOverHttp()
{
    test::TestCentralDb db;
    QString why;
    QVERIFY2(db.create(m_dir, QStringLiteral("api.sqlite"), &why), qPrintable(why));
    Model model;
    {
        auto store = db.open();
        QVERIFY(store);
        core::SystemClock clock;
        central::CentralService service(**store, clock, central::CentralService::Options {m_codeKey});
        seedCatalogue(service, model, 10, 2);
        // Five October visits at HKG-L: GOLD member with two guests, SILVER member, one voided, one paid walk-in,
        // one overdraw.
        const qint64 oct = QDateTime(QDate(2026, 10, 10), QTime(10, 0), Qt::UTC).toMSecsSinceEpoch();
        QList<Raw> raws(5);
        for (int i = 0; i < 5; ++i) {
            raws[i].id = QUuid::createUuid();
            raws[i].resource = QStringLiteral("HKG-L");
            raws[i].atMs = oct + i * 1000;
            raws[i].credential = QStringLiteral("M:M-2");
        }
        raws[0].party = 3;
        raws[1].credential = QStringLiteral("M:M-1");
        raws[3].paid = true;
        raws[3].amount = 8000;
        raws[4].status = QStringLiteral("conflict");
        raws[4].reason = QStringLiteral("OVERDRAWN");
        QVERIFY(service.store().transaction([&]() -> core::Result<void> {
            for (const auto& r : raws) {
                if (auto x = service.store().putRedemption(stored(r)); !x) {
                    return x;
                }
            }
            return voidIn(service.store(), raws[2]);
        }));
        model.records << raws;
    }
    const QString issuerKeyFile = m_dir.filePath(QStringLiteral("issuer-api.key"));
    {
        QFile f(issuerKeyFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("billing-issuer-key\n");
        f.close();
        QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
    }
    test::CentralProcess server;
    QVERIFY(server.start(QStringLiteral(LOUNGE_CENTRAL_EXE),
                         {QStringLiteral("--db"), db.url, QStringLiteral("--key-file"), m_keyFile,
                          QStringLiteral("--issuer-key-file"), issuerKeyFile}));
    QNetworkAccessManager nam;
    auto call = [&](const QByteArray& method, const QString& path, const QByteArray& body = {}) {
        QNetworkRequest request(server.url(path));
        request.setRawHeader("Authorization", "Bearer billing-issuer-key");
        if (!body.isEmpty()) {
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        }
        QNetworkReply* reply = nam.sendCustomRequest(request, method, body);
        Http out;
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 30000)) {
            return out;
        }
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = reply->readAll();
        out.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        reply->deleteLater();
        return out;
    };

    // Rates: set, read back, refused when malformed, unknown, in another currency.
    Http put = call("PUT", QStringLiteral("/v1/issuer/rates/SILVER/LAX-L/2026-10"),
                    R"({"perVisitMinor":2000,"perGuestMinor":1000,"currency":"EUR"})");
    QCOMPARE(put.status, 200);
    QCOMPARE(put.json().value("rate").toObject().value("perVisitMinor").toInt(), 2000);
    model.rates[{QStringLiteral("SILVER"), QStringLiteral("LAX-L")}].append({QStringLiteral("2026-10"), 2000, 1000});
    Http got = call("GET", QStringLiteral("/v1/issuer/rates/SILVER/LAX-L/2026-10"));
    QCOMPARE(got.status, 200);
    QCOMPARE(got.json().value("rate").toObject().value("currency").toString(), QStringLiteral("EUR"));
    const struct
    {
        const char* path;
        const char* body;
        int status;
    } bad[] = {
        {"/v1/issuer/rates/GOLD/HKG-L/2026-12", R"({"perVisitMinor":25.5,"perGuestMinor":0,"currency":"EUR"})", 400},
        {"/v1/issuer/rates/GOLD/HKG-L/2026-12", R"({"perVisitMinor":-1,"perGuestMinor":0,"currency":"EUR"})", 400},
        {"/v1/issuer/rates/GOLD/HKG-L/2026-12", R"({"perVisitMinor":1,"perGuestMinor":0,"currency":"euro"})", 400},
        {"/v1/issuer/rates/GOLD/HKG-L/2026-12", R"({"perVisitMinor":1,"perGuestMinor":0})", 400},
        {"/v1/issuer/rates/GOLD/HKG-L/2026-12", R"({"perVisitMinor":1,"perGuestMinor":0,"currency":"EUR","x":1})", 400},
        {"/v1/issuer/rates/GOLD/HKG-L/2026-13", R"({"perVisitMinor":1,"perGuestMinor":0,"currency":"EUR"})", 400},
        {"/v1/issuer/rates/NOPE/HKG-L/2026-12", R"({"perVisitMinor":1,"perGuestMinor":0,"currency":"EUR"})", 404},
        {"/v1/issuer/rates/GOLD/NOWHERE/2026-12", R"({"perVisitMinor":1,"perGuestMinor":0,"currency":"EUR"})", 404},
        {"/v1/issuer/rates/GOLD/HKG-L/2026-12", R"({"perVisitMinor":1,"perGuestMinor":0,"currency":"USD"})", 409},
    };
    for (const auto& b : bad) {
        const Http r = call("PUT", QString::fromLatin1(b.path), b.body);
        QVERIFY2(r.status == b.status, b.body);
    }
    QCOMPARE(call("GET", QStringLiteral("/v1/issuer/rates/GOLD/HKG-L/2030-01")).status, 404);

    // The list: keyset pages of two, every rate once, in (program, resource, fromMonth) order.
    QStringList seen;
    QString cursor;
    int pages = 0;
    do {
        const Http page = call("GET",
                               QStringLiteral("/v1/issuer/rates?limit=2")
                                   + (cursor.isEmpty() ? QString() : QStringLiteral("&cursor=") + cursor));
        QCOMPARE(page.status, 200);
        for (const auto& item : page.json().value("items").toArray()) {
            const QJsonObject o = item.toObject();
            seen << o.value("program").toString() + QLatin1Char('/') + o.value("resource").toString() + QLatin1Char('/')
                    + o.value("fromMonth").toString();
        }
        cursor = page.json().value("next_cursor").toString();
        QVERIFY(page.json().contains("next_cursor"));
        ++pages;
    } while (!cursor.isEmpty() && pages < 50);
    QStringList sorted = seen;
    sorted.sort();
    QCOMPARE(seen, sorted);
    QCOMPARE(seen.size(), 10); // 6 GOLD, 2 SILVER, 1 EPASS from the catalogue, 1 set above
    QCOMPARE(seen.size(), QSet<QString>(seen.begin(), seen.end()).size());
    const Http filtered = call("GET", QStringLiteral("/v1/issuer/rates?program=GOLD&resource=HKG-L"));
    QCOMPARE(filtered.json().value("items").toArray().size(), 2);
    QVERIFY(filtered.json().value("next_cursor").isNull());
    for (const char* q :
         {"limit=0", "limit=1001", "limit=x", "limit=100&limit=2", "cursor=%%%", "cursor=bm9wZQ", "colour=red"}) {
        QVERIFY2(call("GET", QStringLiteral("/v1/issuer/rates?") + QLatin1String(q)).status == 400, q);
    }

    // Statements: October at HKG-L, by hand: GOLD 2 visits (3 guests... one with two guests, one overdraw), etc.
    const Http octGold = call("GET", QStringLiteral("/v1/issuer/statements?month=2026-10&program=GOLD&resource=HKG-L"));
    QCOMPARE(octGold.status, 200);
    const QJsonArray items = octGold.json().value("items").toArray();
    QCOMPARE(items.size(), 1);
    const QJsonObject s = items.first().toObject();
    QCOMPARE(num(s, "visits"), 2); // the party of three and the overdraw; the voided one is not billed
    QCOMPARE(num(s, "cardholders"), 2);
    QCOMPARE(num(s, "guests"), 2);
    QCOMPARE(num(s, "voids"), 1);
    QCOMPARE(num(s, "paidEntries"), 1);
    QCOMPARE(num(s, "paidTakenMinor"), 8000);
    QCOMPARE(num(s, "flagged"), 1);
    QCOMPARE(s.value("flaggedByReason").toObject().value("OVERDRAWN").toInt(), 1);
    QCOMPARE(num(s, "visitsAmountMinor"), 2 * 2500);
    QCOMPARE(num(s, "guestsAmountMinor"), 2 * 1500);
    QCOMPARE(num(s, "totalMinor"), 8000);
    QCOMPARE(s.value("currency").toString(), QStringLiteral("EUR"));
    QCOMPARE(s.value("status").toString(), QStringLiteral("open"));
    QCOMPARE(s.value("timeZone").toString(), QStringLiteral("Asia/Hong_Kong"));
    QCOMPARE(reconcile(model, QStringLiteral("2026-10"),
                       [&] {
                           QList<QJsonObject> all;
                           for (const auto& v : call("GET", QStringLiteral("/v1/issuer/statements?month=2026-10"))
                                                    .json()
                                                    .value("items")
                                                    .toArray()) {
                               all << v.toObject();
                           }
                           return all;
                       }()),
             QString());
    // Statement pages: every (program, resource) once.
    QStringList statementKeys;
    cursor.clear();
    pages = 0;
    do {
        const Http page = call("GET",
                               QStringLiteral("/v1/issuer/statements?month=2026-10&limit=3")
                                   + (cursor.isEmpty() ? QString() : QStringLiteral("&cursor=") + cursor));
        QCOMPARE(page.status, 200);
        for (const auto& item : page.json().value("items").toArray()) {
            statementKeys << item.toObject().value("program").toString() + QLatin1Char('/')
                    + item.toObject().value("resource").toString();
        }
        cursor = page.json().value("next_cursor").toString();
        ++pages;
    } while (!cursor.isEmpty() && pages < 50);
    QCOMPARE(statementKeys.size(), recount(model, QStringLiteral("2026-10")).size());
    QVERIFY(pages > 1);
    for (const char* q : {"", "month=2026-13", "month=2026-10&limit=5000", "month=2026-10&program=GOLD&program=X",
                          "month=2026-10&resource=NOWHERE"}) {
        const int status = call("GET", QStringLiteral("/v1/issuer/statements?") + QLatin1String(q)).status;
        QVERIFY2(status == (QByteArray(q).contains("NOWHERE") ? 404 : 400), q);
    }
    // CSV: the same figures.
    const Http csv = call("GET", QStringLiteral("/v1/issuer/statements.csv?month=2026-10&program=GOLD"));
    QCOMPARE(csv.status, 200);
    QVERIFY(csv.contentType.startsWith("text/csv"));
    QVERIFY2(csv.body.contains("statement,2026-10,GOLD,HKG-L,open,EUR,2500,1500,2,2,2,1,1,8000,1,1,5000,3000,0,0,8000"),
             csv.body.constData());
    QVERIFY(csv.body.startsWith("line,month,program,resource,status,currency,"));

    // Closing: not before the month is over; once; then a void becomes November's adjustment.
    QCOMPARE(call("POST", QStringLiteral("/v1/issuer/statements/close"), R"({"month":"2099-01"})").status, 409);
    QCOMPARE(call("POST", QStringLiteral("/v1/issuer/statements/close"), R"({"month":"2026-10","x":1})").status, 400);
    const Http closed
        = call("POST", QStringLiteral("/v1/issuer/statements/close"), R"({"month":"2026-10","resource":"HKG-L"})");
    QCOMPARE(closed.status, 200);
    QCOMPARE(closed.json().value("closed").toArray().size(), 1);
    QCOMPARE(
        call("POST", QStringLiteral("/v1/issuer/statements/close"), R"({"month":"2026-10","resource":"HKG-L"})").status,
        409);
    const Http after = call("GET", QStringLiteral("/v1/issuer/statements?month=2026-10&program=GOLD&resource=HKG-L"));
    const QJsonObject closedStatement = after.json().value("items").toArray().first().toObject();
    QCOMPARE(closedStatement.value("status").toString(), QStringLiteral("closed"));
    QCOMPARE(num(closedStatement, "totalMinor"), 8000);

    // After the close, through the real upload path: a terminal at HKG-L voids the October party of three and uploads
    // a visit it recorded offline on 20 October. October stays as it was; both land in November as adjustments,
    // priced at October's GOLD rate (2500 + 1500 a guest), not November's (2700 + 1600).
    const Http code = call("POST", QStringLiteral("/v1/issuer/enrollment-codes"), R"({"resource":"HKG-L"})");
    QCOMPARE(code.status, 201);
    const Http enrolled = call("POST", QStringLiteral("/v1/terminal/enroll"),
                               QJsonDocument(QJsonObject {{"code", code.json().value("code")}}).toJson());
    QCOMPARE(enrolled.status, 200);
    const QString terminalId = enrolled.json().value("terminalId").toString();
    const QByteArray token = terminalId.toUtf8() + ':' + enrolled.json().value("secret").toString().toUtf8();
    core::Redemption voiding = stored(model.records[0]).record;
    voiding.id = QUuid::createUuid();
    voiding.kind = core::JournalKind::Void;
    voiding.voids = model.records[0].id;
    voiding.terminalId = terminalId;
    voiding.uses = {core::PoolUse {QStringLiteral("LOUNGE"), core::Pool::Cardholder, QStringLiteral("V"), -1}};
    voiding.at = QDateTime::currentDateTimeUtc();
    voiding.hash = core::journalHash({}, voiding);
    core::Redemption late;
    late.id = QUuid::createUuid();
    late.credential = {core::CredentialKind::Membership, QStringLiteral("M-2")};
    late.resourceId = QStringLiteral("HKG-L");
    late.terminalId = terminalId;
    late.staffId = QStringLiteral("s1");
    late.partySize = 2;
    late.uses = {core::PoolUse {QStringLiteral("LOUNGE"), core::Pool::Cardholder, QStringLiteral("V"), 1},
                 core::PoolUse {QStringLiteral("LOUNGE"), core::Pool::Guest, QStringLiteral("V"), 1}};
    late.at = QDateTime(QDate(2026, 10, 20), QTime(9, 0), Qt::UTC);
    late.clockSource = QStringLiteral("system");
    late.prevHash = voiding.hash;
    late.hash = core::journalHash(late.prevHash, late);
    QNetworkRequest upload(server.url(QStringLiteral("/v1/terminal/redemptions")));
    upload.setRawHeader("Authorization", "Bearer " + token);
    upload.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply* uploaded = nam.post(
        upload,
        QJsonDocument(QJsonObject {{"redemptions", QJsonArray {core::json::toJson(voiding), core::json::toJson(late)}}})
            .toJson());
    QTRY_VERIFY_WITH_TIMEOUT(uploaded->isFinished(), 30000);
    const QByteArray uploadBody = uploaded->readAll();
    QVERIFY2(uploaded->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200, uploadBody.constData());
    for (const auto& r : QJsonDocument::fromJson(uploadBody).object().value("results").toArray()) {
        QVERIFY2(r.toObject().value("status").toString() != QLatin1String("rejected"), uploadBody.constData());
    }
    uploaded->deleteLater();
    const Http octoberAgain
        = call("GET", QStringLiteral("/v1/issuer/statements?month=2026-10&program=GOLD&resource=HKG-L"));
    QCOMPARE(octoberAgain.json().value("items").toArray().first().toObject(), closedStatement);
    const Http november
        = call("GET", QStringLiteral("/v1/issuer/statements?month=2026-11&program=GOLD&resource=HKG-L"));
    const QJsonObject nov = november.json().value("items").toArray().first().toObject();
    QMap<QString, qint64> amounts;
    for (const auto& a : nov.value("adjustments").toArray()) {
        amounts.insert(a.toObject().value("reason").toString(), num(a.toObject(), "amountMinor"));
    }
    QCOMPARE(amounts.value(QStringLiteral("VOIDED_AFTER_CLOSE")), -(2500 + 2 * 1500));
    QCOMPARE(amounts.value(QStringLiteral("RECORDED_AFTER_CLOSE")), 2500 + 1500);
    QCOMPARE(amounts.size(), 2);
    QCOMPARE(num(nov, "adjustmentsMinor"), -1500);
    QCOMPARE(num(nov, "visits"), 0);
}

/// `lounge-central report billing` as a real process: JSON, CSV, PDF (figures read back with pdftotext), --close.
void TestCentralBilling::cliWritesCsvJsonPdfAndCloses()
{
    test::TestCentralDb db;
    QString why;
    QVERIFY2(db.create(m_dir, QStringLiteral("cli.sqlite"), &why), qPrintable(why));
    Model model;
    {
        auto store = db.open();
        QVERIFY(store);
        core::SystemClock clock;
        central::CentralService service(**store, clock, central::CentralService::Options {m_codeKey});
        seedCatalogue(service, model, 10, 2);
        Raw r;
        r.id = QUuid::createUuid();
        r.resource = QStringLiteral("LHR-L");
        r.credential = QStringLiteral("M:M-4"); // GOLD
        r.party = 4;
        // 23:30 UTC on 31 October is still October in London (GMT after 25 October).
        r.atMs = QDateTime(QDate(2026, 10, 31), QTime(23, 30), Qt::UTC).toMSecsSinceEpoch();
        QVERIFY(service.store().putRedemption(stored(r)));
    }
    auto run = [&](const QStringList& args) {
        QProcess p;
        p.start(QStringLiteral(LOUNGE_CENTRAL_EXE),
                QStringList {QStringLiteral("report"), QStringLiteral("billing"), QStringLiteral("--db"), db.url,
                             QStringLiteral("--key-file"), m_keyFile}
                    + args);
        p.waitForFinished(60000);
        return std::pair<int, QByteArray>(p.exitCode(), p.readAllStandardOutput() + p.readAllStandardError());
    };
    const auto json = run({QStringLiteral("--month"), QStringLiteral("2026-10"), QStringLiteral("--program"),
                           QStringLiteral("GOLD"), QStringLiteral("--resource"), QStringLiteral("LHR-L"),
                           QStringLiteral("--json")});
    QVERIFY2(json.first == 0, json.second.constData());
    const QJsonArray items = QJsonDocument::fromJson(json.second).object().value("items").toArray();
    QCOMPARE(items.size(), 1);
    QCOMPARE(num(items.first().toObject(), "guests"), 3);
    QCOMPARE(num(items.first().toObject(), "totalMinor"), 2500 + 3 * 1500);

    const auto csv = run({QStringLiteral("--month"), QStringLiteral("2026-10"), QStringLiteral("--csv")});
    QVERIFY2(csv.first == 0, csv.second.constData());
    QVERIFY2(csv.second.contains("statement,2026-10,GOLD,LHR-L,open,EUR,2500,1500,1,1,3,0,0,0,0,0,2500,4500,0,0,7000"),
             csv.second.constData());
    QVERIFY(csv.second.contains("total,2026-10,GOLD,,,EUR,"));

    const QString pdfPath = m_dir.filePath(QStringLiteral("statement.pdf"));
    const auto pdf = run({QStringLiteral("--month"), QStringLiteral("2026-10"), QStringLiteral("--close"),
                          QStringLiteral("--resource"), QStringLiteral("LHR-L"), QStringLiteral("--pdf"), pdfPath});
    QVERIFY2(pdf.first == 0, pdf.second.constData());
    QVERIFY2(pdf.second.contains("closed LHR-L 2026-10"), pdf.second.constData());
    QFile file(pdfPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5) == "%PDF-");
    QProcess text;
    text.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdfPath, QStringLiteral("-")});
    QVERIFY2(text.waitForFinished(30000) && text.exitCode() == 0, "pdftotext (poppler-utils, scripts/deps.sh)");
    const QString words = QString::fromUtf8(text.readAllStandardOutput()).simplified();
    for (const char* figure : {"Partner billing statement 2026-10", "Programme GOLD", "LHR-L", "70.00 EUR", "45.00 EUR",
                               "25.00 EUR / 15.00 EUR", "closed"}) {
        QVERIFY2(words.contains(QLatin1String(figure)),
                 qPrintable(QLatin1String(figure) + QStringLiteral(" in: ") + words.left(2000)));
    }
    // Closed once: a second --close is refused; the statement now says closed.
    const auto twice = run({QStringLiteral("--month"), QStringLiteral("2026-10"), QStringLiteral("--close"),
                            QStringLiteral("--resource"), QStringLiteral("LHR-L"), QStringLiteral("--json")});
    QCOMPARE(twice.first, 65);
    const auto closed = run({QStringLiteral("--month"), QStringLiteral("2026-10"), QStringLiteral("--resource"),
                             QStringLiteral("LHR-L"), QStringLiteral("--json")});
    QVERIFY(closed.second.contains("\"status\": \"closed\""));
    // Two processes closing the same lounge's month at once: exactly one closes it, the other is refused (the close
    // runs in one write transaction that first re-reads what is closed).
    {
        QProcess a;
        QProcess b;
        for (QProcess* p : {&a, &b}) {
            p->setProcessChannelMode(QProcess::MergedChannels);
            p->start(QStringLiteral(LOUNGE_CENTRAL_EXE),
                     {QStringLiteral("report"), QStringLiteral("billing"), QStringLiteral("--db"), db.url,
                      QStringLiteral("--key-file"), m_keyFile, QStringLiteral("--month"), QStringLiteral("2026-10"),
                      QStringLiteral("--close"), QStringLiteral("--resource"), QStringLiteral("HKG-L"),
                      QStringLiteral("--csv")});
        }
        QVERIFY(a.waitForFinished(60000) && b.waitForFinished(60000));
        const QByteArray outs = a.readAll() + b.readAll();
        QVERIFY2(QList<int>({a.exitCode(), b.exitCode()}) == QList<int>({0, 65})
                     || QList<int>({a.exitCode(), b.exitCode()}) == QList<int>({65, 0}),
                 outs.constData());
        QCOMPARE(outs.count("closed HKG-L 2026-10"), 1);
        QVERIFY(outs.contains("ALREADY_CLOSED"));
    }
    // Usage errors.
    QCOMPARE(run({QStringLiteral("--month"), QStringLiteral("2026-10")}).first, 64);
    QCOMPARE(run({QStringLiteral("--month"), QStringLiteral("10/2026"), QStringLiteral("--csv")}).first, 64);
    QCOMPARE(
        run({QStringLiteral("--month"), QStringLiteral("2026-10"), QStringLiteral("--csv"), QStringLiteral("--json")})
            .first,
        64);
    QCOMPARE(run({QStringLiteral("--month"), QStringLiteral("2026-10"), QStringLiteral("--close"),
                  QStringLiteral("--program"), QStringLiteral("GOLD"), QStringLiteral("--csv")})
                 .first,
             64);
    QCOMPARE(run({QStringLiteral("--month"), QStringLiteral("2026-10"), QStringLiteral("--resource"),
                  QStringLiteral("NOWHERE"), QStringLiteral("--csv")})
                 .first,
             65);
}

QTEST_GUILESS_MAIN(TestCentralBilling)
#include "tst_centralbilling.moc"
