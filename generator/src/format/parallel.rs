//! Formatting the items of the large modules on several threads. Each thread takes the next chunk of
//! items, makes their tokens (token streams cannot cross threads) and formats them; the texts are joined
//! in chunk order, so the output is the same whatever the number of threads or the order they finish in.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use proc_macro2::TokenStream;

use crate::emit::ItemSource;
use crate::error::Error;

/// Items formatted at a time: enough to amortise the per-call cost, few enough to keep memory flat and
/// the threads evenly loaded.
const CHUNK_ITEMS: usize = 64;

/// More threads than this gain little (the large modules have a few hundred chunks) and each holds a
/// chunk's syntax tree.
const MAX_THREADS: usize = 8;

/// The threads to format with by default: the available cores, up to [`MAX_THREADS`].
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(MAX_THREADS)
}

/// CPU time the threads spent making tokens and formatting them, summed over threads.
#[derive(Clone, Copy, Debug, Default)]
pub struct WorkTimes {
    /// Making the items' tokens.
    pub emit: Duration,
    /// Parsing and printing them.
    pub format: Duration,
}

impl std::ops::AddAssign for WorkTimes {
    fn add_assign(&mut self, other: Self) {
        self.emit += other.emit;
        self.format += other.format;
    }
}

/// One chunk: a module (its position in the list) and a range of its items.
struct Job {
    module: usize,
    items: Range<usize>,
}

/// The formatted text of every module's items, in item order, with `threads` threads (this one
/// included); `alongside` runs on this thread first, while the others start on the chunks.
pub fn format_items<R>(
    modules: &[(&str, &ItemSource<'_>)],
    threads: usize,
    alongside: impl FnOnce() -> R,
) -> (R, Result<Vec<String>, Error>, WorkTimes) {
    let jobs: Vec<Job> = modules
        .iter()
        .enumerate()
        .flat_map(|(module, (_, source))| {
            (0..source.count)
                .step_by(CHUNK_ITEMS)
                .map(move |start| Job { module, items: start..(start + CHUNK_ITEMS).min(source.count) })
        })
        .collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        let mut times = WorkTimes::default();
        while let Some(job) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
            let (path, source) = modules[job.module];
            let started = Instant::now();
            let mut tokens = TokenStream::new();
            for index in job.items.clone() {
                tokens.extend((source.item)(index));
            }
            let emitted = Instant::now();
            let text = super::unparse(path, tokens);
            times.emit += emitted - started;
            times.format += emitted.elapsed();
            done.push((job.items.start, job.module, text));
        }
        (done, times)
    };
    let helpers = threads.max(1).min(jobs.len().max(1)) - 1;
    let (result, mut done, times) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..helpers).map(|_| scope.spawn(&work)).collect();
        let result = alongside();
        let (mut done, mut times) = work();
        for handle in handles {
            let (theirs, their_times) = handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            done.extend(theirs);
            times += their_times;
        }
        (result, done, times)
    });
    done.sort_by_key(|(start, module, _)| (*module, *start));
    let mut texts = vec![String::new(); modules.len()];
    let mut failure = None;
    for (_, module, text) in done {
        match text {
            Ok(text) => texts[module].push_str(&text),
            Err(error) => {
                failure.get_or_insert(error);
            }
        }
    }
    (result, failure.map_or(Ok(texts), Err), times)
}
