package org.resnetspark.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.resnetspark.config.ResolvedConfig;
import org.resnetspark.config.Settings;
import org.resnetspark.data.FashionMnist;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.PrepareJob;
import org.resnetspark.job.PrepareSettings;
import org.resnetspark.job.RunStart;
import org.resnetspark.job.SparkSessions;
import org.resnetspark.job.TrainJob;
import org.resnetspark.progress.Progress;
import org.resnetspark.progress.ProgressOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * The whole pipeline once, on the embedded default: Fashion-MNIST images as a class-folder tree,
 * prepare, train, checkpoint, tables, and an SQL query over the result.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the pipeline end to end on Fashion-MNIST: write images, prepare shards, train a small"
          + " ResNet, checkpoint, record metrics in Iceberg and query them.",
      "Uses conf/demo.conf unless --config is given."
    })
final class DemoCommand implements Callable<Integer> {
  static final String DEFAULT_CONFIG = "conf/demo.conf";

  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOptions options;

  @Override
  public Integer call() throws Exception {
    if (options.config == null) {
      options.config = DemoConfig.locate();
    }
    ResolvedConfig resolved = options.resolved();
    Settings settings = resolved.settings();
    PrintStream out = new PrintStream(System.out, true);
    Path images = Path.of(settings.storage().resolve("images"));
    out.println("[1/5] writing Fashion-MNIST images to " + images);
    if (Files.exists(images)) {
      deleteTree(images);
    }
    FashionMnist.writeClassFolders(
        FashionMnist.defaultDir(),
        images,
        settings.demo().trainPerClass(),
        settings.demo().valPerClass());

    SparkSession spark = SparkSessions.create(settings, options.master);
    out.println("[2/5] preparing shards in " + settings.data().shards());
    ProgressOutput progress = ProgressOutput.forConsole(out);
    Manifest manifest =
        PrepareJob.run(
            spark, PrepareSettings.options(settings, images.toString(), null, true), progress);

    out.println("[3/5] training " + settings.model().variant());
    TrainJob.Outcome outcome =
        TrainJob.run(
            spark, settings, resolved.json(), RunStart.fresh(settings), new Progress(progress));

    out.println("[4/5] validation metrics in table resnet.epoch_metrics:");
    PrintWriter writer = spec.commandLine().getOut();
    String query =
        "SELECT run_id, epoch, split, round(loss, 4) AS loss, round(top1, 4) AS top1,"
            + " round(top5, 4) AS top5, round(lr, 5) AS lr FROM resnet.epoch_metrics"
            + " WHERE run_id = '"
            + outcome.runId()
            + "' ORDER BY epoch, split";
    writer.println("sql> " + query);
    SqlCommand.print(spark, query, ResultFormat.TABLE, writer);

    out.println("[5/5] written:");
    out.println("  images       " + images);
    out.println(
        "  shards       "
            + settings.data().shards()
            + " ("
            + (manifest.examples("train") + manifest.examples("val"))
            + " examples)");
    out.println("  run          " + outcome.runDir());
    out.println("  checkpoint   " + outcome.lastCheckpoint().path());
    out.println("  catalog      " + settings.storage().catalog().uri());
    out.println("  warehouse    " + settings.storage().catalog().warehouse());
    out.println(
        "query again:  bin/resnet-spark sql --config "
            + options.config
            + " \"SELECT * FROM resnet.epoch_metrics\"");
    return 0;
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
