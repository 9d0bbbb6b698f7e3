#pragma once

// Byte-level helpers shared by the strict reader's extra scan (StrictJson.cpp) and the feed page reader
// (FeedPageReader.cpp). Internal to lounge::protocol.

#include <QtGlobal>

namespace lounge::protocol::bytes {

/// Length of the valid UTF-8 sequence at p (lead byte ≥ 0x80), 0 when it is not one (RFC 3629: no overlong forms,
/// no surrogates, nothing past U+10FFFF).
inline int utf8Sequence(const unsigned char* p, const unsigned char* end)
{
    const unsigned char c = p[0];
    auto cont = [&](int i) { return p + i < end && (p[i] & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF) {
        return cont(1) ? 2 : 0;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(1) || !cont(2)) {
            return 0;
        }
        if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F)) {
            return 0; // overlong, or a UTF-16 surrogate
        }
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(1) || !cont(2) || !cont(3)) {
            return 0;
        }
        if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F)) {
            return 0; // overlong, or past U+10FFFF
        }
        return 4;
    }
    return 0;
}

inline constexpr quint64 kOnes = 0x0101010101010101ull;
inline constexpr quint64 kHigh = 0x8080808080808080ull;

/// High bit of each zero byte of x (the lowest one is exact; higher ones may be false after a borrow).
constexpr quint64 zeroBytes(quint64 x)
{
    return (x - kOnes) & ~x & kHigh;
}

/// The bytes of `w` (little-endian load) that are '"', '\\' or >= 0x80, as their high bits (the lowest set one is
/// exact: a string scan jumps straight to it).
constexpr quint64 lookMask(quint64 w)
{
    return zeroBytes(w ^ (kOnes * '"')) | zeroBytes(w ^ (kOnes * '\\')) | (w & kHigh);
}

} // namespace lounge::protocol::bytes
