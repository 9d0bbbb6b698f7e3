#pragma once

#include "scanner/GrayImage.h"
#include "scanner/ScanEvent.h"

#include <QImage>
#include <QSize>
#include <QString>

namespace lounge::scanner {

/// Test, benchmark and demo support (target lounge::scanner_synthetic, never linked into the kiosk):
/// codes rendered with ZXing's MultiFormatWriter.

/// Black-on-white symbol, `moduleSize` pixels per module, `quietZone` modules of white around it.
QImage renderCode(CodeFormat format, const QString& text, int moduleSize, int quietZone = 4);

struct SyntheticFrame
{
    GrayImage luma;
    QString text;
};

/// A camera-like frame: uneven light, sensor noise, and (if withCode) one slightly rotated QR code whose text
/// and placement follow from `seed`. Deterministic.
SyntheticFrame makeSyntheticFrame(QSize size, int seed, bool withCode = true);

} // namespace lounge::scanner
