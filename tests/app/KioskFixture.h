#pragma once

// Shared by the kiosk tests: a demo cache in a temporary directory, a fixed clock, and the demo codes by label.

#include "Clock.h"
#include "DemoData.h"
#include "controller/KioskTypes.h"

#include <QTest>

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QTimeZone>

#include <memory>

namespace lounge::test {

/// Mid-morning in Hong Kong (the demo lounge's zone), so "today" is the same day everywhere in the test.
inline std::shared_ptr<core::FixedClock> makeClock()
{
    return std::make_shared<core::FixedClock>(QDateTime(QDate(2026, 11, 27), QTime(2, 0), QTimeZone::utc()));
}

inline QByteArray demoCode(const QString& label, const QDate& today = QDate(2026, 11, 27))
{
    for (const auto& s : core::DemoData::build(today).samples) {
        if (s.label == label) {
            return s.code.toUtf8();
        }
    }
    qFatal("no demo sample %s", qPrintable(label));
    return {};
}

inline const QString kGold = QStringLiteral("Gold member, active");
inline const QString kPlatinum = QStringLiteral("Platinum member, active");
inline const QString kSuspended = QStringLiteral("Classic member, suspended");
inline const QString kEPass = QStringLiteral("E-pass, any lounge, 3 visits");
inline const QString kEPassOneVisit = QStringLiteral("E-pass for this lounge only, 1 visit");
inline const QString kLondonOnly = QStringLiteral("E-pass for London only");

} // namespace lounge::test

// Readable QCOMPARE failures for verdict tones (screens, reasons and error codes are compared as their names).
namespace QTest {
template<> inline char* toString(const lounge::app::VerdictTone& t)
{
    static const char* const names[] = {"Accept", "Attention", "Reject", "NotRecorded"};
    return qstrdup(names[int(t)]);
}
} // namespace QTest
