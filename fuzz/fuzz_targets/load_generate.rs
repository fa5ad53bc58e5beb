//! Arbitrary bytes as a spec: loading and generating may fail, but must never panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(spec) = openapi_client_gen::load::load_str(&text, "fuzz.yaml") {
        let _ = openapi_client_gen::generate(&spec, &openapi_client_gen::Settings::default());
    }
});
