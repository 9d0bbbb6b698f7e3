#include "StaffEventLog.h"

#include "Store.h"
#include "sqlite/Database.h"

#include <array>
#include <utility>

namespace lounge::core {

namespace {

constexpr std::array<std::pair<StaffEventKind, const char*>, 6> kKindNames {{
    {StaffEventKind::SignedIn, "signed_in"},
    {StaffEventKind::SignedOut, "signed_out"},
    {StaffEventKind::Locked, "locked"},
    {StaffEventKind::Unlocked, "unlocked"},
    {StaffEventKind::SignedOutOther, "signed_out_other"},
    {StaffEventKind::SignOutRefused, "sign_out_refused"},
}};

} // namespace

QString toString(StaffEventKind kind)
{
    for (const auto& [k, name] : kKindNames) {
        if (k == kind) {
            return QLatin1String(name);
        }
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<StaffEventKind> staffEventKindFromString(const QString& s)
{
    for (const auto& [k, name] : kKindNames) {
        if (s == QLatin1String(name)) {
            return k;
        }
    }
    return std::nullopt;
}

StaffEventLog::StaffEventLog(Store& store)
    : m_db(store.database())
{ }

StaffEventLog::StaffEventLog(sqlite::Database& db)
    : m_db(db)
{ }

Result<StaffEvent> StaffEventLog::record(const StaffEvent& event)
{
    if (event.staffId.isEmpty() || !event.at.isValid()) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("staff event needs a staff id and a time"));
    }
    if (auto r
        = m_db.exec(QStringLiteral("INSERT INTO staff_events(at_ms, kind, staff, subject) VALUES(?1, ?2, ?3, ?4)"),
                    event.at.toMSecsSinceEpoch(), toString(event.kind), event.staffId, event.subjectId);
        !r) {
        return r.error();
    }
    StaffEvent stored = event;
    stored.seq = m_db.lastInsertRowId();
    stored.at = event.at.toUTC();
    return stored;
}

Result<QList<StaffEvent>> StaffEventLog::between(const QDateTime& from, const QDateTime& to) const
{
    const auto read = [](const sqlite::Statement& s) -> Result<StaffEvent> {
        const auto kind = staffEventKindFromString(s.text(2));
        if (!kind) {
            return makeError(ErrorCode::Corrupt, QStringLiteral("staff event of unknown kind"));
        }
        return StaffEvent {s.int64(0), QDateTime::fromMSecsSinceEpoch(s.int64(1), Qt::UTC), *kind, s.text(3),
                           s.text(4)};
    };
    return m_db.queryAll(QStringLiteral("SELECT seq, at_ms, kind, staff, subject FROM staff_events "
                                        "WHERE at_ms >= ?1 AND at_ms < ?2 ORDER BY seq"),
                         read, from.toMSecsSinceEpoch(), to.toMSecsSinceEpoch());
}

} // namespace lounge::core
