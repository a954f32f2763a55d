package org.resnetspark.data;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_core.sumElems;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_ANYCOLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_COMPRESSION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.IOException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.resnetspark.config.Encoding;

/**
 * The native decoder: OpenCV through JavaCPP, whose JPEG codec is libjpeg-turbo. JPEGs are decoded
 * at 1/2, 1/4 or 1/8 of their size (libjpeg's DCT scaling) when the target still fits; resizing
 * shrinks with an area average and enlarges bilinearly, as {@link Pixels} does. Images stay in
 * native memory from decoding to the float planes, which leave it in one bulk copy. Colour images
 * are BGR inside OpenCV and RGB everywhere else.
 */
final class OpenCvImages implements Images {

  @Override
  public String name() {
    return "opencv";
  }

  @Override
  public void deliver(
      StoredExample row,
      Window window,
      int channels,
      Normalisation normalisation,
      float[] out,
      int offset)
      throws IOException {
    try (PointerScope scope = new PointerScope()) {
      Mat image = stored(row, channels, window.scaled());
      Mat crop = crop(scaled(image, window.scaled()), window);
      if (window.flip()) {
        Mat flipped = new Mat();
        flip(crop, flipped, 1);
        crop = flipped;
      }
      planes(crop, channels, normalisation, out, offset);
    }
  }

  /** Writes {@code crop} as normalised float planes in RGB order, with one bulk copy. */
  static void planes(Mat crop, int channels, Normalisation normalisation, float[] out, int offset) {
    int h = crop.rows();
    Mat floats = new Mat(channels * h, crop.cols(), CV_32FC1);
    Mat channel = new Mat();
    for (int c = 0; c < channels; c++) {
      // BGR to RGB; a grey image gives every channel.
      extractChannel(crop, channel, crop.channels() == 1 ? 0 : crop.channels() - 1 - c);
      channel.convertTo(
          floats.rowRange(c * h, (c + 1) * h),
          CV_32F,
          normalisation.scale()[c],
          -normalisation.shift()[c]);
    }
    new FloatPointer(floats.data()).get(out, offset, channels * h * crop.cols());
  }

  /** The stored image with {@code channels} channels, decoded as small as {@code target} allows. */
  static Mat stored(StoredExample row, int channels, Size target) throws IOException {
    Mat image;
    if (row.encoding() == Encoding.RAW) {
      image =
          new Mat(row.height(), row.width(), CV_8UC(row.channels()), new BytePointer(row.image()));
      if (row.channels() == 3) {
        Mat bgr = new Mat();
        cvtColor(image, bgr, COLOR_RGB2BGR);
        image = bgr;
      }
    } else {
      int reduction =
          row.encoding() == Encoding.JPEG
              ? JpegSize.reduction(new Size(row.height(), row.width()), target)
              : 1;
      image = decode(row.image(), (channels == 1 ? IMREAD_GRAYSCALE : IMREAD_COLOR), reduction);
      if (image.empty()) {
        throw new IOException("Stored " + row.encoding() + " image cannot be decoded");
      }
    }
    if (channels == 1 && image.channels() == 3) {
      Mat grey = new Mat();
      cvtColor(image, grey, COLOR_BGR2GRAY);
      image = grey;
    }
    return image;
  }

  /** {@code flags} is IMREAD_GRAYSCALE, IMREAD_COLOR or IMREAD_ANYCOLOR. */
  static Mat decode(byte[] bytes, int flags, int reduction) {
    // The reduced modes are the plain ones plus 8 * reduction (IMREAD_REDUCED_COLOR_2 is 17);
    // imdecode reads the bits, so IMREAD_ANYCOLOR combines with them too.
    int reduced = reduction == 1 ? flags : flags | 8 * reduction;
    // As ImageIO does, ignore the EXIF orientation: both decoders then give the same pixels.
    return imdecode(new Mat(bytes), reduced | IMREAD_IGNORE_ORIENTATION);
  }

  static Mat scaled(Mat image, Size size) {
    if (image.rows() == size.height() && image.cols() == size.width()) {
      return image;
    }
    boolean shrinking = size.height() <= image.rows() && size.width() <= image.cols();
    Mat out = new Mat();
    resize(
        image,
        out,
        new org.bytedeco.opencv.opencv_core.Size(size.width(), size.height()),
        0,
        0,
        shrinking ? INTER_AREA : INTER_LINEAR);
    return out;
  }

  /** The window's crop; parts outside the image are 0. */
  static Mat crop(Mat image, Window window) {
    int top = Math.max(0, -window.top());
    int left = Math.max(0, -window.left());
    int bottom = Math.max(0, window.top() + window.height() - image.rows());
    int right = Math.max(0, window.left() + window.width() - image.cols());
    Mat source = image;
    if (top + left + bottom + right > 0) {
      source = new Mat();
      copyMakeBorder(image, source, top, bottom, left, right, BORDER_CONSTANT, Scalar.all(0));
    }
    return new Mat(
        source,
        new Rect(window.left() + left, window.top() + top, window.width(), window.height()));
  }

  @Override
  public PreparedImage prepare(byte[] source, int shorterSide, Encoding encoding, int jpegQuality)
      throws RejectedImageException {
    Size size = ImageCodec.isJpeg(source) ? JpegSize.of(source) : null;
    if (size == null) {
      // PNG, GIF, BMP and the rest: ImageIO, whose rejections and transparency rules prepare has.
      return JavaImages.prepare(ImageCodec.decode(source), shorterSide, encoding, jpegQuality);
    }
    ImageCodec.checkComplete(source);
    try (PointerScope scope = new PointerScope()) {
      Size target =
          shorterSide > 0 ? Size.shorterSide(size.height(), size.width(), shorterSide) : size;
      Mat image = decode(source, IMREAD_ANYCOLOR, JpegSize.reduction(size, target));
      if (image.empty()) {
        // Undecodable here: ImageIO gives the reason (or reads what libjpeg would not).
        return JavaImages.prepare(ImageCodec.decode(source), shorterSide, encoding, jpegQuality);
      }
      Mat pixels = scaled(image, target);
      Encoding resolved = encoding.resolve(pixels.rows(), pixels.cols());
      double[][] sums = sums(pixels);
      return new PreparedImage(
          encode(pixels, resolved, jpegQuality),
          resolved,
          pixels.rows(),
          pixels.cols(),
          pixels.channels(),
          sums[0],
          sums[1]);
    }
  }

  static byte[] encode(Mat pixels, Encoding encoding, int quality) {
    if (encoding == Encoding.RAW) {
      Mat rgb = pixels;
      if (pixels.channels() == 3) {
        rgb = new Mat();
        cvtColor(pixels, rgb, COLOR_BGR2RGB);
      }
      byte[] raw = new byte[(int) (rgb.total() * rgb.channels())];
      rgb.data().get(raw);
      return raw;
    }
    BytePointer buffer = new BytePointer();
    boolean jpeg = encoding == Encoding.JPEG;
    IntPointer params =
        new IntPointer(jpeg ? IMWRITE_JPEG_QUALITY : IMWRITE_PNG_COMPRESSION, jpeg ? quality : 3);
    if (!imencode(jpeg ? ".jpg" : ".png", pixels, buffer, params)) {
      throw new IllegalStateException("OpenCV could not encode a " + encoding + " image");
    }
    byte[] bytes = new byte[(int) buffer.limit()];
    buffer.get(bytes);
    return bytes;
  }

  /** Sums and sums of squares per RGB channel on a 0..1 scale; grey counts in all three. */
  static double[][] sums(Mat pixels) {
    Mat floats = new Mat();
    pixels.convertTo(floats, CV_32F);
    Mat squares = new Mat();
    multiply(floats, floats, squares);
    Scalar sum = sumElems(floats);
    Scalar square = sumElems(squares);
    double[][] out = new double[2][3];
    for (int c = 0; c < 3; c++) {
      int source = pixels.channels() == 1 ? 0 : 2 - c;
      out[0][c] = sum.get(source) / 255;
      out[1][c] = square.get(source) / (255.0 * 255);
    }
    return out;
  }
}
