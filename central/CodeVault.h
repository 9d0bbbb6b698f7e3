#pragma once

#include "CentralStore.h"
#include "Domain.h"
#include "Result.h"

#include <QByteArray>
#include <QString>

namespace lounge::central {

/// Credential codes at rest: central keeps each issued code only sealed (crypto_secretbox under the code key) so it
/// can render the static QR again on demand; never the plain code. Thread affinity: the store's owner thread.
/// Errors: NotFound (no code sealed for the credential), Corrupt (does not open with this key); storage errors pass
/// through.
class CodeVault
{
public:
    /// `codeKey`: 32 bytes; any other size gets an ephemeral key (codes sealed in this run cannot be opened by the
    /// next one), with a warning.
    CodeVault(CentralStore& store, QByteArray codeKey);

    core::Result<void> seal(const core::CredentialRef& credential, const QString& code);
    /// The static QR payload (the credential's code).
    core::Result<QString> qrPayload(const core::CredentialRef& credential) const;

private:
    CentralStore& m_store;
    QByteArray m_key;
};

} // namespace lounge::central
