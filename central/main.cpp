// lounge-central: serve | migrate | enroll-code | report overdraws|replays|conflicts|billing | qr  (docs/api.md)
#include "BillingReport.h"
#include "CentralDatabase.h"
#include "CentralSecurity.h"
#include "CentralServer.h"
#include "CentralService.h"
#include "EnrollmentLink.h"
#include "IssuerQueryEndpoints.h"
#include "Json.h"
#include "OperatorAuth.h"
#include "QrRenderer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTextStream>
#include <QTimer>
#include <algorithm>

#include <sodium.h>
#include <termios.h>
#include <unistd.h>

using namespace lounge;

namespace {

QTextStream& out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream& err()
{
    static QTextStream s(stderr);
    return s;
}

int fail(const QString& message, int code = 1)
{
    err() << "lounge-central: " << message << Qt::endl;
    return code;
}

/// The key that seals credential codes and signing keys at rest: by default beside an SQLite database
/// (`<db>.key`), readable by the owner only. A PostgreSQL database has no "beside": every central process is given
/// the same file (--key-file / key_file). It is created when missing.
core::Result<QByteArray> loadCodeKey(const central::DatabaseUrl& db, QString path)
{
    if (path.isEmpty()) {
        if (db.isPostgres()) {
            return core::makeError(core::ErrorCode::InvalidArgument,
                                   QStringLiteral("a PostgreSQL database needs --key-file (key_file in central.conf): "
                                                  "the file sealing credential codes, the same for every process"));
        }
        path = db.location + QStringLiteral(".key");
    }
    QFile f(path);
    if (f.exists()) {
        if (!f.open(QIODevice::ReadOnly)) {
            return core::makeError(core::ErrorCode::CantOpen, path);
        }
        const QByteArray key = QByteArray::fromHex(f.readAll().trimmed());
        if (key.size() != crypto_secretbox_KEYBYTES) {
            return core::makeError(core::ErrorCode::Corrupt, path);
        }
        return key;
    }
    QByteArray key(crypto_secretbox_KEYBYTES, Qt::Uninitialized);
    randombytes_buf(key.data(), size_t(key.size()));
    if (!f.open(QIODevice::WriteOnly)) {
        return core::makeError(core::ErrorCode::CantOpen, path);
    }
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    f.write(key.toHex() + '\n');
    return key;
}

/// The database remembers a fingerprint of the sealing key (a central-only record, never in a feed): a process given
/// another key file — a typo that created a new one, a host set up apart — is refused instead of sealing codes that
/// the other processes cannot open. The first opener records it.
core::Result<void> checkSealKey(central::CentralStore& store, const QByteArray& key, const QString& keyPath)
{
    static const QString kKind = QStringLiteral("sealkey");
    const QByteArray fingerprint = QCryptographicHash::hash(QByteArrayLiteral("lounge-central seal key check:") + key,
                                                            QCryptographicHash::Sha256)
                                       .toHex()
                                       .left(16);
    return store.transaction([&]() -> core::Result<void> {
        auto held = store.record(kKind, QStringLiteral("current"));
        if (!held) {
            return held.error();
        }
        if (held->has_value()) {
            const QByteArray expected = QJsonDocument::fromJson((*held)->body)
                                            .object()
                                            .value(QStringLiteral("fingerprint"))
                                            .toString()
                                            .toLatin1();
            if (expected != fingerprint) {
                return core::makeError(
                    core::ErrorCode::Forbidden,
                    QStringLiteral("the key file %1 is not the key this database's codes are sealed "
                                   "with (fingerprint %2, expected %3): give every central process "
                                   "the same --key-file")
                        .arg(keyPath, QString::fromLatin1(fingerprint), QString::fromLatin1(expected)));
            }
            return {};
        }
        central::ChangeRecord r;
        r.kind = kKind;
        r.id = QStringLiteral("current");
        r.body = QJsonDocument(QJsonObject {{"fingerprint", QString::fromLatin1(fingerprint)}})
                     .toJson(QJsonDocument::Compact);
        auto seq = store.putRecord(r);
        return seq ? core::Result<void>() : core::Result<void>(seq.error());
    });
}

struct Central
{
    std::unique_ptr<central::CentralStore> store;
    core::SystemClock clock;
    std::unique_ptr<central::CentralService> service;
    std::unique_ptr<central::CentralSecurity> security; ///< signing keys, staff, journal-chain checks
    std::unique_ptr<central::OperatorAuth> operators; ///< console accounts and sessions
};

/// Opens the database (either backend, migrating an older schema forward: docs/deployment.md) and the services.
core::Result<std::unique_ptr<Central>> openCentral(const QString& db, const QString& keyFile,
                                                   int staleAfterSeconds
                                                   = central::CentralService::Options {}.staleAfterSeconds)
{
    auto url = central::DatabaseUrl::parse(db);
    if (!url) {
        return url.error();
    }
    auto c = std::make_unique<Central>();
    auto opened = central::openCentralStore(*url);
    if (!opened) {
        if (opened.error().code == core::ErrorCode::SchemaTooNew) {
            return core::makeError(core::ErrorCode::SchemaTooNew,
                                   opened.error().detail
                                       + QStringLiteral(": a newer lounge-central wrote it; upgrade this one"));
        }
        return opened.error();
    }
    if (opened->versionBefore != opened->version) {
        err() << "lounge-central: database " << url->display() << " migrated from schema " << opened->versionBefore
              << " to " << opened->version << Qt::endl;
    }
    c->store = std::move(opened->store);
    auto key = loadCodeKey(*url, keyFile);
    if (!key) {
        return key.error();
    }
    if (auto r = checkSealKey(*c->store, *key, keyFile.isEmpty() ? url->location + QStringLiteral(".key") : keyFile);
        !r) {
        return r.error();
    }
    central::CentralService::Options options;
    options.codeKey = *key;
    options.staleAfterSeconds = staleAfterSeconds;
    c->service = std::make_unique<central::CentralService>(*c->store, c->clock, options);
    c->security = std::make_unique<central::CentralSecurity>(*c->service, *key, central::CentralSecurity::Options {});
    c->service->setTokenVerifier(&c->security->verifier());
    c->operators = std::make_unique<central::OperatorAuth>(*c->store, c->clock);
    return c;
}

void addDb(QCommandLineParser& p)
{
    p.addHelpOption();
    p.addOption({QStringLiteral("db"),
                 QStringLiteral("Central database: an SQLite file (default: central.sqlite) or "
                                "postgresql://user@host:port/dbname."),
                 QStringLiteral("path|url"), QStringLiteral("central.sqlite")});
    p.addOption({QStringLiteral("key-file"),
                 QStringLiteral("Key sealing codes at rest (default: <db>.key beside an SQLite file; required with "
                                "PostgreSQL, the same file for every central process)."),
                 QStringLiteral("file")});
}

core::Result<std::unique_ptr<Central>> openCentral(const QCommandLineParser& p)
{
    return openCentral(p.value(QStringLiteral("db")), p.value(QStringLiteral("key-file")));
}

/// /etc/lounge-central/central.conf (docs/deployment.md): `key = value` lines, `#` comments. Command-line options
/// override it. Unknown keys are refused so a misspelt setting never silently falls back to a default.
struct ServeConfig
{
    QString bind = QStringLiteral("127.0.0.1");
    quint16 port = 8443;
    QString db = QStringLiteral("central.sqlite");
    QString keyFile;
    QString tlsCert;
    QString tlsKey;
    QString issuerKeyFile;
    QString publicUrl;
    int pageSize = 2000;
    int staleAfterSeconds = central::CentralService::Options {}.staleAfterSeconds;
    QList<QHostAddress> proxyAddresses;
};

core::Result<void> parseProxyAddress(const QString& value, QList<QHostAddress>& out)
{
    const QHostAddress a(value);
    if (a.isNull()) {
        return core::makeError(core::ErrorCode::InvalidArgument,
                               QStringLiteral("proxy address: expected an IP address, got '%1'").arg(value));
    }
    out << a;
    return {};
}

/// --stale-after / stale_after_seconds: a whole number of seconds, 1 to 30 days.
core::Result<int> parseStaleAfter(const QString& value)
{
    bool ok = false;
    const int seconds = value.toInt(&ok);
    if (!ok || seconds < 1 || seconds > 30 * 24 * 3600) {
        return core::makeError(core::ErrorCode::InvalidArgument,
                               QStringLiteral("stale after: whole seconds from 1 to 2592000, got '%1'").arg(value));
    }
    return seconds;
}

core::Result<void> parseListen(const QString& value, ServeConfig& config)
{
    const qsizetype colon = value.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const uint port = colon > 0 ? value.mid(colon + 1).toUInt(&ok) : 0;
    QString host = colon > 0 ? value.left(colon) : QString();
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']'))) {
        host = host.mid(1, host.size() - 2);
    }
    if (!ok || port > 65535 || QHostAddress(host).isNull()) {
        return core::makeError(
            core::ErrorCode::InvalidArgument,
            QStringLiteral("listen: expected ADDRESS:PORT (e.g. 127.0.0.1:8443), got '%1'").arg(value));
    }
    config.bind = host;
    config.port = quint16(port);
    return {};
}

core::Result<void> readConfig(const QString& path, ServeConfig& config)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        return core::makeError(core::ErrorCode::CantOpen, QStringLiteral("cannot read %1").arg(path));
    }
    int lineNo = 0;
    while (!f.atEnd()) {
        ++lineNo;
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')) || line.startsWith(QLatin1Char(';'))) {
            continue;
        }
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            return core::makeError(core::ErrorCode::InvalidArgument,
                                   QStringLiteral("%1:%2: expected key = value").arg(path).arg(lineNo));
        }
        const QString key = line.left(eq).trimmed();
        const QString value = line.mid(eq + 1).trimmed();
        core::Result<void> r;
        if (key == QLatin1String("listen")) {
            r = parseListen(value, config);
        } else if (key == QLatin1String("database")) {
            // `sqlite:///var/lib/lounge-central/central.sqlite`, a plain path, or `postgresql://…` (CentralDatabase.h).
            auto db = central::DatabaseUrl::parse(value);
            if (db) {
                config.db = value;
            } else {
                r = db.error();
            }
        } else if (key == QLatin1String("key_file")) {
            config.keyFile = value;
        } else if (key == QLatin1String("tls_cert")) {
            config.tlsCert = value;
        } else if (key == QLatin1String("tls_key")) {
            config.tlsKey = value;
        } else if (key == QLatin1String("issuer_key_file")) {
            config.issuerKeyFile = value;
        } else if (key == QLatin1String("public_url")) {
            config.publicUrl = value;
        } else if (key == QLatin1String("stale_after_seconds")) {
            auto seconds = parseStaleAfter(value);
            if (seconds) {
                config.staleAfterSeconds = *seconds;
            } else {
                r = seconds.error();
            }
        } else if (key == QLatin1String("proxy_address")) {
            r = parseProxyAddress(value, config.proxyAddresses);
        } else if (key == QLatin1String("page_size")) {
            bool ok = false;
            config.pageSize = value.toInt(&ok);
            if (!ok || config.pageSize < 1) {
                r = core::makeError(core::ErrorCode::InvalidArgument, QStringLiteral("page_size: a positive number"));
            }
        } else {
            r = core::makeError(core::ErrorCode::InvalidArgument, QStringLiteral("unknown setting '%1'").arg(key));
        }
        if (!r) {
            return core::makeError(r.error().code,
                                   QStringLiteral("%1:%2: %3").arg(path).arg(lineNo).arg(r.error().detail));
        }
    }
    return {};
}

/// Reads the issuer key from a file that only its owner may read (a systemd credential is 0400, a key file 0600).
core::Result<QByteArray> readSecretFile(const QString& path)
{
    QFile f(path);
    if (!f.exists()) {
        return core::makeError(core::ErrorCode::NotFound,
                               QStringLiteral("issuer key file %1 does not exist").arg(path));
    }
    const auto perms = f.permissions();
    if (perms & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther)) {
        return core::makeError(core::ErrorCode::Forbidden,
                               QStringLiteral("issuer key file %1 is readable by others: chmod 600 it").arg(path));
    }
    if (!f.open(QIODevice::ReadOnly)) {
        return core::makeError(core::ErrorCode::CantOpen, QStringLiteral("cannot read issuer key file %1").arg(path));
    }
    const QByteArray key = f.readAll().trimmed();
    if (key.size() < 16) {
        return core::makeError(core::ErrorCode::InvalidArgument,
                               QStringLiteral("issuer key in %1 is shorter than 16 characters").arg(path));
    }
    return key;
}

/// The issuer key, never printed. In order: --issuer-key-file, the systemd credential `issuer.key`
/// ($CREDENTIALS_DIRECTORY, LoadCredential=), central.conf's issuer_key_file, $LOUNGE_ISSUER_KEY, --issuer-key
/// (development only: it shows in `ps`). None of them: a random key is written once to `<db>.issuer-key` (0600)
/// and only that file's path is printed. `source` says where it came from, for the log.
core::Result<QByteArray> issuerKey(const QCommandLineParser& p, const ServeConfig& config, QString* source)
{
    QString file = p.value(QStringLiteral("issuer-key-file"));
    const QString credentials = qEnvironmentVariable("CREDENTIALS_DIRECTORY");
    if (file.isEmpty() && !credentials.isEmpty() && QFile::exists(credentials + QStringLiteral("/issuer.key"))) {
        file = credentials + QStringLiteral("/issuer.key");
    }
    if (file.isEmpty()) {
        file = config.issuerKeyFile;
    }
    if (!file.isEmpty()) {
        *source = QStringLiteral("file ") + file;
        return readSecretFile(file);
    }
    if (const QByteArray env = qgetenv("LOUNGE_ISSUER_KEY"); !env.isEmpty()) {
        *source = QStringLiteral("$LOUNGE_ISSUER_KEY");
        return env;
    }
    if (p.isSet(QStringLiteral("issuer-key"))) {
        *source = QStringLiteral("--issuer-key");
        return p.value(QStringLiteral("issuer-key")).toUtf8();
    }
    if (auto db = central::DatabaseUrl::parse(config.db); !db || db->isPostgres()) {
        return core::makeError(core::ErrorCode::InvalidArgument,
                               QStringLiteral("a PostgreSQL database needs the issuer key from --issuer-key-file, "
                                              "issuer_key_file in central.conf or $LOUNGE_ISSUER_KEY (the same for "
                                              "every central process)"));
    }
    const QString generated = central::DatabaseUrl::parse(config.db)->location + QStringLiteral(".issuer-key");
    *source = QStringLiteral("file ") + generated;
    if (QFile::exists(generated)) {
        return readSecretFile(generated);
    }
    QByteArray raw(24, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    const QByteArray key = raw.toBase64(QByteArray::Base64UrlEncoding);
    QFile f(generated);
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly) || !f.setPermissions(QFile::ReadOwner | QFile::WriteOwner)
        || f.write(key + '\n') != key.size() + 1) {
        return core::makeError(core::ErrorCode::CantOpen, QStringLiteral("cannot write %1").arg(generated));
    }
    *source = QStringLiteral("new file ") + generated;
    return key;
}

int serve(const QStringList& args)
{
    QCommandLineParser p;
    addDb(p);
    p.addOption({QStringLiteral("config"),
                 QStringLiteral("Settings file (listen, database, tls_cert, tls_key, issuer_key_file, public_url, "
                                "page_size); options given here override it."),
                 QStringLiteral("file")});
    p.addOption({QStringLiteral("port"), QStringLiteral("TCP port (default 8443; 0 = any)."), QStringLiteral("n")});
    p.addOption(
        {QStringLiteral("bind"), QStringLiteral("Address to listen on (default 127.0.0.1)."), QStringLiteral("addr")});
    p.addOption(
        {QStringLiteral("stale-after"),
         QStringLiteral("Fleet status: a terminal silent longer than this is stale (default 900 s; central.conf "
                        "stale_after_seconds)."),
         QStringLiteral("seconds")});
    p.addOption({QStringLiteral("demo"), QStringLiteral("Seed the demo data set (same codes as the kiosk demo).")});
    p.addOption({QStringLiteral("issuer-key-file"),
                 QStringLiteral("File holding the issuer API key, mode 0600 (default: the systemd credential "
                                "issuer.key, central.conf's issuer_key_file, $LOUNGE_ISSUER_KEY, else a new random "
                                "key in <db>.issuer-key). The key is never printed."),
                 QStringLiteral("file")});
    p.addOption({QStringLiteral("issuer-key"),
                 QStringLiteral("Issuer API key on the command line (development only: visible in ps)."),
                 QStringLiteral("key")});
    p.addOption({QStringLiteral("tls-cert"), QStringLiteral("PEM certificate: serve HTTPS."), QStringLiteral("file")});
    p.addOption({QStringLiteral("tls-key"), QStringLiteral("PEM private key for --tls-cert."), QStringLiteral("file")});
    p.addOption(
        {QStringLiteral("page-size"), QStringLiteral("Default feed page size (default 2000)."), QStringLiteral("n")});
    p.addOption({QStringLiteral("max-connections"), QStringLiteral("Open connections in all (default 1024)."),
                 QStringLiteral("n"), QStringLiteral("1024")});
    p.addOption({QStringLiteral("max-connections-per-client"),
                 QStringLiteral("Open connections per client address (default 256; not for --proxy-address)."),
                 QStringLiteral("n"), QStringLiteral("256")});
    p.addOption({QStringLiteral("proxy-address"),
                 QStringLiteral("Source address of the reverse proxy (nginx's proxy_bind; repeatable): its connections "
                                "count only towards --max-connections (nginx caps each client itself)."),
                 QStringLiteral("addr")});
    p.addOption({QStringLiteral("header-timeout"),
                 QStringLiteral("Seconds to send a request's headers, and to keep an idle connection (default 10)."),
                 QStringLiteral("s"), QStringLiteral("10")});
    p.process(args);

    ServeConfig config;
    if (p.isSet(QStringLiteral("config"))) {
        if (auto r = readConfig(p.value(QStringLiteral("config")), config); !r) {
            return fail(r.error().detail, 78); // EX_CONFIG
        }
    }
    if (p.isSet(QStringLiteral("db"))) {
        config.db = p.value(QStringLiteral("db"));
    }
    if (p.isSet(QStringLiteral("key-file"))) {
        config.keyFile = p.value(QStringLiteral("key-file"));
    }
    if (p.isSet(QStringLiteral("bind"))) {
        config.bind = p.value(QStringLiteral("bind"));
    }
    if (p.isSet(QStringLiteral("port"))) {
        config.port = quint16(p.value(QStringLiteral("port")).toUInt());
    }
    if (p.isSet(QStringLiteral("tls-cert"))) {
        config.tlsCert = p.value(QStringLiteral("tls-cert"));
    }
    if (p.isSet(QStringLiteral("tls-key"))) {
        config.tlsKey = p.value(QStringLiteral("tls-key"));
    }
    if (p.isSet(QStringLiteral("page-size"))) {
        config.pageSize = p.value(QStringLiteral("page-size")).toInt();
    }
    if (p.isSet(QStringLiteral("stale-after"))) {
        auto seconds = parseStaleAfter(p.value(QStringLiteral("stale-after")));
        if (!seconds) {
            return fail(seconds.error().detail, 64);
        }
        config.staleAfterSeconds = *seconds;
    }
    if (p.isSet(QStringLiteral("proxy-address"))) {
        config.proxyAddresses.clear();
        for (const QString& a : p.values(QStringLiteral("proxy-address"))) {
            if (auto r = parseProxyAddress(a, config.proxyAddresses); !r) {
                return fail(r.error().detail, 64); // EX_USAGE
            }
        }
    }

    auto c = openCentral(config.db, config.keyFile, config.staleAfterSeconds);
    if (!c) {
        return fail(c.error().toString());
    }
    if (p.isSet(QStringLiteral("demo"))) {
        if (auto r = (*c)->service->seedDemo(core::DemoData::build(QDate::currentDate())); !r) {
            return fail(QStringLiteral("demo data: ") + r.error().toString());
        }
        // Demo staff (same PINs as the kiosk's demo sign-in) and a signing key for dynamic codes.
        const std::pair<const char*, core::StaffRole> demoStaff[]
            = {{"1234", core::StaffRole::Agent}, {"2468", core::StaffRole::Supervisor}};
        for (const auto& [pin, role] : demoStaff) {
            core::StaffAccount a;
            a.id = role == core::StaffRole::Agent ? QStringLiteral("A-1") : QStringLiteral("S-1");
            a.name = role == core::StaffRole::Agent ? QStringLiteral("Demo agent") : QStringLiteral("Demo supervisor");
            a.role = role;
            if (auto r = (*c)->security->putStaff(a, QLatin1String(pin)); !r) {
                return fail(QStringLiteral("demo staff: ") + r.error().toString());
            }
        }
    }
    if (auto k = (*c)->security->ensureSigningKey(); !k) {
        return fail(QStringLiteral("token signing key: ") + k.error().toString());
    }
    QString keySource;
    auto key = issuerKey(p, config, &keySource);
    if (!key) {
        return fail(key.error().detail, 78);
    }
    out() << "issuer key from " << keySource << Qt::endl; // where it is, never what it is
    central::CentralServer::Options options;
    options.issuerKey = *key;
    options.defaultPageSize = config.pageSize;
    options.http.maxConnections = std::max(1, p.value(QStringLiteral("max-connections")).toInt());
    options.http.maxConnectionsPerClient = std::max(1, p.value(QStringLiteral("max-connections-per-client")).toInt());
    options.http.headerTimeoutMs = std::max(1, p.value(QStringLiteral("header-timeout")).toInt()) * 1000;
    options.http.proxyAddresses = config.proxyAddresses;
    central::CentralServer server(*(*c)->service, options);
    server.setSecurity((*c)->security.get());
    server.setConsole((*c)->operators.get());
    QString scheme = QStringLiteral("http");
    if (!config.tlsCert.isEmpty()) {
        QFile certFile(config.tlsCert);
        QFile keyFile(config.tlsKey);
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
            return fail(
                QStringLiteral("cannot read the TLS certificate %1 / key %2").arg(config.tlsCert, config.tlsKey));
        }
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(QSslCertificate(&certFile, QSsl::Pem));
        QSslKey tlsKey(&keyFile, QSsl::Rsa, QSsl::Pem);
        if (tlsKey.isNull()) {
            keyFile.seek(0);
            tlsKey = QSslKey(&keyFile, QSsl::Ec, QSsl::Pem);
        }
        if (tls.localCertificate().isNull() || tlsKey.isNull()) {
            return fail(QStringLiteral("invalid TLS certificate or key"));
        }
        tls.setPrivateKey(tlsKey);
        server.useTls(tls);
        scheme = QStringLiteral("https");
    }
    auto port = server.listen(QHostAddress(config.bind), config.port);
    if (!port) {
        return fail(port.error().toString());
    }
    out() << "lounge-central listening on " << scheme << "://" << config.bind << ':' << *port << Qt::endl;
    return QCoreApplication::exec();
}

int enrollCode(const QStringList& args)
{
    QCommandLineParser p;
    addDb(p);
    p.addOption(
        {QStringLiteral("resource"), QStringLiteral("Resource the terminal will serve."), QStringLiteral("id")});
    p.addOption({QStringLiteral("qr"),
                 QStringLiteral("Also print the enrollment QR (central URL + code) for the kiosk's setup screen.")});
    p.addOption({QStringLiteral("url"),
                 QStringLiteral("Central's URL as the kiosk reaches it (default: public_url in --config)."),
                 QStringLiteral("url")});
    p.addOption({QStringLiteral("config"), QStringLiteral("central.conf to read database and public_url from."),
                 QStringLiteral("file")});
    p.addOption(
        {QStringLiteral("png"), QStringLiteral("With --qr: also write the QR code as PNG."), QStringLiteral("file")});
    p.process(args);
    if (!p.isSet(QStringLiteral("resource"))) {
        return fail(QStringLiteral("--resource is required"), 64);
    }
    ServeConfig config;
    if (p.isSet(QStringLiteral("config"))) {
        if (auto r = readConfig(p.value(QStringLiteral("config")), config); !r) {
            return fail(r.error().detail, 78);
        }
    }
    if (p.isSet(QStringLiteral("db")) || !p.isSet(QStringLiteral("config"))) {
        config.db = p.value(QStringLiteral("db"));
    }
    if (p.isSet(QStringLiteral("key-file"))) {
        config.keyFile = p.value(QStringLiteral("key-file"));
    }
    core::EnrollmentLink link;
    const bool qr = p.isSet(QStringLiteral("qr")) || p.isSet(QStringLiteral("png"));
    if (qr) {
        link.central = QUrl(p.isSet(QStringLiteral("url")) ? p.value(QStringLiteral("url")) : config.publicUrl,
                            QUrl::StrictMode);
        if (!core::EnrollmentLink::isUsableCentralUrl(link.central)) {
            return fail(QStringLiteral("--qr needs central's http(s) URL as the kiosk reaches it: --url "
                                       "https://central.example:8443 (or public_url in central.conf)"),
                        64);
        }
    }
    auto c = openCentral(config.db, config.keyFile);
    if (!c) {
        return fail(c.error().toString());
    }
    auto code = (*c)->service->createEnrollmentCode(p.value(QStringLiteral("resource")));
    if (!code) {
        return fail(code.error().toString(), 65);
    }
    out() << *code << Qt::endl;
    if (qr) {
        link.code = *code;
        const QString payload = link.toPayload();
        auto text = central::QrRenderer::text(payload);
        if (!text) {
            return fail(text.error().toString());
        }
        out() << '\n' << *text << '\n' << payload << Qt::endl;
        if (p.isSet(QStringLiteral("png"))) {
            auto png = central::QrRenderer::png(payload);
            QFile f(p.value(QStringLiteral("png")));
            if (!png || !f.open(QIODevice::WriteOnly) || f.write(*png) != png->size()) {
                return fail(QStringLiteral("cannot write ") + f.fileName());
            }
        }
    }
    return 0;
}

int reportBilling(const QStringList& args)
{
    QCommandLineParser p;
    addDb(p);
    p.addOption({QStringLiteral("month"), QStringLiteral("The month, YYYY-MM (each lounge's local time)."),
                 QStringLiteral("YYYY-MM")});
    p.addOption({QStringLiteral("program"), QStringLiteral("Only this programme (the payer)."), QStringLiteral("id")});
    p.addOption({QStringLiteral("resource"), QStringLiteral("Only this lounge."), QStringLiteral("id")});
    p.addOption({QStringLiteral("csv"), QStringLiteral("CSV on stdout.")});
    p.addOption({QStringLiteral("json"), QStringLiteral("JSON on stdout: {\"month\", \"items\": [statement]}.")});
    p.addOption({QStringLiteral("pdf"), QStringLiteral("Write a PDF statement to FILE."), QStringLiteral("file")});
    p.addOption({QStringLiteral("close"),
                 QStringLiteral("First close the month (every lounge, or --resource): its statements are stored and "
                                "never rewritten; later changes become adjustments of the next open month.")});
    p.addPositionalArgument(QStringLiteral("billing"), QStringLiteral("monthly partner billing statements"));
    p.process(args);
    const int formats = int(p.isSet(QStringLiteral("csv"))) + int(p.isSet(QStringLiteral("json")))
        + int(p.isSet(QStringLiteral("pdf")));
    if (!p.isSet(QStringLiteral("month")) || formats != 1) {
        return fail(QStringLiteral("usage: lounge-central report billing --month YYYY-MM [--program P] [--resource R] "
                                   "[--close] (--csv | --json | --pdf FILE)"),
                    64);
    }
    const QString month = p.value(QStringLiteral("month"));
    if (!central::BillingService::isMonth(month)) {
        return fail(QStringLiteral("--month: expected YYYY-MM, got '%1'").arg(month), 64);
    }
    if (p.isSet(QStringLiteral("close")) && p.isSet(QStringLiteral("program"))) {
        return fail(
            QStringLiteral("--close closes a lounge's month for every programme: use --resource, not --program"), 64);
    }
    auto c = openCentral(p);
    if (!c) {
        return fail(c.error().toString());
    }
    central::BillingService& billing = (*c)->service->billing();
    if (p.isSet(QStringLiteral("close"))) {
        auto closed = billing.close(month, p.value(QStringLiteral("resource")));
        if (!closed) {
            return fail(closed.error().toString(), closed.error().code == core::ErrorCode::Conflict ? 65 : 1);
        }
        for (const auto& x : *closed) {
            err() << (x.alreadyClosed ? "already closed " : "closed ") << x.resource << ' ' << month << Qt::endl;
        }
    }
    auto list = billing.statements(month, p.value(QStringLiteral("program")), p.value(QStringLiteral("resource")));
    if (!list) {
        return fail(list.error().toString(), list.error().code == core::ErrorCode::NotFound ? 65 : 1);
    }
    if (p.isSet(QStringLiteral("pdf"))) {
        if (auto r = central::BillingReport::pdf(*list, month, p.value(QStringLiteral("pdf"))); !r) {
            return fail(r.error().toString());
        }
        err() << list->size() << " statement(s) written to " << p.value(QStringLiteral("pdf")) << Qt::endl;
        return 0;
    }
    QFile stdoutFile;
    if (!stdoutFile.open(stdout, QIODevice::WriteOnly)) {
        return fail(QStringLiteral("cannot write to stdout"));
    }
    if (p.isSet(QStringLiteral("csv"))) {
        stdoutFile.write(central::BillingReport::csv(*list));
    } else {
        QJsonArray items;
        for (const auto& s : *list) {
            items << s;
        }
        stdoutFile.write(
            QJsonDocument(QJsonObject {{"month", month}, {"items", items}}).toJson(QJsonDocument::Indented));
    }
    stdoutFile.flush();
    return 0;
}

/// `report terminals`: the fleet status (issue 15 §3), as GET /v1/issuer/terminals shows it.
int reportTerminals(const QCommandLineParser& p)
{
    int staleAfter = central::CentralService::Options {}.staleAfterSeconds;
    if (p.isSet(QStringLiteral("stale-after"))) {
        auto seconds = parseStaleAfter(p.value(QStringLiteral("stale-after")));
        if (!seconds) {
            return fail(seconds.error().detail, 64);
        }
        staleAfter = *seconds;
    }
    auto c = openCentral(p.value(QStringLiteral("db")), p.value(QStringLiteral("key-file")), staleAfter);
    if (!c) {
        return fail(c.error().toString());
    }
    central::FleetFilter filter;
    if (p.isSet(QStringLiteral("stale"))) {
        filter.stale = true;
    }
    const bool json = p.isSet(QStringLiteral("json"));
    const QDateTime now = (*c)->clock.now();
    const auto orUnknown = [](const auto& v, auto&& text) { return v ? text(*v) : QStringLiteral("unknown"); };
    if (!json) {
        out() << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9")
                     .arg(QStringLiteral("TERMINAL"), -18)
                     .arg(QStringLiteral("RESOURCE"), -16)
                     .arg(QStringLiteral("LAST CONTACT"), -20)
                     .arg(QStringLiteral("STATE"), -6)
                     .arg(QStringLiteral("VERSION"), -10)
                     .arg(QStringLiteral("PENDING"), 8)
                     .arg(QStringLiteral("CLOCK"), 10)
                     .arg(QStringLiteral("JOURNAL"), -9)
                     .arg(QStringLiteral("FLAGGED"))
              << '\n';
    }
    int shown = 0;
    int stale = 0;
    central::pagination::PageRequest page;
    page.limit = central::pagination::kMaxLimit;
    for (;;) {
        auto list = (*c)->service->fleet().terminals(filter, page);
        if (!list) {
            return fail(list.error().toString());
        }
        for (const central::FleetEntry& e : list->items) {
            const central::TerminalStatus& t = e.status;
            ++shown;
            stale += e.stale ? 1 : 0;
            const QString journal = e.journalBreaks > 0 ? QStringLiteral("broken:%1").arg(e.journalBreaks)
                : e.chainChecked                        ? QStringLiteral("ok")
                                                        : QStringLiteral("unknown");
            if (json) {
                const QJsonObject o = central::IssuerQueryEndpoints::terminalJson(e, now);
                out() << QJsonDocument(o).toJson(QJsonDocument::Compact) << '\n';
                continue;
            }
            const QDateTime heard = t.lastContact.value_or(t.terminal.enrolledAt);
            out() << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9")
                         .arg(t.terminal.id, -18)
                         .arg(t.terminal.resourceId, -16)
                         .arg(t.lastContact ? QStringLiteral("%1 s ago").arg(heard.secsTo(now))
                                            : QStringLiteral("never"),
                              -20)
                         .arg(e.stale ? QStringLiteral("STALE") : QStringLiteral("ok"), -6)
                         .arg(orUnknown(t.version, [](const QString& v) { return v; }), -10)
                         .arg(orUnknown(t.pendingUploads, [](qint64 n) { return QString::number(n); }), 8)
                         .arg(orUnknown(t.clockOffsetMs, [](qint64 n) { return QStringLiteral("%1 ms").arg(n); }), 10)
                         .arg(journal, -9)
                         .arg(t.flaggedVisits)
                  << '\n';
        }
        if (!list->nextCursor) {
            break;
        }
        page.after = {list->items.last().status.terminal.id};
    }
    if (!json) {
        out() << shown << " terminal(s), " << stale << " stale (silent over " << staleAfter << " s)" << Qt::endl;
    }
    out().flush();
    return 0;
}

/// `report bookings`: per lounge/lane and local date, bookings made, used, cancelled, open, and reused (conflicts).
int reportBookings(const QCommandLineParser& p)
{
    auto c = openCentral(p);
    if (!c) {
        return fail(c.error().toString());
    }
    auto counts = (*c)->service->ledger().bookingCounts();
    if (!counts) {
        return fail(counts.error().toString());
    }
    for (const auto& b : *counts) {
        if (p.isSet(QStringLiteral("json"))) {
            QJsonObject o {{"resource", b.resourceId}, {"date", core::json::dateToString(b.date)},
                           {"booked", b.booked},       {"used", b.used},
                           {"cancelled", b.cancelled}, {"open", b.open},
                           {"people", b.people},       {"reused", b.reused}};
            out() << QJsonDocument(o).toJson(QJsonDocument::Compact) << '\n';
        } else {
            out() << core::json::dateToString(b.date) << "  " << b.resourceId.leftJustified(16) << " booked "
                  << b.booked << "  used " << b.used << "  cancelled " << b.cancelled << "  open " << b.open
                  << "  people " << b.people << "  reused " << b.reused << '\n';
        }
    }
    out().flush();
    return 0;
}

int report(const QStringList& args)
{
    QCommandLineParser p;
    addDb(p);
    p.addOption({QStringLiteral("json"), QStringLiteral("One JSON object per line.")});
    p.addOption({QStringLiteral("stale"), QStringLiteral("terminals: only the stale ones.")});
    p.addOption({QStringLiteral("stale-after"),
                 QStringLiteral("terminals: silent longer than this is stale (default 900)."),
                 QStringLiteral("seconds")});
    p.addPositionalArgument(
        QStringLiteral("what"),
        QStringLiteral("overdraws (allowance overdrawn offline), replays (one dynamic code admitted "
                       "twice, e.g. at two offline terminals), booking-reuses (one Fast Track booking used at two "
                       "offline lanes), conflicts (all), bookings (counts per lane and day), or terminals (fleet "
                       "status)"));
    p.process(args);
    if (p.positionalArguments() == QStringList {QStringLiteral("terminals")}) {
        return reportTerminals(p);
    }
    static const QMap<QString, QString> kReasons {{QStringLiteral("overdraws"), QStringLiteral("OVERDRAWN")},
                                                  {QStringLiteral("replays"), QStringLiteral("REPLAYED")},
                                                  {QStringLiteral("booking-reuses"), QStringLiteral("BOOKING_REUSED")},
                                                  {QStringLiteral("conflicts"), QString()}};
    if (p.positionalArguments() == QStringList {QStringLiteral("bookings")}) {
        return reportBookings(p);
    }
    if (p.positionalArguments().size() != 1 || !kReasons.contains(p.positionalArguments().first())) {
        return fail(QStringLiteral("usage: lounge-central report "
                                   "overdraws|replays|booking-reuses|conflicts|bookings|terminals|billing"),
                    64);
    }
    const QString what = p.positionalArguments().first();
    const QString onlyReason = kReasons.value(what);
    auto c = openCentral(p);
    if (!c) {
        return fail(c.error().toString());
    }
    auto list = (*c)->service->overdraws();
    if (!list) {
        return fail(list.error().toString());
    }
    int shown = 0;
    for (const auto& s : *list) {
        if (!onlyReason.isEmpty() && s.reason != onlyReason) {
            continue;
        }
        ++shown;
        if (p.isSet(QStringLiteral("json"))) {
            QJsonObject o {{"id", s.record.id.toString(QUuid::WithoutBraces)},
                           {"credential", s.record.credential.key()},
                           {"resource", s.record.resourceId},
                           {"terminal", s.record.terminalId},
                           {"at", core::json::dateTimeToString(s.record.at)},
                           {"partySize", s.record.partySize},
                           {"reason", s.reason},
                           {"serverSeq", double(s.serverSeq)}};
            out() << QJsonDocument(o).toJson(QJsonDocument::Compact) << '\n';
        } else {
            out() << core::json::dateTimeToString(s.record.at) << "  " << s.reason.leftJustified(9) << ' '
                  << s.record.credential.key().leftJustified(14) << ' ' << s.record.resourceId.leftJustified(16) << ' '
                  << s.record.terminalId.leftJustified(16) << " party " << s.record.partySize << "  "
                  << s.record.id.toString(QUuid::WithoutBraces) << '\n';
        }
    }
    if (!p.isSet(QStringLiteral("json"))) {
        out() << shown << ' '
              << (what == QLatin1String("overdraws")            ? "overdraw(s)"
                      : what == QLatin1String("replays")        ? "replay(s)"
                      : what == QLatin1String("booking-reuses") ? "booking reuse(s)"
                                                                : "conflict(s)")
              << Qt::endl;
    }
    out().flush();
    return 0;
}

core::Result<core::CredentialRef> credentialOption(const QCommandLineParser& p)
{
    if (p.isSet(QStringLiteral("membership")) == p.isSet(QStringLiteral("epass"))) {
        return core::makeError(core::ErrorCode::InvalidArgument,
                               QStringLiteral("give exactly one of --membership / --epass"));
    }
    return p.isSet(QStringLiteral("membership"))
        ? core::CredentialRef {core::CredentialKind::Membership, p.value(QStringLiteral("membership"))}
        : core::CredentialRef {core::CredentialKind::EPass, p.value(QStringLiteral("epass"))};
}

int qr(const QStringList& args)
{
    QCommandLineParser p;
    addDb(p);
    p.addOption({QStringLiteral("membership"), QStringLiteral("Membership id."), QStringLiteral("id")});
    p.addOption({QStringLiteral("epass"), QStringLiteral("E-pass id."), QStringLiteral("id")});
    p.addOption({QStringLiteral("png"), QStringLiteral("Also write the QR code as PNG."), QStringLiteral("file")});
    p.addOption({QStringLiteral("dynamic"),
                 QStringLiteral("A fresh signed dynamic token (valid 30 s) instead of the static code.")});
    p.process(args);
    const auto ref = credentialOption(p);
    if (!ref) {
        return fail(ref.error().detail, 64);
    }
    auto c = openCentral(p);
    if (!c) {
        return fail(c.error().toString());
    }
    auto payload
        = p.isSet(QStringLiteral("dynamic")) ? (*c)->security->issueToken(*ref) : (*c)->service->qrPayload(*ref);
    if (!payload) {
        return fail(payload.error().toString(), 65);
    }
    out() << *payload << Qt::endl;
    if (p.isSet(QStringLiteral("png"))) {
        auto png = central::QrRenderer::png(*payload);
        QFile f(p.value(QStringLiteral("png")));
        if (!png || !f.open(QIODevice::WriteOnly) || f.write(*png) != png->size()) {
            return fail(QStringLiteral("cannot write ") + f.fileName());
        }
    }
    return 0;
}

/// The member app's screen, simulated: a fresh dynamic code every few seconds (text + PNG), until stopped.
int memberApp(const QStringList& args)
{
    QCommandLineParser p;
    addDb(p);
    p.addOption({QStringLiteral("membership"), QStringLiteral("Membership id."), QStringLiteral("id")});
    p.addOption({QStringLiteral("epass"), QStringLiteral("E-pass id."), QStringLiteral("id")});
    p.addOption({QStringLiteral("png"), QStringLiteral("PNG rewritten with every code (default member-code.png)."),
                 QStringLiteral("file"), QStringLiteral("member-code.png")});
    p.addOption({QStringLiteral("interval"), QStringLiteral("Seconds between codes (default 10)."), QStringLiteral("s"),
                 QStringLiteral("10")});
    p.addOption({QStringLiteral("count"), QStringLiteral("Stop after this many codes (default: run until stopped)."),
                 QStringLiteral("n"), QStringLiteral("0")});
    p.process(args);
    auto ref = credentialOption(p);
    if (!ref) {
        return fail(ref.error().detail, 64);
    }
    auto c = openCentral(p);
    if (!c) {
        return fail(c.error().toString());
    }
    const int interval = std::max(1, p.value(QStringLiteral("interval")).toInt());
    const int count = p.value(QStringLiteral("count")).toInt();
    int shown = 0;
    int status = 0;
    QTimer timer;
    auto show = [&] {
        auto token = (*c)->security->issueToken(*ref);
        if (!token) {
            status = fail(token.error().toString(), 65);
            QCoreApplication::exit(status);
            return;
        }
        auto png = central::QrRenderer::png(*token);
        QFile f(p.value(QStringLiteral("png")));
        if (!png || !f.open(QIODevice::WriteOnly) || f.write(*png) != png->size()) {
            status = fail(QStringLiteral("cannot write ") + f.fileName());
            QCoreApplication::exit(status);
            return;
        }
        f.close();
        out() << core::json::dateTimeToString(QDateTime::currentDateTimeUtc()) << "  " << *token << Qt::endl;
        if (count > 0 && ++shown >= count) {
            QCoreApplication::exit(0);
        }
    };
    QObject::connect(&timer, &QTimer::timeout, show);
    timer.start(interval * 1000);
    QTimer::singleShot(0, show);
    const int rc = QCoreApplication::exec();
    return status ? status : rc;
}

int staff(const QStringList& args)
{
    QCommandLineParser p;
    addDb(p);
    p.addOption({QStringLiteral("id"), QStringLiteral("Staff id (what they type at sign-in)."), QStringLiteral("id")});
    p.addOption({QStringLiteral("name"),
                 QStringLiteral("Display name shown on the kiosk (kept when omitted; without one the kiosk says "
                                "\"Staff ID\")."),
                 QStringLiteral("text")});
    p.addOption({QStringLiteral("role"), QStringLiteral("agent or supervisor (default agent)."), QStringLiteral("role"),
                 QStringLiteral("agent")});
    p.addOption({QStringLiteral("pin"), QStringLiteral("4 to 12 digits (hashed with Argon2id here)."),
                 QStringLiteral("digits")});
    p.addOption({QStringLiteral("site"),
                 QStringLiteral("Resource id or airport where the account may sign in "
                                "(repeatable; default anywhere)."),
                 QStringLiteral("site")});
    p.addOption({QStringLiteral("terminal"), QStringLiteral("Terminal id it may sign in at (repeatable)."),
                 QStringLiteral("id")});
    p.addOption({QStringLiteral("inactive"), QStringLiteral("Disable the account.")});
    p.addOption({QStringLiteral("delete"), QStringLiteral("Delete the account.")});
    p.process(args);
    if (!p.isSet(QStringLiteral("id"))) {
        return fail(QStringLiteral("--id is required"), 64);
    }
    auto c = openCentral(p);
    if (!c) {
        return fail(c.error().toString());
    }
    if (p.isSet(QStringLiteral("delete"))) {
        auto r = (*c)->security->deleteStaff(p.value(QStringLiteral("id")));
        return r ? 0 : fail(r.error().toString(), 65);
    }
    const auto role = core::staffRoleFromString(p.value(QStringLiteral("role")).toUpper());
    if (!role) {
        return fail(QStringLiteral("--role is agent or supervisor"), 64);
    }
    core::StaffAccount a;
    a.id = p.value(QStringLiteral("id"));
    a.name = p.value(QStringLiteral("name")).trimmed();
    if (!p.isSet(QStringLiteral("name"))) {
        // Changing a PIN or a role must not wipe the name given before.
        auto existing = (*c)->security->staff();
        if (!existing) {
            return fail(existing.error().toString(), 65);
        }
        for (const auto& old : *existing) {
            if (old.id == a.id) {
                a.name = old.name;
            }
        }
    }
    a.role = *role;
    a.sites = p.values(QStringLiteral("site"));
    a.terminals = p.values(QStringLiteral("terminal"));
    a.active = !p.isSet(QStringLiteral("inactive"));
    auto saved = (*c)->security->putStaff(a, p.value(QStringLiteral("pin")));
    if (!saved) {
        return fail(saved.error().toString(), 65);
    }
    out() << "staff " << saved->id;
    if (!saved->name.isEmpty()) {
        out() << " \"" << saved->name << '"';
    }
    out() << " (" << core::toString(saved->role) << ") saved" << Qt::endl;
    return 0;
}

int rotateKey(const QStringList& args)
{
    QCommandLineParser p;
    addDb(p);
    p.process(args);
    auto c = openCentral(p);
    if (!c) {
        return fail(c.error().toString());
    }
    auto key = (*c)->security->rotateSigningKey();
    if (!key) {
        return fail(key.error().toString());
    }
    out() << "token signing key " << key->id << " is current; the previous one is retired after the overlap"
          << Qt::endl;
    return 0;
}

/// Brings the database's schema up to this version (forward-only) and says what it did. Every other command does the
/// same when it opens an older database; run this first when several processes share one PostgreSQL database.
int migrate(const QStringList& args)
{
    QCommandLineParser p;
    p.addHelpOption();
    p.addOption({QStringLiteral("db"),
                 QStringLiteral("Central database: an SQLite file or postgresql://user@host:port/dbname."),
                 QStringLiteral("path|url"), QStringLiteral("central.sqlite")});
    p.addOption(
        {QStringLiteral("config"), QStringLiteral("central.conf to read the database from."), QStringLiteral("file")});
    p.process(args);
    ServeConfig config;
    if (p.isSet(QStringLiteral("config"))) {
        if (auto r = readConfig(p.value(QStringLiteral("config")), config); !r) {
            return fail(r.error().detail, 78);
        }
    }
    if (p.isSet(QStringLiteral("db")) || !p.isSet(QStringLiteral("config"))) {
        config.db = p.value(QStringLiteral("db"));
    }
    auto url = central::DatabaseUrl::parse(config.db);
    if (!url) {
        return fail(url.error().detail, 64);
    }
    auto opened = central::openCentralStore(*url);
    if (!opened) {
        return fail(opened.error().toString(), opened.error().code == core::ErrorCode::SchemaTooNew ? 65 : 1);
    }
    if (opened->versionBefore == opened->version) {
        out() << "database " << url->display() << " is at schema " << opened->version << " (up to date)" << Qt::endl;
    } else {
        out() << "database " << url->display() << " migrated from schema " << opened->versionBefore << " to "
              << opened->version << Qt::endl;
    }
    return 0;
}

/// `correct-member`: PATCH /v1/issuer/memberships/{id} from the operator's shell, audited as "cli".
int correctMember(const QStringList& args)
{
    QCommandLineParser p;
    addDb(p);
    p.addOption({QStringLiteral("membership"), QStringLiteral("Membership id."), QStringLiteral("id")});
    p.addOption({QStringLiteral("name"), QStringLiteral("Corrected holder name."), QStringLiteral("text")});
    p.addOption({QStringLiteral("number"), QStringLiteral("Corrected membership number."), QStringLiteral("digits")});
    p.process(args);
    if (!p.isSet(QStringLiteral("membership"))
        || (!p.isSet(QStringLiteral("name")) && !p.isSet(QStringLiteral("number")))) {
        return fail(QStringLiteral("usage: lounge-central correct-member --membership ID [--name TEXT] "
                                   "[--number DIGITS]"),
                    64);
    }
    auto c = openCentral(p);
    if (!c) {
        return fail(c.error().toString());
    }
    const auto given = [&](const char* option) {
        return p.isSet(QLatin1String(option)) ? std::optional(p.value(QLatin1String(option))) : std::nullopt;
    };
    const QString id = p.value(QStringLiteral("membership"));
    auto m = (*c)->service->issuer().correctMembership(id, given("name"), given("number"), QStringLiteral("cli"));
    if (!m) {
        return fail(m.error().toString(), m.error().code == core::ErrorCode::InvalidArgument ? 64 : 65);
    }
    central::pagination::PageRequest page;
    page.limit = central::pagination::kMaxLimit;
    auto audit = (*c)->service->queries().corrections(id, page);
    if (!audit) {
        return fail(audit.error().toString());
    }
    for (const auto& a : audit->items) {
        out() << core::json::dateTimeToString(a.at) << "  " << a.actor << "  " << a.field << ": " << a.oldValue
              << " -> " << a.newValue << '\n';
    }
    out() << m->id << " now " << m->number << "  " << m->holderName << Qt::endl;
    return 0;
}

int journalBreaks(const QStringList& args)
{
    QCommandLineParser p;
    addDb(p);
    p.process(args);
    auto c = openCentral(p);
    if (!c) {
        return fail(c.error().toString());
    }
    auto list = (*c)->security->journalBreaks();
    if (!list) {
        return fail(list.error().toString());
    }
    for (const auto& b : *list) {
        out() << core::json::dateTimeToString(b.detectedAt) << "  " << b.terminalId << "  "
              << b.redemptionId.toString(QUuid::WithoutBraces) << "  " << b.problem << '\n';
    }
    out() << list->size() << " journal break(s)" << Qt::endl;
    return list->isEmpty() ? 0 : 65;
}

/// The password for `operator add`: one line from stdin (echo off when it is a terminal), never an argument (the
/// process list and the shell history would show it).
QString readPassword()
{
    const bool tty = isatty(STDIN_FILENO) != 0;
    termios saved {};
    if (tty) {
        err() << "password for the operator (at least " << central::OperatorAuth::kMinPasswordLength
              << " characters): " << Qt::flush;
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    QTextStream in(stdin);
    const QString line = in.readLine();
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        err() << Qt::endl;
    }
    return line;
}

/// Operator accounts of the web console: add (or new password), remove, list.
int operatorCommand(const QStringList& args)
{
    QCommandLineParser p;
    addDb(p);
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("add NAME | remove NAME | list"));
    p.process(args);
    const QStringList pos = p.positionalArguments();
    const QString action = pos.value(0);
    if (!(action == QLatin1String("list") && pos.size() == 1)
        && !((action == QLatin1String("add") || action == QLatin1String("remove")) && pos.size() == 2)) {
        return fail(QStringLiteral("usage: lounge-central operator add NAME | remove NAME | list [--db PATH]"), 64);
    }
    auto c = openCentral(p);
    if (!c) {
        return fail(c.error().toString());
    }
    if (action == QLatin1String("list")) {
        auto names = (*c)->operators->operators();
        if (!names) {
            return fail(names.error().toString());
        }
        for (const QString& n : *names) {
            out() << n << '\n';
        }
        out().flush();
        return 0;
    }
    const QString name = pos.value(1);
    if (action == QLatin1String("remove")) {
        auto r = (*c)->operators->removeOperator(name);
        if (!r) {
            return fail(r.error().toString(), r.error().code == core::ErrorCode::NotFound ? 65 : 1);
        }
        out() << "operator " << name << " removed; their console sessions are ended" << Qt::endl;
        return 0;
    }
    const QString password = readPassword();
    auto r = (*c)->operators->addOperator(name, password);
    if (!r) {
        return fail(r.error().detail, r.error().code == core::ErrorCode::InvalidArgument ? 64 : 1);
    }
    out() << "operator " << name << " saved (Argon2id); they sign in at <central>/console/" << Qt::endl;
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    // Only a PDF statement needs Qt Gui (fonts for QTextDocument): that command alone runs a QGuiApplication, on the
    // offscreen platform so it works on a server without a display. Every other command stays GUI-free.
    bool pdf = false;
    if (argc > 2 && qstrcmp(argv[1], "report") == 0 && qstrcmp(argv[2], "billing") == 0) {
        for (int i = 3; i < argc; ++i) {
            pdf = pdf || qstrcmp(argv[i], "--pdf") == 0 || QByteArray(argv[i]).startsWith("--pdf=");
        }
    }
    if (pdf) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    std::unique_ptr<QCoreApplication> application
        = pdf ? std::make_unique<QGuiApplication>(argc, argv) : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication& app = *application;
    QCoreApplication::setApplicationName(QStringLiteral("lounge-central"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LOUNGE_VERSION));
    if (sodium_init() < 0) {
        return fail(QStringLiteral("libsodium failed to initialise"));
    }
    const QStringList args = app.arguments();
    const QString command = args.value(1);
    const QStringList rest = QStringList {args.value(0) + QLatin1Char(' ') + command} + args.mid(2);
    if (command == QLatin1String("serve")) {
        return serve(rest);
    }
    if (command == QLatin1String("enroll-code")) {
        return enrollCode(rest);
    }
    if (command == QLatin1String("report") && args.value(2) == QLatin1String("billing")) {
        return reportBilling(rest);
    }
    if (command == QLatin1String("report")) {
        return report(rest);
    }
    if (command == QLatin1String("qr")) {
        return qr(rest);
    }
    if (command == QLatin1String("member-app")) {
        return memberApp(rest);
    }
    if (command == QLatin1String("staff")) {
        return staff(rest);
    }
    if (command == QLatin1String("rotate-key")) {
        return rotateKey(rest);
    }
    if (command == QLatin1String("journal-breaks")) {
        return journalBreaks(rest);
    }
    if (command == QLatin1String("migrate")) {
        return migrate(rest);
    }
    if (command == QLatin1String("operator")) {
        return operatorCommand(rest);
    }
    if (command == QLatin1String("correct-member")) {
        return correctMember(rest);
    }
    out() << "Usage: lounge-central <command> [options]\n"
             "  serve [--config FILE] [--port N] [--bind ADDR] [--db PATH|URL] [--demo] [--issuer-key-file F]\n"
             "        [--tls-cert F --tls-key F] [--key-file F]\n"
             "  migrate [--db PATH|URL | --config FILE]   bring the schema up to this version (serve does it too)\n"
             "  enroll-code --resource ID [--db PATH] [--qr --url URL [--png F]]   print a one-time enrollment code\n"
             "                                          (--qr: and the QR the kiosk's setup screen scans)\n"
             "  report overdraws|replays|conflicts [--db PATH] [--json]   visits central flagged (offline overdraw,\n"
             "                                          one dynamic code admitted twice)\n"
             "  report booking-reuses|bookings [--db PATH] [--json]   Fast Track bookings used at two offline lanes;\n"
             "                                          bookings per lane and day (made, used, cancelled, open)\n"
             "  report billing --month YYYY-MM [--program P] [--resource R] [--close] (--csv|--json|--pdf FILE)\n"
             "                                          monthly partner billing statements (--pdf runs Qt offscreen)\n"
             "  report terminals [--db PATH] [--stale] [--stale-after S] [--json]   fleet status: last contact,\n"
             "                                          version, pending uploads, clock offset, journal, flagged\n"
             "  correct-member --membership ID [--name TEXT] [--number DIGITS] [--db PATH]   audited (actor cli)\n"
             "  qr --membership ID | --epass ID [--dynamic] [--png out.png] [--db PATH]\n"
             "  member-app --membership ID | --epass ID [--interval S] [--png F] [--count N]   fresh dynamic codes\n"
             "  staff --id ID [--name TEXT] [--role agent|supervisor] [--pin DIGITS] [--site S]... [--inactive | "
             "--delete]\n"
             "  rotate-key [--db PATH]                  new token signing key; the old one retires after 1 h\n"
             "  journal-breaks [--db PATH]              terminal journals whose hash chain broke on upload\n"
             "  operator add NAME | remove NAME | list [--db PATH]   web console accounts (add reads the password\n"
             "                                          from stdin)\n"
             "Every --db takes an SQLite file or postgresql://user@host:port/dbname (then also --key-file F).\n";
    out().flush();
    return command.isEmpty() || command == QLatin1String("--help") ? 0 : 64;
}
