package org.resnetspark.data;

import java.io.Serializable;
import java.util.List;
import org.resnetspark.config.Encoding;

/**
 * What scoring a new image with a trained model needs besides the weights, taken from the manifest
 * of the shards it trained on: the image the reader delivers ({@code height x width x channels},
 * centre-cropped as evaluation does), the train split's normalisation, how prepare resized and
 * encoded each image (so a source file goes through the same steps as a shard row), and the class
 * ids and names the outputs are numbered by.
 *
 * @param mean per-channel mean of the train split, pixel values scaled to [0, 1]
 * @param std per-channel standard deviation of the train split, same scale
 * @param resizeShorterSide the shorter side prepare resized to; 0 kept images as they were
 */
public record Scoring(
    int height,
    int width,
    int channels,
    double[] mean,
    double[] std,
    int resizeShorterSide,
    Encoding encoding,
    int jpegQuality,
    List<Manifest.ClassEntry> classes)
    implements Serializable {

  public static Scoring of(Manifest manifest) {
    Manifest.Preprocessing p = manifest.preprocessing();
    return new Scoring(
        manifest.height(),
        manifest.width(),
        manifest.channels(),
        manifest.mean(),
        manifest.std(),
        p.resizeShorterSide(),
        p.encoding(),
        p.jpegQuality(),
        manifest.classes());
  }

  public int numClasses() {
    return classes.size();
  }
}
