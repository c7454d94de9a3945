// A bookshop-like app using every field type and option the generator writes.

use restforge::prelude::*;

#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "catalog", ordering("name"), display = "name")]
pub struct Publisher {
    pub id: i64,
    #[restforge(max_length = 100, unique)]
    pub name: String,
    #[restforge(url, blank)]
    pub website: String,
    #[restforge(null, blank)]
    pub founded: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "catalog", display = "slug")]
pub struct Tag {
    pub id: i32,
    #[restforge(slug, unique)]
    pub slug: String,
}

#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(
    app = "catalog",
    db_table = "catalog_books",
    ordering("-published_on"),
    display = "title",
    unique_together(title, publisher),
    index(published_on, genre),
    index(name = "book_rating_idx", fields(rating))
)]
pub struct Book {
    pub id: Uuid,
    #[restforge(unique)]
    pub sku: Uuid,
    #[restforge(max_length = 200, verbose_name = "book title")]
    pub title: String,
    #[restforge(null, blank, on_delete = "set_null", related_name = "books")]
    pub publisher: Option<ForeignKey<Publisher>>,
    #[restforge(related_name = "books")]
    pub tags: ManyToMany<Tag>,
    #[restforge(max_length = 2, default = "FI", choices(("FI", "Fiction"), ("NF", "Non-fiction")))]
    pub genre: String,
    #[restforge(max_digits = 8, decimal_places = 2)]
    pub price: Decimal,
    #[restforge(min_value = 1)]
    pub pages: u32,
    #[restforge(null, blank)]
    pub weight_grams: Option<i16>,
    #[restforge(default = 0.0)]
    pub rating: f64,
    #[restforge(default = true)]
    pub in_stock: bool,
    pub copies_sold: i64,
    #[restforge(default = -1)]
    pub shelf: i32,
    pub published_on: Date,
    #[restforge(null, blank)]
    pub reading_time: Option<Duration>,
    #[restforge(null, blank)]
    pub opens_at: Option<Time>,
    #[restforge(null, blank, default = None)]
    pub metadata: Option<Json>,
    #[restforge(image, blank, upload_to = "covers/")]
    pub cover: FieldFile,
    #[restforge(file, blank, upload_to = "samples/", help_text = "A sample chapter.")]
    pub sample: FieldFile,
    #[restforge(text, max_length = 500, blank, db_column = "summary_text")]
    pub summary: String,
    #[restforge(email, blank)]
    pub contact: String,
}

#[derive(Debug, Clone, Copy, Default, Serializer)]
#[restforge(
    model = Book,
    exclude(sample),
    write_only(contact),
    extra(title(min_length = 2, label = "Title"), pages(required = false, max_value = 5000))
)]
pub struct BookSerializer;

#[derive(Debug, Clone, Copy, Default, ViewSet)]
#[restforge(
    serializer = BookSerializer,
    actions(list, retrieve),
    authentication(TokenAuthentication, SessionAuthentication),
    permissions(IsAuthenticatedOrReadOnly),
    search_fields("title", "^publisher__name"),
    ordering_fields("price", "published_on"),
    throttle_scope = "books"
)]
pub struct BookViewSet;

/// DRF's `IsAuthenticated & (IsAdminUser | ~IsAuthenticatedOrReadOnly)`.
#[derive(Debug, Clone, Copy, Default, ViewSet)]
#[restforge(
    serializer = BookSerializer,
    permissions(IsAuthenticated, Or(IsAdminUser, Not(IsAuthenticatedOrReadOnly)))
)]
pub struct StaffBookViewSet;

fn main() {
    let meta = Book::meta();
    assert_eq!(meta.table, "catalog_books");
    assert_eq!(meta.pk_field().field_type, restforge::core::model::FieldKind::Uuid);
    assert_eq!(meta.field("tags").unwrap().column, None);
    assert_eq!(meta.field("summary").unwrap().column, Some("summary_text"));
    assert_eq!(meta.field("publisher").unwrap().column, Some("publisher_id"));
    assert_eq!(meta.field("contact").unwrap().max_length, Some(254));
    assert_eq!(meta.columns().count(), meta.fields.len() - 1);
    assert_eq!(meta.indexes[1].name, Some("book_rating_idx"));
    let genre = meta.field("genre").unwrap();
    assert_eq!(genre.choices, &[("FI", "Fiction"), ("NF", "Non-fiction")]);
    assert!(!genre.required());

    let fields = BookSerializer::meta().fields();
    assert!(fields.iter().all(|f| f.name != "sample"));
    let title = fields.iter().find(|f| f.name == "title").unwrap();
    assert_eq!(title.label, "Title");
    assert!(!fields.iter().find(|f| f.name == "pages").unwrap().required);

    let config = BookViewSet::config();
    assert_eq!(config.throttle_scope, Some("books"));
    assert_eq!(config.authentication.unwrap().len(), 2);
    assert_eq!(StaffBookViewSet::config().permissions.unwrap().len(), 2);
    let _ = Tag::meta();
    let _ = Publisher::meta();
}
