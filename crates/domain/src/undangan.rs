//! The code printed as a QR on each invitation (undangan): which event, which guest,
//! and a MAC so a code cannot be made up.
//!
//! Format: `RSS1:` followed by base32 (RFC 4648, no padding) of 42 bytes: the event id
//! (16), the guest id (16) and the first 10 bytes of HMAC-SHA256 over both ids, keyed by
//! the event's `kunci_undangan`. Upper-case base32 fits QR's compact alphanumeric mode,
//! so the code is a small QR (version 4) that cheap cameras read at a distance.
//!
//! The key travels with the event to the assigned companions' devices, so a device
//! checks codes offline. Without the key (an event made before keys existed) the event
//! id stands in for it: such codes still cannot be made up without the guest's id.

use data_encoding::BASE32_NOPAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;

pub const AWALAN: &str = "RSS1:";
const MAC_LEN: usize = 10;

/// The guest an invitation code names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KodeUndangan {
    pub event_id: Uuid,
    pub tamu_id: Uuid,
    mac: [u8; MAC_LEN],
}

/// Why a scanned code was not accepted, in words for the companion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KodeSalah {
    /// Not an invitation of this app at all.
    BukanUndangan,
    /// Looks like one, but was altered or made up.
    TidakSah,
}

impl KodeSalah {
    pub fn message(self) -> &'static str {
        match self {
            KodeSalah::BukanUndangan => "Kode QR ini bukan undangan reses.",
            KodeSalah::TidakSah => "Kode undangan tidak sah (rusak atau dipalsukan).",
        }
    }
}

fn mac(kunci: &str, event_id: Uuid, tamu_id: Uuid) -> [u8; MAC_LEN] {
    let key = if kunci.is_empty() {
        event_id.to_string()
    } else {
        kunci.to_string()
    };
    let mut m =
        <Hmac<Sha256> as Mac>::new_from_slice(key.as_bytes()).expect("HMAC takes keys of any size");
    m.update(event_id.as_bytes());
    m.update(tamu_id.as_bytes());
    let full = m.finalize().into_bytes();
    let mut out = [0; MAC_LEN];
    out.copy_from_slice(&full[..MAC_LEN]);
    out
}

/// The invitation code of a guest, to print as a QR.
pub fn kode_undangan(kunci: &str, event_id: Uuid, tamu_id: Uuid) -> String {
    let mut bytes = Vec::with_capacity(42);
    bytes.extend_from_slice(event_id.as_bytes());
    bytes.extend_from_slice(tamu_id.as_bytes());
    bytes.extend_from_slice(&mac(kunci, event_id, tamu_id));
    format!("{AWALAN}{}", BASE32_NOPAD.encode(&bytes))
}

impl KodeUndangan {
    /// Reads a scanned text (surrounding spaces and lower case tolerated).
    pub fn baca(text: &str) -> Result<KodeUndangan, KodeSalah> {
        let text = text.trim().to_ascii_uppercase();
        let body = text.strip_prefix(AWALAN).ok_or(KodeSalah::BukanUndangan)?;
        let bytes = BASE32_NOPAD
            .decode(body.as_bytes())
            .map_err(|_| KodeSalah::TidakSah)?;
        if bytes.len() != 32 + MAC_LEN {
            return Err(KodeSalah::TidakSah);
        }
        let id = |r: std::ops::Range<usize>| Uuid::from_slice(&bytes[r]).expect("16 bytes");
        let mut mac = [0; MAC_LEN];
        mac.copy_from_slice(&bytes[32..]);
        Ok(KodeUndangan {
            event_id: id(0..16),
            tamu_id: id(16..32),
            mac,
        })
    }

    /// Whether the code was made with the event's key.
    pub fn sah(&self, kunci: &str) -> bool {
        let expected = mac(kunci, self.event_id, self.tamu_id);
        // Constant time is not needed offline, but costs nothing.
        expected
            .iter()
            .zip(self.mac)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KUNCI: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    #[test]
    fn a_code_reads_back_to_its_guest_and_checks_out() {
        let (e, t) = (
            Uuid::from_u128(0x0193_aa00_1234),
            Uuid::from_u128(u128::MAX - 77),
        );
        let kode = kode_undangan(KUNCI, e, t);
        assert!(kode.starts_with(AWALAN));
        assert_eq!(kode.len(), AWALAN.len() + 68);
        assert!(
            kode.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b':')
        );
        let k = KodeUndangan::baca(&format!("  {}\n", kode.to_lowercase())).unwrap();
        assert_eq!((k.event_id, k.tamu_id), (e, t));
        assert!(k.sah(KUNCI));
        assert!(!k.sah("another key"));
    }

    #[test]
    fn altered_codes_fail_the_check() {
        let (e, t) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let kode = kode_undangan(KUNCI, e, t);
        // Swap the guest for another one, keeping the MAC.
        let mut forged = kode_undangan(KUNCI, e, Uuid::from_u128(3));
        forged.replace_range(forged.len() - 16.., &kode[kode.len() - 16..]);
        let k = KodeUndangan::baca(&forged).unwrap();
        assert!(!k.sah(KUNCI));
    }

    #[test]
    fn other_texts_are_told_apart() {
        assert_eq!(
            KodeUndangan::baca("https://example.com"),
            Err(KodeSalah::BukanUndangan)
        );
        assert_eq!(KodeUndangan::baca("RSS1:ABC"), Err(KodeSalah::TidakSah));
        assert_eq!(KodeUndangan::baca("RSS1:!!!!"), Err(KodeSalah::TidakSah));
    }

    #[test]
    fn events_without_a_key_still_get_checked_codes() {
        let (e, t) = (Uuid::from_u128(10), Uuid::from_u128(11));
        let k = KodeUndangan::baca(&kode_undangan("", e, t)).unwrap();
        assert!(k.sah(""));
        assert!(!k.sah(KUNCI));
    }
}
