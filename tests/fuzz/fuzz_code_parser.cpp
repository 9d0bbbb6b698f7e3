// libFuzzer target: the static/dynamic code parser. Local only: scripts/fuzz.sh.
#include "FuzzTargets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    return lounge::fuzz::fuzzCodeParser(data, size);
}
