// Helper for tst_crash: opens the store and redeems in a loop, printing each redemption id to stdout only after
// redeem() returned (= committed). The parent kills it with SIGKILL at random moments.
//
// Usage: crash-child <store path> <code>

#include "AccessService.h"
#include "Clock.h"
#include "Store.h"

#include <cstdio>

using namespace lounge::core;

int main(int argc, char* argv[])
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: crash-child <store path> <code>\n");
        return 64;
    }
    auto store = Store::open(QString::fromLocal8Bit(argv[1]));
    if (!store) {
        std::fprintf(stderr, "open failed: %s\n", qPrintable(store.error().toString()));
        return 74;
    }
    SystemClock clock;
    AccessService service(**store, clock,
                          {QStringLiteral("T-CRASH"), QStringLiteral("R-HKG"), QStringLiteral("S"), 0, 0});
    std::fputs("ready\n", stdout);
    std::fflush(stdout);
    const ScanInput input {QByteArray(argv[2]), 1};
    for (int i = 0; i < 1000000; ++i) {
        auto r = service.redeem(input);
        if (!r || !r->recorded) {
            std::fprintf(stderr, "redeem failed: %s\n",
                         r ? qPrintable(toString(r->reason)) : qPrintable(r.error().toString()));
            return 1;
        }
        const QByteArray line = r->redemptionId.toByteArray(QUuid::WithoutBraces) + '\n';
        std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
        std::fflush(stdout);
    }
    return 0;
}
