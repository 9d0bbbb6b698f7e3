#include "controller/CheckReader.h"

#include <QCryptographicHash>
#include <QLoggingCategory>
#include <QThread>

Q_LOGGING_CATEGORY(lcReader, "lounge.app.reader")

namespace lounge::app {

using namespace lounge::core;

CheckReader::CheckReader(std::shared_ptr<const Clock> clock, Fallback fallback, QObject* parent)
    : QObject(parent)
    , m_clock(std::move(clock))
    , m_fallback(std::move(fallback))
{
    qRegisterMetaType<Decision>();
}

CheckReader::~CheckReader() = default;

void CheckReader::close()
{
    m_service.reset();
    m_verifier.reset();
    m_security.reset();
    m_store.reset();
}

void CheckReader::open(const QString& path, const TerminalContext& context, quint64 generation)
{
    Q_ASSERT(QThread::currentThread() == thread());
    close();
    m_context = context;
    Store::Options options;
    options.readOnly = true;
    options.liveReader = true;
    auto store = Store::open(path, options);
    if (!store) {
        // Not fatal: the worker answers every check itself, as before.
        qCWarning(lcReader) << "cannot open the cache for reading, checks stay on the store worker:"
                            << store.error().toString();
        return;
    }
    m_store = std::move(store).value();
    m_security = std::make_unique<SecurityStore>(*m_store);
    m_verifier = std::make_unique<SignedTokenVerifier>(*m_security);
    m_service = std::make_unique<AccessService>(*m_store, *m_clock, m_context, m_verifier.get());
    m_enabledGeneration.store(generation, std::memory_order_release);
}

void CheckReader::setContext(const TerminalContext& context)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_context = context;
    if (m_service) {
        m_service->setContext(context);
    }
}

void CheckReader::check(quint64 request, const QByteArray& raw, int partySize, const BoardingPassInput& bp)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!isEnabled() || !m_service) {
        close();
        m_fallback(request, raw, partySize, bp);
        return;
    }
    ScanInput in {raw, partySize};
    in.boardingPass = bp.holder;
    in.guestBoardingPasses = bp.guests;
    in.boardingPassOverrideBy = bp.overrideBy;
    in.boardingPassOverrideReason = bp.overrideReason;
    Decision d = m_service->check(in);
    if (d.reason == Reason::StoreUnavailable) {
        // The writer sees the same file: let it answer (and report the store's trouble as it always did).
        m_fallback(request, raw, partySize, bp);
        return;
    }
    qCDebug(lcReader) << "check" << QCryptographicHash::hash(raw, QCryptographicHash::Sha256).toHex().left(8)
                      << toString(d.verdict) << toString(d.reason);
    if (d.reason == Reason::RecentlyUsed && d.credential) {
        // ATTENTION says when, how many, at which desk and by whom: read that visit (best effort, it is context).
        if (auto last = m_store->lastVisit(*d.credential, m_context.resourceId); last && last->has_value()) {
            d.lastVisit = **last;
        }
    }
    emit decisionReady(request, d);
}

} // namespace lounge::app
