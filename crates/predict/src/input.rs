//! Streaming input: a file (or any reader) as blocks of whole lines. The next block is
//! read while the current one is parsed, so memory stays bounded by the block size
//! whatever the file's size, and reading stops at the block holding the first bad line.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, bail};
use rayon::prelude::*;

/// Bytes per block.
pub const BLOCK: usize = 8 << 20;

/// Opens `path` for reading, with the path in the error.
pub fn open(path: &Path) -> anyhow::Result<std::fs::File> {
    std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))
}

/// Appends from `r` until `buf` holds `target` bytes; true at end of input.
fn fill<R: Read>(r: &mut R, buf: &mut Vec<u8>, target: usize, name: &str) -> anyhow::Result<bool> {
    let want = target.saturating_sub(buf.len()) as u64;
    let got = r.by_ref().take(want).read_to_end(buf).with_context(|| format!("reading {name}"))?;
    Ok((got as u64) < want)
}

/// Calls `f(block, first_line)` on each block of whole lines of `reader`, in order;
/// `first_line` is the 0-based number of the block's first line and `f` returns the
/// number of lines in its block (newlines, plus one for a last line without one).
/// A leading UTF-8 byte-order mark is dropped. Stops at `f`'s first error; a block of
/// `block` bytes without a newline is refused as a line too long for a text log.
pub fn for_each_block<R, F>(mut reader: R, name: &str, block: usize, mut f: F) -> anyhow::Result<()>
where
    R: Read + Send,
    F: FnMut(&[u8], usize) -> anyhow::Result<usize> + Send,
{
    let mut cur = Vec::with_capacity(block);
    let mut eof = fill(&mut reader, &mut cur, block, name)?;
    if cur.starts_with(b"\xEF\xBB\xBF") {
        cur.drain(..3);
    }
    let mut next = Vec::with_capacity(block);
    let mut line = 0usize;
    loop {
        // A block ends after its last newline; the rest starts the next one.
        let end = if eof {
            cur.len()
        } else {
            match memchr::memrchr(b'\n', &cur) {
                Some(p) => p + 1,
                None => bail!(
                    "{name}:{}: a line longer than {} bytes: not a text file of the expected layout",
                    line + 1,
                    cur.len()
                ),
            }
        };
        next.clear();
        next.extend_from_slice(&cur[end..]);
        let complete = &cur[..end];
        let (read, lines) = if eof {
            (Ok(true), f(complete, line))
        } else {
            rayon::join(|| fill(&mut reader, &mut next, block, name), || f(complete, line))
        };
        line += lines?;
        if eof {
            return Ok(());
        }
        eof = read?;
        std::mem::swap(&mut cur, &mut next);
    }
}

/// Byte ranges of about `n` chunks of `buf`, each ending after a newline.
pub fn chunk_bounds(buf: &[u8], n: usize) -> Vec<(usize, usize)> {
    let mut bounds = Vec::with_capacity(n);
    let mut start = 0;
    for k in 1..=n {
        let mut end = if k == n { buf.len() } else { (buf.len() * k / n).max(start) };
        if end < buf.len() {
            end = memchr::memchr(b'\n', &buf[end..]).map_or(buf.len(), |p| end + p + 1);
        }
        if end > start {
            bounds.push((start, end));
        }
        start = end;
    }
    bounds
}

/// Runs `parse(chunk, k)` on about one chunk of whole lines per thread (one chunk below
/// 1 MiB), in parallel, and returns the results in order.
pub fn par_chunks<T, P>(block: &[u8], parse: P) -> Vec<T>
where
    T: Send,
    P: Fn(&[u8], usize) -> T + Sync,
{
    let threads = if block.len() < (1 << 20) { 1 } else { rayon::current_num_threads() };
    chunk_bounds(block, threads)
        .par_iter()
        .enumerate()
        .map(|(k, &(s, e))| parse(&block[s..e], k))
        .collect()
}

/// The lines of `chunk` with their 0-based numbers (a final `\r` removed).
pub fn lines(chunk: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', chunk)
        .chain(std::iter::once(chunk.len()))
        .enumerate()
        .filter_map(move |(n, nl)| {
            if start > chunk.len() || (nl == chunk.len() && start == nl) {
                return None;
            }
            let line = &chunk[start..nl];
            start = nl + 1;
            Some((n, line.strip_suffix(b"\r").unwrap_or(line)))
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn blocks_split_at_line_ends_and_number_lines() {
        let text: String = (0..1000).map(|i| format!("line {i}\n")).collect();
        for block in [16, 64, 1000, 1 << 20] {
            let mut seen = Vec::new();
            for_each_block(format!("\u{feff}{text}").as_bytes(), "t", block, |b, first| {
                let n = lines(b).count();
                for (k, l) in lines(b) {
                    seen.push((first + k, String::from_utf8(l.to_vec()).unwrap()));
                }
                Ok(n)
            })
            .unwrap();
            assert_eq!(seen.len(), 1000, "block {block}");
            assert!(
                seen.iter().enumerate().all(|(i, (n, l))| *n == i && *l == format!("line {i}")),
                "block {block}"
            );
        }
    }

    #[test]
    fn a_line_longer_than_a_block_is_refused() {
        let text = format!("ok\n{}\nok\n", "x".repeat(100));
        let e = for_each_block(text.as_bytes(), "t", 32, |b, _| Ok(lines(b).count())).unwrap_err();
        assert!(e.to_string().starts_with("t:2: a line longer than"), "{e}");
    }

    #[test]
    fn lines_keep_numbers_of_blank_lines() {
        let got: Vec<(usize, &[u8])> = lines(b"a\r\n\nb").collect();
        assert_eq!(got, [(0, &b"a"[..]), (1, &b""[..]), (2, &b"b"[..])]);
        assert_eq!(lines(b"a\n").count(), 1);
        assert_eq!(lines(b"").count(), 0);
    }
}
