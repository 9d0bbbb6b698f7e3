// seed-demo, demo, validate, redeem, void, history, stats, staff-log: the validation core from the command line.
#include "AccessService.h"
#include "Cli.h"
#include "CredentialCode.h"
#include "DemoData.h"
#include "Json.h"
#include "SecurityStore.h"
#include "StaffDirectory.h"
#include "StaffEventLog.h"
#include "TerminalSettings.h"
#include "crypto/SignedTokenVerifier.h"

#include <QJsonArray>
#include <QTimeZone>

namespace lounge::app {
namespace {

using namespace lounge::core;

QString balancesText(const Decision& d)
{
    QStringList parts;
    for (const auto& b : d.balances) {
        if (!b.unlimited && b.allowance == 0 && b.thisVisit == 0) {
            continue; // a pool this entitlement does not have
        }
        const QString pool = toString(b.pool).toLower();
        parts << (b.unlimited ? pool + QStringLiteral(" unlimited")
                              : QStringLiteral("%1 %2 left").arg(pool).arg(b.remaining));
    }
    return parts.join(QStringLiteral(", "));
}

QString decisionText(const Decision& d)
{
    QString line = toString(d.verdict).leftJustified(10) + toString(d.reason).leftJustified(20);
    QStringList info;
    if (!d.holderName.isEmpty()) {
        info << d.holderName;
    }
    if (!d.programName.isEmpty()) {
        info << d.programName;
    }
    if (!d.module.isEmpty()) {
        info << d.module;
    }
    if (!d.balances.isEmpty()) {
        info << balancesText(d);
    }
    if (d.credential && d.credential->kind == CredentialKind::Membership) {
        info << QStringLiteral("guests allowed %1").arg(d.guestsAllowed);
    }
    if (!d.detail.isEmpty()) {
        info << QStringLiteral("(%1)").arg(d.detail);
    }
    if (d.recorded) {
        info << QStringLiteral("recorded %1").arg(d.redemptionId.toString(QUuid::WithoutBraces));
    }
    return line + info.join(QStringLiteral(" | "));
}

int verdictExit(const Decision& d)
{
    switch (d.verdict) {
    case Verdict::Accept:
        return kExitOk;
    case Verdict::Attention:
        return kExitAttention;
    case Verdict::Reject:
        return kExitReject;
    }
    return kExitReject;
}

/// `--at` as an instant. A time with a UTC offset (or Z) is taken as written; a time without one is read in the
/// lounge's own zone, never the host's (the host may sit in another zone than the lounge it serves). nullopt: not a
/// time, or no offset and the lounge's zone is unknown.
std::optional<QDateTime> parseAt(const QString& text, const Resource* lounge)
{
    const QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!at.isValid()) {
        return std::nullopt;
    }
    if (at.timeSpec() != Qt::LocalTime) {
        return at.toUTC(); // Z or ±hh:mm given
    }
    const QTimeZone zone = lounge ? QTimeZone(lounge->timeZone.toUtf8()) : QTimeZone();
    if (!zone.isValid()) {
        return std::nullopt;
    }
    return QDateTime(at.date(), at.time(), zone).toUTC();
}

struct ScanOptions
{
    /// `validate` may ask "what if": another resource, another time. `redeem` records what really happens: at this
    /// terminal's own resource, now.
    void add(QCommandLineParser& p, bool allowWhatIf)
    {
        whatIf = allowWhatIf;
        p.addPositionalArgument(QStringLiteral("code"), QStringLiteral("Scanned code or typed membership number."));
        p.addOption({QStringLiteral("party"), QStringLiteral("People in the party, holder included (default 1)."),
                     QStringLiteral("n"), QStringLiteral("1")});
        if (whatIf) {
            p.addOption({QStringLiteral("resource"), QStringLiteral("Resource id (default: the terminal's)."),
                         QStringLiteral("id")});
            p.addOption({QStringLiteral("at"),
                         QStringLiteral("Judge at this ISO 8601 time instead of now; without a UTC offset it is read "
                                        "in the lounge's time zone."),
                         QStringLiteral("time")});
        }
        p.addOption({QStringLiteral("staff"), QStringLiteral("Staff id recorded with the visit (default cli)."),
                     QStringLiteral("id"), QStringLiteral("cli")});
    }
    /// Fills the context and clock; returns -1 or an exit code.
    int apply(CliContext& ctx, const QCommandLineParser& p, const Store& store, const TerminalSettings& settings,
              TerminalContext& terminal, std::unique_ptr<Clock>& clock)
    {
        bool ok = false;
        const int party = p.value(QStringLiteral("party")).toInt(&ok);
        if (!ok || party < 1 || party > 50) {
            return ctx.fail(kExitUsage, QStringLiteral("--party must be 1 to 50"));
        }
        partySize = party;
        terminal = settings.context(p.value(QStringLiteral("staff")));
        if (whatIf && p.isSet(QStringLiteral("resource"))) {
            terminal.resourceId = p.value(QStringLiteral("resource"));
        }
        if (whatIf && p.isSet(QStringLiteral("at"))) {
            auto lounge = store.resource(terminal.resourceId);
            if (!lounge) {
                return ctx.storeFailure(lounge.error());
            }
            const auto at = parseAt(p.value(QStringLiteral("at")), lounge->has_value() ? &**lounge : nullptr);
            if (!at) {
                return ctx.fail(kExitUsage,
                                QStringLiteral("--at needs an ISO 8601 time, e.g. 2026-12-01T23:59:59+08:00 (without "
                                               "an offset it is read in the lounge's time zone, which must be known)"));
            }
            clock = std::make_unique<FixedClock>(*at);
        } else {
            clock = std::make_unique<SystemClock>();
        }
        return -1;
    }
    int partySize = 1;
    bool whatIf = false;
};

int runValidateOrRedeem(CliContext& ctx, const QStringList& args, bool redeem)
{
    QCommandLineParser p;
    p.setApplicationDescription(redeem ? QStringLiteral("Validate a code and record the visit if admitted.")
                                       : QStringLiteral("Validate a code without recording anything."));
    ScanOptions scan;
    scan.add(p, !redeem);
    if (redeem) {
        p.addOption({QStringLiteral("confirm"), QStringLiteral("Record an ATTENTION verdict too (staff confirmed).")});
    }
    if (int rc = ctx.parse(p, args, 1, 1); rc >= 0) {
        return rc;
    }
    auto cache = ctx.openCache();
    if (!cache) {
        return kExitIo;
    }
    auto& [store, settings] = *cache;
    TerminalContext terminal;
    std::unique_ptr<Clock> clock;
    if (int rc = scan.apply(ctx, p, *store, settings, terminal, clock); rc >= 0) {
        return rc;
    }
    // Dynamic codes: keys, clock offset and replay guard come from the store (synced from central).
    SecurityStore security(*store);
    SignedTokenVerifier verifier(security);
    AccessService service(*store, *clock, terminal, &verifier);
    const ScanInput input {p.positionalArguments().first().toUtf8(), scan.partySize};
    Decision d;
    if (redeem) {
        auto r = service.redeem(input, p.isSet(QStringLiteral("confirm")));
        if (!r) {
            // Refuse rather than admit without recording.
            ctx.fail(kExitIo, QStringLiteral("NOT RECORDED - do not admit: %1").arg(r.error().toString()),
                     toString(r.error().code));
            return kExitIo;
        }
        d = *r;
    } else {
        d = service.check(input);
    }
    ctx.print(json::toJson(d), decisionText(d));
    return verdictExit(d);
}

int runSeedDemo(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Fill the local cache with the demo data set and list its codes."));
    if (int rc = ctx.parse(p, args, 0, 0); rc >= 0) {
        return rc;
    }
    auto store = ctx.openStore();
    if (!store) {
        return kExitIo;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const DemoData data = DemoData::build(now.date());
    if (auto r = DemoData::seed(*store, data, now); !r) {
        return ctx.storeFailure(r.error());
    }
    if (!ctx.json) {
        ctx.out << "Demo cache at " << ctx.cachePath() << ": " << data.resources.size() << " resources, "
                << data.programs.size() << " tiers, " << data.memberships.size() << " memberships, "
                << data.ePasses.size() << " E-passes.\n";
    }
    for (const auto& s : data.samples) {
        ctx.print(QJsonObject {{"code", s.code}, {"label", s.label}, {"expected", s.expectedReason}},
                  QStringLiteral("  %1  %2").arg(CredentialCode::formatForDisplay(s.code), s.label));
    }
    for (const auto& m : data.memberships) {
        if (!ctx.json && m.id == QLatin1String("M-1001")) {
            ctx.out << "  Membership numbers can be typed too, e.g. " << m.number << " (" << m.holderName << ")\n";
        }
    }
    return kExitOk;
}

int runDemo(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Seed the demo cache and validate every demo code at the demo lounge."));
    if (int rc = ctx.parse(p, args, 0, 0); rc >= 0) {
        return rc;
    }
    auto store = ctx.openStore();
    if (!store) {
        return kExitIo;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const DemoData data = DemoData::build(now.date());
    if (auto r = DemoData::seed(*store, data, now); !r) {
        return ctx.storeFailure(r.error());
    }
    auto settings = TerminalSettings::load(*store);
    if (!settings) {
        return ctx.storeFailure(settings.error());
    }
    SystemClock clock;
    AccessService service(*store, clock, settings->context(QStringLiteral("demo")));
    if (!ctx.json) {
        ctx.out << "Lounge access terminal demo at " << settings->resourceId << " (cache " << ctx.cachePath()
                << ")\n\n";
    }
    int mismatches = 0;
    for (const auto& s : data.samples) {
        const Decision d = service.check(ScanInput {s.code.toUtf8(), 1});
        mismatches += toString(d.reason) != s.expectedReason && d.reason != Reason::RecentlyUsed;
        QJsonObject o = json::toJson(d);
        o.insert("label", s.label);
        ctx.print(o, QStringLiteral("%1\n    %2").arg(s.label, decisionText(d)));
    }
    const Decision typo = service.check(ScanInput {QByteArray("L1M-0000-0000-0000-0000-0000-0000-000"), 1});
    ctx.print(QJsonObject {{"label", "A mistyped code"}, {"decision", json::toJson(typo)}},
              QStringLiteral("A mistyped code\n    %1").arg(decisionText(typo)));
    if (!ctx.json) {
        ctx.out << "\nTry: lounge-terminal redeem <code> --party 2   |   lounge-terminal history   |   "
                   "lounge-terminal --help\n";
    }
    return mismatches == 0 ? kExitOk : kExitData;
}

int runVoid(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Void a recorded visit (a compensating record that refunds it)."));
    p.addPositionalArgument(QStringLiteral("redemption-id"), QStringLiteral("UUID printed by redeem/history."));
    p.addOption(
        {QStringLiteral("staff"), QStringLiteral("Supervisor id."), QStringLiteral("id"), QStringLiteral("cli")});
    p.addOption({QStringLiteral("reason"), QStringLiteral("Why (kept in the journal)."), QStringLiteral("text"),
                 QStringLiteral("voided by staff")});
    if (int rc = ctx.parse(p, args, 1, 1); rc >= 0) {
        return rc;
    }
    const QUuid id = QUuid::fromString(p.positionalArguments().first());
    if (id.isNull()) {
        return ctx.fail(kExitUsage, QStringLiteral("not a redemption id"));
    }
    auto cache = ctx.openCache();
    if (!cache) {
        return kExitIo;
    }
    auto& [store, settings] = *cache;
    SystemClock clock;
    AccessService service(*store, clock, settings.context(p.value(QStringLiteral("staff"))));
    // Once central has provisioned staff accounts, only an active supervisor allowed here may void.
    auto here = store->resource(settings.resourceId);
    const QString airport = here && here->has_value() ? (*here)->airport : QString();
    StaffDirectory staff(*store, clock, StaffDirectory::Options {settings.terminalId, settings.resourceId, airport});
    if (auto n = SecurityStore(*store).staffCount(); n && *n > 0) {
        service.setStaffDirectory(&staff);
    }
    auto r = service.voidRedemption(id, p.value(QStringLiteral("staff")), p.value(QStringLiteral("reason")),
                                    settings.voidWindowSeconds);
    if (!r) {
        const bool dataError = r.error().code == ErrorCode::NotFound || r.error().code == ErrorCode::Conflict
            || r.error().code == ErrorCode::Forbidden;
        return ctx.fail(dataError ? kExitData : kExitIo, r.error().toString(), toString(r.error().code));
    }
    ctx.print(json::toJson(*r),
              QStringLiteral("voided %1 (void record %2)")
                  .arg(id.toString(QUuid::WithoutBraces), r->id.toString(QUuid::WithoutBraces)));
    return kExitOk;
}

/// What a "the day's ..." command reads: the cache, its settings, and the terminal's local day [from, to) in UTC
/// (in the resource's time zone; `--date` picks another day).
struct Day
{
    CliContext::Cache cache;
    QDate date;
    QDateTime from;
    QDateTime to;
    QTimeZone zone = QTimeZone::utc(); ///< the lounge's
};

/// Parses the command line (only `--date`), opens the cache and works out the day. On failure `exit` holds the exit
/// code (the error is already printed); also when --help was asked for (exit 0).
std::optional<Day> openDay(CliContext& ctx, const QString& description, const QStringList& args, int& exit)
{
    QCommandLineParser p;
    p.setApplicationDescription(description);
    p.addOption({QStringLiteral("date"), QStringLiteral("Local date at the resource (default today)."),
                 QStringLiteral("YYYY-MM-DD")});
    if (int rc = ctx.parse(p, args, 0, 0); rc >= 0) {
        exit = rc;
        return std::nullopt;
    }
    auto cache = ctx.openCache();
    if (!cache) {
        exit = kExitIo;
        return std::nullopt;
    }
    Day d {std::move(*cache), {}, {}, {}, QTimeZone::utc()};
    QTimeZone tz = QTimeZone::utc();
    if (auto res = d.cache.store->resource(d.cache.settings.resourceId); res && res->has_value()) {
        const QTimeZone candidate(res->value().timeZone.toUtf8());
        if (candidate.isValid()) {
            tz = candidate;
        }
    }
    d.date = QDateTime::currentDateTimeUtc().toTimeZone(tz).date();
    if (p.isSet(QStringLiteral("date"))) {
        d.date = QDate::fromString(p.value(QStringLiteral("date")), Qt::ISODate);
        if (!d.date.isValid()) {
            exit = ctx.fail(kExitUsage, QStringLiteral("--date needs YYYY-MM-DD"));
            return std::nullopt;
        }
    }
    d.zone = tz;
    d.from = QDateTime(d.date, QTime(0, 0), tz).toUTC();
    d.to = QDateTime(d.date.addDays(1), QTime(0, 0), tz).toUTC();
    return d;
}

int runHistory(CliContext& ctx, const QStringList& args, bool statsOnly)
{
    int exit = kExitOk;
    auto day = openDay(ctx,
                       statsOnly ? QStringLiteral("The day's totals at this terminal.")
                                 : QStringLiteral("The day's journal, newest first."),
                       args, exit);
    if (!day) {
        return exit;
    }
    Store& store = *day->cache.store;
    const QString& resource = day->cache.settings.resourceId;
    const QString date = day->date.toString(Qt::ISODate);
    if (statsOnly) {
        auto s = store.shiftStats(day->from, day->to, day->zone);
        if (!s) {
            return ctx.storeFailure(s.error());
        }
        auto pending = store.pendingUploads();
        if (!pending) {
            return ctx.storeFailure(pending.error());
        }
        // Shift statistics: people by local hour ("09": 12) and by programme ("Gold": 30, "Paid entry": 2).
        QJsonObject byHour;
        QStringList hours;
        for (auto it = s->peopleByHour.cbegin(); it != s->peopleByHour.cend(); ++it) {
            const QString hour = QStringLiteral("%1").arg(it.key(), 2, 10, QLatin1Char('0'));
            byHour.insert(hour, it.value());
            hours << QStringLiteral("%1h %2").arg(hour).arg(it.value());
        }
        QJsonObject byProgram;
        QStringList programs;
        for (auto it = s->peopleByProgram.cbegin(); it != s->peopleByProgram.cend(); ++it) {
            const QString name = it.key().isEmpty() ? QStringLiteral("unknown") : it.key();
            byProgram.insert(name, it.value());
            programs << QStringLiteral("%1 %2").arg(name).arg(it.value());
        }
        ctx.print(QJsonObject {{"date", date},
                               {"resource", resource},
                               {"admitted", s->admitted},
                               {"redemptions", s->redemptions},
                               {"guests", s->guests},
                               {"voided", s->voided},
                               {"refused", s->refused},
                               {"admittedAnyway", s->overrides},
                               {"paidEntries", s->paidEntries},
                               {"paidPeople", s->paidPeople},
                               {"byHour", byHour},
                               {"byProgram", byProgram},
                               {"rejectedByCentral", s->rejected},
                               {"conflicts", s->conflicts},
                               {"pendingUploads", *pending}},
                  QStringLiteral("%1 at %2: %3 people admitted in %4 visits (%5 guests, %6 admitted anyway), "
                                 "%7 paid entries, %8 refused, %9 voided, %10 awaiting upload")
                          .arg(date, resource)
                          .arg(s->admitted)
                          .arg(s->redemptions)
                          .arg(s->guests)
                          .arg(s->overrides)
                          .arg(s->paidEntries)
                          .arg(s->refused)
                          .arg(s->voided)
                          .arg(*pending)
                      + (hours.isEmpty() ? QString()
                                         : QStringLiteral("\n  by hour: ") + hours.join(QStringLiteral(", "))
                                 + QStringLiteral("\n  by programme: ") + programs.join(QStringLiteral(", "))));
        return kExitOk;
    }
    auto list = store.journal(day->from, day->to);
    if (!list) {
        return ctx.storeFailure(list.error());
    }
    for (const auto& r : *list) {
        QJsonObject o = json::toJson(r);
        const QString state = r.voidedBy.isNull() ? toString(r.state) : QStringLiteral("voided");
        o.insert("state", state);
        o.insert("holder", r.holderName);
        ctx.print(o,
                  QStringLiteral("%1  %2  %3  %4  party %5  %6  %7")
                      .arg(r.at.toLocalTime().toString(QStringLiteral("HH:mm:ss")), toString(r.kind).leftJustified(6),
                           r.id.toString(QUuid::WithoutBraces), r.holderName.leftJustified(18))
                      .arg(r.partySize)
                      .arg(state, r.staffId));
    }
    if (list->isEmpty() && !ctx.json) {
        ctx.out << "No visits recorded on " << date << ".\n";
    }
    return kExitOk;
}

/// Staff-facing words for a session event; `subject` is whose session it was.
QString describe(const StaffEvent& e)
{
    switch (e.kind) {
    case StaffEventKind::SignedIn:
        return QStringLiteral("%1 signed in").arg(e.staffId);
    case StaffEventKind::SignedOut:
        return QStringLiteral("%1 signed out").arg(e.staffId);
    case StaffEventKind::Locked:
        return QStringLiteral("%1 locked the desk").arg(e.staffId);
    case StaffEventKind::Unlocked:
        return QStringLiteral("%1 unlocked the desk").arg(e.staffId);
    case StaffEventKind::SignedOutOther:
        return QStringLiteral("supervisor %1 signed %2 out and took the desk").arg(e.staffId, e.subjectId);
    case StaffEventKind::SignOutRefused:
        return QStringLiteral("%1 tried to take the desk from %2: refused (not a supervisor)")
            .arg(e.staffId, e.subjectId);
    }
    return {};
}

int runStaffLog(CliContext& ctx, const QStringList& args)
{
    int exit = kExitOk;
    auto day = openDay(ctx,
                       QStringLiteral("The day's staff sessions at this terminal: sign-ins, locks, unlocks, and "
                                      "supervisors signing others out. Oldest first."),
                       args, exit);
    if (!day) {
        return exit;
    }
    auto events = StaffEventLog(*day->cache.store).between(day->from, day->to);
    if (!events) {
        return ctx.storeFailure(events.error());
    }
    for (const auto& e : *events) {
        QJsonObject o {{"seq", double(e.seq)},
                       {"at", e.at.toString(Qt::ISODateWithMs)},
                       {"event", toString(e.kind)},
                       {"staff", e.staffId}};
        if (!e.subjectId.isEmpty()) {
            o.insert("subject", e.subjectId);
        }
        ctx.print(o,
                  QStringLiteral("%1  %2").arg(e.at.toLocalTime().toString(QStringLiteral("HH:mm:ss")), describe(e)));
    }
    if (events->isEmpty() && !ctx.json) {
        ctx.out << "No staff sessions recorded on " << day->date.toString(Qt::ISODate) << ".\n";
    }
    return kExitOk;
}

} // namespace

QList<CliCommand> coreCommands()
{
    return {
        {QStringLiteral("demo"), QStringLiteral("Seed the demo cache and validate every demo code"), runDemo},
        {QStringLiteral("seed-demo"), QStringLiteral("Fill the local cache with the demo data set"), runSeedDemo},
        {QStringLiteral("validate"), QStringLiteral("Validate a code (records nothing)"),
         [](CliContext& c, const QStringList& a) { return runValidateOrRedeem(c, a, false); }},
        {QStringLiteral("redeem"), QStringLiteral("Validate and record a visit"),
         [](CliContext& c, const QStringList& a) { return runValidateOrRedeem(c, a, true); }},
        {QStringLiteral("void"), QStringLiteral("Void a recorded visit (refunds it)"), runVoid},
        {QStringLiteral("history"), QStringLiteral("The day's visits"),
         [](CliContext& c, const QStringList& a) { return runHistory(c, a, false); }},
        {QStringLiteral("stats"), QStringLiteral("The day's totals"),
         [](CliContext& c, const QStringList& a) { return runHistory(c, a, true); }},
        {QStringLiteral("staff-log"),
         QStringLiteral("The day's staff sessions (sign-in, lock, sign-out by a supervisor)"), runStaffLog},
    };
}

} // namespace lounge::app
