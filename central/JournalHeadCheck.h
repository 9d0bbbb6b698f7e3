#pragma once

#include "CentralStore.h"
#include "Clock.h"
#include "Store.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace lounge::central {

/// Issue 11 §4: a terminal reports its journal head (last record's sequence and hash) with every authenticated
/// request, in the header `Lounge-Journal-Head: SEQ:HEX`. Central remembers the highest head it has seen per terminal
/// and flags a later head that does not extend it: records cut from the tail (sequence lower), or the record at the
/// same sequence rewritten (hash differs). Flags are journal breaks (`lounge-central journal-breaks`); the request
/// itself is served: people may be waiting, the flag is for an investigation.
inline constexpr char kJournalHeadHeader[] = "Lounge-Journal-Head";
inline const QString kJournalHeadKind = QStringLiteral("journalhead"); ///< central only: highest head per terminal

/// Parses "SEQ:HEX" (SEQ ≥ 0, HEX = 64 hex digits, or empty for an empty journal). nullopt when malformed.
std::optional<core::JournalHead> parseJournalHead(const QByteArray& value);
QByteArray formatJournalHead(const core::JournalHead& head);

/// The rule alone: why `reported` does not extend `highest` (empty when it does).
QString journalHeadProblem(const core::JournalHead& highest, const core::JournalHead& reported);

/// Checks `reported` against the highest head seen for `terminalId`, records a flag when it does not extend it, and
/// raises the highest head otherwise. A head already held (or a break already flagged) is judged by reads alone; a
/// write runs in one transaction that judges again under the writer lock. Returns the problem (empty when none).
core::Result<QString> checkJournalHead(CentralStore& store, const core::Clock& clock, const QString& terminalId,
                                       const core::JournalHead& reported);
/// The same with the held head already read (`held`: the terminal's kJournalHeadKind record, read with the request's
/// authentication by TerminalRegistry::authenticateWith): an unchanged head then costs no statement at all.
core::Result<QString> checkJournalHead(CentralStore& store, const core::Clock& clock, const QString& terminalId,
                                       const core::JournalHead& reported, const std::optional<ChangeRecord>& held);

} // namespace lounge::central
