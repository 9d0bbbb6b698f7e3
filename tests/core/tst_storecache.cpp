// What Store keeps between validations (issue 16: resource and programme rows reused while nothing changed, the last
// E-passes parsed) must never outlive a change: not one made by another connection in this process, not one made by
// another process on the same file, not one of this connection's own writes, not one a rollback undid.

#include "AccessService.h"
#include "Store.h"
#include "TestData.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTest>

#include <sqlite3.h>

using namespace lounge::core;
using namespace lounge::core::test;

Q_DECLARE_METATYPE(lounge::core::Reason)

namespace {

const QString kResource = QStringLiteral("HKG-T1-LOUNGE");
const QString kProgram = QStringLiteral("GOLD");
const QString kMembership = QStringLiteral("M1");
const QString kEPass = QStringLiteral("E1");
const char* const kChildFlag = "--store-cache-writer";

Program goldProgram(const Module& module = QStringLiteral("LOUNGE"))
{
    return program(
        kProgram,
        {entitlement(Allowance::infinite(), Allowance::none(), Allowance::none(), 0, QuotaPeriod::Validity, module)});
}

/// One change another writer makes; returns false when it could not.
bool applyChange(Store& store, const QString& change)
{
    if (change == QLatin1String("resource module")) {
        return bool(store.upsertResource(resource(kResource, QStringLiteral("FASTTRACK"))));
    }
    if (change == QLatin1String("resource deleted")) {
        ChangePage page;
        page.cursor = 7;
        page.deletedResources = {kResource};
        return bool(store.applyChangePage(page));
    }
    if (change == QLatin1String("programme module")) {
        return bool(store.upsertProgram(goldProgram(QStringLiteral("FASTTRACK"))));
    }
    if (change == QLatin1String("E-pass revoked")) {
        auto e = store.ePassById(kEPass);
        if (!e || !e->has_value()) {
            return false;
        }
        EPass revoked = **e;
        revoked.status = EPassStatus::Revoked;
        return bool(store.upsertEPass(revoked));
    }
    if (change == QLatin1String("E-pass used up")) {
        return bool(store.setUsage(UsageCounter {
            {CredentialKind::EPass, kEPass}, QStringLiteral("LOUNGE"), Pool::Usages, QStringLiteral("V"), 3}));
    }
    qWarning() << "unknown change" << change;
    return false;
}

/// The second process: opens the same file as its own Store and makes one change.
int childMain(const QString& path, const QString& change)
{
    auto store = Store::open(path);
    if (!store) {
        qWarning() << "child open:" << store.error().toString();
        return 2;
    }
    return applyChange(**store, change) ? 0 : 3;
}

} // namespace

class TestStoreCache : public QObject
{
    Q_OBJECT

private:
    TempStore m_ts;
    QString m_membershipCode;
    QString m_ePassCode;

    Decision check(const QString& code)
    {
        FixedClock clock(QDateTime(QDate(2026, 6, 1), QTime(4, 0), QTimeZone::utc()));
        AccessService service(*m_ts.store, clock,
                              TerminalContext {QStringLiteral("T1"), kResource, QStringLiteral("s1"), 0, 0});
        return service.check(ScanInput {code.toUtf8(), 1});
    }

private slots:
    void init()
    {
        m_ts.removeFiles();
        QVERIFY(m_ts.open());
        Store& s = *m_ts.store;
        QVERIFY(s.upsertResource(resource(kResource)));
        QVERIFY(s.upsertProgram(goldProgram()));
        QVERIFY(s.upsertMembership(membership(kMembership, kProgram, &m_membershipCode)));
        QVERIFY(s.upsertEPass(ePass(kEPass, &m_ePassCode, 3)));
    }

    void changeByAnotherWriterIsSeen_data()
    {
        QTest::addColumn<QString>("writer");
        QTest::addColumn<QString>("change");
        QTest::addColumn<bool>("ofEPass");
        QTest::addColumn<Reason>("expected");
        for (const char* writer : {"connection", "process"}) {
            auto row = [&](const char* change, bool ofEPass, Reason expected) {
                QTest::addRow("%s: %s", writer, change)
                    << QString::fromLatin1(writer) << QString::fromLatin1(change) << ofEPass << expected;
            };
            row("resource module", false, Reason::WrongModule);
            row("resource deleted", false, Reason::UnknownResource);
            row("programme module", false, Reason::WrongModule);
            row("E-pass revoked", true, Reason::Revoked);
            row("E-pass used up", true, Reason::NoVisitsLeft);
        }
    }

    void changeByAnotherWriterIsSeen()
    {
        QFETCH(QString, writer);
        QFETCH(QString, change);
        QFETCH(bool, ofEPass);
        QFETCH(Reason, expected);
        const QString code = ofEPass ? m_ePassCode : m_membershipCode;
        // Twice: the second validation is served from what the first one kept.
        QCOMPARE(toString(check(code).reason), toString(Reason::Ok));
        QCOMPARE(toString(check(code).reason), toString(Reason::Ok));

        if (writer == QLatin1String("connection")) {
            auto other = Store::open(m_ts.path()); // a second connection in this process (the sync's, the CLI's)
            QVERIFY2(other, qPrintable(other ? QString() : other.error().toString()));
            QVERIFY(applyChange(**other, change));
        } else {
            QProcess child;
            child.start(QCoreApplication::applicationFilePath(),
                        {QString::fromLatin1(kChildFlag), m_ts.path(), change});
            QVERIFY(child.waitForFinished(60000));
            QCOMPARE(child.exitStatus(), QProcess::NormalExit);
            QCOMPARE(child.exitCode(), 0);
        }
        QCOMPARE(toString(check(code).reason), toString(expected));
    }

    void ownWriteIsSeen()
    {
        QCOMPARE(toString(check(m_membershipCode).reason), toString(Reason::Ok));
        QVERIFY(m_ts.store->upsertProgram(goldProgram(QStringLiteral("FASTTRACK"))));
        QCOMPARE(toString(check(m_membershipCode).reason), toString(Reason::WrongModule));
    }

    void editWithTheSqliteApiIsSeen()
    {
        QCOMPARE(toString(check(m_membershipCode).reason), toString(Reason::Ok));
        sqlite3* raw = nullptr;
        QCOMPARE(sqlite3_open_v2(m_ts.path().toUtf8().constData(), &raw, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
        const int rc = sqlite3_exec(raw, "UPDATE resources SET body=replace(body, '\"LOUNGE\"', '\"FASTTRACK\"')",
                                    nullptr, nullptr, nullptr);
        sqlite3_close(raw);
        QCOMPARE(rc, SQLITE_OK);
        QCOMPARE(toString(check(m_membershipCode).reason), toString(Reason::WrongModule));
    }

    void rolledBackWriteIsForgotten()
    {
        QCOMPARE(toString(check(m_membershipCode).reason), toString(Reason::Ok));
        {
            auto tx = m_ts.store->beginWrite();
            QVERIFY(tx);
            QVERIFY(m_ts.store->upsertResource(resource(kResource, QStringLiteral("FASTTRACK"))));
            QVERIFY(m_ts.store->upsertProgram(goldProgram(QStringLiteral("FASTTRACK"))));
            // Read inside the transaction: the uncommitted rows.
            auto r = m_ts.store->resource(kResource);
            QVERIFY(r && r->has_value());
            QCOMPARE((*r)->module, QStringLiteral("FASTTRACK"));
            auto p = m_ts.store->program(kProgram);
            QVERIFY(p && p->has_value());
            QCOMPARE((*p)->entitlements.value(0).module, QStringLiteral("FASTTRACK"));
        } // rolled back
        auto r = m_ts.store->resource(kResource);
        QVERIFY(r && r->has_value());
        QCOMPARE((*r)->module, QStringLiteral("LOUNGE"));
        QCOMPARE(toString(check(m_membershipCode).reason), toString(Reason::Ok));
    }

    void changeAfterAnOpenSnapshotIsSeenByTheNext()
    {
        // Inside one read transaction the snapshot holds (a validation sees one consistent state); the next one sees
        // the other writer's commit.
        QCOMPARE(toString(check(m_membershipCode).reason), toString(Reason::Ok));
        auto other = Store::open(m_ts.path());
        QVERIFY(other);
        {
            auto snapshot = sqlite::Transaction::begin(m_ts.store->database(), sqlite::Transaction::Kind::Deferred);
            QVERIFY(snapshot);
            auto before = m_ts.store->resource(kResource);
            QVERIFY(before && before->has_value());
            QVERIFY(applyChange(**other, QStringLiteral("resource module")));
            auto during = m_ts.store->resource(kResource);
            QVERIFY(during && during->has_value());
            QCOMPARE((*during)->module, QStringLiteral("LOUNGE"));
        }
        QCOMPARE(toString(check(m_membershipCode).reason), toString(Reason::WrongModule));
    }

    void cleanupTestCase() { m_ts.store.reset(); }
};

int main(int argc, char* argv[])
{
    if (argc == 4 && qstrcmp(argv[1], kChildFlag) == 0) {
        QCoreApplication app(argc, argv);
        return childMain(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]));
    }
    QCoreApplication app(argc, argv);
    TestStoreCache test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_storecache.moc"
