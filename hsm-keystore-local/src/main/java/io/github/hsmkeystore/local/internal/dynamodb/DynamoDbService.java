package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.AwsJsonService;
import io.github.hsmkeystore.local.internal.EmulatorClock;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.Scope;
import io.github.hsmkeystore.local.internal.kms.KmsKeyAccess;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /** The tables of one account and Region; also their lock. */
    static final class State {
        final Scope scope;
        final Map<String, Table> tables = new LinkedHashMap<>();

        State(Scope scope) {
            this.scope = scope;
        }
    }

    public DynamoDbService(EmulatorClock clock, KmsKeyAccess kms, Duration transitionDelay) {
        this.clock = clock;
        this.kms = kms;
        this.transitionDelay = transitionDelay;
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
        synchronized (state) {
            settle(state, clock.now());
            return switch (operation) {
                case "CreateTable" -> tables.create(state, r);
                case "DescribeTable" -> tables.describe(state, r);
                case "UpdateTable" -> tables.update(state, r);
                case "DeleteTable" -> tables.delete(state, r);
                case "ListTables" -> tables.list(state, r);
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
                default -> throw AwsJsonService.unknownOperation(targetPrefix() + "." + operation);
            };
        }
    }

    /** Applies due lifecycle transitions: CREATING to ACTIVE, DELETING to gone, SSE UPDATING to ENABLED. */
    private void settle(State state, Instant now) {
        for (Iterator<Table> it = state.tables.values().iterator(); it.hasNext(); ) {
            Table t = it.next();
            if (t.deletionDue != null) {
                if (!now.isBefore(t.deletionDue)) {
                    it.remove();
                }
                continue;
            }
            if (t.statusDue != null && !now.isBefore(t.statusDue)) {
                t.status = "ACTIVE";
                t.statusDue = null;
            }
            if (t.sse.updatingUntil != null && !now.isBefore(t.sse.updatingUntil)) {
                t.sse.updatingUntil = null;
            }
        }
    }

    /**
     * A table for a control-plane call (DescribeTable, UpdateTable, DeleteTable), in any status, DELETING included (it
     * stays visible until the transition delay has passed); ResourceNotFoundException when there is none.
     */
    Table table(State state, String name) {
        Table t = state.tables.get(name);
        if (t == null) {
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
        if (t == null || t.deletionDue != null || t.status.equals("CREATING")) {
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
