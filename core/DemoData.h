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
    /// Writes everything into the store in one transaction, marks the cache as just synced and as a demo cache
    /// (meta `demo_data`). Refused (Conflict) on an enrolled terminal: demo data never reaches a real desk.
    static Result<void> seed(Store& store, const DemoData& data, const QDateTime& now);

    /// True when the cache holds the public demo data set: seeded by seed() (the marker), or, for a cache from
    /// before the marker, any demo code while nothing ever came from central (cursor 0). The GUI shows its DEMO
    /// ribbon from this; `enroll` refuses such a cache unless asked to wipe it.
    static Result<bool> isDemoCache(const Store& store);
    /// Removes the demo data set (cache tables, demo settings, the marker) in one transaction. Refused (Conflict) when
    /// the journal holds any visit: those must be dealt with first, never silently dropped.
    static Result<void> wipe(Store& store);
    /// Whether a credential's code hash is one of the public demo codes (fixed seed, so the same everywhere).
    static bool isDemoCodeHash(const QByteArray& codeHash);
    /// The boarding pass of the demo E-pass holder Olivia Brown ("E-pass, any lounge, 3 visits"): IATA BCBP, one leg
    /// HKG-LHR on CX 251 in business (J), seat 11A, flying on `day` (its Julian day; the demo video prints it with
    /// the build day, so it is "today" only on that day). Mandatory items + conditional blocks, no security data.
    static QByteArray boardingPass(const QDate& day);
};

} // namespace lounge::core
