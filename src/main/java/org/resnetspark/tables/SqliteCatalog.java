package org.resnetspark.tables;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.Map;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetProvider;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.jdbc.JdbcClientPool;
import org.apache.iceberg.jdbc.UncheckedSQLException;

/**
 * Iceberg's JDBC catalog on a SQLite file that several processes write. Iceberg (1.6.1) never
 * closes the result sets of its start-up checks ({@code DatabaseMetaData.getTables} and {@code
 * getColumns} in {@code JdbcCatalog.initialize}), and an open SQLite statement keeps its
 * connection's read transaction open. That pooled connection then sees the database as it was: once
 * another process has written, every commit on it fails with SQLITE_BUSY_SNAPSHOT however long it
 * waits (in rollback-journal mode it blocks every other writer instead). Here the catalog's
 * connections hand out metadata result sets read in full and already closed.
 */
public final class SqliteCatalog extends JdbcCatalog {
  private static final int STARTS = 5;

  public SqliteCatalog() {
    super(null, Pool::new, true);
  }

  /**
   * Iceberg's start-up creates or upgrades the catalog's own tables after checking that they are
   * missing, so processes that open a new catalog file at the same moment race: the loser fails
   * with "duplicate column name" or "already exists" for what the winner has just made. Once made,
   * it is there for everyone: start again, up to a few times.
   */
  @Override
  public void initialize(String name, Map<String, String> properties) {
    for (int attempt = 1; ; attempt++) {
      try {
        super.initialize(name, properties);
        return;
      } catch (UncheckedSQLException e) {
        if (attempt == STARTS || !lostCreationRace(e)) {
          throw e;
        }
      }
    }
  }

  static boolean lostCreationRace(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("duplicate column name") || message.contains("already exists")) {
        return true;
      }
    }
    return false;
  }

  static final class Pool extends JdbcClientPool {
    Pool(Map<String, String> properties) {
      super(properties.get(CatalogProperties.URI), properties);
    }

    @Override
    protected Connection newClient() {
      return closingMetadata(super.newClient());
    }
  }

  static Connection closingMetadata(Connection connection) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          Object result = call(connection, method, args);
          return result instanceof DatabaseMetaData meta ? materialising(meta) : result;
        };
    return (Connection)
        Proxy.newProxyInstance(
            SqliteCatalog.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  private static DatabaseMetaData materialising(DatabaseMetaData meta) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          Object result = call(meta, method, args);
          if (result instanceof ResultSet open) {
            try (open) {
              CachedRowSet read = RowSetProvider.newFactory().createCachedRowSet();
              read.populate(open);
              return read;
            }
          }
          return result;
        };
    return (DatabaseMetaData)
        Proxy.newProxyInstance(
            SqliteCatalog.class.getClassLoader(), new Class<?>[] {DatabaseMetaData.class}, handler);
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
