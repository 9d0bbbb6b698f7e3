// The SQLite store: schema migrations, reopening, atomic change pages, and what redeem does on bad storage.

#include "AccessService.h"
#include "Json.h"
#include "Store.h"
#include "StoredJson.h"
#include "TestData.h"
#include "sqlite/Database.h"

#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <sqlite3.h>

using namespace lounge::core;
using namespace lounge::core::test;

namespace {

const QDateTime kNow(QDate(2026, 11, 27), QTime(4, 0), Qt::UTC);

/// A raw second connection, as another process would hold it.
struct RawConnection
{
    sqlite3* db = nullptr;
    explicit RawConnection(const QString& path)
    {
        sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr);
    }
    ~RawConnection() { sqlite3_close(db); }
    int exec(const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }
    qint64 scalar(const char* sql)
    {
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
        qint64 v = -1;
        if (sqlite3_step(st) == SQLITE_ROW) {
            v = sqlite3_column_int64(st, 0);
        }
        sqlite3_finalize(st);
        return v;
    }
};

/// Seeds one resource and one unlimited membership; returns its code.
QByteArray seed(Store& store)
{
    ChangePage page;
    page.cursor = 7;
    page.resources = {resource(QStringLiteral("R-HKG"))};
    page.programs = {program(QStringLiteral("P"), {entitlement(Allowance::infinite())})};
    QString code;
    page.memberships = {membership(QStringLiteral("M1"), QStringLiteral("P"), &code)};
    if (!store.applyChangePage(page)) {
        return {};
    }
    return code.toUtf8();
}

TerminalContext terminal()
{
    return TerminalContext {QStringLiteral("T1"), QStringLiteral("R-HKG"), QStringLiteral("S"), 0, 0};
}

} // namespace

Q_DECLARE_METATYPE(lounge::core::EPass)

class TestStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // The process's first open, as the kiosk's store worker makes it: SQLite's page-cache memory reserved
        // (cachePagesComeFromTheReservedMemory). Every test below runs with it.
        TempStore first;
        Store::Options options;
        options.reservePageCache = true;
        QVERIFY(first.open(options));
    }
    // The quick ISO date paths (issue 16: every synced record writes two dates, every validation reads them) give
    // exactly what QDate's own ISO conversions give.
    void isoDatesMatchQt()
    {
        for (QDate d(1, 1, 1); d.year() < 10000; d = d.addDays(997)) {
            QCOMPARE(json::dateToString(d), d.toString(Qt::ISODate));
            QCOMPARE(json::dateFromString(d.toString(Qt::ISODate)), d);
        }
        QCOMPARE(json::dateToString(QDate(2024, 2, 29)), QStringLiteral("2024-02-29"));
        QCOMPARE(json::dateToString(QDate()), QString());
        for (const QString& s :
             {QStringLiteral("2026-13-01"), QStringLiteral("2026-02-30"), QStringLiteral("2026-2-3"),
              QStringLiteral("20260203"), QStringLiteral("2026-02-03T10:00"), QStringLiteral(""),
              QStringLiteral("abcd-ef-gh"), QStringLiteral("2026-02-03 "), QStringLiteral("0000-01-01")}) {
            QCOMPARE(json::dateFromString(s), QDate::fromString(s, Qt::ISODate));
        }
    }
    // An E-pass body the store wrote is read without a JSON document (issue 16); the result is exactly what the JSON
    // reader gives, and every other text is left to the JSON reader (which gives the same value or the error).
    void storedEPassBodyReadsAsTheJsonReader_data()
    {
        QTest::addColumn<EPass>("pass");
        EPass plain = ePass(QStringLiteral("E1"), nullptr, 5);
        QTest::newRow("plain") << plain;
        EPass e = plain;
        e.status = EPassStatus::Revoked;
        e.scope = Scope {{QStringLiteral("HKG-T1-LOUNGE"), QStringLiteral("LHR-T5")}, {QStringLiteral("HKG")}};
        e.travel = TravelRestrictions {{QStringLiteral("F"), QStringLiteral("J")},
                                       {QStringLiteral("CX"), QStringLiteral("KA1")}};
        QTest::newRow("revoked, scoped, travel") << e;
        e = plain;
        e.travel.carriers = {QStringLiteral("BA")};
        e.scope.airports = {QStringLiteral("lhr")};
        QTest::newRow("carriers only") << e;
        e = plain;
        e.firstName = QString();
        e.lastName = QStringLiteral("O'Neil-Smith {jr}, [x]: y");
        e.usages = 0;
        e.activation = QDate(1, 1, 1);
        e.expiration = QDate(9999, 12, 31);
        QTest::newRow("punctuation, extremes") << e;
        e.usages = 999999999;
        QTest::newRow("9 digits") << e;
    }
    void storedEPassBodyReadsAsTheJsonReader()
    {
        QFETCH(EPass, pass);
        EPass expected = pass;
        expected.codeHash.clear(); // not in the body
        const QByteArray body = json::storedEPassBody(pass);
        const auto fast = json::readStoredEPassBody(body);
        QVERIFY2(fast, body.constData()); // the store's own text takes the quick path
        QCOMPARE(*fast, expected);
        auto slow = json::ePassFromJson(QJsonDocument::fromJson(body).object());
        QVERIFY(slow);
        QCOMPARE(*fast, *slow);
    }
    void otherEPassTextIsLeftToTheJsonReader_data()
    {
        QTest::addColumn<QByteArray>("body");
        const QByteArray good = json::storedEPassBody(ePass(QStringLiteral("E1"), nullptr, 5));
        auto with = [&](const char* from, const char* to) { return QByteArray(good).replace(from, to); };
        QTest::newRow("whitespace") << with(",", ", ");
        QTest::newRow("escape") << with("\"First\"", "\"Fi\\u0072st\"");
        QTest::newRow("non-ASCII") << with("\"First\"",
                                           "\"Fr\xc3\xa9"
                                           "d\xc3\xa9"
                                           "ric\"");
        QTest::newRow("null field") << with("\"First\"", "null");
        QTest::newRow("missing id") << with("\"id\":\"E1\",", "");
        QTest::newRow("repeated key") << with("\"id\":\"E1\",", "\"id\":\"E1\",\"id\":\"E2\",");
        QTest::newRow("unknown key") << with("\"id\":", "\"x\":1,\"id\":");
        QTest::newRow("code hash in the body") << with("\"id\":", "\"codeHash\":\"00\",\"id\":");
        QTest::newRow("usages as text") << with("\"usages\":5", "\"usages\":\"5\"");
        QTest::newRow("usages fraction") << with("\"usages\":5", "\"usages\":5.0");
        QTest::newRow("usages negative") << with("\"usages\":5", "\"usages\":-5");
        QTest::newRow("usages leading zero") << with("\"usages\":5", "\"usages\":05");
        QTest::newRow("usages 10 digits") << with("\"usages\":5", "\"usages\":2147483648");
        QTest::newRow("invalid date") << with("2020-01-01", "2020-02-30");
        QTest::newRow("short date") << with("2020-01-01", "2020-1-01");
        QTest::newRow("empty date") << with("2020-01-01", "");
        QTest::newRow("unknown status") << with("\"ACTIVE\"", "\"PAUSED\"");
        QTest::newRow("empty status") << with("\"ACTIVE\"", "\"\"");
        QTest::newRow("lower-case compartment")
            << with("\"status\"", "\"travel\":{\"compartments\":[\"f\"]},\"status\"");
        QTest::newRow("long carrier") << with("\"status\"", "\"travel\":{\"carriers\":[\"ABCD\"]},\"status\"");
        QTest::newRow("scope not an object") << with("\"scope\":{", "\"scope\":[{");
        QTest::newRow("trailing text") << good + " ";
        QTest::newRow("cut short") << good.left(good.size() - 1);
        QTest::newRow("array") << "[" + good + "]";
    }
    void otherEPassTextIsLeftToTheJsonReader()
    {
        QFETCH(QByteArray, body);
        QVERIFY(!json::readStoredEPassBody(body));
    }
    // A byte that is not plain printable ASCII (a control character, DEL, a byte past ASCII, a backslash) at any place
    // of the store's text, inside a long value or a key or between them, leaves the text to the JSON reader.
    void quickEPassReaderRefusesEveryOtherByteAnywhere()
    {
        EPass e = ePass(QStringLiteral("E1"), nullptr, 5);
        e.firstName = QStringLiteral("Alexandra Maria Theodora");
        e.lastName = QStringLiteral("Papadopoulou-Vasilakopoulou");
        e.scope = Scope {{QStringLiteral("HKG-T1-LOUNGE-NORTH-WING")}, {QStringLiteral("HKG")}};
        const QByteArray good = json::storedEPassBody(e);
        QVERIFY(json::readStoredEPassBody(good));
        QByteArray others;
        for (int c = 0; c < 0x20; ++c) {
            others += char(c);
        }
        others += QByteArrayLiteral("\\\x7f\x80\xc3\xff");
        int refused = 0;
        for (qsizetype at = 0; at < good.size(); ++at) {
            for (char c : others) {
                QByteArray body = good;
                body[at] = c;
                QVERIFY2(!json::readStoredEPassBody(body),
                         qPrintable(QStringLiteral("byte %1 at %2 accepted").arg(int(quint8(c))).arg(at)));
                ++refused;
            }
        }
        QVERIFY(refused > 5000);
    }
    // Whatever the quick reader accepts, the JSON reader reads the same: the store's text changed at random (bytes
    // replaced, inserted, removed), 20,000 times, with a fixed seed.
    void quickEPassReaderAgreesOnChangedText()
    {
        EPass e = ePass(QStringLiteral("E1"), nullptr, 5);
        e.scope = Scope {{QStringLiteral("R1")}, {QStringLiteral("HKG")}};
        e.travel = TravelRestrictions {{QStringLiteral("F")}, {QStringLiteral("CX")}};
        const QByteArray good = json::storedEPassBody(e);
        const QByteArray alphabet = QByteArrayLiteral("{}[]:,\"\\ 0123456789-.eEnulltrAZaz\x01\x7f\xc3");
        QRandomGenerator rng(20261128);
        int accepted = 0;
        for (int round = 0; round < 20000; ++round) {
            QByteArray text = good;
            for (int edits = 1 + int(rng.bounded(3)); edits > 0; --edits) {
                const int at = int(rng.bounded(text.size() + 1));
                const char c = alphabet.at(int(rng.bounded(alphabet.size())));
                switch (rng.bounded(3)) {
                case 0:
                    if (at < text.size()) {
                        text[at] = c;
                    }
                    break;
                case 1:
                    text.insert(at, c);
                    break;
                default:
                    text.remove(at, 1);
                }
            }
            const auto fast = json::readStoredEPassBody(text);
            if (!fast) {
                continue;
            }
            ++accepted;
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
            QVERIFY2(error.error == QJsonParseError::NoError, text.constData());
            const auto slow = json::ePassFromJson(doc.object());
            QVERIFY2(slow, text.constData());
            QVERIFY2(*fast == *slow, text.constData());
        }
        QVERIFY(accepted > 100); // the changes that keep a valid pass (a letter in a name, a digit in a date...)
    }
    void migratesFromEmpty();
    void reopenKeepsEverything();
    void schemaTooNew();
    void journalIsAppendOnly();
    void redemptionIdIsIdempotencyKey();
    void changePageIsAtomic();
    void badStorage_data();
    void badStorage();
    void garbageFileIsCorrupt_data();
    void garbageFileIsCorrupt();
    void damagedRowDuringRedeemSaysCorrupt();
    void upgradeFromSchema2();
    void guestCountChangeIsOneLinkedTransaction();
    void paidEntriesRefusalsAndShiftStats();
    void lastVisitSaysWhoAndHowMany();
    void boardingPassColumnsRoundTrip();
    void boardingPassColumnsAreChained_data();
    void boardingPassColumnsAreChained();
    void boardingPassUsedAtSkipsVoidsAndOtherPlaces();
    void upgradeFromSchema7KeepsVisits();
    void upgradeFromSchema8RedownloadsTheCache();
    void neverSyncedCacheHasNothingToRedownload();
    void preEncodedColumnsMustBeParallel();
    void usedAndLastUseAsTheStatementBefore();
    void cachePagesComeFromTheReservedMemory();
    void liveReaderCacheHoldsTheUpperLevels();
    void feedWriteThatCannotRestoreFullCommitsNothingAtNormal();
    void walStaysBoundedWithoutADownload();
    void pageEndCheckpointWaitsForAWaitingRequest();
};

void TestStore::migratesFromEmpty()
{
    TempStore ts;
    QVERIFY(!QFile::exists(ts.path()));
    QVERIFY(ts.open());
    RawConnection raw(ts.path());
    QCOMPARE(raw.scalar("PRAGMA user_version"), qint64(Store::kSchemaVersion));
    for (const char* table : {"memberships", "epasses", "programs", "resources", "journal", "usage"}) {
        QCOMPARE(*ts.store->count(QLatin1String(table)), 0);
    }
    QCOMPARE(*ts.store->cursor(), qint64(0));
    QVERIFY(!ts.store->lastSync()->isValid());
    QCOMPARE(*ts.store->integrityCheck(), QStringLiteral("ok"));
    QCOMPARE(QFile::permissions(ts.path()) & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());
    // The file is in WAL mode with synchronous=FULL on the store's connection.
    RawConnection check(ts.path());
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(check.db, "PRAGMA journal_mode", -1, &st, nullptr);
    QCOMPARE(sqlite3_step(st), SQLITE_ROW);
    QCOMPARE(QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))), QByteArray("wal"));
    sqlite3_finalize(st);
}

void TestStore::reopenKeepsEverything()
{
    TempStore ts;
    QVERIFY(ts.open());
    const QByteArray code = seed(*ts.store);
    QVERIFY(!code.isEmpty());
    QVERIFY(ts.store->setLastSync(kNow));
    FixedClock clock(kNow);
    QUuid id;
    {
        AccessService service(*ts.store, clock, terminal());
        auto r = service.redeem(ScanInput {code, 1});
        QVERIFY(r && r->recorded);
        id = r->redemptionId;
    }
    QVERIFY(ts.open()); // closes and reopens: the migration step runs again and must be a no-op
    auto r = ts.store->redemption(id);
    QVERIFY(r && r->has_value());
    QCOMPARE(r->value().partySize, 1);
    QCOMPARE(r->value().at, kNow);
    QCOMPARE(toString(r->value().state), toString(RedemptionState::Pending));
    QCOMPARE(*ts.store->cursor(), qint64(7));
    QCOMPARE(*ts.store->lastSync(), kNow);
    QCOMPARE(*ts.store->count(QStringLiteral("memberships")), 1);
    QCOMPARE(ts.store->outbox(10)->size(), 1);
    QCOMPARE(*ts.store->integrityCheck(), QStringLiteral("ok"));
}

void TestStore::schemaTooNew()
{
    TempStore ts;
    QVERIFY(ts.open());
    ts.store.reset();
    {
        RawConnection raw(ts.path());
        QCOMPARE(raw.exec(QStringLiteral("PRAGMA user_version=%1").arg(Store::kSchemaVersion + 1).toUtf8()), SQLITE_OK);
    }
    for (bool readOnly : {false, true}) {
        auto s = Store::open(ts.path(), Store::Options {readOnly});
        QVERIFY(!s);
        QCOMPARE(toString(s.error().code), toString(ErrorCode::SchemaTooNew));
    }
    // Nothing was migrated "back".
    RawConnection raw(ts.path());
    QCOMPARE(raw.scalar("PRAGMA user_version"), qint64(Store::kSchemaVersion + 1));
}

void TestStore::journalIsAppendOnly()
{
    TempStore ts;
    QVERIFY(ts.open());
    const QByteArray code = seed(*ts.store);
    FixedClock clock(kNow);
    AccessService service(*ts.store, clock, terminal());
    QVERIFY(service.redeem(ScanInput {code, 1}));
    RawConnection raw(ts.path());
    QVERIFY(raw.exec("DELETE FROM journal") != SQLITE_OK);
    QCOMPARE(raw.scalar("SELECT COUNT(*) FROM journal"), qint64(1));
}

void TestStore::redemptionIdIsIdempotencyKey()
{
    TempStore ts;
    QVERIFY(ts.open());
    QVERIFY(!seed(*ts.store).isEmpty());
    Redemption r;
    r.id = QUuid::createUuid();
    r.credential = {CredentialKind::Membership, QStringLiteral("M1")};
    r.resourceId = QStringLiteral("R-HKG");
    r.at = kNow;
    r.uses = {{QStringLiteral("LOUNGE"), Pool::Cardholder, QStringLiteral("V"), 1}};
    {
        auto tx = ts.store->beginWrite();
        QVERIFY(tx);
        QVERIFY(ts.store->appendJournal(r));
        QVERIFY(tx->commit());
    }
    {
        auto tx = ts.store->beginWrite();
        QVERIFY(tx);
        auto again = ts.store->appendJournal(r);
        QVERIFY(!again);
        QCOMPARE(toString(again.error().code), toString(ErrorCode::Conflict));
    }
    QCOMPARE(*ts.store->count(QStringLiteral("journal")), 1);
    QCOMPARE(*ts.store->used(r.credential, QStringLiteral("LOUNGE"), Pool::Cardholder, QStringLiteral("V")), 1);
}

void TestStore::changePageIsAtomic()
{
    TempStore ts;
    QVERIFY(ts.open());
    QVERIFY(!seed(*ts.store).isEmpty());
    ChangePage bad;
    bad.cursor = 99;
    QString code;
    Membership a = membership(QStringLiteral("A"), QStringLiteral("P"), &code);
    Membership b = a;
    b.id = QStringLiteral("B"); // same code hash: violates the unique index half-way through the page
    bad.memberships = {a, b};
    bad.usage = {UsageCounter {{CredentialKind::Membership, QStringLiteral("M1")},
                               QStringLiteral("LOUNGE"),
                               Pool::Cardholder,
                               QStringLiteral("V"),
                               5}};
    auto r = ts.store->applyChangePage(bad);
    QVERIFY(!r);
    QCOMPARE(toString(r.error().code), toString(ErrorCode::Conflict));
    QCOMPARE(*ts.store->cursor(), qint64(7));
    QCOMPARE(*ts.store->count(QStringLiteral("memberships")), 1);
    QVERIFY(!ts.store->membershipById(QStringLiteral("A"))->has_value());
    QCOMPARE(*ts.store->used({CredentialKind::Membership, QStringLiteral("M1")}, QStringLiteral("LOUNGE"),
                             Pool::Cardholder, QStringLiteral("V")),
             0);
}

void TestStore::badStorage_data()
{
    QTest::addColumn<QString>("condition");
    QTest::addColumn<ErrorCode>("expected");
    QTest::newRow("disk full") << QStringLiteral("full") << ErrorCode::DiskFull;
    QTest::newRow("read-only") << QStringLiteral("readonly") << ErrorCode::ReadOnly;
    QTest::newRow("locked by another process") << QStringLiteral("locked") << ErrorCode::Locked;
}

void TestStore::badStorage()
{
    QFETCH(QString, condition);
    QFETCH(ErrorCode, expected);
    TempStore ts;
    QVERIFY(ts.open());
    const QByteArray code = seed(*ts.store);
    FixedClock clock(kNow);
    QList<QUuid> recorded;
    {
        AccessService service(*ts.store, clock, terminal());
        for (int i = 0; i < 3; ++i) {
            auto r = service.redeem(ScanInput {code, 1});
            QVERIFY(r && r->recorded);
            recorded << r->redemptionId;
        }
    }

    std::unique_ptr<RawConnection> other;
    if (condition == QLatin1String("full")) {
        RawConnection raw(ts.path());
        const qint64 pages = raw.scalar("PRAGMA page_count");
        QVERIFY(ts.store->database().execScript(QStringLiteral("PRAGMA max_page_count=%1").arg(pages)));
    } else if (condition == QLatin1String("readonly")) {
        QVERIFY(ts.open(Store::Options {true}));
    } else if (condition == QLatin1String("locked")) {
        other = std::make_unique<RawConnection>(ts.path());
        QCOMPARE(other->exec("BEGIN EXCLUSIVE; INSERT INTO meta(key, value) VALUES('x', 'y');"), SQLITE_OK);
    }

    // The kiosk must refuse: redeem returns the storage error, never a recorded (or unrecorded) ACCEPT.
    AccessService service(*ts.store, clock, terminal());
    std::optional<Error> failure;
    for (int i = 0; i < 500 && !failure; ++i) { // a full disk may still take a few records in the last page
        auto r = service.redeem(ScanInput {code, 1});
        if (!r) {
            failure = r.error();
        } else {
            QVERIFY(r->recorded);
            recorded << r->redemptionId;
        }
    }
    QVERIFY2(failure.has_value(), "redeem never failed");
    QCOMPARE(toString(failure->code), toString(expected));
    QVERIFY(!failure->detail.isEmpty());
    // Voids are refused too.
    QVERIFY(!service.voidRedemption(recorded.first(), QStringLiteral("SUP"), {}));

    other.reset(); // ends the other connection's transaction (rolled back)
    QVERIFY(ts.open());
    for (const QUuid& id : recorded) {
        auto r = ts.store->redemption(id);
        QVERIFY(r && r->has_value());
        QVERIFY(r->value().voidedBy.isNull());
    }
    QCOMPARE(*ts.store->count(QStringLiteral("journal")), int(recorded.size()));
    QCOMPARE(*ts.store->integrityCheck(), QStringLiteral("ok"));
    // And once the condition is gone the kiosk records again.
    AccessService healthy(*ts.store, clock, terminal());
    auto r = healthy.redeem(ScanInput {code, 1});
    QVERIFY(r && r->recorded);
}

void TestStore::damagedRowDuringRedeemSaysCorrupt()
{
    // A store failure met while validating inside redeem keeps its own code (here Corrupt), so the kiosk and the
    // CLI say what is wrong instead of a generic I/O error. Nothing is recorded either way.
    TempStore ts;
    QVERIFY(ts.open());
    const QByteArray code = seed(*ts.store);
    {
        RawConnection raw(ts.path());
        QCOMPARE(raw.exec("UPDATE programs SET body = '{not json' WHERE id = 'P';"), SQLITE_OK);
    }
    FixedClock clock(kNow);
    AccessService service(*ts.store, clock, terminal());
    auto r = service.redeem(ScanInput {code, 1});
    QVERIFY(!r);
    QCOMPARE(toString(r.error().code), toString(ErrorCode::Corrupt));
    QVERIFY2(r.error().detail.contains(QLatin1String("programs")), qPrintable(r.error().detail));
    const Decision checked = service.check(ScanInput {code, 1});
    QCOMPARE(toString(checked.reason), toString(Reason::StoreUnavailable));
    QVERIFY(checked.storeError.has_value());
    QCOMPARE(toString(checked.storeError->code), toString(ErrorCode::Corrupt));
    QCOMPARE(*ts.store->count(QStringLiteral("journal")), 0);
}

void TestStore::upgradeFromSchema2()
{
    // A cache written by the previous release (schema 2: no staff_events) with visits in it.
    TempStore ts;
    QVERIFY(ts.open());
    const QByteArray code = seed(*ts.store);
    FixedClock clock(kNow);
    {
        AccessService service(*ts.store, clock, terminal());
        for (int i = 0; i < 2; ++i) {
            auto r = service.redeem(ScanInput {code, 1});
            QVERIFY(r && r->recorded);
        }
    }
    ts.store.reset();
    {
        RawConnection raw(ts.path());
        // Undo schema 8 (journal flights/override, journal_legs), 7 (bookings, journal.booking), 6 (ledger_state), 5
        // (refusals, journal columns), 4 (ledger, journal_uses dropped) and 3, as the file of the previous release
        // looked.
        QCOMPARE(raw.exec("DROP TRIGGER journal_legs_no_delete; DROP TRIGGER journal_legs_no_update; DROP TABLE "
                          "journal_legs; DROP TRIGGER journal_chained_immutable_8; ALTER TABLE journal DROP COLUMN "
                          "flights; ALTER TABLE journal DROP COLUMN bp_override_by; ALTER TABLE journal DROP COLUMN "
                          "bp_override_reason;"
                          "DROP TRIGGER journal_chained_immutable_7; DROP INDEX journal_booking; ALTER TABLE journal "
                          "DROP COLUMN booking; DROP TABLE bookings; "
                          "DROP TABLE ledger_state; DROP TRIGGER journal_chained_immutable_5; DROP TABLE refusals; "
                          "ALTER TABLE journal DROP "
                          "COLUMN program; "
                          "ALTER TABLE journal DROP COLUMN replaces; ALTER TABLE journal DROP COLUMN amount_minor;"
                          "DROP TABLE ledger; DROP TRIGGER journal_chained_immutable; DROP INDEX journal_voids; "
                          "DROP INDEX journal_token; CREATE TABLE journal_uses (journal_seq INTEGER NOT NULL "
                          "REFERENCES journal(seq), cred TEXT NOT NULL, module TEXT NOT NULL, pool TEXT NOT NULL, "
                          "period TEXT NOT NULL, count INTEGER NOT NULL); CREATE INDEX journal_uses_key ON "
                          "journal_uses(cred, module, pool, period);"
                          "DROP TRIGGER staff_events_no_delete; DROP TRIGGER staff_events_no_update;"
                          "DROP TABLE staff_events; ALTER TABLE journal DROP COLUMN token_id; PRAGMA user_version=2;"),
                 SQLITE_OK);
    }
    // Read-only (verify-journal right after a package upgrade): reads the old file as it is, writes nothing.
    QVERIFY(ts.open(Store::Options {true}));
    auto check = ts.store->verifyJournal();
    QVERIFY(check);
    QVERIFY(check->ok);
    QCOMPARE(check->records, 2);
    ts.store.reset();
    QCOMPARE(RawConnection(ts.path()).scalar("PRAGMA user_version"), qint64(2));
    // The kiosk's own open migrates forward and keeps every visit.
    QVERIFY(ts.open());
    QCOMPARE(RawConnection(ts.path()).scalar("PRAGMA user_version"), qint64(Store::kSchemaVersion));
    QCOMPARE(*ts.store->count(QStringLiteral("journal")), 2);
    QCOMPARE(RawConnection(ts.path()).scalar("SELECT COUNT(*) FROM staff_events"), qint64(0)); // the new table
    QCOMPARE(RawConnection(ts.path()).scalar("SELECT COUNT(*) FROM refusals"), qint64(0)); // schema 5
    auto again = ts.store->verifyJournal();
    QVERIFY(again && again->ok);
    // Schema 4: the state the old file held is the ledger's starting point, and the visits still count (from the
    // chained `uses`, journal_uses is gone).
    auto ledger = ts.store->verifyLedger();
    QVERIFY(ledger && ledger->ok);
    QVERIFY(ledger->entries > 0);
    QCOMPARE(RawConnection(ts.path()).scalar("SELECT COUNT(*) FROM sqlite_master WHERE name='journal_uses'"),
             qint64(0));
    QVERIFY(QFile::exists(Store::witnessPath(ts.path())));
}

namespace {

/// A membership with 2 member visits and 2 guest visits (one guest per visit) at R-HKG; returns its code.
QByteArray seedWithGuests(Store& store)
{
    ChangePage page;
    page.cursor = 3;
    page.resources = {resource(QStringLiteral("R-HKG"))};
    page.programs
        = {program(QStringLiteral("G"), {entitlement(Allowance::of(2), Allowance::of(2), Allowance::none(), 1)})};
    QString code;
    page.memberships = {membership(QStringLiteral("M7"), QStringLiteral("G"), &code)};
    return store.applyChangePage(page) ? code.toUtf8() : QByteArray();
}

} // namespace

void TestStore::guestCountChangeIsOneLinkedTransaction()
{
    TempStore ts;
    QVERIFY(ts.open());
    const QByteArray code = seedWithGuests(*ts.store);
    QVERIFY(!code.isEmpty());
    QVERIFY(ts.store->setLastSync(kNow));
    FixedClock clock(kNow);
    AccessService service(*ts.store, clock, terminal());
    auto first = service.redeem(ScanInput {code, 2});
    QVERIFY(first && first->recorded);
    QCOMPARE(first->programName, QStringLiteral("G tier"));
    clock.advance(120);
    // 2 → 1: one void and one new visit linked to the old one, the guest visit refunded.
    auto changed = service.changePartySize(first->redemptionId, 1, QStringLiteral("SUP"), QStringLiteral("one left"));
    QVERIFY(changed);
    QVERIFY(changed->recorded);
    auto journal = ts.store->fullJournal();
    QVERIFY(journal);
    QCOMPARE(journal->size(), 3);
    QCOMPARE(toString(journal->at(1).kind), toString(JournalKind::Void));
    QCOMPARE(journal->at(1).voids, first->redemptionId);
    QCOMPARE(journal->at(2).replaces, first->redemptionId);
    QCOMPARE(journal->at(2).partySize, 1);
    QCOMPARE(journal->at(2).staffId, QStringLiteral("SUP"));
    QCOMPARE(journal->at(2).programName, QStringLiteral("G tier"));
    QVERIFY(!journal->at(0).voidedBy.isNull());
    auto verify = ts.store->verifyJournal(); // the link is inside the hash chain
    QVERIFY(verify && verify->ok);
    // The link travels on the wire and survives a round trip (central checks the same hash).
    auto wire = json::redemptionFromJson(json::toJson(journal->at(2)));
    QVERIFY(wire);
    QCOMPARE(wire->replaces, first->redemptionId);
    QCOMPARE(journalHash(journal->at(2).prevHash, *wire), journal->at(2).hash);
    // 1 → 3 is more guests than a visit may bring: refused, and nothing changes (the void is rolled back too).
    auto tooMany = service.changePartySize(changed->redemptionId, 3, QStringLiteral("SUP"), {});
    QVERIFY(tooMany);
    QVERIFY(!tooMany->recorded);
    QCOMPARE(toString(tooMany->reason), toString(Reason::TooManyGuests));
    QCOMPARE(ts.store->fullJournal()->size(), 3);
    auto still = ts.store->redemption(changed->redemptionId);
    QVERIFY(still && still->has_value() && (*still)->voidedBy.isNull());
    // A void cannot be resized; neither can the voided original.
    QVERIFY(!service.changePartySize(first->redemptionId, 2, QStringLiteral("SUP"), {}));
    QVERIFY(!service.changePartySize(journal->at(1).id, 2, QStringLiteral("SUP"), {}));
}

void TestStore::paidEntriesRefusalsAndShiftStats()
{
    TempStore ts;
    QVERIFY(ts.open());
    const QByteArray code = seedWithGuests(*ts.store);
    QVERIFY(ts.store->setLastSync(kNow));
    FixedClock clock(kNow); // 04:00 UTC = 12:00 in Hong Kong
    AccessService service(*ts.store, clock, terminal());
    QVERIFY(service.redeem(ScanInput {code, 2}));
    clock.advance(3600);
    auto paid = service.recordPaidEntry(CredentialRef {CredentialKind::Membership, QStringLiteral("M7")},
                                        QStringLiteral("Holder M7"), 3, 12000);
    QVERIFY(paid);
    QCOMPARE(toString(paid->kind), toString(JournalKind::Paid));
    QVERIFY(paid->uses.isEmpty()); // no visit taken from any pool
    QVERIFY(!service.recordPaidEntry(std::nullopt, {}, 1, {})); // names the refused pass
    QVERIFY(!service.recordPaidEntry(paid->credential, {}, 0, {}));
    QVERIFY(!service.recordPaidEntry(paid->credential, {}, 1, -5));
    Refusal f;
    f.at = clock.now();
    f.credential = CredentialRef {CredentialKind::EPass, QStringLiteral("E-9")};
    f.holderName = QStringLiteral("Someone");
    f.reason = Reason::Expired;
    f.staffId = QStringLiteral("S");
    QVERIFY(ts.store->recordRefusal(f));
    // Read back: kind, amount (hashed and on the wire), the refusal.
    auto back = ts.store->redemption(paid->id);
    QVERIFY(back && back->has_value());
    QCOMPARE(toString((*back)->kind), toString(JournalKind::Paid));
    QCOMPARE((*back)->amountMinor, std::optional<qint64>(12000));
    const QJsonObject wire = json::toJson(**back);
    QCOMPARE(wire.value(QStringLiteral("kind")).toString(), QStringLiteral("paid"));
    QCOMPARE(wire.value(QStringLiteral("amountMinor")).toInt(), 12000);
    auto parsed = json::redemptionFromJson(wire);
    QVERIFY(parsed);
    QCOMPARE(toString(parsed->kind), toString(JournalKind::Paid));
    QVERIFY(ts.store->verifyJournal()->ok);
    QCOMPARE(*ts.store->pendingUploads(), 2); // the paid entry uploads like a visit
    auto refusals = ts.store->refusals(kNow, kNow.addDays(1));
    QVERIFY(refusals);
    QCOMPARE(refusals->size(), 1);
    QCOMPARE(toString(refusals->at(0).reason), toString(Reason::Expired));
    QCOMPARE(refusals->at(0).credential->id, QStringLiteral("E-9"));
    // Shift statistics over the lounge's day.
    const QTimeZone hk("Asia/Hong_Kong");
    auto s = ts.store->shiftStats(kNow.addSecs(-4 * 3600), kNow.addSecs(20 * 3600), hk);
    QVERIFY(s);
    QCOMPARE(s->admitted, 2 + 3);
    QCOMPARE(s->redemptions, 1);
    QCOMPARE(s->guests, 1);
    QCOMPARE(s->paidEntries, 1);
    QCOMPARE(s->paidPeople, 3);
    QCOMPARE(s->refused, 1);
    QCOMPARE(s->peopleByHour.value(12), 2);
    QCOMPARE(s->peopleByHour.value(13), 3);
    QCOMPARE(s->peopleByProgram.value(QStringLiteral("G tier")), 2);
    QCOMPARE(s->peopleByProgram.value(QStringLiteral("Paid entry")), 3);
    // A wire record that claims a paid entry took visits is refused by the strict reader.
    QJsonObject bad = wire;
    bad.insert(
        QStringLiteral("uses"),
        json::toJson(QList<PoolUse> {PoolUse {QStringLiteral("LOUNGE"), Pool::Cardholder, QStringLiteral("V"), 1}}));
    QVERIFY(!json::redemptionFromJson(bad));
}

void TestStore::lastVisitSaysWhoAndHowMany()
{
    TempStore ts;
    QVERIFY(ts.open());
    const QByteArray code = seedWithGuests(*ts.store);
    QVERIFY(ts.store->setLastSync(kNow));
    FixedClock clock(kNow);
    TerminalContext desk = terminal();
    desk.staffId = QStringLiteral("4101");
    desk.recentlyUsedSeconds = 300;
    AccessService service(*ts.store, clock, desk);
    QVERIFY(service.redeem(ScanInput {code, 2}));
    clock.advance(180);
    auto again = service.check(ScanInput {code, 1});
    QCOMPARE(toString(again.reason), toString(Reason::RecentlyUsed));
    auto last = ts.store->lastVisit(*again.credential, QStringLiteral("R-HKG"));
    QVERIFY(last && last->has_value());
    QCOMPARE((*last)->partySize, 2);
    QCOMPARE((*last)->staffId, QStringLiteral("4101"));
    QCOMPARE((*last)->terminalId, QStringLiteral("T1"));
    QCOMPARE((*last)->at, kNow);
}

void TestStore::garbageFileIsCorrupt_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("keepHeader");
    QByteArray random(64 * 1024, Qt::Uninitialized);
    for (auto& b : random) {
        b = char(QRandomGenerator::global()->bounded(256));
    }
    QTest::newRow("random bytes") << random << false;
    QTest::newRow("text file") << QByteArray("this is not a database\n").repeated(1000) << false;
    QTest::newRow("damaged header of a real store") << QByteArray(100, '\xff') << true;
}

void TestStore::garbageFileIsCorrupt()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, keepHeader);
    TempStore ts;
    if (keepHeader) {
        QVERIFY(ts.open());
        QVERIFY(!seed(*ts.store).isEmpty());
        ts.store.reset();
        QFile f(ts.path());
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.write(content) == content.size()); // overwrite the 100-byte header
    } else {
        QFile f(ts.path());
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.write(content) == content.size());
    }
    for (bool readOnly : {false, true}) {
        auto s = Store::open(ts.path(), Store::Options {readOnly});
        QVERIFY(!s);
        QCOMPARE(toString(s.error().code), toString(ErrorCode::Corrupt));
    }
    // The file is left as it was for forensics: opening never "repairs" it by truncation.
    QFile f(ts.path());
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.read(content.size()) == content);
}

namespace {

FlightRecord flightRecord(char key, const QString& compartment = QStringLiteral("J"))
{
    return FlightRecord {QStringLiteral("CX"),     QStringLiteral("251"), QDate(2026, 11, 27),
                         QStringLiteral("HKG"),    QStringLiteral("LHR"), compartment,
                         QStringLiteral("ABC123"), QStringLiteral("11A"), QByteArray(32, key)};
}

/// A visit at R-HKG with the holder's and one guest's boarding pass and a supervisor's override, appended directly.
Redemption visitWithFlights(Store& store, const QDateTime& at, const QString& resourceId = QStringLiteral("R-HKG"))
{
    Redemption r;
    r.id = QUuid::createUuid();
    r.credential = CredentialRef {CredentialKind::Membership, QStringLiteral("M1")};
    r.resourceId = resourceId;
    r.terminalId = QStringLiteral("T1");
    r.staffId = QStringLiteral("S");
    r.partySize = 2;
    r.at = at;
    r.clockSource = QStringLiteral("fixed");
    r.flights = {flightRecord('a'), flightRecord('b', QStringLiteral("F"))};
    r.flights[1].pnr.clear();
    r.flights[1].seat.clear();
    r.boardingPassOverrideBy = QStringLiteral("SUP");
    r.boardingPassOverrideReason = QStringLiteral("guest's phone is flat");
    auto tx = store.beginWrite();
    Q_ASSERT(tx);
    auto appended = store.appendJournal(r);
    Q_ASSERT(appended);
    auto committed = tx->commit();
    Q_ASSERT(committed);
    return *appended;
}

std::optional<QDateTime> usedAt(Store& store, char key, const QString& resourceId = QStringLiteral("R-HKG"),
                                const QDateTime& from = kNow.addSecs(-3600), const QDateTime& to = kNow.addSecs(3600))
{
    auto at = store.boardingPassUsedAt(QByteArray(32, key), resourceId, from, to);
    Q_ASSERT(at);
    return *at;
}

} // namespace

void TestStore::boardingPassColumnsRoundTrip()
{
    TempStore ts;
    QVERIFY(ts.open());
    QVERIFY(!seed(*ts.store).isEmpty());
    const Redemption written = visitWithFlights(*ts.store, kNow);
    for (int reopen = 0; reopen < 2; ++reopen) {
        auto back = ts.store->redemption(written.id);
        QVERIFY(back && back->has_value());
        QCOMPARE((*back)->flights, written.flights); // PNR and seat too: the journal keeps them locally
        QCOMPARE((*back)->boardingPassOverrideBy, QStringLiteral("SUP"));
        QCOMPARE((*back)->boardingPassOverrideReason, QStringLiteral("guest's phone is flat"));
        QCOMPARE((*back)->hash, written.hash);
        auto check = ts.store->verifyJournal();
        QVERIFY(check && check->ok);
        QVERIFY(ts.open());
    }
    // The hashed body names the flights and the override, without PNR and seat (lead's decision 23:06).
    const QByteArray body = QJsonDocument(json::toJson(written)).toJson(QJsonDocument::Compact);
    QVERIFY(body.contains("\"flights\":[{\"carrier\":\"CX\""));
    QVERIFY(body.contains("\"boardingPassOverride\":{\"by\":\"SUP\""));
    QVERIFY(!body.contains("ABC123"));
    QVERIFY(!body.contains("11A"));
    // A visit without boarding passes leaves the columns NULL.
    FixedClock clock(kNow);
    AccessService service(*ts.store, clock, terminal());
    auto plain = service.redeem(ScanInput {seed(*ts.store), 1});
    QVERIFY(plain && plain->recorded);
    RawConnection raw(ts.path());
    QCOMPARE(raw.scalar("SELECT COUNT(*) FROM journal WHERE flights IS NULL AND bp_override_by IS NULL AND "
                        "bp_override_reason IS NULL"),
             qint64(1));
    QCOMPARE(raw.scalar("SELECT COUNT(*) FROM journal_legs"), qint64(2));
    // Immutable like the other chained columns; the index is append-only.
    QVERIFY(raw.exec("UPDATE journal SET flights='[]'") != SQLITE_OK);
    QVERIFY(raw.exec("UPDATE journal SET bp_override_reason='x'") != SQLITE_OK);
    QVERIFY(raw.exec("DELETE FROM journal_legs") != SQLITE_OK);
    QVERIFY(raw.exec("UPDATE journal_legs SET resource='X'") != SQLITE_OK);
    QCOMPARE(raw.scalar("SELECT COUNT(*) FROM journal_legs"), qint64(2));
}

void TestStore::boardingPassColumnsAreChained_data()
{
    QTest::addColumn<QByteArray>("edit");
    QTest::addColumn<QString>("problem"); // empty: the edit is of a local field, not covered
    const QByteArray unlock = "DROP TRIGGER journal_chained_immutable_8; ";
    QTest::newRow("compartment") << unlock + "UPDATE journal SET flights=replace(flights, '\"J\"', '\"F\"');"
                                 << "record content does not match its hash";
    QTest::newRow("flight dropped") << unlock + "UPDATE journal SET flights=NULL;"
                                    << "record content does not match its hash";
    QTest::newRow("override reason") << unlock + "UPDATE journal SET bp_override_reason='lost';"
                                     << "record content does not match its hash";
    QTest::newRow("override removed") << unlock + "UPDATE journal SET bp_override_by=NULL, bp_override_reason=NULL;"
                                      << "record content does not match its hash";
    QTest::newRow("leg index deleted") << QByteArray("DROP TRIGGER journal_legs_no_delete; DELETE FROM journal_legs;")
                                       << "journal_legs";
    QTest::newRow("leg index moved") << QByteArray("DROP TRIGGER journal_legs_no_update; UPDATE journal_legs SET "
                                                   "resource='ELSEWHERE';")
                                     << "journal_legs";
    QTest::newRow("leg index added") << QByteArray("INSERT INTO journal_legs SELECT x'00', resource, at_ms, "
                                                   "journal_seq FROM journal_legs LIMIT 1;")
                                     << "journal_legs";
    // The PNR and seat are local like the holder's name (never uploaded by default): outside the chain.
    QTest::newRow("pnr (local)") << unlock + "UPDATE journal SET flights=replace(flights, 'ABC123', 'XYZ999');"
                                 << QString();
}

void TestStore::boardingPassColumnsAreChained()
{
    QFETCH(QByteArray, edit);
    QFETCH(QString, problem);
    TempStore ts;
    QVERIFY(ts.open());
    QVERIFY(!seed(*ts.store).isEmpty());
    visitWithFlights(*ts.store, kNow);
    auto before = ts.store->verifyJournal();
    QVERIFY(before && before->ok);
    ts.store.reset();
    {
        RawConnection raw(ts.path());
        QCOMPARE(raw.exec(edit.constData()), SQLITE_OK);
    }
    QVERIFY(ts.open(Store::Options {true}));
    auto after = ts.store->verifyJournal();
    QVERIFY(after);
    if (problem.isEmpty()) {
        QVERIFY2(after->ok, qPrintable(after->problem));
        return;
    }
    QVERIFY(!after->ok);
    QVERIFY2(after->problem.contains(problem), qPrintable(after->problem));
}

void TestStore::boardingPassUsedAtSkipsVoidsAndOtherPlaces()
{
    TempStore ts;
    QVERIFY(ts.open());
    QVERIFY(!seed(*ts.store).isEmpty());
    QCOMPARE(usedAt(*ts.store, 'a'), std::nullopt);
    const Redemption first = visitWithFlights(*ts.store, kNow.addSecs(-600));
    const Redemption second = visitWithFlights(*ts.store, kNow);
    visitWithFlights(*ts.store, kNow.addSecs(60), QStringLiteral("R-OTHER"));
    QCOMPARE(usedAt(*ts.store, 'a'), std::optional<QDateTime>(kNow));
    QCOMPARE(usedAt(*ts.store, 'b'), std::optional<QDateTime>(kNow)); // the guest's leg too
    QCOMPARE(usedAt(*ts.store, 'c'), std::nullopt); // another boarding pass
    QCOMPARE(usedAt(*ts.store, 'a', QStringLiteral("R-NONE")), std::nullopt);
    QCOMPARE(usedAt(*ts.store, 'a', QStringLiteral("R-OTHER")), std::optional<QDateTime>(kNow.addSecs(60)));
    // The window is [from, to): a visit before it, or at its end, is not "today".
    QCOMPARE(usedAt(*ts.store, 'a', QStringLiteral("R-HKG"), kNow.addSecs(1), kNow.addSecs(3600)), std::nullopt);
    QCOMPARE(usedAt(*ts.store, 'a', QStringLiteral("R-HKG"), kNow.addSecs(-3600), kNow),
             std::optional<QDateTime>(kNow.addSecs(-600)));
    // A voided visit does not count: the latest standing one does.
    FixedClock clock(kNow.addSecs(120));
    AccessService service(*ts.store, clock, terminal());
    QVERIFY(service.voidRedemption(second.id, QStringLiteral("S"), QStringLiteral("mistake"), 0));
    QCOMPARE(usedAt(*ts.store, 'a'), std::optional<QDateTime>(kNow.addSecs(-600)));
    QVERIFY(service.voidRedemption(first.id, QStringLiteral("S"), QStringLiteral("mistake"), 0));
    QCOMPARE(usedAt(*ts.store, 'a'), std::nullopt);
    // Nor does one central rejected.
    const Redemption third = visitWithFlights(*ts.store, kNow);
    QCOMPARE(usedAt(*ts.store, 'a'), std::optional<QDateTime>(kNow));
    QVERIFY(ts.store->markRejected(third.id, QStringLiteral("central: pass suspended")));
    QCOMPARE(usedAt(*ts.store, 'a'), std::nullopt);
    // One indexed lookup.
    RawConnection raw(ts.path());
    sqlite3_stmt* st = nullptr;
    QCOMPARE(sqlite3_prepare_v2(raw.db,
                                "EXPLAIN QUERY PLAN SELECT MAX(l.at_ms) FROM journal_legs l JOIN journal j ON j.seq = "
                                "l.journal_seq WHERE l.leg_key=x'61' AND l.resource='R-HKG' AND l.at_ms >= 0 AND "
                                "l.at_ms < 1",
                                -1, &st, nullptr),
             SQLITE_OK);
    QByteArray plan;
    while (sqlite3_step(st) == SQLITE_ROW) {
        plan += reinterpret_cast<const char*>(sqlite3_column_text(st, 3));
        plan += '\n';
    }
    sqlite3_finalize(st);
    QVERIFY2(plan.contains("USING INDEX journal_legs_key"), plan.constData());
}

void TestStore::upgradeFromSchema7KeepsVisits()
{
    // A cache of the previous release (schema 7) with a visit in it.
    TempStore ts;
    QVERIFY(ts.open());
    const QByteArray code = seed(*ts.store);
    FixedClock clock(kNow);
    QUuid old;
    {
        AccessService service(*ts.store, clock, terminal());
        auto r = service.redeem(ScanInput {code, 1});
        QVERIFY(r && r->recorded);
        old = r->redemptionId;
    }
    ts.store.reset();
    {
        RawConnection raw(ts.path());
        QCOMPARE(raw.exec("DROP TRIGGER journal_legs_no_delete; DROP TRIGGER journal_legs_no_update; DROP TABLE "
                          "journal_legs; DROP TRIGGER journal_chained_immutable_8; ALTER TABLE journal DROP COLUMN "
                          "flights; ALTER TABLE journal DROP COLUMN bp_override_by; ALTER TABLE journal DROP COLUMN "
                          "bp_override_reason; PRAGMA user_version=7;"),
                 SQLITE_OK);
    }
    // Read-only (verify-journal before the kiosk first opens it): reads it as it is.
    QVERIFY(ts.open(Store::Options {true}));
    auto check = ts.store->verifyJournal();
    QVERIFY(check && check->ok);
    QCOMPARE(
        *ts.store->boardingPassUsedAt(QByteArray(32, 'a'), QStringLiteral("R-HKG"), kNow.addDays(-1), kNow.addDays(1)),
        std::nullopt);
    auto oldVisit = ts.store->redemption(old);
    QVERIFY(oldVisit && oldVisit->has_value());
    QVERIFY((*oldVisit)->flights.isEmpty());
    ts.store.reset();
    QCOMPARE(RawConnection(ts.path()).scalar("PRAGMA user_version"), qint64(7));
    // The kiosk's open migrates; the old visit keeps its hash, and new visits record flights.
    QVERIFY(ts.open());
    QCOMPARE(RawConnection(ts.path()).scalar("PRAGMA user_version"), qint64(Store::kSchemaVersion));
    visitWithFlights(*ts.store, kNow.addSecs(10));
    auto again = ts.store->verifyJournal();
    QVERIFY(again && again->ok);
    QCOMPARE(again->records, 2);
    QCOMPARE(usedAt(*ts.store, 'a'), std::optional<QDateTime>(kNow.addSecs(10)));
}

void TestStore::upgradeFromSchema8RedownloadsTheCache()
{
    // Schema-8 terminals stored some records with another record's E-pass body or tiers (the sliced feed apply):
    // the upgrade re-downloads the whole cache once, without moving the cursor the usage counts rely on.
    TempStore ts;
    QVERIFY(ts.open());
    QVERIFY(!seed(*ts.store).isEmpty()); // cursor 7
    {
        ChangePage page;
        page.cursor = 20;
        page.memberships = {membership(QStringLiteral("M2"), QStringLiteral("P"), nullptr)};
        QVERIFY(ts.store->applyChangePage(page));
    }
    ts.store.reset();
    QCOMPARE(RawConnection(ts.path()).exec("PRAGMA user_version=8;"), SQLITE_OK);

    QVERIFY(ts.open());
    QCOMPARE(RawConnection(ts.path()).scalar("PRAGMA user_version"), qint64(Store::kSchemaVersion));
    QCOMPARE(*ts.store->cursor(), 20);
    QCOMPARE(*ts.store->feedPosition(), 0); // the next download starts from the beginning
    QCOMPARE(*ts.store->count(QStringLiteral("memberships")), 2); // still answering meanwhile

    // A page of the re-download below the old cursor: its rows are written, the cursor stays.
    ChangePage early;
    early.cursor = 10;
    Membership again = membership(QStringLiteral("M1"), QStringLiteral("P"), nullptr);
    again.holderName = QStringLiteral("Rewritten Holder");
    early.memberships = {again};
    QVERIFY(ts.store->applyChangePage(early));
    QCOMPARE(*ts.store->cursor(), 20);
    QCOMPARE(*ts.store->feedPosition(), 10);
    QCOMPARE((*ts.store->membershipById(QStringLiteral("M1")))->holderName, QStringLiteral("Rewritten Holder"));

    // Reopening in the middle resumes where the re-download was.
    ts.store.reset();
    QVERIFY(ts.open());
    QCOMPARE(*ts.store->feedPosition(), 10);
    QCOMPARE(*ts.store->cursor(), 20);

    // The page that reaches the old cursor ends it: from then on the feed position is the cursor again.
    ChangePage last;
    last.cursor = 25;
    QVERIFY(ts.store->applyChangePage(last));
    QCOMPARE(*ts.store->cursor(), 25);
    QCOMPARE(*ts.store->feedPosition(), 25);
    QCOMPARE(*ts.store->setting(QStringLiteral("refetch")), std::nullopt);
}

void TestStore::neverSyncedCacheHasNothingToRedownload()
{
    TempStore ts;
    QVERIFY(ts.open());
    ts.store.reset();
    QCOMPARE(RawConnection(ts.path()).exec("PRAGMA user_version=8;"), SQLITE_OK);
    QVERIFY(ts.open());
    QCOMPARE(*ts.store->setting(QStringLiteral("refetch")), std::nullopt);
    QCOMPARE(*ts.store->feedPosition(), 0);
}

void TestStore::preEncodedColumnsMustBeParallel()
{
    // A page whose pre-encoded E-pass bodies are not one per E-pass is refused whole: no record is stored with
    // another one's body, and the cursor does not move.
    TempStore ts;
    QVERIFY(ts.open());
    QVERIFY(!seed(*ts.store).isEmpty()); // cursor 7
    ChangePage page;
    page.cursor = 8;
    page.memberships = {membership(QStringLiteral("M2"), QStringLiteral("P"), nullptr),
                        membership(QStringLiteral("M3"), QStringLiteral("P"), nullptr)};
    page.membershipTiers = {QByteArray("[]")}; // one for two memberships
    auto r = ts.store->applyChangePage(page);
    QVERIFY(!r);
    QVERIFY(r.error().code == ErrorCode::Internal);
    QCOMPARE(*ts.store->cursor(), 7);
    QCOMPARE(*ts.store->membershipById(QStringLiteral("M2")), std::nullopt);
}

void TestStore::usedAndLastUseAsTheStatementBefore()
{
    // Issue 16 (fourth round): usedAndLastUse() finds the journal's rows of a credential with one index probe
    // instead of two. Compared with the statement kept as it was before the fourth round (Store::usedAndLastUseBefore,
    // kUsedAndLastUseBefore). Random journals (fixed seed) of every kind of row the columns allow: every state,
    // acknowledged or not past the cursor, voided or not, at this resource or another, `uses` with matching and other
    // modules, periods and pools, odd JSON (an object, scalars, nulls, counts as text or fractions, malformed text),
    // times as integers and (written by hand) as text or fractions; after every round of new rows, every credential,
    // module, period, resource and list of pools is asked both ways: the same counts, the same last use, the same
    // failure.
    TempStore ts;
    QVERIFY(ts.open());
    Store& store = *ts.store;
    QRandomGenerator rng(20261128);
    const QStringList creds {QStringLiteral("M:M1"), QStringLiteral("M:M2"), QStringLiteral("M:M3"),
                             QStringLiteral("E:E1"), QStringLiteral("E:E2")};
    // Usage rows only (never in the journal), and asked but never written (no row anywhere).
    const QStringList usageOnly {QStringLiteral("E:E9")};
    const QStringList askedOnly {QStringLiteral("M:M9")};
    const QStringList modules {QStringLiteral("LOUNGE"), QStringLiteral("FASTTRACK")};
    const QStringList periods {QStringLiteral("V"), QStringLiteral("Y2026"), QStringLiteral("M2026-03")};
    const QStringList resources {QStringLiteral("R1"), QStringLiteral("R2")};
    const QStringList poolNames {QStringLiteral("CARDHOLDER"), QStringLiteral("GUEST"), QStringLiteral("SHARED"),
                                 QStringLiteral("USAGES"), QStringLiteral("cardholder")};
    const QStringList states {QStringLiteral("pending"), QStringLiteral("uploaded"), QStringLiteral("acknowledged"),
                              QStringLiteral("rejected")};
    const QList<QList<Pool>> poolLists {
        {}, {Pool::Usages}, {Pool::Cardholder, Pool::Guest, Pool::Shared}, {Pool::Shared, Pool::Cardholder}};
    const auto pick = [&](const QStringList& from) { return from.at(int(rng.bounded(int(from.size())))); };
    const auto quoted = [](const QString& text) { return QStringLiteral("'") + text + QStringLiteral("'"); };
    const auto useJson = [&] {
        const int kind = int(rng.bounded(20));
        switch (kind) {
        case 0:
            return QStringLiteral("[]");
        case 1:
            return QStringLiteral("[5, null, \"x\"]");
        case 2:
            return QStringLiteral("{\"module\":\"LOUNGE\",\"period\":\"V\",\"pool\":\"USAGES\",\"count\":1}");
        case 3:
            return QStringLiteral("[{\"module\":\"LOUNGE\",\"period\":\"V\",\"pool\":null,\"count\":1}]");
        case 4:
            return QStringLiteral("[{\"module\":\"LOUNGE\",\"period\":\"V\",\"pool\":\"USAGES\",\"count\":\"2\"},"
                                  "{\"module\":\"LOUNGE\",\"period\":\"V\",\"pool\":\"USAGES\",\"count\":1.5}]");
        default:
            break;
        }
        QStringList items;
        for (int i = int(rng.bounded(4)); i > 0; --i) {
            items << QStringLiteral("{\"count\":%1,\"module\":\"%2\",\"period\":\"%3\",\"pool\":\"%4\"}")
                         .arg(int(rng.bounded(6)) - 2)
                         .arg(pick(modules), pick(periods), pick(poolNames));
        }
        return QLatin1Char('[') + items.join(QLatin1Char(',')) + QLatin1Char(']');
    };
    QStringList ids;
    int asked = 0;
    int withLastUse = 0;
    int counted = 0;
    int failed = 0;
    // What each asked credential had: neither a usage row (module, period) nor a journal row (the short answer),
    // only one of them, both.
    int withNeither = 0;
    int withUsageOnly = 0;
    int withJournalOnly = 0;
    int withBoth = 0;
    for (int round = 0; round < 60; ++round) {
        auto tx = store.beginWrite();
        QVERIFY(tx);
        if (rng.bounded(4) == 0) {
            QVERIFY(store.database().exec(QStringLiteral("DELETE FROM meta WHERE key='cursor'")));
        } else {
            QVERIFY(
                store.database().exec(QStringLiteral("INSERT OR REPLACE INTO meta(key, value) VALUES('cursor', ?1)"),
                                      QString::number(rng.bounded(12))));
        }
        for (int n = int(rng.bounded(4)); n > 0; --n) {
            QVERIFY(store.database().exec(
                QStringLiteral(
                    "INSERT OR REPLACE INTO usage(cred, module, pool, period, used) VALUES(?1, ?2, ?3, ?4, ?5)"),
                pick(creds + usageOnly), pick(modules), pick(poolNames), pick(periods), int(rng.bounded(9))));
        }
        // Malformed `uses` on a rejected row is never parsed: every answer stands (rounds 14, 29, 44). On a row that
        // counts it fails both ways (the last round only, or every later answer for that credential would fail).
        const bool malformedRound = round % 15 == 14;
        for (int n = 1 + int(rng.bounded(5)); n > 0; --n) {
            const QString id = QStringLiteral("id-%1").arg(ids.size());
            const bool isVoid = !ids.isEmpty() && rng.bounded(6) == 0;
            const bool malformed = malformedRound && n == 1;
            QString at = QString::number(1700000000000 + qint64(rng.bounded(50)) * 1000);
            const int oddTime = int(rng.bounded(12));
            if (oddTime == 0) {
                at = quoted(QStringLiteral("later"));
            } else if (oddTime == 1) {
                at = QStringLiteral("1700000049000.5");
            }
            const QString serverSeq = rng.bounded(3) == 0 || (malformed && round == 59)
                ? QStringLiteral("NULL")
                : QString::number(rng.bounded(12));
            QString uses = useJson();
            if (malformed) {
                uses = QStringLiteral("[{\"module\":");
            }
            // Items whose value is not JSON text ("x", an object's members) fail json_extract: on rejected rows only
            // before the last round, as the malformed text.
            const bool failsToParse
                = malformed || uses.startsWith(QLatin1Char('{')) || uses.contains(QLatin1String("\"x\""));
            const QString state = !failsToParse ? pick(states)
                : round < 59                    ? QStringLiteral("rejected")
                                                : QStringLiteral("pending");
            const QString sql
                = QStringLiteral("INSERT INTO journal(id, kind, voids, cred, resource, terminal, staff, party, uses, "
                                 "at_ms, clock_source, verdict, reason, state, server_seq, hash) VALUES(%1, %2, %3, "
                                 "%4, %5, 'T', 'S', 1, %6, %7, 'system', 'accept', 'OK', %8, %9, X'00')")
                      .arg(quoted(id), quoted(isVoid ? QStringLiteral("void") : QStringLiteral("redeem")),
                           isVoid ? quoted(ids.at(int(rng.bounded(int(ids.size()))))) : QStringLiteral("NULL"),
                           quoted(pick(creds)), quoted(pick(resources)), quoted(uses), at, quoted(state), serverSeq);
            QVERIFY2(store.database().execScript(sql), qPrintable(sql));
            ids << id;
        }
        QVERIFY(tx->commit());
        for (const QString& cred : creds + usageOnly + askedOnly) {
            const CredentialRef ref = *CredentialRef::fromKey(cred);
            const int journalRows
                = *store.database().queryValue<int>(QStringLiteral("SELECT count(*) FROM journal WHERE cred=?1"), cred);
            for (const QString& module : modules) {
                for (const QString& period : periods) {
                    const int usageRows = *store.database().queryValue<int>(
                        QStringLiteral("SELECT count(*) FROM usage WHERE cred=?1 AND module=?2 AND period=?3"), cred,
                        module, period);
                    for (const QString& resource : resources + QStringList {QString()}) {
                        for (const QList<Pool>& pools : poolLists) {
                            const auto now = store.usedAndLastUse(ref, module, pools, period, resource);
                            const auto before = store.usedAndLastUseBefore(ref, module, pools, period, resource);
                            const QString what = QStringLiteral("round %1, %2 %3 %4 at '%5'")
                                                     .arg(round)
                                                     .arg(cred, module, period, resource);
                            QVERIFY2(bool(now) == bool(before), qPrintable(what));
                            ++asked;
                            withNeither += usageRows == 0 && journalRows == 0;
                            withUsageOnly += usageRows > 0 && journalRows == 0;
                            withJournalOnly += usageRows == 0 && journalRows > 0;
                            withBoth += usageRows > 0 && journalRows > 0;
                            if (!now) {
                                ++failed;
                                continue;
                            }
                            QVERIFY2(now->used == before->used, qPrintable(what));
                            QVERIFY2(now->lastUse == before->lastUse, qPrintable(what));
                            QCOMPARE(now->used.size(), pools.size());
                            withLastUse += now->lastUse.has_value();
                            counted += std::any_of(now->used.begin(), now->used.end(), [](int v) { return v != 0; });
                        }
                    }
                }
            }
        }
    }
    // The random journals exercised every branch: answers with and without a last use and counts, and failures.
    QVERIFY(asked > 10000);
    QVERIFY(withLastUse > asked / 10);
    QVERIFY(counted > asked / 10);
    // Every path of the test for rows first was taken, many times.
    QVERIFY2(withNeither > 100 && withUsageOnly > 100 && withJournalOnly > 100 && withBoth > 100,
             qPrintable(QStringLiteral("neither %1, usage only %2, journal only %3, both %4")
                            .arg(withNeither)
                            .arg(withUsageOnly)
                            .arg(withJournalOnly)
                            .arg(withBoth)));
    QVERIFY2(failed > 0 && failed < asked / 2,
             qPrintable(QStringLiteral("%1 of %2 failed, %3 with a last use, %4 counted")
                            .arg(failed)
                            .arg(asked)
                            .arg(withLastUse)
                            .arg(counted)));
}

void TestStore::cachePagesComeFromTheReservedMemory()
{
    // Issue 16 (seventh round): the process's first Store::open with Options::reservePageCache (initTestCase, as the
    // kiosk's store worker) gives SQLite's page caches memory faulted in at once, so a cache that grows takes pages
    // from it instead of fresh heap pages (each a page fault in the read that first needs it). Room for the store's
    // 64 MiB cache and a live reader's 8 MiB; every page this store reads is in it.
    TempStore ts;
    QVERIFY(ts.open());
    const auto reserve = sqlite::Database::pageCacheReserve();
    QVERIFY2(reserve.slotCount >= (65536 + 8192) / 4, qPrintable(QString::number(reserve.slotCount)));
    QVERIFY(reserve.slotBytes > 4096);
    QCOMPARE(reserve.bytes, qint64(reserve.slotCount) * reserve.slotBytes);
    int usedBefore = 0;
    int highwater = 0;
    QCOMPARE(sqlite3_status(SQLITE_STATUS_PAGECACHE_USED, &usedBefore, &highwater, 0), SQLITE_OK);
    QVERIFY(usedBefore > 0); // the open read the schema through it
    QVERIFY(ts.store->database().execScript(
        QStringLiteral("CREATE TABLE filler(x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                       "WHERE i < 1000) INSERT INTO filler SELECT randomblob(1000) FROM n;")));
    QCOMPARE(*ts.store->database().queryValue<int>(QStringLiteral("SELECT count(*) FROM filler")), 1000);
    int usedAfter = 0;
    QCOMPARE(sqlite3_status(SQLITE_STATUS_PAGECACHE_USED, &usedAfter, &highwater, 0), SQLITE_OK);
    QVERIFY2(usedAfter >= usedBefore + 200, qPrintable(QStringLiteral("%1 -> %2").arg(usedBefore).arg(usedAfter)));
    int overflowBytes = 0;
    QCOMPARE(sqlite3_status(SQLITE_STATUS_PAGECACHE_OVERFLOW, &overflowBytes, &highwater, 0), SQLITE_OK);
    QCOMPARE(overflowBytes, 0); // no page of this process's stores came from the heap
}

void TestStore::liveReaderCacheHoldsTheUpperLevels()
{
    // Issue 16 (seventh round): the desk's check connection (a live reader) keeps an 8 MiB page cache (SQLite's
    // default is 2,000 KiB): the upper levels of the code indexes and tables and the small tables a validation reads
    // besides stay in it, so a validation met first reads ~2.3 pages from the file instead of ~3.8. The writer keeps
    // its 64 MiB; a read-only open that is not a live reader (evidence, read-only media) SQLite's default.
    TempStore ts;
    QVERIFY(ts.open());
    QCOMPARE(*ts.store->database().queryValue<int>(QStringLiteral("PRAGMA cache_size")), -65536);
    Store::Options live;
    live.readOnly = true;
    live.liveReader = true;
    auto reader = Store::open(ts.path(), live);
    QVERIFY(reader);
    QCOMPARE(*(*reader)->database().queryValue<int>(QStringLiteral("PRAGMA cache_size")), -8192);
    reader->reset();
    ts.store.reset();
    Store::Options readOnly;
    readOnly.readOnly = true;
    auto plain = Store::open(ts.path(), readOnly);
    QVERIFY(plain);
    QCOMPARE(*(*plain)->database().queryValue<int>(QStringLiteral("PRAGMA cache_size")), -2000);
    // The reserve has room for both caches at once.
    QVERIFY(sqlite::Database::pageCacheReserve().slotCount >= (65536 + 8192) / 4);
}

void TestStore::feedWriteThatCannotRestoreFullCommitsNothingAtNormal()
{
    // A feed write (Store::FeedWrite) runs at synchronous=NORMAL and sets FULL again when it ends. If that fails (here:
    // a transaction is still open, in which PRAGMA synchronous cannot change), nothing may commit at NORMAL unnoticed:
    // such a commit is rolled back with an error, and the next write transaction sets FULL before it begins.
    TempStore ts;
    QVERIFY(ts.open());
    Store& store = *ts.store;
    QCOMPARE(*store.synchronousLevel(), 2);
    {
        auto feed = store.beginFeedWrite();
        QVERIFY2(feed, feed ? "" : qPrintable(feed.error().toString()));
        QCOMPARE(*store.synchronousLevel(), 1);
        QVERIFY(!store.beginFeedWrite()); // one at a time
        QVERIFY(store.database().execScript(QStringLiteral("BEGIN IMMEDIATE")));
        QVERIFY(store.setSetting(QStringLiteral("probe"), QStringLiteral("1"))); // joins the open transaction
    } // the feed write ends inside it: FULL cannot be set
    QCOMPARE(*store.synchronousLevel(), 1);
    const auto commit = store.database().execScript(QStringLiteral("COMMIT"));
    QVERIFY2(!commit, "a commit at NORMAL outside a feed write went through");
    QVERIFY(sqlite3_get_autocommit(store.database().handle())); // rolled back
    QVERIFY(!store.setting(QStringLiteral("probe"))->has_value());
    // The next write sets FULL first, then commits.
    QVERIFY(store.setSetting(QStringLiteral("probe"), QStringLiteral("2")));
    QCOMPARE(*store.synchronousLevel(), 2);
    QCOMPARE(**store.setting(QStringLiteral("probe")), QStringLiteral("2"));
    // A feed write cannot begin inside a transaction (the level could not change there).
    {
        auto tx = store.beginWrite();
        QVERIFY(tx);
        QVERIFY(!store.beginFeedWrite());
    }
    QCOMPARE(*store.synchronousLevel(), 2);
}

void TestStore::walStaysBoundedWithoutADownload()
{
    // An offline desk (no feed page ever ends) and a page that never ended (a download stopped mid-page) still
    // checkpoint: the WAL file stays within its bound plus one transaction, however many writes follow.
    for (const bool pageLeftOpen : {false, true}) {
        QTemporaryDir dir;
        Store::Options options;
        options.checkpointFrames = 20;
        options.checkpointFramesMidPage = 60;
        auto opened = Store::open(dir.filePath(QStringLiteral("c.sqlite")), options);
        QVERIFY(opened);
        Store& store = **opened;
        if (pageLeftOpen) {
            auto feed = store.beginFeedWrite(); // a page's first slice, never its end
            QVERIFY(feed);
            QVERIFY(store.setSetting(QStringLiteral("slice"), QStringLiteral("1")));
        }
        for (int i = 0; i < 300; ++i) {
            QVERIFY(store.setSetting(QStringLiteral("k%1").arg(i % 7), QString::number(i)));
        }
        const qint64 frame = 24 + 4096; // header + page
        const qint64 bound = (pageLeftOpen ? 60 : 20) + 10; // frames, one write's worth of slack
        const qint64 wal = QFileInfo(dir.filePath(QStringLiteral("c.sqlite-wal"))).size();
        QVERIFY2(wal <= 32 + bound * frame, qPrintable(QStringLiteral("WAL %1 bytes").arg(wal)));
    }
}

void TestStore::pageEndCheckpointWaitsForAWaitingRequest()
{
    // A feed page's last commit that would checkpoint does not while a request someone waits for is queued
    // (setCheckpointDeferral, the desk's worker): the checkpoint is owed to the next page end, and the commits between
    // (the visit that request records, at FULL) do not carry it either.
    QTemporaryDir dir;
    Store::Options options;
    options.checkpointFrames = 20;
    options.checkpointFramesMidPage = 100000;
    auto opened = Store::open(dir.filePath(QStringLiteral("c.sqlite")), options);
    QVERIFY(opened);
    Store& store = **opened;
    bool waiting = true;
    store.setCheckpointDeferral([&] { return waiting; });
    std::vector<Store::CommitInfo> commits;
    store.setCommitObserver([&](const Store::CommitInfo& c) { commits.push_back(c); });
    const QString big(3000, QLatin1Char('x')); // about a page per row
    auto page = [&](int n) {
        auto feed = store.beginFeedWrite();
        QVERIFY(feed);
        auto tx = store.beginWrite();
        QVERIFY(tx);
        for (int i = 0; i < 30; ++i) {
            QVERIFY(store.setSetting(QStringLiteral("page%1-%2").arg(n).arg(i), big));
        }
        feed->endsPage();
        QVERIFY(tx->commit());
    };
    page(1);
    QVERIFY(!commits.empty());
    QVERIFY2(commits.back().walFrames >= 20, qPrintable(QString::number(commits.back().walFrames)));
    QCOMPARE(commits.back().checkpointNs, qint64(0)); // put off: a request waits
    QVERIFY(commits.back().checkpointOwed);
    waiting = false;
    QVERIFY(store.setSetting(QStringLiteral("visit"), big)); // the request's own write, at FULL, between two pages
    QCOMPARE(commits.back().checkpointNs, qint64(0)); // not carried by it
    page(2);
    QVERIFY2(commits.back().checkpointNs > 0, "the next page end did not checkpoint");
    QCOMPARE(store.checkpointsDeferred(), 1);
    QCOMPARE(*store.integrityCheck(), QStringLiteral("ok"));
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
