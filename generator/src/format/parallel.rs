//! Formatting the items of the large modules on several threads. Each thread takes the next chunk of
//! items, makes their tokens (token streams cannot cross threads) and formats them; the texts are joined
//! in chunk order, so the output is the same whatever the number of threads or the order they finish in.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use proc_macro2::TokenStream;

use crate::emit::{ItemSource, Piece};
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
    let assembly = Mutex::new(Assembly { texts: vec![String::new(); modules.len()], ..Assembly::default() });
    let work = || {
        let mut times = WorkTimes::default();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(index) else { break };
            let (path, source) = modules[job.module];
            let text = format_chunk(path, source, job.items.clone(), &mut times);
            let mut assembly = assembly.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            assembly.finished(&jobs, index, text);
        }
        times
    };
    let helpers = threads.max(1).min(jobs.len().max(1)) - 1;
    let (result, times) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..helpers).map(|_| scope.spawn(work)).collect();
        let result = alongside();
        let mut times = work();
        for handle in handles {
            times += handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        }
        (result, times)
    });
    let assembly = assembly.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    (result, assembly.failure.map_or(Ok(assembly.texts), Err), times)
}

/// The text of a chunk of items: runs of tokens pretty-printed together, members inside their impl
/// block, text pieces as they are.
fn format_chunk(
    path: &str,
    source: &ItemSource<'_>,
    items: Range<usize>,
    times: &mut WorkTimes,
) -> Result<String, Error> {
    let mut text = String::new();
    let mut tokens = TokenStream::new();
    let flush = |tokens: &mut TokenStream, text: &mut String, times: &mut WorkTimes| {
        if !tokens.is_empty() {
            let started = Instant::now();
            text.push_str(&super::unparse(path, std::mem::take(tokens))?);
            times.format += started.elapsed();
        }
        Ok::<(), Error>(())
    };
    for item in items {
        let started = Instant::now();
        let pieces = (source.item)(item);
        times.emit += started.elapsed();
        for piece in pieces {
            match piece {
                Piece::Tokens(more) => tokens.extend(more),
                Piece::Text(printed) => {
                    flush(&mut tokens, &mut text, times)?;
                    text.push_str(&printed);
                }
                Piece::Members(members) => {
                    flush(&mut tokens, &mut text, times)?;
                    let started = Instant::now();
                    super::unparse_members(path, members, &mut text)?;
                    times.format += started.elapsed();
                }
            }
        }
    }
    flush(&mut tokens, &mut text, times)?;
    Ok(text)
}

/// Chunk texts joined in job order as they arrive: a finished chunk waits only for the ones before it,
/// so the output is built once rather than held twice (chunks and joined text).
#[derive(Default)]
struct Assembly {
    texts: Vec<String>,
    waiting: BTreeMap<usize, Result<String, Error>>,
    next: usize,
    failure: Option<Error>,
}

impl Assembly {
    fn finished(&mut self, jobs: &[Job], index: usize, text: Result<String, Error>) {
        self.waiting.insert(index, text);
        while let Some(text) = self.waiting.remove(&self.next) {
            match text {
                Ok(text) => self.texts[jobs[self.next].module].push_str(&text),
                Err(error) => {
                    self.failure.get_or_insert(error);
                }
            }
            self.next += 1;
        }
    }
}
