#pragma once

#include "Result.h"

#include <QString>

namespace lounge::core {

/// Staff PINs as Argon2id hash strings (libsodium crypto_pwhash_str): salt and cost parameters travel inside
/// the string, so central can raise the cost without a terminal update. Reentrant; hashing and verifying take
/// ~0.1-0.5 s and 64 MiB at Interactive cost: call them off the GUI thread.
class PinHash
{
public:
    enum class Cost
    {
        Interactive, ///< crypto_pwhash_*_INTERACTIVE: what central uses for real accounts
        Minimal, ///< the library minimum: tests and demo data only
    };
    static constexpr int kMinDigits = 4;
    static constexpr int kMaxDigits = 12;

    /// A PIN is kMinDigits..kMaxDigits ASCII digits.
    static bool acceptable(const QString& pin);
    static Result<QString> hash(const QString& pin, Cost cost = Cost::Interactive);
    /// Constant-time in the PIN; false for a malformed hash string too.
    static bool verify(const QString& hash, const QString& pin);
};

} // namespace lounge::core
