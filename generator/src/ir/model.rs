//! The intermediate representation: plain data describing the client, independent of both the
//! OpenAPI document and the Rust tokens. Every name in it is already a valid, unique Rust identifier.

use crate::error::Diagnostic;
use crate::pointer::JsonPointer;

/// Everything the emitter needs to write a client.
#[derive(Clone, Debug)]
pub struct Ir {
    /// The API's title, description and version, for crate docs.
    pub api: ApiInfo,
    /// Every type, indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    /// Every operation, in document order.
    pub operations: Vec<Operation>,
    /// The security schemes operations use, the one named first (the one the API key and
    /// `Client::new` set) at index 0; empty when no request carries credentials.
    pub schemes: Vec<SecurityScheme>,
    /// The webhooks the API sends (OpenAPI 3.1 `webhooks`, or `x-webhooks` in 3.0), if it declares any.
    pub webhooks: Option<Webhooks>,
    /// Things skipped or approximated, with their locations.
    pub warnings: Vec<Diagnostic>,
    /// With the `tag-features` setting, the cargo feature of each tag (and of untagged operations),
    /// sorted by name; empty otherwise.
    pub tag_features: Vec<TagFeature>,
}

impl Ir {
    /// The definition behind an id.
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// How many fields the `lenient-responses` setting turned into `Option`s.
    pub fn lenient_field_count(&self) -> usize {
        self.types
            .iter()
            .filter_map(|def| match &def.kind {
                TypeKind::Struct(fields) => Some(fields.iter().filter(|field| field.lenient).count()),
                _ => None,
            })
            .sum()
    }
}

/// Crate-level facts about the API.
#[derive(Clone, Debug)]
pub struct ApiInfo {
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.version`.
    pub version: String,
    /// The first server's URL with variables replaced by their defaults, if it is absolute.
    pub default_base_url: Option<String>,
}

/// Index of a type in [`Ir::types`]. Named schemas get theirs before any conversion, so references
/// (including circular ones) resolve to ids, never to half-built types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A generated type.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// The Rust name, unique in the types module.
    pub name: String,
    /// Rustdoc text.
    pub docs: Option<String>,
    /// Whether the schema is deprecated.
    pub deprecated: bool,
    /// What kind of item it is.
    pub kind: TypeKind,
    /// Where the schema is in the spec (for a derived type, the place it was derived from).
    pub pointer: JsonPointer,
    /// The cargo features that compile it (with the `tag-features` setting).
    pub features: FeatureGate,
    /// Whether this is an alias keeping an earlier name of the type it names (a copy that became the
    /// component's own type): it is generated, and compiled, whenever that type is.
    pub former_name: bool,
}

/// The cargo features under which an item is compiled: it is compiled when any of them is on (the
/// names are sorted and never empty). `None`: always compiled.
pub type FeatureGate = Option<Vec<String>>;

/// A cargo feature of the generated crate standing for a tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagFeature {
    /// The feature's name in `Cargo.toml`.
    pub name: String,
    /// The tag, as the spec writes it; `None` for the feature of operations without tags.
    pub tag: Option<String>,
    /// How many operations it compiles.
    pub operations: usize,
}

/// The shape of a generated type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(Vec<Field>),
    /// A string enum with a fallback variant for values this client does not know.
    Enum(StringEnum),
    /// An enum over object variants, told apart by a string property.
    Union(TaggedUnion),
    /// An enum over variants of any shape, the first that decodes winning (`oneOf` without a tag).
    Untagged(UntaggedUnion),
    /// A type alias for a named schema that needs no type of its own (`type Id = String`).
    Alias(TypeRef),
}

/// A struct field.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Field {
    /// The Rust field name.
    pub rust_name: String,
    /// The JSON property name.
    pub wire_name: String,
    /// The value type, before optionality.
    pub ty: TypeRef,
    /// Whether the property must be present.
    pub required: bool,
    /// Whether the value may be `null`.
    pub nullable: bool,
    /// Whether the field needs a `Box` to break a containment cycle.
    pub boxed: bool,
    /// Whether the property is deprecated.
    pub deprecated: bool,
    /// Whether the property is `readOnly`: the server's to set, left out of requests built as examples.
    pub read_only: bool,
    /// Rustdoc text.
    pub docs: Option<String>,
    /// Where the property is in the spec.
    pub pointer: JsonPointer,
    /// Whether this is the map of undeclared properties (`additionalProperties` beside `properties`),
    /// serialised with `#[serde(flatten)]`; its `wire_name` is empty and its type a `Map`.
    pub flatten: bool,
    /// Whether a required property may be missing from decoded data anyway (the `lenient-responses`
    /// setting, on types that appear in responses): an `Option` that `new` still takes as a value.
    pub lenient: bool,
}

impl Field {
    /// Whether the Rust type is wrapped in `Option`.
    pub fn is_optional(&self) -> bool {
        !self.flatten && (!self.required || self.nullable || self.lenient)
    }

    /// Whether `new(..)` takes the field as an argument (it has no `with_*` setter): required and not
    /// nullable, lenient or not, so building a value is the same in both modes.
    pub fn in_constructor(&self) -> bool {
        !self.flatten && self.required && !self.nullable
    }

    /// Whether the property may be left out and may also be `null`: three states, kept apart by
    /// `Nullable<T>` rather than `Option<T>`.
    pub fn is_tri_state(&self) -> bool {
        !self.flatten && !self.required && self.nullable
    }
}

/// A string enum.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StringEnum {
    /// Known values, in spec order.
    pub variants: Vec<EnumVariant>,
    /// The name of the variant that keeps unknown values.
    pub fallback: String,
}

/// One known enum value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EnumVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// The value on the wire.
    pub wire_value: String,
}

/// An internally tagged union (`oneOf` with a discriminator).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TaggedUnion {
    /// The property holding the tag.
    pub tag: String,
    /// Known variants, in spec order.
    pub variants: Vec<UnionVariant>,
    /// The variant an object without the tag property is (the one member that declares the tag but does
    /// not require it), by index into `variants`.
    pub when_absent: Option<usize>,
    /// Members that are not objects (a directory listing beside file objects): variants tried, in order,
    /// on values that are not objects, which carry no tag.
    pub others: Vec<UntaggedVariant>,
    /// The name of the variant that keeps objects with an unknown tag.
    pub fallback: String,
}

impl TaggedUnion {
    /// Whether every tag is a JSON string (then serde's own internally tagged form can write them).
    pub fn has_string_tags(&self) -> bool {
        self.variants.iter().all(|variant| matches!(variant.tag_value, TagValue::String(_)))
    }
}

/// A tag value, with its JSON type: `"card"`, `true` and `1` are different tags.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TagValue {
    /// A JSON string.
    String(String),
    /// A JSON boolean.
    Bool(bool),
    /// A JSON integer.
    Integer(i64),
}

impl TagValue {
    /// The value as written in a discriminator mapping key and in docs (`card`, `true`, `1`).
    pub fn text(&self) -> String {
        match self {
            TagValue::String(value) => value.clone(),
            TagValue::Bool(value) => value.to_string(),
            TagValue::Integer(value) => value.to_string(),
        }
    }

    /// Whether a JSON value is this tag, of the same JSON type.
    pub fn is(&self, value: &serde_json::Value) -> bool {
        match self {
            TagValue::String(tag) => value.as_str() == Some(tag),
            TagValue::Bool(tag) => value.as_bool() == Some(*tag),
            TagValue::Integer(tag) => value.as_i64() == Some(*tag),
        }
    }
}

/// One union variant: a tag value and the type holding the rest of the object.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// The tag value on the wire.
    pub tag_value: TagValue,
    /// Further tag values the variant stands for (a member whose tag property allows several): its payload
    /// then keeps the tag as a field of its own, which says which value an object has.
    pub other_values: Vec<TagValue>,
    /// The payload: a struct without the tag property, or a union of such structs (a member that is
    /// itself a union, all of whose members share this tag value).
    pub payload: TypeId,
}

/// A union without a tag: variants are tried in order, so the most specific come first.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UntaggedUnion {
    /// The variants, most specific first.
    pub variants: Vec<UntaggedVariant>,
    /// The name of the variant that keeps values matching no other.
    pub fallback: String,
}

/// One variant of an untagged union.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UntaggedVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// The value it holds.
    pub ty: TypeRef,
    /// For an operation's error enum: the statuses whose body is this variant.
    pub statuses: Vec<ErrorStatus>,
}

/// A use of a type: in a field, a parameter or a body.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// A generated type.
    Named(TypeId),
    /// A built-in scalar.
    Scalar(Scalar),
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// A JSON object with arbitrary keys and values of one type.
    Map(Box<TypeRef>),
    /// `Option<T>`: an array item or map value that may be `null` (fields carry their own nullability).
    Nullable(Box<TypeRef>),
    /// A Rust type named by the settings in place of a schema (already checked to parse as a type).
    External(String),
    /// Any JSON value (free-form or unsupported schemas).
    #[default]
    Json,
}

/// Scalars that map to a Rust built-in or a well-known crate type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scalar {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32` (format int32).
    I32,
    /// `i64` (integers without a narrower format).
    I64,
    /// `f32` (format float).
    F32,
    /// `f64` (numbers without a narrower format).
    F64,
    /// `chrono::DateTime<Utc>` (format date-time).
    DateTime,
    /// `chrono::NaiveDate` (format date).
    Date,
    /// `UnixSeconds` of the runtime's `timestamp` module: an integer with format `unixtime`.
    UnixSeconds,
    /// `UnixMillis` of the runtime's `timestamp` module: an integer with format `unixtime-ms`.
    UnixMillis,
    /// `Vec<u8>`: file contents in multipart and binary bodies.
    Bytes,
}

/// One API operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// The method name on `Client` (snake case).
    pub method_name: String,
    /// The request builder's type name.
    pub builder_name: String,
    /// The spec's operationId, or the name derived from method and path.
    pub operation_id: String,
    /// HTTP method, upper case.
    pub http_method: String,
    /// The path template, such as `/pets/{id}`.
    pub path: String,
    /// The same template split into literal text and parameters.
    pub path_segments: Vec<PathSegment>,
    /// Rustdoc text from summary and description.
    pub docs: Option<String>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// Path, query and header parameters.
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<RequestBody>,
    /// The body of a successful response.
    pub success: ResponseBody,
    /// The declared error responses.
    pub errors: ErrorResponses,
    /// Alternative sets of security scheme names (as in the spec) the request may authenticate with, in
    /// the spec's order; an empty set means no credentials are needed; no sets at all, none are sent.
    pub security: Vec<Vec<String>>,
    /// How to follow the list from page to page, when the response is a recognised page.
    pub pagination: Option<Pagination>,
    /// The wire name of the header parameter carrying an idempotency key, when the operation declares one
    /// (`Idempotency-Key` or the configured `idempotency-header`, in any case): the server deduplicates
    /// the operation's requests, so they may be retried.
    pub idempotency_header: Option<String>,
    /// The data type of each server-sent event, when a success response offers `text/event-stream`
    /// (from the `data` of its OpenAPI 3.2 `itemSchema`, else its schema; `String` when it has neither, or
    /// a string one).
    pub events: Option<TypeRef>,
    /// The item stream of a success response in a JSON sequence media type with an `itemSchema`
    /// (OpenAPI 3.2 `application/jsonl`, `application/x-ndjson`, `application/json-seq`).
    pub lines: Option<LineStream>,
    /// The `Accept` header of a JSON success response whose media types are all other than
    /// `application/json` (`application/vnd.api+json`); `None` sends the runtime's default.
    pub accept: Option<String>,
    /// Where the operation is in the spec (`#/paths/~1pets/get`).
    pub pointer: JsonPointer,
    /// The spec's tags of the operation.
    pub tags: Vec<String>,
    /// The cargo features that compile it (with the `tag-features` setting).
    pub features: FeatureGate,
}

/// A response streamed as a sequence of JSON values, one item each.
#[derive(Clone, Debug, PartialEq)]
pub struct LineStream {
    /// The type of each item.
    pub item: TypeRef,
    /// The media type asked for in `Accept`, as the spec writes it.
    pub media_type: String,
    /// How the items are separated.
    pub framing: LineFraming,
}

/// How the items of a [`LineStream`] are separated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineFraming {
    /// One value per line (`application/jsonl`, `application/x-ndjson`).
    Lines,
    /// Each value after an ASCII record separator, 0x1E (`application/json-seq`, RFC 7464).
    RecordSeparated,
}

/// A piece of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSegment {
    /// Text sent as it is.
    Literal(String),
    /// The path parameter at this index of [`Operation::params`], percent-encoded.
    Param(usize),
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    /// Substituted into the path template.
    Path,
    /// Appended to the query string.
    Query,
    /// Sent as a request header.
    Header,
    /// Sent in the `Cookie` header.
    Cookie,
}

/// One operation parameter.
#[derive(Clone, Debug)]
pub struct Param {
    /// The Rust name (builder setter or method argument).
    pub rust_name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its value type.
    pub ty: TypeRef,
    /// Required parameters are method arguments; optional ones are builder setters.
    pub required: bool,
    /// How arrays and objects are written into the query string.
    pub style: QueryStyle,
    /// Whether the parameter is deprecated.
    pub deprecated: bool,
    /// Rustdoc text.
    pub docs: Option<String>,
    /// Where the parameter is in the spec.
    pub pointer: JsonPointer,
}

/// How arrays and objects in a query parameter are serialised (OpenAPI `style` and `explode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryStyle {
    /// `style: form`: exploded arrays repeat the name, objects spread into their properties; otherwise
    /// values are comma-separated.
    Form {
        /// Whether arrays and objects are exploded (the default for `form`).
        explode: bool,
    },
    /// `style: deepObject`: `name[property]=value`.
    DeepObject,
    /// `style: spaceDelimited` or `pipeDelimited`: array values joined by this separator.
    Delimited(char),
}

/// How a request body is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON (`application/json` and `+json` types).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`: one part per property, files from byte fields.
    Multipart,
    /// Text sent as it is (`text/*`).
    Text,
    /// Bytes sent as they are (`application/octet-stream` and other binary types).
    Binary,
}

/// A successful response's body.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ResponseBody {
    /// No body (or one this client ignores).
    #[default]
    Empty,
    /// JSON decoded into this type; `optional` when some success statuses carry no body (then `None`).
    Json {
        /// The decoded type.
        ty: TypeRef,
        /// Whether the body may be empty.
        optional: bool,
    },
    /// Text, returned as a `String`.
    Text,
    /// Bytes, returned as they are.
    Binary,
}

/// A request body.
#[derive(Clone, Debug)]
pub struct RequestBody {
    /// Its type.
    pub ty: TypeRef,
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// The media type sent as `Content-Type`.
    pub content_type: String,
    /// Whether it must be sent.
    pub required: bool,
    /// Rustdoc text.
    pub docs: Option<String>,
}

/// The error statuses an operation declares and the body type they share.
#[derive(Clone, Debug, Default)]
pub struct ErrorResponses {
    /// Declared error status codes, ascending.
    pub statuses: Vec<u16>,
    /// Declared status classes (`4XX` is 4), ascending.
    pub ranges: Vec<u16>,
    /// Whether a `default` response is declared (it covers every other error status).
    pub has_default: bool,
    /// The operation's error type: the body type the declared errors share (structurally identical
    /// schemas count as one), an enum over them when they differ (see `by_status`), `Json` when none
    /// declares a JSON body.
    pub body: TypeRef,
    /// Whether `body` is an enum over different error bodies, decoded by status (`from_status`).
    pub by_status: bool,
    /// The JSON body declared for each error status, until the errors pass settles `body` from them.
    pub declared: Vec<(ErrorStatus, TypeRef)>,
}

/// An error status as the spec declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ErrorStatus {
    /// One status code.
    Code(u16),
    /// A status class, `4XX` being 4.
    Class(u16),
    /// `default`: every status not declared otherwise.
    Default,
}

/// How to follow a paginated list from page to page.
#[derive(Clone, Debug)]
pub struct Pagination {
    /// Where the page's items are: a response field path, or the body itself when empty.
    pub items: FieldPath,
    /// The item type.
    pub item_type: TypeRef,
    /// How the next page is requested.
    pub style: PaginationStyle,
}

/// A chain of struct fields from the response body (`meta.next_cursor`).
pub type FieldPath = Vec<PathStep>;

/// One field of a [`FieldPath`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathStep {
    /// The Rust field name.
    pub rust_name: String,
    /// Whether the field is an `Option` (or a `Nullable`).
    pub optional: bool,
    /// Whether the field is a `Nullable` (read through `as_option`).
    pub tri_state: bool,
}

/// The pagination styles.
#[derive(Clone, Debug)]
pub enum PaginationStyle {
    /// A cursor from the body goes into a query parameter (a builder setter taking a string).
    Cursor {
        /// The setter.
        param: String,
        /// The next cursor (a string).
        next: FieldPath,
        /// The has-more flag (a bool).
        has_more: Option<FieldPath>,
    },
    /// Stripe's: the last item's id goes into the parameter while the has-more flag is true.
    LastId {
        /// The setter.
        param: String,
        /// The id field of an item (a string).
        id: FieldPath,
        /// The has-more flag.
        has_more: FieldPath,
    },
    /// The `Link` header's `rel="next"` URL.
    LinkHeader,
    /// The next page's URL from the body (a string).
    NextUrl {
        /// Its field.
        next: FieldPath,
    },
    /// An offset parameter advanced by the items received.
    Offset {
        /// The offset setter (an integer).
        param: String,
        /// Its integer type.
        param_ty: Scalar,
        /// The page size setter, if any.
        limit: Option<(String, Scalar)>,
        /// The total item count (an integer).
        total: Option<FieldPath>,
    },
    /// A page number parameter, from 1.
    PageNumber {
        /// The page setter (an integer).
        param: String,
        /// Its integer type.
        param_ty: Scalar,
        /// The page size setter, if any.
        limit: Option<(String, Scalar)>,
        /// The has-more flag.
        has_more: Option<FieldPath>,
        /// The total page count (an integer).
        total: Option<FieldPath>,
    },
}

impl PaginationStyle {
    /// The style's name in the config file and the README.
    pub fn name(&self) -> &'static str {
        match self {
            PaginationStyle::Cursor { .. } => "cursor",
            PaginationStyle::LastId { .. } => "stripe",
            PaginationStyle::LinkHeader => "link-header",
            PaginationStyle::NextUrl { .. } => "next-url",
            PaginationStyle::Offset { .. } => "offset",
            PaginationStyle::PageNumber { .. } => "page",
        }
    }

    /// Whether the next request goes to a URL the server gave.
    pub fn follows_urls(&self) -> bool {
        matches!(self, PaginationStyle::LinkHeader | PaginationStyle::NextUrl { .. })
    }
}

/// A security scheme the client can apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its name under `components.securitySchemes`.
    pub name: String,
    /// The snake-case name of its `ClientBuilder` setter (used when the spec has several schemes).
    pub rust_name: String,
    /// How its credential travels.
    pub kind: AuthScheme,
}

/// How a credential travels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// The key sent as-is in a header.
    ApiKeyHeader(String),
    /// The key sent as a query parameter.
    ApiKeyQuery(String),
    /// The key sent as a cookie.
    ApiKeyCookie(String),
    /// `Authorization: Bearer <key>`.
    Bearer,
    /// `Authorization: Basic <base64(key)>`, the key being `user:password`.
    Basic,
    /// `Authorization: <scheme> <credential>` for an HTTP scheme the runtime does not compute itself
    /// (`digest`, `hoba`, a vendor's own): the caller's credentials supply everything after the scheme.
    HttpScheme(String),
    /// `Authorization: Bearer <token>`, the token obtained with OAuth2 client credentials from
    /// `token_url` (or given directly).
    OAuth2ClientCredentials {
        /// The flow's `tokenUrl`, possibly relative to the server.
        token_url: String,
    },
}

/// The webhooks a spec declares, and the one type every delivery decodes into.
#[derive(Clone, Debug)]
pub struct Webhooks {
    /// What `Webhook::verify` returns: the shared payload type, or a union over the payloads.
    pub payload: TypeRef,
    /// Every webhook, sorted by name.
    pub events: Vec<Webhook>,
}

/// One webhook: an event the API sends to a receiver.
#[derive(Clone, Debug)]
pub struct Webhook {
    /// The key under `webhooks` (often the event type, such as `customer.created`).
    pub name: String,
    /// The type of its JSON body.
    pub payload: TypeRef,
    /// Where it is declared.
    pub pointer: JsonPointer,
}
