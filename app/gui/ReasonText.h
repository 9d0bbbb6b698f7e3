#pragma once

#include "Domain.h"
#include "Result.h"
#include "controller/KioskTypes.h"

#include <QCoreApplication>
#include <QString>

namespace lounge::gui {

/// The one place where codes become staff-facing words: reasons with what to do next, verdict words, store and
/// sync states. Everything is translated; raw SQL/HTTP/decoder text never reaches the screen.
class ReasonText
{
    // Qualified, so the context lupdate writes is the one tr() looks up (and matches the Q_OBJECT screens').
    Q_DECLARE_TR_FUNCTIONS(lounge::gui::ReasonText)
public:
    /// One short sentence staff can say aloud, e.g. "This membership is suspended."
    static QString reason(core::Reason reason);
    /// What staff can do next, e.g. "Ask the guest to contact their card issuer; offer paid entry."
    static QString nextStep(core::Reason reason);
    static QString verdictWord(app::VerdictTone tone);
    static QString storeError(const core::Error& error);
    /// Why sign-in failed, with how long to wait when locked out ("Try again in 2 min.").
    static QString signInFailure(const app::SignInFailure& failure, const QDateTime& now);
    static QString pool(core::Pool pool);
    static QString module(const QString& module);
    static QString camera(app::CameraHealth health);
    static QString syncState(app::SyncView::State state);
    static QString mode(core::TerminalSettings::Mode mode);
    static QString redemptionState(core::RedemptionState state);
    /// What a staff session event was, in words ("signed 4101 out and took over").
    static QString staffEvent(const core::StaffEvent& event);
    /// "just now", "5 min ago", "3 h ago", "2 days ago", "never".
    static QString age(const QDateTime& then, const QDateTime& now);
    /// The one clock format on every screen: 24 h "HH:mm" in the local time zone, digits of the UI locale.
    static QString clock(const QDateTime& at);
    /// "HH:mm:ss", same rules (status bar clock, staff session log).
    static QString clockSeconds(const QDateTime& at);
    /// "yyyy-MM-dd HH:mm", same rules (sync screen: last sync, last failure).
    static QString dateTime(const QDateTime& at);
    /// The staff member as the screens name them: the display name, or "Staff 4101" for an account without one.
    static QString staffName(const QString& id, const QString& name);
    static QString staffName(const app::StaffMember& staff) { return staffName(staff.id, staff.name); }
    /// ATTENTION for a recent use: when (minutes ago and clock time), how many people, which desk, which staff.
    /// `staff` names who recorded it (empty: "Staff <id>").
    static QString recentUse(const core::Redemption& last, const QDateTime& now, const QString& staff = {});
    /// A Fast Track booking as staff read it: "Booked 12:00–12:30, flight CX251, for 2 persons".
    static QString booking(const core::Booking& booking);
    /// A boarding pass's flight as a visit records it: "Flight CX 123, 27 Nov 2026, HKG → LHR, class J".
    static QString flight(const core::FlightRecord& flight);
    /// Why the last sync failed, in words staff can act on (never the raw HTTP/socket text).
    static QString syncFailure(core::ErrorCode code);
};

} // namespace lounge::gui
