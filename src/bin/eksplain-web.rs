//! The browser entry point built by Trunk: install the panic hook, mount the app.

fn main() {
    eksplain::ui::install_panic_hook();
    yew::Renderer::<eksplain::ui::App>::new().render();
}
