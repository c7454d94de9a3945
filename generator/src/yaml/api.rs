//! `serializers:`, `permissions:`, `viewsets:`, `views:`, `signals:` and `routes:`.

use marked_yaml::Node;

use super::permission_refs;
use super::reader::{self, MapReader};
use crate::diagnostics::{Ctxt, Diagnostic};
use crate::spec::{
    Action, ActionSerializer, ExtraAction, FieldOptions, Filter, Located, ModelRef, Origin,
    Permission, Registration, RequestAssignment, RequestValue, RoutePath, RouterKind, Routes,
    Serializer, SerializerFields, Signal, SignalAction, SignalEvent, View, ViewKind, ViewSet,
};

/// Reads every entry of a name → item mapping, skipping the ones that could not be read.
pub(super) fn read_all<T>(
    cx: &Ctxt,
    entries: Vec<(Located<String>, String, &Node)>,
    read: fn(&Ctxt, Located<String>, &str, &Node) -> Option<T>,
) -> Vec<T> {
    entries
        .into_iter()
        .filter_map(|(name, path, node)| read(cx, name, &path, node))
        .collect()
}

pub(super) fn read_serializer(
    cx: &Ctxt,
    name: Located<String>,
    path: &str,
    node: &Node,
) -> Option<Serializer> {
    let mut map = MapReader::new(cx, node, path, name.origin)?;
    let doc = map.optional_str("doc").map(|doc| doc.value);
    let model = map
        .required_str("model")
        .map(|m| Located::new(ModelRef::parse(&m.value), m.origin));
    let fields = map
        .node("fields")
        .and_then(|node| serializer_fields(cx, node, &map.key_path("fields")));
    let exclude = map.optional_string_list("exclude");
    let read_only = map.string_list("read_only");
    let write_only = map.string_list("write_only");
    let string_related = map.string_list("string_related");
    let extra = map
        .entries("extra")
        .into_iter()
        .filter_map(|(field, path, node)| read_field_options(cx, field, &path, node))
        .collect();
    let hooks = map.bool_or("hooks", false);
    let method_fields = map.string_list("method_fields");
    // DRF refuses both ("Cannot set both 'fields' and 'exclude'") and neither.
    let fields = match (fields, exclude) {
        (Some(fields), None) => Some(fields),
        (None, Some(exclude)) => Some(SerializerFields::Exclude(exclude)),
        (Some(_), Some(_)) => {
            let origin = map.key_origin("exclude").unwrap_or(name.origin);
            cx.error(origin, path, "`fields` and `exclude` cannot both be set");
            None
        }
        (None, None) => {
            // A `fields` of the wrong type was reported when it was read.
            if !map.has("fields") {
                cx.push(
                    Diagnostic::new(name.origin, path, "missing `fields` or `exclude`")
                        .with_hint(Some("write `fields: __all__` to expose every field".into())),
                );
            }
            None
        }
    };
    map.finish();
    Some(Serializer {
        origin: name.origin,
        name,
        doc,
        model: model?,
        fields: fields?,
        read_only,
        write_only,
        string_related,
        extra,
        hooks,
        method_fields,
    })
}

/// `__all__` or a list of names.
fn serializer_fields(cx: &Ctxt, node: &Node, path: &str) -> Option<SerializerFields> {
    match node {
        Node::Scalar(s) if s.as_str() == "__all__" => Some(SerializerFields::All),
        Node::Sequence(_) => reader::string_list(cx, node, path).map(SerializerFields::Only),
        _ => {
            cx.error(
                reader::origin(node),
                path,
                format!(
                    "expected `__all__` or a list of field names, found {}",
                    reader::describe(node)
                ),
            );
            None
        }
    }
}

fn read_field_options(
    cx: &Ctxt,
    field: Located<String>,
    path: &str,
    node: &Node,
) -> Option<FieldOptions> {
    let mut map = MapReader::new(cx, node, path, field.origin)?;
    let options = FieldOptions {
        required: map.optional_bool("required"),
        allow_null: map.optional_bool("allow_null"),
        allow_blank: map.optional_bool("allow_blank"),
        min_length: map.optional_u32("min_length"),
        max_length: map.optional_u32("max_length"),
        min_value: map.optional_i64("min_value"),
        max_value: map.optional_i64("max_value"),
        label: map.optional_str("label"),
        help_text: map.optional_str("help_text"),
        field,
    };
    map.finish();
    Some(options)
}

pub(super) fn read_permission(
    cx: &Ctxt,
    name: Located<String>,
    path: &str,
    node: &Node,
) -> Option<Permission> {
    let mut map = MapReader::new(cx, node, path, name.origin)?;
    let doc = map.optional_str("doc").map(|doc| doc.value);
    let allow_safe_methods = map.bool_or("allow_safe_methods", false);
    let hooks = map.bool_or("hooks", false);
    let owner_path = map.key_path("owner");
    // A permission is an owner rule, or the user's own code.
    let owner = if hooks.value {
        if let Some(origin) = map.key_origin("owner") {
            map.node("owner");
            cx.error(
                origin,
                &owner_path,
                "`owner` and `hooks` cannot both be set: an owner rule is checked by restforge, a permission with `hooks` by your `impl Permission`",
            );
        }
        None
    } else {
        let owner = map.required_str("owner").and_then(|owner| {
            Permission::parse_owner(&owner.value)
                .map(|steps| Located::new(steps, owner.origin))
                .map_err(|message| cx.error(owner.origin, &owner_path, message))
                .ok()
        });
        Some(owner?)
    };
    map.finish();
    Some(Permission {
        origin: name.origin,
        name,
        doc,
        allow_safe_methods,
        owner,
        hooks,
    })
}

pub(super) fn read_viewset(
    cx: &Ctxt,
    name: Located<String>,
    path: &str,
    node: &Node,
) -> Option<ViewSet> {
    let mut map = MapReader::new(cx, node, path, name.origin)?;
    let actions_table = Action::ALL.map(|action| (action.name(), action));
    let doc = map.optional_str("doc").map(|doc| doc.value);
    let serializer = map.required_str("serializer");
    let actions = map
        .optional_word_list("actions", "action", &actions_table)
        .unwrap_or_else(|| Action::ALL.map(Located::builtin).to_vec());
    let permissions = map
        .optional_string_list("permissions")
        .map(|names| permission_refs(cx, &map.key_path("permissions"), names));
    let authentication = map.optional_authentication_list("authentication");
    let ordering = map.string_list("ordering");
    let filters = map
        .entries("filters")
        .into_iter()
        .filter_map(|(param, path, node)| {
            let path = reader::string(cx, node, &path)?;
            Some(Filter { param, path })
        })
        .collect();
    let search_fields = map.string_list("search_fields");
    let ordering_fields = map.string_list("ordering_fields");
    let on_create = read_assignments(cx, map.entries("on_create"));
    let on_update = read_assignments(cx, map.entries("on_update"));
    let throttle_scope = map.optional_str("throttle_scope");
    let hooks = map.bool_or("hooks", false);
    let extra_actions = map
        .entries("extra_actions")
        .into_iter()
        .filter_map(|(name, path, node)| read_extra_action(cx, name, &path, node))
        .collect();
    let action_serializers = map
        .entries("action_serializers")
        .into_iter()
        .filter_map(|(action, path, node)| {
            let serializer = reader::string(cx, node, &path)?;
            Some(ActionSerializer { action, serializer })
        })
        .collect();
    map.finish();
    Some(ViewSet {
        origin: name.origin,
        name,
        doc,
        serializer: serializer?,
        actions,
        permissions,
        authentication,
        ordering,
        filters,
        search_fields,
        ordering_fields,
        on_create,
        on_update,
        throttle_scope,
        hooks,
        extra_actions,
        action_serializers,
    })
}

/// One `extra_actions` entry, DRF's `@action`.
fn read_extra_action(
    cx: &Ctxt,
    name: Located<String>,
    path: &str,
    node: &Node,
) -> Option<ExtraAction> {
    let mut map = MapReader::new(cx, node, path, name.origin)?;
    let detail = map.bool_or("detail", false);
    let methods = map
        .optional_string_list("methods")
        .unwrap_or_else(|| vec![Located::new("get".to_string(), name.origin)]);
    let url_path = map.optional_str("url_path");
    let url_name = map.optional_str("url_name");
    let permissions = map
        .optional_string_list("permissions")
        .map(|names| permission_refs(cx, &map.key_path("permissions"), names));
    let serializer = map.optional_str("serializer");
    map.finish();
    Some(ExtraAction {
        name,
        detail,
        methods,
        url_path,
        url_name,
        permissions,
        serializer,
    })
}

/// `field: request.user[.x]` entries.
fn read_assignments(
    cx: &Ctxt,
    entries: Vec<(Located<String>, String, &Node)>,
) -> Vec<RequestAssignment> {
    entries
        .into_iter()
        .filter_map(|(field, path, node)| {
            let value = request_value(cx, node, &path)?;
            Some(RequestAssignment { field, value })
        })
        .collect()
}

/// `request.user` or `request.user.<related name>`.
fn request_value(cx: &Ctxt, node: &Node, path: &str) -> Option<RequestValue> {
    let text = reader::string(cx, node, path)?;
    RequestValue::parse(&text.value, text.origin)
        .map_err(|message| cx.error(text.origin, path, message))
        .ok()
}

pub(super) fn read_view(cx: &Ctxt, name: Located<String>, path: &str, node: &Node) -> Option<View> {
    let mut map = MapReader::new(cx, node, path, name.origin)?;
    let doc = map.optional_str("doc").map(|doc| doc.value);
    let kind = map.required_word("kind", "view kind", &ViewKind::ALL);
    let serializer = map.required_str("serializer");
    let object = map
        .node("object")
        .and_then(|node| request_value(cx, node, &map.key_path("object")));
    let permissions = map
        .optional_string_list("permissions")
        .map(|names| permission_refs(cx, &map.key_path("permissions"), names));
    let authentication = map.optional_authentication_list("authentication");
    let hooks = map.bool_or("hooks", false);
    map.finish();
    Some(View {
        origin: name.origin,
        name,
        doc,
        kind: kind?,
        serializer: serializer?,
        object,
        permissions,
        authentication,
        hooks,
    })
}

pub(super) fn read_signal(
    cx: &Ctxt,
    name: Located<String>,
    path: &str,
    node: &Node,
) -> Option<Signal> {
    let mut map = MapReader::new(cx, node, path, name.origin)?;
    let events: Vec<(SignalEvent, Located<String>)> = SignalEvent::ALL
        .iter()
        .filter_map(|(key, event)| Some((*event, map.optional_str(key)?)))
        .collect();
    let created = map.optional_bool("created");
    let action = map.required_sub("create").and_then(|mut create| {
        let model = create.required_str("model");
        let link = create.required_str("link");
        create.finish();
        Some(SignalAction::CreateRelated {
            model: model.map(|m| Located::new(ModelRef::parse(&m.value), m.origin))?,
            link: link?,
        })
    });
    let keys: Vec<String> = SignalEvent::ALL
        .iter()
        .map(|(key, _)| format!("`{key}`"))
        .collect();
    let event = match &events[..] {
        [one] => Some(one.clone()),
        [] => {
            let forms: Vec<String> = SignalEvent::ALL
                .iter()
                .map(|(key, _)| format!("`{key}: <model>`"))
                .collect();
            cx.error(
                name.origin,
                path,
                format!("missing the event: {}", forms.join(" or ")),
            );
            None
        }
        [.., (_, sender)] => {
            cx.error(
                sender.origin,
                path,
                format!(
                    "a signal listens to one event: {}, not both",
                    keys.join(" or ")
                ),
            );
            None
        }
    };
    // Django passes `created` to post_save receivers only.
    if let (Some(created), Some((SignalEvent::PreDelete, _))) = (&created, &event) {
        cx.error(
            created.origin,
            map.key_path("created"),
            "`created` only applies to `post_save` signals",
        );
    }
    map.finish();
    let (event, sender) = event?;
    let event_origin = map_key_origin(node, event.name()).unwrap_or(sender.origin);
    Some(Signal {
        origin: name.origin,
        name,
        event: Located::new(event, event_origin),
        sender: Located::new(ModelRef::parse(&sender.value), sender.origin),
        created_only: created.is_some_and(|c| c.value),
        action: action?,
    })
}

fn map_key_origin(node: &Node, key: &str) -> Option<Origin> {
    node.as_mapping()?
        .keys()
        .find(|k| k.as_str() == key)
        .map(reader::scalar_origin)
}

/// Routes default to a DefaultRouter under `api/` with trailing slashes, as DRF's do.
pub(super) fn read_routes(cx: &Ctxt, map: Option<MapReader<'_>>) -> Option<Routes> {
    let Some(mut map) = map else {
        return Some(Routes::default());
    };
    let router = map
        .optional_word("router", "router", &RouterKind::ALL)
        .unwrap_or_else(|| Located::builtin(RouterKind::Default));
    let prefix = map
        .optional_str("prefix")
        .unwrap_or_else(|| Located::builtin("api/".into()));
    let trailing_slash = map.bool_or("trailing_slash", true).value;
    let registrations = map
        .node("register")
        .and_then(|node| reader::list(cx, node, &map.key_path("register")))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(path, item)| {
            let origin = reader::origin(item);
            let mut item = MapReader::new(cx, item, &path, origin)?;
            let prefix = item.required_str("prefix");
            let viewset = item.required_str("viewset");
            let basename = item.optional_str("basename");
            item.finish();
            Some(Registration {
                prefix: prefix?,
                viewset: viewset?,
                basename,
                origin,
            })
        })
        .collect();
    let paths = map
        .node("paths")
        .and_then(|node| reader::list(cx, node, &map.key_path("paths")))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(path, item)| {
            let origin = reader::origin(item);
            let mut item = MapReader::new(cx, item, &path, origin)?;
            let url = item.required_str("path");
            let view = item.required_str("view");
            let name = item.optional_str("name");
            item.finish();
            Some(RoutePath {
                path: url?,
                view: view?,
                name,
                origin,
            })
        })
        .collect();
    map.finish();
    Some(Routes {
        router,
        prefix,
        trailing_slash,
        registrations,
        paths,
    })
}
