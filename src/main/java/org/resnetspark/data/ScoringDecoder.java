package org.resnetspark.data;

import java.io.IOException;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.resnetspark.config.Augmentation;

/**
 * On an executor: turns a source image into the input a model expects, by the same steps its
 * validation data took: prepare's decoding, resizing and encoding (the {@link Scoring}'s), then the
 * reader's centre crop and normalisation. So a lossless source image gives the model exactly the
 * floats its shard row would. A file that reads but does not decode is a rejection with a reason; a
 * read that keeps failing fails the task, as in prepare. An IDX entry's grey pixels go through
 * prepare's IDX steps instead of decoding; its checksum is that of those raw pixel bytes. Close the
 * decoder after a partition: it keeps the last IDX file open, so entries in index order read it
 * once.
 */
public final class ScoringDecoder implements Serializable, AutoCloseable {
  private final Scoring scoring;
  private final Augmenter augmenter;
  private final Normalisation normalisation;
  private transient IdxReader idx;

  public ScoringDecoder(Scoring scoring) {
    this.scoring = scoring;
    this.augmenter =
        new Augmenter(
            Augmentation.NONE, scoring.height(), scoring.width(), scoring.resizeShorterSide() > 0);
    this.normalisation = Normalisation.of(scoring.mean(), scoring.std());
  }

  /** What one image is: its content's checksum, and why it was rejected (null when it was not). */
  public record Decoded(String sha256, String rejectReason) {
    public boolean ok() {
      return rejectReason == null;
    }
  }

  /** Floats per image: {@code channels x height x width}. */
  public int imageSize() {
    return scoring.channels() * scoring.height() * scoring.width();
  }

  /** Reads and preprocesses {@code item}, writing its {@link #imageSize()} floats at offset. */
  public Decoded decode(SourceItem item, float[] out, int offset) throws IOException {
    if (item.isIdx()) {
      return decodeIdx(item, out, offset);
    }
    byte[] bytes =
        RetryingRead.read(item.path(), () -> ExampleDecoder.read(item, HadoopConf.current()));
    if (bytes == null) {
      return new Decoded(
          null,
          "too large: "
              + item.sizeBytes()
              + " bytes (limit "
              + ExampleDecoder.MAX_FILE_BYTES
              + ")");
    }
    String sha256 = sha256(bytes);
    Images images = ImageDecoders.selected();
    try {
      PreparedImage prepared =
          images.prepare(
              bytes, scoring.resizeShorterSide(), scoring.encoding(), scoring.jpegQuality());
      deliver(item, prepared, out, offset);
      return new Decoded(sha256, null);
    } catch (RejectedImageException e) {
      return new Decoded(sha256, e.getMessage());
    }
  }

  /** An IDX entry: its pixels prepared as prepare prepares IDX entries, then delivered. */
  private Decoded decodeIdx(SourceItem item, float[] out, int offset) throws IOException {
    if (idx == null) {
      idx = new IdxReader();
    }
    Pixels pixels = idx.read(item, HadoopConf.current());
    PreparedImage prepared =
        JavaImages.prepare(
            pixels, scoring.resizeShorterSide(), scoring.encoding(), scoring.jpegQuality());
    deliver(item, prepared, out, offset);
    return new Decoded(sha256(pixels.data()), null);
  }

  /** The reader's evaluation steps on a prepared image: centre crop and normalisation. */
  private void deliver(SourceItem item, PreparedImage prepared, float[] out, int offset)
      throws IOException {
    StoredExample row =
        new StoredExample(
            item.key(),
            0,
            0,
            prepared.encoding(),
            prepared.height(),
            prepared.width(),
            prepared.channels(),
            prepared.image());
    // Evaluation's window draws nothing from its random source.
    Window window = augmenter.window(new Size(row.height(), row.width()), null);
    ImageDecoders.selected().deliver(row, window, scoring.channels(), normalisation, out, offset);
  }

  @Override
  public void close() throws IOException {
    if (idx != null) {
      idx.close();
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
