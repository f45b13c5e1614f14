//! Commands that need the server now, written once for every screen: a screen calls one
//! of these and shows the result; it never builds sync messages or writes the sync
//! state itself.

use reses_domain::izin::{Aksi, StatusIzin};
use uuid::Uuid;

use crate::storage::Store;
use crate::sync::api;
use crate::sync::engine::push_all;
use crate::sync::runner::under_lock;

/// Takes a step of the permit procedure for application `id` (the server checks the
/// role and that the application is still at `dari`).
///
/// Corrections made on this device go first: the step acts on what the server has, so
/// the officer's fixes travel before "ajukan lagi". Under the device-wide sync lock
/// (waiting for a pass in progress), the outbox is pushed; if this application still has
/// unsent changes, the step is not taken. The server's answer — the application as it now
/// stands — is stored through the storage layer like a pulled record; the pull cursor is
/// not touched, so a concurrent pull is never rolled back (the next pull may bring the
/// same revision again, which changes nothing).
pub async fn tindakan_izin(
    store: Store,
    id: Uuid,
    aksi: Aksi,
    catatan: String,
    dari: StatusIzin,
) -> Result<(), String> {
    let work = move || async move {
        let mine =
            |o: &[crate::storage::OutboxEntry]| o.iter().any(|e| e.record_id == id.to_string());
        let pending = store.outbox().await.map_err(|e| e.message())?;
        if mine(&pending) {
            // A failed push leaves the entries pending; the check below says so.
            let _ = push_all(&store).await;
            if store.outbox().await.is_ok_and(|o| mine(&o)) {
                return Err(
                    "Perubahan pada permohonan ini belum diterima server (lihat Sinkronisasi). Kirim dulu sebelum melanjutkan."
                        .to_string(),
                );
            }
        }
        let envelope = api::izin_tindakan(id, aksi, &catatan, dari)
            .await
            .map_err(|e| e.message())?;
        store
            .apply_server_records(&[envelope])
            .await
            .map_err(|e| e.message())
    };
    under_lock(true, work).await.unwrap_or_else(|| {
        Err("Kunci sinkronisasi perangkat tidak dapat diambil; coba lagi.".into())
    })
}
