#include "CanonicalJson.h"

#include <QByteArray>

#include <cstring>

namespace lounge::protocol::canonical {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// Where the value starting at p ends (one past it), nullptr when the text is not understood. Strings are skipped
/// with their escapes; brackets are matched by depth (the text was accepted by a strict parse already).
const char* skipValue(const char* p, const char* end)
{
    int depth = 0;
    while (p < end) {
        const char c = *p;
        if (c == '"') {
            ++p;
            while (p < end && *p != '"') {
                p += *p == '\\' ? 2 : 1;
            }
            if (p >= end) {
                return nullptr;
            }
            ++p;
        } else if (c == '{' || c == '[') {
            ++depth;
            ++p;
        } else if (c == '}' || c == ']') {
            if (depth == 0) {
                return p; // the enclosing container's end
            }
            --depth;
            ++p;
        } else if (c == ',' && depth == 0) {
            return p;
        } else {
            ++p;
        }
        if (depth == 0 && (c == '"' || c == '}' || c == ']')) {
            return p;
        }
    }
    return depth == 0 ? p : nullptr;
}

const char* skipSpace(const char* p, const char* end)
{
    while (p < end && isSpace(*p)) {
        ++p;
    }
    return p;
}

/// A trimmed value text: the text from p to the value's end, without trailing whitespace.
QByteArrayView trimmed(const char* begin, const char* end)
{
    while (end > begin && isSpace(end[-1])) {
        --end;
    }
    return QByteArrayView(begin, end - begin);
}

/// The canonical reader: one value at m_p, false as soon as something is not what Qt's compact writer writes.
class Reader
{
public:
    Reader(const char* p, const char* end)
        : m_p(p)
        , m_end(end)
    { }

    bool value()
    {
        if (m_p >= m_end) {
            return false;
        }
        switch (*m_p) {
        case '{':
            return object();
        case '[':
            return array();
        case '"':
            return string(nullptr);
        case 't':
            return literal("true", 4);
        case 'f':
            return literal("false", 5);
        case 'n':
            return literal("null", 4);
        default:
            return number();
        }
    }
    bool atEnd() const { return m_p == m_end; }

private:
    bool literal(const char* word, qsizetype n)
    {
        if (m_end - m_p < n || std::memcmp(m_p, word, size_t(n)) != 0) {
            return false;
        }
        m_p += n;
        return true;
    }
    bool number()
    {
        const char* start = m_p;
        if (m_p < m_end && *m_p == '-') {
            ++m_p;
        }
        const char* digits = m_p;
        while (m_p < m_end && *m_p >= '0' && *m_p <= '9') {
            ++m_p;
        }
        const qsizetype n = m_p - digits;
        if (n == 0 || (n > 1 && *digits == '0') || (*start == '-' && n == 1 && *digits == '0')) {
            return false; // not a number, a leading zero, "-0" (written "0")
        }
        // 2^53 has 16 digits: beyond 15 digits Qt may hold the number as a double; leave such text to the encoder.
        if (n > 15) {
            return false;
        }
        return m_p == m_end || (*m_p != '.' && *m_p != 'e' && *m_p != 'E');
    }
    /// Plain strings only: no escape, no control character, no DEL (Qt writes every other character as its UTF-8,
    /// which the strict reader has checked).
    bool string(QByteArrayView* content)
    {
        const char* start = ++m_p;
        while (m_p < m_end) {
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                if (content) {
                    *content = QByteArrayView(start, m_p - start);
                }
                ++m_p;
                return true;
            }
            if (c == '\\' || c < 0x20 || c == 0x7F) {
                return false;
            }
            ++m_p;
        }
        return false;
    }
    bool object()
    {
        ++m_p;
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            return true;
        }
        QByteArrayView previous;
        bool first = true;
        while (true) {
            if (m_p >= m_end || *m_p != '"') {
                return false;
            }
            QByteArrayView key;
            if (!string(&key)) {
                return false;
            }
            // QJsonObject keeps its keys sorted (UTF-16 order; for ASCII that is byte order): ASCII keys only.
            for (const char k : key) {
                if (static_cast<unsigned char>(k) >= 0x80) {
                    return false;
                }
            }
            if (!first && !(previous.compare(key) < 0)) {
                return false;
            }
            first = false;
            previous = key;
            if (m_p >= m_end || *m_p != ':') {
                return false;
            }
            ++m_p;
            if (!value()) {
                return false;
            }
            if (m_p >= m_end) {
                return false;
            }
            if (*m_p == '}') {
                ++m_p;
                return true;
            }
            if (*m_p != ',') {
                return false;
            }
            ++m_p;
        }
    }
    bool array()
    {
        ++m_p;
        if (m_p < m_end && *m_p == ']') {
            ++m_p;
            return true;
        }
        while (true) {
            if (!value() || m_p >= m_end) {
                return false;
            }
            if (*m_p == ']') {
                ++m_p;
                return true;
            }
            if (*m_p != ',') {
                return false;
            }
            ++m_p;
        }
    }

    const char* m_p;
    const char* m_end;
};

} // namespace

QList<Member> members(QByteArrayView object)
{
    QList<Member> out;
    const char* p = object.data();
    const char* const end = p + object.size();
    p = skipSpace(p, end);
    if (p >= end || *p != '{') {
        return {};
    }
    p = skipSpace(p + 1, end);
    if (p < end && *p == '}') {
        return out;
    }
    while (p < end) {
        if (*p != '"') {
            return {};
        }
        const char* keyEnd = skipValue(p, end);
        if (!keyEnd) {
            return {};
        }
        const QByteArrayView key(p + 1, keyEnd - p - 2);
        p = skipSpace(keyEnd, end);
        if (p >= end || *p != ':') {
            return {};
        }
        const char* valueStart = skipSpace(p + 1, end);
        const char* valueEnd = skipValue(valueStart, end);
        if (!valueEnd || valueEnd == valueStart) {
            return {};
        }
        out.append(Member {key, trimmed(valueStart, valueEnd)});
        p = skipSpace(valueEnd, end);
        if (p < end && *p == '}') {
            return out;
        }
        if (p >= end || *p != ',') {
            return {};
        }
        p = skipSpace(p + 1, end);
    }
    return {};
}

bool elements(QByteArrayView array, QList<QByteArrayView>* out)
{
    out->clear();
    const char* p = array.data();
    const char* const end = p + array.size();
    p = skipSpace(p, end);
    if (p >= end || *p != '[') {
        return false;
    }
    p = skipSpace(p + 1, end);
    if (p < end && *p == ']') {
        return true;
    }
    while (p < end) {
        const char* valueEnd = skipValue(p, end);
        if (!valueEnd || valueEnd == p) {
            return false;
        }
        out->append(trimmed(p, valueEnd));
        p = skipSpace(valueEnd, end);
        if (p < end && *p == ']') {
            return true;
        }
        if (p >= end || *p != ',') {
            return false;
        }
        p = skipSpace(p + 1, end);
    }
    return false;
}

QByteArrayView valueOf(const QList<Member>& members, QByteArrayView key)
{
    for (const auto& m : members) {
        if (m.key == key) {
            return m.value;
        }
    }
    return {};
}

bool isCanonical(QByteArrayView value)
{
    Reader r(value.data(), value.data() + value.size());
    return r.value() && r.atEnd();
}

QByteArray withoutMember(QByteArrayView object, QByteArrayView key)
{
    const QList<Member> list = members(object);
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (list[i].key != key) {
            continue;
        }
        // Compact text: a member is `"key":value`; cut it with the comma before it, or after it when it is first.
        const char* cutFrom = list[i].key.data() - 1;
        const char* cutTo = list[i].value.data() + list[i].value.size();
        if (i > 0) {
            --cutFrom; // the comma before
        } else if (list.size() > 1) {
            ++cutTo; // the comma after
        }
        QByteArray out;
        out.reserve(object.size() - (cutTo - cutFrom));
        out.append(object.data(), cutFrom - object.data());
        out.append(cutTo, object.data() + object.size() - cutTo);
        return out;
    }
    return {};
}

} // namespace lounge::protocol::canonical
