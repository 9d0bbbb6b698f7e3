#include "scanner/GrayImage.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace lounge::scanner {

GrayImage::GrayImage(int width, int height)
    : m_width(std::max(0, width))
    , m_height(std::max(0, height))
    , m_pixels(std::size_t(m_width) * std::size_t(m_height))
{ }

GrayImage GrayImage::fromView(const ZXing::ImageView& view)
{
    GrayImage out(view.width(), view.height());
    for (int y = 0; y < out.m_height; ++y) {
        uint8_t* dst = out.row(y);
        const uint8_t* src = view.data(0, y);
        const int step = view.pixStride();
        if (step == 1) {
            std::copy_n(src, out.m_width, dst);
        } else {
            for (int x = 0; x < out.m_width; ++x)
                dst[x] = src[std::ptrdiff_t(x) * step];
        }
    }
    return out;
}

ZXing::ImageView GrayImage::view() const
{
    return {m_pixels.data(), m_width, m_height, ZXing::ImageFormat::Lum};
}

GrayImage GrayImage::inverted() const
{
    GrayImage out(m_width, m_height);
    std::transform(m_pixels.begin(), m_pixels.end(), out.m_pixels.begin(), [](uint8_t v) { return uint8_t(255 - v); });
    return out;
}

GrayImage GrayImage::shrunk(int factor) const
{
    if (factor <= 1)
        return *this;
    GrayImage out(m_width / factor, m_height / factor);
    const int area = factor * factor;
    std::vector<int> acc(std::size_t(out.m_width));
    for (int y = 0; y < out.m_height; ++y) {
        std::fill(acc.begin(), acc.end(), 0);
        for (int dy = 0; dy < factor; ++dy) {
            const uint8_t* src = row(y * factor + dy);
            for (int x = 0; x < out.m_width; ++x) {
                const uint8_t* p = src + x * factor;
                for (int dx = 0; dx < factor; ++dx)
                    acc[std::size_t(x)] += p[dx];
            }
        }
        uint8_t* dst = out.row(y);
        for (int x = 0; x < out.m_width; ++x)
            dst[x] = uint8_t(acc[std::size_t(x)] / area);
    }
    return out;
}

GrayImage GrayImage::resized(int width, int height) const
{
    GrayImage out(width, height);
    if (isNull() || out.isNull())
        return out;
    const float sx = float(m_width) / float(width);
    const float sy = float(m_height) / float(height);
    for (int y = 0; y < height; ++y) {
        const float fy = std::clamp((float(y) + 0.5f) * sy - 0.5f, 0.f, float(m_height - 1));
        const int y0 = int(fy);
        const int y1 = std::min(y0 + 1, m_height - 1);
        const float wy = fy - float(y0);
        const uint8_t* r0 = row(y0);
        const uint8_t* r1 = row(y1);
        uint8_t* dst = out.row(y);
        for (int x = 0; x < width; ++x) {
            const float fx = std::clamp((float(x) + 0.5f) * sx - 0.5f, 0.f, float(m_width - 1));
            const int x0 = int(fx);
            const int x1 = std::min(x0 + 1, m_width - 1);
            const float wx = fx - float(x0);
            const float top = float(r0[x0]) * (1 - wx) + float(r0[x1]) * wx;
            const float bottom = float(r1[x0]) * (1 - wx) + float(r1[x1]) * wx;
            dst[x] = uint8_t(top * (1 - wy) + bottom * wy + 0.5f);
        }
    }
    return out;
}

namespace {
// Summed-area table with one row/column of zero padding.
std::vector<uint32_t> integral(const GrayImage& img)
{
    const int w = img.width() + 1;
    std::vector<uint32_t> sat(std::size_t(w) * std::size_t(img.height() + 1), 0);
    for (int y = 0; y < img.height(); ++y) {
        uint32_t rowSum = 0;
        const uint8_t* src = img.row(y);
        for (int x = 0; x < img.width(); ++x) {
            rowSum += src[x];
            sat[std::size_t(y + 1) * w + std::size_t(x + 1)] = sat[std::size_t(y) * w + std::size_t(x + 1)] + rowSum;
        }
    }
    return sat;
}

template<class F> void forEachWindow(const GrayImage& img, int radius, const std::vector<uint32_t>& sat, F&& f)
{
    const int w = img.width() + 1;
    for (int y = 0; y < img.height(); ++y) {
        const int y0 = std::max(0, y - radius);
        const int y1 = std::min(img.height(), y + radius + 1);
        for (int x = 0; x < img.width(); ++x) {
            const int x0 = std::max(0, x - radius);
            const int x1 = std::min(img.width(), x + radius + 1);
            const uint32_t sum = sat[std::size_t(y1) * w + std::size_t(x1)] - sat[std::size_t(y0) * w + std::size_t(x1)]
                - sat[std::size_t(y1) * w + std::size_t(x0)] + sat[std::size_t(y0) * w + std::size_t(x0)];
            f(x, y, sum, uint32_t((x1 - x0) * (y1 - y0)));
        }
    }
}
} // namespace

GrayImage GrayImage::boxBlurred(int radius) const
{
    GrayImage out(m_width, m_height);
    const auto sat = integral(*this);
    forEachWindow(*this, radius, sat,
                  [&](int x, int y, uint32_t sum, uint32_t n) { out.row(y)[x] = uint8_t(sum / n); });
    return out;
}

GrayImage GrayImage::locallyNormalized(int radius) const
{
    GrayImage out(m_width, m_height);
    const auto sat = integral(*this);
    forEachWindow(*this, radius, sat, [&](int x, int y, uint32_t sum, uint32_t n) {
        // Ratio to the local mean, centred at mid-grey: a module darker than its surroundings stays dark
        // whatever the absolute light level (glare, shadow, vignetting).
        const float mean = float(sum) / float(n) + 1.f;
        const float v = 128.f * float(row(y)[x] + 1) / mean;
        out.row(y)[x] = uint8_t(std::clamp(v, 0.f, 255.f));
    });
    return out;
}

GrayImage GrayImage::sharpened(int amountPercent) const
{
    GrayImage out(m_width, m_height);
    const auto sat = integral(*this);
    forEachWindow(*this, 1, sat, [&](int x, int y, uint32_t sum, uint32_t n) {
        const int v = row(y)[x];
        const int blurred = int(sum / n);
        out.row(y)[x] = uint8_t(std::clamp(v + (v - blurred) * amountPercent / 100, 0, 255));
    });
    return out;
}

GrayImage GrayImage::stretched() const
{
    std::array<uint32_t, 256> histogram {};
    for (uint8_t v : m_pixels)
        ++histogram[v];
    const auto tail = uint32_t(m_pixels.size() / 100);
    int lo = 0;
    int hi = 255;
    for (uint32_t acc = 0; lo < 255 && (acc += histogram[std::size_t(lo)]) <= tail;)
        ++lo;
    for (uint32_t acc = 0; hi > 0 && (acc += histogram[std::size_t(hi)]) <= tail;)
        --hi;
    GrayImage out(m_width, m_height);
    if (hi <= lo) {
        out.m_pixels = m_pixels;
        return out;
    }
    std::array<uint8_t, 256> lut {};
    for (int v = 0; v < 256; ++v)
        lut[std::size_t(v)] = uint8_t(std::clamp((v - lo) * 255 / (hi - lo), 0, 255));
    std::transform(m_pixels.begin(), m_pixels.end(), out.m_pixels.begin(), [&](uint8_t v) { return lut[v]; });
    return out;
}

GrayImage GrayImage::padded(int border, uint8_t value) const
{
    GrayImage out(m_width + 2 * border, m_height + 2 * border);
    std::fill(out.m_pixels.begin(), out.m_pixels.end(), value);
    for (int y = 0; y < m_height; ++y)
        std::copy_n(row(y), m_width, out.row(y + border) + border);
    return out;
}

GrayImage GrayImage::window(int cx, int cy, int size, uint8_t fill) const
{
    GrayImage out(size, size);
    std::fill(out.m_pixels.begin(), out.m_pixels.end(), fill);
    const int x0 = cx - size / 2;
    const int y0 = cy - size / 2;
    for (int y = std::max(0, y0); y < std::min(m_height, y0 + size); ++y) {
        const int xs = std::max(0, x0);
        const int xe = std::min(m_width, x0 + size);
        if (xe > xs)
            std::copy(row(y) + xs, row(y) + xe, out.row(y - y0) + (xs - x0));
    }
    return out;
}

ZXing::ImageView mirroredView(const ZXing::ImageView& view)
{
    return {view.data(view.width() - 1, 0),
            view.width(),
            view.height(),
            view.format(),
            view.rowStride(),
            -view.pixStride()};
}

} // namespace lounge::scanner
