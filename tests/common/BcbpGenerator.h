#pragma once

// Test data for issue 14: IATA BCBP (Resolution 792, format M) strings built from fields, for tests and benches.
// Header-only. The string part needs Qt Core only (core tests use it); the rendering part (PDF417 on paper, Aztec
// and QR on a phone screen, optionally placed into a camera-like frame) is compiled when the including target links
// Qt Gui and ZXing (the scanner tests and benches).

#include <QByteArray>
#include <QList>

namespace lounge::testing::bcbp {

struct LegFields
{
    QByteArray pnr = "ABC123";
    QByteArray from = "FRA";
    QByteArray to = "JFK";
    QByteArray carrier = "LH";
    QByteArray flight = "0400"; ///< 4 digits + optional suffix letter, written into 5 columns
    int julianDay = 100;
    QByteArray compartment = "J";
    QByteArray seat = "012A";
    QByteArray checkInSequence = "0042";
    QByteArray passengerStatus = "1";
    bool conditional = true; ///< write the leg's repeated conditional block (items 17, 142 ... 254)
    int repeatedSize = 42; ///< how much of the repeated block to write (42 = all items up to 254)
    QByteArray airlineNumericCode = "220";
    QByteArray documentSerialNumber = "1234567890";
    QByteArray selecteeIndicator = "0";
    QByteArray documentationVerification = " ";
    QByteArray marketingCarrier = "LH";
    QByteArray frequentFlyerAirline = "LH";
    QByteArray frequentFlyerNumber = "992000000000001";
    QByteArray idAdIndicator = " ";
    QByteArray freeBaggageAllowance = "2PC";
    QByteArray fastTrack = "N";
    QByteArray airlinePrivate; ///< item 4
};

struct PassFields
{
    QByteArray name = "MUSTERMANN/ERIKA MS"; ///< written into 20 columns (cut at 20)
    QByteArray electronicTicket = "E";
    QList<LegFields> legs {LegFields {}};
    bool conditional = true; ///< write the unique conditional block ('>' + version + items 10 ... 32) in leg 1
    char version = '6';
    int uniqueSize = 24; ///< how much of the unique block to write (24 = up to the first baggage tag, 50 = all)
    QByteArray passengerDescription = "1";
    QByteArray sourceOfCheckIn = "W";
    QByteArray sourceOfIssuance = "W";
    QByteArray dateOfIssue = "6099";
    QByteArray documentType = "B";
    QByteArray issuerDesignator = "LH";
    QByteArray baggageTag = "0220123456001";
    QByteArray firstNonConsecutiveTag;
    QByteArray secondNonConsecutiveTag;
    QByteArray securityType; ///< empty: no security block
    QByteArray securityData;
};

/// `v` cut or blank-padded to `width` columns.
inline QByteArray col(const QByteArray& v, int width)
{
    QByteArray out = v.left(width);
    out.append(QByteArray(width - out.size(), ' '));
    return out;
}

inline QByteArray hex2(int n)
{
    return QByteArray::number(n, 16).toUpper().rightJustified(2, '0');
}

inline QByteArray repeatedBlock(const LegFields& l)
{
    const QByteArray items = col(l.airlineNumericCode, 3) + col(l.documentSerialNumber, 10)
        + col(l.selecteeIndicator, 1) + col(l.documentationVerification, 1) + col(l.marketingCarrier, 3)
        + col(l.frequentFlyerAirline, 3) + col(l.frequentFlyerNumber, 16) + col(l.idAdIndicator, 1)
        + col(l.freeBaggageAllowance, 3) + col(l.fastTrack, 1);
    const QByteArray written = items.left(l.repeatedSize);
    return hex2(int(written.size())) + written;
}

inline QByteArray uniqueBlock(const PassFields& f)
{
    const QByteArray items = col(f.passengerDescription, 1) + col(f.sourceOfCheckIn, 1) + col(f.sourceOfIssuance, 1)
        + col(f.dateOfIssue, 4) + col(f.documentType, 1) + col(f.issuerDesignator, 3) + col(f.baggageTag, 13)
        + col(f.firstNonConsecutiveTag, 13) + col(f.secondNonConsecutiveTag, 13);
    const QByteArray written = items.left(f.uniqueSize);
    return QByteArray(">") + f.version + hex2(int(written.size())) + written;
}

/// The BCBP text of `f`: fields padded to their widths, every size item computed.
inline QByteArray passString(const PassFields& f)
{
    QByteArray out = "M" + QByteArray::number(f.legs.size()) + col(f.name, 20) + col(f.electronicTicket, 1);
    for (qsizetype i = 0; i < f.legs.size(); ++i) {
        const LegFields& l = f.legs.at(i);
        QByteArray variable;
        if (i == 0 && f.conditional) {
            variable += uniqueBlock(f);
            variable += l.conditional ? repeatedBlock(l) : QByteArray("00");
        } else if (l.conditional) {
            variable += repeatedBlock(l);
        } else if (i > 0 && !l.airlinePrivate.isEmpty()) {
            variable += "00"; // legs 2+ start their variable field with the repeated block's size
        }
        variable += l.airlinePrivate;
        out += col(l.pnr, 7) + col(l.from, 3) + col(l.to, 3) + col(l.carrier, 3) + col(l.flight, 5)
            + QByteArray::number(l.julianDay).rightJustified(3, '0') + col(l.compartment, 1) + col(l.seat, 4)
            + col(l.checkInSequence, 5) + col(l.passengerStatus, 1) + hex2(int(variable.size())) + variable;
    }
    if (!f.securityType.isEmpty()) {
        out += "^" + col(f.securityType, 1) + hex2(int(f.securityData.size())) + f.securityData;
    }
    return out;
}

/// A realistic pass with `legs` legs (1–4): a connection FRA–JFK–ORD–DEN–LAX on consecutive days.
inline PassFields samplePass(int legs = 1, bool conditional = true, bool security = false)
{
    static const char* kAirports[] = {"FRA", "JFK", "ORD", "DEN", "LAX"};
    PassFields f;
    f.conditional = conditional;
    f.legs.clear();
    for (int i = 0; i < legs; ++i) {
        LegFields l;
        l.from = kAirports[i];
        l.to = kAirports[i + 1];
        l.carrier = i == 0 ? "LH" : "UA";
        l.flight = QByteArray::number(400 + 17 * i).rightJustified(4, '0');
        l.julianDay = 100 + i;
        l.seat = QByteArray::number(2 + i).rightJustified(3, '0') + "A";
        l.checkInSequence = QByteArray::number(42 + i).rightJustified(4, '0');
        l.conditional = conditional;
        l.airlinePrivate = i == 0 ? QByteArray("*30600000K09") : QByteArray();
        f.legs.append(l);
    }
    if (security) {
        f.securityType = "1";
        f.securityData = "MEUCIQDx3b1Iq9ZcLw2Jm8yZ0f6b0uQm0qJ8dV2vQeQ7Hc0R7wIgF6YqYl4Kk8xw+Qe9pB5x/8z5Yc0c1dJx0Wc8Aa==";
    }
    return f;
}

} // namespace lounge::testing::bcbp
