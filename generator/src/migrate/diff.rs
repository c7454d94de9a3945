//! `makemigrations`: the operations that take the recorded state to a spec's.
//!
//! Models and fields are matched by name, or by the `renamed_from` the spec declares; a rename
//! is never guessed, so an undeclared one is a removal and an addition, which loses data and
//! is refused unless allowed. The operations come in an order in which each one's
//! dependencies hold: renames first; then unique constraints and indexes that go away; new
//! tables (targets before the tables that point at them); added and altered columns; removed
//! columns; deleted tables (dependants first); then new unique constraints and indexes.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::ops::{Backfill, Op};
use super::plan::{self, Operation};
use super::state::{Column, ColumnType, ModelState, Table, TableIndex};
use crate::spec::{ByName, DefaultValue, Field, Spec};

/// How to make the next migration.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// One-off backfill values (`--default Profile.website=https://x`), keyed by `Model.field`
    /// or by the bare field name.
    pub defaults: BTreeMap<String, String>,
}

/// The operations found, and what stops them from being written.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    pub operations: Vec<Op>,
    /// Operations that need a value for existing rows that nobody gave.
    pub problems: Vec<String>,
    /// What the destructive operations lose, one line each.
    pub data_loss: Vec<String>,
    /// Removed and added fields of one model that may be an undeclared rename.
    pub rename_hints: Vec<String>,
}

/// The operations from `old` (the replayed migrations) to the state of `spec`.
pub fn diff(old: &ModelState, spec: &Spec, options: &DiffOptions) -> Diff {
    let new = ModelState::from_spec(spec);
    let mut d = Differ {
        by_name: ByName::new(spec),
        options,
        cur: old.clone(),
        ops: Vec::new(),
        problems: Vec::new(),
    };

    // Match tables: models by name (or declared old name), join tables by owner and field.
    // Tables are looked up through maps: a large spec has as many lookups as tables.
    let mut old_models: HashMap<(&str, &str), Vec<&Table>> = HashMap::new();
    for t in old.tables.iter().filter(|t| t.many_to_many.is_none()) {
        old_models
            .entry((t.app.as_str(), t.model.as_str()))
            .or_default()
            .push(t);
    }
    let old_index = TableIndex::new(&old.tables);
    let mut pairs: Vec<(String, Table)> = Vec::new(); // old name -> new table
    let mut paired: HashSet<String> = HashSet::new();
    let mut created: Vec<Table> = Vec::new();
    for table in new.tables.iter().filter(|t| t.many_to_many.is_none()) {
        let old_model = d
            .by_name
            .models
            .get(table.model.as_str())
            .filter(|_| table.app == spec.app.value)
            .and_then(|m| m.renamed_from.as_ref())
            .map_or(table.model.as_str(), |r| r.value.as_str());
        // A `renamed_from` left in the spec after its migration names a model that is gone;
        // the model then matches under its own name.
        let unmatched = |name: &str| {
            old_models
                .get(&(table.app.as_str(), name))?
                .iter()
                .find(|t| !paired.contains(&t.name))
                .copied()
        };
        match unmatched(old_model).or_else(|| unmatched(&table.model)) {
            Some(found) => {
                paired.insert(found.name.clone());
                pairs.push((found.name.clone(), table.clone()));
            }
            None => created.push(table.clone()),
        }
    }
    // The old name and the model of each matched model table, by its new name.
    let mut owners: HashMap<&str, (&str, &str)> = HashMap::with_capacity(pairs.len());
    for (old_name, n) in &pairs {
        owners
            .entry(n.name.as_str())
            .or_insert((old_name.as_str(), n.model.as_str()));
    }
    let mut joins: Vec<(String, Table)> = Vec::new();
    for table in new.tables.iter().filter(|t| t.many_to_many.is_some()) {
        let join = table.many_to_many.as_ref().expect("a join table");
        let found = owners
            .get(join.table.as_str())
            .and_then(|&(old_owner, model)| {
                let old_field = d.old_field_name(model, &join.field);
                old_index
                    .join_of(old_owner, &old_field)
                    .or_else(|| old_index.join_of(old_owner, &join.field))
            });
        match found {
            Some(found) => {
                paired.insert(found.name.clone());
                joins.push((found.name.clone(), table.clone()));
            }
            None => created.push(table.clone()),
        }
    }
    pairs.extend(joins);
    let deleted: Vec<Table> = old
        .tables
        .iter()
        .filter(|t| !paired.contains(&t.name))
        .cloned()
        .collect();

    // Where each matched table is in `d.cur`: its old place, as renames keep a table where it
    // is, until tables are deleted.
    let old_at = positions(old);
    let at = |old_name: &str| old_at[old_name];

    // 1. Renamed tables and models.
    for (old_name, table) in &pairs {
        let current = d.cur.tables[at(old_name)].clone();
        if current.name != table.name
            || current.model != table.model
            || current.many_to_many != table.many_to_many
        {
            d.push(Op::RenameTable {
                from: old_name.clone(),
                to: table.name.clone(),
                model: table.model.clone(),
                many_to_many: table.many_to_many.clone(),
            });
        }
    }

    // 2. Renamed columns; note the columns to add, alter and remove.
    let mut added: Vec<(String, Column)> = Vec::new();
    let mut altered: Vec<(String, Column)> = Vec::new();
    let mut removed: Vec<(String, String)> = Vec::new();
    for (old_name, table) in &pairs {
        let current = d.cur.tables[at(old_name)].clone();
        let mut matched: Vec<String> = Vec::new();
        for (i, column) in table.columns.iter().enumerate() {
            let old_column = if table.many_to_many.is_some() {
                current.columns.get(i).cloned()
            } else {
                // As for models, a stale `renamed_from` falls back to the field's own name.
                let old_field = d.old_field_name(&table.model, column.field_name());
                let unmatched = |name: &str| {
                    current
                        .columns
                        .iter()
                        .find(|c| c.field_name() == name && !matched.contains(&c.name))
                        .cloned()
                };
                unmatched(&old_field).or_else(|| unmatched(column.field_name()))
            };
            let Some(old_column) = old_column else {
                added.push((table.name.clone(), column.clone()));
                continue;
            };
            matched.push(old_column.name.clone());
            if old_column.name != column.name || old_column.field != column.field {
                d.push(Op::RenameColumn {
                    table: table.name.clone(),
                    from: old_column.name.clone(),
                    to: column.name.clone(),
                    field: column.field.clone(),
                });
            }
            let mut renamed = old_column.clone();
            renamed.name = column.name.clone();
            renamed.field = column.field.clone();
            if renamed != *column {
                altered.push((table.name.clone(), column.clone()));
            }
        }
        for column in &current.columns {
            if !matched.contains(&column.name) {
                removed.push((table.name.clone(), column.name.clone()));
            }
        }
    }

    // 3. Unique constraints and indexes that go away.
    for (old_name, table) in &pairs {
        let current = d.cur.tables[at(old_name)].clone();
        for together in &current.unique_together {
            if !table.unique_together.contains(together) {
                d.push(Op::RemoveUniqueTogether {
                    table: table.name.clone(),
                    columns: together.clone(),
                });
            }
        }
        for index in &current.indexes {
            if !table.indexes.contains(index) {
                d.push(Op::RemoveIndex {
                    table: table.name.clone(),
                    name: index.name.clone(),
                });
            }
        }
    }

    // 4. New tables, in the order Django's autodetector creates models.
    for op in create_operations(&spec.app.value, &created) {
        d.push(op);
    }

    // 5. Added and altered columns.
    for (table, column) in added {
        let backfill = if column.null {
            None
        } else {
            d.backfill(&table, &column, "add")
        };
        d.push(Op::AddColumn {
            table,
            column,
            backfill,
        });
    }
    for (table, column) in altered {
        let old_null = d
            .cur
            .table(&table)
            .and_then(|t| t.columns.iter().find(|c| c.name == column.name))
            .is_some_and(|c| c.null);
        let backfill = if old_null && !column.null {
            d.backfill(&table, &column, "make NOT NULL")
        } else {
            None
        };
        d.push(Op::AlterColumn {
            table,
            column,
            backfill,
        });
    }

    // 6. Removed columns.
    for (table, column) in removed {
        d.push(Op::RemoveColumn { table, column });
    }

    // 7. Deleted tables: join tables first, then each table before the ones it points at.
    let mut remaining = deleted;
    while !remaining.is_empty() {
        let referenced = |name: &str, among: &[Table]| {
            among.iter().any(|t| {
                t.name != name
                    && (t
                        .columns
                        .iter()
                        .any(|c| c.references.as_ref().is_some_and(|r| r.table == name))
                        || t.many_to_many.as_ref().is_some_and(|j| j.table == name))
            })
        };
        let at = remaining
            .iter()
            .position(|t| !referenced(&t.name, &remaining))
            .unwrap_or(0);
        let table = remaining.remove(at);
        d.push(Op::DeleteTable { table: table.name });
    }

    // 8. New unique constraints and indexes.
    let cur_at = positions(&d.cur);
    for (_, table) in &pairs {
        let current = d.cur.tables[cur_at[&table.name]].clone();
        for together in &table.unique_together {
            if !current.unique_together.contains(together) {
                d.push(Op::AddUniqueTogether {
                    table: table.name.clone(),
                    columns: together.clone(),
                });
            }
        }
        for index in &table.indexes {
            if !current.indexes.contains(index) {
                d.push(Op::AddIndex {
                    table: table.name.clone(),
                    index: index.clone(),
                });
            }
        }
    }

    let mut state = old.clone();
    let mut data_loss = Vec::new();
    let mut removed_fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut added_fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for op in &d.ops {
        if let Some(loss) = op.data_loss(&state) {
            data_loss.push(format!("{}: loses {loss}", op.describe(&state)));
        }
        let model = |name: &str| {
            state
                .table(name)
                .map_or(name.to_string(), |t| t.model.clone())
        };
        match op {
            Op::RemoveColumn { table, column } => removed_fields
                .entry(model(table))
                .or_default()
                .push(column.clone()),
            Op::AddColumn { table, column, .. } => added_fields
                .entry(model(table))
                .or_default()
                .push(column.field_name().to_string()),
            _ => {}
        }
        op.apply(&mut state)
            .expect("the differ's operations apply to the state they were made from");
    }
    let rename_hints = removed_fields
        .iter()
        .filter_map(|(model, gone)| {
            let new_fields = added_fields.get(model)?;
            Some(format!(
                "if a field of {model} was renamed ({} → {}), declare `renamed_from: <old name>` on the new field so that the migration renames the column and keeps its data",
                gone.join(", "),
                new_fields.join(", ")
            ))
        })
        .collect();
    Diff {
        operations: d.ops,
        problems: d.problems,
        data_loss,
        rename_hints,
    }
}

/// Where each table of `state` is, by name (the first of a name, as [`ModelState::table`]
/// finds it).
fn positions(state: &ModelState) -> HashMap<String, usize> {
    let mut at = HashMap::with_capacity(state.tables.len());
    for (i, table) in state.tables.iter().enumerate() {
        at.entry(table.name.clone()).or_insert(i);
    }
    at
}

struct Differ<'a> {
    by_name: ByName<'a>,
    options: &'a DiffOptions,
    cur: ModelState,
    ops: Vec<Op>,
    problems: Vec<String>,
}

impl Differ<'_> {
    fn push(&mut self, op: Op) {
        op.apply(&mut self.cur)
            .expect("the differ's operations apply to the state they were made from");
        self.ops.push(op);
    }

    fn spec_field(&self, model: &str, field: &str) -> Option<&Field> {
        self.by_name.models.get(model)?.field(field)
    }

    /// The name a field of a model had in the recorded state.
    fn old_field_name(&self, model: &str, field: &str) -> String {
        self.spec_field(model, field)
            .and_then(|f| f.renamed_from.as_ref())
            .map_or(field.to_string(), |r| r.value.clone())
    }

    /// The value existing rows get for a NOT NULL column: the command line's one-off value, the
    /// field's default, `''` for a blank string field, the current time for `auto_now` fields
    /// (Django's `_generate_added_field`); otherwise a problem to report.
    fn backfill(&mut self, table: &str, column: &Column, action: &str) -> Option<Backfill> {
        let model = self
            .cur
            .table(table)
            .map_or(table.to_string(), |t| t.model.clone());
        let name = column.field_name();
        let key = format!("{model}.{name}");
        if let Some(value) = self
            .options
            .defaults
            .get(&key)
            .or_else(|| self.options.defaults.get(name))
        {
            return Some(parse_backfill(value, &column.ty));
        }
        if let Some(field) = self.spec_field(&model, name) {
            match field.default.as_ref().map(|d| &d.value) {
                Some(DefaultValue::Bool(b)) => return Some(Backfill::Bool(*b)),
                Some(DefaultValue::Int(n)) => return Some(Backfill::Int(*n)),
                Some(DefaultValue::Float(x)) => return Some(Backfill::Float(*x)),
                Some(DefaultValue::String(s)) => return Some(Backfill::String(s.clone())),
                // Django's AddField calls a callable default once for the existing rows:
                // one time for all of them suits `now`, one UUID for all does not.
                Some(DefaultValue::Now) => return Some(Backfill::Now),
                Some(DefaultValue::Null | DefaultValue::Uuid4) | None => {}
            }
            if field.auto_now.value || field.auto_now_add.value {
                return Some(Backfill::Now);
            }
            if field.blank.value && matches!(column.ty, ColumnType::Char { .. } | ColumnType::Text)
            {
                return Some(Backfill::String(String::new()));
            }
        }
        self.problems.push(format!(
            "cannot {action} field {key} (column {table}.{}): existing rows need a value and the field has no default; give it a `default:` in the spec, make it `null: true`, or pass `--default {key}=VALUE`",
            column.name
        ));
        None
    }
}

/// A `--default` value: a number or boolean where the column holds one, else a string.
fn parse_backfill(text: &str, ty: &ColumnType) -> Backfill {
    match ty {
        ColumnType::Boolean => match text {
            "true" | "1" | "True" => Backfill::Bool(true),
            _ => Backfill::Bool(false),
        },
        ColumnType::Integer
        | ColumnType::BigInteger
        | ColumnType::SmallInteger
        | ColumnType::PositiveInteger => text
            .parse()
            .map_or_else(|_| Backfill::String(text.into()), Backfill::Int),
        ColumnType::Float => text
            .parse()
            .map_or_else(|_| Backfill::String(text.into()), Backfill::Float),
        _ => Backfill::String(text.into()),
    }
}

/// The operations that create `tables` (new models of `app` and join tables), as Django's
/// autodetector orders them: each model after the models it points at, a relation that
/// closes a cycle added once both tables exist, and join tables of existing models last.
pub fn create_operations(app: &str, tables: &[Table]) -> Vec<Op> {
    let new_models: HashSet<&str> = tables
        .iter()
        .filter(|t| t.many_to_many.is_none())
        .map(|t| t.name.as_str())
        .collect();
    let is_new_model = |name: &str| new_models.contains(name);
    let planned: Vec<Table> = tables
        .iter()
        .filter(|t| {
            t.many_to_many
                .as_ref()
                .is_none_or(|j| is_new_model(&j.table))
        })
        .cloned()
        .collect();
    let index = TableIndex::new(&planned);
    let find = |name: &str| index.get(name).expect("planned tables");
    let join_of = |owner: &str, field: &str| index.join_of(owner, field);
    let relation_column = |table: &Table, field: &str| {
        table
            .columns
            .iter()
            .find(|c| c.is_relation() && !c.primary_key && c.field_name() == field)
            .cloned()
    };
    let mut out = Vec::new();
    // Builtin tables (`auth_user`, `authtoken_token`) are created as they are.
    for table in planned.iter().filter(|t| t.app != app) {
        out.push(Op::CreateTable {
            table: table.clone(),
        });
    }
    for operation in plan::initial_operations(app, &planned) {
        match operation {
            Operation::CreateTable { table, relations } => {
                let source = find(&table);
                let mut created = source.clone();
                created
                    .columns
                    .retain(|c| !c.is_relation() || c.primary_key);
                let mut joins = Vec::new();
                for field in &relations {
                    match join_of(&table, field) {
                        Some(join) => joins.push(join.clone()),
                        None => created.columns.extend(relation_column(source, field)),
                    }
                }
                out.push(Op::CreateTable { table: created });
                out.extend(joins.into_iter().map(|table| Op::CreateTable { table }));
            }
            Operation::AddRelation { table, field } => match join_of(&table, &field) {
                Some(join) => out.push(Op::CreateTable {
                    table: join.clone(),
                }),
                None => {
                    let column = relation_column(find(&table), &field).expect("a planned relation");
                    out.push(Op::AddColumn {
                        table,
                        column,
                        backfill: None,
                    });
                }
            },
        }
    }
    for join in tables.iter().filter(|t| {
        t.many_to_many
            .as_ref()
            .is_some_and(|j| !is_new_model(&j.table))
    }) {
        out.push(Op::CreateTable {
            table: join.clone(),
        });
    }
    out
}
