#pragma once

// Plain values the kiosk controller and its screens share. GUI-free (Qt Core + lounge::core only).

#include "CodeKind.h"
#include "ShiftReport.h"
#include "Staff.h"
#include "StaffEventLog.h"
#include "Store.h"
#include "TerminalSettings.h"
#include "Validator.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace lounge::app {

/// The kiosk's screens; exactly one is shown at a time.
enum class Screen
{
    SignedOut,
    Locked, ///< a session is open but the desk is locked: its own PIN resumes it, a supervisor may take over
    Ready,
    PartySize,
    BoardingPass, ///< the first of two scans is in hand: the desk asks for the boarding pass (or the pass, or a
                  ///< guest's)
    Verdict,
    ManualEntry,
    Today,
    Sync,
    Settings,
};

QString toString(Screen screen);

/// The same roles core's StaffPolicy decides on (what each role may do lives there, not in the screens).
using StaffRole = core::StaffRole;

struct StaffMember
{
    QString id;
    QString name;
    StaffRole role = StaffRole::Agent;
    bool isSupervisor() const { return role == StaffRole::Supervisor; }
};

/// Where the kiosk's sign-in comes from. Accounts: the staff accounts central synced (core::StaffDirectory),
/// signed in with staff number (or badge) then PIN. Demo: a cache with no accounts (DemoStaffAuthenticator).
enum class StaffSource
{
    Demo,
    Accounts,
};

/// The sign-in screen's current question.
enum class SignInStep
{
    Pin, ///< demo: PIN (or demo badge) only
    StaffNumber, ///< accounts: staff number or a scanned staff badge
    StaffPin, ///< accounts: the PIN of the staff number entered before
};

/// Why a sign-in attempt did not sign anyone in; the screen says it in plain words.
struct SignInFailure
{
    enum class Kind
    {
        WrongCredentials, ///< unknown staff number or wrong PIN (deliberately not told apart)
        LockedOut, ///< too many failures: wait until retryAfter
        Inactive, ///< account disabled by central
        NotAllowedHere, ///< account not valid at this lounge/terminal
        Unavailable, ///< the staff directory (store) failed; `error` says why
        SupervisorNeeded, ///< an agent tried to take a locked desk from someone else; `sessionHolder` names them
    };
    Kind kind = Kind::WrongCredentials;
    QDateTime retryAfter; ///< UTC, with LockedOut
    int failures = 0; ///< consecutive failures so far for this staff number
    std::optional<core::Error> error;
    QString sessionHolder; ///< with SupervisorNeeded: the name of the staff member whose session is locked
    QString sessionHolderId; ///< and their staff number (the screens say "Staff 4101" when the name is empty)
};

/// Why a scan did not go straight to a verdict; the screen says so (a scan is never met with silence).
enum class ScanNotice
{
    SignInFirst, ///< signed out or locked, and the code is not a staff badge: it is never typed into the PIN field
    FinishThisGuestFirst, ///< a next guest is already waiting: finish the current one first
    NotABoardingPass, ///< on ready: a code that starts like a boarding pass but is not one
    DamagedBoardingPass, ///< on ready: a boarding pass that does not read completely (scan it again)
    BoardingPassNotUsed, ///< a boarding pass at a lounge that does not use them: ignored
};

/// The boarding passes that go with a visit, and a supervisor's override when there is none (issue 14 §3): handed
/// to the store with the pass's check and redeem (core::ScanInput's boarding-pass fields).
struct BoardingPassInput
{
    std::optional<core::bcbp::BoardingPass> holder;
    QList<core::bcbp::BoardingPass> guests;
    QString overrideBy; ///< supervisor's staff id (with overrideReason: judged without a boarding pass)
    QString overrideReason;
    bool isEmpty() const { return !holder && guests.isEmpty() && overrideBy.isEmpty(); }
};

/// What the "Scan boarding pass" screen asks for while one of two scans is in hand.
struct BoardingPassPrompt
{
    enum class Need
    {
        BoardingPass, ///< the pass was checked and the lounge needs the holder's boarding pass
        LoungePass, ///< a boarding pass was scanned first: now the lounge pass
        GuestBoardingPass, ///< party size > 1 at a lounge that needs them: guest `guest` of `guests`
    };
    /// The last scan on this screen that could not be used (the pending scan is kept).
    enum class Problem
    {
        None,
        NotABoardingPass,
        Damaged,
        NotALoungePass, ///< a staff badge (or another boarding pass) while the lounge pass is needed
    };
    Need need = Need::BoardingPass;
    Problem problem = Problem::None;
    QString holderName; ///< BoardingPass / GuestBoardingPass: whose pass is in hand
    QString printedName; ///< LoungePass: the name on the boarding pass in hand
    QString flight; ///< LoungePass: "CX 123" of its first leg
    int guest = 0; ///< GuestBoardingPass: 1-based
    int guests = 0;
    int problems = 0; ///< counts unusable scans, so the screen notices a repeat of the same problem
};

/// A guest who scanned while the desk was busy with the one before (a verdict or the party-size picker waiting for
/// staff, or staff on another screen). Checked as soon as the desk is back on ready; shown as a chip meanwhile.
struct NextGuest
{
    QByteArray raw;
    qint64 arrivalNs = 0;
    QString name; ///< from a read-only check made when the code arrived; empty until that answers (or unknown)
    bool named = false; ///< the read-only check answered
};

/// What the verdict screen shows. NotRecorded: the store could not commit the visit; never shown as green.
enum class VerdictTone
{
    Accept,
    Attention,
    Reject,
    NotRecorded,
};

struct VerdictView
{
    VerdictTone tone = VerdictTone::Reject;
    core::Decision decision;
    std::optional<core::Error> error; ///< set with NotRecorded
    bool canAdmitAnyway = false; ///< ATTENTION: staff may confirm and record
    /// Online-first, but central did not answer in time: the kiosk decided alone from its cache.
    bool decidedOffline = false;
    qint64 arrivalNs = 0; ///< when the frame (or key press) that led here arrived; 0 = unknown
};

/// Everything a supervisor can change on the settings screen. Stored in the cache's settings table.
struct KioskSettings
{
    core::TerminalSettings terminal;
    QString cameraId; ///< empty = system default
    int verdictSeconds = 4; ///< verdict screen returns to ready after this long
    /// The desk locks after this long with no touch, key or scan; 0 = never. Unlocking takes the PIN of the
    /// staff member signed in, or a supervisor who signs them out.
    int lockMinutes = 10;
    static constexpr int kMaxLockMinutes = 240;
    bool sound = true;
    QString language = QStringLiteral("en"); ///< en, zh_CN, ar
};

/// The sync layer's state as the kiosk shows it. Filled by whatever drives sync (SyncEngine when present).
struct SyncView
{
    enum class State
    {
        Disabled, ///< no central configured: standalone terminal
        Online,
        Syncing,
        Offline,
        Error,
    };
    State state = State::Disabled;
    core::TerminalSettings::Mode mode = core::TerminalSettings::Mode::OfflineFirst;
    QDateTime lastSuccess; ///< UTC
    QDateTime lastFailure; ///< UTC
    QString lastError; ///< staff-facing summary, already plain words
    std::optional<core::ErrorCode> lastFailureCode; ///< why the last failed sync failed (the screens put it in words)
    int pendingUploads = -1; ///< -1 = unknown (the store worker reports its own count)
    qint64 clockOffsetMs = 0;
    int downloadDone = 0; ///< initial download progress; downloadTotal == 0: none running
    int downloadTotal = 0;
};

/// The camera's state in kiosk terms (the scanner's SourceState, mapped by the composition root).
enum class CameraHealth
{
    Off,
    Starting,
    Active,
    DemoVideo,
    NoCamera,
    Unplugged,
    Busy,
    Denied,
    Failed,
};

bool isFault(CameraHealth health);

/// A refusal for which the desk may sell entry instead (REJECT says "offer paid entry"): the pass is real but does
/// not cover this visit (status, validity, scope, no visits left, too many guests).
bool offersPaidEntry(core::Reason reason);

struct TodayData
{
    QList<core::Redemption> records; ///< newest first, voids included
    core::DayStats stats;
    QList<core::Refusal> refusals; ///< scans refused at this desk today, newest first
    QHash<QString, QString> memberNumbers; ///< membership id → the number printed on the card (search)
    QList<core::StaffEvent> staffEvents; ///< the day's staff sessions, oldest first
    core::ShiftReport report; ///< the end-of-shift report of the lounge's day so far
};

} // namespace lounge::app

Q_DECLARE_METATYPE(lounge::app::Screen)
Q_DECLARE_METATYPE(lounge::app::VerdictTone)
Q_DECLARE_METATYPE(lounge::app::ScanNotice)
Q_DECLARE_METATYPE(lounge::app::BoardingPassInput)
Q_DECLARE_METATYPE(lounge::app::CameraHealth)
Q_DECLARE_METATYPE(lounge::app::StaffMember)
Q_DECLARE_METATYPE(lounge::app::StaffSource)
Q_DECLARE_METATYPE(lounge::app::SignInStep)
Q_DECLARE_METATYPE(lounge::app::SignInFailure)
Q_DECLARE_METATYPE(lounge::app::KioskSettings)
Q_DECLARE_METATYPE(lounge::app::TodayData)
Q_DECLARE_METATYPE(lounge::app::SyncView)
Q_DECLARE_METATYPE(lounge::core::Decision)
Q_DECLARE_METATYPE(lounge::core::Error)
Q_DECLARE_METATYPE(lounge::core::Redemption)
Q_DECLARE_METATYPE(lounge::core::Resource)
