#include "FuzzTargets.h"

#include "../common/BcbpGenerator.h"
#include "BoardingPass.h"
#include "CodeKind.h"
#include "CredentialCode.h"
#include "FeedPageReader.h"
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

namespace {

bool within(const QString& field, int width)
{
    return field.size() <= width && field == field.trimmed();
}

bool allLetters(const QString& s)
{
    for (QChar c : s) {
        if (c < u'A' || c > u'Z') {
            return false;
        }
    }
    return true;
}

void checkBoardingPass(const bcbp::BoardingPass& bp, QByteArrayView raw)
{
    if (bp.raw != raw.toByteArray()) {
        violated("raw is not the text as scanned");
    }
    if (!bcbp::looksLikeBoardingPass(raw) || bp.legs.size() != raw[1] - '0' || bp.legs.isEmpty()
        || bp.legs.size() > 4) {
        violated("leg count differs from item 5");
    }
    if (!within(bp.passengerName, 20) || bp.passengerName.isEmpty() || !within(bp.electronicTicket, 1) || bp.version < 0
        || bp.version > 9 || !within(bp.passengerDescription, 1) || !within(bp.sourceOfCheckIn, 1)
        || !within(bp.sourceOfIssuance, 1) || !within(bp.dateOfIssue, 4) || !within(bp.documentType, 1)
        || !within(bp.issuerDesignator, 3) || bp.baggageTags.size() > 3 || !within(bp.securityType, 1)
        || bp.securityData.size() > 255) {
        violated("a unique item exceeds its width");
    }
    for (const QString& tag : bp.baggageTags) {
        if (!within(tag, 13) || tag.isEmpty()) {
            violated("a baggage tag exceeds its width");
        }
    }
    for (const bcbp::Leg& l : bp.legs) {
        if (!within(l.pnr, 7) || l.from.size() != 3 || l.to.size() != 3 || !allLetters(l.from) || !allLetters(l.to)
            || l.carrier.size() < 2 || !within(l.carrier, 3) || l.flightNumber.isEmpty() || !within(l.flightNumber, 5)
            || l.julianDay < 1 || l.julianDay > 366 || l.compartment.size() != 1 || !within(l.seat, 4)
            || !within(l.checkInSequence, 5) || l.passengerStatus.size() != 1 || !within(l.airlineNumericCode, 3)
            || !within(l.documentSerialNumber, 10) || !within(l.selecteeIndicator, 1)
            || !within(l.internationalDocumentationVerification, 1) || !within(l.marketingCarrier, 3)
            || !within(l.frequentFlyerAirline, 3) || !within(l.frequentFlyerNumber, 16) || !within(l.idAdIndicator, 1)
            || !within(l.freeBaggageAllowance, 3) || !within(l.fastTrack, 1) || l.airlinePrivate.size() > 255) {
            violated("a leg item exceeds its width or class");
        }
    }
    for (int i = 0; i < bp.legs.size(); ++i) {
        if (bcbp::legKey(bp, i).size() != 32) {
            violated("leg key is not 32 bytes");
        }
        if (!bcbp::flightDate(bp.legs.at(i).julianDay, QDate(2028, 6, 1)).isValid()) {
            violated("no flight date for a valid day next to a leap year");
        }
    }
    if (!bcbp::nameMatches(bp, bp.givenNames(), bp.surname())) {
        violated("the printed name does not match itself");
    }
}

} // namespace

int fuzzBoardingPass(const std::uint8_t* data, std::size_t size)
{
    const QByteArrayView raw(reinterpret_cast<const char*>(data), qsizetype(size));
    const auto parsed = bcbp::parse(raw);
    if (const auto* bp = std::get_if<bcbp::BoardingPass>(&parsed)) {
        checkBoardingPass(*bp, raw);
        const auto again = bcbp::parse(bp->raw);
        if (!std::holds_alternative<bcbp::BoardingPass>(again) || std::get<bcbp::BoardingPass>(again) != *bp) {
            violated("re-parsing the raw text gives another pass");
        }
        if (classifyCode(raw) != CodeKind::BoardingPass) {
            violated("a parsed pass is not classified as a boarding pass");
        }
    } else {
        const auto& error = std::get<bcbp::ParseError>(parsed);
        if (error.detail.isEmpty()) {
            violated("an error without a detail");
        }
        if (error.failure == bcbp::ParseFailure::Damaged && !bcbp::looksLikeBoardingPass(raw)) {
            violated("damaged, but it does not look like a boarding pass");
        }
    }
    const QString name = QString::fromUtf8(raw);
    const QString normalized = bcbp::normalizedName(name);
    if (bcbp::normalizedName(normalized) != normalized) {
        violated("normalizedName is not idempotent");
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

QList<std::pair<QString, QByteArray>> boardingPassSeeds()
{
    namespace gen = lounge::testing::bcbp;
    QList<std::pair<QString, QByteArray>> out;
    for (int legs = 1; legs <= 4; ++legs) {
        for (bool conditional : {false, true}) {
            for (bool security : {false, true}) {
                out.append({QStringLiteral("legs%1_%2_%3")
                                .arg(legs)
                                .arg(conditional ? "conditional" : "mandatory")
                                .arg(security ? "security" : "plain"),
                            gen::passString(gen::samplePass(legs, conditional, security))});
            }
        }
    }
    const QByteArray two = gen::passString(gen::samplePass(2, true, true));
    out.append({QStringLiteral("lowercase_crlf"), two.toLower() + "\r\n"});
    out.append({QStringLiteral("trailing_spaces"), gen::passString(gen::samplePass(1, true, false)) + "   "});
    auto blanks = gen::samplePass(1, true, false);
    blanks.legs[0].fastTrack = "";
    blanks.legs[0].airlinePrivate.clear();
    out.append({QStringLiteral("short_conditional_block"), gen::passString(blanks).trimmed()});
    auto all = gen::samplePass(2, true, false);
    all.uniqueSize = 50;
    all.firstNonConsecutiveTag = "0220123456010";
    out.append({QStringLiteral("all_unique_items"), gen::passString(all)});
    out.append({QStringLiteral("damaged_julian_day"), QByteArray(two).replace(44, 3, "367")});
    out.append({QStringLiteral("damaged_cut"), two.left(100)});
    out.append({QStringLiteral("not_a_pass_name"), QByteArray("M1 the menu of the day")});
    out.append({QStringLiteral("diacritics_name"), QStringLiteral("Søren Ødegård-Weiß Æbelø ǆ ﬁ Mr").toUtf8()});
    return out;
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
        if (protocol::readFeedPageFast(raw.toByteArray())) {
            violated("the feed page reader accepted what the strict reader refuses");
        }
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
    // The feed page reader reads only what the general path reads the same way (docs/performance.md).
    if (auto fast = protocol::readFeedPageFast(raw.toByteArray())) {
        auto general = protocol::FeedReply::decodeGeneral(raw.toByteArray());
        if (!general || general->page.cursor != fast->page.cursor || general->page.memberships != fast->page.memberships
            || general->page.ePasses != fast->page.ePasses || general->more != fast->more
            || general->scanned != fast->scanned || general->remaining != fast->remaining
            || general->serverTime != fast->serverTime) {
            violated("the feed page reader accepted a page the general path reads otherwise");
        }
    }
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
