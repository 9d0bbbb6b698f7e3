#pragma once

// The session's list convention (docs/api.md "Lists"): GET /v1/issuer/<collection>?<filters>&limit=N&cursor=C →
// {"items":[...], "next_cursor": "<opaque>"|null}. Keyset pages: the cursor is the base64url of the last item's sort
// key, so a page is stable under concurrent inserts (never OFFSET). Same shape as h/issuer's helper (STATUS.md
// 19:48), written here because that branch had not landed it yet; the lead keeps one of the two on merge.

#include "Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QUrlQuery>

#include <optional>

namespace lounge::central::pagination {

inline constexpr int kDefaultLimit = 100;
inline constexpr int kMaxLimit = 1000;

struct PageRequest
{
    int limit = kDefaultLimit;
    QStringList after; ///< the sort key to start after; empty = from the start
};

/// base64url (no padding) of the key's parts joined by U+001F.
QString encodeCursor(const QStringList& sortKey);
/// InvalidArgument for anything encodeCursor did not write (or with another number of parts).
core::Result<QStringList> decodeCursor(const QString& cursor, int keyParts);
/// `limit`: 1..kMaxLimit, default kDefaultLimit; anything else is InvalidArgument.
core::Result<int> parseLimit(const QUrlQuery& query);
/// Only `filters`, `limit` and `cursor`, each at most once; anything else is InvalidArgument (400).
core::Result<void> checkQueryKeys(const QUrlQuery& query, const QStringList& filters);
core::Result<PageRequest> parse(const QUrlQuery& query, const QStringList& filters, int keyParts = 1);
/// {"items": items, "next_cursor": nextCursor or null}
QJsonObject page(const QJsonArray& items, const std::optional<QString>& nextCursor);

} // namespace lounge::central::pagination
