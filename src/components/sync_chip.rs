use leptos::prelude::*;

use crate::storage::SyncState;

/// Where one record stands with the server: sent, waiting, refused or in conflict.
#[component]
pub fn SyncChip(state: SyncState) -> impl IntoView {
    let class = match state {
        SyncState::Synced => "chip synced",
        SyncState::Pending => "chip pending",
        SyncState::Conflict => "chip conflict",
        SyncState::Error => "chip error",
    };
    view! { <span class=class data-testid="sync-chip" data-state=format!("{state:?}").to_lowercase()>{state.label()}</span> }
}
