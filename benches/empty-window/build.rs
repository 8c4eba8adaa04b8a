//! Tauri's build step for the empty window (its context and capabilities).

fn main() {
    tauri_build::build();
}
