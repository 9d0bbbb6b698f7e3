#pragma once

#include "controller/KioskTypes.h"

#include <QObject>

#include <array>

class QSoundEffect;

namespace lounge::gui {

/// Accept / attention / reject sounds, fire-and-forget. Effects are created on first use, so a kiosk with sound
/// switched off (or a test) never touches the audio stack; with no audio device QSoundEffect just stays silent.
class SoundPlayer : public QObject
{
    Q_OBJECT
public:
    explicit SoundPlayer(QObject* parent = nullptr);
    void setEnabled(bool enabled) { m_enabled = enabled; }
    bool isEnabled() const { return m_enabled; }
    void play(app::VerdictTone tone);

private:
    std::array<QSoundEffect*, 3> m_effects {};
    bool m_enabled = true;
};

} // namespace lounge::gui
