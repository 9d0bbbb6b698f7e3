#include "gui/Keypad.h"

#include <QGridLayout>
#include <QPushButton>

namespace lounge::gui {

Keypad::Keypad(Layout layout, const QString& prefix, QWidget* parent)
    : QWidget(parent)
{
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(8);
    auto key = [&](const QString& label, const QString& name, int row, int col, int span = 1) {
        auto* b = new QPushButton(label, this);
        b->setObjectName(prefix + QStringLiteral("Key") + name);
        b->setProperty("role", QStringLiteral("key"));
        b->setFocusPolicy(Qt::NoFocus);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
        grid->addWidget(b, row, col, 1, span);
        return b;
    };
    QPushButton* back = nullptr;
    QPushButton* clear = nullptr;
    if (layout == Layout::Digits) {
        // Keypads keep their phone layout in right-to-left languages too.
        setLayoutDirection(Qt::LeftToRight);
        for (int i = 1; i <= 9; ++i) {
            auto* b = key(QString::number(i), QString::number(i), (i - 1) / 3, (i - 1) % 3);
            connect(b, &QPushButton::clicked, this, [this, i] { emit keyPressed(QString::number(i)); });
        }
        back = key(QStringLiteral("⌫"), QStringLiteral("Back"), 3, 0);
        auto* zero = key(QStringLiteral("0"), QStringLiteral("0"), 3, 1);
        connect(zero, &QPushButton::clicked, this, [this] { emit keyPressed(QStringLiteral("0")); });
        m_ok = key(QStringLiteral("OK"), QStringLiteral("Ok"), 3, 2);
    } else {
        setLayoutDirection(Qt::LeftToRight);
        const QStringList rows {QStringLiteral("1234567890"), QStringLiteral("QWERTYUIOP"),
                                QStringLiteral("ASDFGHJKL-"), QStringLiteral("ZXCVBNM")};
        for (int r = 0; r < rows.size(); ++r) {
            for (int c = 0; c < rows[r].size(); ++c) {
                const QString ch = rows[r].mid(c, 1);
                auto* b = key(ch, ch == QLatin1String("-") ? QStringLiteral("Dash") : ch, r, c);
                connect(b, &QPushButton::clicked, this, [this, ch] { emit keyPressed(ch); });
            }
        }
        back = key(QStringLiteral("⌫"), QStringLiteral("Back"), 3, 7);
        clear = key(QStringLiteral("C"), QStringLiteral("Clear"), 3, 8);
        m_ok = key(QStringLiteral("OK"), QStringLiteral("Ok"), 3, 9);
        if (layout == Layout::Text) {
            auto* space = key(QStringLiteral("␣"), QStringLiteral("Space"), 4, 2, 6);
            connect(space, &QPushButton::clicked, this, [this] { emit keyPressed(QStringLiteral(" ")); });
        }
    }
    m_ok->setProperty("role", QStringLiteral("primary"));
    connect(back, &QPushButton::clicked, this, &Keypad::backspacePressed);
    if (clear) {
        connect(clear, &QPushButton::clicked, this, &Keypad::clearPressed);
    }
    connect(m_ok, &QPushButton::clicked, this, &Keypad::okPressed);
}

void Keypad::setOkText(const QString& text)
{
    m_ok->setText(text);
}

} // namespace lounge::gui
