#pragma once

#include "Domain.h"
#include "Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QUuid>

#include <functional>
#include <optional>

namespace lounge::central {

/// Record kinds of the change log. The security layer adds its own kinds (signing keys, staff accounts) without
/// a schema change: a kind is just a string and the feed maps it to a ChangePage list.
namespace kind {
inline const QString kResource = QStringLiteral("resource");
inline const QString kProgram = QStringLiteral("program");
inline const QString kMembership = QStringLiteral("membership");
inline const QString kEPass = QStringLiteral("epass");
inline const QString kUsage = QStringLiteral("usage");
/// A Fast Track pre-booking; its lookup key (codeHash) is the credential key ("M:<id>"), its audience one resource.
inline const QString kBooking = QStringLiteral("booking");
/// Central only (never in a feed): the time of the last journal record each terminal uploaded.
inline const QString kTerminalClock = QStringLiteral("terminalclock");
} // namespace kind

/// The latest state of one record (kind, id) and the change sequence at which it last changed. Rewriting a
/// record moves it to a new, higher seq: the log stays compact and a feed of "seq > cursor" is always complete.
struct ChangeRecord
{
    QString kind;
    QString id;
    qint64 seq = 0; ///< assigned by the store
    bool deleted = false; ///< a tombstone: the feed sends the id as deleted
    QByteArray body; ///< compact JSON of the domain value (core/Json.h)
    QString audienceModule; ///< empty = every terminal; else only terminals at a resource of this module
    QByteArray audienceScope; ///< compact JSON of core::Scope; empty = any resource of the module
    QByteArray codeHash; ///< lookup key for credentials
    QString number; ///< membership number lookup key
};

struct TerminalRecord
{
    QString id;
    QString resourceId;
    QByteArray secretHash; ///< SHA-256 of the terminal's secret
    QDateTime enrolledAt;
};

/// One keyset page of live records of one kind, for the issuer's lists: id order (byte order), ids after `afterId`,
/// at most `limit`, narrowed by the filters (all optional, combined with AND).
struct RecordQuery
{
    QString kind;
    QString afterId; ///< exclusive; empty = from the first
    int limit = 100;
    QString number; ///< exact membership number (the indexed lookup column)
    QList<std::pair<QString, QString>> fieldEquals; ///< top-level string field of the JSON body equals the value
    QString prefixField; ///< top-level string field of the JSON body that starts with `prefix`
    QString prefix; ///< compared case-insensitively for ASCII letters, exactly for any other character
    QString tierProgram; ///< memberships: one of the tier assignments (past, current or scheduled) names this program
};

/// What a terminal said about itself on one request (issue 15 §3), with the instant central heard it. An absent
/// value (an older terminal) keeps what was stored before.
struct TerminalContact
{
    QDateTime at; ///< central's clock
    std::optional<QString> version;
    std::optional<qint64> pendingUploads;
    std::optional<qint64> clockOffsetMs; ///< terminal clock minus central clock at the request
};

/// One terminal as the fleet status shows it.
struct TerminalStatus
{
    TerminalRecord terminal;
    std::optional<QDateTime> lastContact; ///< nullopt: not heard from since enrollment
    std::optional<QString> version; ///< nullopt: never reported (an older terminal)
    std::optional<qint64> pendingUploads;
    std::optional<qint64> clockOffsetMs;
    std::optional<QDateTime> reportedAt; ///< when the reported values last came
    qint64 flaggedVisits = 0; ///< its uploaded visits central flagged (status conflict)
};

/// A keyset page of terminals in id order. `silentSince`: with `stale` true only terminals whose last contact (or
/// enrollment, when never heard from) is before it; with `stale` false only the others.
struct TerminalQuery
{
    QString afterId;
    int limit = 100;
    QString resourceId;
    std::optional<bool> stale;
    QDateTime silentSince;
};

/// One audited change of a membership's holder name or number.
struct MembershipCorrection
{
    QString id; ///< unique (a UUID)
    QString membershipId;
    QDateTime at; ///< central's clock
    QString actor; ///< "issuer-key:<fingerprint>" over the API, "cli" from lounge-central
    QString field; ///< "holderName" or "number"
    QString oldValue;
    QString newValue;
};

/// RecordQuery::prefix as a LIKE pattern with backslash escapes: ASCII letters lowered, `%`, `_` and `\` escaped,
/// then `%`; nullopt when empty. Both stores compare it with the field folded the same way (ASCII only).
inline std::optional<QString> likePrefix(const QString& prefix)
{
    if (prefix.isEmpty()) {
        return std::nullopt;
    }
    QString out;
    for (QChar c : prefix) {
        if (c == u'%' || c == u'_' || c == u'\\') {
            out += u'\\';
        }
        out += (c >= u'A' && c <= u'Z') ? QChar(c.unicode() + 32) : c;
    }
    return out + u'%';
}

/// A terminal with one record keyed by its id (CentralStore::terminalWithRecord).
struct TerminalWithRecord
{
    TerminalRecord terminal;
    std::optional<ChangeRecord> record; ///< nullopt: no such record
};

/// What one feed request reads, all from one snapshot of the database (CentralStore::feedScan).
struct FeedScan
{
    std::optional<ChangeRecord> resource; ///< the terminal's resource record (deleted or absent: none)
    /// Records with seq > cursor that can concern a terminal at that resource, in seq order, at most `limit`: those
    /// without an audience module, those of the resource's module, and every E-pass (a thin record may go to another
    /// module's desk). Central-only records (audience kCentralOnlyAudience) and other modules' records never come.
    QList<ChangeRecord> rows;
    qint64 head = 0; ///< the highest seq of the same snapshot: nothing up to it was left out of `rows` but the above
    qint64 remaining = -1; ///< with `count`: such records after the last of `rows` (0 when `rows` is not full)
};

/// The audience of records no terminal ever receives (journal heads, chain breaks, terminal clocks, the usage
/// counters no desk reads). FeedScan leaves them out in the database. Written "\x01central-only" where it was
/// introduced, but in the u"" literal QStringLiteral makes, `\x01ce` is one escape: the value every database holds is
/// U+01CE followed by "ntral-only" ('ǎntral-only' in the stores' feed SQL). Kept as stored.
inline const QString kCentralOnlyAudience = QStringLiteral("\x01central-only");

/// A redemption as central holds it.
struct StoredRedemption
{
    enum class Status
    {
        Accepted,
        Conflict, ///< accepted, but it overdrew the allowance (the people are inside)
        Rejected,
    };
    core::Redemption record;
    Status status = Status::Accepted;
    QString reason; ///< rejection or conflict reason code
    qint64 serverSeq = 0; ///< seq of the counter change it caused
    QDateTime receivedAt;
    bool online = false; ///< recorded by the online redeem call
};

QString toString(StoredRedemption::Status s);

/// A billing rate of one (programme, resource) pair in force from a month (docs/domain.md, "Partner billing").
struct BillingRate
{
    QString program;
    QString resource;
    QString fromMonth; ///< "YYYY-MM"
    qint64 perVisitMinor = 0; ///< integer minor units of `currency`
    qint64 perGuestMinor = 0;
    QString currency; ///< ISO 4217, e.g. "EUR"
    QDateTime updatedAt;
};

/// One visit or paid entry as billing reads it (never a void: a void shows as `voided` on its visit).
struct BillingVisit
{
    QString id;
    QString credential; ///< CredentialRef::key()
    bool paid = false; ///< JournalKind::Paid (walk-in); else a Redeem
    qint64 atMs = 0;
    QString status; ///< "accepted" or "conflict" (rejected ones are never billed)
    QString reason; ///< the conflict's reason code
    bool voided = false;
    int partySize = 1;
    qint64 amountMinor = 0; ///< a paid entry's takings
    int billed = 0; ///< 1 when a closed statement billed it as standing, else 0
    /// (operating carrier, compartment) of each boarding pass the visit recorded: the holder's first, then guests'.
    QList<std::pair<QString, QString>> flights;
    bool boardingPassOverride = false; ///< admitted without the required boarding pass by a supervisor
};

/// The stores' aggregate of a visit's boarding passes ("CX/J KA/Y", in pass order) as BillingVisit::flights.
inline QList<std::pair<QString, QString>> billingFlights(const QString& aggregate)
{
    QList<std::pair<QString, QString>> out;
    for (const auto& item : aggregate.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const qsizetype slash = item.indexOf(QLatin1Char('/'));
        out.append({item.left(slash), slash < 0 ? QString() : item.mid(slash + 1)});
    }
    return out;
}

/// Central's persistence. Thread affinity: one owner thread (the server's). Every call returns a Result.
/// Implementations: SqliteCentralStore (embedded default) and PgCentralStore (several central processes over one
/// PostgreSQL database). Neither keeps central state in memory: any process can answer any request.
class CentralStore
{
public:
    virtual ~CentralStore() = default;

    /// Runs `body` in one write transaction (nested calls join the outer one); rolls back on error. Write
    /// transactions run one at a time across every process sharing the database (SQLite: BEGIN IMMEDIATE;
    /// PostgreSQL: the feed_head row lock), so what the body reads stays true until it commits. A backend may run
    /// `body` again after a serialization failure or deadlock (PostgreSQL): the body must start from scratch each
    /// time (assign what it hands out; never append to a list declared outside it).
    virtual core::Result<void> transaction(const std::function<core::Result<void>()>& body) = 0;

    virtual core::Result<std::optional<ChangeRecord>> record(const QString& kind, const QString& id) const = 0;
    virtual core::Result<std::optional<ChangeRecord>> recordByCodeHash(const QString& kind,
                                                                       const QByteArray& hash) const = 0;
    virtual core::Result<std::optional<ChangeRecord>> recordByNumber(const QString& number) const = 0;
    /// Live (not deleted) records of one kind, in id order.
    virtual core::Result<QList<ChangeRecord>> records(const QString& kind, int limit) const = 0;
    /// Live records of one kind with id > `afterId` in id order (byte order), at most `limit`; with `lookupKey` set,
    /// only those whose codeHash equals it (index records_code). Keyset pages for the issuer's lists, and the ids under
    /// one prefix (a membership's usage counters: `afterId` = the prefix).
    virtual core::Result<QList<ChangeRecord>> recordsAfter(const QString& kind, const QString& afterId,
                                                           const QByteArray& lookupKey, int limit) const = 0;
    /// Issuer lists: one keyset page (RecordQuery).
    virtual core::Result<QList<ChangeRecord>> recordPage(const RecordQuery& query) const = 0;
    /// Inserts or replaces (kind, id) at the next seq; returns that seq.
    virtual core::Result<qint64> putRecord(const ChangeRecord& record) = 0;
    /// Records with seq > cursor in seq order, at most `limit`.
    virtual core::Result<QList<ChangeRecord>> changesSince(qint64 cursor, int limit) const = 0;
    virtual core::Result<qint64> countSince(qint64 cursor) const = 0;
    virtual core::Result<qint64> headSeq() const = 0;
    /// One feed page for a terminal at `resourceId` in one snapshot (one statement): the resource, the records that
    /// can concern it after `cursor` (FeedScan), the head, and with `count` the number of such records after the page.
    /// An empty poll (cursor at the head) costs one index probe. Never waits for writers.
    virtual core::Result<FeedScan> feedScan(const QString& resourceId, qint64 cursor, int limit, bool count) const = 0;

    virtual core::Result<void> putSealedCode(const QString& credentialKey, const QByteArray& sealed) = 0;
    virtual core::Result<std::optional<QByteArray>> sealedCode(const QString& credentialKey) const = 0;

    virtual core::Result<void> putEnrollmentCode(const QByteArray& codeHash, const QString& resourceId,
                                                 const QDateTime& expiresAt)
        = 0;
    /// Marks the code used by `terminalId` and returns its resource. NotFound: unknown or expired;
    /// Conflict: already used.
    virtual core::Result<QString> consumeEnrollmentCode(const QByteArray& codeHash, const QString& terminalId,
                                                        const QDateTime& now)
        = 0;
    virtual core::Result<void> putTerminal(const TerminalRecord& terminal) = 0;
    virtual core::Result<std::optional<TerminalRecord>> terminal(const QString& id) const = 0;
    /// The terminal `id` and the record (`recordKind`, `id`) in one statement: a request's authentication and its
    /// journal head (JournalHeadCheck) read together. nullopt: no such terminal.
    virtual core::Result<std::optional<TerminalWithRecord>> terminalWithRecord(const QString& id,
                                                                               const QString& recordKind) const = 0;
    /// Notes a request from a terminal. Cheap and outside the writer lock (it changes no feed record); a contact
    /// within kContactWriteIntervalMs of the stored one that reports nothing new writes nothing.
    virtual core::Result<void> noteTerminalContact(const QString& terminalId, const TerminalContact& contact) = 0;
    virtual core::Result<QList<TerminalStatus>> terminalPage(const TerminalQuery& query) const = 0;
    static constexpr qint64 kContactWriteIntervalMs = 60000;

    virtual core::Result<void> putCorrection(const MembershipCorrection& correction) = 0;
    /// Oldest first, after (at, id) when given.
    virtual core::Result<QList<MembershipCorrection>>
    corrections(const QString& membershipId, std::optional<std::pair<QDateTime, QString>> after, int limit) const = 0;

    virtual core::Result<std::optional<StoredRedemption>> redemption(const QUuid& id) const = 0;
    virtual core::Result<void> putRedemption(const StoredRedemption& r) = 0;
    virtual core::Result<void> markVoided(const QUuid& original, const QUuid& voidId) = 0;
    /// Newest first.
    virtual core::Result<QList<StoredRedemption>> redemptionsOf(const QString& credentialKey, int limit) const = 0;
    virtual core::Result<QList<StoredRedemption>> conflicts() const = 0;
    /// A credential's visits newest first (time, then id, both descending), before (at, id) when given.
    virtual core::Result<QList<StoredRedemption>> redemptionPage(const QString& credentialKey,
                                                                 std::optional<std::pair<QDateTime, QString>> before,
                                                                 int limit) const = 0;
    /// The earliest standing (not rejected) redemption admitted with dynamic token `tokenId`, if any: one token
    /// used twice (two offline terminals, or a restart) shows here.
    virtual core::Result<std::optional<QUuid>> redemptionWithToken(const QByteArray& tokenId) const = 0;
    virtual core::Result<std::optional<QDateTime>> lastUse(const QString& credentialKey,
                                                           const QString& resourceId) const = 0;

    // ---- partner billing (BillingService)
    /// Inserts or replaces the rate of (program, resource, fromMonth).
    virtual core::Result<void> putBillingRate(const BillingRate& rate) = 0;
    /// Rates in (program, resource, fromMonth) order after `after` (empty = from the start), at most `limit`;
    /// empty `program` / `resource` = any.
    virtual core::Result<QList<BillingRate>> billingRates(const QString& program, const QString& resource,
                                                          const QStringList& after, int limit) const = 0;
    /// Standing (not rejected) visits and paid entries at `resource` with at in [fromMs, toMs); `unsettledOnly`: only
    /// those whose billed state differs from what they are now (late uploads, voids after a close).
    virtual core::Result<QList<BillingVisit>> billingVisits(const QString& resource, qint64 fromMs, qint64 toMs,
                                                            bool unsettledOnly) const = 0;
    /// Closed months of `resource`: month → closing time (ms since the epoch, UTC).
    virtual core::Result<QMap<QString, qint64>> closedBillingMonths(const QString& resource) const = 0;
    /// The statements stored when (resource, month) closed: program → JSON body.
    virtual core::Result<QMap<QString, QByteArray>> closedStatements(const QString& resource,
                                                                     const QString& month) const = 0;
    /// Closes (resource, month) (Conflict when already closed): stores the statements and marks every visit at
    /// `resource` with at in [settleFromMs, settleToMs) billed as it stands now. Call inside transaction().
    virtual core::Result<void> closeBillingMonth(const QString& resource, const QString& month, qint64 closedAtMs,
                                                 const QMap<QString, QByteArray>& statements, qint64 settleFromMs,
                                                 qint64 settleToMs)
        = 0;
};

} // namespace lounge::central
