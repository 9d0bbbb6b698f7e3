#pragma once

#include "ShiftReport.h"
#include "controller/ShiftReportExport.h"

#include <QCoreApplication>
#include <QString>

namespace lounge::gui {

/// The end-of-shift report on paper: translated HTML (right-to-left in Arabic) laid out by QTextDocument and printed
/// to A4 with QPdfWriter; and the kiosk's ReportWriter (CSV through app::shiftReportCsv, PDF through this).
/// Needs a QGuiApplication (fonts); runs on the GUI thread.
class ShiftReportDocument final : public app::ReportWriter
{
    Q_DECLARE_TR_FUNCTIONS(lounge::gui::ShiftReportDocument)
public:
    static QString html(const core::ShiftReport& report);
    static QByteArray pdf(const core::ShiftReport& report);
    core::Result<void> write(const core::ShiftReport& report, app::ReportFormat format,
                             const QString& path) const override;
};

} // namespace lounge::gui
