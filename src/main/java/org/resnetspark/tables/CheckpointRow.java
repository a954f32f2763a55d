package org.resnetspark.tables;

import java.sql.Timestamp;
import java.util.Optional;
import org.resnetspark.checkpoint.Checkpoint;

/** A row of {@code checkpoints}: one written checkpoint of a run. */
public record CheckpointRow(
    String runId,
    int epoch,
    long globalStep,
    String path,
    String checksum,
    long sizeBytes,
    boolean isBest,
    Timestamp createdAt,
    String kind)
    implements TableRow {

  /**
   * The checkpoint as written, marked best when it is the run's {@code best}; {@code kind} is
   * {@code epoch} or {@code round} (NULL in rows written before the column existed).
   */
  public static CheckpointRow of(Checkpoint written, Optional<Checkpoint> best, Timestamp at) {
    return new CheckpointRow(
        written.state().runId(),
        written.state().epoch(),
        written.state().globalStep(),
        written.path(),
        written.state().modelSha256(),
        written.state().modelBytes(),
        best.map(b -> b.path().equals(written.path())).orElse(false),
        at,
        written.state().kind().configName());
  }

  @Override
  public TableSchema table() {
    return TableSchema.CHECKPOINTS;
  }
}
