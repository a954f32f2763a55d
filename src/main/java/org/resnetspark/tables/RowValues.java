package org.resnetspark.tables;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;

/** Turns a typed row into Spark's positional {@link Row}, column by column of its schema. */
final class RowValues {
  private static final ClassValue<Method[]> ACCESSORS =
      new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
          return accessors(type);
        }
      };

  private RowValues() {}

  static Row of(TableRow row) {
    Method[] accessors = ACCESSORS.get(row.getClass());
    Object[] values = new Object[accessors.length];
    try {
      for (int i = 0; i < accessors.length; i++) {
        Object value = accessors[i].invoke(row);
        // Spark takes an array column's external value as an array or a Scala Seq, not a List.
        values[i] = value instanceof List<?> list ? list.toArray() : value;
      }
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("Cannot read " + row.getClass().getSimpleName(), e);
    }
    return RowFactory.create(values);
  }

  static List<Row> of(List<? extends TableRow> rows) {
    return rows.stream().map(RowValues::of).toList();
  }

  /** {@code run_id} -> {@code runId}. */
  static String componentName(String column) {
    StringBuilder name = new StringBuilder();
    boolean upper = false;
    for (char c : column.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        name.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return name.toString();
  }

  /** The record's accessors in the order of its table's columns; fails on a missing column. */
  private static Method[] accessors(Class<?> type) {
    if (!type.isRecord() || !TableRow.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(type.getName() + " is not a record implementing TableRow");
    }
    Map<String, Method> byName = new HashMap<>();
    for (RecordComponent c : type.getRecordComponents()) {
      byName.put(c.getName(), c.getAccessor());
    }
    TableSchema table = TableSchema.forRow(type);
    StructField[] fields = table.schema().fields();
    if (byName.size() != fields.length) {
      throw new IllegalStateException(
          type.getSimpleName()
              + " has "
              + byName.keySet()
              + ", table "
              + table.tableName()
              + " "
              + Arrays.stream(fields).map(StructField::name).toList());
    }
    Method[] accessors = new Method[fields.length];
    for (int i = 0; i < fields.length; i++) {
      Method m = byName.get(componentName(fields[i].name()));
      if (m == null) {
        throw new IllegalStateException(
            type.getSimpleName() + " has no component for column " + fields[i].name());
      }
      m.setAccessible(true);
      accessors[i] = m;
    }
    return accessors;
  }
}
