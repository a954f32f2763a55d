package org.resnetspark.data;

import java.util.Locale;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link Images} of this JVM once: OpenCV when its native libraries load, otherwise the
 * Java decoder, and says which in the log. The system property {@value #PROPERTY} ({@code opencv}
 * or {@code java}) forces one; asking for OpenCV where it cannot load is an error.
 */
public final class ImageDecoders {

  /** Forces a decoder: {@code opencv} or {@code java}; unset or {@code auto} chooses. */
  public static final String PROPERTY = "resnetspark.image.decoder";

  private static final Logger LOG = LoggerFactory.getLogger(ImageDecoders.class);

  private static volatile Images selected;

  private ImageDecoders() {}

  /**
   * The name of the decoder the reader and prepare use in this JVM: {@code opencv} or {@code java}.
   */
  public static String name() {
    return selected().name();
  }

  static Images selected() {
    Images images = selected;
    if (images == null) {
      synchronized (ImageDecoders.class) {
        if (selected == null) {
          String failure = openCvFailure();
          selected = choose(System.getProperty(PROPERTY, "auto"), failure);
          if (selected instanceof OpenCvImages) {
            LOG.info("Images are decoded and resized by OpenCV (libjpeg-turbo)");
          } else {
            LOG.info(
                "Images are decoded and resized in Java (ImageIO){}",
                failure == null ? "" : "; OpenCV did not load: " + failure);
          }
        }
        images = selected;
      }
    }
    return images;
  }

  static Images choose(String wanted, String openCvFailure) {
    switch (wanted.trim().toLowerCase(Locale.ROOT)) {
      case "auto":
      case "":
        return openCvFailure == null ? new OpenCvImages() : new JavaImages();
      case "java":
        return new JavaImages();
      case "opencv":
        if (openCvFailure != null) {
          throw new IllegalStateException(
              "-D"
                  + PROPERTY
                  + "=opencv, but OpenCV's native libraries did not load ("
                  + openCvFailure
                  + "): run on linux-x86_64 with the resnet-spark jar, or use -D"
                  + PROPERTY
                  + "=java");
        }
        return new OpenCvImages();
      default:
        throw new IllegalArgumentException(
            "Invalid -D" + PROPERTY + ": " + wanted + " (expected auto, opencv or java)");
    }
  }

  /** Null when OpenCV's codecs and image processing load, otherwise why not. */
  private static String openCvFailure() {
    try {
      Loader.load(opencv_imgcodecs.class);
      Loader.load(opencv_imgproc.class);
      // Spark already runs one task per core; OpenCV's own thread pool would oversubscribe them.
      opencv_core.setNumThreads(1);
      return null;
    } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError: no natives here
      return e.toString();
    }
  }
}
