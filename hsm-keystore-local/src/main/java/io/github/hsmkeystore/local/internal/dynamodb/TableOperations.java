package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.kms.KmsKeyAccess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;

/**
 * CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables, including SSE (aws-semantics 5.1-5.4), deletion
 * protection, table class and index updates (docs/dynamodb-tables.md).
 */
final class TableOperations {
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    private final DynamoDbService ddb;
    private final TableDescriptions descriptions;

    TableOperations(DynamoDbService ddb) {
        this.ddb = ddb;
        this.descriptions = new TableDescriptions(ddb);
    }

    ObjectNode create(DynamoDbService.State state, JsonRequest r) {
        String name = tableName(r);
        TableRequestSupport.check("CreateTable", r);
        Map<String, String> types = new LinkedHashMap<>();
        for (JsonRequest def : r.objectList("AttributeDefinitions")) {
            types.put(def.requiredString("AttributeName"), attributeType(def));
        }
        String tableClass = tableClass(r);
        Boolean protection = r.bool("DeletionProtectionEnabled");
        Map<String, String> tags = TagOperations.tags(r, "tags");
        Table.KeySchema keys = keySchema(r.objectList("KeySchema"), types, "");
        String billing = r.string("BillingMode") == null ? "PROVISIONED" : r.string("BillingMode");
        JsonRequest throughput = r.nested("ProvisionedThroughput");
        if (billing.equals("PROVISIONED") && throughput == null) {
            throw AwsException.validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        if (billing.equals("PAY_PER_REQUEST") && throughput != null) {
            throw AwsException.validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }
        List<Table.Index> indexes = new ArrayList<>();
        Set<String> used = new java.util.HashSet<>(keyAttributes(keys));
        Map<String, long[]> gsiThroughput = new LinkedHashMap<>();
        for (JsonRequest gsi : r.objectList("GlobalSecondaryIndexes")) {
            TableRequestSupport.rejectUnsupported(gsi, "CreateTable.GlobalSecondaryIndexes", "OnDemandThroughput", "WarmThroughput");
            Table.Index index = index(gsi, types, true, used);
            gsiThroughput.put(index.name(), IndexUpdates.indexThroughput(billing, gsi.nested("ProvisionedThroughput"), index.name()));
            indexes.add(index);
        }
        for (JsonRequest lsi : r.objectList("LocalSecondaryIndexes")) {
            Table.Index index = index(lsi, types, false, used);
            if (!keys.hasRange() || !index.keys().hashKey().equals(keys.hashKey()) || !index.keys().hasRange()) {
                throw AwsException.validation("One or more parameter values were invalid: Table KeySchema does not have a range key,"
                        + " which is required when specifying a LocalSecondaryIndex, or the index hash key differs from the table's");
            }
            indexes.add(index);
        }
        if (gsiThroughput.size() > IndexUpdates.MAX_GSIS) {
            throw AwsException.validation("One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of "
                    + IndexUpdates.MAX_GSIS);
        }
        if (indexes.size() - gsiThroughput.size() > 5) {
            throw AwsException.validation("One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of 5");
        }
        Set<String> indexNames = new java.util.HashSet<>();
        for (Table.Index i : indexes) {
            if (!indexNames.add(i.name())) {
                throw AwsException.validation("One or more parameter values were invalid: Duplicate index name: " + i.name());
            }
        }
        if (!used.containsAll(types.keySet())) {
            Set<String> extra = new java.util.TreeSet<>(types.keySet());
            extra.removeAll(used);
            throw AwsException.validation("One or more parameter values were invalid: Number of attributes in KeySchema does not exactly"
                    + " match number of attributes defined in AttributeDefinitions (unused: " + extra + ")");
        }
        checkAbsent(state, name);
        Instant now = ddb.clock.now();
        TableSse sse = sse(state, r.nested("SSESpecification"), name, now, null); // KMS: outside every lock
        Table t = new Table(name, state.scope.arnPrefix("dynamodb") + "table/" + name, now, keys, types);
        t.billingMode = billing;
        if (throughput != null) {
            long[] c = capacity(throughput);
            t.readCapacity = c[0];
            t.writeCapacity = c[1];
        }
        indexes.forEach(i -> t.indexes.put(i.name(), i));
        gsiThroughput.forEach((n, c) -> t.settings.gsis.put(n, new TableSettings.IndexState(c[0], c[1])));
        t.settings.tableClass = tableClass;
        t.settings.deletionProtection = protection != null && protection;
        t.settings.tags.putAll(tags);
        t.sse = sse;
        t.statusDue = now.plus(ddb.transitionDelay);
        t.lock.lock();
        try {
            synchronized (state) { // the only scope-level step: no other table waits longer than this
                checkAbsent(state, name);
                state.tables.put(name, t);
            }
            return Json.object().set("TableDescription", describe(state, t, false));
        } finally {
            t.lock.unlock();
        }
    }

    private void checkAbsent(DynamoDbService.State state, String name) {
        Table existing = ddb.current(state, name);
        if (existing != null) {
            // a table being created or deleted answers the "still in use" wording (terraform-aws-dynamodb-table#51,
            // Wantworthy/dynode#26 quote it from AWS); an ACTIVE one "Table already exists"
            boolean creating = existing.status.equals("CREATING") && existing.statusDue != null
                    && ddb.clock.now().isBefore(existing.statusDue); // not settled yet: settling happens under the table's lock
            throw existing.deletionDue != null || creating ? inUse(existing)
                    : AwsException.client("ResourceInUseException", "Table already exists: " + name);
        }
    }

    /**
     * The table key for SSESpecification (5.2): absent or Enabled=false is the AWS owned key; Enabled=true uses the
     * given KMS key (id, ARN, alias name or alias ARN), checked to be a usable symmetric encryption key.
     */
    private TableSse sse(DynamoDbService.State state, JsonRequest spec, String tableName, Instant now, TableSse current) {
        if (spec == null || !spec.bool("Enabled", false)) {
            if (spec != null && spec.has("KMSMasterKeyId")) {
                throw AwsException.validation("One or more parameter values were invalid: KMSMasterKeyId can only be specified when SSE is enabled");
            }
            return TableSse.awsOwned();
        }
        String type = spec.string("SSEType");
        if ("AES256".equals(type)) {
            throw AwsException.validation("One or more parameter values were invalid: SSEType AES256 is not supported");
        }
        String keyId = spec.string("KMSMasterKeyId");
        if (keyId == null) {
            keyId = "alias/aws/dynamodb";
        }
        KmsKeyAccess.KeyInfo key;
        try {
            key = keyId.equals("alias/aws/dynamodb") ? ddb.kms.awsManagedKey(state.scope, "dynamodb") : ddb.kms.describe(state.scope, keyId);
        } catch (AwsException e) {
            throw kmsValidation(e);
        }
        if (!key.keySpec().equals("SYMMETRIC_DEFAULT") || !key.keyUsage().equals("ENCRYPT_DECRYPT")) {
            throw AwsException.validation("KMS validation error: the key " + key.arn() + " is a " + key.keySpec() + "/" + key.keyUsage()
                    + " key; DynamoDB encrypts tables only with symmetric encryption keys (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT)");
        }
        if (current != null && key.arn().equals(current.kmsKeyArn)) {
            return current;
        }
        try {
            TableSse sse = TableSse.kms(ddb.kms, state.scope, key.arn(), tableName, now);
            if (!keyId.equals("alias/aws/dynamodb")) {
                sse.grantId = ddb.kms.createGrant(state.scope, key.arn(), grantee(state), GRANT_OPERATIONS,
                        TableSse.context(state.scope, tableName));
            }
            return sse;
        } catch (AwsException e) {
            throw kmsValidation(e);
        }
    }

    /**
     * What DynamoDB's grant on a customer managed key allows (aws-semantics 5.5: one grant per table, grantee and retiring
     * principal {@code dynamodb.<region>.amazonaws.com}, constrained to the table's encryption context; retired when the
     * table is deleted or switches keys).
     */
    private static final List<String> GRANT_OPERATIONS = List.of("DescribeKey", "GenerateDataKey", "Decrypt", "Encrypt",
            "ReEncryptFrom", "ReEncryptTo", "RetireGrant");

    private static String grantee(DynamoDbService.State state) {
        return "dynamodb." + state.scope.region() + ".amazonaws.com";
    }

    /** Retires DynamoDB's grant for a table's key, if it holds one (table deleted, or its key switched). */
    private void retireGrant(DynamoDbService.State state, TableSse sse) {
        if (sse.grantId != null) {
            ddb.kms.retireGrant(state.scope, sse.kmsKeyArn, sse.grantId);
            sse.grantId = null;
        }
    }

    private static AwsException kmsValidation(AwsException e) {
        return AwsException.validation("KMS validation error: com.amazonaws.services.kms.model." + e.type() + ": " + e.getMessage()
                + " (Service: AWSKMS; Status Code: " + e.status() + "; Error Code: " + e.type() + ")");
    }

    ObjectNode describe(DynamoDbService.State state, JsonRequest r) {
        Table t = ddb.table(state, tableName(r));
        return Json.object().set("Table", describe(state, t, true));
    }

    ObjectNode describe(DynamoDbService.State state, Table t, boolean probeKey) {
        return descriptions.full(state, t, probeKey);
    }

    ObjectNode update(DynamoDbService.State state, JsonRequest r) {
        Table t = ddb.table(state, tableName(r));
        TableRequestSupport.check("UpdateTable", r);
        String billing = r.string("BillingMode");
        if (billing != null && !Set.of("PROVISIONED", "PAY_PER_REQUEST").contains(billing)) {
            throw AwsException.validation("1 validation error detected: Value '" + billing
                    + "' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
        }
        JsonRequest throughput = r.nested("ProvisionedThroughput");
        JsonRequest spec = r.nested("SSESpecification");
        String tableClass = tableClass(r);
        Boolean protection = r.bool("DeletionProtectionEnabled");
        IndexUpdates.Plan plan = IndexUpdates.plan(this, t, r);
        boolean deletingBackfillingIndex = plan != null && plan.delete() != null && plan.create() == null
                && t.settings.backfilling(plan.delete()) && billing == null && throughput == null && spec == null;
        if (!deletingBackfillingIndex && (!t.status.equals("ACTIVE") || t.deletionDue != null || t.sse.updatingUntil != null)) {
            throw inUse(t);
        }
        throughput(t, billing, throughput); // validated before anything is applied
        if (billing == null && throughput == null && spec == null && tableClass == null && protection == null && plan == null) {
            // UpdateTable (API reference): "You can only perform one of the following operations at once" ... and at least one
            throw AwsException.validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates"
                    + " or SSESpecification or ReplicaUpdates is required");
        }
        if (spec != null) {
            Instant now = ddb.clock.now();
            SecretKey oldKey = ddb.tableKey(state, t);
            TableSse next = sse(state, spec, t.name, now, t.sse);
            if (next != t.sse) {
                SecretKey newKey = next.tableKey(ddb.kms, state.scope, t.name, now);
                t.reencrypt(oldKey, newKey);
                retireGrant(state, t.sse);
                t.sse = next;
                if (next.kmsKeyArn != null) {
                    next.updatingUntil = now.plus(ddb.transitionDelay);
                }
            }
        }
        long[] capacity = throughput(t, billing, throughput);
        boolean capacityChanges = billing != null && !billing.equals(t.billingMode) || capacity != null;
        if (billing != null) {
            t.billingMode = billing;
            if (billing.equals("PAY_PER_REQUEST")) {
                t.readCapacity = 0;
                t.writeCapacity = 0;
            }
        }
        if (capacity != null) {
            t.readCapacity = capacity[0];
            t.writeCapacity = capacity[1];
        }
        if (tableClass != null) {
            t.settings.tableClass = tableClass;
            t.settings.tableClassUpdated = ddb.clock.now();
        }
        if (capacityChanges || tableClass != null) {
            // UpdateTable (API reference): "while it's executing, the table status changes from ACTIVE to UPDATING. While
            // it's UPDATING, you can't issue another UpdateTable request."
            t.status = "UPDATING";
            t.statusDue = ddb.clock.now().plus(ddb.transitionDelay);
        }
        if (protection != null) {
            t.settings.deletionProtection = protection;
        }
        if (plan != null) {
            IndexUpdates.apply(t, plan, ddb.clock.now().plus(ddb.transitionDelay));
        }
        return Json.object().set("TableDescription", describe(state, t, false));
    }

    /**
     * DeleteTable (API reference): "If a table is in CREATING or UPDATING states, then DynamoDB returns a
     * ResourceInUseException [...] If table is already in the DELETING state, no error is returned." The table then shows
     * DELETING in DescribeTable and ListTables for the transition delay, and is gone after it. With deletion protection
     * DynamoDB refuses with a ValidationException (text quoted from DynamoDB in ekristen/aws-nuke#451).
     */
    ObjectNode delete(DynamoDbService.State state, JsonRequest r) {
        Table t = ddb.table(state, tableName(r));
        if (t.deletionDue == null && !t.status.equals("ACTIVE")) {
            throw inUse(t);
        }
        if (t.deletionDue == null && t.settings.deletionProtection) {
            throw AwsException.validation("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.");
        }
        if (t.deletionDue == null) {
            t.deletionDue = ddb.clock.now().plus(ddb.transitionDelay);
            retireGrant(state, t.sse);
        }
        return Json.object().set("TableDescription", descriptions.deleted(state, t));
    }

    /** {@code ResourceInUseException} as AWS words it, e.g. "Attempt to change a resource which is still in use: Table is being created: orders". */
    private static AwsException inUse(Table t) {
        String doing = t.deletionDue != null ? "deleted" : t.status.equals("CREATING") ? "created" : "updated";
        return AwsException.client("ResourceInUseException", "Attempt to change a resource which is still in use: Table is being "
                + doing + ": " + t.name);
    }

    ObjectNode list(DynamoDbService.State state, JsonRequest r) {
        Integer limit = r.integer("Limit", 1, 100);
        String start = r.string("ExclusiveStartTableName", 3, 255);
        List<String> names = state.tables.keySet().stream().sorted().toList(); // DELETING tables too, until they are gone
        List<String> page = names.stream().filter(n -> start == null || n.compareTo(start) > 0)
                .limit(limit == null ? 100 : limit).toList();
        ObjectNode out = Json.object();
        out.set("TableNames", Json.array(page));
        if (!page.isEmpty() && names.indexOf(page.get(page.size() - 1)) < names.size() - 1) {
            out.put("LastEvaluatedTableName", page.get(page.size() - 1));
        }
        return out;
    }

    Table.Index index(JsonRequest r, Map<String, String> types, boolean global, Set<String> used) {
        String name = r.requiredString("IndexName", 3, 255);
        Table.KeySchema keys = keySchema(r.objectList("KeySchema"), types, "index ");
        used.addAll(keyAttributes(keys));
        JsonRequest projection = r.nested("Projection");
        String type = projection == null || projection.string("ProjectionType") == null ? "ALL" : projection.string("ProjectionType");
        List<String> nonKey = projection == null ? List.of() : projection.stringList("NonKeyAttributes");
        if (!Set.of("ALL", "KEYS_ONLY", "INCLUDE").contains(type)) {
            throw AwsException.validation("Unknown ProjectionType: " + type);
        }
        return new Table.Index(name, global, keys, type, nonKey);
    }

    private static List<String> keyAttributes(Table.KeySchema k) {
        return k.hasRange() ? List.of(k.hashKey(), k.rangeKey()) : List.of(k.hashKey());
    }

    private static Table.KeySchema keySchema(List<JsonRequest> elements, Map<String, String> types, String where) {
        String hash = null;
        String range = null;
        for (JsonRequest e : elements) {
            String attr = e.requiredString("AttributeName");
            String keyType = e.requiredString("KeyType");
            if (!types.containsKey(attr)) {
                throw AwsException.validation("One or more parameter values were invalid: Some " + where
                        + "key attributes are not defined in AttributeDefinitions. Keys: [" + attr + "], AttributeDefinitions: " + types.keySet());
            }
            if (keyType.equals("HASH") && hash == null) {
                hash = attr;
            } else if (keyType.equals("RANGE") && range == null) {
                range = attr;
            } else {
                throw AwsException.validation("Invalid KeySchema: " + where + "needs one HASH and at most one RANGE key");
            }
        }
        if (hash == null) {
            throw AwsException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        return new Table.KeySchema(hash, types.get(hash), range, range == null ? null : types.get(range));
    }

    /**
     * The table throughput an UpdateTable asks for, or null: refused on a PAY_PER_REQUEST table, required when switching
     * to PROVISIONED, and refused when equal to the current one (text quoted from DynamoDB in cortexproject/cortex#441).
     */
    private static long[] throughput(Table t, String billing, JsonRequest throughput) {
        String mode = billing == null ? t.billingMode : billing;
        if (mode.equals("PAY_PER_REQUEST")) {
            if (throughput != null) {
                throw AwsException.validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be"
                        + " specified when BillingMode is PAY_PER_REQUEST");
            }
            return null;
        }
        if (throughput == null) {
            if (!t.billingMode.equals("PROVISIONED")) {
                throw AwsException.validation("One or more parameter values were invalid: ProvisionedThroughput must be specified when"
                        + " BillingMode is PROVISIONED");
            }
            return null;
        }
        long[] c = capacity(throughput);
        if (t.billingMode.equals("PROVISIONED") && c[0] == t.readCapacity && c[1] == t.writeCapacity) {
            throw AwsException.validation("The provisioned throughput for the table will not change. The requested value equals the current value."
                    + " Current ReadCapacityUnits provisioned for the table: " + t.readCapacity + ". Requested ReadCapacityUnits: " + c[0] + "."
                    + " Current WriteCapacityUnits provisioned for the table: " + t.writeCapacity + ". Requested WriteCapacityUnits: " + c[1] + "."
                    + " Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.");
        }
        return c;
    }

    static String attributeType(JsonRequest def) {
        String type = def.requiredString("AttributeType");
        if (!Set.of("S", "N", "B").contains(type)) {
            throw AwsException.validation("1 validation error detected: Value '" + type
                    + "' at 'attributeDefinitions.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]");
        }
        return type;
    }

    /** ReadCapacityUnits and WriteCapacityUnits of a ProvisionedThroughput: both required, each at least 1. */
    static long[] capacity(JsonRequest pt) {
        Long read = pt.longValue("ReadCapacityUnits");
        Long write = pt.longValue("WriteCapacityUnits");
        if (read == null) {
            throw JsonRequest.missing("ProvisionedThroughput.ReadCapacityUnits");
        }
        if (write == null) {
            throw JsonRequest.missing("ProvisionedThroughput.WriteCapacityUnits");
        }
        if (read < 1 || write < 1) {
            throw AwsException.validation("1 validation error detected: Value '" + Math.min(read, write) + "' at 'provisionedThroughput."
                    + (read < 1 ? "readCapacityUnits" : "writeCapacityUnits") + "' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
        return new long[] {read, write};
    }

    /** TableClass of CreateTable / UpdateTable: STANDARD or STANDARD_INFREQUENT_ACCESS; null when absent. */
    private static String tableClass(JsonRequest r) {
        String c = r.string("TableClass");
        if (c != null && !Set.of("STANDARD", "STANDARD_INFREQUENT_ACCESS").contains(c)) {
            throw AwsException.validation("1 validation error detected: Value '" + c
                    + "' at 'tableClass' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, STANDARD_INFREQUENT_ACCESS]");
        }
        return c;
    }

    static String tableName(JsonRequest r) {
        String name = nameOf(r.requiredString("TableName"));
        if (!TABLE_NAME.matcher(name).matches()) {
            throw AwsException.validation("1 validation error detected: Value '" + name
                    + "' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
                    + " and have length between 3 and 255");
        }
        return name;
    }

    /**
     * The table a {@code TableName} member names: DynamoDB accepts the table's name or its ARN
     * ({@code arn:aws:dynamodb:<region>:<account>:table/<name>}; TableName in the API reference). An ARN of another
     * account or Region is refused by {@link DynamoDbService} before this is reached.
     */
    static String nameOf(String nameOrArn) {
        int table = nameOrArn.startsWith("arn:") ? nameOrArn.indexOf(":table/") : -1;
        return table < 0 ? nameOrArn : nameOrArn.substring(table + ":table/".length());
    }
}
