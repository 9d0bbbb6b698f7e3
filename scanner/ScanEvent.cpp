#include "scanner/ScanEvent.h"

namespace lounge::scanner {

QString formatName(CodeFormat format)
{
    switch (format) {
    case CodeFormat::QrCode:
        return QStringLiteral("QRCode");
    case CodeFormat::Aztec:
        return QStringLiteral("Aztec");
    case CodeFormat::Pdf417:
        return QStringLiteral("PDF417");
    case CodeFormat::DataMatrix:
        return QStringLiteral("DataMatrix");
    case CodeFormat::Unknown:
        break;
    }
    return QStringLiteral("Unknown");
}

QString sourceKindName(SourceKind kind)
{
    switch (kind) {
    case SourceKind::Camera:
        return QStringLiteral("camera");
    case SourceKind::VideoFile:
        return QStringLiteral("video");
    case SourceKind::Image:
        return QStringLiteral("image");
    case SourceKind::KeyboardWedge:
        return QStringLiteral("keyboard");
    }
    return {};
}

QByteArray ScanEvent::identity() const
{
    QByteArray key = bytes.isEmpty() ? text.toUtf8() : bytes;
    key.prepend(char('0' + int(format)));
    return key;
}

} // namespace lounge::scanner
