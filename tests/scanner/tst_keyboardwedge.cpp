// Keyboard-wedge scanners type fast and end with Enter; people type slowly. Bursts become scans and never reach the
// focused text field; typing reaches it unchanged.
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

private:
    void type(const QString& text, int gapMs, bool enter);

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
