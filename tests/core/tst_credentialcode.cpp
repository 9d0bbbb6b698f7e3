// CredentialCode::parse and Validator::validate against hostile and mistyped input (docs/credentials.md).

#include "CredentialCode.h"
#include "Store.h"
#include "TestData.h"
#include "Validator.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QSet>
#include <QStringDecoder>
#include <QTest>

#include <cstring>

using namespace lounge::core;

namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

bool isStatic(const Result<ParsedCode>& p)
{
    return p && (p->kind == ParsedCode::Kind::MembershipCode || p->kind == ParsedCode::Kind::EPassCode);
}

quint32 seedFromEnv()
{
    bool ok = false;
    const quint32 s = qEnvironmentVariable("LOUNGE_TEST_SEED").toUInt(&ok);
    return ok ? s : QRandomGenerator::global()->generate();
}

/// CredentialCode::parse as it was before its ASCII path (docs/performance.md, Core, fifth round): QStringDecoder for
/// every input, a second string for the normalised text, a copy for the canonical one, the hash of toUtf8(). Kept
/// here to compare the shipped parse with.
int referenceSymbolValue(QChar c)
{
    if (c.unicode() >= 128) {
        return -1;
    }
    const char a = char(c.unicode());
    if (a == 'O') {
        return 0;
    }
    if (a == 'I' || a == 'L') {
        return 1;
    }
    const char* at = std::strchr(kAlphabet, a);
    return a != 0 && at ? int(at - kAlphabet) : -1;
}

Result<ParsedCode> referenceParse(QByteArrayView raw)
{
    if (raw.isEmpty()) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("empty"));
    }
    if (raw.size() > CredentialCode::kMaxInputBytes) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("too long"));
    }
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(raw);
    if (decoder.hasError()) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("not UTF-8"));
    }
    QString s;
    for (QChar c : text) {
        if (c == QLatin1Char(' ') || c == QLatin1Char('-') || c == QLatin1Char('\r') || c == QLatin1Char('\n')
            || c == QLatin1Char('\t')) {
            continue;
        }
        const char16_t u = c.unicode();
        if (u < 0x20 || u > 0x7e) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("unexpected character"));
        }
        s.append(QChar(u >= u'a' && u <= u'z' ? char16_t(u - 0x20) : u));
    }
    if (s.isEmpty()) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("empty"));
    }
    if (CredentialCode::looksLikeMembershipNumber(s)) {
        return ParsedCode {ParsedCode::Kind::MembershipNumber, s, {}, {}};
    }
    if (s.size() < 4 || s.at(0) != QLatin1Char('L') || s.at(1) != QLatin1Char('1')) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("not a lounge code"));
    }
    const QChar type = s.at(2);
    if (type == QLatin1Char('T')) {
        auto bytes = CredentialCode::base32Decode(QStringView(s).mid(3));
        if (!bytes || bytes->isEmpty()) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("token is not base32"));
        }
        return ParsedCode {ParsedCode::Kind::DynamicToken, s, {}, *bytes};
    }
    if (type != QLatin1Char('M') && type != QLatin1Char('E')) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("unknown code type"));
    }
    if (s.size() != CredentialCode::kStaticLength) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("wrong length"));
    }
    QString canonical = s;
    for (qsizetype i = 3; i < canonical.size(); ++i) {
        const int v = referenceSymbolValue(canonical[i]);
        if (v < 0) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("unexpected symbol"));
        }
        canonical[i] = QLatin1Char(kAlphabet[v]);
    }
    if (CredentialCode::checkSymbol(QStringView(canonical).mid(1, CredentialCode::kStaticLength - 2))
        != canonical.back()) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("check symbol mismatch (typo?)"));
    }
    const auto kind = type == QLatin1Char('M') ? ParsedCode::Kind::MembershipCode : ParsedCode::Kind::EPassCode;
    return ParsedCode {kind, canonical, QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha256), {}};
}

} // namespace

class TestCredentialCode : public QObject
{
    Q_OBJECT

private slots:
    void generatedCodesHaveTheDocumentedShape();
    void parse_data();
    void parse();
    void everySubstitutionAndTranspositionIsCaught();
    void displayFormRoundTrips();
    void base32RoundTrips();
    void tokenWithTrailingSymbolsIsRefused();
    void fuzzParseAndValidate();
    void parseAsBeforeItsAsciiPath();
    void hashOfAsBeforeItsAsciiPath();
};

void TestCredentialCode::generatedCodesHaveTheDocumentedShape()
{
    for (auto kind : {CredentialKind::Membership, CredentialKind::EPass}) {
        for (int i = 0; i < 200; ++i) {
            const QString code = CredentialCode::generate(kind);
            QCOMPARE(code.size(), CredentialCode::kStaticLength);
            QCOMPARE(code.left(3), kind == CredentialKind::Membership ? QStringLiteral("L1M") : QStringLiteral("L1E"));
            for (QChar c : code.mid(3)) {
                QVERIFY2(QByteArray(kAlphabet).contains(c.toLatin1()), qPrintable(code));
            }
            auto parsed = CredentialCode::parse(code.toUtf8());
            QVERIFY(isStatic(parsed));
            QCOMPARE(parsed->canonical, code);
            QCOMPARE(parsed->hash, CredentialCode::hashOf(code));
        }
    }
}

void TestCredentialCode::parse_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("kind"); // ParsedCode::Kind when ok
    QTest::addColumn<QString>("canonical"); // "" = same as the valid code below

    QRandomGenerator rng(42);
    const QString code = CredentialCode::generate(CredentialKind::Membership, rng);
    const QByteArray c = code.toUtf8();
    const int m = int(ParsedCode::Kind::MembershipCode);
    const int num = int(ParsedCode::Kind::MembershipNumber);

    QTest::newRow("canonical") << c << true << m << QString();
    QTest::newRow("lower case") << c.toLower() << true << m << QString();
    QTest::newRow("display form") << CredentialCode::formatForDisplay(code).toUtf8() << true << m << QString();
    QTest::newRow("spaces") << QByteArray(c).insert(7, "  ").insert(3, ' ') << true << m << QString();
    QTest::newRow("scanner CRLF") << c + "\r\n" << true << m << QString();
    QTest::newRow("tab") << QByteArray("\t") + c << true << m << QString();
    {
        QByteArray confusable = c;
        for (qsizetype i = 3; i < confusable.size(); ++i) {
            if (confusable[i] == '0') {
                confusable[i] = 'O';
            } else if (confusable[i] == '1') {
                confusable[i] = (i % 2) ? 'I' : 'l';
            }
        }
        QTest::newRow("O/0 I/L/1 confusion") << confusable << true << m << QString();
    }
    QTest::newRow("membership number 8 digits") << QByteArray("12345678") << true << num << QStringLiteral("12345678");
    QTest::newRow("membership number 19 digits, grouped")
        << QByteArray("6001 2345 0000 1001 123") << true << num << QStringLiteral("6001234500001001123");
    QTest::newRow("7 digits") << QByteArray("1234567") << false << 0 << QString();
    QTest::newRow("20 digits") << QByteArray("12345678901234567890") << false << 0 << QString();
    QTest::newRow("empty") << QByteArray() << false << 0 << QString();
    QTest::newRow("only separators") << QByteArray(" - \r\n") << false << 0 << QString();
    QTest::newRow("10 kB") << QByteArray(10 * 1024, 'A') << false << 0 << QString();
    QTest::newRow("10 kB ending in a valid code") << QByteArray(10 * 1024, ' ') + c << false << 0 << QString();
    QTest::newRow("NUL bytes") << QByteArray("L1M\0\0\0", 6) << false << 0 << QString();
    QTest::newRow("binary") << QByteArray::fromHex("00ff10fe8081c0c1f5f8") << false << 0 << QString();
    QTest::newRow("invalid UTF-8 (lone continuation)") << QByteArray("L1M\x80") + c.mid(3) << false << 0 << QString();
    QTest::newRow("invalid UTF-8 (overlong)") << QByteArray("\xc0\xaf") << false << 0 << QString();
    QTest::newRow("non-ASCII digits") << QStringLiteral("١٢٣٤٥٦٧٨٩").toUtf8() << false << 0 << QString();
    QTest::newRow("full-width code") << QStringLiteral("Ｌ１Ｍ").toUtf8() + c.mid(3) << false << 0 << QString();
    QTest::newRow("SQL meta") << QByteArray("' OR 1=1; DROP TABLE journal; --") << false << 0 << QString();
    QTest::newRow("SQL in code shape") << QByteArray("L1M'--") + c.mid(6) << false << 0 << QString();
    QTest::newRow("boarding pass (BCBP)")
        << QByteArray("M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 100") << false << 0 << QString();
    QTest::newRow("URL") << QByteArray("https://example.com/lounge?code=") + c << false << 0 << QString();
    QTest::newRow("unknown type") << QByteArray("L1X") + c.mid(3) << false << 0 << QString();
    QTest::newRow("version 2") << QByteArray("L2M") + c.mid(3) << false << 0 << QString();
    QTest::newRow("too short") << c.left(c.size() - 1) << false << 0 << QString();
    QTest::newRow("too long") << c + "0" << false << 0 << QString();
    QTest::newRow("U is not Crockford") << c.left(5) + "U" + c.mid(6) << false << 0 << QString();
    {
        QByteArray wrongCheck = c;
        wrongCheck[wrongCheck.size() - 1] = wrongCheck.back() == '0' ? '1' : '0';
        QTest::newRow("check symbol mismatch") << wrongCheck << false << 0 << QString();
    }
    QTest::newRow("token, not base32") << QByteArray("L1T!!!!") << false << 0 << QString();
    QTest::newRow("token, empty payload") << QByteArray("L1T") << false << 0 << QString();
}

void TestCredentialCode::parse()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, ok);
    QFETCH(int, kind);
    QFETCH(QString, canonical);

    QRandomGenerator rng(42);
    const QString code = CredentialCode::generate(CredentialKind::Membership, rng);
    const auto parsed = CredentialCode::parse(input);
    QCOMPARE(parsed.hasValue(), ok);
    if (ok) {
        QCOMPARE(int(parsed->kind), kind);
        QCOMPARE(parsed->canonical, canonical.isEmpty() ? code : canonical);
    } else {
        QCOMPARE(int(parsed.error().code), int(ErrorCode::InvalidArgument));
        QVERIFY(!parsed.error().detail.isEmpty());
    }
}

void TestCredentialCode::everySubstitutionAndTranspositionIsCaught()
{
    // Every code generate() hands out must have all single-symbol substitutions and all adjacent transpositions
    // caught. Luhn mod 32 cannot see a transposition of the values 0 and 31 ("0Z" <-> "Z0"); generate() avoids
    // such pairs (docs/credentials.md), which this test checks on many codes.
    int substitutions = 0;
    int transpositions = 0;
    for (int n = 0; n < 3000; ++n) {
        const QString code = CredentialCode::generate(n % 2 ? CredentialKind::Membership : CredentialKind::EPass);
        for (int i = 0; i < code.size(); ++i) {
            for (const char* a = kAlphabet; *a; ++a) {
                if (code.at(i) == QLatin1Char(*a)) {
                    continue;
                }
                QString typo = code;
                typo[i] = QLatin1Char(*a);
                const auto parsed = CredentialCode::parse(typo.toUtf8());
                QVERIFY2(!isStatic(parsed),
                         qPrintable(QStringLiteral("substitution at %1 of %2 -> %3").arg(i).arg(code, typo)));
                ++substitutions;
            }
        }
        for (int i = 0; i + 1 < code.size(); ++i) {
            if (code.at(i) == code.at(i + 1)) {
                continue;
            }
            QString typo = code;
            std::swap(typo[i], typo[i + 1]);
            const auto parsed = CredentialCode::parse(typo.toUtf8());
            QVERIFY2(!isStatic(parsed),
                     qPrintable(QStringLiteral("transposition at %1 of %2 -> %3").arg(i).arg(code, typo)));
            ++transpositions;
        }
    }
    qInfo("checked %d substitutions and %d transpositions", substitutions, transpositions);
}

void TestCredentialCode::displayFormRoundTrips()
{
    const QString code = CredentialCode::generate(CredentialKind::EPass);
    const QString display = CredentialCode::formatForDisplay(code);
    QVERIFY(display.startsWith(QStringLiteral("L1E-")));
    QCOMPARE(CredentialCode::parse(display.toUtf8())->canonical, code);
}

void TestCredentialCode::base32RoundTrips()
{
    QRandomGenerator rng(7);
    for (int len = 0; len < 70; ++len) {
        QByteArray bytes(len, Qt::Uninitialized);
        for (auto& b : bytes) {
            b = char(rng.bounded(256));
        }
        const auto decoded = CredentialCode::base32Decode(CredentialCode::base32Encode(bytes));
        QVERIFY(decoded.has_value());
        QCOMPARE(*decoded, bytes);
    }
}

void TestCredentialCode::tokenWithTrailingSymbolsIsRefused()
{
    // One text per byte string: a symbol more (even a zero one that adds only padding bits) is not the token we issued.
    QRandomGenerator rng(11);
    for (int len = 1; len < 70; ++len) {
        QByteArray bytes(len, Qt::Uninitialized);
        for (auto& b : bytes) {
            b = char(rng.bounded(256));
        }
        const QString text = CredentialCode::base32Encode(bytes);
        for (const char* extra : {"0", "00", "000", "1", "Z"}) {
            // Either not base32 at all, or other bytes (which the token's own length check then refuses) — never an
            // alternative spelling of the same token.
            const auto decoded = CredentialCode::base32Decode(text + QLatin1String(extra));
            QVERIFY2(!decoded || *decoded != bytes,
                     qPrintable(QStringLiteral("length %1 + '%2'").arg(len).arg(QLatin1String(extra))));
            const auto parsed = CredentialCode::parse(QByteArray("L1T") + text.toLatin1() + extra);
            QVERIFY2(!parsed || parsed->tokenBytes != bytes, qPrintable(QString::number(len)));
        }
    }
}

void TestCredentialCode::fuzzParseAndValidate()
{
    const quint32 seed = seedFromEnv();
    qInfo("fuzz seed %u (rerun with LOUNGE_TEST_SEED=%u)", seed, seed);
    QRandomGenerator rng(seed);

    test::TempStore ts;
    QVERIFY(ts.open());
    Store& store = *ts.store;
    ChangePage page;
    page.resources = {test::resource(QStringLiteral("R1"))};
    page.programs = {test::program(
        QStringLiteral("P"), {test::entitlement(Allowance::infinite(), Allowance::infinite(), Allowance::none(), 9)})};
    QSet<QString> valid; // canonical static codes and membership numbers that exist
    QList<QByteArray> seeds;
    for (int i = 0; i < 20; ++i) {
        QString code;
        Membership m = test::membership(QStringLiteral("M%1").arg(i), QStringLiteral("P"), &code);
        page.memberships << m;
        valid << code << m.number;
        seeds << code.toUtf8() << m.number.toUtf8();
        EPass e = test::ePass(QStringLiteral("E%1").arg(i), &code, 1000000);
        page.ePasses << e;
        valid << code;
        seeds << code.toUtf8();
    }
    QVERIFY(store.applyChangePage(page));
    const TerminalContext terminal {QStringLiteral("T"), QStringLiteral("R1"), QStringLiteral("S"), 0, 0};
    const FixedClock clock(QDateTime(QDate(2026, 11, 27), QTime(12, 0), Qt::UTC));

    auto mutate = [&](QByteArray s) {
        const int ops = 1 + int(rng.bounded(4));
        for (int k = 0; k < ops; ++k) {
            const int pos = s.isEmpty() ? 0 : int(rng.bounded(int(s.size())));
            switch (rng.bounded(9)) {
            case 0: // bit flip
                if (!s.isEmpty()) {
                    s[pos] = char(s[pos] ^ (1 << rng.bounded(8)));
                }
                break;
            case 1: // truncation
                s.truncate(pos);
                break;
            case 2: // insertion of a random byte
                s.insert(pos, char(rng.bounded(256)));
                break;
            case 3: // insertion of an alphabet symbol
                s.insert(pos, kAlphabet[rng.bounded(32)]);
                break;
            case 4: // case noise
                s = rng.bounded(2) ? s.toLower() : s.toUpper();
                break;
            case 5: // space/dash noise
                s.insert(pos, rng.bounded(2) ? ' ' : '-');
                break;
            case 6: // substitution by an alphabet symbol
                if (!s.isEmpty()) {
                    s[pos] = kAlphabet[rng.bounded(32)];
                }
                break;
            case 7: // deletion
                if (!s.isEmpty()) {
                    s.remove(pos, 1);
                }
                break;
            case 8: // invalid UTF-8 / overlong / surrogate
                s.insert(
                    pos,
                    QByteArrayList {"\xc0\x80", "\xed\xa0\x80", "\xff", "\x80", "\xf4\x90\x80\x80"}.at(rng.bounded(5)));
                break;
            }
        }
        return s;
    };
    auto randomBytes = [&](int n) {
        QByteArray s(n, Qt::Uninitialized);
        for (auto& b : s) {
            b = char(rng.bounded(256));
        }
        return s;
    };

    int accepted = 0;
    int total = 0;
    auto check = [&](const QByteArray& input) {
        ++total;
        const auto parsed = CredentialCode::parse(input); // must not crash, whatever it returns
        const Decision d = Validator::validate(ScanInput {input, 1}, store, terminal, clock);
        const bool known
            = parsed && valid.contains(parsed->canonical) && parsed->kind != ParsedCode::Kind::DynamicToken;
        if (!known) {
            if (d.verdict != Verdict::Reject
                || (d.reason != Reason::MalformedCode && d.reason != Reason::UnknownCode)) {
                qWarning("seed %u: input %s got %s %s", seed, input.toHex().constData(),
                         qPrintable(toString(d.verdict)), qPrintable(toString(d.reason)));
                return false;
            }
            if (!parsed && d.reason != Reason::MalformedCode) {
                qWarning("seed %u: unparsable input %s not MALFORMED", seed, input.toHex().constData());
                return false;
            }
        } else {
            accepted += d.verdict == Verdict::Accept;
            if (d.verdict != Verdict::Accept) {
                qWarning("seed %u: seeded code rejected: %s", seed, qPrintable(toString(d.reason)));
                return false;
            }
        }
        return true;
    };

    for (int i = 0; i < 8000; ++i) {
        QVERIFY(check(mutate(seeds.at(int(rng.bounded(int(seeds.size())))))));
    }
    for (int i = 0; i < 3000; ++i) {
        QVERIFY(check(randomBytes(int(rng.bounded(64)))));
    }
    for (int i = 0; i < 200; ++i) { // random strings over the code alphabet, right length and prefix
        QByteArray s = i % 2 ? "L1M" : "L1E";
        for (int k = 0; k < CredentialCode::kStaticLength - 3; ++k) {
            s += kAlphabet[rng.bounded(32)];
        }
        QVERIFY(check(s));
    }
    for (int n : {1023, 1024, 1025, 4096, 10 * 1024, 1 << 20}) {
        QVERIFY(check(QByteArray(n, 'L')));
        QVERIFY(check(randomBytes(n)));
        QVERIFY(check(seeds.first() + QByteArray(n, ' ')));
    }
    QVERIFY(total >= 10000);
    QVERIFY2(accepted > 0, "no mutation kept a seeded code intact: the oracle is not exercised");
    qInfo("fuzzed %d inputs, %d accepted (case/space noise on seeded codes)", total, accepted);
}

void TestCredentialCode::parseAsBeforeItsAsciiPath()
{
    // The same result, error detail, kind, canonical text, hash and token bytes as the parse before its ASCII path,
    // on valid codes of every kind changed at random (fixed seed): typed separators, lower case, O/I/L, symbols
    // replaced, inserted or dropped, NUL and control bytes, non-ASCII characters, invalid UTF-8, a byte-order mark.
    QRandomGenerator rng(20261128);
    const QByteArray extras[] = {" ",
                                 "-",
                                 "\r\n",
                                 "\t",
                                 QByteArray(1, '\0'),
                                 "\x01",
                                 "\x7f",
                                 "\xc3\xa9",
                                 "\xef\xbb\xbf",
                                 "\xff",
                                 "\xc3",
                                 "\xe2\x80\x8b",
                                 "o",
                                 "i",
                                 "l",
                                 "u",
                                 "0",
                                 "Z",
                                 "~",
                                 "L1T"};
    int accepted = 0;
    for (int round = 0; round < 20000; ++round) {
        QByteArray input;
        switch (round % 5) {
        case 0:
            input = CredentialCode::generate(CredentialKind::Membership, rng).toUtf8();
            break;
        case 1:
            input = CredentialCode::generate(CredentialKind::EPass, rng).toUtf8();
            break;
        case 2:
            input = QByteArray::number(rng.bounded(1000000)) + QByteArray::number(rng.bounded(100000000));
            break;
        case 3:
            input = "L1T" + CredentialCode::base32Encode(QByteArray::number(rng.generate64())).toUtf8();
            break;
        default:
            input = CredentialCode::formatForDisplay(CredentialCode::generate(CredentialKind::EPass, rng)).toUtf8();
        }
        for (int edits = int(rng.bounded(4)); edits > 0; --edits) {
            const qsizetype at = rng.bounded(int(input.size()) + 1);
            switch (rng.bounded(4)) {
            case 0:
                input.insert(at, extras[rng.bounded(int(std::size(extras)))]);
                break;
            case 1:
                if (at < input.size()) {
                    input[at] = char(std::tolower(static_cast<unsigned char>(input[at])));
                }
                break;
            case 2:
                if (at < input.size()) {
                    input.remove(at, 1);
                }
                break;
            default:
                if (at < input.size()) {
                    input[at] = kAlphabet[rng.bounded(32)];
                }
            }
        }
        const auto got = CredentialCode::parse(input);
        const auto want = referenceParse(input);
        QVERIFY2(got.hasValue() == want.hasValue(), input.toHex().constData());
        if (!want) {
            QCOMPARE(got.error().detail, want.error().detail);
            continue;
        }
        ++accepted;
        QCOMPARE(int(got->kind), int(want->kind));
        QCOMPARE(got->canonical, want->canonical);
        QCOMPARE(got->hash, want->hash);
        QCOMPARE(got->tokenBytes, want->tokenBytes);
    }
    QVERIFY(accepted > 5000); // the valid ones were compared too, not only the refusals
}

void TestCredentialCode::hashOfAsBeforeItsAsciiPath()
{
    // SHA-256 of the UTF-8 text, as QCryptographicHash of toUtf8(): ASCII up to and past the stack buffer's 64
    // characters, and non-ASCII text (which takes toUtf8() as before).
    QRandomGenerator rng(16);
    for (int length : {0, 1, 30, 63, 64, 65, 200}) {
        for (bool ascii : {true, false}) {
            QString text;
            for (int i = 0; i < length; ++i) {
                text += ascii ? QChar(char16_t(0x20 + rng.bounded(0x5f))) : QChar(char16_t(0x20 + rng.bounded(0x2000)));
            }
            QCOMPARE(CredentialCode::hashOf(text), QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256));
        }
    }
}

QTEST_GUILESS_MAIN(TestCredentialCode)
#include "tst_credentialcode.moc"
