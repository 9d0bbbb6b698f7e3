#pragma once

#include "Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QString>

Q_DECLARE_LOGGING_CATEGORY(lcCentral)

/// Small helpers shared by central's services (IssuerService, TerminalRegistry, ChangeFeed, RedemptionLedger,
/// CodeVault); not part of any public interface.
namespace lounge::central::detail {

/// One record body as stored and sent: compact JSON.
QByteArray compact(const QJsonObject& o);
/// URL-safe base64 of `bytes` random bytes (libsodium).
QString randomToken(int bytes);
/// `prefix` + 12 random hex digits (ids of generated memberships, E-passes, terminals).
QString randomId(const char* prefix);
QByteArray sha256(const QByteArray& data);
core::Error notFound(const QString& what, const QString& id);

/// A lookup that must find something: nullopt becomes NotFound "<what> <id> not found".
template<typename T>
core::Result<T> found(const core::Result<std::optional<T>>& r, const QString& what, const QString& id)
{
    if (!r) {
        return r.error();
    }
    if (!r->has_value()) {
        return notFound(what, id);
    }
    return **r;
}

} // namespace lounge::central::detail
