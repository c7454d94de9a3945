//! `#[derive(Model)]`: `impl Model` with the struct's `ModelMeta`, row conversions, and one
//! hidden marker const per field for the other derives to check names against.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use restforge_generator::check;
use restforge_generator::ident;
use restforge_generator::rust_src::{self, Options, PRIMARY_KEY, RustModel};
use restforge_generator::spec::{AutoField, DefaultValue, Field, FieldKind, IpProtocol, OnDelete};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident};

use crate::diag::{self, opt_num, opt_str, str_slice};

pub fn expand(input: &DeriveInput) -> TokenStream {
    let parsed = rust_src::parse_model(input, &Options::default())
        .and_then(|model| check::check_model(&model.model).map(|()| model));
    match parsed {
        Ok(model) => expand_model(input, &model),
        Err(errors) => {
            let mut out = diag::compile_errors(&errors);
            out.extend(fallback(input));
            out
        }
    }
}

/// The struct fields by name, with their idents and types.
fn struct_fields(input: &DeriveInput) -> Vec<&syn::Field> {
    match &input.data {
        syn::Data::Struct(data) => data.fields.iter().filter(|f| f.ident.is_some()).collect(),
        _ => Vec::new(),
    }
}

fn syn_field<'a>(input: &'a DeriveInput, name: &str) -> &'a syn::Field {
    struct_fields(input)
        .into_iter()
        .find(|f| {
            f.ident
                .as_ref()
                .is_some_and(|i| i.to_string().trim_start_matches("r#") == name)
        })
        .expect("the front end read every field from the struct")
}

/// A stub `impl Model` after errors, so that uses of the model do not add errors of their own
/// (thiserror's fallback). Every field the struct has is named, for the other derives' checks.
fn fallback(input: &DeriveInput) -> TokenStream {
    let name = &input.ident;
    let struct_name = name.to_string();
    let field_names = field_names(
        struct_fields(input)
            .into_iter()
            .filter_map(|f| f.ident.as_ref()),
    );
    quote! {
        const _: () = {
            #[automatically_derived]
            impl ::restforge::__private::Model for #name {
                type Pk = i64;
                const NAME: &'static str = #struct_name;
                const FIELD_NAMES: &'static [&'static str] = &[#(#field_names),*];
                fn meta() -> &'static ::restforge::__private::ModelMeta { ::core::unimplemented!() }
                fn pk(&self) -> &i64 { ::core::unimplemented!() }
                fn to_row(&self) -> ::restforge::__private::Vec<::restforge::__private::Value> { ::core::unimplemented!() }
                fn from_row(_: ::restforge::__private::Vec<::restforge::__private::Value>) -> ::restforge::__private::Result<Self, ::restforge::__private::ValueError> { ::core::unimplemented!() }
                fn get(&self, _: &str) -> ::restforge::__private::Option<::restforge::__private::Value> { ::core::unimplemented!() }
                fn set(&mut self, _: &str, _: ::restforge::__private::Value) -> ::restforge::__private::Result<(), ::restforge::__private::ValueError> { ::core::unimplemented!() }
                fn many_to_many(&self, _: &str) -> ::restforge::__private::Option<::restforge::__private::Vec<::restforge::__private::Value>> { ::core::unimplemented!() }
                fn set_many_to_many(&mut self, _: &str, _: ::restforge::__private::Vec<::restforge::__private::Value>) -> ::restforge::__private::Result<(), ::restforge::__private::ValueError> { ::core::unimplemented!() }
            }
        };
    }
}

/// The names other items may give the model's fields: each struct field, and `pk`, Django's
/// alias of the primary key (`ordering("-pk")`).
fn field_names<'a>(idents: impl Iterator<Item = &'a Ident>) -> Vec<String> {
    idents
        .map(|ident| ident.to_string().trim_start_matches("r#").to_string())
        .filter(|name| name != "pk")
        .chain(std::iter::once("pk".to_string()))
        .collect()
}

fn expand_model(input: &DeriveInput, parsed: &RustModel) -> TokenStream {
    let model = &parsed.model;
    let name = &input.ident;
    let app = &parsed.app.value;
    let model_name = ident::model_name(&model.name.value);
    let table = model.table(app);
    let verbose_name = model
        .verbose_name
        .as_ref()
        .map(|v| v.value.clone())
        .unwrap_or_else(|| ident::verbose_name(&model.name.value));
    let verbose_name_plural = model
        .verbose_name_plural
        .as_ref()
        .map(|v| v.value.clone())
        .unwrap_or_else(|| format!("{verbose_name}s"));
    let struct_name = &model.name.value;

    let pk_field = syn_field(input, PRIMARY_KEY);
    let pk_ident = pk_field.ident.as_ref().expect("named");
    let pk_type = &pk_field.ty;
    let pk_kind = primary_key_kind(pk_type);

    let mut field_metas = vec![primary_key_meta(pk_kind)];
    field_metas.extend(model.fields.iter().map(|f| field_meta(input, f)));

    let ordering = str_slice(diag::values(&model.ordering));
    let display = match &model.display {
        Some(path) => {
            let segments = str_slice(path.value.split('.'));
            quote!(::restforge::__private::Some(#segments))
        }
        None => quote!(::restforge::__private::None),
    };
    let unique_together = model
        .unique_together
        .iter()
        .map(|group| str_slice(diag::values(group)));
    let indexes = model.indexes.iter().map(|index| {
        let fields = str_slice(diag::values(&index.fields));
        let name = opt_str(index.name.as_ref().map(|n| n.value.as_str()));
        quote!(::restforge::__private::IndexMeta { fields: #fields, name: #name })
    });

    // Row conversions: the primary key, then every field with a column, in order.
    let columns: Vec<(&Ident, &str)> = std::iter::once((pk_ident, PRIMARY_KEY))
        .chain(
            model
                .fields
                .iter()
                .filter(|f| f.kind.value.has_column())
                .map(|f| {
                    (
                        syn_field(input, &f.name.value)
                            .ident
                            .as_ref()
                            .expect("named"),
                        f.name.value.as_str(),
                    )
                }),
        )
        .collect();
    let many: Vec<(&Ident, &str)> = model
        .fields
        .iter()
        .filter(|f| !f.kind.value.has_column())
        .map(|f| {
            (
                syn_field(input, &f.name.value)
                    .ident
                    .as_ref()
                    .expect("named"),
                f.name.value.as_str(),
            )
        })
        .collect();
    let column_count = columns.len();
    let column_idents: Vec<&Ident> = columns.iter().map(|(i, _)| *i).collect();
    let column_names: Vec<&str> = columns.iter().map(|(_, n)| *n).collect();
    let many_idents: Vec<&Ident> = many.iter().map(|(i, _)| *i).collect();
    let many_names: Vec<&str> = many.iter().map(|(_, n)| *n).collect();
    let field_names = field_names(
        struct_fields(input)
            .into_iter()
            .filter_map(|f| f.ident.as_ref()),
    );

    quote! {
        const _: () = {
            #[automatically_derived]
            impl ::restforge::__private::Model for #name {
                type Pk = #pk_type;
                const NAME: &'static str = #struct_name;
                const FIELD_NAMES: &'static [&'static str] = &[#(#field_names),*];

                fn meta() -> &'static ::restforge::__private::ModelMeta {
                    static META: ::restforge::__private::ModelMeta = ::restforge::__private::ModelMeta {
                        app: #app,
                        name: #struct_name,
                        model_name: #model_name,
                        table: #table,
                        verbose_name: #verbose_name,
                        verbose_name_plural: #verbose_name_plural,
                        fields: &[#(#field_metas),*],
                        ordering: #ordering,
                        display: #display,
                        unique_together: &[#(#unique_together),*],
                        indexes: &[#(#indexes),*],
                    };
                    &META
                }

                fn pk(&self) -> &#pk_type {
                    &self.#pk_ident
                }

                fn to_row(&self) -> ::restforge::__private::Vec<::restforge::__private::Value> {
                    ::std::vec![#(::restforge::__private::ToValue::to_value(&self.#column_idents)),*]
                }

                fn from_row(
                    row: ::restforge::__private::Vec<::restforge::__private::Value>,
                ) -> ::restforge::__private::Result<Self, ::restforge::__private::ValueError> {
                    let [#(#column_idents),*]: [::restforge::__private::Value; #column_count] = row
                        .try_into()
                        .map_err(|row: ::restforge::__private::Vec<_>| {
                            ::restforge::__private::ValueError::row_length(#column_count, row.len())
                        })?;
                    ::restforge::__private::Ok(Self {
                        #(#column_idents: ::restforge::__private::FromValue::from_value(#column_idents)
                            .map_err(|e| e.in_field(#column_names))?,)*
                        #(#many_idents: ::restforge::__private::ManyToMany::default(),)*
                    })
                }

                fn get(&self, field: &str) -> ::restforge::__private::Option<::restforge::__private::Value> {
                    match field {
                        #(#column_names => ::restforge::__private::Some(
                            ::restforge::__private::ToValue::to_value(&self.#column_idents)
                        ),)*
                        _ => ::restforge::__private::None,
                    }
                }

                fn set(
                    &mut self,
                    field: &str,
                    value: ::restforge::__private::Value,
                ) -> ::restforge::__private::Result<(), ::restforge::__private::ValueError> {
                    match field {
                        #(#column_names => {
                            self.#column_idents = ::restforge::__private::FromValue::from_value(value)
                                .map_err(|e| e.in_field(#column_names))?;
                            ::restforge::__private::Ok(())
                        })*
                        _ => ::restforge::__private::Err(::restforge::__private::ValueError::unknown_field(field)),
                    }
                }

                fn many_to_many(
                    &self,
                    field: &str,
                ) -> ::restforge::__private::Option<::restforge::__private::Vec<::restforge::__private::Value>> {
                    match field {
                        #(#many_names => ::restforge::__private::Some(self.#many_idents.to_values()),)*
                        _ => ::restforge::__private::None,
                    }
                }

                fn set_many_to_many(
                    &mut self,
                    field: &str,
                    ids: ::restforge::__private::Vec<::restforge::__private::Value>,
                ) -> ::restforge::__private::Result<(), ::restforge::__private::ValueError> {
                    match field {
                        #(#many_names => {
                            self.#many_idents = ::restforge::__private::ManyToMany::from_values(ids)
                                .map_err(|e| e.in_field(#many_names))?;
                            ::restforge::__private::Ok(())
                        })*
                        _ => {
                            let _ = ids;
                            ::restforge::__private::Err(::restforge::__private::ValueError::unknown_field(field))
                        }
                    }
                }
            }

        };
    }
}

fn primary_key_kind(ty: &syn::Type) -> AutoField {
    let last = match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    };
    match last.as_deref() {
        Some("i32") => AutoField::Auto,
        Some("Uuid") => AutoField::Uuid,
        _ => AutoField::BigAuto,
    }
}

fn primary_key_meta(kind: AutoField) -> TokenStream {
    let field_type = match kind {
        AutoField::Auto => quote!(Auto),
        AutoField::BigAuto => quote!(BigAuto),
        AutoField::Uuid => quote!(Uuid),
    };
    field_meta_tokens(FieldTokens {
        name: PRIMARY_KEY.into(),
        column: quote!(::restforge::__private::Some(#PRIMARY_KEY)),
        field_type,
        primary_key: true,
        // Django's AutoField and UUID primary keys are both verbose-named `ID`.
        verbose_name: "ID".into(),
        ..FieldTokens::default()
    })
}

/// The tokens of one `FieldMeta`, with defaults for what a field does not set.
#[derive(Default)]
struct FieldTokens {
    name: String,
    column: TokenStream,
    field_type: TokenStream,
    primary_key: bool,
    null: bool,
    blank: bool,
    unique: bool,
    db_index: bool,
    auto_now: bool,
    auto_now_add: bool,
    max_length: Option<u32>,
    max_digits: Option<u32>,
    decimal_places: Option<u32>,
    min_value: Option<i64>,
    max_value: Option<i64>,
    default: Option<TokenStream>,
    choices: Vec<(String, String)>,
    upload_to: Option<String>,
    protocol: Option<IpProtocol>,
    verbose_name: String,
    help_text: Option<String>,
    relation: Option<TokenStream>,
}

fn field_meta_tokens(f: FieldTokens) -> TokenStream {
    let FieldTokens {
        name,
        column,
        field_type,
        primary_key,
        null,
        blank,
        unique,
        db_index,
        auto_now,
        auto_now_add,
        max_length,
        max_digits,
        decimal_places,
        min_value,
        max_value,
        default,
        choices,
        upload_to,
        protocol,
        verbose_name,
        help_text,
        relation,
    } = f;
    let default = match default {
        Some(value) => quote!(::restforge::__private::Some(#value)),
        None => quote!(::restforge::__private::None),
    };
    let choices = choices
        .iter()
        .map(|(value, label)| quote!((#value, #label)));
    let upload_to = opt_str(upload_to.as_deref());
    let protocol = match protocol {
        Some(protocol) => {
            let variant = format_ident!("{protocol:?}");
            quote!(::restforge::__private::Some(::restforge::__private::IpProtocol::#variant))
        }
        None => quote!(::restforge::__private::None),
    };
    let help_text = opt_str(help_text.as_deref());
    let relation = relation.unwrap_or_else(|| quote!(::restforge::__private::None));
    let max_length = opt_num(max_length);
    let max_digits = opt_num(max_digits);
    let decimal_places = opt_num(decimal_places);
    let min_value = opt_num(min_value);
    let max_value = opt_num(max_value);
    quote! {
        ::restforge::__private::FieldMeta {
            name: #name,
            column: #column,
            field_type: ::restforge::__private::FieldKind::#field_type,
            primary_key: #primary_key,
            null: #null,
            blank: #blank,
            unique: #unique,
            db_index: #db_index,
            auto_now: #auto_now,
            auto_now_add: #auto_now_add,
            max_length: #max_length,
            max_digits: #max_digits,
            decimal_places: #decimal_places,
            min_value: #min_value,
            max_value: #max_value,
            default: #default,
            choices: &[#(#choices),*],
            upload_to: #upload_to,
            protocol: #protocol,
            verbose_name: #verbose_name,
            help_text: #help_text,
            relation: #relation,
        }
    }
}

/// The runtime's kind is the same table's (`restforge_core::kind`): its variant, by name.
fn field_type(kind: FieldKind) -> TokenStream {
    let variant = format_ident!("{kind:?}");
    quote!(#variant)
}

fn on_delete(rule: OnDelete) -> TokenStream {
    // The runtime's variants are the spec names in UpperCamelCase.
    let variant = format_ident!("{}", ident::camel(rule.name()));
    quote!(::restforge::__private::OnDelete::#variant)
}

fn default_value(value: &DefaultValue) -> TokenStream {
    match value {
        DefaultValue::Null => quote!(::restforge::__private::DefaultValue::Null),
        DefaultValue::Bool(b) => quote!(::restforge::__private::DefaultValue::Bool(#b)),
        DefaultValue::Int(i) => quote!(::restforge::__private::DefaultValue::Int(#i)),
        DefaultValue::Float(f) => quote!(::restforge::__private::DefaultValue::Float(#f)),
        DefaultValue::String(s) => quote!(::restforge::__private::DefaultValue::Str(#s)),
        DefaultValue::Uuid4 => quote!(::restforge::__private::DefaultValue::Uuid4),
        DefaultValue::Now => quote!(::restforge::__private::DefaultValue::Now),
    }
}

/// The type argument of a relation field's type (`User` of `OneToOne<User>`).
fn relation_target(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let segment = path.path.segments.last()?;
    if segment.ident == "Option" {
        if let syn::PathArguments::AngleBracketed(args) = &segment.arguments
            && let Some(syn::GenericArgument::Type(inner)) = args.args.first()
        {
            return relation_target(inner);
        }
        return None;
    }
    match &segment.arguments {
        syn::PathArguments::AngleBracketed(args) => args.args.iter().find_map(|a| match a {
            syn::GenericArgument::Type(ty) => Some(ty),
            _ => None,
        }),
        _ => None,
    }
}

fn field_meta(input: &DeriveInput, field: &Field) -> TokenStream {
    let kind = field.kind.value;
    let name = &field.name.value;
    let column = match (&field.db_column, kind.has_column()) {
        (_, false) => quote!(::restforge::__private::None),
        (Some(column), true) => {
            let column = &column.value;
            quote!(::restforge::__private::Some(#column))
        }
        (None, true) => {
            let column = ident::column_name(name, kind.is_relation());
            quote!(::restforge::__private::Some(#column))
        }
    };
    let relation = field.relation.as_ref().map(|relation| {
        let ty = &syn_field(input, name).ty;
        let target = relation_target(ty).expect("the front end found the relation's target");
        // Spanned at the target type, so a target that is not a model is reported there.
        let to = quote_spanned!(target.span()=> <#target as ::restforge::__private::Model>::meta);
        let on_delete = match &relation.on_delete {
            Some(rule) => {
                let rule = on_delete(rule.value);
                quote!(::restforge::__private::Some(#rule))
            }
            None => quote!(::restforge::__private::None),
        };
        let related_name = opt_str(relation.related_name.as_ref().map(|n| n.value.as_str()));
        quote! {
            ::restforge::__private::Some(::restforge::__private::RelationMeta {
                to: #to,
                on_delete: #on_delete,
                related_name: #related_name,
            })
        }
    });
    field_meta_tokens(FieldTokens {
        name: name.clone(),
        column,
        field_type: field_type(kind),
        primary_key: false,
        null: field.null.value,
        blank: field.blank.value,
        // Django's OneToOneField is unique by definition.
        unique: field.unique.value || kind == FieldKind::OneToOne,
        db_index: field.db_index.value,
        auto_now: field.auto_now.value,
        auto_now_add: field.auto_now_add.value,
        max_length: field
            .max_length
            .as_ref()
            .map(|m| m.value)
            .or_else(|| kind.default_max_length()),
        max_digits: field.max_digits.as_ref().map(|v| v.value),
        decimal_places: field.decimal_places.as_ref().map(|v| v.value),
        min_value: field.min_value.as_ref().map(|v| v.value),
        max_value: field.max_value.as_ref().map(|v| v.value),
        default: field.default.as_ref().map(|d| default_value(&d.value)),
        choices: field
            .choices
            .iter()
            .map(|c| (c.value.value.clone(), c.label.value.clone()))
            .collect(),
        upload_to: field.upload_to.as_ref().map(|u| u.value.clone()),
        protocol: (kind == FieldKind::IpAddress)
            .then(|| field.protocol.as_ref().map(|p| p.value).unwrap_or_default()),
        verbose_name: field
            .verbose_name
            .as_ref()
            .map(|v| v.value.clone())
            .unwrap_or_else(|| ident::field_verbose_name(name)),
        help_text: field.help_text.as_ref().map(|h| h.value.clone()),
        relation,
    })
}
