#include "RedeemRouter.h"

#include "CredentialCode.h"
#include "SecurityStore.h"
#include "crypto/DynamicToken.h"

#include "Json.h"

#include <QJsonArray>

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace lounge::sync {

using core::ErrorCode;
using core::makeError;
using core::Result;

QString toString(RoutedDecision::Source s)
{
    switch (s) {
    case RoutedDecision::Source::Local:
        return QStringLiteral("local");
    case RoutedDecision::Source::Central:
        return QStringLiteral("central");
    case RoutedDecision::Source::LocalFallback:
        return QStringLiteral("local-fallback");
    }
    return {};
}

RedeemRouter::RedeemRouter(core::Store& store, core::AccessService& access, SyncEngine& engine, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_access(access)
    , m_engine(engine)
{
    qRegisterMetaType<RoutedDecision>();
}

Result<RoutedDecision> RedeemRouter::local(const core::ScanInput& input, bool confirmAttention, const QUuid& id,
                                           RoutedDecision::Source source, const QString& note)
{
    auto d = m_access.redeem(input, confirmAttention, id);
    if (!d) {
        return d.error();
    }
    RoutedDecision out {*d, source, note};
    if (d->recorded) {
        m_engine.uploadSoon();
        emit redemptionRecorded(out);
    }
    return out;
}

Result<RoutedDecision> RedeemRouter::recordCentral(const core::ScanInput& input, const QUuid& id,
                                                   const RedeemReply& reply)
{
    RoutedDecision out;
    out.source = RoutedDecision::Source::Central;
    out.decision = reply.decision; // typed and checked by protocol::RedeemReply::fromJson (uses included)
    core::Decision& d = out.decision;
    d.clockSource = QStringLiteral("central");
    if (!d.recorded) {
        return out; // a REJECT or unconfirmed ATTENTION: nothing to keep
    }
    if (!d.credential) {
        return makeError(ErrorCode::Protocol, QStringLiteral("central recorded a visit without a credential"));
    }
    // Keep the visit in our journal too (history, counting until the feed brings central's counter),
    // already acknowledged at central's seq.
    auto tx = m_store.beginWrite();
    if (!tx) {
        return tx.error();
    }
    const core::TerminalContext& ctx = m_access.context();
    core::Redemption r;
    r.id = id;
    r.kind = core::JournalKind::Redeem;
    r.credential = *d.credential;
    r.resourceId = ctx.resourceId;
    r.terminalId = ctx.terminalId;
    r.staffId = ctx.staffId;
    r.partySize = d.partySize;
    r.uses = d.uses;
    r.at = d.at.isValid() ? d.at : QDateTime::currentDateTimeUtc();
    r.clockSource = d.clockSource;
    r.verdict = d.verdict;
    r.reason = d.reason;
    r.holderName = d.holderName;
    if (d.booking && d.booking->status == core::BookingStatus::Open) {
        r.bookingId = d.booking->id; // central consumed it with this visit: this desk counts it used too
    }
    // A dynamic token central accepted: the record carries its id (hashed, uploaded) and the token is used up here
    // too, so an offline fallback at this kiosk must not take it again (same transaction as the visit).
    std::optional<core::DynamicToken::Parsed> token;
    if (auto code = core::CredentialCode::parse(input.raw);
        code && code->kind == core::ParsedCode::Kind::DynamicToken) {
        if (auto parsed = core::DynamicToken::parse(code->tokenBytes)) {
            token = *parsed;
            r.tokenId = core::DynamicToken::tokenId(token->signedPart);
        }
    }
    if (auto a = m_store.appendJournal(r); !a) {
        return a.error();
    }
    if (auto m = m_store.markAcknowledged(id, reply.serverSeq, reply.conflict); !m) {
        return m.error();
    }
    if (token) {
        core::SecurityStore security(m_store);
        auto seen = security.tokenSeen(r.tokenId);
        if (!seen) {
            return seen.error();
        }
        if (!*seen) {
            // Central's clock; the prune margin (10 min) absorbs the kiosk's offset.
            const QDateTime keepUntil = token->token.expiresAtUtc().addSecs(60);
            if (auto u = security.recordTokenUse(r.tokenId, keepUntil, r.at); !u) {
                return u.error();
            }
        }
    }
    if (auto c = tx->commit(); !c) {
        return c.error();
    }
    d.redemptionId = id;
    d.recorded = true;
    emit redemptionRecorded(out);
    return out;
}

bool RedeemRouter::usesBoardingPasses(const core::ScanInput& input) const
{
    if (input.boardingPass || !input.guestBoardingPasses.isEmpty() || !input.boardingPassOverrideBy.isEmpty()) {
        return true;
    }
    auto resource = m_store.resource(m_access.context().resourceId);
    return resource && resource->has_value() && (*resource)->boardingPass.policy != core::BoardingPassPolicy::NotUsed;
}

void RedeemRouter::redeem(const core::ScanInput& input, bool confirmAttention,
                          std::function<void(Result<RoutedDecision>)> done)
{
    const QUuid id = QUuid::createUuid();
    if (m_engine.status().mode != core::TerminalSettings::Mode::OnlineFirst) {
        done(local(input, confirmAttention, id, RoutedDecision::Source::Local, {}));
        return;
    }
    if (usesBoardingPasses(input)) {
        // Issue 14 §3: central's online redeem carries the pass code only (never a boarding pass, whose PNR stays
        // here), so the desk judges the boarding pass and records the visit with its flights; the upload follows.
        done(local(input, confirmAttention, id, RoutedDecision::Source::Local,
                   QStringLiteral("boarding passes are judged at the desk")));
        return;
    }
    m_engine.client().redeem(id, input.raw, input.partySize, m_access.context().staffId, confirmAttention,
                             [this, input, confirmAttention, id, done = std::move(done)](Result<RedeemReply> reply) {
                                 if (reply) {
                                     auto recorded = recordCentral(input, id, *reply);
                                     if (recorded) {
                                         done(recorded);
                                         return;
                                     }
                                     qCWarning(lcSync)
                                         << "recording central's verdict failed:" << recorded.error().toString();
                                     if (recorded.error().code != ErrorCode::Protocol) {
                                         done(recorded.error()); // the local store failed: nothing is admitted
                                         return;
                                     }
                                 }
                                 const QString note = reply
                                     ? QStringLiteral("central reply unusable")
                                     : QStringLiteral("central unavailable (%1)").arg(reply.error().toString());
                                 done(local(input, confirmAttention, id, RoutedDecision::Source::LocalFallback, note));
                             });
}

} // namespace lounge::sync
