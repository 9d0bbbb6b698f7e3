// core-bench: how fast is the kiosk's core on a realistically large cache?
//
// Seeds N memberships + N E-passes (default 1,000,000 each) through Store::applyChangePage in big pages, then
// prints p50/p99 of AccessService::check on random existing codes, p50/p99 of durable AccessService::redeem
// (synchronous=FULL), peak RSS, and, for comparison, a bare sqlite3 prepared SELECT by code_hash on the same file.
// "Pass + boarding pass" (issue 14): the same codes with a boarding pass (parsed, then checked at a lounge that
// requires one, against a journal holding earlier visits' boarding-pass legs), interleaved with the two above.
// Figures go to docs/performance.md ("## Core"). Not a test: it asserts nothing.

#include "../../tests/common/BcbpGenerator.h"
#include "AccessService.h"
#include "BoardingPass.h"
#include "Clock.h"
#include "CredentialCode.h"
#include "Store.h"
#include "sqlite/Database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QRandomGenerator>
#include <QUuid>

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <tuple>
#include <vector>

using namespace lounge::core;

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define LOUNGE_BENCH_COUNTS_ALLOCATIONS 1
// Heap allocations, counted: this executable's malloc family interposes glibc's for the whole process (SQLite, Qt and
// the core included) and forwards to it. A plain counter (one increment; the timed part is single-threaded) keeps the
// cost out of the figures. glibc only (it exports the __libc_ entry points), and not under a sanitizer (which
// interposes the same functions).
extern "C" {
void* __libc_malloc(size_t size);
void* __libc_calloc(size_t n, size_t size);
void* __libc_realloc(void* p, size_t size);
void __libc_free(void* p);
long g_benchAllocations = 0;
void* malloc(size_t size)
{
    ++g_benchAllocations;
    return __libc_malloc(size);
}
void* calloc(size_t n, size_t size)
{
    ++g_benchAllocations;
    return __libc_calloc(n, size);
}
void* realloc(void* p, size_t size)
{
    ++g_benchAllocations;
    return __libc_realloc(p, size);
}
void free(void* p)
{
    __libc_free(p);
}
}
#else
long g_benchAllocations = -1; // not counted: every count reads 0
#endif

namespace {

constexpr quint32 kSeed = 20261127;

/// Holder i's surname in letters only ("Member CDE" for 234): a boarding pass prints names in letters.
QString surnameOf(qint64 i)
{
    QString out;
    do {
        out.prepend(QLatin1Char(char('A' + i % 10)));
        i /= 10;
    } while (i > 0);
    return out;
}

/// Code number i of a kind, regenerated on demand (keeping 2 M codes in memory would dominate the RSS figure).
QString codeFor(CredentialKind kind, qint64 i)
{
    QRandomGenerator rng(kSeed ^ quint32(i * 2 + (kind == CredentialKind::EPass ? 1 : 0)));
    return CredentialCode::generate(kind, rng);
}

struct Percentiles
{
    double p50 = 0;
    double p99 = 0;
    double max = 0;
};

Percentiles percentiles(std::vector<qint64> ns)
{
    std::sort(ns.begin(), ns.end());
    auto at = [&](double q) { return double(ns[std::min(ns.size() - 1, size_t(q * double(ns.size())))]) / 1000.0; };
    return {at(0.50), at(0.99), double(ns.back()) / 1000.0};
}

/// This thread's CPU time (user + system, page faults included; time spent preempted not): the load-independent
/// figure next to the wall-clock one.
qint64 threadCpuNs()
{
    timespec t {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1000000000 + t.tv_nsec;
}

/// Minor + major page faults of this thread so far (first touches of memory, pages read in).
long threadFaults()
{
    rusage u {};
    getrusage(RUSAGE_THREAD, &u);
    return u.ru_minflt + u.ru_majflt;
}

/// read() / pread() calls of this thread so far (`syscr` of /proc/thread-self/io): pages SQLite read from the file
/// (or the OS cache) because its own page cache did not hold them. -1 when unavailable.
long threadReadCalls()
{
    static thread_local int fd = ::open("/proc/thread-self/io", O_RDONLY | O_CLOEXEC);
    char buf[512];
    const ssize_t n = fd < 0 ? -1 : ::pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0) {
        return -1;
    }
    buf[n] = 0;
    const char* at = std::strstr(buf, "syscr: ");
    return at ? std::atol(at + 7) : -1;
}

/// Samples whose `faults` entry is (with = true) or is not (false) above zero.
std::vector<qint64> faulted(const std::vector<qint64>& ns, const std::vector<long>& faults, bool with)
{
    std::vector<qint64> out;
    for (size_t i = 0; i < ns.size(); ++i) {
        if ((faults[i] > 0) == with) {
            out.push_back(ns[i]);
        }
    }
    return out.empty() ? std::vector<qint64> {0} : out;
}

/// Samples of one kind of credential (membership or E-pass) out of samples taken for both.
std::vector<qint64> ofKind(const std::vector<qint64>& ns, const std::vector<CredentialKind>& kinds, CredentialKind kind)
{
    std::vector<qint64> out;
    for (size_t i = 0; i < ns.size(); ++i) {
        if (kinds[i] == kind) {
            out.push_back(ns[i]);
        }
    }
    return out.empty() ? std::vector<qint64> {0} : out;
}

QByteArray loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed() : QByteArray("?");
}

long peakRssKb()
{
    rusage u {};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

/// Store::open on a cache holding `counters` of central's usage counters and counters/4 acknowledged visits, clean
/// (the digest matches) and right after a one-counter edit with the shell (the full comparison and restore every open
/// paid before issue 16), interleaved with a bare sqlite3 open of the same file (open, WAL, read the schema).
int openBench(const QString& path, int counters)
{
    for (const QString& suffix :
         {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral(".witness")}) {
        QFile::remove(path + suffix);
    }
    QElapsedTimer timer;
    timer.start();
    {
        auto opened = Store::open(path);
        if (!opened) {
            std::fprintf(stderr, "open: %s\n", qPrintable(opened.error().toString()));
            return 74;
        }
        Store& store = **opened;
        auto tx = store.beginWrite();
        if (!tx) {
            return 74;
        }
        (void)store.setSetting(QStringLiteral("terminal_id"), QStringLiteral("BENCH-1"));
        (void)store.setSetting(QStringLiteral("resource_id"), QStringLiteral("HKG-T1-LOUNGE"));
        for (int base = 0; base < counters; base += 10000) {
            ChangePage page;
            page.cursor = base + 1;
            for (int i = base; i < std::min(counters, base + 10000); ++i) {
                page.usage.append(UsageCounter {{CredentialKind::Membership, QStringLiteral("M%1").arg(i)},
                                                QStringLiteral("LOUNGE"),
                                                Pool::Cardholder,
                                                QStringLiteral("Y2026"),
                                                1 + i % 7});
            }
            if (auto r = store.applyChangePage(page); !r) {
                std::fprintf(stderr, "seed: %s\n", qPrintable(r.error().toString()));
                return 74;
            }
        }
        const QDateTime at = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < counters / 4; ++i) {
            Redemption r;
            r.id = QUuid::createUuid();
            r.credential = {CredentialKind::Membership, QStringLiteral("M%1").arg(i)};
            r.resourceId = QStringLiteral("HKG-T1-LOUNGE");
            r.terminalId = QStringLiteral("BENCH-1");
            r.staffId = QStringLiteral("bench");
            r.uses = {PoolUse {QStringLiteral("LOUNGE"), Pool::Cardholder, QStringLiteral("Y2026"), 1}};
            r.at = at;
            r.clockSource = QStringLiteral("system");
            if (auto a = store.appendJournal(r);
                !a || !store.markUploaded({r.id}) || !store.markAcknowledged(r.id, i + 1, false)) {
                std::fprintf(stderr, "journal seed failed\n");
                return 74;
            }
        }
        if (!tx->commit()) {
            return 74;
        }
        (void)store.database().execScript(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    }
    std::printf("store open: %d usage counters + %d acknowledged visits, seeded in %.1f s, file %.0f MB\n", counters,
                counters / 4, double(timer.elapsed()) / 1000.0, double(QFile(path).size()) / 1e6);
    auto edit = [&] {
        sqlite3* raw = nullptr;
        sqlite3_open_v2(path.toUtf8().constData(), &raw, SQLITE_OPEN_READWRITE, nullptr);
        sqlite3_exec(raw, "UPDATE usage SET used=0 WHERE cred=(SELECT cred FROM usage LIMIT 1)", nullptr, nullptr,
                     nullptr);
        sqlite3_close(raw);
    };
    auto timeOpen = [&](Store::OpenCheck* how) {
        timer.start();
        auto opened = Store::open(path);
        const qint64 ns = timer.nsecsElapsed();
        *how = opened ? (*opened)->openCheck() : Store::OpenCheck::None;
        return ns;
    };
    auto timeBare = [&] {
        timer.start();
        sqlite3* raw = nullptr;
        sqlite3_open_v2(path.toUtf8().constData(), &raw, SQLITE_OPEN_READWRITE, nullptr);
        sqlite3_exec(raw, "PRAGMA journal_mode=WAL; PRAGMA user_version;", nullptr, nullptr, nullptr);
        sqlite3_close(raw);
        return timer.nsecsElapsed();
    };
    std::vector<qint64> clean;
    std::vector<qint64> edited;
    std::vector<qint64> bare;
    bool allAsExpected = true;
    const QByteArray loadBefore = loadAverage();
    for (int round = 0; round < 7; ++round) {
        Store::OpenCheck how;
        bare.push_back(timeBare());
        clean.push_back(timeOpen(&how));
        allAsExpected &= how == Store::OpenCheck::DigestMatched;
        edit();
        edited.push_back(timeOpen(&how));
        allAsExpected &= how == Store::OpenCheck::FullComparison;
    }
    const Percentiles c = percentiles(clean);
    const Percentiles e = percentiles(edited);
    const Percentiles b = percentiles(bare);
    std::printf("Store::open, clean (state digest matches), 7 opens: median %.1f ms, max %.1f ms\n", c.p50 / 1000.0,
                c.max / 1000.0);
    std::printf("Store::open after a one-counter edit (full ledger comparison + restore, what every open cost before "
                "issue 16), 7 opens: median %.1f ms, max %.1f ms\n",
                e.p50 / 1000.0, e.max / 1000.0);
    std::printf("bare sqlite3 open (open, WAL, read user_version), 7 opens: median %.2f ms\n", b.p50 / 1000.0);
    std::printf("clean open / bare: %.1fx; full comparison / clean open: %.1fx%s\n", c.p50 / b.p50, e.p50 / c.p50,
                allAsExpected ? "" : " (AN OPEN DID NOT CHECK AS EXPECTED!)");
    std::printf("load average before: %s, after: %s\n", loadBefore.constData(), loadAverage().constData());
    return allAsExpected ? 0 : 1;
}

// --trace-pages: a VFS shim (registered as the default before any connection opens) that records every read of the
// database file and its WAL during the timed calls: which caller, which call, which page, and how long the read()
// took. At the end each page is named by the b-tree that owns it (SQLite's dbstat table), so the figures say which
// tables and indexes a validation reads from the file that the bare lookup does not. Off by default (the shim costs a
// little on every read).
int g_tracePhase = 0; // 0 = not traced, 1 = validation, 2 = bare lookup, 3 = pass + boarding pass
int g_traceCall = 0; // the timed loop's index
struct PageRead
{
    int phase;
    int call;
    sqlite3_int64 page; // 1-based page of the database file; for the WAL its frame's offset, negated
    qint64 ns;
};
std::vector<PageRead> g_pageReads;
sqlite3_vfs* g_realVfs = nullptr;
struct TraceFile
{
    sqlite3_file base;
    sqlite3_file* real;
    int kind; // 0 = other, 1 = main database, 2 = WAL
};
sqlite3_file* realOf(sqlite3_file* f)
{
    return reinterpret_cast<TraceFile*>(f)->real;
}
int traceRead(sqlite3_file* f, void* buf, int amount, sqlite3_int64 offset)
{
    auto* t = reinterpret_cast<TraceFile*>(f);
    if (g_tracePhase == 0 || t->kind == 0) {
        return t->real->pMethods->xRead(t->real, buf, amount, offset);
    }
    timespec a {};
    timespec b {};
    clock_gettime(CLOCK_MONOTONIC, &a);
    const int rc = t->real->pMethods->xRead(t->real, buf, amount, offset);
    clock_gettime(CLOCK_MONOTONIC, &b);
    const qint64 ns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    const sqlite3_int64 page = t->kind == 1 ? (amount >= 512 ? offset / amount + 1 : 1) : -offset - 1;
    g_pageReads.push_back({g_tracePhase, g_traceCall, page, ns});
    return rc;
}
// clang-format off
int traceClose(sqlite3_file* f) { int rc = realOf(f)->pMethods->xClose(realOf(f)); sqlite3_free(realOf(f)); return rc; }
int traceWrite(sqlite3_file* f, const void* b, int n, sqlite3_int64 o) { return realOf(f)->pMethods->xWrite(realOf(f), b, n, o); }
int traceTruncate(sqlite3_file* f, sqlite3_int64 s) { return realOf(f)->pMethods->xTruncate(realOf(f), s); }
int traceSync(sqlite3_file* f, int flags) { return realOf(f)->pMethods->xSync(realOf(f), flags); }
int traceFileSize(sqlite3_file* f, sqlite3_int64* s) { return realOf(f)->pMethods->xFileSize(realOf(f), s); }
int traceLock(sqlite3_file* f, int l) { return realOf(f)->pMethods->xLock(realOf(f), l); }
int traceUnlock(sqlite3_file* f, int l) { return realOf(f)->pMethods->xUnlock(realOf(f), l); }
int traceCheckReserved(sqlite3_file* f, int* r) { return realOf(f)->pMethods->xCheckReservedLock(realOf(f), r); }
int traceFileControl(sqlite3_file* f, int op, void* a) { return realOf(f)->pMethods->xFileControl(realOf(f), op, a); }
int traceSectorSize(sqlite3_file* f) { return realOf(f)->pMethods->xSectorSize(realOf(f)); }
int traceDeviceChar(sqlite3_file* f) { return realOf(f)->pMethods->xDeviceCharacteristics(realOf(f)); }
int traceShmMap(sqlite3_file* f, int i, int sz, int e, void volatile** p) { return realOf(f)->pMethods->xShmMap(realOf(f), i, sz, e, p); }
int traceShmLock(sqlite3_file* f, int o, int n, int fl) { return realOf(f)->pMethods->xShmLock(realOf(f), o, n, fl); }
void traceShmBarrier(sqlite3_file* f) { realOf(f)->pMethods->xShmBarrier(realOf(f)); }
int traceShmUnmap(sqlite3_file* f, int d) { return realOf(f)->pMethods->xShmUnmap(realOf(f), d); }
int traceFetch(sqlite3_file* f, sqlite3_int64 o, int n, void** p) { return realOf(f)->pMethods->xFetch(realOf(f), o, n, p); }
int traceUnfetch(sqlite3_file* f, sqlite3_int64 o, void* p) { return realOf(f)->pMethods->xUnfetch(realOf(f), o, p); }
// clang-format on
const sqlite3_io_methods kTraceMethods = {3,
                                          traceClose,
                                          traceRead,
                                          traceWrite,
                                          traceTruncate,
                                          traceSync,
                                          traceFileSize,
                                          traceLock,
                                          traceUnlock,
                                          traceCheckReserved,
                                          traceFileControl,
                                          traceSectorSize,
                                          traceDeviceChar,
                                          traceShmMap,
                                          traceShmLock,
                                          traceShmBarrier,
                                          traceShmUnmap,
                                          traceFetch,
                                          traceUnfetch};
int traceOpen(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* outFlags)
{
    auto* t = reinterpret_cast<TraceFile*>(f);
    t->base.pMethods = nullptr;
    t->real = static_cast<sqlite3_file*>(sqlite3_malloc(g_realVfs->szOsFile));
    if (!t->real) {
        return SQLITE_NOMEM;
    }
    std::memset(t->real, 0, size_t(g_realVfs->szOsFile));
    const int rc = g_realVfs->xOpen(g_realVfs, name, t->real, flags, outFlags);
    if (rc != SQLITE_OK || !t->real->pMethods) {
        sqlite3_free(t->real);
        t->real = nullptr;
        return rc;
    }
    t->kind = (flags & SQLITE_OPEN_MAIN_DB) ? 1 : (flags & SQLITE_OPEN_WAL) ? 2 : 0;
    t->base.pMethods = &kTraceMethods;
    return rc;
}
sqlite3_vfs g_traceVfs;
void registerTraceVfs()
{
    g_realVfs = sqlite3_vfs_find(nullptr);
    g_traceVfs = *g_realVfs;
    g_traceVfs.iVersion = std::min(g_realVfs->iVersion, 3);
    g_traceVfs.szOsFile = int(sizeof(TraceFile));
    g_traceVfs.zName = "lounge-bench-trace";
    g_traceVfs.pNext = nullptr;
    g_traceVfs.xOpen = traceOpen;
    // The other entry points (delete, access, randomness, time...) take the vfs pointer but unix's ignore which.
    sqlite3_vfs_register(&g_traceVfs, 1);
    g_pageReads.reserve(1 << 20);
}
/// Pages read per call, by the b-tree that owns them, for each caller (and the validation by rotation).
void printPageTrace(const char* path, int calls, const std::vector<qint64>& checkNs, const std::vector<qint64>& bareNs)
{
    g_tracePhase = 0;
    QHash<sqlite3_int64, QByteArray> owner;
    for (const PageRead& r : g_pageReads) {
        if (r.page > 0) {
            owner.insert(r.page, QByteArray());
        }
    }
    sqlite3* db = nullptr;
    sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT name, pageno FROM dbstat", -1, &st, nullptr) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (auto it = owner.find(sqlite3_column_int64(st, 1)); it != owner.end()) {
                *it = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
            }
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    const char* const names[] = {"", "validation", "bare lookup", "pass + boarding pass"};
    for (int phase = 1; phase <= 3; ++phase) {
        for (int rotation = -1; rotation < 3; ++rotation) {
            if (rotation >= 0 && phase != 1 && phase != 2) {
                continue;
            }
            std::map<QByteArray, long> pages;
            long n = 0;
            qint64 ns = 0;
            for (const PageRead& r : g_pageReads) {
                if (r.phase == phase && (rotation < 0 || r.call % 3 == rotation)) {
                    ++pages[r.page > 0 ? (owner.value(r.page).isEmpty() ? QByteArray("(page 1 / unknown)")
                                                                        : owner.value(r.page))
                                       : QByteArray("(WAL)")];
                    ++n;
                    ns += r.ns;
                }
            }
            const double per = rotation < 0 ? double(calls) : double(calls) / 3.0;
            std::printf("  pages read from the file, %s%s: %.2f per call, %.2f us in read() per call;", names[phase],
                        rotation < 0        ? ""
                            : rotation == 0 ? " (validation first)"
                            : rotation == 1 ? " (bare first)"
                                            : " (boarding pass first)",
                        double(n) / per, double(ns) / 1000.0 / per);
            for (const auto& [name, k] : pages) {
                std::printf(" %s %.3f;", name.constData(), double(k) / per);
            }
            std::printf("\n");
        }
    }
    // The one that met the code first, by how many pages it read from the file: what a page read costs it.
    for (const auto& [phase, ns, rotation] : {std::tuple {1, &checkNs, 0}, std::tuple {2, &bareNs, 1}}) {
        std::vector<int> reads(ns->size(), 0);
        for (const PageRead& r : g_pageReads) {
            if (r.phase == phase && size_t(r.call) < reads.size()) {
                ++reads[size_t(r.call)];
            }
        }
        std::printf("  %s met first, by pages read from the file:", names[phase]);
        for (int k = 0; k <= 4; ++k) {
            std::vector<qint64> group;
            for (size_t i = size_t(rotation); i < ns->size(); i += 3) {
                if (reads[i] == k || (k == 4 && reads[i] > 4)) {
                    group.push_back((*ns)[i]);
                }
            }
            if (!group.empty()) {
                const Percentiles g = percentiles(group);
                std::printf(" %s%d: %zu (p50 %.1f, p99 %.1f us);", k == 4 ? ">=" : "", k, group.size(), g.p50, g.p99);
            }
        }
        std::printf("\n");
    }
}
// The timed validation through one of two functions, so that a profile (callgrind's inclusive cost per function) tells
// the calls that met their code first from the ones after the bare lookup or the boarding-pass check had.
[[gnu::noipa]] Decision checkMetFirst(const AccessService& service, const ScanInput& input)
{
    return service.check(input);
}
[[gnu::noipa]] Decision checkMetAfter(const AccessService& service, const ScanInput& input)
{
    return service.check(input);
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Core benchmark: validation and commit latency on a large cache."));
    p.addHelpOption();
    p.addOption({QStringLiteral("count"), QStringLiteral("Memberships and E-passes each (default 1000000)."),
                 QStringLiteral("n"), QStringLiteral("1000000")});
    p.addOption({QStringLiteral("db"), QStringLiteral("Store file (default /tmp/lounge-core-bench.sqlite)."),
                 QStringLiteral("path"), QStringLiteral("/tmp/lounge-core-bench.sqlite")});
    p.addOption({QStringLiteral("checks"), QStringLiteral("Validations to time (default 20000)."), QStringLiteral("n"),
                 QStringLiteral("20000")});
    p.addOption({QStringLiteral("redeems"), QStringLiteral("Redemptions to time (default 1000)."), QStringLiteral("n"),
                 QStringLiteral("1000")});
    p.addOption({QStringLiteral("legs"),
                 QStringLiteral("Earlier visits with a boarding-pass leg at the boarding-pass lounge (default 20000)."),
                 QStringLiteral("n"), QStringLiteral("20000")});
    p.addOption({QStringLiteral("store-cache-kib"),
                 QStringLiteral("Set the store connection's page cache (PRAGMA cache_size=-N) before timing; the store "
                                "opens with 65536 KiB, the bare lookup's connection has SQLite's default (2000 KiB)."),
                 QStringLiteral("n")});
    p.addOption({QStringLiteral("mmap-mib"),
                 QStringLiteral("An experiment: PRAGMA mmap_size=N MiB on BOTH the store's connection and the bare "
                                "lookup's (the anchor gets the same configuration; the store ships without mmap)."),
                 QStringLiteral("n")});
    p.addOption({QStringLiteral("warmup"),
                 QStringLiteral("Validations and bare lookups, untimed, on other random codes before the timed ones "
                                "(fills the page caches as a kiosk's would be after N scans; default 0)."),
                 QStringLiteral("n"), QStringLiteral("0")});
    p.addOption({QStringLiteral("kind"),
                 QStringLiteral("Time only codes of this kind, membership or epass (to profile one kind; the random "
                                "sequence of code numbers is the same as without)."),
                 QStringLiteral("kind")});
    p.addOption({QStringLiteral("count-reads"),
                 QStringLiteral("Count the read syscalls of each validation and bare lookup (/proc/thread-self/io, "
                                "two more syscalls around each; off by default so the timed loop stays as before).")});
    p.addOption({QStringLiteral("trace-pages"),
                 QStringLiteral("Record every page each validation, bare lookup and boarding-pass check reads from the "
                                "file (a VFS shim) and print them per call by the table or index that owns them.")});
    p.addOption({QStringLiteral("warm-code"),
                 QStringLiteral("Before each code's three timed calls, one untimed validation and one bare lookup of a "
                                "fixed other code (an experiment: the CPU caches hold the code paths, not the code's "
                                "pages, whichever is met first).")});
    p.addOption(
        {QStringLiteral("live-reader"),
         QStringLiteral("Validate (and check the boarding passes) on a second, read-only connection opened as the "
                        "desk's CheckReader opens it (Store::Options readOnly + liveReader: an 8 MiB page cache "
                        "since issue 16's seventh round, SQLite's default 2 MiB before), as the kiosk does since "
                        "issue 16's desk work.")});
    p.addOption({QStringLiteral("keep-wal"), QStringLiteral("Measure with the seed's WAL still in place.")});
    p.addOption({QStringLiteral("reuse"), QStringLiteral("Reuse an existing seeded file instead of re-seeding.")});
    p.addOption({QStringLiteral("open"),
                 QStringLiteral("Only time Store::open on a cache with N usage counters and N/4 acknowledged visits "
                                "(the ledger check at open, issue 16) against a bare sqlite3 open of the same file."),
                 QStringLiteral("n")});
    p.process(app);
    const bool tracePages = p.isSet(QStringLiteral("trace-pages"));
    if (tracePages) {
        registerTraceVfs();
    }
    if (p.isSet(QStringLiteral("open"))) {
        return openBench(p.value(QStringLiteral("db")) + QStringLiteral(".open"),
                         p.value(QStringLiteral("open")).toInt());
    }
    const qint64 count = p.value(QStringLiteral("count")).toLongLong();
    const int checks = p.value(QStringLiteral("checks")).toInt();
    const int redeems = p.value(QStringLiteral("redeems")).toInt();
    const QString path = p.value(QStringLiteral("db"));
    if (count < 1 || checks < 1 || redeems < 1) {
        std::fprintf(stderr, "--count, --checks and --redeems must be positive\n");
        return 64;
    }
    const bool reuse = p.isSet(QStringLiteral("reuse")) && QFile::exists(path);
    if (!reuse) {
        for (const QString& suffix :
             {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral(".witness")}) {
            QFile::remove(path + suffix);
        }
    }
    // As the kiosk's store worker opens it (Store::Options::reservePageCache, its first open).
    Store::Options storeOptions;
    storeOptions.reservePageCache = true;
    auto opened = Store::open(path, storeOptions);
    if (!opened) {
        std::fprintf(stderr, "open: %s\n", qPrintable(opened.error().toString()));
        return 74;
    }
    Store& store = **opened;
    const QDateTime now = QDateTime::currentDateTimeUtc();

    std::printf("core-bench: %lld memberships + %lld E-passes in %s\n", count, count, qPrintable(path));
    if (const auto reserve = lounge::core::sqlite::Database::pageCacheReserve(); reserve.slotCount > 0) {
        // Store::open gives SQLite's page caches (every connection of this process, the anchor's too) memory faulted
        // in at once; RSS counts it from the start.
        std::printf("SQLite page-cache memory faulted in at the first open: %d slots of %d bytes (%.1f MB)\n",
                    reserve.slotCount, reserve.slotBytes, double(reserve.bytes) / 1e6);
    } else {
        std::printf("SQLite page-cache memory: from the heap (no reserve)\n");
    }
    QElapsedTimer timer;
    if (!reuse) {
        timer.start();
        Entitlement lounge;
        lounge.module = QStringLiteral("LOUNGE");
        lounge.cardholder = Allowance::of(1000000);
        lounge.guest = Allowance::of(4);
        lounge.guestsPerVisit = 1;
        lounge.period = QuotaPeriod::Year;
        ChangePage first;
        first.resources
            = {Resource {QStringLiteral("HKG-T1-LOUNGE"), QStringLiteral("LOUNGE"), QStringLiteral("Bench"),
                         QStringLiteral("HKG"), QStringLiteral("T1"), QStringLiteral("Asia/Hong_Kong"), false}};
        first.programs = {Program {QStringLiteral("GOLD"), QStringLiteral("Gold"), 365, {lounge}, false}};
        auto tx = store.beginWrite(); // one transaction for the whole seed
        if (!tx) {
            std::fprintf(stderr, "begin: %s\n", qPrintable(tx.error().toString()));
            return 74;
        }
        if (auto r = store.applyChangePage(first); !r) {
            std::fprintf(stderr, "seed: %s\n", qPrintable(r.error().toString()));
            return 74;
        }
        constexpr qint64 kPage = 10000;
        for (qint64 base = 0; base < count; base += kPage) {
            ChangePage page;
            page.cursor = base;
            for (qint64 i = base; i < std::min(count, base + kPage); ++i) {
                Membership m;
                m.id = QStringLiteral("M%1").arg(i);
                m.number = QStringLiteral("6%1").arg(i, 15, 10, QLatin1Char('0'));
                m.holderName = QStringLiteral("Member ") + surnameOf(i);
                m.tiers = {TierAssignment {QStringLiteral("GOLD"), QDateTime()}};
                m.status = MembershipStatus::Active;
                m.validFrom = now.date().addYears(-1);
                m.validTo = now.date().addYears(1);
                m.codeHash = CredentialCode::hashOf(codeFor(CredentialKind::Membership, i));
                page.memberships.append(m);
                EPass e;
                e.id = QStringLiteral("E%1").arg(i);
                e.module = QStringLiteral("LOUNGE");
                e.firstName = QStringLiteral("Pass");
                e.lastName = surnameOf(i);
                e.usages = 1000000;
                e.activation = now.date().addYears(-1);
                e.expiration = now.date().addYears(1);
                e.codeHash = CredentialCode::hashOf(codeFor(CredentialKind::EPass, i));
                page.ePasses.append(e);
            }
            if (auto r = store.applyChangePage(page); !r) {
                std::fprintf(stderr, "seed: %s\n", qPrintable(r.error().toString()));
                return 74;
            }
        }
        if (auto r = store.setLastSync(now); !r) {
            return 74;
        }
        if (auto r = tx->commit(); !r) {
            std::fprintf(stderr, "commit: %s\n", qPrintable(r.error().toString()));
            return 74;
        }
        std::printf("seeded in %.1f s (one transaction, pages of 10000), file %.0f MB\n",
                    double(timer.elapsed()) / 1000.0, double(QFile(path).size()) / 1e6);
        if (!p.isSet(QStringLiteral("keep-wal"))) {
            // The seed leaves a WAL as large as the database; fold it back, as a reopen would.
            timer.start();
            (void)store.database().execScript(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
            std::printf("checkpoint after seeding: %.1f s\n", double(timer.elapsed()) / 1000.0);
        }
    }

    QRandomGenerator rng(kSeed);
    qint64 lastIndex = 0;
    const QString onlyKind = p.value(QStringLiteral("kind"));
    if (!onlyKind.isEmpty() && onlyKind != QStringLiteral("membership") && onlyKind != QStringLiteral("epass")) {
        std::fprintf(stderr, "--kind is membership or epass\n");
        return 64;
    }
    auto randomCode = [&](CredentialKind* kind) {
        *kind = rng.bounded(2) ? CredentialKind::Membership : CredentialKind::EPass;
        if (!onlyKind.isEmpty()) {
            *kind = onlyKind == QStringLiteral("membership") ? CredentialKind::Membership : CredentialKind::EPass;
        }
        lastIndex = rng.bounded(count);
        return codeFor(*kind, lastIndex);
    };

    // The boarding-pass lounge (issue 14) and earlier visits' legs there, so "used here today" looks something up.
    const QString bpLounge = QStringLiteral("HKG-T1-BP");
    const int legVisits = p.value(QStringLiteral("legs")).toInt();
    if (auto has = store.resource(bpLounge); has && !has->has_value()) {
        timer.start();
        ChangePage page;
        page.cursor = count + 1;
        Resource r {bpLounge,
                    QStringLiteral("LOUNGE"),
                    QStringLiteral("Bench BP"),
                    QStringLiteral("HKG"),
                    QStringLiteral("T1"),
                    QStringLiteral("Asia/Hong_Kong"),
                    false};
        r.boardingPass.policy = BoardingPassPolicy::Required;
        page.resources = {r};
        auto tx = store.beginWrite();
        if (!tx || !store.applyChangePage(page)) {
            std::fprintf(stderr, "seed: boarding-pass lounge\n");
            return 74;
        }
        QRandomGenerator legRng(kSeed + 1);
        for (int i = 0; i < legVisits; ++i) {
            Redemption v;
            v.id = QUuid::createUuid();
            v.credential = {CredentialKind::Membership, QStringLiteral("M%1").arg(legRng.bounded(count))};
            v.resourceId = bpLounge;
            v.terminalId = QStringLiteral("BENCH-2");
            v.staffId = QStringLiteral("bench");
            v.at = now.addSecs(-legRng.bounded(48 * 3600));
            v.clockSource = QStringLiteral("system");
            QByteArray key(32, Qt::Uninitialized);
            legRng.fillRange(reinterpret_cast<quint32*>(key.data()), 8);
            v.flights = {FlightRecord {QStringLiteral("CX"),
                                       QStringLiteral("251"),
                                       now.date(),
                                       QStringLiteral("HKG"),
                                       QStringLiteral("LHR"),
                                       QStringLiteral("J"),
                                       {},
                                       {},
                                       key}};
            if (!store.appendJournal(v)) {
                std::fprintf(stderr, "seed: leg visits\n");
                return 74;
            }
        }
        if (!tx->commit()) {
            return 74;
        }
        std::printf("boarding-pass lounge seeded with %d earlier visits' legs in %.1f s\n", legVisits,
                    double(timer.elapsed()) / 1000.0);
    }
    // A boarding pass for code number i of a kind, flying from HKG today (local), in the holder's name.
    const int julianToday = Validator::localDate(now, QStringLiteral("Asia/Hong_Kong")).dayOfYear();
    auto boardingPassFor = [&](CredentialKind kind, qint64 i) {
        lounge::testing::bcbp::PassFields f = lounge::testing::bcbp::samplePass(1);
        f.name = surnameOf(i).toLatin1() + (kind == CredentialKind::Membership ? "/MEMBER" : "/PASS");
        f.legs[0].from = "HKG";
        f.legs[0].to = "LHR";
        f.legs[0].carrier = "CX";
        f.legs[0].flight = "0251";
        f.legs[0].julianDay = julianToday;
        f.legs[0].checkInSequence = QByteArray::number(i % 1000).rightJustified(4, '0');
        return lounge::testing::bcbp::passString(f);
    };

    // 1-2. Validation (AccessService::check, nothing recorded) against a bare lookup on the same file (raw sqlite3 C
    // API, its own read-only connection, prepared SELECT by code_hash, hash computed outside its timing), interleaved:
    // the same random code through both, the order alternating, so load spikes and warm pages hit both alike.
    if (p.isSet(QStringLiteral("store-cache-kib"))) {
        const int kib = p.value(QStringLiteral("store-cache-kib")).toInt();
        if (auto r = store.database().execScript(QStringLiteral("PRAGMA cache_size=-%1").arg(kib)); !r) {
            std::fprintf(stderr, "cache_size: %s\n", qPrintable(r.error().toString()));
            return 74;
        }
        std::printf("store page cache set to %d KiB\n", kib);
    }
    const qint64 mmapBytes = p.value(QStringLiteral("mmap-mib")).toLongLong() * 1024 * 1024;
    if (mmapBytes > 0) {
        if (auto r = store.database().execScript(QStringLiteral("PRAGMA mmap_size=%1").arg(mmapBytes)); !r) {
            std::fprintf(stderr, "mmap_size: %s\n", qPrintable(r.error().toString()));
            return 74;
        }
        std::printf("mmap_size %lld bytes on the store's connection and on the bare lookup's\n",
                    static_cast<long long>(mmapBytes));
    }
    SystemClock clock;
    std::unique_ptr<Store> liveReader;
    if (p.isSet(QStringLiteral("live-reader"))) {
        Store::Options options;
        options.readOnly = true;
        options.liveReader = true;
        auto reader = Store::open(path, options);
        if (!reader) {
            std::fprintf(stderr, "live reader: %s\n", qPrintable(reader.error().toString()));
            return 74;
        }
        liveReader = std::move(reader).value();
        std::printf("validation and boarding-pass checks on a read-only live reader (as the desk's CheckReader)\n");
    }
    Store& checkStore = liveReader ? *liveReader : store;
    AccessService service(
        checkStore, clock,
        TerminalContext {QStringLiteral("BENCH-1"), QStringLiteral("HKG-T1-LOUNGE"), QStringLiteral("bench"), 0, 0});
    AccessService bpService(checkStore, clock,
                            TerminalContext {QStringLiteral("BENCH-2"), bpLounge, QStringLiteral("bench"), 0, 0});
    sqlite3* raw = nullptr;
    sqlite3_open_v2(path.toUtf8().constData(), &raw, SQLITE_OPEN_READONLY, nullptr);
    if (mmapBytes > 0) {
        const QByteArray pragma = "PRAGMA mmap_size=" + QByteArray::number(mmapBytes);
        sqlite3_exec(raw, pragma.constData(), nullptr, nullptr, nullptr);
    }
    sqlite3_stmt* ms = nullptr;
    sqlite3_stmt* es = nullptr;
    sqlite3_prepare_v2(raw,
                       "SELECT id, number, holder, status, valid_from, valid_to, tiers, overrides FROM memberships "
                       "WHERE code_hash=?1",
                       -1, &ms, nullptr);
    sqlite3_prepare_v2(raw, "SELECT id, body, status FROM epasses WHERE code_hash=?1", -1, &es, nullptr);
    int legRows = 0;
    {
        sqlite3_stmt* legs = nullptr;
        sqlite3_prepare_v2(raw, "SELECT COUNT(*) FROM journal_legs", -1, &legs, nullptr);
        if (sqlite3_step(legs) == SQLITE_ROW) {
            legRows = sqlite3_column_int(legs, 0);
        }
        sqlite3_finalize(legs);
    }
    std::vector<qint64> checkNs;
    std::vector<qint64> bareNs;
    std::vector<qint64> bpNs; // pass + boarding pass: bcbp::parse + AccessService::check at the boarding-pass lounge
    std::vector<qint64> checkCpuNs; // the same two, this thread's CPU time
    std::vector<qint64> bareCpuNs;
    std::vector<CredentialKind> kinds; // of each code
    std::vector<long> checkFaults; // page faults during each of the two
    std::vector<long> bareFaults;
    std::vector<long> checkAllocations; // heap allocations during each of the two
    std::vector<long> bareAllocations;
    std::vector<long> checkReads; // read syscalls during each of the two (the reads themselves are outside the timing)
    std::vector<long> bareReads;
    checkNs.reserve(size_t(checks));
    bareNs.reserve(size_t(checks));
    bpNs.reserve(size_t(checks));
    int notOk = 0;
    int bpNotOk = 0;
    int bareMissing = 0;
    if (const int warmup = p.value(QStringLiteral("warmup")).toInt(); warmup > 0) {
        QRandomGenerator warmRng(kSeed + 2); // other codes than the timed ones
        timer.start();
        for (int i = 0; i < warmup; ++i) {
            const CredentialKind kind = warmRng.bounded(2) ? CredentialKind::Membership : CredentialKind::EPass;
            const QString text = codeFor(kind, warmRng.bounded(count));
            (void)service.check(ScanInput {text.toUtf8(), 1});
            sqlite3_stmt* st = kind == CredentialKind::Membership ? ms : es;
            const QByteArray hash = CredentialCode::hashOf(text);
            sqlite3_bind_blob(st, 1, hash.constData(), int(hash.size()), SQLITE_STATIC);
            (void)sqlite3_step(st);
            sqlite3_reset(st);
        }
        std::printf("warm-up: %d validations and bare lookups (untimed) in %.1f s\n", warmup,
                    double(timer.elapsed()) / 1000.0);
    }
    const bool countReads = p.isSet(QStringLiteral("count-reads"));
    const auto readCalls = [countReads] { return countReads ? threadReadCalls() : 0L; };
    const bool warmCode = p.isSet(QStringLiteral("warm-code"));
    const CredentialKind warmKind = CredentialKind::Membership;
    const QString warmText = codeFor(warmKind, 0);
    const QByteArray warmHash = CredentialCode::hashOf(warmText);
    const QByteArray loadBefore = loadAverage();
    for (int i = 0; i < checks; ++i) {
        CredentialKind kind;
        const QString text = randomCode(&kind);
        const QByteArray code = text.toUtf8();
        const QByteArray hash = CredentialCode::hashOf(text);
        const QByteArray boardingPass = boardingPassFor(kind, lastIndex);
        auto timeBoardingPass = [&] {
            g_tracePhase = tracePages ? 3 : 0;
            timer.start();
            auto parsed = bcbp::parse(boardingPass);
            ScanInput input {code, 1};
            if (auto* pass = std::get_if<bcbp::BoardingPass>(&parsed)) {
                input.boardingPass = std::move(*pass);
            }
            const Decision d = bpService.check(input);
            bpNs.push_back(timer.nsecsElapsed());
            g_tracePhase = 0;
            if (d.reason != Reason::Ok && bpNotOk++ == 0) {
                std::fprintf(stderr, "first boarding-pass validation not OK: %s %s (%s)\n",
                             qPrintable(toString(d.reason)), qPrintable(d.detail),
                             std::holds_alternative<bcbp::ParseError>(parsed)
                                 ? qPrintable(std::get<bcbp::ParseError>(parsed).detail)
                                 : "parsed");
            }
        };
        kinds.push_back(kind);
        auto timeCheck = [&] {
            const long reads = readCalls();
            const long faults = threadFaults();
            const qint64 cpu = threadCpuNs();
            const long allocations = g_benchAllocations;
            g_tracePhase = tracePages ? 1 : 0;
            timer.start();
            const Decision d = i % 3 == 0 ? checkMetFirst(service, ScanInput {code, 1})
                                          : checkMetAfter(service, ScanInput {code, 1});
            checkNs.push_back(timer.nsecsElapsed());
            g_tracePhase = 0;
            checkAllocations.push_back(g_benchAllocations - allocations);
            checkCpuNs.push_back(threadCpuNs() - cpu);
            checkFaults.push_back(threadFaults() - faults);
            checkReads.push_back(readCalls() - reads - (countReads ? 1 : 0)); // the first count is one read itself
            notOk += d.reason != Reason::Ok;
        };
        auto timeBare = [&] {
            sqlite3_stmt* st = kind == CredentialKind::Membership ? ms : es;
            const long reads = readCalls();
            const long faults = threadFaults();
            const qint64 cpu = threadCpuNs();
            const long allocations = g_benchAllocations;
            g_tracePhase = tracePages ? 2 : 0;
            timer.start();
            sqlite3_bind_blob(st, 1, hash.constData(), int(hash.size()), SQLITE_STATIC);
            if (sqlite3_step(st) == SQLITE_ROW) {
                for (int c = 0; c < sqlite3_column_count(st); ++c) {
                    (void)sqlite3_column_text(st, c);
                }
            } else {
                ++bareMissing;
            }
            sqlite3_reset(st);
            bareNs.push_back(timer.nsecsElapsed());
            g_tracePhase = 0;
            bareAllocations.push_back(g_benchAllocations - allocations);
            bareCpuNs.push_back(threadCpuNs() - cpu);
            bareFaults.push_back(threadFaults() - faults);
            bareReads.push_back(readCalls() - reads - (countReads ? 1 : 0));
        };
        g_traceCall = i;
        if (warmCode) {
            (void)service.check(ScanInput {warmText.toUtf8(), 1});
            sqlite3_stmt* st = warmKind == CredentialKind::Membership ? ms : es;
            sqlite3_bind_blob(st, 1, warmHash.constData(), int(warmHash.size()), SQLITE_STATIC);
            (void)sqlite3_step(st);
            sqlite3_reset(st);
        }
        // The three in a rotating order per code, so load spikes and warm pages hit all alike.
        switch (i % 3) {
        case 0:
            timeCheck();
            timeBare();
            timeBoardingPass();
            break;
        case 1:
            timeBare();
            timeBoardingPass();
            timeCheck();
            break;
        default:
            timeBoardingPass();
            timeCheck();
            timeBare();
        }
    }
    sqlite3_finalize(ms);
    sqlite3_finalize(es);
    sqlite3_close(raw);
    const Percentiles v = percentiles(checkNs);
    const Percentiles b = percentiles(bareNs);
    const Percentiles bp = percentiles(bpNs);

    // 3. Durable redemption: BEGIN IMMEDIATE, validate, append, COMMIT with synchronous=FULL.
    std::vector<qint64> redeemNs;
    redeemNs.reserve(size_t(redeems));
    int failed = 0;
    for (int i = 0; i < redeems; ++i) {
        CredentialKind kind;
        const QByteArray code = randomCode(&kind).toUtf8();
        timer.start();
        auto r = service.redeem(ScanInput {code, 1});
        redeemNs.push_back(timer.nsecsElapsed());
        failed += !r || !r->recorded;
    }
    const Percentiles c = percentiles(redeemNs);

    // 4. What the disk allows: a bare write + fdatasync of one 4 KiB page next to the store, same count.
    std::vector<qint64> syncNs;
    {
        QFile f(path + QStringLiteral(".fsync-probe"));
        if (f.open(QIODevice::ReadWrite | QIODevice::Truncate)) {
            const QByteArray page(4096, 'x');
            for (int i = 0; i < redeems; ++i) {
                timer.start();
                f.seek(qint64(i % 64) * 4096);
                f.write(page);
                f.flush();
                ::fdatasync(f.handle());
                syncNs.push_back(timer.nsecsElapsed());
            }
            f.remove();
        }
    }

    std::printf("validation (AccessService::check), %d random codes: p50 %.1f us, p99 %.1f us, max %.1f us%s\n", checks,
                v.p50, v.p99, v.max, notOk ? " (SOME NOT OK!)" : "");
    std::printf("bare sqlite3 lookup by code_hash, %d random codes: p50 %.1f us, p99 %.1f us, max %.1f us%s\n", checks,
                b.p50, b.p99, b.max, bareMissing ? " (SOME MISSING!)" : "");
    std::printf("validation / bare (interleaved, same codes): p50 %.2fx, p99 %.2fx\n", v.p50 / b.p50, v.p99 / b.p99);
    for (CredentialKind k : {CredentialKind::Membership, CredentialKind::EPass}) {
        const Percentiles kv = percentiles(ofKind(checkNs, kinds, k));
        const Percentiles kb = percentiles(ofKind(bareNs, kinds, k));
        std::printf("  %s only: validation p50 %.1f us, p99 %.1f us; bare p50 %.1f us, p99 %.1f us; ratio p50 %.2fx, "
                    "p99 %.2fx\n",
                    k == CredentialKind::Membership ? "memberships" : "E-passes", kv.p50, kv.p99, kb.p50, kb.p99,
                    kv.p50 / kb.p50, kv.p99 / kb.p99);
    }
    {
        const Percentiles cv = percentiles(checkCpuNs);
        const Percentiles cb = percentiles(bareCpuNs);
        std::printf("  thread CPU time (not preempted time): validation p50 %.1f us, p99 %.1f us; bare p50 %.1f us, "
                    "p99 %.1f us; ratio p50 %.2fx, p99 %.2fx\n",
                    cv.p50, cv.p99, cb.p50, cb.p99, cv.p50 / cb.p50, cv.p99 / cb.p99);
    }
    for (const auto& [name, ns, faults] :
         {std::tuple {"validation", &checkNs, &checkFaults}, std::tuple {"bare lookup", &bareNs, &bareFaults}}) {
        const auto n = std::count_if(faults->begin(), faults->end(), [](long f) { return f > 0; });
        const Percentiles with = percentiles(faulted(*ns, *faults, true));
        const Percentiles without = percentiles(faulted(*ns, *faults, false));
        std::printf("  %s: %lld of %d with a page fault (p50 %.1f us, p99 %.1f us), without: p50 %.1f us, p99 %.1f "
                    "us\n",
                    name, static_cast<long long>(n), checks, with.p50, with.p99, without.p50, without.p99);
    }
    for (const auto& [name, ns, reads] : countReads
             ? std::vector {std::tuple {"validation", &checkNs, &checkReads},
                            std::tuple {"bare lookup", &bareNs, &bareReads}}
             : std::vector<std::tuple<const char*, std::vector<qint64>*, std::vector<long>*>> {}) {
        // How many pages each read from the file (load-independent), and the wall time of each group.
        std::printf("  %s, read syscalls (pages not in its page cache):", name);
        long total = 0;
        for (long k = 0; k <= 4; ++k) {
            std::vector<qint64> group;
            for (size_t i = 0; i < ns->size(); ++i) {
                if ((*reads)[i] == k || (k == 4 && (*reads)[i] >= 4)) {
                    group.push_back((*ns)[i]);
                }
            }
            if (!group.empty()) {
                const Percentiles g = percentiles(group);
                std::printf(" %s%ld: %zu (p50 %.1f, p99 %.1f us);", k == 4 ? ">=" : "", k, group.size(), g.p50, g.p99);
            }
        }
        for (long r : *reads) {
            total += std::max(0L, r);
        }
        std::printf(" mean %.2f\n", double(total) / double(std::max<size_t>(1, reads->size())));
    }
    {
        // Which of the three met a code's pages first matters: the store's connection serves the validation and the
        // boarding-pass check from one page cache, the bare lookup has its own, and a page one of them read from the
        // file is in the CPU's caches for the next. Rotation i % 3: 0 = check, bare, boarding pass; 1 = bare,
        // boarding pass, check; 2 = boarding pass, check, bare.
        {
            const auto mean = [](const std::vector<long>& v, const std::vector<CredentialKind>& of, int kind) {
                double sum = 0;
                size_t n = 0;
                for (size_t i = 0; i < v.size(); ++i) {
                    if (kind < 0 || of[i] == CredentialKind(kind)) {
                        sum += double(v[i]);
                        ++n;
                    }
                }
                return n ? sum / double(n) : 0.0;
            };
            if (g_benchAllocations < 0) {
                std::printf("  heap allocations: not counted in this build\n");
            } else {
                std::printf(
                    "  heap allocations (malloc, calloc, realloc): validation %.1f per call (memberships %.1f, "
                    "E-passes %.1f), bare lookup %.1f\n",
                    mean(checkAllocations, kinds, -1), mean(checkAllocations, kinds, int(CredentialKind::Membership)),
                    mean(checkAllocations, kinds, int(CredentialKind::EPass)), mean(bareAllocations, kinds, -1));
            }
        }
        std::printf("  by rotation (who met the code first):");
        for (int r = 0; r < 3; ++r) {
            std::vector<qint64> v;
            std::vector<qint64> b;
            for (size_t i = 0; i < checkNs.size(); ++i) {
                if (int(i % 3) == r) {
                    v.push_back(checkNs[i]);
                    b.push_back(bareNs[i]);
                }
            }
            const Percentiles pv = percentiles(v);
            const Percentiles pb = percentiles(b);
            std::printf(" %s: validation p50 %.1f / p99 %.1f us, bare %.1f / %.1f us;",
                        r == 0       ? "validation first"
                            : r == 1 ? "bare first"
                                     : "boarding pass first",
                        pv.p50, pv.p99, pb.p50, pb.p99);
        }
        std::printf("\n");
        {
            // A kiosk meets every code first (a code is scanned once): the validation met first against the bare
            // lookup met first.
            std::vector<qint64> v;
            std::vector<qint64> b;
            for (size_t i = 0; i < checkNs.size(); ++i) {
                if (i % 3 == 0) {
                    v.push_back(checkNs[i]);
                }
                if (i % 3 == 1) {
                    b.push_back(bareNs[i]);
                }
            }
            const Percentiles pv = percentiles(v);
            const Percentiles pb = percentiles(b);
            std::printf("  met first vs met first: validation p50 %.1f / p99 %.1f us, bare %.1f / %.1f us: ratio p50 "
                        "%.2fx, p99 %.2fx\n",
                        pv.p50, pv.p99, pb.p50, pb.p99, pv.p50 / pb.p50, pv.p99 / pb.p99);
        }
        // What the slowest 1 % have in common (issue 16, sixth round): kind, rotation, page faults, preemption (wall
        // minus this thread's CPU time), allocations and (with --count-reads) pages read.
        for (const auto& [name, ns, cpu, faults, reads, allocations] :
             {std::tuple {"validations", &checkNs, &checkCpuNs, &checkFaults, &checkReads, &checkAllocations},
              std::tuple {"bare lookups", &bareNs, &bareCpuNs, &bareFaults, &bareReads, &bareAllocations}}) {
            std::vector<qint64> sorted = *ns;
            std::sort(sorted.begin(), sorted.end());
            const qint64 threshold = sorted[std::min(sorted.size() - 1, size_t(0.99 * double(sorted.size())))];
            long n = 0, memberships = 0, faulted = 0, preempted = 0, allocs = 0, pages = 0;
            long rotation[3] = {0, 0, 0};
            std::vector<qint64> tailCpu;
            for (size_t i = 0; i < ns->size(); ++i) {
                if ((*ns)[i] < threshold) {
                    continue;
                }
                ++n;
                memberships += kinds[i] == CredentialKind::Membership;
                ++rotation[i % 3];
                faulted += (*faults)[i] > 0;
                preempted += (*ns)[i] - (*cpu)[i] >= 10000;
                allocs += (*allocations)[i];
                pages += std::max(0L, (*reads)[i]);
                tailCpu.push_back((*cpu)[i]);
            }
            const Percentiles tc = percentiles(tailCpu);
            std::printf(
                "  slowest 1 %% of %s (>= %.1f us, %ld): memberships %ld, E-passes %ld; validation first %ld, "
                "bare first %ld, boarding pass first %ld; with a page fault %ld; preempted (wall - thread CPU >= "
                "10 us) %ld; their thread CPU p50 %.1f us; allocations %.1f per call",
                name, double(threshold) / 1000.0, n, memberships, n - memberships, rotation[0], rotation[1],
                rotation[2], faulted, preempted, tc.p50, double(allocs) / double(std::max(1L, n)));
            if (countReads) {
                std::printf("; read syscalls %.2f per call", double(pages) / double(std::max(1L, n)));
            }
            std::printf("\n");
        }
    }
    if (tracePages) {
        printPageTrace(path.toUtf8().constData(), checks, checkNs, bareNs);
    }
    std::printf("pass + boarding pass (bcbp::parse + AccessService::check, boarding pass required, %d legs in the "
                "journal), %d random codes: p50 %.1f us, p99 %.1f us, max %.1f us%s\n",
                legRows, checks, bp.p50, bp.p99, bp.max, bpNotOk ? " (SOME NOT OK!)" : "");
    std::printf("pass + boarding pass / bare: p50 %.2fx, p99 %.2fx; / validation without: p50 %.2fx, p99 %.2fx\n",
                bp.p50 / b.p50, bp.p99 / b.p99, bp.p50 / v.p50, bp.p99 / v.p99);
    std::printf("load average before the interleaved run: %s, after: %s\n", loadBefore.constData(),
                loadAverage().constData());
    std::printf("durable redemption (AccessService::redeem, synchronous=FULL), %d: p50 %.2f ms, p99 %.2f ms, "
                "max %.2f ms%s\n",
                redeems, c.p50 / 1000.0, c.p99 / 1000.0, c.max / 1000.0, failed ? " (SOME FAILED!)" : "");
    if (!syncNs.empty()) {
        const Percentiles f = percentiles(syncNs);
        std::printf("bare write+fdatasync of 4 KiB on the same disk, %d: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                    redeems, f.p50 / 1000.0, f.p99 / 1000.0, f.max / 1000.0);
    }
    std::printf("peak RSS: %.1f MB\n", double(peakRssKb()) / 1024.0);
    if (bpNotOk) {
        std::fprintf(stderr, "%d boarding-pass validations were not OK\n", bpNotOk);
    }
    return notOk || bareMissing || failed || bpNotOk ? 1 : 0;
}
