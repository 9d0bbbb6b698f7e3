#pragma once

#include <QStringList>
#include <QTextStream>

namespace lounge::app {

/// `lounge-terminal report shift [--date yyyy-MM-dd] [--csv FILE] [--pdf FILE] [--json] [--data-dir DIR]`: the
/// end-of-shift report of the lounge's local day (default: today) from the local journal, opened read-only.
/// Without --csv/--pdf it prints the totals. Needs a QGuiApplication (the PDF's fonts); args[0] = "report".
/// Exit codes: 0 written, 64 usage, 74 store or file error (README).
int runReportCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace lounge::app
