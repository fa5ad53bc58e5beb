//! What a regeneration changes for callers: the Rust API two specs generate, compared item by item.
//!
//! Both specs go through the same IR stage with the same [`Settings`], so the comparison sees exactly the
//! types, fields, variants, methods and arguments the two crates would have. Each difference is a
//! [`Change`] located by the JSON pointer of its node (in the new spec, or in the old one for removals)
//! and judged [`Verdict::Breaking`] or [`Verdict::Compatible`] for code written against the old crate.
//!
//! The verdicts rest on what every generated crate guarantees: structs and enums are `#[non_exhaustive]`,
//! structs are built with `new(required fields..)` and `with_*` setters, enums and unions keep unknown
//! values in a fallback variant, and optional parameters are builder setters. So additions that callers
//! never have to name (an optional or nullable field, an enum value, a union variant, an operation, an
//! optional parameter) are compatible; anything removed, renamed or retyped, a new required non-nullable
//! field (it changes `new`) and a new required parameter (it changes the method's arguments) are
//! breaking. `cargo-semver-checks` (0.51) agrees on the compatibility fixtures, except that it has no lint
//! for a field whose type changed (breaking here), and that it warns when an enum value is added before
//! the fallback variant, since the derived `PartialOrd` order of `Unknown` moves (an order this promise
//! does not cover).

mod items;
mod operations;

use std::fmt;

use crate::error::Error;
use crate::ir::{self, Ir};
use crate::load::LoadedSpec;
use crate::pointer::JsonPointer;
use crate::settings::Settings;

/// Compares the Rust API that `old` and `new` generate with the same settings.
///
/// The version the bump is computed from is `settings.crate_version` (the version of the crate generated
/// from `old`). Either spec failing to load or convert is an error, as in [`generate`](crate::generate).
///
/// ```
/// use openapi_client_gen::{Settings, diff::{Verdict, diff}, load};
///
/// let old = load::load_str(
///     "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {type: object, required: [name], properties: {name: {type: string}}}\n",
///     "v1.yaml",
/// )?;
/// let new = load::load_str(
///     "openapi: 3.0.3\ninfo: {title: Pets, version: '2'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {type: object, required: [name], properties: {name: {type: string}, tag: {type: string}}}\n",
///     "v2.yaml",
/// )?;
/// let changes = diff(&old, &new, &Settings::default())?;
/// assert_eq!(changes.changes.len(), 1);
/// assert_eq!(changes.changes[0].verdict, Verdict::Compatible);
/// assert_eq!(changes.changes[0].pointer.to_string(), "#/components/schemas/Pet/properties/tag");
/// assert_eq!(changes.next_version().as_deref(), Some("0.1.1"));
/// # Ok::<(), openapi_client_gen::Error>(())
/// ```
pub fn diff(old: &LoadedSpec, new: &LoadedSpec, settings: &Settings) -> Result<ApiDiff, Error> {
    settings.validate()?;
    // Both are built before either is reported, so a caller sees the problems of both specs at once.
    let (old_ir, new_ir) = (ir::build(old, settings), ir::build(new, settings));
    let (old_ir, new_ir) = match (old_ir, new_ir) {
        (Ok(old_ir), Ok(new_ir)) => (old_ir, new_ir),
        (Err(Error::Spec(mut first)), Err(Error::Spec(second))) => {
            first.extend(second);
            return Err(Error::Spec(first));
        }
        (Err(error), _) | (_, Err(error)) => return Err(error),
    };
    let mut compare = Comparison {
        old: Side { ir: &old_ir, label: &old.label },
        new: Side { ir: &new_ir, label: &new.label },
        fallbacks: settings.unknown_variants,
        changes: Vec::new(),
    };
    compare.client_constructor();
    items::compare_types(&mut compare);
    if !settings.types_only {
        operations::compare_operations(&mut compare);
    }
    Ok(ApiDiff { changes: compare.changes, version: settings.crate_version.clone() })
}

/// Every difference between two generated APIs, and the version they were compared at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiDiff {
    /// The differences: types by name, then the client, then operations by method name.
    pub changes: Vec<Change>,
    /// The crate version of the old API (`crate-version`), from which the next one is computed.
    pub version: String,
}

/// One difference in the generated API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Whether code written against the old crate may stop compiling.
    pub verdict: Verdict,
    /// The spec the pointer is in: the new one, or the old one for what was removed.
    pub file: String,
    /// The node the change comes from.
    pub pointer: JsonPointer,
    /// What changed, naming the Rust items (`field `Pet::tag` added`).
    pub message: String,
}

/// What a change means for callers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// Code written against the old crate still compiles.
    Compatible,
    /// Code written against the old crate may no longer compile.
    Breaking,
}

/// Which part of the version a release has to increase under Cargo's semver rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// Nothing callers can see changed.
    None,
    /// `x.y.Z`.
    Patch,
    /// `x.Y.0`.
    Minor,
    /// `X.0.0`.
    Major,
}

impl ApiDiff {
    /// Whether any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|change| change.verdict == Verdict::Breaking)
    }

    /// The bump the changes need from [`ApiDiff::version`]. Cargo treats the leftmost non-zero component
    /// as the major one, so under `0.y` a breaking change is a minor bump and an addition a patch; under
    /// `0.0.z` every release is a patch bump (and incompatible for Cargo anyway).
    pub fn bump(&self) -> Bump {
        let (major, minor, _) = parse_version(&self.version).unwrap_or((1, 0, 0));
        let breaking = self.is_breaking();
        match (major, minor) {
            _ if self.changes.is_empty() => Bump::None,
            (0, 0) => Bump::Patch,
            (0, _) if breaking => Bump::Minor,
            (0, _) => Bump::Patch,
            _ if breaking => Bump::Major,
            _ => Bump::Minor,
        }
    }

    /// The version after [`ApiDiff::bump`]; `None` when nothing changed or the version is not `x.y.z`.
    pub fn next_version(&self) -> Option<String> {
        let (major, minor, patch) = parse_version(&self.version)?;
        Some(match self.bump() {
            Bump::None => return None,
            Bump::Patch => format!("{major}.{minor}.{}", patch + 1),
            Bump::Minor => format!("{major}.{}.0", minor + 1),
            Bump::Major => format!("{}.0.0", major + 1),
        })
    }

    /// The closing line: the verdict, the counts and the version bump.
    pub fn summary(&self) -> String {
        let breaking = self.changes.iter().filter(|change| change.verdict == Verdict::Breaking).count();
        let compatible = self.changes.len() - breaking;
        let bump = self.bump();
        let part = match bump {
            Bump::None => return "unchanged: the generated Rust API is the same; no version bump needed".to_owned(),
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        };
        let zero = match parse_version(&self.version) {
            Some((0, 0, _)) => " (under 0.0.z every release is incompatible for Cargo)",
            Some((0, _, _)) if breaking > 0 => " (under 0.x a breaking change is a minor bump)",
            Some((0, _, _)) => " (under 0.x an addition is a patch bump)",
            _ => "",
        };
        let target = match self.next_version() {
            Some(next) => format!(": {} -> {next}", self.version),
            None => format!(" of {}", self.version),
        };
        let verdict = if breaking > 0 { "breaking" } else { "compatible" };
        format!(
            "{verdict}: {breaking} breaking and {compatible} compatible change(s); needs a {part} version bump{target}{zero}"
        )
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = match self.verdict {
            Verdict::Breaking => "breaking  ",
            Verdict::Compatible => "compatible",
        };
        write!(f, "{verdict} {} at {}: {}", self.file, self.pointer, self.message)
    }
}

/// Every change on its own line, then [`ApiDiff::summary`].
impl fmt::Display for ApiDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for change in &self.changes {
            writeln!(f, "{change}")?;
        }
        write!(f, "{}", self.summary())
    }
}

/// `major.minor.patch`, ignoring pre-release and build suffixes.
fn parse_version(version: &str) -> Option<(u64, u64, u64)> {
    let core = version.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|part| part.parse::<u64>().ok());
    match (parts.next()??, parts.next()??, parts.next()??, parts.next()) {
        (major, minor, patch, None) => Some((major, minor, patch)),
        _ => None,
    }
}

/// One of the two APIs: its IR and the label of its spec.
struct Side<'a> {
    ir: &'a Ir,
    label: &'a str,
}

/// The two APIs and the changes found so far.
/// Pairs the items of the old and new API by name, in name order: `(name, old index, new index)`, with
/// `None` on the side an item is missing from.
fn pair_by_name<'a>(
    old: impl Iterator<Item = &'a str>,
    new: impl Iterator<Item = &'a str>,
) -> Vec<(&'a str, Option<usize>, Option<usize>)> {
    let mut pairs: std::collections::BTreeMap<&str, (Option<usize>, Option<usize>)> = Default::default();
    for (index, name) in old.enumerate() {
        pairs.entry(name).or_default().0 = Some(index);
    }
    for (index, name) in new.enumerate() {
        pairs.entry(name).or_default().1 = Some(index);
    }
    pairs.into_iter().map(|(name, (old, new))| (name, old, new)).collect()
}

struct Comparison<'a> {
    old: Side<'a>,
    new: Side<'a>,
    /// Whether enums and unions have a fallback variant (`unknown-variants`).
    fallbacks: bool,
    changes: Vec<Change>,
}

impl Comparison<'_> {
    /// A change located in the new spec.
    fn added(&mut self, verdict: Verdict, pointer: &JsonPointer, message: String) {
        let file = self.new.label.to_owned();
        self.changes.push(Change { verdict, file, pointer: pointer.clone(), message });
    }

    /// A change located in the old spec (what is no longer there).
    fn removed(&mut self, pointer: &JsonPointer, message: String) {
        let file = self.old.label.to_owned();
        self.changes.push(Change { verdict: Verdict::Breaking, file, pointer: pointer.clone(), message });
    }

    /// `Client::new` exists when the spec has an absolute server URL, and takes a key when requests
    /// authenticate.
    fn client_constructor(&mut self) {
        let signature = |ir: &Ir| {
            ir.api.default_base_url.as_ref().map(|_| if !ir.schemes.is_empty() { "new(api_key)" } else { "new()" })
        };
        let (before, after) = (signature(self.old.ir), signature(self.new.ir));
        let servers = JsonPointer::root().join("servers");
        match (before, after) {
            (Some(before), None) => {
                self.removed(&servers, format!("`Client::{before}` removed (no absolute server URL)"))
            }
            (None, Some(after)) => self.added(Verdict::Compatible, &servers, format!("`Client::{after}` added")),
            (Some(before), Some(after)) if before != after => self.added(
                Verdict::Breaking,
                &JsonPointer::root().join("security"),
                format!("`Client::{before}` became `Client::{after}`"),
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
