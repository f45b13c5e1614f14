//! One sync pass: push the outbox in batches, then pull changes until caught up.

use reses_domain::sync::MAX_PUSH_MUTATIONS;

use crate::storage::{StorageError, Store, UploadStatus};
use crate::sync::api::{self, ApiError};

/// Mutations per push request.
pub const PUSH_BATCH: u32 = 500;
const PULL_PAGE: u32 = 1_000;
const _: () = assert!(PUSH_BATCH as usize <= MAX_PUSH_MUTATIONS);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncError {
    Api(ApiError),
    Storage(StorageError),
    /// The engine's chunk could not be loaded (`crate::lazy::sync_pass`).
    Bagian,
}

impl SyncError {
    pub fn message(&self) -> String {
        match self {
            SyncError::Api(e) => e.message(),
            SyncError::Storage(e) => e.message(),
            SyncError::Bagian => "Bagian aplikasi untuk sinkronisasi tidak dapat dimuat. Periksa \
                 sambungan; sinkronisasi dicoba lagi sebentar lagi, data di perangkat tetap aman."
                .into(),
        }
    }
}

impl From<ApiError> for SyncError {
    fn from(e: ApiError) -> Self {
        SyncError::Api(e)
    }
}

impl From<StorageError> for SyncError {
    fn from(e: StorageError) -> Self {
        SyncError::Storage(e)
    }
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub pushed: u32,
    pub accepted: u32,
    pub conflicts: u32,
    pub rejected: u32,
    pub pulled: u32,
    pub uploaded: u32,
}

/// Pushes everything pending, then pulls. Safe to interrupt at any point: an entry
/// leaves the outbox only after the server acknowledged it, and a replay is recognised
/// by its mutation id.
pub async fn sync_once(store: &Store) -> Result<SyncReport, SyncError> {
    // Files first, so that no record reaches the server before what it refers to.
    let uploaded = upload_attachments(store).await?;
    let mut report = push_all(store).await?;
    report.uploaded = uploaded;
    report.pulled = pull_all(store).await?;
    Ok(report)
}

/// Uploads every attachment not yet on the server. A refused file (type, size) is
/// marked so and shown; it does not block the rest.
pub async fn upload_attachments(store: &Store) -> Result<u32, SyncError> {
    let mut uploaded = 0;
    for a in store.pending_attachments().await? {
        match api::upload_attachment(&a.sha256, &a.content_type, &a.bytes).await {
            Ok(()) => {
                store
                    .mark_attachment(&a.sha256, UploadStatus::Uploaded, None)
                    .await?;
                uploaded += 1;
            }
            Err(ApiError::Refused { message, .. }) => {
                store
                    .mark_attachment(&a.sha256, UploadStatus::Rejected, Some(message))
                    .await?;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(uploaded)
}

/// Sends the outbox in batches until nothing is pending.
pub async fn push_all(store: &Store) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    let mut batch = store.pending(PUSH_BATCH).await?;
    while !batch.is_empty() {
        let last = batch.last().and_then(|e| e.seq).unwrap_or_default();
        // While this batch travels, read the next one (entries queued after it).
        let (res, next) = futures::join!(
            api::push(batch.iter().map(|e| e.mutation.clone()).collect()),
            store.pending_after(last, PUSH_BATCH)
        );
        let res = res?;
        // Answer per mutation, in order; anything unanswered stays pending.
        let outcomes: Vec<_> = batch
            .iter()
            .zip(&res.results)
            .filter(|(e, r)| e.mutation.mutation_id == r.mutation_id)
            .map(|(_, r)| r.outcome.clone())
            .collect();
        if outcomes.is_empty() {
            return Err(SyncError::Api(ApiError::Server(
                "server tidak menjawab perubahan yang dikirim".into(),
            )));
        }
        store.settle(&batch[..outcomes.len()], &outcomes).await?;
        report.pushed += outcomes.len() as u32;
        for o in &outcomes {
            match o {
                o if o.is_settled() => report.accepted += 1,
                reses_domain::sync::Outcome::Conflict { .. } => report.conflicts += 1,
                _ => report.rejected += 1,
            }
        }
        if outcomes.len() < batch.len() {
            break; // the rest stays pending for the next pass
        }
        batch = next?;
    }
    Ok(report)
}

/// Pulls changes since the stored cursor until caught up; returns how many arrived.
pub async fn pull_all(store: &Store) -> Result<u32, SyncError> {
    let mut pulled = 0;
    let mut since = store.cursor().await?;
    loop {
        let page = api::pull(since, PULL_PAGE).await?;
        store.apply_pull(&page).await?;
        pulled += page.changes.len() as u32;
        since = page.cursor;
        if !page.more {
            return Ok(pulled);
        }
    }
}
