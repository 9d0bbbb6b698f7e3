#include "CentralDatabase.h"

#include "PgCentralStore.h"
#include "SqliteCentralStore.h"

#include <QUrl>

namespace lounge::central {

core::Result<DatabaseUrl> DatabaseUrl::parse(const QString& value)
{
    DatabaseUrl out;
    if (value.startsWith(QLatin1String("postgresql://")) || value.startsWith(QLatin1String("postgres://"))) {
        out.backend = Backend::Postgres;
        out.location = value;
        return out;
    }
    if (value.startsWith(QLatin1String("sqlite://"))) {
        out.location = value.mid(9);
    } else if (value.startsWith(QLatin1String("sqlite:"))) {
        out.location = value.mid(7);
    } else if (value.contains(QLatin1String("://"))) {
        return core::makeError(
            core::ErrorCode::InvalidArgument,
            QStringLiteral("database: expected postgresql://… or an SQLite file (sqlite:PATH), got '%1'").arg(value));
    } else {
        out.location = value;
    }
    if (out.location.isEmpty()) {
        return core::makeError(core::ErrorCode::InvalidArgument, QStringLiteral("database: empty path"));
    }
    return out;
}

QString DatabaseUrl::display() const
{
    if (!isPostgres()) {
        return location;
    }
    return QUrl(location).toString(QUrl::RemovePassword);
}

core::Result<OpenedStore> openCentralStore(const DatabaseUrl& url)
{
    OpenedStore out;
    if (url.isPostgres()) {
        auto s = PgCentralStore::open(url.location, &out.versionBefore);
        if (!s) {
            return s.error();
        }
        out.store = std::move(s).value();
        out.version = PgCentralStore::kSchemaVersion;
    } else {
        auto s = SqliteCentralStore::open(url.location, &out.versionBefore);
        if (!s) {
            return s.error();
        }
        out.store = std::move(s).value();
        out.version = SqliteCentralStore::kSchemaVersion;
    }
    return out;
}

} // namespace lounge::central
