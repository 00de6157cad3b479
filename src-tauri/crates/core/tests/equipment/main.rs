//! The equipment inventory: the standard list, items, their events and schedules, and the figures
//! E1–E4 on hand-built branches — an item in repair, a scrapped item, an item acquired after the
//! date, a consumable with zero stock, a recorder without wireless video — each counted by hand.
//!
//! `figures.rs`: the standard list and E1–E4; `items.rs`: items, their events, searches and
//! schedules.

#[path = "../common/mod.rs"]
mod common;
mod figures;
mod items;

use common::*;
use ledger_core::equipment::{
    CheckoutInput, DueCounts, EquipmentInput, EquipmentQuery, EventKind, ItemStatus, MaintenanceInput, ReturnInput,
    ScheduleInput, ScrapInput, StandardItemInput, TransferInput,
};
use ledger_core::figures::{Figure, FigureQuery};
use ledger_core::model::{AuditQuery, UnitInput};
use ledger_core::people::{CertKind, CertificateInput, Establishment, Post, StaffInput};
use ledger_core::{Ledger, LedgerError};
use rstest::rstest;

fn standard_id(l: &Ledger, name: &str) -> String {
    l.standard_list().unwrap().items.into_iter().find(|s| s.name == name).unwrap_or_else(|| panic!("no {name}")).id
}

/// An item counted as the standard item `standard`, acquired in 2020, 在用. Its
/// `standard_item_id` holds the standard item's name until [`add`] looks the id up.
fn item(asset: &str, standard: &str) -> EquipmentInput {
    EquipmentInput {
        asset_no: asset.into(),
        standard_item_id: Some(standard.into()),
        name: standard.into(),
        acquired_on: Some("2020-01-15".into()),
        ..EquipmentInput::default()
    }
}

fn add(l: &mut Ledger, input: EquipmentInput) -> String {
    let standard = input.standard_item_id.as_deref().map(|name| standard_id(l, name));
    l.create_equipment(&EquipmentInput { standard_item_id: standard, ..input }).unwrap().id
}

fn figures(l: &Ledger, d: &str) -> Vec<Figure> {
    l.figures(&FigureQuery { as_of: Some(d.into()), unit_id: None }).unwrap().figures
}

fn e1<'a>(all: &'a [Figure], item: &str) -> &'a Figure {
    all.iter().find(|f| f.id == "E1" && f.item.as_deref() == Some(item)).unwrap_or_else(|| panic!("no E1 {item}"))
}

fn e2<'a>(all: &'a [Figure], group: &str) -> &'a Figure {
    all.iter().find(|f| f.id == "E2" && f.group.as_deref() == Some(group)).unwrap_or_else(|| panic!("no E2 {group}"))
}

fn one<'a>(all: &'a [Figure], id: &str) -> &'a Figure {
    all.iter().find(|f| f.id == id).unwrap_or_else(|| panic!("no {id}"))
}

/// (held, in service, required, missing)
fn counts(f: &Figure) -> (Option<i64>, Option<i64>, Option<i64>, Option<i64>) {
    (f.held, f.in_service, f.required, f.missing)
}

fn certified(l: &mut Ledger, name: &str) -> String {
    let id = l
        .create_staff(&StaffInput {
            name: name.into(),
            post: Some(Post::Frontline),
            establishment: Some(Establishment::Staffed),
            ..StaffInput::default()
        })
        .unwrap()
        .id;
    l.create_certificate(&CertificateInput {
        staff_id: id.clone(),
        kind: Some(CertKind::Enforcement),
        number: format!("N-{name}"),
        ..CertificateInput::default()
    })
    .unwrap();
    id
}
