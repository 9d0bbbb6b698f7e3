#include "CredentialCode.h"

#include "crypto/Sodium.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QStringDecoder>

#include <algorithm>
#include <array>

#include <sodium.h>

namespace lounge::core {
namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford: no I, L, O, U

/// Symbol value of each ASCII character (-1: not a symbol); O reads as 0, I and L as 1. A table: every validation
/// looks up ~30 symbols twice (canonicalise, check symbol).
constexpr std::array<signed char, 128> kSymbolValues = [] {
    std::array<signed char, 128> t {};
    for (auto& v : t) {
        v = -1;
    }
    for (int i = 0; i < 32; ++i) {
        t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<signed char>(i);
    }
    t['O'] = 0;
    t['I'] = 1;
    t['L'] = 1;
    return t;
}();

int symbolValue(QChar c)
{
    return c.unicode() < 128 ? kSymbolValues[c.unicode()] : -1;
}

// Luhn mod N (N = 32): catches every single-symbol error and every transposition of adjacent symbols except
// 0 <-> 31 ("0Z" <-> "Z0"), which generate() never issues.
int luhnCheckValue(QStringView payload)
{
    int factor = 2;
    int sum = 0;
    for (qsizetype i = payload.size() - 1; i >= 0; --i) {
        int addend = factor * symbolValue(payload[i]);
        factor = factor == 2 ? 1 : 2;
        addend = addend / 32 + addend % 32;
        sum += addend;
    }
    return (32 - sum % 32) % 32;
}

} // namespace

QChar CredentialCode::checkSymbol(QStringView payload)
{
    return QLatin1Char(kAlphabet[luhnCheckValue(payload)]);
}

QByteArray CredentialCode::hashOf(const QString& canonical)
{
    // libsodium's SHA-256 (the same digest; QCryptographicHash's set-up cost more than the hash of ~30 bytes did:
    // 5.8 k instructions of a validation, docs/performance.md). QCryptographicHash if libsodium cannot start.
    // A short ASCII text (every static code) is its own UTF-8: its bytes go from the stack, not a toUtf8() copy.
    std::array<char, 64> ascii {};
    const bool isShortAscii = canonical.size() <= qsizetype(ascii.size())
        && std::all_of(canonical.cbegin(), canonical.cend(), [](QChar c) { return c.unicode() < 0x80; });
    QByteArray utf8;
    QByteArrayView bytes;
    if (isShortAscii) {
        std::transform(canonical.cbegin(), canonical.cend(), ascii.begin(), [](QChar c) { return char(c.unicode()); });
        bytes = QByteArrayView(ascii.data(), canonical.size());
    } else {
        utf8 = canonical.toUtf8();
        bytes = utf8;
    }
    if (!ensureSodium()) {
        return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
    }
    QByteArray digest(crypto_hash_sha256_BYTES, Qt::Uninitialized);
    crypto_hash_sha256(reinterpret_cast<unsigned char*>(digest.data()),
                       reinterpret_cast<const unsigned char*>(bytes.data()), quint64(bytes.size()));
    return digest;
}

QString CredentialCode::logTag(QByteArrayView raw)
{
    return QString::fromLatin1(QCryptographicHash::hash(raw, QCryptographicHash::Sha256).toHex().left(8));
}

bool CredentialCode::looksLikeMembershipNumber(QStringView s)
{
    if (s.size() < 8 || s.size() > 19) {
        return false;
    }
    for (QChar c : s) {
        if (!c.isDigit() || c.unicode() > 127) {
            return false;
        }
    }
    return true;
}

QString CredentialCode::generate(CredentialKind kind)
{
    return generate(kind, *QRandomGenerator::system());
}

namespace {

// Luhn mod N is blind to one transposition: the values 0 and N-1 ("0Z" <-> "Z0") leave the sum unchanged. Codes
// with such an adjacent pair (check symbol included) are never issued, so every adjacent transposition of an
// issued code is caught. Costs about 0.07 bits of the 130 (docs/credentials.md).
bool hasLuhnBlindPair(QStringView checked)
{
    for (qsizetype i = 0; i + 1 < checked.size(); ++i) {
        const int a = symbolValue(checked[i]);
        const int b = symbolValue(checked[i + 1]);
        if ((a == 0 && b == 31) || (a == 31 && b == 0)) {
            return true;
        }
    }
    return false;
}

} // namespace

QString CredentialCode::generate(CredentialKind kind, QRandomGenerator& rng)
{
    for (;;) {
        QString code = QStringLiteral("L1");
        code += kind == CredentialKind::Membership ? QLatin1Char('M') : QLatin1Char('E');
        for (int i = 0; i < kSecretSymbols; ++i) {
            code += QLatin1Char(kAlphabet[rng.bounded(32)]);
        }
        code += checkSymbol(QStringView(code).mid(1));
        if (!hasLuhnBlindPair(QStringView(code).mid(1))) {
            return code;
        }
    }
}

QString CredentialCode::formatForDisplay(const QString& canonical)
{
    if (canonical.size() != kStaticLength) {
        return canonical;
    }
    QString out = canonical.left(3);
    for (int i = 3; i < canonical.size(); i += 4) {
        out += QLatin1Char('-') + canonical.mid(i, 4);
    }
    return out;
}

QString CredentialCode::base32Encode(QByteArrayView bytes)
{
    QString out;
    out.reserve((bytes.size() * 8 + 4) / 5);
    quint32 buffer = 0;
    int bits = 0;
    for (char byte : bytes) {
        buffer = (buffer << 8) | quint8(byte);
        bits += 8;
        while (bits >= 5) {
            out += QLatin1Char(kAlphabet[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
    }
    if (bits > 0) {
        out += QLatin1Char(kAlphabet[(buffer << (5 - bits)) & 31]);
    }
    return out;
}

std::optional<QByteArray> CredentialCode::base32Decode(QStringView text)
{
    QByteArray out;
    out.reserve(text.size() * 5 / 8);
    quint32 buffer = 0;
    int bits = 0;
    for (QChar c : text) {
        const int v = symbolValue(c);
        if (v < 0) {
            return std::nullopt;
        }
        buffer = (buffer << 5) | quint32(v);
        bits += 5;
        if (bits >= 8) {
            out += char((buffer >> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    if (bits >= 5) {
        return std::nullopt; // a whole symbol of padding: trailing characters, not something we encoded
    }
    if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0) {
        return std::nullopt; // non-zero padding bits: not something we encoded
    }
    return out;
}

Result<ParsedCode> CredentialCode::parse(QByteArrayView raw)
{
    if (raw.isEmpty()) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("empty"));
    }
    if (raw.size() > kMaxInputBytes) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("too long"));
    }
    // Input that is all ASCII (every scan of a static code) is its own UTF-8 and needs no decoder: the same characters
    // as QStringDecoder's, without its set-up and the second string. Anything else is decoded as before (an invalid
    // sequence, a byte-order mark, a non-ASCII character keep their errors).
    const bool ascii = std::all_of(raw.begin(), raw.end(), [](char c) { return (c & 0x80) == 0; });
    QString text;
    if (ascii) {
        text = QString::fromLatin1(raw);
    } else {
        QStringDecoder decoder(QStringDecoder::Utf8);
        text = decoder.decode(raw);
        if (decoder.hasError()) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("not UTF-8"));
        }
    }
    // Normalise: drop spaces, dashes and a trailing CR/LF (scanners and typists add them), upper-case ASCII only.
    // Written through data() and cut to size once: QString::append(QChar) per character was ~5 % of a validation.
    // In place: `text` is not read again.
    QString s = std::move(text);
    QChar* out = s.data();
    qsizetype n = 0;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = out[i];
        if (c == QLatin1Char(' ') || c == QLatin1Char('-') || c == QLatin1Char('\r') || c == QLatin1Char('\n')
            || c == QLatin1Char('\t')) {
            continue;
        }
        const char16_t u = c.unicode();
        if (u < 0x20 || u > 0x7e) { // ASCII printable only
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("unexpected character"));
        }
        out[n++] = QChar(u >= u'a' && u <= u'z' ? char16_t(u - 0x20) : u);
    }
    s.truncate(n);
    if (s.isEmpty()) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("empty"));
    }
    if (looksLikeMembershipNumber(s)) {
        return ParsedCode {ParsedCode::Kind::MembershipNumber, s, {}, {}};
    }
    if (s.size() < 4 || s.at(0) != QLatin1Char('L') || s.at(1) != QLatin1Char('1')) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("not a lounge code"));
    }
    const QChar type = s.at(2);
    if (type == QLatin1Char('T')) {
        auto bytes = base32Decode(QStringView(s).mid(3));
        if (!bytes || bytes->isEmpty()) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("token is not base32"));
        }
        return ParsedCode {ParsedCode::Kind::DynamicToken, s, {}, *bytes};
    }
    if (type != QLatin1Char('M') && type != QLatin1Char('E')) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("unknown code type"));
    }
    if (s.size() != kStaticLength) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("wrong length"));
    }
    // Canonicalise the ambiguous symbols typists confuse, then check.
    QString canonical = std::move(s); // `s` is not read again: canonicalise in place
    QChar* symbols = canonical.data();
    for (qsizetype i = 3; i < canonical.size(); ++i) {
        const int v = symbolValue(symbols[i]);
        if (v < 0) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("unexpected symbol"));
        }
        symbols[i] = QLatin1Char(kAlphabet[v]);
    }
    const QStringView body = QStringView(canonical).mid(1, kStaticLength - 2); // version+type+secret
    if (checkSymbol(body) != canonical.back()) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("check symbol mismatch (typo?)"));
    }
    const auto kind = type == QLatin1Char('M') ? ParsedCode::Kind::MembershipCode : ParsedCode::Kind::EPassCode;
    return ParsedCode {kind, canonical, hashOf(canonical), {}};
}

} // namespace lounge::core
