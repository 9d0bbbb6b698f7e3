#include "controller/StoreWorker.h"

#include "CentralClient.h"
#include "DemoData.h"
#include "RedeemRouter.h"
#include "SyncEngine.h"
#include "controller/CheckReader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTimeZone>

Q_LOGGING_CATEGORY(lcWorker, "lounge.app.store")

namespace lounge::app {

using namespace lounge::core;

namespace {

constexpr auto kCameraKey = "gui.camera";
constexpr auto kVerdictKey = "gui.verdict_seconds";
constexpr auto kSoundKey = "gui.sound";
constexpr auto kLanguageKey = "gui.language";
constexpr auto kLockKey = "gui.lock_minutes";
constexpr auto kSecretKey = "terminal_secret"; // written by `lounge-terminal enroll`

QByteArray shortHash(const QByteArray& raw)
{
    return QCryptographicHash::hash(raw, QCryptographicHash::Sha256).toHex().left(8);
}

} // namespace

StoreWorker::StoreWorker(Options options, std::shared_ptr<const Clock> clock,
                         std::unique_ptr<StaffAuthenticator> authenticator, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_clock(std::move(clock))
    , m_authenticator(std::move(authenticator))
{
    qRegisterMetaType<KioskSettings>();
    qRegisterMetaType<StaffMember>();
    qRegisterMetaType<TodayData>();
    qRegisterMetaType<Decision>();
    qRegisterMetaType<Error>();
    qRegisterMetaType<Redemption>();
    qRegisterMetaType<QList<Resource>>();
    qRegisterMetaType<SyncView>();
    qRegisterMetaType<std::optional<CredentialRef>>();
    qRegisterMetaType<SignInFailure>();
    qRegisterMetaType<StaffSource>();
    // Checks the reader cannot answer (cache not open for it) come back here, queued like the desk's own request.
    m_reader = new CheckReader(
        m_clock, [this](quint64 request, const QByteArray& raw, int partySize, const BoardingPassInput& bp) {
            urgentQueued();
            QMetaObject::invokeMethod(
                this,
                [this, request, raw, partySize, bp] {
                    urgentTaken();
                    check(request, raw, partySize, bp);
                },
                Qt::QueuedConnection);
        });
    m_readerThread.setObjectName(QStringLiteral("store-reader"));
    m_reader->moveToThread(&m_readerThread);
    m_readerThread.start();
}

StoreWorker::~StoreWorker()
{
    m_reader->disable();
    m_readerThread.quit();
    m_readerThread.wait();
    delete m_reader; // its thread has ended: nothing else runs on it
    setInterruptible(nullptr);
    m_router.reset();
    m_sync.reset(); // before the client and the store it uses
    m_client.reset();
}

void StoreWorker::urgentQueued()
{
    m_urgent.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard lock(m_interruptMutex);
    if (m_interruptible) {
        m_interruptible->interruptCheckpoint();
    }
}

void StoreWorker::setInterruptible(core::Store* store)
{
    std::lock_guard lock(m_interruptMutex);
    m_interruptible = store;
}

Error StoreWorker::notOpen() const
{
    return makeError(ErrorCode::CantOpen, QStringLiteral("store not open"));
}

bool StoreWorker::ensureOpen()
{
    if (m_store) {
        return true;
    }
    open();
    return m_store != nullptr;
}

void StoreWorker::useCache(const QString& cachePath, bool seedDemoIfEmpty)
{
    m_options.cachePath = cachePath;
    m_options.seedDemoIfEmpty = seedDemoIfEmpty;
}

void StoreWorker::open()
{
    const quint64 readerGeneration = m_reader->disable(); // until the reopened cache is open for it too
    m_router.reset();
    m_sync.reset();
    m_client.reset();
    m_service.reset();
    setInterruptible(nullptr);
    m_store.reset();
    QDir().mkpath(QFileInfo(m_options.cachePath).absolutePath());
    // Checkpoints stay in the feed page's last commit on this thread: on a thread of their own they were measured
    // slower for a visit on this machine's disk, not faster (docs/performance.md, h/desk5; that option is removed).
    // The kiosk's first open: SQLite's page-cache memory faulted in now, not one page at a time inside the checks
    // (issue 16, docs/performance.md "Seventh round").
    Store::Options options;
    options.reservePageCache = true;
    auto store = Store::open(m_options.cachePath, options);
    if (!store) {
        qCWarning(lcWorker) << "cannot open the cache:" << store.error().toString();
        emit openFailed(store.error());
        return;
    }
    std::unique_ptr<Store> s = std::move(store).value();
    if (m_options.seedDemoIfEmpty) {
        auto n = s->count(QStringLiteral("memberships"));
        if (n && *n == 0) {
            const QDateTime now = m_clock->now();
            if (auto r = DemoData::seed(*s, DemoData::build(now.date()), now); !r) {
                qCWarning(lcWorker) << "demo seed failed:" << r.error().toString();
            } else {
                qCInfo(lcWorker) << "seeded the demo data set";
            }
        }
    }
    m_store = std::move(s);
    if (m_commitObserver) {
        m_store->setCommitObserver(m_commitObserver);
    }
    // A feed page's checkpoint waits while a request someone waits for is queued here, and one running when such a
    // request is queued stops (urgentQueued): the request does not wait behind it (docs/performance.md, h/desk6).
    m_store->setCheckpointDeferral([this] { return hasUrgentRequest(); });
    setInterruptible(m_store.get());
    auto settings = loadSettings();
    if (!settings) {
        setInterruptible(nullptr);
        m_store.reset();
        emit openFailed(settings.error());
        return;
    }
    m_settings = *settings;
    auto resources = m_store->resources();
    m_security = std::make_unique<core::SecurityStore>(*m_store);
    m_verifier = std::make_unique<core::SignedTokenVerifier>(*m_security);
    m_service
        = std::make_unique<AccessService>(*m_store, *m_clock, m_settings.terminal.context(m_staffId), m_verifier.get());
    // Each record's witness is written just after its answer is emitted, not between the commit and the answer (p95
    // 20 ms during a download: a file sync): the verdict is painted meanwhile (docs/performance.md, h/desk6).
    m_service->setWitnessAfterAnswer(true);
    // Before `opened` reaches the GUI: a check queued after it finds the reader's open queued ahead of it.
    QMetaObject::invokeMethod(
        m_reader,
        [r = m_reader, path = m_options.cachePath, context = m_settings.terminal.context(m_staffId), readerGeneration] {
            r->open(path, context, readerGeneration);
        },
        Qt::QueuedConnection);
    emit opened(m_settings, resources.valueOr({}));
    refreshStaff();
    refreshStatus();
    startSync();
}

void StoreWorker::refreshStaff()
{
    if (!m_store || !m_service) {
        return;
    }
    core::StaffDirectory::Options o;
    o.terminalId = m_settings.terminal.terminalId;
    o.resourceId = m_settings.terminal.resourceId;
    if (auto r = m_store->resource(o.resourceId); r && r->has_value()) {
        o.airport = (*r)->airport;
    }
    m_directory = std::make_unique<core::StaffDirectory>(*m_store, *m_clock, o);
    auto count = m_security->staffCount();
    if (!count) {
        qCWarning(lcWorker) << "cannot count staff accounts:" << count.error().toString();
        emit storeTroubled(count.error());
    }
    // The demo PINs are public: an enrolled terminal signs in only with accounts from central (none yet = nobody).
    const StaffSource source
        = (count && *count > 0) || m_settings.terminal.enrolled() ? StaffSource::Accounts : StaffSource::Demo;
    // With accounts, core re-checks every void against the directory (role, active, allowed here). The demo
    // authenticator's ids are not accounts, so the demo cache keeps core's unchecked void.
    m_service->setStaffDirectory(source == StaffSource::Accounts ? m_directory.get() : nullptr);
    if (source != m_staffSource) {
        qCInfo(lcWorker) << "staff sign-in source:" << (source == StaffSource::Accounts ? "accounts" : "demo");
    }
    m_staffSource = source;
    emit staffSourceChanged(source);
}

void StoreWorker::startSync()
{
    auto secret = m_store->setting(QLatin1String(kSecretKey));
    if (m_settings.terminal.centralUrl.isEmpty() || !secret || !secret->has_value()) {
        return; // standalone terminal: SyncView::State::Disabled
    }
    m_client = std::make_unique<sync::CentralClient>(QUrl(m_settings.terminal.centralUrl));
    m_client->setCredentials(m_settings.terminal.terminalId, **secret);
    m_sync = std::make_unique<sync::SyncEngine>(*m_store, *m_client, *m_clock, sync::SyncEngine::Options {});
    m_sync->setMode(m_settings.terminal.mode);
    m_sync->setYieldCheck([this] { return hasUrgentRequest(); }); // a scan never waits for a whole feed page
    connect(m_sync.get(), &sync::SyncEngine::statusChanged, this, &StoreWorker::publishSync);
    connect(m_sync.get(), &sync::SyncEngine::downloadProgressed, this,
            [this](const sync::DownloadProgress&) { publishSync(m_sync->status()); });
    connect(m_sync.get(), &sync::SyncEngine::syncSucceeded, this, &StoreWorker::refreshStaff); // accounts arrive
    m_router = std::make_unique<sync::RedeemRouter>(*m_store, *m_service, *m_sync);
    m_sync->start();
    publishSync(m_sync->status());
}

void StoreWorker::publishSync(const sync::SyncStatus& s)
{
    SyncView v;
    switch (s.state) {
    case sync::SyncState::Online:
        v.state = SyncView::State::Online;
        break;
    case sync::SyncState::Syncing:
        v.state = SyncView::State::Syncing;
        break;
    case sync::SyncState::Offline:
        v.state = SyncView::State::Offline;
        break;
    case sync::SyncState::Error:
        v.state = SyncView::State::Error;
        break;
    }
    if (s.consecutiveFailures > m_syncFailures) {
        m_lastFailure = m_clock->now();
    }
    if (!s.lastError.isEmpty()) {
        m_lastFailureCode = s.lastErrorCode;
    }
    m_syncFailures = s.consecutiveFailures;
    v.lastFailureCode = m_lastFailureCode;
    v.mode = s.mode;
    v.lastSuccess = s.lastSuccess;
    v.lastFailure = m_lastFailure;
    v.pendingUploads = s.pendingUploads;
    v.clockOffsetMs = s.clockOffsetMs;
    if (s.download.active && s.download.total > 0) {
        v.downloadDone = int(qMin<qint64>(s.download.records, s.download.total));
        v.downloadTotal = int(s.download.total);
    }
    emit syncStatusChanged(v);
}

void StoreWorker::syncNow()
{
    if (m_sync) {
        m_sync->syncNow();
    }
}

void StoreWorker::updateReaderContext()
{
    QMetaObject::invokeMethod(
        m_reader, [r = m_reader, context = m_settings.terminal.context(m_staffId)] { r->setContext(context); },
        Qt::QueuedConnection);
}

void StoreWorker::closeStore()
{
    m_reader->disable();
    m_router.reset();
    m_directory.reset();
    m_sync.reset();
    m_client.reset();
    m_service.reset();
    setInterruptible(nullptr);
    m_store.reset();
}

Result<KioskSettings> StoreWorker::loadSettings() const
{
    auto terminal = TerminalSettings::load(*m_store);
    if (!terminal) {
        return terminal.error();
    }
    KioskSettings s;
    s.terminal = *terminal;
    auto get = [&](const char* key) -> std::optional<QString> {
        auto v = m_store->setting(QLatin1String(key));
        return v ? *v : std::nullopt;
    };
    s.cameraId = get(kCameraKey).value_or(QString());
    if (auto v = get(kVerdictKey)) {
        s.verdictSeconds = qBound(1, v->toInt(), 60);
    }
    if (auto v = get(kLockKey)) {
        s.lockMinutes = qBound(0, v->toInt(), KioskSettings::kMaxLockMinutes);
    }
    if (auto v = get(kSoundKey)) {
        s.sound = *v != QLatin1String("0");
    }
    if (auto v = get(kLanguageKey)) {
        s.language = *v;
    }
    return s;
}

void StoreWorker::signIn(quint64 request, const QString& staffId, const QString& secret)
{
    if (m_staffSource == StaffSource::Demo || !m_directory) {
        auto staff = m_authenticator->authenticate(secret);
        if (!staff) {
            SignInFailure f;
            if (staff.error().code == ErrorCode::Forbidden) {
                f.kind = SignInFailure::Kind::LockedOut;
            } else if (staff.error().code != ErrorCode::Unauthorized) {
                f.kind = SignInFailure::Kind::Unavailable;
                f.error = staff.error();
            }
            emit signInFailed(request, f);
            return;
        }
        emit signedIn(request, *staff);
        return;
    }
    auto outcome = m_directory->signIn(staffId, secret);
    if (!outcome) {
        qCWarning(lcWorker) << "staff sign-in failed:" << outcome.error().toString();
        SignInFailure f;
        f.kind = SignInFailure::Kind::Unavailable;
        f.error = outcome.error();
        emit signInFailed(request, f);
        emit storeTroubled(outcome.error());
        return;
    }
    using Status = SignInOutcome::Status;
    SignInFailure f;
    f.failures = outcome->failures;
    f.retryAfter = outcome->retryAfter;
    switch (outcome->status) {
    case Status::SignedIn: {
        StaffMember m;
        m.id = outcome->session->staffId;
        m.role = outcome->session->role;
        auto account = m_directory->account(m.id);
        m.name = account && account->has_value() ? (*account)->name : QString(); // the GUI says "Staff 4101"
        emit signedIn(request, m);
        return;
    }
    case Status::WrongCredentials:
        // The failure that triggers the lock-out comes back as a wrong PIN with retryAfter set.
        f.kind = f.retryAfter.isValid() && f.retryAfter > m_clock->now() ? SignInFailure::Kind::LockedOut
                                                                         : SignInFailure::Kind::WrongCredentials;
        break;
    case Status::LockedOut:
        f.kind = SignInFailure::Kind::LockedOut;
        break;
    case Status::Inactive:
        f.kind = SignInFailure::Kind::Inactive;
        break;
    case Status::NotAllowedHere:
        f.kind = SignInFailure::Kind::NotAllowedHere;
        break;
    }
    emit signInFailed(request, f);
}

void StoreWorker::setStaff(const QString& staffId)
{
    m_staffId = staffId;
    if (m_service) {
        m_service->setContext(m_settings.terminal.context(m_staffId));
    }
    updateReaderContext();
}

void StoreWorker::recordStaffEvent(StaffEventKind kind, const QString& staffId, const QString& subjectId)
{
    if (!ensureOpen()) {
        return;
    }
    StaffEvent e;
    e.at = m_clock->now();
    e.kind = kind;
    e.staffId = staffId;
    e.subjectId = subjectId;
    if (auto r = StaffEventLog(*m_store).record(e); !r) {
        qCWarning(lcWorker) << "staff event not recorded:" << r.error().toString();
        emit storeTroubled(r.error());
    }
}

namespace {
ScanInput scanInput(const QByteArray& raw, int partySize, const BoardingPassInput& bp)
{
    ScanInput in {raw, partySize};
    in.boardingPass = bp.holder;
    in.guestBoardingPasses = bp.guests;
    in.boardingPassOverrideBy = bp.overrideBy;
    in.boardingPassOverrideReason = bp.overrideReason;
    return in;
}
} // namespace

void StoreWorker::check(quint64 request, const QByteArray& raw, int partySize, const BoardingPassInput& bp)
{
    if (!ensureOpen()) {
        Decision d;
        d.verdict = Verdict::Reject;
        d.reason = Reason::StoreUnavailable;
        d.at = m_clock->now();
        emit decisionReady(request, d);
        return;
    }
    Decision d = m_service->check(scanInput(raw, partySize, bp));
    qCDebug(lcWorker) << "check" << shortHash(raw) << toString(d.verdict) << toString(d.reason);
    if (d.reason == Reason::RecentlyUsed && d.credential) {
        // ATTENTION says when, how many, at which desk and by whom: read that visit (best effort, it is context).
        if (auto last = m_store->lastVisit(*d.credential, m_settings.terminal.resourceId); last && last->has_value()) {
            d.lastVisit = **last;
        }
    }
    emit decisionReady(request, d);
}

void StoreWorker::redeem(quint64 request, const QByteArray& raw, int partySize, bool confirmAttention,
                         const BoardingPassInput& bp)
{
    if (!ensureOpen()) {
        emit recordFailed(request, notOpen());
        return;
    }
    if (m_router && m_settings.terminal.mode == TerminalSettings::Mode::OnlineFirst) {
        // Ask central briefly (CentralClient's online timeout); on no answer the router decides locally under the
        // same redemption id, so a request that did reach central is never counted twice.
        m_router->redeem(scanInput(raw, partySize, bp), confirmAttention,
                         [this, request, raw, partySize](Result<sync::RoutedDecision> routed) {
                             if (!routed) {
                                 finishRedeem(request, raw, partySize, routed.error(), false);
                                 return;
                             }
                             const bool offline = routed->source == sync::RoutedDecision::Source::LocalFallback;
                             if (offline) {
                                 qCInfo(lcWorker) << "central did not decide, decided offline:" << routed->note;
                             }
                             finishRedeem(request, raw, partySize, routed->decision, offline);
                         });
        return;
    }
    auto d = m_service->redeem(scanInput(raw, partySize, bp), confirmAttention);
    finishRedeem(request, raw, partySize, d, false);
    if (m_sync && d && d->recorded) {
        m_sync->uploadSoon();
    }
}

void StoreWorker::finishRedeem(quint64 request, const QByteArray& raw, int partySize, const Result<Decision>& d,
                               bool decidedOffline)
{
    if (!d) {
        qCWarning(lcWorker) << "redeem" << shortHash(raw) << "not recorded:" << d.error().toString();
        emit recordFailed(request, d.error());
        emit storeTroubled(d.error());
        return;
    }
    qCInfo(lcWorker) << "redeem" << shortHash(raw) << toString(d->verdict) << toString(d->reason) << "party"
                     << partySize << (d->recorded ? "recorded" : "not recorded") << (decidedOffline ? "offline" : "");
    emit redemptionRecorded(request, *d, decidedOffline);
    m_service->writePendingWitness(); // after the answer: the desk does not wait for it
    refreshStatus();
}

void StoreWorker::voidRedemption(const QUuid& id, const QString& staffId, const QString& remark)
{
    if (!ensureOpen()) {
        emit voidFailed(notOpen());
        return;
    }
    auto v = m_service->voidRedemption(id, staffId, remark, m_settings.terminal.voidWindowSeconds);
    if (!v) {
        emit voidFailed(v.error());
        return;
    }
    emit voidRecorded(*v);
    m_service->writePendingWitness(); // after the answer: the desk does not wait for it
    if (m_sync) {
        m_sync->uploadSoon();
    }
    refreshStatus();
}

void StoreWorker::recordRefusal(const Decision& d)
{
    if (!ensureOpen()) {
        return;
    }
    core::Refusal f;
    f.at = d.at.isValid() ? d.at : m_clock->now();
    f.credential = d.credential;
    f.holderName = d.holderName;
    f.programName = d.programName;
    f.reason = d.reason;
    f.staffId = m_staffId;
    f.terminalId = m_settings.terminal.terminalId;
    if (auto r = m_store->recordRefusal(f); !r) {
        // The desk log is context; the verdict on screen is what matters. Say so in the log, not on screen.
        qCWarning(lcWorker) << "refusal not logged:" << r.error().toString();
    }
}

void StoreWorker::changePartySize(const QUuid& id, int partySize, const QString& staffId, const QString& remark)
{
    if (!ensureOpen()) {
        emit partyChangeFailed(notOpen());
        return;
    }
    auto d = m_service->changePartySize(id, partySize, staffId, remark, m_settings.terminal.voidWindowSeconds);
    if (!d) {
        emit partyChangeFailed(d.error());
        return;
    }
    emit partyChanged(*d);
    m_service->writePendingWitness(); // after the answer: the desk does not wait for it
    if (d->recorded && m_sync) {
        m_sync->uploadSoon();
    }
    refreshStatus();
}

void StoreWorker::recordPaidEntry(const core::Decision& refused, int partySize, std::optional<qint64> amountMinor)
{
    if (!ensureOpen()) {
        emit paidEntryFailed(notOpen());
        return;
    }
    auto r = m_service->recordPaidEntry(refused.credential, refused.holderName, partySize, amountMinor);
    if (!r) {
        emit paidEntryFailed(r.error());
        return;
    }
    emit paidEntryRecorded(*r);
    m_service->writePendingWitness(); // after the answer: the desk does not wait for it
    if (m_sync) {
        m_sync->uploadSoon();
    }
    refreshStatus();
}

void StoreWorker::lookupCode(quint64 request, const QByteArray& raw)
{
    if (!ensureOpen()) {
        emit storeTroubled(notOpen());
        return;
    }
    // The validator's lookup (static code, membership number, or a signed token) tells which pass it is; its verdict
    // is not used, so a refused or expired pass is found too.
    emit codeLookedUp(request, m_service->check(ScanInput {raw, 1}).credential);
}

void StoreWorker::loadToday()
{
    if (!ensureOpen()) {
        emit storeTroubled(notOpen());
        return;
    }
    QString zone = QStringLiteral("UTC");
    if (auto r = m_store->resource(m_settings.terminal.resourceId); r && r->has_value()) {
        zone = (*r)->timeZone;
    }
    const QDateTime now = m_clock->now();
    const QDate day = Validator::localDate(now, zone);
    QTimeZone tz(zone.toUtf8());
    if (!tz.isValid()) {
        tz = QTimeZone::utc();
    }
    const QDateTime from = QDateTime(day, QTime(0, 0), tz).toUTC();
    const QDateTime to = QDateTime(day.addDays(1), QTime(0, 0), tz).toUTC();
    auto records = m_store->journal(from, to, 2000);
    auto stats = m_store->shiftStats(from, to, tz);
    auto events = StaffEventLog(*m_store).between(from, to);
    auto refusals = m_store->refusals(from, to, 2000);
    auto report = core::ShiftReport::forDay(*m_store, day, tz);
    for (const Error* e :
         {records ? nullptr : &records.error(), stats ? nullptr : &stats.error(), events ? nullptr : &events.error(),
          refusals ? nullptr : &refusals.error(), report ? nullptr : &report.error()}) {
        if (e) {
            emit storeTroubled(*e);
            return;
        }
    }
    TodayData today;
    today.records = *records;
    today.stats = *stats;
    today.staffEvents = *events;
    today.refusals = *refusals;
    today.report = *report;
    // Membership numbers of the day's members, so staff can search by the number printed on the card.
    auto remember = [&](const std::optional<core::CredentialRef>& c) {
        if (!c || c->kind != core::CredentialKind::Membership || today.memberNumbers.contains(c->id)) {
            return;
        }
        if (auto m = m_store->membershipById(c->id); m && m->has_value()) {
            today.memberNumbers.insert(c->id, (*m)->number);
        }
    };
    for (const auto& r : today.records) {
        remember(r.credential);
    }
    for (const auto& f : today.refusals) {
        remember(f.credential);
    }
    emit todayLoaded(today);
}

void StoreWorker::refreshStatus()
{
    if (!m_store) {
        open();
        return; // open() calls back here on success
    }
    auto pending = m_store->pendingUploads();
    auto last = m_store->lastSync();
    if (!pending || !last) {
        emit storeTroubled(!pending ? pending.error() : last.error());
        return;
    }
    emit statusLoaded(*pending, *last);
}

void StoreWorker::saveSettings(const KioskSettings& settings)
{
    if (!ensureOpen()) {
        emit settingsFailed(notOpen());
        return;
    }
    if (auto r = settings.terminal.save(*m_store); !r) {
        emit settingsFailed(r.error());
        return;
    }
    const std::pair<const char*, QString> fields[] = {
        {kCameraKey, settings.cameraId},
        {kVerdictKey, QString::number(settings.verdictSeconds)},
        {kLockKey, QString::number(settings.lockMinutes)},
        {kSoundKey, settings.sound ? QStringLiteral("1") : QStringLiteral("0")},
        {kLanguageKey, settings.language},
    };
    for (const auto& [key, value] : fields) {
        if (auto r = m_store->setSetting(QLatin1String(key), value); !r) {
            emit settingsFailed(r.error());
            return;
        }
    }
    m_settings = settings;
    m_service->setContext(m_settings.terminal.context(m_staffId));
    updateReaderContext(); // before settingsSaved: a check queued after it uses the new lounge
    if (m_sync) {
        m_sync->setMode(m_settings.terminal.mode);
    }
    emit settingsSaved(m_settings);
    refreshStaff(); // the lounge may have changed, and with it who may sign in here
}

} // namespace lounge::app
