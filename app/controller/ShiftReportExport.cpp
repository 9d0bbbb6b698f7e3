#include "controller/ShiftReportExport.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStorageInfo>

namespace lounge::app {

using core::ShiftReport;

namespace {

QString cell(QString s)
{
    if (!s.isEmpty() && QStringLiteral("=+-@").contains(s.front())) {
        s.prepend(QLatin1Char('\'')); // never a formula in a spreadsheet (a holder name comes from central)
    }
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) || s.contains(QLatin1Char('\n'))
        || s.contains(QLatin1Char('\r'))) {
        s.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        return QLatin1Char('"') + s + QLatin1Char('"');
    }
    return s;
}

struct Line
{
    QString section, item, localTime, staff, reason, holder;
    QStringList counts = QStringList(6); // visits, cardholders, guests, paid_people, people, refused
    QString amount, remark;
};

void countsInto(Line& l, const ShiftReport::Counts& c)
{
    l.counts = {QString::number(c.visits), QString::number(c.cardholders), QString::number(c.guests),
                QString::number(c.paid),   QString::number(c.people()),    QString::number(c.refused)};
}

} // namespace

QString shiftReportFileName(const ShiftReport& report, ReportFormat format)
{
    QString terminal = report.terminalId;
    terminal.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    return QStringLiteral("shift-%1-%2.%3")
        .arg(terminal, report.day.toString(Qt::ISODate),
             format == ReportFormat::Csv ? QStringLiteral("csv") : QStringLiteral("pdf"));
}

QByteArray shiftReportCsv(const ShiftReport& r)
{
    QList<Line> lines;
    auto meta = [&](const QString& item, const QString& value) {
        Line l;
        l.section = QStringLiteral("meta");
        l.item = item;
        l.counts = QStringList(6);
        l.remark = value;
        lines << l;
    };
    auto local = [&](const QDateTime& utc) { return utc.toTimeZone(r.zone).toString(Qt::ISODate); };
    meta(QStringLiteral("terminal"), r.terminalId);
    meta(QStringLiteral("lounge"), r.resourceId);
    meta(QStringLiteral("day"), r.day.toString(Qt::ISODate));
    meta(QStringLiteral("time_zone"), QString::fromUtf8(r.zone.id()));
    meta(QStringLiteral("from"), local(r.fromUtc));
    meta(QStringLiteral("to"), local(r.toUtc));
    {
        Line l;
        l.section = QStringLiteral("total");
        l.item = QStringLiteral("all");
        countsInto(l, r.total);
        l.amount = QString::number(r.paidAmountMinor);
        lines << l;
    }
    {
        Line l;
        l.section = QStringLiteral("paid");
        l.item = QStringLiteral("entries");
        l.counts[0] = QString::number(r.paidEntries);
        l.counts[3] = QString::number(r.total.paid);
        l.counts[4] = QString::number(r.total.paid);
        l.amount = QString::number(r.paidAmountMinor);
        lines << l;
    }
    for (const auto& p : r.byProgram) {
        Line l;
        l.section = QStringLiteral("program");
        l.item = p.program;
        countsInto(l, p.counts);
        lines << l;
    }
    for (const auto& h : r.byHour) {
        Line l;
        l.section = QStringLiteral("hour");
        l.item = QStringLiteral("%1:00").arg(h.hour, 2, 10, QLatin1Char('0'));
        countsInto(l, h.counts);
        lines << l;
    }
    for (const auto& x : r.refusedByReason) {
        Line l;
        l.section = QStringLiteral("refused");
        l.item = core::toString(x.reason);
        l.reason = l.item;
        l.counts[5] = QString::number(x.count);
        lines << l;
    }
    for (const auto& o : r.overrides) {
        Line l;
        l.section = QStringLiteral("override");
        l.item = o.visitId.toString(QUuid::WithoutBraces);
        l.localTime = local(o.at);
        l.staff = o.staffId;
        l.reason = core::toString(o.reason);
        l.holder = o.holderName;
        l.counts[0] = QStringLiteral("1");
        l.counts[4] = QString::number(o.partySize);
        l.remark = o.voided ? QStringLiteral("voided") : QString();
        lines << l;
    }
    {
        // Boarding passes (issue 14): overrides of a missing one, and confirmed name mismatches (standing visits).
        Line l;
        l.section = QStringLiteral("boarding_pass");
        l.item = QStringLiteral("overrides");
        l.counts[0] = QString::number(r.boardingPassOverrides);
        lines << l;
        l.item = QStringLiteral("name_mismatches");
        l.reason = core::toString(core::Reason::NameMismatch);
        l.counts[0] = QString::number(r.nameMismatches);
        lines << l;
    }
    for (const auto& o : r.boardingPassOverrideList) {
        Line l;
        l.section = QStringLiteral("boarding_pass_override");
        l.item = o.visitId.toString(QUuid::WithoutBraces);
        l.localTime = local(o.at);
        l.staff = o.supervisor;
        l.reason = core::toString(core::Reason::BoardingPassRequired);
        l.holder = o.holderName;
        l.counts[0] = QStringLiteral("1");
        l.counts[4] = QString::number(o.partySize);
        l.remark = o.voided ? QStringLiteral("voided: ") + o.reason : o.reason;
        lines << l;
    }
    for (const auto& v : r.voids) {
        Line l;
        l.section = QStringLiteral("void");
        l.item = v.voids.toString(QUuid::WithoutBraces);
        l.localTime = local(v.at);
        l.staff = v.staffId;
        l.holder = v.holderName;
        l.counts[4] = QString::number(v.partySize);
        l.remark = v.remark;
        lines << l;
    }
    QByteArray out = "section,item,local_time,staff,reason,holder,visits,cardholders,guests,paid_people,people,"
                     "refused,amount_minor,remark\r\n";
    for (const Line& l : lines) {
        QStringList cells {l.section, l.item, l.localTime, l.staff, l.reason, l.holder};
        cells << l.counts << l.amount << l.remark;
        for (QString& c : cells) {
            c = cell(c);
        }
        out += cells.join(QLatin1Char(',')).toUtf8() + "\r\n";
    }
    return out;
}

core::Result<void> writeReportFile(const QString& path, const QByteArray& data)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        return core::makeError(core::ErrorCode::IoError,
                               QStringLiteral("cannot create the directory %1").arg(info.absolutePath()));
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        const QStorageInfo storage(info.absolutePath());
        return core::makeError(storage.isReadOnly() ? core::ErrorCode::ReadOnly : core::ErrorCode::IoError,
                               QStringLiteral("%1: %2").arg(path, file.errorString()));
    }
    if (file.write(data) != data.size() || !file.commit()) {
        const QStorageInfo storage(info.absolutePath());
        return core::makeError(storage.bytesAvailable() < data.size() ? core::ErrorCode::DiskFull
                                                                      : core::ErrorCode::IoError,
                               QStringLiteral("%1: %2").arg(path, file.errorString()));
    }
    return {};
}

} // namespace lounge::app
