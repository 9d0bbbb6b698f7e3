// verify-journal: walks the journal's hash chain and names the first record that does not check out.
#include "Cli.h"

#include <QJsonArray>

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
    // Everything else that changes a decision: the chained ledger, live state against it, the witness file.
    auto ledger = store->verifyLedger();
    if (!ledger) {
        return ctx.storeFailure(ledger.error());
    }
    const bool ok = check->ok && ledger->ok;
    QJsonObject o {{"ok", ok},
                   {"records", double(check->records)},
                   {"ledgerEntries", double(ledger->entries)},
                   {"problems", QJsonArray::fromStringList(ledger->problems)},
                   {"repairs", QJsonArray::fromStringList(ledger->repairs)}};
    QStringList lines;
    if (check->ok) {
        lines << QStringLiteral("journal intact: %1 records, hash chain verified").arg(check->records);
    } else {
        o.insert("firstBrokenSeq", double(check->firstBrokenSeq));
        o.insert("problem", check->problem);
        lines << QStringLiteral("journal BROKEN at record %1: %2 (%3 records verified before it)")
                     .arg(check->firstBrokenSeq)
                     .arg(check->problem)
                     .arg(check->records);
    }
    for (const QString& p : ledger->problems) {
        lines << QStringLiteral("EDITED: %1").arg(p);
    }
    for (const QString& r : ledger->repairs) {
        lines << QStringLiteral("earlier edit, restored when the store opened: %1").arg(r);
    }
    if (ledger->problems.isEmpty()) {
        lines << QStringLiteral("ledger intact: %1 entries; counters, central's answers and settings match it")
                     .arg(ledger->entries);
    }
    ctx.print(o, lines.join(QLatin1Char('\n')));
    return ok ? kExitOk : kExitData;
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
