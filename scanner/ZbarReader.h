#pragma once

#include <QByteArray>
#include <QPointF>

#include <cstdint>
#include <vector>

namespace lounge::scanner {

/// One QR symbol as zbar saw it: raw payload bytes (zbar's own text conversion is off) and its outline.
struct ZbarSymbol
{
    QByteArray bytes;
    std::vector<QPointF> outline;
};

/// Runs zbar's QR reader on a contiguous 8-bit luma buffer. Thread-safe (a fresh zbar scanner per call).
/// Kept in its own translation unit: zbar's C++ headers clash with ZXing's error macros.
std::vector<ZbarSymbol> zbarReadQr(const uint8_t* luma, int width, int height);

} // namespace lounge::scanner
