#include "scanner/LumaExtractor.h"

#include <utility>

namespace lounge::scanner {

LumaFrame::LumaFrame(LumaFrame&& other) noexcept
    : m_frame(std::move(other.m_frame))
    , m_mapped(std::exchange(other.m_mapped, false))
    , m_zeroCopy(other.m_zeroCopy)
    , m_gray(std::move(other.m_gray))
    , m_view(other.m_view)
{
    // A moved GrayImage keeps its heap buffer, so m_view stays valid.
}

LumaFrame& LumaFrame::operator=(LumaFrame&& other) noexcept
{
    if (this != &other) {
        release();
        m_frame = std::move(other.m_frame);
        m_mapped = std::exchange(other.m_mapped, false);
        m_zeroCopy = other.m_zeroCopy;
        m_gray = std::move(other.m_gray);
        m_view = other.m_view;
    }
    return *this;
}

LumaFrame::~LumaFrame()
{
    release();
}

void LumaFrame::release()
{
    if (m_mapped)
        m_frame.unmap();
    m_mapped = false;
}

GrayImage lumaOf(const QImage& image)
{
    if (image.format() == QImage::Format_Grayscale8) {
        return GrayImage::fromView(
            {image.constBits(), image.width(), image.height(), ZXing::ImageFormat::Lum, int(image.bytesPerLine())});
    }
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32); // 0xffRRGGBB words: B,G,R,X bytes on LE
    GrayImage out(rgb.width(), rgb.height());
    for (int y = 0; y < rgb.height(); ++y) {
        const auto* src = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
        uint8_t* dst = out.row(y);
        for (int x = 0; x < rgb.width(); ++x)
            dst[x] = ZXing::RGBToLum(unsigned(qRed(src[x])), unsigned(qGreen(src[x])), unsigned(qBlue(src[x])));
    }
    return out;
}

Result<LumaFrame> LumaFrame::fromImage(const QImage& image)
{
    if (image.isNull())
        return ScannerFailure {ScannerError::UnsupportedFormat, QStringLiteral("null image")};
    LumaFrame out;
    out.m_gray = lumaOf(image);
    out.m_view = out.m_gray.view();
    return out;
}

namespace {
struct LumaLayout
{
    int offset = 0; ///< byte offset of the first Y sample in plane 0
    int pixStride = 0; ///< 0 = not a layout we read directly
};

LumaLayout yuvLayout(QVideoFrameFormat::PixelFormat f)
{
    using F = QVideoFrameFormat;
    switch (f) {
    case F::Format_NV12:
    case F::Format_NV21:
    case F::Format_YUV420P:
    case F::Format_YUV422P:
    case F::Format_YV12:
    case F::Format_IMC1:
    case F::Format_IMC2:
    case F::Format_IMC3:
    case F::Format_IMC4:
    case F::Format_Y8:
        return {0, 1};
    case F::Format_P010:
    case F::Format_P016:
    case F::Format_Y16:
        return {1, 2}; // little-endian 16-bit samples: the high byte is the luma we want
    case F::Format_YUYV:
        return {0, 2};
    case F::Format_UYVY:
        return {1, 2};
    case F::Format_AYUV:
    case F::Format_AYUV_Premultiplied:
        return {1, 4};
    default:
        return {};
    }
}

ZXing::ImageFormat rgbLayout(QVideoFrameFormat::PixelFormat f)
{
    using F = QVideoFrameFormat;
    switch (f) {
    case F::Format_ARGB8888:
    case F::Format_ARGB8888_Premultiplied:
    case F::Format_XRGB8888:
        return ZXing::ImageFormat::XRGB;
    case F::Format_BGRA8888:
    case F::Format_BGRA8888_Premultiplied:
    case F::Format_BGRX8888:
        return ZXing::ImageFormat::BGRX;
    case F::Format_ABGR8888:
    case F::Format_XBGR8888:
        return ZXing::ImageFormat::XBGR;
    case F::Format_RGBA8888:
    case F::Format_RGBX8888:
        return ZXing::ImageFormat::RGBX;
    default:
        return ZXing::ImageFormat::None;
    }
}
} // namespace

Result<LumaFrame> LumaFrame::fromVideoFrame(const QVideoFrame& frame)
{
    if (!frame.isValid())
        return ScannerFailure {ScannerError::UnsupportedFormat, QStringLiteral("invalid frame")};
    const auto pixelFormat = frame.pixelFormat();
    const LumaLayout yuv = yuvLayout(pixelFormat);
    const ZXing::ImageFormat rgb = rgbLayout(pixelFormat);
    if (yuv.pixStride == 0 && rgb == ZXing::ImageFormat::None) {
        const QImage image = frame.toImage();
        if (image.isNull())
            return ScannerFailure {ScannerError::UnsupportedFormat, QStringLiteral("pixel format %1").arg(pixelFormat)};
        return fromImage(image);
    }

    LumaFrame out;
    out.m_frame = frame;
    if (!out.m_frame.map(QVideoFrame::ReadOnly))
        return ScannerFailure {ScannerError::UnsupportedFormat, QStringLiteral("cannot map frame")};
    out.m_mapped = true;
    const int w = frame.width();
    const int h = frame.height();
    const uchar* plane = out.m_frame.bits(0);
    const int rowStride = out.m_frame.bytesPerLine(0);
    if (yuv.pixStride != 0) {
        out.m_zeroCopy = true;
        out.m_view = ZXing::ImageView(plane + yuv.offset, w, h, ZXing::ImageFormat::Lum, rowStride, yuv.pixStride);
        return out;
    }
    // Packed RGB: one pass computing luma only (ZXing's weights), then unmap early.
    const ZXing::ImageView rgbView(plane, w, h, rgb, rowStride);
    out.m_gray = GrayImage(w, h);
    const int r = ZXing::RedIndex(rgb), g = ZXing::GreenIndex(rgb), b = ZXing::BlueIndex(rgb);
    for (int y = 0; y < h; ++y) {
        const uint8_t* src = rgbView.data(0, y);
        uint8_t* dst = out.m_gray.row(y);
        for (int x = 0; x < w; ++x, src += 4)
            dst[x] = ZXing::RGBToLum(src[r], src[g], src[b]);
    }
    out.release();
    out.m_frame = {};
    out.m_view = out.m_gray.view();
    return out;
}

} // namespace lounge::scanner
