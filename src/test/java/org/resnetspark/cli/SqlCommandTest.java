package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The sql command on real Iceberg tables in a SQLite catalog: read-only unless allowed. */
class SqlCommandTest {
  @TempDir static Path work;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void createATable() {
    SqlCommandTest setup = new SqlCommandTest();
    assertThat(setup.sql("--allow-writes", "CREATE NAMESPACE IF NOT EXISTS resnet")).isZero();
    assertThat(setup.sql("--allow-writes", "CREATE TABLE resnet.notes (id INT, text STRING)"))
        .isZero();
    assertThat(setup.sql("--allow-writes", "INSERT INTO resnet.notes VALUES (1, 'a'), (2, 'b')"))
        .as(setup.err.toString())
        .isZero();
  }

  @AfterAll
  static void stop() {
    SparkSession.active().stop();
  }

  private int sql(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 6];
    all[0] = "sql";
    all[1] = "--format";
    all[2] = "csv";
    all[3] = "--set";
    all[4] = "storage.work-dir=" + work;
    all[5] = "--master=local[1]";
    System.arraycopy(args, 0, all, 6, args.length);
    return cli.execute(all);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DROP TABLE resnet.notes",
        "DELETE FROM resnet.notes WHERE id = 1",
        "INSERT INTO resnet.notes VALUES (3, 'c')",
        "ALTER TABLE resnet.notes ADD COLUMN extra INT",
        "CREATE TABLE resnet.other (id INT)",
        "UPDATE resnet.notes SET text = 'z'",
        "MERGE INTO resnet.notes t USING (SELECT 1 AS id) s ON t.id = s.id WHEN MATCHED THEN DELETE",
        "WITH one AS (SELECT 4 AS id, 'd' AS text) INSERT INTO resnet.notes SELECT * FROM one",
        "CALL lake.system.expire_snapshots('resnet.notes')",
        "TRUNCATE TABLE resnet.notes"
      })
  void aStatementThatChangesTablesIsRefusedAndChangesNothing(String statement) {
    assertThat(sql(statement)).isEqualTo(2);
    assertThat(err.toString())
        .contains("error: Refused: '" + statement + "' is not a read")
        .contains("Pass --allow-writes")
        .doesNotContain("\tat ");

    out.getBuffer().setLength(0);
    assertThat(sql("SELECT id, text FROM resnet.notes ORDER BY id")).isZero();
    assertThat(out.toString()).isEqualTo("id,text\n1,a\n2,b\n");
    out.getBuffer().setLength(0);
    assertThat(sql("SHOW TABLES IN resnet")).isZero();
    assertThat(out.toString()).contains("notes").doesNotContain("other");
    out.getBuffer().setLength(0);
    assertThat(sql("DESCRIBE resnet.notes")).isZero();
    assertThat(out.toString()).doesNotContain("extra");
  }

  @Test
  void anIcebergMetadataTableCanBeRead() {
    assertThat(sql("SELECT count(*) AS snapshots FROM resnet.notes.snapshots")).isZero();
    assertThat(out.toString()).isEqualTo("snapshots\n1\n");
  }

  @Test
  void explainShowsAWriteWithoutRunningIt() {
    assertThat(sql("EXPLAIN DELETE FROM resnet.notes")).as(err.toString()).isZero();
    out.getBuffer().setLength(0);
    assertThat(sql("SELECT count(*) AS n FROM resnet.notes")).isZero();
    assertThat(out.toString()).isEqualTo("n\n2\n");
  }

  @Test
  void aQueryWithACommonTableExpressionRuns() {
    assertThat(sql("WITH t AS (SELECT max(id) AS m FROM resnet.notes) SELECT m FROM t")).isZero();
    assertThat(out.toString()).isEqualTo("m\n2\n");
  }

  @Test
  void withAllowWritesAWriteRuns() {
    assertThat(sql("--allow-writes", "CREATE TABLE resnet.scratch (id INT)")).isZero();
    assertThat(sql("--allow-writes", "INSERT INTO resnet.scratch VALUES (7)")).isZero();
    assertThat(sql("--allow-writes", "DROP TABLE resnet.scratch")).isZero();
    out.getBuffer().setLength(0);
    assertThat(sql("SHOW TABLES IN resnet")).isZero();
    assertThat(out.toString()).doesNotContain("scratch");
  }
}
