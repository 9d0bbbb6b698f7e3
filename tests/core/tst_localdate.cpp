// Validator::localDate (the resource's local date that every date window and quota period is judged on) reuses each
// zone's offset between two transitions (issue 16). It must give QDateTime::toTimeZone()'s date for every instant:
// around daylight-saving changes, in zones with half- and quarter-hour offsets, across a skipped day, and when the
// clock moves back.

#include "Validator.h"

#include <QRandomGenerator>
#include <QTest>
#include <QTimeZone>

using namespace lounge::core;

class TestLocalDate : public QObject
{
    Q_OBJECT

private slots:
    void matchesQDateTime_data()
    {
        QTest::addColumn<QString>("zone");
        for (const char* zone :
             {"Asia/Hong_Kong", "Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu",
              "Pacific/Chatham", "Pacific/Apia", "America/St_Johns", "Asia/Tehran", "UTC", "America/Sao_Paulo"}) {
            QTest::newRow(zone) << QString::fromLatin1(zone);
        }
    }

    void matchesQDateTime()
    {
        QFETCH(QString, zone);
        const QTimeZone tz(zone.toUtf8());
        QVERIFY(tz.isValid());
        auto expect = [&](qint64 ms) {
            const QDateTime at = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
            const QDate got = Validator::localDate(at, zone);
            if (got != at.toTimeZone(tz).date()) {
                qWarning() << zone << at << "gave" << got << "expected" << at.toTimeZone(tz).date();
                return false;
            }
            return true;
        };
        // Every 7 minutes for two days around each transition from 2010 to 2030, forwards then backwards.
        QDateTime from(QDate(2010, 1, 1), QTime(0, 0), QTimeZone::utc());
        const QDateTime until(QDate(2030, 1, 1), QTime(0, 0), QTimeZone::utc());
        int transitions = 0;
        for (auto t = tz.nextTransition(from); t.atUtc.isValid() && t.atUtc < until; t = tz.nextTransition(t.atUtc)) {
            ++transitions;
            const qint64 at = t.atUtc.toMSecsSinceEpoch();
            for (qint64 ms = at - 86400000; ms <= at + 86400000; ms += 7 * 60000) {
                QVERIFY(expect(ms));
            }
            for (qint64 ms = at + 86400000; ms >= at - 86400000; ms -= 7 * 60000) {
                QVERIFY(expect(ms));
            }
            QVERIFY(expect(at - 1));
            QVERIFY(expect(at));
        }
        // Random instants in any order (the cache jumps back and forth).
        QRandomGenerator rng(20261127);
        const qint64 span = until.toMSecsSinceEpoch() - from.toMSecsSinceEpoch();
        for (int i = 0; i < 5000; ++i) {
            QVERIFY(expect(from.toMSecsSinceEpoch() + qint64(rng.bounded(1.0) * double(span))));
        }
        if (zone != QLatin1String("UTC") && zone != QLatin1String("Asia/Hong_Kong")
            && zone != QLatin1String("Asia/Kathmandu")) {
            QVERIFY2(transitions > 0, "the zone's transitions were walked");
        }
    }
};

QTEST_GUILESS_MAIN(TestLocalDate)
#include "tst_localdate.moc"
