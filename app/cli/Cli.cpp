#include "Cli.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QStandardPaths>

namespace lounge::app {

QList<CliCommand> cliCommands()
{
    QList<CliCommand> all = coreCommands();
    all += securityCommands();
    all += syncCommands();
    return all;
}

bool isCliCommand(const QString& name)
{
    for (const auto& c : cliCommands()) {
        if (c.name == name) {
            return true;
        }
    }
    return false;
}

void CliContext::addCommonOptions(QCommandLineParser& parser)
{
    parser.addHelpOption();
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print one JSON object per line.")});
    parser.addOption({QStringLiteral("data-dir"),
                      QStringLiteral("Directory of the local cache (default: the application data location, "
                                     "which follows XDG_DATA_HOME)."),
                      QStringLiteral("dir")});
}

bool CliContext::applyCommonOptions(const QCommandLineParser& parser)
{
    json = parser.isSet(QStringLiteral("json"));
    if (parser.isSet(QStringLiteral("data-dir"))) {
        dataDir = parser.value(QStringLiteral("data-dir"));
    }
    if (dataDir.isEmpty()) {
        dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    }
    return true;
}

int CliContext::parse(QCommandLineParser& parser, const QStringList& args, int minPositional, int maxPositional)
{
    addCommonOptions(parser);
    if (!parser.parse(args)) {
        return fail(kExitUsage, parser.errorText());
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        out.flush();
        return kExitOk;
    }
    const auto n = parser.positionalArguments().size();
    if (n < minPositional || n > maxPositional) {
        return fail(kExitUsage, QStringLiteral("wrong number of arguments (try %1 --help)").arg(args.value(0)));
    }
    applyCommonOptions(parser);
    return -1;
}

QString CliContext::cachePath() const
{
    return QDir(dataDir).filePath(QStringLiteral("cache.sqlite"));
}

std::unique_ptr<core::Store> CliContext::openStore(core::Store::Options options)
{
    if (!QDir().mkpath(dataDir)) {
        fail(kExitIo, QStringLiteral("cannot create data directory %1").arg(dataDir), QStringLiteral("CANT_OPEN"));
        return nullptr;
    }
    auto store = core::Store::open(cachePath(), options);
    if (!store) {
        storeFailure(store.error());
        return nullptr;
    }
    return std::move(store).value();
}

std::optional<CliContext::Cache> CliContext::openCache()
{
    auto store = openStore();
    if (!store) {
        return std::nullopt;
    }
    auto settings = core::TerminalSettings::load(*store);
    if (!settings) {
        storeFailure(settings.error());
        return std::nullopt;
    }
    return Cache {std::move(store), *settings};
}

void CliContext::print(const QJsonObject& object, const QString& human)
{
    if (json) {
        out << QJsonDocument(object).toJson(QJsonDocument::Compact) << '\n';
    } else {
        out << human << '\n';
    }
    out.flush();
}

int CliContext::fail(int code, const QString& message, const QString& reasonCode)
{
    if (json) {
        QJsonObject o {{"error", message}, {"exitCode", code}};
        if (!reasonCode.isEmpty()) {
            o.insert("code", reasonCode);
        }
        out << QJsonDocument(o).toJson(QJsonDocument::Compact) << '\n';
        out.flush();
    }
    err << "lounge-terminal: " << message << '\n';
    err.flush();
    return code;
}

int CliContext::storeFailure(const core::Error& error)
{
    return fail(kExitIo, QStringLiteral("local store: %1").arg(error.toString()), core::toString(error.code));
}

int runCli(const QStringList& args, QTextStream& out, QTextStream& err, const QList<CliCommand>& extra)
{
    const QList<CliCommand> commands = cliCommands() + extra;
    const QString name = args.value(1);
    const auto usage = [&](QTextStream& to) {
        to << "Usage: lounge-terminal [command] [options]\n\n"
              "Without a command the kiosk GUI starts (options: --data-dir DIR, --source FILE|DIR|none, --demo,\n"
              "--lang en|zh_CN|ar, --size WxH). Commands (each has --help, --json, --data-dir):\n";
        for (const auto& c : commands) {
            to << "  " << c.name.leftJustified(16) << c.summary << '\n';
        }
        to << "Exit codes: 0 ACCEPT/success, 10 ATTENTION, 20 REJECT, 64 usage error, 65 unknown id, refused "
              "operation or unreadable input,\n69 central unreachable, 74 local storage failure (not recorded: do "
              "not admit).\n";
        to.flush();
    };
    if (name.isEmpty() || name == QLatin1String("--help") || name == QLatin1String("-h")
        || name == QLatin1String("help")) {
        usage(out);
        return name.isEmpty() ? kExitUsage : kExitOk;
    }
    if (name == QLatin1String("--version")) {
        out << "lounge-terminal " << QCoreApplication::applicationVersion() << '\n';
        return kExitOk;
    }
    for (const auto& c : commands) {
        if (c.name == name) {
            CliContext ctx(out, err);
            return c.run(ctx, args.mid(1));
        }
    }
    err << "lounge-terminal: unknown command '" << name << "'\n\n";
    usage(err);
    return kExitUsage;
}

} // namespace lounge::app
