//! Whole-IR passes that need every type converted: breaking alias and containment cycles.

use super::model::{TypeDef, TypeId, TypeKind, TypeRef};

/// Aliases that lead back to themselves (`A = B`, `B = A`, which `allOf: [$ref]` can express) have no
/// Rust meaning; each alias on such a loop becomes a JSON value.
pub fn break_alias_cycles(types: &mut [TypeDef]) -> Vec<String> {
    let mut broken = Vec::new();
    for start in 0..types.len() {
        let mut seen = vec![start];
        let mut current = start;
        while let TypeKind::Alias(TypeRef::Named(next)) = &types[current].kind {
            if seen.contains(&next.0) {
                if next.0 == start {
                    broken.push(types[start].name.clone());
                }
                break;
            }
            seen.push(next.0);
            current = next.0;
        }
    }
    for def in types.iter_mut() {
        if broken.contains(&def.name) {
            def.kind = TypeKind::Alias(TypeRef::Json);
        }
    }
    broken
}

/// Types that contain a value of another type inline (not behind a `Vec` or map).
fn direct_children(def: &TypeDef) -> Vec<TypeId> {
    match &def.kind {
        TypeKind::Struct(fields) => fields
            .iter()
            .filter(|field| !field.boxed)
            .filter_map(|field| match field.ty {
                TypeRef::Named(id) => Some(id),
                _ => None,
            })
            .collect(),
        TypeKind::Union(union) => union
            .variants
            .iter()
            .map(|variant| variant.payload)
            .chain(union.others.iter().filter_map(|variant| match variant.ty {
                TypeRef::Named(id) => Some(id),
                _ => None,
            }))
            .collect(),
        TypeKind::Untagged(union) => union
            .variants
            .iter()
            .filter_map(|variant| match variant.ty {
                TypeRef::Named(id) => Some(id),
                _ => None,
            })
            .collect(),
        TypeKind::Alias(TypeRef::Named(id)) => vec![*id],
        TypeKind::Alias(_) | TypeKind::Enum(_) => Vec::new(),
    }
}

/// The strongly connected component of every type (Kosaraju, iterative so deep chains cannot overflow
/// the stack): types that contain each other directly or indirectly share a component.
fn components(types: &[TypeDef]) -> Vec<usize> {
    let edges: Vec<Vec<usize>> =
        types.iter().map(|def| direct_children(def).into_iter().map(|id| id.0).collect()).collect();
    let mut finished = Vec::with_capacity(types.len());
    let mut visited = vec![false; types.len()];
    for start in 0..types.len() {
        if std::mem::replace(&mut visited[start], true) {
            continue;
        }
        let mut stack = vec![(start, 0)];
        while let Some(&(node, next)) = stack.last() {
            match edges[node].get(next) {
                Some(&child) => {
                    if let Some(top) = stack.last_mut() {
                        top.1 += 1;
                    }
                    if !std::mem::replace(&mut visited[child], true) {
                        stack.push((child, 0));
                    }
                }
                None => {
                    finished.push(node);
                    stack.pop();
                }
            }
        }
    }
    let mut reverse = vec![Vec::new(); types.len()];
    for (from, children) in edges.iter().enumerate() {
        for &to in children {
            reverse[to].push(from);
        }
    }
    let mut component = vec![usize::MAX; types.len()];
    for &root in finished.iter().rev() {
        if component[root] != usize::MAX {
            continue;
        }
        component[root] = root;
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            for &parent in &reverse[node] {
                if component[parent] == usize::MAX {
                    component[parent] = root;
                    stack.push(parent);
                }
            }
        }
    }
    component
}

/// Containment edges of one type: the child, and the struct field it goes through (boxable) if any.
type Edges = Vec<Vec<(usize, Option<usize>)>>;

fn containment_edges(types: &[TypeDef]) -> Edges {
    types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(fields) => fields
                .iter()
                .enumerate()
                .filter(|(_, field)| !field.boxed)
                .filter_map(|(index, field)| match field.ty {
                    TypeRef::Named(child) => Some((child.0, Some(index))),
                    _ => None,
                })
                .collect(),
            _ => direct_children(def).into_iter().map(|child| (child.0, None)).collect(),
        })
        .collect()
}

/// Whether `from` reaches `target` through edges not yet boxed, inside their component. `stamp` marks
/// visited nodes for this search only, so no per-search allocation is needed.
fn reaches(
    edges: &Edges,
    boxed: &[Vec<bool>],
    component: &[usize],
    from: usize,
    target: usize,
    seen: &mut [u32],
    stamp: u32,
) -> bool {
    let mut stack = vec![from];
    while let Some(node) = stack.pop() {
        if node == target {
            return true;
        }
        if seen[node] == stamp {
            continue;
        }
        seen[node] = stamp;
        for &(child, field) in &edges[node] {
            let cut = field.is_some_and(|field| boxed[node][field]);
            if !cut && component[child] == component[target] {
                stack.push(child);
            }
        }
    }
    false
}

/// Boxes struct fields through which a type contains itself, so that recursive schemas have a size. Fields
/// are boxed in type order, and a boxed field no longer counts as containment, so each cycle gets the
/// fewest boxes. Only fields inside a cycle (a component) are searched.
pub fn box_cycles(types: &mut [TypeDef]) {
    let component = components(types);
    let edges = containment_edges(types);
    let mut boxed: Vec<Vec<bool>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(fields) => vec![false; fields.len()],
            _ => Vec::new(),
        })
        .collect();
    let mut seen = vec![0u32; types.len()];
    let mut stamp = 0u32;
    for owner in 0..types.len() {
        for &(child, field) in &edges[owner] {
            let Some(field) = field else { continue };
            if component[child] != component[owner] {
                continue;
            }
            stamp += 1;
            if reaches(&edges, &boxed, &component, child, owner, &mut seen, stamp) {
                boxed[owner][field] = true;
            }
        }
    }
    for (def, boxed) in types.iter_mut().zip(boxed) {
        if let TypeKind::Struct(fields) = &mut def.kind {
            for (field, boxed) in fields.iter_mut().zip(boxed) {
                field.boxed |= boxed;
            }
        }
    }
}
