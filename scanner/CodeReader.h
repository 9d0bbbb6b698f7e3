#pragma once

#include "scanner/ScanEvent.h"

#include <ZXing/ImageView.h>

#include <QFlags>

#include <array>
#include <atomic>
#include <memory>
#include <vector>

namespace lounge::scanner {

/// Which engine produced a detection (for statistics; consumers treat both alike).
enum class Engine
{
    ZXing,
    Zbar,
};

/// One code found in one image.
struct Detection
{
    QString text;
    QByteArray bytes;
    CodeFormat format = CodeFormat::Unknown;
    std::array<QPointF, 4> corners {};
    Engine engine = Engine::ZXing;
    int pass = 0; ///< index of the preprocessing pass that found it
};

/// How much work one read() may do.
enum class Effort
{
    Fast, ///< the plain pass only: exactly one ZXing::ReadBarcode-equivalent call, first code only
    Stream, ///< camera frames: the plain ReadBarcode-equivalent pass (first code only; nothing more when it finds
            ///< one), then, within the frame's deadline, heavier passes rotating from call to call
    Exhaustive, ///< still images, tests: every code in the image; every pass until one finds a code (or the budget
                ///< ends)
};

enum class FormatFlag
{
    QrCode = 0x1,
    Aztec = 0x2,
    Pdf417 = 0x4,
    DataMatrix = 0x8,
};
Q_DECLARE_FLAGS(Formats, FormatFlag)
Q_DECLARE_OPERATORS_FOR_FLAGS(Formats)

struct ReaderOptions
{
    Formats formats = Formats(FormatFlag::QrCode) | FormatFlag::Aztec | FormatFlag::Pdf417 | FormatFlag::DataMatrix;
    Effort effort = Effort::Exhaustive;
    bool zbarFallback = true; ///< QR only; its results are cross-checked before they count
    /// Exhaustive only: time budget per image in ms, counted from the start of read() (0 = none). A heavier pass
    /// whose estimated cost would end past it is skipped; cheaper later passes still run.
    int budgetMs = 0;
};

/// What one read() did (for tests, the benchmark and the docs' profile).
struct ReadStats
{
    int passesRun = 0; ///< ZXing/zbar passes actually run, the plain one included
    int passesSkipped = 0; ///< heavier passes left out because they would not end before the deadline
    bool aztecSearch = false; ///< the bullseye search ran
};

/// Multi-pass reader: ZXing-C++ 1.4 on the plain luma image first (the fast path), then, only when that finds
/// nothing, on preprocessed variants (inverted, shrunk, locally normalised, sharpened, enlarged, mirrored,
/// rotated), then zbar on QR as a cross-checked fallback.
/// Thread-safe: read() is const; its only state is a shared, lock-free estimate of each heavier pass's cost relative
/// to the plain pass (for deadlines), so one instance (and its copies) may be used by several worker threads.
class CodeReader
{
public:
    explicit CodeReader(ReaderOptions options = {});

    const ReaderOptions& options() const { return m_options; }

    /// Reads the codes found by the first pass that finds any. `round` selects where the rotation of heavier passes
    /// starts in Stream mode. If `abandon` is given and becomes true (a newer frame is waiting), the passes after the
    /// fast one are skipped: a stale frame's heavy work must not delay the fresh one. `deadlineNs` (steadyNowNs()
    /// clock; 0 = Exhaustive: options().budgetMs from now, or none; Stream: 23 ms from now) bounds the heavier passes:
    /// one whose estimated cost would end past it is skipped. `stats`, if given, receives what was run.
    std::vector<Detection> read(const ZXing::ImageView& luma, unsigned round = 0,
                                const std::atomic<bool>* abandon = nullptr, qint64 deadlineNs = 0,
                                ReadStats* stats = nullptr) const;

    /// The first half of read(): the plain pass alone (for a Stream frame exactly one ZXing::ReadBarcode-equivalent
    /// call). `plainNs`, if given, receives how long it took: the unit of the heavier passes' cost model.
    std::vector<Detection> readPlain(const ZXing::ImageView& luma, qint64* plainNs = nullptr,
                                     ReadStats* stats = nullptr) const;
    /// The second half of read() after a plain pass that found nothing (`plainNs` from readPlain): the heavier passes
    /// as read() runs them, with the same `round`, `abandon` and `deadlineNs` rules. FrameDecoder runs it on its own,
    /// lower-priority thread so that the next frame's plain pass never waits behind it.
    std::vector<Detection> readHeavier(const ZXing::ImageView& luma, qint64 plainNs, unsigned round = 0,
                                       const std::atomic<bool>* abandon = nullptr, qint64 deadlineNs = 0,
                                       ReadStats* stats = nullptr) const;

    /// Number of passes read() can run in Exhaustive mode (for the benchmark and docs).
    static int passCount();

    struct CostModel;

private:
    std::vector<Detection> heavier(const ZXing::ImageView& luma, qint64 plainNs, std::vector<Detection> found,
                                   unsigned round, const std::atomic<bool>* abandon, qint64 deadlineNs,
                                   ReadStats& st) const;

    ReaderOptions m_options;
    std::shared_ptr<CostModel> m_cost;
};

} // namespace lounge::scanner
