use super::{Edges, cycle_boxes};

/// The boxes found by searching, for every field in order, whether its child still reaches its owner:
/// the definition `cycle_boxes` must agree with (quadratic on long rings, fine on small graphs).
fn by_search(edges: &Edges, field_counts: &[usize]) -> Vec<Vec<bool>> {
    let mut boxed: Vec<Vec<bool>> = field_counts.iter().map(|&count| vec![false; count]).collect();
    for owner in 0..edges.len() {
        for &(child, field) in &edges[owner] {
            let Some(field) = field else { continue };
            let mut seen = vec![false; edges.len()];
            let mut stack = vec![child];
            let mut reached = false;
            while let Some(node) = stack.pop() {
                if node == owner {
                    reached = true;
                    break;
                }
                if std::mem::replace(&mut seen[node], true) {
                    continue;
                }
                for &(next, through) in &edges[node] {
                    if !through.is_some_and(|through| boxed[node][through]) {
                        stack.push(next);
                    }
                }
            }
            boxed[owner][field] = reached;
        }
    }
    boxed
}

/// Edges where every edge of a type is a distinct struct field.
fn struct_edges(children: &[Vec<usize>]) -> (Edges, Vec<usize>) {
    let edges = children
        .iter()
        .map(|children| children.iter().enumerate().map(|(field, &child)| (child, Some(field))).collect())
        .collect();
    (edges, children.iter().map(Vec::len).collect())
}

#[test]
fn a_long_ring_gets_one_box() {
    let n = 200_000;
    let children: Vec<Vec<usize>> = (0..n).map(|index| vec![(index + n - 1) % n]).collect();
    let (edges, counts) = struct_edges(&children);
    let boxed = cycle_boxes(&edges, &counts);
    let boxes: Vec<usize> = (0..n).filter(|&index| boxed[index][0]).collect();
    assert_eq!(boxes, [0]);
}

#[test]
fn self_reference_and_union_cycles() {
    // 0 contains itself; 1 -> 2 through a union (not boxable), 2 -> 1 through a field; 3 -> 1 is no cycle.
    let edges: Edges = vec![vec![(0, Some(0))], vec![(2, None)], vec![(1, Some(0))], vec![(1, Some(0))]];
    let boxed = cycle_boxes(&edges, &[1, 0, 1, 1]);
    assert_eq!(boxed, [vec![true], vec![], vec![true], vec![false]]);
}

#[test]
fn agrees_with_searching_field_by_field() {
    // Small pseudo-random graphs (a fixed linear congruential sequence), dense enough for nested cycles.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |bound: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % bound
    };
    for _ in 0..500 {
        let n = 1 + next(12);
        let mut edges: Edges = Vec::new();
        let mut counts = Vec::new();
        for _ in 0..n {
            let mut fields = 0;
            let mut out = Vec::new();
            for _ in 0..next(4) {
                let child = next(n);
                if next(5) == 0 {
                    out.push((child, None));
                } else {
                    out.push((child, Some(fields)));
                    fields += 1;
                }
            }
            edges.push(out);
            counts.push(fields);
        }
        assert_eq!(cycle_boxes(&edges, &counts), by_search(&edges, &counts), "{edges:?}");
    }
}
