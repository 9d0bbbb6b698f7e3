#pragma once

// Small builders shared by the core tests: a real Store in a temporary directory and a handful of domain values.

#include "CredentialCode.h"
#include "Domain.h"
#include "Store.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimeZone>

namespace lounge::core::test {

inline Resource resource(const QString& id, const QString& module = QStringLiteral("LOUNGE"),
                         const QString& airport = QStringLiteral("HKG"),
                         const QString& tz = QStringLiteral("Asia/Hong_Kong"))
{
    return Resource {id, module, id + QStringLiteral(" name"), airport, QStringLiteral("T1"), tz, false};
}

inline Entitlement entitlement(Allowance cardholder, Allowance guest = Allowance::none(),
                               Allowance shared = Allowance::none(), int guestsPerVisit = 0,
                               QuotaPeriod period = QuotaPeriod::Validity,
                               const Module& module = QStringLiteral("LOUNGE"))
{
    Entitlement e;
    e.module = module;
    e.cardholder = cardholder;
    e.guest = guest;
    e.shared = shared;
    e.guestsPerVisit = guestsPerVisit;
    e.period = period;
    return e;
}

inline Program program(const QString& id, QList<Entitlement> entitlements)
{
    return Program {id, id + QStringLiteral(" tier"), 365, std::move(entitlements), false};
}

/// A membership with a fresh code; the code is returned through `code`.
inline Membership membership(const QString& id, const QString& programId, QString* code,
                             MembershipStatus status = MembershipStatus::Active, QDate from = QDate(2020, 1, 1),
                             QDate to = QDate(2035, 12, 31))
{
    const QString c = CredentialCode::generate(CredentialKind::Membership);
    if (code) {
        *code = c;
    }
    Membership m;
    m.id = id;
    m.number = QStringLiteral("60012345") + QString::number(qHash(id) % 100000000).rightJustified(8, QLatin1Char('0'));
    m.holderName = QStringLiteral("Holder ") + id;
    m.tiers = {TierAssignment {programId, QDateTime()}};
    m.status = status;
    m.validFrom = from;
    m.validTo = to;
    m.codeHash = CredentialCode::hashOf(c);
    return m;
}

inline EPass ePass(const QString& id, QString* code, int usages = 3, QDate activation = QDate(2020, 1, 1),
                   QDate expiration = QDate(2035, 12, 31), const Module& module = QStringLiteral("LOUNGE"))
{
    const QString c = CredentialCode::generate(CredentialKind::EPass);
    if (code) {
        *code = c;
    }
    EPass e;
    e.id = id;
    e.module = module;
    e.firstName = QStringLiteral("First");
    e.lastName = QStringLiteral("Last ") + id;
    e.usages = usages;
    e.activation = activation;
    e.expiration = expiration;
    e.codeHash = CredentialCode::hashOf(c);
    return e;
}

/// A store file in a temporary directory that lives as long as this object.
struct TempStore
{
    QTemporaryDir dir;
    std::unique_ptr<Store> store;

    QString path() const { return dir.filePath(QStringLiteral("cache.sqlite")); }
    /// Deletes the store file and everything beside it (WAL, shared memory, the witness): a brand-new terminal.
    /// Deleting the database alone is an attack the witness catches (Store::open refuses).
    void removeFiles()
    {
        store.reset();
        for (const char* suffix : {"", "-wal", "-shm", ".witness"}) {
            QFile::remove(path() + QLatin1String(suffix));
        }
    }
    bool open(Store::Options options = {})
    {
        store.reset();
        auto s = Store::open(path(), options);
        if (!s) {
            qWarning() << "Store::open failed:" << s.error().toString();
            return false;
        }
        store = std::move(s).value();
        return true;
    }
};

} // namespace lounge::core::test
