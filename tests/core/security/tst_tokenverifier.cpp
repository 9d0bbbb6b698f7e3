// Dynamic tokens end to end through AccessService on a real store: every refusal has its reason code, a token is
// consumed only by a recorded visit, and the replay guard survives a restart.
#include "AccessService.h"
#include "SecurityTestData.h"
#include "crypto/SignedTokenVerifier.h"

#include <QTest>

using namespace lounge::core;
using namespace lounge::core::test;

namespace {
const QString kResource = QStringLiteral("HKG-T1-LOUNGE");
const CredentialRef kMember {CredentialKind::Membership, QStringLiteral("M-1")};
const CredentialRef kDynamicOnly {CredentialKind::Membership, QStringLiteral("M-DYN")};
const CredentialRef kPass {CredentialKind::EPass, QStringLiteral("E-1")};
} // namespace

class TestTokenVerifier : public QObject
{
    Q_OBJECT

private:
    TempStore m_db;
    TokenSigningKey m_key = signingKey(7);
    TokenSigningKey m_impostor = signingKey(7); // same id, different secret: a forger's key
    TokenSigningKey m_unknown = signingKey(9); // never published
    TokenSigningKey m_retired = signingKey(5); // published, retired a second ago
    TokenSigningKey m_overlap = signingKey(6); // published, retiring in a minute
    QString m_staticCode = CredentialCode::generate(CredentialKind::Membership); // of the dynamic-only member
    FixedClock m_clock {centralNow()};

    void seed(Store& store)
    {
        QVERIFY(store.upsertResource(resource(kResource)));
        QVERIFY(store.upsertProgram(program(QStringLiteral("GOLD"), {entitlement(Allowance::infinite())})));
        Program strict = program(QStringLiteral("STRICT"), {entitlement(Allowance::infinite())});
        strict.requireDynamic = true;
        QVERIFY(store.upsertProgram(strict));
        QVERIFY(store.upsertMembership(membership(kMember.id, QStringLiteral("GOLD"), nullptr)));
        Membership strictMember = membership(kDynamicOnly.id, QStringLiteral("STRICT"), nullptr);
        strictMember.codeHash = CredentialCode::hashOf(m_staticCode);
        QVERIFY(store.upsertMembership(strictMember));
        QVERIFY(store.upsertEPass(ePass(kPass.id, nullptr, 5)));
        SecurityStore security(store);
        QVERIFY(security.upsertTokenKey(publicKey(m_key)));
        QVERIFY(security.upsertTokenKey(publicKey(m_retired, {}, centralNow().addSecs(-1))));
        QVERIFY(security.upsertTokenKey(publicKey(m_overlap, {}, centralNow().addSecs(60))));
        QVERIFY(security.setClockOffset(0, centralNow().addSecs(-3600)));
    }

    TerminalContext context() const
    {
        TerminalContext c;
        c.terminalId = QStringLiteral("T-1");
        c.resourceId = kResource;
        c.staffId = QStringLiteral("S-1");
        c.staleAfterSeconds = 0;
        c.recentlyUsedSeconds = 0;
        return c;
    }

    Decision check(const QByteArray& raw, int party = 1)
    {
        SecurityStore security(*m_db.store);
        SignedTokenVerifier verifier(security);
        AccessService service(*m_db.store, m_clock, context(), &verifier);
        return service.check(ScanInput {raw, party});
    }

    Result<Decision> redeem(const QByteArray& raw, int party = 1)
    {
        SecurityStore security(*m_db.store);
        SignedTokenVerifier verifier(security);
        AccessService service(*m_db.store, m_clock, context(), &verifier);
        return service.redeem(ScanInput {raw, party});
    }

private slots:
    void init()
    {
        m_clock.set(centralNow());
        QVERIFY(m_db.dir.isValid());
        m_db.removeFiles();
        QVERIFY(m_db.open());
        seed(*m_db.store);
    }

    void reasons_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<Reason>("expected");
        const QDateTime now = centralNow();
        QTest::newRow("valid membership token") << tokenText(token(kMember, m_key, now), m_key) << Reason::Ok;
        QTest::newRow("valid E-pass token") << tokenText(token(kPass, m_key, now), m_key) << Reason::Ok;
        QTest::newRow("forged signature (same key id, other secret)")
            << tokenText(token(kMember, m_impostor, now), m_impostor) << Reason::BadSignature;
        QTest::newRow("wrong key (id never published)")
            << tokenText(token(kMember, m_unknown, now), m_unknown) << Reason::UnknownKey;
        QTest::newRow("retired key after its overlap")
            << tokenText(token(kMember, m_retired, now.addSecs(-5)), m_retired) << Reason::UnknownKey;
        QTest::newRow("retiring key inside its overlap")
            << tokenText(token(kMember, m_overlap, now), m_overlap) << Reason::Ok;
        // lifetime 30 s + skew 30 s: the last accepted instant is issuedAt + 60 s.
        QTest::newRow("expired one second ago")
            << tokenText(token(kMember, m_key, now.addSecs(-61)), m_key) << Reason::TokenExpired;
        QTest::newRow("last valid second") << tokenText(token(kMember, m_key, now.addSecs(-60)), m_key) << Reason::Ok;
        QTest::newRow("from the future beyond skew")
            << tokenText(token(kMember, m_key, now.addSecs(31)), m_key) << Reason::TokenNotYetValid;
        QTest::newRow("from the future within skew")
            << tokenText(token(kMember, m_key, now.addSecs(30)), m_key) << Reason::Ok;
        const QByteArray good = signedBytes(token(kMember, m_key, now), m_key);
        QTest::newRow("truncated by one byte")
            << DynamicToken::toText(good.chopped(1)).toLatin1() << Reason::MalformedCode;
        QTest::newRow("truncated to the header")
            << DynamicToken::toText(good.left(19)).toLatin1() << Reason::MalformedCode;
        QTest::newRow("one byte appended") << DynamicToken::toText(good + '\0').toLatin1() << Reason::MalformedCode;
        QTest::newRow("truncated text") << DynamicToken::toText(good).toLatin1().chopped(7) << Reason::MalformedCode;
        QTest::newRow("prefix only") << QByteArray("L1T") << Reason::MalformedCode;
        for (const char* extra : {"0", "00", "000", "0000"}) {
            QTest::newRow(qPrintable(QStringLiteral("trailing '%1'").arg(QLatin1String(extra))))
                << DynamicToken::toText(good).toLatin1() + extra << Reason::MalformedCode;
        }
        QTest::newRow("signed, but for a credential we do not know")
            << tokenText(token(CredentialRef {CredentialKind::Membership, QStringLiteral("M-404")}, m_key, now), m_key)
            << Reason::UnknownCode;
        QTest::newRow("static code where dynamic is required") << m_staticCode.toLatin1() << Reason::DynamicRequired;
        QTest::newRow("dynamic token where dynamic is required")
            << tokenText(token(kDynamicOnly, m_key, now), m_key) << Reason::Ok;
    }

    void reasons()
    {
        QFETCH(QByteArray, raw);
        QFETCH(Reason, expected);
        const Decision d = check(raw);
        QCOMPARE(toString(d.reason), toString(expected));
        QCOMPARE(d.verdict == Verdict::Accept, expected == Reason::Ok);
    }

    // Every single-bit change of a signed token is refused; which reason depends on the field it lands in.
    void flippedBitAnywhere_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("mask");
        const int size = DynamicToken::kFixedHeaderBytes + kMember.id.size() + DynamicToken::kSignatureBytes;
        for (int i = 0; i < size; ++i) {
            for (int mask : {0x01, 0x10, 0x80}) {
                QTest::addRow("byte %d ^ 0x%02x", i, mask) << i << mask;
            }
        }
    }

    void flippedBitAnywhere()
    {
        QFETCH(int, index);
        QFETCH(int, mask);
        QByteArray bytes = signedBytes(token(kMember, m_key, centralNow()), m_key);
        bytes[index] = char(bytes[index] ^ mask);
        const Decision d = check(DynamicToken::toText(bytes).toLatin1());
        QCOMPARE(toString(d.verdict), toString(Verdict::Reject));
        QList<Reason> allowed {Reason::BadSignature};
        if (index == 0 && mask != 0x01) {
            allowed = {Reason::MalformedCode}; // version nibble, or a kind that does not exist
        } else if (index == 1 || index == 2) {
            allowed = {Reason::UnknownKey, Reason::BadSignature}; // another key id: unknown, or wrong key
        } else if (index == 12) {
            allowed = {Reason::MalformedCode}; // id length no longer matches the size
        } else if (index >= 13 && index < 13 + kMember.id.size()) {
            allowed = {Reason::BadSignature, Reason::MalformedCode}; // id may stop being UTF-8
        }
        QVERIFY2(allowed.contains(d.reason), qPrintable(toString(d.reason)));
    }

    void clockUnknownWhenNeverSynced()
    {
        QVERIFY(m_db.store->database().execScript(QStringLiteral("DELETE FROM meta WHERE key LIKE 'clock_offset%'")));
        QCOMPARE(toString(check(tokenText(token(kMember, m_key, centralNow()), m_key)).reason),
                 toString(Reason::ClockUnknown));
    }

    void clockUnknownWhenOffsetTooOld()
    {
        QVERIFY(SecurityStore(*m_db.store).setClockOffset(0, centralNow().addDays(-8)));
        QCOMPARE(toString(check(tokenText(token(kMember, m_key, centralNow()), m_key)).reason),
                 toString(Reason::ClockUnknown));
    }

    void offsetCorrectsTheTerminalClock_data()
    {
        QTest::addColumn<qint64>("offsetMs");
        QTest::addColumn<Reason>("expected");
        QTest::newRow("terminal 10 min slow, offset known") << qint64(600'000) << Reason::Ok;
        QTest::newRow("terminal 10 min slow, offset not applied") << qint64(0) << Reason::TokenNotYetValid;
        QTest::newRow("offset wrong the other way") << qint64(-600'000) << Reason::TokenNotYetValid;
    }

    void offsetCorrectsTheTerminalClock()
    {
        QFETCH(qint64, offsetMs);
        QFETCH(Reason, expected);
        m_clock.set(centralNow().addSecs(-600));
        QVERIFY(SecurityStore(*m_db.store).setClockOffset(offsetMs, centralNow().addSecs(-3600)));
        QCOMPARE(toString(check(tokenText(token(kMember, m_key, centralNow()), m_key)).reason), toString(expected));
    }

    void secondUseIsReplayed()
    {
        const QByteArray raw = tokenText(token(kMember, m_key, centralNow()), m_key);
        auto first = redeem(raw);
        QVERIFY(first);
        QVERIFY(first->recorded);
        m_clock.advance(5);
        auto second = redeem(raw);
        QVERIFY(second);
        QCOMPARE(toString(second->reason), toString(Reason::Replayed));
        QVERIFY(!second->recorded);
        QCOMPARE(toString(check(raw).reason), toString(Reason::Replayed));
        QCOMPARE(*m_db.store->count(QStringLiteral("journal")), 1);
    }

    void replayedAlsoAfterRestart()
    {
        const QByteArray raw = tokenText(token(kPass, m_key, centralNow()), m_key);
        QVERIFY(redeem(raw)->recorded);
        QVERIFY(m_db.open()); // close and reopen the same file: a restarted kiosk
        QCOMPARE(toString(check(raw).reason), toString(Reason::Replayed));
        QCOMPARE(toString(redeem(raw)->reason), toString(Reason::Replayed));
    }

    void checkingDoesNotConsume()
    {
        const QByteArray raw = tokenText(token(kMember, m_key, centralNow()), m_key);
        QCOMPARE(toString(check(raw).reason), toString(Reason::Ok));
        QCOMPARE(toString(check(raw).reason), toString(Reason::Ok));
        QCOMPARE(*SecurityStore(*m_db.store).seenTokenCount(), 0);
        QVERIFY(redeem(raw)->recorded);
    }

    void refusedVisitDoesNotConsume()
    {
        const QByteArray raw = tokenText(token(kPass, m_key, centralNow()), m_key);
        auto refused = redeem(raw, 2); // an E-pass admits its holder only
        QVERIFY(refused);
        QCOMPARE(toString(refused->reason), toString(Reason::TooManyGuests));
        QCOMPARE(*SecurityStore(*m_db.store).seenTokenCount(), 0);
        QVERIFY(redeem(raw, 1)->recorded);
    }

    void seenSetIsBounded()
    {
        for (int i = 0; i < 3; ++i) {
            QVERIFY(redeem(tokenText(token(kMember, m_key, m_clock.now()), m_key))->recorded);
        }
        QCOMPARE(*SecurityStore(*m_db.store).seenTokenCount(), 3);
        // Past every token's last valid instant + the prune margin, one more visit prunes the old entries.
        m_clock.advance(60 + SecurityStore::kReplayPruneMarginSeconds + 1);
        QVERIFY(SecurityStore(*m_db.store).setClockOffset(0, m_clock.now()));
        QVERIFY(redeem(tokenText(token(kMember, m_key, m_clock.now()), m_key))->recorded);
        QCOMPARE(*SecurityStore(*m_db.store).seenTokenCount(), 1);
    }

    void keysArriveThroughTheChangesFeed()
    {
        m_db.removeFiles();
        QVERIFY(m_db.open());
        const TokenSigningKey fresh = signingKey(300);
        ChangePage page;
        page.cursor = 1;
        page.resources = {resource(kResource)};
        page.programs = {program(QStringLiteral("GOLD"), {entitlement(Allowance::infinite())})};
        page.memberships = {membership(kMember.id, QStringLiteral("GOLD"), nullptr)};
        page.tokenKeys = {publicKey(fresh)};
        QVERIFY(m_db.store->applyChangePage(page));
        QVERIFY(SecurityStore(*m_db.store).setClockOffset(0, centralNow()));
        QCOMPARE(toString(check(tokenText(token(kMember, fresh, centralNow()), fresh)).reason), toString(Reason::Ok));
        // Central retires it: the next page carries validUntil in the past.
        page.cursor = 2;
        page.tokenKeys = {publicKey(fresh, {}, centralNow().addSecs(-1))};
        QVERIFY(m_db.store->applyChangePage(page));
        QCOMPARE(toString(check(tokenText(token(kMember, fresh, centralNow()), fresh)).reason),
                 toString(Reason::UnknownKey));
    }
};

QTEST_GUILESS_MAIN(TestTokenVerifier)
#include "tst_tokenverifier.moc"
