package org.resnetspark.tables;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.spark.sql.catalyst.analysis.NamespaceAlreadyExistsException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Runs a catalog statement again, with a growing random pause, when it failed only because another
 * job was writing at the same time, so that a job never loses its finished work to a lock. Every
 * statement retried is idempotent: a MERGE on the row's key, or a CREATE ... IF NOT EXISTS.
 */
final class CommitRetry {
  static final int MAX_ATTEMPTS = 20;
  private static final Logger LOG = LoggerFactory.getLogger(CommitRetry.class);

  /** Another job committed first (Iceberg), or held the SQLite database past its busy timeout. */
  static final Predicate<Throwable> CONCURRENT_WRITE =
      e ->
          e instanceof ValidationException
              || e instanceof CommitFailedException
              || causes(e, CommitRetry::busy);

  /** As above, or another job created the same namespace or table in between. */
  static final Predicate<Throwable> CONCURRENT_CREATE =
      CONCURRENT_WRITE.or(
          e ->
              causes(
                  e,
                  c ->
                      c instanceof AlreadyExistsException
                          || c instanceof TableAlreadyExistsException
                          || c instanceof NamespaceAlreadyExistsException));

  private CommitRetry() {}

  static void run(Runnable statement, Predicate<Throwable> retryable) {
    for (int attempt = 1; ; attempt++) {
      try {
        statement.run();
        return;
      } catch (RuntimeException e) {
        if (attempt == MAX_ATTEMPTS || !retryable.test(e)) {
          throw e;
        }
        LOG.warn(
            "Another job wrote the catalog at the same time; trying again ({} of {}): {}",
            attempt + 1,
            MAX_ATTEMPTS,
            e.toString());
        sleep(attempt);
      }
    }
  }

  /** SQLITE_BUSY and its extended codes (BUSY_RECOVERY, BUSY_SNAPSHOT, BUSY_TIMEOUT). */
  private static boolean busy(Throwable e) {
    return e instanceof SQLiteException s
        && (s.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_BUSY.code;
  }

  private static boolean causes(Throwable e, Predicate<Throwable> test) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (test.test(c)) {
        return true;
      }
    }
    return false;
  }

  private static void sleep(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(50, 200) * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while retrying a table commit", e);
    }
  }
}
