//! Reading input files whole — scripts, data files, snapshots — without letting an input take
//! more memory than it has. A regular file is read up to the size its metadata gives; a named
//! pipe or standard input, which have no size, up to half the available memory; anything else
//! (a device such as `/dev/zero`, a socket, a folder) is refused before a byte is read.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// What a stream (a named pipe, standard input) may hold when the available memory is unknown.
const STREAM_LIMIT_FALLBACK: u64 = 1 << 30;

/// The most a stream is read to: half the available memory.
pub fn stream_limit() -> u64 {
    crate::exec::budget::available_memory().map_or(STREAM_LIMIT_FALLBACK, |m| (m / 2).max(64 << 20))
}

fn refused(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message.to_string())
}

/// Why a file of this type is not read, or None when it is read: a regular file or a named
/// pipe.
fn not_readable(t: std::fs::FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("it is a folder, not a file");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return None;
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("it is a device, not a file");
        }
        if t.is_socket() {
            return Some("it is a socket, not a file");
        }
    }
    Some("it is not a regular file")
}

/// Check what `path` is (following symbolic links) before opening it: a regular file or a
/// named pipe passes; a folder, a device or a socket is an error saying which.
pub fn check(path: &Path) -> io::Result<std::fs::Metadata> {
    let meta = std::fs::metadata(path)?;
    match not_readable(meta.file_type()) {
        Some(why) => Err(refused(why)),
        None => Ok(meta),
    }
}

/// Open `path` for reading: a regular file (with the most that may be read from it, its
/// size) or a named pipe (with the stream limit). Anything else is refused.
pub fn open(path: &Path) -> io::Result<(File, u64)> {
    check(path)?;
    let file = File::open(path)?;
    // What was opened, not what the name pointed to a moment before.
    let meta = file.metadata()?;
    if let Some(why) = not_readable(meta.file_type()) {
        return Err(refused(why));
    }
    let limit = if meta.is_file() {
        meta.len()
    } else {
        stream_limit()
    };
    Ok((file, limit))
}

/// Read `from` to its end, failing past `limit` bytes; `regular` says the limit is a regular
/// file's size (then more bytes mean the file grew while being read).
fn read_limited(from: impl Read, limit: u64, regular: bool) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if regular {
        let size = usize::try_from(limit).unwrap_or(usize::MAX);
        bytes.try_reserve_exact(size).map_err(|_| {
            io::Error::new(
                io::ErrorKind::OutOfMemory,
                format!("it holds {limit} bytes, more than memory allows"),
            )
        })?;
    }
    from.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            if regular {
                "it grew while being read".to_string()
            } else {
                format!("it holds more than {limit} bytes, more than memory allows")
            },
        ));
    }
    Ok(bytes)
}

/// Read a whole file, bounded as this module says.
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    let (file, limit) = open(path)?;
    read_open(file, limit)
}

/// Read a file `open` gave, with the limit it gave, to its end.
pub fn read_open(file: File, limit: u64) -> io::Result<Vec<u8>> {
    let regular = file.metadata()?.is_file();
    read_limited(file, limit, regular)
}

fn utf8(bytes: Vec<u8>) -> io::Result<String> {
    String::from_utf8(bytes).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        )
    })
}

/// Read a whole text file, bounded as this module says.
pub fn read_to_string(path: &Path) -> io::Result<String> {
    utf8(read(path)?)
}

/// Read standard input whole, up to the stream limit.
pub fn read_stdin() -> io::Result<String> {
    utf8(read_limited(io::stdin().lock(), stream_limit(), false)?)
}

/// A script for `-f`: standard input for `-`, else the file. The text and its name for
/// messages, or the message of the error (`cannot read FILE: why`).
pub fn read_script(path: &Path) -> Result<(String, String), String> {
    if path.as_os_str() == "-" {
        read_stdin()
            .map(|t| (t, "<stdin>".to_string()))
            .map_err(|e| format!("cannot read standard input: {e}"))
    } else {
        read_to_string(path)
            .map(|t| (t, path.display().to_string()))
            .map_err(|e| format!("cannot read {}: {e}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "hello").unwrap();
        assert_eq!(read_to_string(&p).unwrap(), "hello");
        let (t, origin) = read_script(&p).unwrap();
        assert_eq!((t.as_str(), origin), ("hello", p.display().to_string()));
    }

    #[test]
    fn a_folder_and_a_device_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path()).unwrap_err();
        assert!(e.to_string().contains("is a folder, not a file"), "{e}");
        let zero = Path::new("/dev/zero");
        if !zero.exists() {
            eprintln!("skipped: no /dev/zero");
            return;
        }
        let e = read(zero).unwrap_err();
        assert!(e.to_string().contains("is a device, not a file"), "{e}");
        let e = read_script(zero).unwrap_err();
        assert_eq!(e, "cannot read /dev/zero: it is a device, not a file");
    }

    #[test]
    fn a_stream_is_read_up_to_its_limit() {
        let e = read_limited(&b"abcdef"[..], 3, false).unwrap_err();
        assert!(e.to_string().contains("more than 3 bytes"), "{e}");
        assert_eq!(read_limited(&b"abc"[..], 3, false).unwrap(), b"abc");
        let e = read_limited(&b"abcd"[..], 3, true).unwrap_err();
        assert!(e.to_string().contains("grew while being read"), "{e}");
    }
}
