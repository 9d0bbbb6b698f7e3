#include "scanner/CodeReader.h"

#include "scanner/AztecLocator.h"
#include "scanner/Frame.h"
#include "scanner/GrayImage.h"
#include "scanner/ZbarReader.h"

#include <ZXing/ReadBarcode.h>

#include <QRectF>
#include <QStringDecoder>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>

namespace lounge::scanner {

namespace {

using PointMap = std::function<QPointF(QPointF)>;

struct Variant
{
    GrayImage owned; ///< storage when the variant is a new image
    ZXing::ImageView view; ///< what the engines see
    PointMap toSource; ///< maps a point in `view` back to the input image
};

ZXing::BarcodeFormats zxingFormats(Formats formats)
{
    ZXing::BarcodeFormats out;
    if (formats & FormatFlag::QrCode)
        out |= ZXing::BarcodeFormat::QRCode;
    if (formats & FormatFlag::Aztec)
        out |= ZXing::BarcodeFormat::Aztec;
    if (formats & FormatFlag::Pdf417)
        out |= ZXing::BarcodeFormat::PDF417;
    if (formats & FormatFlag::DataMatrix)
        out |= ZXing::BarcodeFormat::DataMatrix;
    return out;
}

CodeFormat fromZXing(ZXing::BarcodeFormat f)
{
    switch (f) {
    case ZXing::BarcodeFormat::QRCode:
        return CodeFormat::QrCode;
    case ZXing::BarcodeFormat::Aztec:
        return CodeFormat::Aztec;
    case ZXing::BarcodeFormat::PDF417:
        return CodeFormat::Pdf417;
    case ZXing::BarcodeFormat::DataMatrix:
        return CodeFormat::DataMatrix;
    default:
        return CodeFormat::Unknown;
    }
}

// `firstOnly`: ZXing::ReadBarcode (one symbol, the full-resolution image only: ZXing 1.4 builds no downscale pyramid
// there), otherwise ZXing::ReadBarcodes (every symbol, on the image and its downscaled layers).
std::vector<Detection> runZXing(const Variant& v, const ZXing::DecodeHints& hints, int pass, bool firstOnly = false)
{
    std::vector<Detection> out;
    const ZXing::Results results
        = firstOnly ? ZXing::Results {ZXing::ReadBarcode(v.view, hints)} : ZXing::ReadBarcodes(v.view, hints);
    for (const ZXing::Result& r : results) {
        if (!r.isValid())
            continue;
        Detection d;
        const std::string text = r.text();
        d.text = QString::fromUtf8(text.data(), qsizetype(text.size()));
        d.bytes = QByteArray(reinterpret_cast<const char*>(r.bytes().data()), qsizetype(r.bytes().size()));
        d.format = fromZXing(r.format());
        const auto& pos = r.position();
        for (int i = 0; i < 4; ++i)
            d.corners[std::size_t(i)] = v.toSource(QPointF(pos[i].x, pos[i].y));
        d.engine = Engine::ZXing;
        d.pass = pass;
        out.push_back(std::move(d));
    }
    return out;
}

// zbar hands back raw bytes; interpret them as ZXing does when no ECI is present: UTF-8 if valid, else Latin-1.
QString textOf(const QByteArray& bytes)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = utf8.decode(bytes);
    return utf8.hasError() ? QString::fromLatin1(bytes) : text;
}

// Second line of defence for the fallback decoder (the first is zbar's own Reed-Solomon check): a payload that
// decodes to control characters or the replacement character is more likely a misread than a credential.
bool plausiblePayload(const QByteArray& bytes)
{
    if (bytes.isEmpty())
        return false;
    const QString text = textOf(bytes);
    for (const QChar c : text) {
        if (c == QChar::ReplacementCharacter)
            return false;
        if (c.unicode() < 0x20 && c != u'\r' && c != u'\n' && c != u'\t' && c != QChar(0x1d)) // 0x1d: GS1 FNC1
            return false;
    }
    return true;
}

// zbar wants a contiguous Y800 buffer.
std::vector<Detection> runZbar(const Variant& v, int pass)
{
    GrayImage copy;
    const GrayImage* img = &v.owned;
    if (v.owned.isNull() || v.owned.data() != v.view.data(0, 0)) {
        copy = GrayImage::fromView(v.view);
        img = &copy;
    }
    std::vector<Detection> out;
    for (ZbarSymbol& sym : zbarReadQr(img->data(), img->width(), img->height())) {
        if (!plausiblePayload(sym.bytes))
            continue;
        Detection d;
        d.bytes = std::move(sym.bytes);
        d.text = textOf(d.bytes);
        d.format = CodeFormat::QrCode;
        d.engine = Engine::Zbar;
        d.pass = pass;
        // zbar's outline may have more than four points; keep the extreme corners of its bounding box.
        if (!sym.outline.empty()) {
            QRectF box(sym.outline.front(), QSizeF());
            for (const QPointF& p : sym.outline)
                box = box.united(QRectF(p, QSizeF(1, 1)));
            d.corners = {v.toSource(box.topLeft()), v.toSource(box.topRight()), v.toSource(box.bottomRight()),
                         v.toSource(box.bottomLeft())};
        }
        out.push_back(std::move(d));
    }
    return out;
}

PointMap identity()
{
    return [](QPointF p) { return p; };
}

PointMap scaled(double factor)
{
    return [factor](QPointF p) { return p * factor; };
}

// Heavier passes in the order they are tried. Each builds its variant lazily from the input.
struct PassSpec
{
    const char* name;
    std::function<Variant(const ZXing::ImageView&, const GrayImage&)> make;
    ZXing::Binarizer binarizer = ZXing::Binarizer::LocalAverage;
    bool zbar = false;
    bool pure = false;
};

int shrinkFactorFor(const GrayImage& g)
{
    return std::max(g.width(), g.height()) >= 1000 ? 3 : 2;
}

const std::vector<PassSpec>& heavyPasses()
{
    static const std::vector<PassSpec> passes = {
        // A clean, axis-aligned symbol that fills the image (screenshot, crop, scan) and lacks a full quiet zone:
        // ZXing's pure mode samples it directly. Cheap: it gives up at once on anything else.
        {"pure",
         [](const ZXing::ImageView& in, const GrayImage&) {
             return Variant {{}, in, identity()};
         },
         ZXing::Binarizer::LocalAverage, false, true},
        {"inverted",
         [](const ZXing::ImageView&, const GrayImage& g) {
             Variant v {g.inverted(), {nullptr, 0, 0, ZXing::ImageFormat::Lum}, identity()};
             v.view = v.owned.view();
             return v;
         }},
        {"shrunk",
         [](const ZXing::ImageView&, const GrayImage& g) {
             const int f = shrinkFactorFor(g);
             Variant v {g.shrunk(f), {nullptr, 0, 0, ZXing::ImageFormat::Lum}, scaled(f)};
             v.view = v.owned.view();
             return v;
         }},
        {"normalized",
         [](const ZXing::ImageView&, const GrayImage& g) {
             Variant v {g.locallyNormalized(std::max(8, std::min(g.width(), g.height()) / 16)),
                        {nullptr, 0, 0, ZXing::ImageFormat::Lum},
                        identity()};
             v.view = v.owned.view();
             return v;
         }},
        {"rotated",
         [](const ZXing::ImageView& in, const GrayImage&) {
             const int h = in.height();
             return Variant {{}, in.rotated(90), [h](QPointF p) { return QPointF(p.y(), h - 1 - p.x()); }};
         }},
        {"sharpened",
         [](const ZXing::ImageView&, const GrayImage& g) {
             Variant v {g.sharpened(150), {nullptr, 0, 0, ZXing::ImageFormat::Lum}, identity()};
             v.view = v.owned.view();
             return v;
         }},
        {"zbar",
         [](const ZXing::ImageView&, const GrayImage& g) {
             return Variant {g, g.view(), identity()};
         },
         ZXing::Binarizer::LocalAverage, true},
        {"enlarged",
         [](const ZXing::ImageView&, const GrayImage& g) {
             const double f = std::max(g.width(), g.height()) < 1000 ? 2.0 : 1.5;
             Variant v {g.resized(int(g.width() * f), int(g.height() * f)),
                        {nullptr, 0, 0, ZXing::ImageFormat::Lum},
                        scaled(1.0 / f)};
             v.view = v.owned.view();
             return v;
         }},
        {"stretched-global",
         [](const ZXing::ImageView&, const GrayImage& g) {
             Variant v {g.stretched(), {nullptr, 0, 0, ZXing::ImageFormat::Lum}, identity()};
             v.view = v.owned.view();
             return v;
         },
         ZXing::Binarizer::GlobalHistogram},
        {"mirrored",
         [](const ZXing::ImageView& in, const GrayImage&) {
             const int w = in.width();
             return Variant {{}, mirroredView(in), [w](QPointF p) { return QPointF(w - 1 - p.x(), p.y()); }};
         }},
        {"inverted-shrunk",
         [](const ZXing::ImageView&, const GrayImage& g) {
             const int f = shrinkFactorFor(g);
             Variant v {g.shrunk(f).inverted(), {nullptr, 0, 0, ZXing::ImageFormat::Lum}, scaled(f)};
             v.view = v.owned.view();
             return v;
         }},
        {"zbar-smoothed-quiet-zone",
         [](const ZXing::ImageView&, const GrayImage& g) {
             // Smoothing melts texture, moiré and noise inside modules; the added border restores the quiet zone
             // of a code that fills the image. zbar's finder is the more tolerant of the two here.
             const int side = std::max(g.width(), g.height());
             const int border = std::max(16, side / 8);
             Variant v {g.boxBlurred(std::max(1, std::min(g.width(), g.height()) / 128)).padded(border, 255),
                        {nullptr, 0, 0, ZXing::ImageFormat::Lum},
                        {}};
             v.toSource = [border](QPointF p) { return p - QPointF(border, border); };
             v.view = v.owned.view();
             return v;
         },
         ZXing::Binarizer::LocalAverage, true},
        {"zbar-shrunk",
         [](const ZXing::ImageView&, const GrayImage& g) {
             Variant v {g.shrunk(2), {nullptr, 0, 0, ZXing::ImageFormat::Lum}, scaled(2)};
             v.view = v.owned.view();
             return v;
         },
         ZXing::Binarizer::LocalAverage, true},
    };
    return passes;
}

// Aztec anywhere and at any angle: crop around each bullseye so ZXing 1.4's centre-first detector starts on it, and
// straighten the crop in 10 degree steps (its detector gives up beyond ~5 degrees; the symbol is 90-degree periodic).
std::vector<Detection> readAztecAtBullseyes(const GrayImage& gray, const ZXing::DecodeHints& base, int pass)
{
    std::vector<Detection> out;
    ZXing::DecodeHints hints = base;
    hints.setFormats(ZXing::BarcodeFormat::Aztec);
    hints.setTryRotate(false);
    for (const BullseyeCandidate& b : locateAztecBullseyes(gray)) {
        // Big enough for a 60-module symbol (boarding passes use ~40–60), small enough to stay cheap.
        const int size = std::clamp(int(b.moduleSize * 70), 64, std::max(gray.width(), gray.height()));
        const int cx = int(std::lround(b.centre.x()));
        const int cy = int(std::lround(b.centre.y()));
        const GrayImage crop = gray.window(cx, cy, size, 255);
        // Straighten by the estimated ring rotation (and its neighbours: the estimate is good to a few degrees);
        // small modules are enlarged in the same resampling so the second interpolation does not blur them away.
        const double scale = b.moduleSize < 4.0 ? 2.0 : 1.0;
        const double base = b.rotation > 45.0 ? b.rotation - 90.0 : b.rotation;
        for (const double delta : {0.0, -2.5, 2.5, -5.0, 5.0}) {
            const double angle = -(base + delta);
            const GrayImage straight
                = angle == 0.0 && scale == 1.0 ? crop : rotatedAboutCentre(crop, angle, 255, scale);
            const double a = angle * std::numbers::pi / 180.0;
            const double c = std::cos(a) / scale, s = std::sin(a) / scale;
            const double mid = (size - 1) / 2.0, outMid = (straight.width() - 1) / 2.0;
            Variant v {straight, straight.view(), [=](QPointF p) {
                           const double dx = p.x() - outMid, dy = p.y() - outMid;
                           return QPointF(c * dx + s * dy + mid + cx - size / 2,
                                          -s * dx + c * dy + mid + cy - size / 2);
                       }};
            v.view = v.owned.view();
            auto found = runZXing(v, hints, pass);
            if (!found.empty()) {
                out.insert(out.end(), found.begin(), found.end());
                break;
            }
        }
    }
    return out;
}

void mergeInto(std::vector<Detection>& into, std::vector<Detection>&& more)
{
    for (Detection& d : more) {
        const bool dup = std::any_of(into.begin(), into.end(),
                                     [&](const Detection& e) { return e.format == d.format && e.bytes == d.bytes; });
        if (!dup)
            into.push_back(std::move(d));
    }
}

// Relative cost of each heavier step (the bullseye search, then heavyPasses() in order) as a multiple of the plain
// pass on the same image, in 1/256ths. Starts from callgrind instruction counts on 720p/1080p camera-like frames
// (docs/performance.md) and follows what this machine measures (moving average), so a deadline holds under load too.
constexpr std::size_t kSteps = 14; // 1 bullseye search + 13 heavy passes
constexpr std::array<std::uint32_t, kSteps> kPriorCost
    = {128, 64, 384, 192, 512, 384, 448, 512, 768, 384, 384, 192, 768, 256};
// A stream may overrun its frame deadlines by this much per frame on average (~4.5 % of a 30 fps stream's time, so at
// most ~4.5 % of frames dropped for it): a pass too heavy to ever fit (e.g. "inverted" for a dark-mode phone at
// 1080p) still gets its turn, once enough credit has been saved; the credit is capped so it is spent in small turns.
constexpr qint64 kOverrunCreditPerFrameNs = 1'500'000;
// A Stream frame read without a deadline gets 70 % of a 30 fps frame interval, as FrameDecoder gives it.
constexpr qint64 kDefaultFrameBudgetNs = 23'000'000;
constexpr qint64 kOverrunCreditMaxNs = 200'000'000;

} // namespace

struct CodeReader::CostModel
{
    std::array<std::atomic<std::uint32_t>, kSteps> cost {};
    std::atomic<qint64> overrunCreditNs {0}; // Stream: what frames may still overrun their deadlines by

    CostModel()
    {
        for (std::size_t i = 0; i < kSteps; ++i)
            cost[i].store(kPriorCost[i], std::memory_order_relaxed);
    }
    qint64 estimateNs(std::size_t step, qint64 plainNs) const
    {
        return plainNs * qint64(cost[step].load(std::memory_order_relaxed)) / 256;
    }
    void learn(std::size_t step, qint64 tookNs, qint64 plainNs)
    {
        if (plainNs <= 0)
            return;
        const auto measured = std::uint32_t(std::clamp<qint64>(tookNs * 256 / plainNs, 1, 1 << 20));
        const std::uint32_t old = cost[step].load(std::memory_order_relaxed);
        cost[step].store((old * 3 + measured) / 4, std::memory_order_relaxed);
    }
};

CodeReader::CodeReader(ReaderOptions options)
    : m_options(options)
    , m_cost(std::make_shared<CostModel>())
{
    static_assert(kPriorCost.size() == kSteps);
    Q_ASSERT(heavyPasses().size() + 1 == kSteps);
}

int CodeReader::passCount()
{
    return 1 + int(heavyPasses().size());
}

namespace {
ZXing::DecodeHints readerHints(const ReaderOptions& options)
{
    ZXing::DecodeHints hints;
    hints.setFormats(zxingFormats(options.formats));
    hints.setTryHarder(true);
    hints.setTryRotate(true);
    return hints;
}
} // namespace

std::vector<Detection> CodeReader::readPlain(const ZXing::ImageView& luma, qint64* plainNs, ReadStats* stats) const
{
    ReadStats local;
    ReadStats& st = stats ? *stats : local;
    st = {};
    if (luma.width() <= 0 || luma.height() <= 0)
        return {};
    const qint64 startNs = steadyNowNs();
    // Fast path: the plain image, exactly as plain ZXing would see it (minus unwanted formats). A camera frame needs
    // one code: the very call ZXing::ReadBarcode (one symbol, no downscale pyramid), so an easy frame costs what the
    // plain library call costs. Still images want every code: ReadBarcodes.
    const bool firstCodeOnly = m_options.effort != Effort::Exhaustive;
    auto found = runZXing(Variant {{}, luma, identity()}, readerHints(m_options), 0, firstCodeOnly);
    ++st.passesRun;
    if (plainNs)
        *plainNs = std::max<qint64>(1, steadyNowNs() - startNs);
    return found;
}

std::vector<Detection> CodeReader::read(const ZXing::ImageView& luma, unsigned round, const std::atomic<bool>* abandon,
                                        qint64 deadlineNs, ReadStats* stats) const
{
    ReadStats local;
    ReadStats& st = stats ? *stats : local;
    st = {};
    if (luma.width() <= 0 || luma.height() <= 0)
        return {};
    const qint64 startNs = steadyNowNs();
    if (deadlineNs == 0 && m_options.effort == Effort::Exhaustive && m_options.budgetMs > 0)
        deadlineNs = startNs + qint64(m_options.budgetMs) * 900'000; // 10 % reserve: the last pass may run long
    if (deadlineNs == 0 && m_options.effort == Effort::Stream)
        deadlineNs = startNs + kDefaultFrameBudgetNs; // a live frame always has a deadline
    qint64 plainNs = 1;
    auto found = readPlain(luma, &plainNs, &st);
    const bool firstCodeOnly = m_options.effort != Effort::Exhaustive;
    const auto abandoned = [abandon] { return abandon && abandon->load(std::memory_order_relaxed); };
    if (m_options.effort == Effort::Fast || (firstCodeOnly && !found.empty()) || abandoned())
        return found;
    return heavier(luma, plainNs, std::move(found), round, abandon, deadlineNs, st);
}

std::vector<Detection> CodeReader::readHeavier(const ZXing::ImageView& luma, qint64 plainNs, unsigned round,
                                               const std::atomic<bool>* abandon, qint64 deadlineNs,
                                               ReadStats* stats) const
{
    ReadStats local;
    ReadStats& st = stats ? *stats : local;
    st = {};
    if (luma.width() <= 0 || luma.height() <= 0 || m_options.effort == Effort::Fast)
        return {};
    return heavier(luma, std::max<qint64>(1, plainNs), {}, round, abandon, deadlineNs, st);
}

std::vector<Detection> CodeReader::heavier(const ZXing::ImageView& luma, qint64 plainNs, std::vector<Detection> found,
                                           unsigned round, const std::atomic<bool>* abandon, qint64 deadlineNs,
                                           ReadStats& st) const
{
    if (deadlineNs == 0 && m_options.effort == Effort::Stream)
        deadlineNs = steadyNowNs() + kDefaultFrameBudgetNs; // a live frame always has a deadline
    const ZXing::DecodeHints hints = readerHints(m_options);
    const auto abandoned = [abandon] { return abandon && abandon->load(std::memory_order_relaxed); };

    CostModel& cost = *m_cost;
    const bool stream = m_options.effort == Effort::Stream;
    if (stream && deadlineNs != 0) {
        const qint64 credit = cost.overrunCreditNs.load(std::memory_order_relaxed);
        cost.overrunCreditNs.store(std::min(kOverrunCreditMaxNs, credit + kOverrunCreditPerFrameNs),
                                   std::memory_order_relaxed);
    }
    bool overran = false; // a stream frame overruns its deadline at most once
    // Whether a step fits before the deadline, or (Stream) within the saved overrun credit.
    const auto fits = [&](std::size_t step, bool mayOverrun = true) {
        if (deadlineNs == 0)
            return true;
        // A quarter of margin: an estimate is a moving average, and a pass that overruns pushes the whole image late.
        const qint64 late = steadyNowNs() + cost.estimateNs(step, plainNs) * 5 / 4 - deadlineNs;
        if (late <= 0)
            return true;
        if (!stream || overran || !mayOverrun)
            return false;
        const qint64 credit = cost.overrunCreditNs.load(std::memory_order_relaxed);
        if (credit < late)
            return false;
        cost.overrunCreditNs.store(credit - late, std::memory_order_relaxed);
        overran = true;
        return true;
    };
    const auto timed = [&](std::size_t step, auto&& work) {
        const qint64 t0 = steadyNowNs();
        auto out = work();
        cost.learn(step, steadyNowNs() - t0, plainNs);
        return out;
    };

    const GrayImage gray = GrayImage::fromView(luma);
    // ZXing 1.4 only finds an Aztec symbol near the image centre and nearly upright; look for bullseyes elsewhere.
    // On a still image also when the plain pass found other codes (every code in the image is wanted).
    const bool wantAztec = m_options.formats.testFlag(FormatFlag::Aztec);
    if (wantAztec
        && std::none_of(found.begin(), found.end(), [](const Detection& d) { return d.format == CodeFormat::Aztec; })) {
        // The credit goes to the bullseye search on every other frame only, else it would take it all.
        if (fits(0, round % 2 == 0)) {
            st.aztecSearch = true;
            mergeInto(found, timed(0, [&] { return readAztecAtBullseyes(gray, hints, passCount()); }));
        } else {
            ++st.passesSkipped;
        }
    }
    if (!found.empty() || abandoned())
        return found;
    const auto& passes = heavyPasses();
    const bool qr = m_options.formats.testFlag(FormatFlag::QrCode);
    auto runPass = [&](std::size_t i) -> std::vector<Detection> {
        const PassSpec& spec = passes[i];
        const Variant v = spec.make(luma, gray);
        if (spec.zbar)
            return runZbar(v, int(i) + 1);
        ZXing::DecodeHints h = hints;
        h.setBinarizer(spec.binarizer);
        if (!spec.pure)
            return runZXing(v, h, int(i) + 1);
        // In pure mode ZXing 1.4 stops at the first reader's answer, even an invalid one: one format at a time.
        h.setIsPure(true);
        for (const ZXing::BarcodeFormat f : zxingFormats(m_options.formats)) {
            auto pure = runZXing(v, ZXing::DecodeHints(h).setFormats(f), int(i) + 1);
            if (!pure.empty())
                return pure;
        }
        return {};
    };

    // Exhaustive: every pass in order. Stream: the passes in rotation from `round`, as many as fit before the frame's
    // deadline (the next frame is due), each frame starting one further.
    const std::size_t n = passes.size();
    const std::size_t first = stream ? round % n : 0;
    for (std::size_t k = 0; k < n && !abandoned(); ++k) {
        const std::size_t i = (first + k) % n;
        if (passes[i].zbar && (!m_options.zbarFallback || !qr))
            continue;
        if (!fits(i + 1)) {
            ++st.passesSkipped;
            continue;
        }
        ++st.passesRun;
        found = timed(i + 1, [&] { return runPass(i); });
        if (!found.empty())
            return found;
    }
    return found;
}

} // namespace lounge::scanner
