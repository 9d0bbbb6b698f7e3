#include "cli/ScanCommand.h"

#include "cli/ExitCodes.h"

#include "scanner/CameraSource.h"
#include "scanner/ImageSource.h"
#include "scanner/Scanner.h"
#include "scanner/VideoFileSource.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QImageReader>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <memory>
#include <vector>

namespace lounge::app {

using namespace lounge::scanner;

namespace {

bool isImageFile(const QString& path)
{
    const QByteArray suffix = QFileInfo(path).suffix().toLower().toLatin1();
    return QImageReader::supportedImageFormats().contains(suffix);
}

std::unique_ptr<FrameSource> makeSource(const QString& spec, bool loop, QTextStream& err)
{
    if (spec == u"camera" || spec.startsWith(u"camera:"))
        return std::make_unique<CameraSource>(spec.section(':', 1).toUtf8());
    const QFileInfo fi(spec);
    if (!fi.exists()) {
        err << "scan: no such file or folder: " << spec << Qt::endl;
        return nullptr;
    }
    if (fi.isDir() || isImageFile(spec)) {
        auto images = ImageSource::create({spec});
        if (!images) {
            err << "scan: " << images.error().detail << Qt::endl;
            return nullptr;
        }
        return std::unique_ptr<FrameSource>(images.value());
    }
    auto video = std::make_unique<VideoFileSource>(spec);
    video->setLooping(loop);
    return video;
}

QString line(const ScanEvent& e, const QString& verdict)
{
    QString s
        = QStringLiteral("%1 %2 %3 %4").arg(e.time.toString(Qt::ISODateWithMs), formatName(e.format), e.source, e.text);
    if (!verdict.isEmpty())
        s += QStringLiteral(" => ") + verdict;
    return s;
}

QByteArray json(const ScanEvent& e, const QString& verdict)
{
    QJsonObject o {{"text", e.text},
                   {"format", formatName(e.format)},
                   {"source", e.source},
                   {"sourceKind", sourceKindName(e.sourceKind)},
                   {"time", e.time.toString(Qt::ISODateWithMs)}};
    if (!verdict.isEmpty())
        o.insert("verdict", verdict);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

int runScanCommand(const QStringList& args, QTextStream& out, QTextStream& err, const ScanVerdict& verdict)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Print every code the scanner reads."));
    parser.addHelpOption();
    parser.addOption({"source", "camera, camera:<id>, a video file, an image file or a folder of images.", "source"});
    parser.addOption({"json", "One JSON object per line: text, format, source, sourceKind, time (and verdict)."});
    parser.addOption({"loop", "Replay a video file forever (kiosk demo without a camera)."});
    parser.addOption({"timing", "At the end, print the decode time per frame or image (p50, p99, max) to stderr."});
    if (!parser.parse(args)) {
        err << "scan: " << parser.errorText() << Qt::endl << parser.helpText();
        return kExitUsage;
    }
    if (parser.isSet("help")) {
        out << parser.helpText();
        return 0;
    }
    if (!parser.isSet("source")) {
        err << "scan: --source is required" << Qt::endl << parser.helpText();
        return kExitUsage;
    }
    auto source = makeSource(parser.value("source"), parser.isSet("loop"), err);
    if (!source)
        return kExitData; // no such file, or not an image/video we can open: invalid input

    const bool asJson = parser.isSet("json");
    Scanner scanner(source.get(), Scanner::defaultReaderOptions(*source));
    QObject::connect(&scanner, &Scanner::scanned, [&](const ScanEvent& e) {
        const QString v = verdict ? verdict(e) : QString();
        if (asJson)
            out << json(e, v) << Qt::endl;
        else
            out << line(e, v) << Qt::endl;
    });
    QObject::connect(&scanner, &Scanner::finished, [] { QCoreApplication::exit(0); });
    QObject::connect(&scanner, &Scanner::sourceStateChanged, [&](SourceState s) {
        if (source->kind() == SourceKind::Camera) {
            // Camera faults are states, not exits: report and keep waiting for recovery.
            err << "scan: camera " << sourceStateName(s) << Qt::endl;
        } else if (s == SourceState::Failed) {
            err << "scan: cannot read " << parser.value("source") << Qt::endl;
            QCoreApplication::exit(kExitData);
        }
    });
    std::vector<qint64> decodeNs; // per decoded frame or image: arrival (image loaded) -> decoded
    if (parser.isSet("timing"))
        QObject::connect(&scanner, &Scanner::frameDecoded,
                         [&](const DecodedFrame& r) { decodeNs.push_back(r.decodedNs - r.arrivalNs); });
    scanner.start();
    const int code = QCoreApplication::exec();
    scanner.stop();
    if (parser.isSet("timing")) {
        std::sort(decodeNs.begin(), decodeNs.end());
        const auto ms = [&](double p) {
            return decodeNs.empty()
                ? 0.0
                : double(decodeNs[std::min(decodeNs.size() - 1, std::size_t(p * double(decodeNs.size() - 1) + 0.5))])
                    / 1e6;
        };
        const DecoderStats st = scanner.decoder().stats();
        err << QStringLiteral("scan: %1 %2 decoded; decode time per %3 p50 %4 ms, p99 %5 ms, max %6 ms")
                   .arg(decodeNs.size())
                   .arg(source->isPaced() ? "images" : "frames")
                   .arg(source->isPaced() ? "image" : "frame")
                   .arg(ms(0.5), 0, 'f', 1)
                   .arg(ms(0.99), 0, 'f', 1)
                   .arg(ms(1.0), 0, 'f', 1);
        if (source->isPaced())
            err << QStringLiteral("; budget %1 ms per image").arg(Scanner::kStillImageBudgetMs);
        err << QStringLiteral("; heavier passes left out for the time limit: %1").arg(st.heavyPassesSkipped)
            << Qt::endl;
    }
    return code;
}

} // namespace lounge::app
