#include "Domain.h"
#include "Result.h"

#include <QTimeZone>

#include <array>
#include <utility>

namespace lounge::core {
namespace {

template<typename E, std::size_t N> QString nameOf(const std::array<std::pair<E, const char*>, N>& table, E value)
{
    for (const auto& [e, name] : table) {
        if (e == value) {
            return QString::fromLatin1(name);
        }
    }
    return {};
}

template<typename E, std::size_t N>
std::optional<E> valueOf(const std::array<std::pair<E, const char*>, N>& table, const QString& s)
{
    for (const auto& [e, name] : table) {
        if (s == QLatin1String(name)) {
            return e;
        }
    }
    return std::nullopt;
}

constexpr std::array kPeriods {std::pair {QuotaPeriod::Validity, "VALIDITY"}, std::pair {QuotaPeriod::Year, "YEAR"},
                               std::pair {QuotaPeriod::Month, "MONTH"}, std::pair {QuotaPeriod::Day, "DAY"}};
constexpr std::array kPools {std::pair {Pool::Cardholder, "CARDHOLDER"}, std::pair {Pool::Guest, "GUEST"},
                             std::pair {Pool::Shared, "SHARED"}, std::pair {Pool::Usages, "USAGES"}};
constexpr std::array kMembershipStatuses {
    std::pair {MembershipStatus::Pending, "PENDING"}, std::pair {MembershipStatus::Active, "ACTIVE"},
    std::pair {MembershipStatus::Suspended, "SUSPENDED"}, std::pair {MembershipStatus::Cancelled, "CANCELLED"},
    std::pair {MembershipStatus::Expired, "EXPIRED"}};
constexpr std::array kEPassStatuses {std::pair {EPassStatus::Active, "ACTIVE"},
                                     std::pair {EPassStatus::Revoked, "REVOKED"}};
constexpr std::array kVerdicts {std::pair {Verdict::Accept, "ACCEPT"}, std::pair {Verdict::Attention, "ATTENTION"},
                                std::pair {Verdict::Reject, "REJECT"}};
constexpr std::array kReasons {
    std::pair {Reason::Ok, "OK"},
    std::pair {Reason::UnknownCode, "UNKNOWN_CODE"},
    std::pair {Reason::MalformedCode, "MALFORMED_CODE"},
    std::pair {Reason::NotYetValid, "NOT_YET_VALID"},
    std::pair {Reason::Expired, "EXPIRED"},
    std::pair {Reason::PendingActivation, "PENDING_ACTIVATION"},
    std::pair {Reason::Suspended, "SUSPENDED"},
    std::pair {Reason::Cancelled, "CANCELLED"},
    std::pair {Reason::Revoked, "REVOKED"},
    std::pair {Reason::WrongModule, "WRONG_MODULE"},
    std::pair {Reason::OutOfScope, "OUT_OF_SCOPE"},
    std::pair {Reason::NoVisitsLeft, "NO_VISITS_LEFT"},
    std::pair {Reason::TooManyGuests, "TOO_MANY_GUESTS"},
    std::pair {Reason::RecentlyUsed, "RECENTLY_USED"},
    std::pair {Reason::CacheStale, "CACHE_STALE"},
    std::pair {Reason::UnknownResource, "UNKNOWN_RESOURCE"},
    std::pair {Reason::StoreUnavailable, "STORE_UNAVAILABLE"},
    std::pair {Reason::BadSignature, "BAD_SIGNATURE"},
    std::pair {Reason::TokenExpired, "TOKEN_EXPIRED"},
    std::pair {Reason::TokenNotYetValid, "TOKEN_NOT_YET_VALID"},
    std::pair {Reason::UnknownKey, "UNKNOWN_KEY"},
    std::pair {Reason::Replayed, "REPLAYED"},
    std::pair {Reason::DynamicRequired, "DYNAMIC_REQUIRED"},
    std::pair {Reason::ClockUnknown, "CLOCK_UNKNOWN"},
    std::pair {Reason::NoBooking, "NO_BOOKING"},
    std::pair {Reason::BookingUsed, "BOOKING_USED"},
    std::pair {Reason::BookingCancelled, "BOOKING_CANCELLED"},
    std::pair {Reason::OutsideBookingWindow, "OUTSIDE_BOOKING_WINDOW"},
    std::pair {Reason::BoardingPassRequired, "BOARDING_PASS_REQUIRED"},
    std::pair {Reason::WrongAirport, "WRONG_AIRPORT"},
    std::pair {Reason::NotFlyingToday, "NOT_FLYING_TODAY"},
    std::pair {Reason::CompartmentNotAllowed, "COMPARTMENT_NOT_ALLOWED"},
    std::pair {Reason::CarrierNotAllowed, "CARRIER_NOT_ALLOWED"},
    std::pair {Reason::FlightNotBooked, "FLIGHT_NOT_BOOKED"},
    std::pair {Reason::NameMismatch, "NAME_MISMATCH"},
    std::pair {Reason::BoardingPassUsed, "BOARDING_PASS_USED"},
};
constexpr std::array kBookingStatuses {std::pair {BookingStatus::Open, "OPEN"},
                                       std::pair {BookingStatus::Cancelled, "CANCELLED"},
                                       std::pair {BookingStatus::Used, "USED"}};
constexpr std::array kStates {std::pair {RedemptionState::Pending, "pending"},
                              std::pair {RedemptionState::Uploaded, "uploaded"},
                              std::pair {RedemptionState::Acknowledged, "acknowledged"},
                              std::pair {RedemptionState::Conflict, "conflict"},
                              std::pair {RedemptionState::Voided, "voided"},
                              std::pair {RedemptionState::Rejected, "rejected"}};

} // namespace

std::optional<CredentialRef> CredentialRef::fromKey(const QString& key)
{
    if (key.size() < 3 || key.at(1) != QLatin1Char(':')) {
        return std::nullopt;
    }
    if (key.at(0) == QLatin1Char('M')) {
        return CredentialRef {CredentialKind::Membership, key.mid(2)};
    }
    if (key.at(0) == QLatin1Char('E')) {
        return CredentialRef {CredentialKind::EPass, key.mid(2)};
    }
    return std::nullopt;
}

QString toString(QuotaPeriod p)
{
    return nameOf(kPeriods, p);
}
std::optional<QuotaPeriod> quotaPeriodFromString(const QString& s)
{
    return valueOf(kPeriods, s);
}
QString toString(Pool p)
{
    return nameOf(kPools, p);
}
std::optional<Pool> poolFromString(const QString& s)
{
    return valueOf(kPools, s);
}
QString toString(MembershipStatus s)
{
    return nameOf(kMembershipStatuses, s);
}
std::optional<MembershipStatus> membershipStatusFromString(const QString& s)
{
    return valueOf(kMembershipStatuses, s);
}
QString toString(EPassStatus s)
{
    return nameOf(kEPassStatuses, s);
}
std::optional<EPassStatus> ePassStatusFromString(const QString& s)
{
    return valueOf(kEPassStatuses, s);
}
QString toString(Verdict v)
{
    return nameOf(kVerdicts, v);
}
std::optional<Verdict> verdictFromString(const QString& s)
{
    return valueOf(kVerdicts, s);
}
QString toString(Reason r)
{
    return nameOf(kReasons, r);
}
std::optional<Reason> reasonFromString(const QString& s)
{
    return valueOf(kReasons, s);
}
QString toString(RedemptionState s)
{
    return nameOf(kStates, s);
}
std::optional<RedemptionState> redemptionStateFromString(const QString& s)
{
    return valueOf(kStates, s);
}
QString toString(JournalKind k)
{
    switch (k) {
    case JournalKind::Redeem:
        return QStringLiteral("redeem");
    case JournalKind::Void:
        return QStringLiteral("void");
    case JournalKind::Paid:
        return QStringLiteral("paid");
    }
    return {};
}
QString toString(CredentialKind k)
{
    return k == CredentialKind::Membership ? QStringLiteral("membership") : QStringLiteral("epass");
}

QString toString(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument:
        return QStringLiteral("INVALID_ARGUMENT");
    case ErrorCode::NotFound:
        return QStringLiteral("NOT_FOUND");
    case ErrorCode::Conflict:
        return QStringLiteral("CONFLICT");
    case ErrorCode::DiskFull:
        return QStringLiteral("DISK_FULL");
    case ErrorCode::ReadOnly:
        return QStringLiteral("READ_ONLY");
    case ErrorCode::Locked:
        return QStringLiteral("LOCKED");
    case ErrorCode::Corrupt:
        return QStringLiteral("CORRUPT");
    case ErrorCode::IoError:
        return QStringLiteral("IO_ERROR");
    case ErrorCode::CantOpen:
        return QStringLiteral("CANT_OPEN");
    case ErrorCode::SchemaTooNew:
        return QStringLiteral("SCHEMA_TOO_NEW");
    case ErrorCode::Network:
        return QStringLiteral("NETWORK");
    case ErrorCode::Timeout:
        return QStringLiteral("TIMEOUT");
    case ErrorCode::Protocol:
        return QStringLiteral("PROTOCOL");
    case ErrorCode::Unauthorized:
        return QStringLiteral("UNAUTHORIZED");
    case ErrorCode::Forbidden:
        return QStringLiteral("FORBIDDEN");
    case ErrorCode::Internal:
        return QStringLiteral("INTERNAL");
    }
    return QStringLiteral("INTERNAL");
}

QString toString(BookingStatus s)
{
    return nameOf(kBookingStatuses, s);
}
std::optional<BookingStatus> bookingStatusFromString(const QString& s)
{
    return valueOf(kBookingStatuses, s);
}

std::pair<QDateTime, QDateTime> Booking::window(const QString& timeZone, int graceMinutes) const
{
    QTimeZone tz(timeZone.toUtf8());
    if (!tz.isValid()) {
        tz = QTimeZone::utc();
    }
    QDateTime start(date, from, tz);
    QDateTime end(to < from ? date.addDays(1) : date, to, tz);
    return {start.addSecs(-60 * qint64(graceMinutes)).toUTC(), end.addSecs(60 * qint64(graceMinutes)).toUTC()};
}

} // namespace lounge::core
