#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QtGlobal>

namespace lounge::core {

/// A public key central signs dynamic tokens with. Several are valid at once during a rotation: central adds
/// the new key ahead of use, then retires the old one by setting validUntil = retirement + overlap (tokens it
/// signed just before retirement stay good until then). Arrives through the changes feed.
struct TokenKey
{
    quint16 id = 0; ///< carried in every token; central never reuses an id
    QByteArray publicKey; ///< Ed25519, 32 bytes
    QDateTime validFrom; ///< UTC, central time; invalid = no lower bound
    QDateTime validUntil; ///< UTC, central time; invalid = not retired
    bool operator==(const TokenKey&) const = default;
};

/// What the terminal knows about central's clock: offset = central time - terminal clock, measured by sync.
struct ClockTrust
{
    bool known = false; ///< false: never measured
    qint64 offsetMs = 0;
    QDateTime measuredAt; ///< terminal clock (UTC) at the measurement
    bool operator==(const ClockTrust&) const = default;
};

} // namespace lounge::core
