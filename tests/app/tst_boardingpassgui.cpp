// Issue 14 §3, boarding passes at the desk: whole journeys through the real kiosk window offscreen, over a real
// SQLite cache on the store worker's thread, at a lounge that requires boarding passes. Codes arrive as real key
// events through the application's KeyboardWedge (like a USB HID scanner); widgets are found by objectName; what a
// visit records is read back from the store.
#include "../common/BcbpGenerator.h"
#include "DemoData.h"
#include "KioskFixture.h"
#include "Store.h"
#include "controller/AdmissionFlow.h"
#include "controller/KioskController.h"
#include "gui/KioskRuntime.h"
#include "gui/LanguageManager.h"
#include "gui/MainWindow.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace lounge;
using namespace lounge::test;

namespace {
namespace gen = lounge::testing::bcbp;

/// A boarding pass for `name` from Hong Kong today (27 Nov 2026 = day 331), CX 251 to London in J.
QByteArray boardingPass(const QByteArray& name, const QByteArray& pnr = "XK4P2Q", int julianDay = 331)
{
    gen::PassFields f = gen::samplePass();
    f.name = name;
    gen::LegFields& l = f.legs[0];
    l.pnr = pnr;
    l.from = "HKG";
    l.to = "LHR";
    l.carrier = "CX";
    l.flight = "0251";
    l.julianDay = julianDay;
    l.compartment = "J";
    l.seat = "011A";
    l.marketingCarrier = "CX";
    l.frequentFlyerAirline = "CX";
    f.issuerDesignator = "CX";
    return gen::passString(f);
}
} // namespace

class TestBoardingPassGui : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void passThenBoardingPass();
    void boardingPassThenPass();
    void nameMismatchShowsBothNames();
    void guestsBoardingPass();
    void supervisorOverrideIsRecorded();
    void overridePanelWaitsForTheSupervisor();
    void cancelRecordsNothing();
    void damagedBoardingPassKeepsThePass();
    void boardingPassOnSignInScreenIsNotTyped();
    void screensFitEverySizeAndLanguage_data();
    void screensFitEverySizeAndLanguage();

private:
    template<typename T = QWidget> T* find(const QString& name) const { return m_rt->window()->findChild<T*>(name); }
    void click(const QString& name)
    {
        auto* b = find<QPushButton>(name);
        QVERIFY2(b && b->isVisible() && b->isEnabled(), qPrintable(name));
        QTest::mouseClick(b, Qt::LeftButton);
    }
    QString text(const QString& label) const { return find<QLabel>(label)->text(); }
    QString currentScreen() const { return m_rt->window()->currentScreenWidget()->objectName(); }
    void signIn(const QString& pin = QStringLiteral("1234"));
    /// Types `code` like a HID scanner: one key event per character (Shift around capitals), `ms` apart, then Return.
    void wedgeType(const QByteArray& code, int ms = 2);
    /// The gold member may bring guests: the party picker comes first; admit the member alone.
    void admitAloneIfAsked()
    {
        QTRY_VERIFY(currentScreen() == QLatin1String("verdictScreen")
                    || currentScreen() == QLatin1String("partySizeScreen"));
        if (currentScreen() == QLatin1String("partySizeScreen")) {
            click(QStringLiteral("admitPartyButton"));
        }
    }
    /// The visits recorded today, newest first (voids included), read from the cache file.
    QList<core::Redemption> visits() const;
    /// Fails on a visible label cut short or a button whose text does not fit, on `screen`.
    void checkNothingClipped(QWidget* screen);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<core::FixedClock> m_clock;
    std::unique_ptr<gui::KioskRuntime> m_rt;
    app::KioskController* m_c = nullptr;
};

void TestBoardingPassGui::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = makeClock(); // 10:00 in Hong Kong, 27 Nov 2026
    {
        auto store = core::Store::open(m_dir->filePath(QStringLiteral("cache.sqlite")));
        QVERIFY(store);
        QVERIFY((*store)->setSetting(QStringLiteral("resource_id"), QStringLiteral("HKG-T1-LOUNGE")));
        const core::DemoData demo = core::DemoData::build(QDate(2026, 11, 27));
        QVERIFY(core::DemoData::seed(**store, demo, m_clock->now()));
        core::ChangePage page;
        page.cursor = 0;
        core::Resource lounge = demo.resources[0];
        QCOMPARE(lounge.id, QStringLiteral("HKG-T1-LOUNGE"));
        lounge.boardingPass.policy = core::BoardingPassPolicy::Required;
        page.resources = {lounge};
        QVERIFY((*store)->applyChangePage(page));
    }
    gui::KioskRuntime::Options o;
    o.dataDir = m_dir->path();
    o.source = QStringLiteral("none");
    o.seedDemo = true; // the demo staff; the cache is not empty, so it is not seeded again
    o.clock = m_clock;
    o.keyboardWedge = true;
    m_rt = std::make_unique<gui::KioskRuntime>(std::move(o));
    m_c = m_rt->controller();
    m_c->setVerdictTimeoutOverrideMs(60'000);
    m_rt->window()->resize(1024, 600);
    m_rt->window()->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_rt->window()));
    m_rt->start();
    QTRY_VERIFY(m_c->isStoreOpen());
}

void TestBoardingPassGui::cleanup()
{
    m_rt.reset();
    m_dir.reset();
}

void TestBoardingPassGui::signIn(const QString& pin)
{
    for (const QChar ch : pin) {
        click(QStringLiteral("signInKey") + ch);
    }
    click(QStringLiteral("signInKeyOk"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
}

void TestBoardingPassGui::wedgeType(const QByteArray& code, int ms)
{
    auto send = [&](QEvent::Type type, int key, Qt::KeyboardModifiers mods, const QString& text) {
        QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : m_rt->window();
        QKeyEvent e(type, key, mods, text);
        QApplication::sendEvent(target, &e);
        QTest::qWait(ms); // the scanner's pace, in real time (the wedge reads a monotonic clock)
    };
    for (const char ch : code) {
        const QChar c = QLatin1Char(ch);
        const bool shift = c.isUpper() || c == QLatin1Char(':') || c == QLatin1Char('>') || c == QLatin1Char('^');
        const int key = int(c.toUpper().unicode()); // ASCII: Qt's key code is the character's
        const Qt::KeyboardModifiers mods = shift ? Qt::ShiftModifier : Qt::NoModifier;
        if (shift) {
            send(QEvent::KeyPress, Qt::Key_Shift, Qt::NoModifier, {});
        }
        send(QEvent::KeyPress, key, mods, QString(c));
        send(QEvent::KeyRelease, key, mods, QString(c));
        if (shift) {
            send(QEvent::KeyRelease, Qt::Key_Shift, Qt::ShiftModifier, {});
        }
    }
    send(QEvent::KeyPress, Qt::Key_Return, Qt::NoModifier, QStringLiteral("\r"));
    send(QEvent::KeyRelease, Qt::Key_Return, Qt::NoModifier, QStringLiteral("\r"));
}

QList<core::Redemption> TestBoardingPassGui::visits() const
{
    auto store = core::Store::open(m_dir->filePath(QStringLiteral("cache.sqlite")));
    if (!store) {
        return {};
    }
    auto all = (*store)->fullJournal();
    if (!all) {
        return {};
    }
    QList<core::Redemption> newestFirst(all->crbegin(), all->crend());
    return newestFirst;
}

void TestBoardingPassGui::passThenBoardingPass()
{
    signIn();
    wedgeType(demoCode(kGold));
    QTRY_COMPARE(currentScreen(), QStringLiteral("boardingPassScreen"));
    QCOMPARE(text(QStringLiteral("boardingPassTitle")), QStringLiteral("Scan boarding pass"));
    QVERIFY2(text(QStringLiteral("boardingPassDetail")).contains(QStringLiteral("Mei Ling Chan")),
             qPrintable(text(QStringLiteral("boardingPassDetail"))));
    QVERIFY(find<QPushButton>(QStringLiteral("boardingPassCancelButton"))->isVisible());
    wedgeType(boardingPass("CHAN/MEI LING MS"));
    admitAloneIfAsked();
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    const QString flight = text(QStringLiteral("verdictFlight"));
    QVERIFY2(flight.contains(QStringLiteral("Flight CX 251")) && flight.contains(QStringLiteral("HKG → LHR"))
                 && flight.contains(QStringLiteral("class J")),
             qPrintable(flight));
    // The visit records the flight (never asked again: the record is what reports and billing read).
    QTRY_COMPARE(visits().size(), 1);
    const core::Redemption v = visits().first();
    QCOMPARE(v.holderName, QStringLiteral("Mei Ling Chan"));
    QCOMPARE(v.flights.size(), 1);
    QCOMPARE(v.flights.first().carrier, QStringLiteral("CX"));
    QCOMPARE(v.flights.first().flightNumber, QStringLiteral("251"));
    QCOMPARE(v.flights.first().date, QDate(2026, 11, 27));
    QCOMPARE(v.flights.first().from, QStringLiteral("HKG"));
    QCOMPARE(v.flights.first().to, QStringLiteral("LHR"));
    QCOMPARE(v.flights.first().compartment, QStringLiteral("J"));
    QVERIFY(v.boardingPassOverrideBy.isEmpty());
    // The today list shows the flight with the pass.
    click(QStringLiteral("verdictDoneButton"));
    click(QStringLiteral("todayButton"));
    auto* table = find<QTableView>(QStringLiteral("todayTable"));
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, 2).data().toString(), QStringLiteral("M-1001 · CX 251 HKG→LHR"));
}

void TestBoardingPassGui::boardingPassThenPass()
{
    signIn();
    wedgeType(boardingPass("BROWN/OLIVIA MS"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("boardingPassScreen"));
    QCOMPARE(text(QStringLiteral("boardingPassTitle")), QStringLiteral("Now scan the lounge pass"));
    QCOMPARE(text(QStringLiteral("boardingPassDetail")), QStringLiteral("Boarding pass for BROWN/OLIVIA MS, CX 251"));
    QVERIFY(!find(QStringLiteral("noBoardingPassButton"))->isVisible());
    wedgeType(demoCode(kEPass)); // Olivia Brown's E-pass
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    QCOMPARE(text(QStringLiteral("verdictHolder")), QStringLiteral("Olivia Brown"));
    QVERIFY(text(QStringLiteral("verdictFlight")).contains(QStringLiteral("Flight CX 251")));
    QTRY_COMPARE(visits().size(), 1);
    QCOMPARE(visits().first().flights.size(), 1);
}

void TestBoardingPassGui::nameMismatchShowsBothNames()
{
    signIn();
    wedgeType(demoCode(kGold));
    QTRY_COMPARE(currentScreen(), QStringLiteral("boardingPassScreen"));
    wedgeType(boardingPass("SMITH/JOHN MR"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ATTENTION"));
    QCOMPARE(text(QStringLiteral("verdictReason")), QStringLiteral("The boarding pass shows another name."));
    const QString names = text(QStringLiteral("verdictFlight"));
    QVERIFY2(names.contains(QStringLiteral("SMITH/JOHN MR")) && names.contains(QStringLiteral("Mei Ling Chan")),
             qPrintable(names));
    QVERIFY(find<QPushButton>(QStringLiteral("admitAnywayButton"))->isVisible());
    QCOMPARE(visits().size(), 0); // nothing recorded until staff decide
}

void TestBoardingPassGui::guestsBoardingPass()
{
    signIn();
    wedgeType(demoCode(kPlatinum)); // James Okafor, may bring guests
    QTRY_COMPARE(currentScreen(), QStringLiteral("boardingPassScreen"));
    wedgeType(boardingPass("OKAFOR/JAMES MR"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("partySizeScreen"));
    click(QStringLiteral("guestsPlusButton"));
    click(QStringLiteral("admitPartyButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("boardingPassScreen"));
    QCOMPARE(text(QStringLiteral("boardingPassTitle")), QStringLiteral("Guest 1 of 1: scan boarding pass"));
    wedgeType(boardingPass("OKAFOR/ADA MRS", "XK4P2R"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    QVERIFY(text(QStringLiteral("verdictProgram")).contains(QStringLiteral("Party of 2")));
    QVERIFY2(text(QStringLiteral("verdictFlight")).contains(QStringLiteral("Guest 1: Flight CX 251")),
             qPrintable(text(QStringLiteral("verdictFlight"))));
    QTRY_COMPARE(visits().size(), 1);
    QCOMPARE(visits().first().partySize, 2);
    QCOMPARE(visits().first().flights.size(), 2);
}

void TestBoardingPassGui::supervisorOverrideIsRecorded()
{
    signIn(); // an agent: a supervisor's PIN authorises
    wedgeType(demoCode(kGold));
    QTRY_COMPARE(currentScreen(), QStringLiteral("boardingPassScreen"));
    click(QStringLiteral("noBoardingPassButton"));
    QVERIFY(find(QStringLiteral("boardingPassOverridePanel"))->isVisible());
    auto* reason = find<QComboBox>(QStringLiteral("overrideReasonCombo"));
    auto* pin = find<QLineEdit>(QStringLiteral("overridePinEdit"));
    QVERIFY(pin->isVisible());
    // The agent's own PIN is not a supervisor's.
    reason->setCurrentIndex(2);
    pin->setFocus();
    QTest::keyClicks(pin, QStringLiteral("1234"));
    QTRY_COMPARE(pin->text(), QStringLiteral("1234")); // the wedge replays typing a moment later
    click(QStringLiteral("overrideConfirmButton"));
    QTRY_VERIFY(find(QStringLiteral("overrideError"))->isVisible());
    QCOMPARE(text(QStringLiteral("overrideError")),
             QStringLiteral("Only a supervisor can admit without a boarding pass."));
    QCOMPARE(currentScreen(), QStringLiteral("boardingPassScreen"));
    // A typed reason and the supervisor's PIN.
    reason->setEditText(QStringLiteral("Boarding pass left at check-in"));
    QTest::keyClicks(pin, QStringLiteral("2468"));
    QTRY_COMPARE(pin->text(), QStringLiteral("2468"));
    click(QStringLiteral("overrideConfirmButton"));
    admitAloneIfAsked();
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    QCOMPARE(m_c->staff()->id, QStringLiteral("demo-agent")); // the session is still the agent's
    QTRY_COMPARE(visits().size(), 1);
    const core::Redemption v = visits().first();
    QCOMPARE(v.boardingPassOverrideBy, QStringLiteral("demo-supervisor"));
    QCOMPARE(v.boardingPassOverrideReason, QStringLiteral("Boarding pass left at check-in"));
    QCOMPARE(v.staffId, QStringLiteral("demo-agent"));
    QVERIFY(v.flights.isEmpty());
    click(QStringLiteral("verdictDoneButton"));
    click(QStringLiteral("todayButton"));
    auto* table = find<QTableView>(QStringLiteral("todayTable"));
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, 4).data().toString(),
             QStringLiteral("No boarding pass: Boarding pass left at check-in (Staff demo-supervisor)"));
}

// The prompt goes back to ready after the picker's time (30 s) with nothing in hand, but not while staff fill in the
// override: the reason, a supervisor called over and their staff number and PIN take longer than that. It used to
// time out under them. Back (closing the panel) gives the prompt its full time again.
void TestBoardingPassGui::overridePanelWaitsForTheSupervisor()
{
    constexpr int kPromptMs = 150;
    m_c->admission()->setPartyTimeoutMs(kPromptMs);
    signIn(); // an agent: a supervisor's PIN authorises
    wedgeType(demoCode(kGold));
    QTRY_COMPARE(currentScreen(), QStringLiteral("boardingPassScreen"));
    click(QStringLiteral("noBoardingPassButton"));
    QVERIFY(find(QStringLiteral("boardingPassOverridePanel"))->isVisible());
    QTest::qWait(4 * kPromptMs); // the supervisor walks over
    QCOMPARE(currentScreen(), QStringLiteral("boardingPassScreen"));
    auto* pin = find<QLineEdit>(QStringLiteral("overridePinEdit"));
    find<QComboBox>(QStringLiteral("overrideReasonCombo"))->setCurrentIndex(1);
    pin->setFocus();
    QTest::keyClicks(pin, QStringLiteral("2468"));
    QTRY_COMPARE(pin->text(), QStringLiteral("2468"));
    click(QStringLiteral("overrideConfirmButton"));
    admitAloneIfAsked();
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    QTRY_COMPARE(visits().size(), 1);
    QCOMPARE(visits().first().boardingPassOverrideBy, QStringLiteral("demo-supervisor"));
    click(QStringLiteral("verdictDoneButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
    // Opened and closed again: the prompt times out as before, recording nothing.
    wedgeType(demoCode(kEPass));
    QTRY_COMPARE(currentScreen(), QStringLiteral("boardingPassScreen"));
    click(QStringLiteral("noBoardingPassButton"));
    click(QStringLiteral("overrideBackButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
    QCOMPARE(visits().size(), 1);
}

void TestBoardingPassGui::cancelRecordsNothing()
{
    signIn();
    wedgeType(demoCode(kGold));
    QTRY_COMPARE(currentScreen(), QStringLiteral("boardingPassScreen"));
    click(QStringLiteral("boardingPassCancelButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
    // The boarding pass that follows starts a new two-scan visit instead of completing the cancelled one.
    wedgeType(boardingPass("CHAN/MEI LING MS"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("boardingPassScreen"));
    QCOMPARE(text(QStringLiteral("boardingPassTitle")), QStringLiteral("Now scan the lounge pass"));
    QTest::keyClick(m_rt->window()->currentScreenWidget(), Qt::Key_Escape);
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
    QCOMPARE(visits().size(), 0);
}

void TestBoardingPassGui::damagedBoardingPassKeepsThePass()
{
    signIn();
    wedgeType(demoCode(kGold));
    QTRY_COMPARE(currentScreen(), QStringLiteral("boardingPassScreen"));
    wedgeType(boardingPass("CHAN/MEI LING MS").left(45)); // cut short: starts like one, fields missing
    QTRY_VERIFY(find(QStringLiteral("boardingPassProblem"))->isVisible());
    QCOMPARE(text(QStringLiteral("boardingPassProblem")),
             QStringLiteral("This boarding pass is damaged — scan it again."));
    wedgeType(demoCode(kPlatinum)); // a lounge pass where the boarding pass belongs
    QTRY_COMPARE(text(QStringLiteral("boardingPassProblem")),
                 QStringLiteral("This is not a boarding pass. Scan the boarding pass."));
    QVERIFY(text(QStringLiteral("boardingPassDetail")).contains(QStringLiteral("Mei Ling Chan"))); // still hers
    wedgeType(boardingPass("CHAN/MEI LING MS"));
    admitAloneIfAsked();
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    QCOMPARE(text(QStringLiteral("verdictHolder")), QStringLiteral("Mei Ling Chan"));
}

void TestBoardingPassGui::boardingPassOnSignInScreenIsNotTyped()
{
    QTRY_COMPARE(currentScreen(), QStringLiteral("signInScreen"));
    wedgeType(boardingPass("CHAN/MEI LING MS"));
    QTRY_VERIFY(find(QStringLiteral("scanNoticeBanner"))->isVisible());
    QCOMPARE(currentScreen(), QStringLiteral("signInScreen"));
    for (auto* edit : find(QStringLiteral("signInScreen"))->findChildren<QLineEdit*>()) {
        QVERIFY2(edit->text().isEmpty(), qPrintable(edit->objectName()));
    }
    signIn(); // the desk still signs in normally afterwards
}

void TestBoardingPassGui::screensFitEverySizeAndLanguage_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QString>("language");
    for (const QSize size : {QSize(800, 480), QSize(1280, 800), QSize(1920, 1080)}) {
        for (const QString& language : {QStringLiteral("en"), QStringLiteral("zh_CN"), QStringLiteral("ar")}) {
            QTest::addRow("%dx%d-%s", size.width(), size.height(), qPrintable(language)) << size << language;
        }
    }
}

void TestBoardingPassGui::screensFitEverySizeAndLanguage()
{
    QFETCH(QSize, size);
    QFETCH(QString, language);
    m_rt->languages()->setLanguage(language);
    m_rt->window()->resize(size);
    QTRY_COMPARE(m_rt->window()->size(), size);
    signIn();
    const QString shots = qEnvironmentVariable("LOUNGE_SCREENSHOT_DIR");
    auto shoot = [&](const QString& what) {
        QWidget* screen = m_rt->window()->currentScreenWidget();
        QCoreApplication::processEvents();
        checkNothingClipped(screen);
        if (!shots.isEmpty()) {
            QDir().mkpath(shots);
            m_rt->window()->grab().save(QStringLiteral("%1/bp-%2-%3x%4-%5.png")
                                            .arg(shots, what)
                                            .arg(size.width())
                                            .arg(size.height())
                                            .arg(language));
        }
    };
    wedgeType(demoCode(kGold));
    QTRY_COMPARE(currentScreen(), QStringLiteral("boardingPassScreen"));
    wedgeType(boardingPass("CHAN/MEI LING MS").left(45));
    QTRY_VERIFY(find(QStringLiteral("boardingPassProblem"))->isVisible());
    shoot(QStringLiteral("scan"));
    click(QStringLiteral("noBoardingPassButton"));
    shoot(QStringLiteral("override"));
    click(QStringLiteral("overrideBackButton"));
    wedgeType(boardingPass("SMITH/JOHN MR"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QTRY_VERIFY(find(QStringLiteral("verdictFlight"))->isVisible());
    shoot(QStringLiteral("mismatch"));
    click(QStringLiteral("admitAnywayButton"));
    admitAloneIfAsked();
    QTRY_COMPARE(m_c->verdict().tone, app::VerdictTone::Accept);
    shoot(QStringLiteral("accept"));
    click(QStringLiteral("verdictDoneButton"));
    wedgeType(boardingPass("BROWN/OLIVIA MS"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("boardingPassScreen"));
    shoot(QStringLiteral("lounge-pass"));
    m_rt->languages()->setLanguage(QStringLiteral("en"));
}

void TestBoardingPassGui::checkNothingClipped(QWidget* screen)
{
    const QRect area = screen->rect();
    for (auto* label : screen->findChildren<QLabel*>()) {
        if (!label->isVisibleTo(screen) || label->text().isEmpty()) {
            continue;
        }
        const QRect r(label->mapTo(screen, QPoint(0, 0)), label->size());
        QVERIFY2(area.contains(r), qPrintable(label->objectName() + QStringLiteral(" outside its screen")));
        const int needed = label->wordWrap() ? label->heightForWidth(label->width()) : label->sizeHint().height();
        QVERIFY2(needed <= label->height() + 2,
                 qPrintable(QStringLiteral("%1 clipped: needs %2 px, has %3 (%4)")
                                .arg(label->objectName())
                                .arg(needed)
                                .arg(label->height())
                                .arg(label->text())));
        if (!label->wordWrap()) {
            QVERIFY2(label->sizeHint().width() <= label->width() + 2, qPrintable(label->objectName()));
        }
    }
    for (auto* button : screen->findChildren<QPushButton*>()) {
        if (!button->isVisibleTo(screen) || button->text().isEmpty()) {
            continue;
        }
        const QRect r(button->mapTo(screen, QPoint(0, 0)), button->size());
        QVERIFY2(area.contains(r), qPrintable(button->objectName() + QStringLiteral(" outside its screen")));
        const int textWidth = button->fontMetrics().horizontalAdvance(button->text());
        QVERIFY2(textWidth <= button->width(),
                 qPrintable(QStringLiteral("%1: text %2 px in %3 px (%4)")
                                .arg(button->objectName())
                                .arg(textWidth)
                                .arg(button->width())
                                .arg(button->text())));
    }
}

QTEST_MAIN(TestBoardingPassGui)
#include "tst_boardingpassgui.moc"
