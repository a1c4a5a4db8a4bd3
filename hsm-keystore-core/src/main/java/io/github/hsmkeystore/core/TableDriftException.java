package io.github.hsmkeystore.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An existing table differs from its {@link TableDefinition} (a missing index, TTL off, another key schema...):
 * hsm-keystore never changes an existing table's structure, so it reports every difference with its fix.
 */
public class TableDriftException extends HsmKeyStoreException {
    private static final long serialVersionUID = 1L;
    /** The table concerned. */
    private final String tableName;
    private final transient List<TableDrift> drifts;

    /**
     * Creates the exception.
     *
     * @param tableName the table
     * @param drifts the differences, at least one
     */
    public TableDriftException(String tableName, List<TableDrift> drifts) {
        super("Table " + tableName + " differs from its definition in " + drifts.size() + " way(s): "
                + drifts.stream().map(TableDrift::toString).collect(Collectors.joining("; ")), null);
        this.tableName = tableName;
        this.drifts = List.copyOf(drifts);
    }

    /**
     * The table that differs.
     *
     * @return the table name
     */
    public String tableName() {
        return tableName;
    }

    /**
     * Every difference, with its fix.
     *
     * @return the differences
     */
    public List<TableDrift> drifts() {
        return drifts;
    }
}
