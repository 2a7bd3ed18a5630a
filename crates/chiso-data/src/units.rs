//! Administrative periods and unit records from `data/raw/units/`, linked across the reorganisations.

use crate::table::{Row, Table};
use crate::{BuildError, BuildErrorKind};
use chiso_core::model::{AdminPeriod, Level, Localized, Unit, UnitType};
use chiso_core::period::Date;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The province's id and GSO code.
pub const PROVINCE_ID: &str = "40";

/// Link statuses under which a record continues its predecessor's lineage (same code).
const CONTINUING: [&str; 4] = ["kept", "renamed", "type_changed", "moved_district"];

struct PeriodDef {
    id: &'static str,
    file: &'static str,
    from: Option<(i32, u8, u8)>,
    to: Option<(i32, u8, u8)>,
    has_districts: bool,
    vi: &'static str,
    en: &'static str,
}

const PERIODS: [PeriodDef; 4] = [
    PeriodDef {
        id: "2013",
        file: "units-2013-2019.csv",
        from: None,
        to: Some((2019, 12, 31)),
        has_districts: true,
        vi: "2013 – 2019",
        en: "2013 – 2019",
    },
    PeriodDef {
        id: "2020",
        file: "units-2020-2024.csv",
        from: Some((2020, 1, 1)),
        to: Some((2024, 12, 31)),
        has_districts: true,
        vi: "2020 – 2024",
        en: "2020 – 2024",
    },
    PeriodDef {
        id: "2025-01",
        file: "units-2025-01.csv",
        from: Some((2025, 1, 1)),
        to: Some((2025, 6, 30)),
        has_districts: true,
        vi: "1/2025 – 6/2025",
        en: "Jan – Jun 2025",
    },
    PeriodDef {
        id: "2025-07",
        file: "units-2025-07.csv",
        from: Some((2025, 7, 1)),
        to: None,
        has_districts: false,
        vi: "Từ 1/7/2025",
        en: "From 1 July 2025",
    },
];

fn date(d: Option<(i32, u8, u8)>) -> Option<Date> {
    d.map(|(y, m, d)| Date::new(y, m, d).expect("period table dates are valid"))
}

/// The four administrative periods, oldest first.
pub fn periods() -> Vec<AdminPeriod> {
    PERIODS
        .iter()
        .map(|p| AdminPeriod {
            id: p.id.to_string(),
            label: Localized::new(p.vi, p.en),
            from: date(p.from),
            to: date(p.to),
            has_districts: p.has_districts,
        })
        .collect()
}

/// The record id of a district or commune in a period.
pub fn unit_id(code: &str, period: &str) -> String {
    format!("{code}@{period}")
}

fn unit_type(s: &str) -> Option<(UnitType, Level)> {
    Some(match s.to_lowercase().as_str() {
        "xã" => (UnitType::Xa, Level::Commune),
        "phường" => (UnitType::Phuong, Level::Commune),
        "thị trấn" => (UnitType::ThiTran, Level::Commune),
        "huyện" => (UnitType::Huyen, Level::District),
        "thị xã" => (UnitType::ThiXa, Level::District),
        "thành phố" => (UnitType::ThanhPho, Level::District),
        _ => return None,
    })
}

/// The name without its leading type word ("Huyện Tân Kỳ" → "Tân Kỳ"); the name itself if it does not start with it.
fn short_name(name: &str, type_word: &str) -> String {
    let n = type_word.chars().count();
    let head: String = name.chars().take(n).collect();
    if head.to_lowercase() == type_word.to_lowercase() && name.chars().nth(n) == Some(' ') {
        name.chars().skip(n + 1).collect()
    } else {
        name.to_string()
    }
}

/// The unit records of all periods (province first), linked, in a stable order.
pub(crate) struct Units {
    pub list: Vec<Unit>,
    index: HashMap<String, usize>,
}

impl Units {
    pub fn get(&self, id: &str) -> Option<&Unit> {
        self.index.get(id).map(|&i| &self.list[i])
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Unit> {
        self.index.get(id).map(|&i| &mut self.list[i])
    }

    pub fn push(&mut self, unit: Unit) {
        self.index.insert(unit.id.clone(), self.list.len());
        self.list.push(unit);
    }

    /// The record of `code` at `level` in force on `date`, restricted to the given periods.
    pub fn in_force(&self, code: &str, level: Level, date: Date, periods: &[&str]) -> Option<&Unit> {
        record_in_force(&self.list, code, Some(level), date, Some(periods))
    }
}

/// The rule by which a GSO code names a unit record, shared by `figures.csv` and imported sheets: among
/// `records`, the first of that code (and level, and one of `periods`, when given) in force on `date`, the last
/// day of the figure's reference period. Records with no start date (the 2013 list) also stand for earlier years.
pub(crate) fn record_in_force<'a>(
    records: impl IntoIterator<Item = &'a Unit>,
    code: &str,
    level: Option<Level>,
    date: Date,
    periods: Option<&[&str]>,
) -> Option<&'a Unit> {
    records.into_iter().find(|u| {
        u.code == code
            && level.is_none_or(|l| u.level == l)
            && periods.is_none_or(|ps| u.period.as_deref().is_some_and(|p| ps.contains(&p)))
            && u.exists_on(date)
    })
}

/// Reads the four unit lists and the July 2025 mapping and links them.
pub(crate) fn read_units(units_dir: &Path) -> Result<Units, BuildError> {
    let mut units = Units { list: Vec::new(), index: HashMap::new() };
    units.push(Unit {
        id: PROVINCE_ID.to_string(),
        code: PROVINCE_ID.to_string(),
        name: "Tỉnh Nghệ An".to_string(),
        short_name: "Nghệ An".to_string(),
        level: Level::Province,
        unit_type: UnitType::Tinh,
        parent: None,
        period: None,
        from: None,
        to: None,
        lineage: PROVINCE_ID.to_string(),
        successors: vec![],
        predecessors: vec![],
        change: None,
        flags: BTreeMap::new(),
    });
    let mut tables = Vec::new();
    for def in &PERIODS {
        let table = Table::read(&units_dir.join(def.file))?;
        for row in &table.rows {
            let unit = read_unit(&table, row, def)?;
            if units.get(&unit.id).is_some() {
                return Err(table.error(
                    row,
                    "code",
                    BuildErrorKind::Invalid(format!("code listed twice: {}", unit.code)),
                ));
            }
            units.push(unit);
        }
        tables.push(table);
    }
    link_2013_2020(&mut units, &tables[0])?;
    link_2020_2025(&mut units, &tables[1])?;
    link_2025_07(&mut units, &Table::read(&units_dir.join("old-to-new-2025-07.csv"))?)?;
    fill_predecessors(&mut units);
    fill_lineages(&mut units);
    Ok(units)
}

fn read_unit(table: &Table, row: &Row, def: &PeriodDef) -> Result<Unit, BuildError> {
    let code = table.get(row, "code")?.to_string();
    let name = table.get(row, "name")?.to_string();
    let type_word = table.get(row, "type")?;
    let (unit_type, level) = unit_type(type_word).ok_or_else(|| {
        table.error(row, "type", BuildErrorKind::Invalid(format!("unknown unit type \"{type_word}\"")))
    })?;
    if def.has_districts {
        let listed = table.get(row, "level")?;
        if Level::from_id(listed) != Some(level) {
            return Err(table.error(
                row,
                "level",
                BuildErrorKind::Invalid(format!("level \"{listed}\" does not match type \"{type_word}\"")),
            ));
        }
    } else if level != Level::Commune {
        return Err(table.error(row, "type", BuildErrorKind::Invalid("only communes exist from July 2025".into())));
    }
    let parent_code = table.get(row, "parent_code")?;
    let parent = match level {
        Level::District => PROVINCE_ID.to_string(),
        _ if !def.has_districts => PROVINCE_ID.to_string(),
        _ => unit_id(parent_code, def.id),
    };
    if (level == Level::District || !def.has_districts) && parent_code != PROVINCE_ID {
        return Err(table.error(row, "parent_code", BuildErrorKind::Invalid(format!("expected {PROVINCE_ID}"))));
    }
    Ok(Unit {
        id: unit_id(&code, def.id),
        short_name: short_name(&name, type_word),
        code,
        name,
        level,
        unit_type,
        parent: Some(parent),
        period: Some(def.id.to_string()),
        from: date(def.from),
        to: date(def.to),
        lineage: String::new(),
        successors: vec![],
        predecessors: vec![],
        change: None,
        flags: BTreeMap::new(),
    })
}

/// The status word of a link ("abolished (merged into Thành phố Vinh)" → "abolished").
fn status_word(s: &str) -> &str {
    s.split(" (").next().unwrap_or(s).trim()
}

fn set_link(
    units: &mut Units,
    table: &Table,
    row: &Row,
    from: String,
    to: Option<String>,
    change: &str,
) -> Result<(), BuildError> {
    if let Some(to) = &to {
        if units.get(to).is_none() {
            return Err(table.error(row, "code", BuildErrorKind::UnknownUnit { id: to.clone() }));
        }
    }
    let unit = units
        .get_mut(&from)
        .ok_or_else(|| table.error(row, "code", BuildErrorKind::UnknownUnit { id: from.clone() }))?;
    unit.successors.extend(to);
    unit.change = Some(change.to_string());
    Ok(())
}

fn link_2013_2020(units: &mut Units, table: &Table) -> Result<(), BuildError> {
    for row in &table.rows {
        let code = table.get(row, "code")?;
        let next = table.get(row, "code_2020")?;
        let status = status_word(table.get(row, "status_2020")?).to_string();
        if next.is_empty() || status.is_empty() {
            return Err(table.error(
                row,
                "code_2020",
                BuildErrorKind::Invalid("every 2013 unit must be linked".into()),
            ));
        }
        set_link(units, table, row, unit_id(code, "2013"), Some(unit_id(next, "2020")), &status)?;
    }
    Ok(())
}

fn link_2020_2025(units: &mut Units, table: &Table) -> Result<(), BuildError> {
    let mut absorbed_by: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut abolished = Vec::new();
    for row in &table.rows {
        let code = table.get(row, "code")?;
        let next = table.get(row, "code_2025_01")?;
        let status = status_word(table.get(row, "status_2025_01")?).to_string();
        if status == "merged" {
            absorbed_by.entry(next.to_string()).or_default().push(code.to_string());
        }
        if next.is_empty() {
            if status != "abolished" || table.get(row, "level")? != "district" {
                return Err(table.error(
                    row,
                    "code_2025_01",
                    BuildErrorKind::Invalid("only an abolished district may lack a successor code".into()),
                ));
            }
            abolished.push(code.to_string());
            set_link(units, table, row, unit_id(code, "2020"), None, &status)?;
        } else {
            set_link(units, table, row, unit_id(code, "2020"), Some(unit_id(next, "2025-01")), &status)?;
        }
    }
    // `absorbed_2025_01` must list exactly the units merged into each unit.
    for row in &table.rows {
        let code = table.get(row, "code")?;
        let listed: Vec<String> =
            table.get(row, "absorbed_2025_01")?.split(';').filter(|s| !s.is_empty()).map(str::to_string).collect();
        let merged = absorbed_by.get(code).cloned().unwrap_or_default();
        if listed != merged {
            return Err(table.error(
                row,
                "absorbed_2025_01",
                BuildErrorKind::Invalid(format!("lists {listed:?}, but the units merged into it are {merged:?}")),
            ));
        }
    }
    // An abolished district's successors are the districts its communes went to.
    for code in abolished {
        let id = unit_id(&code, "2020");
        let mut to: Vec<String> = Vec::new();
        for u in units.list.iter().filter(|u| u.parent.as_deref() == Some(id.as_str())) {
            for s in &u.successors {
                if let Some(p) = units.get(s).and_then(|s| s.parent.clone()) {
                    if !to.contains(&p) {
                        to.push(p);
                    }
                }
            }
        }
        units.get_mut(&id).expect("linked above").successors = to;
    }
    Ok(())
}

fn link_2025_07(units: &mut Units, table: &Table) -> Result<(), BuildError> {
    for row in &table.rows {
        let old = unit_id(table.get(row, "old_code")?, "2025-01");
        let new = unit_id(table.get(row, "new_code")?, "2025-07");
        if units.get(&old).is_some_and(|u| !u.successors.is_empty()) {
            return Err(table.error(row, "old_code", BuildErrorKind::Invalid(format!("{old} is mapped twice"))));
        }
        set_link(units, table, row, old, Some(new), "reorganised")?;
    }
    for u in units.list.iter_mut().filter(|u| u.period.as_deref() == Some("2025-01")) {
        match u.level {
            Level::District => u.change = Some("abolished".to_string()),
            _ if u.successors.is_empty() => {
                return Err(BuildError {
                    file: table.path.clone(),
                    line: None,
                    column: Some("old_code".into()),
                    kind: BuildErrorKind::Invalid(format!("{} has no July 2025 successor", u.id)),
                })
            }
            _ => {}
        }
    }
    Ok(())
}

fn fill_predecessors(units: &mut Units) {
    let links: Vec<(String, String)> =
        units.list.iter().flat_map(|u| u.successors.iter().map(|s| (s.clone(), u.id.clone()))).collect();
    for (to, from) in links {
        if let Some(u) = units.get_mut(&to) {
            u.predecessors.push(from);
        }
    }
}

fn fill_lineages(units: &mut Units) {
    for i in 0..units.list.len() {
        let u = &units.list[i];
        let continued = (u.period.as_deref() != Some("2025-07"))
            .then(|| {
                u.predecessors
                    .iter()
                    .filter_map(|p| units.get(p))
                    .find(|p| p.code == u.code && p.change.as_deref().is_some_and(|c| CONTINUING.contains(&c)))
            })
            .flatten()
            .map(|p| p.lineage.clone());
        let own = u.id.clone();
        units.list[i].lineage = continued.unwrap_or(own);
    }
}
