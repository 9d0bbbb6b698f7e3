#include "controller/StoreBackend.h"

#include "controller/CheckReader.h"
#include "controller/StoreWorker.h"

namespace lounge::app {

WorkerBackend::WorkerBackend(StoreWorker* worker, QObject* parent)
    : StoreBackend(parent)
    , m_worker(worker)
{
    connect(worker, &StoreWorker::opened, this, &StoreBackend::opened);
    connect(worker, &StoreWorker::openFailed, this, &StoreBackend::openFailed);
    connect(worker, &StoreWorker::signedIn, this, &StoreBackend::signedIn);
    connect(worker, &StoreWorker::signInFailed, this, &StoreBackend::signInFailed);
    connect(worker, &StoreWorker::staffSourceChanged, this, &StoreBackend::staffSourceChanged);
    connect(worker, &StoreWorker::decisionReady, this, &StoreBackend::decisionReady);
    connect(worker->reader(), &CheckReader::decisionReady, this, &StoreBackend::decisionReady);
    connect(worker, &StoreWorker::redemptionRecorded, this, &StoreBackend::redemptionRecorded);
    connect(worker, &StoreWorker::recordFailed, this, &StoreBackend::recordFailed);
    connect(worker, &StoreWorker::voidRecorded, this, &StoreBackend::voidRecorded);
    connect(worker, &StoreWorker::voidFailed, this, &StoreBackend::voidFailed);
    connect(worker, &StoreWorker::todayLoaded, this, &StoreBackend::todayLoaded);
    connect(worker, &StoreWorker::codeLookedUp, this, &StoreBackend::codeLookedUp);
    connect(worker, &StoreWorker::partyChanged, this, &StoreBackend::partyChanged);
    connect(worker, &StoreWorker::partyChangeFailed, this, &StoreBackend::partyChangeFailed);
    connect(worker, &StoreWorker::paidEntryRecorded, this, &StoreBackend::paidEntryRecorded);
    connect(worker, &StoreWorker::paidEntryFailed, this, &StoreBackend::paidEntryFailed);
    connect(worker, &StoreWorker::statusLoaded, this, &StoreBackend::statusLoaded);
    connect(worker, &StoreWorker::settingsSaved, this, &StoreBackend::settingsSaved);
    connect(worker, &StoreWorker::settingsFailed, this, &StoreBackend::settingsFailed);
    connect(worker, &StoreWorker::storeTroubled, this, &StoreBackend::storeTroubled);
    connect(worker, &StoreWorker::syncStatusChanged, this, &StoreBackend::syncStatusChanged);
}

template<typename F> void WorkerBackend::post(F&& f)
{
    QMetaObject::invokeMethod(m_worker, std::forward<F>(f), Qt::QueuedConnection);
}

template<typename F> void WorkerBackend::postUrgent(F&& f)
{
    m_worker->urgentQueued();
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker, f = std::forward<F>(f)] {
            w->urgentTaken();
            f();
        },
        Qt::QueuedConnection);
}

void WorkerBackend::open()
{
    post([w = m_worker] { w->open(); });
}

void WorkerBackend::signIn(quint64 request, const QString& staffId, const QString& secret)
{
    postUrgent([w = m_worker, request, staffId, secret] { w->signIn(request, staffId, secret); });
}

void WorkerBackend::setStaff(const QString& staffId)
{
    post([w = m_worker, staffId] { w->setStaff(staffId); });
}

void WorkerBackend::recordStaffEvent(core::StaffEventKind kind, const QString& staffId, const QString& subjectId)
{
    post([w = m_worker, kind, staffId, subjectId] { w->recordStaffEvent(kind, staffId, subjectId); });
}

void WorkerBackend::check(quint64 request, const QByteArray& raw, int partySize, const BoardingPassInput& bp)
{
    if (CheckReader* r = m_worker->reader(); r->isEnabled()) {
        // Read-only: answered on the reader's own connection, never behind the sync's writes (CheckReader).
        QMetaObject::invokeMethod(
            r, [r, request, raw, partySize, bp] { r->check(request, raw, partySize, bp); }, Qt::QueuedConnection);
        return;
    }
    postUrgent([w = m_worker, request, raw, partySize, bp] { w->check(request, raw, partySize, bp); });
}

void WorkerBackend::redeem(quint64 request, const QByteArray& raw, int partySize, bool confirmAttention,
                           const BoardingPassInput& bp)
{
    postUrgent([w = m_worker, request, raw, partySize, confirmAttention, bp] {
        w->redeem(request, raw, partySize, confirmAttention, bp);
    });
}

void WorkerBackend::voidRedemption(const QUuid& id, const QString& staffId, const QString& remark)
{
    post([w = m_worker, id, staffId, remark] { w->voidRedemption(id, staffId, remark); });
}

void WorkerBackend::loadToday()
{
    post([w = m_worker] { w->loadToday(); });
}

void WorkerBackend::recordRefusal(const core::Decision& refused)
{
    post([w = m_worker, refused] { w->recordRefusal(refused); });
}

void WorkerBackend::lookupCode(quint64 request, const QByteArray& raw)
{
    post([w = m_worker, request, raw] { w->lookupCode(request, raw); });
}

void WorkerBackend::changePartySize(const QUuid& id, int partySize, const QString& staffId, const QString& remark)
{
    post([w = m_worker, id, partySize, staffId, remark] { w->changePartySize(id, partySize, staffId, remark); });
}

void WorkerBackend::recordPaidEntry(const core::Decision& refused, int partySize, std::optional<qint64> amountMinor)
{
    post([w = m_worker, refused, partySize, amountMinor] { w->recordPaidEntry(refused, partySize, amountMinor); });
}

void WorkerBackend::refreshStatus()
{
    post([w = m_worker] { w->refreshStatus(); });
}

void WorkerBackend::saveSettings(const KioskSettings& settings)
{
    post([w = m_worker, settings] { w->saveSettings(settings); });
}

void WorkerBackend::syncNow()
{
    post([w = m_worker] { w->syncNow(); });
}

} // namespace lounge::app
