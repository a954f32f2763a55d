package org.resnetspark.tables;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.QueryPlan;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.DescribeColumn;
import org.apache.spark.sql.catalyst.plans.logical.DescribeFunction;
import org.apache.spark.sql.catalyst.plans.logical.DescribeNamespace;
import org.apache.spark.sql.catalyst.plans.logical.DescribeRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import org.apache.spark.sql.catalyst.plans.logical.ShowColumns;
import org.apache.spark.sql.catalyst.plans.logical.ShowCreateTable;
import org.apache.spark.sql.catalyst.plans.logical.ShowFunctions;
import org.apache.spark.sql.catalyst.plans.logical.ShowNamespaces;
import org.apache.spark.sql.catalyst.plans.logical.ShowPartitions;
import org.apache.spark.sql.catalyst.plans.logical.ShowTableExtended;
import org.apache.spark.sql.catalyst.plans.logical.ShowTableProperties;
import org.apache.spark.sql.catalyst.plans.logical.ShowTables;
import org.apache.spark.sql.catalyst.plans.logical.ShowViews;
import org.apache.spark.sql.execution.command.DescribeQueryCommand;
import org.apache.spark.sql.execution.command.ExplainCommand;
import org.apache.spark.sql.execution.command.ShowCatalogsCommand;
import org.apache.spark.sql.execution.command.ShowCurrentNamespaceCommand;
import org.resnetspark.config.ConfigException;
import scala.collection.JavaConverters;

/**
 * Tells statements that only read from the rest, from the plan Spark's parser (with Iceberg's
 * extensions) makes of them before anything is resolved or run. A query is a plan without any
 * command or statement node in it; a command is a read only if it is one of the SHOW, DESCRIBE or
 * EXPLAIN commands. Anything else (DDL, DML, Iceberg procedures, SET, CACHE) writes or may.
 */
public final class ReadOnlyStatements {
  private static final List<Class<?>> READING_COMMANDS =
      List.of(
          ShowTables.class,
          ShowTableExtended.class,
          ShowNamespaces.class,
          ShowColumns.class,
          ShowTableProperties.class,
          ShowCreateTable.class,
          ShowFunctions.class,
          ShowPartitions.class,
          ShowViews.class,
          ShowCatalogsCommand.class,
          ShowCurrentNamespaceCommand.class,
          DescribeRelation.class,
          DescribeColumn.class,
          DescribeNamespace.class,
          DescribeFunction.class,
          DescribeQueryCommand.class,
          // EXPLAIN prints the plan of its statement without running it.
          ExplainCommand.class);

  private ReadOnlyStatements() {}

  /**
   * Refuses a statement that does not only read, naming it and the option that allows it.
   *
   * @throws ParseException if Spark cannot parse the statement
   */
  public static void requireReading(SparkSession spark, String statement, String allowOption)
      throws ParseException {
    LogicalPlan plan = spark.sessionState().sqlParser().parsePlan(statement);
    if (!reads(plan)) {
      throw new ConfigException(
          "Refused: '%s' is not a read (Spark parses it as %s); sql runs only SELECT, WITH, SHOW,"
              + " DESCRIBE and EXPLAIN, including Iceberg's metadata tables such as"
              + " resnet.runs.snapshots. Pass %s to run a statement that changes tables",
          statement.strip(), writer(plan).nodeName(), allowOption);
    }
  }

  static boolean reads(LogicalPlan plan) {
    if (READING_COMMANDS.stream().anyMatch(c -> c.isInstance(plan))) {
      return true;
    }
    return writer(plan) == null;
  }

  /** The first command or statement node in the plan, or null if it is a plain query. */
  private static LogicalPlan writer(LogicalPlan plan) {
    Deque<QueryPlan<?>> open = new ArrayDeque<>();
    open.push(plan);
    while (!open.isEmpty()) {
      QueryPlan<?> node = open.pop();
      if (node instanceof Command || node instanceof ParsedStatement) {
        return (LogicalPlan) node;
      }
      JavaConverters.seqAsJavaList(node.children()).forEach(c -> open.push((QueryPlan<?>) c));
      // The definitions of a WITH clause are inner children, not children.
      JavaConverters.seqAsJavaList(node.innerChildren()).forEach(open::push);
    }
    return null;
  }
}
