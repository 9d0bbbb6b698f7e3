// The feed page reader of the initial sync (protocol::readFeedPageFast, tried first by FeedReply::decode) against the
// general path (FeedReply::decodeGeneral: parseStrict + changePageFromJson). Every body here goes through both: what
// the general path accepts, decode must give as the same page; what it refuses, decode must refuse with the same
// detail, and the fast reader must never have accepted it. The `fast` column says whether the one-pass reader reads
// the body itself (the plain pages central sends) or declines it to the general path, so a change that silently
// sends every page the slow way also fails here.
#include "FeedPageReader.h"
#include "Json.h"
#include "StoredColumns.h"
#include "StoredJson.h"
#include "Wire.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QTimeZone>
#include <QtTest>

using namespace lounge;

Q_DECLARE_METATYPE(lounge::core::EPass)

namespace {

core::Membership membership(int i)
{
    core::Membership m;
    m.id = QStringLiteral("BM-%1").arg(i);
    m.number = QStringLiteral("7000%1").arg(i);
    m.holderName = QStringLiteral("Member %1").arg(i);
    m.tiers = {core::TierAssignment {QStringLiteral("GOLD"), {}}};
    m.status = core::MembershipStatus::Active;
    m.validFrom = QDate(2026, 1, 1);
    m.validTo = QDate(2026, 12, 31);
    m.codeHash = QCryptographicHash::hash(m.id.toUtf8(), QCryptographicHash::Sha256);
    return m;
}

core::EPass ePass(int i)
{
    core::EPass e;
    e.id = QStringLiteral("BE-%1").arg(i);
    e.module = QStringLiteral("LOUNGE");
    e.firstName = QStringLiteral("Ann");
    e.lastName = QStringLiteral("Last %1").arg(i);
    e.usages = 3;
    e.activation = QDate(2026, 11, 1);
    e.expiration = QDate(2026, 12, 31);
    e.codeHash = QCryptographicHash::hash(e.id.toUtf8(), QCryptographicHash::Sha256);
    return e;
}

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/// A feed body as central writes it: the envelope, then the stored record bodies spliced in.
QByteArray page(const QByteArrayList& members, const QByteArrayList& passes, qint64 cursor = 42)
{
    protocol::FeedReply r;
    r.page.cursor = cursor;
    r.more = true;
    r.scanned = int(members.size() + passes.size());
    r.remaining = 1000;
    r.serverTime = QDateTime(QDate(2026, 11, 28), QTime(2, 0), Qt::UTC);
    QByteArrayList lists;
    if (!members.isEmpty()) {
        lists << "\"memberships\":[" + members.join(',') + ']';
    }
    if (!passes.isEmpty()) {
        lists << "\"ePasses\":[" + passes.join(',') + ']';
    }
    r.encodedRecords = lists.join(',');
    return r.encode();
}

QByteArray m0()
{
    return compact(core::json::toJson(membership(0)));
}

QByteArray e0()
{
    return compact(core::json::toJson(ePass(0)));
}

/// `text` with the first `from` replaced by `to`.
QByteArray edit(QByteArray text, const QByteArray& from, const QByteArray& to)
{
    const qsizetype at = text.indexOf(from);
    Q_ASSERT(at >= 0);
    return text.replace(at, from.size(), to);
}

} // namespace

class TestFeedPageReader : public QObject
{
    Q_OBJECT

private slots:
    void sameAsGeneral_data();
    void sameAsGeneral();
    void pageOfFiveThousandReadByHand();
    void ePassBodyAsTheStoreWritesIt_data();
    void ePassBodyAsTheStoreWritesIt();
    void pageColumnsAsTheStoreWritesThem();
};

void TestFeedPageReader::sameAsGeneral_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("fast"); // read by the one-pass reader itself (else declined to the general path)

    core::Membership full = membership(1);
    full.number.clear();
    full.tiers = {core::TierAssignment {QStringLiteral("GOLD"), QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC)},
                  core::TierAssignment {QStringLiteral("CLASSIC"), QDateTime()}};
    full.status = core::MembershipStatus::Suspended;
    core::EPass scoped = ePass(1);
    scoped.scope.resourceIds = {QStringLiteral("HKG-T1"), QStringLiteral("HKG-T2")};
    scoped.scope.airports = {QStringLiteral("HKG")};
    scoped.status = core::EPassStatus::Revoked;
    core::EPass travel = ePass(2);
    travel.travel.compartments = {QStringLiteral("J")};
    core::Membership overrides = membership(2);
    core::EntitlementOverride remove;
    remove.op = core::EntitlementOverride::Op::Remove;
    remove.module = QStringLiteral("SPA");
    overrides.overrides = {remove};
    core::Membership arabic = membership(3);
    arabic.holderName = QStringLiteral("ليلى 李 😀 Ünal");

    // Read by hand.
    QTest::newRow("plain page") << page({m0(), compact(core::json::toJson(membership(9)))}, {e0()}) << true;
    QTest::newRow("empty page") << page({}, {}) << true;
    QTest::newRow("empty lists") << QByteArray(R"({"cursor":7,"memberships":[],"ePasses":[],"more":false})") << true;
    QTest::newRow("only the cursor") << QByteArray(R"({"cursor":0})") << true;
    QTest::newRow("no number, two tiers, suspended") << page({compact(core::json::toJson(full))}, {}) << true;
    QTest::newRow("scope lists, revoked") << page({}, {compact(core::json::toJson(scoped))}) << true;
    QTest::newRow("non-ASCII names") << page({compact(core::json::toJson(arabic))}, {}) << true;
    QTest::newRow("indented") << QJsonDocument::fromJson(page({m0()}, {e0()})).toJson(QJsonDocument::Indented) << true;
    QTest::newRow("cursor 2^53") << QByteArray(R"({"cursor":9007199254740992,"memberships":[]})") << true;
    QTest::newRow("upper-case hex") << page({edit(m0(), "\"codeHash\":\"", "\"codeHash\":\"AB")}, {}) << true;

    // One record read by the general path, the rest by hand: the same page.
    QTest::newRow("overrides") << page({m0(), compact(core::json::toJson(overrides))}, {e0()}) << true;
    QTest::newRow("travel") << page({m0()}, {compact(core::json::toJson(travel)), e0()}) << true;
    QTest::newRow("escaped name") << page({edit(m0(), "Member 0", "Mem\\u0062er \\\"0\\\"")}, {}) << true;
    QTest::newRow("unknown record field") << page({edit(m0(), "{", "{\"newField\":{\"x\":[1,2]},")}, {}) << true;
    QTest::newRow("null number") << page({edit(m0(), "\"number\":\"70000\"", "\"number\":null")}, {}) << true;
    QTest::newRow("usages 3e0") << page({}, {edit(e0(), "\"usages\":3", "\"usages\":3e0")}) << true;
    QTest::newRow("usages 3.0") << page({}, {edit(e0(), "\"usages\":3", "\"usages\":3.0")}) << true;
    QTest::newRow("empty validFrom") << page({edit(m0(), "\"validFrom\":\"2026-01-01\"", "\"validFrom\":\"\"")}, {})
                                     << true;
    QTest::newRow("odd-length codeHash (fromHex is lenient)")
        << page({edit(m0(), "\"codeHash\":\"", "\"codeHash\":\"a")}, {}) << true;
    QTest::newRow("no codeHash") << QByteArray(
        R"({"cursor":1,"memberships":[{"id":"M","holderName":"H",)"
        R"("status":"ACTIVE","validFrom":"2026-01-01","validTo":"2026-01-02"}]})")
                                 << true;
    QTest::newRow("nested 29 deep in a record (the limit)")
        << page({edit(m0(), "{", "{\"x\":" + QByteArray(29, '[') + QByteArray(29, ']') + ',')}, {}) << true;
    // Qt's parser takes a raw tab in a string (the general path accepts it, so the record goes that way).
    QTest::newRow("raw control character") << page({edit(m0(), "Member 0", "Member\t0")}, {}) << true;
    QTest::newRow("noncharacter U+FFFF") << page({edit(m0(), "Member 0", "Member \xef\xbf\xbf")}, {}) << true;

    // Declined as a whole: the general path reads the page.
    QTest::newRow("resources") << QByteArray(R"({"cursor":3,"resources":[],"memberships":[]})") << false;
    QTest::newRow("deleted") << QByteArray(R"({"cursor":3,"deleted":{"ePasses":["E-1"]}})") << false;
    QTest::newRow("unknown top-level key") << QByteArray(R"({"cursor":3,"future":1})") << false;
    QTest::newRow("null more") << QByteArray(R"({"cursor":3,"more":null})") << false;
    QTest::newRow("cursor 12.0") << QByteArray(R"({"cursor":12.0})") << false;
    QTest::newRow("leading whitespace") << QByteArray(" \n{\"cursor\":3}\n") << true;

    // Refused (by the general path; the fast reader must decline each).
    QTest::newRow("repeated top-level key") << QByteArray(R"({"cursor":3,"memberships":[],"cursor":4})") << false;
    QTest::newRow("repeated top-level key, escaped") << QByteArray(R"({"cursor":3,"\u0063ursor":4})") << false;
    QTest::newRow("repeated key in a membership") << page({edit(m0(), "{", "{\"id\":\"X\",")}, {}) << false;
    QTest::newRow("repeated key in an E-pass") << page({}, {edit(e0(), "{", "{\"usages\":4,")}) << false;
    QTest::newRow("repeated key in a tier")
        << page({edit(m0(), "{\"program\":\"GOLD\"", "{\"program\":\"GOLD\",\"program\":\"X\"")}, {}) << false;
    QTest::newRow("repeated key in a scope")
        << page({}, {edit(e0(), "\"airports\":[]", "\"airports\":[],\"airports\":[]")}) << false;
    QTest::newRow("bad UTF-8: stray continuation") << page({edit(m0(), "Member 0", "Member \x80")}, {}) << false;
    QTest::newRow("bad UTF-8: overlong") << page({edit(m0(), "Member 0", "Member \xc0\xaf")}, {}) << false;
    QTest::newRow("bad UTF-8: surrogate") << page({edit(m0(), "Member 0", "Member \xed\xa0\x80")}, {}) << false;
    QTest::newRow("bad UTF-8: past U+10FFFF") << page({edit(m0(), "Member 0", "Member \xf4\x90\x80\x80")}, {}) << false;
    QTest::newRow("bad UTF-8: cut short") << page({edit(m0(), "Member 0", "Member \xe6\x97")}, {}) << false;
    QTest::newRow("bad UTF-8 in a key") << page({edit(m0(), "{", "{\"\xff\":1,")}, {}) << false;
    QTest::newRow("cursor past 2^53") << QByteArray(R"({"cursor":9007199254740993,"memberships":[]})") << false;
    QTest::newRow("negative cursor") << QByteArray(R"({"cursor":-1})") << false;
    QTest::newRow("no cursor") << QByteArray(R"({"memberships":[]})") << false;
    QTest::newRow("cursor 1.") << QByteArray(R"({"cursor":1.})") << false;
    QTest::newRow("cursor 012") << QByteArray(R"({"cursor":012})") << false;
    QTest::newRow("more as a string") << QByteArray(R"({"cursor":1,"more":"true"})") << false;
    QTest::newRow("scanned past int") << QByteArray(R"({"cursor":1,"scanned":2147483648})") << false;
    QTest::newRow("bad serverTime") << QByteArray(R"({"cursor":1,"serverTime":"yesterday"})") << false;
    QTest::newRow("holderName a number") << page({edit(m0(), "\"Member 0\"", "5")}, {}) << false;
    QTest::newRow("no holderName") << page({edit(m0(), "\"holderName\":\"Member 0\",", "")}, {}) << false;
    QTest::newRow("unknown status") << page({edit(m0(), "ACTIVE", "ZOMBIE")}, {}) << false;
    QTest::newRow("month 13") << page({edit(m0(), "2026-12-31", "2026-13-31")}, {}) << false;
    QTest::newRow("usages 1.5") << page({}, {edit(e0(), "\"usages\":3", "\"usages\":1.5")}) << false;
    QTest::newRow("usages past int") << page({}, {edit(e0(), "\"usages\":3", "\"usages\":2147483648")}) << false;
    QTest::newRow("usages a string") << page({}, {edit(e0(), "\"usages\":3", "\"usages\":\"3\"")}) << false;
    QTest::newRow("scope not an object") << page({}, {edit(e0(), "\"scope\":{", "\"scope\":[{")}) << false;
    QTest::newRow("a record not an object") << QByteArray(R"({"cursor":1,"memberships":[1]})") << false;
    QTest::newRow("memberships not an array") << QByteArray(R"({"cursor":1,"memberships":{}})") << false;
    QTest::newRow("nested 30 deep in a record (past the limit)")
        << page({edit(m0(), "{", "{\"x\":" + QByteArray(30, '[') + QByteArray(30, ']') + ',')}, {}) << false;
    QTest::newRow("trailing garbage") << page({m0()}, {}) + "x" << false;
    QTest::newRow("truncated") << page({m0()}, {e0()}).chopped(3) << false;
    QTest::newRow("truncated inside a string") << page({m0()}, {}).left(40) << false;
    QTest::newRow("unterminated record") << QByteArray(R"({"cursor":1,"memberships":[{"id":"\"}]})") << false;
    QTest::newRow("two documents") << QByteArray(R"({"cursor":1}{"cursor":2})") << false;
    QTest::newRow("top level an array") << QByteArray(R"([{"cursor":1}])") << false;
    QTest::newRow("empty body") << QByteArray() << false;
}

void TestFeedPageReader::sameAsGeneral()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, fast);
    const auto general = protocol::FeedReply::decodeGeneral(body);
    const auto decoded = protocol::FeedReply::decode(body);
    const auto oneGo = protocol::readFeedPageFast(body);
    QCOMPARE(oneGo.has_value(), fast);
    if (!general) {
        QVERIFY(!decoded);
        QVERIFY(decoded.error().code == general.error().code);
        QCOMPARE(decoded.error().detail, general.error().detail);
        return;
    }
    QVERIFY2(decoded, qPrintable(decoded ? QString() : decoded.error().detail));
    const core::ChangePage& a = decoded->page;
    const core::ChangePage& b = general->page;
    QCOMPARE(a.cursor, b.cursor);
    QVERIFY(a.memberships == b.memberships);
    QVERIFY(a.ePasses == b.ePasses);
    QCOMPARE(a.ePassBodies, b.ePassBodies);
    QCOMPARE(a.membershipTiers, b.membershipTiers);
    QCOMPARE(a.membershipOverrides, b.membershipOverrides);
    QCOMPARE(a.resources.size(), b.resources.size());
    QCOMPARE(a.programs.size(), b.programs.size());
    QCOMPARE(a.deletedEPasses, b.deletedEPasses);
    QCOMPARE(decoded->more, general->more);
    QCOMPARE(decoded->scanned, general->scanned);
    QCOMPARE(decoded->remaining, general->remaining);
    QCOMPARE(decoded->serverTime, general->serverTime);
    QCOMPARE(decoded->bytes, general->bytes);
    // Byte for byte, null or not: the store binds these.
    for (qsizetype i = 0; i < a.memberships.size(); ++i) {
        QCOMPARE(a.memberships[i].codeHash.isEmpty(), b.memberships[i].codeHash.isEmpty());
        QCOMPARE(a.memberships[i].number.isNull(), b.memberships[i].number.isNull());
    }
}

void TestFeedPageReader::pageOfFiveThousandReadByHand()
{
    // What central sends during the initial sync, at the page size the engine asks for.
    QByteArrayList members;
    QByteArrayList passes;
    for (int i = 0; i < 5000; ++i) {
        members << compact(core::json::toJson(membership(i)));
        passes << compact(core::json::toJson(ePass(i)));
    }
    const QByteArray body = page(members, passes);
    const auto fast = protocol::readFeedPageFast(body);
    QVERIFY(fast);
    const auto general = protocol::FeedReply::decodeGeneral(body);
    QVERIFY(general);
    QCOMPARE(fast->page.memberships.size(), 5000);
    QVERIFY(fast->page.memberships == general->page.memberships);
    QVERIFY(fast->page.ePasses == general->page.ePasses);
}

void TestFeedPageReader::ePassBodyAsTheStoreWritesIt_data()
{
    QTest::addColumn<core::EPass>("e");
    QTest::addColumn<bool>("direct"); // written by protocol::writeEPassBody (else left to the store's function)
    const auto with = [](auto change) {
        core::EPass e = ePass(7);
        change(e);
        return e;
    };
    QTest::newRow("plain") << ePass(7) << true;
    QTest::newRow("scope lists") << with([](core::EPass& e) {
        e.scope.resourceIds = {QStringLiteral("HKG-T1"), QStringLiteral("HKG-T2")};
        e.scope.airports = {QStringLiteral("HKG")};
    }) << true;
    QTest::newRow("revoked, usages 0") << with([](core::EPass& e) {
        e.status = core::EPassStatus::Revoked;
        e.usages = 0;
    }) << true;
    QTest::newRow("usages negative and large") << with([](core::EPass& e) { e.usages = -2147483647 - 1; }) << true;
    QTest::newRow("non-ASCII") << with([](core::EPass& e) {
        e.firstName = QStringLiteral("ليلى");
        e.lastName = QStringLiteral("李 Ünal €");
    }) << true;
    QTest::newRow("empty and null strings") << with([](core::EPass& e) {
        e.firstName = QLatin1String("");
        e.lastName = QString();
        e.module = QString();
    }) << true;
    QTest::newRow("year 999 and 9999") << with([](core::EPass& e) {
        e.activation = QDate(999, 1, 2);
        e.expiration = QDate(9999, 12, 31);
    }) << true;
    QTest::newRow("no codeHash") << with([](core::EPass& e) { e.codeHash.clear(); }) << true;
    QTest::newRow("emoji (surrogates)") << with([](core::EPass& e) { e.lastName = QStringLiteral("Ann 😀"); }) << false;
    QTest::newRow("quote") << with([](core::EPass& e) { e.lastName = QStringLiteral("O\"Neil"); }) << false;
    QTest::newRow("backslash") << with([](core::EPass& e) { e.id = QStringLiteral("E\\1"); }) << false;
    QTest::newRow("tab") << with([](core::EPass& e) { e.firstName = QStringLiteral("A\tB"); }) << false;
    QTest::newRow("DEL and U+0080") << with([](core::EPass& e) {
        e.firstName = QStringLiteral("A") + QChar(0x7F) + QChar(0x80);
    }) << true;
    QTest::newRow("travel") << with([](core::EPass& e) { e.travel.carriers = {QStringLiteral("CX")}; }) << false;
    QTest::newRow("invalid date") << with([](core::EPass& e) { e.activation = QDate(); }) << false;
    QTest::newRow("year 10000") << with([](core::EPass& e) { e.expiration = QDate(10000, 1, 1); }) << false;
}

void TestFeedPageReader::ePassBodyAsTheStoreWritesIt()
{
    QFETCH(core::EPass, e);
    QFETCH(bool, direct);
    const QByteArray written = protocol::writeEPassBody(e);
    QCOMPARE(!written.isNull(), direct);
    if (direct) {
        QCOMPARE(written, core::json::storedEPassBody(e));
    }
    core::ChangePage page;
    page.ePasses = {ePass(1), e};
    protocol::encodeStoredColumns(page);
    QCOMPARE(page.ePassBodies.size(), 2);
    QCOMPARE(page.ePassBodies[1], core::json::storedEPassBody(e));
}

void TestFeedPageReader::pageColumnsAsTheStoreWritesThem()
{
    // A page's columns through the reader's writer and its list cache, against the store's own functions.
    core::ChangePage page;
    for (int i = 0; i < 40; ++i) {
        core::Membership m = membership(i);
        if (i % 3 == 1) {
            m.tiers = {core::TierAssignment {QStringLiteral("CLASSIC"), {}}};
        }
        if (i % 5 == 2) {
            // The same instant in another zone: equal values, the same UTC text.
            m.tiers.append({QStringLiteral("GOLD"), QDateTime(QDate(2026, 3, 1), QTime(8, 0), QTimeZone(28800))});
        }
        if (i % 7 == 3) {
            core::EntitlementOverride o;
            o.op = core::EntitlementOverride::Op::Remove;
            o.module = i % 2 ? QStringLiteral("SPA") : QStringLiteral("LOUNGE");
            m.overrides = {o};
        }
        page.memberships << m;
        core::EPass e = ePass(i);
        if (i % 4 == 0) {
            e.lastName = QStringLiteral("Ünal \"%1\"").arg(i);
        }
        page.ePasses << e;
    }
    protocol::encodeStoredColumns(page);
    QCOMPARE(page.ePassBodies.size(), page.ePasses.size());
    QCOMPARE(page.membershipTiers.size(), page.memberships.size());
    for (qsizetype i = 0; i < page.ePasses.size(); ++i) {
        QCOMPARE(page.ePassBodies[i], core::json::storedEPassBody(page.ePasses[i]));
        QCOMPARE(page.membershipTiers[i], core::json::storedJson(core::json::toJson(page.memberships[i].tiers)));
        QCOMPARE(page.membershipOverrides[i],
                 core::json::storedJson(core::json::toJson(page.memberships[i].overrides)));
    }
}

QTEST_GUILESS_MAIN(TestFeedPageReader)
#include "tst_feedpagereader.moc"
