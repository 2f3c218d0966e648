//! Files and folders replaced whole: what relq writes (`-o`, exports) goes to a temporary file
//! or folder beside the target and is renamed into place only once it is complete, so that a
//! failed or interrupted write leaves the earlier file as it was.
//!
//! - A symbolic link is followed: the file it points to is replaced and the link is kept.
//! - A target that exists and is not a regular file (a device such as `/dev/null` or
//!   `/dev/full`, a named pipe) is written in place, as any program would write to it.
//! - A replaced file keeps its permissions; a new one gets those of any new file (0666 less
//!   the umask).
//!
//! A folder (a Neo4j CSV export) is replaced by renaming the old one aside, renaming the new
//! one in and deleting the old one. Between the two renames the target does not exist: a
//! process killed there leaves the old folder as `.relq-old-*` and the new one as
//! `.relq-new-*` beside the target, never a mix of old and new files under its name.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// How many links a path may go through before it is refused (as the kernel does).
const MAX_LINKS: usize = 40;

/// The path a write to `path` must replace: `path` itself, or the end of its chain of
/// symbolic links (which need not exist yet).
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = if link.is_absolute() {
                    link
                } else {
                    folder_of(&current).join(link)
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other(format!(
        "too many levels of symbolic links at {}",
        path.display()
    )))
}

/// The folder a path is in (`.` for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A file being written: its bytes go to a temporary file beside the target until `commit`
/// renames it into place. Dropped without `commit`, the temporary file is deleted and the
/// target is untouched.
pub struct AtomicFile {
    target: PathBuf,
    /// `None` when the target is written in place (a device or a pipe).
    tmp: Option<tempfile::TempPath>,
    out: BufWriter<File>,
}

impl AtomicFile {
    /// Start writing `path`.
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let target = resolve(path)?;
        match fs::metadata(&target) {
            Ok(m) if !m.is_file() && !m.is_dir() => {
                // A device or a named pipe: there is no earlier content to keep.
                let file = fs::OpenOptions::new()
                    .write(true)
                    .truncate(true)
                    .open(&target)?;
                return Ok(AtomicFile {
                    target,
                    tmp: None,
                    out: BufWriter::new(file),
                });
            }
            Ok(m) if m.is_dir() => {
                return Err(io::Error::other("is a folder"));
            }
            _ => {}
        }
        let mut builder = tempfile::Builder::new();
        builder.prefix(".relq-write-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Like any new file: readable by others unless the umask says otherwise.
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let tmp = builder.tempfile_in(folder_of(&target))?;
        if let Ok(old) = fs::metadata(&target) {
            tmp.as_file().set_permissions(old.permissions())?;
        }
        let (file, tmp) = tmp.into_parts();
        Ok(AtomicFile {
            target,
            tmp: Some(tmp),
            out: BufWriter::new(file),
        })
    }

    /// Flush everything to disk and put the file in place of the target.
    pub fn commit(self) -> io::Result<()> {
        let AtomicFile {
            target,
            tmp,
            mut out,
        } = self;
        out.flush()?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        let Some(tmp) = tmp else {
            return Ok(());
        };
        file.sync_all()?;
        drop(file);
        tmp.persist(&target).map_err(|e| e.error)?;
        sync_dir(&folder_of(&target))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.out.write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Write `path` whole with `write`, or leave it as it was.
pub fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    write(&mut file)?;
    file.commit()
}

/// A name beside `target` that no other file has: `.relq-{what}-{pid}-{n}-{name}`.
fn sibling(target: &Path, what: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    folder_of(target).join(format!(".relq-{what}-{}-{n}-{name}", std::process::id()))
}

/// Replace the folder `path` (following a symbolic link to it) with one holding exactly the
/// files `write` creates in the new folder it is given. An existing folder may hold only
/// files named in `owned` (what an earlier run wrote): anything else is refused, so that no
/// other file is deleted with it.
pub fn replace_dir(
    path: &Path,
    owned: &[&str],
    write: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    let target = resolve(path)?;
    let old = match fs::metadata(&target) {
        Ok(m) if m.is_dir() => {
            for entry in fs::read_dir(&target)? {
                let name = entry?.file_name();
                if !owned.iter().any(|o| name == **o) {
                    return Err(io::Error::other(format!(
                        "the folder holds {}, which is not part of an export; \
                         export to a new or empty folder",
                        name.to_string_lossy()
                    )));
                }
            }
            Some(m.permissions())
        }
        Ok(_) => return Err(io::Error::other("not a folder")),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    let new = sibling(&target, "new");
    fs::create_dir(&new)?;
    let staged = (|| {
        if let Some(permissions) = &old {
            fs::set_permissions(&new, permissions.clone())?;
        }
        write(&new)?;
        for entry in fs::read_dir(&new)? {
            File::open(entry?.path())?.sync_all()?;
        }
        sync_dir(&new)
    })();
    if let Err(e) = staged {
        let _ = fs::remove_dir_all(&new);
        return Err(e);
    }
    match old {
        None => {
            if let Err(e) = fs::rename(&new, &target) {
                let _ = fs::remove_dir_all(&new);
                return Err(e);
            }
        }
        Some(_) => {
            let aside = sibling(&target, "old");
            if let Err(e) = fs::rename(&target, &aside) {
                let _ = fs::remove_dir_all(&new);
                return Err(e);
            }
            if let Err(e) = fs::rename(&new, &target) {
                // Put the old folder back; the new one is dropped.
                let _ = fs::rename(&aside, &target);
                let _ = fs::remove_dir_all(&new);
                return Err(e);
            }
            sync_dir(&folder_of(&target))?;
            fs::remove_dir_all(&aside)?;
        }
    }
    sync_dir(&folder_of(&target))
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    match File::open(dir)?.sync_all() {
        // Some file systems cannot flush a folder; the rename is as durable as they make it.
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => Ok(()),
        other => other,
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".relq-"))
            .collect()
    }

    #[test]
    fn a_file_is_replaced_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        fs::write(&path, "old").unwrap();
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"new").unwrap();
        drop(f);
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert!(leftovers(dir.path()).is_empty());
        write_file(&path, |out| out.write_all(b"new")).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        let failed = write_file(&path, |out| {
            out.write_all(b"half")?;
            Err(io::Error::other("stop"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("sub").join("real.txt");
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink("sub/real.txt", &link).unwrap();
        write_file(&link, |out| out.write_all(b"new")).unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }

    #[test]
    fn a_folder_is_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("export");
        let owned = ["a.csv", "b.csv"];
        replace_dir(&target, &owned, |d| {
            fs::write(d.join("a.csv"), "1")?;
            fs::write(d.join("b.csv"), "1")
        })
        .unwrap();
        let failed = replace_dir(&target, &owned, |d| {
            fs::write(d.join("a.csv"), "2")?;
            Err(io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(target.join("a.csv")).unwrap(), "1");
        assert_eq!(fs::read_to_string(target.join("b.csv")).unwrap(), "1");
        replace_dir(&target, &owned, |d| fs::write(d.join("a.csv"), "3")).unwrap();
        assert_eq!(fs::read_to_string(target.join("a.csv")).unwrap(), "3");
        assert!(!target.join("b.csv").exists());
        assert!(leftovers(dir.path()).is_empty());
        fs::write(target.join("notes.txt"), "mine").unwrap();
        let refused = replace_dir(&target, &owned, |d| fs::write(d.join("a.csv"), "4"));
        assert!(refused.unwrap_err().to_string().contains("notes.txt"));
        assert_eq!(
            fs::read_to_string(target.join("notes.txt")).unwrap(),
            "mine"
        );
    }
}
