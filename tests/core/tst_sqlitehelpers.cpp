// The prepared-statement shorthands on sqlite::Database (query, exec, queryOne, queryAll, queryValue, migrate):
// binding, NULL handling, reset on every exit path, and that SQLite's error codes come through mapped.

#include "sqlite/Database.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace lounge::core;
using lounge::core::sqlite::Database;
using lounge::core::sqlite::Statement;

Q_DECLARE_METATYPE(lounge::core::ErrorCode)

namespace {

struct Row
{
    qint64 id = 0;
    QString name;
    QByteArray blob;
    bool blobIsNull = false;
};

Row readRow(const Statement& s)
{
    return Row {s.int64(0), s.text(1), s.blob(2), s.isNull(2)};
}

} // namespace

class TestSqliteHelpers : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        auto db = Database::open(m_dir.filePath(QStringLiteral("t%1.db").arg(++m_counter)));
        QVERIFY(db);
        m_db = std::move(db).value();
        QVERIFY(m_db->execScript(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                                                "blob BLOB, n INTEGER)")));
    }
    void cleanup() { m_db.reset(); }

    void execBindsInOrderAndQueryOneReadsBack()
    {
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO t(id, name, blob, n) VALUES(?1, ?2, ?3, ?4)"), 7,
                           QStringLiteral("seven ✓"), QByteArray("\x00\x01", 2), qint64(1) << 40));
        auto row = m_db->queryOne(QStringLiteral("SELECT id, name, blob FROM t WHERE id=?1"), readRow, 7);
        QVERIFY(row);
        QVERIFY(row->has_value());
        QCOMPARE((*row)->id, qint64(7));
        QCOMPARE((*row)->name, QStringLiteral("seven ✓"));
        QCOMPARE((*row)->blob, QByteArray("\x00\x01", 2));
        auto n = m_db->queryValue<qint64>(QStringLiteral("SELECT n FROM t WHERE id=?1"), 7);
        QVERIFY(n);
        QCOMPARE(*n, qint64(1) << 40);

        auto missing = m_db->queryOne(QStringLiteral("SELECT id, name, blob FROM t WHERE id=?1"), readRow, 8);
        QVERIFY(missing);
        QVERIFY(!missing->has_value());
    }

    void nullBinding_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<bool>("expectNull");
        QTest::newRow("null QByteArray") << 0 << true;
        QTest::newRow("empty non-null QByteArray") << 1 << false;
        QTest::newRow("nullopt") << 2 << true;
        QTest::newRow("optional with value") << 3 << false;
        QTest::newRow("nullIfEmpty(empty)") << 4 << true;
        QTest::newRow("nullIfEmpty(value)") << 5 << false;
    }
    void nullBinding()
    {
        QFETCH(int, which);
        QFETCH(bool, expectNull);
        const QString sql = QStringLiteral("INSERT INTO t(id, name, blob) VALUES(1, 'x', ?1)");
        Result<void> r = makeError(ErrorCode::Internal);
        switch (which) {
        case 0:
            r = m_db->exec(sql, QByteArray());
            break;
        case 1:
            r = m_db->exec(sql, QByteArray(""));
            break;
        case 2:
            r = m_db->exec(sql, std::optional<QByteArray>());
            break;
        case 3:
            r = m_db->exec(sql, std::optional<QByteArray>(QByteArray("v")));
            break;
        case 4:
            r = m_db->exec(sql, sqlite::nullIfEmpty(QByteArray()));
            break;
        default:
            r = m_db->exec(sql, sqlite::nullIfEmpty(QByteArray("v")));
            break;
        }
        QVERIFY(r);
        auto isNull = m_db->queryValue<bool>(QStringLiteral("SELECT blob IS NULL FROM t WHERE id=1"));
        QVERIFY(isNull);
        QCOMPARE(*isNull, expectNull);
        auto asOptional = m_db->queryValue<std::optional<QByteArray>>(QStringLiteral("SELECT blob FROM t WHERE id=1"));
        QVERIFY(asOptional);
        QCOMPARE(asOptional->has_value(), !expectNull);
    }

    void queryAllKeepsOrder()
    {
        for (int i = 5; i >= 1; --i) {
            QVERIFY(m_db->exec(QStringLiteral("INSERT INTO t(id, name) VALUES(?1, ?2)"), i, QString::number(i * 10)));
        }
        auto names = m_db->queryAll(
            QStringLiteral("SELECT name FROM t WHERE id >= ?1 ORDER BY id"),
            [](const Statement& s) { return s.text(0); }, 2);
        QVERIFY(names);
        QCOMPARE(*names, QStringList({"20", "30", "40", "50"}));
        auto none = m_db->queryAll(
            QStringLiteral("SELECT name FROM t WHERE id > ?1"), [](const Statement& s) { return s.text(0); }, 99);
        QVERIFY(none);
        QVERIFY(none->isEmpty());
    }

    void queryValueDefaultsWhenNoRowOrNull()
    {
        auto count = m_db->queryValue<int>(QStringLiteral("SELECT COUNT(*) FROM t"));
        QVERIFY(count);
        QCOMPARE(*count, 0);
        auto noRow = m_db->queryValue<QString>(QStringLiteral("SELECT name FROM t WHERE id=1"));
        QVERIFY(noRow);
        QVERIFY(noRow->isNull());
        auto max = m_db->queryValue<std::optional<qint64>>(QStringLiteral("SELECT MAX(id) FROM t"));
        QVERIFY(max);
        QVERIFY(!max->has_value()); // MAX over no rows is NULL, not 0
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO t(id, name) VALUES(0, 'zero')")));
        max = m_db->queryValue<std::optional<qint64>>(QStringLiteral("SELECT MAX(id) FROM t"));
        QVERIFY(max);
        QVERIFY(max->has_value());
        QCOMPARE(**max, qint64(0));
    }

    // A refusing reader ends the query with its error, and the statement is reset on the way out: a pending
    // statement would make DROP TABLE fail with "database table is locked".
    void refusedRowIsReportedAndStatementReset_data()
    {
        QTest::addColumn<bool>("all");
        QTest::newRow("queryOne") << false;
        QTest::newRow("queryAll") << true;
    }
    void refusedRowIsReportedAndStatementReset()
    {
        QFETCH(bool, all);
        for (int i = 1; i <= 3; ++i) {
            QVERIFY(m_db->exec(QStringLiteral("INSERT INTO t(id, name) VALUES(?1, ?2)"), i, QString::number(i)));
        }
        auto refuse = [](const Statement& s) -> Result<int> {
            if (s.int64(0) == 2) {
                return makeError(ErrorCode::Corrupt, QStringLiteral("row 2"));
            }
            return s.integer(0);
        };
        const QString sql = QStringLiteral("SELECT id FROM t WHERE id >= ?1 ORDER BY id");
        Error error;
        if (all) {
            auto r = m_db->queryAll(sql, refuse, 1);
            QVERIFY(!r);
            error = r.error();
        } else {
            auto r = m_db->queryOne(sql, refuse, 2);
            QVERIFY(!r);
            error = r.error();
        }
        QCOMPARE(toString(error.code), toString(ErrorCode::Corrupt));
        QCOMPARE(error.detail, QStringLiteral("row 2"));
        QVERIFY(m_db->execScript(QStringLiteral("DROP TABLE t")));
    }

    void successfulQueryOneLeavesNoPendingStatement()
    {
        for (int i = 1; i <= 3; ++i) {
            QVERIFY(m_db->exec(QStringLiteral("INSERT INTO t(id, name) VALUES(?1, ?2)"), i, QString::number(i)));
        }
        {
            auto scoped = m_db->query(QStringLiteral("SELECT id FROM t ORDER BY id"));
            QVERIFY(scoped);
            auto row = (*scoped)->step();
            QVERIFY(row && *row);
            auto locked = m_db->execScript(QStringLiteral("DROP TABLE t"));
            QVERIFY(!locked); // a pending statement blocks DROP: proves the checks below can fail
            QCOMPARE(toString(locked.error().code), toString(ErrorCode::Locked));
        }
        // Only the first of three rows is read; the rest must not keep the statement active.
        auto first = m_db->queryValue<int>(QStringLiteral("SELECT id FROM t ORDER BY id DESC"));
        QVERIFY(first);
        QCOMPARE(*first, 3);
        auto one = m_db->queryOne(QStringLiteral("SELECT id, name, blob FROM t ORDER BY id"), readRow);
        QVERIFY(one);
        QVERIFY(one->has_value());
        QVERIFY(m_db->execScript(QStringLiteral("DROP TABLE t")));
    }

    void errorsKeepTheirCodes_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<ErrorCode>("expected");
        QTest::newRow("unique constraint") << 0 << ErrorCode::Conflict;
        QTest::newRow("NOT NULL constraint") << 1 << ErrorCode::Conflict;
        QTest::newRow("syntax error at prepare") << 2 << ErrorCode::Internal;
        QTest::newRow("more arguments than parameters") << 3 << ErrorCode::Internal;
        QTest::newRow("write on a read-only connection") << 4 << ErrorCode::ReadOnly;
        QTest::newRow("unknown table at prepare") << 5 << ErrorCode::Internal;
    }
    void errorsKeepTheirCodes()
    {
        QFETCH(int, which);
        QFETCH(ErrorCode, expected);
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO t(id, name) VALUES(1, 'one')")));
        std::unique_ptr<Database> readOnly;
        if (which >= 4) {
            auto ro = Database::open(m_db->path(), Database::Mode::ReadOnly);
            QVERIFY(ro);
            readOnly = std::move(ro).value();
        }
        Result<void> r;
        switch (which) {
        case 0:
            r = m_db->exec(QStringLiteral("INSERT INTO t(id, name) VALUES(?1, ?2)"), 2, QStringLiteral("one"));
            break;
        case 1:
            r = m_db->exec(QStringLiteral("INSERT INTO t(id, name) VALUES(?1, ?2)"), 2, std::optional<QString>());
            break;
        case 2:
            r = m_db->exec(QStringLiteral("INSERT INTO nowhere VALUES(?1"), 1);
            break;
        case 3:
            r = m_db->exec(QStringLiteral("UPDATE t SET name=?1 WHERE id=1"), QStringLiteral("a"), 1);
            break;
        case 4:
            r = readOnly->exec(QStringLiteral("INSERT INTO t(id, name) VALUES(?1, ?2)"), 3, QStringLiteral("three"));
            break;
        default: {
            auto q = readOnly->queryValue<int>(QStringLiteral("SELECT COUNT(*) FROM missing"));
            if (!q) {
                r = q.error();
            }
            break;
        }
        }
        QVERIFY(!r);
        QCOMPARE(toString(r.error().code), toString(expected));
        // The connection stays usable after the error (the statement was reset).
        auto count = m_db->queryValue<int>(QStringLiteral("SELECT COUNT(*) FROM t"));
        QVERIFY(count);
        QCOMPARE(*count, 1);
    }

    void boundTextIsTheStringsUtf8()
    {
        // Statement::bind(QString) narrows ASCII text straight into the parameter's buffer: for any string (ASCII or
        // not, empty, null, one non-ASCII character anywhere, lone surrogates) SQLite gets its UTF-8 as TEXT, the
        // bytes QString::toUtf8 gives, the same buffer reused from one bind to the next with every length.
        QRandomGenerator rng(20261128);
        QList<QString> texts {QString(),
                              QStringLiteral(""),
                              QStringLiteral("BM-1"),
                              QStringLiteral("é"),
                              QString(QChar(0x7f)),
                              QString(QChar(0x80)),
                              QString(QChar(0xd800))};
        const char16_t alphabet[] = {u'A',    u'z',      u'0',      u'-',      u' ',     u'\x7f', u'\x80',
                                     u'\xe9', u'\x2028', u'\xd83d', u'\xde00', u'\x100', u'\xff'};
        for (int i = 0; i < 3000; ++i) {
            QString s;
            const int n = int(rng.bounded(40));
            const bool ascii = i % 2 == 0;
            for (int k = 0; k < n; ++k) {
                s += QChar(ascii ? char16_t(rng.bounded(0x80)) : alphabet[rng.bounded(int(std::size(alphabet)))]);
            }
            if (!ascii && n > 0 && rng.bounded(2)) {
                s[int(rng.bounded(n))] = QChar(char16_t(0x80 + rng.bounded(0xff00)));
            }
            texts << s;
        }
        for (const QString& text : texts) {
            auto q = m_db->query(QStringLiteral("SELECT typeof(?1), CAST(?1 AS BLOB)"), text);
            QVERIFY(q);
            QCOMPARE(*(*q)->step(), true);
            QCOMPARE((*q)->text(0), QStringLiteral("text"));
            QCOMPARE((*q)->blob(1), text.toUtf8());
        }
    }

    void migrateRunsEachStepOnceAndRollsBackAFailedStep()
    {
        const char* const good[] = {"CREATE TABLE a (x INTEGER);", "CREATE TABLE b (y INTEGER);"};
        auto v = m_db->schemaVersion();
        QVERIFY(v);
        QCOMPARE(*v, 0);
        QVERIFY(m_db->migrate(good, 0));
        v = m_db->schemaVersion();
        QVERIFY(v);
        QCOMPARE(*v, 2);
        QVERIFY(m_db->migrate(good, 2)); // nothing left to do: no "table a already exists"

        const char* const bad[] = {good[0], good[1], "CREATE TABLE c (z INTEGER); CREATE TABLE a (x INTEGER);"};
        auto r = m_db->migrate(bad, 2);
        QVERIFY(!r);
        v = m_db->schemaVersion();
        QVERIFY(v);
        QCOMPARE(*v, 2);
        auto c = m_db->queryValue<int>(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name='c'"));
        QVERIFY(c);
        QCOMPARE(*c, 0); // the failed step's first statement was rolled back with it
    }

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    std::unique_ptr<Database> m_db;
};

QTEST_GUILESS_MAIN(TestSqliteHelpers)
#include "tst_sqlitehelpers.moc"
