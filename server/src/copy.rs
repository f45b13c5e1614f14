//! `reses-server copy-db --from URL --to URL`: moves an office's whole database into an
//! empty one — how an office grows from SQLite onto PostgreSQL (or makes a copy back).
//!
//! The source is read in one snapshot (a running server may keep writing: the copy is
//! the database as of that moment); the target is written in one transaction, so it ends
//! up with everything or nothing. A target that already holds any row is refused. After
//! the commit every table is read back from the target and must have the same number of
//! rows and the same checksum (an order-independent sum of each row's SHA-256) as was
//! read from the source.

use std::fmt;

use anyhow::{Context, bail};
use sha2::{Digest, Sha256};

use crate::store::{PoolOptions, Store, TABLES, Table, Tx, Val, redact};

/// A table's fingerprint: its rows and the wrapping sum of their hashes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Checksum {
    pub rows: u64,
    pub sum: u128,
}

impl Checksum {
    fn add(&mut self, row: &[Val]) {
        let mut h = Sha256::new();
        for v in row {
            let (tag, bytes): (u8, Vec<u8>) = match v {
                Val::Text(None) | Val::Int(None) => (0, Vec::new()),
                Val::Text(Some(t)) => (1, t.as_bytes().to_vec()),
                Val::Int(Some(i)) => (2, i.to_le_bytes().to_vec()),
                Val::Int32(i) => (2, i64::from(*i).to_le_bytes().to_vec()),
                Val::Bool(b) => (3, vec![u8::from(*b)]),
                Val::Bytes(d) => (4, d.clone()),
            };
            h.update([tag]);
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(&bytes);
        }
        let digest = h.finalize();
        let mut first = [0u8; 16];
        first.copy_from_slice(&digest[..16]);
        self.rows += 1;
        self.sum = self.sum.wrapping_add(u128::from_le_bytes(first));
    }
}

/// What was copied, table by table.
#[derive(Debug, Clone)]
pub struct Report {
    pub from: String,
    pub to: String,
    pub tables: Vec<(&'static str, Checksum)>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Disalin dari {} ke {}:", self.from, self.to)?;
        for (name, c) in &self.tables {
            writeln!(
                f,
                "  {name:<16} {:>9} baris  checksum {:032x}",
                c.rows, c.sum
            )?;
        }
        write!(
            f,
            "Diperiksa: jumlah baris dan checksum setiap tabel sama di kedua database."
        )
    }
}

/// Copies every row of `from` into the empty database `to` and verifies the copy.
pub async fn copy_db(from: &str, to: &str, pool: PoolOptions) -> anyhow::Result<Report> {
    if from == to {
        bail!("--from and --to are the same database");
    }
    let source = Store::connect(from, pool)
        .await
        .context("source (--from)")?;
    let target = Store::connect(to, pool).await.context("target (--to)")?;
    let result = copy_between(&source, &target).await;
    source.close().await;
    target.close().await;
    let tables = result?;
    Ok(Report {
        from: redact(from),
        to: redact(to),
        tables,
    })
}

/// [`copy_db`] between two open stores.
pub async fn copy_between(
    source: &Store,
    target: &Store,
) -> anyhow::Result<Vec<(&'static str, Checksum)>> {
    {
        let mut t = target.read().await?;
        for table in &TABLES {
            let n = t.count_rows(table).await?;
            if n > 0 {
                bail!(
                    "the target already holds data ({n} rows in {}): copy-db only fills an empty database",
                    table.name
                );
            }
        }
    }
    let mut src = source.read().await?;
    let mut dst = target.write().await?;
    let mut sums = Vec::with_capacity(TABLES.len());
    for table in &TABLES {
        let mut sum = Checksum::default();
        let mut offset = 0;
        loop {
            let rows = src.read_rows(table, offset).await?;
            for r in &rows {
                sum.add(r);
            }
            dst.write_rows(table, &rows).await?;
            offset += rows.len() as i64;
            if (rows.len() as i64) < table.page {
                break;
            }
        }
        sums.push((table.name, sum));
    }
    dst.revisions_copied().await?;
    dst.commit().await?;
    drop(src);

    let mut check = target.read().await?;
    for (table, (name, expected)) in TABLES.iter().zip(&sums) {
        let got = checksum(&mut check, table).await?;
        if got != *expected {
            bail!(
                "verification failed for {name}: {} rows read, {} rows in the target (checksums {:032x} / {:032x})",
                expected.rows,
                got.rows,
                expected.sum,
                got.sum
            );
        }
    }
    Ok(sums)
}

/// The checksum of a whole table as `tx` sees it.
pub async fn checksum(tx: &mut Tx, table: &Table) -> anyhow::Result<Checksum> {
    let mut sum = Checksum::default();
    let mut offset = 0;
    loop {
        let rows = tx.read_rows(table, offset).await?;
        for r in &rows {
            sum.add(r);
        }
        offset += rows.len() as i64;
        if (rows.len() as i64) < table.page {
            return Ok(sum);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksum_ignores_row_order_but_not_content() {
        let a = vec![Val::Text(Some("a".into())), Val::Int(Some(1))];
        let b = vec![Val::Text(Some("b".into())), Val::Int(None)];
        let mut x = Checksum::default();
        x.add(&a);
        x.add(&b);
        let mut y = Checksum::default();
        y.add(&b);
        y.add(&a);
        assert_eq!(x, y);
        let mut z = Checksum::default();
        z.add(&a);
        z.add(&[Val::Text(Some("b".into())), Val::Int(Some(0))]);
        assert_ne!(x, z, "a NULL is not a zero");
        // A text that happens to hold the bytes of a number is not that number.
        let mut t = Checksum::default();
        t.add(&[Val::Text(Some("\u{1}\0\0\0\0\0\0\0".into()))]);
        let mut i = Checksum::default();
        i.add(&[Val::Int(Some(1))]);
        assert_ne!(t, i);
    }
}
