//! Places visited, as a browser keeps them: a new visit drops the forward part, a visit to the
//! place one is at adds nothing, and the oldest places go when the stack is full.

/// A history of places with a cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct Backstack<T> {
    stack: Vec<T>,
    cursor: usize,
    cap: usize,
}

impl<T: PartialEq + Clone> Backstack<T> {
    /// A history that starts at `first` and keeps at most `cap` places (at least 2).
    pub fn new(first: T, cap: usize) -> Backstack<T> {
        Backstack {
            stack: vec![first],
            cursor: 0,
            cap: cap.max(2),
        }
    }

    /// Where the cursor stands.
    pub fn current(&self) -> &T {
        &self.stack[self.cursor]
    }

    /// Correct where the cursor stands (the reader moved within a document).
    pub fn set_current(&mut self, here: T) {
        self.stack[self.cursor] = here;
    }

    /// A new visit: the forward part goes, a duplicate of the current place is skipped, and the
    /// oldest place goes when the stack is full.
    pub fn visit(&mut self, to: T) {
        if *self.current() == to {
            return;
        }
        self.stack.truncate(self.cursor + 1);
        self.stack.push(to);
        if self.stack.len() > self.cap {
            let extra = self.stack.len() - self.cap;
            self.stack.drain(..extra);
        }
        self.cursor = self.stack.len() - 1;
    }

    /// Back one place, remembering `here` as where the cursor was; `None` at the start.
    pub fn back(&mut self, here: T) -> Option<T> {
        if self.cursor == 0 {
            return None;
        }
        self.set_current(here);
        self.cursor -= 1;
        Some(self.current().clone())
    }

    /// Forward one place, remembering `here`; `None` at the end.
    pub fn forward(&mut self, here: T) -> Option<T> {
        if self.cursor + 1 >= self.stack.len() {
            return None;
        }
        self.set_current(here);
        self.cursor += 1;
        Some(self.current().clone())
    }

    /// How many places it holds.
    pub fn len(&self) -> usize {
        self.stack.len()
    }

    /// Whether it holds only the place it started at (never empty).
    pub fn is_empty(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_and_forward_like_a_browser() {
        let mut h = Backstack::new(1, 10);
        h.visit(2);
        h.visit(3);
        assert_eq!(h.back(3), Some(2));
        assert_eq!(h.back(2), Some(1));
        assert_eq!(h.back(1), None);
        assert_eq!(h.forward(1), Some(2));
        assert_eq!(h.forward(2), Some(3));
        assert_eq!(h.forward(3), None);
    }

    #[test]
    fn a_new_visit_drops_the_forward_part() {
        let mut h = Backstack::new('a', 10);
        h.visit('b');
        h.visit('c');
        h.back('c');
        h.back('b');
        h.visit('x');
        assert_eq!(h.len(), 2);
        assert_eq!(h.forward('x'), None);
        assert_eq!(h.back('x'), Some('a'));
    }

    #[test]
    fn a_visit_to_the_current_place_is_skipped() {
        let mut h = Backstack::new(5, 10);
        h.visit(5);
        h.visit(6);
        h.visit(6);
        assert_eq!(h.len(), 2);
        assert_eq!(h.back(6), Some(5));
    }

    #[test]
    fn where_one_stood_is_remembered_on_the_way_back() {
        let mut h = Backstack::new((0, 0), 10);
        h.visit((1, 0));
        // Read on to paragraph 7 of document 1, then go back and forward again.
        assert_eq!(h.back((1, 7)), Some((0, 0)));
        assert_eq!(h.forward((0, 3)), Some((1, 7)));
        assert_eq!(h.back((1, 7)), Some((0, 3)));
    }

    #[test]
    fn the_length_is_capped_by_dropping_the_oldest() {
        let mut h = Backstack::new(0, 3);
        for i in 1..10 {
            h.visit(i);
        }
        assert_eq!(h.len(), 3);
        assert_eq!(h.back(9), Some(8));
        assert_eq!(h.back(8), Some(7));
        assert_eq!(h.back(7), None);
    }
}
