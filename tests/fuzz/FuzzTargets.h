#pragma once

// Entry points shared by the libFuzzer targets (local, clang + ASan: scripts/fuzz.sh) and tst_fuzzcorpus (CI,
// replays the checked-in corpus through exactly the same code).

#include <QByteArray>
#include <QList>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <utility>

namespace lounge::fuzz {

/// CredentialCode::parse (+ DynamicToken::parse for "L1T" codes) with invariants: never crash; a parsed code's
/// canonical form parses to itself; base32 round-trips. Violations abort (libFuzzer reports them as crashes).
int fuzzCodeParser(const std::uint8_t* data, std::size_t size);
/// SignedTokenVerifier over raw token bytes with a fixed key ring and a fixed "now"; an accepted token must carry
/// a valid signature under the fixed key and re-encode to the same bytes.
int fuzzTokenVerifier(const std::uint8_t* data, std::size_t size);

/// Central's request parser: the strict JSON reader (protocol::parseStrict) and the request parsers behind it
/// (upload batch, program, resource, E-pass, membership, entitlement, feed page). Invariants: never crash; what the
/// strict reader accepts, QJsonDocument accepts, and its compact re-serialisation is accepted again with the same
/// value; a redemption that parses re-parses from its own JSON with the same id, party and uses.
int fuzzCentralRequest(const std::uint8_t* data, std::size_t size);

/// bcbp::parse (IATA boarding passes) with invariants: never crash; a parsed pass keeps the raw text, has 1–4 legs
/// as item 5 says, every field within its width and class, a 32-byte key per leg, a name that matches itself, and
/// re-parses from its raw text to an equal pass; "damaged" only for what looks like a pass; normalizedName is
/// idempotent on any text.
int fuzzBoardingPass(const std::uint8_t* data, std::size_t size);

/// The seed corpus, generated deterministically (fixed key seed, fixed nonces): name → bytes.
QList<std::pair<QString, QByteArray>> codeParserSeeds();
QList<std::pair<QString, QByteArray>> tokenVerifierSeeds();
QList<std::pair<QString, QByteArray>> centralRequestSeeds();
QList<std::pair<QString, QByteArray>> boardingPassSeeds();

} // namespace lounge::fuzz
