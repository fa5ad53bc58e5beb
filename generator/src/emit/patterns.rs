//! A string that a schema's `pattern` matches, built by walking the parsed regular expression: the first
//! branch of each alternation, a plain character of each class, each repetition its minimum number of
//! times (more when a minimum length asks for it). Patterns the parser does not accept (lookaround,
//! backreferences) give no string.

use regex_syntax::hir::{Class, Hir, HirKind};

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
    use super::matching;

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
