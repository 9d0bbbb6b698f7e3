// scan-bench: read counts and decode times of the scanner pipeline against a plain ZXing::ReadBarcode call
// (default hints) on the same images, in the same run. Prints figures; asserts nothing.
#include "scanner/CodeReader.h"
#include "scanner/FrameSource.h"
#include "scanner/GrayImage.h"
#include "scanner/LumaExtractor.h"
#include "scanner/Scanner.h"
#include "scanner/SyntheticCodes.h"

#include <ZXing/ReadBarcode.h>

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QTimer>
#include <QTransform>
#include <QVideoFrame>

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
    QByteArray expectedBytes; ///< when only NAME.bin exists
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
        QFile bin(fi.path() + '/' + fi.completeBaseName() + ".bin");
        const QString text = expectedText(fi.filePath());
        out.push_back({fi.fileName(), lumaOf(img), text,
                       text.isEmpty() && bin.open(QIODevice::ReadOnly) ? bin.readAll() : QByteArray()});
    }
    return out;
}

// A read counts when the text matches NAME.txt, or the bytes match NAME.bin; an image with neither (generated
// frames without a code) expects nothing.
void tally(Stats& s, const Sample& sample, const std::vector<std::pair<QString, QByteArray>>& reads, bool verbose,
           const QString& what)
{
    bool hit = false;
    bool wrong = false;
    for (const auto& [t, b] : reads) {
        if (sample.expectedBytes.isEmpty() ? t == sample.expected : b == sample.expectedBytes)
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
        std::vector<std::pair<QString, QByteArray>> reads;
        for (const auto& r : results)
            if (r.isValid())
                reads.emplace_back(
                    QString::fromStdString(r.text()),
                    QByteArray(reinterpret_cast<const char*>(r.bytes().data()), qsizetype(r.bytes().size())));
        tally(s, sm, reads, verbose, "plain " + sm.name);
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
        std::vector<std::pair<QString, QByteArray>> reads;
        for (const auto& d : found)
            reads.emplace_back(d.text, d.bytes);
        QString what = "pipeline " + sm.name;
        if (!found.empty())
            what += QStringLiteral(" (pass %1%2)")
                        .arg(found.front().pass)
                        .arg(found.front().engine == Engine::Zbar ? " zbar" : "");
        tally(s, sm, reads, verbose, what);
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

// A camera stand-in: NV12 frames at a fixed rate from a timer, like a 30 fps camera. Codes are shown for
// `holdFrames` frames each, then `gapFrames` empty frames.
class StreamSource : public FrameSource
{
public:
    StreamSource(QSize size, int fps, int presentations, int holdFrames, int gapFrames)
        : m_hold(holdFrames)
        , m_gap(gapFrames)
        , m_presentations(presentations)
    {
        m_blank = toNv12(makeSyntheticFrame(size, 9999, false).luma);
        for (int i = 0; i < presentations; ++i) {
            const SyntheticFrame f = makeSyntheticFrame(size, i);
            m_codes.push_back(toNv12(f.luma));
            m_texts.push_back(f.text);
        }
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1000 / fps);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
    }
    void start() override
    {
        setState(SourceState::Active);
        m_timer.start();
    }
    void stop() override { m_timer.stop(); }
    SourceKind kind() const override { return SourceKind::Camera; }
    QString name() const override { return QStringLiteral("bench-stream"); }

    int offered = 0;
    std::vector<qint64> shownAtNs; ///< when each presentation's first frame arrived
    const std::vector<QString>& texts() const { return m_texts; }

private:
    static QVideoFrame toNv12(const GrayImage& g)
    {
        QVideoFrame f(QVideoFrameFormat(QSize(g.width(), g.height()), QVideoFrameFormat::Format_NV12));
        f.map(QVideoFrame::WriteOnly);
        for (int y = 0; y < g.height(); ++y)
            std::copy_n(g.row(y), g.width(), f.bits(0) + y * f.bytesPerLine(0));
        std::fill_n(f.bits(1), f.mappedBytes(1), uchar(128));
        f.unmap();
        return f;
    }
    void tick()
    {
        const int cycle = m_hold + m_gap;
        const int presentation = offered / cycle;
        if (presentation >= m_presentations) {
            m_timer.stop();
            setState(SourceState::Exhausted);
            return;
        }
        const int phase = offered % cycle;
        Frame f = makeFrame();
        f.video = phase < m_hold ? m_codes[std::size_t(presentation)] : m_blank;
        if (phase == 0)
            shownAtNs.push_back(f.arrivalNs);
        ++offered;
        emit frameArrived(f);
    }

    int m_hold;
    int m_gap;
    int m_presentations;
    QTimer m_timer;
    QVideoFrame m_blank;
    std::vector<QVideoFrame> m_codes;
    std::vector<QString> m_texts;
};

double percentileOf(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(p * double(v.size() - 1) + 0.5))];
}

void benchmarkStream(QSize size, int fps, int presentations)
{
    StreamSource source(size, fps, presentations, 10, 5);
    Scanner scanner(&source, Scanner::defaultReaderOptions(source));
    std::vector<double> arrivalToEvent;
    std::vector<double> shownToEvent;
    std::vector<double> decodeMs;
    int events = 0;
    int wrong = 0;
    QObject::connect(&scanner, &Scanner::frameDecoded,
                     [&](const DecodedFrame& r) { decodeMs.push_back(double(r.decodedNs - r.arrivalNs) / 1e6); });
    QObject::connect(&scanner, &Scanner::scanned, [&](const ScanEvent& e) {
        const qint64 now = steadyNowNs();
        arrivalToEvent.push_back(double(now - e.frameArrivalNs) / 1e6);
        const auto it = std::find(source.texts().begin(), source.texts().end(), e.text);
        if (it == source.texts().end()) {
            ++wrong;
            return;
        }
        ++events;
        const std::size_t i = std::size_t(it - source.texts().begin());
        if (i < source.shownAtNs.size())
            shownToEvent.push_back(double(now - source.shownAtNs[i]) / 1e6);
    });
    QObject::connect(&scanner, &Scanner::finished, [] { QCoreApplication::quit(); });
    QElapsedTimer wall;
    wall.start();
    scanner.start();
    QCoreApplication::exec();
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    const DecoderStats st = scanner.decoder().stats();
    std::printf("stream     %dx%d NV12 @%d fps  offered %d frames in %.1f s (%.1f fps), decoded %d, dropped %d, "
                "max frames held %d\n",
                size.width(), size.height(), fps, source.offered, seconds, source.offered / seconds, st.decoded,
                st.dropped, st.maxPending);
    std::printf("stream     codes shown %d, ScanEvents %d (wrong %d); frame arrival->ScanEvent p50 %.1f p95 %.1f "
                "max %.1f ms; code first shown->ScanEvent p50 %.1f p95 %.1f ms; arrival->decoded (all frames) "
                "p50 %.1f p95 %.1f ms\n",
                presentations, events, wrong, percentileOf(arrivalToEvent, 0.5), percentileOf(arrivalToEvent, 0.95),
                percentileOf(arrivalToEvent, 1.0), percentileOf(shownToEvent, 0.5), percentileOf(shownToEvent, 0.95),
                percentileOf(decodeMs, 0.5), percentileOf(decodeMs, 0.95));
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    QGuiApplication app(argc, argv); // QVideoFrame/QVideoSink want a GUI application (offscreen is fine)
    QCommandLineParser parser;
    parser.setApplicationDescription("Scanner benchmark: pipeline vs plain ZXing::ReadBarcode");
    parser.addHelpOption();
    parser.addOption({"corpus", "Corpus directory", "dir", QStringLiteral(LOUNGE_CORPUS_DIR)});
    parser.addOption({"folders", "Comma-separated corpus folders", "list", "qrcode-1,qrcode-2,pdf417-1,aztec-1"});
    parser.addOption({"rotations", "Comma-separated rotations", "list", "0,90,180,270"});
    parser.addOption({"frames", "Generated frames per size", "n", "60"});
    parser.addOption({"verbose", "List misses and misreads"});
    parser.addOption({"skip-corpus", "Only the generated frames and the stream test"});
    parser.addOption({"presentations", "Codes shown in the 30 fps stream test (0 = skip)", "n", "30"});
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
            samples.push_back({QStringLiteral("frame-%1").arg(i), f.luma, f.text, {}});
        }
        const Stats plain = runPlain(samples, verbose);
        const Stats ours = runPipeline(reader, samples, verbose);
        printRow("generated", QStringLiteral("%1x%2 with code").arg(size.width()).arg(size.height()), samples.size(),
                 plain, ours);
        std::vector<Sample> empty;
        for (int i = 0; i < std::min(frames, 20); ++i)
            empty.push_back({QStringLiteral("empty-%1").arg(i), makeSyntheticFrame(size, i, false).luma, {}, {}});
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

    if (const int presentations = parser.value("presentations").toInt(); presentations > 0) {
        std::printf("== stream: camera-like NV12 frames at 30 fps through Scanner (worker decode, drop-while-busy, "
                    "debounce); each code shown 10 frames, then 5 empty ==\n");
        benchmarkStream(QSize(1280, 720), 30, presentations);
        benchmarkStream(QSize(1920, 1080), 30, presentations);
    }
    return 0;
}
