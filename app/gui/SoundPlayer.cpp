#include "gui/SoundPlayer.h"

#include <QSoundEffect>
#include <QUrl>

namespace lounge::gui {

SoundPlayer::SoundPlayer(QObject* parent)
    : QObject(parent)
{ }

void SoundPlayer::play(app::VerdictTone tone)
{
    if (!m_enabled) {
        return;
    }
    int index = 2;
    const char* file = "qrc:/sounds/reject.wav";
    if (tone == app::VerdictTone::Accept) {
        index = 0;
        file = "qrc:/sounds/accept.wav";
    } else if (tone == app::VerdictTone::Attention) {
        index = 1;
        file = "qrc:/sounds/attention.wav";
    }
    if (!m_effects[index]) {
        m_effects[index] = new QSoundEffect(this);
        m_effects[index]->setSource(QUrl(QString::fromLatin1(file)));
        m_effects[index]->setVolume(0.9f);
    }
    m_effects[index]->play(); // asynchronous; never waited on
}

} // namespace lounge::gui
