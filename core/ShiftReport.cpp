#include "ShiftReport.h"

#include "Store.h"
#include "TerminalSettings.h"

#include <QMap>

#include <algorithm>

namespace lounge::core {

namespace {

// A shift at a busy lounge is a few thousand records; the cap only guards against a runaway range.
constexpr int kMaxRecords = 1'000'000;

void addVisit(ShiftReport::Counts& c, const Redemption& r)
{
    ++c.visits;
    if (r.kind == JournalKind::Paid) {
        c.paid += r.partySize;
    } else {
        ++c.cardholders;
        c.guests += std::max(0, r.partySize - 1);
    }
}

} // namespace

std::pair<QDateTime, QDateTime> ShiftReport::dayRange(const QDate& day, const QTimeZone& zone)
{
    return {QDateTime(day, QTime(0, 0), zone).toUTC(), QDateTime(day.addDays(1), QTime(0, 0), zone).toUTC()};
}

Result<ShiftReport> ShiftReport::forDay(const Store& store, const QDate& day, const QTimeZone& zone)
{
    const auto [from, to] = dayRange(day, zone);
    auto report = build(store, from, to, zone);
    if (report) {
        report->day = day;
    }
    return report;
}

Result<ShiftReport> ShiftReport::build(const Store& store, const QDateTime& fromUtc, const QDateTime& toUtc,
                                       const QTimeZone& zone)
{
    ShiftReport rep;
    rep.zone = zone;
    rep.fromUtc = fromUtc;
    rep.toUtc = toUtc;
    rep.day = fromUtc.toTimeZone(zone).date();
    auto settings = TerminalSettings::load(store);
    if (!settings) {
        return settings.error();
    }
    rep.terminalId = settings->terminalId;
    rep.resourceId = settings->resourceId;

    auto records = store.journal(fromUtc, toUtc, kMaxRecords);
    if (!records) {
        return records.error();
    }
    auto refusals = store.refusals(fromUtc, toUtc, kMaxRecords);
    if (!refusals) {
        return refusals.error();
    }
    QMap<QString, Counts> programs;
    QMap<int, Counts> hours;
    QMap<int, int> reasons; // Reason as int
    // journal() is newest first; the report lists oldest first.
    for (auto it = records->crbegin(); it != records->crend(); ++it) {
        const Redemption& r = *it;
        const int hour = r.at.toTimeZone(zone).time().hour();
        if (r.kind == JournalKind::Void) {
            Void v;
            v.at = r.at;
            v.staffId = r.staffId;
            v.remark = r.remark;
            v.voids = r.voids;
            v.holderName = r.holderName;
            v.partySize = r.partySize;
            if (auto original = store.redemption(r.voids); original && original->has_value()) {
                v.holderName = (*original)->holderName;
                v.partySize = (*original)->partySize;
            }
            rep.voids << v;
            continue;
        }
        const bool stands = r.voidedBy.isNull();
        if (r.kind == JournalKind::Redeem && r.verdict == Verdict::Attention) {
            rep.overrides << Override {r.at,          r.staffId,   r.reason, r.holderName,
                                       r.programName, r.partySize, r.id,     !stands};
        }
        if (r.kind == JournalKind::Redeem && !r.boardingPassOverrideBy.isEmpty()) {
            rep.boardingPassOverrideList << BoardingPassOverride {
                r.at, r.staffId, r.boardingPassOverrideBy, r.boardingPassOverrideReason, r.holderName, r.partySize,
                r.id, !stands};
        }
        if (!stands) {
            continue;
        }
        if (r.kind == JournalKind::Redeem) {
            rep.boardingPassOverrides += r.boardingPassOverrideBy.isEmpty() ? 0 : 1;
            rep.nameMismatches += r.verdict == Verdict::Attention && r.reason == Reason::NameMismatch ? 1 : 0;
        }
        addVisit(rep.total, r);
        addVisit(programs[r.programName], r);
        addVisit(hours[hour], r);
        if (r.kind == JournalKind::Paid) {
            ++rep.paidEntries;
            rep.paidAmountMinor += r.amountMinor.value_or(0);
        }
    }
    for (const Refusal& f : *refusals) {
        ++rep.total.refused;
        ++hours[f.at.toTimeZone(zone).time().hour()].refused;
        ++reasons[int(f.reason)];
    }
    for (auto it = programs.cbegin(); it != programs.cend(); ++it) {
        rep.byProgram << ProgramRow {it.key(), it.value()};
    }
    for (auto it = hours.cbegin(); it != hours.cend(); ++it) {
        rep.byHour << HourRow {it.key(), it.value()};
    }
    for (auto it = reasons.cbegin(); it != reasons.cend(); ++it) {
        rep.refusedByReason << ReasonRow {Reason(it.key()), it.value()};
    }
    std::sort(rep.refusedByReason.begin(), rep.refusedByReason.end(), [](const ReasonRow& a, const ReasonRow& b) {
        return a.count != b.count ? a.count > b.count : toString(a.reason) < toString(b.reason);
    });
    return rep;
}

} // namespace lounge::core
