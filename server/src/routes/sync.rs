//! `POST /api/sync/push` and `GET /api/sync/pull` (DESIGN.md §4.1).

use axum::extract::{Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use reses_domain::sync::{
    Actor, MAX_PULL_LIMIT, MAX_PUSH_MUTATIONS, Mutation, MutationResult, Outcome, PullResponse,
    PushRequest, PushResponse,
};
use serde::Deserialize;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::store::StoreError;
use crate::sync_store::{self, Evidence};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sync/push", post(push))
        .route("/sync/pull", get(pull))
}

/// Applies a batch in one write transaction, then answers per mutation. The transaction
/// takes the revision turn of a push ([`crate::store::Store::push_revisions`]): pushes of
/// other records run beside it (PostgreSQL), one that shares a record waits, and a pull
/// cursor never skips a change. A transaction PostgreSQL aborted to break a wait cycle
/// wrote nothing and is run again.
#[tracing::instrument(skip_all, fields(user = %user.id(), n = req.mutations.len()))]
async fn push(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(req): ApiJson<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    if req.mutations.len() > MAX_PUSH_MUTATIONS {
        return Err(ApiError::BadRequest(format!(
            "Paling banyak {MAX_PUSH_MUTATIONS} perubahan per kiriman."
        )));
    }
    let mut attempt = 1;
    let outcomes = loop {
        match apply_push(&state, &user, &req.mutations).await {
            Err(StoreError::Contended(m)) if attempt < PUSH_ATTEMPTS => {
                tracing::info!(attempt, "push contended, running it again: {m}");
                attempt += 1;
            }
            result => break result?,
        }
    };
    let results = req
        .mutations
        .iter()
        .zip(outcomes)
        .map(|(m, outcome)| MutationResult {
            mutation_id: m.mutation_id,
            outcome,
        })
        .collect();
    Ok(Json(PushResponse { results }))
}

/// How often a push aborted by a wait cycle is tried before the device is told to retry.
const PUSH_ATTEMPTS: u32 = 3;

async fn apply_push(
    state: &AppState,
    user: &CurrentUser,
    mutations: &[Mutation],
) -> Result<Vec<Outcome>, StoreError> {
    let mut tx = state.store.push_revisions(mutations).await?;
    let actor = Actor {
        user_id: user.id(),
        device_id: user.device_id,
        now: state.clock.now(),
        nama: user.profile.display_name.clone(),
    };
    let vis = sync_store::visibility_in(&mut tx, user).await?;
    let (closed, last_pull) = if user.role() == reses_domain::Role::Pendamping {
        (
            tx.closed_events().await?,
            tx.last_pull(user.device_id).await?,
        )
    } else {
        (Default::default(), None)
    };
    let evidence = Evidence {
        last_pull,
        now: actor.now,
    };
    let mut store = tx.load_batch(mutations).await?;
    let outcomes = store.apply_all(mutations, &actor, |m, cur, scope| {
        sync_store::authorize(user, &vis, &closed, evidence, m, cur, scope)
    });
    store.number_permits(&mut tx, &actor, user.role()).await?;
    tx.flush(store, &actor).await?;
    tx.commit().await?;
    Ok(outcomes)
}

#[derive(Debug, Deserialize)]
struct PullQuery {
    #[serde(default)]
    since: i64,
    limit: Option<u32>,
}

#[tracing::instrument(skip_all, fields(user = %user.id()))]
async fn pull(
    State(state): State<AppState>,
    user: CurrentUser,
    query: Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<PullResponse>, ApiError> {
    let Query(q) = query.map_err(|_| {
        ApiError::BadRequest("Parameter since dan limit harus berupa angka.".into())
    })?;
    if q.since < 0 {
        return Err(ApiError::BadRequest(
            "Parameter since tidak boleh negatif.".into(),
        ));
    }
    let limit = q.limit.unwrap_or(500).clamp(1, MAX_PULL_LIMIT);
    // The server's evidence of what this device could know (the late-records rule):
    // stamped before the read, so a change committed meanwhile is judged as known.
    if let Some(device) = user.device_id {
        state.store.note_pull(device, state.clock.now()).await?;
    }
    let vis = sync_store::visibility(&state.store, &user).await?;
    let page = state.store.pull(&vis, q.since, limit).await?;
    let kegiatan = match &vis {
        sync_store::Visibility::Events { events, .. } => {
            let mut v: Vec<_> = events.iter().copied().collect();
            v.sort();
            Some(v)
        }
        _ => None,
    };
    Ok(Json(PullResponse {
        changes: page.changes,
        cursor: page.cursor,
        more: page.more,
        kegiatan,
    }))
}
