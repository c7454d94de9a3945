//! The YAML front end: `api.yaml` → [`Spec`].
//!
//! The file is loaded with marked-yaml, so every node knows its line and column, then read into
//! the IR by [`reader::MapReader`]s that type each value and reject unknown keys. Reading reports
//! every shape error at once; when the file reads cleanly, [`crate::check`] reports every
//! cross-item error at once. Checks wait for a clean read because a half-read spec (a field
//! whose type was misspelt is missing) would add follow-on errors that only mislead.

mod api;
mod models;
mod reader;

use marked_yaml::{LoadError, LoaderOptions, Node};

use crate::diagnostics::{Ctxt, Diagnostic};
use crate::spec::{
    AutoField, Located, Origin, Pagination, PaginationStyle, PermissionRef, Settings, Spec,
    ThrottlePeriod, ThrottleRate,
};

use reader::MapReader;

/// Reads a spec and checks it, returning every problem in file order.
///
/// `file` names the spec in messages about the file as a whole.
///
/// ```
/// let spec = restforge_generator::yaml::parse_spec("api.yaml", "project: p\napp: a\n").unwrap();
/// assert_eq!(spec.app.value, "a");
///
/// let errors = restforge_generator::yaml::parse_spec("api.yaml", "project: p\napp: a\nmodel: {}\n")
///     .unwrap_err();
/// assert_eq!(
///     errors[0].render("api.yaml"),
///     "api.yaml:3:1: unknown key `model` (did you mean `models`?)"
/// );
/// ```
pub fn parse_spec(file: &str, text: &str) -> Result<Spec, Vec<Diagnostic>> {
    let root = load(file, text).map_err(|diagnostic| vec![diagnostic])?;
    let cx = Ctxt::new();
    let spec = read_spec(&cx, &root);
    cx.finish()?;
    let spec = spec.expect("a spec that read without errors is complete");
    crate::check::check(&spec)?;
    Ok(spec)
}

/// Parses the YAML text, turning a syntax error into a located diagnostic.
fn load(file: &str, text: &str) -> Result<Node, Diagnostic> {
    // Quoted scalars stay strings (`"true"`, `"1"`); a key written twice is an error rather
    // than the last one silently winning.
    let options = LoaderOptions::default()
        .prevent_coercion(true)
        .error_on_duplicate_keys(true);
    marked_yaml::parse_yaml_with_options(0, text, options).map_err(|error| load_error(file, &error))
}

fn load_error(file: &str, error: &LoadError) -> Diagnostic {
    let at = |m: &marked_yaml::Marker| Origin::yaml(m.line(), m.column());
    match error {
        LoadError::ScanError(marker, scan) => {
            let info = scan.info();
            Diagnostic::new(at(marker), "", format!("invalid YAML: {info}"))
                .with_hint(syntax_hint(info))
        }
        LoadError::DuplicateKey(inner) => {
            let first = inner.prev_key.span().start().map(|m| m.line()).unwrap_or(0);
            let origin = inner.key.span().start().map_or(Origin::Builtin, at);
            Diagnostic::new(
                origin,
                "",
                format!("duplicate key `{}`", inner.key.as_str()),
            )
            .with_hint(Some(format!("first written on line {first}")))
        }
        LoadError::TopLevelMustBeMapping(marker) | LoadError::TopLevelMustBeSequence(marker) => {
            Diagnostic::new(
                at(marker),
                "",
                format!("`{file}` must be a mapping of keys such as `project`, `app` and `models`"),
            )
        }
        LoadError::UnexpectedAnchor(marker) => Diagnostic::new(
            at(marker),
            "",
            "YAML anchors and aliases are not supported in a spec",
        ),
        LoadError::UnexpectedTag(marker) => {
            Diagnostic::new(at(marker), "", "YAML tags are not supported in a spec")
        }
        LoadError::MappingKeyMustBeScalar(marker) => Diagnostic::new(
            at(marker),
            "",
            "a key must be a plain name, not a list or mapping",
        ),
    }
}

/// A likely cause for yaml-rust2's terser messages.
fn syntax_hint(info: &str) -> Option<String> {
    let hint = if info.contains("tab") {
        "indent with spaces: YAML does not allow tabs"
    } else if info.contains("did not find expected key") {
        "keys of one mapping must line up: check this line's indentation against the line above"
    } else if info.contains("':' indicator") || info.contains("flow") {
        "a `[` or `{` opened earlier may be missing its closing bracket"
    } else if info.contains("mapping values are not allowed") {
        "quote a value that contains `: `, or check the indentation"
    } else {
        return None;
    };
    Some(hint.to_string())
}

fn read_spec(cx: &Ctxt, root: &Node) -> Option<Spec> {
    let mut top = MapReader::new(cx, root, "", Origin::yaml(1, 1))?;
    let project = top.required_str("project");
    let app = top.required_str("app");
    let settings = read_settings(top.sub("settings"));
    let models = api::read_all(cx, top.entries("models"), models::read_model);
    let serializers = api::read_all(cx, top.entries("serializers"), api::read_serializer);
    let permissions = api::read_all(cx, top.entries("permissions"), api::read_permission);
    let viewsets = api::read_all(cx, top.entries("viewsets"), api::read_viewset);
    let views = api::read_all(cx, top.entries("views"), api::read_view);
    let signals = api::read_all(cx, top.entries("signals"), api::read_signal);
    let routes = api::read_routes(cx, top.sub("routes"));
    top.finish();
    Some(Spec {
        project: project?,
        app: app?,
        settings: settings?,
        models,
        serializers,
        permissions,
        viewsets,
        views,
        signals,
        routes: routes?,
    })
}

/// DRF's defaults stand wherever a setting is left out.
fn read_settings(map: Option<MapReader<'_>>) -> Option<Settings> {
    let Some(mut map) = map else {
        return Some(Settings::default());
    };
    let cx = map.cx();
    let defaults = Settings::default();
    let default_auto_field = map
        .optional_word("default_auto_field", "primary key kind", &AutoField::ALL)
        .unwrap_or(defaults.default_auto_field);
    let authentication = map
        .optional_authentication_list("authentication")
        .unwrap_or(defaults.authentication);
    let permissions = map
        .optional_string_list("permissions")
        .map(|names| permission_refs(cx, &map.key_path("permissions"), names))
        .unwrap_or(defaults.permissions);
    let (pagination, pagination_class) = match map.sub("pagination") {
        Some(pagination) if pagination.has("class") => (None, read_pagination_class(pagination)),
        Some(pagination) => (read_pagination(pagination), None),
        None => (None, None),
    };
    let throttling = map
        .entries("throttling")
        .into_iter()
        .filter_map(|(scope, path, node)| {
            let text = reader::string(cx, node, &path)?;
            match parse_rate(&text.value) {
                Ok((requests, period)) => Some(ThrottleRate {
                    scope,
                    requests,
                    period,
                    text,
                }),
                Err((message, hint)) => {
                    cx.push(Diagnostic::new(text.origin, path, message).with_hint(hint));
                    None
                }
            }
        })
        .collect();
    let media_url = map.optional_str("media_url").unwrap_or(defaults.media_url);
    let accounts = map.sub("accounts").map(|mut accounts| {
        let read = crate::spec::Accounts {
            prefix: accounts.optional_str("prefix"),
            registration: accounts.optional_bool("registration"),
            jwt: accounts.optional_str("jwt"),
            browsable_login: accounts.optional_str("browsable_login"),
        };
        accounts.finish();
        read
    });
    map.finish();
    Some(Settings {
        default_auto_field,
        authentication,
        permissions,
        pagination,
        pagination_class,
        throttling,
        media_url,
        accounts,
    })
}

/// `pagination: {class: TicketPagination}`: a class of the user's, which alone decides its
/// page sizes.
fn read_pagination_class(mut map: MapReader<'_>) -> Option<Located<String>> {
    let cx = map.cx();
    let class = map.required_str("class");
    for key in [
        "style",
        "page_size",
        "page_size_query_param",
        "max_page_size",
    ] {
        if let Some(origin) = map.key_origin(key) {
            // Read, so that it is reported once, here, and not again as an unknown key.
            map.node(key);
            cx.push(
                Diagnostic::new(
                    origin,
                    map.key_path(key),
                    format!("`{key}` does not apply to a pagination `class` of your own"),
                )
                .with_hint(Some(
                    "set it in the class's code, or use a built-in `style` instead of `class`"
                        .to_string(),
                )),
            );
        }
    }
    map.finish();
    let class = class?;
    let type_name = class.value.starts_with(|c: char| c.is_ascii_uppercase())
        && class
            .value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !type_name {
        cx.push(
            Diagnostic::new(
                class.origin,
                "settings.pagination.class",
                format!("pagination class `{}` is not a Rust type name", class.value),
            )
            .with_hint(Some(
                "name the struct in the app's hooks.rs that implements `Pagination`".to_string(),
            )),
        );
        return None;
    }
    Some(class)
}

fn read_pagination(mut map: MapReader<'_>) -> Option<Pagination> {
    let style = map.required_word("style", "pagination style", &PaginationStyle::ALL);
    let page_size = map.required_u32("page_size");
    let page_size_query_param = map.optional_str("page_size_query_param");
    let max_page_size = map.optional_u32("max_page_size");
    let origin = map.origin();
    map.finish();
    Some(Pagination {
        style: style?.value,
        page_size: page_size?,
        page_size_query_param,
        max_page_size,
        origin,
    })
}

/// Permissions as written: DRF's, ones declared in the spec, or compositions of them with
/// `&`, `|`, `~` (`IsAuthenticated & (IsOwner | IsAdminUser)`).
pub(crate) fn permission_refs(
    cx: &Ctxt,
    path: &str,
    written: Vec<Located<String>>,
) -> Vec<Located<PermissionRef>> {
    written
        .into_iter()
        .enumerate()
        .filter_map(
            |(i, text)| match PermissionRef::parse_expression(&text.value) {
                Ok(permission) => Some(Located::new(permission, text.origin)),
                Err(message) => {
                    cx.error(
                        text.origin,
                        format!("{path}[{i}]"),
                        format!("`{}` is not a permission: {message}", text.value),
                    );
                    None
                }
            },
        )
        .collect()
}

/// Parses a throttle rate the way DRF's `SimpleRateThrottle.parse_rate` does:
/// `<requests>/<period>`, where only the period's first letter counts (`s`, `m`, `h`, `d`).
fn parse_rate(rate: &str) -> Result<(u32, ThrottlePeriod), (String, Option<String>)> {
    let example = Some("write `<requests>/<period>`, such as `100/hour`".to_string());
    let Some((requests, period)) = rate.split_once('/') else {
        return Err((format!("invalid throttle rate `{rate}`"), example));
    };
    let Ok(requests) = requests.trim().parse::<u32>() else {
        return Err((
            format!("invalid throttle rate `{rate}`: `{requests}` is not a number of requests"),
            example,
        ));
    };
    let period = match period.trim().chars().next() {
        Some('s') => ThrottlePeriod::Second,
        Some('m') => ThrottlePeriod::Minute,
        Some('h') => ThrottlePeriod::Hour,
        Some('d') => ThrottlePeriod::Day,
        _ => {
            return Err((
                format!("invalid throttle rate `{rate}`: unknown period `{period}`"),
                Some("the period is `second`, `minute`, `hour` or `day` (DRF reads only its first letter)".into()),
            ));
        }
    };
    Ok((requests, period))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_like_drf() {
        assert_eq!(parse_rate("100/hour").unwrap(), (100, ThrottlePeriod::Hour));
        assert_eq!(parse_rate("5/m").unwrap(), (5, ThrottlePeriod::Minute));
        // DRF only looks at the first letter, so `10/days` and `10/dinosaurs` are a day.
        assert_eq!(
            parse_rate("10/dinosaurs").unwrap(),
            (10, ThrottlePeriod::Day)
        );
        assert_eq!(parse_rate("1/sec").unwrap(), (1, ThrottlePeriod::Second));
        assert!(parse_rate("100/week").is_err());
        assert!(parse_rate("100").is_err());
        assert!(parse_rate("many/hour").is_err());
        assert!(parse_rate("100/").is_err());
    }

    #[test]
    fn a_minimal_spec_takes_drf_defaults() {
        let spec = parse_spec("api.yaml", "project: p\napp: a\n").unwrap();
        assert_eq!(spec.settings, Settings::default());
        assert!(spec.models.is_empty());
        assert_eq!(spec.routes.prefix.value, "api/");
        assert!(spec.routes.trailing_slash);
    }

    #[test]
    fn syntax_errors_are_located_not_panics() {
        let errors = parse_spec("api.yaml", "project: [p\napp: a\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].render("api.yaml").starts_with("api.yaml:"),
            "{:?}",
            errors
        );
        // An alias needs an anchor, which is refused before the alias is seen.
        let errors = parse_spec("api.yaml", "project: &p x\napp: *p\n").unwrap_err();
        assert!(errors[0].message.contains("anchors"));
        let errors = parse_spec("api.yaml", "- a\n- b\n").unwrap_err();
        assert!(errors[0].message.contains("must be a mapping"));
    }
}
