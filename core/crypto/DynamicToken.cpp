#include "crypto/DynamicToken.h"

#include "CredentialCode.h"
#include "crypto/Sodium.h"

#include <QCryptographicHash>
#include <QStringDecoder>
#include <QtEndian>

#include <sodium.h>

namespace lounge::core {
namespace {

constexpr char kSignContext[] = "LOUNGE-DYN1"; // domain separation: these keys sign nothing else

QByteArray signingMessage(QByteArrayView signedPart)
{
    QByteArray message(kSignContext);
    message.append(signedPart.data(), signedPart.size());
    return message;
}

} // namespace

Result<QByteArray> DynamicToken::header() const
{
    const QByteArray id = credential.id.toUtf8();
    if (id.isEmpty() || id.size() > kMaxCredentialIdBytes) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("credential id must be 1 to 32 bytes"));
    }
    if (lifetimeSeconds < 1 || lifetimeSeconds > 255) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("lifetime must be 1 to 255 seconds"));
    }
    if (issuedAt < 0 || issuedAt > qint64(0xffffffffLL)) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("issued-at out of range"));
    }
    QByteArray out(kFixedHeaderBytes, '\0');
    auto* p = reinterpret_cast<uchar*>(out.data());
    p[0] = uchar((kVersion << 4) | (credential.kind == CredentialKind::Membership ? 0 : 1));
    qToBigEndian<quint16>(keyId, p + 1);
    qToBigEndian<quint32>(quint32(issuedAt), p + 3);
    p[7] = uchar(lifetimeSeconds);
    qToBigEndian<quint32>(nonce, p + 8);
    p[12] = uchar(id.size());
    out += id;
    return out;
}

Result<QByteArray> DynamicToken::sign(const TokenSigningKey& key) const
{
    if (!ensureSodium()) {
        return makeError(ErrorCode::Internal, QStringLiteral("libsodium unavailable"));
    }
    if (key.id != keyId || key.secretKey.size() != crypto_sign_SECRETKEYBYTES) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("signing key does not match the token"));
    }
    auto h = header();
    if (!h) {
        return h.error();
    }
    const QByteArray message = signingMessage(*h);
    QByteArray signature(crypto_sign_BYTES, '\0');
    crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                         reinterpret_cast<const unsigned char*>(message.constData()), quint64(message.size()),
                         reinterpret_cast<const unsigned char*>(key.secretKey.constData()));
    return *h + signature;
}

Result<DynamicToken::Parsed> DynamicToken::parse(QByteArrayView bytes)
{
    if (bytes.size() < kFixedHeaderBytes + 1 + kSignatureBytes || bytes.size() > kMaxBytes) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("token length %1").arg(bytes.size()));
    }
    const auto* p = reinterpret_cast<const uchar*>(bytes.data());
    if ((p[0] >> 4) != kVersion) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("unknown token version"));
    }
    const int kind = p[0] & 0x0f;
    if (kind > 1) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("unknown credential kind"));
    }
    const int idLength = p[12];
    if (idLength < 1 || idLength > kMaxCredentialIdBytes
        || bytes.size() != kFixedHeaderBytes + idLength + kSignatureBytes) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("credential id length"));
    }
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString id = decoder.decode(bytes.sliced(kFixedHeaderBytes, idLength));
    if (decoder.hasError()) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("credential id is not UTF-8"));
    }
    Parsed out;
    out.token.credential = CredentialRef {kind == 0 ? CredentialKind::Membership : CredentialKind::EPass, id};
    out.token.keyId = qFromBigEndian<quint16>(p + 1);
    out.token.issuedAt = qFromBigEndian<quint32>(p + 3);
    out.token.lifetimeSeconds = p[7];
    out.token.nonce = qFromBigEndian<quint32>(p + 8);
    if (out.token.lifetimeSeconds < 1) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("zero lifetime"));
    }
    out.signedPart = bytes.first(kFixedHeaderBytes + idLength).toByteArray();
    out.signature = bytes.last(kSignatureBytes).toByteArray();
    return out;
}

bool DynamicToken::signatureValid(QByteArrayView signedPart, QByteArrayView signature, QByteArrayView publicKey)
{
    if (!ensureSodium() || signature.size() != crypto_sign_BYTES || publicKey.size() != crypto_sign_PUBLICKEYBYTES) {
        return false;
    }
    const QByteArray message = signingMessage(signedPart);
    return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                       reinterpret_cast<const unsigned char*>(message.constData()),
                                       quint64(message.size()),
                                       reinterpret_cast<const unsigned char*>(publicKey.data()))
        == 0;
}

QString DynamicToken::toText(QByteArrayView tokenBytes)
{
    return QStringLiteral("L1T") + CredentialCode::base32Encode(tokenBytes);
}

QByteArray DynamicToken::tokenId(QByteArrayView signedPart)
{
    return QCryptographicHash::hash(signedPart, QCryptographicHash::Sha256).left(kTokenIdBytes);
}

Result<TokenSigningKey> DynamicToken::generateKey(quint16 id)
{
    if (!ensureSodium()) {
        return makeError(ErrorCode::Internal, QStringLiteral("libsodium unavailable"));
    }
    TokenSigningKey key;
    key.id = id;
    key.publicKey = QByteArray(crypto_sign_PUBLICKEYBYTES, '\0');
    key.secretKey = QByteArray(crypto_sign_SECRETKEYBYTES, '\0');
    crypto_sign_keypair(reinterpret_cast<unsigned char*>(key.publicKey.data()),
                        reinterpret_cast<unsigned char*>(key.secretKey.data()));
    return key;
}

Result<TokenSigningKey> DynamicToken::keyFromSeed(quint16 id, QByteArrayView seed)
{
    if (!ensureSodium()) {
        return makeError(ErrorCode::Internal, QStringLiteral("libsodium unavailable"));
    }
    if (seed.size() != crypto_sign_SEEDBYTES) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a key seed is 32 bytes"));
    }
    TokenSigningKey key;
    key.id = id;
    key.publicKey = QByteArray(crypto_sign_PUBLICKEYBYTES, '\0');
    key.secretKey = QByteArray(crypto_sign_SECRETKEYBYTES, '\0');
    crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(key.publicKey.data()),
                             reinterpret_cast<unsigned char*>(key.secretKey.data()),
                             reinterpret_cast<const unsigned char*>(seed.data()));
    return key;
}

quint32 DynamicToken::randomNonce()
{
    ensureSodium();
    return randombytes_random();
}

} // namespace lounge::core
