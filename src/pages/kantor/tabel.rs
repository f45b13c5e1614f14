//! One editor for the office's many small lists (members, companions, periods, wilayah,
//! categories, holidays, data requests, events, guests, budget lines): a table of the
//! records on this device with a filter, and a form described by its columns. Saving
//! goes through the record kind's own validation, then into IndexedDB with its outbox
//! entry; nothing here needs the server, so every list works offline.

use reses_domain::sort;
use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use reses_domain::aspirasi::parse_volume;
use reses_domain::kantor::{format_rupiah, parse_rupiah};
use reses_domain::sync::RecordKind;
use reses_domain::tanggal::Tanggal;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::components::SyncChip;
use crate::hooks::{Loaded, use_loaded};
use crate::session::use_session;
use crate::storage::{LocalRecord, StorageError};

/// Options of a select: (stored value, label).
pub type Pilihan = Signal<Vec<(String, String)>>;

/// How a column is typed, shown and stored.
#[derive(Clone)]
pub enum Jenis {
    Teks,
    Panjang,
    /// A whole number ≥ 0.
    Angka,
    /// A decimal typed the Indonesian way (`1,5`).
    Desimal,
    Rupiah,
    Tanggal,
    /// A date that may be empty (stored as null).
    TanggalOpsional,
    /// Minutes after midnight, typed `09:30`.
    Jam,
    Centang,
    Pilih(Pilihan),
    /// A select whose empty choice is stored as null.
    PilihOpsional(Pilihan),
    /// Several of the options (an array of values).
    Banyak(Pilihan),
}

#[derive(Clone)]
pub struct Kolom {
    pub key: &'static str,
    pub label: &'static str,
    pub jenis: Jenis,
    /// Shown as a column of the table (always in the form).
    pub di_tabel: bool,
    /// Must be filled in (selects and dates always are).
    pub wajib: bool,
}

impl Kolom {
    pub fn new(key: &'static str, label: &'static str, jenis: Jenis) -> Kolom {
        let wajib = matches!(jenis, Jenis::Pilih(_) | Jenis::Tanggal | Jenis::Jam);
        Kolom {
            key,
            label,
            jenis,
            di_tabel: true,
            wajib,
        }
    }

    /// In the form only.
    pub fn form(mut self) -> Kolom {
        self.di_tabel = false;
        self
    }

    /// May be left empty (a select the record does not require).
    pub fn opsional(mut self) -> Kolom {
        self.wajib = false;
        self
    }

    /// Must be filled in: an empty form names every such field at once.
    pub fn wajib(mut self) -> Kolom {
        self.wajib = true;
        self
    }

    /// What is wrong with the form's text for this column, if anything.
    fn periksa(&self, s: &str) -> Result<Value, String> {
        if self.wajib
            && s.trim().is_empty()
            && !matches!(self.jenis, Jenis::Centang | Jenis::Banyak(_))
        {
            return Err(match self.jenis {
                Jenis::Pilih(_) => format!("Pilih {}.", self.label.to_lowercase()),
                _ => format!("{} wajib diisi.", self.label),
            });
        }
        dari_input(self, s)
    }
}

/// The field errors of a form, by column key (`""`: the record as a whole).
type Galat = RwSignal<Vec<(&'static str, String)>>;

/// Puts the cursor in the first field that needs fixing.
fn focus_first(errors: &[(&'static str, String)]) {
    let Some((key, _)) = errors.iter().find(|(k, _)| !k.is_empty()) else {
        return;
    };
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("f-{key}")))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = el.focus();
    }
}

fn label_of(options: &Pilihan, v: &str) -> String {
    options.with(|o| {
        o.iter()
            .find(|(k, _)| k == v)
            .map_or_else(|| v.to_string(), |(_, l)| l.clone())
    })
}

/// A decimal number the Indonesian way (`2,5`).
pub(super) fn desimal(n: f64) -> String {
    let s = format!("{n}");
    s.replace('.', ",")
}

fn jam(minutes: i64) -> (i64, i64) {
    (minutes / 60, minutes % 60)
}

/// A stored value as the table shows it.
pub fn tampil(jenis: &Jenis, v: Option<&Value>) -> String {
    let v = v.unwrap_or(&Value::Null);
    let s = || v.as_str().unwrap_or_default().to_string();
    match jenis {
        Jenis::Teks | Jenis::Panjang => s(),
        Jenis::Angka => v.as_i64().map(|n| n.to_string()).unwrap_or_default(),
        Jenis::Desimal => v.as_f64().map(desimal).unwrap_or_default(),
        Jenis::Rupiah => v.as_i64().map(format_rupiah).unwrap_or_default(),
        Jenis::Tanggal | Jenis::TanggalOpsional => Tanggal::parse_iso(&s())
            .map(Tanggal::format_medium)
            .unwrap_or_else(|| "—".into()),
        Jenis::Jam => v
            .as_i64()
            .map(|m| {
                let (h, mm) = jam(m);
                format!("{h:02}.{mm:02} WIB")
            })
            .unwrap_or_default(),
        Jenis::Centang => if v.as_bool() == Some(true) {
            "Ya"
        } else {
            "Belum"
        }
        .into(),
        Jenis::Pilih(o) | Jenis::PilihOpsional(o) => {
            if v.is_null() {
                "—".into()
            } else {
                label_of(o, &s())
            }
        }
        Jenis::Banyak(o) => v
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(|x| label_of(o, x))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
    }
}

/// A stored value as the form's input holds it.
fn ke_input(jenis: &Jenis, v: Option<&Value>) -> String {
    let v = v.unwrap_or(&Value::Null);
    match jenis {
        Jenis::Rupiah => v
            .as_i64()
            .map(|n| format_rupiah(n).trim_start_matches("Rp ").to_string())
            .unwrap_or_default(),
        Jenis::Jam => v
            .as_i64()
            .map(|m| {
                let (h, mm) = jam(m);
                format!("{h:02}:{mm:02}")
            })
            .unwrap_or_default(),
        Jenis::Centang => if v.as_bool() == Some(true) {
            "true"
        } else {
            ""
        }
        .into(),
        Jenis::Banyak(_) => v
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .unwrap_or_default(),
        Jenis::Tanggal | Jenis::TanggalOpsional | Jenis::Pilih(_) | Jenis::PilihOpsional(_) => {
            v.as_str().unwrap_or_default().to_string()
        }
        Jenis::Teks | Jenis::Panjang => v.as_str().unwrap_or_default().to_string(),
        Jenis::Angka => v.as_i64().map(|n| n.to_string()).unwrap_or_default(),
        Jenis::Desimal => v.as_f64().map(desimal).unwrap_or_default(),
    }
}

/// The form's text back to a stored value, or what is wrong with it.
fn dari_input(k: &Kolom, s: &str) -> Result<Value, String> {
    let s = s.trim();
    Ok(match &k.jenis {
        Jenis::Teks | Jenis::Panjang | Jenis::Pilih(_) => Value::String(s.to_string()),
        Jenis::PilihOpsional(_) => {
            if s.is_empty() {
                Value::Null
            } else {
                Value::String(s.to_string())
            }
        }
        Jenis::Angka => Value::from(
            s.parse::<u32>()
                .map_err(|_| format!("{} harus berupa bilangan bulat.", k.label))?,
        ),
        Jenis::Desimal => {
            Value::from(parse_volume(s)?.ok_or_else(|| format!("{} wajib diisi.", k.label))?)
        }
        Jenis::Rupiah => Value::from(parse_rupiah(s).map_err(|e| format!("{}: {e}", k.label))?),
        Jenis::Tanggal => Value::String(
            Tanggal::parse_iso(s)
                .ok_or_else(|| format!("{} wajib diisi dengan tanggal yang benar.", k.label))?
                .iso(),
        ),
        Jenis::TanggalOpsional => match s {
            "" => Value::Null,
            s => Value::String(
                Tanggal::parse_iso(s)
                    .ok_or_else(|| format!("{} bukan tanggal yang benar.", k.label))?
                    .iso(),
            ),
        },
        Jenis::Jam => {
            let (h, m) = s
                .split_once(':')
                .and_then(|(h, m)| Some((h.parse::<u16>().ok()?, m.parse::<u16>().ok()?)))
                .filter(|(h, m)| *h < 24 && *m < 60)
                .ok_or_else(|| format!("{} wajib diisi (jam:menit).", k.label))?;
            Value::from(h * 60 + m)
        }
        Jenis::Centang => Value::Bool(s == "true"),
        Jenis::Banyak(_) => Value::Array(
            s.split(',')
                .filter(|x| !x.is_empty())
                .map(|x| Value::String(x.into()))
                .collect(),
        ),
    })
}

#[derive(Clone, PartialEq)]
struct Edit {
    id: Uuid,
    /// The record as loaded (fields the form does not show are kept as they are).
    asli: Value,
    baru: bool,
}

/// A link per row: (href, text).
pub type Tautan = fn(&Value) -> (String, &'static str);

/// The records of `kind` (of one event when `event` is given) as an editable table.
#[component]
pub fn TabelData(
    kind: RecordKind,
    kolom: Vec<Kolom>,
    #[prop(optional)] event: Option<Uuid>,
    /// A link per row, e.g. to the event's office page.
    #[prop(optional)]
    tautan: Option<Tautan>,
    /// A line under the table computed from all rows (totals).
    #[prop(optional)]
    ringkasan: Option<fn(&[Value]) -> String>,
    /// Rows are sorted by this text.
    #[prop(optional)]
    urut: Option<fn(&Value) -> String>,
    #[prop(optional)] hanya_baca: bool,
) -> impl IntoView {
    let session = use_session();
    // The server refuses what this role may not write; the screen says so up front.
    let hanya_baca = hanya_baca || !session.boleh_menulis(kind);
    // Companions and members get their accounts from here (the admin only).
    let akun = matches!(kind, RecordKind::Pendamping | RecordKind::Anggota)
        && session.boleh(reses_domain::akses::Tugas::KelolaAkun);
    let kolom = StoredValue::new(kolom);
    let records = use_loaded(move |store| async move {
        let mut all: Vec<LocalRecord> = match event {
            Some(e) => store.list_by_event(kind, &e.to_string()).await,
            None => store.list(kind).await,
        }
        .map_err(|e| e.message())?
        .into_iter()
        .filter(|r| !r.deleted)
        .collect();
        let key = urut.unwrap_or(|v: &Value| {
            v.get("nama")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_lowercase()
        });
        sort::by_cached_key(&mut all, |r| key(&r.data));
        Ok(all)
    });
    let filter = RwSignal::new(String::new());
    let edit = RwSignal::new(None::<Edit>);
    let notice = RwSignal::new(None::<String>);
    let open_new = move |_| {
        let id = Uuid::now_v7();
        notice.set(None);
        edit.set(Some(Edit {
            id,
            // The kind's template (reses_domain::templat), checked against its type.
            asli: reses_domain::templat::templat(
                kind,
                &reses_domain::templat::Awal {
                    id,
                    event,
                    hari_ini: super::hari_ini(),
                    kunci_undangan: &super::kunci_acak(),
                },
            )
            .unwrap_or_else(|| serde_json::json!({ "id": id })),
            baru: true,
        }));
    };
    let label = kind.label();
    let table = move |rows: Vec<LocalRecord>| {
        let total_line =
            ringkasan.map(|f| f(&rows.iter().map(|r| r.data.clone()).collect::<Vec<_>>()));
        let q = reses_domain::cari::lipat(&filter.get());
        let cols: Vec<Kolom> =
            kolom.with_value(|k| k.iter().filter(|k| k.di_tabel).cloned().collect());
        let matching: Vec<&LocalRecord> = rows
            .iter()
            .filter(|r| {
                q.is_empty()
                    || reses_domain::cari::lipat(
                        &cols
                            .iter()
                            .map(|c| tampil(&c.jenis, r.data.get(c.key)))
                            .collect::<Vec<_>>()
                            .join(" "),
                    )
                    .contains(&q)
            })
            .collect();
        let shown = matching.len().min(200);
        let more = matching.len() - shown;
        let count = rows.len();
        view! {
            <p class="muted" data-testid="tabel-count">{format!("{count} {} tercatat.", label.to_lowercase())}</p>
            <div class="table-wrap">
            <table class="table cards" data-testid=format!("tabel-{}", kind.as_str())>
                <thead><tr>
                    {cols.iter().map(|c| view! { <th scope="col">{c.label}</th> }).collect_view()}
                    <th scope="col"><span class="visually-hidden">"Tindakan"</span></th>
                </tr></thead>
                <tbody>
                    {matching.into_iter().take(shown).map(|r| {
                        let id = Uuid::parse_str(&r.id).unwrap_or_default();
                        let data = r.data.clone();
                        let link = tautan.map(|f| f(&data));
                        let name = cols.first().map(|c| tampil(&c.jenis, data.get(c.key))).unwrap_or_default();
                        view! {
                            <tr data-testid="tabel-row">
                                {cols.iter().map(|c| view! { <td data-label=c.label>{tampil(&c.jenis, data.get(c.key))}</td> }).collect_view()}
                                <td class="row-actions">
                                    <SyncChip state=r.sync/>
                                    {link.map(|(href, text)| view! { <A href=href attr:class="btn">{text}</A> })}
                                    {akun.then(|| view! {
                                        <A href=format!("/admin?orang={id}") attr:class="btn"
                                            attr:aria-label=format!("Akun untuk {name}")>"Akun"</A>
                                    })}
                                    {(!hanya_baca).then(|| {
                                        let data = data.clone();
                                        view! {
                                            <button type="button" class="btn" aria-label=format!("Ubah {name}")
                                                on:click=move |_| { notice.set(None); edit.set(Some(Edit { id, asli: data.clone(), baru: false })) }>
                                                "Ubah"
                                            </button>
                                        }
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            {(more > 0).then(|| view! { <p class="muted">{format!("… dan {more} lainnya; persempit dengan pencarian.")}</p> })}
            {total_line.map(|t| view! { <p class="total" data-testid="tabel-total">{t}</p> })}
        }
    };
    view! {
        <div class="tabel-data">
            <div class="tabel-tools">
                <input type="search" placeholder="Cari…" aria-label=format!("Cari {}", label.to_lowercase())
                    data-testid="tabel-cari" prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev))/>
                {(!hanya_baca).then(|| view! {
                    <button type="button" class="btn primary" data-testid="tabel-baru" on:click=open_new>
                        {format!("+ Tambah {}", label.to_lowercase())}
                    </button>
                })}
            </div>
            {hanya_baca.then(|| view! { <p class="muted" data-testid="tabel-hanya-baca">"Daftar ini hanya dapat dilihat dengan peran Anda."</p> })}
            <p class="notice" role="status" data-testid="tabel-notice" hidden=move || notice.with(Option::is_none)>
                {move || notice.get()}
            </p>
            {move || edit.get().map(|e| view! { <Formulir kind=kind kolom=kolom edit=e on_done={move |msg: Option<String>| { edit.set(None); notice.set(msg); }}/> })}
            <Loaded state=records memuat="Memuat data…" let:rows>
                {move || table(rows.clone())}
            </Loaded>
        </div>
    }
}

#[component]
fn Formulir(
    kind: RecordKind,
    kolom: StoredValue<Vec<Kolom>>,
    edit: Edit,
    on_done: impl Fn(Option<String>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    let nilai: RwSignal<BTreeMap<&'static str, String>> = RwSignal::new(kolom.with_value(|ks| {
        ks.iter()
            .map(|k| (k.key, ke_input(&k.jenis, edit.asli.get(k.key))))
            .collect()
    }));
    let errors: Galat = RwSignal::new(Vec::new());
    let busy = RwSignal::new(false);
    let asli = StoredValue::new(edit.asli.clone());
    let id = edit.id;
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut data: Map<String, Value> =
            asli.with_value(|a| a.as_object().cloned().unwrap_or_default());
        // Every field is checked, so an empty form names all that is missing at once.
        let mut found: Vec<(&'static str, String)> = Vec::new();
        kolom.with_value(|ks| {
            nilai.with(|n| {
                for k in ks {
                    match k.periksa(n.get(k.key).map_or("", String::as_str)) {
                        Ok(v) => {
                            data.insert(k.key.to_string(), v);
                        }
                        Err(e) => found.push((k.key, e)),
                    }
                }
            })
        });
        let data = Value::Object(data);
        if !found.is_empty() {
            focus_first(&found);
            errors.set(found);
            return;
        }
        let Some(store) = session.store() else {
            errors.set(vec![(
                "",
                "Penyimpanan perangkat belum siap. Coba lagi sebentar.".into(),
            )]);
            return;
        };
        busy.set(true);
        spawn_local(async move {
            // Checked by the kind's own rules as it is saved; a broken rule marks its
            // field.
            match store.save_checked(kind, id, data).await {
                Ok(_) => {
                    session.changed();
                    on_done(Some(format!("{} tersimpan.", kind.label())));
                }
                Err(StorageError::Invalid(e)) => {
                    busy.set(false);
                    let key =
                        kolom.with_value(|ks| ks.iter().find(|k| k.key == e.field).map(|k| k.key));
                    let found = vec![(key.unwrap_or(""), e.message)];
                    focus_first(&found);
                    errors.set(found);
                }
                Err(e) => {
                    busy.set(false);
                    errors.set(vec![("", e.message())]);
                }
            }
        });
    };
    let hapus = move |_| {
        let ok = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(&format!("Hapus {} ini?", kind.label().to_lowercase()))
                    .ok()
            })
            .unwrap_or(false);
        if !ok {
            return;
        }
        let Some(store) = session.store() else { return };
        let data = asli.get_value();
        spawn_local(async move {
            match store.save(kind, id, data, true).await {
                Ok(_) => {
                    session.changed();
                    on_done(Some(format!("{} dihapus.", kind.label())));
                }
                Err(e) => errors.set(vec![("", e.message())]),
            }
        });
    };
    let title = if edit.baru {
        format!("{} baru", kind.label())
    } else {
        format!("Ubah {}", kind.label().to_lowercase())
    };
    let fields = kolom.with_value(|ks| {
        ks.iter()
            .map(|k| field(k.clone(), nilai, errors))
            .collect_view()
    });
    view! {
        <form class="card form tabel-form" data-testid="tabel-form" on:submit=save novalidate>
            <h2>{title}</h2>
            <p class="muted">"Isian bertanda * wajib diisi."</p>
            {fields}
            <div class="error" role="alert" data-testid="form-error" hidden=move || errors.with(Vec::is_empty)>
                <p>{move || match errors.with(Vec::len) {
                    1 => "Periksa isian berikut:".to_string(),
                    n => format!("Periksa {n} isian berikut:"),
                }}</p>
                <ul>{move || errors.get().into_iter().map(|(_, m)| view! { <li>{m}</li> }).collect_view()}</ul>
            </div>
            <div class="actions">
                <button type="submit" class="btn primary" data-testid="tabel-simpan" disabled=move || busy.get()>"Simpan"</button>
                <button type="button" class="btn" on:click=move |_| on_done(None)>"Batal"</button>
                {(!edit.baru).then(|| view! { <button type="button" class="btn danger" on:click=hapus>"Hapus"</button> })}
            </div>
        </form>
    }
}

fn field(
    k: Kolom,
    nilai: RwSignal<BTreeMap<&'static str, String>>,
    errors: Galat,
) -> impl IntoView {
    let key = k.key;
    let id = format!("f-{key}");
    let value = move || nilai.with(|n| n.get(key).cloned().unwrap_or_default());
    let set = move |v: String| {
        nilai.update(|n| {
            n.insert(key, v);
        });
        errors.update(|e| e.retain(|(k, _)| *k != key && !k.is_empty()));
    };
    let mine = move || errors.with(|e| e.iter().find(|(k, _)| *k == key).map(|(_, m)| m.clone()));
    let described = format!("e-{key}");
    let invalid = move || mine().is_some().to_string();
    let required = k.wajib.to_string();
    let input = |ty: &'static str, mode: &'static str| {
        view! {
            <input id=id.clone() type=ty inputmode=mode data-testid=id.clone() prop:value=value
                aria-describedby=described.clone() aria-invalid=invalid aria-required=required.clone()
                on:input=move |ev| set(event_target_value(&ev))/>
        }
        .into_any()
    };
    let control = match k.jenis.clone() {
        Jenis::Teks => input("text", "text"),
        Jenis::Panjang => view! {
            <textarea id=id.clone() rows="3" data-testid=id.clone() prop:value=value
                aria-describedby=described.clone() aria-invalid=invalid aria-required=required.clone()
                on:input=move |ev| set(event_target_value(&ev))></textarea>
        }
        .into_any(),
        Jenis::Angka => input("text", "numeric"),
        Jenis::Desimal | Jenis::Rupiah => input("text", "decimal"),
        Jenis::Tanggal | Jenis::TanggalOpsional => input("date", "text"),
        Jenis::Jam => input("time", "text"),
        Jenis::Centang => view! {
            <input id=id.clone() type="checkbox" data-testid=id.clone() prop:checked=move || value() == "true"
                on:change=move |ev| set(if event_target_checked(&ev) { "true".into() } else { String::new() })/>
        }
        .into_any(),
        Jenis::Pilih(o) | Jenis::PilihOpsional(o) => view! {
            <select id=id.clone() data-testid=id.clone() aria-describedby=described.clone()
                aria-invalid=invalid on:change=move |ev| set(event_target_value(&ev))>
                <option value="" selected=move || value().is_empty()>"— pilih —"</option>
                {move || o.get().into_iter().map(|(v, l)| {
                    let selected = value() == v;
                    view! { <option value=v selected=selected>{l}</option> }
                }).collect_view()}
            </select>
        }
        .into_any(),
        Jenis::Banyak(o) => view! {
            <div class="checks" id=id.clone() data-testid=id.clone() role="group" aria-label=k.label>
                {move || o.get().into_iter().map(|(v, l)| {
                    let v2 = v.clone();
                    let on = move || value().split(',').any(|x| x == v2);
                    let v3 = v.clone();
                    view! {
                        <label class="check">
                            <input type="checkbox" value=v.clone() prop:checked=on
                                on:change=move |ev| {
                                    let mut all: Vec<String> = value().split(',').filter(|x| !x.is_empty() && *x != v3).map(str::to_string).collect();
                                    if event_target_checked(&ev) { all.push(v3.clone()); }
                                    set(all.join(","));
                                }/>
                            {l}
                        </label>
                    }
                }).collect_view()}
            </div>
        }
        .into_any(),
    };
    view! {
        <div class="field" data-invalid=move || mine().is_some().to_string()>
            <label for=format!("f-{key}")>{k.label}{k.wajib.then(|| view! { <span aria-hidden="true">" *"</span> })}</label>
            {control}
            <p class="field-error" id=format!("e-{key}") hidden=move || mine().is_none()>{mine}</p>
        </div>
    }
}
