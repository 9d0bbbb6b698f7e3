#pragma once

// The synthetic members and E-passes the benchmarks seed central with (sync-bench, gui-bench --worst-case): one
// generator, so a terminal's download in either bench receives the same records.

#include "Domain.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QDate>
#include <QString>

namespace lounge::bench {

inline core::Membership benchMembership(int i, const QDate& today)
{
    core::Membership m;
    m.id = QStringLiteral("BM-%1").arg(i);
    m.number = QStringLiteral("70000000%1").arg(i, 8, 10, QLatin1Char('0'));
    m.holderName = QStringLiteral("Member %1").arg(i);
    m.tiers = {core::TierAssignment {i % 2 ? QStringLiteral("GOLD") : QStringLiteral("CLASSIC"), {}}};
    m.status = core::MembershipStatus::Active;
    m.validFrom = today.addDays(-100);
    m.validTo = today.addDays(265);
    m.codeHash = QCryptographicHash::hash("m" + QByteArray::number(i), QCryptographicHash::Sha256);
    return m;
}

inline core::EPass benchEPass(int i, const QDate& today)
{
    return core::EPass {QStringLiteral("BE-%1").arg(i),
                        QStringLiteral("LOUNGE"),
                        QStringLiteral("First"),
                        QStringLiteral("Last %1").arg(i),
                        3,
                        today.addDays(-1),
                        today.addDays(30),
                        {},
                        core::EPassStatus::Active,
                        QCryptographicHash::hash("e" + QByteArray::number(i), QCryptographicHash::Sha256)};
}

} // namespace lounge::bench
