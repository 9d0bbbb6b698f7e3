#include "CentralSecurity.h"

#include "CentralService.h"

#include "CredentialCode.h"
#include "Json.h"
#include "SecurityJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <sodium.h>

Q_LOGGING_CATEGORY(lcCentralSecurity, "lounge.central.security")

namespace lounge::central {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

// Records only central reads: no terminal's resource has this module, so the feed never serves them.
const QString kCentralOnly = QStringLiteral("\x01central-only");

QString keySecretName(quint16 id)
{
    return QStringLiteral("tokenkey:%1").arg(id);
}

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

CentralSecurity::CentralSecurity(CentralService& service, QByteArray sealKey, Options options)
    : CentralSecurity(service.store(), service.clock(), std::move(sealKey), options)
{ }

CentralSecurity::CentralSecurity(CentralStore& store, const core::Clock& clock, QByteArray sealKey, Options options)
    : m_store(store)
    , m_clock(clock)
    , m_sealKey(std::move(sealKey))
    , m_options(options)
{
    if (sodium_init() < 0 || m_sealKey.size() != crypto_secretbox_KEYBYTES) {
        // Keys sealed with a random key are lost at exit; tokens signed with them stop verifying at restart.
        qCWarning(lcCentralSecurity) << "no persistent seal key: signing keys will not survive a restart";
        m_sealKey = QByteArray(crypto_secretbox_KEYBYTES, Qt::Uninitialized);
        randombytes_buf(m_sealKey.data(), size_t(m_sealKey.size()));
    }
}

Result<QList<core::TokenKey>> CentralSecurity::publicKeys() const
{
    auto rows = m_store.records(kind::kTokenKey, 65536);
    if (!rows) {
        return rows.error();
    }
    QList<core::TokenKey> out;
    for (const auto& rec : *rows) {
        auto k = core::json::tokenKeyFromJson(QJsonDocument::fromJson(rec.body).object());
        if (!k) {
            return makeError(ErrorCode::Corrupt, QStringLiteral("token key record: ") + k.error().detail);
        }
        out.append(*k);
    }
    return out;
}

Result<void> CentralSecurity::publish(const core::TokenKey& key)
{
    ChangeRecord rec;
    rec.kind = kind::kTokenKey;
    rec.id = QString::number(key.id);
    rec.body = compact(core::json::toJson(key));
    auto seq = m_store.putRecord(rec);
    if (!seq) {
        return seq.error();
    }
    return {};
}

Result<core::TokenKey> CentralSecurity::rotateSigningKey()
{
    core::TokenKey created;
    auto r = m_store.transaction([&]() -> Result<void> {
        auto keys = publicKeys();
        if (!keys) {
            return keys.error();
        }
        const QDateTime now = m_clock.now();
        int next = 1;
        for (core::TokenKey k : *keys) {
            next = std::max(next, int(k.id) + 1);
            if (!k.validUntil.isValid()) {
                k.validUntil = now.addSecs(m_options.keyOverlapSeconds); // retire with overlap
                if (auto p = publish(k); !p) {
                    return p;
                }
            }
        }
        if (next > 65535) {
            return makeError(ErrorCode::Conflict, QStringLiteral("token key ids exhausted"));
        }
        auto key = core::DynamicToken::generateKey(quint16(next));
        if (!key) {
            return key.error();
        }
        // Seal the secret key at rest; only the public half enters the change log.
        QByteArray sealed(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + key->secretKey.size(),
                          Qt::Uninitialized);
        auto* out = reinterpret_cast<unsigned char*>(sealed.data());
        randombytes_buf(out, crypto_secretbox_NONCEBYTES);
        crypto_secretbox_easy(
            out + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(key->secretKey.constData()),
            quint64(key->secretKey.size()), out, reinterpret_cast<const unsigned char*>(m_sealKey.constData()));
        sodium_memzero(key->secretKey.data(), size_t(key->secretKey.size()));
        if (auto s = m_store.putSealedCode(keySecretName(key->id), sealed); !s) {
            return s;
        }
        created = core::TokenKey {key->id, key->publicKey, now, {}};
        return publish(created);
    });
    if (!r) {
        return r.error();
    }
    qCInfo(lcCentralSecurity) << "token signing key" << created.id << "is now current";
    return created;
}

Result<core::TokenKey> CentralSecurity::ensureSigningKey()
{
    auto keys = publicKeys();
    if (!keys) {
        return keys.error();
    }
    for (const auto& k : *keys) {
        if (!k.validUntil.isValid()) {
            return k;
        }
    }
    return rotateSigningKey();
}

Result<core::TokenSigningKey> CentralSecurity::signingKey(quint16 id) const
{
    auto sealed = m_store.sealedCode(keySecretName(id));
    if (!sealed) {
        return sealed.error();
    }
    if (!sealed->has_value()) {
        return makeError(ErrorCode::NotFound, QStringLiteral("secret of token key %1").arg(id));
    }
    const QByteArray& box = **sealed;
    const int overhead = int(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES);
    if (box.size() != overhead + int(crypto_sign_SECRETKEYBYTES)) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("sealed token key"));
    }
    core::TokenSigningKey key;
    key.id = id;
    key.secretKey = QByteArray(crypto_sign_SECRETKEYBYTES, Qt::Uninitialized);
    const auto* in = reinterpret_cast<const unsigned char*>(box.constData());
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(key.secretKey.data()),
                                   in + crypto_secretbox_NONCEBYTES, size_t(box.size()) - crypto_secretbox_NONCEBYTES,
                                   in, reinterpret_cast<const unsigned char*>(m_sealKey.constData()))
        != 0) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("token key does not open with this seal key"));
    }
    key.publicKey = key.secretKey.right(crypto_sign_PUBLICKEYBYTES); // libsodium: seed || public key
    return key;
}

Result<QString> CentralSecurity::issueToken(const core::CredentialRef& credential)
{
    auto rec = m_store.record(credential.kind == core::CredentialKind::Membership ? kind::kMembership : kind::kEPass,
                              credential.id);
    if (!rec) {
        return rec.error();
    }
    if (!rec->has_value() || (*rec)->deleted) {
        return makeError(ErrorCode::NotFound, QStringLiteral("no credential %1").arg(credential.key()));
    }
    auto current = ensureSigningKey();
    if (!current) {
        return current.error();
    }
    auto key = signingKey(current->id);
    if (!key) {
        return key.error();
    }
    core::DynamicToken t;
    t.credential = credential;
    t.keyId = key->id;
    t.issuedAt = m_clock.now().toSecsSinceEpoch();
    t.lifetimeSeconds = m_options.tokenLifetimeSeconds;
    t.nonce = core::DynamicToken::randomNonce();
    auto bytes = t.sign(*key);
    sodium_memzero(key->secretKey.data(), size_t(key->secretKey.size()));
    if (!bytes) {
        return bytes.error();
    }
    return core::DynamicToken::toText(*bytes);
}

Result<core::StaffAccount> CentralSecurity::putStaff(core::StaffAccount account, const QString& pin)
{
    if (account.id.isEmpty() || account.id.size() > 64) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("staff id must be 1 to 64 characters"));
    }
    if (!pin.isEmpty()) {
        auto hash = core::PinHash::hash(pin, m_options.pinCost);
        if (!hash) {
            return hash.error();
        }
        account.pinHash = *hash;
    } else if (account.pinHash.isEmpty()) {
        auto existing = m_store.record(kind::kStaff, account.id);
        if (!existing) {
            return existing.error();
        }
        if (!existing->has_value() || (*existing)->deleted) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("a new staff account needs a PIN"));
        }
        auto old = core::json::staffAccountFromJson(QJsonDocument::fromJson((*existing)->body).object());
        if (!old) {
            return makeError(ErrorCode::Corrupt, old.error().detail);
        }
        account.pinHash = old->pinHash;
    }
    const QJsonObject body = core::json::toJson(account);
    if (auto check = core::json::staffAccountFromJson(body); !check) {
        return check.error();
    }
    ChangeRecord rec;
    rec.kind = kind::kStaff;
    rec.id = account.id;
    rec.body = compact(body);
    if (!account.sites.isEmpty()) {
        // Only terminals at one of its sites receive the account (and its PIN hash).
        core::Scope scope {account.sites, account.sites};
        rec.audienceScope = compact(core::json::toJson(scope));
    }
    auto seq = m_store.putRecord(rec);
    if (!seq) {
        return seq.error();
    }
    qCInfo(lcCentralSecurity) << "staff account" << core::CredentialCode::logTag(account.id.toUtf8()) << "updated";
    return account;
}

Result<void> CentralSecurity::deleteStaff(const QString& id)
{
    auto existing = m_store.record(kind::kStaff, id);
    if (!existing) {
        return existing.error();
    }
    if (!existing->has_value() || (*existing)->deleted) {
        return makeError(ErrorCode::NotFound, QStringLiteral("no staff account %1").arg(id));
    }
    ChangeRecord rec = **existing;
    rec.deleted = true;
    rec.body = "{}";
    auto seq = m_store.putRecord(rec);
    if (!seq) {
        return seq.error();
    }
    return {};
}

Result<QList<core::StaffAccount>> CentralSecurity::staff() const
{
    auto rows = m_store.records(kind::kStaff, 100000);
    if (!rows) {
        return rows.error();
    }
    QList<core::StaffAccount> out;
    for (const auto& rec : *rows) {
        auto a = core::json::staffAccountFromJson(QJsonDocument::fromJson(rec.body).object());
        if (!a) {
            return makeError(ErrorCode::Corrupt, QStringLiteral("staff record: ") + a.error().detail);
        }
        out.append(*a);
    }
    return out;
}

Result<QList<JournalBreak>> CentralSecurity::checkUploadChain(const TerminalRecord& terminal,
                                                              const QList<core::Redemption>& batch)
{
    QList<JournalBreak> breaks;
    auto r = m_store.transaction([&]() -> Result<void> {
        breaks.clear(); // a retried transaction runs this again (CentralStore::transaction)
        auto head = m_store.record(kind::kChainHead, terminal.id);
        if (!head) {
            return head.error();
        }
        std::optional<QByteArray> last;
        if (head->has_value()) {
            last = QByteArray::fromHex(
                QJsonDocument::fromJson((*head)->body).object().value("hash").toString().toLatin1());
        }
        bool advanced = false;
        const QDateTime now = m_clock.now();
        for (const core::Redemption& rec : batch) {
            auto held = m_store.redemption(rec.id);
            if (!held) {
                return held.error();
            }
            if (held->has_value() && (*held)->record.terminalId == terminal.id) {
                continue; // a retry: already checked when it first arrived (another terminal's id is no retry)
            }
            QString problem;
            if (core::journalHash(rec.prevHash, rec) != rec.hash) {
                problem = QStringLiteral("record content does not match its hash");
            } else if (last && rec.prevHash != *last) {
                problem = QStringLiteral("does not link to the previous record central holds (records missing, "
                                         "reordered or rewritten)");
            }
            if (!problem.isEmpty()) {
                JournalBreak b {terminal.id, rec.id, problem, now};
                breaks.append(b);
                ChangeRecord flag;
                flag.kind = kind::kJournalBreak;
                flag.id = terminal.id + QLatin1Char(':') + rec.id.toString(QUuid::WithoutBraces);
                flag.audienceModule = kCentralOnly;
                flag.body = compact({{"terminal", terminal.id},
                                     {"redemption", rec.id.toString(QUuid::WithoutBraces)},
                                     {"problem", problem},
                                     {"detectedAt", core::json::dateTimeToString(now)}});
                if (auto p = m_store.putRecord(flag); !p) {
                    return p.error();
                }
                qCWarning(lcCentralSecurity) << "journal chain break from terminal" << terminal.id << "at redemption"
                                             << rec.id.toString(QUuid::WithoutBraces) << ":" << problem;
            }
            last = rec.hash; // continue from what the terminal presented: one break is flagged once
            advanced = true;
        }
        if (!advanced) {
            return {};
        }
        ChangeRecord h;
        h.kind = kind::kChainHead;
        h.id = terminal.id;
        h.audienceModule = kCentralOnly;
        h.body = compact({{"hash", QString::fromLatin1(last->toHex())}});
        auto p = m_store.putRecord(h);
        if (!p) {
            return p.error();
        }
        return {};
    });
    if (!r) {
        return r.error();
    }
    return breaks;
}

Result<std::optional<core::TokenKey>> CentralSecurity::tokenKey(quint16 id) const
{
    auto rec = m_store.record(kind::kTokenKey, QString::number(id));
    if (!rec) {
        return rec.error();
    }
    if (!rec->has_value() || (*rec)->deleted) {
        return std::optional<core::TokenKey>();
    }
    auto k = core::json::tokenKeyFromJson(QJsonDocument::fromJson((*rec)->body).object());
    if (!k) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("token key record: ") + k.error().detail);
    }
    return std::optional<core::TokenKey>(*k);
}

Result<core::ClockTrust> CentralSecurity::clockTrust() const
{
    return core::ClockTrust {true, 0, m_clock.now()}; // central is the time reference
}

Result<bool> CentralSecurity::tokenSeen(const QByteArray& tokenId) const
{
    // The stored redemptions are the guard: a token is used up by the visit recorded with it (online, or uploaded by
    // a terminal), in that visit's transaction, and it stays used up across restarts.
    auto first = m_store.redemptionWithToken(tokenId);
    if (!first) {
        return first.error();
    }
    return first->has_value();
}

Result<QList<JournalBreak>> CentralSecurity::journalBreaks() const
{
    auto rows = m_store.records(kind::kJournalBreak, 100000);
    if (!rows) {
        return rows.error();
    }
    QList<JournalBreak> out;
    for (const auto& rec : *rows) {
        const QJsonObject o = QJsonDocument::fromJson(rec.body).object();
        out.append(JournalBreak {o.value("terminal").toString(), QUuid::fromString(o.value("redemption").toString()),
                                 o.value("problem").toString(),
                                 QDateTime::fromString(o.value("detectedAt").toString(), Qt::ISODateWithMs)});
    }
    return out;
}

} // namespace lounge::central
