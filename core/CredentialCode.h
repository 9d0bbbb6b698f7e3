#pragma once

#include "Domain.h"
#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

class QRandomGenerator;

namespace lounge::core {

/// What a scanned or typed string turned out to be (docs/credentials.md).
struct ParsedCode
{
    enum class Kind
    {
        MembershipCode, ///< static "L1M..." code
        EPassCode, ///< static "L1E..." code
        MembershipNumber, ///< printed number typed by hand
        DynamicToken, ///< signed short-lived "L1T..." token (payload in tokenBytes)
    };
    Kind kind = Kind::MembershipCode;
    QString canonical; ///< normalised text (no separators, upper case)
    QByteArray hash; ///< SHA-256 of canonical, how static codes are looked up
    QByteArray tokenBytes; ///< decoded binary payload of a dynamic token
};

/// Static credential codes: "L" + format version + type + 26 Crockford-base32 symbols (130 random bits) + one
/// Luhn mod 32 check symbol. Typed input is tolerant of case, spaces, dashes and O/0, I/L/1 confusion.
class CredentialCode
{
public:
    static constexpr int kMaxInputBytes = 1024; ///< anything longer is not ours (a 10 kB blob is refused early)
    static constexpr int kSecretSymbols = 26;
    static constexpr int kStaticLength = 3 + kSecretSymbols + 1;

    /// Never throws, never crashes; ErrorCode::InvalidArgument with a detail for MALFORMED input.
    static Result<ParsedCode> parse(QByteArrayView raw);
    /// A fresh static code for the given kind, from the system CSPRNG.
    static QString generate(CredentialKind kind);
    /// Deterministic variant for demo data and tests only (never for real credentials).
    static QString generate(CredentialKind kind, QRandomGenerator& rng);
    /// Grouped for print and for reading aloud: "L1M-ABCD-EFGH-...".
    static QString formatForDisplay(const QString& canonical);
    static QByteArray hashOf(const QString& canonical);
    /// Crockford base32 alphabet symbol for a check value; exposed for tests.
    static QChar checkSymbol(QStringView payload);
    /// Base32 (Crockford alphabet, no padding) of arbitrary bytes; used by dynamic tokens.
    static QString base32Encode(QByteArrayView bytes);
    static std::optional<QByteArray> base32Decode(QStringView text);
    /// A membership number as printed: 8 to 19 digits.
    static bool looksLikeMembershipNumber(QStringView s);
    /// A short, non-reversible tag for logs: never log a whole code.
    static QString logTag(QByteArrayView raw);
};

} // namespace lounge::core
