#include "CodeKind.h"

#include "BoardingPass.h"
#include "CredentialCode.h"

#include <QRegularExpression>

namespace lounge::core {

QString staffBadgeId(QByteArrayView raw)
{
    static const QLatin1StringView kPrefix("STAFF:");
    const QString text = QString::fromUtf8(raw).trimmed();
    if (!text.startsWith(kPrefix, Qt::CaseInsensitive)) {
        return {};
    }
    const QString id = text.mid(kPrefix.size()).trimmed();
    static const QRegularExpression kId(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$"));
    return kId.match(id).hasMatch() ? id : QString();
}

CodeKind classifyCode(QByteArrayView raw)
{
    if (!staffBadgeId(raw).isEmpty()) {
        return CodeKind::StaffBadge;
    }
    if (bcbp::looksLikeBoardingPass(raw)) {
        const auto parsed = bcbp::parse(raw);
        const auto* error = std::get_if<bcbp::ParseError>(&parsed);
        if (!error || error->failure == bcbp::ParseFailure::Damaged) {
            return CodeKind::BoardingPass;
        }
    }
    if (CredentialCode::parse(raw)) {
        return CodeKind::LoungePass;
    }
    // A lounge code the validator will call MALFORMED (a typo, a torn print) is still a pass attempt.
    qsizetype i = 0;
    while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t')) {
        ++i;
    }
    if (i + 1 < raw.size() && (raw[i] == 'L' || raw[i] == 'l') && raw[i + 1] == '1') {
        return CodeKind::LoungePass;
    }
    return CodeKind::Unknown;
}

} // namespace lounge::core
