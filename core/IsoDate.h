#pragma once

#include "Json.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDate>

namespace lounge::core::json {

/// A date as UTF-8 text, byte for byte what `dateToString(d).toUtf8()` gives, without a QString: the store binds a
/// synced record's two dates from here (core::Store, the feed's insert path). A year 0–9999 is written into `out`, any
/// other year takes dateToString's own path (kept in `spill`). An invalid date, or a year QDate::toString cannot
/// write, is empty text but not a null view: bound as '' like the empty QString was, never as NULL. The view points
/// into `out`, `spill` or a literal.
inline QByteArrayView isoDateUtf8(const QDate& d, char (&out)[10], QByteArray& spill)
{
    if (!d.isValid()) {
        return QByteArrayView("", 0);
    }
    int y = 0;
    int m = 0;
    int day = 0;
    d.getDate(&y, &m, &day);
    if (y < 0 || y > 9999) {
        spill = dateToString(d).toUtf8(); // empty (null) for a year QDate::toString cannot write: bound as ''
        return spill.isNull() ? QByteArrayView("", 0) : QByteArrayView(spill);
    }
    out[0] = char('0' + y / 1000);
    out[1] = char('0' + y / 100 % 10);
    out[2] = char('0' + y / 10 % 10);
    out[3] = char('0' + y % 10);
    out[4] = '-';
    out[5] = char('0' + m / 10);
    out[6] = char('0' + m % 10);
    out[7] = '-';
    out[8] = char('0' + day / 10);
    out[9] = char('0' + day % 10);
    return QByteArrayView(out, 10);
}

} // namespace lounge::core::json
