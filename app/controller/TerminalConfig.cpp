#include "controller/TerminalConfig.h"

#include <QFile>

namespace lounge::app {

using namespace lounge::core;

Result<TerminalConfig> TerminalConfig::load(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        return makeError(ErrorCode::CantOpen, QStringLiteral("cannot read %1").arg(path));
    }
    TerminalConfig config;
    int lineNo = 0;
    auto bad = [&](const QString& why) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("%1:%2: %3").arg(path).arg(lineNo).arg(why));
    };
    while (!f.atEnd()) {
        ++lineNo;
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) {
            continue;
        }
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            return bad(QStringLiteral("expected key = value"));
        }
        const QString key = line.left(eq).trimmed();
        const QString value = line.mid(eq + 1).trimmed();
        if (key == QLatin1String("data_dir")) {
            config.dataDir = value;
        } else if (key == QLatin1String("export_dir")) {
            config.exportDir = value;
        } else if (key == QLatin1String("camera")) {
            config.camera = value;
        } else if (key == QLatin1String("central_url")) {
            config.centralUrl = value;
        } else if (key == QLatin1String("language")) {
            if (!value.isEmpty() && value != QLatin1String("en") && value != QLatin1String("zh_CN")
                && value != QLatin1String("ar")) {
                return bad(QStringLiteral("language: en, zh_CN or ar"));
            }
            config.language = value;
        } else if (key == QLatin1String("desk_mode")) {
            if (value == QLatin1String("offline-first") || value.isEmpty()) {
                config.deskMode = TerminalSettings::Mode::OfflineFirst;
            } else if (value == QLatin1String("online-first")) {
                config.deskMode = TerminalSettings::Mode::OnlineFirst;
            } else {
                return bad(QStringLiteral("desk_mode: offline-first or online-first"));
            }
        } else {
            return bad(QStringLiteral("unknown setting '%1'").arg(key));
        }
    }
    return config;
}

} // namespace lounge::app
