#include "gui/ReasonText.h"

#include <QLocale>

namespace lounge::gui {

using core::Reason;

QString ReasonText::reason(Reason r)
{
    switch (r) {
    case Reason::Ok:
        return tr("Valid for entry.");
    case Reason::UnknownCode:
        return tr("This code is not known to this terminal.");
    case Reason::MalformedCode:
        return tr("This is not a lounge pass code.");
    case Reason::NotYetValid:
        return tr("This pass is not valid yet.");
    case Reason::Expired:
        return tr("This pass has expired.");
    case Reason::PendingActivation:
        return tr("This membership is not activated yet.");
    case Reason::Suspended:
        return tr("This membership is suspended.");
    case Reason::Cancelled:
        return tr("This membership was cancelled.");
    case Reason::Revoked:
        return tr("This E-pass was revoked.");
    case Reason::WrongModule:
        return tr("This pass does not include this service.");
    case Reason::OutOfScope:
        return tr("This pass is not valid at this location.");
    case Reason::NoVisitsLeft:
        return tr("No visits left on this pass.");
    case Reason::TooManyGuests:
        return tr("Too many guests for this pass.");
    case Reason::RecentlyUsed:
        return tr("This pass was used here a few minutes ago.");
    case Reason::CacheStale:
        return tr("The terminal's data is out of date.");
    case Reason::UnknownResource:
        return tr("This terminal is not set up for a lounge.");
    case Reason::StoreUnavailable:
        return tr("The terminal's database is not available.");
    case Reason::BadSignature:
        return tr("This code is not genuine.");
    case Reason::TokenExpired:
        return tr("This app code has expired.");
    case Reason::TokenNotYetValid:
        return tr("This app code is not valid yet.");
    case Reason::UnknownKey:
        return tr("This app code cannot be checked here.");
    case Reason::Replayed:
        return tr("This app code was already used.");
    case Reason::DynamicRequired:
        return tr("A printed code is not accepted here.");
    case Reason::ClockUnknown:
        return tr("The terminal's clock is not set.");
    case Reason::NoBooking:
        return tr("This lane needs a booking. This pass has no booking for now.");
    case Reason::BookingUsed:
        return tr("This booking was already used.");
    case Reason::BookingCancelled:
        return tr("This booking was cancelled.");
    case Reason::OutsideBookingWindow:
        return tr("This pass is booked for another time.");
    case Reason::BoardingPassRequired:
        return tr("This lounge needs today's boarding pass.");
    case Reason::WrongAirport:
        return tr("This boarding pass is not for a flight from this airport.");
    case Reason::NotFlyingToday:
        return tr("This boarding pass is not for today.");
    case Reason::CompartmentNotAllowed:
        return tr("This pass does not cover this travel class.");
    case Reason::CarrierNotAllowed:
        return tr("This pass does not cover this airline.");
    case Reason::FlightNotBooked:
        return tr("The booking is for another flight.");
    case Reason::NameMismatch:
        return tr("The boarding pass shows another name.");
    case Reason::BoardingPassUsed:
        return tr("This boarding pass was already used here today.");
    }
    return tr("Not valid.");
}

QString ReasonText::nextStep(Reason r)
{
    switch (r) {
    case Reason::Ok:
        return {};
    case Reason::UnknownCode:
    case Reason::MalformedCode:
        return tr("Scan again, or type the membership number.");
    case Reason::NotYetValid:
    case Reason::PendingActivation:
        return tr("Ask the guest to contact their card issuer; offer paid entry.");
    case Reason::Expired:
    case Reason::Suspended:
    case Reason::Cancelled:
    case Reason::Revoked:
        return tr("Do not admit. Offer paid entry.");
    case Reason::WrongModule:
    case Reason::OutOfScope:
        return tr("Direct the guest to a lounge their pass covers, or offer paid entry.");
    case Reason::NoVisitsLeft:
        return tr("Offer paid entry or a top-up from the card issuer.");
    case Reason::TooManyGuests:
        return tr("Admit fewer guests; others can pay for entry.");
    case Reason::RecentlyUsed:
        return tr("Check it is the same person coming back, then admit anyway.");
    case Reason::CacheStale:
        return tr("Check the network. Admit only if you are sure.");
    case Reason::UnknownResource:
        return tr("Ask a supervisor to choose the lounge in Settings.");
    case Reason::StoreUnavailable:
        return tr("Call a supervisor. Do not admit until the screen is green.");
    case Reason::BadSignature:
    case Reason::Replayed:
        return tr("Do not admit. Call a supervisor.");
    case Reason::TokenExpired:
    case Reason::TokenNotYetValid:
        return tr("Ask the guest to refresh the code in their app.");
    case Reason::UnknownKey:
    case Reason::DynamicRequired:
        return tr("Ask the guest to show the code from their app, or type the membership number.");
    case Reason::ClockUnknown:
        return tr("Call a supervisor to sync the terminal.");
    case Reason::NoBooking:
    case Reason::BookingUsed:
    case Reason::BookingCancelled:
        return tr("Direct the guest to the standard lane.");
    case Reason::OutsideBookingWindow:
        return tr("Check the booked time. Admit anyway only if the guest may use the lane now.");
    case Reason::BoardingPassRequired:
        return tr("Scan the guest's boarding pass.");
    case Reason::WrongAirport:
    case Reason::NotFlyingToday:
        return tr("Check the boarding pass. Do not admit without a flight from here today.");
    case Reason::CompartmentNotAllowed:
    case Reason::CarrierNotAllowed:
        return tr("Do not admit with this pass. Offer paid entry.");
    case Reason::FlightNotBooked:
        return tr("Direct the guest to the standard lane.");
    case Reason::NameMismatch:
        return tr("Check the guest's ID against both names, then admit anyway or refuse.");
    case Reason::BoardingPassUsed:
        return tr("Check it is the same traveller coming back, then admit anyway.");
    }
    return {};
}

QString ReasonText::verdictWord(app::VerdictTone tone)
{
    switch (tone) {
    case app::VerdictTone::Accept:
        return tr("ACCEPT");
    case app::VerdictTone::Attention:
        return tr("ATTENTION");
    case app::VerdictTone::Reject:
        return tr("REJECT");
    case app::VerdictTone::NotRecorded:
        return tr("NOT RECORDED");
    }
    return {};
}

QString ReasonText::storeError(const core::Error& error)
{
    switch (error.code) {
    case core::ErrorCode::DiskFull:
        return tr("The terminal's disk is full.");
    case core::ErrorCode::ReadOnly:
    case core::ErrorCode::CantOpen:
    case core::ErrorCode::IoError:
        return tr("The terminal cannot write its database.");
    case core::ErrorCode::Locked:
        return tr("The database is busy in another program.");
    case core::ErrorCode::Corrupt:
        // Also what the store says when its witness shows the file was emptied, truncated or replaced (the log names
        // how many visits): the file, not the desk, holds the visits not yet sent.
        return tr("The terminal's data file is damaged, emptied or replaced: the visits not yet sent and this desk's "
                  "enrollment are in that file.");
    case core::ErrorCode::Unauthorized:
        return tr("Wrong PIN.");
    case core::ErrorCode::Forbidden:
        return tr("Too many wrong PINs. Wait, or ask a supervisor.");
    case core::ErrorCode::Conflict:
        return tr("This visit can no longer be voided.");
    default:
        return tr("The terminal's database is not available.");
    }
}

QString ReasonText::signInFailure(const app::SignInFailure& failure, const QDateTime& now)
{
    using Kind = app::SignInFailure::Kind;
    switch (failure.kind) {
    case Kind::WrongCredentials:
        return tr("Wrong staff number or PIN. Try again.");
    case Kind::LockedOut: {
        if (!failure.retryAfter.isValid()) {
            return tr("Too many wrong PINs. Wait, or ask a supervisor.");
        }
        const qint64 seconds = qMax<qint64>(1, now.secsTo(failure.retryAfter));
        const QString wait = seconds < 120 ? tr("%Ln second(s)", nullptr, int(seconds))
                                           : tr("%Ln minute(s)", nullptr, int((seconds + 59) / 60));
        return tr("Too many wrong PINs. This staff number is locked. Try again in %1, or ask a supervisor.").arg(wait);
    }
    case Kind::Inactive:
        return tr("This staff account is disabled. Ask a supervisor.");
    case Kind::NotAllowedHere:
        return tr("This staff account may not sign in at this lounge. Ask a supervisor.");
    case Kind::Unavailable:
        return failure.error ? storeError(*failure.error) : tr("Sign-in is not available right now.");
    case Kind::SupervisorNeeded:
        return tr("Only a supervisor can sign %1 out. Ask %1 to unlock, or call a supervisor.")
            .arg(staffName(failure.sessionHolderId, failure.sessionHolder));
    }
    return {};
}

QString ReasonText::staffEvent(const core::StaffEvent& e)
{
    using Kind = core::StaffEventKind;
    switch (e.kind) {
    case Kind::SignedIn:
        return tr("Signed in");
    case Kind::SignedOut:
        return tr("Signed out");
    case Kind::Locked:
        return tr("Locked the desk");
    case Kind::Unlocked:
        return tr("Unlocked the desk");
    case Kind::SignedOutOther:
        return tr("Signed %1 out and took over").arg(e.subjectId);
    case Kind::SignOutRefused:
        return tr("Tried to sign %1 out: refused, not a supervisor").arg(e.subjectId);
    }
    return {};
}

QString ReasonText::pool(core::Pool p)
{
    switch (p) {
    case core::Pool::Cardholder:
        return tr("Member visits");
    case core::Pool::Guest:
        return tr("Guest visits");
    case core::Pool::Shared:
        return tr("Shared visits");
    case core::Pool::Usages:
        return tr("Visits");
    }
    return {};
}

QString ReasonText::module(const QString& m)
{
    if (m == QLatin1String("LOUNGE")) {
        return tr("Lounge");
    }
    if (m == QLatin1String("FAST_TRACK")) {
        return tr("Fast Track");
    }
    if (m == QLatin1String("DINING")) {
        return tr("Dining");
    }
    return m;
}

QString ReasonText::camera(app::CameraHealth h)
{
    switch (h) {
    case app::CameraHealth::Off:
        return tr("Camera off");
    case app::CameraHealth::Starting:
        return tr("Camera starting");
    case app::CameraHealth::Active:
        return tr("Camera on");
    case app::CameraHealth::DemoVideo:
        return tr("Demo video");
    case app::CameraHealth::NoCamera:
        return tr("No camera found. Use the handheld scanner or type the code.");
    case app::CameraHealth::Unplugged:
        return tr("Camera unplugged. Plug it back in, or type the code.");
    case app::CameraHealth::Busy:
        return tr("Camera in use by another program. Retrying.");
    case app::CameraHealth::Denied:
        return tr("No permission to use the camera.");
    case app::CameraHealth::Failed:
        return tr("Camera failed. Retrying; type the code meanwhile.");
    }
    return {};
}

QString ReasonText::syncState(app::SyncView::State s)
{
    switch (s) {
    case app::SyncView::State::Disabled:
        return tr("Standalone");
    case app::SyncView::State::Online:
        return tr("Online");
    case app::SyncView::State::Syncing:
        return tr("Syncing");
    case app::SyncView::State::Offline:
        return tr("Offline");
    case app::SyncView::State::Error:
        return tr("Sync error");
    }
    return {};
}

QString ReasonText::mode(core::TerminalSettings::Mode m)
{
    return m == core::TerminalSettings::Mode::OnlineFirst ? tr("Online first") : tr("Offline first");
}

QString ReasonText::redemptionState(core::RedemptionState s)
{
    switch (s) {
    case core::RedemptionState::Pending:
        return tr("Waiting to upload");
    case core::RedemptionState::Uploaded:
        return tr("Uploaded");
    case core::RedemptionState::Acknowledged:
        return tr("Synced");
    case core::RedemptionState::Conflict:
        return tr("Synced (overdrawn)");
    case core::RedemptionState::Voided:
        return tr("Voided");
    case core::RedemptionState::Rejected:
        return tr("Refused by central");
    }
    return {};
}

QString ReasonText::age(const QDateTime& then, const QDateTime& now)
{
    if (!then.isValid()) {
        return tr("never");
    }
    const qint64 s = qMax<qint64>(0, then.secsTo(now));
    if (s < 60) {
        return tr("just now");
    }
    if (s < 3600) {
        return tr("%Ln min ago", nullptr, int(s / 60));
    }
    if (s < 48 * 3600) {
        return tr("%Ln h ago", nullptr, int(s / 3600));
    }
    return tr("%Ln days ago", nullptr, int(s / 86400));
}

QString ReasonText::clock(const QDateTime& at)
{
    return QLocale().toString(at.toLocalTime().time(), QStringLiteral("HH:mm"));
}

QString ReasonText::clockSeconds(const QDateTime& at)
{
    return QLocale().toString(at.toLocalTime().time(), QStringLiteral("HH:mm:ss"));
}

QString ReasonText::dateTime(const QDateTime& at)
{
    return QLocale().toString(at.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString ReasonText::staffName(const QString& id, const QString& name)
{
    if (!name.trimmed().isEmpty()) {
        return name;
    }
    return id.isEmpty() ? QString() : tr("Staff %1").arg(id);
}

QString ReasonText::recentUse(const core::Redemption& last, const QDateTime& now, const QString& staff)
{
    const qint64 minutes = qMax<qint64>(0, last.at.secsTo(now)) / 60;
    const QString when = minutes < 1 ? tr("less than a minute ago") : tr("%Ln minute(s) ago", nullptr, int(minutes));
    const QString desk = last.terminalId.isEmpty() ? tr("this desk") : tr("desk %1").arg(last.terminalId);
    return tr("Used here %1, at %2: %3 at %4, by %5.")
        .arg(when, clock(last.at), tr("%Ln person(s)", nullptr, last.partySize), desk, staffName(last.staffId, staff));
}

QString ReasonText::flight(const core::FlightRecord& f)
{
    QStringList parts {tr("Flight %1 %2").arg(f.carrier, f.flightNumber)};
    if (f.date.isValid()) {
        parts << QLocale().toString(f.date, QLocale::ShortFormat);
    }
    if (!f.from.isEmpty() || !f.to.isEmpty()) {
        parts << tr("%1 → %2").arg(f.from, f.to);
    }
    if (!f.compartment.isEmpty()) {
        parts << tr("class %1").arg(f.compartment);
    }
    return parts.join(QStringLiteral(", "));
}

QString ReasonText::booking(const core::Booking& b)
{
    // The window is local time at the lane, as booked: shown as written, not converted.
    QStringList parts {tr("Booked %1–%2")
                           .arg(QLocale().toString(b.from, QStringLiteral("HH:mm")),
                                QLocale().toString(b.to, QStringLiteral("HH:mm")))};
    if (!b.flight().isEmpty()) {
        parts << tr("flight %1").arg(b.flight());
    }
    parts << tr("for %Ln person(s)", nullptr, b.partySize);
    return parts.join(QStringLiteral(", "));
}

QString ReasonText::syncFailure(core::ErrorCode code)
{
    using core::ErrorCode;
    switch (code) {
    case ErrorCode::Network:
        return tr("The central service could not be reached. Check the network cable or Wi-Fi.");
    case ErrorCode::Timeout:
        return tr("The central service did not answer in time.");
    case ErrorCode::Protocol:
        return tr("The central service sent an answer this terminal cannot read. Ask IT to check the versions.");
    case ErrorCode::Unauthorized:
        return tr("The central service no longer knows this terminal. Ask IT to enroll it again.");
    case ErrorCode::Forbidden:
        return tr("The central service refused this terminal. Ask IT to check its lounge and enrollment.");
    case ErrorCode::DiskFull:
    case ErrorCode::ReadOnly:
    case ErrorCode::Locked:
    case ErrorCode::Corrupt:
    case ErrorCode::IoError:
    case ErrorCode::CantOpen:
    case ErrorCode::SchemaTooNew:
        return tr("The terminal could not save what it received. Ask IT to check the terminal's storage.");
    case ErrorCode::InvalidArgument:
    case ErrorCode::NotFound:
    case ErrorCode::Conflict:
    case ErrorCode::Internal:
        break;
    }
    return tr("Sync stopped because of an unexpected error. It will try again by itself.");
}

} // namespace lounge::gui
