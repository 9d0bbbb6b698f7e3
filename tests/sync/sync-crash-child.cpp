// Helper for tst_synccrash: a terminal that downloads central's feed into its store and prints "page <records>" after
// each page's commit (feed pages commit at synchronous=NORMAL). The parent kills it with SIGKILL mid-download, then
// runs it again to resume. With <stall at slice> (n > 0) it prints "mid-page" at the n-th check between two slices of
// a page (SyncEngine::setYieldCheck: the page's transaction is open, some of its records written, not committed) and
// waits there for the kill, so the kill lands inside a page for certain.
//
// Usage: sync-crash-child <store path> <central url> <terminal id> <secret> <page size> [<stall at slice>]

#include "CentralClient.h"
#include "Clock.h"
#include "Store.h"
#include "SyncEngine.h"

#include <QCoreApplication>

#include <cstdio>

using namespace lounge;

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 6 && args.size() != 7) {
        std::fprintf(stderr,
                     "usage: sync-crash-child <store path> <central url> <terminal id> <secret> <page size> "
                     "[<stall at slice>]\n");
        return 64;
    }
    auto store = core::Store::open(args[1]);
    if (!store) {
        std::fprintf(stderr, "open failed: %s\n", qPrintable(store.error().toString()));
        return 74;
    }
    sync::CentralClient client {QUrl(args[2])};
    client.setCredentials(args[3], args[4]);
    core::SystemClock clock;
    sync::SyncEngine::Options options;
    options.pageSize = args[5].toInt();
    sync::SyncEngine engine(**store, client, clock, options);
    const int stallAt = args.size() == 7 ? args[6].toInt() : 0;
    int checks = 0;
    if (stallAt > 0) {
        engine.setYieldCheck([&] {
            if (++checks == stallAt) {
                std::puts("mid-page");
                std::fflush(stdout);
                (void)std::getchar(); // blocks: the parent kills this process now
            }
            return false;
        });
    }
    QObject::connect(&engine, &sync::SyncEngine::downloadProgressed, [](const sync::DownloadProgress& p) {
        std::printf("page %lld\n", static_cast<long long>(p.records));
        std::fflush(stdout);
    });
    QObject::connect(&engine, &sync::SyncEngine::syncSucceeded, [] {
        std::puts("done");
        std::fflush(stdout);
        QCoreApplication::exit(0);
    });
    QObject::connect(&engine, &sync::SyncEngine::syncFailed, [](const QString& why) {
        std::fprintf(stderr, "sync failed: %s\n", qPrintable(why));
        QCoreApplication::exit(1);
    });
    engine.syncNow();
    return app.exec();
}
