#pragma once

#include <QByteArrayView>
#include <QString>

namespace lounge::core {

/// What kind of code the desk just read (issue 14 §1): it decides which step of the two-scan flow a scan feeds.
enum class CodeKind
{
    LoungePass, ///< a membership or E-pass code, a printed membership number, a dynamic token, or a damaged "L1..."
    BoardingPass, ///< an IATA BCBP, read or damaged (bcbp::parse does not answer NotABoardingPass)
    StaffBadge, ///< "STAFF:<id>" as the desk's badges carry it
    Unknown, ///< anything else (a URL, a coupon, text): the desk says it is not a code it knows
};

/// Classifies a scanned or typed code. Pure, cheap (at most one parse of each kind), thread-free; never throws.
/// Order: staff badge, boarding pass, lounge pass. A BCBP starts "M1".."M4" and a lounge code "L1" or a digit, so
/// the kinds cannot overlap.
CodeKind classifyCode(QByteArrayView raw);

/// The staff id a badge carries ("STAFF:4101" -> "4101"; case-insensitive prefix, surrounding blanks ignored), or an
/// empty string when `raw` is not a badge: 1–32 of letters, digits, '.', '_', '-', starting with a letter or digit.
/// The same rule as the kiosk's SessionController::badgeStaffId.
QString staffBadgeId(QByteArrayView raw);

} // namespace lounge::core
