//! Operations: client methods, their arguments and setters, and what they return.

use super::items::rust_type;
use super::{Comparison, Verdict};
use crate::ir::{Ir, Operation, ResponseBody};
use crate::pointer::JsonPointer;

/// One input of a request: a required one is a method argument, an optional one a builder setter.
struct Input {
    name: String,
    ty: String,
    required: bool,
    pointer: JsonPointer,
}

/// The inputs in the order the method takes its arguments: required parameters, then a required body.
fn inputs(ir: &Ir, operation: &Operation) -> Vec<Input> {
    let mut inputs: Vec<Input> = operation
        .params
        .iter()
        .map(|param| Input {
            name: param.rust_name.clone(),
            ty: rust_type(ir, &param.ty),
            required: param.required,
            pointer: param.pointer.clone(),
        })
        .collect();
    if let Some(body) = &operation.body {
        inputs.push(Input {
            name: "body".to_owned(),
            ty: rust_type(ir, &body.ty),
            required: body.required,
            pointer: operation.pointer.join("requestBody"),
        });
    }
    inputs
}

/// The `T` of `Response<T>`.
fn success_type(ir: &Ir, operation: &Operation) -> String {
    match &operation.success {
        ResponseBody::Empty => "()".to_owned(),
        ResponseBody::Json { ty, optional: false } => rust_type(ir, ty),
        ResponseBody::Json { ty, optional: true } => format!("Option<{}>", rust_type(ir, ty)),
        ResponseBody::Text => "String".to_owned(),
        ResponseBody::Binary => "Vec<u8>".to_owned(),
    }
}

/// Operations are matched by method name: a renamed method is one removed and one added.
pub(super) fn compare_operations(compare: &mut Comparison<'_>) {
    let (old_ir, new_ir) = (compare.old.ir, compare.new.ir);
    let names = super::pair_by_name(
        old_ir.operations.iter().map(|operation| operation.method_name.as_str()),
        new_ir.operations.iter().map(|operation| operation.method_name.as_str()),
    );
    for (name, old, new) in names {
        match (old, new) {
            (Some(old), Some(new)) => compare_operation(compare, &old_ir.operations[old], &new_ir.operations[new]),
            (Some(old), None) => {
                let pointer = old_ir.operations[old].pointer.clone();
                compare.removed(&pointer, format!("method `Client::{name}` removed"));
            }
            (None, Some(new)) => {
                let pointer = new_ir.operations[new].pointer.clone();
                compare.added(Verdict::Compatible, &pointer, format!("method `Client::{name}` added"));
            }
            (None, None) => {}
        }
    }
}

fn compare_operation(compare: &mut Comparison<'_>, old: &Operation, new: &Operation) {
    let (old_ir, new_ir) = (compare.old.ir, compare.new.ir);
    let method = format!("`Client::{}`", new.method_name);
    let at = &new.pointer;
    if old.builder_name != new.builder_name {
        compare.added(
            Verdict::Breaking,
            at,
            format!("the builder of {method} is now `{}` (was `{}`)", new.builder_name, old.builder_name),
        );
    }
    if new.deprecated && !old.deprecated {
        compare.added(Verdict::Compatible, at, format!("{method} deprecated"));
    }
    compare_inputs(compare, &method, &inputs(old_ir, old), &inputs(new_ir, new));
    let (before, after) = (success_type(old_ir, old), success_type(new_ir, new));
    if before != after {
        compare.added(
            Verdict::Breaking,
            &at.join("responses"),
            format!("{method} now returns `Response<{after}>` (was `Response<{before}>`)"),
        );
    }
    let (before, after) = (rust_type(old_ir, &old.errors.body), rust_type(new_ir, &new.errors.body));
    if before != after {
        compare.added(
            Verdict::Breaking,
            &at.join("responses"),
            format!("the error type of {method} is now `Error<{after}>` (was `Error<{before}>`)"),
        );
    }
    let stream_item = |ir: &Ir, operation: &Operation| {
        operation.pagination.as_ref().map(|pagination| rust_type(ir, &pagination.item_type))
    };
    match (stream_item(old_ir, old), stream_item(new_ir, new)) {
        (Some(_), None) => {
            compare.removed(&old.pointer, format!("`into_stream` of {method} removed (no longer a page)"))
        }
        (None, Some(item)) => {
            compare.added(Verdict::Compatible, at, format!("{method} gained `into_stream` over `{item}`"))
        }
        (Some(before), Some(after)) if before != after => compare.added(
            Verdict::Breaking,
            at,
            format!("`into_stream` of {method} now yields `{after}` (was `{before}`)"),
        ),
        _ => {}
    }
}

/// Arguments are positional, so any change to their list breaks calls; setters are looked up by name,
/// so a new one is compatible.
fn compare_inputs(compare: &mut Comparison<'_>, method: &str, old: &[Input], new: &[Input]) {
    for input in old {
        if !new.iter().any(|candidate| candidate.name == input.name) {
            let role = if input.required { "argument" } else { "setter" };
            compare.removed(&input.pointer, format!("{role} `{}` of {method} removed", input.name));
        }
    }
    for input in new {
        let name = &input.name;
        match old.iter().find(|candidate| candidate.name == input.name) {
            None if input.required => compare.added(
                Verdict::Breaking,
                &input.pointer,
                format!("required parameter `{name}: {}` added: {method} takes one more argument", input.ty),
            ),
            None => compare.added(
                Verdict::Compatible,
                &input.pointer,
                format!("optional parameter `{name}: {}` added (a builder setter of {method})", input.ty),
            ),
            Some(before) if before.required != input.required => {
                let now = if input.required { "a required argument" } else { "an optional setter" };
                compare.added(Verdict::Breaking, &input.pointer, format!("`{name}` of {method} is now {now}"));
            }
            Some(before) if before.ty != input.ty => compare.added(
                Verdict::Breaking,
                &input.pointer,
                format!("`{name}` of {method} changed from `{}` to `{}`", before.ty, input.ty),
            ),
            Some(_) => {}
        }
    }
    let arguments = |inputs: &[Input]| -> Vec<String> {
        inputs.iter().filter(|input| input.required).map(|input| input.name.clone()).collect()
    };
    let (before, after) = (arguments(old), arguments(new));
    let kept: Vec<&String> = after.iter().filter(|name| before.contains(name)).collect();
    let was: Vec<&String> = before.iter().filter(|name| after.contains(name)).collect();
    if kept != was {
        let pointer = new.first().map(|input| input.pointer.clone()).unwrap_or_default();
        compare.added(
            Verdict::Breaking,
            &pointer,
            format!("the arguments of {method} were reordered: ({}) was ({})", after.join(", "), before.join(", ")),
        );
    }
}
