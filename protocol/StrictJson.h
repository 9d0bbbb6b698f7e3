#pragma once

#include "Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>

namespace lounge::protocol {

/// The one strict JSON reader for every body that crosses the wire: central's request bodies and the terminal's
/// reply bodies (CentralClient). On top of QJsonDocument's syntax (which already refuses trailing garbage and numbers
/// beyond a double) it refuses, with InvalidArgument and a detail naming the problem:
/// - text that is not valid UTF-8 (overlong forms, surrogates, code points past U+10FFFF, stray bytes);
/// - an object with a repeated key, escaped spellings compared decoded (QJsonDocument alone keeps the last of two
///   equal keys: a body could say one thing to a proxy or a log and another to its reader);
/// - nesting deeper than `maxDepth` levels;
/// - an integer literal beyond ±2^53 (a double cannot hold it exactly: a cursor or sequence would silently change),
///   and a number with a bare '.' ("1.");
/// - a top level that is not an object or an array.
/// One pass over the bytes with no allocation per object, so the 2 M-record initial sync does not pay for it
/// (docs/performance.md, "Feed page parse with the strict reader"; sync-bench --parse-bench). Thread-safe (no state).
core::Result<QJsonValue> parseStrict(const QByteArray& text, int maxDepth = 32);
/// parseStrict, and the top level must be an object.
core::Result<QJsonObject> parseStrictObject(const QByteArray& text, int maxDepth = 32);

} // namespace lounge::protocol
