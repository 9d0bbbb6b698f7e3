// security-bench: what the security features cost on this machine. Prints figures; asserts nothing.
//   security-bench [journal-records]   (default 10000)
#include "AccessService.h"
#include "CredentialCode.h"
#include "SecurityStore.h"
#include "Store.h"
#include "crypto/DynamicToken.h"
#include "crypto/KeyRing.h"
#include "crypto/PinHash.h"
#include "crypto/SignedTokenVerifier.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

using namespace lounge::core;

namespace {

template<typename F> double perOpMicros(int n, F&& f)
{
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < n; ++i) {
        f(i);
    }
    return double(t.nsecsElapsed()) / 1000.0 / n;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const int journalRecords = app.arguments().value(1, QStringLiteral("10000")).toInt();
    const QDateTime now = QDateTime::currentDateTimeUtc();

    auto key = DynamicToken::generateKey(1);
    DynamicToken t;
    t.credential = CredentialRef {CredentialKind::Membership, QStringLiteral("M-1001")};
    t.keyId = 1;
    t.issuedAt = now.toSecsSinceEpoch();
    const double sign = perOpMicros(2000, [&](int i) {
        t.nonce = quint32(i);
        (void)t.sign(*key);
    });
    const QByteArray token = *t.sign(*key);
    KeyRing ring;
    ring.add(TokenKey {1, key->publicKey, {}, {}});
    ring.trustLocalClock(now);
    SignedTokenVerifier verifier(ring);
    const double verify = perOpMicros(2000, [&](int) { (void)verifier.verify(token, now); });
    const QString text = DynamicToken::toText(token);
    const double parseText = perOpMicros(2000, [&](int) { (void)CredentialCode::parse(text.toLatin1()); });
    out << "dynamic token: " << text.size() << " symbols; sign " << QString::number(sign, 'f', 1) << " us, parse text "
        << QString::number(parseText, 'f', 1) << " us, verify (Ed25519 + checks) " << QString::number(verify, 'f', 1)
        << " us\n";

    auto hash = PinHash::hash(QStringLiteral("739154"));
    const double pinVerify
        = perOpMicros(5, [&](int) { (void)PinHash::verify(*hash, QStringLiteral("739154")); }) / 1000.0;
    out << "PIN Argon2id interactive (t=2, 64 MiB): verify " << QString::number(pinVerify, 'f', 0)
        << " ms per guess on one core; a 6-digit PIN space (10^6) costs "
        << QString::number(pinVerify * 1e6 / 1000.0 / 3600.0, 'f', 0) << " core-hours\n";

    QTemporaryDir dir;
    auto store = Store::open(dir.filePath(QStringLiteral("cache.sqlite")));
    if (!store) {
        out << "store: " << store.error().toString() << '\n';
        return 1;
    }
    Store& s = **store;
    (void)s.upsertResource(Resource {QStringLiteral("R"),
                                     QStringLiteral("LOUNGE"),
                                     QStringLiteral("R"),
                                     QStringLiteral("HKG"),
                                     {},
                                     QStringLiteral("UTC"),
                                     false});
    Entitlement e;
    e.module = QStringLiteral("LOUNGE");
    e.cardholder = Allowance::infinite();
    (void)s.upsertProgram(Program {QStringLiteral("P"), QStringLiteral("P"), 365, {e}, false});
    Membership m;
    m.id = QStringLiteral("M-1001");
    m.holderName = QStringLiteral("Bench");
    m.tiers = {TierAssignment {QStringLiteral("P"), {}}};
    m.status = MembershipStatus::Active;
    m.validFrom = now.date().addYears(-1);
    m.validTo = now.date().addYears(1);
    const QString code = CredentialCode::generate(CredentialKind::Membership);
    m.codeHash = CredentialCode::hashOf(code);
    (void)s.upsertMembership(m);
    SecurityStore security(s);
    (void)security.upsertTokenKey(TokenKey {1, key->publicKey, {}, {}});
    (void)security.setClockOffset(0, now);
    SignedTokenVerifier storeVerifier(security);
    FixedClock clock(now);
    AccessService service(s, clock, TerminalContext {QStringLiteral("T"), QStringLiteral("R"), {}, 0, 0},
                          &storeVerifier);
    const int redeems = 200;
    const double redeemDynamic
        = perOpMicros(redeems,
                      [&](int i) {
                          t.nonce = quint32(100000 + i);
                          (void)service.redeem(ScanInput {DynamicToken::toText(*t.sign(*key)).toLatin1(), 1});
                      })
        / 1000.0;
    out << "redeem with a dynamic token (verify + replay guard + journal, synchronous=FULL): "
        << QString::number(redeemDynamic, 'f', 2) << " ms\n";

    // Fill the journal quickly (one transaction) to time the chain walk.
    {
        auto tx = s.beginWrite();
        for (int i = 0; i < journalRecords; ++i) {
            Redemption r;
            r.id = QUuid::createUuid();
            r.credential = CredentialRef {CredentialKind::Membership, m.id};
            r.resourceId = QStringLiteral("R");
            r.terminalId = QStringLiteral("T");
            r.uses = {PoolUse {QStringLiteral("LOUNGE"), Pool::Cardholder, QStringLiteral("V"), 1}};
            r.at = now.addSecs(i);
            r.clockSource = QStringLiteral("fixed");
            (void)s.appendJournal(r);
        }
        (void)tx->commit();
    }
    QElapsedTimer timer;
    timer.start();
    auto check = s.verifyJournal();
    const qint64 ms = timer.elapsed();
    out << "verify-journal: " << (check ? check->records : -1) << " records in " << ms << " ms ("
        << (check && check->ok ? "intact" : "BROKEN") << ")\n";
    return 0;
}
