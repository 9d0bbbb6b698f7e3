#pragma once

#include "BoardingPass.h"
#include "CacheView.h"
#include "Clock.h"
#include "Domain.h"

#include <QByteArray>
#include <QDateTime>

#include <variant>

namespace lounge::core {

/// What was scanned or typed, and how many people stand at the desk (holder + guests).
struct ScanInput
{
    QByteArray raw;
    int partySize = 1;
    /// A staff correction of a recorded visit (another guest count): the credential that visit was admitted with,
    /// looked up by id instead of parsing `raw`. Its code was checked when the visit was made, so a lounge that
    /// needs dynamic codes does not ask for one again; every other rule (status, validity, quota) applies.
    std::optional<CredentialRef> recorded = std::nullopt;
    /// The holder's boarding pass, when one was scanned (issue 14): checked against the resource's BoardingPassRules
    /// and the programme's / E-pass's TravelRestrictions, its name against the holder's.
    std::optional<bcbp::BoardingPass> boardingPass = std::nullopt;
    /// Guests' boarding passes scanned at a lounge that asks for them (no name check: guests are not named).
    QList<bcbp::BoardingPass> guestBoardingPasses = {};
    /// A supervisor's override of BOARDING_PASS_REQUIRED (staff id + reason, both non-empty): the visit is judged
    /// without a boarding pass and records who overrode and why.
    QString boardingPassOverrideBy = {};
    QString boardingPassOverrideReason = {};
};

/// The outcome of the boarding-pass checks for one boarding pass (the holder's or a guest's).
struct BoardingPassCheck
{
    int legIndex = -1; ///< the leg that matched this lounge (airport and date), -1 = none
    FlightRecord flight; ///< that leg as the visit records it (flight date resolved)
    QString printedName; ///< as on the boarding pass
    QString expectedName; ///< the holder's name it was compared with (empty for a guest)
    bool nameMatches = true;
    bool usedToday = false; ///< this leg was already used today at this resource
    Reason reason = Reason::Ok; ///< the first rule this boarding pass failed, Ok when none
    bool operator==(const BoardingPassCheck&) const = default;
};

/// Where and by whom the scan happens, and the terminal's policy knobs.
struct TerminalContext
{
    QString terminalId;
    QString resourceId;
    QString staffId;
    int recentlyUsedSeconds = 300; ///< same credential, same resource within this window → ATTENTION
    int staleAfterSeconds = 24 * 3600; ///< last sync older than this → ATTENTION CACHE_STALE; 0 = never stale
    /// An enrolled terminal whose cache was seeded with the public demo data set: those codes are refused.
    bool refuseDemoCredentials = false;
};

/// A pool's balance as shown to staff: what is left after this visit.
struct PoolBalance
{
    Pool pool = Pool::Cardholder;
    bool unlimited = false;
    int allowance = 0; ///< the pool's size in this period (0 with unlimited)
    int remaining = 0; ///< after this visit (may be negative after an offline overdraw)
    int thisVisit = 0; ///< persons this visit takes from the pool
    bool operator==(const PoolBalance&) const = default;
};

struct Decision
{
    Verdict verdict = Verdict::Reject;
    Reason reason = Reason::UnknownCode;
    QString detail; ///< technical detail for logs and the CLI; the GUI speaks from `reason`
    /// With StoreUnavailable: the store's own error (DiskFull, Locked, Corrupt, ...) when the cache failed; unset when
    /// only the token verifier's storage reported trouble.
    std::optional<Error> storeError;
    std::optional<CredentialRef> credential;
    QString holderName;
    QString programName; ///< tier, or "E-pass"
    Module module;
    QString resourceId;
    int partySize = 1;
    int guestsAllowed = 0; ///< guests that could be admitted with the holder right now
    QList<PoolBalance> balances;
    QList<PoolUse> uses; ///< what recording this visit will consume
    std::optional<QDateTime> lastUsedAt; ///< latest earlier use at this resource
    /// At a lane that requires a booking: the booking this visit consumes (ACCEPT, or ATTENTION outside its window),
    /// or the one that was used / cancelled (REJECT). Shown to staff with its window and flight.
    std::optional<Booking> booking;
    /// With a boarding pass scanned: the holder's check, then each guest's (same order as ScanInput).
    std::optional<BoardingPassCheck> boardingPass = {};
    QList<BoardingPassCheck> guestBoardingPasses = {};
    /// The resource's boarding-pass policy (the desk asks for a boarding pass when it is Required).
    BoardingPassPolicy boardingPassPolicy = BoardingPassPolicy::NotUsed;
    /// With RecentlyUsed on a terminal: that earlier visit (party, desk, staff), filled in by the kiosk's worker.
    std::optional<Redemption> lastVisit;
    QDateTime at; ///< clock time of the decision (UTC)
    QString clockSource;
    bool dynamicCode = false;
    QByteArray tokenId; ///< dynamic token identity for the replay guard
    QDateTime tokenExpiresAt; ///< terminal clock: after this the replay guard may forget tokenId
    QUuid redemptionId; ///< set once the visit is recorded
    bool recorded = false;

    bool admits() const { return verdict == Verdict::Accept; }
};

/// Verifies signed dynamic tokens offline (see docs/credentials.md). Implemented by SignedTokenVerifier.
class TokenVerifier
{
public:
    struct Verified
    {
        CredentialRef credential;
        QByteArray tokenId; ///< unique per token: replay key
        QDateTime expiresAt; ///< terminal clock (UTC): last instant the token is accepted
    };
    virtual ~TokenVerifier() = default;
    /// Reason is one of BadSignature, TokenExpired, TokenNotYetValid, UnknownKey, ClockUnknown, MalformedCode,
    /// Replayed, or StoreUnavailable when the verifier's own storage failed.
    virtual std::variant<Verified, Reason> verify(const QByteArray& token, const QDateTime& now) const = 0;
};

/// The validation rules as one pure function: (code, party, cache, terminal, clock) → Decision.
/// Order of checks (docs/domain.md): parse → lookup → status → validity → dynamic-only → module → entitlement
/// window → scope → party size → quota → booking (rejections) → boarding passes, the holder's then each guest's
/// (WRONG_AIRPORT → NOT_FLYING_TODAY → COMPARTMENT_NOT_ALLOWED → CARRIER_NOT_ALLOWED → FLIGHT_NOT_BOOKED) →
/// BOARDING_PASS_REQUIRED (after every other rejection) → attentions: OUTSIDE_BOOKING_WINDOW → NAME_MISMATCH →
/// BOARDING_PASS_USED → RECENTLY_USED → CACHE_STALE. Rejections always precede attentions.
class Validator
{
public:
    static Decision validate(const ScanInput& input, const CacheView& cache, const TerminalContext& terminal,
                             const Clock& clock, const TokenVerifier* verifier = nullptr);

    /// The key of the quota period containing `localDate` ("V", "Y2026", "M2026-11", "D2026-11-27").
    static QString periodKey(QuotaPeriod period, const QDate& localDate);
    /// The date at the resource for a UTC instant (invalid/unknown zones fall back to UTC).
    static QDate localDate(const QDateTime& utc, const QString& timeZone);
    /// The `validFrom` of a credential issued at `utc` without an explicit start: the earliest calendar date anywhere
    /// on Earth at that instant (UTC-12). Validity dates are local dates at the lounge, so "today in UTC" would make
    /// a member registered at 19:00 in Los Angeles (03:00 UTC the next day) not yet valid at LAX until midnight.
    static QDate earliestLocalDate(const QDateTime& utc);
};

} // namespace lounge::core
