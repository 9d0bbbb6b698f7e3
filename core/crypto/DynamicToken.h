#pragma once

#include "Domain.h"
#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QString>

namespace lounge::core {

/// An Ed25519 key pair for signing dynamic tokens. The secret key never leaves central.
struct TokenSigningKey
{
    quint16 id = 0;
    QByteArray publicKey; ///< 32 bytes
    QByteArray secretKey; ///< 64 bytes (libsodium's seed + public key form)
};

/// A short-lived signed credential shown as a QR code by the member app ("L1T" + Crockford base32).
/// Byte layout (docs/credentials.md, "Dynamic tokens"), all integers big-endian:
///   0      1  version (high nibble, 1) | credential kind (low nibble: 0 membership, 1 E-pass)
///   1      2  key id
///   3      4  issued at, Unix seconds (central time)
///   7      1  lifetime, seconds (1..255)
///   8      4  nonce (random)
///   12     1  credential id length n (1..32)
///   13     n  credential id, UTF-8
///   13+n  64  Ed25519 signature over "LOUNGE-DYN1" + bytes [0, 13+n)
/// Pure value type; all functions are reentrant.
struct DynamicToken
{
    static constexpr int kVersion = 1;
    static constexpr int kFixedHeaderBytes = 13;
    static constexpr int kMaxCredentialIdBytes = 32;
    static constexpr int kSignatureBytes = 64;
    static constexpr int kMaxBytes = kFixedHeaderBytes + kMaxCredentialIdBytes + kSignatureBytes; // 109
    /// "L1T" + base32: the longest token is 3 + ceil(109 * 8 / 5) = 178 characters, which is exactly the
    /// alphanumeric capacity of a version 7 QR code at error correction level M.
    static constexpr int kMaxTextLength = 3 + (kMaxBytes * 8 + 4) / 5;
    static constexpr int kTokenIdBytes = 16;

    CredentialRef credential;
    quint16 keyId = 0;
    qint64 issuedAt = 0; ///< Unix seconds, central time
    int lifetimeSeconds = 30;
    quint32 nonce = 0;

    QDateTime issuedAtUtc() const { return QDateTime::fromSecsSinceEpoch(issuedAt, Qt::UTC); }
    QDateTime expiresAtUtc() const { return issuedAtUtc().addSecs(lifetimeSeconds); }

    /// The signed part (bytes [0, 13+n)); InvalidArgument when a field does not fit the layout.
    Result<QByteArray> header() const;
    /// header + signature, ready for toText(). The key's id must equal keyId.
    Result<QByteArray> sign(const TokenSigningKey& key) const;

    struct Parsed;
    /// Structure only (lengths, version, kind, id encoding): the signature is NOT checked here.
    static Result<Parsed> parse(QByteArrayView bytes);
    /// Checks `signature` over `signedPart` with a 32-byte Ed25519 public key.
    static bool signatureValid(QByteArrayView signedPart, QByteArrayView signature, QByteArrayView publicKey);
    /// "L1T" + Crockford base32 of the token bytes: what the QR code carries.
    static QString toText(QByteArrayView tokenBytes);
    /// Replay-guard key: the first 16 bytes of SHA-256 over the signed part (not the signature, so a
    /// re-encoded signature cannot mint a fresh identity).
    static QByteArray tokenId(QByteArrayView signedPart);
    /// A fresh key pair from the system CSPRNG.
    static Result<TokenSigningKey> generateKey(quint16 id);
    /// The key pair a 32-byte seed determines (central stores only the seed; fuzz corpora need a fixed key).
    static Result<TokenSigningKey> keyFromSeed(quint16 id, QByteArrayView seed);
    /// A fresh random nonce.
    static quint32 randomNonce();
};

struct DynamicToken::Parsed
{
    DynamicToken token;
    QByteArray signedPart;
    QByteArray signature;
};

} // namespace lounge::core
