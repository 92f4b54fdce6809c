//! The page's state and its one reducer: the paste, the files, the clock and the drag highlight.
//!
//! Every change is an [`Action`]; [`PageState::apply`] is pure (it takes `now`), so the state
//! logic is unit-tested natively. The browser clock is read in exactly one place:
//! [`Reducible::reduce`], which stamps each action with it.

use std::rc::Rc;

use yew::Reducible;

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
        }
        next
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
    fn ticks_move_only_the_clock_and_drags_only_the_highlight() {
        let s = PageState::default().apply(Action::SetText("t".into()), 1_000.0);
        let t = s.apply(Action::Tick, 2_999.0);
        assert_eq!((t.text.as_str(), t.now_secs()), ("t", 2));
        let d = t.apply(Action::Drag(true), 9_999.0);
        assert!(d.dragging);
        assert_eq!(d.now_ms, 2_999.0, "a drag does not re-stamp the report");
    }
}
