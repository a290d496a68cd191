package dev.pipit.spi.connector;

/** How a connection type delivers data, which decides the datafile settings that may refer to it. */
public enum ConnectorKind {
    /** A bucket of files, referred to by {@code IMPORT_CONNECTION_NAME}; opened as an {@link ObjectStore}. */
    OBJECT_STORE,
    /** A stream of records, referred to by {@code KAFKA_CONNECTION_NAME}. */
    STREAM
}
