//! Builds the bundled dataset from the raw files in `data/raw/` (unit lists of every period, the 2025 mapping,
//! district flags, `figures.csv`) and the curated indicator metadata.
