//! Stage 2: the loaded document becomes the [`Ir`]: named types, operations and auth, with every name
//! final. Problems are collected across the whole document and reported together.

mod bodies;
mod compose;
mod docs;
mod errors;
mod extra_methods;
mod features;
mod finalize;
mod fold;
mod lenient;
mod model;
#[cfg(test)]
mod oas32_tests;
mod objects;
mod operations;
mod pagination;
mod params;
mod path_template;
mod prune;
mod security;
mod sequential;
mod types;
mod unions;
mod webhooks;

pub use bodies::media_essence;
pub use features::{UNTAGGED, union_of};
pub use model::*;
pub use unions::accepts_anything;

use crate::error::{Diagnostic, Error};
use crate::load::LoadedSpec;
use crate::pointer::JsonPointer;
use crate::settings::Settings;

/// Builds the IR for a loaded spec.
pub fn build(spec: &LoadedSpec, settings: &Settings) -> Result<Ir, Error> {
    build_from(Source::loaded(spec), JsonFacts::read(&spec.raw, &spec.label), settings)
}

/// The typed document and what diagnostics about it need.
pub struct Source<'a> {
    /// The typed document.
    pub document: &'a openapiv3::OpenAPI,
    /// How the spec is named in messages.
    pub label: &'a str,
    /// Moves diagnostics to the files and pointers the user wrote.
    pub source_map: &'a crate::load::SourceMap,
    /// The loader's own warnings, reported first.
    pub warnings: &'a [Diagnostic],
}

impl<'a> Source<'a> {
    /// The typed document of a loaded spec.
    pub fn loaded(spec: &'a LoadedSpec) -> Self {
        Source { document: &spec.document, label: &spec.label, source_map: &spec.source_map, warnings: &spec.warnings }
    }

    /// The typed document of a spec loaded without its JSON.
    pub fn typed(spec: &'a crate::load::TypedSpec) -> Self {
        Source { document: &spec.document, label: &spec.label, source_map: &spec.source_map, warnings: &spec.warnings }
    }
}

/// What the IR reads from the spec's JSON rather than from the typed document, which has no place for
/// it (3.1 webhooks, OpenAPI 3.2's methods and item schemas, tags that only select union variants).
/// Read first, so that a caller with no other use for the JSON can free it before the IR is built.
pub struct JsonFacts {
    webhooks: webhooks::DeclaredWebhooks,
    extra_operations: extra_methods::ExtraOperations,
    extra_errors: Vec<Diagnostic>,
    extra_warnings: Vec<Diagnostic>,
    item_schemas: sequential::ItemSchemas,
    item_warnings: Vec<Diagnostic>,
    builder: types::BuilderFacts,
}

impl JsonFacts {
    /// Reads them from the spec's JSON; `label` names the spec in diagnostics.
    pub fn read(raw: &serde_json::Value, label: &str) -> Self {
        let (extra_operations, extra_errors, extra_warnings) = extra_methods::parse(raw, label);
        let (item_schemas, item_warnings) = sequential::parse(raw, label);
        JsonFacts {
            webhooks: webhooks::read(raw, label),
            extra_operations,
            extra_errors,
            extra_warnings,
            item_schemas,
            item_warnings,
            builder: types::BuilderFacts::read(raw),
        }
    }
}

/// Builds the IR from the typed document and the facts read from its JSON.
pub fn build_from(spec: Source<'_>, facts: JsonFacts, settings: &Settings) -> Result<Ir, Error> {
    convert(spec, facts, settings)?.finish(settings)
}

/// The IR once everything has been read from the document. The rest of the build (pruning, folding,
/// cycles, pagination) needs the document no more, so a caller can free it meanwhile.
pub struct Converted {
    api: ApiInfo,
    types: Vec<TypeDef>,
    operations: Vec<Operation>,
    schemes: Vec<SecurityScheme>,
    webhooks: Option<Webhooks>,
    warnings: Vec<Diagnostic>,
    roots: Option<Vec<TypeId>>,
}

/// Converts the document's types, operations and webhooks; the spec's errors (and, with `strict`, its
/// warnings) end the build here.
pub fn convert(spec: Source<'_>, facts: JsonFacts, settings: &Settings) -> Result<Converted, Error> {
    let document = spec.document;
    let parsed_webhooks = webhooks::parse(facts.webhooks, document, spec.label);
    let mut builder = types::TypeBuilder::new(document, facts.builder, spec.label, settings);
    builder.item_schemas = Some(&facts.item_schemas);
    facts.extra_errors.into_iter().for_each(|error| builder.error(error));
    builder.warnings.extend(facts.extra_warnings.into_iter().chain(facts.item_warnings));
    builder.convert_components();
    let mut operations = operations::convert_operations(&mut builder, settings, &facts.extra_operations);
    let schemes = security::security_schemes(&mut builder);
    security::keep_applicable_requirements(&mut operations, &schemes);
    errors::settle_error_types(&mut builder, &mut operations);
    let webhooks = webhooks::convert(&mut builder, &parsed_webhooks);
    let roots = prune_roots(&builder, settings, operations.is_empty() && webhooks.is_none());
    let (mut types, errors, builder_warnings) = builder.finish();
    // Pointers into a converted or bundled document, moved to where the user wrote them.
    let mut errors = spec.source_map.relocate_all(errors, spec.label);
    let mut warnings = spec.warnings.to_vec();
    warnings.extend(spec.source_map.relocate_all(builder_warnings, spec.label));
    for name in finalize::break_alias_cycles(&mut types) {
        let warning = Diagnostic::new(
            spec.label,
            JsonPointer::root().join("components").join("schemas"),
            format!("`{name}` is an alias of itself through other aliases; using a JSON value"),
        );
        warnings.push(spec.source_map.relocate(warning, spec.label));
    }
    dedup_in_order(&mut errors);
    dedup_in_order(&mut warnings);
    if settings.strict {
        errors.append(&mut warnings);
    }
    if !errors.is_empty() {
        return Err(Error::Spec(errors));
    }
    let info = &document.info;
    let default_base_url = match security::default_base_url(document) {
        Ok(url) => url,
        Err(message) => {
            let warning = Diagnostic::new(spec.label, JsonPointer::root().join("servers"), message);
            warnings.push(spec.source_map.relocate(warning, spec.label));
            None
        }
    };
    let api = ApiInfo {
        title: info.title.clone(),
        description: info.description.as_deref().and_then(docs::clean),
        version: info.version.clone(),
        default_base_url,
    };
    Ok(Converted { api, types, operations, schemes, webhooks, warnings, roots })
}

impl Converted {
    /// Prunes, folds and finishes the types, and finds each operation's pagination.
    pub fn finish(self, settings: &Settings) -> Result<Ir, Error> {
        let Converted { api, mut types, mut operations, schemes, mut webhooks, warnings, roots } = self;
        if let Some(roots) = roots {
            prune::keep_reachable(&mut types, &mut operations, webhooks.as_mut(), &roots);
        }
        fold::fold_identical(&mut types, &mut operations, webhooks.as_mut());
        unions::order_untagged(&mut types);
        finalize::box_cycles(&mut types);
        if settings.lenient_responses {
            // Before pagination is detected, so the paths it reads through know which fields are options.
            lenient::mark(&mut types, &operations, webhooks.as_ref());
        }
        let mut pagination_errors = Vec::new();
        for operation in &mut operations {
            operation.idempotency_header = idempotency_param(operation, settings.idempotency_header.as_deref());
            match pagination::detect(operation, &types, &settings.pagination) {
                Ok(found) => operation.pagination = found,
                Err(reason) => pagination_errors.push(Diagnostic::new(
                    "settings",
                    JsonPointer::root().join("pagination").join("operations").join(&operation.operation_id),
                    format!("`{}` cannot be paginated as configured: {reason}", operation.operation_id),
                )),
            }
        }
        if !pagination_errors.is_empty() {
            return Err(Error::Spec(pagination_errors));
        }
        let tag_features = if settings.tag_features {
            features::assign(&mut operations, &mut types, webhooks.as_mut(), settings.types_only)
        } else {
            Vec::new()
        };
        Ok(Ir { api, types, operations, schemes, webhooks, warnings, tag_features })
    }
}

/// The types kept besides what the generated operations and webhooks reach, or `None` to keep every
/// type. A `types-only` crate, and the crate of a spec that describes no operation or webhook (a schema
/// library), keep every schema: nothing else would be left. With `emit-unreachable-types` every schema is
/// a root, and otherwise the ones `type-names` names (the user asked for them by name).
fn prune_roots(builder: &types::TypeBuilder<'_>, settings: &Settings, schemas_only: bool) -> Option<Vec<TypeId>> {
    let filtered = !settings.operations.is_empty();
    if !filtered && (settings.types_only || settings.emit_unreachable_types || schemas_only) {
        return None;
    }
    Some(if settings.emit_unreachable_types {
        builder.all_component_ids()
    } else {
        builder.component_ids(settings.type_names.keys())
    })
}

/// The same problem can be reached along several paths (a ref cycle from each member); report it once.
fn dedup_in_order(diagnostics: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::BTreeSet::new();
    diagnostics.retain(|diagnostic| seen.insert(diagnostic.to_string()));
}

/// The header parameter through which the operation takes an idempotency key: one named
/// `Idempotency-Key` or the configured header, in any case.
fn idempotency_param(operation: &Operation, configured: Option<&str>) -> Option<String> {
    let names = ["Idempotency-Key"].into_iter().chain(configured);
    operation
        .params
        .iter()
        .filter(|param| param.location == ParamLocation::Header)
        .find(|param| names.clone().any(|name| param.wire_name.eq_ignore_ascii_case(name)))
        .map(|param| param.wire_name.clone())
}
