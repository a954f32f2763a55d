package org.resnetspark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.resnetspark.config.Augmentation;
import org.resnetspark.config.Encoding;

/**
 * The OpenCV decoder against the Java fallback. Decoders do not give identical pixels (IDCT
 * rounding, DCT scaling, resampling kernels), so the delivered images are compared by their mean
 * absolute difference per pixel, on the 0..255 scale: at most {@value #BOUND}.
 */
class OpenCvImagesTest {
  /** The bound the README states for the two decoders. */
  static final double BOUND = 3.0;

  final Images opencv = ImageDecoders.choose("opencv", null);
  final Images java = ImageDecoders.choose("java", null);

  /** Shapes, gradients and noise at JPEG quality 90: edges and texture as photographs have. */
  static byte[] photo(int width, int height, long seed) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    for (int y = 0; y < height; y++) {
      g.setColor(new Color(y * 255 / height, 128, 255 - y * 255 / height));
      g.drawLine(0, y, width, y);
    }
    for (int i = 0; i < 12; i++) {
      g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
      g.fillOval(
          random.nextInt(width), random.nextInt(height), 20 + random.nextInt(width / 2), 20 + i);
    }
    g.dispose();
    for (int i = 0; i < width * height / 8; i++) {
      int x = random.nextInt(width);
      int y = random.nextInt(height);
      image.setRGB(x, y, image.getRGB(x, y) ^ random.nextInt(0x202020));
    }
    return ImageCodec.encode(ImageCodec.toPixels(image), Encoding.JPEG, 90);
  }

  static StoredExample row(byte[] jpeg, int height, int width) {
    return new StoredExample("k", 0, 0, Encoding.JPEG, height, width, 3, jpeg);
  }

  double difference(StoredExample row, Augmenter augmenter, long seed) throws Exception {
    Window window =
        augmenter.window(new Size(row.height(), row.width()), new java.util.Random(seed));
    Normalisation unit = new Normalisation(new float[] {1, 1, 1}, new float[] {0, 0, 0});
    int size = 3 * augmenter.height() * augmenter.width();
    float[] a = new float[size];
    float[] b = new float[size];
    opencv.deliver(row, window, 3, unit, a, 0);
    java.deliver(row, window, 3, unit, b, 0);
    double sum = 0;
    for (int i = 0; i < size; i++) {
      sum += Math.abs(a[i] - b[i]);
    }
    return sum / size;
  }

  @Test
  void trainingCropsStayWithinTheBoundOfTheJavaDecoder() throws Exception {
    Augmenter imagenet = new Augmenter(Augmentation.IMAGENET, 224, 224, true);
    for (int seed = 0; seed < 6; seed++) {
      StoredExample stored = row(photo(341, 256, seed), 256, 341);
      assertThat(difference(stored, imagenet, seed)).isLessThanOrEqualTo(BOUND);
    }
  }

  @Test
  void reducedDecodingStaysWithinTheBound() throws Exception {
    // 1000x750 to a shorter side of 256..480: libjpeg decodes at 1/2 (or smaller) first.
    Augmenter imagenet = new Augmenter(Augmentation.IMAGENET, 224, 224, true);
    StoredExample stored = row(photo(1000, 750, 7), 750, 1000);
    assertThat(JpegSize.reduction(new Size(750, 1000), new Size(256, 341))).isEqualTo(2);
    for (int seed = 0; seed < 4; seed++) {
      assertThat(difference(stored, imagenet, seed)).isLessThanOrEqualTo(BOUND);
    }
  }

  @Test
  void evaluationAndPaddedCropsStayWithinTheBound() throws Exception {
    StoredExample stored = row(photo(341, 256, 3), 256, 341);
    assertThat(difference(stored, new Augmenter(Augmentation.NONE, 224, 224, true), 1))
        .isLessThanOrEqualTo(BOUND);
    StoredExample small = row(photo(32, 32, 4), 32, 32);
    for (int seed = 0; seed < 4; seed++) {
      assertThat(difference(small, new Augmenter(Augmentation.CIFAR, 32, 32, false), seed))
          .isLessThanOrEqualTo(BOUND);
    }
  }

  @Test
  void deliversGreyAndRawImagesAsTheJavaDecoderDoes() throws Exception {
    byte[] raw = new byte[10 * 12 * 3];
    new Random(5).nextBytes(raw);
    StoredExample row = new StoredExample("k", 0, 0, Encoding.RAW, 10, 12, 3, raw);
    Window window = new Window(new Size(10, 12), -2, 3, 8, 8, true);
    Normalisation unit = new Normalisation(new float[] {1, 1, 1}, new float[] {0.5f, 0, 0});
    float[] a = new float[3 * 64 + 5];
    float[] b = new float[3 * 64 + 5];
    opencv.deliver(row, window, 3, unit, a, 5);
    java.deliver(row, window, 3, unit, b, 5);
    assertThat(a).containsExactly(b);
    float[] greyA = new float[64];
    float[] greyB = new float[64];
    opencv.deliver(row, window, 1, unit, greyA, 0);
    java.deliver(row, window, 1, unit, greyB, 0);
    for (int i = 0; i < 64; i++) {
      assertThat(greyA[i]).isCloseTo(greyB[i], org.assertj.core.data.Offset.offset(1f));
    }
  }

  @Test
  void preparesTheSameSizeAndStatisticsAsTheJavaDecoder() throws Exception {
    byte[] source = photo(500, 375, 9);
    PreparedImage a = opencv.prepare(source, 256, Encoding.JPEG, 90);
    PreparedImage b = java.prepare(source, 256, Encoding.JPEG, 90);
    assertThat(new int[] {a.height(), a.width(), a.channels()})
        .containsExactly(256, 341, 3)
        .containsExactly(b.height(), b.width(), b.channels());
    double pixels = 256.0 * 341;
    for (int c = 0; c < 3; c++) {
      assertThat(a.sum()[c] / pixels).isCloseTo(b.sum()[c] / pixels, within(0.01));
      assertThat(a.sumOfSquares()[c] / pixels)
          .isCloseTo(b.sumOfSquares()[c] / pixels, within(0.01));
    }
    Pixels decoded = ImageCodec.decodeStored(a.image(), a.encoding(), 256, 341, 3);
    assertThat(decoded.width()).isEqualTo(341);
  }

  @Test
  void preparesGreyJpegsAsGreyAndRejectsTruncatedOnes() throws Exception {
    PreparedImage grey = opencv.prepare(TestImages.grey(40, 30, 1, "jpeg"), 0, Encoding.RAW, 90);
    assertThat(grey.channels()).isEqualTo(1);
    assertThat(grey.image()).hasSize(40 * 30);
    assertThatThrownBy(
            () -> opencv.prepare(TestImages.truncatedJpeg(64, 64, 4), 0, Encoding.JPEG, 90))
        .isInstanceOf(RejectedImageException.class)
        .hasMessageStartingWith("truncated JPEG");
    assertThatThrownBy(
            () -> opencv.prepare(new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2}, 0, Encoding.JPEG, 90))
        .isInstanceOf(RejectedImageException.class);
  }

  @Test
  void preparesCmykJpegsAsRgb() throws Exception {
    PreparedImage image = opencv.prepare(TestImages.cmykJpeg(32, 16), 0, Encoding.RAW, 90);
    Pixels pixels = new Pixels(image.image(), image.height(), image.width(), image.channels());
    assertThat(pixels.channels()).isEqualTo(3);
    // Red on the left, blue on the right, as the Java decoder reads them.
    assertThat(pixels.get(8, 4, 0)).isGreaterThan(pixels.get(8, 4, 2) + 100);
    assertThat(pixels.get(8, 28, 2)).isGreaterThan(pixels.get(8, 28, 0) + 100);
  }

  @Test
  void readsTheFrameSize() {
    assertThat(JpegSize.of(photo(50, 40, 1))).isEqualTo(new Size(40, 50));
    assertThat(JpegSize.of(new byte[] {(byte) 0xff, (byte) 0xd8, 0, 0})).isNull();
    assertThat(JpegSize.reduction(new Size(375, 500), new Size(256, 341))).isEqualTo(1);
    assertThat(JpegSize.reduction(new Size(3000, 4000), new Size(256, 341))).isEqualTo(8);
  }

  @Test
  void forcingAnUnloadableDecoderNamesTheWayOut() {
    assertThatThrownBy(() -> ImageDecoders.choose("opencv", "UnsatisfiedLinkError: no jniopencv"))
        .hasMessageContaining("-Dresnetspark.image.decoder=java");
    assertThatThrownBy(() -> ImageDecoders.choose("turbo", null))
        .hasMessage("Invalid -Dresnetspark.image.decoder: turbo (expected auto, opencv or java)");
    assertThat(ImageDecoders.choose("auto", "missing").name()).isEqualTo("java");
    assertThat(ImageDecoders.choose("auto", null).name()).isEqualTo("opencv");
  }

  static org.assertj.core.data.Offset<Double> within(double value) {
    return org.assertj.core.data.Offset.offset(value);
  }
}
