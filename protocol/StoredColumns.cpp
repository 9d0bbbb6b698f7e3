#include "StoredColumns.h"

#include "Json.h"
#include "StoredJson.h"

#include <array>

namespace lounge::protocol {

namespace {

/// A string Qt's JSON writer copies as its UTF-8 between quotes (it escapes '"', '\\' and control characters; the
/// writer leaves those, and surrogates, to the store's function).
bool appendString(QByteArray& out, const QString& s)
{
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u == u'"' || u == u'\\' || (u >= 0xD800 && u <= 0xDFFF)) {
            return false;
        }
    }
    out += '"';
    out += s.toUtf8();
    out += '"';
    return true;
}

/// core::json::dateToString for the years it writes digit by digit.
bool appendDate(QByteArray& out, const QDate& d)
{
    int y = 0;
    int m = 0;
    int day = 0;
    d.getDate(&y, &m, &day);
    if (!d.isValid() || y < 0 || y > 9999) {
        return false;
    }
    const char text[12] = {'"',
                           char('0' + y / 1000),
                           char('0' + y / 100 % 10),
                           char('0' + y / 10 % 10),
                           char('0' + y % 10),
                           '-',
                           char('0' + m / 10),
                           char('0' + m % 10),
                           '-',
                           char('0' + day / 10),
                           char('0' + day % 10),
                           '"'};
    out.append(text, sizeof text);
    return true;
}

bool appendStrings(QByteArray& out, const QStringList& list)
{
    out += '[';
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        if (!appendString(out, list[i])) {
            return false;
        }
    }
    out += ']';
    return true;
}

/// Equal lists encode to equal text: the last few encoded lists and their text.
template<typename List, size_t N = 4> class RecentText
{
public:
    QByteArray text(const List& list)
    {
        for (const auto& [value, text] : m_recent) {
            if (!text.isNull() && value == list) {
                return text;
            }
        }
        QByteArray encoded = core::json::storedJson(core::json::toJson(list));
        m_recent[m_next++ % N] = {list, encoded};
        return encoded;
    }

private:
    std::array<std::pair<List, QByteArray>, N> m_recent;
    size_t m_next = 0;
};

} // namespace

QByteArray writeEPassBody(const core::EPass& e)
{
    // Every field of core::EPass this writer does not write (codeHash is not in the body): one more field set, and
    // the E-pass goes to the store's function (operator== is defaulted, so it compares new fields too).
    core::EPass rest = e;
    rest.id.clear();
    rest.module.clear();
    rest.firstName.clear();
    rest.lastName.clear();
    rest.usages = 0;
    rest.activation = QDate();
    rest.expiration = QDate();
    rest.scope = {};
    rest.status = core::EPassStatus::Active;
    rest.codeHash.clear();
    if (!(rest == core::EPass {})) {
        return {};
    }
    // Qt's compact form of core::json::toJson(EPass) without codeHash: keys in QJsonObject's (sorted) order.
    QByteArray out;
    out.reserve(192);
    out += "{\"activation\":";
    if (!appendDate(out, e.activation)) {
        return {};
    }
    out += ",\"expiration\":";
    if (!appendDate(out, e.expiration)) {
        return {};
    }
    const std::pair<const char*, const QString*> strings[] = {{",\"firstName\":", &e.firstName},
                                                              {",\"id\":", &e.id},
                                                              {",\"lastName\":", &e.lastName},
                                                              {",\"module\":", &e.module}};
    for (const auto& [key, value] : strings) {
        out += key;
        if (!appendString(out, *value)) {
            return {};
        }
    }
    out += ",\"scope\":{\"airports\":";
    if (!appendStrings(out, e.scope.airports)) {
        return {};
    }
    out += ",\"resources\":";
    if (!appendStrings(out, e.scope.resourceIds)) {
        return {};
    }
    out += "},\"status\":";
    if (!appendString(out, core::toString(e.status))) {
        return {};
    }
    out += ",\"usages\":";
    out += QByteArray::number(e.usages);
    out += '}';
    return out;
}

void encodeStoredColumns(core::ChangePage& page)
{
    page.ePassBodies.reserve(page.ePasses.size());
    // The canary: the page's first E-pass both ways. Text that differs means the writer is behind core::json.
    bool direct = page.ePasses.isEmpty()
        || writeEPassBody(page.ePasses.front()) == core::json::storedEPassBody(page.ePasses.front());
    for (const auto& e : page.ePasses) {
        QByteArray body = direct ? writeEPassBody(e) : QByteArray();
        page.ePassBodies.append(body.isNull() ? core::json::storedEPassBody(e) : std::move(body));
    }
    RecentText<QList<core::TierAssignment>> tiers;
    RecentText<QList<core::EntitlementOverride>> overrides;
    page.membershipTiers.reserve(page.memberships.size());
    page.membershipOverrides.reserve(page.memberships.size());
    for (const auto& m : page.memberships) {
        page.membershipTiers.append(tiers.text(m.tiers));
        page.membershipOverrides.append(overrides.text(m.overrides));
    }
}

} // namespace lounge::protocol
