#include "controller/KioskController.h"

#include "controller/StoreWorker.h"

#include <QCryptographicHash>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcKiosk, "lounge.app.kiosk")

namespace lounge::app {

using namespace lounge::core;

namespace {

constexpr int kStatusRefreshMs = 5000;

template<typename F> void post(StoreWorker* worker, F&& f)
{
    QMetaObject::invokeMethod(worker, std::forward<F>(f), Qt::QueuedConnection);
}

QByteArray shortHash(const QByteArray& raw)
{
    return QCryptographicHash::hash(raw, QCryptographicHash::Sha256).toHex().left(8);
}

} // namespace

KioskController::KioskController(StoreWorker* worker, std::shared_ptr<const Clock> clock, QObject* parent)
    : QObject(parent)
    , m_worker(worker)
    , m_clock(std::move(clock))
    , m_todayCtl(new TodayController(worker, m_clock,
                                     TodayController::Session {
                                         [this](StaffAction a) { return allows(a); },
                                         [this] { return m_staff ? m_staff->id : QString(); },
                                         [this] { return m_settings.terminal.voidWindowSeconds; },
                                     },
                                     this))
{
    qRegisterMetaType<Screen>();
    qRegisterMetaType<VerdictTone>();
    m_verdictTimer.setSingleShot(true);
    m_idleTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, &KioskController::lockAfterIdle);
    connect(&m_verdictTimer, &QTimer::timeout, this, &KioskController::returnToReady);
    m_statusTimer.setInterval(kStatusRefreshMs);
    connect(&m_statusTimer, &QTimer::timeout, this, [this] {
        post(m_worker, [w = m_worker] { w->refreshStatus(); });
        emit statusChanged(); // sync age and clock move on
    });

    connect(worker, &StoreWorker::opened, this, &KioskController::onOpened);
    connect(worker, &StoreWorker::openFailed, this, [this](const Error& e) {
        m_storeOpen = false;
        m_storeFault = e;
        emit statusChanged();
    });
    connect(worker, &StoreWorker::storeTroubled, this, [this](const Error& e) {
        m_storeFault = e;
        emit statusChanged();
    });
    connect(worker, &StoreWorker::statusLoaded, this, [this](int pending, const QDateTime& last) {
        m_pendingUploads = pending;
        m_lastSync = last;
        clearStoreFault();
        emit statusChanged();
    });
    connect(worker, &StoreWorker::syncStatusChanged, this, &KioskController::setSyncStatus);
    connect(worker, &StoreWorker::signedIn, this, &KioskController::onSignedIn);
    connect(worker, &StoreWorker::signInFailed, this, [this](quint64 request, const SignInFailure& f) {
        if (request != m_request || m_pending != Pending::SignIn) {
            return;
        }
        setPending(Pending::None);
        emit signInFailed(f);
    });
    connect(worker, &StoreWorker::staffSourceChanged, this, [this](StaffSource source) {
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
            qCInfo(lcKiosk) << "staff source changed: signing out";
            endSession();
        }
    });
    connect(worker, &StoreWorker::decisionReady, this, &KioskController::onDecision);
    connect(worker, &StoreWorker::redemptionRecorded, this, &KioskController::onRedeemed);
    connect(worker, &StoreWorker::recordFailed, this, &KioskController::onRecordFailed);
    connect(worker, &StoreWorker::paidEntryRecorded, this, [this](const Redemption& r) {
        m_paidEntryPending = false;
        m_paidEntryDone = true;
        emit paidEntryRecorded(r);
        emit statusChanged();
    });
    connect(worker, &StoreWorker::paidEntryFailed, this, [this](const Error& e) {
        m_paidEntryPending = false;
        m_storeFault = e;
        emit paidEntryFailed(e);
        emit statusChanged();
    });
    // The today chapter (its own controller); its events are re-emitted here for the screens and tests that
    // listen to the kiosk as a whole.
    connect(m_todayCtl, &TodayController::todayChanged, this, &KioskController::todayChanged);
    connect(m_todayCtl, &TodayController::voidConfirmationRequested, this, &KioskController::voidConfirmationRequested);
    connect(m_todayCtl, &TodayController::voidRecorded, this, &KioskController::voidRecorded);
    connect(m_todayCtl, &TodayController::voidFailed, this, &KioskController::voidFailed);
    connect(worker, &StoreWorker::settingsSaved, this, [this](const KioskSettings& s) {
        m_settings = s;
        noteActivity(); // the idle time may have changed
        emit settingsChanged();
        emit statusChanged();
    });
    connect(worker, &StoreWorker::settingsFailed, this, [this](const Error& e) {
        m_storeFault = e;
        emit statusChanged();
    });
}

KioskController::~KioskController() = default;

void KioskController::start()
{
    post(m_worker, [w = m_worker] { w->open(); });
    m_statusTimer.start();
}

std::optional<Resource> KioskController::currentResource() const
{
    for (const auto& r : m_resources) {
        if (r.id == m_settings.terminal.resourceId) {
            return r;
        }
    }
    return std::nullopt;
}

int KioskController::verdictTimeoutMs() const
{
    return m_verdictOverrideMs > 0 ? m_verdictOverrideMs : m_settings.verdictSeconds * 1000;
}

bool KioskController::isOffline() const
{
    return m_sync.state == SyncView::State::Offline || m_sync.state == SyncView::State::Error;
}

bool KioskController::isCacheStale() const
{
    const int staleAfter = m_settings.terminal.staleAfterSeconds;
    if (staleAfter <= 0 || !m_storeOpen) {
        return false;
    }
    return !m_lastSync.isValid() || m_lastSync.secsTo(m_clock->now()) > staleAfter;
}

void KioskController::setScreen(Screen screen)
{
    if (screen != Screen::Verdict) {
        m_verdictTimer.stop();
    }
    if (m_screen == screen) {
        return;
    }
    m_screen = screen;
    emit screenChanged(screen);
}

void KioskController::setPending(Pending pending)
{
    const bool was = isBusy();
    m_pending = pending;
    if (was != isBusy()) {
        emit busyChanged(isBusy());
    }
}

void KioskController::clearStoreFault()
{
    if (m_storeFault) {
        m_storeFault.reset();
        emit statusChanged();
    }
}

void KioskController::onOpened(const KioskSettings& settings, const QList<Resource>& resources)
{
    m_storeOpen = true;
    m_settings = settings;
    m_resources = resources;
    clearStoreFault();
    emit settingsChanged();
    emit statusChanged();
}

// ---- sign-in

bool KioskController::allows(StaffAction action) const
{
    return m_staff && m_screen != Screen::Locked && StaffPolicy::allows(m_staff->role, action);
}

void KioskController::setSignInStep(SignInStep step)
{
    if (m_signInStep != step) {
        m_signInStep = step;
        emit signInStepChanged();
    }
}

bool KioskController::acceptsSignIn() const
{
    return (m_screen == Screen::SignedOut || m_screen == Screen::Locked) && m_pending == Pending::None;
}

void KioskController::submitStaffId(const QString& staffId)
{
    const QString id = staffId.trimmed();
    if (!acceptsSignIn() || m_staffSource != StaffSource::Accounts || id.isEmpty()) {
        return;
    }
    m_signInStaffId = id;
    setSignInStep(SignInStep::StaffPin);
    emit signInStepChanged(); // a new badge over an old one: same step, new number
}

void KioskController::restartSignIn()
{
    if (m_staffSource != StaffSource::Accounts || m_pending != Pending::None) {
        return;
    }
    m_signInStaffId.clear();
    setSignInStep(SignInStep::StaffNumber);
    emit signInStepChanged();
}

void KioskController::cancelTakeover()
{
    if (m_screen != Screen::Locked || m_pending != Pending::None) {
        return;
    }
    askLockedSessionPin();
}

void KioskController::askLockedSessionPin()
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

void KioskController::submitPin(const QString& pin)
{
    if (!acceptsSignIn() || pin.isEmpty()) {
        return;
    }
    if (m_staffSource == StaffSource::Accounts && m_signInStep != SignInStep::StaffPin) {
        submitStaffId(pin); // the keypad's first entry is the staff number
        return;
    }
    setPending(Pending::SignIn);
    post(m_worker, [w = m_worker, r = ++m_request, id = m_signInStaffId, pin] { w->signIn(r, id, pin); });
}

void KioskController::onSignedIn(quint64 request, const StaffMember& staff)
{
    if (request != m_request || m_pending != Pending::SignIn) {
        return;
    }
    setPending(Pending::None);
    if (m_screen == Screen::Locked && m_staff) {
        if (staff.id == m_staff->id) {
            // The session's own staff member is back. Their role may have changed since (synced), so take it anew.
            m_staff = staff;
            recordEvent(StaffEventKind::Unlocked, staff.id);
            qCInfo(lcKiosk) << "unlocked" << shortHash(staff.id.toUtf8());
            openSession();
            return;
        }
        if (!StaffPolicy::allows(staff.role, StaffAction::SignOutOthers)) {
            // Correct PIN, but an agent may not end a colleague's session: the desk stays locked for its holder.
            recordEvent(StaffEventKind::SignOutRefused, staff.id, m_staff->id);
            qCInfo(lcKiosk) << "sign-out of another session refused for" << shortHash(staff.id.toUtf8());
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
        qCInfo(lcKiosk) << "supervisor" << shortHash(staff.id.toUtf8()) << "signed out"
                        << shortHash(previous.id.toUtf8());
        m_staff = staff;
        openSession();
        emit sessionTakenOver(previous, staff);
        return;
    }
    m_staff = staff;
    recordEvent(StaffEventKind::SignedIn, staff.id);
    qCInfo(lcKiosk) << "signed in" << shortHash(staff.id.toUtf8()) << core::toString(staff.role);
    openSession();
}

void KioskController::openSession()
{
    m_signInStaffId.clear();
    setSignInStep(m_staffSource == StaffSource::Accounts ? SignInStep::StaffNumber : SignInStep::Pin);
    post(m_worker, [w = m_worker, id = m_staff->id] { w->setStaff(id); });
    setScreen(Screen::Ready); // first: what staffChanged listeners ask (allows()) depends on the desk being open
    emit staffChanged();
    armIdleTimer();
}

void KioskController::signOut()
{
    if (!m_staff || m_screen == Screen::Locked) {
        return; // a locked desk is left by its holder's PIN or a supervisor, not by anyone who walks up
    }
    endSession();
}

void KioskController::endSession()
{
    if (m_staff) {
        recordEvent(StaffEventKind::SignedOut, m_staff->id);
    }
    m_staff.reset();
    m_idleTimer.stop();
    m_signInStaffId.clear();
    setSignInStep(m_staffSource == StaffSource::Accounts ? SignInStep::StaffNumber : SignInStep::Pin);
    m_raw.clear();
    m_todayCtl->cancelVoid();
    setPending(Pending::None);
    ++m_request; // drop any reply in flight
    post(m_worker, [w = m_worker] { w->setStaff({}); });
    emit staffChanged();
    setScreen(Screen::SignedOut);
}

void KioskController::recordEvent(StaffEventKind kind, const QString& staffId, const QString& subjectId)
{
    post(m_worker, [w = m_worker, kind, staffId, subjectId] { w->recordStaffEvent(kind, staffId, subjectId); });
}

// ---- lock

void KioskController::lock()
{
    if (!m_staff || m_screen == Screen::Locked || m_screen == Screen::SignedOut) {
        return;
    }
    if (m_pending == Pending::Redeem) {
        return; // a visit is being recorded: its verdict must reach the screen first
    }
    if (m_pending == Pending::Check) {
        ++m_request; // nothing recorded yet; the visitor scans again once the desk is open
        setPending(Pending::None);
    }
    m_raw.clear();
    m_todayCtl->cancelVoid();
    m_idleTimer.stop();
    recordEvent(StaffEventKind::Locked, m_staff->id);
    qCInfo(lcKiosk) << "locked" << shortHash(m_staff->id.toUtf8());
    askLockedSessionPin();
    setScreen(Screen::Locked);
    emit staffChanged(); // what the signed-in staff may do changed (nothing while locked)
}

void KioskController::noteActivity()
{
    if (m_staff && m_screen != Screen::Locked) {
        armIdleTimer();
    }
}

void KioskController::armIdleTimer()
{
    if (m_settings.lockMinutes > 0 || m_idleOverrideMs > 0) {
        m_idleTimer.start(m_idleOverrideMs > 0 ? m_idleOverrideMs : m_settings.lockMinutes * 60 * 1000);
    } else {
        m_idleTimer.stop();
    }
}

void KioskController::lockAfterIdle()
{
    if (m_pending == Pending::Redeem) {
        armIdleTimer(); // try again once the verdict is up
        return;
    }
    lock();
}

// ---- scan → check → (party size) → redeem → verdict

void KioskController::handleScan(const QByteArray& raw, qint64 arrivalNs)
{
    if (raw.isEmpty()) {
        return;
    }
    noteActivity(); // a passenger at the desk means staff are there
    switch (m_screen) {
    case Screen::SignedOut:
    case Screen::Locked:
        if (m_staffSource == StaffSource::Accounts) {
            // A staff badge carries the staff number ("STAFF:<number>" or the bare number); the PIN follows.
            QString id = QString::fromUtf8(raw).trimmed();
            if (id.startsWith(QLatin1String("STAFF:"))) {
                id = id.mid(6);
            }
            if (m_signInStep == SignInStep::StaffPin) {
                m_signInStep = SignInStep::StaffNumber; // a new badge replaces the number entered before
            }
            submitStaffId(id);
        } else {
            submitPin(QString::fromUtf8(raw)); // a demo badge
        }
        return;
    case Screen::Verdict:
        if (m_verdict.tone == VerdictTone::Attention && m_pending != Pending::None) {
            return; // an "admit anyway" is being recorded
        }
        returnToReady();
        break;
    case Screen::Ready:
        break;
    case Screen::Today:
        // On the today list a scanned pass is a search: staff look up what happened to that pass today.
        m_todayCtl->searchByCode(raw);
        return;
    default:
        return; // staff are busy on another screen: a stray code must not start a visit behind their back
    }
    if (m_pending != Pending::None) {
        return;
    }
    beginCheck(raw, arrivalNs);
}

void KioskController::beginCheck(const QByteArray& raw, qint64 arrivalNs)
{
    m_raw = raw;
    m_arrivalNs = arrivalNs;
    qCDebug(lcKiosk) << "scan" << shortHash(raw);
    setPending(Pending::Check);
    post(m_worker, [w = m_worker, r = ++m_request, raw] { w->check(r, raw, 1); });
}

void KioskController::onDecision(quint64 request, const Decision& d)
{
    if (request != m_request || m_pending != Pending::Check) {
        return;
    }
    setPending(Pending::None);
    if (d.verdict == Verdict::Accept) {
        if (d.guestsAllowed > 0) {
            m_partyDecision = d;
            m_partySize = 1;
            m_maxParty = 1 + d.guestsAllowed;
            emit partySizeChanged(m_partySize);
            setScreen(Screen::PartySize);
            return;
        }
        redeemCurrent(1, false); // one-scan flow: nobody to ask about
        return;
    }
    VerdictView v;
    v.decision = d;
    v.arrivalNs = m_arrivalNs;
    if (d.verdict == Verdict::Attention) {
        v.tone = VerdictTone::Attention;
        v.canAdmitAnyway = true;
    } else {
        v.tone = VerdictTone::Reject;
    }
    showVerdict(v);
}

void KioskController::changeGuests(int delta)
{
    if (m_screen != Screen::PartySize) {
        return;
    }
    const int n = qBound(1, m_partySize + delta, m_maxParty);
    if (n != m_partySize) {
        m_partySize = n;
        emit partySizeChanged(n);
    }
}

void KioskController::confirmParty()
{
    if (m_screen != Screen::PartySize || m_pending != Pending::None) {
        return;
    }
    redeemCurrent(m_partySize, false);
}

void KioskController::admitAnyway()
{
    if (m_screen != Screen::Verdict || !m_verdict.canAdmitAnyway || m_pending != Pending::None) {
        return;
    }
    redeemCurrent(m_verdict.decision.partySize, true);
}

void KioskController::redeemCurrent(int partySize, bool confirmAttention)
{
    setPending(Pending::Redeem);
    post(m_worker, [w = m_worker, r = ++m_request, raw = m_raw, partySize, confirmAttention] {
        w->redeem(r, raw, partySize, confirmAttention);
    });
}

void KioskController::onRedeemed(quint64 request, const Decision& d, bool decidedOffline)
{
    if (request != m_request || m_pending != Pending::Redeem) {
        return;
    }
    setPending(Pending::None);
    clearStoreFault();
    VerdictView v;
    v.decision = d;
    v.arrivalNs = m_arrivalNs;
    v.decidedOffline = decidedOffline;
    if (d.recorded) {
        v.tone = VerdictTone::Accept;
    } else if (d.verdict == Verdict::Attention) {
        v.tone = VerdictTone::Attention; // something changed between check and redeem
        v.canAdmitAnyway = true;
    } else {
        v.tone = VerdictTone::Reject;
    }
    showVerdict(v);
}

void KioskController::onRecordFailed(quint64 request, const Error& error)
{
    if (request != m_request || m_pending != Pending::Redeem) {
        return;
    }
    setPending(Pending::None);
    m_storeFault = error;
    VerdictView v;
    v.tone = VerdictTone::NotRecorded;
    v.error = error;
    v.decision = m_screen == Screen::PartySize ? m_partyDecision : m_verdict.decision;
    v.arrivalNs = m_arrivalNs;
    showVerdict(v);
    emit statusChanged();
}

void KioskController::showVerdict(VerdictView view)
{
    m_verdict = std::move(view);
    m_paidEntryDone = false;
    setScreen(Screen::Verdict);
    emit verdictChanged();
    emit verdictPresented(m_verdict.tone, m_verdict.arrivalNs);
    // Decisions staff must take (admit anyway?) or must not miss (not recorded) stay up longer.
    const bool lingers = m_verdict.tone == VerdictTone::Attention || m_verdict.tone == VerdictTone::NotRecorded;
    m_verdictTimer.start(verdictTimeoutMs() * (lingers ? 3 : 1));
}

bool KioskController::canRecordPaidEntry() const
{
    return isSessionOpen() && m_screen == Screen::Verdict && m_verdict.tone == VerdictTone::Reject
        && m_verdict.decision.credential && offersPaidEntry(m_verdict.decision.reason) && !m_paidEntryPending
        && !m_paidEntryDone;
}

void KioskController::recordPaidEntry(int partySize, std::optional<qint64> amountMinor)
{
    if (!canRecordPaidEntry() || partySize < 1) {
        return;
    }
    m_paidEntryPending = true;
    m_verdictTimer.stop(); // staff are selling entry: the refusal stays until they are done
    post(m_worker, [w = m_worker, d = m_verdict.decision, partySize, amountMinor] {
        w->recordPaidEntry(d, partySize, amountMinor);
    });
}

void KioskController::returnToReady()
{
    if (!m_staff) {
        setScreen(Screen::SignedOut);
        return;
    }
    if (m_screen == Screen::Locked) {
        return;
    }
    if (m_pending == Pending::Check || m_pending == Pending::Redeem) {
        // Leaving mid-request: the reply will be ignored. A redeem still commits if it reaches the store; that is
        // the same as staff walking away after the verdict, and it shows in the today list.
        ++m_request;
        setPending(Pending::None);
    }
    m_raw.clear();
    m_todayCtl->cancelVoid();
    setScreen(Screen::Ready);
}

// ---- manual entry

void KioskController::openManualEntry()
{
    if (isSessionOpen() && (m_screen == Screen::Ready || m_screen == Screen::Verdict) && m_pending == Pending::None) {
        setScreen(Screen::ManualEntry);
    }
}

void KioskController::submitManual(const QString& text)
{
    const QString code = text.trimmed();
    if (m_screen != Screen::ManualEntry || code.isEmpty() || m_pending != Pending::None) {
        return;
    }
    setScreen(Screen::Ready);
    beginCheck(code.toUtf8(), 0);
}

// ---- today + void

void KioskController::openToday()
{
    if (!isSessionOpen() || m_pending != Pending::None) {
        return;
    }
    m_todayCtl->setSearch({});
    setScreen(Screen::Today);
    refreshToday();
}

void KioskController::refreshToday()
{
    m_todayCtl->refresh();
}

void KioskController::setTodaySearch(const QString& text)
{
    m_todayCtl->setSearch(text);
}

QList<Redemption> KioskController::filteredToday() const
{
    return m_todayCtl->filtered();
}

bool KioskController::canVoid(const Redemption& r) const
{
    return m_todayCtl->canVoid(r);
}

void KioskController::requestVoid(const QUuid& redemptionId)
{
    if (m_screen == Screen::Today) {
        m_todayCtl->requestVoid(redemptionId);
    }
}

void KioskController::confirmVoid(const QString& remark)
{
    m_todayCtl->confirmVoid(remark);
}

void KioskController::cancelVoid()
{
    m_todayCtl->cancelVoid();
}

// ---- sync + settings

void KioskController::openSync()
{
    if (isSessionOpen() && m_pending == Pending::None) {
        setScreen(Screen::Sync);
    }
}

void KioskController::syncNow()
{
    if (allows(StaffAction::ForceSync)) {
        post(m_worker, [w = m_worker] { w->syncNow(); });
    }
}

void KioskController::openSettings()
{
    if (!isSessionOpen() || m_pending != Pending::None) {
        return;
    }
    if (!allows(StaffAction::ChangeSettings)) {
        emit settingsRefused();
        return;
    }
    setScreen(Screen::Settings);
}

void KioskController::applySettings(const KioskSettings& settings)
{
    if (!allows(StaffAction::ChangeSettings)) {
        emit settingsRefused();
        return;
    }
    post(m_worker, [w = m_worker, settings] { w->saveSettings(settings); });
}

void KioskController::setSyncStatus(const SyncView& status)
{
    m_sync = status;
    if (status.pendingUploads >= 0) {
        m_pendingUploads = status.pendingUploads;
    }
    if (status.lastSuccess.isValid() && (!m_lastSync.isValid() || status.lastSuccess > m_lastSync)) {
        m_lastSync = status.lastSuccess;
    }
    emit statusChanged();
}

void KioskController::setCameraHealth(CameraHealth health)
{
    if (m_camera != health) {
        m_camera = health;
        emit statusChanged();
    }
}

} // namespace lounge::app
