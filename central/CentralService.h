#pragma once

#include "CentralCacheView.h"
#include "CentralStore.h"
#include "Clock.h"
#include "DemoData.h"
#include "Store.h"
#include "Validator.h"

#include <QByteArray>
#include <QList>

namespace lounge::central {

/// A newly issued credential and its code. The code is returned once to the issuer and kept only sealed.
template<typename T> struct Issued
{
    T value;
    QString code;
};

struct NewMembership
{
    QString id; ///< optional: the issuer's own reference; generated when empty
    QString programId;
    QString holderName;
    QString number;
    QDate validFrom; ///< default today
    QDate validTo; ///< default validFrom + program.defaultValidityDays
    core::MembershipStatus status = core::MembershipStatus::Active;
};

struct Enrollment
{
    QString terminalId;
    QString secret; ///< shown once; central keeps only its hash
    QString resourceId;
};

/// One page of the feed for one terminal.
struct FeedPage
{
    /// Cursor and deletions, typed (serialised by core::json::toJson(ChangePage)).
    core::ChangePage page;
    /// The page's records as JSON members ready to splice into the page object: `"memberships":[...],...`.
    /// Record bodies are stored as core::json::toJson output, so the feed copies them instead of re-encoding
    /// 2 M records (the feed's wire keys are those of core::json::toJson(ChangePage); the end-to-end tests
    /// parse every page with core::json::changePageFromJson).
    QByteArray records;
    int recordCount = 0;
    bool more = false;
    qint64 remaining = -1; ///< records after this page (only when asked for; -1 = not counted)
    int scanned = 0;
};

struct UploadResult
{
    enum class Status
    {
        Accepted,
        Duplicate,
        Conflict,
        Rejected
    };
    QUuid id;
    Status status = Status::Accepted;
    qint64 serverSeq = 0;
    bool conflict = false; ///< for a Duplicate: whether the original was flagged
    bool rejected = false; ///< for a Duplicate: whether the original was rejected
    QString reason;
};
QString toString(UploadResult::Status s);

struct OnlineRedeem
{
    core::Decision decision;
    qint64 serverSeq = 0;
    bool conflict = false;
    bool duplicate = false;
};

struct Balance
{
    core::Module module;
    core::Pool pool = core::Pool::Cardholder;
    QString period;
    bool unlimited = false;
    int allowance = 0;
    int used = 0;
};

struct CredentialReport
{
    core::CredentialRef credential;
    QList<Balance> balances;
    QList<StoredRedemption> redemptions;
};

/// The reference central service's rules, independent of HTTP. Thread affinity: the store's owner thread.
/// Errors: NotFound (404), Conflict (409: forbidden status change, immutable E-pass), InvalidArgument (400),
/// Unauthorized / Forbidden (401 / 403); storage errors pass through.
class CentralService
{
public:
    struct Options
    {
        QByteArray codeKey; ///< 32-byte key sealing credential codes at rest (QR on demand)
        int enrollmentValidHours = 72;
        int maxPageSize = 50000;
        /// An uploaded visit whose time lies this far in the future of central's clock, or this far before the
        /// same terminal's previous journal record, is flagged (TIME_IN_FUTURE / TIME_BACKWARDS).
        int maxClockSkewSeconds = 300;
    };
    CentralService(CentralStore& store, const core::Clock& clock, Options options);

    // ---- issuer
    core::Result<core::Resource> putResource(const core::Resource& r);
    core::Result<core::Program> putProgram(const core::Program& p, bool mustBeNew);
    /// Retires a resource or a program: terminals receive it as deleted. (Memberships and E-passes are never
    /// deleted: they are cancelled or revoked, which terminals receive as status changes.)
    core::Result<void> deleteResource(const QString& id);
    core::Result<void> deleteProgram(const QString& id);
    core::Result<Issued<core::Membership>> registerMembership(const NewMembership& m);
    core::Result<core::Membership> membership(const QString& id) const;
    core::Result<core::Membership> setValidity(const QString& id, std::optional<QDate> from, QDate to);
    core::Result<core::Membership> suspend(const QString& id);
    core::Result<core::Membership> reactivate(const QString& id, std::optional<QDate> newValidTo);
    core::Result<core::Membership> cancel(const QString& id);
    core::Result<core::Membership> setEntitlement(const QString& id, const core::Entitlement& e);
    core::Result<core::Membership> removeEntitlement(const QString& id, const core::Module& module);
    core::Result<core::Membership> changeTier(const QString& id, const QString& programId, QDateTime effectiveFrom);
    core::Result<Issued<core::EPass>> issueEPass(const core::EPass& spec);
    core::Result<core::EPass> ePass(const QString& id) const;
    core::Result<core::EPass> revokeEPass(const QString& id);
    core::Result<CredentialReport> report(const core::CredentialRef& credential) const;
    /// The static QR payload (the credential's code).
    core::Result<QString> qrPayload(const core::CredentialRef& credential) const;
    core::Result<QList<StoredRedemption>> overdraws() const;
    /// Loads the demo data set (same codes as `lounge-terminal seed-demo`). Idempotent.
    core::Result<void> seedDemo(const core::DemoData& data);

    // ---- terminals
    core::Result<QString> createEnrollmentCode(const QString& resourceId);
    core::Result<Enrollment> enroll(const QString& code);
    /// "terminalId:secret" → the terminal; Unauthorized when unknown or wrong.
    core::Result<TerminalRecord> authenticate(const QByteArray& token) const;
    core::Result<FeedPage> changes(const TerminalRecord& terminal, qint64 cursor, int limit, bool count) const;
    /// One transaction for the batch; the caller has checked every item names this terminal.
    core::Result<QList<UploadResult>> upload(const TerminalRecord& terminal, const QList<core::Redemption>& batch);
    core::Result<OnlineRedeem> redeemOnline(const TerminalRecord& terminal, const QUuid& id, const QByteArray& code,
                                            int partySize, const QString& staffId, bool confirmAttention);

    const core::Clock& clock() const { return m_clock; }
    /// Verifies dynamic tokens in redeemOnline (CentralSecurity provides one); without it they are refused.
    void setTokenVerifier(const core::TokenVerifier* verifier) { m_verifier = verifier; }
    CentralStore& store() { return m_store; }

    /// Bulk helpers (demo, benchmark): write one value as a change record.
    core::Result<qint64> writeMembership(const core::Membership& m);
    core::Result<qint64> writeEPass(const core::EPass& e);
    core::Result<void> sealCode(const core::CredentialRef& credential, const QString& code);

private:
    core::Result<core::Membership> mutateMembership(const QString& id,
                                                    const std::function<core::Result<void>(core::Membership&)>& f);
    core::Result<UploadResult> accept(const TerminalRecord& terminal, const core::Redemption& r, bool online);
    /// Re-judges an uploaded visit with core::Validator at its own time (quota aside: counters are checked when
    /// applied). Empty when it keeps the rules; else the conflict reason ("RULE_TOO_MANY_GUESTS", "USES_MISMATCH").
    core::Result<QString> recheck(const core::Redemption& r) const;
    /// TIME_IN_FUTURE / TIME_BACKWARDS against central's clock and the terminal's previous journal record; moves the
    /// terminal's clock record on. Empty when the time is plausible.
    core::Result<QString> checkTime(const TerminalRecord& terminal, const core::Redemption& r);
    core::Result<std::optional<core::Allowance>> allowanceFor(const core::CredentialRef& credential,
                                                              const core::PoolUse& use, const QDateTime& at) const;

    CentralStore& m_store;
    const core::Clock& m_clock;
    Options m_options;
    CentralCacheView m_view;
    const core::TokenVerifier* m_verifier = nullptr;
};

} // namespace lounge::central
