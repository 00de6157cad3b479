//! The figures, F1–F9, T1–T5, U1–U2 and E1–E4.

use ledger_core::figures::{Figure, FigureEquipment, FigurePerson, FigureSet};

use super::pad;

fn names(people: &[FigurePerson]) -> String {
    if people.is_empty() {
        return "（无）".into();
    }
    people.iter().map(|p| format!("{}（{}）", p.name, p.unit)).collect::<Vec<_>>().join("、")
}

/// Every figure on one aligned line (id, name, value, threshold, verdict), and with `with_names`
/// the people, units or sessions behind each.
pub fn figures(set: &FigureSet, with_names: bool) {
    println!("{}  统计日期：{}", set.scope, set.as_of);
    for f in &set.figures {
        if f.id.starts_with('E') {
            equipment_figure(f, with_names);
            continue;
        }
        let value = match (f.denominator, f.units.is_empty()) {
            (Some(d), true) if f.applicable => format!("{}/{} = {}", f.numerator, d, f.value),
            _ => f.value.clone(),
        };
        let verdict = match (f.pass, f.applicable) {
            (Some(true), _) => "达标",
            (Some(false), _) => "未达标",
            (None, false) => "不适用",
            (None, true) => "—",
        };
        println!(
            "{}  {}  {}  {}  {}",
            pad(&f.id, 3),
            pad(&f.name, 44),
            pad(&value, 20),
            pad(&f.threshold, 16),
            verdict
        );
        if !with_names {
            continue;
        }
        if !f.units.is_empty() {
            for u in &f.units {
                println!(
                    "      {} {} 人{}：{}",
                    u.unit,
                    u.count,
                    if u.pass { "" } else { "（不足 2 人）" },
                    names(&u.people)
                );
            }
        } else if f.denominator.is_some() {
            println!("      分子：{}", names(&f.numerator_people));
            println!("      分母：{}", names(&f.denominator_people));
        } else if !f.numerator_people.is_empty() {
            println!("      人员：{}", names(&f.numerator_people));
        }
        for s in &f.sessions {
            println!("      {} 至 {}  {}（{}，{} 天）", s.start_on, s.end_on, s.title, s.kind, s.days);
        }
        for h in &f.hours {
            println!(
                "      {}（{}）{} 学时，{} 次",
                h.name,
                h.unit,
                ledger_core::figures::training::format_hours(h.hours),
                h.sessions
            );
        }
    }
}

fn points(p: Option<f64>) -> String {
    ledger_core::figures::training::format_hours(p.unwrap_or(0.0))
}

fn verdict(f: &Figure) -> &'static str {
    match (f.pass, f.applicable) {
        (Some(true), _) => "达标",
        (Some(false), _) => "未达标",
        (None, false) => "不适用",
        (None, true) => "—",
    }
}

fn equipment_names(items: &[FigureEquipment]) -> String {
    if items.is_empty() {
        return "（无）".into();
    }
    items
        .iter()
        .map(|e| {
            let mut s = format!("{} {}", e.asset_no, e.name);
            if e.quantity != 1 {
                s.push_str(&format!(" ×{}", e.quantity));
            }
            let mut what = vec![e.unit.clone()];
            if let Some(c) = &e.custodian {
                what.push(c.clone());
            }
            if e.status != "在用" {
                what.push(e.status.clone());
            }
            format!("{s}（{}）", what.join("，"))
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// E1 one line per standard item (持有/在用/应配/缺), E2 one per group with its points, E3, E4
/// with its points; with `with_names` the equipment (and for E4 the people) behind each.
fn equipment_figure(f: &Figure, with_names: bool) {
    match f.id.as_str() {
        "E1" => {
            let missing = f.missing.unwrap_or(0);
            println!(
                "E1   {}  {}  持有 {:>3}  在用 {:>3}  应配 {:>3}  缺 {:>3}  {}",
                pad(f.item.as_deref().unwrap_or(&f.name), 24),
                pad(f.group.as_deref().unwrap_or("—"), 2),
                f.held.unwrap_or(0),
                f.in_service.unwrap_or(0),
                f.required.unwrap_or(0),
                missing,
                if missing > 0 { "✗ 缺" } else { "已配齐" }
            );
        }
        "E2" => println!(
            "E2   {}  {}  得 {:>3} 分  {}  {}",
            pad(&f.name, 28),
            pad(&format!("{}/{} 项配齐", f.numerator, f.denominator.unwrap_or(0)), 14),
            points(f.points),
            pad(verdict(f), 6),
            f.explanation
        ),
        "E4" => println!(
            "E4   {}  {}  {}  得 {} 分  {}",
            pad(&f.name, 44),
            pad(&format!("{}/{} = {}", f.numerator, f.denominator.unwrap_or(0), f.value), 20),
            pad(&f.threshold, 16),
            points(f.points),
            verdict(f)
        ),
        _ => println!("{}   {}  {}  {}", f.id, pad(&f.name, 44), pad(verdict(f), 6), f.explanation),
    }
    if !with_names {
        return;
    }
    if f.id == "E4" {
        println!("      分子：{}", names(&f.numerator_people));
        println!("      分母：{}", names(&f.denominator_people));
    } else {
        println!("      装备：{}", equipment_names(&f.equipment));
    }
}
