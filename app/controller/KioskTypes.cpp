#include "controller/KioskTypes.h"

namespace lounge::app {

QString toString(Screen screen)
{
    switch (screen) {
    case Screen::SignedOut:
        return QStringLiteral("SignedOut");
    case Screen::Locked:
        return QStringLiteral("Locked");
    case Screen::Ready:
        return QStringLiteral("Ready");
    case Screen::PartySize:
        return QStringLiteral("PartySize");
    case Screen::BoardingPass:
        return QStringLiteral("BoardingPass");
    case Screen::Verdict:
        return QStringLiteral("Verdict");
    case Screen::ManualEntry:
        return QStringLiteral("ManualEntry");
    case Screen::Today:
        return QStringLiteral("Today");
    case Screen::Sync:
        return QStringLiteral("Sync");
    case Screen::Settings:
        return QStringLiteral("Settings");
    }
    return {};
}

bool isFault(CameraHealth health)
{
    switch (health) {
    case CameraHealth::NoCamera:
    case CameraHealth::Unplugged:
    case CameraHealth::Busy:
    case CameraHealth::Denied:
    case CameraHealth::Failed:
        return true;
    default:
        return false;
    }
}

bool offersPaidEntry(core::Reason reason)
{
    using core::Reason;
    switch (reason) {
    case Reason::NotYetValid:
    case Reason::PendingActivation:
    case Reason::Expired:
    case Reason::Suspended:
    case Reason::Cancelled:
    case Reason::Revoked:
    case Reason::WrongModule:
    case Reason::OutOfScope:
    case Reason::NoVisitsLeft:
    case Reason::TooManyGuests:
        return true;
    default:
        return false;
    }
}

} // namespace lounge::app
