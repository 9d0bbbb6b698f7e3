#pragma once

#include "Result.h"
#include "ShiftReport.h"

#include <QByteArray>
#include <QString>

namespace lounge::app {

enum class ReportFormat
{
    Csv,
    Pdf,
};

/// Writes an end-of-shift report to a file. The kiosk's implementation lives in the GUI layer (a PDF needs Qt Gui);
/// tests and the CLI use the same one. Errors: IoError / DiskFull / ReadOnly with the path, nothing half-written
/// (QSaveFile).
class ReportWriter
{
public:
    virtual ~ReportWriter() = default;
    virtual core::Result<void> write(const core::ShiftReport& report, ReportFormat format,
                                     const QString& path) const = 0;
};

/// `shift-<terminal id>-<yyyy-MM-dd>.csv|pdf` (characters unsafe in a file name on a FAT stick become '_').
QString shiftReportFileName(const core::ShiftReport& report, ReportFormat format);

/// The report as CSV (UTF-8, RFC 4180, one flat table with a `section` column; stable English column names and
/// reason codes so a spreadsheet or script reads exports from a kiosk in any language alike; docs/gui.md).
/// A cell that a spreadsheet would run as a formula (=, +, -, @) is prefixed with an apostrophe.
QByteArray shiftReportCsv(const core::ShiftReport& report);

/// Writes `data` atomically (QSaveFile) to `path`, creating its directory.
core::Result<void> writeReportFile(const QString& path, const QByteArray& data);

} // namespace lounge::app
