// Keyboard-wedge scanners type fast and end with Enter; people type slowly. Bursts become scans and never reach the
// focused text field; typing reaches it unchanged.
#include "../common/BcbpGenerator.h"
#include "scanner/KeyboardWedge.h"

#include <QApplication>
#include <QKeyEvent>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

using namespace lounge::scanner;

class TestKeyboardWedge : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void typing_data();
    void typing();
    void shortcutsPassThrough();
    void scannerKeySequence_data();
    void scannerKeySequence();
    void symbolsThroughCtrlAltStayInBurst();
    void busyGuiThreadKeepsTheBurst_data();
    void busyGuiThreadKeepsTheBurst();

private:
    void type(const QString& text, int gapMs, bool enter);
    /// What a USB HID scanner (or `xdotool key shift+L ...`) really sends: Shift pressed and released around each
    /// capital and shifted symbol (the letter itself carries ShiftModifier), digits from the keypad when `keypad`,
    /// then `suffix` (Return, Tab, or nothing). `gapMs` from one character to the next.
    void typeLikeScanner(const QString& text, int gapMs, bool keypad, Qt::Key suffix, bool person = false);
    void send(QEvent::Type type, int key, Qt::KeyboardModifiers mods, const QString& text);

    qint64 m_now = 0;
    QLineEdit* m_edit = nullptr;
    KeyboardWedge* m_wedge = nullptr;
};

void TestKeyboardWedge::init()
{
    m_now = 1000;
    m_edit = new QLineEdit;
    m_edit->setObjectName("searchField");
    m_wedge = new KeyboardWedge(WedgeOptions {}, [this] { return m_now; });
    qApp->installEventFilter(m_wedge);
}

void TestKeyboardWedge::cleanup()
{
    qApp->removeEventFilter(m_wedge);
    delete m_wedge;
    delete m_edit;
}

// Key events as the platform delivers them to the focused widget, `gapMs` apart on the injected clock.
void TestKeyboardWedge::type(const QString& text, int gapMs, bool enter)
{
    for (const QChar c : text) {
        const int key = c.toUpper().unicode();
        QKeyEvent press(QEvent::KeyPress, key, Qt::NoModifier, QString(c));
        QKeyEvent release(QEvent::KeyRelease, key, Qt::NoModifier, QString(c));
        QApplication::sendEvent(m_edit, &press);
        m_now += 2;
        QApplication::sendEvent(m_edit, &release);
        m_now += gapMs - 2;
    }
    if (enter) {
        QKeyEvent press(QEvent::KeyPress, Qt::Key_Return, Qt::NoModifier, "\r");
        QKeyEvent release(QEvent::KeyRelease, Qt::Key_Return, Qt::NoModifier, "\r");
        QApplication::sendEvent(m_edit, &press);
        QApplication::sendEvent(m_edit, &release);
    }
}

void TestKeyboardWedge::send(QEvent::Type type, int key, Qt::KeyboardModifiers mods, const QString& text)
{
    QKeyEvent e(type, key, mods, text);
    QApplication::sendEvent(m_edit, &e);
}

void TestKeyboardWedge::typeLikeScanner(const QString& text, int gapMs, bool keypad, Qt::Key suffix, bool person)
{
    static const QString kShifted = QStringLiteral(":<>^!@#$%&*()_+?\"|~{}");
    // A scanner (and `xdotool key --delay gapMs`) sends one event every gapMs/2: Shift down, key down, key up,
    // Shift up. A person presses Shift, then the key 40 ms later, holds it 80 ms, and starts the next key gapMs
    // after the previous one.
    const int step = person ? 0 : qMax(1, gapMs / 2);
    for (const QChar c : text) {
        const bool shift = c.isUpper() || kShifted.contains(c);
        const bool pad = keypad && c.isDigit();
        int key = c.toUpper().unicode();
        if (c == QLatin1Char(':')) {
            key = Qt::Key_Colon;
        }
        Qt::KeyboardModifiers mods = shift ? Qt::ShiftModifier : Qt::NoModifier;
        if (pad) {
            mods |= Qt::KeypadModifier;
        }
        const qint64 start = m_now;
        if (shift) {
            send(QEvent::KeyPress, Qt::Key_Shift, Qt::NoModifier, {});
            m_now += person ? 40 : step;
        }
        send(QEvent::KeyPress, key, mods, QString(c));
        m_now += person ? 80 : step;
        send(QEvent::KeyRelease, key, mods, QString(c));
        if (shift) {
            m_now += person ? 10 : step;
            send(QEvent::KeyRelease, Qt::Key_Shift, Qt::ShiftModifier, {});
        }
        m_now = person ? start + gapMs : m_now + step;
    }
    if (suffix == Qt::Key_Return) {
        send(QEvent::KeyPress, Qt::Key_Return, Qt::NoModifier, "\r");
        send(QEvent::KeyRelease, Qt::Key_Return, Qt::NoModifier, "\r");
    } else if (suffix == Qt::Key_Tab) {
        send(QEvent::KeyPress, Qt::Key_Tab, Qt::NoModifier, "\t");
        send(QEvent::KeyRelease, Qt::Key_Tab, Qt::NoModifier, "\t");
    }
}

void TestKeyboardWedge::scannerKeySequence_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("gapMs");
    QTest::addColumn<bool>("keypad");
    QTest::addColumn<int>("suffix");
    QTest::addColumn<bool>("isScan");
    QTest::addColumn<bool>("person");
    const QString pass = QStringLiteral("L1MGOLD-Jane:0042");
    const QString badge = QStringLiteral("STAFF:A-1");
    const int enter = int(Qt::Key_Return);
    for (const int gap : {2, 5, 10, 30}) {
        QTest::addRow("pass, %d ms/key, Return", gap) << pass << gap << false << enter << true << false;
        QTest::addRow("badge, %d ms/key, Return", gap) << badge << gap << false << enter << true << false;
    }
    // IATA boarding passes from a handheld: blanks, '/', '>', '^', '*', '+', '=' (Shift for '>', '^', '*', '+' on a
    // US layout), lower-case variants, blanks before the Enter.
    namespace gen = lounge::testing::bcbp;
    const QString bcbp = QString::fromLatin1(gen::passString(gen::samplePass(2, true, true)));
    auto blanks = gen::samplePass(1, true, false);
    blanks.legs[0].fastTrack = "";
    blanks.legs[0].airlinePrivate.clear();
    const QString bcbpBlanks = QString::fromLatin1(gen::passString(blanks));
    QVERIFY(bcbpBlanks.endsWith(u' ') && bcbp.contains(u'>') && bcbp.contains(u'^') && bcbp.contains(u'+'));
    for (const int gap : {5, 30}) {
        QTest::addRow("boarding pass, %d ms/key", gap) << bcbp << gap << false << enter << true << false;
        QTest::addRow("boarding pass, lower case, %d ms/key", gap)
            << bcbp.toLower() << gap << false << enter << true << false;
        QTest::addRow("boarding pass, trailing blanks, %d ms/key", gap)
            << bcbpBlanks << gap << false << enter << true << false;
    }
    QTest::newRow("boarding pass, keypad digits") << bcbp << 5 << true << enter << true << false;
    QTest::newRow("pass, 5 ms/key, Tab") << pass << 5 << false << int(Qt::Key_Tab) << true << false;
    QTest::newRow("pass, keypad digits") << pass << 5 << true << enter << true << false;
    QTest::newRow("slow scanner at 80 ms/key") << pass << 80 << false << enter << true << false;
    QTest::newRow("person typing capitals, 150 ms/key")
        << QStringLiteral("Jane Smith") << 150 << false << enter << false << true;
    QTest::newRow("fast person typing a badge, 130 ms/key") << badge << 130 << false << enter << false << true;
    QTest::newRow("fast burst without terminator") << pass << 5 << false << 0 << false << false;
}

void TestKeyboardWedge::scannerKeySequence()
{
    QFETCH(QString, text);
    QFETCH(int, gapMs);
    QFETCH(bool, keypad);
    QFETCH(int, suffix);
    QFETCH(bool, isScan);
    QFETCH(bool, person);
    QSignalSpy scans(m_wedge, &KeyboardWedge::codeScanned);
    typeLikeScanner(text, gapMs, keypad, Qt::Key(suffix), person);
    m_now += 1000;
    if (isScan) {
        QCOMPARE(scans.count(), 1);
        QCOMPARE(scans.first().at(0).value<ScanEvent>().text, text);
        QTest::qWait(100);
        QCOMPARE(m_edit->text(), QString()); // nothing leaks into the focused field
    } else {
        QTRY_COMPARE(m_edit->text(), text); // typing reaches the field unchanged, capitals included
        QCOMPARE(scans.count(), 0);
    }
}

void TestKeyboardWedge::symbolsThroughCtrlAltStayInBurst()
{
    // Some layouts (and scanners set to them) type '@' and '#' with AltGr, reported as Ctrl+Alt: the modifier key
    // events and the modified printable key stay in the burst.
    QSignalSpy scans(m_wedge, &KeyboardWedge::codeScanned);
    const QString code = QStringLiteral("AB@12#C");
    for (const QChar c : code) {
        const bool symbol = c == QLatin1Char('@') || c == QLatin1Char('#');
        const Qt::KeyboardModifiers mods
            = symbol ? Qt::ControlModifier | Qt::AltModifier : (c.isUpper() ? Qt::ShiftModifier : Qt::NoModifier);
        if (symbol) {
            send(QEvent::KeyPress, Qt::Key_Control, Qt::NoModifier, {});
            m_now += 3;
            send(QEvent::KeyPress, Qt::Key_Alt, Qt::ControlModifier, {});
            m_now += 3;
        }
        send(QEvent::KeyPress, c.unicode(), mods, QString(c));
        m_now += 3;
        send(QEvent::KeyRelease, c.unicode(), mods, QString(c));
        m_now += 3;
        if (symbol) {
            send(QEvent::KeyRelease, Qt::Key_Alt, Qt::ControlModifier | Qt::AltModifier, {});
            m_now += 3;
            send(QEvent::KeyRelease, Qt::Key_Control, Qt::ControlModifier, {});
            m_now += 3;
        }
    }
    send(QEvent::KeyPress, Qt::Key_Enter, Qt::KeypadModifier, "\r");
    send(QEvent::KeyRelease, Qt::Key_Enter, Qt::KeypadModifier, "\r");
    QCOMPARE(scans.count(), 1);
    QCOMPARE(scans.first().at(0).value<ScanEvent>().text, code);
    QCOMPARE(m_edit->text(), QString());
}

void TestKeyboardWedge::busyGuiThreadKeepsTheBurst_data()
{
    QTest::addColumn<int>("stampGapMs"); // how fast the keys were produced (window-system timestamps; 0: none)
    QTest::addColumn<int>("arrivalGapMs"); // how fast they reached the wedge before the stall
    QTest::addColumn<int>("stallAt"); // character before which the stall happens
    QTest::addColumn<int>("stallMs");
    QTest::addColumn<bool>("stalledStamps"); // the stall is in the timestamps too (the scanner or xdotool stalled)
    QTest::addColumn<bool>("isScan");
    QTest::newRow("GUI thread busy 300 ms, stamped events") << 5 << 5 << 30 << 300 << false << true;
    QTest::newRow("GUI thread busy 300 ms, no timestamps") << 0 << 5 << 30 << 300 << false << true;
    QTest::newRow("scanner stalls 300 ms after 30 characters") << 5 << 5 << 30 << 300 << true << true;
    QTest::newRow("scanner stalls 300 ms after 5 characters") << 5 << 5 << 5 << 300 << true << true;
    QTest::newRow("scanner stalls 300 ms after 4 characters") << 5 << 5 << 4 << 300 << true << true;
    QTest::newRow("3 fast characters, then 300 ms: typing") << 5 << 5 << 3 << 300 << true << false;
    QTest::newRow("scanner stalls 600 ms: the burst ends") << 5 << 5 << 30 << 600 << true << false;
    QTest::newRow("person at 150 ms/key, arriving in a rush") << 150 << 150 << 30 << 0 << false << false;
}

void TestKeyboardWedge::busyGuiThreadKeepsTheBurst()
{
    // A boarding pass from a handheld with a pause in the middle: the GUI thread was busy (the keys arrive late and
    // at once, their timestamps still 5 ms apart) or the scanner itself stalled. A burst of 4 or more characters
    // with every key event within 50 ms (nobody types like that) stays one scan through a pause of up to
    // stallGapMs (500 ms); a person's keys stay typing.
    QFETCH(int, stampGapMs);
    QFETCH(int, arrivalGapMs);
    QFETCH(int, stallAt);
    QFETCH(int, stallMs);
    QFETCH(bool, stalledStamps);
    QFETCH(bool, isScan);
    namespace gen = lounge::testing::bcbp;
    const QString text = QString::fromLatin1(gen::passString(gen::samplePass(1, false, false)));
    QSignalSpy scans(m_wedge, &KeyboardWedge::codeScanned);
    quint64 stamp = stampGapMs > 0 ? 5000 : 0;
    auto sendStamped = [&](QEvent::Type type, int key, Qt::KeyboardModifiers mods, const QString& t) {
        QKeyEvent e(type, key, mods, t);
        e.setTimestamp(stamp);
        QApplication::sendEvent(m_edit, &e);
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (i == stallAt) {
            m_now += stallMs;
            if (stalledStamps && stamp != 0) {
                stamp += quint64(stallMs);
            }
        }
        const int key = c.toUpper().unicode();
        const Qt::KeyboardModifiers mods = c.isUpper() ? Qt::ShiftModifier : Qt::NoModifier;
        sendStamped(QEvent::KeyPress, key, mods, QString(c));
        sendStamped(QEvent::KeyRelease, key, mods, QString(c));
        if (stamp != 0) {
            stamp += quint64(stampGapMs);
        }
        // After a GUI-thread stall the queued keys arrive one right after the other.
        m_now += (i >= stallAt && !stalledStamps) ? 0 : arrivalGapMs;
    }
    sendStamped(QEvent::KeyPress, Qt::Key_Return, Qt::NoModifier, "\r");
    sendStamped(QEvent::KeyRelease, Qt::Key_Return, Qt::NoModifier, "\r");
    if (isScan) {
        QCOMPARE(scans.count(), 1);
        QCOMPARE(scans.first().at(0).value<ScanEvent>().text, text);
        QCOMPARE(m_edit->text(), QString());
    } else {
        // Never the whole text as one scan; what was held before the pause reaches the field as typing.
        for (const auto& args : scans) {
            QVERIFY(args.at(0).value<ScanEvent>().text != text);
        }
        QTRY_VERIFY(!m_edit->text().isEmpty());
        QVERIFY(text.startsWith(m_edit->text()));
    }
}

void TestKeyboardWedge::typing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("gapMs");
    QTest::addColumn<bool>("enter");
    QTest::addColumn<QString>("scanned"); // empty: no scan expected
    QTest::addColumn<QString>("fieldText"); // what the focused field must end up with
    QTest::newRow("scanner burst, 5 ms/char") << "M1DOE/JANE EABC123" << 5 << true << "M1DOE/JANE EABC123"
                                              << "";
    QTest::newRow("fast scanner, 1 ms/char") << "LOUNGE-12345" << 1 << true << "LOUNGE-12345"
                                             << "";
    QTest::newRow("person typing, 150 ms/char") << "hello" << 150 << true << ""
                                                << "hello";
    QTest::newRow("fast typist, 70 ms/char") << "smith" << 70 << false << ""
                                             << "smith";
    QTest::newRow("burst without Enter is typing") << "ABCDEFG" << 5 << false << ""
                                                   << "ABCDEFG";
    QTest::newRow("too short a burst is typing") << "ok" << 5 << true << ""
                                                 << "ok";
}

void TestKeyboardWedge::typing()
{
    QFETCH(QString, text);
    QFETCH(int, gapMs);
    QFETCH(bool, enter);
    QFETCH(QString, scanned);
    QFETCH(QString, fieldText);
    QSignalSpy scans(m_wedge, &KeyboardWedge::codeScanned);
    type(text, gapMs, enter);
    m_now += 1000; // the pause after typing lets held keys go to the field
    if (scanned.isEmpty()) {
        QTRY_COMPARE(m_edit->text(), fieldText);
        QCOMPARE(scans.count(), 0);
    } else {
        QCOMPARE(scans.count(), 1);
        const auto e = scans.first().at(0).value<ScanEvent>();
        QCOMPARE(e.text, scanned);
        QCOMPARE(e.sourceKind, SourceKind::KeyboardWedge);
        QTest::qWait(100); // nothing may trickle into the field later either
        QCOMPARE(m_edit->text(), QString());
    }
}

void TestKeyboardWedge::shortcutsPassThrough()
{
    m_edit->setText("abc");
    m_edit->selectAll();
    QKeyEvent ctrlX(QEvent::KeyPress, Qt::Key_X, Qt::ControlModifier, "\x18");
    QApplication::sendEvent(m_edit, &ctrlX);
    QCOMPARE(m_edit->text(), QString()); // handled at once, not held back
}

QTEST_MAIN(TestKeyboardWedge)
#include "tst_keyboardwedge.moc"
