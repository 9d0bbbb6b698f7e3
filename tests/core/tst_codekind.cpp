// classifyCode and staffBadgeId (issue 14 §1): which kind of code the desk got, before it parses either.

#include "../common/BcbpGenerator.h"
#include "CodeKind.h"
#include "CredentialCode.h"

#include <QTest>

using namespace lounge::core;
namespace gen = lounge::testing::bcbp;

Q_DECLARE_METATYPE(lounge::core::CodeKind)

class TestCodeKind : public QObject
{
    Q_OBJECT

private slots:
    void classify_data();
    void classify();
    void staffBadgeId_data();
    void staffBadgeId();
};

void TestCodeKind::classify_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<CodeKind>("kind");

    const QByteArray membership = CredentialCode::generate(CredentialKind::Membership).toUtf8();
    const QByteArray epass = CredentialCode::generate(CredentialKind::EPass).toUtf8();
    QTest::newRow("membership code") << membership << CodeKind::LoungePass;
    QTest::newRow("E-pass code") << epass << CodeKind::LoungePass;
    QTest::newRow("E-pass display form, lower case")
        << CredentialCode::formatForDisplay(QString::fromUtf8(epass)).toLower().toUtf8() << CodeKind::LoungePass;
    QTest::newRow("membership number") << QByteArray("12345678901") << CodeKind::LoungePass;
    QTest::newRow("dynamic token") << QByteArray("L1T") + CredentialCode::base32Encode("0123456789abcdef").toUtf8()
                                   << CodeKind::LoungePass;
    QTest::newRow("damaged lounge code") << membership.left(20) << CodeKind::LoungePass;
    QTest::newRow("damaged lounge code, blank first") << " l1m" + membership.mid(3, 5) << CodeKind::LoungePass;

    const QByteArray pass = gen::passString(gen::samplePass(2, true, true));
    QTest::newRow("boarding pass") << pass << CodeKind::BoardingPass;
    QTest::newRow("boarding pass, mandatory items only")
        << gen::passString(gen::samplePass(1, false, false)) << CodeKind::BoardingPass;
    QTest::newRow("boarding pass, lower case, newline") << pass.toLower() + "\n" << CodeKind::BoardingPass;
    QTest::newRow("damaged boarding pass") << pass.left(70) << CodeKind::BoardingPass;

    QTest::newRow("staff badge") << QByteArray("STAFF:4101") << CodeKind::StaffBadge;
    QTest::newRow("staff badge, lower case, blanks") << QByteArray("  staff: A-1 \n") << CodeKind::StaffBadge;
    QTest::newRow("staff prefix with a bad id") << QByteArray("STAFF:<script>") << CodeKind::Unknown;
    QTest::newRow("staff prefix, empty id") << QByteArray("STAFF:") << CodeKind::Unknown;

    QTest::newRow("empty") << QByteArray() << CodeKind::Unknown;
    QTest::newRow("url") << QByteArray("https://example.com/lounge") << CodeKind::Unknown;
    QTest::newRow("text starting M1") << QByteArray("M1 the menu of the day") << CodeKind::Unknown;
    QTest::newRow("coupon") << QByteArray("COUPON-2026-XYZ") << CodeKind::Unknown;
    QTest::newRow("short number") << QByteArray("1234") << CodeKind::Unknown;
    QTest::newRow("binary") << QByteArray("\x00\xff\x10M1", 5) << CodeKind::Unknown;
}

void TestCodeKind::classify()
{
    QFETCH(QByteArray, raw);
    QFETCH(CodeKind, kind);
    QCOMPARE(classifyCode(raw), kind);
}

void TestCodeKind::staffBadgeId_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("id");
    QTest::newRow("number") << QByteArray("STAFF:4101") << QStringLiteral("4101");
    QTest::newRow("letters") << QByteArray("staff:S-1") << QStringLiteral("S-1");
    QTest::newRow("blanks") << QByteArray(" STAFF: 17 \r\n") << QStringLiteral("17");
    QTest::newRow("32 characters") << QByteArray("STAFF:") + QByteArray(32, 'a') << QString(32, u'a');
    QTest::newRow("33 characters") << QByteArray("STAFF:") + QByteArray(33, 'a') << QString();
    QTest::newRow("leading dot") << QByteArray("STAFF:.1") << QString();
    QTest::newRow("space inside") << QByteArray("STAFF:1 2") << QString();
    QTest::newRow("no prefix") << QByteArray("4101") << QString();
    QTest::newRow("other prefix") << QByteArray("STAF:4101") << QString();
}

void TestCodeKind::staffBadgeId()
{
    QFETCH(QByteArray, raw);
    QFETCH(QString, id);
    QCOMPARE(lounge::core::staffBadgeId(raw), id);
}

QTEST_GUILESS_MAIN(TestCodeKind)
#include "tst_codekind.moc"
