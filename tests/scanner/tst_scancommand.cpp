// `lounge-terminal scan` on image files and folders: one line (or JSON object) per scan, exit when exhausted.
#include "cli/ScanCommand.h"
#include "scanner/SyntheticCodes.h"

#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace lounge::scanner;

class TestScanCommand : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void folderAsJson();
    void singleImageAsText();
    void missingSourceFails();
    void timingReportsPercentilesPerImage();

private:
    QTemporaryDir m_dir;
};

void TestScanCommand::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(renderCode(CodeFormat::QrCode, "PASS-0001", 6).save(m_dir.filePath("a.png")));
    QVERIFY(renderCode(CodeFormat::Aztec, "PASS-0002", 6).save(m_dir.filePath("b.png")));
    QImage blank(200, 200, QImage::Format_Grayscale8);
    blank.fill(255);
    QVERIFY(blank.save(m_dir.filePath("c.png")));
}

void TestScanCommand::folderAsJson()
{
    QString outText, errText;
    QTextStream out(&outText), err(&errText);
    const int rc = lounge::app::runScanCommand({"scan", "--source", m_dir.path(), "--json"}, out, err);
    QCOMPARE(rc, 0);
    const QStringList lines = outText.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    const QJsonObject first = QJsonDocument::fromJson(lines[0].toUtf8()).object();
    QCOMPARE(first.value("text").toString(), QStringLiteral("PASS-0001"));
    QCOMPARE(first.value("format").toString(), QStringLiteral("QRCode"));
    QVERIFY(first.value("source").toString().endsWith("a.png"));
    const QJsonObject second = QJsonDocument::fromJson(lines[1].toUtf8()).object();
    QCOMPARE(second.value("text").toString(), QStringLiteral("PASS-0002"));
    QCOMPARE(second.value("format").toString(), QStringLiteral("Aztec"));
}

void TestScanCommand::singleImageAsText()
{
    QString outText, errText;
    QTextStream out(&outText), err(&errText);
    const int rc = lounge::app::runScanCommand({"scan", "--source", m_dir.filePath("a.png")}, out, err,
                                               [](const ScanEvent&) { return QStringLiteral("ADMIT"); });
    QCOMPARE(rc, 0);
    QVERIFY2(outText.contains("QRCode") && outText.contains("PASS-0001 => ADMIT"), qPrintable(outText));
}

void TestScanCommand::missingSourceFails()
{
    QString outText, errText;
    QTextStream out(&outText), err(&errText);
    // The README's codes: 65 for input that is not there or unreadable, 64 for a usage error (issue 11 §6).
    QCOMPARE(lounge::app::runScanCommand({"scan", "--source", m_dir.filePath("nope.mp4")}, out, err), 65);
    QCOMPARE(lounge::app::runScanCommand({"scan"}, out, err), 64);
}

void TestScanCommand::timingReportsPercentilesPerImage()
{
    QString outText, errText;
    QTextStream out(&outText), err(&errText);
    const int rc = lounge::app::runScanCommand({"scan", "--source", m_dir.path(), "--timing"}, out, err);
    QCOMPARE(rc, 0);
    QCOMPARE(outText.split('\n', Qt::SkipEmptyParts).size(), 2); // the scans themselves are unchanged
    // Three images decoded (the blank one too), with the per-image percentiles and the budget.
    static const QRegularExpression line(QStringLiteral(
        R"(scan: 3 images decoded; decode time per image p50 [0-9.]+ ms, p99 [0-9.]+ ms, max [0-9.]+ ms; )"
        R"(budget 1000 ms per image; heavier passes left out for the time limit: 0)"));
    QVERIFY2(line.match(errText).hasMatch(), qPrintable(errText));
}

QTEST_MAIN(TestScanCommand)
#include "tst_scancommand.moc"
