#pragma once

#include "CentralStore.h"
#include "Json.h"
#include "Wire.h"

#include <QJsonObject>

/// The issuer API's JSON of credentials and visits, shared by CentralServer's routes and IssuerQueryEndpoints: the
/// single GET and the list items are one shape.
namespace lounge::central::issuerjson {

inline QJsonObject membership(const core::Membership& m)
{
    QJsonObject o = core::json::toJson(m);
    o.remove(QStringLiteral("codeHash")); // the issuer has the code; the hash is for terminals
    return o;
}

inline QJsonObject ePass(const core::EPass& e)
{
    QJsonObject o = core::json::toJson(e);
    o.remove(QStringLiteral("codeHash"));
    return o;
}

inline QJsonObject stored(const StoredRedemption& s)
{
    // With the PNR and seat when the visit's lounge uploads them (central keeps none otherwise).
    QJsonObject o = protocol::redemptionToJson(s.record, true);
    o.remove(QStringLiteral("prevHash"));
    o.remove(QStringLiteral("hash"));
    o.insert("status", toString(s.status));
    if (!s.reason.isEmpty()) {
        o.insert("statusReason", s.reason);
    }
    o.insert("serverSeq", double(s.serverSeq));
    o.insert("receivedAt", core::json::dateTimeToString(s.receivedAt));
    o.insert("online", s.online);
    if (!s.record.voidedBy.isNull()) {
        o.insert("voidedBy", s.record.voidedBy.toString(QUuid::WithoutBraces));
    }
    return o;
}

} // namespace lounge::central::issuerjson
