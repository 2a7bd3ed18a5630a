//! When the app may take the page over from the view drawn at build time: at once, unless parts of the app are
//! still being built in tasks of their own, in which case the take-over asked for meanwhile waits for the last of
//! them. The browser side (`src/dom.rs`) keeps one gate for the page and does the take-over when told to.

/// Counts the parts still being built and remembers a take-over asked for meanwhile.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TakeOverGate {
    holds: u32,
    wanted: bool,
}

impl TakeOverGate {
    /// A gate with nothing held.
    pub const fn new() -> TakeOverGate {
        TakeOverGate { holds: 0, wanted: false }
    }

    /// A take-over is asked for: `true` if it is due now; otherwise it is remembered for the last release.
    pub fn ask(&mut self) -> bool {
        self.wanted = self.holds > 0;
        self.holds == 0
    }

    /// A part starts being built: take-overs wait for its [`TakeOverGate::release`].
    pub fn hold(&mut self) {
        self.holds += 1;
    }

    /// A part is built: `true` if it was the last one held and a take-over was asked for meanwhile (it is due
    /// now). A release without a hold does nothing.
    pub fn release(&mut self) -> bool {
        self.holds = self.holds.saturating_sub(1);
        let due = self.wanted && self.holds == 0;
        if due {
            self.wanted = false;
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_take_over_with_nothing_held_is_due_at_once() {
        let mut g = TakeOverGate::new();
        assert!(g.ask());
        assert!(!g.release(), "nothing was held, nothing is due on a release");
    }

    #[test]
    fn a_take_over_asked_while_parts_are_built_happens_at_the_last_release_only() {
        let mut g = TakeOverGate::new();
        g.hold();
        g.hold();
        assert!(!g.ask(), "two parts still being built");
        assert!(!g.release(), "one part is still being built");
        assert!(g.release(), "the last part is built: the take-over asked for is due");
        assert!(!g.release(), "it is due once");
    }

    #[test]
    fn parts_built_with_no_take_over_asked_do_not_take_over() {
        let mut g = TakeOverGate::new();
        g.hold();
        assert!(!g.release());
        assert!(g.ask(), "asked later, with nothing held, it is due at once");
    }
}
