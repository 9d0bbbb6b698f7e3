#pragma once

#include "Result.h"
#include "sqlite/Database.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>

namespace lounge::core {

/// The chained ledger of the store file (schema 4): every change to state that changes a decision but is not itself a
/// journal record — central's usage counters, central's answers to uploads, the settings that steer validation and
/// counting — is appended here as a hash-chained entry in the same transaction as the change. When the store opens,
/// the live tables are compared with the ledger's latest value per key and restored from it (an edit made with the
/// sqlite3 shell does not survive a restart), and `verify-journal` reports every difference and every earlier
/// restore. Thread affinity: the store's owner thread (it works on the store's connection).
namespace ledger {

inline const QString kUsage = QStringLiteral("usage"); ///< key: credential, module, pool, period; value: used
inline const QString kAck = QStringLiteral("ack"); ///< key: redemption id; value: "acknowledged:SEQ", "rejected", ...
inline const QString kSettings = QStringLiteral("settings"); ///< key: meta key; value: its text (null = removed)
inline const QString kRepair = QStringLiteral("repair"); ///< what a store open restored (evidence kept)
inline const QString kSeal = QStringLiteral("seal"); ///< a store open re-derived the state digest from the chain

// The state digest (schema 6) makes opening the store cheap without trusting anything outside the chain. Every entry
// carries, hashed into its link, the digest of the whole chained state after it: an order-independent sum (mod
// 2^256) of BLAKE2b-256 over each (kind, key, value). `append` keeps it up to date from `ledger_state`, the chained
// state materialised (latest value per key). Opening the store computes the same digest over the live tables in one
// pass and compares it with the latest entry's; only when they differ is the full comparison (and restore) run,
// which then rebuilds `ledger_state` from the entries themselves and seals the re-derived digest.

/// The meta keys that change a decision: where the terminal is, its policy knobs, how far central's counters reach
/// (cursor), staleness (last_sync), the token clock offset, enrollment and the demo marker.
const QStringList& trackedSettings();
bool isTrackedSetting(const QString& key);
QString usageKey(const QString& credential, const QString& module, const QString& pool, const QString& period);

/// SHA-256 over the previous hash, the kind and the body text.
QByteArray entryHash(const QByteArray& prevHash, const QString& kind, const QString& body);
/// Appends one entry; joins the caller's transaction (call inside the one that makes the change).
Result<void> append(sqlite::Database& db, const QString& kind, const QJsonObject& body);
/// Whether the file has the ledger (schema 4 or later).
Result<bool> present(sqlite::Database& db);
/// entryHash for entries that carry a state digest (schema 6): the digest is part of what the link covers.
QByteArray entryHash(const QByteArray& prevHash, const QString& kind, const QString& body, const QByteArray& digest);

/// Digest of the live tables' decision state (what liveState returns for every kind), one pass, no maps.
Result<QByteArray> liveDigest(sqlite::Database& db);
/// The digest the latest entry carries (the all-zero digest of an empty state when none does yet).
Result<QByteArray> chainedDigest(sqlite::Database& db);
/// Rebuilds `ledger_state` from the entries (chainedState of every kind) and appends a kSeal entry whose digest is
/// computed from it. Joins the caller's transaction.
Result<void> resealFromEntries(sqlite::Database& db);
/// The digest of chainedState (every kind), computed from the entries alone (verify-journal).
Result<QByteArray> digestOfChainedState(sqlite::Database& db);

/// The live value of every key of `kind` (usage, ack, settings), as the ledger would record it.
Result<QMap<QString, QString>> liveState(sqlite::Database& db, const QString& kind);
/// The ledger's latest value per key of `kind` (removed keys left out).
Result<QMap<QString, QString>> chainedState(sqlite::Database& db, const QString& kind);

} // namespace ledger

/// Result of checking the ledger (Store::verifyLedger).
struct LedgerCheck
{
    bool ok = true;
    qint64 entries = 0;
    QStringList problems; ///< chain breaks, a cut tail, live state that differs from the chain
    QStringList repairs; ///< earlier store opens that restored edited state, with what they restored
};

} // namespace lounge::core
