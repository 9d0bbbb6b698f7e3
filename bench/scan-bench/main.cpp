// scan-bench: read counts and decode times of the scanner pipeline against a plain ZXing::ReadBarcode call
// (default hints) on the same images, in the same run. Prints figures; asserts nothing.
#include "scanner/CodeReader.h"
#include "scanner/GrayImage.h"
#include "scanner/LumaExtractor.h"
#include "scanner/SyntheticCodes.h"

#include <ZXing/ReadBarcode.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QTransform>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace lounge::scanner;

namespace {

struct Stats
{
    int read = 0;
    int misread = 0;
    std::vector<double> ms;

    double percentile(double p) const
    {
        if (ms.empty())
            return 0;
        std::vector<double> s = ms;
        std::sort(s.begin(), s.end());
        return s[std::min(s.size() - 1, std::size_t(p * double(s.size() - 1) + 0.5))];
    }
};

struct Sample
{
    QString name;
    GrayImage luma;
    QString expected;
};

QString expectedText(const QString& imagePath)
{
    QFile f(QFileInfo(imagePath).path() + '/' + QFileInfo(imagePath).completeBaseName() + ".txt");
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

std::vector<Sample> loadFolder(const QString& dir, int rotation)
{
    std::vector<Sample> out;
    const auto files = QDir(dir).entryInfoList({"*.png", "*.jpg"}, QDir::Files, QDir::Name);
    for (const QFileInfo& fi : files) {
        QImage img(fi.filePath());
        if (img.isNull())
            continue;
        if (rotation)
            img = img.transformed(QTransform().rotate(rotation));
        out.push_back({fi.fileName(), lumaOf(img), expectedText(fi.filePath())});
    }
    return out;
}

void tally(Stats& s, const QString& expected, const std::vector<QString>& texts, bool verbose, const QString& what)
{
    bool hit = false;
    bool wrong = false;
    for (const QString& t : texts) {
        if (expected.isEmpty() || t == expected)
            hit = true;
        else
            wrong = true;
    }
    if (hit)
        ++s.read;
    if (wrong && !hit)
        ++s.misread;
    if (verbose && (!hit || wrong))
        std::printf("      %s %s\n", hit ? "extra  " : wrong ? "MISREAD" : "miss   ", qPrintable(what));
}

Stats runPlain(const std::vector<Sample>& samples, bool verbose)
{
    Stats s;
    for (const Sample& sm : samples) {
        QElapsedTimer t;
        t.start();
        const auto results = ZXing::ReadBarcodes(sm.luma.view(), ZXing::DecodeHints());
        s.ms.push_back(double(t.nsecsElapsed()) / 1e6);
        std::vector<QString> texts;
        for (const auto& r : results)
            if (r.isValid())
                texts.push_back(QString::fromStdString(r.text()));
        tally(s, sm.expected, texts, verbose, "plain " + sm.name);
    }
    return s;
}

Stats runPipeline(const CodeReader& reader, const std::vector<Sample>& samples, bool verbose)
{
    Stats s;
    for (const Sample& sm : samples) {
        QElapsedTimer t;
        t.start();
        const auto found = reader.read(sm.luma.view());
        s.ms.push_back(double(t.nsecsElapsed()) / 1e6);
        std::vector<QString> texts;
        for (const auto& d : found)
            texts.push_back(d.text);
        QString what = "pipeline " + sm.name;
        if (!found.empty())
            what += QStringLiteral(" (pass %1%2)")
                        .arg(found.front().pass)
                        .arg(found.front().engine == Engine::Zbar ? " zbar" : "");
        tally(s, sm.expected, texts, verbose, what);
    }
    return s;
}

void printRow(const char* label, const QString& set, std::size_t n, const Stats& plain, const Stats& ours)
{
    std::printf("%-10s %-26s %4zu | plain %3d read %2d misread p50 %7.2f p99 %7.2f ms | pipeline %3d read %2d misread "
                "p50 %7.2f p99 %7.2f ms\n",
                label, qPrintable(set), n, plain.read, plain.misread, plain.percentile(0.5), plain.percentile(0.99),
                ours.read, ours.misread, ours.percentile(0.5), ours.percentile(0.99));
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription("Scanner benchmark: pipeline vs plain ZXing::ReadBarcode");
    parser.addHelpOption();
    parser.addOption({"corpus", "Corpus directory", "dir", QStringLiteral(LOUNGE_CORPUS_DIR)});
    parser.addOption({"folders", "Comma-separated corpus folders", "list", "qrcode-1,qrcode-2,pdf417-1,aztec-1"});
    parser.addOption({"rotations", "Comma-separated rotations", "list", "0,90,180,270"});
    parser.addOption({"frames", "Generated frames per size", "n", "60"});
    parser.addOption({"verbose", "List misses and misreads"});
    parser.addOption({"skip-corpus", "Only the generated frames and the stream test"});
    parser.process(app);
    const bool verbose = parser.isSet("verbose");

    const CodeReader reader(ReaderOptions {});
    if (!parser.isSet("skip-corpus")) {
        std::printf("== corpus %s: images read (expected text) and decode time per image ==\n",
                    qPrintable(parser.value("corpus")));
        for (const QString& folder : parser.value("folders").split(',')) {
            for (const QString& rot : parser.value("rotations").split(',')) {
                const auto samples = loadFolder(parser.value("corpus") + '/' + folder, rot.toInt());
                const Stats plain = runPlain(samples, verbose);
                const Stats ours = runPipeline(reader, samples, verbose);
                printRow("corpus", folder + " @" + rot, samples.size(), plain, ours);
            }
        }
    }

    std::printf("== generated frames: one code on a noisy camera-like background ==\n");
    const int frames = parser.value("frames").toInt();
    for (const QSize size : {QSize(1280, 720), QSize(1920, 1080)}) {
        std::vector<Sample> samples;
        for (int i = 0; i < frames; ++i) {
            const SyntheticFrame f = makeSyntheticFrame(size, i);
            samples.push_back({QStringLiteral("frame-%1").arg(i), f.luma, f.text});
        }
        const Stats plain = runPlain(samples, verbose);
        const Stats ours = runPipeline(reader, samples, verbose);
        printRow("generated", QStringLiteral("%1x%2 with code").arg(size.width()).arg(size.height()), samples.size(),
                 plain, ours);
        std::vector<Sample> empty;
        for (int i = 0; i < std::min(frames, 20); ++i)
            empty.push_back({QStringLiteral("empty-%1").arg(i), makeSyntheticFrame(size, i, false).luma, {}});
        const Stats plainEmpty = runPlain(empty, false);
        CodeReader streamReader(ReaderOptions {.effort = Effort::Stream});
        Stats streamEmpty;
        for (std::size_t i = 0; i < empty.size(); ++i) {
            QElapsedTimer t;
            t.start();
            (void)streamReader.read(empty[i].luma.view(), unsigned(i));
            streamEmpty.ms.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        printRow("generated", QStringLiteral("%1x%2 no code, stream").arg(size.width()).arg(size.height()),
                 empty.size(), plainEmpty, streamEmpty);
    }

    // STREAM
    return 0;
}
