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

/// Boxes struct fields through which a type contains itself, so that recursive schemas have a size. Fields
/// are boxed in type order, and a boxed field no longer counts as containment, so each cycle gets the
/// fewest boxes.
pub fn box_cycles(types: &mut [TypeDef]) {
    let edges = containment_edges(types);
    let field_counts: Vec<usize> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(fields) => fields.len(),
            _ => 0,
        })
        .collect();
    let boxed = cycle_boxes(&edges, &field_counts);
    for (def, boxed) in types.iter_mut().zip(boxed) {
        if let TypeKind::Struct(fields) = &mut def.kind {
            for (field, boxed) in fields.iter_mut().zip(boxed) {
                field.boxed |= boxed;
            }
        }
    }
}

/// Which fields to box, given each type's containment edges and number of fields. A field from `owner`
/// to `child` is boxed when `child` still reaches `owner` through fields not boxed so far, that is, when
/// both are in the same strongly connected component of what is left. Boxing a field can only split its
/// component, so only that component is recomputed: each type is revisited once per box in its
/// component rather than once per field searched, which keeps long rings linear.
fn cycle_boxes(edges: &Edges, field_counts: &[usize]) -> Vec<Vec<bool>> {
    let mut boxed: Vec<Vec<bool>> = field_counts.iter().map(|&count| vec![false; count]).collect();
    let mut components = Components::new(edges.len());
    components.split(0, edges, &boxed);
    for owner in 0..edges.len() {
        for &(child, field) in &edges[owner] {
            let Some(field) = field else { continue };
            let component = components.label[owner];
            if components.label[child] == component {
                boxed[owner][field] = true;
                components.split(component, edges, &boxed);
            }
        }
    }
    boxed
}

/// The strongly connected components of the containment graph without its boxed fields.
struct Components {
    /// Each type's component.
    label: Vec<usize>,
    /// The types of each component (emptied when it is split).
    members: Vec<Vec<usize>>,
    /// Tarjan's visit order of each type in the current split (0: not visited yet), and its low link.
    order: Vec<usize>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
}

impl Components {
    /// Every type in one component, to be split.
    fn new(types: usize) -> Self {
        Components {
            label: vec![0; types],
            members: vec![(0..types).collect()],
            order: vec![0; types],
            low: vec![0; types],
            on_stack: vec![false; types],
        }
    }

    /// Replaces component `old` by the strongly connected components of its types, following the
    /// edges that stay inside it and are not boxed (Tarjan's algorithm, iterative so that deep chains
    /// cannot overflow the stack).
    fn split(&mut self, old: usize, edges: &Edges, boxed: &[Vec<bool>]) {
        let nodes = std::mem::take(&mut self.members[old]);
        for &node in &nodes {
            self.order[node] = 0;
        }
        let mut visited = 0;
        let mut stack = Vec::new();
        let mut calls: Vec<(usize, usize)> = Vec::new();
        for &root in &nodes {
            if self.order[root] != 0 {
                continue;
            }
            visited += 1;
            self.enter(root, visited, &mut stack);
            calls.push((root, 0));
            while let Some((node, next)) = calls.last_mut() {
                let node = *node;
                if let Some(&(child, field)) = edges[node].get(*next) {
                    *next += 1;
                    // Types already given a new component are finished and off the stack.
                    if field.is_some_and(|field| boxed[node][field]) || self.label[child] != old {
                        continue;
                    }
                    if self.order[child] == 0 {
                        visited += 1;
                        self.enter(child, visited, &mut stack);
                        calls.push((child, 0));
                    } else if self.on_stack[child] {
                        self.low[node] = self.low[node].min(self.order[child]);
                    }
                    continue;
                }
                calls.pop();
                if let Some(&(parent, _)) = calls.last() {
                    self.low[parent] = self.low[parent].min(self.low[node]);
                }
                if self.low[node] == self.order[node] {
                    let label = self.members.len();
                    let mut members = Vec::new();
                    while let Some(member) = stack.pop() {
                        self.on_stack[member] = false;
                        self.label[member] = label;
                        members.push(member);
                        if member == node {
                            break;
                        }
                    }
                    self.members.push(members);
                }
            }
        }
    }

    fn enter(&mut self, node: usize, order: usize, stack: &mut Vec<usize>) {
        self.order[node] = order;
        self.low[node] = order;
        self.on_stack[node] = true;
        stack.push(node);
    }
}

#[cfg(test)]
mod tests;
