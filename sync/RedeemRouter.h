#pragma once

#include "AccessService.h"
#include "CentralClient.h"
#include "SyncEngine.h"

#include <QObject>

namespace lounge::sync {

/// A decision and where it came from: the verdict screen says when the kiosk decided alone.
struct RoutedDecision
{
    enum class Source
    {
        Local, ///< offline-first: decided locally, uploaded soon after
        Central, ///< online-first: central decided and recorded it
        LocalFallback, ///< online-first, but central did not answer in time: decided locally
    };
    core::Decision decision;
    Source source = Source::Local;
    QString note; ///< why we fell back (technical; for logs and the CLI)
};
QString toString(RoutedDecision::Source s);

/// Routes a redemption by the terminal's mode. Online-first asks central with a short timeout and records
/// central's verdict locally as already acknowledged; on any failure it decides locally under the same UUID,
/// so a request that did reach central is uploaded later as a duplicate, never counted twice. At a lounge that uses
/// boarding passes it decides locally in either mode (central's online redeem never sees a boarding pass).
/// Thread affinity: the Store's owner thread.
class RedeemRouter : public QObject
{
    Q_OBJECT
public:
    RedeemRouter(core::Store& store, core::AccessService& access, SyncEngine& engine, QObject* parent = nullptr);

    void redeem(const core::ScanInput& input, bool confirmAttention,
                std::function<void(core::Result<RoutedDecision>)> done);

signals:
    void redemptionRecorded(const lounge::sync::RoutedDecision& decision);

private:
    core::Result<RoutedDecision> local(const core::ScanInput& input, bool confirmAttention, const QUuid& id,
                                       RoutedDecision::Source source, const QString& note);
    /// A lounge that uses boarding passes, or a scan that carries one (or an override): decided at the desk.
    bool usesBoardingPasses(const core::ScanInput& input) const;
    core::Result<RoutedDecision> recordCentral(const core::ScanInput& input, const QUuid& id, const RedeemReply& reply);

    core::Store& m_store;
    core::AccessService& m_access;
    SyncEngine& m_engine;
};

} // namespace lounge::sync

Q_DECLARE_METATYPE(lounge::sync::RoutedDecision)
