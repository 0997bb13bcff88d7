//! Reading zip exports with bounded memory whatever the archive claims.
//!
//! A zip's headers can lie: an entry may claim to be small and inflate to
//! gigabytes (a zip bomb), or a truncated download may lack its central
//! directory. Every entry is read through a cap larger than any real export
//! entry, a high compression ratio on a large entry is refused up front, and
//! the whole archive has a budget of inflated bytes.

use std::io::{Read, Seek};

use super::{Format, ImportError, ParsedFile, detect, omnivore, pocket};

/// No single entry of a real export comes near this.
const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
/// Inflated bytes read from one archive, all entries together.
const MAX_TOTAL_BYTES: u64 = 512 * 1024 * 1024;
/// Text compresses 5 to 20×; 200× on an entry over 1 MB is a bomb.
const MAX_RATIO: u64 = 200;

/// The entries of an open archive, read under the caps.
pub struct Entries<R: Read + Seek> {
    archive: zip::ZipArchive<R>,
    name: String,
    budget: u64,
}

impl<R: Read + Seek> Entries<R> {
    pub fn names(&self) -> Vec<String> {
        self.archive.file_names().map(str::to_owned).collect()
    }

    /// The bytes of the entry called `entry`.
    pub fn read(&mut self, entry: &str) -> Result<Vec<u8>, ImportError> {
        let bomb = |reason: String| ImportError::ZipBomb { name: self.name.clone(), reason };
        let mut file = self
            .archive
            .by_name(entry)
            .map_err(|e| ImportError::BadArchive { name: self.name.clone(), reason: format!("entry {entry}: {e}") })?;
        let claimed = file.size();
        let compressed = file.compressed_size().max(1);
        if claimed > MAX_ENTRY_BYTES {
            return Err(bomb(format!("entry {entry} claims {} MB", claimed / 1024 / 1024)));
        }
        if claimed > 1024 * 1024 && claimed / compressed > MAX_RATIO {
            return Err(bomb(format!(
                "entry {entry} inflates {}× (at most {MAX_RATIO}× is allowed)",
                claimed / compressed
            )));
        }
        let cap = MAX_ENTRY_BYTES.min(self.budget);
        let mut bytes = Vec::with_capacity(claimed.min(cap) as usize);
        (&mut file)
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| ImportError::BadArchive { name: self.name.clone(), reason: format!("entry {entry}: {e}") })?;
        if bytes.len() as u64 > cap {
            return Err(bomb(format!("entry {entry} inflates past {} MB", cap / 1024 / 1024)));
        }
        self.budget -= bytes.len() as u64;
        Ok(bytes)
    }
}

/// Opens the archive and parses it as the export its entries say it is.
pub fn parse<R: Read + Seek>(reader: R, name: &str) -> Result<ParsedFile, ImportError> {
    let archive = zip::ZipArchive::new(reader)
        .map_err(|e| ImportError::BadArchive { name: name.to_string(), reason: e.to_string() })?;
    let mut entries = Entries { archive, name: name.to_string(), budget: MAX_TOTAL_BYTES };
    let names = entries.names();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    match detect::zip_format(&refs) {
        Some(Format::OmnivoreZip) => omnivore::parse(&mut entries, name),
        Some(Format::PocketZip) => pocket::parse_zip(&mut entries, name),
        _ => Err(ImportError::UnknownFormat {
            name: name.to_string(),
            reason: "a zip archive that is neither a Pocket nor an Omnivore export".into(),
        }),
    }
}
