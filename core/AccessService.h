#pragma once

#include "Clock.h"
#include "StaffDirectory.h"
#include "Store.h"
#include "Validator.h"

namespace lounge::core {

/// Validate-and-record: the only way a visit enters the journal. Runs on the store's owner thread.
/// "Recorded" means committed: redeem() returns a recorded ACCEPT only after the transaction commits; if the
/// store cannot commit (disk full, read-only, locked, corrupt) it returns the Error and nothing is admitted.
class AccessService
{
public:
    AccessService(Store& store, const Clock& clock, TerminalContext context, const TokenVerifier* verifier = nullptr);

    const TerminalContext& context() const { return m_context; }
    void setContext(const TerminalContext& context) { m_context = context; }
    void setVerifier(const TokenVerifier* verifier) { m_verifier = verifier; }
    /// With a directory, voidRedemption() requires `staffId` to be an active supervisor allowed here.
    void setStaffDirectory(const StaffDirectory* staff) { m_staff = staff; }
    /// Where the witness (Store::updateWitness) of a recorded visit, void, guest-count change or paid entry is written:
    /// in the same call, after the commit (default), or, with `after`, left pending until writePendingWitness() — the
    /// desk's worker answers first and writes it right after. Either way it follows the commit, never precedes it: a
    /// witness behind the journal is accepted at open, one ahead of it refused (docs/security.md). A pending witness is
    /// written before the next record commits and when this service is destroyed.
    void setWitnessAfterAnswer(bool after) { m_witnessAfterAnswer = after; }
    /// The pending witness, if any (see setWitnessAfterAnswer). A failure is logged; nothing is un-recorded.
    void writePendingWitness();
    ~AccessService();

    /// Validation only; records nothing.
    Decision check(const ScanInput& input) const;
    /// Validates inside a write transaction and records an ACCEPT (or a confirmed ATTENTION).
    /// A REJECT, or an unconfirmed ATTENTION, is returned unrecorded. A dynamic token is consumed (replay
    /// guard) in the same transaction as the visit: only a recorded visit uses it up.
    /// `id` (optional) is the redemption UUID: online-first falls back locally under the UUID it already sent
    /// to central, so a call that reached central and a local fallback can never count twice.
    Result<Decision> redeem(const ScanInput& input, bool confirmAttention = false, const QUuid& id = {});
    /// Appends a compensating Void that refunds the visit. Refused (Conflict) when already voided, not a
    /// redemption, or older than `windowSeconds`; Forbidden when a staff directory is set and `staffId` is not
    /// an active supervisor allowed at this terminal.
    Result<Redemption> voidRedemption(const QUuid& id, const QString& staffId, const QString& remark,
                                      int windowSeconds = 24 * 3600);
    /// Another guest count for a recorded visit, as one staff action and one transaction: a compensating Void of
    /// the visit, then a new visit for `partySize` people linked to it (Redemption::replaces), validated again
    /// (quota, guests per visit) on the same credential. Nothing changes when the new count is refused: the Decision
    /// comes back unrecorded. Same refusals and supervisor rule as voidRedemption().
    Result<Decision> changePartySize(const QUuid& id, int partySize, const QString& staffId, const QString& remark,
                                     int windowSeconds = 24 * 3600);
    /// Records a walk-in / paid entry (JournalKind::Paid) for people the desk refused on a pass: no pool is used.
    /// `credential` is the refused pass when there was one; `amountMinor` is optional.
    Result<Redemption> recordPaidEntry(const std::optional<CredentialRef>& credential, const QString& holderName,
                                       int partySize, std::optional<qint64> amountMinor);

private:
    /// Commits a transaction that recorded something, then rewrites the witness beside the file. Every path that
    /// records (visit, void, guest-count change, paid entry) commits through here, so none can forget the witness.
    Result<void> commitRecorded(sqlite::Transaction& tx);
    /// voidRedemption's checks and record, inside the caller's write transaction.
    Result<Redemption> appendVoid(const QUuid& id, const QString& staffId, const QString& remark, int windowSeconds);
    Result<void> requireSupervisor(const QString& staffId) const;
    /// The record of an admitted visit: the decision, plus the boarding passes' flights (the holder's, then each
    /// guest's) and a supervisor's override of a required boarding pass from the scan.
    Redemption visitFrom(const Decision& d, const QUuid& id, const ScanInput& input) const;

    Store& m_store;
    const Clock& m_clock;
    TerminalContext m_context;
    const TokenVerifier* m_verifier = nullptr;
    const StaffDirectory* m_staff = nullptr;
    bool m_witnessAfterAnswer = false;
    bool m_witnessPending = false;
};

} // namespace lounge::core
