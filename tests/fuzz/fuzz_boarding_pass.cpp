// libFuzzer target: the IATA boarding-pass parser (issue 14). Local only: scripts/fuzz.sh.
#include "FuzzTargets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    return lounge::fuzz::fuzzBoardingPass(data, size);
}
