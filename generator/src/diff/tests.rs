//! Verdicts on small spec pairs, one construct at a time.

use super::{Bump, Verdict, diff};
use crate::load::load_str;
use crate::settings::Settings;

/// A spec with one `/pets/{id}` GET operation taking `parameters` and these component schemas.
fn spec(parameters: &str, schemas: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: Pets, version: '1'}}\npaths:\n  /pets/{{id}}:\n    get:\n      operationId: getPet\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n{parameters}      responses:\n        '200':\n          description: ok\n          content: {{application/json: {{schema: {{$ref: '#/components/schemas/Pet'}}}}}}\ncomponents:\n  schemas:\n    Pet: {{type: object, required: [name], properties: {{name: {{type: string}}}}}}\n{schemas}"
    )
}

/// The changes from `old` to `new`, as (verdict, pointer, message), with every schema generated (the
/// schemas these tests change are used by no operation).
fn changes(old: &str, new: &str) -> Vec<(Verdict, String, String)> {
    changes_with(old, new, &Settings::default().emit_unreachable_types(true))
}

fn changes_with(old: &str, new: &str, settings: &Settings) -> Vec<(Verdict, String, String)> {
    let old = load_str(old, "old.yaml").expect("old spec loads");
    let new = load_str(new, "new.yaml").expect("new spec loads");
    let found = diff(&old, &new, settings).expect("diff");
    found.changes.into_iter().map(|change| (change.verdict, change.pointer.to_string(), change.message)).collect()
}

const LIMIT: &str = "        - {name: limit, in: query, schema: {type: integer}}\n";
const LIMIT_REQUIRED: &str = "        - {name: limit, in: query, required: true, schema: {type: integer}}\n";
const EXPAND: &str = "        - {name: expand, in: query, required: true, schema: {type: boolean}}\n";

#[test]
fn an_optional_parameter_is_a_compatible_setter() {
    let found = changes(&spec("", ""), &spec(LIMIT, ""));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Verdict::Compatible);
    assert_eq!(found[0].1, "#/paths/~1pets~1{id}/get/parameters/1");
    assert!(found[0].2.contains("optional parameter `limit: i64`"), "{found:?}");
}

#[test]
fn a_required_parameter_is_a_breaking_argument() {
    let found = changes(&spec("", ""), &spec(LIMIT_REQUIRED, ""));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Verdict::Breaking);
    assert!(found[0].2.contains("takes one more argument"), "{found:?}");
}

#[test]
fn a_parameter_becoming_required_or_optional_or_retyped_breaks() {
    let found = changes(&spec(LIMIT, ""), &spec(LIMIT_REQUIRED, ""));
    assert_eq!(
        found,
        [(
            Verdict::Breaking,
            "#/paths/~1pets~1{id}/get/parameters/1".to_owned(),
            "`limit` of `Client::get_pet` is now a required argument".to_owned()
        )]
    );
    let found = changes(&spec(LIMIT_REQUIRED, ""), &spec(LIMIT, ""));
    assert_eq!(found[0].2, "`limit` of `Client::get_pet` is now an optional setter");
    let retyped = LIMIT.replace("integer", "string");
    let found = changes(&spec(LIMIT, ""), &spec(&retyped, ""));
    assert_eq!(found[0].2, "`limit` of `Client::get_pet` changed from `i64` to `String`");
    let found = changes(&spec(LIMIT, ""), &spec("", ""));
    assert_eq!(
        found[0],
        (
            Verdict::Breaking,
            "#/paths/~1pets~1{id}/get/parameters/1".to_owned(),
            "setter `limit` of `Client::get_pet` removed".to_owned()
        )
    );
}

#[test]
fn reordered_arguments_break_positional_calls() {
    let found =
        changes(&spec(&format!("{LIMIT_REQUIRED}{EXPAND}"), ""), &spec(&format!("{EXPAND}{LIMIT_REQUIRED}"), ""));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Verdict::Breaking);
    assert!(found[0].2.contains("reordered: (id, expand, limit) was (id, limit, expand)"), "{found:?}");
}

#[test]
fn success_type_changes_break() {
    let new = spec("", "")
        .replace("$ref: '#/components/schemas/Pet'", "type: array, items: {$ref: '#/components/schemas/Pet'}");
    let found = changes(&spec("", ""), &new);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "#/paths/~1pets~1{id}/get/responses");
    assert_eq!(found[0].2, "`Client::get_pet` now returns `Response<Vec<Pet>>` (was `Response<Pet>`)");
}

#[test]
fn fields_becoming_optional_nullable_or_retyped_break_and_deprecation_is_compatible() {
    let base =
        spec("", "    Tag: {type: object, required: [id], properties: {id: {type: string}, label: {type: string}}}\n");
    let optional_id = base.replace("required: [id]", "required: []");
    let found = changes(&base, &optional_id);
    assert_eq!(found[0].2, "field `Tag::id` changed from `String` (required) to `Option<String>` (optional)");
    let nullable = base.replace("label: {type: string}", "label: {type: string, nullable: true}");
    assert_eq!(
        changes(&base, &nullable)[0].2,
        "field `Tag::label` changed from `Option<String>` (optional) to `Nullable<String>` (optional, nullable)"
    );
    // `new` takes only fields that are neither optional nor nullable: a required nullable one is a setter.
    let added = base.replace("label: {type: string}}", "label: {type: string}, note: {type: string, nullable: true}}");
    let added = added.replace("required: [id]", "required: [id, note]");
    assert_eq!(
        changes(&base, &added),
        [(
            Verdict::Compatible,
            "#/components/schemas/Tag/properties/note".to_owned(),
            "required, nullable field `Tag::note: Option<String>` added (a `with_*` setter)".to_owned()
        )]
    );
    let deprecated = base.replace("label: {type: string}", "label: {type: string, deprecated: true}");
    assert_eq!(
        changes(&base, &deprecated),
        [(
            Verdict::Compatible,
            "#/components/schemas/Tag/properties/label".to_owned(),
            "field `Tag::label` deprecated".to_owned()
        )]
    );
}

#[test]
fn a_type_changing_kind_or_name_breaks() {
    let base = spec("", "    Color: {type: string, enum: [red, green]}\n");
    let found = changes(&base, &spec("", "    Color: {type: object, properties: {hex: {type: string}}}\n"));
    assert_eq!(
        found,
        [(
            Verdict::Breaking,
            "#/components/schemas/Color".to_owned(),
            "`Color` changed from an enum to a struct".to_owned()
        )]
    );
    let renamed = spec("", "    Colour: {type: string, enum: [red, green]}\n");
    let found = changes(&base, &renamed);
    assert_eq!(
        found.iter().map(|(verdict, ..)| *verdict).collect::<Vec<_>>(),
        [Verdict::Breaking, Verdict::Compatible]
    );
    assert_eq!(found[0].2, "enum `Color` removed");
    assert_eq!(found[1].2, "enum `Colour` added");
}

#[test]
fn a_type_that_becomes_unreachable_is_removed_and_one_that_becomes_reachable_is_added() {
    let base = spec("", "    Tag: {type: object, properties: {id: {type: string}}}\n");
    let tagged = base.replace(
        "properties: {name: {type: string}}}",
        "properties: {name: {type: string}, tag: {$ref: '#/components/schemas/Tag'}}}",
    );
    let by_default = Settings::default();
    let found = changes_with(&tagged, &base, &by_default);
    assert!(
        found.contains(&(Verdict::Breaking, "#/components/schemas/Tag".to_owned(), "struct `Tag` removed".to_owned())),
        "{found:?}"
    );
    let found = changes_with(&base, &tagged, &by_default);
    assert!(
        found.contains(&(Verdict::Compatible, "#/components/schemas/Tag".to_owned(), "struct `Tag` added".to_owned())),
        "{found:?}"
    );
    // Generated either way, `Tag` is not a change; only the field is.
    let found = changes(&tagged, &base);
    assert!(found.iter().all(|(_, _, message)| !message.contains("struct `Tag`")), "{found:?}");
}

#[test]
fn an_enum_value_taking_the_fallback_name_breaks_unless_there_is_no_fallback() {
    let base = spec("", "    Color: {type: string, enum: [red]}\n");
    let unknown = spec("", "    Color: {type: string, enum: [red, unknown]}\n");
    let found = changes(&base, &unknown);
    assert!(
        found.iter().any(|(verdict, _, message)| *verdict == Verdict::Breaking
            && message == "the fallback variant `Color::Unknown` is now `Color::Unknown2`"),
        "{found:?}"
    );
    let closed = Settings::default().unknown_variants(false).emit_unreachable_types(true);
    let found = changes_with(&base, &unknown, &closed);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Verdict::Compatible);
}

#[test]
fn types_only_leaves_operations_out() {
    let found = changes_with(&spec("", ""), &spec(LIMIT_REQUIRED, ""), &Settings::default().types_only(true));
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn bumps_follow_cargo_semver_including_0_x() {
    let old = load_str(&spec("", ""), "old.yaml").expect("loads");
    let added = load_str(&spec(LIMIT, ""), "new.yaml").expect("loads");
    let broken = load_str(&spec(LIMIT_REQUIRED, ""), "new.yaml").expect("loads");
    let cases = [
        ("0.1.0", &added, Bump::Patch, Some("0.1.1")),
        ("0.1.0", &broken, Bump::Minor, Some("0.2.0")),
        ("0.0.3", &added, Bump::Patch, Some("0.0.4")),
        ("0.0.3", &broken, Bump::Patch, Some("0.0.4")),
        ("1.2.3", &added, Bump::Minor, Some("1.3.0")),
        ("1.2.3", &broken, Bump::Major, Some("2.0.0")),
        ("2.0.0-beta.1", &broken, Bump::Major, Some("3.0.0")),
        ("1.2.3", &old, Bump::None, None),
    ];
    for (version, new, bump, next) in cases {
        let found = diff(&old, new, &Settings::default().crate_version(version)).expect("diff");
        assert_eq!((found.bump(), found.next_version().as_deref()), (bump, next), "from {version}");
    }
}

#[test]
fn errors_of_both_specs_are_reported_together() {
    let bad_old = spec("", "    Broken: {$ref: '#/components/schemas/Missing'}\n");
    let bad_new = spec("", "    Worse: {$ref: '#/components/schemas/Gone'}\n");
    let old = load_str(&bad_old, "old.yaml").expect("loads");
    let new = load_str(&bad_new, "new.yaml").expect("loads");
    let error = diff(&old, &new, &Settings::default()).expect_err("dangling refs");
    let text = error.to_string();
    assert!(text.contains("old.yaml") && text.contains("new.yaml"), "{text}");
}

#[test]
fn admitting_additional_properties_adds_a_compatible_map_field() {
    let open = spec("", "").replace("Pet: {type: object,", "Pet: {type: object, additionalProperties: true,");
    let found = changes(&spec("", ""), &open);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Verdict::Compatible);
    assert_eq!(found[0].1, "#/components/schemas/Pet/additionalProperties");
    assert!(
        found[0]
            .2
            .contains("undeclared properties field `Pet::additional_properties: BTreeMap<String, serde_json::Value>`"),
        "{found:?}"
    );
    // Closing the object again removes the field: callers reading it break.
    let found = changes(&open, &spec("", ""));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Verdict::Breaking);
    assert!(found[0].2.contains("field `Pet::additional_properties` removed"), "{found:?}");
}
