#pragma once

#include "Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace lounge::central {

/// Renders billing statements (BillingService's JSON objects) as CSV and as a PDF. Thread affinity: any for csv();
/// pdf() needs a QGuiApplication (fonts): `lounge-central report billing --pdf` runs one on the offscreen platform.
class BillingReport
{
public:
    /// One row per statement, then one TOTAL row per (programme, currency); RFC 4180 quoting, CRLF line ends.
    static QByteArray csv(const QList<QJsonObject>& statements);
    /// A PDF (QPdfWriter + QTextDocument), one section per programme with a table per lounge.
    static core::Result<void> pdf(const QList<QJsonObject>& statements, const QString& month, const QString& path);
    /// "25.00 EUR" from minor units (2 decimals, the usual minor unit; the figure itself stays integral).
    static QString money(qint64 minor, const QString& currency);
};

} // namespace lounge::central
