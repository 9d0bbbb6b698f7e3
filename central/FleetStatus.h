#pragma once

#include "CentralStore.h"
#include "Clock.h"
#include "IssuerQueries.h"
#include "Wire.h"

#include <QHash>

namespace lounge::central {

/// One terminal in the fleet status (issue 15 §3).
struct FleetEntry
{
    TerminalStatus status;
    bool stale = false; ///< silent (no request since lastContact, or since enrollment) longer than the threshold
    std::optional<qint64> journalHeadSeq; ///< highest journal head the terminal reported (Lounge-Journal-Head)
    int journalBreaks = 0; ///< flagged breaks of its journal chain (upload chain and reported heads)
    bool chainChecked = false; ///< central holds a chain head or a reported journal head for it
};

struct FleetFilter
{
    QString resourceId;
    std::optional<bool> stale;
};

/// Fleet status: what each terminal reports about itself on every request (protocol::TerminalReport), when central
/// last heard from it, and the flags central holds about it. Everything lives in the database, so any central
/// process answers for the whole fleet. Thread affinity: the store's owner thread.
class FleetStatus
{
public:
    /// A terminal silent for longer than `staleAfterSeconds` is stale.
    FleetStatus(CentralStore& store, const core::Clock& clock, int staleAfterSeconds);

    int staleAfterSeconds() const { return m_staleAfterSeconds; }
    /// Notes a request of an authenticated terminal (central's clock; the clock offset from its reported time).
    core::Result<void> noteContact(const QString& terminalId, const protocol::TerminalReport& report);
    /// Terminals in id order (cursor key: the id).
    core::Result<Page<FleetEntry>> terminals(const FleetFilter& filter, const pagination::PageRequest& page) const;

private:
    /// What this process last wrote for a terminal: a request that reports nothing new within
    /// CentralStore::kContactWriteIntervalMs of it costs no database round trip at all (fleet-bench: the per-request
    /// UPDATE tripled PostgreSQL's commits). Only a write throttle: the database stays the state, and another process
    /// writes the same terminal at the same rate at most, so `lastContact` lags by at most the interval.
    struct Written
    {
        qint64 atMs = 0;
        std::optional<QString> version;
        std::optional<qint64> pendingUploads;
        bool offsetKnown = false;
    };
    CentralStore& m_store;
    const core::Clock& m_clock;
    int m_staleAfterSeconds;
    QHash<QString, Written> m_written;
};

} // namespace lounge::central
