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

/// Any picture (a rendered code, a paper boarding-pass stub, a phone screen) in the same camera-like frame:
/// uneven light, placed near the centre at a position and tilt (at most ±`maxTiltDegrees`) that follow from `seed`,
/// scaled by `scale`, sensor noise. Deterministic.
GrayImage placeInCameraFrame(const QImage& picture, QSize size, int seed, double scale = 1.0, int maxTiltDegrees = 20);

} // namespace lounge::scanner
