#include "BoardingPass.h"

#include <QCryptographicHash>
#include <QtEndian>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <optional>

namespace lounge::core::bcbp {
namespace {

// Resolution 792 format M: widths of the items (docs/domain.md, "Boarding passes (BCBP)").
constexpr int kUniqueMandatorySize = 23; // items 1, 5, 11, 253
constexpr int kNameOffset = 2;
constexpr int kNameWidth = 20;
constexpr int kLegMandatorySize = 37; // items 7, 26, 38, 42, 43, 46, 71, 104, 107, 113, 6

const std::array<QLatin1StringView, 12> kTitles = {
    QLatin1StringView("MR"),   QLatin1StringView("MRS"), QLatin1StringView("MS"),   QLatin1StringView("MSTR"),
    QLatin1StringView("MISS"), QLatin1StringView("DR"),  QLatin1StringView("PROF"), QLatin1StringView("REV"),
    QLatin1StringView("SIR"),  QLatin1StringView("MX"),  QLatin1StringView("CHD"),  QLatin1StringView("INF"),
};

bool isTitle(QStringView word)
{
    for (const auto& t : kTitles) {
        if (word == t) {
            return true;
        }
    }
    return false;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isUpper(char c)
{
    return c >= 'A' && c <= 'Z';
}
bool isAlnum(char c)
{
    return isDigit(c) || isUpper(c);
}
bool isPrintable(char c)
{
    return c >= 0x20 && c <= 0x7e;
}
int hexValue(char c)
{
    if (isDigit(c)) {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

char upperAscii(char c)
{
    return (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
}

ParseError damaged(QString detail)
{
    return ParseError {ParseFailure::Damaged, std::move(detail)};
}

/// Reads fixed-width items from the upper-cased text; every failure names the item and the offset (never the
/// value: it may be the PNR or the name).
class Reader
{
public:
    Reader(QByteArray upper, QByteArray asScanned)
        : m_upper(std::move(upper))
        , m_raw(std::move(asScanned))
        , m_scannedSize(int(m_upper.size()))
    { }

    int size() const { return int(m_upper.size()); }
    /// The size before padTo(): size items must lie within what was scanned.
    int scannedSize() const { return m_scannedSize; }
    char at(int pos) const { return m_upper.at(pos); }
    QByteArray upper(int pos, int width) const { return m_upper.mid(pos, width); }
    QByteArray raw(int pos, int width) const { return m_raw.mid(pos, width); }
    /// Pads both copies with blanks up to `size` (a trailing conditional block whose blanks a scanner dropped).
    void padTo(int size)
    {
        if (size > m_upper.size()) {
            m_upper.append(QByteArray(size - m_upper.size(), ' '));
            m_raw.append(QByteArray(size - m_raw.size(), ' '));
        }
    }

private:
    QByteArray m_upper;
    QByteArray m_raw;
    int m_scannedSize = 0;
};

QString where(int item, const char* name, int leg, int offset)
{
    QString s = QStringLiteral("item %1 (%2)").arg(item).arg(QLatin1StringView(name));
    if (leg > 0) {
        s += QStringLiteral(" of leg %1").arg(leg);
    }
    return s + QStringLiteral(" at offset %1").arg(offset);
}

using Check = bool (*)(QByteArrayView);

bool allOf(QByteArrayView v, bool (*pred)(char))
{
    for (char c : v) {
        if (!pred(c)) {
            return false;
        }
    }
    return true;
}
bool isBlank(char c)
{
    return c == ' ';
}
bool isAlnumOrBlank(char c)
{
    return isAlnum(c) || isBlank(c);
}
bool isDigitOrBlank(char c)
{
    return isDigit(c) || isBlank(c);
}

bool pnrOk(QByteArrayView v)
{
    return allOf(v, isAlnumOrBlank);
}
bool airportOk(QByteArrayView v)
{
    return allOf(v, isUpper);
}
bool carrierOk(QByteArrayView v)
{
    return isAlnum(v[0]) && isAlnum(v[1]) && isAlnumOrBlank(v[2]);
}
bool flightOk(QByteArrayView v)
{
    return allOf(v.first(4), isDigit) && (isUpper(v[4]) || isBlank(v[4]));
}
bool compartmentOk(QByteArrayView v)
{
    return isUpper(v[0]);
}
bool seatOk(QByteArrayView v)
{
    return allOf(v, isAlnumOrBlank);
}
bool sequenceOk(QByteArrayView v)
{
    return allOf(v, isBlank) || (allOf(v.first(4), isDigit) && isAlnumOrBlank(v[4]));
}
bool statusOk(QByteArrayView v)
{
    return isAlnum(v[0]);
}
bool printableOk(QByteArrayView v)
{
    return allOf(v, isPrintable);
}
bool digitsOrBlankOk(QByteArrayView v)
{
    return allOf(v, isDigitOrBlank);
}

QString trimmed(QByteArrayView v)
{
    return QString::fromLatin1(v).trimmed();
}

QString withoutLeadingZeros(QString s)
{
    int i = 0;
    while (i + 1 < s.size() && s.at(i) == u'0' && s.at(i + 1).isDigit()) {
        ++i;
    }
    return s.mid(i);
}

/// One item of a block: reads `width` bytes at `pos` when the block still holds them (an item cut by the end of its
/// block is read as far as it goes, padded with blanks: the block's size is what the issuer chose to encode).
struct BlockCursor
{
    const Reader& r;
    int pos;
    int end;
    int leg;

    std::variant<QString, ParseError> next(int item, const char* name, int width, Check check)
    {
        if (pos >= end) {
            pos += width;
            return QString();
        }
        QByteArray v = r.upper(pos, std::min(width, end - pos));
        v.append(QByteArray(width - v.size(), ' '));
        const int at = pos;
        pos += width;
        if (!check(v)) {
            return damaged(where(item, name, leg, at));
        }
        return trimmed(v);
    }
};

#define BCBP_READ(target, cursor, item, name, width, check)                                                            \
    do {                                                                                                               \
        auto v_ = (cursor).next(item, name, width, check);                                                             \
        if (auto* e_ = std::get_if<ParseError>(&v_)) {                                                                 \
            return *e_;                                                                                                \
        }                                                                                                              \
        (target) = std::get<QString>(std::move(v_));                                                                   \
    } while (false)

std::optional<ParseError> readUniqueConditional(const Reader& r, int begin, int end, BoardingPass& bp)
{
    BlockCursor c {r, begin, end, 0};
    QString tag;
    BCBP_READ(bp.passengerDescription, c, 15, "passenger description", 1, printableOk);
    BCBP_READ(bp.sourceOfCheckIn, c, 12, "source of check-in", 1, printableOk);
    BCBP_READ(bp.sourceOfIssuance, c, 14, "source of boarding pass issuance", 1, printableOk);
    BCBP_READ(bp.dateOfIssue, c, 22, "date of issue of boarding pass", 4, digitsOrBlankOk);
    BCBP_READ(bp.documentType, c, 16, "document type", 1, printableOk);
    BCBP_READ(bp.issuerDesignator, c, 21, "airline designator of boarding pass issuer", 3, printableOk);
    for (int item : {23, 31, 32}) {
        BCBP_READ(tag, c, item, "baggage tag licence plate number", 13, printableOk);
        if (!tag.isEmpty()) {
            bp.baggageTags.append(tag);
        }
    }
    return std::nullopt; // bytes beyond the known items belong to later versions of the resolution
}

std::optional<ParseError> readRepeatedConditional(const Reader& r, int begin, int end, int leg, Leg& l)
{
    BlockCursor c {r, begin, end, leg};
    BCBP_READ(l.airlineNumericCode, c, 142, "airline numeric code", 3, digitsOrBlankOk);
    BCBP_READ(l.documentSerialNumber, c, 143, "document form/serial number", 10, printableOk);
    BCBP_READ(l.selecteeIndicator, c, 18, "selectee indicator", 1, printableOk);
    BCBP_READ(l.internationalDocumentationVerification, c, 108, "international documentation verification", 1,
              printableOk);
    BCBP_READ(l.marketingCarrier, c, 19, "marketing carrier designator", 3, printableOk);
    BCBP_READ(l.frequentFlyerAirline, c, 20, "frequent flyer airline designator", 3, printableOk);
    BCBP_READ(l.frequentFlyerNumber, c, 236, "frequent flyer number", 16, printableOk);
    BCBP_READ(l.idAdIndicator, c, 89, "ID/AD indicator", 1, printableOk);
    BCBP_READ(l.freeBaggageAllowance, c, 118, "free baggage allowance", 3, printableOk);
    BCBP_READ(l.fastTrack, c, 254, "fast track", 1, printableOk);
    return std::nullopt;
}

/// Two hex digits at `pos` (items 6, 10, 17, 29), -1 when they are not hex.
int hexSize(const Reader& r, int pos)
{
    if (pos + 2 > r.scannedSize()) {
        return -1;
    }
    const int hi = hexValue(r.at(pos));
    const int lo = hexValue(r.at(pos + 1));
    return (hi < 0 || lo < 0) ? -1 : hi * 16 + lo;
}

bool nameFieldOk(QByteArrayView v)
{
    if (!isUpper(v[0])) {
        return false;
    }
    for (char c : v) {
        if (!(isUpper(c) || c == ' ' || c == '/' || c == '-' || c == '.' || c == '\'')) {
            return false;
        }
    }
    return true;
}

QString compact(QString s)
{
    s.remove(u' ');
    return s;
}

QStringList words(const QString& s)
{
    return s.split(u' ', Qt::SkipEmptyParts);
}

bool wordPrefix(const QStringList& a, const QStringList& b)
{
    if (a.isEmpty() || a.size() > b.size()) {
        return false;
    }
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a.at(i) != b.at(i)) {
            return false;
        }
    }
    return true;
}

QString initials(const QStringList& ws)
{
    QString s;
    for (const QString& w : ws) {
        s += w.at(0);
    }
    return s;
}

void addField(QCryptographicHash& h, const QString& field)
{
    const QByteArray utf8 = field.toUtf8();
    const quint32 len = qToBigEndian(quint32(utf8.size()));
    h.addData(QByteArrayView(reinterpret_cast<const char*>(&len), sizeof len));
    h.addData(utf8);
}

} // namespace

QString BoardingPass::surname() const
{
    const qsizetype slash = passengerName.indexOf(u'/');
    return (slash < 0 ? passengerName : passengerName.left(slash)).trimmed();
}

QString BoardingPass::givenNames() const
{
    const qsizetype slash = passengerName.indexOf(u'/');
    if (slash < 0) {
        return {};
    }
    QStringList ws = words(passengerName.mid(slash + 1));
    while (!ws.isEmpty() && isTitle(ws.last())) {
        ws.removeLast();
    }
    return ws.join(u' ');
}

bool looksLikeBoardingPass(QByteArrayView text)
{
    return text.size() >= 2 && (text[0] == 'M' || text[0] == 'm') && text[1] >= '1' && text[1] <= '4';
}

std::variant<BoardingPass, ParseError> parse(QByteArrayView text)
{
    if (!looksLikeBoardingPass(text)) {
        return ParseError {ParseFailure::NotABoardingPass, QStringLiteral("no format code M and leg count 1-4")};
    }
    QByteArray scanned = text.toByteArray();
    while (!scanned.isEmpty() && (scanned.back() == '\n' || scanned.back() == '\r')) {
        scanned.chop(1);
    }
    QByteArray upper = scanned;
    for (char& c : upper) {
        c = upperAscii(c);
    }
    if (upper.size() < kUniqueMandatorySize || !nameFieldOk(QByteArrayView(upper).sliced(kNameOffset, kNameWidth))
        || !(upper.at(22) == 'E' || upper.at(22) == ' ')) {
        return ParseError {ParseFailure::NotABoardingPass,
                           QStringLiteral("no 20-character passenger name and electronic ticket indicator")};
    }

    Reader r(upper, scanned);
    BoardingPass bp;
    bp.raw = text.toByteArray();
    bp.passengerName = trimmed(r.upper(kNameOffset, kNameWidth));
    bp.electronicTicket = trimmed(r.upper(22, 1));
    const int legCount = r.at(1) - '0';

    int pos = kUniqueMandatorySize;
    for (int leg = 1; leg <= legCount; ++leg) {
        if (pos + kLegMandatorySize > r.size()) {
            return damaged(QStringLiteral("leg %1 at offset %2: mandatory items cut short (%3 of %4 characters)")
                               .arg(leg)
                               .arg(pos)
                               .arg(r.size() - pos)
                               .arg(kLegMandatorySize));
        }
        Leg l;
        BlockCursor c {r, pos, pos + kLegMandatorySize, leg};
        QString julian;
        QString seat;
        BCBP_READ(l.pnr, c, 7, "operating carrier PNR code", 7, pnrOk);
        BCBP_READ(l.from, c, 26, "from city airport code", 3, airportOk);
        BCBP_READ(l.to, c, 38, "to city airport code", 3, airportOk);
        BCBP_READ(l.carrier, c, 42, "operating carrier designator", 3, carrierOk);
        BCBP_READ(l.flightNumber, c, 43, "flight number", 5, flightOk);
        BCBP_READ(julian, c, 46, "date of flight", 3, [](QByteArrayView v) {
            if (!allOf(v, isDigit)) {
                return false;
            }
            const int d = (v[0] - '0') * 100 + (v[1] - '0') * 10 + (v[2] - '0');
            return d >= 1 && d <= 366;
        });
        BCBP_READ(l.compartment, c, 71, "compartment code", 1, compartmentOk);
        BCBP_READ(seat, c, 104, "seat number", 4, seatOk);
        BCBP_READ(l.checkInSequence, c, 107, "check-in sequence number", 5, sequenceOk);
        BCBP_READ(l.passengerStatus, c, 113, "passenger status", 1, statusOk);
        l.flightNumber = withoutLeadingZeros(l.flightNumber);
        l.julianDay = julian.toInt();
        l.seat = (seat == QLatin1StringView("INF")) ? QString() : withoutLeadingZeros(seat);

        const int sizeAt = c.pos;
        const int variableSize = hexSize(r, sizeAt);
        if (variableSize < 0) {
            return damaged(where(6, "field size of variable size field", leg, sizeAt));
        }
        const int vs = sizeAt + 2;
        const int ve = vs + variableSize;
        if (ve > r.size()) {
            if (leg != legCount || vs >= r.size()) {
                return damaged(where(6, "field size of variable size field", leg, sizeAt)
                               + QStringLiteral(": beyond the text"));
            }
            r.padTo(ve); // the last block lost its trailing blanks on the way (scanner, wedge, copy and paste)
        }

        int p = vs;
        if (leg == 1 && p < ve && r.at(p) == '>') {
            if (p + 4 > ve) {
                return damaged(where(8, "beginning of version number", leg, p) + QStringLiteral(": block cut short"));
            }
            if (!isDigit(r.at(p + 1))) {
                return damaged(where(9, "version number", leg, p + 1));
            }
            bp.version = r.at(p + 1) - '0';
            const int uniqueSize = hexSize(r, p + 2);
            if (uniqueSize < 0 || p + 4 + uniqueSize > ve) {
                return damaged(where(10, "field size of structured message (unique)", leg, p + 2));
            }
            if (auto e = readUniqueConditional(r, p + 4, p + 4 + uniqueSize, bp)) {
                return *e;
            }
            p += 4 + uniqueSize; // the repeated conditional block of leg 1 follows the unique one
        } else if (leg == 1) {
            // no conditional block: what the variable field holds is the airline's own (item 4)
            l.airlinePrivate = r.raw(p, ve - p);
            p = ve;
        }
        if (p < ve) {
            const int repeatedSize = p + 2 <= ve ? hexSize(r, p) : -1;
            if (repeatedSize < 0 || p + 2 + repeatedSize > ve) {
                return damaged(where(17, "field size of structured message (repeated)", leg, p));
            }
            if (auto e = readRepeatedConditional(r, p + 2, p + 2 + repeatedSize, leg, l)) {
                return *e;
            }
            p += 2 + repeatedSize;
            l.airlinePrivate = r.raw(p, ve - p);
        }
        bp.legs.append(l);
        pos = ve;
    }

    if (pos < r.size() && r.at(pos) == '^') {
        if (pos + 4 > r.size()) {
            return damaged(where(25, "beginning of security data", 0, pos) + QStringLiteral(": block cut short"));
        }
        const int length = hexSize(r, pos + 2);
        if (length < 0) {
            return damaged(where(29, "length of security data", 0, pos + 2));
        }
        if (pos + 4 + length > r.size()) {
            return damaged(where(30, "security data", 0, pos + 4) + QStringLiteral(": shorter than its length"));
        }
        bp.securityType = trimmed(r.upper(pos + 1, 1));
        bp.securityData = r.raw(pos + 4, length);
        pos += 4 + length;
    }
    for (int i = pos; i < r.size(); ++i) {
        if (r.at(i) != ' ') {
            return damaged(QStringLiteral("unexpected data after the last leg at offset %1").arg(i));
        }
    }
    return bp;
}

QDate flightDate(int julianDay, const QDate& today)
{
    if (julianDay < 1 || julianDay > 366 || !today.isValid()) {
        return {};
    }
    QDate best;
    qint64 bestDistance = 0;
    for (int year : {today.year(), today.year() - 1, today.year() + 1}) {
        if (julianDay > QDate(year, 1, 1).daysInYear()) {
            continue;
        }
        const QDate candidate = QDate(year, 1, 1).addDays(julianDay - 1);
        const qint64 distance = std::abs(today.daysTo(candidate));
        if (!best.isValid() || distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

QString normalizedName(const QString& name)
{
    QString s = name;
    // Letters that NFKD does not decompose into a base letter + combining mark.
    static const std::array<std::pair<char16_t, const char*>, 18> kExplicit = {{
        {u'ß', "SS"},
        {u'ẞ', "SS"},
        {u'Æ', "AE"},
        {u'æ', "AE"},
        {u'Ø', "O"},
        {u'ø', "O"},
        {u'Œ', "OE"},
        {u'œ', "OE"},
        {u'Ł', "L"},
        {u'ł', "L"},
        {u'Đ', "D"},
        {u'đ', "D"},
        {u'Ð', "D"},
        {u'ð', "D"},
        {u'Þ', "TH"},
        {u'þ', "TH"},
        {u'ı', "I"},
        {u'ĸ', "K"},
    }};
    for (const auto& [from, to] : kExplicit) {
        s.replace(QChar(from), QLatin1StringView(to));
    }
    s = s.normalized(QString::NormalizationForm_KD);
    QString folded;
    folded.reserve(s.size());
    for (QChar c : s) {
        const auto category = c.category();
        if (category == QChar::Mark_NonSpacing || category == QChar::Mark_SpacingCombining
            || category == QChar::Mark_Enclosing) {
            continue;
        }
        if (c.isLetterOrNumber()) {
            folded += c.toUpper();
        } else {
            folded += u' '; // hyphens, apostrophes, dots, slashes, runs of blanks: one separator
        }
    }
    QStringList ws = words(folded);
    while (ws.size() > 1 && isTitle(ws.last())) {
        ws.removeLast();
    }
    return ws.join(u' ');
}

bool nameMatches(const BoardingPass& pass, const QString& firstNames, const QString& lastName)
{
    const bool hasSlash = pass.passengerName.contains(u'/');
    const bool truncated = pass.passengerName.size() >= kNameWidth;
    const QString ps = compact(normalizedName(pass.surname()));
    const QString es = compact(normalizedName(lastName));
    if (ps.isEmpty() || es.isEmpty()) {
        return false;
    }
    if (!hasSlash) {
        // Only the surname is printed: equal, or cut at 20 characters (the given names fell off the end).
        return ps == es || (truncated && es.startsWith(ps));
    }
    if (ps != es) {
        return false;
    }
    const QString pgWords = normalizedName(pass.givenNames());
    const QString egWords = normalizedName(firstNames);
    const QString pg = compact(pgWords);
    const QString eg = compact(egWords);
    if (pg == eg) {
        return true;
    }
    if (truncated && eg.startsWith(pg)) {
        return true;
    }
    const QStringList pw = words(pgWords);
    const QStringList ew = words(egWords);
    if (!pw.isEmpty() && pw.size() <= ew.size()
        && std::all_of(pw.cbegin(), pw.cend(), [](const QString& w) { return w.size() == 1; })
        && compact(pgWords) == initials(ew).left(pw.size())) {
        return true; // "J" or "J P" for "JOHN PAUL": the printed given names are initials
    }
    if (wordPrefix(pw, ew) || wordPrefix(ew, pw)) {
        return true; // a middle name on one side only ("JOHN" vs "JOHN PAUL")
    }
    for (const auto& t : kTitles) {
        if (pg.size() > t.size() && pg.endsWith(t) && pg.chopped(t.size()) == eg) {
            return true; // a title glued to the given name ("JOHNMR"), as some carriers print it
        }
    }
    return false;
}

QByteArray legKey(const BoardingPass& pass, int legIndex)
{
    Q_ASSERT(legIndex >= 0 && legIndex < pass.legs.size());
    if (legIndex < 0 || legIndex >= pass.legs.size()) {
        return {};
    }
    const Leg& l = pass.legs.at(legIndex);
    QCryptographicHash h(QCryptographicHash::Sha256);
    addField(h, QStringLiteral("lounge.bcbp.leg.v1"));
    addField(h, l.carrier);
    addField(h, l.flightNumber);
    addField(h, QString::number(l.julianDay));
    addField(h, l.from);
    addField(h, l.checkInSequence);
    addField(h, l.pnr);
    addField(h, normalizedName(pass.surname()));
    addField(h, normalizedName(pass.givenNames()));
    return h.result();
}

} // namespace lounge::core::bcbp
