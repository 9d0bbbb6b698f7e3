#pragma once

#include <QColor>
#include <QFont>
#include <QStringList>
#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;
class QTimer;

namespace lounge::app {
class KioskController;
}

namespace lounge::gui {

class PaidEntryPanel;
class VerdictIcon;

/// Full-screen green ACCEPT / amber ATTENTION / red REJECT (or NOT RECORDED): icon + word + colour, holder, tier,
/// module, visits left per pool, guests allowed, and for a refusal the reason and what to do next.
class VerdictScreen : public QWidget
{
    Q_OBJECT
public:
    explicit VerdictScreen(app::KioskController* controller, QWidget* parent = nullptr);
    void refresh();
    /// Number of paints since the last verdict change (the benchmark waits for the first).
    int paintsSinceChange() const { return m_paints; }
    /// Number of times the verdict word was measured to fit (a word fitted before in the same room is not again).
    int wordsFitted() const { return m_wordsFitted; }

signals:
    /// The verdict for `arrivalNs` is on screen (emitted from the first paint after a change).
    void verdictPainted(qint64 arrivalNs);

protected:
    void changeEvent(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    /// Fits the verdict into the screen's measured box: when the lines at their design sizes (and the buttons) are
    /// taller than the screen, the lower-priority lines yield first (counts, flight, programme, offline, next step),
    /// then the headline (icon and word), the name, the margins, the reason line and last the buttons' height, each
    /// down to a floor; every line keeps its whole text (word-wrapped, never clipped by a squeezed layout).
    void fitLayout();
    /// The verdict word at the largest size up to `designSize` that fits a screen `boxWidth` wide beside an icon of
    /// `iconSide`, and `roomHeight` (long words: "NOT RECORDED", and in every language).
    void fitWord(int boxWidth, int iconSide, int designSize, int roomHeight);
    void updateBusy();
    /// ATTENTION's dark text on amber; white on the other tones.
    void setDarkText(bool dark);

    app::KioskController* m_controller;
    VerdictIcon* m_icon;
    QLabel* m_word;
    QLabel* m_holder;
    QLabel* m_program;
    QLabel* m_flight; ///< the boarding pass's flight (and the guests'), both names on NAME_MISMATCH
    QLabel* m_balances;
    QLabel* m_reason;
    QLabel* m_next;
    QLabel* m_offline; ///< online-first, central did not answer: "Decided offline"
    QPushButton* m_admitAnyway;
    QPushButton* m_cancel;
    QPushButton* m_done;
    PaidEntryPanel* m_paidEntry; ///< REJECT that offers paid entry
    int m_paints = 0;
    QColor m_background; ///< the tone's colour, painted by paintEvent()
    /// What fitWord() last fitted: the word, its room and design size, the screen's font (language, scale).
    struct FitKey
    {
        QString text;
        int width = -1;
        int height = -1;
        int designSize = 0;
        QFont font;
        bool operator==(const FitKey&) const = default;
    };
    FitKey m_fitted;
    struct Fit
    {
        FitKey key;
        int size = 0;
        int minimumWidth = 0;
        int minimumHeight = 0;
    };
    std::vector<Fit> m_fits; ///< the words fitted so far, and what they were fitted to
    QStringList m_laidOut; ///< what fitLayout() last fitted: the box, scale, font and every shown line's text
    int m_wordsFitted = 0;
    QTimer* m_spin;
    int m_spinFrame = 0;
};

} // namespace lounge::gui
