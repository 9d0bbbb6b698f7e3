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
};

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
    /// Inserts or replaces (kind, id) at the next seq; returns that seq.
    virtual core::Result<qint64> putRecord(const ChangeRecord& record) = 0;
    /// Records with seq > cursor in seq order, at most `limit`.
    virtual core::Result<QList<ChangeRecord>> changesSince(qint64 cursor, int limit) const = 0;
    virtual core::Result<qint64> countSince(qint64 cursor) const = 0;
    virtual core::Result<qint64> headSeq() const = 0;

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

    virtual core::Result<std::optional<StoredRedemption>> redemption(const QUuid& id) const = 0;
    virtual core::Result<void> putRedemption(const StoredRedemption& r) = 0;
    virtual core::Result<void> markVoided(const QUuid& original, const QUuid& voidId) = 0;
    /// Newest first.
    virtual core::Result<QList<StoredRedemption>> redemptionsOf(const QString& credentialKey, int limit) const = 0;
    virtual core::Result<QList<StoredRedemption>> conflicts() const = 0;
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
