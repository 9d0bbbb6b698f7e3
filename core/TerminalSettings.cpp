#include "TerminalSettings.h"

#include "Store.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace lounge::core {

Result<TerminalSettings> TerminalSettings::load(const Store& store)
{
    TerminalSettings s;
    auto get = [&](const char* key, auto apply) -> Result<void> {
        auto v = store.setting(QLatin1String(key));
        if (!v) {
            return v.error();
        }
        if (v->has_value()) {
            apply(**v);
        }
        return {};
    };
    const std::pair<const char*, std::function<void(const QString&)>> fields[] = {
        {"terminal_id", [&](const QString& v) { s.terminalId = v; }},
        {"resource_id", [&](const QString& v) { s.resourceId = v; }},
        {"recently_used_seconds", [&](const QString& v) { s.recentlyUsedSeconds = v.toInt(); }},
        {"stale_after_seconds", [&](const QString& v) { s.staleAfterSeconds = v.toInt(); }},
        {"void_window_seconds", [&](const QString& v) { s.voidWindowSeconds = v.toInt(); }},
        {"mode",
         [&](const QString& v) {
             s.mode = v == QLatin1String("online-first") ? Mode::OnlineFirst : Mode::OfflineFirst;
         }},
        {"central_url", [&](const QString& v) { s.centralUrl = v; }},
        {"demo_data", [&](const QString& v) { s.demoData = v == QLatin1String("1"); }},
    };
    for (const auto& [key, apply] : fields) {
        if (auto r = get(key, apply); !r) {
            return r.error();
        }
    }
    return s;
}

Result<void> TerminalSettings::save(Store& store) const
{
    auto tx = store.beginWrite();
    if (!tx) {
        return tx.error();
    }
    const std::pair<const char*, QString> fields[] = {
        {"terminal_id", terminalId},
        {"resource_id", resourceId},
        {"recently_used_seconds", QString::number(recentlyUsedSeconds)},
        {"stale_after_seconds", QString::number(staleAfterSeconds)},
        {"void_window_seconds", QString::number(voidWindowSeconds)},
        {"mode", mode == Mode::OnlineFirst ? QStringLiteral("online-first") : QStringLiteral("offline-first")},
        {"central_url", centralUrl},
    };
    for (const auto& [key, value] : fields) {
        if (auto r = store.setSetting(QLatin1String(key), value); !r) {
            return r;
        }
    }
    if (auto c = tx->commit(); !c) {
        return c;
    }
    // An enrollment is something an emptied file must not lose silently: the witness beside the file records it.
    if (auto w = store.updateWitness(); !w) {
        qCWarning(lcStore) << "cannot update the cache witness:" << w.error().toString();
    }
    return {};
}

} // namespace lounge::core
