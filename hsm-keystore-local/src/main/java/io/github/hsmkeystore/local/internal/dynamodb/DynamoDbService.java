package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.AwsJsonService;
import io.github.hsmkeystore.local.internal.EmulatorClock;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.Scope;
import io.github.hsmkeystore.local.internal.kms.KmsKeyAccess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.crypto.SecretKey;

/**
 * DynamoDB ({@code DynamoDB_20120810}, JSON 1.0): an in-memory engine for tables, items, expressions, queries, scans,
 * batches and transactions, with encryption at rest that really uses the emulated KMS (aws-semantics section 5).
 */
public final class DynamoDbService implements AwsJsonService {
    final EmulatorClock clock;
    final KmsKeyAccess kms;
    final Duration transitionDelay;
    private final Map<Scope, State> scopes = new ConcurrentHashMap<>();
    private final TableOperations tables = new TableOperations(this);
    private final ItemOperations items = new ItemOperations(this);
    private final QueryScan queryScan = new QueryScan(this);
    private final BatchOperations batches = new BatchOperations(this);
    private final TransactOperations transactions = new TransactOperations(this);
    private final TagOperations tags = new TagOperations(this);
    private final TimeToLiveOperations timeToLive = new TimeToLiveOperations(this);
    /** How long after its TTL an expired item is removed (docs/dynamodb-tables.md, "Time to Live"). */
    private volatile Duration ttlDeletionDelay = DEFAULT_TTL_DELETION_DELAY;
    /** DynamoDB "typically deletes expired items within two days of expiration" (UpdateTimeToLive, API reference). */
    public static final Duration DEFAULT_TTL_DELETION_DELAY = Duration.ofHours(48);

    /**
     * The tables of one account and Region. The map is concurrent; creating a table and listing them take the state's
     * monitor for a short step; everything else runs under the locks of the tables it touches (docs/dynamodb-storage.md,
     * "Locking").
     */
    static final class State {
        final Scope scope;
        final Map<String, Table> tables = new ConcurrentHashMap<>();

        State(Scope scope) {
            this.scope = scope;
        }
    }

    private volatile Consumer<String> itemReadHook = table -> { };

    public DynamoDbService(EmulatorClock clock, KmsKeyAccess kms, Duration transitionDelay) {
        this.clock = clock;
        this.kms = kms;
        this.transitionDelay = transitionDelay;
    }

    /** Sets how long after its TTL an expired item is removed on the emulator clock (default 48 hours). */
    public void ttlDeletionDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("ttlDeletionDelay must not be negative, got " + delay);
        }
        this.ttlDeletionDelay = delay;
    }

    @Override
    public String name() {
        return "dynamodb";
    }

    @Override
    public String targetPrefix() {
        return "DynamoDB_20120810";
    }

    @Override
    public String contentType() {
        return "application/x-amz-json-1.0";
    }

    /**
     * The {@code __type} DynamoDB sends: the request framework's own errors in {@code com.amazon.coral.*}, DynamoDB's
     * modelled errors in its namespace (docs/dynamodb-validation.md, "Error types").
     */
    @Override
    public String errorType(String shape) {
        return switch (shape) {
            case "ValidationException" -> "com.amazon.coral.validate#ValidationException";
            case "SerializationException", "UnknownOperationException", "InternalFailure" -> "com.amazon.coral.service#" + shape;
            default -> "com.amazonaws.dynamodb.v20120810#" + shape;
        };
    }

    /** DynamoDB's framework errors carry {@code Message}; its own errors {@code message}. */
    @Override
    public String errorMessageMember(String shape) {
        return errorType(shape).startsWith("com.amazon.coral.service#") ? "Message" : "message";
    }

    @Override
    public ObjectNode handle(Scope scope, String operation, JsonRequest r) {
        DynamoDbSupport.check(operation, r.body()); // types, then constraints, then unimplemented members: before any lock
        State state = scopes.computeIfAbsent(scope, State::new);
        return switch (operation) {
            case "CreateTable" -> tables.create(state, r); // the KMS call outside any lock, then a short step on the state
            case "ListTables" -> {
                synchronized (state) {
                    state.tables.keySet().forEach(name -> current(state, name));
                    yield tables.list(state, r);
                }
            }
            default -> withTables(state, tableNames(operation, checkArnScope(scope, r)), () -> switch (operation) {
                case "DescribeTable" -> tables.describe(state, r);
                case "UpdateTable" -> tables.update(state, r);
                case "DeleteTable" -> tables.delete(state, r);
                case "PutItem" -> items.putItem(state, r);
                case "GetItem" -> items.getItem(state, r);
                case "UpdateItem" -> items.updateItem(state, r);
                case "DeleteItem" -> items.deleteItem(state, r);
                case "Query" -> queryScan.query(state, r);
                case "Scan" -> queryScan.scan(state, r);
                case "BatchGetItem" -> batches.batchGet(state, r);
                case "BatchWriteItem" -> batches.batchWrite(state, r);
                case "TransactWriteItems" -> transactions.transactWrite(state, r);
                case "TransactGetItems" -> transactions.transactGet(state, r);
                case "TagResource" -> tags.tag(state, r);
                case "UntagResource" -> tags.untag(state, r);
                case "ListTagsOfResource" -> tags.list(state, r);
                case "UpdateTimeToLive" -> timeToLive.updateTimeToLive(state, r);
                case "DescribeTimeToLive" -> timeToLive.describeTimeToLive(state, r);
                case "UpdateContinuousBackups" -> timeToLive.updateContinuousBackups(state, r);
                case "DescribeContinuousBackups" -> timeToLive.describeContinuousBackups(state, r);
                default -> throw AwsJsonService.unknownOperation(targetPrefix() + "." + operation);
            });
        };
    }

    /**
     * Runs {@code operation} holding the locks of the named tables, taken in name order (one global order: no deadlock
     * between multi-table requests), each table settled first. Tables that do not exist are not locked; a request that
     * then looks them up finds none.
     */
    private ObjectNode withTables(State state, Set<String> names, Supplier<ObjectNode> operation) {
        List<Table> locked = new ArrayList<>(names.size());
        try {
            for (String name : names) {
                Table t = lock(state, name);
                if (t != null) {
                    locked.add(t);
                }
            }
            return operation.get();
        } finally {
            for (int i = locked.size() - 1; i >= 0; i--) {
                locked.get(i).lock.unlock();
            }
        }
    }

    /** Locks the table now registered under {@code name} and applies its due transitions; null when there is none. */
    private Table lock(State state, String name) {
        while (true) {
            Table t = current(state, name);
            if (t == null) {
                return null;
            }
            t.lock.lock();
            if (state.tables.get(name) == t) {
                settle(state, t, clock.now());
                return t;
            }
            t.lock.unlock(); // deleted or replaced meanwhile: look again
        }
    }

    /** The table registered under {@code name}, unless its deletion is complete (then it is removed): null if none. */
    Table current(State state, String name) {
        Table t = state.tables.get(name);
        if (t != null && t.deletionDue != null && !clock.now().isBefore(t.deletionDue)) {
            state.tables.remove(name, t);
            return null;
        }
        return t;
    }

    /** The tables a request names (TableName, RequestItems keys, TransactItems' TableName), sorted: the lock order. */
    /**
     * A {@code TableName} given as an ARN must be a table of this account and Region: another one is not found here
     * (the emulator keeps one account's tables per Region and does not model resource-based policies).
     */
    private static JsonRequest checkArnScope(Scope scope, JsonRequest r) {
        JsonNode name = r.body().get("TableName");
        if (name != null && name.isTextual() && name.textValue().startsWith("arn:")
                && !name.textValue().startsWith(scope.arnPrefix("dynamodb") + "table/")) {
            throw AwsException.client("ResourceNotFoundException", "Requested resource not found: Table: "
                    + name.textValue() + " not found");
        }
        return r;
    }

    static Set<String> tableNames(String operation, JsonRequest r) {
        Set<String> names = new TreeSet<>();
        JsonNode body = r.body();
        switch (operation) {
            case "BatchGetItem", "BatchWriteItem" -> {
                JsonNode requestItems = body.get("RequestItems");
                if (requestItems != null && requestItems.isObject()) {
                    requestItems.fieldNames().forEachRemaining(names::add);
                }
            }
            case "TransactWriteItems", "TransactGetItems" -> {
                JsonNode actions = body.get("TransactItems");
                if (actions != null && actions.isArray()) {
                    for (JsonNode action : actions) {
                        if (action.isObject()) {
                            action.elements().forEachRemaining(spec -> {
                                if (spec.isObject() && spec.path("TableName").isTextual()) {
                                    names.add(TableOperations.nameOf(spec.get("TableName").textValue()));
                                }
                            });
                        }
                    }
                }
            }
            case "TagResource", "UntagResource", "ListTagsOfResource" -> {
                // arn:aws:dynamodb:<region>:<account>:table/<name>: the table whose tags change
                String arn = body.path("ResourceArn").asText("");
                int slash = arn.indexOf(":table/");
                if (slash > 0) {
                    names.add(arn.substring(slash + ":table/".length()));
                }
            }
            default -> {
                if (body.path("TableName").isTextual()) {
                    names.add(TableOperations.nameOf(body.get("TableName").textValue()));
                }
            }
        }
        return names;
    }

    /**
     * Applies a table's due lifecycle transitions: CREATING / UPDATING to ACTIVE (with GSIs created or deleted by
     * UpdateTable), SSE UPDATING to ENABLED; and removes its expired items when TTL is enabled.
     */
    private void settle(State state, Table t, Instant now) {
        if (t.statusDue != null && !now.isBefore(t.statusDue)) {
            t.status = "ACTIVE";
            t.statusDue = null;
            t.settings.updateCompleted();
        }
        if (t.sse != null && t.sse.updatingUntil != null && !now.isBefore(t.sse.updatingUntil)) {
            t.sse.updatingUntil = null;
        }
        timeToLive.sweep(state, t, now, ttlDeletionDelay);
    }

    /** Test hook: {@code hook} runs with the table's name before each item a Query or Scan reads, under its lock. */
    public void onItemRead(Consumer<String> hook) {
        itemReadHook = hook == null ? table -> { } : hook;
    }

    void beforeItemRead(String table) {
        itemReadHook.accept(table);
    }

    /** How many items of a table were decrypted so far (tests: reads decrypt only what they read); -1 if no table. */
    public long itemDecryptions(Scope scope, String tableName) {
        State state = scopes.get(scope);
        Table t = state == null ? null : state.tables.get(tableName);
        if (t == null) {
            return -1;
        }
        t.lock.lock();
        try {
            return t.decryptions();
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * A table for a control-plane call (DescribeTable, UpdateTable, DeleteTable), in any status, DELETING included (it
     * stays visible until the transition delay has passed); ResourceNotFoundException when there is none.
     */
    Table table(State state, String name) {
        Table t = state.tables.get(name);
        if (t == null || !t.lock.isHeldByCurrentThread()) {
            throw AwsException.client("ResourceNotFoundException", "Requested resource not found: Table: " + name + " not found");
        }
        return t;
    }

    /**
     * A table for a data-plane call (item reads and writes, Query, Scan, batches, transactions): it must be ACTIVE.
     * A missing, CREATING or DELETING table answers {@code ResourceNotFoundException: Requested resource not found}:
     * <ul>
     *   <li>CreateTable (API reference): "You can perform read and write operations only on an ACTIVE table", and the
     *   ResourceNotFoundException shape (M-DDB): "The operation tried to access a nonexistent table or index. The resource
     *   might not be specified correctly, or its status might not be ACTIVE."</li>
     *   <li>ExtendDB/extenddb#204, verified against DynamoDB in us-east-1: PutItem / UpdateItem / GetItem on a CREATING table
     *   answer "ResourceNotFoundException: Requested resource not found" (and it classifies DELETING tables the same way);
     *   architect/dynalite#73 and #78 (maintainer: "this is what happens in the real DynamoDB").</li>
     *   <li>DeleteTable (API reference): "DynamoDB might continue to accept data read and write operations [...] on a table
     *   in the DELETING state until the table deletion is complete": "might", so refusing them at once is within the
     *   documented behaviour, and it makes a use-after-delete show up in tests rather than on AWS.</li>
     *   <li>The exact message, without the table name, is what item operations on a missing table answer (quoted in
     *   cirello-io/dynamolock#120 and alexa-skills-kit-sdk-for-nodejs#292; moto 5.2.1 says the same).</li>
     * </ul>
     */
    Table activeTable(State state, String name) {
        Table t = state.tables.get(name);
        if (t == null || !t.lock.isHeldByCurrentThread() || t.deletionDue != null || t.status.equals("CREATING")) {
            throw AwsException.client("ResourceNotFoundException", "Requested resource not found");
        }
        return t;
    }

    /** The derived status: INACCESSIBLE_ENCRYPTION_CREDENTIALS / ARCHIVED while the KMS key is unusable. */
    String status(State state, Table t, boolean probeKey) {
        if (t.deletionDue != null) {
            return "DELETING";
        }
        if (t.archived) {
            return "ARCHIVED";
        }
        if (t.sse.kmsKeyArn != null && probeKey) {
            t.sse.refresh(kms, state.scope, t.name, clock.now());
        }
        if (t.sse.inaccessibleSince != null) {
            if (t.sse.archived(clock.now())) {
                t.archived = true;
                return "ARCHIVED";
            }
            return "INACCESSIBLE_ENCRYPTION_CREDENTIALS";
        }
        return t.status;
    }

    /** The table key for an item operation; fails as DynamoDB does when the table cannot use its KMS key. */
    SecretKey tableKey(State state, Table t) {
        if (t.archived || t.sse.archived(clock.now())) {
            t.archived = true;
            throw AwsException.client("ResourceNotFoundException", "Requested resource not found: Table " + t.name
                    + " was archived because its KMS key was inaccessible for more than 7 days");
        }
        return t.sse.tableKey(kms, state.scope, t.name, clock.now());
    }
}
