#pragma once

#include "Clock.h"
#include "StaffEventLog.h"
#include "StaffPolicy.h"
#include "controller/KioskTypes.h"

#include <QObject>
#include <QTimer>

#include <optional>

namespace lounge::app {

class StoreBackend;

/// Who holds the desk: sign-in (demo PIN/badge, or staff number or badge then PIN), lock (by staff or after
/// KioskSettings::lockMinutes idle), resume by the holder's PIN, takeover by a supervisor (StaffAction::
/// SignOutOthers), sign-out. Every session change goes to core::StaffEventLog through the backend.
/// GUI thread; never blocks. The KioskController routes screens from its signals (opened, locked, ended).
class SessionController : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        SignedOut,
        Open,
        Locked,
    };

    explicit SessionController(StoreBackend* backend, QObject* parent = nullptr);

    State state() const { return m_state; }
    const std::optional<StaffMember>& staff() const { return m_staff; }
    bool isOpen() const { return m_state == State::Open; }
    bool allows(core::StaffAction action) const;
    StaffSource staffSource() const { return m_staffSource; }
    SignInStep signInStep() const { return m_signInStep; }
    QString signInStaffId() const { return m_signInStaffId; }
    bool isBusy() const { return m_pending; }

    /// The idle time before the desk locks: `overrideMs` (tests) or `lockMinutes` (0 = never).
    void setIdleTime(int lockMinutes, int overrideMs);

    /// A staff badge ("STAFF:<number>", any case) as a scanner reads it: the staff number, or empty when the code
    /// is not a staff badge (a guest's pass must never reach the staff number or PIN field).
    static QString badgeStaffId(const QByteArray& raw);

    // ---- intents
    void submitStaffId(const QString& staffId);
    void submitPin(const QString& pin);
    /// A code scanned while signed out or locked. Returns false (and does nothing) when it is not a staff badge.
    bool submitBadge(const QByteArray& raw);
    void restartSignIn();
    void cancelTakeover();
    /// Ends the session (ignored while locked).
    void signOut();
    /// Locks the desk; the caller (the router) first makes sure no visit is being recorded.
    void lock();
    void noteActivity();
    /// The staff source changed and the session was against the other one, or the router wants it closed.
    void endSession();

signals:
    void stateChanged(lounge::app::SessionController::State state);
    void staffChanged();
    void sessionTakenOver(const lounge::app::StaffMember& previous, const lounge::app::StaffMember& supervisor);
    void signInFailed(const lounge::app::SignInFailure& failure);
    void signInStepChanged();
    void busyChanged(bool busy);
    /// The idle time ran out; the router locks unless a visit is being recorded (then it calls noteActivity()).
    void idleTimedOut();

private:
    void setState(State state);
    void setPending(bool pending);
    void setSignInStep(SignInStep step);
    bool acceptsSignIn() const;
    void onSignedIn(quint64 request, const StaffMember& staff);
    void openSession();
    void askLockedSessionPin();
    void armIdleTimer();
    void recordEvent(core::StaffEventKind kind, const QString& staffId, const QString& subjectId = {});

    StoreBackend* m_backend;
    State m_state = State::SignedOut;
    bool m_pending = false;
    quint64 m_request = 0;
    std::optional<StaffMember> m_staff;
    StaffSource m_staffSource = StaffSource::Demo;
    SignInStep m_signInStep = SignInStep::Pin;
    QString m_signInStaffId;
    QTimer m_idleTimer;
    int m_lockMinutes = 10;
    int m_idleOverrideMs = 0;
};

} // namespace lounge::app

Q_DECLARE_METATYPE(lounge::app::SessionController::State)
