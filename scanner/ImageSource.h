#pragma once

#include "scanner/FrameSource.h"

#include <QStringList>

namespace lounge::scanner {

/// Still images from a list of files or a folder (sorted by name), one frame per image, paced by the decoder.
/// Unreadable files are skipped with a warning. GUI thread.
class ImageSource : public FrameSource
{
    Q_OBJECT
public:
    /// `paths` may name image files and folders (a folder contributes its *.png, *.jpg, *.jpeg, *.bmp, *.webp).
    static Result<ImageSource*> create(const QStringList& paths, QObject* parent = nullptr);

    void start() override;
    void stop() override;
    SourceKind kind() const override { return SourceKind::Image; }
    QString name() const override;
    bool isPaced() const override { return true; }
    void requestFrame() override;

    const QStringList& files() const { return m_files; }

private:
    ImageSource(QStringList files, QObject* parent);
    void emitNext();

    QStringList m_files;
    int m_next = 0;
    QString m_current;
};

} // namespace lounge::scanner
