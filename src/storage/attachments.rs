//! Attachments on the device: stored by content (SHA-256) until uploaded. Storing the
//! same bytes twice is one attachment; uploading is idempotent on the server too.

use indexed_db_futures::prelude::*;
use reses_domain::sort;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::schema::{ATTACHMENTS, BY_STATUS};
use super::{Result, StorageError, Store, commit, now_ms};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UploadStatus {
    Pending,
    Uploaded,
    /// The server refused it (type or size); `error` says why.
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    pub sha256: String,
    pub content_type: String,
    /// Stored as a real `Uint8Array`, not a list of numbers.
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
    pub status: UploadStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub created_at: f64,
}

/// SHA-256 of `bytes` as lowercase hex, by the browser's WebCrypto.
pub async fn sha256_hex(bytes: &[u8]) -> Result<String> {
    let subtle = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.subtle())
        .ok_or_else(|| StorageError::Unavailable("WebCrypto tidak tersedia".into()))?;
    let data = js_sys::Uint8Array::from(bytes);
    let promise = subtle
        .digest_with_str_and_buffer_source("SHA-256", &data)
        .map_err(|_| StorageError::Other("SHA-256 gagal".into()))?;
    let digest = JsFuture::from(promise)
        .await
        .map_err(|_| StorageError::Other("SHA-256 gagal".into()))?;
    let digest = js_sys::Uint8Array::new(digest.unchecked_ref());
    Ok(digest.to_vec().iter().map(|b| format!("{b:02x}")).collect())
}

impl Store {
    /// Keeps a file for upload; returns its SHA-256, which records refer to it by.
    pub async fn put_attachment(&self, bytes: Vec<u8>, content_type: &str) -> Result<String> {
        let sha256 = sha256_hex(&bytes).await?;
        let tx = self.write_tx(vec![ATTACHMENTS])?;
        let store = tx.object_store(ATTACHMENTS)?;
        let existing: Option<Attachment> = store.get(sha256.as_str()).serde()?.await?;
        if existing.is_none() {
            store
                .put(&Attachment {
                    sha256: sha256.clone(),
                    content_type: content_type.to_string(),
                    bytes,
                    status: UploadStatus::Pending,
                    error: None,
                    created_at: now_ms(),
                })
                .serde()?;
        }
        drop(store);
        commit(tx).await?;
        Ok(sha256)
    }

    pub async fn attachment(&self, sha256: &str) -> Result<Option<Attachment>> {
        let tx = self.database().transaction(ATTACHMENTS).build()?;
        let store = tx.object_store(ATTACHMENTS)?;
        Ok(store.get(sha256).serde()?.await?)
    }

    /// Attachments not yet on the server, oldest first.
    pub async fn pending_attachments(&self) -> Result<Vec<Attachment>> {
        self.attachments_with(UploadStatus::Pending).await
    }

    /// Attachments in one upload status, oldest first.
    pub async fn attachments_with(&self, status: UploadStatus) -> Result<Vec<Attachment>> {
        let key = match status {
            UploadStatus::Pending => "pending",
            UploadStatus::Uploaded => "uploaded",
            UploadStatus::Rejected => "rejected",
        };
        let tx = self.database().transaction(ATTACHMENTS).build()?;
        let store = tx.object_store(ATTACHMENTS)?;
        let all = store
            .index(BY_STATUS)?
            .get_all::<Attachment>()
            .with_query(key)
            .serde()?
            .await?;
        let mut list = all.collect::<std::result::Result<Vec<_>, _>>()?;
        sort::by(&mut list, |a, b| a.created_at.total_cmp(&b.created_at));
        Ok(list)
    }

    /// Records the upload result of one attachment.
    pub async fn mark_attachment(
        &self,
        sha256: &str,
        status: UploadStatus,
        error: Option<String>,
    ) -> Result<()> {
        let tx = self.write_tx(vec![ATTACHMENTS])?;
        let store = tx.object_store(ATTACHMENTS)?;
        let current: Option<Attachment> = store.get(sha256).serde()?.await?;
        if let Some(mut a) = current {
            a.status = status;
            a.error = error;
            store.put(&a).serde()?;
        }
        drop(store);
        commit(tx).await
    }
}
