#pragma once

#include "controller/KioskTypes.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QSpinBox;

namespace lounge::app {
class KioskController;
}

namespace lounge::gui {

/// Supervisor settings: camera, lounge, online-first/offline-first, timeouts, sound, language.
/// The wheel scrolls the form and never changes a field; Save says when the settings are saved; Back asks before
/// it throws away changes that were not saved.
class SettingsScreen : public QWidget
{
    Q_OBJECT
public:
    explicit SettingsScreen(app::KioskController* controller, QWidget* parent = nullptr);
    /// Reloads the fields from the controller's settings.
    void load();

    /// The form differs from the saved settings.
    bool hasUnsavedChanges() const;

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void retranslate();
    void save();
    void back();
    app::KioskSettings fromForm() const;

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
    QScrollArea* m_scroll;
    QLabel* m_message;
    QWidget* m_discardPanel;
    QLabel* m_discardText;
    QPushButton* m_discard;
    QPushButton* m_keepEditing;
    bool m_saving = false;
};

} // namespace lounge::gui
