use std::pin::Pin;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use reses_domain::draf::Draf;
use reses_domain::sync::SyncRecord;
use reses_domain::validate::FieldError;
use uuid::Uuid;

use crate::draft;
use crate::session::{AppSession, use_session};

/// Goes to a path in the app (the router's navigation).
type Navigate = Box<dyn Fn(&str)>;

/// What [`use_form`] gives a form.
pub struct UseFormReturn<D: Send + Sync + 'static> {
    /// The draft being filled in; kept on every change.
    pub draft: RwSignal<D>,
    /// The problem shown (a field's, or `""` for the whole form).
    pub error: RwSignal<Option<FieldError>>,
    /// A save is under way (the button says so; fields are disabled).
    pub saving: Signal<bool>,
    set_saving: WriteSignal<bool>,
    key: StoredValue<String>,
    session: AppSession,
    navigate: StoredValue<Navigate, LocalStorage>,
}

impl<D: Send + Sync + 'static> Clone for UseFormReturn<D> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<D: Send + Sync + 'static> Copy for UseFormReturn<D> {}

/// A form's draft and save: the draft is read back from `localStorage` (per user,
/// `form` and `scope`) or starts as `initial()`, and is kept on every change — of the
/// draft or of whatever `merge` reads into it (a signature pad's or photo picker's own
/// signal) — except when it equals `original` (an edit left as it was needs no draft)
/// or, for a new record, is still empty.
pub fn use_form<D>(
    form: &'static str,
    scope: &str,
    initial: impl FnOnce() -> D,
    original: Option<D>,
    merge: impl Fn(&mut D) + 'static,
) -> UseFormReturn<D>
where
    D: Draf + Send + Sync + 'static,
{
    let session = use_session();
    let user = session
        .profile
        .get_untracked()
        .map(|p| p.user_id.to_string())
        .unwrap_or_default();
    let key = draft::key(&user, form, scope);
    let draft = RwSignal::new(draft::load::<D>(&key).unwrap_or_else(initial));
    let error = RwSignal::new(None::<FieldError>);
    let (saving, set_saving) = signal(false);
    let key = StoredValue::new(key);
    let go = use_navigate();
    let navigate: Navigate = Box::new(move |to: &str| go(to, Default::default()));
    Effect::new(move |_| {
        let mut d = draft.get();
        merge(&mut d);
        let k = key.get_value();
        // Nothing to keep: an edit left as it was, or a new form left empty.
        if original
            .as_ref()
            .map_or_else(|| d == D::default(), |o| *o == d)
        {
            draft::clear(&k);
        } else if let Err(e) = draft::save(&k, &d) {
            error.set(Some(FieldError {
                field: "",
                message: e,
            }));
        }
    });
    UseFormReturn {
        draft,
        error,
        saving: saving.into(),
        set_saving,
        key,
        session,
        navigate: StoredValue::new_local(navigate),
    }
}

impl<D: Draf + Send + Sync + 'static> UseFormReturn<D> {
    /// Makes the record from the draft with `make` (pure: the draft and the record's id
    /// to a record, or the field that is wrong), saves it with its outbox entry, clears
    /// the draft and then runs `after` (usually [`go`](Self::go) to where the record is
    /// listed). The id goes into the draft before the save, so saving twice (a double
    /// tap, a retry after an error) writes the same record.
    pub fn submit<R: SyncRecord>(
        &self,
        make: impl FnOnce(&D, Uuid) -> Result<R, FieldError>,
        after: impl FnOnce() + 'static,
    ) {
        // A second tap while the first save is under way does nothing.
        if self.saving.get_untracked() {
            return;
        }
        let d = self.draft.get_untracked();
        let id = d.id().unwrap_or_else(Uuid::now_v7);
        let rec = match make(&d, id) {
            Ok(r) => r,
            Err(e) => {
                self.error.set(Some(e));
                return;
            }
        };
        self.error.set(None);
        self.draft.update(|f| f.set_id(id));
        let saved = crate::pages::reses::simpan(&self.session, &rec);
        finish_save(self.saving_parts(), Box::pin(saved), Box::new(after));
    }

    fn saving_parts(&self) -> SavingParts {
        SavingParts {
            error: self.error,
            set_saving: self.set_saving,
            key: self.key,
        }
    }

    /// Goes to `to` in the app.
    pub fn go(&self, to: &str) {
        self.navigate.with_value(|go| go(to));
    }

    /// Says a problem found outside `make` (no session, a choice missing).
    pub fn fail(&self, field: &'static str, message: impl Into<String>) {
        self.error.set(Some(FieldError {
            field,
            message: message.into(),
        }));
    }
}

/// What a save under way changes in its form, without the draft's type.
struct SavingParts {
    error: RwSignal<Option<FieldError>>,
    set_saving: WriteSignal<bool>,
    key: StoredValue<String>,
}

/// The save of [`UseFormReturn::submit`] from the point where the record is made: not
/// generic, so every form shares one copy of it.
fn finish_save(
    parts: SavingParts,
    saved: Pin<Box<dyn Future<Output = Result<(), String>>>>,
    after: Box<dyn FnOnce()>,
) {
    parts.set_saving.set(true);
    spawn_local(async move {
        match saved.await {
            Ok(()) => {
                draft::clear(&parts.key.get_value());
                parts.set_saving.set(false);
                after();
            }
            Err(message) => {
                parts.set_saving.set(false);
                parts.error.set(Some(FieldError { field: "", message }));
            }
        }
    });
}
