package org.resnetspark.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.IcebergBuild;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.config.CatalogSettings;
import org.resnetspark.testing.Fixtures;

/**
 * A catalog written by the Spark 3.5.3 / Iceberg 1.6.1 build opens with this build: its rows read
 * back, and every table takes new rows beside them. The resource is the SQLite catalog and
 * warehouse of a {@code demo} run (ResNet-8, one epoch) and an {@code evaluate} of its checkpoint.
 * Iceberg records absolute paths in its metadata, so the warehouse was written through a Hadoop
 * view file system ({@code viewfs://resnet-fixture/warehouse}); the test mounts that name on its
 * own copy. The old rows are read before new ones join them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogBeforeUpgradeIT {
  private static final String FIXTURE = "org/resnetspark/tables/catalog-spark-3.5.3-iceberg-1.6.1";
  private static final String OLD_RUN = "20261130-153423-b8217e";
  private static final String OLD_EVALUATION = "eval-20261130-154239-8ff9fe";
  private static final String NEW_KEY = "after-upgrade";

  @TempDir static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    Fixtures.copy(FIXTURE, dir);
    CatalogSettings catalog =
        new CatalogSettings(
            "lake",
            "jdbc:sqlite:" + dir.resolve("catalog.db"),
            "",
            "",
            "viewfs://resnet-fixture/warehouse");
    SparkSession.Builder b =
        SparkSession.builder()
            .appName(CatalogBeforeUpgradeIT.class.getSimpleName())
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config(
                "spark.hadoop.fs.viewfs.mounttable.resnet-fixture.link./warehouse",
                dir.resolve("warehouse").toUri().toString());
    IcebergCatalog.sparkProperties(catalog).forEach(b::config);
    spark = b.getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  @Order(1)
  void oldRowsReadBack() {
    assertThat(strings("SELECT run_id, status, parent_run_id FROM resnet.runs ORDER BY run_id"))
        .containsExactly(
            "[" + OLD_RUN + ",finished,null]",
            "[" + OLD_EVALUATION + ",evaluated," + OLD_RUN + "]");
    assertThat(
            strings("SELECT run_id, epoch, split FROM resnet.epoch_metrics ORDER BY run_id, split"))
        .containsExactly(
            "[" + OLD_RUN + ",1,train]",
            "[" + OLD_RUN + ",1,val]",
            "[" + OLD_EVALUATION + ",1,val]");
    assertThat(strings("SELECT run_id, epoch, is_best FROM resnet.checkpoints"))
        .containsExactly("[" + OLD_RUN + ",1,true]");
    assertThat(
            strings(
                "SELECT run_id, count(*), sum(support) FROM resnet.class_metrics"
                    + " GROUP BY run_id ORDER BY run_id"))
        .containsExactly("[" + OLD_RUN + ",10,50]", "[" + OLD_EVALUATION + ",10,50]");
    assertThat(
            strings(
                "SELECT run_id, sum(count) FROM resnet.confusion GROUP BY run_id ORDER BY run_id"))
        .containsExactly("[" + OLD_RUN + ",50]", "[" + OLD_EVALUATION + ",50]");
    assertThat(strings("SELECT DISTINCT summary['iceberg-version'] FROM resnet.runs.snapshots"))
        .singleElement()
        .asString()
        .contains("Apache Iceberg 1.6.1");
  }

  @Test
  @Order(2)
  void everyTableTakesNewRowsBesideTheOldOnes() {
    ResultTables tables = new ResultTables(spark);
    for (TableSchema table : TableSchema.values()) {
      List<String> before = strings("SELECT * FROM " + table.qualifiedName());
      tables.upsert(List.of(newRow(table)));

      List<String> after = strings("SELECT * FROM " + table.qualifiedName());
      assertThat(after).as(table.tableName()).hasSize(before.size() + 1).containsAll(before);
      assertThat(after).as(table.tableName()).anyMatch(r -> r.startsWith("[" + NEW_KEY + ","));
      assertThat(
              strings(
                  "SELECT summary['iceberg-version'], summary['engine-version'] FROM "
                      + table.qualifiedName()
                      + ".snapshots ORDER BY committed_at DESC LIMIT 1"))
          .as(table.tableName())
          .containsExactly("[" + IcebergBuild.fullVersion() + "," + spark.version() + "]");
    }
  }

  /** A table's typed row whose text columns, the first of every key among them, hold NEW_KEY. */
  private static TableRow newRow(TableSchema table) {
    Class<? extends TableRow> type = table.rowType();
    RecordComponent[] components = type.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] = value(components[i].getGenericType());
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot build a " + type.getSimpleName(), e);
    }
  }

  private static Object value(Type generic) {
    if (generic instanceof ParameterizedType list && list.getRawType() == List.class) {
      return List.of(value(list.getActualTypeArguments()[0]));
    }
    Class<?> type = (Class<?>) generic;
    if (type == String.class) {
      return NEW_KEY;
    } else if (type == int.class || type == Integer.class) {
      return 1;
    } else if (type == long.class || type == Long.class) {
      return 1L;
    } else if (type == double.class || type == Double.class) {
      return 0.5;
    } else if (type == boolean.class || type == Boolean.class) {
      return true;
    } else if (type == Timestamp.class) {
      return Timestamp.from(Instant.now());
    }
    throw new IllegalArgumentException("No test value for column type " + type);
  }

  private static List<String> strings(String query) {
    return spark.sql(query).collectAsList().stream().map(Row::toString).toList();
  }
}
