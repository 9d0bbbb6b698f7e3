// The .ts files are the translations (Qt Linguist workflow): every message is finished, has every plural form its
// language has, keeps the source's placeholders, and nothing in the sources is missing from them or left over.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

namespace {

struct Message
{
    QString context;
    QString source;
    bool numerus = false;
    QString type; ///< translation type attribute: "", "unfinished", "vanished", "obsolete"
    QString text; ///< non-numerus translation
    QStringList forms; ///< numerus forms
};

struct TsFile
{
    QString language;
    QList<Message> messages;
    QString error;
};

TsFile readTs(const QString& path)
{
    TsFile ts;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        ts.error = QStringLiteral("cannot open ") + path;
        return ts;
    }
    QXmlStreamReader xml(&f);
    QString context;
    Message m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) {
            continue;
        }
        const auto name = xml.name();
        if (name == QLatin1String("TS")) {
            ts.language = xml.attributes().value(QLatin1String("language")).toString();
        } else if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            m = Message {};
            m.context = context;
            m.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (name == QLatin1String("source")) {
            m.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            m.type = xml.attributes().value(QLatin1String("type")).toString();
            if (m.numerus) {
                while (xml.readNextStartElement()) {
                    if (xml.name() == QLatin1String("numerusform")) {
                        m.forms << xml.readElementText();
                    } else {
                        xml.skipCurrentElement();
                    }
                }
            } else {
                m.text = xml.readElementText();
            }
            ts.messages << m;
        }
    }
    if (xml.hasError()) {
        ts.error = path + QStringLiteral(": ") + xml.errorString();
    }
    return ts;
}

int pluralForms(const QString& language)
{
    if (language == QLatin1String("ar")) {
        return 6; // zero, one, two, few (3–10), many (11–99), other (100–102, …)
    }
    if (language == QLatin1String("zh_CN")) {
        return 1;
    }
    return 2; // en
}

QSet<QString> placeholders(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("%L?([1-9])"));
    QSet<QString> found;
    for (auto it = re.globalMatch(text); it.hasNext();) {
        found << QStringLiteral("%") + it.next().captured(1);
    }
    return found;
}

bool hasCount(const QString& text)
{
    return text.contains(QLatin1String("%n")) || text.contains(QLatin1String("%Ln"));
}

/// Everything wrong with one .ts file, one line each.
QStringList problems(const TsFile& ts, const QString& file)
{
    QStringList out;
    if (!ts.error.isEmpty()) {
        return {ts.error};
    }
    const int forms = pluralForms(ts.language);
    for (const Message& m : ts.messages) {
        const QString where = QStringLiteral("%1 [%2] \"%3\"").arg(file, m.context, m.source);
        if (m.type == QLatin1String("unfinished")) {
            out << where + QStringLiteral(": unfinished (missing translation)");
            continue;
        }
        if (m.type == QLatin1String("vanished") || m.type == QLatin1String("obsolete")) {
            out << where + QStringLiteral(": obsolete (no longer in the sources)");
            continue;
        }
        const QSet<QString> wanted = placeholders(m.source);
        if (!m.numerus) {
            if (m.text.trimmed().isEmpty()) {
                out << where + QStringLiteral(": empty translation");
            } else if (placeholders(m.text) != wanted) {
                out << where + QStringLiteral(": placeholders differ: ") + m.text;
            }
            continue;
        }
        if (m.forms.size() != forms) {
            out << where
                    + QStringLiteral(": %1 plural forms, %2 has %3").arg(m.forms.size()).arg(ts.language).arg(forms);
            continue;
        }
        for (const QString& form : m.forms) {
            if (form.trimmed().isEmpty()) {
                out << where + QStringLiteral(": empty plural form");
            } else if (placeholders(form) != wanted) {
                out << where + QStringLiteral(": placeholders differ: ") + form;
            }
        }
        if (!hasCount(m.forms.last())) {
            out << where + QStringLiteral(": the general plural form does not show the count");
        }
        if (ts.language == QLatin1String("ar") && QSet<QString>(m.forms.begin(), m.forms.end()).size() < 3) {
            // Arabic counts zero, one, two and plurals differently; six copies of one text are not plural forms.
            out << where + QStringLiteral(": Arabic plural forms are copies of one text");
        }
    }
    return out;
}

const QStringList kLanguages {QStringLiteral("en"), QStringLiteral("zh_CN"), QStringLiteral("ar")};

QString tsPath(const QString& dir, const QString& lang)
{
    return QDir(dir).filePath(QStringLiteral("lounge_%1.ts").arg(lang));
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT
private slots:
    void checkerFindsEveryKindOfProblem();
    void tsFilesAreComplete_data();
    void tsFilesAreComplete();
    void tsFilesMatchTheSources();
    void noScriptRewritesTheTsFiles();
};

/// The checker itself: a .ts file with each defect is reported (so the tests below can fail).
void TestTranslations::checkerFindsEveryKindOfProblem()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.ts"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"(<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context><name>lounge::gui::X</name>
<message><source>A</source><translation type="unfinished"></translation></message>
<message><source>B</source><translation type="vanished">ب</translation></message>
<message><source>C %1</source><translation>ج</translation></message>
<message numerus="yes"><source>%Ln visit(s)</source><translation><numerusform>%Ln زيارة</numerusform><numerusform>%Ln زيارة</numerusform></translation></message>
<message numerus="yes"><source>%Ln day(s)</source><translation><numerusform>%Ln يوم</numerusform><numerusform>%Ln يوم</numerusform><numerusform>%Ln يوم</numerusform><numerusform>%Ln يوم</numerusform><numerusform>%Ln يوم</numerusform><numerusform>%Ln يوم</numerusform></translation></message>
<message><source>D</source><translation>د</translation></message>
</context>
</TS>
)");
    f.close();
    const QStringList found = problems(readTs(path), QStringLiteral("bad.ts"));
    QCOMPARE(found.size(), 5);
    QVERIFY(found[0].contains(QLatin1String("unfinished")));
    QVERIFY(found[1].contains(QLatin1String("obsolete")));
    QVERIFY(found[2].contains(QLatin1String("placeholders")));
    QVERIFY(found[3].contains(QLatin1String("2 plural forms")));
    QVERIFY(found[4].contains(QLatin1String("copies")));
}

void TestTranslations::tsFilesAreComplete_data()
{
    QTest::addColumn<QString>("lang");
    for (const QString& lang : kLanguages) {
        QTest::newRow(qPrintable(lang)) << lang;
    }
}

void TestTranslations::tsFilesAreComplete()
{
    QFETCH(QString, lang);
    const QString path = tsPath(QStringLiteral(LOUNGE_SOURCE_DIR "/resources/translations"), lang);
    const TsFile ts = readTs(path);
    QCOMPARE(ts.language, lang);
    QVERIFY(ts.messages.size() > 100);
    const QStringList found = problems(ts, QFileInfo(path).fileName());
    QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
}

/// lupdate over the sources (on copies of the .ts files, keeping obsolete entries) finds nothing new and nothing
/// gone: every tr() string is in every .ts file, in the context tr() looks up, and every .ts entry is still used.
void TestTranslations::tsFilesMatchTheSources()
{
    QTemporaryDir dir;
    QStringList args {QStringLiteral(LOUNGE_SOURCE_DIR "/app"), QStringLiteral("-locations"), QStringLiteral("none"),
                      QStringLiteral("-silent"), QStringLiteral("-ts")};
    for (const QString& lang : kLanguages) {
        QVERIFY(QFile::copy(tsPath(QStringLiteral(LOUNGE_SOURCE_DIR "/resources/translations"), lang),
                            tsPath(dir.path(), lang)));
        QFile::setPermissions(tsPath(dir.path(), lang), QFile::ReadOwner | QFile::WriteOwner);
        args << tsPath(dir.path(), lang);
    }
    QProcess lupdate;
    lupdate.start(QStringLiteral(LOUNGE_LUPDATE), args);
    QVERIFY(lupdate.waitForFinished(120000));
    QVERIFY2(lupdate.exitCode() == 0, lupdate.readAllStandardError().constData());
    QStringList found;
    for (const QString& lang : kLanguages) {
        found << problems(readTs(tsPath(dir.path(), lang)), QStringLiteral("lounge_%1.ts").arg(lang));
    }
    QVERIFY2(found.isEmpty(),
             qPrintable(QStringLiteral("run the update_translations target and translate:\n")
                        + found.join(QLatin1Char('\n'))));
}

void TestTranslations::noScriptRewritesTheTsFiles()
{
    const QDir dir(QStringLiteral(LOUNGE_SOURCE_DIR "/resources/translations"));
    QCOMPARE(dir.entryList({QStringLiteral("*.py"), QStringLiteral("*.sh")}, QDir::Files), QStringList {});
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
