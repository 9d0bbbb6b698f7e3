#pragma once

#include "ShiftReport.h"

#include <QAbstractItemModel>

namespace lounge::gui {

/// The end-of-shift report as a two-level tree for the today screen: the totals, then sections (by programme, by
/// hour, refused scans by reason, overrides, voids, paid entries), each with its rows as children. Texts are
/// translated when the report is set and again on retranslate(); numbers use the UI locale's digits.
class ShiftReportModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        Item,
        Visits,
        Cardholders,
        Guests,
        Paid, ///< people admitted by paid entries
        Refused,
        ColumnCount,
    };

    explicit ShiftReportModel(QObject* parent = nullptr);

    void setReport(const core::ShiftReport& report);
    const core::ShiftReport& report() const { return m_report; }
    void retranslate();

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QString cells[ColumnCount];
        QString toolTip;
    };
    struct Section
    {
        Row row;
        QList<Row> children;
    };
    void rebuild();

    core::ShiftReport m_report;
    QList<Section> m_sections;
};

} // namespace lounge::gui
