#pragma once

#include "CentralCacheView.h"
#include "CentralStore.h"
#include "Clock.h"
#include "Store.h"

#include <QByteArray>

namespace lounge::central {

/// One page of the feed for one terminal.
struct FeedPage
{
    /// Cursor and deletions, typed (serialised by core::json::toJson(ChangePage)).
    core::ChangePage page;
    /// The page's records as JSON members ready to splice into the page object: `"memberships":[...],...`.
    /// Record bodies are stored as core::json::toJson output, so the feed copies them instead of re-encoding
    /// 2 M records (the feed's wire keys are those of core::json::toJson(ChangePage); the end-to-end tests
    /// parse every page with core::json::changePageFromJson).
    QByteArray records;
    int recordCount = 0;
    bool more = false;
    qint64 remaining = -1; ///< records after this page (only when asked for; -1 = not counted)
    int scanned = 0;
};

/// The change feed: the change records after a cursor that one terminal may see (its resource's module and scope;
/// E-passes valid at its airport as thin records; usage counters by the audience counters::setMembershipAudience
/// gives them, i.e. only where a desk can read them), as one page. Read only. Thread affinity: the store's owner
/// thread. Errors: storage errors pass through.
class ChangeFeed
{
public:
    ChangeFeed(const CentralStore& store, const core::Clock& clock, int maxPageSize);

    core::Result<FeedPage> changes(const TerminalRecord& terminal, qint64 cursor, int limit, bool count) const;

private:
    const CentralStore& m_store;
    int m_maxPageSize;
    CentralCacheView m_view;
};

} // namespace lounge::central
