#include "controller/KioskController.h"

#include "controller/AdmissionFlow.h"
#include "controller/SessionController.h"
#include "controller/StoreBackend.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcKiosk, "lounge.app.kiosk")

namespace lounge::app {

using namespace lounge::core;

namespace {
constexpr int kStatusRefreshMs = 5000;
/// The supervisor PIN checks of a boarding-pass override carry ids apart from the sign-in's.
constexpr quint64 kOverrideBase = quint64(1) << 61;
} // namespace

KioskController::KioskController(StoreBackend* backend, std::shared_ptr<const Clock> clock, QObject* parent)
    : QObject(parent)
    , m_backend(backend)
    , m_clock(std::move(clock))
    , m_session(new SessionController(backend, this))
    , m_admission(new AdmissionFlow(backend, this))
    , m_todayCtl(new TodayController(backend, m_clock,
                                     TodayController::Session {
                                         [this](StaffAction a) { return allows(a); },
                                         [this] { return staff() ? staff()->id : QString(); },
                                         [this] { return m_settings.terminal.voidWindowSeconds; },
                                     },
                                     this))
{
    qRegisterMetaType<Screen>();
    qRegisterMetaType<VerdictTone>();
    qRegisterMetaType<ScanNotice>();
    applyTimes();
    m_statusTimer.setInterval(kStatusRefreshMs);
    connect(&m_statusTimer, &QTimer::timeout, this, [this] {
        m_backend->refreshStatus();
        emit statusChanged(); // sync age and clock move on
    });

    // session chapter
    connect(m_session, &SessionController::stateChanged, this, &KioskController::onSessionState);
    connect(m_session, &SessionController::staffChanged, this, &KioskController::staffChanged);
    connect(m_session, &SessionController::sessionTakenOver, this, &KioskController::sessionTakenOver);
    connect(m_session, &SessionController::signInFailed, this, &KioskController::signInFailed);
    connect(m_session, &SessionController::signInStepChanged, this, &KioskController::signInStepChanged);
    connect(m_session, &SessionController::busyChanged, this, &KioskController::updateBusy);
    connect(m_session, &SessionController::idleTimedOut, this, &KioskController::lockAfterIdle);

    // admission chapter
    connect(m_admission, &AdmissionFlow::phaseChanged, this, &KioskController::onAdmissionPhase);
    connect(m_admission, &AdmissionFlow::busyChanged, this, &KioskController::updateBusy);
    connect(m_admission, &AdmissionFlow::partySizeChanged, this, &KioskController::partySizeChanged);
    connect(m_admission, &AdmissionFlow::verdictChanged, this, &KioskController::verdictChanged);
    connect(m_admission, &AdmissionFlow::verdictPresented, this, [this](VerdictTone tone, qint64 arrivalNs) {
        // A refusal staff were shown goes to the desk's log (today list, shift statistics): once per verdict, never
        // for the next-guest chip's read-only check.
        const core::Decision& d = verdict().decision;
        if (tone == VerdictTone::Reject && d.reason != core::Reason::StoreUnavailable) {
            m_backend->recordRefusal(d);
        }
        emit verdictPresented(tone, arrivalNs);
    });
    connect(m_admission, &AdmissionFlow::nextGuestChanged, this, &KioskController::nextGuestChanged);
    connect(m_admission, &AdmissionFlow::boardingPassPromptChanged, this, &KioskController::boardingPassPromptChanged);
    // A supervisor's PIN for a boarding-pass override: checked like a sign-in; the session stays whose it is.
    connect(backend, &StoreBackend::signedIn, this, [this](quint64 request, const StaffMember& who) {
        if (request != m_overrideRequest || m_overrideRequest == 0) {
            return;
        }
        m_overrideRequest = 0;
        if (!StaffPolicy::allows(who.role, StaffAction::Void)) {
            SignInFailure f;
            f.kind = SignInFailure::Kind::SupervisorNeeded;
            emit boardingPassOverrideRefused(f);
            return;
        }
        if (!m_admission->overrideBoardingPass(who.id, m_overrideReason)) {
            SignInFailure f;
            f.kind = SignInFailure::Kind::Unavailable; // the desk moved on meanwhile (timeout, cancel)
            emit boardingPassOverrideRefused(f);
        }
    });
    connect(backend, &StoreBackend::signInFailed, this, [this](quint64 request, const SignInFailure& failure) {
        if (request != m_overrideRequest || m_overrideRequest == 0) {
            return;
        }
        m_overrideRequest = 0;
        emit boardingPassOverrideRefused(failure);
    });
    connect(m_admission, &AdmissionFlow::scanNoticed, this, &KioskController::scanNoticed);
    connect(m_admission, &AdmissionFlow::writeSucceeded, this, [this] { clearStoreFault(FaultCleared::ByWrite); });
    connect(m_admission, &AdmissionFlow::writeFailed, this, [this](const Error& e) {
        // Red until a visit (or another write) commits again: a read that works says nothing about the disk.
        m_storeFault = e;
        m_writeFault = true;
        emit statusChanged();
    });

    // store status
    connect(backend, &StoreBackend::opened, this, &KioskController::onOpened);
    connect(backend, &StoreBackend::openFailed, this, [this](const Error& e) {
        m_storeOpen = false;
        m_storeFault = e;
        emit statusChanged();
    });
    connect(backend, &StoreBackend::storeTroubled, this, [this](const Error& e) {
        m_storeFault = e;
        emit statusChanged();
    });
    connect(backend, &StoreBackend::statusLoaded, this, [this](int pending, const QDateTime& last) {
        m_pendingUploads = pending;
        m_lastSync = last;
        clearStoreFault(FaultCleared::ByRead);
        emit statusChanged();
    });
    connect(backend, &StoreBackend::syncStatusChanged, this, &KioskController::setSyncStatus);
    // today chapter: its events are re-emitted here for the screens and tests that listen to the kiosk as a whole
    connect(m_todayCtl, &TodayController::todayChanged, this, &KioskController::todayChanged);
    connect(m_todayCtl, &TodayController::voidConfirmationRequested, this, &KioskController::voidConfirmationRequested);
    connect(m_todayCtl, &TodayController::voidRecorded, this, [this](const Redemption& v) {
        clearStoreFault(FaultCleared::ByWrite);
        emit voidRecorded(v);
    });
    connect(m_todayCtl, &TodayController::voidFailed, this, &KioskController::voidFailed);
    connect(m_todayCtl, &TodayController::partySizeChanged, this, [this](const core::Decision& d) {
        if (d.recorded) {
            clearStoreFault(FaultCleared::ByWrite);
        }
    });
    // paid entry (from a REJECT verdict)
    connect(backend, &StoreBackend::paidEntryRecorded, this, [this](const Redemption& r) {
        m_paidEntryPending = false;
        m_paidEntryDone = true;
        clearStoreFault(FaultCleared::ByWrite);
        emit paidEntryRecorded(r);
        emit statusChanged();
    });
    connect(backend, &StoreBackend::paidEntryFailed, this, [this](const Error& e) {
        m_paidEntryPending = false;
        m_storeFault = e;
        m_writeFault = true;
        emit paidEntryFailed(e);
        emit statusChanged();
    });
    connect(this, &KioskController::verdictChanged, this, [this] { m_paidEntryDone = false; });
    connect(backend, &StoreBackend::settingsSaved, this, [this](const KioskSettings& s) {
        m_settings = s;
        clearStoreFault(FaultCleared::ByWrite);
        applyTimes();
        noteActivity(); // the idle time may have changed
        emit settingsChanged();
        emit statusChanged();
    });
    connect(backend, &StoreBackend::settingsFailed, this, [this](const Error& e) {
        m_storeFault = e;
        emit statusChanged();
    });
}

KioskController::~KioskController() = default;

void KioskController::start()
{
    m_backend->open();
    m_statusTimer.start();
}

// ---- facade reads

const VerdictView& KioskController::verdict() const
{
    return m_admission->verdict();
}

const std::optional<StaffMember>& KioskController::staff() const
{
    return m_session->staff();
}

bool KioskController::isSessionOpen() const
{
    return m_session->isOpen();
}

bool KioskController::allows(StaffAction action) const
{
    return m_session->allows(action);
}

StaffSource KioskController::staffSource() const
{
    return m_session->staffSource();
}

SignInStep KioskController::signInStep() const
{
    return m_session->signInStep();
}

QString KioskController::signInStaffId() const
{
    return m_session->signInStaffId();
}

bool KioskController::isBusy() const
{
    return m_session->isBusy() || m_admission->isBusy();
}

const std::optional<NextGuest>& KioskController::nextGuest() const
{
    return m_admission->nextGuest();
}

int KioskController::partySize() const
{
    return m_admission->partySize();
}

int KioskController::maxPartySize() const
{
    return m_admission->maxPartySize();
}

const Decision& KioskController::partyDecision() const
{
    return m_admission->partyDecision();
}

const BoardingPassPrompt& KioskController::boardingPassPrompt() const
{
    return m_admission->boardingPassPrompt();
}

bool KioskController::canOverrideBoardingPass() const
{
    return isSessionOpen() && m_screen == Screen::BoardingPass && !isBusy() && m_overrideRequest == 0
        && (m_admission->boardingPassPrompt().need == BoardingPassPrompt::Need::BoardingPass
            || m_admission->boardingPassPrompt().need == BoardingPassPrompt::Need::GuestBoardingPass);
}

bool KioskController::overrideNeedsSupervisorPin() const
{
    return !allows(StaffAction::Void);
}

void KioskController::setBoardingPassOverrideOpen(bool open)
{
    m_admission->holdPrompt(open);
}

void KioskController::overrideBoardingPass(const QString& staffId, const QString& pin, const QString& reason)
{
    if (!canOverrideBoardingPass() || reason.trimmed().isEmpty()) {
        return;
    }
    noteActivity();
    if (!overrideNeedsSupervisorPin() && pin.isEmpty()) {
        m_admission->overrideBoardingPass(staff()->id, reason);
        return;
    }
    if (pin.isEmpty()) {
        SignInFailure f;
        f.kind = SignInFailure::Kind::WrongCredentials;
        emit boardingPassOverrideRefused(f);
        return;
    }
    m_overrideReason = reason.trimmed();
    m_overrideRequest = kOverrideBase + ++m_overrideCounter;
    m_backend->signIn(m_overrideRequest, staffId.trimmed(), pin);
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

void KioskController::setVerdictTimeoutOverrideMs(int ms)
{
    m_verdictOverrideMs = ms;
    applyTimes();
}

void KioskController::setIdleLockOverrideMs(int ms)
{
    m_idleOverrideMs = ms;
    applyTimes();
}

int KioskController::verdictTimeoutMs() const
{
    return m_verdictOverrideMs > 0 ? m_verdictOverrideMs : m_settings.verdictSeconds * 1000;
}

void KioskController::applyTimes()
{
    m_admission->setVerdictTimeoutMs(verdictTimeoutMs());
    m_session->setIdleTime(m_settings.lockMinutes, m_idleOverrideMs);
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

// ---- routing

void KioskController::setScreen(Screen screen)
{
    if (m_screen == screen) {
        return;
    }
    m_screen = screen;
    emit screenChanged(screen);
}

void KioskController::showStaffScreen(Screen screen)
{
    setScreen(screen);
    m_admission->setHolding(true); // a guest who scans now waits until staff are back on ready
    m_admission->dismiss(); // the verdict (or picker) left behind does not come back by itself
}

void KioskController::updateBusy()
{
    if (m_busy != isBusy()) {
        m_busy = isBusy();
        emit busyChanged(m_busy);
    }
}

void KioskController::clearStoreFault(FaultCleared how)
{
    if (m_writeFault && how != FaultCleared::ByWrite) {
        return;
    }
    m_writeFault = false;
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
    if (const auto r = currentResource()) {
        m_admission->setBoardingPassPolicy(r->boardingPass.policy);
    }
    applyTimes();
    clearStoreFault(FaultCleared::ByRead);
    emit settingsChanged();
    emit statusChanged();
}

void KioskController::onSessionState()
{
    switch (m_session->state()) {
    case SessionController::State::SignedOut:
        m_admission->abandon();
        m_todayCtl->cancelVoid();
        setScreen(Screen::SignedOut);
        break;
    case SessionController::State::Locked:
        m_admission->abandon();
        m_todayCtl->cancelVoid();
        setScreen(Screen::Locked);
        break;
    case SessionController::State::Open:
        setScreen(Screen::Ready);
        m_admission->setHolding(false);
        break;
    }
}

void KioskController::onAdmissionPhase()
{
    if (!m_session->isOpen()) {
        return;
    }
    switch (m_admission->phase()) {
    case AdmissionFlow::Phase::Ready:
        if (m_screen == Screen::PartySize || m_screen == Screen::BoardingPass || m_screen == Screen::Verdict) {
            setScreen(Screen::Ready);
        }
        break;
    case AdmissionFlow::Phase::PartySize:
        setScreen(Screen::PartySize);
        break;
    case AdmissionFlow::Phase::BoardingPass:
        setScreen(Screen::BoardingPass);
        break;
    case AdmissionFlow::Phase::Verdict:
        setScreen(Screen::Verdict);
        break;
    }
}

// ---- session intents (SessionController)

void KioskController::submitStaffId(const QString& staffId)
{
    m_session->submitStaffId(staffId);
}

void KioskController::submitPin(const QString& pin)
{
    m_session->submitPin(pin);
}

void KioskController::restartSignIn()
{
    m_session->restartSignIn();
}

void KioskController::cancelTakeover()
{
    m_session->cancelTakeover();
}

void KioskController::signOut()
{
    m_session->signOut();
}

void KioskController::lock()
{
    if (m_admission->isRecording()) {
        return; // a visit is being recorded: its verdict must reach the screen first
    }
    m_session->lock();
}

void KioskController::noteActivity()
{
    m_session->noteActivity();
}

void KioskController::lockAfterIdle()
{
    if (m_admission->isRecording()) {
        m_session->noteActivity(); // try again once the verdict is up
        return;
    }
    m_session->lock();
}

// ---- admission intents (AdmissionFlow)

bool KioskController::handleScan(const QByteArray& raw, qint64 arrivalNs)
{
    if (raw.isEmpty()) {
        return true;
    }
    noteActivity(); // a passenger at the desk means staff are there
    switch (m_screen) {
    case Screen::SignedOut:
    case Screen::Locked:
        // Only a staff badge reaches sign-in; a guest's pass in view is never typed into the PIN field.
        if (!m_session->submitBadge(raw)) {
            emit scanNoticed(ScanNotice::SignInFirst);
            return false;
        }
        return true;
    case Screen::Ready:
    case Screen::PartySize:
    case Screen::BoardingPass:
    case Screen::Verdict:
        return m_admission->scan(raw, arrivalNs);
    case Screen::Today:
        // On the today list a scanned pass is also a search: staff see what happened to that pass today. It still
        // waits as the next guest below, so nobody in the queue is lost.
        m_todayCtl->searchByCode(raw);
        [[fallthrough]];
    default:
        // Staff are busy on another screen: the code must not start a visit behind their back, nor be lost. It
        // becomes the next guest, checked when staff are back on ready (or "finish this guest first").
        return m_admission->queue(raw, arrivalNs);
    }
}

void KioskController::changeGuests(int delta)
{
    m_admission->changeGuests(delta);
}

void KioskController::confirmParty()
{
    m_admission->confirmParty();
}

void KioskController::admitAnyway()
{
    m_admission->admitAnyway();
}

void KioskController::returnToReady()
{
    if (!m_session->staff()) {
        setScreen(Screen::SignedOut);
        return;
    }
    if (m_screen == Screen::Locked) {
        return;
    }
    m_todayCtl->cancelVoid();
    m_overrideRequest = 0; // a supervisor PIN check still in flight no longer applies
    m_admission->dismiss(); // from a verdict, the picker or "scan boarding pass" (a reply in flight is ignored)
    setScreen(Screen::Ready);
    m_admission->setHolding(false); // the next guest, if one scanned meanwhile, is checked now
}

// ---- manual entry

void KioskController::openManualEntry()
{
    if (isSessionOpen() && (m_screen == Screen::Ready || m_screen == Screen::Verdict) && !isBusy()) {
        showStaffScreen(Screen::ManualEntry);
    }
}

void KioskController::submitManual(const QString& text)
{
    const QString code = text.trimmed();
    if (m_screen != Screen::ManualEntry || code.isEmpty() || isBusy()) {
        return;
    }
    setScreen(Screen::Ready);
    m_admission->begin(code.toUtf8(), 0);
    m_admission->setHolding(false); // a guest who scanned meanwhile comes after the one typed in
}

// ---- today + void (TodayController)

void KioskController::openToday()
{
    if (!isSessionOpen() || isBusy()) {
        return;
    }
    m_todayCtl->setSearch({});
    showStaffScreen(Screen::Today);
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

// ---- paid entry

bool KioskController::canRecordPaidEntry() const
{
    const VerdictView& v = verdict();
    return isSessionOpen() && m_screen == Screen::Verdict && v.tone == VerdictTone::Reject && v.decision.credential
        && offersPaidEntry(v.decision.reason) && !m_paidEntryPending && !m_paidEntryDone;
}

void KioskController::openPaidEntry()
{
    if (canRecordPaidEntry()) {
        m_admission->keepVerdict();
    }
}

void KioskController::recordPaidEntry(int partySize, std::optional<qint64> amountMinor)
{
    if (!canRecordPaidEntry() || partySize < 1) {
        return;
    }
    m_paidEntryPending = true;
    m_admission->keepVerdict(); // staff are selling entry: the refusal stays until they are done
    m_backend->recordPaidEntry(verdict().decision, partySize, amountMinor);
}

void KioskController::openSync()
{
    if (isSessionOpen() && !isBusy()) {
        showStaffScreen(Screen::Sync);
    }
}

void KioskController::syncNow()
{
    if (allows(StaffAction::ForceSync)) {
        m_backend->syncNow();
    }
}

void KioskController::openSettings()
{
    if (!isSessionOpen() || isBusy()) {
        return;
    }
    if (!allows(StaffAction::ChangeSettings)) {
        emit settingsRefused();
        return;
    }
    showStaffScreen(Screen::Settings);
}

void KioskController::applySettings(const KioskSettings& settings)
{
    if (!allows(StaffAction::ChangeSettings)) {
        emit settingsRefused();
        return;
    }
    m_backend->saveSettings(settings);
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
