#pragma once

#include <QStringList>
#include <QTextStream>

#include <functional>

namespace lounge::scanner {
struct ScanEvent;
}

namespace lounge::app {

/// Optional verdict for a scan (the validation core), appended to each printed line / JSON object.
/// Returns an empty string when there is nothing to add.
using ScanVerdict = std::function<QString(const lounge::scanner::ScanEvent&)>;

/// `lounge-terminal scan --source <camera[:id] | video file | image file | image folder> [--json] [--loop]`
/// Prints one line (or one JSON object) per scan event until a file/folder source is exhausted (exit 0); a camera
/// runs until the process is stopped. `args[0]` is the program or subcommand name (QCommandLineParser convention).
/// Needs an existing QGuiApplication (QVideoSink); runs the application's event loop (QCoreApplication::exec).
/// Exit codes: 0 done, 1 source unusable, 2 usage error.
int runScanCommand(const QStringList& args, QTextStream& out, QTextStream& err, const ScanVerdict& verdict = {});

} // namespace lounge::app
