package org.resnetspark.data;

import java.io.Serializable;
import java.util.Random;
import org.resnetspark.config.Augmentation;

/**
 * Turns a stored image into the delivered {@code height x width} image, per {@link Augmentation}.
 * Scale augmentation and the evaluation resize follow He et al. 2015: for a 224 crop, the shorter
 * side is random in [256, 480] for training and 256 for evaluation (8/7 and 15/7 of the crop).
 *
 * @param resized whether prepare resized the collection (then evaluation resizes to 8/7 of the crop
 *     first; otherwise images are used as they are)
 */
record Augmenter(Augmentation augmentation, int height, int width, boolean resized)
    implements Serializable {
  static final int CIFAR_PAD = 4;

  Pixels apply(Pixels image, Random random) {
    int side = Math.min(height, width);
    return switch (augmentation) {
      case NONE -> {
        Pixels scaled = resized ? image.resizeShorterSide(Math.round(side * 8f / 7)) : image;
        yield scaled.centreCrop(height, width);
      }
      case CIFAR -> {
        Pixels scaled = resized ? image.resizeShorterSide(side) : image;
        int top =
            -CIFAR_PAD + random.nextInt(Math.max(1, scaled.height() - height + 2 * CIFAR_PAD + 1));
        int left =
            -CIFAR_PAD + random.nextInt(Math.max(1, scaled.width() - width + 2 * CIFAR_PAD + 1));
        yield flip(scaled.crop(top, left, height, width), random);
      }
      case IMAGENET -> {
        int low = Math.round(side * 8f / 7);
        int high = Math.round(side * 15f / 7);
        Pixels scaled = image.resizeShorterSide(low + random.nextInt(high - low + 1));
        int top = random.nextInt(Math.max(1, scaled.height() - height + 1));
        int left = random.nextInt(Math.max(1, scaled.width() - width + 1));
        yield flip(scaled.crop(top, left, height, width), random);
      }
    };
  }

  private static Pixels flip(Pixels image, Random random) {
    return random.nextBoolean() ? image.flipHorizontally() : image;
  }
}
