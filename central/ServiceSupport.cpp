#include "ServiceSupport.h"

#include <QCryptographicHash>
#include <QJsonDocument>

#include <sodium.h>

Q_LOGGING_CATEGORY(lcCentral, "lounge.central")

namespace lounge::central::detail {

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString randomToken(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString randomId(const char* prefix)
{
    QByteArray raw(6, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    return QLatin1String(prefix) + QString::fromLatin1(raw.toHex().toUpper());
}

QByteArray sha256(const QByteArray& data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

core::Error notFound(const QString& what, const QString& id)
{
    return core::makeError(core::ErrorCode::NotFound, what + QLatin1Char(' ') + id + QLatin1String(" not found"));
}

} // namespace lounge::central::detail
