package io.github.hsmkeystore.local.internal.dynamodb;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A table's control-plane settings beside its key schema and items (docs/dynamodb-tables.md): deletion protection,
 * table class, tags, Time to Live, point-in-time recovery, and the state of its global secondary indexes (throughput,
 * backfilling, indexes being deleted). Guarded by the scope's lock, as {@link Table} is.
 */
final class TableSettings {
    boolean deletionProtection;
    /** The table class as last set by CreateTable or UpdateTable; null when never given (STANDARD, no TableClassSummary). */
    String tableClass;
    Instant tableClassUpdated;
    final Map<String, String> tags = new LinkedHashMap<>();
    /** Time to Live: the attribute (kept after disabling, as DescribeTimeToLive shows it), whether enabled, and since when. */
    String ttlAttribute;
    boolean ttlEnabled;
    Instant ttlChanged;
    /** The emulator-clock instant of the next sweep of expired items. */
    Instant nextTtlSweep;
    boolean pointInTimeRecovery;
    Integer recoveryPeriodDays;
    Instant pointInTimeRecoverySince;
    /** Per GSI: its provisioned throughput and whether it is still backfilling (created by UpdateTable). */
    final Map<String, IndexState> gsis = new HashMap<>();
    /** GSIs deleted by UpdateTable: shown DELETING until the table's update completes. */
    final Map<String, Table.Index> deletingGsis = new LinkedHashMap<>();

    /** Throughput and creation phase of one global secondary index. */
    static final class IndexState {
        long readCapacity;
        long writeCapacity;
        /** True from an UpdateTable Create until the table's update completes; the index then answers no reads. */
        boolean backfilling;

        IndexState(long readCapacity, long writeCapacity) {
            this.readCapacity = readCapacity;
            this.writeCapacity = writeCapacity;
        }
    }

    /** The table's UPDATING phase ended: created indexes are ACTIVE, deleted ones are gone. */
    void updateCompleted() {
        gsis.values().forEach(s -> s.backfilling = false);
        deletingGsis.clear();
    }

    boolean backfilling(String indexName) {
        IndexState s = gsis.get(indexName);
        return s != null && s.backfilling;
    }
}
