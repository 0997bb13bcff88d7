//! The fast path for JPEG photos, which are most photos: libjpeg-turbo decodes
//! straight to Y, Cb and Cr planes at a reduced DCT scale, the planes are
//! resized one by one (a byte a pixel, and chroma has a quarter of the
//! pixels), turned upright, and encoded from the planes again. No RGB image is
//! ever made, so there is no upsampling or colour conversion on the way in and
//! none on the way out, and the resizer moves half the bytes it would for RGB.
//!
//! TurboJPEG's C API is called directly for what the `turbojpeg` crate does
//! not wrap (scaled decoding to planes, encoding from planes). Every call
//! gets buffers sized from TurboJPEG's own `tjPlaneWidth`/`tjPlaneHeight`,
//! which is what its safety rests on.

use std::cell::RefCell;
use std::ffi::{CStr, c_int, c_ulong};

use fast_image_resize as fr;
use image::metadata::Orientation;
use turbojpeg::raw;

/// Side of the square tiles planes are transposed in (see [`Plane::transposed`]):
/// 64 source rows of 64 bytes, 4 KiB, stay in L1 cache.
const TILE: usize = 64;

/// One owned TurboJPEG instance (a compressor or a decompressor).
struct Handle(raw::tjhandle);

impl Handle {
    fn decompressor() -> Option<Handle> {
        // SAFETY: no arguments; a null result is checked.
        let h = unsafe { raw::tjInitDecompress() };
        (!h.is_null()).then_some(Handle(h))
    }

    fn compressor() -> Option<Handle> {
        // SAFETY: as above.
        let h = unsafe { raw::tjInitCompress() };
        (!h.is_null()).then_some(Handle(h))
    }

    /// The last error of this instance, in TurboJPEG's words.
    fn error(&self) -> String {
        // SAFETY: the handle is live; TurboJPEG returns a NUL-terminated string it owns.
        unsafe { CStr::from_ptr(raw::tjGetErrorStr2(self.0)) }.to_string_lossy().into_owned()
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: the handle came from tjInit* and is destroyed once.
        unsafe { raw::tjDestroy(self.0) };
    }
}

/// What a JPEG's headers say, before any pixel is decoded.
pub(super) struct Header {
    pub width: u32,
    pub height: u32,
    subsamp: c_int,
    colorspace: c_int,
    decompressor: Handle,
}

impl Header {
    /// `Err` with TurboJPEG's reason when the headers cannot be read.
    pub fn read(bytes: &[u8]) -> Option<Result<Header, String>> {
        let decompressor = Handle::decompressor()?;
        let (mut width, mut height, mut subsamp, mut colorspace) = (0, 0, 0, 0);
        let len = c_ulong::try_from(bytes.len()).ok()?;
        // SAFETY: `bytes` is valid for `len` bytes; the out-pointers are locals.
        let rc = unsafe {
            raw::tjDecompressHeader3(
                decompressor.0,
                bytes.as_ptr(),
                len,
                &mut width,
                &mut height,
                &mut subsamp,
                &mut colorspace,
            )
        };
        if rc != 0 {
            return Some(Err(decompressor.error()));
        }
        Some(Ok(Header {
            width: u32::try_from(width).ok()?,
            height: u32::try_from(height).ok()?,
            subsamp,
            colorspace,
            decompressor,
        }))
    }

    /// Whether the planes are Y, Cb, Cr (or Y alone) that can be encoded as
    /// they are; CMYK, YCCK and untransformed RGB JPEGs take the slow path.
    pub fn is_ycbcr(&self) -> bool {
        let cs = self.colorspace as u32;
        (cs == raw::TJCS_TJCS_YCbCr && self.subsamp != raw::TJSAMP_TJSAMP_GRAY as c_int)
            || (cs == raw::TJCS_TJCS_GRAY && self.subsamp == raw::TJSAMP_TJSAMP_GRAY as c_int)
    }

    /// Decodes every scan at the scale n/8 (1 ≤ n ≤ 8). A truncated or
    /// corrupt file is an error: TurboJPEG fails on libjpeg's warnings too.
    pub fn decode(self, eighths: u32, bytes: &[u8]) -> Result<Planes, String> {
        let (sw, sh) = ((self.width * eighths).div_ceil(8), (self.height * eighths).div_ceil(8));
        let count: c_int = if self.subsamp == raw::TJSAMP_TJSAMP_GRAY as c_int { 1 } else { 3 };
        let mut planes = Vec::with_capacity(count as usize);
        for i in 0..count {
            let (pw, ph) = (plane_width(i, sw, self.subsamp), plane_height(i, sh, self.subsamp));
            // The picture's own extent in this plane; the rest pads to whole MCUs.
            let used = (f64::from(sw) * f64::from(pw) / f64::from(plane_width(0, sw, self.subsamp)), {
                f64::from(sh) * f64::from(ph) / f64::from(plane_height(0, sh, self.subsamp))
            });
            planes.push(Plane { width: pw, height: ph, data: buffer(pw as usize * ph as usize), used });
        }
        let mut pointers: Vec<*mut u8> = planes.iter_mut().map(|p| p.data.as_mut_ptr()).collect();
        pointers.resize(3, std::ptr::null_mut());
        let len = c_ulong::try_from(bytes.len()).map_err(|_| "too large".to_string())?;
        // SAFETY: each plane holds tjPlaneWidth × tjPlaneHeight bytes for the
        // scaled size asked for, which is exactly what TurboJPEG writes (null
        // strides: rows of tjPlaneWidth bytes); TurboJPEG picks the scale n/8
        // because ⌈side·n/8⌉ is what was asked for.
        let rc = unsafe {
            raw::tjDecompressToYUVPlanes(
                self.decompressor.0,
                bytes.as_ptr(),
                len,
                pointers.as_mut_ptr(),
                sw as c_int,
                std::ptr::null_mut(),
                sh as c_int,
                0,
            )
        };
        if rc != 0 {
            return Err(self.decompressor.error());
        }
        Ok(Planes { width: sw, height: sh, planes })
    }
}

fn plane_width(component: c_int, width: u32, subsamp: c_int) -> u32 {
    // SAFETY: plain arithmetic; TurboJPEG returns -1 for invalid arguments.
    unsafe { raw::tjPlaneWidth(component, width as c_int, subsamp) }.max(1) as u32
}

fn plane_height(component: c_int, height: u32, subsamp: c_int) -> u32 {
    // SAFETY: as above.
    unsafe { raw::tjPlaneHeight(component, height as c_int, subsamp) }.max(1) as u32
}

/// One plane of samples, rows packed.
#[derive(Clone)]
struct Plane {
    width: u32,
    height: u32,
    data: Vec<u8>,
    /// How much of the plane is picture (decoded planes are padded to whole
    /// MCUs; chroma extents are fractional for odd sizes).
    used: (f64, f64),
}

/// A picture as Y (and Cb, Cr unless it is grey), with its size in pixels.
pub(super) struct Planes {
    pub width: u32,
    pub height: u32,
    planes: Vec<Plane>,
}

impl Planes {
    /// Resized to `width` × `height` pixels: luma to that size with `luma`,
    /// chroma (soft anyway) to half of it each way (4:2:0, whatever the
    /// source's subsampling). A plane whose picture already has the size
    /// wanted is only cropped out of its padding (or kept as it is), and one
    /// exactly twice the size is averaged 2 × 2 (a 4:4:4 photo's chroma when
    /// the luma is kept): both cost a fraction of a convolution.
    pub fn resized(
        mut self,
        resizer: &mut fr::Resizer,
        width: u32,
        height: u32,
        luma: fr::FilterType,
    ) -> Result<Planes, String> {
        let mut planes = Vec::with_capacity(self.planes.len());
        for (i, plane) in self.planes.iter_mut().enumerate() {
            let (w, h) = if i == 0 { (width, height) } else { (width.div_ceil(2), height.div_ceil(2)) };
            let (fw, fh) = (f64::from(w), f64::from(h));
            let resized = if plane.used == (fw, fh) {
                plane.cropped(w, h)
            } else if plane.used == (2.0 * fw, 2.0 * fh) {
                plane.halved()
            } else {
                let filter = if i == 0 { luma } else { fr::FilterType::Bilinear };
                plane.convolved(resizer, w, h, filter)?
            };
            planes.push(resized);
        }
        Ok(Planes { width, height, planes })
    }

    /// Turned upright by its EXIF orientation, plane by plane.
    pub fn oriented(self, orientation: Orientation) -> Planes {
        if orientation == Orientation::NoTransforms {
            return self;
        }
        let planes: Vec<Plane> = self.planes.iter().map(|p| p.turned(orientation)).collect();
        let (width, height) = (planes[0].width, planes[0].height);
        Planes { width, height, planes }
    }

    /// Baseline JPEG, 4:2:0 (or greyscale), with no metadata at all.
    pub fn encode(&self, quality: u8) -> Result<Vec<u8>, String> {
        let compressor = Handle::compressor().ok_or("cannot start the JPEG encoder")?;
        let subsamp =
            if self.planes.len() == 1 { raw::TJSAMP_TJSAMP_GRAY as c_int } else { raw::TJSAMP_TJSAMP_420 as c_int };
        // TurboJPEG reads whole MCUs: odd sizes need a replicated edge.
        let padded: Vec<std::borrow::Cow<'_, Plane>> = self
            .planes
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (w, h) =
                    (plane_width(i as c_int, self.width, subsamp), plane_height(i as c_int, self.height, subsamp));
                if (p.width, p.height) == (w, h) {
                    std::borrow::Cow::Borrowed(p)
                } else {
                    std::borrow::Cow::Owned(p.padded(w, h))
                }
            })
            .collect();
        let mut pointers: Vec<*const u8> = padded.iter().map(|p| p.data.as_ptr()).collect();
        pointers.resize(3, std::ptr::null());
        let strides: Vec<c_int> = padded.iter().map(|p| p.width as c_int).chain([0, 0]).take(3).collect();
        let mut out: *mut u8 = std::ptr::null_mut();
        let mut size: c_ulong = 0;
        // SAFETY: each plane holds at least tjPlaneWidth × tjPlaneHeight
        // samples with the stride given; TurboJPEG allocates the output, which
        // is copied and freed with tjFree below.
        let rc = unsafe {
            raw::tjCompressFromYUVPlanes(
                compressor.0,
                pointers.as_mut_ptr(),
                self.width as c_int,
                strides.as_ptr(),
                self.height as c_int,
                subsamp,
                &mut out,
                &mut size,
                c_int::from(quality),
                raw::TJFLAG_FASTDCT as c_int,
            )
        };
        let bytes = (!out.is_null()).then(|| {
            // SAFETY: TurboJPEG wrote `size` bytes at `out`.
            let bytes = unsafe { std::slice::from_raw_parts(out, size as usize) }.to_vec();
            // SAFETY: allocated by TurboJPEG, freed once.
            unsafe { raw::tjFree(out) };
            bytes
        });
        match bytes {
            Some(bytes) if rc == 0 => Ok(bytes),
            _ => Err(format!("cannot encode: {}", compressor.error())),
        }
    }
}

thread_local! {
    /// Plane buffers given back by this thread's last photo, for its next:
    /// a 12 MP photo's planes are megabytes, and fresh ones cost the kernel
    /// a page fault per 4 KiB and an unmapping when freed.
    static SPARE: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
}

/// Spare buffers kept per thread (a decoded and a display-size Y, Cb, Cr),
/// and the sizes kept: small ones are cheap to allocate anyway, and a rare
/// huge panorama's planes are let go (a 2000 × 1500 luma plane is 3 MB).
const SPARE_BUFFERS: usize = 6;
const SPARE_MIN_BYTES: usize = 256 << 10;
const SPARE_MAX_BYTES: usize = 16 << 20;

/// Transposes an 8 × 8 block of bytes held as eight little-endian rows:
/// swaps the off-diagonal 4 × 4 quarters, then the 2 × 2 ones within each
/// quarter, then single bytes (the classic recursive block transposition).
fn transpose_8x8(rows: &mut [u64; 8]) {
    for (shift, mask, pairs) in [
        (32, 0x0000_0000_FFFF_FFFF_u64, [(0, 4), (1, 5), (2, 6), (3, 7)]),
        (16, 0x0000_FFFF_0000_FFFF, [(0, 2), (1, 3), (4, 6), (5, 7)]),
        (8, 0x00FF_00FF_00FF_00FF, [(0, 1), (2, 3), (4, 5), (6, 7)]),
    ] {
        for (i, j) in pairs {
            let t = ((rows[i] >> shift) ^ rows[j]) & mask;
            rows[i] ^= t << shift;
            rows[j] ^= t;
        }
    }
}

/// A zeroed buffer of `len` bytes, reusing a spare one when one is big enough.
fn buffer(len: usize) -> Vec<u8> {
    let spare = SPARE.with_borrow_mut(|spare| {
        let best = (0..spare.len()).filter(|&i| spare[i].capacity() >= len).min_by_key(|&i| spare[i].capacity());
        best.map(|i| spare.swap_remove(i))
    });
    let mut buf = spare.unwrap_or_default();
    buf.clear();
    buf.resize(len, 0);
    buf
}

impl Drop for Plane {
    fn drop(&mut self) {
        let data = std::mem::take(&mut self.data);
        if (SPARE_MIN_BYTES..=SPARE_MAX_BYTES).contains(&data.capacity()) {
            // During thread teardown the spare list may be gone: then the buffer is simply freed.
            let _ = SPARE.try_with(|spare| {
                let mut spare = spare.borrow_mut();
                if spare.len() < SPARE_BUFFERS {
                    spare.push(data);
                }
            });
        }
    }
}

impl Plane {
    /// The top-left `width` × `height` samples, without the padding.
    fn cropped(&mut self, width: u32, height: u32) -> Plane {
        let (w, h) = (width as usize, height as usize);
        if (self.width, self.height) == (width, height) {
            let data = std::mem::take(&mut self.data);
            return Plane { width, height, data, used: self.used };
        }
        let mut data = buffer(w * h);
        for (row, src) in data.chunks_exact_mut(w).zip(self.data.chunks_exact(self.width as usize)).take(h) {
            row.copy_from_slice(&src[..w]);
        }
        Plane { width, height, data, used: (f64::from(width), f64::from(height)) }
    }

    /// Half the picture each way, each sample the rounded mean of a 2 × 2
    /// block: what a JPEG encoder does to make 4:2:0 chroma.
    fn halved(&self) -> Plane {
        let (w, h) = ((self.used.0 / 2.0) as usize, (self.used.1 / 2.0) as usize);
        let stride = self.width as usize;
        let mut data = buffer(w * h);
        for (y, row) in data.chunks_exact_mut(w).enumerate() {
            let top = &self.data[2 * y * stride..][..2 * w];
            let bottom = &self.data[(2 * y + 1) * stride..][..2 * w];
            for ((d, t), b) in row.iter_mut().zip(top.chunks_exact(2)).zip(bottom.chunks_exact(2)) {
                let sum = u16::from(t[0]) + u16::from(t[1]) + u16::from(b[0]) + u16::from(b[1]);
                *d = ((sum + 2) >> 2) as u8;
            }
        }
        let (width, height) = (w as u32, h as u32);
        Plane { width, height, data, used: (f64::from(width), f64::from(height)) }
    }

    /// The picture resized to `width` × `height` by convolution with `filter`.
    fn convolved(
        &self,
        resizer: &mut fr::Resizer,
        width: u32,
        height: u32,
        filter: fr::FilterType,
    ) -> Result<Plane, String> {
        let cannot = |e: &dyn std::fmt::Display| format!("cannot resize: {e}");
        let src = fr::images::ImageRef::new(self.width, self.height, &self.data, fr::PixelType::U8)
            .map_err(|e| cannot(&e))?;
        let buf = buffer(width as usize * height as usize);
        let mut dst = fr::images::Image::from_vec_u8(width, height, buf, fr::PixelType::U8).map_err(|e| cannot(&e))?;
        let options = fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(filter)).crop(
            0.0,
            0.0,
            self.used.0,
            self.used.1,
        );
        resizer.resize(&src, &mut dst, &options).map_err(|e| cannot(&e))?;
        Ok(Plane { width, height, data: dst.into_vec(), used: (f64::from(width), f64::from(height)) })
    }

    /// Turned by `orientation`: every quarter turn is a transposition (in
    /// [`TILE`] × [`TILE`] tiles of 8 × 8 blocks, see [`Plane::transposed`])
    /// followed by flips, which move whole rows or reverse them in place. The
    /// plane must be all picture (no padding), as resized planes are.
    fn turned(&self, orientation: Orientation) -> Plane {
        use Orientation::*;
        let (quarter, flip_h, flip_v) = match orientation {
            NoTransforms => (false, false, false),
            FlipHorizontal => (false, true, false),
            FlipVertical => (false, false, true),
            Rotate180 => (false, true, true),
            Rotate90FlipH => (true, false, false),
            Rotate90 => (true, true, false),
            Rotate270 => (true, false, true),
            Rotate270FlipH => (true, true, true),
        };
        let mut turned = if quarter {
            self.transposed()
        } else {
            let mut data = buffer(self.data.len());
            data.copy_from_slice(&self.data);
            Plane { width: self.width, height: self.height, data, used: self.used }
        };
        let width = turned.width as usize;
        if flip_h {
            turned.data.chunks_exact_mut(width).for_each(<[u8]>::reverse);
        }
        if flip_v {
            let rows = turned.height as usize;
            for y in 0..rows / 2 {
                let (top, bottom) = turned.data.split_at_mut((rows - 1 - y) * width);
                top[y * width..][..width].swap_with_slice(&mut bottom[..width]);
            }
        }
        turned
    }

    /// Rows become columns. A column of the source touches a new cache line
    /// (and, on big planes, a new page) for every sample; within a tile the
    /// source rows stay in L1 cache, and each 8 × 8 block is transposed in
    /// eight 64-bit registers, eight loads and eight stores.
    fn transposed(&self) -> Plane {
        let (w, h) = (self.width as usize, self.height as usize);
        let src = &self.data[..w * h];
        // Destination rows are `h` samples long: destination (x, y) is source (y, x).
        let mut data = buffer(w * h);
        for ty in (0..h).step_by(TILE) {
            for tx in (0..w).step_by(TILE) {
                for y in (ty..(ty + TILE).min(h)).step_by(8) {
                    for x in (tx..(tx + TILE).min(w)).step_by(8) {
                        if y + 8 <= h && x + 8 <= w {
                            let mut block = [0u64; 8];
                            for (i, row) in block.iter_mut().enumerate() {
                                *row = u64::from_le_bytes(src[(y + i) * w + x..][..8].try_into().expect("8 samples"));
                            }
                            transpose_8x8(&mut block);
                            for (j, column) in block.iter().enumerate() {
                                data[(x + j) * h + y..][..8].copy_from_slice(&column.to_le_bytes());
                            }
                        } else {
                            for sy in y..(y + 8).min(h) {
                                for sx in x..(x + 8).min(w) {
                                    data[sx * h + sy] = src[sy * w + sx];
                                }
                            }
                        }
                    }
                }
            }
        }
        let (width, height) = (self.height, self.width);
        Plane { width, height, data, used: (f64::from(width), f64::from(height)) }
    }

    /// Grown to `width` × `height` by repeating the last column and row.
    fn padded(&self, width: u32, height: u32) -> Plane {
        let (w, h) = (self.width as usize, self.height as usize);
        let mut data = Vec::with_capacity(width as usize * height as usize);
        for y in 0..height as usize {
            let row = &self.data[y.min(h - 1) * w..][..w];
            data.extend_from_slice(row);
            data.resize(data.len() + (width as usize).saturating_sub(w), row[w - 1]);
        }
        Plane { width, height, data, used: self.used }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plane of `width` × `height` distinct-looking samples (no symmetry a
    /// wrong turn could hide behind), sides that are not multiples of [`TILE`].
    fn plane(width: u32, height: u32) -> Plane {
        let data = (0..width * height).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
        Plane { width, height, data, used: (f64::from(width), f64::from(height)) }
    }

    #[test]
    fn halving_averages_each_two_by_two_block_of_the_picture_and_never_the_padding() {
        // A 4 × 2 picture in a plane padded to 6 × 3 with bright samples.
        #[rustfmt::skip]
        let data = vec![
            0, 10, 20, 30, 255, 255,
            2, 12, 22, 32, 255, 255,
            255, 255, 255, 255, 255, 255,
        ];
        let half = Plane { width: 6, height: 3, data, used: (4.0, 2.0) }.halved();
        assert_eq!((half.width, half.height), (2, 1));
        assert_eq!(half.data, [6, 26], "rounded means of 0, 10, 2, 12 and of 20, 30, 22, 32");
    }

    #[test]
    fn planes_turn_like_image_does_in_every_exif_orientation() {
        for (w, h) in [(150, 97), (64, 64), (1, 130), (200, 1)] {
            let p = plane(w, h);
            for exif in 1..=8 {
                let orientation = Orientation::from_exif(exif).expect("1 to 8 are orientations");
                let mut expected = image::DynamicImage::ImageLuma8(
                    image::GrayImage::from_raw(w, h, p.data.clone()).expect("a whole plane"),
                );
                expected.apply_orientation(orientation);
                let expected = expected.into_luma8();
                let turned = p.turned(orientation);
                assert_eq!(
                    (turned.width, turned.height),
                    expected.dimensions(),
                    "{w}×{h}, EXIF orientation {exif}: sides"
                );
                assert!(turned.data == expected.as_raw()[..], "{w}×{h}, EXIF orientation {exif}: samples");
            }
        }
    }
}
