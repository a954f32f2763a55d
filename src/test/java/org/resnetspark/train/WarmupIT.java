package org.resnetspark.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resnetspark.data.Manifest;
import org.resnetspark.progress.Progress;
import org.resnetspark.progress.ProgressOutput;
import org.resnetspark.testing.SparkClusters;

/**
 * The paper's warm-up in a real parameter-averaging run on Fashion-MNIST: the rounds before the
 * training error falls below the threshold run at the warm-up rate, the rounds after at the
 * schedule's, and the switch happens on the driver in the round the gate names.
 */
class WarmupIT {
  static final Pattern ROUND = Pattern.compile("round (\\d+)/\\d+\\s+step (\\d+).* lr ([0-9.]+)");
  static final Pattern END =
      Pattern.compile("ends after (\\d+) rounds: training top-1 error ([0-9.]+) .* below 0.8");

  @TempDir static Path dir;
  static SparkSession spark;
  static Manifest manifest;

  @BeforeAll
  static void start() {
    spark = SparkClusters.local(WarmupIT.class, 2);
    manifest = TrainFixtures.fashionShards(spark, dir.resolve("shards"), 20, 10);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void warmsUpAtTheLowRateUntilTheTrainingErrorFallsBelowTheThreshold() {
    List<String> lines = new ArrayList<>();
    DistributedTrainer trainer =
        new DistributedTrainer(
            JavaSparkContext.fromSparkContext(spark.sparkContext()),
            TrainFixtures.tinyConvNet(28, 28, 1, 0.1),
            TrainFixtures.settings(
                "train.epochs=6",
                "train.batch-size-per-worker=10",
                "train.averaging-frequency=1",
                "train.learning-rate=0.1",
                "train.schedule.warmup-rate=0.01",
                "train.schedule.warmup-until-error=0.8",
                "train.schedule.warmup-error-window=40"),
            manifest,
            new Progress(ProgressOutput.lines(lines::add)));

    for (int epoch = 1; epoch <= 6; epoch++) {
      trainer.trainEpoch(epoch);
    }

    List<String> ends = lines.stream().filter(l -> END.matcher(l).find()).toList();
    assertThat(ends).as("the line that ends the warm-up, in %s", lines).hasSize(1);
    Matcher end = END.matcher(ends.get(0));
    assertThat(end.find()).isTrue();
    int warmupRounds = Integer.parseInt(end.group(1));
    assertThat(Double.parseDouble(end.group(2))).isLessThan(0.8);
    // 200 images in rounds of 2 x 10: the window of 40 is decided every second round.
    assertThat(warmupRounds % 2).isZero();
    assertThat(warmupRounds).isBetween(2, 58);
    List<Double> rates = new ArrayList<>();
    for (String line : lines) {
      Matcher round = ROUND.matcher(line);
      if (round.find()) {
        rates.add(Double.parseDouble(round.group(3)));
      }
    }
    assertThat(rates).hasSize(60);
    assertThat(rates.subList(0, warmupRounds)).containsOnly(0.01);
    assertThat(rates.subList(warmupRounds, rates.size())).containsOnly(0.1);
  }
}
