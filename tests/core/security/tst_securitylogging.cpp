// Log hygiene: with every category at debug level, a day of kiosk work (sign-ins right and wrong, static and dynamic
// codes accepted and refused, a void, a tampered journal) never logs a PIN, a PIN hash, a whole code or token, or a
// person's name.
#include "AccessService.h"
#include "SecurityTestData.h"
#include "StaffDirectory.h"
#include "crypto/SignedTokenVerifier.h"

#include <QLoggingCategory>
#include <QTest>

using namespace lounge::core;
using namespace lounge::core::test;

namespace {
QStringList* g_log = nullptr;
void capture(QtMsgType, const QMessageLogContext& context, const QString& message)
{
    if (g_log) {
        g_log->append(QLatin1String(context.category ? context.category : "") + QLatin1Char(' ') + message);
    }
}
} // namespace

class TestSecurityLogging : public QObject
{
    Q_OBJECT

private slots:
    void noSecretsInTheLog()
    {
        QStringList log;
        g_log = &log;
        const QtMessageHandler previous = qInstallMessageHandler(capture);
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true"));

        TempStore db;
        QVERIFY(db.open());
        Store& store = *db.store;
        FixedClock clock(centralNow());
        const QString resourceId = QStringLiteral("HKG-T1-LOUNGE");
        QVERIFY(store.upsertResource(resource(resourceId)));
        QVERIFY(store.upsertResource(resource(QStringLiteral("ZONE"), QStringLiteral("LOUNGE"), QStringLiteral("HKG"),
                                              QStringLiteral("Not/AZone"))));
        QVERIFY(store.upsertProgram(program(QStringLiteral("GOLD"), {entitlement(Allowance::of(1))})));
        QString code;
        Membership m = membership(QStringLiteral("M-1"), QStringLiteral("GOLD"), &code);
        m.holderName = QStringLiteral("Zebediah Quixote");
        QVERIFY(store.upsertMembership(m));
        SecurityStore security(store);
        const TokenSigningKey key = signingKey(1);
        QVERIFY(security.upsertTokenKey(publicKey(key)));
        QVERIFY(security.setClockOffset(0, centralNow()));
        const QString pin = QStringLiteral("739154");
        StaffAccount supervisor = staffAccount(QStringLiteral("S-1"), StaffRole::Supervisor, pin);
        supervisor.name = QStringLiteral("Philippa Marchbanks");
        QVERIFY(security.upsertStaff(supervisor));

        StaffDirectory staff(store, clock, StaffDirectory::Options {QStringLiteral("T-1"), resourceId, {}, 2, 30, 60});
        QVERIFY(staff.signIn(QStringLiteral("S-1"), QStringLiteral("739155")));
        QVERIFY(staff.signIn(QStringLiteral("S-1"), QStringLiteral("739156"))); // locks
        QVERIFY(staff.signIn(QStringLiteral("S-1"), pin));
        clock.advance(120);
        QCOMPARE(int(staff.signIn(QStringLiteral("S-1"), pin)->status), int(SignInOutcome::Status::SignedIn));

        SignedTokenVerifier verifier(security);
        AccessService service(
            store, clock, TerminalContext {QStringLiteral("T-1"), resourceId, QStringLiteral("S-1"), 0, 0}, &verifier);
        service.setStaffDirectory(&staff);
        const QByteArray tokenText
            = lounge::core::test::tokenText(token({CredentialKind::Membership, m.id}, key, clock.now()), key);
        QByteArray forged = tokenText;
        forged[10] = forged[10] == 'A' ? 'B' : 'A';
        auto visit = service.redeem(ScanInput {tokenText, 1});
        QVERIFY(visit && visit->recorded);
        QVERIFY(service.redeem(ScanInput {tokenText, 1})); // replayed
        QVERIFY(service.redeem(ScanInput {forged, 1}));
        QVERIFY(service.redeem(ScanInput {code.toUtf8(), 1})); // no visits left
        QVERIFY(service.voidRedemption(visit->redemptionId, QStringLiteral("S-1"), QStringLiteral("test")));
        TerminalContext zone = service.context();
        zone.resourceId = QStringLiteral("ZONE");
        service.setContext(zone);
        (void)service.check(ScanInput {code.toUtf8(), 1}); // logs the bad time zone
        QVERIFY(store.database().execScript(
            QStringLiteral("DROP TRIGGER journal_chained_immutable; UPDATE journal SET party=3 WHERE seq=1")));
        QVERIFY(!store.verifyJournal()->ok);

        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());
        g_log = nullptr;

        QVERIFY2(log.join(QLatin1Char('\n')).contains(QLatin1String("lounge.security")), "nothing was logged at all");
        const QStringList secrets {pin,
                                   supervisor.pinHash,
                                   supervisor.pinHash.section(QLatin1Char('$'), -1),
                                   code,
                                   CredentialCode::formatForDisplay(code),
                                   QString::fromLatin1(tokenText),
                                   QString::fromLatin1(tokenText.mid(3, 40)),
                                   QString::fromLatin1(forged.mid(3, 40)),
                                   QString::fromLatin1(key.secretKey.toHex()),
                                   QString::fromLatin1(key.secretKey.toBase64()),
                                   m.holderName,
                                   supervisor.name};
        for (const QString& line : log) {
            for (const QString& secret : secrets) {
                QVERIFY2(!line.contains(secret, Qt::CaseInsensitive), qPrintable(QStringLiteral("leaked: ") + line));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestSecurityLogging)
#include "tst_securitylogging.moc"
