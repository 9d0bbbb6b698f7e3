#pragma once

#include "Domain.h"
#include "Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace lounge::core {

class Store;

/// A realistic demo data set: resources at several airports in different time zones, several tiers, memberships
/// in every status, E-passes with narrow and wide scopes. Codes are derived from a fixed seed so the README, the
/// demo video and the tests can name them; real credentials always come from the system CSPRNG.
struct DemoData
{
    struct Sample
    {
        QString label; ///< what the sample shows, e.g. "Gold member, active"
        QString code; ///< canonical static code (or a membership number)
        QString expectedReason; ///< at the default demo resource, party of one
    };

    QList<Resource> resources;
    QList<Program> programs;
    QList<Membership> memberships;
    QList<EPass> ePasses;
    QList<Sample> samples;
    QString defaultResource = QStringLiteral("HKG-T1-LOUNGE");

    /// Built relative to `today` (validity windows around it).
    static DemoData build(const QDate& today);
    /// Writes everything into the store in one transaction and marks the cache as just synced.
    static Result<void> seed(Store& store, const DemoData& data, const QDateTime& now);
};

} // namespace lounge::core
