#pragma once

#include "Clock.h"
#include "StaffPolicy.h"
#include "controller/KioskTypes.h"
#include "controller/ShiftReportExport.h"

#include <QObject>
#include <QUuid>

#include <functional>
#include <memory>
#include <optional>

namespace lounge::app {

class StoreBackend;

/// The today screen's chapter of the kiosk, GUI-free: the day's visits, refusals and shift statistics (loaded by
/// the StoreWorker), the search (typed, or a scanned pass resolved to its credential), voids and guest-count changes
/// with their confirmation. KioskController owns it and routes the screen; the session comes in as a small
/// interface so this class never needs to know about sign-in or locks.
/// Lives on the GUI thread and never blocks: every store call goes through the StoreBackend.
class TodayController : public QObject
{
    Q_OBJECT
public:
    /// What the today chapter needs from the session (KioskController answers).
    struct Session
    {
        std::function<bool(core::StaffAction)> allows; ///< false when signed out or locked
        std::function<QString()> staffId;
        std::function<int()> voidWindowSeconds;
    };

    /// `backend` is not owned and must outlive this.
    TodayController(StoreBackend* backend, std::shared_ptr<const core::Clock> clock, Session session,
                    QObject* parent = nullptr);

    const TodayData& today() const { return m_today; }
    QString search() const { return m_search; }
    /// Visits matching the search (holder name, membership/E-pass id, membership number, staff, id prefix).
    QList<core::Redemption> filtered() const;
    /// One row of the search: does this visit match `text`? (The today model's proxy asks the same question.)
    bool matches(const core::Redemption& record, const QString& text) const;
    bool matches(const core::Refusal& refusal, const QString& text) const;
    /// Supervisor, a redemption that stands, within the void window.
    bool canVoid(const core::Redemption& record) const;
    /// canVoid, and the pass can carry guests (a membership: an E-pass admits its holder only).
    bool canChangePartySize(const core::Redemption& record) const;
    std::optional<core::Redemption> voidCandidate() const { return m_voidCandidate; }
    /// Where exports go and who writes them (KioskRuntime: the GUI layer's writer, terminal.conf `export_dir`).
    /// `writer` is not owned and must outlive this.
    void setReportExport(const ReportWriter* writer, const QString& directory);
    QString exportDirectory() const { return m_exportDir; }
    /// A supervisor may write the end-of-shift report to a file (StaffAction::ExportReport).
    bool canExportReport() const;

    // ---- intents (GUI thread)
    void refresh();
    void setSearch(const QString& text);
    /// A pass scanned on the today screen: search for its credential (the code is looked up, nothing recorded).
    void searchByCode(const QByteArray& raw);
    void requestVoid(const QUuid& redemptionId);
    void confirmVoid(const QString& remark);
    void cancelVoid();
    /// Another guest count for a standing visit: one void and one new linked visit, one staff action.
    void changePartySize(const QUuid& redemptionId, int partySize, const QString& remark);
    /// Writes today's end-of-shift report (as last loaded) to the export directory, file name with the terminal
    /// id and the date. Anyone else than a signed-in supervisor is refused (reportExportFailed, Forbidden).
    /// Runs on the GUI thread: a report is a few kilobytes (docs/gui.md).
    void exportReport(lounge::app::ReportFormat format);

signals:
    void todayChanged();
    void searchChanged(const QString& text);
    /// A scanned code that is not a pass this terminal knows.
    void codeNotFound();
    void voidConfirmationRequested(const lounge::core::Redemption& record);
    void voidRecorded(const lounge::core::Redemption& voidRecord);
    void voidFailed(const lounge::core::Error& error);
    /// decision.recorded: the new count stands; otherwise it was refused (decision.reason) and nothing changed.
    void partySizeChanged(const lounge::core::Decision& decision);
    void partySizeChangeFailed(const lounge::core::Error& error);
    void reportExported(const QString& path);
    /// Forbidden (not a supervisor), NotFound (no export directory set) or the file error.
    void reportExportFailed(const lounge::core::Error& error);

private:
    const core::Redemption* find(const QUuid& id) const;

    StoreBackend* m_backend;
    std::shared_ptr<const core::Clock> m_clock;
    Session m_session;
    TodayData m_today;
    QString m_search;
    std::optional<core::Redemption> m_voidCandidate;
    quint64 m_lookup = 0; ///< latest code lookup; older answers are ignored
    const ReportWriter* m_writer = nullptr;
    QString m_exportDir;
};

} // namespace lounge::app
