package org.resnetspark.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TableRowTest {
  private static final Map<DataType, List<Class<?>>> JAVA_TYPES =
      Map.of(
          DataTypes.StringType,
          List.of(String.class),
          DataTypes.IntegerType,
          List.of(int.class, Integer.class),
          DataTypes.LongType,
          List.of(long.class, Long.class),
          DataTypes.DoubleType,
          List.of(double.class, Double.class),
          DataTypes.BooleanType,
          List.of(boolean.class, Boolean.class),
          DataTypes.TimestampType,
          List.of(Timestamp.class),
          DataTypes.createArrayType(DataTypes.IntegerType),
          List.of(List.class),
          DataTypes.createArrayType(DataTypes.StringType),
          List.of(List.class),
          DataTypes.createArrayType(DataTypes.DoubleType),
          List.of(List.class));

  @Test
  void everyTableHasARowRecordWithItsColumnsByNameAndType() {
    for (TableSchema table : TableSchema.values()) {
      Class<? extends TableRow> type = table.rowType();
      assertThat(type.isRecord()).as(type.getName()).isTrue();
      assertThat(TableSchema.forRow(type)).isSameAs(table);
      RecordComponent[] components = type.getRecordComponents();
      StructField[] columns = table.schema().fields();
      assertThat(Arrays.stream(components).map(RecordComponent::getName).sorted().toList())
          .as(table.tableName())
          .isEqualTo(
              Arrays.stream(columns).map(c -> RowValues.componentName(c.name())).sorted().toList());
      for (RecordComponent c : components) {
        StructField column =
            Arrays.stream(columns)
                .filter(f -> RowValues.componentName(f.name()).equals(c.getName()))
                .findFirst()
                .orElseThrow();
        assertThat(JAVA_TYPES.get(column.dataType()))
            .as(table.tableName() + "." + column.name())
            .contains(c.getType());
      }
    }
  }

  @Test
  void aPromotionRowTakesEachColumnFromItsNamedStep() {
    Timestamp at = Timestamp.valueOf("2026-01-02 03:04:05");
    Row row =
        RowValues.of(
            PromotionRow.of("/pipeline", 3)
                .challenger("run-c", 0.91, "/ckpt")
                .champion("run-p", 0.89)
                .newData(70, 0.8)
                .comparedBy("top1", 0.01)
                .kept("not more than the margin", at));
    StructType schema = TableSchema.PROMOTIONS.schema();
    assertThat(row.get(schema.fieldIndex("pipeline"))).isEqualTo("/pipeline");
    assertThat(row.get(schema.fieldIndex("generation"))).isEqualTo(3);
    assertThat(row.get(schema.fieldIndex("run_id"))).isEqualTo("run-c");
    assertThat(row.get(schema.fieldIndex("challenger_score"))).isEqualTo(0.91);
    assertThat(row.get(schema.fieldIndex("checkpoint"))).isEqualTo("/ckpt");
    assertThat(row.get(schema.fieldIndex("champion_run_id"))).isEqualTo("run-p");
    assertThat(row.get(schema.fieldIndex("champion_score"))).isEqualTo(0.89);
    assertThat(row.get(schema.fieldIndex("new_images"))).isEqualTo(70L);
    assertThat(row.get(schema.fieldIndex("new_data_score"))).isEqualTo(0.8);
    assertThat(row.get(schema.fieldIndex("metric"))).isEqualTo("top1");
    assertThat(row.get(schema.fieldIndex("margin"))).isEqualTo(0.01);
    assertThat(row.get(schema.fieldIndex("promoted"))).isEqualTo(false);
    assertThat(row.get(schema.fieldIndex("reason"))).isEqualTo("not more than the margin");
    assertThat(row.get(schema.fieldIndex("decided_at"))).isEqualTo(at);
  }

  @Test
  void valuesLandInTheColumnOfTheirName() {
    Row row = RowValues.of(new ConfusionRow("run-x", 4, "val", 7, 2, 11L));
    StructType schema = TableSchema.CONFUSION.schema();
    assertThat(row.get(schema.fieldIndex("actual_class"))).isEqualTo(7);
    assertThat(row.get(schema.fieldIndex("predicted_class"))).isEqualTo(2);
    assertThat(row.get(schema.fieldIndex("epoch"))).isEqualTo(4);
    assertThat(row.get(schema.fieldIndex("count"))).isEqualTo(11L);
    assertThat(row.get(schema.fieldIndex("split"))).isEqualTo("val");

    // A class never predicted has no precision: the column is NULL.
    Row undefined =
        RowValues.of(new ClassMetricRow("run-x", 1, "val", 3, "c3", "coat", null, 0.0, null, 5));
    StructType classMetrics = TableSchema.CLASS_METRICS.schema();
    assertThat(undefined.isNullAt(classMetrics.fieldIndex("precision"))).isTrue();
    assertThat(undefined.get(classMetrics.fieldIndex("recall"))).isEqualTo(0.0);
    assertThat(undefined.get(classMetrics.fieldIndex("support"))).isEqualTo(5L);

    Timestamp started = Timestamp.valueOf("2026-01-02 03:04:05");
    Timestamp finished = Timestamp.valueOf("2026-01-02 04:05:06");
    Row run =
        RowValues.of(
            RunRow.of("child")
                .withParent("parent")
                .withModel("resnet20")
                .withDataset("/shards")
                .withConfig("{}")
                .withWorkers(3)
                .ended("finished", started, finished));
    StructType runs = TableSchema.RUNS.schema();
    assertThat(run.get(runs.fieldIndex("run_id"))).isEqualTo("child");
    assertThat(run.get(runs.fieldIndex("parent_run_id"))).isEqualTo("parent");
    assertThat(run.get(runs.fieldIndex("model"))).isEqualTo("resnet20");
    assertThat(run.get(runs.fieldIndex("dataset"))).isEqualTo("/shards");
    assertThat(run.get(runs.fieldIndex("config"))).isEqualTo("{}");
    assertThat(run.get(runs.fieldIndex("status"))).isEqualTo("finished");
    assertThat(run.get(runs.fieldIndex("started_at"))).isEqualTo(started);
    assertThat(run.get(runs.fieldIndex("finished_at"))).isEqualTo(finished);
    assertThat(run.get(runs.fieldIndex("workers"))).isEqualTo(3);
  }
}
