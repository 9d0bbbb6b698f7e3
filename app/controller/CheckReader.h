#pragma once

#include "AccessService.h"
#include "Clock.h"
#include "SecurityStore.h"
#include "Store.h"
#include "controller/KioskTypes.h"
#include "crypto/SignedTokenVerifier.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

namespace lounge::app {

/// Answers the desk's read-only checks (a scan's decision, the next guest's name) on a read-only connection of its
/// own, on its own thread, so a scan never queues behind the StoreWorker's writes (a feed page, its commit and fsync,
/// a WAL checkpoint). Each check is one read transaction on the WAL: it sees every commit made before it began, so a
/// visit recorded a moment ago is always seen. Admission is not decided here: a redeem re-validates on the
/// StoreWorker's writer inside BEGIN IMMEDIATE, so two scans of a single-use pass admit once whatever a check said.
/// Thread affinity: its own thread (moveToThread); open/close/setContext/check run there, queued by the StoreWorker
/// and WorkerBackend. While it is not open (before the worker opened the cache, after closeStore) a check is handed
/// to `fallback` (the StoreWorker, queued), which answers it as before. Errors come back as decisions, never thrown.
class CheckReader : public QObject
{
    Q_OBJECT
public:
    using Fallback = std::function<void(quint64 request, const QByteArray& raw, int partySize,
                                        const lounge::app::BoardingPassInput& boardingPasses)>;

    CheckReader(std::shared_ptr<const core::Clock> clock, Fallback fallback, QObject* parent = nullptr);
    ~CheckReader() override;

    /// Reader thread: opens `path` read-only beside the StoreWorker's writer (core::Store::Options::liveReader) and
    /// takes checks from then on, unless disable() was called after `generation` was returned.
    void open(const QString& path, const core::TerminalContext& context, quint64 generation);
    /// Reader thread.
    void setContext(const core::TerminalContext& context);
    /// Reader thread: as StoreWorker::check (the same core::AccessService::check and last-visit lookup).
    void check(quint64 request, const QByteArray& raw, int partySize,
               const lounge::app::BoardingPassInput& boardingPasses);
    /// Any thread: from now on every check goes to the fallback (the worker closes or reopens the cache); the
    /// reader's connection is closed at its next check. open() enables it again.
    quint64 disable() { return m_generation.fetch_add(1, std::memory_order_acq_rel) + 1; }
    bool isEnabled() const
    {
        return m_enabledGeneration.load(std::memory_order_acquire) == m_generation.load(std::memory_order_acquire);
    }

signals:
    void decisionReady(quint64 request, const lounge::core::Decision& decision);

private:
    void close();

    std::shared_ptr<const core::Clock> m_clock;
    Fallback m_fallback;
    std::unique_ptr<core::Store> m_store;
    std::unique_ptr<core::SecurityStore> m_security;
    std::unique_ptr<core::SignedTokenVerifier> m_verifier;
    std::unique_ptr<core::AccessService> m_service;
    core::TerminalContext m_context;
    std::atomic<quint64> m_generation {1}; ///< bumped by disable()
    std::atomic<quint64> m_enabledGeneration {0}; ///< the generation open() succeeded for
};

} // namespace lounge::app
