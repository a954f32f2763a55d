package org.resnetspark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists a run's checkpoints, verifying each model file against its recorded checksum. */
@Command(
    name = "checkpoints",
    mixinStandardHelpOptions = true,
    description =
        "List the checkpoints of a run (epoch, kind, step, metrics, size, latest/best, valid).")
final class CheckpointsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--run-dir",
      required = true,
      paramLabel = "URI",
      description = "The run directory, <work-dir>/runs/<run-id>.")
  String runDir;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv or json (default: ${DEFAULT-VALUE}).",
      converter = SqlCommand.FormatConverter.class)
  ResultFormat format;

  @Override
  public Integer call() throws Exception {
    CheckpointStore store = CheckpointStore.open(runDir, new Configuration());
    List<Checkpoint> all = store.list();
    if (all.isEmpty()) {
      throw new ConfigException(
          "No checkpoints under %s/checkpoints (expected a run directory written by train)",
          runDir);
    }
    String latest = name(store.latest());
    String best = name(store.best());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Checkpoint c : all) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("epoch", c.state().epoch());
      row.put("kind", c.state().kind().configName());
      row.put("round", roundOf(c));
      row.put("globalStep", c.state().globalStep());
      row.put("metrics", c.state().metrics());
      row.put("sizeBytes", c.state().modelBytes());
      row.put("latest", new Path(c.path()).getName().equals(latest));
      row.put("best", new Path(c.path()).getName().equals(best));
      row.put("valid", store.verify(c));
      row.put("path", c.path());
      rows.add(row);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == ResultFormat.JSON) {
      out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
      out.flush();
    } else {
      List<String> header =
          List.of(
              "epoch", "kind", "round", "step", "loss", "top1", "size", "latest", "best", "valid",
              "path");
      List<List<Object>> values = new ArrayList<>();
      for (Map<String, Object> r : rows) {
        @SuppressWarnings("unchecked")
        Map<String, Double> m = (Map<String, Double>) r.get("metrics");
        values.add(
            java.util.Arrays.asList(
                r.get("epoch"),
                r.get("kind"),
                r.get("round"),
                r.get("globalStep"),
                m.get("loss"),
                m.get("top1"),
                r.get("sizeBytes"),
                r.get("latest"),
                r.get("best"),
                r.get("valid"),
                r.get("path")));
      }
      RowPrinter.print(out, format, header, values);
    }
    return rows.stream().allMatch(r -> (Boolean) r.get("valid")) ? 0 : 1;
  }

  /** Where a round checkpoint stands in its epoch ({@code 3/5}); null for an epoch checkpoint. */
  private static String roundOf(Checkpoint c) {
    var p = c.state().position();
    return p == null ? null : p.round() + "/" + p.rounds();
  }

  private static String name(Optional<Checkpoint> c) {
    return c.map(x -> new Path(x.path()).getName()).orElse("");
  }
}
