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
