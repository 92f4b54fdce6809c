//! The browser entry point built by Trunk: install the panic hook, mount the app.

fn main() {
    eksplain::ui::install_panic_hook();
    // Mounted in its own element: Yew empties the element it mounts in, and the page's skip link,
    // live region and panic banner (index.html) must stay.
    let root =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<eksplain::ui::App>::with_root(root).render(),
        None => yew::Renderer::<eksplain::ui::App>::new().render(),
    };
}
