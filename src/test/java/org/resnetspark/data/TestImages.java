package org.resnetspark.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Generated test images: coloured shapes on noise, in the formats a source may hold. */
final class TestImages {
  private TestImages() {}

  static BufferedImage picture(int width, int height, long seed, int type) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, type);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
    g.fillRect(0, 0, width, height);
    g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    return image;
  }

  static byte[] encode(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("No writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] rgb(int width, int height, long seed, String format) {
    return encode(picture(width, height, seed, BufferedImage.TYPE_3BYTE_BGR), format);
  }

  static byte[] grey(int width, int height, long seed, String format) {
    return encode(picture(width, height, seed, BufferedImage.TYPE_BYTE_GRAY), format);
  }

  /** A JPEG cut in the middle of its scan data. */
  static byte[] truncatedJpeg(int width, int height, long seed) {
    byte[] full = rgb(width, height, seed, "jpeg");
    byte[] cut = new byte[full.length * 2 / 3];
    System.arraycopy(full, 0, cut, 0, cut.length);
    return cut;
  }

  /**
   * A CMYK JPEG (Adobe APP14 marker, four components), as some ImageNet files are; written with the
   * JDK's raster writer since ImageIO cannot write CMYK images directly.
   */
  static byte[] cmykJpeg(int width, int height) {
    try {
      // The JDK's own writer writes a Raster with 4 bands as a four-component JPEG.
      javax.imageio.ImageWriter writer = null;
      for (var it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
        var candidate = it.next();
        if (candidate.getClass().getName().startsWith("com.sun.imageio")) {
          writer = candidate;
        }
      }
      BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      Graphics2D g2 = rgb.createGraphics();
      g2.setColor(Color.RED);
      g2.fillRect(0, 0, width / 2, height);
      g2.setColor(Color.BLUE);
      g2.fillRect(width / 2, 0, width - width / 2, height);
      g2.dispose();
      var raster =
          java.awt.image.Raster.createInterleavedRaster(
              java.awt.image.DataBuffer.TYPE_BYTE, width, height, 4, null);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int p = rgb.getRGB(x, y);
          int r = (p >> 16) & 0xff;
          int g = (p >> 8) & 0xff;
          int b = p & 0xff;
          int k = 255 - Math.max(r, Math.max(g, b));
          // Adobe CMYK JPEGs store inverted values.
          raster.setSample(x, y, 0, 255 - (255 - r - k));
          raster.setSample(x, y, 1, 255 - (255 - g - k));
          raster.setSample(x, y, 2, 255 - (255 - b - k));
          raster.setSample(x, y, 3, 255 - k);
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (var stream = ImageIO.createImageOutputStream(out)) {
        writer.setOutput(stream);
        writer.write(new javax.imageio.IIOImage(raster, null, null));
      }
      writer.dispose();
      byte[] plain = out.toByteArray();
      byte[] adobe = {
        (byte) 0xff, (byte) 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0
      };
      byte[] marked = new byte[plain.length + adobe.length];
      System.arraycopy(plain, 0, marked, 0, 2);
      System.arraycopy(adobe, 0, marked, 2, adobe.length);
      System.arraycopy(plain, 2, marked, 2 + adobe.length, plain.length - 2);
      return marked;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
