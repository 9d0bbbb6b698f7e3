#pragma once

// A StoreBackend for controller tests: records every request and answers only when the test says so (synchronously,
// on the test thread), so the controllers run with no worker thread and no SQLite, and a test can hold a reply back
// to see what the screen does meanwhile.

#include "controller/StoreBackend.h"

#include <QList>

namespace lounge::test {

class FakeBackend final : public app::StoreBackend
{
    Q_OBJECT
public:
    struct Request
    {
        QString kind; ///< open, signIn, setStaff, event, check, redeem, void, today, status, settings, sync
        quint64 id = 0;
        QByteArray raw;
        int partySize = 0;
        bool confirmAttention = false;
        QString staffId;
        QString secret;
        app::BoardingPassInput boardingPasses; ///< check, redeem
    };

    QList<Request> requests;

    static Request make(const QString& kind, quint64 id = 0, const QByteArray& raw = {}, int partySize = 0,
                        bool confirmAttention = false)
    {
        Request r;
        r.kind = kind;
        r.id = id;
        r.raw = raw;
        r.partySize = partySize;
        r.confirmAttention = confirmAttention;
        return r;
    }

    void open() override { add(make(QStringLiteral("open"))); }
    void signIn(quint64 request, const QString& staffId, const QString& secret) override
    {
        Request r = make(QStringLiteral("signIn"), request);
        r.staffId = staffId;
        r.secret = secret;
        add(r);
    }
    void setStaff(const QString& staffId) override
    {
        Request r = make(QStringLiteral("setStaff"));
        r.staffId = staffId;
        add(r);
    }
    void recordStaffEvent(core::StaffEventKind, const QString& staffId, const QString&) override
    {
        Request r = make(QStringLiteral("event"));
        r.staffId = staffId;
        add(r);
    }
    void check(quint64 request, const QByteArray& raw, int partySize,
               const app::BoardingPassInput& boardingPasses = {}) override
    {
        Request r = make(QStringLiteral("check"), request, raw, partySize);
        r.boardingPasses = boardingPasses;
        add(r);
    }
    void redeem(quint64 request, const QByteArray& raw, int partySize, bool confirmAttention,
                const app::BoardingPassInput& boardingPasses = {}) override
    {
        Request r = make(QStringLiteral("redeem"), request, raw, partySize, confirmAttention);
        r.boardingPasses = boardingPasses;
        add(r);
    }
    void voidRedemption(const QUuid&, const QString& staffId, const QString& remark) override
    {
        Request r = make(QStringLiteral("void"));
        r.staffId = staffId;
        r.secret = remark;
        add(r);
    }
    void loadToday() override { add(make(QStringLiteral("today"))); }
    void recordRefusal(const core::Decision&) override { add(make(QStringLiteral("refusal"))); }
    void lookupCode(quint64 request, const QByteArray& raw) override
    {
        Request r = make(QStringLiteral("lookup"), request);
        r.raw = raw;
        add(r);
    }
    void changePartySize(const QUuid&, int partySize, const QString& staffId, const QString&) override
    {
        Request r = make(QStringLiteral("changeParty"));
        r.partySize = partySize;
        r.staffId = staffId;
        add(r);
    }
    void recordPaidEntry(const core::Decision&, int partySize, std::optional<qint64>) override
    {
        Request r = make(QStringLiteral("paidEntry"));
        r.partySize = partySize;
        add(r);
    }
    void refreshStatus() override { add(make(QStringLiteral("status"))); }
    void saveSettings(const app::KioskSettings&) override { add(make(QStringLiteral("settings"))); }
    void syncNow() override { add(make(QStringLiteral("sync"))); }

    /// The requests of one kind, oldest first.
    QList<Request> of(const QString& kind) const
    {
        QList<Request> out;
        for (const auto& r : requests) {
            if (r.kind == kind) {
                out.append(r);
            }
        }
        return out;
    }
    int count(const QString& kind) const { return int(of(kind).size()); }
    Request last(const QString& kind) const
    {
        const auto all = of(kind);
        return all.isEmpty() ? Request() : all.last();
    }

    // ---- answers
    void openWith(const app::KioskSettings& settings) { emit opened(settings, {}); }
    void signInAs(const app::StaffMember& staff) { emit signedIn(last(QStringLiteral("signIn")).id, staff); }
    void answerCheck(const core::Decision& d) { emit decisionReady(last(QStringLiteral("check")).id, d); }
    void answerCheck(quint64 id, const core::Decision& d) { emit decisionReady(id, d); }
    /// Answers the latest check of `raw` (the guest's own check, or the read-only one made for the next-guest chip).
    void answerCheckOf(const QByteArray& raw, const core::Decision& d)
    {
        for (auto it = requests.crbegin(); it != requests.crend(); ++it) {
            if (it->kind == QLatin1String("check") && it->raw == raw) {
                emit decisionReady(it->id, d);
                return;
            }
        }
        qWarning("no check of %s", raw.constData());
    }
    /// How many checks were made of `raw`.
    int checksOf(const QByteArray& raw) const
    {
        int n = 0;
        for (const auto& r : requests) {
            n += r.kind == QLatin1String("check") && r.raw == raw ? 1 : 0;
        }
        return n;
    }
    void answerRedeem(const core::Decision& d, bool offline = false)
    {
        emit redemptionRecorded(last(QStringLiteral("redeem")).id, d, offline);
    }
    void failRedeem(const core::Error& e) { emit recordFailed(last(QStringLiteral("redeem")).id, e); }

    /// A decision as core would give it for a holder (accept, attention or reject).
    static core::Decision decision(core::Verdict verdict, const QString& name, int guestsAllowed = 0)
    {
        core::Decision d;
        d.verdict = verdict;
        d.reason = verdict == core::Verdict::Accept ? core::Reason::Ok
            : verdict == core::Verdict::Attention   ? core::Reason::RecentlyUsed
                                                    : core::Reason::Expired;
        d.holderName = name;
        d.guestsAllowed = guestsAllowed;
        return d;
    }

private:
    void add(const Request& r) { requests.append(r); }
};

} // namespace lounge::test
