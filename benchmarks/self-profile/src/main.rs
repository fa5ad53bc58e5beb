//! Sums a rustc self-profile (`-Z self-profile -Z self-profile-events=default,args`, nightly) of a
//! generated crate per query and per kind of item, so that a change to what the generator emits can be
//! judged by where the compiler's time goes rather than by a wall-clock time that varies by 20% from run
//! to run on a shared machine.
//!
//! Usage: `cargo run --release -- PROFILE.mm_profdata [CRATE_NAME]` (crate name default `fresh_check`,
//! as `fresh-check.sh` names it). Prints the 30 costliest queries, then the 60 costliest groups of type
//! checking, borrow checking and well-formedness checking, summed over items grouped by module and
//! function name (`types::from_object` sums every struct's decoder; setters are grouped as `with_*`).

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

/// Queries whose cost is attributed to the item they check.
const PER_ITEM: [&str; 3] = ["typeck_root", "mir_borrowck", "check_well_formed"];

fn main() {
    let mut arguments = std::env::args().skip(1);
    let Some(profile) = arguments.next() else {
        eprintln!("usage: self-profile-summary PROFILE.mm_profdata [CRATE_NAME]");
        std::process::exit(2);
    };
    let crate_name = arguments.next().unwrap_or_else(|| "fresh_check".to_owned());
    let data = match analyzeme::ProfilingData::new(Path::new(&profile)) {
        Ok(data) => data,
        Err(error) => {
            eprintln!("{profile}: not a readable self-profile: {error}");
            std::process::exit(1);
        }
    };
    let mut by_query: HashMap<String, Duration> = HashMap::new();
    let mut by_group: HashMap<(String, String), (Duration, usize)> = HashMap::new();
    for event in data.iter_full() {
        let Some(duration) = event.duration() else { continue };
        let label = event.label.to_string();
        if PER_ITEM.contains(&label.as_str())
            && let Some(group) = event.additional_data.first().and_then(|item| group_of(item, &crate_name))
        {
            let entry = by_group.entry((label.clone(), group)).or_default();
            entry.0 += duration;
            entry.1 += 1;
        }
        *by_query.entry(label).or_default() += duration;
    }
    let mut queries: Vec<_> = by_query.into_iter().collect();
    queries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    println!("| query (inclusive of nested queries) | ms |\n| --- | ---: |");
    for (label, duration) in queries.iter().take(30) {
        println!("| {label} | {:.0} |", duration.as_secs_f64() * 1e3);
    }
    let mut groups: Vec<_> = by_group.into_iter().collect();
    groups.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(&b.0)));
    println!("\n| query | items | count | ms |\n| --- | --- | ---: | ---: |");
    for ((label, group), (duration, count)) in groups.iter().take(60) {
        println!("| {label} | {group} | {count} | {:.0} |", duration.as_secs_f64() * 1e3);
    }
}

/// `module::function` for an item of the crate (`types::from_object`), `module::<impl>` for an impl
/// block itself; `None` for items of other crates.
fn group_of(item: &str, crate_name: &str) -> Option<String> {
    let path = item.strip_prefix(crate_name)?.strip_prefix("::")?;
    let segments: Vec<&str> = path.split("::").collect();
    let module = segments.first()?;
    let name = segments.iter().skip(1).rev().find(|segment| !segment.starts_with('{')).copied();
    let name = match name {
        Some(name) if name.starts_with("with_") => "with_*",
        Some(name) => name,
        None => "<impl>",
    };
    Some(format!("{module}::{name}"))
}
