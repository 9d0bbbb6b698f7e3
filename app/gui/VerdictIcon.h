#pragma once

#include "controller/KioskTypes.h"

#include <QWidget>

namespace lounge::gui {

/// A tick, an exclamation mark or a cross in a white disc, drawn in code so it stays sharp at every size and
/// carries the verdict for colour-blind staff together with the word.
class VerdictIcon : public QWidget
{
    Q_OBJECT
public:
    explicit VerdictIcon(QWidget* parent = nullptr);
    void setTone(app::VerdictTone tone);
    app::VerdictTone tone() const { return m_tone; }
    QSize sizeHint() const override { return {160, 160}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    app::VerdictTone m_tone = app::VerdictTone::Accept;
};

} // namespace lounge::gui
