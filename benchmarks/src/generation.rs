//! Generation time by stage for our spec and GitHub's, against the time to parse the same file into a
//! `serde_json::Value` (the floor any generator pays).

use std::path::Path;
use std::time::{Duration, Instant};

use openapi_client_gen::{Settings, StageTimings, generate, load};

use crate::measure::{median, ms};

struct Breakdown {
    load: Duration,
    stages: StageTimings,
    write: Duration,
    total: Duration,
    floor: Duration,
    operations: usize,
    types: usize,
}

fn breakdown(spec: &Path, runs: usize) -> Breakdown {
    let text = std::fs::read_to_string(spec).expect("spec readable");
    let floor = median(runs, || {
        let value: serde_json::Value = if text.trim_start().starts_with('{') {
            serde_json::from_str(&text).expect("JSON")
        } else {
            let loaded = load::load_str(&text, "spec").expect("loads");
            loaded.raw
        };
        std::hint::black_box(value);
    });
    let out = tempdir();
    let mut samples = Vec::new();
    for _ in 0..=runs {
        let started = Instant::now();
        let loaded = load::load_path(spec).expect("spec loads");
        let load_time = started.elapsed();
        let generated = generate(&loaded, &Settings::default()).expect("generates");
        let before_write = Instant::now();
        // A fresh directory each time: the write stage should write, not skip unchanged files.
        let _ = std::fs::remove_dir_all(&out);
        generated.files.write(&out).expect("writes");
        let write = before_write.elapsed();
        samples.push((
            started.elapsed(),
            load_time,
            generated.timings,
            write,
            generated.operation_count,
            generated.type_count,
        ));
    }
    samples.remove(0);
    samples.sort_by_key(|sample| sample.0);
    let (total, load, stages, write, operations, types) = samples[samples.len() / 2];
    Breakdown { load, stages, write, total, floor, operations, types }
}

fn tempdir() -> std::path::PathBuf {
    let dir = crate::workspace().join("target/bench/generation-out");
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

pub fn run() {
    let ours = crate::workspace().join("spec/checkout-sessions.yaml");
    let github = crate::github_spec();
    println!("\n### Generation, in process (median of runs after a warm-up)\n");
    println!(
        "| spec | size | operations | types | load | IR | emit | format | write | total | JSON parse floor | total / floor |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (name, spec, runs) in [("checkout-sessions.yaml", &ours, 21), ("api.github.com.json", &github, 5)] {
        let b = breakdown(spec, runs);
        let size = std::fs::metadata(spec).map(|m| m.len()).unwrap_or(0);
        println!(
            "| {name} | {:.1} MB | {} | {} | {} ms | {} ms | {} ms | {} ms | {} ms | **{} ms** | {} ms | {:.1}x |",
            size as f64 / 1e6,
            b.operations,
            b.types,
            ms(b.load),
            ms(b.stages.ir),
            ms(b.stages.emit),
            ms(b.stages.format),
            ms(b.write),
            ms(b.total),
            ms(b.floor),
            b.total.as_secs_f64() / b.floor.as_secs_f64(),
        );
    }
    println!(
        "\nThe floor parses the JSON text into `serde_json::Value` (for the YAML spec: our YAML load to a value)."
    );
}
