//! The validation error shared by every record kind: which field, and why, in words a
//! person can act on (Bahasa Indonesia).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's wire name, e.g. `nama`.
    pub field: &'static str,
    /// What is wrong, in Bahasa Indonesia, e.g. `Nama wajib diisi.`
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FieldError {}

/// A trimmed, non-empty text of at most `max` characters.
pub fn required_text(
    field: &'static str,
    label: &str,
    value: &str,
    max: usize,
) -> Result<(), FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(FieldError {
            field,
            message: format!("{label} wajib diisi."),
        });
    }
    if v.chars().count() > max {
        return Err(FieldError {
            field,
            message: format!("{label} terlalu panjang (paling banyak {max} karakter)."),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_text_is_refused_with_the_field_named() {
        let e = required_text("nama", "Nama", "   ", 10).unwrap_err();
        assert_eq!(e.field, "nama");
        assert_eq!(e.message, "Nama wajib diisi.");
    }

    #[test]
    fn text_is_measured_in_characters_not_bytes() {
        assert!(required_text("nama", "Nama", "ééééé", 5).is_ok());
        assert!(required_text("nama", "Nama", "éééééé", 5).is_err());
    }
}
