#include "CodeVault.h"

#include "ServiceSupport.h"

#include <sodium.h>

namespace lounge::central {

using core::Error;
using core::ErrorCode;
using core::makeError;
using core::Result;
using namespace detail;

CodeVault::CodeVault(CentralStore& store, QByteArray codeKey)
    : m_store(store)
    , m_key(std::move(codeKey))
{
    if (sodium_init() < 0) {
        qCCritical(lcCentral) << "libsodium failed to initialise";
    }
    if (m_key.size() != crypto_secretbox_KEYBYTES) {
        // Without a persistent key, codes sealed in this run cannot be opened by the next one (QR on demand).
        m_key = QByteArray(crypto_secretbox_KEYBYTES, Qt::Uninitialized);
        randombytes_buf(m_key.data(), size_t(m_key.size()));
        qCWarning(lcCentral) << "no code key configured: using an ephemeral one";
    }
}

Result<void> CodeVault::seal(const core::CredentialRef& credential, const QString& code)
{
    const QByteArray plain = code.toUtf8();
    QByteArray sealed(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(sealed.data());
    randombytes_buf(out, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.constData()),
                          size_t(plain.size()), out, reinterpret_cast<const unsigned char*>(m_key.constData()));
    return m_store.putSealedCode(credential.key(), sealed);
}

Result<QString> CodeVault::qrPayload(const core::CredentialRef& credential) const
{
    auto sealed = m_store.sealedCode(credential.key());
    if (!sealed) {
        return sealed.error();
    }
    if (!sealed->has_value()) {
        return notFound(QStringLiteral("code of"), credential.key());
    }
    const QByteArray& box = **sealed;
    if (box.size() < int(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("sealed code"));
    }
    QByteArray plain(box.size() - int(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES), Qt::Uninitialized);
    const auto* in = reinterpret_cast<const unsigned char*>(box.constData());
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), in + crypto_secretbox_NONCEBYTES,
                                   size_t(box.size()) - crypto_secretbox_NONCEBYTES, in,
                                   reinterpret_cast<const unsigned char*>(m_key.constData()))
        != 0) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("sealed code does not open with this key"));
    }
    return QString::fromUtf8(plain);
}
} // namespace lounge::central
