#include "controller/TodayController.h"

#include "controller/StoreBackend.h"

#include <QDir>

namespace lounge::app {

using core::JournalKind;
using core::Redemption;
using core::StaffAction;

TodayController::TodayController(StoreBackend* backend, std::shared_ptr<const core::Clock> clock, Session session,
                                 QObject* parent)
    : QObject(parent)
    , m_backend(backend)
    , m_clock(std::move(clock))
    , m_session(std::move(session))
{
    connect(backend, &StoreBackend::todayLoaded, this, [this](const TodayData& today) {
        m_today = today;
        emit todayChanged();
    });
    connect(backend, &StoreBackend::voidRecorded, this, [this](const Redemption& v) {
        m_voidCandidate.reset();
        emit voidRecorded(v);
        refresh();
    });
    connect(backend, &StoreBackend::voidFailed, this, [this](const core::Error& e) {
        m_voidCandidate.reset();
        emit voidFailed(e);
        refresh();
    });
    connect(backend, &StoreBackend::partyChanged, this, [this](const core::Decision& d) {
        emit partySizeChanged(d);
        refresh();
    });
    connect(backend, &StoreBackend::partyChangeFailed, this, [this](const core::Error& e) {
        emit partySizeChangeFailed(e);
        refresh();
    });
    connect(backend, &StoreBackend::codeLookedUp, this,
            [this](quint64 request, const std::optional<core::CredentialRef>& credential) {
                if (request != m_lookup) {
                    return; // a newer scan asked since
                }
                if (!credential) {
                    emit codeNotFound();
                    return;
                }
                setSearch(credential->id);
            });
}

void TodayController::refresh()
{
    m_backend->loadToday();
}

void TodayController::setSearch(const QString& text)
{
    if (m_search != text) {
        m_search = text;
        emit searchChanged(text); // the rows stay; only the filter over them changes
    }
}

void TodayController::searchByCode(const QByteArray& raw)
{
    const quint64 request = ++m_lookup;
    m_backend->lookupCode(request, raw);
}

bool TodayController::matches(const Redemption& r, const QString& text) const
{
    const QString q = text.trimmed();
    if (q.isEmpty()) {
        return true;
    }
    const QString number = m_today.memberNumbers.value(r.credential.id);
    return r.holderName.contains(q, Qt::CaseInsensitive) || r.credential.id.contains(q, Qt::CaseInsensitive)
        || (!number.isEmpty() && number.contains(QString(q).remove(QLatin1Char(' '))))
        || r.staffId.contains(q, Qt::CaseInsensitive)
        || r.id.toString(QUuid::WithoutBraces).startsWith(q, Qt::CaseInsensitive);
}

bool TodayController::matches(const core::Refusal& f, const QString& text) const
{
    const QString q = text.trimmed();
    if (q.isEmpty()) {
        return true;
    }
    const QString id = f.credential ? f.credential->id : QString();
    const QString number = m_today.memberNumbers.value(id);
    return f.holderName.contains(q, Qt::CaseInsensitive) || (!id.isEmpty() && id.contains(q, Qt::CaseInsensitive))
        || (!number.isEmpty() && number.contains(QString(q).remove(QLatin1Char(' '))))
        || f.staffId.contains(q, Qt::CaseInsensitive);
}

QList<Redemption> TodayController::filtered() const
{
    QList<Redemption> out;
    for (const auto& r : m_today.records) {
        if (matches(r, m_search)) {
            out.append(r);
        }
    }
    return out;
}

bool TodayController::canVoid(const Redemption& r) const
{
    if (!m_session.allows(StaffAction::Void) || r.kind != JournalKind::Redeem || !r.voidedBy.isNull()
        || r.state == core::RedemptionState::Rejected) {
        return false;
    }
    const int window = m_session.voidWindowSeconds();
    return window <= 0 || r.at.secsTo(m_clock->now()) <= window;
}

bool TodayController::canChangePartySize(const Redemption& r) const
{
    return canVoid(r) && r.credential.kind == core::CredentialKind::Membership;
}

const Redemption* TodayController::find(const QUuid& id) const
{
    for (const auto& r : m_today.records) {
        if (r.id == id) {
            return &r;
        }
    }
    return nullptr;
}

void TodayController::requestVoid(const QUuid& redemptionId)
{
    if (const Redemption* r = find(redemptionId); r && canVoid(*r)) {
        m_voidCandidate = *r;
        emit voidConfirmationRequested(*r);
    }
}

void TodayController::confirmVoid(const QString& remark)
{
    if (!m_voidCandidate || !m_session.allows(StaffAction::Void)) {
        return;
    }
    m_backend->voidRedemption(m_voidCandidate->id, m_session.staffId(), remark);
}

void TodayController::cancelVoid()
{
    m_voidCandidate.reset();
}

void TodayController::changePartySize(const QUuid& redemptionId, int partySize, const QString& remark)
{
    const Redemption* r = find(redemptionId);
    if (!r || !canChangePartySize(*r) || partySize < 1 || partySize == r->partySize) {
        return;
    }
    m_voidCandidate.reset();
    m_backend->changePartySize(redemptionId, partySize, m_session.staffId(), remark);
}

void TodayController::setReportExport(const ReportWriter* writer, const QString& directory)
{
    m_writer = writer;
    m_exportDir = directory;
}

bool TodayController::canExportReport() const
{
    return m_session.allows(StaffAction::ExportReport);
}

void TodayController::exportReport(ReportFormat format)
{
    if (!canExportReport()) {
        emit reportExportFailed(core::makeError(core::ErrorCode::Forbidden, toString(StaffAction::ExportReport)));
        return;
    }
    if (!m_writer || m_exportDir.isEmpty() || !m_today.report.day.isValid()) {
        emit reportExportFailed(core::makeError(core::ErrorCode::NotFound, QStringLiteral("no export directory")));
        return;
    }
    const QString path = QDir(m_exportDir).filePath(shiftReportFileName(m_today.report, format));
    if (auto r = m_writer->write(m_today.report, format, path); !r) {
        emit reportExportFailed(r.error());
        return;
    }
    emit reportExported(path);
}

} // namespace lounge::app
