#include "SecurityEndpoints.h"

#include "Json.h"
#include "QrRenderer.h"
#include "SecurityJson.h"
#include "StrictJson.h"

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

Reply putStaff(CentralSecurity& security, const QHttpServerRequest& request, const QString& id)
{
    auto parsed = protocol::parseStrictObject(request.body()); // the one strict reader: no repeated key
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

void SecurityEndpoints::addRoutes(CentralServer::Routes& routes, CentralSecurity& security)
{
    using Call = CentralServer::Call;
    const auto add = [&routes](Method method, const QString& pattern, CentralServer::Handler handler) {
        routes.add(method, QStringLiteral("/v1/issuer/") + pattern, RouteAuth::Issuer, std::move(handler));
    };
    for (const auto& [collection, kind] : {std::pair {"memberships", core::CredentialKind::Membership},
                                           std::pair {"epasses", core::CredentialKind::EPass}}) {
        for (const bool png : {false, true}) {
            const QString pattern
                = QLatin1String(collection) + (png ? QLatin1String("/{id}/token.png") : QLatin1String("/{id}/token"));
            add(Method::Get, pattern, [&security, kind = kind, png](const Call& c) -> Reply {
                const core::CredentialRef ref {kind, c.arg(0)};
                auto token = security.issueToken(ref);
                if (!token) {
                    return error(token.error());
                }
                if (png) {
                    auto image = QrRenderer::png(*token);
                    if (!image) {
                        return error(image.error());
                    }
                    return Reply {200, *image, "image/png"};
                }
                return Reply {200, json({{"credential", ref.key()}, {"payload", *token}})};
            });
        }
    }
    add(Method::Get, QStringLiteral("staff"), [&security](const Call&) -> Reply {
        auto list = security.staff();
        if (!list) {
            return error(list.error());
        }
        QJsonArray a;
        for (const auto& s : *list) {
            a.append(publicStaff(s));
        }
        return Reply {200, json({{"staff", a}})};
    });
    add(Method::Put, QStringLiteral("staff/{id}"),
        [&security](const Call& c) { return putStaff(security, c.request, c.arg(0)); });
    add(Method::Delete, QStringLiteral("staff/{id}"), [&security](const Call& c) -> Reply {
        if (auto r = security.deleteStaff(c.arg(0)); !r) {
            return error(r.error());
        }
        return Reply {200, json({{"deleted", c.arg(0)}})};
    });
    add(Method::Get, QStringLiteral("keys"), [&security](const Call&) -> Reply {
        auto keys = security.publicKeys();
        if (!keys) {
            return error(keys.error());
        }
        QJsonArray a;
        for (const auto& k : *keys) {
            a.append(core::json::toJson(k));
        }
        return Reply {200, json({{"keys", a}})};
    });
    add(Method::Post, QStringLiteral("keys/rotate"), [&security](const Call&) -> Reply {
        auto key = security.rotateSigningKey();
        if (!key) {
            return error(key.error());
        }
        return Reply {201, json({{"key", core::json::toJson(*key)}})};
    });
    add(Method::Get, QStringLiteral("journal-breaks"), [&security](const Call&) -> Reply {
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
    });
}

} // namespace lounge::central
