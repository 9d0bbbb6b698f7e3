#include "CentralServer.h"

#include "Pagination.h"

#include "BillingEndpoints.h"
#include "ConsoleEndpoints.h"
#include "EnrollmentLink.h"
#include "IssuerJson.h"
#include "IssuerQueryEndpoints.h"
#include "JournalHeadCheck.h"
#include "Json.h"
#include "QrRenderer.h"
#include "SecurityEndpoints.h"
#include "StrictJson.h"
#include "VisitCounts.h"
#include "Wire.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QUrlQuery>

#include <sodium.h>

Q_LOGGING_CATEGORY(lcCentralHttp, "lounge.central.http")
Q_LOGGING_CATEGORY(lcCentralRequest, "lounge.central.request")

namespace lounge::central {

using core::Error;
using core::ErrorCode;
using core::makeError;
using core::Result;
using Method = QHttpServerRequest::Method;
using Methods = QHttpServerRequest::Methods;

namespace {

QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

int httpStatus(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument:
        return 400;
    case ErrorCode::Unauthorized:
        return 401;
    case ErrorCode::Forbidden:
        return 403;
    case ErrorCode::NotFound:
        return 404;
    case ErrorCode::Conflict:
        return 409;
    case ErrorCode::Locked:
    case ErrorCode::DiskFull:
    case ErrorCode::Network: // the database connection was lost (PostgreSQL): the next request reconnects
        return 503;
    default:
        return 500;
    }
}

/// Strict request checking: every key must be one we know.
Result<void> knownKeys(const QJsonObject& o, std::initializer_list<const char*> known, const QString& where = {})
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        bool found = false;
        for (const char* k : known) {
            found |= it.key() == QLatin1String(k);
        }
        if (!found) {
            return makeError(ErrorCode::InvalidArgument, where + it.key() + QLatin1String(": unknown field"));
        }
    }
    return {};
}

/// A programme's or E-pass's "travel" (issue 14 §2): an object of the two lists, nothing else.
Result<void> checkTravelKeys(const QJsonObject& o)
{
    const QJsonValue travel = o.value("travel");
    if (travel.isUndefined() || travel.isNull()) {
        return {};
    }
    if (!travel.isObject()) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("travel: expected an object"));
    }
    return knownKeys(travel.toObject(), {"compartments", "carriers"}, QStringLiteral("travel."));
}

Result<void> checkEntitlementKeys(const QJsonObject& o)
{
    if (auto r = knownKeys(
            o,
            {"module", "cardholder", "guest", "shared", "guestsPerVisit", "period", "scope", "validFrom", "validTo"});
        !r) {
        return r;
    }
    for (const char* pool : {"cardholder", "guest", "shared"}) {
        if (o.value(QLatin1String(pool)).isObject()) {
            if (auto r = knownKeys(o.value(QLatin1String(pool)).toObject(), {"unlimited", "count"},
                                   QLatin1String(pool) + QLatin1Char('.'));
                !r) {
                return r;
            }
        }
    }
    if (o.value("scope").isObject()) {
        return knownKeys(o.value("scope").toObject(), {"resources", "airports"}, QStringLiteral("scope."));
    }
    return {};
}

QJsonObject membershipJson(const core::Membership& m)
{
    return issuerjson::membership(m);
}

QJsonObject ePassJson(const core::EPass& e)
{
    return issuerjson::ePass(e);
}

QJsonObject storedJson(const StoredRedemption& s)
{
    return issuerjson::stored(s);
}

QByteArray bearer(const QHttpServerRequest& request)
{
    const QByteArray h = request.value("Authorization");
    if (!h.startsWith("Bearer ")) {
        return {};
    }
    return h.mid(7).trimmed();
}

/// Parses the body as one JSON object (empty body = {} when allowed).
Result<QJsonObject> bodyObject(const QHttpServerRequest& request, bool allowEmpty = false)
{
    if (request.body().trimmed().isEmpty() && allowEmpty) {
        return QJsonObject();
    }
    // The one strict reader (protocol/StrictJson): valid UTF-8, bounded depth, no repeated key, integers in range.
    return protocol::parseStrictObject(request.body());
}

CentralServer::Reply errorReply(const Error& e)
{
    return CentralServer::Reply::fromError(e);
}

CentralServer::Reply notFoundReply()
{
    return {404, json({{"error", "NOT_FOUND"}, {"reason", "no such endpoint"}})};
}

template<typename T, typename F> CentralServer::Reply respond(const Result<T>& r, F&& toJson, int status = 200)
{
    if (!r) {
        return errorReply(r.error());
    }
    return {status, json(toJson(*r))};
}

CentralServer::Reply membershipReply(const Result<core::Membership>& r)
{
    return respond(r, [](const core::Membership& m) { return QJsonObject {{"membership", membershipJson(m)}}; });
}

CentralServer::Reply ePassReply(const Result<core::EPass>& r)
{
    return respond(r, [](const core::EPass& e) { return QJsonObject {{"epass", ePassJson(e)}}; });
}

CentralServer::Reply deletedReply(const Result<void>& r, const QString& id)
{
    if (!r) {
        return errorReply(r.error());
    }
    return {200, json({{"deleted", id}})};
}

/// The request's /v1/issuer or /v1/terminal prefix: the credentials a path under it needs even when no route knows
/// it (an unknown path is 404 only to a caller with credentials, as before the route table).
RouteAuth prefixAuth(const QStringList& path)
{
    if (path.size() >= 2 && path[0] == QLatin1String("v1")) {
        if (path[1] == QLatin1String("issuer")) {
            return RouteAuth::Issuer;
        }
        if (path[1] == QLatin1String("terminal")) {
            return RouteAuth::Terminal;
        }
    }
    return RouteAuth::None;
}

} // namespace

CentralServer::Reply CentralServer::Reply::fromError(const Error& e)
{
    if (httpStatus(e.code) >= 500) {
        qCWarning(lcCentralHttp) << "internal error" << e.toString();
    }
    return {httpStatus(e.code), json({{"error", core::toString(e.code)}, {"reason", e.detail}})};
}

CentralServer::CentralServer(CentralService& service, Options options, QObject* parent)
    : QObject(parent)
    , m_service(service)
    , m_options(std::move(options))
    , m_http(std::make_unique<QHttpServer>())
{
    // QHttpServer only carries requests: every one reaches our route table (auth and 405 with Allow in one place;
    // docs/architecture.md says why not QHttpServer::route()).
    m_http->setMissingHandler(
        [this](const QHttpServerRequest& request, QHttpServerResponder&& responder) { handle(request, responder); });
    m_routes.add(Method::Get | Method::Head, QStringLiteral("/v1/health"), RouteAuth::None,
                 [this](const Call&) { return health(); });
    addIssuerRoutes();
    IssuerQueryEndpoints::addRoutes(m_routes, m_service, IssuerQueryEndpoints::issuerActor(m_options.issuerKey));
    BillingEndpoints::addRoutes(m_routes, m_service.billing());
    VisitCounts::addRoutes(m_routes, m_service);
    addTerminalRoutes();
}

CentralServer::~CentralServer() = default;

void CentralServer::setSecurity(CentralSecurity* security)
{
    m_security = security;
    if (m_security) {
        SecurityEndpoints::addRoutes(m_routes, *m_security);
    }
}

void CentralServer::setConsole(OperatorAuth* auth)
{
    m_console = auth;
    if (m_console) {
        ConsoleEndpoints::addRoutes(m_routes, *m_console, [this](const QHttpServerRequest& request) {
            return m_tls.has_value() || request.value("X-Forwarded-Proto") == "https";
        });
    }
}

bool CentralServer::issuerKeyMatches(const QByteArray& token) const
{
    const QByteArray presented = QCryptographicHash::hash(token, QCryptographicHash::Sha256);
    const QByteArray expected = QCryptographicHash::hash(m_options.issuerKey, QCryptographicHash::Sha256);
    return !m_options.issuerKey.isEmpty() && !token.isEmpty()
        && sodium_memcmp(presented.constData(), expected.constData(), size_t(expected.size())) == 0;
}

void CentralServer::useTls(const QSslConfiguration& configuration)
{
    m_tls = configuration;
}

Result<quint16> CentralServer::listen(const QHostAddress& address, quint16 port)
{
    HttpLimits limits = m_options.http;
    limits.maxBodyBytes = m_options.maxBodyBytes;
    // Credentials are checked from the headers alone, before a body is read (the same checks dispatch() applies).
    auto authorized = [this](const QByteArray& path, const QByteArray& authorization, const QByteArray& cookie) {
        if (m_console && !authorization.startsWith("Bearer ")
            && (path.startsWith("/v1/issuer/") || path == "/console/api/logout")) {
            // A console session (its CSRF header is checked with the route); a storage failure is not a refusal.
            auto session = m_console->session(ConsoleEndpoints::sessionToken(cookie));
            return session || session.error().code != ErrorCode::Unauthorized;
        }
        if (!authorization.startsWith("Bearer ")) {
            return false;
        }
        const QByteArray token = authorization.mid(7).trimmed();
        if (path.startsWith("/v1/issuer/")) {
            return issuerKeyMatches(token);
        }
        if (path.startsWith("/v1/terminal/")) {
            // A storage failure (database unreachable) is not a refusal: the handler meets it again and answers 503,
            // which a terminal retries; a 401 would tell it its credentials are gone.
            auto terminal = m_service.terminals().authenticate(token);
            return terminal || terminal.error().code != ErrorCode::Unauthorized;
        }
        return false;
    };
    m_guard = std::make_unique<HttpGuard>(limits, authorized);
    QTcpServer* server = m_guard->createServer(m_tls ? &*m_tls : nullptr, m_http.get());
    if (!server->listen(address, port)) {
        const QString why = server->errorString();
        delete server;
        return makeError(ErrorCode::Network,
                         QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(why));
    }
    m_http->bind(server);
    return server->serverPort();
}

QString CentralServer::pathPattern(const QString& path)
{
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.value(0) == QLatin1String("console")) {
        // The console's session routes by name; its files as one pattern.
        static const QStringList kApi {QStringLiteral("login"), QStringLiteral("logout"), QStringLiteral("session")};
        if (parts.size() == 3 && parts[1] == QLatin1String("api") && kApi.contains(parts[2])) {
            return QStringLiteral("/console/api/") + parts[2];
        }
        return QStringLiteral("/console/{file}");
    }
    if (parts.value(0) != QLatin1String("v1")) {
        return QStringLiteral("/{unknown}");
    }
    QStringList out {parts.value(0), parts.value(1)};
    if (parts.value(1) == QLatin1String("issuer")) {
        // /v1/issuer/<collection>/<id>/<action>...: the id is data, the rest is the route.
        for (int i = 2; i < parts.size(); ++i) {
            out << (i == 3 ? QStringLiteral("{id}") : parts[i]);
        }
    } else {
        // Terminal routes are fixed words; anything else (a UUID, a number) is data.
        static const QRegularExpression word(QStringLiteral("^[a-z][a-z.-]{0,31}$"));
        for (int i = 2; i < parts.size(); ++i) {
            out << (word.match(parts[i]).hasMatch() ? parts[i] : QStringLiteral("{id}"));
        }
    }
    QString pattern;
    for (const QString& part : out) {
        if (part.size() > 40 || part.contains(QLatin1Char(' '))) {
            pattern += QStringLiteral("/{id}");
        } else if (!part.isEmpty()) {
            pattern += QLatin1Char('/') + part;
        }
    }
    return pattern;
}

void CentralServer::handle(const QHttpServerRequest& request, QHttpServerResponder& responder)
{
    QElapsedTimer elapsed;
    elapsed.start();
    m_requestTerminal.clear();
    Reply reply;
    if (request.body().size() > m_options.maxBodyBytes) {
        reply = {413,
                 json({{"error", "PAYLOAD_TOO_LARGE"},
                       {"reason", QStringLiteral("body over %1 bytes").arg(m_options.maxBodyBytes)}})};
    } else {
        reply = dispatch(request);
    }
    const QByteArray now = core::json::dateTimeToString(m_service.clock().now()).toUtf8();
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(reply.status));
    responder.writeHeader("Content-Type", reply.contentType);
    responder.writeHeader("X-Server-Time", now);
    if (!reply.allow.isEmpty()) {
        responder.writeHeader("Allow", reply.allow);
    }
    // The operator console's pages are served from here (docs/security.md, "Operator console"): no inline script,
    // nothing from another origin, never framed, never cached (replies carry member data).
    responder.writeHeader("Content-Security-Policy",
                          "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                          "form-action 'self'; frame-ancestors 'none'");
    responder.writeHeader("X-Content-Type-Options", "nosniff");
    responder.writeHeader("X-Frame-Options", "DENY");
    responder.writeHeader("Referrer-Policy", "no-referrer");
    responder.writeHeader("Cache-Control", "no-store");
    for (const auto& [name, value] : reply.headers) {
        responder.writeHeader(name, value);
    }
    responder.writeHeader("Content-Length", QByteArray::number(reply.body.size()));
    responder.writeBody(reply.body);
    const QString method = QString::fromLatin1(QMetaEnum::fromType<Method>().valueToKey(int(request.method())));
    // One line per request for the journal and log shippers: method, route pattern (never ids, codes or keys),
    // status, milliseconds, terminal id ("-" when none authenticated).
    qCInfo(lcCentralRequest).noquote() << QStringLiteral("%1 %2 %3 %4ms terminal=%5")
                                              .arg(method.toUpper(), pathPattern(request.url().path()))
                                              .arg(reply.status)
                                              .arg(elapsed.elapsed())
                                              .arg(m_requestTerminal.isEmpty() ? QStringLiteral("-")
                                                                               : m_requestTerminal);
    emit requestHandled(method, request.url().path(), reply.status);
}

CentralServer::Reply CentralServer::dispatch(const QHttpServerRequest& request)
{
    const QStringList path = request.url().path().split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const Routes::Match match = m_routes.match(request.method(), path);
    Call call {request, match.args, {}, {}};
    // Credentials first, then the route: a caller without them learns nothing about the paths behind them.
    const RouteAuth auth = match.pathKnown() ? match.auth : prefixAuth(path);
    if (auto refused = authorize(auth, call)) {
        return *refused;
    }
    if (match.route) {
        return match.route->handler(call);
    }
    if (match.allowed) {
        const QByteArray allow = Routes::allowHeader(match.allowed);
        Reply reply {405,
                     json({{"error", "METHOD_NOT_ALLOWED"},
                           {"reason", QStringLiteral("allowed: %1").arg(QString::fromLatin1(allow))}})};
        reply.allow = allow;
        return reply;
    }
    return notFoundReply();
}

std::optional<CentralServer::Reply> CentralServer::authorize(RouteAuth auth, Call& call)
{
    const QHttpServerRequest& request = call.request;
    switch (auth) {
    case RouteAuth::None:
        return std::nullopt;
    case RouteAuth::Issuer: {
        if (bearer(request).isEmpty() && m_console && !ConsoleEndpoints::sessionToken(request).isEmpty()) {
            // The operator console: a session cookie instead of the key; writes also need the session's CSRF token
            // (and a same-origin Origin when the browser sends one).
            auto session = m_console->session(ConsoleEndpoints::sessionToken(request));
            if (!session) {
                return errorReply(session.error());
            }
            const bool reads = request.method() == Method::Get || request.method() == Method::Head;
            if (!reads
                && (ConsoleEndpoints::crossOrigin(request) || !ConsoleEndpoints::csrfMatches(request, *session))) {
                return Reply {403, json({{"error", "FORBIDDEN"}, {"reason", "missing or wrong X-CSRF-Token"}})};
            }
            call.actor = QStringLiteral("operator:") + session->operatorName;
            return std::nullopt;
        }
        if (bearer(request).isEmpty()) {
            return Reply {401, json({{"error", "UNAUTHORIZED"}, {"reason", "issuer key required"}})};
        }
        if (!issuerKeyMatches(bearer(request))) {
            return Reply {401, json({{"error", "UNAUTHORIZED"}, {"reason", "wrong issuer key"}})};
        }
        return std::nullopt;
    }
    case RouteAuth::Terminal: {
        const QByteArray token = bearer(request);
        if (token.isEmpty()) {
            return Reply {401, json({{"error", "UNAUTHORIZED"}, {"reason", "terminal credentials required"}})};
        }
        // Issue 12 §3: with a journal head to check, the terminal and the head central holds for it come in one
        // statement (the kiosk sends the header with every request).
        const QByteArray head = request.value(kJournalHeadHeader);
        Result<TerminalWithRecord> authenticated = TerminalWithRecord {};
        if (head.isEmpty()) {
            auto t = m_service.terminals().authenticate(token);
            authenticated = t ? Result<TerminalWithRecord>(TerminalWithRecord {*t, std::nullopt})
                              : Result<TerminalWithRecord>(t.error());
        } else {
            authenticated = m_service.terminals().authenticateWith(token, kJournalHeadKind);
        }
        if (!authenticated) {
            return errorReply(authenticated.error());
        }
        const TerminalRecord* terminal = &authenticated->terminal;
        call.terminal = *terminal;
        m_requestTerminal = terminal->id;
        // Issue 15 §3: what only the terminal knows (version, pending uploads, its clock). Judged before anything is
        // stored: a malformed header refuses the request; absent headers (an older terminal) are simply unknown.
        auto report = protocol::TerminalReport::fromHeaders(request.value(protocol::kTerminalVersionHeader),
                                                            request.value(protocol::kPendingUploadsHeader),
                                                            request.value(protocol::kTerminalTimeHeader));
        if (!report) {
            return errorReply(report.error());
        }
        if (!head.isEmpty()) {
            // Issue 11 §4: the terminal's journal head must only ever extend what central has seen (JournalHeadCheck).
            const auto parsed = parseJournalHead(head);
            if (!parsed) {
                return errorReply(makeError(ErrorCode::InvalidArgument,
                                            QStringLiteral("%1: expected SEQ:SHA256HEX").arg(kJournalHeadHeader)));
            }
            if (auto checked
                = checkJournalHead(m_service.store(), m_service.clock(), terminal->id, *parsed, authenticated->record);
                !checked) {
                return errorReply(checked.error());
            }
        }
        if (auto noted = m_service.fleet().noteContact(terminal->id, *report); !noted) {
            // The fleet status is bookkeeping: people at the desk wait on this request; serve it.
            qCWarning(lcCentralHttp) << "cannot note the contact of terminal" << terminal->id
                                     << noted.error().toString();
        }
        return std::nullopt;
    }
    }
    return std::nullopt;
}

CentralServer::Reply CentralServer::health()
{
    // Unauthenticated, for load balancers: says whether this instance can serve (its database answers), no data.
    const auto head = m_service.store().headSeq();
    if (!head) {
        qCWarning(lcCentralHttp) << "health: database" << head.error().toString();
        return {503, json({{"status", "unavailable"}, {"database", "error"}})};
    }
    return {200,
            json({{"status", "ok"},
                  {"database", "ok"},
                  {"serverTime", core::json::dateTimeToString(m_service.clock().now())}})};
}

void CentralServer::addIssuerRoutes()
{
    IssuerService& issuer = m_service.issuer();
    const auto add = [this](Methods methods, const QString& pattern, Handler handler) {
        m_routes.add(methods, QStringLiteral("/v1/issuer/") + pattern, RouteAuth::Issuer, std::move(handler));
    };

    // ---- resources and programs
    add(Method::Put, "resources/{id}", [&issuer](const Call& c) -> Reply {
        auto o = bodyObject(c.request);
        if (!o) {
            return errorReply(o.error());
        }
        if (auto k = knownKeys(*o,
                               {"id", "module", "name", "airport", "terminal", "timeZone", "requireDynamic", "booking",
                                "boardingPass"});
            !k) {
            return errorReply(k.error());
        }
        if (o->value("booking").isObject()) {
            if (auto k = knownKeys(o->value("booking").toObject(), {"required", "walkUps", "graceMinutes"},
                                   QStringLiteral("booking."));
                !k) {
                return errorReply(k.error());
            }
        }
        if (o->contains("boardingPass") && !o->value("boardingPass").isObject()) {
            return errorReply(
                makeError(ErrorCode::InvalidArgument, QStringLiteral("boardingPass: expected an object")));
        }
        if (o->value("boardingPass").isObject()) {
            if (auto k = knownKeys(o->value("boardingPass").toObject(),
                                   {"policy", "direction", "withinHours", "uploadPnrAndSeat"},
                                   QStringLiteral("boardingPass."));
                !k) {
                return errorReply(k.error());
            }
        }
        o->insert("id", c.arg(0));
        auto r = core::json::resourceFromJson(*o);
        if (!r) {
            return errorReply(r.error());
        }
        return respond(issuer.putResource(*r), [](const core::Resource& x) {
            return QJsonObject {{"resource", core::json::toJson(x)}};
        });
    });
    add(Method::Delete, "resources/{id}",
        [&issuer](const Call& c) { return deletedReply(issuer.deleteResource(c.arg(0)), c.arg(0)); });
    add(Method::Get, "programs/{id}", [this](const Call& c) -> Reply {
        const QString id = c.arg(0);
        CentralCacheView view(m_service.store(), m_service.clock());
        auto p = view.program(id);
        if (!p) {
            return errorReply(p.error());
        }
        if (!p->has_value()) {
            return errorReply(makeError(ErrorCode::NotFound, QStringLiteral("program ") + id));
        }
        return {200, json({{"program", core::json::toJson(**p)}})};
    });
    const auto putProgram = [&issuer](const Call& c, bool create) -> Reply {
        auto o = bodyObject(c.request);
        if (!o) {
            return errorReply(o.error());
        }
        if (auto k = knownKeys(*o, {"id", "name", "defaultValidityDays", "entitlements", "requireDynamic", "travel"});
            !k) {
            return errorReply(k.error());
        }
        if (auto k = checkTravelKeys(*o); !k) {
            return errorReply(k.error());
        }
        for (const auto& e : o->value("entitlements").toArray()) {
            if (auto k = checkEntitlementKeys(e.toObject()); !k) {
                return errorReply(k.error());
            }
        }
        if (!create) {
            o->insert("id", c.arg(0));
        }
        auto p = core::json::programFromJson(*o);
        if (!p) {
            return errorReply(p.error());
        }
        return respond(
            issuer.putProgram(*p, create),
            [](const core::Program& x) {
                return QJsonObject {{"program", core::json::toJson(x)}};
            },
            create ? 201 : 200);
    };
    add(Method::Post, "programs", [putProgram](const Call& c) { return putProgram(c, true); });
    add(Method::Put, "programs/{id}", [putProgram](const Call& c) { return putProgram(c, false); });
    add(Method::Delete, "programs/{id}",
        [&issuer](const Call& c) { return deletedReply(issuer.deleteProgram(c.arg(0)), c.arg(0)); });

    // ---- memberships
    add(Method::Post, "memberships", [&issuer](const Call& c) -> Reply {
        auto o = bodyObject(c.request);
        if (!o) {
            return errorReply(o.error());
        }
        if (auto k = knownKeys(*o, {"id", "program", "holderName", "number", "validFrom", "validTo", "status"}); !k) {
            return errorReply(k.error());
        }
        NewMembership spec;
        const std::pair<const char*, QString*> strings[] = {
            {"id", &spec.id}, {"program", &spec.programId}, {"holderName", &spec.holderName}, {"number", &spec.number}};
        for (const auto& [key, target] : strings) {
            const QJsonValue v = o->value(QLatin1String(key));
            if (!v.isUndefined() && !v.isString()) {
                return errorReply(
                    makeError(ErrorCode::InvalidArgument, QLatin1String(key) + QLatin1String(": expected a string")));
            }
            *target = v.toString();
        }
        for (const auto& [key, target] :
             {std::pair {"validFrom", &spec.validFrom}, std::pair {"validTo", &spec.validTo}}) {
            const QJsonValue v = o->value(QLatin1String(key));
            if (v.isUndefined()) {
                continue;
            }
            *target = QDate::fromString(v.toString(), Qt::ISODate);
            if (!v.isString() || !target->isValid()) {
                return errorReply(makeError(ErrorCode::InvalidArgument,
                                            QLatin1String(key) + QLatin1String(": expected a date YYYY-MM-DD")));
            }
        }
        if (o->contains("status")) {
            auto s = core::membershipStatusFromString(o->value("status").toString());
            if (!s || (*s != core::MembershipStatus::Active && *s != core::MembershipStatus::Pending)) {
                return errorReply(makeError(ErrorCode::InvalidArgument, QStringLiteral("status: ACTIVE or PENDING")));
            }
            spec.status = *s;
        }
        if (spec.programId.isEmpty()) {
            return errorReply(makeError(ErrorCode::InvalidArgument, QStringLiteral("program: missing")));
        }
        return respond(
            issuer.registerMembership(spec),
            [](const Issued<core::Membership>& m) {
                return QJsonObject {{"membership", membershipJson(m.value)}, {"code", m.code}};
            },
            201);
    });
    add(Method::Get, "memberships/{id}",
        [&issuer](const Call& c) { return membershipReply(issuer.membership(c.arg(0))); });
    // suspend and cancel take an empty body (or {}); reactivate an optional new validTo.
    const auto emptyBody = [](const Call& c) -> std::optional<Reply> {
        auto o = bodyObject(c.request, true);
        if (!o) {
            return errorReply(o.error());
        }
        if (auto k = knownKeys(*o, {}); !k) {
            return errorReply(k.error());
        }
        return std::nullopt;
    };
    add(Method::Post, "memberships/{id}/suspend", [&issuer, emptyBody](const Call& c) {
        if (auto refused = emptyBody(c)) {
            return *refused;
        }
        return membershipReply(issuer.suspend(c.arg(0)));
    });
    add(Method::Post, "memberships/{id}/cancel", [&issuer, emptyBody](const Call& c) {
        if (auto refused = emptyBody(c)) {
            return *refused;
        }
        return membershipReply(issuer.cancel(c.arg(0)));
    });
    add(Method::Post, "memberships/{id}/reactivate", [&issuer](const Call& c) -> Reply {
        auto o = bodyObject(c.request, true);
        if (!o) {
            return errorReply(o.error());
        }
        if (auto k = knownKeys(*o, {"validTo"}); !k) {
            return errorReply(k.error());
        }
        std::optional<QDate> validTo;
        if (o->contains("validTo")) {
            validTo = QDate::fromString(o->value("validTo").toString(), Qt::ISODate);
            if (!validTo->isValid()) {
                return errorReply(makeError(ErrorCode::InvalidArgument, QStringLiteral("validTo: expected a date")));
            }
        }
        return membershipReply(issuer.reactivate(c.arg(0), validTo));
    });
    add(Method::Put | Method::Patch, "memberships/{id}/validity", [&issuer](const Call& c) -> Reply {
        auto o = bodyObject(c.request);
        if (!o) {
            return errorReply(o.error());
        }
        if (auto k = knownKeys(*o, {"validFrom", "validTo"}); !k) {
            return errorReply(k.error());
        }
        std::optional<QDate> from;
        if (o->contains("validFrom")) {
            from = QDate::fromString(o->value("validFrom").toString(), Qt::ISODate);
            if (!from->isValid()) {
                return errorReply(makeError(ErrorCode::InvalidArgument, QStringLiteral("validFrom: expected a date")));
            }
        }
        const QDate to = QDate::fromString(o->value("validTo").toString(), Qt::ISODate);
        if (!to.isValid()) {
            return errorReply(makeError(ErrorCode::InvalidArgument, QStringLiteral("validTo: expected a date")));
        }
        return membershipReply(issuer.setValidity(c.arg(0), from, to));
    });
    add(Method::Delete, "memberships/{id}/entitlements/{module}",
        [&issuer](const Call& c) { return membershipReply(issuer.removeEntitlement(c.arg(0), c.arg(1))); });
    add(Method::Put, "memberships/{id}/entitlements/{module}", [&issuer](const Call& c) -> Reply {
        const QString module = c.arg(1);
        auto o = bodyObject(c.request);
        if (!o) {
            return errorReply(o.error());
        }
        if (auto k = checkEntitlementKeys(*o); !k) {
            return errorReply(k.error());
        }
        if (o->contains("module") && o->value("module").toString() != module) {
            return errorReply(makeError(ErrorCode::InvalidArgument, QStringLiteral("module: differs from the path")));
        }
        o->insert("module", module);
        auto e = core::json::entitlementFromJson(*o);
        if (!e) {
            return errorReply(e.error());
        }
        return membershipReply(issuer.setEntitlement(c.arg(0), *e));
    });
    add(Method::Put, "memberships/{id}/tier", [&issuer](const Call& c) -> Reply {
        auto o = bodyObject(c.request);
        if (!o) {
            return errorReply(o.error());
        }
        if (auto k = knownKeys(*o, {"program", "effectiveFrom"}); !k) {
            return errorReply(k.error());
        }
        if (!o->value("program").isString()) {
            return errorReply(makeError(ErrorCode::InvalidArgument, QStringLiteral("program: expected a string")));
        }
        QDateTime from;
        if (o->contains("effectiveFrom")) {
            from = QDateTime::fromString(o->value("effectiveFrom").toString(), Qt::ISODateWithMs);
            if (!from.isValid()) {
                return errorReply(
                    makeError(ErrorCode::InvalidArgument, QStringLiteral("effectiveFrom: expected ISO 8601")));
            }
        }
        return membershipReply(issuer.changeTier(c.arg(0), o->value("program").toString(), from));
    });

    // ---- E-passes
    add(Method::Post, "epasses", [&issuer](const Call& c) -> Reply {
        auto o = bodyObject(c.request);
        if (!o) {
            return errorReply(o.error());
        }
        if (auto k = knownKeys(
                *o, {"id", "module", "firstName", "lastName", "usages", "activation", "expiration", "scope", "travel"});
            !k) {
            return errorReply(k.error());
        }
        if (auto k = checkTravelKeys(*o); !k) {
            return errorReply(k.error());
        }
        if (o->value("scope").isObject()) {
            if (auto k = knownKeys(o->value("scope").toObject(), {"resources", "airports"}, QStringLiteral("scope."));
                !k) {
                return errorReply(k.error());
            }
        }
        QJsonObject spec = *o;
        if (!spec.contains("id")) {
            spec.insert("id", QStringLiteral("new"));
        }
        auto e = core::json::ePassFromJson(spec);
        if (!e) {
            return errorReply(e.error());
        }
        if (!o->contains("id")) {
            e->id.clear();
        }
        return respond(
            issuer.issueEPass(*e),
            [](const Issued<core::EPass>& x) {
                return QJsonObject {{"epass", ePassJson(x.value)}, {"code", x.code}};
            },
            201);
    });
    add(Method::Get, "epasses/{id}", [&issuer](const Call& c) { return ePassReply(issuer.ePass(c.arg(0))); });
    // An E-pass is immutable: any change but revoke is a conflict (a 404 when there is no such pass).
    const auto immutable = [&issuer](const Call& c) -> Reply {
        auto exists = issuer.ePass(c.arg(0));
        if (!exists) {
            return errorReply(exists.error());
        }
        return {409, json({{"error", "CONFLICT"}, {"reason", "an E-pass cannot be changed after issue; only revoke"}})};
    };
    add(Method::Put | Method::Patch | Method::Delete, "epasses/{id}", immutable);
    add(Method::Put | Method::Patch | Method::Delete, "epasses/{id}/{*}", immutable);
    add(Method::Post, "epasses/{id}/revoke", [&issuer, emptyBody](const Call& c) {
        if (auto refused = emptyBody(c)) {
            return *refused;
        }
        return ePassReply(issuer.revokeEPass(c.arg(0)));
    });

    // ---- reads of either kind of credential: visits and balances, the static QR
    for (const auto& [collection, kind] : {std::pair {"memberships", core::CredentialKind::Membership},
                                           std::pair {"epasses", core::CredentialKind::EPass}}) {
        const QString base = QLatin1String(collection) + QLatin1String("/{id}/");
        const auto ref = [kind = kind](const Call& c) { return core::CredentialRef {kind, c.arg(0)}; };
        add(Method::Get, base + QLatin1String("redemptions"), [this, ref](const Call& c) {
            return respond(m_service.ledger().report(ref(c)), [](const CredentialReport& rep) {
                QJsonArray balances;
                for (const auto& b : rep.balances) {
                    QJsonObject o {{"module", b.module},
                                   {"pool", core::toString(b.pool)},
                                   {"period", b.period},
                                   {"used", b.used},
                                   {"unlimited", b.unlimited}};
                    if (!b.unlimited) {
                        o.insert("allowance", b.allowance);
                        o.insert("remaining", b.allowance - b.used);
                    }
                    balances.append(o);
                }
                QJsonArray list;
                for (const auto& s : rep.redemptions) {
                    list.append(storedJson(s));
                }
                return QJsonObject {
                    {"credential", rep.credential.key()}, {"balances", balances}, {"redemptions", list}};
            });
        });
        add(Method::Get, base + QLatin1String("qr"), [this, ref](const Call& c) {
            const core::CredentialRef credential = ref(c);
            return respond(m_service.codes().qrPayload(credential), [&](const QString& p) {
                return QJsonObject {{"credential", credential.key()}, {"payload", p}};
            });
        });
        add(Method::Get, base + QLatin1String("qr.png"), [this, ref](const Call& c) -> Reply {
            auto payload = m_service.codes().qrPayload(ref(c));
            if (!payload) {
                return errorReply(payload.error());
            }
            auto png = QrRenderer::png(*payload);
            if (!png) {
                return errorReply(png.error());
            }
            return {200, *png, "image/png"};
        });
    }

    // ---- terminals and reports
    add(Method::Post, "enrollment-codes", [this](const Call& c) -> Reply {
        auto o = bodyObject(c.request);
        if (!o) {
            return errorReply(o.error());
        }
        if (auto k = knownKeys(*o, {"resource", "centralUrl"}); !k) {
            return errorReply(k.error());
        }
        // With centralUrl (as the kiosk reaches central): also the enrollment QR the kiosk's set-up screen scans.
        core::EnrollmentLink link;
        if (o->contains("centralUrl")) {
            link.central = QUrl(o->value("centralUrl").toString(), QUrl::StrictMode);
            if (!o->value("centralUrl").isString() || !core::EnrollmentLink::isUsableCentralUrl(link.central)) {
                return errorReply(makeError(ErrorCode::InvalidArgument,
                                            QStringLiteral("centralUrl: expected central's http(s) base URL")));
            }
        }
        auto code = m_service.terminals().createEnrollmentCode(o->value("resource").toString());
        if (!code) {
            return errorReply(code.error());
        }
        QJsonObject out {{"code", *code}};
        if (o->contains("centralUrl")) {
            link.code = *code;
            auto png = QrRenderer::png(link.toPayload());
            if (!png) {
                return errorReply(png.error());
            }
            out.insert("enrollmentUri", link.toPayload());
            out.insert("qrPng", QString::fromLatin1(png->toBase64()));
        }
        return {201, json(out)};
    });
    // ---- Fast Track pre-bookings (issue 14 §4)
    const auto bookingReply = [](const Result<core::Booking>& r, int status = 200) {
        return respond(
            r,
            [](const core::Booking& b) {
                return QJsonObject {{"booking", core::json::toJson(b)}};
            },
            status);
    };
    add(Method::Post, "bookings", [&issuer, bookingReply](const Call& c) -> Reply {
        auto o = bodyObject(c.request);
        if (!o) {
            return errorReply(o.error());
        }
        if (auto k = knownKeys(*o, {"id", "credential", "resource", "date", "from", "to", "flight", "partySize"}); !k) {
            return errorReply(k.error());
        }
        if (o->value("flight").isObject()) {
            if (auto k = knownKeys(o->value("flight").toObject(), {"carrier", "number"}, QStringLiteral("flight."));
                !k) {
                return errorReply(k.error());
            }
        }
        QJsonObject spec = *o;
        if (!spec.contains("id")) {
            spec.insert("id", QStringLiteral("new"));
        }
        auto b = core::json::bookingFromJson(spec);
        if (!b) {
            return errorReply(b.error());
        }
        if (!o->contains("id")) {
            b->id.clear();
        }
        return bookingReply(issuer.createBooking(*b), 201);
    });
    add(Method::Get, "bookings/{id}",
        [&issuer, bookingReply](const Call& c) { return bookingReply(issuer.booking(c.arg(0))); });
    add(Method::Post, "bookings/{id}/cancel", [&issuer, bookingReply, emptyBody](const Call& c) {
        if (auto refused = emptyBody(c)) {
            return *refused;
        }
        return bookingReply(issuer.cancelBooking(c.arg(0)));
    });
    add(Method::Get, "bookings", [&issuer](const Call& c) -> Reply {
        const QUrlQuery query(c.request.url());
        auto request = pagination::parse(query,
                                         {QStringLiteral("credential"), QStringLiteral("resource"),
                                          QStringLiteral("date"), QStringLiteral("status")});
        if (!request) {
            return errorReply(request.error());
        }
        BookingFilter filter;
        filter.credentialKey = query.queryItemValue(QStringLiteral("credential"), QUrl::FullyDecoded);
        filter.resourceId = query.queryItemValue(QStringLiteral("resource"), QUrl::FullyDecoded);
        if (!filter.credentialKey.isEmpty() && !core::CredentialRef::fromKey(filter.credentialKey)) {
            return errorReply(
                makeError(ErrorCode::InvalidArgument, QStringLiteral("credential: expected M:<id> or E:<id>")));
        }
        if (query.hasQueryItem(QStringLiteral("date"))) {
            filter.date = core::json::dateFromString(query.queryItemValue(QStringLiteral("date")));
            if (!filter.date.isValid()) {
                return errorReply(makeError(ErrorCode::InvalidArgument, QStringLiteral("date: expected YYYY-MM-DD")));
            }
        }
        if (query.hasQueryItem(QStringLiteral("status"))) {
            filter.status = core::bookingStatusFromString(query.queryItemValue(QStringLiteral("status")));
            if (!filter.status) {
                return errorReply(
                    makeError(ErrorCode::InvalidArgument, QStringLiteral("status: expected OPEN, CANCELLED or USED")));
            }
        }
        auto page = issuer.bookings(filter, request->after.value(0), request->limit);
        if (!page) {
            return errorReply(page.error());
        }
        QJsonArray items;
        for (const auto& b : page->items) {
            items.append(core::json::toJson(b));
        }
        return {200,
                json(pagination::page(items,
                                      page->lastId ? std::optional<QString>(pagination::encodeCursor({*page->lastId}))
                                                   : std::nullopt))};
    });
    add(Method::Get, "reports/bookings", [this](const Call& c) -> Reply {
        const QUrlQuery query(c.request.url());
        if (auto k = pagination::checkQueryKeys(query, {QStringLiteral("resource")}); !k) {
            return errorReply(k.error());
        }
        return respond(m_service.ledger().bookingCounts(query.queryItemValue(QStringLiteral("resource"))),
                       [](const QList<BookingCounts>& list) {
                           QJsonArray a;
                           for (const auto& b : list) {
                               a.append(QJsonObject {{"resource", b.resourceId},
                                                     {"date", core::json::dateToString(b.date)},
                                                     {"booked", b.booked},
                                                     {"used", b.used},
                                                     {"cancelled", b.cancelled},
                                                     {"open", b.open},
                                                     {"people", b.people},
                                                     {"reused", b.reused}});
                           }
                           return QJsonObject {{"bookings", a}};
                       });
    });
    add(Method::Get, "overdraws", [this](const Call&) {
        return respond(m_service.ledger().overdraws(), [](const QList<StoredRedemption>& list) {
            QJsonArray a;
            for (const auto& s : list) {
                a.append(storedJson(s));
            }
            return QJsonObject {{"overdraws", a}};
        });
    });
}

void CentralServer::addTerminalRoutes()
{
    m_routes.add(Method::Post, QStringLiteral("/v1/terminal/enroll"), RouteAuth::None, [this](const Call& c) -> Reply {
        auto o = bodyObject(c.request);
        if (!o) {
            return errorReply(o.error());
        }
        auto request = protocol::EnrollRequest::fromJson(*o);
        if (!request) {
            return errorReply(request.error());
        }
        auto enrolled = m_service.terminals().enroll(request->code);
        if (!enrolled) {
            return errorReply(enrolled.error());
        }
        m_requestTerminal = enrolled->terminalId;
        const protocol::EnrollReply reply {enrolled->terminalId, enrolled->secret, enrolled->resourceId,
                                           m_service.clock().now()};
        return {200, protocol::encode(reply.toJson())};
    });
    m_routes.add(Method::Get, QStringLiteral("/v1/terminal/time"), RouteAuth::Terminal, [this](const Call&) -> Reply {
        return {200, protocol::encode(protocol::TimeReply {m_service.clock().now()}.toJson())};
    });
    m_routes.add(Method::Get, QStringLiteral("/v1/terminal/changes"), RouteAuth::Terminal,
                 [this](const Call& c) { return changes(c); });
    m_routes.add(Method::Post, QStringLiteral("/v1/terminal/redemptions"), RouteAuth::Terminal,
                 [this](const Call& c) { return upload(c); });
    m_routes.add(Method::Post, QStringLiteral("/v1/terminal/redeem"), RouteAuth::Terminal,
                 [this](const Call& c) { return redeem(c); });
}

CentralServer::Reply CentralServer::changes(const Call& c)
{
    const QUrlQuery query(c.request.url());
    bool okCursor = true;
    bool okLimit = true;
    const qint64 cursor = query.hasQueryItem("cursor") ? query.queryItemValue("cursor").toLongLong(&okCursor) : 0;
    const int limit
        = query.hasQueryItem("limit") ? query.queryItemValue("limit").toInt(&okLimit) : m_options.defaultPageSize;
    if (!okCursor || !okLimit || cursor < 0 || limit < 1) {
        return errorReply(
            makeError(ErrorCode::InvalidArgument, QStringLiteral("cursor and limit must be positive integers")));
    }
    const bool count = query.queryItemValue("count") == QLatin1String("1");
    auto page = m_service.feed().changes(c.terminal, cursor, limit, count);
    if (!page) {
        return errorReply(page.error());
    }
    protocol::FeedReply reply;
    reply.page = std::move(page->page);
    reply.more = page->more;
    reply.scanned = page->scanned;
    reply.remaining = page->remaining;
    reply.serverTime = m_service.clock().now();
    reply.encodedRecords = std::move(page->records);
    return {200, reply.encode()};
}

CentralServer::Reply CentralServer::upload(const Call& c)
{
    auto o = bodyObject(c.request);
    if (!o) {
        return errorReply(o.error());
    }
    if (protocol::UploadRequest::itemCount(*o) > m_options.maxUploadBatch) {
        return {413,
                json({{"error", "PAYLOAD_TOO_LARGE"},
                      {"reason", QStringLiteral("at most %1 redemptions per batch").arg(m_options.maxUploadBatch)}})};
    }
    auto request = protocol::UploadRequest::fromJson(*o);
    if (!request) {
        return errorReply(request.error());
    }
    const QList<core::Redemption>& batch = request->redemptions;
    for (qsizetype i = 0; i < batch.size(); ++i) {
        if (batch[i].terminalId != c.terminal.id) {
            // A terminal writes only for itself; nothing of the batch is taken.
            return {403,
                    json({{"error", "FORBIDDEN"},
                          {"reason", QStringLiteral("redemptions[%1].terminal: not yours").arg(i)}})};
        }
    }
    // The chain check and the upload commit together: a failure in either leaves neither (a chain head moved on
    // for records that were never stored would flag a false break at the retry).
    QList<UploadResult> uploaded;
    auto stored = m_service.store().transaction([&]() -> Result<void> {
        if (m_security) {
            // Before the upload stores them: records central already holds are retries, not new links.
            if (auto breaks = m_security->checkUploadChain(c.terminal, batch); !breaks) {
                return breaks.error();
            }
        }
        auto results = m_service.ledger().upload(c.terminal, batch, request->boardingPassProblems);
        if (!results) {
            return results.error();
        }
        uploaded = *results;
        return {};
    });
    if (!stored) {
        return errorReply(stored.error());
    }
    protocol::UploadReply reply;
    for (const auto& r : uploaded) {
        protocol::UploadResult item;
        item.id = r.id;
        item.reason = r.reason;
        item.serverSeq = r.serverSeq;
        switch (r.status) {
        case UploadResult::Status::Accepted:
            item.status = protocol::UploadResult::Status::Accepted;
            break;
        case UploadResult::Status::Conflict:
            item.status = protocol::UploadResult::Status::Conflict;
            break;
        case UploadResult::Status::Duplicate:
            item.status = protocol::UploadResult::Status::Duplicate;
            item.original = QLatin1String(r.rejected ? "rejected" : r.conflict ? "conflict" : "accepted");
            break;
        case UploadResult::Status::Rejected:
            item.status = protocol::UploadResult::Status::Rejected;
            break;
        }
        reply.results.append(item);
    }
    return {200, protocol::encode(reply.toJson())};
}

CentralServer::Reply CentralServer::redeem(const Call& c)
{
    auto o = bodyObject(c.request);
    if (!o) {
        return errorReply(o.error());
    }
    auto request = protocol::RedeemRequest::fromJson(*o);
    if (!request) {
        return errorReply(request.error());
    }
    auto redeemed = m_service.ledger().redeemOnline(c.terminal, request->id, request->code, request->partySize,
                                                    request->staffId, request->confirmAttention);
    if (!redeemed) {
        return errorReply(redeemed.error());
    }
    protocol::RedeemReply reply;
    reply.decision = redeemed->decision;
    reply.duplicate = redeemed->duplicate;
    reply.conflict = redeemed->conflict;
    reply.serverSeq = redeemed->serverSeq;
    return {200, protocol::encode(reply.toJson())};
}

} // namespace lounge::central
