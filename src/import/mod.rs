//! Importers: data files of other tools into the graph. Each importer is all or nothing: on
//! any error the graph is left exactly as it was.

pub mod gdelt;
pub mod neo4j_csv;

pub use neo4j_csv::{csv_kind, load_neo4j_csv, CsvKind};
