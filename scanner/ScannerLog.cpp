#include "scanner/ScannerLog.h"

#include <QCryptographicHash>

namespace lounge::scanner {
Q_LOGGING_CATEGORY(lcScanner, "lounge.scanner")

QString payloadTag(const QByteArray& bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().left(8));
}
} // namespace lounge::scanner
