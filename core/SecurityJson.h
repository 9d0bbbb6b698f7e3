#pragma once

// JSON forms of the security records that travel in the changes feed (staff accounts, token public keys).
// Same conventions as Json.h: strict parsers, InvalidArgument naming the field.

#include "Result.h"
#include "Staff.h"
#include "crypto/TokenKey.h"

#include <QJsonObject>
#include <QJsonValue>

namespace lounge::core::json {

QJsonObject toJson(const StaffAccount& s); ///< includes the PIN hash (central → terminal only)
QJsonObject toJson(const TokenKey& k);
Result<StaffAccount> staffAccountFromJson(const QJsonValue& v);
Result<TokenKey> tokenKeyFromJson(const QJsonValue& v);

} // namespace lounge::core::json
