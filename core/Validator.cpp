#include "Validator.h"

#include "CredentialCode.h"
#include "DemoData.h"
#include "Json.h"

#include <QHash>
#include <QLoggingCategory>
#include <QTimeZone>

#include <array>
#include <limits>

Q_LOGGING_CATEGORY(lcValidation, "lounge.validation")

namespace lounge::core {
namespace {

struct Remaining
{
    bool unlimited = false;
    int left = 0;
    bool take()
    {
        if (unlimited) {
            return true;
        }
        if (left > 0) {
            --left;
            return true;
        }
        return false;
    }
};

Decision reject(Decision d, Reason reason, QString detail = {})
{
    d.verdict = Verdict::Reject;
    d.reason = reason;
    d.detail = std::move(detail);
    d.uses.clear();
    return d;
}

Reason membershipStatusReason(MembershipStatus s)
{
    switch (s) {
    case MembershipStatus::Pending:
        return Reason::PendingActivation;
    case MembershipStatus::Suspended:
        return Reason::Suspended;
    case MembershipStatus::Cancelled:
        return Reason::Cancelled;
    case MembershipStatus::Expired:
        return Reason::Expired;
    case MembershipStatus::Active:
        return Reason::Ok;
    }
    return Reason::Ok;
}

std::optional<Reason> dateWindowReason(const QDate& today, const QDate& from, const QDate& to)
{
    if (from.isValid() && today < from) {
        return Reason::NotYetValid;
    }
    if (to.isValid() && today > to) {
        return Reason::Expired;
    }
    return std::nullopt;
}

/// Where a scoped credential is valid, for staff ("valid at HKG-T1-LOUNGE", "valid at airports LHR, JFK").
QString validAt(const Scope& scope)
{
    QStringList where = scope.resourceIds;
    if (!scope.airports.isEmpty()) {
        where << QStringLiteral("airports ") + scope.airports.join(QStringLiteral(", "));
    }
    return QStringLiteral("valid at ") + where.join(QStringLiteral("; "));
}

/// QTimeZone's constructor looks the zone up in the system's database (a tenth of a validation's time): keep the
/// few zones a terminal uses, per thread (Validator runs on the store's owner thread and in tests).
QTimeZone zone(const QString& timeZone)
{
    thread_local QHash<QString, QTimeZone> zones;
    auto it = zones.constFind(timeZone);
    if (it == zones.cend()) {
        if (zones.size() >= 64) {
            zones.clear();
        }
        it = zones.insert(timeZone, QTimeZone(timeZone.toUtf8()));
    }
    return *it;
}

/// A flight number as compared: upper case, no blanks, no leading zeros ("0400" and "400", "12a" and "12A").
QString flightKey(const QString& carrier, const QString& number)
{
    QString n = number.trimmed().toUpper().remove(QLatin1Char(' '));
    while (n.size() > 1 && n.startsWith(QLatin1Char('0'))) {
        n.remove(0, 1);
    }
    return carrier.trimmed().toUpper() + QLatin1Char(' ') + n;
}

bool sameFlight(const Booking& b, const bcbp::Leg& leg)
{
    return flightKey(b.flightCarrier, b.flightNumber) == flightKey(leg.carrier, leg.flightNumber);
}

QString flightText(const bcbp::Leg& leg)
{
    return leg.carrier + leg.flightNumber + QLatin1Char(' ') + leg.from + QLatin1Char('-') + leg.to;
}

/// How far a leg got through the rules (the leg shown when none passes them all: the one that got furthest).
int progress(Reason r)
{
    switch (r) {
    case Reason::NotFlyingToday:
        return 1;
    case Reason::CompartmentNotAllowed:
        return 2;
    case Reason::CarrierNotAllowed:
        return 3;
    case Reason::FlightNotBooked:
        return 4;
    case Reason::Ok:
        return 5;
    default:
        return 0;
    }
}

} // namespace

QDate Validator::localDate(const QDateTime& utc, const QString& timeZone)
{
    // QTimeZone's constructor looks the zone up in the system's database (a tenth of a validation's time): keep the
    // few zones a terminal uses, per thread (Validator runs on the store's owner thread and in tests). Converting the
    // instant was another ~5 %: between two of the zone's transitions its offset is constant, so the local date is
    // plain arithmetic on the instant; the span is taken from QTimeZone itself and the arithmetic checked against
    // QDateTime::toTimeZone() when it is taken.
    struct Zone
    {
        QTimeZone tz;
        qint64 fromMs = 0;
        qint64 untilMs = 0; ///< [fromMs, untilMs): offsetMs holds; empty until computed
        qint64 offsetMs = 0;
    };
    constexpr qint64 kMsPerDay = 86400000;
    constexpr qint64 kJulianDayOf1970 = 2440588;
    const auto dateOf = [](qint64 localMs) {
        return QDate::fromJulianDay(kJulianDayOf1970
                                    + (localMs >= 0 ? localMs / kMsPerDay : -((-localMs + kMsPerDay - 1) / kMsPerDay)));
    };
    thread_local QHash<QString, Zone> zones;
    auto it = zones.find(timeZone);
    if (it == zones.end()) {
        if (zones.size() >= 64) {
            zones.clear();
        }
        it = zones.insert(timeZone, Zone {QTimeZone(timeZone.toUtf8())});
    }
    Zone& cached = *it;
    if (!cached.tz.isValid()) {
        qCWarning(lcValidation) << "unknown time zone" << timeZone << "- judging dates in UTC";
        return utc.toUTC().date();
    }
    if (!utc.isValid()) {
        return utc.toTimeZone(cached.tz).date();
    }
    const qint64 ms = utc.toMSecsSinceEpoch();
    if (ms >= cached.fromMs && ms < cached.untilMs) {
        return dateOf(ms + cached.offsetMs);
    }
    const QDate date = utc.toTimeZone(cached.tz).date();
    const QTimeZone::OffsetData next = cached.tz.nextTransition(utc);
    cached.fromMs = ms;
    cached.offsetMs = qint64(cached.tz.offsetFromUtc(utc)) * 1000;
    if (next.atUtc.isValid()) {
        cached.untilMs = next.atUtc.toMSecsSinceEpoch();
    } else if (!cached.tz.hasTransitions() && cached.tz.hasDaylightTime()) {
        cached.untilMs = cached.fromMs; // daylight time but no transitions to bound it: ask QDateTime every time
    } else {
        cached.untilMs = std::numeric_limits<qint64>::max(); // no transition ahead: the offset holds from here on
    }
    if (dateOf(ms + cached.offsetMs) != date) {
        cached.untilMs = cached.fromMs; // the arithmetic does not agree here: ask QDateTime every time
    }
    return date;
}

void Validator::addRecordedBoardingPasses(ScanInput& input, const Redemption& visit)
{
    for (int i = 0; i < visit.flights.size(); ++i) {
        const FlightRecord& f = visit.flights.at(i);
        bcbp::Leg leg;
        leg.from = f.from;
        leg.to = f.to;
        leg.carrier = f.carrier;
        leg.flightNumber = f.flightNumber;
        leg.julianDay = f.date.isValid() ? f.date.dayOfYear() : 0;
        leg.compartment = f.compartment;
        bcbp::BoardingPass pass;
        pass.legs = {leg};
        if (i == 0) {
            input.boardingPass = pass;
        } else {
            input.guestBoardingPasses.append(pass);
        }
    }
    input.boardingPassOverrideBy = visit.boardingPassOverrideBy;
    input.boardingPassOverrideReason = visit.boardingPassOverrideReason;
}

QDate Validator::earliestLocalDate(const QDateTime& utc)
{
    constexpr int kWesternmostOffsetSeconds = -12 * 3600; // Baker Island, Etc/GMT+12: no inhabited zone is later
    return utc.toUTC().toOffsetFromUtc(kWesternmostOffsetSeconds).date();
}

QString Validator::periodKey(QuotaPeriod period, const QDate& d)
{
    switch (period) {
    case QuotaPeriod::Validity:
        return QStringLiteral("V");
    // QString::arg parses its pattern each time (~1.4 k instructions a validation): the same text built directly, a
    // four-digit year (every date a clock gives) written digit by digit.
    case QuotaPeriod::Year:
    case QuotaPeriod::Month: {
        const int year = d.year();
        const int month = d.month();
        if (year < 1000 || year > 9999) {
            return period == QuotaPeriod::Year ? QLatin1Char('Y') + QString::number(year)
                                               : QLatin1Char('M') + QString::number(year)
                    + (month < 10 ? QLatin1String("-0") : QLatin1String("-")) + QString::number(month);
        }
        const char16_t text[8] = {period == QuotaPeriod::Year ? u'Y' : u'M',
                                  char16_t(u'0' + year / 1000),
                                  char16_t(u'0' + year / 100 % 10),
                                  char16_t(u'0' + year / 10 % 10),
                                  char16_t(u'0' + year % 10),
                                  u'-',
                                  char16_t(u'0' + month / 10),
                                  char16_t(u'0' + month % 10)};
        return QString(reinterpret_cast<const QChar*>(text), period == QuotaPeriod::Year ? 5 : 8);
    }
    case QuotaPeriod::Day:
        return QLatin1Char('D') + json::dateToString(d);
    }
    return QStringLiteral("V");
}

Decision Validator::validate(const ScanInput& input, const CacheView& cache, const TerminalContext& terminal,
                             const Clock& clock, const TokenVerifier* verifier)
{
    Decision d;
    d.at = clock.now();
    d.clockSource = clock.source();
    d.resourceId = terminal.resourceId;
    d.partySize = std::max(1, input.partySize);
    const int guests = d.partySize - 1;

    auto storeFailure = [&](const Error& e) {
        d.storeError = e;
        return reject(d, Reason::StoreUnavailable, e.toString());
    };

    // 1. Parse (a correction of a recorded visit names its credential instead).
    auto parsed = input.recorded ? Result<ParsedCode>(ParsedCode {}) : CredentialCode::parse(input.raw);
    if (!parsed) {
        return reject(d, Reason::MalformedCode, parsed.error().detail);
    }

    // A static code's row is read before the resource (issue 16, sixth round): the first read of a validation's
    // snapshot starts it, and with the lookup first, the resource's kept row (Store::changeStamp) needs no statement
    // of its own to start it. Its result is looked at in step 3, after the resource's, so the decisions and their
    // order are as before (tst_validator lookupAfterTheResourceAsBefore).
    std::optional<Result<std::optional<Membership>>> staticMembership;
    std::optional<Result<std::optional<EPass>>> staticEPass;
    if (!input.recorded) {
        switch (parsed->kind) {
        case ParsedCode::Kind::MembershipCode:
            staticMembership = cache.membershipByCodeHash(parsed->hash);
            break;
        case ParsedCode::Kind::MembershipNumber:
            staticMembership = cache.membershipByNumber(parsed->canonical);
            break;
        case ParsedCode::Kind::EPassCode:
            staticEPass = cache.ePassByCodeHash(parsed->hash);
            break;
        case ParsedCode::Kind::DynamicToken:
            break;
        }
    }

    // 2. Where are we?
    auto resourceResult = cache.resource(terminal.resourceId);
    if (!resourceResult) {
        return storeFailure(resourceResult.error());
    }
    if (!resourceResult->has_value()) {
        return reject(d, Reason::UnknownResource, terminal.resourceId);
    }
    const Resource resource = **resourceResult;
    const QDate today = localDate(d.at, resource.timeZone);
    d.boardingPassPolicy = resource.boardingPass.policy; // the desk asks for one when Required, whatever follows

    // 3. Look the credential up.
    std::optional<Membership> membership;
    std::optional<EPass> ePass;
    if (input.recorded) {
        if (input.recorded->kind == CredentialKind::Membership) {
            auto m = cache.membershipById(input.recorded->id);
            if (!m) {
                return storeFailure(m.error());
            }
            membership = *m;
        } else {
            auto e = cache.ePassById(input.recorded->id);
            if (!e) {
                return storeFailure(e.error());
            }
            ePass = *e;
        }
    } else {
        switch (parsed->kind) {
        case ParsedCode::Kind::DynamicToken: {
            if (!verifier) {
                return reject(d, Reason::UnknownCode, QStringLiteral("dynamic codes are not enabled on this terminal"));
            }
            auto verified = verifier->verify(parsed->tokenBytes, d.at);
            if (const Reason* reason = std::get_if<Reason>(&verified)) {
                return reject(d, *reason);
            }
            const auto& ok = std::get<TokenVerifier::Verified>(verified);
            d.dynamicCode = true;
            d.tokenId = ok.tokenId;
            d.tokenExpiresAt = ok.expiresAt;
            if (ok.credential.kind == CredentialKind::Membership) {
                auto m = cache.membershipById(ok.credential.id);
                if (!m) {
                    return storeFailure(m.error());
                }
                membership = *m;
            } else {
                auto e = cache.ePassById(ok.credential.id);
                if (!e) {
                    return storeFailure(e.error());
                }
                ePass = *e;
            }
            break;
        }
        case ParsedCode::Kind::MembershipCode:
        case ParsedCode::Kind::MembershipNumber: {
            auto& m = *staticMembership; // read above
            if (!m) {
                return storeFailure(m.error());
            }
            membership = std::move(*m);
            break;
        }
        case ParsedCode::Kind::EPassCode: {
            auto& e = *staticEPass; // read above
            if (!e) {
                return storeFailure(e.error());
            }
            ePass = std::move(*e);
            break;
        }
        }
    }
    if (!membership && !ePass) {
        return reject(d, Reason::UnknownCode);
    }
    if (terminal.refuseDemoCredentials
        && DemoData::isDemoCodeHash(membership ? membership->codeHash : ePass->codeHash)) {
        return reject(d, Reason::UnknownCode, QStringLiteral("a public demo code: refused on an enrolled terminal"));
    }

    std::array<Remaining, 3> pools; // parallel to d.balances (a membership's: cardholder, guest, shared)
    std::optional<Entitlement> entitlement;
    TravelRestrictions travel; // the boarding passes this credential admits (E-pass: its own; else the programme's)
    QString firstNames; // the holder's name as a boarding pass is compared with it
    QString lastName;
    bool requireDynamic = resource.requireDynamic && !input.recorded;
    // The pools' counts and the last use here, read at the quota step (one statement); the duplicate check (14) uses
    // the same snapshot's last use.
    std::optional<CacheView::Use> use;

    if (ePass) {
        d.credential = CredentialRef {CredentialKind::EPass, ePass->id};
        d.holderName = ePass->holderName();
        d.programName = QStringLiteral("E-pass");
        d.module = ePass->module;
        travel = ePass->travel;
        firstNames = ePass->firstName;
        lastName = ePass->lastName;
        // 4-5. Status, validity.
        if (ePass->status == EPassStatus::Revoked) {
            return reject(d, Reason::Revoked);
        }
        if (auto r = dateWindowReason(today, ePass->activation, ePass->expiration)) {
            return reject(d, *r);
        }
        if (requireDynamic && !d.dynamicCode) {
            return reject(d, Reason::DynamicRequired);
        }
        // 6-7. Module, scope.
        if (ePass->module != resource.module) {
            return reject(d, Reason::WrongModule, ePass->module + QStringLiteral(" pass at a ") + resource.module);
        }
        if (!ePass->scope.covers(resource)) {
            return reject(d, Reason::OutOfScope, validAt(ePass->scope));
        }
        // 8. Party: an E-pass is personal (named holder); it carries no guests.
        d.guestsAllowed = 0;
        if (guests > 0) {
            return reject(d, Reason::TooManyGuests, QStringLiteral("an E-pass admits its holder only"));
        }
        // 9. Quota.
        const QString period = periodKey(QuotaPeriod::Validity, today);
        auto counted = cache.usedAndLastUse(*d.credential, ePass->module, {Pool::Usages}, period, resource.id);
        if (!counted) {
            return storeFailure(counted.error());
        }
        use = std::move(*counted);
        Remaining left {false, ePass->usages - use->used.value(0)};
        PoolBalance balance {Pool::Usages, false, ePass->usages, left.left, 0};
        if (!left.take()) {
            balance.remaining = std::min(balance.remaining, 0);
            d.balances = {balance};
            return reject(d, Reason::NoVisitsLeft);
        }
        balance.thisVisit = 1;
        balance.remaining = left.left;
        d.balances = {balance};
        d.uses = {PoolUse {ePass->module, Pool::Usages, period, 1}};
    } else {
        d.credential = CredentialRef {CredentialKind::Membership, membership->id};
        d.holderName = membership->holderName;
        d.module = resource.module;
        if (resource.boardingPass.policy != BoardingPassPolicy::NotUsed) {
            // Only step 13 compares a boarding pass's name with the holder's.
            const QString holder = membership->holderName.trimmed();
            const qsizetype lastSpace = holder.lastIndexOf(QLatin1Char(' '));
            firstNames = lastSpace < 0 ? QString() : holder.left(lastSpace);
            lastName = holder.mid(lastSpace + 1);
        }
        const QString programId = membership->programAt(d.at);
        auto program = cache.program(programId);
        if (!program) {
            return storeFailure(program.error());
        }
        if (program->has_value()) {
            d.programName = program->value().name;
            travel = program->value().travel;
            requireDynamic = requireDynamic || (program->value().requireDynamic && !input.recorded);
        }
        // 4-5. Status, validity.
        if (const Reason r = membershipStatusReason(membership->status); r != Reason::Ok) {
            return reject(d, r);
        }
        if (auto r = dateWindowReason(today, membership->validFrom, membership->validTo)) {
            return reject(d, *r);
        }
        if (!program->has_value()) {
            return reject(d, Reason::UnknownCode, QStringLiteral("tier %1 not in cache").arg(programId));
        }
        if (requireDynamic && !d.dynamicCode) {
            return reject(d, Reason::DynamicRequired);
        }
        // 6. Module: the membership needs an entitlement for this resource's module.
        for (const auto& e : effectiveEntitlements(**program, membership->overrides)) {
            if (e.module == resource.module) {
                entitlement = e;
            }
        }
        if (!entitlement) {
            return reject(d, Reason::WrongModule, QStringLiteral("no %1 entitlement").arg(resource.module));
        }
        if (auto r = dateWindowReason(today, entitlement->validFrom.value_or(QDate()),
                                      entitlement->validTo.value_or(QDate()))) {
            return reject(d, *r, QStringLiteral("entitlement window"));
        }
        // 7. Scope.
        if (!entitlement->scope.covers(resource)) {
            return reject(d, Reason::OutOfScope, validAt(entitlement->scope));
        }
        // 8-9. Party and quota: the holder draws on the cardholder pool, then shared; each guest on the guest
        // pool, then shared.
        const QString period = periodKey(entitlement->period, today);
        const std::pair<Pool, Allowance> poolDefs[] = {{Pool::Cardholder, entitlement->cardholder},
                                                       {Pool::Guest, entitlement->guest},
                                                       {Pool::Shared, entitlement->shared}};
        QList<Pool> counted;
        counted.reserve(3);
        for (const auto& [pool, allowance] : poolDefs) {
            if (!allowance.unlimited) {
                counted.append(pool);
            }
        }
        auto usedCounts = cache.usedAndLastUse(*d.credential, resource.module, counted, period, resource.id);
        if (!usedCounts) {
            return storeFailure(usedCounts.error());
        }
        use = std::move(*usedCounts);
        d.balances.reserve(3);
        for (const auto& [pool, allowance] : poolDefs) {
            Remaining left {allowance.unlimited, 0};
            if (!allowance.unlimited) {
                left.left = allowance.count - use->used.at(counted.indexOf(pool));
            }
            pools[size_t(d.balances.size())] = left;
            d.balances.append(
                PoolBalance {pool, allowance.unlimited, allowance.unlimited ? 0 : allowance.count, left.left, 0});
        }
        auto plan = pools; // simulate the draw
        int holderFrom = -1;
        if (plan[0].take()) {
            holderFrom = 0;
        } else if (plan[2].take()) {
            holderFrom = 2;
        }
        int coverable = 0;
        QList<int> guestFrom;
        for (int g = 0; g < entitlement->guestsPerVisit; ++g) {
            if (plan[1].take()) {
                guestFrom.append(1);
            } else if (plan[2].take()) {
                guestFrom.append(2);
            } else {
                break;
            }
            ++coverable;
        }
        d.guestsAllowed = holderFrom < 0 ? 0 : coverable;
        if (guests > entitlement->guestsPerVisit) {
            return reject(d, Reason::TooManyGuests,
                          QStringLiteral("%1 guests allowed per visit").arg(entitlement->guestsPerVisit));
        }
        if (holderFrom < 0) {
            return reject(d, Reason::NoVisitsLeft);
        }
        if (guests > coverable) {
            return reject(d, Reason::NoVisitsLeft, QStringLiteral("visits left for %1 guests").arg(coverable));
        }
        int takes[3] = {0, 0, 0};
        takes[holderFrom] += 1;
        for (int g = 0; g < guests; ++g) {
            takes[guestFrom[g]] += 1;
        }
        for (int i = 0; i < 3; ++i) {
            d.balances[i].thisVisit = takes[i];
            if (!d.balances[i].unlimited) {
                d.balances[i].remaining = pools[size_t(i)].left - takes[i];
            }
            if (takes[i] > 0) {
                d.uses.append(PoolUse {resource.module, d.balances[i].pool, period, takes[i]});
            }
        }
    }

    // 12. Pre-booking: a lane that requires one admits a pass only against its booking for now. Booked for another
    // time is an ATTENTION, given after the boarding-pass rejections (13).
    std::optional<QString> outsideBookingWindow;
    if (resource.bookingRequired) {
        auto list = cache.bookings(*d.credential, resource.id, today.addDays(-1), today.addDays(1));
        if (!list) {
            return storeFailure(list.error());
        }
        std::optional<Booking> now;
        std::optional<Booking> laterOrEarlier; // open, booked for another time today: the nearest
        qint64 nearest = std::numeric_limits<qint64>::max();
        std::optional<Booking> used;
        std::optional<Booking> cancelled;
        for (const Booking& b : *list) {
            const auto [start, end] = b.window(resource.timeZone, resource.bookingGraceMinutes);
            const bool covers = start <= d.at && d.at <= end;
            if (!covers && b.date != today) {
                continue; // yesterday's or tomorrow's booking whose window is not now: not this visit's
            }
            if (b.status == BookingStatus::Open) {
                if (covers) {
                    if (!now || b.window(resource.timeZone, 0).first < now->window(resource.timeZone, 0).first) {
                        now = b;
                    }
                } else {
                    const qint64 distance = std::min(std::abs(d.at.secsTo(start)), std::abs(d.at.secsTo(end)));
                    if (distance < nearest) {
                        nearest = distance;
                        laterOrEarlier = b;
                    }
                }
            } else if (b.status == BookingStatus::Used) {
                used = b;
            } else {
                cancelled = b;
            }
        }
        const auto booked = [](const Booking& b) {
            QString s = QStringLiteral("booked %1 %2-%3")
                            .arg(b.date.toString(Qt::ISODate), json::timeToString(b.from), json::timeToString(b.to));
            if (!b.flight().isEmpty()) {
                s += QStringLiteral(", flight ") + b.flight();
            }
            return s;
        };
        if (now) {
            d.booking = now;
            if (d.partySize > now->partySize) {
                return reject(d, Reason::TooManyGuests, QStringLiteral("booked for %1").arg(now->partySize));
            }
        } else if (!resource.walkUpsAllowed) {
            // (With walk-ups, a pass without a booking for now is admitted by the usual rules; a later booking stays.)
            if (laterOrEarlier) {
                d.booking = laterOrEarlier;
                if (d.partySize > laterOrEarlier->partySize) {
                    return reject(d, Reason::TooManyGuests,
                                  QStringLiteral("booked for %1").arg(laterOrEarlier->partySize));
                }
                outsideBookingWindow = booked(*laterOrEarlier);
            } else if (used) {
                d.booking = used;
                return reject(d, Reason::BookingUsed, booked(*used));
            } else if (cancelled) {
                d.booking = cancelled;
                return reject(d, Reason::BookingCancelled, booked(*cancelled));
            } else {
                return reject(d, Reason::NoBooking);
            }
        }
    }

    // 13. Boarding passes (issue 14 §2; docs/domain.md "Boarding passes"). Each scanned pass, the holder's then each
    // guest's: a leg from (arrival lounge: to) this airport, flying today, in a class and on a carrier the credential
    // admits, the booked flight if the booking names one. Then a missing required pass, then the attentions.
    std::optional<std::pair<Reason, QString>> boardingPassAttention;
    if (resource.boardingPass.policy != BoardingPassPolicy::NotUsed) {
        const BoardingPassRules& rules = resource.boardingPass;
        const QTimeZone tz = zone(resource.timeZone);
        const QDateTime dayStart = QDateTime(today, QTime(0, 0), tz.isValid() ? tz : QTimeZone::utc()).toUTC();
        const QDateTime dayEnd = QDateTime(today.addDays(1), QTime(0, 0), tz.isValid() ? tz : QTimeZone::utc()).toUTC();
        // The bookings that can name the flight and its time: the one this visit uses, or (N-hour rule) this
        // credential's bookings here around today.
        QList<Booking> flightBookings;
        if (d.booking) {
            flightBookings = {*d.booking};
        } else if (rules.withinHours > 0 && (input.boardingPass || !input.guestBoardingPasses.isEmpty())) {
            auto list = cache.bookings(*d.credential, resource.id, today.addDays(-1), today.addDays(1));
            if (!list) {
                return storeFailure(list.error());
            }
            for (const Booking& b : *list) {
                if (b.status != BookingStatus::Cancelled && !b.flight().isEmpty()) {
                    flightBookings.append(b);
                }
            }
        }
        const auto legReason = [&](const bcbp::Leg& leg, const QDate& date) {
            std::optional<Booking> timed;
            if (rules.withinHours > 0) {
                for (const Booking& b : flightBookings) {
                    if (!b.flight().isEmpty() && sameFlight(b, leg) && b.date == date) {
                        timed = b;
                        break;
                    }
                }
            }
            if (timed) {
                const auto [start, end] = timed->window(resource.timeZone, 0);
                const qint64 hours = 3600 * qint64(rules.withinHours);
                if (d.at < start.addSecs(-hours) || d.at > end.addSecs(hours)) {
                    return Reason::NotFlyingToday;
                }
            } else if (date != today) {
                return Reason::NotFlyingToday;
            }
            if (!travel.compartments.isEmpty() && !travel.compartments.contains(leg.compartment.toUpper())) {
                return Reason::CompartmentNotAllowed;
            }
            if (!travel.carriers.isEmpty() && !travel.carriers.contains(leg.carrier.toUpper())) {
                return Reason::CarrierNotAllowed;
            }
            if (d.booking && !d.booking->flight().isEmpty() && !sameFlight(*d.booking, leg)) {
                return Reason::FlightNotBooked;
            }
            return Reason::Ok;
        };
        const auto check = [&](const bcbp::BoardingPass& pass, bool holder) -> Result<BoardingPassCheck> {
            BoardingPassCheck c;
            c.printedName = pass.passengerName;
            if (holder) {
                c.expectedName = d.holderName;
                c.nameMatches = bcbp::nameMatches(pass, firstNames, lastName);
            }
            c.reason = Reason::WrongAirport;
            QDate bestDate;
            for (int i = 0; i < pass.legs.size(); ++i) {
                const bcbp::Leg& leg = pass.legs.at(i);
                const QString& airport = rules.direction == LoungeDirection::Arrival ? leg.to : leg.from;
                if (airport.compare(resource.airport, Qt::CaseInsensitive) != 0) {
                    continue;
                }
                const QDate date = bcbp::flightDate(leg.julianDay, today);
                const Reason r = legReason(leg, date);
                if (c.legIndex < 0 || progress(r) > progress(c.reason)) {
                    c.legIndex = i;
                    c.reason = r;
                    bestDate = date;
                }
                if (r == Reason::Ok) {
                    break;
                }
            }
            if (c.legIndex < 0) {
                return c;
            }
            const bcbp::Leg& leg = pass.legs.at(c.legIndex);
            c.flight = FlightRecord {leg.carrier, leg.flightNumber, bestDate,
                                     leg.from,    leg.to,           leg.compartment,
                                     leg.pnr,     leg.seat,         bcbp::legKey(pass, c.legIndex)};
            if (c.reason == Reason::Ok) {
                auto used = cache.boardingPassUsedAt(c.flight.legKey, resource.id, dayStart, dayEnd);
                if (!used) {
                    return used.error();
                }
                c.usedToday = used->has_value();
            }
            return c;
        };
        const auto rejection = [&](const BoardingPassCheck& c, const bcbp::BoardingPass& pass) {
            switch (c.reason) {
            case Reason::WrongAirport: {
                QStringList legs;
                for (const auto& leg : pass.legs) {
                    legs << flightText(leg);
                }
                return legs.join(QStringLiteral(", ")) + QStringLiteral(": not ")
                    + (rules.direction == LoungeDirection::Arrival ? QStringLiteral("to ") : QStringLiteral("from "))
                    + resource.airport;
            }
            case Reason::NotFlyingToday:
                return flightText(pass.legs.at(c.legIndex)) + QStringLiteral(" on ")
                    + c.flight.date.toString(Qt::ISODate);
            case Reason::CompartmentNotAllowed:
                return QStringLiteral("class %1; this pass admits %2")
                    .arg(c.flight.compartment, travel.compartments.join(QStringLiteral(", ")));
            case Reason::CarrierNotAllowed:
                return QStringLiteral("%1; this pass admits %2")
                    .arg(c.flight.carrier, travel.carriers.join(QStringLiteral(", ")));
            case Reason::FlightNotBooked:
                return QStringLiteral("boarding pass %1, booked %2")
                    .arg(c.flight.carrier + c.flight.flightNumber, d.booking->flight());
            default:
                return QString();
            }
        };
        std::optional<std::pair<Reason, QString>> firstRejection;
        if (input.boardingPass) {
            auto c = check(*input.boardingPass, true);
            if (!c) {
                return storeFailure(c.error());
            }
            d.boardingPass = *c;
            if (c->reason != Reason::Ok) {
                firstRejection = {c->reason, rejection(*c, *input.boardingPass)};
            }
        }
        for (int g = 0; g < input.guestBoardingPasses.size(); ++g) {
            auto c = check(input.guestBoardingPasses.at(g), false);
            if (!c) {
                return storeFailure(c.error());
            }
            d.guestBoardingPasses.append(*c);
            if (c->reason != Reason::Ok && !firstRejection) {
                firstRejection
                    = {c->reason,
                       QStringLiteral("guest %1: ").arg(g + 1) + rejection(*c, input.guestBoardingPasses.at(g))};
            }
        }
        if (firstRejection) {
            return reject(d, firstRejection->first, firstRejection->second);
        }
        // A correction of a recorded visit does not ask again (the visit it replaces was judged with its pass).
        const bool overridden = !input.boardingPassOverrideBy.trimmed().isEmpty()
            && !input.boardingPassOverrideReason.trimmed().isEmpty();
        if (rules.policy == BoardingPassPolicy::Required && !input.boardingPass && !overridden && !input.recorded) {
            return reject(d, Reason::BoardingPassRequired);
        }
        if (d.boardingPass && !d.boardingPass->nameMatches) {
            boardingPassAttention
                = {Reason::NameMismatch,
                   QStringLiteral("boarding pass: %1; pass: %2").arg(d.boardingPass->printedName, d.holderName)};
        } else {
            QList<BoardingPassCheck> all = d.guestBoardingPasses;
            if (d.boardingPass) {
                all.prepend(*d.boardingPass);
            }
            for (int i = 0; i < all.size(); ++i) {
                if (all.at(i).usedToday) {
                    const bool guest = d.boardingPass ? i > 0 : true;
                    const int guestNumber = d.boardingPass ? i : i + 1;
                    boardingPassAttention = {Reason::BoardingPassUsed,
                                             (guest ? QStringLiteral("guest %1: ").arg(guestNumber) : QString())
                                                 + all.at(i).flight.carrier + all.at(i).flight.flightNumber
                                                 + QStringLiteral(" already used here today")};
                    break;
                }
            }
        }
    }

    // Attentions, in order: booked for another time, the boarding pass's name, its reuse today, a recent visit, a
    // stale cache.
    if (outsideBookingWindow) {
        d.verdict = Verdict::Attention;
        d.reason = Reason::OutsideBookingWindow;
        d.detail = *outsideBookingWindow;
        return d;
    }
    if (boardingPassAttention) {
        d.verdict = Verdict::Attention;
        d.reason = boardingPassAttention->first;
        d.detail = boardingPassAttention->second;
        return d;
    }

    // 14. Duplicate within the window: ask before charging twice.
    auto last = use ? Result<std::optional<QDateTime>>(use->lastUse) : cache.lastUse(*d.credential, resource.id);
    if (!last) {
        return storeFailure(last.error());
    }
    d.lastUsedAt = *last;
    if (d.lastUsedAt && terminal.recentlyUsedSeconds > 0) {
        // A use stamped after "now" means the clock went back since it was recorded: its age is unknown, so it
        // counts as recent (the journal's order says it came before this scan). Moving the clock back never
        // skips the guard.
        const qint64 age = d.lastUsedAt->secsTo(d.at);
        if (age < terminal.recentlyUsedSeconds) {
            d.verdict = Verdict::Attention;
            d.reason = Reason::RecentlyUsed;
            d.detail = age < 0 ? QStringLiteral("used here at %1, later than this terminal's clock (clock moved back?)")
                                     .arg(d.lastUsedAt->toString(Qt::ISODate))
                               : QStringLiteral("used here at %1").arg(d.lastUsedAt->toString(Qt::ISODate));
            return d;
        }
    }

    // 15. A cache we have not refreshed for too long may miss a suspension.
    if (terminal.staleAfterSeconds > 0) {
        auto synced = cache.lastSync();
        if (!synced) {
            return storeFailure(synced.error());
        }
        if (!synced->isValid() || synced->secsTo(d.at) > terminal.staleAfterSeconds) {
            d.verdict = Verdict::Attention;
            d.reason = Reason::CacheStale;
            d.detail = synced->isValid() ? QStringLiteral("last sync %1").arg(synced->toString(Qt::ISODate))
                                         : QStringLiteral("never synced");
            return d;
        }
    }

    d.verdict = Verdict::Accept;
    d.reason = Reason::Ok;
    return d;
}

} // namespace lounge::core
