#pragma once

#include "Store.h"

#include <QByteArray>

namespace lounge::protocol {

/// Fills a decoded page's encoded store columns (ChangePage::ePassBodies / membershipTiers / membershipOverrides, on
/// the client's feed thread) with exactly the text core::json::storedEPassBody / storedJson write:
/// - an E-pass body is written directly when the E-pass has only the fields this writer knows (any other field of
///   core::EPass set, travel restrictions, or a string with a quote, backslash, control character or surrogate: the
///   store's own function), and the first E-pass of every page is also encoded by the store's function and compared,
///   so a field the writer does not know that is always written sends the page the slow way instead of storing other
///   text;
/// - a membership's tiers / overrides text is the store's function's, reused for a list equal to one just encoded.
/// Thread-safe (no state between calls).
void encodeStoredColumns(core::ChangePage& page);

/// The direct E-pass body writer alone (tests, bench): the body, or a null QByteArray when it leaves `e` to
/// core::json::storedEPassBody.
QByteArray writeEPassBody(const core::EPass& e);

} // namespace lounge::protocol
