#pragma once

#include <QWidget>

class QPushButton;

namespace lounge::gui {

/// An on-screen keypad: digits (PIN) or digits + letters (codes). Buttons are named `<prefix>Key<label>`,
/// `<prefix>KeyBack`, `<prefix>KeyClear`, `<prefix>KeyOk` so tests can press them. Never takes keyboard focus away
/// from a text field; emits what was pressed.
class Keypad : public QWidget
{
    Q_OBJECT
public:
    enum class Layout
    {
        Digits,
        Alphanumeric,
        Text, ///< Alphanumeric with a space bar (names, a void reason)
    };
    Keypad(Layout layout, const QString& prefix, QWidget* parent = nullptr);
    void setOkText(const QString& text);

signals:
    void keyPressed(const QString& text);
    void backspacePressed();
    void clearPressed();
    void okPressed();

private:
    QPushButton* m_ok = nullptr;
};

} // namespace lounge::gui
