package io.github.hsmkeystore.bench;

import io.github.hsmkeystore.examples.Product;
import java.math.BigDecimal;
import java.time.Instant;

/** The items the table benchmarks write and read: a fixed set of ids, cycled through. */
final class Products {
    static final int COUNT = 100;
    private static final Instant CREATED = Instant.parse("2026-11-29T09:00:00Z");

    private Products() {
    }

    static String id(int i) {
        return "product-" + (i % COUNT);
    }

    /** Reads product {@code i}, which set-up wrote: a missing one means the benchmark measures nothing, so it fails. */
    static Product get(software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable<Product> table, int i) {
        Product p = table.getItem(software.amazon.awssdk.enhanced.dynamodb.Key.builder().partitionValue(id(i)).build());
        if (p == null) {
            throw new IllegalStateException("product " + id(i) + " missing");
        }
        return p;
    }

    static Product product(int i) {
        return new Product(id(i), "Laptop " + i, new BigDecimal("1299.99"), CREATED, "4111111111111111");
    }
}
