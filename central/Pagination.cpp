#include "Pagination.h"

#include <QByteArray>
#include <QSet>

namespace lounge::central::pagination {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

constexpr QChar kSeparator = QChar(0x1f);

core::Error invalid(const QString& why)
{
    return makeError(ErrorCode::InvalidArgument, why);
}

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
    if (cursor.isEmpty() || cursor.size() > 2048 || !decoded) {
        return invalid(QStringLiteral("cursor: not a cursor of this list"));
    }
    const QString text = QString::fromUtf8(*decoded);
    if (text.toUtf8() != *decoded) {
        return invalid(QStringLiteral("cursor: not a cursor of this list"));
    }
    const QStringList parts = text.split(kSeparator);
    if (parts.size() != keyParts) {
        return invalid(QStringLiteral("cursor: not a cursor of this list"));
    }
    return parts;
}

Result<int> parseLimit(const QUrlQuery& query)
{
    if (!query.hasQueryItem(QStringLiteral("limit"))) {
        return kDefaultLimit;
    }
    const QString text = query.queryItemValue(QStringLiteral("limit"), QUrl::FullyDecoded);
    bool ok = false;
    const int limit = text.toInt(&ok);
    // toInt accepts "+5" and " 5"; the wire takes plain digits only.
    if (!ok || text.isEmpty() || !text.front().isDigit() || limit < 1 || limit > kMaxLimit) {
        return invalid(QStringLiteral("limit: expected an integer from 1 to %1").arg(kMaxLimit));
    }
    return limit;
}

Result<void> checkQueryKeys(const QUrlQuery& query, const QStringList& filters)
{
    QSet<QString> seen;
    for (const auto& [key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key != QLatin1String("limit") && key != QLatin1String("cursor") && !filters.contains(key)) {
            return invalid(key
                           + QStringLiteral(": unknown filter (known: %1)").arg(filters.join(QStringLiteral(", "))));
        }
        if (seen.contains(key)) {
            return invalid(key + QStringLiteral(": given more than once"));
        }
        seen.insert(key);
    }
    return {};
}

Result<PageRequest> parse(const QUrlQuery& query, const QStringList& filters, int keyParts)
{
    if (auto k = checkQueryKeys(query, filters); !k) {
        return k.error();
    }
    PageRequest out;
    auto limit = parseLimit(query);
    if (!limit) {
        return limit.error();
    }
    out.limit = *limit;
    if (query.hasQueryItem(QStringLiteral("cursor"))) {
        auto key = decodeCursor(query.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded), keyParts);
        if (!key) {
            return key.error();
        }
        out.after = *key;
    }
    return out;
}

QJsonObject page(const QJsonArray& items, const std::optional<QString>& nextCursor)
{
    return QJsonObject {{QStringLiteral("items"), items},
                        {QStringLiteral("next_cursor"), nextCursor ? QJsonValue(*nextCursor) : QJsonValue()}};
}

} // namespace lounge::central::pagination
