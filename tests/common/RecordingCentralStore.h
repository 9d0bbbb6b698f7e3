#pragma once

// A CentralStore that forwards every call to a real one (SQLite or PostgreSQL) and lets a test see and disturb what
// central does with its database: which reads a request makes, which contact writes reach the store, a failing
// write, and a slow read.

#include "CentralStore.h"

#include <QStringList>
#include <QThread>

#include <memory>

namespace lounge::test {

/// Central's real store, wrapped: it records the read calls a request makes (`reads`) and the terminal-contact
/// writes (`contactWrites`), and has two injectable faults: the next putRedemption fails as a full disk would, and
/// record() (the read behind the issuer's GET routes) takes `slowRecordMs` longer, as a query over millions of rows
/// would (it blocks central's thread: the handler is still working while its connection's timers come due).
class RecordingCentralStore final : public central::CentralStore
{
public:
    explicit RecordingCentralStore(std::unique_ptr<central::CentralStore> inner)
        : m(std::move(inner))
    { }
    bool failNextRedemption = false;
    int slowRecordMs = 0;
    mutable QStringList reads; ///< the read calls made, in order (kioskRequestsReadTheStoreOnce)
    QStringList contactWrites; ///< the terminal id of each noteTerminalContact call, in order

    core::Result<void> transaction(const std::function<core::Result<void>()>& body) override
    {
        return m->transaction(body);
    }
    core::Result<std::optional<central::ChangeRecord>> record(const QString& kind, const QString& id) const override
    {
        reads << QStringLiteral("record ") + kind;
        if (slowRecordMs > 0) {
            QThread::msleep(ulong(slowRecordMs));
        }
        return m->record(kind, id);
    }
    core::Result<std::optional<central::ChangeRecord>> recordByCodeHash(const QString& kind,
                                                                        const QByteArray& hash) const override
    {
        return m->recordByCodeHash(kind, hash);
    }
    core::Result<std::optional<central::ChangeRecord>> recordByNumber(const QString& number) const override
    {
        return m->recordByNumber(number);
    }
    core::Result<QList<central::ChangeRecord>> records(const QString& kind, int limit) const override
    {
        return m->records(kind, limit);
    }
    core::Result<QList<central::ChangeRecord>> recordsAfter(const QString& kind, const QString& afterId,
                                                            const QByteArray& key, int limit) const override
    {
        return m->recordsAfter(kind, afterId, key, limit);
    }
    core::Result<qint64> putRecord(const central::ChangeRecord& record) override { return m->putRecord(record); }
    core::Result<QList<central::ChangeRecord>> changesSince(qint64 cursor, int limit) const override
    {
        reads << QStringLiteral("changesSince");
        return m->changesSince(cursor, limit);
    }
    core::Result<qint64> countSince(qint64 cursor) const override
    {
        reads << QStringLiteral("countSince");
        return m->countSince(cursor);
    }
    core::Result<qint64> headSeq() const override
    {
        reads << QStringLiteral("headSeq");
        return m->headSeq();
    }
    core::Result<central::FeedScan> feedScan(const QString& resource, qint64 cursor, int limit,
                                             bool count) const override
    {
        reads << QStringLiteral("feedScan");
        return m->feedScan(resource, cursor, limit, count);
    }
    core::Result<void> putSealedCode(const QString& key, const QByteArray& sealed) override
    {
        return m->putSealedCode(key, sealed);
    }
    core::Result<std::optional<QByteArray>> sealedCode(const QString& key) const override { return m->sealedCode(key); }
    core::Result<void> putEnrollmentCode(const QByteArray& hash, const QString& resource,
                                         const QDateTime& expiresAt) override
    {
        return m->putEnrollmentCode(hash, resource, expiresAt);
    }
    core::Result<QString> consumeEnrollmentCode(const QByteArray& hash, const QString& terminal,
                                                const QDateTime& now) override
    {
        return m->consumeEnrollmentCode(hash, terminal, now);
    }
    core::Result<void> putTerminal(const central::TerminalRecord& t) override { return m->putTerminal(t); }
    core::Result<std::optional<central::TerminalRecord>> terminal(const QString& id) const override
    {
        reads << QStringLiteral("terminal");
        return m->terminal(id);
    }
    core::Result<std::optional<central::TerminalWithRecord>> terminalWithRecord(const QString& id,
                                                                                const QString& kind) const override
    {
        reads << QStringLiteral("terminalWithRecord ") + kind;
        return m->terminalWithRecord(id, kind);
    }
    core::Result<std::optional<central::StoredRedemption>> redemption(const QUuid& id) const override
    {
        return m->redemption(id);
    }
    core::Result<void> putRedemption(const central::StoredRedemption& r) override
    {
        if (failNextRedemption) {
            failNextRedemption = false;
            return core::makeError(core::ErrorCode::DiskFull, QStringLiteral("injected: disk full"));
        }
        return m->putRedemption(r);
    }
    core::Result<void> markVoided(const QUuid& original, const QUuid& voidId) override
    {
        return m->markVoided(original, voidId);
    }
    core::Result<QList<central::StoredRedemption>> redemptionsOf(const QString& key, int limit) const override
    {
        return m->redemptionsOf(key, limit);
    }
    core::Result<QList<central::StoredRedemption>> conflicts() const override { return m->conflicts(); }
    core::Result<QList<central::ChangeRecord>> recordPage(const central::RecordQuery& q) const override
    {
        return m->recordPage(q);
    }
    core::Result<void> noteTerminalContact(const QString& id, const central::TerminalContact& c) override
    {
        contactWrites << id;
        return m->noteTerminalContact(id, c);
    }
    core::Result<QList<central::TerminalStatus>> terminalPage(const central::TerminalQuery& q) const override
    {
        return m->terminalPage(q);
    }
    core::Result<void> putCorrection(const central::MembershipCorrection& c) override { return m->putCorrection(c); }
    core::Result<QList<central::MembershipCorrection>>
    corrections(const QString& id, std::optional<std::pair<QDateTime, QString>> after, int limit) const override
    {
        return m->corrections(id, after, limit);
    }
    core::Result<QList<central::StoredRedemption>>
    redemptionPage(const QString& key, std::optional<std::pair<QDateTime, QString>> before, int limit) const override
    {
        return m->redemptionPage(key, before, limit);
    }
    core::Result<std::optional<QUuid>> redemptionWithToken(const QByteArray& tokenId) const override
    {
        return m->redemptionWithToken(tokenId);
    }
    core::Result<std::optional<QDateTime>> lastUse(const QString& key, const QString& resource) const override
    {
        return m->lastUse(key, resource);
    }
    core::Result<void> putBillingRate(const central::BillingRate& rate) override { return m->putBillingRate(rate); }
    core::Result<QList<central::BillingRate>> billingRates(const QString& program, const QString& resource,
                                                           const QStringList& after, int limit) const override
    {
        return m->billingRates(program, resource, after, limit);
    }
    core::Result<QList<central::BillingVisit>> billingVisits(const QString& resource, qint64 fromMs, qint64 toMs,
                                                             bool unsettledOnly) const override
    {
        return m->billingVisits(resource, fromMs, toMs, unsettledOnly);
    }
    core::Result<QMap<QString, qint64>> closedBillingMonths(const QString& resource) const override
    {
        return m->closedBillingMonths(resource);
    }
    core::Result<QMap<QString, QByteArray>> closedStatements(const QString& resource,
                                                             const QString& month) const override
    {
        return m->closedStatements(resource, month);
    }
    core::Result<void> closeBillingMonth(const QString& resource, const QString& month, qint64 closedAtMs,
                                         const QMap<QString, QByteArray>& statements, qint64 settleFromMs,
                                         qint64 settleToMs) override
    {
        return m->closeBillingMonth(resource, month, closedAtMs, statements, settleFromMs, settleToMs);
    }

private:
    std::unique_ptr<central::CentralStore> m;
};

} // namespace lounge::test
