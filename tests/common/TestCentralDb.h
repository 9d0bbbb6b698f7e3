#pragma once

// Central's database for a test, on either backend: a new SQLite file (default), or — when CTest runs the `_pg`
// variant of a test (LOUNGE_TEST_DB=postgresql) — a new database in the throw-away PostgreSQL cluster that the
// `pg_cluster_start` fixture started with scripts/pg-cluster.sh (its directory in LOUNGE_TEST_PG_DIR, or its admin
// URL in LOUNGE_TEST_PG_URL). The database is dropped when this object goes.
//
// Running one test binary on PostgreSQL by hand:
//   scripts/pg-cluster.sh start /tmp/pgt && LOUNGE_TEST_DB=postgresql LOUNGE_TEST_PG_DIR=/tmp/pgt build/ci/tests/…
//   scripts/pg-cluster.sh stop /tmp/pgt

#include "CentralDatabase.h"
#include "PgConnection.h"

#include <QFile>
#include <QTemporaryDir>
#include <QUuid>

#include <memory>

namespace lounge::test {

inline bool usePostgres()
{
    return qEnvironmentVariable("LOUNGE_TEST_DB") == QLatin1String("postgresql");
}

/// The cluster's admin URL (database `postgres`), or empty with `why` set.
inline QString pgAdminUrl(QString* why = nullptr)
{
    QString url = qEnvironmentVariable("LOUNGE_TEST_PG_URL");
    if (url.isEmpty()) {
        const QString dir = qEnvironmentVariable("LOUNGE_TEST_PG_DIR");
        QFile f(dir + QStringLiteral("/url"));
        if (dir.isEmpty() || !f.open(QIODevice::ReadOnly)) {
            if (why) {
                *why = QStringLiteral("no PostgreSQL test cluster: set LOUNGE_TEST_PG_DIR to a directory started with "
                                      "scripts/pg-cluster.sh (CTest's pg_cluster_start does)");
            }
            return {};
        }
        url = QString::fromUtf8(f.readAll()).trimmed();
    }
    return url;
}

/// A fresh, empty PostgreSQL database in the test cluster; dropped (connections and all) on destruction.
class PgTestDatabase
{
public:
    static std::unique_ptr<PgTestDatabase> create(QString* why = nullptr)
    {
        const QString admin = pgAdminUrl(why);
        if (admin.isEmpty()) {
            return nullptr;
        }
        auto db = std::unique_ptr<PgTestDatabase>(new PgTestDatabase(admin));
        db->m_name = QStringLiteral("t_") + QUuid::createUuid().toString(QUuid::Id128).left(20);
        if (auto r = db->m_admin.execScript(QStringLiteral("CREATE DATABASE ") + db->m_name); !r) {
            if (why) {
                *why = r.error().toString();
            }
            db->m_name.clear();
            return nullptr;
        }
        return db;
    }
    ~PgTestDatabase()
    {
        if (!m_name.isEmpty()) {
            (void)m_admin.execScript(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name));
        }
    }
    /// postgresql://…/<this database>, with a 1 s lock_timeout (a held writer lock answers 503 quickly in tests).
    QString url() const
    {
        QString u = m_adminUrl;
        const qsizetype slash = u.lastIndexOf(QLatin1Char('/'));
        return u.left(slash + 1) + m_name + QStringLiteral("?options=-c%20lock_timeout%3D1s");
    }
    central::pg::Connection& admin() { return m_admin; }

private:
    explicit PgTestDatabase(const QString& adminUrl)
        : m_adminUrl(adminUrl)
        , m_admin(adminUrl)
    { }
    QString m_adminUrl;
    central::pg::Connection m_admin;
    QString m_name;
};

/// Central's database for one test: `url` is what `--db` takes; open() opens (and migrates) a store on it.
/// Several open() calls give several independent connections to the same database (several "processes").
class TestCentralDb
{
public:
    /// SQLite: `<dir>/<file>`. PostgreSQL: a new database. False (with `why`) when the cluster is missing.
    bool create(const QTemporaryDir& dir, const QString& file = QStringLiteral("central.sqlite"),
                QString* why = nullptr)
    {
        if (!url.isEmpty()) {
            return true; // already made: a restart opens the same database
        }
        if (usePostgres()) {
            m_pg = PgTestDatabase::create(why);
            if (!m_pg) {
                return false;
            }
            url = m_pg->url();
        } else {
            url = dir.filePath(file);
        }
        return true;
    }
    core::Result<std::unique_ptr<central::CentralStore>> open() const
    {
        auto parsed = central::DatabaseUrl::parse(url);
        if (!parsed) {
            return parsed.error();
        }
        auto opened = central::openCentralStore(*parsed);
        if (!opened) {
            return opened.error();
        }
        return std::move(opened->store);
    }
    bool isPostgres() const { return m_pg != nullptr; }
    PgTestDatabase* pg() { return m_pg.get(); }

    QString url;

private:
    std::unique_ptr<PgTestDatabase> m_pg;
};

} // namespace lounge::test
