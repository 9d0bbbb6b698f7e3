// enroll, sync, status: the terminal's link to central from the command line (docs/api.md, docs/cli.md).
#include "CentralClient.h"
#include "Cli.h"
#include "DemoData.h"
#include "Json.h"
#include "SyncEngine.h"
#include "TerminalSettings.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace lounge::app {
namespace {

using namespace lounge::core;

const QString kSecretKey = QStringLiteral("terminal_secret");

int exitFor(const Error& e)
{
    switch (e.code) {
    case ErrorCode::Network:
    case ErrorCode::Timeout:
    case ErrorCode::Protocol:
        return kExitUnavailable;
    case ErrorCode::Unauthorized:
    case ErrorCode::Forbidden:
    case ErrorCode::InvalidArgument:
    case ErrorCode::NotFound:
    case ErrorCode::Conflict:
        return kExitData;
    default:
        return kExitIo;
    }
}

int enroll(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Enroll this terminal at central with a one-time code."));
    parser.addPositionalArgument(QStringLiteral("url"),
                                 QStringLiteral("Central's base URL, e.g. https://central:8443"));
    parser.addPositionalArgument(QStringLiteral("code"), QStringLiteral("One-time enrollment code"));
    parser.addOption({QStringLiteral("wipe-demo"),
                      QStringLiteral("The cache holds the public demo data set: remove it before enrolling.")});
    if (int r = ctx.parse(parser, args, 2, 2); r >= 0) {
        return r;
    }
    const QUrl url(parser.positionalArguments().at(0));
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        return ctx.fail(kExitUsage, QStringLiteral("expected an http(s) URL"));
    }
    auto cache = ctx.openCache();
    if (!cache) {
        return kExitIo;
    }
    auto& [store, settings] = *cache;
    // Visits recorded before enrollment (the demo, or another terminal's cache) carry a terminal id central will
    // never accept from us, and the hash chain forbids re-attributing them: refuse before spending the one-time code.
    if (settings.centralUrl.isEmpty()) {
        auto pending = store->pendingUploads();
        if (!pending) {
            return ctx.storeFailure(pending.error());
        }
        if (*pending > 0) {
            return ctx.fail(kExitData,
                            QStringLiteral("this cache holds %1 visit(s) recorded before enrollment (terminal %2) that "
                                           "central would refuse; enroll with a fresh --data-dir")
                                .arg(*pending)
                                .arg(settings.terminalId),
                            QStringLiteral("UNSYNCED_FOREIGN_VISITS"));
        }
        // The demo codes are public: an enrolled desk must never admit them.
        auto demo = DemoData::isDemoCache(*store);
        if (!demo) {
            return ctx.storeFailure(demo.error());
        }
        if (*demo) {
            if (!parser.isSet(QStringLiteral("wipe-demo"))) {
                return ctx.fail(kExitData,
                                QStringLiteral("this cache holds the public demo data set; enroll with --wipe-demo to "
                                               "remove it (or use a fresh --data-dir)"),
                                QStringLiteral("DEMO_CACHE"));
            }
            if (auto w = DemoData::wipe(*store); !w) {
                return w.error().code == ErrorCode::Conflict
                    ? ctx.fail(kExitData, w.error().detail, QStringLiteral("DEMO_CACHE"))
                    : ctx.storeFailure(w.error());
            }
            auto reloaded = TerminalSettings::load(*store);
            if (!reloaded) {
                return ctx.storeFailure(reloaded.error());
            }
            settings = *reloaded;
        }
    }
    sync::CentralClient client(url);
    int exitCode = kExitOk;
    client.enroll(parser.positionalArguments().at(1), [&](Result<sync::EnrollReply> r) {
        if (!r) {
            exitCode = ctx.fail(exitFor(r.error()), QStringLiteral("enrollment failed: %1").arg(r.error().toString()),
                                toString(r.error().code));
        } else {
            settings.terminalId = r->terminalId;
            settings.resourceId = r->resourceId;
            settings.centralUrl = url.toString();
            auto saved = settings.save(*store);
            if (saved) {
                saved = store->setSetting(kSecretKey, r->secret); // the cache file is 0600
            }
            if (!saved) {
                exitCode = ctx.storeFailure(saved.error());
            } else {
                ctx.print(QJsonObject {{"terminalId", r->terminalId},
                                       {"resource", r->resourceId},
                                       {"central", url.toString()}},
                          QStringLiteral("enrolled as %1 at %2 (central %3)")
                              .arg(r->terminalId, r->resourceId, url.toString()));
            }
        }
        QCoreApplication::exit(exitCode);
    });
    // The command line's top-level event loop (runCli runs before any other loop): not a nested one.
    QCoreApplication::exec();
    return exitCode;
}

QJsonObject statusJson(const sync::SyncStatus& s)
{
    QJsonObject o {{"state", sync::toString(s.state)},
                   {"mode", s.mode == TerminalSettings::Mode::OnlineFirst ? "online-first" : "offline-first"},
                   {"lastSuccess", json::dateTimeToString(s.lastSuccess)},
                   {"pendingUploads", s.pendingUploads},
                   {"rejectedUploads", s.rejectedUploads},
                   {"conflicts", s.conflicts}};
    if (s.clockMeasured) {
        o.insert("clockOffsetMs", double(s.clockOffsetMs));
        o.insert("clockWarning", s.clockWarning);
    }
    if (!s.lastError.isEmpty()) {
        o.insert("lastError", s.lastError);
    }
    return o;
}

int runSync(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Upload pending redemptions and download central's changes."));
    parser.addOption({QStringLiteral("once"), QStringLiteral("One cycle, then exit (default: keep syncing).")});
    parser.addOption({QStringLiteral("page-size"), QStringLiteral("Records per feed page (default 2000)."),
                      QStringLiteral("n"), QStringLiteral("2000")});
    if (int r = ctx.parse(parser, args, 0, 0); r >= 0) {
        return r;
    }
    auto cache = ctx.openCache();
    if (!cache) {
        return kExitIo;
    }
    auto& [store, settings] = *cache;
    auto secret = store->setting(kSecretKey);
    if (!secret) {
        return ctx.storeFailure(secret.error());
    }
    if (settings.centralUrl.isEmpty() || !secret->has_value()) {
        return ctx.fail(kExitData, QStringLiteral("not enrolled (run lounge-terminal enroll URL CODE)"),
                        QStringLiteral("NOT_ENROLLED"));
    }
    sync::CentralClient client {QUrl(settings.centralUrl)};
    client.setCredentials(settings.terminalId, **secret);
    SystemClock clock;
    sync::SyncEngine::Options options;
    options.pageSize = std::max(1, parser.value(QStringLiteral("page-size")).toInt());
    sync::SyncEngine engine(*store, client, clock, options);
    const bool once = parser.isSet(QStringLiteral("once"));
    int exitCode = kExitOk;
    qint64 lastPrinted = -1;
    QObject::connect(&engine, &sync::SyncEngine::downloadProgressed, [&](const sync::DownloadProgress& p) {
        if (ctx.json || p.records == lastPrinted) {
            return;
        }
        lastPrinted = p.records;
        ctx.err << QStringLiteral("download: %1%2 records, %3 kB%4\n")
                       .arg(p.records)
                       .arg(p.total > 0 ? QStringLiteral(" of ~%1").arg(p.total) : QString())
                       .arg(p.bytes / 1024)
                       .arg(p.etaMs >= 0 ? QStringLiteral(", ~%1 s left").arg((p.etaMs + 999) / 1000) : QString());
        ctx.err.flush();
    });
    QObject::connect(&engine, &sync::SyncEngine::clockOffsetMeasured, [&](qint64 offset, bool warn) {
        if (warn) {
            ctx.err << QStringLiteral("warning: this terminal's clock is %1 s off central's\n").arg(offset / 1000.0);
            ctx.err.flush();
        }
    });
    QObject::connect(&engine, &sync::SyncEngine::uploadRejected, [&](const QUuid& id, const QString& reason) {
        ctx.err << QStringLiteral("central rejected redemption %1: %2 (kept in the journal)\n")
                       .arg(id.toString(QUuid::WithoutBraces), reason);
        ctx.err.flush();
    });
    QObject::connect(&engine, &sync::SyncEngine::syncSucceeded, [&] {
        const sync::SyncStatus s = engine.status();
        ctx.print(statusJson(s),
                  QStringLiteral("sync ok: %1 pending upload(s), %2 rejected, clock offset %3 ms")
                      .arg(s.pendingUploads)
                      .arg(s.rejectedUploads)
                      .arg(s.clockOffsetMs));
        if (once) {
            QCoreApplication::exit(kExitOk);
        }
    });
    QObject::connect(&engine, &sync::SyncEngine::syncFailed, [&](const QString& detail) {
        const sync::SyncStatus s = engine.status();
        exitCode = s.state == sync::SyncState::Offline ? kExitUnavailable : kExitData;
        if (once) {
            ctx.fail(exitCode, QStringLiteral("sync failed: %1").arg(detail));
            QCoreApplication::exit(exitCode);
        } else {
            ctx.err << QStringLiteral("sync failed (%1), retrying\n").arg(detail);
            ctx.err.flush();
        }
    });
    if (once) {
        engine.syncNow();
    } else {
        engine.start();
    }
    exitCode = QCoreApplication::exec(); // top-level loop of the command
    return exitCode;
}

int status(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Enrollment and sync state, from the local cache."));
    if (int r = ctx.parse(parser, args, 0, 0); r >= 0) {
        return r;
    }
    auto store = ctx.openStore(Store::Options {true});
    if (!store) {
        return kExitIo;
    }
    auto settings = TerminalSettings::load(*store);
    auto cursor = store->cursor();
    auto pending = store->pendingUploads();
    auto last = store->lastSync();
    auto secret = store->setting(kSecretKey);
    if (!settings || !cursor || !pending || !last || !secret) {
        return ctx.storeFailure(!settings      ? settings.error()
                                    : !cursor  ? cursor.error()
                                    : !pending ? pending.error()
                                    : !last    ? last.error()
                                               : secret.error());
    }
    const bool enrolled = !settings->centralUrl.isEmpty() && secret->has_value();
    QJsonObject o {{"enrolled", enrolled},
                   {"terminalId", settings->terminalId},
                   {"resource", settings->resourceId},
                   {"central", settings->centralUrl},
                   {"mode", settings->mode == TerminalSettings::Mode::OnlineFirst ? "online-first" : "offline-first"},
                   {"cursor", double(*cursor)},
                   {"lastSync", json::dateTimeToString(*last)},
                   {"pendingUploads", *pending}};
    const QString human
        = QStringLiteral("terminal   %1 at %2\ncentral    %3\nmode       %4\nlast sync  %5\npending    %6 upload(s)\n"
                         "cursor     %7")
              .arg(settings->terminalId, settings->resourceId.isEmpty() ? QStringLiteral("-") : settings->resourceId,
                   enrolled ? settings->centralUrl : QStringLiteral("(not enrolled)"), o.value("mode").toString(),
                   last->isValid() ? json::dateTimeToString(*last) : QStringLiteral("never"))
              .arg(*pending)
              .arg(*cursor);
    ctx.print(o, human);
    return kExitOk;
}

} // namespace

QList<CliCommand> syncCommands()
{
    return {
        {QStringLiteral("enroll"), QStringLiteral("Enroll at central: enroll URL CODE"), enroll},
        {QStringLiteral("sync"), QStringLiteral("Sync with central now (--once) or keep syncing"), runSync},
        {QStringLiteral("status"), QStringLiteral("Enrollment, last sync, pending uploads"), status},
    };
}

} // namespace lounge::app
