#include "BillingReport.h"

#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QMap>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

namespace lounge::central {

using core::ErrorCode;
using core::makeError;

namespace {

QByteArray csvField(const QString& s)
{
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n'))
        && !s.contains(QLatin1Char('\r'))) {
        return s.toUtf8();
    }
    QString q = s;
    q.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return '"' + q.toUtf8() + '"';
}

qint64 num(const QJsonObject& o, const char* key)
{
    return qint64(o.value(QLatin1String(key)).toDouble());
}

const char* const kCountColumns[]
    = {"visits",         "cardholders", "guests",  "paidEntries",       "paidPersons",
       "paidTakenMinor", "voids",       "flagged", "visitsAmountMinor", "guestsAmountMinor"};

/// A statement's byCarrier / byCompartment: code → (visits, passes).
QMap<QString, std::pair<qint64, qint64>> counts(const QJsonObject& o)
{
    QMap<QString, std::pair<qint64, qint64>> out;
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QJsonObject c = it.value().toObject();
        out.insert(it.key(), {num(c, "visits"), num(c, "passes")});
    }
    return out;
}

/// "CX 3/4; KA 1/1": code, visits / passes, in code order (one CSV field).
QString countsText(const QMap<QString, std::pair<qint64, qint64>>& counts)
{
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        parts << QStringLiteral("%1 %2/%3").arg(it.key()).arg(it.value().first).arg(it.value().second);
    }
    return parts.join(QLatin1String("; "));
}

QString html(const QString& s)
{
    return s.toHtmlEscaped();
}

} // namespace

QString BillingReport::money(qint64 minor, const QString& currency)
{
    const qint64 a = minor < 0 ? -minor : minor;
    return QStringLiteral("%1%2.%3 %4")
        .arg(minor < 0 ? QStringLiteral("-") : QString())
        .arg(a / 100)
        .arg(a % 100, 2, 10, QLatin1Char('0'))
        .arg(currency);
}

QByteArray BillingReport::csv(const QList<QJsonObject>& statements)
{
    QByteArray out = "line,month,program,resource,status,currency,per_visit_minor,per_guest_minor,visits,cardholders,"
                     "guests,paid_entries,paid_persons,paid_taken_minor,voids,flagged,visits_amount_minor,"
                     "guests_amount_minor,adjustment_lines,adjustments_minor,total_minor,boarding_passes,"
                     "boarding_pass_overrides,by_carrier,by_compartment\r\n";
    struct Total
    {
        qint64 counts[10] = {};
        qint64 lines = 0;
        qint64 adjustments = 0;
        qint64 total = 0;
        qint64 boardingPasses = 0;
        qint64 overrides = 0;
        QMap<QString, std::pair<qint64, qint64>> byCarrier;
        QMap<QString, std::pair<qint64, qint64>> byCompartment;
    };
    QMap<std::pair<QString, QString>, Total> totals;
    QMap<std::pair<QString, QString>, QString> months;
    for (const auto& s : statements) {
        const QJsonObject rate = s.value("rate").toObject();
        const QString currency = s.value("currency").toString();
        QByteArrayList row {"statement",
                            csvField(s.value("month").toString()),
                            csvField(s.value("program").toString()),
                            csvField(s.value("resource").toString()),
                            csvField(s.value("status").toString()),
                            csvField(currency),
                            rate.isEmpty() ? QByteArray() : QByteArray::number(num(rate, "perVisitMinor")),
                            rate.isEmpty() ? QByteArray() : QByteArray::number(num(rate, "perGuestMinor"))};
        const auto key = std::pair(s.value("program").toString(), currency);
        Total& t = totals[key];
        months[key] = s.value("month").toString();
        for (int i = 0; i < 10; ++i) {
            const qint64 v = num(s, kCountColumns[i]);
            row << QByteArray::number(v);
            t.counts[i] += v;
        }
        const qint64 lines = s.value("adjustments").toArray().size();
        row << QByteArray::number(lines) << QByteArray::number(num(s, "adjustmentsMinor"))
            << QByteArray::number(num(s, "totalMinor"));
        t.lines += lines;
        t.adjustments += num(s, "adjustmentsMinor");
        t.total += num(s, "totalMinor");
        const auto byCarrier = counts(s.value("byCarrier").toObject());
        const auto byCompartment = counts(s.value("byCompartment").toObject());
        row << QByteArray::number(num(s, "boardingPasses")) << QByteArray::number(num(s, "boardingPassOverrides"))
            << csvField(countsText(byCarrier)) << csvField(countsText(byCompartment));
        t.boardingPasses += num(s, "boardingPasses");
        t.overrides += num(s, "boardingPassOverrides");
        for (auto it = byCarrier.cbegin(); it != byCarrier.cend(); ++it) {
            t.byCarrier[it.key()].first += it.value().first;
            t.byCarrier[it.key()].second += it.value().second;
        }
        for (auto it = byCompartment.cbegin(); it != byCompartment.cend(); ++it) {
            t.byCompartment[it.key()].first += it.value().first;
            t.byCompartment[it.key()].second += it.value().second;
        }
        out += row.join(',') + "\r\n";
    }
    for (auto it = totals.cbegin(); it != totals.cend(); ++it) {
        QByteArrayList row {
            "total", csvField(months.value(it.key())), csvField(it.key().first), "", "", csvField(it.key().second), "",
            ""};
        for (qint64 v : it.value().counts) {
            row << QByteArray::number(v);
        }
        row << QByteArray::number(it.value().lines) << QByteArray::number(it.value().adjustments)
            << QByteArray::number(it.value().total) << QByteArray::number(it.value().boardingPasses)
            << QByteArray::number(it.value().overrides) << csvField(countsText(it.value().byCarrier))
            << csvField(countsText(it.value().byCompartment));
        out += row.join(',') + "\r\n";
    }
    return out;
}

core::Result<void> BillingReport::pdf(const QList<QJsonObject>& statements, const QString& month, const QString& path)
{
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance())) {
        return makeError(ErrorCode::Internal, QStringLiteral("a PDF needs a QGuiApplication (fonts)"));
    }
    QString h = QStringLiteral("<h1>Partner billing statement %1</h1>").arg(html(month));
    QMap<QString, QList<QJsonObject>> byProgram;
    for (const auto& s : statements) {
        byProgram[s.value("program").toString()] << s;
    }
    if (byProgram.isEmpty()) {
        h += QStringLiteral("<p>No statements for this month.</p>");
    }
    for (auto it = byProgram.cbegin(); it != byProgram.cend(); ++it) {
        h += QStringLiteral("<h2>Programme %1</h2>").arg(html(it.key()));
        QMap<QString, qint64> totals; // currency → total
        for (const auto& s : it.value()) {
            const QString cur = s.value("currency").toString();
            const QJsonObject rate = s.value("rate").toObject();
            h += QStringLiteral("<h3>%1 (%2), %3, %4</h3>")
                     .arg(html(s.value("resource").toString()), html(s.value("resourceName").toString()),
                          html(s.value("timeZone").toString()), html(s.value("status").toString()));
            h += QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\">");
            auto row = [&h](const QString& a, const QString& b) {
                h += QStringLiteral("<tr><td>%1</td><td align=\"right\">%2</td></tr>").arg(html(a), html(b));
            };
            row(QStringLiteral("Rate per visit / per guest"),
                rate.isEmpty() ? QStringLiteral("no rate")
                               : money(num(rate, "perVisitMinor"), cur) + QStringLiteral(" / ")
                        + money(num(rate, "perGuestMinor"), cur));
            row(QStringLiteral("Visits"), QString::number(num(s, "visits")));
            row(QStringLiteral("Cardholders"), QString::number(num(s, "cardholders")));
            row(QStringLiteral("Guests"), QString::number(num(s, "guests")));
            row(QStringLiteral("Walk-in / paid entries"),
                QStringLiteral("%1 (%2 persons)").arg(num(s, "paidEntries")).arg(num(s, "paidPersons")));
            row(QStringLiteral("Voided visits"), QString::number(num(s, "voids")));
            row(QStringLiteral("Flagged (overdraws, replays)"), QString::number(num(s, "flagged")));
            row(QStringLiteral("Boarding passes (supervisor overrides)"),
                QStringLiteral("%1 (%2)").arg(num(s, "boardingPasses")).arg(num(s, "boardingPassOverrides")));
            row(QStringLiteral("By carrier, visits/passes"), countsText(counts(s.value("byCarrier").toObject())));
            row(QStringLiteral("By compartment, visits/passes"),
                countsText(counts(s.value("byCompartment").toObject())));
            row(QStringLiteral("Visits amount"), money(num(s, "visitsAmountMinor"), cur));
            row(QStringLiteral("Guests amount"), money(num(s, "guestsAmountMinor"), cur));
            for (const auto& a : s.value("adjustments").toArray()) {
                const QJsonObject adj = a.toObject();
                row(QStringLiteral("Adjustment %1 %2 %3")
                        .arg(adj.value("month").toString(), adj.value("reason").toString(),
                             adj.value("visit").toString()),
                    money(num(adj, "amountMinor"), cur));
            }
            row(QStringLiteral("Total"), money(num(s, "totalMinor"), cur));
            h += QStringLiteral("</table>");
            totals[cur] += num(s, "totalMinor");
        }
        for (auto t = totals.cbegin(); t != totals.cend(); ++t) {
            h += QStringLiteral("<p><b>Programme %1 total: %2</b></p>").arg(html(it.key()), money(t.value(), t.key()));
        }
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return makeError(ErrorCode::CantOpen, QStringLiteral("cannot write %1").arg(path));
    }
    {
        QPdfWriter writer(&file);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setResolution(300);
        writer.setTitle(QStringLiteral("Partner billing statement %1").arg(month));
        writer.setCreator(QStringLiteral("lounge-central"));
        QTextDocument doc;
        doc.setHtml(h);
        doc.print(&writer);
    }
    file.close();
    if (file.error() != QFile::NoError || file.size() == 0) {
        return makeError(ErrorCode::IoError, QStringLiteral("writing %1 failed").arg(path));
    }
    return {};
}

} // namespace lounge::central
