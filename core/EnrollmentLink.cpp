#include "EnrollmentLink.h"

#include <QUrlQuery>

namespace lounge::core {

namespace {
constexpr auto kScheme = "lounge-enroll";
constexpr int kMaxPayload = 1024;
} // namespace

bool EnrollmentLink::isUsableCentralUrl(const QUrl& url)
{
    return url.isValid() && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"))
        && !url.host().isEmpty() && !url.hasQuery() && !url.hasFragment() && url.userInfo().isEmpty();
}

QString EnrollmentLink::toPayload() const
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("v"), QStringLiteral("1"));
    q.addQueryItem(QStringLiteral("central"),
                   QString::fromLatin1(QUrl::toPercentEncoding(central.toString(QUrl::FullyEncoded))));
    q.addQueryItem(QStringLiteral("code"), QString::fromLatin1(QUrl::toPercentEncoding(code)));
    return QLatin1String(kScheme) + QStringLiteral(":?") + q.toString(QUrl::FullyEncoded);
}

std::optional<EnrollmentLink> EnrollmentLink::parse(const QByteArray& payload)
{
    const QByteArray prefix = QByteArray(kScheme) + ":?";
    const QByteArray trimmed = payload.trimmed();
    if (trimmed.size() > kMaxPayload || !trimmed.startsWith(prefix)) {
        return std::nullopt;
    }
    const QUrlQuery q(QString::fromLatin1(trimmed.mid(prefix.size())));
    if (q.queryItemValue(QStringLiteral("v")) != QLatin1String("1")) {
        return std::nullopt;
    }
    EnrollmentLink link;
    link.central = QUrl(q.queryItemValue(QStringLiteral("central"), QUrl::FullyDecoded), QUrl::StrictMode);
    link.code = q.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded).trimmed();
    if (!isUsableCentralUrl(link.central) || link.code.isEmpty()) {
        return std::nullopt;
    }
    return link;
}

} // namespace lounge::core
