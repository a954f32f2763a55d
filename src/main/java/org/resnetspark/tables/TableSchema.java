package org.resnetspark.tables;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The result tables in namespace {@code resnet}: columns, and the key a row is replaced by. */
public enum TableSchema {
  RUNS(
      RunRow.class,
      "runs",
      List.of("run_id"),
      col("run_id", StringType),
      col("parent_run_id", StringType),
      col("model", StringType),
      col("dataset", StringType),
      col("config", StringType),
      col("status", StringType),
      col("started_at", TimestampType),
      col("finished_at", TimestampType),
      col("workers", IntegerType),
      col("trainable_params", LongType)),
  EPOCH_METRICS(
      EpochMetricRow.class,
      "epoch_metrics",
      List.of("run_id", "epoch", "split"),
      col("run_id", StringType),
      col("epoch", IntegerType),
      col("global_step", LongType),
      col("split", StringType),
      col("loss", DoubleType),
      col("top1", DoubleType),
      col("top5", DoubleType),
      col("lr", DoubleType),
      col("images_per_sec", DoubleType),
      col("duration_s", DoubleType),
      col("recorded_at", TimestampType),
      // Added after the first release: last, where schema evolution appends it to old tables.
      col("penalty", DoubleType)),
  CHECKPOINTS(
      CheckpointRow.class,
      "checkpoints",
      List.of("run_id", "epoch", "global_step"),
      col("run_id", StringType),
      col("epoch", IntegerType),
      col("global_step", LongType),
      col("path", StringType),
      col("checksum", StringType),
      col("size_bytes", LongType),
      col("is_best", BooleanType),
      col("created_at", TimestampType),
      // Added with round checkpoints: last, where schema evolution appends it to old tables.
      col("kind", StringType)),
  CLASS_METRICS(
      ClassMetricRow.class,
      "class_metrics",
      List.of("run_id", "epoch", "split", "class_index"),
      col("run_id", StringType),
      col("epoch", IntegerType),
      col("split", StringType),
      col("class_index", IntegerType),
      col("class_id", StringType),
      col("class_name", StringType),
      col("precision", DoubleType),
      col("recall", DoubleType),
      col("f1", DoubleType),
      col("support", LongType)),
  CONFUSION(
      ConfusionRow.class,
      "confusion",
      List.of("run_id", "epoch", "split", "actual_class", "predicted_class"),
      col("run_id", StringType),
      col("epoch", IntegerType),
      col("split", StringType),
      col("actual_class", IntegerType),
      col("predicted_class", IntegerType),
      col("count", LongType)),
  PROMOTIONS(
      PromotionRow.class,
      "promotions",
      List.of("pipeline", "generation"),
      col("pipeline", StringType),
      col("generation", IntegerType),
      col("run_id", StringType),
      col("champion_run_id", StringType),
      col("metric", StringType),
      col("margin", DoubleType),
      col("challenger_score", DoubleType),
      col("champion_score", DoubleType),
      col("new_data_score", DoubleType),
      col("new_images", LongType),
      col("promoted", BooleanType),
      col("reason", StringType),
      col("checkpoint", StringType),
      col("decided_at", TimestampType)),
  PREDICTIONS(
      PredictionRow.class,
      "predictions",
      List.of("checkpoint_sha256", "image_sha256"),
      col("prediction_id", StringType),
      col("run_id", StringType),
      col("checkpoint", StringType),
      col("checkpoint_sha256", StringType),
      col("image_path", StringType),
      col("image_sha256", StringType),
      col("top_classes", DataTypes.createArrayType(IntegerType)),
      col("top_names", DataTypes.createArrayType(StringType)),
      col("top_scores", DataTypes.createArrayType(DoubleType)),
      col("label", IntegerType),
      col("predicted_at", TimestampType)),
  PREDICTION_REJECTS(
      PredictionRejectRow.class,
      "prediction_rejects",
      List.of("checkpoint_sha256", "image_path"),
      col("prediction_id", StringType),
      col("run_id", StringType),
      col("checkpoint", StringType),
      col("checkpoint_sha256", StringType),
      col("image_path", StringType),
      col("image_sha256", StringType),
      col("reason", StringType),
      col("rejected_at", TimestampType));

  private final Class<? extends TableRow> rowType;
  private final String tableName;
  private final List<String> key;
  private final StructType schema;

  TableSchema(
      Class<? extends TableRow> rowType,
      String tableName,
      List<String> key,
      StructField... fields) {
    this.rowType = rowType;
    this.tableName = tableName;
    this.key = key;
    this.schema = new StructType(fields);
  }

  private static StructField col(String name, DataType type) {
    return new StructField(name, type, true, org.apache.spark.sql.types.Metadata.empty());
  }

  /** The table whose rows are of {@code type}. */
  static TableSchema forRow(Class<?> type) {
    for (TableSchema t : values()) {
      if (t.rowType == type) {
        return t;
      }
    }
    throw new IllegalArgumentException("No result table has rows of type " + type.getName());
  }

  Class<? extends TableRow> rowType() {
    return rowType;
  }

  public String tableName() {
    return tableName;
  }

  public String qualifiedName() {
    return IcebergCatalog.table(tableName);
  }

  public StructType schema() {
    return schema;
  }

  String createStatement() {
    return createStatement(qualifiedName());
  }

  /** The statement creating a table of this schema under another name. */
  String createStatement(String qualifiedName) {
    String columns =
        java.util.Arrays.stream(schema.fields())
            .map(f -> "`" + f.name() + "` " + f.dataType().sql())
            .collect(Collectors.joining(", "));
    return "CREATE TABLE IF NOT EXISTS "
        + qualifiedName
        + " ("
        + columns
        + ") USING iceberg TBLPROPERTIES ("
        // Row-level changes as delete files, validated under snapshot isolation: two jobs that
        // record different runs at once do not conflict; ResultTables retries the rest.
        + "'format-version'='2', 'write.merge.mode'='merge-on-read',"
        + " 'write.merge.isolation-level'='snapshot')";
  }

  /** The columns a table created by an older release lacks, in schema order. */
  List<StructField> missingFrom(StructType existing) {
    java.util.Set<String> have = java.util.Set.of(existing.fieldNames());
    return java.util.Arrays.stream(schema.fields()).filter(f -> !have.contains(f.name())).toList();
  }

  List<String> key() {
    return key;
  }

  String keyCondition(String target, String source) {
    return key.stream()
        .map(k -> target + ".`" + k + "` = " + source + ".`" + k + "`")
        .collect(Collectors.joining(" AND "));
  }
}
