// FleetStatus's write throttle (central/FleetStatus.h): a terminal's request that reports nothing new within
// CentralStore::kContactWriteIntervalMs of what this process last wrote costs no database call; anything new (a
// version, a pending-upload count, a first clock reading), the interval passing, or central's clock moving back is
// written at once. Checked by counting the calls that reach a real store (SQLite, and PostgreSQL in the _pg variant)
// and by reading back what the fleet list shows.
#include "FleetStatus.h"
#include "Pagination.h"
#include "RecordingCentralStore.h"
#include "TestCentralDb.h"

#include <QtTest>

using namespace lounge;

namespace {

const QString kTerminal = QStringLiteral("T-THROTTLE-1");

protocol::TerminalReport report(std::optional<QString> version = {}, std::optional<qint64> pending = {},
                                std::optional<QDateTime> terminalTime = {})
{
    protocol::TerminalReport r;
    r.version = std::move(version);
    r.pendingUploads = pending;
    r.terminalTime = std::move(terminalTime);
    return r;
}

} // namespace

class TestFleetThrottle : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void repeatedContactIsWrittenOncePerInterval();
    void somethingNewIsWrittenAtOnce();
    void clockMovedBackIsWritten();
    void throttleIsPerTerminal();

private:
    /// The fleet list's entry for kTerminal.
    central::FleetEntry entry();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<test::TestCentralDb> m_db;
    test::RecordingCentralStore* m_store = nullptr;
    std::unique_ptr<central::CentralStore> m_owned;
    std::unique_ptr<core::FixedClock> m_clock;
    std::unique_ptr<central::FleetStatus> m_fleet;
};

void TestFleetThrottle::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<test::TestCentralDb>();
    QString why;
    QVERIFY2(m_db->create(*m_dir, QStringLiteral("central.sqlite"), &why), qPrintable(why));
    auto opened = m_db->open();
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().toString()));
    auto recording = std::make_unique<test::RecordingCentralStore>(std::move(opened).value());
    m_store = recording.get();
    m_owned = std::move(recording);
    m_clock = std::make_unique<core::FixedClock>(QDateTime(QDate(2026, 11, 28), QTime(9, 0), Qt::UTC));
    for (const QString& id : {kTerminal, QStringLiteral("T-THROTTLE-2")}) {
        QVERIFY(m_store->putTerminal(central::TerminalRecord {id, QStringLiteral("HKG-T1-LOUNGE"), QByteArray(32, 's'),
                                                              m_clock->now().addDays(-1)}));
    }
    m_fleet = std::make_unique<central::FleetStatus>(*m_store, *m_clock, 300);
}

void TestFleetThrottle::cleanup()
{
    m_fleet.reset();
    m_store = nullptr;
    m_owned.reset();
    m_db.reset();
    m_dir.reset();
}

central::FleetEntry TestFleetThrottle::entry()
{
    central::pagination::PageRequest page;
    page.limit = 10;
    auto list = m_fleet->terminals({}, page);
    if (!list) {
        qWarning() << list.error().toString();
        return {};
    }
    for (const central::FleetEntry& e : list->items) {
        if (e.status.terminal.id == kTerminal) {
            return e;
        }
    }
    return {};
}

void TestFleetThrottle::repeatedContactIsWrittenOncePerInterval()
{
    const QDateTime first = m_clock->now();
    QVERIFY(m_fleet->noteContact(kTerminal, report(QStringLiteral("1.4.0"), 0)));
    QCOMPARE(m_store->contactWrites.size(), 1);

    // Polls every 10 s that report the same: no database call until the interval has passed.
    const int pollsInInterval = int(central::CentralStore::kContactWriteIntervalMs / 10000) - 1;
    for (int i = 0; i < pollsInInterval; ++i) {
        m_clock->advance(10);
        QVERIFY(m_fleet->noteContact(kTerminal, report(QStringLiteral("1.4.0"), 0)));
        QVERIFY(m_fleet->noteContact(kTerminal, report())); // a request that reports nothing at all
    }
    QCOMPARE(m_store->contactWrites.size(), 1);
    QCOMPARE(entry().status.lastContact, first);

    m_clock->advance(10); // the interval has passed
    QVERIFY(m_fleet->noteContact(kTerminal, report(QStringLiteral("1.4.0"), 0)));
    QCOMPARE(m_store->contactWrites.size(), 2);
    QCOMPARE(entry().status.lastContact, m_clock->now());
}

void TestFleetThrottle::somethingNewIsWrittenAtOnce()
{
    QVERIFY(m_fleet->noteContact(kTerminal, report(QStringLiteral("1.4.0"), 0)));
    QCOMPARE(m_store->contactWrites.size(), 1);

    m_clock->advance(1);
    QVERIFY(m_fleet->noteContact(kTerminal, report(QStringLiteral("1.4.1"), 0))); // upgraded
    QCOMPARE(m_store->contactWrites.size(), 2);
    QCOMPARE(entry().status.version, QStringLiteral("1.4.1"));

    m_clock->advance(1);
    QVERIFY(m_fleet->noteContact(kTerminal, report({}, 7))); // visits waiting to go up
    QCOMPARE(m_store->contactWrites.size(), 3);
    QCOMPARE(entry().status.pendingUploads, 7);

    m_clock->advance(1);
    QVERIFY(m_fleet->noteContact(kTerminal, report({}, {}, m_clock->now().addSecs(-90)))); // first clock reading
    QCOMPARE(m_store->contactWrites.size(), 4);
    QVERIFY(entry().status.clockOffsetMs.has_value());

    // The same again within the interval: nothing new, nothing written. Only the first reading of the offset is
    // written at once; later readings ride along with the next write.
    m_clock->advance(1);
    QVERIFY(m_fleet->noteContact(kTerminal, report(QStringLiteral("1.4.1"), 7, m_clock->now().addSecs(-90))));
    QCOMPARE(m_store->contactWrites.size(), 4);
}

void TestFleetThrottle::clockMovedBackIsWritten()
{
    QVERIFY(m_fleet->noteContact(kTerminal, report(QStringLiteral("1.4.0"), 0)));
    QCOMPARE(m_store->contactWrites.size(), 1);
    // Central's clock was corrected backwards by ten minutes: "less than the interval ago" cannot be judged, so the
    // contact is written rather than skipped for the next ten minutes.
    m_clock->advance(-600);
    QVERIFY(m_fleet->noteContact(kTerminal, report(QStringLiteral("1.4.0"), 0)));
    QCOMPARE(m_store->contactWrites.size(), 2);
    m_clock->advance(5);
    QVERIFY(m_fleet->noteContact(kTerminal, report(QStringLiteral("1.4.0"), 0)));
    QCOMPARE(m_store->contactWrites.size(), 2);
}

void TestFleetThrottle::throttleIsPerTerminal()
{
    QVERIFY(m_fleet->noteContact(kTerminal, report(QStringLiteral("1.4.0"), 0)));
    m_clock->advance(1);
    QVERIFY(m_fleet->noteContact(QStringLiteral("T-THROTTLE-2"), report(QStringLiteral("1.4.0"), 0)));
    m_clock->advance(1);
    QVERIFY(m_fleet->noteContact(kTerminal, report(QStringLiteral("1.4.0"), 0)));
    QCOMPARE(m_store->contactWrites, (QStringList {kTerminal, QStringLiteral("T-THROTTLE-2")}));
}

QTEST_GUILESS_MAIN(TestFleetThrottle)
#include "tst_fleetthrottle.moc"
