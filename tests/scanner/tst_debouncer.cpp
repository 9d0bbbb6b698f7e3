// One code held in view gives one event; it counts again only after leaving the view, or after the repeat interval.
#include "scanner/Debouncer.h"

#include <QTest>

using namespace lounge::scanner;

namespace {
ScanEvent code(const char* text)
{
    ScanEvent e;
    e.text = QString::fromLatin1(text);
    e.bytes = QByteArray(text);
    e.format = CodeFormat::QrCode;
    return e;
}
} // namespace

class TestDebouncer : public QObject
{
    Q_OBJECT
private slots:
    void events_data();
    void events();
};

void TestDebouncer::events_data()
{
    QTest::addColumn<int>("absenceMs");
    QTest::addColumn<int>("repeatMs");
    // "t:CODES" frames, CODES comma-separated ("-" = nothing read), or "t:!CODE": the kiosk re-arms CODE (its
    // screen changed and it could not act on CODE before); expected = the emitted sequence.
    QTest::addColumn<QStringList>("frames");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("held code reported once")
        << 500 << 0 << QStringList {"0:A", "33:A", "66:A", "400:A", "800:A", "1200:A"} << QStringList {"A"};
    QTest::newRow("gap shorter than absence is the same presentation")
        << 500 << 0 << QStringList {"0:A", "33:-", "300:-", "400:A"} << QStringList {"A"};
    QTest::newRow("left the view, shown again")
        << 500 << 0 << QStringList {"0:A", "100:-", "700:A"} << QStringList {"A", "A"};
    QTest::newRow("two codes in one frame") << 500 << 0 << QStringList {"0:A,B", "33:A,B"} << QStringList {"A", "B"};
    QTest::newRow("same code twice in one frame") << 500 << 0 << QStringList {"0:A,A"} << QStringList {"A"};
    QTest::newRow("alternating codes") << 500 << 0 << QStringList {"0:A", "33:B", "66:A", "99:B"}
                                       << QStringList {"A", "B"};
    QTest::newRow("repeat interval while held")
        << 500 << 1000 << QStringList {"0:A", "500:A", "999:A", "1000:A", "1500:A", "2000:A"}
        << QStringList {"A", "A", "A"};
    QTest::newRow("re-armed code still in view is reported again")
        << 1000 << 0 << QStringList {"0:A", "33:A", "50:!A", "66:A", "99:A"} << QStringList {"A", "A"};
    QTest::newRow("re-arming one code leaves the other held")
        << 1000 << 0 << QStringList {"0:A,B", "50:!B", "66:A,B", "99:A,B"} << QStringList {"A", "B", "B"};
}

void TestDebouncer::events()
{
    QFETCH(int, absenceMs);
    QFETCH(int, repeatMs);
    QFETCH(QStringList, frames);
    QFETCH(QStringList, expected);
    Debouncer debouncer({absenceMs, repeatMs});
    QStringList emitted;
    for (const QString& f : frames) {
        const qint64 t = f.section(':', 0, 0).toLongLong();
        if (f.section(':', 1).startsWith('!')) {
            debouncer.forget({code(qPrintable(f.section(':', 1).mid(1))).identity()});
            continue;
        }
        QList<ScanEvent> seen;
        for (const QString& c : f.section(':', 1).split(','))
            if (c != "-")
                seen.append(code(qPrintable(c)));
        for (const ScanEvent& e : debouncer.accept(seen, t))
            emitted << e.text;
    }
    QCOMPARE(emitted, expected);
}

QTEST_GUILESS_MAIN(TestDebouncer)
#include "tst_debouncer.moc"
