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
    return lounge::app::runCli(app.arguments(), out, err);
}
