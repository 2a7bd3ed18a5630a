//! A synthetic dataset at real scale, for tests and benchmarks: the real administrative units (every name marked
//! "tổng hợp"), 40 invented indicators of every measure, one invented source, and a figure for every indicator,
//! district, commune and the province in every year 2000–2024 (≈ 500,000 observations), from a seeded generator.
//!
//! It is marked `synthetic: true` (the app shows a banner), every indicator, source and sentence says it is
//! synthetic, and it is never part of the published bundle: the data tool writes it under `target/` only.
//!
//! Years up to 2019 use the records of the 2013 list (which have no start date), later years those of the 2020
//! list, so every figure's unit is in force for its whole year. Counts of a district and of the province are the
//! sums of their communes, and `synthetic_01` is the sum of its exhaustive parts `synthetic_02` and `synthetic_03`,
//! so the dataset passes [`chiso_core::validate::validate`].

use chiso_core::model::{
    Category, Dataset, Indicator, Level, Localized, Measure, Observation, Parts, Source, Theme, Value,
};
use chiso_core::period::RefPeriod;
use std::collections::HashMap;

/// Number of invented indicators.
pub const INDICATORS: usize = 40;

/// First and last year of the figures.
pub const YEARS: (i32, i32) = (2000, 2024);

/// Id of the single invented source and of the theme.
pub const SYNTHETIC_ID: &str = "synthetic";

/// Added to every unit's name and short name.
pub const UNIT_MARK: &str = " (tổng hợp)";

/// The sentence of every figure.
pub const SENTENCE: &str = "Số liệu tổng hợp (synthetic), không có thật.";

/// A small seeded generator (SplitMix64): same seed, same numbers, on every platform.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A whole number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// Measure of the synthetic indicator numbered `n` (1-based): 16 counts, 16 percents, 4 categories, 4 flags.
pub fn measure_of(n: usize) -> Measure {
    match n {
        1..=16 => Measure::Count,
        17..=32 => Measure::Percent,
        33..=36 => Measure::Category,
        _ => Measure::Flag,
    }
}

fn indicator_id(n: usize) -> String {
    format!("synthetic_{n:02}")
}

const CATEGORY_CODES: [&str; 4] = ["A", "B", "C", "D"];

fn indicators() -> Vec<Indicator> {
    (1..=INDICATORS)
        .map(|n| {
            let measure = measure_of(n);
            Indicator {
                id: indicator_id(n),
                theme: SYNTHETIC_ID.to_string(),
                measure,
                name: Localized::new(format!("Chỉ số tổng hợp {n:02}"), format!("Synthetic indicator {n:02}")),
                description: Localized::new(
                    "Chỉ số tổng hợp, không có thật, để thử nghiệm.",
                    "A synthetic indicator, not real, for testing.",
                ),
                higher_is_better: (measure != Measure::Flag).then_some(n % 2 == 0),
                categories: if measure == Measure::Category {
                    CATEGORY_CODES
                        .iter()
                        .map(|c| Category {
                            code: c.to_string(),
                            label: Localized::new(format!("Loại {c} (tổng hợp)"), format!("Class {c} (synthetic)")),
                            short: Localized::new(format!("Loại {c}"), format!("Class {c}")),
                        })
                        .collect()
                } else {
                    vec![]
                },
                parts: (n == 1).then(|| Parts { of: vec![indicator_id(2), indicator_id(3)], exhaustive: true }),
            }
        })
        .collect()
}

/// The synthetic dataset for `seed`, on the units and periods of `base` (the built real dataset).
pub fn generate(base: &Dataset, seed: u64) -> Dataset {
    let mut rng = SplitMix64::new(seed);
    let units: Vec<_> = base
        .units
        .iter()
        .map(|u| {
            let mut u = u.clone();
            u.name.push_str(UNIT_MARK);
            u.short_name.push_str(UNIT_MARK);
            u.flags.clear();
            u
        })
        .collect();
    let province = units.iter().find(|u| u.level == Level::Province).map(|u| u.id.clone()).unwrap_or_default();
    // Districts and their communes of the two lists used, in dataset order.
    let list = |period: &str| -> Vec<(String, Vec<String>)> {
        units
            .iter()
            .filter(|d| d.level == Level::District && d.period.as_deref() == Some(period))
            .map(|d| {
                let communes = units
                    .iter()
                    .filter(|c| c.level == Level::Commune && c.parent.as_deref() == Some(d.id.as_str()))
                    .map(|c| c.id.clone())
                    .collect();
                (d.id.clone(), communes)
            })
            .collect()
    };
    let lists = [list("2013"), list("2020")];
    let indicators = indicators();
    // A base size per indicator and a base level per commune lineage and indicator, so series move smoothly.
    let scale: Vec<f64> = (0..INDICATORS).map(|_| 5.0 + rng.below(200) as f64).collect();
    let mut level_of: HashMap<(usize, String), f64> = HashMap::new();
    let mut lineage: HashMap<&str, &str> = HashMap::new();
    for u in &units {
        lineage.insert(&u.id, &u.lineage);
    }
    let mut observations = Vec::with_capacity(500_000);
    let mut push = |indicator: usize, unit: &str, year: i32, value: Value| {
        observations.push(Observation {
            id: (observations.len() + 1).to_string(),
            indicator: indicator_id(indicator).into(),
            unit: unit.to_string().into(),
            period: RefPeriod::Year(year),
            approximate: false,
            period_text: None,
            value,
            bound: None,
            source: SYNTHETIC_ID.to_string().into(),
            sentence: SENTENCE.to_string().into(),
            sentence_language: "vi".to_string().into(),
            unit_text: None,
            scope: None,
            note: None,
            derived: None,
        });
    };
    for year in YEARS.0..=YEARS.1 {
        let districts = &lists[usize::from(year >= 2020)];
        let t = (year - YEARS.0) as f64;
        // Counts of every commune for this year, per indicator (1-based index), parts before their total.
        for n in 1..=INDICATORS {
            let measure = measure_of(n);
            let mut province_sum = 0.0;
            for (district, communes) in districts {
                let mut district_sum = 0.0;
                for c in communes {
                    let key = (n, lineage.get(c.as_str()).copied().unwrap_or(c).to_string());
                    let base_level = *level_of.entry(key).or_insert_with(|| rng.unit());
                    let value = match measure {
                        Measure::Count if n == 1 => Value::Number(0.0), // filled from its parts below
                        Measure::Count => {
                            let v = (scale[n - 1] * (0.5 + base_level) * (1.0 + 0.02 * t) * (0.9 + 0.2 * rng.unit()))
                                .round();
                            district_sum += v;
                            Value::Number(v)
                        }
                        Measure::Percent => {
                            let v = (100.0 * base_level + 1.5 * t + 10.0 * (rng.unit() - 0.5)).clamp(0.0, 100.0);
                            Value::Number((v * 10.0).round() / 10.0)
                        }
                        Measure::Category => {
                            let i = ((base_level * 3.0 + rng.unit()) as usize).min(3);
                            Value::Category(CATEGORY_CODES[i].to_string())
                        }
                        Measure::Flag => Value::Number(if base_level + 0.2 * rng.unit() > 0.6 { 1.0 } else { 0.0 }),
                    };
                    push(n, c, year, value);
                }
                let value = match measure {
                    Measure::Count => Value::Number(district_sum),
                    Measure::Percent => Value::Number((rng.unit() * 1000.0).round() / 10.0),
                    Measure::Category => Value::Category(CATEGORY_CODES[rng.below(4) as usize].to_string()),
                    Measure::Flag => Value::Number(rng.below(2) as f64),
                };
                province_sum += district_sum;
                push(n, district, year, value);
            }
            let value = match measure {
                Measure::Count => Value::Number(province_sum),
                Measure::Percent => Value::Number((rng.unit() * 1000.0).round() / 10.0),
                Measure::Category => Value::Category(CATEGORY_CODES[rng.below(4) as usize].to_string()),
                Measure::Flag => Value::Number(rng.below(2) as f64),
            };
            push(n, &province, year, value);
        }
    }
    // synthetic_01 = synthetic_02 + synthetic_03 for every unit and year: the figures of one year are laid out
    // indicator by indicator in the same unit order, so the three blocks line up.
    let per_year: Vec<usize> = (YEARS.0..=YEARS.1)
        .map(|y| {
            let districts = &lists[usize::from(y >= 2020)];
            1 + districts.iter().map(|(_, c)| 1 + c.len()).sum::<usize>()
        })
        .collect();
    let mut start = 0;
    for block in per_year {
        for i in 0..block {
            let sum = [1, 2].iter().filter_map(|k| observations[start + k * block + i].value.as_number()).sum();
            observations[start + i].value = Value::Number(sum);
        }
        start += block * INDICATORS;
    }
    Dataset {
        schema: None,
        schema_version: base.schema_version,
        published: None,
        synthetic: true,
        periods: base.periods.clone(),
        units,
        themes: vec![Theme {
            id: SYNTHETIC_ID.to_string(),
            name: Localized::new("Tổng hợp (dữ liệu giả)", "Synthetic (invented data)"),
        }],
        indicators,
        sources: vec![Source {
            id: SYNTHETIC_ID.to_string(),
            title: "Nguồn tổng hợp: dữ liệu giả để thử nghiệm (synthetic source)".to_string(),
            title_derived: false,
            note: None,
            publisher: "Chỉ số (tổng hợp / synthetic)".to_string(),
            date: "2026".to_string(),
            url: None,
            file: None,
            language: "vi".to_string(),
        }],
        observations,
    }
}
