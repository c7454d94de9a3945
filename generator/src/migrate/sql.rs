//! DDL per dialect, statement for statement what Django 5.2's `sqlmigrate` prints.
//!
//! The type, check and suffix tables are Django's `data_types`, `data_type_check_constraints`
//! and `data_types_suffix` (django/db/backends/{sqlite3,postgresql}/base.py); the statement
//! shapes are the `sql_*` templates of the schema editors, and the order of statements follows
//! `BaseDatabaseSchemaEditor.create_model`: each `CREATE TABLE` runs at once, while unique
//! constraints, foreign keys (PostgreSQL) and indexes are deferred to the end of the migration.

use std::collections::HashSet;

use super::names::{
    MYSQL_MAX_NAME_LENGTH, POSTGRES_MAX_NAME_LENGTH, UNLIMITED_NAME_LENGTH, create_index_name,
    foreign_key_name,
};
use super::plan::Operation;
use super::state::{AUTH_APP, Column, ColumnType, Table, TableIndex};

/// A SQL database restforge writes migrations for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    Sqlite,
    Postgres,
    /// MySQL 8 and MariaDB ≥ 10.5, with Django's MySQL backend's DDL.
    Mysql,
}

impl Dialect {
    /// Every dialect, in the order their migration folders are written.
    pub const ALL: [Dialect; 3] = [Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql];

    /// The folder under `migrations/` (`migrations/sqlite/0001_auth.sql`).
    pub fn dir_name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
        }
    }

    /// The dialect of a folder name or a `--dialect` value.
    pub fn from_name(name: &str) -> Option<Dialect> {
        Dialect::ALL.into_iter().find(|d| d.dir_name() == name)
    }

    /// The dialect a database URL speaks (`sqlite:`, `postgres://`, `mysql://`, `mariadb://`).
    pub fn from_url(url: &str) -> Option<Dialect> {
        let scheme = url.split(':').next()?;
        match scheme {
            "sqlite" => Some(Dialect::Sqlite),
            "postgres" | "postgresql" => Some(Dialect::Postgres),
            "mysql" | "mariadb" => Some(Dialect::Mysql),
            _ => None,
        }
    }

    /// An identifier in the dialect's quotes: `"name"`, or `` `name` `` on MySQL; a quote
    /// inside the name is doubled, as SQL escapes it.
    pub fn quote(self, name: &str) -> String {
        let mark = match self {
            Dialect::Mysql => "`",
            _ => "\"",
        };
        format!("{mark}{}{mark}", name.replace(mark, &mark.repeat(2)))
    }

    /// Django's `max_name_length()` as `_create_index_name` uses it.
    pub fn max_name_length(self) -> usize {
        match self {
            Dialect::Sqlite => UNLIMITED_NAME_LENGTH,
            Dialect::Postgres => POSTGRES_MAX_NAME_LENGTH,
            Dialect::Mysql => MYSQL_MAX_NAME_LENGTH,
        }
    }

    fn column(self, row: &TypeRow) -> &'static str {
        match self {
            Dialect::Sqlite => row.sqlite,
            Dialect::Postgres => row.postgres,
            Dialect::Mysql => row.mysql,
        }
    }
}

/// One row of a per-dialect table; `{max_length}`, `{max_digits}`, `{decimal_places}` and
/// `{column}` are filled in.
struct TypeRow {
    key: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
    mysql: &'static str,
}

const fn row(
    key: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
    mysql: &'static str,
) -> TypeRow {
    TypeRow {
        key,
        sqlite,
        postgres,
        mysql,
    }
}

/// Django's `data_types`, keyed by the state's type name.
const DATA_TYPES: &[TypeRow] = &[
    row("auto", "integer", "integer", "integer AUTO_INCREMENT"),
    row("big_auto", "integer", "bigint", "bigint AUTO_INCREMENT"),
    row(
        "char",
        "varchar({max_length})",
        "varchar({max_length})",
        "varchar({max_length})",
    ),
    row("text", "text", "text", "longtext"),
    row("integer", "integer", "integer", "integer"),
    row("big_integer", "bigint", "bigint", "bigint"),
    row("small_integer", "smallint", "smallint", "smallint"),
    row(
        "positive_integer",
        "integer unsigned",
        "integer",
        "integer UNSIGNED",
    ),
    row("boolean", "bool", "boolean", "bool"),
    row("float", "real", "double precision", "double precision"),
    row(
        "decimal",
        "decimal",
        "numeric({max_digits}, {decimal_places})",
        "numeric({max_digits}, {decimal_places})",
    ),
    row("date", "date", "date", "date"),
    row(
        "datetime",
        "datetime",
        "timestamp with time zone",
        "datetime(6)",
    ),
    row("time", "time", "time", "time(6)"),
    row("duration", "bigint", "interval", "bigint"),
    row("uuid", "char(32)", "uuid", "char(32)"),
    row("json", "text", "jsonb", "json"),
    row("ip_address", "char(39)", "inet", "char(39)"),
];

/// Django's `data_type_check_constraints` (an empty cell: no check).
const CHECKS: &[TypeRow] = &[
    row(
        "positive_integer",
        "\"{column}\" >= 0",
        "\"{column}\" >= 0",
        "`{column}` >= 0",
    ),
    row(
        "json",
        "(JSON_VALID(\"{column}\") OR \"{column}\" IS NULL)",
        "",
        "",
    ),
];

/// Django's `data_types_suffix`: how the database numbers an auto primary key.
const SUFFIXES: &[TypeRow] = &[
    row(
        "auto",
        "AUTOINCREMENT",
        "GENERATED BY DEFAULT AS IDENTITY",
        "",
    ),
    row(
        "big_auto",
        "AUTOINCREMENT",
        "GENERATED BY DEFAULT AS IDENTITY",
        "",
    ),
];

pub(crate) const DEFERRABLE: &str = "DEFERRABLE INITIALLY DEFERRED";

fn type_key(ty: &ColumnType) -> &'static str {
    match ty {
        ColumnType::Auto => "auto",
        ColumnType::BigAuto => "big_auto",
        ColumnType::Char { .. } => "char",
        ColumnType::Text => "text",
        ColumnType::Integer => "integer",
        ColumnType::BigInteger => "big_integer",
        ColumnType::SmallInteger => "small_integer",
        ColumnType::PositiveInteger => "positive_integer",
        ColumnType::Boolean => "boolean",
        ColumnType::Float => "float",
        ColumnType::Decimal { .. } => "decimal",
        ColumnType::Date => "date",
        ColumnType::DateTime => "datetime",
        ColumnType::Time => "time",
        ColumnType::Duration => "duration",
        ColumnType::Uuid => "uuid",
        ColumnType::Json => "json",
        ColumnType::IpAddress => "ip_address",
    }
}

fn lookup(table: &[TypeRow], dialect: Dialect, column: &Column) -> Option<String> {
    let key = type_key(&column.ty);
    let template = dialect.column(table.iter().find(|r| r.key == key)?);
    if template.is_empty() {
        return None;
    }
    let number = |n: Option<u32>| n.map_or(String::new(), |n| n.to_string());
    let mut text = template.replace("{column}", &column.name);
    match column.ty {
        // A char without max_length is a plain `varchar` (PostgreSQL allows it since Django 4.2).
        ColumnType::Char { max_length: None } => text = text.replace("({max_length})", ""),
        ColumnType::Char {
            max_length: Some(n),
        } => text = text.replace("{max_length}", &n.to_string()),
        ColumnType::Decimal {
            max_digits,
            decimal_places,
        } => {
            text = text
                .replace("{max_digits}", &number(max_digits))
                .replace("{decimal_places}", &number(decimal_places));
        }
        _ => {}
    }
    Some(text)
}

/// The SQL type of a column in a dialect (`varchar(240)`, `timestamp with time zone`).
pub fn sql_type(dialect: Dialect, column: &Column) -> String {
    lookup(DATA_TYPES, dialect, column).expect("every column type has a row")
}

/// `"name" type NULL|NOT NULL [PRIMARY KEY|UNIQUE] [CHECK] [suffix] [inline FK]`, in the
/// order of Django's `_iter_column_sql` and `table_sql`.
pub(crate) fn column_sql(dialect: Dialect, column: &Column) -> String {
    column_sql_with_default(dialect, column, None)
}

/// [`column_sql`] with a `DEFAULT` (a SQL literal) after the type, where Django's
/// `column_sql` puts the default it uses to fill existing rows.
pub(crate) fn column_sql_with_default(
    dialect: Dialect,
    column: &Column,
    default: Option<&str>,
) -> String {
    let mut parts = vec![dialect.quote(&column.name), sql_type(dialect, column)];
    if let Some(default) = default {
        parts.push(format!("DEFAULT {default}"));
    }
    parts.push(if column.null { "NULL" } else { "NOT NULL" }.to_string());
    if column.primary_key {
        parts.push("PRIMARY KEY".into());
    } else if column.unique {
        parts.push("UNIQUE".into());
    }
    if let Some(check) = lookup(CHECKS, dialect, column) {
        parts.push(format!("CHECK ({check})"));
    }
    if let Some(suffix) = lookup(SUFFIXES, dialect, column) {
        parts.push(suffix);
    }
    if let (Dialect::Sqlite, Some(to)) = (dialect, &column.references) {
        parts.push(format!(
            "REFERENCES {} ({}) {DEFERRABLE}",
            dialect.quote(&to.table),
            dialect.quote(&to.column)
        ));
    }
    parts.join(" ")
}

/// Django rebuilt `auth_user` on SQLite when `first_name` grew to 150 characters
/// (auth migration 0012), which moved the column to the end; a database made by Django has it
/// there, so restforge's does too.
pub(crate) fn physical_columns(dialect: Dialect, table: &Table) -> Vec<&Column> {
    let mut columns: Vec<&Column> = table.columns.iter().collect();
    if dialect == Dialect::Sqlite
        && table.app == AUTH_APP
        && table.name == "auth_user"
        && let Some(at) = columns.iter().position(|c| c.name == "first_name")
    {
        let first_name = columns.remove(at);
        columns.push(first_name);
    }
    columns
}

pub(crate) fn create_table_sql(dialect: Dialect, table: &Table, columns: &[&Column]) -> String {
    let columns: Vec<String> = columns.iter().map(|c| column_sql(dialect, c)).collect();
    format!(
        "CREATE TABLE {} ({});",
        dialect.quote(&table.name),
        columns.join(", ")
    )
}

pub(crate) fn quoted_list(dialect: Dialect, columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| match c.strip_prefix('-') {
            Some(name) => format!("{} DESC", dialect.quote(name)),
            None => dialect.quote(c),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn fk_constraint_name(dialect: Dialect, table: &Table, column: &Column) -> String {
    let to = column.references.as_ref().expect("a foreign key column");
    foreign_key_name(
        &table.name,
        &column.name,
        &to.table,
        &to.column,
        dialect.max_name_length(),
    )
}

/// `_field_indexes_sql`: an index when `db_index` and not unique, and on PostgreSQL a
/// `varchar_pattern_ops`/`text_pattern_ops` index for `LIKE` on indexed or unique strings.
pub(crate) fn field_index_sql(dialect: Dialect, table: &Table, column: &Column) -> Vec<String> {
    let max = dialect.max_name_length();
    let mut out = Vec::new();
    // MySQL's InnoDB indexes a foreign key itself, so Django adds no index for one there.
    let indexed_by_constraint = dialect == Dialect::Mysql && column.is_relation();
    if column.db_index && !column.is_unique() && !indexed_by_constraint {
        out.push(format!(
            "CREATE INDEX {} ON {} ({});",
            dialect.quote(&create_index_name(&table.name, &[&column.name], "", max)),
            dialect.quote(&table.name),
            dialect.quote(&column.name)
        ));
    }
    if dialect == Dialect::Postgres && (column.db_index || column.is_unique()) {
        let opclass = match column.ty {
            ColumnType::Char { .. } => Some("varchar_pattern_ops"),
            ColumnType::Text => Some("text_pattern_ops"),
            _ => None,
        };
        if let Some(opclass) = opclass {
            out.push(format!(
                "CREATE INDEX {} ON {} ({} {opclass});",
                dialect.quote(&create_index_name(
                    &table.name,
                    &[&column.name],
                    "_like",
                    max
                )),
                dialect.quote(&table.name),
                dialect.quote(&column.name)
            ));
        }
    }
    out
}

/// What `create_model` defers for a table whose columns are `columns`: unique-together
/// constraints, foreign keys (PostgreSQL), field indexes, then `Meta.indexes`.
pub(crate) fn deferred_sql(dialect: Dialect, table: &Table, columns: &[&Column]) -> Vec<String> {
    let max = dialect.max_name_length();
    let mut out = Vec::new();
    for together in &table.unique_together {
        let refs: Vec<&str> = together.iter().map(String::as_str).collect();
        let name = dialect.quote(&create_index_name(&table.name, &refs, "_uniq", max));
        out.push(match dialect {
            Dialect::Sqlite => format!(
                "CREATE UNIQUE INDEX {name} ON {} ({});",
                dialect.quote(&table.name),
                quoted_list(dialect, together)
            ),
            Dialect::Postgres | Dialect::Mysql => format!(
                "ALTER TABLE {} ADD CONSTRAINT {name} UNIQUE ({});",
                dialect.quote(&table.name),
                quoted_list(dialect, together)
            ),
        });
    }
    if dialect != Dialect::Sqlite {
        for column in columns {
            if column.is_relation() {
                out.push(foreign_key_sql(dialect, table, column));
            }
        }
    }
    for column in columns {
        out.extend(field_index_sql(dialect, table, column));
    }
    for index in &table.indexes {
        out.push(format!(
            "CREATE INDEX {} ON {} ({});",
            dialect.quote(&index.name),
            dialect.quote(&table.name),
            quoted_list(dialect, &index.columns)
        ));
    }
    out
}

/// `ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY`: deferrable on PostgreSQL; MySQL has no
/// deferred constraints.
pub(crate) fn foreign_key_sql(dialect: Dialect, table: &Table, column: &Column) -> String {
    let to = column.references.as_ref().expect("a foreign key column");
    let deferrable = match dialect {
        Dialect::Mysql => String::new(),
        _ => format!(" {DEFERRABLE}"),
    };
    format!(
        "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({}){deferrable};",
        dialect.quote(&table.name),
        dialect.quote(&fk_constraint_name(dialect, table, column)),
        dialect.quote(&column.name),
        dialect.quote(&to.table),
        dialect.quote(&to.column)
    )
}

/// Django's description of an operation (`Operation.describe`), as `sqlmigrate` prints it.
pub fn describe(operation: &Operation, tables: &TableIndex) -> String {
    match operation {
        Operation::CreateTable { table, .. } => {
            let model = tables
                .get(table)
                .map_or(table.as_str(), |t| t.model.as_str());
            format!("Create model {model}")
        }
        Operation::AddRelation { table, field } => {
            let model = tables
                .get(table)
                .map_or(table.clone(), |t| t.model.to_lowercase());
            format!("Add field {field} to {model}")
        }
    }
}

/// The body `sqlmigrate` prints for `operations` over `tables` (the migration's tables in
/// their final shape), without its `BEGIN;`/`COMMIT;`: sqlx's migrator runs each file in a
/// transaction itself.
pub fn render_operations(
    dialect: Dialect,
    tables: &TableIndex,
    operations: &[Operation],
) -> String {
    let table = |name: &str| {
        tables
            .get(name)
            .expect("operations name tables of the migration")
    };
    // A relation the optimizer could not fold into its CREATE TABLE arrives later as an
    // `AddField`. Django then rebuilds the SQLite table to add a NOT NULL column; the rebuilt
    // table has the column last, exactly as creating it with the column in place does, so on
    // SQLite restforge writes the column into the CREATE TABLE (SQLite resolves a REFERENCES
    // to a table created later).
    let later_relations: HashSet<(&str, &str)> = operations
        .iter()
        .filter_map(|op| match op {
            Operation::AddRelation { table, field } => Some((table.as_str(), field.as_str())),
            Operation::CreateTable { .. } => None,
        })
        .collect();
    let added_later = |owner: &str, column: &Column| {
        dialect != Dialect::Sqlite
            && column.is_relation()
            && later_relations.contains(&(owner, column.field_name()))
    };

    let mut out = String::new();
    let mut deferred = Vec::new();
    let create = |out: &mut String, deferred: &mut Vec<String>, table: &Table| {
        let columns: Vec<&Column> = physical_columns(dialect, table)
            .into_iter()
            .filter(|c| !added_later(&table.name, c))
            .collect();
        out.push_str(&create_table_sql(dialect, table, &columns));
        out.push('\n');
        deferred.extend(deferred_sql(dialect, table, &columns));
    };
    for operation in operations {
        out.push_str(&format!("--\n-- {}\n--\n", describe(operation, tables)));
        match operation {
            Operation::CreateTable {
                table: name,
                relations,
            } => {
                create(&mut out, &mut deferred, table(name));
                for field in relations {
                    if let Some(join) = tables.join_of(name, field) {
                        create(&mut out, &mut deferred, join);
                    }
                }
            }
            Operation::AddRelation { table: name, field } => {
                if let Some(join) = tables.join_of(name, field) {
                    create(&mut out, &mut deferred, join);
                    continue;
                }
                let owner = table(name);
                let column = owner
                    .columns
                    .iter()
                    .find(|c| c.is_relation() && c.field_name() == field)
                    .expect("an added relation has a column");
                match dialect {
                    Dialect::Sqlite => {}
                    Dialect::Postgres => {
                        out.push_str(&add_column_sql(dialect, owner, column));
                        out.push('\n');
                        deferred.extend(field_index_sql(dialect, owner, column));
                    }
                    // Django's MySQL `add_field`: the column, then its constraint deferred.
                    Dialect::Mysql => {
                        out.push_str(&format!(
                            "ALTER TABLE {} ADD COLUMN {};\n",
                            dialect.quote(&owner.name),
                            column_sql(dialect, column)
                        ));
                        deferred.push(foreign_key_sql(dialect, owner, column));
                        deferred.extend(field_index_sql(dialect, owner, column));
                    }
                }
            }
        }
    }
    for statement in deferred {
        out.push_str(&statement);
        out.push('\n');
    }
    out
}

/// PostgreSQL's `add_field` of a foreign key: the constraint inline
/// (`sql_create_column_inline_fk`), checked at once so later statements may rely on it.
pub(crate) fn add_column_sql(dialect: Dialect, table: &Table, column: &Column) -> String {
    let to = column.references.as_ref().expect("a foreign key column");
    let name = dialect.quote(&fk_constraint_name(dialect, table, column));
    format!(
        "ALTER TABLE {} ADD COLUMN {} CONSTRAINT {name} REFERENCES {}({}) {DEFERRABLE}; SET CONSTRAINTS {name} IMMEDIATE;",
        dialect.quote(&table.name),
        column_sql(dialect, column),
        dialect.quote(&to.table),
        dialect.quote(&to.column)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: a quote inside a name ended the quoted identifier early.
    #[test]
    fn quotes_inside_identifiers_are_doubled() {
        assert_eq!(Dialect::Postgres.quote("a\"b"), "\"a\"\"b\"");
        assert_eq!(Dialect::Sqlite.quote("plain"), "\"plain\"");
        assert_eq!(Dialect::Mysql.quote("a`b"), "`a``b`");
    }
}
