#pragma once

namespace lounge::core {

/// libsodium must be initialised once before use; this does it on first call (thread-safe, idempotent).
/// Returns false only if the library cannot initialise (no usable randomness source), in which case every
/// crypto operation refuses to run.
bool ensureSodium();

} // namespace lounge::core
