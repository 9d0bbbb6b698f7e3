#pragma once

#include "Domain.h"
#include "Store.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include <optional>

namespace lounge::app {
class TodayController;
}

namespace lounge::gui {

/// The day at this desk as one list, newest first: visits (with voids, guest-count changes, paid entries and
/// ATTENTION visits staff admitted anyway) and refused scans, each marked. Rebuilt only when the worker loads a new
/// day (TodayController::todayChanged); the search is a TodayFilter on top, so typing never rebuilds rows.
class TodayModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Time,
        Name,
        Pass,
        People,
        Status,
        Staff,
        ColumnCount,
    };
    /// How a row is marked (KindRole).
    enum class Kind
    {
        Visit,
        AdmittedAnyway, ///< an ATTENTION staff confirmed
        Void, ///< the compensating record
        Voided, ///< a visit a void cancelled
        GuestCountChange, ///< a visit that replaced another with a new guest count
        Paid, ///< walk-in / paid entry
        Refused, ///< a scan the desk refused (not a visit)
    };
    Q_ENUM(Kind)
    enum Role
    {
        KindRole = Qt::UserRole + 1, ///< Kind as int
        IdRole, ///< visit id (QUuid) or null for a refusal
    };

    struct Row
    {
        Kind kind = Kind::Visit;
        QDateTime at;
        std::optional<core::Redemption> visit;
        std::optional<core::Refusal> refusal;
    };

    explicit TodayModel(app::TodayController* controller, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    const Row& row(int i) const { return m_rows.at(i); }
    /// Texts follow the language (LanguageChange): headers and cells are re-read.
    void retranslate();

private:
    void reload();
    QString cell(const Row& row, int column) const;
    QString status(const Row& row) const;

    app::TodayController* m_controller;
    QList<Row> m_rows;
};

/// The search over a TodayModel (TodayController::matches: name, pass id, membership number, staff, visit id).
class TodayFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    TodayFilter(app::TodayController* controller, TodayModel* model, QObject* parent = nullptr);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    app::TodayController* m_controller;
    TodayModel* m_model;
};

} // namespace lounge::gui
