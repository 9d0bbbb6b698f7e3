#include "gui/ShiftReportDocument.h"

#include "gui/ReasonText.h"

#include <QBuffer>
#include <QGuiApplication>
#include <QLocale>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>
#include <QTextOption>

namespace lounge::gui {

using core::ShiftReport;

namespace {

QString esc(const QString& s)
{
    return s.toHtmlEscaped();
}

QString num(qint64 n)
{
    return QLocale().toString(n);
}

QString row(const QStringList& cells, bool head = false)
{
    const QString tag = head ? QStringLiteral("th") : QStringLiteral("td");
    QString out = QStringLiteral("<tr>");
    for (const QString& c : cells) {
        out += QStringLiteral("<%1>%2</%1>").arg(tag, esc(c));
    }
    return out + QStringLiteral("</tr>");
}

} // namespace

QString ShiftReportDocument::html(const ShiftReport& r)
{
    const QLocale loc;
    const bool rtl = QGuiApplication::layoutDirection() == Qt::RightToLeft;
    const QTimeZone zone = r.zone.isValid() ? r.zone : QTimeZone::utc();
    auto time = [&](const QDateTime& at) { return loc.toString(at.toTimeZone(zone).time(), QStringLiteral("HH:mm")); };
    auto countCells = [&](const QString& item, const ShiftReport::Counts& c) {
        return QStringList {item, num(c.visits), num(c.cardholders), num(c.guests), num(c.paid), num(c.people())};
    };
    const QStringList countHead {tr("Visits"), tr("Cardholders"), tr("Guests"), tr("Paid entry people"), tr("People")};

    QString h = QStringLiteral("<html dir=\"%1\"><head><style>"
                               "table { border-collapse: collapse; margin-bottom: 12px; }"
                               "th, td { border: 1px solid #888; padding: 3px 6px; }"
                               "th { background: #e5e7eb; }"
                               "</style></head><body>")
                    .arg(rtl ? QStringLiteral("rtl") : QStringLiteral("ltr"));
    h += QStringLiteral("<h1>%1</h1>").arg(esc(tr("End-of-shift report")));
    h += QStringLiteral("<p>%1</p>")
             .arg(esc(tr("Terminal %1 · lounge %2 · %3 to %4 (%5)")
                          .arg(r.terminalId, r.resourceId,
                               loc.toString(r.fromUtc.toTimeZone(zone), QStringLiteral("yyyy-MM-dd HH:mm")),
                               loc.toString(r.toUtc.toTimeZone(zone), QStringLiteral("yyyy-MM-dd HH:mm")),
                               QString::fromUtf8(zone.id()))));

    h += QStringLiteral("<h2>%1</h2><table>").arg(esc(tr("Totals")));
    h += row(QStringList {QString()} + countHead + QStringList {tr("Refused")}, true);
    h += row(countCells(tr("All day"), r.total) + QStringList {num(r.total.refused)});
    h += QStringLiteral("</table>");
    h += QStringLiteral("<p>%1</p>")
             .arg(esc(tr("Paid entries: %1 (%2 people), amount %3")
                          .arg(num(r.paidEntries), num(r.total.paid),
                               loc.toString(double(r.paidAmountMinor) / 100, 'f', 2))));

    h += QStringLiteral("<h2>%1</h2><table>").arg(esc(tr("By programme")));
    h += row(QStringList {tr("Programme")} + countHead, true);
    for (const auto& p : r.byProgram) {
        const QString name = p.program == QLatin1String("Paid entry") ? tr("Paid entry")
            : p.program.isEmpty()                                     ? tr("Other")
                                                                      : p.program;
        h += row(countCells(name, p.counts));
    }
    h += QStringLiteral("</table>");

    h += QStringLiteral("<h2>%1</h2><table>").arg(esc(tr("By hour")));
    h += row(QStringList {tr("Hour")} + countHead + QStringList {tr("Refused")}, true);
    for (const auto& x : r.byHour) {
        h += row(countCells(loc.toString(QTime(x.hour, 0), QStringLiteral("HH:mm")), x.counts)
                 + QStringList {num(x.counts.refused)});
    }
    h += QStringLiteral("</table>");

    h += QStringLiteral("<h2>%1</h2><table>").arg(esc(tr("Refused scans by reason")));
    h += row({tr("Reason"), tr("Refused")}, true);
    for (const auto& x : r.refusedByReason) {
        h += row({ReasonText::reason(x.reason), num(x.count)});
    }
    h += QStringLiteral("</table>");

    h += QStringLiteral("<h2>%1</h2><table>").arg(esc(tr("Admitted anyway (overrides)")));
    h += row({tr("Time"), tr("Staff"), tr("Why the desk asked"), tr("Name"), tr("People"), tr("Status")}, true);
    for (const auto& o : r.overrides) {
        h += row({time(o.at), ReasonText::staffName(o.staffId, {}), ReasonText::reason(o.reason), o.holderName,
                  num(o.partySize), o.voided ? tr("voided later") : tr("stands")});
    }
    h += QStringLiteral("</table>");

    h += QStringLiteral("<h2>%1</h2><table>").arg(esc(tr("Voids")));
    h += row({tr("Time"), tr("Staff"), tr("Reason given"), tr("Name"), tr("People")}, true);
    for (const auto& v : r.voids) {
        h += row({time(v.at), ReasonText::staffName(v.staffId, {}), v.remark, v.holderName, num(v.partySize)});
    }
    h += QStringLiteral("</table></body></html>");
    return h;
}

QByteArray ShiftReportDocument::pdf(const ShiftReport& report)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setTitle(tr("End-of-shift report"));
        writer.setCreator(QStringLiteral("lounge-terminal"));
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(15, 15, 15, 15),
                                         QPageLayout::Millimeter));
        writer.setResolution(300);
        QTextDocument doc;
        QTextOption option = doc.defaultTextOption();
        option.setTextDirection(QGuiApplication::layoutDirection());
        doc.setDefaultTextOption(option);
        doc.setHtml(html(report));
        doc.print(&writer);
    }
    return bytes;
}

core::Result<void> ShiftReportDocument::write(const ShiftReport& report, app::ReportFormat format,
                                              const QString& path) const
{
    return app::writeReportFile(path, format == app::ReportFormat::Csv ? app::shiftReportCsv(report) : pdf(report));
}

} // namespace lounge::gui
