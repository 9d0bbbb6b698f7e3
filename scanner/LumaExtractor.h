#pragma once

#include "scanner/GrayImage.h"
#include "scanner/ScannerResult.h"

#include <QImage>
#include <QVideoFrame>

#include <memory>

namespace lounge::scanner {

/// The luma plane of one frame, as a ZXing view. For YUV frames (NV12, I420, YUYV, ...) the view points straight
/// into the mapped plane: no conversion at all. RGB frames get a single luma pass; anything else falls back to
/// QVideoFrame::toImage(). Move-only; keeps the video frame mapped while alive. Use on one thread at a time.
class LumaFrame
{
public:
    LumaFrame() = default;
    LumaFrame(LumaFrame&&) noexcept;
    LumaFrame& operator=(LumaFrame&&) noexcept;
    LumaFrame(const LumaFrame&) = delete;
    LumaFrame& operator=(const LumaFrame&) = delete;
    ~LumaFrame();

    static Result<LumaFrame> fromVideoFrame(const QVideoFrame& frame);
    static Result<LumaFrame> fromImage(const QImage& image);

    const ZXing::ImageView& view() const { return m_view; }
    int width() const { return m_view.width(); }
    int height() const { return m_view.height(); }
    /// True when the view aliases the mapped YUV plane (the zero-copy path).
    bool isZeroCopy() const { return m_zeroCopy; }

private:
    void release();

    QVideoFrame m_frame; ///< mapped while m_mapped
    bool m_mapped = false;
    bool m_zeroCopy = false;
    GrayImage m_gray;
    ZXing::ImageView m_view {nullptr, 0, 0, ZXing::ImageFormat::Lum};
};

/// Luma of an image with ZXing's own RGB weights, so both paths see identical pixels.
GrayImage lumaOf(const QImage& image);

} // namespace lounge::scanner
