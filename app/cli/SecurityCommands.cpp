// verify-journal: walks the journal's hash chain and names the first record that does not check out.
#include "Cli.h"

namespace lounge::app {
namespace {

using namespace lounge::core;

int runVerifyJournal(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("Check the journal's hash chain. Exit 0 when intact, 65 at the first broken record."));
    CliContext::addCommonOptions(p);
    if (!p.parse(args)) {
        return ctx.fail(kExitUsage, p.errorText());
    }
    if (p.isSet(QStringLiteral("help"))) {
        ctx.out << p.helpText();
        ctx.out.flush();
        return kExitOk;
    }
    if (!p.positionalArguments().isEmpty()) {
        return ctx.fail(kExitUsage, QStringLiteral("verify-journal takes no arguments"));
    }
    ctx.applyCommonOptions(p);
    auto store = ctx.openStore(Store::Options {true}); // read-only: verifying must not change the evidence
    if (!store) {
        return kExitIo;
    }
    auto check = store->verifyJournal();
    if (!check) {
        return ctx.storeFailure(check.error());
    }
    QJsonObject o {{"ok", check->ok}, {"records", double(check->records)}};
    if (check->ok) {
        ctx.print(o, QStringLiteral("journal intact: %1 records, hash chain verified").arg(check->records));
        return kExitOk;
    }
    o.insert("firstBrokenSeq", double(check->firstBrokenSeq));
    o.insert("problem", check->problem);
    ctx.print(o,
              QStringLiteral("journal BROKEN at record %1: %2 (%3 records verified before it)")
                  .arg(check->firstBrokenSeq)
                  .arg(check->problem)
                  .arg(check->records));
    return kExitData;
}

} // namespace

QList<CliCommand> securityCommands()
{
    return {
        {QStringLiteral("verify-journal"), QStringLiteral("Check the journal's hash chain (tamper evidence)"),
         runVerifyJournal},
    };
}

} // namespace lounge::app
