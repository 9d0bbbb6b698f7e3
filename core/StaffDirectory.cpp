#include "StaffDirectory.h"

#include "CredentialCode.h"
#include "Store.h"
#include "crypto/PinHash.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSecurity)

namespace lounge::core {

namespace {
constexpr int kMaxStaffIdLength = 64;
// Verified against when the id is unknown, so the answer takes as long as for a real account (Interactive cost):
// response time must not tell which ids exist. It is the hash of no account's PIN.
constexpr char kDummyHash[]
    = "$argon2id$v=19$m=65536,t=2,p=1$HEfD9zFA3Cf86XIZWBOLiA$Tf5oKaMgWFf18s+wLuYM/g5ZbGKdV9g3XhV82iii/Jo";

QString idTag(const QString& staffId)
{
    return CredentialCode::logTag(staffId.toUtf8()); // ids are not secret, but typos of PINs end up in them
}
} // namespace

StaffDirectory::StaffDirectory(Store& store, const Clock& clock, Options options)
    : m_security(store)
    , m_clock(clock)
    , m_options(std::move(options))
{ }

Result<std::optional<StaffAccount>> StaffDirectory::account(const QString& staffId) const
{
    return m_security.staffAccount(staffId);
}

Result<StaffRole> StaffDirectory::currentRole(const QString& staffId) const
{
    auto a = m_security.staffAccount(staffId);
    if (!a) {
        return a.error();
    }
    if (!a->has_value() || !a->value().active
        || !a->value().allowedAt(m_options.terminalId, m_options.resourceId, m_options.airport)) {
        return makeError(ErrorCode::Forbidden, QStringLiteral("no active staff account %1 here").arg(staffId));
    }
    return a->value().role;
}

Result<SignInOutcome> StaffDirectory::fail(const QString& staffId, StaffLockout lockout, const QDateTime& now)
{
    ++lockout.failures;
    const int over = lockout.failures - m_options.maxFailures;
    if (over >= 0) {
        qint64 seconds = m_options.baseLockSeconds;
        for (int i = 0; i < over && seconds < m_options.maxLockSeconds; ++i) {
            seconds *= 2;
        }
        lockout.lockedUntil = now.addSecs(std::min<qint64>(seconds, m_options.maxLockSeconds));
    }
    if (auto r = m_security.setLockout(staffId, lockout); !r) {
        return r.error();
    }
    qCInfo(lcSecurity) << "sign-in refused for staff" << idTag(staffId) << "failures" << lockout.failures
                       << (over >= 0 ? "locked" : "");
    SignInOutcome out;
    out.status = SignInOutcome::Status::WrongCredentials;
    out.failures = lockout.failures;
    out.retryAfter = lockout.lockedUntil;
    return out;
}

Result<SignInOutcome> StaffDirectory::signIn(const QString& staffId, const QString& pin)
{
    const QDateTime now = m_clock.now();
    if (staffId.isEmpty() || staffId.size() > kMaxStaffIdLength) {
        return SignInOutcome {};
    }
    auto lockout = m_security.lockout(staffId);
    if (!lockout) {
        return lockout.error();
    }
    if (lockout->lockedUntil.isValid() && now < lockout->lockedUntil) {
        SignInOutcome out;
        out.status = SignInOutcome::Status::LockedOut;
        out.retryAfter = lockout->lockedUntil;
        out.failures = lockout->failures;
        return out;
    }
    auto account = m_security.staffAccount(staffId);
    if (!account) {
        return account.error();
    }
    // Unknown ids count as failures too, after the same work: neither the lock-out nor the time taken may tell an
    // attacker which ids exist.
    if (!account->has_value()) {
        (void)PinHash::verify(QLatin1String(kDummyHash), pin);
        return fail(staffId, *lockout, now);
    }
    if (!PinHash::verify(account->value().pinHash, pin)) {
        return fail(staffId, *lockout, now);
    }
    const StaffAccount& a = **account;
    if (auto r = m_security.setLockout(staffId, StaffLockout {}); !r) {
        return r.error();
    }
    SignInOutcome out;
    if (!a.active) {
        out.status = SignInOutcome::Status::Inactive;
    } else if (!a.allowedAt(m_options.terminalId, m_options.resourceId, m_options.airport)) {
        out.status = SignInOutcome::Status::NotAllowedHere;
    } else {
        out.status = SignInOutcome::Status::SignedIn;
        out.session = StaffSession {a.id, a.role, now};
    }
    qCInfo(lcSecurity) << "staff" << idTag(staffId) << "sign-in" << int(out.status);
    return out;
}

} // namespace lounge::core
