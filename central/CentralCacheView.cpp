#include "CentralCacheView.h"

#include "Json.h"

#include <QJsonDocument>

namespace lounge::central {

using core::Result;

namespace {

template<typename T, typename Parse>
Result<std::optional<T>> decode(const Result<std::optional<ChangeRecord>>& rec, Parse&& parse)
{
    if (!rec) {
        return rec.error();
    }
    if (!rec->has_value() || (*rec)->deleted) {
        return std::optional<T>();
    }
    auto value = parse(QJsonDocument::fromJson((*rec)->body).object());
    if (!value) {
        return core::makeError(core::ErrorCode::Corrupt, (*rec)->kind + QLatin1Char(' ') + (*rec)->id);
    }
    return std::optional<T>(std::move(value).value());
}

} // namespace

QString CentralCacheView::usageId(const QString& credentialKey, const core::Module& module, core::Pool pool,
                                  const QString& period)
{
    return credentialKey + QLatin1Char('|') + module + QLatin1Char('|') + core::toString(pool) + QLatin1Char('|')
        + period;
}

Result<std::optional<core::Resource>> CentralCacheView::resource(const QString& id) const
{
    return decode<core::Resource>(m_store.record(kind::kResource, id), core::json::resourceFromJson);
}

Result<std::optional<core::Program>> CentralCacheView::program(const QString& id) const
{
    return decode<core::Program>(m_store.record(kind::kProgram, id), core::json::programFromJson);
}

Result<std::optional<core::Membership>> CentralCacheView::membershipByCodeHash(const QByteArray& hash) const
{
    return decode<core::Membership>(m_store.recordByCodeHash(kind::kMembership, hash), core::json::membershipFromJson);
}

Result<std::optional<core::Membership>> CentralCacheView::membershipByNumber(const QString& number) const
{
    return decode<core::Membership>(m_store.recordByNumber(number), core::json::membershipFromJson);
}

Result<std::optional<core::Membership>> CentralCacheView::membershipById(const QString& id) const
{
    return decode<core::Membership>(m_store.record(kind::kMembership, id), core::json::membershipFromJson);
}

Result<std::optional<core::EPass>> CentralCacheView::ePassByCodeHash(const QByteArray& hash) const
{
    return decode<core::EPass>(m_store.recordByCodeHash(kind::kEPass, hash), core::json::ePassFromJson);
}

Result<std::optional<core::EPass>> CentralCacheView::ePassById(const QString& id) const
{
    return decode<core::EPass>(m_store.record(kind::kEPass, id), core::json::ePassFromJson);
}

Result<int> CentralCacheView::used(const core::CredentialRef& credential, const core::Module& module, core::Pool pool,
                                   const QString& period) const
{
    auto counter
        = decode<core::UsageCounter>(m_store.record(kind::kUsage, usageId(credential.key(), module, pool, period)),
                                     core::json::usageCounterFromJson);
    if (!counter) {
        return counter.error();
    }
    return counter->has_value() ? (*counter)->used : 0;
}

Result<std::optional<QDateTime>> CentralCacheView::lastUse(const core::CredentialRef& credential,
                                                           const QString& resourceId) const
{
    return m_store.lastUse(credential.key(), resourceId);
}

Result<QList<core::Booking>> CentralCacheView::bookings(const core::CredentialRef& credential,
                                                        const QString& resourceId, const QDate& from,
                                                        const QDate& to) const
{
    QList<core::Booking> out;
    QString after;
    for (;;) {
        auto rows = m_store.recordsAfter(kind::kBooking, after, credential.key().toUtf8(), 500);
        if (!rows) {
            return rows.error();
        }
        for (const ChangeRecord& rec : *rows) {
            auto b = core::json::bookingFromJson(QJsonDocument::fromJson(rec.body).object());
            if (!b) {
                return core::makeError(core::ErrorCode::Corrupt,
                                       QStringLiteral("booking %1: %2").arg(rec.id, b.error().detail));
            }
            if (b->resourceId == resourceId && b->date >= from && b->date <= to) {
                out.append(*b);
            }
        }
        if (rows->size() < 500) {
            return out;
        }
        after = rows->last().id;
    }
}

} // namespace lounge::central
