package io.github.hsmkeystore.local.internal.dynamodb;

import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.JsonRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * UpdateTable's {@code GlobalSecondaryIndexUpdates} (docs/dynamodb-tables.md, "Global secondary index updates"): Create
 * (the table becomes UPDATING and the index CREATING with Backfilling true for the transition delay, then both ACTIVE;
 * the index holds the existing items from the start, as the emulator derives index contents from the table), Update
 * (provisioned throughput) and Delete (the index is DELETING until the update completes and answers no reads).
 */
final class IndexUpdates {
    static final int MAX_GSIS = 20;

    private IndexUpdates() {
    }

    /** A validated list of updates; nothing is applied until {@link #apply} so a refused request changes nothing. */
    record Plan(Table.Index create, long[] createThroughput, Map<String, String> newTypes, String delete,
                Map<String, long[]> throughputUpdates) {
        boolean changesIndexes() {
            return create != null || delete != null;
        }
    }

    static Plan plan(TableOperations ops, Table t, JsonRequest r) {
        List<JsonRequest> updates = r.objectList("GlobalSecondaryIndexUpdates");
        String billing = r.string("BillingMode") != null ? r.string("BillingMode") : t.billingMode; // after this UpdateTable
        Map<String, String> definitions = new LinkedHashMap<>();
        for (JsonRequest def : r.objectList("AttributeDefinitions")) {
            definitions.put(def.requiredString("AttributeName"), TableOperations.attributeType(def));
        }
        if (updates.isEmpty()) {
            if (r.has("AttributeDefinitions")) {
                // AttributeDefinitions only describe the key attributes of an index being created
                throw AwsException.validation("One or more parameter values were invalid: AttributeDefinitions can only be specified"
                        + " together with a GlobalSecondaryIndexUpdates Create action");
            }
            return null;
        }
        List<JsonRequest> creates = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        Map<String, long[]> throughputs = new LinkedHashMap<>();
        for (JsonRequest u : updates) {
            JsonRequest create = u.nested("Create");
            JsonRequest update = u.nested("Update");
            JsonRequest delete = u.nested("Delete");
            int actions = (create == null ? 0 : 1) + (update == null ? 0 : 1) + (delete == null ? 0 : 1);
            if (actions != 1) {
                throw AwsException.validation("One or more parameter values were invalid: One and only one of Create, Update or Delete"
                        + " must be specified in each GlobalSecondaryIndexUpdate");
            }
            if (create != null) {
                TableRequestSupport.rejectUnsupported(create, "GlobalSecondaryIndexUpdates.Create", "OnDemandThroughput", "WarmThroughput");
                creates.add(create);
            } else if (delete != null) {
                deletes.add(delete.requiredString("IndexName", 3, 255));
            } else {
                TableRequestSupport.rejectUnsupported(update, "GlobalSecondaryIndexUpdates.Update", "OnDemandThroughput", "WarmThroughput");
                String name = update.requiredString("IndexName", 3, 255);
                JsonRequest pt = update.nested("ProvisionedThroughput");
                if (pt == null) {
                    throw JsonRequest.missing("ProvisionedThroughput");
                }
                throughputs.put(name, TableOperations.capacity(pt));
            }
        }
        // "You can create or delete only one global secondary index per UpdateTable operation." (API reference); the
        // LimitExceededException text is quoted from DynamoDB in taoensso/faraday#80
        if (creates.size() + deletes.size() > 1) {
            throw AwsException.client("LimitExceededException",
                    "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table");
        }
        Table.Index created = null;
        long[] createThroughput = null;
        Map<String, String> types = new LinkedHashMap<>(t.attributeTypes);
        if (!creates.isEmpty()) {
            JsonRequest c = creates.get(0);
            String name = c.requiredString("IndexName", 3, 255);
            if (t.indexes.containsKey(name) || t.settings.deletingGsis.containsKey(name)) {
                throw AwsException.validation("One or more parameter values were invalid: Attempting to create an index which already exists");
            }
            for (Map.Entry<String, String> d : definitions.entrySet()) {
                String existing = t.attributeTypes.get(d.getKey());
                if (existing != null && !existing.equals(d.getValue())) {
                    throw AwsException.validation("One or more parameter values were invalid: Attribute " + d.getKey() + " is already defined"
                            + " with type " + existing + " and cannot be redefined as " + d.getValue());
                }
                types.put(d.getKey(), d.getValue());
            }
            created = ops.index(c, types, true, new java.util.HashSet<>());
            Set<String> used = new java.util.HashSet<>(t.attributeTypes.keySet());
            used.add(created.keys().hashKey());
            if (created.keys().hasRange()) {
                used.add(created.keys().rangeKey());
            }
            if (!used.containsAll(definitions.keySet())) {
                throw AwsException.validation("One or more parameter values were invalid: Number of attributes in KeySchema does not exactly"
                        + " match number of attributes defined in AttributeDefinitions");
            }
            long globals = t.indexes.values().stream().filter(Table.Index::global).count();
            if (globals >= MAX_GSIS) {
                throw AwsException.client("LimitExceededException", "Subscriber limit exceeded: the table already has " + globals
                        + " global secondary indexes (limit " + MAX_GSIS + ")");
            }
            createThroughput = indexThroughput(billing, c.nested("ProvisionedThroughput"), name);
        } else if (!definitions.isEmpty()) {
            throw AwsException.validation("One or more parameter values were invalid: AttributeDefinitions can only be specified"
                    + " together with a GlobalSecondaryIndexUpdates Create action");
        }
        String deleted = null;
        if (!deletes.isEmpty()) {
            deleted = deletes.get(0);
            Table.Index index = t.indexes.get(deleted);
            if (index == null || !index.global()) {
                throw AwsException.client("ResourceNotFoundException", "Requested resource not found: Index: " + deleted
                        + " not found for table " + t.name);
            }
        }
        for (String name : throughputs.keySet()) {
            Table.Index index = t.indexes.get(name);
            if (index == null || !index.global()) {
                throw AwsException.client("ResourceNotFoundException", "Requested resource not found: Index: " + name
                        + " not found for table " + t.name);
            }
            if ("PAY_PER_REQUEST".equals(billing)) {
                throw AwsException.validation("One or more parameter values were invalid: ProvisionedThroughput cannot be specified"
                        + " for index " + name + " when BillingMode is PAY_PER_REQUEST");
            }
        }
        return new Plan(created, createThroughput, types, deleted, throughputs);
    }

    /** Applies a plan; an index create or delete makes the table UPDATING until {@code due}. */
    static void apply(Table t, Plan plan, Instant due) {
        if (plan.create() != null) {
            t.attributeTypes.clear();
            t.attributeTypes.putAll(plan.newTypes());
            t.indexes.put(plan.create().name(), plan.create());
            TableSettings.IndexState s = new TableSettings.IndexState(plan.createThroughput()[0], plan.createThroughput()[1]);
            s.backfilling = true;
            t.settings.gsis.put(plan.create().name(), s);
        }
        if (plan.delete() != null) {
            t.settings.deletingGsis.put(plan.delete(), t.indexes.remove(plan.delete()));
            t.dropIndexEntries(plan.delete());
            t.settings.gsis.remove(plan.delete());
        }
        plan.throughputUpdates().forEach((name, c) -> {
            TableSettings.IndexState s = t.settings.gsis.computeIfAbsent(name, n -> new TableSettings.IndexState(0, 0));
            s.readCapacity = c[0];
            s.writeCapacity = c[1];
        });
        if (plan.changesIndexes()) {
            t.status = "UPDATING";
            t.statusDue = due;
        }
    }

    /** A GSI's ProvisionedThroughput: required for a PROVISIONED table, refused for a PAY_PER_REQUEST one. */
    static long[] indexThroughput(String billingMode, JsonRequest pt, String indexName) {
        if ("PAY_PER_REQUEST".equals(billingMode)) {
            if (pt != null) {
                throw AwsException.validation("One or more parameter values were invalid: ProvisionedThroughput should not be specified"
                        + " for index: " + indexName + " when BillingMode is PAY_PER_REQUEST");
            }
            return new long[2];
        }
        if (pt == null) {
            throw AwsException.validation("One or more parameter values were invalid: ProvisionedThroughput must be specified for index: "
                    + indexName);
        }
        return TableOperations.capacity(pt);
    }
}
