//! Typed, located access to a marked-yaml tree.
//!
//! Every getter pushes a located diagnostic when a value has the wrong shape and returns `None`,
//! so one pass over the file reports every problem. A [`MapReader`] remembers which keys were
//! asked for: the keys asked for are exactly the keys allowed, and [`MapReader::finish`] reports
//! every other key with a did-you-mean among them.

use marked_yaml::Node;
use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode};

use crate::diagnostics::{Ctxt, Diagnostic, did_you_mean};
use crate::spec::{Located, Origin};

/// Where a node starts: a mapping at its first key (marked-yaml marks a block mapping at the
/// first `:`, which is not where a reader looks).
pub(crate) fn origin(node: &Node) -> Origin {
    if let Node::Mapping(map) = node
        && let Some(key) = map.keys().next()
    {
        return scalar_origin(key);
    }
    node.span()
        .start()
        .map_or(Origin::Builtin, |m| Origin::yaml(m.line(), m.column()))
}

/// Where a scalar (a mapping key, usually) starts.
pub(crate) fn scalar_origin(scalar: &MarkedScalarNode) -> Origin {
    scalar
        .span()
        .start()
        .map_or(Origin::Builtin, |m| Origin::yaml(m.line(), m.column()))
}

/// A plain (unquoted) `~`, `null` or empty value; a quoted `"null"` is a string.
pub(crate) fn is_null(scalar: &MarkedScalarNode) -> bool {
    scalar.may_coerce() && matches!(scalar.as_str(), "" | "~" | "null" | "Null" | "NULL")
}

/// How a node reads in a message: `expected a list, found `char``.
pub(crate) fn describe(node: &Node) -> String {
    match node {
        Node::Mapping(_) => "a mapping".into(),
        Node::Sequence(_) => "a list".into(),
        Node::Scalar(s) if is_null(s) => "an empty value".into(),
        // Quoted, so a string even when it reads like a number or a boolean.
        Node::Scalar(s) if !s.may_coerce() => format!("the string {:?}", s.as_str()),
        Node::Scalar(s) => format!("`{}`", s.as_str()),
    }
}

/// `parent.key`, or `key` at the top level.
pub(crate) fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

fn type_error(cx: &Ctxt, node: &Node, path: &str, expected: &str) {
    cx.error(
        origin(node),
        path,
        format!("expected {expected}, found {}", describe(node)),
    );
}

/// A scalar as a string; numbers and booleans read as written.
pub(crate) fn string(cx: &Ctxt, node: &Node, path: &str) -> Option<Located<String>> {
    match node {
        Node::Scalar(s) if !is_null(s) => Some(Located::new(s.as_str().to_string(), origin(node))),
        _ => {
            type_error(cx, node, path, "a string");
            None
        }
    }
}

/// `true` or `false`, unquoted.
pub(crate) fn boolean(cx: &Ctxt, node: &Node, path: &str) -> Option<Located<bool>> {
    match node.as_scalar().and_then(MarkedScalarNode::as_bool) {
        Some(value) => Some(Located::new(value, origin(node))),
        None => {
            type_error(cx, node, path, "`true` or `false`");
            None
        }
    }
}

pub(crate) fn unsigned(cx: &Ctxt, node: &Node, path: &str) -> Option<Located<u32>> {
    match node.as_scalar().and_then(MarkedScalarNode::as_u32) {
        Some(value) => Some(Located::new(value, origin(node))),
        None => {
            type_error(cx, node, path, "a non-negative integer");
            None
        }
    }
}

pub(crate) fn integer(cx: &Ctxt, node: &Node, path: &str) -> Option<Located<i64>> {
    match node.as_scalar().and_then(MarkedScalarNode::as_i64) {
        Some(value) => Some(Located::new(value, origin(node))),
        None => {
            type_error(cx, node, path, "an integer");
            None
        }
    }
}

/// The items of a list, each with its own path (`register[1]`).
pub(crate) fn list<'a>(cx: &Ctxt, node: &'a Node, path: &str) -> Option<Vec<(String, &'a Node)>> {
    match node {
        Node::Sequence(items) => Some(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| (format!("{path}[{i}]"), item))
                .collect(),
        ),
        _ => {
            type_error(cx, node, path, "a list");
            None
        }
    }
}

/// A list of strings; items of the wrong type are reported and skipped.
pub(crate) fn string_list(cx: &Ctxt, node: &Node, path: &str) -> Option<Vec<Located<String>>> {
    let items = list(cx, node, path)?;
    Some(
        items
            .into_iter()
            .filter_map(|(path, item)| string(cx, item, &path))
            .collect(),
    )
}

/// The entries of a mapping whose keys are names chosen by the user (models, fields, filters):
/// each name located at its key, with its path.
pub(crate) fn entries<'a>(
    cx: &Ctxt,
    node: &'a Node,
    path: &str,
) -> Option<Vec<(Located<String>, String, &'a Node)>> {
    match node {
        Node::Mapping(map) => Some(
            map.iter()
                .map(|(key, value)| {
                    let name = Located::new(key.as_str().to_string(), scalar_origin(key));
                    let path = join(path, key.as_str());
                    (name, path, value)
                })
                .collect(),
        ),
        _ => {
            type_error(cx, node, path, "a mapping");
            None
        }
    }
}

/// One of a fixed set of words, `unknown <what> `x`` with a suggestion otherwise.
pub(crate) fn one_of<T: Copy>(
    cx: &Ctxt,
    node: &Node,
    path: &str,
    what: &str,
    table: &[(&'static str, T)],
) -> Option<Located<T>> {
    let text = string(cx, node, path)?;
    if let Some((_, value)) = table.iter().find(|(name, _)| *name == text.value) {
        return Some(Located::new(*value, text.origin));
    }
    let names = table.iter().map(|(name, _)| *name);
    let hint = did_you_mean(&text.value, names.clone()).or_else(|| {
        let all: Vec<String> = names.map(|n| format!("`{n}`")).collect();
        Some(format!("expected one of {}", all.join(", ")))
    });
    cx.push(
        Diagnostic::new(
            text.origin,
            path,
            format!("unknown {what} `{}`", text.value),
        )
        .with_hint(hint),
    );
    None
}

/// A mapping with a fixed set of keys.
pub(crate) struct MapReader<'a> {
    cx: &'a Ctxt,
    map: &'a MarkedMappingNode,
    path: String,
    /// Where the mapping is named (its key), for "missing key" errors.
    origin: Origin,
    asked: Vec<&'static str>,
}

impl<'a> MapReader<'a> {
    /// Reads `node` as a mapping, or reports that it is not one. `origin` is where the mapping
    /// is named; a missing key is reported there.
    pub(crate) fn new(cx: &'a Ctxt, node: &'a Node, path: &str, origin: Origin) -> Option<Self> {
        match node {
            Node::Mapping(map) => Some(MapReader {
                cx,
                map,
                path: path.to_string(),
                origin,
                asked: Vec::new(),
            }),
            // An empty value has no place of its own (the parser marks the next token), so
            // it is reported where the mapping is named.
            Node::Scalar(scalar) if is_null(scalar) => {
                cx.error(origin, path, "expected a mapping, found an empty value");
                None
            }
            _ => {
                type_error(cx, node, path, "a mapping");
                None
            }
        }
    }

    pub(crate) fn cx(&self) -> &'a Ctxt {
        self.cx
    }

    /// The path of one of this mapping's keys.
    pub(crate) fn key_path(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// Where this mapping is named.
    pub(crate) fn origin(&self) -> Origin {
        self.origin
    }

    /// The value of `key`, if present and not null. Asking allows the key.
    pub(crate) fn node(&mut self, key: &'static str) -> Option<&'a Node> {
        self.asked.push(key);
        let map: &'a MarkedMappingNode = self.map;
        map.get_node(key).filter(|node| match node {
            Node::Scalar(s) => !is_null(s),
            _ => true,
        })
    }

    /// The value of `key` if present, null included.
    pub(crate) fn node_or_null(&mut self, key: &'static str) -> Option<&'a Node> {
        self.asked.push(key);
        let map: &'a MarkedMappingNode = self.map;
        map.get_node(key)
    }

    /// Where `key` is written, when it is.
    pub(crate) fn key_origin(&self, key: &str) -> Option<Origin> {
        self.map
            .keys()
            .find(|k| k.as_str() == key)
            .map(scalar_origin)
    }

    /// Reports that `key` is missing, at the mapping's name.
    pub(crate) fn missing(&self, key: &str) {
        self.cx.error(
            self.origin,
            &self.path,
            format!("missing required key `{key}`"),
        );
    }

    pub(crate) fn required_str(&mut self, key: &'static str) -> Option<Located<String>> {
        match self.node(key) {
            Some(node) => string(self.cx, node, &self.key_path(key)),
            None => {
                self.missing(key);
                None
            }
        }
    }

    pub(crate) fn optional_str(&mut self, key: &'static str) -> Option<Located<String>> {
        let node = self.node(key)?;
        string(self.cx, node, &self.key_path(key))
    }

    pub(crate) fn optional_bool(&mut self, key: &'static str) -> Option<Located<bool>> {
        let node = self.node(key)?;
        boolean(self.cx, node, &self.key_path(key))
    }

    /// A boolean that is `default` (located nowhere) when absent.
    pub(crate) fn bool_or(&mut self, key: &'static str, default: bool) -> Located<bool> {
        self.optional_bool(key)
            .unwrap_or_else(|| Located::builtin(default))
    }

    pub(crate) fn optional_u32(&mut self, key: &'static str) -> Option<Located<u32>> {
        let node = self.node(key)?;
        unsigned(self.cx, node, &self.key_path(key))
    }

    pub(crate) fn required_u32(&mut self, key: &'static str) -> Option<Located<u32>> {
        match self.node(key) {
            Some(node) => unsigned(self.cx, node, &self.key_path(key)),
            None => {
                self.missing(key);
                None
            }
        }
    }

    pub(crate) fn optional_i64(&mut self, key: &'static str) -> Option<Located<i64>> {
        let node = self.node(key)?;
        integer(self.cx, node, &self.key_path(key))
    }

    /// A list of strings; empty when absent.
    pub(crate) fn string_list(&mut self, key: &'static str) -> Vec<Located<String>> {
        self.optional_string_list(key).unwrap_or_default()
    }

    /// A list of strings, `None` when absent (so "not given" differs from "empty").
    pub(crate) fn optional_string_list(
        &mut self,
        key: &'static str,
    ) -> Option<Vec<Located<String>>> {
        let node = self.node(key)?;
        string_list(self.cx, node, &self.key_path(key))
    }

    /// A list of words from `table`; unknown words are reported and skipped.
    pub(crate) fn optional_word_list<T: Copy>(
        &mut self,
        key: &'static str,
        what: &str,
        table: &[(&'static str, T)],
    ) -> Option<Vec<Located<T>>> {
        let node = self.node(key)?;
        let items = list(self.cx, node, &self.key_path(key))?;
        Some(
            items
                .into_iter()
                .filter_map(|(path, item)| one_of(self.cx, item, &path, what, table))
                .collect(),
        )
    }

    /// A list of authentication classes: DRF's by their spec names (`token`), the user's by
    /// their type names (`ApiKeyAuthentication`); anything else is reported and skipped.
    pub(crate) fn optional_authentication_list(
        &mut self,
        key: &'static str,
    ) -> Option<Vec<Located<crate::spec::Authentication>>> {
        let node = self.node(key)?;
        let items = list(self.cx, node, &self.key_path(key))?;
        let mut classes = Vec::new();
        for (path, item) in items {
            let Some(text) = string(self.cx, item, &path) else {
                continue;
            };
            match crate::spec::Authentication::parse(&text.value) {
                Some(class) => classes.push(Located::new(class, text.origin)),
                None => {
                    let names = crate::spec::Authentication::ALL.iter().map(|(n, _)| *n);
                    let hint = did_you_mean(&text.value, names).or_else(|| {
                        Some(
                            "expected `basic`, `token`, `session`, `jwt`, or the type name of a class in the app's hooks.rs"
                                .to_string(),
                        )
                    });
                    self.cx.push(
                        Diagnostic::new(
                            text.origin,
                            &path,
                            format!("unknown authentication class `{}`", text.value),
                        )
                        .with_hint(hint),
                    );
                }
            }
        }
        Some(classes)
    }

    /// One word from `table`, which must be present.
    pub(crate) fn required_word<T: Copy>(
        &mut self,
        key: &'static str,
        what: &str,
        table: &[(&'static str, T)],
    ) -> Option<Located<T>> {
        match self.node(key) {
            Some(node) => one_of(self.cx, node, &self.key_path(key), what, table),
            None => {
                self.missing(key);
                None
            }
        }
    }

    /// One word from `table`, when present.
    pub(crate) fn optional_word<T: Copy>(
        &mut self,
        key: &'static str,
        what: &str,
        table: &[(&'static str, T)],
    ) -> Option<Located<T>> {
        let node = self.node(key)?;
        one_of(self.cx, node, &self.key_path(key), what, table)
    }

    /// The entries of a name → value mapping; empty when absent.
    pub(crate) fn entries(
        &mut self,
        key: &'static str,
    ) -> Vec<(Located<String>, String, &'a Node)> {
        match self.node(key) {
            Some(node) => entries(self.cx, node, &self.key_path(key)).unwrap_or_default(),
            None => Vec::new(),
        }
    }

    /// A nested mapping with fixed keys, when present.
    pub(crate) fn sub(&mut self, key: &'static str) -> Option<MapReader<'a>> {
        let origin = self.key_origin(key).unwrap_or(self.origin);
        let node = self.node(key)?;
        MapReader::new(self.cx, node, &self.key_path(key), origin)
    }

    /// A nested mapping with fixed keys, which must be present.
    pub(crate) fn required_sub(&mut self, key: &'static str) -> Option<MapReader<'a>> {
        if !self.has(key) {
            self.node(key);
            self.missing(key);
            return None;
        }
        self.sub(key)
    }

    /// Whether `key` is present with a value other than null.
    pub(crate) fn has(&self, key: &str) -> bool {
        self.map.get_node(key).is_some_and(|node| match node {
            Node::Scalar(s) => !is_null(s),
            _ => true,
        })
    }

    /// Reports every key that was never asked for, suggesting the closest allowed one.
    pub(crate) fn finish(self) {
        for key in self.map.keys() {
            if self.asked.contains(&key.as_str()) {
                continue;
            }
            let hint = did_you_mean(key.as_str(), self.asked.iter().copied());
            self.cx.push(
                Diagnostic::new(
                    scalar_origin(key),
                    &self.path,
                    format!("unknown key `{}`", key.as_str()),
                )
                .with_hint(hint),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Node {
        let options = marked_yaml::LoaderOptions::default().prevent_coercion(true);
        marked_yaml::parse_yaml_with_options(0, text, options).unwrap()
    }

    #[test]
    fn unknown_keys_are_reported_with_a_suggestion() {
        let root = parse("type: char\nmax_lenght: 3\n");
        let cx = Ctxt::new();
        let mut map = MapReader::new(&cx, &root, "f", Origin::yaml(1, 1)).unwrap();
        assert_eq!(map.required_str("type").unwrap().value, "char");
        assert!(map.optional_u32("max_length").is_none());
        map.finish();
        let errors = cx.finish().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].render("x"),
            "x:2:1: f: unknown key `max_lenght` (did you mean `max_length`?)"
        );
    }

    #[test]
    fn quoted_values_are_strings_not_booleans() {
        let root = parse("a: \"true\"\nb: true\nc: ~\n");
        let cx = Ctxt::new();
        let mut map = MapReader::new(&cx, &root, "", Origin::yaml(1, 1)).unwrap();
        assert!(map.optional_bool("a").is_none());
        assert!(map.optional_bool("b").unwrap().value);
        assert!(map.optional_str("c").is_none(), "null reads as absent");
        map.finish();
        let errors = cx.finish().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].render("x"),
            "x:1:4: a: expected `true` or `false`, found the string \"true\""
        );
    }

    #[test]
    fn missing_required_keys_are_reported_where_the_mapping_is_named() {
        let root = parse("other: 1\n");
        let cx = Ctxt::new();
        let mut map = MapReader::new(&cx, &root, "m", Origin::yaml(7, 3)).unwrap();
        assert!(map.required_str("type").is_none());
        assert!(map.optional_i64("other").is_some());
        map.finish();
        let errors = cx.finish().unwrap_err();
        assert_eq!(
            errors[0].render("x"),
            "x:7:3: m: missing required key `type`"
        );
    }
}
