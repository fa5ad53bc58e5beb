//! Bundling multi-file descriptions.
