#include "cli/ReportCommand.h"

#include "Clock.h"
#include "ShiftReport.h"
#include "Validator.h"
#include "cli/Cli.h"
#include "controller/ShiftReportExport.h"
#include "gui/ShiftReportDocument.h"

#include <QJsonArray>

namespace lounge::app {

int runReportCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    CliContext ctx(out, err);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "report shift: the end-of-shift report of one local day at this desk (lounge time zone), read from the local "
        "journal: visits, cardholders and guests by programme and hour, refused scans by reason, overrides, voids, "
        "paid entries, visits admitted without a boarding pass and boarding-pass name mismatches."));
    p.addPositionalArgument(QStringLiteral("shift"), QStringLiteral("the report to make (only 'shift')"));
    const QCommandLineOption date(QStringLiteral("date"), QStringLiteral("Local day, yyyy-MM-dd (default: today)."),
                                  QStringLiteral("yyyy-MM-dd"));
    const QCommandLineOption csv(QStringLiteral("csv"), QStringLiteral("Write the report as CSV to FILE."),
                                 QStringLiteral("FILE"));
    const QCommandLineOption pdf(QStringLiteral("pdf"), QStringLiteral("Write the report as PDF to FILE."),
                                 QStringLiteral("FILE"));
    p.addOptions({date, csv, pdf});
    if (const int rc = ctx.parse(p, args, 1, 1); rc >= 0) {
        return rc;
    }
    if (p.positionalArguments().constFirst() != QLatin1String("shift")) {
        return ctx.fail(
            kExitUsage,
            QStringLiteral("unknown report '%1' (try: report shift)").arg(p.positionalArguments().constFirst()));
    }
    QDate day;
    if (p.isSet(date)) {
        day = QDate::fromString(p.value(date), Qt::ISODate);
        if (!day.isValid()) {
            return ctx.fail(kExitUsage, QStringLiteral("--date: expected yyyy-MM-dd, got '%1'").arg(p.value(date)),
                            QStringLiteral("BAD_DATE"));
        }
    }
    auto store = ctx.openStore(core::Store::Options {true}); // read-only: a report never changes the evidence
    if (!store) {
        return kExitIo;
    }
    auto settings = core::TerminalSettings::load(*store);
    if (!settings) {
        return ctx.storeFailure(settings.error());
    }
    QString zoneId = QStringLiteral("UTC");
    if (auto r = store->resource(settings->resourceId); r && r->has_value()) {
        zoneId = (*r)->timeZone;
    }
    QTimeZone zone(zoneId.toUtf8());
    if (!zone.isValid()) {
        zone = QTimeZone::utc();
    }
    if (!day.isValid()) {
        day = core::Validator::localDate(core::SystemClock().now(), zoneId);
    }
    auto report = core::ShiftReport::forDay(*store, day, zone);
    if (!report) {
        return ctx.storeFailure(report.error());
    }
    const gui::ShiftReportDocument writer;
    QStringList paths;
    for (const auto& [option, format] : {std::pair {&csv, ReportFormat::Csv}, std::pair {&pdf, ReportFormat::Pdf}}) {
        if (!p.isSet(*option)) {
            continue;
        }
        if (auto w = writer.write(*report, format, p.value(*option)); !w) {
            return ctx.fail(kExitIo, w.error().toString(), core::toString(w.error().code));
        }
        paths << p.value(*option);
    }
    const auto& t = report->total;
    ctx.print(QJsonObject {{"terminal", report->terminalId},
                           {"day", day.toString(Qt::ISODate)},
                           {"timeZone", QString::fromUtf8(zone.id())},
                           {"visits", t.visits},
                           {"cardholders", t.cardholders},
                           {"guests", t.guests},
                           {"paidEntries", report->paidEntries},
                           {"paidPeople", t.paid},
                           {"refused", t.refused},
                           {"overrides", int(report->overrides.size())},
                           {"voids", int(report->voids.size())},
                           {"boardingPassOverrides", report->boardingPassOverrides},
                           {"nameMismatches", report->nameMismatches},
                           {"written", QJsonArray::fromStringList(paths)}},
              QStringLiteral("shift %1 at %2 (%3): %4 visits, %5 cardholders, %6 guests, %7 paid entries (%8 people), "
                             "%9 refused, %10 overrides, %11 voids, %12 admitted without a boarding pass, %13 name "
                             "mismatches%14")
                  .arg(day.toString(Qt::ISODate), report->terminalId, QString::fromUtf8(zone.id()))
                  .arg(t.visits)
                  .arg(t.cardholders)
                  .arg(t.guests)
                  .arg(report->paidEntries)
                  .arg(t.paid)
                  .arg(t.refused)
                  .arg(report->overrides.size())
                  .arg(report->voids.size())
                  .arg(report->boardingPassOverrides)
                  .arg(report->nameMismatches)
                  .arg(paths.isEmpty() ? QString() : QStringLiteral("; written: ") + paths.join(QStringLiteral(", "))));
    return kExitOk;
}

} // namespace lounge::app
