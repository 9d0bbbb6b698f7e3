#pragma once

#include "CentralStore.h"
#include "PgConnection.h"

#include <memory>

namespace lounge::central {

/// CentralStore in PostgreSQL (libpq; docs/architecture.md says why not QPSQL). Any number of central processes
/// may share one database: nothing of central's state is kept in this object beyond the connection.
///
/// Writers: every write transaction starts by locking the single `feed_head` row, so writing transactions run one
/// at a time across all processes (as SQLite's BEGIN IMMEDIATE) and take change sequences from that row in commit
/// order (docs/api.md, "The feed under concurrent writers"). Readers never wait for it.
/// Errors: a lost connection is ErrorCode::Network (HTTP 503) and the next call reconnects; a serialization failure
/// or deadlock (SQLSTATE 40001/40P01) re-runs the transaction's body up to kMaxAttempts times.
/// Thread affinity: one owner thread.
class PgCentralStore final : public CentralStore
{
public:
    static constexpr int kSchemaVersion = 7;
    static constexpr int kMaxAttempts = 5;

    /// Connects and brings the schema up to kSchemaVersion (forward-only, each step in a transaction under an
    /// advisory lock, so processes starting together migrate once). SchemaTooNew for a newer database.
    /// `migrated` (optional) receives the version found before migrating.
    static core::Result<std::unique_ptr<PgCentralStore>> open(const QString& url, int* versionBefore = nullptr);
    ~PgCentralStore() override;

    /// How many transactions were re-run after a serialization failure or deadlock (for tests and logs).
    int retries() const { return m_retries; }

    core::Result<void> transaction(const std::function<core::Result<void>()>& body) override;
    core::Result<std::optional<ChangeRecord>> record(const QString& kind, const QString& id) const override;
    core::Result<std::optional<ChangeRecord>> recordByCodeHash(const QString& kind,
                                                               const QByteArray& hash) const override;
    core::Result<std::optional<ChangeRecord>> recordByNumber(const QString& number) const override;
    core::Result<QList<ChangeRecord>> records(const QString& kind, int limit) const override;
    core::Result<QList<ChangeRecord>> recordsAfter(const QString& kind, const QString& afterId,
                                                   const QByteArray& lookupKey, int limit) const override;
    core::Result<QList<ChangeRecord>> recordPage(const RecordQuery& query) const override;
    core::Result<qint64> putRecord(const ChangeRecord& record) override;
    core::Result<QList<ChangeRecord>> changesSince(qint64 cursor, int limit) const override;
    core::Result<qint64> countSince(qint64 cursor) const override;
    core::Result<qint64> headSeq() const override;
    core::Result<FeedScan> feedScan(const QString& resourceId, qint64 cursor, int limit, bool count) const override;
    core::Result<void> putSealedCode(const QString& credentialKey, const QByteArray& sealed) override;
    core::Result<std::optional<QByteArray>> sealedCode(const QString& credentialKey) const override;
    core::Result<void> putEnrollmentCode(const QByteArray& codeHash, const QString& resourceId,
                                         const QDateTime& expiresAt) override;
    core::Result<QString> consumeEnrollmentCode(const QByteArray& codeHash, const QString& terminalId,
                                                const QDateTime& now) override;
    core::Result<void> putTerminal(const TerminalRecord& terminal) override;
    core::Result<std::optional<TerminalRecord>> terminal(const QString& id) const override;
    core::Result<std::optional<TerminalWithRecord>> terminalWithRecord(const QString& id,
                                                                       const QString& recordKind) const override;
    core::Result<std::optional<StoredRedemption>> redemption(const QUuid& id) const override;
    core::Result<void> putRedemption(const StoredRedemption& r) override;
    core::Result<void> markVoided(const QUuid& original, const QUuid& voidId) override;
    core::Result<QList<StoredRedemption>> redemptionsOf(const QString& credentialKey, int limit) const override;
    core::Result<QList<StoredRedemption>> conflicts() const override;
    core::Result<void> noteTerminalContact(const QString& terminalId, const TerminalContact& contact) override;
    core::Result<QList<TerminalStatus>> terminalPage(const TerminalQuery& query) const override;
    core::Result<void> putCorrection(const MembershipCorrection& correction) override;
    core::Result<QList<MembershipCorrection>> corrections(const QString& membershipId,
                                                          std::optional<std::pair<QDateTime, QString>> after,
                                                          int limit) const override;
    core::Result<QList<StoredRedemption>> redemptionPage(const QString& credentialKey,
                                                         std::optional<std::pair<QDateTime, QString>> before,
                                                         int limit) const override;
    core::Result<std::optional<QUuid>> redemptionWithToken(const QByteArray& tokenId) const override;
    core::Result<std::optional<QDateTime>> lastUse(const QString& credentialKey,
                                                   const QString& resourceId) const override;

    core::Result<void> putBillingRate(const BillingRate& rate) override;
    core::Result<QList<BillingRate>> billingRates(const QString& program, const QString& resource,
                                                  const QStringList& after, int limit) const override;
    core::Result<QList<BillingVisit>> billingVisits(const QString& resource, qint64 fromMs, qint64 toMs,
                                                    bool unsettledOnly) const override;
    core::Result<QMap<QString, qint64>> closedBillingMonths(const QString& resource) const override;
    core::Result<QMap<QString, QByteArray>> closedStatements(const QString& resource,
                                                             const QString& month) const override;
    core::Result<void> closeBillingMonth(const QString& resource, const QString& month, qint64 closedAtMs,
                                         const QMap<QString, QByteArray>& statements, qint64 settleFromMs,
                                         qint64 settleToMs) override;

private:
    explicit PgCentralStore(std::unique_ptr<pg::Connection> db);
    core::Result<int> migrate();
    /// Runs a single write in its own transaction unless one is open (joins it).
    core::Result<void> write(const std::function<core::Result<void>()>& body) { return transaction(body); }
    core::Result<pg::Rows> exec(const QString& sql, std::initializer_list<pg::Param> params = {}) const;

    std::unique_ptr<pg::Connection> m_db;
    int m_depth = 0; ///< open transaction() calls (nested ones join the outer transaction)
    int m_retries = 0;
};

} // namespace lounge::central
