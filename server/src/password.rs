//! Password hashing with argon2id (the `argon2` crate's defaults: 19 MiB, t=2, p=1).
//!
//! argon2's working memory is the point of it, and also a way to grow a server: freed
//! 19 MiB blocks stay in the allocator's per-thread heaps. On the password workers
//! ([`crate::auth::PasswordPool`]) each thread therefore keeps one buffer and reuses it
//! ([`reuse_memory_on_this_thread`]), so the process holds at most one per worker
//! however many sign-ins arrive.

use std::cell::{Cell, RefCell};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};

/// No stored hash may make a check use more than this (64 MiB).
const MAX_BLOCKS: usize = 64 * 1024;

thread_local! {
    static REUSE: Cell<bool> = const { Cell::new(false) };
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// From now on, this thread keeps argon2's memory between checks (password workers).
pub fn reuse_memory_on_this_thread() {
    REUSE.with(|r| r.set(true));
}

fn with_blocks<T>(n: usize, f: impl FnOnce(&mut [Block]) -> T) -> T {
    if REUSE.with(Cell::get) {
        BLOCKS.with(|b| {
            let mut b = b.borrow_mut();
            if b.len() < n {
                b.resize(n, Block::default());
            }
            f(&mut b[..n])
        })
    } else {
        f(&mut vec![Block::default(); n])
    }
}

fn compute(argon: &Argon2, password: &[u8], salt: &[u8], out: &mut [u8]) -> argon2::Result<()> {
    with_blocks(argon.params().block_count(), |blocks| {
        argon.hash_password_into_with_memory(password, salt, out, blocks)
    })
}

pub fn hash(password: &str) -> anyhow::Result<String> {
    let e = |e: argon2::password_hash::Error| anyhow::anyhow!("argon2 hash failed: {e}");
    let salt = SaltString::generate(&mut OsRng);
    let argon = Argon2::default();
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.as_salt().decode_b64(&mut salt_buf).map_err(e)?;
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        compute(&argon, password.as_bytes(), salt_bytes, out).map_err(Into::into)
    })
    .map_err(e)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon.params()).map_err(e)?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

/// False for a wrong password and for a malformed (or oversized) stored hash alike.
pub fn verify(password: &str, stored: &str) -> bool {
    let Ok(h) = PasswordHash::new(stored) else {
        return false;
    };
    let (Ok(algorithm), Ok(params), Some(salt), Some(expected)) = (
        Algorithm::try_from(h.algorithm),
        Params::try_from(&h),
        h.salt,
        h.hash,
    ) else {
        return false;
    };
    if params.block_count() > MAX_BLOCKS {
        return false;
    }
    let version = match h.version.map(Version::try_from) {
        None => Version::V0x13,
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let argon = Argon2::new(algorithm, version, params);
    let mut salt_buf = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_buf) else {
        return false;
    };
    let computed = Output::init_with(expected.len(), |out| {
        compute(&argon, password.as_bytes(), salt_bytes, out).map_err(Into::into)
    });
    // `Output` compares in constant time.
    computed.is_ok_and(|c| c == expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("rahasia-123").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("rahasia-123", &h));
        assert!(!verify("rahasia-124", &h));
        assert!(!verify("rahasia-123", "not a hash"));
    }

    #[test]
    fn hashes_agree_with_the_argon2_crates_own_and_reuse_memory_on_workers() {
        // Made by the crate, checked here; made here, checked by the crate.
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"kata-sandi", &salt)
            .unwrap()
            .to_string();
        std::thread::spawn(move || {
            reuse_memory_on_this_thread();
            assert!(verify("kata-sandi", &theirs));
            let ours = hash("kata-sandi").unwrap();
            let parsed = PasswordHash::new(&ours).unwrap();
            assert!(
                Argon2::default()
                    .verify_password(b"kata-sandi", &parsed)
                    .is_ok()
            );
            assert!(verify("kata-sandi", &ours));
            assert_eq!(
                BLOCKS.with(|b| b.borrow().len()),
                Params::DEFAULT_M_COST as usize
            );
        })
        .join()
        .unwrap();
    }

    #[test]
    fn a_stored_hash_asking_for_too_much_memory_does_not_verify() {
        let greedy = "$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
        assert!(!verify("apa saja", greedy));
    }
}
