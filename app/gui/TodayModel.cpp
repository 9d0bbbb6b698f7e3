#include "gui/TodayModel.h"

#include "controller/TodayController.h"
#include "gui/ReasonText.h"

#include <QColor>
#include <QLocale>

#include <algorithm>

namespace lounge::gui {

using core::JournalKind;
using core::Redemption;

TodayModel::TodayModel(app::TodayController* controller, QObject* parent)
    : QAbstractTableModel(parent)
    , m_controller(controller)
{
    connect(controller, &app::TodayController::todayChanged, this, &TodayModel::reload);
    reload();
}

void TodayModel::reload()
{
    beginResetModel();
    m_rows.clear();
    const auto& today = m_controller->today();
    for (const Redemption& r : today.records) {
        Row row;
        row.at = r.at;
        row.visit = r;
        if (r.kind == JournalKind::Void) {
            row.kind = Kind::Void;
        } else if (r.kind == JournalKind::Paid) {
            row.kind = Kind::Paid;
        } else if (!r.voidedBy.isNull()) {
            row.kind = Kind::Voided;
        } else if (!r.replaces.isNull()) {
            row.kind = Kind::GuestCountChange;
        } else if (r.verdict == core::Verdict::Attention) {
            row.kind = Kind::AdmittedAnyway;
        }
        m_rows << row;
    }
    for (const core::Refusal& f : today.refusals) {
        Row row;
        row.kind = Kind::Refused;
        row.at = f.at;
        row.refusal = f;
        m_rows << row;
    }
    std::stable_sort(m_rows.begin(), m_rows.end(), [](const Row& a, const Row& b) { return a.at > b.at; });
    endResetModel();
}

void TodayModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty()) {
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
    }
}

int TodayModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TodayModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TodayModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Time:
        return tr("Time");
    case Name:
        return tr("Name");
    case Pass:
        return tr("Pass");
    case People:
        return tr("People");
    case Status:
        return tr("Status");
    case Staff:
        return tr("Staff");
    default:
        return {};
    }
}

QString TodayModel::status(const Row& row) const
{
    switch (row.kind) {
    case Kind::Refused:
        return tr("Refused: %1").arg(ReasonText::reason(row.refusal->reason));
    case Kind::Void:
        return row.visit->remark.isEmpty() ? tr("Void") : tr("Void: %1").arg(row.visit->remark);
    case Kind::Voided:
        return tr("Voided");
    case Kind::Paid:
        return row.visit->amountMinor
            ? tr("Paid entry (%1)").arg(QLocale().toString(double(*row.visit->amountMinor) / 100.0, 'f', 2))
            : tr("Paid entry");
    case Kind::GuestCountChange:
        return tr("Guest count changed");
    case Kind::AdmittedAnyway:
        return tr("Admitted anyway: %1").arg(ReasonText::reason(row.visit->reason));
    case Kind::Visit:
        break;
    }
    if (!row.visit->boardingPassOverrideBy.isEmpty()) {
        return tr("No boarding pass: %1 (%2)")
            .arg(row.visit->boardingPassOverrideReason, ReasonText::staffName(row.visit->boardingPassOverrideBy, {}));
    }
    return ReasonText::redemptionState(row.visit->state);
}

QString TodayModel::cell(const Row& row, int column) const
{
    const bool refusal = row.kind == Kind::Refused;
    switch (column) {
    case Time:
        return ReasonText::clock(row.at);
    case Name:
        return refusal ? row.refusal->holderName : row.visit->holderName;
    case Pass:
        if (refusal) {
            return row.refusal->credential ? row.refusal->credential->id : QString();
        }
        if (!row.visit->flights.isEmpty()) {
            // The boarding pass the visit recorded (issue 14 §3): the holder's flight, and how many in all.
            const core::FlightRecord& f = row.visit->flights.first();
            QString flight = QStringLiteral("%1 · %2 %3 %4→%5")
                                 .arg(row.visit->credential.id, f.carrier, f.flightNumber, f.from, f.to);
            if (row.visit->flights.size() > 1) {
                flight += QStringLiteral(" (+%1)").arg(QLocale().toString(row.visit->flights.size() - 1));
            }
            return flight;
        }
        return row.visit->credential.id;
    case People:
        if (refusal || row.kind == Kind::Void) {
            return QStringLiteral("−");
        }
        return QLocale().toString(row.visit->partySize);
    case Status:
        return status(row);
    case Staff:
        return refusal ? row.refusal->staffId : row.visit->staffId;
    default:
        return {};
    }
}

QVariant TodayModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size()) {
        return {};
    }
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return cell(row, index.column());
    case KindRole:
        return int(row.kind);
    case IdRole:
        return row.visit ? QVariant::fromValue(row.visit->id) : QVariant();
    case Qt::ForegroundRole:
        switch (row.kind) {
        case Kind::Void:
        case Kind::Voided:
            return QColor(0x94, 0xa3, 0xb8); // grey: no longer counts
        case Kind::Refused:
            return QColor(0xfc, 0xa5, 0xa5); // red: not admitted
        case Kind::AdmittedAnyway:
            return QColor(0xfb, 0xbf, 0x24); // amber: a person decided
        case Kind::Paid:
        case Kind::GuestCountChange:
            return QColor(0x93, 0xc5, 0xfd); // blue: a correction or a sale
        case Kind::Visit:
            break;
        }
        return {};
    case Qt::BackgroundRole:
        // Marked rows keep their own dark background, so the mark reads on either alternating row colour.
        switch (row.kind) {
        case Kind::Refused:
            return QColor(0x45, 0x0a, 0x0a);
        case Kind::AdmittedAnyway:
            return QColor(0x45, 0x1a, 0x03);
        case Kind::Paid:
        case Kind::GuestCountChange:
            return QColor(0x17, 0x25, 0x54);
        default:
            return {};
        }
    default:
        return {};
    }
}

TodayFilter::TodayFilter(app::TodayController* controller, TodayModel* model, QObject* parent)
    : QSortFilterProxyModel(parent)
    , m_controller(controller)
    , m_model(model)
{
    setSourceModel(model);
    connect(controller, &app::TodayController::searchChanged, this, [this] { invalidateFilter(); });
}

bool TodayFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (sourceParent.isValid() || sourceRow >= m_model->rowCount()) {
        return false;
    }
    const TodayModel::Row& row = m_model->row(sourceRow);
    const QString q = m_controller->search();
    return row.refusal ? m_controller->matches(*row.refusal, q) : m_controller->matches(*row.visit, q);
}

} // namespace lounge::gui
