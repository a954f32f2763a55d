package org.resnetspark.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.resnetspark.config.Encoding;

/**
 * Image files to {@link Pixels} and back. Decoding goes by content, not by file name (ImageNet has
 * a PNG named {@code .JPEG}); CMYK JPEGs are read through the TwelveMonkeys plugin. A premature end
 * of the data rejects the file rather than keeping grey rows; other decoder warnings (no ICC
 * profile, extraneous bytes before a marker) keep it, as libjpeg does.
 */
public final class ImageCodec {
  static {
    ImageIO.setUseCache(false);
    ImageIO.scanForPlugins();
  }

  private ImageCodec() {}

  /** Decodes a source file into 1 (grey) or 3 (RGB) channels. */
  static Pixels decode(byte[] bytes) throws RejectedImageException {
    if (bytes.length == 0) {
      throw new RejectedImageException("empty file");
    }
    if (isJpeg(bytes) && !endsWithJpegEnd(bytes)) {
      throw new RejectedImageException("truncated JPEG (no end-of-image marker)");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new RejectedImageException("not an image: no decoder recognises the content");
      }
      ImageReader reader = readers.next();
      List<String> warnings = new ArrayList<>();
      try {
        reader.setInput(in, true, true);
        reader.addIIOReadWarningListener(
            (source, warning) -> {
              if (warning.contains("Premature end")) {
                warnings.add(warning);
              }
            });
        BufferedImage image = reader.read(0);
        if (!warnings.isEmpty()) {
          throw new RejectedImageException(
              "corrupt " + reader.getFormatName() + ": " + warnings.get(0));
        }
        return toPixels(image);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw new RejectedImageException("undecodable: " + e);
    }
  }

  static boolean isJpeg(byte[] bytes) {
    return bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8;
  }

  /** A complete JPEG has an end-of-image marker near its end (some writers pad after it). */
  private static boolean endsWithJpegEnd(byte[] bytes) {
    int from = Math.max(2, bytes.length - 4096);
    for (int i = bytes.length - 2; i >= from; i--) {
      if ((bytes[i] & 0xff) == 0xff && (bytes[i + 1] & 0xff) == 0xd9) {
        return true;
      }
    }
    return false;
  }

  static Pixels toPixels(BufferedImage image) {
    int h = image.getHeight();
    int w = image.getWidth();
    boolean grey =
        image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
            && !(image.getColorModel() instanceof IndexColorModel);
    if (grey) {
      BufferedImage target = image;
      if (image.getType() != BufferedImage.TYPE_BYTE_GRAY) {
        target = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        draw(image, target);
      }
      byte[] data = ((DataBufferByte) target.getRaster().getDataBuffer()).getData();
      return new Pixels(data.clone(), h, w, 1);
    }
    BufferedImage target = image;
    if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
      target = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
      draw(image, target);
    }
    byte[] bgr = ((DataBufferByte) target.getRaster().getDataBuffer()).getData();
    byte[] rgb = new byte[bgr.length];
    for (int i = 0; i < bgr.length; i += 3) {
      rgb[i] = bgr[i + 2];
      rgb[i + 1] = bgr[i + 1];
      rgb[i + 2] = bgr[i];
    }
    return new Pixels(rgb, h, w, 3);
  }

  private static void draw(BufferedImage source, BufferedImage target) {
    Graphics2D g = target.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, target.getWidth(), target.getHeight());
      g.drawImage(source, 0, 0, null);
    } finally {
      g.dispose();
    }
  }

  static BufferedImage toImage(Pixels pixels) {
    int h = pixels.height();
    int w = pixels.width();
    if (pixels.channels() == 1) {
      BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
      byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      System.arraycopy(pixels.data(), 0, data, 0, data.length);
      return image;
    }
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    byte[] rgb = pixels.data();
    for (int i = 0; i < bgr.length; i += 3) {
      bgr[i] = rgb[i + 2];
      bgr[i + 1] = rgb[i + 1];
      bgr[i + 2] = rgb[i];
    }
    return image;
  }

  /** Encodes for a shard; {@code encoding} is JPEG, PNG or RAW. */
  public static byte[] encode(Pixels pixels, Encoding encoding, int jpegQuality) {
    return switch (encoding) {
      case RAW -> pixels.data();
      case PNG -> png(pixels);
      case JPEG -> jpeg(pixels, jpegQuality);
      case AUTO -> throw new IllegalArgumentException("Resolve AUTO to an encoding first");
    };
  }

  /** Decodes a stored shard image. */
  static Pixels decodeStored(byte[] bytes, Encoding encoding, int height, int width, int channels)
      throws IOException {
    if (encoding == Encoding.RAW) {
      return new Pixels(bytes, height, width, channels);
    }
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    if (image == null) {
      throw new IOException("Stored " + encoding + " image cannot be decoded");
    }
    return toPixels(image).withChannels(channels);
  }

  private static byte[] png(Pixels pixels) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(toImage(pixels), "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] jpeg(Pixels pixels, int quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
        writer.setOutput(stream);
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality / 100f);
        writer.write(null, new IIOImage(toImage(pixels), null, null), param);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }
}
