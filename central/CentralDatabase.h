#pragma once

#include "CentralStore.h"

#include <memory>

namespace lounge::central {

/// Where central's state lives, as `--db` and central.conf's `database` name it: a PostgreSQL URL
/// (`postgresql://user@host:port/dbname?...`, also `postgres://`; libpq's URI syntax, so `host=/run/postgresql`
/// and `sslmode=` work as query parameters) or an SQLite file (`sqlite:///abs/path`, `sqlite:relative`, or a plain
/// path — the embedded default).
struct DatabaseUrl
{
    enum class Backend
    {
        Sqlite,
        Postgres,
    };
    Backend backend = Backend::Sqlite;
    QString location; ///< the file path, or the whole libpq URL

    static core::Result<DatabaseUrl> parse(const QString& value);
    bool isPostgres() const { return backend == Backend::Postgres; }
    /// For messages: the file, or the URL without its password.
    QString display() const;
};

struct OpenedStore
{
    std::unique_ptr<CentralStore> store;
    int versionBefore = 0; ///< schema version found (0: a new database)
    int version = 0; ///< schema version now
};

/// Opens either backend and migrates its schema forward (forward-only, each backend's own version list; concurrent
/// openers migrate once). SchemaTooNew: the database was written by a newer lounge-central.
core::Result<OpenedStore> openCentralStore(const DatabaseUrl& url);

} // namespace lounge::central
