package org.resnetspark.tables;

/**
 * One row of a result table: a record whose components are the table's columns, named as the
 * columns are in camel case ({@code run_id} is {@code runId}). Rows are built by name, never by
 * position, and {@link ResultTables} puts each value into the column of that name.
 */
public interface TableRow {
  /** The table the row belongs to. */
  TableSchema table();
}
