//! Folding types of identical structure into one: specs repeat inline shapes (GitHub's, hundreds of
//! times), and each copy costs its users compile time. The others' names stay, as `pub type` aliases of
//! the one kept, so code naming them still compiles.

use std::collections::HashMap;

use super::model::{Operation, TypeDef, TypeId, TypeKind, TypeRef, Webhooks};
use crate::pointer::JsonPointer;

/// Folds every group of structurally identical structs, enums and unions (same fields, variants and
/// wire names, referring to types that fold alike) into one, and makes the others aliases of it. The
/// one kept is a component schema when the group has one (a name the spec chose), then the one with the
/// shortest name, then the first in alphabetical order. Returns how many types became aliases.
pub fn fold_identical(types: &mut [TypeDef], operations: &mut [Operation], webhooks: Option<&mut Webhooks>) -> usize {
    let canonical = canonical_ids(types);
    let folded: Vec<usize> = (0..types.len()).filter(|&index| canonical[index] != TypeId(index)).collect();
    if folded.is_empty() {
        return 0;
    }
    let mut redirect = |id: &mut TypeId| *id = canonical[id.0];
    types.iter_mut().for_each(|def| def.for_each_id_mut(&mut redirect));
    operations.iter_mut().for_each(|operation| operation.for_each_id_mut(&mut redirect));
    if let Some(webhooks) = webhooks {
        webhooks.for_each_id_mut(&mut redirect);
    }
    for &index in &folded {
        let target = canonical[index];
        let note = format!("Same shape as [`{}`], which this name stands for.", types[target.0].name);
        let def = &mut types[index];
        def.docs = Some(match def.docs.take() {
            Some(docs) => format!("{docs}\n\n{note}"),
            None => note,
        });
        def.kind = TypeKind::Alias(TypeRef::Named(target));
        def.former_name = true;
    }
    folded.len()
}

/// The type each type folds into (itself when it has no twin): groups of identical shape are refined
/// until stable, starting from every type on its own, so only types whose references also fold are
/// folded (a cycle folds only with a cycle of the same shape found along the way).
fn canonical_ids(types: &mut [TypeDef]) -> Vec<TypeId> {
    // A type's shape is its skeleton (numbered once) and the types it refers to; only the references
    // change from one round to the next.
    let skeletons = skeletons(types);
    let components: Vec<bool> = types.iter().map(is_component).collect();
    let mut canonical: Vec<TypeId> = (0..types.len()).map(TypeId).collect();
    loop {
        let mut groups: HashMap<(usize, Vec<TypeId>), Vec<usize>> = HashMap::new();
        for (index, skeleton) in skeletons.iter().enumerate() {
            let Some((skeleton, references)) = skeleton else { continue };
            let references = references.iter().map(|&id| canonical[through_aliases(types, id).0]).collect();
            groups.entry((*skeleton, references)).or_default().push(index);
        }
        let mut next = canonical.clone();
        for members in groups.values().filter(|members| members.len() > 1) {
            let Some(&kept) = members.iter().min_by_key(|&&index| {
                let def = &types[index];
                (!components[index], def.name.len(), &def.name)
            }) else {
                continue;
            };
            members.iter().for_each(|&index| next[index] = TypeId(kept));
        }
        if next == canonical {
            return canonical;
        }
        canonical = next;
    }
}

/// Every type's structure with its references taken out: an index into the distinct shapes, and the
/// references in the order they appear. Two types have the same shape when both are equal.
///
/// Each type's field docs and locations and its references are set aside, so that what is left of its
/// kind hashes and compares as its shape, and put back once every shape is numbered; comparing copies
/// instead would cost GitHub's 7,500 types a clone each.
fn skeletons(types: &mut [TypeDef]) -> Vec<Option<(usize, Vec<TypeId>)>> {
    let set_aside: Vec<Option<SetAside>> = types.iter_mut().map(SetAside::take).collect();
    let mut shapes: HashMap<&TypeKind, usize> = HashMap::new();
    let numbered: Vec<Option<usize>> = types
        .iter()
        .zip(&set_aside)
        .map(|(def, aside)| {
            aside.as_ref()?;
            let next = shapes.len();
            Some(*shapes.entry(&def.kind).or_insert(next))
        })
        .collect();
    drop(shapes);
    types
        .iter_mut()
        .zip(set_aside)
        .zip(numbered)
        .map(|((def, aside), shape)| Some((shape?, aside?.put_back(def))))
        .collect()
}

/// What a type's shape leaves out: its fields' docs and locations, and the types it refers to.
struct SetAside {
    fields: Vec<(Option<String>, JsonPointer)>,
    references: Vec<TypeId>,
}

impl SetAside {
    /// Takes them out of `def`, every reference left as the same placeholder; `None` for aliases, which
    /// are not folded.
    fn take(def: &mut TypeDef) -> Option<Self> {
        if matches!(def.kind, TypeKind::Alias(_)) {
            return None;
        }
        let mut fields = Vec::new();
        if let TypeKind::Struct(struct_fields) = &mut def.kind {
            fields =
                struct_fields.iter_mut().map(|field| (field.docs.take(), std::mem::take(&mut field.pointer))).collect();
        }
        let mut references = Vec::new();
        def.for_each_id_mut(&mut |id| references.push(std::mem::replace(id, TypeId(0))));
        Some(SetAside { fields, references })
    }

    /// Puts them back, leaving `def` as it was, and returns the references in order.
    fn put_back(self, def: &mut TypeDef) -> Vec<TypeId> {
        let mut originals = self.references.iter();
        def.for_each_id_mut(&mut |id| {
            if let Some(&original) = originals.next() {
                *id = original;
            }
        });
        if let TypeKind::Struct(fields) = &mut def.kind {
            for (field, (docs, pointer)) in fields.iter_mut().zip(self.fields) {
                field.docs = docs;
                field.pointer = pointer;
            }
        }
        self.references
    }
}

/// Whether a type is a component schema's own (not derived from an inline schema or a union member).
fn is_component(def: &TypeDef) -> bool {
    def.pointer.escaped().strip_prefix("/components/schemas/").is_some_and(|name| !name.contains('/'))
}

/// The type an id names once aliases of named types are followed.
fn through_aliases(types: &[TypeDef], id: TypeId) -> TypeId {
    let mut current = id;
    for _ in 0..types.len() {
        match &types[current.0].kind {
            TypeKind::Alias(TypeRef::Named(next)) => current = *next,
            _ => break,
        }
    }
    current
}

#[cfg(test)]
mod tests {
    use crate::{Settings, generate, load};

    /// Two operations answering the same inline shape, a component of that shape, and one that differs.
    const SPEC: &str = "openapi: 3.0.3\ninfo: {title: Zoo, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: object, required: [id], properties: {id: {type: string}}}}}}\n  /b:\n    get:\n      operationId: getB\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: object, required: [id], properties: {id: {type: string}}}}}}\n  /c:\n    get:\n      operationId: getC\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Tagged'}}}}\n  /d:\n    get:\n      operationId: getD\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}\ncomponents:\n  schemas:\n    Tagged: {type: object, required: [id], properties: {id: {type: string}}}\n";

    #[test]
    fn identical_shapes_fold_into_the_component_and_keep_their_names() {
        let spec = load::load_str(SPEC, "zoo.yaml").expect("loads");
        let types = generate(&spec, &Settings::default()).expect("generates").files.files["src/types.rs"].clone();
        assert!(types.contains("pub struct Tagged {"), "{types}");
        assert!(types.contains("pub type GetAResponse = Tagged;"), "{types}");
        assert!(types.contains("pub type GetBResponse = Tagged;"), "{types}");
        // `id` is optional there: another shape.
        assert!(types.contains("pub struct GetDResponse {"), "{types}");
        let requests = generate(&spec, &Settings::default()).expect("generates").files.files["src/requests.rs"].clone();
        assert!(!requests.contains("GetAResponse"), "operations name the type kept: {requests}");
    }
}
