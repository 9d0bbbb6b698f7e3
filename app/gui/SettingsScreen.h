#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace lounge::app {
class KioskController;
}

namespace lounge::gui {

/// Supervisor settings: camera, lounge, online-first/offline-first, timeouts, sound, language.
class SettingsScreen : public QWidget
{
    Q_OBJECT
public:
    explicit SettingsScreen(app::KioskController* controller, QWidget* parent = nullptr);
    /// Reloads the fields from the controller's settings.
    void load();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void save();

    app::KioskController* m_controller;
    QLabel* m_title;
    QList<QLabel*> m_labels;
    QComboBox* m_camera;
    QComboBox* m_resource;
    QComboBox* m_mode;
    QSpinBox* m_verdictSeconds;
    QSpinBox* m_lockMinutes;
    QSpinBox* m_recentMinutes;
    QSpinBox* m_staleHours;
    QCheckBox* m_sound;
    QComboBox* m_language;
    QPushButton* m_save;
    QPushButton* m_back;
};

} // namespace lounge::gui
