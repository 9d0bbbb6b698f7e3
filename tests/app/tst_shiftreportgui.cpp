// The end-of-shift report on the today screen, through the real window offscreen: a supervisor reads it and exports
// CSV and PDF (read back with pdftotext), an agent is refused, the report survives a restart, and it stays readable
// at every kiosk size in English, Chinese and Arabic (right-to-left). Screenshots go to $LOUNGE_SCREENSHOT_DIR when
// it is set.

#include "KioskFixture.h"
#include "controller/KioskController.h"
#include "controller/ShiftReportExport.h"
#include "controller/TodayController.h"
#include "gui/KioskRuntime.h"
#include "gui/LanguageManager.h"
#include "gui/MainWindow.h"
#include "gui/ShiftReportDocument.h"
#include "gui/ShiftReportModel.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace lounge;
using namespace lounge::app;
using namespace lounge::test;

class TestShiftReportGui : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void supervisorExportsAgentIsRefused();
    void csvQuotesAndNeverRunsAFormula();
    void readableInEveryLanguageAndSize_data();
    void readableInEveryLanguageAndSize();

private:
    void startRuntime();
    template<typename T = QWidget> T* find(const QString& name) const { return m_rt->window()->findChild<T*>(name); }
    void click(const QString& name);
    void signInAs(const QString& pin);
    void signOut();
    /// Supervisor's morning: an E-pass visit, a suspended card refused, the same E-pass again a minute later admitted
    /// anyway, and a paid entry for two (45.50) after the refusal.
    void recordShift();
    void openReport();
    QString currentScreen() const { return m_rt->window()->currentScreenWidget()->objectName(); }
    QString text(const QString& label) const { return find<QLabel>(label)->text(); }
    QString cell(int section, int child, int column) const;
    QString reportFile(const QString& ext) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<core::FixedClock> m_clock;
    std::unique_ptr<gui::KioskRuntime> m_rt;
    KioskController* m_c = nullptr;
};

void TestShiftReportGui::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = makeClock();
}

void TestShiftReportGui::startRuntime()
{
    gui::KioskRuntime::Options o;
    o.dataDir = m_dir->path();
    o.source = QStringLiteral("none");
    o.seedDemo = true;
    o.keyboardWedge = false;
    o.clock = m_clock;
    o.exportDir = m_dir->filePath(QStringLiteral("usb"));
    m_rt = std::make_unique<gui::KioskRuntime>(std::move(o));
    m_c = m_rt->controller();
    m_c->setVerdictTimeoutOverrideMs(60'000);
    m_rt->window()->resize(1024, 600);
    m_rt->window()->show();
    m_rt->start();
    QTRY_VERIFY(m_c->isStoreOpen());
    QTRY_COMPARE(currentScreen(), QStringLiteral("signInScreen"));
}

void TestShiftReportGui::cleanup()
{
    if (m_rt) {
        m_rt->languages()->setLanguage(QStringLiteral("en"));
    }
    m_rt.reset();
    m_dir.reset();
}

void TestShiftReportGui::click(const QString& name)
{
    auto* b = find<QPushButton>(name);
    QVERIFY2(b, qPrintable(name));
    QVERIFY2(b->isVisible() && b->isEnabled(), qPrintable(name));
    QTest::mouseClick(b, Qt::LeftButton);
}

void TestShiftReportGui::signInAs(const QString& pin)
{
    for (const QChar ch : pin) {
        click(QStringLiteral("signInKey") + ch);
    }
    click(QStringLiteral("signInKeyOk"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
}

void TestShiftReportGui::signOut()
{
    click(QStringLiteral("signOutButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("signInScreen"));
}

void TestShiftReportGui::recordShift()
{
    // Verdicts by tone (the words are translated in zh_CN and ar).
    auto waitTone = [&](VerdictTone tone) { QTRY_COMPARE(m_c->verdict().tone, tone); };
    m_c->handleScan(demoCode(kEPass));
    waitTone(VerdictTone::Accept);
    click(QStringLiteral("verdictDoneButton"));
    m_clock->advance(30);
    m_c->handleScan(demoCode(kSuspended));
    waitTone(VerdictTone::Reject);
    click(QStringLiteral("paidEntryButton"));
    click(QStringLiteral("paidEntryPlusButton"));
    QTest::keyClicks(find<QLineEdit>(QStringLiteral("paidEntryAmountEdit")), QStringLiteral("45.50"));
    click(QStringLiteral("paidEntryConfirmButton"));
    QTRY_VERIFY(!find(QStringLiteral("paidEntryButton"))->isVisible()
                && !text(QStringLiteral("paidEntryMessage")).isEmpty());
    click(QStringLiteral("verdictDoneButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
    m_clock->advance(60);
    m_c->handleScan(demoCode(kEPass)); // used a minute ago: ATTENTION, admitted anyway
    waitTone(VerdictTone::Attention);
    click(QStringLiteral("admitAnywayButton"));
    waitTone(VerdictTone::Accept);
    click(QStringLiteral("verdictDoneButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
}

void TestShiftReportGui::openReport()
{
    click(QStringLiteral("todayButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("todayScreen"));
    click(QStringLiteral("todayReportButton"));
    QTRY_VERIFY(find(QStringLiteral("todayReportView"))->isVisible());
    QVERIFY(!find(QStringLiteral("todayTable"))->isVisible());
}

QString TestShiftReportGui::cell(int section, int child, int column) const
{
    const QAbstractItemModel* m = find<QTreeView>(QStringLiteral("todayReportView"))->model();
    const QModelIndex top = m->index(section, child < 0 ? column : 0);
    return child < 0 ? top.data().toString() : m->index(child, column, top).data().toString();
}

QString TestShiftReportGui::reportFile(const QString& ext) const
{
    return m_dir->filePath(QStringLiteral("usb/shift-%1-2026-11-27.%2").arg(m_c->settings().terminal.terminalId, ext));
}

void TestShiftReportGui::supervisorExportsAgentIsRefused()
{
    startRuntime();
    signInAs(QStringLiteral("2468"));
    recordShift();
    openReport();
    using M = gui::ShiftReportModel;
    // Totals: 2 pass visits + 1 paid entry; 2 cardholders, 2 paid people; 1 refused scan.
    QTRY_COMPARE(cell(0, -1, M::Visits), QStringLiteral("3"));
    QCOMPARE(cell(0, -1, M::Cardholders), QStringLiteral("2"));
    QCOMPARE(cell(0, -1, M::Guests), QStringLiteral("0"));
    QCOMPARE(cell(0, -1, M::Paid), QStringLiteral("2"));
    QCOMPARE(cell(0, -1, M::Refused), QStringLiteral("1"));
    auto* view = find<QTreeView>(QStringLiteral("todayReportView"));
    const QModelIndex overrides = view->model()->index(4, 0);
    QCOMPARE(view->model()->rowCount(overrides), 1);
    QVERIFY2(cell(4, 0, M::Item).contains(QStringLiteral("used")), qPrintable(cell(4, 0, M::Item)));
    QCOMPARE(view->model()->rowCount(view->model()->index(3, 0)), 1); // refused by reason: suspended
    QVERIFY(view->isExpanded(overrides));

    // CSV: the figures, the override (who, when, why) and the refusal reason.
    QVERIFY(!QFile::exists(reportFile(QStringLiteral("csv"))));
    click(QStringLiteral("exportReportCsvButton"));
    QTRY_VERIFY2(text(QStringLiteral("todayMessage")).contains(QStringLiteral("Shift report saved")),
                 qPrintable(text(QStringLiteral("todayMessage"))));
    QFile csv(reportFile(QStringLiteral("csv")));
    QVERIFY2(csv.open(QIODevice::ReadOnly), qPrintable(csv.fileName()));
    const QStringList lines = QString::fromUtf8(csv.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.value(0),
             QStringLiteral("section,item,local_time,staff,reason,holder,visits,cardholders,guests,"
                            "paid_people,people,refused,amount_minor,remark"));
    QVERIFY(lines.contains(QStringLiteral("total,all,,,,,3,2,0,2,4,1,4550,")));
    QVERIFY(lines.contains(QStringLiteral("paid,entries,,,,,1,,,2,2,,4550,")));
    QVERIFY(lines.contains(QStringLiteral("refused,SUSPENDED,,,SUSPENDED,,,,,,,1,,")));
    QVERIFY(lines.contains(QStringLiteral("meta,day,,,,,,,,,,,,2026-11-27")));
    const QStringList override = lines.filter(QRegularExpression(QStringLiteral("^override,")));
    QCOMPARE(override.size(), 1);
    const QStringList f = override.first().split(QLatin1Char(','));
    QCOMPARE(f.value(2), QStringLiteral("2026-11-27T10:01:30+08:00")); // 02:00 UTC + 90 s, Hong Kong time
    QCOMPARE(f.value(3), m_c->staff()->id);
    QCOMPARE(f.value(4), QStringLiteral("RECENTLY_USED"));

    // PDF: the same figures, read back as text.
    click(QStringLiteral("exportReportPdfButton"));
    QTRY_VERIFY(QFile::exists(reportFile(QStringLiteral("pdf"))));
    const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    QVERIFY2(!pdftotext.isEmpty(), "pdftotext (poppler-utils, scripts/deps.sh)");
    QProcess p;
    p.start(pdftotext, {QStringLiteral("-layout"), reportFile(QStringLiteral("pdf")), QStringLiteral("-")});
    QVERIFY(p.waitForFinished(30'000));
    const QString pdf = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(pdf.contains(QStringLiteral("End-of-shift report")), qPrintable(pdf));
    QVERIFY2(pdf.contains(QRegularExpression(QStringLiteral("All day\\s+3\\s+2\\s+0\\s+2\\s+4\\s+1"))),
             qPrintable(pdf));
    QVERIFY2(pdf.contains(QStringLiteral("amount 45.50")), qPrintable(pdf));
    // The override: when, who (the id may wrap in its cell), the holder.
    QVERIFY(pdf.contains(QRegularExpression(QStringLiteral("10:01\\s+\\S+ %1").arg(m_c->staff()->id.left(5)))));
    QVERIFY(pdf.contains(QStringLiteral("Olivia Brown")));
    QVERIFY(pdf.contains(QRegularExpression(QStringLiteral("2026-11-27 00:00 to 2026-11-28\\s+00:00"))));
    // A stick that is not there (the folder cannot be made): said in words, nothing half-written, no raw error.
    QFile blocker(m_dir->filePath(QStringLiteral("not-a-folder")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QString usb = m_c->todayController()->exportDirectory();
    static const gui::ShiftReportDocument writer;
    m_c->todayController()->setReportExport(&writer, blocker.fileName() + QStringLiteral("/usb"));
    click(QStringLiteral("exportReportCsvButton"));
    QTRY_VERIFY2(text(QStringLiteral("todayMessage")).contains(QStringLiteral("could not be saved")),
                 qPrintable(text(QStringLiteral("todayMessage"))));
    QVERIFY(!text(QStringLiteral("todayMessage")).contains(QStringLiteral("not-a-folder")));
    m_c->todayController()->setReportExport(&writer, usb);
    click(QStringLiteral("todayBackButton"));
    signOut();

    // An agent sees the report but may not export it: a clear message, no file.
    QVERIFY(QFile::remove(reportFile(QStringLiteral("csv"))));
    signInAs(QStringLiteral("1234"));
    openReport();
    QTRY_COMPARE(cell(0, -1, M::Visits), QStringLiteral("3"));
    click(QStringLiteral("exportReportCsvButton"));
    QTRY_VERIFY2(text(QStringLiteral("todayMessage")).contains(QStringLiteral("Only a supervisor can export")),
                 qPrintable(text(QStringLiteral("todayMessage"))));
    QVERIFY(!QFile::exists(reportFile(QStringLiteral("csv"))));
    click(QStringLiteral("todayBackButton"));
    signOut();

    // After a restart the refusal and the override are still on record (the report reads only the local store).
    m_rt.reset();
    startRuntime();
    signInAs(QStringLiteral("2468"));
    openReport();
    QTRY_COMPARE(cell(0, -1, M::Visits), QStringLiteral("3"));
    QCOMPARE(cell(0, -1, M::Refused), QStringLiteral("1"));
    view = find<QTreeView>(QStringLiteral("todayReportView"));
    QCOMPARE(view->model()->rowCount(view->model()->index(4, 0)), 1);
}

void TestShiftReportGui::csvQuotesAndNeverRunsAFormula()
{
    // Holder names and void reasons come from central and from staff: commas, quotes and line breaks are quoted,
    // and a leading = + - @ is neutralised so a spreadsheet shows the text instead of running it.
    core::ShiftReport r;
    r.day = QDate(2026, 11, 27);
    r.zone = QTimeZone("Asia/Hong_Kong");
    r.terminalId = QStringLiteral("T/1 x");
    core::ShiftReport::Void v;
    v.at = QDateTime(r.day, QTime(3, 0), Qt::UTC);
    v.staffId = QStringLiteral("S1");
    v.remark = QStringLiteral("=HYPERLINK(\"http://x\")");
    v.holderName = QStringLiteral("Chan, \"Mei\"\nLing");
    r.voids << v;
    const QString csv = QString::fromUtf8(app::shiftReportCsv(r));
    QVERIFY2(
        csv.contains(QStringLiteral(",S1,,\"Chan, \"\"Mei\"\"\nLing\",,,,,1,,,\"'=HYPERLINK(\"\"http://x\"\")\"\r\n")),
        qPrintable(csv));
    QVERIFY(csv.contains(QStringLiteral("2026-11-27T11:00:00+08:00")));
    QCOMPARE(app::shiftReportFileName(r, app::ReportFormat::Pdf), QStringLiteral("shift-T_1_x-2026-11-27.pdf"));
}

void TestShiftReportGui::readableInEveryLanguageAndSize_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << QStringLiteral("en");
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
    QTest::newRow("ar") << QStringLiteral("ar");
}

void TestShiftReportGui::readableInEveryLanguageAndSize()
{
    QFETCH(QString, language);
    startRuntime();
    m_rt->languages()->setLanguage(language);
    signInAs(QStringLiteral("2468"));
    recordShift();
    openReport();
    auto* view = find<QTreeView>(QStringLiteral("todayReportView"));
    QTRY_COMPARE(view->model()->rowCount(view->model()->index(4, 0)), 1);
    const bool rtl = language == QLatin1String("ar");
    for (const QSize& size : {QSize(1024, 600), QSize(600, 1024), QSize(1920, 1080)}) {
        const QString where = QStringLiteral("%1 %2x%3").arg(language).arg(size.width()).arg(size.height());
        m_rt->window()->resize(size);
        QTRY_COMPARE(m_rt->window()->size(), size);
        QApplication::processEvents();
        const QString dir = qEnvironmentVariable("LOUNGE_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            QDir().mkpath(dir);
            QVERIFY(m_rt->window()->grab().save(QDir(dir).filePath(
                QStringLiteral("shift-report-%1-%2x%3.png").arg(language).arg(size.width()).arg(size.height()))));
        }
        QVERIFY2(m_rt->window()->currentScreenWidget()->height() <= size.height(), qPrintable(where));
        // Every number column shows its whole header; the item column keeps room to read.
        const QHeaderView* header = view->header();
        for (int c = gui::ShiftReportModel::Visits; c < gui::ShiftReportModel::ColumnCount; ++c) {
            const QString title = view->model()->headerData(c, Qt::Horizontal).toString();
            QVERIFY2(header->sectionSize(c) >= header->fontMetrics().horizontalAdvance(title),
                     qPrintable(QStringLiteral("%1: %2 %3 < %4")
                                    .arg(where, title)
                                    .arg(header->sectionSize(c))
                                    .arg(header->fontMetrics().horizontalAdvance(title))));
        }
        const int lineWidth = header->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 16;
        QVERIFY2(header->sectionSize(gui::ShiftReportModel::Item) >= qMin(lineWidth, view->viewport()->width() / 2),
                 qPrintable(QStringLiteral("%1: item column %2 of %3")
                                .arg(where)
                                .arg(header->sectionSize(gui::ShiftReportModel::Item))
                                .arg(view->viewport()->width())));
        QVERIFY2(view->mapTo(m_rt->window(), QPoint(view->width(), view->height())).x() <= size.width(),
                 qPrintable(where));
        // Every button on the screen shows its whole label (the toggles move to their own row in portrait).
        for (auto* b : m_rt->window()->currentScreenWidget()->findChildren<QPushButton*>()) {
            if (b->isVisible()) {
                QVERIFY2(b->width() >= b->sizeHint().width(),
                         qPrintable(QStringLiteral("%1: %2 '%3' is %4 wide")
                                        .arg(where, b->objectName(), b->text())
                                        .arg(b->width())));
            }
        }
        // Right-to-left in Arabic: the item column on the right.
        QCOMPARE(view->layoutDirection(), rtl ? Qt::RightToLeft : Qt::LeftToRight);
        QCOMPARE(header->sectionViewportPosition(gui::ShiftReportModel::Item)
                     > header->sectionViewportPosition(gui::ShiftReportModel::Refused),
                 rtl);
    }
}

QTEST_MAIN(TestShiftReportGui)
#include "tst_shiftreportgui.moc"
