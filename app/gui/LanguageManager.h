#pragma once

#include <QObject>
#include <QTranslator>

namespace lounge::gui {

/// Installs the kiosk's translation (en, zh_CN, ar) and sets the layout direction (Arabic is right-to-left).
/// Screens retranslate on QEvent::LanguageChange.
class LanguageManager : public QObject
{
    Q_OBJECT
public:
    explicit LanguageManager(QObject* parent = nullptr);
    /// Unknown languages fall back to English. Returns the language in force.
    QString setLanguage(const QString& language);
    QString language() const { return m_language; }
    static QStringList available() { return {QStringLiteral("en"), QStringLiteral("zh_CN"), QStringLiteral("ar")}; }
    /// The language's own name ("English", "简体中文", "العربية").
    static QString nativeName(const QString& language);

signals:
    void languageChanged(const QString& language);

private:
    QTranslator m_translator;
    QTranslator m_qtTranslator;
    QString m_language;
};

} // namespace lounge::gui
