package org.resnetspark.cli;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.resnetspark.config.ConfigException;
import org.resnetspark.job.SparkSessions;
import org.resnetspark.tables.ReadOnlyStatements;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs Spark SQL against the result tables (namespace {@code resnet}) and prints the rows. Only
 * statements that read run, unless {@code --allow-writes} is given.
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = "Query the result tables, e.g. \"SELECT * FROM resnet.epoch_metrics\".")
final class SqlCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOptions options;

  @Parameters(index = "0", paramLabel = "QUERY", description = "A Spark SQL statement.")
  String query;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv or json (default: ${DEFAULT-VALUE}).",
      converter = FormatConverter.class)
  ResultFormat format;

  @Option(
      names = ALLOW_WRITES,
      description =
          "Also run statements that change tables (DROP, DELETE, INSERT, MERGE, ALTER, CREATE,"
              + " CALL, ...); without it only SELECT, WITH, SHOW, DESCRIBE and EXPLAIN run.")
  boolean allowWrites;

  private static final String ALLOW_WRITES = "--allow-writes";

  @Override
  public Integer call() {
    SparkSession spark = SparkSessions.create(options.settings(), options.master);
    if (allowWrites) {
      print(spark, query, format, spec.commandLine().getOut());
    } else {
      printReadOnly(spark, query, format, spec.commandLine().getOut());
    }
    return 0;
  }

  /** Runs the statement only if it reads; anything else is refused before it runs. */
  static void printReadOnly(
      SparkSession spark, String query, ResultFormat format, java.io.PrintWriter out) {
    try {
      ReadOnlyStatements.requireReading(spark, query, ALLOW_WRITES);
    } catch (ParseException e) {
      throw new ConfigException("Invalid query: %s", strip(e.getMessage()));
    }
    print(spark, query, format, out);
  }

  static void print(
      SparkSession spark, String query, ResultFormat format, java.io.PrintWriter out) {
    Dataset<Row> result;
    List<Row> rows;
    try {
      result = spark.sql(query);
      rows = result.collectAsList();
    } catch (Exception e) {
      if (e instanceof ParseException) {
        throw new ConfigException("Invalid query: %s", strip(e.getMessage()));
      }
      if (e instanceof AnalysisException a) {
        // Without the logical plan that getMessage appends.
        throw new ConfigException("Invalid query: %s", strip(a.getSimpleMessage()));
      }
      throw e;
    }
    List<String> header = Arrays.asList(result.columns());
    List<List<Object>> values =
        rows.stream()
            .map(r -> java.util.stream.IntStream.range(0, r.size()).mapToObj(r::get).toList())
            .toList();
    RowPrinter.print(out, format, header, values);
  }

  private static String strip(String message) {
    return message == null ? "" : message.strip();
  }

  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<ResultFormat> {
    @Override
    public ResultFormat convert(String value) {
      try {
        return ResultFormat.valueOf(value.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "Invalid format: '" + value + "' (expected one of table, csv, json)");
      }
    }
  }
}
