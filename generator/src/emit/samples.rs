//! What a schema allows, read from the spec document (the IR keeps types, not validation keywords), and
//! scalar values that satisfy it: a string of the right format, pattern and length, a number within its
//! bounds and of its multiple.

use serde_json::Value;

use crate::pointer::JsonPointer;

/// A schema node of the spec, with `$ref`s followed; `None` where the spec has nothing to say.
#[derive(Clone, Copy)]
pub struct Schema<'a> {
    root: &'a Value,
    node: &'a Value,
}

impl<'a> Schema<'a> {
    /// The schema at `pointer` in the document, if there is one.
    pub fn at(root: &'a Value, pointer: &JsonPointer) -> Option<Self> {
        let text = pointer.to_string();
        let node = root.pointer(text.strip_prefix('#').unwrap_or(&text))?;
        Some(Schema { root, node: super::examples::resolve(root, node) })
    }

    /// The node under `key` (such as `items` or `schema`), in the node or one of its `allOf` members.
    pub fn child(&self, key: &str) -> Option<Self> {
        let node = self.keyword(key)?;
        Some(Schema { root: self.root, node: super::examples::resolve(self.root, node) })
    }

    /// The entries of an object node (such as `content`), their values resolved.
    pub fn entries(&self) -> impl Iterator<Item = (&'a str, Schema<'a>)> {
        let root = self.root;
        let entries = self.node.as_object().into_iter().flatten();
        entries.map(move |(key, node)| (key.as_str(), Schema { root, node: super::examples::resolve(root, node) }))
    }

    /// The one `oneOf`/`anyOf` member of JSON type `json_type` (`array`, `string`, ...), when exactly one
    /// member declares it: the schema a union's value of that type must satisfy.
    pub fn member_of_type(&self, json_type: &str) -> Option<Self> {
        let members = ["oneOf", "anyOf"].into_iter().filter_map(|key| self.keyword(key)?.as_array()).flatten();
        let declares = |member: &Value| match member.get("type") {
            Some(Value::String(name)) => name == json_type,
            Some(Value::Array(names)) => names.iter().any(|name| name == json_type),
            _ => false,
        };
        let mut of_type = members.map(|member| super::examples::resolve(self.root, member)).filter(|m| declares(m));
        let member = of_type.next()?;
        of_type.next().is_none().then_some(Schema { root: self.root, node: member })
    }

    /// The node itself and its `allOf` members (one level), where keywords are looked for.
    fn parts(&self) -> impl Iterator<Item = &'a Value> {
        let members = self.node.get("allOf").and_then(Value::as_array).into_iter().flatten();
        std::iter::once(self.node).chain(members.map(|member| super::examples::resolve(self.root, member)))
    }

    fn keyword(&self, key: &str) -> Option<&'a Value> {
        self.parts().find_map(|part| part.get(key))
    }

    fn number(&self, key: &str) -> Option<f64> {
        self.keyword(key).and_then(Value::as_f64)
    }

    fn length(&self, key: &str) -> Option<usize> {
        self.keyword(key).and_then(Value::as_u64).and_then(|n| usize::try_from(n).ok())
    }

    /// The schema's own `example`, first `examples` entry or `default`.
    pub fn given_example(&self) -> Option<&'a Value> {
        let first = self.keyword("examples").and_then(Value::as_array).and_then(|values| values.first());
        self.keyword("example").or(first).or_else(|| self.keyword("default"))
    }

    /// The schema's given example, else its `const` or first `enum` value.
    pub fn example(&self) -> Option<&'a Value> {
        let first_enum = || self.keyword("enum").and_then(Value::as_array).and_then(|values| values.first());
        self.given_example().or_else(|| self.keyword("const")).or_else(first_enum)
    }

    /// Whether an object is a value of this schema without looking further: it declares `type: object`,
    /// or constrains nothing at all (Kubernetes' `Patch` body: any JSON value).
    pub fn takes_any_object(&self) -> bool {
        const CONSTRAINTS: [&str; 7] = ["type", "oneOf", "anyOf", "allOf", "not", "enum", "const"];
        self.keyword("type").and_then(Value::as_str) == Some("object")
            || !CONSTRAINTS.iter().any(|keyword| self.node.get(*keyword).is_some())
    }

    /// Whether a boolean keyword (`writeOnly`) is `true`.
    pub fn flag(&self, key: &str) -> bool {
        self.keyword(key).and_then(Value::as_bool).unwrap_or(false)
    }

    /// Whether the object schema (or one of its `allOf` members) lists `property` as required.
    pub fn requires(&self, property: &str) -> bool {
        self.parts().any(|part| {
            let required = part.get("required").and_then(Value::as_array);
            required.is_some_and(|names| names.iter().any(|name| name.as_str() == Some(property)))
        })
    }

    /// Properties the first `oneOf`/`anyOf` alternative of an object schema requires, when the
    /// alternatives only constrain the object's own properties (`oneOf: [{required: [url]}, {required:
    /// [html]}]`): a value satisfies the schema by setting those.
    pub fn first_alternative_requires(&self, property: &str) -> bool {
        self.parts().any(|part| {
            ["oneOf", "anyOf"].iter().any(|key| {
                let first = part.get(*key).and_then(Value::as_array).and_then(|members| members.first());
                let required = first
                    .map(|member| super::examples::resolve(self.root, member))
                    .and_then(|member| member.get("required"));
                required
                    .and_then(Value::as_array)
                    .is_some_and(|names| names.iter().any(|name| name.as_str() == Some(property)))
            })
        })
    }

    /// `minItems`.
    pub fn min_items(&self) -> usize {
        self.length("minItems").unwrap_or(0)
    }

    /// Whether a value is within the schema's length and bound keywords, matches its `pattern` (a pattern
    /// that cannot be decided admits it) and its `format` (the formats validators check).
    pub fn admits(&self, value: &Value) -> bool {
        match value {
            Value::String(text) => {
                let len = text.chars().count();
                let pattern = self.keyword("pattern").and_then(Value::as_str);
                let format = self.keyword("format").and_then(Value::as_str);
                self.length("minLength").is_none_or(|min| len >= min)
                    && self.length("maxLength").is_none_or(|max| len <= max)
                    && pattern.is_none_or(|pattern| super::patterns::matches(pattern, text) != Some(false))
                    && format.is_none_or(|format| !format_rejects(format, text))
            }
            Value::Number(number) => number.as_f64().is_some_and(|n| self.bounds().admits(n)),
            _ => true,
        }
    }

    /// A string the schema accepts: a simple value of its pattern, else of its format, else `hint`,
    /// padded or cut to the length bounds. `None` when the pattern is beyond a simple rule.
    pub fn string(&self, hint: &str) -> Option<String> {
        let min = self.length("minLength").unwrap_or(0);
        let max = self.length("maxLength");
        let format = self.keyword("format").and_then(Value::as_str);
        if let Some(pattern) = self.keyword("pattern").and_then(Value::as_str) {
            let built = super::patterns::matching(pattern, min, max);
            // A validator checks both keywords. The simplest string of a pattern often breaks a format it
            // was written for (36 `a`s for a UUID pattern); the format's sample then stands a better chance.
            return match (built, format) {
                (Some(text), Some(format)) if format_rejects(format, &text) => format_sample(format).map(str::to_owned),
                (built, _) => built,
            };
        }
        let mut text = format.and_then(format_sample).unwrap_or(if hint.is_empty() { "text" } else { hint }).to_owned();
        // A length no sensible example has (the pattern path stops at 256 repetitions likewise).
        if min > 4096 {
            return None;
        }
        let length = text.chars().count();
        text.extend(std::iter::repeat_n('a', min.saturating_sub(length)));
        if let Some(max) = max {
            text = text.chars().take(max).collect();
        }
        Some(text)
    }

    fn bounds(&self) -> Bounds {
        // 3.0 writes `exclusiveMinimum: true` beside `minimum`; 3.1 writes the bound itself.
        let exclusive = |key: &str, bound: &str| match self.keyword(key) {
            Some(Value::Bool(true)) => self.number(bound).map(|n| (n, true)),
            Some(Value::Number(n)) => n.as_f64().map(|n| (n, true)),
            _ => self.number(bound).map(|n| (n, false)),
        };
        Bounds {
            min: exclusive("exclusiveMinimum", "minimum"),
            max: exclusive("exclusiveMaximum", "maximum"),
            multiple: self.number("multipleOf").filter(|n| *n > 0.0),
        }
    }

    /// A number the schema accepts, integral when `integer`: 1 when the bounds allow it, else the
    /// lowest allowed value, moved onto `multipleOf`.
    pub fn number_value(&self, integer: bool) -> Option<f64> {
        let bounds = self.bounds();
        let step = if integer { 1.0 } else { 0.5 };
        let mut value = match bounds.min {
            _ if bounds.admits(1.0) => 1.0,
            Some((min, exclusive)) => {
                let start = if exclusive { min + step } else { min };
                if integer { start.ceil() } else { start }
            }
            None => match bounds.max {
                Some((max, exclusive)) => {
                    let start = if exclusive { max - step } else { max };
                    if integer { start.floor() } else { start }
                }
                None => 1.0,
            },
        };
        if let Some(multiple) = bounds.multiple {
            value = (value / multiple).ceil() * multiple;
            if !bounds.admits(value) {
                value -= multiple;
            }
        }
        (value.is_finite() && bounds.admits(value)).then_some(value)
    }
}

/// The numeric bounds of a schema.
struct Bounds {
    min: Option<(f64, bool)>,
    max: Option<(f64, bool)>,
    multiple: Option<f64>,
}

impl Bounds {
    fn admits(&self, n: f64) -> bool {
        let above = self.min.is_none_or(|(min, exclusive)| if exclusive { n > min } else { n >= min });
        let below = self.max.is_none_or(|(max, exclusive)| if exclusive { n < max } else { n <= max });
        let multiple = self.multiple.is_none_or(|m| ((n / m) - (n / m).round()).abs() < 1e-9);
        above && below && multiple
    }
}

/// Whether `text` is certainly not of `format`, for the formats validators check most (others: `false`).
fn format_rejects(format: &str, text: &str) -> bool {
    let hex_groups = |text: &str| {
        let groups: Vec<&str> = text.split('-').collect();
        groups.iter().map(|group| group.len()).eq([8, 4, 4, 4, 12])
            && groups.iter().all(|group| group.chars().all(|c| c.is_ascii_hexdigit()))
    };
    match format {
        "uuid" => !hex_groups(text),
        "date" => !super::examples::is_date(text),
        "date-time" => !super::examples::is_date_time(text),
        "email" => !text.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.')),
        "ipv4" => text.parse::<std::net::Ipv4Addr>().is_err(),
        _ => false,
    }
}

/// A value of a string `format`, for the formats validators check.
pub fn format_sample(format: &str) -> Option<&'static str> {
    Some(match format {
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "email" | "idn-email" => "user@example.com",
        "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => "https://example.com",
        "uri-template" => "https://example.com/{id}",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" | "ip" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "date-time" => "2024-01-01T00:00:00Z",
        "date" => "2024-01-01",
        "time" => "12:00:00Z",
        "duration" => "P1D",
        "byte" | "base64" => "ZXhhbXBsZQ==",
        "int32" | "int64" | "integer" | "number" | "decimal" | "double" | "float" => "1",
        "json-pointer" => "/example",
        "relative-json-pointer" => "0",
        "regex" => "^example$",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::Schema;

    fn schema(value: &serde_json::Value) -> Schema<'_> {
        Schema { root: value, node: value }
    }

    #[test]
    fn strings_follow_format_pattern_and_length() {
        assert_eq!(schema(&json!({"format": "uuid"})).string("id").unwrap(), "3fa85f64-5717-4562-b3fc-2c963f66afa6");
        assert_eq!(schema(&json!({"minLength": 4})).string("id").unwrap(), "idaa");
        assert_eq!(schema(&json!({"maxLength": 2})).string("name").unwrap(), "na");
        assert_eq!(schema(&json!({"pattern": "^[0-9]{3}$"})).string("code").unwrap(), "000");
        assert_eq!(schema(&json!({"pattern": "^(?!x)"})).string("code"), None);
    }

    #[test]
    fn a_format_wins_over_a_pattern_string_that_breaks_it() {
        let uuid = json!({"format": "uuid", "pattern": "^[0-9a-fA-F-]{36}$"});
        assert_eq!(schema(&uuid).string("id").unwrap(), "3fa85f64-5717-4562-b3fc-2c963f66afa6");
        let date = json!({"format": "date", "pattern": "^[0-9-]+$"});
        assert_eq!(schema(&date).string("day").unwrap(), "2024-01-01");
        // A pattern string the format accepts stays.
        let day = json!({"format": "date", "pattern": "^2030-0[1-9]-1[0-9]$"});
        assert_eq!(schema(&day).string("day").unwrap(), "2030-01-10");
        let code = json!({"format": "unknown-format", "pattern": "^x+$"});
        assert_eq!(schema(&code).string("code").unwrap(), "x");
    }

    #[test]
    fn numbers_follow_bounds_and_multiples() {
        assert_eq!(schema(&json!({"minimum": 10})).number_value(true), Some(10.0));
        assert_eq!(schema(&json!({"minimum": 1, "exclusiveMinimum": true})).number_value(true), Some(2.0));
        assert_eq!(schema(&json!({"exclusiveMaximum": 0})).number_value(true), Some(-1.0));
        assert_eq!(schema(&json!({"minimum": 3, "multipleOf": 5})).number_value(true), Some(5.0));
        assert_eq!(schema(&json!({"maximum": 0.5})).number_value(false), Some(0.5));
        assert_eq!(schema(&json!({"minimum": 5, "maximum": 4})).number_value(true), None);
    }

    #[test]
    fn free_form_schemas_take_an_object() {
        assert!(schema(&json!({"description": "any JSON"})).takes_any_object());
        assert!(schema(&json!({"type": "object"})).takes_any_object());
        assert!(!schema(&json!({"type": "string"})).takes_any_object());
        assert!(!schema(&json!({"oneOf": [{"type": "string"}, {"type": "integer"}]})).takes_any_object());
    }
}
