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

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::state::{Column, Table, TableIndex};

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
    let index = TableIndex::new(tables);
    let find = |name: &str| index.get(name).expect("operations name planned tables");
    let join_of = |table: &str, field: &str| index.join_of(table, field);
    let mut out: Vec<Table> = Vec::new();
    // Where each created table sits in `out`.
    let mut created_at: HashMap<String, usize> = HashMap::new();
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
                created_at.insert(table.clone(), out.len());
                out.push(created);
                for field in relations {
                    add_relation(&mut out, &created_at, source, field, join_of(table, field));
                }
            }
            Operation::AddRelation { table, field } => {
                add_relation(
                    &mut out,
                    &created_at,
                    find(table),
                    field,
                    join_of(table, field),
                );
            }
        }
    }
    out
}

fn add_relation(
    out: &mut Vec<Table>,
    created_at: &HashMap<String, usize>,
    source: &Table,
    field: &str,
    join: Option<&Table>,
) {
    if let Some(join) = join {
        out.push(join.clone());
        return;
    }
    let column = source
        .columns
        .iter()
        .find(|c| is_relation_column(c) && c.field_name() == field)
        .expect("a planned relation is a column or a join table");
    let at = created_at
        .get(&source.name)
        .expect("a relation is added after its table is created");
    out[*at].columns.push(column.clone());
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

/// The table a join table's target column points at: the column other than its owner's.
/// Checked specs never give a join table a model table's name, but a state read from a file
/// may; such a table simply contributes no relation.
fn join_target(join: &Table) -> Option<String> {
    join.columns
        .iter()
        .filter(|c| c.is_relation())
        .nth(1)
        .and_then(|c| c.references.as_ref())
        .map(|r| r.table.clone())
}

fn models_of(app: &str, tables: &[Table]) -> Vec<ModelInfo> {
    let mut joins: HashMap<&str, Vec<Relation>> = HashMap::new();
    for join in tables {
        let Some(m) = &join.many_to_many else {
            continue;
        };
        if let Some(target) = join_target(join) {
            joins.entry(m.table.as_str()).or_default().push(Relation {
                field: m.field.clone(),
                target,
            });
        }
    }
    tables
        .iter()
        .filter(|t| t.app == app && t.many_to_many.is_none())
        .map(|t| {
            let mut relations: Vec<Relation> = t
                .columns
                .iter()
                .filter(|c| is_relation_column(c))
                .filter_map(|c| {
                    Some(Relation {
                        field: c.field_name().to_string(),
                        target: c.references.as_ref()?.table.clone(),
                    })
                })
                .collect();
            relations.extend(joins.get(t.name.as_str()).into_iter().flatten().cloned());
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
    let creates: HashMap<&str, usize> = ops
        .iter()
        .enumerate()
        .filter_map(|(i, op)| match op {
            Op::Create { table, .. } => Some((table.as_str(), i)),
            Op::Add { .. } => None,
        })
        .collect();
    let create_index = |table: &str| creates.get(table).copied();
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

/// Django's `Operation` methods, line for line; the test oracle runs them.
#[cfg(test)]
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

/// `MigrationOptimizer.optimize` on the operations of an initial migration, with the same
/// result as running Django's passes (one reduction each, restarting from the first operation)
/// until nothing changes, without their cubic cost.
///
/// The only reduction is a `CreateModel` absorbing a later `AddField` of its model: the first
/// one after it, `j`. It happens in place of the `AddField` (the model moves right) when no
/// operation in between refers to the model, else in place of the `CreateModel` when no
/// operation in between belongs to the relation's target model (only then can the `AddField`
/// move left over them). Indexing the operations by the models they belong to and refer to
/// makes each test a range query, and the passes need not restart from the first operation:
/// a reduction in place of the `CreateModel` cannot make an earlier one reducible, and one in
/// place of the `AddField` can only affect those whose `AddField` lies between the two.
/// `tests::the_optimizer_matches_djangos_passes` compares both on random schemas.
fn optimize(ops: Vec<Op>) -> Vec<Op> {
    let mut optimizer = Optimizer::new(ops);
    let mut start = 0;
    while let Some((at, reduction)) = optimizer.first_reduction(start) {
        start = optimizer.apply(at, reduction);
    }
    optimizer.ops.into_values().collect()
}

#[derive(Debug, Clone, Copy)]
enum Reduction {
    /// The `CreateModel` at the key takes the place of the `AddField` at `add`.
    Right { add: usize },
    /// The `CreateModel` stays and absorbs the `AddField` at `add`.
    Left { add: usize },
}

/// The operations by position (the original index; a moved `CreateModel` takes its absorbed
/// `AddField`'s position, and relative order never changes otherwise), with indexes.
struct Optimizer {
    ops: BTreeMap<usize, Op>,
    /// Position → table of every `CreateModel`, to visit them in order.
    creates: BTreeMap<usize, String>,
    create_at: HashMap<String, usize>,
    /// Table → positions of its `AddField`s.
    adds: HashMap<String, BTreeSet<usize>>,
    /// Table → positions of the operations that point at it (a `CreateModel` with a relation
    /// to it, or an `AddField` of one).
    refs: HashMap<String, BTreeSet<usize>>,
}

impl Optimizer {
    fn new(ops: Vec<Op>) -> Self {
        let mut optimizer = Optimizer {
            ops: BTreeMap::new(),
            creates: BTreeMap::new(),
            create_at: HashMap::new(),
            adds: HashMap::new(),
            refs: HashMap::new(),
        };
        for (at, op) in ops.into_iter().enumerate() {
            match &op {
                Op::Create { table, fields } => {
                    optimizer.creates.insert(at, table.clone());
                    optimizer.create_at.insert(table.clone(), at);
                    for relation in fields {
                        optimizer
                            .refs
                            .entry(relation.target.clone())
                            .or_default()
                            .insert(at);
                    }
                }
                Op::Add { table, relation } => {
                    optimizer.adds.entry(table.clone()).or_default().insert(at);
                    optimizer
                        .refs
                        .entry(relation.target.clone())
                        .or_default()
                        .insert(at);
                }
            }
            optimizer.ops.insert(at, op);
        }
        optimizer
    }

    /// Whether any position of `set` lies strictly between `from` and `to`.
    fn any_between(set: Option<&BTreeSet<usize>>, from: usize, to: usize) -> bool {
        set.is_some_and(|set| set.range(from + 1..to).next().is_some())
    }

    /// The first `AddField` of `table` after `from`.
    fn first_add(&self, table: &str, from: usize) -> Option<usize> {
        self.adds.get(table)?.range(from + 1..).next().copied()
    }

    /// What Django's inner pass does with the `CreateModel` of `table` at `at`.
    fn reduction(&self, at: usize, table: &str) -> Option<Reduction> {
        let add = self.first_add(table, at)?;
        if !Self::any_between(self.refs.get(table), at, add) {
            return Some(Reduction::Right { add });
        }
        let Some(Op::Add { relation, .. }) = self.ops.get(&add) else {
            unreachable!("`adds` holds positions of AddFields");
        };
        let target = relation.target.as_str();
        let blocked = self
            .create_at
            .get(target)
            .is_some_and(|&c| at < c && c < add)
            || Self::any_between(self.adds.get(target), at, add);
        (!blocked).then_some(Reduction::Left { add })
    }

    /// The first reducible `CreateModel` at or after `start`.
    fn first_reduction(&self, start: usize) -> Option<(usize, Reduction)> {
        self.creates
            .range(start..)
            .find_map(|(&at, table)| Some((at, self.reduction(at, table)?)))
    }

    /// Carries out a reduction; returns where the next pass may start.
    fn apply(&mut self, at: usize, reduction: Reduction) -> usize {
        let (Reduction::Right { add } | Reduction::Left { add }) = reduction;
        let Some(Op::Add { table, relation }) = self.ops.remove(&add) else {
            unreachable!("a reduction absorbs an AddField");
        };
        self.adds.get_mut(&table).map(|set| set.remove(&add));
        self.refs
            .get_mut(&relation.target)
            .map(|set| set.remove(&add));
        let Some(Op::Create { fields, .. }) = self.ops.get_mut(&at) else {
            unreachable!("a reduction starts at a CreateModel");
        };
        fields.push(relation.clone());
        match reduction {
            Reduction::Left { .. } => {
                self.refs.entry(relation.target).or_default().insert(at);
                at
            }
            Reduction::Right { add } => {
                let create = self.ops.remove(&at).expect("the CreateModel is there");
                if let Op::Create { fields, .. } = &create {
                    for field in fields {
                        let refs = self.refs.entry(field.target.clone()).or_default();
                        refs.remove(&at);
                        refs.insert(add);
                    }
                }
                self.ops.insert(add, create);
                self.creates.remove(&at);
                self.creates.insert(add, table.clone());
                self.create_at.insert(table, add);
                // The model left the span between an earlier `CreateModel` and its first
                // `AddField` only where that `AddField` lies between the two positions.
                self.creates
                    .range(..at)
                    .find(|&(&k, t)| self.first_add(t, k).is_some_and(|j| at < j && j < add))
                    .map_or(at, |(&k, _)| k)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `MigrationOptimizer.optimize` as Django runs it: inner passes until nothing changes.
    fn django_optimize(mut ops: Vec<Op>) -> Vec<Op> {
        loop {
            let next = django_optimize_inner(&ops);
            if next == ops {
                return ops;
            }
            ops = next;
        }
    }

    /// `MigrationOptimizer.optimize_inner`, one reduction per pass.
    fn django_optimize_inner(ops: &[Op]) -> Vec<Op> {
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

    /// Models `m0…` with relations given as (model, target) index pairs.
    fn schema(count: usize, relations: &[(usize, usize)]) -> Vec<ModelInfo> {
        (0..count)
            .map(|i| ModelInfo {
                table: format!("app_m{i}"),
                name: format!("m{i}"),
                relations: relations
                    .iter()
                    .enumerate()
                    .filter(|(_, (from, _))| *from % count == i)
                    .map(|(n, (_, to))| Relation {
                        field: format!("f{n}"),
                        target: if *to % (count + 1) == count {
                            "auth_user".to_string()
                        } else {
                            format!("app_m{}", to % (count + 1))
                        },
                    })
                    .collect(),
            })
            .collect()
    }

    proptest! {
        /// The indexed optimizer reduces exactly as Django's passes do: same operations,
        /// same order, same fields in each `CreateModel`.
        #[test]
        fn the_optimizer_matches_djangos_passes(
            count in 1usize..14,
            relations in proptest::collection::vec((0usize..20, 0usize..20), 0..30),
        ) {
            let ops = topological_order(&schema(count, &relations));
            prop_assert_eq!(optimize(ops.clone()), django_optimize(ops));
        }
    }

    /// Regression: planning a chain of foreign keys took cubic time (800 models, 92 s), as
    /// Django's one-reduction passes were replayed literally.
    #[test]
    fn a_long_chain_of_foreign_keys_plans_quickly() {
        let chain = |count: usize| {
            let relations: Vec<(usize, usize)> = (1..count).map(|i| (i, i - 1)).collect();
            topological_order(&schema(count, &relations))
        };
        let ops = chain(150);
        assert_eq!(optimize(ops.clone()), django_optimize(ops));
        let started = std::time::Instant::now();
        optimize(chain(5000));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
