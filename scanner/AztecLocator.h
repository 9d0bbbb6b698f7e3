#pragma once

#include "scanner/GrayImage.h"

#include <QPointF>

#include <vector>

namespace lounge::scanner {

/// A possible Aztec bullseye: centre and module size in image pixels.
struct BullseyeCandidate
{
    QPointF centre;
    double moduleSize = 0;
    double rotation = 0; ///< estimated rotation of the rings in degrees, in [0, 90), clockwise with y down
};

/// Finds Aztec bullseyes anywhere in the image, at any rotation. ZXing 1.4's Aztec detector only starts from the
/// image centre and gives up beyond a few degrees of rotation; the reader crops around each candidate found here and
/// straightens it. A line through the centre of a (rotated) square ring system crosses every ring at the same
/// scale, so the signature is 9+ alternating runs of equal width, dark in the middle, horizontally and vertically.
/// Pure function; thread-safe.
std::vector<BullseyeCandidate> locateAztecBullseyes(const GrayImage& image, int maxCandidates = 4);

/// Bilinear rotation (and optional enlargement) of the whole image about its centre; output is `scale` times the
/// input size; what leaves the frame is lost, uncovered corners are filled with `fill`.
GrayImage rotatedAboutCentre(const GrayImage& image, double degrees, uint8_t fill, double scale = 1.0);

} // namespace lounge::scanner
