//! Generates the Tauri context (config, embedded icons, capabilities) at build time.

fn main() {
    tauri_build::build();
}
