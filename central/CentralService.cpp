#include "CentralService.h"

#include "CentralSecurity.h"

#include "CredentialCode.h"
#include "InputRules.h"
#include "Json.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMap>
#include <QRandomGenerator>
#include <QSet>

#include <algorithm>
#include <limits>
#include <tuple>

#include <sodium.h>

Q_LOGGING_CATEGORY(lcCentral, "lounge.central")

namespace lounge::central {

using core::Error;
using core::ErrorCode;
using core::makeError;
using core::Result;

QString toString(UploadResult::Status s)
{
    switch (s) {
    case UploadResult::Status::Accepted:
        return QStringLiteral("accepted");
    case UploadResult::Status::Duplicate:
        return QStringLiteral("duplicate");
    case UploadResult::Status::Conflict:
        return QStringLiteral("conflict");
    case UploadResult::Status::Rejected:
        return QStringLiteral("rejected");
    }
    return {};
}

namespace {

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString randomToken(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString randomId(const char* prefix)
{
    QByteArray raw(6, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    return QLatin1String(prefix) + QString::fromLatin1(raw.toHex().toUpper());
}

QByteArray sha256(const QByteArray& data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

/// Normalises a typed enrollment code: upper case, no separators.
QByteArray enrollmentHash(const QString& code)
{
    QString c = code.toUpper();
    c.remove(QLatin1Char('-'));
    c.remove(QLatin1Char(' '));
    return sha256(c.toUtf8());
}

Error notFound(const QString& what, const QString& id)
{
    return makeError(ErrorCode::NotFound, what + QLatin1Char(' ') + id + QLatin1String(" not found"));
}

} // namespace

CentralService::CentralService(CentralStore& store, const core::Clock& clock, Options options)
    : m_store(store)
    , m_clock(clock)
    , m_options(std::move(options))
    , m_view(store, clock)
{
    if (sodium_init() < 0) {
        qCCritical(lcCentral) << "libsodium failed to initialise";
    }
    if (m_options.codeKey.size() != crypto_secretbox_KEYBYTES) {
        // Without a persistent key, codes sealed in this run cannot be opened by the next one (QR on demand).
        m_options.codeKey = QByteArray(crypto_secretbox_KEYBYTES, Qt::Uninitialized);
        randombytes_buf(m_options.codeKey.data(), size_t(m_options.codeKey.size()));
        qCWarning(lcCentral) << "no code key configured: using an ephemeral one";
    }
}

// ------------------------------------------------------------------------------------------------ writers

Result<qint64> CentralService::writeMembership(const core::Membership& m)
{
    ChangeRecord rec;
    rec.kind = kind::kMembership;
    rec.id = m.id;
    rec.body = compact(core::json::toJson(m));
    rec.codeHash = m.codeHash;
    rec.number = m.number;
    return m_store.putRecord(rec);
}

Result<qint64> CentralService::writeEPass(const core::EPass& e)
{
    ChangeRecord rec;
    rec.kind = kind::kEPass;
    rec.id = e.id;
    rec.body = compact(core::json::toJson(e));
    rec.codeHash = e.codeHash;
    rec.audienceModule = e.module;
    if (!e.scope.isAny()) {
        rec.audienceScope = compact(core::json::toJson(e.scope));
    }
    return m_store.putRecord(rec);
}

Result<void> CentralService::sealCode(const core::CredentialRef& credential, const QString& code)
{
    const QByteArray plain = code.toUtf8();
    QByteArray sealed(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(sealed.data());
    randombytes_buf(out, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.constData()),
                          size_t(plain.size()), out,
                          reinterpret_cast<const unsigned char*>(m_options.codeKey.constData()));
    return m_store.putSealedCode(credential.key(), sealed);
}

Result<QString> CentralService::qrPayload(const core::CredentialRef& credential) const
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
                                   reinterpret_cast<const unsigned char*>(m_options.codeKey.constData()))
        != 0) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("sealed code does not open with this key"));
    }
    return QString::fromUtf8(plain);
}

// ------------------------------------------------------------------------------------------------ issuer

Result<core::Resource> CentralService::putResource(const core::Resource& r)
{
    if (auto x = rules::checkResource(r); !x) {
        return x.error();
    }
    ChangeRecord rec {kind::kResource, r.id, 0, false, compact(core::json::toJson(r)), {}, {}, {}, {}};
    auto seq = m_store.putRecord(rec);
    if (!seq) {
        return seq.error();
    }
    return r;
}

Result<core::Program> CentralService::putProgram(const core::Program& p, bool mustBeNew)
{
    if (auto x = rules::checkProgram(p); !x) {
        return x.error();
    }
    Result<void> r = m_store.transaction([&]() -> Result<void> {
        auto existing = m_view.program(p.id);
        if (!existing) {
            return existing.error();
        }
        if (mustBeNew && existing->has_value()) {
            return makeError(ErrorCode::Conflict, QStringLiteral("program %1 exists").arg(p.id));
        }
        ChangeRecord rec {kind::kProgram, p.id, 0, false, compact(core::json::toJson(p)), {}, {}, {}, {}};
        auto seq = m_store.putRecord(rec);
        if (!seq) {
            return seq.error();
        }
        return {};
    });
    if (!r) {
        return r.error();
    }
    return p;
}

Result<void> CentralService::deleteResource(const QString& id)
{
    return m_store.transaction([&]() -> Result<void> {
        auto existing = m_view.resource(id);
        if (!existing) {
            return existing.error();
        }
        if (!existing->has_value()) {
            return notFound(QStringLiteral("resource"), id);
        }
        ChangeRecord tombstone {kind::kResource, id, 0, true, "{}", {}, {}, {}, {}};
        if (auto seq = m_store.putRecord(tombstone); !seq) {
            return seq.error();
        }
        return {};
    });
}

Result<void> CentralService::deleteProgram(const QString& id)
{
    return m_store.transaction([&]() -> Result<void> {
        auto existing = m_view.program(id);
        if (!existing) {
            return existing.error();
        }
        if (!existing->has_value()) {
            return notFound(QStringLiteral("program"), id);
        }
        ChangeRecord tombstone {kind::kProgram, id, 0, true, "{}", {}, {}, {}, {}};
        if (auto seq = m_store.putRecord(tombstone); !seq) {
            return seq.error();
        }
        return {};
    });
}

Result<Issued<core::Membership>> CentralService::registerMembership(const NewMembership& spec)
{
    if (auto x = rules::checkName(QStringLiteral("holderName"), spec.holderName); !x) {
        return x.error();
    }
    if (!spec.id.isEmpty()) {
        if (auto x = rules::checkId(QStringLiteral("id"), spec.id); !x) {
            return x.error();
        }
    }
    for (const auto& x : {rules::checkDate(QStringLiteral("validFrom"), spec.validFrom, false),
                          rules::checkDate(QStringLiteral("validTo"), spec.validTo, false)}) {
        if (!x) {
            return x.error();
        }
    }
    if (!spec.number.isEmpty() && !core::CredentialCode::looksLikeMembershipNumber(spec.number)) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("number must be 8 to 19 digits"));
    }
    Issued<core::Membership> out;
    Result<void> r = m_store.transaction([&]() -> Result<void> {
        auto program = m_view.program(spec.programId);
        if (!program) {
            return program.error();
        }
        if (!program->has_value()) {
            return notFound(QStringLiteral("program"), spec.programId);
        }
        core::Membership m;
        m.id = spec.id.isEmpty() ? randomId("M-") : spec.id;
        auto existing = m_store.record(kind::kMembership, m.id);
        if (!existing) {
            return existing.error();
        }
        if (existing->has_value()) {
            return makeError(ErrorCode::Conflict, QStringLiteral("membership %1 exists").arg(m.id));
        }
        if (!spec.number.isEmpty()) {
            auto byNumber = m_store.recordByNumber(spec.number);
            if (!byNumber) {
                return byNumber.error();
            }
            if (byNumber->has_value()) {
                return makeError(ErrorCode::Conflict, QStringLiteral("membership number in use"));
            }
        }
        m.number = spec.number;
        m.holderName = spec.holderName.trimmed();
        m.tiers = {core::TierAssignment {spec.programId, QDateTime()}};
        m.status = spec.status;
        // Registered now = usable now at every lounge: the earliest local date anywhere, not the UTC date (core rule).
        m.validFrom = spec.validFrom.isValid() ? spec.validFrom : core::Validator::earliestLocalDate(m_clock.now());
        m.validTo
            = spec.validTo.isValid() ? spec.validTo : m_clock.now().date().addDays((*program)->defaultValidityDays);
        if (auto x = rules::checkDate(QStringLiteral("validTo"), m.validTo); !x) {
            return x; // e.g. a program's validity that runs past the year 2999: refused, never an empty validTo
        }
        if (m.validTo < m.validFrom) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("validTo before validFrom"));
        }
        out.code = core::CredentialCode::generate(core::CredentialKind::Membership);
        m.codeHash = core::CredentialCode::hashOf(out.code);
        if (auto seq = writeMembership(m); !seq) {
            return seq.error();
        }
        if (auto s = sealCode({core::CredentialKind::Membership, m.id}, out.code); !s) {
            return s;
        }
        out.value = m;
        return {};
    });
    if (!r) {
        return r.error();
    }
    return out;
}

Result<core::Membership> CentralService::membership(const QString& id) const
{
    auto m = m_view.membershipById(id);
    if (!m) {
        return m.error();
    }
    if (!m->has_value()) {
        return notFound(QStringLiteral("membership"), id);
    }
    return **m;
}

Result<core::Membership> CentralService::mutateMembership(const QString& id,
                                                          const std::function<Result<void>(core::Membership&)>& f)
{
    core::Membership result;
    Result<void> r = m_store.transaction([&]() -> Result<void> {
        auto m = membership(id);
        if (!m) {
            return m.error();
        }
        if (auto x = f(*m); !x) {
            return x;
        }
        if (auto seq = writeMembership(*m); !seq) {
            return seq.error();
        }
        result = *m;
        return {};
    });
    if (!r) {
        return r.error();
    }
    return result;
}

Result<core::Membership> CentralService::setValidity(const QString& id, std::optional<QDate> from, QDate to)
{
    return mutateMembership(id, [&](core::Membership& m) -> Result<void> {
        if (m.status == core::MembershipStatus::Cancelled) {
            return makeError(ErrorCode::Conflict, QStringLiteral("membership is cancelled"));
        }
        const QDate newFrom = from.value_or(m.validFrom);
        for (const auto& x : {rules::checkDate(QStringLiteral("validFrom"), newFrom),
                              rules::checkDate(QStringLiteral("validTo"), to)}) {
            if (!x) {
                return x;
            }
        }
        if (!to.isValid() || to < newFrom) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("validTo must not be before validFrom"));
        }
        m.validFrom = newFrom;
        m.validTo = to;
        return {};
    });
}

Result<core::Membership> CentralService::suspend(const QString& id)
{
    return mutateMembership(id, [&](core::Membership& m) -> Result<void> {
        if (m.status != core::MembershipStatus::Active) {
            return makeError(
                ErrorCode::Conflict,
                QStringLiteral("only an active membership can be suspended (is %1)").arg(toString(m.status)));
        }
        m.status = core::MembershipStatus::Suspended;
        return {};
    });
}

Result<core::Membership> CentralService::reactivate(const QString& id, std::optional<QDate> newValidTo)
{
    const QDate today = m_clock.now().date();
    return mutateMembership(id, [&](core::Membership& m) -> Result<void> {
        switch (m.status) {
        case core::MembershipStatus::Cancelled:
            return makeError(ErrorCode::Conflict, QStringLiteral("a cancelled membership is final"));
        case core::MembershipStatus::Active:
            return makeError(ErrorCode::Conflict, QStringLiteral("membership is already active"));
        case core::MembershipStatus::Expired:
            if (!newValidTo || *newValidTo < today) {
                return makeError(ErrorCode::Conflict,
                                 QStringLiteral("reactivating an expired membership needs a new expiry (validTo)"));
            }
            break;
        case core::MembershipStatus::Pending:
        case core::MembershipStatus::Suspended:
            break;
        }
        if (newValidTo) {
            if (auto x = rules::checkDate(QStringLiteral("validTo"), *newValidTo); !x) {
                return x;
            }
            if (*newValidTo < m.validFrom) {
                return makeError(ErrorCode::InvalidArgument, QStringLiteral("validTo before validFrom"));
            }
            m.validTo = *newValidTo;
        }
        m.status = core::MembershipStatus::Active;
        return {};
    });
}

Result<core::Membership> CentralService::cancel(const QString& id)
{
    return mutateMembership(id, [&](core::Membership& m) -> Result<void> {
        if (m.status == core::MembershipStatus::Cancelled) {
            return makeError(ErrorCode::Conflict, QStringLiteral("already cancelled"));
        }
        m.status = core::MembershipStatus::Cancelled;
        return {};
    });
}

Result<core::Membership> CentralService::setEntitlement(const QString& id, const core::Entitlement& e)
{
    if (auto x = rules::checkEntitlement({}, e); !x) {
        return x.error();
    }
    return mutateMembership(id, [&](core::Membership& m) -> Result<void> {
        if (m.status == core::MembershipStatus::Cancelled) {
            return makeError(ErrorCode::Conflict, QStringLiteral("membership is cancelled"));
        }
        m.overrides.removeIf([&](const core::EntitlementOverride& o) { return o.module == e.module; });
        m.overrides.append({core::EntitlementOverride::Op::Set, e.module, e});
        return {};
    });
}

Result<core::Membership> CentralService::removeEntitlement(const QString& id, const core::Module& module)
{
    return mutateMembership(id, [&](core::Membership& m) -> Result<void> {
        if (m.status == core::MembershipStatus::Cancelled) {
            return makeError(ErrorCode::Conflict, QStringLiteral("membership is cancelled"));
        }
        m.overrides.removeIf([&](const core::EntitlementOverride& o) { return o.module == module; });
        m.overrides.append({core::EntitlementOverride::Op::Remove, module, {}});
        return {};
    });
}

Result<core::Membership> CentralService::changeTier(const QString& id, const QString& programId,
                                                    QDateTime effectiveFrom)
{
    if (!effectiveFrom.isValid()) {
        effectiveFrom = m_clock.now();
    }
    return mutateMembership(id, [&](core::Membership& m) -> Result<void> {
        if (m.status == core::MembershipStatus::Cancelled) {
            return makeError(ErrorCode::Conflict, QStringLiteral("membership is cancelled"));
        }
        auto program = m_view.program(programId);
        if (!program) {
            return program.error();
        }
        if (!program->has_value()) {
            return notFound(QStringLiteral("program"), programId);
        }
        // A later assignment supersedes the ones at or after its start.
        m.tiers.removeIf([&](const core::TierAssignment& t) {
            return t.effectiveFrom.isValid() && t.effectiveFrom >= effectiveFrom;
        });
        m.tiers.append({programId, effectiveFrom.toUTC()});
        return {};
    });
}

Result<Issued<core::EPass>> CentralService::issueEPass(const core::EPass& spec)
{
    if (auto x = rules::checkEPass(spec); !x) {
        return x.error();
    }
    if (!spec.activation.isValid() || !spec.expiration.isValid() || spec.expiration < spec.activation) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("expiration must not be before activation"));
    }
    Issued<core::EPass> out;
    Result<void> r = m_store.transaction([&]() -> Result<void> {
        core::EPass e = spec;
        e.id = spec.id.isEmpty() ? randomId("E-") : spec.id;
        auto existing = m_store.record(kind::kEPass, e.id);
        if (!existing) {
            return existing.error();
        }
        if (existing->has_value()) {
            return makeError(ErrorCode::Conflict, QStringLiteral("E-pass %1 exists and is immutable").arg(e.id));
        }
        e.status = core::EPassStatus::Active;
        out.code = core::CredentialCode::generate(core::CredentialKind::EPass);
        e.codeHash = core::CredentialCode::hashOf(out.code);
        if (auto seq = writeEPass(e); !seq) {
            return seq.error();
        }
        if (auto s = sealCode({core::CredentialKind::EPass, e.id}, out.code); !s) {
            return s;
        }
        out.value = e;
        return {};
    });
    if (!r) {
        return r.error();
    }
    return out;
}

Result<core::EPass> CentralService::ePass(const QString& id) const
{
    auto e = m_view.ePassById(id);
    if (!e) {
        return e.error();
    }
    if (!e->has_value()) {
        return notFound(QStringLiteral("E-pass"), id);
    }
    return **e;
}

Result<core::EPass> CentralService::revokeEPass(const QString& id)
{
    core::EPass result;
    Result<void> r = m_store.transaction([&]() -> Result<void> {
        auto e = ePass(id);
        if (!e) {
            return e.error();
        }
        if (e->status == core::EPassStatus::Revoked) {
            return makeError(ErrorCode::Conflict, QStringLiteral("already revoked"));
        }
        e->status = core::EPassStatus::Revoked;
        if (auto seq = writeEPass(*e); !seq) {
            return seq.error();
        }
        result = *e;
        return {};
    });
    if (!r) {
        return r.error();
    }
    return result;
}

Result<CredentialReport> CentralService::report(const core::CredentialRef& credential) const
{
    CredentialReport rep;
    rep.credential = credential;
    const QDate today = m_clock.now().date(); // UTC date: a report, not a door decision
    auto addBalance = [&](const core::Module& module, core::Pool pool, const QString& period,
                          const core::Allowance& a) -> Result<void> {
        auto used = m_view.used(credential, module, pool, period);
        if (!used) {
            return used.error();
        }
        rep.balances.append({module, pool, period, a.unlimited, a.count, *used});
        return {};
    };
    if (credential.kind == core::CredentialKind::EPass) {
        auto e = ePass(credential.id);
        if (!e) {
            return e.error();
        }
        if (auto x = addBalance(e->module, core::Pool::Usages, QStringLiteral("V"), core::Allowance::of(e->usages));
            !x) {
            return x.error();
        }
    } else {
        auto m = membership(credential.id);
        if (!m) {
            return m.error();
        }
        auto program = m_view.program(m->programAt(m_clock.now()));
        if (!program) {
            return program.error();
        }
        if (program->has_value()) {
            for (const auto& ent : core::effectiveEntitlements(**program, m->overrides)) {
                const QString period = core::Validator::periodKey(ent.period, today);
                const std::pair<core::Pool, core::Allowance> pools[] = {{core::Pool::Cardholder, ent.cardholder},
                                                                        {core::Pool::Guest, ent.guest},
                                                                        {core::Pool::Shared, ent.shared}};
                for (const auto& [pool, allowance] : pools) {
                    if (allowance.unlimited || allowance.count > 0) {
                        if (auto x = addBalance(ent.module, pool, period, allowance); !x) {
                            return x.error();
                        }
                    }
                }
            }
        }
    }
    auto list = m_store.redemptionsOf(credential.key(), 1000);
    if (!list) {
        return list.error();
    }
    rep.redemptions = *list;
    return rep;
}

Result<QList<StoredRedemption>> CentralService::overdraws() const
{
    return m_store.conflicts();
}

Result<void> CentralService::seedDemo(const core::DemoData& data)
{
    return m_store.transaction([&]() -> Result<void> {
        auto head = m_store.record(kind::kResource, data.defaultResource);
        if (!head) {
            return head.error();
        }
        if (head->has_value()) {
            return {}; // already seeded
        }
        for (const auto& r : data.resources) {
            if (auto x = putResource(r); !x) {
                return x.error();
            }
        }
        for (const auto& p : data.programs) {
            if (auto x = putProgram(p, false); !x) {
                return x.error();
            }
        }
        // DemoData::samples lists the codes in the order memberships, then E-passes were built.
        QHash<QByteArray, QString> codeByHash;
        for (const auto& s : data.samples) {
            codeByHash.insert(core::CredentialCode::hashOf(s.code), s.code);
        }
        for (const auto& m : data.memberships) {
            if (auto x = writeMembership(m); !x) {
                return x.error();
            }
            if (codeByHash.contains(m.codeHash)) {
                if (auto x = sealCode({core::CredentialKind::Membership, m.id}, codeByHash.value(m.codeHash)); !x) {
                    return x;
                }
            }
        }
        for (const auto& e : data.ePasses) {
            if (auto x = writeEPass(e); !x) {
                return x.error();
            }
            if (codeByHash.contains(e.codeHash)) {
                if (auto x = sealCode({core::CredentialKind::EPass, e.id}, codeByHash.value(e.codeHash)); !x) {
                    return x;
                }
            }
        }
        return {};
    });
}

// ------------------------------------------------------------------------------------------------ terminals

Result<QString> CentralService::createEnrollmentCode(const QString& resourceId)
{
    auto resource = m_view.resource(resourceId);
    if (!resource) {
        return resource.error();
    }
    if (!resource->has_value()) {
        return notFound(QStringLiteral("resource"), resourceId);
    }
    QByteArray raw(8, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    const QString symbols = core::CredentialCode::base32Encode(raw).left(12);
    const QString code = symbols.left(4) + QLatin1Char('-') + symbols.mid(4, 4) + QLatin1Char('-') + symbols.mid(8);
    auto r = m_store.putEnrollmentCode(enrollmentHash(code), resourceId,
                                       m_clock.now().addSecs(qint64(m_options.enrollmentValidHours) * 3600));
    if (!r) {
        return r.error();
    }
    return code;
}

Result<Enrollment> CentralService::enroll(const QString& code)
{
    Enrollment out;
    out.terminalId = randomId("T-");
    out.secret = randomToken(32);
    Result<void> r = m_store.transaction([&]() -> Result<void> {
        auto resource = m_store.consumeEnrollmentCode(enrollmentHash(code), out.terminalId, m_clock.now());
        if (!resource) {
            // Unknown and reused codes look alike to the caller: both are refused.
            return makeError(ErrorCode::Forbidden, resource.error().detail);
        }
        out.resourceId = *resource;
        return m_store.putTerminal({out.terminalId, out.resourceId, sha256(out.secret.toUtf8()), m_clock.now()});
    });
    if (!r) {
        return r.error();
    }
    qCInfo(lcCentral) << "terminal" << out.terminalId << "enrolled at" << out.resourceId;
    return out;
}

Result<TerminalRecord> CentralService::authenticate(const QByteArray& token) const
{
    const int colon = token.indexOf(':');
    if (colon <= 0) {
        return makeError(ErrorCode::Unauthorized, QStringLiteral("terminal credentials required"));
    }
    auto t = m_store.terminal(QString::fromUtf8(token.left(colon)));
    if (!t) {
        return t.error();
    }
    const QByteArray presented = sha256(token.mid(colon + 1));
    if (!t->has_value() || (*t)->secretHash.size() != presented.size()
        || sodium_memcmp((*t)->secretHash.constData(), presented.constData(), size_t(presented.size())) != 0) {
        return makeError(ErrorCode::Unauthorized, QStringLiteral("unknown terminal or wrong secret"));
    }
    return **t;
}

Result<FeedPage> CentralService::changes(const TerminalRecord& terminal, qint64 cursor, int limit, bool count) const
{
    limit = std::clamp(limit, 1, m_options.maxPageSize);
    auto resource = m_view.resource(terminal.resourceId);
    if (!resource) {
        return resource.error();
    }
    auto rows = m_store.changesSince(cursor, limit);
    if (!rows) {
        return rows.error();
    }
    FeedPage out;
    out.page.cursor = rows->isEmpty() ? cursor : rows->last().seq;
    out.more = rows->size() == limit;
    out.scanned = int(rows->size());
    QHash<QByteArray, bool> scopeCovers; // few distinct scopes: parse each once
    QHash<QByteArray, bool> scopeAtAirport;
    QHash<QString, QString> airportOf; // resource id → airport
    // An E-pass this terminal cannot accept (another module, or a scope without this resource) but that is valid at
    // this terminal's airport goes to it as a thin record (no holder name): the desk then answers WRONG_MODULE or
    // OUT_OF_SCOPE with where the pass is valid, also offline, instead of UNKNOWN_CODE.
    auto validHere = [&](const ChangeRecord& rec) {
        if (rec.kind != kind::kEPass || !resource->has_value()) {
            return false;
        }
        if (rec.audienceScope.isEmpty()) {
            return true; // valid at every airport
        }
        auto it = scopeAtAirport.constFind(rec.audienceScope);
        if (it == scopeAtAirport.constEnd()) {
            auto scope = core::json::scopeFromJson(QJsonDocument::fromJson(rec.audienceScope).object());
            bool here = scope && scope->airports.contains((*resource)->airport);
            for (const QString& id : scope ? scope->resourceIds : QStringList()) {
                if (!airportOf.contains(id)) {
                    auto other = m_view.resource(id);
                    airportOf.insert(id, other && other->has_value() ? (*other)->airport : QString());
                }
                here = here || airportOf.value(id) == (*resource)->airport;
            }
            it = scopeAtAirport.insert(rec.audienceScope, here);
        }
        return *it;
    };
    auto thinEPass = [](const QByteArray& body) {
        QJsonObject o = QJsonDocument::fromJson(body).object();
        o.insert(QStringLiteral("firstName"), QString());
        o.insert(QStringLiteral("lastName"), QString());
        return compact(o);
    };
    auto visible = [&](const ChangeRecord& rec) {
        if (rec.audienceModule.isEmpty() && rec.audienceScope.isEmpty()) {
            return true;
        }
        // A module restricts; a scope alone (staff accounts by site) restricts without one.
        if (!resource->has_value() || (!rec.audienceModule.isEmpty() && rec.audienceModule != (*resource)->module)) {
            return false;
        }
        if (rec.audienceScope.isEmpty()) {
            return true;
        }
        auto it = scopeCovers.constFind(rec.audienceScope);
        if (it == scopeCovers.constEnd()) {
            auto scope = core::json::scopeFromJson(QJsonDocument::fromJson(rec.audienceScope).object());
            it = scopeCovers.insert(rec.audienceScope, scope && scope->covers(**resource));
        }
        return *it;
    };
    // Wire keys of core::json::toJson(ChangePage), in the order it writes them.
    static const std::pair<QString, QByteArray> kKeys[] = {
        {kind::kResource, "resources"}, {kind::kProgram, "programs"}, {kind::kMembership, "memberships"},
        {kind::kEPass, "ePasses"},      {kind::kUsage, "usage"},      {kind::kStaff, "staff"},
        {kind::kTokenKey, "tokenKeys"},
    };
    QList<QByteArray> lists[std::size(kKeys)];
    for (const ChangeRecord& rec : *rows) {
        if (!visible(rec)) {
            if (validHere(rec)) {
                if (rec.deleted) {
                    out.page.deletedEPasses << rec.id;
                } else {
                    lists[3].append(thinEPass(rec.body)); // kKeys[3]: ePasses
                    ++out.recordCount;
                }
            }
            continue;
        }
        if (rec.deleted) {
            if (rec.kind == kind::kResource) {
                out.page.deletedResources << rec.id;
            } else if (rec.kind == kind::kProgram) {
                out.page.deletedPrograms << rec.id;
            } else if (rec.kind == kind::kMembership) {
                out.page.deletedMemberships << rec.id;
            } else if (rec.kind == kind::kEPass) {
                out.page.deletedEPasses << rec.id;
            } else if (rec.kind == kind::kStaff) {
                out.page.deletedStaff << rec.id;
            }
            continue;
        }
        for (size_t k = 0; k < std::size(kKeys); ++k) {
            if (rec.kind == kKeys[k].first) {
                lists[k].append(rec.body);
                ++out.recordCount;
                break;
            }
        }
        // Other kinds belong to layers this feed does not serve yet; the cursor still moves past them.
    }
    for (size_t k = 0; k < std::size(kKeys); ++k) {
        if (lists[k].isEmpty()) {
            continue;
        }
        if (!out.records.isEmpty()) {
            out.records += ',';
        }
        out.records += '"' + kKeys[k].second + "\":[" + lists[k].join(',') + ']';
    }
    if (count) {
        auto n = m_store.countSince(out.page.cursor);
        if (!n) {
            return n.error();
        }
        out.remaining = *n;
    }
    return out;
}

Result<std::optional<core::Allowance>> CentralService::allowanceFor(const core::CredentialRef& credential,
                                                                    const core::PoolUse& use, const QDateTime& at) const
{
    if (credential.kind == core::CredentialKind::EPass) {
        auto e = ePass(credential.id);
        if (!e) {
            return e.error();
        }
        return std::optional<core::Allowance>(core::Allowance::of(e->usages));
    }
    auto m = membership(credential.id);
    if (!m) {
        return m.error();
    }
    auto program = m_view.program(m->programAt(at));
    if (!program) {
        return program.error();
    }
    if (!program->has_value()) {
        return std::optional<core::Allowance>(core::Allowance::none());
    }
    for (const auto& e : core::effectiveEntitlements(**program, m->overrides)) {
        if (e.module == use.module) {
            switch (use.pool) {
            case core::Pool::Cardholder:
                return std::optional<core::Allowance>(e.cardholder);
            case core::Pool::Guest:
                return std::optional<core::Allowance>(e.guest);
            case core::Pool::Shared:
                return std::optional<core::Allowance>(e.shared);
            case core::Pool::Usages:
                return std::optional<core::Allowance>(core::Allowance::none());
            }
        }
    }
    return std::optional<core::Allowance>(core::Allowance::none());
}

namespace {

/// What core::Validator reads when central re-judges an uploaded visit: central's own records, the uploaded
/// credential for whatever code is presented, and no counters (quota is checked when the counters are applied, so a
/// visit that merely overdrew is OVERDRAWN, not a rule break).
class RecheckView final : public core::CacheView
{
public:
    RecheckView(const core::CacheView& base, core::CredentialRef credential)
        : m_base(base)
        , m_credential(std::move(credential))
    { }
    Result<std::optional<core::Resource>> resource(const QString& id) const override { return m_base.resource(id); }
    Result<std::optional<core::Program>> program(const QString& id) const override { return m_base.program(id); }
    Result<std::optional<core::Membership>> membershipByCodeHash(const QByteArray&) const override
    {
        if (m_credential.kind != core::CredentialKind::Membership) {
            return std::optional<core::Membership>();
        }
        return m_base.membershipById(m_credential.id);
    }
    Result<std::optional<core::Membership>> membershipByNumber(const QString&) const override
    {
        return membershipByCodeHash({});
    }
    Result<std::optional<core::Membership>> membershipById(const QString& id) const override
    {
        return m_base.membershipById(id);
    }
    Result<std::optional<core::EPass>> ePassByCodeHash(const QByteArray&) const override
    {
        if (m_credential.kind != core::CredentialKind::EPass) {
            return std::optional<core::EPass>();
        }
        return m_base.ePassById(m_credential.id);
    }
    Result<std::optional<core::EPass>> ePassById(const QString& id) const override { return m_base.ePassById(id); }
    Result<int> used(const core::CredentialRef&, const core::Module&, core::Pool, const QString&) const override
    {
        return 0;
    }
    Result<std::optional<QDateTime>> lastUse(const core::CredentialRef&, const QString&) const override
    {
        return std::optional<QDateTime>();
    }
    Result<QDateTime> lastSync() const override { return m_base.lastSync(); }

private:
    const core::CacheView& m_base;
    core::CredentialRef m_credential;
};

/// The token a terminal verified offline cannot be verified again (central sees only its id): the recheck takes it as
/// the uploaded credential's, so the rules after the signature (dynamic-only, module, scope, party) are judged.
class UploadedToken final : public core::TokenVerifier
{
public:
    UploadedToken(core::CredentialRef credential, QByteArray tokenId)
        : m_credential(std::move(credential))
        , m_tokenId(std::move(tokenId))
    { }
    std::variant<Verified, core::Reason> verify(const QByteArray&, const QDateTime& now) const override
    {
        return Verified {m_credential, m_tokenId, now.addSecs(60)};
    }

private:
    core::CredentialRef m_credential;
    QByteArray m_tokenId;
};

const QString kCentralOnlyAudience = QStringLiteral("\x01central-only");

using UseKey = std::tuple<QString, int, QString>; // module, pool, period

} // namespace

Result<QString> CentralService::recheck(const core::Redemption& r) const
{
    const RecheckView view(m_view, r.credential);
    const core::FixedClock at(r.at);
    const UploadedToken token(r.credential, r.tokenId);
    const bool dynamic = !r.tokenId.isEmpty();
    const QByteArray raw = dynamic ? (QStringLiteral("L1T") + core::CredentialCode::base32Encode(r.tokenId)).toUtf8()
                                   : core::CredentialCode::generate(r.credential.kind).toUtf8();
    core::TerminalContext context {r.terminalId, r.resourceId, r.staffId, 0, 0};
    const core::Decision d
        = core::Validator::validate(core::ScanInput {raw, r.partySize}, view, context, at, dynamic ? &token : nullptr);
    if (d.reason == core::Reason::StoreUnavailable) {
        return d.storeError.value_or(makeError(ErrorCode::Internal, d.detail));
    }
    if (d.verdict == core::Verdict::Reject) {
        return QStringLiteral("RULE_") + core::toString(d.reason);
    }
    // The uses: the pools this credential has for this module, the period of the visit's local date, one person per
    // count, the whole party and nobody twice.
    QHash<int, bool> poolExists;
    for (const auto& b : d.balances) {
        poolExists.insert(int(b.pool), b.unlimited || b.allowance > 0);
    }
    const QString period = d.uses.isEmpty() ? QString() : d.uses.first().period;
    QSet<int> seen;
    qint64 persons = 0;
    for (const auto& u : r.uses) {
        if (u.module != d.module || u.period != period || !poolExists.value(int(u.pool)) || u.count < 1
            || u.count > r.partySize || seen.contains(int(u.pool))) {
            return QStringLiteral("USES_MISMATCH");
        }
        seen.insert(int(u.pool));
        persons += u.count;
    }
    if (persons != r.partySize) {
        return QStringLiteral("USES_MISMATCH");
    }
    return QString();
}

Result<QString> CentralService::checkTime(const TerminalRecord& terminal, const core::Redemption& r)
{
    const qint64 skew = m_options.maxClockSkewSeconds;
    auto previous = m_store.record(kind::kTerminalClock, terminal.id);
    if (!previous) {
        return previous.error();
    }
    QString flag;
    if (r.at > m_clock.now().addSecs(skew)) {
        flag = QStringLiteral("TIME_IN_FUTURE");
    } else if (previous->has_value()) {
        const QDateTime last = QDateTime::fromString(
            QJsonDocument::fromJson((*previous)->body).object().value("at").toString(), Qt::ISODateWithMs);
        if (last.isValid() && r.at < last.addSecs(-skew)) {
            flag = QStringLiteral("TIME_BACKWARDS");
        }
    }
    ChangeRecord rec;
    rec.kind = kind::kTerminalClock;
    rec.id = terminal.id;
    rec.audienceModule = kCentralOnlyAudience;
    rec.body = compact({{"at", core::json::dateTimeToString(r.at)}});
    if (auto p = m_store.putRecord(rec); !p) {
        return p.error();
    }
    return flag;
}

Result<UploadResult> CentralService::accept(const TerminalRecord& terminal, const core::Redemption& r, bool online)
{
    UploadResult res;
    res.id = r.id;
    auto existing = m_store.redemption(r.id);
    if (!existing) {
        return existing.error();
    }
    if (existing->has_value()) {
        const StoredRedemption& s = **existing;
        if (s.record.terminalId != terminal.id) {
            // Visit ids are scoped to the terminal that recorded them: another terminal's id is refused, never taken
            // as a retry (its visit would be lost) nor answered with the other terminal's result.
            res.status = UploadResult::Status::Rejected;
            res.reason = QStringLiteral("ID_IN_USE");
            qCWarning(lcCentral) << "terminal" << terminal.id << "presented a visit id recorded by another terminal";
            return res;
        }
        res.status = UploadResult::Status::Duplicate;
        res.serverSeq = s.serverSeq;
        res.conflict = s.status == StoredRedemption::Status::Conflict;
        res.rejected = s.status == StoredRedemption::Status::Rejected;
        res.reason = s.reason;
        return res;
    }
    StoredRedemption stored;
    stored.record = r;
    stored.receivedAt = m_clock.now();
    stored.online = online;
    auto reject = [&](const QString& reason) -> Result<UploadResult> {
        stored.status = StoredRedemption::Status::Rejected;
        stored.reason = reason;
        auto head = m_store.headSeq();
        if (!head) {
            return head.error();
        }
        stored.serverSeq = *head;
        if (auto x = m_store.putRedemption(stored); !x) {
            return x.error();
        }
        res.status = UploadResult::Status::Rejected;
        res.reason = reason;
        qCInfo(lcCentral) << "rejected" << r.id.toString(QUuid::WithoutBraces) << reason;
        return res;
    };

    // Same rules as the kiosk where they apply to a visit that already happened.
    if (r.resourceId != terminal.resourceId) {
        return reject(QStringLiteral("RESOURCE_MISMATCH"));
    }
    const bool isEPass = r.credential.kind == core::CredentialKind::EPass;
    auto credentialRecord = m_store.record(isEPass ? kind::kEPass : kind::kMembership, r.credential.id);
    if (!credentialRecord) {
        return credentialRecord.error();
    }
    if (!credentialRecord->has_value() || (*credentialRecord)->deleted) {
        return reject(QStringLiteral("UNKNOWN_CREDENTIAL"));
    }
    // A flagged visit whose counts central does not trust is kept without charging its counters (see recheck).
    bool applyUses = true;
    QString ruleFlag;
    if (r.kind == core::JournalKind::Void) {
        auto original = m_store.redemption(r.voids);
        if (!original) {
            return original.error();
        }
        if (!original->has_value() || (*original)->record.kind != core::JournalKind::Redeem
            || (*original)->record.credential != r.credential) {
            return reject(QStringLiteral("UNKNOWN_ORIGINAL"));
        }
        const StoredRedemption& o = **original;
        // A terminal voids only what its own lounge recorded (this desk or another desk of the same resource).
        if (o.record.terminalId != terminal.id && o.record.resourceId != terminal.resourceId) {
            return reject(QStringLiteral("NOT_YOUR_VISIT"));
        }
        if (!o.record.voidedBy.isNull()) {
            return reject(QStringLiteral("ALREADY_VOIDED"));
        }
        if (o.status == StoredRedemption::Status::Rejected) {
            return reject(QStringLiteral("ORIGINAL_REJECTED"));
        }
        // It refunds exactly what the visit used: the same pools and periods, the negated counts.
        QMap<UseKey, qint64> balance;
        for (const auto& u : o.record.uses) {
            balance[UseKey {u.module, int(u.pool), u.period}] += u.count;
        }
        for (const auto& u : r.uses) {
            balance[UseKey {u.module, int(u.pool), u.period}] += u.count;
        }
        for (auto it = balance.cbegin(); it != balance.cend(); ++it) {
            if (it.value() != 0) {
                return reject(QStringLiteral("VOID_MISMATCH"));
            }
        }
        if (r.uses.size() != o.record.uses.size()) {
            return reject(QStringLiteral("VOID_MISMATCH"));
        }
        applyUses = !o.reason.startsWith(QLatin1String("RULE_")) && o.reason != QLatin1String("USES_MISMATCH");
    } else {
        for (const auto& u : r.uses) {
            if (u.count < 0) {
                return reject(QStringLiteral("NEGATIVE_USE"));
            }
        }
        if (isEPass) {
            auto e = core::json::ePassFromJson(QJsonDocument::fromJson((*credentialRecord)->body).object());
            for (const auto& u : r.uses) {
                if (!e || u.module != e->module || u.pool != core::Pool::Usages) {
                    return reject(QStringLiteral("WRONG_MODULE"));
                }
            }
        }
        // A paid entry takes nothing from any pool (the strict reader refuses one with uses, and bounds its party to
        // 1..100): it exists because the pass was refused, so the pass's own rules are not asked again.
        if (!online && r.kind != core::JournalKind::Paid) {
            // The same rules as online (core::Validator): a visit that breaks them is kept, flagged, and its counts
            // are not charged (people may be inside; the issuer follows up).
            auto broken = recheck(r);
            if (!broken) {
                return broken.error();
            }
            ruleFlag = *broken;
            applyUses = ruleFlag.isEmpty();
        }
    }
    QString timeFlag;
    if (!online) {
        auto t = checkTime(terminal, r);
        if (!t) {
            return t.error();
        }
        timeFlag = *t;
    }

    // One dynamic token admits once. Two terminals that were both offline (or a replay central's online guard did not
    // see) can each admit it; the people are inside, so the later visit stands as a conflict for the issuer to follow
    // up, like an overdraw.
    bool replayed = false;
    if (r.kind == core::JournalKind::Redeem && !r.tokenId.isEmpty()) {
        auto first = m_store.redemptionWithToken(r.tokenId);
        if (!first) {
            return first.error();
        }
        replayed = first->has_value() && **first != r.id;
    }

    qint64 seq = 0;
    bool overdrawn = false;
    for (const auto& u : applyUses ? r.uses : QList<core::PoolUse>()) {
        auto used = m_view.used(r.credential, u.module, u.pool, u.period);
        if (!used) {
            return used.error();
        }
        const qint64 total = qint64(*used) + u.count;
        if (total > std::numeric_limits<int>::max() || total < std::numeric_limits<int>::min()) {
            return reject(QStringLiteral("COUNTER_OVERFLOW")); // unreachable with checked counts; never wrap
        }
        const core::UsageCounter counter {r.credential, u.module, u.pool, u.period, int(total)};
        if (r.kind == core::JournalKind::Redeem && u.count > 0) {
            auto allowance = allowanceFor(r.credential, u, r.at);
            if (!allowance) {
                return allowance.error();
            }
            if (allowance->has_value() && !(*allowance)->unlimited && counter.used > (*allowance)->count) {
                overdrawn = true;
            }
        }
        ChangeRecord rec;
        rec.kind = kind::kUsage;
        rec.id = CentralCacheView::usageId(r.credential.key(), u.module, u.pool, u.period);
        rec.body = compact(core::json::toJson(counter));
        if (isEPass) {
            // A counter goes where its E-pass goes.
            rec.audienceModule = (*credentialRecord)->audienceModule;
            rec.audienceScope = (*credentialRecord)->audienceScope;
        }
        auto s = m_store.putRecord(rec);
        if (!s) {
            return s.error();
        }
        seq = *s;
    }
    if (seq == 0) {
        auto head = m_store.headSeq();
        if (!head) {
            return head.error();
        }
        seq = *head;
    }
    stored.serverSeq = seq;
    // The first reason that applies names the conflict: a broken rule, then replay, time, overdraw.
    const QString reason = !ruleFlag.isEmpty() ? ruleFlag
        : replayed                             ? QStringLiteral("REPLAYED")
        : !timeFlag.isEmpty()                  ? timeFlag
        : overdrawn                            ? QStringLiteral("OVERDRAWN")
                                               : QString();
    const bool conflict = !reason.isEmpty();
    stored.status = conflict ? StoredRedemption::Status::Conflict : StoredRedemption::Status::Accepted;
    stored.reason = reason;
    if (auto x = m_store.putRedemption(stored); !x) {
        return x.error();
    }
    if (r.kind == core::JournalKind::Void) {
        if (auto x = m_store.markVoided(r.voids, r.id); !x) {
            return x.error();
        }
    }
    res.status = conflict ? UploadResult::Status::Conflict : UploadResult::Status::Accepted;
    res.serverSeq = seq;
    res.conflict = conflict;
    res.reason = stored.reason;
    if (conflict) {
        qCWarning(lcCentral) << "visit flagged" << reason << r.credential.key() << "by terminal" << terminal.id;
    }
    return res;
}

Result<QList<UploadResult>> CentralService::upload(const TerminalRecord& terminal, const QList<core::Redemption>& batch)
{
    QList<UploadResult> out;
    Result<void> r = m_store.transaction([&]() -> Result<void> {
        for (const auto& item : batch) {
            auto one = accept(terminal, item, false);
            if (!one) {
                return one.error();
            }
            out.append(*one);
        }
        return {};
    });
    if (!r) {
        return r.error();
    }
    return out;
}

Result<OnlineRedeem> CentralService::redeemOnline(const TerminalRecord& terminal, const QUuid& id,
                                                  const QByteArray& code, int partySize, const QString& staffId,
                                                  bool confirmAttention)
{
    OnlineRedeem out;
    Result<void> r = m_store.transaction([&]() -> Result<void> {
        auto existing = m_store.redemption(id);
        if (!existing) {
            return existing.error();
        }
        core::TerminalContext context {terminal.id, terminal.resourceId, staffId, 300, 0};
        if (existing->has_value() && (*existing)->record.terminalId != terminal.id) {
            // Visit ids are scoped to the terminal: another terminal's id is neither retried nor reported.
            return makeError(ErrorCode::Conflict, QStringLiteral("ID_IN_USE: visit id recorded by another terminal"));
        }
        if (existing->has_value()) {
            // A retried call: report what was recorded the first time, judge nothing again.
            const StoredRedemption& s = **existing;
            out.duplicate = true;
            out.serverSeq = s.serverSeq;
            out.conflict = s.status == StoredRedemption::Status::Conflict;
            out.decision.verdict = s.record.verdict;
            out.decision.reason = s.record.reason;
            out.decision.credential = s.record.credential;
            out.decision.holderName = s.record.holderName;
            out.decision.partySize = s.record.partySize;
            out.decision.uses = s.record.uses;
            out.decision.at = s.record.at;
            out.decision.resourceId = s.record.resourceId;
            out.decision.redemptionId = id;
            out.decision.recorded = s.status != StoredRedemption::Status::Rejected;
            return {};
        }
        core::Decision d
            = core::Validator::validate(core::ScanInput {code, partySize}, m_view, context, m_clock, m_verifier);
        const bool record
            = d.verdict == core::Verdict::Accept || (d.verdict == core::Verdict::Attention && confirmAttention);
        if (record) {
            core::Redemption red;
            red.id = id;
            red.kind = core::JournalKind::Redeem;
            red.credential = *d.credential;
            red.resourceId = terminal.resourceId;
            red.terminalId = terminal.id;
            red.staffId = staffId;
            red.partySize = d.partySize;
            red.uses = d.uses;
            red.at = d.at;
            red.clockSource = QStringLiteral("central");
            red.verdict = d.verdict;
            red.reason = d.reason;
            red.holderName = d.holderName;
            if (d.dynamicCode) {
                red.tokenId = d.tokenId; // central's replay guard is this record: it survives restarts
            }
            auto accepted = accept(terminal, red, true);
            if (!accepted) {
                return accepted.error();
            }
            out.serverSeq = accepted->serverSeq;
            out.conflict = accepted->conflict;
            d.redemptionId = id;
            d.recorded = accepted->status != UploadResult::Status::Rejected;
        }
        out.decision = d;
        return {};
    });
    if (!r) {
        return r.error();
    }
    return out;
}

} // namespace lounge::central
