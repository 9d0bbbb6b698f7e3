#pragma once

#include <QLoggingCategory>

namespace lounge::scanner {
Q_DECLARE_LOGGING_CATEGORY(lcScanner)

/// Short stable hash of a payload for logs: codes themselves are never logged.
QString payloadTag(const QByteArray& bytes);
} // namespace lounge::scanner
