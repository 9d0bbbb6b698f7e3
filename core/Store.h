#pragma once

#include "CacheView.h"
#include "Domain.h"
#include "Ledger.h"
#include "Result.h"
#include "Staff.h"
#include "crypto/TokenKey.h"
#include "sqlite/Database.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMap>
#include <QStringList>
#include <QTemporaryDir>
#include <QTimeZone>

#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>

namespace lounge::core {

/// One page of central's changes feed, applied atomically together with its cursor.
struct ChangePage
{
    qint64 cursor = 0; ///< central's sequence number up to which this page brings the cache
    QList<Resource> resources;
    QList<Program> programs;
    QList<Membership> memberships;
    QList<EPass> ePasses;
    QList<UsageCounter> usage;
    QStringList deletedResources;
    QStringList deletedPrograms;
    QStringList deletedMemberships;
    QStringList deletedEPasses;
    QList<StaffAccount> staff; ///< staff accounts (with PIN hashes) allowed at this terminal
    QStringList deletedStaff;
    QList<TokenKey> tokenKeys; ///< dynamic-token public keys; a retired key arrives with validUntil set
    QList<Booking> bookings; ///< pre-bookings at this terminal's resource (new, cancelled or used: latest state)
    /// Optional, filled by the feed reader (protocol::FeedReply::decode, on the client's feed thread) and parallel to
    /// `ePasses` / `memberships`: the stored JSON columns already encoded with json::storedEPassBody / storedJson
    /// (StoredJson.h, the store's own encoders), so the store's thread only binds them. An empty list or a null entry:
    /// the store encodes the record itself. Whoever edits a record of a decoded page clears these lists.
    QList<QByteArray> ePassBodies;
    QList<QByteArray> membershipTiers;
    QList<QByteArray> membershipOverrides;
};

struct DayStats
{
    int admitted = 0; ///< people (holders + guests) in non-voided redemptions
    int redemptions = 0;
    int guests = 0;
    int voided = 0;
    int pendingUpload = 0;
    int rejected = 0;
    int conflicts = 0;
    // Shift statistics (Store::shiftStats; zero from stats()).
    int refused = 0; ///< scans refused at the desk (Store::refusals)
    int overrides = 0; ///< ATTENTION visits staff admitted anyway (standing)
    int paidEntries = 0; ///< walk-in / paid entries (standing), their people are in `admitted`
    int paidPeople = 0;
    QMap<int, int> peopleByHour; ///< local hour 0–23 → people admitted (passes and paid)
    QMap<QString, int> peopleByProgram; ///< programme name ("" = unknown) → people admitted
};

/// A scan the desk refused (REJECT, or an ATTENTION staff cancelled): a local log the today screen lists and the
/// shift statistics count. Not uploaded: central sees only visits.
struct Refusal
{
    qint64 seq = 0;
    QDateTime at; ///< UTC
    std::optional<CredentialRef> credential; ///< unset when the code was not a known pass
    QString holderName;
    QString programName;
    Reason reason = Reason::UnknownCode;
    QString staffId;
    QString terminalId;
};

/// Outcome of walking the journal's hash chain (Store::verifyJournal).
struct JournalCheck
{
    bool ok = true;
    qint64 records = 0;
    qint64 firstBrokenSeq = 0; ///< 0 when ok
    QString problem; ///< what is wrong at firstBrokenSeq
};

/// The last record of the journal: what the terminal reports to central with each sync (Lounge-Journal-Head).
struct JournalHead
{
    qint64 seq = 0; ///< 0: empty journal
    QByteArray hash;
    bool operator==(const JournalHead&) const = default;
};

/// A small file beside the store (`cache.sqlite.witness`), written at enrollment and after every recorded visit: the
/// store's id, its journal head and its enrollment. With it an emptied, truncated or replaced store file is recognised
/// instead of silently becoming a fresh one.
struct StoreWitness
{
    QString storeId;
    JournalHead head;
    QString terminalId;
    QString centralUrl;
};

/// The terminal's local cache and durable redemption journal in one SQLite file (WAL, synchronous=FULL; feed pages at
/// NORMAL, see FeedWrite).
/// Thread affinity: one owner thread; the app runs it on a dedicated worker, the CLI on its main thread.
/// Errors: every call returns a Result; DiskFull/ReadOnly/Locked/Corrupt are reported, never swallowed.
class Store final : public CacheView
{
public:
    struct Options
    {
        bool readOnly = false;
        /// With readOnly: a reader beside this process's own writer on the live file (the desk's check connection,
        /// docs/architecture.md "Store worker"). Always opens the shared WAL (never immutable, never a private copy),
        /// so every read transaction sees every commit made before it began.
        bool liveReader = false;
        /// WAL checkpoints (instead of SQLite's auto-checkpoint after any commit at 1,000 frames): a commit checkpoints
        /// (PASSIVE) once the WAL holds this many frames — but while a feed page is being written, its yield commits
        /// and the commits between them (a visit the desk records mid-page) only past `checkpointFramesMidPage`, so
        /// the page's last commit carries the checkpoint, not a commit a scan is waiting for.
        int checkpointFrames = 1000;
        /// The bound mid-page; it also keeps the WAL from growing without end if a page never finishes.
        int checkpointFramesMidPage = 8000;
        /// Gives SQLite's page caches their memory at once, faulted in (sqlite::Database::reservePageCache: room for
        /// the writer's 64 MiB cache and a live reader's 8 MiB, 80.7 MB resident from then on, ~0.1 s once), so that
        /// a cache that grows takes no page fault inside a validation (issue 16). Process-wide and only before SQLite
        /// is initialized: it must be the process's first open. The kiosk's store worker sets it; one-shot processes
        /// (the CLI, most tests) do not pay it.
        bool reservePageCache = false;
    };
    static constexpr int kSchemaVersion = 9;

    /// Opens (creating if needed, file mode 0600) and migrates forward. Read-only: never migrates; an older schema is
    /// read as it is (SchemaTooNew still refuses a newer one); on read-only media (0444 file, read-only directory or
    /// mount) it reads a private copy. A read-write open refuses (Corrupt, naming what is lost) a file that its
    /// witness says was emptied, truncated or replaced, and restores edited decision state from the ledger.
    static Result<std::unique_ptr<Store>> open(const QString& path, Options options);
    static Result<std::unique_ptr<Store>> open(const QString& path) { return open(path, Options {}); }
    ~Store() override;

    // ---- CacheView
    Result<std::optional<Resource>> resource(const QString& id) const override;
    Result<std::optional<Program>> program(const QString& id) const override;
    Result<std::optional<Membership>> membershipByCodeHash(const QByteArray& hash) const override;
    Result<std::optional<Membership>> membershipByNumber(const QString& number) const override;
    Result<std::optional<Membership>> membershipById(const QString& id) const override;
    Result<std::optional<EPass>> ePassByCodeHash(const QByteArray& hash) const override;
    Result<std::optional<EPass>> ePassById(const QString& id) const override;
    Result<int> used(const CredentialRef& credential, const Module& module, Pool pool,
                     const QString& period) const override;
    Result<QList<int>> usedInPools(const CredentialRef& credential, const Module& module, const QList<Pool>& pools,
                                   const QString& period) const override;
    Result<std::optional<QDateTime>> lastUse(const CredentialRef& credential, const QString& resourceId) const override;
    Result<Use> usedAndLastUse(const CredentialRef& credential, const Module& module, const QList<Pool>& pools,
                               const QString& period, const QString& resourceId) const override;
    /// usedAndLastUse() with the statement it ran before issue 16's fourth round (three index probes, MAX() in SQL).
    /// usedAndLastUse() falls back to it for a journal time that is not an integer (which only an edit outside the
    /// store can write).
    Result<Use> usedAndLastUseBefore(const CredentialRef& credential, const Module& module, const QList<Pool>& pools,
                                     const QString& period, const QString& resourceId) const;
    static const char* const kUsedAndLastUseBefore;
    Result<QList<Booking>> bookings(const CredentialRef& credential, const QString& resourceId, const QDate& from,
                                    const QDate& to) const override;
    Result<std::optional<QDateTime>> boardingPassUsedAt(const QByteArray& legKey, const QString& resourceId,
                                                        const QDateTime& fromUtc,
                                                        const QDateTime& toUtc) const override;
    /// A booking by id (the verdict screen, tests); its status as bookings() judges it.
    Result<std::optional<Booking>> booking(const QString& id) const;
    Result<QDateTime> lastSync() const override;

    // ---- cache maintenance (sync, seed-demo, tests). Each call is its own transaction unless one is open.
    Result<void> upsertResource(const Resource& r);
    Result<void> upsertProgram(const Program& p);
    Result<void> upsertMembership(const Membership& m);
    /// E-passes are immutable: a second upsert with a different body is refused unless only status changes.
    Result<void> upsertEPass(const EPass& e);
    Result<void> setUsage(const UsageCounter& u);
    /// Applies a page and stores its cursor in the same transaction.
    Result<void> applyChangePage(const ChangePage& page);
    /// Central's sequence number the cache is complete up to (the usage counts rely on it).
    Result<qint64> cursor() const;
    /// Where the next feed download starts: the cursor, or during a one-time re-download of the whole cache (schema
    /// step 9) how far that has come. A page's cursor is stored by applyChangePage either way.
    Result<qint64> feedPosition() const;
    Result<void> setLastSync(const QDateTime& at);
    Result<QList<Resource>> resources() const;
    Result<int> count(const QString& table) const; ///< memberships, epasses, programs, resources, journal

    // ---- settings (terminal id, resource, enrollment data, ...)
    Result<std::optional<QString>> setting(const QString& key) const;
    /// Settings that change a decision (ledger::trackedSettings) are chained in the ledger in the same transaction.
    Result<void> setSetting(const QString& key, const QString& value);
    Result<void> removeSetting(const QString& key);
    /// Empties the credential cache and central's counters (DemoData::wipe); the journal is untouched.
    Result<void> clearCache();

    // ---- journal
    /// Appends a record (fills seq, prevHash, hash). Must run inside a write transaction (beginWrite()).
    Result<Redemption> appendJournal(Redemption record);
    Result<std::optional<Redemption>> redemption(const QUuid& id) const;
    /// Records central has not acknowledged yet, in journal order.
    Result<QList<Redemption>> outbox(int limit) const;
    Result<int> pendingUploads() const;
    Result<void> markUploaded(const QList<QUuid>& ids);
    Result<void> markAcknowledged(const QUuid& id, qint64 serverSeq, bool conflict);
    Result<void> markRejected(const QUuid& id, const QString& reason);
    /// Records whose wall-clock time lies in [fromUtc, toUtc), newest first.
    Result<QList<Redemption>> journal(const QDateTime& fromUtc, const QDateTime& toUtc, int limit = 10000) const;
    Result<QList<Redemption>> fullJournal() const; ///< in seq order (verify-journal)
    /// Recomputes the hash chain in seq order and reports the first record whose link or content does not
    /// check out, or records missing at the end (sqlite_sequence ahead of the last row). Read-only.
    Result<JournalCheck> verifyJournal() const;
    Result<DayStats> stats(const QDateTime& fromUtc, const QDateTime& toUtc) const;
    Result<JournalHead> journalHead() const;
    /// The ledger's chain, its tail, live state against it, earlier restores, and the witness's verdict. Read-only.
    Result<LedgerCheck> verifyLedger() const;
    /// How the last read-write open checked the live state against the ledger.
    enum class OpenCheck
    {
        None, ///< read-only open: nothing checked (verifyLedger does)
        DigestMatched, ///< the live state's digest was the chained one: no comparison needed
        FullComparison ///< it was not: every value compared with the entries, edits restored, digest re-sealed
    };
    OpenCheck openCheck() const { return m_openCheck; }
    /// Rewrites the witness beside the file (after a recorded visit, a void, an enrollment). Never throws away data.
    Result<void> updateWitness();
    static QString witnessPath(const QString& storePath);
    /// stats() plus refusals, overrides, paid entries and people by local hour (in `zone`) and by programme.
    Result<DayStats> shiftStats(const QDateTime& fromUtc, const QDateTime& toUtc, const QTimeZone& zone) const;
    /// The latest standing visit of this credential at this resource (what an ATTENTION for a recent use shows).
    Result<std::optional<Redemption>> lastVisit(const CredentialRef& credential, const QString& resourceId) const;

    // ---- refused scans (local desk log)
    Result<Refusal> recordRefusal(Refusal refusal);
    /// Refusals whose time lies in [fromUtc, toUtc), newest first.
    Result<QList<Refusal>> refusals(const QDateTime& fromUtc, const QDateTime& toUtc, int limit = 10000) const;

    /// A write transaction at synchronous=FULL (every commit is on disk before it returns). Refuses (Internal) while
    /// the connection could not be returned to FULL after a feed write (FeedWrite), so nothing commits at NORMAL
    /// unnoticed.
    Result<sqlite::Transaction> beginWrite();

    /// Feed pages commit at synchronous=NORMAL, everything else at FULL (docs/architecture.md, "Durability of the
    /// terminal store"). A page is central's data, its cursor commits with it: a page lost to a power cut (WAL +
    /// NORMAL keeps each commit atomic and survives a crash of the program) is downloaded again. Begin it outside any
    /// transaction and declare it before the page's transaction, so that it ends after the commit or the rollback:
    ///
    ///     auto feed = store.beginFeedWrite(); // NORMAL
    ///     auto tx = store.beginWrite();
    ///     ... applyChangePage ...; tx->commit();
    ///     // tx, then feed go out of scope: FULL again
    ///
    /// Ending it sets FULL again. If that fails (a transaction still open, an I/O error reading the schema), the store
    /// says so (a warning) and remembers it: every later write transaction first tries FULL again and is refused if
    /// that still fails, and any commit at NORMAL outside a feed write is turned into a rollback (a commit hook), so a
    /// visit can fail with an error but never commit at NORMAL.
    class FeedWrite
    {
    public:
        FeedWrite(FeedWrite&& other) noexcept
            : m_store(std::exchange(other.m_store, nullptr))
        { }
        FeedWrite& operator=(FeedWrite&&) = delete;
        FeedWrite(const FeedWrite&) = delete;
        FeedWrite& operator=(const FeedWrite&) = delete;
        ~FeedWrite();
        /// This write's commit ends a feed page (its cursor commits): it may run the WAL checkpoint (Options).
        void endsPage();

    private:
        friend class Store;
        explicit FeedWrite(Store* store)
            : m_store(store)
        { }
        Store* m_store = nullptr;
    };
    /// Outside a transaction only (Internal otherwise: PRAGMA synchronous cannot change inside one); one at a time.
    Result<FeedWrite> beginFeedWrite();
    /// The connection's PRAGMA synchronous (0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA).
    Result<int> synchronousLevel() const;

    /// A PASSIVE checkpoint now, on this connection.
    Result<void> checkpointPassive();
    /// The bounds of Options::checkpointFrames / checkpointFramesMidPage from the next commit on (same rules: at least
    /// 1, the mid-page bound at least the other). The sync engine raises them for a large download (fewer, larger
    /// checkpoints: SyncEngine::Options::downloadCheckpointFrames) and sets the previous ones back after it.
    void setCheckpointFrames(int frames, int midPage);
    int checkpointFrames() const { return m_checkpointFrames; }
    int checkpointFramesMidPage() const { return m_checkpointFramesMidPage; }

    /// One commit of this connection, for benches and diagnostics (setCommitObserver).
    struct CommitInfo
    {
        qint64 beginNs = 0; ///< COMMIT began (steady clock, ns): the WAL frames are written and, at FULL, synced
        qint64 endNs = 0; ///< the commit is done (before a checkpoint it runs)
        qint64 checkpointNs = 0; ///< the PASSIVE checkpoint this commit ran (0: none)
        int walFrames = 0; ///< frames in the WAL after the commit
        /// Frames of the WAL not yet synced when the commit began that a FULL commit's sync flushes (its own included;
        /// estimated from the frame counts: a WAL restart counts all its frames as new).
        int unsyncedFrames = 0;
        bool feed = false; ///< a feed page's commit at synchronous=NORMAL (FeedWrite), not synced
        bool checkpointOwed = false; ///< its checkpoint was put off or interrupted for a waiting request
    };
    /// Called on the owner thread after every commit (and its checkpoint, if any). Costs two clock reads per commit.
    void setCommitObserver(std::function<void(const CommitInfo&)> observer) { m_commitObserver = std::move(observer); }
    /// Asked (owner thread) when a feed page's last commit is due to checkpoint: true (a request someone waits for is
    /// queued on this thread) puts the checkpoint off, so that request does not wait behind it. The next page's last
    /// commit carries it (commits between pages then checkpoint only past Options::checkpointFramesMidPage, as
    /// mid-page), and the mid-page bound still checkpoints regardless. None set: never put off.
    void setCheckpointDeferral(std::function<bool()> requestWaiting)
    {
        m_checkpointDeferral = std::move(requestWaiting);
    }
    /// Page-end checkpoints put off so far, or stopped by interruptCheckpoint() (tests, diagnostics).
    int checkpointsDeferred() const { return m_checkpointsDeferred; }
    /// Any thread, while this store is open: stops a WAL checkpoint this store's walHook is running right now (a
    /// request someone waits for was just queued on the owner thread); does nothing otherwise — never touches a
    /// statement (sqlite3_interrupt is sent only inside the checkpoint, under a mutex). SQLite stops copying frames
    /// back (nothing is lost: the WAL still holds them, the checkpoint did not advance), and the checkpoint is owed to
    /// the next page end, as if put off (setCheckpointDeferral). True: a checkpoint was running and is told to stop.
    bool interruptCheckpoint();

    /// "ok" or SQLite's list of problems.
    Result<QString> integrityCheck() const;
    sqlite::Database& database() { return *m_db; }
    QString path() const { return m_path; }

private:
    explicit Store(std::unique_ptr<sqlite::Database> db);
    Result<void> migrate(bool readOnly);
    template<typename F> Result<void> inTransaction(F&& body);
    /// Before a write transaction outside a feed write: FULL again if a FeedWrite could not restore it.
    Result<void> ensureFullSync();
    void endFeedWrite();
    static int commitHook(void* store);
    static int walHook(void* store, sqlite3* db, const char* name, int frames);
    /// `tiers` / `overrides` / `body`: the columns' text already encoded (ChangePage), null = encode here.
    Result<void> upsertMembershipRow(const Membership& m, const QByteArray& tiers = {},
                                     const QByteArray& overrides = {});
    Result<void> upsertEPassRow(const EPass& e, bool fromCentral, const QByteArray& body = {});
    Result<void> setUsageRow(const UsageCounter& u);
    Result<void> sealAfterUpgrade(int versionBefore);
    Result<void> restoreFromLedger();
    Result<void> checkLedgerAtOpen();
    /// One line per kind whose live state differs from the ledger; `keys` gets the differing keys.
    Result<QStringList> ledgerDifferences(const QString& kind, QStringList* keys) const;
    Result<QString> checkWitness(const StoreWitness& w) const;
    static Result<std::optional<StoreWitness>> readWitness(const QString& path);
    static QString describeWitness(const StoreWitness& w);
    Result<Redemption> readRedemption(sqlite::Statement& st) const;
    /// An epasses row (body, code_hash); `codeHash` as in readMembership().
    Result<EPass> readEPass(const sqlite::Statement& s, const QByteArray* codeHash = nullptr) const;
    /// A memberships row (LOUNGE_MEMBERSHIP_COLUMNS); `codeHash`, when given, is the value the row was found by
    /// (code_hash=?): the statement then selects NULL in its place instead of copying the same bytes back.
    Result<Membership> readMembership(const sqlite::Statement& s, const QByteArray* codeHash = nullptr) const;
    QString journalColumns() const;

    std::unique_ptr<sqlite::Database> m_db;
    Result<void> withLocalUse(Booking& b) const;
    int m_schemaVersion = kSchemaVersion; ///< of the file as opened (older only for a read-only open)
    QString m_path; ///< the file asked for (a read-only open from read-only media reads a copy of it)
    std::unique_ptr<QTemporaryDir> m_copy;
    QString m_witnessProblem; ///< read-only open: what the witness says is wrong (verifyLedger reports it)
    OpenCheck m_openCheck = OpenCheck::None;
    bool m_inFeedWrite = false; ///< a FeedWrite is open: commits at NORMAL are the feed page's
    bool m_syncNotRestored = false; ///< a FeedWrite ended but FULL could not be set again (see FeedWrite)
    bool m_feedWriteEndsPage = false; ///< the open FeedWrite commits a page's end (FeedWrite::endsPage)
    bool m_feedPageOpen
        = false; ///< a feed page began and has not ended: commits checkpoint only past the mid-page bound
    int m_checkpointFrames = 1000;
    int m_checkpointFramesMidPage = 8000;
    std::function<void(const CommitInfo&)> m_commitObserver;
    std::function<bool()> m_checkpointDeferral;
    int m_checkpointsDeferred = 0;
    /// WAL frames when a page end's checkpoint was put off (0: none pending); a WAL restarted since (fewer frames)
    /// ends it.
    int m_checkpointDeferredAt = 0;
    std::mutex m_checkpointMutex; ///< guards the two below: interruptCheckpoint() may come from any thread
    bool m_inCheckpoint = false; ///< walHook is inside sqlite3_wal_checkpoint_v2
    bool m_checkpointInterrupted = false; ///< sqlite3_interrupt was sent during it
    sqlite3_stmt* m_clearInterrupt = nullptr; ///< "SELECT 1", prepared at open: clears a left-over interrupt flag
    qint64 m_commitBeginNs = 0; ///< set by commitHook while an observer is set
    int m_walFramesLast = 0; ///< the WAL's frames after the last commit
    int m_walFramesSynced = 0; ///< of them, known to be on disk (a FULL commit or a checkpoint synced them)
    // Parsed JSON bodies reused while the stored text is byte-for-byte the same (every validation reads the resource,
    // the programme and a membership's tiers; parsing them was a fifth of its time). The text is always read, so
    // a change by any writer is seen at once. Owner thread only, like the connection.
    mutable QHash<QString, std::pair<QByteArray, Resource>> m_resourceBodies;
    mutable QHash<QString, std::pair<QByteArray, Program>> m_programBodies;
    mutable QHash<QByteArray, QList<TierAssignment>> m_tierBodies;
    mutable QHash<QByteArray, QList<EntitlementOverride>> m_overrideBodies;

    /// What this connection can see of the file's contents: it changes whenever anyone may have changed a row since —
    /// another connection or process committed (SQLite's data version, refreshed by a read at the start of every
    /// snapshot) or this connection wrote a row (its total change count, which a rollback never lowers).
    struct ChangeStamp
    {
        unsigned int dataVersion = 0;
        qint64 ownChanges = -1;
        bool operator==(const ChangeStamp&) const = default;
    };
    Result<ChangeStamp> changeStamp() const;
    /// Rows read inside a write transaction are not kept: a rollback would undo them without changing the stamp.
    bool mayKeepRows() const;
    template<typename T> struct KeptRow
    {
        ChangeStamp stamp;
        std::optional<T> value;
    };
    // Resource and programme rows (every validation reads them; they change a few times a day) reused without reading
    // them again while the change stamp is the one they were read under (docs/performance.md, "Core").
    template<typename T, typename Read>
    static Result<std::optional<T>> keptOrRead(QHash<QString, KeptRow<T>>& rows, const QString& key,
                                               const ChangeStamp& stamp, bool keep, Read read);
    mutable QHash<QString, KeptRow<Resource>> m_resourceRows;
    mutable QHash<QString, KeptRow<Program>> m_programRows;
    // The last few E-passes parsed, by code hash with the body they were parsed from (the desk checks a pass, then
    // redeems it: the same body twice). The body is always read; only its JSON parse is skipped.
    struct ParsedEPass
    {
        QByteArray codeHash;
        QByteArray body;
        EPass value;
    };
    mutable std::array<ParsedEPass, 8> m_ePassBodies;
    mutable unsigned m_nextEPassSlot = 0;
};

/// SHA-256 over the previous hash and the record's immutable fields; central recomputes it the same way.
QByteArray journalHash(const QByteArray& prevHash, const Redemption& record);

} // namespace lounge::core
