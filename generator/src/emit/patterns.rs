//! A schema's `pattern`, read with `regex_syntax`: a string it matches, built by walking the parsed
//! expression (the first branch of each alternation, a plain character of each class, each repetition
//! its minimum number of times, more when a minimum length asks for it), and whether a given string
//! matches it (a backtracking walk of the same tree, bounded in steps). Patterns the parser does not
//! accept (lookaround, backreferences) give neither.

use regex_syntax::hir::{Class, Hir, HirKind, Look, Repetition};

/// Characters tried first for a class, so values read like identifiers.
const PREFERRED: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// A string of `min_len..=max_len` characters that `pattern` matches, if one can be built simply.
pub fn matching(pattern: &str, min_len: usize, max_len: Option<usize>) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).ok()?;
    let mut text = String::new();
    build(&hir, &mut text, &mut 0)?;
    let short = text.chars().count();
    if short < min_len {
        // Spread the missing characters over the repetitions that allow more.
        let mut extra = min_len - short;
        text.clear();
        build(&hir, &mut text, &mut extra)?;
    }
    let len = text.chars().count();
    (len >= min_len && max_len.is_none_or(|max| len <= max)).then_some(text)
}

/// Steps a match may take before it is given up as undecided: patterns in specs are short, and a
/// backtracking walk of a pathological one could otherwise take exponential time.
const MATCH_STEPS: usize = 100_000;

/// Whether `pattern` matches somewhere in `text`, as JSON Schema's unanchored `pattern` does; `None` when
/// the pattern cannot be parsed or the match is not decided within [`MATCH_STEPS`].
pub fn matches(pattern: &str, text: &str) -> Option<bool> {
    let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).ok()?;
    let chars: Vec<char> = text.chars().collect();
    let mut walk = Walk { chars: &chars, steps: MATCH_STEPS };
    for start in 0..=chars.len() {
        if walk.run(&hir, start, &mut |_, _| true) {
            return Some(true);
        }
        if walk.steps == 0 {
            return None;
        }
    }
    Some(false)
}

/// A backtracking match: each node is matched at a position and then hands the position after it to the
/// rest of the pattern (`next`), which says whether the whole match succeeds from there.
struct Walk<'t> {
    chars: &'t [char],
    steps: usize,
}

type Next<'n, 't> = dyn FnMut(&mut Walk<'t>, usize) -> bool + 'n;

impl<'t> Walk<'t> {
    fn run(&mut self, hir: &Hir, at: usize, next: &mut Next<'_, 't>) -> bool {
        if self.steps == 0 {
            return false;
        }
        self.steps -= 1;
        match hir.kind() {
            HirKind::Empty => next(self, at),
            HirKind::Literal(literal) => {
                let Ok(literal) = std::str::from_utf8(&literal.0) else { return false };
                let mut end = at;
                for c in literal.chars() {
                    if self.chars.get(end) != Some(&c) {
                        return false;
                    }
                    end += 1;
                }
                next(self, end)
            }
            HirKind::Class(class) => match self.chars.get(at) {
                Some(&c) if class_contains(class, c) => next(self, at + 1),
                _ => false,
            },
            HirKind::Look(look) => self.looks(*look, at) && next(self, at),
            HirKind::Capture(capture) => self.run(&capture.sub, at, next),
            HirKind::Concat(parts) => self.sequence(parts, at, next),
            HirKind::Alternation(branches) => branches.iter().any(|branch| self.run(branch, at, next)),
            HirKind::Repetition(repetition) => self.repeat(repetition, 0, at, next),
        }
    }

    fn sequence(&mut self, parts: &[Hir], at: usize, next: &mut Next<'_, 't>) -> bool {
        match parts.split_first() {
            None => next(self, at),
            Some((first, rest)) => {
                self.run(first, at, &mut |walk: &mut Walk<'t>, after| walk.sequence(rest, after, next))
            }
        }
    }

    /// `count` repetitions matched so far, ending at `at`.
    fn repeat(&mut self, repetition: &Repetition, count: u32, at: usize, next: &mut Next<'_, 't>) -> bool {
        let may_stop = count >= repetition.min;
        let may_go_on = repetition.max.is_none_or(|max| count < max);
        // Greedy: as many repetitions as the rest allows; lazy: as few.
        let order = if repetition.greedy { [true, false] } else { [false, true] };
        order.into_iter().any(|more| {
            if more { may_go_on && self.once_more(repetition, count, at, next) } else { may_stop && next(self, at) }
        })
    }

    /// One more repetition from `at`, then the rest of the repetition.
    fn once_more(&mut self, repetition: &Repetition, count: u32, at: usize, next: &mut Next<'_, 't>) -> bool {
        self.run(&repetition.sub, at, &mut |walk: &mut Walk<'t>, after| {
            // A repetition that consumed nothing would repeat forever.
            (after > at || count < repetition.min) && walk.repeat(repetition, count + 1, after, next)
        })
    }

    fn looks(&self, look: Look, at: usize) -> bool {
        let before = at.checked_sub(1).and_then(|index| self.chars.get(index)).copied();
        let after = self.chars.get(at).copied();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        match look {
            Look::Start => at == 0,
            Look::End => at == self.chars.len(),
            Look::StartLF | Look::StartCRLF => at == 0 || matches!(before, Some('\n' | '\r')),
            Look::EndLF | Look::EndCRLF => at == self.chars.len() || matches!(after, Some('\n' | '\r')),
            Look::WordAscii | Look::WordUnicode => word(before) != word(after),
            Look::WordAsciiNegate | Look::WordUnicodeNegate => word(before) == word(after),
            Look::WordStartAscii | Look::WordStartUnicode => !word(before) && word(after),
            Look::WordEndAscii | Look::WordEndUnicode => word(before) && !word(after),
            Look::WordStartHalfAscii | Look::WordStartHalfUnicode => !word(before),
            Look::WordEndHalfAscii | Look::WordEndHalfUnicode => !word(after),
        }
    }
}

fn class_contains(class: &Class, c: char) -> bool {
    match class {
        Class::Unicode(class) => class.ranges().iter().any(|range| range.start() <= c && c <= range.end()),
        Class::Bytes(class) => u8::try_from(c)
            .is_ok_and(|byte| class.ranges().iter().any(|range| range.start() <= byte && byte <= range.end())),
    }
}

/// Appends a string `hir` matches; `extra` is how many more repetitions to spend where allowed.
fn build(hir: &Hir, out: &mut String, extra: &mut usize) -> Option<()> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(std::str::from_utf8(&literal.0).ok()?),
        HirKind::Class(class) => out.push(class_char(class)?),
        HirKind::Repetition(repetition) => {
            let room = repetition.max.map_or(usize::MAX, |max| (max - repetition.min) as usize);
            let more = room.min(*extra);
            *extra -= more;
            let times = repetition.min as usize + more;
            // A repetition bounded only by a huge minimum is not a simple rule.
            if times > 256 {
                return None;
            }
            for _ in 0..times {
                build(&repetition.sub, out, extra)?;
            }
        }
        HirKind::Capture(capture) => build(&capture.sub, out, extra)?,
        HirKind::Concat(parts) => {
            for part in parts {
                build(part, out, extra)?;
            }
        }
        HirKind::Alternation(branches) => {
            let start = out.len();
            let built = branches.iter().any(|branch| {
                out.truncate(start);
                build(branch, out, extra).is_some()
            });
            if !built {
                return None;
            }
        }
    }
    Some(())
}

/// A character of the class: a letter or digit when it has one, else its first printable character.
fn class_char(class: &Class) -> Option<char> {
    match class {
        Class::Unicode(class) => {
            let contains = |c: char| class.ranges().iter().any(|range| range.start() <= c && c <= range.end());
            PREFERRED.chars().find(|c| contains(*c)).or_else(|| {
                class.ranges().iter().flat_map(|range| range.start()..=range.end()).take(256).find(|c| !c.is_control())
            })
        }
        Class::Bytes(class) => {
            let contains = |c: u8| class.ranges().iter().any(|range| range.start() <= c && c <= range.end());
            PREFERRED.bytes().find(|c| contains(*c)).map(char::from).or_else(|| {
                class
                    .ranges()
                    .iter()
                    .flat_map(|range| range.start()..=range.end())
                    .find(|c| c.is_ascii_graphic() || *c == b' ')
                    .map(char::from)
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{matches, matching};

    #[test]
    fn tells_whether_a_string_matches_anywhere_as_json_schema_does() {
        let cases = [
            (r"^Bearer\s[\w-]+$", "Bearer abc-1", true),
            (r"^Bearer\s[\w-]+$", "Bearer <TOKEN>", false),
            ("^ssh-(rsa|dss|ed25519) |^ecdsa-sha2-nistp(256|384|521) ", "ssh-rsa AAAAB3", true),
            ("^ssh-(rsa|dss|ed25519) |^ecdsa-sha2-nistp(256|384|521) ", "2Sg8iYjAxxmI2LvUXpJjkYrMxURPc8r", false),
            ("[0-9]{3}", "ab1234", true),
            ("^[a-z]{2,3}$", "abcd", false),
            ("^(a|ab)(c|bcd)d?$", "abcd", true),
            (r"^\d+(\.\d+)*$", "1.2.3", true),
            (r"\bword\b", "a word here", true),
            ("^x*?y$", "xxy", true),
            ("^$", "", true),
            ("^é+$", "éé", true),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(matches(pattern, text), Some(expected), "{pattern} on {text:?}");
        }
    }

    #[test]
    fn leaves_undecided_what_it_cannot_parse_or_decide_in_time() {
        assert_eq!(matches("^(?=a)b$", "b"), None);
        assert_eq!(matches("(", "x"), None);
        assert_eq!(matches("^(a+)+$", &format!("{}b", "a".repeat(40))), None);
    }

    #[test]
    fn builds_strings_the_pattern_matches() {
        assert_eq!(matching("^[A-Z]{3}$", 0, None).as_deref(), Some("AAA"));
        assert_eq!(matching(r"^\d{4}-\d{2}$", 0, None).as_deref(), Some("0000-00"));
        assert_eq!(matching("^(cus|sub)_[a-z0-9]+$", 0, None).as_deref(), Some("cus_a"));
        assert_eq!(matching("^[a-z]+$", 5, Some(8)).as_deref(), Some("aaaaa"));
        assert_eq!(matching(r"^\+?[1-9]\d{1,14}$", 0, None).as_deref(), Some("10"));
        assert_eq!(matching(r"[\w-]+", 1, Some(255)).as_deref(), Some("a"));
        assert_eq!(matching(r"[\u0009\u000A\u000D\u0020-\u00FF]+", 1, Some(2048)).as_deref(), Some("a"));
    }

    #[test]
    fn gives_up_on_what_it_cannot_build() {
        assert_eq!(matching("^(?=a)b$", 0, None), None);
        assert_eq!(matching("^[a-z]{2}$", 3, None), None);
        assert_eq!(matching("(", 0, None), None);
    }
}
