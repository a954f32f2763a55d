package org.resnetspark.data;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The executor side of training: loads one shard path (see {@link ShardPath}) into a DataSet of
 * NCHW float features, normalised with the train mean and std, and one-hot labels. Rows are
 * shuffled and augmented with seeds derived from the epoch seed and the path or example key, so an
 * epoch repeats for the same seed whichever worker loads which path. Only the path travels; the
 * source stream DL4J offers is not opened, the shard is read through Hadoop directly. A row that
 * fails its checksum or does not decode fails the load with the shard file and row in the message.
 */
public record ShardLoader(
    Augmenter augmenter, int channels, int numClasses, double[] mean, double[] std, long epochSeed)
    implements DataSetLoader {

  @Override
  public DataSet load(Source source) throws IOException {
    ShardPath path = ShardPath.parse(source.getPath());
    List<StoredExample> rows =
        ShardReader.read(path.file(), path.from(), path.to(), HadoopConf.current());
    Collections.shuffle(rows, new Random(Seeds.derive(epochSeed, source.getPath())));
    int h = augmenter.height();
    int w = augmenter.width();
    int size = channels * h * w;
    float[] features = new float[rows.size() * size];
    float[] labels = new float[rows.size() * numClasses];
    Images images = ImageDecoders.selected();
    Normalisation normalisation = Normalisation.of(mean, std);
    for (int i = 0; i < rows.size(); i++) {
      StoredExample row = rows.get(i);
      Window window =
          augmenter.window(
              new Size(row.height(), row.width()), new Random(Seeds.derive(epochSeed, row.key())));
      try {
        images.deliver(row, window, channels, normalisation, features, i * size);
      } catch (IOException | RuntimeException e) {
        // Bit rot the checksum missed, or a decoder fault: fail the task (Spark retries it) and
        // name the row, never skip it.
        throw new IOException(
            "Cannot decode " + path.file() + " row " + row.row() + " (" + row.key() + "): " + e, e);
      }
      labels[i * numClasses + row.label()] = 1;
    }
    return new DataSet(
        Nd4j.create(features, new long[] {rows.size(), channels, h, w}, 'c'),
        Nd4j.create(labels, new long[] {rows.size(), numClasses}, 'c'));
  }
}
