#pragma once

#include "CentralStore.h"
#include "Clock.h"
#include "Staff.h"
#include "crypto/DynamicToken.h"
#include "crypto/PinHash.h"
#include "crypto/SignedTokenVerifier.h"
#include "crypto/TokenTrust.h"

#include "crypto/TokenKey.h"
#include <QHash>

namespace lounge::central {

class CentralService;

/// Change-log kinds of the security layer (CentralStore: a kind is just a string).
namespace kind {
inline const QString kStaff = QStringLiteral("staff"); ///< feed: ChangePage.staff / deleted.staff
inline const QString kTokenKey = QStringLiteral("tokenkey"); ///< feed: ChangePage.tokenKeys
inline const QString kChainHead = QStringLiteral("chainhead"); ///< central only: last journal hash per terminal
inline const QString kJournalBreak = QStringLiteral("journalbreak"); ///< central only: flagged chain breaks
} // namespace kind

/// A break in a terminal's journal hash chain, found when its records were uploaded.
struct JournalBreak
{
    QString terminalId;
    QUuid redemptionId; ///< the first record that does not check out
    QString problem;
    QDateTime detectedAt;
};

/// Central's side of issue 5: dynamic-token signing keys (rotation with overlap; secrets sealed at rest, only
/// public keys in the feed), token issuing for the member app, staff accounts (PINs hashed with Argon2id here;
/// terminals get the hash), and the journal hash-chain check on upload. Thread affinity: the service's.
class CentralSecurity final : private core::TokenTrust
{
public:
    struct Options
    {
        int tokenLifetimeSeconds = 30;
        int keyOverlapSeconds = 3600; ///< a retired key stays valid this long (≥ lifetime + skew)
        core::PinHash::Cost pinCost = core::PinHash::Cost::Interactive;
    };

    /// `sealKey`: 32 bytes (crypto_secretbox) that seal the signing keys at rest; lounge-central uses the key file
    /// beside its database. The layer needs only the store and central's clock (keys, staff and chain heads are
    /// change records); the CentralService overload takes them from the service.
    CentralSecurity(CentralStore& store, const core::Clock& clock, QByteArray sealKey, Options options);
    CentralSecurity(CentralService& service, QByteArray sealKey, Options options);

    /// Creates a new signing key and makes it current; the previous current key is retired with the overlap.
    core::Result<core::TokenKey> rotateSigningKey();
    /// The current key, creating the first one when there is none.
    core::Result<core::TokenKey> ensureSigningKey();
    core::Result<QList<core::TokenKey>> publicKeys() const;
    /// A fresh "L1T..." token for an existing, known credential (NotFound otherwise).
    core::Result<QString> issueToken(const core::CredentialRef& credential);

    /// Inserts or replaces an account. With a PIN it is hashed here; without one the account keeps its hash (or
    /// must carry one). The plain PIN is never stored nor logged.
    core::Result<core::StaffAccount> putStaff(core::StaffAccount account, const QString& pin = {});
    core::Result<void> deleteStaff(const QString& id);
    core::Result<QList<core::StaffAccount>> staff() const;

    /// Checks an upload batch against the terminal's chain (call before CentralService::upload: records already
    /// held are skipped). Each record must hash to its `hash`, and link to the last hash central holds for the
    /// terminal. Breaks are recorded (journalBreaks) and logged; the visits themselves are still accepted —
    /// people were admitted, the flag is for an investigation.
    core::Result<QList<JournalBreak>> checkUploadChain(const TerminalRecord& terminal,
                                                       const QList<core::Redemption>& batch);
    core::Result<QList<JournalBreak>> journalBreaks() const;

    /// Dynamic tokens in central's online redeem: its own clock, its published keys, and the stored redemptions as
    /// the replay guard (a token is used up by the visit recorded with it; survives restarts).
    const core::TokenVerifier& verifier() const { return m_onlineVerifier; }

private:
    // core::TokenTrust for the online verifier
    core::Result<std::optional<core::TokenKey>> tokenKey(quint16 id) const override;
    core::Result<core::ClockTrust> clockTrust() const override;
    core::Result<bool> tokenSeen(const QByteArray& tokenId) const override;

    core::Result<core::TokenSigningKey> signingKey(quint16 id) const;
    core::Result<void> publish(const core::TokenKey& key);

    CentralStore& m_store;
    const core::Clock& m_clock;
    QByteArray m_sealKey;
    Options m_options;
    /// Online redeem's verifier: keys and clock from here, replay guard = the stored redemptions (tokenSeen).
    core::SignedTokenVerifier m_onlineVerifier {*this};
};

} // namespace lounge::central
