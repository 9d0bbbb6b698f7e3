// scan-bench: read counts and decode times of the scanner pipeline against its two anchors, ZXing 1.4's
// ZXing::ReadBarcode (one result, default hints) and ZXing::ReadBarcodes (every result, default hints), on the same
// luma pixels in the same run, interleaved image by image (A, B, C, A, B, C …, the order rotating), with the ratios
// printed. Prints /proc/loadavg at the start and the end. Prints figures; asserts nothing.
#include "scanner/CodeReader.h"
#include "scanner/FrameSource.h"
#include "scanner/GrayImage.h"
#include "scanner/LumaExtractor.h"
#include "scanner/Scanner.h"
#include "scanner/SyntheticCodes.h"
#include "scanner/VideoFileSource.h"

#include <ZXing/ReadBarcode.h>

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QTransform>
#include <QVideoFrame>

#include <algorithm>
#include <cstdio>
#include <functional>
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

using Reads = std::vector<std::pair<QString, QByteArray>>;

// Each decoder behind a function of its own that is never inlined, so `valgrind --tool=callgrind` +
// `callgrind_annotate --inclusive=yes` give each one's instruction count in the same run.
[[gnu::noinline]] Reads benchReadBarcode(const ZXing::ImageView& v)
{
    Reads out;
    const ZXing::Result r = ZXing::ReadBarcode(v, ZXing::DecodeHints());
    if (r.isValid())
        out.emplace_back(QString::fromStdString(r.text()),
                         QByteArray(reinterpret_cast<const char*>(r.bytes().data()), qsizetype(r.bytes().size())));
    return out;
}

[[gnu::noinline]] Reads benchReadBarcodes(const ZXing::ImageView& v)
{
    Reads out;
    for (const auto& r : ZXing::ReadBarcodes(v, ZXing::DecodeHints()))
        if (r.isValid())
            out.emplace_back(QString::fromStdString(r.text()),
                             QByteArray(reinterpret_cast<const char*>(r.bytes().data()), qsizetype(r.bytes().size())));
    return out;
}

Reads readsOf(const std::vector<Detection>& found)
{
    Reads out;
    for (const auto& d : found)
        out.emplace_back(d.text, d.bytes);
    return out;
}

// The still-image reader as `scan --source DIR` runs it (exhaustive, kStillImageBudgetMs per image).
[[gnu::noinline]] Reads benchStillReader(const CodeReader& reader, const ZXing::ImageView& v)
{
    return readsOf(reader.read(v));
}

// The camera reader as Scanner runs it on a 30 fps stream (Stream effort, this frame's deadline = 23 ms from now,
// what FrameDecoder gives a frame at 30 fps).
[[gnu::noinline]] Reads benchCameraReader(const CodeReader& reader, const ZXing::ImageView& v, unsigned round)
{
    return readsOf(reader.read(v, round, nullptr, steadyNowNs() + 23'000'000));
}

struct Decoder
{
    QString name;
    std::function<Reads(const Sample&, unsigned)> run;
};

// Runs every decoder on every sample, interleaved: sample 0 by A, B, C; sample 1 by B, C, A; … so a burst of load
// from the other users of the machine falls on all of them alike.
std::vector<Stats> runInterleaved(const std::vector<Decoder>& decoders, const std::vector<Sample>& samples,
                                  bool verbose)
{
    std::vector<Stats> stats(decoders.size());
    for (std::size_t i = 0; i < samples.size(); ++i) {
        for (std::size_t k = 0; k < decoders.size(); ++k) {
            const std::size_t d = (i + k) % decoders.size();
            QElapsedTimer t;
            t.start();
            const Reads reads = decoders[d].run(samples[i], unsigned(i));
            stats[d].ms.push_back(double(t.nsecsElapsed()) / 1e6);
            tally(stats[d], samples[i], reads, verbose, decoders[d].name + ' ' + samples[i].name);
        }
    }
    return stats;
}

void printRow(const char* label, const QString& set, std::size_t n, const std::vector<Decoder>& decoders,
              const std::vector<Stats>& stats)
{
    std::printf("%-9s %-26s %4zu", label, qPrintable(set), n);
    for (std::size_t d = 0; d < decoders.size(); ++d)
        std::printf(" | %s %3d read %d misread p50 %7.2f p99 %7.2f ms", qPrintable(decoders[d].name), stats[d].read,
                    stats[d].misread, stats[d].percentile(0.5), stats[d].percentile(0.99));
    std::printf("\n");
    // Ratios of every non-anchor decoder to each anchor (the anchors are the decoders named ReadBarcode*).
    for (std::size_t d = 0; d < decoders.size(); ++d) {
        if (decoders[d].name.startsWith("ReadBarcode"))
            continue;
        std::printf("%-9s %-26s      ratio %s/anchor p50 (p99):", label, qPrintable(set), qPrintable(decoders[d].name));
        for (std::size_t a = 0; a < decoders.size(); ++a) {
            if (!decoders[a].name.startsWith("ReadBarcode") || stats[a].percentile(0.5) <= 0)
                continue;
            std::printf("  /%s %.2fx (%.2fx)", qPrintable(decoders[a].name),
                        stats[d].percentile(0.5) / stats[a].percentile(0.5),
                        stats[a].percentile(0.99) > 0 ? stats[d].percentile(0.99) / stats[a].percentile(0.99) : 0.0);
        }
        std::printf("\n");
    }
    std::fflush(stdout);
}

void printLoad(const char* when)
{
    QFile f("/proc/loadavg");
    const QByteArray load = f.open(QIODevice::ReadOnly) ? f.readAll().trimmed() : QByteArray("unknown");
    std::printf("== /proc/loadavg at %s: %s (%d CPUs) ==\n", when, load.constData(), QThread::idealThreadCount());
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

// Frame arrival -> ScanEvent through a real Scanner on `source`; `texts` are the codes shown, in order; `shownAtNs`
// (may be empty) when each was first shown; `frameCount` the frames the source is meant to deliver.
void benchmarkStream(FrameSource& source, const QString& label, const std::vector<QString>& texts,
                     const std::vector<qint64>& shownAtNs, int frameCount)
{
    Scanner scanner(&source, Scanner::defaultReaderOptions(source));
    std::vector<double> arrivalToEvent;
    std::vector<double> shownToEvent;
    std::vector<double> decodeMs;
    std::vector<bool> seen(texts.size(), false);
    int events = 0;
    int wrong = 0;
    QObject::connect(&scanner, &Scanner::frameDecoded,
                     [&](const DecodedFrame& r) { decodeMs.push_back(double(r.decodedNs - r.arrivalNs) / 1e6); });
    QObject::connect(&scanner, &Scanner::scanned, [&](const ScanEvent& e) {
        const qint64 now = steadyNowNs();
        arrivalToEvent.push_back(double(now - e.frameArrivalNs) / 1e6);
        const auto it = std::find(texts.begin(), texts.end(), e.text);
        if (it == texts.end()) {
            ++wrong;
            return;
        }
        ++events;
        const std::size_t i = std::size_t(it - texts.begin());
        seen[i] = true;
        if (i < shownAtNs.size())
            shownToEvent.push_back(double(now - shownAtNs[i]) / 1e6);
    });
    QObject::connect(&scanner, &Scanner::finished, [] { QCoreApplication::quit(); });
    QElapsedTimer wall;
    wall.start();
    scanner.start();
    QCoreApplication::exec();
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    const DecoderStats st = scanner.decoder().stats();
    const int lost = std::max(0, frameCount - st.submitted); // never delivered by the source (player skipped them)
    std::printf("stream    %s: source delivered %d of %d frames in %.1f s (%.1f fps); decoder decoded %d, dropped %d; "
                "frames not decoded %.1f %% (%d); max frames held %d; heavier passes skipped for the deadline %d\n",
                qPrintable(label), st.submitted, frameCount, seconds, st.submitted / seconds, st.decoded, st.dropped,
                frameCount > 0 ? 100.0 * (st.dropped + lost) / frameCount : 0.0, st.dropped + lost, st.maxPending,
                st.heavyPassesSkipped);
    std::printf("stream    %s: codes shown %zu, ScanEvents %d (wrong %d); frame arrival->ScanEvent p50 %.1f p95 %.1f "
                "max %.1f ms",
                qPrintable(label), texts.size(), events, wrong, percentileOf(arrivalToEvent, 0.5),
                percentileOf(arrivalToEvent, 0.95), percentileOf(arrivalToEvent, 1.0));
    if (!shownToEvent.empty())
        std::printf("; code first shown->ScanEvent p50 %.1f p95 %.1f ms", percentileOf(shownToEvent, 0.5),
                    percentileOf(shownToEvent, 0.95));
    std::printf("; arrival->decoded (all frames) p50 %.1f p95 %.1f ms", percentileOf(decodeMs, 0.5),
                percentileOf(decodeMs, 0.95));
    QStringList missed; // which presentations produced no event (0 = the first code shown)
    for (std::size_t i = 0; i < seen.size(); ++i)
        if (!seen[i])
            missed << QString::number(i);
    std::printf("; codes without an event: %s\n", missed.isEmpty() ? "none" : qPrintable(missed.join(',')));
    std::fflush(stdout);
}

void benchmarkTimerStream(QSize size, int fps, int presentations)
{
    StreamSource source(size, fps, presentations, 10, 5);
    benchmarkStream(source, QStringLiteral("timer NV12 %1x%2 @%3").arg(size.width()).arg(size.height()).arg(fps),
                    source.texts(), source.shownAtNs, presentations * 15);
}

// The real pipeline: an H.264 file (made here: generated frames piped raw into ffmpeg) played by QMediaPlayer into
// QVideoSink (VideoFileSource), luma read in place from the decoded frames, worker decode, mailbox, debounce.
void benchmarkVideoStream(QSize size, int fps, int presentations)
{
    const QString ffmpeg = QStandardPaths::findExecutable("ffmpeg");
    if (ffmpeg.isEmpty()) {
        std::printf("stream    video: ffmpeg not installed, skipped\n");
        return;
    }
    QTemporaryDir dir;
    const QString path = dir.filePath("stream.mp4");
    QProcess ff;
    ff.start(ffmpeg,
             {"-loglevel",
              "error",
              "-y",
              "-f",
              "rawvideo",
              "-pix_fmt",
              "gray",
              "-s",
              QStringLiteral("%1x%2").arg(size.width()).arg(size.height()),
              "-r",
              QString::number(fps),
              "-i",
              "-",
              "-c:v",
              "libx264",
              "-preset",
              "veryfast",
              "-crf",
              "18",
              "-g",
              QString::number(fps),
              "-pix_fmt",
              "yuv420p",
              path});
    if (!ff.waitForStarted()) {
        std::printf("stream    video: cannot start ffmpeg, skipped\n");
        return;
    }
    std::vector<QString> texts;
    const GrayImage blank = makeSyntheticFrame(size, 9999, false).luma;
    const auto write = [&](const GrayImage& g) {
        for (int y = 0; y < g.height(); ++y) {
            ff.write(reinterpret_cast<const char*>(g.row(y)), g.width());
            while (ff.bytesToWrite() > (8 << 20))
                ff.waitForBytesWritten(-1);
        }
    };
    for (int p = 0; p < presentations; ++p) {
        const SyntheticFrame f = makeSyntheticFrame(size, p);
        texts.push_back(f.text);
        for (int i = 0; i < 10; ++i)
            write(f.luma);
        for (int i = 0; i < 5; ++i)
            write(blank);
    }
    ff.closeWriteChannel();
    if (!ff.waitForFinished(600000) || ff.exitCode() != 0) {
        std::printf("stream    video: ffmpeg failed: %s\n", ff.readAllStandardError().constData());
        return;
    }
    VideoFileSource source(path);
    benchmarkStream(
        source, QStringLiteral("video H.264 %1x%2 @%3 via QMediaPlayer").arg(size.width()).arg(size.height()).arg(fps),
        texts, {}, presentations * 15);
}

} // namespace

int main(int argc, char** argv)
{
    QGuiApplication app(argc, argv); // QVideoFrame/QVideoSink want a GUI application (offscreen is fine)
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Scanner benchmark: the pipeline (CodeReader as the camera and `scan --source` use it) against ZXing 1.4's "
        "ZXing::ReadBarcode (one result, default hints) and ZXing::ReadBarcodes (all results, default hints), "
        "interleaved on the same pixels, with ratios");
    parser.addHelpOption();
    parser.addOption({"corpus", "Corpus directory", "dir", QStringLiteral(LOUNGE_CORPUS_DIR)});
    parser.addOption({"folders", "Comma-separated corpus folders", "list", "qrcode-1,qrcode-2,pdf417-1,aztec-1"});
    parser.addOption({"rotations", "Comma-separated rotations", "list", "0,90,180,270"});
    parser.addOption({"frames", "Generated frames per size", "n", "60"});
    parser.addOption({"sizes", "Generated frame sizes (also those of the streams)", "list", "1280x720,1920x1080"});
    parser.addOption({"empty-frames", "Generated frames without a code per size", "n", "20"});
    parser.addOption({"verbose", "List misses and misreads"});
    parser.addOption({"skip-corpus", "Only the generated frames and the stream test"});
    parser.addOption({"skip-generated", "No generated frames"});
    parser.addOption({"presentations", "Codes shown in the 30 fps stream tests (0 = skip)", "n", "30"});
    parser.addOption({"stream", "Stream sources: timer (NV12 frames from a timer), video (H.264 file via QMediaPlayer)",
                      "list", "timer,video"});
    parser.addOption({"write-frames",
                      "Write the generated frames (--frames with a code + NAME.txt, --empty-frames without) of each "
                      "--sizes as PNG into DIR (a still-image set for `scan --source DIR --timing` and --corpus), "
                      "then exit",
                      "dir"});
    parser.process(app);
    const bool verbose = parser.isSet("verbose");
    if (parser.isSet("write-frames")) {
        const QDir out(parser.value("write-frames"));
        if (!QDir().mkpath(out.path()))
            return 1;
        for (const QString& sizeText : parser.value("sizes").split(',')) {
            const QSize size(sizeText.section('x', 0, 0).toInt(), sizeText.section('x', 1, 1).toInt());
            const auto save = [&](const GrayImage& g, const QString& name) {
                QImage img(g.width(), g.height(), QImage::Format_Grayscale8);
                for (int y = 0; y < g.height(); ++y)
                    std::copy_n(g.row(y), g.width(), img.scanLine(y));
                return img.save(out.filePath(name + ".png"));
            };
            for (int i = 0; i < parser.value("frames").toInt(); ++i) {
                const SyntheticFrame f = makeSyntheticFrame(size, i);
                const QString name = QStringLiteral("code-%1-%2").arg(sizeText).arg(i, 3, 10, QLatin1Char('0'));
                QFile txt(out.filePath(name + ".txt"));
                if (!save(f.luma, name) || !txt.open(QIODevice::WriteOnly))
                    return 1;
                txt.write(f.text.toUtf8());
            }
            for (int i = 0; i < parser.value("empty-frames").toInt(); ++i)
                if (!save(makeSyntheticFrame(size, i, false).luma,
                          QStringLiteral("empty-%1-%2").arg(sizeText).arg(i, 3, 10, QLatin1Char('0'))))
                    return 1;
        }
        return 0;
    }
    printLoad("start");
    std::printf("== anchors: ReadBarcode = ZXing::ReadBarcode(image, DecodeHints()) (one result); ReadBarcodes = "
                "ZXing::ReadBarcodes(image, DecodeHints()) (all results); default hints = all formats, TryHarder, "
                "TryRotate, TryDownscale ==\n");

    ReaderOptions stillOptions;
    stillOptions.budgetMs = Scanner::kStillImageBudgetMs;
    const CodeReader still(stillOptions);
    const CodeReader camera(ReaderOptions {.effort = Effort::Stream});
    const Decoder readBarcode {"ReadBarcode",
                               [](const Sample& s, unsigned) { return benchReadBarcode(s.luma.view()); }};
    const Decoder readBarcodes {"ReadBarcodes",
                                [](const Sample& s, unsigned) { return benchReadBarcodes(s.luma.view()); }};
    const Decoder stillDecoder {"still",
                                [&](const Sample& s, unsigned) { return benchStillReader(still, s.luma.view()); }};
    const Decoder cameraDecoder {
        "camera", [&](const Sample& s, unsigned round) { return benchCameraReader(camera, s.luma.view(), round); }};
    if (!parser.isSet("skip-corpus")) {
        std::printf("== corpus %s: images read (expected text) and decode time per image; still = the reader of "
                    "`scan --source` (exhaustive, %d ms budget per image) ==\n",
                    qPrintable(parser.value("corpus")), Scanner::kStillImageBudgetMs);
        const std::vector<Decoder> decoders {readBarcode, readBarcodes, stillDecoder};
        for (const QString& folder : parser.value("folders").split(',')) {
            for (const QString& rot : parser.value("rotations").split(',')) {
                const auto samples = loadFolder(parser.value("corpus") + '/' + folder, rot.toInt());
                printRow("corpus", folder + " @" + rot, samples.size(), decoders,
                         runInterleaved(decoders, samples, verbose));
            }
        }
    }

    const int frames = parser.value("frames").toInt();
    if (!parser.isSet("skip-generated") && frames > 0) {
        std::printf("== generated frames: one code on a noisy camera-like background; camera = the reader of a live "
                    "source (first code; heavier passes only when the plain pass fails, within a 23 ms frame "
                    "deadline) ==\n");
        for (const QString& sizeText : parser.value("sizes").split(',')) {
            const QSize size(sizeText.section('x', 0, 0).toInt(), sizeText.section('x', 1, 1).toInt());
            std::vector<Sample> samples;
            for (int i = 0; i < frames; ++i) {
                const SyntheticFrame f = makeSyntheticFrame(size, i);
                samples.push_back({QStringLiteral("frame-%1").arg(i), f.luma, f.text, {}});
            }
            const std::vector<Decoder> decoders {readBarcode, readBarcodes, cameraDecoder, stillDecoder};
            printRow("generated", sizeText + " with code", samples.size(), decoders,
                     runInterleaved(decoders, samples, verbose));
            std::vector<Sample> empty;
            for (int i = 0; i < parser.value("empty-frames").toInt(); ++i)
                empty.push_back({QStringLiteral("empty-%1").arg(i), makeSyntheticFrame(size, i, false).luma, {}, {}});
            const std::vector<Decoder> emptyDecoders {readBarcode, cameraDecoder};
            if (!empty.empty())
                printRow("generated", sizeText + " no code", empty.size(), emptyDecoders,
                         runInterleaved(emptyDecoders, empty, false));
        }
    }

    if (const int presentations = parser.value("presentations").toInt(); presentations > 0) {
        std::printf(
            "== stream at 30 fps through Scanner (worker decode, drop-while-busy, debounce); each code shown 10 "
            "frames, then 5 empty ==\n");
        const QStringList streams = parser.value("stream").split(',');
        for (const QString& sizeText : parser.value("sizes").split(',')) {
            const QSize size(sizeText.section('x', 0, 0).toInt(), sizeText.section('x', 1, 1).toInt());
            if (streams.contains("timer"))
                benchmarkTimerStream(size, 30, presentations);
            if (streams.contains("video"))
                benchmarkVideoStream(size, 30, presentations);
        }
    }
    printLoad("end");
    return 0;
}
