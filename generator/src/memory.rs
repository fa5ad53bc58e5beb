//! Handing memory freed between stages back to the system.
//!
//! glibc keeps freed memory in the arena it came from, for later allocations from that arena. The
//! formatting threads allocate from arenas of their own, so the parsed spec, freed while the IR is being
//! finished, would stay resident through formatting, and the peak would not fall; `malloc_trim` returns
//! those pages. This is for programs that generate through the library with the system allocator: the
//! CLI allocates through mimalloc, which returns freed pages itself (see `main.rs`), and the call then
//! finds next to nothing in glibc's arenas.

/// Returns the free pages of every allocator arena to the system (glibc on Linux; elsewhere a no-op).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn release_freed() {
    unsafe extern "C" {
        fn malloc_trim(pad: usize) -> std::ffi::c_int;
    }
    // SAFETY: `malloc_trim` takes no pointers and only releases pages no allocation uses.
    unsafe {
        malloc_trim(0);
    }
}

/// Returns the free pages of every allocator arena to the system (glibc on Linux; elsewhere a no-op).
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn release_freed() {}
