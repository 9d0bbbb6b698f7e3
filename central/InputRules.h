#pragma once

#include "Domain.h"
#include "Result.h"

#include <QString>

namespace lounge::central::rules {

/// Limits of what the issuer may store (docs/api.md "Input limits"). Each check returns InvalidArgument naming the
/// field; the issuer endpoints and the CLI go through CentralService, which applies them before anything is written.
inline constexpr int kMaxIdLength = 64;
inline constexpr int kMaxNameLength = 200;
inline constexpr int kMaxValidityDays = 36600; ///< 100 years
inline constexpr int kMaxAllowance = 1000000;
inline constexpr int kMaxGuestsPerVisit = 99; ///< party size 1 + 99 = the wire's 100
inline constexpr int kMaxUsages = 10000;
inline constexpr int kMinYear = 2000;
inline constexpr int kMaxYear = 2999;

/// 1..64 characters of [A-Za-z0-9._-], starting with a letter or digit (no ':' — it separates credential keys).
core::Result<void> checkId(const QString& field, const QString& value);
/// Display text: not empty, at most `maxLength` characters, no control characters (NUL included), no bidi
/// controls (U+200E/F, U+202A–E, U+2066–9, U+061C), no lone surrogates (so it is valid UTF-8 on the way out).
core::Result<void> checkName(const QString& field, const QString& value, int maxLength = kMaxNameLength,
                             bool required = true);
/// A date a credential may carry: valid and within kMinYear..kMaxYear (far-future dates are refused, never wrapped).
core::Result<void> checkDate(const QString& field, const QDate& value, bool required = true);
/// A known IANA time-zone id (QTimeZone::isTimeZoneIdAvailable).
core::Result<void> checkTimeZone(const QString& field, const QString& value);

/// Boarding passes (issue 14): a resource's settings (withinHours 0..kMaxWithinHours; a lounge that uses boarding
/// passes needs an IATA airport code, the legs are judged against it), and a programme's or E-pass's restrictions
/// (compartments: one letter A-Z each; carriers: IATA designators, two letters or digits and an optional letter; each
/// list at most kMaxTravelCodes, no repeats).
inline constexpr int kMaxWithinHours = 72;
inline constexpr int kMaxTravelCodes = 32;
core::Result<void> checkBoardingPassRules(const core::Resource& r);
core::Result<void> checkTravel(const QString& field, const core::TravelRestrictions& t);
/// What a visit uploads of a boarding pass: carrier (as above), flight number (1-4 digits and an optional letter),
/// date (valid, kMinYear..kMaxYear), from/to (three letters), compartment (one letter), PNR (1-7 letters or digits)
/// and seat (1-4 letters or digits) when present; everything upper case. `field` prefixes the refusal.
inline constexpr int kMaxFlightsPerVisit = 100; ///< one boarding pass per person, the wire's largest party
core::Result<void> checkFlightRecord(const QString& field, const core::FlightRecord& f);
/// A supervisor override of a missing boarding pass: who (display text, at most kMaxIdLength) and why (display text,
/// at most kMaxOverrideReasonLength), both required; both empty = no override.
inline constexpr int kMaxOverrideReasonLength = 500;
core::Result<void> checkBoardingPassOverride(const QString& by, const QString& reason);

core::Result<void> checkResource(const core::Resource& r);
core::Result<void> checkEntitlement(const QString& field, const core::Entitlement& e);
core::Result<void> checkProgram(const core::Program& p);
core::Result<void> checkEPass(const core::EPass& e);

} // namespace lounge::central::rules
