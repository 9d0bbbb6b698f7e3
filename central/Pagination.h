#pragma once

#include "Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <optional>

namespace lounge::central::pagination {

/// Issuer list endpoints (docs/api.md, "Lists"): `?<filters>&limit=N&cursor=C` → `{"items":[...],
/// "next_cursor":"..."|null}`. Keyset pagination, never OFFSET: the cursor is the last item's sort key (one or more
/// strings), base64url-encoded, so a page stays stable when rows are inserted before or after it. Opaque to clients.
inline constexpr int kDefaultLimit = 100;
inline constexpr int kMaxLimit = 1000;

/// One parsed page request. `after` is empty on the first page, else the decoded sort key (exactly `keyParts` parts).
struct PageRequest
{
    int limit = kDefaultLimit;
    QStringList after;
};

/// The cursor of a sort key: base64url (no padding) of the parts joined by U+001F (a part must not contain it).
QString encodeCursor(const QStringList& sortKey);
/// The sort key of a cursor; InvalidArgument unless it is base64url of exactly `keyParts` parts.
core::Result<QStringList> decodeCursor(const QString& cursor, int keyParts);
/// `limit`: absent → kDefaultLimit; an integer 1..kMaxLimit; anything else → InvalidArgument.
core::Result<int> parseLimit(const QUrlQuery& query);
/// Refuses (InvalidArgument) a query key that is neither `limit`, `cursor` nor one of `filters`, and a key given twice.
core::Result<void> checkQueryKeys(const QUrlQuery& query, const QStringList& filters);
/// All of the above in one call: unknown keys, limit, cursor with `keyParts` parts.
core::Result<PageRequest> parse(const QUrlQuery& query, const QStringList& filters, int keyParts = 1);
/// The reply body: `{"items": items, "next_cursor": nextCursor or null}`.
QJsonObject page(const QJsonArray& items, const std::optional<QString>& nextCursor);

} // namespace lounge::central::pagination
