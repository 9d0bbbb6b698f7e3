#pragma once

#include "CentralStore.h"
#include "sqlite/Database.h"

#include <memory>

namespace lounge::central {

/// CentralStore in one SQLite file (WAL, synchronous=FULL, file mode 0600), forward-only migrations (PRAGMA
/// user_version). Several processes may open one file (`lounge-central staff` beside a live server): every write
/// transaction is BEGIN IMMEDIATE with a busy timeout, and the next change sequence is read inside it, never cached.
/// Thread affinity: one owner thread. ":memory:" works for tests.
class SqliteCentralStore final : public CentralStore
{
public:
    static constexpr int kSchemaVersion = 7;
    /// Opens (creating) the file and migrates it forward; SchemaTooNew for a newer file. `versionBefore` (optional)
    /// receives the schema version found.
    static core::Result<std::unique_ptr<SqliteCentralStore>> open(const QString& path, int* versionBefore = nullptr);
    ~SqliteCentralStore() override;

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
    explicit SqliteCentralStore(std::unique_ptr<core::sqlite::Database> db);
    core::Result<int> migrate();

    std::unique_ptr<core::sqlite::Database> m_db;
};

} // namespace lounge::central
