// Whole kiosk journeys through the real window, offscreen, finding widgets by objectName. The store is a real
// SQLite file on the worker thread; the frame source is left out and codes arrive as the scanner would send them.

#include "KioskFixture.h"
#include "Store.h"
#include "controller/KioskController.h"
#include "crypto/PinHash.h"
#include "gui/KioskRuntime.h"
#include "gui/LanguageManager.h"
#include "gui/MainWindow.h"
#include "gui/TodayModel.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStyle>
#include <QStyleOptionButton>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

using namespace lounge;
using namespace lounge::app;
using namespace lounge::test;

class TestKioskGui : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void signIn();
    void staffAccountsSignInAndRoles();
    void scanVerdictAutoReturn();
    void guestsPicker();
    void manualEntry();
    void refusalWithReason();
    void supervisorVoid();
    void lockedDeskDemo();
    void lockedDeskAccountsBackButton();
    void offlineBannerAndRecovery();
    void storeFaultBannerAndRecovery();
    void emptiedCacheIsRefusedAndSaysWhatIsLost();
    void languageSwitchRightToLeft();
    void attentionSaysWhenHowManyWhereAndWho();
    void todayListsRefusalsAndOverridesWithShiftStats();
    void todaySearchByNameNumberPassAndScan();
    void todayChangeGuestCountIsOneAction();
    void paidEntryAfterARefusal();
    void arabicPluralFormsAndLocaleDigits();
    void oneClockFormatEverywhere();
    void standaloneTerminalSaysNotConnected();
    void syncFailureInWords();
    void settingsWheelSaveAndBack();
    void touchTargets_data();
    void touchTargets();
    // issue 10
    void voidClearsTheSelection();
    void handheldScanAnswersOnEveryScreen();
    // session 10: supervisor corrections in every language, with real clicks
    void selectionSurvivesReloadInEveryLanguage_data();
    void selectionSurvivesReloadInEveryLanguage();
    void paidEntryFormOutlivesTheVerdictTime();
    void todayRowsAreReadable_data();
    void todayRowsAreReadable();
    void supervisorCorrectionsFit_data();
    void supervisorCorrectionsFit();

private:
    void startRuntime(bool wedge = false);
    /// Types `code` into the focused widget the way a USB HID scanner does: Shift pressed and released around each
    /// capital and colon (the key itself carries ShiftModifier), `msPerEvent` apart in real time, then Return.
    void wedgeType(const QString& code, int msPerEvent = 3);
    /// Restarts the kiosk on a cache holding agent 5101 (PIN 35791) and supervisor 5102 (PIN 97531).
    void restartWithAccounts();
    template<typename T = QWidget> T* find(const QString& name) const { return m_rt->window()->findChild<T*>(name); }
    void click(const QString& name);
    /// A real left click in the middle of the today table's cell (row, column), wherever the layout put it.
    void clickTodayRow(int row, int column = gui::TodayModel::Name);
    /// Every visible label and button of `screen` shows its whole text: inside the screen, a label as tall as its
    /// wrapped text needs, a button's text within its contents (padding and border off).
    static QStringList clippedTexts(QWidget* screen);
    void typePin(const QString& pin);
    void signInAs(const QString& pin);
    QString currentScreen() const { return m_rt->window()->currentScreenWidget()->objectName(); }
    QString text(const QString& label) const { return find<QLabel>(label)->text(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<core::FixedClock> m_clock;
    std::unique_ptr<gui::KioskRuntime> m_rt;
    KioskController* m_c = nullptr;
};

void TestKioskGui::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = makeClock();
    startRuntime();
}

void TestKioskGui::startRuntime(bool wedge)
{
    gui::KioskRuntime::Options o;
    o.dataDir = m_dir->path();
    o.source = QStringLiteral("none");
    o.seedDemo = true;
    o.keyboardWedge = wedge;
    o.clock = m_clock;
    m_rt = std::make_unique<gui::KioskRuntime>(std::move(o));
    m_c = m_rt->controller();
    m_c->setVerdictTimeoutOverrideMs(60'000);
    m_rt->window()->resize(1024, 600);
    m_rt->window()->show();
    m_rt->start();
    QTRY_VERIFY(m_c->isStoreOpen());
    QCOMPARE(currentScreen(), QStringLiteral("signInScreen"));
}

void TestKioskGui::cleanup()
{
    m_rt.reset();
    m_dir.reset();
}

void TestKioskGui::click(const QString& name)
{
    auto* b = find<QPushButton>(name);
    QVERIFY2(b, qPrintable(name));
    QVERIFY2(b->isVisible() && b->isEnabled(), qPrintable(name));
    QTest::mouseClick(b, Qt::LeftButton);
}

void TestKioskGui::clickTodayRow(int row, int column)
{
    auto* table = find<QTableView>(QStringLiteral("todayTable"));
    QVERIFY(table && table->isVisible());
    const QRect cell = table->visualRect(table->model()->index(row, column));
    QVERIFY2(table->viewport()->rect().contains(cell.center()), "the row is not on the screen");
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
}

void TestKioskGui::typePin(const QString& pin)
{
    for (const QChar ch : pin) {
        click(QStringLiteral("signInKey") + ch);
    }
    click(QStringLiteral("signInKeyOk"));
}

void TestKioskGui::signInAs(const QString& pin)
{
    typePin(pin);
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
}

void TestKioskGui::signIn()
{
    typePin(QStringLiteral("9999"));
    QTRY_VERIFY(!text(QStringLiteral("signInError")).isEmpty());
    QCOMPARE(currentScreen(), QStringLiteral("signInScreen"));
    click(QStringLiteral("signInKey1"));
    QVERIFY(text(QStringLiteral("signInError")).isEmpty()); // typing again clears the message
    click(QStringLiteral("signInKeyBack"));
    signInAs(QStringLiteral("1234"));
    QCOMPARE(text(QStringLiteral("statusStaff")), QStringLiteral("Demo Agent"));
    QVERIFY(m_c->currentResource());
    // The lounge name gives way to the states: elided with "…" when it does not fit, full name in the tooltip.
    auto* resource = find<QLabel>(QStringLiteral("statusResource"));
    const QString name = m_c->currentResource()->name;
    QTRY_VERIFY(resource->text() == name || resource->toolTip() == name);
    QVERIFY(resource->fontMetrics().horizontalAdvance(resource->text()) <= resource->contentsRect().width());
    if (resource->text() != name) {
        QVERIFY(resource->text().endsWith(QChar(0x2026)));
    }
    QVERIFY(find<QLabel>(QStringLiteral("signInDemoHint"))->text().contains(QStringLiteral("1234")));
    QVERIFY(!find<QPushButton>(QStringLiteral("settingsButton"))->isVisible()); // agents have no settings
    click(QStringLiteral("signOutButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("signInScreen"));
}

void TestKioskGui::staffAccountsSignInAndRoles()
{
    // Demo cache: the sign-in screen tells which demo PINs work.
    QVERIFY(find<QLabel>(QStringLiteral("signInDemoHint"))->isVisible());
    restartWithAccounts();
    QTRY_VERIFY(!find<QLabel>(QStringLiteral("signInDemoHint"))->isVisible());
    QVERIFY(!find(QStringLiteral("signInBackButton"))->isVisible());

    // Step 1: staff number, shown as typed; step 2: PIN, as dots.
    typePin(QStringLiteral("5101"));
    QCOMPARE(int(m_c->signInStep()), int(SignInStep::StaffPin));
    QVERIFY(find(QStringLiteral("signInBackButton"))->isVisible());
    QVERIFY(find<QLabel>(QStringLiteral("signInPinDisplay"))->text() == QStringLiteral("–"));
    typePin(QStringLiteral("11111"));
    QTRY_VERIFY(text(QStringLiteral("signInError")).contains(QStringLiteral("Wrong staff number or PIN")));
    QCOMPARE(currentScreen(), QStringLiteral("signInScreen"));
    signInAs(QStringLiteral("35791"));
    QCOMPARE(text(QStringLiteral("statusStaff")), QStringLiteral("Staff 5101"));
    QVERIFY(!find<QPushButton>(QStringLiteral("settingsButton"))->isVisible());
    m_c->handleScan(demoCode(kEPass));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    click(QStringLiteral("verdictDoneButton"));
    click(QStringLiteral("todayButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("todayScreen"));
    QTRY_COMPARE(find<QTableView>(QStringLiteral("todayTable"))->model()->rowCount(), 1);
    QVERIFY(!find<QPushButton>(QStringLiteral("voidButton"))->isVisible()); // agents cannot void
    click(QStringLiteral("todayBackButton"));
    click(QStringLiteral("signOutButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("signInScreen"));

    // Five wrong PINs lock the number; the screen says how long to wait, in plain words.
    typePin(QStringLiteral("5102"));
    for (int i = 0; i < 5; ++i) {
        typePin(QStringLiteral("0000") + QString::number(i));
        QTRY_VERIFY(!m_c->isBusy());
    }
    QTRY_VERIFY(text(QStringLiteral("signInError")).contains(QStringLiteral("Try again in 30 seconds")));
    // The message counts down by itself, and says when the wait is over.
    m_clock->advance(20);
    QTRY_VERIFY(text(QStringLiteral("signInError")).contains(QStringLiteral("Try again in 10 seconds")));
    m_clock->advance(11);
    QTRY_COMPARE(text(QStringLiteral("signInError")), QStringLiteral("You can try again now."));
    signInAs(QStringLiteral("97531"));
    QCOMPARE(text(QStringLiteral("statusStaff")), QStringLiteral("Mei Chen"));
    QVERIFY(find<QPushButton>(QStringLiteral("settingsButton"))->isVisible()); // supervisors have settings
    click(QStringLiteral("todayButton"));
    auto* table = find<QTableView>(QStringLiteral("todayTable"));
    QTRY_COMPARE(table->model()->rowCount(), 1);
    table->selectRow(0);
    click(QStringLiteral("voidButton"));
    QTRY_VERIFY(find(QStringLiteral("voidConfirmPanel"))->isVisible());
    click(QStringLiteral("confirmVoidButton"));
    QTRY_COMPARE(table->model()->rowCount(), 2);
}

void TestKioskGui::restartWithAccounts()
{
    // Staff accounts arrive as the sync applies them (a change page); the kiosk starts over on that cache.
    m_rt.reset();
    {
        auto store = core::Store::open(m_dir->filePath(QStringLiteral("cache.sqlite")));
        QVERIFY(store);
        core::ChangePage page;
        page.cursor = 1;
        for (const auto& [id, role, pin] :
             {std::tuple {QStringLiteral("5101"), core::StaffRole::Agent, "35791"},
              std::tuple {QStringLiteral("5102"), core::StaffRole::Supervisor, "97531"}}) {
            core::StaffAccount a;
            a.id = id;
            a.name = id == QLatin1String("5102") ? QStringLiteral("Mei Chen") : QString(); // 5101 has no display name
            a.role = role;
            auto h = core::PinHash::hash(QLatin1String(pin), core::PinHash::Cost::Minimal);
            QVERIFY(h);
            a.pinHash = *h;
            page.staff << a;
        }
        QVERIFY((*store)->applyChangePage(page));
    }
    startRuntime();
    QTRY_COMPARE(int(m_c->staffSource()), int(StaffSource::Accounts));
}

void TestKioskGui::lockedDeskDemo()
{
    signInAs(QStringLiteral("1234"));
    click(QStringLiteral("lockButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("signInScreen"));
    QVERIFY(find<QLabel>(QStringLiteral("signInTitle"))->text().contains(QStringLiteral("Demo Agent")));
    QCOMPARE(text(QStringLiteral("statusStaff")), QStringLiteral("Demo Agent")); // still their session
    QVERIFY(!find(QStringLiteral("sessionNoticeBanner"))->isVisible());

    // The supervisor's PIN signs the agent out and opens the desk for the supervisor; a banner says so.
    signInAs(QStringLiteral("2468"));
    QCOMPARE(text(QStringLiteral("statusStaff")), QStringLiteral("Demo Supervisor"));
    auto* notice = find<QLabel>(QStringLiteral("sessionNoticeBanner"));
    QTRY_VERIFY(notice->isVisible());
    QVERIFY(notice->text().contains(QStringLiteral("Demo Supervisor signed Demo Agent out")));
    QVERIFY(find<QPushButton>(QStringLiteral("settingsButton"))->isVisible());

    // Today → Staff sessions: the takeover is on record with both ids.
    click(QStringLiteral("todayButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("todayScreen"));
    click(QStringLiteral("todaySessionsButton"));
    auto* sessions = find<QTableWidget>(QStringLiteral("todaySessionsTable"));
    QVERIFY(sessions->isVisible());
    QVERIFY(!find<QTableView>(QStringLiteral("todayTable"))->isVisible());
    QTRY_COMPARE(sessions->rowCount(), 5);
    QCOMPARE(sessions->item(1, 2)->text(), QStringLiteral("Locked the desk"));
    QCOMPARE(sessions->item(3, 1)->text(), QStringLiteral("demo-supervisor"));
    QCOMPARE(sessions->item(3, 2)->text(), QStringLiteral("Signed demo-agent out and took over"));
    click(QStringLiteral("todayBackButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));

    // The agent's PIN on the supervisor's locked desk: refused, in words that say what to do.
    click(QStringLiteral("lockButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("signInScreen"));
    typePin(QStringLiteral("1234"));
    QTRY_VERIFY(text(QStringLiteral("signInError")).contains(QStringLiteral("Only a supervisor can sign")));
    QCOMPARE(currentScreen(), QStringLiteral("signInScreen"));
    signInAs(QStringLiteral("2468"));
    QCOMPARE(text(QStringLiteral("statusStaff")), QStringLiteral("Demo Supervisor"));
    click(QStringLiteral("signOutButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("signInScreen"));
    QVERIFY(!notice->isVisible()); // the supervisor left: the notice went with them
    QCOMPARE(find<QLabel>(QStringLiteral("signInTitle"))->text(), QStringLiteral("Staff sign-in"));
}

void TestKioskGui::lockedDeskAccountsBackButton()
{
    restartWithAccounts();
    typePin(QStringLiteral("5101"));
    signInAs(QStringLiteral("35791"));
    click(QStringLiteral("lockButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("signInScreen"));
    // The keypad asks the holder's PIN at once; "Someone else" goes to the staff number, "Back" returns.
    auto* back = find<QPushButton>(QStringLiteral("signInBackButton"));
    QVERIFY(back->isVisible());
    QCOMPARE(back->text(), QStringLiteral("Someone else"));
    QCOMPARE(int(m_c->signInStep()), int(SignInStep::StaffPin));
    click(QStringLiteral("signInBackButton"));
    QCOMPARE(int(m_c->signInStep()), int(SignInStep::StaffNumber));
    QVERIFY(text(QStringLiteral("signInHint")).contains(QStringLiteral("Supervisor")));
    QCOMPARE(back->text(), QStringLiteral("Back to Staff 5101"));
    click(QStringLiteral("signInBackButton"));
    QCOMPARE(int(m_c->signInStep()), int(SignInStep::StaffPin));
    QCOMPARE(m_c->signInStaffId(), QStringLiteral("5101"));
    // Someone else → the supervisor's number → their PIN: the desk is theirs.
    click(QStringLiteral("signInBackButton"));
    typePin(QStringLiteral("5102"));
    QCOMPARE(back->text(), QStringLiteral("Back to Staff 5101"));
    signInAs(QStringLiteral("97531"));
    QCOMPARE(text(QStringLiteral("statusStaff")), QStringLiteral("Mei Chen"));
    QTRY_VERIFY(find(QStringLiteral("sessionNoticeBanner"))->isVisible());
}

void TestKioskGui::scanVerdictAutoReturn()
{
    signInAs(QStringLiteral("1234"));
    m_c->setVerdictTimeoutOverrideMs(300);
    m_c->handleScan(demoCode(kEPass));
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QCOMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    QCOMPARE(text(QStringLiteral("verdictHolder")), QStringLiteral("Olivia Brown"));
    QVERIFY(text(QStringLiteral("verdictBalances")).contains(QStringLiteral("2 of 3 left")));
    QVERIFY(find(QStringLiteral("verdictIcon"))->isVisible());
    QVERIFY(!find(QStringLiteral("admitAnywayButton"))->isVisible());
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
}

void TestKioskGui::guestsPicker()
{
    signInAs(QStringLiteral("1234"));
    m_c->handleScan(demoCode(kGold));
    QTRY_COMPARE(currentScreen(), QStringLiteral("partySizeScreen"));
    QCOMPARE(text(QStringLiteral("partyHolder")), QStringLiteral("Mei Ling Chan"));
    QCOMPARE(text(QStringLiteral("partyCount")), QStringLiteral("1"));
    QVERIFY(!find<QPushButton>(QStringLiteral("guestsMinusButton"))->isEnabled());
    click(QStringLiteral("guestsPlusButton"));
    QCOMPARE(text(QStringLiteral("partyCount")), QStringLiteral("2"));
    QVERIFY(!find<QPushButton>(QStringLiteral("guestsPlusButton"))->isEnabled()); // Gold: one guest per visit
    QCOMPARE(find<QPushButton>(QStringLiteral("admitPartyButton"))->text(), QStringLiteral("Admit 2"));
    click(QStringLiteral("admitPartyButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QCOMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    QVERIFY(text(QStringLiteral("verdictProgram")).contains(QStringLiteral("Party of 2")));
    QVERIFY(text(QStringLiteral("verdictBalances")).contains(QStringLiteral("Guest visits: 3 of 4 left")));
    click(QStringLiteral("verdictDoneButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
}

void TestKioskGui::manualEntry()
{
    signInAs(QStringLiteral("1234"));
    click(QStringLiteral("manualEntryButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("manualEntryScreen"));
    for (const QChar ch : QStringLiteral("60012345000010029")) {
        click(QStringLiteral("manualKey") + ch);
    }
    click(QStringLiteral("manualKeyBack")); // one digit too many
    QCOMPARE(find<QLineEdit>(QStringLiteral("manualCodeEdit"))->text(), QStringLiteral("6001234500001002"));
    click(QStringLiteral("manualKeyOk"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("partySizeScreen"));
    QCOMPARE(text(QStringLiteral("partyHolder")), QStringLiteral("James Okafor"));
    click(QStringLiteral("partyCancelButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
    // Typing an unknown number gets the same refusal a scan would.
    click(QStringLiteral("manualEntryButton"));
    find<QLineEdit>(QStringLiteral("manualCodeEdit"))->setText(QStringLiteral("12345"));
    click(QStringLiteral("manualKeyOk"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QCOMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("REJECT"));
}

void TestKioskGui::refusalWithReason()
{
    signInAs(QStringLiteral("1234"));
    m_c->handleScan(demoCode(kSuspended));
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QCOMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("REJECT"));
    QCOMPARE(text(QStringLiteral("verdictReason")), QStringLiteral("This membership is suspended."));
    QCOMPARE(text(QStringLiteral("verdictNextStep")), QStringLiteral("Do not admit. Offer paid entry."));
    QCOMPARE(text(QStringLiteral("verdictHolder")), QStringLiteral("Sofia Rossi"));
    QVERIFY(!find(QStringLiteral("admitAnywayButton"))->isVisible());
    click(QStringLiteral("verdictDoneButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
}

void TestKioskGui::supervisorVoid()
{
    signInAs(QStringLiteral("2468"));
    m_c->handleScan(demoCode(kEPass));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    click(QStringLiteral("verdictDoneButton"));
    click(QStringLiteral("todayButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("todayScreen"));
    auto* table = find<QTableView>(QStringLiteral("todayTable"));
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, 1).data().toString(), QStringLiteral("Olivia Brown"));
    QVERIFY(!find<QPushButton>(QStringLiteral("voidButton"))->isEnabled()); // nothing selected yet
    table->selectRow(0);
    click(QStringLiteral("voidButton"));
    QTRY_VERIFY(find(QStringLiteral("voidConfirmPanel"))->isVisible());
    QCOMPARE(table->model()->rowCount(), 1); // not voided before confirmation
    find<QLineEdit>(QStringLiteral("voidRemarkEdit"))->setText(QStringLiteral("scanned by mistake"));
    click(QStringLiteral("confirmVoidButton"));
    QTRY_COMPARE(table->model()->rowCount(), 2);
    QVERIFY(!find(QStringLiteral("voidConfirmPanel"))->isVisible());
    QVERIFY(text(QStringLiteral("todayMessage")).contains(QStringLiteral("voided")));
    QVERIFY(text(QStringLiteral("todayStats")).contains(QStringLiteral("1 voided")));
    // Neither the void nor the voided visit can be voided again.
    for (int row = 0; row < 2; ++row) {
        table->selectRow(row);
        QVERIFY(!find<QPushButton>(QStringLiteral("voidButton"))->isEnabled());
    }
    find<QLineEdit>(QStringLiteral("todaySearchEdit"))->setText(QStringLiteral("nobody"));
    QCOMPARE(table->model()->rowCount(), 0);
    click(QStringLiteral("todayBackButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
}

void TestKioskGui::offlineBannerAndRecovery()
{
    signInAs(QStringLiteral("1234"));
    auto* offline = find(QStringLiteral("offlineBanner"));
    auto* camera = find(QStringLiteral("cameraBanner"));
    QVERIFY(!offline->isVisible());
    SyncView s;
    s.state = SyncView::State::Offline;
    s.pendingUploads = 3;
    m_c->setSyncStatus(s);
    QVERIFY(offline->isVisible());
    QVERIFY(text(QStringLiteral("offlineBanner")).contains(QStringLiteral("3 visits waiting")));
    QCOMPARE(text(QStringLiteral("statusSync")).contains(QStringLiteral("Offline")), true);
    // Scanning still works offline, against the local cache.
    m_c->handleScan(demoCode(kEPass));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    s.state = SyncView::State::Online;
    s.lastSuccess = m_clock->now();
    m_c->setSyncStatus(s);
    QVERIFY(!offline->isVisible());

    m_c->setCameraHealth(CameraHealth::Unplugged);
    QVERIFY(camera->isVisible());
    QVERIFY(text(QStringLiteral("cameraBanner")).contains(QStringLiteral("unplugged")));
    m_c->setCameraHealth(CameraHealth::Active);
    QVERIFY(!camera->isVisible());
}

void TestKioskGui::storeFaultBannerAndRecovery()
{
    signInAs(QStringLiteral("1234"));
    auto* banner = find(QStringLiteral("storeFaultBanner"));
    QVERIFY(!banner->isVisible());
    auto other = core::Store::open(QDir(m_dir->path()).filePath(QStringLiteral("cache.sqlite")));
    QVERIFY(other);
    auto tx = (*other)->beginWrite();
    QVERIFY(tx);
    m_c->handleScan(demoCode(kEPass));
    QTRY_COMPARE_WITH_TIMEOUT(currentScreen(), QStringLiteral("verdictScreen"), 10000);
    QCOMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("NOT RECORDED"));
    QVERIFY(text(QStringLiteral("verdictNextStep")).contains(QStringLiteral("Do not admit")));
    QVERIFY(banner->isVisible());
    tx->rollback();
    click(QStringLiteral("verdictDoneButton"));
    m_c->handleScan(demoCode(kEPass));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    QTRY_VERIFY(!banner->isVisible());
}

void TestKioskGui::emptiedCacheIsRefusedAndSaysWhatIsLost()
{
    // Issue 11 §4: a cache emptied behind the kiosk's back is never rebuilt, and the screen says what is lost.
    signInAs(QStringLiteral("1234"));
    m_c->handleScan(demoCode(kEPass));
    QTRY_COMPARE_WITH_TIMEOUT(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"), 10000);
    m_rt.reset();
    const QString path = QDir(m_dir->path()).filePath(QStringLiteral("cache.sqlite"));
    QFile::remove(path + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    }
    gui::KioskRuntime::Options o;
    o.dataDir = m_dir->path();
    o.source = QStringLiteral("none");
    o.seedDemo = true;
    o.clock = m_clock;
    m_rt = std::make_unique<gui::KioskRuntime>(std::move(o));
    m_c = m_rt->controller();
    m_rt->window()->resize(1024, 600);
    m_rt->window()->show();
    m_rt->start();
    auto* banner = find<QLabel>(QStringLiteral("storeFaultBanner"));
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 10000);
    QVERIFY2(banner->text().contains(QStringLiteral("visits not yet sent")), qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(QStringLiteral("call IT")), qPrintable(banner->text()));
    QVERIFY(!banner->text().contains(QStringLiteral("Retrying")));
    QVERIFY(!m_c->isStoreOpen());
    QCOMPARE(QFileInfo(path).size(), qint64(0)); // refused, never rebuilt as a fresh empty cache
}

void TestKioskGui::languageSwitchRightToLeft()
{
    signInAs(QStringLiteral("2468"));
    const QString englishSignOut = find<QPushButton>(QStringLiteral("signOutButton"))->text();
    click(QStringLiteral("settingsButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("settingsScreen"));
    auto* language = find<QComboBox>(QStringLiteral("settingsLanguage"));
    language->setCurrentIndex(language->findData(QStringLiteral("ar")));
    find<QCheckBox>(QStringLiteral("settingsSound"))->setChecked(false);
    click(QStringLiteral("settingsSaveButton"));
    QTRY_COMPARE(QApplication::layoutDirection(), Qt::RightToLeft);
    QCOMPARE(m_rt->languages()->language(), QStringLiteral("ar"));
    QVERIFY(!m_c->settings().sound);
    click(QStringLiteral("settingsBackButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
    auto* signOut = find<QPushButton>(QStringLiteral("signOutButton"));
    QCOMPARE(signOut->text(), QStringLiteral("تسجيل الخروج"));
    QVERIFY(signOut->text() != englishSignOut);
    // Right-to-left: the action column sits left of the camera view.
    auto* live = find(QStringLiteral("liveView"));
    QVERIFY(signOut->mapTo(m_rt->window(), QPoint()).x() < live->mapTo(m_rt->window(), QPoint()).x());
    // Verdicts speak Arabic too.
    m_c->handleScan(demoCode(kSuspended));
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QCOMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("مرفوض"));
    QVERIFY(text(QStringLiteral("verdictReason")) != QStringLiteral("This membership is suspended."));

    // The choice persists in the cache and survives a restart; switching back restores left-to-right.
    m_rt->languages()->setLanguage(QStringLiteral("zh_CN"));
    QCOMPARE(QApplication::layoutDirection(), Qt::LeftToRight);
    QTRY_COMPARE(find<QPushButton>(QStringLiteral("signOutButton"))->text(), QStringLiteral("退出登录"));
    m_rt->languages()->setLanguage(QStringLiteral("en"));
    QTRY_COMPARE(find<QPushButton>(QStringLiteral("signOutButton"))->text(), englishSignOut);
}

void TestKioskGui::attentionSaysWhenHowManyWhereAndWho()
{
    signInAs(QStringLiteral("2468"));
    m_c->handleScan(demoCode(kGold));
    QTRY_COMPARE(currentScreen(), QStringLiteral("partySizeScreen"));
    click(QStringLiteral("guestsPlusButton"));
    click(QStringLiteral("admitPartyButton"));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    const QString at = m_clock->now().toLocalTime().toString(QStringLiteral("HH:mm"));
    click(QStringLiteral("verdictDoneButton"));
    m_clock->advance(4 * 60);
    m_c->handleScan(demoCode(kGold));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ATTENTION"));
    const QString reason = text(QStringLiteral("verdictReason"));
    QVERIFY2(reason.contains(QStringLiteral("4 minutes ago")), qPrintable(reason)); // when
    QVERIFY2(reason.contains(at), qPrintable(reason)); // and at what time
    QVERIFY2(reason.contains(QStringLiteral("2 people")), qPrintable(reason)); // how many
    QVERIFY2(reason.contains(m_c->settings().terminal.terminalId.isEmpty() ? QStringLiteral("this desk")
                                                                           : m_c->settings().terminal.terminalId),
             qPrintable(reason)); // which desk
    QVERIFY2(reason.contains(QStringLiteral("Demo Supervisor")), qPrintable(reason)); // which staff
    click(QStringLiteral("cancelVerdictButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
}

void TestKioskGui::todayListsRefusalsAndOverridesWithShiftStats()
{
    signInAs(QStringLiteral("2468"));
    m_c->handleScan(demoCode(kEPass));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    click(QStringLiteral("verdictDoneButton"));
    m_clock->advance(30);
    m_c->handleScan(demoCode(kSuspended));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("REJECT"));
    click(QStringLiteral("verdictDoneButton"));
    m_clock->advance(60);
    m_c->handleScan(demoCode(kEPass)); // used a minute ago: ATTENTION, staff admit anyway
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ATTENTION"));
    click(QStringLiteral("admitAnywayButton"));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    click(QStringLiteral("verdictDoneButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));

    click(QStringLiteral("todayButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("todayScreen"));
    auto* table = find<QTableView>(QStringLiteral("todayTable"));
    QTRY_COMPARE(table->model()->rowCount(), 3);
    auto kindOf = [&](int row) {
        return gui::TodayModel::Kind(table->model()->index(row, 0).data(gui::TodayModel::KindRole).toInt());
    };
    auto status = [&](int row) { return table->model()->index(row, gui::TodayModel::Status).data().toString(); };
    // Newest first: the override, the refusal, the first visit; each marked in words and colour.
    QCOMPARE(kindOf(0), gui::TodayModel::Kind::AdmittedAnyway);
    QVERIFY2(status(0).startsWith(QStringLiteral("Admitted anyway")), qPrintable(status(0)));
    QCOMPARE(kindOf(1), gui::TodayModel::Kind::Refused);
    QVERIFY2(status(1).contains(QStringLiteral("suspended")), qPrintable(status(1)));
    QVERIFY(table->model()->index(1, 0).data(Qt::ForegroundRole).isValid());
    QCOMPARE(kindOf(2), gui::TodayModel::Kind::Visit);
    // A refusal is not a visit: nothing to void.
    table->selectRow(1);
    QVERIFY(!find<QPushButton>(QStringLiteral("voidButton"))->isEnabled());
    // Shift statistics: admitted, refused, guests, overrides, by hour and by programme.
    const QString stats = text(QStringLiteral("todayStats"));
    QVERIFY2(stats.contains(QStringLiteral("Admitted 2 people in 2 visits (0 guests)")), qPrintable(stats));
    QVERIFY2(stats.contains(QStringLiteral("1 admitted anyway")) && stats.contains(QStringLiteral("1 refused")),
             qPrintable(stats));
    const QString breakdown = text(QStringLiteral("todayBreakdown"));
    QVERIFY2(breakdown.contains(QStringLiteral("By hour: ")) && breakdown.contains(QStringLiteral("E-pass: 2")),
             qPrintable(breakdown));
}

void TestKioskGui::todaySearchByNameNumberPassAndScan()
{
    signInAs(QStringLiteral("2468"));
    for (const QString& label : {kEPass, kPlatinum}) {
        m_c->handleScan(demoCode(label));
        if (label == kPlatinum) {
            QTRY_COMPARE(currentScreen(), QStringLiteral("partySizeScreen"));
            click(QStringLiteral("admitPartyButton"));
        }
        QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
        QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
        click(QStringLiteral("verdictDoneButton"));
    }
    click(QStringLiteral("todayButton"));
    auto* table = find<QTableView>(QStringLiteral("todayTable"));
    QTRY_COMPARE(table->model()->rowCount(), 2);
    auto* search = find<QLineEdit>(QStringLiteral("todaySearchEdit"));
    auto names = [&] {
        QStringList out;
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            out << table->model()->index(r, gui::TodayModel::Name).data().toString();
        }
        return out;
    };
    // By name (typed on the on-screen keyboard: the search has the focus).
    search->setFocus();
    click(QStringLiteral("todayKeyboardButton"));
    QVERIFY(find(QStringLiteral("todayKeyboard"))->isVisible());
    for (const char* key : {"todayKeyO", "todayKeyL", "todayKeyI", "todayKeyV"}) {
        click(QLatin1String(key));
    }
    QCOMPARE(search->text(), QStringLiteral("OLIV"));
    QCOMPARE(names(), QStringList {QStringLiteral("Olivia Brown")});
    click(QStringLiteral("todayKeyClear"));
    QCOMPARE(table->model()->rowCount(), 2);
    // By E-pass id and by the membership number printed on the card.
    const core::Redemption platinum = [&] {
        for (const auto& r : m_c->today().records) {
            if (r.credential.kind == core::CredentialKind::Membership) {
                return r;
            }
        }
        return core::Redemption {};
    }();
    QVERIFY(!platinum.holderName.isEmpty());
    QString epassId;
    for (const auto& r : m_c->today().records) {
        if (r.credential.kind == core::CredentialKind::EPass) {
            epassId = r.credential.id;
        }
    }
    QTest::keyClicks(search, epassId);
    QCOMPARE(names(), QStringList {QStringLiteral("Olivia Brown")});
    search->clear();
    const QString number = m_c->today().memberNumbers.value(platinum.credential.id);
    QVERIFY(!number.isEmpty());
    QTest::keyClicks(search, number.right(8));
    QCOMPARE(names(), QStringList {platinum.holderName});
    search->clear();
    // By scanning the pass on the today screen: the search shows its id, nothing is recorded.
    m_c->handleScan(demoCode(kEPass));
    QTRY_COMPARE(search->text(), epassId);
    QCOMPARE(names(), QStringList {QStringLiteral("Olivia Brown")});
    QCOMPARE(currentScreen(), QStringLiteral("todayScreen"));
    QCOMPARE(m_c->today().records.size(), 2);
}

void TestKioskGui::todayChangeGuestCountIsOneAction()
{
    signInAs(QStringLiteral("2468"));
    m_c->handleScan(demoCode(kGold));
    QTRY_COMPARE(currentScreen(), QStringLiteral("partySizeScreen"));
    click(QStringLiteral("guestsPlusButton"));
    click(QStringLiteral("admitPartyButton"));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    click(QStringLiteral("verdictDoneButton"));
    click(QStringLiteral("todayButton"));
    auto* table = find<QTableView>(QStringLiteral("todayTable"));
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QVERIFY(!find<QPushButton>(QStringLiteral("changeGuestsButton"))->isEnabled()); // nothing selected
    table->selectRow(0);
    click(QStringLiteral("changeGuestsButton"));
    QVERIFY(find(QStringLiteral("partyChangePanel"))->isVisible());
    QCOMPARE(text(QStringLiteral("partyChangeCount")), QStringLiteral("2"));
    QVERIFY(!find<QPushButton>(QStringLiteral("partyChangeConfirmButton"))->isEnabled()); // same count
    click(QStringLiteral("partyChangeMinusButton"));
    QCOMPARE(text(QStringLiteral("partyChangeCount")), QStringLiteral("1"));
    QCOMPARE(m_c->today().records.size(), 1); // nothing before the confirmation
    click(QStringLiteral("partyChangeConfirmButton"));
    // One action: the old visit voided, a void, and a new visit for one person linked to the old one.
    QTRY_COMPARE(table->model()->rowCount(), 3);
    QTRY_VERIFY2(text(QStringLiteral("todayMessage")).contains(QStringLiteral("Guest count changed")),
                 qPrintable(text(QStringLiteral("todayMessage"))));
    const auto& records = m_c->today().records;
    const core::Redemption* changed = nullptr;
    const core::Redemption* original = nullptr;
    for (const auto& r : records) {
        if (!r.replaces.isNull()) {
            changed = &r;
        } else if (r.kind == core::JournalKind::Redeem) {
            original = &r;
        }
    }
    QVERIFY(changed && original);
    QCOMPARE(changed->replaces, original->id);
    QCOMPARE(changed->partySize, 1);
    QVERIFY(!original->voidedBy.isNull());
    QCOMPARE(m_c->today().stats.admitted, 1);
    QCOMPARE(m_c->today().stats.guests, 0);
    QVERIFY(table->selectionModel()->selectedRows().isEmpty()); // a second change needs a new selection
}

void TestKioskGui::paidEntryAfterARefusal()
{
    signInAs(QStringLiteral("1234"));
    // Not offered where the refusal has no pass to sell against, nor on an ACCEPT.
    m_c->handleScan(demoCode(kEPass));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    QVERIFY(!find(QStringLiteral("paidEntryButton"))->isVisible());
    click(QStringLiteral("verdictDoneButton"));
    m_c->handleScan(demoCode(kSuspended));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("REJECT"));
    QVERIFY(text(QStringLiteral("verdictNextStep")).contains(QStringLiteral("paid entry")));
    click(QStringLiteral("paidEntryButton"));
    QVERIFY(find(QStringLiteral("paidEntryForm"))->isVisible());
    click(QStringLiteral("paidEntryPlusButton"));
    QCOMPARE(text(QStringLiteral("paidEntryCount")), QStringLiteral("2"));
    QTest::keyClicks(find<QLineEdit>(QStringLiteral("paidEntryAmountEdit")), QStringLiteral("45.50"));
    click(QStringLiteral("paidEntryConfirmButton"));
    QTRY_VERIFY2(text(QStringLiteral("paidEntryMessage")).contains(QStringLiteral("Paid entry recorded for 2 people")),
                 qPrintable(text(QStringLiteral("paidEntryMessage"))));
    QCOMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("REJECT")); // the pass is still refused
    QVERIFY(!find(QStringLiteral("paidEntryButton"))->isVisible()); // once per refusal
    click(QStringLiteral("verdictDoneButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
    click(QStringLiteral("todayButton"));
    auto* table = find<QTableView>(QStringLiteral("todayTable"));
    QTRY_COMPARE(table->model()->rowCount(), 3); // the paid entry, the refusal, the first visit
    const auto kind = gui::TodayModel::Kind(table->model()->index(0, 0).data(gui::TodayModel::KindRole).toInt());
    QCOMPARE(kind, gui::TodayModel::Kind::Paid);
    QCOMPARE(table->model()->index(0, gui::TodayModel::Status).data().toString(), QStringLiteral("Paid entry (45.50)"));
    QCOMPARE(table->model()->index(0, gui::TodayModel::People).data().toString(), QStringLiteral("2"));
    const QString stats = text(QStringLiteral("todayStats"));
    QVERIFY2(stats.contains(QStringLiteral("Admitted 3 people")) && stats.contains(QStringLiteral("1 paid entries")),
             qPrintable(stats));
    QTRY_COMPARE(m_c->pendingUploads(), 2); // uploaded like a visit
}

void TestKioskGui::arabicPluralFormsAndLocaleDigits()
{
    m_rt->languages()->setLanguage(QStringLiteral("ar"));
    signInAs(QStringLiteral("1234"));
    m_c->handleScan(demoCode(kGold));
    QTRY_COMPARE(currentScreen(), QStringLiteral("partySizeScreen"));
    // Arabic counts one, two and more with different words; the count uses the locale's digits everywhere.
    QCOMPARE(text(QStringLiteral("partyCount")), QStringLiteral("١"));
    QCOMPARE(find<QPushButton>(QStringLiteral("admitPartyButton"))->text(), QStringLiteral("إدخال شخص واحد"));
    click(QStringLiteral("guestsPlusButton"));
    QCOMPARE(text(QStringLiteral("partyCount")), QStringLiteral("٢"));
    QCOMPARE(find<QPushButton>(QStringLiteral("admitPartyButton"))->text(), QStringLiteral("إدخال شخصين"));
    click(QStringLiteral("admitPartyButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QVERIFY(text(QStringLiteral("verdictProgram")).contains(QStringLiteral("شخصان")));
    static const QRegularExpression latinDigit(QStringLiteral("[0-9]"));
    QVERIFY2(!text(QStringLiteral("verdictBalances")).contains(latinDigit), qPrintable(text("verdictBalances")));
    click(QStringLiteral("verdictDoneButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
    m_rt->languages()->setLanguage(QStringLiteral("en"));
}

void TestKioskGui::oneClockFormatEverywhere()
{
    signInAs(QStringLiteral("2468"));
    m_c->handleScan(demoCode(kEPass));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    click(QStringLiteral("verdictDoneButton"));
    // The sync screen's dates are 24 h "yyyy-MM-dd HH:mm", like the today list's "HH:mm" (no AM/PM anywhere).
    SyncView failing;
    failing.state = SyncView::State::Offline;
    failing.lastFailure = m_clock->now().addSecs(-13 * 3600); // 13:00 UTC the day before: PM in a 12 h clock
    failing.lastFailureCode = core::ErrorCode::Network;
    m_c->setSyncStatus(failing);
    click(QStringLiteral("syncButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("syncScreen"));
    const QString details = text(QStringLiteral("syncDetails"));
    const QString expected = failing.lastFailure.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    QVERIFY2(details.contains(expected), qPrintable(details));
    QVERIFY(!details.contains(QLatin1String("PM")) && !details.contains(QLatin1String("AM")));
    click(QStringLiteral("syncBackButton"));
    click(QStringLiteral("todayButton"));
    auto* table = find<QTableView>(QStringLiteral("todayTable"));
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, 0).data().toString(),
             m_clock->now().toLocalTime().toString(QStringLiteral("HH:mm")));
}

void TestKioskGui::standaloneTerminalSaysNotConnected()
{
    signInAs(QStringLiteral("2468"));
    // The demo cache is not enrolled: no sync ages, no uploads, one plain sentence.
    QVERIFY(m_c->settings().terminal.centralUrl.isEmpty());
    QTRY_VERIFY(text(QStringLiteral("statusSync")).contains(QStringLiteral("Not connected to a central service")));
    QVERIFY(!find(QStringLiteral("statusLastSync"))->isVisible());
    QVERIFY(!find(QStringLiteral("statusPending"))->isVisible());
    click(QStringLiteral("syncButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("syncScreen"));
    QCOMPARE(text(QStringLiteral("syncState")), QStringLiteral("Not connected to a central service"));
    const QString details = text(QStringLiteral("syncDetails"));
    QVERIFY2(!details.contains(QLatin1String("upload")) && !details.contains(QLatin1String("never"))
                 && !details.contains(QLatin1String("Last successful sync")),
             qPrintable(details));
    QVERIFY(!find(QStringLiteral("syncNowButton"))->isVisible());
}

void TestKioskGui::syncFailureInWords()
{
    signInAs(QStringLiteral("2468"));
    click(QStringLiteral("syncButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("syncScreen"));
    SyncView s;
    s.state = SyncView::State::Error;
    s.lastFailure = m_clock->now().addSecs(-120);
    s.lastFailureCode = core::ErrorCode::Unauthorized;
    m_c->setSyncStatus(s);
    QTRY_VERIFY2(text(QStringLiteral("syncDetails")).contains(QStringLiteral("no longer knows this terminal")),
                 qPrintable(text(QStringLiteral("syncDetails"))));
    s.state = SyncView::State::Offline;
    s.lastFailureCode = core::ErrorCode::Network;
    m_c->setSyncStatus(s);
    QTRY_VERIFY(text(QStringLiteral("syncDetails")).contains(QStringLiteral("could not be reached")));
    QVERIFY(text(QStringLiteral("statusLastSync")).startsWith(QStringLiteral("Synced")));
    QVERIFY(find(QStringLiteral("statusPending"))->isVisible());
}

void TestKioskGui::settingsWheelSaveAndBack()
{
    signInAs(QStringLiteral("2468"));
    click(QStringLiteral("settingsButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("settingsScreen"));
    auto* seconds = find<QSpinBox>(QStringLiteral("settingsVerdictSeconds"));
    auto* language = find<QComboBox>(QStringLiteral("settingsLanguage"));
    const int before = seconds->value();
    const int languageBefore = language->currentIndex();
    // The wheel over a field scrolls the form; it never changes the field (also once the field has focus).
    for (QWidget* field : {static_cast<QWidget*>(seconds), static_cast<QWidget*>(language)}) {
        for (int round = 0; round < 2; ++round) {
            const QPoint at = field->rect().center();
            QWheelEvent wheel(at, field->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                              Qt::NoScrollPhase, false);
            QApplication::sendEvent(field, &wheel);
            field->setFocus();
        }
    }
    QCOMPARE(seconds->value(), before);
    QCOMPARE(language->currentIndex(), languageBefore);
    QVERIFY(text(QStringLiteral("settingsMessage")).isEmpty());

    // Back with a change asks first; "Keep editing" stays; "Discard" goes back and forgets the change.
    seconds->setValue(before + 3);
    click(QStringLiteral("settingsBackButton"));
    QVERIFY(find(QStringLiteral("settingsDiscardPanel"))->isVisible());
    QCOMPARE(currentScreen(), QStringLiteral("settingsScreen"));
    click(QStringLiteral("settingsKeepEditingButton"));
    QVERIFY(!find(QStringLiteral("settingsDiscardPanel"))->isVisible());
    QCOMPARE(seconds->value(), before + 3);
    click(QStringLiteral("settingsBackButton"));
    click(QStringLiteral("settingsDiscardButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
    QCOMPARE(m_c->settings().verdictSeconds, before);

    // Save says so, and Back after a save leaves at once.
    click(QStringLiteral("settingsButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("settingsScreen"));
    QCOMPARE(seconds->value(), before);
    seconds->setValue(before + 2);
    click(QStringLiteral("settingsSaveButton"));
    QTRY_COMPARE(text(QStringLiteral("settingsMessage")), QStringLiteral("Settings saved."));
    QCOMPARE(m_c->settings().verdictSeconds, before + 2);
    click(QStringLiteral("settingsBackButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
}

void TestKioskGui::touchTargets_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1024x600 landscape") << QSize(1024, 600);
    QTest::newRow("600x1024 portrait") << QSize(600, 1024);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
}

void TestKioskGui::touchTargets()
{
    QFETCH(QSize, size);
    m_rt->window()->resize(size);
    signInAs(QStringLiteral("2468"));
    auto checkScreen = [&](const char* where) {
        QApplication::processEvents();
        for (auto* b : m_rt->window()->currentScreenWidget()->findChildren<QPushButton*>()) {
            if (b->isVisible()) {
                QVERIFY2(b->height() >= 48 && b->width() >= 48,
                         qPrintable(QStringLiteral("%1 %2 is %3x%4")
                                        .arg(QLatin1String(where), b->objectName())
                                        .arg(b->width())
                                        .arg(b->height())));
            }
        }
        QVERIFY(m_rt->window()->currentScreenWidget()->height() <= size.height());
    };
    checkScreen("ready");
    click(QStringLiteral("lockButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("signInScreen"));
    checkScreen("locked");
    signInAs(QStringLiteral("2468"));
    m_c->handleScan(demoCode(kPlatinum));
    QTRY_COMPARE(currentScreen(), QStringLiteral("partySizeScreen"));
    checkScreen("party");
    click(QStringLiteral("admitPartyButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    checkScreen("verdict");
    click(QStringLiteral("verdictDoneButton"));
    click(QStringLiteral("manualEntryButton"));
    checkScreen("manual");
    click(QStringLiteral("manualCancelButton"));
    click(QStringLiteral("todayButton"));
    checkScreen("today");
}

void TestKioskGui::wedgeType(const QString& code, int msPerEvent)
{
    auto send = [&](QEvent::Type type, int key, Qt::KeyboardModifiers mods, const QString& text) {
        QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : m_rt->window();
        QKeyEvent e(type, key, mods, text);
        QApplication::sendEvent(target, &e);
        QTest::qWait(msPerEvent); // the scanner's pace, in real time (the wedge reads a monotonic clock)
    };
    for (const QChar c : code) {
        const bool shift = c.isUpper() || c == QLatin1Char(':');
        const int key = c == QLatin1Char(':') ? int(Qt::Key_Colon) : int(c.toUpper().unicode());
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

void TestKioskGui::voidClearsTheSelection()
{
    signInAs(QStringLiteral("2468"));
    for (const QString& label : {kEPass, kEPassOneVisit}) {
        m_c->handleScan(demoCode(label));
        QTRY_VERIFY(currentScreen() == QStringLiteral("verdictScreen") && !m_c->isBusy());
        QCOMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
        click(QStringLiteral("verdictDoneButton"));
    }
    click(QStringLiteral("todayButton"));
    auto* table = find<QTableView>(QStringLiteral("todayTable"));
    QTRY_COMPARE(table->model()->rowCount(), 2);
    QCOMPARE(table->model()->index(1, 1).data().toString(), QStringLiteral("Olivia Brown")); // newest first
    table->selectRow(1);
    click(QStringLiteral("voidButton"));
    QTRY_VERIFY(find(QStringLiteral("voidConfirmPanel"))->isVisible());
    click(QStringLiteral("confirmVoidButton"));
    QTRY_COMPARE(table->model()->rowCount(), 3);
    // The rows moved (the void is listed on top): nothing may stay selected, or "Void" would point at someone else.
    QVERIFY(table->selectionModel()->selectedRows().isEmpty());
    QVERIFY(!find<QPushButton>(QStringLiteral("voidButton"))->isEnabled());
    // A second void takes a new selection and a new confirmation.
    int other = -1;
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (table->model()->index(row, 1).data().toString() != QStringLiteral("Olivia Brown")) {
            other = row;
        }
    }
    QVERIFY(other >= 0);
    table->selectRow(other);
    click(QStringLiteral("voidButton"));
    QTRY_VERIFY(find(QStringLiteral("voidConfirmPanel"))->isVisible());
    QVERIFY(find<QLabel>(QStringLiteral("voidConfirmText"))
                ->text()
                .contains(table->model()->index(other, 1).data().toString()));
    click(QStringLiteral("cancelVoidButton"));
}

void TestKioskGui::handheldScanAnswersOnEveryScreen()
{
    m_rt.reset();
    startRuntime(true);
    // The badge, typed by the scanner on the sign-in screen (capitals and a colon: Shift around each).
    wedgeType(QStringLiteral("STAFF:2468"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
    QCOMPARE(m_c->staff()->id, QStringLiteral("demo-supervisor"));
    // Ready: a verdict.
    wedgeType(QString::fromUtf8(demoCode(kEPass)));
    QTRY_COMPARE(text(QStringLiteral("verdictWord")), QStringLiteral("ACCEPT"));
    QCOMPARE(text(QStringLiteral("verdictHolder")), QStringLiteral("Olivia Brown"));
    click(QStringLiteral("verdictDoneButton"));
    auto* chip = find<QLabel>(QStringLiteral("nextGuestChip"));
    auto* notice = find<QLabel>(QStringLiteral("scanNoticeBanner"));
    // Manual entry, today, settings: the scan waits as the next guest (chip with the name) — never silence — and
    // a second one is told to wait.
    const QList<QPair<QString, QString>> screens {
        {QStringLiteral("manualEntryButton"), QStringLiteral("manualCancelButton")},
        {QStringLiteral("todayButton"), QStringLiteral("todayBackButton")},
        {QStringLiteral("settingsButton"), QStringLiteral("settingsBackButton")}};
    const QStringList passes {kLondonOnly, kSuspended, kEPassOneVisit};
    for (int i = 0; i < screens.size(); ++i) {
        click(screens[i].first);
        const QString screen = currentScreen();
        QVERIFY(screen != QStringLiteral("readyScreen"));
        wedgeType(QString::fromUtf8(demoCode(passes[i])));
        QTRY_VERIFY(chip->isVisible());
        QTRY_VERIFY(!chip->text().contains(QStringLiteral("checking")));
        QCOMPARE(currentScreen(), screen);
        wedgeType(QString::fromUtf8(demoCode(kPlatinum)));
        QTRY_VERIFY(notice->isVisible());
        QVERIFY(notice->text().contains(QStringLiteral("Finish this guest first")));
        click(screens[i].second);
        QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen")); // the waiting guest, checked now
        QVERIFY(!chip->isVisible());
        click(m_c->verdict().canAdmitAnyway ? QStringLiteral("cancelVerdictButton")
                                            : QStringLiteral("verdictDoneButton"));
        QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
    }
    // Party size: the scan waits behind the guest being counted.
    wedgeType(QString::fromUtf8(demoCode(kGold)));
    QTRY_COMPARE(currentScreen(), QStringLiteral("partySizeScreen"));
    wedgeType(QString::fromUtf8(demoCode(kPlatinum)));
    QTRY_VERIFY(chip->isVisible());
    QTRY_VERIFY(chip->text().contains(QStringLiteral("James Okafor")));
    QCOMPARE(currentScreen(), QStringLiteral("partySizeScreen"));
    QCOMPARE(text(QStringLiteral("partyHolder")), QStringLiteral("Mei Ling Chan"));
}

void TestKioskGui::selectionSurvivesReloadInEveryLanguage_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << QStringLiteral("en");
    QTest::newRow("ar") << QStringLiteral("ar");
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
}

// The today list reloads under a supervisor's selection (the screen opens with the day last loaded and the fresh
// one arrives a moment later; a failed guest-count change reloads too): the selection follows the visit, and
// "Void visit" voids the visit the supervisor tapped, in every language. In Arabic (right-to-left) the selection
// used to vanish on every reload (QTableView::selectRow selects nothing in a right-to-left view in Qt 6.4), so
// "Void visit" greyed out under the supervisor's finger; the screenshot tour timed out at 09-today-void.
void TestKioskGui::selectionSurvivesReloadInEveryLanguage()
{
    QFETCH(QString, language);
    m_rt->languages()->setLanguage(language);
    m_rt->window()->resize(1280, 800);
    signInAs(QStringLiteral("2468"));
    for (const QString& label : {kEPass, kEPassOneVisit}) {
        m_c->handleScan(demoCode(label));
        QTRY_VERIFY(currentScreen() == QStringLiteral("verdictScreen") && !m_c->isBusy());
        click(QStringLiteral("verdictDoneButton"));
        QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
    }
    click(QStringLiteral("todayButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("todayScreen"));
    auto* table = find<QTableView>(QStringLiteral("todayTable"));
    QTRY_COMPARE(table->model()->rowCount(), 2);
    QCOMPARE(table->isRightToLeft(), language == QLatin1String("ar"));
    QCOMPARE(table->model()->index(1, gui::TodayModel::Name).data().toString(), QStringLiteral("Olivia Brown"));
    clickTodayRow(1);
    QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
    QVERIFY(find<QPushButton>(QStringLiteral("voidButton"))->isEnabled());

    QSignalSpy reset(table->model(), &QAbstractItemModel::modelReset);
    m_c->refreshToday();
    QTRY_COMPARE(reset.count(), 1);
    const auto rows = table->selectionModel()->selectedRows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().siblingAtColumn(gui::TodayModel::Name).data().toString(), QStringLiteral("Olivia Brown"));
    click(QStringLiteral("voidButton"));
    QTRY_VERIFY(find(QStringLiteral("voidConfirmPanel"))->isVisible());
    QVERIFY(text(QStringLiteral("voidConfirmText")).contains(QStringLiteral("Olivia Brown")));
    click(QStringLiteral("confirmVoidButton"));
    QTRY_COMPARE(table->model()->rowCount(), 3);
    QCOMPARE(m_c->today().stats.voided, 1);
    for (const auto& r : m_c->today().records) {
        if (r.kind == core::JournalKind::Redeem) {
            QCOMPARE(r.voidedBy.isNull(), r.holderName != QLatin1String("Olivia Brown")); // only hers
        }
    }
}

// A refusal goes back to ready after the verdict time (4 s by default), but not while staff are selling entry: the
// paid-entry form, once opened by a tap, stays until they record it or press OK. It used to vanish with the verdict
// mid-typing (the timer stopped only when the entry was recorded).
void TestKioskGui::paidEntryFormOutlivesTheVerdictTime()
{
    constexpr int kVerdictMs = 150;
    m_c->setVerdictTimeoutOverrideMs(kVerdictMs);
    signInAs(QStringLiteral("2468"));
    m_c->handleScan(demoCode(kSuspended));
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QCOMPARE(m_c->verdict().tone, VerdictTone::Reject);
    click(QStringLiteral("paidEntryButton"));
    QVERIFY(find(QStringLiteral("paidEntryForm"))->isVisible());
    QTest::qWait(4 * kVerdictMs); // staff pick the count and type the amount: longer than the verdict time
    QCOMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QVERIFY(find(QStringLiteral("paidEntryForm"))->isVisible());
    click(QStringLiteral("paidEntryPlusButton"));
    QTest::keyClicks(find<QLineEdit>(QStringLiteral("paidEntryAmountEdit")), QStringLiteral("30"));
    click(QStringLiteral("paidEntryConfirmButton"));
    QTRY_VERIFY2(text(QStringLiteral("paidEntryMessage")).contains(QStringLiteral("Paid entry recorded for 2 people")),
                 qPrintable(text(QStringLiteral("paidEntryMessage"))));
    click(QStringLiteral("verdictDoneButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
    // A refusal nobody sells against still goes back to ready by itself.
    m_c->handleScan(demoCode(kSuspended));
    QTRY_COMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
}

namespace {
double luminance(const QColor& c)
{
    auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}
double contrast(const QColor& a, const QColor& b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}
} // namespace

void TestKioskGui::todayRowsAreReadable_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << QStringLiteral("en");
    QTest::newRow("ar") << QStringLiteral("ar");
}

// Every row of the today list reads, plain visits on either alternating row colour included: the painted
// background behind a row's text against the text's colour (WCAG contrast, 4.5 for normal text). The second row
// used to be painted on the platform's near-white alternate colour with the theme's near-white text.
void TestKioskGui::todayRowsAreReadable()
{
    QFETCH(QString, language);
    m_rt->languages()->setLanguage(language);
    signInAs(QStringLiteral("2468"));
    for (const QString& label : {kEPass, kEPassOneVisit}) {
        m_c->handleScan(demoCode(label));
        QTRY_VERIFY(currentScreen() == QStringLiteral("verdictScreen") && !m_c->isBusy());
        click(QStringLiteral("verdictDoneButton"));
        QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
    }
    click(QStringLiteral("todayButton"));
    auto* table = find<QTableView>(QStringLiteral("todayTable"));
    QTRY_COMPARE(table->model()->rowCount(), 2);
    const QImage shot = table->viewport()->grab().toImage();
    for (int row = 0; row < 2; ++row) {
        const QModelIndex index = table->model()->index(row, gui::TodayModel::Status);
        const QRect cell = table->visualRect(index);
        // Behind the text, at the cell's trailing end (the text starts at its leading edge).
        const int x = table->isRightToLeft() ? cell.left() + 4 : cell.right() - 4;
        const QColor background
            = shot.pixelColor(int(x * shot.devicePixelRatio()), int(cell.center().y() * shot.devicePixelRatio()));
        const QVariant fg = index.data(Qt::ForegroundRole);
        const QColor text = fg.isValid() ? fg.value<QColor>() : table->palette().color(QPalette::Text);
        const double ratio = contrast(background, text);
        QVERIFY2(ratio >= 4.5,
                 qPrintable(QStringLiteral("row %1: text %2 on %3, contrast %4")
                                .arg(row)
                                .arg(text.name(), background.name())
                                .arg(ratio, 0, 'f', 2)));
    }
}

QStringList TestKioskGui::clippedTexts(QWidget* screen)
{
    const QRect area = screen->rect();
    QStringList problems;
    // Also cut off by a parent squeezed smaller than its contents (a panel, a row): what of the widget shows.
    auto shown = [screen](QWidget* w) {
        QRect r(w->mapTo(screen, QPoint(0, 0)), w->size());
        for (QWidget* p = w->parentWidget(); p && p != screen; p = p->parentWidget()) {
            r &= QRect(p->mapTo(screen, QPoint(0, 0)), p->size());
        }
        return r.size() == w->size();
    };
    for (auto* w : screen->findChildren<QWidget*>()) {
        if ((qobject_cast<QLabel*>(w) || qobject_cast<QPushButton*>(w)) && w->isVisibleTo(screen) && !shown(w)) {
            problems << QStringLiteral("%1 cut off by its parent").arg(w->objectName());
        }
    }
    for (auto* label : screen->findChildren<QLabel*>()) {
        if (!label->isVisibleTo(screen) || label->text().isEmpty()) {
            continue;
        }
        const QRect r(label->mapTo(screen, QPoint(0, 0)), label->size());
        const int needed = label->wordWrap() ? label->heightForWidth(label->width()) : label->sizeHint().height();
        if (!area.contains(r)) {
            problems << QStringLiteral("%1 outside the screen").arg(label->objectName());
        } else if (needed > label->height() + 2
                   || (!label->wordWrap() && label->sizeHint().width() > label->width() + 2)) {
            problems << QStringLiteral("%1 clipped: needs %2 px high, has %3 (%4)")
                            .arg(label->objectName())
                            .arg(needed)
                            .arg(label->height())
                            .arg(label->text());
        }
    }
    for (auto* button : screen->findChildren<QPushButton*>()) {
        if (!button->isVisibleTo(screen) || button->text().isEmpty()) {
            continue;
        }
        const QRect r(button->mapTo(screen, QPoint(0, 0)), button->size());
        QStyleOptionButton opt;
        opt.initFrom(button);
        opt.text = button->text();
        const QRect contents = button->style()->subElementRect(QStyle::SE_PushButtonContents, &opt, button);
        const int textWidth = button->fontMetrics().horizontalAdvance(button->text());
        if (!area.contains(r)) {
            problems << QStringLiteral("%1 outside the screen").arg(button->objectName());
        } else if (textWidth > contents.width() + 1) {
            problems << QStringLiteral("%1: text %2 px in %3 px (%4)")
                            .arg(button->objectName())
                            .arg(textWidth)
                            .arg(contents.width())
                            .arg(button->text());
        }
    }
    return problems;
}

void TestKioskGui::supervisorCorrectionsFit_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QString>("language");
    for (const QSize size : {QSize(800, 480), QSize(1280, 800)}) {
        for (const QString& language : {QStringLiteral("en"), QStringLiteral("zh_CN"), QStringLiteral("ar")}) {
            QTest::addRow("%dx%d-%s", size.width(), size.height(), qPrintable(language)) << size << language;
        }
    }
}

// The supervisor's corrections, by real clicks, at the smallest and the usual kiosk size in every language: paid
// entry after a refusal (the form open), the today list with a visit selected, the void confirmation and the
// guest-count change. Every text on those screens must be whole.
void TestKioskGui::supervisorCorrectionsFit()
{
    QFETCH(QSize, size);
    QFETCH(QString, language);
    m_rt->languages()->setLanguage(language);
    m_rt->window()->resize(size);
    QTRY_COMPARE(m_rt->window()->size(), size);
    const QString shots = qEnvironmentVariable("LOUNGE_SCREENSHOT_DIR");
    QStringList problems;
    auto check = [&](const QString& what) {
        QCoreApplication::processEvents();
        if (!shots.isEmpty()) {
            QDir().mkpath(shots);
            m_rt->window()->grab().save(QStringLiteral("%1/corrections-%2-%3x%4-%5.png")
                                            .arg(shots, what)
                                            .arg(size.width())
                                            .arg(size.height())
                                            .arg(language));
        }
        for (const QString& p : clippedTexts(m_rt->window()->currentScreenWidget())) {
            problems << what + QStringLiteral(": ") + p;
        }
    };
    check(QStringLiteral("sign-in"));
    signInAs(QStringLiteral("2468"));
    m_c->handleScan(demoCode(kGold));
    QTRY_COMPARE(currentScreen(), QStringLiteral("partySizeScreen"));
    click(QStringLiteral("guestsPlusButton"));
    click(QStringLiteral("admitPartyButton"));
    QTRY_COMPARE(m_c->verdict().tone, VerdictTone::Accept);
    click(QStringLiteral("verdictDoneButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
    check(QStringLiteral("ready"));
    m_c->handleScan(demoCode(kSuspended));
    QTRY_COMPARE(m_c->verdict().tone, VerdictTone::Reject);
    click(QStringLiteral("paidEntryButton"));
    QVERIFY(find(QStringLiteral("paidEntryForm"))->isVisible());
    check(QStringLiteral("paid-entry"));
    click(QStringLiteral("verdictDoneButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
    click(QStringLiteral("todayButton"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("todayScreen"));
    auto* table = find<QTableView>(QStringLiteral("todayTable"));
    QTRY_COMPARE(table->model()->rowCount(), 2); // the visit and the refusal
    const int visit
        = table->model()->index(0, gui::TodayModel::Name).data().toString() == QLatin1String("Mei Ling Chan") ? 0 : 1;
    clickTodayRow(visit);
    QVERIFY(find<QPushButton>(QStringLiteral("voidButton"))->isEnabled());
    check(QStringLiteral("today"));
    click(QStringLiteral("voidButton"));
    QTRY_VERIFY(find(QStringLiteral("voidConfirmPanel"))->isVisible());
    check(QStringLiteral("void"));
    auto selectedInView = [&](const QString& what) {
        QCoreApplication::processEvents();
        const auto rows = table->selectionModel()->selectedRows();
        if (rows.size() != 1) {
            problems << what + QStringLiteral(": no visit selected");
        } else if (!table->viewport()->rect().contains(table->visualRect(rows.first()))) {
            problems << what + QStringLiteral(": the selected visit is not in view");
        }
    };
    selectedInView(QStringLiteral("void"));
    click(QStringLiteral("cancelVoidButton"));
    click(QStringLiteral("changeGuestsButton"));
    QVERIFY(find(QStringLiteral("partyChangePanel"))->isVisible());
    check(QStringLiteral("guests"));
    selectedInView(QStringLiteral("guests"));
    m_rt->languages()->setLanguage(QStringLiteral("en"));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

QTEST_MAIN(TestKioskGui)
#include "tst_kioskgui.moc"
