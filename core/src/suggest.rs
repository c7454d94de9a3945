//! "Did you mean …?": the closest of a set of names to a misspelled one, and the message that
//! says a model has no such field. Everything here is a `const fn`, so that the derives can
//! check, at compile time, the field names one item gives another (`fields(id, cty)` on a
//! serializer of `Item`), with the same words and the same suggestion as the YAML checks.

/// The longest name, in characters, that suggestions consider; longer names get none.
const MAX_CHARS: usize = 64;

/// The lowest Jaro-Winkler similarity at which a name is suggested.
const THRESHOLD: f64 = 0.8;

/// The candidate most similar to `word` (Jaro-Winkler ≥ 0.8; the last of equals), if any.
pub const fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let mut best: Option<&'a str> = None;
    let mut best_score = 0.0;
    let mut i = 0;
    while i < candidates.len() {
        let score = jaro_winkler(word, candidates[i]);
        if score >= THRESHOLD && (best.is_none() || score >= best_score) {
            best = Some(candidates[i]);
            best_score = score;
        }
        i += 1;
    }
    best
}

/// The message a derive's compile-time check gives when `name` is not among `model`'s
/// `fields`: `` `Item` has no field `cty` (did you mean `city`?) ``; `None` when it is.
pub const fn unknown_field(model: &str, fields: &[&str], name: &str) -> Option<Message> {
    let mut i = 0;
    while i < fields.len() {
        if same(fields[i], name) {
            return None;
        }
        i += 1;
    }
    let message = Message::new()
        .push("`")
        .push(model)
        .push("` has no field `")
        .push(name)
        .push("`");
    Some(match closest(name, fields) {
        Some(candidate) => message.push(" (did you mean `").push(candidate).push("`?)"),
        None => message,
    })
}

/// A message built at compile time, in a fixed buffer (const code cannot allocate).
#[derive(Debug, Clone, Copy)]
pub struct Message {
    bytes: [u8; 256],
    len: usize,
}

impl Message {
    const fn new() -> Self {
        Message {
            bytes: [0; 256],
            len: 0,
        }
    }

    /// Appends `text`, whole characters only, as far as the buffer goes.
    const fn push(mut self, text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let width = utf8_width(bytes[i]);
            if self.len + width > self.bytes.len() {
                break;
            }
            let mut k = 0;
            while k < width {
                self.bytes[self.len] = bytes[i + k];
                self.len += 1;
                k += 1;
            }
            i += width;
        }
        self
    }

    pub const fn as_str(&self) -> &str {
        match core::str::from_utf8(self.bytes.split_at(self.len).0) {
            Ok(text) => text,
            Err(_) => "a field name is not one of the model's",
        }
    }
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The bytes of the UTF-8 character that starts with `first`.
const fn utf8_width(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// The characters of `text` (`None` past [`MAX_CHARS`]).
const fn chars(text: &str) -> Option<([char; MAX_CHARS], usize)> {
    let bytes = text.as_bytes();
    let mut out = ['\0'; MAX_CHARS];
    let (mut i, mut n) = (0, 0);
    while i < bytes.len() {
        if n == MAX_CHARS {
            return None;
        }
        let width = utf8_width(bytes[i]);
        let mut code = match width {
            4 => (bytes[i] & 0x07) as u32,
            3 => (bytes[i] & 0x0F) as u32,
            2 => (bytes[i] & 0x1F) as u32,
            _ => bytes[i] as u32,
        };
        let mut k = 1;
        while k < width {
            code = (code << 6) | (bytes[i + k] & 0x3F) as u32;
            k += 1;
        }
        out[n] = match char::from_u32(code) {
            Some(c) => c,
            None => '\u{FFFD}',
        };
        n += 1;
        i += width;
    }
    Some((out, n))
}

/// Jaro-Winkler similarity of two strings by character, as the `strsim` crate computes it.
pub const fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (Some((a, a_len)), Some((b, b_len))) = (chars(a), chars(b)) else {
        return 0.0;
    };
    let jaro = jaro(&a, a_len, &b, b_len);
    if jaro <= 0.7 {
        return jaro;
    }
    let mut prefix = 0;
    while prefix < 4 && prefix < a_len && prefix < b_len && a[prefix] == b[prefix] {
        prefix += 1;
    }
    jaro + 0.1 * prefix as f64 * (1.0 - jaro)
}

const fn jaro(a: &[char; MAX_CHARS], a_len: usize, b: &[char; MAX_CHARS], b_len: usize) -> f64 {
    if a_len == 0 && b_len == 0 {
        return 1.0;
    }
    if a_len == 0 || b_len == 0 {
        return 0.0;
    }
    let longer = if a_len > b_len { a_len } else { b_len };
    let range = (longer / 2).saturating_sub(1);
    let mut a_flags = [false; MAX_CHARS];
    let mut b_flags = [false; MAX_CHARS];
    let mut matches = 0;
    let mut i = 0;
    while i < a_len {
        let low = i.saturating_sub(range);
        let high = if i + range + 1 < b_len {
            i + range + 1
        } else {
            b_len
        };
        let mut j = low;
        while j < high {
            if a[i] == b[j] && !b_flags[j] {
                a_flags[i] = true;
                b_flags[j] = true;
                matches += 1;
                break;
            }
            j += 1;
        }
        i += 1;
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0;
    let mut j = 0;
    let mut i = 0;
    while i < a_len {
        if a_flags[i] {
            while !b_flags[j] {
                j += 1;
            }
            if a[i] != b[j] {
                transpositions += 1;
            }
            j += 1;
        }
        i += 1;
    }
    let transpositions = transpositions / 2;
    let m = matches as f64;
    (m / a_len as f64 + m / b_len as f64 + (matches - transpositions) as f64 / m) / 3.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_is_strsims_jaro_winkler() {
        let words = [
            "",
            "a",
            "id",
            "pk",
            "city",
            "cty",
            "created",
            "created_at",
            "owner",
            "onwer",
            "status_content",
            "statuscontent",
            "user_profile",
            "profile",
            "cheeseburger",
            "cheese fries",
            "martha",
            "marhta",
            "dixon",
            "dicksonx",
            "café",
            "cafe",
            "über",
            "uber",
            "a_very_long_field_name_that_goes_on",
            "a_very_long_field_name_that_goes",
        ];
        for a in words {
            for b in words {
                let (ours, theirs) = (jaro_winkler(a, b), strsim::jaro_winkler(a, b));
                assert!(
                    (ours - theirs).abs() < 1e-12,
                    "{a:?} ~ {b:?}: {ours} != {theirs}"
                );
            }
        }
    }

    #[test]
    fn suggests_the_closest_name_above_the_threshold() {
        assert_eq!(closest("chr", &["char", "text", "integer"]), Some("char"));
        assert_eq!(closest("zzz", &["char", "text"]), None);
        assert_eq!(
            closest("created", &["id", "created_at", "pk"]),
            Some("created_at")
        );
    }

    #[test]
    fn says_which_field_is_unknown_and_suggests_one() {
        let fields = ["id", "city", "pk"];
        assert!(unknown_field("Item", &fields, "city").is_none());
        assert_eq!(
            unknown_field("Item", &fields, "cty").unwrap().as_str(),
            "`Item` has no field `cty` (did you mean `city`?)"
        );
        assert_eq!(
            unknown_field("Item", &fields, "zzz").unwrap().as_str(),
            "`Item` has no field `zzz`"
        );
        const AT_COMPILE_TIME: Option<Message> = unknown_field("Item", &["id"], "pk");
        assert_eq!(
            AT_COMPILE_TIME.unwrap().as_str(),
            "`Item` has no field `pk`"
        );
    }
}
