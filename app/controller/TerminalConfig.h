#pragma once

#include "Result.h"
#include "TerminalSettings.h"

#include <QString>

namespace lounge::app {

/// /etc/lounge-terminal/terminal.conf (docs/deployment.md), read by the kiosk at start (`--config FILE`):
/// `key = value` lines, `#` comments, unknown keys and bad values refused with the line number.
struct TerminalConfig
{
    QString dataDir; ///< data_dir; empty = the default location
    QString camera; ///< camera: empty = system default, "none" = keyboard scanner only, else a device id
    QString centralUrl; ///< central_url: pre-fills the set-up screen
    QString language; ///< language: en, zh_CN, ar (empty = the stored choice)
    QString exportDir; ///< export_dir: where a supervisor's shift-report exports go (empty = <data dir>/reports)
    core::TerminalSettings::Mode deskMode = core::TerminalSettings::Mode::OfflineFirst; ///< desk_mode

    static core::Result<TerminalConfig> load(const QString& path);
};

} // namespace lounge::app
