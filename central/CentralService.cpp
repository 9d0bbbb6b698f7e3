#include "CentralService.h"

namespace lounge::central {

CentralService::CentralService(CentralStore& store, const core::Clock& clock, Options options)
    : m_store(store)
    , m_clock(clock)
    , m_codes(store, std::move(options.codeKey))
    , m_issuer(store, clock, m_codes)
    , m_terminals(store, clock, options.enrollmentValidHours)
    , m_feed(store, clock, options.maxPageSize)
    , m_ledger(store, clock, options.maxClockSkewSeconds)
    , m_queries(store, clock)
    , m_fleet(store, clock, options.staleAfterSeconds)
    , m_billing(store, clock)
{ }

} // namespace lounge::central
