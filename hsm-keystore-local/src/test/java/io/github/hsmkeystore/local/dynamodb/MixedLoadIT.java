package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DdbFixture.key;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.n;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A bounded mixed load over HTTP (docs/dynamodb-storage.md, "Locking"): a fixed number of threads for a fixed time run
 * optimistic counters (read, then a conditional write), transactions moving amounts between accounts of two tables
 * (each debit conditional on the balance), and puts and deletes of unique ids. At the end: every successful counter
 * write counted once, the sum of the balances unchanged, exactly the ids that should exist, and the heap after GC
 * within a bound of where it started.
 */
class MixedLoadIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();
    private static final int THREADS = 6;
    private static final long DURATION_MILLIS = 12_000;
    private static final int COUNTERS = 4;
    private static final int ACCOUNTS = 5;
    private static final long OPENING_BALANCE = 1000;
    private static final long MAX_HEAP_GROWTH = 96L * 1024 * 1024;

    private final Map<String, AtomicLong> counterWrites = new ConcurrentHashMap<>();
    private final Set<String> liveIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong transfers = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();

    @Test
    void mixedLoad_fixedThreadsAndDuration_noLostOrDuplicatedWriteAndBoundedHeap() throws Exception {
        DynamoDbClient ddb = local.local().dynamoDbClient();
        String counters = DdbFixture.createTable(local.local(), ddb, "load-counters");
        String accountsA = DdbFixture.createTable(local.local(), ddb, "load-a");
        String accountsB = DdbFixture.createTable(local.local(), ddb, "load-b");
        String ids = DdbFixture.createTable(local.local(), ddb, "load-ids");
        for (int c = 0; c < COUNTERS; c++) {
            String sk = "c" + c;
            ddb.putItem(r -> r.tableName(counters).item(Map.of("pk", s("counter"), "sk", s(sk), "n", n("0"))));
            counterWrites.put(sk, new AtomicLong());
        }
        for (int a = 0; a < ACCOUNTS; a++) {
            String sk = "acct" + a;
            for (String t : List.of(accountsA, accountsB)) {
                ddb.putItem(r -> r.tableName(t).item(Map.of("pk", s("acct"), "sk", s(sk), "bal", n(Long.toString(OPENING_BALANCE)))));
            }
        }
        long heapBefore = usedHeapAfterGc();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DURATION_MILLIS);
        List<Future<Integer>> workers = new ArrayList<>();
        for (int w = 0; w < THREADS; w++) {
            int worker = w;
            workers.add(pool.submit(() -> work(ddb, worker, deadline, counters, accountsA, accountsB, ids)));
        }
        int operations = 0;
        for (Future<Integer> f : workers) {
            operations += f.get(DURATION_MILLIS + 60_000, TimeUnit.MILLISECONDS);
        }
        pool.shutdown();

        assertThat(operations).isPositive();
        for (int c = 0; c < COUNTERS; c++) {
            String sk = "c" + c;
            assertThat(ddb.getItem(r -> r.tableName(counters).key(key("counter", sk)).consistentRead(true)).item().get("n").n())
                    .as("counter %s: one increment per successful conditional write", sk).isEqualTo(Long.toString(counterWrites.get(sk).get()));
        }
        long total = 0;
        for (String t : List.of(accountsA, accountsB)) {
            for (Map<String, AttributeValue> item : scanAll(ddb, t)) {
                long balance = Long.parseLong(item.get("bal").n());
                assertThat(balance).as("no balance below zero").isNotNegative();
                total += balance;
            }
        }
        assertThat(total).as("transfers keep the sum").isEqualTo(2 * ACCOUNTS * OPENING_BALANCE);
        assertThat(transfers.get()).isPositive();
        Set<String> stored = new HashSet<>();
        for (Map<String, AttributeValue> item : scanAll(ddb, ids)) {
            assertThat(stored.add(item.get("pk").s() + "/" + item.get("sk").s())).as("no duplicated id").isTrue();
        }
        assertThat(stored).as("exactly the ids put and not deleted").isEqualTo(liveIds);
        long heapAfter = usedHeapAfterGc();
        assertThat(heapAfter - heapBefore).as("heap growth after GC (%d operations, %d ids)", operations, stored.size())
                .isLessThan(MAX_HEAP_GROWTH);
    }

    private int work(DynamoDbClient ddb, int worker, long deadline, String counters, String accountsA, String accountsB, String ids) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<String> mine = new ArrayList<>();
        int seq = 0;
        int operations = 0;
        while (System.nanoTime() < deadline) {
            switch (operations % 3) {
                case 0 -> increment(ddb, counters, "c" + random.nextInt(COUNTERS));
                case 1 -> transfer(ddb, random.nextBoolean() ? accountsA : accountsB, random.nextBoolean() ? accountsA : accountsB,
                        "acct" + random.nextInt(ACCOUNTS), "acct" + random.nextInt(ACCOUNTS), 1 + random.nextInt(300));
                default -> {
                    String pk = "w" + worker;
                    String sk = String.format("%08d", seq++);
                    ddb.putItem(r -> r.tableName(ids).item(Map.of("pk", s(pk), "sk", s(sk))).conditionExpression("attribute_not_exists(pk)"));
                    liveIds.add(pk + "/" + sk);
                    mine.add(sk);
                    if (seq % 3 == 0) {
                        String gone = mine.remove(random.nextInt(mine.size()));
                        ddb.deleteItem(r -> r.tableName(ids).key(key(pk, gone)).conditionExpression("attribute_exists(pk)"));
                        liveIds.remove(pk + "/" + gone);
                    }
                }
            }
            operations++;
        }
        return operations;
    }

    private void increment(DynamoDbClient ddb, String table, String sk) {
        String current = ddb.getItem(r -> r.tableName(table).key(key("counter", sk)).consistentRead(true)).item().get("n").n();
        String next = Long.toString(Long.parseLong(current) + 1);
        try {
            ddb.updateItem(r -> r.tableName(table).key(key("counter", sk)).updateExpression("SET n = :next")
                    .conditionExpression("n = :current").expressionAttributeValues(Map.of(":next", n(next), ":current", n(current))));
            counterWrites.get(sk).incrementAndGet();
        } catch (ConditionalCheckFailedException e) {
            conflicts.incrementAndGet(); // another thread won the race: nothing written
        }
    }

    private void transfer(DynamoDbClient ddb, String fromTable, String toTable, String from, String to, long amount) {
        if (fromTable.equals(toTable) && from.equals(to)) {
            return;
        }
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":x", n(Long.toString(amount))));
        try {
            ddb.transactWriteItems(r -> r.transactItems(
                    t -> t.update(u -> u.tableName(fromTable).key(key("acct", from)).updateExpression("SET bal = bal - :x")
                            .conditionExpression("bal >= :x").expressionAttributeValues(values)),
                    t -> t.update(u -> u.tableName(toTable).key(key("acct", to)).updateExpression("SET bal = bal + :x")
                            .expressionAttributeValues(values))));
            transfers.incrementAndGet();
        } catch (TransactionCanceledException e) {
            cancelled.incrementAndGet(); // not enough on the account: nothing written
        }
    }

    private static List<Map<String, AttributeValue>> scanAll(DynamoDbClient ddb, String table) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = ddb.scan(r -> r.tableName(table).consistentRead(true).exclusiveStartKey(from));
            out.addAll(page.items());
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) { // System.gc() is a request: take the lowest of a few
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
