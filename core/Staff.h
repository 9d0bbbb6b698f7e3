#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace lounge::core {

enum class StaffRole
{
    Agent, ///< admits guests
    Supervisor, ///< also voids, changes settings, forces a sync, signs others out
};

QString toString(StaffRole role);
std::optional<StaffRole> staffRoleFromString(const QString& s);

/// A lounge agent or supervisor, managed by central and synced to terminals through the changes feed.
/// The PIN exists only as an Argon2id hash string (crypto_pwhash_str); the terminal never sees the PIN.
struct StaffAccount
{
    QString id; ///< what staff type at sign-in (badge number)
    QString name; ///< display only; never logged
    StaffRole role = StaffRole::Agent;
    QStringList sites; ///< resource ids or airport codes where the account may sign in; empty = anywhere
    QStringList terminals; ///< terminal ids where it may sign in; empty = any (sites still apply)
    QString pinHash; ///< "$argon2id$..."
    bool active = true;
    bool operator==(const StaffAccount&) const = default;

    /// Sites and terminals both restrict: a terminal must pass each list that is not empty.
    bool allowedAt(const QString& terminalId, const QString& resourceId, const QString& airport) const
    {
        const bool siteOk = sites.isEmpty() || sites.contains(resourceId)
            || (!airport.isEmpty() && sites.contains(airport, Qt::CaseInsensitive));
        const bool terminalOk = terminals.isEmpty() || terminals.contains(terminalId);
        return siteOk && terminalOk;
    }
};

/// Who is signed in at the kiosk. Value type; the GUI's session controller holds the current one.
struct StaffSession
{
    QString staffId;
    StaffRole role = StaffRole::Agent;
    QDateTime signedInAt; ///< UTC
    bool operator==(const StaffSession&) const = default;
};

} // namespace lounge::core
