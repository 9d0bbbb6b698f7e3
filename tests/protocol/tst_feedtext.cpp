// The initial sync keeps the records' JSON as central sent it (protocol::FeedReply::decode → ChangePage's
// as-received columns → Store::applyChangePage) instead of encoding every record again. What the terminal stores must
// not change: every page here is applied twice, as decoded and with the received text dropped (the store encodes),
// into two real SQLite files, and the stored columns are compared byte for byte, with their SQLite types.
#include "CanonicalJson.h"
#include "Json.h"
#include "Store.h"
#include "Wire.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace lounge;

namespace {

core::EPass ePass(const QString& id, const QString& lastName)
{
    core::EPass e;
    e.id = id;
    e.module = QStringLiteral("LOUNGE");
    e.firstName = QStringLiteral("Ann");
    e.lastName = lastName;
    e.usages = 3;
    e.activation = QDate(2026, 11, 1);
    e.expiration = QDate(2026, 12, 31);
    e.scope.resourceIds = {QStringLiteral("HKG-T1")};
    e.codeHash = QCryptographicHash::hash(id.toUtf8(), QCryptographicHash::Sha256);
    return e;
}

core::Membership membership(const QString& id, const QString& holder)
{
    core::Membership m;
    m.id = id;
    m.number = QStringLiteral("7000") + id;
    m.holderName = holder;
    m.tiers = {core::TierAssignment {QStringLiteral("GOLD"), QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC)},
               core::TierAssignment {QStringLiteral("CLASSIC"), QDateTime()}};
    core::EntitlementOverride set;
    set.op = core::EntitlementOverride::Op::Set;
    set.module = QStringLiteral("LOUNGE");
    set.entitlement.module = QStringLiteral("LOUNGE");
    set.entitlement.cardholder.count = 4;
    set.entitlement.guestsPerVisit = 2;
    set.entitlement.validTo = QDate(2026, 12, 31);
    core::EntitlementOverride remove;
    remove.op = core::EntitlementOverride::Op::Remove;
    remove.module = QStringLiteral("SPA");
    m.overrides = {set, remove};
    m.validFrom = QDate(2026, 1, 1);
    m.validTo = QDate(2026, 12, 31);
    m.codeHash = QCryptographicHash::hash(id.toUtf8(), QCryptographicHash::Sha256);
    return m;
}

/// A feed body as central writes it: the envelope, then the stored record bodies spliced in.
QByteArray feedBody(const QByteArrayList& memberships, const QByteArrayList& ePasses)
{
    protocol::FeedReply page;
    page.page.cursor = 7;
    page.serverTime = QDateTime(QDate(2026, 11, 27), QTime(6, 0), Qt::UTC);
    page.encodedRecords = "\"memberships\":[" + memberships.join(',') + "],\"ePasses\":[" + ePasses.join(',') + ']';
    return page.encode();
}

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QList<QByteArrayList> storedRows(core::Store& store)
{
    QList<QByteArrayList> rows;
    for (const QString& sql :
         {QStringLiteral("SELECT id, body, typeof(body), status, hex(code_hash) FROM epasses ORDER BY id"),
          QStringLiteral("SELECT id, tiers, typeof(tiers), overrides, typeof(overrides), holder, valid_from, "
                         "valid_to, hex(code_hash) FROM memberships ORDER BY id")}) {
        auto st = store.database().prepare(sql);
        if (!st) {
            return {};
        }
        while (true) {
            auto step = (*st)->step();
            if (!step || !*step) {
                break;
            }
            QByteArrayList row;
            for (int c = 0; c < (sql.startsWith(QLatin1String("SELECT id, body")) ? 5 : 9); ++c) {
                row << (*st)->bytes(c).toByteArray();
            }
            rows << row;
        }
        (*st)->reset();
    }
    return rows;
}

} // namespace

class TestFeedText : public QObject
{
    Q_OBJECT
private slots:
    void canonicalText_data();
    void canonicalText();
    void withoutMember();
    void storedAsReceivedEqualsEncoded_data();
    void storedAsReceivedEqualsEncoded();
};

void TestFeedText::canonicalText_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("canonical");
    QTest::newRow("compact sorted") << QByteArray(R"({"a":1,"b":[true,false,null],"c":{"x":"y"}})") << true;
    QTest::newRow("empty containers") << QByteArray(R"({"a":[],"b":{}})") << true;
    QTest::newRow("negative integer") << QByteArray(R"({"a":-12})") << true;
    QTest::newRow("non-ASCII text") << QByteArray("{\"a\":\"M\xc3\xbcller \xe6\x9d\x8e\"}") << true;
    QTest::newRow("whitespace") << QByteArray(R"({"a": 1})") << false;
    QTest::newRow("newline") << QByteArray("{\"a\":1\n}") << false;
    QTest::newRow("keys out of order") << QByteArray(R"({"b":1,"a":2})") << false;
    QTest::newRow("nested keys out of order") << QByteArray(R"({"a":{"d":1,"c":2}})") << false;
    QTest::newRow("escape") << QByteArray(R"({"a":"x\"y"})") << false;
    QTest::newRow("escaped slash") << QByteArray(R"({"a":"x\/y"})") << false;
    QTest::newRow("fraction") << QByteArray(R"({"a":1.0})") << false;
    QTest::newRow("exponent") << QByteArray(R"({"a":1e3})") << false;
    QTest::newRow("minus zero") << QByteArray(R"({"a":-0})") << false;
    QTest::newRow("16 digits") << QByteArray(R"({"a":1234567890123456})") << false;
    QTest::newRow("trailing text") << QByteArray(R"({"a":1}x)") << false;
    QTest::newRow("non-ASCII key") << QByteArray("{\"\xc3\xa4\":1}") << false;
}

void TestFeedText::canonicalText()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, canonical);
    QCOMPARE(protocol::canonical::isCanonical(text), canonical);
    if (canonical) { // and it is what Qt writes
        QCOMPARE(compact(QJsonDocument::fromJson(text).object()), text);
    }
}

void TestFeedText::withoutMember()
{
    using protocol::canonical::withoutMember;
    QCOMPARE(withoutMember(R"({"a":1,"codeHash":"ab","z":[1,{"q":2}]})", "codeHash"),
             QByteArray(R"({"a":1,"z":[1,{"q":2}]})"));
    QCOMPARE(withoutMember(R"({"codeHash":"ab","z":2})", "codeHash"), QByteArray(R"({"z":2})"));
    QCOMPARE(withoutMember(R"({"a":{"codeHash":1},"codeHash":"ab"})", "codeHash"),
             QByteArray(R"({"a":{"codeHash":1}})"));
    QCOMPARE(withoutMember(R"({"codeHash":"ab"})", "codeHash"), QByteArray("{}"));
    QVERIFY(withoutMember(R"({"a":{"codeHash":1}})", "codeHash").isNull());
}

void TestFeedText::storedAsReceivedEqualsEncoded_data()
{
    QTest::addColumn<QByteArray>("ePassText");
    QTest::addColumn<QByteArray>("membershipText");
    QTest::addColumn<bool>("keptAsReceived");

    const core::EPass e = ePass(QStringLiteral("E-1"), QStringLiteral("Lee"));
    const core::Membership m = membership(QStringLiteral("M-1"), QStringLiteral("Ann Lee"));
    QTest::newRow("as central stores them") << compact(core::json::toJson(e)) << compact(core::json::toJson(m)) << true;
    const core::EPass umlaut = ePass(QStringLiteral("E-2"), QStringLiteral("M\u00fcller \u674e \U0001F600"));
    const core::Membership accents = membership(QStringLiteral("M-2"), QStringLiteral("Zo\u00eb \u00c5s"));
    QTest::newRow("non-ASCII names") << compact(core::json::toJson(umlaut)) << compact(core::json::toJson(accents))
                                     << true;
    core::EPass noHash = e;
    noHash.codeHash.clear();
    core::Membership noTiers = m;
    noTiers.tiers.clear();
    noTiers.overrides.clear();
    QTest::newRow("empty hash, tiers and overrides")
        << compact(core::json::toJson(noHash)) << compact(core::json::toJson(noTiers)) << true;

    // Text central could send that the store would write differently: the store must encode (as before).
    QByteArray spaced = QJsonDocument(core::json::toJson(e)).toJson(QJsonDocument::Indented);
    QByteArray spacedM = QJsonDocument(core::json::toJson(m)).toJson(QJsonDocument::Indented);
    QTest::newRow("indented") << spaced << spacedM << false;
    QJsonObject unknown = core::json::toJson(e);
    unknown.insert(QStringLiteral("zzFuture"), 1);
    QJsonObject unknownM = core::json::toJson(m);
    QJsonArray tiers = unknownM.value(QStringLiteral("tiers")).toArray();
    QJsonObject tier = tiers[0].toObject();
    tier.insert(QStringLiteral("zzFuture"), true);
    tiers[0] = tier;
    unknownM.insert(QStringLiteral("tiers"), tiers);
    QJsonArray overrides = unknownM.value(QStringLiteral("overrides")).toArray();
    QJsonObject override0 = overrides[0].toObject();
    override0.insert(QStringLiteral("note"), QStringLiteral("x"));
    overrides[0] = override0;
    unknownM.insert(QStringLiteral("overrides"), overrides);
    QTest::newRow("unknown fields") << compact(unknown) << compact(unknownM) << false;
    QJsonObject upper = core::json::toJson(e);
    upper.insert(QStringLiteral("codeHash"), QString::fromLatin1(e.codeHash.toHex().toUpper()));
    upper.remove(QStringLiteral("status")); // defaults to ACTIVE, which the store writes
    QJsonObject shortTime = core::json::toJson(m);
    QJsonArray t2 = shortTime.value(QStringLiteral("tiers")).toArray();
    QJsonObject first = t2[0].toObject();
    first.insert(QStringLiteral("effectiveFrom"), QStringLiteral("2026-01-01T00:00:00Z")); // written with .000
    t2[0] = first;
    shortTime.insert(QStringLiteral("tiers"), t2);
    QJsonArray o2 = shortTime.value(QStringLiteral("overrides")).toArray();
    QJsonObject set = o2[0].toObject();
    QJsonObject ent = set.value(QStringLiteral("entitlement")).toObject();
    ent.insert(QStringLiteral("guestsPerVisit"), 2.0); // a double: written "2" but the check is on values
    ent.remove(QStringLiteral("period")); // defaulted
    set.insert(QStringLiteral("entitlement"), ent);
    o2[0] = set;
    shortTime.insert(QStringLiteral("overrides"), o2);
    QTest::newRow("normalised values") << compact(upper) << compact(shortTime) << false;
    QByteArray escaped = compact(core::json::toJson(e)).replace("\"Ann\"", "\"\\u0041nn\"");
    QByteArray escapedM
        = compact(core::json::toJson(m)).replace("\"GOLD\"", "\"G\\u004fLD\"").replace("\"SPA\"", "\"SP\\u0041\"");
    QTest::newRow("escapes") << escaped << escapedM << false;
}

void TestFeedText::storedAsReceivedEqualsEncoded()
{
    QFETCH(QByteArray, ePassText);
    QFETCH(QByteArray, membershipText);
    QFETCH(bool, keptAsReceived);

    const QByteArray body = feedBody({membershipText}, {ePassText});
    auto decoded = protocol::FeedReply::decode(body);
    QVERIFY2(decoded, decoded ? "" : qPrintable(decoded.error().detail));
    const core::ChangePage& page = decoded->page;
    QCOMPARE(page.ePasses.size(), 1);
    QCOMPARE(page.memberships.size(), 1);
    // The fast path is taken exactly where the text is canonical and round-trips.
    QCOMPARE(page.ePassBodies.value(0).isNull(), !keptAsReceived);
    QCOMPARE(page.membershipTiers.value(0).isNull(), !keptAsReceived);
    QCOMPARE(page.membershipOverrides.value(0).isNull(), !keptAsReceived);

    core::ChangePage encodedHere = page;
    encodedHere.ePassBodies.clear();
    encodedHere.membershipTiers.clear();
    encodedHere.membershipOverrides.clear();

    QTemporaryDir dir;
    auto asReceived = core::Store::open(dir.filePath(QStringLiteral("received.sqlite")));
    auto encoded = core::Store::open(dir.filePath(QStringLiteral("encoded.sqlite")));
    QVERIFY(asReceived && encoded);
    QVERIFY((*asReceived)->applyChangePage(page));
    QVERIFY((*encoded)->applyChangePage(encodedHere));
    const auto a = storedRows(**asReceived);
    const auto b = storedRows(**encoded);
    QCOMPARE(a.size(), 2);
    QCOMPARE(a, b);
    // And the records read back are the ones sent.
    auto e = (*asReceived)->ePassById(page.ePasses[0].id);
    QVERIFY(e && e->has_value());
    QCOMPARE(e->value(), page.ePasses[0]);
}

QTEST_GUILESS_MAIN(TestFeedText)
#include "tst_feedtext.moc"
