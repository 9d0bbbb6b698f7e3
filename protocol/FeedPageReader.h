#pragma once

#include "Wire.h"

#include <QByteArray>

#include <optional>

namespace lounge::protocol {

/// The feed page reader of the initial sync's hot path (FeedReply::decode tries it first): one pass over the bytes
/// straight into the ChangePage structs, without a QJsonDocument of the page. It reads only what it can read exactly
/// as the general path (parseStrict + core::json::changePageFromJson) would, and declines (nullopt) everything else,
/// so that path still makes every decision and writes every error message:
/// - the top level: cursor, memberships, ePasses, more, scanned, remaining, serverTime, each at most once (any other
///   key, null, a repeated key, a number that is not a plain integer in range: declined);
/// - strings without escapes or control characters, valid UTF-8 and no Unicode noncharacter (else declined);
/// - a membership or E-pass of the usual shape is read by hand; one with anything else (unknown or repeated key,
///   null, escapes, travel, non-empty overrides, other number or date forms) is read by the general path on its own
///   text (parseStrict with the depth left, then membershipFromJson / ePassFromJson), and if that refuses it, the
///   whole page is declined.
/// Never refuses a body: FeedReply::decode falls back to the general path, which accepts or refuses it as before.
/// `bytes` is set; the encoded store columns are not (decode adds them). Thread-safe (no state).
std::optional<FeedReply> readFeedPageFast(const QByteArray& body);

} // namespace lounge::protocol
