// The real kiosk window over a scripted FakeBackend: the store's replies are held back or given when the test says,
// so the screens can be seen mid-wait (an online-first redeem, a next guest's name still unknown). Offscreen; widgets
// found by objectName; keys are real QKeyEvents.

#include "FakeBackend.h"
#include "KioskFixture.h"
#include "controller/AdmissionFlow.h"
#include "controller/KioskController.h"
#include "gui/LanguageManager.h"
#include "gui/MainWindow.h"
#include "gui/ReasonText.h"
#include "gui/Theme.h"
#include "gui/VerdictScreen.h"

#include <QApplication>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStackedWidget>
#include <QTest>

using namespace lounge;
using namespace lounge::app;
using namespace lounge::test;
using core::Verdict;

namespace {
const StaffMember kAgent {QStringLiteral("A-1"), QStringLiteral("Ann Agent"), StaffRole::Agent};

core::Decision recorded(const QString& name, int party = 1)
{
    auto d = FakeBackend::decision(Verdict::Accept, name);
    d.recorded = true;
    d.partySize = party;
    return d;
}
/// A screen whose height depends on its width (as every screen with word-wrapped text does): counts how often the
/// window asks it while another screen is shown.
class HeightForWidthProbe : public QWidget
{
public:
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override
    {
        ++asked;
        return width / 2;
    }
    mutable int asked = 0;
};

/// Counts the style changes (re-polish after a style sheet was set) a widget receives.
class StyleChangeCounter : public QObject
{
public:
    bool eventFilter(QObject*, QEvent* e) override
    {
        if (e->type() == QEvent::StyleChange) {
            ++count;
        }
        return false;
    }
    int count = 0;
};
} // namespace

class TestDeskGui : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void nextGuestChipAndNotices();
    void partyPickerKeysAndCheckingState();
    void partyPickerEscapeRecordsNothing();
    void admitAnywayShowsChecking();
    void signInLettersByKeypadAndKeyboard();
    void verdictWordFits_data();
    void verdictWordFits();
    void verdictDoesNotRelayOutOtherScreens();
    void sameToneVerdictIsNotRepolished();
    void toneChangeIsNotRepolished();
    void verdictTextIsWhole_data();
    void verdictTextIsWhole();

private:
    template<typename T = QWidget> T* find(const QString& name) const { return m_window->findChild<T*>(name); }
    QString currentScreen() const { return m_window->currentScreenWidget()->objectName(); }
    void click(const QString& name);
    void signIn();

    std::unique_ptr<FakeBackend> m_backend;
    std::unique_ptr<KioskController> m_c;
    std::unique_ptr<gui::LanguageManager> m_languages;
    std::unique_ptr<gui::MainWindow> m_window;
};

void TestDeskGui::init()
{
    m_backend = std::make_unique<FakeBackend>();
    m_c = std::make_unique<KioskController>(m_backend.get(), makeClock());
    m_c->setVerdictTimeoutOverrideMs(60'000);
    m_languages = std::make_unique<gui::LanguageManager>();
    m_languages->setLanguage(QStringLiteral("en"));
    m_window = std::make_unique<gui::MainWindow>(m_c.get());
    m_window->resize(1024, 600);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_c->start();
    m_backend->openWith(KioskSettings {});
}

void TestDeskGui::cleanup()
{
    m_window.reset();
    m_c.reset();
    m_languages.reset();
    m_backend.reset();
}

void TestDeskGui::click(const QString& name)
{
    auto* b = find<QPushButton>(name);
    QVERIFY2(b, qPrintable(name));
    QVERIFY2(b->isVisible() && b->isEnabled(), qPrintable(name));
    QTest::mouseClick(b, Qt::LeftButton);
}

void TestDeskGui::signIn()
{
    m_c->submitPin(QStringLiteral("1234"));
    m_backend->signInAs(kAgent);
    QCOMPARE(currentScreen(), QStringLiteral("readyScreen"));
}

void TestDeskGui::nextGuestChipAndNotices()
{
    // Signed out: a pass is not a badge, and the screen says so.
    m_c->handleScan("L1MGOLD0042");
    auto* notice = find<QLabel>(QStringLiteral("scanNoticeBanner"));
    QVERIFY(notice->isVisible());
    QVERIFY(notice->text().contains(QStringLiteral("not a staff badge")));
    signIn();
    QVERIFY(!notice->isVisible()); // old news once someone signed in
    m_c->handleScan("PASS-ANN");
    m_backend->answerCheckOf("PASS-ANN", FakeBackend::decision(Verdict::Attention, QStringLiteral("Ann")));
    QCOMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    auto* chip = find<QLabel>(QStringLiteral("nextGuestChip"));
    QVERIFY(!chip->isVisible());
    m_c->handleScan("PASS-BOB");
    QVERIFY(chip->isVisible());
    QVERIFY(chip->text().contains(QStringLiteral("checking")));
    m_backend->answerCheckOf("PASS-BOB", FakeBackend::decision(Verdict::Accept, QStringLiteral("Bob Brown")));
    QVERIFY(chip->text().contains(QStringLiteral("Bob Brown")));
    QCOMPARE(find<QLabel>(QStringLiteral("verdictHolder"))->text(), QStringLiteral("Ann")); // Ann's screen stays
    m_c->handleScan("PASS-CAT");
    QVERIFY(notice->isVisible());
    QVERIFY(notice->text().contains(QStringLiteral("Finish this guest first")));
    click(QStringLiteral("cancelVerdictButton"));
    QVERIFY(!chip->isVisible()); // Bob is being checked now
    QCOMPARE(currentScreen(), QStringLiteral("readyScreen"));
    QVERIFY(find<QLabel>(QStringLiteral("readyBusy"))->text().contains(QStringLiteral("Checking")));
}

void TestDeskGui::partyPickerKeysAndCheckingState()
{
    signIn();
    m_c->handleScan("PASS-PAT");
    m_backend->answerCheckOf("PASS-PAT", FakeBackend::decision(Verdict::Accept, QStringLiteral("Pat"), 2));
    QCOMPARE(currentScreen(), QStringLiteral("partySizeScreen"));
    QWidget* party = m_window->currentScreenWidget();
    QTRY_VERIFY(party->hasFocus());
    auto* count = find<QLabel>(QStringLiteral("partyCount"));
    QTest::keyClick(party, Qt::Key_Plus, Qt::ShiftModifier);
    QCOMPARE(count->text(), QStringLiteral("2"));
    QTest::keyClick(party, Qt::Key_Plus, Qt::KeypadModifier);
    QCOMPARE(count->text(), QStringLiteral("3"));
    QTest::keyClick(party, Qt::Key_Minus);
    QCOMPARE(count->text(), QStringLiteral("2"));
    QTest::keyClick(party, Qt::Key_Return);
    QCOMPARE(m_backend->count("redeem"), 1);
    QCOMPARE(m_backend->last("redeem").partySize, 2);
    // While the visit is being recorded (online-first: central may take seconds) the screen says it is checking
    // and nothing can be pressed twice.
    auto* admit = find<QPushButton>(QStringLiteral("admitPartyButton"));
    QVERIFY(admit->text().contains(QStringLiteral("Checking")));
    QVERIFY(!admit->isEnabled());
    QVERIFY(!find<QPushButton>(QStringLiteral("partyCancelButton"))->isEnabled());
    QVERIFY(!find<QPushButton>(QStringLiteral("guestsPlusButton"))->isEnabled());
    QVERIFY(!find<QPushButton>(QStringLiteral("guestsMinusButton"))->isEnabled());
    QTest::keyClick(party, Qt::Key_Return);
    QTest::keyClick(party, Qt::Key_Escape);
    QCOMPARE(m_backend->count("redeem"), 1);
    m_backend->answerRedeem(recorded(QStringLiteral("Pat"), 2));
    QCOMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QCOMPARE(find<QLabel>(QStringLiteral("verdictWord"))->text(), QStringLiteral("ACCEPT"));
}

void TestDeskGui::partyPickerEscapeRecordsNothing()
{
    signIn();
    m_c->handleScan("PASS-PAT");
    m_backend->answerCheckOf("PASS-PAT", FakeBackend::decision(Verdict::Accept, QStringLiteral("Pat"), 2));
    QCOMPARE(currentScreen(), QStringLiteral("partySizeScreen"));
    QTest::keyClick(m_window->currentScreenWidget(), Qt::Key_Escape);
    QCOMPARE(currentScreen(), QStringLiteral("readyScreen"));
    QCOMPARE(m_backend->count("redeem"), 0);
    // and by itself when staff walk away
    m_c->admission()->setPartyTimeoutMs(50);
    m_c->handleScan("PASS-PAT2");
    m_backend->answerCheckOf("PASS-PAT2", FakeBackend::decision(Verdict::Accept, QStringLiteral("Pat"), 2));
    QCOMPARE(currentScreen(), QStringLiteral("partySizeScreen"));
    QTRY_COMPARE(currentScreen(), QStringLiteral("readyScreen"));
    QCOMPARE(m_backend->count("redeem"), 0);
}

void TestDeskGui::admitAnywayShowsChecking()
{
    signIn();
    m_c->handleScan("PASS-SOLO");
    m_backend->answerCheckOf("PASS-SOLO", FakeBackend::decision(Verdict::Attention, QStringLiteral("Solo")));
    auto* admit = find<QPushButton>(QStringLiteral("admitAnywayButton"));
    QCOMPARE(admit->text(), QStringLiteral("Admit anyway"));
    click(QStringLiteral("admitAnywayButton"));
    QVERIFY(admit->text().contains(QStringLiteral("Checking")));
    QVERIFY(!admit->isEnabled());
    QVERIFY(!find<QPushButton>(QStringLiteral("cancelVerdictButton"))->isEnabled());
    m_backend->answerRedeem(recorded(QStringLiteral("Solo")));
    QCOMPARE(find<QLabel>(QStringLiteral("verdictWord"))->text(), QStringLiteral("ACCEPT"));
    QVERIFY(find<QPushButton>(QStringLiteral("verdictDoneButton"))->isEnabled());
    // With guests allowed, "admit anyway" asks how many first.
    click(QStringLiteral("verdictDoneButton"));
    m_c->handleScan("PASS-PAT");
    m_backend->answerCheckOf("PASS-PAT", FakeBackend::decision(Verdict::Attention, QStringLiteral("Pat"), 1));
    click(QStringLiteral("admitAnywayButton"));
    QCOMPARE(currentScreen(), QStringLiteral("partySizeScreen"));
    QVERIFY(find<QLabel>(QStringLiteral("partyQuestion"))->text().contains(QStringLiteral("Admit anyway")));
    click(QStringLiteral("guestsPlusButton"));
    click(QStringLiteral("admitPartyButton"));
    QCOMPARE(m_backend->last("redeem").partySize, 2);
    QVERIFY(m_backend->last("redeem").confirmAttention);
}

void TestDeskGui::signInLettersByKeypadAndKeyboard()
{
    emit m_backend->staffSourceChanged(StaffSource::Accounts);
    QCOMPARE(int(m_c->signInStep()), int(SignInStep::StaffNumber));
    auto* toggle = find<QPushButton>(QStringLiteral("signInLettersButton"));
    QVERIFY(toggle->isVisible());
    click(QStringLiteral("signInLettersButton"));
    for (const QString& key : {QStringLiteral("signInAlphaKeyA"), QStringLiteral("signInAlphaKeyDash"),
                               QStringLiteral("signInAlphaKey1"), QStringLiteral("signInAlphaKeyOk")}) {
        click(key);
    }
    QCOMPARE(m_c->signInStaffId(), QStringLiteral("A-1"));
    QCOMPARE(int(m_c->signInStep()), int(SignInStep::StaffPin));
    QVERIFY(!toggle->isVisible()); // PINs are digits
    QVERIFY(find(QStringLiteral("signInKey1"))->isVisible());
    m_c->restartSignIn();
    // A hardware keyboard types letters into the staff number too.
    QWidget* screen = m_window->currentScreenWidget();
    QTest::keyClicks(screen, QStringLiteral("s-1"));
    QCOMPARE(find<QLabel>(QStringLiteral("signInPinDisplay"))->text(), QStringLiteral("S-1"));
    QTest::keyClick(screen, Qt::Key_Return);
    QCOMPARE(m_c->signInStaffId(), QStringLiteral("S-1"));
    // A badge with letters, scanned.
    m_c->restartSignIn();
    QVERIFY(m_c->handleScan("STAFF:A-1"));
    QCOMPARE(m_c->signInStaffId(), QStringLiteral("A-1"));
}

namespace {

/// Every language at every window size the desk supports (landscape from the smallest kiosk panel, and portrait): the
/// rows of each verdict layout test.
void languagesAtDeskSizes()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QSize>("size");
    const QList<QSize> sizes {{800, 480},   {1024, 600}, {1280, 800}, {1280, 1024},
                              {1920, 1080}, {600, 1024}, {800, 1280}};
    for (const QString& language : gui::LanguageManager::available()) {
        for (const QSize& s : sizes) {
            QTest::addRow("%s %dx%d", qPrintable(language), s.width(), s.height()) << language << s;
        }
    }
}

} // namespace

void TestDeskGui::verdictWordFits_data()
{
    languagesAtDeskSizes();
}

void TestDeskGui::verdictWordFits()
{
    QFETCH(QString, language);
    QFETCH(QSize, size);
    m_languages->setLanguage(language);
    m_window->resize(size);
    QTRY_COMPARE(m_window->size(), size);
    signIn();
    auto* word = find<QLabel>(QStringLiteral("verdictWord"));
    auto fits = [&](const char* what) {
        QCOMPARE(currentScreen(), QStringLiteral("verdictScreen"));
        QApplication::processEvents(); // layout and style sheet applied
        word->ensurePolished();
        const QFontMetrics fm = word->fontMetrics();
        const QRect room = word->contentsRect();
        const QString text = word->text();
        QVERIFY2(!text.isEmpty(), what);
        QVERIFY2(fm.horizontalAdvance(text) <= room.width(),
                 qPrintable(QStringLiteral("%1 \"%2\": %3 px wide in %4 px")
                                .arg(what, text)
                                .arg(fm.horizontalAdvance(text))
                                .arg(room.width())));
        QVERIFY2(
            fm.height() <= room.height(),
            qPrintable(
                QStringLiteral("%1 \"%2\": %3 px tall in %4 px").arg(what, text).arg(fm.height()).arg(room.height())));
        QVERIFY2(word->geometry().right() <= word->parentWidget()->width(), what);
    };
    m_c->handleScan("PASS-ACCEPT");
    m_backend->answerCheckOf("PASS-ACCEPT", FakeBackend::decision(Verdict::Accept, QStringLiteral("A")));
    m_backend->answerRedeem(recorded(QStringLiteral("A")));
    fits("accept");
    m_c->returnToReady();
    m_c->handleScan("PASS-ATTENTION");
    m_backend->answerCheckOf("PASS-ATTENTION", FakeBackend::decision(Verdict::Attention, QStringLiteral("B")));
    fits("attention");
    m_c->returnToReady();
    m_c->handleScan("PASS-REJECT");
    m_backend->answerCheckOf("PASS-REJECT", FakeBackend::decision(Verdict::Reject, QStringLiteral("C")));
    fits("reject");
    m_c->returnToReady();
    m_c->handleScan("PASS-FAIL");
    m_backend->answerCheckOf("PASS-FAIL", FakeBackend::decision(Verdict::Accept, QStringLiteral("D")));
    m_backend->failRedeem(core::makeError(core::ErrorCode::DiskFull, QStringLiteral("disk full")));
    fits("not recorded");
}

void TestDeskGui::verdictDoesNotRelayOutOtherScreens()
{
    // Issue 16: a verdict's answer -> paint on the GUI thread. The window's screen stack must not ask every hidden
    // screen for its height at the new width (it laid out and shaped the text of all ten screens per verdict).
    auto* stack = find<QStackedWidget>(QStringLiteral("screenStack"));
    QVERIFY(stack);
    auto* probe = new HeightForWidthProbe;
    stack->addWidget(probe); // a hidden screen; owned by the stack
    signIn();
    QApplication::processEvents();
    probe->asked = 0;
    m_c->handleScan("PASS-ACCEPT");
    m_backend->answerCheckOf("PASS-ACCEPT", FakeBackend::decision(Verdict::Accept, QStringLiteral("Ann Long-Name")));
    m_backend->answerRedeem(recorded(QStringLiteral("Ann Long-Name")));
    QCOMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    auto* verdict = m_window->verdictScreen();
    const int paintsBefore = verdict->paintsSinceChange();
    QTRY_VERIFY(verdict->paintsSinceChange() > paintsBefore); // laid out and painted
    QCOMPARE(find<QLabel>(QStringLiteral("verdictHolder"))->text(), QStringLiteral("Ann Long-Name"));
    QCOMPARE(verdict->geometry(), stack->contentsRect()); // the verdict still fills the stack
    QCOMPARE(probe->asked, 0);
}

void TestDeskGui::sameToneVerdictIsNotRepolished()
{
    // Issue 16: setting an unchanged style sheet re-polishes a widget and its children; a second ACCEPT needs none.
    signIn();
    m_c->handleScan("PASS-A");
    m_backend->answerCheckOf("PASS-A", FakeBackend::decision(Verdict::Accept, QStringLiteral("A")));
    m_backend->answerRedeem(recorded(QStringLiteral("A")));
    QCOMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QApplication::processEvents();
    m_c->returnToReady();
    StyleChangeCounter counter;
    for (const char* name : {"verdictWord", "verdictHolder", "verdictProgram", "verdictReason", "verdictDoneButton"}) {
        auto* w = find(QLatin1String(name));
        QVERIFY2(w, name);
        w->installEventFilter(&counter);
    }
    m_c->handleScan("PASS-B");
    m_backend->answerCheckOf("PASS-B", FakeBackend::decision(Verdict::Accept, QStringLiteral("Bea")));
    m_backend->answerRedeem(recorded(QStringLiteral("Bea")));
    QCOMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QApplication::processEvents();
    QCOMPARE(find<QLabel>(QStringLiteral("verdictHolder"))->text(), QStringLiteral("Bea"));
    QCOMPARE(counter.count, 0);
    // A different tone shows its colour.
    m_c->returnToReady();
    m_c->handleScan("PASS-C");
    m_backend->answerCheckOf("PASS-C", FakeBackend::decision(Verdict::Reject, QStringLiteral("Cy")));
    QCOMPARE(currentScreen(), QStringLiteral("verdictScreen"));
    QApplication::processEvents();
    QCOMPARE(m_window->verdictScreen()->grab().toImage().pixelColor(2, 2), gui::Theme::kReject); // its colour
}

void TestDeskGui::toneChangeIsNotRepolished()
{
    // Issue 16: a tone change (green after amber, red after green) set a new style sheet on the verdict screen, which
    // re-polished the screen and every widget on it before the verdict could be painted. Each tone must still show
    // its colour and ATTENTION its dark text; only the word may be restyled (its size is fitted to the word).
    signIn();
    auto* screen = m_window->verdictScreen();
    StyleChangeCounter counter;
    QList<QWidget*> watched = screen->findChildren<QWidget*>();
    watched << screen;
    for (auto* w : watched) {
        if (w->objectName() != QLatin1String("verdictWord")) {
            w->installEventFilter(&counter);
        }
    }
    int fittedBefore = 0;
    auto* holder = find<QLabel>(QStringLiteral("verdictHolder"));
    const QColor white(0xff, 0xff, 0xff);
    const QColor dark(0x11, 0x18, 0x27);
    struct Step
    {
        Verdict verdict;
        QColor background;
        QColor text;
    };
    const Step steps[]
        = {{Verdict::Accept, gui::Theme::kAccept, white},      {Verdict::Reject, gui::Theme::kReject, white},
           {Verdict::Attention, gui::Theme::kAttention, dark}, {Verdict::Accept, gui::Theme::kAccept, white},
           {Verdict::Attention, gui::Theme::kAttention, dark}, {Verdict::Reject, gui::Theme::kReject, white}};
    int i = 0;
    for (const auto& step : steps) {
        const QByteArray code = "PASS-" + QByteArray::number(++i);
        const QString name = QStringLiteral("Guest %1").arg(i);
        m_c->handleScan(code);
        m_backend->answerCheckOf(code, FakeBackend::decision(step.verdict, name));
        if (step.verdict == Verdict::Accept) {
            m_backend->answerRedeem(recorded(name));
        }
        QCOMPARE(currentScreen(), QStringLiteral("verdictScreen"));
        QApplication::processEvents();
        QCOMPARE(holder->text(), name);
        const QImage shot = screen->grab().toImage();
        QCOMPARE(shot.pixelColor(2, 2), step.background);
        QCOMPARE(holder->palette().color(QPalette::WindowText), step.text);
        QCOMPARE(find<QLabel>(QStringLiteral("verdictReason"))->palette().color(QPalette::WindowText), step.text);
        m_c->returnToReady();
        QApplication::processEvents();
        if (i == 1) {
            fittedBefore = screen->wordsFitted(); // ACCEPT fitted on the screen at its size
        }
    }
    QCOMPARE(counter.count, 0);
    // Each word was measured once at this size: REJECT and ATTENTION, then ACCEPT, ATTENTION and REJECT came back
    // and kept their fit (issue 16: refitting a word measured it at up to a dozen sizes).
    QCOMPARE(screen->wordsFitted() - fittedBefore, 2);
}

void TestDeskGui::verdictTextIsWhole_data()
{
    languagesAtDeskSizes();
}

void TestDeskGui::verdictTextIsWhole()
{
    // The desk reads the verdict aloud: at every supported size and in every language each line is whole (its
    // word-wrapped text fits the label it is drawn in), no line overlaps another or the icon, and everything lies
    // inside the screen. The worst case of the tour: ATTENTION for a recent use with counts and guests allowed.
    QFETCH(QString, language);
    QFETCH(QSize, size);
    m_languages->setLanguage(language);
    m_window->resize(size);
    QTRY_COMPARE(m_window->size(), size);
    signIn();
    auto* screen = m_window->verdictScreen();
    auto check = [&](const char* what) {
        QCOMPARE(currentScreen(), QStringLiteral("verdictScreen"));
        QApplication::processEvents(); // style sheets applied and laid out
        QList<QWidget*> shown;
        for (auto* w : screen->findChildren<QWidget*>(Qt::FindDirectChildrenOnly)) {
            if (w->isVisible()) {
                shown << w;
            }
        }
        QVERIFY2(shown.size() >= 4, what);
        for (auto* w : shown) {
            const QString where = QStringLiteral("%1 %2 %3 at %4,%5 %6x%7 in %8x%9")
                                      .arg(QLatin1String(what), w->objectName(),
                                           qobject_cast<QLabel*>(w) ? qobject_cast<QLabel*>(w)->text() : QString())
                                      .arg(w->x())
                                      .arg(w->y())
                                      .arg(w->width())
                                      .arg(w->height())
                                      .arg(screen->width())
                                      .arg(screen->height());
            QVERIFY2(screen->rect().contains(w->geometry()), qPrintable(where + QStringLiteral(": outside")));
            QVERIFY2(w->height() >= w->minimumSizeHint().height() || qobject_cast<QLabel*>(w),
                     qPrintable(where + QStringLiteral(": squeezed")));
            if (auto* label = qobject_cast<QLabel*>(w)) {
                label->ensurePolished();
                const int needed
                    = label->wordWrap() ? label->heightForWidth(label->width()) : label->sizeHint().height();
                QVERIFY2(needed <= label->height(),
                         qPrintable(where + QStringLiteral(": text needs %1 px").arg(needed)));
                if (!label->wordWrap()) {
                    QVERIFY2(label->fontMetrics().horizontalAdvance(label->text()) <= label->contentsRect().width(),
                             qPrintable(where + QStringLiteral(": too wide")));
                }
            }
            for (auto* other : shown) {
                QVERIFY2(other == w || !w->geometry().intersects(other->geometry()),
                         qPrintable(where + QStringLiteral(": overlaps ") + other->objectName()));
            }
        }
    };
    core::Decision attention = FakeBackend::decision(Verdict::Attention, QStringLiteral("Mei Ling Chan"), 1);
    attention.programName = QStringLiteral("Gold");
    attention.module = QStringLiteral("LOUNGE");
    attention.balances = {{core::Pool::Cardholder, false, 6, 4, 0}, {core::Pool::Guest, false, 4, 3, 0}};
    attention.at = m_c->now().toUTC();
    core::Redemption last;
    last.at = attention.at.addSecs(-20);
    last.terminalId = QStringLiteral("DEMO-KIOSK-1");
    last.staffId = kAgent.id;
    last.partySize = 2;
    attention.lastVisit = last;
    m_c->handleScan("PASS-ATTENTION");
    m_backend->answerCheckOf("PASS-ATTENTION", attention);
    QVERIFY(find<QLabel>(QStringLiteral("verdictReason"))->text().contains(QStringLiteral("DEMO-KIOSK-1")));
    check("attention");
    // Then a short ACCEPT on the same screen: the lines take their design sizes back and still fit.
    m_c->returnToReady();
    m_c->handleScan("PASS-ACCEPT");
    m_backend->answerCheckOf("PASS-ACCEPT", FakeBackend::decision(Verdict::Accept, QStringLiteral("Mei Ling Chan")));
    m_backend->answerRedeem(recorded(QStringLiteral("Mei Ling Chan"), 2));
    check("accept");
    // And a refusal that offers paid entry.
    m_c->returnToReady();
    auto reject = FakeBackend::decision(Verdict::Reject, QStringLiteral("Sofia Rossi"));
    reject.reason = core::Reason::Suspended;
    reject.programName = QStringLiteral("Classic");
    m_c->handleScan("PASS-REJECT");
    m_backend->answerCheckOf("PASS-REJECT", reject);
    check("reject");
}

QTEST_MAIN(TestDeskGui)
#include "tst_deskgui.moc"
