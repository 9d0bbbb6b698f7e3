#include "SyncEngine.h"

#include "SecurityStore.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSet>

Q_LOGGING_CATEGORY(lcSync, "lounge.sync")

namespace lounge::sync {

using core::ErrorCode;
using core::makeError;
using core::Result;

QString toString(SyncState s)
{
    switch (s) {
    case SyncState::Offline:
        return QStringLiteral("offline");
    case SyncState::Online:
        return QStringLiteral("online");
    case SyncState::Syncing:
        return QStringLiteral("syncing");
    case SyncState::Error:
        return QStringLiteral("error");
    }
    return {};
}

SyncEngine::SyncEngine(core::Store& store, CentralClient& client, const core::Clock& clock, Options options,
                       QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_client(client)
    , m_clock(clock)
    , m_options(options)
{
    qRegisterMetaType<SyncStatus>();
    qRegisterMetaType<DownloadProgress>();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SyncEngine::syncNow);
    m_client.setClock(&m_clock); // the kiosk's clock, as central's fleet status shows it
    if (auto settings = core::TerminalSettings::load(m_store)) {
        m_status.mode = settings->mode;
    }
    if (auto last = m_store.lastSync(); last && last->isValid()) {
        m_status.lastSuccess = *last;
    }
    refreshCounts();
}

void SyncEngine::start()
{
    m_running = true;
    syncNow();
}

void SyncEngine::stop()
{
    m_running = false;
    m_timer.stop();
    if (m_inCycle) {
        ++m_generation; // late replies of this cycle are ignored
        m_applying.reset(); // a page stopped between slices: its cursor is not stored, the next cycle re-applies it
        m_waiting.clear();
        m_client.stopFeed();
        restoreCheckpointBounds();
        m_inCycle = false;
        m_status.state = m_status.lastSuccess.isValid() ? SyncState::Online : SyncState::Offline;
        m_status.download.active = false;
        publish();
    }
}

void SyncEngine::syncNow()
{
    if (m_inCycle) {
        m_again = true;
        return;
    }
    m_timer.stop();
    beginCycle();
}

void SyncEngine::uploadSoon()
{
    refreshCounts();
    publish();
    if (!m_inCycle && (!m_timer.isActive() || m_timer.remainingTime() > m_options.uploadSoonMs)
        && m_status.consecutiveFailures == 0) {
        schedule(m_options.uploadSoonMs);
    }
}

void SyncEngine::setMode(core::TerminalSettings::Mode mode)
{
    m_status.mode = mode;
    publish();
}

void SyncEngine::schedule(int ms)
{
    m_timer.start(std::max(0, ms));
}

void SyncEngine::refreshCounts()
{
    if (auto pending = m_store.pendingUploads()) {
        m_status.pendingUploads = *pending;
    }
    // Counts by sync state; Store has no API for these two, and they are cheap on the state index.
    for (auto [state, target] :
         {std::pair {"rejected", &m_status.rejectedUploads}, std::pair {"conflict", &m_status.conflicts}}) {
        auto st = m_store.database().prepare(QStringLiteral("SELECT COUNT(*) FROM journal WHERE state=?1"));
        if (st && (*st)->bind(1, QString::fromLatin1(state)).step()) {
            *target = (*st)->integer(0);
            (*st)->reset();
        }
    }
}

void SyncEngine::publish()
{
    emit statusChanged(m_status);
}

void SyncEngine::beginCycle()
{
    if (auto head = m_store.journalHead(); head) {
        m_client.setJournalHead(*head); // reported with every request of the cycle
    }
    if (auto pending = m_store.pendingUploads(); pending) {
        m_client.setPendingUploads(*pending); // fleet status: what waits for upload as the cycle starts
    }
    m_inCycle = true;
    m_again = false;
    m_status.state = SyncState::Syncing;
    publish();
    measureClock();
}

void SyncEngine::measureClock()
{
    const quint64 generation = m_generation;
    const QDateTime sent = m_clock.now();
    m_client.serverTime([this, generation, sent](Result<QDateTime> r) {
        if (generation != m_generation) {
            return;
        }
        if (!r) {
            finishCycle(r.error());
            return;
        }
        const QDateTime received = m_clock.now();
        const qint64 midpoint = sent.toMSecsSinceEpoch() + sent.msecsTo(received) / 2;
        m_status.clockOffsetMs = r->toMSecsSinceEpoch() - midpoint;
        m_status.clockMeasured = true;
        m_status.clockWarning = std::abs(m_status.clockOffsetMs) > m_options.clockWarnMs;
        // Dynamic codes are judged on the kiosk clock corrected by this offset (SignedTokenVerifier); without a
        // fresh one they answer CLOCK_UNKNOWN, so keep it across restarts.
        if (auto saved = core::SecurityStore(m_store).setClockOffset(m_status.clockOffsetMs, received); !saved) {
            qCWarning(lcSync) << "cannot store the clock offset:" << saved.error().toString();
        }
        if (m_status.clockWarning) {
            qCWarning(lcSync) << "kiosk clock differs from central by" << m_status.clockOffsetMs << "ms";
        }
        emit clockOffsetMeasured(m_status.clockOffsetMs, m_status.clockWarning);
        pushNext();
    });
}

Result<void> SyncEngine::applyUploadResults(const QList<core::Redemption>& batch,
                                            const QList<UploadItemResult>& results, int* resolved)
{
    auto tx = m_store.beginWrite();
    if (!tx) {
        return tx.error();
    }
    QList<QUuid> rejected;
    QList<QUuid> flagged;
    QList<QString> reasons;
    for (const auto& item : results) {
        const bool ours = std::any_of(batch.begin(), batch.end(), [&](const auto& r) { return r.id == item.id; });
        if (!ours) {
            return makeError(ErrorCode::Protocol, QStringLiteral("upload result for a record we did not send"));
        }
        Result<void> marked;
        switch (item.status) {
        case UploadItemResult::Status::Accepted:
            marked = m_store.markAcknowledged(item.id, item.serverSeq, false);
            break;
        case UploadItemResult::Status::Conflict:
            marked = m_store.markAcknowledged(item.id, item.serverSeq, true);
            flagged << item.id;
            break;
        case UploadItemResult::Status::Duplicate:
            // Central already holds it (a lost response, a retry): take its original verdict.
            if (item.original == QLatin1String("rejected")) {
                marked = m_store.markRejected(item.id, item.reason);
                rejected << item.id;
                reasons << item.reason;
            } else {
                marked = m_store.markAcknowledged(item.id, item.serverSeq, item.original == QLatin1String("conflict"));
            }
            break;
        case UploadItemResult::Status::Rejected:
            marked = m_store.markRejected(item.id, item.reason);
            rejected << item.id;
            reasons << item.reason;
            break;
        }
        if (!marked) {
            return marked;
        }
        ++*resolved;
    }
    if (auto c = tx->commit(); !c) {
        return c;
    }
    for (int i = 0; i < rejected.size(); ++i) {
        qCWarning(lcSync) << "central rejected redemption" << rejected[i].toString(QUuid::WithoutBraces) << reasons[i];
        emit uploadRejected(rejected[i], reasons[i]);
    }
    for (const auto& id : flagged) {
        emit overdrawFlagged(id);
    }
    return {};
}

void SyncEngine::pushNext()
{
    auto batch = m_store.outbox(m_options.batchSize);
    if (!batch) {
        finishCycle(batch.error());
        return;
    }
    if (batch->isEmpty()) {
        pullNext();
        return;
    }
    // Privacy (issue 14 §3): the PNR and seat of a boarding pass stay here unless the visit's lounge uploads them.
    QStringList pnrAndSeat;
    QSet<QString> looked;
    for (const auto& r : *batch) {
        if (looked.contains(r.resourceId)) {
            continue;
        }
        looked.insert(r.resourceId);
        auto resource = m_store.resource(r.resourceId);
        if (!resource) {
            finishCycle(resource.error());
            return;
        }
        if (resource->has_value() && (*resource)->boardingPass.uploadPnrAndSeat) {
            pnrAndSeat << r.resourceId;
        }
    }
    QList<QUuid> ids;
    for (const auto& r : *batch) {
        ids << r.id;
    }
    if (auto r = m_store.markUploaded(ids); !r) {
        finishCycle(r);
        return;
    }
    const quint64 generation = m_generation;
    m_client.upload(*batch, pnrAndSeat, [this, generation, sent = *batch](Result<QList<UploadItemResult>> r) {
        if (generation != m_generation) {
            return;
        }
        if (!r) {
            finishCycle(r.error());
            return;
        }
        int resolved = 0;
        if (auto applied = applyUploadResults(sent, *r, &resolved); !applied) {
            finishCycle(applied);
            return;
        }
        refreshCounts();
        publish();
        if (resolved == 0) {
            finishCycle(makeError(ErrorCode::Protocol, QStringLiteral("central resolved none of the batch")));
            return;
        }
        pushNext();
    });
}

void SyncEngine::pullNext()
{
    auto cursor = m_store.feedPosition();
    if (!cursor) {
        finishCycle(cursor.error());
        return;
    }
    m_status.download = DownloadProgress {true, 0, 0, -1, -1};
    m_pullTimer.start();
    m_nextIsFirst = true;
    // The pages are fetched and decoded ahead on the client's feed thread (at most pagesAhead decoded pages held
    // here) while this thread applies them in order, each with its cursor: central and the feed thread work on the
    // next pages while this one is written, and a page's cursor is still stored only after the pages before it.
    const quint64 generation = m_generation;
    m_client.feed(*cursor, m_options.pageSize, true, m_options.pagesAhead, [this, generation](Result<FeedReply> r) {
        if (generation != m_generation) {
            return;
        }
        if (!r) {
            finishCycle(r.error()); // drops the pages waiting and the one being applied
            return;
        }
        const bool first = std::exchange(m_nextIsFirst, false);
        onPage(std::move(r).value(), first);
    });
}

void SyncEngine::onPage(FeedReply reply, bool first)
{
    if (m_applying) {
        // The page before is still being applied (in slices, or this arrived during its apply): pages apply in order.
        m_waiting.push_back(std::move(reply));
        m_mostPagesHeld = std::max(m_mostPagesHeld, int(m_waiting.size()) + 1);
        return;
    }
    m_mostPagesHeld = std::max(m_mostPagesHeld, 1);
    startPage(std::move(reply), first);
}

void SyncEngine::startPage(FeedReply reply, bool first)
{
    auto cursor = m_store.feedPosition();
    if (!cursor) {
        finishCycle(cursor.error()); // drops the download
        return;
    }
    m_cursorBefore = *cursor;
    if (first && reply.remaining >= 0 && reply.scanned + reply.remaining >= m_options.largeDownloadRecords) {
        raiseCheckpointBounds();
    }
    m_applying = std::move(reply);
    m_applyingFirst = first;
    m_applied = 0;
    m_committed = 0;
    m_droppedInPage = false;
    applySlices(m_generation);
}

void SyncEngine::applySlices(quint64 generation)
{
    if (generation != m_generation || !m_applying) {
        return;
    }
    if (m_applied == 0 && !m_droppedInPage && m_yieldCheck && m_yieldCheck()) {
        // A page's start (often right after the page before it committed and checkpointed, in the same event): a
        // request that waits runs before the page's first slice, not after it (docs/performance.md, h/desk6).
        ++m_applyYields;
        QTimer::singleShot(0, this, [this, generation] {
            if (generation == m_generation && m_applying) {
                applyPage(generation); // once per page start: no second step aside before its first slice
            }
        });
        return;
    }
    applyPage(generation);
}

void SyncEngine::applyPage(quint64 generation)
{
    enum class Stop
    {
        PageDone,
        Yielded
    };
    // The page's writes in their usual order (core::Store::applyChangePage), cut into slices of memberships and
    // E-passes: the first slice also carries the resources and programs, the last one everything else and the
    // cursor, so the page and its cursor still commit together and a resumed download re-applies the whole page.
    // Feed pages commit at synchronous=NORMAL (a page lost to a power cut is downloaded again: its cursor commits with
    // it). The feed write is declared before the transaction and both end inside this lambda, so FULL is back once the
    // transaction has committed or rolled back, on every path, before anything else runs: a waiting scan, the next
    // page, or whatever a signal of finishCycle()/pageApplied() sets off.
    const auto apply = [this]() -> core::Result<Stop> {
        const core::ChangePage& page = m_applying->page;
        const qsizetype members = page.memberships.size();
        const qsizetype total = members + page.ePasses.size();
        const qsizetype slice = std::max(1, m_options.applySliceRecords);
        auto feedWrite = m_store.beginFeedWrite();
        if (!feedWrite) {
            return feedWrite.error();
        }
        auto tx = m_store.beginWrite();
        if (!tx) {
            return tx.error();
        }
        for (;;) {
            const qsizetype from = m_applied;
            const qsizetype to = std::min(total, from + slice);
            const bool last = to >= total;
            core::ChangePage part;
            if (last) {
                part = page;
            } else {
                part.cursor = m_cursorBefore;
            }
            if (from > 0) {
                part.resources.clear();
                part.programs.clear();
            } else if (!last) {
                part.resources = page.resources;
                part.programs = page.programs;
            }
            if (from > 0 || !last) {
                const qsizetype mFrom = std::min(from, members);
                const qsizetype mTo = std::min(to, members);
                const qsizetype eFrom = std::max(from, members) - members;
                const qsizetype eTo = std::max(to, members) - members;
                part.memberships = page.memberships.mid(mFrom, mTo - mFrom);
                part.ePasses = page.ePasses.mid(eFrom, eTo - eFrom);
                // The columns the feed reader encoded go with their records (parallel lists; mid of an empty list is
                // empty, and then the store encodes on its own).
                part.membershipTiers = page.membershipTiers.mid(mFrom, mTo - mFrom);
                part.membershipOverrides = page.membershipOverrides.mid(mFrom, mTo - mFrom);
                part.ePassBodies = page.ePassBodies.mid(eFrom, eTo - eFrom);
            }
            if (auto applied = m_store.applyChangePage(part); !applied) {
                return applied.error();
            }
            m_applied = to;
            if (last) {
                feedWrite->endsPage(); // the page's commit may carry the WAL checkpoint, a yield commit does not
                break;
            }
            if (m_yieldCheck && m_yieldCheck()) {
                const qsizetype drop = qsizetype(std::max(0, m_options.dropSlicesAtYield)) * slice;
                if (drop > 0 && !m_droppedInPage && m_applied - m_committed >= drop) {
                    // Several slices, written only to the page cache so far: drop them (the rollback is cheap) rather
                    // than make the waiting visit wait for their frames to be written and, in its FULL commit, synced
                    // (docs/performance.md, h/desk5). Once per page, so every page finishes.
                    tx->rollback();
                    m_applied = m_committed;
                    m_droppedInPage = true;
                    return Stop::Yielded;
                }
                if (auto c = tx->commit(); !c) {
                    return c.error();
                }
                m_committed = m_applied;
                return Stop::Yielded;
            }
        }
        if (auto c = tx->commit(); !c) {
            return c.error();
        }
        return Stop::PageDone;
    };
    const auto stop = apply();
    if (!stop) {
        finishCycle(stop.error()); // drops the pages waiting and those still being fetched
        return;
    }
    if (*stop == Stop::Yielded) {
        ++m_applyYields;
        // Posted behind the requests already queued on this thread: they run first.
        QTimer::singleShot(0, this, [this, generation] { applySlices(generation); });
        return;
    }
    pageApplied();
}

void SyncEngine::pageApplied()
{
    FeedReply r = std::move(*m_applying);
    const bool first = m_applyingFirst;
    m_applying.reset();
    DownloadProgress& p = m_status.download;
    p.records += r.scanned;
    p.bytes += r.bytes;
    if (first && r.remaining >= 0) {
        p.total = r.scanned + r.remaining;
    }
    if (p.total > 0 && p.records > 0) {
        p.etaMs = m_pullTimer.elapsed() * std::max<qint64>(0, p.total - p.records) / p.records;
    }
    const bool more = r.more;
    m_client.feedPageDone(std::move(r)); // the feed thread may fetch another page, and frees this one
    emit downloadProgressed(p);
    if (!more) {
        finishCycle({});
        return;
    }
    if (!m_waiting.empty()) {
        FeedReply next = std::move(m_waiting.front());
        m_waiting.pop_front();
        startPage(std::move(next), false);
    }
}

void SyncEngine::abandonPages()
{
    ++m_generation; // pending slices and late pages are dropped
    m_client.stopFeed(); // and the pages still being fetched
    m_applying.reset();
    m_waiting.clear();
    restoreCheckpointBounds();
}

void SyncEngine::raiseCheckpointBounds()
{
    const int frames = m_options.downloadCheckpointFrames;
    if (frames <= 0 || m_storeCheckpointBounds) {
        return;
    }
    // A page ending at this bound carries the checkpoint (core::Store::walHook); mid-page commits (a yield, a visit
    // between two slices) only past the store's mid-page margin above it, as before the download.
    const int before = m_store.checkpointFrames();
    const int midPage = m_store.checkpointFramesMidPage();
    m_storeCheckpointBounds = std::pair {before, midPage};
    m_store.setCheckpointFrames(std::max(before, frames), std::max(before, frames) + midPage);
}

void SyncEngine::restoreCheckpointBounds()
{
    if (m_storeCheckpointBounds) {
        m_store.setCheckpointFrames(m_storeCheckpointBounds->first, m_storeCheckpointBounds->second);
        m_storeCheckpointBounds.reset();
    }
}

void SyncEngine::finishCycle(const Result<void>& outcome)
{
    abandonPages(); // the cycle is over: nothing of it may still apply (e.g. a failed page after the next ones were
                    // asked for)
    m_inCycle = false;
    m_status.download.active = false;
    refreshCounts();
    if (outcome) {
        QElapsedTimer checkpoint;
        checkpoint.start();
        if (m_status.download.records >= m_options.largeDownloadRecords) {
            // A big download leaves a WAL as large as the cache; lookups at the desk are slow until it is folded
            // back (docs/performance.md, Core). Do it now, on the store's thread, before the next scan.
            if (auto r = m_store.database().execScript(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")); !r) {
                qCWarning(lcSync) << "checkpoint after download failed:" << r.error().toString();
            }
            m_lastDownloadCheckpointNs = checkpoint.nsecsElapsed();
        } else if (m_status.download.records > 0) {
            // A smaller download leaves up to a checkpoint's worth of frames: fold them back now, not in a visit (on
            // the store's checkpoint thread if it has one).
            if (auto r = m_store.checkpointPassive(); !r) {
                qCWarning(lcSync) << "checkpoint after download failed:" << r.error().toString();
            }
            m_lastDownloadCheckpointNs = checkpoint.nsecsElapsed();
        }
        const QDateTime now = m_clock.now();
        if (auto r = m_store.setLastSync(now); !r) {
            qCWarning(lcSync) << "cannot record last sync:" << r.error().toString();
        }
        m_status.state = SyncState::Online;
        m_status.lastSuccess = now;
        m_status.lastError.clear();
        m_status.consecutiveFailures = 0;
        publish();
        emit syncSucceeded();
        if (m_again || (m_status.pendingUploads > 0 && m_running)) {
            schedule(0);
        } else if (m_running) {
            schedule(m_options.intervalMs);
        }
        return;
    }
    const core::Error& e = outcome.error();
    const bool transient
        = e.code == ErrorCode::Network || e.code == ErrorCode::Timeout || e.code == ErrorCode::Protocol;
    m_status.state = transient ? SyncState::Offline : SyncState::Error;
    m_status.lastError = e.toString();
    m_status.lastErrorCode = e.code;
    ++m_status.consecutiveFailures;
    qCInfo(lcSync) << "sync failed:" << e.toString();
    publish();
    emit syncFailed(e.toString());
    if (m_running || m_again) {
        // Exponential backoff with jitter: many kiosks coming back at once must not stampede central.
        const int exponent = std::min(m_status.consecutiveFailures - 1, 20);
        const qint64 ceiling = std::min<qint64>(m_options.backoffMaxMs, qint64(m_options.backoffBaseMs) << exponent);
        const qint64 delay = ceiling / 2 + QRandomGenerator::global()->bounded(ceiling / 2 + 1);
        schedule(int(delay));
    }
    m_again = false;
}

} // namespace lounge::sync
