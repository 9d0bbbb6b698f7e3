#include "OperatorAuth.h"

#include "InputRules.h"
#include "Json.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <sodium.h>

#include <algorithm>

Q_LOGGING_CATEGORY(lcOperatorAuth, "lounge.central.console")

namespace lounge::central {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

constexpr int kMaxSessionsScanned = 100000;

QByteArray randomToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    randombytes_buf(bytes.data(), size_t(bytes.size()));
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QString tokenId(const QByteArray& token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex());
}

/// Log lines name an operator by a short hash only (house rule: no names in the log).
QString logTag(const QString& name)
{
    return QString::fromLatin1(QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha256).toHex().left(8));
}

QJsonObject bodyOf(const ChangeRecord& r)
{
    return QJsonDocument::fromJson(r.body).object();
}

ChangeRecord recordOf(const QString& kindName, const QString& id, const QJsonObject& body)
{
    ChangeRecord r;
    r.kind = kindName;
    r.id = id;
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return r;
}

ChangeRecord tombstone(const QString& kindName, const QString& id)
{
    ChangeRecord r;
    r.kind = kindName;
    r.id = id;
    r.deleted = true;
    return r;
}

Result<void> put(CentralStore& store, const ChangeRecord& r)
{
    auto seq = store.putRecord(r);
    return seq ? Result<void>() : Result<void>(seq.error());
}

QDateTime readTime(const QString& s)
{
    return QDateTime::fromString(s, Qt::ISODateWithMs).toUTC();
}

/// Throttle ids are case-folded names: "Alice" and "alice" share one budget.
QString throttleId(const QString& name)
{
    return QStringLiteral("name:") + name.toCaseFolded().left(64);
}

} // namespace

OperatorAuth::OperatorAuth(CentralStore& store, const core::Clock& clock, Cost cost)
    : m_store(store)
    , m_clock(clock)
    , m_cost(cost)
{ }

Result<void> OperatorAuth::addOperator(const QString& name, const QString& password)
{
    if (auto r = rules::checkId(QStringLiteral("name"), name); !r) {
        return r;
    }
    if (password.size() < kMinPasswordLength || password.size() > kMaxPasswordLength) {
        return makeError(
            ErrorCode::InvalidArgument,
            QStringLiteral("password: %1 to %2 characters").arg(kMinPasswordLength).arg(kMaxPasswordLength));
    }
    const QByteArray utf8 = password.toUtf8();
    char hash[crypto_pwhash_STRBYTES];
    const bool minimal = m_cost == Cost::Minimal;
    if (crypto_pwhash_str(hash, utf8.constData(), size_t(utf8.size()),
                          minimal ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          minimal ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE)
        != 0) {
        return makeError(ErrorCode::Internal, QStringLiteral("password hashing ran out of memory"));
    }
    auto saved = m_store.transaction([&]() -> Result<void> {
        auto old = m_store.record(kind::kOperator, name);
        if (!old) {
            return old.error();
        }
        const bool existed = old->has_value() && !(*old)->deleted;
        QJsonObject body {
            {"name", name},
            {"passwordHash", QString::fromLatin1(hash)},
            {"createdAt",
             existed ? bodyOf(**old).value("createdAt").toString() : core::json::dateTimeToString(m_clock.now())},
            {"passwordSetAt", core::json::dateTimeToString(m_clock.now())}};
        if (auto r = put(m_store, recordOf(kind::kOperator, name, body)); !r) {
            return r;
        }
        // A new password ends the sessions signed in with the old one.
        return existed ? endSessionsOf(name, true) : Result<void>();
    });
    if (saved) {
        qCInfo(lcOperatorAuth) << "operator" << logTag(name) << "password set";
    }
    return saved;
}

Result<void> OperatorAuth::removeOperator(const QString& name)
{
    return m_store.transaction([&]() -> Result<void> {
        auto old = m_store.record(kind::kOperator, name);
        if (!old) {
            return old.error();
        }
        if (!old->has_value() || (*old)->deleted) {
            return makeError(ErrorCode::NotFound, QStringLiteral("no operator %1").arg(name));
        }
        if (auto r = put(m_store, tombstone(kind::kOperator, name)); !r) {
            return r;
        }
        return endSessionsOf(name, true);
    });
}

Result<QStringList> OperatorAuth::operators() const
{
    auto list = m_store.records(kind::kOperator, kMaxSessionsScanned);
    if (!list) {
        return list.error();
    }
    QStringList names;
    for (const auto& r : *list) {
        names << r.id;
    }
    return names;
}

Result<void> OperatorAuth::endSessionsOf(const QString& name, bool all)
{
    auto sessions = m_store.records(kind::kOperatorSession, kMaxSessionsScanned);
    if (!sessions) {
        return sessions.error();
    }
    const QDateTime now = m_clock.now();
    for (const auto& r : *sessions) {
        const QJsonObject o = bodyOf(r);
        const bool expired = readTime(o.value("expiresAt").toString()) <= now;
        if ((all && o.value("operator").toString() == name) || expired) {
            if (auto d = put(m_store, tombstone(kind::kOperatorSession, r.id)); !d) {
                return d;
            }
        }
    }
    return {};
}

Result<OperatorAuth::Login> OperatorAuth::login(const QString& name, const QString& password)
{
    const QDateTime now = m_clock.now();
    const QString throttle = throttleId(name);
    auto held = m_store.record(kind::kLoginThrottle, throttle);
    if (!held) {
        return held.error();
    }
    int failures = 0;
    if (held->has_value() && !(*held)->deleted) {
        const QJsonObject o = bodyOf(**held);
        failures = o.value("failures").toInt();
        const QDateTime lockedUntil = readTime(o.value("lockedUntil").toString());
        if (lockedUntil.isValid() && lockedUntil > now) {
            Login out;
            out.outcome = Login::Outcome::Throttled;
            out.retryAfterSeconds = std::max<qint64>(1, now.secsTo(lockedUntil));
            return out;
        }
    }
    auto account = m_store.record(kind::kOperator, name);
    if (!account) {
        return account.error();
    }
    const bool known = account->has_value() && !(*account)->deleted && (*account)->id == name;
    // An unknown name costs the same Argon2id work as a known one (no name enumeration by timing).
    static const QByteArray dummy = [] {
        char h[crypto_pwhash_STRBYTES];
        const QByteArray pw = randomToken();
        if (crypto_pwhash_str(h, pw.constData(), size_t(pw.size()), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE)
            != 0) {
            return QByteArray(); // out of memory: verify() of an empty hash string fails, as it should
        }
        return QByteArray(h);
    }();
    const QByteArray hash = known ? bodyOf(**account).value("passwordHash").toString().toLatin1() : dummy;
    const QByteArray utf8 = password.left(kMaxPasswordLength).toUtf8();
    const bool ok = known && crypto_pwhash_str_verify(hash.constData(), utf8.constData(), size_t(utf8.size())) == 0;

    Login out;
    auto written = m_store.transaction([&]() -> Result<void> {
        if (!ok) {
            // Re-read inside the writer lock: failures from other processes count too.
            auto current = m_store.record(kind::kLoginThrottle, throttle);
            if (!current) {
                return current.error();
            }
            const int before
                = current->has_value() && !(*current)->deleted ? bodyOf(**current).value("failures").toInt() : 0;
            const int count = before + 1;
            QJsonObject o {{"failures", count}, {"lastFailureAt", core::json::dateTimeToString(now)}};
            if (count >= kFreeFailures) {
                const int doublings = std::min(count - kFreeFailures, 10);
                const qint64 lock = std::min(kMaxLockSeconds, kFirstLockSeconds << doublings);
                o.insert("lockedUntil", core::json::dateTimeToString(now.addSecs(lock)));
            }
            out.outcome = Login::Outcome::Refused;
            return put(m_store, recordOf(kind::kLoginThrottle, throttle, o));
        }
        if (failures > 0) {
            if (auto r = put(m_store, tombstone(kind::kLoginThrottle, throttle)); !r) {
                return r;
            }
        }
        if (auto r = endSessionsOf(name, false); !r) { // prune expired sessions now and then
            return r;
        }
        OperatorSession s;
        s.operatorName = name;
        s.token = randomToken();
        s.csrfToken = randomToken();
        s.createdAt = now;
        s.expiresAt = now.addSecs(kSessionSeconds);
        const QJsonObject body {{"operator", name},
                                {"csrf", QString::fromLatin1(s.csrfToken)},
                                {"createdAt", core::json::dateTimeToString(s.createdAt)},
                                {"expiresAt", core::json::dateTimeToString(s.expiresAt)}};
        out.outcome = Login::Outcome::SignedIn;
        out.session = s;
        return put(m_store, recordOf(kind::kOperatorSession, tokenId(s.token), body));
    });
    if (!written) {
        return written.error();
    }
    qCInfo(lcOperatorAuth) << "console login" << logTag(name) << (ok ? "signed in" : "refused");
    return out;
}

Result<OperatorSession> OperatorAuth::session(const QByteArray& token) const
{
    if (token.isEmpty() || token.size() > 128) {
        return makeError(ErrorCode::Unauthorized, QStringLiteral("not signed in"));
    }
    auto r = m_store.record(kind::kOperatorSession, tokenId(token));
    if (!r) {
        return r.error();
    }
    if (!r->has_value() || (*r)->deleted) {
        return makeError(ErrorCode::Unauthorized, QStringLiteral("not signed in"));
    }
    const QJsonObject o = bodyOf(**r);
    OperatorSession s;
    s.operatorName = o.value("operator").toString();
    s.csrfToken = o.value("csrf").toString().toLatin1();
    s.createdAt = readTime(o.value("createdAt").toString());
    s.expiresAt = readTime(o.value("expiresAt").toString());
    if (!s.expiresAt.isValid() || s.expiresAt <= m_clock.now()) {
        return makeError(ErrorCode::Unauthorized, QStringLiteral("session expired"));
    }
    return s;
}

Result<void> OperatorAuth::logout(const QByteArray& token)
{
    if (token.isEmpty() || token.size() > 128) {
        return {};
    }
    return m_store.transaction([&]() -> Result<void> {
        auto r = m_store.record(kind::kOperatorSession, tokenId(token));
        if (!r) {
            return r.error();
        }
        if (!r->has_value() || (*r)->deleted) {
            return {};
        }
        return put(m_store, tombstone(kind::kOperatorSession, tokenId(token)));
    });
}

} // namespace lounge::central
