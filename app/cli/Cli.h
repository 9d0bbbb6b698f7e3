#pragma once

#include "ExitCodes.h"
#include "Result.h"
#include "Store.h"
#include "TerminalSettings.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <functional>
#include <memory>
#include <optional>

namespace lounge::app {

/// Shared by every subcommand: output streams, --json, --data-dir and the store it names.
class CliContext
{
public:
    CliContext(QTextStream& out, QTextStream& err)
        : out(out)
        , err(err)
    { }
    QTextStream& out;
    QTextStream& err;
    bool json = false;
    QString dataDir;

    /// Adds --json and --data-dir; call before parser.process().
    static void addCommonOptions(QCommandLineParser& parser);
    /// Reads the common options; false (and a message) on usage errors.
    bool applyCommonOptions(const QCommandLineParser& parser);
    /// Adds the common options, parses `args` (args[0] = the command) and applies them. Returns -1 to go on, else
    /// the exit code: kExitOk after printing --help, kExitUsage after reporting a parse error or a positional
    /// argument count outside [minPositional, maxPositional].
    int parse(QCommandLineParser& parser, const QStringList& args, int minPositional, int maxPositional);
    QString cachePath() const;
    /// Opens the cache, creating the data dir; prints the error and returns nullptr on failure.
    std::unique_ptr<core::Store> openStore(core::Store::Options options = {});
    /// The cache and its terminal settings, which most commands need together.
    struct Cache
    {
        std::unique_ptr<core::Store> store;
        core::TerminalSettings settings;
    };
    /// openStore() + TerminalSettings::load; prints the error and returns nullopt on failure (exit kExitIo).
    std::optional<Cache> openCache();
    /// One JSON object per line with --json, otherwise `human`.
    void print(const QJsonObject& object, const QString& human);
    int fail(int code, const QString& message, const QString& reasonCode = {});
    int storeFailure(const core::Error& error);
};

struct CliCommand
{
    QString name;
    QString summary;
    std::function<int(CliContext&, const QStringList& args)> run; ///< args[0] is the command name
};

/// Registry of subcommands; layers add theirs in Cli.cpp.
QList<CliCommand> cliCommands();
QList<CliCommand> coreCommands();
QList<CliCommand> securityCommands();
QList<CliCommand> syncCommands(); ///< enroll, sync, status (app/cli/SyncCommands.cpp)

bool isCliCommand(const QString& name);
/// Runs `lounge-terminal <command> ...`; args[0] is the program name. `extra` lists commands the executable
/// runs itself (e.g. `scan`, which needs a QGuiApplication), so that --help shows them too.
int runCli(const QStringList& args, QTextStream& out, QTextStream& err, const QList<CliCommand>& extra = {});

} // namespace lounge::app
