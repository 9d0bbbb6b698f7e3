#pragma once

#include "BillingService.h"
#include "ChangeFeed.h"
#include "CodeVault.h"
#include "FleetStatus.h"
#include "IssuerQueries.h"
#include "IssuerService.h"
#include "RedemptionLedger.h"
#include "TerminalRegistry.h"

namespace lounge::central {

/// The reference central service, independent of HTTP: owns its parts over one store and one clock and wires them
/// together. The rules live in the parts — IssuerService (catalogue and credentials), TerminalRegistry (enrollment,
/// authentication), ChangeFeed (pages for a terminal), RedemptionLedger (uploads, online redeem, reports), CodeVault
/// (sealed codes) — and the methods below only forward, so callers that need one of everything stay simple.
/// Thread affinity: the store's owner thread. Errors: those of the parts.
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
        /// Fleet status: a terminal silent for longer than this is stale (`lounge-central serve --stale-after`).
        int staleAfterSeconds = 15 * 60;
    };
    CentralService(CentralStore& store, const core::Clock& clock, Options options);

    IssuerService& issuer() { return m_issuer; }
    const IssuerService& issuer() const { return m_issuer; }
    TerminalRegistry& terminals() { return m_terminals; }
    const TerminalRegistry& terminals() const { return m_terminals; }
    const ChangeFeed& feed() const { return m_feed; }
    RedemptionLedger& ledger() { return m_ledger; }
    const RedemptionLedger& ledger() const { return m_ledger; }
    const IssuerQueries& queries() const { return m_queries; }
    FleetStatus& fleet() { return m_fleet; }
    const FleetStatus& fleet() const { return m_fleet; }
    BillingService& billing() { return m_billing; }
    const BillingService& billing() const { return m_billing; }
    CodeVault& codes() { return m_codes; }
    const CodeVault& codes() const { return m_codes; }
    const core::Clock& clock() const { return m_clock; }
    CentralStore& store() { return m_store; }

    // ---- issuer (IssuerService, CodeVault)
    core::Result<core::Resource> putResource(const core::Resource& r) { return m_issuer.putResource(r); }
    core::Result<core::Program> putProgram(const core::Program& p, bool mustBeNew)
    {
        return m_issuer.putProgram(p, mustBeNew);
    }
    core::Result<void> deleteResource(const QString& id) { return m_issuer.deleteResource(id); }
    core::Result<void> deleteProgram(const QString& id) { return m_issuer.deleteProgram(id); }
    core::Result<Issued<core::Membership>> registerMembership(const NewMembership& m)
    {
        return m_issuer.registerMembership(m);
    }
    core::Result<core::Membership> membership(const QString& id) const { return m_issuer.membership(id); }
    core::Result<core::Membership> setValidity(const QString& id, std::optional<QDate> from, QDate to)
    {
        return m_issuer.setValidity(id, from, to);
    }
    core::Result<core::Membership> suspend(const QString& id) { return m_issuer.suspend(id); }
    core::Result<core::Membership> reactivate(const QString& id, std::optional<QDate> newValidTo)
    {
        return m_issuer.reactivate(id, newValidTo);
    }
    core::Result<core::Membership> cancel(const QString& id) { return m_issuer.cancel(id); }
    core::Result<core::Membership> setEntitlement(const QString& id, const core::Entitlement& e)
    {
        return m_issuer.setEntitlement(id, e);
    }
    core::Result<core::Membership> removeEntitlement(const QString& id, const core::Module& module)
    {
        return m_issuer.removeEntitlement(id, module);
    }
    core::Result<core::Membership> changeTier(const QString& id, const QString& programId, QDateTime effectiveFrom)
    {
        return m_issuer.changeTier(id, programId, effectiveFrom);
    }
    core::Result<Issued<core::EPass>> issueEPass(const core::EPass& spec) { return m_issuer.issueEPass(spec); }
    core::Result<core::EPass> ePass(const QString& id) const { return m_issuer.ePass(id); }
    core::Result<core::EPass> revokeEPass(const QString& id) { return m_issuer.revokeEPass(id); }
    core::Result<void> seedDemo(const core::DemoData& data) { return m_issuer.seedDemo(data); }
    core::Result<qint64> writeMembership(const core::Membership& m) { return m_issuer.writeMembership(m); }
    core::Result<qint64> writeEPass(const core::EPass& e) { return m_issuer.writeEPass(e); }
    core::Result<void> sealCode(const core::CredentialRef& credential, const QString& code)
    {
        return m_codes.seal(credential, code);
    }
    core::Result<QString> qrPayload(const core::CredentialRef& credential) const
    {
        return m_codes.qrPayload(credential);
    }

    // ---- terminals (TerminalRegistry, ChangeFeed, RedemptionLedger)
    core::Result<QString> createEnrollmentCode(const QString& resourceId)
    {
        return m_terminals.createEnrollmentCode(resourceId);
    }
    core::Result<Enrollment> enroll(const QString& code) { return m_terminals.enroll(code); }
    core::Result<TerminalRecord> authenticate(const QByteArray& token) const { return m_terminals.authenticate(token); }
    core::Result<FeedPage> changes(const TerminalRecord& terminal, qint64 cursor, int limit, bool count) const
    {
        return m_feed.changes(terminal, cursor, limit, count);
    }
    core::Result<QList<UploadResult>> upload(const TerminalRecord& terminal, const QList<core::Redemption>& batch)
    {
        return m_ledger.upload(terminal, batch);
    }
    core::Result<OnlineRedeem> redeemOnline(const TerminalRecord& terminal, const QUuid& id, const QByteArray& code,
                                            int partySize, const QString& staffId, bool confirmAttention)
    {
        return m_ledger.redeemOnline(terminal, id, code, partySize, staffId, confirmAttention);
    }
    core::Result<CredentialReport> report(const core::CredentialRef& credential) const
    {
        return m_ledger.report(credential);
    }
    core::Result<QList<StoredRedemption>> overdraws() const { return m_ledger.overdraws(); }
    /// Verifies dynamic tokens in redeemOnline (CentralSecurity provides one); without it they are refused.
    void setTokenVerifier(const core::TokenVerifier* verifier) { m_ledger.setTokenVerifier(verifier); }

private:
    CentralStore& m_store;
    const core::Clock& m_clock;
    CodeVault m_codes;
    IssuerService m_issuer;
    TerminalRegistry m_terminals;
    ChangeFeed m_feed;
    RedemptionLedger m_ledger;
    IssuerQueries m_queries;
    FleetStatus m_fleet;
    BillingService m_billing;
};

} // namespace lounge::central
