#pragma once

#include "Result.h"

#include <QByteArray>
#include <QString>

namespace lounge::central {

/// Renders a credential payload as a QR code PNG (ZXing writer). Pure function, any thread.
class QrRenderer
{
public:
    /// PNG bytes, `moduleSize` pixels per QR module, with a 4-module quiet zone.
    static core::Result<QByteArray> png(const QString& payload, int moduleSize = 8);
    /// The same code as text for a terminal: two QR rows per line with Unicode half blocks, dark modules drawn
    /// as spaces on a light (block) background so it scans from a dark-background terminal, 4-module quiet zone.
    static core::Result<QString> text(const QString& payload);
};

} // namespace lounge::central
