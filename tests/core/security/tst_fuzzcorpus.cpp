// Replays the checked-in fuzz corpus (tests/fuzz/corpus) through the same entry points the libFuzzer targets use,
// so every input a fuzzing run found interesting stays a regression test in CI. The seeds are generated: run with
// LOUNGE_WRITE_CORPUS=1 to rewrite them; the test fails when the checked-in seeds drift from the generator.
#include "FuzzTargets.h"

#include <QDir>
#include <QFile>
#include <QTest>

class TestFuzzCorpus : public QObject
{
    Q_OBJECT

private:
    static QString corpusDir(const char* target)
    {
        return QStringLiteral(LOUNGE_SOURCE_DIR "/tests/fuzz/corpus/") + QLatin1String(target);
    }

    static void replay(const char* target, int (*entry)(const std::uint8_t*, std::size_t))
    {
        const QDir dir(corpusDir(target));
        const QStringList files = dir.entryList(QDir::Files, QDir::Name);
        QVERIFY2(files.size() >= 5, qPrintable(dir.path()));
        for (const QString& name : files) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            QCOMPARE(entry(reinterpret_cast<const std::uint8_t*>(bytes.constData()), std::size_t(bytes.size())), 0);
        }
    }

    static void checkSeeds(const char* target, const QList<std::pair<QString, QByteArray>>& seeds)
    {
        const QDir dir(corpusDir(target));
        const bool write = qEnvironmentVariableIsSet("LOUNGE_WRITE_CORPUS");
        if (write) {
            QVERIFY(dir.mkpath(QStringLiteral(".")));
        }
        for (const auto& [name, bytes] : seeds) {
            QFile f(dir.filePath(QStringLiteral("seed_") + name));
            if (write) {
                QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
                f.write(bytes);
                continue;
            }
            QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
            QVERIFY2(f.readAll() == bytes, qPrintable(f.fileName() + QStringLiteral(" differs from the generator")));
        }
    }

private slots:
    void seedsMatchTheGenerator()
    {
        checkSeeds("code_parser", lounge::fuzz::codeParserSeeds());
        checkSeeds("token_verifier", lounge::fuzz::tokenVerifierSeeds());
        checkSeeds("central_request", lounge::fuzz::centralRequestSeeds());
        checkSeeds("boarding_pass", lounge::fuzz::boardingPassSeeds());
    }
    void boardingPassCorpus() { replay("boarding_pass", lounge::fuzz::fuzzBoardingPass); }
    void centralRequestCorpus() { replay("central_request", lounge::fuzz::fuzzCentralRequest); }
    void codeParserCorpus() { replay("code_parser", lounge::fuzz::fuzzCodeParser); }
    void tokenVerifierCorpus() { replay("token_verifier", lounge::fuzz::fuzzTokenVerifier); }
    // Each corpus also goes through the other entry point: a token is a code, a code may be a token.
    void crossReplay()
    {
        replay("code_parser", lounge::fuzz::fuzzTokenVerifier);
        replay("token_verifier", lounge::fuzz::fuzzCodeParser);
        replay("boarding_pass", lounge::fuzz::fuzzCodeParser);
        replay("code_parser", lounge::fuzz::fuzzBoardingPass);
    }
};

QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "tst_fuzzcorpus.moc"
