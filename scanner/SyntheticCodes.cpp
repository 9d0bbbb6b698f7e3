#include "scanner/SyntheticCodes.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <QPainter>
#include <QRandomGenerator>
#include <QTransform>

namespace lounge::scanner {

namespace {
ZXing::BarcodeFormat toZXing(CodeFormat f)
{
    switch (f) {
    case CodeFormat::Aztec:
        return ZXing::BarcodeFormat::Aztec;
    case CodeFormat::Pdf417:
        return ZXing::BarcodeFormat::PDF417;
    case CodeFormat::DataMatrix:
        return ZXing::BarcodeFormat::DataMatrix;
    case CodeFormat::QrCode:
    case CodeFormat::Unknown:
        break;
    }
    return ZXing::BarcodeFormat::QRCode;
}
} // namespace

QImage renderCode(CodeFormat format, const QString& text, int moduleSize, int quietZone)
{
    ZXing::MultiFormatWriter writer(toZXing(format));
    writer.setMargin(0);
    writer.setEncoding(ZXing::CharacterSet::UTF8);
    const ZXing::BitMatrix m = writer.encode(text.toStdString(), 1, 1);
    // PDF417's writer emits one bit per module horizontally but several rows per module row; keep it as is.
    const int w = (m.width() + 2 * quietZone) * moduleSize;
    const int h = (m.height() + 2 * quietZone) * moduleSize;
    QImage img(w, h, QImage::Format_Grayscale8);
    img.fill(255);
    for (int y = 0; y < m.height(); ++y) {
        for (int x = 0; x < m.width(); ++x) {
            if (!m.get(x, y))
                continue;
            for (int dy = 0; dy < moduleSize; ++dy) {
                uchar* line = img.scanLine((y + quietZone) * moduleSize + dy);
                std::fill_n(line + (x + quietZone) * moduleSize, moduleSize, uchar(0));
            }
        }
    }
    return img;
}

namespace {

// The frame both helpers draw: uneven light, then (if any) the picture, then sensor noise. The random numbers are
// drawn in the same order for every caller, so makeSyntheticFrame's frames stay what they were.
QImage cameraFrame(QSize size, QRandomGenerator& rng, const QImage* picture, double scale, int maxTilt)
{
    QImage img(size, QImage::Format_Grayscale8);
    // Uneven light: a diagonal gradient, like a lamp off to one side.
    for (int y = 0; y < size.height(); ++y) {
        uchar* line = img.scanLine(y);
        for (int x = 0; x < size.width(); ++x)
            line[x] = uchar(90 + 80 * (x + y) / (size.width() + size.height()));
    }
    if (picture) {
        QPainter p(&img);
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        const QPointF centre(size.width() * (0.3 + 0.4 * rng.generateDouble()),
                             size.height() * (0.35 + 0.3 * rng.generateDouble()));
        p.translate(centre);
        p.rotate(rng.bounded(-maxTilt, maxTilt + 1));
        p.scale(scale, scale);
        p.setOpacity(0.85);
        p.drawImage(QPointF(-picture->width() / 2.0, -picture->height() / 2.0), *picture);
    }
    // Sensor noise.
    for (int y = 0; y < size.height(); ++y) {
        uchar* line = img.scanLine(y);
        for (int x = 0; x < size.width(); ++x)
            line[x] = uchar(std::clamp(int(line[x]) + int(rng.bounded(17)) - 8, 0, 255));
    }
    return img;
}

GrayImage lumaOfImage(const QImage& img)
{
    return GrayImage::fromView(
        {img.constBits(), img.width(), img.height(), ZXing::ImageFormat::Lum, int(img.bytesPerLine())});
}

} // namespace

SyntheticFrame makeSyntheticFrame(QSize size, int seed, bool withCode)
{
    QRandomGenerator rng(quint32(seed) * 2654435761u + 1u);
    SyntheticFrame out;
    QImage code;
    if (withCode) {
        out.text = QStringLiteral("LOUNGE|PAX%1|SEAT%2|%3")
                       .arg(seed, 6, 10, QLatin1Char('0'))
                       .arg(rng.bounded(1, 60))
                       .arg(QString::number(rng.generate64(), 36));
        const int module = size.height() >= 1080 ? 7 : 5;
        code = renderCode(CodeFormat::QrCode, out.text, module);
    }
    out.luma = lumaOfImage(cameraFrame(size, rng, withCode ? &code : nullptr, 1.0, 20));
    return out;
}

GrayImage placeInCameraFrame(const QImage& picture, QSize size, int seed, double scale, int maxTiltDegrees)
{
    QRandomGenerator rng(quint32(seed) * 2654435761u + 1u);
    const QImage gray = picture.convertToFormat(QImage::Format_Grayscale8);
    return lumaOfImage(cameraFrame(size, rng, &gray, scale, maxTiltDegrees));
}

} // namespace lounge::scanner
