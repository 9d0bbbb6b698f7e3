// libFuzzer target: the dynamic-token verifier. Local only: scripts/fuzz.sh.
#include "FuzzTargets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    return lounge::fuzz::fuzzTokenVerifier(data, size);
}
