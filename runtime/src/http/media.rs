//! File and image fields: validating uploads with DRF's messages (DRF-CONTRACT §1.5), storing
//! them under `MEDIA_ROOT` as Django's `FileSystemStorage` does, their URLs, and serving
//! `/media/`.
//!
//! ```
//! use restforge::http::media::{file_url, valid_filename};
//!
//! assert_eq!(valid_filename("../../etc/my photo!.png").as_deref(), Some("my_photo.png"));
//! assert_eq!(valid_filename(".."), None);
//! assert_eq!(file_url("/media/", "avatars/a b.png"), "/media/avatars/a%20b.png");
//! ```

use std::io::{Cursor, ErrorKind, Write};
use std::path::{Component, Path, PathBuf};

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rand::distr::{Alphanumeric, SampleString};

use crate::core::model::{FieldKind, FieldMeta};
use crate::http::request::UploadedFile;

/// A FileField's `max_length` when the model gives none (Django's default).
pub const DEFAULT_MAX_LENGTH: u32 = 100;

/// The URL of a stored file: `media_url` plus the name, percent-encoded as Django's
/// `filepath_to_uri` does (`/~!*()'` kept).
pub fn file_url(media_url: &str, name: &str) -> String {
    let mut url = String::with_capacity(media_url.len() + name.len());
    url.push_str(media_url);
    for byte in name.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || b"_.-~/!*()'".contains(&byte) {
            url.push(byte as char);
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// Django's upload name cleaning: the last path component (`MultiPartParser
/// .sanitize_file_name`), then `get_valid_filename` (spaces become `_`, only `[-\w.]` kept).
/// `None` when nothing usable is left.
pub fn valid_filename(name: &str) -> Option<String> {
    let base = name.rsplit('/').next()?.rsplit('\\').next()?;
    let base: String = base.trim().replace(' ', "_");
    let cleaned: String = base
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .collect();
    match cleaned.as_str() {
        "" | "." | ".." => None,
        _ => Some(cleaned),
    }
}

/// DRF's FileField and Django's ImageField checks on an upload, with their messages.
pub fn validate_upload(field: &FieldMeta, file: &UploadedFile) -> Result<(), Vec<String>> {
    let fail = |m: String| Err(vec![m]);
    let name = file.filename.as_str();
    if name.is_empty() {
        return fail("No filename could be determined.".to_owned());
    }
    if file.bytes.is_empty() {
        return fail("The submitted file is empty.".to_owned());
    }
    let max = field.max_length.unwrap_or(DEFAULT_MAX_LENGTH) as usize;
    let length = name.chars().count();
    if length > max {
        return fail(format!(
            "Ensure this filename has at most {max} characters (it has {length})."
        ));
    }
    if field.field_type == FieldKind::Image {
        if !is_image(&file.bytes) {
            return fail(
                "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
                    .to_owned(),
            );
        }
        // Django's `validate_image_file_extension`, a validator of every ImageField (DRF runs
        // it after the image check): an image stored as `x.html` must not be served as one.
        let extension = image_extension(name);
        if !IMAGE_EXTENSIONS.contains(&extension.as_str()) {
            return fail(format!(
                "File extension \u{201c}{extension}\u{201d} is not allowed. Allowed extensions are: {}.",
                IMAGE_EXTENSIONS.join(", ")
            ));
        }
    }
    Ok(())
}

/// `Path(name).suffix[1:].lower()`: the last extension, lower-cased, without its dot (empty
/// when there is none; a leading dot does not start an extension).
fn image_extension(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    split_extension(base)
        .1
        .trim_start_matches('.')
        .to_lowercase()
}

/// Django's `get_available_image_extensions()` with Pillow 13.0 (the version the DRF app of
/// the benchmark pins), in Pillow's order, which the error message keeps.
pub const IMAGE_EXTENSIONS: [&str; 70] = [
    "avif", "avifs", "blp", "bmp", "dib", "bufr", "cur", "pcx", "dcx", "dds", "ps", "eps", "fit",
    "fits", "fli", "flc", "ftc", "ftu", "gbr", "gif", "grib", "h5", "hdf", "png", "apng", "jp2",
    "j2k", "jpc", "jpf", "jpx", "j2c", "icns", "ico", "im", "iim", "jfif", "jpe", "jpg", "jpeg",
    "mpg", "mpeg", "tif", "tiff", "mpo", "msp", "palm", "pcd", "pdf", "pxr", "pbm", "pgm", "ppm",
    "pnm", "pfm", "psd", "qoi", "bw", "rgb", "rgba", "sgi", "ras", "tga", "icb", "vda", "vst",
    "webp", "wmf", "emf", "xbm", "xpm",
];

/// Pillow's decompression-bomb limit, `2 * Image.MAX_IMAGE_PIXELS`: above it `Image.open`
/// raises `DecompressionBombError`, which Django reports as an invalid image.
pub const MAX_IMAGE_PIXELS: u64 = 178_956_970;

/// Whether the bytes are an image as Django's `ImageField` decides it: Pillow opens it (the
/// header parses, here for PNG, JPEG, GIF and WebP), its pixel count is within Pillow's
/// decompression-bomb limit, and `verify()` passes — which for PNG checks every chunk's CRC up
/// to `IEND`, and for the other formats checks nothing more. No pixel is decoded, so a small
/// file claiming huge dimensions costs nothing.
pub fn is_image(bytes: &[u8]) -> bool {
    let Ok(reader) = image::ImageReader::new(Cursor::new(bytes)).with_guessed_format() else {
        return false;
    };
    let Some(format) = reader.format() else {
        return false;
    };
    let Ok((width, height)) = reader.into_dimensions() else {
        return false;
    };
    if width == 0 || height == 0 || u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS {
        return false;
    }
    format != image::ImageFormat::Png || png_chunks_verify(bytes)
}

/// Pillow's `PngImageFile.verify()`: after the signature, every chunk's CRC is right, up to
/// and including `IEND`.
fn png_chunks_verify(bytes: &[u8]) -> bool {
    let mut rest = match bytes.get(8..) {
        Some(rest) => rest,
        None => return false,
    };
    loop {
        let Some((header, after)) = rest.split_first_chunk::<8>() else {
            return false;
        };
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let kind = &header[4..8];
        let Some((data, after)) = after.split_at_checked(length) else {
            return false;
        };
        let Some((crc, after)) = after.split_first_chunk::<4>() else {
            return false;
        };
        let mut hasher = crc32fast::Hasher::new();
        hasher.update(kind);
        hasher.update(data);
        if hasher.finalize() != u32::from_be_bytes(*crc) {
            return false;
        }
        if kind == b"IEND" {
            return true;
        }
        rest = after;
    }
}

/// Why an upload could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No name `<upload_to>/<name>` fits the field's `max_length`, even with the name's stem
    /// cut to one character (an extension or `upload_to` that long); the client can fix it by
    /// sending a shorter file name. Django raises `SuspiciousFileOperation` here.
    #[error(
        "Storage can not find an available filename for \"{name}\". Please make sure that the \
         corresponding file field allows sufficient \"max_length\"."
    )]
    NameTooLong { name: String },
    /// Nothing of the client's file name is left once cleaned (`$$$`): Django's
    /// `get_valid_filename` raises `SuspiciousFileOperation`.
    #[error("Could not derive file name from '{name}'")]
    NoFileName { name: String },
    /// The field's `upload_to` is not a valid strftime pattern or leaves the media root: a
    /// mistake in the project, not in the request.
    #[error("upload_to {upload_to:?} {problem}")]
    BadUploadTo {
        upload_to: &'static str,
        problem: &'static str,
    },
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Django runs `upload_to` through strftime (`avatars/%Y/%m/`).
fn upload_dir(upload_to: &'static str) -> Result<String, StoreError> {
    let bad = |problem| StoreError::BadUploadTo { upload_to, problem };
    let dir = if upload_to.contains('%') {
        use std::fmt::Write as _;
        let mut dir = String::new();
        // chrono reports an unknown `%` directive as a formatting error.
        write!(dir, "{}", chrono::Utc::now().format(upload_to))
            .map_err(|_| bad("is not a valid strftime pattern"))?;
        dir
    } else {
        upload_to.to_owned()
    };
    let dir = dir.trim_matches('/').to_owned();
    if !is_relative_and_safe(&dir) {
        return Err(bad("leaves the media root"));
    }
    Ok(dir)
}

/// Stores an upload under `root` as `<upload_to><name>` and returns the stored name relative
/// to `root` (`avatars/a.png`). A taken name gets Django's suffix, `_` and 7 random
/// alphanumerics before the extension (`avatars/a_Xy3kP9q.png`), with the stem shortened when
/// the name would exceed `max_length`; files are created exclusively, so two uploads never
/// overwrite each other.
pub async fn store(
    root: &Path,
    field: &FieldMeta,
    file: &UploadedFile,
) -> Result<String, StoreError> {
    let filename = valid_filename(&file.filename).ok_or_else(|| StoreError::NoFileName {
        name: file.filename.clone(),
    })?;
    let dir = upload_dir(field.upload_to.unwrap_or(""))?;
    let max = field.max_length.unwrap_or(DEFAULT_MAX_LENGTH) as usize;
    let root = root.to_owned();
    let bytes = file.bytes.clone();
    tokio::task::spawn_blocking(move || {
        std::fs::create_dir_all(root.join(&dir))?;
        let (stem, ext) = split_extension(&filename);
        let join = |name: &str| {
            if dir.is_empty() {
                name.to_owned()
            } else {
                format!("{dir}/{name}")
            }
        };
        // `<dir>/<stem>_<7 random><ext>` with at least one character of the stem.
        let suffixed_length = join("").chars().count() + 1 + 7 + ext.chars().count();
        let mut name = join(&filename);
        // The bytes go to a hidden temporary file first, which is then linked under its name:
        // a file under its real name is always complete (a full disk or a killed process
        // leaves no half-written upload where it would be served).
        let partial = PartialFile::write(&root.join(&dir), &bytes)?;
        for _ in 0..100 {
            if name.chars().count() <= max {
                match std::fs::hard_link(&partial.path, root.join(&name)) {
                    Ok(()) => return Ok(name),
                    Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
                    Err(e) => return Err(e.into()),
                }
            }
            if suffixed_length >= max {
                return Err(StoreError::NameTooLong { name });
            }
            let stem: String = stem.chars().take(max - suffixed_length).collect();
            name = join(&format!("{stem}_{}{ext}", random_suffix()));
        }
        Err(std::io::Error::new(ErrorKind::AlreadyExists, "no free file name").into())
    })
    .await
    .map_err(std::io::Error::other)?
}

/// An upload's bytes in a hidden file of the upload's folder, removed when dropped (once
/// linked under the upload's name, or after a failure).
struct PartialFile {
    path: PathBuf,
}

impl PartialFile {
    fn write(dir: &Path, bytes: &[u8]) -> std::io::Result<PartialFile> {
        loop {
            let path = dir.join(format!(".upload-{}.part", random_suffix()));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut out) => {
                    let partial = PartialFile { path };
                    out.write_all(bytes)?;
                    out.flush()?;
                    return Ok(partial);
                }
                Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
    }
}

impl Drop for PartialFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// `os.path.splitext`: the extension with its dot, a leading dot not counting.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(dot) if dot > 0 && name[..dot].chars().any(|c| c != '.') => name.split_at(dot),
        _ => (name, ""),
    }
}

/// Django's `get_random_string(7)`.
fn random_suffix() -> String {
    Alphanumeric.sample_string(&mut rand::rng(), 7)
}

/// No `..`, no root, no drive: the path stays below the directory it is joined to.
fn is_relative_and_safe(path: &str) -> bool {
    !path.contains('\\')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// The file under `root` for a decoded URL path below `/media/`, when it is safe to serve.
pub fn resolve(root: &Path, relative: &str) -> Option<PathBuf> {
    if relative.is_empty() || relative.contains('\0') || !is_relative_and_safe(relative) {
        return None;
    }
    Some(root.join(relative))
}

/// Serves a stored file (Django's `static.serve`), or `None` when there is none.
///
/// Uploaded files are content chosen by users, served from the API's own origin: the browser
/// must never run them. Every file is sent with `nosniff`; anything but a raster image is sent
/// as an attachment in a CSP sandbox (an uploaded SVG or HTML file is stored XSS otherwise).
/// A path that leaves the media root through a symlink is not served.
pub async fn serve(root: &Path, relative: &str) -> Option<Response> {
    let path = resolve(root, relative)?;
    let real = tokio::fs::canonicalize(&path).await.ok()?;
    let real_root = tokio::fs::canonicalize(root).await.ok()?;
    if !real.starts_with(&real_root) {
        return None;
    }
    let metadata = tokio::fs::metadata(&real).await.ok()?;
    if !metadata.is_file() {
        return None;
    }
    let bytes = tokio::fs::read(&real).await.ok()?;
    let mut response = (StatusCode::OK, Body::from(bytes)).into_response();
    let content_type = content_type(relative);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if !is_raster_image(content_type) {
        headers.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment"),
        );
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("sandbox"),
        );
    }
    Some(response)
}

/// Image types browsers display without running anything.
fn is_raster_image(content_type: &str) -> bool {
    matches!(
        content_type,
        "image/png" | "image/jpeg" | "image/gif" | "image/webp"
    )
}

/// The content type Python's `mimetypes` gives common media files.
fn content_type(name: &str) -> &'static str {
    let ext = name
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Bytes;

    /// A 1×1 PNG.
    pub(crate) const PNG: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8,
        0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];

    fn image_field() -> FieldMeta {
        FieldMeta {
            name: "avatar",
            column: Some("avatar"),
            field_type: FieldKind::Image,
            primary_key: false,
            null: true,
            blank: true,
            unique: false,
            db_index: false,
            auto_now: false,
            auto_now_add: false,
            max_length: Some(100),
            max_digits: None,
            decimal_places: None,
            min_value: None,
            max_value: None,
            default: None,
            choices: &[],
            upload_to: Some("avatars/"),
            protocol: None,
            verbose_name: "avatar",
            help_text: None,
            relation: None,
        }
    }

    fn upload(name: &str, bytes: &'static [u8]) -> UploadedFile {
        UploadedFile {
            filename: name.to_owned(),
            content_type: None,
            bytes: Bytes::from_static(bytes),
        }
    }

    #[test]
    fn upload_messages() {
        let field = image_field();
        assert!(validate_upload(&field, &upload("a.png", PNG)).is_ok());
        assert_eq!(
            validate_upload(&field, &upload("a.png", b"not an image")).unwrap_err(),
            [
                "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
            ]
        );
        assert_eq!(
            validate_upload(&field, &upload("a.png", b"")).unwrap_err(),
            ["The submitted file is empty."]
        );
        let long = format!("{}.png", "x".repeat(100));
        assert_eq!(
            validate_upload(&field, &upload(&long, PNG)).unwrap_err(),
            ["Ensure this filename has at most 100 characters (it has 104)."]
        );
        assert!(validate_upload(&field, &upload("A.JPEG", PNG)).is_ok());
        let refused =
            |name: &str| validate_upload(&field, &upload(name, PNG)).unwrap_err()[0].clone();
        assert!(
            refused("a.HTML").starts_with(
                "File extension \u{201c}html\u{201d} is not allowed. Allowed extensions are: avif, avifs, blp,"
            ),
            "{}",
            refused("a.HTML")
        );
        assert!(refused("a.HTML").ends_with(", xbm, xpm."));
        assert!(refused("noext").starts_with("File extension \u{201c}\u{201d} is not allowed."));
        assert!(refused(".png").starts_with("File extension \u{201c}\u{201d}"));
    }

    #[tokio::test]
    async fn store_adds_a_suffix_on_collision() {
        let dir = tempfile::tempdir().unwrap();
        let field = image_field();
        let first = store(dir.path(), &field, &upload("../me.png", PNG))
            .await
            .unwrap();
        assert_eq!(first, "avatars/me.png");
        let second = store(dir.path(), &field, &upload("me.png", PNG))
            .await
            .unwrap();
        assert_ne!(second, first);
        assert!(second.starts_with("avatars/me_") && second.ends_with(".png"));
        assert_eq!(second.len(), "avatars/me_.png".len() + 7);
        assert_eq!(std::fs::read(dir.path().join(&second)).unwrap(), PNG);
    }

    #[tokio::test]
    async fn names_are_shortened_to_max_length_or_refused() {
        let dir = tempfile::tempdir().unwrap();
        let field = FieldMeta {
            max_length: Some(30),
            ..image_field()
        };
        // `avatars/` + 26 characters: the stem is cut so that `_<7>` and `.png` fit.
        let long = store(
            dir.path(),
            &field,
            &upload(&format!("{}.png", "a".repeat(22)), PNG),
        )
        .await
        .unwrap();
        assert_eq!(long.chars().count(), 30, "{long}");
        assert!(long.starts_with("avatars/aaaaaaaaaa_"), "{long}");
        // An extension so long that no stem fits: the client's name is at fault, not a 500.
        let error = store(
            dir.path(),
            &field,
            &upload(&format!("a.{}", "x".repeat(21)), PNG),
        )
        .await
        .unwrap_err();
        assert!(matches!(error, StoreError::NameTooLong { .. }), "{error}");
        let nameless = store(dir.path(), &field, &upload("$$$", PNG))
            .await
            .unwrap_err();
        assert_eq!(
            nameless.to_string(),
            "Could not derive file name from '$$$'"
        );
    }

    #[tokio::test]
    async fn a_bad_upload_to_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        for (upload_to, problem) in [
            ("avatars/%Q/", "is not a valid strftime pattern"),
            ("avatars/%", "is not a valid strftime pattern"),
            ("../outside/", "leaves the media root"),
        ] {
            let field = FieldMeta {
                upload_to: Some(upload_to),
                ..image_field()
            };
            let error = store(dir.path(), &field, &upload("me.png", PNG))
                .await
                .unwrap_err();
            assert_eq!(
                error.to_string(),
                format!("upload_to {upload_to:?} {problem}")
            );
        }
        let dated = FieldMeta {
            upload_to: Some("avatars/%Y/"),
            ..image_field()
        };
        let name = store(dir.path(), &dated, &upload("me.png", PNG))
            .await
            .unwrap();
        assert_eq!(
            name,
            format!("avatars/{}/me.png", chrono::Utc::now().format("%Y"))
        );
    }

    #[test]
    fn traversal_is_refused() {
        let root = Path::new("/srv/media");
        assert!(resolve(root, "../etc/passwd").is_none());
        assert!(resolve(root, "/etc/passwd").is_none());
        assert!(resolve(root, "a/../../b").is_none());
        assert!(resolve(root, "a\\..\\b").is_none());
        assert_eq!(
            resolve(root, "avatars/a.png").unwrap(),
            Path::new("/srv/media/avatars/a.png")
        );
    }

    #[test]
    fn extensions() {
        assert_eq!(split_extension("a.tar.gz"), ("a.tar", ".gz"));
        assert_eq!(split_extension(".bashrc"), (".bashrc", ""));
        assert_eq!(split_extension("noext"), ("noext", ""));
    }

    /// Regression: an uploaded SVG was served inline from the API's origin (stored XSS), and a
    /// symlink inside the media root could expose files outside it.
    #[tokio::test]
    async fn served_files_cannot_run_or_escape_the_media_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("media");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("a.png"), PNG).unwrap();
        std::fs::write(root.join("x.svg"), "<svg onload=alert(1)/>").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt")).unwrap();

        let png = serve(&root, "a.png").await.unwrap();
        assert_eq!(png.headers()["x-content-type-options"], "nosniff");
        assert!(png.headers().get("content-disposition").is_none());

        let svg = serve(&root, "x.svg").await.unwrap();
        assert_eq!(svg.headers()["x-content-type-options"], "nosniff");
        assert_eq!(svg.headers()["content-disposition"], "attachment");
        assert_eq!(svg.headers()["content-security-policy"], "sandbox");

        assert!(serve(&root, "link.txt").await.is_none());
        assert!(serve(&root, "../secret.txt").await.is_none());
    }

    fn chunk(kind: &[u8], data: &[u8], crc: Option<u32>) -> Vec<u8> {
        let mut hasher = crc32fast::Hasher::new();
        hasher.update(kind);
        hasher.update(data);
        let crc = crc.unwrap_or_else(|| hasher.finalize());
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.to_be_bytes());
        out
    }

    fn png(width: u32, height: u32, idat: &[u8], idat_crc: Option<u32>, iend: bool) -> Vec<u8> {
        let mut ihdr = width.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        out.extend(chunk(b"IHDR", &ihdr, None));
        out.extend(chunk(b"IDAT", idat, idat_crc));
        if iend {
            out.extend(chunk(b"IEND", b"", None));
        }
        out
    }

    /// Each case was run through Django 5.2's `forms.ImageField` with Pillow 13.0.
    #[test]
    fn images_are_checked_as_pillow_opens_and_verifies_them() {
        assert!(is_image(PNG));
        // verify() checks chunk CRCs, not the pixels.
        assert!(is_image(&png(1, 1, b"not zlib", None, true)));
        assert!(!is_image(&png(1, 1, b"not zlib", Some(123), true)));
        assert!(!is_image(&png(1, 1, b"not zlib", None, false)));
        assert!(!is_image(&PNG[..45]));
        // Pillow's bomb limit: 16000 x 16000 is refused, 13000 x 13000 only warned about;
        // neither is decoded.
        assert!(!is_image(&png(16_000, 16_000, b"", None, true)));
        assert!(is_image(&png(13_000, 13_000, b"", None, true)));
        // Headers without what Pillow needs for a size.
        assert!(!is_image(
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        ));
        assert!(!is_image(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"));
        assert!(!is_image(b"not an image"));
    }
}
