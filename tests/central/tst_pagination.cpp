// central/Pagination.h, the helper every issuer list uses (and h/booking's bookings list): cursor round trips,
// refusals of every malformed page request.
#include "Pagination.h"

#include <QtTest>

using namespace lounge::central;

class TestPagination : public QObject
{
    Q_OBJECT
private slots:
    void cursorRoundTrips_data();
    void cursorRoundTrips();
    void badCursorsAreRefused_data();
    void badCursorsAreRefused();
    void limits_data();
    void limits();
    void queryKeys();
    void pageShape();
};

void TestPagination::cursorRoundTrips_data()
{
    QTest::addColumn<QStringList>("key");
    QTest::newRow("one id") << QStringList {"M-1001"};
    QTest::newRow("time and id") << QStringList {"1795000000123", "5b0c9f1e-0000-4000-8000-000000000001"};
    QTest::newRow("non-ASCII") << QStringList {QStringLiteral("Zoë Ångström ✈")};
    QTest::newRow("empty part") << QStringList {"", "x"};
}

void TestPagination::cursorRoundTrips()
{
    QFETCH(QStringList, key);
    const QString cursor = pagination::encodeCursor(key);
    QVERIFY(!cursor.contains(u'=') && !cursor.contains(u'+') && !cursor.contains(u'/')); // URL-safe as it is
    auto decoded = pagination::decodeCursor(cursor, int(key.size()));
    QVERIFY(decoded);
    QCOMPARE(*decoded, key);
    // The same cursor is not one of a list with another key shape.
    QVERIFY(!pagination::decodeCursor(cursor, int(key.size()) + 1));
}

void TestPagination::badCursorsAreRefused_data()
{
    QTest::addColumn<QString>("cursor");
    QTest::newRow("empty") << QString();
    QTest::newRow("not base64url") << QStringLiteral("a+b/c");
    QTest::newRow("stray characters") << QStringLiteral("TS0x*DAx");
    QTest::newRow("invalid UTF-8") << QString::fromLatin1(
        QByteArray("\xff\xfe").toBase64(QByteArray::Base64UrlEncoding));
    QTest::newRow("too long") << QString(4000, u'A');
}

void TestPagination::badCursorsAreRefused()
{
    QFETCH(QString, cursor);
    auto decoded = pagination::decodeCursor(cursor, 1);
    QVERIFY(!decoded);
    QVERIFY(decoded.error().code == lounge::core::ErrorCode::InvalidArgument);
}

void TestPagination::limits_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("limit"); // -1: refused
    QTest::newRow("absent") << "" << pagination::kDefaultLimit;
    QTest::newRow("1") << "limit=1" << 1;
    QTest::newRow("max") << "limit=1000" << 1000;
    QTest::newRow("0") << "limit=0" << -1;
    QTest::newRow("over max") << "limit=1001" << -1;
    QTest::newRow("negative") << "limit=-5" << -1;
    QTest::newRow("plus sign") << "limit=%2B5" << -1;
    QTest::newRow("space") << "limit=%205" << -1;
    QTest::newRow("text") << "limit=ten" << -1;
    QTest::newRow("empty") << "limit=" << -1;
    QTest::newRow("huge") << "limit=99999999999999999999" << -1;
}

void TestPagination::limits()
{
    QFETCH(QString, query);
    QFETCH(int, limit);
    auto parsed = pagination::parseLimit(QUrlQuery(query));
    QCOMPARE(parsed ? *parsed : -1, limit);
}

void TestPagination::queryKeys()
{
    const QStringList filters {QStringLiteral("status")};
    QVERIFY(pagination::checkQueryKeys(QUrlQuery(QStringLiteral("status=ACTIVE&limit=3&cursor=x")), filters));
    QVERIFY(!pagination::checkQueryKeys(QUrlQuery(QStringLiteral("colour=blue")), filters));
    QVERIFY(!pagination::checkQueryKeys(QUrlQuery(QStringLiteral("status=A&status=B")), filters));
    auto page
        = pagination::parse(QUrlQuery(QStringLiteral("limit=2&cursor=") + pagination::encodeCursor({"M-1"})), filters);
    QVERIFY(page);
    QCOMPARE(page->limit, 2);
    QCOMPARE(page->after, QStringList {"M-1"});
    QVERIFY(!pagination::parse(QUrlQuery(QStringLiteral("cursor=***")), filters));
}

void TestPagination::pageShape()
{
    const QJsonObject last = pagination::page({QJsonValue(1)}, std::nullopt);
    QVERIFY(last.value("next_cursor").isNull());
    QCOMPARE(last.value("items").toArray().size(), 1);
    QCOMPARE(pagination::page({}, QStringLiteral("abc")).value("next_cursor").toString(), QStringLiteral("abc"));
    QCOMPARE(last.keys(), (QStringList {"items", "next_cursor"}));
}

QTEST_GUILESS_MAIN(TestPagination)
#include "tst_pagination.moc"
