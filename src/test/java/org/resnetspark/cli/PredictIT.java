package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerBlockUpdated;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.BlockUpdatedInfo;
import org.apache.spark.storage.BroadcastBlockId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.checkpoint.Checkpoint;
import org.resnetspark.checkpoint.CheckpointStore;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.ResolvedConfig;
import org.resnetspark.data.FashionMnist;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.Scoring;
import org.resnetspark.predict.PredictJob;
import org.resnetspark.predict.PredictOutcome;
import org.resnetspark.predict.PredictRequest;
import org.resnetspark.progress.ProgressOutput;
import org.resnetspark.retrain.Champion;
import org.resnetspark.retrain.RetrainJob;
import org.resnetspark.tables.IcebergCatalog;
import org.resnetspark.testing.SparkClusters;
import picocli.CommandLine;

/**
 * {@code predict} on a standalone cluster of two executors, with the champion of a real retrain
 * (one generation: ResNet-8 on 20 train images per class of Fashion-MNIST, written as PNG class
 * folders, with 40 validation images per class): the same images as PNG give {@code evaluate}'s
 * top-1 exactly, as JPEG within half a point; a second run adds nothing; a corrupt file is listed;
 * the network reaches each executor once; bad input exits with 2.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PredictIT {
  private static final int CLASSES = 10;
  private static final int VAL_PER_CLASS = 40;
  @TempDir static Path work;
  static Path source;
  static String root;
  static SparkSession spark;
  static String champion;
  static double evaluatedTop1;
  static final Configuration HADOOP = new Configuration();
  static final BroadcastCounter BROADCASTS = new BroadcastCounter();

  @BeforeAll
  static void start() throws Exception {
    source = work.resolve("source");
    root = work.resolve("pipeline").toString();
    FashionMnist.writeClassFolders(FashionMnist.defaultDir(), source, 20, VAL_PER_CLASS);
    ResolvedConfig config = ConfigLoader.loadWithJson(null, settings());
    SparkSession.Builder b = SparkClusters.standalone(PredictIT.class, 2, 1536);
    IcebergCatalog.prepareLocalFiles(config.settings().storage().catalog());
    IcebergCatalog.sparkProperties(config.settings().storage().catalog()).forEach(b::config);
    spark = b.getOrCreate();
    RetrainJob.run(
        spark,
        config.settings(),
        config.json(),
        new PrintStream(OutputStream.nullOutputStream()),
        false);
    champion = Champion.of(root, HADOOP).read().orElseThrow();
    spark.sparkContext().addSparkListener(BROADCASTS);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static List<String> settings(String... more) {
    List<String> s =
        new ArrayList<>(
            List.of(
                "storage.work-dir=" + work,
                "model.variant=resnet8",
                "data.shard-size=32",
                "train.workers=2",
                "train.batch-size-per-worker=16",
                "train.averaging-frequency=2",
                "train.learning-rate=0.05",
                "train.epochs=1",
                "retrain.source=" + source,
                "retrain.root=" + root));
    s.addAll(List.of(more));
    return s;
  }

  /** Runs a command line in this JVM's session; returns exit code, standard error and output. */
  static String[] command(String... args) {
    // The command, the test's settings, then the arguments, whose --set comes last and wins.
    List<String> all = new ArrayList<>(List.of(args[0]));
    for (String s : settings()) {
      all.add("--set");
      all.add(s);
    }
    all.addAll(List.of(args).subList(1, args.length));
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = cli.execute(all.toArray(String[]::new));
    } finally {
      System.setOut(stdout);
    }
    return new String[] {
      String.valueOf(code), err.toString(), out.toString(StandardCharsets.UTF_8)
    };
  }

  static PredictOutcome predict(Path images) throws Exception {
    return PredictJob.run(
        spark,
        new PredictRequest(
            images.toString(),
            champion,
            PredictRequest.DEFAULT_TOP_K,
            PredictRequest.DEFAULT_TABLE),
        ProgressOutput.lines(System.out::println));
  }

  /** Rows of one source folder whose first class is their label, divided by its rows. */
  static double top1(Path images) {
    Row r =
        spark
            .sql(
                "SELECT count_if(top_classes[0] = label), count(*) FROM resnet.predictions"
                    + " WHERE image_path LIKE '%"
                    + images.getFileName()
                    + "/%'")
            .first();
    assertThat(r.getLong(1)).isEqualTo((long) CLASSES * VAL_PER_CLASS);
    return (double) r.getLong(0) / r.getLong(1);
  }

  @Test
  @Order(1)
  void aCheckpointWrittenNowCarriesWhatScoringNeeds() throws Exception {
    Checkpoint checkpoint = CheckpointStore.at(champion, HADOOP);
    Manifest shards = Manifest.read(root + "/generations/gen-0001/shards", HADOOP);
    Scoring scoring = checkpoint.state().scoring();
    assertThat(checkpoint.state().formatVersion()).isEqualTo(2);
    assertThat(scoring).isNotNull();
    assertThat(scoring.mean()).containsExactly(shards.mean());
    assertThat(scoring.std()).containsExactly(shards.std());
    assertThat(List.of(scoring.height(), scoring.width(), scoring.channels()))
        .containsExactly(28, 28, 1);
    assertThat(scoring.classes()).isEqualTo(shards.classes());
    assertThat(scoring.encoding()).isEqualTo(shards.preprocessing().encoding());
  }

  @Test
  @Order(2)
  void pngImagesReproduceEvaluateTop1ExactlyAndTheNetworkIsBroadcastOnce() throws Exception {
    String[] evaluated =
        command(
            "evaluate",
            "--checkpoint",
            champion,
            "--data",
            root + "/generations/gen-0001/shards",
            "--split",
            "val");
    assertThat(evaluated[0]).as(evaluated[1]).isEqualTo("0");
    evaluatedTop1 =
        spark
            .sql(
                "SELECT m.top1 FROM resnet.epoch_metrics m JOIN resnet.runs r ON r.run_id ="
                    + " m.run_id WHERE r.status = 'evaluated' AND m.split = 'val'")
            .first()
            .getDouble(0);

    BROADCASTS.reset();
    PredictOutcome outcome = predict(source.resolve("val"));

    assertThat(outcome.images()).isEqualTo(CLASSES * VAL_PER_CLASS);
    assertThat(outcome.rejected()).isEmpty();
    assertThat(outcome.newRows()).isEqualTo(CLASSES * VAL_PER_CLASS);
    assertThat(outcome.inferenceImagesPerSecondPerCore()).isPositive();
    assertThat(top1(source.resolve("val"))).isEqualTo(evaluatedTop1);
    // The parameters went to the executors in one broadcast, fetched once by each executor,
    // although more tasks than executors scored the images.
    long parameterBytes =
        CheckpointStore.load(CheckpointStore.at(champion, HADOOP), HADOOP).params().length()
            * Float.BYTES;
    assertThat(BROADCASTS.maxTasks).isGreaterThan(2);
    Map<Long, Long> large = BROADCASTS.largerThan(parameterBytes / 2);
    assertThat(large).as("broadcasts holding the parameters").hasSize(1);
    assertThat(BROADCASTS.fetchesOf(large.keySet().iterator().next())).isBetween(1, 2);
  }

  @Test
  @Order(3)
  void jpegImagesScoreWithinHalfAPointAndACorruptFileIsListed() throws Exception {
    Path jpeg = work.resolve("jpeg");
    writeJpegs(source.resolve("val"), jpeg);
    Path broken = jpeg.resolve(FashionMnist.folderName(3)).resolve("broken.jpg");
    Files.write(broken, new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3, 4, 5});

    PredictOutcome outcome = predict(jpeg);

    assertThat(outcome.images()).isEqualTo(CLASSES * VAL_PER_CLASS + 1);
    assertThat(outcome.rejected()).hasSize(1);
    assertThat(outcome.rejected().get(0).path()).endsWith("broken.jpg");
    assertThat(outcome.rejected().get(0).reason()).isNotBlank();
    assertThat(outcome.lines()).anyMatch(l -> l.contains("rejected") && l.contains("broken.jpg"));
    assertThat(top1(jpeg)).isCloseTo(evaluatedTop1, within(0.005));
    Row reject =
        spark.sql("SELECT image_path, reason, run_id FROM resnet.prediction_rejects").first();
    assertThat(reject.getString(0)).endsWith("broken.jpg");
    assertThat(reject.getString(1)).isEqualTo(outcome.rejected().get(0).reason());
  }

  @Test
  @Order(4)
  void aSecondRunAddsNoRows() throws Exception {
    long before = spark.sql("SELECT * FROM resnet.predictions").count();

    PredictOutcome outcome = predict(source.resolve("val"));

    assertThat(outcome.newRows()).isZero();
    assertThat(spark.sql("SELECT * FROM resnet.predictions").count()).isEqualTo(before);
  }

  @Test
  @Order(5)
  void theChampionIsTheModelTheRetrainPromoted() throws Exception {
    Path fresh = work.resolve("fresh");
    Files.createDirectories(fresh);
    try (Stream<Path> files =
        Files.list(source.resolve("train").resolve(FashionMnist.folderName(7)))) {
      for (Path f : files.limit(5).toList()) {
        Files.copy(f, fresh.resolve(f.getFileName()));
      }
    }

    String[] result =
        command("predict", "--source", fresh.toString(), "--champion", "--format", "json");

    assertThat(result[0]).as(result[1]).isEqualTo("0");
    assertThat(result[2]).contains("\"newRows\" : 5").contains("inferenceImagesPerSecondPerCore");
    String promoted =
        spark.sql("SELECT run_id FROM resnet.promotions WHERE promoted").first().getString(0);
    List<Row> rows =
        spark
            .sql(
                "SELECT DISTINCT run_id, checkpoint, label FROM resnet.predictions"
                    + " WHERE image_path LIKE '%/fresh/%'")
            .collectAsList();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).getString(0)).isEqualTo(promoted);
    assertThat(rows.get(0).getString(1)).isEqualTo(champion);
    assertThat(rows.get(0).isNullAt(2)).as("files outside class folders have no label").isTrue();
  }

  @Test
  @Order(6)
  void badInputExitsWith2NamingTheFix() throws Exception {
    String[] noPipeline =
        command(
            "predict",
            "--source",
            source.resolve("val").toString(),
            "--champion",
            "--set",
            "retrain.root=" + work.resolve("no-pipeline"));
    assertThat(noPipeline[0]).isEqualTo("2");
    assertThat(noPipeline[1]).contains("no champion in").contains("retrain");

    Path empty = work.resolve("empty/folder");
    Files.createDirectories(empty);
    String[] nothing =
        command("predict", "--source", empty.getParent().toString(), "--checkpoint", champion);
    assertThat(nothing[0]).isEqualTo("2");
    assertThat(nothing[1]).contains("Invalid --source").contains("holds no files");

    Path bad = work.resolve("bad/checkpoints/epoch-0001");
    Files.createDirectories(bad);
    for (String f : List.of("model.zip", "state.json")) {
      Files.copy(Path.of(champion, f), bad.resolve(f));
    }
    byte[] model = Files.readAllBytes(bad.resolve("model.zip"));
    model[model.length / 2] ^= 0x55;
    Files.write(bad.resolve("model.zip"), model);
    String[] predicted =
        command("predict", "--source", source.resolve("val").toString(), "--checkpoint", "" + bad);
    String[] evaluated = command("evaluate", "--checkpoint", bad.toString());
    assertThat(predicted[0]).isEqualTo("2").isEqualTo(evaluated[0]);
    assertThat(predicted[1]).contains("fails the SHA-256 check").isEqualTo(evaluated[1]);
  }

  @Test
  @Order(7)
  void theReadmeQueriesRun() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String section = readme.substring(readme.indexOf("## Predictions"));
    int sql = section.indexOf("```sql") + "```sql".length();
    String[] queries = section.substring(sql, section.indexOf("```", sql)).split(";");
    List<String> statements =
        Stream.of(queries).map(String::strip).filter(q -> !q.isEmpty()).toList();
    assertThat(statements).hasSize(2);

    List<Row> perDay = spark.sql(statements.get(0)).collectAsList();
    assertThat(perDay).hasSize(1);
    assertThat(perDay.get(0).getLong(1)).isEqualTo(2L * CLASSES * VAL_PER_CLASS);
    long lowScores =
        spark.sql("SELECT * FROM resnet.predictions WHERE top_scores[0] < 0.5").count();
    assertThat(spark.sql(statements.get(1)).count()).isEqualTo(lowScores);
  }

  /** The PNG tree as JPEG files of quality 95, class folder by class folder. */
  private static void writeJpegs(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path png : files.filter(f -> f.toString().endsWith(".png")).toList()) {
        BufferedImage image = ImageIO.read(png.toFile());
        Path target = to.resolve(from.relativize(png).toString().replace(".png", ".jpg"));
        Files.createDirectories(target.getParent());
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.95f);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(target.toFile())) {
          writer.setOutput(out);
          writer.write(null, new IIOImage(image, null, null), param);
        } finally {
          writer.dispose();
        }
      }
    }
  }

  /**
   * Counts the broadcast pieces executors store (each fetch of a broadcast by an executor stores
   * its pieces and tells the driver), with their sizes, and the tasks of the largest stage.
   */
  static final class BroadcastCounter extends SparkListener {
    private final Map<Long, Long> bytes = new ConcurrentHashMap<>();
    private final Map<Long, Set<String>> executors = new ConcurrentHashMap<>();
    private final Map<Long, Integer> firstPieceFetches = new ConcurrentHashMap<>();
    volatile int maxTasks;

    void reset() {
      bytes.clear();
      executors.clear();
      firstPieceFetches.clear();
      maxTasks = 0;
    }

    @Override
    public void onBlockUpdated(SparkListenerBlockUpdated event) {
      BlockUpdatedInfo info = event.blockUpdatedInfo();
      if (info.blockId() instanceof BroadcastBlockId b
          && b.field().startsWith("piece")
          && !info.blockManagerId().isDriver()
          && info.storageLevel().isValid()) {
        bytes.merge(b.broadcastId(), info.memSize() + info.diskSize(), Long::sum);
        executors
            .computeIfAbsent(b.broadcastId(), k -> ConcurrentHashMap.newKeySet())
            .add(info.blockManagerId().executorId());
        if (b.field().equals("piece0")) {
          firstPieceFetches.merge(b.broadcastId(), 1, Integer::sum);
        }
      }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted event) {
      maxTasks = Math.max(maxTasks, event.stageInfo().numTasks());
    }

    /** Broadcast id -> bytes stored on executors, for broadcasts of more than {@code min}. */
    Map<Long, Long> largerThan(long min) {
      Map<Long, Long> out = new java.util.HashMap<>();
      bytes.forEach(
          (id, size) -> {
            long perExecutor = size / Math.max(1, executors.get(id).size());
            if (perExecutor > min) {
              out.put(id, size);
            }
          });
      return out;
    }

    /** How many times executors fetched the broadcast (its first piece). */
    int fetchesOf(long broadcastId) {
      return firstPieceFetches.getOrDefault(broadcastId, 0);
    }
  }
}
