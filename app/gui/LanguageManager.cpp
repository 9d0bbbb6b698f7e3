#include "gui/LanguageManager.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>

namespace lounge::gui {

LanguageManager::LanguageManager(QObject* parent)
    : QObject(parent)
{ }

QString LanguageManager::nativeName(const QString& language)
{
    if (language == QLatin1String("zh_CN")) {
        return QStringLiteral("简体中文");
    }
    if (language == QLatin1String("ar")) {
        return QStringLiteral("العربية");
    }
    return QStringLiteral("English");
}

QString LanguageManager::setLanguage(const QString& requested)
{
    const QString language = available().contains(requested) ? requested : QStringLiteral("en");
    if (language == m_language) {
        return language;
    }
    QCoreApplication::removeTranslator(&m_translator);
    QCoreApplication::removeTranslator(&m_qtTranslator);
    if (m_translator.load(QStringLiteral(":/i18n/lounge_%1.qm").arg(language))) {
        QCoreApplication::installTranslator(&m_translator);
    }
    if (m_qtTranslator.load(QLocale(language), QStringLiteral("qtbase"), QStringLiteral("_"),
                            QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(&m_qtTranslator);
    }
    QLocale::setDefault(QLocale(language));
    QApplication::setLayoutDirection(language == QLatin1String("ar") ? Qt::RightToLeft : Qt::LeftToRight);
    m_language = language;
    emit languageChanged(language);
    return language;
}

} // namespace lounge::gui
