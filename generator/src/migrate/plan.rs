//! The order of an initial migration's operations, as Django's `makemigrations` decides it.
//!
//! Django's autodetector (django/db/migrations/autodetector.py, `generate_created_models`)
//! creates every new model without its relation fields, adds each relation with a separate
//! `AddField`, sorts the operations topologically (`graphlib.TopologicalSorter`) and then lets
//! the optimizer (django/db/migrations/optimizer.py) fold each `AddField` back into its
//! `CreateModel` where nothing in between refers to it. The outcome decides both the order of
//! `CREATE TABLE` statements and the physical column order: relation columns come last, sorted
//! by field name, and a model moves after the models it points at. This module replays those
//! three steps on the subset of operations an initial migration has.

use std::collections::BTreeSet;

use super::state::{Column, Table};

/// One step of an initial migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// `CreateModel`: the table with its plain columns and these relation fields, in order.
    CreateTable {
        table: String,
        relations: Vec<String>,
    },
    /// `AddField` of a relation that could not be folded into its `CreateModel` (models that
    /// point at each other).
    AddRelation { table: String, field: String },
}

/// A relation field of a model and the table it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Relation {
    field: String,
    target: String,
}

/// The operations Django's autodetector and optimizer arrive at for the given new tables of
/// `app` (model tables and their join tables, as [`Table`]s).
pub fn initial_operations(app: &str, tables: &[Table]) -> Vec<Operation> {
    let models = models_of(app, tables);
    let ops = optimize(topological_order(&models));
    ops.into_iter()
        .map(|op| match op {
            Op::Create { table, fields } => Operation::CreateTable {
                table,
                relations: fields.into_iter().map(|r| r.field).collect(),
            },
            Op::Add { table, relation } => Operation::AddRelation {
                table,
                field: relation.field,
            },
        })
        .collect()
}

/// The tables in the order `operations` create them, each with its columns in physical order:
/// plain columns as declared, then relation columns in the order they were added.
pub fn apply(tables: &[Table], operations: &[Operation]) -> Vec<Table> {
    let find = |name: &str| {
        tables
            .iter()
            .find(|t| t.name == name)
            .expect("operations name planned tables")
    };
    let join_of = |table: &str, field: &str| {
        tables.iter().find(|t| {
            t.many_to_many
                .as_ref()
                .is_some_and(|m| m.table == table && m.field == field)
        })
    };
    let mut out: Vec<Table> = Vec::new();
    for operation in operations {
        match operation {
            Operation::CreateTable { table, relations } => {
                let source = find(table);
                let mut created = source.clone();
                created.columns = source
                    .columns
                    .iter()
                    .filter(|c| !is_relation_column(c))
                    .cloned()
                    .collect();
                out.push(created);
                for field in relations {
                    add_relation(&mut out, source, field, join_of(table, field));
                }
            }
            Operation::AddRelation { table, field } => {
                add_relation(&mut out, find(table), field, join_of(table, field));
            }
        }
    }
    out
}

fn add_relation(out: &mut Vec<Table>, source: &Table, field: &str, join: Option<&Table>) {
    if let Some(join) = join {
        out.push(join.clone());
        return;
    }
    let column = source
        .columns
        .iter()
        .find(|c| is_relation_column(c) && c.field_name() == field)
        .expect("a planned relation is a column or a join table");
    out.iter_mut()
        .find(|t| t.name == source.name)
        .expect("a relation is added after its table is created")
        .columns
        .push(column.clone());
}

/// Relation columns other than a primary key (Django creates a relation primary key inline).
fn is_relation_column(column: &Column) -> bool {
    column.is_relation() && !column.primary_key
}

struct ModelInfo {
    table: String,
    /// Django's `model_name`, the sort key of new models.
    name: String,
    relations: Vec<Relation>,
}

fn models_of(app: &str, tables: &[Table]) -> Vec<ModelInfo> {
    tables
        .iter()
        .filter(|t| t.app == app && t.many_to_many.is_none())
        .map(|t| {
            let mut relations: Vec<Relation> = t
                .columns
                .iter()
                .filter(|c| is_relation_column(c))
                .map(|c| Relation {
                    field: c.field_name().to_string(),
                    target: c.references.as_ref().expect("relation").table.clone(),
                })
                .collect();
            relations.extend(
                tables
                    .iter()
                    .filter_map(|j| Some((j, j.many_to_many.as_ref()?)))
                    .filter(|(_, m)| m.table == t.name)
                    .map(|(j, m)| Relation {
                        field: m.field.clone(),
                        target: j.columns[2]
                            .references
                            .as_ref()
                            .expect("a join table's third column is its target")
                            .table
                            .clone(),
                    }),
            );
            ModelInfo {
                table: t.name.clone(),
                name: t.model.to_lowercase(),
                relations,
            }
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    Create {
        table: String,
        fields: Vec<Relation>,
    },
    Add {
        table: String,
        relation: Relation,
    },
}

/// `generate_created_models` followed by `_sort_migrations`.
fn topological_order(models: &[ModelInfo]) -> Vec<Op> {
    let mut sorted: Vec<&ModelInfo> = models.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    // Models are visited in reverse name order and each `CreateModel` is inserted at the
    // front, so creations end up in name order; the `AddField`s are appended as visited.
    let mut ops: Vec<Op> = sorted
        .iter()
        .map(|m| Op::Create {
            table: m.table.clone(),
            fields: Vec::new(),
        })
        .collect();
    for model in sorted.iter().rev() {
        let mut relations = model.relations.clone();
        relations.sort_by(|a, b| a.field.cmp(&b.field));
        ops.extend(relations.into_iter().map(|relation| Op::Add {
            table: model.table.clone(),
            relation,
        }));
    }

    // graphlib: an `AddField` waits for the creation of its own model and of its target when
    // that is in the same app; ready nodes come out in insertion order, batch by batch.
    let create_index = |table: &str| {
        ops.iter()
            .position(|op| matches!(op, Op::Create { table: t, .. } if t == table))
    };
    let mut predecessors = vec![0usize; ops.len()];
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); ops.len()];
    for (i, op) in ops.iter().enumerate() {
        if let Op::Add { table, relation } = op {
            let deps: BTreeSet<usize> = [create_index(table), create_index(&relation.target)]
                .into_iter()
                .flatten()
                .collect();
            for dep in deps {
                predecessors[i] += 1;
                successors[dep].push(i);
            }
        }
    }
    let mut ready: Vec<usize> = (0..ops.len()).filter(|&i| predecessors[i] == 0).collect();
    let mut order = Vec::with_capacity(ops.len());
    while !ready.is_empty() {
        let batch = std::mem::take(&mut ready);
        for &node in &batch {
            for &next in &successors[node] {
                predecessors[next] -= 1;
                if predecessors[next] == 0 {
                    ready.push(next);
                }
            }
        }
        order.extend(batch);
    }
    order.into_iter().map(|i| ops[i].clone()).collect()
}

impl Op {
    /// `Operation.references_model`.
    fn references_model(&self, table: &str) -> bool {
        match self {
            Op::Create { table: t, fields } => {
                t == table || fields.iter().any(|r| r.target == table)
            }
            Op::Add { table: t, relation } => t == table || relation.target == table,
        }
    }

    /// `Operation.references_field`; a relation to a model references all of its fields.
    fn references_field(&self, table: &str, field: &str) -> bool {
        match self {
            Op::Create { .. } => self.references_model(table),
            Op::Add { table: t, relation } => {
                (t == table && relation.field == field) || relation.target == table
            }
        }
    }

    /// `Operation.reduce`: `Ok` with the replacement, or `Err(can the other optimize through)`.
    fn reduce(&self, other: &Op) -> Result<Vec<Op>, bool> {
        match (self, other) {
            (
                Op::Create { table, fields },
                Op::Add {
                    table: add_table,
                    relation,
                },
            ) if table == add_table => {
                let mut fields = fields.clone();
                fields.push(relation.clone());
                Ok(vec![Op::Create {
                    table: table.clone(),
                    fields,
                }])
            }
            (Op::Create { table, .. }, other) => Err(!other.references_model(table)),
            (Op::Add { table, relation }, other) => {
                Err(!other.references_field(table, &relation.field))
            }
        }
    }
}

/// `MigrationOptimizer.optimize`: run the inner pass until nothing changes.
fn optimize(mut ops: Vec<Op>) -> Vec<Op> {
    loop {
        let next = optimize_inner(&ops);
        if next == ops {
            return ops;
        }
        ops = next;
    }
}

/// `MigrationOptimizer.optimize_inner`, one reduction per pass.
fn optimize_inner(ops: &[Op]) -> Vec<Op> {
    let mut out = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        let mut right = true;
        let mut kept = false;
        for (j, other) in ops[i + 1..].iter().enumerate() {
            match op.reduce(other) {
                Ok(result) => {
                    let in_between = &ops[i + 1..i + j + 1];
                    if right {
                        out.extend_from_slice(in_between);
                        out.extend(result);
                    } else if in_between.iter().all(|op| op.reduce(other) == Err(true)) {
                        out.extend(result);
                        out.extend_from_slice(in_between);
                    } else {
                        out.push(op.clone());
                        kept = true;
                        break;
                    }
                    out.extend_from_slice(&ops[i + j + 2..]);
                    return out;
                }
                Err(false) => right = false,
                Err(true) => {}
            }
        }
        if !kept {
            out.push(op.clone());
        }
    }
    out
}
