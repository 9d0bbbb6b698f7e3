// The validation rules, one table per rule family, against a real Store (docs/domain.md).

#include "AccessService.h"
#include "Store.h"
#include "TestData.h"
#include "Validator.h"

#include <QTest>

using namespace lounge::core;
using namespace lounge::core::test;

Q_DECLARE_METATYPE(lounge::core::Verdict)
Q_DECLARE_METATYPE(lounge::core::Reason)
Q_DECLARE_METATYPE(lounge::core::QuotaPeriod)
Q_DECLARE_METATYPE(lounge::core::Entitlement)
Q_DECLARE_METATYPE(QList<lounge::core::TierAssignment>)
Q_DECLARE_METATYPE(QList<lounge::core::EntitlementOverride>)

namespace {

const QDateTime kNow(QDate(2026, 11, 27), QTime(4, 0), Qt::UTC); // 12:00 in Hong Kong

QDateTime utc(const char* iso)
{
    QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    Q_ASSERT(t.isValid());
    return t.toUTC();
}

/// Answers whatever the row says, for the dynamic-token reasons (the real verifier lives outside core).
class FakeVerifier final : public TokenVerifier
{
public:
    std::variant<Verified, Reason> result = Reason::BadSignature;
    std::variant<Verified, Reason> verify(const QByteArray&, const QDateTime&) const override { return result; }
};

/// A cache whose lookups fail, to check that a storage error never turns into an ACCEPT.
class BrokenCache final : public CacheView
{
public:
    explicit BrokenCache(const CacheView& inner)
        : m_inner(inner)
    { }
    Result<std::optional<Resource>> resource(const QString& id) const override { return m_inner.resource(id); }
    Result<std::optional<Program>> program(const QString& id) const override { return m_inner.program(id); }
    Result<std::optional<Membership>> membershipByCodeHash(const QByteArray& h) const override
    {
        return m_inner.membershipByCodeHash(h);
    }
    Result<std::optional<Membership>> membershipByNumber(const QString& n) const override
    {
        return m_inner.membershipByNumber(n);
    }
    Result<std::optional<Membership>> membershipById(const QString& id) const override
    {
        return m_inner.membershipById(id);
    }
    Result<std::optional<EPass>> ePassByCodeHash(const QByteArray& h) const override
    {
        return m_inner.ePassByCodeHash(h);
    }
    Result<std::optional<EPass>> ePassById(const QString& id) const override { return m_inner.ePassById(id); }
    Result<int> used(const CredentialRef&, const Module&, Pool, const QString&) const override
    {
        return makeError(ErrorCode::IoError, QStringLiteral("disk I/O error"));
    }
    Result<std::optional<QDateTime>> lastUse(const CredentialRef& c, const QString& r) const override
    {
        return m_inner.lastUse(c, r);
    }
    Result<QDateTime> lastSync() const override { return m_inner.lastSync(); }

private:
    const CacheView& m_inner;
};

/// A cache whose resource read and credential lookups fail or find nothing on request, and which records the order of
/// the reads: the decision must not depend on that order (issue 16's sixth round reads a static code first).
class ScriptedCache final : public CacheView
{
public:
    explicit ScriptedCache(const CacheView& inner)
        : m_inner(inner)
    { }
    bool resourceFails = false;
    bool resourceMissing = false;
    bool lookupFails = false;
    mutable QStringList reads;
    Result<std::optional<Resource>> resource(const QString& id) const override
    {
        reads << QStringLiteral("resource");
        if (resourceFails) {
            return makeError(ErrorCode::IoError, QStringLiteral("resource read failed"));
        }
        if (resourceMissing) {
            return std::optional<Resource>();
        }
        return m_inner.resource(id);
    }
    Result<std::optional<Program>> program(const QString& id) const override { return m_inner.program(id); }
    Result<std::optional<Membership>> membershipByCodeHash(const QByteArray& h) const override
    {
        reads << QStringLiteral("lookup");
        return lookupFails ? Result<std::optional<Membership>>(lookupError()) : m_inner.membershipByCodeHash(h);
    }
    Result<std::optional<Membership>> membershipByNumber(const QString& n) const override
    {
        reads << QStringLiteral("lookup");
        return lookupFails ? Result<std::optional<Membership>>(lookupError()) : m_inner.membershipByNumber(n);
    }
    Result<std::optional<Membership>> membershipById(const QString& id) const override
    {
        return m_inner.membershipById(id);
    }
    Result<std::optional<EPass>> ePassByCodeHash(const QByteArray& h) const override
    {
        reads << QStringLiteral("lookup");
        return lookupFails ? Result<std::optional<EPass>>(lookupError()) : m_inner.ePassByCodeHash(h);
    }
    Result<std::optional<EPass>> ePassById(const QString& id) const override { return m_inner.ePassById(id); }
    Result<int> used(const CredentialRef& c, const Module& m, Pool p, const QString& period) const override
    {
        return m_inner.used(c, m, p, period);
    }
    Result<std::optional<QDateTime>> lastUse(const CredentialRef& c, const QString& r) const override
    {
        return m_inner.lastUse(c, r);
    }
    Result<QDateTime> lastSync() const override { return m_inner.lastSync(); }

private:
    static Error lookupError() { return makeError(ErrorCode::Corrupt, QStringLiteral("lookup failed")); }
    const CacheView& m_inner;
};

EntitlementOverride setOverride(Entitlement e)
{
    return EntitlementOverride {EntitlementOverride::Op::Set, e.module, e};
}

} // namespace

class TestValidator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void reasons_data();
    void reasons();
    void dynamicTokens_data();
    void dynamicTokens();
    void storeFailureNeverAdmits();
    void lookupAfterTheResourceAsBefore();
    void timeZoneBoundaries_data();
    void timeZoneBoundaries();
    void periodKeys_data();
    void periodKeys();
    void periodKeysAsTheArgFormulas();
    void quotaPeriods_data();
    void quotaPeriods();
    void poolsAndGuests_data();
    void poolsAndGuests();
    void overridesAndTierChange_data();
    void overridesAndTierChange();
    void ePassOneUsagePerVisitAndVoidRefunds();
    void ePassIsImmutable();
    void registeredNowUsableEverywhere_data();
    void registeredNowUsableEverywhere();
    void recentlyUsedHoldsWhenClockMovesBack_data();
    void recentlyUsedHoldsWhenClockMovesBack();

private:
    QByteArray add(const QString& name, Membership m, const QString& code);
    QByteArray add(const QString& name, EPass e, const QString& code);

    TempStore m_ts;
    QMap<QString, QByteArray> m_codes; ///< fixture name -> scanned bytes
};

QByteArray TestValidator::add(const QString& name, Membership m, const QString& code)
{
    m.id = name;
    m.codeHash = CredentialCode::hashOf(code);
    [&] { QVERIFY(m_ts.store->upsertMembership(m)); }();
    m_codes.insert(name, code.toUtf8());
    return code.toUtf8();
}

QByteArray TestValidator::add(const QString& name, EPass e, const QString& code)
{
    e.id = name;
    e.codeHash = CredentialCode::hashOf(code);
    [&] { QVERIFY(m_ts.store->upsertEPass(e)); }();
    m_codes.insert(name, code.toUtf8());
    return code.toUtf8();
}

void TestValidator::initTestCase()
{
    QVERIFY(m_ts.open());
    Store& s = *m_ts.store;
    ChangePage page;
    page.resources = {resource(QStringLiteral("R-HKG")),
                      resource(QStringLiteral("R-LHR"), QStringLiteral("LOUNGE"), QStringLiteral("LHR"),
                               QStringLiteral("Europe/London")),
                      resource(QStringLiteral("R-NY"), QStringLiteral("LOUNGE"), QStringLiteral("JFK"),
                               QStringLiteral("America/New_York")),
                      resource(QStringLiteral("R-FT"), QStringLiteral("FAST_TRACK")),
                      resource(QStringLiteral("R-BADTZ"), QStringLiteral("LOUNGE"), QStringLiteral("XXX"),
                               QStringLiteral("Mars/Olympus_Mons"))};
    Resource dyn = resource(QStringLiteral("R-DYN"));
    dyn.requireDynamic = true;
    page.resources << dyn;
    const Entitlement goldLounge
        = entitlement(Allowance::of(2), Allowance::of(1), Allowance::none(), 1, QuotaPeriod::Year);
    const Entitlement goldFt
        = entitlement(Allowance::of(1), {}, {}, 0, QuotaPeriod::Year, QStringLiteral("FAST_TRACK"));
    page.programs = {program(QStringLiteral("GOLD"), {goldLounge, goldFt}),
                     program(QStringLiteral("CLASSIC"), {entitlement(Allowance::of(4))})};
    Program dynProgram = program(QStringLiteral("DYNONLY"), {goldLounge});
    dynProgram.requireDynamic = true;
    page.programs << dynProgram;
    QVERIFY(s.applyChangePage(page));
    QVERIFY(s.setLastSync(kNow.addSecs(-3600)));

    QString code;
    auto m = [&](MembershipStatus st = MembershipStatus::Active, QDate from = QDate(2020, 1, 1),
                 QDate to = QDate(2035, 12, 31)) {
        return membership(QString(), QStringLiteral("GOLD"), &code, st, from, to);
    };
    add(QStringLiteral("active"), m(), code);
    {
        Membership typed = m();
        typed.number = QStringLiteral("6001234599990001");
        add(QStringLiteral("typedNumber"), typed, code);
        m_codes[QStringLiteral("typedNumber")] = "6001 2345 9999 0001";
    }
    add(QStringLiteral("pending"), m(MembershipStatus::Pending), code);
    add(QStringLiteral("suspended"), m(MembershipStatus::Suspended), code);
    add(QStringLiteral("cancelled"), m(MembershipStatus::Cancelled), code);
    add(QStringLiteral("expiredStatus"), m(MembershipStatus::Expired), code);
    add(QStringLiteral("suspendedAndPast"), m(MembershipStatus::Suspended, QDate(2020, 1, 1), QDate(2021, 1, 1)), code);
    add(QStringLiteral("notYet"), m(MembershipStatus::Active, QDate(2026, 11, 28)), code);
    add(QStringLiteral("pastValidTo"), m(MembershipStatus::Active, QDate(2020, 1, 1), QDate(2026, 11, 26)), code);
    add(QStringLiteral("lastDay"), m(MembershipStatus::Active, QDate(2020, 1, 1), QDate(2026, 11, 27)), code);
    add(QStringLiteral("firstDay"), m(MembershipStatus::Active, QDate(2026, 11, 27)), code);
    {
        Membership x = m();
        x.overrides = {EntitlementOverride {EntitlementOverride::Op::Remove, QStringLiteral("LOUNGE"), {}}};
        add(QStringLiteral("noLounge"), x, code);
    }
    {
        Entitlement e = goldLounge;
        e.validTo = QDate(2026, 11, 1);
        Membership x = m();
        x.overrides = {setOverride(e)};
        add(QStringLiteral("entitlementOver"), x, code);
        e.validTo.reset();
        e.validFrom = QDate(2026, 12, 1);
        x = m();
        x.overrides = {setOverride(e)};
        add(QStringLiteral("entitlementFuture"), x, code);
        e.validFrom.reset();
        e.scope = Scope {{}, {QStringLiteral("SIN")}};
        x = m();
        x.overrides = {setOverride(e)};
        add(QStringLiteral("airportScopeSIN"), x, code);
        e.scope = Scope {{}, {QStringLiteral("hkg")}};
        x = m();
        x.overrides = {setOverride(e)};
        add(QStringLiteral("airportScopeHKG"), x, code);
        e.scope = Scope {{QStringLiteral("R-LHR")}, {}};
        x = m();
        x.overrides = {setOverride(e)};
        add(QStringLiteral("resourceScopeLHR"), x, code);
    }
    add(QStringLiteral("exhausted"), m(), code);
    QVERIFY(s.setUsage({{CredentialKind::Membership, QStringLiteral("exhausted")},
                        QStringLiteral("LOUNGE"),
                        Pool::Cardholder,
                        QStringLiteral("Y2026"),
                        2}));
    add(QStringLiteral("exhaustedLastYear"), m(), code); // last year's counter does not count this year
    QVERIFY(s.setUsage({{CredentialKind::Membership, QStringLiteral("exhaustedLastYear")},
                        QStringLiteral("LOUNGE"),
                        Pool::Cardholder,
                        QStringLiteral("Y2025"),
                        2}));
    add(QStringLiteral("guestUsed"), m(), code);
    QVERIFY(s.setUsage({{CredentialKind::Membership, QStringLiteral("guestUsed")},
                        QStringLiteral("LOUNGE"),
                        Pool::Guest,
                        QStringLiteral("Y2026"),
                        1}));
    {
        Membership x = m();
        x.tiers = {TierAssignment {QStringLiteral("NO-SUCH-TIER"), QDateTime()}};
        add(QStringLiteral("unknownTier"), x, code);
        x = m();
        x.tiers = {TierAssignment {QStringLiteral("DYNONLY"), QDateTime()}};
        add(QStringLiteral("dynamicTier"), x, code);
    }
    add(QStringLiteral("recent"), m(), code);
    add(QStringLiteral("recentAndExhausted"), m(), code);
    {
        FixedClock earlier(kNow.addSecs(-120));
        AccessService service(s, earlier, {QStringLiteral("T1"), QStringLiteral("R-HKG"), QStringLiteral("S"), 0, 0});
        for (const char* name : {"recent", "recentAndExhausted"}) {
            auto r = service.redeem(ScanInput {m_codes.value(QLatin1String(name)), 1});
            QVERIFY(r && r->recorded);
        }
        QVERIFY(s.setUsage({{CredentialKind::Membership, QStringLiteral("recentAndExhausted")},
                            QStringLiteral("LOUNGE"),
                            Pool::Cardholder,
                            QStringLiteral("Y2026"),
                            1}));
    }

    auto e = [&](int usages = 3, QDate from = QDate(2020, 1, 1), QDate to = QDate(2035, 12, 31),
                 const char* module = "LOUNGE") {
        return ePass(QString(), &code, usages, from, to, QLatin1String(module));
    };
    add(QStringLiteral("epass"), e(), code);
    {
        EPass x = e();
        x.status = EPassStatus::Revoked;
        add(QStringLiteral("epassRevoked"), x, code);
        x = e(3, QDate(2020, 1, 1), QDate(2021, 1, 1));
        x.status = EPassStatus::Revoked;
        add(QStringLiteral("epassRevokedAndPast"), x, code);
    }
    add(QStringLiteral("epassNotYet"), e(3, QDate(2026, 11, 28)), code);
    add(QStringLiteral("epassExpired"), e(3, QDate(2020, 1, 1), QDate(2026, 11, 26)), code);
    add(QStringLiteral("epassFastTrack"), e(3, QDate(2020, 1, 1), QDate(2035, 12, 31), "FAST_TRACK"), code);
    {
        EPass x = e();
        x.scope = Scope {{QStringLiteral("R-LHR")}, {}};
        add(QStringLiteral("epassScopeLHR"), x, code);
        x = e();
        x.scope = Scope {{}, {QStringLiteral("HKG")}};
        add(QStringLiteral("epassScopeHKG"), x, code);
        x = e(3, QDate(2020, 1, 1), QDate(2021, 1, 1));
        x.scope = Scope {{QStringLiteral("R-LHR")}, {}};
        add(QStringLiteral("epassExpiredAndOutOfScope"), x, code);
    }
    add(QStringLiteral("epassZero"), e(0), code);
    m_codes.insert(QStringLiteral("unseeded"), CredentialCode::generate(CredentialKind::Membership).toUtf8());
    m_codes.insert(QStringLiteral("unseededNumber"), "99999999");
    m_codes.insert(QStringLiteral("garbage"), "M1DESMARAIS/LUC       EABC123 YULFRAAC 0834");
    m_codes.insert(QStringLiteral("token"), "L1T" + CredentialCode::base32Encode("0123456789").toUtf8());
}

void TestValidator::reasons_data()
{
    QTest::addColumn<QString>("credential");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<int>("party");
    QTest::addColumn<int>("staleAfter");
    QTest::addColumn<Verdict>("verdict");
    QTest::addColumn<Reason>("reason");

    const QString hkg = QStringLiteral("R-HKG");
    auto row
        = [&](const char* name, const char* cred, const QString& res, int party, Verdict v, Reason r, int stale = 0) {
              QTest::newRow(name) << QString::fromLatin1(cred) << res << party << stale << v << r;
          };
    const auto A = Verdict::Accept;
    const auto T = Verdict::Attention;
    const auto R = Verdict::Reject;
    // One row per reason code (and the boundaries of each rule).
    row("OK membership", "active", hkg, 1, A, Reason::Ok);
    row("OK membership + guest", "active", hkg, 2, A, Reason::Ok);
    row("OK typed membership number", "typedNumber", hkg, 1, A, Reason::Ok);
    row("OK E-pass", "epass", hkg, 1, A, Reason::Ok);
    row("MALFORMED_CODE", "garbage", hkg, 1, R, Reason::MalformedCode);
    row("UNKNOWN_CODE static", "unseeded", hkg, 1, R, Reason::UnknownCode);
    row("UNKNOWN_CODE number", "unseededNumber", hkg, 1, R, Reason::UnknownCode);
    row("UNKNOWN_CODE token without verifier", "token", hkg, 1, R, Reason::UnknownCode);
    row("UNKNOWN_CODE tier not in cache", "unknownTier", hkg, 1, R, Reason::UnknownCode);
    row("UNKNOWN_RESOURCE", "active", QStringLiteral("R-NOPE"), 1, R, Reason::UnknownResource);
    row("PENDING_ACTIVATION", "pending", hkg, 1, R, Reason::PendingActivation);
    row("SUSPENDED", "suspended", hkg, 1, R, Reason::Suspended);
    row("CANCELLED", "cancelled", hkg, 1, R, Reason::Cancelled);
    row("EXPIRED status", "expiredStatus", hkg, 1, R, Reason::Expired);
    row("EXPIRED validTo yesterday", "pastValidTo", hkg, 1, R, Reason::Expired);
    row("OK validTo today (inclusive)", "lastDay", hkg, 1, A, Reason::Ok);
    row("NOT_YET_VALID validFrom tomorrow", "notYet", hkg, 1, R, Reason::NotYetValid);
    row("OK validFrom today (inclusive)", "firstDay", hkg, 1, A, Reason::Ok);
    row("WRONG_MODULE entitlement removed", "noLounge", hkg, 1, R, Reason::WrongModule);
    row("OK other module entitlement", "active", QStringLiteral("R-FT"), 1, A, Reason::Ok);
    row("EXPIRED entitlement window", "entitlementOver", hkg, 1, R, Reason::Expired);
    row("NOT_YET_VALID entitlement window", "entitlementFuture", hkg, 1, R, Reason::NotYetValid);
    row("OUT_OF_SCOPE airport", "airportScopeSIN", hkg, 1, R, Reason::OutOfScope);
    row("OK airport scope (case-insensitive)", "airportScopeHKG", hkg, 1, A, Reason::Ok);
    row("OUT_OF_SCOPE resource", "resourceScopeLHR", hkg, 1, R, Reason::OutOfScope);
    row("OK resource scope", "resourceScopeLHR", QStringLiteral("R-LHR"), 1, A, Reason::Ok);
    row("TOO_MANY_GUESTS", "active", hkg, 3, R, Reason::TooManyGuests);
    row("NO_VISITS_LEFT cardholder", "exhausted", hkg, 1, R, Reason::NoVisitsLeft);
    row("OK last year's counter", "exhaustedLastYear", hkg, 1, A, Reason::Ok);
    row("NO_VISITS_LEFT guest pool", "guestUsed", hkg, 2, R, Reason::NoVisitsLeft);
    row("OK holder alone, guest pool used", "guestUsed", hkg, 1, A, Reason::Ok);
    row("RECENTLY_USED", "recent", hkg, 1, T, Reason::RecentlyUsed);
    row("OK recently used elsewhere", "recent", QStringLiteral("R-LHR"), 1, A, Reason::Ok);
    row("CACHE_STALE", "active", hkg, 1, T, Reason::CacheStale, 600);
    row("OK cache fresh enough", "active", hkg, 1, A, Reason::Ok, 7200);
    row("DYNAMIC_REQUIRED resource", "active", QStringLiteral("R-DYN"), 1, R, Reason::DynamicRequired);
    row("DYNAMIC_REQUIRED tier", "dynamicTier", hkg, 1, R, Reason::DynamicRequired);
    row("DYNAMIC_REQUIRED E-pass", "epass", QStringLiteral("R-DYN"), 1, R, Reason::DynamicRequired);
    row("REVOKED", "epassRevoked", hkg, 1, R, Reason::Revoked);
    row("NOT_YET_VALID E-pass", "epassNotYet", hkg, 1, R, Reason::NotYetValid);
    row("EXPIRED E-pass", "epassExpired", hkg, 1, R, Reason::Expired);
    row("WRONG_MODULE E-pass", "epassFastTrack", hkg, 1, R, Reason::WrongModule);
    row("OUT_OF_SCOPE E-pass resource", "epassScopeLHR", hkg, 1, R, Reason::OutOfScope);
    row("OK E-pass airport scope", "epassScopeHKG", hkg, 1, A, Reason::Ok);
    row("TOO_MANY_GUESTS E-pass is personal", "epass", hkg, 2, R, Reason::TooManyGuests);
    row("NO_VISITS_LEFT E-pass", "epassZero", hkg, 1, R, Reason::NoVisitsLeft);
    row("unknown time zone judged in UTC", "active", QStringLiteral("R-BADTZ"), 1, A, Reason::Ok);
    // Check order: status before validity, validity before scope, rejections before attentions.
    row("order: status before validity", "suspendedAndPast", hkg, 1, R, Reason::Suspended);
    row("order: revoked before validity", "epassRevokedAndPast", hkg, 1, R, Reason::Revoked);
    row("order: validity before scope", "epassExpiredAndOutOfScope", hkg, 1, R, Reason::Expired);
    row("order: module before guests", "epassFastTrack", hkg, 2, R, Reason::WrongModule);
    row("order: rejection before attention", "recentAndExhausted", hkg, 1, R, Reason::NoVisitsLeft);
    row("order: recently used before stale", "recent", hkg, 1, T, Reason::RecentlyUsed, 600);
}

void TestValidator::reasons()
{
    QFETCH(QString, credential);
    QFETCH(QString, resource);
    QFETCH(int, party);
    QFETCH(int, staleAfter);
    QFETCH(Verdict, verdict);
    QFETCH(Reason, reason);

    QVERIFY2(m_codes.contains(credential), qPrintable(credential));
    const FixedClock clock(kNow);
    const TerminalContext terminal {QStringLiteral("T1"), resource, QStringLiteral("S"), 300, staleAfter};
    const Decision d = Validator::validate(ScanInput {m_codes.value(credential), party}, *m_ts.store, terminal, clock);
    QCOMPARE(toString(d.reason), toString(reason));
    QCOMPARE(toString(d.verdict), toString(verdict));
    QCOMPARE(d.at, kNow);
    if (verdict == Verdict::Reject) {
        QVERIFY(d.uses.isEmpty()); // a rejection never consumes anything
    } else {
        QVERIFY(!d.uses.isEmpty());
        int persons = 0;
        for (const auto& u : d.uses) {
            persons += u.count;
        }
        QCOMPARE(persons, party);
    }
}

void TestValidator::dynamicTokens_data()
{
    QTest::addColumn<int>("verifierReason"); // -1 = verified
    QTest::addColumn<QString>("resource");
    QTest::addColumn<Reason>("reason");
    const QString hkg = QStringLiteral("R-HKG");
    for (Reason r : {Reason::BadSignature, Reason::TokenExpired, Reason::TokenNotYetValid, Reason::UnknownKey,
                     Reason::ClockUnknown, Reason::MalformedCode}) {
        QTest::newRow(qPrintable(toString(r))) << int(r) << hkg << r;
    }
    QTest::newRow("verified, static-only resource") << -1 << hkg << Reason::Ok;
    QTest::newRow("verified, dynamic-required resource") << -1 << QStringLiteral("R-DYN") << Reason::Ok;
}

void TestValidator::dynamicTokens()
{
    QFETCH(int, verifierReason);
    QFETCH(QString, resource);
    QFETCH(Reason, reason);
    FakeVerifier verifier;
    if (verifierReason >= 0) {
        verifier.result = Reason(verifierReason);
    } else {
        TokenVerifier::Verified ok;
        ok.credential = {CredentialKind::Membership, QStringLiteral("active")};
        ok.tokenId = "tok-1";
        verifier.result = ok;
    }
    const FixedClock clock(kNow);
    const TerminalContext terminal {QStringLiteral("T1"), resource, QStringLiteral("S"), 0, 0};
    const Decision d = Validator::validate(ScanInput {m_codes.value(QStringLiteral("token")), 1}, *m_ts.store, terminal,
                                           clock, &verifier);
    QCOMPARE(toString(d.reason), toString(reason));
    QCOMPARE(d.verdict == Verdict::Accept, reason == Reason::Ok);
    if (reason == Reason::Ok) {
        QVERIFY(d.dynamicCode);
        QCOMPARE(d.tokenId, QByteArray("tok-1"));
        QCOMPARE(d.credential->id, QStringLiteral("active"));
    }
}

void TestValidator::storeFailureNeverAdmits()
{
    const BrokenCache broken(*m_ts.store);
    const FixedClock clock(kNow);
    const TerminalContext terminal {QStringLiteral("T1"), QStringLiteral("R-HKG"), QStringLiteral("S"), 0, 0};
    for (const char* name : {"active", "epass"}) {
        const Decision d
            = Validator::validate(ScanInput {m_codes.value(QLatin1String(name)), 1}, broken, terminal, clock);
        QCOMPARE(toString(d.reason), toString(Reason::StoreUnavailable));
        QCOMPARE(toString(d.verdict), toString(Verdict::Reject));
    }
}

void TestValidator::lookupAfterTheResourceAsBefore()
{
    // A static code is looked up before the resource is read (one statement fewer per validation), but its result
    // counts only after the resource's, as when it was read second: a failed or missing resource decides first.
    const FixedClock clock(kNow);
    const TerminalContext terminal {QStringLiteral("T1"), QStringLiteral("R-HKG"), QStringLiteral("S"), 0, 0};
    for (const QByteArray& code :
         {m_codes.value(QStringLiteral("active")), m_codes.value(QStringLiteral("epass")), QByteArray("12345678901"),
          QByteArray("L1MAAAAAAAAAAAAAAAAAAAAAAAAAAA"), CredentialCode::generate(CredentialKind::Membership).toUtf8(),
          CredentialCode::generate(CredentialKind::EPass).toUtf8()}) {
        for (int script = 0; script < 8; ++script) {
            ScriptedCache cache(*m_ts.store);
            cache.resourceFails = script & 1;
            cache.resourceMissing = script & 2;
            cache.lookupFails = script & 4;
            const Decision d = Validator::validate(ScanInput {code, 1}, cache, terminal, clock);
            const QString where = QStringLiteral("%1, script %2: %3 %4")
                                      .arg(QString::fromLatin1(code))
                                      .arg(script)
                                      .arg(toString(d.reason), d.detail);
            const Decision plain = Validator::validate(ScanInput {code, 1}, *m_ts.store, terminal, clock);
            if (plain.reason == Reason::MalformedCode) {
                QVERIFY2(d.reason == plain.reason && cache.reads.isEmpty(), qPrintable(where)); // decided by the parse
                continue;
            }
            if (cache.resourceFails) {
                QVERIFY2(d.reason == Reason::StoreUnavailable && d.detail.contains(QLatin1String("resource read")),
                         qPrintable(where));
            } else if (cache.resourceMissing) {
                QVERIFY2(d.reason == Reason::UnknownResource, qPrintable(where));
            } else if (cache.lookupFails) {
                QVERIFY2(d.reason == Reason::StoreUnavailable && d.detail.contains(QLatin1String("lookup failed")),
                         qPrintable(where));
            } else {
                QVERIFY2(d.reason == plain.reason && d.detail == plain.detail, qPrintable(where));
            }
            QCOMPARE(d.verdict == Verdict::Accept,
                     !cache.resourceFails && !cache.resourceMissing && !cache.lookupFails
                         && plain.verdict == Verdict::Accept);
            QVERIFY2(cache.reads.size() >= 2 && cache.reads.at(0) == QLatin1String("lookup")
                         && cache.reads.at(1) == QLatin1String("resource"),
                     qPrintable(where + QLatin1Char(' ') + cache.reads.join(QLatin1Char(','))));
        }
    }
}

void TestValidator::timeZoneBoundaries_data()
{
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QDate>("activation");
    QTest::addColumn<QDate>("expiration");
    QTest::addColumn<QDateTime>("at");
    QTest::addColumn<Reason>("reason");
    const QString ny = QStringLiteral("R-NY");
    const QString lhr = QStringLiteral("R-LHR");
    const QString hkg = QStringLiteral("R-HKG");
    const QDate any(2020, 1, 1);
    const QDate far(2035, 12, 31);
    // Hong Kong, no DST: local midnight is 16:00 UTC the day before.
    QTest::newRow("HKG last second of expiry day")
        << hkg << any << QDate(2026, 11, 27) << utc("2026-11-27T15:59:59Z") << Reason::Ok;
    QTest::newRow("HKG local midnight after expiry")
        << hkg << any << QDate(2026, 11, 27) << utc("2026-11-27T16:00:00Z") << Reason::Expired;
    QTest::newRow("HKG before local midnight of activation")
        << hkg << QDate(2026, 11, 28) << far << utc("2026-11-27T15:59:59Z") << Reason::NotYetValid;
    QTest::newRow("HKG activation at local midnight (UTC still the day before)")
        << hkg << QDate(2026, 11, 28) << far << utc("2026-11-27T16:00:00Z") << Reason::Ok;
    // New York, spring forward on 2027-03-14 (EST -5 -> EDT -4): the day ends at 04:00 UTC, not 05:00.
    QTest::newRow("NY DST start day, 23:59:59 EDT")
        << ny << any << QDate(2027, 3, 14) << utc("2027-03-15T03:59:59Z") << Reason::Ok;
    QTest::newRow("NY DST start day, midnight EDT")
        << ny << any << QDate(2027, 3, 14) << utc("2027-03-15T04:00:00Z") << Reason::Expired;
    QTest::newRow("NY DST start day begins at 05:00 UTC (EST)")
        << ny << QDate(2027, 3, 14) << far << utc("2027-03-14T04:59:59Z") << Reason::NotYetValid;
    QTest::newRow("NY DST start day, 00:00 EST")
        << ny << QDate(2027, 3, 14) << far << utc("2027-03-14T05:00:00Z") << Reason::Ok;
    // New York, fall back on 2026-11-01 (EDT -4 -> EST -5): the 25-hour day ends at 05:00 UTC.
    QTest::newRow("NY DST end day, 23:59:59 EST")
        << ny << any << QDate(2026, 11, 1) << utc("2026-11-02T04:59:59Z") << Reason::Ok;
    QTest::newRow("NY DST end day, midnight EST")
        << ny << any << QDate(2026, 11, 1) << utc("2026-11-02T05:00:00Z") << Reason::Expired;
    QTest::newRow("NY DST end day, repeated 01:30 hour (EST)")
        << ny << any << QDate(2026, 11, 1) << utc("2026-11-01T06:30:00Z") << Reason::Ok;
    // London, spring forward on 2027-03-28 (GMT -> BST): the day ends at 23:00 UTC.
    QTest::newRow("LHR DST start day, 23:59:59 BST")
        << lhr << any << QDate(2027, 3, 28) << utc("2027-03-28T22:59:59Z") << Reason::Ok;
    QTest::newRow("LHR DST start day, midnight BST")
        << lhr << any << QDate(2027, 3, 28) << utc("2027-03-28T23:00:00Z") << Reason::Expired;
    QTest::newRow("LHR winter, midnight GMT = UTC")
        << lhr << any << QDate(2026, 12, 1) << utc("2026-12-02T00:00:00Z") << Reason::Expired;
}

void TestValidator::timeZoneBoundaries()
{
    QFETCH(QString, resource);
    QFETCH(QDate, activation);
    QFETCH(QDate, expiration);
    QFETCH(QDateTime, at);
    QFETCH(Reason, reason);
    TempStore ts;
    QVERIFY(ts.open());
    ChangePage page;
    page.resources = {
        resource == QLatin1String("R-NY") ? test::resource(resource, QStringLiteral("LOUNGE"), QStringLiteral("JFK"),
                                                           QStringLiteral("America/New_York"))
            : resource == QLatin1String("R-LHR")
            ? test::resource(resource, QStringLiteral("LOUNGE"), QStringLiteral("LHR"), QStringLiteral("Europe/London"))
            : test::resource(resource)};
    QString code;
    page.ePasses = {ePass(QStringLiteral("E1"), &code, 1, activation, expiration)};
    page.programs = {program(QStringLiteral("P"), {entitlement(Allowance::of(1))})};
    QString mcode;
    page.memberships = {membership(QStringLiteral("M1"), QStringLiteral("P"), &mcode, MembershipStatus::Active,
                                   activation, expiration)};
    QVERIFY(ts.store->applyChangePage(page));
    const FixedClock clock(at);
    const TerminalContext terminal {QStringLiteral("T1"), resource, QStringLiteral("S"), 0, 0};
    // The same boundary holds for an E-pass and for a membership.
    for (const QString& c : {code, mcode}) {
        const Decision d = Validator::validate(ScanInput {c.toUtf8(), 1}, *ts.store, terminal, clock);
        QCOMPARE(toString(d.reason), toString(reason));
    }
}

void TestValidator::periodKeys_data()
{
    QTest::addColumn<QuotaPeriod>("period");
    QTest::addColumn<QDate>("date");
    QTest::addColumn<QString>("key");
    QTest::newRow("validity") << QuotaPeriod::Validity << QDate(2026, 11, 27) << QStringLiteral("V");
    QTest::newRow("year") << QuotaPeriod::Year << QDate(2026, 11, 27) << QStringLiteral("Y2026");
    QTest::newRow("month padded") << QuotaPeriod::Month << QDate(2026, 3, 1) << QStringLiteral("M2026-03");
    QTest::newRow("month") << QuotaPeriod::Month << QDate(2026, 11, 27) << QStringLiteral("M2026-11");
    QTest::newRow("day") << QuotaPeriod::Day << QDate(2026, 2, 5) << QStringLiteral("D2026-02-05");
    QTest::newRow("leap day") << QuotaPeriod::Day << QDate(2028, 2, 29) << QStringLiteral("D2028-02-29");
}

void TestValidator::periodKeys()
{
    QFETCH(QuotaPeriod, period);
    QFETCH(QDate, date);
    QFETCH(QString, key);
    QCOMPARE(Validator::periodKey(period, date), key);
}

void TestValidator::periodKeysAsTheArgFormulas()
{
    // periodKey builds its text without QString::arg (issue 16): the same text as the formulas it replaced, for every
    // kind of date a clock can give (and an invalid one, years before 1000, after 9999 and before year 1).
    const auto old = [](QuotaPeriod period, const QDate& d) {
        switch (period) {
        case QuotaPeriod::Validity:
            return QStringLiteral("V");
        case QuotaPeriod::Year:
            return QStringLiteral("Y%1").arg(d.year());
        case QuotaPeriod::Month:
            return QStringLiteral("M%1-%2").arg(d.year()).arg(d.month(), 2, 10, QLatin1Char('0'));
        case QuotaPeriod::Day:
            return QLatin1Char('D') + d.toString(Qt::ISODate);
        }
        return QString();
    };
    QList<QDate> dates {QDate(),           QDate(1, 1, 1),      QDate(999, 12, 31),
                        QDate(-44, 3, 15), QDate(9999, 12, 31), QDate(10000, 1, 1),
                        QDate(2026, 1, 9), QDate(2026, 10, 10)};
    for (qint64 jd = QDate(1990, 1, 1).toJulianDay(); jd < QDate(2060, 1, 1).toJulianDay(); jd += 13) {
        dates.append(QDate::fromJulianDay(jd));
    }
    for (const QDate& d : dates) {
        for (QuotaPeriod p : {QuotaPeriod::Validity, QuotaPeriod::Year, QuotaPeriod::Month, QuotaPeriod::Day}) {
            QCOMPARE(Validator::periodKey(p, d), old(p, d));
        }
    }
}

void TestValidator::quotaPeriods_data()
{
    QTest::addColumn<QuotaPeriod>("period");
    QTest::addColumn<QDateTime>("first");
    QTest::addColumn<QDateTime>("second");
    QTest::addColumn<Reason>("reason");
    // Hong Kong (UTC+8): the local day changes at 16:00 UTC, so a UTC-keyed period would get these wrong.
    QTest::newRow("day, same local day") << QuotaPeriod::Day << utc("2026-11-27T02:00:00Z")
                                         << utc("2026-11-27T15:50:00Z") << Reason::NoVisitsLeft;
    QTest::newRow("day, after local midnight (same UTC day)")
        << QuotaPeriod::Day << utc("2026-11-27T15:30:00Z") << utc("2026-11-27T16:30:00Z") << Reason::Ok;
    QTest::newRow("day, same UTC date, different local days")
        << QuotaPeriod::Day << utc("2026-11-27T00:30:00Z") << utc("2026-11-27T23:00:00Z") << Reason::Ok;
    QTest::newRow("month, same local month (UTC says next month)")
        << QuotaPeriod::Month << utc("2026-11-30T16:10:00Z") << utc("2026-12-01T08:00:00Z") << Reason::NoVisitsLeft;
    QTest::newRow("month, after local month end")
        << QuotaPeriod::Month << utc("2026-11-30T15:00:00Z") << utc("2026-11-30T16:10:00Z") << Reason::Ok;
    QTest::newRow("year, same local year")
        << QuotaPeriod::Year << utc("2026-01-01T00:00:00Z") << utc("2026-12-31T15:59:00Z") << Reason::NoVisitsLeft;
    QTest::newRow("year, local new year")
        << QuotaPeriod::Year << utc("2026-12-31T15:00:00Z") << utc("2026-12-31T16:00:00Z") << Reason::Ok;
    QTest::newRow("validity, next year still used")
        << QuotaPeriod::Validity << utc("2026-01-01T00:00:00Z") << utc("2027-06-01T00:00:00Z") << Reason::NoVisitsLeft;
}

void TestValidator::quotaPeriods()
{
    QFETCH(QuotaPeriod, period);
    QFETCH(QDateTime, first);
    QFETCH(QDateTime, second);
    QFETCH(Reason, reason);
    TempStore ts;
    QVERIFY(ts.open());
    ChangePage page;
    page.resources = {resource(QStringLiteral("R-HKG"))};
    page.programs = {program(QStringLiteral("P"), {entitlement(Allowance::of(1), {}, {}, 0, period)})};
    QString code;
    page.memberships = {membership(QStringLiteral("M1"), QStringLiteral("P"), &code)};
    QVERIFY(ts.store->applyChangePage(page));
    FixedClock clock(first);
    AccessService service(*ts.store, clock, {QStringLiteral("T1"), QStringLiteral("R-HKG"), QStringLiteral("S"), 0, 0});
    auto r = service.redeem(ScanInput {code.toUtf8(), 1});
    QVERIFY(r && r->recorded);
    QCOMPARE(r->uses.size(), 1);
    QCOMPARE(r->uses.first().period,
             Validator::periodKey(period, Validator::localDate(first, QStringLiteral("Asia/Hong_Kong"))));
    clock.set(second);
    const Decision d = service.check(ScanInput {code.toUtf8(), 1});
    QCOMPARE(toString(d.reason), toString(reason));
}

void TestValidator::poolsAndGuests_data()
{
    QTest::addColumn<Entitlement>("ent");
    QTest::addColumn<QList<int>>("usedBefore"); // cardholder, guest, shared
    QTest::addColumn<int>("party");
    QTest::addColumn<Reason>("reason");
    QTest::addColumn<QList<int>>("takes"); // persons this visit takes from cardholder, guest, shared
    QTest::addColumn<int>("guestsAllowed");
    const auto n = Allowance::none();
    auto of = [](int k) { return Allowance::of(k); };
    const auto inf = Allowance::infinite();
    QTest::newRow("holder from cardholder pool")
        << entitlement(of(2)) << QList<int> {0, 0, 0} << 1 << Reason::Ok << QList<int> {1, 0, 0} << 0;
    QTest::newRow("holder falls back to shared")
        << entitlement(of(1), n, of(3)) << QList<int> {1, 0, 0} << 1 << Reason::Ok << QList<int> {0, 0, 1} << 0;
    QTest::newRow("guests from guest pool")
        << entitlement(of(5), of(2), n, 2) << QList<int> {0, 0, 0} << 3 << Reason::Ok << QList<int> {1, 2, 0} << 2;
    QTest::newRow("guests overflow to shared")
        << entitlement(of(5), of(1), of(5), 3) << QList<int> {0, 0, 0} << 4 << Reason::Ok << QList<int> {1, 1, 2} << 3;
    QTest::newRow("shared pool only (family)")
        << entitlement(n, n, of(10), 3) << QList<int> {0, 0, 0} << 4 << Reason::Ok << QList<int> {0, 0, 4} << 3;
    QTest::newRow("holder takes shared before guests")
        << entitlement(n, n, of(2), 3) << QList<int> {0, 0, 0} << 3 << Reason::NoVisitsLeft << QList<int> {} << 1;
    QTest::newRow("unlimited cardholder")
        << entitlement(inf) << QList<int> {99, 0, 0} << 1 << Reason::Ok << QList<int> {1, 0, 0} << 0;
    QTest::newRow("unlimited guests") << entitlement(of(1), inf, n, 4) << QList<int> {0, 50, 0} << 5 << Reason::Ok
                                      << QList<int> {1, 4, 0} << 4;
    QTest::newRow("more guests than per visit")
        << entitlement(of(5), of(5), n, 1) << QList<int> {0, 0, 0} << 3 << Reason::TooManyGuests << QList<int> {} << 1;
    QTest::newRow("no guests on this tier")
        << entitlement(of(5)) << QList<int> {0, 0, 0} << 2 << Reason::TooManyGuests << QList<int> {} << 0;
    QTest::newRow("holder not covered, guests would be")
        << entitlement(n, of(5), n, 2) << QList<int> {0, 0, 0} << 1 << Reason::NoVisitsLeft << QList<int> {} << 0;
    QTest::newRow("guest pool used up, no shared")
        << entitlement(of(5), of(1), n, 1) << QList<int> {0, 1, 0} << 2 << Reason::NoVisitsLeft << QList<int> {} << 0;
    QTest::newRow("guest pool used up, shared covers")
        << entitlement(of(5), of(1), of(1), 1) << QList<int> {0, 1, 0} << 2 << Reason::Ok << QList<int> {1, 0, 1} << 1;
    QTest::newRow("offline overdraw counts as used")
        << entitlement(of(2)) << QList<int> {3, 0, 0} << 1 << Reason::NoVisitsLeft << QList<int> {} << 0;
}

void TestValidator::poolsAndGuests()
{
    QFETCH(Entitlement, ent);
    QFETCH(QList<int>, usedBefore);
    QFETCH(int, party);
    QFETCH(Reason, reason);
    QFETCH(QList<int>, takes);
    QFETCH(int, guestsAllowed);
    TempStore ts;
    QVERIFY(ts.open());
    ChangePage page;
    page.resources = {resource(QStringLiteral("R-HKG"))};
    page.programs = {program(QStringLiteral("P"), {ent})};
    QString code;
    page.memberships = {membership(QStringLiteral("M1"), QStringLiteral("P"), &code)};
    const Pool pools[] = {Pool::Cardholder, Pool::Guest, Pool::Shared};
    for (int i = 0; i < 3; ++i) {
        if (usedBefore[i] > 0) {
            page.usage << UsageCounter {{CredentialKind::Membership, QStringLiteral("M1")},
                                        QStringLiteral("LOUNGE"),
                                        pools[i],
                                        QStringLiteral("V"),
                                        usedBefore[i]};
        }
    }
    QVERIFY(ts.store->applyChangePage(page));
    FixedClock clock(kNow);
    AccessService service(*ts.store, clock, {QStringLiteral("T1"), QStringLiteral("R-HKG"), QStringLiteral("S"), 0, 0});
    auto r = service.redeem(ScanInput {code.toUtf8(), party});
    QVERIFY(r);
    QCOMPARE(toString(r->reason), toString(reason));
    QCOMPARE(r->guestsAllowed, guestsAllowed);
    QCOMPARE(r->recorded, reason == Reason::Ok);
    const Allowance allowances[] = {ent.cardholder, ent.guest, ent.shared};
    if (reason != Reason::TooManyGuests) {
        // The balances staff see: each pool's size and what is left (before this visit when refused; an offline
        // overdraw shows as negative).
        QCOMPARE(r->balances.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(r->balances[i].unlimited, allowances[i].unlimited);
            QCOMPARE(r->balances[i].allowance, allowances[i].unlimited ? 0 : allowances[i].count);
            if (!allowances[i].unlimited && reason != Reason::Ok) {
                QCOMPARE(r->balances[i].remaining, allowances[i].count - usedBefore[i]);
            }
        }
    }
    if (reason != Reason::Ok) {
        QVERIFY(r->uses.isEmpty());
        QCOMPARE(*ts.store->count(QStringLiteral("journal")), 0);
        return;
    }
    for (int i = 0; i < 3; ++i) {
        QVERIFY(r->balances[i].pool == pools[i]);
        QCOMPARE(r->balances[i].thisVisit, takes[i]);
        if (!allowances[i].unlimited) {
            QCOMPARE(r->balances[i].remaining, allowances[i].count - usedBefore[i] - takes[i]);
        }
        // The journal's counts are what the store reports as used now.
        QCOMPARE(*ts.store->used({CredentialKind::Membership, QStringLiteral("M1")}, QStringLiteral("LOUNGE"), pools[i],
                                 QStringLiteral("V")),
                 usedBefore[i] + takes[i]);
    }
}

void TestValidator::overridesAndTierChange_data()
{
    QTest::addColumn<QList<TierAssignment>>("tiers");
    QTest::addColumn<QList<EntitlementOverride>>("overrides");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QDateTime>("at");
    QTest::addColumn<int>("party");
    QTest::addColumn<Reason>("reason");
    QTest::addColumn<QString>("programName");
    const QList<TierAssignment> classic {{QStringLiteral("CLASSIC"), QDateTime()}};
    const QList<TierAssignment> upgrade {{QStringLiteral("CLASSIC"), QDateTime()},
                                         {QStringLiteral("GOLD"), utc("2026-11-27T00:00:00Z")}};
    const Entitlement ft
        = entitlement(Allowance::of(1), {}, {}, 0, QuotaPeriod::Validity, QStringLiteral("FAST_TRACK"));
    const Entitlement zero = entitlement(Allowance::of(0));
    const Entitlement guests = entitlement(Allowance::of(3), Allowance::of(3), Allowance::none(), 2);
    const EntitlementOverride removeLounge {EntitlementOverride::Op::Remove, QStringLiteral("LOUNGE"), {}};
    const QString hkg = QStringLiteral("R-HKG");
    const QString ftRes = QStringLiteral("R-FT");
    QTest::newRow("tier defaults") << classic << QList<EntitlementOverride> {} << hkg << kNow << 1 << Reason::Ok
                                   << QStringLiteral("CLASSIC tier");
    QTest::newRow("tier has no fast track") << classic << QList<EntitlementOverride> {} << ftRes << kNow << 1
                                            << Reason::WrongModule << QStringLiteral("CLASSIC tier");
    QTest::newRow("override adds fast track") << classic << QList<EntitlementOverride> {setOverride(ft)} << ftRes
                                              << kNow << 1 << Reason::Ok << QStringLiteral("CLASSIC tier");
    QTest::newRow("override removes lounge") << classic << QList<EntitlementOverride> {removeLounge} << hkg << kNow << 1
                                             << Reason::WrongModule << QStringLiteral("CLASSIC tier");
    QTest::newRow("override changes lounge to zero")
        << classic << QList<EntitlementOverride> {setOverride(zero)} << hkg << kNow << 1 << Reason::NoVisitsLeft
        << QStringLiteral("CLASSIC tier");
    QTest::newRow("override changes lounge to allow guests")
        << classic << QList<EntitlementOverride> {setOverride(guests)} << hkg << kNow << 3 << Reason::Ok
        << QStringLiteral("CLASSIC tier");
    QTest::newRow("remove then set again: last wins")
        << classic << QList<EntitlementOverride> {removeLounge, setOverride(guests)} << hkg << kNow << 2 << Reason::Ok
        << QStringLiteral("CLASSIC tier");
    QTest::newRow("before the upgrade: classic, no guests")
        << upgrade << QList<EntitlementOverride> {} << hkg << utc("2026-11-26T23:59:59Z") << 2 << Reason::TooManyGuests
        << QStringLiteral("CLASSIC tier");
    QTest::newRow("from the upgrade: gold, one guest")
        << upgrade << QList<EntitlementOverride> {} << hkg << utc("2026-11-27T00:00:00Z") << 2 << Reason::Ok
        << QStringLiteral("GOLD tier");
    QTest::newRow("upgrade adds fast track")
        << upgrade << QList<EntitlementOverride> {} << ftRes << kNow << 1 << Reason::Ok << QStringLiteral("GOLD tier");
    QTest::newRow("overrides survive a tier change") << upgrade << QList<EntitlementOverride> {removeLounge} << hkg
                                                     << kNow << 1 << Reason::WrongModule << QStringLiteral("GOLD tier");
}

void TestValidator::overridesAndTierChange()
{
    QFETCH(QList<TierAssignment>, tiers);
    QFETCH(QList<EntitlementOverride>, overrides);
    QFETCH(QString, resource);
    QFETCH(QDateTime, at);
    QFETCH(int, party);
    QFETCH(Reason, reason);
    QFETCH(QString, programName);
    QString code;
    Membership m = membership(QString::fromLatin1(QTest::currentDataTag()), QStringLiteral("GOLD"), &code);
    m.tiers = tiers;
    m.overrides = overrides;
    QVERIFY(m_ts.store->upsertMembership(m));
    const FixedClock clock(at);
    const TerminalContext terminal {QStringLiteral("T1"), resource, QStringLiteral("S"), 0, 0};
    const Decision d = Validator::validate(ScanInput {code.toUtf8(), party}, *m_ts.store, terminal, clock);
    QCOMPARE(toString(d.reason), toString(reason));
    QCOMPARE(d.programName, programName);
}

void TestValidator::ePassOneUsagePerVisitAndVoidRefunds()
{
    TempStore ts;
    QVERIFY(ts.open());
    ChangePage page;
    page.resources = {resource(QStringLiteral("R-HKG"))};
    QString code;
    page.ePasses = {ePass(QStringLiteral("E1"), &code, 2)};
    QVERIFY(ts.store->applyChangePage(page));
    FixedClock clock(kNow);
    AccessService service(*ts.store, clock, {QStringLiteral("T1"), QStringLiteral("R-HKG"), QStringLiteral("S"), 0, 0});
    QList<QUuid> ids;
    for (int i = 0; i < 2; ++i) {
        auto r = service.redeem(ScanInput {code.toUtf8(), 1});
        QVERIFY(r && r->recorded);
        QVERIFY(r->uses == (QList<PoolUse> {{QStringLiteral("LOUNGE"), Pool::Usages, QStringLiteral("V"), 1}}));
        QCOMPARE(r->balances.first().remaining, 1 - i);
        QCOMPARE(r->balances.first().allowance, 2);
        ids << r->redemptionId;
        clock.advance(60);
    }
    auto none = service.redeem(ScanInput {code.toUtf8(), 1});
    QVERIFY(none);
    QCOMPARE(toString(none->reason), toString(Reason::NoVisitsLeft));
    QCOMPARE(none->balances.size(), 1);
    QCOMPARE(none->balances.first().allowance, 2);
    QCOMPARE(none->balances.first().remaining, 0);
    QVERIFY(!none->recorded);
    auto v = service.voidRedemption(ids.first(), QStringLiteral("SUP"), QStringLiteral("wrong person"));
    QVERIFY(v);
    QCOMPARE(v->uses.first().count, -1);
    auto again = service.redeem(ScanInput {code.toUtf8(), 1});
    QVERIFY(again && again->recorded);
    // A void is not voided twice and is itself not voidable.
    QCOMPARE(int(service.voidRedemption(ids.first(), QStringLiteral("SUP"), {}).error().code),
             int(ErrorCode::Conflict));
    QCOMPARE(int(service.voidRedemption(v->id, QStringLiteral("SUP"), {}).error().code), int(ErrorCode::Conflict));
    QCOMPARE(*ts.store->count(QStringLiteral("journal")), 4); // 3 redemptions + 1 void, nothing deleted
}

void TestValidator::ePassIsImmutable()
{
    TempStore ts;
    QVERIFY(ts.open());
    QVERIFY(ts.store->upsertResource(resource(QStringLiteral("R-HKG"))));
    QString code;
    const EPass issued = ePass(QStringLiteral("E1"), &code, 2);
    QVERIFY(ts.store->upsertEPass(issued));
    QVERIFY(ts.store->upsertEPass(issued)); // the same body again is fine (idempotent sync)

    auto changed = [&](auto change) {
        EPass e = issued;
        change(e);
        return ts.store->upsertEPass(e);
    };
    QCOMPARE(int(changed([](EPass& e) { e.usages = 5; }).error().code), int(ErrorCode::Conflict));
    QCOMPARE(int(changed([](EPass& e) { e.lastName = QStringLiteral("Other"); }).error().code),
             int(ErrorCode::Conflict));
    QCOMPARE(int(changed([](EPass& e) { e.expiration = e.expiration.addDays(1); }).error().code),
             int(ErrorCode::Conflict));
    QCOMPARE(int(changed([](EPass& e) { e.scope.airports = {QStringLiteral("HKG")}; }).error().code),
             int(ErrorCode::Conflict));
    QCOMPARE(int(changed([](EPass& e) { e.module = QStringLiteral("FAST_TRACK"); }).error().code),
             int(ErrorCode::Conflict));
    QVERIFY(*ts.store->ePassById(QStringLiteral("E1")) == std::optional<EPass>(issued));

    const FixedClock clock(kNow);
    const TerminalContext terminal {QStringLiteral("T1"), QStringLiteral("R-HKG"), QStringLiteral("S"), 0, 0};
    QCOMPARE(toString(Validator::validate(ScanInput {code.toUtf8(), 1}, *ts.store, terminal, clock).reason),
             toString(Reason::Ok));
    // Revocation is the one change allowed.
    QVERIFY(changed([](EPass& e) { e.status = EPassStatus::Revoked; }));
    QCOMPARE(toString(Validator::validate(ScanInput {code.toUtf8(), 1}, *ts.store, terminal, clock).reason),
             toString(Reason::Revoked));
}

void TestValidator::registeredNowUsableEverywhere_data()
{
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QDateTime>("registeredAt");
    // 19:00 in Los Angeles (PST) is 03:00 UTC the next day: the UTC date would make the member "not yet valid" at LAX
    // until local midnight.
    const QStringList zones {QStringLiteral("America/Los_Angeles"), QStringLiteral("America/New_York"),
                             QStringLiteral("Pacific/Honolulu"),    QStringLiteral("Pacific/Pago_Pago"),
                             QStringLiteral("Etc/GMT+12"),          QStringLiteral("Europe/London"),
                             QStringLiteral("Asia/Hong_Kong"),      QStringLiteral("Pacific/Auckland"),
                             QStringLiteral("Pacific/Kiritimati")};
    const QList<QDateTime> instants {utc("2026-11-28T03:00:00Z"), utc("2026-11-27T23:59:59Z"),
                                     utc("2026-11-28T00:00:00Z"), utc("2026-11-28T11:59:59Z"),
                                     utc("2026-11-28T12:00:00Z"), utc("2027-07-01T06:30:00Z")};
    for (const QString& zone : zones) {
        for (const QDateTime& at : instants) {
            QTest::newRow(qPrintable(zone + QLatin1Char(' ') + at.toString(Qt::ISODate))) << zone << at;
        }
    }
}

void TestValidator::registeredNowUsableEverywhere()
{
    QFETCH(QString, zone);
    QFETCH(QDateTime, registeredAt);
    TempStore ts;
    QVERIFY(ts.open());
    ChangePage page;
    page.resources = {resource(QStringLiteral("R-X"), QStringLiteral("LOUNGE"), QStringLiteral("XXX"), zone)};
    page.programs = {program(QStringLiteral("P"), {entitlement(Allowance::of(1))})};
    QString code;
    // What central stores for a registration without validFrom (CentralService::registerMembership).
    page.memberships = {membership(QStringLiteral("M1"), QStringLiteral("P"), &code, MembershipStatus::Active,
                                   Validator::earliestLocalDate(registeredAt), registeredAt.date().addDays(365))};
    QVERIFY(ts.store->applyChangePage(page));
    const TerminalContext terminal {QStringLiteral("T1"), QStringLiteral("R-X"), QStringLiteral("S"), 0, 0};
    for (const QDateTime& at : {registeredAt, registeredAt.addSecs(1), registeredAt.addSecs(3600)}) {
        const FixedClock clock(at);
        const Decision d = Validator::validate(ScanInput {code.toUtf8(), 1}, *ts.store, terminal, clock);
        QCOMPARE(toString(d.reason), toString(Reason::Ok));
    }
    // Never earlier than needed: the day before the earliest date anywhere is still "not yet valid".
    QVERIFY(Validator::earliestLocalDate(registeredAt) <= Validator::localDate(registeredAt, zone));
    QVERIFY(Validator::earliestLocalDate(registeredAt) >= registeredAt.date().addDays(-1));
}

void TestValidator::recentlyUsedHoldsWhenClockMovesBack_data()
{
    QTest::addColumn<int>("secondsAfterUse");
    QTest::addColumn<Reason>("reason");
    QTest::newRow("2 minutes later") << 120 << Reason::RecentlyUsed;
    QTest::newRow("clock moved back 30 s") << -30 << Reason::RecentlyUsed;
    QTest::newRow("clock moved back 2 h") << -7200 << Reason::RecentlyUsed;
    QTest::newRow("clock moved back a day") << -86400 << Reason::RecentlyUsed;
    QTest::newRow("window passed") << 301 << Reason::Ok;
}

void TestValidator::recentlyUsedHoldsWhenClockMovesBack()
{
    QFETCH(int, secondsAfterUse);
    QFETCH(Reason, reason);
    TempStore ts;
    QVERIFY(ts.open());
    ChangePage page;
    page.resources = {resource(QStringLiteral("R-HKG"))};
    page.programs = {program(QStringLiteral("P"), {entitlement(Allowance::infinite())})};
    QString code;
    page.memberships = {membership(QStringLiteral("M1"), QStringLiteral("P"), &code)};
    QVERIFY(ts.store->applyChangePage(page));
    const TerminalContext terminal {QStringLiteral("T1"), QStringLiteral("R-HKG"), QStringLiteral("S"), 300, 0};
    FixedClock clock(kNow);
    AccessService service(*ts.store, clock, terminal);
    auto first = service.redeem(ScanInput {code.toUtf8(), 1});
    QVERIFY(first && first->recorded);
    clock.set(kNow.addSecs(secondsAfterUse)); // the injected clock: someone moves the terminal's clock
    const Decision d = service.check(ScanInput {code.toUtf8(), 1});
    QCOMPARE(toString(d.reason), toString(reason));
    auto second = service.redeem(ScanInput {code.toUtf8(), 1});
    QVERIFY(second);
    QCOMPARE(second->recorded, reason == Reason::Ok); // never recorded without staff confirming
}

QTEST_GUILESS_MAIN(TestValidator)
#include "tst_validator.moc"
