#include "CredentialCode.h"

#include "crypto/Sodium.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QStringDecoder>

#include <algorithm>
#include <array>
#include <cstring>

#include <sodium.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define LOUNGE_SHA256_X86 1
#endif

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

#ifdef LOUNGE_SHA256_X86
constexpr std::array<quint32, 64> kSha256K
    = {0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
       0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
       0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
       0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
       0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
       0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
       0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
       0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

/// One 64-byte block into `state` (a, b, ..., h) with the CPU's SHA extensions (sha256rnds2 does two rounds,
/// sha256msg1 / sha256msg2 extend the message schedule four words at a time).
[[gnu::target("sha,sse4.1,ssse3")]] void sha256Blocks(quint32 state[8], const unsigned char* data, size_t blocks)
{
    const __m128i byteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    // The instructions keep the state as ABEF and CDGH.
    __m128i dcba = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state));
    __m128i hgfe = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4));
    const __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    const __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
    for (; blocks > 0; --blocks, data += 64) {
        const __m128i abefBefore = abef;
        const __m128i cdghBefore = cdgh;
        __m128i w[4];
        for (int g = 0; g < 16; ++g) {
            if (g < 4) {
                w[g] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * g)), byteSwap);
            } else {
                // W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16], four at a time.
                __m128i next = _mm_sha256msg1_epu32(w[g % 4], w[(g + 1) % 4]);
                next = _mm_add_epi32(next, _mm_alignr_epi8(w[(g + 3) % 4], w[(g + 2) % 4], 4));
                w[g % 4] = _mm_sha256msg2_epu32(next, w[(g + 3) % 4]);
            }
            __m128i msg = _mm_add_epi32(w[g % 4], _mm_loadu_si128(reinterpret_cast<const __m128i*>(&kSha256K[4 * g])));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, msg);
            msg = _mm_shuffle_epi32(msg, 0x0E);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, msg);
        }
        abef = _mm_add_epi32(abef, abefBefore);
        cdgh = _mm_add_epi32(cdgh, cdghBefore);
    }
    const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(state), _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), _mm_alignr_epi8(dchg, feba, 8));
}

bool cpuHasShaExtensions()
{
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1") && __builtin_cpu_supports("ssse3");
    }();
    return has;
}
#endif

} // namespace

bool CredentialCode::hasSha256Instructions()
{
#ifdef LOUNGE_SHA256_X86
    return cpuHasShaExtensions();
#else
    return false;
#endif
}

std::optional<QByteArray> CredentialCode::sha256WithCpuInstructions(QByteArrayView bytes)
{
#ifdef LOUNGE_SHA256_X86
    if (!cpuHasShaExtensions()) {
        return std::nullopt;
    }
    quint32 state[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    const size_t size = size_t(bytes.size());
    const size_t whole = size / 64;
    sha256Blocks(state, data, whole);
    // The rest, 0x80, zeros and the length in bits (big-endian) in one or two more blocks.
    unsigned char tail[128] = {};
    const size_t rest = size - whole * 64;
    if (rest > 0) {
        std::memcpy(tail, data + whole * 64, rest);
    }
    tail[rest] = 0x80;
    const size_t tailBlocks = rest < 56 ? 1 : 2;
    const quint64 bits = quint64(size) * 8;
    for (int i = 0; i < 8; ++i) {
        tail[tailBlocks * 64 - 1 - size_t(i)] = static_cast<unsigned char>(bits >> (8 * i));
    }
    sha256Blocks(state, tail, tailBlocks);
    QByteArray digest(32, Qt::Uninitialized);
    for (int i = 0; i < 8; ++i) {
        digest[4 * i] = char(state[i] >> 24);
        digest[4 * i + 1] = char(state[i] >> 16);
        digest[4 * i + 2] = char(state[i] >> 8);
        digest[4 * i + 3] = char(state[i]);
    }
    return digest;
#else
    Q_UNUSED(bytes);
    return std::nullopt;
#endif
}

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
    // The CPU's SHA extensions where it has them (~0.4 k instructions for a code against libsodium's portable C
    // 3.9 k, a tenth of a validation: docs/performance.md "Sixth round"); the same digest
    // (tst_credentialcode sha256InstructionsAsLibsodium).
    if (auto fast = sha256WithCpuInstructions(bytes)) {
        return *fast;
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
