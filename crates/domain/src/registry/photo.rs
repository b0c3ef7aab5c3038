//! A cadre's photo (照片) as the dossier keeps it and the 任免审批表 shows it: a JPEG or PNG image
//! of bounded size, recognised by its signature rather than by what a client claims it is.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::error::FieldError;

/// The largest photo kept (a two-inch ID photo is well under 200 KB).
pub const MAX_PHOTO_BYTES: usize = 1024 * 1024;

/// A checked image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// `image/jpeg` or `image/png`, from the bytes' signature.
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

fn refused(field: &str, zh: &str, en: &str) -> FieldError {
    FieldError::new(field, zh, en)
}

impl Photo {
    /// Checks image bytes: a JPEG or PNG signature and at most [`MAX_PHOTO_BYTES`].
    pub fn check(field: &str, bytes: Vec<u8>) -> Result<Photo, FieldError> {
        if bytes.len() > MAX_PHOTO_BYTES {
            return Err(refused(field, "照片不能超过 1 MB", "the photo must not exceed 1 MB"));
        }
        let content_type = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            "image/jpeg"
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            "image/png"
        } else {
            return Err(refused(field, "照片须为 JPEG 或 PNG 图像", "the photo must be a JPEG or PNG image"));
        };
        Ok(Photo { content_type, bytes })
    }

    /// Reads the base64 text of an LRMX `ZhaoPian` (line breaks allowed) and checks the image.
    pub fn from_base64(field: &str, text: &str) -> Result<Photo, FieldError> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let bytes = STANDARD
            .decode(compact.as_bytes())
            .map_err(|_| refused(field, "照片不是有效的 base64 数据", "the photo is not valid base64"))?;
        Photo::check(field, bytes)
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(&self.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn a_jpeg_or_png_is_kept_and_anything_else_is_refused_by_field() {
        assert_eq!(Photo::check("photo", vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2]).unwrap().content_type, "image/jpeg");
        assert_eq!(Photo::check("photo", PNG.to_vec()).unwrap().content_type, "image/png");
        let gif = Photo::check("photo", b"GIF89a....".to_vec()).unwrap_err();
        assert_eq!(gif.field, "photo");
        assert!(Photo::check("photo", b"<svg onload=alert(1)>".to_vec()).is_err());
        let mut big = vec![0xFF, 0xD8, 0xFF];
        big.resize(MAX_PHOTO_BYTES + 1, 0);
        assert!(Photo::check("photo", big).is_err());
    }

    #[test]
    fn base64_round_trips_and_bad_text_names_the_element() {
        let photo = Photo::check("p", PNG.to_vec()).unwrap();
        let text = photo.to_base64();
        let wrapped = format!("{}\n{}", &text[..8], &text[8..]);
        assert_eq!(Photo::from_base64("ZhaoPian", &wrapped).unwrap(), photo);
        assert_eq!(Photo::from_base64("ZhaoPian", "not base64!").unwrap_err().field, "ZhaoPian");
        // Valid base64 of something that is not an image.
        assert!(Photo::from_base64("ZhaoPian", "aGVsbG8=").is_err());
    }
}
