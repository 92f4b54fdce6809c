//! The page's state and its one reducer: the paste, the files, the clock the report is made at,
//! the drag highlight, and the links (the deep-link view, what the page says about the link it
//! was opened with, what "Copy link" did, the catalogue search).
//!
//! Every change is an [`Action`]; [`PageState::apply`] is pure (it takes `now`), so the state
//! logic is unit-tested natively. The browser clock is read by [`now_millis`]: in
//! [`Reducible::reduce`], which stamps each action with it, and by the countdowns, which only
//! redraw their own text.
//!
//! The report is made again only when [`PageState::generation`] changes: on new input, or when a
//! time boundary of the report passes ([`Action::Restamp`]). A countdown ticking is not an
//! action at all, and typing into a large paste waits for a pause ([`Action::Type`]).

use std::rc::Rc;

use yew::Reducible;

use crate::link::{self, Link};
use crate::ui::certs::{CertView, Column};

/// At most this much of a dropped or picked file is read (the core's cap, plus one byte so it
/// can say the input was cut): a 2 GB file is never read into memory.
pub const FILE_READ_CAP: usize = crate::detect::MAX_INPUT_BYTES + 1;

/// Typing into a paste box holding more than this many bytes is inspected once typing pauses
/// ([`SETTLE_MS`]), not on every keystroke; a paste is inspected at once whatever its size.
pub const TYPING_DEBOUNCE_BYTES: usize = 16 * 1024;

/// How long typing into a large paste box must pause before it is inspected, in milliseconds.
pub const SETTLE_MS: u32 = 200;

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
    /// Changes whenever the report must be made again (from `text`, `files` and `now_ms`): new
    /// input, or a time boundary passed. Nothing else makes a report.
    pub generation: u32,
    /// The paste box holds typing the report does not show yet (a large paste, typing not paused).
    pub pending: bool,
    /// Keystrokes while `pending` (each one restarts the wait for a pause).
    pub typed: u32,
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
    /// How the certificate table is sorted and filtered, and which rows are open.
    pub certs: CertView,
}

/// One change to the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The paste box now holds this text (pasted, dropped, an example, a link, or typed before
    /// the page was ready): inspected at once.
    SetText(String),
    /// The paste box now holds this text, typed: inspected at once, unless the text is over
    /// [`TYPING_DEBOUNCE_BYTES`], then once typing pauses ([`Action::Settle`]).
    Type(String),
    /// Typing paused for [`SETTLE_MS`]: inspect what was typed.
    Settle,
    /// Files were read (and some may have failed).
    AddFiles {
        /// The files read.
        files: Vec<LoadedFile>,
        /// The files that could not be read: (name, why).
        failed: Vec<(String, String)>,
    },
    /// "Clear": text, files and failures.
    Clear,
    /// A time boundary of the report passed (`Report::next_change`: a token or certificate
    /// expired, a warning window started): make the report again, for now.
    Restamp,
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
    /// A header of the certificate table was pressed: sort by it (the other way if it was).
    SortCerts(Column),
    /// The certificate table's filter now holds this text.
    FilterCerts(String),
    /// A row of the certificate table was opened or closed (by its SHA-256 fingerprint).
    ToggleCert(String),
}

impl PageState {
    /// The state after `action`, at `now_ms`.
    pub fn apply(&self, action: Action, now_ms: f64) -> PageState {
        let mut next = self.clone();
        // Whether the report is to be made again, at `now_ms`.
        let mut inspect = true;
        match action {
            Action::SetText(text) => next.text = text,
            Action::Type(text) => {
                inspect = text.len() <= TYPING_DEBOUNCE_BYTES;
                next.text = text;
                if !inspect {
                    next.pending = true;
                    next.typed = next.typed.wrapping_add(1);
                }
            }
            Action::Settle => inspect = self.pending,
            Action::AddFiles { files, failed } => {
                next.files.extend(files);
                next.failed = failed;
                next.dragging = false;
            }
            Action::Clear => {
                next.text.clear();
                next.files.clear();
                next.failed.clear();
                // A filter left over would hide rows of the next bundle pasted.
                next.certs = CertView::default();
            }
            Action::Restamp => {}
            Action::Drag(over) => {
                next.dragging = over;
                inspect = false;
            }
            Action::Follow(fragment) => {
                next.followed = next.followed.wrapping_add(1);
                next.view = Link::None;
                inspect = false;
                next.notice = match link::parse(&fragment) {
                    Link::Input(text) => {
                        let secrets = link::secrets_in(&text);
                        next.text = text;
                        inspect = true;
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
            Action::CloseView => {
                next.view = Link::None;
                inspect = false;
            }
            Action::Dismiss => {
                next.notice = None;
                inspect = false;
            }
            Action::Search(text) => {
                next.search = text;
                inspect = false;
            }
            Action::Shared(shared) => {
                next.shared = Some(shared);
                inspect = false;
            }
            Action::SortCerts(column) => {
                next.certs.sort(column);
                inspect = false;
            }
            Action::FilterCerts(text) => {
                next.certs.filter = text;
                inspect = false;
            }
            Action::ToggleCert(fingerprint) => {
                next.certs.toggle(fingerprint);
                inspect = false;
            }
        }
        if inspect {
            next.now_ms = now_ms;
            next.generation = next.generation.wrapping_add(1);
            next.pending = false;
        }
        next
    }

    /// What "Copy link" said, while the paste box still holds the text it was pressed on.
    pub fn shared_now(&self) -> Option<&Shared> {
        self.shared.as_ref().filter(|s| s.text == self.text)
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
    fn only_input_and_passing_time_make_a_new_report() {
        let s = PageState::default().apply(Action::SetText("t".into()), 1_000.0);
        assert_eq!((s.generation, s.now_ms), (1, 1_000.0));
        // Nothing but input and a passed time boundary stamps the clock or makes a report: a
        // countdown's tick is not even an action.
        let mut t = s.clone();
        for (n, action) in [
            Action::Drag(true),
            Action::Drag(false),
            Action::Search("x".into()),
            Action::Dismiss,
            Action::CloseView,
            Action::Follow("#explain".into()),
            Action::Shared(Shared { text: "t".into(), outcome: Err("no".into()) }),
            Action::Settle,
            Action::SortCerts(Column::Key),
            Action::FilterCerts("x".into()),
            Action::ToggleCert("AB:CD".into()),
        ]
        .into_iter()
        .enumerate()
        {
            t = t.apply(action, 2_000.0 + n as f64);
            assert_eq!((t.generation, t.now_ms), (1, 1_000.0), "after {n}");
        }
        let r = t.apply(Action::Restamp, 900_001.0);
        assert_eq!((r.generation, r.now_ms, r.text.as_str()), (2, 900_001.0, "t"));
        let d = r.apply(Action::Drag(true), 9_999_999.0);
        assert!(d.dragging);
        assert_eq!(d.now_ms, 900_001.0, "a drag does not re-stamp the report");
        let link = link::input_link("https://h.test/", "arn:aws:iam::1:root").unwrap_or_default();
        let fragment = link.split_once('#').map(|(_, f)| format!("#{f}")).unwrap_or_default();
        for action in [
            Action::Type("tt".into()),
            Action::AddFiles { files: vec![file("a")], failed: vec![] },
            Action::Clear,
            Action::Follow(fragment),
        ] {
            let before = d.generation;
            let after = d.apply(action.clone(), 1.0);
            assert_eq!(after.generation, before + 1, "{action:?} makes a report");
        }
    }

    #[test]
    fn the_certificate_table_sorts_filters_and_opens_rows() {
        let s = PageState::default();
        assert_eq!((s.certs.column, s.certs.descending), (Column::Position, false));
        let s = s.apply(Action::SortCerts(Column::Expires), 1.0);
        assert_eq!((s.certs.column, s.certs.descending), (Column::Expires, false));
        let s = s.apply(Action::SortCerts(Column::Expires), 2.0);
        assert_eq!(
            (s.certs.column, s.certs.descending),
            (Column::Expires, true),
            "again: reversed"
        );
        let s = s.apply(Action::SortCerts(Column::Key), 3.0);
        assert_eq!(
            (s.certs.column, s.certs.descending),
            (Column::Key, false),
            "another: ascending"
        );
        let s = s
            .apply(Action::ToggleCert("AA".into()), 4.0)
            .apply(Action::ToggleCert("BB".into()), 5.0)
            .apply(Action::FilterCerts("digicert".into()), 6.0)
            .apply(Action::ToggleCert("AA".into()), 7.0);
        assert_eq!(
            (s.certs.open.clone(), s.certs.filter.as_str()),
            (vec![String::from("BB")], "digicert")
        );
        // A new paste keeps how the table is shown; rows open by fingerprint stay open.
        let s = s.apply(Action::SetText("bundle".into()), 8.0);
        assert_eq!((s.certs.column, s.certs.open.len()), (Column::Key, 1));
    }

    #[test]
    fn typing_into_a_large_paste_waits_for_a_pause() {
        let big = "x".repeat(TYPING_DEBOUNCE_BYTES + 1);
        let s = PageState::default().apply(Action::SetText(big.clone()), 1.0);
        assert_eq!((s.generation, s.pending), (1, false), "a paste is inspected at once");
        let k1 = s.apply(Action::Type(format!("{big}a")), 2.0);
        let k2 = k1.apply(Action::Type(format!("{big}ab")), 3.0);
        assert_eq!(k2.text, format!("{big}ab"), "the paste box follows every key");
        assert_eq!((k2.generation, k2.now_ms, k2.pending), (1, 1.0, true));
        assert_ne!(k1.typed, k2.typed, "each key restarts the wait");
        let settled = k2.apply(Action::Settle, 400.0);
        assert_eq!((settled.generation, settled.now_ms, settled.pending), (2, 400.0, false));
        assert_eq!(settled.apply(Action::Settle, 500.0), settled, "a second pause does nothing");
        // A paste (or anything else that sets the text) while typing is pending: at once.
        let pasted = k2.apply(Action::SetText("arn".into()), 5.0);
        assert_eq!((pasted.generation, pasted.pending), (2, false));
        assert_eq!(pasted.apply(Action::Settle, 6.0).generation, 2);
        // Typing into small text is inspected on every key.
        let small = PageState::default().apply(Action::Type("a".into()), 1.0);
        assert_eq!((small.generation, small.pending), (1, false));
        // Deleting a large paste down to small text: at once.
        let cut = k2.apply(Action::Type(String::new()), 7.0);
        assert_eq!((cut.generation, cut.pending, cut.now_ms), (2, false, 7.0));
    }
}
