// sync-bench: initial sync of N memberships + N E-passes from a real lounge-central process, a delta of 10 k
// changes, an upload of 10 k queued redemptions. Prints seconds, MB transferred and peak RSS of both sides.
//   sync-bench [--memberships 1000000] [--epasses 1000000] [--changes 10000] [--uploads 10000] [--page-size 5000]
//              [--normal-anchor]: the initial sync against the bare bulk load (anchor, sync, anchor; wall clock and
//              CPU seconds of the terminal, central and the anchor); --normal-anchor adds a third anchor at
//              synchronous=NORMAL, as the terminal now commits feed pages. [--central-db PATH]: keep the generated
//              central database there, and start from a copy of it when it exists (skips the generation).
//   sync-bench --parse-bench [--page-size 5000]: the terminal's feed page parse alone, in process: the strict reader
//   and protocol::FeedReply::decode against Qt's parser without the strict checks, interleaved, on pages of
//   page-size memberships + page-size E-passes as central sends them.
#include "../common/BenchRecords.h"
#include "CentralService.h"
#include "CredentialCode.h"
#include "Json.h"
#include "SqliteCentralStore.h"
#include "Store.h"
#include "StrictJson.h"
#include "SyncEngine.h"
#include "TerminalSettings.h"
#include "Validator.h"
#include "Wire.h"

#include "Json.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTextStream>

#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <ctime>
#include <memory>

#include <vector>

using namespace lounge;
using bench::benchEPass;
using bench::benchMembership;

namespace {

QTextStream out(stdout);

qint64 peakRssKb(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QRegularExpression re(QStringLiteral("VmHWM:\\s+(\\d+)"));
    const auto m = re.match(QString::fromLatin1(f.readAll()));
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

bool fail(const QString& what)
{
    out << "sync-bench: " << what << Qt::endl;
    return false;
}

struct Central
{
    QProcess process;
    quint16 port = 0;

    /// `fixedPort` 0 = any free port (the first start); a restart reuses the port the terminal knows.
    bool start(const QString& db, quint16 fixedPort = 0)
    {
        // LOUNGE_CENTRAL_EXE in the environment runs another build (before/after comparisons).
        process.setProgram(qEnvironmentVariable("LOUNGE_CENTRAL_EXE", QStringLiteral(LOUNGE_CENTRAL_EXE)));
        process.setArguments({QStringLiteral("serve"), QStringLiteral("--db"), db, QStringLiteral("--port"),
                              QString::number(fixedPort), QStringLiteral("--issuer-key"), QStringLiteral("bench")});
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start();
        QByteArray text;
        // A benchmark harness, not product code: blocking waits are fine here.
        while (process.waitForReadyRead(60000)) {
            text += process.readAll();
            const auto m = QRegularExpression(QStringLiteral(":(\\d+)\\s*$"), QRegularExpression::MultilineOption)
                               .match(QString::fromUtf8(text));
            if (text.contains("listening") && m.hasMatch()) {
                port = quint16(m.captured(1).toUInt());
                return true;
            }
        }
        return fail(QStringLiteral("lounge-central did not start: ") + QString::fromUtf8(text));
    }
    qint64 stop()
    {
        const qint64 rss = peakRssKb(process.processId());
        process.terminate();
        process.waitForFinished(10000);
        return rss;
    }
};

struct Cycle
{
    bool ok = false;
    double seconds = 0;
    qint64 bytes = 0;
};

Cycle runCycle(sync::SyncEngine& engine)
{
    Cycle c;
    QEventLoop loop;
    QObject::connect(&engine, &sync::SyncEngine::syncSucceeded, &loop, [&] {
        c.ok = true;
        loop.quit();
    });
    QObject::connect(&engine, &sync::SyncEngine::syncFailed, &loop, [&](const QString& e) {
        fail(QStringLiteral("sync failed: ") + e);
        loop.quit();
    });
    auto progress = QObject::connect(&engine, &sync::SyncEngine::downloadProgressed,
                                     [&](const sync::DownloadProgress& p) { c.bytes = p.bytes; });
    QElapsedTimer t;
    t.start();
    engine.syncNow();
    loop.exec();
    c.seconds = t.elapsed() / 1000.0;
    QObject::disconnect(progress);
    QObject::disconnect(&engine, &sync::SyncEngine::syncSucceeded, &loop, nullptr);
    QObject::disconnect(&engine, &sync::SyncEngine::syncFailed, &loop, nullptr);
    return c;
}

QByteArray loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed() : QByteArray("?");
}

/// The anchor: a bare sqlite3 bulk load of the same rows into the terminal's own schema (same indexes, WAL,
/// synchronous=FULL, 64 MiB cache, one committed transaction per `pageSize` rows like the sync's pages, checkpoint at
/// the end like the sync's). Rows are built in memory in the terminal's column form before each page's clock starts:
/// only SQLite's inserts and commits are timed. No HTTP, no JSON parsing.
/// Seconds of CPU of the calling thread (SQLite runs the anchor's inserts on it).
double threadCpuSeconds()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

/// Seconds of CPU (user + system) of this process, all threads: the terminal's feed and store threads.
double processCpuSeconds()
{
    rusage u {};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/// Seconds of CPU (user + system) of another process so far, from /proc/<pid>/stat; -1 if unreadable.
double otherProcessCpuSeconds(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QByteArray text = f.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' '); // from field 3 (state) on
    if (fields.size() < 13) {
        return -1;
    }
    return double(fields[11].toLongLong() + fields[12].toLongLong()) / double(sysconf(_SC_CLK_TCK)); // utime, stime
}

struct AnchorTime
{
    double seconds = -1; ///< wall clock of the inserts, commits and the final checkpoint
    double cpuSeconds = -1; ///< CPU of the same spans (waits for fsync not counted)
    qint64 walBytes = -1; ///< the WAL file's size before the final checkpoint (its largest: it never shrinks before)
};

AnchorTime bareBulkLoad(const QString& path, int members, int passes, int pageSize, const QDate& today,
                        const char* synchronous = "FULL")
{
    for (const QString& suffix :
         {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral(".witness")}) {
        QFile::remove(path + suffix);
    }
    if (!core::Store::open(path)) { // the terminal's schema, then closed
        return {};
    }
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr);
    const QByteArray pragmas
        = QByteArray("PRAGMA journal_mode=WAL; PRAGMA synchronous=") + synchronous + "; PRAGMA cache_size=-65536;";
    sqlite3_exec(db, pragmas.constData(), nullptr, nullptr, nullptr);
    sqlite3_stmt* ms = nullptr;
    sqlite3_stmt* es = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO memberships(id, number, code_hash, holder, status, valid_from, valid_to, tiers, "
                       "overrides) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                       -1, &ms, nullptr);
    sqlite3_prepare_v2(db, "INSERT INTO epasses(id, code_hash, body, status) VALUES(?1, ?2, ?3, ?4)", -1, &es, nullptr);
    auto compact = [](const auto& json) { return QJsonDocument(json).toJson(QJsonDocument::Compact); };
    struct Row
    {
        bool membership = true;
        std::vector<QByteArray> columns;
    };
    qint64 ns = 0;
    double cpu = 0;
    QElapsedTimer t;
    const int total = members + passes;
    for (int base = 0; base < total; base += pageSize) {
        std::vector<Row> rows;
        for (int k = base; k < std::min(total, base + pageSize); ++k) {
            if (k < members) {
                const core::Membership m = benchMembership(k, today);
                rows.push_back({true,
                                {m.id.toUtf8(), m.number.toUtf8(), m.codeHash, m.holderName.toUtf8(),
                                 core::toString(m.status).toUtf8(), core::json::dateToString(m.validFrom).toUtf8(),
                                 core::json::dateToString(m.validTo).toUtf8(), compact(core::json::toJson(m.tiers)),
                                 compact(core::json::toJson(m.overrides))}});
            } else {
                const core::EPass e = benchEPass(k - members, today);
                QJsonObject body = core::json::toJson(e);
                body.remove(QStringLiteral("codeHash"));
                rows.push_back({false, {e.id.toUtf8(), e.codeHash, compact(body), core::toString(e.status).toUtf8()}});
            }
        }
        const double cpuStart = threadCpuSeconds();
        t.start();
        sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        for (const Row& row : rows) {
            sqlite3_stmt* st = row.membership ? ms : es;
            for (int c = 0; c < int(row.columns.size()); ++c) {
                const QByteArray& v = row.columns[size_t(c)];
                const bool blob = row.membership ? c == 2 : c == 1;
                if (blob) {
                    sqlite3_bind_blob(st, c + 1, v.constData(), int(v.size()), SQLITE_STATIC);
                } else {
                    sqlite3_bind_text(st, c + 1, v.constData(), int(v.size()), SQLITE_STATIC);
                }
            }
            sqlite3_step(st);
            sqlite3_reset(st);
        }
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
        ns += t.nsecsElapsed();
        cpu += threadCpuSeconds() - cpuStart;
    }
    const qint64 walBytes = QFileInfo(path + QStringLiteral("-wal")).size(); // outside the clock
    const double cpuStart = threadCpuSeconds();
    t.start();
    sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    ns += t.nsecsElapsed();
    cpu += threadCpuSeconds() - cpuStart;
    sqlite3_finalize(ms);
    sqlite3_finalize(es);
    sqlite3_close(db);
    return {double(ns) / 1e9, cpu, walBytes};
}

} // namespace

/// The feed page parse alone: what the strict reader costs on the initial sync's hot path.
int parseBench(int pageSize)
{
    const QDate today = QDate::currentDate();
    QByteArray members = "\"memberships\":[";
    QByteArray passes = "\"ePasses\":[";
    for (int i = 0; i < pageSize; ++i) {
        const core::Membership m = bench::benchMembership(i, today);
        const core::EPass e = bench::benchEPass(i, today);
        members += (i ? "," : "") + protocol::encode(core::json::toJson(m));
        passes += (i ? "," : "") + protocol::encode(core::json::toJson(e));
    }
    protocol::FeedReply page;
    page.page.cursor = 2 * pageSize;
    page.more = true;
    page.scanned = 2 * pageSize;
    page.serverTime = QDateTime::currentDateTimeUtc();
    page.encodedRecords = members + "]," + passes + ']';
    const QByteArray body = page.encode();
    constexpr int kRounds = 15;
    qint64 plainNs = 0;
    qint64 strictNs = 0;
    qint64 scanNs = 0;
    qint64 qtNs = 0;
    QElapsedTimer t;
    for (int round = 0; round < kRounds; ++round) {
        // Interleaved: the same page through Qt's parser alone (the terminal's reader before the protocol module)
        // and through the strict reader, so a busy machine slows both alike.
        // Which of the two runs first alternates (a page parsed just before leaves the allocator warm).
        std::optional<core::Result<core::ChangePage>> plain;
        std::optional<core::Result<protocol::FeedReply>> strict;
        for (int k = 0; k < 2; ++k) {
            t.start();
            if ((round + k) % 2 == 0) {
                plain = core::json::changePageFromJson(QJsonDocument::fromJson(body).object());
                plainNs += t.nsecsElapsed();
            } else {
                strict = protocol::FeedReply::decode(body);
                strictNs += t.nsecsElapsed();
            }
        }
        t.start();
        const auto parsed = protocol::parseStrict(body);
        scanNs += t.nsecsElapsed();
        t.start();
        const QJsonDocument qt = QJsonDocument::fromJson(body);
        qtNs += t.nsecsElapsed();
        if (!*plain || !*strict || !parsed || !qt.isObject() || (*plain)->memberships.size() != pageSize
            || (*strict)->page.memberships.size() != pageSize) {
            return fail(QStringLiteral("parse-bench: a page did not parse")), 1;
        }
    }
    const auto ms = [](qint64 ns) { return double(ns) / kRounds / 1e6; };
    out << "feed page parse (" << 2 * pageSize << " records, " << double(body.size()) / 1e6 << " MB, mean of "
        << kRounds << "): QJsonDocument + changePageFromJson " << ms(plainNs)
        << " ms; protocol::FeedReply::decode (strict) " << ms(strictNs) << " ms ("
        << (double(strictNs) / double(plainNs) - 1) * 100 << " %); protocol::parseStrict alone " << ms(scanNs)
        << " ms; QJsonDocument::fromJson alone " << ms(qtNs) << " ms" << Qt::endl;
    return 0;
}

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOption({QStringLiteral("memberships"), QStringLiteral("Memberships at central."), QStringLiteral("n"),
                 QStringLiteral("1000000")});
    p.addOption({QStringLiteral("epasses"), QStringLiteral("E-passes at central."), QStringLiteral("n"),
                 QStringLiteral("1000000")});
    p.addOption(
        {QStringLiteral("changes"), QStringLiteral("Delta size."), QStringLiteral("n"), QStringLiteral("10000")});
    p.addOption({QStringLiteral("uploads"), QStringLiteral("Queued redemptions."), QStringLiteral("n"),
                 QStringLiteral("10000")});
    p.addOption(
        {QStringLiteral("page-size"), QStringLiteral("Feed page size."), QStringLiteral("n"), QStringLiteral("5000")});
    p.addOption({QStringLiteral("parse-bench"), QStringLiteral("Only the feed page parse, in process.")});
    p.addOption({QStringLiteral("central-db"),
                 QStringLiteral("Keep the generated central database here and, when the file exists, start from a copy "
                                "of it instead of generating (it must hold the same --memberships / --epasses; the "
                                "copy, not the file, is changed by the delta)."),
                 QStringLiteral("path")});
    p.addOption({QStringLiteral("download-checkpoint-frames"),
                 QStringLiteral("The terminal's WAL checkpoint bound during the initial download "
                                "(sync::SyncEngine::Options::downloadCheckpointFrames; default: the engine's)."),
                 QStringLiteral("frames")});
    p.addOption({QStringLiteral("normal-anchor"),
                 QStringLiteral("Also a third anchor at synchronous=NORMAL (the terminal commits feed pages at NORMAL, "
                                "the anchor at FULL), and the ratio against it.")});
    p.process(app);
    if (p.isSet(QStringLiteral("parse-bench"))) {
        return parseBench(p.value(QStringLiteral("page-size")).toInt());
    }
    const int members = p.value(QStringLiteral("memberships")).toInt();
    const int passes = p.value(QStringLiteral("epasses")).toInt();
    const int changes = p.value(QStringLiteral("changes")).toInt();
    const int uploads = std::min(p.value(QStringLiteral("uploads")).toInt(), members);

    QTemporaryDir dir;
    const QString centralDb = dir.filePath(QStringLiteral("central.sqlite"));
    core::SystemClock clock;
    const QDate today = clock.now().date();
    QString enrollCode;
    QElapsedTimer t;
    t.start();
    const QString keptDb = p.value(QStringLiteral("central-db"));
    const bool reuse = !keptDb.isEmpty() && QFile::exists(keptDb);
    if (reuse && !QFile::copy(keptDb, centralDb)) {
        return fail(QStringLiteral("cannot copy ") + keptDb), 1;
    }
    if (reuse) {
        auto store = central::SqliteCentralStore::open(centralDb);
        if (!store) {
            return fail(store.error().toString()), 1;
        }
        central::CentralService service(**store, clock, central::CentralService::Options {});
        auto code = service.createEnrollmentCode(QStringLiteral("HKG-T1-LOUNGE"));
        if (!code) {
            return 1;
        }
        enrollCode = *code;
    } else {
        auto store = central::SqliteCentralStore::open(centralDb);
        if (!store) {
            return fail(store.error().toString()), 1;
        }
        central::CentralService service(**store, clock, central::CentralService::Options {});
        if (!service.seedDemo(core::DemoData::build(today))) {
            return 1;
        }
        const int chunk = 50000;
        for (int base = 0; base < std::max(members, passes); base += chunk) {
            auto r = (*store)->transaction([&]() -> core::Result<void> {
                for (int i = base; i < base + chunk; ++i) {
                    if (i < members) {
                        if (auto x = service.writeMembership(benchMembership(i, today)); !x) {
                            return x.error();
                        }
                    }
                    if (i < passes) {
                        if (auto x = service.writeEPass(benchEPass(i, today)); !x) {
                            return x.error();
                        }
                    }
                }
                return {};
            });
            if (!r) {
                return fail(r.error().toString()), 1;
            }
        }
        auto code = service.createEnrollmentCode(QStringLiteral("HKG-T1-LOUNGE"));
        if (!code) {
            return 1;
        }
        enrollCode = *code;
    }
    if (reuse) {
        out << "central data: a copy of " << keptDb << " (" << members << " memberships + " << passes
            << " E-passes expected), " << t.elapsed() / 1000.0 << " s (not part of the figures)" << Qt::endl;
    } else {
        out << "generated central data: " << members << " memberships + " << passes << " E-passes in "
            << t.elapsed() / 1000.0 << " s (not part of the figures)" << Qt::endl;
        if (!keptDb.isEmpty() && !QFile::copy(centralDb, keptDb)) {
            return fail(QStringLiteral("cannot keep the central database as ") + keptDb), 1;
        }
    }

    // Anchor, sync, anchor: the bare bulk load brackets the sync in time, so load changes hit both.
    const int pageSize = p.value(QStringLiteral("page-size")).toInt();
    const QByteArray loadBefore = loadAverage();
    const AnchorTime anchor1
        = bareBulkLoad(dir.filePath(QStringLiteral("anchor.sqlite")), members, passes, pageSize, today);
    out << "anchor 1: bare sqlite3 bulk load of the same " << members + passes << " rows in " << anchor1.seconds << " s"
        << Qt::endl;

    Central central;
    if (!central.start(centralDb)) {
        return 1;
    }
    auto store = core::Store::open(dir.filePath(QStringLiteral("terminal.sqlite")));
    if (!store) {
        return fail(store.error().toString()), 1;
    }
    sync::CentralClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(central.port)));
    {
        QEventLoop loop;
        bool ok = false;
        client.enroll(enrollCode, [&](core::Result<sync::EnrollReply> r) {
            if (r) {
                ok = true;
                client.setCredentials(r->terminalId, r->secret);
                core::TerminalSettings s;
                s.terminalId = r->terminalId;
                s.resourceId = r->resourceId;
                s.centralUrl = client.baseUrl().toString();
                ok = bool(s.save(**store));
            }
            loop.quit();
        });
        loop.exec();
        if (!ok) {
            return fail(QStringLiteral("enroll failed")), 1;
        }
    }
    sync::SyncEngine::Options options;
    options.pageSize = pageSize;
    options.batchSize = 500;
    if (p.isSet(QStringLiteral("download-checkpoint-frames"))) {
        options.downloadCheckpointFrames = p.value(QStringLiteral("download-checkpoint-frames")).toInt();
    }
    sync::SyncEngine engine(**store, client, clock, options);
    // The terminal's commits during the initial sync: WAL checkpoints (count, time) and the WAL's largest size.
    struct WalLog
    {
        int commits = 0;
        int checkpoints = 0;
        qint64 checkpointNs = 0;
        qint64 maxCheckpointNs = 0;
        int maxFrames = 0;
    };
    auto walLog = std::make_shared<WalLog>();
    (*store)->setCommitObserver([walLog](const core::Store::CommitInfo& c) {
        ++walLog->commits;
        walLog->maxFrames = std::max(walLog->maxFrames, c.walFrames);
        if (c.checkpointNs > 0) {
            ++walLog->checkpoints;
            walLog->checkpointNs += c.checkpointNs;
            walLog->maxCheckpointNs = std::max(walLog->maxCheckpointNs, c.checkpointNs);
        }
    });
    const qint64 dbPageSize = (*store)->database().queryValue<qint64>(QStringLiteral("PRAGMA page_size")).valueOr(4096);

    const double terminalCpuBefore = processCpuSeconds();
    const double centralCpuBefore = otherProcessCpuSeconds(central.process.processId());
    const Cycle initial = runCycle(engine);
    if (!initial.ok) {
        return 1;
    }
    const double terminalCpu = processCpuSeconds() - terminalCpuBefore;
    const double centralCpu = otherProcessCpuSeconds(central.process.processId()) - centralCpuBefore;
    const qint64 terminalRss = peakRssKb(QCoreApplication::applicationPid());
    const qint64 centralRss = central.stop();
    out << "initial sync: " << (*store)->count(QStringLiteral("memberships")).valueOr(-1) << " memberships + "
        << (*store)->count(QStringLiteral("epasses")).valueOr(-1) << " E-passes in " << initial.seconds << " s, "
        << initial.bytes / 1e6 << " MB transferred, peak RSS terminal " << terminalRss / 1024 << " MB, central "
        << centralRss / 1024 << " MB" << Qt::endl;
    (*store)->setCommitObserver({});
    // A WAL file is 32 bytes of header and (24 + page size) bytes per frame; it does not shrink before the TRUNCATE.
    out << "terminal WAL during the initial sync: " << walLog->commits << " commits, " << walLog->checkpoints
        << " checkpoints in them (" << walLog->checkpointNs / 1e9 << " s, longest " << walLog->maxCheckpointNs / 1e6
        << " ms), largest WAL " << walLog->maxFrames
        << " frames = " << (32 + walLog->maxFrames * (24 + dbPageSize)) / 1e6
        << " MB; the checkpoint at the download's end " << engine.lastDownloadCheckpointNs() / 1e6
        << " ms; download checkpoint bound " << options.downloadCheckpointFrames << " frames" << Qt::endl;
    const AnchorTime anchor2
        = bareBulkLoad(dir.filePath(QStringLiteral("anchor.sqlite")), members, passes, pageSize, today);
    out << "anchor 2: bare sqlite3 bulk load of the same " << members + passes << " rows in " << anchor2.seconds << " s"
        << Qt::endl;
    out << "anchor WAL (SQLite's auto-checkpoint at 1000 frames after a commit): largest " << anchor1.walBytes / 1e6
        << " / " << anchor2.walBytes / 1e6 << " MB" << Qt::endl;
    const double anchorMean = (anchor1.seconds + anchor2.seconds) / 2;
    out << "initial sync / bare bulk load (mean of the two anchors): " << initial.seconds / anchorMean
        << "x; load average before: " << loadBefore << ", after: " << loadAverage() << Qt::endl;
    // CPU seconds do not count waits (fsync, a core taken by another process): less sensitive to the machine's load.
    const double anchorCpu = (anchor1.cpuSeconds + anchor2.cpuSeconds) / 2;
    out << "CPU: initial sync terminal " << terminalCpu << " s + central " << centralCpu << " s, anchor " << anchorCpu
        << " s (mean); (terminal + central) / anchor " << (terminalCpu + centralCpu) / anchorCpu << "x" << Qt::endl;
    if (p.isSet(QStringLiteral("normal-anchor"))) {
        // The terminal commits feed pages at synchronous=NORMAL (docs/architecture.md); the anchors above at FULL.
        const AnchorTime normal
            = bareBulkLoad(dir.filePath(QStringLiteral("anchor.sqlite")), members, passes, pageSize, today, "NORMAL");
        out << "anchor 3 (synchronous=NORMAL): bare sqlite3 bulk load of the same " << members + passes << " rows in "
            << normal.seconds << " s, CPU " << normal.cpuSeconds << " s; initial sync / NORMAL anchor "
            << initial.seconds / normal.seconds << "x; load average after: " << loadAverage() << Qt::endl;
    }

    // Delta: the issuer changes `changes` records while central is down for the edit (one writer per file).
    {
        auto cstore = central::SqliteCentralStore::open(centralDb);
        central::CentralService service(**cstore, clock, central::CentralService::Options {});
        auto r = (*cstore)->transaction([&]() -> core::Result<void> {
            for (int i = 0; i < changes; ++i) {
                if (i % 2 == 0) {
                    if (auto x = service.suspend(QStringLiteral("BM-%1").arg(i)); !x) {
                        return x.error();
                    }
                } else if (auto x = service.revokeEPass(QStringLiteral("BE-%1").arg(i)); !x) {
                    return x.error();
                }
            }
            return {};
        });
        if (!r) {
            return fail(r.error().toString()), 1;
        }
    }
    if (!central.start(centralDb, central.port)) {
        return 1;
    }
    const Cycle delta = runCycle(engine);
    if (!delta.ok) {
        return 1;
    }
    out << "delta sync: " << changes << " changes in " << delta.seconds << " s, " << delta.bytes / 1e6 << " MB"
        << Qt::endl;

    // Upload: `uploads` redemptions recorded offline (distinct members, one visit each).
    {
        auto tx = (*store)->beginWrite();
        const QString period = core::Validator::periodKey(core::QuotaPeriod::Year,
                                                          core::Validator::localDate(clock.now(), "Asia/Hong_Kong"));
        auto settings = core::TerminalSettings::load(**store);
        for (int i = 0; i < uploads; ++i) {
            core::Redemption r;
            r.id = QUuid::createUuid();
            r.credential = {core::CredentialKind::Membership, QStringLiteral("BM-%1").arg(members - 1 - i)};
            r.resourceId = QStringLiteral("HKG-T1-LOUNGE");
            r.terminalId = settings->terminalId;
            r.staffId = QStringLiteral("bench");
            r.uses = {core::PoolUse {QStringLiteral("LOUNGE"), core::Pool::Cardholder, period, 1}};
            r.at = clock.now();
            r.clockSource = clock.source();
            if (!(*store)->appendJournal(r)) {
                return fail(QStringLiteral("append failed")), 1;
            }
        }
        if (!tx || !tx->commit()) {
            return 1;
        }
    }
    const Cycle upload = runCycle(engine);
    const int pending = (*store)->pendingUploads().valueOr(-1);
    const qint64 centralRss2 = central.stop();
    if (!upload.ok) {
        return 1;
    }
    out << "upload: " << uploads << " queued redemptions in " << upload.seconds << " s (incl. pulling back their "
        << uploads << " counters, " << upload.bytes / 1e6 << " MB), pending after: " << pending << ", central peak RSS "
        << centralRss2 / 1024 << " MB" << Qt::endl;
    return 0;
}
