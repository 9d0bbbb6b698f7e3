#include "QrRenderer.h"

#include <QBuffer>
#include <QImage>

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <exception>

namespace lounge::central {

core::Result<QByteArray> QrRenderer::png(const QString& payload, int moduleSize)
{
    ZXing::BitMatrix matrix;
    try {
        // ZXing reports encoding failures by exception; it must not cross our API.
        matrix = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                     .setMargin(0)
                     .setEccLevel(4)
                     .encode(payload.toStdString(), 0, 0);
    } catch (const std::exception& e) {
        return core::makeError(core::ErrorCode::InvalidArgument, QString::fromUtf8(e.what()));
    }
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
