//! Example calls for docs and the README: Rust expressions for an operation's arguments, from the spec's
//! examples and defaults where it has them, otherwise simple values of the right type. An argument that
//! cannot be made (a replaced type, a required cycle) means no example rather than one that does not
//! compile.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::ir::{Field, Ir, Operation, ParamLocation, Scalar, TypeId, TypeKind, TypeRef};

/// Examples the spec gives for one operation.
#[derive(Clone, Debug, Default)]
pub struct OperationExamples {
    /// Parameter examples (or defaults) by wire name.
    pub params: BTreeMap<String, Value>,
    /// The request body's example.
    pub body: Option<Value>,
}

/// The spec's examples by `(path, METHOD)`.
pub type SpecExamples = BTreeMap<(String, String), OperationExamples>;

/// Follows a local `$ref` (once per level, at most a few levels).
fn resolve<'a>(raw: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..8 {
        match value.get("$ref").and_then(Value::as_str).and_then(|reference| reference.strip_prefix('#')) {
            Some(pointer) => match raw.pointer(pointer) {
                Some(target) => value = target,
                None => break,
            },
            None => break,
        }
    }
    value
}

/// The first of `example`, `examples` (a map of example objects or, in 3.1 schemas, a list) and, for
/// schemas, `default`.
fn example_of(raw: &Value, node: &Value) -> Option<Value> {
    if let Some(example) = node.get("example") {
        return Some(example.clone());
    }
    match node.get("examples") {
        Some(Value::Object(examples)) => {
            if let Some(value) = examples.values().find_map(|example| resolve(raw, example).get("value")) {
                return Some(value.clone());
            }
        }
        Some(Value::Array(examples)) if !examples.is_empty() => return Some(examples[0].clone()),
        _ => {}
    }
    let schema = node.get("schema").map(|schema| resolve(raw, schema)).unwrap_or(node);
    schema.get("example").or_else(|| schema.get("default")).cloned()
}

/// Collects parameter and body examples of every operation.
pub fn collect(raw: &Value) -> SpecExamples {
    let mut examples = SpecExamples::new();
    let Some(Value::Object(paths)) = raw.get("paths") else { return examples };
    for (path, item) in paths {
        let item = resolve(raw, item);
        let shared = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
        let Value::Object(methods) = item else { continue };
        for (method, operation) in methods {
            if !matches!(method.as_str(), "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace") {
                continue;
            }
            let mut found = OperationExamples::default();
            let own = operation.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
            for param in shared.iter().chain(&own) {
                let param = resolve(raw, param);
                if let (Some(name), Some(example)) = (param.get("name").and_then(Value::as_str), example_of(raw, param))
                {
                    found.params.insert(name.to_owned(), example);
                }
            }
            if let Some(body) = operation.get("requestBody").map(|body| resolve(raw, body))
                && let Some(Value::Object(content)) = body.get("content")
            {
                found.body = content.values().find_map(|media| example_of(raw, media));
            }
            examples.insert((path.clone(), method.to_ascii_uppercase()), found);
        }
    }
    examples
}

/// How deep constructors nest in an example before giving up.
const MAX_DEPTH: usize = 5;

/// Builds example expressions, naming generated types `types::Name` (the example imports the module).
pub struct Synth<'a> {
    /// The client being documented.
    pub ir: &'a Ir,
    /// How many optional fields the example gives are set with `with_*` on each struct.
    pub optional: usize,
}

impl Synth<'_> {
    /// The arguments of the operation's method, in order, or `None` if one cannot be made.
    pub fn call_arguments(&self, operation: &Operation, examples: Option<&OperationExamples>) -> Option<Vec<String>> {
        let mut args = Vec::new();
        for param in operation.params.iter().filter(|param| param.required) {
            let example = examples.and_then(|examples| examples.params.get(&param.wire_name));
            let hint = if param.location == ParamLocation::Path { &param.wire_name } else { &param.rust_name };
            args.push(self.value(&param.ty, example, hint, false, 0)?);
        }
        if let Some(body) = operation.body.as_ref().filter(|body| body.required) {
            let example = examples.and_then(|examples| examples.body.as_ref());
            args.push(self.value(&body.ty, example, "body", true, 0)?);
        }
        Some(args)
    }

    /// `new(..)` of a struct with its required fields, plus `with_*` of the first optional fields that
    /// the example gives.
    pub fn struct_value(&self, id: TypeId, example: Option<&Value>, depth: usize) -> Option<String> {
        let def = self.ir.type_def(id);
        let TypeKind::Struct(fields) = &def.kind else { return None };
        if depth > MAX_DEPTH {
            return None;
        }
        let field_example = |field: &Field| example.and_then(|example| example.get(&field.wire_name));
        let mut args = Vec::new();
        for field in fields.iter().filter(|field| field.in_constructor()) {
            args.push(self.value(&field.ty, field_example(field), &field.wire_name, false, depth + 1)?);
        }
        let mut text = format!("types::{}::new({})", def.name, args.join(", "));
        let setters = super::values::setter_names(fields);
        let given = fields.iter().zip(&setters).filter(|(field, _)| {
            !field.in_constructor()
                && !field.flatten
                && field_example(field).is_some_and(|value| !value.is_null())
                && !field.deprecated
        });
        for (field, setter) in given.take(self.optional) {
            if let Some(value) = self.value(&field.ty, field_example(field), &field.wire_name, false, depth + 1) {
                text.push_str(&format!(".{setter}({value})"));
            }
        }
        Some(text)
    }

    /// An expression of type `ty`. `owned`: a `String` is needed rather than anything `Into<String>`.
    pub fn value(
        &self,
        ty: &TypeRef,
        example: Option<&Value>,
        hint: &str,
        owned: bool,
        depth: usize,
    ) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match ty {
            TypeRef::Scalar(scalar) => self.scalar(*scalar, example, hint, owned),
            TypeRef::Array(item) => {
                let items: Vec<String> = example
                    .and_then(Value::as_array)
                    .map(|values| {
                        let values = values.iter().take(2);
                        values.map_while(|value| self.value(item, Some(value), hint, true, depth + 1)).collect()
                    })
                    .unwrap_or_default();
                if items.is_empty() { "Vec::new()".to_owned() } else { format!("vec![{}]", items.join(", ")) }
            }
            TypeRef::Map(_) => "Default::default()".to_owned(),
            TypeRef::Json => "serde_json::Value::Null".to_owned(),
            TypeRef::External(_) => return None,
            TypeRef::Named(id) => self.named(*id, example, hint, depth)?,
        })
    }

    fn scalar(&self, scalar: Scalar, example: Option<&Value>, hint: &str, owned: bool) -> String {
        match scalar {
            Scalar::String => {
                let text = example.and_then(Value::as_str).unwrap_or(hint);
                if owned { format!("{text:?}.to_owned()") } else { format!("{text:?}") }
            }
            Scalar::Bool => example.and_then(Value::as_bool).unwrap_or(true).to_string(),
            Scalar::I32 => example.and_then(Value::as_i64).and_then(|n| i32::try_from(n).ok()).unwrap_or(1).to_string(),
            Scalar::I64 => example.and_then(Value::as_i64).unwrap_or(1).to_string(),
            Scalar::F32 | Scalar::F64 => {
                let number = example.and_then(Value::as_f64).filter(|n| n.is_finite() && n.abs() < 1e15).unwrap_or(1.0);
                format!("{number:?}")
            }
            Scalar::DateTime => {
                let text = example.and_then(Value::as_str).unwrap_or("2024-01-01T00:00:00Z");
                format!("{text:?}.parse()?")
            }
            Scalar::Date => {
                let text = example.and_then(Value::as_str).unwrap_or("2024-01-01");
                format!("{text:?}.parse()?")
            }
            Scalar::Bytes => "Vec::new()".to_owned(),
            // The timestamp types parse an integer or an RFC 3339 string.
            Scalar::UnixSeconds | Scalar::UnixMillis => {
                let text = match example {
                    Some(Value::Number(number)) => number.to_string(),
                    Some(Value::String(text)) => text.clone(),
                    _ => "2024-01-01T00:00:00Z".to_owned(),
                };
                format!("{text:?}.parse()?")
            }
        }
    }

    fn named(&self, id: TypeId, example: Option<&Value>, hint: &str, depth: usize) -> Option<String> {
        let def = self.ir.type_def(id);
        match &def.kind {
            TypeKind::Struct(_) => self.struct_value(id, example, depth),
            TypeKind::Alias(target) => self.value(target, example, hint, true, depth + 1),
            TypeKind::Enum(string_enum) => {
                let wanted = example.and_then(Value::as_str);
                let variant = string_enum
                    .variants
                    .iter()
                    .find(|variant| Some(variant.wire_value.as_str()) == wanted)
                    .or_else(|| string_enum.variants.first())?;
                Some(format!("types::{}::{}", def.name, variant.rust_name))
            }
            TypeKind::Union(union) => {
                let wanted = example.and_then(|example| example.get(&union.tag));
                let chosen = union.variants.iter().find(|variant| wanted.is_some_and(|tag| variant.tag_value.is(tag)));
                let example = example.filter(|_| chosen.is_some());
                chosen.into_iter().chain(&union.variants).find_map(|variant| {
                    let payload = self.value(&TypeRef::Named(variant.payload), example, hint, true, depth + 1)?;
                    Some(format!("types::{}::{}({payload})", def.name, variant.rust_name))
                })
            }
            TypeKind::Untagged(union) => union.variants.iter().find_map(|variant| {
                let value = self.value(&variant.ty, None, hint, true, depth + 1)?;
                Some(format!("types::{}::{}({value})", def.name, variant.rust_name))
            }),
        }
    }
}

/// A call `prefix(args)`, on one line when short, otherwise one argument per line (rustfmt's style).
pub fn call(prefix: &str, args: &[String], suffix: &str, indent: &str) -> String {
    let one_line = format!("{indent}{prefix}({}){suffix}", args.join(", "));
    if one_line.len() <= 100 || args.is_empty() {
        return one_line;
    }
    let mut text = format!("{indent}{prefix}(\n");
    for arg in args {
        text.push_str(&format!("{indent}    {arg},\n"));
    }
    text.push_str(&format!("{indent}){suffix}"));
    text
}
