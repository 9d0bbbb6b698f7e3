#include "scanner/AztecLocator.h"

#include <QLineF>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>

namespace lounge::scanner {

namespace {

// Local mean threshold per 32x32 block (mean of the 3x3 neighbouring blocks), evaluated lazily per pixel: the
// locator reads only every other row plus a few columns, so no binarised copy is made.
class Binarizer
{
public:
    explicit Binarizer(const GrayImage& img)
        : m_img(img)
        , m_bw((img.width() + kBlock - 1) / kBlock)
        , m_bh((img.height() + kBlock - 1) / kBlock)
        , m_threshold(std::size_t(m_bw * m_bh))
    {
        std::vector<int> sums(std::size_t(m_bw * m_bh), 0);
        std::vector<int> counts(std::size_t(m_bw * m_bh), 0);
        std::vector<uint8_t> lo(std::size_t(m_bw * m_bh), 255);
        std::vector<uint8_t> hi(std::size_t(m_bw * m_bh), 0);
        // Statistics from every other pixel of every other row: plenty for a 32x32 block mean and range.
        for (int y = 0; y < img.height(); y += 2) {
            const uint8_t* r = img.row(y);
            const std::size_t base = std::size_t((y / kBlock) * m_bw);
            for (int x = 0; x < img.width(); x += 2) {
                const std::size_t i = base + std::size_t(x / kBlock);
                sums[i] += r[x];
                ++counts[i];
                lo[i] = std::min(lo[i], r[x]);
                hi[i] = std::max(hi[i], r[x]);
            }
        }
        for (int by = 0; by < m_bh; ++by)
            for (int bx = 0; bx < m_bw; ++bx) {
                int s = 0, n = 0, l = 255, h = 0;
                for (int yy = std::max(0, by - 1); yy <= std::min(m_bh - 1, by + 1); ++yy)
                    for (int xx = std::max(0, bx - 1); xx <= std::min(m_bw - 1, bx + 1); ++xx) {
                        const std::size_t i = std::size_t(yy * m_bw + xx);
                        s += sums[i];
                        n += counts[i];
                        l = std::min<int>(l, lo[i]);
                        h = std::max<int>(h, hi[i]);
                    }
                // Flat areas (sensor noise on a wall) have no edges: threshold 0 makes every pixel light.
                m_threshold[std::size_t(by * m_bw + bx)] = h - l < kMinContrast ? 0 : uint8_t(s / std::max(1, n));
            }
    }

    uint8_t dark(int x, int y) const
    {
        return m_img.row(y)[x] < m_threshold[std::size_t((y / kBlock) * m_bw + x / kBlock)] ? 1 : 0;
    }

private:
    static constexpr int kBlock = 32;
    static constexpr int kMinContrast = 48;
    const GrayImage& m_img;
    int m_bw;
    int m_bh;
    std::vector<uint8_t> m_threshold;
};

// Looks for 9 alternating runs (7 inner ones equal) centred on a dark run in `line` (stride-addressed). Returns centre
// positions (in line coordinates) and run width.
template<class Get> void scanLine(int length, Get get, std::vector<std::pair<double, double>>& hits)
{
    thread_local std::vector<int> starts;
    thread_local std::vector<int> widths;
    starts.clear();
    widths.clear();
    int x = 0;
    while (x < length) {
        const uint8_t v = get(x);
        int e = x + 1;
        while (e < length && get(e) == v)
            ++e;
        starts.push_back(x);
        widths.push_back(e - x);
        x = e;
    }
    const int runs = int(widths.size());
    for (int c = 4; c + 4 < runs; ++c) {
        if (!get(starts[std::size_t(c)]))
            continue; // the centre module is dark
        // The seven inner runs are equal; the outermost dark ring may merge with dark data modules beyond it.
        double mean = 0;
        for (int k = c - 3; k <= c + 3; ++k)
            mean += widths[std::size_t(k)];
        mean /= 7;
        if (mean < 1.5)
            continue;
        bool ok = widths[std::size_t(c - 4)] >= 0.6 * mean && widths[std::size_t(c + 4)] >= 0.6 * mean;
        for (int k = c - 3; k <= c + 3 && ok; ++k)
            ok = std::abs(widths[std::size_t(k)] - mean) <= std::max(1.0, 0.4 * mean);
        if (ok)
            hits.emplace_back(starts[std::size_t(c)] + widths[std::size_t(c)] / 2.0, mean);
    }
}

// Distances from the centre to the first four ring edges along direction `degrees` (0 when the image ends first).
std::array<double, 4> ringEdges(const Binarizer& bin, int width, int height, QPointF centre, double degrees)
{
    std::array<double, 4> edges {};
    const double a = degrees * std::numbers::pi / 180.0;
    const double dx = std::cos(a) * 0.5, dy = std::sin(a) * 0.5;
    uint8_t last = 1;
    int found = 0;
    for (int step = 0; step < 8000 && found < 4; ++step) {
        const int x = int(std::lround(centre.x() + dx * step));
        const int y = int(std::lround(centre.y() + dy * step));
        if (x < 0 || y < 0 || x >= width || y >= height)
            break;
        const uint8_t v = bin.dark(x, y);
        if (v != last) {
            edges[std::size_t(found++)] = step * 0.5;
            last = v;
        }
    }
    return edges;
}

// The rings are squares: a ray from the centre crosses them soonest when it is perpendicular to a side. Returns that
// direction in degrees in [0, 90), or a negative value when the four rays at that direction do not show four evenly
// spaced ring edges each (noise, text, a QR finder pattern).
double estimateRotation(const Binarizer& bin, int width, int height, QPointF centre)
{
    double bestAngle = -1;
    double bestDistance = std::numeric_limits<double>::max();
    for (double phi = 0; phi < 90; phi += 1.0) {
        double total = 0;
        for (int quadrant = 0; quadrant < 4; ++quadrant) {
            const auto e = ringEdges(bin, width, height, centre, phi + 90.0 * quadrant);
            total += e[3] > 0 ? e[3] : 1e6;
        }
        if (total < bestDistance) {
            bestDistance = total;
            bestAngle = phi;
        }
    }
    if (bestAngle < 0)
        return -1;
    // Edges at 0.5, 1.5, 2.5, 3.5 modules from the centre, in all four directions.
    const double module = bestDistance / 4 / 3.5;
    for (int quadrant = 0; quadrant < 4; ++quadrant) {
        const auto e = ringEdges(bin, width, height, centre, bestAngle + 90.0 * quadrant);
        for (int k = 0; k < 4; ++k)
            if (std::abs(e[std::size_t(k)] - (k + 0.5) * module) > std::max(1.5, 0.5 * module))
                return -1;
    }
    return bestAngle;
}

} // namespace

std::vector<BullseyeCandidate> locateAztecBullseyes(const GrayImage& image, int maxCandidates)
{
    std::vector<BullseyeCandidate> found;
    if (image.isNull())
        return found;
    const Binarizer bin(image);
    const int w = image.width();
    const int h = image.height();
    auto at = [&](int x, int y) { return bin.dark(x, y); };
    std::vector<std::pair<double, double>> hits;
    for (int y = 0; y < h; y += 2) {
        hits.clear();
        scanLine(
            w, [&](int x) { return at(x, y); }, hits);
        for (const auto& [cx, module] : hits) {
            // Cross-check vertically through the candidate centre.
            const int x = int(cx);
            std::vector<std::pair<double, double>> vhits;
            scanLine(
                h, [&](int yy) { return at(x, yy); }, vhits);
            for (const auto& [cy, vmodule] : vhits) {
                if (std::abs(cy - y) > 1.5 * module || std::abs(vmodule - module) > 0.5 * module)
                    continue;
                const QPointF centre(cx, cy);
                auto near = std::find_if(found.begin(), found.end(), [&](const BullseyeCandidate& b) {
                    return QLineF(b.centre, centre).length() < 4 * b.moduleSize;
                });
                if (near != found.end())
                    continue;
                const double rotation = estimateRotation(bin, w, h, centre);
                if (rotation >= 0)
                    found.push_back({centre, (module + vmodule) / 2, rotation});
            }
        }
        if (int(found.size()) >= maxCandidates)
            break;
    }
    return found;
}

GrayImage rotatedAboutCentre(const GrayImage& image, double degrees, uint8_t fill, double scale)
{
    GrayImage out(int(image.width() * scale), int(image.height() * scale));
    const double a = degrees * std::numbers::pi / 180.0;
    const double c = std::cos(a) / scale, s = std::sin(a) / scale;
    const double cx = (image.width() - 1) / 2.0, cy = (image.height() - 1) / 2.0;
    const double ox = (out.width() - 1) / 2.0, oy = (out.height() - 1) / 2.0;
    for (int y = 0; y < out.height(); ++y) {
        uint8_t* dst = out.row(y);
        for (int x = 0; x < out.width(); ++x) {
            // Inverse mapping: source = R(-a) * (dst - centre) + centre.
            const double dx = x - ox, dy = y - oy;
            const double sx = c * dx + s * dy + cx;
            const double sy = -s * dx + c * dy + cy;
            const int x0 = int(std::floor(sx)), y0 = int(std::floor(sy));
            if (x0 < 0 || y0 < 0 || x0 + 1 >= image.width() || y0 + 1 >= image.height()) {
                dst[x] = fill;
                continue;
            }
            const double fx = sx - x0, fy = sy - y0;
            const uint8_t* r0 = image.row(y0);
            const uint8_t* r1 = image.row(y0 + 1);
            const double top = r0[x0] * (1 - fx) + r0[x0 + 1] * fx;
            const double bottom = r1[x0] * (1 - fx) + r1[x0 + 1] * fx;
            dst[x] = uint8_t(top * (1 - fy) + bottom * fy + 0.5);
        }
    }
    return out;
}

} // namespace lounge::scanner
