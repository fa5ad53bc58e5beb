//! Operations' error types. Specs often give each error status a schema of its own with one shared shape
//! (Flowglad's `error.BAD_REQUEST`, `error.NOT_FOUND`, ...): structurally identical error schemas become
//! one type (the others aliases of it), so such operations get that type as `E`. When an operation's
//! error bodies really differ, `E` is an enum over them, decoded by status.

use super::model::{ErrorStatus, Field, Operation, TypeId, TypeKind, TypeRef};
use super::types::TypeBuilder;
use crate::naming::bare;

/// Deeper comparisons than this count as different (recursive schemas compare by id below it).
const MAX_DEPTH: usize = 16;

/// Settles every operation's error type from the bodies its statuses declare.
pub fn settle_error_types(builder: &mut TypeBuilder<'_>, operations: &mut [Operation]) {
    unify_error_structs(builder, operations);
    for operation in operations.iter_mut() {
        let declared = std::mem::take(&mut operation.errors.declared);
        let mut distinct: Vec<(TypeRef, Vec<ErrorStatus>)> = Vec::new();
        for (status, ty) in declared {
            let ty = canonical(builder, ty);
            match distinct.iter_mut().find(|(known, _)| same(builder, known, &ty, 0)) {
                Some((_, statuses)) => statuses.push(status),
                None => distinct.push((ty, vec![status])),
            }
        }
        operation.errors.body = match distinct.len() {
            0 => TypeRef::Json,
            1 => distinct.remove(0).0,
            _ => {
                operation.errors.by_status = true;
                let name = format!("{}ErrorBody", bare(&operation.builder_name));
                let id = builder.reserve_type(&name);
                let mut union =
                    super::unions::untagged(builder, distinct.iter().map(|(ty, _)| (ty.clone(), None)).collect());
                for (variant, (_, statuses)) in union.variants.iter_mut().zip(&distinct) {
                    variant.statuses = statuses.clone();
                }
                let docs = format!(
                    "The error bodies of `{}`, which differ by status: `from_status` picks the variant the spec declares for a status.",
                    operation.method_name
                );
                builder.fill_type(id, Some(docs), TypeKind::Untagged(union));
                TypeRef::Named(id)
            }
        };
    }
}

/// Makes each error struct that is structurally identical to an earlier one (by name) an alias of it.
fn unify_error_structs(builder: &mut TypeBuilder<'_>, operations: &[Operation]) {
    let mut ids: Vec<TypeId> = operations
        .iter()
        .flat_map(|operation| &operation.errors.declared)
        .filter_map(|(_, ty)| match ty {
            TypeRef::Named(id) if matches!(builder.kind_of(*id), Some(TypeKind::Struct(_))) => Some(*id),
            _ => None,
        })
        .collect();
    ids.sort_by(|a, b| builder.type_name_of(*a).cmp(builder.type_name_of(*b)));
    ids.dedup();
    let mut canonical: Vec<TypeId> = Vec::new();
    for id in ids {
        let first =
            canonical.iter().copied().find(|kept| same(builder, &TypeRef::Named(*kept), &TypeRef::Named(id), 0));
        match first {
            Some(kept) => {
                let docs = builder.docs_of(id);
                builder.fill_type(id, docs, TypeKind::Alias(TypeRef::Named(kept)));
            }
            None => canonical.push(id),
        }
    }
}

/// The type an alias stands for.
fn canonical(builder: &TypeBuilder<'_>, ty: TypeRef) -> TypeRef {
    let mut current = ty;
    for _ in 0..MAX_DEPTH {
        match &current {
            TypeRef::Named(id) => match builder.kind_of(*id) {
                Some(TypeKind::Alias(target)) => current = target.clone(),
                _ => break,
            },
            _ => break,
        }
    }
    current
}

/// Whether two types accept and produce the same JSON: the same fields (names, requiredness, types),
/// enum values, or the same type.
fn same(builder: &TypeBuilder<'_>, a: &TypeRef, b: &TypeRef, depth: usize) -> bool {
    if a == b {
        return true;
    }
    if depth >= MAX_DEPTH {
        return false;
    }
    let a = canonical(builder, a.clone());
    let b = canonical(builder, b.clone());
    match (&a, &b) {
        (TypeRef::Named(x), TypeRef::Named(y)) => match (builder.kind_of(*x), builder.kind_of(*y)) {
            _ if x == y => true,
            (Some(TypeKind::Struct(left)), Some(TypeKind::Struct(right))) => {
                left.len() == right.len() && left.iter().zip(right).all(|(l, r)| same_field(builder, l, r, depth + 1))
            }
            (Some(TypeKind::Enum(left)), Some(TypeKind::Enum(right))) => {
                let values = |e: &super::model::StringEnum| {
                    e.variants.iter().map(|variant| variant.wire_value.clone()).collect::<Vec<_>>()
                };
                values(left) == values(right)
            }
            _ => false,
        },
        (TypeRef::Array(x), TypeRef::Array(y))
        | (TypeRef::Map(x), TypeRef::Map(y))
        | (TypeRef::Nullable(x), TypeRef::Nullable(y)) => same(builder, x, y, depth + 1),
        _ => a == b,
    }
}

fn same_field(builder: &TypeBuilder<'_>, left: &Field, right: &Field, depth: usize) -> bool {
    left.wire_name == right.wire_name
        && left.required == right.required
        && left.nullable == right.nullable
        && left.flatten == right.flatten
        && same(builder, &left.ty, &right.ty, depth)
}
