#pragma once

#include <ZXing/ImageView.h>

#include <cstdint>
#include <vector>

namespace lounge::scanner {

/// An owned 8-bit luma image plus the preprocessing steps the multi-pass reader applies.
/// Plain value; every operation returns a new image (inputs may be shared read-only across threads).
class GrayImage
{
public:
    GrayImage() = default;
    GrayImage(int width, int height);

    /// Copies any luma view (arbitrary row/pixel strides, including negative ones).
    static GrayImage fromView(const ZXing::ImageView& view);

    int width() const { return m_width; }
    int height() const { return m_height; }
    bool isNull() const { return m_width <= 0 || m_height <= 0; }
    uint8_t* row(int y) { return m_pixels.data() + std::size_t(y) * std::size_t(m_width); }
    const uint8_t* row(int y) const { return m_pixels.data() + std::size_t(y) * std::size_t(m_width); }
    const uint8_t* data() const { return m_pixels.data(); }
    ZXing::ImageView view() const;

    GrayImage inverted() const;
    /// Area-average shrink by an integer factor: kills moiré from screens and sensor noise.
    GrayImage shrunk(int factor) const;
    /// Bilinear resize to an arbitrary size (used to enlarge small, soft codes).
    GrayImage resized(int width, int height) const;
    /// Divides out the local mean brightness (window ~ radius): flattens glare and uneven light.
    GrayImage locallyNormalized(int radius) const;
    /// Unsharp mask with a 3x3 box: restores edges of slightly blurred modules.
    GrayImage sharpened(int amountPercent = 100) const;
    /// Global min/max stretch (ignoring 1% tails): rescues low-contrast captures.
    GrayImage stretched() const;
    GrayImage boxBlurred(int radius) const;
    /// A size x size window centred on (cx, cy); parts outside the image are `fill`.
    GrayImage window(int cx, int cy, int size, uint8_t fill) const;
    /// Adds a uniform border: restores the quiet zone of codes cropped tight (screenshots, labels).
    GrayImage padded(int border, uint8_t value) const;

private:
    int m_width = 0;
    int m_height = 0;
    std::vector<uint8_t> m_pixels;
};

/// A view of the same pixels mirrored left-right (no copy; negative pixel stride).
ZXing::ImageView mirroredView(const ZXing::ImageView& view);

} // namespace lounge::scanner
