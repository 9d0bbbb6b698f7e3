#include "FleetStatus.h"

#include "CentralSecurity.h"
#include "JournalHeadCheck.h"

#include <QJsonDocument>

namespace lounge::central {

using core::Result;

FleetStatus::FleetStatus(CentralStore& store, const core::Clock& clock, int staleAfterSeconds)
    : m_store(store)
    , m_clock(clock)
    , m_staleAfterSeconds(staleAfterSeconds)
{ }

Result<void> FleetStatus::noteContact(const QString& terminalId, const protocol::TerminalReport& report)
{
    TerminalContact c;
    c.at = m_clock.now();
    c.version = report.version;
    c.pendingUploads = report.pendingUploads;
    if (report.terminalTime) {
        // Terminal clock minus central's, at the request (the network's one-way delay is inside the figure).
        c.clockOffsetMs = c.at.msecsTo(*report.terminalTime);
    }
    const qint64 nowMs = c.at.toMSecsSinceEpoch();
    const auto last = m_written.constFind(terminalId);
    if (last != m_written.cend() && nowMs >= last->atMs && nowMs - last->atMs < CentralStore::kContactWriteIntervalMs
        && (!c.version || c.version == last->version) && (!c.pendingUploads || c.pendingUploads == last->pendingUploads)
        && (!c.clockOffsetMs || last->offsetKnown)) {
        return {};
    }
    if (auto r = m_store.noteTerminalContact(terminalId, c); !r) {
        return r;
    }
    Written& w = m_written[terminalId];
    w.atMs = nowMs;
    w.version = c.version ? c.version : w.version;
    w.pendingUploads = c.pendingUploads ? c.pendingUploads : w.pendingUploads;
    w.offsetKnown = w.offsetKnown || c.clockOffsetMs.has_value();
    return {};
}

Result<Page<FleetEntry>> FleetStatus::terminals(const FleetFilter& filter, const pagination::PageRequest& page) const
{
    const QDateTime now = m_clock.now();
    TerminalQuery q;
    q.afterId = page.after.value(0);
    q.limit = page.limit + 1;
    q.resourceId = filter.resourceId;
    q.stale = filter.stale;
    q.silentSince = now.addSecs(-m_staleAfterSeconds);
    auto rows = m_store.terminalPage(q);
    if (!rows) {
        return rows.error();
    }
    Page<FleetEntry> out;
    for (const TerminalStatus& t : *rows) {
        if (out.items.size() == page.limit) {
            out.nextCursor = pagination::encodeCursor({out.items.last().status.terminal.id});
            break;
        }
        FleetEntry e;
        e.status = t;
        e.stale = t.lastContact.value_or(t.terminal.enrolledAt) < q.silentSince;
        auto head = m_store.record(kJournalHeadKind, t.terminal.id);
        if (!head) {
            return head.error();
        }
        if (head->has_value()) {
            e.journalHeadSeq = qint64(QJsonDocument::fromJson((*head)->body).object().value("seq").toDouble());
        }
        auto chain = m_store.record(kind::kChainHead, t.terminal.id);
        if (!chain) {
            return chain.error();
        }
        e.chainChecked = head->has_value() || chain->has_value();
        RecordQuery breaks;
        breaks.kind = kind::kJournalBreak;
        breaks.fieldEquals.append({QStringLiteral("terminal"), t.terminal.id});
        breaks.limit = 10000;
        auto flagged = m_store.recordPage(breaks);
        if (!flagged) {
            return flagged.error();
        }
        e.journalBreaks = int(flagged->size());
        out.items.append(e);
    }
    return out;
}

} // namespace lounge::central
