#pragma once

#include <QByteArrayView>
#include <QList>

namespace lounge::protocol::canonical {

// The raw text of JSON that a strict parse (parseStrict) has already accepted, read once more to keep parts of it as
// received: the initial sync stores the records' bodies as central sent them instead of re-encoding 2 M records
// (docs/performance.md, "Initial sync against a bare bulk load"). Everything here answers "not sure" (false / empty)
// rather than guess; the caller then encodes as before. Thread-safe (no state).

/// A member of an object as written: its key (without the quotes, not unescaped) and its value's text.
struct Member
{
    QByteArrayView key;
    QByteArrayView value;
};

/// The members of the object whose text is `object`; empty when it is not an object or its text is not understood.
QList<Member> members(QByteArrayView object);
/// The elements of the array whose text is `array` into `out`; false when it is not an array or not understood.
bool elements(QByteArrayView array, QList<QByteArrayView>* out);
/// The value of `key` among `members`, a null view when absent.
QByteArrayView valueOf(const QList<Member>& members, QByteArrayView key);

/// true when `value` is byte for byte what QJsonDocument::toJson(Compact) writes for the value it parses to: no
/// whitespace, every object's keys in Qt's order (plain ASCII keys, strictly ascending), strings without escapes or
/// control characters, integers only (no fraction, no exponent, no "-0"). Conservative: some canonical text (an
/// escaped quote, a fraction) answers false.
bool isCanonical(QByteArrayView value);

/// `object` (canonical) without its member `key` (and the comma that separated it): the compact text of the same
/// object after QJsonObject::remove(key). Null when the key is not a member.
QByteArray withoutMember(QByteArrayView object, QByteArrayView key);

} // namespace lounge::protocol::canonical
