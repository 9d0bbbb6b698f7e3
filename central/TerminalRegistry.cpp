#include "TerminalRegistry.h"

#include "CredentialCode.h"
#include "ServiceSupport.h"

#include <sodium.h>

namespace lounge::central {

using core::Error;
using core::ErrorCode;
using core::makeError;
using core::Result;
using namespace detail;

namespace {

/// Normalises a typed enrollment code: upper case, no separators.
QByteArray enrollmentHash(const QString& code)
{
    QString c = code.toUpper();
    c.remove(QLatin1Char('-'));
    c.remove(QLatin1Char(' '));
    return sha256(c.toUtf8());
}

} // namespace

TerminalRegistry::TerminalRegistry(CentralStore& store, const core::Clock& clock, int enrollmentValidHours)
    : m_store(store)
    , m_clock(clock)
    , m_enrollmentValidHours(enrollmentValidHours)
    , m_view(store, clock)
{ }

Result<QString> TerminalRegistry::createEnrollmentCode(const QString& resourceId)
{
    auto resource = m_view.resource(resourceId);
    if (!resource) {
        return resource.error();
    }
    if (!resource->has_value()) {
        return notFound(QStringLiteral("resource"), resourceId);
    }
    QByteArray raw(8, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    const QString symbols = core::CredentialCode::base32Encode(raw).left(12);
    const QString code = symbols.left(4) + QLatin1Char('-') + symbols.mid(4, 4) + QLatin1Char('-') + symbols.mid(8);
    auto r = m_store.putEnrollmentCode(enrollmentHash(code), resourceId,
                                       m_clock.now().addSecs(qint64(m_enrollmentValidHours) * 3600));
    if (!r) {
        return r.error();
    }
    return code;
}

Result<Enrollment> TerminalRegistry::enroll(const QString& code)
{
    Enrollment out;
    out.terminalId = randomId("T-");
    out.secret = randomToken(32);
    Result<void> r = m_store.transaction([&]() -> Result<void> {
        auto resource = m_store.consumeEnrollmentCode(enrollmentHash(code), out.terminalId, m_clock.now());
        if (!resource) {
            // Unknown and reused codes look alike to the caller: both are refused.
            return makeError(ErrorCode::Forbidden, resource.error().detail);
        }
        out.resourceId = *resource;
        return m_store.putTerminal({out.terminalId, out.resourceId, sha256(out.secret.toUtf8()), m_clock.now()});
    });
    if (!r) {
        return r.error();
    }
    qCInfo(lcCentral) << "terminal" << out.terminalId << "enrolled at" << out.resourceId;
    return out;
}

namespace {

/// The terminal id of "terminalId:secret" (empty when malformed).
QString tokenTerminal(const QByteArray& token)
{
    const int colon = token.indexOf(':');
    return colon <= 0 ? QString() : QString::fromUtf8(token.left(colon));
}

bool secretMatches(const QByteArray& token, const TerminalRecord& t)
{
    const QByteArray presented = sha256(token.mid(token.indexOf(':') + 1));
    return t.secretHash.size() == presented.size()
        && sodium_memcmp(t.secretHash.constData(), presented.constData(), size_t(presented.size())) == 0;
}

} // namespace

Result<TerminalRecord> TerminalRegistry::authenticate(const QByteArray& token) const
{
    const QString id = tokenTerminal(token);
    if (id.isEmpty()) {
        return makeError(ErrorCode::Unauthorized, QStringLiteral("terminal credentials required"));
    }
    auto t = m_store.terminal(id);
    if (!t) {
        return t.error();
    }
    if (!t->has_value() || !secretMatches(token, **t)) {
        return makeError(ErrorCode::Unauthorized, QStringLiteral("unknown terminal or wrong secret"));
    }
    return **t;
}

Result<TerminalWithRecord> TerminalRegistry::authenticateWith(const QByteArray& token, const QString& recordKind) const
{
    const QString id = tokenTerminal(token);
    if (id.isEmpty()) {
        return makeError(ErrorCode::Unauthorized, QStringLiteral("terminal credentials required"));
    }
    auto t = m_store.terminalWithRecord(id, recordKind);
    if (!t) {
        return t.error();
    }
    if (!t->has_value() || !secretMatches(token, (*t)->terminal)) {
        return makeError(ErrorCode::Unauthorized, QStringLiteral("unknown terminal or wrong secret"));
    }
    return **t;
}
} // namespace lounge::central
