//! Moving in the reader: by step, half page, page, to the top or end, to a block, by search hit
//! and by turn of the focused speaker; and the search in the open document.

use super::app::{App, Search, View};

impl App {
    fn clamp_top(&mut self) {
        let (len, page) = (
            self.last_layout().map(|l| l.lines.len()).unwrap_or(0),
            self.page.max(1),
        );
        let v = self.view_mut();
        v.top = v.top.min(len.saturating_sub(page));
    }

    /// Bring the cursor's block into view.
    fn reveal(&mut self) {
        let page = self.page.max(1);
        let Some((s, e)) = self
            .last_layout()
            .and_then(|l| l.blocks.get(self.view().cursor).copied())
        else {
            return;
        };
        let first = self.view().cursor == 0;
        let v = self.view_mut();
        if s < v.top {
            // The first block brings the header back into view when it fits.
            v.top = if first && s < page { 0 } else { s };
        } else if e > v.top + page {
            v.top = if e - s > page { s } else { e - page };
        }
        self.clamp_top();
    }

    /// Move the cursor to a block and show it.
    pub fn goto_block(&mut self, block: usize) {
        let n = self.doc().map(|d| d.blocks.len()).unwrap_or(0);
        if n == 0 {
            return;
        }
        self.view_mut().cursor = block.min(n - 1);
        if let Some(s) = self
            .last_layout()
            .and_then(|l| l.blocks.get(block.min(n - 1)).map(|b| b.0))
        {
            self.view_mut().top = s.saturating_sub(1);
        }
        self.clamp_top();
    }

    /// Down one step: scroll within a long block, else to the next block.
    pub fn down(&mut self) {
        let v = self.view();
        let Some(l) = self.last_layout() else { return };
        let blocks = l.blocks.len();
        let end = l.blocks.get(v.cursor).map(|b| b.1).unwrap_or(0);
        if end > v.top + self.page && (v.cursor + 1 >= blocks || end - v.top > self.page) {
            self.view_mut().top += 1;
            self.clamp_top();
            return;
        }
        if v.cursor + 1 < blocks {
            self.view_mut().cursor += 1;
            self.reveal();
        } else {
            self.view_mut().top += 1;
            self.clamp_top();
        }
    }

    /// Up one step: scroll back within a long block, else to the previous block.
    pub fn up(&mut self) {
        let v = self.view();
        let Some(l) = self.last_layout() else { return };
        let start = l.blocks.get(v.cursor).map(|b| b.0).unwrap_or(0);
        if start < v.top {
            self.view_mut().top -= 1;
        } else if v.cursor > 0 {
            self.view_mut().cursor -= 1;
            self.reveal();
        } else {
            self.view_mut().top = 0;
        }
    }

    /// Scroll by lines (mouse wheel, pages); the cursor follows into view.
    pub fn scroll(&mut self, lines: isize) {
        let v = self.view();
        let top = if lines < 0 {
            v.top.saturating_sub(lines.unsigned_abs())
        } else {
            v.top.saturating_add(lines as usize)
        };
        self.view_mut().top = top;
        self.clamp_top();
        let (top, page) = (self.view().top, self.page);
        let cursor = self.view().cursor;
        let Some(l) = self.last_layout() else { return };
        let (s, e) = l.blocks.get(cursor).copied().unwrap_or((0, 0));
        if e <= top || s >= top + page {
            let first = l
                .blocks
                .iter()
                .position(|b| b.0 >= top)
                .or_else(|| l.block_at(top));
            if let Some(b) = first {
                self.view_mut().cursor = b;
            }
        }
    }

    /// A page down (`half`: half a page).
    pub fn page_down(&mut self, half: bool) {
        let p = if half {
            self.page / 2
        } else {
            self.page.saturating_sub(2)
        };
        self.scroll(p.max(1) as isize);
    }

    /// A page up (`half`: half a page).
    pub fn page_up(&mut self, half: bool) {
        let p = if half {
            self.page / 2
        } else {
            self.page.saturating_sub(2)
        };
        self.scroll(-(p.max(1) as isize));
    }

    /// To the top.
    pub fn home(&mut self) {
        *self.view_mut() = View { cursor: 0, top: 0 };
    }

    /// To the end.
    pub fn end(&mut self) {
        let n = self.doc().map(|d| d.blocks.len()).unwrap_or(0);
        let len = self.last_layout().map(|l| l.lines.len()).unwrap_or(0);
        let page = self.page;
        *self.view_mut() = View {
            cursor: n.saturating_sub(1),
            top: len.saturating_sub(page),
        };
    }

    /// To the paragraph numbered `n` (`12G`).
    pub fn goto_paragraph(&mut self, n: usize) {
        let found = self
            .doc()
            .and_then(|d| d.blocks.iter().position(|b| b.n >= n));
        match found {
            Some(b) => self.goto_block(b),
            None => self.message = Some(format!("no paragraph {n}")),
        }
    }

    /// The next (or previous) turn of the focused speaker.
    pub fn next_turn(&mut self, forward: bool) {
        let Some(focus) = self.speaker_focus else {
            self.message = Some("no speaker in focus (s chooses one)".into());
            return;
        };
        let cursor = self.view().cursor;
        let cast = self.current_cast().clone();
        let Some(d) = self.doc() else { return };
        let is_turn = |i: usize| {
            d.blocks.get(i).is_some_and(|b| {
                b.kind == crate::model::BlockKind::Turn
                    && !b.continues
                    && b.speaker
                        .as_ref()
                        .and_then(|s| cast.index_of(s.id.as_deref(), &s.name))
                        == Some(focus)
            })
        };
        let n = d.blocks.len();
        let target = if forward {
            (cursor + 1..n).find(|&i| is_turn(i))
        } else {
            (0..cursor).rev().find(|&i| is_turn(i))
        };
        match target {
            Some(b) => self.goto_block(b),
            None => {
                let who = cast
                    .members
                    .get(focus)
                    .map(|m| m.name.clone())
                    .unwrap_or_default();
                self.message = Some(format!(
                    "no {} turn of {who}",
                    if forward { "later" } else { "earlier" }
                ));
            }
        }
    }

    /// Search the open document for `query`; go to the first hit at or after the cursor.
    pub fn run_search(&mut self, query: &str) {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            self.search = None;
            return;
        }
        let reading = self.reading;
        let mut s = Search {
            query: q.clone(),
            needles: vec![q.clone()],
            ..Search::default()
        };
        if let Some(d) = self.doc() {
            for (i, b) in d.blocks.iter().enumerate() {
                let text = if self.raw {
                    b.raw.to_lowercase()
                } else {
                    b.text(reading).to_lowercase()
                };
                let n = text.matches(q.as_str()).count();
                if n > 0 {
                    s.blocks.push(i);
                    s.total += n;
                }
            }
        }
        let cursor = self.view().cursor;
        let first = s
            .blocks
            .iter()
            .copied()
            .find(|&b| b >= cursor)
            .or(s.blocks.first().copied());
        if s.total == 0 {
            self.message = Some(format!("no hits for \"{}\"", query.trim()));
        }
        self.search = Some(s);
        self.follow_corpus = false;
        if let Some(b) = first {
            self.goto_block(b);
        }
    }

    /// Mark these words in the open document without moving the cursor (after a corpus
    /// search hit).
    pub fn mark_needles(&mut self, query: &str, needles: Vec<String>) {
        let reading = self.reading;
        let mut s = Search {
            query: query.to_lowercase(),
            ..Search::default()
        };
        if let Some(d) = self.doc() {
            for (i, b) in d.blocks.iter().enumerate() {
                let text = b.text(reading).to_lowercase();
                let n: usize = needles
                    .iter()
                    .map(|x| text.matches(x.as_str()).count())
                    .sum();
                if n > 0 {
                    s.blocks.push(i);
                    s.total += n;
                }
            }
        }
        s.needles = needles;
        self.search = Some(s);
    }

    /// The next (or previous) hit of the most recent search: a block of the open document, or
    /// after a corpus search, the next hit across the corpus.
    pub fn next_hit(&mut self, forward: bool) {
        if let (true, Some(h)) = (self.follow_corpus, &self.corpus_hits) {
            let n = h.places.len();
            if n == 0 {
                return;
            }
            let at = if forward {
                (h.at + 1) % n
            } else {
                (h.at + n - 1) % n
            };
            return self.goto_corpus_hit(at);
        }
        let Some(s) = &self.search else {
            return;
        };
        let cursor = self.view().cursor;
        let target = if forward {
            s.blocks
                .iter()
                .copied()
                .find(|&b| b > cursor)
                .or(s.blocks.first().copied())
        } else {
            s.blocks
                .iter()
                .rev()
                .copied()
                .find(|&b| b < cursor)
                .or(s.blocks.last().copied())
        };
        if let Some(b) = target {
            self.goto_block(b);
        }
    }

    /// Which hit the cursor is on (1-based), if on one.
    pub fn hit_position(&self) -> Option<usize> {
        let s = self.search.as_ref()?;
        let c = self.view().cursor;
        s.blocks.iter().position(|&b| b == c).map(|p| p + 1)
    }
}
