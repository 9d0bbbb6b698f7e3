#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QPointF>
#include <QSize>
#include <QString>

#include <array>

namespace lounge::scanner {

/// The symbologies the kiosk reads. Boarding passes: PDF417 (paper) and Aztec (mobile).
enum class CodeFormat
{
    Unknown,
    QrCode,
    Aztec,
    Pdf417,
    DataMatrix,
};

QString formatName(CodeFormat format);

/// Where a scan came from.
enum class SourceKind
{
    Camera,
    VideoFile,
    Image,
    KeyboardWedge,
};

QString sourceKindName(SourceKind kind);

/// One decoded code, as delivered to the validation core. Plain value, copyable, safe across threads.
struct ScanEvent
{
    QString text; ///< decoded text (UTF-8 interpretation of the payload)
    QByteArray bytes; ///< raw payload bytes as encoded in the symbol
    CodeFormat format = CodeFormat::Unknown;
    SourceKind sourceKind = SourceKind::Camera;
    QString source; ///< camera id, file path or "keyboard"
    QDateTime time; ///< when the frame (or the Enter key) arrived
    qint64 frameArrivalNs = 0; ///< monotonic arrival time, for latency measurement
    std::array<QPointF, 4> corners {}; ///< in frame pixels: top-left, top-right, bottom-right, bottom-left
    QSize frameSize; ///< size of the frame the corners refer to (empty for the keyboard wedge)

    /// The key the debouncer uses: same payload and format is "the same code".
    QByteArray identity() const;
};

} // namespace lounge::scanner

Q_DECLARE_METATYPE(lounge::scanner::ScanEvent)
