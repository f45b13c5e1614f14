//! Above the holiday list: which published holidays apply without being listed (a year
//! the office has not entered yet), and which are missing from a year it keeps (they
//! count as working days), with a way to copy them in.

use leptos::prelude::*;
use leptos::task::spawn_local;
use reses_domain::kantor::{HariLibur, resmi_terlewat, tahun_resmi_berlaku};
use reses_domain::kerja::{LiburResmi, libur_resmi};
use reses_domain::sort;
use reses_domain::sync::RecordKind;

use crate::session::use_session;

#[component]
pub fn LiburResmiPanel() -> impl IntoView {
    let session = use_session();
    // Nothing is offered until the office's holidays have been read: a failed read must
    // not look like a year with none entered (the list below shows the error).
    let records =
        crate::hooks::use_loaded(|store| async move { super::values::<HariLibur>(&store).await });
    let may_write = session.boleh_menulis(RecordKind::HariLibur);
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let copy = move |items: Vec<LiburResmi>| {
        let Some(store) = session.store() else {
            notice.set(Some(
                "Penyimpanan perangkat belum siap. Coba lagi sebentar.".into(),
            ));
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let n = items.len();
            let batch = items
                .iter()
                .filter_map(|l| {
                    let h = HariLibur::resmi(l);
                    Some((h.id, serde_json::to_value(&h).ok()?, false))
                })
                .collect();
            // One transaction: all of them, with their outbox entries, or none.
            match store.save_many(RecordKind::HariLibur, batch).await {
                Ok(_) => {
                    session.changed();
                    notice.set(Some(format!("{n} hari libur resmi ditambahkan.")));
                }
                Err(e) => notice.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    let body = move || {
        let libur = records.data.get()?.ok()?;
        let berlaku = tahun_resmi_berlaku(&libur);
        let mut tahun: Vec<i32> = libur.iter().map(|h| h.tanggal.year).collect();
        sort::all(&mut tahun);
        tahun.dedup();
        let terlewat: Vec<(i32, Vec<LiburResmi>)> = tahun
            .into_iter()
            .map(|y| (y, resmi_terlewat(&libur, y)))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        Some(view! {
            {berlaku.into_iter().map(|y| {
                let items: Vec<LiburResmi> = libur_resmi().into_iter().filter(|l| l.tanggal.year == y).collect();
                let n = items.len();
                view! {
                    <div class="notice" role="status" data-testid=format!("libur-resmi-{y}")>
                        <p>{format!("Tahun {y} belum punya hari libur di daftar ini, jadi daftar resmi ({n} hari libur nasional dan cuti bersama) yang berlaku.")}</p>
                        {may_write.then(|| view! {
                            <button type="button" class="btn" disabled=move || busy.get()
                                on:click=move |_| copy(items.clone())>{format!("Salin daftar resmi {y} ke daftar ini")}</button>
                        })}
                    </div>
                }
            }).collect_view()}
            {terlewat.into_iter().map(|(y, items)| {
                let names = items.iter().map(|l| format!("{} ({})", l.nama, l.tanggal.format_medium())).collect::<Vec<_>>().join("; ");
                view! {
                    <div class="notice" role="status" data-testid=format!("libur-terlewat-{y}")>
                        <p>{format!("{} hari libur resmi {y} tidak ada di daftar ini dan dihitung sebagai hari kerja: {names}.", items.len())}</p>
                        {may_write.then(|| view! {
                            <button type="button" class="btn" disabled=move || busy.get()
                                on:click=move |_| copy(items.clone())>"Tambahkan yang belum ada"</button>
                        })}
                    </div>
                }
            }).collect_view()}
        })
    };
    view! {
        {body}
        <p class="notice" role="status" data-testid="libur-notice" hidden=move || notice.with(Option::is_none)>{move || notice.get()}</p>
    }
}
