#pragma once

#include "Domain.h"

#include <QByteArray>
#include <QJsonArray>

#include <optional>

namespace lounge::core::json {

/// The terminal store's JSON columns as UTF-8 (defined in Store.cpp). The store and the feed reader share them, so a
/// page encoded off the store's thread (ChangePage's encoded columns) stores exactly the text the store would write:
/// an E-pass's body (compact, without codeHash) and the compact text of a JSON array (a membership's tiers /
/// overrides). Thread-safe (no state).
QByteArray storedEPassBody(const EPass& e);
/// An E-pass read straight from the text storedEPassBody() writes (compact, ASCII, no escapes), without a JSON
/// document; nullopt for any other text (null, whitespace, escapes, non-ASCII, an unknown or repeated key, a value
/// of another shape or out of range...), which the caller then parses with ePassFromJson: that gives the same
/// value for what this accepts, or the error. codeHash is not in the body (left empty).
std::optional<EPass> readStoredEPassBody(QByteArrayView body);
QByteArray storedJson(const QJsonArray& a);

} // namespace lounge::core::json
