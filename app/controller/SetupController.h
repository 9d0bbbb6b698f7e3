#pragma once

#include "CentralClient.h"
#include "Clock.h"
#include "EnrollmentLink.h"
#include "Result.h"
#include "SyncStatus.h"
#include "TerminalSettings.h"

#include <QObject>
#include <QUrl>

#include <memory>

namespace lounge::core {
class Store;
}
namespace lounge::sync {
class SyncEngine;
}

namespace lounge::app {

/// "Set up this desk", GUI-free (the SetupScreen renders it; tests drive it directly): takes central's URL and a
/// one-time code (typed, or scanned from the QR `lounge-central enroll-code --qr` prints), enrolls the terminal,
/// runs the initial download with progress, and says `finished()` once the cache is ready for the sign-in screen.
/// Failures are problems staff can act on (wrong code, central unreachable, TLS name mismatch, …), never lost data:
/// an unenrolled cache that already holds data (an old demo, visits recorded before set-up) is moved aside under a
/// dated name before the new cache is made, never deleted.
/// Runs before the kiosk's StoreWorker opens the cache (KioskRuntime starts the desk after `finished()`), on the
/// GUI thread: the set-up screen is the only thing on screen while it works, and every network step is async.
class SetupController : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Idle, ///< waiting for a URL and code
        Enrolling,
        Downloading,
        Done,
        Failed,
    };
    enum class Problem
    {
        None,
        BadUrl, ///< not an http(s) URL with a host
        MissingCode,
        NotEnrollmentQr, ///< a scanned code that is not an enrollment QR (e.g. a member's pass)
        WrongCode, ///< central refused the code: mistyped, already used or expired
        Unreachable, ///< no answer (network, DNS, refused, timeout, 5xx)
        TlsNameMismatch, ///< the certificate is for another name than the URL's host
        TlsUntrusted, ///< the certificate is not trusted (self-signed, unknown CA, expired)
        LocalStorage, ///< the cache could not be written
        DownloadFailed, ///< enrolled, but the first download did not finish (retry continues it)
    };
    struct Options
    {
        QString cachePath;
        QString defaultCentralUrl; ///< terminal.conf central_url: pre-fills the form
        core::TerminalSettings::Mode mode = core::TerminalSettings::Mode::OfflineFirst; ///< terminal.conf desk_mode
        sync::CentralClient::Options client;
        int pageSize = 2000;
    };

    SetupController(Options options, std::shared_ptr<const core::Clock> clock, QObject* parent = nullptr);
    ~SetupController() override;

    /// True when the cache at `cachePath` is not enrolled with a central (missing, empty, or a standalone cache).
    static core::Result<bool> needsSetup(const QString& cachePath);

    State state() const { return m_state; }
    Problem problem() const { return m_problem; }
    /// Technical detail of the last problem (for the log and for IT; the screen speaks from problem()).
    QString detail() const { return m_detail; }
    const sync::DownloadProgress& progress() const { return m_progress; }
    QString centralUrl() const { return m_url.isEmpty() ? m_options.defaultCentralUrl : m_url.toString(); }
    /// Where a pre-existing unenrolled cache was moved (empty if none).
    QString movedAsidePath() const { return m_movedAside; }
    QString terminalId() const { return m_terminalId; }
    QString resourceId() const { return m_resourceId; }

    /// Typed URL and code.
    void submit(const QString& url, const QString& code);
    /// A code from the camera or a handheld scanner: an enrollment QR starts enrollment. Returns false (and says
    /// NotEnrollmentQr) for anything else. Ignored while working.
    bool handleScan(const QByteArray& raw);
    /// After DownloadFailed: continue the download (the enrollment is kept).
    void retry();
    bool isWorking() const { return m_state == State::Enrolling || m_state == State::Downloading; }

signals:
    void stateChanged(lounge::app::SetupController::State state);
    void progressChanged();
    /// The terminal is enrolled and its cache downloaded: show the sign-in screen.
    void finished();

private:
    void setState(State state);
    void fail(Problem problem, const QString& detail);
    core::Result<void> prepareCache();
    void startDownload();
    static Problem problemFor(const core::Error& error);

    Options m_options;
    std::shared_ptr<const core::Clock> m_clock;
    State m_state = State::Idle;
    Problem m_problem = Problem::None;
    QString m_detail;
    QUrl m_url;
    QString m_movedAside;
    QString m_terminalId;
    QString m_resourceId;
    sync::DownloadProgress m_progress;
    std::unique_ptr<core::Store> m_store;
    std::unique_ptr<sync::CentralClient> m_client;
    std::unique_ptr<sync::SyncEngine> m_engine;
};

QString toString(SetupController::Problem problem);

} // namespace lounge::app
