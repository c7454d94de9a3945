const _: () = {
    #[automatically_derived]
    impl ::restforge::__private::Model for Ticket {
        type Pk = i64;
        const NAME: &'static str = "Ticket";
        const FIELD_NAMES: &'static [&'static str] = &[
            "id",
            "title",
            "description",
            "priority",
            "status",
            "reporter",
            "workstation_ip",
            "archived",
            "created_at",
            "pk",
        ];
        fn meta() -> &'static ::restforge::__private::ModelMeta {
            static META: ::restforge::__private::ModelMeta = ::restforge::__private::ModelMeta {
                app: "desk",
                name: "Ticket",
                model_name: "ticket",
                table: "desk_ticket",
                verbose_name: "ticket",
                verbose_name_plural: "tickets",
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
                        name: "title",
                        column: ::restforge::__private::Some("title"),
                        field_type: ::restforge::__private::FieldKind::Char,
                        primary_key: false,
                        null: false,
                        blank: false,
                        unique: false,
                        db_index: false,
                        auto_now: false,
                        auto_now_add: false,
                        max_length: ::restforge::__private::Some(120u32),
                        max_digits: ::restforge::__private::None,
                        decimal_places: ::restforge::__private::None,
                        min_value: ::restforge::__private::None,
                        max_value: ::restforge::__private::None,
                        default: ::restforge::__private::None,
                        choices: &[],
                        upload_to: ::restforge::__private::None,
                        protocol: ::restforge::__private::None,
                        verbose_name: "title",
                        help_text: ::restforge::__private::None,
                        relation: ::restforge::__private::None,
                    },
                    ::restforge::__private::FieldMeta {
                        name: "description",
                        column: ::restforge::__private::Some("description"),
                        field_type: ::restforge::__private::FieldKind::Text,
                        primary_key: false,
                        null: false,
                        blank: true,
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
                        verbose_name: "description",
                        help_text: ::restforge::__private::None,
                        relation: ::restforge::__private::None,
                    },
                    ::restforge::__private::FieldMeta {
                        name: "priority",
                        column: ::restforge::__private::Some("priority"),
                        field_type: ::restforge::__private::FieldKind::Char,
                        primary_key: false,
                        null: false,
                        blank: false,
                        unique: false,
                        db_index: false,
                        auto_now: false,
                        auto_now_add: false,
                        max_length: ::restforge::__private::Some(10u32),
                        max_digits: ::restforge::__private::None,
                        decimal_places: ::restforge::__private::None,
                        min_value: ::restforge::__private::None,
                        max_value: ::restforge::__private::None,
                        default: ::restforge::__private::Some(
                            ::restforge::__private::DefaultValue::Str("normal"),
                        ),
                        choices: &[
                            ("low", "Low"),
                            ("normal", "Normal"),
                            ("high", "High"),
                        ],
                        upload_to: ::restforge::__private::None,
                        protocol: ::restforge::__private::None,
                        verbose_name: "priority",
                        help_text: ::restforge::__private::None,
                        relation: ::restforge::__private::None,
                    },
                    ::restforge::__private::FieldMeta {
                        name: "status",
                        column: ::restforge::__private::Some("status"),
                        field_type: ::restforge::__private::FieldKind::Char,
                        primary_key: false,
                        null: false,
                        blank: false,
                        unique: false,
                        db_index: false,
                        auto_now: false,
                        auto_now_add: false,
                        max_length: ::restforge::__private::Some(10u32),
                        max_digits: ::restforge::__private::None,
                        decimal_places: ::restforge::__private::None,
                        min_value: ::restforge::__private::None,
                        max_value: ::restforge::__private::None,
                        default: ::restforge::__private::Some(
                            ::restforge::__private::DefaultValue::Str("open"),
                        ),
                        choices: &[("open", "Open"), ("closed", "Closed")],
                        upload_to: ::restforge::__private::None,
                        protocol: ::restforge::__private::None,
                        verbose_name: "status",
                        help_text: ::restforge::__private::None,
                        relation: ::restforge::__private::None,
                    },
                    ::restforge::__private::FieldMeta {
                        name: "reporter",
                        column: ::restforge::__private::Some("reporter_id"),
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
                        verbose_name: "reporter",
                        help_text: ::restforge::__private::None,
                        relation: ::restforge::__private::Some(::restforge::__private::RelationMeta {
                            to: <User as ::restforge::__private::Model>::meta,
                            on_delete: ::restforge::__private::Some(
                                ::restforge::__private::OnDelete::Cascade,
                            ),
                            related_name: ::restforge::__private::Some("tickets"),
                        }),
                    },
                    ::restforge::__private::FieldMeta {
                        name: "workstation_ip",
                        column: ::restforge::__private::Some("workstation_ip"),
                        field_type: ::restforge::__private::FieldKind::IpAddress,
                        primary_key: false,
                        null: true,
                        blank: true,
                        unique: false,
                        db_index: false,
                        auto_now: false,
                        auto_now_add: false,
                        max_length: ::restforge::__private::Some(39u32),
                        max_digits: ::restforge::__private::None,
                        decimal_places: ::restforge::__private::None,
                        min_value: ::restforge::__private::None,
                        max_value: ::restforge::__private::None,
                        default: ::restforge::__private::None,
                        choices: &[],
                        upload_to: ::restforge::__private::None,
                        protocol: ::restforge::__private::Some(
                            ::restforge::__private::IpProtocol::IPv4,
                        ),
                        verbose_name: "workstation ip",
                        help_text: ::restforge::__private::None,
                        relation: ::restforge::__private::None,
                    },
                    ::restforge::__private::FieldMeta {
                        name: "archived",
                        column: ::restforge::__private::Some("archived"),
                        field_type: ::restforge::__private::FieldKind::Boolean,
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
                        default: ::restforge::__private::Some(
                            ::restforge::__private::DefaultValue::Bool(false),
                        ),
                        choices: &[],
                        upload_to: ::restforge::__private::None,
                        protocol: ::restforge::__private::None,
                        verbose_name: "archived",
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
                        db_index: false,
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
                ],
                ordering: &["-created_at"],
                display: ::restforge::__private::Some(&["title"]),
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
                ::restforge::__private::ToValue::to_value(& self.title),
                ::restforge::__private::ToValue::to_value(& self.description),
                ::restforge::__private::ToValue::to_value(& self.priority),
                ::restforge::__private::ToValue::to_value(& self.status),
                ::restforge::__private::ToValue::to_value(& self.reporter),
                ::restforge::__private::ToValue::to_value(& self.workstation_ip),
                ::restforge::__private::ToValue::to_value(& self.archived),
                ::restforge::__private::ToValue::to_value(& self.created_at)
            ]
        }
        fn from_row(
            row: ::restforge::__private::Vec<::restforge::__private::Value>,
        ) -> ::restforge::__private::Result<Self, ::restforge::__private::ValueError> {
            let [id, title, description, priority, status, reporter, workstation_ip,
            archived, created_at]: [::restforge::__private::Value; 9usize] = row
                .try_into()
                .map_err(|row: ::restforge::__private::Vec<_>| {
                    ::restforge::__private::ValueError::row_length(9usize, row.len())
                })?;
            ::restforge::__private::Ok(Self {
                id: ::restforge::__private::FromValue::from_value(id)
                    .map_err(|e| e.in_field("id"))?,
                title: ::restforge::__private::FromValue::from_value(title)
                    .map_err(|e| e.in_field("title"))?,
                description: ::restforge::__private::FromValue::from_value(description)
                    .map_err(|e| e.in_field("description"))?,
                priority: ::restforge::__private::FromValue::from_value(priority)
                    .map_err(|e| e.in_field("priority"))?,
                status: ::restforge::__private::FromValue::from_value(status)
                    .map_err(|e| e.in_field("status"))?,
                reporter: ::restforge::__private::FromValue::from_value(reporter)
                    .map_err(|e| e.in_field("reporter"))?,
                workstation_ip: ::restforge::__private::FromValue::from_value(
                        workstation_ip,
                    )
                    .map_err(|e| e.in_field("workstation_ip"))?,
                archived: ::restforge::__private::FromValue::from_value(archived)
                    .map_err(|e| e.in_field("archived"))?,
                created_at: ::restforge::__private::FromValue::from_value(created_at)
                    .map_err(|e| e.in_field("created_at"))?,
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
                "title" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.title),
                    )
                }
                "description" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.description),
                    )
                }
                "priority" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.priority),
                    )
                }
                "status" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.status),
                    )
                }
                "reporter" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.reporter),
                    )
                }
                "workstation_ip" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.workstation_ip),
                    )
                }
                "archived" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.archived),
                    )
                }
                "created_at" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.created_at),
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
                "title" => {
                    self.title = ::restforge::__private::FromValue::from_value(value)
                        .map_err(|e| e.in_field("title"))?;
                    ::restforge::__private::Ok(())
                }
                "description" => {
                    self.description = ::restforge::__private::FromValue::from_value(
                            value,
                        )
                        .map_err(|e| e.in_field("description"))?;
                    ::restforge::__private::Ok(())
                }
                "priority" => {
                    self.priority = ::restforge::__private::FromValue::from_value(value)
                        .map_err(|e| e.in_field("priority"))?;
                    ::restforge::__private::Ok(())
                }
                "status" => {
                    self.status = ::restforge::__private::FromValue::from_value(value)
                        .map_err(|e| e.in_field("status"))?;
                    ::restforge::__private::Ok(())
                }
                "reporter" => {
                    self.reporter = ::restforge::__private::FromValue::from_value(value)
                        .map_err(|e| e.in_field("reporter"))?;
                    ::restforge::__private::Ok(())
                }
                "workstation_ip" => {
                    self.workstation_ip = ::restforge::__private::FromValue::from_value(
                            value,
                        )
                        .map_err(|e| e.in_field("workstation_ip"))?;
                    ::restforge::__private::Ok(())
                }
                "archived" => {
                    self.archived = ::restforge::__private::FromValue::from_value(value)
                        .map_err(|e| e.in_field("archived"))?;
                    ::restforge::__private::Ok(())
                }
                "created_at" => {
                    self.created_at = ::restforge::__private::FromValue::from_value(
                            value,
                        )
                        .map_err(|e| e.in_field("created_at"))?;
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
    impl ::restforge::__private::Model for Comment {
        type Pk = i64;
        const NAME: &'static str = "Comment";
        const FIELD_NAMES: &'static [&'static str] = &[
            "id",
            "ticket",
            "author",
            "body",
            "created_at",
            "pk",
        ];
        fn meta() -> &'static ::restforge::__private::ModelMeta {
            static META: ::restforge::__private::ModelMeta = ::restforge::__private::ModelMeta {
                app: "desk",
                name: "Comment",
                model_name: "comment",
                table: "desk_comment",
                verbose_name: "comment",
                verbose_name_plural: "comments",
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
                        name: "ticket",
                        column: ::restforge::__private::Some("ticket_id"),
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
                        verbose_name: "ticket",
                        help_text: ::restforge::__private::None,
                        relation: ::restforge::__private::Some(::restforge::__private::RelationMeta {
                            to: <Ticket as ::restforge::__private::Model>::meta,
                            on_delete: ::restforge::__private::Some(
                                ::restforge::__private::OnDelete::Cascade,
                            ),
                            related_name: ::restforge::__private::Some("comments"),
                        }),
                    },
                    ::restforge::__private::FieldMeta {
                        name: "author",
                        column: ::restforge::__private::Some("author_id"),
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
                        verbose_name: "author",
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
                        name: "body",
                        column: ::restforge::__private::Some("body"),
                        field_type: ::restforge::__private::FieldKind::Text,
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
                        verbose_name: "body",
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
                        db_index: false,
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
                ],
                ordering: &["created_at"],
                display: ::restforge::__private::Some(&["body"]),
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
                ::restforge::__private::ToValue::to_value(& self.ticket),
                ::restforge::__private::ToValue::to_value(& self.author),
                ::restforge::__private::ToValue::to_value(& self.body),
                ::restforge::__private::ToValue::to_value(& self.created_at)
            ]
        }
        fn from_row(
            row: ::restforge::__private::Vec<::restforge::__private::Value>,
        ) -> ::restforge::__private::Result<Self, ::restforge::__private::ValueError> {
            let [id, ticket, author, body, created_at,
            ]: [::restforge::__private::Value; 5usize] = row
                .try_into()
                .map_err(|row: ::restforge::__private::Vec<_>| {
                    ::restforge::__private::ValueError::row_length(5usize, row.len())
                })?;
            ::restforge::__private::Ok(Self {
                id: ::restforge::__private::FromValue::from_value(id)
                    .map_err(|e| e.in_field("id"))?,
                ticket: ::restforge::__private::FromValue::from_value(ticket)
                    .map_err(|e| e.in_field("ticket"))?,
                author: ::restforge::__private::FromValue::from_value(author)
                    .map_err(|e| e.in_field("author"))?,
                body: ::restforge::__private::FromValue::from_value(body)
                    .map_err(|e| e.in_field("body"))?,
                created_at: ::restforge::__private::FromValue::from_value(created_at)
                    .map_err(|e| e.in_field("created_at"))?,
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
                "ticket" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.ticket),
                    )
                }
                "author" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.author),
                    )
                }
                "body" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.body),
                    )
                }
                "created_at" => {
                    ::restforge::__private::Some(
                        ::restforge::__private::ToValue::to_value(&self.created_at),
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
                "ticket" => {
                    self.ticket = ::restforge::__private::FromValue::from_value(value)
                        .map_err(|e| e.in_field("ticket"))?;
                    ::restforge::__private::Ok(())
                }
                "author" => {
                    self.author = ::restforge::__private::FromValue::from_value(value)
                        .map_err(|e| e.in_field("author"))?;
                    ::restforge::__private::Ok(())
                }
                "body" => {
                    self.body = ::restforge::__private::FromValue::from_value(value)
                        .map_err(|e| e.in_field("body"))?;
                    ::restforge::__private::Ok(())
                }
                "created_at" => {
                    self.created_at = ::restforge::__private::FromValue::from_value(
                            value,
                        )
                        .map_err(|e| e.in_field("created_at"))?;
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
    fn __restforge_method_field<'a>(
        name: &'a str,
        request: &'a ::restforge::__private::Request<'a>,
        object: &'a ::restforge::__private::Object<'a>,
    ) -> ::restforge::__private::BoxFuture<
        'a,
        ::restforge::__private::Result<
            ::restforge::__private::JsonValue,
            ::restforge::__private::ApiError,
        >,
    > {
        match name {
            "comment_count" => {
                ::restforge::__private::Box::pin(
                    TicketSerializer::get_comment_count(
                        &TicketSerializer,
                        request,
                        object,
                    ),
                )
            }
            _ => {
                ::restforge::__private::Box::pin(
                    ::core::future::ready(
                        ::restforge::__private::Err(
                            ::restforge::__private::ApiError::internal(
                                "no such method field",
                            ),
                        ),
                    ),
                )
            }
        }
    }
    const _: TicketSerializer = TicketSerializer;
    #[automatically_derived]
    impl ::restforge::__private::Serializer for TicketSerializer {
        type Model = Ticket;
        fn meta() -> &'static ::restforge::__private::SerializerMeta {
            static META: ::restforge::__private::SerializerMeta = ::restforge::__private::SerializerMeta {
                name: "TicketSerializer",
                model: <Ticket as ::restforge::__private::Model>::meta,
                fields: ::restforge::__private::FieldSelection::Only(
                    &[
                        "id",
                        "title",
                        "description",
                        "priority",
                        "status",
                        "reporter",
                        "comment_count",
                        "created_at",
                    ],
                ),
                read_only: &[],
                write_only: &[],
                string_related: &["reporter"],
                extra: &[],
                method_fields: &["comment_count"],
                method_field: ::restforge::__private::Some(__restforge_method_field),
                hooks: &TicketSerializer,
            };
            &META
        }
    }
    const _: () = if let ::core::option::Option::Some(message) = ::restforge::__private::unknown_field(
        <Ticket as ::restforge::__private::Model>::NAME,
        <Ticket as ::restforge::__private::Model>::FIELD_NAMES,
        "id",
    ) {
        ::core::panic!("{}", message.as_str())
    };
    const _: () = if let ::core::option::Option::Some(message) = ::restforge::__private::unknown_field(
        <Ticket as ::restforge::__private::Model>::NAME,
        <Ticket as ::restforge::__private::Model>::FIELD_NAMES,
        "title",
    ) {
        ::core::panic!("{}", message.as_str())
    };
    const _: () = if let ::core::option::Option::Some(message) = ::restforge::__private::unknown_field(
        <Ticket as ::restforge::__private::Model>::NAME,
        <Ticket as ::restforge::__private::Model>::FIELD_NAMES,
        "description",
    ) {
        ::core::panic!("{}", message.as_str())
    };
    const _: () = if let ::core::option::Option::Some(message) = ::restforge::__private::unknown_field(
        <Ticket as ::restforge::__private::Model>::NAME,
        <Ticket as ::restforge::__private::Model>::FIELD_NAMES,
        "priority",
    ) {
        ::core::panic!("{}", message.as_str())
    };
    const _: () = if let ::core::option::Option::Some(message) = ::restforge::__private::unknown_field(
        <Ticket as ::restforge::__private::Model>::NAME,
        <Ticket as ::restforge::__private::Model>::FIELD_NAMES,
        "status",
    ) {
        ::core::panic!("{}", message.as_str())
    };
    const _: () = if let ::core::option::Option::Some(message) = ::restforge::__private::unknown_field(
        <Ticket as ::restforge::__private::Model>::NAME,
        <Ticket as ::restforge::__private::Model>::FIELD_NAMES,
        "reporter",
    ) {
        ::core::panic!("{}", message.as_str())
    };
    const _: () = if let ::core::option::Option::Some(message) = ::restforge::__private::unknown_field(
        <Ticket as ::restforge::__private::Model>::NAME,
        <Ticket as ::restforge::__private::Model>::FIELD_NAMES,
        "created_at",
    ) {
        ::core::panic!("{}", message.as_str())
    };
    const _: () = if let ::core::option::Option::Some(message) = ::restforge::__private::unknown_field(
        <Ticket as ::restforge::__private::Model>::NAME,
        <Ticket as ::restforge::__private::Model>::FIELD_NAMES,
        "reporter",
    ) {
        ::core::panic!("{}", message.as_str())
    };
};
const _: () = {
    const _: CommentSerializer = CommentSerializer;
    #[automatically_derived]
    impl ::restforge::__private::Serializer for CommentSerializer {
        type Model = Comment;
        fn meta() -> &'static ::restforge::__private::SerializerMeta {
            static META: ::restforge::__private::SerializerMeta = ::restforge::__private::SerializerMeta {
                name: "CommentSerializer",
                model: <Comment as ::restforge::__private::Model>::meta,
                fields: ::restforge::__private::FieldSelection::All,
                read_only: &[],
                write_only: &[],
                string_related: &["author"],
                extra: &[],
                method_fields: &[],
                method_field: ::restforge::__private::None,
                hooks: &CommentSerializer,
            };
            &META
        }
    }
    const _: () = if let ::core::option::Option::Some(message) = ::restforge::__private::unknown_field(
        <Comment as ::restforge::__private::Model>::NAME,
        <Comment as ::restforge::__private::Model>::FIELD_NAMES,
        "author",
    ) {
        ::core::panic!("{}", message.as_str())
    };
};
const _: () = {
    const OWNER: ::restforge::__private::Owner = ::restforge::__private::Owner {
        owner: &["author"],
        allow_safe_methods: true,
    };
    #[automatically_derived]
    impl ::restforge::__private::Permission for IsAuthorOrReadOnly {
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
    impl ::restforge::__private::ViewSet for TicketViewSet {
        type Serializer = TicketSerializer;
        fn config() -> &'static ::restforge::__private::ViewConfig {
            static CONFIG: ::restforge::__private::ViewConfig = ::restforge::__private::ViewConfig {
                name: "TicketViewSet",
                view_name: "Ticket",
                description: "",
                serializer: <TicketSerializer as ::restforge::__private::Serializer>::meta,
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
                permissions: ::restforge::__private::None,
                authentication: ::restforge::__private::None,
                ordering: &[],
                filters: &[],
                search_fields: &["title"],
                ordering_fields: &[],
                on_create: &[],
                on_update: &[],
                throttle_scope: ::restforge::__private::None,
                object: ::restforge::__private::None,
                extra_actions: &[
                    ::restforge::__private::ExtraAction {
                        name: "close",
                        detail: true,
                        methods: &["POST"],
                        url_path: "close",
                        url_name: "close",
                        view_name: "Close",
                        permissions: ::restforge::__private::Some(
                            &[
                                &IsAuthenticated
                                    as &'static dyn ::restforge::__private::DynPermission,
                                &IsAdminUser
                                    as &'static dyn ::restforge::__private::DynPermission,
                            ],
                        ),
                        serializer: ::restforge::__private::None,
                    },
                    ::restforge::__private::ExtraAction {
                        name: "summary",
                        detail: false,
                        methods: &["GET"],
                        url_path: "summary",
                        url_name: "summary",
                        view_name: "Summary",
                        permissions: ::restforge::__private::None,
                        serializer: ::restforge::__private::None,
                    },
                ],
            };
            &CONFIG
        }
        fn extra_action<'a>(
            &'a self,
            name: &'a str,
            action: ::restforge::__private::ActionContext<'a>,
        ) -> ::restforge::__private::BoxFuture<
            'a,
            ::restforge::__private::Result<
                ::restforge::__private::ActionResponse,
                ::restforge::__private::ApiError,
            >,
        > {
            match name {
                "close" => ::restforge::__private::Box::pin(Self::close(self, action)),
                "summary" => {
                    ::restforge::__private::Box::pin(Self::summary(self, action))
                }
                _ => {
                    ::restforge::__private::Box::pin(
                        ::core::future::ready(
                            ::restforge::__private::Err(
                                ::restforge::__private::ApiError::internal(
                                    "no such extra action",
                                ),
                            ),
                        ),
                    )
                }
            }
        }
    }
    const _: () = if let ::core::option::Option::Some(message) = ::restforge::__private::unknown_field(
        <<TicketSerializer as ::restforge::__private::Serializer>::Model as ::restforge::__private::Model>::NAME,
        <<TicketSerializer as ::restforge::__private::Serializer>::Model as ::restforge::__private::Model>::FIELD_NAMES,
        "title",
    ) {
        ::core::panic!("{}", message.as_str())
    };
};
const _: () = {
    #[automatically_derived]
    impl ::restforge::__private::ViewHooks for CommentViewSet {}
    #[automatically_derived]
    impl ::restforge::__private::ViewSet for CommentViewSet {
        type Serializer = CommentSerializer;
        fn config() -> &'static ::restforge::__private::ViewConfig {
            static CONFIG: ::restforge::__private::ViewConfig = ::restforge::__private::ViewConfig {
                name: "CommentViewSet",
                view_name: "Comment",
                description: "",
                serializer: <CommentSerializer as ::restforge::__private::Serializer>::meta,
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
                        &IsTicketParticipant
                            as &'static dyn ::restforge::__private::DynPermission,
                        &IsAuthorOrReadOnly
                            as &'static dyn ::restforge::__private::DynPermission,
                    ],
                ),
                authentication: ::restforge::__private::None,
                ordering: &[],
                filters: &[
                    ::restforge::__private::FilterMeta {
                        param: "ticket",
                        path: "ticket",
                    },
                ],
                search_fields: &[],
                ordering_fields: &[],
                on_create: &[
                    ::restforge::__private::RequestAssignment {
                        field: "author",
                        value: ::restforge::__private::RequestPath(&[]),
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
        <<CommentSerializer as ::restforge::__private::Serializer>::Model as ::restforge::__private::Model>::NAME,
        <<CommentSerializer as ::restforge::__private::Serializer>::Model as ::restforge::__private::Model>::FIELD_NAMES,
        "ticket",
    ) {
        ::core::panic!("{}", message.as_str())
    };
    const _: () = if let ::core::option::Option::Some(message) = ::restforge::__private::unknown_field(
        <<CommentSerializer as ::restforge::__private::Serializer>::Model as ::restforge::__private::Model>::NAME,
        <<CommentSerializer as ::restforge::__private::Serializer>::Model as ::restforge::__private::Model>::FIELD_NAMES,
        "author",
    ) {
        ::core::panic!("{}", message.as_str())
    };
};
