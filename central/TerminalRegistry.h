#pragma once

#include "CentralCacheView.h"
#include "CentralStore.h"
#include "Clock.h"

namespace lounge::central {

struct Enrollment
{
    QString terminalId;
    QString secret; ///< shown once; central keeps only its hash
    QString resourceId;
};

/// Terminals: one-time enrollment codes (issued per resource, valid for a while, used once), enrollment (a new
/// terminal id and secret; central keeps only the secret's hash), and authentication of "terminalId:secret".
/// Thread affinity: the store's owner thread. Errors: NotFound (unknown resource), Forbidden (unknown, used or
/// expired enrollment code), Unauthorized (unknown terminal or wrong secret); storage errors pass through.
class TerminalRegistry
{
public:
    TerminalRegistry(CentralStore& store, const core::Clock& clock, int enrollmentValidHours);

    core::Result<QString> createEnrollmentCode(const QString& resourceId);
    core::Result<Enrollment> enroll(const QString& code);
    /// "terminalId:secret" → the terminal; Unauthorized when unknown or wrong.
    core::Result<TerminalRecord> authenticate(const QByteArray& token) const;
    /// As authenticate(), with the terminal's record of `recordKind` (its journal head) read in the same statement.
    core::Result<TerminalWithRecord> authenticateWith(const QByteArray& token, const QString& recordKind) const;

private:
    CentralStore& m_store;
    const core::Clock& m_clock;
    int m_enrollmentValidHours;
    CentralCacheView m_view;
};

} // namespace lounge::central
