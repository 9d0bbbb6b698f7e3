#include "DemoData.h"

#include "CredentialCode.h"
#include "Store.h"

#include <QRandomGenerator>
#include <QSet>

namespace lounge::core {

DemoData DemoData::build(const QDate& today)
{
    DemoData d;
    d.resources = {
        {"HKG-T1-LOUNGE", "LOUNGE", "Plaza Premium Lounge (East)", "HKG", "T1", "Asia/Hong_Kong", false},
        {"HKG-T1-FT", "FAST_TRACK", "Fast Track Lane A", "HKG", "T1", "Asia/Hong_Kong", false},
        {"LHR-T5-LOUNGE", "LOUNGE", "Aspire Lounge", "LHR", "T5", "Europe/London", false},
        {"JFK-T4-LOUNGE", "LOUNGE", "Primeclass Lounge", "JFK", "T4", "America/New_York", false},
        {"SIN-T3-DINING", "DINING", "Straits Kitchen", "SIN", "T3", "Asia/Singapore", false},
        {"SYD-T1-LOUNGE", "LOUNGE", "Sydney International Lounge", "SYD", "T1", "Australia/Sydney", true},
    };

    Entitlement classicLounge {"LOUNGE", Allowance::of(2), Allowance::none(), Allowance::none(), 0, QuotaPeriod::Year,
                               {},       std::nullopt,     std::nullopt};
    Entitlement goldLounge {"LOUNGE", Allowance::of(6), Allowance::of(4), Allowance::none(), 1, QuotaPeriod::Year,
                            {},       std::nullopt,     std::nullopt};
    Entitlement goldFastTrack {
        "FAST_TRACK", Allowance::of(2), Allowance::none(), Allowance::none(), 0, QuotaPeriod::Year,
        {},           std::nullopt,     std::nullopt};
    Entitlement platinumLounge {
        "LOUNGE", Allowance::infinite(), Allowance::of(10), Allowance::none(), 2, QuotaPeriod::Validity,
        {},       std::nullopt,          std::nullopt};
    Entitlement platinumFastTrack {
        "FAST_TRACK", Allowance::infinite(), Allowance::of(4), Allowance::none(), 1, QuotaPeriod::Validity,
        {},           std::nullopt,          std::nullopt};
    Entitlement platinumDining {"DINING", Allowance::of(4), Allowance::none(), Allowance::none(), 0, QuotaPeriod::Month,
                                {},       std::nullopt,     std::nullopt};
    Entitlement familyLounge {"LOUNGE", Allowance::none(), Allowance::none(), Allowance::of(10), 3, QuotaPeriod::Year,
                              {},       std::nullopt,      std::nullopt};
    Entitlement asiaLounge {"LOUNGE",          Allowance::of(4),           Allowance::none(), Allowance::none(), 0,
                            QuotaPeriod::Year, Scope {{}, {"HKG", "SIN"}}, std::nullopt,      std::nullopt};
    d.programs = {
        {"CLASSIC", "Classic", 365, {classicLounge}, false},
        {"GOLD", "Gold", 365, {goldLounge, goldFastTrack}, false},
        {"PLATINUM", "Platinum", 365, {platinumLounge, platinumFastTrack, platinumDining}, false},
        {"FAMILY", "Family", 365, {familyLounge}, false},
        {"ASIA", "Asia Explorer", 180, {asiaLounge}, false},
    };

    QRandomGenerator rng(20261127); // fixed seed: demo codes are stable across runs
    auto addMember = [&](const QString& id, const QString& number, const QString& name, const QString& program,
                         MembershipStatus status, QDate from, QDate to, const QString& label, const QString& expected,
                         QList<EntitlementOverride> overrides = {}) {
        const QString code = CredentialCode::generate(CredentialKind::Membership, rng);
        Membership m;
        m.id = id;
        m.number = number;
        m.holderName = name;
        m.tiers = {TierAssignment {program, QDateTime()}};
        m.status = status;
        m.validFrom = from;
        m.validTo = to;
        m.overrides = overrides;
        m.codeHash = CredentialCode::hashOf(code);
        d.memberships.append(m);
        d.samples.append({label, code, expected});
    };
    const QDate yearAgo = today.addDays(-200);
    const QDate inAYear = today.addDays(165);
    addMember("M-1001", "6001234500001001", "Mei Ling Chan", "GOLD", MembershipStatus::Active, yearAgo, inAYear,
              "Gold member, active", "OK");
    addMember("M-1002", "6001234500001002", "James Okafor", "PLATINUM", MembershipStatus::Active, yearAgo, inAYear,
              "Platinum member, active", "OK");
    addMember("M-1003", "6001234500001003", "Sofia Rossi", "CLASSIC", MembershipStatus::Suspended, yearAgo, inAYear,
              "Classic member, suspended", "SUSPENDED");
    addMember("M-1004", "6001234500001004", "Arjun Mehta", "GOLD", MembershipStatus::Pending, today, inAYear,
              "Gold member, pending activation", "PENDING_ACTIVATION");
    addMember("M-1005", "6001234500001005", "Hannah Schmidt", "CLASSIC", MembershipStatus::Cancelled, yearAgo, inAYear,
              "Classic member, cancelled", "CANCELLED");
    addMember("M-1006", "6001234500001006", "Carlos Mendes", "GOLD", MembershipStatus::Expired, today.addDays(-400),
              today.addDays(-35), "Gold member, expired", "EXPIRED");
    addMember("M-1007", "6001234500001007", "Aiko Tanaka", "FAMILY", MembershipStatus::Active, yearAgo, inAYear,
              "Family member, shared pool", "OK");
    addMember("M-1008", "6001234500001008", "Liam O'Brien", "ASIA", MembershipStatus::Active, yearAgo, inAYear,
              "Asia Explorer member (HKG/SIN only)", "OK");
    EntitlementOverride noLounge {EntitlementOverride::Op::Remove, "LOUNGE", {}};
    addMember("M-1009", "6001234500001009", "Fatima Al-Sayed", "GOLD", MembershipStatus::Active, yearAgo, inAYear,
              "Gold member whose lounge entitlement was removed", "WRONG_MODULE", {noLounge});
    addMember("M-1010", "6001234500001010", "Noah Williams", "CLASSIC", MembershipStatus::Active, today.addDays(10),
              today.addDays(375), "Classic member, starts in 10 days", "NOT_YET_VALID");

    auto addPass = [&](const QString& id, const QString& module, const QString& first, const QString& last, int usages,
                       QDate activation, QDate expiration, Scope scope, EPassStatus status, const QString& label,
                       const QString& expected) {
        const QString code = CredentialCode::generate(CredentialKind::EPass, rng);
        d.ePasses.append(EPass {id, module, first, last, usages, activation, expiration, scope, status,
                                CredentialCode::hashOf(code)});
        d.samples.append({label, code, expected});
    };
    addPass("E-2001", "LOUNGE", "Olivia", "Brown", 3, today.addDays(-5), today.addDays(30), {}, EPassStatus::Active,
            "E-pass, any lounge, 3 visits", "OK");
    addPass("E-2002", "LOUNGE", "Wei", "Zhang", 1, today.addDays(-1), today.addDays(1), Scope {{"HKG-T1-LOUNGE"}, {}},
            EPassStatus::Active, "E-pass for this lounge only, 1 visit", "OK");
    addPass("E-2003", "LOUNGE", "Emma", "Dubois", 2, today.addDays(-5), today.addDays(30),
            Scope {{"LHR-T5-LOUNGE"}, {}}, EPassStatus::Active, "E-pass for London only", "OUT_OF_SCOPE");
    addPass("E-2004", "FAST_TRACK", "Lucas", "Silva", 2, today.addDays(-5), today.addDays(30), {}, EPassStatus::Active,
            "Fast Track E-pass at a lounge", "WRONG_MODULE");
    addPass("E-2005", "LOUNGE", "Isabella", "Garcia", 2, today.addDays(-5), today.addDays(30), {}, EPassStatus::Revoked,
            "E-pass, revoked", "REVOKED");
    addPass("E-2006", "LOUNGE", "Mohammed", "Hassan", 2, today.addDays(-30), today.addDays(-1), {}, EPassStatus::Active,
            "E-pass, expired yesterday", "EXPIRED");
    addPass("E-2007", "LOUNGE", "Chloe", "Martin", 0, today.addDays(-5), today.addDays(30), Scope {{}, {"HKG"}},
            EPassStatus::Active, "E-pass with no visits left", "NO_VISITS_LEFT");
    return d;
}

Result<void> DemoData::seed(Store& store, const DemoData& data, const QDateTime& now)
{
    auto tx = store.beginWrite();
    if (!tx) {
        return tx.error();
    }
    auto central = store.setting(QStringLiteral("central_url"));
    if (!central) {
        return central.error();
    }
    if (central->has_value() && !(*central)->isEmpty()) {
        return makeError(ErrorCode::Conflict,
                         QStringLiteral("this terminal is enrolled: the demo data set is refused"));
    }
    ChangePage page;
    page.cursor = 0;
    page.resources = data.resources;
    page.programs = data.programs;
    page.memberships = data.memberships;
    page.ePasses = data.ePasses;
    if (auto r = store.applyChangePage(page); !r) {
        return r;
    }
    if (auto r = store.setLastSync(now); !r) {
        return r;
    }
    if (auto r = store.setSetting(QStringLiteral("demo_data"), QStringLiteral("1")); !r) {
        return r;
    }
    auto existing = store.setting(QStringLiteral("resource_id"));
    if (!existing) {
        return existing.error();
    }
    if (!existing->has_value()) {
        if (auto r = store.setSetting(QStringLiteral("resource_id"), data.defaultResource); !r) {
            return r;
        }
        if (auto r = store.setSetting(QStringLiteral("terminal_id"), QStringLiteral("DEMO-KIOSK-1")); !r) {
            return r;
        }
    }
    return tx->commit();
}

bool DemoData::isDemoCodeHash(const QByteArray& codeHash)
{
    static const QSet<QByteArray> hashes = [] {
        QSet<QByteArray> out;
        const DemoData d = build(QDate(2026, 1, 1)); // the codes do not depend on the date
        for (const auto& m : d.memberships) {
            out.insert(m.codeHash);
        }
        for (const auto& e : d.ePasses) {
            out.insert(e.codeHash);
        }
        return out;
    }();
    return !codeHash.isEmpty() && hashes.contains(codeHash);
}

Result<bool> DemoData::isDemoCache(const Store& store)
{
    auto marker = store.setting(QStringLiteral("demo_data"));
    if (!marker) {
        return marker.error();
    }
    if (marker->has_value() && **marker == QLatin1String("1")) {
        return true;
    }
    auto cursor = store.cursor();
    if (!cursor) {
        return cursor.error();
    }
    if (*cursor > 0) {
        return false; // everything here came from central (which may run its own demo: its business)
    }
    const DemoData d = build(QDate(2026, 1, 1));
    for (const auto& m : d.memberships) {
        auto found = store.membershipByCodeHash(m.codeHash);
        if (!found) {
            return found.error();
        }
        if (found->has_value()) {
            return true;
        }
    }
    for (const auto& e : d.ePasses) {
        auto found = store.ePassByCodeHash(e.codeHash);
        if (!found) {
            return found.error();
        }
        if (found->has_value()) {
            return true;
        }
    }
    return false;
}

Result<void> DemoData::wipe(Store& store)
{
    auto tx = store.beginWrite();
    if (!tx) {
        return tx.error();
    }
    auto visits = store.count(QStringLiteral("journal"));
    if (!visits) {
        return visits.error();
    }
    if (*visits > 0) {
        return makeError(
            ErrorCode::Conflict,
            QStringLiteral("the journal holds %1 record(s); a cache with visits is never wiped").arg(*visits));
    }
    if (auto r = store.clearCache(); !r) {
        return r;
    }
    for (const char* key : {"demo_data", "resource_id", "terminal_id", "last_sync"}) {
        if (auto r = store.removeSetting(QLatin1String(key)); !r) {
            return r;
        }
    }
    return tx->commit();
}

namespace {
QByteArray column(const QByteArray& v, int width)
{
    return v.left(width).leftJustified(width, ' ');
}
QByteArray hexSize(qsizetype n)
{
    return QByteArray::number(int(n), 16).toUpper().rightJustified(2, '0');
}
} // namespace

QByteArray DemoData::boardingPass(const QDate& day)
{
    const QByteArray julian = QByteArray::number(day.dayOfYear()).rightJustified(3, '0');
    // Unique conditional items 15, 12, 14, 22 (date of issue "YDDD"), 16, 21; repeated items 142 ... 254.
    const QByteArray unique = "1WW" + QByteArray::number(day.year() % 10) + julian + "B" + column("CX", 3);
    const QByteArray repeated = column("160", 3) + column("2412345678", 10) + "0" + " " + column("CX", 3)
        + column("", 3) + column("", 16) + " " + column("2PC", 3) + "Y";
    const QByteArray variable = ">6" + hexSize(unique.size()) + unique + hexSize(repeated.size()) + repeated;
    return "M1" + column("BROWN/OLIVIA MS", 20) + "E" + column("DEMO42", 7) + "HKG" + "LHR" + column("CX", 3) + "0251 "
        + julian + "J" + "011A" + "0023 " + "1" + hexSize(variable.size()) + variable;
}

} // namespace lounge::core
