// DynamicToken: the byte layout documented in docs/credentials.md, its size limits, and strict parsing.
#include "CredentialCode.h"
#include "SecurityTestData.h"

#include <QTest>

using namespace lounge::core;
using namespace lounge::core::test;

class TestDynamicToken : public QObject
{
    Q_OBJECT

private:
    TokenSigningKey m_key = signingKey(0x0102);

private slots:
    void layoutIsAsDocumented()
    {
        DynamicToken t;
        t.credential = CredentialRef {CredentialKind::EPass, QStringLiteral("E-42")};
        t.keyId = 0x0102;
        t.issuedAt = 0x6a0b0c0d;
        t.lifetimeSeconds = 45;
        t.nonce = 0xdeadbeef;
        const QByteArray bytes = signedBytes(t, m_key);
        QCOMPARE(bytes.size(), 13 + 4 + 64);
        QCOMPARE(bytes.left(17).toHex(),
                 QByteArray("11"
                            "0102"
                            "6a0b0c0d"
                            "2d"
                            "deadbeef"
                            "04")
                     + QByteArray("E-42").toHex());
    }

    void roundTrip_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("id");
        QTest::newRow("membership") << int(CredentialKind::Membership) << QStringLiteral("M-1001");
        QTest::newRow("E-pass") << int(CredentialKind::EPass) << QStringLiteral("E-2001");
        QTest::newRow("UTF-8 id") << int(CredentialKind::Membership) << QStringLiteral("M-\u00e9\u4e2d");
        QTest::newRow("longest id") << int(CredentialKind::Membership) << QString(32, QLatin1Char('9'));
        QTest::newRow("one-byte id") << int(CredentialKind::EPass) << QStringLiteral("7");
    }

    void roundTrip()
    {
        QFETCH(int, kind);
        QFETCH(QString, id);
        const DynamicToken t = token(CredentialRef {CredentialKind(kind), id}, m_key, centralNow(), 200);
        const QByteArray bytes = signedBytes(t, m_key);
        // Through the text form and the code parser, as a scan arrives.
        const QString text = DynamicToken::toText(bytes);
        QVERIFY(text.size() <= DynamicToken::kMaxTextLength);
        auto code = CredentialCode::parse(text.toLatin1());
        QVERIFY(code);
        QCOMPARE(code->kind, ParsedCode::Kind::DynamicToken);
        QCOMPARE(code->tokenBytes, bytes);
        auto parsed = DynamicToken::parse(code->tokenBytes);
        QVERIFY(parsed);
        QCOMPARE(parsed->token.credential, t.credential);
        QCOMPARE(parsed->token.keyId, t.keyId);
        QCOMPARE(parsed->token.issuedAt, t.issuedAt);
        QCOMPARE(parsed->token.lifetimeSeconds, 200);
        QCOMPARE(parsed->token.nonce, t.nonce);
        QVERIFY(DynamicToken::signatureValid(parsed->signedPart, parsed->signature, m_key.publicKey));
        QCOMPARE(DynamicToken::tokenId(parsed->signedPart).size(), DynamicToken::kTokenIdBytes);
    }

    void sizes()
    {
        QCOMPARE(DynamicToken::kMaxBytes, 109);
        QCOMPARE(DynamicToken::kMaxTextLength, 178);
        const DynamicToken longest
            = token(CredentialRef {CredentialKind::Membership, QString(32, QLatin1Char('X'))}, m_key, centralNow());
        QCOMPARE(DynamicToken::toText(signedBytes(longest, m_key)).size(), 178);
        const DynamicToken typical
            = token(CredentialRef {CredentialKind::Membership, QStringLiteral("M-1001")}, m_key, centralNow());
        QCOMPARE(DynamicToken::toText(signedBytes(typical, m_key)).size(), 136);
    }

    void headerRefusesWhatDoesNotFit_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("lifetime");
        QTest::addColumn<qint64>("issuedAt");
        QTest::newRow("empty id") << QString() << 30 << qint64(1);
        QTest::newRow("33-byte id") << QString(33, QLatin1Char('1')) << 30 << qint64(1);
        QTest::newRow("17 chars of 2 UTF-8 bytes") << QString(17, QChar(0xe9)) << 30 << qint64(1);
        QTest::newRow("zero lifetime") << QStringLiteral("M") << 0 << qint64(1);
        QTest::newRow("256 s lifetime") << QStringLiteral("M") << 256 << qint64(1);
        QTest::newRow("before 1970") << QStringLiteral("M") << 30 << qint64(-1);
        QTest::newRow("after 2106") << QStringLiteral("M") << 30 << qint64(0x100000000LL);
    }

    void headerRefusesWhatDoesNotFit()
    {
        QFETCH(QString, id);
        QFETCH(int, lifetime);
        QFETCH(qint64, issuedAt);
        DynamicToken t;
        t.credential = CredentialRef {CredentialKind::Membership, id};
        t.keyId = m_key.id;
        t.lifetimeSeconds = lifetime;
        t.issuedAt = issuedAt;
        QVERIFY(!t.header());
        QVERIFY(!t.sign(m_key));
    }

    void signingNeedsTheMatchingKey()
    {
        DynamicToken t = token(CredentialRef {CredentialKind::Membership, QStringLiteral("M")}, m_key, centralNow());
        t.keyId = 3;
        QVERIFY(!t.sign(m_key));
        TokenSigningKey broken = m_key;
        broken.secretKey.chop(1);
        t.keyId = m_key.id;
        QVERIFY(!t.sign(broken));
    }

    void parseIsStrict_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        const QByteArray good = signedBytes(
            token(CredentialRef {CredentialKind::Membership, QStringLiteral("M-1")}, m_key, centralNow()), m_key);
        auto with = [&](int index, char value) {
            QByteArray b = good;
            b[index] = value;
            return b;
        };
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("signature only") << good.right(64);
        QTest::newRow("version 2") << with(0, char(0x20));
        QTest::newRow("version 0") << with(0, char(0x00 | 0x01) & 0x0f);
        QTest::newRow("kind 2") << with(0, char(0x12));
        QTest::newRow("zero lifetime") << with(7, 0);
        QTest::newRow("id length 0") << with(12, 0);
        QTest::newRow("id length 33") << with(12, 33);
        QTest::newRow("id length says more") << with(12, 4);
        QTest::newRow("id not UTF-8") << with(13, char(0xff));
        QTest::newRow("too long") << good + QByteArray(40, 'x');
    }

    void parseIsStrict()
    {
        QFETCH(QByteArray, bytes);
        QVERIFY(!DynamicToken::parse(bytes));
    }

    void tokenIdIgnoresTheSignature()
    {
        const DynamicToken t
            = token(CredentialRef {CredentialKind::Membership, QStringLiteral("M-1")}, m_key, centralNow());
        auto a = DynamicToken::parse(signedBytes(t, m_key));
        DynamicToken other = t;
        other.nonce ^= 1;
        auto b = DynamicToken::parse(signedBytes(other, m_key));
        QVERIFY(a && b);
        QCOMPARE(DynamicToken::tokenId(a->signedPart), DynamicToken::tokenId(a->signedPart));
        QVERIFY(DynamicToken::tokenId(a->signedPart) != DynamicToken::tokenId(b->signedPart));
    }
};

QTEST_GUILESS_MAIN(TestDynamicToken)
#include "tst_dynamictoken.moc"
