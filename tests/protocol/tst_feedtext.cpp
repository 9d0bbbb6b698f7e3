// The initial sync encodes the records' stored JSON columns while decoding the feed page (protocol::FeedReply::decode,
// on the client's feed thread → ChangePage's encoded columns → Store::applyChangePage binds them). What the terminal
// stores must not change: every page here is applied twice, as decoded and with the encoded columns dropped (the
// store encodes on its own), into two real SQLite files, and the stored columns are compared byte for byte, with their
// SQLite types.
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
    void storedPreEncodedEqualsEncoded_data();
    void storedPreEncodedEqualsEncoded();
};

void TestFeedText::storedPreEncodedEqualsEncoded_data()
{
    QTest::addColumn<QByteArray>("ePassText");
    QTest::addColumn<QByteArray>("membershipText");

    const core::EPass e = ePass(QStringLiteral("E-1"), QStringLiteral("Lee"));
    const core::Membership m = membership(QStringLiteral("M-1"), QStringLiteral("Ann Lee"));
    QTest::newRow("as central stores them") << compact(core::json::toJson(e)) << compact(core::json::toJson(m));
    const core::EPass umlaut = ePass(QStringLiteral("E-2"), QStringLiteral("M\u00fcller \u674e \U0001F600"));
    const core::Membership accents = membership(QStringLiteral("M-2"), QStringLiteral("Zo\u00eb \u00c5s"));
    QTest::newRow("non-ASCII names") << compact(core::json::toJson(umlaut)) << compact(core::json::toJson(accents));
    core::EPass noHash = e;
    noHash.codeHash.clear();
    core::Membership noTiers = m;
    noTiers.tiers.clear();
    noTiers.overrides.clear();
    QTest::newRow("empty hash, tiers and overrides")
        << compact(core::json::toJson(noHash)) << compact(core::json::toJson(noTiers));

    // Text central could send that the store writes differently (it stores what it parsed, encoded its way).
    QByteArray spaced = QJsonDocument(core::json::toJson(e)).toJson(QJsonDocument::Indented);
    QByteArray spacedM = QJsonDocument(core::json::toJson(m)).toJson(QJsonDocument::Indented);
    QTest::newRow("indented") << spaced << spacedM;
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
    QTest::newRow("unknown fields") << compact(unknown) << compact(unknownM);
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
    QTest::newRow("normalised values") << compact(upper) << compact(shortTime);
    QByteArray escaped = compact(core::json::toJson(e)).replace("\"Ann\"", "\"\\u0041nn\"");
    QByteArray escapedM
        = compact(core::json::toJson(m)).replace("\"GOLD\"", "\"G\\u004fLD\"").replace("\"SPA\"", "\"SP\\u0041\"");
    QTest::newRow("escapes") << escaped << escapedM;
}

void TestFeedText::storedPreEncodedEqualsEncoded()
{
    QFETCH(QByteArray, ePassText);
    QFETCH(QByteArray, membershipText);

    const QByteArray body = feedBody({membershipText}, {ePassText});
    auto decoded = protocol::FeedReply::decode(body);
    QVERIFY2(decoded, decoded ? "" : qPrintable(decoded.error().detail));
    const core::ChangePage& page = decoded->page;
    QCOMPARE(page.ePasses.size(), 1);
    QCOMPARE(page.memberships.size(), 1);
    // The columns come encoded with the page, for every record.
    QCOMPARE(page.ePassBodies.size(), 1);
    QVERIFY(!page.ePassBodies[0].isNull());
    QCOMPARE(page.membershipTiers.size(), 1);
    QVERIFY(!page.membershipTiers[0].isNull());
    QCOMPARE(page.membershipOverrides.size(), 1);
    QVERIFY(!page.membershipOverrides[0].isNull());

    core::ChangePage encodedHere = page;
    encodedHere.ePassBodies.clear();
    encodedHere.membershipTiers.clear();
    encodedHere.membershipOverrides.clear();

    QTemporaryDir dir;
    auto asReceived = core::Store::open(dir.filePath(QStringLiteral("preencoded.sqlite")));
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
