//! Handing memory freed between stages back to the system.
//!
//! glibc keeps what a thread frees for that thread's later allocations. The formatting threads allocate
//! from arenas of their own, so the parsed spec the main thread frees once the IR is built would stay
//! resident through formatting, and the peak would not fall; `malloc_trim` returns those pages.

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
