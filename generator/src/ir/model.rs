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
    /// How requests authenticate.
    pub auth: Option<AuthScheme>,
    /// Things skipped or approximated, with their locations.
    pub warnings: Vec<Diagnostic>,
}

impl Ir {
    /// The definition behind an id.
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
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
}

/// The shape of a generated type.
#[derive(Clone, Debug)]
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
#[derive(Clone, Debug)]
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
    /// Rustdoc text.
    pub docs: Option<String>,
    /// Where the property is in the spec.
    pub pointer: JsonPointer,
}

impl Field {
    /// Whether the Rust type is wrapped in `Option`.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }

    /// Whether the property may be left out and may also be `null`: three states, kept apart by
    /// `Nullable<T>` rather than `Option<T>`.
    pub fn is_tri_state(&self) -> bool {
        !self.required && self.nullable
    }
}

/// A string enum.
#[derive(Clone, Debug)]
pub struct StringEnum {
    /// Known values, in spec order.
    pub variants: Vec<EnumVariant>,
    /// The name of the variant that keeps unknown values.
    pub fallback: String,
}

/// One known enum value.
#[derive(Clone, Debug)]
pub struct EnumVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// The value on the wire.
    pub wire_value: String,
}

/// An internally tagged union (`oneOf` with a discriminator).
#[derive(Clone, Debug)]
pub struct TaggedUnion {
    /// The property holding the tag.
    pub tag: String,
    /// Known variants, in spec order.
    pub variants: Vec<UnionVariant>,
    /// The name of the variant that keeps objects with an unknown tag.
    pub fallback: String,
}

/// One union variant: a tag value and the struct holding the rest of the object.
#[derive(Clone, Debug)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// The tag value on the wire.
    pub tag_value: String,
    /// The payload struct (without the tag property).
    pub payload: TypeId,
}

/// A union without a tag: variants are tried in order, so the most specific come first.
#[derive(Clone, Debug)]
pub struct UntaggedUnion {
    /// The variants, most specific first.
    pub variants: Vec<UntaggedVariant>,
    /// The name of the variant that keeps values matching no other.
    pub fallback: String,
}

/// One variant of an untagged union.
#[derive(Clone, Debug)]
pub struct UntaggedVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// The value it holds.
    pub ty: TypeRef,
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
    /// Whether requests carry credentials.
    pub authenticated: bool,
    /// Cursor pagination, when the response is a recognised page envelope.
    pub pagination: Option<Pagination>,
    /// Where the operation is in the spec (`#/paths/~1pets/get`).
    pub pointer: JsonPointer,
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
    /// The body type of the declared errors; `Json` when they differ or none declares one.
    pub body: TypeRef,
}

/// How to follow a cursor-paginated list.
#[derive(Clone, Debug)]
pub struct Pagination {
    /// The field of the response holding the page's items.
    pub items_field: String,
    /// The item type.
    pub item_type: TypeRef,
    /// The response field holding the next cursor (a string).
    pub next_cursor_field: String,
    /// Whether that field is an `Option`.
    pub next_cursor_optional: bool,
    /// The response field saying whether more pages exist, and whether it is an `Option`.
    pub has_more_field: Option<(String, bool)>,
    /// The builder setter (query parameter) that takes the cursor.
    pub cursor_param: String,
}

/// How the client authenticates.
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
}
