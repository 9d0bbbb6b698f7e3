#include "FuzzTargets.h"

#include "CredentialCode.h"
#include "Json.h"
#include "Store.h"
#include "StrictJson.h"
#include "Wire.h"
#include "crypto/DynamicToken.h"
#include "crypto/KeyRing.h"
#include "crypto/SignedTokenVerifier.h"

#include <QJsonDocument>
#include <QRandomGenerator>

#include <cstdio>
#include <cstdlib>

namespace lounge::fuzz {
namespace {

using namespace lounge::core;

[[noreturn]] void violated(const char* what)
{
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
}

const QDateTime& fixedNow()
{
    static const QDateTime now(QDate(2026, 11, 27), QTime(6, 0), Qt::UTC);
    return now;
}

const TokenSigningKey& fixedKey()
{
    static const TokenSigningKey key = [] {
        auto k = DynamicToken::keyFromSeed(7, QByteArray(32, '\x5a'));
        if (!k) {
            violated("no fixed key");
        }
        return *k;
    }();
    return key;
}

const KeyRing& fixedRing()
{
    static const KeyRing ring = [] {
        KeyRing r;
        r.add(TokenKey {fixedKey().id, fixedKey().publicKey, {}, {}});
        r.setClockTrust(ClockTrust {true, 0, fixedNow().addSecs(-60)});
        return r;
    }();
    return ring;
}

QByteArray seedToken(CredentialKind kind, const QString& id, qint64 issuedOffset, int lifetime, quint32 nonce)
{
    DynamicToken t;
    t.credential = CredentialRef {kind, id};
    t.keyId = fixedKey().id;
    t.issuedAt = fixedNow().toSecsSinceEpoch() + issuedOffset;
    t.lifetimeSeconds = lifetime;
    t.nonce = nonce;
    auto bytes = t.sign(fixedKey());
    if (!bytes) {
        violated("seed token");
    }
    return *bytes;
}

} // namespace

int fuzzCodeParser(const std::uint8_t* data, std::size_t size)
{
    const QByteArrayView raw(reinterpret_cast<const char*>(data), qsizetype(size));
    auto parsed = CredentialCode::parse(raw);
    if (parsed) {
        auto again = CredentialCode::parse(parsed->canonical.toUtf8());
        if (!again || again->canonical != parsed->canonical || again->kind != parsed->kind) {
            violated("canonical form does not parse to itself");
        }
        if (again->tokenBytes != parsed->tokenBytes || again->hash != parsed->hash) {
            violated("re-parsing the canonical form changes the payload");
        }
        if (parsed->kind == ParsedCode::Kind::DynamicToken) {
            (void)DynamicToken::parse(parsed->tokenBytes);
        }
    }
    const QByteArray bytes = raw.toByteArray();
    auto decoded = CredentialCode::base32Decode(CredentialCode::base32Encode(bytes));
    if (!decoded || *decoded != bytes) {
        violated("base32 does not round-trip");
    }
    return 0;
}

int fuzzTokenVerifier(const std::uint8_t* data, std::size_t size)
{
    const QByteArray token(reinterpret_cast<const char*>(data), qsizetype(size));
    const SignedTokenVerifier verifier(fixedRing());
    const auto result = verifier.verify(token, fixedNow());
    if (std::holds_alternative<TokenVerifier::Verified>(result)) {
        auto parsed = DynamicToken::parse(token);
        if (!parsed) {
            violated("accepted a token that does not parse");
        }
        if (!DynamicToken::signatureValid(parsed->signedPart, parsed->signature, fixedKey().publicKey)) {
            violated("accepted a token without a valid signature");
        }
        auto reencoded = parsed->token.sign(fixedKey());
        if (!reencoded || *reencoded != token) {
            violated("accepted a token whose encoding is not canonical");
        }
    }
    // The text path the scanner takes must agree with the byte path.
    const QString text = DynamicToken::toText(token);
    auto code = CredentialCode::parse(text.toLatin1());
    if (code && code->kind == ParsedCode::Kind::DynamicToken && code->tokenBytes != token && !token.isEmpty()) {
        violated("text form decodes to other bytes");
    }
    return 0;
}

QList<std::pair<QString, QByteArray>> codeParserSeeds()
{
    QRandomGenerator rng(20261127);
    const QString membership = CredentialCode::generate(CredentialKind::Membership, rng);
    const QString ePass = CredentialCode::generate(CredentialKind::EPass, rng);
    return {
        {QStringLiteral("static_membership"), membership.toLatin1()},
        {QStringLiteral("static_epass"), ePass.toLatin1()},
        {QStringLiteral("static_grouped_lowercase"), CredentialCode::formatForDisplay(membership).toLower().toLatin1()},
        {QStringLiteral("static_with_crlf"), membership.toLatin1() + "\r\n"},
        {QStringLiteral("membership_number"), QByteArray("6001234567890123")},
        {QStringLiteral("dynamic_token"),
         DynamicToken::toText(seedToken(CredentialKind::Membership, QStringLiteral("M-1001"), -10, 30, 1)).toLatin1()},
        {QStringLiteral("dynamic_prefix_only"), QByteArray("L1T")},
        {QStringLiteral("not_ours_url"), QByteArray("https://example.com/?q=L1M")},
        {QStringLiteral("non_utf8"), QByteArray("L1M\xff\xfe")},
        {QStringLiteral("empty"), QByteArray()},
    };
}

QList<std::pair<QString, QByteArray>> tokenVerifierSeeds()
{
    const QByteArray good = seedToken(CredentialKind::Membership, QStringLiteral("M-1001"), -10, 30, 1);
    QByteArray flipped = good;
    flipped[20] = char(flipped[20] ^ 0x01);
    return {
        {QStringLiteral("valid_membership"), good},
        {QStringLiteral("valid_epass_long_id"),
         seedToken(CredentialKind::EPass, QString(32, QLatin1Char('E')), 0, 255, 0xffffffffu)},
        {QStringLiteral("expired"), seedToken(CredentialKind::Membership, QStringLiteral("M-1001"), -3600, 30, 2)},
        {QStringLiteral("future"), seedToken(CredentialKind::Membership, QStringLiteral("M-1001"), 3600, 30, 3)},
        {QStringLiteral("flipped_signature_bit"), flipped},
        {QStringLiteral("truncated"), good.chopped(1)},
        {QStringLiteral("header_only"), good.left(DynamicToken::kFixedHeaderBytes + 6)},
    };
}

int fuzzCentralRequest(const std::uint8_t* data, std::size_t size)
{
    const QByteArrayView raw(reinterpret_cast<const char*>(data), qsizetype(size));
    auto value = protocol::parseStrict(raw.toByteArray());
    if (!value) {
        return 0;
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(raw.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError) {
        violated("the strict reader accepted what QJsonDocument refuses");
    }
    const QByteArray compact = value->isObject() ? QJsonDocument(value->toObject()).toJson(QJsonDocument::Compact)
                                                 : QJsonDocument(value->toArray()).toJson(QJsonDocument::Compact);
    auto again = protocol::parseStrict(compact);
    if (!again || *again != *value) {
        violated("the strict reader refuses its own re-serialisation");
    }
    if (!value->isObject()) {
        return 0;
    }
    const QJsonObject o = value->toObject();
    for (const auto& item : o.value(QStringLiteral("redemptions")).toArray()) {
        auto r = json::redemptionFromJson(item);
        if (!r) {
            continue;
        }
        auto back = json::redemptionFromJson(json::toJson(*r));
        if (!back || back->id != r->id || back->partySize != r->partySize || back->uses != r->uses
            || back->credential != r->credential) {
            violated("a parsed redemption does not re-parse from its own JSON");
        }
    }
    (void)json::programFromJson(o);
    (void)json::resourceFromJson(o);
    (void)json::ePassFromJson(o);
    (void)json::membershipFromJson(o);
    (void)json::entitlementFromJson(o);
    (void)json::changePageFromJson(o);
    // The terminal API's envelopes (protocol/Wire): central decodes the requests, the terminal the replies.
    (void)protocol::EnrollRequest::fromJson(o);
    (void)protocol::UploadRequest::fromJson(o);
    (void)protocol::RedeemRequest::fromJson(o);
    (void)protocol::EnrollReply::fromJson(o);
    (void)protocol::UploadReply::fromJson(o);
    (void)protocol::RedeemReply::fromJson(o);
    (void)protocol::FeedReply::decode(raw.toByteArray());
    return 0;
}

QList<std::pair<QString, QByteArray>> centralRequestSeeds()
{
    return {
        {"upload",
         R"({"redemptions":[{"id":"6f1c1f7e-8a43-4c49-9d8e-3f7b1b6e2a10","credential":"M:M-1001",)"
         R"("resource":"HKG-T1-LOUNGE","terminal":"T-1","partySize":2,"uses":[{"module":"LOUNGE",)"
         R"("pool":"CARDHOLDER","period":"Y2026","count":1},{"module":"LOUNGE","pool":"GUEST",)"
         R"("period":"Y2026","count":1}],"at":"2026-11-27T06:00:00.000Z","hash":"00ff"}]})"},
        {"void",
         R"({"redemptions":[{"id":"7f1c1f7e-8a43-4c49-9d8e-3f7b1b6e2a10","kind":"void",)"
         R"("voids":"6f1c1f7e-8a43-4c49-9d8e-3f7b1b6e2a10","credential":"M:M-1001",)"
         R"("resource":"HKG-T1-LOUNGE","uses":[{"module":"LOUNGE","pool":"CARDHOLDER","period":"Y2026",)"
         R"("count":-1}],"at":"2026-11-27T06:01:00Z"}]})"},
        {"program",
         R"({"id":"GOLD","name":"Gold","defaultValidityDays":365,"entitlements":[{"module":"LOUNGE",)"
         R"("cardholder":{"count":6},"guest":{"count":4},"guestsPerVisit":1,"period":"YEAR",)"
         R"("scope":{"airports":["HKG"]}}]})"},
        {"resource",
         R"({"id":"HKG-T1-LOUNGE","module":"LOUNGE","name":"Plaza","airport":"HKG",)"
         R"("timeZone":"Asia/Hong_Kong"})"},
        {"epass",
         R"({"id":"E-1","module":"LOUNGE","firstName":"A","lastName":"B","usages":1,)"
         R"("activation":"2026-01-01","expiration":"2026-12-31","scope":{"resources":["X"]}})"},
        {"repeated_key", R"({"program":"GOLD","holderName":"A","program":"PLATINUM"})"},
        {"escaped_repeated_key", R"({"a":{"k":1,"\u006b":2}})"},
        {"escaped_quote_key", R"({"a\"b":1,"a\\":2,"c":[{"a\"b":3}]})"},
        {"deep", QByteArray(40, '[') + QByteArray(40, ']')},
        {"bad_utf8", QByteArray("{\"n\":\"\xc3\x28\"}")},
        {"lone_surrogate", R"({"holderName":"\ud800"})"},
        {"feed_page", R"({"cursor":12,"memberships":[],"deleted":{"ePasses":["E-1"]}})"},
    };
}

} // namespace lounge::fuzz
