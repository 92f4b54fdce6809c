//! The page's state and its one reducer: the paste, the files, the clock, the drag highlight, and
//! the links (the deep-link view, what the page says about the link it was opened with, what
//! "Copy link" did, the catalogue search).
//!
//! Every change is an [`Action`]; [`PageState::apply`] is pure (it takes `now`), so the state
//! logic is unit-tested natively. The browser clock is read in exactly one place:
//! [`Reducible::reduce`], which stamps each action with it.

use std::rc::Rc;

use yew::Reducible;

use crate::link::{self, Link};

/// At most this much of a dropped or picked file is read (the core's cap, plus one byte so it
/// can say the input was cut): a 2 GB file is never read into memory.
pub const FILE_READ_CAP: usize = crate::detect::MAX_INPUT_BYTES + 1;

/// A file the user dropped or picked.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedFile {
    /// Its name.
    pub name: String,
    /// Its first [`FILE_READ_CAP`] bytes.
    pub data: Rc<Vec<u8>>,
}

/// What the page says above the paste box about the link it was opened with.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// An `#input=` link: its text is in the paste box.
    Opened,
    /// An `#input=` link that holds secrets (described): the page removes the fragment from the
    /// address bar while it says so.
    Secret(Vec<String>),
    /// A broken or unknown link: why.
    Invalid(String),
}

/// What "Copy link" did.
#[derive(Clone, Debug, PartialEq)]
pub struct Shared {
    /// The paste box's text when it was pressed (the message goes when the text changes).
    pub text: String,
    /// The link's length and what was taken out of it, or why there is no link.
    pub outcome: Result<(usize, Vec<String>), String>,
}

/// Everything the page shows depends on.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PageState {
    /// The paste box.
    pub text: String,
    /// Files dropped or picked, in order.
    pub files: Vec<LoadedFile>,
    /// Files that could not be read: (name, why).
    pub failed: Vec<(String, String)>,
    /// The instant the report is made for (milliseconds since the epoch).
    pub now_ms: f64,
    /// A drag is over the paste zone.
    pub dragging: bool,
    /// The deep-link view above the paste box: `Link::Explain`, `Link::Gen`, or `Link::None`.
    pub view: Link,
    /// What the page says about the link it was opened with.
    pub notice: Option<Notice>,
    /// What "Copy link" did last.
    pub shared: Option<Shared>,
    /// The catalogue's search box.
    pub search: String,
    /// How many fragments were followed (so the page acts on each, even the same twice).
    pub followed: u32,
}

/// One change to the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The paste box now holds this text.
    SetText(String),
    /// Files were read (and some may have failed).
    AddFiles {
        /// The files read.
        files: Vec<LoadedFile>,
        /// The files that could not be read: (name, why).
        failed: Vec<(String, String)>,
    },
    /// "Clear": text, files and failures.
    Clear,
    /// A second passed while a time-sensitive report is shown.
    Tick,
    /// A drag entered or left the paste zone.
    Drag(bool),
    /// The page was opened with, or moved to, this URL fragment.
    Follow(String),
    /// "Close" on a deep-link view.
    CloseView,
    /// "Dismiss" on a notice.
    Dismiss,
    /// The catalogue search box now holds this text.
    Search(String),
    /// "Copy link" was pressed.
    Shared(Shared),
}

impl PageState {
    /// The state after `action`, at `now_ms`.
    pub fn apply(&self, action: Action, now_ms: f64) -> PageState {
        let mut next = self.clone();
        match action {
            Action::SetText(text) => {
                next.text = text;
                next.now_ms = now_ms;
            }
            Action::AddFiles { files, failed } => {
                next.files.extend(files);
                next.failed = failed;
                next.dragging = false;
                next.now_ms = now_ms;
            }
            Action::Clear => {
                next.text.clear();
                next.files.clear();
                next.failed.clear();
                next.now_ms = now_ms;
            }
            Action::Tick => next.now_ms = now_ms,
            Action::Drag(over) => next.dragging = over,
            Action::Follow(fragment) => {
                next.followed = next.followed.wrapping_add(1);
                next.view = Link::None;
                next.notice = match link::parse(&fragment) {
                    Link::Input(text) => {
                        let secrets = link::secrets_in(&text);
                        next.text = text;
                        next.now_ms = now_ms;
                        Some(if secrets.is_empty() {
                            Notice::Opened
                        } else {
                            Notice::Secret(secrets)
                        })
                    }
                    Link::Invalid(why) => Some(Notice::Invalid(why)),
                    view => {
                        next.view = view;
                        None
                    }
                };
            }
            Action::CloseView => next.view = Link::None,
            Action::Dismiss => next.notice = None,
            Action::Search(text) => next.search = text,
            Action::Shared(shared) => next.shared = Some(shared),
        }
        next
    }

    /// What "Copy link" said, while the paste box still holds the text it was pressed on.
    pub fn shared_now(&self) -> Option<&Shared> {
        self.shared.as_ref().filter(|s| s.text == self.text)
    }

    /// The whole seconds the report is made for: ticks within one second change nothing.
    pub fn now_secs(&self) -> i64 {
        (self.now_ms / 1000.0).floor() as i64
    }
}

impl Reducible for PageState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action, now_millis()))
    }
}

/// Milliseconds since the epoch, from the browser's clock: the one place the page reads it.
pub fn now_millis() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str) -> LoadedFile {
        LoadedFile { name: name.to_string(), data: Rc::new(b"x".to_vec()) }
    }

    #[test]
    fn text_and_files_are_stamped_with_the_clock() {
        let s = PageState::default().apply(Action::SetText("arn".into()), 1_500.0);
        assert_eq!((s.text.as_str(), s.now_ms), ("arn", 1_500.0));
        let s = s.apply(Action::AddFiles { files: vec![file("a")], failed: vec![] }, 2_000.0);
        assert_eq!((s.files.len(), s.now_ms), (1, 2_000.0));
        let s = s.apply(Action::AddFiles { files: vec![file("b")], failed: vec![] }, 3_000.0);
        assert_eq!(s.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    }

    #[test]
    fn a_failed_read_is_kept_until_the_next_files_or_clear() {
        let failed = vec![(String::from("big.bin"), String::from("NotReadableError"))];
        let s = PageState::default()
            .apply(Action::Drag(true), 0.0)
            .apply(Action::AddFiles { files: vec![], failed: failed.clone() }, 1.0);
        assert_eq!(s.failed, failed);
        assert!(!s.dragging, "a drop ends the drag highlight");
        let cleared = s.apply(Action::Clear, 2.0);
        assert!(cleared.failed.is_empty() && cleared.files.is_empty() && cleared.text.is_empty());
        let again = s.apply(Action::AddFiles { files: vec![file("ok")], failed: vec![] }, 3.0);
        assert!(again.failed.is_empty());
    }

    #[test]
    fn an_input_link_fills_the_paste_box_and_says_whether_it_holds_a_secret() {
        let arn = "arn:aws:iam::111122223333:role/admin";
        let plain = link::input_link("https://h.test/", arn).unwrap_or_default();
        let hash = plain.split_once('#').map(|(_, f)| f.to_string()).unwrap_or_default();
        let s = PageState::default().apply(Action::Follow(format!("#{hash}")), 5_000.0);
        assert_eq!((s.text.as_str(), s.now_ms, &s.notice), (arn, 5_000.0, &Some(Notice::Opened)));
        assert_eq!(s.view, Link::None);
        let token = include_str!("../../tests/data/examples/get-token.json");
        let raw = link::input_link("https://h.test/", token).unwrap_or_default();
        let hash = raw.split_once('#').map(|(_, f)| f.to_string()).unwrap_or_default();
        let s = s.apply(Action::Follow(hash), 6_000.0);
        assert_eq!(s.text, token);
        assert!(
            matches!(&s.notice, Some(Notice::Secret(what)) if what.iter().any(|w| w.starts_with("signature"))),
            "{:?}",
            s.notice
        );
    }

    #[test]
    fn views_broken_links_and_the_search() {
        let s = PageState::default().apply(Action::SetText("kept".into()), 1.0);
        let s = s.apply(Action::Follow("#explain=token.expired".into()), 2.0);
        assert_eq!(s.view, Link::Explain(Some("token.expired".into())));
        assert_eq!((s.text.as_str(), s.notice.as_ref()), ("kept", None), "a view keeps the paste");
        let s = s.apply(Action::Search("x509".into()), 3.0).apply(Action::CloseView, 4.0);
        assert_eq!((s.view.clone(), s.search.as_str()), (Link::None, "x509"));
        let s = s.apply(Action::Follow("#gen=nope".into()), 5.0);
        assert!(matches!(&s.notice, Some(Notice::Invalid(why)) if why.contains("nope")));
        assert_eq!((s.view.clone(), s.text.as_str()), (Link::None, "kept"));
        let s = s.apply(Action::Dismiss, 6.0).apply(Action::Follow(String::new()), 7.0);
        assert_eq!((s.view.clone(), s.notice.clone()), (Link::None, None));
    }

    #[test]
    fn the_copy_link_message_lasts_while_the_text_is_unchanged() {
        let s = PageState::default().apply(Action::SetText("a".into()), 1.0);
        let shared = Shared { text: "a".into(), outcome: Ok((40, vec![])) };
        let s = s.apply(Action::Shared(shared.clone()), 2.0);
        assert_eq!(s.shared_now(), Some(&shared));
        assert_eq!(s.apply(Action::SetText("ab".into()), 3.0).shared_now(), None);
    }

    #[test]
    fn ticks_move_only_the_clock_and_drags_only_the_highlight() {
        let s = PageState::default().apply(Action::SetText("t".into()), 1_000.0);
        let t = s.apply(Action::Tick, 2_999.0);
        assert_eq!((t.text.as_str(), t.now_secs()), ("t", 2));
        let d = t.apply(Action::Drag(true), 9_999.0);
        assert!(d.dragging);
        assert_eq!(d.now_ms, 2_999.0, "a drag does not re-stamp the report");
    }
}
