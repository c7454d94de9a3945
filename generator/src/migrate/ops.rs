//! The operations a migration records, dialect-neutral, in `migrations/NNNN_<name>.yaml`.
//!
//! Replaying every recorded operation from nothing gives the model state the migrations
//! produce ([`replay`]); `makemigrations` compares that with the spec. Each operation knows its
//! words for the migration header (Django's `Operation.describe`), its part of the file name
//! (`migration_name_fragment`), whether it loses data, and its reverse when one exists.

use serde::{Deserialize, Serialize};

use super::state::{Column, Index, JoinOf, ModelState, Table};

/// A value written into existing rows: the backfill of a new NOT NULL column, or of the NULLs of
/// a column that becomes NOT NULL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Backfill {
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    /// The time of the migration (`CURRENT_TIMESTAMP`), for `auto_now`/`auto_now_add` fields.
    Now,
}

/// One step of a migration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// `CreateModel` (or the join table of a many-to-many field), with its columns, unique
    /// constraints and indexes.
    CreateTable { table: Table },
    /// `DeleteModel`: the table and every row in it.
    DeleteTable { table: String },
    /// `RenameModel` or `AlterModelTable`: the table keeps its rows under a new name.
    RenameTable {
        from: String,
        to: String,
        /// The model name after the rename.
        model: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        many_to_many: Option<JoinOf>,
    },
    /// `AddField`: a column, with the value existing rows get when it is NOT NULL.
    AddColumn {
        table: String,
        column: Column,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        backfill: Option<Backfill>,
    },
    /// `RemoveField`: the column and its data.
    RemoveColumn { table: String, column: String },
    /// `AlterField`: the column's new definition; `backfill` replaces NULLs when it becomes
    /// NOT NULL.
    AlterColumn {
        table: String,
        column: Column,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        backfill: Option<Backfill>,
    },
    /// `RenameField`: the column keeps its data under a new name.
    RenameColumn {
        table: String,
        from: String,
        to: String,
        /// The model field after the rename, when it differs from the column (`user` for
        /// `user_id`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        field: Option<String>,
    },
    /// `AlterUniqueTogether`, one constraint added.
    AddUniqueTogether { table: String, columns: Vec<String> },
    /// `AlterUniqueTogether`, one constraint removed.
    RemoveUniqueTogether { table: String, columns: Vec<String> },
    /// `AddIndex` (`Meta.indexes`).
    AddIndex { table: String, index: Index },
    /// `RemoveIndex`.
    RemoveIndex { table: String, name: String },
}

/// The file `migrations/NNNN_<name>.yaml`: what one migration does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub operations: Vec<Op>,
}

impl Record {
    pub fn to_yaml(&self) -> String {
        serde_yaml::to_string(self).expect("operations are plain data")
    }

    pub fn from_yaml(text: &str) -> Result<Record, serde_yaml::Error> {
        serde_yaml::from_str(text)
    }
}

/// Why an operation cannot be replayed on a state: the recorded migrations disagree with each
/// other (a file was edited or one is missing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayError(pub String);

impl std::fmt::Display for ReplayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ReplayError {}

fn missing(what: &str, name: &str) -> ReplayError {
    ReplayError(format!("{what} `{name}` does not exist at this point"))
}

fn table_mut<'a>(state: &'a mut ModelState, name: &str) -> Result<&'a mut Table, ReplayError> {
    state
        .tables
        .iter_mut()
        .find(|t| t.name == name)
        .ok_or_else(|| missing("table", name))
}

fn column_at(table: &Table, name: &str) -> Result<usize, ReplayError> {
    table
        .columns
        .iter()
        .position(|c| c.name == name)
        .ok_or_else(|| missing("column", &format!("{}.{name}", table.name)))
}

impl Op {
    /// The table the operation works on (the old name for a rename).
    pub fn table(&self) -> &str {
        match self {
            Op::CreateTable { table } => &table.name,
            Op::DeleteTable { table }
            | Op::AddColumn { table, .. }
            | Op::RemoveColumn { table, .. }
            | Op::AlterColumn { table, .. }
            | Op::RenameColumn { table, .. }
            | Op::AddUniqueTogether { table, .. }
            | Op::RemoveUniqueTogether { table, .. }
            | Op::AddIndex { table, .. }
            | Op::RemoveIndex { table, .. } => table,
            Op::RenameTable { from, .. } => from,
        }
    }

    /// Applies the operation to `state`.
    pub fn apply(&self, state: &mut ModelState) -> Result<(), ReplayError> {
        match self {
            Op::CreateTable { table } => {
                if state.table(&table.name).is_some() {
                    return Err(ReplayError(format!(
                        "table `{}` is created twice",
                        table.name
                    )));
                }
                state.tables.push(table.clone());
            }
            Op::DeleteTable { table } => {
                let at = state
                    .tables
                    .iter()
                    .position(|t| &t.name == table)
                    .ok_or_else(|| missing("table", table))?;
                state.tables.remove(at);
            }
            Op::RenameTable {
                from,
                to,
                model,
                many_to_many,
            } => {
                let table = table_mut(state, from)?;
                table.name = to.clone();
                table.model = model.clone();
                table.many_to_many = many_to_many.clone();
                // The database follows a renamed table in every foreign key that points at it.
                for other in &mut state.tables {
                    for column in &mut other.columns {
                        if let Some(to_table) = &mut column.references
                            && &to_table.table == from
                        {
                            to_table.table = to.clone();
                        }
                    }
                    if let Some(join) = &mut other.many_to_many
                        && &join.table == from
                    {
                        join.table = to.clone();
                    }
                }
            }
            Op::AddColumn { table, column, .. } => {
                let table = table_mut(state, table)?;
                if table.columns.iter().any(|c| c.name == column.name) {
                    return Err(ReplayError(format!(
                        "column `{}.{}` is added twice",
                        table.name, column.name
                    )));
                }
                table.columns.push(column.clone());
            }
            Op::RemoveColumn { table, column } => {
                let table = table_mut(state, table)?;
                let at = column_at(table, column)?;
                table.columns.remove(at);
            }
            Op::AlterColumn { table, column, .. } => {
                let table = table_mut(state, table)?;
                let at = column_at(table, &column.name)?;
                table.columns[at] = column.clone();
            }
            Op::RenameColumn {
                table,
                from,
                to,
                field,
            } => {
                let table = table_mut(state, table)?;
                let at = column_at(table, from)?;
                table.columns[at].name = to.clone();
                table.columns[at].field = field.clone();
                let rename = |c: &mut String| {
                    let (desc, name) = match c.strip_prefix('-') {
                        Some(name) => ("-", name),
                        None => ("", c.as_str()),
                    };
                    if name == from {
                        *c = format!("{desc}{to}");
                    }
                };
                for together in &mut table.unique_together {
                    together.iter_mut().for_each(rename);
                }
                for index in &mut table.indexes {
                    index.columns.iter_mut().for_each(rename);
                }
            }
            Op::AddUniqueTogether { table, columns } => {
                table_mut(state, table)?
                    .unique_together
                    .push(columns.clone());
            }
            Op::RemoveUniqueTogether { table, columns } => {
                let table = table_mut(state, table)?;
                let at = table
                    .unique_together
                    .iter()
                    .position(|u| u == columns)
                    .ok_or_else(|| missing("unique_together", &columns.join(", ")))?;
                table.unique_together.remove(at);
            }
            Op::AddIndex { table, index } => {
                table_mut(state, table)?.indexes.push(index.clone());
            }
            Op::RemoveIndex { table, name } => {
                let table = table_mut(state, table)?;
                let at = table
                    .indexes
                    .iter()
                    .position(|i| &i.name == name)
                    .ok_or_else(|| missing("index", name))?;
                table.indexes.remove(at);
            }
        }
        Ok(())
    }

    /// The model an operation is about, lowercased as Django writes it in descriptions, and the
    /// many-to-many field when the table is a join table.
    fn subject(&self, before: &ModelState) -> (String, Option<String>) {
        let table = match self {
            Op::CreateTable { table } => Some(table),
            _ => before.table(self.table()),
        };
        match table {
            Some(Table {
                many_to_many: Some(join),
                ..
            }) => {
                let owner = before
                    .table(&join.table)
                    .map_or(join.table.clone(), |t| t.model.to_lowercase());
                (owner, Some(join.field.clone()))
            }
            Some(table) => (table.model.to_lowercase(), None),
            None => (self.table().to_string(), None),
        }
    }

    /// The model name as declared (`ProfileStatus`), for `Create model`/`Delete model`.
    fn model_name(&self, before: &ModelState) -> String {
        match self {
            Op::CreateTable { table } => table.model.clone(),
            _ => before
                .table(self.table())
                .map_or(self.table().to_string(), |t| t.model.clone()),
        }
    }

    fn field_of(before: &ModelState, table: &str, column: &str) -> String {
        before
            .table(table)
            .and_then(|t| t.columns.iter().find(|c| c.name == column))
            .map_or(column.to_string(), |c| c.field_name().to_string())
    }

    /// The operation in words, for the header of the migration (`Add field website to
    /// profile`); `before` is the state the operation applies to.
    pub fn describe(&self, before: &ModelState) -> String {
        let (model, m2m) = self.subject(before);
        match self {
            Op::CreateTable { .. } => match m2m {
                Some(field) => format!("Add field {field} to {model}"),
                None => format!("Create model {}", self.model_name(before)),
            },
            Op::DeleteTable { .. } => match m2m {
                Some(field) => format!("Remove field {field} from {model}"),
                None => format!("Delete model {}", self.model_name(before)),
            },
            Op::RenameTable {
                from,
                to,
                model: new_model,
                many_to_many,
            } => {
                let old_model = self.model_name(before);
                if many_to_many.is_some() {
                    format!("Rename table {from} to {to}")
                } else if &old_model != new_model {
                    format!("Rename model {old_model} to {new_model}")
                } else {
                    format!("Rename table for {model} to {to}")
                }
            }
            Op::AddColumn { column, .. } => {
                format!("Add field {} to {model}", column.field_name())
            }
            Op::RemoveColumn { table, column } => format!(
                "Remove field {} from {model}",
                Op::field_of(before, table, column)
            ),
            Op::AlterColumn { column, .. } => {
                format!("Alter field {} on {model}", column.field_name())
            }
            Op::RenameColumn {
                table,
                from,
                to,
                field,
            } => format!(
                "Rename field {} on {model} to {}",
                Op::field_of(before, table, from),
                field.as_deref().unwrap_or(to)
            ),
            Op::AddUniqueTogether { columns, .. } => {
                format!("Add unique_together ({}) to {model}", columns.join(", "))
            }
            Op::RemoveUniqueTogether { columns, .. } => format!(
                "Remove unique_together ({}) from {model}",
                columns.join(", ")
            ),
            Op::AddIndex { index, .. } => format!(
                "Create index {} on field(s) {} of model {model}",
                index.name,
                index.columns.join(", ")
            ),
            Op::RemoveIndex { name, .. } => format!("Remove index {name} from {model}"),
        }
    }

    /// Django's `migration_name_fragment`, the operation's part of the file name.
    pub fn fragment(&self, before: &ModelState) -> String {
        let (model, m2m) = self.subject(before);
        match self {
            Op::CreateTable { .. } => match m2m {
                Some(field) => format!("{model}_{field}"),
                None => self.model_name(before).to_lowercase(),
            },
            Op::DeleteTable { .. } => match m2m {
                Some(field) => format!("remove_{model}_{field}"),
                None => format!("delete_{}", self.model_name(before).to_lowercase()),
            },
            Op::RenameTable {
                model: new_model, ..
            } => {
                let old_model = self.model_name(before);
                if old_model != *new_model {
                    format!(
                        "rename_{}_{}",
                        old_model.to_lowercase(),
                        new_model.to_lowercase()
                    )
                } else {
                    format!("alter_{model}_table")
                }
            }
            Op::AddColumn { column, .. } => format!("{model}_{}", column.field_name()),
            Op::RemoveColumn { table, column } => {
                format!("remove_{model}_{}", Op::field_of(before, table, column))
            }
            Op::AlterColumn { column, .. } => {
                format!("alter_{model}_{}", column.field_name())
            }
            Op::RenameColumn {
                table,
                from,
                to,
                field,
            } => format!(
                "rename_{}_{model}_{}",
                Op::field_of(before, table, from),
                field.as_deref().unwrap_or(to)
            ),
            Op::AddUniqueTogether { .. } | Op::RemoveUniqueTogether { .. } => {
                format!("alter_{model}_unique_together")
            }
            Op::AddIndex { index, .. } => format!("{model}_{}", index.name.to_lowercase()),
            Op::RemoveIndex { name, .. } => format!("remove_{model}_{}", name.to_lowercase()),
        }
    }

    /// The data this operation loses, in words, or `None` when it keeps every row and value.
    pub fn data_loss(&self, before: &ModelState) -> Option<String> {
        match self {
            Op::DeleteTable { table } => {
                let (model, m2m) = self.subject(before);
                Some(match m2m {
                    Some(field) => {
                        format!("every link of many-to-many field {model}.{field} (table {table})")
                    }
                    None => format!(
                        "every row of model {} (table {table})",
                        self.model_name(before)
                    ),
                })
            }
            Op::RemoveColumn { table, column } => {
                let (model, _) = self.subject(before);
                Some(format!(
                    "field {model}.{} (column {table}.{column}) and its values",
                    Op::field_of(before, table, column)
                ))
            }
            Op::AlterColumn { table, column, .. } => {
                let old = before
                    .table(table)?
                    .columns
                    .iter()
                    .find(|c| c.name == column.name)?;
                narrowing(old, column).map(|what| {
                    let (model, _) = self.subject(before);
                    format!(
                        "values of {model}.{} (column {table}.{}) that do not fit: {what}",
                        column.field_name(),
                        column.name
                    )
                })
            }
            _ => None,
        }
    }

    /// The operation that undoes this one on the state after it (`before` is the state this
    /// one applies to), or why none exists.
    pub fn reverse(&self, before: &ModelState) -> Result<Op, String> {
        Ok(match self {
            Op::CreateTable { table } => Op::DeleteTable {
                table: table.name.clone(),
            },
            Op::DeleteTable { table } => Op::CreateTable {
                table: before
                    .table(table)
                    .cloned()
                    .ok_or_else(|| format!("table `{table}` is unknown"))?,
            },
            Op::RenameTable { from, to, .. } => {
                let old = before
                    .table(from)
                    .ok_or_else(|| format!("table `{from}` is unknown"))?;
                Op::RenameTable {
                    from: to.clone(),
                    to: from.clone(),
                    model: old.model.clone(),
                    many_to_many: old.many_to_many.clone(),
                }
            }
            Op::AddColumn { table, column, .. } => Op::RemoveColumn {
                table: table.clone(),
                column: column.name.clone(),
            },
            Op::RemoveColumn { table, column } => {
                let old = before
                    .table(table)
                    .and_then(|t| t.columns.iter().find(|c| &c.name == column))
                    .ok_or_else(|| format!("column `{table}.{column}` is unknown"))?;
                if !old.null {
                    return Err(format!(
                        "it removed the NOT NULL column {table}.{column}, which cannot be added back to existing rows without a value"
                    ));
                }
                Op::AddColumn {
                    table: table.clone(),
                    column: old.clone(),
                    backfill: None,
                }
            }
            Op::AlterColumn { table, column, .. } => {
                let old = before
                    .table(table)
                    .and_then(|t| t.columns.iter().find(|c| c.name == column.name))
                    .ok_or_else(|| format!("column `{table}.{}` is unknown", column.name))?;
                if !old.null && column.null {
                    return Err(format!(
                        "it made {table}.{} nullable, and rows may since hold NULL where the old definition forbids it",
                        column.name
                    ));
                }
                Op::AlterColumn {
                    table: table.clone(),
                    column: old.clone(),
                    backfill: None,
                }
            }
            Op::RenameColumn {
                table, from, to, ..
            } => {
                let old = before
                    .table(table)
                    .and_then(|t| t.columns.iter().find(|c| &c.name == from))
                    .ok_or_else(|| format!("column `{table}.{from}` is unknown"))?;
                Op::RenameColumn {
                    table: table.clone(),
                    from: to.clone(),
                    to: from.clone(),
                    field: old.field.clone(),
                }
            }
            Op::AddUniqueTogether { table, columns } => Op::RemoveUniqueTogether {
                table: table.clone(),
                columns: columns.clone(),
            },
            Op::RemoveUniqueTogether { table, columns } => Op::AddUniqueTogether {
                table: table.clone(),
                columns: columns.clone(),
            },
            Op::AddIndex { table, index } => Op::RemoveIndex {
                table: table.clone(),
                name: index.name.clone(),
            },
            Op::RemoveIndex { table, name } => Op::AddIndex {
                table: table.clone(),
                index: before
                    .table(table)
                    .and_then(|t| t.indexes.iter().find(|i| &i.name == name))
                    .cloned()
                    .ok_or_else(|| format!("index `{name}` is unknown"))?,
            },
        })
    }
}

/// How an altered column may not hold the old values, in words.
fn narrowing(old: &Column, new: &Column) -> Option<String> {
    use super::state::ColumnType as T;
    let int_rank = |t: &T| match t {
        T::SmallInteger => Some(1),
        T::Integer | T::PositiveInteger => Some(2),
        T::BigInteger => Some(3),
        _ => None,
    };
    match (&old.ty, &new.ty) {
        (a, b) if a == b => None,
        (
            T::Char {
                max_length: Some(a),
            },
            T::Char {
                max_length: Some(b),
            },
        ) if b >= a => None,
        (T::Char { .. }, T::Char { max_length: None }) | (T::Char { .. }, T::Text) => None,
        (
            T::Char {
                max_length: Some(a),
            },
            T::Char {
                max_length: Some(b),
            },
        ) => Some(format!("strings longer than {b} characters (was {a})")),
        (a, b) if int_rank(a).is_some() && int_rank(b) >= int_rank(a) => {
            if matches!(b, T::PositiveInteger) && !matches!(a, T::PositiveInteger) {
                Some("negative numbers".into())
            } else {
                None
            }
        }
        (a, b) => Some(format!("every value that is not a valid {b:?} (was {a:?})")),
    }
}

/// Replays recorded migrations from an empty database.
pub fn replay<'a>(
    records: impl IntoIterator<Item = &'a Record>,
) -> Result<ModelState, ReplayError> {
    let mut state = ModelState { tables: Vec::new() };
    for record in records {
        for op in &record.operations {
            op.apply(&mut state)?;
        }
    }
    Ok(state)
}

/// Django's `Migration.suggest_name` over these operations: the fragments joined by `_`, or the
/// first one and `_and_more` when that is longer than 52 characters.
pub fn suggest_name(ops: &[Op], before: &ModelState) -> String {
    let mut state = before.clone();
    let mut fragments: Vec<String> = Vec::new();
    for op in ops {
        let fragment = op.fragment(&state);
        if !fragments.contains(&fragment) {
            fragments.push(fragment);
        }
        let _ = op.apply(&mut state);
    }
    let name = fragments.join("_");
    if name.chars().count() > 52 {
        format!("{}_and_more", fragments[0])
    } else {
        name
    }
}
