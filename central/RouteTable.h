#pragma once

#include <QHttpServerRequest>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace lounge::central {

/// What a route needs before its handler runs.
enum class RouteAuth
{
    None, ///< health, enrollment (its one-time code is in the body)
    Issuer, ///< the issuer key as bearer token
    Terminal, ///< "terminalId:secret" as bearer token, plus the journal-head check
};

/// Method + path pattern + auth requirement + handler, matched segment by segment. A pattern is a path such as
/// "/v1/issuer/memberships/{id}/entitlements/{module}": a literal segment matches itself, `{name}` any one segment
/// (its value is passed to the handler in order), and a final `{*}` one or more segments (passed as one value,
/// joined with '/'). When several routes match a request, the most specific wins (a literal beats `{name}`, which
/// beats `{*}`, segment by segment from the left). Thread affinity: none (built once, then read only).
template<typename Handler> class RouteTable
{
public:
    using Method = QHttpServerRequest::Method;
    using Methods = QHttpServerRequest::Methods;

    struct Route
    {
        Methods methods;
        QString pattern;
        RouteAuth auth = RouteAuth::None;
        Handler handler;
        QStringList segments;
    };

    /// The outcome of matching one request.
    struct Match
    {
        const Route* route = nullptr; ///< the route to run; null when none takes this method (or path)
        QStringList args; ///< values of the route's `{name}` / `{*}` segments
        Methods allowed; ///< path known, method not: the methods its routes take (405 with Allow)
        RouteAuth auth = RouteAuth::None; ///< of the route, or of the routes that know the path
        bool pathKnown() const { return route || allowed; }
    };

    void add(Methods methods, const QString& pattern, RouteAuth auth, Handler handler)
    {
        m_routes.append({methods, pattern, auth, std::move(handler), pattern.split(u'/', Qt::SkipEmptyParts)});
    }

    Match match(Method method, const QStringList& path) const
    {
        Match out;
        QList<int> best; // specificity of out.route
        for (const Route& r : m_routes) {
            QStringList args;
            QList<int> rank;
            if (!matches(r.segments, path, &args, &rank)) {
                continue;
            }
            if (!(r.methods & method)) {
                if (!out.route && !out.allowed) {
                    out.auth = r.auth;
                }
                out.allowed |= r.methods;
                continue;
            }
            if (!out.route || rank > best) {
                out.route = &r;
                out.args = args;
                out.auth = r.auth;
                best = rank;
            }
        }
        if (out.route) {
            out.allowed = {};
        }
        return out;
    }

    const QList<Route>& routes() const { return m_routes; }

    /// "GET, HEAD" for an Allow header.
    static QByteArray allowHeader(Methods methods)
    {
        static const std::pair<Method, const char*> kNames[] = {
            {Method::Get, "GET"},         {Method::Head, "HEAD"},   {Method::Post, "POST"},
            {Method::Put, "PUT"},         {Method::Patch, "PATCH"}, {Method::Delete, "DELETE"},
            {Method::Options, "OPTIONS"}, {Method::Trace, "TRACE"}, {Method::Connect, "CONNECT"},
        };
        QByteArrayList names;
        for (const auto& [m, name] : kNames) {
            if (methods & m) {
                names << name;
            }
        }
        return names.join(", ");
    }

private:
    static bool matches(const QStringList& pattern, const QStringList& path, QStringList* args, QList<int>* rank)
    {
        for (qsizetype i = 0; i < pattern.size(); ++i) {
            const QString& p = pattern[i];
            if (p == QLatin1String("{*}")) {
                if (i != pattern.size() - 1 || path.size() <= i) {
                    return false;
                }
                args->append(path.mid(i).join(u'/'));
                rank->append(0);
                return true;
            }
            if (i >= path.size()) {
                return false;
            }
            if (p.startsWith(u'{') && p.endsWith(u'}')) {
                args->append(path[i]);
                rank->append(1);
            } else if (p == path[i]) {
                rank->append(2);
            } else {
                return false;
            }
        }
        return pattern.size() == path.size();
    }

    QList<Route> m_routes;
};

} // namespace lounge::central
