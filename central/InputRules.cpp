#include "InputRules.h"

#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>

namespace lounge::central::rules {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

core::Error invalid(const QString& field, const QString& what)
{
    return makeError(ErrorCode::InvalidArgument, field + QLatin1String(": ") + what);
}

bool isBidiControl(char32_t c)
{
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

Result<void> checkRange(const QString& field, qint64 value, qint64 low, qint64 high)
{
    if (value < low || value > high) {
        return invalid(field, QStringLiteral("out of range %1..%2").arg(low).arg(high));
    }
    return {};
}

Result<void> checkAllowance(const QString& field, const core::Allowance& a)
{
    if (a.unlimited) {
        return {};
    }
    return checkRange(field + QLatin1String(".count"), a.count, 0, kMaxAllowance);
}

} // namespace

Result<void> checkId(const QString& field, const QString& value)
{
    if (value.isEmpty() || value.size() > kMaxIdLength) {
        return invalid(field, QStringLiteral("expected 1 to %1 characters").arg(kMaxIdLength));
    }
    for (qsizetype i = 0; i < value.size(); ++i) {
        const char16_t c = value.at(i).unicode();
        const bool alnum = (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9');
        if (!alnum && (i == 0 || (c != u'-' && c != u'_' && c != u'.'))) {
            return invalid(field,
                           QStringLiteral("letters, digits, '-', '_' and '.' only, starting with a letter or "
                                          "digit"));
        }
    }
    return {};
}

Result<void> checkName(const QString& field, const QString& value, int maxLength, bool required)
{
    if (value.trimmed().isEmpty()) {
        return required ? invalid(field, QStringLiteral("required")) : Result<void>();
    }
    if (value.size() > maxLength) {
        return invalid(field, QStringLiteral("longer than %1 characters").arg(maxLength));
    }
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value.at(i);
        char32_t code = c.unicode();
        if (c.isHighSurrogate() && i + 1 < value.size() && value.at(i + 1).isLowSurrogate()) {
            code = QChar::surrogateToUcs4(c, value.at(i + 1));
            ++i;
        } else if (c.isSurrogate()) {
            return invalid(field, QStringLiteral("not valid UTF-8 (lone surrogate)"));
        }
        if (code < 0x20 || (code >= 0x7F && code < 0xA0)) {
            return invalid(field, QStringLiteral("control character U+%1").arg(uint(code), 4, 16, QLatin1Char('0')));
        }
        if (isBidiControl(code)) {
            return invalid(field,
                           QStringLiteral("bidirectional control U+%1").arg(uint(code), 4, 16, QLatin1Char('0')));
        }
        if (code == 0xFFFE || code == 0xFFFF) {
            return invalid(field, QStringLiteral("non-character"));
        }
    }
    return {};
}

Result<void> checkDate(const QString& field, const QDate& value, bool required)
{
    if (!value.isValid()) {
        return required ? invalid(field, QStringLiteral("expected a date")) : Result<void>();
    }
    if (value.year() < kMinYear || value.year() > kMaxYear) {
        return invalid(field, QStringLiteral("year out of range %1..%2").arg(kMinYear).arg(kMaxYear));
    }
    return {};
}

Result<void> checkTimeZone(const QString& field, const QString& value)
{
    if (value.isEmpty() || value.size() > kMaxIdLength || !QTimeZone::isTimeZoneIdAvailable(value.toUtf8())) {
        return invalid(field, QStringLiteral("not a known IANA time zone (e.g. Europe/London)"));
    }
    return {};
}

namespace {

bool matches(const QRegularExpression& re, const QString& value)
{
    return re.match(value).hasMatch();
}

const QRegularExpression& carrierPattern()
{
    static const QRegularExpression re(QStringLiteral("^[A-Z0-9]{2}[A-Z]?$"));
    return re;
}

const QRegularExpression& compartmentPattern()
{
    static const QRegularExpression re(QStringLiteral("^[A-Z]$"));
    return re;
}

const QRegularExpression& airportPattern()
{
    static const QRegularExpression re(QStringLiteral("^[A-Z]{3}$"));
    return re;
}

Result<void> checkCodes(const QString& field, const QStringList& codes, const QRegularExpression& re,
                        const QString& expected)
{
    if (codes.size() > kMaxTravelCodes) {
        return invalid(field, QStringLiteral("at most %1 codes").arg(kMaxTravelCodes));
    }
    QSet<QString> seen;
    for (const auto& c : codes) {
        if (!matches(re, c)) {
            return invalid(field, QStringLiteral("\"%1\" is not %2").arg(c.left(8), expected));
        }
        if (seen.contains(c)) {
            return invalid(field, QStringLiteral("\"%1\" given twice").arg(c));
        }
        seen.insert(c);
    }
    return {};
}

} // namespace

Result<void> checkBoardingPassRules(const core::Resource& r)
{
    const core::BoardingPassRules& b = r.boardingPass;
    if (auto x = checkRange(QStringLiteral("boardingPass.withinHours"), b.withinHours, 0, kMaxWithinHours); !x) {
        return x;
    }
    if (b.policy != core::BoardingPassPolicy::NotUsed && !matches(airportPattern(), r.airport)) {
        return invalid(QStringLiteral("airport"),
                       QStringLiteral("a lounge that checks boarding passes needs an IATA airport code (three "
                                      "capital letters, e.g. HKG)"));
    }
    return {};
}

Result<void> checkTravel(const QString& field, const core::TravelRestrictions& t)
{
    const QString f = field.isEmpty() ? QString() : field + QLatin1Char('.');
    if (auto x = checkCodes(f + QLatin1String("compartments"), t.compartments, compartmentPattern(),
                            QStringLiteral("a compartment code (one capital letter, e.g. J)"));
        !x) {
        return x;
    }
    return checkCodes(f + QLatin1String("carriers"), t.carriers, carrierPattern(),
                      QStringLiteral("an IATA airline designator (e.g. CX)"));
}

Result<void> checkFlightRecord(const QString& field, const core::FlightRecord& f)
{
    static const QRegularExpression flight(QStringLiteral("^[0-9]{1,4}[A-Z]?$"));
    static const QRegularExpression pnr(QStringLiteral("^[A-Z0-9]{1,7}$"));
    static const QRegularExpression seat(QStringLiteral("^[A-Z0-9]{1,4}$"));
    const QString p = field + QLatin1Char('.');
    if (!matches(carrierPattern(), f.carrier)) {
        return invalid(p + QLatin1String("carrier"), QStringLiteral("expected an IATA airline designator"));
    }
    if (!matches(flight, f.flightNumber)) {
        return invalid(p + QLatin1String("flight"), QStringLiteral("expected 1-4 digits and an optional letter"));
    }
    if (auto x = checkDate(p + QLatin1String("date"), f.date); !x) {
        return x;
    }
    if (!matches(airportPattern(), f.from)) {
        return invalid(p + QLatin1String("from"), QStringLiteral("expected an IATA airport code"));
    }
    if (!matches(airportPattern(), f.to)) {
        return invalid(p + QLatin1String("to"), QStringLiteral("expected an IATA airport code"));
    }
    if (!matches(compartmentPattern(), f.compartment)) {
        return invalid(p + QLatin1String("compartment"), QStringLiteral("expected one capital letter"));
    }
    if (!f.pnr.isEmpty() && !matches(pnr, f.pnr)) {
        return invalid(p + QLatin1String("pnr"), QStringLiteral("expected 1-7 letters or digits"));
    }
    if (!f.seat.isEmpty() && !matches(seat, f.seat)) {
        return invalid(p + QLatin1String("seat"), QStringLiteral("expected 1-4 letters or digits"));
    }
    if (f.legKey.size() > 64) {
        return invalid(p + QLatin1String("legKey"), QStringLiteral("longer than 64 bytes"));
    }
    return {};
}

Result<void> checkBoardingPassOverride(const QString& by, const QString& reason)
{
    if (by.isEmpty() && reason.isEmpty()) {
        return {};
    }
    if (auto x = checkName(QStringLiteral("boardingPassOverride.by"), by, kMaxIdLength); !x) {
        return x;
    }
    return checkName(QStringLiteral("boardingPassOverride.reason"), reason, kMaxOverrideReasonLength);
}

Result<void> checkResource(const core::Resource& r)
{
    for (const auto& x : {checkId(QStringLiteral("id"), r.id), checkId(QStringLiteral("module"), r.module),
                          checkName(QStringLiteral("name"), r.name), checkId(QStringLiteral("airport"), r.airport),
                          r.terminal.isEmpty() ? Result<void>() : checkId(QStringLiteral("terminal"), r.terminal),
                          checkTimeZone(QStringLiteral("timeZone"), r.timeZone), checkBoardingPassRules(r)}) {
        if (!x) {
            return x;
        }
    }
    return {};
}

Result<void> checkEntitlement(const QString& field, const core::Entitlement& e)
{
    const QString f = field.isEmpty() ? QString() : field + QLatin1Char('.');
    for (const auto& x :
         {checkId(f + QLatin1String("module"), e.module), checkAllowance(f + QLatin1String("cardholder"), e.cardholder),
          checkAllowance(f + QLatin1String("guest"), e.guest), checkAllowance(f + QLatin1String("shared"), e.shared),
          checkRange(f + QLatin1String("guestsPerVisit"), e.guestsPerVisit, 0, kMaxGuestsPerVisit),
          checkDate(f + QLatin1String("validFrom"), e.validFrom.value_or(QDate()), false),
          checkDate(f + QLatin1String("validTo"), e.validTo.value_or(QDate()), false)}) {
        if (!x) {
            return x;
        }
    }
    for (const auto& id : e.scope.resourceIds) {
        if (auto x = checkId(f + QLatin1String("scope.resources"), id); !x) {
            return x;
        }
    }
    for (const auto& id : e.scope.airports) {
        if (auto x = checkId(f + QLatin1String("scope.airports"), id); !x) {
            return x;
        }
    }
    return {};
}

Result<void> checkProgram(const core::Program& p)
{
    for (const auto& x : {checkId(QStringLiteral("id"), p.id), checkName(QStringLiteral("name"), p.name),
                          checkRange(QStringLiteral("defaultValidityDays"), p.defaultValidityDays, 1, kMaxValidityDays),
                          checkRange(QStringLiteral("entitlements"), p.entitlements.size(), 0, 64)}) {
        if (!x) {
            return x;
        }
    }
    int i = 0;
    for (const auto& e : p.entitlements) {
        if (auto x = checkEntitlement(QStringLiteral("entitlements[%1]").arg(i++), e); !x) {
            return x;
        }
    }
    return checkTravel(QStringLiteral("travel"), p.travel);
}

Result<void> checkEPass(const core::EPass& e)
{
    for (const auto& x :
         {e.id.isEmpty() ? Result<void>() : checkId(QStringLiteral("id"), e.id),
          checkId(QStringLiteral("module"), e.module), checkName(QStringLiteral("firstName"), e.firstName),
          checkName(QStringLiteral("lastName"), e.lastName),
          checkRange(QStringLiteral("usages"), e.usages, 0, kMaxUsages),
          checkDate(QStringLiteral("activation"), e.activation),
          checkDate(QStringLiteral("expiration"), e.expiration)}) {
        if (!x) {
            return x;
        }
    }
    for (const auto& id : e.scope.resourceIds) {
        if (auto x = checkId(QStringLiteral("scope.resources"), id); !x) {
            return x;
        }
    }
    for (const auto& id : e.scope.airports) {
        if (auto x = checkId(QStringLiteral("scope.airports"), id); !x) {
            return x;
        }
    }
    return checkTravel(QStringLiteral("travel"), e.travel);
}

} // namespace lounge::central::rules
