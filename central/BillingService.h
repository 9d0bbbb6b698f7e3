#pragma once

#include "CentralStore.h"
#include "Clock.h"

#include <QJsonObject>

namespace lounge::central {

/// Partner billing (docs/domain.md, "Partner billing"): rates per (programme, resource) pair and the monthly
/// statement per programme (the payer) and lounge, computed from the recorded visits in the lounge's local time.
/// A closed month keeps the statements it stored; a visit voided or uploaded after its month closed becomes an
/// adjustment line of the next open statement of that lounge and programme. Everything lives in the store, so any
/// central process answers the same; closing runs in one write transaction.
/// Statements are JSON objects (the wire shape of GET /v1/issuer/statements, docs/api.md), also what a closed month
/// stores. Thread affinity: the store's owner thread. Errors: InvalidArgument (400), NotFound (404), Conflict
/// (409: month closed or not yet over, currency change); storage errors pass through.
class BillingService
{
public:
    /// The payer of E-pass visits (E-passes belong to no programme); rates may be set for it like any programme.
    static inline const QString kEPassProgram = QStringLiteral("EPASS");
    /// The payer of a visit whose membership central no longer knows.
    static inline const QString kUnknownProgram = QStringLiteral("UNKNOWN");

    BillingService(CentralStore& store, const core::Clock& clock);

    /// Validates and stores a rate (program and resource must exist; one currency per pair; not for a month the
    /// resource has already closed).
    core::Result<BillingRate> setRate(const BillingRate& rate);
    core::Result<BillingRate> rate(const QString& program, const QString& resource, const QString& fromMonth) const;
    core::Result<QList<BillingRate>> rates(const QString& program, const QString& resource, const QStringList& after,
                                           int limit) const;

    /// The statements of `month` ("YYYY-MM"), one per (programme, resource) with activity, adjustments or a rate in
    /// force, in (program, resource) order; empty filters = all.
    core::Result<QList<QJsonObject>> statements(const QString& month, const QString& program,
                                                const QString& resource) const;

    struct Closed
    {
        QString resource;
        bool alreadyClosed = false;
    };
    /// Closes `month` for `resource` (empty = every resource): Conflict when one named resource is already closed
    /// or its month has not ended in its time zone; with every resource, those not yet over are refused and those
    /// already closed are reported as such.
    core::Result<QList<Closed>> close(const QString& month, const QString& resource);

    static bool isMonth(const QString& month);
    static QJsonObject toJson(const BillingRate& rate);

private:
    core::Result<QList<core::Resource>> resourcesFor(const QString& resource) const;
    /// Open statements of one resource and month computed from the visits, program → statement; `settleFrom`
    /// receives the start of the range a close settles (the closed months whose adjustments land here).
    core::Result<QMap<QString, QJsonObject>> compute(const core::Resource& resource, const QString& month,
                                                     const QMap<QString, qint64>& closedMonths,
                                                     qint64* settleFrom) const;

    CentralStore& m_store;
    const core::Clock& m_clock;
};

} // namespace lounge::central
