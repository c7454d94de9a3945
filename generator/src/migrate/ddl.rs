//! The SQL of each recorded operation, per dialect.
//!
//! Statement shapes follow Django 5.2's schema editors. Where Django looks a constraint's
//! name up in the live database (a unique or foreign key constraint to drop, whose name may
//! come from an older table or column name), the SQL does the same lookup when it runs: a
//! `DO` block on PostgreSQL, a prepared statement on MySQL. SQLite changes that `ALTER TABLE`
//! cannot make rebuild the table the way Django's `_remake_table` does, but in a form that
//! also works inside the migration's transaction with foreign keys enforced: copy the rows
//! aside, drop the table, create it anew, copy the rows back (which re-satisfies the deferred
//! foreign keys of other tables), recreate its indexes, then fail if any foreign key is broken.

use super::names::create_index_name;
use super::ops::{Backfill, Op};
use super::sql::{
    Dialect, column_sql, column_sql_with_default, create_table_sql, deferred_sql, field_index_sql,
    foreign_key_sql, physical_columns, quoted_list, sql_type,
};
use super::state::{Column, ColumnType, ModelState, Table};

/// The statements of `op`, applied to a database in state `before`; `after` is `before` with
/// `op` applied (the caller keeps both up to date, so no operation copies the whole schema).
pub fn op_sql(dialect: Dialect, before: &ModelState, after: &ModelState, op: &Op) -> Vec<String> {
    let q = |name: &str| dialect.quote(name);
    let table_after = |name: &str| after.table(name).expect("the operation's table").clone();
    let table_before = |name: &str| before.table(name).expect("the operation's table").clone();
    match op {
        Op::CreateTable { table } => {
            let columns = physical_columns(dialect, table);
            let mut out = vec![create_table_sql(dialect, table, &columns)];
            out.extend(deferred_sql(dialect, table, &columns));
            out
        }
        Op::DeleteTable { table } => vec![match dialect {
            Dialect::Postgres => format!("DROP TABLE {} CASCADE;", q(table)),
            _ => format!("DROP TABLE {};", q(table)),
        }],
        Op::RenameTable { from, to, .. } => vec![match dialect {
            Dialect::Mysql => format!("RENAME TABLE {} TO {};", q(from), q(to)),
            _ => format!("ALTER TABLE {} RENAME TO {};", q(from), q(to)),
        }],
        Op::RenameColumn {
            table, from, to, ..
        } => vec![format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {};",
            q(table),
            q(from),
            q(to)
        )],
        Op::AddColumn {
            table,
            column,
            backfill,
        } => {
            let new = table_after(table);
            let literal = backfill.as_ref().map(|b| literal(dialect, b, column));
            if dialect == Dialect::Sqlite {
                // Django's sqlite `add_field`: ALTER TABLE only for a nullable, non-unique
                // column without a default.
                if column.null && !column.unique && literal.is_none() {
                    let mut out = vec![format!(
                        "ALTER TABLE {} ADD COLUMN {};",
                        q(table),
                        column_sql(dialect, column)
                    )];
                    out.extend(field_index_sql(dialect, &new, column));
                    return out;
                }
                let old = table_before(table);
                return rebuild(&old, &new, |c| {
                    if c.name == column.name {
                        literal.clone().unwrap_or_else(|| "NULL".into())
                    } else {
                        q(&c.name)
                    }
                });
            }
            let mut plain = column.clone();
            plain.references = None;
            let mut out = vec![format!(
                "ALTER TABLE {} ADD COLUMN {};",
                q(table),
                column_sql_with_default(dialect, &plain, literal.as_deref())
            )];
            if literal.is_some() {
                out.push(format!(
                    "ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT;",
                    q(table),
                    q(&column.name)
                ));
            }
            if column.is_relation() {
                out.push(foreign_key_sql(dialect, &new, column));
            }
            out.extend(field_index_sql(dialect, &new, column));
            out
        }
        Op::RemoveColumn { table, column } => match dialect {
            Dialect::Sqlite => rebuild(&table_before(table), &table_after(table), |c| q(&c.name)),
            Dialect::Postgres => vec![format!(
                "ALTER TABLE {} DROP COLUMN {} CASCADE;",
                q(table),
                q(column)
            )],
            Dialect::Mysql => vec![
                mysql_dynamic(&mysql_drop_foreign_keys(table, column)),
                format!("ALTER TABLE {} DROP COLUMN {};", q(table), q(column)),
            ],
        },
        Op::AlterColumn {
            table,
            column,
            backfill,
        } => {
            let old_table = table_before(table);
            let new_table = table_after(table);
            let old = old_table
                .columns
                .iter()
                .find(|c| c.name == column.name)
                .expect("the altered column")
                .clone();
            let literal = backfill.as_ref().map(|b| literal(dialect, b, column));
            if dialect == Dialect::Sqlite {
                return rebuild(&old_table, &new_table, |c| match &literal {
                    Some(literal) if c.name == column.name => {
                        format!("coalesce({}, {literal})", q(&c.name))
                    }
                    _ => q(&c.name),
                });
            }
            alter_column(dialect, &new_table, &old, column, literal.as_deref())
        }
        Op::AddUniqueTogether { table, columns } => {
            let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
            let name = q(&create_index_name(
                table,
                &refs,
                "_uniq",
                dialect.max_name_length(),
            ));
            vec![match dialect {
                Dialect::Sqlite => format!(
                    "CREATE UNIQUE INDEX {name} ON {} ({});",
                    q(table),
                    quoted_list(dialect, columns)
                ),
                _ => format!(
                    "ALTER TABLE {} ADD CONSTRAINT {name} UNIQUE ({});",
                    q(table),
                    quoted_list(dialect, columns)
                ),
            }]
        }
        Op::RemoveUniqueTogether { table, columns } => match dialect {
            Dialect::Sqlite => rebuild(&table_before(table), &table_after(table), |c| q(&c.name)),
            Dialect::Postgres => vec![postgres_drop_unique_together(table, columns)],
            Dialect::Mysql => {
                let list = columns.join(",");
                let mut out = mysql_keep_foreign_key_index(
                    &table_before(table),
                    &columns[0],
                    &format!(
                        "MAX(NON_UNIQUE) = 0 AND GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) = {}",
                        string(&list)
                    ),
                );
                out.push(mysql_dynamic(&format!(
                    "SELECT CONCAT('ALTER TABLE {} ', GROUP_CONCAT(CONCAT('DROP INDEX `', s.INDEX_NAME, '`') SEPARATOR ', ')) FROM (SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {} GROUP BY INDEX_NAME HAVING MAX(NON_UNIQUE) = 0 AND GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) = {}) AS s",
                    q(table),
                    string(table),
                    string(&list)
                )));
                out
            }
        },
        Op::AddIndex { table, index } => vec![format!(
            "CREATE INDEX {} ON {} ({});",
            q(&index.name),
            q(table),
            quoted_list(dialect, &index.columns)
        )],
        Op::RemoveIndex { table, name } => match dialect {
            Dialect::Mysql => {
                let old = table_before(table);
                let first = old
                    .indexes
                    .iter()
                    .find(|i| &i.name == name)
                    .map(|i| i.columns[0].trim_start_matches('-').to_string())
                    .unwrap_or_default();
                let mut out = mysql_keep_foreign_key_index(
                    &old,
                    &first,
                    &format!("INDEX_NAME = {}", string(name)),
                );
                out.push(format!("DROP INDEX {} ON {};", q(name), q(table)));
                out
            }
            _ => vec![format!("DROP INDEX {};", q(name))],
        },
    }
}

/// A SQL string literal.
fn string(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A backfill value as a SQL literal of the dialect, for a column of `column`'s type.
pub fn literal(dialect: Dialect, value: &Backfill, column: &Column) -> String {
    match value {
        Backfill::Bool(b) => match dialect {
            Dialect::Postgres => b.to_string(),
            _ => u8::from(*b).to_string(),
        },
        Backfill::Int(n) => n.to_string(),
        Backfill::Float(x) => format!("{x:?}"),
        Backfill::String(s) => string(s),
        Backfill::Now => match (dialect, column.ty) {
            (Dialect::Mysql, ColumnType::Date) => "(CURRENT_DATE)".into(),
            (_, ColumnType::Date) => "CURRENT_DATE".into(),
            (Dialect::Mysql, ColumnType::Time) => "(CURRENT_TIME(6))".into(),
            (_, ColumnType::Time) => "CURRENT_TIME".into(),
            (Dialect::Mysql, _) => "CURRENT_TIMESTAMP(6)".into(),
            _ => "CURRENT_TIMESTAMP".into(),
        },
    }
}

/// SQLite's table rebuild. `select` gives the value of each column of the new table from a row
/// of the old one (a column name, or a literal for a new column).
fn rebuild(old: &Table, new: &Table, select: impl Fn(&Column) -> String) -> Vec<String> {
    let dialect = Dialect::Sqlite;
    let q = |name: &str| dialect.quote(name);
    let copy = q("__restforge_copy");
    let columns = physical_columns(dialect, new);
    let names: Vec<String> = columns.iter().map(|c| q(&c.name)).collect();
    let values: Vec<String> = columns
        .iter()
        .map(|c| format!("{} AS {}", select(c), q(&c.name)))
        .collect();
    let mut out = vec![
        format!(
            "CREATE TEMP TABLE {copy} AS SELECT {} FROM {};",
            values.join(", "),
            q(&old.name)
        ),
        format!("DROP TABLE {};", q(&old.name)),
        create_table_sql(dialect, new, &columns),
        format!(
            "INSERT INTO {} ({}) SELECT {} FROM {copy};",
            q(&new.name),
            names.join(", "),
            names.join(", ")
        ),
        format!("DROP TABLE {copy};"),
    ];
    out.extend(deferred_sql(dialect, new, &columns));
    out.extend(sqlite_foreign_key_check());
    out
}

/// Django runs `PRAGMA foreign_key_check` after a rebuild; in a migration file a broken
/// foreign key must fail the migration, so the count goes through a CHECK constraint.
fn sqlite_foreign_key_check() -> [String; 3] {
    [
        "CREATE TEMP TABLE \"__restforge_fk_check\" (\"violations\" integer NOT NULL CHECK (\"violations\" = 0));".into(),
        "INSERT INTO \"__restforge_fk_check\" SELECT count(*) FROM pragma_foreign_key_check;".into(),
        "DROP TABLE \"__restforge_fk_check\";".into(),
    ]
}

/// Whether an alteration touches what the database derives from a column (its unique
/// constraint, foreign key, indexes and checks), which is then dropped and made again.
fn derived_changed(old: &Column, new: &Column) -> bool {
    old.unique != new.unique
        || old.db_index != new.db_index
        || old.references != new.references
        || old.ty != new.ty
}

/// `AlterField` on PostgreSQL and MySQL.
fn alter_column(
    dialect: Dialect,
    table: &Table,
    old: &Column,
    new: &Column,
    backfill: Option<&str>,
) -> Vec<String> {
    let q = |name: &str| dialect.quote(name);
    let t = q(&table.name);
    let c = q(&new.name);
    let rebuild_derived = derived_changed(old, new) && !new.primary_key;
    let meta_indexes: Vec<String> = table.indexes.iter().map(|i| i.name.clone()).collect();
    let mut out = Vec::new();
    if rebuild_derived {
        match dialect {
            Dialect::Postgres => {
                out.push(postgres_drop_derived(&table.name, &new.name, &meta_indexes))
            }
            _ => {
                out.push(mysql_dynamic(&mysql_drop_foreign_keys(
                    &table.name,
                    &new.name,
                )));
                out.push(mysql_dynamic(&mysql_drop_single_column_indexes(
                    &table.name,
                    &new.name,
                    &meta_indexes,
                )));
            }
        }
    }
    if let Some(value) = backfill
        && old.null
        && !new.null
    {
        out.push(format!("UPDATE {t} SET {c} = {value} WHERE {c} IS NULL;"));
    }
    match dialect {
        Dialect::Postgres => {
            if old.ty != new.ty {
                let ty = sql_type(dialect, new);
                out.push(format!(
                    "ALTER TABLE {t} ALTER COLUMN {c} TYPE {ty} USING {c}::{ty};"
                ));
            }
            if old.null != new.null {
                let what = if new.null { "DROP" } else { "SET" };
                out.push(format!("ALTER TABLE {t} ALTER COLUMN {c} {what} NOT NULL;"));
            }
        }
        _ => {
            if old.ty != new.ty || old.null != new.null {
                let mut plain = new.clone();
                plain.unique = false;
                plain.primary_key = false;
                plain.references = None;
                let definition = format!(
                    "{c} {} {}",
                    sql_type(dialect, &plain),
                    if new.null { "NULL" } else { "NOT NULL" }
                );
                out.push(format!("ALTER TABLE {t} MODIFY {definition};"));
            }
        }
    }
    if rebuild_derived {
        if new.unique {
            let name = create_index_name(
                &table.name,
                &[&new.name],
                "_uniq",
                dialect.max_name_length(),
            );
            out.push(format!(
                "ALTER TABLE {t} ADD CONSTRAINT {} UNIQUE ({c});",
                q(&name)
            ));
        }
        if dialect == Dialect::Postgres && new.ty == ColumnType::PositiveInteger {
            out.push(format!(
                "ALTER TABLE {t} ADD CONSTRAINT {} CHECK ({c} >= 0);",
                q(&format!("{}_{}_check", table.name, new.name))
            ));
        }
        if new.is_relation() {
            out.push(foreign_key_sql(dialect, table, new));
        }
        out.extend(field_index_sql(dialect, table, new));
    }
    out
}

fn pg_text_array(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| string(i)).collect();
    format!("ARRAY[{}]::text[]", items.join(", "))
}

/// Drops a column's single-column unique, foreign key and check constraints and its indexes
/// (other than `Meta.indexes`), whatever they are named.
fn postgres_drop_derived(table: &str, column: &str, keep: &[String]) -> String {
    let regclass = string(&Dialect::Postgres.quote(table));
    let (t, c) = (string(table), string(column));
    format!(
        "DO $$\nDECLARE r record;\nBEGIN\n\
         FOR r IN SELECT con.conname FROM pg_constraint con JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1] WHERE con.conrelid = {regclass}::regclass AND con.contype IN ('u', 'f', 'c') AND array_length(con.conkey, 1) = 1 AND a.attname = {c} LOOP\n\
         EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', {t}, r.conname);\nEND LOOP;\n\
         FOR r IN SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0] WHERE x.indrelid = {regclass}::regclass AND NOT x.indisprimary AND x.indnatts = 1 AND a.attname = {c} AND i.relname::text <> ALL ({keep}) AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = x.indexrelid) LOOP\n\
         EXECUTE format('DROP INDEX %I', r.relname);\nEND LOOP;\nEND $$;",
        keep = pg_text_array(keep),
    )
}

/// Drops the unique constraint over exactly `columns`, in order, whatever it is named.
fn postgres_drop_unique_together(table: &str, columns: &[String]) -> String {
    let regclass = string(&Dialect::Postgres.quote(table));
    format!(
        "DO $$\nDECLARE r record;\nBEGIN\n\
         FOR r IN SELECT con.conname FROM pg_constraint con WHERE con.conrelid = {regclass}::regclass AND con.contype = 'u' AND (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) = {columns} LOOP\n\
         EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', {t}, r.conname);\nEND LOOP;\nEND $$;",
        t = string(table),
        columns = pg_text_array(columns),
    )
}

/// Runs the statement a query returns (none when it returns NULL), as MySQL allows outside a
/// stored procedure.
fn mysql_dynamic(query: &str) -> String {
    format!(
        "SET @restforge_ddl = ({query});\nSET @restforge_ddl = IFNULL(@restforge_ddl, 'DO 0');\nPREPARE restforge_stmt FROM @restforge_ddl;\nEXECUTE restforge_stmt;\nDEALLOCATE PREPARE restforge_stmt;"
    )
}

fn mysql_drop_foreign_keys(table: &str, column: &str) -> String {
    format!(
        "SELECT CONCAT('ALTER TABLE {} ', GROUP_CONCAT(CONCAT('DROP FOREIGN KEY `', CONSTRAINT_NAME, '`') SEPARATOR ', ')) FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {} AND COLUMN_NAME = {} AND REFERENCED_TABLE_NAME IS NOT NULL",
        Dialect::Mysql.quote(table),
        string(table),
        string(column)
    )
}

fn mysql_drop_single_column_indexes(table: &str, column: &str, keep: &[String]) -> String {
    let mut keep: Vec<String> = keep.iter().map(|k| string(k)).collect();
    keep.push("'PRIMARY'".into());
    format!(
        "SELECT CONCAT('ALTER TABLE {} ', GROUP_CONCAT(CONCAT('DROP INDEX `', s.INDEX_NAME, '`') SEPARATOR ', ')) FROM (SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {} AND INDEX_NAME NOT IN ({}) GROUP BY INDEX_NAME HAVING COUNT(*) = 1 AND MAX(COLUMN_NAME) = {}) AS s",
        Dialect::Mysql.quote(table),
        string(table),
        keep.join(", "),
        string(column)
    )
}

/// MySQL refuses to drop the index a foreign key uses; before dropping an index that starts with
/// a foreign key column, Django (`_create_missing_fk_index`) gives the key an index of its own
/// unless another one starts with the column. `dropped` is the HAVING condition that picks the
/// index about to go.
fn mysql_keep_foreign_key_index(table: &Table, first: &str, dropped: &str) -> Vec<String> {
    let Some(column) = table
        .columns
        .iter()
        .find(|c| c.name == first && c.is_relation())
    else {
        return Vec::new();
    };
    let dialect = Dialect::Mysql;
    let name = create_index_name(&table.name, &[&column.name], "", dialect.max_name_length());
    let create = format!(
        "CREATE INDEX {} ON {} ({})",
        dialect.quote(&name),
        dialect.quote(&table.name),
        dialect.quote(&column.name)
    );
    vec![mysql_dynamic(&format!(
        "SELECT IF(COUNT(*) = 0, {}, NULL) FROM (SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {} GROUP BY INDEX_NAME HAVING SUM(SEQ_IN_INDEX = 1 AND COLUMN_NAME = {}) = 1 AND NOT ({dropped})) AS s",
        string(&create),
        string(&table.name),
        string(&column.name)
    ))]
}

/// The body of a migration file: a header listing the operations in words (and the data the
/// destructive ones lose), then each operation's statements under its description.
pub fn migration_sql(dialect: Dialect, name: &str, before: &ModelState, ops: &[Op]) -> String {
    let mut header = format!("-- {name} ({}):\n", dialect.dir_name());
    let mut body = String::new();
    let mut state = before.clone();
    let mut after = before.clone();
    for op in ops {
        let words = op.describe(&state);
        header.push_str(&format!("--   {words}\n"));
        if let Some(loss) = op.data_loss(&state) {
            header.push_str(&format!("--     DESTRUCTIVE: loses {loss}\n"));
        }
        body.push_str(&format!("--\n-- {words}\n--\n"));
        op.apply(&mut after)
            .expect("operations are checked against the state before rendering");
        for statement in op_sql(dialect, &state, &after, op) {
            body.push_str(&statement);
            body.push('\n');
        }
        op.apply(&mut state)
            .expect("operations are checked against the state before rendering");
    }
    if dialect == Dialect::Mysql {
        header.push_str(
            "-- MySQL and MariaDB commit each DDL statement at once: a failure part-way leaves\n-- the statements before it applied.\n",
        );
    }
    format!("{header}\n{body}")
}
