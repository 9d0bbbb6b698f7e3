#pragma once

#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDate>
#include <QList>
#include <QString>

#include <variant>

/// IATA Bar Coded Boarding Pass (Resolution 792, format "M"): the parser the desk uses on the second scan (issue 14
/// §1). GUI-free and strict: every mandatory field is checked for its width and character class, the sizes of the
/// variable blocks must add up, and the two failures are kept apart so staff hear the right thing ("this is not a
/// boarding pass" vs. "this boarding pass is damaged, scan it again or type the flight").
namespace lounge::core::bcbp {

/// One flight leg (the repeated mandatory items 6–8 and their conditional block).
struct Leg
{
    QString pnr; ///< item 7, operating carrier PNR code, trimmed (never uploaded unless the lounge enables it)
    QString from; ///< item 26, from city airport code (IATA, 3 letters, upper case)
    QString to; ///< item 38, to city airport code
    QString carrier; ///< item 42, operating carrier designator, trimmed (2–3 characters, upper case)
    QString flightNumber; ///< item 43, trimmed, leading zeros removed, optional suffix letter kept ("0123A" -> "123A")
    int julianDay = 0; ///< item 46, day of the year of the flight, 1–366 (the year is not in the pass)
    QString compartment; ///< item 71, one letter (F, J, C, W, Y, ... as the carrier uses them)
    QString seat; ///< item 104, trimmed, leading zeros removed ("001A" -> "1A"); empty for "INF"/blank
    QString checkInSequence; ///< item 107, trimmed
    QString passengerStatus; ///< item 113, one character
    // Conditional items of the leg (empty when the pass has no conditional block or leaves them blank).
    QString airlineNumericCode; ///< item 142
    QString documentSerialNumber; ///< item 143
    QString selecteeIndicator; ///< item 18
    QString internationalDocumentationVerification; ///< item 108
    QString marketingCarrier; ///< item 19
    QString frequentFlyerAirline; ///< item 20
    QString frequentFlyerNumber; ///< item 236
    QString idAdIndicator; ///< item 89
    QString freeBaggageAllowance; ///< item 118
    QString fastTrack; ///< item 254 (version 5+), "Y"/"N"/empty
    QByteArray airlinePrivate; ///< item 4, as printed
    bool operator==(const Leg&) const = default;
};

struct BoardingPass
{
    QString passengerName; ///< item 11 as printed, trimmed ("SURNAME/GIVEN TITLE", at most 20 characters)
    QString electronicTicket; ///< item 253, "E" or blank
    QList<Leg> legs; ///< 1–4
    // Unique conditional items (empty when absent).
    int version = 0; ///< item 9 (0 = no conditional block)
    QString passengerDescription; ///< item 15
    QString sourceOfCheckIn; ///< item 12
    QString sourceOfIssuance; ///< item 14
    QString dateOfIssue; ///< item 22, "YDDD" as printed
    QString documentType; ///< item 16, "B" boarding pass / "I" itinerary receipt
    QString issuerDesignator; ///< item 21
    QStringList baggageTags; ///< items 23, 31, 32
    QString securityType; ///< item 28 (after '^'), empty when the pass carries no security data
    QByteArray securityData; ///< item 30
    QByteArray raw; ///< the text as scanned (not logged: it holds the PNR)
    bool operator==(const BoardingPass&) const = default;

    QString surname() const; ///< before '/', trimmed
    QString givenNames() const; ///< after '/', with a trailing title (MR, MRS, MS, MSTR, MISS, DR, ...) removed
};

enum class ParseFailure
{
    NotABoardingPass, ///< the text does not start like a BCBP ('M', leg count, 20-character name, 'E'/' ')
    Damaged, ///< it starts like one but a field is missing, too short, of the wrong kind, or the sizes disagree
};

struct ParseError
{
    ParseFailure failure = ParseFailure::NotABoardingPass;
    QString detail; ///< which item and where (for logs; never holds the PNR or the name)
};

/// Parses a scanned text. Tolerates what real passes carry: no conditional block, lower case, trailing spaces or a
/// trailing newline, a conditional block shorter than its stated size when the missing part is only trailing blanks.
std::variant<BoardingPass, ParseError> parse(QByteArrayView text);

/// Cheap classification for a scanned code: true when the text starts like a BCBP (format code 'M' or 'm', a leg
/// count 1–4). The desk uses it to tell a boarding pass from a lounge pass before parsing either.
bool looksLikeBoardingPass(QByteArrayView text);

/// The calendar date of a leg's Julian day, judged against `today` (the lounge's local date): the date with that
/// day-of-year in today's year, the year before or the year after, whichever is nearest to `today` (so day 001 scanned
/// on 31 December is tomorrow, day 365 scanned on 1 January is yesterday). Day 366 only exists in leap years.
/// Invalid QDate for a day outside 1–366.
QDate flightDate(int julianDay, const QDate& today);

/// A name as compared: upper case, diacritics transliterated to Latin (É->E, Ø->O, ß->SS, ...), hyphens, apostrophes,
/// dots and runs of spaces folded to one space, titles (MR MRS MS MSTR MISS DR ...) removed from the end.
QString normalizedName(const QString& name);

/// Whether the BCBP name field names this person (E-pass first/last name, or a membership holder name split at its
/// last space): surname equal after normalisation, and the given names equal, or one a prefix of the other where the
/// printed field was truncated at 20 characters, or the printed given name is the first given name's initial.
bool nameMatches(const BoardingPass& pass, const QString& firstNames, const QString& lastName);

/// A stable identity of one leg of one boarding pass (carrier, flight, Julian day, from, check-in sequence, PNR,
/// name), hashed: the key a visit stores so the same boarding pass used twice at a lounge on one day can be spotted
/// without keeping the PNR. 32 bytes.
QByteArray legKey(const BoardingPass& pass, int legIndex);

} // namespace lounge::core::bcbp
