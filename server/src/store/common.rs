//! The store's queries, written once in the SQL SQLite and PostgreSQL both speak and
//! compiled once per backend: `sqlite.rs` and `postgres.rs` each mount this file as their
//! `common` module, with their own `Db`, `Pools`, `Tx` and `dialect` (see `mod.rs`).

use std::collections::{BTreeMap, HashMap, HashSet};

use reses_domain::Role;
use reses_domain::akses;
use reses_domain::auth::{DeviceSummary, UserSummary};
use reses_domain::sync::{Actor, AppliedMutation, MemoryStore, Mutation, RecordKind, StoredRecord};
use serde_json::{Map, Value};
use sqlx::QueryBuilder;
use uuid::Uuid;

use super::{Db, Pools, Tx, dialect};
use crate::store::{
    Col, Failure, NewAttachment, NewSession, NewUserRow, OfflineKeyRow, Page, RECORD_COLUMNS,
    RecordRow, Result, SessionRow, Stored, Table, Turn, UserRow, Val, json_list, referenced_guest,
};
use crate::sync_store::{BatchStore, Visibility};

const USER_COLUMNS: &str = "id, username, display_name, role, subject_id, password_hash, active,
     must_change_password";

impl Pools {
    pub async fn write_revisions(&self, turn: &Turn) -> Result<Tx> {
        dialect::begin_revisions(self.writer(), turn).await
    }

    pub async fn ping(&self) -> Result<()> {
        sqlx::query_scalar::<_, i64>("select cast(1 as bigint)")
            .fetch_one(self.reader())
            .await?;
        Ok(())
    }

    // --- accounts and sessions -------------------------------------------------------

    pub async fn user_by_name(&self, username: &str) -> Result<Option<UserRow>> {
        Ok(sqlx::query_as(&format!(
            "select {USER_COLUMNS} from users where {}",
            dialect::USERNAME_IS_1
        ))
        .bind(username)
        .fetch_optional(self.reader())
        .await?)
    }

    pub async fn user_by_id(&self, id: &str) -> Result<Option<UserRow>> {
        Ok(
            sqlx::query_as(&format!("select {USER_COLUMNS} from users where id = $1"))
                .bind(id)
                .fetch_optional(self.reader())
                .await?,
        )
    }

    pub async fn device_owned(&self, device: Uuid, user: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "select count(*) from devices where id = $1 and user_id = $2 and revoked_at is null",
        )
        .bind(device.to_string())
        .bind(user)
        .fetch_one(self.reader())
        .await?;
        Ok(n == 1)
    }

    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>> {
        Ok(sqlx::query_as(
            "select u.id as user_id, u.username, u.display_name, u.role, u.subject_id, u.active,
                    u.must_change_password, s.device_id, s.created_at, s.expires_at,
                    s.revoked_at as session_revoked, d.revoked_at as device_revoked
             from sessions s join users u on u.id = s.user_id
             left join devices d on d.id = s.device_id
             where s.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(self.reader())
        .await?)
    }

    pub async fn slide_session(
        &self,
        token_hash: &str,
        expires_at: i64,
        device: Option<&str>,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("update sessions set expires_at = $1 where token_hash = $2")
            .bind(expires_at)
            .bind(token_hash)
            .execute(&mut *tx.0)
            .await?;
        if let Some(d) = device {
            sqlx::query("update devices set last_seen = $1 where id = $2")
                .bind(now)
                .bind(d)
                .execute(&mut *tx.0)
                .await?;
        }
        tx.commit().await
    }

    pub async fn open_session(&self, s: NewSession<'_>) -> Result<Option<Uuid>> {
        let mut tx = self.write().await?;
        let owner: Option<(String, Option<i64>)> =
            sqlx::query_as("select user_id, revoked_at from devices where id = $1")
                .bind(s.device.to_string())
                .fetch_optional(&mut *tx.0)
                .await?;
        let device = match owner {
            Some((owner, Some(_))) if owner == s.user_id => return Ok(None),
            Some((owner, None)) if owner == s.user_id => {
                sqlx::query(
                    "update devices set last_seen = $1, user_agent = $2,
                            name = case when name = '' then $3 else name end
                     where id = $4",
                )
                .bind(s.now)
                .bind(s.user_agent)
                .bind(s.device_name)
                .bind(s.device.to_string())
                .execute(&mut *tx.0)
                .await?;
                s.device
            }
            other => {
                // A device id another account registered stays that account's: this
                // sign-in gets a device of its own (the app keeps device ids per user).
                let device = if other.is_some() {
                    Uuid::now_v7()
                } else {
                    s.device
                };
                sqlx::query(
                    "insert into devices (id, user_id, user_agent, created_at, last_seen, name)
                     values ($1, $2, $3, $4, $4, $5)",
                )
                .bind(device.to_string())
                .bind(s.user_id)
                .bind(s.user_agent)
                .bind(s.now)
                .bind(s.device_name)
                .execute(&mut *tx.0)
                .await?;
                device
            }
        };
        sqlx::query(
            "insert into sessions (token_hash, user_id, device_id, created_at, expires_at)
             values ($1, $2, $3, $4, $5)",
        )
        .bind(s.token_hash)
        .bind(s.user_id)
        .bind(device.to_string())
        .bind(s.now)
        .bind(s.expires_at)
        .execute(&mut *tx.0)
        .await?;
        tx.commit().await?;
        Ok(Some(device))
    }

    pub async fn end_session(&self, token_hash: &str, now: i64) -> Result<()> {
        sqlx::query("update sessions set revoked_at = $1 where token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    pub async fn password_hash(&self, user: Uuid) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("select password_hash from users where id = $1")
                .bind(user.to_string())
                .fetch_optional(self.reader())
                .await?,
        )
    }

    pub async fn change_password(
        &self,
        user: Uuid,
        hash: &str,
        keep_session: &str,
        keep_device: Option<Uuid>,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "update users set password_hash = $1, must_change_password = false where id = $2",
        )
        .bind(hash)
        .bind(user.to_string())
        .execute(&mut *tx.0)
        .await?;
        sqlx::query(
            "update sessions set revoked_at = $1
             where user_id = $2 and token_hash != $3 and revoked_at is null",
        )
        .bind(now)
        .bind(user.to_string())
        .bind(keep_session)
        .execute(&mut *tx.0)
        .await?;
        // The offline unlock of other devices would open a session without the new
        // password.
        sqlx::query(
            "update offline_keys set revoked_at = $1
             where user_id = $2 and device_id is distinct from $3 and revoked_at is null",
        )
        .bind(now)
        .bind(user.to_string())
        .bind(keep_device.map(|d| d.to_string()))
        .execute(&mut *tx.0)
        .await?;
        tx.commit().await
    }

    pub async fn issue_offline_key(
        &self,
        user: Uuid,
        device: Uuid,
        key_id: Uuid,
        secret_hash: &str,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "update offline_keys set revoked_at = $1
             where user_id = $2 and device_id = $3 and revoked_at is null",
        )
        .bind(now)
        .bind(user.to_string())
        .bind(device.to_string())
        .execute(&mut *tx.0)
        .await?;
        sqlx::query(
            "insert into offline_keys (id, user_id, device_id, secret_hash, created_at)
             values ($1, $2, $3, $4, $5)",
        )
        .bind(key_id.to_string())
        .bind(user.to_string())
        .bind(device.to_string())
        .bind(secret_hash)
        .bind(now)
        .execute(&mut *tx.0)
        .await?;
        tx.commit().await
    }

    pub async fn drop_offline_key(&self, user: Uuid, device: Option<Uuid>, now: i64) -> Result<()> {
        sqlx::query(
            "update offline_keys set revoked_at = $1
             where user_id = $2 and device_id is not distinct from $3 and revoked_at is null",
        )
        .bind(now)
        .bind(user.to_string())
        .bind(device.map(|d| d.to_string()))
        .execute(self.writer())
        .await?;
        Ok(())
    }

    pub async fn offline_key(&self, key_id: Uuid) -> Result<Option<OfflineKeyRow>> {
        Ok(sqlx::query_as(
            "select k.user_id, k.device_id, k.secret_hash, d.revoked_at as device_revoked
             from offline_keys k join devices d on d.id = k.device_id
             where k.id = $1 and k.revoked_at is null",
        )
        .bind(key_id.to_string())
        .fetch_optional(self.reader())
        .await?)
    }

    pub async fn offline_key_used(&self, key_id: Uuid, now: i64) -> Result<()> {
        sqlx::query("update offline_keys set last_used_at = $1 where id = $2")
            .bind(now)
            .bind(key_id.to_string())
            .execute(self.writer())
            .await?;
        Ok(())
    }

    pub async fn insert_user(&self, user: &NewUserRow<'_>) -> Result<()> {
        insert_user(self.writer(), user).await
    }

    pub async fn has_admin(&self) -> Result<bool> {
        let n: i64 =
            sqlx::query_scalar("select count(*) from users where role = 'admin' and active")
                .fetch_one(self.reader())
                .await?;
        Ok(n > 0)
    }

    pub async fn user_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("select count(*) from users")
            .fetch_one(self.reader())
            .await?)
    }

    // --- failed sign-ins --------------------------------------------------------------

    pub async fn locked_for(&self, keys: &[String], now: i64) -> Result<Option<i64>> {
        let until: Option<i64> = sqlx::query_scalar(&format!(
            "select max(locked_until) from login_failures
             where {} and locked_until > $2",
            dialect::in_list("key", "$1")
        ))
        .bind(json_list(keys))
        .bind(now)
        .fetch_one(self.reader())
        .await?;
        Ok(until.map(|u| u - now))
    }

    pub async fn count_failures(&self, f: &[Failure<'_>], now: i64, cap: i64) -> Result<Vec<i64>> {
        let mut tx = self.write().await?;
        let mut counts = Vec::with_capacity(f.len());
        for f in f {
            // A row starts over when its window passed without a lock, or its lock ended.
            let n: i64 = sqlx::query_scalar(
                "insert into login_failures (key, failures, first_at, locked_until, expires_at)
                 values ($1, 1, $2, case when 1 >= $4 then $2 + $5 else null end, $2 + $3 + $5)
                 on conflict (key) do update set
                   failures = case when (login_failures.locked_until is null
                                         and $2 - login_failures.first_at > $3)
                                     or login_failures.locked_until <= $2
                                   then 1 else login_failures.failures + 1 end,
                   first_at = case when (login_failures.locked_until is null
                                         and $2 - login_failures.first_at > $3)
                                     or login_failures.locked_until <= $2
                                   then $2 else login_failures.first_at end,
                   locked_until = case
                       when (login_failures.locked_until is null
                             and $2 - login_failures.first_at > $3)
                         or login_failures.locked_until <= $2
                         then case when 1 >= $4 then $2 + $5 else null end
                       when login_failures.locked_until is null
                         and login_failures.failures + 1 >= $4 then $2 + $5
                       else login_failures.locked_until end,
                   expires_at = $2 + $3 + $5
                 returning failures",
            )
            .bind(f.key)
            .bind(now)
            .bind(f.window_ms)
            .bind(i64::from(f.max))
            .bind(f.lock_ms)
            .fetch_one(&mut *tx.0)
            .await?;
            counts.push(n);
        }
        sqlx::query("delete from login_failures where expires_at < $1")
            .bind(now)
            .execute(&mut *tx.0)
            .await?;
        // Many distinct keys within the window (addresses without end): the oldest go.
        let rows: i64 = sqlx::query_scalar("select count(*) from login_failures")
            .fetch_one(&mut *tx.0)
            .await?;
        if rows > cap {
            sqlx::query(
                "delete from login_failures where key in
                   (select key from login_failures order by first_at limit $1)",
            )
            .bind(rows - cap + cap / 10)
            .execute(&mut *tx.0)
            .await?;
        }
        tx.commit().await?;
        Ok(counts)
    }

    pub async fn clear_failures(&self, key: &str) -> Result<()> {
        sqlx::query("delete from login_failures where key = $1")
            .bind(key)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    pub async fn failure_rows(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("select count(*) from login_failures")
            .fetch_one(self.reader())
            .await?)
    }

    // --- administration --------------------------------------------------------------

    pub async fn list_users(&self) -> Result<Vec<UserSummary>> {
        type Row = (String, String, String, String, Option<String>, bool, bool);
        let rows: Vec<Row> = sqlx::query_as(
            "select id, username, display_name, role, subject_id, active, must_change_password
             from users order by lower(username)",
        )
        .fetch_all(self.reader())
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(
                |(id, username, display_name, role, subject, active, must_change)| {
                    Some(UserSummary {
                        id: Uuid::parse_str(&id).ok()?,
                        username,
                        display_name,
                        role: Role::parse(&role)?,
                        subject_id: subject.and_then(|s| Uuid::parse_str(&s).ok()),
                        active,
                        must_change_password: must_change,
                    })
                },
            )
            .collect())
    }

    pub async fn user_role(&self, id: Uuid) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("select role from users where id = $1")
            .bind(id.to_string())
            .fetch_optional(self.reader())
            .await?)
    }

    pub async fn record_exists(&self, kind: RecordKind, id: Uuid) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "select count(*) from records where id = $1 and kind = $2 and not deleted",
        )
        .bind(id.to_string())
        .bind(kind.as_str())
        .fetch_one(self.reader())
        .await?;
        Ok(n > 0)
    }

    pub async fn subject_taken(
        &self,
        subject: Uuid,
        except: Option<Uuid>,
    ) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "select username from users where subject_id = $1 and active and id != $2",
        )
        .bind(subject.to_string())
        .bind(except.map(|u| u.to_string()).unwrap_or_default())
        .fetch_optional(self.reader())
        .await?)
    }

    pub async fn link_person(&self, user: Uuid, subject: Option<Uuid>) -> Result<()> {
        sqlx::query("update users set subject_id = $1 where id = $2")
            .bind(subject.map(|s| s.to_string()))
            .bind(user.to_string())
            .execute(self.writer())
            .await?;
        Ok(())
    }

    pub async fn reset_password(&self, user: Uuid, hash: &str, now: i64) -> Result<bool> {
        let mut tx = self.write().await?;
        let n = sqlx::query(
            "update users set password_hash = $1, must_change_password = true where id = $2",
        )
        .bind(hash)
        .bind(user.to_string())
        .execute(&mut *tx.0)
        .await?
        .rows_affected();
        if n == 0 {
            return Ok(false);
        }
        end_sessions(&mut tx, user, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    pub async fn end_sessions(&self, user: Uuid, now: i64) -> Result<()> {
        let mut tx = self.write().await?;
        end_sessions(&mut tx, user, now).await?;
        tx.commit().await
    }

    pub async fn set_active(&self, user: Uuid, active: bool, now: i64) -> Result<bool> {
        let mut tx = self.write().await?;
        let n = sqlx::query("update users set active = $1 where id = $2")
            .bind(active)
            .bind(user.to_string())
            .execute(&mut *tx.0)
            .await?
            .rows_affected();
        if n == 0 {
            return Ok(false);
        }
        if !active {
            end_sessions(&mut tx, user, now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    pub async fn list_devices(&self, now: i64) -> Result<Vec<DeviceSummary>> {
        type Row = (
            String,
            String,
            String,
            String,
            i64,
            Option<i64>,
            String,
            i64,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "select d.id, d.user_id, u.username, d.user_agent, d.last_seen, d.revoked_at, d.name,
                    (select count(*) from sessions s where s.device_id = d.id
                       and s.revoked_at is null and s.expires_at > $1)
             from devices d join users u on u.id = d.user_id order by d.last_seen desc",
        )
        .bind(now)
        .fetch_all(self.reader())
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(
                |(id, user_id, username, user_agent, last_seen, revoked, name, active)| {
                    Some(DeviceSummary {
                        id: Uuid::parse_str(&id).ok()?,
                        user_id: Uuid::parse_str(&user_id).ok()?,
                        username,
                        user_agent,
                        last_seen,
                        revoked: revoked.is_some(),
                        name,
                        active_sessions: u32::try_from(active).unwrap_or(0),
                    })
                },
            )
            .collect())
    }

    pub async fn name_device(&self, device: Uuid, name: &str) -> Result<bool> {
        let n = sqlx::query("update devices set name = $1 where id = $2")
            .bind(name)
            .bind(device.to_string())
            .execute(self.writer())
            .await?
            .rows_affected();
        Ok(n > 0)
    }

    pub async fn revoke_device(&self, device: Uuid, now: i64) -> Result<bool> {
        let mut tx = self.write().await?;
        let n =
            sqlx::query("update devices set revoked_at = $1 where id = $2 and revoked_at is null")
                .bind(now)
                .bind(device.to_string())
                .execute(&mut *tx.0)
                .await?
                .rows_affected();
        if n == 0 {
            return Ok(false);
        }
        sqlx::query(
            "update offline_keys set revoked_at = $1 where device_id = $2 and revoked_at is null",
        )
        .bind(now)
        .bind(device.to_string())
        .execute(&mut *tx.0)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    // --- sync ------------------------------------------------------------------------

    pub async fn note_pull(&self, device: Uuid, now: i64) -> Result<()> {
        sqlx::query("update devices set last_pull_at = $1 where id = $2")
            .bind(now)
            .bind(device.to_string())
            .execute(self.writer())
            .await?;
        Ok(())
    }

    pub async fn event_access(&self, subject: Option<Uuid>) -> Result<Vec<(String, Option<i64>)>> {
        event_access(self.reader(), subject).await
    }

    pub async fn pull(&self, vis: &Visibility, since: i64, limit: u32) -> Result<Page> {
        let (mut tx, head) = dialect::begin_pull(self.reader()).await?;
        let mut q =
            QueryBuilder::<Db>::new(format!("select {RECORD_COLUMNS} from records where rev > "));
        q.push_bind(since).push(" and rev <= ").push_bind(head);
        match vis {
            Visibility::All => {}
            Visibility::Nothing => {
                q.push(" and false");
            }
            Visibility::Kinds(kinds) => {
                q.push(" and ")
                    .push(dialect::in_list_open("kind"))
                    .push_bind(json_list(kinds.iter().map(|k| k.as_str())))
                    .push(dialect::IN_LIST_CLOSE);
            }
            Visibility::Events {
                subject, events, ..
            } => {
                q.push(" and (")
                    .push(dialect::in_list_open("kind"))
                    .push_bind(json_list(RecordKind::REFERENSI.iter().map(|k| k.as_str())))
                    .push(dialect::IN_LIST_CLOSE)
                    .push(" or (kind = 'pendamping' and id = ")
                    .push_bind(subject.map(|s| s.to_string()))
                    .push(") or (")
                    .push(dialect::in_list_open("kind"))
                    .push_bind(json_list(
                        akses::JENIS_EVENT_DITUGASKAN.iter().map(|k| k.as_str()),
                    ))
                    .push(dialect::IN_LIST_CLOSE)
                    .push(" and ")
                    .push(dialect::in_list_open("event_id"))
                    .push_bind(json_list(events.iter()))
                    .push(dialect::IN_LIST_CLOSE)
                    .push("))");
            }
        }
        q.push(" order by rev limit ")
            .push_bind(i64::from(limit) + 1);
        let rows: Vec<RecordRow> = q.build_query_as().fetch_all(&mut *tx.0).await?;
        tx.commit().await?;
        let more = rows.len() > limit as usize;
        let mut changes = Vec::with_capacity(rows.len().min(limit as usize));
        for row in rows.into_iter().take(limit as usize) {
            let (id, rec) = row.into_stored()?;
            changes.push(rec.envelope(id));
        }
        let cursor = if more {
            changes.last().map_or(since, |c| c.rev)
        } else {
            head.max(since)
        };
        Ok(Page {
            changes,
            cursor,
            more,
        })
    }

    pub async fn record(&self, kind: RecordKind, id: Uuid) -> Result<Option<(Uuid, StoredRecord)>> {
        let row: Option<RecordRow> = sqlx::query_as(&format!(
            "select {RECORD_COLUMNS} from records where id = $1 and kind = $2"
        ))
        .bind(id.to_string())
        .bind(kind.as_str())
        .fetch_optional(self.reader())
        .await?;
        row.map(RecordRow::into_stored).transpose()
    }

    pub async fn record_data(&self, kind: RecordKind, id: Uuid) -> Result<Option<String>> {
        record_data(self.reader(), kind, id).await
    }

    pub async fn izin_by_number(&self, nomor: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(&format!(
            "select data from records where kind = 'izin' and not deleted and {} = $1",
            dialect::json_text("data", "nomor_registrasi")
        ))
        .bind(nomor)
        .fetch_optional(self.reader())
        .await?)
    }

    // --- attachments -----------------------------------------------------------------

    pub async fn put_attachment(&self, a: NewAttachment<'_>) -> Result<Stored> {
        let mut tx = self.write().await?;
        let exists: i64 = sqlx::query_scalar("select count(*) from attachments where sha256 = $1")
            .bind(a.sha256)
            .fetch_one(&mut *tx.0)
            .await?;
        if exists > 0 {
            return Ok(Stored::AlreadyThere);
        }
        let used: i64 = sqlx::query_scalar(
            "select cast(coalesce(sum(size), 0) as bigint) from attachments where created_by = $1",
        )
        .bind(a.created_by.to_string())
        .fetch_one(&mut *tx.0)
        .await?;
        if used.max(0) as u64 + a.data.len() as u64 > a.quota_bytes {
            return Ok(Stored::OverQuota);
        }
        sqlx::query(
            "insert into attachments (sha256, content_type, size, data, created_at, created_by)
             values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(a.sha256)
        .bind(a.content_type)
        .bind(a.data.len() as i64)
        .bind(a.data)
        .bind(a.now)
        .bind(a.created_by.to_string())
        .execute(&mut *tx.0)
        .await?;
        tx.commit().await?;
        Ok(Stored::New)
    }

    pub async fn attachment_meta(&self, sha: &str) -> Result<Option<(String, String)>> {
        Ok(
            sqlx::query_as("select content_type, created_by from attachments where sha256 = $1")
                .bind(sha)
                .fetch_optional(self.reader())
                .await?,
        )
    }

    pub async fn attachment_citing(
        &self,
        sha: &str,
    ) -> Result<Vec<(String, String, Option<String>)>> {
        Ok(sqlx::query_as(
            "select r.id, r.kind, r.event_id from attachment_refs a
             join records r on r.id = a.record_id
             where a.sha256 = $1 and not r.deleted",
        )
        .bind(sha)
        .fetch_all(self.reader())
        .await?)
    }

    pub async fn attachment_data(&self, sha: &str) -> Result<Option<Vec<u8>>> {
        Ok(
            sqlx::query_scalar("select data from attachments where sha256 = $1")
                .bind(sha)
                .fetch_optional(self.reader())
                .await?,
        )
    }
}

async fn insert_user<'e>(
    db: impl sqlx::Executor<'e, Database = Db>,
    u: &NewUserRow<'_>,
) -> Result<()> {
    sqlx::query(
        "insert into users (id, username, display_name, role, password_hash, subject_id,
                            created_at, must_change_password)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(u.id.to_string())
    .bind(u.username)
    .bind(u.display_name)
    .bind(u.role)
    .bind(u.password_hash)
    .bind(u.subject_id.map(|s| s.to_string()))
    .bind(u.now)
    .bind(u.must_change_password)
    .execute(db)
    .await?;
    Ok(())
}

async fn end_sessions(tx: &mut Tx, user: Uuid, now: i64) -> Result<()> {
    for table in ["sessions", "offline_keys"] {
        sqlx::query(&format!(
            "update {table} set revoked_at = $1 where user_id = $2 and revoked_at is null"
        ))
        .bind(now)
        .bind(user.to_string())
        .execute(&mut *tx.0)
        .await?;
    }
    Ok(())
}

async fn event_access<'e>(
    db: impl sqlx::Executor<'e, Database = Db>,
    subject: Option<Uuid>,
) -> Result<Vec<(String, Option<i64>)>> {
    Ok(
        sqlx::query_as("select event_id, dicabut_pada from event_access where subject_id = $1")
            .bind(subject.map(|s| s.to_string()))
            .fetch_all(db)
            .await?,
    )
}

async fn record_data<'e>(
    db: impl sqlx::Executor<'e, Database = Db>,
    kind: RecordKind,
    id: Uuid,
) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("select data from records where id = $1 and kind = $2 and not deleted")
            .bind(id.to_string())
            .bind(kind.as_str())
            .fetch_optional(db)
            .await?,
    )
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        dialect::commit(self).await
    }

    pub async fn event_access(
        &mut self,
        subject: Option<Uuid>,
    ) -> Result<Vec<(String, Option<i64>)>> {
        event_access(&mut *self.0, subject).await
    }

    pub async fn closed_events(&mut self) -> Result<HashMap<Uuid, i64>> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("select event_id, closed_at from event_closed")
                .fetch_all(&mut *self.0)
                .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(e, t)| Some((Uuid::parse_str(&e).ok()?, t)))
            .collect())
    }

    pub async fn last_pull(&mut self, device: Option<Uuid>) -> Result<Option<i64>> {
        let Some(d) = device else { return Ok(None) };
        let t: Option<Option<i64>> =
            sqlx::query_scalar("select last_pull_at from devices where id = $1")
                .bind(d.to_string())
                .fetch_optional(&mut *self.0)
                .await?;
        Ok(t.flatten())
    }

    pub async fn load_batch(&mut self, batch: &[Mutation]) -> Result<BatchStore> {
        // The records the batch changes, and the guests its attendance records name
        // (an attendance must name a live guest of its event: the domain checks it).
        let mut ids: Vec<Uuid> = batch.iter().map(|m| m.record_id).collect();
        ids.extend(batch.iter().filter_map(referenced_guest));
        let mut store = self.load_records(&ids).await?;
        let applied: Vec<(String, i64, String, Option<String>)> = sqlx::query_as(&format!(
            "select mutation_id, rev, user_id, content_hash from mutations
             where {}",
            dialect::in_list("mutation_id", "$1")
        ))
        .bind(json_list(batch.iter().map(|m| m.mutation_id)))
        .fetch_all(&mut *self.0)
        .await?;
        store.mem.applied = applied
            .into_iter()
            .filter_map(|(id, rev, user, hash)| {
                Some((
                    Uuid::parse_str(&id).ok()?,
                    AppliedMutation {
                        rev,
                        user_id: Uuid::parse_str(&user).ok()?,
                        content_hash: hash,
                    },
                ))
            })
            .collect();
        Ok(store)
    }

    pub async fn load_records(&mut self, ids: &[Uuid]) -> Result<BatchStore> {
        let rows: Vec<RecordRow> = sqlx::query_as(&format!(
            "select {RECORD_COLUMNS} from records where {}",
            dialect::in_list("id", "$1")
        ))
        .bind(json_list(ids.iter()))
        .fetch_all(&mut *self.0)
        .await?;
        let records = rows
            .into_iter()
            .map(RecordRow::into_stored)
            .collect::<Result<BTreeMap<_, _>>>()?;
        let rev = dialect::last_revision(self).await?;
        Ok(BatchStore {
            existed: records.keys().copied().collect(),
            mem: MemoryStore {
                records,
                applied: BTreeMap::new(),
                rev,
            },
            writes: Vec::new(),
        })
    }

    pub async fn next_number(&mut self, jenis: &str, year: i32) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "insert into nomor_urut (jenis, tahun, terakhir) values ($1, $2, 1)
             on conflict (jenis, tahun) do update set terakhir = nomor_urut.terakhir + 1
             returning terakhir",
        )
        .bind(jenis)
        .bind(year)
        .fetch_one(&mut *self.0)
        .await?)
    }

    pub async fn live_in_events(
        &mut self,
        kind: RecordKind,
        events: &[Uuid],
    ) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(&format!(
            "select data from records where kind = $1 and not deleted and {}",
            dialect::in_list("event_id", "$2")
        ))
        .bind(kind.as_str())
        .bind(json_list(events.iter()))
        .fetch_all(&mut *self.0)
        .await?)
    }

    pub async fn live_of_kind(&mut self, kind: RecordKind) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("select data from records where kind = $1 and not deleted")
                .bind(kind.as_str())
                .fetch_all(&mut *self.0)
                .await?,
        )
    }

    pub async fn deleted_in_event(
        &mut self,
        kind: RecordKind,
        event: Uuid,
    ) -> Result<Vec<(String, i64)>> {
        Ok(sqlx::query_as(
            "select id, rev from records where kind = $1 and deleted and event_id = $2",
        )
        .bind(kind.as_str())
        .bind(event.to_string())
        .fetch_all(&mut *self.0)
        .await?)
    }

    pub async fn record_data(&mut self, kind: RecordKind, id: Uuid) -> Result<Option<String>> {
        record_data(&mut *self.0, kind, id).await
    }

    pub async fn insert_user(&mut self, user: &NewUserRow<'_>) -> Result<()> {
        insert_user(&mut *self.0, user).await
    }

    pub async fn flush(&mut self, mut batch: BatchStore, actor: &Actor) -> Result<()> {
        if batch.writes.is_empty() {
            return Ok(());
        }
        // The last write of each record wins (a batch may change one record twice).
        let mut seen = HashSet::new();
        let mut rows = Vec::new();
        let mut events_changed = Vec::new();
        for (id, _) in batch.writes.iter().rev() {
            if !seen.insert(*id) {
                continue;
            }
            let r = &batch.mem.records[id];
            if r.kind == RecordKind::ResesEvent {
                events_changed.push((*id, r.data.clone(), r.deleted));
            }
            rows.push((
                *id,
                r,
                serde_json::to_string(&r.data)?,
                crate::store::stamps::encode(r)?,
            ));
        }
        // Multi-row inserts with bound values; chunks stay under SQLite's 32,766 and
        // PostgreSQL's 65,535 parameters. New records are plain inserts (most of a push);
        // records stored before are upserts.
        let (existing, new): (Vec<_>, Vec<_>) = rows
            .into_iter()
            .partition(|(id, ..)| batch.existed.contains(id));
        for (rows, upsert) in [(new, false), (existing, true)] {
            for chunk in rows.chunks(500) {
                let mut q = QueryBuilder::<Db>::new(
                    "insert into records (id, kind, rev, event_id, data, deleted, updated_at, updated_by, device_id, field_revs) ",
                );
                q.push_values(chunk, |mut b, (id, r, data, field_revs)| {
                    b.push_bind(id.to_string())
                        .push_bind(r.kind.as_str())
                        .push_bind(r.rev)
                        .push_bind(r.scope.event_id.map(|e| e.to_string()))
                        .push_bind(data.as_str())
                        .push_bind(r.deleted)
                        .push_bind(r.updated_at)
                        .push_bind(r.updated_by.to_string())
                        .push_bind(r.device_id.map(|d| d.to_string()))
                        .push_bind(field_revs.as_str());
                });
                if upsert {
                    q.push(
                        " on conflict (id) do update set
                        kind = excluded.kind, rev = excluded.rev, event_id = excluded.event_id,
                        data = excluded.data, deleted = excluded.deleted,
                        updated_at = excluded.updated_at, updated_by = excluded.updated_by,
                        device_id = excluded.device_id, field_revs = excluded.field_revs",
                    );
                }
                q.build().execute(&mut *self.0).await?;
            }
        }

        let device = actor.device_id.map(|d| d.to_string());
        for chunk in batch.writes.chunks(1000) {
            let mut q = QueryBuilder::<Db>::new(
                "insert into mutations (mutation_id, record_id, rev, user_id, device_id, applied_at, content_hash) ",
            );
            q.push_values(chunk, |mut b, (id, mutation)| {
                let log = &batch.mem.applied[mutation];
                b.push_bind(mutation.to_string())
                    .push_bind(id.to_string())
                    .push_bind(log.rev)
                    .push_bind(log.user_id.to_string())
                    .push_bind(device.clone())
                    .push_bind(actor.now)
                    .push_bind(log.content_hash.clone());
            });
            q.build().execute(&mut *self.0).await?;
        }
        self.record_side_tables(&batch, &seen, actor).await?;

        for (event_id, data, deleted) in events_changed {
            self.refresh_event_access(&mut batch, event_id, &data, deleted, actor.now)
                .await?;
        }
        dialect::revisions_used(self, batch.mem.rev).await
    }

    /// Keeps the tables derived from written records: which attachments each record
    /// cites, and which events are closed (from their documentation, server-stamped).
    async fn record_side_tables(
        &mut self,
        batch: &BatchStore,
        written: &HashSet<Uuid>,
        actor: &Actor,
    ) -> Result<()> {
        let records = &batch.mem.records;
        let citing: Vec<&Uuid> = written
            .iter()
            .filter(|id| RecordKind::CITE_ATTACHMENTS.contains(&records[*id].kind))
            .collect();
        let mut refs: Vec<(String, String)> = Vec::new();
        for id in &citing {
            let r = &records[*id];
            if !r.deleted {
                refs.extend(
                    r.kind
                        .attachments(&r.data)
                        .into_iter()
                        .map(|sha| (sha, id.to_string())),
                );
            }
        }
        if !citing.is_empty() {
            sqlx::query(&format!(
                "delete from attachment_refs where {}",
                dialect::in_list("record_id", "$1")
            ))
            .bind(json_list(citing))
            .execute(&mut *self.0)
            .await?;
        }
        for chunk in refs.chunks(1000) {
            let mut q = QueryBuilder::<Db>::new("insert into attachment_refs (sha256, record_id) ");
            q.push_values(chunk, |mut b, (sha, id)| {
                b.push_bind(sha.clone()).push_bind(id.clone());
            });
            q.push(" on conflict do nothing");
            q.build().execute(&mut *self.0).await?;
        }
        for id in written {
            let r = &records[id];
            let (RecordKind::DokumentasiReses, Some(event)) = (r.kind, r.scope.event_id) else {
                continue;
            };
            let closed_at = r.data.get("ditutup_pada").and_then(Value::as_i64);
            match closed_at.filter(|_| !r.deleted) {
                Some(t) => {
                    sqlx::query(
                        "insert into event_closed (event_id, closed_at, closed_by)
                         values ($1, $2, $3) on conflict (event_id) do nothing",
                    )
                    .bind(event.to_string())
                    .bind(t)
                    .bind(actor.user_id.to_string())
                    .execute(&mut *self.0)
                    .await?;
                }
                None => {
                    sqlx::query("delete from event_closed where event_id = $1")
                        .bind(event.to_string())
                        .execute(&mut *self.0)
                        .await?;
                }
            }
        }
        Ok(())
    }

    /// Rebuilds who may see an event. When that changes, the event's records get new
    /// revisions so that newly assigned users receive them at their next pull.
    async fn refresh_event_access(
        &mut self,
        batch: &mut BatchStore,
        event_id: Uuid,
        data: &Map<String, Value>,
        deleted: bool,
        now: i64,
    ) -> Result<()> {
        let mut subjects: Vec<String> = Vec::new();
        if !deleted {
            if let Some(a) = data.get("anggota_id").and_then(Value::as_str) {
                subjects.push(a.to_string());
            }
            if let Some(ps) = data.get("pendamping_ids").and_then(Value::as_array) {
                subjects.extend(ps.iter().filter_map(Value::as_str).map(str::to_string));
            }
        }
        subjects.sort();
        subjects.dedup();
        let before: Vec<String> = sqlx::query_scalar(
            "select subject_id from event_access where event_id = $1 and dicabut_pada is null
             order by subject_id",
        )
        .bind(event_id.to_string())
        .fetch_all(&mut *self.0)
        .await?;
        if before == subjects {
            return Ok(());
        }
        sqlx::query(&format!(
            "update event_access set dicabut_pada = $1
             where event_id = $2 and dicabut_pada is null and {}",
            dialect::not_in_list("subject_id", "$3")
        ))
        .bind(now)
        .bind(event_id.to_string())
        .bind(json_list(&subjects))
        .execute(&mut *self.0)
        .await?;
        if !subjects.is_empty() {
            let mut q = QueryBuilder::<Db>::new("insert into event_access (event_id, subject_id) ");
            q.push_values(&subjects, |mut b, s| {
                b.push_bind(event_id.to_string()).push_bind(s.clone());
            });
            q.push(" on conflict (event_id, subject_id) do update set dicabut_pada = null");
            q.build().execute(&mut *self.0).await?;
        }
        // A new revision only (the fields keep when they last changed), so the stamps
        // that were stored relative to the record's old revision are written out again.
        let rows: Vec<RecordRow> = sqlx::query_as(&format!(
            "select {RECORD_COLUMNS} from records where event_id = $1 and id != $1 order by rev"
        ))
        .bind(event_id.to_string())
        .fetch_all(&mut *self.0)
        .await?;
        for row in rows {
            let (id, mut r) = row.into_stored()?;
            r.rev = batch.next_rev();
            sqlx::query("update records set rev = $1, field_revs = $2 where id = $3")
                .bind(r.rev)
                .bind(crate::store::stamps::encode(&r)?)
                .bind(id.to_string())
                .execute(&mut *self.0)
                .await?;
        }
        Ok(())
    }
}

impl Tx {
    pub async fn revisions_copied(&mut self) -> Result<()> {
        dialect::revisions_copied(self).await
    }

    pub async fn count_rows(&mut self, table: &Table) -> Result<i64> {
        Ok(
            sqlx::query_scalar(&format!("select count(*) from {}", table.name))
                .fetch_one(&mut *self.0)
                .await?,
        )
    }

    pub async fn read_rows(&mut self, table: &Table, offset: i64) -> Result<Vec<Vec<Val>>> {
        use sqlx::Row;
        let columns: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
        let rows = sqlx::query(&format!(
            "select {} from {} order by {} limit $1 offset $2",
            columns.join(", "),
            table.name,
            table.key
        ))
        .bind(table.page)
        .bind(offset)
        .fetch_all(&mut *self.0)
        .await?;
        rows.iter()
            .map(|row| {
                table
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, (_, col))| {
                        Ok(match col {
                            Col::Text => Val::Text(Some(row.try_get(i)?)),
                            Col::OptText => Val::Text(row.try_get(i)?),
                            Col::Int => Val::Int(Some(row.try_get(i)?)),
                            Col::OptInt => Val::Int(row.try_get(i)?),
                            Col::Int32 => Val::Int32(row.try_get(i)?),
                            Col::Bool => Val::Bool(row.try_get(i)?),
                            Col::Bytes => Val::Bytes(row.try_get(i)?),
                        })
                    })
                    .collect::<Result<Vec<Val>>>()
            })
            .collect()
    }

    pub async fn write_rows(&mut self, table: &Table, rows: &[Vec<Val>]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let columns: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
        let mut q = QueryBuilder::<Db>::new(format!(
            "insert into {} ({}) ",
            table.name,
            columns.join(", ")
        ));
        q.push_values(rows, |mut b, row| {
            for v in row {
                match v {
                    Val::Text(t) => b.push_bind(t.clone()),
                    Val::Int(i) => b.push_bind(*i),
                    Val::Int32(i) => b.push_bind(*i),
                    Val::Bool(x) => b.push_bind(*x),
                    Val::Bytes(d) => b.push_bind(d.clone()),
                };
            }
        });
        q.build().execute(&mut *self.0).await?;
        Ok(())
    }
}
