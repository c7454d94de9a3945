//! Unit tests of the Rust front end.

use syn::parse_quote;

use super::*;
use crate::spec::{
    Action, Authentication, AutoField, DefaultValue, Field, FieldKind, Located, Model, ModelRef,
    OnDelete, PermissionRef, Relation, SerializerFields, ViewKind,
};

/// The profiles reference app as `restforge generate` writes it.
const PROFILES: &str = include_str!("../../../macros/tests/expand/profiles.rs");

fn messages(errors: Vec<Diagnostic>) -> Vec<String> {
    errors
        .into_iter()
        .map(|d| match d.hint {
            Some(hint) => format!("{} ({hint})", d.message),
            None => d.message,
        })
        .collect()
}

fn model_errors(input: syn::DeriveInput) -> Vec<String> {
    messages(parse_model(&input, &Options::default()).unwrap_err())
}

/// The profiles models built by hand, as the YAML spec describes them.
fn expected_profiles() -> Vec<Model> {
    let field = |name: &str, kind| {
        Field::new(
            Located::builtin(name.into()),
            Located::builtin(kind),
            Default::default(),
        )
    };
    let model = |name: &str, doc: &str, fields| Model {
        name: Located::builtin(name.to_string()),
        doc: Some(doc.into()),
        db_table: None,
        primary_key: None,
        fields,
        ordering: Vec::new(),
        verbose_name: None,
        verbose_name_plural: None,
        unique_together: Vec::new(),
        indexes: Vec::new(),
        display: None,
        renamed_from: None,
        origin: Default::default(),
    };
    let relation = |to, on_delete| Relation {
        to: Located::builtin(to),
        on_delete: Some(Located::builtin(on_delete)),
        related_name: None,
    };

    let mut user = field("user", FieldKind::OneToOne);
    user.relation = Some(relation(ModelRef::auth_user(), OnDelete::Cascade));
    let mut bio = field("bio", FieldKind::Char);
    bio.max_length = Some(Located::builtin(240));
    bio.blank = Located::builtin(true);
    let mut city = field("city", FieldKind::Char);
    city.max_length = Some(Located::builtin(30));
    city.blank = Located::builtin(true);
    let mut avatar = field("avatar", FieldKind::Image);
    avatar.null = Located::builtin(true);
    avatar.blank = Located::builtin(true);
    let mut profile = model(
        "Profile",
        "A user's public profile, created with the user.",
        vec![user, bio, city, avatar],
    );
    profile.display = Some(Located::builtin("user.username".into()));

    let mut link = field("user_profile", FieldKind::ForeignKey);
    link.relation = Some(relation(ModelRef::local("Profile"), OnDelete::Cascade));
    let mut content = field("status_content", FieldKind::Char);
    content.max_length = Some(Located::builtin(240));
    let mut created = field("created_at", FieldKind::DateTime);
    created.auto_now_add = Located::builtin(true);
    created.db_index = Located::builtin(true);
    let mut updated = field("updated_at", FieldKind::DateTime);
    updated.auto_now = Located::builtin(true);
    let mut status = model(
        "ProfileStatus",
        "A short status update posted by a profile.",
        vec![link, content, created, updated],
    );
    status.verbose_name_plural = Some(Located::builtin("statuses".into()));
    status.display = Some(Located::builtin("user_profile".into()));
    vec![profile, status]
}

fn profiles_from_rust() -> Vec<RustModel> {
    let options = Options {
        app: None,
        default_auto_field: Some(AutoField::BigAuto),
    };
    parse_source(PROFILES, &options).expect("the reference models parse")
}

#[test]
fn generated_profiles_models_equal_the_spec() {
    let models = profiles_from_rust();
    assert!(models.iter().all(|m| m.app.value == "profiles"));
    let models: Vec<Model> = models.into_iter().map(|m| m.model).collect();
    assert_eq!(models, expected_profiles());
}

#[cfg(feature = "cli")]
#[test]
fn generated_profiles_models_equal_the_yaml_spec() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/profiles/api.yaml");
    let spec =
        crate::yaml::parse_spec("api.yaml", &std::fs::read_to_string(path).unwrap()).unwrap();
    let models: Vec<Model> = profiles_from_rust().into_iter().map(|m| m.model).collect();
    assert_eq!(models, spec.models);
}

#[test]
fn source_dir_reads_models_of_every_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("profiles")).unwrap();
    std::fs::write(dir.path().join("profiles/models.rs"), PROFILES).unwrap();
    std::fs::write(dir.path().join("main.rs"), "fn main() {}").unwrap();
    let models = parse_source_dir(dir.path(), &Options::default()).unwrap();
    let names: Vec<&str> = models.iter().map(|m| m.model.name.value.as_str()).collect();
    assert_eq!(names, ["Profile", "ProfileStatus"]);
    // Without a project default, the key kind is explicit.
    assert_eq!(
        models[0].model.primary_key.as_ref().map(|p| p.value),
        Some(AutoField::BigAuto)
    );

    std::fs::write(dir.path().join("bad.rs"), "#[derive(Model)] #[restforge(app = \"a\")] struct X { id: i64, #[restforge(char)] name: String }").unwrap();
    let errors = parse_source_dir(dir.path(), &Options::default()).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].path, "bad.rs: models.X.fields.name");
    assert_eq!(errors[0].message, "a char field needs `max_length`");
}

#[test]
fn field_kinds_follow_the_type_table() {
    let input: syn::DeriveInput = parse_quote! {
        #[restforge(app = "shop", ordering("-price"), unique_together(sku, title), index(name = "i", fields(title)))]
        struct Book {
            id: Uuid,
            sku: Uuid,
            #[restforge(max_length = 200)]
            title: String,
            summary: String,
            #[restforge(email)]
            contact: String,
            #[restforge(max_digits = 8, decimal_places = 2)]
            price: Decimal,
            pages: u32,
            weight: Option<i16>,
            #[restforge(default = -2.5)]
            rating: f64,
            #[restforge(default = None)]
            meta: Option<Json>,
            #[restforge(related_name = "books")]
            tags: ManyToMany<Tag>,
            #[restforge(file, upload_to = "s/")]
            sample: FieldFile,
            #[restforge(max_length = 2, default = "FI", choices(("FI", "Fiction"), (2, "Two")))]
            genre: String,
        }
    };
    let model = parse_model(&input, &Options::default()).unwrap().model;
    let kinds: Vec<FieldKind> = model.fields.iter().map(|f| f.kind.value).collect();
    use FieldKind::*;
    assert_eq!(
        kinds,
        [
            Uuid,
            Char,
            Text,
            Email,
            Decimal,
            PositiveInteger,
            SmallInteger,
            Float,
            Json,
            ManyToMany,
            File,
            Char
        ]
    );
    assert_eq!(
        model.primary_key.as_ref().map(|p| p.value),
        Some(AutoField::Uuid)
    );
    assert!(model.field("weight").unwrap().null.value);
    assert_eq!(
        model
            .field("rating")
            .unwrap()
            .default
            .as_ref()
            .unwrap()
            .value,
        DefaultValue::Float(-2.5)
    );
    assert_eq!(
        model.field("meta").unwrap().default.as_ref().unwrap().value,
        DefaultValue::Null
    );
    let genre = model.field("genre").unwrap();
    assert_eq!(genre.choices[1].value.value, "2");
    let together: Vec<&str> = model.unique_together[0]
        .iter()
        .map(|n| n.value.as_str())
        .collect();
    assert_eq!(together, ["sku", "title"]);
    assert_eq!(model.indexes[0].name.as_ref().unwrap().value, "i");
    assert_eq!(model.ordering[0].value, "-price");
    let tags = model.field("tags").unwrap().relation.as_ref().unwrap();
    assert_eq!(tags.to.value, ModelRef::local("Tag"));
}

#[test]
fn every_attribute_error_is_reported_at_once() {
    let errors = model_errors(parse_quote! {
        #[restforge(app = "shop", verbose_nme = "x", app = "again")]
        struct Item {
            id: i64,
            #[restforge(max_length = "3", blank, blank)]
            name: String,
            #[restforge(on_delete = "cascad")]
            shelf: ForeignKey<Shelf>,
            #[restforge(null)]
            count: i32,
            #[restforge(email)]
            size: i32,
            odd: Vec<u8>,
        }
    });
    assert_eq!(
        errors,
        [
            "unknown restforge attribute `verbose_nme` (did you mean `verbose_name`?)",
            "duplicate restforge attribute `app`",
            "restforge attribute `max_length` expects an integer, as in `max_length = 240`",
            "duplicate restforge attribute `blank`",
            "unknown on_delete rule `cascad` (did you mean `cascade`?)",
            "`null` needs an `Option<…>` type (a NULL column is read into `None`)",
            "a `email` field needs a `String` type, found `i32`",
            "unsupported field type `Vec`",
        ]
    );
}

#[test]
fn models_need_an_app_and_a_primary_key() {
    let errors = model_errors(parse_quote! { struct Item { name: String } });
    assert_eq!(
        errors,
        [
            "missing restforge attribute `app` (add `#[restforge(app = \"…\")]`, Django's app label)",
            "a model needs an `id` field, its primary key (add `pub id: i64` (or `i32`, or `Uuid`))",
        ]
    );
}

#[test]
fn serializers_permissions_and_views() {
    let file = syn::parse_file(PROFILES).unwrap();
    let input = |name: &str| -> syn::DeriveInput {
        file.items
            .iter()
            .find_map(|item| match item {
                syn::Item::Struct(s) if s.ident == name => Some(syn::DeriveInput::from(s.clone())),
                _ => None,
            })
            .unwrap()
    };
    let serializer = parse_serializer(&input("ProfileSerializer"))
        .unwrap()
        .serializer;
    assert_eq!(serializer.model.value, ModelRef::local("Profile"));
    assert_eq!(serializer.fields, SerializerFields::All);
    assert_eq!(serializer.string_related[0].value, "user");
    let avatar = parse_serializer(&input("ProfileAvatarSerializer"))
        .unwrap()
        .serializer;
    assert_eq!(
        avatar.fields,
        SerializerFields::Only(vec![Located::builtin("avatar".into())])
    );

    let permission = parse_permission(&input("IsOwnerOrReadOnly")).unwrap();
    assert_eq!(permission.owner.unwrap().value, ["user_profile", "user"]);
    assert!(permission.allow_safe_methods.value);

    let parsed = parse_viewset(&input("ProfileStatusViewSet")).unwrap();
    let viewset = parsed.viewset;
    assert_eq!(viewset.serializer.value, "ProfileStatusSerializer");
    assert_eq!(viewset.actions.len(), 6);
    let permissions: Vec<PermissionRef> = viewset
        .permissions
        .unwrap()
        .into_iter()
        .map(|p| p.value)
        .collect();
    assert_eq!(
        permissions,
        [
            PermissionRef::IsAuthenticated,
            PermissionRef::Declared("IsOwnerOrReadOnly".into())
        ]
    );
    assert_eq!(parsed.paths.permissions.len(), 2);
    assert_eq!(
        viewset.filters[0].path.value,
        "user_profile__user__username"
    );
    assert_eq!(viewset.on_create[0].value.path, ["profile"]);
    let narrow = parse_viewset(&input("ProfileViewSet")).unwrap().viewset;
    let actions: Vec<Action> = narrow.actions.iter().map(|a| a.value).collect();
    assert_eq!(
        actions,
        [
            Action::List,
            Action::Retrieve,
            Action::Update,
            Action::PartialUpdate
        ]
    );

    let view = parse_view(&input("AvatarUpdateView")).unwrap().view;
    assert_eq!(view.kind.value, ViewKind::Update);
    assert_eq!(view.object.unwrap().path, ["profile"]);
}

#[test]
fn view_errors_name_the_bad_word() {
    let errors = messages(
        parse_viewset(&parse_quote! {
            #[restforge(serializer = S, actions(list, retreive), authentication(TokenAuth), on_create(owner = "user"))]
            struct V;
        })
        .unwrap_err(),
    );
    assert_eq!(
        errors,
        [
            "unknown action `retreive` (did you mean `retrieve`?)",
            // `TokenAuth` may be a class of the user's: the compiler resolves it (and suggests
            // `TokenAuthentication` when it does not exist).
            // The same words as the YAML front end: one parser reads request values.
            "expected `request.user` or `request.user.<related name>`, found `user`",
        ]
    );
    let errors = messages(
        parse_view(&parse_quote! { #[restforge(kind = "updte", serializer = S)] struct V; })
            .unwrap_err(),
    );
    assert_eq!(
        errors,
        ["unknown view kind `updte` (did you mean `update`?)"]
    );
    let errors = messages(
        parse_serializer(&parse_quote! { #[restforge(fields = "all")] struct S(u8); }).unwrap_err(),
    );
    assert_eq!(
        errors,
        [
            "`#[derive(Serializer)]` needs a unit struct, as in `pub struct S;`",
            "restforge attribute `fields` expects `\"__all__\"` or a list of fields, as in `fields(a, b)`",
            "missing restforge attribute `model` (add `#[restforge(model = Profile)]`)",
        ]
    );
    let auth = parse_viewset(
        &parse_quote! { #[restforge(serializer = S, authentication(JwtAuthentication))] struct V; },
    )
    .unwrap();
    assert_eq!(
        auth.viewset.authentication.unwrap()[0].value,
        Authentication::Jwt
    );
}

/// `default = uuid4` / `default = now` are Django's `uuid.uuid4` and `timezone.now`; a quoted
/// word stays a string, and another bare word is an error naming the choices.
#[test]
fn callable_defaults_are_bare_words() {
    let input: syn::DeriveInput = parse_quote! {
        #[restforge(app = "shop")]
        struct Ticket {
            id: i64,
            #[restforge(default = uuid4)]
            code: Uuid,
            #[restforge(default = now)]
            opened: DateTime,
            #[restforge(max_length = 5, default = "now")]
            word: String,
        }
    };
    let model = parse_model(&input, &Options::default()).unwrap().model;
    let default = |name: &str| model.field(name).unwrap().default.clone().unwrap().value;
    assert_eq!(default("code"), DefaultValue::Uuid4);
    assert_eq!(default("opened"), DefaultValue::Now);
    assert_eq!(default("word"), DefaultValue::String("now".into()));

    let input: syn::DeriveInput = parse_quote! {
        #[restforge(app = "shop")]
        struct Ticket {
            id: i64,
            #[restforge(default = today)]
            opened: Date,
        }
    };
    assert_eq!(
        model_errors(input),
        [
            "restforge attribute `default` expects a literal, `None`, `uuid4` or `now`, as in `default = 0`"
        ]
    );
}
