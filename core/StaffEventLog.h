#pragma once

#include "Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace lounge::core {

class Store;
namespace sqlite {
class Database;
}

/// Who opened, locked, resumed and ended staff sessions at this terminal. Supervisors read it to see who was at
/// the desk and who signed whom out; the journal's staff ids say who admitted each visit.
enum class StaffEventKind
{
    SignedIn,
    SignedOut,
    Locked, ///< the desk was locked (by staff or after the idle time); the session stays open
    Unlocked, ///< the session's own staff member entered their PIN again
    SignedOutOther, ///< a supervisor (staffId) ended the locked session of subjectId and took the desk
    SignOutRefused, ///< an agent (staffId) tried to take the desk from subjectId's locked session
};

QString toString(StaffEventKind kind);
std::optional<StaffEventKind> staffEventKindFromString(const QString& s);

struct StaffEvent
{
    qint64 seq = 0; ///< assigned by the log, increasing
    QDateTime at; ///< UTC
    StaffEventKind kind = StaffEventKind::SignedIn;
    QString staffId; ///< who acted
    QString subjectId; ///< whose session it was, for SignedOutOther / SignOutRefused; empty otherwise
    bool operator==(const StaffEvent&) const = default;
};

/// Append-only staff session log in the terminal's cache (table staff_events, schema v3). A thin view over the
/// Store's connection: same owner thread. Rows cannot be deleted (trigger); errors are the Store's codes.
class StaffEventLog
{
public:
    explicit StaffEventLog(Store& store);
    explicit StaffEventLog(sqlite::Database& db);

    /// Appends `event` (its seq is ignored) and returns the stored copy with its seq.
    Result<StaffEvent> record(const StaffEvent& event);
    /// Events with from <= at < to, oldest first.
    Result<QList<StaffEvent>> between(const QDateTime& from, const QDateTime& to) const;

private:
    sqlite::Database& m_db;
};

} // namespace lounge::core
