#pragma once

#include "Result.h"
#include "Validator.h"

namespace lounge::core {

class Store;

/// The terminal's own configuration, kept in the store's meta table so it survives restarts and travels with the
/// cache file. Supervisors change it from the settings screen; `lounge-terminal` reads it for every command.
struct TerminalSettings
{
    enum class Mode
    {
        OfflineFirst,
        OnlineFirst
    };

    QString terminalId = QStringLiteral("UNENROLLED");
    QString resourceId;
    int recentlyUsedSeconds = 300;
    int staleAfterSeconds = 24 * 3600;
    int voidWindowSeconds = 24 * 3600;
    Mode mode = Mode::OfflineFirst;
    QString centralUrl;
    bool demoData = false; ///< the cache holds the locally seeded demo data set (read-only here: DemoData sets it)

    bool enrolled() const { return !centralUrl.isEmpty(); }

    static Result<TerminalSettings> load(const Store& store);
    Result<void> save(Store& store) const;
    TerminalContext context(const QString& staffId) const
    {
        return TerminalContext {terminalId,          resourceId,        staffId,
                                recentlyUsedSeconds, staleAfterSeconds, enrolled() && demoData};
    }
};

} // namespace lounge::core
