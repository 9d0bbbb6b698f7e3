#include "ConsoleEndpoints.h"

#include "Json.h"
#include "StrictJson.h"

#include <QFile>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QUrl>

#include <sodium.h>

namespace lounge::central {

using core::ErrorCode;
using core::makeError;

namespace {

using Reply = CentralServer::Reply;
using Call = CentralServer::Call;
using Method = QHttpServerRequest::Method;

QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Reply refused(int status, const char* error, const QString& reason)
{
    return {status, json({{"error", QLatin1String(error)}, {"reason", reason}})};
}

QByteArray contentType(const QString& path)
{
    if (path.endsWith(QLatin1String(".html"))) {
        return "text/html; charset=utf-8";
    }
    if (path.endsWith(QLatin1String(".js"))) {
        return "text/javascript; charset=utf-8";
    }
    if (path.endsWith(QLatin1String(".css"))) {
        return "text/css; charset=utf-8";
    }
    if (path.endsWith(QLatin1String(".svg"))) {
        return "image/svg+xml";
    }
    if (path.endsWith(QLatin1String(".png"))) {
        return "image/png";
    }
    return "application/octet-stream";
}

QByteArray cookie(const QByteArray& token, bool secure, qint64 maxAge)
{
    QByteArray c = QByteArray(ConsoleEndpoints::kCookieName) + '=' + token
        + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + QByteArray::number(maxAge);
    if (secure) {
        c += "; Secure";
    }
    return c;
}

QJsonObject sessionJson(const OperatorSession& s)
{
    return {{"operator", s.operatorName},
            {"csrfToken", QString::fromLatin1(s.csrfToken)},
            {"expiresAt", core::json::dateTimeToString(s.expiresAt)}};
}

} // namespace

QByteArray ConsoleEndpoints::sessionToken(const QByteArray& header)
{
    const QByteArray prefix = QByteArray(kCookieName) + '=';
    for (const QByteArray& part : header.split(';')) {
        const QByteArray p = part.trimmed();
        if (p.startsWith(prefix)) {
            return p.mid(prefix.size());
        }
    }
    return {};
}

QByteArray ConsoleEndpoints::sessionToken(const QHttpServerRequest& request)
{
    return sessionToken(request.value("Cookie"));
}

bool ConsoleEndpoints::crossOrigin(const QHttpServerRequest& request)
{
    const QByteArray origin = request.value("Origin");
    if (origin.isEmpty()) {
        return false; // same-origin GETs and non-browser clients send none; SameSite=Strict keeps cookies home
    }
    const QUrl url(QString::fromLatin1(origin));
    const QByteArray host = request.value("Host");
    const QString expected
        = url.host() + (url.port() >= 0 ? QLatin1Char(':') + QString::number(url.port()) : QString());
    return !url.isValid() || expected != QString::fromLatin1(host);
}

bool ConsoleEndpoints::csrfMatches(const QHttpServerRequest& request, const OperatorSession& session)
{
    const QByteArray presented = request.value(kCsrfHeader);
    return !session.csrfToken.isEmpty() && presented.size() == session.csrfToken.size()
        && sodium_memcmp(presented.constData(), session.csrfToken.constData(), size_t(presented.size())) == 0;
}

void ConsoleEndpoints::addRoutes(CentralServer::Routes& routes, OperatorAuth& auth,
                                 std::function<bool(const QHttpServerRequest&)> secure)
{
    // ---- the assets (public: they hold no data; every datum comes from the issuer API after login)
    const auto asset = [](const Call& c) -> Reply {
        QString name = c.args.value(0);
        if (name.isEmpty()) {
            name = QStringLiteral("index.html");
        }
        // Resource names are one flat directory: nothing else can be named.
        if (name.contains(QLatin1Char('/')) || name.startsWith(QLatin1Char('.'))) {
            return refused(404, "NOT_FOUND", QStringLiteral("no such console file"));
        }
        QFile f(QStringLiteral(":/console/") + name);
        if (!f.open(QIODevice::ReadOnly)) {
            return refused(404, "NOT_FOUND", QStringLiteral("no such console file"));
        }
        return {200, f.readAll(), contentType(name)};
    };
    routes.add(Method::Get | Method::Head, QStringLiteral("/console"), RouteAuth::None, asset);
    routes.add(Method::Get | Method::Head, QStringLiteral("/console/{*}"), RouteAuth::None, asset);

    // ---- the session
    routes.add(Method::Post, QStringLiteral("/console/api/login"), RouteAuth::None, [&auth, secure](const Call& c) {
        // Login CSRF: a cross-site form cannot send JSON (that needs a CORS preflight central never answers) and
        // a browser's fetch names its origin.
        if (ConsoleEndpoints::crossOrigin(c.request)
            || !c.request.value("Content-Type").startsWith("application/json")) {
            return refused(403, "FORBIDDEN", QStringLiteral("login only from the console's own page"));
        }
        auto o = protocol::parseStrictObject(c.request.body());
        if (!o) {
            return Reply::fromError(o.error());
        }
        for (auto it = o->begin(); it != o->end(); ++it) {
            if (it.key() != QLatin1String("name") && it.key() != QLatin1String("password")) {
                return refused(400, "INVALID_ARGUMENT", it.key() + QStringLiteral(": unknown field"));
            }
        }
        if (!o->value("name").isString() || !o->value("password").isString()) {
            return refused(400, "INVALID_ARGUMENT", QStringLiteral("name and password: strings"));
        }
        auto login = auth.login(o->value("name").toString(), o->value("password").toString());
        if (!login) {
            return Reply::fromError(login.error());
        }
        switch (login->outcome) {
        case OperatorAuth::Login::Outcome::Throttled: {
            Reply r
                = refused(429, "TOO_MANY_REQUESTS",
                          QStringLiteral("too many failed logins: try again in %1 s").arg(login->retryAfterSeconds));
            r.headers.append({"Retry-After", QByteArray::number(login->retryAfterSeconds)});
            return r;
        }
        case OperatorAuth::Login::Outcome::Refused:
            return refused(401, "UNAUTHORIZED", QStringLiteral("wrong name or password"));
        case OperatorAuth::Login::Outcome::SignedIn:
            break;
        }
        Reply r {200, json(sessionJson(login->session))};
        r.headers.append(
            {"Set-Cookie", cookie(login->session.token, secure(c.request), OperatorAuth::kSessionSeconds)});
        return r;
    });
    routes.add(Method::Post, QStringLiteral("/console/api/logout"), RouteAuth::None, [&auth, secure](const Call& c) {
        const QByteArray token = ConsoleEndpoints::sessionToken(c.request);
        auto s = auth.session(token);
        if (s) {
            if (ConsoleEndpoints::crossOrigin(c.request) || !ConsoleEndpoints::csrfMatches(c.request, *s)) {
                return refused(403, "FORBIDDEN", QStringLiteral("missing or wrong X-CSRF-Token"));
            }
            if (auto r = auth.logout(token); !r) {
                return Reply::fromError(r.error());
            }
        }
        Reply r {200, json({{"signedOut", true}})};
        r.headers.append({"Set-Cookie", cookie("", secure(c.request), 0)});
        return r;
    });
    routes.add(Method::Get, QStringLiteral("/console/api/session"), RouteAuth::None, [&auth](const Call& c) {
        auto s = auth.session(ConsoleEndpoints::sessionToken(c.request));
        if (!s) {
            return Reply::fromError(s.error());
        }
        return Reply {200, json(sessionJson(*s))};
    });
}

} // namespace lounge::central
