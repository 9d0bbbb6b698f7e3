#pragma once

namespace lounge::app {

/// Exit codes a script can rely on (README "Exit codes"). Its own header so that the scan command, which is also
/// built into a scanner test without core, shares them.
enum ExitCode : int
{
    kExitOk = 0, ///< success; for validate/redeem: ACCEPT
    kExitAttention = 10, ///< validate/redeem: ATTENTION (redeem: not recorded unless --confirm)
    kExitReject = 20, ///< validate/redeem: REJECT
    kExitUsage = 64, ///< bad command line
    kExitData = 65, ///< a named thing does not exist / invalid input
    kExitUnavailable = 69, ///< central unreachable
    kExitIo = 74, ///< the local store failed (disk full, read-only, locked, corrupt)
    kExitConfig = 78, ///< the kiosk's settings file (--config) cannot be read or has a bad line
};

} // namespace lounge::app
