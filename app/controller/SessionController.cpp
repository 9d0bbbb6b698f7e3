#include "controller/SessionController.h"

#include "controller/StoreBackend.h"

#include <QCryptographicHash>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSession, "lounge.app.session")

namespace lounge::app {

using namespace lounge::core;

namespace {
QByteArray shortHash(const QString& id)
{
    return QCryptographicHash::hash(id.toUtf8(), QCryptographicHash::Sha256).toHex().left(8);
}
} // namespace

SessionController::SessionController(StoreBackend* backend, QObject* parent)
    : QObject(parent)
    , m_backend(backend)
{
    qRegisterMetaType<State>();
    m_idleTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, &SessionController::idleTimedOut);
    connect(backend, &StoreBackend::signedIn, this, &SessionController::onSignedIn);
    connect(backend, &StoreBackend::signInFailed, this, [this](quint64 request, const SignInFailure& f) {
        if (request != m_request || !m_pending) {
            return;
        }
        setPending(false);
        emit signInFailed(f);
    });
    connect(backend, &StoreBackend::staffSourceChanged, this, [this](StaffSource source) {
        if (source == m_staffSource) {
            return;
        }
        m_staffSource = source;
        m_signInStaffId.clear();
        setSignInStep(source == StaffSource::Accounts ? SignInStep::StaffNumber : SignInStep::Pin);
        emit signInStepChanged(); // the hint changes even when the step does not
        if (m_staff) {
            // Accounts arrived (or all were removed) under a running session: it was signed in against the other
            // source, and core would now refuse its voids. Staff sign in again.
            qCInfo(lcSession) << "staff source changed: signing out";
            endSession();
        }
    });
}

void SessionController::setState(State state)
{
    if (m_state != state) {
        m_state = state;
        emit stateChanged(state);
    }
}

void SessionController::setPending(bool pending)
{
    if (m_pending != pending) {
        m_pending = pending;
        emit busyChanged(pending);
    }
}

void SessionController::setIdleTime(int lockMinutes, int overrideMs)
{
    m_lockMinutes = lockMinutes;
    m_idleOverrideMs = overrideMs;
}

bool SessionController::allows(StaffAction action) const
{
    return m_staff && m_state == State::Open && StaffPolicy::allows(m_staff->role, action);
}

void SessionController::setSignInStep(SignInStep step)
{
    if (m_signInStep != step) {
        m_signInStep = step;
        emit signInStepChanged();
    }
}

bool SessionController::acceptsSignIn() const
{
    return m_state != State::Open && !m_pending;
}

QString SessionController::badgeStaffId(const QByteArray& raw)
{
    // One rule for the whole desk: core's code classifier tells a badge from a pass or a boarding pass.
    return core::staffBadgeId(raw);
}

void SessionController::submitStaffId(const QString& staffId)
{
    const QString id = staffId.trimmed();
    if (!acceptsSignIn() || m_staffSource != StaffSource::Accounts || id.isEmpty()) {
        return;
    }
    m_signInStaffId = id;
    setSignInStep(SignInStep::StaffPin);
    emit signInStepChanged(); // a new badge over an old one: same step, new number
}

bool SessionController::submitBadge(const QByteArray& raw)
{
    const QString id = badgeStaffId(raw);
    if (id.isEmpty()) {
        return false;
    }
    if (m_staffSource == StaffSource::Accounts) {
        // The badge carries the staff number; the PIN follows. A new badge replaces the number entered before.
        if (m_signInStep == SignInStep::StaffPin) {
            m_signInStep = SignInStep::StaffNumber;
        }
        submitStaffId(id);
    } else {
        submitPin(QStringLiteral("STAFF:") + id); // a demo badge
    }
    return true;
}

void SessionController::restartSignIn()
{
    if (m_staffSource != StaffSource::Accounts || m_pending) {
        return;
    }
    m_signInStaffId.clear();
    setSignInStep(SignInStep::StaffNumber);
    emit signInStepChanged();
}

void SessionController::cancelTakeover()
{
    if (m_state != State::Locked || m_pending) {
        return;
    }
    askLockedSessionPin();
}

void SessionController::askLockedSessionPin()
{
    if (m_staffSource == StaffSource::Accounts && m_staff) {
        m_signInStaffId = m_staff->id;
        setSignInStep(SignInStep::StaffPin);
    } else {
        m_signInStaffId.clear();
        setSignInStep(SignInStep::Pin);
    }
    emit signInStepChanged();
}

void SessionController::submitPin(const QString& pin)
{
    if (!acceptsSignIn() || pin.isEmpty()) {
        return;
    }
    if (m_staffSource == StaffSource::Accounts && m_signInStep != SignInStep::StaffPin) {
        submitStaffId(pin); // the keypad's first entry is the staff number
        return;
    }
    setPending(true);
    m_backend->signIn(++m_request, m_signInStaffId, pin);
}

void SessionController::onSignedIn(quint64 request, const StaffMember& staff)
{
    if (request != m_request || !m_pending) {
        return;
    }
    setPending(false);
    if (m_state == State::Locked && m_staff) {
        if (staff.id == m_staff->id) {
            // The session's own staff member is back. Their role may have changed since (synced), so take it anew.
            m_staff = staff;
            recordEvent(StaffEventKind::Unlocked, staff.id);
            qCInfo(lcSession) << "unlocked" << shortHash(staff.id);
            openSession();
            return;
        }
        if (!StaffPolicy::allows(staff.role, StaffAction::SignOutOthers)) {
            // Correct PIN, but an agent may not end a colleague's session: the desk stays locked for its holder.
            recordEvent(StaffEventKind::SignOutRefused, staff.id, m_staff->id);
            qCInfo(lcSession) << "sign-out of another session refused for" << shortHash(staff.id);
            askLockedSessionPin();
            SignInFailure f;
            f.kind = SignInFailure::Kind::SupervisorNeeded;
            f.sessionHolder = m_staff->name;
            f.sessionHolderId = m_staff->id;
            emit signInFailed(f);
            return;
        }
        const StaffMember previous = *m_staff;
        recordEvent(StaffEventKind::SignedOut, previous.id);
        recordEvent(StaffEventKind::SignedOutOther, staff.id, previous.id);
        recordEvent(StaffEventKind::SignedIn, staff.id);
        qCInfo(lcSession) << "supervisor" << shortHash(staff.id) << "signed out" << shortHash(previous.id);
        m_staff = staff;
        openSession();
        emit sessionTakenOver(previous, staff);
        return;
    }
    m_staff = staff;
    recordEvent(StaffEventKind::SignedIn, staff.id);
    qCInfo(lcSession) << "signed in" << shortHash(staff.id) << core::toString(staff.role);
    openSession();
}

void SessionController::openSession()
{
    m_signInStaffId.clear();
    setSignInStep(m_staffSource == StaffSource::Accounts ? SignInStep::StaffNumber : SignInStep::Pin);
    m_backend->setStaff(m_staff->id);
    setState(State::Open); // first: what staffChanged listeners ask (allows()) depends on the desk being open
    emit staffChanged();
    armIdleTimer();
}

void SessionController::signOut()
{
    if (!m_staff || m_state == State::Locked) {
        return; // a locked desk is left by its holder's PIN or a supervisor, not by anyone who walks up
    }
    endSession();
}

void SessionController::endSession()
{
    if (m_staff) {
        recordEvent(StaffEventKind::SignedOut, m_staff->id);
    }
    m_staff.reset();
    m_idleTimer.stop();
    m_signInStaffId.clear();
    setSignInStep(m_staffSource == StaffSource::Accounts ? SignInStep::StaffNumber : SignInStep::Pin);
    setPending(false);
    ++m_request; // drop any reply in flight
    m_backend->setStaff({});
    emit staffChanged();
    setState(State::SignedOut);
}

void SessionController::recordEvent(StaffEventKind kind, const QString& staffId, const QString& subjectId)
{
    m_backend->recordStaffEvent(kind, staffId, subjectId);
}

void SessionController::lock()
{
    if (!m_staff || m_state != State::Open) {
        return;
    }
    m_idleTimer.stop();
    recordEvent(StaffEventKind::Locked, m_staff->id);
    qCInfo(lcSession) << "locked" << shortHash(m_staff->id);
    askLockedSessionPin();
    setState(State::Locked);
    emit staffChanged(); // what the signed-in staff may do changed (nothing while locked)
}

void SessionController::noteActivity()
{
    if (m_staff && m_state == State::Open) {
        armIdleTimer();
    }
}

void SessionController::armIdleTimer()
{
    if (m_lockMinutes > 0 || m_idleOverrideMs > 0) {
        m_idleTimer.start(m_idleOverrideMs > 0 ? m_idleOverrideMs : m_lockMinutes * 60 * 1000);
    } else {
        m_idleTimer.stop();
    }
}

} // namespace lounge::app
