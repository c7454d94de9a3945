//! Derive macros for restforge: `Model`, `Serializer`, `Permission`, `ViewSet`, `GenericView`.
