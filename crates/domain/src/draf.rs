//! Drafts: what a form holds while a person fills it in (kept on the device on every
//! change), and the pure step from a draft to the record it saves. Each draft lives next
//! to its record type ([`crate::kehadiran::DrafTamuTambahan`],
//! [`crate::aspirasi::DrafAspirasi`], [`crate::aspirasi::DrafDokumentasi`],
//! [`crate::izin::DrafIzin`]); its `ke_rekaman`
//! function turns it into the record or says which field is wrong, so every rule of a
//! form is tested here, natively, and the app's form is its layout.

use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

/// A form's draft: stored as JSON, compared to tell "left as it was", and carrying the
/// id of the record it will become once a save was tried (so saving twice writes one
/// record).
pub trait Draf: Serialize + DeserializeOwned + Clone + PartialEq + Default {
    /// The record's id, once known. Drafts of records whose id is fixed by what they
    /// belong to (an event's documentation) keep none.
    fn id(&self) -> Option<Uuid> {
        None
    }
    fn set_id(&mut self, _id: Uuid) {}
}

/// Implements [`Draf`] for drafts with an `id: Option<Uuid>` field.
macro_rules! draf_dengan_id {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::draf::Draf for $t {
            fn id(&self) -> Option<uuid::Uuid> {
                self.id
            }
            fn set_id(&mut self, id: uuid::Uuid) {
                self.id = Some(id);
            }
        }
    )*};
}
pub(crate) use draf_dengan_id;
