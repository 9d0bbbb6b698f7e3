#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace lounge::scanner {

/// Why a scanner operation failed. Mapped to staff-facing text by the app, never shown raw.
enum class ScannerError
{
    NoCamera, ///< no video input present (or the chosen id is absent)
    CameraUnplugged, ///< the active camera disappeared
    CameraBusy, ///< another process holds the device
    PermissionDenied, ///< the OS refused access
    CameraFailed, ///< any other camera error
    SourceUnreadable, ///< file/folder missing or not decodable
    UnsupportedFormat, ///< a frame the decoder cannot read
};

struct ScannerFailure
{
    ScannerError code;
    QString detail; ///< for logs only
};

/// Minimal expected-like result (GCC 12 has std::expected only in C++23).
template<class T> class Result
{
public:
    Result(T value)
        : m_v(std::move(value))
    { }
    Result(ScannerFailure failure)
        : m_v(std::move(failure))
    { }
    bool has_value() const noexcept { return m_v.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }
    T& value() & { return std::get<0>(m_v); }
    const T& value() const& { return std::get<0>(m_v); }
    T&& value() && { return std::get<0>(std::move(m_v)); }
    T& operator*() & { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const ScannerFailure& error() const { return std::get<1>(m_v); }

private:
    std::variant<T, ScannerFailure> m_v;
};

} // namespace lounge::scanner
