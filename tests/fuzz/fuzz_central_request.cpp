// libFuzzer target: central's request parser (strict JSON reader + request parsers). Local only: scripts/fuzz.sh.
#include "FuzzTargets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    return lounge::fuzz::fuzzCentralRequest(data, size);
}
