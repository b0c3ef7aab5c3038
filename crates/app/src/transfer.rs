//! xlsx import and export (filled in below).
