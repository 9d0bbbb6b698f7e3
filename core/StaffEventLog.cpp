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
    auto st
        = m_db.prepare(QStringLiteral("INSERT INTO staff_events(at_ms, kind, staff, subject) VALUES(?1, ?2, ?3, ?4)"));
    if (!st) {
        return st.error();
    }
    if (auto r = (*st)
                     ->bind(1, event.at.toMSecsSinceEpoch())
                     .bind(2, toString(event.kind))
                     .bind(3, event.staffId)
                     .bind(4, event.subjectId)
                     .exec();
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
    auto st = m_db.prepare(QStringLiteral("SELECT seq, at_ms, kind, staff, subject FROM staff_events "
                                          "WHERE at_ms >= ?1 AND at_ms < ?2 ORDER BY seq"));
    if (!st) {
        return st.error();
    }
    (*st)->bind(1, from.toMSecsSinceEpoch()).bind(2, to.toMSecsSinceEpoch());
    QList<StaffEvent> out;
    for (;;) {
        auto row = (*st)->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        const auto kind = staffEventKindFromString((*st)->text(2));
        if (!kind) {
            (*st)->reset();
            return makeError(ErrorCode::Corrupt, QStringLiteral("staff event of unknown kind"));
        }
        StaffEvent e;
        e.seq = (*st)->int64(0);
        e.at = QDateTime::fromMSecsSinceEpoch((*st)->int64(1), Qt::UTC);
        e.kind = *kind;
        e.staffId = (*st)->text(3);
        e.subjectId = (*st)->text(4);
        out.append(e);
    }
    return out;
}

} // namespace lounge::core
