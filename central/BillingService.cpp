#include "BillingService.h"

#include "Json.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>

namespace lounge::central {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

constexpr int kAllRows = 1000000;
constexpr qint64 kMaxMinor = 1000000000000; // 10^12 minor units: far above any lounge price, far below overflow

QDate monthDate(const QString& month)
{
    return QDate(month.left(4).toInt(), month.mid(5, 2).toInt(), 1);
}

QString monthText(const QDate& d)
{
    return d.toString(QStringLiteral("yyyy-MM"));
}

QTimeZone zoneOf(const core::Resource& r)
{
    const QTimeZone zone(r.timeZone.toUtf8());
    return zone.isValid() ? zone : QTimeZone::utc();
}

/// The UTC instant (ms) the local month begins at the resource: midnight of its first day there.
qint64 monthStart(const QTimeZone& zone, const QDate& first)
{
    return QDateTime(first, QTime(0, 0), zone).toMSecsSinceEpoch();
}

struct Tally
{
    qint64 visits = 0;
    qint64 cardholders = 0;
    qint64 guests = 0;
    qint64 paidEntries = 0;
    qint64 paidPersons = 0;
    qint64 paidTakenMinor = 0;
    qint64 voids = 0;
    qint64 flagged = 0;
    QMap<QString, qint64> flaggedByReason;
    QJsonArray flaggedVisits;
    QJsonArray adjustments;
    qint64 adjustmentsMinor = 0;
    // Boarding passes (issue 14 §3): what partners bill by. A standing visit counts once under each carrier and
    // compartment its passes name; each pass (one person) counts in `passes`.
    qint64 boardingPasses = 0;
    qint64 boardingPassOverrides = 0;
    QMap<QString, std::pair<qint64, qint64>> byCarrier; ///< carrier → (visits, passes)
    QMap<QString, std::pair<qint64, qint64>> byCompartment;

    void countFlights(const BillingVisit& v)
    {
        boardingPasses += v.flights.size();
        boardingPassOverrides += v.boardingPassOverride ? 1 : 0;
        QSet<QString> carriers;
        QSet<QString> compartments;
        for (const auto& [carrier, compartment] : v.flights) {
            byCarrier[carrier].second += 1;
            byCompartment[compartment].second += 1;
            carriers.insert(carrier);
            compartments.insert(compartment);
        }
        for (const auto& c : carriers) {
            byCarrier[c].first += 1;
        }
        for (const auto& c : compartments) {
            byCompartment[c].first += 1;
        }
    }
};

QJsonObject countsJson(const QMap<QString, std::pair<qint64, qint64>>& counts)
{
    QJsonObject o;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        o.insert(it.key(), QJsonObject {{"visits", double(it.value().first)}, {"passes", double(it.value().second)}});
    }
    return o;
}

/// A billing list item's boarding passes and override (flagged visits, adjustments).
void addFlights(QJsonObject& item, const BillingVisit& v)
{
    QJsonArray flights;
    for (const auto& [carrier, compartment] : v.flights) {
        flights.append(QJsonObject {{"carrier", carrier}, {"compartment", compartment}});
    }
    item.insert("flights", flights);
    item.insert("boardingPassOverride", v.boardingPassOverride);
}

const BillingRate* rateAt(const QList<BillingRate>& rates, const QString& month)
{
    const BillingRate* found = nullptr;
    for (const auto& r : rates) { // from_month order
        if (r.fromMonth <= month) {
            found = &r;
        }
    }
    return found;
}

qint64 priceOf(const BillingRate* rate, qint64 visits, qint64 guests)
{
    return rate ? visits * rate->perVisitMinor + guests * rate->perGuestMinor : 0;
}

} // namespace

BillingService::BillingService(CentralStore& store, const core::Clock& clock)
    : m_store(store)
    , m_clock(clock)
{ }

bool BillingService::isMonth(const QString& month)
{
    static const QRegularExpression re(QStringLiteral("^(2[0-9]{3})-(0[1-9]|1[0-2])$"));
    return re.match(month).hasMatch();
}

QJsonObject BillingService::toJson(const BillingRate& r)
{
    return QJsonObject {{"program", r.program},
                        {"resource", r.resource},
                        {"fromMonth", r.fromMonth},
                        {"perVisitMinor", double(r.perVisitMinor)},
                        {"perGuestMinor", double(r.perGuestMinor)},
                        {"currency", r.currency},
                        {"updatedAt", core::json::dateTimeToString(r.updatedAt)}};
}

Result<BillingRate> BillingService::setRate(const BillingRate& in)
{
    static const QRegularExpression currency(QStringLiteral("^[A-Z]{3}$"));
    if (!isMonth(in.fromMonth)) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("fromMonth: expected YYYY-MM"));
    }
    if (!currency.match(in.currency).hasMatch()) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("currency: expected an ISO 4217 code (EUR)"));
    }
    if (in.perVisitMinor < 0 || in.perVisitMinor > kMaxMinor || in.perGuestMinor < 0 || in.perGuestMinor > kMaxMinor) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("perVisitMinor/perGuestMinor: integer minor units from 0 to 10^12"));
    }
    BillingRate rate = in;
    rate.updatedAt = m_clock.now();
    auto done = m_store.transaction([&]() -> Result<void> {
        if (rate.program != kEPassProgram) {
            auto p = m_store.record(kind::kProgram, rate.program);
            if (!p) {
                return p.error();
            }
            if (!p->has_value() || (*p)->deleted) {
                return makeError(ErrorCode::NotFound, QStringLiteral("no such program: ") + rate.program);
            }
        }
        auto r = m_store.record(kind::kResource, rate.resource);
        if (!r) {
            return r.error();
        }
        if (!r->has_value() || (*r)->deleted) {
            return makeError(ErrorCode::NotFound, QStringLiteral("no such resource: ") + rate.resource);
        }
        auto existing = m_store.billingRates(rate.program, rate.resource, {}, kAllRows);
        if (!existing) {
            return existing.error();
        }
        for (const auto& e : *existing) {
            if (e.currency != rate.currency) {
                return makeError(ErrorCode::Conflict,
                                 QStringLiteral("CURRENCY_MISMATCH: this pair is billed in %1").arg(e.currency));
            }
        }
        // A closed statement keeps the rate it used; a later adjustment is priced at its month's rate, so that rate
        // must be the one the closed statement used.
        auto closed = m_store.closedBillingMonths(rate.resource);
        if (!closed) {
            return closed.error();
        }
        for (auto it = closed->cbegin(); it != closed->cend(); ++it) {
            if (it.key() >= rate.fromMonth) {
                return makeError(ErrorCode::Conflict,
                                 QStringLiteral("PERIOD_CLOSED: %1 is closed at %2").arg(it.key(), rate.resource));
            }
        }
        return m_store.putBillingRate(rate);
    });
    if (!done) {
        return done.error();
    }
    return rate;
}

Result<BillingRate> BillingService::rate(const QString& program, const QString& resource,
                                         const QString& fromMonth) const
{
    auto list = m_store.billingRates(program, resource, {}, kAllRows);
    if (!list) {
        return list.error();
    }
    for (const auto& r : *list) {
        if (r.fromMonth == fromMonth) {
            return r;
        }
    }
    return makeError(ErrorCode::NotFound, QStringLiteral("no such rate"));
}

Result<QList<BillingRate>> BillingService::rates(const QString& program, const QString& resource,
                                                 const QStringList& after, int limit) const
{
    return m_store.billingRates(program, resource, after, limit);
}

Result<QList<core::Resource>> BillingService::resourcesFor(const QString& resource) const
{
    QList<ChangeRecord> records;
    if (resource.isEmpty()) {
        auto all = m_store.records(kind::kResource, kAllRows);
        if (!all) {
            return all.error();
        }
        records = *all;
    } else {
        auto one = m_store.record(kind::kResource, resource);
        if (!one) {
            return one.error();
        }
        if (!one->has_value() || (*one)->deleted) {
            return makeError(ErrorCode::NotFound, QStringLiteral("no such resource: ") + resource);
        }
        records << **one;
    }
    QList<core::Resource> out;
    for (const auto& rec : records) {
        auto r = core::json::resourceFromJson(QJsonDocument::fromJson(rec.body).object());
        if (!r) {
            return makeError(ErrorCode::Corrupt, QStringLiteral("resource %1: %2").arg(rec.id, r.error().detail));
        }
        out << *r;
    }
    return out;
}

Result<QMap<QString, QJsonObject>> BillingService::compute(const core::Resource& resource, const QString& month,
                                                           const QMap<QString, qint64>& closedMonths,
                                                           qint64* settleFrom) const
{
    const QTimeZone zone = zoneOf(resource);
    const QDate first = monthDate(month);
    const qint64 from = monthStart(zone, first);
    const qint64 to = monthStart(zone, first.addMonths(1));
    // The closed months right before this one (no open month between): their late changes land here.
    QDate chain = first;
    while (closedMonths.contains(monthText(chain.addMonths(-1)))) {
        chain = chain.addMonths(-1);
    }
    const qint64 chainFrom = monthStart(zone, chain);
    if (settleFrom) {
        *settleFrom = chainFrom;
    }

    auto visits = m_store.billingVisits(resource.id, from, to, false);
    if (!visits) {
        return visits.error();
    }
    QList<BillingVisit> late;
    if (chainFrom < from) {
        auto l = m_store.billingVisits(resource.id, chainFrom, from, true);
        if (!l) {
            return l.error();
        }
        late = *l;
    }

    // The payer of a visit: the membership's programme at the time of the visit; E-passes bill to EPASS.
    QHash<QString, std::optional<core::Membership>> members;
    auto programOf = [&](const BillingVisit& v) -> Result<QString> {
        if (v.credential.startsWith(QLatin1String("E:"))) {
            return kEPassProgram;
        }
        auto it = members.find(v.credential);
        if (it == members.end()) {
            auto rec = m_store.record(kind::kMembership, v.credential.mid(2));
            if (!rec) {
                return rec.error();
            }
            std::optional<core::Membership> m;
            if (rec->has_value()) {
                auto parsed = core::json::membershipFromJson(QJsonDocument::fromJson((*rec)->body).object());
                if (parsed) {
                    m = *parsed;
                }
            }
            it = members.insert(v.credential, m);
        }
        if (!it.value()) {
            return kUnknownProgram;
        }
        const QString p = it.value()->programAt(QDateTime::fromMSecsSinceEpoch(v.atMs, Qt::UTC));
        return p.isEmpty() ? kUnknownProgram : p;
    };
    QHash<QString, QList<BillingRate>> rateCache;
    auto ratesOf = [&](const QString& program) -> Result<QList<BillingRate>> {
        auto it = rateCache.find(program);
        if (it == rateCache.end()) {
            auto list = m_store.billingRates(program, resource.id, {}, kAllRows);
            if (!list) {
                return list.error();
            }
            it = rateCache.insert(program, *list);
        }
        return it.value();
    };

    QMap<QString, Tally> tallies;
    for (const auto& v : *visits) {
        auto program = programOf(v);
        if (!program) {
            return program.error();
        }
        Tally& t = tallies[*program];
        if (v.paid) {
            t.paidEntries += 1;
            t.paidPersons += v.partySize;
            t.paidTakenMinor += v.amountMinor;
            continue;
        }
        if (v.voided) {
            t.voids += 1;
            continue;
        }
        t.visits += 1;
        t.cardholders += 1;
        t.guests += std::max(0, v.partySize - 1);
        t.countFlights(v);
        if (v.status == QLatin1String("conflict")) {
            t.flagged += 1;
            t.flaggedByReason[v.reason] += 1;
            QJsonObject item {{"visit", v.id},
                              {"at", core::json::dateTimeToString(QDateTime::fromMSecsSinceEpoch(v.atMs, Qt::UTC))},
                              {"reason", v.reason}};
            addFlights(item, v);
            t.flaggedVisits.append(item);
        }
    }
    for (const auto& v : late) {
        const int delta = (v.voided ? 0 : 1) - v.billed;
        if (delta == 0) {
            continue;
        }
        auto program = programOf(v);
        if (!program) {
            return program.error();
        }
        auto rates = ratesOf(*program);
        if (!rates) {
            return rates.error();
        }
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(v.atMs, Qt::UTC);
        const QString visitMonth = monthText(at.toTimeZone(zone).date());
        const qint64 guests = v.paid ? 0 : std::max(0, v.partySize - 1);
        // Priced at the rate of the visit's own month: the price the closed statement used (or would have).
        const qint64 amount = v.paid ? 0 : delta * priceOf(rateAt(*rates, visitMonth), 1, guests);
        Tally& t = tallies[*program];
        QJsonObject adjustment {
            {"visit", v.id},
            {"month", visitMonth},
            {"at", core::json::dateTimeToString(at)},
            {"reason", delta < 0 ? QStringLiteral("VOIDED_AFTER_CLOSE") : QStringLiteral("RECORDED_AFTER_CLOSE")},
            {"kind", v.paid ? QStringLiteral("paid") : QStringLiteral("visit")},
            {"visits", v.paid ? 0 : delta},
            {"cardholders", v.paid ? 0 : delta},
            {"guests", double(delta * guests)},
            {"paidEntries", v.paid ? delta : 0},
            {"amountMinor", double(amount)}};
        addFlights(adjustment, v);
        t.adjustments.append(adjustment);
        t.adjustmentsMinor += amount;
    }
    // A pair with a rate in force gets a statement even in a quiet month.
    auto allRates = m_store.billingRates(QString(), resource.id, {}, kAllRows);
    if (!allRates) {
        return allRates.error();
    }
    for (const auto& r : *allRates) {
        if (r.fromMonth <= month && !tallies.contains(r.program)) {
            tallies.insert(r.program, Tally {});
        }
    }

    QMap<QString, QJsonObject> out;
    for (auto it = tallies.cbegin(); it != tallies.cend(); ++it) {
        const Tally& t = it.value();
        auto rates = ratesOf(it.key());
        if (!rates) {
            return rates.error();
        }
        const BillingRate* rate = rateAt(*rates, month);
        const qint64 visitsMinor = rate ? t.visits * rate->perVisitMinor : 0;
        const qint64 guestsMinor = rate ? t.guests * rate->perGuestMinor : 0;
        QJsonObject byReason;
        for (auto r = t.flaggedByReason.cbegin(); r != t.flaggedByReason.cend(); ++r) {
            byReason.insert(r.key(), double(r.value()));
        }
        QJsonObject rateJson;
        if (rate) {
            rateJson = QJsonObject {{"fromMonth", rate->fromMonth},
                                    {"perVisitMinor", double(rate->perVisitMinor)},
                                    {"perGuestMinor", double(rate->perGuestMinor)},
                                    {"currency", rate->currency}};
        }
        const QString currency = rate ? rate->currency : rates->isEmpty() ? QString() : rates->first().currency;
        out.insert(it.key(),
                   QJsonObject {
                       {"month", month},
                       {"program", it.key()},
                       {"resource", resource.id},
                       {"resourceName", resource.name},
                       {"timeZone", zone.id().constData()},
                       {"from", core::json::dateTimeToString(QDateTime::fromMSecsSinceEpoch(from, Qt::UTC))},
                       {"to", core::json::dateTimeToString(QDateTime::fromMSecsSinceEpoch(to, Qt::UTC))},
                       {"status", "open"},
                       {"closedAt", QJsonValue::Null},
                       {"rate", rate ? QJsonValue(rateJson) : QJsonValue(QJsonValue::Null)},
                       {"currency", currency.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(currency)},
                       {"visits", double(t.visits)},
                       {"cardholders", double(t.cardholders)},
                       {"guests", double(t.guests)},
                       {"paidEntries", double(t.paidEntries)},
                       {"paidPersons", double(t.paidPersons)},
                       {"paidTakenMinor", double(t.paidTakenMinor)},
                       {"voids", double(t.voids)},
                       {"flagged", double(t.flagged)},
                       {"flaggedByReason", byReason},
                       {"flaggedVisits", t.flaggedVisits},
                       {"visitsAmountMinor", double(visitsMinor)},
                       {"guestsAmountMinor", double(guestsMinor)},
                       {"adjustments", t.adjustments},
                       {"adjustmentsMinor", double(t.adjustmentsMinor)},
                       {"totalMinor", double(visitsMinor + guestsMinor + t.adjustmentsMinor)},
                       {"boardingPasses", double(t.boardingPasses)},
                       {"boardingPassOverrides", double(t.boardingPassOverrides)},
                       {"byCarrier", countsJson(t.byCarrier)},
                       {"byCompartment", countsJson(t.byCompartment)},
                   });
    }
    return out;
}

Result<QList<QJsonObject>> BillingService::statements(const QString& month, const QString& program,
                                                      const QString& resource) const
{
    if (!isMonth(month)) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("month: expected YYYY-MM"));
    }
    auto resources = resourcesFor(resource);
    if (!resources) {
        return resources.error();
    }
    QList<QJsonObject> out;
    for (const auto& r : *resources) {
        auto closed = m_store.closedBillingMonths(r.id);
        if (!closed) {
            return closed.error();
        }
        QMap<QString, QJsonObject> byProgram;
        if (closed->contains(month)) {
            auto stored = m_store.closedStatements(r.id, month);
            if (!stored) {
                return stored.error();
            }
            for (auto it = stored->cbegin(); it != stored->cend(); ++it) {
                byProgram.insert(it.key(), QJsonDocument::fromJson(it.value()).object());
            }
        } else {
            auto computed = compute(r, month, *closed, nullptr);
            if (!computed) {
                return computed.error();
            }
            byProgram = *computed;
        }
        for (auto it = byProgram.cbegin(); it != byProgram.cend(); ++it) {
            if (program.isEmpty() || it.key() == program) {
                out << it.value();
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const QJsonObject& a, const QJsonObject& b) {
        const QString pa = a.value("program").toString();
        const QString pb = b.value("program").toString();
        return pa != pb ? pa < pb : a.value("resource").toString() < b.value("resource").toString();
    });
    return out;
}

Result<QList<BillingService::Closed>> BillingService::close(const QString& month, const QString& resource)
{
    if (!isMonth(month)) {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("month: expected YYYY-MM"));
    }
    auto resources = resourcesFor(resource);
    if (!resources) {
        return resources.error();
    }
    const QDateTime now = m_clock.now();
    // Every lounge's month must be over before any closes: a refusal leaves nothing half done.
    for (const auto& r : *resources) {
        if (monthStart(zoneOf(r), monthDate(month).addMonths(1)) > now.toMSecsSinceEpoch()) {
            return makeError(ErrorCode::Conflict,
                             QStringLiteral("PERIOD_NOT_ENDED: %1 has not ended at %2").arg(month, r.id));
        }
    }
    QList<Closed> out;
    for (const auto& r : *resources) {
        const QTimeZone zone = zoneOf(r);
        bool already = false;
        auto done = m_store.transaction([&]() -> Result<void> {
            already = false;
            auto closed = m_store.closedBillingMonths(r.id);
            if (!closed) {
                return closed.error();
            }
            if (closed->contains(month)) {
                already = true;
                return {};
            }
            qint64 settleFrom = 0;
            auto computed = compute(r, month, *closed, &settleFrom);
            if (!computed) {
                return computed.error();
            }
            QMap<QString, QByteArray> bodies;
            for (auto it = computed->cbegin(); it != computed->cend(); ++it) {
                QJsonObject o = it.value();
                o.insert("status", "closed");
                o.insert("closedAt", core::json::dateTimeToString(now));
                bodies.insert(it.key(), QJsonDocument(o).toJson(QJsonDocument::Compact));
            }
            const qint64 to = monthStart(zone, monthDate(month).addMonths(1));
            return m_store.closeBillingMonth(r.id, month, now.toMSecsSinceEpoch(), bodies, settleFrom, to);
        });
        if (!done) {
            return done.error();
        }
        if (already && !resource.isEmpty()) {
            return makeError(ErrorCode::Conflict, QStringLiteral("ALREADY_CLOSED: %1 %2").arg(r.id, month));
        }
        out << Closed {r.id, already};
    }
    return out;
}

} // namespace lounge::central
