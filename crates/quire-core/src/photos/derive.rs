//! Making a photo's derived sizes: verifying it by decoding under explicit
//! limits, turning it upright, resizing and re-encoding. Pure CPU work with
//! no I/O and no SQLite, so it runs on worker threads outside any write
//! transaction. [`prepare_timed`] reports the end of each [`Stage`] so that
//! the bench can say where the time goes.

use std::io::Cursor;

use fast_image_resize as fr;
use image::{DynamicImage, ImageDecoder};

use super::yuv;
use super::{DISPLAY_WIDTH, PhotoSize, Prepared, Refusal, Rendition, THUMB_SIDE};

/// No real photo is wider or taller; decompression bombs claim far more.
const MAX_SIDE: u32 = 16_384;
/// Decoding memory cap (a 16k × 16k RGBA image would need 1 GiB).
const MAX_DECODE_ALLOC: u64 = 512 * 1024 * 1024;
/// JPEG quality of the derived sizes: visually clean, about a tenth of the bytes of q95.
const DISPLAY_QUALITY: u8 = 82;
const THUMB_QUALITY: u8 = 78;

/// The steps of preparing a photo, in order, as reported by [`prepare_timed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// blake3 of the original.
    Hash,
    /// Format, dimensions and EXIF orientation from the headers.
    Header,
    /// Decoding the pixels (every byte of entropy-coded data, at reduced scale for JPEG).
    Decode,
    /// Applying the EXIF orientation.
    Orient,
    ResizeDisplay,
    EncodeDisplay,
    ResizeThumb,
    EncodeThumb,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::Hash,
        Stage::Header,
        Stage::Decode,
        Stage::Orient,
        Stage::ResizeDisplay,
        Stage::EncodeDisplay,
        Stage::ResizeThumb,
        Stage::EncodeThumb,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Hash => "hash",
            Stage::Header => "header/EXIF",
            Stage::Decode => "decode",
            Stage::Orient => "orientation",
            Stage::ResizeDisplay => "resize display",
            Stage::EncodeDisplay => "encode display",
            Stage::ResizeThumb => "resize thumbnail",
            Stage::EncodeThumb => "encode thumbnail",
        }
    }
}

/// Smaller than this on its shorter side, or on both sides, an image is
/// furniture (a tracking pixel, an icon, a spacer or a rule), not a photo.
const MIN_SHORT_SIDE: u32 = 32;
const MIN_LONG_SIDE: u32 = 100;

fn is_too_small(width: u32, height: u32) -> bool {
    width.min(height) < MIN_SHORT_SIDE || width.max(height) < MIN_LONG_SIDE
}

/// Whether the bytes are an SVG document (XML that opens an `<svg>` element).
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    (trimmed.starts_with("<?xml") || trimmed.starts_with("<svg") || trimmed.starts_with("<!doctype svg"))
        && text.contains("<svg")
}

fn limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    limits
}

/// Decodes `bytes` whole under the limits and turns it upright. Returns the
/// media type and the image, or why it is not a photo we keep.
pub(super) fn decode(bytes: &[u8]) -> std::result::Result<(&'static str, DynamicImage), Refusal> {
    if looks_like_svg(bytes) {
        return Err(Refusal::NotAPhoto("an SVG drawing, not a photo: SVG can carry scripts, so it is not kept".into()));
    }
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Refusal::Failed(e.to_string()))?;
    let media_type = match reader.format() {
        Some(image::ImageFormat::Jpeg) => "image/jpeg",
        Some(image::ImageFormat::Png) => "image/png",
        Some(image::ImageFormat::WebP) => "image/webp",
        Some(image::ImageFormat::Gif) => "image/gif",
        _ => return Err(Refusal::Failed("not a JPEG, PNG, WebP or GIF image".into())),
    };
    reader.limits(limits());
    let cannot = |e: image::ImageError| Refusal::Failed(format!("the image cannot be decoded: {e}"));
    let mut decoder = reader.into_decoder().map_err(cannot)?;
    let (width, height) = decoder.dimensions();
    if is_too_small(width, height) {
        return Err(Refusal::NotAPhoto(format!("{width}×{height} px: an icon or tracking pixel, not a photo")));
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(cannot)?;
    image.apply_orientation(orientation);
    Ok((media_type, image))
}

/// Whether `bytes` looks like an image file (by its first bytes), as opposed
/// to a page: how `quire add` tells a photo from an HTML file.
pub fn looks_like_image(bytes: &[u8]) -> bool {
    looks_like_svg(bytes)
        || matches!(
            image::guess_format(bytes),
            Ok(image::ImageFormat::Jpeg | image::ImageFormat::Png | image::ImageFormat::WebP | image::ImageFormat::Gif)
        )
}

/// The EXIF orientation of a JPEG, read from its headers alone (jpeg-decoder
/// stops at the first scan, so this costs microseconds).
fn jpeg_orientation(bytes: &[u8]) -> image::metadata::Orientation {
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    decoder
        .read_info()
        .ok()
        .and_then(|()| decoder.exif_data().and_then(image::metadata::Orientation::from_exif_chunk))
        .unwrap_or(image::metadata::Orientation::NoTransforms)
}

fn swaps_sides(orientation: image::metadata::Orientation) -> bool {
    use image::metadata::Orientation::*;
    matches!(orientation, Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
}

/// The DCT scales n/8 that libjpeg-turbo decodes fast: 1/8 (DC only), 1/4
/// and 1/2 (SIMD reduced inverse DCTs) and 1/1. Every other scale (3/8, 5/8…)
/// takes a generic C inverse DCT that costs more than a SIMD one twice the size.
const FAST_EIGHTHS: [u32; 4] = [1, 2, 4, 8];

/// A display size at least this wide (0.9 × [`DISPLAY_WIDTH`], sharp enough
/// on a 2× screen) is taken as it comes from a fast scale rather than decoded
/// at twice the scale and resized (nor ever upscaled).
const MIN_DISPLAY_WIDTH: u32 = DISPLAY_WIDTH * 9 / 10;

/// The smallest fast DCT scale n/8 at which a side of `upright_width` still
/// gives the display width (or the whole width of a narrower photo), or at
/// least [`MIN_DISPLAY_WIDTH`].
fn dct_eighths(upright_width: u32) -> u32 {
    let wanted = DISPLAY_WIDTH.min(upright_width);
    let scaled = |n: u32| (upright_width * n).div_ceil(8);
    FAST_EIGHTHS.into_iter().find(|&n| scaled(n) >= wanted.min(MIN_DISPLAY_WIDTH)).unwrap_or(8)
}

/// When a photo was taken, from its EXIF `DateTimeOriginal` (or
/// `DateTimeDigitized`), as a local RFC 3339-style date and time without an
/// offset (EXIF 2.2 records none): `2024-05-01T12:34:56`.
pub fn taken_at(bytes: &[u8]) -> Option<String> {
    let exif = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)).ok()?;
    [exif::Tag::DateTimeOriginal, exif::Tag::DateTimeDigitized].into_iter().find_map(|tag| {
        let field = exif.get_field(tag, exif::In::PRIMARY)?;
        let exif::Value::Ascii(ref parts) = field.value else { return None };
        let dt = exif::DateTime::from_ascii(parts.first()?).ok()?;
        (dt.year > 0 && (1..=12).contains(&dt.month) && (1..=31).contains(&dt.day)).then(|| {
            format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second)
        })
    })
}

/// Decodes a JPEG with libjpeg-turbo (SIMD Huffman decoding, IDCT and colour
/// conversion) at the smallest DCT scale that still gives the display size,
/// so a 12 MP photo becomes 2000 × 1500 pixels without the full-size inverse
/// DCT, upsampling and colour conversion. Every byte of entropy-coded data is
/// still decoded and a truncated or corrupt file is an error (TurboJPEG turns
/// libjpeg's warnings into one), so this verifies the file as a full decode
/// does. The same limits as [`limits`] hold: sides of at most [`MAX_SIDE`],
/// and no more than [`MAX_DECODE_ALLOC`] for the worst case of libjpeg's
/// whole-image coefficient buffer (progressive files), checked from the
/// header before anything is allocated. `None` for what this path does not
/// take (CMYK, or TurboJPEG unavailable): those get `image`'s full decode.
fn decode_jpeg_scaled(bytes: &[u8], lap: &mut dyn FnMut(Stage)) -> Option<std::result::Result<DynamicImage, Refusal>> {
    let cannot = |e: &dyn std::fmt::Display| Refusal::Failed(format!("the image cannot be decoded: {e}"));
    let mut decompressor = turbojpeg::Decompressor::new().ok()?;
    let header = match decompressor.read_header(bytes) {
        Ok(h) => h,
        Err(e) => return Some(Err(cannot(&e))),
    };
    if matches!(header.colorspace, turbojpeg::Colorspace::CMYK | turbojpeg::Colorspace::YCCK) {
        return None;
    }
    let (w, h) = (u32::try_from(header.width).ok()?, u32::try_from(header.height).ok()?);
    if let Err(refusal) = check_jpeg_size(w, h) {
        return Some(Err(refusal));
    }
    let orientation = jpeg_orientation(bytes);
    lap(Stage::Header);
    let n = dct_eighths(if swaps_sides(orientation) { h } else { w });
    // TurboJPEG picks the largest scale that fits the size asked for: exactly n/8.
    let (sw, sh) = ((w * n).div_ceil(8), (h * n).div_ceil(8));
    let mut pixels = vec![0u8; sw as usize * sh as usize * 3];
    let output = turbojpeg::Image {
        pixels: pixels.as_mut_slice(),
        width: sw as usize,
        pitch: sw as usize * 3,
        height: sh as usize,
        format: turbojpeg::PixelFormat::RGB,
    };
    if let Err(e) = decompressor.decompress(bytes, output) {
        return Some(Err(cannot(&e)));
    }
    lap(Stage::Decode);
    let mut image = DynamicImage::ImageRgb8(image::RgbImage::from_raw(sw, sh, pixels)?);
    image.apply_orientation(orientation);
    lap(Stage::Orient);
    Some(Ok(image))
}

/// Checks that `bytes` is a whole, decodable photo of sane size; returns its
/// media type and upright dimensions, or the reason it is not.
pub fn verify(bytes: &[u8]) -> std::result::Result<(&'static str, u32, u32), String> {
    let (media_type, image) = decode(bytes).map_err(|r| r.reason().to_string())?;
    Ok((media_type, image.width(), image.height()))
}

/// Verifies `bytes` by decoding it once and makes its derived sizes.
pub fn prepare(bytes: Vec<u8>) -> std::result::Result<Prepared, Refusal> {
    prepare_timed(bytes, &mut |_| {})
}

/// [`prepare`], calling `lap` as each [`Stage`] ends (for the bench).
pub fn prepare_timed(bytes: Vec<u8>, lap: &mut dyn FnMut(Stage)) -> std::result::Result<Prepared, Refusal> {
    let hash = blake3::hash(&bytes).to_hex().to_string();
    lap(Stage::Hash);
    prepare_hashed(bytes, hash, lap)
}

/// [`prepare_timed`] of bytes whose blake3 `hash` the caller has already
/// (to look the photo up in the library): a 12 MP photo's hash is a
/// millisecond not spent twice.
pub(super) fn prepare_hashed(
    bytes: Vec<u8>,
    hash: String,
    lap: &mut dyn FnMut(Stage),
) -> std::result::Result<Prepared, Refusal> {
    let (media_type, width, height, sizes) = derive(&bytes, lap)?;
    Ok(Prepared { hash, original: bytes, media_type, width, height, sizes })
}

/// A verified photo's media type, upright dimensions and derived sizes.
type Derived = (&'static str, u32, u32, Vec<Rendition>);

/// Decodes `bytes` once (verifying it) and makes its derived sizes: JPEGs in
/// Y, Cb, Cr planes where they can be, anything else as an RGB(A) image.
pub(super) fn derive(bytes: &[u8], lap: &mut dyn FnMut(Stage)) -> std::result::Result<Derived, Refusal> {
    let is_jpeg = matches!(image::guess_format(bytes), Ok(image::ImageFormat::Jpeg));
    if is_jpeg && let Some(derived) = derive_jpeg_planes(bytes, lap) {
        return derived;
    }
    let (media_type, image) = match is_jpeg.then(|| decode_jpeg_scaled(bytes, lap)).flatten() {
        Some(decoded) => ("image/jpeg", decoded?),
        None => {
            let (media_type, image) = decode(bytes)?;
            lap(Stage::Decode);
            (media_type, image)
        }
    };
    // The upright size of the original, not of a reduced-scale decode.
    let (width, height) = match (media_type, upright_size(bytes)) {
        ("image/jpeg", Some(size)) => size,
        _ => (image.width(), image.height()),
    };
    let sizes = derive_sizes(image, media_type, lap).map_err(Refusal::Failed)?;
    Ok((media_type, width, height, sizes))
}

/// The JPEG fast path ([`super::yuv`]), under the same limits as
/// [`decode_jpeg_scaled`] and at the same DCT scale. `None` for JPEGs it does
/// not take (CMYK, YCCK, untransformed RGB, or TurboJPEG unavailable).
fn derive_jpeg_planes(bytes: &[u8], lap: &mut dyn FnMut(Stage)) -> Option<std::result::Result<Derived, Refusal>> {
    let cannot = |e: &dyn std::fmt::Display| Refusal::Failed(format!("the image cannot be decoded: {e}"));
    let header = match yuv::Header::read(bytes)? {
        Ok(h) => h,
        Err(e) => return Some(Err(cannot(&e))),
    };
    if !header.is_ycbcr() {
        return None;
    }
    let (w, h) = (header.width, header.height);
    if let Err(refusal) = check_jpeg_size(w, h) {
        return Some(Err(refusal));
    }
    let orientation = jpeg_orientation(bytes);
    lap(Stage::Header);
    let swaps = swaps_sides(orientation);
    let planes = match header.decode(dct_eighths(if swaps { h } else { w }), bytes) {
        Ok(planes) => planes,
        Err(e) => return Some(Err(cannot(&e))),
    };
    lap(Stage::Decode);
    let (width, height) = if swaps { (h, w) } else { (w, h) };
    Some(
        plane_sizes(planes, orientation, lap)
            .map(|sizes| ("image/jpeg", width, height, sizes))
            .map_err(Refusal::Failed),
    )
}

/// Sides of at most [`MAX_SIDE`]; no more than [`MAX_DECODE_ALLOC`] for the
/// worst case of libjpeg's whole-image coefficient buffer (progressive
/// files), two bytes per coefficient for three components; not furniture.
fn check_jpeg_size(w: u32, h: u32) -> std::result::Result<(), Refusal> {
    let cannot = |e: &dyn std::fmt::Display| Refusal::Failed(format!("the image cannot be decoded: {e}"));
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(cannot(&format!("{w}×{h} px is too large")));
    }
    if u64::from(w) * u64::from(h) * 6 > MAX_DECODE_ALLOC {
        return Err(cannot(&format!("{w}×{h} px would need more than {} MiB", MAX_DECODE_ALLOC >> 20)));
    }
    if is_too_small(w, h) {
        return Err(Refusal::NotAPhoto(format!("{w}×{h} px: an icon or tracking pixel, not a photo")));
    }
    Ok(())
}

/// The display size and the thumbnail from decoded planes: resized in the
/// stored orientation (fewer pixels to turn), turned upright, encoded; the
/// thumbnail is made from the display size.
fn plane_sizes(
    planes: yuv::Planes,
    orientation: image::metadata::Orientation,
    lap: &mut dyn FnMut(Stage),
) -> std::result::Result<Vec<Rendition>, String> {
    thread_local! {
        /// Each thread's resizer, kept between photos with its scratch
        /// buffer (megabytes for a display size; a fresh one costs the
        /// kernel a page fault per 4 KiB every time).
        static RESIZER: std::cell::RefCell<fr::Resizer> = std::cell::RefCell::new(fr::Resizer::new());
    }
    RESIZER.with_borrow_mut(|resizer| plane_sizes_with(resizer, planes, orientation, lap))
}

fn plane_sizes_with(
    resizer: &mut fr::Resizer,
    planes: yuv::Planes,
    orientation: image::metadata::Orientation,
    lap: &mut dyn FnMut(Stage),
) -> std::result::Result<Vec<Rendition>, String> {
    let swaps = swaps_sides(orientation);
    let (uw, uh) = if swaps { (planes.height, planes.width) } else { (planes.width, planes.height) };
    let (dw, dh) = fitted(uw, uh, DISPLAY_WIDTH, u32::MAX).unwrap_or((uw, uh));
    // After the DCT-scaled decode the display size is always more than half
    // the decoded one, where a bilinear (triangle) filter is clean and has
    // half the taps of Catmull-Rom: the luma resize is the costliest step
    // after decoding. The thumbnail shrinks by 4 or more: Catmull-Rom keeps
    // it crisp, and it is small.
    let (rw, rh) = if swaps { (dh, dw) } else { (dw, dh) };
    let display = planes.resized(resizer, rw, rh, fr::FilterType::Bilinear)?;
    lap(Stage::ResizeDisplay);
    let display = display.oriented(orientation);
    lap(Stage::Orient);
    let display_bytes = display.encode(DISPLAY_QUALITY)?;
    lap(Stage::EncodeDisplay);
    let (tw, th) = fitted(dw, dh, THUMB_SIDE, THUMB_SIDE).unwrap_or((dw, dh));
    let thumb = display.resized(resizer, tw, th, fr::FilterType::CatmullRom)?;
    lap(Stage::ResizeThumb);
    let thumb_bytes = thumb.encode(THUMB_QUALITY)?;
    lap(Stage::EncodeThumb);
    let jpeg = |size, (width, height), bytes| Rendition { size, media_type: "image/jpeg", width, height, bytes };
    Ok(vec![jpeg(PhotoSize::Display, (dw, dh), display_bytes), jpeg(PhotoSize::Thumb, (tw, th), thumb_bytes)])
}

/// The upright dimensions of a JPEG from its headers alone.
fn upright_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    decoder.read_info().ok()?;
    let info = decoder.info()?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    let orientation = decoder.exif_data().and_then(image::metadata::Orientation::from_exif_chunk);
    Some(if orientation.is_some_and(swaps_sides) { (h, w) } else { (w, h) })
}

/// The display size and the thumbnail of an upright image. An animated GIF
/// keeps its original as the display size (it carries no EXIF to strip, and a
/// re-encoded first frame would stop the animation).
pub(super) fn derive_sizes(
    image: DynamicImage,
    media_type: &str,
    lap: &mut dyn FnMut(Stage),
) -> std::result::Result<Vec<Rendition>, String> {
    // 8 bits per channel, alpha only where the source has it (no copy for RGB8 JPEGs).
    let image = if image.color().has_alpha() {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    };
    let mut resizer = fr::Resizer::new();
    let mut sizes = Vec::with_capacity(2);
    let display = resized(&mut resizer, &image, DISPLAY_WIDTH, u32::MAX)?;
    lap(Stage::ResizeDisplay);
    let display_ref = display.as_ref().unwrap_or(&image);
    if media_type != "image/gif" {
        sizes.push(encode(PhotoSize::Display, display_ref, DISPLAY_QUALITY)?);
    }
    lap(Stage::EncodeDisplay);
    let thumb = resized(&mut resizer, display_ref, THUMB_SIDE, THUMB_SIDE)?;
    lap(Stage::ResizeThumb);
    sizes.push(encode(PhotoSize::Thumb, thumb.as_ref().unwrap_or(display_ref), THUMB_QUALITY)?);
    lap(Stage::EncodeThumb);
    Ok(sizes)
}

/// The size of `w` × `h` scaled down to fit `max_w` × `max_h`, or `None` if it already fits.
fn fitted(w: u32, h: u32, max_w: u32, max_h: u32) -> Option<(u32, u32)> {
    if w <= max_w && h <= max_h {
        return None;
    }
    let scale = (f64::from(max_w) / f64::from(w)).min(f64::from(max_h) / f64::from(h));
    Some((((f64::from(w) * scale).round() as u32).max(1), ((f64::from(h) * scale).round() as u32).max(1)))
}

/// `image` scaled down to fit `max_w` × `max_h`, or `None` if it already fits.
fn resized(
    resizer: &mut fr::Resizer,
    image: &DynamicImage,
    max_w: u32,
    max_h: u32,
) -> std::result::Result<Option<DynamicImage>, String> {
    let Some((nw, nh)) = fitted(image.width(), image.height(), max_w, max_h) else { return Ok(None) };
    let mut dst = match image {
        DynamicImage::ImageRgba8(_) => DynamicImage::ImageRgba8(image::RgbaImage::new(nw, nh)),
        _ => DynamicImage::ImageRgb8(image::RgbImage::new(nw, nh)),
    };
    // Catmull-Rom: as sharp as Lanczos3 to the eye at these ratios, and fewer taps.
    let options =
        fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::CatmullRom)).use_alpha(true);
    resizer.resize(image, &mut dst, &options).map_err(|e| format!("cannot resize: {e}"))?;
    Ok(Some(dst))
}

/// Opaque images become baseline 4:2:0 JPEG (libjpeg-turbo, SIMD); images
/// with transparency become PNG. Neither carries metadata.
fn encode(size: PhotoSize, image: &DynamicImage, quality: u8) -> std::result::Result<Rendition, String> {
    let (width, height) = (image.width(), image.height());
    let mut bytes = Vec::new();
    let media_type = match image {
        DynamicImage::ImageRgb8(rgb) => {
            let mut compressor = turbojpeg::Compressor::new().map_err(|e| format!("cannot encode: {e}"))?;
            compressor.set_quality(i32::from(quality));
            compressor.set_subsamp(turbojpeg::Subsamp::Sub2x2);
            let image = turbojpeg::Image {
                pixels: rgb.as_raw().as_slice(),
                width: width as usize,
                pitch: width as usize * 3,
                height: height as usize,
                format: turbojpeg::PixelFormat::RGB,
            };
            bytes = compressor.compress_to_vec(image).map_err(|e| format!("cannot encode: {e}"))?;
            "image/jpeg"
        }
        _ => {
            let encoder = image::codecs::png::PngEncoder::new_with_quality(
                &mut bytes,
                image::codecs::png::CompressionType::Fast,
                image::codecs::png::FilterType::Adaptive,
            );
            image.write_with_encoder(encoder).map_err(|e| format!("cannot encode: {e}"))?;
            "image/png"
        }
    };
    Ok(Rendition { size, media_type, width, height, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_fast_dct_scales_are_chosen_and_1440_px_of_display_is_enough() {
        for (upright_width, eighths, why) in [
            (4000, 4, "1/2 gives 2000 px, resized to 1600"),
            (3000, 4, "1/2 gives 1500 px: kept, not decoded whole"),
            (5000, 4, "1/4 would give 1250 px: too few"),
            (6000, 2, "1/4 gives 1500 px"),
            (12_000, 1, "1/8 gives 1500 px"),
            (2000, 8, "1/2 would give 1000 px: decoded whole, resized to 1600"),
            (1200, 8, "narrower than the display size: decoded whole, never upscaled"),
        ] {
            let n = dct_eighths(upright_width);
            assert_eq!(n, eighths, "{upright_width} px: {why}");
            assert!(FAST_EIGHTHS.contains(&n));
        }
    }
}
