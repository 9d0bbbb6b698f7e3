#include "Pagination.h"

#include <QByteArray>

namespace lounge::central::pagination {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {
const QChar kSeparator(0x1F);
} // namespace

QString encodeCursor(const QStringList& sortKey)
{
    return QString::fromLatin1(
        sortKey.join(kSeparator).toUtf8().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Result<QStringList> decodeCursor(const QString& cursor, int keyParts)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    const QString text = decoded ? QString::fromUtf8(*decoded) : QString();
    const QStringList parts = text.split(kSeparator);
    // Re-encoding must give the very same text: anything else was not written by encodeCursor.
    if (cursor.isEmpty() || !decoded || parts.size() != keyParts || encodeCursor(parts) != cursor) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("cursor: not a cursor this list gave out"));
    }
    return parts;
}

Result<int> parseLimit(const QUrlQuery& query)
{
    if (!query.hasQueryItem(QStringLiteral("limit"))) {
        return kDefaultLimit;
    }
    bool ok = false;
    const QString text = query.queryItemValue(QStringLiteral("limit"), QUrl::FullyDecoded);
    const int limit = text.toInt(&ok);
    if (!ok || limit < 1 || limit > kMaxLimit || text != QString::number(limit)) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("limit: expected 1-%1").arg(kMaxLimit));
    }
    return limit;
}

Result<void> checkQueryKeys(const QUrlQuery& query, const QStringList& filters)
{
    QStringList seen;
    for (const auto& [key, value] : query.queryItems(QUrl::FullyDecoded)) {
        Q_UNUSED(value);
        if (key != QLatin1String("limit") && key != QLatin1String("cursor") && !filters.contains(key)) {
            return makeError(ErrorCode::InvalidArgument, key + QStringLiteral(": unknown filter"));
        }
        if (seen.contains(key)) {
            return makeError(ErrorCode::InvalidArgument, key + QStringLiteral(": given twice"));
        }
        seen << key;
    }
    return {};
}

Result<PageRequest> parse(const QUrlQuery& query, const QStringList& filters, int keyParts)
{
    if (auto k = checkQueryKeys(query, filters); !k) {
        return k.error();
    }
    auto limit = parseLimit(query);
    if (!limit) {
        return limit.error();
    }
    PageRequest out;
    out.limit = *limit;
    if (query.hasQueryItem(QStringLiteral("cursor"))) {
        auto after = decodeCursor(query.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded), keyParts);
        if (!after) {
            return after.error();
        }
        out.after = *after;
    }
    return out;
}

QJsonObject page(const QJsonArray& items, const std::optional<QString>& nextCursor)
{
    return {{"items", items}, {"next_cursor", nextCursor ? QJsonValue(*nextCursor) : QJsonValue(QJsonValue::Null)}};
}

} // namespace lounge::central::pagination
