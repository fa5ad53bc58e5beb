//! Dropping the types nothing generated needs, so a client compiles only what its operations and
//! webhooks use: all of a spec's operations by default (the `emit-unreachable-types` setting keeps every
//! schema), or the few the operation filter selects.

use super::model::{Operation, ResponseBody, TypeDef, TypeId, TypeKind, TypeRef, Webhooks};

impl TypeRef {
    /// Calls `visit` with every type id this use refers to.
    pub fn for_each_id_mut(&mut self, visit: &mut impl FnMut(&mut TypeId)) {
        match self {
            TypeRef::Named(id) => visit(id),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => inner.for_each_id_mut(visit),
            TypeRef::Scalar(_) | TypeRef::External(_) | TypeRef::Json => {}
        }
    }
}

impl TypeDef {
    /// Calls `visit` with every type id this definition refers to.
    pub fn for_each_id_mut(&mut self, visit: &mut impl FnMut(&mut TypeId)) {
        match &mut self.kind {
            TypeKind::Struct(fields) => fields.iter_mut().for_each(|field| field.ty.for_each_id_mut(visit)),
            TypeKind::Union(union) => {
                union.variants.iter_mut().for_each(|variant| visit(&mut variant.payload));
                union.others.iter_mut().for_each(|variant| variant.ty.for_each_id_mut(visit));
            }
            TypeKind::Untagged(union) => {
                union.variants.iter_mut().for_each(|variant| variant.ty.for_each_id_mut(visit))
            }
            TypeKind::Alias(target) => target.for_each_id_mut(visit),
            TypeKind::Enum(_) => {}
        }
    }
}

impl Operation {
    /// Calls `visit` with every type id this operation's parameters, bodies and pages refer to.
    pub fn for_each_id_mut(&mut self, visit: &mut impl FnMut(&mut TypeId)) {
        self.params.iter_mut().for_each(|param| param.ty.for_each_id_mut(visit));
        if let Some(body) = &mut self.body {
            body.ty.for_each_id_mut(visit);
        }
        if let ResponseBody::Json { ty, .. } = &mut self.success {
            ty.for_each_id_mut(visit);
        }
        self.errors.body.for_each_id_mut(visit);
        if let Some(pagination) = &mut self.pagination {
            pagination.item_type.for_each_id_mut(visit);
        }
        if let Some(events) = &mut self.events {
            events.for_each_id_mut(visit);
        }
        if let Some(lines) = &mut self.lines {
            lines.item.for_each_id_mut(visit);
        }
    }
}

/// Keeps only the types reachable from `operations`, the webhooks and `roots` (and the aliases keeping
/// former names of those), renumbering the ids that refer to them.
pub fn keep_reachable(
    types: &mut Vec<TypeDef>,
    operations: &mut [Operation],
    mut webhooks: Option<&mut Webhooks>,
    roots: &[TypeId],
) {
    let mut reachable = vec![false; types.len()];
    let mut pending = roots.to_vec();
    for operation in operations.iter_mut() {
        operation.for_each_id_mut(&mut |id| pending.push(*id));
    }
    if let Some(webhooks) = webhooks.as_deref_mut() {
        webhooks.for_each_id_mut(&mut |id| pending.push(*id));
    }
    while let Some(id) = pending.pop() {
        if std::mem::replace(&mut reachable[id.0], true) {
            continue;
        }
        types[id.0].for_each_id_mut(&mut |child| pending.push(*child));
    }
    // An earlier name stays as long as the type it names (which was reached as itself).
    for index in 0..types.len() {
        if let (true, TypeKind::Alias(TypeRef::Named(target))) = (types[index].former_name, &types[index].kind) {
            reachable[index] |= reachable[target.0];
        }
    }
    let mut new_ids = vec![None; types.len()];
    let mut next = 0;
    for (old, keep) in reachable.iter().enumerate() {
        if *keep {
            new_ids[old] = Some(TypeId(next));
            next += 1;
        }
    }
    let mut renumber = |id: &mut TypeId| {
        if let Some(new) = new_ids[id.0] {
            *id = new;
        }
    };
    let mut index = 0;
    types.retain(|_| {
        index += 1;
        reachable[index - 1]
    });
    types.iter_mut().for_each(|def| def.for_each_id_mut(&mut renumber));
    operations.iter_mut().for_each(|operation| operation.for_each_id_mut(&mut renumber));
    if let Some(webhooks) = webhooks {
        webhooks.for_each_id_mut(&mut renumber);
    }
}
