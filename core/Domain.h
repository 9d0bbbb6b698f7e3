#pragma once

// Plain copyable value types of the lounge domain (see docs/domain.md). No behaviour beyond small, obviously
// correct helpers; rules live in Validator, persistence in Store.

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTime>
#include <QUuid>

#include <optional>

namespace lounge::core {

/// A module is a string code (LOUNGE, FAST_TRACK, DINING, ...): a new module needs no code change.
using Module = QString;

/// A place a credential is used: a lounge, a fast-track lane, a restaurant.
/// Whether a resource asks for a boarding pass (IATA BCBP) next to the lounge pass (issue 14 §2).
enum class BoardingPassPolicy
{
    NotUsed, ///< a scanned boarding pass is ignored
    Optional, ///< checked when the guest shows one; no boarding pass is fine
    Required, ///< BOARDING_PASS_REQUIRED until one is scanned (or a supervisor overrides, with a reason)
};

enum class LoungeDirection
{
    Departure, ///< a leg must depart from the resource's airport
    Arrival, ///< a leg must arrive at the resource's airport
};

/// Per-resource boarding-pass settings, set at central and sent in the feed (resource JSON "boardingPass" object,
/// present only when policy is not NotUsed).
struct BoardingPassRules
{
    BoardingPassPolicy policy = BoardingPassPolicy::NotUsed;
    LoungeDirection direction = LoungeDirection::Departure;
    /// 0: the flight date (the leg's Julian day in the lounge's time zone) must be today. N > 0: when a flight time is
    /// known (a booking that names the flight and its window), the visit must be within N hours of it; otherwise the
    /// same-day rule applies.
    int withinHours = 0;
    /// Privacy: the PNR and the seat stay on the terminal unless this is set (they are never in an upload otherwise).
    bool uploadPnrAndSeat = false;
    bool operator==(const BoardingPassRules&) const = default;
};

/// Which boarding passes a programme or an E-pass admits (issue 14 §2). Empty list = any.
struct TravelRestrictions
{
    QStringList compartments; ///< BCBP compartment codes, e.g. {"F", "J"} (upper case)
    QStringList carriers; ///< IATA airline designators, e.g. {"CX", "KA"} (upper case)
    bool isAny() const { return compartments.isEmpty() && carriers.isEmpty(); }
    bool operator==(const TravelRestrictions&) const = default;
};

struct Resource
{
    QString id;
    Module module;
    QString name;
    QString airport; ///< IATA code, e.g. "HKG"
    QString terminal;
    QString timeZone; ///< IANA id, e.g. "Asia/Hong_Kong"; dates are judged in it
    bool requireDynamic = false; ///< static codes get DYNAMIC_REQUIRED here
    /// Pre-bookings (Fast Track, issue 14 §4): a pass needs a booking for now at this resource (NO_BOOKING otherwise)
    bool bookingRequired = false;
    /// With bookingRequired: a pass without a usable booking is admitted by the usual rules (a walk-up)
    bool walkUpsAllowed = false;
    int bookingGraceMinutes = 0; ///< a booking's window is widened by this much on both sides (0–720)
    /// Boarding passes at this resource (issue 14 §2); default: not used.
    BoardingPassRules boardingPass = {};
    bool operator==(const Resource&) const = default;
};

/// Where a credential may be used. Empty = any resource of its module.
struct Scope
{
    QStringList resourceIds;
    QStringList airports;

    bool isAny() const { return resourceIds.isEmpty() && airports.isEmpty(); }
    bool covers(const Resource& r) const
    {
        return isAny() || resourceIds.contains(r.id) || airports.contains(r.airport, Qt::CaseInsensitive);
    }
    bool operator==(const Scope&) const = default;
};

/// A pool size: a count or unlimited. Default = none (0).
struct Allowance
{
    bool unlimited = false;
    int count = 0;

    static Allowance none() { return {}; }
    static Allowance of(int n) { return {false, n}; }
    static Allowance infinite() { return {true, 0}; }
    bool operator==(const Allowance&) const = default;
};

/// Which window a pool's count refers to; boundaries are local to the resource's time zone.
enum class QuotaPeriod
{
    Validity,
    Year,
    Month,
    Day
};

/// A pool a person consumes. Memberships draw from Cardholder/Guest/Shared, E-passes from Usages.
enum class Pool
{
    Cardholder,
    Guest,
    Shared,
    Usages
};

struct Entitlement
{
    Module module;
    Allowance cardholder;
    Allowance guest;
    Allowance shared;
    int guestsPerVisit = 0;
    QuotaPeriod period = QuotaPeriod::Validity;
    Scope scope;
    std::optional<QDate> validFrom; ///< optional own validity window, inclusive, local dates
    std::optional<QDate> validTo;
    bool operator==(const Entitlement&) const = default;
};

/// A membership tier.
struct Program
{
    QString id;
    QString name;
    int defaultValidityDays = 365;
    QList<Entitlement> entitlements;
    bool requireDynamic = false;
    TravelRestrictions travel = {}; ///< compartments/carriers admitted with a boarding pass (JSON "travel", when set)
    bool operator==(const Program&) const = default;
};

/// Per-membership change on top of the program's defaults, keyed by module.
struct EntitlementOverride
{
    enum class Op
    {
        Set,
        Remove
    }; ///< Set adds or replaces the module's entitlement
    Op op = Op::Set;
    Module module;
    Entitlement entitlement; ///< used for Set
    bool operator==(const EntitlementOverride&) const = default;
};

/// A tier change is a program change effective from a given time.
struct TierAssignment
{
    QString programId;
    QDateTime effectiveFrom; ///< UTC; the first assignment may be invalid = since ever
    bool operator==(const TierAssignment&) const = default;
};

enum class MembershipStatus
{
    Pending,
    Active,
    Suspended,
    Cancelled,
    Expired
};

struct Membership
{
    QString id;
    QString number; ///< printed membership number, accepted when typed by hand
    QString holderName;
    QList<TierAssignment> tiers; ///< ordered by effectiveFrom
    MembershipStatus status = MembershipStatus::Pending;
    QDate validFrom; ///< inclusive, local date at the resource
    QDate validTo; ///< inclusive
    QList<EntitlementOverride> overrides;
    QByteArray codeHash; ///< SHA-256 of the canonical static code; the code itself is never stored
    bool operator==(const Membership&) const = default;

    /// Program in force at `at` (UTC): the last assignment whose effectiveFrom <= at.
    QString programAt(const QDateTime& at) const
    {
        QString id;
        for (const auto& t : tiers) {
            if (!t.effectiveFrom.isValid() || t.effectiveFrom <= at) {
                id = t.programId;
            }
        }
        return id;
    }
};

/// The program's entitlements with the membership's overrides applied.
inline QList<Entitlement> effectiveEntitlements(const Program& program, const QList<EntitlementOverride>& overrides)
{
    QList<Entitlement> result = program.entitlements;
    for (const auto& o : overrides) {
        result.removeIf([&](const Entitlement& e) { return e.module == o.module; });
        if (o.op == EntitlementOverride::Op::Set) {
            Entitlement e = o.entitlement;
            e.module = o.module;
            result.append(e);
        }
    }
    return result;
}

enum class EPassStatus
{
    Active,
    Revoked
};

/// A controlled multi-use pass. Immutable once issued: only revocation changes it.
struct EPass
{
    QString id;
    Module module;
    QString firstName;
    QString lastName;
    int usages = 0;
    QDate activation; ///< inclusive, local date at the resource
    QDate expiration; ///< inclusive: valid until 23:59:59 local time
    Scope scope;
    EPassStatus status = EPassStatus::Active;
    QByteArray codeHash;
    TravelRestrictions travel = {}; ///< set at issue like the rest of the E-pass (JSON "travel", when set)
    bool operator==(const EPass&) const = default;

    QString holderName() const { return firstName + QLatin1Char(' ') + lastName; }
};

enum class CredentialKind
{
    Membership,
    EPass
};

struct CredentialRef
{
    CredentialKind kind = CredentialKind::Membership;
    QString id;
    /// "M:<id>" / "E:<id>": the key used by usage counters and the journal.
    QString key() const
    {
        return (kind == CredentialKind::Membership ? QStringLiteral("M:") : QStringLiteral("E:")) + id;
    }
    static std::optional<CredentialRef> fromKey(const QString& key);
    bool operator==(const CredentialRef&) const = default;
};

/// One person's (or several persons') draw on one pool in one quota period.
struct PoolUse
{
    Module module;
    Pool pool = Pool::Cardholder;
    QString period; ///< "V", "Y2026", "M2026-11", "D2026-11-27"
    int count = 0;
    bool operator==(const PoolUse&) const = default;
};

/// Central's acknowledged count for one pool and period (arrives through the changes feed).
struct UsageCounter
{
    CredentialRef credential;
    Module module;
    Pool pool = Pool::Cardholder;
    QString period;
    int used = 0;
    bool operator==(const UsageCounter&) const = default;
};

enum class Verdict
{
    Accept,
    Attention,
    Reject
};

/// Reason codes, stable strings in toString(); the screen maps them to plain words.
enum class Reason
{
    Ok,
    UnknownCode,
    MalformedCode,
    NotYetValid,
    Expired,
    PendingActivation,
    Suspended,
    Cancelled,
    Revoked,
    WrongModule,
    OutOfScope,
    NoVisitsLeft,
    TooManyGuests,
    RecentlyUsed,
    CacheStale,
    UnknownResource,
    StoreUnavailable,
    // Signed dynamic codes
    BadSignature,
    TokenExpired,
    TokenNotYetValid,
    UnknownKey,
    Replayed,
    DynamicRequired,
    ClockUnknown,
    // Pre-bookings (Fast Track)
    NoBooking, ///< REJECT: the lane needs a booking and the pass has none for today
    BookingUsed, ///< REJECT: the booking was already used (here or at another lane)
    BookingCancelled, ///< REJECT: the pass's booking was cancelled by the issuer
    OutsideBookingWindow, ///< ATTENTION: booked for another time today (the booked time is shown)
    // Boarding passes (issue 14 §2); their place in the validator's order is in docs/domain.md
    BoardingPassRequired, ///< REJECT: the lounge needs a boarding pass and none was scanned (the desk asks for one)
    WrongAirport, ///< REJECT: no leg departs from (arrives at) this lounge's airport
    NotFlyingToday, ///< REJECT: the leg's flight date is not today at the lounge (or outside the N-hour rule)
    CompartmentNotAllowed, ///< REJECT: the pass does not admit this travel class
    CarrierNotAllowed, ///< REJECT: the pass does not admit this airline
    FlightNotBooked, ///< REJECT: the booking names a flight and the boarding pass is for another one
    NameMismatch, ///< ATTENTION: the boarding pass names someone else (both names are shown)
    BoardingPassUsed, ///< ATTENTION: this boarding pass was already used today at this lounge
};

enum class BookingStatus
{
    Open,
    Cancelled,
    Used ///< consumed by a visit central holds (or, on a terminal, by a standing visit in its own journal)
};

/// A pre-booked slot for one pass at one resource (Fast Track, issue 14 §4). The window is in local time at the
/// resource on `date`; `to` may be earlier than `from` for a window that crosses midnight.
struct Booking
{
    QString id;
    CredentialRef credential;
    QString resourceId;
    QDate date; ///< local date at the resource
    QTime from; ///< local time, minutes
    QTime to;
    QString flightCarrier; ///< optional (IATA airline designator), empty = no flight named
    QString flightNumber;
    int partySize = 1; ///< people the booking admits (holder + guests)
    BookingStatus status = BookingStatus::Open;
    QUuid usedBy; ///< the visit that consumed it (Used)
    QDateTime usedAt; ///< UTC
    QDateTime createdAt; ///< UTC, central's clock
    bool operator==(const Booking&) const = default;

    /// The window as UTC instants in `timeZone` (the resource's), each side widened by `graceMinutes`.
    std::pair<QDateTime, QDateTime> window(const QString& timeZone, int graceMinutes) const;
    QString flight() const { return flightCarrier.isEmpty() ? QString() : flightCarrier + flightNumber; }
};

enum class JournalKind
{
    Redeem,
    Void,
    /// Walk-in / paid entry offered after a refusal: people admitted for a fee, no visit taken from any pool.
    Paid,
};

/// Sync state of a journal record. acknowledged/conflict: central holds it (conflict = central flagged an
/// overdraw; the visit stands). rejected: central refused it permanently (kept and reported, never dropped).
/// Voided is shown for a redemption a Void compensates (Redemption::voidedBy), whatever its sync state.
enum class RedemptionState
{
    Pending,
    Uploaded,
    Acknowledged,
    Conflict,
    Voided,
    Rejected
};

/// One journal record: a redemption or the void that compensates one. Never deleted.
/// What a visit records of a boarding pass (issue 14 §3): for partner billing and reports. The PNR and seat leave the
/// terminal only when the resource's BoardingPassRules::uploadPnrAndSeat is set.
struct FlightRecord
{
    QString carrier; ///< operating carrier
    QString flightNumber;
    QDate date; ///< flight date (the Julian day resolved at the lounge)
    QString from;
    QString to;
    QString compartment;
    QString pnr; ///< local only unless uploadPnrAndSeat
    QString seat; ///< local only unless uploadPnrAndSeat
    QByteArray legKey; ///< bcbp::legKey: the same boarding pass used twice today is spotted with it
    bool operator==(const FlightRecord&) const = default;
};

struct Redemption
{
    qint64 seq = 0; ///< local journal order
    QUuid id; ///< idempotency key, also the upload key
    JournalKind kind = JournalKind::Redeem;
    QUuid voids; ///< for a Void: the redemption it compensates
    QUuid voidedBy; ///< for a Redeem: the Void that compensated it (null = stands)
    CredentialRef credential;
    QString resourceId;
    QString terminalId;
    QString staffId;
    int partySize = 1;
    QList<PoolUse> uses; ///< negative counts on a Void
    QDateTime at; ///< UTC wall clock
    QString clockSource;
    Verdict verdict = Verdict::Accept;
    Reason reason = Reason::Ok;
    RedemptionState state = RedemptionState::Pending;
    std::optional<qint64> serverSeq; ///< central's change sequence once acknowledged
    QString remark; ///< void reason, rejection reason
    QString holderName;
    /// Admitted with a dynamic code: that token's id (the replay key). Uploaded, and covered by the hash chain, so
    /// central can spot one token used at two terminals that were both offline. Empty for a static code.
    QByteArray tokenId;
    /// A guest-count change: the visit this one replaces (voided in the same transaction). Hashed and uploaded.
    QUuid replaces;
    /// Paid entry: the amount taken, in minor units of the lounge's currency (unset = not recorded). Hashed, uploaded.
    std::optional<qint64> amountMinor;
    /// A pre-booking this visit consumed (Fast Track). Hashed and uploaded when set; central marks the booking used and
    /// flags a second standing visit with the same booking (two offline lanes) as a conflict BOOKING_REUSED.
    QString bookingId;
    /// The programme (tier, or "E-pass") at the time of the visit: shift statistics by programme. Local only.
    QString programName;
    /// The boarding passes shown (issue 14 §3): the holder's first, then each guest's that was scanned. Hashed,
    /// uploaded (without PNR/seat unless the lounge enables it).
    QList<FlightRecord> flights = {};
    /// A supervisor admitted without the boarding pass the lounge requires: who and why. Hashed and uploaded.
    QString boardingPassOverrideBy = {};
    QString boardingPassOverrideReason = {};
    QByteArray prevHash; ///< journal hash chain
    QByteArray hash;
};

QString toString(QuotaPeriod p);
std::optional<QuotaPeriod> quotaPeriodFromString(const QString& s);
QString toString(Pool p);
std::optional<Pool> poolFromString(const QString& s);
QString toString(MembershipStatus s);
std::optional<MembershipStatus> membershipStatusFromString(const QString& s);
QString toString(EPassStatus s);
std::optional<EPassStatus> ePassStatusFromString(const QString& s);
QString toString(Verdict v);
std::optional<Verdict> verdictFromString(const QString& s);
QString toString(Reason r);
std::optional<Reason> reasonFromString(const QString& s);
QString toString(RedemptionState s);
QString toString(BookingStatus s);
std::optional<BookingStatus> bookingStatusFromString(const QString& s);
std::optional<RedemptionState> redemptionStateFromString(const QString& s);
QString toString(JournalKind k);
QString toString(CredentialKind k);

} // namespace lounge::core
