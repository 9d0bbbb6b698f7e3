#pragma once

#include "CentralCacheView.h"
#include "CentralStore.h"
#include "Clock.h"
#include "Validator.h"

#include <QList>

namespace lounge::central {

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

/// Visits: uploads from terminals (each visit re-judged with core::Validator at its own time, its time checked
/// Bookings of one resource on one local date (issue 14 §4 reports): how many were made, used, cancelled, are still
/// open (a no-show once the day is over), and how many visits used an already used booking (BOOKING_REUSED).
struct BookingCounts
{
    QString resourceId;
    QDate date;
    int booked = 0; ///< every booking made (whatever became of it)
    int used = 0;
    int cancelled = 0;
    int open = 0;
    int people = 0; ///< booked party sizes of the used ones
    int reused = 0; ///< standing visits flagged BOOKING_REUSED
};

/// against central's clock and the terminal's previous record, counters applied, overdraws and replays flagged),
/// online redeem (judged here, recorded once per visit id), and the reports over them (balances and visits of one
/// credential, flagged visits). Thread affinity: the store's owner thread. Errors: Conflict (a visit id of another
/// terminal in online redeem), NotFound (report of an unknown credential); storage errors pass through.
class RedemptionLedger
{
public:
    /// An uploaded visit whose time lies `maxClockSkewSeconds` in the future of central's clock, or this far before
    /// the same terminal's previous journal record, is flagged (TIME_IN_FUTURE / TIME_BACKWARDS).
    RedemptionLedger(CentralStore& store, const core::Clock& clock, int maxClockSkewSeconds);

    /// One transaction for the batch; the caller has checked every item names this terminal. `boardingPassProblems`
    /// (issue 14 §3): per item, what the wire found wrong with its boarding-pass fields (protocol::UploadRequest; empty
    /// = nothing); such a visit is kept without them and flagged BAD_FLIGHT_RECORD, never lost.
    core::Result<QList<UploadResult>> upload(const TerminalRecord& terminal, const QList<core::Redemption>& batch,
                                             const QStringList& boardingPassProblems = {});
    core::Result<OnlineRedeem> redeemOnline(const TerminalRecord& terminal, const QUuid& id, const QByteArray& code,
                                            int partySize, const QString& staffId, bool confirmAttention);
    core::Result<CredentialReport> report(const core::CredentialRef& credential) const;
    core::Result<QList<StoredRedemption>> overdraws() const;
    /// Booking counts per (resource, date), ordered by both; `resourceId` empty = every resource.
    core::Result<QList<BookingCounts>> bookingCounts(const QString& resourceId = {}) const;

    /// Verifies dynamic tokens in redeemOnline (CentralSecurity provides one); without it they are refused.
    void setTokenVerifier(const core::TokenVerifier* verifier) { m_verifier = verifier; }

private:
    core::Result<UploadResult> accept(const TerminalRecord& terminal, const core::Redemption& r, bool online,
                                      const QString& boardingPassProblem = {});
    /// Issue 14 §3: checks what the visit recorded of its boarding passes (InputRules) and drops what central must not
    /// keep: a bad record (its flights, or its override), and the PNR and seat unless the lounge uploads them.
    /// Returns BAD_FLIGHT_RECORD when something was dropped as bad, else empty.
    core::Result<QString> screenBoardingPasses(core::Redemption& r, const QString& wireProblem) const;
    /// RULE_<reason> when the recorded boarding passes break the lounge's or the pass's rules: none recorded at a
    /// lounge that requires one (and no supervisor override), no leg at this airport, a compartment or carrier the
    /// programme or E-pass does not admit. The desk judged the boarding pass itself; central judges what the visit
    /// recorded.
    core::Result<QString> recheckBoardingPasses(const core::Redemption& r) const;
    /// Re-judges an uploaded visit with core::Validator at its own time (quota aside: counters are checked when
    /// applied). Empty when it keeps the rules; else the conflict reason ("RULE_TOO_MANY_GUESTS", "USES_MISMATCH").
    core::Result<QString> recheck(const core::Redemption& r) const;
    /// TIME_IN_FUTURE / TIME_BACKWARDS against central's clock and the terminal's previous journal record; moves the
    /// terminal's clock record on. Empty when the time is plausible.
    core::Result<QString> checkTime(const TerminalRecord& terminal, const core::Redemption& r);
    core::Result<std::optional<core::Allowance>> allowanceFor(const core::CredentialRef& credential,
                                                              const core::PoolUse& use, const QDateTime& at) const;
    core::Result<core::Membership> membership(const QString& id) const;
    core::Result<core::EPass> ePass(const QString& id) const;
    core::Result<std::optional<core::Booking>> bookingOf(const QString& id) const;
    core::Result<void> writeBooking(const core::Booking& b);
    core::Result<void> releaseBooking(const QUuid& voidedVisit);

    CentralStore& m_store;
    const core::Clock& m_clock;
    int m_maxClockSkewSeconds;
    CentralCacheView m_view;
    const core::TokenVerifier* m_verifier = nullptr;
};

} // namespace lounge::central
