#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace lounge::app {
class SetupController;
}

namespace lounge::gui {

/// "Set up this desk": the first screen of a kiosk that is not enrolled. Scan the enrollment QR (camera or handheld
/// scanner: KioskRuntime routes scans to the SetupController while this shows) or type central's URL and the
/// one-time code; then the initial download's progress. Problems are said in words with what to do. "Try the demo"
/// starts the kiosk on demo data instead (with the DEMO ribbon). Renders SetupController; holds no logic.
class SetupScreen : public QWidget
{
    Q_OBJECT
public:
    SetupScreen(app::SetupController* setup, QWidget* parent = nullptr);

    /// The staff-facing sentence for the controller's current problem (empty when none).
    QString problemText() const;

signals:
    void demoRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void refresh();

    app::SetupController* m_setup;
    QLabel* m_title;
    QLabel* m_hint;
    QLabel* m_urlLabel;
    QLineEdit* m_url;
    QLabel* m_codeLabel;
    QLineEdit* m_code;
    QPushButton* m_enroll;
    QPushButton* m_demo;
    QPushButton* m_retry;
    QLabel* m_message;
    QProgressBar* m_progress;
    QLabel* m_progressLabel;
};

} // namespace lounge::gui
