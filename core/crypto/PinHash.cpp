#include "crypto/PinHash.h"

#include "crypto/Sodium.h"

#include <sodium.h>

namespace lounge::core {

bool PinHash::acceptable(const QString& pin)
{
    if (pin.size() < kMinDigits || pin.size() > kMaxDigits) {
        return false;
    }
    for (QChar c : pin) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9')) {
            return false;
        }
    }
    return true;
}

Result<QString> PinHash::hash(const QString& pin, Cost cost)
{
    if (!acceptable(pin)) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a PIN is 4 to 12 digits"));
    }
    if (!ensureSodium()) {
        return makeError(ErrorCode::Internal, QStringLiteral("libsodium unavailable"));
    }
    QByteArray utf8 = pin.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    const bool interactive = cost == Cost::Interactive;
    const int rc = crypto_pwhash_str_alg(out, utf8.constData(), quint64(utf8.size()),
                                         interactive ? crypto_pwhash_OPSLIMIT_INTERACTIVE : crypto_pwhash_OPSLIMIT_MIN,
                                         interactive ? crypto_pwhash_MEMLIMIT_INTERACTIVE : crypto_pwhash_MEMLIMIT_MIN,
                                         crypto_pwhash_ALG_ARGON2ID13);
    sodium_memzero(utf8.data(), size_t(utf8.size()));
    if (rc != 0) {
        return makeError(ErrorCode::Internal, QStringLiteral("out of memory hashing a PIN"));
    }
    return QString::fromLatin1(out);
}

bool PinHash::verify(const QString& hash, const QString& pin)
{
    if (!acceptable(pin) || !hash.startsWith(QLatin1String("$argon2id$")) || hash.size() >= crypto_pwhash_STRBYTES
        || !ensureSodium()) {
        return false;
    }
    const QByteArray h = hash.toLatin1();
    QByteArray utf8 = pin.toUtf8();
    const bool ok = crypto_pwhash_str_verify(h.constData(), utf8.constData(), quint64(utf8.size())) == 0;
    sodium_memzero(utf8.data(), size_t(utf8.size()));
    return ok;
}

} // namespace lounge::core
