//! The map view: time stops, the administrative period each stop shows, the choropleth's view model ([`MapData`])
//! and its ECharts option ([`map_option`]). Pure, no browser: the app loads the boundaries (one GeoJSON file per
//! period and level, named like [`MapData::map`], every feature carrying `properties.id` = the unit id, listed in
//! [`GeoIndex`]) and registers them with ECharts under that name.
//!
//! - A time stop is a year, except 2025, which is split in two: `2025-H1` shows the 412 communes of January–June
//!   2025 and `2025-H2` the 130 communes formed on 1 July 2025. A figure belongs to a stop when its reference
//!   period ends inside the stop ([`figure_in_stop`]); the map shows the administrative period in force at the end
//!   of the stop ([`admin_period_at`]). See [`stops`].
//! - Each region is one unit record of that period ([`regions`]). A figure attached to a record of another period
//!   is never drawn on a map it does not belong to: it is listed in [`MapData::notices`] instead ([`notices`]).
//! - Colours are decided here, not by an ECharts `visualMap`: numbers fall into "nice" classes
//!   ([`legend_breaks`]) coloured on a light-to-dark blue ramp, categories take
//!   [`crate::charts::CATEGORY_COLORS`] in the indicator's order. The app draws the legend in HTML from
//!   [`MapData::legend`] ([`legend`]).
//! - Carry mode (July 2025 map only, [`MapData::offers_carry`]): a new commune without its own figure shows the sum
//!   of its predecessors' counts when every predecessor has a figure for one same reference period. Percentages,
//!   ratings and yes/no facts are never added up ([`carry`]).
//! - From the keyboard, a list of the regions under the map ([`MapData::pickable`]) moves the highlight and
//!   activates a region as a click does ([`activate_on_map`]).
//! - A drill-down into a district zooms on its communes, with the boxes of [`GeoIndex`] ([`index`], [`option`]).
//!
//! Everything public is re-exported here: `chiso_core::map::map_data`, `chiso_core::map::GeoIndex`, …

pub mod carry;
pub mod index;
pub mod legend;
pub mod notices;
pub mod option;
pub mod regions;
pub mod stops;
#[cfg(test)]
mod test_support;

pub use index::{focus_box, zoom, BBox, GeoIndex, GeoIndexEntry, Zoom};
pub use legend::{
    legend_breaks, MapLegend, MAP_CLASSES, NOT_COMPARABLE_COLOR, NO_DATA_COLOR, OUTSIDE_FOCUS_COLOR, SEQUENTIAL_COLORS,
};
pub use notices::MAX_NOTICES;
pub use option::{figures_on_map, map_chart, map_option, zoomed_map_option, EMPHASIS_COLOR};
pub use regions::{activate_on_map, map_data, MapData, Region, RegionValue, PROVINCE_BBOX};
pub use stops::{admin_period_at, default_stop, figure_in_stop, normalise_stop, stop_label, stops_showing, time_stops};
