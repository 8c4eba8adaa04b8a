//! WebKit settings for every window.
//!
//! On Linux, WebKitGTK composites pages with OpenGL. With no GPU (no DRM
//! render node, as on many reception PCs, virtual machines and CI) that GL is
//! Mesa's software rasteriser: the web process loads and runs a whole
//! software OpenGL stack to do what its CPU painter does directly — measured
//! here, about 100 MiB more memory and a 600-visit day painted in ≈ 1.1 s
//! instead of ≈ 0.3 s. So when no render node exists, each window's
//! hardware-acceleration policy is set to "never".
//!
//! With a render node present nothing is changed: WebKit keeps its own
//! default, so a machine with a GPU renders exactly as before. (A GPU
//! machine could only lose by the switch: its compositing is real hardware.)
//!
//! `FRONTDESK_HARDWARE_ACCELERATION=never` or `=default` overrides the
//! guess, for a machine where it is wrong.

use std::path::Path;

use tauri::plugin::TauriPlugin;
use tauri::Runtime;

/// Where Linux lists its DRM devices; a GPU that can render has a `renderD*` node.
const DRI_DIR: &str = "/dev/dri";

/// Whether `dir` holds a DRM render node (`renderD128`, …).
pub fn has_render_node(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false)
}

/// The variable that overrides the guess: `never` or `default`.
pub const OVERRIDE_VARIABLE: &str = "FRONTDESK_HARDWARE_ACCELERATION";

/// Whether windows should paint without GPU compositing on this machine.
pub fn software_only() -> bool {
    decide(
        std::env::var(OVERRIDE_VARIABLE).ok().as_deref(),
        has_render_node(Path::new(DRI_DIR)),
    )
}

/// The choice from the override (if any) and whether a render node exists.
fn decide(choice: Option<&str>, render_node: bool) -> bool {
    match choice {
        Some("never") => true,
        Some("default") => false,
        _ => cfg!(target_os = "linux") && !render_node,
    }
}

/// A plugin that applies the settings to each webview as it is created.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    let software = software_only();
    tracing::info!(
        gpu_render_node = !software,
        "webkit hardware acceleration: {}",
        if software { "never" } else { "webkit default" }
    );
    tauri::plugin::Builder::new("webkit-settings")
        .on_webview_ready(move |webview| {
            if software {
                never_accelerate(&webview);
            }
        })
        .build()
}

#[cfg(target_os = "linux")]
fn never_accelerate<R: Runtime>(webview: &tauri::Webview<R>) {
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
    let applied = webview.with_webview(|platform| {
        if let Some(settings) = WebViewExt::settings(&platform.inner()) {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
    if let Err(error) = applied {
        tracing::warn!(%error, "webkit settings not applied");
    }
}

#[cfg(not(target_os = "linux"))]
fn never_accelerate<R: Runtime>(_webview: &tauri::Webview<R>) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_render_node_means_a_gpu() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_render_node(dir.path()), "an empty /dev/dri");
        std::fs::write(dir.path().join("card0"), b"").unwrap();
        assert!(
            !has_render_node(dir.path()),
            "a display card alone renders nothing"
        );
        std::fs::write(dir.path().join("renderD128"), b"").unwrap();
        assert!(has_render_node(dir.path()));
        assert!(
            !has_render_node(&dir.path().join("missing")),
            "no /dev/dri at all"
        );
    }
}
