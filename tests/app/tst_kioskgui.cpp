// Whole kiosk journeys through the real window, offscreen, finding widgets by objectName. The store is a real
// SQLite file on the worker thread; the frame source is left out and codes arrive as the scanner would send them.

#include "KioskFixture.h"
#include "Store.h"
#include "controller/KioskController.h"
#include "crypto/PinHash.h"
#include "gui/KioskRuntime.h"
#include "gui/LanguageManager.h"
#include "gui/MainWindow.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

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
    void languageSwitchRightToLeft();
    void touchTargets_data();
    void touchTargets();
    // issue 10
    void voidClearsTheSelection();
    void handheldScanAnswersOnEveryScreen();

private:
    void startRuntime(bool wedge = false);
    /// Types `code` into the focused widget the way a USB HID scanner does: Shift pressed and released around each
    /// capital and colon (the key itself carries ShiftModifier), `msPerEvent` apart in real time, then Return.
    void wedgeType(const QString& code, int msPerEvent = 3);
    /// Restarts the kiosk on a cache holding agent 5101 (PIN 35791) and supervisor 5102 (PIN 97531).
    void restartWithAccounts();
    template<typename T = QWidget> T* find(const QString& name) const { return m_rt->window()->findChild<T*>(name); }
    void click(const QString& name);
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
    QTRY_COMPARE(find<QTableWidget>(QStringLiteral("todayTable"))->rowCount(), 1);
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
    QVERIFY(find<QPushButton>(QStringLiteral("settingsButton"))->isVisible()); // supervisors have settings
    click(QStringLiteral("todayButton"));
    auto* table = find<QTableWidget>(QStringLiteral("todayTable"));
    QTRY_COMPARE(table->rowCount(), 1);
    table->selectRow(0);
    click(QStringLiteral("voidButton"));
    QTRY_VERIFY(find(QStringLiteral("voidConfirmPanel"))->isVisible());
    click(QStringLiteral("confirmVoidButton"));
    QTRY_COMPARE(table->rowCount(), 2);
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
            a.name = QStringLiteral("Staff ") + id;
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
    QVERIFY(!find<QTableWidget>(QStringLiteral("todayTable"))->isVisible());
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
    QCOMPARE(text(QStringLiteral("statusStaff")), QStringLiteral("Staff 5102"));
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
    auto* table = find<QTableWidget>(QStringLiteral("todayTable"));
    QTRY_COMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("Olivia Brown"));
    QVERIFY(!find<QPushButton>(QStringLiteral("voidButton"))->isEnabled()); // nothing selected yet
    table->selectRow(0);
    click(QStringLiteral("voidButton"));
    QTRY_VERIFY(find(QStringLiteral("voidConfirmPanel"))->isVisible());
    QCOMPARE(table->rowCount(), 1); // not voided before confirmation
    find<QLineEdit>(QStringLiteral("voidRemarkEdit"))->setText(QStringLiteral("scanned by mistake"));
    click(QStringLiteral("confirmVoidButton"));
    QTRY_COMPARE(table->rowCount(), 2);
    QVERIFY(!find(QStringLiteral("voidConfirmPanel"))->isVisible());
    QVERIFY(text(QStringLiteral("todayMessage")).contains(QStringLiteral("voided")));
    QVERIFY(text(QStringLiteral("todayStats")).contains(QStringLiteral("1 voided")));
    // Neither the void nor the voided visit can be voided again.
    for (int row = 0; row < 2; ++row) {
        table->selectRow(row);
        QVERIFY(!find<QPushButton>(QStringLiteral("voidButton"))->isEnabled());
    }
    find<QLineEdit>(QStringLiteral("todaySearchEdit"))->setText(QStringLiteral("nobody"));
    QCOMPARE(table->rowCount(), 0);
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
    auto* table = find<QTableWidget>(QStringLiteral("todayTable"));
    QTRY_COMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(1, 1)->text(), QStringLiteral("Olivia Brown")); // newest first
    table->selectRow(1);
    click(QStringLiteral("voidButton"));
    QTRY_VERIFY(find(QStringLiteral("voidConfirmPanel"))->isVisible());
    click(QStringLiteral("confirmVoidButton"));
    QTRY_COMPARE(table->rowCount(), 3);
    // The rows moved (the void is listed on top): nothing may stay selected, or "Void" would point at someone else.
    QVERIFY(table->selectionModel()->selectedRows().isEmpty());
    QVERIFY(!find<QPushButton>(QStringLiteral("voidButton"))->isEnabled());
    // A second void takes a new selection and a new confirmation.
    int other = -1;
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 1)->text() != QStringLiteral("Olivia Brown")) {
            other = row;
        }
    }
    QVERIFY(other >= 0);
    table->selectRow(other);
    click(QStringLiteral("voidButton"));
    QTRY_VERIFY(find(QStringLiteral("voidConfirmPanel"))->isVisible());
    QVERIFY(find<QLabel>(QStringLiteral("voidConfirmText"))->text().contains(table->item(other, 1)->text()));
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

QTEST_MAIN(TestKioskGui)
#include "tst_kioskgui.moc"
