#pragma once

// Builders for the security tests: a signing key registered in a real store, signed tokens, staff accounts.

#include "../TestData.h"
#include "SecurityStore.h"
#include "crypto/DynamicToken.h"
#include "crypto/PinHash.h"

#include <QTest>

namespace lounge::core::test {

/// A fixed "central now" the tests judge tokens at.
inline QDateTime centralNow()
{
    return QDateTime(QDate(2026, 11, 27), QTime(6, 0), Qt::UTC);
}

inline TokenSigningKey signingKey(quint16 id)
{
    auto k = DynamicToken::generateKey(id);
    Q_ASSERT(k);
    return *k;
}

inline TokenKey publicKey(const TokenSigningKey& k, QDateTime validFrom = {}, QDateTime validUntil = {})
{
    return TokenKey {k.id, k.publicKey, validFrom, validUntil};
}

inline DynamicToken token(const CredentialRef& credential, const TokenSigningKey& key, const QDateTime& issuedAt,
                          int lifetime = 30)
{
    DynamicToken t;
    t.credential = credential;
    t.keyId = key.id;
    t.issuedAt = issuedAt.toSecsSinceEpoch();
    t.lifetimeSeconds = lifetime;
    t.nonce = DynamicToken::randomNonce();
    return t;
}

inline QByteArray signedBytes(const DynamicToken& t, const TokenSigningKey& key)
{
    auto bytes = t.sign(key);
    Q_ASSERT(bytes);
    return *bytes;
}

inline QByteArray tokenText(const DynamicToken& t, const TokenSigningKey& key)
{
    return DynamicToken::toText(signedBytes(t, key)).toLatin1();
}

inline StaffAccount staffAccount(const QString& id, StaffRole role, const QString& pin, QStringList sites = {},
                                 bool active = true)
{
    StaffAccount a;
    a.id = id;
    a.name = QStringLiteral("Staff ") + id;
    a.role = role;
    a.sites = std::move(sites);
    auto h = PinHash::hash(pin, PinHash::Cost::Minimal); // tests only: the real cost is Interactive
    Q_ASSERT(h);
    a.pinHash = *h;
    a.active = active;
    return a;
}

} // namespace lounge::core::test
