//! The `tag-features` setting: each tag becomes a cargo feature of the generated crate, and every
//! operation and type learns the features that compile it, so a user who enables one tag compiles only
//! that tag's operations and the types they reach.

use std::collections::BTreeSet;

use super::model::{FeatureGate, Operation, TagFeature, TypeDef, TypeId, TypeKind, TypeRef, Webhooks};
use crate::naming::{NameScope, feature_name};

/// The feature of operations that have no tags.
pub const UNTAGGED: &str = "untagged";

/// The feature of the `webhooks` module (the emitter declares it), which also compiles the payload types.
const WEBHOOKS: &str = "webhooks";

/// Names the crate's manifest already uses, which no tag may take.
const RESERVED: &[&str] = &["default", "middleware", WEBHOOKS, UNTAGGED];

/// Names the tag features and sets [`Operation::features`] and [`TypeDef::features`]: an operation is
/// compiled under the features of its tags (`untagged` without tags); a type under every feature of the
/// operations and types that use it. Webhook payloads are compiled under `webhooks` (always in a
/// types-only crate, which has no such feature), and types nothing uses are always compiled.
pub fn assign(
    operations: &mut [Operation],
    types: &mut [TypeDef],
    webhooks: Option<&mut Webhooks>,
    types_only: bool,
) -> Vec<TagFeature> {
    let tags: BTreeSet<&str> =
        operations.iter().flat_map(|operation| operation.tags.iter().map(String::as_str)).collect();
    let mut scope = NameScope::with_reserved(RESERVED);
    let mut features: Vec<TagFeature> = tags
        .into_iter()
        .map(|tag| TagFeature {
            name: scope.claim(&feature_name(tag, "tag")),
            tag: Some(tag.to_owned()),
            operations: 0,
        })
        .collect();
    if operations.iter().any(|operation| operation.tags.is_empty()) {
        features.push(TagFeature { name: UNTAGGED.to_owned(), tag: None, operations: 0 });
    }
    features.sort_by(|a, b| a.name.cmp(&b.name));
    for operation in operations.iter_mut() {
        let names: Vec<String> = features
            .iter_mut()
            .filter(|feature| match &feature.tag {
                Some(tag) => operation.tags.contains(tag),
                None => operation.tags.is_empty(),
            })
            .map(|feature| {
                feature.operations += 1;
                feature.name.clone()
            })
            .collect();
        operation.features = Some(names);
    }
    gate_types(operations, types, webhooks, types_only);
    features
}

/// What a type needs: nothing yet, some features, or to be compiled always.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Need {
    Features(BTreeSet<String>),
    Always,
}

/// Spreads each root's gate through the types it reaches: a type ends up with the union of its users'
/// features, or always compiled when an always-compiled root reaches it.
fn gate_types(operations: &mut [Operation], types: &mut [TypeDef], webhooks: Option<&mut Webhooks>, types_only: bool) {
    let edges: Vec<Vec<TypeId>> = types.iter_mut().map(references_of).collect();
    let mut needs: Vec<Option<Need>> = vec![None; types.len()];
    // Roots sharing one gate are walked together: one walk per distinct gate, each type visited once per walk.
    let mut roots: Vec<(Need, Vec<TypeId>)> = Vec::new();
    let mut add_root = |need: Need, ids: Vec<TypeId>| match roots.iter_mut().find(|(gate, _)| *gate == need) {
        Some((_, pending)) => pending.extend(ids),
        None => roots.push((need, ids)),
    };
    for operation in operations.iter_mut() {
        let gate = operation.features.iter().flatten().cloned().collect();
        let mut ids = Vec::new();
        operation.for_each_id_mut(&mut |id| ids.push(*id));
        add_root(Need::Features(gate), ids);
    }
    if let Some(webhooks) = webhooks {
        let mut ids = Vec::new();
        webhooks.for_each_id_mut(&mut |id| ids.push(*id));
        let need = if types_only { Need::Always } else { Need::Features(BTreeSet::from([WEBHOOKS.to_owned()])) };
        add_root(need, ids);
    }
    for (need, pending) in roots {
        spread(&need, pending, &edges, &mut needs);
    }
    // Types nothing uses are compiled always, and so is everything they use; an alias keeping a former
    // name is compiled with the type it names.
    let unused = (0..types.len()).filter(|&id| needs[id].is_none() && !types[id].former_name).map(TypeId).collect();
    spread(&Need::Always, unused, &edges, &mut needs);
    for (id, def) in types.iter().enumerate() {
        if let (true, TypeKind::Alias(TypeRef::Named(target))) = (def.former_name, &def.kind) {
            needs[id] = needs[target.0].clone();
        }
    }
    for (def, need) in types.iter_mut().zip(needs) {
        def.features = match need {
            Some(Need::Features(features)) => Some(features.into_iter().collect()),
            Some(Need::Always) | None => None,
        };
    }
}

/// Adds `need` to every type reachable from `pending`.
fn spread(need: &Need, mut pending: Vec<TypeId>, edges: &[Vec<TypeId>], needs: &mut [Option<Need>]) {
    let mut seen = vec![false; needs.len()];
    while let Some(id) = pending.pop() {
        if std::mem::replace(&mut seen[id.0], true) {
            continue;
        }
        needs[id.0] = Some(match (needs[id.0].take(), need) {
            (Some(Need::Always), _) | (_, Need::Always) => Need::Always,
            (None, Need::Features(features)) => Need::Features(features.clone()),
            (Some(Need::Features(mut have)), Need::Features(features)) => {
                have.extend(features.iter().cloned());
                Need::Features(have)
            }
        });
        pending.extend(edges[id.0].iter().copied());
    }
}

fn references_of(def: &mut TypeDef) -> Vec<TypeId> {
    let mut ids = Vec::new();
    def.for_each_id_mut(&mut |id| ids.push(*id));
    ids
}

/// The gate of an item every one of `users` needs (a helper shared by several types): the union of
/// their features, `None` when one of them is always compiled or when there are none.
pub fn union_of<'a>(users: impl IntoIterator<Item = &'a FeatureGate>) -> FeatureGate {
    let mut names = BTreeSet::new();
    let mut any = false;
    for gate in users {
        any = true;
        names.extend(gate.as_ref()?.iter().cloned());
    }
    any.then(|| names.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_of_gates() {
        let a: FeatureGate = Some(vec!["pets".into()]);
        let b: FeatureGate = Some(vec!["pets".into(), "store".into()]);
        assert_eq!(union_of([&a, &b]), Some(vec!["pets".to_owned(), "store".to_owned()]));
        assert_eq!(union_of([&a, &None]), None);
        assert_eq!(union_of([]), None);
    }
}
