package org.resnetspark.config;

import java.io.Serializable;

/** An Iceberg JDBC catalog: SQLite by default, PostgreSQL where several machines write. */
public record CatalogSettings(
    String name, String uri, String user, String password, String warehouse)
    implements Serializable {}
