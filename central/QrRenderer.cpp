#include "QrRenderer.h"

#include <QBuffer>
#include <QImage>

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <exception>

namespace lounge::central {

namespace {

core::Result<ZXing::BitMatrix> encode(const QString& payload)
{
    try {
        // ZXing reports encoding failures by exception; it must not cross our API.
        return ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
            .setMargin(0)
            .setEccLevel(4)
            .encode(payload.toStdString(), 0, 0);
    } catch (const std::exception& e) {
        return core::makeError(core::ErrorCode::InvalidArgument, QString::fromUtf8(e.what()));
    }
}

} // namespace

core::Result<QString> QrRenderer::text(const QString& payload)
{
    auto encoded = encode(payload);
    if (!encoded) {
        return encoded.error();
    }
    const ZXing::BitMatrix& matrix = *encoded;
    const int quiet = 4;
    const int n = matrix.width();
    auto dark = [&](int x, int y) {
        x -= quiet;
        y -= quiet;
        return x >= 0 && y >= 0 && x < n && y < matrix.height() && matrix.get(x, y);
    };
    // Light = drawn block; each character cell is two modules high: upper half block, lower half block, both, none.
    QString out;
    for (int y = 0; y < matrix.height() + 2 * quiet; y += 2) {
        for (int x = 0; x < n + 2 * quiet; ++x) {
            const bool top = !dark(x, y);
            const bool bottom = y + 1 < matrix.height() + 2 * quiet && !dark(x, y + 1);
            out += top && bottom ? QChar(0x2588) : top ? QChar(0x2580) : bottom ? QChar(0x2584) : QChar(u' ');
        }
        out += QLatin1Char('\n');
    }
    return out;
}

core::Result<QByteArray> QrRenderer::png(const QString& payload, int moduleSize)
{
    auto encoded = encode(payload);
    if (!encoded) {
        return encoded.error();
    }
    const ZXing::BitMatrix& matrix = *encoded;
    const int quiet = 4;
    const int size = (matrix.width() + 2 * quiet) * moduleSize;
    QImage image(size, size, QImage::Format_Grayscale8);
    image.fill(255);
    for (int y = 0; y < matrix.height(); ++y) {
        for (int x = 0; x < matrix.width(); ++x) {
            if (!matrix.get(x, y)) {
                continue;
            }
            for (int dy = 0; dy < moduleSize; ++dy) {
                uchar* line = image.scanLine((y + quiet) * moduleSize + dy);
                std::fill_n(line + (x + quiet) * moduleSize, moduleSize, uchar(0));
            }
        }
    }
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG")) {
        return core::makeError(core::ErrorCode::Internal, QStringLiteral("PNG encoding failed"));
    }
    return out;
}

} // namespace lounge::central
