// End-to-end journeys through the built lounge-terminal executable (QProcess), on real store files.

#include "AccessService.h"
#include "StaffEventLog.h"
#include "Store.h"
#include "TerminalSettings.h"
#include "TestData.h"

#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace lounge::core;
using namespace lounge::core::test;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QList<QJsonObject> lines() const
    {
        QList<QJsonObject> list;
        for (const QByteArray& l : out.split('\n')) {
            if (!l.trimmed().isEmpty()) {
                list << QJsonDocument::fromJson(l).object();
            }
        }
        return list;
    }
    QJsonObject json() const { return lines().value(0); }
};

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void validateExitCodes_data();
    void validateExitCodes();
    void redeemShowsInHistoryAndStats();
    void voidRefunds();
    void attentionExitCode();
    void dataDirHonoured();
    void staffLogListsTheDaysSessions();
    void statsShiftBreakdown();
    void reportShiftCsvPdfAndUsage();
    void xdgDataHomeMovesDefault();
    void atDstDayBoundary_data();
    void atDstDayBoundary();
    void brokenStoreRefuses();
    void enrollRefusesCacheWithForeignVisits();
    void unknownCommandIsUsage_data();
    void unknownCommandIsUsage();
    void scanOfMissingFileIsDataError();
    void redeemRecordsOnlyHereAndNow();
    void atWithoutOffsetIsReadInTheLoungeZone_data();
    void atWithoutOffsetIsReadInTheLoungeZone();
    void enrollRefusesDemoCacheUnlessWiped();
    void emptiedCacheRefusesToStart();
    void verifyJournalOnReadOnlyMediaAndAfterAnEdit();

private:
    Run run(QStringList args, const QString& dataDir = QString(), const QString& xdg = QString(),
            const QMap<QString, QString>& extraEnv = {});

    QTemporaryDir m_tmp;
    QString m_demoDir;
    QMap<QString, QString> m_codes; ///< demo label -> code
    QMap<QString, QString> m_expected; ///< demo label -> reason
};

Run TestCli::run(QStringList args, const QString& dataDir, const QString& xdg, const QMap<QString, QString>& extraEnv)
{
    if (!dataDir.isEmpty()) {
        args << QStringLiteral("--data-dir") << dataDir;
    }
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Never touch the real home: the default location must come from these.
    env.insert(QStringLiteral("XDG_DATA_HOME"), xdg.isEmpty() ? m_tmp.filePath(QStringLiteral("xdg-unused")) : xdg);
    env.insert(QStringLiteral("HOME"), m_tmp.filePath(QStringLiteral("home")));
    for (auto it = extraEnv.cbegin(); it != extraEnv.cend(); ++it) {
        if (it.value().isNull()) {
            env.remove(it.key());
        } else {
            env.insert(it.key(), it.value());
        }
    }
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(LOUNGE_TERMINAL), args);
    Run r;
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit) {
        qWarning() << "lounge-terminal" << args << "did not finish normally" << p.readAllStandardError();
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

void TestCli::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_demoDir = m_tmp.filePath(QStringLiteral("demo"));
    const Run seeded = run({QStringLiteral("seed-demo"), QStringLiteral("--json")}, m_demoDir);
    QCOMPARE(seeded.exitCode, 0);
    for (const QJsonObject& o : seeded.lines()) {
        m_codes.insert(o.value(QStringLiteral("label")).toString(), o.value(QStringLiteral("code")).toString());
        m_expected.insert(o.value(QStringLiteral("label")).toString(), o.value(QStringLiteral("expected")).toString());
    }
    QVERIFY2(m_codes.size() >= 10, seeded.out.constData());
}

void TestCli::validateExitCodes_data()
{
    QTest::addColumn<QString>("label");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("reason");
    auto row = [](const char* label, int code, const char* reason) {
        QTest::newRow(label) << QString::fromLatin1(label) << code << QString::fromLatin1(reason);
    };
    row("Gold member, active", 0, "OK");
    row("Asia Explorer member (HKG/SIN only)", 0, "OK");
    row("E-pass, any lounge, 3 visits", 0, "OK");
    row("Classic member, suspended", 20, "SUSPENDED");
    row("Classic member, cancelled", 20, "CANCELLED");
    row("Gold member, pending activation", 20, "PENDING_ACTIVATION");
    row("Gold member, expired", 20, "EXPIRED");
    row("E-pass for London only", 20, "OUT_OF_SCOPE");
    row("Fast Track E-pass at a lounge", 20, "WRONG_MODULE");
    row("E-pass, revoked", 20, "REVOKED");
    row("E-pass with no visits left", 20, "NO_VISITS_LEFT");
    QTest::newRow("garbage") << QString() << 20 << QStringLiteral("MALFORMED_CODE");
}

void TestCli::validateExitCodes()
{
    QFETCH(QString, label);
    QFETCH(int, exitCode);
    QFETCH(QString, reason);
    const QString code = label.isEmpty() ? QStringLiteral("' OR 1=1; --") : m_codes.value(label);
    QVERIFY2(!code.isEmpty(), qPrintable(label));
    if (!label.isEmpty()) {
        QCOMPARE(m_expected.value(label), reason); // the demo's own expectation agrees with this table
    }
    const Run r = run({QStringLiteral("validate"), code, QStringLiteral("--json")}, m_demoDir);
    QCOMPARE(r.exitCode, exitCode);
    QCOMPARE(r.json().value(QStringLiteral("reason")).toString(), reason);
    QCOMPARE(r.json().value(QStringLiteral("recorded")).toBool(), false);
}

void TestCli::redeemShowsInHistoryAndStats()
{
    const QString code = m_codes.value(QStringLiteral("Platinum member, active"));
    const Run r = run(
        {QStringLiteral("redeem"), code, QStringLiteral("--party"), QStringLiteral("3"), QStringLiteral("--json")},
        m_demoDir);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.json().value(QStringLiteral("recorded")).toBool());
    const QString id = r.json().value(QStringLiteral("redemptionId")).toString();
    QVERIFY(!QUuid::fromString(id).isNull());

    const Run history = run({QStringLiteral("history"), QStringLiteral("--json")}, m_demoDir);
    QCOMPARE(history.exitCode, 0);
    bool found = false;
    for (const QJsonObject& o : history.lines()) {
        if (o.value(QStringLiteral("id")).toString() == id) {
            found = true;
            QCOMPARE(o.value(QStringLiteral("partySize")).toInt(), 3);
            QCOMPARE(o.value(QStringLiteral("state")).toString(), QStringLiteral("pending"));
        }
    }
    QVERIFY2(found, history.out.constData());
    const Run stats = run({QStringLiteral("stats"), QStringLiteral("--json")}, m_demoDir);
    QCOMPARE(stats.exitCode, 0);
    QVERIFY(stats.json().value(QStringLiteral("admitted")).toInt() >= 3);
    QVERIFY(stats.json().value(QStringLiteral("pendingUploads")).toInt() >= 1);
}

void TestCli::voidRefunds()
{
    const QString code = m_codes.value(QStringLiteral("E-pass for this lounge only, 1 visit"));
    const Run first = run({QStringLiteral("redeem"), code, QStringLiteral("--json")}, m_demoDir);
    QCOMPARE(first.exitCode, 0);
    const QString id = first.json().value(QStringLiteral("redemptionId")).toString();
    const Run used = run({QStringLiteral("validate"), code, QStringLiteral("--json")}, m_demoDir);
    QCOMPARE(used.exitCode, 20);
    QCOMPARE(used.json().value(QStringLiteral("reason")).toString(), QStringLiteral("NO_VISITS_LEFT"));

    const Run voided = run({QStringLiteral("void"), id, QStringLiteral("--reason"), QStringLiteral("test")}, m_demoDir);
    QCOMPARE(voided.exitCode, 0);
    const Run again = run({QStringLiteral("validate"), code, QStringLiteral("--json")}, m_demoDir);
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(again.json().value(QStringLiteral("reason")).toString(), QStringLiteral("OK"));
    // Voiding twice is refused (data error), and the history shows the original as voided.
    QCOMPARE(run({QStringLiteral("void"), id}, m_demoDir).exitCode, 65);
    bool sawVoided = false;
    for (const QJsonObject& o : run({QStringLiteral("history"), QStringLiteral("--json")}, m_demoDir).lines()) {
        sawVoided |= o.value(QStringLiteral("id")).toString() == id
            && o.value(QStringLiteral("state")).toString() == QStringLiteral("voided");
    }
    QVERIFY(sawVoided);
}

void TestCli::attentionExitCode()
{
    const QString code = m_codes.value(QStringLiteral("Family member, shared pool"));
    QCOMPARE(run({QStringLiteral("redeem"), code}, m_demoDir).exitCode, 0);
    const Run r = run({QStringLiteral("validate"), code, QStringLiteral("--json")}, m_demoDir);
    QCOMPARE(r.exitCode, 10);
    QCOMPARE(r.json().value(QStringLiteral("reason")).toString(), QStringLiteral("RECENTLY_USED"));
    // redeem without --confirm records nothing on ATTENTION.
    const Run unconfirmed = run({QStringLiteral("redeem"), code, QStringLiteral("--json")}, m_demoDir);
    QCOMPARE(unconfirmed.exitCode, 10);
    QCOMPARE(unconfirmed.json().value(QStringLiteral("recorded")).toBool(), false);
}

void TestCli::dataDirHonoured()
{
    const QString dir = m_tmp.filePath(QStringLiteral("elsewhere/nested"));
    const QString xdg = m_tmp.filePath(QStringLiteral("xdg-datadir"));
    QCOMPARE(run({QStringLiteral("seed-demo")}, dir, xdg).exitCode, 0);
    QVERIFY(QFile::exists(dir + QStringLiteral("/cache.sqlite")));
    QVERIFY(!QDir(xdg).exists()); // the default location was not touched
}

void TestCli::staffLogListsTheDaysSessions()
{
    const QString dir = m_tmp.filePath(QStringLiteral("staff-log"));
    QCOMPARE(run({QStringLiteral("seed-demo")}, dir).exitCode, 0);
    // The demo lounge is in Hong Kong (UTC+8): 20 Nov 23:30 UTC is already the 21st there.
    const QDateTime t0(QDate(2026, 11, 20), QTime(1, 0), Qt::UTC);
    {
        auto store = Store::open(dir + QStringLiteral("/cache.sqlite"));
        QVERIFY(store);
        StaffEventLog log(**store);
        QVERIFY(log.record({0, t0, StaffEventKind::SignedIn, QStringLiteral("4101"), {}}));
        QVERIFY(log.record({0, t0.addSecs(600), StaffEventKind::Locked, QStringLiteral("4101"), {}}));
        QVERIFY(log.record(
            {0, t0.addSecs(660), StaffEventKind::SignedOutOther, QStringLiteral("4102"), QStringLiteral("4101")}));
        QVERIFY(log.record({0,
                            QDateTime(QDate(2026, 11, 20), QTime(23, 30), Qt::UTC),
                            StaffEventKind::SignedIn,
                            QStringLiteral("4103"),
                            {}}));
    }
    const Run r = run(
        {QStringLiteral("staff-log"), QStringLiteral("--date"), QStringLiteral("2026-11-20"), QStringLiteral("--json")},
        dir);
    QCOMPARE(r.exitCode, 0);
    const auto lines = r.lines();
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(0).value(QStringLiteral("event")).toString(), QStringLiteral("signed_in"));
    QCOMPARE(lines.at(2).value(QStringLiteral("event")).toString(), QStringLiteral("signed_out_other"));
    QCOMPARE(lines.at(2).value(QStringLiteral("staff")).toString(), QStringLiteral("4102"));
    QCOMPARE(lines.at(2).value(QStringLiteral("subject")).toString(), QStringLiteral("4101"));
    const Run text = run({QStringLiteral("staff-log"), QStringLiteral("--date"), QStringLiteral("2026-11-21")}, dir);
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains("4103 signed in"), text.out.constData());
    const Run empty = run({QStringLiteral("staff-log"), QStringLiteral("--date"), QStringLiteral("2026-11-22")}, dir);
    QVERIFY2(empty.out.contains("No staff sessions recorded on 2026-11-22"), empty.out.constData());
    QCOMPARE(run({QStringLiteral("staff-log"), QStringLiteral("--date"), QStringLiteral("yesterday")}, dir).exitCode,
             64);
}

void TestCli::statsShiftBreakdown()
{
    const QString dir = m_tmp.filePath(QStringLiteral("shift"));
    QCOMPARE(run({QStringLiteral("seed-demo")}, dir).exitCode, 0);
    // Hong Kong (UTC+8): 01:30 and 02:10 UTC are 09:30 and 10:10 at the lounge (on the demo's own day: its passes
    // are valid from today).
    const QDate day = QDate::currentDate();
    const QDateTime t0(day, QTime(1, 30), Qt::UTC);
    {
        auto store = Store::open(dir + QStringLiteral("/cache.sqlite"));
        QVERIFY(store);
        auto settings = TerminalSettings::load(**store);
        QVERIFY(settings);
        FixedClock clock(t0);
        AccessService service(**store, clock, settings->context(QStringLiteral("4101")));
        auto platinum = service.redeem({m_codes.value(QStringLiteral("Platinum member, active")).toUtf8(), 3});
        QVERIFY(platinum && platinum->recorded);
        const QString program = platinum->programName;
        QVERIFY(!program.isEmpty());
        clock.advance(40 * 60);
        auto epass = service.redeem({m_codes.value(QStringLiteral("E-pass, any lounge, 3 visits")).toUtf8(), 1});
        QVERIFY(epass);
        QVERIFY2(epass->recorded, qPrintable(toString(epass->reason) + QLatin1Char(' ') + epass->detail));
        auto refused = service.check({m_codes.value(QStringLiteral("Classic member, suspended")).toUtf8(), 1});
        QCOMPARE(toString(refused.verdict), toString(Verdict::Reject));
        Refusal f;
        f.at = clock.now();
        f.credential = refused.credential;
        f.reason = refused.reason;
        QVERIFY((*store)->recordRefusal(f));
        QVERIFY(service.recordPaidEntry(refused.credential, refused.holderName, 2, 4500));
    }
    const Run r = run(
        {QStringLiteral("stats"), QStringLiteral("--date"), day.toString(Qt::ISODate), QStringLiteral("--json")}, dir);
    QCOMPARE(r.exitCode, 0);
    const QJsonObject s = r.json();
    QCOMPARE(s.value(QStringLiteral("admitted")).toInt(), 3 + 1 + 2);
    QCOMPARE(s.value(QStringLiteral("redemptions")).toInt(), 2);
    QCOMPARE(s.value(QStringLiteral("guests")).toInt(), 2);
    QCOMPARE(s.value(QStringLiteral("refused")).toInt(), 1);
    QCOMPARE(s.value(QStringLiteral("paidEntries")).toInt(), 1);
    QCOMPARE(s.value(QStringLiteral("paidPeople")).toInt(), 2);
    QCOMPARE(s.value(QStringLiteral("admittedAnyway")).toInt(), 0);
    const QJsonObject byHour = s.value(QStringLiteral("byHour")).toObject();
    QCOMPARE(byHour.value(QStringLiteral("09")).toInt(), 3);
    QCOMPARE(byHour.value(QStringLiteral("10")).toInt(), 1 + 2);
    const QJsonObject byProgram = s.value(QStringLiteral("byProgram")).toObject();
    QCOMPARE(byProgram.value(QStringLiteral("E-pass")).toInt(), 1);
    QCOMPARE(byProgram.value(QStringLiteral("Paid entry")).toInt(), 2);
    int total = 0;
    for (const auto& v : byProgram) {
        total += v.toInt();
    }
    QCOMPARE(total, 6);
    const Run text = run({QStringLiteral("stats"), QStringLiteral("--date"), day.toString(Qt::ISODate)}, dir);
    QVERIFY2(text.out.contains("by hour: 09h 3, 10h 3"), text.out.constData());
    QVERIFY2(text.out.contains("1 paid entries, 1 refused"), text.out.constData());
}

void TestCli::reportShiftCsvPdfAndUsage()
{
    const QString dir = m_tmp.filePath(QStringLiteral("report"));
    QCOMPARE(run({QStringLiteral("seed-demo")}, dir).exitCode, 0);
    const QDate day = QDate::currentDate();
    {
        auto store = Store::open(dir + QStringLiteral("/cache.sqlite"));
        QVERIFY(store);
        auto settings = TerminalSettings::load(**store);
        QVERIFY(settings);
        FixedClock clock(QDateTime(day, QTime(1, 30), Qt::UTC)); // 09:30 in Hong Kong
        AccessService service(**store, clock, settings->context(QStringLiteral("4101")));
        const QByteArray platinum = m_codes.value(QStringLiteral("Platinum member, active")).toUtf8();
        auto first = service.redeem({platinum, 3});
        QVERIFY(first && first->recorded);
        clock.advance(60);
        auto again = service.redeem({platinum, 1}, true); // a minute later: ATTENTION, admitted anyway
        QVERIFY(again && again->recorded);
        QCOMPARE(toString(again->verdict), toString(Verdict::Attention));
        Refusal f;
        f.at = clock.now();
        f.reason = Reason::Suspended;
        QVERIFY((*store)->recordRefusal(f));
    }
    const QString csv = m_tmp.filePath(QStringLiteral("report-out/day.csv"));
    const QString pdf = m_tmp.filePath(QStringLiteral("report-out/day.pdf"));
    const Run r
        = run({QStringLiteral("report"), QStringLiteral("shift"), QStringLiteral("--date"), day.toString(Qt::ISODate),
               QStringLiteral("--csv"), csv, QStringLiteral("--pdf"), pdf, QStringLiteral("--json")},
              dir);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject j = r.json();
    QCOMPARE(j.value(QStringLiteral("visits")).toInt(), 2);
    QCOMPARE(j.value(QStringLiteral("cardholders")).toInt(), 2);
    QCOMPARE(j.value(QStringLiteral("guests")).toInt(), 2);
    QCOMPARE(j.value(QStringLiteral("refused")).toInt(), 1);
    QCOMPARE(j.value(QStringLiteral("overrides")).toInt(), 1);
    // Boarding passes (issue 14): the demo lounge does not ask for them, so none were overridden or mismatched.
    QVERIFY(j.contains(QStringLiteral("boardingPassOverrides")));
    QVERIFY(j.contains(QStringLiteral("nameMismatches")));
    QCOMPARE(j.value(QStringLiteral("boardingPassOverrides")).toInt(-1), 0);
    QCOMPARE(j.value(QStringLiteral("nameMismatches")).toInt(-1), 0);
    QCOMPARE(j.value(QStringLiteral("timeZone")).toString(), QStringLiteral("Asia/Hong_Kong"));
    QFile c(csv);
    QVERIFY(c.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(c.readAll());
    QVERIFY2(text.contains(QStringLiteral("\r\ntotal,all,,,,,2,2,2,0,4,1,0,\r\n")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("\r\nhour,09:00,,,,,2,2,2,0,4,1,,\r\n")));
    QVERIFY(text.contains(QStringLiteral(",4101,RECENTLY_USED,")));
    QFile p(pdf);
    QVERIFY(p.open(QIODevice::ReadOnly));
    QVERIFY(p.read(5) == "%PDF-");
    // Another day is empty; a bad date or report is a usage error (64) and writes nothing.
    const Run before = run({QStringLiteral("report"), QStringLiteral("shift"), QStringLiteral("--date"),
                            day.addDays(-1).toString(Qt::ISODate), QStringLiteral("--json")},
                           dir);
    QCOMPARE(before.exitCode, 0);
    QCOMPARE(before.json().value(QStringLiteral("visits")).toInt(), 0);
    QCOMPARE(
        run({QStringLiteral("report"), QStringLiteral("shift"), QStringLiteral("--date"), QStringLiteral("27/11/2026")},
            dir)
            .exitCode,
        64);
    QCOMPARE(run({QStringLiteral("report"), QStringLiteral("billing")}, dir).exitCode, 64);
}

void TestCli::xdgDataHomeMovesDefault()
{
    const QString xdg = m_tmp.filePath(QStringLiteral("xdg"));
    const Run seeded = run({QStringLiteral("seed-demo"), QStringLiteral("--json")}, QString(), xdg);
    QCOMPARE(seeded.exitCode, 0);
    QStringList files;
    QDirIterator it(xdg, {QStringLiteral("cache.sqlite")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        files << it.next();
    }
    QCOMPARE(files.size(), 1);
    QVERIFY(files.first().startsWith(xdg + QLatin1Char('/')));
    // Later commands without --data-dir find the same cache.
    const QString code = seeded.lines().first().value(QStringLiteral("code")).toString();
    const Run r = run({QStringLiteral("validate"), code, QStringLiteral("--json")}, QString(), xdg);
    QCOMPARE(r.exitCode, 0);
}

void TestCli::atDstDayBoundary_data()
{
    QTest::addColumn<QString>("at");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("reason");
    // An E-pass valid through 2027-03-14 in New York, the day clocks spring forward (EST -5 -> EDT -4).
    QTest::newRow("last second, UTC") << QStringLiteral("2027-03-15T03:59:59Z") << 0 << QStringLiteral("OK");
    QTest::newRow("local midnight EDT, UTC")
        << QStringLiteral("2027-03-15T04:00:00Z") << 20 << QStringLiteral("EXPIRED");
    QTest::newRow("last second, local offset")
        << QStringLiteral("2027-03-14T23:59:59-04:00") << 0 << QStringLiteral("OK");
    QTest::newRow("an hour later would still be the 14th in EST")
        << QStringLiteral("2027-03-15T04:30:00Z") << 20 << QStringLiteral("EXPIRED");
    QTest::newRow("first second of activation day (EST)")
        << QStringLiteral("2027-03-10T05:00:00Z") << 0 << QStringLiteral("OK");
    QTest::newRow("before activation day")
        << QStringLiteral("2027-03-10T04:59:59Z") << 20 << QStringLiteral("NOT_YET_VALID");
}

void TestCli::atDstDayBoundary()
{
    QFETCH(QString, at);
    QFETCH(int, exitCode);
    QFETCH(QString, reason);
    const QString dir = m_tmp.filePath(QStringLiteral("dst"));
    static QString code;
    if (code.isEmpty()) {
        QVERIFY(QDir().mkpath(dir));
        auto store = Store::open(dir + QStringLiteral("/cache.sqlite"));
        QVERIFY(store);
        ChangePage page;
        page.resources = {resource(QStringLiteral("JFK-T4-LOUNGE"), QStringLiteral("LOUNGE"), QStringLiteral("JFK"),
                                   QStringLiteral("America/New_York"))};
        page.ePasses = {ePass(QStringLiteral("E-DST"), &code, 5, QDate(2027, 3, 10), QDate(2027, 3, 14))};
        QVERIFY((*store)->applyChangePage(page));
        TerminalSettings settings;
        settings.terminalId = QStringLiteral("T-NY");
        settings.resourceId = QStringLiteral("JFK-T4-LOUNGE");
        settings.staleAfterSeconds = 0; // judged far from any sync
        QVERIFY(settings.save(**store));
    }
    const Run r = run({QStringLiteral("validate"), code, QStringLiteral("--at"), at, QStringLiteral("--json")}, dir);
    QCOMPARE(r.exitCode, exitCode);
    QCOMPARE(r.json().value(QStringLiteral("reason")).toString(), reason);
}

void TestCli::brokenStoreRefuses()
{
    const QString dir = m_tmp.filePath(QStringLiteral("broken"));
    QVERIFY(QDir().mkpath(dir));
    QFile f(dir + QStringLiteral("/cache.sqlite"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(8192, 'x'));
    f.close();
    const Run r = run({QStringLiteral("redeem"), m_codes.value(QStringLiteral("Gold member, active"))}, dir);
    QCOMPARE(r.exitCode, 74);
}

void TestCli::enrollRefusesCacheWithForeignVisits()
{
    // A demo cache with a recorded visit: enrolling it would strand that visit (central refuses a foreign terminal
    // id), so enroll refuses before contacting central (the URL below has nothing listening).
    const QString dir = m_tmp.filePath(QStringLiteral("enroll-foreign"));
    QCOMPARE(run({QStringLiteral("seed-demo")}, dir).exitCode, 0);
    QCOMPARE(run({QStringLiteral("redeem"), m_codes.value(QStringLiteral("Gold member, active"))}, dir).exitCode, 0);
    const Run r = run({QStringLiteral("enroll"), QStringLiteral("http://127.0.0.1:9"), QStringLiteral("ABC"),
                       QStringLiteral("--json")},
                      dir);
    QCOMPARE(r.exitCode, 65);
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("UNSYNCED_FOREIGN_VISITS"));
    // A fresh cache gets as far as the network (connection refused → central unreachable).
    const Run fresh = run({QStringLiteral("enroll"), QStringLiteral("http://127.0.0.1:9"), QStringLiteral("ABC")},
                          m_tmp.filePath(QStringLiteral("enroll-fresh")));
    QVERIFY2(fresh.exitCode != 65 && fresh.exitCode != 0, fresh.err.constData());
}

void TestCli::unknownCommandIsUsage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("misspelt command") << QStringList {QStringLiteral("redem"), QStringLiteral("L1M")};
    QTest::newRow("unknown word") << QStringList {QStringLiteral("frobnicate")};
    QTest::newRow("unknown kiosk option") << QStringList {QStringLiteral("--frobnicate")};
}

void TestCli::unknownCommandIsUsage()
{
    QFETCH(QStringList, args);
    // No display at all: before the fix "redem" started the kiosk GUI, which aborted without one.
    const Run r = run(args, QString(), QString(),
                      {{QStringLiteral("DISPLAY"), QString()},
                       {QStringLiteral("WAYLAND_DISPLAY"), QString()},
                       {QStringLiteral("QT_QPA_PLATFORM"), QString()}});
    QCOMPARE(r.exitCode, 64);
    QVERIFY2(r.err.contains("Usage") || r.err.contains("--help"), r.err.constData());
}

void TestCli::scanOfMissingFileIsDataError()
{
    const Run r = run({QStringLiteral("scan"), QStringLiteral("--source"), m_tmp.filePath(QStringLiteral("nope.mp4"))});
    QCOMPARE(r.exitCode, 65);
    QVERIFY2(r.err.contains("no such file"), r.err.constData());
    QCOMPARE(run({QStringLiteral("scan")}).exitCode, 64); // --source missing
}

void TestCli::redeemRecordsOnlyHereAndNow()
{
    const QString dir = m_tmp.filePath(QStringLiteral("here-and-now"));
    QCOMPARE(run({QStringLiteral("seed-demo")}, dir).exitCode, 0);
    const QString code = m_codes.value(QStringLiteral("E-pass for this lounge only, 1 visit"));
    for (const QStringList& extra : {QStringList {QStringLiteral("--resource"), QStringLiteral("LHR-T5-LOUNGE")},
                                     QStringList {QStringLiteral("--at"), QStringLiteral("2026-01-01T10:00:00Z")}}) {
        const Run r = run(QStringList {QStringLiteral("redeem"), code} + extra, dir);
        QCOMPARE(r.exitCode, 64);
    }
    // Nothing was recorded by the refused attempts; validate keeps its what-if options.
    QCOMPARE(run({QStringLiteral("stats"), QStringLiteral("--json")}, dir).json().value("redemptions").toInt(), 0);
    QCOMPARE(run({QStringLiteral("validate"), code, QStringLiteral("--resource"), QStringLiteral("LHR-T5-LOUNGE")}, dir)
                 .exitCode,
             20);
    const Run ok = run({QStringLiteral("redeem"), code, QStringLiteral("--json")}, dir);
    QCOMPARE(ok.exitCode, 0);
    QCOMPARE(ok.json().value("resource").toString(), QStringLiteral("HKG-T1-LOUNGE"));
}

void TestCli::atWithoutOffsetIsReadInTheLoungeZone_data()
{
    QTest::addColumn<QString>("at");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("reason");
    // The JFK E-pass of atDstDayBoundary: valid through 2027-03-14, New York time. The host runs in Tokyo.
    QTest::newRow("last minute of the 14th, New York")
        << QStringLiteral("2027-03-14T23:59:00") << 0 << QStringLiteral("OK");
    QTest::newRow("00:30 on the 15th, New York (in Tokyo still the 14th in NY)")
        << QStringLiteral("2027-03-15T00:30:00") << 20 << QStringLiteral("EXPIRED");
    QTest::newRow("first day, 00:00 New York") << QStringLiteral("2027-03-10T00:00:00") << 0 << QStringLiteral("OK");
}

void TestCli::atWithoutOffsetIsReadInTheLoungeZone()
{
    QFETCH(QString, at);
    QFETCH(int, exitCode);
    QFETCH(QString, reason);
    // Reuses the JFK cache of atDstDayBoundary (it runs first and creates it).
    const QString dir = m_tmp.filePath(QStringLiteral("dst"));
    QVERIFY(QFile::exists(dir + QStringLiteral("/cache.sqlite")));
    // One more E-pass with the same New York window whose code this test knows.
    static QString code;
    if (code.isEmpty()) {
        auto rw = Store::open(dir + QStringLiteral("/cache.sqlite"));
        QVERIFY(rw);
        QVERIFY((*rw)->upsertEPass(ePass(QStringLiteral("E-DST2"), &code, 5, QDate(2027, 3, 10), QDate(2027, 3, 14))));
    }
    const Run r = run({QStringLiteral("validate"), code, QStringLiteral("--at"), at, QStringLiteral("--json")}, dir,
                      QString(), {{QStringLiteral("TZ"), QStringLiteral("Asia/Tokyo")}});
    QCOMPARE(r.exitCode, exitCode);
    QCOMPARE(r.json().value(QStringLiteral("reason")).toString(), reason);
}

void TestCli::enrollRefusesDemoCacheUnlessWiped()
{
    const QString dir = m_tmp.filePath(QStringLiteral("enroll-demo"));
    QCOMPARE(run({QStringLiteral("seed-demo")}, dir).exitCode, 0);
    const Run refused = run({QStringLiteral("enroll"), QStringLiteral("http://127.0.0.1:9"), QStringLiteral("ABC"),
                             QStringLiteral("--json")},
                            dir);
    QCOMPARE(refused.exitCode, 65);
    QCOMPARE(refused.json().value(QStringLiteral("code")).toString(), QStringLiteral("DEMO_CACHE"));
    // The demo still works there: nothing was changed.
    const QString gold = m_codes.value(QStringLiteral("Gold member, active"));
    QCOMPARE(run({QStringLiteral("validate"), gold}, dir).exitCode, 0);
    // --wipe-demo removes it, then gets as far as the network (nothing listens: central unreachable).
    const Run wiped = run({QStringLiteral("enroll"), QStringLiteral("http://127.0.0.1:9"), QStringLiteral("ABC"),
                           QStringLiteral("--wipe-demo")},
                          dir);
    QCOMPARE(wiped.exitCode, 69);
    const Run gone = run({QStringLiteral("validate"), gold, QStringLiteral("--json")}, dir);
    QCOMPARE(gone.exitCode, 20);
    QVERIFY(gone.json().value(QStringLiteral("reason")).toString() != QStringLiteral("OK"));
}

void TestCli::emptiedCacheRefusesToStart()
{
    const QString dir = m_tmp.filePath(QStringLiteral("emptied"));
    QCOMPARE(run({QStringLiteral("seed-demo")}, dir).exitCode, 0);
    QCOMPARE(run({QStringLiteral("redeem"), m_codes.value(QStringLiteral("Gold member, active"))}, dir).exitCode, 0);
    const QString path = dir + QStringLiteral("/cache.sqlite");
    QFile::remove(path + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm"));
    QVERIFY(QFile::resize(path, 0));
    for (const QString& command :
         {QStringLiteral("history"), QStringLiteral("redeem"), QStringLiteral("verify-journal")}) {
        QStringList args {command};
        if (command == QLatin1String("redeem")) {
            args << m_codes.value(QStringLiteral("Gold member, active"));
        }
        const Run r = run(args, dir);
        QCOMPARE(r.exitCode, 74);
        QVERIFY2(r.err.contains("journal record"), r.err.constData());
        QCOMPARE(QFileInfo(path).size(), 0); // never silently rebuilt
    }
}

void TestCli::verifyJournalOnReadOnlyMediaAndAfterAnEdit()
{
    const QString dir = m_tmp.filePath(QStringLiteral("ro-source"));
    QCOMPARE(run({QStringLiteral("seed-demo")}, dir).exitCode, 0);
    QCOMPARE(run({QStringLiteral("redeem"), m_codes.value(QStringLiteral("Gold member, active"))}, dir).exitCode, 0);
    // A read-only copy (0444 files in a 0555 directory), as on write-protected media.
    const QString media = m_tmp.filePath(QStringLiteral("ro-media"));
    QVERIFY(QDir().mkpath(media));
    for (const QString& name : QDir(dir).entryList(QDir::Files | QDir::Hidden)) {
        QVERIFY(QFile::copy(dir + QLatin1Char('/') + name, media + QLatin1Char('/') + name));
        QFile::setPermissions(media + QLatin1Char('/') + name, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther);
    }
    QFile::setPermissions(media,
                          QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther
                              | QFile::ExeOther);
    const QStringList before = QDir(media).entryList(QDir::Files | QDir::Hidden);
    const Run ro = run({QStringLiteral("verify-journal"), QStringLiteral("--json")}, media);
    QCOMPARE(ro.exitCode, 0);
    QVERIFY(ro.json().value(QStringLiteral("ok")).toBool());
    QCOMPARE(QDir(media).entryList(QDir::Files | QDir::Hidden), before);
    QFile::setPermissions(media, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    // An edit with the sqlite3 shell (the desk moved to another lounge by hand) is named.
    QProcess shell;
    shell.start(QStringLiteral("sqlite3"),
                {dir + QStringLiteral("/cache.sqlite"),
                 QStringLiteral("UPDATE meta SET value='LHR-T5-LOUNGE' WHERE key='resource_id';")});
    QVERIFY(shell.waitForFinished(20000));
    QCOMPARE(shell.exitCode(), 0);
    const Run edited = run({QStringLiteral("verify-journal")}, dir);
    QCOMPARE(edited.exitCode, 65);
    QVERIFY2(edited.out.contains("EDITED") && edited.out.contains("resource_id"), edited.out.constData());
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
