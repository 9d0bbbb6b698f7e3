#include "controller/SetupController.h"

#include "Store.h"
#include "SyncEngine.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSetup, "lounge.app.setup")

namespace lounge::app {

using namespace lounge::core;

namespace {
const QString kSecretKey = QStringLiteral("terminal_secret"); // the same key `lounge-terminal enroll` writes
} // namespace

QString toString(SetupController::Problem p)
{
    switch (p) {
    case SetupController::Problem::None:
        return QStringLiteral("NONE");
    case SetupController::Problem::BadUrl:
        return QStringLiteral("BAD_URL");
    case SetupController::Problem::MissingCode:
        return QStringLiteral("MISSING_CODE");
    case SetupController::Problem::NotEnrollmentQr:
        return QStringLiteral("NOT_ENROLLMENT_QR");
    case SetupController::Problem::WrongCode:
        return QStringLiteral("WRONG_CODE");
    case SetupController::Problem::Unreachable:
        return QStringLiteral("UNREACHABLE");
    case SetupController::Problem::TlsNameMismatch:
        return QStringLiteral("TLS_NAME_MISMATCH");
    case SetupController::Problem::TlsUntrusted:
        return QStringLiteral("TLS_UNTRUSTED");
    case SetupController::Problem::LocalStorage:
        return QStringLiteral("LOCAL_STORAGE");
    case SetupController::Problem::DownloadFailed:
        return QStringLiteral("DOWNLOAD_FAILED");
    }
    return QStringLiteral("UNKNOWN");
}

SetupController::SetupController(Options options, std::shared_ptr<const Clock> clock, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_clock(std::move(clock))
{ }

SetupController::~SetupController()
{
    m_engine.reset(); // before the client and the store it uses
    m_client.reset();
}

Result<bool> SetupController::needsSetup(const QString& cachePath)
{
    if (!QFileInfo::exists(cachePath)) {
        return true;
    }
    auto store = Store::open(cachePath);
    if (!store) {
        return store.error();
    }
    auto settings = TerminalSettings::load(**store);
    if (!settings) {
        return settings.error();
    }
    return settings->centralUrl.isEmpty();
}

void SetupController::setState(State state)
{
    if (m_state != state) {
        m_state = state;
        emit stateChanged(state);
    }
}

void SetupController::fail(Problem problem, const QString& detail)
{
    m_problem = problem;
    m_detail = detail;
    qCWarning(lcSetup) << "set-up:" << toString(problem) << detail;
    setState(State::Failed);
}

SetupController::Problem SetupController::problemFor(const Error& e)
{
    switch (e.code) {
    case ErrorCode::Unauthorized:
    case ErrorCode::Forbidden:
    case ErrorCode::NotFound:
    case ErrorCode::InvalidArgument:
    case ErrorCode::Conflict:
        return Problem::WrongCode;
    case ErrorCode::Network:
    case ErrorCode::Timeout:
    case ErrorCode::Protocol: {
        // QNetworkReply reports TLS failures as text (QSslError descriptions); the rest is "unreachable".
        const QString d = e.detail.toLower();
        if (d.contains(QLatin1String("host name did not match"))) {
            return Problem::TlsNameMismatch;
        }
        if (d.contains(QLatin1String("ssl")) || d.contains(QLatin1String("certificate"))) {
            return Problem::TlsUntrusted;
        }
        return Problem::Unreachable;
    }
    default:
        return Problem::LocalStorage;
    }
}

bool SetupController::handleScan(const QByteArray& raw)
{
    if (isWorking() || m_state == State::Done) {
        return false;
    }
    const auto link = EnrollmentLink::parse(raw);
    if (!link) {
        fail(Problem::NotEnrollmentQr, QStringLiteral("scanned code is not an enrollment QR"));
        return false;
    }
    submit(link->central.toString(), link->code);
    return true;
}

Result<void> SetupController::prepareCache()
{
    m_engine.reset();
    m_client.reset();
    m_store.reset();
    QDir().mkpath(QFileInfo(m_options.cachePath).absolutePath());
    if (QFileInfo::exists(m_options.cachePath)) {
        auto existing = Store::open(m_options.cachePath);
        if (!existing) {
            return existing.error();
        }
        auto settings = TerminalSettings::load(**existing);
        auto members = (*existing)->count(QStringLiteral("memberships"));
        auto journal = (*existing)->count(QStringLiteral("journal"));
        if (!settings || !members || !journal) {
            return makeError(ErrorCode::IoError, QStringLiteral("cannot read the existing cache"));
        }
        if (!settings->centralUrl.isEmpty()) {
            return makeError(ErrorCode::Conflict, QStringLiteral("this desk is already enrolled"));
        }
        existing->reset(); // close before moving the files
        if (*members > 0 || *journal > 0) {
            // Data from before set-up (demo data, visits recorded standalone): keep it, out of the desk's way.
            const QString stamp = m_clock->now().toUTC().toString(QStringLiteral("yyyyMMdd-HHmmss"));
            const QFileInfo info(m_options.cachePath);
            const QString aside = info.dir().filePath(info.completeBaseName() + QStringLiteral(".before-setup-") + stamp
                                                      + QLatin1Char('.') + info.suffix());
            // The SQLite side files and the store's witness file (if any) travel with it.
            for (const QString& suffix :
                 {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral(".witness")}) {
                if (QFileInfo::exists(m_options.cachePath + suffix)
                    && !QFile::rename(m_options.cachePath + suffix, aside + suffix)) {
                    return makeError(ErrorCode::IoError,
                                     QStringLiteral("cannot move %1 aside").arg(m_options.cachePath));
                }
            }
            m_movedAside = aside;
            qCInfo(lcSetup) << "moved the unenrolled cache with" << *members << "members and" << *journal
                            << "journal records to" << aside;
        }
    }
    auto store = Store::open(m_options.cachePath);
    if (!store) {
        return store.error();
    }
    m_store = std::move(store).value();
    return {};
}

void SetupController::submit(const QString& urlText, const QString& codeText)
{
    if (isWorking() || m_state == State::Done) {
        return;
    }
    m_problem = Problem::None;
    m_detail.clear();
    const QUrl url(urlText.trimmed(), QUrl::StrictMode);
    const QString code = codeText.trimmed();
    m_url = url;
    if (!EnrollmentLink::isUsableCentralUrl(url)) {
        fail(Problem::BadUrl, QStringLiteral("not an http(s) URL: ") + urlText);
        return;
    }
    if (code.isEmpty()) {
        fail(Problem::MissingCode, QStringLiteral("no enrollment code"));
        return;
    }
    setState(State::Enrolling);
    if (auto prepared = prepareCache(); !prepared) {
        fail(prepared.error().code == ErrorCode::Conflict ? Problem::WrongCode : Problem::LocalStorage,
             prepared.error().toString());
        return;
    }
    m_client = std::make_unique<sync::CentralClient>(url, m_options.client);
    m_client->enroll(code, [this, url](Result<sync::EnrollReply> r) {
        if (!r) {
            fail(problemFor(r.error()), r.error().toString());
            return;
        }
        auto settings = TerminalSettings::load(*m_store);
        if (!settings) {
            fail(Problem::LocalStorage, settings.error().toString());
            return;
        }
        settings->terminalId = r->terminalId;
        settings->resourceId = r->resourceId;
        settings->centralUrl = url.toString();
        settings->mode = m_options.mode;
        auto saved = settings->save(*m_store);
        if (saved) {
            saved = m_store->setSetting(kSecretKey, r->secret); // the cache file is 0600
        }
        if (!saved) {
            fail(Problem::LocalStorage, saved.error().toString());
            return;
        }
        m_terminalId = r->terminalId;
        m_resourceId = r->resourceId;
        qCInfo(lcSetup) << "enrolled as" << r->terminalId << "at" << r->resourceId << "with" << url.toString();
        m_client->setCredentials(r->terminalId, r->secret);
        startDownload();
    });
}

void SetupController::startDownload()
{
    setState(State::Downloading);
    m_progress = {};
    m_progress.active = true;
    emit progressChanged();
    sync::SyncEngine::Options o;
    o.pageSize = m_options.pageSize;
    m_engine = std::make_unique<sync::SyncEngine>(*m_store, *m_client, *m_clock, o);
    connect(m_engine.get(), &sync::SyncEngine::downloadProgressed, this, [this](const sync::DownloadProgress& p) {
        m_progress = p;
        m_progress.active = true;
        emit progressChanged();
    });
    connect(m_engine.get(), &sync::SyncEngine::syncSucceeded, this, [this] {
        m_progress.active = false;
        emit progressChanged();
        // Hand the cache over: the desk's StoreWorker opens it next and keeps syncing from here.
        m_engine.release()->deleteLater();
        m_client.release()->deleteLater();
        m_store.reset();
        setState(State::Done);
        emit finished();
    });
    connect(m_engine.get(), &sync::SyncEngine::syncFailed, this, [this](const QString& detail) {
        m_engine.release()->deleteLater(); // emitted from inside the engine: delete it later
        const Problem p = problemFor(makeError(ErrorCode::Network, detail));
        fail(p == Problem::Unreachable ? Problem::DownloadFailed : p, detail);
    });
    m_engine->syncNow();
}

void SetupController::retry()
{
    if (m_state != State::Failed || m_problem != Problem::DownloadFailed || !m_store || !m_client) {
        return;
    }
    m_problem = Problem::None;
    startDownload();
}

} // namespace lounge::app
