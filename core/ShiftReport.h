#pragma once

#include "Domain.h"
#include "Result.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QTimeZone>
#include <QUuid>

namespace lounge::core {

class Store;

/// The end-of-shift report of one desk, built from the local journal and the refused-scan log only (works offline).
/// A shift is a local-time range [fromUtc, toUtc) in the lounge's time zone; the kiosk and the CLI use the lounge's
/// calendar day (forDay). A visit counts when it stands at the time of the report (a void, even a later one, takes
/// it out); the void record itself is listed under `voids` in the shift it was recorded in.
/// A plain value type; build() runs on the store's owner thread.
struct ShiftReport
{
    /// Visits of one programme (a pass visit: 1 cardholder + partySize-1 guests; a paid entry: partySize paid).
    struct Counts
    {
        int visits = 0; ///< standing visits and paid entries
        int cardholders = 0;
        int guests = 0;
        int paid = 0; ///< people admitted by paid entries
        int refused = 0; ///< refused scans (by hour only)
        int people() const { return cardholders + guests + paid; }
        bool operator==(const Counts&) const = default;
    };
    struct ProgramRow
    {
        QString program; ///< the programme as recorded ("Paid entry" for paid entries, "" = unknown)
        Counts counts;
    };
    struct HourRow
    {
        int hour = 0; ///< local hour 0–23 in `zone`
        Counts counts;
    };
    struct ReasonRow
    {
        Reason reason = Reason::UnknownCode;
        int count = 0;
    };
    /// An ATTENTION a staff member confirmed ("admit anyway"): who, when, and why the desk asked (the reason).
    struct Override
    {
        QDateTime at; ///< UTC
        QString staffId;
        Reason reason = Reason::Ok;
        QString holderName;
        QString program;
        int partySize = 1;
        QUuid visitId;
        bool voided = false; ///< a void took it back later (not counted in the figures)
    };
    /// A supervisor admitted without the boarding pass the lounge requires (issue 14 §3): who, why, for whom.
    struct BoardingPassOverride
    {
        QDateTime at; ///< UTC
        QString staffId; ///< the desk's staff
        QString supervisor; ///< Redemption::boardingPassOverrideBy
        QString reason; ///< Redemption::boardingPassOverrideReason
        QString holderName;
        int partySize = 1;
        QUuid visitId;
        bool voided = false; ///< a void took it back later (not counted in boardingPassOverrides)
    };
    struct Void
    {
        QDateTime at; ///< UTC, when the void was recorded
        QString staffId;
        QString remark; ///< the reason staff gave
        QUuid voids; ///< the visit it compensates
        QString holderName;
        int partySize = 1;
    };

    QDate day; ///< the local day (forDay), else the local date of fromUtc
    QTimeZone zone;
    QDateTime fromUtc;
    QDateTime toUtc;
    QString terminalId;
    QString resourceId;

    Counts total; ///< refused included
    int paidEntries = 0; ///< standing paid entries (their people are in total.paid)
    qint64 paidAmountMinor = 0; ///< sum of recorded paid-entry amounts (minor units, two decimals at the desk)
    QList<ProgramRow> byProgram; ///< by programme name
    QList<HourRow> byHour; ///< only hours with a visit or a refused scan, ascending
    QList<ReasonRow> refusedByReason; ///< most frequent first
    QList<Override> overrides; ///< oldest first
    QList<Void> voids; ///< oldest first
    /// Boarding passes (issue 14): standing visits admitted by a supervisor's override of a missing boarding pass, and
    /// standing visits confirmed although the boarding pass named someone else (NAME_MISMATCH).
    int boardingPassOverrides = 0;
    int nameMismatches = 0;
    QList<BoardingPassOverride> boardingPassOverrideList; ///< oldest first, voided ones included (marked)

    /// [00:00, next day 00:00) of `day` in `zone` (a DST day is 23 or 25 hours long).
    static std::pair<QDateTime, QDateTime> dayRange(const QDate& day, const QTimeZone& zone);
    static Result<ShiftReport> forDay(const Store& store, const QDate& day, const QTimeZone& zone);
    static Result<ShiftReport> build(const Store& store, const QDateTime& fromUtc, const QDateTime& toUtc,
                                     const QTimeZone& zone);
};

} // namespace lounge::core
