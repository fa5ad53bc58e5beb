//! How generation time and peak memory grow with the spec: each size runs in a fresh process (this
//! binary again, `scaling-point N`) so that its peak resident memory is its own.

use std::time::Instant;

use openapi_client_gen::{Settings, generate, load};

use crate::measure::{fitted_exponent, median, ms, peak_rss};

const SIZES: &[usize] = &[10, 100, 1_000, 10_000];

/// One size: prints `n bytes median_ns peak_bytes` for the parent to collect.
pub fn point(n: usize) {
    let text = crate::synthetic::spec(n);
    let runs = if n >= 10_000 {
        3
    } else if n >= 1_000 {
        5
    } else {
        15
    };
    let time = median(runs, || {
        let spec = load::load_str(&text, "synthetic.json").expect("loads");
        std::hint::black_box(generate(&spec, &Settings::default()).expect("generates"));
    });
    println!("{n} {} {} {}", text.len(), time.as_nanos(), peak_rss().unwrap_or(0));
}

pub fn run() {
    let exe = std::env::current_exe().expect("own path");
    let mut rows = Vec::new();
    for &n in SIZES {
        let started = Instant::now();
        let output = std::process::Command::new(&exe).args(["scaling-point", &n.to_string()]).output().expect("runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let line = String::from_utf8_lossy(&output.stdout);
        let fields: Vec<u64> = line.split_whitespace().filter_map(|field| field.parse().ok()).collect();
        let [_, bytes, nanos, peak] = fields[..] else { panic!("unexpected output `{line}`") };
        eprintln!("scaling: {n} operations measured in {:.1} s", started.elapsed().as_secs_f64());
        rows.push((n, bytes, nanos, peak));
    }
    println!("\n### Scaling (synthetic specs: n operations and n schemas)\n");
    println!(
        "| operations | spec size | generation (median) | per operation | peak memory (whole process) | peak / input |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: | ---: |");
    for &(n, bytes, nanos, peak) in &rows {
        println!(
            "| {n} | {:.2} MB | {} ms | {:.1} µs | {:.1} MB | {:.1}x |",
            bytes as f64 / 1e6,
            ms(std::time::Duration::from_nanos(nanos)),
            nanos as f64 / 1e3 / n as f64,
            peak as f64 / 1e6,
            peak as f64 / bytes as f64,
        );
    }
    let from_100: Vec<(f64, f64)> =
        rows.iter().filter(|row| row.0 >= 100).map(|row| (row.0 as f64, row.2 as f64)).collect();
    let memory: Vec<(f64, f64)> =
        rows.iter().filter(|row| row.0 >= 100).map(|row| (row.0 as f64, row.3 as f64)).collect();
    println!(
        "\nFitted exponent, 100 to 10,000 operations: time **{:.2}**, peak memory {:.2} (1.0 is linear).",
        fitted_exponent(&from_100),
        fitted_exponent(&memory)
    );
    let _ = ms;
}
