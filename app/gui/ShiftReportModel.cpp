#include "gui/ShiftReportModel.h"

#include "gui/ReasonText.h"

#include <QFont>
#include <QLocale>

namespace lounge::gui {

using core::ShiftReport;

namespace {

constexpr quintptr kTopLevel = 0; // internalId of a section row; a child's is its section index + 1

QString number(int n)
{
    return QLocale().toString(n);
}

} // namespace

ShiftReportModel::ShiftReportModel(QObject* parent)
    : QAbstractItemModel(parent)
{
    rebuild();
}

void ShiftReportModel::setReport(const ShiftReport& report)
{
    m_report = report;
    rebuild();
}

void ShiftReportModel::retranslate()
{
    rebuild();
}

void ShiftReportModel::rebuild()
{
    beginResetModel();
    m_sections.clear();
    const ShiftReport& r = m_report;
    const QLocale loc;
    auto counts = [](const QString& item, const ShiftReport::Counts& c, bool refused = true) {
        Row row;
        row.cells[Item] = item;
        row.cells[Visits] = number(c.visits);
        row.cells[Cardholders] = number(c.cardholders);
        row.cells[Guests] = number(c.guests);
        row.cells[Paid] = number(c.paid);
        row.cells[Refused] = refused ? number(c.refused) : QString();
        return row;
    };
    auto localTime = [&](const QDateTime& at) {
        return loc.toString(at.toTimeZone(r.zone.isValid() ? r.zone : QTimeZone::utc()).time(),
                            QStringLiteral("HH:mm"));
    };

    Section total;
    total.row = counts(tr("All day: %Ln person(s)", nullptr, r.total.people()), r.total);
    m_sections << total;

    Section programs;
    programs.row.cells[Item] = tr("By programme");
    for (const auto& p : r.byProgram) {
        const QString name = p.program == QLatin1String("Paid entry") ? tr("Paid entry")
            : p.program.isEmpty()                                     ? tr("Other")
                                                                      : p.program;
        programs.children << counts(name, p.counts, false);
    }
    m_sections << programs;

    Section hours;
    hours.row.cells[Item] = tr("By hour");
    for (const auto& h : r.byHour) {
        hours.children << counts(tr("%1–%2").arg(loc.toString(QTime(h.hour, 0), QStringLiteral("HH:mm")),
                                                 loc.toString(QTime((h.hour + 1) % 24, 0), QStringLiteral("HH:mm"))),
                                 h.counts);
    }
    m_sections << hours;

    Section refused;
    refused.row.cells[Item] = tr("Refused scans");
    refused.row.cells[Refused] = number(r.total.refused);
    for (const auto& x : r.refusedByReason) {
        Row row;
        row.cells[Item] = ReasonText::reason(x.reason);
        row.cells[Refused] = number(x.count);
        row.toolTip = row.cells[Item];
        refused.children << row;
    }
    m_sections << refused;

    Section overrides;
    overrides.row.cells[Item] = tr("Admitted anyway (overrides): %1").arg(number(int(r.overrides.size())));
    for (const auto& o : r.overrides) {
        Row row;
        row.cells[Item] = tr("%1 · %2 · %3")
                              .arg(localTime(o.at), ReasonText::staffName(o.staffId, {}), ReasonText::reason(o.reason));
        if (o.voided) {
            row.cells[Item] += QStringLiteral(" · ") + tr("voided later");
        } else {
            row.cells[Visits] = number(1);
            row.cells[Cardholders] = number(1);
            row.cells[Guests] = number(o.partySize - 1);
        }
        row.toolTip = row.cells[Item] + QLatin1Char('\n') + o.holderName;
        overrides.children << row;
    }
    m_sections << overrides;

    Section voids;
    voids.row.cells[Item] = tr("Voids: %1").arg(number(int(r.voids.size())));
    for (const auto& v : r.voids) {
        Row row;
        row.cells[Item] = tr("%1 · %2 · %3")
                              .arg(localTime(v.at), ReasonText::staffName(v.staffId, {}),
                                   v.remark.isEmpty() ? tr("no reason given") : v.remark);
        row.toolTip = row.cells[Item] + QLatin1Char('\n') + v.holderName;
        voids.children << row;
    }
    m_sections << voids;

    Section paid;
    const int paidEntries = r.paidEntries;
    paid.row.cells[Item] = tr("Paid entries: %1, amount %2")
                               .arg(number(paidEntries), loc.toString(double(r.paidAmountMinor) / 100, 'f', 2));
    paid.row.cells[Visits] = number(paidEntries);
    paid.row.cells[Paid] = number(r.total.paid);
    m_sections << paid;
    endResetModel();
}

QModelIndex ShiftReportModel::index(int row, int column, const QModelIndex& parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0) {
        return {};
    }
    if (!parent.isValid()) {
        return row < m_sections.size() ? createIndex(row, column, kTopLevel) : QModelIndex();
    }
    if (parent.internalId() != kTopLevel) {
        return {};
    }
    const int section = parent.row();
    return row < m_sections[section].children.size() ? createIndex(row, column, quintptr(section + 1)) : QModelIndex();
}

QModelIndex ShiftReportModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == kTopLevel) {
        return {};
    }
    return createIndex(int(child.internalId() - 1), 0, kTopLevel);
}

int ShiftReportModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid()) {
        return int(m_sections.size());
    }
    if (parent.internalId() != kTopLevel || parent.column() != 0) {
        return 0;
    }
    return int(m_sections[parent.row()].children.size());
}

int ShiftReportModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant ShiftReportModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid()) {
        return {};
    }
    const bool top = index.internalId() == kTopLevel;
    const Row& row = top ? m_sections[index.row()].row : m_sections[int(index.internalId() - 1)].children[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return row.cells[index.column()];
    case Qt::ToolTipRole:
        return row.toolTip.isEmpty() ? QVariant() : row.toolTip;
    case Qt::TextAlignmentRole:
        // Trailing: numbers line up on the right in English and Chinese, on the left in Arabic.
        return index.column() == Item ? QVariant() : QVariant(int(Qt::AlignTrailing | Qt::AlignVCenter));
    case Qt::FontRole:
        if (top) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    default:
        return {};
    }
}

QVariant ShiftReportModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Item:
        return tr("Shift report");
    case Visits:
        return tr("Visits");
    case Cardholders:
        return tr("Holders");
    case Guests:
        return tr("Guests");
    case Paid:
        return tr("Paid");
    case Refused:
        return tr("Refused");
    default:
        return {};
    }
}

} // namespace lounge::gui
