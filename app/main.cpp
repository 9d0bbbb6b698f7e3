#include "cli/Cli.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char* argv[])
{
    QCoreApplication::setApplicationName(QStringLiteral("lounge-terminal"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LOUNGE_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    if (args.size() < 2) {
        args << QStringLiteral("demo"); // the GUI takes this over once it exists
    }
    return lounge::app::runCli(args, out, err);
}
