#include "SecurityEndpoints.h"

#include "Json.h"
#include "QrRenderer.h"
#include "SecurityJson.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>

namespace lounge::central {

using core::ErrorCode;
using core::makeError;

namespace {

using Reply = CentralServer::Reply;
using Method = QHttpServerRequest::Method;

QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Reply error(const core::Error& e)
{
    return Reply::fromError(e);
}

Reply invalid(const QString& reason)
{
    return error(makeError(ErrorCode::InvalidArgument, reason));
}

/// Staff as the issuer sees it: never the PIN hash.
QJsonObject publicStaff(const core::StaffAccount& a)
{
    QJsonObject o = core::json::toJson(a);
    o.remove(QStringLiteral("pinHash"));
    return o;
}

std::optional<Reply> putStaff(CentralSecurity& security, const QHttpServerRequest& request, const QString& id)
{
    auto parsed = core::json::parseStrictObject(request.body()); // the one strict reader: no repeated key
    if (!parsed) {
        return invalid(parsed.error().detail);
    }
    QJsonObject o = *parsed;
    static const QStringList known {QStringLiteral("name"),      QStringLiteral("role"),   QStringLiteral("sites"),
                                    QStringLiteral("terminals"), QStringLiteral("active"), QStringLiteral("pin")};
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key())) {
            return invalid(it.key() + QStringLiteral(": unknown field")); // pinHash too: central hashes PINs itself
        }
    }
    const QJsonValue pin = o.take(QStringLiteral("pin"));
    if (!pin.isUndefined() && !pin.isString()) {
        return invalid(QStringLiteral("pin: expected a string of 4 to 12 digits"));
    }
    if (pin.isString() && !core::PinHash::acceptable(pin.toString())) {
        return invalid(QStringLiteral("pin: expected 4 to 12 digits"));
    }
    o.insert(QStringLiteral("id"), id);
    o.insert(QStringLiteral("pinHash"), QStringLiteral("$argon2id$placeholder")); // replaced below
    auto account = core::json::staffAccountFromJson(o);
    if (!account) {
        return error(account.error());
    }
    account->pinHash.clear(); // with no PIN: keep the stored hash (or refuse a new account)
    auto saved = security.putStaff(*account, pin.toString());
    if (!saved) {
        return error(saved.error());
    }
    return Reply {200, json({{"staff", publicStaff(*saved)}})};
}

} // namespace

std::optional<CentralServer::Reply>
SecurityEndpoints::issuer(CentralSecurity& security, const QHttpServerRequest& request, const QStringList& path)
{
    const Method method = request.method();
    const QString collection = path.value(0);
    const QString action = path.value(2);

    if ((collection == QLatin1String("memberships") || collection == QLatin1String("epasses")) && path.size() == 3
        && (action == QLatin1String("token") || action == QLatin1String("token.png"))) {
        if (method != Method::Get) {
            return Reply {405, json({{"error", "METHOD_NOT_ALLOWED"}, {"reason", "GET only"}})};
        }
        const core::CredentialRef ref {collection == QLatin1String("memberships") ? core::CredentialKind::Membership
                                                                                  : core::CredentialKind::EPass,
                                       path.value(1)};
        auto token = security.issueToken(ref);
        if (!token) {
            return error(token.error());
        }
        if (action == QLatin1String("token.png")) {
            auto png = QrRenderer::png(*token);
            if (!png) {
                return error(png.error());
            }
            return Reply {200, *png, "image/png"};
        }
        return Reply {200, json({{"credential", ref.key()}, {"payload", *token}})};
    }
    if (collection == QLatin1String("staff")) {
        if (path.size() == 1 && method == Method::Get) {
            auto list = security.staff();
            if (!list) {
                return error(list.error());
            }
            QJsonArray a;
            for (const auto& s : *list) {
                a.append(publicStaff(s));
            }
            return Reply {200, json({{"staff", a}})};
        }
        if (path.size() == 2 && method == Method::Put) {
            return putStaff(security, request, path.value(1));
        }
        if (path.size() == 2 && method == Method::Delete) {
            if (auto r = security.deleteStaff(path.value(1)); !r) {
                return error(r.error());
            }
            return Reply {200, json({{"deleted", path.value(1)}})};
        }
        return Reply {404, json({{"error", "NOT_FOUND"}, {"reason", "no such endpoint"}})};
    }
    if (collection == QLatin1String("keys")) {
        if (path.size() == 1 && method == Method::Get) {
            auto keys = security.publicKeys();
            if (!keys) {
                return error(keys.error());
            }
            QJsonArray a;
            for (const auto& k : *keys) {
                a.append(core::json::toJson(k));
            }
            return Reply {200, json({{"keys", a}})};
        }
        if (path.size() == 2 && path.value(1) == QLatin1String("rotate") && method == Method::Post) {
            auto key = security.rotateSigningKey();
            if (!key) {
                return error(key.error());
            }
            return Reply {201, json({{"key", core::json::toJson(*key)}})};
        }
        return Reply {404, json({{"error", "NOT_FOUND"}, {"reason", "no such endpoint"}})};
    }
    if (collection == QLatin1String("journal-breaks") && path.size() == 1 && method == Method::Get) {
        auto breaks = security.journalBreaks();
        if (!breaks) {
            return error(breaks.error());
        }
        QJsonArray a;
        for (const auto& b : *breaks) {
            a.append(QJsonObject {{"terminal", b.terminalId},
                                  {"redemption", b.redemptionId.toString(QUuid::WithoutBraces)},
                                  {"problem", b.problem},
                                  {"detectedAt", core::json::dateTimeToString(b.detectedAt)}});
        }
        return Reply {200, json({{"journalBreaks", a}})};
    }
    return std::nullopt;
}

} // namespace lounge::central
