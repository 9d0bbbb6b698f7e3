#pragma once

// A pass-through SQLite VFS that counts xSync calls (fsync / fdatasync) per file, so a test can observe how durably a
// commit was written instead of trusting a PRAGMA: in WAL mode a synchronous=FULL commit syncs the -wal file, a
// synchronous=NORMAL commit does not (a checkpoint syncs the -wal and the database file). Registered as the default
// VFS, it serves every connection opened after install(); calls are forwarded to the VFS that was the default.

#include <sqlite3.h>

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QMutexLocker>

#include <cstring>
#include <functional>
#include <thread>

namespace lounge::sync::test {

class SyncCountingVfs
{
public:
    /// Installs it as the default VFS once per process; returns the instance.
    static SyncCountingVfs& install()
    {
        static SyncCountingVfs vfs;
        return vfs;
    }
    /// xSync calls on the file `path` so far (the path as SQLite opened it, e.g. "<dir>/cache.sqlite-wal").
    int syncs(const QByteArray& path) const
    {
        QMutexLocker lock(&m_mutex);
        return m_syncs.value(path);
    }
    /// Of them, the calls made on the thread that installed the VFS (the test's main thread, where its store lives).
    int syncsOnInstallingThread(const QByteArray& path) const
    {
        QMutexLocker lock(&m_mutex);
        return m_syncsOnInstallingThread.value(path);
    }

    /// Called (on the syncing thread, before the sync) for every xSync: tests that act in the middle of a checkpoint.
    void setOnSync(std::function<void(const QByteArray& path)> onSync)
    {
        QMutexLocker lock(&m_mutex);
        m_onSync = std::move(onSync);
    }

private:
    struct File
    {
        sqlite3_file base;
        SyncCountingVfs* owner;
        QByteArray path;
        sqlite3_file* real; // allocated right after this struct (szOsFile of the real VFS)
    };

    SyncCountingVfs()
    {
        m_real = sqlite3_vfs_find(nullptr);
        std::memset(&m_vfs, 0, sizeof m_vfs);
        m_vfs.iVersion = 1;
        m_vfs.szOsFile = int(sizeof(File)) + m_real->szOsFile;
        m_vfs.mxPathname = m_real->mxPathname;
        m_vfs.zName = "lounge-sync-counting";
        m_vfs.pAppData = this;
        m_vfs.xOpen = &SyncCountingVfs::open;
        m_vfs.xDelete
            = [](sqlite3_vfs* v, const char* n, int d) { return self(v)->m_real->xDelete(self(v)->m_real, n, d); };
        m_vfs.xAccess = [](sqlite3_vfs* v, const char* n, int f, int* o) {
            return self(v)->m_real->xAccess(self(v)->m_real, n, f, o);
        };
        m_vfs.xFullPathname = [](sqlite3_vfs* v, const char* n, int s, char* o) {
            return self(v)->m_real->xFullPathname(self(v)->m_real, n, s, o);
        };
        m_vfs.xDlOpen = [](sqlite3_vfs* v, const char* n) { return self(v)->m_real->xDlOpen(self(v)->m_real, n); };
        m_vfs.xDlError = [](sqlite3_vfs* v, int n, char* o) { self(v)->m_real->xDlError(self(v)->m_real, n, o); };
        m_vfs.xDlSym
            = [](sqlite3_vfs* v, void* h, const char* s) { return self(v)->m_real->xDlSym(self(v)->m_real, h, s); };
        m_vfs.xDlClose = [](sqlite3_vfs* v, void* h) { self(v)->m_real->xDlClose(self(v)->m_real, h); };
        m_vfs.xRandomness
            = [](sqlite3_vfs* v, int n, char* o) { return self(v)->m_real->xRandomness(self(v)->m_real, n, o); };
        m_vfs.xSleep = [](sqlite3_vfs* v, int us) { return self(v)->m_real->xSleep(self(v)->m_real, us); };
        m_vfs.xCurrentTime
            = [](sqlite3_vfs* v, double* t) { return self(v)->m_real->xCurrentTime(self(v)->m_real, t); };
        m_vfs.xGetLastError
            = [](sqlite3_vfs* v, int n, char* o) { return self(v)->m_real->xGetLastError(self(v)->m_real, n, o); };

        std::memset(&m_io, 0, sizeof m_io);
        m_io.iVersion = 3; // WAL needs the shared-memory methods (version 2) and uses xFetch/xUnfetch when mapped
        m_io.xClose = [](sqlite3_file* f) {
            File* p = file(f);
            const int rc = p->real->pMethods ? p->real->pMethods->xClose(p->real) : SQLITE_OK;
            p->path.~QByteArray();
            return rc;
        };
        m_io.xRead = [](sqlite3_file* f, void* b, int n, sqlite3_int64 o) {
            return real(f)->pMethods->xRead(real(f), b, n, o);
        };
        m_io.xWrite = [](sqlite3_file* f, const void* b, int n, sqlite3_int64 o) {
            return real(f)->pMethods->xWrite(real(f), b, n, o);
        };
        m_io.xTruncate = [](sqlite3_file* f, sqlite3_int64 s) { return real(f)->pMethods->xTruncate(real(f), s); };
        m_io.xSync = [](sqlite3_file* f, int flags) {
            File* p = file(f);
            std::function<void(const QByteArray&)> onSync;
            {
                QMutexLocker lock(&p->owner->m_mutex);
                ++p->owner->m_syncs[p->path];
                if (std::this_thread::get_id() == p->owner->m_installingThread) {
                    ++p->owner->m_syncsOnInstallingThread[p->path];
                }
                onSync = p->owner->m_onSync;
            }
            if (onSync) {
                onSync(p->path);
            }
            return p->real->pMethods->xSync(p->real, flags);
        };
        m_io.xFileSize = [](sqlite3_file* f, sqlite3_int64* s) { return real(f)->pMethods->xFileSize(real(f), s); };
        m_io.xLock = [](sqlite3_file* f, int l) { return real(f)->pMethods->xLock(real(f), l); };
        m_io.xUnlock = [](sqlite3_file* f, int l) { return real(f)->pMethods->xUnlock(real(f), l); };
        m_io.xCheckReservedLock
            = [](sqlite3_file* f, int* o) { return real(f)->pMethods->xCheckReservedLock(real(f), o); };
        m_io.xFileControl
            = [](sqlite3_file* f, int op, void* a) { return real(f)->pMethods->xFileControl(real(f), op, a); };
        m_io.xSectorSize = [](sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); };
        m_io.xDeviceCharacteristics
            = [](sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); };
        m_io.xShmMap = [](sqlite3_file* f, int i, int s, int e, void volatile** o) {
            return real(f)->pMethods->xShmMap(real(f), i, s, e, o);
        };
        m_io.xShmLock
            = [](sqlite3_file* f, int o, int n, int fl) { return real(f)->pMethods->xShmLock(real(f), o, n, fl); };
        m_io.xShmBarrier = [](sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); };
        m_io.xShmUnmap = [](sqlite3_file* f, int d) { return real(f)->pMethods->xShmUnmap(real(f), d); };
        m_io.xFetch = [](sqlite3_file* f, sqlite3_int64 o, int n, void** p) {
            return real(f)->pMethods->xFetch(real(f), o, n, p);
        };
        m_io.xUnfetch
            = [](sqlite3_file* f, sqlite3_int64 o, void* p) { return real(f)->pMethods->xUnfetch(real(f), o, p); };
        sqlite3_vfs_register(&m_vfs, 1);
    }

    static SyncCountingVfs* self(sqlite3_vfs* v) { return static_cast<SyncCountingVfs*>(v->pAppData); }
    static File* file(sqlite3_file* f) { return reinterpret_cast<File*>(f); }
    static sqlite3_file* real(sqlite3_file* f) { return file(f)->real; }

    static int open(sqlite3_vfs* v, const char* name, sqlite3_file* f, int flags, int* outFlags)
    {
        SyncCountingVfs* s = self(v);
        File* p = file(f);
        p->owner = s;
        new (&p->path) QByteArray(name ? QByteArray(name) : QByteArray());
        p->real = reinterpret_cast<sqlite3_file*>(p + 1);
        p->real->pMethods = nullptr;
        const int rc = s->m_real->xOpen(s->m_real, name, p->real, flags, outFlags);
        // SQLite calls xClose only if pMethods is set; without it the path must be released here.
        if (rc != SQLITE_OK && !p->real->pMethods) {
            p->path.~QByteArray();
            p->base.pMethods = nullptr;
            return rc;
        }
        p->base.pMethods = &s->m_io;
        return rc;
    }

    sqlite3_vfs* m_real = nullptr;
    sqlite3_vfs m_vfs;
    sqlite3_io_methods m_io;
    mutable QMutex m_mutex;
    QHash<QByteArray, int> m_syncs;
    QHash<QByteArray, int> m_syncsOnInstallingThread;
    std::thread::id m_installingThread = std::this_thread::get_id();
    std::function<void(const QByteArray&)> m_onSync;
};

} // namespace lounge::sync::test
