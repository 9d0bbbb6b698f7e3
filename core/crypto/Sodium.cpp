#include "crypto/Sodium.h"

#include <sodium.h>

namespace lounge::core {

bool ensureSodium()
{
    // sodium_init() is itself thread-safe and returns 1 when already initialised.
    static const bool ok = sodium_init() >= 0;
    return ok;
}

} // namespace lounge::core
