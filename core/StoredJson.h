#pragma once

#include "Domain.h"

#include <QByteArray>
#include <QJsonArray>

namespace lounge::core::json {

/// The terminal store's JSON columns as UTF-8 (defined in Store.cpp). The store and the feed reader share them, so a
/// page encoded off the store's thread (ChangePage's encoded columns) stores exactly the text the store would write:
/// an E-pass's body (compact, without codeHash) and the compact text of a JSON array (a membership's tiers /
/// overrides). Thread-safe (no state).
QByteArray storedEPassBody(const EPass& e);
QByteArray storedJson(const QJsonArray& a);

} // namespace lounge::core::json
