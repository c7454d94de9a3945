const _: () = {
    #[automatically_derived]
    impl ::restforge::__private::Model for Profile {
        type Pk = i64;
        const NAME: &'static str = "Profile";
        const FIELD_NAMES: &'static [&'static str] = &[
            "id",
            "user",
            "bio",
            "city",
            "avatar",
            "pk",
        ];
        fn meta() -> &'static ::restforge::__private::ModelMeta {
            static META: ::restforge::__private::ModelMeta = ::restforge::__private::ModelMeta {
                app: "profiles",
                name: "Profile",
                model_name: "profile",
                table: "profiles_profile",
                verbose_name: "profile",
                verbose_name_plural: "profiles",
                fields: &[
                    ::restforge::__private::FieldMeta {
                        name: "id",
                        column: ::restforge::__private::Some("id"),
                        field_type: ::restforge::__private::FieldKind::BigAuto,
                        primary_key: true,
                        null: false,
                        blank: false,
                        unique: false,
                        db_index: false,
                        auto_now: false,
                        auto_now_add: false,
                        max_length: ::restforge::__private::None,
                        max_digits: ::restforge::__private::None,
                        decimal_places: ::restforge::__private::None,
                        min_value: ::restforge::__private::None,
                        max_value: ::restforge::__private::None,
                        default: ::restforge::__private::None,
                        choices: &[],
                        upload_to: ::restforge::__private::None,
                        protocol: ::restforge::__private::None,
                        verbose_name: "ID",
                        help_text: ::restforge::__private::None,
                        relation: ::restforge::__private::None,
                    },
                    ::restforge::__private::FieldMeta {
                        name: "user",
                        column: ::restforge::__private::Some("user_id"),
                        field_type: ::restforge::__private::FieldKind::OneToOne,
                        primary_key: false,
                        null: false,
                        blank: false,
                        unique: true,
                        db_index: false,
                        auto_now: false,
                        auto_now_add: false,
                        max_length: ::restforge::__private::None,
                        max_digits: ::restforge::__private::None,
                        decimal_places: ::restforge::__private::None,
                        min_value: ::restforge::__private::None,
                        max_value: ::restforge::__private::None,
                        default: ::restforge::__private::None,
                        choices: &[],
                        upload_to: ::restforge::__private::None,
                        protocol: ::restforge::__private::None,
                        verbose_name: "user",
                        help_text: ::restforge::__private::None,
                        relation: ::restforge::__private::Some(::restforge::__private::RelationMeta {
                            to: <User as ::restforge::__private::Model>::meta,
                            on_delete: ::restforge::__private::Some(
                                ::restforge::__private::OnDelete::Cascade,
                            ),
                            related_name: ::restforge::__private::None,
                        }),
                    },
                    ::restforge::__private::FieldMeta {
                        name: "bio",
                        column: ::restforge::__private::Some("bio"),
                        field_type: ::restforge::__private::FieldKind::Char,
                        primary_key: false,
                        null: false,
                        blank: true,
                        unique: false,
                        db_index: false,
                        auto_now: false,
                        auto_now_add: false,
                        max_length: ::restforge::__private::Some(240u32),
                        max_digits: ::restforge::__private::None,
                        decimal_places: ::restforge::__private::None,
                        min_value: ::restforge::__private::None,
                        max_value: ::restforge::__private::None,
                        default: ::restforge::__private::None,
                        choices: &[],
                        upload_to: ::restforge::__private::None,
                        protocol: ::restforge::__private::None,
                        verbose_name: "bio",
                        help_text: ::restforge::__private::None,
                        relation: ::restforge::__private::None,
                    },
                    ::restforge::__private::FieldMeta {
                        name: "city",
                        column: ::restforge::__private::Some("city"),
                        field_type: ::restforge::__private::FieldKind::Char,
                        primary_key: false,
                        null: false,
                        blank: true,
                        unique: false,
                        db_index: false,
                        auto_now: false,
                        auto_now_add: false,
                        max_length: ::restforge::__private::Some(30u32),
                        max_digits: ::restforge::__private::None,
                        decimal_places: ::restforge::__private::None,
                        min_value: ::restforge::__private::None,
                        max_value: ::restforge::__private::None,
                        default: ::restforge::__private::None,
                        choices: &[],
                        upload_to: ::restforge::__private::None,
                        protocol: ::restforge::__private::None,
                        verbose_name: "city",
                        help_text: ::restforge::__private::None,
                        relation: ::restforge::__private::None,
                    },
                    ::restforge::__private::FieldMeta {
                        name: "avatar",
                        column: ::restforge::__private::Some("avatar"),
                        field_type: ::restforge::__private::FieldKind::Image,
                        primary_key: false,
                        null: true,
                        blank: true,
                        unique: false,
                        db_index: false,
                        auto_now: false,
                        auto_now_add: false,
                        max_length: ::restforge::__private::Some(100u32),
                        max_digits: ::restforge::__private::None,
                        decimal_places: ::restforge::__private::None,
                        min_value: ::restforge::__private::None,
                        max_value: ::restforge::__private::None,
                        default: ::restforge::__private::None,
                        choices: &[],
                        upload_to: ::restforge::__private::None,
                        protocol: ::restforge::__private::None,
                        verbose_name: "avatar",
                        help_text: ::restforge::__private::None,
                        relation: ::restforge::__private::None,
                    },
                ],
                ordering: &[],
                display: ::restforge::__private::Some(&["user", "username"]),
                unique_together: &[],
                indexes: &[],
            };
            &META
        }
        fn pk(&self) -> &i64 {
            &self.id
        }
        fn to_row(&self) -> ::restforge::__private::Vec<::restforge::__private::Value> {
            ::std::vec![
                ::restforge::__private::ToValue::to_value(& self.id),
                ::restforge::__private::ToValue::to_value(& self.user),
                ::restforge::__private::ToValue::to_value(& self.bio),
                ::restforge::__private::ToValue::to_value(& self.city),
                ::restforge::__private::ToValue::to_value(& self.avatar)
            ]
        }
        fn from_row(
            row: ::restforge::__private::Vec<::restforge::__private::Value>,
        ) -> ::restforge::__private::Result<Self, ::restforge::__private::ValueError> {
            let [id, user, bio, city, avatar]: [::restforge::__private::Value; 5usize] = row
                .try_into()
                .map_err(|row: ::restforge::__private::Vec<_>| {
                    ::restforge::__private::ValueError::row_length(5usize, row.len())
                })?;
            ::restforge::__private::Ok(Self {
                id: ::restforge::__private::FromValue::from_value(id)
                    .map_err(|e| e.in_field("id"))?,
                user: ::restforge::__private::FromValue::from_value(user)
                    .map_err(|e| e.in_field("user"))?,
                bio: ::restforge::__private::FromValue::from_value(bio)
                    .map_err(|e| e.in_field("bio"))?,
                city: ::restforge::__private::FromValue::from_value(city)
                    .map_err(|e| e.in_field("city"))?,
                avatar: ::restforge::__private::FromValue::from_value(avatar)
                    .map_err(|e| e.in_field("avatar"))?,
            })
        }
        fn get(
            &self,
            field: &str,
        ) -> ::restforge::__private::Option<::restforge::__private::Value> {
            match field {
                "id" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.id),
                    )
                }
                "user" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.user),
                    )
                }
                "bio" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.bio),
                    )
                }
                "city" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.city),
                    )
                }
                "avatar" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.avatar),
                    )
                }
                _ => ::restforge::__private::None,
            }
        }
        fn set(
            &mut self,
            field: &str,
            value: ::restforge::__private::Value,
        ) -> ::restforge::__private::Result<(), ::restforge::__private::ValueError> {
            match field {
                "id" => {
                    self.id = ::restforge::__private::FromValue::from_value(value)
                        .map_err(|e| e.in_field("id"))?;
                    ::restforge::__private::Ok(())
                }
                "user" => {
                    self.user = ::restforge::__private::FromValue::from_value(value)
                        .map_err(|e| e.in_field("user"))?;
                    ::restforge::__private::Ok(())
                }
                "bio" => {
                    self.bio = ::restforge::__private::FromValue::from_value(value)
                        .map_err(|e| e.in_field("bio"))?;
                    ::restforge::__private::Ok(())
                }
                "city" => {
                    self.city = ::restforge::__private::FromValue::from_value(value)
                        .map_err(|e| e.in_field("city"))?;
                    ::restforge::__private::Ok(())
                }
                "avatar" => {
                    self.avatar = ::restforge::__private::FromValue::from_value(value)
                        .map_err(|e| e.in_field("avatar"))?;
                    ::restforge::__private::Ok(())
                }
                _ => {
                    ::restforge::__private::Err(
                        ::restforge::__private::ValueError::unknown_field(field),
                    )
                }
            }
        }
        fn many_to_many(
            &self,
            field: &str,
        ) -> ::restforge::__private::Option<
            ::restforge::__private::Vec<::restforge::__private::Value>,
        > {
            match field {
                _ => ::restforge::__private::None,
            }
        }
        fn set_many_to_many(
            &mut self,
            field: &str,
            ids: ::restforge::__private::Vec<::restforge::__private::Value>,
        ) -> ::restforge::__private::Result<(), ::restforge::__private::ValueError> {
            match field {
                _ => {
                    let _ = ids;
                    ::restforge::__private::Err(
                        ::restforge::__private::ValueError::unknown_field(field),
                    )
                }
            }
        }
    }
};
const _: () = {
    #[automatically_derived]
    impl ::restforge::__private::Model for ProfileStatus {
        type Pk = i64;
        const NAME: &'static str = "ProfileStatus";
        const FIELD_NAMES: &'static [&'static str] = &[
            "id",
            "user_profile",
            "status_content",
            "created_at",
            "updated_at",
            "pk",
        ];
        fn meta() -> &'static ::restforge::__private::ModelMeta {
            static META: ::restforge::__private::ModelMeta = ::restforge::__private::ModelMeta {
                app: "profiles",
                name: "ProfileStatus",
                model_name: "profilestatus",
                table: "profiles_profilestatus",
                verbose_name: "profile status",
                verbose_name_plural: "statuses",
                fields: &[
                    ::restforge::__private::FieldMeta {
                        name: "id",
                        column: ::restforge::__private::Some("id"),
                        field_type: ::restforge::__private::FieldKind::BigAuto,
                        primary_key: true,
                        null: false,
                        blank: false,
                        unique: false,
                        db_index: false,
                        auto_now: false,
                        auto_now_add: false,
                        max_length: ::restforge::__private::None,
                        max_digits: ::restforge::__private::None,
                        decimal_places: ::restforge::__private::None,
                        min_value: ::restforge::__private::None,
                        max_value: ::restforge::__private::None,
                        default: ::restforge::__private::None,
                        choices: &[],
                        upload_to: ::restforge::__private::None,
                        protocol: ::restforge::__private::None,
                        verbose_name: "ID",
                        help_text: ::restforge::__private::None,
                        relation: ::restforge::__private::None,
                    },
                    ::restforge::__private::FieldMeta {
                        name: "user_profile",
                        column: ::restforge::__private::Some("user_profile_id"),
                        field_type: ::restforge::__private::FieldKind::ForeignKey,
                        primary_key: false,
                        null: false,
                        blank: false,
                        unique: false,
                        db_index: false,
                        auto_now: false,
                        auto_now_add: false,
                        max_length: ::restforge::__private::None,
                        max_digits: ::restforge::__private::None,
                        decimal_places: ::restforge::__private::None,
                        min_value: ::restforge::__private::None,
                        max_value: ::restforge::__private::None,
                        default: ::restforge::__private::None,
                        choices: &[],
                        upload_to: ::restforge::__private::None,
                        protocol: ::restforge::__private::None,
                        verbose_name: "user profile",
                        help_text: ::restforge::__private::None,
                        relation: ::restforge::__private::Some(::restforge::__private::RelationMeta {
                            to: <Profile as ::restforge::__private::Model>::meta,
                            on_delete: ::restforge::__private::Some(
                                ::restforge::__private::OnDelete::Cascade,
                            ),
                            related_name: ::restforge::__private::None,
                        }),
                    },
                    ::restforge::__private::FieldMeta {
                        name: "status_content",
                        column: ::restforge::__private::Some("status_content"),
                        field_type: ::restforge::__private::FieldKind::Char,
                        primary_key: false,
                        null: false,
                        blank: false,
                        unique: false,
                        db_index: false,
                        auto_now: false,
                        auto_now_add: false,
                        max_length: ::restforge::__private::Some(240u32),
                        max_digits: ::restforge::__private::None,
                        decimal_places: ::restforge::__private::None,
                        min_value: ::restforge::__private::None,
                        max_value: ::restforge::__private::None,
                        default: ::restforge::__private::None,
                        choices: &[],
                        upload_to: ::restforge::__private::None,
                        protocol: ::restforge::__private::None,
                        verbose_name: "status content",
                        help_text: ::restforge::__private::None,
                        relation: ::restforge::__private::None,
                    },
                    ::restforge::__private::FieldMeta {
                        name: "created_at",
                        column: ::restforge::__private::Some("created_at"),
                        field_type: ::restforge::__private::FieldKind::DateTime,
                        primary_key: false,
                        null: false,
                        blank: false,
                        unique: false,
                        db_index: true,
                        auto_now: false,
                        auto_now_add: true,
                        max_length: ::restforge::__private::None,
                        max_digits: ::restforge::__private::None,
                        decimal_places: ::restforge::__private::None,
                        min_value: ::restforge::__private::None,
                        max_value: ::restforge::__private::None,
                        default: ::restforge::__private::None,
                        choices: &[],
                        upload_to: ::restforge::__private::None,
                        protocol: ::restforge::__private::None,
                        verbose_name: "created at",
                        help_text: ::restforge::__private::None,
                        relation: ::restforge::__private::None,
                    },
                    ::restforge::__private::FieldMeta {
                        name: "updated_at",
                        column: ::restforge::__private::Some("updated_at"),
                        field_type: ::restforge::__private::FieldKind::DateTime,
                        primary_key: false,
                        null: false,
                        blank: false,
                        unique: false,
                        db_index: false,
                        auto_now: true,
                        auto_now_add: false,
                        max_length: ::restforge::__private::None,
                        max_digits: ::restforge::__private::None,
                        decimal_places: ::restforge::__private::None,
                        min_value: ::restforge::__private::None,
                        max_value: ::restforge::__private::None,
                        default: ::restforge::__private::None,
                        choices: &[],
                        upload_to: ::restforge::__private::None,
                        protocol: ::restforge::__private::None,
                        verbose_name: "updated at",
                        help_text: ::restforge::__private::None,
                        relation: ::restforge::__private::None,
                    },
                ],
                ordering: &[],
                display: ::restforge::__private::Some(&["user_profile"]),
                unique_together: &[],
                indexes: &[],
            };
            &META
        }
        fn pk(&self) -> &i64 {
            &self.id
        }
        fn to_row(&self) -> ::restforge::__private::Vec<::restforge::__private::Value> {
            ::std::vec![
                ::restforge::__private::ToValue::to_value(& self.id),
                ::restforge::__private::ToValue::to_value(& self.user_profile),
                ::restforge::__private::ToValue::to_value(& self.status_content),
                ::restforge::__private::ToValue::to_value(& self.created_at),
                ::restforge::__private::ToValue::to_value(& self.updated_at)
            ]
        }
        fn from_row(
            row: ::restforge::__private::Vec<::restforge::__private::Value>,
        ) -> ::restforge::__private::Result<Self, ::restforge::__private::ValueError> {
            let [id, user_profile, status_content, created_at, updated_at,
            ]: [::restforge::__private::Value; 5usize] = row
                .try_into()
                .map_err(|row: ::restforge::__private::Vec<_>| {
                    ::restforge::__private::ValueError::row_length(5usize, row.len())
                })?;
            ::restforge::__private::Ok(Self {
                id: ::restforge::__private::FromValue::from_value(id)
                    .map_err(|e| e.in_field("id"))?,
                user_profile: ::restforge::__private::FromValue::from_value(user_profile)
                    .map_err(|e| e.in_field("user_profile"))?,
                status_content: ::restforge::__private::FromValue::from_value(
                        status_content,
                    )
                    .map_err(|e| e.in_field("status_content"))?,
                created_at: ::restforge::__private::FromValue::from_value(created_at)
                    .map_err(|e| e.in_field("created_at"))?,
                updated_at: ::restforge::__private::FromValue::from_value(updated_at)
                    .map_err(|e| e.in_field("updated_at"))?,
            })
        }
        fn get(
            &self,
            field: &str,
        ) -> ::restforge::__private::Option<::restforge::__private::Value> {
            match field {
                "id" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.id),
                    )
                }
                "user_profile" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.user_profile),
                    )
                }
                "status_content" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.status_content),
                    )
                }
                "created_at" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.created_at),
                    )
                }
                "updated_at" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.updated_at),
                    )
                }
                _ => ::restforge::__private::None,
            }
        }
        fn set(
            &mut self,
            field: &str,
            value: ::restforge::__private::Value,
        ) -> ::restforge::__private::Result<(), ::restforge::__private::ValueError> {
            match field {
                "id" => {
                    self.id = ::restforge::__private::FromValue::from_value(value)
                        .map_err(|e| e.in_field("id"))?;
                    ::restforge::__private::Ok(())
                }
                "user_profile" => {
                    self.user_profile = ::restforge::__private::FromValue::from_value(
                            value,
                        )
                        .map_err(|e| e.in_field("user_profile"))?;
                    ::restforge::__private::Ok(())
                }
                "status_content" => {
                    self.status_content = ::restforge::__private::FromValue::from_value(
                            value,
                        )
                        .map_err(|e| e.in_field("status_content"))?;
                    ::restforge::__private::Ok(())
                }
                "created_at" => {
                    self.created_at = ::restforge::__private::FromValue::from_value(
                            value,
                        )
                        .map_err(|e| e.in_field("created_at"))?;
                    ::restforge::__private::Ok(())
                }
                "updated_at" => {
                    self.updated_at = ::restforge::__private::FromValue::from_value(
                            value,
                        )
                        .map_err(|e| e.in_field("updated_at"))?;
                    ::restforge::__private::Ok(())
                }
                _ => {
                    ::restforge::__private::Err(
                        ::restforge::__private::ValueError::unknown_field(field),
                    )
                }
            }
        }
        fn many_to_many(
            &self,
            field: &str,
        ) -> ::restforge::__private::Option<
            ::restforge::__private::Vec<::restforge::__private::Value>,
        > {
            match field {
                _ => ::restforge::__private::None,
            }
        }
        fn set_many_to_many(
            &mut self,
            field: &str,
            ids: ::restforge::__private::Vec<::restforge::__private::Value>,
        ) -> ::restforge::__private::Result<(), ::restforge::__private::ValueError> {
            match field {
                _ => {
                    let _ = ids;
                    ::restforge::__private::Err(
                        ::restforge::__private::ValueError::unknown_field(field),
                    )
                }
            }
        }
    }
};
const _: () = {
    #[automatically_derived]
    impl ::restforge::__private::SerializerHooks for ProfileSerializer {}
    const _: ProfileSerializer = ProfileSerializer;
    #[automatically_derived]
    impl ::restforge::__private::Serializer for ProfileSerializer {
        type Model = Profile;
        fn meta() -> &'static ::restforge::__private::SerializerMeta {
            static META: ::restforge::__private::SerializerMeta = ::restforge::__private::SerializerMeta {
                name: "ProfileSerializer",
                model: <Profile as ::restforge::__private::Model>::meta,
                fields: ::restforge::__private::FieldSelection::All,
                read_only: &["avatar"],
                write_only: &[],
                string_related: &["user"],
                extra: &[],
                method_fields: &[],
                method_field: ::restforge::__private::None,
                hooks: &ProfileSerializer,
            };
            &META
        }
    }
    const _: () = if let ::core::option::Option::Some(message) = ::restforge::__private::unknown_field(
        <Profile as ::restforge::__private::Model>::NAME,
        <Profile as ::restforge::__private::Model>::FIELD_NAMES,
        "avatar",
    ) {
        ::core::panic!("{}", message.as_str())
    };
    const _: () = if let ::core::option::Option::Some(message) = ::restforge::__private::unknown_field(
        <Profile as ::restforge::__private::Model>::NAME,
        <Profile as ::restforge::__private::Model>::FIELD_NAMES,
        "user",
    ) {
        ::core::panic!("{}", message.as_str())
    };
};
const _: () = {
    #[automatically_derived]
    impl ::restforge::__private::SerializerHooks for ProfileAvatarSerializer {}
    const _: ProfileAvatarSerializer = ProfileAvatarSerializer;
    #[automatically_derived]
    impl ::restforge::__private::Serializer for ProfileAvatarSerializer {
        type Model = Profile;
        fn meta() -> &'static ::restforge::__private::SerializerMeta {
            static META: ::restforge::__private::SerializerMeta = ::restforge::__private::SerializerMeta {
                name: "ProfileAvatarSerializer",
                model: <Profile as ::restforge::__private::Model>::meta,
                fields: ::restforge::__private::FieldSelection::Only(&["avatar"]),
                read_only: &[],
                write_only: &[],
                string_related: &[],
                extra: &[],
                method_fields: &[],
                method_field: ::restforge::__private::None,
                hooks: &ProfileAvatarSerializer,
            };
            &META
        }
    }
    const _: () = if let ::core::option::Option::Some(message) = ::restforge::__private::unknown_field(
        <Profile as ::restforge::__private::Model>::NAME,
        <Profile as ::restforge::__private::Model>::FIELD_NAMES,
        "avatar",
    ) {
        ::core::panic!("{}", message.as_str())
    };
};
const _: () = {
    #[automatically_derived]
    impl ::restforge::__private::SerializerHooks for ProfileStatusSerializer {}
    const _: ProfileStatusSerializer = ProfileStatusSerializer;
    #[automatically_derived]
    impl ::restforge::__private::Serializer for ProfileStatusSerializer {
        type Model = ProfileStatus;
        fn meta() -> &'static ::restforge::__private::SerializerMeta {
            static META: ::restforge::__private::SerializerMeta = ::restforge::__private::SerializerMeta {
                name: "ProfileStatusSerializer",
                model: <ProfileStatus as ::restforge::__private::Model>::meta,
                fields: ::restforge::__private::FieldSelection::All,
                read_only: &[],
                write_only: &[],
                string_related: &["user_profile"],
                extra: &[],
                method_fields: &[],
                method_field: ::restforge::__private::None,
                hooks: &ProfileStatusSerializer,
            };
            &META
        }
    }
    const _: () = if let ::core::option::Option::Some(message) = ::restforge::__private::unknown_field(
        <ProfileStatus as ::restforge::__private::Model>::NAME,
        <ProfileStatus as ::restforge::__private::Model>::FIELD_NAMES,
        "user_profile",
    ) {
        ::core::panic!("{}", message.as_str())
    };
};
const _: () = {
    const OWNER: ::restforge::__private::Owner = ::restforge::__private::Owner {
        owner: &["user"],
        allow_safe_methods: true,
    };
    #[automatically_derived]
    impl ::restforge::__private::Permission for IsOwnProfileOrReadOnly {
        fn has_object_permission(
            &self,
            request: &::restforge::__private::Request<'_>,
            object: &::restforge::__private::Object<'_>,
        ) -> impl ::core::future::Future<
            Output = ::restforge::__private::Result<
                bool,
                ::restforge::__private::ApiError,
            >,
        > + ::core::marker::Send {
            <::restforge::__private::Owner as ::restforge::__private::Permission>::has_object_permission(
                &OWNER,
                request,
                object,
            )
        }
        fn object_paths(
            &self,
            paths: &mut ::restforge::__private::Vec<&'static [&'static str]>,
        ) {
            <::restforge::__private::Owner as ::restforge::__private::Permission>::object_paths(
                &OWNER,
                paths,
            )
        }
    }
};
const _: () = {
    const OWNER: ::restforge::__private::Owner = ::restforge::__private::Owner {
        owner: &["user_profile", "user"],
        allow_safe_methods: true,
    };
    #[automatically_derived]
    impl ::restforge::__private::Permission for IsOwnerOrReadOnly {
        fn has_object_permission(
            &self,
            request: &::restforge::__private::Request<'_>,
            object: &::restforge::__private::Object<'_>,
        ) -> impl ::core::future::Future<
            Output = ::restforge::__private::Result<
                bool,
                ::restforge::__private::ApiError,
            >,
        > + ::core::marker::Send {
            <::restforge::__private::Owner as ::restforge::__private::Permission>::has_object_permission(
                &OWNER,
                request,
                object,
            )
        }
        fn object_paths(
            &self,
            paths: &mut ::restforge::__private::Vec<&'static [&'static str]>,
        ) {
            <::restforge::__private::Owner as ::restforge::__private::Permission>::object_paths(
                &OWNER,
                paths,
            )
        }
    }
};
const _: () = {
    #[automatically_derived]
    impl ::restforge::__private::ViewHooks for ProfileViewSet {}
    #[automatically_derived]
    impl ::restforge::__private::ViewSet for ProfileViewSet {
        type Serializer = ProfileSerializer;
        fn config() -> &'static ::restforge::__private::ViewConfig {
            static CONFIG: ::restforge::__private::ViewConfig = ::restforge::__private::ViewConfig {
                name: "ProfileViewSet",
                view_name: "Profile",
                description: "",
                serializer: <ProfileSerializer as ::restforge::__private::Serializer>::meta,
                action_serializers: &[],
                actions: &[
                    ::restforge::__private::Action::List,
                    ::restforge::__private::Action::Retrieve,
                    ::restforge::__private::Action::Update,
                    ::restforge::__private::Action::PartialUpdate,
                ],
                generic: ::restforge::__private::None,
                permissions: ::restforge::__private::Some(
                    &[
                        &IsAuthenticated
                            as &'static dyn ::restforge::__private::DynPermission,
                        &IsOwnProfileOrReadOnly
                            as &'static dyn ::restforge::__private::DynPermission,
                    ],
                ),
                authentication: ::restforge::__private::None,
                ordering: &[],
                filters: &[],
                search_fields: &["city"],
                ordering_fields: &[],
                on_create: &[],
                on_update: &[],
                throttle_scope: ::restforge::__private::None,
                object: ::restforge::__private::None,
                extra_actions: &[],
            };
            &CONFIG
        }
    }
    const _: () = if let ::core::option::Option::Some(message) = ::restforge::__private::unknown_field(
        <<ProfileSerializer as ::restforge::__private::Serializer>::Model as ::restforge::__private::Model>::NAME,
        <<ProfileSerializer as ::restforge::__private::Serializer>::Model as ::restforge::__private::Model>::FIELD_NAMES,
        "city",
    ) {
        ::core::panic!("{}", message.as_str())
    };
};
const _: () = {
    #[automatically_derived]
    impl ::restforge::__private::ViewHooks for ProfileStatusViewSet {}
    #[automatically_derived]
    impl ::restforge::__private::ViewSet for ProfileStatusViewSet {
        type Serializer = ProfileStatusSerializer;
        fn config() -> &'static ::restforge::__private::ViewConfig {
            static CONFIG: ::restforge::__private::ViewConfig = ::restforge::__private::ViewConfig {
                name: "ProfileStatusViewSet",
                view_name: "Profile Status",
                description: "",
                serializer: <ProfileStatusSerializer as ::restforge::__private::Serializer>::meta,
                action_serializers: &[],
                actions: &[
                    ::restforge::__private::Action::List,
                    ::restforge::__private::Action::Create,
                    ::restforge::__private::Action::Retrieve,
                    ::restforge::__private::Action::Update,
                    ::restforge::__private::Action::PartialUpdate,
                    ::restforge::__private::Action::Destroy,
                ],
                generic: ::restforge::__private::None,
                permissions: ::restforge::__private::Some(
                    &[
                        &IsAuthenticated
                            as &'static dyn ::restforge::__private::DynPermission,
                        &IsOwnerOrReadOnly
                            as &'static dyn ::restforge::__private::DynPermission,
                    ],
                ),
                authentication: ::restforge::__private::None,
                ordering: &["-created_at"],
                filters: &[
                    ::restforge::__private::FilterMeta {
                        param: "username",
                        path: "user_profile__user__username",
                    },
                ],
                search_fields: &[],
                ordering_fields: &[],
                on_create: &[
                    ::restforge::__private::RequestAssignment {
                        field: "user_profile",
                        value: ::restforge::__private::RequestPath(&["profile"]),
                    },
                ],
                on_update: &[],
                throttle_scope: ::restforge::__private::None,
                object: ::restforge::__private::None,
                extra_actions: &[],
            };
            &CONFIG
        }
    }
    const _: () = if let ::core::option::Option::Some(message) = ::restforge::__private::unknown_field(
        <<ProfileStatusSerializer as ::restforge::__private::Serializer>::Model as ::restforge::__private::Model>::NAME,
        <<ProfileStatusSerializer as ::restforge::__private::Serializer>::Model as ::restforge::__private::Model>::FIELD_NAMES,
        "created_at",
    ) {
        ::core::panic!("{}", message.as_str())
    };
    const _: () = if let ::core::option::Option::Some(message) = ::restforge::__private::unknown_field(
        <<ProfileStatusSerializer as ::restforge::__private::Serializer>::Model as ::restforge::__private::Model>::NAME,
        <<ProfileStatusSerializer as ::restforge::__private::Serializer>::Model as ::restforge::__private::Model>::FIELD_NAMES,
        "user_profile",
    ) {
        ::core::panic!("{}", message.as_str())
    };
    const _: () = if let ::core::option::Option::Some(message) = ::restforge::__private::unknown_field(
        <<ProfileStatusSerializer as ::restforge::__private::Serializer>::Model as ::restforge::__private::Model>::NAME,
        <<ProfileStatusSerializer as ::restforge::__private::Serializer>::Model as ::restforge::__private::Model>::FIELD_NAMES,
        "user_profile",
    ) {
        ::core::panic!("{}", message.as_str())
    };
};
const _: () = {
    #[automatically_derived]
    impl ::restforge::__private::ViewHooks for AvatarUpdateView {}
    #[automatically_derived]
    impl ::restforge::__private::GenericView for AvatarUpdateView {
        type Serializer = ProfileAvatarSerializer;
        fn config() -> &'static ::restforge::__private::ViewConfig {
            static CONFIG: ::restforge::__private::ViewConfig = ::restforge::__private::ViewConfig {
                name: "AvatarUpdateView",
                view_name: "Avatar Update",
                description: "",
                serializer: <ProfileAvatarSerializer as ::restforge::__private::Serializer>::meta,
                action_serializers: &[],
                actions: &[
                    ::restforge::__private::Action::Update,
                    ::restforge::__private::Action::PartialUpdate,
                ],
                generic: ::restforge::__private::Some(
                    ::restforge::__private::GenericKind::Update,
                ),
                permissions: ::restforge::__private::Some(
                    &[
                        &IsAuthenticated
                            as &'static dyn ::restforge::__private::DynPermission,
                    ],
                ),
                authentication: ::restforge::__private::None,
                ordering: &[],
                filters: &[],
                search_fields: &[],
                ordering_fields: &[],
                on_create: &[],
                on_update: &[],
                throttle_scope: ::restforge::__private::None,
                object: ::restforge::__private::Some(
                    ::restforge::__private::RequestPath(&["profile"]),
                ),
                extra_actions: &[],
            };
            &CONFIG
        }
    }
};
