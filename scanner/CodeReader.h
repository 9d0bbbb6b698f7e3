#pragma once

#include "scanner/ScanEvent.h"

#include <ZXing/ImageView.h>

#include <QFlags>

#include <array>
#include <atomic>
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
    Fast, ///< the plain pass only (plus nothing else)
    Stream, ///< plain pass, then one heavier pass rotating from call to call (bounded cost per frame)
    Exhaustive, ///< every pass until one finds a code (still images, tests, the benchmark)
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
};

/// Multi-pass reader: ZXing-C++ 1.4 on the plain luma image first (the fast path), then, only when that finds
/// nothing, on preprocessed variants (inverted, shrunk, locally normalised, sharpened, enlarged, mirrored,
/// rotated), then zbar on QR as a cross-checked fallback.
/// Thread-safe: read() is const and keeps no state; one instance may be shared by worker threads.
class CodeReader
{
public:
    explicit CodeReader(ReaderOptions options = {});

    const ReaderOptions& options() const { return m_options; }

    /// Reads every code found by the first pass that finds any. `round` selects the heavier pass in Stream mode.
    /// If `abandon` is given and becomes true (a newer frame is waiting), the passes after the fast one are skipped:
    /// a stale frame's heavy work must not delay the fresh one.
    std::vector<Detection> read(const ZXing::ImageView& luma, unsigned round = 0,
                                const std::atomic<bool>* abandon = nullptr) const;

    /// Number of passes read() can run in Exhaustive mode (for the benchmark and docs).
    static int passCount();

private:
    ReaderOptions m_options;
};

} // namespace lounge::scanner
