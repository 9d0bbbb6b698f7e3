#pragma once

#include "Result.h"
#include "TerminalSettings.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace lounge::sync {

enum class SyncState
{
    Offline, ///< central not reachable (network, timeout, 5xx); retrying with backoff
    Online, ///< last cycle succeeded
    Syncing, ///< a cycle is running
    Error, ///< central refuses us (credentials, protocol) or the local store failed; needs attention
};
QString toString(SyncState s);

/// Progress of a download (the initial one is the long one): rows of central's log seen so far.
struct DownloadProgress
{
    bool active = false;
    qint64 records = 0;
    qint64 bytes = 0;
    qint64 total = -1; ///< estimate at the start of the pull; -1 = unknown
    qint64 etaMs = -1; ///< -1 = unknown
};

/// What the GUI and `lounge-terminal status` show. A plain value: copy it across threads freely.
struct SyncStatus
{
    core::TerminalSettings::Mode mode = core::TerminalSettings::Mode::OfflineFirst;
    SyncState state = SyncState::Offline;
    QDateTime lastSuccess; ///< UTC, invalid = never
    QString lastError; ///< technical detail for logs; the GUI speaks from `state`
    core::ErrorCode lastErrorCode = core::ErrorCode::Internal; ///< why it failed (meaningful while lastError is set)
    int pendingUploads = 0;
    int rejectedUploads = 0; ///< kept in the journal and reported, never dropped
    int conflicts = 0; ///< overdraws central flagged on our uploads
    qint64 clockOffsetMs = 0; ///< central − kiosk, measured at every sync
    bool clockWarning = false; ///< |offset| above the limit
    bool clockMeasured = false;
    int consecutiveFailures = 0;
    DownloadProgress download;
};

} // namespace lounge::sync

Q_DECLARE_METATYPE(lounge::sync::SyncStatus)
Q_DECLARE_METATYPE(lounge::sync::DownloadProgress)
